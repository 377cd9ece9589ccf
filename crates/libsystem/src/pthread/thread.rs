//! Threads: creation and identity, attributes, names, cancellation.
//!
//! Threads are glibc threads that also get a [`DarwinThread`] (`%gs`).
//! Cancellation is darwin's own (not glibc's): `pthread_cancel` marks the
//! target; the target acts on it in `pthread_testcancel` and in the
//! blocking calls that are cancellation points (see [`blocking`]:
//! `pthread_cond_wait`/`timedwait`, `pthread_join`, `sleep`/`usleep`/
//! `nanosleep`, `pause`, `sigsuspend`, `sigwait`, `sigpause`), or at once
//! with `PTHREAD_CANCEL_ASYNCHRONOUS`. A thread blocked in one of those is
//! woken by a Linux real-time signal ([`cancel_signal`]) whose handler
//! exits the thread. Acting on a cancellation runs the
//! `pthread_cleanup_push` handlers (darwin keeps them in the thread at
//! offset 8, [`tsd::CLEANUP_SLOT`]), then key destructors, like
//! `pthread_exit(PTHREAD_CANCELED)`.

use super::tsd::{self, DarwinThread};
use crate::errno::darwin;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use libc::{c_char, c_int, c_void, size_t};

/// darwin `pthread_attr_t`: signature word plus 56 opaque bytes.
#[repr(C)]
pub struct PthreadAttr {
    sig: libc::c_long,
    detach: c_int,
    scope: c_int,
    /// 0: the default size.
    stacksize: size_t,
    guardsize: size_t,
    /// The *top* of a caller-provided stack (darwin's convention), or 0.
    stackaddr: usize,
    inherit: c_int,
    policy: c_int,
    priority: c_int,
    _pad: c_int,
    _opaque: [u8; 8],
}
const _: () = assert!(core::mem::size_of::<PthreadAttr>() == 8 + 56);
const ATTR_SIG: libc::c_long = 0x5448_5241; // "THRA"

// <pthread.h>, <pthread/pthread_impl.h>, <limits.h> (x86_64).
const CREATE_JOINABLE: c_int = 1;
const CREATE_DETACHED: c_int = 2;
const INHERIT_SCHED: c_int = 1;
const EXPLICIT_SCHED: c_int = 2;
const SCOPE_SYSTEM: c_int = 1;
const SCOPE_PROCESS: c_int = 2;
const SCHED_OTHER: c_int = 1;
const SCHED_RR: c_int = 2;
const SCHED_FIFO: c_int = 4;
const STACK_MIN: size_t = 8192;
const PAGE: size_t = 4096;
/// darwin's default secondary-thread stack size (512 KiB).
const DEFAULT_STACK: size_t = 512 * 1024;
/// darwin's default timeshare priority, reported by `getschedparam`.
const DEFAULT_PRIORITY: c_int = 31;
const CANCEL_ENABLE: c_int = 1;
const CANCEL_DISABLE: c_int = 0;
const CANCEL_DEFERRED: c_int = 2;
const CANCEL_ASYNCHRONOUS: c_int = 0;
/// darwin `PTHREAD_CANCELED`.
const CANCELED: *mut c_void = core::ptr::without_provenance_mut(1);

// Bits of `DarwinThread::cancel`.
const C_DISABLED: u32 = 1;
const C_ASYNC: u32 = 2;
const C_PENDING: u32 = 4;
const C_BLOCKING: u32 = 8;
const C_ACTING: u32 = 16;

/// Whether a thread in state `s` must act on a cancellation now.
fn must_act(s: u32) -> bool {
    s & (C_PENDING | C_DISABLED | C_ACTING) == C_PENDING
}

type StartFn = extern "C" fn(*mut c_void) -> *mut c_void;

struct Start {
    func: StartFn,
    arg: *mut c_void,
    slot: *mut *mut DarwinThread,
    ready: AtomicU32,
}

/// Set once a second thread exists (`pthread_is_threaded_np`).
static THREADED: AtomicBool = AtomicBool::new(false);

extern "C" fn trampoline(p: *mut c_void) -> *mut c_void {
    // SAFETY: `p` is the `Start` that pthread_create keeps alive until `ready`.
    let (func, arg) = unsafe {
        let s = &*(p as *const Start);
        let t = tsd::setup_current_thread();
        *s.slot = t;
        let pair = (s.func, s.arg);
        s.ready.store(1, Ordering::Release);
        super::futex::wake(&s.ready, 1);
        pair
    };
    let ret = func(arg);
    tsd::run_thread_exit_destructors();
    ret
}

