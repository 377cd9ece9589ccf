//! Thin wrappers over Linux futexes (process-private).

use core::sync::atomic::AtomicU32;

/// Sleeps while `*word == expected` (or until woken / `timeout` passes).
/// Returns false on timeout.
pub fn wait(word: &AtomicU32, expected: u32, timeout: Option<&libc::timespec>) -> bool {
    let ts = timeout.map_or(core::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `word` is a valid aligned u32 for the duration of the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
            expected,
            ts,
        )
    };
    // SAFETY: reading errno right after the syscall.
    !(r == -1 && unsafe { *libc::__errno_location() } == libc::ETIMEDOUT)
}

/// Wakes up to `n` waiters.
pub fn wake(word: &AtomicU32, n: i32) {
    // SAFETY: `word` is a valid aligned u32.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
            n,
        );
    }
}
