//! Mach semaphores (`<mach/semaphore.h>`) and the few Mach port names
//! command-line tools handle: `mach_task_self_`, thread ports.
//!
//! There is no Mach kernel here: a port name is just a number we hand out
//! (shaped like darwin's, index << 8 | generation). The task port is a
//! constant name; each thread's name is made when its `DarwinThread` is;
//! a semaphore name indexes a table of futex-based counting semaphores.

use crate::pthread::futex;
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};
use libc::c_int;
use std::sync::Mutex;

// <mach/kern_return.h>
const KERN_SUCCESS: c_int = 0;
const KERN_INVALID_ARGUMENT: c_int = 4;
const KERN_RESOURCE_SHORTAGE: c_int = 6;
const KERN_ABORTED: c_int = 14;
const KERN_INVALID_NAME: c_int = 15;
const KERN_TERMINATED: c_int = 37;
const KERN_OPERATION_TIMED_OUT: c_int = 49;

/// The task's own port name (`mach_task_self()` reads this variable).
pub static MACH_TASK_SELF: u32 = 0x103;

/// `mach_task_self()`: darwin's header makes it a macro reading
/// `mach_task_self_`; the function exists for callers that take its address.
extern "C" fn mach_task_self() -> u32 {
    MACH_TASK_SELF
}

/// Names for threads: index from 2 (the task's is 1), generation 3.
static NEXT_PORT: AtomicU32 = AtomicU32::new(2);

/// A fresh port name (for a thread).
pub fn new_port_name() -> u32 {
    (NEXT_PORT.fetch_add(1, Ordering::Relaxed) << 8) | 3
}

/// A counting semaphore on a futex word.
struct Sem {
    /// Signals not yet consumed.
    value: AtomicU32,
    /// Threads sleeping in a wait.
    waiters: AtomicU32,
    /// Cleared by `semaphore_destroy`; waiters then return KERN_TERMINATED.
    live: AtomicBool,
}

const SEM_SLOTS: usize = 4096;
/// Semaphore names live above every thread name: `(SEM_BASE + slot) << 8 | 3`.
const SEM_BASE: u32 = 0x10_0000;

/// Slot → semaphore. A slot's `Sem` is never freed, only reused, so a
/// lookup racing with `semaphore_destroy` still reads valid memory.
static SEMS: [AtomicPtr<Sem>; SEM_SLOTS] =
    [const { AtomicPtr::new(core::ptr::null_mut()) }; SEM_SLOTS];
/// Slots free for reuse, and the next never-used slot.
static FREE: Mutex<(Vec<usize>, usize)> = Mutex::new((Vec::new(), 0));

fn slot_of(name: u32) -> Option<usize> {
    if name & 0xff != 3 {
        return None;
    }
    let i = (name >> 8).checked_sub(SEM_BASE)? as usize;
    (i < SEM_SLOTS).then_some(i)
}

fn lookup(name: u32) -> Option<&'static Sem> {
    let p = SEMS[slot_of(name)?].load(Ordering::Acquire);
    // SAFETY: slot objects are leaked boxes, never freed.
    let s = unsafe { p.as_ref()? };
    s.live.load(Ordering::Acquire).then_some(s)
}

/// `semaphore_create(task, &sem, policy, value)`. The policy (FIFO or
/// priority order of waking) is not kept: Linux wakes in its own order.
unsafe extern "C" fn semaphore_create(
    _task: u32,
    out: *mut u32,
    _policy: c_int,
    value: c_int,
) -> c_int {
    if value < 0 || out.is_null() {
        return KERN_INVALID_ARGUMENT;
    }
    let slot = {
        let mut f = FREE.lock().unwrap_or_else(|e| e.into_inner());
        match f.0.pop() {
            Some(s) => s,
            None if f.1 < SEM_SLOTS => {
                f.1 += 1;
                f.1 - 1
            }
            None => return KERN_RESOURCE_SHORTAGE,
        }
    };
    let p = SEMS[slot].load(Ordering::Acquire);
    if p.is_null() {
        let s = Box::into_raw(Box::new(Sem {
            value: AtomicU32::new(value as u32),
            waiters: AtomicU32::new(0),
            live: AtomicBool::new(true),
        }));
        SEMS[slot].store(s, Ordering::Release);
    } else {
        // SAFETY: a leaked Sem of a destroyed semaphore, ours to reuse.
        let s = unsafe { &*p };
        s.value.store(value as u32, Ordering::Relaxed);
        s.live.store(true, Ordering::Release);
    }
    // SAFETY: `out` is writable.
    unsafe { *out = ((SEM_BASE + slot as u32) << 8) | 3 };
    KERN_SUCCESS
}

extern "C" fn semaphore_destroy(_task: u32, name: u32) -> c_int {
    let (Some(slot), Some(s)) = (slot_of(name), lookup(name)) else {
        return KERN_INVALID_NAME;
    };
    s.live.store(false, Ordering::Release);
    s.value.fetch_add(1, Ordering::SeqCst);
    futex::wake(&s.value, i32::MAX);
    FREE.lock().unwrap_or_else(|e| e.into_inner()).0.push(slot);
    KERN_SUCCESS
}

fn signal(s: &Sem) {
    s.value.fetch_add(1, Ordering::SeqCst);
    if s.waiters.load(Ordering::SeqCst) != 0 {
        futex::wake(&s.value, 1);
    }
}

