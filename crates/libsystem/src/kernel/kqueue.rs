//! `kqueue`/`kevent`/`kevent64` on top of epoll, timerfd, pidfd, inotify
//! and eventfd. Layouts, constants and semantics are darwin's
//! (`<sys/event.h>`, `man 2 kqueue`).
//!
//! A kqueue is an epoll descriptor, so it is a real fd that `close`,
//! `poll` and `fcntl` accept; its knotes live in a registry keyed by that
//! fd ([`KQS`]). Sources:
//! - `EVFILT_READ`/`EVFILT_WRITE`: the fd itself, registered edge-triggered
//!   in the epoll set. epoll only says "look again": each knote is
//!   re-evaluated with `poll` when it is delivered, so level-triggered
//!   knotes stay queued while their condition holds and `EV_CLEAR` ones
//!   wait for the next edge, as on darwin. Regular files (which epoll
//!   refuses) are always evaluated: READ fires while the offset is before
//!   the end (`data` = bytes left), WRITE always (`data` 1).
//! - `EVFILT_TIMER`: a timerfd per knote; `data` = expirations.
//! - `EVFILT_PROC`: a pidfd; `NOTE_EXIT`, with the wait status when
//!   `NOTE_EXITSTATUS` is asked (read with `waitid(WNOWAIT)`, so children
//!   only, as darwin allows). `NOTE_FORK`, `NOTE_EXEC` and `NOTE_SIGNAL`
//!   are accepted but never reported: Linux tells an unprivileged process
//!   nothing of another's forks and execs.
//! - `EVFILT_SIGNAL`: darwin counts every signal sent to the process, even
//!   one the program ignores or catches. signalfd cannot do that (it needs
//!   the signal blocked and consumes it, so handlers would never run), so
//!   libSystem's one signal handler ([`note_signal`]) counts deliveries in
//!   per-kqueue atomic counters and wakes the kqueue through its eventfd;
//!   a watched signal the program ignores is routed through that handler
//!   (which then ignores it). Limits: a signal is counted when Linux
//!   delivers it, so signals sent while blocked count once, when unblocked;
//!   darwin counts each `kill` at once.
//! - `EVFILT_VNODE`: an inotify watch on `/proc/self/fd/N` (the fd's
//!   inode, whatever its name); unlink and link show as an attribute
//!   change, told apart by the link count. So a file replaced by a rename
//!   reports `NOTE_DELETE | NOTE_LINK` where darwin says `NOTE_DELETE`,
//!   and `ftruncate` reports `NOTE_WRITE` where darwin says `NOTE_ATTRIB`.
//! - `EVFILT_USER`: kept here; `NOTE_TRIGGER` wakes the kqueue's eventfd.
//!
//! darwin kqueues are not inherited by `fork` children: a fork handler
//! closes every kqueue in the child. The kqueue fd is also close-on-exec.
//! `close` must call [`forget_fd`] so a closed kqueue's resources are freed
//! and a closed fd's knotes are dropped, as darwin does.

use crate::errno::darwin;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicUsize, Ordering};
use libc::{c_int, c_uint};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

// Filters (<sys/event.h>).
const EVFILT_READ: i16 = -1;
const EVFILT_WRITE: i16 = -2;
const EVFILT_AIO: i16 = -3;
const EVFILT_VNODE: i16 = -4;
const EVFILT_PROC: i16 = -5;
const EVFILT_SIGNAL: i16 = -6;
const EVFILT_TIMER: i16 = -7;
const EVFILT_USER: i16 = -10;
/// Filters darwin knows (`EVFILT_SYSCOUNT` 19 of them, from -1).
const EVFILT_SYSCOUNT: i16 = 19;

// Flags.
const EV_ADD: u16 = 0x1;
const EV_DELETE: u16 = 0x2;
const EV_ENABLE: u16 = 0x4;
const EV_DISABLE: u16 = 0x8;
const EV_ONESHOT: u16 = 0x10;
const EV_CLEAR: u16 = 0x20;
const EV_RECEIPT: u16 = 0x40;
const EV_DISPATCH: u16 = 0x80;
const EV_UDATA_SPECIFIC: u16 = 0x100;
const EV_VANISHED: u16 = 0x200;
const EV_ERROR: u16 = 0x4000;
const EV_EOF: u16 = 0x8000;

// Read/write filter flags.
const NOTE_LOWAT: u32 = 0x1;

// EVFILT_USER.
const NOTE_TRIGGER: u32 = 0x0100_0000;
const NOTE_FFAND: u32 = 0x4000_0000;
const NOTE_FFOR: u32 = 0x8000_0000;
const NOTE_FFCOPY: u32 = 0xc000_0000;
const NOTE_FFCTRLMASK: u32 = 0xc000_0000;
const NOTE_FFLAGSMASK: u32 = 0x00ff_ffff;

// EVFILT_VNODE.
const NOTE_DELETE: u32 = 0x1;
const NOTE_WRITE: u32 = 0x2;
const NOTE_EXTEND: u32 = 0x4;
const NOTE_ATTRIB: u32 = 0x8;
const NOTE_LINK: u32 = 0x10;
const NOTE_RENAME: u32 = 0x20;
const NOTE_REVOKE: u32 = 0x40;

// EVFILT_PROC.
const NOTE_EXIT: u32 = 0x8000_0000;
const NOTE_EXITSTATUS: u32 = 0x0400_0000;
const NOTE_PDATAMASK: i64 = 0x000f_ffff;
const NOTE_TRACK: u32 = 0x1;
const NOTE_TRACKERR: u32 = 0x2;
const NOTE_CHILD: u32 = 0x4;

// EVFILT_TIMER.
const NOTE_SECONDS: u32 = 0x1;
const NOTE_USECONDS: u32 = 0x2;
const NOTE_NSECONDS: u32 = 0x4;
const NOTE_ABSOLUTE: u32 = 0x8;
const NOTE_MACH_CONTINUOUS_TIME: u32 = 0x80;
const NOTE_MACHTIME: u32 = 0x100;

// kevent64 flags.
const KEVENT_FLAG_IMMEDIATE: c_uint = 0x1;
const KEVENT_FLAG_ERROR_EVENTS: c_uint = 0x2;
/// `KEVENT_ID_FLAG_USER`: dynamic kqueue ids, refused by `kevent64`.
const KEVENT_ID_FLAG_USER: c_uint = 0x2000;

/// darwin `struct kevent` (`#pragma pack(4)`: 32 bytes, 4-aligned).
#[repr(C, packed(4))]
#[derive(Clone, Copy)]
pub struct KEvent {
    pub ident: usize,
    pub filter: i16,
    pub flags: u16,
    pub fflags: u32,
    pub data: isize,
    pub udata: usize,
}
const _: () = assert!(core::mem::size_of::<KEvent>() == 32);
const _: () = assert!(core::mem::align_of::<KEvent>() == 4);
const _: () = assert!(core::mem::offset_of!(KEvent, filter) == 8);
const _: () = assert!(core::mem::offset_of!(KEvent, flags) == 10);
const _: () = assert!(core::mem::offset_of!(KEvent, fflags) == 12);
const _: () = assert!(core::mem::offset_of!(KEvent, data) == 16);
const _: () = assert!(core::mem::offset_of!(KEvent, udata) == 24);

/// darwin `struct kevent64_s` (48 bytes); also our internal form.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug, PartialEq)]
pub struct KEvent64 {
    pub ident: u64,
    pub filter: i16,
    pub flags: u16,
    pub fflags: u32,
    pub data: i64,
    pub udata: u64,
    pub ext: [u64; 2],
}
const _: () = assert!(core::mem::size_of::<KEvent64>() == 48);
const _: () = assert!(core::mem::offset_of!(KEvent64, filter) == 8);
const _: () = assert!(core::mem::offset_of!(KEvent64, flags) == 10);
const _: () = assert!(core::mem::offset_of!(KEvent64, fflags) == 12);
const _: () = assert!(core::mem::offset_of!(KEvent64, data) == 16);
const _: () = assert!(core::mem::offset_of!(KEvent64, udata) == 24);
const _: () = assert!(core::mem::offset_of!(KEvent64, ext) == 32);

