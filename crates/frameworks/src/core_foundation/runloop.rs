//! `CFRunLoop`: one run loop per thread, made on first use, that runs the
//! work its sources post (FSEvents streams post their callbacks here) and
//! can be stopped from another thread.
//!
//! A source is registered in modes by name; `kCFRunLoopCommonModes`
//! includes `kCFRunLoopDefaultMode`. Running a mode with no source in it
//! returns `kCFRunLoopRunFinished` at once; `CFRunLoopStop` ends the
//! innermost running invocation (a stop sent while the loop is not running
//! is lost, as CF keeps the flag per run). `CFRunLoopIsWaiting` is true
//! while the loop sleeps for work. Results are `CFRunLoop.h`'s
//! (`kCFRunLoopRunFinished` 1, `Stopped` 2, `TimedOut` 3, `HandledSource` 4).
//!
//! Programs' own sources are version-0 sources (`CFRunLoopSourceContext`
//! with `perform`, signalled by `CFRunLoopSourceSignal`; version-1 sources
//! need Mach ports, which Calvados has not, so `CFRunLoopSourceCreate`
//! answers NULL for them) and timers (`CFRunLoopTimer`, one-shot or
//! repeating, on CF absolute time). A timer firing does not count as a
//! handled source, as in CF.

use super::base::{
    self, alloc, expect, Boolean, CFIndex, CFTypeID, Class, Ref, TYPE_ID_RUNLOOP,
    TYPE_ID_RUNLOOP_SOURCE, TYPE_ID_RUNLOOP_TIMER,
};
use super::string;
use crate::cf_const_string;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use libc::c_void;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

cf_const_string!(
    /// `kCFRunLoopDefaultMode`.
    K_DEFAULT_MODE = "kCFRunLoopDefaultMode"
);
cf_const_string!(
    /// `kCFRunLoopCommonModes`.
    K_COMMON_MODES = "kCFRunLoopCommonModes"
);

const RUN_FINISHED: i32 = 1;
const RUN_STOPPED: i32 = 2;
const RUN_TIMED_OUT: i32 = 3;
const RUN_HANDLED_SOURCE: i32 = 4;

const DEFAULT: &str = "kCFRunLoopDefaultMode";
const COMMON: &str = "kCFRunLoopCommonModes";

/// Work posted by a source.
struct Task {
    source: u64,
    run: Box<dyn FnOnce() + Send>,
}

/// A block queued by `CFRunLoopPerformBlock` (a heap copy the loop owns),
/// with the modes it may run in.
struct PendingBlock {
    modes: Vec<String>,
    block: usize,
}

impl PendingBlock {
    fn runs_in(&self, mode: &str) -> bool {
        self.modes.iter().any(|m| in_mode(m, mode))
    }
}

impl Drop for PendingBlock {
    fn drop(&mut self) {
        // SAFETY: the loop's own reference to its heap copy.
        unsafe { calvados_libsystem::blocks::block_release(self.block as *const c_void) };
    }
}

#[derive(Default)]
struct State {
    tasks: VecDeque<Task>,
    /// Blocks to run, oldest first.
    blocks: VecDeque<PendingBlock>,
    /// (source id, mode name) registrations.
    sources: Vec<(u64, String)>,
    /// Version-0 sources (retained) and their modes.
    v0: Vec<(usize, String)>,
    /// Timers (retained) and their modes.
    timers: Vec<(usize, String)>,
    /// Invocations of `CFRunLoopRunInMode` under way (innermost last).
    modes: Vec<String>,
    /// Stop requested for the innermost invocation.
    stop: bool,
}

pub struct RunLoopBody {
    state: Mutex<State>,
    cond: Condvar,
    waiting: AtomicBool,
}

/// A dying loop first lets go of its sources and timers (which remember
/// the loops they are in).
unsafe fn finalize_loop(h: *mut base::Header) {
    let rl = h as Ref;
    // SAFETY: the loop is alive until drop_obj; its sources and timers are
    // retained by it.
    unsafe {
        let (v0, timers, blocks) = {
            let mut st = lock(body(rl, "CFRunLoop"));
            (
                st.v0.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
                st.timers.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
                core::mem::take(&mut st.blocks),
            )
        };
        drop(blocks);
        for s in v0 {
            detach_source(rl, s as Ref, None);
        }
        for t in timers {
            detach_timer(rl, t as Ref, None);
        }
        base::drop_obj::<RunLoopBody>(h);
    }
}

pub static RUNLOOP_CLASS: Class = Class {
    type_id: TYPE_ID_RUNLOOP,
    name: "CFRunLoop",
    finalize: finalize_loop,
    equal: base::same,
    hash: base::addr_hash,
    describe: base::plain_describe,
    immortal: false,
};

unsafe fn body<'a>(rl: Ref, func: &str) -> &'a RunLoopBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<RunLoopBody>(rl, &RUNLOOP_CLASS, func).body }
}

