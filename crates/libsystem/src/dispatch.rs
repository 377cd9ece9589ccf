//! `libdispatch`: the parts command-line tools use — semaphores,
//! `dispatch_time`/`dispatch_walltime`, `dispatch_once`, queues that run
//! work synchronously (`dispatch_queue_create`, `dispatch_sync[_f]`), and
//! reference counting of our objects (`dispatch_retain`/`release`).
//!
//! `dispatch_time_t` (`<dispatch/time.h>`): `DISPATCH_TIME_NOW` is 0,
//! `DISPATCH_TIME_FOREVER` is `~0`; other values are ours to encode, as
//! only these functions read them: an uptime deadline is a
//! `mach_absolute_time` value (nanoseconds), a wall-clock deadline is the
//! negated count of nanoseconds since the epoch (`DISPATCH_WALLTIME_NOW`,
//! `~1`, means "now" on the wall clock).

use crate::pthread::futex;
use core::sync::atomic::{AtomicI64, AtomicIsize, AtomicU32, Ordering};
use libc::c_void;

const TIME_NOW: u64 = 0;
const TIME_FOREVER: u64 = !0;
const WALLTIME_NOW: u64 = !1;

fn clock_ns(clock: libc::clockid_t) -> i64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a local timespec.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

/// Uptime clock, the one `mach_absolute_time` reads.
fn uptime() -> i64 {
    clock_ns(libc::CLOCK_MONOTONIC)
}

fn wall() -> i64 {
    clock_ns(libc::CLOCK_REALTIME)
}

/// Encodes a wall-clock time in nanoseconds (saturating to FOREVER).
fn wall_time(ns: i64) -> u64 {
    if ns <= 1 {
        return WALLTIME_NOW; // no earlier wall time is representable
    }
    ns.checked_neg().map_or(TIME_FOREVER, |v| v as u64)
}

extern "C" fn dispatch_time(when: u64, delta: i64) -> u64 {
    match when {
        TIME_FOREVER => TIME_FOREVER,
        WALLTIME_NOW => wall_time(wall().saturating_add(delta)),
        w if (w as i64) < 0 => wall_time((-(w as i64)).saturating_add(delta)),
        w => {
            let base = if w == TIME_NOW { uptime() } else { w as i64 };
            match base.checked_add(delta) {
                Some(v) if v < 0 => 1, // in the past: as soon as possible
                Some(v) => v as u64,
                None => TIME_FOREVER,
            }
        }
    }
}

/// `dispatch_walltime(when, delta)`: `when` NULL means now.
unsafe extern "C" fn dispatch_walltime(when: *const libc::timespec, delta: i64) -> u64 {
    let base = if when.is_null() {
        wall()
    } else {
        // SAFETY: the caller's timespec.
        let t = unsafe { &*when };
        t.tv_sec
            .saturating_mul(1_000_000_000)
            .saturating_add(t.tv_nsec)
    };
    wall_time(base.saturating_add(delta))
}

/// Nanoseconds from now until `t`; `None` for FOREVER.
fn remaining(t: u64) -> Option<i64> {
    match t {
        TIME_FOREVER => None,
        TIME_NOW => Some(0),
        WALLTIME_NOW => Some(0),
        w if (w as i64) < 0 => Some((-(w as i64)) - wall()),
        w => Some(w as i64 - uptime()),
    }
}

/// What every object of ours starts with.
#[repr(C)]
struct Header {
    /// Frees the whole object when the last reference goes.
    destroy: unsafe fn(*mut Header),
    refs: AtomicIsize,
}

unsafe extern "C" fn dispatch_retain(obj: *mut Header) {
    if let Some(h) = // SAFETY: `obj` is NULL or one of our objects.
        unsafe { obj.as_ref() }
    {
        h.refs.fetch_add(1, Ordering::Relaxed);
    }
}

unsafe extern "C" fn dispatch_release(obj: *mut Header) {
    // SAFETY: `obj` is NULL or one of our objects.
    let Some(h) = (unsafe { obj.as_ref() }) else {
        return;
    };
    if h.refs.fetch_sub(1, Ordering::Release) == 1 {
        core::sync::atomic::fence(Ordering::Acquire);
        // SAFETY: the last reference: nobody else can reach it now.
        unsafe { (h.destroy)(obj) };
    }
}

/// A dispatch semaphore: `value` counts available signals (negative:
/// that many threads are waiting); `wakeups` hands sleeping waiters the
/// signals meant for them.
#[repr(C)]
struct Semaphore {
    header: Header,
    value: AtomicI64,
    wakeups: AtomicU32,
}

unsafe fn destroy_semaphore(h: *mut Header) {
    // SAFETY: `h` is the header of a Box<Semaphore> (first field, repr(C)).
    drop(unsafe { Box::from_raw(h as *mut Semaphore) });
}

