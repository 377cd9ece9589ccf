//! I/O multiplexing: `select` (darwin `fd_set`) and `poll`.
//!
//! darwin's `fd_set` is `FD_SETSIZE` (1024) bits in `int32` words; on a
//! little-endian machine bit `n` sits where glibc's `long` words put it, so
//! only the number of bytes the kernel touches differs (Linux rounds up to
//! 8 bytes). The sets are copied through a Linux-sized buffer so a short
//! darwin set (`_DARWIN_UNLIMITED_SELECT` allocations) is never overrun.
//! darwin's `struct timeval` has an `int` `tv_usec`; its timeout is not
//! updated (Linux's is, on our copy). `poll` flags agree up to 0x80;
//! darwin `POLLWRBAND` is 0x100 (Linux 0x200) and `POLLWRNORM` = `POLLOUT`.

use crate::errno::{self, darwin};
use core::mem::size_of;
use libc::{c_int, c_void};

/// darwin `FD_SETSIZE` (`<sys/_types/_fd_def.h>`).
const FD_SETSIZE: c_int = 1024;

/// darwin `struct timeval` (`tv_usec` is `__darwin_suseconds_t`, an `int`).
#[repr(C)]
pub struct Timeval {
    pub sec: i64,
    pub usec: i32,
}
const _: () = assert!(size_of::<Timeval>() == 16);

/// darwin `struct pollfd` (same as Linux's).
#[repr(C)]
pub struct PollFd {
    pub fd: c_int,
    pub events: i16,
    pub revents: i16,
}
const _: () = assert!(size_of::<PollFd>() == size_of::<libc::pollfd>());

/// `__darwin_check_fd_set_overflow(fd, set, unlimited)`: the `FD_SET`/
/// `FD_CLR`/`FD_ISSET` macros act only when this answers 1. A descriptor
/// outside the set is refused, so the macro leaves memory alone; with
/// `_DARWIN_UNLIMITED_SELECT` the caller sizes its own sets, so any
/// non-negative descriptor is accepted.
extern "C" fn check_fd_set_overflow(fd: c_int, _set: *const c_void, unlimited: c_int) -> c_int {
    (fd >= 0 && (unlimited != 0 || fd < FD_SETSIZE)) as c_int
}

/// Bytes of a darwin set covering `nfds` descriptors.
fn darwin_set_bytes(nfds: usize) -> usize {
    nfds.div_ceil(32) * 4
}

/// Copies a darwin set into a Linux-sized buffer.
///
/// # Safety
/// `set` is NULL or holds `darwin_set_bytes(nfds)` bytes.
unsafe fn load_set(set: *const u8, nfds: usize) -> Option<Vec<u64>> {
    if set.is_null() {
        return None;
    }
    let mut v = vec![0u64; nfds.div_ceil(64).max(1)];
    // SAFETY: `v` has at least as many bytes as the darwin set.
    unsafe {
        core::ptr::copy_nonoverlapping(set, v.as_mut_ptr().cast::<u8>(), darwin_set_bytes(nfds))
    };
    Some(v)
}

/// Writes a Linux result set back to the darwin one.
///
/// # Safety
/// As for [`load_set`], writable.
unsafe fn store_set(set: *mut u8, v: &Option<Vec<u64>>, nfds: usize) {
    if let Some(v) = v {
        // SAFETY: same sizes as in `load_set`.
        unsafe {
            core::ptr::copy_nonoverlapping(v.as_ptr().cast::<u8>(), set, darwin_set_bytes(nfds))
        };
    }
}

fn set_ptr(v: &mut Option<Vec<u64>>) -> *mut libc::fd_set {
    v.as_mut()
        .map_or(core::ptr::null_mut(), |v| v.as_mut_ptr().cast())
}

/// Shared body of `select` and `pselect`; `wait` makes the call.
///
/// # Safety
/// The sets are NULL or `darwin_set_bytes(nfds)` bytes each.
unsafe fn select_sets(
    nfds: c_int,
    r: *mut u8,
    w: *mut u8,
    e: *mut u8,
    unlimited: bool,
    mut wait: impl FnMut(*mut libc::fd_set, *mut libc::fd_set, *mut libc::fd_set) -> c_int,
) -> c_int {
    if nfds < 0 || (!unlimited && nfds > FD_SETSIZE) {
        errno::set(darwin::EINVAL);
        return -1;
    }
    let n = nfds as usize;
    let (mut lr, mut lw, mut le) = (None, None, None);
    // Each try starts from the caller's sets: an interrupted wait may
    // leave ours changed.
    let ret = crate::kernel::signal::wait_restarting(|| {
        // SAFETY: the caller's sets.
        (lr, lw, le) = unsafe { (load_set(r, n), load_set(w, n), load_set(e, n)) };
        wait(set_ptr(&mut lr), set_ptr(&mut lw), set_ptr(&mut le))
    });
    if ret < 0 {
        errno::set_from_linux();
        return ret;
    }
    // SAFETY: the caller's sets.
    unsafe {
        store_set(r, &lr, n);
        store_set(w, &lw, n);
        store_set(e, &le, n);
    }
    ret
}

