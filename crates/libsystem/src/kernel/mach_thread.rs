//! Mach thread control (`<mach/thread_act.h>`, `<mach/task.h>`):
//! `thread_suspend`/`thread_resume`, `thread_get_state`/`thread_set_state`
//! and `task_threads`, as a stop-the-world garbage collector (bdw-gc) uses
//! them; plus `mach_error_string` (`<mach/mach_error.h>`).
//!
//! Every thread that runs darwin code registers its port name and Linux tid
//! here ([`register`]). Suspending another thread sends it a reserved
//! real-time signal with `rt_tgsigqueueinfo`; the handler publishes the
//! interrupted Linux `ucontext_t` and parks on a futex until the suspend
//! count drops back to 0. `thread_suspend` returns only once the target
//! has parked, as on macOS (xnu waits for the thread to stop). Registers
//! are read from and written into that saved context, so the thread
//! resumes with whatever `thread_set_state` wrote.
//!
//! The signal is one no darwin signal number maps to, so the program's
//! `sigprocmask`/`sigaction` masks never block it (they only touch the
//! Linux signals that carry darwin ones). The handler blocks every signal
//! while parked: a suspended thread runs no handlers, as on macOS.
//!
//! The handler is installed with `SA_RESTART`, and the waits Linux never
//! restarts (`nanosleep`, `poll`, `select`, `pselect`, `sigsuspend`,
//! `pause`, `kevent`) wait again for what is left unless a program handler
//! ran (`signal::wait_restarting`): a suspended thread resumes its wait as
//! on macOS. Only threads with a darwin thread record can be named.

use crate::kernel::signal::ThreadState;
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicI32, AtomicPtr, AtomicU32, Ordering};
use libc::{c_char, c_int, c_void};

// <mach/kern_return.h>
const KERN_SUCCESS: c_int = 0;
const KERN_INVALID_ARGUMENT: c_int = 4;
const KERN_FAILURE: c_int = 5;
const KERN_RESOURCE_SHORTAGE: c_int = 6;
const KERN_TERMINATED: c_int = 37;
// <mach/message.h>: what a MIG call on a name that is no port gets.
pub(crate) const MACH_SEND_INVALID_DEST: c_int = 0x1000_0003;

// <mach/i386/thread_status.h>
const X86_THREAD_STATE64: c_int = 4;
const X86_FLOAT_STATE64: c_int = 5;
const X86_THREAD_STATE: c_int = 7;
/// `x86_THREAD_STATE64_COUNT`: `sizeof(x86_thread_state64_t) / 4`.
const THREAD_STATE64_COUNT: u32 = 42;
/// `x86_THREAD_STATE_COUNT`: the `x86_state_hdr` plus the 64-bit state.
const THREAD_STATE_COUNT: u32 = 44;
/// `x86_FLOAT_STATE64_COUNT`: `sizeof(x86_float_state64_t) / 4`.
const FLOAT_STATE64_COUNT: u32 = 131;
const _: () = assert!(core::mem::size_of::<ThreadState>() == THREAD_STATE64_COUNT as usize * 4);

/// darwin `struct x86_thread_state` (`x86_THREAD_STATE`): a header
/// naming the flavor that follows.
#[repr(C)]
struct ThreadStateHdr {
    flavor: u32,
    count: u32,
    ts64: ThreadState,
}
const _: () = assert!(core::mem::size_of::<ThreadStateHdr>() == THREAD_STATE_COUNT as usize * 4);
const _: () = assert!(core::mem::offset_of!(ThreadStateHdr, ts64) == 8);

/// Where the 512-byte `fxsave` image sits in `x86_float_state64_t`
/// (after `int __fpu_reserved[2]`; `int __fpu_reserved1` follows it).
const FXSAVE_AT: usize = 8;
const FXSAVE_LEN: usize = 512;

/// darwin `x86_thread_state64_t` order → Linux `gregs` index.
const REGS: [c_int; 17] = [
    libc::REG_RAX,
    libc::REG_RBX,
    libc::REG_RCX,
    libc::REG_RDX,
    libc::REG_RDI,
    libc::REG_RSI,
    libc::REG_RBP,
    libc::REG_RSP,
    libc::REG_R8,
    libc::REG_R9,
    libc::REG_R10,
    libc::REG_R11,
    libc::REG_R12,
    libc::REG_R13,
    libc::REG_R14,
    libc::REG_R15,
    libc::REG_RIP,
];

// `Rec::state` values.
const RUNNING: u32 = 0;
/// A suspension was asked for; the signal is on its way.
const REQUESTED: u32 = 1;
/// The handler has published `ctx` and waits.
const PARKED: u32 = 2;

// What the handler is asked to do (low bits of the signal's value).
const MODE_PARK: usize = 0;
/// Copy the calling thread's own registers into `Rec::regs`.
const MODE_GET: usize = 1;
/// Load the calling thread's registers from `Rec::regs`.
const MODE_SET: usize = 2;

