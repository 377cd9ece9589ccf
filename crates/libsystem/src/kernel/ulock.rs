//! `__ulock_wait`, `__ulock_wait2`, `__ulock_wake`: xnu's private
//! compare-and-wait calls (`bsd/sys/ulock.h`), which libc++'s atomic wait
//! and `os_unfair_lock` use, over Linux futexes.
//!
//! Process-private operations keep xnu's wait queue per address in a table,
//! each waiter sleeping on its own futex word: that gives xnu's results
//! (the number of remaining waiters, `ENOENT` for a wake with nobody
//! waiting, `EDOM` for mixed operations on one address), 64-bit values, and
//! `ULF_WAKE_THREAD`. The `_SHARED` operations must meet waiters in other
//! processes, so they sleep on the user word itself (futex without
//! `FUTEX_PRIVATE_FLAG`); there a successful wait returns 0 and
//! `ULF_WAKE_THREAD` wakes every waiter (waiters must recheck their value
//! anyway, as after any ulock wakeup).
//!
//! Not modelled: the owner of a `UL_UNFAIR_LOCK` (xnu uses it for priority
//! inheritance and to ignore a wake from a thread that no longer owns the
//! lock, so a wake here may wake a waiter that then finds the lock taken
//! and waits again), and `ULF_WAIT_CANCEL_POINT` (the wait is not a
//! cancellation point).

use crate::pthread::futex;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use libc::{c_int, c_void};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// Operations and flags of <sys/ulock.h>.
const UL_COMPARE_AND_WAIT: u32 = 1;
const UL_UNFAIR_LOCK: u32 = 2;
const UL_COMPARE_AND_WAIT_SHARED: u32 = 3;
const UL_COMPARE_AND_WAIT64: u32 = 5;
const UL_COMPARE_AND_WAIT64_SHARED: u32 = 6;
const UL_OPCODE_MASK: u32 = 0xff;
const ULF_WAKE_ALL: u32 = 0x100;
const ULF_WAKE_THREAD: u32 = 0x200;
const ULF_WAKE_ALLOW_NON_OWNER: u32 = 0x400;
const ULF_WAIT_WORKQ_DATA_CONTENTION: u32 = 0x1_0000;
const ULF_WAIT_CANCEL_POINT: u32 = 0x2_0000;
const ULF_WAIT_ADAPTIVE_SPIN: u32 = 0x4_0000;
const ULF_NO_ERRNO: u32 = 0x100_0000;
const ULF_WAIT_MASK: u32 =
    ULF_NO_ERRNO | ULF_WAIT_WORKQ_DATA_CONTENTION | ULF_WAIT_CANCEL_POINT | ULF_WAIT_ADAPTIVE_SPIN;
const ULF_WAKE_MASK: u32 = ULF_NO_ERRNO | ULF_WAKE_ALL | ULF_WAKE_THREAD | ULF_WAKE_ALLOW_NON_OWNER;

// darwin errno values (<sys/errno.h>) the calls return.
const ENOENT: c_int = 2;
const ESRCH: c_int = 3;
const EINTR: c_int = 4;
const EINVAL: c_int = 22;
const EDOM: c_int = 33;
const EALREADY: c_int = 37;
const ETIMEDOUT: c_int = 60;

/// One sleeping thread: its futex word (1 once woken) and port name.
struct Waiter {
    woken: AtomicU32,
    port: u32,
}

/// The waiters on one address, in arrival order, and their operation.
struct Queue {
    opcode: u32,
    waiters: Vec<Arc<Waiter>>,
}

/// address -> waiters, for the process-private operations.
static QUEUES: Mutex<Option<HashMap<usize, Queue>>> = Mutex::new(None);

fn queues() -> std::sync::MutexGuard<'static, Option<HashMap<usize, Queue>>> {
    QUEUES.lock().unwrap_or_else(|e| e.into_inner())
}

/// xnu's way of returning: `ret` >= 0 as is; an error as -1 + errno, or as
/// `-error` with `ULF_NO_ERRNO`.
fn finish(operation: u32, r: Result<c_int, c_int>) -> c_int {
    match r {
        Ok(n) => n,
        Err(e) if operation & ULF_NO_ERRNO != 0 => -e,
        Err(e) => {
            crate::errno::set(e);
            -1
        }
    }
}

/// The 32- or 64-bit value at `addr`.
///
/// # Safety
/// `addr` is a valid, aligned word of that size.
unsafe fn load(addr: usize, wide: bool) -> u64 {
    if wide {
        // SAFETY: per this function's contract.
        unsafe { (*(addr as *const AtomicU64)).load(Ordering::SeqCst) }
    } else {
        // SAFETY: per this function's contract.
        u64::from(unsafe { (*(addr as *const AtomicU32)).load(Ordering::SeqCst) })
    }
}