/// # Safety
/// Sets as for [`select_sets`]; `tv` NULL or a darwin timeval.
unsafe fn select_common(
    nfds: c_int,
    r: *mut u8,
    w: *mut u8,
    e: *mut u8,
    tv: *const Timeval,
    unlimited: bool,
) -> c_int {
    let mut ltv = if tv.is_null() {
        None
    } else {
        // SAFETY: the caller's timeval.
        let t = unsafe { &*tv };
        // darwin refuses what it cannot represent (itimerfix) rather than normalising.
        if t.sec < 0 || t.usec < 0 || t.usec >= 1_000_000 {
            errno::set(darwin::EINVAL);
            return -1;
        }
        Some(libc::timeval {
            tv_sec: t.sec,
            tv_usec: t.usec as i64,
        })
    };
    let tp = ltv
        .as_mut()
        .map_or(core::ptr::null_mut(), |t| t as *mut libc::timeval);
    // SAFETY: the caller's sets; `tp` is NULL or our copy; the closure
    // passes Linux-sized sets.
    unsafe {
        select_sets(nfds, r, w, e, unlimited, |a, b, c| {
            libc::select(nfds, a, b, c, tp)
        })
    }
}

/// `select`, `select$1050`, `select$NOCANCEL`: at most `FD_SETSIZE` descriptors.
///
/// # Safety
/// darwin `fd_set`s and timeval, or NULL.
unsafe extern "C" fn select(
    nfds: c_int,
    r: *mut u8,
    w: *mut u8,
    e: *mut u8,
    tv: *const Timeval,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { select_common(nfds, r, w, e, tv, false) }
}

/// `select$DARWIN_EXTSN`: sets sized by the caller for `nfds` descriptors.
///
/// # Safety
/// As for `select`.
unsafe extern "C" fn select_extsn(
    nfds: c_int,
    r: *mut u8,
    w: *mut u8,
    e: *mut u8,
    tv: *const Timeval,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { select_common(nfds, r, w, e, tv, true) }
}

/// darwin `sigset_t` (a 32-bit mask of darwin numbers) → Linux set.
fn sigset_to_linux(s: u32) -> libc::sigset_t {
    // SAFETY: sigset_t is plain data, initialised by sigemptyset.
    let mut out: libc::sigset_t = unsafe { core::mem::zeroed() };
    // SAFETY: `out` is a valid set.
    unsafe { libc::sigemptyset(&mut out) };
    for d in 1..32 {
        let l = crate::kernel::signal::to_linux(d);
        if s & (1 << (d - 1)) != 0 && l != 0 {
            // SAFETY: `out` is valid and `l` a real signal.
            unsafe { libc::sigaddset(&mut out, l) };
        }
    }
    out
}

/// # Safety
/// Sets as for `select`; `ts` NULL or a timespec; `mask` NULL or a darwin set.
unsafe fn pselect_common(
    nfds: c_int,
    r: *mut u8,
    w: *mut u8,
    e: *mut u8,
    ts: *const libc::timespec,
    mask: *const u32,
    unlimited: bool,
) -> c_int {
    let lts = if ts.is_null() {
        None
    } else {
        // SAFETY: the caller's timespec (same layout on both systems).
        let t = unsafe { *ts };
        if t.tv_sec < 0 || !(0..1_000_000_000).contains(&t.tv_nsec) {
            errno::set(darwin::EINVAL);
            return -1;
        }
        Some(t)
    };
    // SAFETY: the caller's mask.
    let lmask = (!mask.is_null()).then(|| sigset_to_linux(unsafe { *mask }));
    let mp = lmask
        .as_ref()
        .map_or(core::ptr::null(), |m| m as *const libc::sigset_t);
    // glibc's pselect leaves the timeout as it was: a retry waits for
    // what is left until the deadline.
    let deadline = lts.map(|t| Deadline::after(t.tv_sec as u64, t.tv_nsec as u32));
    // SAFETY: the caller's sets; the timeout is NULL or our copy, `mp` NULL
    // or our mask; the closure passes Linux-sized sets.
    unsafe {
        select_sets(nfds, r, w, e, unlimited, |a, b, c| {
            let left = deadline.as_ref().map(Deadline::left_timespec);
            let tp = left
                .as_ref()
                .map_or(core::ptr::null(), |t| t as *const libc::timespec);
            libc::pselect(nfds, a, b, c, tp, mp)
        })
    }
}

/// # Safety
/// As for `pselect_common`.
unsafe extern "C" fn pselect(
    nfds: c_int,
    r: *mut u8,
    w: *mut u8,
    e: *mut u8,
    ts: *const libc::timespec,
    mask: *const u32,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { pselect_common(nfds, r, w, e, ts, mask, false) }
}

