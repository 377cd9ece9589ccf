//! Mutexes, condition variables and once-control in darwin's layouts.

use super::futex;
use crate::errno::darwin;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use libc::{c_int, c_long, c_void};

const MUTEX_SIG: c_long = 0x4D55_5458; // "MUTX", an initialised darwin mutex
const MUTEX_SIG_INIT: c_long = 0x32AA_ABA7;
const ERRORCHECK_SIG_INIT: c_long = 0x32AA_ABA1;
const RECURSIVE_SIG_INIT: c_long = 0x32AA_ABA2;
const FIRSTFIT_SIG_INIT: c_long = 0x32AA_ABA3;
const MUTEXATTR_SIG: c_long = 0x4D41_5454; // "MATT"
const COND_SIG: c_long = 0x434F_4E44; // "COND"

const NORMAL: u32 = 0;
const ERRORCHECK: u32 = 1;
const RECURSIVE: u32 = 2;

/// darwin `pthread_mutex_t` (64 bytes): signature, then our futex lock.
#[repr(C)]
pub struct Mutex {
    sig: c_long,
    /// 0 unlocked, 1 locked, 2 locked with waiters.
    state: AtomicU32,
    kind: u32,
    /// Linux tid of the owner (recursive and error-checking kinds).
    owner: AtomicU64,
    count: u32,
    _opaque: [u8; 36],
}
const _: () = assert!(core::mem::size_of::<Mutex>() == 64);

/// darwin `pthread_mutexattr_t` (16 bytes).
#[repr(C)]
pub struct MutexAttr {
    sig: c_long,
    kind: u32,
    pshared: u32,
}
const _: () = assert!(core::mem::size_of::<MutexAttr>() == 16);

/// darwin `pthread_cond_t` (48 bytes).
#[repr(C)]
pub struct Cond {
    sig: c_long,
    seq: AtomicU32,
    _opaque: [u8; 36],
}
const _: () = assert!(core::mem::size_of::<Cond>() == 48);

/// darwin `pthread_once_t` (16 bytes).
#[repr(C)]
pub struct Once {
    sig: c_long,
    /// 0 not run, 1 running, 2 running with waiters, 3 done.
    state: AtomicU32,
    _pad: u32,
}
const _: () = assert!(core::mem::size_of::<Once>() == 16);

thread_local! {
    static TID: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// The calling thread's Linux tid, cached (a syscall per lock would
/// dominate uncontended locking).
fn tid() -> u64 {
    TID.with(|t| {
        let v = t.get();
        if v != 0 {
            return v;
        }
        // SAFETY: gettid has no preconditions.
        let v = unsafe { libc::gettid() as u64 };
        t.set(v);
        v
    })
}

impl Mutex {
    fn kind(&self) -> u32 {
        match self.sig {
            ERRORCHECK_SIG_INIT => ERRORCHECK,
            RECURSIVE_SIG_INIT => RECURSIVE,
            _ => self.kind,
        }
    }

    fn valid(&self) -> bool {
        matches!(
            self.sig,
            MUTEX_SIG
                | MUTEX_SIG_INIT
                | ERRORCHECK_SIG_INIT
                | RECURSIVE_SIG_INIT
                | FIRSTFIT_SIG_INIT
        )
    }

    fn lock_raw(&self) {
        if self
            .state
            .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            return;
        }
        while self.state.swap(2, Ordering::Acquire) != 0 {
            futex::wait(&self.state, 2, None);
        }
    }

    fn unlock_raw(&self) {
        if self.state.swap(0, Ordering::Release) == 2 {
            futex::wake(&self.state, 1);
        }
    }

    fn lock(&mut self, try_only: bool) -> c_int {
        if !self.valid() {
            return darwin::EINVAL;
        }
        let kind = self.kind();
        if kind != NORMAL && self.owner.load(Ordering::Relaxed) == tid() {
            if kind == RECURSIVE {
                self.count += 1;
                return 0;
            }
            return if try_only {
                darwin::EBUSY
            } else {
                darwin::EDEADLK
            };
        }
        if try_only {
            if self
                .state
                .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
            {
                return darwin::EBUSY;
            }
        } else {
            self.lock_raw();
        }
        if kind != NORMAL {
            self.owner.store(tid(), Ordering::Relaxed);
        }
        self.count = 1;
        0
    }

    fn unlock(&mut self) -> c_int {
        if !self.valid() {
            return darwin::EINVAL;
        }
        let kind = self.kind();
        if kind != NORMAL {
            if self.owner.load(Ordering::Relaxed) != tid() {
                return darwin::EPERM;
            }
            if kind == RECURSIVE && self.count > 1 {
                self.count -= 1;
                return 0;
            }
        }
        if kind != NORMAL {
            self.owner.store(0, Ordering::Relaxed);
        }
        self.count = 0;
        self.unlock_raw();
        0
    }
}