/// darwin `pthread_create`: `*thread` is our `DarwinThread`.
unsafe extern "C" fn pthread_create(
    thread: *mut *mut DarwinThread,
    attr: *const PthreadAttr,
    func: StartFn,
    arg: *mut c_void,
) -> c_int {
    tsd::setup_current_thread();
    let mut slot: *mut DarwinThread = core::ptr::null_mut();
    let start = Start {
        func,
        arg,
        slot: &mut slot,
        ready: AtomicU32::new(0),
    };
    // SAFETY: building a glibc attr from ours; `start` outlives the handshake below.
    unsafe {
        let mut hattr: libc::pthread_attr_t = core::mem::zeroed();
        libc::pthread_attr_init(&mut hattr);
        if !attr.is_null() {
            let a = &*attr;
            if a.sig != ATTR_SIG {
                libc::pthread_attr_destroy(&mut hattr);
                return darwin::EINVAL;
            }
            let size = if a.stacksize == 0 {
                DEFAULT_STACK
            } else {
                a.stacksize
            };
            if a.stackaddr != 0 {
                libc::pthread_attr_setstack(&mut hattr, (a.stackaddr - size) as *mut c_void, size);
            } else {
                if a.stacksize != 0 {
                    // glibc needs at least 16 KiB; more stack is harmless.
                    libc::pthread_attr_setstacksize(&mut hattr, size.max(libc::PTHREAD_STACK_MIN));
                }
                libc::pthread_attr_setguardsize(&mut hattr, a.guardsize);
            }
            if a.detach == CREATE_DETACHED {
                libc::pthread_attr_setdetachstate(&mut hattr, libc::PTHREAD_CREATE_DETACHED);
            }
        }
        // Without an attr: Linux's 8 MiB default rather than darwin's
        // 512 KiB, kinder to programs and costing only address space.
        let mut host: libc::pthread_t = 0;
        let r = libc::pthread_create(
            &mut host,
            &hattr,
            trampoline,
            &start as *const Start as *mut c_void,
        );
        libc::pthread_attr_destroy(&mut hattr);
        if r != 0 {
            return crate::errno::linux_to_darwin(r);
        }
        THREADED.store(true, Ordering::Relaxed);
        while start.ready.load(Ordering::Acquire) == 0 {
            super::futex::wait(&start.ready, 0, None);
        }
        (*slot).host = host;
        *thread = slot;
    }
    0
}

/// `pthread_join`; a cancellation point.
unsafe extern "C" fn pthread_join(t: *mut DarwinThread, ret: *mut *mut c_void) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { join(t, ret, true) }
}

unsafe extern "C" fn pthread_join_nocancel(t: *mut DarwinThread, ret: *mut *mut c_void) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { join(t, ret, false) }
}

unsafe fn join(t: *mut DarwinThread, ret: *mut *mut c_void, cancel: bool) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    if t == tsd::current() {
        return darwin::EDEADLK;
    }
    // SAFETY: `t` is a DarwinThread from pthread_create.
    let host = unsafe { (*t).host };
    // SAFETY: `host` is a joinable glibc thread; `ret` is NULL or writable.
    let call = || unsafe { libc::pthread_join(host, ret) };
    let r = if cancel { blocking(call) } else { call() };
    if r == 0 {
        // SAFETY: the thread is gone; its DarwinThread is ours to free.
        drop(unsafe { Box::from_raw(t) });
        0
    } else {
        crate::errno::linux_to_darwin(r)
    }
}

unsafe extern "C" fn pthread_detach(t: *mut DarwinThread) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    // SAFETY: `t` is a DarwinThread from pthread_create (never freed when detached).
    crate::errno::linux_to_darwin(unsafe { libc::pthread_detach((*t).host) })
}

extern "C" fn pthread_self() -> *mut DarwinThread {
    tsd::setup_current_thread()
}

extern "C" fn pthread_equal(a: *mut DarwinThread, b: *mut DarwinThread) -> c_int {
    (a == b) as c_int
}

/// darwin `struct __darwin_pthread_handler_rec` (`<sys/_pthread/_pthread_types.h>`).
#[repr(C)]
struct CleanupRec {
    routine: Option<unsafe extern "C" fn(*mut c_void)>,
    arg: *mut c_void,
    next: *mut CleanupRec,
}
const _: () = assert!(core::mem::size_of::<CleanupRec>() == 24);

