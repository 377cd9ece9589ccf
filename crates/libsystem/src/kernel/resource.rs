//! Resource limits, usage and priorities (`<sys/resource.h>`).
//!
//! darwin `RLIMIT_*` numbers differ from Linux's from 5 on, and darwin's
//! `RLIM_INFINITY` is `2^63 - 1` where Linux's is `2^64 - 1`; `struct
//! rlimit` and `struct rusage` share their layout (darwin's `tv_usec` is an
//! `int` padded to 8 bytes), but darwin's `ru_maxrss` counts bytes.

use crate::errno::{self, darwin};
use libc::{c_int, id_t};

/// darwin `RLIM_INFINITY`.
pub const DARWIN_RLIM_INFINITY: u64 = (1 << 63) - 1;
/// darwin `RLIMIT_NOFILE`.
const RLIMIT_NOFILE: c_int = 8;
/// darwin `_RLIMIT_POSIX_FLAG`: asks for POSIX semantics; same limits here.
const RLIMIT_POSIX_FLAG: c_int = 0x1000;

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

fn lim_to_darwin(v: libc::rlim_t) -> u64 {
    if v == libc::RLIM_INFINITY {
        DARWIN_RLIM_INFINITY
    } else {
        v.min(DARWIN_RLIM_INFINITY)
    }
}

fn lim_to_linux(v: u64) -> libc::rlim_t {
    if v >= DARWIN_RLIM_INFINITY {
        libc::RLIM_INFINITY
    } else {
        v
    }
}

/// darwin `struct rlimit`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Rlimit {
    pub cur: u64,
    pub max: u64,
}
const _: () = assert!(core::mem::size_of::<Rlimit>() == 16);

unsafe extern "C" fn getrlimit(r: c_int, out: *mut Rlimit) -> c_int {
    let Some(l) = to_linux(r & !RLIMIT_POSIX_FLAG) else {
        errno::set(darwin::EINVAL);
        return -1;
    };
    if out.is_null() {
        errno::set(darwin::EFAULT);
        return -1;
    }
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is writable.
    if unsafe { libc::getrlimit(l, &mut lim) } != 0 {
        errno::set_from_linux();
        return -1;
    }
    // SAFETY: `out` is the caller's rlimit.
    unsafe {
        *out = Rlimit {
            cur: lim_to_darwin(lim.rlim_cur),
            max: lim_to_darwin(lim.rlim_max),
        }
    };
    0
}

