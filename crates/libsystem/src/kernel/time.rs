//! Clocks and sleeping: `clock_gettime`, `gettimeofday`, `nanosleep`,
//! `mach_absolute_time`, ...
//!
//! Two things differ from Linux (macOS `<time.h>`, `<sys/_types/_timeval.h>`):
//! clock ids (darwin `CLOCK_MONOTONIC` is 6, and several darwin clocks have
//! no Linux number), and `struct timeval`, whose `tv_usec` is a 32-bit
//! `suseconds_t` (16 bytes with padding; Linux has two `long`s).
//! `struct timespec` is the same. Mach absolute time is in nanoseconds
//! (`mach_timebase_info` is 1/1, as on Intel Macs).

use crate::errno::{check, darwin};
use crate::pthread::thread::blocking;
use libc::{c_int, c_uint, clockid_t, timespec};

// darwin clock ids (macOS <time.h>).
const CLOCK_REALTIME: c_int = 0;
const CLOCK_MONOTONIC_RAW: c_int = 4;
const CLOCK_MONOTONIC_RAW_APPROX: c_int = 5;
const CLOCK_MONOTONIC: c_int = 6;
const CLOCK_UPTIME_RAW: c_int = 8;
const CLOCK_UPTIME_RAW_APPROX: c_int = 9;
const CLOCK_PROCESS_CPUTIME_ID: c_int = 12;
const CLOCK_THREAD_CPUTIME_ID: c_int = 16;

/// The Linux clock behind `mach_absolute_time`: darwin's "uptime" clocks
/// stop while the machine sleeps, as Linux `CLOCK_MONOTONIC` does.
const UPTIME: clockid_t = libc::CLOCK_MONOTONIC;
/// The Linux clock behind `mach_continuous_time`: darwin's `CLOCK_MONOTONIC*`
/// keep counting during sleep, as `CLOCK_BOOTTIME` does.
const CONTINUOUS: clockid_t = libc::CLOCK_BOOTTIME;

/// darwin clock id → Linux clock id.
fn linux_clock(id: c_int) -> Option<clockid_t> {
    Some(match id {
        CLOCK_REALTIME => libc::CLOCK_REALTIME,
        CLOCK_MONOTONIC | CLOCK_MONOTONIC_RAW | CLOCK_MONOTONIC_RAW_APPROX => CONTINUOUS,
        CLOCK_UPTIME_RAW | CLOCK_UPTIME_RAW_APPROX => UPTIME,
        CLOCK_PROCESS_CPUTIME_ID => libc::CLOCK_PROCESS_CPUTIME_ID,
        CLOCK_THREAD_CPUTIME_ID => libc::CLOCK_THREAD_CPUTIME_ID,
        _ => return None,
    })
}

