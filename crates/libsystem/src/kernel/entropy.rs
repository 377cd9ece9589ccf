//! `getentropy`: kernel randomness, at most 256 bytes a call.

use crate::errno::darwin;
use libc::{c_int, c_void, size_t};

/// Largest request darwin's `getentropy` accepts.
const MAX: size_t = 256;

/// darwin `getentropy(buf, size)`, a direct system call on macOS.
///
/// XNU's `getentropy` (`bsd/dev/random/randomdev.c`) fails a request over
/// 256 bytes with `EINVAL`, although `man 2 getentropy` says `EIO`; we
/// answer what the kernel does. A bad buffer is `EFAULT` (its `copyout`).
unsafe extern "C" fn getentropy(buf: *mut c_void, size: size_t) -> c_int {
    if size > MAX {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: the caller passes `size` writable bytes at `buf`; the kernel
    // checks the address (EFAULT) rather than faulting.
    if !unsafe { fill(buf.cast(), size) } {
        crate::errno::set_from_linux();
        return -1;
    }
    0
}

/// Fills `len` bytes at `buf` from the kernel's `getrandom`, retrying
/// short reads and interruptions; false (Linux errno set) on failure.
/// Shared by `getentropy`, `CCRandomGenerateBytes`, `uuid_generate`, and
/// CoreFoundation's and Security's random calls.
///
/// # Safety
/// `buf` holds `len` writable bytes (a bad address gives `EFAULT`).
pub unsafe fn fill(buf: *mut u8, len: usize) -> bool {
    let mut done = 0;
    while done < len {
        // SAFETY: per the contract, `len - done` bytes remain at `buf + done`.
        let n = unsafe { libc::getrandom(buf.add(done).cast(), len - done, 0) };
        if n < 0 {
            if crate::errno::get() == libc::EINTR {
                continue;
            }
            return false;
        }
        done += n as usize;
    }
    true
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getentropy" => getentropy,
};
