//! The login records: `setutxent`, `getutxent`, `endutxent`, `utmpxname`
//! (coreutils' who, users, pinky, uptime read them).
//!
//! macOS keeps them in `/var/run/utmpx`; on the host they are glibc's
//! `/var/run/utmp`, read through glibc and translated record by record into
//! darwin's `struct utmpx` (a different layout, and OLD_TIME/NEW_TIME
//! swapped). Reading only: nothing here writes records.

use core::cell::UnsafeCell;
use libc::{c_char, c_int, c_short};

/// darwin `struct timeval` (`suseconds_t` is 32 bits; 16 bytes with padding).
#[repr(C)]
pub struct Timeval {
    pub tv_sec: i64,
    pub tv_usec: i32,
}
const _: () = assert!(core::mem::size_of::<Timeval>() == 16);

/// darwin `struct utmpx` (`<utmpx.h>`).
#[repr(C)]
pub struct Utmpx {
    pub ut_user: [c_char; 256],
    pub ut_id: [c_char; 4],
    pub ut_line: [c_char; 32],
    pub ut_pid: c_int,
    pub ut_type: c_short,
    pub ut_tv: Timeval,
    pub ut_host: [c_char; 256],
    pub ut_pad: [u32; 16],
}
const _: () = assert!(core::mem::size_of::<Utmpx>() == 640);
const _: () = assert!(core::mem::offset_of!(Utmpx, ut_id) == 256);
const _: () = assert!(core::mem::offset_of!(Utmpx, ut_line) == 260);
const _: () = assert!(core::mem::offset_of!(Utmpx, ut_pid) == 292);
const _: () = assert!(core::mem::offset_of!(Utmpx, ut_type) == 296);
const _: () = assert!(core::mem::offset_of!(Utmpx, ut_tv) == 304);
const _: () = assert!(core::mem::offset_of!(Utmpx, ut_host) == 320);
const _: () = assert!(core::mem::offset_of!(Utmpx, ut_pad) == 576);

/// darwin `_PATH_UTMPX`: the default database, which is glibc's default here.
const PATH_UTMPX: &[u8] = b"/var/run/utmpx";

/// The record `getutxent` returns (as on macOS, one static buffer,
/// overwritten by the next call).
struct Record(UnsafeCell<Utmpx>);
// SAFETY: like darwin's, the buffer is shared static storage; callers of
// the non-reentrant getutxent do not use it from several threads at once.
unsafe impl Sync for Record {}
static RECORD: Record = Record(UnsafeCell::new(Utmpx {
    ut_user: [0; 256],
    ut_id: [0; 4],
    ut_line: [0; 32],
    ut_pid: 0,
    ut_type: 0,
    ut_tv: Timeval {
        tv_sec: 0,
        tv_usec: 0,
    },
    ut_host: [0; 256],
    ut_pad: [0; 16],
}));

/// glibc's `ut_type` → darwin's (only OLD_TIME 4 / NEW_TIME 3 differ).
fn type_to_darwin(t: c_short) -> c_short {
    match t {
        3 => 4,
        4 => 3,
        t => t,
    }
}

/// Copies a fixed-size, possibly unterminated field; the rest is zeroed.
fn copy_field(dst: &mut [c_char], src: &[c_char]) {
    dst.fill(0);
    let n = src.len().min(dst.len());
    dst[..n].copy_from_slice(&src[..n]);
}

extern "C" fn setutxent() {
    // SAFETY: no arguments.
    unsafe { libc::setutxent() }
}

extern "C" fn endutxent() {
    // SAFETY: no arguments.
    unsafe { libc::endutxent() }
}

/// The next record, translated, or null at the end (or without a database).
extern "C" fn getutxent() -> *mut Utmpx {
    // SAFETY: glibc returns null or its own static record.
    let u = unsafe { libc::getutxent() };
    if u.is_null() {
        return core::ptr::null_mut();
    }
    // SAFETY: `u` is glibc's valid record; RECORD is ours (see `Record`).
    unsafe {
        let u = &*u;
        let r = &mut *RECORD.0.get();
        copy_field(&mut r.ut_user, &u.ut_user);
        copy_field(&mut r.ut_id, &u.ut_id);
        copy_field(&mut r.ut_line, &u.ut_line);
        copy_field(&mut r.ut_host, &u.ut_host);
        r.ut_pid = u.ut_pid;
        r.ut_type = type_to_darwin(u.ut_type);
        r.ut_tv.tv_sec = i64::from(u.ut_tv.tv_sec);
        r.ut_tv.tv_usec = u.ut_tv.tv_usec as i32;
        r.ut_pad = [0; 16];
        r
    }
}

/// darwin `utmpxname`: selects the database; `_PATH_UTMPX` means the
/// default one (glibc's). As on macOS, returns 1 on success and 0 for a
/// name that does not end in `x` (getlastlogx(3)); glibc's convention is
/// 0 / -1.
unsafe extern "C" fn utmpxname(name: *const c_char) -> c_int {
    if name.is_null() {
        return 0;
    }
    // SAFETY: the caller passes a C string.
    let bytes = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
    if bytes.last() != Some(&b'x') {
        return 0;
    }
    let name = if bytes == PATH_UTMPX {
        c"/var/run/utmp".as_ptr()
    } else {
        name
    };
    // SAFETY: a C string.
    if unsafe { libc::utmpxname(name) } == 0 {
        1
    } else {
        crate::errno::set_from_linux();
        0
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_setutxent" => setutxent,
    func "_endutxent" => endutxent,
    func "_getutxent" => getutxent,
    func "_utmpxname" => utmpxname,
};
