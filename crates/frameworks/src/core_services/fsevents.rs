//! FSEvents (`FSEvents.h`) on inotify.
//!
//! A started stream watches every directory under its paths (recursively,
//! adding watches as directories appear) from a thread of its own, batches
//! events per the stream's latency (by default the first event of a quiet
//! period opens a `latency`-long window; with `NoDefer` an event after a
//! quiet period goes at once), coalesces them per path, and posts the
//! client's callback to the run loops it is scheduled on. With
//! `kFSEventStreamCreateFlagFileEvents` events name the item with
//! `ItemCreated/Removed/Modified/Renamed/InodeMetaMod` and
//! `ItemIsFile/IsDir/IsSymlink`; without it they name the directory that
//! changed (with a trailing `/`) and carry no item flags, as FSEvents'
//! directory-level events do. Paths are reported with symbolic links in the
//! watched roots resolved.
//!
//! Limits, from inotify: there is no event history (a stream created with
//! a `sinceWhen` other than `kFSEventStreamEventIdSinceNow` gets the
//! `HistoryDone` sentinel at once); inotify does not say which process made
//! a change, so `IgnoreSelf` and `MarkSelf` have no effect; a queue
//! overflow is reported as `MustScanSubDirs | KernelDropped` on each root.
//! Event ids come from a process-wide counter seeded from the clock, so
//! they increase across runs as FSEvents' do.
//!
//! `FSEventStreamSetDispatchQueue`: libSystem has no dispatch queues, so the
//! queue is only remembered and callbacks come, one at a time in order,
//! from a delivery thread of the stream's own.

use crate::cfstr;
use crate::core_foundation::base::{self, Boolean, CFIndex, Owned, Ref};
use crate::core_foundation::{array, dictionary as dict, number, runloop, string};
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use libc::{c_char, c_int, c_void};
use std::collections::HashMap;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// `FSEventStreamCreateFlags`.
pub const CREATE_USE_CF_TYPES: u32 = 0x01;
pub const CREATE_NO_DEFER: u32 = 0x02;
pub const CREATE_WATCH_ROOT: u32 = 0x04;
pub const CREATE_FILE_EVENTS: u32 = 0x10;
pub const CREATE_USE_EXTENDED_DATA: u32 = 0x40;

/// `FSEventStreamEventFlags`.
pub const EV_MUST_SCAN_SUBDIRS: u32 = 0x01;
pub const EV_KERNEL_DROPPED: u32 = 0x04;
pub const EV_HISTORY_DONE: u32 = 0x10;
pub const EV_ROOT_CHANGED: u32 = 0x20;
pub const EV_ITEM_CREATED: u32 = 0x100;
pub const EV_ITEM_REMOVED: u32 = 0x200;
pub const EV_ITEM_INODE_META_MOD: u32 = 0x400;
pub const EV_ITEM_RENAMED: u32 = 0x800;
pub const EV_ITEM_MODIFIED: u32 = 0x1000;
pub const EV_ITEM_IS_FILE: u32 = 0x10000;
pub const EV_ITEM_IS_DIR: u32 = 0x20000;
pub const EV_ITEM_IS_SYMLINK: u32 = 0x40000;

/// `kFSEventStreamEventIdSinceNow`.
pub const SINCE_NOW: u64 = u64::MAX;

/// `FSEventStreamContext` (`FSEvents.h`, under `#pragma pack(2)`, which
/// changes nothing here: every field is 8 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Context {
    pub version: CFIndex,
    pub info: *mut c_void,
    pub retain: Option<unsafe extern "C" fn(*const c_void) -> *const c_void>,
    pub release: Option<unsafe extern "C" fn(*const c_void)>,
    pub copy_description: Option<unsafe extern "C" fn(*const c_void) -> Ref>,
}
const _: () = assert!(core::mem::size_of::<Context>() == 40);
const _: () = assert!(core::mem::offset_of!(Context, release) == 24);

/// `FSEventStreamCallback`.
pub type Callback =
    unsafe extern "C" fn(*const c_void, *mut c_void, usize, *mut c_void, *const u32, *const u64);

/// The system-wide event id counter (see the module comment).
fn event_ids() -> &'static AtomicU64 {
    static IDS: std::sync::OnceLock<AtomicU64> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: a local timespec.
        unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
        AtomicU64::new((ts.tv_sec as u64) * 1_000_000 + ts.tv_nsec as u64 / 1000)
    })
}

fn next_event_id() -> u64 {
    event_ids().fetch_add(1, Ordering::Relaxed) + 1
}

/// One reported event.
#[derive(Clone, Debug)]
struct Event {
    path: Vec<u8>,
    flags: u32,
    id: u64,
    ino: u64,
}

/// Where callbacks go.
enum Target {
    RunLoops(Vec<(usize, String)>),
    Queue {
        tx: Option<mpsc::Sender<Batch>>,
        thread: Option<std::thread::JoinHandle<()>>,
    },
    None,
}

/// A batch for delivery, plus who waits for it (FlushSync).
struct Batch {
    events: Vec<Event>,
    done: Option<Arc<(Mutex<bool>, Condvar)>>,
}

/// What the watcher thread is asked to do besides watching.
struct Control {
    stop: AtomicBool,
    flush: AtomicBool,
    /// The batch handed over by a flush.
    flushed: Mutex<Option<Vec<Event>>>,
    cond: Condvar,
}