fn now_ns() -> u128 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: valid out pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u128 * 1_000_000_000 + ts.tv_nsec as u128
}

/// Sleeps on `word` while it is `expected`, until `deadline` (monotonic
/// ns, None = forever). Ok when woken (or the word changed), Err(darwin
/// errno) on timeout or signal.
fn sleep(
    word: &AtomicU32,
    expected: u32,
    deadline: Option<u128>,
    shared: bool,
) -> Result<(), c_int> {
    let timeout = match deadline {
        None => None,
        Some(d) => {
            let left = d.saturating_sub(now_ns());
            if left == 0 {
                return Err(ETIMEDOUT);
            }
            Some(libc::timespec {
                tv_sec: (left / 1_000_000_000) as libc::time_t,
                tv_nsec: (left % 1_000_000_000) as libc::c_long,
            })
        }
    };
    match futex::wait_errno(word, expected, timeout.as_ref(), shared) {
        0 | libc::EAGAIN => Ok(()),
        libc::ETIMEDOUT => Err(ETIMEDOUT),
        _ => Err(EINTR),
    }
}

fn wait_common(
    operation: u32,
    addr: *mut c_void,
    value: u64,
    timeout_ns: u64,
) -> Result<c_int, c_int> {
    let opcode = operation & UL_OPCODE_MASK;
    let flags = operation & !UL_OPCODE_MASK;
    if flags & ULF_WAIT_MASK != flags {
        return Err(EINVAL);
    }
    let (wide, shared) = match opcode {
        UL_COMPARE_AND_WAIT | UL_UNFAIR_LOCK => (false, false),
        UL_COMPARE_AND_WAIT_SHARED => (false, true),
        UL_COMPARE_AND_WAIT64 => (true, false),
        UL_COMPARE_AND_WAIT64_SHARED => (true, true),
        _ => return Err(EINVAL),
    };
    let addr = addr as usize;
    let size = if wide { 8 } else { 4 };
    if addr == 0 || !addr.is_multiple_of(size) {
        return Err(EINVAL);
    }
    let deadline = (timeout_ns != 0).then(|| now_ns() + u128::from(timeout_ns));

    if shared {
        // The low word of a 64-bit value: a change of only its high half
        // between the check and the sleep is seen at the wake that follows
        // it only if the waker also wakes (which ulock users do).
        // SAFETY: `addr` is non-null and aligned; the caller passes a live word.
        let word = unsafe { &*(addr as *const AtomicU32) };
        // SAFETY: as above.
        if unsafe { load(addr, wide) } != value {
            return Ok(0);
        }
        return sleep(word, value as u32, deadline, true).map(|()| 0);
    }

    let me = Arc::new(Waiter {
        woken: AtomicU32::new(0),
        port: crate::pthread::thread::mach_thread_self(),
    });
    {
        let mut g = queues();
        let map = g.get_or_insert_with(HashMap::new);
        let q = map.entry(addr).or_insert(Queue {
            opcode,
            waiters: Vec::new(),
        });
        if q.waiters.is_empty() {
            q.opcode = opcode;
        } else if q.opcode != opcode {
            return Err(EDOM);
        }
        // Checked under the table lock: a waker changes the value before it
        // takes the lock to wake, so it either sees this waiter or this
        // waiter sees the new value.
        // SAFETY: `addr` is non-null and aligned; the caller passes a live word.
        if unsafe { load(addr, wide) } != value {
            let n = q.waiters.len();
            if n == 0 {
                map.remove(&addr);
            }
            return Ok(n as c_int);
        }
        q.waiters.push(me.clone());
    }
    let mut result = Ok(());
    while me.woken.load(Ordering::SeqCst) == 0 {
        if let Err(e) = sleep(&me.woken, 0, deadline, false) {
            result = Err(e);
            break;
        }
    }
    let mut g = queues();
    let map = g.get_or_insert_with(HashMap::new);
    let mut left = 0;
    if let Some(q) = map.get_mut(&addr) {
        q.waiters.retain(|w| !Arc::ptr_eq(w, &me));
        left = q.waiters.len();
        if left == 0 {
            map.remove(&addr);
        }
    }
    if me.woken.load(Ordering::SeqCst) != 0 {
        result = Ok(());
    }
    result.map(|()| left as c_int)
}