/// One registered thread. Lives from [`register`] until the thread ends;
/// only touched under [`REG`] by other threads.
struct Rec {
    next: *mut Rec,
    port: u32,
    tid: AtomicI32,
    /// darwin suspend count (changed under [`REG`] only).
    count: AtomicU32,
    /// Handshake word with the handler (`RUNNING`/`REQUESTED`/`PARKED`).
    state: AtomicU32,
    /// The parked thread's Linux context, valid while `state == PARKED`.
    ctx: AtomicPtr<libc::ucontext_t>,
    /// Registers for the calling thread's own get/set (used by it alone).
    regs: UnsafeCell<[u8; FLOAT_BUF]>,
}
const FLOAT_BUF: usize = 4 * FLOAT_STATE64_COUNT as usize;

/// The registry: a futex lock and an intrusive list, so that nothing is
/// allocated while it is held (a parked thread may hold the allocator's
/// lock).
struct Registry {
    lock: AtomicU32,
    head: UnsafeCell<*mut Rec>,
}
// SAFETY: `head` is only accessed with `lock` held.
unsafe impl Sync for Registry {}

static REG: Registry = Registry {
    lock: AtomicU32::new(0),
    head: UnsafeCell::new(core::ptr::null_mut()),
};

struct Guard;

impl Registry {
    /// 0 free, 1 held, 2 held with possible sleepers. Once a thread has
    /// had to wait it only ever takes the lock as 2: taking it as 1 could
    /// leave other sleepers that no unlock would wake.
    fn lock(&self) -> Guard {
        if self
            .lock
            .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.lock.swap(2, Ordering::Acquire) != 0 {
                crate::pthread::futex::wait(&self.lock, 2, None);
            }
        }
        Guard
    }
    /// # Safety
    /// The lock is held (a [`Guard`] is alive).
    unsafe fn head(&self) -> *mut *mut Rec {
        self.head.get()
    }
    fn find(&self, _g: &Guard, port: u32) -> Option<&'static Rec> {
        // SAFETY: the lock is held; records are live while listed.
        unsafe {
            let mut p = *self.head();
            while !p.is_null() {
                if (*p).port == port {
                    return Some(&*p);
                }
                p = (*p).next;
            }
        }
        None
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if REG.lock.swap(0, Ordering::Release) == 2 {
            crate::pthread::futex::wake(&REG.lock, 1);
        }
    }
}

/// Unlists the thread's record when it ends.
struct ExitHook(*mut Rec);

impl Drop for ExitHook {
    fn drop(&mut self) {
        let r = self.0;
        {
            let _g = REG.lock();
            // SAFETY: the lock is held; `r` is listed.
            unsafe {
                let mut pp = REG.head();
                while !(*pp).is_null() {
                    if *pp == r {
                        *pp = (*r).next;
                        break;
                    }
                    pp = &mut (**pp).next;
                }
            }
        }
        // SAFETY: unlisted, so no other thread can reach it any more.
        drop(unsafe { Box::from_raw(r) });
    }
}

thread_local! {
    static HOOK: core::cell::Cell<Option<ExitHook>> = const { core::cell::Cell::new(None) };
}

/// Registers the calling thread under its Mach port name; called once per
/// thread when its darwin record is made.
pub fn register(port: u32) {
    let r = Box::into_raw(Box::new(Rec {
        next: core::ptr::null_mut(),
        port,
        // SAFETY: gettid has no preconditions.
        tid: AtomicI32::new(unsafe { libc::gettid() }),
        count: AtomicU32::new(0),
        state: AtomicU32::new(RUNNING),
        ctx: AtomicPtr::new(core::ptr::null_mut()),
        regs: UnsafeCell::new([0; FLOAT_BUF]),
    }));
    static ATFORK: std::sync::Once = std::sync::Once::new();
    // SAFETY: registering a plain function with glibc's fork.
    ATFORK.call_once(|| unsafe {
        libc::pthread_atfork(None, None, Some(after_fork_child));
    });
    {
        let _g = REG.lock();
        // SAFETY: the lock is held; `r` is a fresh record.
        unsafe {
            (*r).next = *REG.head();
            *REG.head() = r;
        }
    }
    // When the thread-local is already gone (thread exiting), the record
    // stays listed: harmless, its tid is then dead.
    let _ = HOOK.try_with(|h| h.set(Some(ExitHook(r))));
}

/// In a forked child only the forking thread exists: forget the others
/// (their records leak; freeing could race a lock held at fork) and take
/// the lock back, whoever held it.
extern "C" fn after_fork_child() {
    REG.lock.store(0, Ordering::Relaxed);
    let me = crate::pthread::tsd::current();
    // SAFETY: single-threaded child; records are live or leaked.
    unsafe {
        let mut keep: *mut Rec = core::ptr::null_mut();
        let mut p = *REG.head();
        while !p.is_null() {
            if !me.is_null() && (*p).port == (*me).port {
                keep = p;
            }
            p = (*p).next;
        }
        if !keep.is_null() {
            (*keep).next = core::ptr::null_mut();
            (*keep).tid.store(libc::gettid(), Ordering::Relaxed);
            (*keep).count.store(0, Ordering::Relaxed);
            (*keep).state.store(RUNNING, Ordering::Relaxed);
        }
        *REG.head() = keep;
    }
}

