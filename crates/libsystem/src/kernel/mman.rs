//! Memory mapping: darwin `MAP_*` and `MADV_*` values (`<sys/mman.h>`)
//! translated to Linux; `PROT_*` values agree.

use libc::{c_int, c_void, off_t, size_t};

const MAP_SHARED: c_int = 0x1;
const MAP_PRIVATE: c_int = 0x2;
const MAP_FIXED: c_int = 0x10;
const MAP_NORESERVE: c_int = 0x40;
const MAP_JIT: c_int = 0x800;
const MAP_ANON: c_int = 0x1000;
const MAP_32BIT: c_int = 0x8000;

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
    if flags & MAP_32BIT != 0 {
        out |= libc::MAP_32BIT;
    }
    // MAP_NOEXTEND, MAP_HASSEMAPHORE, MAP_NOCACHE, MAP_RESILIENT_*: hints
    // about darwin's pager with no Linux counterpart.
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

/// darwin `madvise` advice (`<sys/mman.h>`) → Linux's. `None`: invalid.
/// `Some(None)`: a hint darwin defines that has no Linux effect
/// (`MADV_ZERO_WIRED_PAGES`, `MADV_FREE_REUSE`, `MADV_CAN_REUSE`), which
/// darwin itself may ignore.
fn advice(a: c_int) -> Option<Option<c_int>> {
    Some(Some(match a {
        0 => libc::MADV_NORMAL,
        1 => libc::MADV_RANDOM,
        2 => libc::MADV_SEQUENTIAL,
        3 => libc::MADV_WILLNEED,
        // darwin's MADV_DONTNEED only lowers the pages' priority and keeps
        // their contents; Linux's discards them. MADV_COLD is the
        // non-destructive equivalent.
        4 => libc::MADV_COLD,
        // MADV_FREE, MADV_FREE_REUSABLE: contents may be discarded.
        5 | 7 => libc::MADV_FREE,
        6 | 8 | 9 => return Some(None),
        10 => libc::MADV_PAGEOUT,
        // MADV_ZERO: reads as zeros afterwards.
        11 => libc::MADV_DONTNEED,
        _ => return None,
    }))
}

unsafe extern "C" fn madvise(addr: *mut c_void, len: size_t, a: c_int) -> c_int {
    let Some(l) = advice(a) else {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    };
    let Some(l) = l else {
        return 0;
    };
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::madvise(addr, len, l) })
}

/// `posix_madvise` returns the error number instead of setting errno.
unsafe extern "C" fn posix_madvise(addr: *mut c_void, len: size_t, a: c_int) -> c_int {
    let saved = crate::errno::get();
    // SAFETY: forwarded contract.
    let r = unsafe { madvise(addr, len, a) };
    let e = if r == 0 { 0 } else { crate::errno::get() };
    crate::errno::set(saved);
    e
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

extern "C" fn mlockall(flags: c_int) -> c_int {
    // MCL_CURRENT 1 / MCL_FUTURE 2 on both.
    // SAFETY: no memory is involved.
    crate::errno::check(unsafe { libc::mlockall(flags) })
}

extern "C" fn munlockall() -> c_int {
    // SAFETY: no memory is involved.
    crate::errno::check(unsafe { libc::munlockall() })
}

/// `mincore`: bit 0 (`MINCORE_INCORE`) is what both report.
unsafe extern "C" fn mincore(addr: *mut c_void, len: size_t, vec: *mut u8) -> c_int {
    // SAFETY: the caller's range and one byte per page.
    crate::errno::check(unsafe { libc::mincore(addr, len, vec) })
}

/// `minherit`: `VM_INHERIT_COPY` (1) and `VM_INHERIT_NONE` (2) are
/// Linux's `MADV_DOFORK`/`MADV_DONTFORK`; `VM_INHERIT_SHARE` (0), making a
/// private mapping shared with children, has no Linux counterpart.
unsafe extern "C" fn minherit(addr: *mut c_void, len: size_t, inherit: c_int) -> c_int {
    let a = match inherit {
        1 => libc::MADV_DOFORK,
        2 => libc::MADV_DONTFORK,
        0 => {
            crate::errno::set(crate::errno::darwin::ENOTSUP);
            return -1;
        }
        _ => {
            crate::errno::set(crate::errno::darwin::EINVAL);
            return -1;
        }
    };
    // SAFETY: the caller owns the range.
    crate::errno::check(unsafe { libc::madvise(addr, len, a) })
}

/// darwin's `PSHMNAMLEN` (xnu `bsd/sys/posix_shm.h`).
const PSHMNAMLEN: usize = 31;

/// `shm_open(name, oflag, mode)` with darwin `O_*` flags.
unsafe extern "C" fn shm_open(name: *const libc::c_char, oflag: c_int, mode: c_int) -> c_int {
    if name.is_null() {
        crate::errno::set(crate::errno::darwin::EFAULT);
        return -1;
    }
    // SAFETY: the caller's C string.
    if unsafe { libc::strlen(name) } > PSHMNAMLEN {
        crate::errno::set(crate::errno::darwin::ENAMETOOLONG);
        return -1;
    }
    let f = crate::kernel::fs::open_flags_to_linux(oflag);
    // SAFETY: the caller's C string.
    crate::errno::check(unsafe { libc::shm_open(name, f, mode as libc::mode_t) })
}

unsafe extern "C" fn shm_unlink(name: *const libc::c_char) -> c_int {
    // SAFETY: the caller's C string.
    if !name.is_null() && unsafe { libc::strlen(name) } > PSHMNAMLEN {
        crate::errno::set(crate::errno::darwin::ENAMETOOLONG);
        return -1;
    }
    // SAFETY: the caller's C string.
    crate::errno::check(unsafe { libc::shm_unlink(name) })
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_mmap" => mmap,
    func "_munmap" => munmap,
    func "_mprotect" => mprotect,
    func "_madvise" => madvise,
    func "_posix_madvise" => posix_madvise,
    func "_mlockall" => mlockall,
    func "_munlockall" => munlockall,
    func "_mincore" => mincore,
    func "_minherit" => minherit,
    func "_shm_open" => shm_open,
    func "_shm_unlink" => shm_unlink,
    func "_msync" => msync,
    func "_msync$NOCANCEL" => msync,
    func "_mlock" => mlock,
    func "_munlock" => munlock,
};