unsafe extern "C" fn mutex_init(m: *mut Mutex, attr: *const MutexAttr) -> c_int {
    // SAFETY: `attr` is NULL or an initialised darwin attr.
    let kind = unsafe {
        if !attr.is_null() && (*attr).sig == MUTEXATTR_SIG {
            (*attr).kind
        } else {
            NORMAL
        }
    };
    // SAFETY: `m` points to 64 writable bytes.
    unsafe {
        m.write(Mutex {
            sig: MUTEX_SIG,
            state: AtomicU32::new(0),
            kind,
            owner: AtomicU64::new(0),
            count: 0,
            _opaque: [0; 36],
        })
    };
    0
}

unsafe extern "C" fn mutex_destroy(m: *mut Mutex) -> c_int {
    // SAFETY: `m` points to a darwin mutex.
    unsafe {
        if (*m).state.load(Ordering::Relaxed) != 0 {
            return darwin::EBUSY;
        }
        (*m).sig = 0;
    }
    0
}

unsafe extern "C" fn mutex_lock(m: *mut Mutex) -> c_int {
    // SAFETY: `m` points to a darwin mutex.
    unsafe { (*m).lock(false) }
}

unsafe extern "C" fn mutex_trylock(m: *mut Mutex) -> c_int {
    // SAFETY: `m` points to a darwin mutex.
    unsafe { (*m).lock(true) }
}

unsafe extern "C" fn mutex_unlock(m: *mut Mutex) -> c_int {
    // SAFETY: `m` points to a darwin mutex.
    unsafe { (*m).unlock() }
}

unsafe extern "C" fn mutexattr_init(a: *mut MutexAttr) -> c_int {
    // SAFETY: `a` points to 16 writable bytes.
    unsafe {
        a.write(MutexAttr {
            sig: MUTEXATTR_SIG,
            kind: NORMAL,
            pshared: 2,
        })
    };
    0
}

unsafe extern "C" fn mutexattr_destroy(a: *mut MutexAttr) -> c_int {
    // SAFETY: `a` points to a darwin attr.
    unsafe { (*a).sig = 0 };
    0
}

unsafe extern "C" fn mutexattr_settype(a: *mut MutexAttr, kind: c_int) -> c_int {
    if !(0..=2).contains(&kind) {
        return darwin::EINVAL;
    }
    // SAFETY: `a` points to a darwin attr.
    unsafe { (*a).kind = kind as u32 };
    0
}

unsafe extern "C" fn mutexattr_gettype(a: *const MutexAttr, kind: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe { *kind = (*a).kind as c_int };
    0
}

unsafe extern "C" fn cond_init(c: *mut Cond, _attr: *const c_void) -> c_int {
    // SAFETY: `c` points to 48 writable bytes.
    unsafe {
        c.write(Cond {
            sig: COND_SIG,
            seq: AtomicU32::new(0),
            _opaque: [0; 36],
        })
    };
    0
}

unsafe extern "C" fn cond_destroy(c: *mut Cond) -> c_int {
    // SAFETY: `c` points to a darwin cond.
    unsafe { (*c).sig = 0 };
    0
}

unsafe extern "C" fn cond_signal(c: *mut Cond) -> c_int {
    // SAFETY: `c` points to a darwin cond.
    let c = unsafe { &*c };
    c.seq.fetch_add(1, Ordering::Release);
    futex::wake(&c.seq, 1);
    0
}

unsafe extern "C" fn cond_broadcast(c: *mut Cond) -> c_int {
    // SAFETY: `c` points to a darwin cond.
    let c = unsafe { &*c };
    c.seq.fetch_add(1, Ordering::Release);
    futex::wake(&c.seq, i32::MAX);
    0
}

