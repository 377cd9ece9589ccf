//! Read-write locks on darwin's `pthread_rwlock_t` layout (a signature
//! word and 192 opaque bytes; `PTHREAD_RWLOCK_INITIALIZER` is
//! `{0x2DA8B3B4, {0}}`, `<pthread/pthread_impl.h>`).
//!
//! One futex word holds the reader count, a writer bit and a "someone
//! sleeps" bit. Readers get in whenever no writer holds the lock, so a
//! thread may take a read lock it already holds (POSIX allows that) without
//! deadlocking behind a waiting writer.

use super::futex;
use super::sync::{tid, PROCESS_PRIVATE, PROCESS_SHARED};
use crate::errno::darwin;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use libc::{c_int, c_long};

/// darwin's static-initializer signature, also used for initialised locks.
const RWLOCK_SIG: c_long = 0x2DA8_B3B4;
const RWLOCKATTR_SIG: c_long = 0x5257_4154; // "RWAT"

const READERS: u32 = (1 << 30) - 1;
const WRITER: u32 = 1 << 30;
const SLEEPERS: u32 = 1 << 31;

/// darwin `pthread_rwlock_t` (200 bytes).
#[repr(C)]
pub struct RwLock {
    sig: c_long,
    state: AtomicU32,
    shared: u32,
    /// Linux tid of the writer, 0 when none.
    writer: AtomicU64,
    _opaque: [u8; 176],
}
const _: () = assert!(core::mem::size_of::<RwLock>() == 8 + 192);

/// darwin `pthread_rwlockattr_t` (24 bytes).
#[repr(C)]
pub struct RwLockAttr {
    sig: c_long,
    pshared: u32,
    _opaque: [u8; 12],
}
const _: () = assert!(core::mem::size_of::<RwLockAttr>() == 8 + 16);

impl RwLock {
    fn shared(&self) -> bool {
        self.shared != 0
    }

