//! Memory mapping: darwin `MAP_*` and `MADV_*` values (`<sys/mman.h>`)
//! translated to Linux; `PROT_*` values agree.

use libc::{c_int, c_void, off_t, size_t};

const MAP_SHARED: c_int = 0x1;
const MAP_PRIVATE: c_int = 0x2;
const MAP_FIXED: c_int = 0x10;
const MAP_NORESERVE: c_int = 0x40;
const MAP_JIT: c_int = 0x800;
const MAP_ANON: c_int = 0x1000;

/// Translates darwin mmap flags to Linux's.
pub fn map_flags_to_linux(flags: c_int) -> c_int {
    let mut out = 0;
    if flags & MAP_SHARED != 0 {
        out |= libc::MAP_SHARED;
    }
    if flags & MAP_PRIVATE != 0 {
        out |= libc::MAP_PRIVATE;
    }
    if flags & MAP_FIXED != 0 {
        out |= libc::MAP_FIXED;
    }
    if flags & MAP_NORESERVE != 0 {
        out |= libc::MAP_NORESERVE;
    }
    if flags & MAP_ANON != 0 {
        out |= libc::MAP_ANONYMOUS;
    }
    // MAP_JIT needs no flag on Linux: any mapping may be made executable.
    let _ = MAP_JIT;
    out
}

/// darwin `mmap`; with `MAP_ANON` darwin ignores `fd` (it may carry a VM tag).
unsafe extern "C" fn mmap(
    addr: *mut c_void,
    len: size_t,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    off: off_t,
) -> *mut c_void {
    let fd = if flags & MAP_ANON != 0 { -1 } else { fd };
    // SAFETY: the caller's mapping request, passed through with Linux flags.
    let p = unsafe { libc::mmap(addr, len, prot, map_flags_to_linux(flags), fd, off) };
    if p == libc::MAP_FAILED {
        crate::errno::set_from_linux();
    }
    p
}

unsafe extern "C" fn munmap(addr: *mut c_void, len: size_t) -> c_int {
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::munmap(addr, len) })
}

unsafe extern "C" fn mprotect(addr: *mut c_void, len: size_t, prot: c_int) -> c_int {
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::mprotect(addr, len, prot) })
}

/// darwin `madvise`; advice Linux lacks is accepted and ignored, as hints may be.
unsafe extern "C" fn madvise(addr: *mut c_void, len: size_t, advice: c_int) -> c_int {
    let l = match advice {
        0 => libc::MADV_NORMAL,
        1 => libc::MADV_RANDOM,
        2 => libc::MADV_SEQUENTIAL,
        3 => libc::MADV_WILLNEED,
        4 => libc::MADV_DONTNEED,
        5 | 7 => libc::MADV_FREE,
        6 | 8 | 9 | 10 => return 0,
        11 => libc::MADV_DONTNEED,
        _ => {
            crate::errno::set(crate::errno::darwin::EINVAL);
            return -1;
        }
    };
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::madvise(addr, len, l) })
}

unsafe extern "C" fn msync(addr: *mut c_void, len: size_t, flags: c_int) -> c_int {
    // darwin MS_ASYNC 1, MS_INVALIDATE 2, MS_SYNC 0x10.
    let mut l = 0;
    if flags & 1 != 0 {
        l |= libc::MS_ASYNC;
    }
    if flags & 2 != 0 {
        l |= libc::MS_INVALIDATE;
    }
    if flags & 0x10 != 0 {
        l |= libc::MS_SYNC;
    }
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::msync(addr, len, l) })
}

unsafe extern "C" fn mlock(addr: *const c_void, len: size_t) -> c_int {
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::mlock(addr, len) })
}

unsafe extern "C" fn munlock(addr: *const c_void, len: size_t) -> c_int {
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::munlock(addr, len) })
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_mmap" => mmap,
    func "_munmap" => munmap,
    func "_mprotect" => mprotect,
    func "_madvise" => madvise,
    func "_posix_madvise" => madvise,
    func "_msync" => msync,
    func "_msync$NOCANCEL" => msync,
    func "_mlock" => mlock,
    func "_munlock" => munlock,
};