struct Watcher {
    wake_fd: c_int,
    ctl: Arc<Control>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct State {
    target: Target,
    watcher: Option<Watcher>,
    source_id: u64,
    invalidated: bool,
    /// Where the next Start resumes (`FSEventStreamGetLatestEventId`).
    latest: u64,
}

/// A stream (`FSEventStreamRef` is `Arc::into_raw` of this).
pub struct Stream {
    refs: AtomicUsize,
    callback: Callback,
    ctx: Context,
    /// Paths as given (for `CopyPathsBeingWatched` and RootChanged).
    given: Vec<Vec<u8>>,
    /// Roots with links resolved (what events are reported under).
    roots: Vec<Vec<u8>>,
    exclusions: Mutex<Vec<Vec<u8>>>,
    since: u64,
    latency: f64,
    flags: u32,
    device: libc::dev_t,
    state: Mutex<State>,
    history_sent: AtomicBool,
}

// SAFETY: the context's info pointer and callbacks belong to the program,
// which FSEvents may call from the threads the stream delivers on; all
// mutable state is behind the mutex.
unsafe impl Send for Stream {}
// SAFETY: as above.
unsafe impl Sync for Stream {}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The Arc behind a stream reference (a new strong count).
unsafe fn stream_arc(p: *const c_void) -> Arc<Stream> {
    if p.is_null() {
        base::fatal("FSEventStream: NULL stream");
    }
    // SAFETY: `p` came from `Arc::into_raw`, and the client holds a
    // reference, so the Arc is alive.
    unsafe {
        Arc::increment_strong_count(p as *const Stream);
        Arc::from_raw(p as *const Stream)
    }
}

fn canonical(p: &[u8]) -> Vec<u8> {
    let Ok(c) = CString::new(p) else {
        return p.to_vec();
    };
    // SAFETY: a NUL-terminated path; realpath allocates the result.
    unsafe {
        let r = libc::realpath(c.as_ptr(), core::ptr::null_mut());
        if r.is_null() {
            return p.to_vec();
        }
        let v = core::ffi::CStr::from_ptr(r).to_bytes().to_vec();
        libc::free(r.cast());
        v
    }
}

fn absolute(p: &[u8]) -> Vec<u8> {
    if p.first() == Some(&b'/') {
        return p.to_vec();
    }
    let mut cwd = std::env::current_dir()
        .map(|d| d.as_os_str().as_bytes().to_vec())
        .unwrap_or_default();
    cwd.push(b'/');
    cwd.extend_from_slice(p);
    cwd
}

#[allow(clippy::too_many_arguments)]
unsafe fn create(
    callback: Option<Callback>,
    ctx: *const Context,
    paths: Ref,
    since: u64,
    latency: f64,
    flags: u32,
    device: libc::dev_t,
    prefix: Option<Vec<u8>>,
) -> *const c_void {
    let Some(callback) = callback else {
        return core::ptr::null();
    };
    if paths.is_null() {
        return core::ptr::null();
    }
    // SAFETY: `paths` is an array of strings; `ctx` NULL or a context.
    let (given, ctx) = unsafe {
        let mut v = Vec::new();
        for p in array::values(paths) {
            match string::opt_string(p) {
                Some(s) => v.push(s.into_bytes()),
                None => return core::ptr::null(),
            }
        }
        let ctx = if ctx.is_null() {
            Context {
                version: 0,
                info: core::ptr::null_mut(),
                retain: None,
                release: None,
                copy_description: None,
            }
        } else {
            *ctx
        };
        (v, ctx)
    };
    let ctx = match ctx.retain {
        // SAFETY: the program's retain callback for its info.
        Some(r) => Context {
            info: unsafe { r(ctx.info) } as *mut c_void,
            ..ctx
        },
        None => ctx,
    };
    let roots = given
        .iter()
        .map(|p| {
            let full = match &prefix {
                Some(pre) if p.is_empty() => pre.clone(),
                Some(pre) => {
                    let mut f = pre.clone();
                    if !f.ends_with(b"/") {
                        f.push(b'/');
                    }
                    f.extend_from_slice(p);
                    f
                }
                None => absolute(p),
            };
            canonical(&full)
        })
        .collect();
    let s = Arc::new(Stream {
        refs: AtomicUsize::new(1),
        callback,
        ctx,
        given,
        roots,
        exclusions: Mutex::new(Vec::new()),
        since,
        latency: if latency.is_finite() {
            latency.max(0.0)
        } else {
            0.0
        },
        flags,
        device,
        state: Mutex::new(State {
            target: Target::None,
            watcher: None,
            source_id: runloop::new_source_id(),
            invalidated: false,
            latest: since,
        }),
        history_sent: AtomicBool::new(false),
    });
    Arc::into_raw(s) as *const c_void
}

unsafe extern "C" fn stream_create(
    _a: Ref,
    cb: Option<Callback>,
    ctx: *const Context,
    paths: Ref,
    since: u64,
    latency: f64,
    flags: u32,
) -> *const c_void {
    // SAFETY: the program's arguments.
    unsafe { create(cb, ctx, paths, since, latency, flags, 0, None) }
}

/// The mount point of device `dev` (from `/proc/self/mountinfo`).
fn mount_point_of(dev: libc::dev_t) -> Option<Vec<u8>> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        if f.len() < 5 {
            continue;
        }
        let (maj, min) = f[2].split_once(':')?;
        let (maj, min): (u32, u32) = (maj.parse().ok()?, min.parse().ok()?);
        if libc::makedev(maj, min) == dev {
            return Some(f[4].as_bytes().to_vec());
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn stream_create_relative_to_device(
    _a: Ref,
    cb: Option<Callback>,
    ctx: *const Context,
    dev: libc::dev_t,
    paths: Ref,
    since: u64,
    latency: f64,
    flags: u32,
) -> *const c_void {
    // "If the value of dev is zero, it is ignored" (FSEvents.h).
    let prefix = if dev == 0 {
        None
    } else {
        Some(mount_point_of(dev).unwrap_or_else(|| b"/".to_vec()))
    };
    // SAFETY: the program's arguments.
    unsafe { create(cb, ctx, paths, since, latency, flags, dev, prefix) }
}

unsafe extern "C" fn stream_retain(s: *const c_void) {
    // SAFETY: a live stream.
    unsafe { stream_arc(s) }
        .refs
        .fetch_add(1, Ordering::Relaxed);
}

unsafe extern "C" fn stream_release(s: *const c_void) {
    // SAFETY: a live stream the caller holds a reference to.
    let arc = unsafe { stream_arc(s) };
    if arc.refs.fetch_sub(1, Ordering::AcqRel) != 1 {
        return;
    }
    stop_watcher(&arc);
    unschedule_all(&arc);
    if let Some(r) = arc.ctx.release {
        // SAFETY: the program's release callback for its info.
        unsafe { r(arc.ctx.info) };
    }
    drop(arc);
    // SAFETY: the reference `Arc::into_raw` gave the client.
    unsafe { drop(Arc::from_raw(s as *const Stream)) };
}

unsafe extern "C" fn schedule_with_run_loop(s: *const c_void, rl: Ref, mode: Ref) {
    // SAFETY: a stream, a run loop, a mode string.
    unsafe {
        let arc = stream_arc(s);
        let mode = string::opt_string(mode).unwrap_or_else(|| "kCFRunLoopDefaultMode".into());
        let mut st = lock(&arc.state);
        if !matches!(st.target, Target::RunLoops(_)) {
            st.target = Target::RunLoops(Vec::new());
        }
        if let Target::RunLoops(v) = &mut st.target {
            base::retain(rl);
            v.push((rl as usize, mode.clone()));
        }
        // The source counts as present (so the loop runs) once scheduled.
        runloop::add_source(rl, st.source_id, &mode);
    }
}

unsafe extern "C" fn unschedule_from_run_loop(s: *const c_void, rl: Ref, mode: Ref) {
    // SAFETY: a stream, a run loop, a mode string.
    unsafe {
        let arc = stream_arc(s);
        let mode = string::opt_string(mode).unwrap_or_default();
        let mut st = lock(&arc.state);
        let id = st.source_id;
        if let Target::RunLoops(v) = &mut st.target {
            if let Some(i) = v.iter().position(|(r, m)| *r == rl as usize && *m == mode) {
                let (r, _) = v.remove(i);
                if !v.iter().any(|(x, _)| *x == r) {
                    runloop::remove_source(r as Ref, id);
                }
                base::release(r as Ref);
            }
        }
    }
}

fn unschedule_all(s: &Arc<Stream>) {
    let (target, id) = {
        let mut st = lock(&s.state);
        (
            core::mem::replace(&mut st.target, Target::None),
            st.source_id,
        )
    };
    match target {
        Target::RunLoops(v) => {
            for (r, _) in v {
                // SAFETY: loops we retained when scheduling.
                unsafe {
                    runloop::remove_source(r as Ref, id);
                    base::release(r as Ref);
                }
            }
        }
        Target::Queue { tx, thread, .. } => {
            drop(tx);
            if let Some(t) = thread {
                if t.thread().id() != std::thread::current().id() {
                    let _ = t.join();
                }
            }
        }
        Target::None => {}
    }
}

unsafe extern "C" fn set_dispatch_queue(s: *const c_void, q: *const c_void) {
    // SAFETY: a stream.
    let arc = unsafe { stream_arc(s) };
    unschedule_all(&arc);
    if q.is_null() {
        return;
    }
    let (tx, rx) = mpsc::channel::<Batch>();
    let weak = Arc::downgrade(&arc);
    let thread = std::thread::Builder::new()
        .name("fsevents-queue".into())
        .spawn(move || {
            calvados_libsystem::pthread::tsd::setup_current_thread();
            while let Ok(batch) = rx.recv() {
                if let Some(s) = weak.upgrade() {
                    deliver_now(&s, &batch.events);
                }
                if let Some(done) = batch.done {
                    *lock(&done.0) = true;
                    done.1.notify_all();
                }
            }
        });
    lock(&arc.state).target = Target::Queue {
        tx: Some(tx),
        thread: thread.ok(),
    };
}

/// Calls the client's callback with `events` on this thread.
fn deliver_now(s: &Arc<Stream>, events: &[Event]) {
    if events.is_empty() {
        return;
    }
    let excl = lock(&s.exclusions).clone();
    let events: Vec<&Event> = events
        .iter()
        .filter(|e| {
            !excl.iter().any(|x| {
                e.path.starts_with(x) && (e.path.len() == x.len() || e.path[x.len()] == b'/')
            })
        })
        .collect();
    if events.is_empty() {
        return;
    }
    let flags: Vec<u32> = events.iter().map(|e| e.flags).collect();
    let ids: Vec<u64> = events.iter().map(|e| e.id).collect();
    if let Some(max) = ids.iter().copied().filter(|&i| i != 0).max() {
        let mut st = lock(&s.state);
        st.latest = if st.latest == SINCE_NOW {
            max
        } else {
            st.latest.max(max)
        };
    }
    let stream = Arc::as_ptr(s) as *const c_void;
    let n = events.len();
    if s.flags & CREATE_USE_CF_TYPES != 0 {
        let items: Vec<Owned> = events
            .iter()
            .map(|e| {
                let p = Owned(string::new_string(&String::from_utf8_lossy(&e.path)));
                if s.flags & CREATE_USE_EXTENDED_DATA == 0 {
                    return p;
                }
                let d = dict::new_cftype_dict();
                // SAFETY: our dictionary; constant keys (`FSEvents.h`:
                // kFSEventStreamEventExtendedDataPathKey "path",
                // kFSEventStreamEventExtendedFileIDKey "fileID").
                unsafe {
                    dict::set(d, cfstr!("path"), p.0);
                    if s.flags & CREATE_FILE_EVENTS != 0 && e.ino != 0 {
                        let ino = Owned(number::new_int(e.ino as i64));
                        dict::set(d, cfstr!("fileID"), ino.0);
                    }
                }
                Owned(d)
            })
            .collect();
        let raw: Vec<Ref> = items.iter().map(|o| o.0).collect();
        let arr = Owned(array::new_cftype_array(&raw));
        drop(items);
        // SAFETY: the program's callback with arrays of `n` entries.
        unsafe {
            (s.callback)(
                stream,
                s.ctx.info,
                n,
                arr.0 as *mut c_void,
                flags.as_ptr(),
                ids.as_ptr(),
            )
        };
    } else {
        let cs: Vec<CString> = events
            .iter()
            .map(|e| CString::new(e.path.clone()).unwrap_or_default())
            .collect();
        let ptrs: Vec<*const c_char> = cs.iter().map(|c| c.as_ptr()).collect();
        // SAFETY: the program's callback with arrays of `n` entries.
        unsafe {
            (s.callback)(
                stream,
                s.ctx.info,
                n,
                ptrs.as_ptr() as *mut c_void,
                flags.as_ptr(),
                ids.as_ptr(),
            )
        };
    }
}

/// Sends a batch wherever the stream is scheduled.
fn dispatch(s: &Arc<Stream>, events: Vec<Event>, done: Option<Arc<(Mutex<bool>, Condvar)>>) {
    if events.is_empty() {
        return;
    }
    let st = lock(&s.state);
    match &st.target {
        Target::RunLoops(v) => {
            let id = st.source_id;
            let mut seen = Vec::new();
            for (r, _) in v {
                if seen.contains(r) {
                    continue;
                }
                seen.push(*r);
                let s2 = s.clone();
                let ev = events.clone();
                // SAFETY: a loop we retained while scheduled.
                unsafe { runloop::post(*r as Ref, id, Box::new(move || deliver_now(&s2, &ev))) };
            }
        }
        Target::Queue { tx: Some(tx), .. } => {
            let _ = tx.send(Batch { events, done });
        }
        _ => {}
    }
}

// --- the inotify side ------------------------------------------------------------

const WATCH_MASK: u32 = libc::IN_CREATE
    | libc::IN_DELETE
    | libc::IN_MODIFY
    | libc::IN_ATTRIB
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF
    | libc::IN_DONT_FOLLOW;

struct Inotify {
    fd: c_int,
    wds: HashMap<c_int, Vec<u8>>,
}

impl Inotify {
    fn add(&mut self, path: &[u8]) -> bool {
        let Ok(c) = CString::new(path) else {
            return false;
        };
        // SAFETY: a valid inotify descriptor and path.
        let wd = unsafe { libc::inotify_add_watch(self.fd, c.as_ptr(), WATCH_MASK) };
        if wd < 0 {
            return false;
        }
        self.wds.insert(wd, path.to_vec());
        true
    }

    /// Watches `dir` and every directory below it; `found` gets what was
    /// already inside (for items created before their parent was watched).
    fn add_tree(&mut self, dir: &[u8], mut found: Option<&mut Vec<(Vec<u8>, bool)>>) {
        if !self.add(dir) {
            return;
        }
        let Ok(rd) = std::fs::read_dir(std::ffi::OsStr::from_bytes(dir)) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path().as_os_str().as_bytes().to_vec();
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if let Some(f) = found.as_deref_mut() {
                f.push((p.clone(), is_dir));
            }
            if is_dir {
                self.add_tree(&p, found.as_deref_mut());
            }
        }
    }

    fn forget_tree(&mut self, dir: &[u8]) {
        let gone: Vec<c_int> = self
            .wds
            .iter()
            .filter(|(_, p)| {
                p.as_slice() == dir || (p.starts_with(dir) && p.get(dir.len()) == Some(&b'/'))
            })
            .map(|(w, _)| *w)
            .collect();
        for w in gone {
            // SAFETY: a watch of ours.
            unsafe { libc::inotify_rm_watch(self.fd, w) };
            self.wds.remove(&w);
        }
    }

    fn rename_tree(&mut self, from: &[u8], to: &[u8]) {
        for p in self.wds.values_mut() {
            if p.as_slice() == from || (p.starts_with(from) && p.get(from.len()) == Some(&b'/')) {
                let mut n = to.to_vec();
                n.extend_from_slice(&p[from.len()..]);
                *p = n;
            }
        }
    }
}

fn type_flag(path: &[u8], is_dir: bool) -> u32 {
    if is_dir {
        return EV_ITEM_IS_DIR;
    }
    let Ok(c) = CString::new(path) else {
        return EV_ITEM_IS_FILE;
    };
    // SAFETY: an all-zero stat is valid output space.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a local buffer.
    if unsafe { libc::lstat(c.as_ptr(), &mut st) } == 0 {
        match st.st_mode & libc::S_IFMT {
            libc::S_IFLNK => return EV_ITEM_IS_SYMLINK,
            libc::S_IFDIR => return EV_ITEM_IS_DIR,
            _ => {}
        }
    }
    EV_ITEM_IS_FILE
}

fn inode_of(path: &[u8]) -> u64 {
    let Ok(c) = CString::new(path) else {
        return 0;
    };
    // SAFETY: an all-zero stat is valid output space.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a local buffer.
    if unsafe { libc::lstat(c.as_ptr(), &mut st) } == 0 {
        st.st_ino
    } else {
        0
    }
}

/// Pending events, coalesced per path (flags OR-ed, latest id kept).
#[derive(Default)]
struct Pending {
    order: Vec<Vec<u8>>,
    by_path: HashMap<Vec<u8>, Event>,
}

impl Pending {
    fn push(&mut self, e: Event) {
        match self.by_path.get_mut(&e.path) {
            Some(old) => {
                old.flags |= e.flags;
                old.id = old.id.max(e.id);
                if e.ino != 0 {
                    old.ino = e.ino;
                }
            }
            None => {
                self.order.push(e.path.clone());
                self.by_path.insert(e.path.clone(), e);
            }
        }
    }