impl From<KEvent> for KEvent64 {
    fn from(k: KEvent) -> Self {
        KEvent64 {
            ident: k.ident as u64,
            filter: k.filter,
            flags: k.flags,
            fflags: k.fflags,
            data: k.data as i64,
            udata: k.udata as u64,
            ext: [0; 2],
        }
    }
}

impl From<KEvent64> for KEvent {
    fn from(k: KEvent64) -> Self {
        KEvent {
            ident: k.ident as usize,
            filter: k.filter,
            flags: k.flags,
            fflags: k.fflags,
            data: k.data as isize,
            udata: k.udata as usize,
        }
    }
}

// epoll tags: the kind in the top byte.
const TAG_WAKE: u64 = 1 << 56;
const TAG_INOTIFY: u64 = 2 << 56;
const TAG_FD: u64 = 3 << 56;
const TAG_OTHER: u64 = 4 << 56;
const TAG_KIND: u64 = 0xff << 56;

type Key = (u64, i16);

/// What a knote watches.
enum Source {
    /// READ/WRITE on an fd (its epoll registration is in `State::fds`).
    Fd,
    Timer {
        tfd: c_int,
        tag: u64,
        /// Expirations read from the timerfd and not yet reported.
        fired: u64,
        /// Whether the timer repeats (darwin reports 1 for one-shot ones).
        repeating: bool,
    },
    Proc {
        pidfd: c_int,
        tag: u64,
    },
    Signal,
    User {
        triggered: bool,
    },
    Vnode {
        wd: c_int,
        nlink: u64,
        size: i64,
    },
}

/// A registered event (darwin's knote).
struct Knote {
    /// ident, filter, flags (as registered, plus what filters add), udata, ext.
    kev: KEvent64,
    /// The filter's input flags and data (`kn_sfflags`, `kn_sdata`).
    sfflags: u32,
    sdata: i64,
    /// Output flags accumulated by the filter (`kn_fflags`).
    fflags: u32,
    disabled: bool,
    /// In `State::queue` (darwin: active).
    queued: bool,
    src: Source,
}

/// An fd's epoll registration, shared by its READ and WRITE knotes.
struct FdReg {
    dev: u64,
    ino: u64,
    mode: u32,
    /// epoll interest now registered (0 when the fd cannot be polled).
    mask: u32,
    /// Whether epoll accepted the fd (regular files are refused).
    polled: bool,
}

#[derive(Default)]
struct State {
    notes: HashMap<Key, Knote>,
    fds: HashMap<c_int, FdReg>,
    tags: HashMap<u64, Key>,
    next_tag: u64,
    queue: VecDeque<Key>,
    inotify: Option<c_int>,
    watches: HashMap<c_int, Vec<u64>>,
    sig_slot: Option<usize>,
}

/// One kqueue: its epoll fd (the kqueue fd), its wake eventfd, its knotes.
struct Kq {
    /// One of the descriptors the program knows this kqueue by (they are
    /// all the same epoll instance); moves to another when it is closed.
    epfd: AtomicI32,
    wakefd: c_int,
    st: Mutex<State>,
}

/// Every open kqueue, by fd.
static KQS: Mutex<BTreeMap<c_int, Arc<Kq>>> = Mutex::new(BTreeMap::new());
/// How many kqueues exist (so `forget_fd` costs nothing without any).
static KQ_COUNT: AtomicUsize = AtomicUsize::new(0);

fn kqs() -> MutexGuard<'static, BTreeMap<c_int, Arc<Kq>>> {
    KQS.lock().unwrap_or_else(|e| e.into_inner())
}

