//! The per-`FILE` recursive lock behind `flockfile`/`funlockfile`.
//!
//! A futex word (0 free, 1 held, 2 held with waiters) plus the owning
//! thread's `pthread_self()` and a depth, so one thread may take it again
//! (stdio functions lock internally while the program holds `flockfile`).
//! Everything is `const`-constructible so the standard streams need no
//! initialization call.

use core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

pub struct RecLock {
    futex: AtomicU32,
    owner: AtomicUsize,
    depth: AtomicU32,
}

fn me() -> usize {
    // SAFETY: `pthread_self` has no preconditions.
    unsafe { libc::pthread_self() as usize }
}

fn futex(word: &AtomicU32, op: libc::c_int, val: u32) {
    // SAFETY: `word` is a live, aligned 32-bit atomic; a spurious wake-up or
    // an EAGAIN is handled by the callers' loops.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            op | libc::FUTEX_PRIVATE_FLAG,
            val,
            core::ptr::null::<libc::timespec>(),
        );
    }
}

impl RecLock {
    pub const fn new() -> Self {
        RecLock {
            futex: AtomicU32::new(0),
            owner: AtomicUsize::new(0),
            depth: AtomicU32::new(0),
        }
    }

    /// Takes the lock, waiting if another thread holds it.
    pub fn lock(&self) {
        let me = me();
        if self.owner.load(Ordering::Relaxed) == me {
            self.depth.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if self
            .futex
            .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.futex.swap(2, Ordering::Acquire) != 0 {
                futex(&self.futex, libc::FUTEX_WAIT, 2);
            }
        }
        self.owner.store(me, Ordering::Relaxed);
        self.depth.store(1, Ordering::Relaxed);
    }

    /// Takes the lock if that needs no waiting.
    pub fn try_lock(&self) -> bool {
        let me = me();
        if self.owner.load(Ordering::Relaxed) == me {
            self.depth.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        if self
            .futex
            .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            self.owner.store(me, Ordering::Relaxed);
            self.depth.store(1, Ordering::Relaxed);
            true
        } else {
            false
        }
    }

    /// Releases one level; a thread that does not hold the lock is ignored.
    pub fn unlock(&self) {
        if self.owner.load(Ordering::Relaxed) != me() {
            return;
        }
        let d = self.depth.load(Ordering::Relaxed).saturating_sub(1);
        self.depth.store(d, Ordering::Relaxed);
        if d == 0 {
            self.owner.store(0, Ordering::Relaxed);
            if self.futex.swap(0, Ordering::Release) == 2 {
                futex(&self.futex, libc::FUTEX_WAKE, 1);
            }
        }
    }

    /// Whether the calling thread holds the lock.
    #[cfg(test)]
    pub fn held_by_me(&self) -> bool {
        self.owner.load(Ordering::Relaxed) == me()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn recursive_and_exclusive() {
        let l = Arc::new(RecLock::new());
        l.lock();
        l.lock();
        assert!(l.try_lock());
        assert!(l.held_by_me());
        let l2 = l.clone();
        assert!(!std::thread::spawn(move || l2.try_lock()).join().unwrap());
        l.unlock();
        l.unlock();
        l.unlock();
        assert!(!l.held_by_me());
        let counter = Arc::new(AtomicUsize::new(0));
        let hs: Vec<_> = (0..4)
            .map(|_| {
                let (l, c) = (l.clone(), counter.clone());
                std::thread::spawn(move || {
                    for _ in 0..2000 {
                        l.lock();
                        l.lock();
                        let v = c.load(Ordering::Relaxed);
                        c.store(v + 1, Ordering::Relaxed);
                        l.unlock();
                        l.unlock();
                    }
                })
            })
            .collect();
        for h in hs {
            h.join().unwrap();
        }
        assert_eq!(counter.load(Ordering::Relaxed), 8000);
    }
}