/// Pops and runs the `pthread_cleanup_push` handlers, newest first.
fn run_cleanup_handlers() {
    let t = tsd::current();
    if t.is_null() {
        return;
    }
    // SAFETY: the slot holds NULL or a chain of records on this thread's
    // stack, pushed by the darwin macros; each is unlinked before it runs.
    unsafe {
        loop {
            let rec = (*t).tsd[tsd::CLEANUP_SLOT] as *mut CleanupRec;
            if rec.is_null() {
                break;
            }
            (*t).tsd[tsd::CLEANUP_SLOT] = (*rec).next as usize;
            if let Some(f) = (*rec).routine {
                f((*rec).arg);
            }
        }
    }
}

/// `pthread_exit`: cleanup handlers, then TLV and key destructors.
extern "C" fn pthread_exit(v: *mut c_void) -> ! {
    run_cleanup_handlers();
    tsd::run_thread_exit_destructors();
    // SAFETY: ends the calling thread.
    unsafe { libc::pthread_exit(v) }
}

/// Acts on a cancellation request: never returns.
fn act_on_cancel(t: *mut DarwinThread) -> ! {
    // SAFETY: `t` is the calling thread's DarwinThread.
    unsafe {
        (*t).cancel
            .fetch_or(C_ACTING | C_DISABLED, Ordering::SeqCst);
        let m = (*t)
            .cancel_mutex
            .swap(core::ptr::null_mut(), Ordering::SeqCst);
        if !m.is_null() {
            super::sync::reacquire_after_cancel(m);
        }
    }
    pthread_exit(CANCELED)
}

/// Runs `f`, a call that may block, as a cancellation point: a pending
/// cancellation is acted on before it starts, while it blocks (the
/// cancellation signal interrupts it), or once it returns.
pub fn blocking<R>(f: impl FnOnce() -> R) -> R {
    let t = tsd::current();
    if t.is_null() {
        return f();
    }
    // SAFETY: `t` is this thread's DarwinThread.
    let cancel = unsafe { &(*t).cancel };
    if must_act(cancel.fetch_or(C_BLOCKING, Ordering::SeqCst)) {
        act_on_cancel(t);
    }
    let r = f();
    if must_act(cancel.fetch_and(!C_BLOCKING, Ordering::SeqCst)) {
        act_on_cancel(t);
    }
    r
}

/// The Linux signal that interrupts a thread to deliver a cancellation: a
/// real-time signal no darwin signal number maps to.
pub fn cancel_signal() -> c_int {
    libc::SIGRTMIN() + 3
}

extern "C" fn on_cancel_signal(_sig: c_int) {
    let t = tsd::current();
    if t.is_null() {
        return;
    }
    // SAFETY: `t` is this thread's DarwinThread.
    let s = unsafe { (*t).cancel.load(Ordering::SeqCst) };
    if must_act(s) && s & (C_BLOCKING | C_ASYNC) != 0 {
        act_on_cancel(t);
    }
}

fn install_cancel_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: a plain handler for a signal only we use.
    ONCE.call_once(|| unsafe {
        let mut sa: libc::sigaction = core::mem::zeroed();
        sa.sa_sigaction = on_cancel_signal as *const () as usize;
        sa.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(cancel_signal(), &sa, core::ptr::null_mut());
    });
}

unsafe extern "C" fn pthread_cancel(t: *mut DarwinThread) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    install_cancel_handler();
    // SAFETY: `t` is a live DarwinThread.
    unsafe {
        let now = (*t).cancel.fetch_or(C_PENDING, Ordering::SeqCst) | C_PENDING;
        if must_act(now) && now & (C_BLOCKING | C_ASYNC) != 0 {
            libc::pthread_kill((*t).host, cancel_signal());
        }
    }
    0
}

extern "C" fn pthread_testcancel() {
    let t = tsd::current();
    // SAFETY: `t` is NULL or this thread's DarwinThread.
    if !t.is_null() && must_act(unsafe { (*t).cancel.load(Ordering::SeqCst) }) {
        act_on_cancel(t);
    }
}