fn lock(b: &RunLoopBody) -> std::sync::MutexGuard<'_, State> {
    b.state.lock().unwrap_or_else(|e| e.into_inner())
}

fn in_mode(reg: &str, mode: &str) -> bool {
    reg == mode || (reg == COMMON && mode == DEFAULT)
}

fn new_loop() -> Ref {
    alloc(
        &RUNLOOP_CLASS,
        RunLoopBody {
            state: Mutex::new(State::default()),
            cond: Condvar::new(),
            waiting: AtomicBool::new(false),
        },
    )
}

/// The main thread's loop (made by whichever thread asks first).
fn main_loop() -> Ref {
    static MAIN: OnceLock<usize> = OnceLock::new();
    *MAIN.get_or_init(|| new_loop() as usize) as Ref
}

fn is_main_thread() -> bool {
    // SAFETY: no preconditions.
    unsafe { libc::gettid() == libc::getpid() }
}

struct ThreadLoop(Ref);

impl Drop for ThreadLoop {
    fn drop(&mut self) {
        // SAFETY: the thread's reference to its (non-main) loop.
        unsafe { base::release(self.0) }
    }
}

thread_local! {
    static CURRENT: std::cell::OnceCell<ThreadLoop> = const { std::cell::OnceCell::new() };
}

/// The calling thread's run loop (not retained).
pub fn current() -> Ref {
    if is_main_thread() {
        return main_loop();
    }
    CURRENT.with(|c| c.get_or_init(|| ThreadLoop(new_loop())).0)
}

/// A fresh source identifier.
pub fn new_source_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Registers source `id` in `mode`.
///
/// # Safety
/// `rl` is a run loop.
pub unsafe fn add_source(rl: Ref, id: u64, mode: &str) {
    // SAFETY: per the contract.
    let b = unsafe { body(rl, "CFRunLoopAddSource") };
    let mut st = lock(b);
    if !st.sources.iter().any(|(i, m)| *i == id && m == mode) {
        st.sources.push((id, mode.to_string()));
    }
    b.cond.notify_all();
}

/// Removes source `id` (from every mode) and drops its pending work.
///
/// # Safety
/// `rl` is a run loop.
pub unsafe fn remove_source(rl: Ref, id: u64) {
    // SAFETY: per the contract.
    let b = unsafe { body(rl, "CFRunLoopRemoveSource") };
    let dropped: VecDeque<Task> = {
        let mut st = lock(b);
        st.sources.retain(|(i, _)| *i != id);
        let (gone, kept) = core::mem::take(&mut st.tasks)
            .into_iter()
            .partition(|t| t.source == id);
        st.tasks = kept;
        gone
    };
    // Closures are dropped outside the lock (they may release objects).
    drop(dropped);
    b.cond.notify_all();
}

/// Queues work of source `id`; it runs on the loop's thread when the loop
/// runs in a mode the source is registered in.
///
/// # Safety
/// `rl` is a run loop.
pub unsafe fn post(rl: Ref, id: u64, run: Box<dyn FnOnce() + Send>) {
    // SAFETY: per the contract.
    let b = unsafe { body(rl, "CFRunLoop") };
    lock(b).tasks.push_back(Task { source: id, run });
    b.cond.notify_all();
}

/// Runs, on the calling thread, the queued work of source `id`.
///
/// # Safety
/// `rl` is a run loop.
pub unsafe fn run_pending_of(rl: Ref, id: u64) {
    // SAFETY: per the contract.
    let b = unsafe { body(rl, "CFRunLoop") };
    loop {
        let task = {
            let mut st = lock(b);
            let i = st.tasks.iter().position(|t| t.source == id);
            i.and_then(|i| st.tasks.remove(i))
        };
        match task {
            Some(t) => (t.run)(),
            None => return,
        }
    }
}

/// Whether work of source `id` is still queued.
///
/// # Safety
/// `rl` is a run loop.
pub unsafe fn has_pending_of(rl: Ref, id: u64) -> bool {
    // SAFETY: per the contract.
    lock(unsafe { body(rl, "CFRunLoop") })
        .tasks
        .iter()
        .any(|t| t.source == id)
}

/// Whether the loop has anything for `mode`: sources, timers or blocks.
fn has_work(st: &State, mode: &str) -> bool {
    st.sources.iter().any(|(_, m)| in_mode(m, mode))
        || st.v0.iter().any(|(_, m)| in_mode(m, mode))
        || st.timers.iter().any(|(_, m)| in_mode(m, mode))
        || st.blocks.iter().any(|p| p.runs_in(mode))
}

/// The first posted work whose source is registered in `mode`.
fn runnable_task(st: &State, mode: &str) -> Option<usize> {
    st.tasks.iter().position(|t| {
        st.sources
            .iter()
            .any(|(i, m)| *i == t.source && in_mode(m, mode))
    })
}

