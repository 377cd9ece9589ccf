//! Wide-character stdio on our `FILE`: `fgetwc`, `fputwc`, `ungetwc`,
//! `fgetws`, `fputws`, `fgetwln`, `fwide`, and the wide printf family
//! (`swprintf`, `fwprintf`, `wprintf`) and wide scanf (`swscanf`,
//! `fwscanf`, `wscanf`).
//!
//! As in darwin's Libc, a wide stream holds the locale's multibyte form:
//! `fputwc` encodes with the thread's locale and writes the bytes,
//! `fgetwc` reads bytes until they make one character, `ungetwc` pushes
//! the encoding back. An invalid sequence sets the error flag and errno
//! EILSEQ and leaves its bytes unread. The wide printf functions format
//! to the locale's multibyte form (widths and precisions counting
//! characters) and decode the result, which is also what darwin's
//! `vswprintf` does; `swscanf` encodes its input and format and scans them
//! with the byte engine, `fwscanf` scans the stream's bytes with the
//! encoded format.
//!
//! Orientation: the wide functions and `fwide` set it; the byte functions
//! do not (darwin's make a fresh stream byte-oriented), so `fwide(fp, 0)`
//! answers 0 after byte I/O here.

use super::buffer::{extra, sgetc, ungetc_unlocked, write_bytes, Locked};
use super::printf::{vformat_in, Mode};
use super::*;
use crate::c::locale::{self, Locale, EILSEQ};
use crate::c::wchar::{self, MbState, ILLEGAL, INCOMPLETE, WEOF};
use libc::{c_int, c_void, size_t, wchar_t};

/// Marks the stream wide-oriented if it has no orientation yet.
unsafe fn orient_wide(fp: *mut FILE) {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        let x = extra(fp);
        if !x.is_null() && (*x).orient == 0 {
            (*x).orient = 1;
        }
    }
}

/// Reads one character (the stream locked); WEOF at end of file or on
/// error (then `__SERR` and errno EILSEQ, the bad bytes left unread).
unsafe fn getwc_locked(fp: *mut FILE, loc: &Locale) -> c_int {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        orient_wide(fp);
        let mut st = MbState::default();
        let mut seen = [0u8; 4];
        let mut n = 0;
        loop {
            let c = sgetc(fp);
            if c == EOF {
                if n == 0 {
                    return WEOF;
                }
                // A partial character at the end of the file.
                for &b in seen[..n].iter().rev() {
                    ungetc_unlocked(b as c_int, fp);
                }
                (*fp).flags |= SERR;
                crate::errno::set(EILSEQ);
                return WEOF;
            }
            seen[n] = c as u8;
            n += 1;
            let mut wc = 0;
            match wchar::decode(loc, &mut wc, &[c as u8], &mut st) {
                INCOMPLETE if n < 4 => continue,
                ILLEGAL | INCOMPLETE => {
                    for &b in seen[..n].iter().rev() {
                        ungetc_unlocked(b as c_int, fp);
                    }
                    (*fp).flags |= SERR;
                    crate::errno::set(EILSEQ);
                    return WEOF;
                }
                _ => return wc,
            }
        }
    }
}

/// Writes one character (the stream locked).
unsafe fn putwc_locked(wc: wchar_t, fp: *mut FILE, loc: &Locale) -> c_int {
    let mut b = [0u8; 4];
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        orient_wide(fp);
        let Some(n) = wchar::encode(loc, wc, &mut b) else {
            (*fp).flags |= SERR;
            return WEOF;
        };
        if write_bytes(fp, &b[..n]) != n {
            return WEOF;
        }
    }
    wc
}

pub(crate) unsafe extern "C" fn fgetwc(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe {
        match Locked::new(fp) {
            Some(_g) => getwc_locked(fp, locale::current()),
            None => WEOF,
        }
    }
}

pub(crate) unsafe extern "C" fn fgetwc_l(fp: *mut FILE, loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { fgetwc(fp) })
}

pub(crate) unsafe extern "C" fn getwchar() -> c_int {
    // SAFETY: stdin is a live stream.
    unsafe { fgetwc(stdin()) }
}

pub(crate) unsafe extern "C" fn getwchar_l(loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { fgetwc(stdin()) })
}