impl Kq {
    fn epfd(&self) -> c_int {
        self.epfd.load(Ordering::SeqCst)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn last_errno() -> c_int {
    crate::errno::linux_to_darwin(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
}

fn close_fd(fd: c_int) {
    // SAFETY: closing a descriptor we own.
    unsafe { libc::close(fd) };
}

fn epoll_ctl(epfd: c_int, op: c_int, fd: c_int, events: u32, tag: u64) -> c_int {
    let mut ev = libc::epoll_event { events, u64: tag };
    // SAFETY: `ev` is a valid epoll_event.
    unsafe { libc::epoll_ctl(epfd, op, fd, &mut ev) }
}

fn fstat(fd: c_int) -> Option<libc::stat> {
    // SAFETY: `st` is written by fstat before use.
    unsafe {
        let mut st: libc::stat = core::mem::zeroed();
        (libc::fstat(fd, &mut st) == 0).then_some(st)
    }
}

/// `poll` an fd without waiting: its revents.
fn poll_now(fd: c_int, events: i16) -> i16 {
    let mut p = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    if unsafe { libc::poll(&mut p, 1, 0) } == 1 {
        p.revents
    } else {
        0
    }
}

fn ioctl_int(fd: c_int, req: libc::c_ulong) -> Option<c_int> {
    let mut n: c_int = 0;
    // SAFETY: the request writes one int.
    (unsafe { libc::ioctl(fd, req, &mut n) } == 0).then_some(n)
}

fn sockopt_int(fd: c_int, level: c_int, name: c_int) -> Option<c_int> {
    let mut v: c_int = 0;
    let mut len = core::mem::size_of::<c_int>() as libc::socklen_t;
    // SAFETY: `v` holds an int option.
    let r = unsafe { libc::getsockopt(fd, level, name, (&mut v as *mut c_int).cast(), &mut len) };
    (r == 0).then_some(v)
}

fn is_fd_filter(f: i16) -> bool {
    matches!(f, EVFILT_READ | EVFILT_WRITE | EVFILT_VNODE)
}

// ---------------------------------------------------------------------------
// Signals: per-kqueue counters written from the signal handler.

const SLOTS: usize = 64;
static SLOT_USED: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];
static SLOT_FD: [AtomicI32; SLOTS] = [const { AtomicI32::new(-1) }; SLOTS];
static SLOT_MASK: [AtomicU32; SLOTS] = [const { AtomicU32::new(0) }; SLOTS];
static SLOT_BUSY: [AtomicU32; SLOTS] = [const { AtomicU32::new(0) }; SLOTS];
static SLOT_COUNT: [[AtomicU32; 32]; SLOTS] = [const { [const { AtomicU32::new(0) }; 32] }; SLOTS];
/// Union of every slot's mask.
static WATCHED: AtomicU32 = AtomicU32::new(0);

fn recompute_watched() {
    let all = SLOT_MASK
        .iter()
        .fold(0, |m, s| m | s.load(Ordering::SeqCst));
    WATCHED.store(all, Ordering::SeqCst);
}

/// Called by libSystem's signal handler for every delivered darwin signal.
/// Async-signal-safe: atomics and `write` to eventfds that stay open while
/// their slot is in use.
pub(crate) fn note_signal(dsig: c_int) {
    if !(1..32).contains(&dsig) {
        return;
    }
    let bit = 1u32 << dsig;
    if WATCHED.load(Ordering::SeqCst) & bit == 0 {
        return;
    }
    let saved = crate::errno::get();
    for i in 0..SLOTS {
        if SLOT_MASK[i].load(Ordering::SeqCst) & bit == 0 {
            continue;
        }
        SLOT_BUSY[i].fetch_add(1, Ordering::SeqCst);
        let fd = SLOT_FD[i].load(Ordering::SeqCst);
        if fd >= 0 && SLOT_MASK[i].load(Ordering::SeqCst) & bit != 0 {
            SLOT_COUNT[i][dsig as usize].fetch_add(1, Ordering::SeqCst);
            let one: u64 = 1;
            // SAFETY: `fd` is an eventfd kept open while the slot is busy.
            unsafe { libc::write(fd, (&one as *const u64).cast(), 8) };
        }
        SLOT_BUSY[i].fetch_sub(1, Ordering::SeqCst);
    }
    crate::errno::set(saved);
}

/// Whether some kqueue watches darwin signal `dsig`.
pub(crate) fn watches_signal(dsig: c_int) -> bool {
    (1..32).contains(&dsig) && WATCHED.load(Ordering::SeqCst) & (1 << dsig) != 0
}

fn slot_acquire(wakefd: c_int) -> Option<usize> {
    for i in 0..SLOTS {
        if SLOT_USED[i]
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            for c in &SLOT_COUNT[i] {
                c.store(0, Ordering::SeqCst);
            }
            SLOT_MASK[i].store(0, Ordering::SeqCst);
            SLOT_FD[i].store(wakefd, Ordering::SeqCst);
            return Some(i);
        }
    }
    None
}

fn slot_release(i: usize) {
    SLOT_MASK[i].store(0, Ordering::SeqCst);
    SLOT_FD[i].store(-1, Ordering::SeqCst);
    recompute_watched();
    // A handler on another thread may still be writing to the eventfd.
    while SLOT_BUSY[i].load(Ordering::SeqCst) != 0 {
        std::thread::yield_now();
    }
    SLOT_USED[i].store(false, Ordering::SeqCst);
}

// ---------------------------------------------------------------------------
// kqueue()

extern "C" fn kqueue() -> c_int {
    // SAFETY: plain descriptor creation.
    let epfd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    if epfd < 0 {
        crate::errno::set_from_linux();
        return -1;
    }
    // SAFETY: plain descriptor creation.
    let wakefd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
    if wakefd < 0
        || epoll_ctl(
            epfd,
            libc::EPOLL_CTL_ADD,
            wakefd,
            libc::EPOLLIN as u32,
            TAG_WAKE,
        ) < 0
    {
        crate::errno::set_from_linux();
        let e = crate::errno::get();
        if wakefd >= 0 {
            close_fd(wakefd);
        }
        close_fd(epfd);
        crate::errno::set(e);
        return -1;
    }
    install_fork_handler();
    let kq = Arc::new(Kq {
        epfd: AtomicI32::new(epfd),
        wakefd,
        st: Mutex::new(State::default()),
    });
    let stale = kqs().insert(epfd, kq);
    match stale {
        // The fd was closed without `forget_fd`: free what it left.
        Some(old) => release(&old),
        None => {
            KQ_COUNT.fetch_add(1, Ordering::SeqCst);
        }
    }
    epfd
}

/// Frees a kqueue's resources except its epoll fd.
fn release(kq: &Kq) {
    let mut st = kq.lock();
    if let Some(i) = st.sig_slot.take() {
        slot_release(i);
    }
    for (_, kn) in st.notes.drain() {
        match kn.src {
            Source::Timer { tfd, .. } => close_fd(tfd),
            Source::Proc { pidfd, .. } => close_fd(pidfd),
            _ => {}
        }
    }
    if let Some(fd) = st.inotify.take() {
        close_fd(fd);
    }
    st.fds.clear();
    st.queue.clear();
    close_fd(kq.wakefd);
}

/// Called after `dup`, `dup2` or `fcntl(F_DUPFD*)` made `new` another
/// descriptor for `old`: a duplicated kqueue is the same kqueue under both
/// numbers, as on darwin (tokio duplicates its kqueue this way).
pub(crate) fn on_dup(old: c_int, new: c_int) {
    if new < 0 || old == new || KQ_COUNT.load(Ordering::SeqCst) == 0 {
        return;
    }
    let mut map = kqs();
    let Some(kq) = map.get(&old).cloned() else {
        return;
    };
    if map.insert(new, kq).is_none() {
        KQ_COUNT.fetch_add(1, Ordering::SeqCst);
    }
}

/// Must be called by `close(fd)` before the descriptor is closed: a kqueue
/// fd frees its kqueue; any other fd loses its READ/WRITE/VNODE knotes in
/// every kqueue (darwin drops them on close).
// Called from `close` in kernel/fs.rs.
pub(crate) fn forget_fd(fd: c_int) {
    if KQ_COUNT.load(Ordering::SeqCst) == 0 {
        return;
    }
    let mut map = kqs();
    if let Some(kq) = map.remove(&fd) {
        KQ_COUNT.fetch_sub(1, Ordering::SeqCst);
        let alias = map
            .iter()
            .find(|(_, k)| Arc::ptr_eq(k, &kq))
            .map(|(&f, _)| f);
        drop(map);
        match alias {
            // Another descriptor still names this kqueue: it lives on there.
            Some(other) => {
                let _ = kq
                    .epfd
                    .compare_exchange(fd, other, Ordering::SeqCst, Ordering::SeqCst);
            }
            None => release(&kq),
        }
        return;
    }
    let all: Vec<Arc<Kq>> = map.values().cloned().collect();
    drop(map);
    for kq in all {
        let mut st = kq.lock();
        for f in [EVFILT_READ, EVFILT_WRITE, EVFILT_VNODE] {
            if st.notes.contains_key(&(fd as u64, f)) {
                drop_knote(&kq, &mut st, (fd as u64, f));
            }
        }
    }
}

static FORK_HANDLER: std::sync::Once = std::sync::Once::new();

fn install_fork_handler() {
    FORK_HANDLER.call_once(|| {
        // SAFETY: registering plain functions.
        unsafe { libc::pthread_atfork(Some(fork_prepare), Some(fork_parent), Some(fork_child)) };
    });
}

type MapGuard = MutexGuard<'static, BTreeMap<c_int, Arc<Kq>>>;

std::thread_local! {
    /// The map stays locked across `fork` (held by the forking thread) so
    /// the child sees it consistent.
    static FORK_GUARD: core::cell::RefCell<Option<MapGuard>> = const { core::cell::RefCell::new(None) };
}

extern "C" fn fork_prepare() {
    let g = kqs();
    FORK_GUARD.with(|s| *s.borrow_mut() = Some(g));
}

extern "C" fn fork_parent() {
    FORK_GUARD.with(|s| s.borrow_mut().take());
}

/// darwin: "The queue is not inherited by a child created with fork(2)".
extern "C" fn fork_child() {
    let Some(mut map) = FORK_GUARD.with(|s| s.borrow_mut().take()) else {
        return;
    };
    for (fd, kq) in core::mem::take(&mut *map) {
        if let Ok(st) = kq.st.try_lock() {
            for kn in st.notes.values() {
                match kn.src {
                    Source::Timer { tfd, .. } => close_fd(tfd),
                    Source::Proc { pidfd, .. } => close_fd(pidfd),
                    _ => {}
                }
            }
            if let Some(i) = st.inotify {
                close_fd(i);
            }
            if let Some(i) = st.sig_slot {
                SLOT_MASK[i].store(0, Ordering::SeqCst);
                SLOT_FD[i].store(-1, Ordering::SeqCst);
                SLOT_USED[i].store(false, Ordering::SeqCst);
            }
        }
        close_fd(kq.wakefd);
        close_fd(fd);
        // The other threads are gone: leak rather than touch locks they held.
        core::mem::forget(kq);
    }
    recompute_watched();
    KQ_COUNT.store(0, Ordering::SeqCst);
}

// ---------------------------------------------------------------------------
// Registration.

impl State {
    fn new_tag(&mut self, key: Key) -> u64 {
        self.next_tag += 1;
        let tag = TAG_OTHER | self.next_tag;
        self.tags.insert(tag, key);
        tag
    }