/// The reserved Linux signal: a real-time one no darwin number maps to
/// (the cancellation signal is `SIGRTMIN + 3`).
fn suspend_signal() -> c_int {
    libc::SIGRTMIN() + 4
}

/// The handler. Async-signal-safe: atomics and raw futex calls only.
extern "C" fn on_signal(_sig: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void) {
    // SAFETY: the kernel's siginfo; our sender put the record's address
    // (tagged with the mode) in `si_value`, at byte 24 of the x86_64 layout.
    let v = unsafe { (info as *const u8).add(24).cast::<usize>().read_unaligned() };
    let (r, mode) = ((v & !7) as *const Rec, v & 7);
    if r.is_null() {
        return;
    }
    // SAFETY: the record outlives this handler: it is unlisted and freed
    // only by this very thread, after returning from here.
    let r = unsafe { &*r };
    let uc = ctx as *mut libc::ucontext_t;
    // SAFETY: errno is this thread's; saved around our futex calls.
    let errno = unsafe { *libc::__errno_location() };
    match mode {
        MODE_GET => {
            // SAFETY: `regs` belongs to this thread; `uc` is the kernel's.
            unsafe { save_regs(uc, X86_THREAD_STATE64, (*r.regs.get()).as_mut_ptr()) };
        }
        MODE_SET => {
            // SAFETY: as above.
            unsafe { load_regs(uc, X86_THREAD_STATE64, (*r.regs.get()).as_ptr()) };
        }
        _ => {
            r.ctx.store(uc, Ordering::Release);
            if r.state
                .compare_exchange(REQUESTED, PARKED, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                crate::pthread::futex::wake(&r.state, i32::MAX);
                while r.state.load(Ordering::Acquire) == PARKED {
                    crate::pthread::futex::wait(&r.state, PARKED, None);
                }
            }
        }
    }
    // SAFETY: restoring this thread's errno.
    unsafe { *libc::__errno_location() = errno };
}

fn install_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: a handler for a signal only we use; every signal is blocked
    // while it runs, so a parked thread takes none.
    ONCE.call_once(|| unsafe {
        let mut sa: libc::sigaction = core::mem::zeroed();
        sa.sa_sigaction = on_signal as *const () as usize;
        sa.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
        libc::sigfillset(&mut sa.sa_mask);
        libc::sigaction(suspend_signal(), &sa, core::ptr::null_mut());
    });
}

/// Sends the reserved signal carrying `r | mode` to `tid`: `KERN_SUCCESS`,
/// `KERN_TERMINATED` (no such thread) or `KERN_RESOURCE_SHORTAGE` (the
/// queue of pending real-time signals is full).
fn send(r: &Rec, tid: c_int, mode: usize) -> c_int {
    install_handler();
    // SAFETY: a zeroed siginfo filled at its x86_64 offsets; queueing a
    // signal to a thread of our own process.
    unsafe {
        let mut si: libc::siginfo_t = core::mem::zeroed();
        si.si_signo = suspend_signal();
        si.si_code = -1; // SI_QUEUE
        let raw = &mut si as *mut libc::siginfo_t as *mut u8;
        raw.add(16).cast::<c_int>().write_unaligned(libc::getpid());
        raw.add(20).cast::<u32>().write_unaligned(libc::getuid());
        raw.add(24)
            .cast::<usize>()
            .write_unaligned(r as *const Rec as usize | mode);
        let ret = libc::syscall(
            libc::SYS_rt_tgsigqueueinfo,
            libc::getpid(),
            tid,
            suspend_signal(),
            &si as *const libc::siginfo_t,
        );
        if ret == 0 {
            KERN_SUCCESS
        } else if *libc::__errno_location() == libc::ESRCH {
            KERN_TERMINATED
        } else {
            KERN_RESOURCE_SHORTAGE
        }
    }
}

fn is_self(r: &Rec) -> bool {
    // SAFETY: gettid has no preconditions.
    r.tid.load(Ordering::Relaxed) == unsafe { libc::gettid() }
}

/// Stops another thread (state `RUNNING` → `PARKED`); the lock is held,
/// so the thread cannot unregister meanwhile.
fn park(r: &Rec) -> c_int {
    let tid = r.tid.load(Ordering::Relaxed);
    r.state.store(REQUESTED, Ordering::Release);
    let rc = send(r, tid, MODE_PARK);
    if rc != KERN_SUCCESS {
        r.state.store(RUNNING, Ordering::Release);
        return rc;
    }
    wait_parked(r, tid)
}

/// Waits until a thread asked to stop has parked (lock held).
fn wait_parked(r: &Rec, tid: c_int) -> c_int {
    let tick = libc::timespec {
        tv_sec: 0,
        tv_nsec: 50_000_000,
    };
    while r.state.load(Ordering::Acquire) != PARKED {
        crate::pthread::futex::wait(&r.state, REQUESTED, Some(&tick));
        // A thread that ended without unregistering never parks.
        // SAFETY: probing a tid of our own process.
        let alive = unsafe { libc::syscall(libc::SYS_tgkill, libc::getpid(), tid, 0) } == 0;
        if !alive && r.state.load(Ordering::Acquire) != PARKED {
            r.state.store(RUNNING, Ordering::Release);
            return KERN_TERMINATED;
        }
    }
    KERN_SUCCESS
}