/// `dispatch_semaphore_create`: NULL for a negative value.
extern "C" fn dispatch_semaphore_create(value: isize) -> *mut c_void {
    if value < 0 {
        return core::ptr::null_mut();
    }
    Box::into_raw(Box::new(Semaphore {
        header: Header {
            destroy: destroy_semaphore,
            refs: AtomicIsize::new(1),
        },
        value: AtomicI64::new(value as i64),
        wakeups: AtomicU32::new(0),
    }))
    .cast()
}

/// Returns non-zero when it woke a waiting thread.
unsafe extern "C" fn dispatch_semaphore_signal(s: *mut Semaphore) -> isize {
    // SAFETY: `s` is a semaphore from dispatch_semaphore_create.
    let s = unsafe { &*s };
    if s.value.fetch_add(1, Ordering::SeqCst) >= 0 {
        return 0;
    }
    s.wakeups.fetch_add(1, Ordering::SeqCst);
    futex::wake(&s.wakeups, 1);
    1
}

/// Takes one wake-up token if there is one.
fn take_wakeup(s: &Semaphore) -> bool {
    let mut w = s.wakeups.load(Ordering::SeqCst);
    while w > 0 {
        match s
            .wakeups
            .compare_exchange(w, w - 1, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => return true,
            Err(cur) => w = cur,
        }
    }
    false
}

/// Returns 0 once signalled, non-zero if `timeout` passed first.
unsafe extern "C" fn dispatch_semaphore_wait(s: *mut Semaphore, timeout: u64) -> isize {
    // SAFETY: `s` is a semaphore from dispatch_semaphore_create.
    let s = unsafe { &*s };
    if s.value.fetch_sub(1, Ordering::SeqCst) > 0 {
        return 0;
    }
    loop {
        if take_wakeup(s) {
            return 0;
        }
        let rel = match remaining(timeout) {
            None => None,
            Some(ns) if ns > 0 => Some(libc::timespec {
                tv_sec: ns / 1_000_000_000,
                tv_nsec: ns % 1_000_000_000,
            }),
            Some(_) => {
                // Timed out: give our place back, unless a signal for us is
                // already on its way (then wait for it).
                let mut v = s.value.load(Ordering::SeqCst);
                loop {
                    if v >= 0 {
                        break;
                    }
                    match s
                        .value
                        .compare_exchange(v, v + 1, Ordering::SeqCst, Ordering::SeqCst)
                    {
                        Ok(_) => return 49, // KERN_OPERATION_TIMED_OUT
                        Err(cur) => v = cur,
                    }
                }
                None
            }
        };
        futex::wait(&s.wakeups, 0, rel.as_ref());
    }
}

/// `dispatch_once_t` states (the low 32 bits are the futex word).
const ONCE_RUNNING: isize = 1;
const ONCE_WAITED: isize = 2;
const ONCE_DONE: isize = !0;

fn once(pred: &AtomicIsize, run: impl FnOnce()) {
    // SAFETY: the low half of the (8-aligned) predicate, little-endian.
    let word = unsafe { &*(pred as *const AtomicIsize as *const AtomicU32) };
    loop {
        match pred.compare_exchange(0, ONCE_RUNNING, Ordering::Acquire, Ordering::Acquire) {
            Ok(_) => {
                run();
                if pred.swap(ONCE_DONE, Ordering::Release) == ONCE_WAITED {
                    futex::wake(word, i32::MAX);
                }
                return;
            }
            Err(ONCE_DONE) => return,
            Err(s) => {
                if s == ONCE_RUNNING {
                    let _ = pred.compare_exchange(
                        ONCE_RUNNING,
                        ONCE_WAITED,
                        Ordering::Acquire,
                        Ordering::Acquire,
                    );
                }
                futex::wait(word, ONCE_WAITED as u32, None);
            }
        }
    }
}

/// `dispatch_once_f(predicate, context, function)`.
unsafe extern "C" fn dispatch_once_f(
    pred: *const AtomicIsize,
    ctx: *mut c_void,
    f: extern "C" fn(*mut c_void),
) {
    // SAFETY: `pred` is the caller's dispatch_once_t.
    once(unsafe { &*pred }, || f(ctx))
}

/// `dispatch_once(predicate, block)`.
unsafe extern "C" fn dispatch_once(pred: *const AtomicIsize, block: *mut c_void) {
    // SAFETY: `pred` is the caller's dispatch_once_t; `block` a block
    // taking no arguments.
    once(unsafe { &*pred }, || unsafe {
        crate::blocks::invoke(block)
    })
}

/// A dispatch queue: serial queues run one work item at a time; with
/// `dispatch_sync` the item runs on the calling thread, as libdispatch
/// does, once the queue is free.
#[repr(C)]
struct Queue {
    header: Header,
    label: std::ffi::CString,
    serial: bool,
    lock: std::sync::Mutex<()>,
    /// The Linux tid running an item on this serial queue (0: none).
    owner: AtomicI64,
}

unsafe fn destroy_queue(h: *mut Header) {
    // SAFETY: `h` is the header of a Box<Queue> (first field, repr(C)).
    drop(unsafe { Box::from_raw(h as *mut Queue) });
}

