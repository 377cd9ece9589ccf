//! Mutexes, condition variables and once-control in darwin's layouts
//! (`<sys/_pthread/_pthread_types.h>`, `<pthread/pthread_impl.h>`).
//!
//! Each object keeps darwin's signature word first, so darwin's static
//! initializers are valid objects; the rest of the opaque bytes hold our
//! futex state. Uncontended lock and unlock make no system call; a
//! condition variable only wakes the kernel when somebody waits on it.

use super::futex;
use crate::errno::darwin;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use libc::{c_int, c_long, timespec};

const MUTEX_SIG: c_long = 0x4D55_5458; // "MUTX", an initialised mutex (ours)
const MUTEX_SIG_INIT: c_long = 0x32AA_ABA7;
const ERRORCHECK_SIG_INIT: c_long = 0x32AA_ABA1;
const RECURSIVE_SIG_INIT: c_long = 0x32AA_ABA2;
const FIRSTFIT_SIG_INIT: c_long = 0x32AA_ABA3;
const MUTEXATTR_SIG: c_long = 0x4D41_5454; // "MATT"
const COND_SIG: c_long = 0x434F_4E44; // "COND"
const COND_SIG_INIT: c_long = 0x3CB0_B1BB;
const CONDATTR_SIG: c_long = 0x434E_4154; // "CNAT"

pub const NORMAL: u32 = 0;
const ERRORCHECK: u32 = 1;
const RECURSIVE: u32 = 2;

/// darwin `PTHREAD_PROCESS_SHARED` / `PTHREAD_PROCESS_PRIVATE`.
pub const PROCESS_SHARED: c_int = 1;
pub const PROCESS_PRIVATE: c_int = 2;

/// darwin `PTHREAD_PRIO_NONE` / `INHERIT` / `PROTECT`.
const PRIO_NONE: c_int = 0;
const PRIO_PROTECT: c_int = 2;

/// `kind` bit: the mutex was initialised process-shared.
const SHARED_BIT: u32 = 0x100;

/// darwin `pthread_mutex_t` (64 bytes): signature, then our futex lock.
#[repr(C)]
pub struct Mutex {
    sig: c_long,
    /// 0 unlocked, 1 locked, 2 locked with (possible) waiters.
    state: AtomicU32,
    /// Type in the low byte, [`SHARED_BIT`].
    kind: u32,
    /// Linux tid of the owner (recursive and error-checking kinds).
    owner: AtomicU64,
    count: u32,
    _reserved: u32,
    _opaque: [u8; 32],
}
const _: () = assert!(core::mem::size_of::<Mutex>() == 8 + 56);

/// darwin `pthread_mutexattr_t` (16 bytes).
#[repr(C)]
pub struct MutexAttr {
    sig: c_long,
    kind: u8,
    pshared: u8,
    protocol: u8,
    _pad: [u8; 5],
}
const _: () = assert!(core::mem::size_of::<MutexAttr>() == 8 + 8);

/// darwin `pthread_cond_t` (48 bytes).
#[repr(C)]
pub struct Cond {
    sig: c_long,
    /// Bumped by every signal/broadcast; waiters sleep on it.
    seq: AtomicU32,
    /// Threads inside `pthread_cond_*wait`.
    waiters: AtomicU32,
    shared: u32,
    _opaque: [u8; 28],
}
const _: () = assert!(core::mem::size_of::<Cond>() == 8 + 40);

/// darwin `pthread_condattr_t` (16 bytes).
#[repr(C)]
pub struct CondAttr {
    sig: c_long,
    pshared: u32,
    _pad: u32,
}
const _: () = assert!(core::mem::size_of::<CondAttr>() == 8 + 8);

/// darwin `pthread_once_t` (16 bytes).
#[repr(C)]
pub struct Once {
    sig: c_long,
    /// 0 not run, 1 running, 2 running with waiters, 3 done.
    state: AtomicU32,
    _pad: u32,
}
const _: () = assert!(core::mem::size_of::<Once>() == 8 + 8);