/// Lets a parked thread go.
fn unpark(r: &Rec) {
    r.state.store(RUNNING, Ordering::Release);
    crate::pthread::futex::wake(&r.state, i32::MAX);
}

/// `thread_suspend`: nested suspensions count. For another thread it
/// returns once the thread has stopped; the calling thread stops at once,
/// until another thread resumes it.
extern "C" fn thread_suspend(port: u32) -> c_int {
    let g = REG.lock();
    let Some(r) = REG.find(&g, port) else {
        return bad_port(port);
    };
    let n = r.count.load(Ordering::Relaxed);
    if n == u32::MAX {
        return KERN_FAILURE;
    }
    if n > 0 {
        r.count.store(n + 1, Ordering::Relaxed);
        // Already suspended, possibly by itself and not stopped yet: like
        // xnu, wait until it has.
        if !is_self(r) && r.state.load(Ordering::Acquire) == REQUESTED {
            return wait_parked(r, r.tid.load(Ordering::Relaxed));
        }
        return KERN_SUCCESS;
    }
    if is_self(r) {
        r.count.store(1, Ordering::Relaxed);
        r.state.store(REQUESTED, Ordering::Release);
        drop(g);
        // Handled before the send returns: parks until resumed (or returns
        // at once if a resume came first).
        let rc = send(r, r.tid.load(Ordering::Relaxed), MODE_PARK);
        if rc != KERN_SUCCESS {
            let _g = REG.lock();
            r.count.store(0, Ordering::Relaxed);
            r.state.store(RUNNING, Ordering::Release);
        }
        return rc;
    }
    let rc = park(r);
    if rc == KERN_SUCCESS {
        r.count.store(1, Ordering::Relaxed);
    }
    rc
}

/// `thread_resume`: `KERN_FAILURE` when the thread is not suspended.
extern "C" fn thread_resume(port: u32) -> c_int {
    let g = REG.lock();
    let Some(r) = REG.find(&g, port) else {
        return bad_port(port);
    };
    match r.count.load(Ordering::Relaxed) {
        0 => KERN_FAILURE,
        1 => {
            r.count.store(0, Ordering::Relaxed);
            unpark(r);
            KERN_SUCCESS
        }
        n => {
            r.count.store(n - 1, Ordering::Relaxed);
            KERN_SUCCESS
        }
    }
}

/// `thread_policy_set(thread, flavor, info, count)` (`<mach/thread_policy.h>`):
/// the flavor and its count are checked as xnu does, then the policy is
/// taken as a scheduling hint and not applied (Linux has no affinity tags
/// or darwin importance; a time-constraint thread is not made real-time).
extern "C" fn thread_policy_set(port: u32, flavor: c_int, info: *const c_int, count: u32) -> c_int {
    {
        let g = REG.lock();
        if REG.find(&g, port).is_none() {
            return bad_port(port);
        }
    }
    // STANDARD/EXTENDED 1, TIME_CONSTRAINT 2, PRECEDENCE 3, AFFINITY 4,
    // BACKGROUND 5, LATENCY_QOS 7, THROUGHPUT_QOS 8: their counts.
    let needed = match flavor {
        1 => 0,
        2 => 4,
        3 | 4 | 5 | 7 | 8 => 1,
        _ => return KERN_INVALID_ARGUMENT,
    };
    if count < needed || (needed > 0 && info.is_null()) {
        return KERN_INVALID_ARGUMENT;
    }
    if flavor == 2 {
        // SAFETY: four ints (checked above): period, computation,
        // constraint, preemptible. xnu refuses a constraint shorter than
        // the computation (its quantum bounds are not checked here).
        let (computation, constraint) = unsafe { (*info.add(1) as u32, *info.add(2) as u32) };
        if constraint < computation {
            return KERN_INVALID_ARGUMENT;
        }
    }
    KERN_SUCCESS
}

/// The answer for a name that is not a live thread's: the task port is a
/// port but no thread (xnu's conversion fails: `KERN_INVALID_ARGUMENT`);
/// anything else is no port of ours, which the MIG message send reports.
fn bad_port(port: u32) -> c_int {
    if port == crate::kernel::semaphore::MACH_TASK_SELF {
        KERN_INVALID_ARGUMENT
    } else {
        MACH_SEND_INVALID_DEST
    }
}

/// Copies registers from a Linux context into a darwin state buffer.
///
/// # Safety
/// `uc` is a live signal context; `out` holds the flavor's size.
unsafe fn save_regs(uc: *mut libc::ucontext_t, flavor: c_int, out: *mut u8) {
    // SAFETY: per the contract.
    unsafe {
        let g = &(*uc).uc_mcontext.gregs;
        if flavor == X86_FLOAT_STATE64 {
            core::ptr::write_bytes(out, 0, FLOAT_BUF);
            let fp = (*uc).uc_mcontext.fpregs as *const u8;
            if !fp.is_null() {
                core::ptr::copy_nonoverlapping(fp, out.add(FXSAVE_AT), FXSAVE_LEN);
            }
            return;
        }
        let mut s = ThreadState::default();
        let words = &mut s as *mut ThreadState as *mut u64;
        for (i, &r) in REGS.iter().enumerate() {
            *words.add(i) = g[r as usize] as u64;
        }
        s.rflags = g[libc::REG_EFL as usize] as u64;
        // Linux packs cs, gs, fs (and ss) into one word.
        let seg = g[libc::REG_CSGSFS as usize] as u64;
        s.cs = seg & 0xffff;
        s.gs = (seg >> 16) & 0xffff;
        s.fs = (seg >> 32) & 0xffff;
        (out as *mut ThreadState).write_unaligned(s);
    }
}