/// Waits on `c` with `m` held; `rel` is a relative timeout.
unsafe fn cond_wait_rel(c: *mut Cond, m: *mut Mutex, rel: Option<libc::timespec>) -> c_int {
    // SAFETY: valid darwin objects from the caller, `m` held by this thread.
    unsafe {
        let c = &*c;
        let m = &mut *m;
        let seq = c.seq.load(Ordering::Acquire);
        let count = m.count;
        m.count = 1;
        let r = m.unlock();
        if r != 0 {
            m.count = count;
            return r;
        }
        let woke = futex::wait(&c.seq, seq, rel.as_ref());
        // Re-acquire, marking contention so a later unlock wakes others.
        while m.state.swap(2, Ordering::Acquire) != 0 {
            futex::wait(&m.state, 2, None);
        }
        if m.kind() != NORMAL {
            m.owner.store(tid(), Ordering::Relaxed);
        }
        m.count = count;
        if woke {
            0
        } else {
            darwin::ETIMEDOUT
        }
    }
}

unsafe extern "C" fn cond_wait(c: *mut Cond, m: *mut Mutex) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { cond_wait_rel(c, m, None) }
}

/// `pthread_cond_timedwait`: `abstime` is on `CLOCK_REALTIME`.
unsafe extern "C" fn cond_timedwait(
    c: *mut Cond,
    m: *mut Mutex,
    abstime: *const libc::timespec,
) -> c_int {
    // SAFETY: `abstime` is a valid timespec.
    let abs = unsafe { *abstime };
    if abs.tv_nsec < 0 || abs.tv_nsec >= 1_000_000_000 {
        return darwin::EINVAL;
    }
    let mut now: libc::timespec = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is writable.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut now) };
    let mut sec = abs.tv_sec - now.tv_sec;
    let mut nsec = abs.tv_nsec - now.tv_nsec;
    if nsec < 0 {
        nsec += 1_000_000_000;
        sec -= 1;
    }
    if sec < 0 {
        sec = 0;
        nsec = 0;
    }
    // SAFETY: forwarded contract.
    unsafe {
        cond_wait_rel(
            c,
            m,
            Some(libc::timespec {
                tv_sec: sec,
                tv_nsec: nsec,
            }),
        )
    }
}

/// darwin `pthread_cond_timedwait_relative_np`.
unsafe extern "C" fn cond_timedwait_relative(
    c: *mut Cond,
    m: *mut Mutex,
    rel: *const libc::timespec,
) -> c_int {
    // SAFETY: forwarded contract; `rel` is a valid timespec.
    unsafe { cond_wait_rel(c, m, Some(*rel)) }
}

unsafe extern "C" fn once(o: *mut Once, f: extern "C" fn()) -> c_int {
    // SAFETY: `o` points to a darwin once-control.
    let o = unsafe { &*o };
    loop {
        match o
            .state
            .compare_exchange(0, 1, Ordering::Acquire, Ordering::Acquire)
        {
            Ok(_) => {
                f();
                if o.state.swap(3, Ordering::Release) == 2 {
                    futex::wake(&o.state, i32::MAX);
                }
                return 0;
            }
            Err(3) => return 0,
            Err(s) => {
                if s == 1 {
                    let _ = o
                        .state
                        .compare_exchange(1, 2, Ordering::Relaxed, Ordering::Relaxed);
                }
                futex::wait(&o.state, 2, None);
            }
        }
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_pthread_mutex_init" => mutex_init,
    func "_pthread_mutex_destroy" => mutex_destroy,
    func "_pthread_mutex_lock" => mutex_lock,
    func "_pthread_mutex_trylock" => mutex_trylock,
    func "_pthread_mutex_unlock" => mutex_unlock,
    func "_pthread_mutexattr_init" => mutexattr_init,
    func "_pthread_mutexattr_destroy" => mutexattr_destroy,
    func "_pthread_mutexattr_settype" => mutexattr_settype,
    func "_pthread_mutexattr_gettype" => mutexattr_gettype,
    func "_pthread_cond_init" => cond_init,
    func "_pthread_cond_destroy" => cond_destroy,
    func "_pthread_cond_signal" => cond_signal,
    func "_pthread_cond_broadcast" => cond_broadcast,
    func "_pthread_cond_wait" => cond_wait,
    func "_pthread_cond_wait$NOCANCEL" => cond_wait,
    func "_pthread_cond_timedwait" => cond_timedwait,
    func "_pthread_cond_timedwait$NOCANCEL" => cond_timedwait,
    func "_pthread_cond_timedwait_relative_np" => cond_timedwait_relative,
    func "_pthread_once" => once,
};
