//! `<time.h>`: calendar time, time zones, formatting.
//!
//! darwin's `struct tm` is glibc's (nine `int`s, `long tm_gmtoff`,
//! `char *tm_zone`; pinned below), `time_t` and `clock_t` are 64-bit on
//! both and `CLOCKS_PER_SEC` is 1000000 on both, so glibc's functions are
//! exported as is and read the same zoneinfo files for `TZ`. The variables
//! `tzname`, `timezone` (a `long` on x86_64: UNIX03 has no suffix there)
//! and `daylight` are glibc's, which its `tzset` updates. Ours: `strftime`
//! for darwin's conversions glibc lacks, the `_l` variants (a darwin
//! `locale_t` means nothing to glibc; the C locale is the only one), and
//! `gmtime` whose zone is "UTC" on macOS but "GMT" on glibc.

use libc::{c_char, c_int, c_long, c_void, size_t, time_t, tm};

extern "C" {
    fn tzset();
    fn asctime(tm: *const tm) -> *mut c_char;
    fn ctime(t: *const time_t) -> *mut c_char;
    fn clock() -> libc::clock_t;
    fn getdate(s: *const c_char) -> *mut tm;
    fn timelocal(tm: *mut tm) -> time_t;
    fn timespec_get(ts: *mut libc::timespec, base: c_int) -> c_int;
    fn wcsftime(
        s: *mut libc::wchar_t,
        max: size_t,
        fmt: *const libc::wchar_t,
        tm: *const tm,
    ) -> size_t;
    static mut tzname: [*mut c_char; 2];
    static mut timezone: c_long;
    static mut daylight: c_int;
    static mut getdate_err: c_int;
}

// The macOS x86_64 `struct tm` (size and offsets measured with the SDK).
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<tm>() == 56);
    assert!(offset_of!(tm, tm_isdst) == 32);
    assert!(offset_of!(tm, tm_gmtoff) == 40);
    assert!(offset_of!(tm, tm_zone) == 48);
    assert!(size_of::<time_t>() == 8 && size_of::<libc::clock_t>() == 8);
};

/// `%+` (macOS strftime(3)): date(1)'s format.
const DATE_FMT: &[u8] = b"%a %b %e %H:%M:%S %Z %Y";
/// `%v` (macOS strftime(3)): `%e-%b-%Y`.
const V_FMT: &[u8] = b"%e-%b-%Y";

/// Rewrites darwin-only conversions into formats glibc knows; `None` when
/// the format needs nothing.
fn darwin_format(fmt: &[u8]) -> Option<Vec<u8>> {
    if !fmt
        .windows(2)
        .any(|w| w[0] == b'%' && matches!(w[1], b'+' | b'v'))
    {
        return None;
    }
    let mut out = Vec::with_capacity(fmt.len() + 32);
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] == b'%' && i + 1 < fmt.len() {
            match fmt[i + 1] {
                b'+' => out.extend_from_slice(DATE_FMT),
                b'v' => out.extend_from_slice(V_FMT),
                other => out.extend_from_slice(&[b'%', other]),
            }
            i += 2;
        } else {
            out.push(fmt[i]);
            i += 1;
        }
    }
    out.push(0);
    Some(out)
}

/// darwin `strftime`: glibc's, plus `%+` and `%v`, and `%Z` falling back to
/// `tzname[tm_isdst]` when `tm_zone` is NULL (as FreeBSD's strftime does;
/// glibc prints nothing).
///
/// # Safety
/// As C `strftime`: `buf` holds `max` bytes, `fmt` is a C string, `t` is a
/// `struct tm`.
pub unsafe extern "C" fn strftime(
    buf: *mut c_char,
    max: size_t,
    fmt: *const c_char,
    t: *const tm,
) -> size_t {
    // SAFETY: the caller passes a C string and a `struct tm`.
    let (fmt_bytes, mut copy) = unsafe { (core::ffi::CStr::from_ptr(fmt).to_bytes(), *t) };
    if copy.tm_zone.is_null() && copy.tm_isdst >= 0 {
        tzset_once();
        // SAFETY: glibc's `tzname` array, set by tzset.
        copy.tm_zone = unsafe { (*core::ptr::addr_of!(tzname))[(copy.tm_isdst != 0) as usize] };
    }
    let rewritten = darwin_format(fmt_bytes);
    let fmt = rewritten.as_ref().map_or(fmt, |v| v.as_ptr().cast());
    // SAFETY: `fmt` is a C string (the caller's or our rewrite); the buffer
    // is the caller's.
    unsafe { libc::strftime(buf, max, fmt, &copy) }
}