/// Writes a darwin state buffer into a Linux context (applied when the
/// thread returns from the handler). Segment registers are not settable.
///
/// # Safety
/// As [`save_regs`].
unsafe fn load_regs(uc: *mut libc::ucontext_t, flavor: c_int, src: *const u8) {
    // SAFETY: per the contract.
    unsafe {
        if flavor == X86_FLOAT_STATE64 {
            let fp = (*uc).uc_mcontext.fpregs as *mut u8;
            if !fp.is_null() {
                core::ptr::copy_nonoverlapping(src.add(FXSAVE_AT), fp, FXSAVE_LEN);
            }
            return;
        }
        let s = (src as *const ThreadState).read_unaligned();
        let g = &mut (*uc).uc_mcontext.gregs;
        let words = &s as *const ThreadState as *const u64;
        for (i, &r) in REGS.iter().enumerate() {
            g[r as usize] = *words.add(i) as i64;
        }
        g[libc::REG_EFL as usize] = s.rflags as i64;
    }
}

/// The darwin flavor a request resolves to, with the caller's count
/// (in 4-byte units) it needs: `(inner flavor, count, header?)`.
fn flavor_size(flavor: c_int) -> Option<(c_int, u32, bool)> {
    match flavor {
        X86_THREAD_STATE64 => Some((X86_THREAD_STATE64, THREAD_STATE64_COUNT, false)),
        X86_THREAD_STATE => Some((X86_THREAD_STATE64, THREAD_STATE_COUNT, true)),
        X86_FLOAT_STATE64 => Some((X86_FLOAT_STATE64, FLOAT_STATE64_COUNT, false)),
        _ => None,
    }
}

/// Runs `f` on the thread's stopped context: a suspended thread's saved
/// one, or (as xnu does for a running thread) after stopping it for the
/// duration. The calling thread's own registers are those at this call.
fn with_context(port: u32, f: impl FnOnce(*mut libc::ucontext_t) -> c_int) -> c_int {
    let g = REG.lock();
    let Some(r) = REG.find(&g, port) else {
        return bad_port(port);
    };
    if is_self(r) {
        drop(g);
        return f(core::ptr::null_mut());
    }
    let temp = r.count.load(Ordering::Relaxed) == 0;
    if temp {
        let rc = park(r);
        if rc != KERN_SUCCESS {
            return rc;
        }
    }
    let rc = f(r.ctx.load(Ordering::Acquire));
    if temp {
        unpark(r);
    }
    rc
}

/// Own registers: the handler copies them into (or loads them from) the
/// record's buffer, since a context exists only inside a signal handler.
fn self_regs(port: u32, mode: usize, f: impl FnOnce(*mut u8)) -> bool {
    let rec = {
        let g = REG.lock();
        REG.find(&g, port).map(|r| r as *const Rec)
    };
    let Some(r) = rec else { return false };
    // SAFETY: our own record, alive while we run.
    let r = unsafe { &*r };
    // SAFETY: the buffer is this thread's alone.
    let buf = unsafe { (*r.regs.get()).as_mut_ptr() };
    let tid = r.tid.load(Ordering::Relaxed);
    if mode == MODE_SET {
        f(buf);
        send(r, tid, mode) == KERN_SUCCESS
    } else {
        let ok = send(r, tid, mode) == KERN_SUCCESS;
        if ok {
            f(buf);
        }
        ok
    }
}

/// `thread_get_state(thread, flavor, state, &count)`: `x86_THREAD_STATE64`,
/// `x86_THREAD_STATE` and `x86_FLOAT_STATE64`; `*count` is the buffer's
/// size in `natural_t`s on entry, the state's on return.
unsafe extern "C" fn thread_get_state(
    port: u32,
    flavor: c_int,
    state: *mut u32,
    count: *mut u32,
) -> c_int {
    let Some((inner, need, hdr)) = flavor_size(flavor) else {
        return KERN_INVALID_ARGUMENT;
    };
    // SAFETY: `count` is the caller's in/out count.
    if state.is_null() || count.is_null() || unsafe { *count } < need {
        return KERN_INVALID_ARGUMENT;
    }
    let out = if hdr {
        // SAFETY: the buffer holds `need` words.
        unsafe {
            *state = X86_THREAD_STATE64 as u32;
            *state.add(1) = THREAD_STATE64_COUNT;
            state.add(2) as *mut u8
        }
    } else {
        state as *mut u8
    };
    let mut own = false;
    let mut rc = with_context(port, |uc| {
        if uc.is_null() {
            own = true;
            return KERN_SUCCESS;
        }
        // SAFETY: `uc` is the stopped thread's context; `out` is big enough.
        unsafe { save_regs(uc, inner, out) };
        KERN_SUCCESS
    });
    if rc == KERN_SUCCESS && own {
        if inner == X86_FLOAT_STATE64 {
            // SAFETY: reading this thread's FPU state into the buffer.
            unsafe { own_float_state(out) };
        } else if !self_regs(port, MODE_GET, |b| {
            // SAFETY: both hold a thread state.
            unsafe { core::ptr::copy_nonoverlapping(b, out, core::mem::size_of::<ThreadState>()) }
        }) {
            rc = KERN_RESOURCE_SHORTAGE;
        }
    }
    if rc == KERN_SUCCESS {
        // SAFETY: as above.
        unsafe { *count = need };
    }
    rc
}