thread_local! {
    static TID: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// The calling thread's Linux tid, cached (a syscall per lock would
/// dominate uncontended locking).
pub fn tid() -> u64 {
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

/// Drops the cached tid (a forked child has a new one).
pub fn forget_tid() {
    TID.with(|t| t.set(0));
}

impl Mutex {
    fn kind(&self) -> u32 {
        match self.sig {
            ERRORCHECK_SIG_INIT => ERRORCHECK,
            RECURSIVE_SIG_INIT => RECURSIVE,
            MUTEX_SIG => self.kind & 0xff,
            _ => NORMAL,
        }
    }

    fn shared(&self) -> bool {
        self.sig == MUTEX_SIG && self.kind & SHARED_BIT != 0
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
        let shared = self.shared();
        while self.state.swap(2, Ordering::Acquire) != 0 {
            futex::wait_in(&self.state, 2, None, shared);
        }
    }

    fn unlock_raw(&self) {
        if self.state.swap(0, Ordering::Release) == 2 {
            futex::wake_in(&self.state, 1, self.shared());
        }
    }

    fn lock(&mut self, try_only: bool) -> c_int {
        if !self.valid() {
            return darwin::EINVAL;
        }
        let kind = self.kind();
        if kind != NORMAL && self.owner.load(Ordering::Relaxed) == tid() {
            if kind == RECURSIVE {
                if self.count == u32::MAX {
                    return darwin::EAGAIN;
                }
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
            self.owner.store(0, Ordering::Relaxed);
        }
        self.count = 0;
        self.unlock_raw();
        0
    }

    /// Takes the lock back after a condition wait, with its recursion count.
    fn reacquire(&mut self, count: u32) {
        self.lock_raw();
        if self.kind() != NORMAL {
            self.owner.store(tid(), Ordering::Relaxed);
        }
        self.count = count;
    }
}

/// Re-acquires the mutex of a `pthread_cond_wait` that is being cancelled
/// (POSIX: cleanup handlers run with the mutex held).
///
/// # Safety
/// `m` is the darwin mutex the cancelled thread was waiting with.
pub unsafe fn reacquire_after_cancel(m: *mut libc::c_void) {
    // SAFETY: per the contract.
    unsafe { (*(m as *mut Mutex)).reacquire(1) }
}

unsafe extern "C" fn mutex_init(m: *mut Mutex, attr: *const MutexAttr) -> c_int {
    let mut kind = NORMAL;
    if !attr.is_null() {
        // SAFETY: `attr` points to a darwin mutexattr.
        let a = unsafe { &*attr };
        if a.sig != MUTEXATTR_SIG {
            return darwin::EINVAL;
        }
        kind = a.kind as u32;
        if a.pshared as c_int == PROCESS_SHARED {
            kind |= SHARED_BIT;
        }
    }
    // SAFETY: `m` points to 64 writable bytes.
    unsafe {
        m.write(Mutex {
            sig: MUTEX_SIG,
            state: AtomicU32::new(0),
            kind,
            owner: AtomicU64::new(0),
            count: 0,
            _reserved: 0,
            _opaque: [0; 32],
        })
    };
    0
}

unsafe extern "C" fn mutex_destroy(m: *mut Mutex) -> c_int {
    // SAFETY: `m` points to a darwin mutex.
    unsafe {
        if !(*m).valid() {
            return darwin::EINVAL;
        }
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
            kind: NORMAL as u8,
            pshared: PROCESS_PRIVATE as u8,
            protocol: PRIO_NONE as u8,
            _pad: [0; 5],
        })
    };
    0
}

/// The attr behind `a`, if initialised.
///
/// # Safety
/// `a` points to a darwin mutexattr.
unsafe fn mattr<'a>(a: *mut MutexAttr) -> Option<&'a mut MutexAttr> {
    // SAFETY: per the contract.
    unsafe { (!a.is_null() && (*a).sig == MUTEXATTR_SIG).then(|| &mut *a) }
}

unsafe extern "C" fn mutexattr_destroy(a: *mut MutexAttr) -> c_int {
    // SAFETY: `a` points to a darwin attr.
    match unsafe { mattr(a) } {
        Some(a) => {
            a.sig = 0;
            0
        }
        None => darwin::EINVAL,
    }
}

unsafe extern "C" fn mutexattr_settype(a: *mut MutexAttr, kind: c_int) -> c_int {
    // SAFETY: `a` points to a darwin attr.
    match unsafe { mattr(a) } {
        Some(a) if (0..=2).contains(&kind) => {
            a.kind = kind as u8;
            0
        }
        _ => darwin::EINVAL,
    }
}

unsafe extern "C" fn mutexattr_gettype(a: *mut MutexAttr, kind: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    match unsafe { mattr(a) } {
        Some(a) => {
            // SAFETY: `kind` is writable.
            unsafe { *kind = a.kind as c_int };
            0
        }
        None => darwin::EINVAL,
    }
}

unsafe extern "C" fn mutexattr_setpshared(a: *mut MutexAttr, v: c_int) -> c_int {
    // SAFETY: `a` points to a darwin attr.
    match unsafe { mattr(a) } {
        Some(a) if v == PROCESS_SHARED || v == PROCESS_PRIVATE => {
            a.pshared = v as u8;
            0
        }
        _ => darwin::EINVAL,
    }
}

unsafe extern "C" fn mutexattr_getpshared(a: *mut MutexAttr, v: *mut c_int) -> c_int {
    // SAFETY: `a` points to a darwin attr.
    match unsafe { mattr(a) } {
        Some(a) => {
            // SAFETY: `v` is writable.
            unsafe { *v = a.pshared as c_int };
            0
        }
        None => darwin::EINVAL,
    }
}

/// The protocol is recorded and reported back; it only affects scheduling
/// priorities, which Calvados leaves to Linux (macOS accepts all three).
unsafe extern "C" fn mutexattr_setprotocol(a: *mut MutexAttr, v: c_int) -> c_int {
    // SAFETY: `a` points to a darwin attr.
    match unsafe { mattr(a) } {
        Some(a) if (PRIO_NONE..=PRIO_PROTECT).contains(&v) => {
            a.protocol = v as u8;
            0
        }
        _ => darwin::EINVAL,
    }
}

unsafe extern "C" fn mutexattr_getprotocol(a: *mut MutexAttr, v: *mut c_int) -> c_int {
    // SAFETY: `a` points to a darwin attr.
    match unsafe { mattr(a) } {
        Some(a) => {
            // SAFETY: `v` is writable.
            unsafe { *v = a.protocol as c_int };
            0
        }
        None => darwin::EINVAL,
    }
}

impl Cond {
    fn valid(&self) -> bool {
        self.sig == COND_SIG || self.sig == COND_SIG_INIT
    }

    fn shared(&self) -> bool {
        self.sig == COND_SIG && self.shared != 0
    }

    /// Wakes `n` waiters, skipping the system call when nobody waits.
    fn wake(&self, n: i32) {
        self.seq.fetch_add(1, Ordering::SeqCst);
        if self.waiters.load(Ordering::SeqCst) != 0 {
            futex::wake_in(&self.seq, n, self.shared());
        }
    }
}

unsafe extern "C" fn cond_init(c: *mut Cond, attr: *const CondAttr) -> c_int {
    let mut shared = 0;
    if !attr.is_null() {
        // SAFETY: `attr` points to a darwin condattr.
        let a = unsafe { &*attr };
        if a.sig != CONDATTR_SIG {
            return darwin::EINVAL;
        }
        shared = (a.pshared as c_int == PROCESS_SHARED) as u32;
    }
    // SAFETY: `c` points to 48 writable bytes.
    unsafe {
        c.write(Cond {
            sig: COND_SIG,
            seq: AtomicU32::new(0),
            waiters: AtomicU32::new(0),
            shared,
            _opaque: [0; 28],
        })
    };
    0
}

unsafe extern "C" fn cond_destroy(c: *mut Cond) -> c_int {
    // SAFETY: `c` points to a darwin cond.
    let c = unsafe { &mut *c };
    if !c.valid() {
        return darwin::EINVAL;
    }
    if c.waiters.load(Ordering::SeqCst) != 0 {
        return darwin::EBUSY;
    }
    c.sig = 0;
    0
}

unsafe extern "C" fn cond_signal(c: *mut Cond) -> c_int {
    // SAFETY: `c` points to a darwin cond.
    let c = unsafe { &*c };
    if !c.valid() {
        return darwin::EINVAL;
    }
    c.wake(1);
    0
}

unsafe extern "C" fn cond_broadcast(c: *mut Cond) -> c_int {
    // SAFETY: `c` points to a darwin cond.
    let c = unsafe { &*c };
    if !c.valid() {
        return darwin::EINVAL;
    }
    c.wake(i32::MAX);
    0
}

/// `pthread_cond_signal_thread_np`: wakes `thread` if it waits on `c`. A
/// futex cannot pick its waker, so every waiter wakes (a spurious wake-up
/// for the others, which POSIX allows); NULL means any one thread.
unsafe extern "C" fn cond_signal_thread(c: *mut Cond, thread: *mut libc::c_void) -> c_int {
    // SAFETY: `c` points to a darwin cond.
    let c = unsafe { &*c };
    if !c.valid() {
        return darwin::EINVAL;
    }
    c.wake(if thread.is_null() { 1 } else { i32::MAX });
    0
}

/// How long a condition wait may last.
enum Deadline {
    Forever,
    /// Relative, on the monotonic clock.
    After(timespec),
    /// Absolute, on `CLOCK_REALTIME`.
    At(timespec),
}

fn valid_ts(t: &timespec) -> bool {
    t.tv_sec >= 0 && (0..1_000_000_000).contains(&t.tv_nsec)
}

/// Waits on `c` with `m` held. A cancellation point: if the thread is
/// cancelled while it sleeps, it takes `m` back before exiting.
unsafe fn cond_wait_impl(c: *mut Cond, m: *mut Mutex, dl: Deadline, cancelable: bool) -> c_int {
    // SAFETY: valid darwin objects from the caller, `m` held by this thread.
    let (c, m) = unsafe { (&*c, &mut *m) };
    if !c.valid() || !m.valid() {
        return darwin::EINVAL;
    }
    if m.kind() != NORMAL && m.owner.load(Ordering::Relaxed) != tid() {
        return darwin::EPERM;
    }
    c.waiters.fetch_add(1, Ordering::SeqCst);
    let seq = c.seq.load(Ordering::SeqCst);
    let count = m.count;
    if m.kind() != NORMAL {
        m.owner.store(0, Ordering::Relaxed);
    }
    m.count = 0;
    m.unlock_raw();
    let shared = c.shared();
    let t = if cancelable {
        super::tsd::current()
    } else {
        core::ptr::null_mut()
    };
    if !t.is_null() {
        // SAFETY: `t` is this thread's DarwinThread.
        unsafe {
            (*t).cancel_mutex
                .store(m as *mut Mutex as *mut _, Ordering::SeqCst)
        };
    }
    let wait = || match &dl {
        Deadline::Forever => futex::wait_in(&c.seq, seq, None, shared),
        Deadline::After(rel) => futex::wait_in(&c.seq, seq, Some(rel), shared),
        Deadline::At(abs) => futex::wait_until_realtime(&c.seq, seq, abs, shared),
    };
    let woke = if t.is_null() {
        wait()
    } else {
        super::thread::blocking(wait)
    };
    if !t.is_null() {
        // SAFETY: as above.
        unsafe {
            (*t).cancel_mutex
                .store(core::ptr::null_mut(), Ordering::SeqCst)
        };
    }
    c.waiters.fetch_sub(1, Ordering::SeqCst);
    m.reacquire(count);
    if woke {
        0
    } else {
        darwin::ETIMEDOUT
    }
}

unsafe extern "C" fn cond_wait(c: *mut Cond, m: *mut Mutex) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { cond_wait_impl(c, m, Deadline::Forever, true) }
}