/// `DISPATCH_QUEUE_CONCURRENT` is `&_dispatch_queue_attr_concurrent`
/// (`<dispatch/queue.h>`); NULL (`DISPATCH_QUEUE_SERIAL`) and the other
/// attributes make serial queues.
pub static QUEUE_ATTR_CONCURRENT: [usize; 8] = [0; 8];

/// `dispatch_queue_create(label, attr)`.
unsafe extern "C" fn dispatch_queue_create(
    label: *const libc::c_char,
    attr: *const c_void,
) -> *mut c_void {
    let label = if label.is_null() {
        std::ffi::CString::default()
    } else {
        // SAFETY: a C string.
        unsafe { core::ffi::CStr::from_ptr(label) }.to_owned()
    };
    Box::into_raw(Box::new(Queue {
        header: Header {
            destroy: destroy_queue,
            refs: AtomicIsize::new(1),
        },
        label,
        serial: !core::ptr::eq(attr, QUEUE_ATTR_CONCURRENT.as_ptr().cast()),
        lock: std::sync::Mutex::new(()),
        owner: AtomicI64::new(0),
    }))
    .cast()
}

/// `dispatch_queue_get_label(queue)`: the label given at creation.
unsafe extern "C" fn dispatch_queue_get_label(q: *const Queue) -> *const libc::c_char {
    // SAFETY: `q` is one of our queues.
    unsafe { (*q).label.as_ptr() }
}

fn run_sync(q: &Queue, work: impl FnOnce()) {
    if !q.serial {
        return work();
    }
    let me = crate::pthread::sync::tid() as i64;
    if q.owner.load(Ordering::Acquire) == me {
        // libdispatch crashes here rather than deadlock.
        let m = b"BUG IN CLIENT OF LIBDISPATCH: dispatch_sync called on queue already owned by current thread\n";
        // SAFETY: writing a constant, then a trap instruction (SIGILL).
        unsafe {
            libc::write(2, m.as_ptr().cast(), m.len());
            core::arch::asm!("ud2", options(noreturn, nomem, nostack));
        }
    }
    let _guard = q.lock.lock().unwrap_or_else(|e| e.into_inner());
    q.owner.store(me, Ordering::Release);
    work();
    q.owner.store(0, Ordering::Release);
}

/// `dispatch_sync_f(queue, context, function)`.
unsafe extern "C" fn dispatch_sync_f(
    q: *const Queue,
    ctx: *mut c_void,
    f: extern "C" fn(*mut c_void),
) {
    // SAFETY: `q` is one of our queues.
    run_sync(unsafe { &*q }, || f(ctx))
}

/// `dispatch_sync(queue, block)`.
unsafe extern "C" fn dispatch_sync(q: *const Queue, block: *mut c_void) {
    // SAFETY: `q` is one of our queues; `block` a block taking no
    // arguments.
    run_sync(unsafe { &*q }, || unsafe { crate::blocks::invoke(block) })
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_dispatch_time" => dispatch_time,
    func "_dispatch_walltime" => dispatch_walltime,
    func "_dispatch_retain" => dispatch_retain,
    func "_dispatch_release" => dispatch_release,
    func "_dispatch_semaphore_create" => dispatch_semaphore_create,
    func "_dispatch_semaphore_signal" => dispatch_semaphore_signal,
    func "_dispatch_semaphore_wait" => dispatch_semaphore_wait,
    func "_dispatch_once" => dispatch_once,
    func "_dispatch_once_f" => dispatch_once_f,
    func "_dispatch_queue_create" => dispatch_queue_create,
    func "_dispatch_queue_get_label" => dispatch_queue_get_label,
    func "_dispatch_sync_f" => dispatch_sync_f,
    func "_dispatch_sync" => dispatch_sync,
    data "__dispatch_queue_attr_concurrent" => QUEUE_ATTR_CONCURRENT,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(dispatch_time(TIME_FOREVER, 5), TIME_FOREVER);
        let a = dispatch_time(TIME_NOW, 0);
        assert_eq!(dispatch_time(a, 1000), a + 1000);
        assert!(remaining(dispatch_time(TIME_NOW, 1_000_000_000)).unwrap() > 900_000_000);
        let w = dispatch_time(WALLTIME_NOW, 2_000_000_000);
        assert!((w as i64) < 0);
        let left = remaining(w).unwrap();
        assert!(left > 1_000_000_000 && left <= 2_000_000_000, "{left}");
        assert_eq!(remaining(TIME_FOREVER), None);
    }

    #[test]
    fn semaphore() {
        let s = dispatch_semaphore_create(1) as *mut Semaphore;
        // SAFETY: our own semaphore object.
        unsafe {
            assert_eq!(dispatch_semaphore_wait(s, TIME_NOW), 0);
            assert_ne!(dispatch_semaphore_wait(s, TIME_NOW), 0);
            assert_eq!(dispatch_semaphore_signal(s), 0);
            assert_eq!(dispatch_semaphore_wait(s, TIME_FOREVER), 0);
            dispatch_release(s as *mut Header);
        }
        assert!(dispatch_semaphore_create(-1).is_null());
    }
}