unsafe extern "C" fn pthread_setcancelstate(state: c_int, old: *mut c_int) -> c_int {
    let t = tsd::setup_current_thread();
    // SAFETY: `t` is this thread's DarwinThread; `old` is NULL or writable.
    unsafe {
        let prev = match state {
            CANCEL_ENABLE => (*t).cancel.fetch_and(!C_DISABLED, Ordering::SeqCst),
            CANCEL_DISABLE => (*t).cancel.fetch_or(C_DISABLED, Ordering::SeqCst),
            _ => return darwin::EINVAL,
        };
        if !old.is_null() {
            *old = if prev & C_DISABLED != 0 {
                CANCEL_DISABLE
            } else {
                CANCEL_ENABLE
            };
        }
    }
    0
}

unsafe extern "C" fn pthread_setcanceltype(kind: c_int, old: *mut c_int) -> c_int {
    let t = tsd::setup_current_thread();
    // SAFETY: `t` is this thread's DarwinThread; `old` is NULL or writable.
    unsafe {
        let prev = match kind {
            CANCEL_ASYNCHRONOUS => {
                install_cancel_handler();
                (*t).cancel.fetch_or(C_ASYNC, Ordering::SeqCst)
            }
            CANCEL_DEFERRED => (*t).cancel.fetch_and(!C_ASYNC, Ordering::SeqCst),
            _ => return darwin::EINVAL,
        };
        if !old.is_null() {
            *old = if prev & C_ASYNC != 0 {
                CANCEL_ASYNCHRONOUS
            } else {
                CANCEL_DEFERRED
            };
        }
    }
    0
}

unsafe extern "C" fn pthread_threadid_np(t: *mut DarwinThread, id: *mut u64) -> c_int {
    if id.is_null() {
        return darwin::EINVAL;
    }
    let t = if t.is_null() {
        tsd::setup_current_thread()
    } else {
        t
    };
    // SAFETY: `t` is a live DarwinThread, `id` is writable.
    unsafe { *id = (*t).tid };
    0
}

/// darwin `pthread_setname_np` names the calling thread (up to 63 bytes;
/// Linux keeps the first 15 for `/proc`).
unsafe extern "C" fn pthread_setname_np(name: *const c_char) -> c_int {
    let t = tsd::setup_current_thread();
    // SAFETY: `name` is a C string (NULL clears the name).
    let bytes = if name.is_null() {
        &[][..]
    } else {
        unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes()
    };
    if bytes.len() > 63 {
        return darwin::ENAMETOOLONG;
    }
    // SAFETY: `t` is this thread's DarwinThread.
    unsafe {
        let own = &mut (*t).name;
        *own = [0; 64];
        own[..bytes.len()].copy_from_slice(bytes);
        let mut short = [0u8; 16];
        let n = bytes.len().min(15);
        short[..n].copy_from_slice(&bytes[..n]);
        libc::pthread_setname_np(libc::pthread_self(), short.as_ptr().cast());
    }
    0
}

unsafe extern "C" fn pthread_getname_np(
    t: *mut DarwinThread,
    buf: *mut c_char,
    len: size_t,
) -> c_int {
    if t.is_null() || buf.is_null() {
        return darwin::ESRCH;
    }
    if len == 0 {
        return 0;
    }
    // SAFETY: `t` is a live DarwinThread; `buf` holds `len` bytes.
    unsafe {
        let name = &(*t).name;
        let n = name.iter().position(|&b| b == 0).unwrap_or(63).min(len - 1);
        core::ptr::copy_nonoverlapping(name.as_ptr(), buf.cast::<u8>(), n);
        *buf.add(n) = 0;
    }
    0
}

/// `pthread_main_np`: 1 on the process' initial thread.
extern "C" fn pthread_main_np() -> c_int {
    // SAFETY: getpid/gettid have no preconditions.
    (unsafe { libc::gettid() == libc::getpid() }) as c_int
}

extern "C" fn pthread_is_threaded_np() -> c_int {
    THREADED.load(Ordering::Relaxed) as c_int
}

unsafe extern "C" fn pthread_mach_thread_np(t: *mut DarwinThread) -> u32 {
    if t.is_null() {
        return 0;
    }
    // SAFETY: `t` is a live DarwinThread.
    unsafe { (*t).port }
}

/// `mach_thread_self`: the calling thread's port name.
pub extern "C" fn mach_thread_self() -> u32 {
    // SAFETY: our own live DarwinThread.
    unsafe { (*tsd::setup_current_thread()).port }
}

