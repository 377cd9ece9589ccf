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

use super::base::{self, alloc, expect, Boolean, CFTypeID, Class, Ref, TYPE_ID_RUNLOOP};
use super::string;
use crate::cf_const_string;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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

#[derive(Default)]
struct State {
    tasks: VecDeque<Task>,
    /// (source id, mode name) registrations.
    sources: Vec<(u64, String)>,
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

pub static RUNLOOP_CLASS: Class = Class {
    type_id: TYPE_ID_RUNLOOP,
    name: "CFRunLoop",
    finalize: base::drop_obj::<RunLoopBody>,
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

/// `CFRunLoopRunInMode`.
///
/// # Safety
/// `rl` is the calling thread's run loop.
pub unsafe fn run_in_mode(rl: Ref, mode: &str, seconds: f64, return_after_source: bool) -> i32 {
    // SAFETY: per the contract; the body outlives this call (retained).
    let b = unsafe { body(rl, "CFRunLoopRunInMode") };
    // SAFETY: keep the loop alive while it runs.
    unsafe { base::retain(rl) };
    let deadline = if seconds.is_finite() && seconds < 1e9 {
        Some(Instant::now() + Duration::from_secs_f64(seconds.max(0.0)))
    } else {
        None
    };
    let mut st = lock(b);
    st.modes.push(mode.to_string());
    st.stop = false;
    let result = loop {
        if st.stop {
            st.stop = false;
            break RUN_STOPPED;
        }
        let runnable = st.tasks.iter().position(|t| {
            st.sources
                .iter()
                .any(|(i, m)| *i == t.source && in_mode(m, mode))
        });
        if let Some(i) = runnable {
            let task = st.tasks.remove(i).map(|t| t.run);
            drop(st);
            if let Some(run) = task {
                run();
            }
            st = lock(b);
            if return_after_source {
                break RUN_HANDLED_SOURCE;
            }
            continue;
        }
        if !st.sources.iter().any(|(_, m)| in_mode(m, mode)) {
            break RUN_FINISHED;
        }
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            break RUN_TIMED_OUT;
        }
        b.waiting.store(true, Ordering::SeqCst);
        st = match deadline {
            Some(d) => b
                .cond
                .wait_timeout(st, d - now)
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0),
            None => b.cond.wait(st).unwrap_or_else(|e| e.into_inner()),
        };
        b.waiting.store(false, Ordering::SeqCst);
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
    // SAFETY: a run loop. A woken loop looks for work again and sleeps on if there is none.
    unsafe { body(rl, "CFRunLoopWakeUp") }.cond.notify_all();
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

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFRunLoopGetTypeID" => get_type_id,
    func "_CFRunLoopGetCurrent" => get_current,
    func "_CFRunLoopGetMain" => get_main,
    func "_CFRunLoopRun" => run,
    func "_CFRunLoopRunInMode" => run_in_mode_export,
    func "_CFRunLoopStop" => stop,
    func "_CFRunLoopWakeUp" => wake_up,
    func "_CFRunLoopIsWaiting" => is_waiting,
    func "_CFRunLoopCopyCurrentMode" => copy_current_mode,
    data "_kCFRunLoopDefaultMode" => K_DEFAULT_MODE,
    data "_kCFRunLoopCommonModes" => K_COMMON_MODES,
};