/// Reads a Linux clock that cannot fail, in nanoseconds.
fn now_ns(clock: clockid_t) -> u64 {
    let mut ts = timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a local; the clock ids used here always exist.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// # Safety
/// `tp` is writable.
unsafe extern "C" fn clock_gettime(id: c_int, tp: *mut timespec) -> c_int {
    let Some(clock) = linux_clock(id) else {
        crate::errno::set(darwin::EINVAL);
        return -1;
    };
    // SAFETY: `timespec` has the same layout; the caller's pointer.
    check(unsafe { libc::clock_gettime(clock, tp) })
}

/// # Safety
/// `tp` is writable or NULL.
unsafe extern "C" fn clock_getres(id: c_int, tp: *mut timespec) -> c_int {
    let Some(clock) = linux_clock(id) else {
        crate::errno::set(darwin::EINVAL);
        return -1;
    };
    // SAFETY: as `clock_gettime`; Linux accepts NULL.
    check(unsafe { libc::clock_getres(clock, tp) })
}

/// Only `CLOCK_REALTIME` can be set (EPERM without privilege, as on macOS).
///
/// # Safety
/// `tp` points at a `timespec`.
unsafe extern "C" fn clock_settime(id: c_int, tp: *const timespec) -> c_int {
    if id != CLOCK_REALTIME {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: the caller's `timespec`.
    check(unsafe { libc::clock_settime(libc::CLOCK_REALTIME, tp) })
}

/// `clock_gettime_nsec_np`: the clock in nanoseconds, 0 (EINVAL) for an
/// unknown clock.
extern "C" fn clock_gettime_nsec_np(id: c_int) -> u64 {
    match linux_clock(id) {
        Some(clock) => now_ns(clock),
        None => {
            crate::errno::set(darwin::EINVAL);
            0
        }
    }
}

/// darwin x86_64 `struct timeval`: `tv_usec` is an `int` at offset 8.
#[repr(C)]
pub struct Timeval {
    pub tv_sec: i64,
    pub tv_usec: i32,
    pub pad: i32,
}

const _: () = assert!(core::mem::size_of::<Timeval>() == 16);
const _: () = assert!(core::mem::offset_of!(Timeval, tv_usec) == 8);

/// # Safety
/// `tv` is writable or NULL; `tz` is a `struct timezone` (same on both:
/// two `int`s) or NULL.
unsafe extern "C" fn gettimeofday(tv: *mut Timeval, tz: *mut libc::timezone) -> c_int {
    let mut ltv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    // SAFETY: a local timeval; the caller's timezone pointer or NULL.
    let r = check(unsafe { libc::gettimeofday(&mut ltv, tz.cast()) });
    if r == 0 && !tv.is_null() {
        // SAFETY: the caller's 16-byte darwin timeval; the padding is zeroed
        // so that code reading it as two longs still sees the right value.
        unsafe {
            tv.write(Timeval {
                tv_sec: ltv.tv_sec,
                tv_usec: ltv.tv_usec as i32,
                pad: 0,
            })
        };
    }
    r
}

/// # Safety
/// `tv` points at a darwin `timeval` or is NULL; `tz` likewise.
unsafe extern "C" fn settimeofday(tv: *const Timeval, tz: *const libc::timezone) -> c_int {
    let ltv = if tv.is_null() {
        None
    } else {
        // SAFETY: the caller's timeval.
        let t = unsafe { &*tv };
        Some(libc::timeval {
            tv_sec: t.tv_sec,
            tv_usec: t.tv_usec as libc::suseconds_t,
        })
    };
    let p = ltv
        .as_ref()
        .map_or(core::ptr::null(), |t| t as *const libc::timeval);
    // SAFETY: our timeval or NULL; the caller's timezone or NULL.
    check(unsafe { libc::settimeofday(p, tz) })
}

/// `nanosleep` that sleeps on through libSystem's own signals (a
/// `thread_suspend` park) as macOS does, and stops for a program handler.
/// Returns glibc's result, errno still Linux's.
///
/// # Safety
/// `req` points at a `timespec` or is NULL (EFAULT); `rem` is writable or NULL.
unsafe fn sleep_restarting(req: *const timespec, rem: *mut timespec) -> c_int {
    if req.is_null() {
        // SAFETY: glibc reports EFAULT.
        return unsafe { libc::nanosleep(req, rem) };
    }
    // SAFETY: the caller's timespec.
    let mut left = unsafe { *req };
    let mut out = left;
    let r = crate::kernel::signal::wait_restarting(|| {
        // SAFETY: our own timespecs.
        let r = unsafe { libc::nanosleep(&left, &mut out) };
        left = out;
        r
    });
    if r == -1 && crate::errno::get() == libc::EINTR && !rem.is_null() {
        // SAFETY: the caller's writable timespec.
        unsafe { *rem = out };
    }
    r
}

/// `nanosleep`: a cancellation point (the `$NOCANCEL` variants are not).
///
/// # Safety
/// `req` points at a `timespec`; `rem` is writable or NULL.
unsafe extern "C" fn nanosleep(req: *const timespec, rem: *mut timespec) -> c_int {
    // SAFETY: same layout; the caller's pointers.
    blocking(|| check(unsafe { sleep_restarting(req, rem) }))
}

/// # Safety
/// As [`nanosleep`].
unsafe extern "C" fn nanosleep_nocancel(req: *const timespec, rem: *mut timespec) -> c_int {
    // SAFETY: same layout; the caller's pointers.
    check(unsafe { sleep_restarting(req, rem) })
}

/// `sleep(3)` on `nanosleep`: 0, or the unslept seconds when a handler
/// interrupted it, any fraction rounded up (macOS' `sleep` comes from
/// FreeBSD's, which rounds up; glibc's truncates).
extern "C" fn sleep_nocancel(secs: c_uint) -> c_uint {
    let req = timespec {
        tv_sec: secs as libc::time_t,
        tv_nsec: 0,
    };
    let mut rem = req;
    // SAFETY: our own timespecs.
    if unsafe { sleep_restarting(&req, &mut rem) } == 0 {
        return 0;
    }
    if crate::errno::get() != libc::EINTR {
        return secs;
    }
    rem.tv_sec as c_uint + (rem.tv_nsec != 0) as c_uint
}

extern "C" fn sleep(secs: c_uint) -> c_uint {
    blocking(|| sleep_nocancel(secs))
}

/// `usleep(3)` on `nanosleep`.
extern "C" fn usleep_nocancel(usecs: u32) -> c_int {
    let req = timespec {
        tv_sec: (usecs / 1_000_000) as libc::time_t,
        tv_nsec: (usecs % 1_000_000) as libc::c_long * 1000,
    };
    // SAFETY: our own timespec.
    check(unsafe { sleep_restarting(&req, core::ptr::null_mut()) })
}

extern "C" fn usleep(usecs: u32) -> c_int {
    blocking(|| usleep_nocancel(usecs))
}

/// darwin `struct itimerval` (`<sys/time.h>`): two darwin `timeval`s.
#[repr(C)]
pub struct Itimerval {
    pub interval: Timeval,
    pub value: Timeval,
}
const _: () = assert!(core::mem::size_of::<Itimerval>() == 32);
const _: () = assert!(core::mem::offset_of!(Itimerval, value) == 16);

fn tv_to_linux(t: &Timeval) -> libc::timeval {
    libc::timeval {
        tv_sec: t.tv_sec,
        tv_usec: t.tv_usec as libc::suseconds_t,
    }
}

fn tv_to_darwin(t: &libc::timeval) -> Timeval {
    Timeval {
        tv_sec: t.tv_sec,
        tv_usec: t.tv_usec as i32,
        pad: 0,
    }
}

fn itv_to_darwin(t: &libc::itimerval) -> Itimerval {
    Itimerval {
        interval: tv_to_darwin(&t.it_interval),
        value: tv_to_darwin(&t.it_value),
    }
}

/// `setitimer`: `ITIMER_REAL`/`VIRTUAL`/`PROF` are 0/1/2 on both systems;
/// darwin rejects microseconds outside 0..1000000 (EINVAL), as Linux does.
/// A NULL `new` only reads the timer (darwin's kernel does so).
///
/// # Safety
/// `new` points at a darwin `itimerval` or is NULL; `old` is writable or NULL.
unsafe extern "C" fn setitimer(which: c_int, new: *const Itimerval, old: *mut Itimerval) -> c_int {
    if new.is_null() {
        return if old.is_null() {
            0
        } else {
            // SAFETY: forwarded contract.
            unsafe { getitimer(which, old) }
        };
    }
    // SAFETY: the caller's struct.
    let n = unsafe { &*new };
    for t in [&n.interval, &n.value] {
        if !(0..1_000_000).contains(&t.tv_usec) || t.tv_sec < 0 {
            crate::errno::set(darwin::EINVAL);
            return -1;
        }
    }
    let ln = libc::itimerval {
        it_interval: tv_to_linux(&n.interval),
        it_value: tv_to_linux(&n.value),
    };
    // SAFETY: zeroed itimerval is valid.
    let mut lo: libc::itimerval = unsafe { core::mem::zeroed() };
    // SAFETY: local structs; `which` is checked by the kernel.
    let r = check(unsafe { libc::setitimer(which as _, &ln, &mut lo) });
    if r == 0 && !old.is_null() {
        // SAFETY: the caller's writable struct.
        unsafe { old.write(itv_to_darwin(&lo)) };
    }
    r
}

/// # Safety
/// `cur` is writable.
unsafe extern "C" fn getitimer(which: c_int, cur: *mut Itimerval) -> c_int {
    // SAFETY: zeroed itimerval is valid.
    let mut lc: libc::itimerval = unsafe { core::mem::zeroed() };
    // SAFETY: a local struct.
    let r = check(unsafe { libc::getitimer(which as _, &mut lc) });
    if r == 0 {
        // SAFETY: the caller's writable struct.
        unsafe { cur.write(itv_to_darwin(&lc)) };
    }
    r
}

/// Mach absolute time in nanoseconds; stops during sleep.
extern "C" fn mach_absolute_time() -> u64 {
    now_ns(UPTIME)
}

/// Like `mach_absolute_time`, but counting sleep too.
extern "C" fn mach_continuous_time() -> u64 {
    now_ns(CONTINUOUS)
}

/// `mach_approximate_time`: the vDSO clock is cheap enough to be exact.
extern "C" fn mach_approximate_time() -> u64 {
    now_ns(UPTIME)
}

extern "C" fn mach_continuous_approximate_time() -> u64 {
    now_ns(CONTINUOUS)
}

/// `mach_timebase_info_data_t` (macOS <mach/mach_time.h>).
#[repr(C)]
pub struct TimebaseInfo {
    pub numer: u32,
    pub denom: u32,
}

/// # Safety
/// `info` is writable.
unsafe extern "C" fn mach_timebase_info(info: *mut TimebaseInfo) -> c_int {
    // SAFETY: the caller's struct.
    unsafe { info.write(TimebaseInfo { numer: 1, denom: 1 }) };
    0 // KERN_SUCCESS
}

/// Sleeps until `mach_absolute_time()` reaches `deadline`.
extern "C" fn mach_wait_until(deadline: u64) -> c_int {
    const KERN_ABORTED: c_int = 14;
    let ts = timespec {
        tv_sec: (deadline / 1_000_000_000) as i64,
        tv_nsec: (deadline % 1_000_000_000) as i64,
    };
    // SAFETY: a local timespec; UPTIME supports absolute sleeps.
    match unsafe { libc::clock_nanosleep(UPTIME, libc::TIMER_ABSTIME, &ts, core::ptr::null_mut()) }
    {
        0 => 0,
        _ => KERN_ABORTED,
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_clock_gettime" => clock_gettime,
    func "_clock_getres" => clock_getres,
    func "_clock_settime" => clock_settime,
    func "_clock_gettime_nsec_np" => clock_gettime_nsec_np,
    func "_gettimeofday" => gettimeofday,
    func "_settimeofday" => settimeofday,
    func "_nanosleep" => nanosleep,
    func "_nanosleep$NOCANCEL" => nanosleep_nocancel,
    func "_sleep" => sleep,
    func "_sleep$NOCANCEL" => sleep_nocancel,
    func "_usleep" => usleep,
    func "_usleep$NOCANCEL" => usleep_nocancel,
    func "_setitimer" => setitimer,
    func "_getitimer" => getitimer,
    func "_mach_absolute_time" => mach_absolute_time,
    func "_mach_approximate_time" => mach_approximate_time,
    func "_mach_continuous_time" => mach_continuous_time,
    func "_mach_continuous_approximate_time" => mach_continuous_approximate_time,
    func "_mach_timebase_info" => mach_timebase_info,
    func "_mach_wait_until" => mach_wait_until,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        for id in [0, 4, 5, 6, 8, 9, 12, 16] {
            let mut ts = timespec {
                tv_sec: -1,
                tv_nsec: -1,
            };
            // SAFETY: a local timespec.
            assert_eq!(unsafe { clock_gettime(id, &mut ts) }, 0, "clock {id}");
            assert!(ts.tv_sec >= 0 && (0..1_000_000_000).contains(&ts.tv_nsec));
            assert!(clock_gettime_nsec_np(id) > 0);
        }
        let mut ts = timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: a local timespec.
        assert_eq!(unsafe { clock_gettime(1, &mut ts) }, -1);
        assert_eq!(crate::errno::get(), darwin::EINVAL);
        let a = mach_absolute_time();
        assert!(mach_absolute_time() >= a);
        assert!(mach_wait_until(mach_absolute_time() + 1_000_000) == 0);
        assert!(mach_absolute_time() >= a + 1_000_000);
    }

    #[test]
    fn timeval_layout() {
        let mut tv = Timeval {
            tv_sec: 0,
            tv_usec: -1,
            pad: -1,
        };
        // SAFETY: a local timeval, no timezone.
        assert_eq!(unsafe { gettimeofday(&mut tv, core::ptr::null_mut()) }, 0);
        assert!(tv.tv_sec > 1_000_000_000 && (0..1_000_000).contains(&tv.tv_usec) && tv.pad == 0);
    }
}