pub(crate) unsafe extern "C" fn fputwc(wc: wchar_t, fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe {
        match Locked::new(fp) {
            Some(_g) => putwc_locked(wc, fp, locale::current()),
            None => WEOF,
        }
    }
}

pub(crate) unsafe extern "C" fn fputwc_l(wc: wchar_t, fp: *mut FILE, loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { fputwc(wc, fp) })
}

pub(crate) unsafe extern "C" fn putwchar(wc: wchar_t) -> c_int {
    // SAFETY: stdout is a live stream.
    unsafe { fputwc(wc, stdout()) }
}

pub(crate) unsafe extern "C" fn putwchar_l(wc: wchar_t, loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { fputwc(wc, stdout()) })
}

/// `ungetwc`: pushes the character's encoding back (WEOF for WEOF or an
/// unencodable character).
pub(crate) unsafe extern "C" fn ungetwc(wc: c_int, fp: *mut FILE) -> c_int {
    if wc == WEOF {
        return WEOF;
    }
    let mut b = [0u8; 4];
    let Some(n) = wchar::encode(locale::current(), wc, &mut b) else {
        return WEOF;
    };
    // SAFETY: the program's stream.
    unsafe {
        let Some(_g) = Locked::new(fp) else {
            return WEOF;
        };
        orient_wide(fp);
        for &c in b[..n].iter().rev() {
            if ungetc_unlocked(c as c_int, fp) == EOF {
                return WEOF;
            }
        }
    }
    wc
}

pub(crate) unsafe extern "C" fn ungetwc_l(wc: c_int, fp: *mut FILE, loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { ungetwc(wc, fp) })
}

/// `fgetws(ws, n, fp)`: up to `n - 1` characters, through a newline.
pub(crate) unsafe extern "C" fn fgetws(ws: *mut wchar_t, n: c_int, fp: *mut FILE) -> *mut wchar_t {
    if n <= 0 {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return core::ptr::null_mut();
    }
    // SAFETY: the program's buffer of `n` characters and stream.
    unsafe {
        let Some(_g) = Locked::new(fp) else {
            return core::ptr::null_mut();
        };
        let loc = locale::current();
        let mut i = 0usize;
        while i + 1 < n as usize {
            let wc = getwc_locked(fp, loc);
            if wc == WEOF {
                if (*fp).flags & SERR != 0 || i == 0 {
                    return core::ptr::null_mut();
                }
                break;
            }
            *ws.add(i) = wc;
            i += 1;
            if wc == '\n' as c_int {
                break;
            }
        }
        *ws.add(i) = 0;
        ws
    }
}

pub(crate) unsafe extern "C" fn fgetws_l(
    ws: *mut wchar_t,
    n: c_int,
    fp: *mut FILE,
    loc: *mut c_void,
) -> *mut wchar_t {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { fgetws(ws, n, fp) })
}

/// `fputws`: 0, or -1 on error (darwin returns 0 on success).
pub(crate) unsafe extern "C" fn fputws(ws: *const wchar_t, fp: *mut FILE) -> c_int {
    let mut bytes = Vec::new();
    // SAFETY: the program's wide string.
    if !unsafe { wchar::wide_to_mb(locale::current(), ws, usize::MAX, &mut bytes) } {
        return -1;
    }
    // SAFETY: the program's stream.
    unsafe {
        let Some(_g) = Locked::new(fp) else {
            return -1;
        };
        orient_wide(fp);
        if write_bytes(fp, &bytes) == bytes.len() {
            0
        } else {
            -1
        }
    }
}

pub(crate) unsafe extern "C" fn fputws_l(
    ws: *const wchar_t,
    fp: *mut FILE,
    loc: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { fputws(ws, fp) })
}

/// `fgetwln(fp, &len)`: the next line (with its newline, not terminated)
/// in a buffer the stream owns until the next call.
pub(crate) unsafe extern "C" fn fgetwln(fp: *mut FILE, lenp: *mut size_t) -> *mut wchar_t {
    // SAFETY: the program's stream and length pointer.
    unsafe {
        *lenp = 0;
        let Some(_g) = Locked::new(fp) else {
            return core::ptr::null_mut();
        };
        let loc = locale::current();
        let x = extra(fp);
        let line = &mut (*x).wline;
        line.clear();
        loop {
            let wc = getwc_locked(fp, loc);
            if wc == WEOF {
                if (*fp).flags & SERR != 0 {
                    return core::ptr::null_mut();
                }
                break;
            }
            line.push(wc);
            if wc == '\n' as c_int {
                break;
            }
        }
        if line.is_empty() {
            return core::ptr::null_mut();
        }
        *lenp = line.len();
        line.as_mut_ptr()
    }
}