/// The calling thread's FPU/SSE state, by `fxsave`.
///
/// # Safety
/// `out` holds `FLOAT_BUF` bytes.
unsafe fn own_float_state(out: *mut u8) {
    #[repr(C, align(16))]
    struct Area([u8; FXSAVE_LEN]);
    let mut a = Area([0; FXSAVE_LEN]);
    // SAFETY: `a` is a 16-byte aligned 512-byte area; `out` per contract.
    unsafe {
        core::arch::asm!("fxsave64 [{}]", in(reg) a.0.as_mut_ptr(), options(nostack));
        core::ptr::write_bytes(out, 0, FLOAT_BUF);
        core::ptr::copy_nonoverlapping(a.0.as_ptr(), out.add(FXSAVE_AT), FXSAVE_LEN);
    }
}

/// `thread_set_state(thread, flavor, state, count)`: the thread continues
/// with these registers when resumed (the calling thread: when this call
/// returns, i.e. at the new `rip`). `count` must be the flavor's.
unsafe extern "C" fn thread_set_state(
    port: u32,
    flavor: c_int,
    state: *const u32,
    count: u32,
) -> c_int {
    let Some((inner, need, hdr)) = flavor_size(flavor) else {
        return KERN_INVALID_ARGUMENT;
    };
    if state.is_null() || count != need {
        return KERN_INVALID_ARGUMENT;
    }
    let src = if hdr {
        // SAFETY: the buffer holds `need` words.
        unsafe {
            if *state != X86_THREAD_STATE64 as u32 || *state.add(1) != THREAD_STATE64_COUNT {
                return KERN_INVALID_ARGUMENT;
            }
            state.add(2) as *const u8
        }
    } else {
        state as *const u8
    };
    let mut own = false;
    let mut rc = with_context(port, |uc| {
        if uc.is_null() {
            own = true;
            return KERN_SUCCESS;
        }
        // SAFETY: `uc` is the stopped thread's context.
        unsafe { load_regs(uc, inner, src) };
        KERN_SUCCESS
    });
    if rc == KERN_SUCCESS && own {
        if inner == X86_FLOAT_STATE64 {
            // SAFETY: loading a 512-byte fxsave image from the caller's buffer.
            unsafe {
                #[repr(C, align(16))]
                struct Area([u8; FXSAVE_LEN]);
                let mut a = Area([0; FXSAVE_LEN]);
                core::ptr::copy_nonoverlapping(src.add(FXSAVE_AT), a.0.as_mut_ptr(), FXSAVE_LEN);
                core::arch::asm!("fxrstor64 [{}]", in(reg) a.0.as_ptr(), options(nostack));
            }
        } else if !self_regs(port, MODE_SET, |b| {
            // SAFETY: both hold a thread state.
            unsafe { core::ptr::copy_nonoverlapping(src, b, core::mem::size_of::<ThreadState>()) }
        }) {
            rc = KERN_RESOURCE_SHORTAGE;
        }
    }
    rc
}

/// `task_threads(task, &list, &count)`: the port names of every thread
/// running darwin code, in memory the caller frees with `vm_deallocate`.
unsafe extern "C" fn task_threads(task: u32, list: *mut *mut u32, count: *mut u32) -> c_int {
    if task != crate::kernel::semaphore::MACH_TASK_SELF || list.is_null() || count.is_null() {
        return KERN_INVALID_ARGUMENT;
    }
    let g = REG.lock();
    let mut n = 0usize;
    // SAFETY: the lock is held.
    unsafe {
        let mut p = *REG.head();
        while !p.is_null() {
            n += 1;
            p = (*p).next;
        }
    }
    let bytes = (n.max(1) * 4).next_multiple_of(4096);
    // SAFETY: a fresh anonymous mapping (no allocator lock involved).
    let m = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            bytes,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if m == libc::MAP_FAILED {
        return KERN_RESOURCE_SHORTAGE;
    }
    let out = m as *mut u32;
    // SAFETY: the lock is held; the mapping holds `n` names. Oldest first.
    unsafe {
        let mut p = *REG.head();
        let mut i = n;
        while !p.is_null() {
            i -= 1;
            *out.add(i) = (*p).port;
            p = (*p).next;
        }
        *list = out;
        *count = n as u32;
    }
    drop(g);
    KERN_SUCCESS
}

// ---- mach_error_string ------------------------------------------------------

