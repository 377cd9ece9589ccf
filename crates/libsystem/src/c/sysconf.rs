//! `sysconf` with darwin's `_SC_*` numbers (`<unistd.h>`), answered from the
//! Linux equivalents; values darwin fixes itself (key counts, limits of its
//! own libc) are darwin's. `getpagesize`, `getdtablesize`.

use libc::{c_int, c_long};

/// darwin `_SC_*` → Linux `_SC_*` for names both have.
const MAP: &[(c_int, c_int)] = &[
    (1, libc::_SC_ARG_MAX),
    (2, libc::_SC_CHILD_MAX),
    (3, libc::_SC_CLK_TCK),
    (4, libc::_SC_NGROUPS_MAX),
    (5, libc::_SC_OPEN_MAX),
    (6, libc::_SC_JOB_CONTROL),
    (7, libc::_SC_SAVED_IDS),
    (8, libc::_SC_VERSION),
    (15, libc::_SC_LINE_MAX),
    (16, libc::_SC_RE_DUP_MAX),
    (26, libc::_SC_STREAM_MAX),
    (27, libc::_SC_TZNAME_MAX),
    (29, libc::_SC_PAGESIZE),
    (57, libc::_SC_NPROCESSORS_CONF),
    (58, libc::_SC_NPROCESSORS_ONLN),
    (70, libc::_SC_GETGR_R_SIZE_MAX),
    (71, libc::_SC_GETPW_R_SIZE_MAX),
    (72, libc::_SC_HOST_NAME_MAX),
    (73, libc::_SC_LOGIN_NAME_MAX),
    (74, libc::_SC_MONOTONIC_CLOCK),
    (93, libc::_SC_THREAD_STACK_MIN),
    (96, libc::_SC_THREADS),
    (101, libc::_SC_TTY_NAME_MAX),
    (200, libc::_SC_PHYS_PAGES),
];

extern "C" fn sysconf(name: c_int) -> c_long {
    match name {
        // darwin's own constants: ARG_MAX is 1 MiB (kern.argmax), 512 keys.
        1 => 1024 * 1024,
        85 => 4,
        86 => 512,
        _ => match MAP.iter().find(|(d, _)| *d == name) {
            // SAFETY: sysconf has no preconditions.
            Some(&(_, l)) => unsafe { libc::sysconf(l) },
            None => {
                crate::errno::set(crate::errno::darwin::EINVAL);
                -1
            }
        },
    }
}

extern "C" fn getpagesize() -> c_int {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as c_int }
}

extern "C" fn getdtablesize() -> c_int {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `r` is writable.
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) };
    r.rlim_cur.min(i32::MAX as u64) as c_int
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_sysconf" => sysconf,
    func "_getpagesize" => getpagesize,
    func "_getdtablesize" => getdtablesize,
};