pub(crate) unsafe extern "C" fn fgetwln_l(
    fp: *mut FILE,
    lenp: *mut size_t,
    loc: *mut c_void,
) -> *mut wchar_t {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { fgetwln(fp, lenp) })
}

/// `fwide(fp, mode)`: sets the orientation if it has none and `mode` asks
/// for one; returns it (>0 wide, <0 byte, 0 none).
pub(crate) unsafe extern "C" fn fwide(fp: *mut FILE, mode: c_int) -> c_int {
    // SAFETY: the program's stream.
    unsafe {
        let Some(_g) = Locked::new(fp) else {
            return 0;
        };
        let x = extra(fp);
        if x.is_null() {
            return 0;
        }
        if mode != 0 && (*x).orient == 0 {
            (*x).orient = if mode > 0 { 1 } else { -1 };
        }
        (*x).orient as c_int
    }
}

// --- wide printf -----------------------------------------------------------------

/// Formats the wide format `fmt` with `ap` in the locale's multibyte form;
/// `None` on error (errno set).
unsafe fn wformat(fmt: *const wchar_t, ap: *mut c_void, loc: &'static Locale) -> Option<Vec<u8>> {
    if fmt.is_null() {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return None;
    }
    let mut f = Vec::new();
    // SAFETY: the program's wide format.
    if !unsafe { wchar::wide_to_mb(loc, fmt, usize::MAX, &mut f) } {
        return None;
    }
    f.push(0);
    let mut out = Vec::new();
    let m = Mode { loc, wide: true };
    // SAFETY: our terminated format and the program's va_list.
    unsafe { vformat_in(f.as_ptr().cast(), ap, &mut out, m) }.then_some(out)
}

/// Characters in the multibyte text `b`.
fn count_chars(loc: &Locale, b: &[u8]) -> usize {
    let mut ws = Vec::new();
    wchar::mb_to_wide_lossy(loc, b, &mut ws);
    ws.len()
}

/// `vswprintf(ws, n, fmt, ap)`: -1 (errno EOVERFLOW) when the output and
/// its NUL do not fit in `n` characters (the output is then cut).
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vswprintf(
    ws: *mut wchar_t,
    n: size_t,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    if n == 0 {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    }
    let loc = locale::current();
    // SAFETY: the program's format and va_list.
    let Some(out) = (unsafe { wformat(fmt, ap, loc) }) else {
        return -1;
    };
    let mut wide = Vec::new();
    wchar::mb_to_wide_lossy(loc, &out, &mut wide);
    let k = wide.len().min(n - 1);
    // SAFETY: the program's buffer of `n` characters.
    unsafe {
        core::ptr::copy_nonoverlapping(wide.as_ptr(), ws, k);
        *ws.add(k) = 0;
    }
    if wide.len() >= n {
        crate::errno::set(crate::errno::darwin::EOVERFLOW);
        return -1;
    }
    wide.len() as c_int
}

/// `vswprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vswprintf_l(
    ws: *mut wchar_t,
    n: size_t,
    loc: *mut c_void,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { calvados_stdio_vswprintf(ws, n, fmt, ap) })
}

/// `vfwprintf(fp, fmt, ap)`: the number of wide characters written.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfwprintf(
    fp: *mut FILE,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    let loc = locale::current();
    // SAFETY: the program's stream, format and va_list.
    unsafe {
        let out = wformat(fmt, ap, loc);
        let Some(_g) = Locked::new(fp) else {
            return -1;
        };
        orient_wide(fp);
        let Some(out) = out else {
            (*fp).flags |= SERR;
            return -1;
        };
        if write_bytes(fp, &out) != out.len() {
            return -1;
        }
        count_chars(loc, &out) as c_int
    }
}

/// `vfwprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfwprintf_l(
    fp: *mut FILE,
    loc: *mut c_void,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { calvados_stdio_vfwprintf(fp, fmt, ap) })
}

