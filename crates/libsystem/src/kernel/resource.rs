//! Resource limits: darwin `RLIMIT_*` numbers (`<sys/resource.h>`) differ
//! from Linux's from 5 on; `struct rlimit` and `RLIM_INFINITY` agree.

use libc::c_int;

/// darwin resource number → Linux's.
fn to_linux(r: c_int) -> Option<libc::__rlimit_resource_t> {
    Some(match r {
        0 => libc::RLIMIT_CPU,
        1 => libc::RLIMIT_FSIZE,
        2 => libc::RLIMIT_DATA,
        3 => libc::RLIMIT_STACK,
        4 => libc::RLIMIT_CORE,
        5 => libc::RLIMIT_AS,
        6 => libc::RLIMIT_MEMLOCK,
        7 => libc::RLIMIT_NPROC,
        8 => libc::RLIMIT_NOFILE,
        _ => return None,
    })
}

unsafe extern "C" fn getrlimit(r: c_int, out: *mut libc::rlimit) -> c_int {
    let Some(l) = to_linux(r & !0x1000) else {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    };
    // SAFETY: `out` is the caller's rlimit.
    crate::errno::check(unsafe { libc::getrlimit(l, out) })
}

unsafe extern "C" fn setrlimit(r: c_int, lim: *const libc::rlimit) -> c_int {
    let Some(l) = to_linux(r & !0x1000) else {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    };
    // SAFETY: `lim` is the caller's rlimit.
    crate::errno::check(unsafe { libc::setrlimit(l, lim) })
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getrlimit" => getrlimit,
    func "_setrlimit" => setrlimit,
};