unsafe extern "C" fn cond_wait_nocancel(c: *mut Cond, m: *mut Mutex) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { cond_wait_impl(c, m, Deadline::Forever, false) }
}

/// `pthread_cond_timedwait`: `abstime` is on `CLOCK_REALTIME`.
unsafe fn timedwait(c: *mut Cond, m: *mut Mutex, abstime: *const timespec, cancel: bool) -> c_int {
    // SAFETY: `abstime` is a valid timespec.
    let abs = unsafe { *abstime };
    if !valid_ts(&abs) {
        return darwin::EINVAL;
    }
    // SAFETY: forwarded contract.
    unsafe { cond_wait_impl(c, m, Deadline::At(abs), cancel) }
}

unsafe extern "C" fn cond_timedwait(
    c: *mut Cond,
    m: *mut Mutex,
    abstime: *const timespec,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { timedwait(c, m, abstime, true) }
}

unsafe extern "C" fn cond_timedwait_nocancel(
    c: *mut Cond,
    m: *mut Mutex,
    abstime: *const timespec,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { timedwait(c, m, abstime, false) }
}

/// darwin `pthread_cond_timedwait_relative_np`: `rel` from now.
unsafe extern "C" fn cond_timedwait_relative(
    c: *mut Cond,
    m: *mut Mutex,
    rel: *const timespec,
) -> c_int {
    // SAFETY: `rel` is a valid timespec.
    let rel = unsafe { *rel };
    if !valid_ts(&rel) {
        return darwin::EINVAL;
    }
    // SAFETY: forwarded contract.
    unsafe { cond_wait_impl(c, m, Deadline::After(rel), true) }
}