/// Runs the blocks queued for `mode`, oldest first, without the lock.
fn run_blocks<'a>(
    b: &'a RunLoopBody,
    mut st: std::sync::MutexGuard<'a, State>,
    mode: &str,
) -> std::sync::MutexGuard<'a, State> {
    while let Some(i) = st.blocks.iter().position(|p| p.runs_in(mode)) {
        let pending = st.blocks.remove(i);
        drop(st);
        if let Some(p) = pending {
            // SAFETY: the loop's heap copy of a block taking no arguments.
            unsafe { calvados_libsystem::blocks::invoke(p.block as *mut c_void) };
        }
        st = lock(b);
    }
    st
}

/// Performs one signalled version-0 source of `mode` (lowest order
/// first), without the lock; whether there was one.
fn run_source0<'a>(
    b: &'a RunLoopBody,
    st: std::sync::MutexGuard<'a, State>,
    mode: &str,
) -> (std::sync::MutexGuard<'a, State>, bool) {
    let mut ready: Vec<usize> = st
        .v0
        .iter()
        .filter(|(_, m)| in_mode(m, mode))
        .map(|(src, _)| *src)
        // SAFETY: sources the loop retains.
        .filter(|&src| {
            unsafe { source(src as Ref) }
                .signaled
                .load(Ordering::SeqCst)
        })
        .collect();
    // SAFETY: as above.
    ready.sort_by_key(|&src| unsafe { source(src as Ref) }.order);
    // SAFETY: as above.
    let Some(src) = ready.into_iter().find(|&src| {
        unsafe { source(src as Ref) }
            .signaled
            .swap(false, Ordering::SeqCst)
    }) else {
        return (st, false);
    };
    // SAFETY: keep the source alive across its perform callback.
    unsafe { base::retain(src as Ref) };
    drop(st);
    // SAFETY: a retained source; its context is the program's.
    unsafe {
        let sb = source(src as Ref);
        if let Some(f) = sb.ctx.perform {
            f(sb.ctx.info);
        }
        base::release(src as Ref);
    }
    (lock(b), true)
}

/// Fires the timers of `mode` that are due, without the lock; whether
/// any was.
fn run_due_timers<'a>(
    b: &'a RunLoopBody,
    mut st: std::sync::MutexGuard<'a, State>,
    mode: &str,
) -> (std::sync::MutexGuard<'a, State>, bool) {
    let mut fired = false;
    loop {
        let now_abs = super::number::absolute_time_now();
        let due = st
            .timers
            .iter()
            .filter(|(_, m)| in_mode(m, mode))
            .map(|(t, _)| *t)
            // SAFETY: timers the loop retains.
            .find(|&t| unsafe { timer(t as Ref) }.next_fire() <= now_abs);
        let Some(t) = due else {
            return (st, fired);
        };
        // SAFETY: keep the timer alive across its callout.
        unsafe { base::retain(t as Ref) };
        drop(st);
        // SAFETY: a retained timer.
        unsafe {
            fire(t as Ref, now_abs);
            base::release(t as Ref);
        }
        fired = true;
        st = lock(b);
    }
}

/// Handles one piece of posted work (a port-based source's message) of
/// `mode`, without the lock; whether there was one.
fn run_posted<'a>(
    b: &'a RunLoopBody,
    mut st: std::sync::MutexGuard<'a, State>,
    mode: &str,
) -> (std::sync::MutexGuard<'a, State>, bool) {
    let Some(task) = runnable_task(&st, mode).and_then(|i| st.tasks.remove(i)) else {
        return (st, false);
    };
    drop(st);
    (task.run)();
    (lock(b), true)
}