/// `vwprintf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vwprintf(fmt: *const wchar_t, ap: *mut c_void) -> c_int {
    // SAFETY: forwarded; stdout is live.
    unsafe { calvados_stdio_vfwprintf(stdout(), fmt, ap) }
}

/// `vwprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vwprintf_l(
    loc: *mut c_void,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe {
        calvados_stdio_vfwprintf(stdout(), fmt, ap)
    })
}

/// `vswscanf(ws, fmt, ap)`: the input and the format in the locale's
/// multibyte form, scanned by the byte engine (`%ls`/`%lc` decode back).
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vswscanf(
    ws: *const wchar_t,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    if ws.is_null() || fmt.is_null() {
        return EOF;
    }
    let loc = locale::current();
    let (mut input, mut f) = (Vec::new(), Vec::new());
    // SAFETY: the program's wide strings.
    unsafe {
        if !wchar::wide_to_mb(loc, ws, usize::MAX, &mut input)
            || !wchar::wide_to_mb(loc, fmt, usize::MAX, &mut f)
        {
            return EOF;
        }
    }
    input.push(0);
    f.push(0);
    // SAFETY: our terminated strings and the program's va_list.
    unsafe { super::scanf::calvados_stdio_vsscanf(input.as_ptr().cast(), f.as_ptr().cast(), ap) }
}

/// `vswscanf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vswscanf_l(
    ws: *const wchar_t,
    loc: *mut c_void,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { calvados_stdio_vswscanf(ws, fmt, ap) })
}

/// `vfwscanf(fp, fmt, ap)`: a wide stream holds the locale's multibyte
/// form, so this is `vfscanf` with the format in that form (`%s` stores
/// the multibyte text, `%ls`/`%lc` decode it, as darwin's does).
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfwscanf(
    fp: *mut FILE,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    if fmt.is_null() {
        return EOF;
    }
    let mut f = Vec::new();
    // SAFETY: the program's wide format.
    if !unsafe { wchar::wide_to_mb(locale::current(), fmt, usize::MAX, &mut f) } {
        return EOF;
    }
    f.push(0);
    // SAFETY: the program's stream and va_list; our terminated format.
    unsafe {
        if let Some(_g) = Locked::new(fp) {
            orient_wide(fp);
        }
        super::scanf::calvados_stdio_vfscanf(fp, f.as_ptr().cast(), ap)
    }
}

/// `vfwscanf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfwscanf_l(
    fp: *mut FILE,
    loc: *mut c_void,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { calvados_stdio_vfwscanf(fp, fmt, ap) })
}

/// `vwscanf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vwscanf(fmt: *const wchar_t, ap: *mut c_void) -> c_int {
    // SAFETY: forwarded; stdin is live.
    unsafe { calvados_stdio_vfwscanf(stdin(), fmt, ap) }
}

/// `vwscanf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vwscanf_l(
    loc: *mut c_void,
    fmt: *const wchar_t,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(loc, || unsafe { calvados_stdio_vfwscanf(stdin(), fmt, ap) })
}

extern "C" {
    pub(crate) fn cvd_fwscanf(fp: *mut c_void, fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_fwscanf_l(
        fp: *mut c_void,
        loc: *mut c_void,
        fmt: *const wchar_t,
        ...
    ) -> c_int;
    pub(crate) fn cvd_wscanf(fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_wscanf_l(loc: *mut c_void, fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_swprintf(ws: *mut wchar_t, n: size_t, fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_swprintf_l(
        ws: *mut wchar_t,
        n: size_t,
        loc: *mut c_void,
        fmt: *const wchar_t,
        ...
    ) -> c_int;
    pub(crate) fn cvd_fwprintf(fp: *mut c_void, fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_fwprintf_l(
        fp: *mut c_void,
        loc: *mut c_void,
        fmt: *const wchar_t,
        ...
    ) -> c_int;
    pub(crate) fn cvd_wprintf(fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_wprintf_l(loc: *mut c_void, fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_swscanf(ws: *const wchar_t, fmt: *const wchar_t, ...) -> c_int;
    pub(crate) fn cvd_swscanf_l(
        ws: *const wchar_t,
        loc: *mut c_void,
        fmt: *const wchar_t,
        ...
    ) -> c_int;
}
