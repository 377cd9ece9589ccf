//! Thin wrappers over Linux futexes. Process-private unless an object was
//! initialised `PTHREAD_PROCESS_SHARED`.

use core::sync::atomic::AtomicU32;

fn op(base: i32, shared: bool) -> i32 {
    if shared {
        base
    } else {
        base | libc::FUTEX_PRIVATE_FLAG
    }
}

/// Sleeps while `*word == expected` (or until woken / `timeout`, a
/// relative time on the monotonic clock, passes). Returns false on timeout;
/// a signal or a spurious wake returns true.
pub fn wait(word: &AtomicU32, expected: u32, timeout: Option<&libc::timespec>) -> bool {
    wait_in(word, expected, timeout, false)
}

/// [`wait`], for a process-shared word when `shared`.
pub fn wait_in(
    word: &AtomicU32,
    expected: u32,
    timeout: Option<&libc::timespec>,
    shared: bool,
) -> bool {
    wait_errno(word, expected, timeout, shared) != libc::ETIMEDOUT
}

/// One `FUTEX_WAIT`: 0 when woken, else the Linux errno (`ETIMEDOUT`,
/// `EINTR` when a signal handler ran, `EAGAIN` when `*word != expected`).
pub fn wait_errno(
    word: &AtomicU32,
    expected: u32,
    timeout: Option<&libc::timespec>,
    shared: bool,
) -> i32 {
    let ts = timeout.map_or(core::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `word` is a valid aligned u32 for the duration of the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            op(libc::FUTEX_WAIT, shared),
            expected,
            ts,
        )
    };
    if r == -1 {
        // SAFETY: reading errno right after the syscall.
        unsafe { *libc::__errno_location() }
    } else {
        0
    }
}

/// Like [`wait_in`], with an absolute `CLOCK_REALTIME` deadline.
pub fn wait_until_realtime(
    word: &AtomicU32,
    expected: u32,
    deadline: &libc::timespec,
    shared: bool,
) -> bool {
    // SAFETY: `word` is valid; `deadline` is a valid timespec.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            op(libc::FUTEX_WAIT_BITSET | libc::FUTEX_CLOCK_REALTIME, shared),
            expected,
            deadline as *const libc::timespec,
            core::ptr::null::<u32>(),
            u32::MAX,
        )
    };
    // SAFETY: reading errno right after the syscall.
    !(r == -1 && unsafe { *libc::__errno_location() } == libc::ETIMEDOUT)
}

/// Wakes up to `n` waiters.
pub fn wake(word: &AtomicU32, n: i32) {
    wake_in(word, n, false)
}

/// [`wake`], for a process-shared word when `shared`.
pub fn wake_in(word: &AtomicU32, n: i32, shared: bool) {
    // SAFETY: `word` is a valid aligned u32.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            op(libc::FUTEX_WAKE, shared),
            n,
        );
    }
}