/// The glibc stack of `t`: (lowest address, size).
fn host_stack(t: *mut DarwinThread) -> Option<(usize, usize)> {
    if t.is_null() {
        return None;
    }
    // SAFETY: `t` is live; glibc fills the attr for a running thread.
    unsafe {
        let mut a: libc::pthread_attr_t = core::mem::zeroed();
        if libc::pthread_getattr_np((*t).host, &mut a) != 0 {
            return None;
        }
        let mut addr: *mut c_void = core::ptr::null_mut();
        let mut size: size_t = 0;
        libc::pthread_attr_getstack(&a, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut a);
        Some((addr as usize, size))
    }
}

extern "C" fn pthread_get_stacksize_np(t: *mut DarwinThread) -> size_t {
    host_stack(t).map_or(0, |(_, s)| s)
}

/// darwin returns the stack's top (its highest address): stacks grow down.
extern "C" fn pthread_get_stackaddr_np(t: *mut DarwinThread) -> *mut c_void {
    host_stack(t).map_or(core::ptr::null_mut(), |(a, s)| (a + s) as *mut c_void)
}

extern "C" fn pthread_yield_np() {
    // SAFETY: no preconditions.
    unsafe { libc::sched_yield() };
}

unsafe extern "C" fn pthread_key_create(
    key: *mut libc::c_ulong,
    dtor: Option<unsafe extern "C" fn(*mut c_void)>,
) -> c_int {
    match tsd::key_create(dtor) {
        Ok(k) => {
            // SAFETY: `key` is writable.
            unsafe { *key = k as libc::c_ulong };
            0
        }
        Err(e) => e,
    }
}

extern "C" fn pthread_key_delete(key: libc::c_ulong) -> c_int {
    tsd::key_delete(key as usize)
}

extern "C" fn pthread_getspecific(key: libc::c_ulong) -> *mut c_void {
    tsd::get(key as usize)
}

extern "C" fn pthread_setspecific(key: libc::c_ulong, v: *const c_void) -> c_int {
    tsd::set(key as usize, v)
}

/// The attr behind `a`, if initialised.
///
/// # Safety
/// `a` is NULL or points to a darwin `pthread_attr_t`.
unsafe fn attr<'a>(a: *const PthreadAttr) -> Option<&'a mut PthreadAttr> {
    // SAFETY: per the contract.
    unsafe { (!a.is_null() && (*a).sig == ATTR_SIG).then(|| &mut *(a as *mut PthreadAttr)) }
}

/// Runs `f` on an initialised attr; EINVAL otherwise.
///
/// # Safety
/// As [`attr`].
unsafe fn with_attr(a: *const PthreadAttr, f: impl FnOnce(&mut PthreadAttr) -> c_int) -> c_int {
    // SAFETY: per the contract.
    match unsafe { attr(a) } {
        Some(a) => f(a),
        None => darwin::EINVAL,
    }
}

unsafe extern "C" fn attr_init(a: *mut PthreadAttr) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        a.write(PthreadAttr {
            sig: ATTR_SIG,
            detach: CREATE_JOINABLE,
            scope: SCOPE_SYSTEM,
            stacksize: 0,
            guardsize: PAGE,
            stackaddr: 0,
            inherit: INHERIT_SCHED,
            policy: SCHED_OTHER,
            priority: DEFAULT_PRIORITY,
            _pad: 0,
            _opaque: [0; 8],
        })
    };
    0
}

unsafe extern "C" fn attr_destroy(a: *mut PthreadAttr) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            a.sig = 0;
            0
        })
    }
}

unsafe extern "C" fn attr_setdetachstate(a: *mut PthreadAttr, s: c_int) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            if s != CREATE_JOINABLE && s != CREATE_DETACHED {
                return darwin::EINVAL;
            }
            a.detach = s;
            0
        })
    }
}

unsafe extern "C" fn attr_getdetachstate(a: *const PthreadAttr, s: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *s = a.detach;
            0
        })
    }
}

unsafe extern "C" fn attr_setstacksize(a: *mut PthreadAttr, n: size_t) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            if n < STACK_MIN || !n.is_multiple_of(PAGE) {
                return darwin::EINVAL;
            }
            a.stacksize = n;
            0
        })
    }
}

unsafe extern "C" fn attr_getstacksize(a: *const PthreadAttr, n: *mut size_t) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *n = if a.stacksize == 0 {
                DEFAULT_STACK
            } else {
                a.stacksize
            };
            0
        })
    }
}

/// `pthread_attr_setstack`: `addr` is the lowest address of the stack.
unsafe extern "C" fn attr_setstack(a: *mut PthreadAttr, addr: *mut c_void, n: size_t) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            if n < STACK_MIN || !n.is_multiple_of(PAGE) || !(addr as usize).is_multiple_of(PAGE) {
                return darwin::EINVAL;
            }
            a.stackaddr = addr as usize + n;
            a.stacksize = n;
            0
        })
    }
}