/// `CFRunLoopRunInMode`, in CF's passes: a mode with nothing in it
/// finishes at once; otherwise each pass runs the queued blocks and a
/// signalled version-0 source, sleeps unless one ran (until posted work, a
/// timer, the deadline, `CFRunLoopWakeUp` or `CFRunLoopStop`), then fires
/// due timers, handles one piece of posted work and runs the blocks again,
/// and only then asks whether to return: a source handled (when asked
/// to), the deadline, a stop, or a mode left empty. So a loop that ran its
/// last block goes to sleep rather than finishing, as CF's does, until
/// something wakes it.
///
/// # Safety
/// `rl` is the calling thread's run loop.
pub unsafe fn run_in_mode(rl: Ref, mode: &str, seconds: f64, return_after_source: bool) -> i32 {
    // SAFETY: per the contract; the body outlives this call (retained).
    let b = unsafe { body(rl, "CFRunLoopRunInMode") };
    let deadline = if seconds.is_finite() && seconds < 1e9 {
        Some(Instant::now() + Duration::from_secs_f64(seconds.max(0.0)))
    } else {
        None
    };
    let mut st = lock(b);
    if !has_work(&st, mode) {
        return RUN_FINISHED;
    }
    // SAFETY: keep the loop alive while it runs.
    unsafe { base::retain(rl) };
    st.modes.push(mode.to_string());
    st.stop = false;
    let result = loop {
        if st.stop {
            st.stop = false;
            break RUN_STOPPED;
        }
        st = run_blocks(b, st, mode);
        let (g, mut handled) = run_source0(b, st, mode);
        st = g;
        if handled {
            st = run_blocks(b, st, mode);
        }
        if !handled && !st.stop {
            // Sleep, unless work is already waiting.
            let now_abs = super::number::absolute_time_now();
            let next_timer = st
                .timers
                .iter()
                .filter(|(_, m)| in_mode(m, mode))
                // SAFETY: timers the loop retains.
                .map(|(t, _)| unsafe { timer(*t as Ref) }.next_fire())
                .fold(f64::INFINITY, f64::min);
            let posted = runnable_task(&st, mode).is_some();
            // SAFETY: sources the loop retains.
            let signalled = st.v0.iter().any(|(src, m)| {
                in_mode(m, mode)
                    && unsafe { source(*src as Ref) }
                        .signaled
                        .load(Ordering::SeqCst)
            });
            // (No block of this mode is queued: `run_blocks` left none,
            // and the lock has been held since.)
            if !posted && !signalled && next_timer > now_abs {
                let now = Instant::now();
                let timer_at = next_timer
                    .is_finite()
                    .then(|| now + Duration::from_secs_f64((next_timer - now_abs).clamp(0.0, 1e9)));
                let wake_at = match (deadline, timer_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                b.waiting.store(true, Ordering::SeqCst);
                st = match wake_at {
                    Some(d) if d <= now => st,
                    Some(d) => b
                        .cond
                        .wait_timeout(st, d.saturating_duration_since(now))
                        .map(|(g, _)| g)
                        .unwrap_or_else(|e| e.into_inner().0),
                    None => b.cond.wait(st).unwrap_or_else(|e| e.into_inner()),
                };
                b.waiting.store(false, Ordering::SeqCst);
            }
        }
        let (g, _) = run_due_timers(b, st, mode);
        let (g, posted) = run_posted(b, g, mode);
        handled |= posted;
        st = run_blocks(b, g, mode);
        if handled && return_after_source {
            break RUN_HANDLED_SOURCE;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break RUN_TIMED_OUT;
        }
        if st.stop {
            st.stop = false;
            break RUN_STOPPED;
        }
        if !has_work(&st, mode) {
            break RUN_FINISHED;
        }
    };
    st.modes.pop();
    drop(st);
    // SAFETY: the reference taken above.
    unsafe { base::release(rl) };
    result
}

/// Whether `rl` is the calling thread's loop.
fn check_own(rl: Ref, func: &str) {
    if rl != current() {
        base::fatal(&format!(
            "{func}: a run loop can only be run by its own thread"
        ));
    }
}

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_RUNLOOP
}

unsafe extern "C" fn get_current() -> Ref {
    current()
}

unsafe extern "C" fn get_main() -> Ref {
    main_loop()
}

/// `CFRunLoopRun`: runs the default mode until stopped or empty.
unsafe extern "C" fn run() {
    let rl = current();
    loop {
        // SAFETY: our own loop.
        let r = unsafe { run_in_mode(rl, DEFAULT, 1e10, false) };
        if r == RUN_STOPPED || r == RUN_FINISHED {
            return;
        }
    }
}

unsafe extern "C" fn run_in_mode_export(
    mode: Ref,
    seconds: f64,
    return_after_source: Boolean,
) -> i32 {
    let rl = current();
    check_own(rl, "CFRunLoopRunInMode");
    // SAFETY: `mode` is a string.
    let m = unsafe { string::opt_string(mode) }.unwrap_or_else(|| DEFAULT.to_string());
    // SAFETY: our own loop.
    unsafe { run_in_mode(rl, &m, seconds, return_after_source != 0) }
}

/// `CFRunLoopPerformBlock(rl, mode, block)`: the block (copied) runs once,
/// on the loop's thread, the next time the loop runs in `mode` (a string,
/// or an array of them). CF leaves a sleeping loop asleep until
/// `CFRunLoopWakeUp`; ours wakes at once, which only runs it sooner.
unsafe extern "C" fn perform_block(rl: Ref, mode: Ref, block: *const c_void) {
    if rl.is_null() || mode.is_null() || block.is_null() {
        return;
    }
    // SAFETY: a run loop, a mode string or array, and a block.
    unsafe {
        let b = body(rl, "CFRunLoopPerformBlock");
        let modes: Vec<String> = if super::array::is_array(mode) {
            super::array::values(mode)
                .into_iter()
                .filter_map(|m| string::opt_string(m))
                .collect()
        } else {
            string::opt_string(mode).into_iter().collect()
        };
        let copy = calvados_libsystem::blocks::block_copy(block);
        lock(b).blocks.push_back(PendingBlock {
            modes,
            block: copy as usize,
        });
        b.cond.notify_all();
    }
}