/// `(os/kern)` texts, `KERN_SUCCESS` .. `KERN_NOT_FOUND` (xnu
/// `libsyscall/mach/err_kern.sub`).
const KERN_TEXTS: [&str; 57] = [
    "successful",
    "invalid address",
    "protection failure",
    "no space available",
    "invalid argument",
    "failure",
    "resource shortage",
    "not receiver",
    "no access",
    "memory failure",
    "memory error",
    "already in set",
    "not in set",
    "name exists",
    "aborted",
    "invalid name",
    "invalid task",
    "invalid right",
    "invalid value",
    "urefs overflow",
    "invalid capability",
    "right exists",
    "invalid host",
    "memory present",
    "memory data moved",
    "memory restart copy",
    "invalid processor set",
    "policy limit",
    "invalid policy",
    "invalid object",
    "already waiting",
    "default set",
    "exception protected",
    "invalid ledger",
    "invalid memory control",
    "invalid security",
    "not depressed",
    "object terminated",
    "lock set destroyed",
    "lock unstable",
    "lock owned by another",
    "lock owned by self",
    "semaphore destroyed",
    "RPC terminated",
    "terminate orphan",
    "let orphan continue",
    "service not supported",
    "remote node down",
    "thread not waiting",
    "operation timed out",
    "code signing error",
    "policy is static",
    "insufficient input buffer size",
    "denied by security policy",
    "missing kernel collection",
    "invalid kernel collection",
    "result not found",
];

/// `(ipc/send)`, `(ipc/rcv)`, `(ipc/mig)` texts of the Mach IPC system
/// (`err_mach_ipc.sub`): `MACH_SEND_*`, `MACH_RCV_*`, `MIG_*`.
const MACH_SEND_TEXTS: [&str; 22] = [
    "no error",
    "send in progress",
    "invalid data",
    "invalid destination port",
    "timed out",
    "will notify",
    "notify in progress",
    "interrupted",
    "msg too small",
    "invalid reply port",
    "invalid port right",
    "invalid notify port",
    "invalid memory",
    "no msg buffer",
    "no notify possible",
    "invalid msg-type",
    "invalid msg-header",
    "invalid msg-trailer",
    "DIPC transport failure",
    "DIPC port migrated",
    "DIPC resend failed",
    "out-of-line buffer too large",
];
const MACH_RCV_TEXTS: [&str; 17] = [
    "no error",
    "receive in progress",
    "invalid name",
    "timed out",
    "msg too large",
    "interrupted",
    "port changed",
    "invalid notify port",
    "invalid data",
    "port died",
    "port in set",
    "header error",
    "body error",
    "invalid scatter list entry",
    "overwrite region too small",
    "invalid msg-trailer",
    "DIPC transport error",
];
const MACH_MIG_TEXTS: [&str; 10] = [
    "client type check failure",
    "wrong reply message ID",
    "server detected error",
    "bad request message ID",
    "server type check failure",
    "no reply should be sent",
    "server raised exception",
    "array not large enough",
    "server died",
    "unknown trailer format",
];
/// The old IPC system's texts (`err_ipc.sub`), reached by the old negative
/// codes (-100.., -200.., -300..).
const IPC_SEND_TEXTS: [&str; 12] = [
    "unknown error",
    "invalid memory",
    "invalid port",
    "timed out",
    "unused error",
    "will notify",
    "notify in progress",
    "kernel refused message",
    "send interrupted",
    "send message too large",
    "send message too small",
    "message size changed while being copied",
];
const IPC_RCV_TEXTS: [&str; 9] = [
    "unknown error",
    "invalid memory",
    "invalid port",
    "receive timed out",
    "message too large",
    "no space for message data",
    "only sender remaining",
    "receive interrupted",
    "port receiver changed or port became enabled",
];
const IPC_MIG_TEXTS: [&str; 8] = [
    "type check failure in message interface",
    "wrong return message ID",
    "server detected error",
    "bad message ID",
    "server found wrong arguments",
    "no reply should be sent",
    "server raised exception",
    "user specified array not large enough for return info",
];
/// `(os/unix)` texts, by errno (`err_kern.sub`; entry 0 has none).
const UNIX_TEXTS: [&str; 70] = [
    "",
    "no rights to object",
    "file or directory does not exist",
    "no such process",
    "interrupted system call",
    "i/o error",
    "device does not exist",
    "argument list is too long",
    "invalid executable object format",
    "bad file descriptor number",
    "no child processes are present",
    "no more processes are available",
    "insufficient memory",
    "access denied",
    "memory access fault",
    "block device required for operation",
    "mount device busy",
    "file already exists",
    "cross device link",
    "device does not exist",
    "object is not a directory",
    "object is a directory",
    "invalid argument",
    "internal file table overflow",
    "maximum number of open files reached",
    "object is not a tty-like device",
    "executable object is in use",
    "file is too large",
    "no space is left on device",
    "illegal seek attempt",
    "read-only file system",
    "too many links",
    "broken pipe",
    "argument is too large",
    "result is out of range",
    "operation on device would block",
    "operation is now in progress",
    "operation is already in progress",
    "socket operation attempted on non-socket object",
    "destination address is required",
    "message is too long",
    "protocol type is incorrect for socket",
    "protocol type is not availaible",
    "protocol type is not supported",
    "socket type is not supported",
    "operation is not supported on sockets",
    "protocol family is not supported",
    "address family is not supported by protocol family",
    "address is already in use",
    "can't assign requested address",
    "network is down",
    "network is unreachable",
    "network dropped connection on reset",
    "software aborted connection",
    "connection reset by peer",
    "no buffer space is available",
    "socket is already connected",
    "socket is not connected",
    "can't send after socket shutdown",
    "too many references; can't splice",
    "connection timed out",
    "connection was refused",
    "too many levels of symbolic links",
    "file name exceeds system maximum limit",
    "host is down",
    "there is no route to host",
    "directory is not empty",
    "quota on number of processes exceeded",
    "quota on number of users exceeded",
    "quota on available disk space exceeded",
];