extern "C" fn semaphore_signal(name: u32) -> c_int {
    match lookup(name) {
        Some(s) => {
            signal(s);
            KERN_SUCCESS
        }
        None => KERN_INVALID_ARGUMENT,
    }
}

/// Wakes every thread waiting now (a semaphore nobody waits on is unchanged).
extern "C" fn semaphore_signal_all(name: u32) -> c_int {
    let Some(s) = lookup(name) else {
        return KERN_INVALID_ARGUMENT;
    };
    let n = s.waiters.load(Ordering::SeqCst);
    if n != 0 {
        s.value.fetch_add(n, Ordering::SeqCst);
        futex::wake(&s.value, i32::MAX);
    }
    KERN_SUCCESS
}

/// Waits until the semaphore can be taken, `timeout` passes (relative,
/// monotonic) or a signal handler runs (KERN_ABORTED, as on darwin).
fn wait(s: &Sem, timeout: Option<libc::timespec>) -> c_int {
    let deadline = timeout.map(|t| now() + t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64);
    loop {
        if !s.live.load(Ordering::Acquire) {
            return KERN_TERMINATED;
        }
        let v = s.value.load(Ordering::SeqCst);
        if v > 0 {
            if s.value
                .compare_exchange(v, v - 1, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return KERN_SUCCESS;
            }
            continue;
        }
        let rel = match deadline {
            None => None,
            Some(d) => {
                let n = now();
                if n >= d {
                    return KERN_OPERATION_TIMED_OUT;
                }
                Some(libc::timespec {
                    tv_sec: ((d - n) / 1_000_000_000) as i64,
                    tv_nsec: ((d - n) % 1_000_000_000) as i64,
                })
            }
        };
        s.waiters.fetch_add(1, Ordering::SeqCst);
        let e = futex::wait_errno(&s.value, 0, rel.as_ref(), false);
        let interrupted = e == libc::EINTR;
        s.waiters.fetch_sub(1, Ordering::SeqCst);
        if interrupted && s.value.load(Ordering::SeqCst) == 0 {
            return KERN_ABORTED;
        }
    }
}

fn now() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a local timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

extern "C" fn semaphore_wait(name: u32) -> c_int {
    match lookup(name) {
        Some(s) => wait(s, None),
        None => KERN_INVALID_ARGUMENT,
    }
}

/// darwin `mach_timespec_t`: `unsigned int tv_sec; int tv_nsec` (passed
/// by value, in one register).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct MachTimespec {
    pub tv_sec: u32,
    pub tv_nsec: i32,
}
const _: () = assert!(core::mem::size_of::<MachTimespec>() == 8);

fn to_rel(t: MachTimespec) -> Option<libc::timespec> {
    (0..1_000_000_000)
        .contains(&t.tv_nsec)
        .then_some(libc::timespec {
            tv_sec: t.tv_sec as i64,
            tv_nsec: t.tv_nsec as i64,
        })
}

extern "C" fn semaphore_timedwait(name: u32, t: MachTimespec) -> c_int {
    match (lookup(name), to_rel(t)) {
        (Some(s), Some(rel)) => wait(s, Some(rel)),
        _ => KERN_INVALID_ARGUMENT,
    }
}

extern "C" fn semaphore_wait_signal(wait_name: u32, signal_name: u32) -> c_int {
    match (lookup(wait_name), lookup(signal_name)) {
        (Some(w), Some(s)) => {
            signal(s);
            wait(w, None)
        }
        _ => KERN_INVALID_ARGUMENT,
    }
}

extern "C" fn semaphore_timedwait_signal(
    wait_name: u32,
    signal_name: u32,
    t: MachTimespec,
) -> c_int {
    match (lookup(wait_name), lookup(signal_name), to_rel(t)) {
        (Some(w), Some(s), Some(rel)) => {
            signal(s);
            wait(w, Some(rel))
        }
        _ => KERN_INVALID_ARGUMENT,
    }
}

/// `mach_port_deallocate`: drops a user reference. Task and thread names
/// stay valid for the life of their task/thread (darwin keeps at least
/// one reference too), so only the name's validity is checked.
extern "C" fn mach_port_deallocate(_task: u32, name: u32) -> c_int {
    let index = name >> 8;
    let known = name & 0xff == 3
        && (name == mach_task_self()
            || (2..NEXT_PORT.load(Ordering::Relaxed)).contains(&index)
            || lookup(name).is_some());
    if known {
        KERN_SUCCESS
    } else {
        KERN_INVALID_NAME
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    data "_mach_task_self_" => MACH_TASK_SELF,
    func "_mach_task_self" => mach_task_self,
    func "_mach_port_deallocate" => mach_port_deallocate,
    func "_semaphore_create" => semaphore_create,
    func "_semaphore_destroy" => semaphore_destroy,
    func "_semaphore_signal" => semaphore_signal,
    func "_semaphore_signal_all" => semaphore_signal_all,
    func "_semaphore_wait" => semaphore_wait,
    func "_semaphore_timedwait" => semaphore_timedwait,
    func "_semaphore_wait_signal" => semaphore_wait_signal,
    func "_semaphore_timedwait_signal" => semaphore_timedwait_signal,
};