unsafe extern "C" fn stop(rl: Ref) {
    // SAFETY: a run loop.
    let b = unsafe { body(rl, "CFRunLoopStop") };
    let mut st = lock(b);
    if !st.modes.is_empty() {
        st.stop = true;
    }
    b.cond.notify_all();
}

unsafe extern "C" fn wake_up(rl: Ref) {
    // SAFETY: a run loop. A woken loop looks for work again and sleeps on
    // if there is none; taking the lock orders the wakeup after its check.
    let b = unsafe { body(rl, "CFRunLoopWakeUp") };
    let _g = lock(b);
    b.cond.notify_all();
}

unsafe extern "C" fn is_waiting(rl: Ref) -> Boolean {
    // SAFETY: a run loop.
    unsafe { body(rl, "CFRunLoopIsWaiting") }
        .waiting
        .load(Ordering::SeqCst) as Boolean
}

unsafe extern "C" fn copy_current_mode(rl: Ref) -> Ref {
    // SAFETY: a run loop.
    let b = unsafe { body(rl, "CFRunLoopCopyCurrentMode") };
    match lock(b).modes.last() {
        Some(m) => string::new_string(m),
        None => core::ptr::null(),
    }
}

// --- version-0 sources -------------------------------------------------------------

/// `CFRunLoopSourceContext` (`CFRunLoop.h`, version 0).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SourceContext {
    pub version: CFIndex,
    pub info: *mut c_void,
    pub retain: Option<unsafe extern "C" fn(*const c_void) -> *const c_void>,
    pub release: Option<unsafe extern "C" fn(*const c_void)>,
    pub copy_description: Option<unsafe extern "C" fn(*const c_void) -> Ref>,
    pub equal: Option<unsafe extern "C" fn(*const c_void, *const c_void) -> Boolean>,
    pub hash: Option<unsafe extern "C" fn(*const c_void) -> usize>,
    pub schedule: Option<unsafe extern "C" fn(*mut c_void, Ref, Ref)>,
    pub cancel: Option<unsafe extern "C" fn(*mut c_void, Ref, Ref)>,
    pub perform: Option<unsafe extern "C" fn(*mut c_void)>,
}
const _: () = assert!(core::mem::size_of::<SourceContext>() == 80);
const _: () = assert!(core::mem::offset_of!(SourceContext, schedule) == 56);
const _: () = assert!(core::mem::offset_of!(SourceContext, perform) == 72);

pub struct SourceBody {
    ctx: SourceContext,
    order: CFIndex,
    signaled: AtomicBool,
    valid: AtomicBool,
    /// Loops (retained by nothing here) and modes the source is in.
    loops: Mutex<Vec<(usize, String)>>,
}

impl Drop for SourceBody {
    fn drop(&mut self) {
        if let Some(r) = self.ctx.release {
            // SAFETY: the program's release callback for its info.
            unsafe { r(self.ctx.info) }
        }
    }
}

pub static SOURCE_CLASS: Class = Class {
    type_id: TYPE_ID_RUNLOOP_SOURCE,
    name: "CFRunLoopSource",
    finalize: base::drop_obj::<SourceBody>,
    equal: base::same,
    hash: base::addr_hash,
    describe: base::plain_describe,
    immortal: false,
};

unsafe fn source<'a>(p: Ref) -> &'a SourceBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<SourceBody>(p, &SOURCE_CLASS, "CFRunLoopSource").body }
}

unsafe extern "C" fn source_get_type_id() -> CFTypeID {
    TYPE_ID_RUNLOOP_SOURCE
}

unsafe extern "C" fn source_create(_a: Ref, order: CFIndex, ctx: *const SourceContext) -> Ref {
    if ctx.is_null() {
        return core::ptr::null();
    }
    // SAFETY: the program's context.
    let mut ctx = unsafe { *ctx };
    if ctx.version != 0 {
        return core::ptr::null();
    }
    if let Some(r) = ctx.retain {
        // SAFETY: the program's retain callback for its info.
        ctx.info = unsafe { r(ctx.info) } as *mut c_void;
    }
    alloc(
        &SOURCE_CLASS,
        SourceBody {
            ctx,
            order,
            signaled: AtomicBool::new(false),
            valid: AtomicBool::new(true),
            loops: Mutex::new(Vec::new()),
        },
    )
}

fn lock_list<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

unsafe extern "C" fn add_source_export(rl: Ref, src: Ref, mode: Ref) {
    // SAFETY: a run loop, a source and a mode string.
    unsafe {
        let sb = source(src);
        if !sb.valid.load(Ordering::SeqCst) {
            return;
        }
        let m = string::opt_string(mode).unwrap_or_else(|| DEFAULT.into());
        let b = body(rl, "CFRunLoopAddSource");
        {
            let mut st = lock(b);
            if st.v0.iter().any(|(x, mm)| *x == src as usize && *mm == m) {
                return;
            }
            base::retain(src);
            st.v0.push((src as usize, m.clone()));
            b.cond.notify_all();
        }
        lock_list(&sb.loops).push((rl as usize, m));
        if let Some(f) = sb.ctx.schedule {
            f(sb.ctx.info, rl, mode);
        }
    }
}