    fn take(&mut self) -> Vec<Event> {
        let order = core::mem::take(&mut self.order);
        let mut map = core::mem::take(&mut self.by_path);
        order.into_iter().filter_map(|p| map.remove(&p)).collect()
    }

    fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

fn parent_dir(path: &[u8]) -> Vec<u8> {
    let mut d = match path.iter().rposition(|&c| c == b'/') {
        Some(0) => b"/".to_vec(),
        Some(i) => path[..i].to_vec(),
        None => b"/".to_vec(),
    };
    if !d.ends_with(b"/") {
        d.push(b'/');
    }
    d
}

/// Records one item-level change, as a file event or as its directory.
fn record(s: &Stream, pending: &mut Pending, path: Vec<u8>, flags: u32) {
    let id = next_event_id();
    if s.flags & CREATE_FILE_EVENTS != 0 {
        let ino = if flags & EV_ITEM_REMOVED == 0 {
            inode_of(&path)
        } else {
            0
        };
        pending.push(Event {
            path,
            flags,
            id,
            ino,
        });
    } else {
        pending.push(Event {
            path: parent_dir(&path),
            flags: 0,
            id,
            ino: 0,
        });
    }
}

/// The watcher thread's loop.
fn watch(s: Arc<Stream>, fd: c_int, wake_fd: c_int, ctl: Arc<Control>, ready: mpsc::Sender<()>) {
    let mut ino = Inotify {
        fd,
        wds: HashMap::new(),
    };
    for r in &s.roots {
        if ino.wds.values().any(|p| p == r) {
            continue;
        }
        let is_dir = std::fs::metadata(std::ffi::OsStr::from_bytes(r)).is_ok_and(|m| m.is_dir());
        if is_dir {
            ino.add_tree(r, None);
        } else {
            ino.add(r);
        }
    }
    // Watches are in place: FSEventStreamStart may return.
    let _ = ready.send(());
    let mut pending = Pending::default();
    let mut window_end: Option<Instant> = None;
    let mut last_delivery: Option<Instant> = None;
    let latency = Duration::from_secs_f64(s.latency);
    let mut moves: HashMap<u32, Vec<u8>> = HashMap::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let timeout = match window_end {
            Some(t) => t
                .saturating_duration_since(Instant::now())
                .as_millis()
                .min(i32::MAX as u128) as c_int,
            None => -1,
        };
        let mut pfd = [
            libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: wake_fd,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two valid pollfds.
        let n = unsafe { libc::poll(pfd.as_mut_ptr(), 2, timeout) };
        if n < 0 {
            if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            break;
        }
        if pfd[1].revents != 0 {
            let mut v = 0u64;
            // SAFETY: reading (and so resetting) the eventfd counter.
            unsafe { libc::read(wake_fd, (&mut v as *mut u64).cast(), 8) };
            if ctl.stop.load(Ordering::SeqCst) {
                break;
            }
            if ctl.flush.swap(false, Ordering::SeqCst) {
                // Drain inotify first so the flush has everything so far.
                read_events(&s, &mut ino, &mut pending, &mut moves, &mut buf);
                *lock(&ctl.flushed) = Some(pending.take());
                window_end = None;
                ctl.cond.notify_all();
            }
            continue;
        }
        if pfd[0].revents != 0 {
            let was_empty = pending.is_empty();
            read_events(&s, &mut ino, &mut pending, &mut moves, &mut buf);
            if was_empty && !pending.is_empty() && window_end.is_none() {
                let now = Instant::now();
                window_end = Some(if s.flags & CREATE_NO_DEFER != 0 {
                    match last_delivery {
                        Some(t) if now < t + latency => t + latency,
                        _ => now,
                    }
                } else {
                    now + latency
                });
            }
        }
        if window_end.is_some_and(|t| Instant::now() >= t) {
            window_end = None;
            let batch = pending.take();
            if !batch.is_empty() {
                last_delivery = Some(Instant::now());
                dispatch(&s, batch, None);
            }
        }
    }
    // SAFETY: descriptors this thread owns.
    unsafe { libc::close(fd) };
}

fn read_events(
    s: &Stream,
    ino: &mut Inotify,
    pending: &mut Pending,
    moves: &mut HashMap<u32, Vec<u8>>,
    buf: &mut [u8],
) {
    loop {
        // SAFETY: reading into our buffer from a non-blocking descriptor.
        let n = unsafe { libc::read(ino.fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        let mut off = 0usize;
        let hdr = core::mem::size_of::<libc::inotify_event>();
        while off + hdr <= n as usize {
            // SAFETY: the kernel wrote whole events; read unaligned.
            let ev: libc::inotify_event =
                unsafe { core::ptr::read_unaligned(buf.as_ptr().add(off).cast()) };
            let name_bytes = &buf[off + hdr..off + hdr + ev.len as usize];
            let name = &name_bytes[..name_bytes
                .iter()
                .position(|&c| c == 0)
                .unwrap_or(name_bytes.len())];
            off += hdr + ev.len as usize;
            handle(s, ino, pending, moves, &ev, name);
        }
    }
    // A rename whose other half never came moved the item out of sight.
    for (_, from) in moves.drain() {
        ino.forget_tree(&from);
    }
}

fn handle(
    s: &Stream,
    ino: &mut Inotify,
    pending: &mut Pending,
    moves: &mut HashMap<u32, Vec<u8>>,
    ev: &libc::inotify_event,
    name: &[u8],
) {
    let m = ev.mask;
    if m & libc::IN_Q_OVERFLOW != 0 {
        for r in &s.roots {
            pending.push(Event {
                path: r.clone(),
                flags: EV_MUST_SCAN_SUBDIRS | EV_KERNEL_DROPPED,
                id: next_event_id(),
                ino: 0,
            });
        }
        return;
    }
    let Some(dir) = ino.wds.get(&ev.wd).cloned() else {
        return;
    };
    if m & libc::IN_IGNORED != 0 {
        ino.wds.remove(&ev.wd);
        return;
    }
    let is_dir = m & libc::IN_ISDIR != 0;
    if m & (libc::IN_DELETE_SELF | libc::IN_MOVE_SELF) != 0 {
        // A directory inside the tree that moved was handled by its
        // parent's MOVED_FROM/MOVED_TO; a root that moved is gone from
        // the watched path.
        if let Some(i) = s.roots.iter().position(|r| *r == dir) {
            if s.flags & CREATE_WATCH_ROOT != 0 {
                pending.push(Event {
                    path: s.given[i].clone(),
                    flags: EV_ROOT_CHANGED,
                    id: 0,
                    ino: 0,
                });
            }
            if m & libc::IN_MOVE_SELF != 0 {
                ino.forget_tree(&dir);
            }
        }
        return;
    }
    let mut path = dir.clone();
    if !name.is_empty() {
        if !path.ends_with(b"/") {
            path.push(b'/');
        }
        path.extend_from_slice(name);
    }
    if m & libc::IN_CREATE != 0 {
        record(
            s,
            pending,
            path.clone(),
            EV_ITEM_CREATED | type_flag(&path, is_dir),
        );
        if is_dir {
            let mut found = Vec::new();
            ino.add_tree(&path, Some(&mut found));
            for (p, d) in found {
                record(s, pending, p.clone(), EV_ITEM_CREATED | type_flag(&p, d));
            }
        }
    }
    if m & libc::IN_DELETE != 0 {
        let t = if is_dir {
            EV_ITEM_IS_DIR
        } else {
            EV_ITEM_IS_FILE
        };
        record(s, pending, path.clone(), EV_ITEM_REMOVED | t);
    }
    if m & libc::IN_MODIFY != 0 {
        record(
            s,
            pending,
            path.clone(),
            EV_ITEM_MODIFIED | type_flag(&path, is_dir),
        );
    }
    if m & libc::IN_ATTRIB != 0 {
        record(
            s,
            pending,
            path.clone(),
            EV_ITEM_INODE_META_MOD | type_flag(&path, is_dir),
        );
    }
    if m & libc::IN_MOVED_FROM != 0 {
        let t = if is_dir {
            EV_ITEM_IS_DIR
        } else {
            type_flag(&path, false)
        };
        record(s, pending, path.clone(), EV_ITEM_RENAMED | t);
        if is_dir {
            moves.insert(ev.cookie, path.clone());
        }
    }
    if m & libc::IN_MOVED_TO != 0 {
        record(
            s,
            pending,
            path.clone(),
            EV_ITEM_RENAMED | type_flag(&path, is_dir),
        );
        if is_dir {
            match moves.remove(&ev.cookie) {
                Some(from) => ino.rename_tree(&from, &path),
                None => ino.add_tree(&path, None),
            }
        }
    }
}

fn stop_watcher(s: &Arc<Stream>) {
    let w = lock(&s.state).watcher.take();
    if let Some(mut w) = w {
        w.ctl.stop.store(true, Ordering::SeqCst);
        let v: u64 = 1;
        // SAFETY: our eventfd.
        unsafe { libc::write(w.wake_fd, (&v as *const u64).cast(), 8) };
        if let Some(t) = w.thread.take() {
            let _ = t.join();
        }
        // SAFETY: our eventfd, no longer polled.
        unsafe { libc::close(w.wake_fd) };
    }
}

unsafe extern "C" fn start(s: *const c_void) -> Boolean {
    // SAFETY: a stream.
    let arc = unsafe { stream_arc(s) };
    {
        let st = lock(&arc.state);
        if st.invalidated || matches!(st.target, Target::None) {
            return 0;
        }
        if st.watcher.is_some() {
            return 1;
        }
    }
    // SAFETY: plain descriptor creation.
    let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
    if fd < 0 {
        return 0;
    }
    // SAFETY: as above.
    let wake_fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC) };
    if wake_fd < 0 {
        // SAFETY: our descriptor.
        unsafe { libc::close(fd) };
        return 0;
    }
    let ctl = Arc::new(Control {
        stop: AtomicBool::new(false),
        flush: AtomicBool::new(false),
        flushed: Mutex::new(None),
        cond: Condvar::new(),
    });
    let (s2, c2) = (arc.clone(), ctl.clone());
    let (ready_tx, ready_rx) = mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("fsevents".into())
        .spawn(move || watch(s2, fd, wake_fd, c2, ready_tx));
    let Ok(thread) = thread else {
        // SAFETY: our descriptors.
        unsafe {
            libc::close(fd);
            libc::close(wake_fd);
        }
        return 0;
    };
    // Changes made once Start returns must be seen, as with fseventsd:
    // wait until the watches exist.
    let _ = ready_rx.recv();
    lock(&arc.state).watcher = Some(Watcher {
        wake_fd,
        ctl,
        thread: Some(thread),
    });
    if arc.since != SINCE_NOW && !arc.history_sent.swap(true, Ordering::Relaxed) {
        // No history to replay: the sentinel comes at once.
        let path = arc.roots.first().cloned().unwrap_or_default();
        let id = event_ids().load(Ordering::Relaxed);
        dispatch(
            &arc,
            vec![Event {
                path,
                flags: EV_HISTORY_DONE,
                id,
                ino: 0,
            }],
            None,
        );
    }
    1
}

unsafe extern "C" fn stop(s: *const c_void) {
    // SAFETY: a stream.
    stop_watcher(&unsafe { stream_arc(s) });
}

unsafe extern "C" fn invalidate(s: *const c_void) {
    // SAFETY: a stream.
    let arc = unsafe { stream_arc(s) };
    stop_watcher(&arc);
    unschedule_all(&arc);
    lock(&arc.state).invalidated = true;
}

/// Takes what the watcher holds, without waiting for the latency.
fn flush_pending(s: &Arc<Stream>) -> Vec<Event> {
    let w = {
        let st = lock(&s.state);
        st.watcher.as_ref().map(|w| (w.wake_fd, w.ctl.clone()))
    };
    let Some((fd, ctl)) = w else {
        return Vec::new();
    };
    let mut slot = lock(&ctl.flushed);
    *slot = None;
    ctl.flush.store(true, Ordering::SeqCst);
    let v: u64 = 1;
    // SAFETY: our eventfd.
    unsafe { libc::write(fd, (&v as *const u64).cast(), 8) };
    let deadline = Instant::now() + Duration::from_secs(5);
    while slot.is_none() && Instant::now() < deadline {
        slot = ctl
            .cond
            .wait_timeout(slot, Duration::from_millis(50))
            .map(|(g, _)| g)
            .unwrap_or_else(|e| e.into_inner().0);
    }
    slot.take().unwrap_or_default()
}

unsafe extern "C" fn flush_async(s: *const c_void) -> u64 {
    // SAFETY: a stream.
    let arc = unsafe { stream_arc(s) };
    let events = flush_pending(&arc);
    dispatch(&arc, events, None);
    event_ids().load(Ordering::Relaxed)
}

/// `FSEventStreamFlushSync`: every event so far is delivered when it
/// returns. On a loop's own thread the loop's queued callbacks for this
/// stream run here; otherwise this waits for them to run.
unsafe extern "C" fn flush_sync(s: *const c_void) {
    // SAFETY: a stream.
    let arc = unsafe { stream_arc(s) };
    let events = flush_pending(&arc);
    let (loops, id, queue) = {
        let st = lock(&arc.state);
        match &st.target {
            Target::RunLoops(v) => (
                v.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
                st.source_id,
                false,
            ),
            Target::Queue { .. } => (Vec::new(), st.source_id, true),
            Target::None => (Vec::new(), st.source_id, false),
        }
    };
    if queue {
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        dispatch(&arc, events, Some(done.clone()));
        let (lk, cv) = &*done;
        let mut g = lock(lk);
        let deadline = Instant::now() + Duration::from_secs(5);
        while !*g && Instant::now() < deadline {
            g = cv
                .wait_timeout(g, Duration::from_millis(50))
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
        }
        return;
    }
    dispatch(&arc, events, None);
    let here = runloop::current() as usize;
    for r in loops {
        if r == here {
            // SAFETY: a loop we retained while scheduled.
            unsafe { runloop::run_pending_of(r as Ref, id) };
        } else {
            let deadline = Instant::now() + Duration::from_secs(5);
            // SAFETY: as above.
            while unsafe { runloop::has_pending_of(r as Ref, id) } && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

unsafe extern "C" fn get_device_being_watched(s: *const c_void) -> libc::dev_t {
    // SAFETY: a stream.
    unsafe { stream_arc(s) }.device
}

unsafe extern "C" fn get_latest_event_id(s: *const c_void) -> u64 {
    // SAFETY: a stream.
    lock(&unsafe { stream_arc(s) }.state).latest
}

unsafe extern "C" fn copy_paths_being_watched(s: *const c_void) -> Ref {
    // SAFETY: a stream.
    let arc = unsafe { stream_arc(s) };
    let items: Vec<Owned> = arc
        .given
        .iter()
        .map(|p| Owned(string::new_string(&String::from_utf8_lossy(p))))
        .collect();
    let raw: Vec<Ref> = items.iter().map(|o| o.0).collect();
    array::new_cftype_array(&raw)
}

/// `FSEventStreamSetExclusionPaths`: at most 8 paths (`FSEvents.h`).
unsafe extern "C" fn set_exclusion_paths(s: *const c_void, paths: Ref) -> Boolean {
    // SAFETY: a stream and an array of strings.
    unsafe {
        let arc = stream_arc(s);
        let v = if paths.is_null() {
            Vec::new()
        } else {
            array::values(paths)
        };
        if v.len() > 8 {
            return 0;
        }
        let mut out = Vec::new();
        for p in v {
            match string::opt_string(p) {
                Some(p) => out.push(canonical(&absolute(p.as_bytes()))),
                None => return 0,
            }
        }
        *lock(&arc.exclusions) = out;
        1
    }
}

unsafe extern "C" fn get_current_event_id() -> u64 {
    event_ids().load(Ordering::Relaxed)
}

/// `FSEventsPurgeEventsForDeviceUpToEventId`: we keep no event database,
/// so there is nothing to purge and the purge succeeds.
unsafe extern "C" fn purge_events_for_device_up_to_event_id(
    _dev: libc::dev_t,
    _id: u64,
) -> Boolean {
    1
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_FSEventStreamCreate" => stream_create,
    func "_FSEventStreamCreateRelativeToDevice" => stream_create_relative_to_device,
    func "_FSEventStreamRetain" => stream_retain,
    func "_FSEventStreamRelease" => stream_release,
    func "_FSEventStreamScheduleWithRunLoop" => schedule_with_run_loop,
    func "_FSEventStreamUnscheduleFromRunLoop" => unschedule_from_run_loop,
    func "_FSEventStreamSetDispatchQueue" => set_dispatch_queue,
    func "_FSEventStreamStart" => start,
    func "_FSEventStreamStop" => stop,
    func "_FSEventStreamInvalidate" => invalidate,
    func "_FSEventStreamFlushAsync" => flush_async,
    func "_FSEventStreamFlushSync" => flush_sync,
    func "_FSEventStreamGetDeviceBeingWatched" => get_device_being_watched,
    func "_FSEventStreamGetLatestEventId" => get_latest_event_id,
    func "_FSEventStreamCopyPathsBeingWatched" => copy_paths_being_watched,
    func "_FSEventStreamSetExclusionPaths" => set_exclusion_paths,
    func "_FSEventsGetCurrentEventId" => get_current_event_id,
    func "_FSEventsPurgeEventsForDeviceUpToEventId" => purge_events_for_device_up_to_event_id,
};

#[cfg(test)]
mod tests {
    use super::*;

    static SEEN: Mutex<Vec<(String, u32, String)>> = Mutex::new(Vec::new());

    unsafe extern "C" fn cb(
        _s: *const c_void,
        info: *mut c_void,
        n: usize,
        paths: *mut c_void,
        flags: *const u32,
        _ids: *const u64,
    ) {
        let tag = if info.is_null() { "runloop" } else { "queue" };
        // SAFETY: the callback's arrays have `n` entries.
        unsafe {
            let p = paths as *const *const c_char;
            for i in 0..n {
                let path = core::ffi::CStr::from_ptr(*p.add(i))
                    .to_string_lossy()
                    .into_owned();
                lock(&SEEN).push((path, *flags.add(i), tag.into()));
            }
        }
    }

    fn stream_on(dir: &Path, info: *mut c_void) -> *const c_void {
        let s = Owned(string::new_string(&dir.to_string_lossy()));
        let paths = Owned(array::new_cftype_array(&[s.0]));
        let ctx = Context {
            version: 0,
            info,
            retain: None,
            release: None,
            copy_description: None,
        };
        // SAFETY: valid arguments; a long latency, so only a flush delivers.
        unsafe {
            stream_create(
                core::ptr::null(),
                Some(cb),
                &ctx,
                paths.0,
                SINCE_NOW,
                30.0,
                CREATE_FILE_EVENTS,
            )
        }
    }

    fn seen(name: &str, tag: &str) -> bool {
        lock(&SEEN)
            .iter()
            .any(|(p, f, t)| p.ends_with(name) && f & EV_ITEM_CREATED != 0 && t == tag)
    }

    use std::path::Path;

    #[test]
    fn flush_sync_delivers_before_returning() {
        let dir = std::env::temp_dir().join(format!("cvd-fsev-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let dir = std::fs::canonicalize(&dir).unwrap();
        // A dispatch queue: delivered from the stream's own thread.
        static QUEUE: u8 = 0;
        let q = stream_on(&dir, &QUEUE as *const u8 as *mut c_void);
        // A run loop: the test thread's own loop.
        let r = stream_on(&dir, core::ptr::null_mut());
        // SAFETY: streams we made, our run loop and a mode string.
        unsafe {
            set_dispatch_queue(q, &QUEUE as *const u8 as *const c_void);
            schedule_with_run_loop(
                r,
                runloop::current(),
                crate::cfstr!("kCFRunLoopDefaultMode"),
            );
            assert_eq!(start(q), 1);
            assert_eq!(start(r), 1);
            std::fs::write(dir.join("made.txt"), b"x").unwrap();
            std::thread::sleep(Duration::from_millis(50));
            flush_sync(q);
            assert!(seen("/made.txt", "queue"), "queue flush: {:?}", lock(&SEEN));
            flush_sync(r);
            assert!(
                seen("/made.txt", "runloop"),
                "run loop flush: {:?}",
                lock(&SEEN)
            );
            for s in [q, r] {
                stop(s);
                invalidate(s);
                stream_release(s);
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