unsafe extern "C" fn condattr_init(a: *mut CondAttr) -> c_int {
    // SAFETY: `a` points to 16 writable bytes.
    unsafe {
        a.write(CondAttr {
            sig: CONDATTR_SIG,
            pshared: PROCESS_PRIVATE as u32,
            _pad: 0,
        })
    };
    0
}

unsafe extern "C" fn condattr_destroy(a: *mut CondAttr) -> c_int {
    // SAFETY: `a` points to a darwin condattr.
    unsafe {
        if (*a).sig != CONDATTR_SIG {
            return darwin::EINVAL;
        }
        (*a).sig = 0;
    }
    0
}

unsafe extern "C" fn condattr_setpshared(a: *mut CondAttr, v: c_int) -> c_int {
    if v != PROCESS_SHARED && v != PROCESS_PRIVATE {
        return darwin::EINVAL;
    }
    // SAFETY: `a` points to a darwin condattr.
    unsafe {
        if (*a).sig != CONDATTR_SIG {
            return darwin::EINVAL;
        }
        (*a).pshared = v as u32;
    }
    0
}

unsafe extern "C" fn condattr_getpshared(a: *const CondAttr, v: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        if (*a).sig != CONDATTR_SIG {
            return darwin::EINVAL;
        }
        *v = (*a).pshared as c_int;
    }
    0
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
    func "_pthread_mutexattr_setpshared" => mutexattr_setpshared,
    func "_pthread_mutexattr_getpshared" => mutexattr_getpshared,
    func "_pthread_mutexattr_setprotocol" => mutexattr_setprotocol,
    func "_pthread_mutexattr_getprotocol" => mutexattr_getprotocol,
    func "_pthread_cond_init" => cond_init,
    func "_pthread_cond_destroy" => cond_destroy,
    func "_pthread_cond_signal" => cond_signal,
    func "_pthread_cond_broadcast" => cond_broadcast,
    func "_pthread_cond_signal_thread_np" => cond_signal_thread,
    func "_pthread_cond_wait" => cond_wait,
    func "_pthread_cond_wait$NOCANCEL" => cond_wait_nocancel,
    func "_pthread_cond_timedwait" => cond_timedwait,
    func "_pthread_cond_timedwait$NOCANCEL" => cond_timedwait_nocancel,
    func "_pthread_cond_timedwait_relative_np" => cond_timedwait_relative,
    func "_pthread_condattr_init" => condattr_init,
    func "_pthread_condattr_destroy" => condattr_destroy,
    func "_pthread_condattr_setpshared" => condattr_setpshared,
    func "_pthread_condattr_getpshared" => condattr_getpshared,
    func "_pthread_once" => once,
};