unsafe extern "C" fn attr_getstack(
    a: *const PthreadAttr,
    addr: *mut *mut c_void,
    n: *mut size_t,
) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            let size = if a.stacksize == 0 {
                DEFAULT_STACK
            } else {
                a.stacksize
            };
            *addr = a.stackaddr.wrapping_sub(size) as *mut c_void;
            *n = size;
            0
        })
    }
}

/// `pthread_attr_setstackaddr`: `addr` is the stack's top (darwin).
unsafe extern "C" fn attr_setstackaddr(a: *mut PthreadAttr, addr: *mut c_void) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            if !(addr as usize).is_multiple_of(PAGE) {
                return darwin::EINVAL;
            }
            a.stackaddr = addr as usize;
            0
        })
    }
}

unsafe extern "C" fn attr_getstackaddr(a: *const PthreadAttr, addr: *mut *mut c_void) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *addr = a.stackaddr as *mut c_void;
            0
        })
    }
}

unsafe extern "C" fn attr_setguardsize(a: *mut PthreadAttr, n: size_t) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            // darwin rounds the guard up to whole pages.
            a.guardsize = n.div_ceil(PAGE) * PAGE;
            0
        })
    }
}

unsafe extern "C" fn attr_getguardsize(a: *const PthreadAttr, n: *mut size_t) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *n = a.guardsize;
            0
        })
    }
}

/// Only system scope exists (as on macOS and Linux).
unsafe extern "C" fn attr_setscope(a: *mut PthreadAttr, s: c_int) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| match s {
            SCOPE_SYSTEM => {
                a.scope = s;
                0
            }
            SCOPE_PROCESS => darwin::ENOTSUP,
            _ => darwin::EINVAL,
        })
    }
}

unsafe extern "C" fn attr_getscope(a: *const PthreadAttr, s: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *s = a.scope;
            0
        })
    }
}

/// Scheduling attributes are kept and reported back; new threads always
/// run under Linux's default policy (real-time policies need privileges).
unsafe extern "C" fn attr_setinheritsched(a: *mut PthreadAttr, v: c_int) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            if v != INHERIT_SCHED && v != EXPLICIT_SCHED {
                return darwin::EINVAL;
            }
            a.inherit = v;
            0
        })
    }
}

unsafe extern "C" fn attr_getinheritsched(a: *const PthreadAttr, v: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *v = a.inherit;
            0
        })
    }
}

unsafe extern "C" fn attr_setschedpolicy(a: *mut PthreadAttr, v: c_int) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        with_attr(a, |a| {
            if !matches!(v, SCHED_OTHER | SCHED_RR | SCHED_FIFO) {
                return darwin::EINVAL;
            }
            a.policy = v;
            0
        })
    }
}

unsafe extern "C" fn attr_getschedpolicy(a: *const PthreadAttr, v: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *v = a.policy;
            0
        })
    }
}

/// `struct sched_param` is `{ int sched_priority; char opaque[4]; }`.
unsafe extern "C" fn attr_setschedparam(a: *mut PthreadAttr, p: *const c_int) -> c_int {
    // SAFETY: `a` points to a darwin attr, `p` to a sched_param.
    unsafe {
        with_attr(a, |a| {
            a.priority = *p;
            0
        })
    }
}

unsafe extern "C" fn attr_getschedparam(a: *const PthreadAttr, p: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        with_attr(a, |a| {
            *p = a.priority;
            0
        })
    }
}

/// darwin reports every policy's priority range as the default timeshare
/// priority ± 16 (libpthread `sched_get_priority_min/max`:
/// `default_priority ∓ 16`, the default being 31), whatever the policy.
extern "C" fn sched_get_priority_min(_policy: c_int) -> c_int {
    DEFAULT_PRIORITY - 16
}

extern "C" fn sched_get_priority_max(_policy: c_int) -> c_int {
    DEFAULT_PRIORITY + 16
}

/// TSD slot (below the user keys, so ours) that records the policy and
/// priority given to `pthread_setschedparam`: 0 while never set, else
/// `SCHED_SET | policy << 32 | priority`.
const SCHED_SLOT: usize = 12;
const SCHED_SET: usize = 1 << 63;