    fn activate(&mut self, key: Key) {
        if let Some(kn) = self.notes.get_mut(&key) {
            if !kn.queued && !kn.disabled {
                kn.queued = true;
                self.queue.push_back(key);
            }
        }
    }
}

/// Re-registers `fd` in epoll with the interest of its remaining knotes.
fn sync_fd(kq: &Kq, st: &mut State, fd: c_int) {
    let mut want = 0u32;
    if st.notes.contains_key(&(fd as u64, EVFILT_READ)) {
        want |= (libc::EPOLLIN | libc::EPOLLRDHUP) as u32;
    }
    if st.notes.contains_key(&(fd as u64, EVFILT_WRITE)) {
        want |= libc::EPOLLOUT as u32;
    }
    let Some(reg) = st.fds.get_mut(&fd) else {
        return;
    };
    if want == 0 {
        if reg.polled {
            epoll_ctl(kq.epfd(), libc::EPOLL_CTL_DEL, fd, 0, 0);
        }
        st.fds.remove(&fd);
        return;
    }
    if reg.polled && reg.mask != want {
        let ev = want | libc::EPOLLET as u32;
        if epoll_ctl(kq.epfd(), libc::EPOLL_CTL_MOD, fd, ev, TAG_FD | fd as u64) < 0 {
            epoll_ctl(kq.epfd(), libc::EPOLL_CTL_ADD, fd, ev, TAG_FD | fd as u64);
        }
        reg.mask = want;
    }
}

/// Removes a knote and what it holds.
fn drop_knote(kq: &Kq, st: &mut State, key: Key) {
    let Some(kn) = st.notes.remove(&key) else {
        return;
    };
    match kn.src {
        Source::Fd => sync_fd(kq, st, key.0 as c_int),
        Source::Timer { tfd, tag, .. } => {
            close_fd(tfd);
            st.tags.remove(&tag);
        }
        Source::Proc { pidfd, tag } => {
            close_fd(pidfd);
            st.tags.remove(&tag);
        }
        Source::Signal => {
            if let (Some(i), 1..32) = (st.sig_slot, key.0) {
                SLOT_MASK[i].fetch_and(!(1u32 << key.0), Ordering::SeqCst);
                recompute_watched();
            }
        }
        Source::User { .. } => {}
        Source::Vnode { wd, .. } => {
            if let Some(list) = st.watches.get_mut(&wd) {
                list.retain(|&i| i != key.0);
                if list.is_empty() {
                    st.watches.remove(&wd);
                    if let Some(ino) = st.inotify {
                        // SAFETY: removing our own watch.
                        unsafe { libc::inotify_rm_watch(ino, wd) };
                    }
                }
            }
        }
    }
}

/// Applies one change (darwin's `kevent_register`); the error is a darwin errno.
fn register(kq: &Kq, st: &mut State, kev: &mut KEvent64) -> Result<(), c_int> {
    let f = kev.filter;
    if !(f < 0 && f + EVFILT_SYSCOUNT >= 0) {
        return Err(darwin::EINVAL);
    }
    if kev.flags & EV_VANISHED != 0
        && kev.flags & (EV_ADD | EV_DISPATCH | EV_UDATA_SPECIFIC)
            != (EV_ADD | EV_DISPATCH | EV_UDATA_SPECIFIC)
    {
        return Err(darwin::EINVAL);
    }
    if kev.flags & EV_DELETE != 0 {
        kev.flags &= !EV_ADD;
    }
    if kev.flags & EV_DISABLE != 0 {
        kev.flags &= !EV_ENABLE;
    }
    let key = (kev.ident, f);
    // A knote left on an fd number that now names another file is stale.
    if is_fd_filter(f) && kev.flags & EV_ADD != 0 && st.notes.contains_key(&key) {
        let cur = fstat(kev.ident as c_int);
        let same = match (st.fds.get(&(kev.ident as c_int)), &cur) {
            (Some(r), Some(s)) => r.dev == s.st_dev && r.ino == s.st_ino,
            (None, Some(_)) => f == EVFILT_VNODE,
            _ => false,
        };
        if !same {
            drop_knote(kq, st, (kev.ident, EVFILT_READ));
            drop_knote(kq, st, (kev.ident, EVFILT_WRITE));
            drop_knote(kq, st, (kev.ident, EVFILT_VNODE));
        }
    }
    if !st.notes.contains_key(&key) {
        if kev.flags & EV_ADD == 0 {
            return Err(darwin::ENOENT);
        }
        return attach(kq, st, kev);
    }
    if kev.flags & EV_DELETE != 0 {
        drop_knote(kq, st, key);
        return Ok(());
    }
    touch(st, kev)?;
    let kn = st.notes.get_mut(&key).expect("knote present");
    kn.kev.udata = kev.udata;
    if kev.flags & EV_DISABLE != 0 {
        kn.disabled = true;
    }
    if kev.flags & EV_ENABLE != 0 {
        kn.disabled = false;
    }
    if maybe_ready(st, key) {
        st.activate(key);
    }
    Ok(())
}

/// Whether a knote may have an event now (darwin's attach/touch result);
/// `evaluate` decides when it is delivered.
fn maybe_ready(st: &State, key: Key) -> bool {
    let Some(kn) = st.notes.get(&key) else {
        return false;
    };
    match &kn.src {
        Source::Fd => match st.fds.get(&(key.0 as c_int)) {
            Some(reg) if reg.polled => {
                let want = if key.1 == EVFILT_READ {
                    libc::POLLIN | libc::POLLRDHUP
                } else {
                    libc::POLLOUT
                };
                poll_now(key.0 as c_int, want) != 0
            }
            Some(_) => true,
            None => false,
        },
        Source::Timer { fired, .. } => *fired > 0,
        Source::Proc { pidfd, .. } => poll_now(*pidfd, libc::POLLIN) & libc::POLLIN != 0,
        Source::Signal => st.sig_slot.is_some_and(|i| {
            (1..32).contains(&key.0) && SLOT_COUNT[i][key.0 as usize].load(Ordering::SeqCst) != 0
        }),
        Source::User { triggered } => *triggered,
        Source::Vnode { .. } => kn.fflags != 0,
    }
}

/// A new knote (darwin's `f_attach`).
fn attach(kq: &Kq, st: &mut State, kev: &mut KEvent64) -> Result<(), c_int> {
    let key = (kev.ident, kev.filter);
    let mut kn = Knote {
        kev: *kev,
        sfflags: kev.fflags,
        sdata: kev.data,
        fflags: 0,
        disabled: kev.flags & EV_DISABLE != 0,
        queued: false,
        src: Source::User { triggered: false },
    };
    kn.kev.fflags = 0;
    kn.kev.data = 0;
    match kev.filter {
        EVFILT_READ | EVFILT_WRITE => {
            if kev.ident > i32::MAX as u64 {
                return Err(darwin::EBADF);
            }
            let fd = kev.ident as c_int;
            let Some(s) = fstat(fd) else {
                return Err(darwin::EBADF);
            };
            kn.src = Source::Fd;
            if let std::collections::hash_map::Entry::Vacant(slot) = st.fds.entry(fd) {
                let want = if kev.filter == EVFILT_READ {
                    (libc::EPOLLIN | libc::EPOLLRDHUP) as u32
                } else {
                    libc::EPOLLOUT as u32
                };
                let ev = want | libc::EPOLLET as u32;
                let mut r = epoll_ctl(kq.epfd(), libc::EPOLL_CTL_ADD, fd, ev, TAG_FD | fd as u64);
                if r < 0 && last_errno() == darwin::EEXIST {
                    r = epoll_ctl(kq.epfd(), libc::EPOLL_CTL_MOD, fd, ev, TAG_FD | fd as u64);
                }
                let polled = if r == 0 {
                    true
                } else if last_errno() == darwin::EPERM {
                    false
                } else {
                    return Err(last_errno());
                };
                slot.insert(FdReg {
                    dev: s.st_dev,
                    ino: s.st_ino,
                    mode: s.st_mode,
                    mask: if polled { want } else { 0 },
                    polled,
                });
                st.notes.insert(key, kn);
            } else {
                st.notes.insert(key, kn);
                sync_fd(kq, st, fd);
            }
        }
        EVFILT_TIMER => {
            let (tfd, repeating, immediate) = arm_timer(None, kev.fflags, kev.data)?;
            let tag = st.new_tag(key);
            if epoll_ctl(
                kq.epfd(),
                libc::EPOLL_CTL_ADD,
                tfd,
                libc::EPOLLIN as u32,
                tag,
            ) < 0
            {
                let e = last_errno();
                close_fd(tfd);
                st.tags.remove(&tag);
                return Err(e);
            }
            kn.kev.flags |= EV_CLEAR;
            if kev.fflags & NOTE_ABSOLUTE != 0 {
                kn.kev.flags |= EV_ONESHOT;
            }
            kn.src = Source::Timer {
                tfd,
                tag,
                fired: immediate as u64,
                repeating,
            };
            st.notes.insert(key, kn);
        }
        EVFILT_PROC => {
            if kev.fflags & (NOTE_TRACK | NOTE_TRACKERR | NOTE_CHILD) != 0 {
                return Err(darwin::ENOTSUP);
            }
            if kev.ident == 0 || kev.ident > i32::MAX as u64 {
                return Err(darwin::ESRCH);
            }
            // SAFETY: plain syscall.
            let pidfd =
                unsafe { libc::syscall(libc::SYS_pidfd_open, kev.ident as c_int, 0) } as c_int;
            if pidfd < 0 {
                return Err(darwin::ESRCH);
            }
            // SAFETY: setting close-on-exec on our descriptor.
            unsafe { libc::fcntl(pidfd, libc::F_SETFD, libc::FD_CLOEXEC) };
            // darwin finds no process once it has exited.
            if poll_now(pidfd, libc::POLLIN) & libc::POLLIN != 0 {
                close_fd(pidfd);
                return Err(darwin::ESRCH);
            }
            let tag = st.new_tag(key);
            let ev = (libc::EPOLLIN | libc::EPOLLET) as u32;
            if epoll_ctl(kq.epfd(), libc::EPOLL_CTL_ADD, pidfd, ev, tag) < 0 {
                let e = last_errno();
                close_fd(pidfd);
                st.tags.remove(&tag);
                return Err(e);
            }
            kn.kev.flags |= EV_CLEAR;
            kn.sdata = 0;
            kn.src = Source::Proc { pidfd, tag };
            st.notes.insert(key, kn);
        }
        EVFILT_SIGNAL => {
            let sig = kev.ident;
            // darwin does not check the number: one that is no signal never fires.
            if (1..32).contains(&sig) {
                let slot = match st.sig_slot {
                    Some(i) => i,
                    None => {
                        let i = slot_acquire(kq.wakefd).ok_or(darwin::ENOMEM)?;
                        st.sig_slot = Some(i);
                        i
                    }
                };
                SLOT_COUNT[slot][sig as usize].store(0, Ordering::SeqCst);
                SLOT_MASK[slot].fetch_or(1 << sig, Ordering::SeqCst);
                recompute_watched();
                crate::kernel::signal::route_for_kqueue(sig as c_int);
            }
            kn.kev.flags |= EV_CLEAR;
            kn.sdata = 0;
            kn.src = Source::Signal;
            st.notes.insert(key, kn);
        }
        EVFILT_USER => {
            kn.src = Source::User {
                triggered: kev.fflags & NOTE_TRIGGER != 0,
            };
            st.notes.insert(key, kn);
        }
        EVFILT_VNODE => {
            if kev.ident > i32::MAX as u64 {
                return Err(darwin::EBADF);
            }
            let fd = kev.ident as c_int;
            let Some(s) = fstat(fd) else {
                return Err(darwin::EBADF);
            };
            let ino = match st.inotify {
                Some(i) => i,
                None => {
                    // SAFETY: plain descriptor creation.
                    let i = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
                    if i < 0 {
                        return Err(last_errno());
                    }
                    if epoll_ctl(
                        kq.epfd(),
                        libc::EPOLL_CTL_ADD,
                        i,
                        libc::EPOLLIN as u32,
                        TAG_INOTIFY,
                    ) < 0
                    {
                        let e = last_errno();
                        close_fd(i);
                        return Err(e);
                    }
                    st.inotify = Some(i);
                    i
                }
            };
            let path = std::ffi::CString::new(format!("/proc/self/fd/{fd}")).expect("no NUL");
            let mask = libc::IN_MODIFY
                | libc::IN_ATTRIB
                | libc::IN_MOVE_SELF
                | libc::IN_DELETE_SELF
                | libc::IN_CREATE
                | libc::IN_DELETE
                | libc::IN_MOVED_FROM
                | libc::IN_MOVED_TO
                | libc::IN_UNMOUNT;
            // SAFETY: `path` is a C string.
            let wd = unsafe { libc::inotify_add_watch(ino, path.as_ptr(), mask) };
            if wd < 0 {
                return Err(last_errno());
            }
            st.watches.entry(wd).or_default().push(kev.ident);
            kn.src = Source::Vnode {
                wd,
                nlink: s.st_nlink,
                size: s.st_size,
            };
            st.notes.insert(key, kn);
        }
        EVFILT_AIO => return Err(darwin::ENOTSUP),
        // EVFILT_MACHPORT, EVFILT_FS, EVFILT_VM, EVFILT_EXCEPT...: darwin
        // filters with no Linux counterpart here.
        _ => return Err(darwin::ENOTSUP),
    }
    if maybe_ready(st, key) {
        st.activate(key);
    }
    Ok(())
}

/// New input for an existing knote (darwin's `f_touch`).
fn touch(st: &mut State, kev: &mut KEvent64) -> Result<(), c_int> {
    let kn = st
        .notes
        .get_mut(&(kev.ident, kev.filter))
        .expect("knote present");
    match &mut kn.src {
        Source::Fd => {
            kn.sfflags = kev.fflags;
            kn.sdata = kev.data;
        }
        Source::Timer {
            tfd,
            fired,
            repeating,
            ..
        } => {
            if (kn.sfflags ^ kev.fflags) & NOTE_ABSOLUTE != 0 {
                return Err(darwin::EINVAL);
            }
            let (_, rep, immediate) = arm_timer(Some(*tfd), kev.fflags, kev.data)?;
            *repeating = rep;
            *fired = immediate as u64;
            kn.sfflags = kev.fflags;
            kn.sdata = kev.data;
        }
        Source::Proc { .. } => kn.sfflags = kev.fflags,
        Source::Signal => {}
        Source::User { triggered } => {
            let ff = kev.fflags & NOTE_FFLAGSMASK;
            match kev.fflags & NOTE_FFCTRLMASK {
                NOTE_FFAND => kn.sfflags &= ff,
                NOTE_FFOR => kn.sfflags |= ff,
                NOTE_FFCOPY => kn.sfflags = ff,
                _ => {}
            }
            kn.sdata = kev.data;
            if kev.fflags & NOTE_TRIGGER != 0 {
                *triggered = true;
            }
        }
        Source::Vnode { .. } => kn.sfflags = kev.fflags,
    }
    Ok(())
}

/// Creates (or re-arms) a timerfd for darwin timer input; returns the fd,
/// whether the timer repeats, and whether it has already fired.
fn arm_timer(
    existing: Option<c_int>,
    fflags: u32,
    data: i64,
) -> Result<(c_int, bool, bool), c_int> {
    let unit_ns: u64 = match fflags & (NOTE_SECONDS | NOTE_USECONDS | NOTE_NSECONDS | NOTE_MACHTIME)
    {
        NOTE_SECONDS => 1_000_000_000,
        NOTE_USECONDS => 1_000,
        // Mach absolute time is in nanoseconds here (`mach_timebase_info` 1/1).
        NOTE_NSECONDS | NOTE_MACHTIME => 1,
        0 => 1_000_000,
        _ => return Err(darwin::EINVAL),
    };
    let absolute = fflags & NOTE_ABSOLUTE != 0;
    let clock = if absolute && fflags & NOTE_MACHTIME == 0 {
        libc::CLOCK_REALTIME
    } else if fflags & NOTE_MACH_CONTINUOUS_TIME != 0 {
        libc::CLOCK_BOOTTIME
    } else {
        libc::CLOCK_MONOTONIC
    };
    let ts = |ns: u64| libc::timespec {
        tv_sec: (ns / 1_000_000_000) as libc::time_t,
        tv_nsec: (ns % 1_000_000_000) as libc::c_long,
    };
    let now_ns = || {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is ours.
        unsafe { libc::clock_gettime(clock, &mut t) };
        t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
    };
    // `immediate`: darwin reports the event at once (the timerfd stays disarmed).
    let (value, interval, tflags, immediate) = if absolute {
        let ns = (data.max(0) as u64)
            .checked_mul(unit_ns)
            .ok_or(darwin::ERANGE)?;
        if ns <= now_ns() {
            (ts(0), ts(0), 0, true)
        } else {
            (ts(ns), ts(0), libc::TFD_TIMER_ABSTIME, false)
        }
    } else if data <= 0 {
        // Zero or negative: fire immediately, once.
        (ts(0), ts(0), 0, true)
    } else {
        let ns = (data as u64).checked_mul(unit_ns).ok_or(darwin::ERANGE)?;
        (ts(ns), ts(ns), 0, false)
    };
    let repeating = interval.tv_sec != 0 || interval.tv_nsec != 0;
    let tfd = match existing {
        Some(fd) => fd,
        None => {
            // SAFETY: plain descriptor creation.
            let fd = unsafe { libc::timerfd_create(clock, libc::TFD_NONBLOCK | libc::TFD_CLOEXEC) };
            if fd < 0 {
                return Err(last_errno());
            }
            fd
        }
    };
    let spec = libc::itimerspec {
        it_interval: interval,
        it_value: value,
    };
    // SAFETY: `spec` is valid; the old value is not wanted.
    if unsafe { libc::timerfd_settime(tfd, tflags, &spec, core::ptr::null_mut()) } < 0 {
        let e = last_errno();
        if existing.is_none() {
            close_fd(tfd);
        }
        return Err(e);
    }
    if existing.is_some() {
        // Expirations of the old setting are not reported.
        let mut n = 0u64;
        // SAFETY: reading 8 bytes into `n`.
        unsafe { libc::read(tfd, (&mut n as *mut u64).cast(), 8) };
    }
    Ok((tfd, repeating, immediate))
}

// ---------------------------------------------------------------------------
// Events from epoll.

/// Marks the knotes behind a batch of epoll events as active.
fn absorb(kq: &Kq, st: &mut State, evs: &[libc::epoll_event]) {
    for ev in evs {
        let tag = ev.u64;
        let bits = ev.events;
        match tag & TAG_KIND {
            TAG_WAKE => {
                let mut n = 0u64;
                // SAFETY: draining our eventfd.
                unsafe { libc::read(kq.wakefd, (&mut n as *mut u64).cast(), 8) };
                activate_signals(st);
            }
            TAG_FD => {
                let fd = tag & 0xffff_ffff;
                let hup = (libc::EPOLLHUP | libc::EPOLLERR) as u32;
                if bits & ((libc::EPOLLIN | libc::EPOLLRDHUP | libc::EPOLLPRI) as u32 | hup) != 0 {
                    st.activate((fd, EVFILT_READ));
                }
                if bits & (libc::EPOLLOUT as u32 | hup) != 0 {
                    st.activate((fd, EVFILT_WRITE));
                }
            }
            TAG_INOTIFY => read_inotify(st),
            _ => {
                let Some(&key) = st.tags.get(&tag) else {
                    continue;
                };
                if let Some(Knote {
                    src: Source::Timer { tfd, fired, .. },
                    ..
                }) = st.notes.get_mut(&key)
                {
                    let mut n = 0u64;
                    // SAFETY: reading the expiration count.
                    if unsafe { libc::read(*tfd, (&mut n as *mut u64).cast(), 8) } == 8 {
                        *fired += n;
                    }
                }
                st.activate(key);
            }
        }
    }
}

fn activate_signals(st: &mut State) {
    let Some(slot) = st.sig_slot else {
        return;
    };
    for sig in 1..32u64 {
        if SLOT_COUNT[slot][sig as usize].load(Ordering::SeqCst) != 0 {
            st.activate((sig, EVFILT_SIGNAL));
        }
    }
}

/// Reads pending inotify events into the vnode knotes' `fflags`.
fn read_inotify(st: &mut State) {
    let Some(ino) = st.inotify else {
        return;
    };
    let mut buf = [0u64; 512];
    loop {
        // SAFETY: reading into our buffer.
        let n = unsafe { libc::read(ino, buf.as_mut_ptr().cast(), core::mem::size_of_val(&buf)) };
        if n <= 0 {
            return;
        }
        let bytes =
            // SAFETY: the kernel wrote `n` bytes.
            unsafe { core::slice::from_raw_parts(buf.as_ptr() as *const u8, n as usize) };
        let mut off = 0;
        while off + 16 <= bytes.len() {
            let rd = |o: usize| u32::from_ne_bytes(bytes[off + o..off + o + 4].try_into().unwrap());
            let wd = rd(0) as c_int;
            let mask = rd(4);
            let len = rd(12) as usize;
            off += 16 + len;
            let idents = st.watches.get(&wd).cloned().unwrap_or_default();
            for ident in idents {
                let key = (ident, EVFILT_VNODE);
                let Some(kn) = st.notes.get_mut(&key) else {
                    continue;
                };
                let Source::Vnode { nlink, size, .. } = &mut kn.src else {
                    continue;
                };
                let mut ev = 0;
                let cur = fstat(ident as c_int);
                let dir = cur
                    .as_ref()
                    .is_some_and(|s| s.st_mode & libc::S_IFMT == libc::S_IFDIR);
                if mask & libc::IN_MODIFY != 0 {
                    ev |= NOTE_WRITE;
                }
                if mask
                    & (libc::IN_CREATE | libc::IN_DELETE | libc::IN_MOVED_FROM | libc::IN_MOVED_TO)
                    != 0
                    && dir
                {
                    ev |= NOTE_WRITE;
                }
                if let Some(s) = &cur {
                    if s.st_size > *size {
                        ev |= NOTE_EXTEND;
                    }
                    *size = s.st_size;
                    if s.st_nlink < *nlink {
                        ev |= if dir {
                            NOTE_LINK
                        } else {
                            NOTE_DELETE | NOTE_LINK
                        };
                    } else if s.st_nlink > *nlink {
                        ev |= NOTE_LINK;
                    } else if mask & libc::IN_ATTRIB != 0 {
                        ev |= NOTE_ATTRIB;
                    }
                    if dir && s.st_nlink == 0 && *nlink != 0 {
                        ev |= NOTE_DELETE;
                    }
                    *nlink = s.st_nlink;
                }
                if mask & libc::IN_MOVE_SELF != 0 {
                    ev |= NOTE_RENAME;
                }
                if mask & libc::IN_DELETE_SELF != 0 {
                    ev |= NOTE_DELETE;
                }
                if mask & libc::IN_UNMOUNT != 0 {
                    ev |= NOTE_REVOKE;
                    kn.kev.flags |= EV_EOF | EV_ONESHOT;
                }
                kn.fflags |= ev & kn.sfflags;
                if kn.fflags != 0 || mask & libc::IN_UNMOUNT != 0 {
                    st.activate(key);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Delivery.

/// Evaluates an active knote (darwin's `f_process`): the event to report,
/// or None when its condition no longer holds.
fn evaluate(st: &mut State, key: Key) -> Option<KEvent64> {
    let fd_info = st.fds.get(&(key.0 as c_int)).map(|r| (r.mode, r.polled));
    let kn = st.notes.get_mut(&key)?;
    let mut out = kn.kev;
    out.fflags = 0;
    out.data = 0;
    match &mut kn.src {
        Source::Fd => {
            let fd = key.0 as c_int;
            let (mode, polled) = fd_info?;
            let fmt = mode & libc::S_IFMT;
            let lowat = if kn.sfflags & NOTE_LOWAT != 0 {
                kn.sdata.max(1)
            } else {
                1
            };
            if !polled {
                // Regular files and other descriptors epoll refuses.
                if key.1 == EVFILT_READ {
                    if fmt == libc::S_IFREG {
                        let size = fstat(fd)?.st_size;
                        // SAFETY: querying the offset.
                        let pos = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
                        out.data = size - pos.max(0);
                        if out.data == 0 {
                            return None;
                        }
                    }
                } else if fmt == libc::S_IFREG {
                    out.data = 1;
                }
            } else if key.1 == EVFILT_READ {
                let re = poll_now(fd, libc::POLLIN | libc::POLLRDHUP);
                let sock = fmt == libc::S_IFSOCK;
                if sock && sockopt_int(fd, libc::SOL_SOCKET, libc::SO_ACCEPTCONN) == Some(1) {
                    if re & libc::POLLIN == 0 {
                        return None;
                    }
                    out.data = listen_backlog(fd);
                } else {
                    out.data = ioctl_int(fd, libc::FIONREAD).unwrap_or(0) as i64;
                    let eof = re & (libc::POLLHUP | libc::POLLRDHUP) != 0;
                    if eof {
                        kn.kev.flags |= EV_EOF;
                        out.flags |= EV_EOF;
                    } else if re & libc::POLLERR == 0
                        && (re & libc::POLLIN == 0 || out.data < lowat && out.data != 0)
                    {
                        return None;
                    }
                }
            } else {
                let re = poll_now(fd, libc::POLLOUT);
                if re & (libc::POLLHUP | libc::POLLERR) != 0 {
                    kn.kev.flags |= EV_EOF;
                    out.flags |= EV_EOF;
                    // darwin: a socket still reports its send space, a pipe 0.
                    if fmt == libc::S_IFSOCK {
                        out.data = write_space(fd, fmt);
                    }
                } else if re & libc::POLLOUT == 0 {
                    return None;
                } else {
                    out.data = write_space(fd, fmt);
                    if kn.sfflags & NOTE_LOWAT != 0 && out.data < lowat {
                        return None;
                    }
                }
            }
        }
        Source::Timer {
            fired, repeating, ..
        } => {
            if *fired == 0 {
                return None;
            }
            out.data = if *repeating { *fired as i64 } else { 1 };
            *fired = 0;
        }
        Source::Proc { pidfd, .. } => {
            if poll_now(*pidfd, libc::POLLIN) & libc::POLLIN == 0 {
                return None;
            }
            let mut ff = kn.sfflags & NOTE_EXIT;
            kn.kev.flags |= EV_EOF | EV_ONESHOT;
            out.flags |= EV_EOF | EV_ONESHOT;
            if kn.sfflags & NOTE_EXITSTATUS != 0 {
                ff |= NOTE_EXITSTATUS;
                out.data = exit_status(*pidfd) & NOTE_PDATAMASK;
            }
            ff |= kn.fflags;
            if ff == 0 {
                return None;
            }
            out.fflags = ff;
        }
        Source::Signal => {
            let slot = st.sig_slot.filter(|_| (1..32).contains(&key.0))?;
            let n = SLOT_COUNT[slot][key.0 as usize].swap(0, Ordering::SeqCst);
            if n == 0 {
                return None;
            }
            out.data = n as i64;
        }
        Source::User { triggered } => {
            if !*triggered {
                return None;
            }
            out.fflags = kn.sfflags;
            out.data = kn.sdata;
            if kn.kev.flags & EV_CLEAR != 0 {
                *triggered = false;
            }
        }
        Source::Vnode { .. } => {
            if kn.fflags == 0 && kn.kev.flags & EV_EOF == 0 {
                return None;
            }
            out.fflags = kn.fflags;
        }
    }
    if kn.kev.flags & EV_CLEAR != 0 {
        kn.fflags = 0;
    }
    Some(out)
}

/// Pending connections of a listening socket: TCP reports its accept queue
/// (`tcpi_unacked` of a listener); other families at least one.
fn listen_backlog(fd: c_int) -> i64 {
    // SAFETY: TCP_INFO fills a tcp_info; a non-TCP socket fails.
    unsafe {
        let mut info: libc::tcp_info = core::mem::zeroed();
        let mut len = core::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
        if libc::getsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            (&mut info as *mut libc::tcp_info).cast(),
            &mut len,
        ) == 0
        {
            return (info.tcpi_unacked as i64).max(1);
        }
    }
    1
}

/// Free space for a writer: pipe capacity minus queued bytes, or a socket's
/// send buffer minus its unsent bytes.
fn write_space(fd: c_int, fmt: u32) -> i64 {
    if fmt == libc::S_IFIFO {
        // SAFETY: plain fcntl.
        let cap = unsafe { libc::fcntl(fd, libc::F_GETPIPE_SZ) };
        let used = ioctl_int(fd, libc::FIONREAD).unwrap_or(0);
        return (cap - used).max(0) as i64;
    }
    if fmt == libc::S_IFSOCK {
        let buf = sockopt_int(fd, libc::SOL_SOCKET, libc::SO_SNDBUF).unwrap_or(0);
        let used = ioctl_int(fd, libc::TIOCOUTQ).unwrap_or(0);
        return (buf - used).max(0) as i64;
    }
    0
}

/// The exited child's wait status (darwin encoding), read without reaping.
fn exit_status(pidfd: c_int) -> i64 {
    const P_PIDFD: libc::idtype_t = 3;
    // SAFETY: `info` is filled by waitid.
    unsafe {
        let mut info: libc::siginfo_t = core::mem::zeroed();
        let r = libc::waitid(
            P_PIDFD,
            pidfd as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT | libc::WNOHANG,
        );
        if r != 0 || info.si_pid() == 0 {
            return 0;
        }
        let st = info.si_status();
        match info.si_code {
            libc::CLD_EXITED => ((st & 0xff) << 8) as i64,
            libc::CLD_KILLED => crate::kernel::signal::to_darwin(st) as i64,
            libc::CLD_DUMPED => (crate::kernel::signal::to_darwin(st) | 0x80) as i64,
            _ => 0,
        }
    }
}

/// Takes up to `max` events off the active queue (darwin's `kqueue_process`).
fn collect(kq: &Kq, st: &mut State, max: usize, out: &mut Vec<KEvent64>) {
    let n = st.queue.len();
    for _ in 0..n {
        if out.len() >= max {
            break;
        }
        let Some(key) = st.queue.pop_front() else {
            break;
        };
        let Some(kn) = st.notes.get_mut(&key) else {
            continue;
        };
        if !kn.queued {
            continue; // a stale entry
        }
        kn.queued = false;
        if kn.disabled {
            continue;
        }
        let Some(ev) = evaluate(st, key) else {
            continue;
        };
        out.push(ev);
        let kn = st.notes.get_mut(&key).expect("knote present");
        if ev.flags & EV_ONESHOT != 0 {
            drop_knote(kq, st, key);
        } else if kn.kev.flags & EV_DISPATCH != 0 {
            kn.disabled = true;
        } else if kn.kev.flags & EV_CLEAR == 0 {
            kn.queued = true;
            st.queue.push_back(key);
        }
    }
}

/// Makes the kqueue's epoll set ready (its eventfd).
fn wake(kq: &Kq) {
    let one: u64 = 1;
    // SAFETY: writing 8 bytes to our eventfd.
    unsafe { libc::write(kq.wakefd, (&one as *const u64).cast(), 8) };
}

/// Waits on the epoll set; `None` = forever. Returns the count or -errno (Linux).
fn epoll_wait(
    epfd: c_int,
    buf: &mut [libc::epoll_event],
    timeout: Option<std::time::Duration>,
) -> c_int {
    let ts = timeout.map(|d| libc::timespec {
        tv_sec: d.as_secs() as libc::time_t,
        tv_nsec: d.subsec_nanos() as libc::c_long,
    });
    let tsp = ts
        .as_ref()
        .map_or(core::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `buf` has room for `len` events; `tsp` is NULL or valid.
    let r = unsafe {
        libc::syscall(
            libc::SYS_epoll_pwait2,
            epfd,
            buf.as_mut_ptr(),
            buf.len() as c_int,
            tsp,
            core::ptr::null::<libc::sigset_t>(),
            8usize,
        )
    } as c_int;
    if r >= 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ENOSYS) {
        return r;
    }
    // Kernels before 5.11: millisecond timeouts, rounded up.
    let ms = timeout.map_or(-1, |d| {
        d.as_nanos().div_ceil(1_000_000).min(i32::MAX as u128) as c_int
    });
    // SAFETY: as above.
    unsafe { libc::epoll_wait(epfd, buf.as_mut_ptr(), buf.len() as c_int, ms) }
}

/// The body of `kevent`/`kevent64`: changes, then (unless a change produced
/// output) a scan. Returns the events or a darwin errno.
fn run(
    fd: c_int,
    changes: &[KEvent64],
    nevents: usize,
    flags: c_uint,
    timeout: Option<std::time::Duration>,
) -> Result<Vec<KEvent64>, c_int> {
    let Some(kq) = kqs().get(&fd).cloned() else {
        return Err(darwin::EBADF);
    };
    let mut out = Vec::new();
    if !changes.is_empty() {
        let mut st = kq.lock();
        let mut failed = None;
        for c in changes {
            let mut kev = *c;
            let r = register(&kq, &mut st, &mut kev);
            if out.len() < nevents && (r.is_err() || kev.flags & EV_RECEIPT != 0) {
                kev.flags |= EV_ERROR;
                kev.data = r.err().unwrap_or(0) as i64;
                out.push(kev);
            } else if let Err(e) = r {
                failed = Some(e);
                break;
            }
        }
        if !st.queue.is_empty() {
            // Another thread may be waiting in this kqueue: it must look
            // at what these changes activated (a triggered EVFILT_USER...).
            wake(&kq);
        }
        if let Some(e) = failed {
            return Err(e);
        }
    }
    if flags & KEVENT_FLAG_ERROR_EVENTS != 0 || nevents == 0 || !out.is_empty() {
        return Ok(out);
    }
    let deadline = timeout.map(|t| std::time::Instant::now() + t);
    let mut buf = [libc::epoll_event { events: 0, u64: 0 }; 64];
    let mut wait = Some(std::time::Duration::ZERO);
    loop {
        let mark = crate::kernel::signal::handler_mark();
        let n = epoll_wait(kq.epfd(), &mut buf, wait);
        if n < 0 {
            let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            if e != libc::EINTR {
                return Err(crate::errno::linux_to_darwin(e));
            }
        }
        {
            let mut st = kq.lock();
            absorb(&kq, &mut st, &buf[..n.max(0) as usize]);
            collect(&kq, &mut st, nevents, &mut out);
            if !st.queue.is_empty() {
                // Events stay pending: the kqueue fd must poll readable.
                wake(&kq);
            }
        }
        if !out.is_empty() {
            return Ok(out);
        }
        // Interrupted by a signal the program catches: darwin returns EINTR.
        // A signal it ignores (routed to us only to be counted) does not
        // interrupt a darwin kevent.
        if n < 0 && crate::kernel::signal::interrupted_since(mark) {
            return Err(libc::EINTR); // 4 on both systems
        }
        wait = match deadline {
            None => None,
            Some(d) => {
                let now = std::time::Instant::now();
                if now >= d {
                    return Ok(out);
                }
                Some(d - now)
            }
        };
    }
}

/// darwin's timeout check: 0 ≤ tv_sec ≤ INT32_MAX, 0 ≤ tv_nsec ≤ 10⁹.
///
/// # Safety
/// `ts` must be NULL or point to a timespec.
unsafe fn timeout_of(
    ts: *const libc::timespec,
    flags: c_uint,
) -> Result<Option<std::time::Duration>, c_int> {
    if flags & KEVENT_FLAG_IMMEDIATE != 0 {
        return Ok(Some(std::time::Duration::ZERO));
    }
    if ts.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller's timespec.
    let t = unsafe { ts.read_unaligned() };
    if t.tv_sec < 0
        || t.tv_sec > i32::MAX as libc::time_t
        || t.tv_nsec < 0
        || t.tv_nsec > 1_000_000_000
    {
        return Err(darwin::EINVAL);
    }
    Ok(Some(
        std::time::Duration::from_secs(t.tv_sec as u64)
            + std::time::Duration::from_nanos(t.tv_nsec as u64),
    ))
}

/// darwin `kevent`.
///
/// # Safety
/// `changes` holds `nchanges` kevents and `events` room for `nevents`;
/// `timeout` is NULL or a timespec.
unsafe extern "C" fn kevent(
    kq: c_int,
    changes: *const KEvent,
    nchanges: c_int,
    events: *mut KEvent,
    nevents: c_int,
    timeout: *const libc::timespec,
) -> c_int {
    // SAFETY: forwarded contract.
    let t = match unsafe { timeout_of(timeout, 0) } {
        Ok(t) => t,
        Err(e) => {
            crate::errno::set(e);
            return -1;
        }
    };
    let nch = nchanges.max(0) as usize;
    if changes.is_null() && nch > 0 || events.is_null() && nevents > 0 {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    let ch: Vec<KEvent64> = (0..nch)
        // SAFETY: the caller's array of `nchanges`.
        .map(|i| KEvent64::from(unsafe { changes.add(i).read_unaligned() }))
        .collect();
    match run(kq, &ch, nevents.max(0) as usize, 0, t) {
        Ok(out) => {
            for (i, e) in out.iter().enumerate() {
                // SAFETY: `i` < `nevents`, the caller's room.
                unsafe { events.add(i).write_unaligned(KEvent::from(*e)) };
            }
            out.len() as c_int
        }
        Err(e) => {
            crate::errno::set(e);
            -1
        }
    }
}

/// darwin `kevent64`: 64-bit fields, `ext[2]`, and `KEVENT_FLAG_*`.
///
/// # Safety
/// As [`kevent`].
unsafe extern "C" fn kevent64(
    kq: c_int,
    changes: *const KEvent64,
    nchanges: c_int,
    events: *mut KEvent64,
    nevents: c_int,
    flags: c_uint,
    timeout: *const libc::timespec,
) -> c_int {
    if flags & KEVENT_ID_FLAG_USER != 0 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: forwarded contract.
    let t = match unsafe { timeout_of(timeout, flags) } {
        Ok(t) => t,
        Err(e) => {
            crate::errno::set(e);
            return -1;
        }
    };
    let nch = nchanges.max(0) as usize;
    if changes.is_null() && nch > 0 || events.is_null() && nevents > 0 {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: the caller's array of `nchanges`.
    let ch: Vec<KEvent64> = (0..nch)
        .map(|i| unsafe { changes.add(i).read_unaligned() })
        .collect();
    match run(kq, &ch, nevents.max(0) as usize, flags, t) {
        Ok(out) => {
            for (i, e) in out.iter().enumerate() {
                let mut e = *e;
                if e.filter == EVFILT_TIMER && e.flags & EV_ERROR == 0 {
                    e.ext[0] = 0; // darwin hides the timer's deadline
                }
                // SAFETY: `i` < `nevents`, the caller's room.
                unsafe { events.add(i).write_unaligned(e) };
            }
            out.len() as c_int
        }
        Err(e) => {
            crate::errno::set(e);
            -1
        }
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_kqueue" => kqueue,
    func "_kevent" => kevent,
    func "_kevent64" => kevent64,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(ident: u64, filter: i16, flags: u16, fflags: u32, data: i64) -> KEvent64 {
        KEvent64 {
            ident,
            filter,
            flags,
            fflags,
            data,
            udata: 7,
            ext: [0; 2],
        }
    }

    fn drain(kq: c_int, ms: u64) -> Vec<KEvent64> {
        run(kq, &[], 16, 0, Some(std::time::Duration::from_millis(ms))).unwrap()
    }

    #[test]
    fn pipe_read_level_and_clear() {
        let kq = kqueue();
        assert!(kq >= 0);
        let mut p = [0; 2];
        // SAFETY: test pipe.
        unsafe { libc::pipe(p.as_mut_ptr()) };
        run(
            kq,
            &[ev(p[0] as u64, EVFILT_READ, EV_ADD, 0, 0)],
            0,
            0,
            None,
        )
        .unwrap();
        assert!(drain(kq, 0).is_empty());
        // SAFETY: writing 3 bytes.
        unsafe { libc::write(p[1], b"abc".as_ptr().cast(), 3) };
        let e = drain(kq, 100);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].data, 3);
        assert_eq!(e[0].flags, EV_ADD);
        assert_eq!(e[0].udata, 7);
        // Level-triggered: reported again.
        assert_eq!(drain(kq, 0).len(), 1);
        close_fd(p[1]);
        let e = drain(kq, 0);
        assert_eq!(e[0].flags & EV_EOF, EV_EOF);
        forget_fd(p[0]);
        close_fd(p[0]);
        forget_fd(kq);
        close_fd(kq);
    }

    #[test]
    fn user_event_and_receipt() {
        let kq = kqueue();
        let r = run(
            kq,
            &[ev(1, EVFILT_USER, EV_ADD | EV_CLEAR | EV_RECEIPT, 0, 0)],
            4,
            0,
            None,
        )
        .unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].flags & EV_ERROR, EV_ERROR);
        assert_eq!(r[0].data, 0);
        assert!(drain(kq, 0).is_empty());
        run(
            kq,
            &[ev(1, EVFILT_USER, 0, NOTE_TRIGGER | NOTE_FFCOPY | 5, 9)],
            0,
            0,
            None,
        )
        .unwrap();
        let e = drain(kq, 0);
        assert_eq!((e[0].fflags, e[0].data), (5, 9));
        assert!(drain(kq, 0).is_empty());
        let r = run(kq, &[ev(99, EVFILT_READ, EV_ADD, 0, 0)], 4, 0, None).unwrap();
        assert_eq!(
            (r[0].flags & EV_ERROR, r[0].data),
            (EV_ERROR, darwin::EBADF as i64)
        );
        assert_eq!(
            run(kq, &[ev(2, EVFILT_USER, EV_DELETE, 0, 0)], 0, 0, None),
            Err(darwin::ENOENT)
        );
        forget_fd(kq);
        close_fd(kq);
    }

    #[test]
    fn timer_counts() {
        let kq = kqueue();
        run(
            kq,
            &[ev(5, EVFILT_TIMER, EV_ADD, NOTE_USECONDS, 2000)],
            0,
            0,
            None,
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(11));
        let e = drain(kq, 100);
        assert_eq!(e.len(), 1);
        assert!(e[0].data >= 4, "{}", e[0].data);
        assert_eq!(e[0].flags, EV_ADD | EV_CLEAR);
        forget_fd(kq);
        close_fd(kq);
    }
}