/// The text for `err`, as libsystem_kernel's error tables give it
/// (`<mach/error.h>`: system in bits 26-31, subsystem 14-25, code 0-13).
/// Returns `None` where darwin returns NULL (systems without a table).
fn error_text(err: c_int) -> Option<String> {
    const NO_SUCH: &str = "unknown error code";
    // Old codes map into the IPC (3) and server (2) systems.
    let e = match err {
        -199..=-100 => (3 << 26) | -(err + 100),
        -299..=-200 => (3 << 26) | (1 << 14) | -(err + 200),
        -399..=-300 => (4 << 26) | (2 << 14) | -(err + 300),
        1000..=1099 => (2 << 26) | (err - 1000),
        1600..=1699 => (2 << 26) | (1 << 14) | (err - 1600),
        27600..=27699 => (2 << 26) | (2 << 14) | (err - 27600),
        _ => err,
    } as u32;
    let (system, sub, code) = (e >> 26, (e >> 14) & 0xfff, (e & 0x3fff) as usize);
    let pick = |prefix: &str, table: &[&str]| match table.get(code) {
        Some(t) if !t.is_empty() => format!("{prefix} {t}"),
        _ => NO_SUCH.to_string(),
    };
    Some(match (system, sub) {
        (0, 0) => pick("(os/kern)", &KERN_TEXTS),
        (0, 1) | (0, 2) => NO_SUCH.to_string(),
        (0, 3) => pick("(os/unix)", &UNIX_TEXTS),
        (0, _) => "(operating system/?) unknown subsystem error".to_string(),
        (3, 0) => pick("(ipc/send)", &IPC_SEND_TEXTS),
        (3, 1) => pick("(ipc/rcv)", &IPC_RCV_TEXTS),
        (3, 2) => pick("(ipc/mig)", &IPC_MIG_TEXTS),
        (3, _) | (4, 3..) => "(ipc/?) unknown subsystem error".to_string(),
        (4, 0) => pick("(ipc/send)", &MACH_SEND_TEXTS),
        (4, 1) => pick("(ipc/rcv)", &MACH_RCV_TEXTS),
        (4, 2) => pick("(ipc/mig)", &MACH_MIG_TEXTS),
        // The user-space, server, libkern and IOKit tables are not carried:
        // their "unknown subsystem" texts stand in.
        (1, _) => "(user space/?) unknown subsystem error".to_string(),
        (2, _) => "(server/?) unknown subsystem error".to_string(),
        (0x37, _) => "(libkern/?) unknown subsystem error".to_string(),
        (0x38, _) => "(iokit/?) unknown subsystem error".to_string(),
        _ => return None,
    })
}

/// `mach_error_string`: a static string per code (interned once).
extern "C" fn mach_error_string(err: c_int) -> *const c_char {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static SEEN: Mutex<Option<HashMap<c_int, &'static std::ffi::CStr>>> = Mutex::new(None);
    let Some(text) = error_text(err) else {
        return core::ptr::null();
    };
    let mut m = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let m = m.get_or_insert_with(HashMap::new);
    m.entry(err)
        .or_insert_with(|| {
            Box::leak(
                std::ffi::CString::new(text)
                    .unwrap_or_default()
                    .into_boxed_c_str(),
            )
        })
        .as_ptr()
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_thread_suspend" => thread_suspend,
    func "_thread_resume" => thread_resume,
    func "_thread_get_state" => thread_get_state,
    func "_thread_set_state" => thread_set_state,
    func "_task_threads" => task_threads,
    func "_thread_policy_set" => thread_policy_set,
    func "_mach_error_string" => mach_error_string,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_texts() {
        assert_eq!(error_text(0).unwrap(), "(os/kern) successful");
        assert_eq!(error_text(4).unwrap(), "(os/kern) invalid argument");
        assert_eq!(error_text(56).unwrap(), "(os/kern) result not found");
        assert_eq!(error_text(57).unwrap(), "unknown error code");
        assert_eq!(
            error_text(0x1000_0003).unwrap(),
            "(ipc/send) invalid destination port"
        );
        assert_eq!(
            error_text(-303).unwrap(),
            "(ipc/mig) bad request message ID"
        );
        assert!(error_text(0x05 << 26).is_none());
    }
}