/// `pthread_setschedparam`: the policy and priority are validated and
/// remembered (and reported by `pthread_getschedparam`, as darwin does),
/// but Linux keeps running the thread under its default policy: real-time
/// policies need privileges there, and darwin's priorities (0–127) have no
/// Linux counterpart for ordinary threads.
unsafe extern "C" fn pthread_setschedparam(
    t: *mut DarwinThread,
    policy: c_int,
    param: *const c_int,
) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    if !matches!(policy, SCHED_OTHER | SCHED_RR | SCHED_FIFO) || param.is_null() {
        return darwin::EINVAL;
    }
    // SAFETY: `t` is a live DarwinThread; `param` points to a sched_param.
    unsafe {
        (*t).tsd[SCHED_SLOT] = SCHED_SET | (policy as usize) << 32 | (*param as u32 as usize);
    }
    0
}

/// `pthread_getschedparam`: what `pthread_setschedparam` recorded, else
/// darwin's defaults (`SCHED_OTHER`, priority 31). The 4 opaque bytes of
/// `struct sched_param` are left alone.
unsafe extern "C" fn pthread_getschedparam(
    t: *mut DarwinThread,
    policy: *mut c_int,
    param: *mut c_int,
) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    // SAFETY: `t` is a live DarwinThread; outputs are NULL or writable.
    unsafe {
        let v = (*t).tsd[SCHED_SLOT];
        let (pol, pri) = if v & SCHED_SET != 0 {
            (((v >> 32) & 0xff) as c_int, v as u32 as c_int)
        } else {
            (SCHED_OTHER, DEFAULT_PRIORITY)
        };
        if !policy.is_null() {
            *policy = pol;
        }
        if !param.is_null() {
            *param = pri;
        }
    }
    0
}

// <sys/qos.h>
const QOS_CLASS_USER_INTERACTIVE: u32 = 0x21;
const QOS_CLASS_USER_INITIATED: u32 = 0x19;
const QOS_CLASS_DEFAULT: u32 = 0x15;
const QOS_CLASS_UTILITY: u32 = 0x11;
const QOS_CLASS_BACKGROUND: u32 = 0x09;
/// darwin's private maintenance class, which libpthread accepts too.
const QOS_CLASS_MAINTENANCE: u32 = 0x05;
const QOS_MIN_RELATIVE_PRIORITY: c_int = -15;

/// darwin's QoS slot (`__TSD_THREAD_QOS_CLASS`), holding our own value:
/// 0 while never set, else `QOS_SET | class << 8 | (relpri & 0xff)`.
const QOS_SLOT: usize = 4;
const QOS_SET: usize = 1 << 63;

/// `pthread_set_qos_class_self_np(class, relpri)`: a scheduling hint (how
/// urgent the thread's work is) that Linux has no notion of: it is
/// validated as darwin does and remembered for `pthread_get_qos_class_np`
/// and `qos_class_self`, and changes nothing else.
extern "C" fn pthread_set_qos_class_self_np(class: u32, relpri: c_int) -> c_int {
    let known = matches!(
        class,
        QOS_CLASS_USER_INTERACTIVE
            | QOS_CLASS_USER_INITIATED
            | QOS_CLASS_DEFAULT
            | QOS_CLASS_UTILITY
            | QOS_CLASS_BACKGROUND
            | QOS_CLASS_MAINTENANCE
    );
    if !known || !(QOS_MIN_RELATIVE_PRIORITY..=0).contains(&relpri) {
        return darwin::EINVAL;
    }
    let t = tsd::setup_current_thread();
    // SAFETY: our own live DarwinThread.
    unsafe { (*t).tsd[QOS_SLOT] = QOS_SET | (class as usize) << 8 | (relpri as u8 as usize) };
    0
}

/// The recorded (class, relpri) of `t`; threads start in
/// `QOS_CLASS_DEFAULT`, the class darwin's default thread attributes give.
///
/// # Safety
/// `t` is a live DarwinThread.
unsafe fn qos_of(t: *mut DarwinThread) -> (u32, c_int) {
    // SAFETY: per the contract.
    let v = unsafe { (*t).tsd[QOS_SLOT] };
    if v & QOS_SET == 0 {
        return (QOS_CLASS_DEFAULT, 0);
    }
    (((v >> 8) & 0xff) as u32, v as u8 as i8 as c_int)
}