/// `setrlimit`. As on macOS (setrlimit(2), COMPATIBILITY), an unlimited
/// soft `RLIMIT_NOFILE` is refused with `EINVAL`.
unsafe extern "C" fn setrlimit(r: c_int, lim: *const Rlimit) -> c_int {
    let Some(l) = to_linux(r & !RLIMIT_POSIX_FLAG) else {
        errno::set(darwin::EINVAL);
        return -1;
    };
    if lim.is_null() {
        errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: `lim` is the caller's rlimit.
    let v = unsafe { *lim };
    if r & !RLIMIT_POSIX_FLAG == RLIMIT_NOFILE && v.cur >= DARWIN_RLIM_INFINITY {
        errno::set(darwin::EINVAL);
        return -1;
    }
    let lx = libc::rlimit {
        rlim_cur: lim_to_linux(v.cur),
        rlim_max: lim_to_linux(v.max),
    };
    // SAFETY: `lx` is a valid rlimit.
    errno::check(unsafe { libc::setrlimit(l, &lx) })
}

/// `getrusage(RUSAGE_SELF (0) | RUSAGE_CHILDREN (-1), usage)`; darwin has
/// no `RUSAGE_THREAD`.
unsafe extern "C" fn getrusage(who: c_int, out: *mut libc::rusage) -> c_int {
    let lwho = match who {
        0 => libc::RUSAGE_SELF,
        -1 => libc::RUSAGE_CHILDREN,
        _ => {
            errno::set(darwin::EINVAL);
            return -1;
        }
    };
    // SAFETY: `ru` is ours.
    let mut ru: libc::rusage = unsafe { core::mem::zeroed() };
    // SAFETY: `ru` is writable.
    if unsafe { libc::getrusage(lwho, &mut ru) } != 0 {
        errno::set_from_linux();
        return -1;
    }
    crate::kernel::process::rusage_to_darwin(&mut ru);
    // SAFETY: `out` is the caller's darwin rusage (same layout, 144 bytes).
    unsafe { *out = ru };
    0
}
const _: () = assert!(core::mem::size_of::<libc::rusage>() == 144);

/// darwin `PRIO_*` beyond the POSIX three.
const PRIO_DARWIN_THREAD: c_int = 3;
const PRIO_DARWIN_PROCESS: c_int = 4;
const PRIO_DARWIN_BG: c_int = 0x1000;

/// The thread ids of process `pid`.
fn tasks(pid: c_int) -> Vec<c_int> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Puts a thread in (or out of) the background: darwin's background band
/// lowers CPU and I/O priority, as Linux's `SCHED_IDLE` and idle I/O class.
fn set_background(tid: c_int, bg: bool) -> bool {
    const IOPRIO_WHO_PROCESS: c_int = 1;
    const IOPRIO_CLASS_IDLE: c_int = 3;
    let param = libc::sched_param { sched_priority: 0 };
    let policy = if bg {
        libc::SCHED_IDLE
    } else {
        libc::SCHED_OTHER
    };
    let io = if bg { IOPRIO_CLASS_IDLE << 13 } else { 0 };
    // SAFETY: scheduling calls on a thread id, with a valid sched_param.
    unsafe {
        libc::sched_setscheduler(tid, policy, &param) == 0
            && libc::syscall(libc::SYS_ioprio_set, IOPRIO_WHO_PROCESS, tid, io) == 0
    }
}

fn is_background(tid: c_int) -> bool {
    // SAFETY: querying a thread's policy.
    unsafe { libc::sched_getscheduler(tid) == libc::SCHED_IDLE }
}

/// `getpriority`: `PRIO_PROCESS`/`PGRP`/`USER` as Linux (the nice value);
/// `PRIO_DARWIN_THREAD`/`PRIO_DARWIN_PROCESS` report `PRIO_DARWIN_BG` or 0.
unsafe extern "C" fn getpriority(which: c_int, who: id_t) -> c_int {
    match which {
        0..=2 => {
            errno::set(0);
            // SAFETY: plain system call.
            let r = unsafe { libc::getpriority(which as _, who) };
            if r == -1 && errno::get() != 0 {
                errno::set_from_linux();
            }
            r
        }
        PRIO_DARWIN_THREAD if who == 0 => {
            // SAFETY: gettid has no preconditions.
            let tid = unsafe { libc::gettid() };
            if is_background(tid) {
                PRIO_DARWIN_BG
            } else {
                0
            }
        }
        PRIO_DARWIN_PROCESS => {
            // SAFETY: getpid has no preconditions.
            let pid = if who == 0 {
                unsafe { libc::getpid() }
            } else {
                who as c_int
            };
            if tasks(pid).is_empty() {
                errno::set(darwin::ESRCH);
                return -1;
            }
            if is_background(pid) {
                PRIO_DARWIN_BG
            } else {
                0
            }
        }
        _ => {
            errno::set(darwin::EINVAL);
            -1
        }
    }
}

/// `setpriority`; `PRIO_DARWIN_THREAD`/`PRIO_DARWIN_PROCESS` with
/// `PRIO_DARWIN_BG` or 0 move the thread or every thread of the process
/// into or out of the background.
unsafe extern "C" fn setpriority(which: c_int, who: id_t, prio: c_int) -> c_int {
    match which {
        // SAFETY: plain system call.
        0..=2 => errno::check(unsafe { libc::setpriority(which as _, who, prio) }),
        PRIO_DARWIN_THREAD | PRIO_DARWIN_PROCESS if prio == 0 || prio == PRIO_DARWIN_BG => {
            let tids = if which == PRIO_DARWIN_THREAD {
                if who != 0 {
                    errno::set(darwin::EINVAL);
                    return -1;
                }
                // SAFETY: gettid has no preconditions.
                vec![unsafe { libc::gettid() }]
            } else {
                // SAFETY: getpid has no preconditions.
                let pid = if who == 0 {
                    unsafe { libc::getpid() }
                } else {
                    who as c_int
                };
                tasks(pid)
            };
            if tids.is_empty() {
                errno::set(darwin::ESRCH);
                return -1;
            }
            for t in tids {
                if !set_background(t, prio == PRIO_DARWIN_BG) {
                    errno::set_from_linux();
                    return -1;
                }
            }
            0
        }
        _ => {
            errno::set(darwin::EINVAL);
            -1
        }
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getrlimit" => getrlimit,
    func "_setrlimit" => setrlimit,
    func "_getrusage" => getrusage,
    func "_getpriority" => getpriority,
    func "_setpriority" => setpriority,
    // `nice(incr)`: the new nice value; EPERM only.
    host "_nice" => libc::nice,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infinity() {
        assert_eq!(lim_to_darwin(libc::RLIM_INFINITY), DARWIN_RLIM_INFINITY);
        assert_eq!(lim_to_linux(DARWIN_RLIM_INFINITY), libc::RLIM_INFINITY);
        assert_eq!(lim_to_linux(1024), 1024);
        assert_eq!(to_linux(8), Some(libc::RLIMIT_NOFILE));
        assert_eq!(to_linux(9), None);
    }
}