    /// Marks the lock as slept on (state `s`) and sleeps until it changes.
    fn sleep(&self, s: u32) {
        if s & SLEEPERS == 0
            && self
                .state
                .compare_exchange(s, s | SLEEPERS, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        futex::wait_in(&self.state, s | SLEEPERS, None, self.shared());
    }

    fn rdlock(&self, try_only: bool) -> c_int {
        loop {
            let s = self.state.load(Ordering::Relaxed);
            if s & WRITER == 0 {
                if s & READERS == READERS {
                    return darwin::EAGAIN;
                }
                if self
                    .state
                    .compare_exchange_weak(s, s + 1, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return 0;
                }
                continue;
            }
            if self.writer.load(Ordering::Relaxed) == tid() {
                return darwin::EDEADLK;
            }
            if try_only {
                return darwin::EBUSY;
            }
            self.sleep(s);
        }
    }

    fn wrlock(&self, try_only: bool) -> c_int {
        loop {
            let s = self.state.load(Ordering::Relaxed);
            if s & (WRITER | READERS) == 0 {
                if self
                    .state
                    .compare_exchange_weak(s, s | WRITER, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    self.writer.store(tid(), Ordering::Relaxed);
                    return 0;
                }
                continue;
            }
            if s & WRITER != 0 && self.writer.load(Ordering::Relaxed) == tid() {
                return darwin::EDEADLK;
            }
            if try_only {
                return darwin::EBUSY;
            }
            self.sleep(s);
        }
    }

    fn unlock(&self) -> c_int {
        let s = self.state.load(Ordering::Relaxed);
        if s & WRITER != 0 {
            if self.writer.load(Ordering::Relaxed) != tid() {
                return darwin::EPERM;
            }
            self.writer.store(0, Ordering::Relaxed);
            if self.state.swap(0, Ordering::Release) & SLEEPERS != 0 {
                futex::wake_in(&self.state, i32::MAX, self.shared());
            }
            return 0;
        }
        let mut s = s;
        loop {
            if s & READERS == 0 {
                return darwin::EPERM;
            }
            let mut new = s - 1;
            if new & READERS == 0 {
                new &= !SLEEPERS;
            }
            match self
                .state
                .compare_exchange_weak(s, new, Ordering::Release, Ordering::Relaxed)
            {
                Ok(_) => {
                    if s & SLEEPERS != 0 && new & SLEEPERS == 0 {
                        futex::wake_in(&self.state, i32::MAX, self.shared());
                    }
                    return 0;
                }
                Err(cur) => s = cur,
            }
        }
    }
}

/// Runs `f` on a valid lock, EINVAL otherwise.
///
/// # Safety
/// `l` points to a darwin `pthread_rwlock_t`.
unsafe fn with(l: *mut RwLock, f: impl FnOnce(&RwLock) -> c_int) -> c_int {
    // SAFETY: per the contract.
    match unsafe { l.as_ref() } {
        Some(l) if l.sig == RWLOCK_SIG => f(l),
        _ => darwin::EINVAL,
    }
}

unsafe extern "C" fn rwlock_init(l: *mut RwLock, attr: *const RwLockAttr) -> c_int {
    let mut shared = 0;
    if !attr.is_null() {
        // SAFETY: `attr` points to a darwin rwlockattr.
        let a = unsafe { &*attr };
        if a.sig != RWLOCKATTR_SIG {
            return darwin::EINVAL;
        }
        shared = (a.pshared as c_int == PROCESS_SHARED) as u32;
    }
    // SAFETY: `l` points to 200 writable bytes.
    unsafe {
        l.write(RwLock {
            sig: RWLOCK_SIG,
            state: AtomicU32::new(0),
            shared,
            writer: AtomicU64::new(0),
            _opaque: [0; 176],
        })
    };
    0
}

unsafe extern "C" fn rwlock_destroy(l: *mut RwLock) -> c_int {
    // SAFETY: `l` points to a darwin rwlock.
    unsafe {
        let r = with(l, |l| {
            if l.state.load(Ordering::Relaxed) & (WRITER | READERS) != 0 {
                darwin::EBUSY
            } else {
                0
            }
        });
        if r == 0 {
            (*l).sig = 0;
        }
        r
    }
}

unsafe extern "C" fn rwlock_rdlock(l: *mut RwLock) -> c_int {
    // SAFETY: `l` points to a darwin rwlock.
    unsafe { with(l, |l| l.rdlock(false)) }
}

unsafe extern "C" fn rwlock_tryrdlock(l: *mut RwLock) -> c_int {
    // SAFETY: `l` points to a darwin rwlock.
    unsafe { with(l, |l| l.rdlock(true)) }
}

unsafe extern "C" fn rwlock_wrlock(l: *mut RwLock) -> c_int {
    // SAFETY: `l` points to a darwin rwlock.
    unsafe { with(l, |l| l.wrlock(false)) }
}

unsafe extern "C" fn rwlock_trywrlock(l: *mut RwLock) -> c_int {
    // SAFETY: `l` points to a darwin rwlock.
    unsafe { with(l, |l| l.wrlock(true)) }
}

unsafe extern "C" fn rwlock_unlock(l: *mut RwLock) -> c_int {
    // SAFETY: `l` points to a darwin rwlock.
    unsafe { with(l, |l| l.unlock()) }
}

unsafe extern "C" fn rwlockattr_init(a: *mut RwLockAttr) -> c_int {
    // SAFETY: `a` points to 24 writable bytes.
    unsafe {
        a.write(RwLockAttr {
            sig: RWLOCKATTR_SIG,
            pshared: PROCESS_PRIVATE as u32,
            _opaque: [0; 12],
        })
    };
    0
}

unsafe extern "C" fn rwlockattr_destroy(a: *mut RwLockAttr) -> c_int {
    // SAFETY: `a` points to a darwin rwlockattr.
    unsafe {
        if (*a).sig != RWLOCKATTR_SIG {
            return darwin::EINVAL;
        }
        (*a).sig = 0;
    }
    0
}

unsafe extern "C" fn rwlockattr_setpshared(a: *mut RwLockAttr, v: c_int) -> c_int {
    if v != PROCESS_SHARED && v != PROCESS_PRIVATE {
        return darwin::EINVAL;
    }
    // SAFETY: `a` points to a darwin rwlockattr.
    unsafe {
        if (*a).sig != RWLOCKATTR_SIG {
            return darwin::EINVAL;
        }
        (*a).pshared = v as u32;
    }
    0
}

unsafe extern "C" fn rwlockattr_getpshared(a: *const RwLockAttr, v: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        if (*a).sig != RWLOCKATTR_SIG {
            return darwin::EINVAL;
        }
        *v = (*a).pshared as c_int;
    }
    0
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_pthread_rwlock_init" => rwlock_init,
    func "_pthread_rwlock_destroy" => rwlock_destroy,
    func "_pthread_rwlock_rdlock" => rwlock_rdlock,
    func "_pthread_rwlock_tryrdlock" => rwlock_tryrdlock,
    func "_pthread_rwlock_wrlock" => rwlock_wrlock,
    func "_pthread_rwlock_trywrlock" => rwlock_trywrlock,
    func "_pthread_rwlock_unlock" => rwlock_unlock,
    func "_pthread_rwlockattr_init" => rwlockattr_init,
    func "_pthread_rwlockattr_destroy" => rwlockattr_destroy,
    func "_pthread_rwlockattr_setpshared" => rwlockattr_setpshared,
    func "_pthread_rwlockattr_getpshared" => rwlockattr_getpshared,
};