/// Takes `src` out of `rl` in `mode` (every mode when None).
unsafe fn detach_source(rl: Ref, src: Ref, mode: Option<&str>) {
    // SAFETY: a run loop and a source.
    unsafe {
        let sb = source(src);
        let b = body(rl, "CFRunLoopRemoveSource");
        let removed: Vec<String> = {
            let mut st = lock(b);
            let (gone, kept): (Vec<_>, Vec<_>) = core::mem::take(&mut st.v0)
                .into_iter()
                .partition(|(x, m)| *x == src as usize && mode.is_none_or(|mm| mm == m));
            st.v0 = kept;
            gone.into_iter().map(|(_, m)| m).collect()
        };
        lock_list(&sb.loops).retain(|(r, m)| !(*r == rl as usize && removed.contains(m)));
        for m in removed {
            if let Some(f) = sb.ctx.cancel {
                let ms = string::new_string(&m);
                f(sb.ctx.info, rl, ms);
                base::release(ms);
            }
            base::release(src);
        }
    }
}

unsafe extern "C" fn remove_source_export(rl: Ref, src: Ref, mode: Ref) {
    // SAFETY: a run loop, a source and a mode string.
    unsafe {
        let m = string::opt_string(mode).unwrap_or_else(|| DEFAULT.into());
        detach_source(rl, src, Some(&m));
    }
}

unsafe extern "C" fn contains_source(rl: Ref, src: Ref, mode: Ref) -> Boolean {
    // SAFETY: a run loop and a mode string.
    unsafe {
        let m = string::opt_string(mode).unwrap_or_else(|| DEFAULT.into());
        lock(body(rl, "CFRunLoopContainsSource"))
            .v0
            .iter()
            .any(|(x, mm)| *x == src as usize && in_mode(mm, &m)) as Boolean
    }
}

unsafe extern "C" fn source_signal(src: Ref) {
    // SAFETY: a source.
    unsafe { source(src) }
        .signaled
        .store(true, Ordering::SeqCst);
}

unsafe extern "C" fn source_invalidate(src: Ref) {
    // SAFETY: a source; the loops it is in are alive while it is in them.
    unsafe {
        let sb = source(src);
        sb.valid.store(false, Ordering::SeqCst);
        base::retain(src);
        let loops: Vec<usize> = lock_list(&sb.loops).iter().map(|(r, _)| *r).collect();
        let mut seen = Vec::new();
        for r in loops {
            if !seen.contains(&r) {
                seen.push(r);
                detach_source(r as Ref, src, None);
            }
        }
        base::release(src);
    }
}

unsafe extern "C" fn source_is_valid(src: Ref) -> Boolean {
    // SAFETY: a source.
    unsafe { source(src) }.valid.load(Ordering::SeqCst) as Boolean
}

unsafe extern "C" fn source_get_order(src: Ref) -> CFIndex {
    // SAFETY: a source.
    unsafe { source(src) }.order
}

unsafe extern "C" fn source_get_context(src: Ref, out: *mut SourceContext) {
    if !out.is_null() {
        // SAFETY: a source; `out` writable.
        unsafe { *out = source(src).ctx };
    }
}

// --- timers --------------------------------------------------------------------------

/// `CFRunLoopTimerContext` (`CFRunLoop.h`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TimerContext {
    pub version: CFIndex,
    pub info: *mut c_void,
    pub retain: Option<unsafe extern "C" fn(*const c_void) -> *const c_void>,
    pub release: Option<unsafe extern "C" fn(*const c_void)>,
    pub copy_description: Option<unsafe extern "C" fn(*const c_void) -> Ref>,
}
const _: () = assert!(core::mem::size_of::<TimerContext>() == 40);

/// `CFRunLoopTimerCallBack`.
type TimerCallBack = unsafe extern "C" fn(Ref, *mut c_void);

pub struct TimerBody {
    /// Next fire date (CF absolute time), as f64 bits.
    fire: AtomicU64,
    interval: f64,
    order: CFIndex,
    callout: Option<TimerCallBack>,
    ctx: TimerContext,
    valid: AtomicBool,
    loops: Mutex<Vec<(usize, String)>>,
}

impl TimerBody {
    fn next_fire(&self) -> f64 {
        if self.valid.load(Ordering::SeqCst) {
            f64::from_bits(self.fire.load(Ordering::SeqCst))
        } else {
            f64::INFINITY
        }
    }
}

impl Drop for TimerBody {
    fn drop(&mut self) {
        if let Some(r) = self.ctx.release {
            // SAFETY: the program's release callback for its info.
            unsafe { r(self.ctx.info) }
        }
    }
}