/// `tzname` is only meaningful after `tzset`; localtime does it, strftime
/// does not.
fn tzset_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: glibc's tzset is thread-safe.
    ONCE.call_once(|| unsafe { tzset() });
}

/// # Safety
/// As [`strftime`].
unsafe extern "C" fn strftime_l(
    buf: *mut c_char,
    max: size_t,
    fmt: *const c_char,
    t: *const tm,
    _loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { strftime(buf, max, fmt, t) }
}

/// # Safety
/// As C `strptime`.
unsafe extern "C" fn strptime_l(
    s: *const c_char,
    fmt: *const c_char,
    t: *mut tm,
    _loc: *mut c_void,
) -> *mut c_char {
    // SAFETY: forwarded.
    unsafe { libc::strptime(s, fmt, t) }
}

/// # Safety
/// As C `wcsftime`.
unsafe extern "C" fn wcsftime_l(
    s: *mut libc::wchar_t,
    max: size_t,
    fmt: *const libc::wchar_t,
    t: *const tm,
    _loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcsftime(s, max, fmt, t) }
}

/// macOS' gmtime names its zone "UTC" (Libc `stdtime/FreeBSD/localtime.c`
/// loads the "UTC" zone); glibc's says "GMT".
static UTC: &core::ffi::CStr = c"UTC";

/// # Safety
/// As C `gmtime_r`.
unsafe extern "C" fn gmtime_r(t: *const time_t, out: *mut tm) -> *mut tm {
    // SAFETY: the caller passes a time and a `struct tm`.
    unsafe {
        let r = libc::gmtime_r(t, out);
        if !r.is_null() {
            (*r).tm_zone = UTC.as_ptr();
        }
        r
    }
}

/// # Safety
/// As C `gmtime`.
unsafe extern "C" fn gmtime(t: *const time_t) -> *mut tm {
    // SAFETY: the caller passes a time; glibc returns its static `tm`.
    unsafe {
        let r = libc::gmtime(t);
        if !r.is_null() {
            (*r).tm_zone = UTC.as_ptr();
        }
        r
    }
}

/// `time2posix`/`posix2time` convert between POSIX time and time counting
/// leap seconds; with the usual (non-"right/") zoneinfo they are the
/// identity, which is what we have.
extern "C" fn time2posix(t: time_t) -> time_t {
    t
}
extern "C" fn posix2time(t: time_t) -> time_t {
    t
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    host "_time" => libc::time,
    host "_localtime" => libc::localtime,
    host "_localtime_r" => libc::localtime_r,
    host "_mktime" => libc::mktime,
    host "_timegm" => libc::timegm,
    host "_timelocal" => timelocal,
    host "_difftime" => libc::difftime,
    host "_asctime" => asctime,
    host "_asctime_r" => libc::asctime_r,
    host "_ctime" => ctime,
    host "_ctime_r" => libc::ctime_r,
    host "_tzset" => tzset,
    host "_clock" => clock,
    host "_strptime" => libc::strptime,
    host "_getdate" => getdate,
    host "_timespec_get" => timespec_get,
    host "_wcsftime" => wcsftime,
    func "_gmtime" => gmtime,
    func "_gmtime_r" => gmtime_r,
    func "_strftime" => strftime,
    func "_strftime_l" => strftime_l,
    func "_strptime_l" => strptime_l,
    func "_wcsftime_l" => wcsftime_l,
    func "_time2posix" => time2posix,
    func "_posix2time" => posix2time,
    data "_tzname" => tzname,
    data "_timezone" => timezone,
    data "_daylight" => daylight,
    data "_getdate_err" => getdate_err,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(f: &core::ffi::CStr, t: &tm) -> String {
        let mut buf = [0 as c_char; 128];
        // SAFETY: buffer and format are valid.
        let n = unsafe { strftime(buf.as_mut_ptr(), buf.len(), f.as_ptr(), t) };
        // SAFETY: strftime wrote `n` bytes.
        String::from_utf8_lossy(unsafe {
            core::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), n)
        })
        .into_owned()
    }

    #[test]
    fn darwin_conversions() {
        let t0: time_t = 1234567890;
        // SAFETY: zeroed `tm` is valid; gmtime_r fills it.
        let mut t: tm = unsafe { core::mem::zeroed() };
        // SAFETY: valid pointers.
        unsafe { gmtime_r(&t0, &mut t) };
        assert_eq!(fmt(c"%v", &t), "13-Feb-2009");
        assert_eq!(fmt(c"%+", &t), "Fri Feb 13 23:31:30 UTC 2009");
        assert_eq!(fmt(c"100%% %Y", &t), "100% 2009");
        t.tm_zone = core::ptr::null();
        assert!(!fmt(c"%Z", &t).is_empty());
    }
}