/// `int __ulock_wait(uint32_t operation, void *addr, uint64_t value,
/// uint32_t timeout)`: sleeps while `*addr == value`; `timeout` in
/// microseconds, 0 = none. Returns the number of other waiters left.
unsafe extern "C" fn ulock_wait(
    operation: u32,
    addr: *mut c_void,
    value: u64,
    timeout_us: u32,
) -> c_int {
    finish(
        operation,
        wait_common(operation, addr, value, u64::from(timeout_us) * 1000),
    )
}

/// `int __ulock_wait2(uint32_t operation, void *addr, uint64_t value,
/// uint64_t timeout, uint64_t value2)`: [`ulock_wait`] with the timeout in
/// nanoseconds; `value2` is unused by the operations xnu implements.
unsafe extern "C" fn ulock_wait2(
    operation: u32,
    addr: *mut c_void,
    value: u64,
    timeout_ns: u64,
    _value2: u64,
) -> c_int {
    finish(operation, wait_common(operation, addr, value, timeout_ns))
}

fn wake_common(operation: u32, addr: *mut c_void, wake_value: u64) -> Result<c_int, c_int> {
    let opcode = operation & UL_OPCODE_MASK;
    let flags = operation & !UL_OPCODE_MASK;
    let shared = match opcode {
        UL_COMPARE_AND_WAIT | UL_UNFAIR_LOCK | UL_COMPARE_AND_WAIT64 => false,
        UL_COMPARE_AND_WAIT_SHARED | UL_COMPARE_AND_WAIT64_SHARED => true,
        _ => return Err(EINVAL),
    };
    let unfair = opcode == UL_UNFAIR_LOCK;
    if flags & ULF_WAKE_MASK != flags
        || (flags & ULF_WAKE_THREAD != 0 && (flags & ULF_WAKE_ALL != 0 || unfair))
        || (flags & ULF_WAKE_ALLOW_NON_OWNER != 0 && !unfair)
        || addr.is_null()
    {
        return Err(EINVAL);
    }
    let thread = (flags & ULF_WAKE_THREAD != 0).then_some(wake_value as u32);
    // xnu only wakes threads of this task other than the caller.
    if thread == Some(crate::pthread::thread::mach_thread_self()) {
        return Err(ESRCH);
    }
    let addr = addr as usize;

    if shared {
        // SAFETY: non-null; the caller passes a live word.
        let word = unsafe { &*(addr as *const AtomicU32) };
        let n = if flags & ULF_WAKE_ALL != 0 || thread.is_some() {
            i32::MAX
        } else {
            1
        };
        // SAFETY: `word` is valid.
        let woken = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, n) };
        return if woken > 0 { Ok(0) } else { Err(ENOENT) };
    }

    let woken: Vec<Arc<Waiter>> = {
        let mut g = queues();
        let map = g.get_or_insert_with(HashMap::new);
        let Some(q) = map.get(&addr).filter(|q| !q.waiters.is_empty()) else {
            return Err(ENOENT);
        };
        if q.opcode != opcode {
            return Err(EDOM);
        }
        // Woken waiters stay queued (and counted) until they leave, as in
        // xnu; a wake only picks among those not woken yet.
        let mut asleep = q
            .waiters
            .iter()
            .filter(|w| w.woken.load(Ordering::SeqCst) == 0);
        let picked: Vec<Arc<Waiter>> = if let Some(port) = thread {
            // A port of no waiting thread: xnu says ESRCH for a name that
            // is no thread and EALREADY for one that is not waiting; we
            // cannot tell the two apart and say EALREADY.
            let Some(w) = asleep.find(|w| w.port == port) else {
                return Err(EALREADY);
            };
            vec![w.clone()]
        } else if flags & ULF_WAKE_ALL != 0 {
            asleep.cloned().collect()
        } else {
            asleep.next().cloned().into_iter().collect()
        };
        for w in &picked {
            w.woken.store(1, Ordering::SeqCst);
        }
        picked
    };
    for w in &woken {
        futex::wake(&w.woken, 1);
    }
    Ok(0)
}

/// `int __ulock_wake(uint32_t operation, void *addr, uint64_t wake_value)`:
/// wakes one waiter, all (`ULF_WAKE_ALL`), or the thread whose port name is
/// `wake_value` (`ULF_WAKE_THREAD`). 0, or `ENOENT` when nobody waits.
unsafe extern "C" fn ulock_wake(operation: u32, addr: *mut c_void, wake_value: u64) -> c_int {
    finish(operation, wake_common(operation, addr, wake_value))
}

/// The exports of this module.
pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "___ulock_wait" => ulock_wait,
    func "___ulock_wait2" => ulock_wait2,
    func "___ulock_wake" => ulock_wake,
};