pub static TIMER_CLASS: Class = Class {
    type_id: TYPE_ID_RUNLOOP_TIMER,
    name: "CFRunLoopTimer",
    finalize: base::drop_obj::<TimerBody>,
    equal: base::same,
    hash: base::addr_hash,
    describe: base::plain_describe,
    immortal: false,
};

unsafe fn timer<'a>(p: Ref) -> &'a TimerBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<TimerBody>(p, &TIMER_CLASS, "CFRunLoopTimer").body }
}

/// Runs a due timer's callout and reschedules or retires it.
unsafe fn fire(t: Ref, now: f64) {
    // SAFETY: a retained timer.
    unsafe {
        let tb = timer(t);
        let at = tb.next_fire();
        if tb.interval > 0.0 {
            // The next date after now on the timer's grid.
            let steps = ((now - at) / tb.interval).floor().max(0.0) + 1.0;
            tb.fire
                .store((at + steps * tb.interval).to_bits(), Ordering::SeqCst);
        }
        if let Some(f) = tb.callout {
            f(t, tb.ctx.info);
        }
        if tb.interval <= 0.0 && tb.next_fire() <= at {
            timer_invalidate(t);
        }
    }
}

unsafe extern "C" fn timer_get_type_id() -> CFTypeID {
    TYPE_ID_RUNLOOP_TIMER
}

unsafe extern "C" fn timer_create(
    _a: Ref,
    fire_date: f64,
    interval: f64,
    _flags: usize,
    order: CFIndex,
    callout: Option<TimerCallBack>,
    ctx: *const TimerContext,
) -> Ref {
    let mut ctx = if ctx.is_null() {
        TimerContext {
            version: 0,
            info: core::ptr::null_mut(),
            retain: None,
            release: None,
            copy_description: None,
        }
    } else {
        // SAFETY: the program's context.
        unsafe { *ctx }
    };
    if let Some(r) = ctx.retain {
        // SAFETY: the program's retain callback for its info.
        ctx.info = unsafe { r(ctx.info) } as *mut c_void;
    }
    alloc(
        &TIMER_CLASS,
        TimerBody {
            fire: AtomicU64::new(fire_date.to_bits()),
            interval: if interval > 0.0 { interval } else { 0.0 },
            order,
            callout,
            ctx,
            valid: AtomicBool::new(true),
            loops: Mutex::new(Vec::new()),
        },
    )
}

unsafe extern "C" fn add_timer(rl: Ref, t: Ref, mode: Ref) {
    // SAFETY: a run loop, a timer and a mode string.
    unsafe {
        let tb = timer(t);
        if !tb.valid.load(Ordering::SeqCst) {
            return;
        }
        let m = string::opt_string(mode).unwrap_or_else(|| DEFAULT.into());
        let b = body(rl, "CFRunLoopAddTimer");
        {
            let mut st = lock(b);
            if st.timers.iter().any(|(x, mm)| *x == t as usize && *mm == m) {
                return;
            }
            base::retain(t);
            st.timers.push((t as usize, m.clone()));
            b.cond.notify_all();
        }
        lock_list(&tb.loops).push((rl as usize, m));
    }
}

unsafe fn detach_timer(rl: Ref, t: Ref, mode: Option<&str>) {
    // SAFETY: a run loop and a timer.
    unsafe {
        let tb = timer(t);
        let b = body(rl, "CFRunLoopRemoveTimer");
        let removed: Vec<String> = {
            let mut st = lock(b);
            let (gone, kept): (Vec<_>, Vec<_>) = core::mem::take(&mut st.timers)
                .into_iter()
                .partition(|(x, m)| *x == t as usize && mode.is_none_or(|mm| mm == m));
            st.timers = kept;
            b.cond.notify_all();
            gone.into_iter().map(|(_, m)| m).collect()
        };
        lock_list(&tb.loops).retain(|(r, m)| !(*r == rl as usize && removed.contains(m)));
        for _ in removed {
            base::release(t);
        }
    }
}

unsafe extern "C" fn remove_timer(rl: Ref, t: Ref, mode: Ref) {
    // SAFETY: a run loop, a timer and a mode string.
    unsafe {
        let m = string::opt_string(mode).unwrap_or_else(|| DEFAULT.into());
        detach_timer(rl, t, Some(&m));
    }
}

unsafe extern "C" fn contains_timer(rl: Ref, t: Ref, mode: Ref) -> Boolean {
    // SAFETY: a run loop and a mode string.
    unsafe {
        let m = string::opt_string(mode).unwrap_or_else(|| DEFAULT.into());
        lock(body(rl, "CFRunLoopContainsTimer"))
            .timers
            .iter()
            .any(|(x, mm)| *x == t as usize && in_mode(mm, &m)) as Boolean
    }
}