/// # Safety
/// As for `pselect_common`.
unsafe extern "C" fn pselect_extsn(
    nfds: c_int,
    r: *mut u8,
    w: *mut u8,
    e: *mut u8,
    ts: *const libc::timespec,
    mask: *const u32,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { pselect_common(nfds, r, w, e, ts, mask, true) }
}

/// When a wait that libSystem restarts (see `signal::wait_restarting`)
/// must end.
struct Deadline(std::time::Instant);

impl Deadline {
    fn after(secs: u64, nanos: u32) -> Self {
        Deadline(std::time::Instant::now() + std::time::Duration::new(secs, nanos))
    }

    fn left(&self) -> std::time::Duration {
        self.0.saturating_duration_since(std::time::Instant::now())
    }

    fn left_timespec(&self) -> libc::timespec {
        let d = self.left();
        libc::timespec {
            tv_sec: d.as_secs() as libc::time_t,
            tv_nsec: d.subsec_nanos() as libc::c_long,
        }
    }

    /// Milliseconds left, rounded up so a retry never wakes early.
    fn left_ms(&self) -> c_int {
        self.left()
            .as_nanos()
            .div_ceil(1_000_000)
            .min(c_int::MAX as u128) as c_int
    }
}

/// darwin poll events → Linux's (the file-change bits above 0x100 only mean
/// something to kqueue-backed vnode polling and are dropped).
fn events_to_linux(ev: i16) -> i16 {
    let ev = ev as u16;
    let mut l = ev & 0xff;
    if ev & 0x100 != 0 {
        l |= libc::POLLWRBAND as u16;
    }
    l as i16
}

/// Linux revents → darwin's.
fn events_to_darwin(ev: i16) -> i16 {
    let ev = ev as u16;
    let mut d = ev & 0xff;
    if ev & libc::POLLWRNORM as u16 != 0 {
        d |= 0x4;
    }
    if ev & libc::POLLWRBAND as u16 != 0 {
        d |= 0x100;
    }
    d as i16
}

/// darwin `poll`; `nfds_t` is an `unsigned int` on darwin.
///
/// # Safety
/// `fds` holds `nfds` entries.
unsafe extern "C" fn poll(fds: *mut PollFd, nfds: u32, timeout: c_int) -> c_int {
    let n = nfds as usize;
    let list: &mut [PollFd] = if n == 0 || fds.is_null() {
        &mut []
    } else {
        // SAFETY: the caller's array of `nfds` entries.
        unsafe { core::slice::from_raw_parts_mut(fds, n) }
    };
    let mut l: Vec<libc::pollfd> = list
        .iter()
        .map(|p| libc::pollfd {
            fd: p.fd,
            events: events_to_linux(p.events),
            revents: 0,
        })
        .collect();
    let deadline = (timeout >= 0)
        .then(|| Deadline::after(timeout as u64 / 1000, (timeout % 1000) as u32 * 1_000_000));
    let r = crate::kernel::signal::wait_restarting(|| {
        let ms = deadline.as_ref().map_or(-1, Deadline::left_ms);
        // SAFETY: `l` has `n` entries (or none: a pure sleep).
        unsafe { libc::poll(l.as_mut_ptr(), n as libc::nfds_t, ms) }
    });
    if r < 0 {
        errno::set_from_linux();
        return r;
    }
    for (d, lp) in list.iter_mut().zip(&l) {
        d.revents = events_to_darwin(lp.revents);
    }
    r
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "___darwin_check_fd_set_overflow" => check_fd_set_overflow,
    func "_select" => select,
    func "_select$1050" => select,
    func "_select$NOCANCEL" => select,
    func "_select$DARWIN_EXTSN" => select_extsn,
    func "_select$DARWIN_EXTSN$NOCANCEL" => select_extsn,
    func "_pselect" => pselect,
    func "_pselect$1050" => pselect,
    func "_pselect$NOCANCEL" => pselect,
    func "_pselect$DARWIN_EXTSN" => pselect_extsn,
    func "_pselect$DARWIN_EXTSN$NOCANCEL" => pselect_extsn,
    func "_poll" => poll,
    func "_poll$NOCANCEL" => poll,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_bits() {
        assert_eq!(
            events_to_linux(0x1 | 0x4 | 0x100),
            (0x1 | 0x4 | 0x200) as i16
        );
        assert_eq!(events_to_linux(0x200 | 0x1000), 0);
        assert_eq!(events_to_darwin(0x200 | 0x10), 0x110);
    }

    #[test]
    fn fd_check() {
        assert_eq!(check_fd_set_overflow(3, core::ptr::null(), 0), 1);
        assert_eq!(check_fd_set_overflow(1024, core::ptr::null(), 0), 0);
        assert_eq!(check_fd_set_overflow(5000, core::ptr::null(), 1), 1);
        assert_eq!(check_fd_set_overflow(-1, core::ptr::null(), 1), 0);
    }
}