unsafe extern "C" fn pthread_get_qos_class_np(
    t: *mut DarwinThread,
    class: *mut u32,
    relpri: *mut c_int,
) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    // SAFETY: `t` is live; outputs are NULL or writable.
    unsafe {
        let (c, r) = qos_of(t);
        if !class.is_null() {
            *class = c;
        }
        if !relpri.is_null() {
            *relpri = r;
        }
    }
    0
}

extern "C" fn qos_class_self() -> u32 {
    // SAFETY: our own live DarwinThread.
    unsafe { qos_of(tsd::setup_current_thread()).0 }
}

/// `pthread_atfork`: glibc's (which lives in `libc_nonshared.a`, so it
/// cannot be looked up by name like the other host functions).
unsafe extern "C" fn pthread_atfork(
    prepare: Option<unsafe extern "C" fn()>,
    parent: Option<unsafe extern "C" fn()>,
    child: Option<unsafe extern "C" fn()>,
) -> c_int {
    // SAFETY: registering the caller's handlers.
    unsafe { libc::pthread_atfork(prepare, parent, child) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_pthread_create" => pthread_create,
    func "_pthread_join" => pthread_join,
    func "_pthread_join$NOCANCEL" => pthread_join_nocancel,
    func "_pthread_detach" => pthread_detach,
    func "_pthread_self" => pthread_self,
    func "_pthread_equal" => pthread_equal,
    func "_pthread_exit" => pthread_exit,
    func "_pthread_cancel" => pthread_cancel,
    func "_pthread_testcancel" => pthread_testcancel,
    func "_pthread_setcancelstate" => pthread_setcancelstate,
    func "_pthread_setcanceltype" => pthread_setcanceltype,
    func "_pthread_threadid_np" => pthread_threadid_np,
    func "_pthread_setname_np" => pthread_setname_np,
    func "_pthread_getname_np" => pthread_getname_np,
    func "_pthread_main_np" => pthread_main_np,
    func "_pthread_is_threaded_np" => pthread_is_threaded_np,
    func "_pthread_mach_thread_np" => pthread_mach_thread_np,
    func "_mach_thread_self" => mach_thread_self,
    func "_pthread_get_stacksize_np" => pthread_get_stacksize_np,
    func "_pthread_get_stackaddr_np" => pthread_get_stackaddr_np,
    func "_pthread_yield_np" => pthread_yield_np,
    host "_sched_yield" => libc::sched_yield,
    func "_pthread_atfork" => pthread_atfork,
    func "_pthread_key_create" => pthread_key_create,
    func "_pthread_key_delete" => pthread_key_delete,
    func "_pthread_getspecific" => pthread_getspecific,
    func "_pthread_setspecific" => pthread_setspecific,
    func "_pthread_attr_init" => attr_init,
    func "_pthread_attr_destroy" => attr_destroy,
    func "_pthread_attr_setdetachstate" => attr_setdetachstate,
    func "_pthread_attr_getdetachstate" => attr_getdetachstate,
    func "_pthread_attr_setstacksize" => attr_setstacksize,
    func "_pthread_attr_getstacksize" => attr_getstacksize,
    func "_pthread_attr_setstack" => attr_setstack,
    func "_pthread_attr_getstack" => attr_getstack,
    func "_pthread_attr_setstackaddr" => attr_setstackaddr,
    func "_pthread_attr_getstackaddr" => attr_getstackaddr,
    func "_pthread_attr_setguardsize" => attr_setguardsize,
    func "_pthread_attr_getguardsize" => attr_getguardsize,
    func "_pthread_attr_setscope" => attr_setscope,
    func "_pthread_attr_getscope" => attr_getscope,
    func "_pthread_attr_setinheritsched" => attr_setinheritsched,
    func "_pthread_attr_getinheritsched" => attr_getinheritsched,
    func "_pthread_attr_setschedpolicy" => attr_setschedpolicy,
    func "_pthread_attr_getschedpolicy" => attr_getschedpolicy,
    func "_pthread_attr_setschedparam" => attr_setschedparam,
    func "_pthread_attr_getschedparam" => attr_getschedparam,
    func "__tlv_atexit" => tsd::tlv_atexit,
    func "_sched_get_priority_min" => sched_get_priority_min,
    func "_sched_get_priority_max" => sched_get_priority_max,
    func "_pthread_setschedparam" => pthread_setschedparam,
    func "_pthread_getschedparam" => pthread_getschedparam,
    func "_pthread_set_qos_class_self_np" => pthread_set_qos_class_self_np,
    func "_pthread_get_qos_class_np" => pthread_get_qos_class_np,
    func "_qos_class_self" => qos_class_self,
};