unsafe extern "C" fn timer_invalidate(t: Ref) {
    // SAFETY: a timer; the loops it is in are alive while it is in them.
    unsafe {
        let tb = timer(t);
        tb.valid.store(false, Ordering::SeqCst);
        base::retain(t);
        let loops: Vec<usize> = lock_list(&tb.loops).iter().map(|(r, _)| *r).collect();
        let mut seen = Vec::new();
        for r in loops {
            if !seen.contains(&r) {
                seen.push(r);
                detach_timer(r as Ref, t, None);
            }
        }
        base::release(t);
    }
}

unsafe extern "C" fn timer_is_valid(t: Ref) -> Boolean {
    // SAFETY: a timer.
    unsafe { timer(t) }.valid.load(Ordering::SeqCst) as Boolean
}

unsafe extern "C" fn timer_get_next_fire_date(t: Ref) -> f64 {
    // SAFETY: a timer.
    f64::from_bits(unsafe { timer(t) }.fire.load(Ordering::SeqCst))
}

unsafe extern "C" fn timer_set_next_fire_date(t: Ref, date: f64) {
    // SAFETY: a timer; the loops it is in are alive while it is in them.
    unsafe {
        let tb = timer(t);
        tb.fire.store(date.to_bits(), Ordering::SeqCst);
        let loops: Vec<usize> = lock_list(&tb.loops).iter().map(|(r, _)| *r).collect();
        for r in loops {
            let b = body(r as Ref, "CFRunLoopTimerSetNextFireDate");
            let _g = lock(b);
            b.cond.notify_all();
        }
    }
}

unsafe extern "C" fn timer_get_interval(t: Ref) -> f64 {
    // SAFETY: a timer.
    unsafe { timer(t) }.interval
}

unsafe extern "C" fn timer_does_repeat(t: Ref) -> Boolean {
    // SAFETY: a timer.
    (unsafe { timer(t) }.interval > 0.0) as Boolean
}

unsafe extern "C" fn timer_get_order(t: Ref) -> CFIndex {
    // SAFETY: a timer.
    unsafe { timer(t) }.order
}

unsafe extern "C" fn get_next_timer_fire_date(rl: Ref, mode: Ref) -> f64 {
    // SAFETY: a run loop, its timers, a mode string.
    unsafe {
        let m = string::opt_string(mode).unwrap_or_else(|| DEFAULT.into());
        let st = lock(body(rl, "CFRunLoopGetNextTimerFireDate"));
        let next = st
            .timers
            .iter()
            .filter(|(_, mm)| in_mode(mm, &m))
            .map(|(t, _)| timer(*t as Ref).next_fire())
            .fold(f64::INFINITY, f64::min);
        if next.is_finite() {
            next
        } else {
            0.0
        }
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFRunLoopGetTypeID" => get_type_id,
    func "_CFRunLoopGetCurrent" => get_current,
    func "_CFRunLoopGetMain" => get_main,
    func "_CFRunLoopRun" => run,
    func "_CFRunLoopRunInMode" => run_in_mode_export,
    func "_CFRunLoopStop" => stop,
    func "_CFRunLoopPerformBlock" => perform_block,
    func "_CFRunLoopWakeUp" => wake_up,
    func "_CFRunLoopIsWaiting" => is_waiting,
    func "_CFRunLoopCopyCurrentMode" => copy_current_mode,
    func "_CFRunLoopSourceGetTypeID" => source_get_type_id,
    func "_CFRunLoopSourceCreate" => source_create,
    func "_CFRunLoopAddSource" => add_source_export,
    func "_CFRunLoopRemoveSource" => remove_source_export,
    func "_CFRunLoopContainsSource" => contains_source,
    func "_CFRunLoopSourceSignal" => source_signal,
    func "_CFRunLoopSourceInvalidate" => source_invalidate,
    func "_CFRunLoopSourceIsValid" => source_is_valid,
    func "_CFRunLoopSourceGetOrder" => source_get_order,
    func "_CFRunLoopSourceGetContext" => source_get_context,
    func "_CFRunLoopTimerGetTypeID" => timer_get_type_id,
    func "_CFRunLoopTimerCreate" => timer_create,
    func "_CFRunLoopAddTimer" => add_timer,
    func "_CFRunLoopRemoveTimer" => remove_timer,
    func "_CFRunLoopContainsTimer" => contains_timer,
    func "_CFRunLoopTimerInvalidate" => timer_invalidate,
    func "_CFRunLoopTimerIsValid" => timer_is_valid,
    func "_CFRunLoopTimerGetNextFireDate" => timer_get_next_fire_date,
    func "_CFRunLoopTimerSetNextFireDate" => timer_set_next_fire_date,
    func "_CFRunLoopTimerGetInterval" => timer_get_interval,
    func "_CFRunLoopTimerDoesRepeat" => timer_does_repeat,
    func "_CFRunLoopTimerGetOrder" => timer_get_order,
    func "_CFRunLoopGetNextTimerFireDate" => get_next_timer_fire_date,
    data "_kCFRunLoopDefaultMode" => K_DEFAULT_MODE,
    data "_kCFRunLoopCommonModes" => K_COMMON_MODES,
};
