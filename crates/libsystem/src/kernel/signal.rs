//! Signals: darwin numbers, `sigset_t` (a 32-bit mask), `struct sigaction`
//! and `SA_*` flags (`<sys/signal.h>`), translated to Linux. Handlers run
//! behind one Linux handler that hands them a darwin `siginfo_t` (darwin
//! `si_code` values) and a darwin `ucontext_t` whose `mcontext` carries the
//! registers (`__ss`) and the FPU/SSE state (`__fs`); whatever the handler
//! changes there (registers, `rip`, the mask to restore) is written back
//! before the kernel resumes the thread.
//!
//! darwin's `SIGINFO` travels as Linux `SIGPWR`; its default action is to
//! be ignored, as on darwin ([`init`]). `SIGEMT` has no Linux signal: its
//! action is recorded and reported back, but it cannot be sent.

use crate::errno::{check, darwin};
use core::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use libc::{c_char, c_int, c_void};

/// Darwin signal number (1..=31) → Linux signal number.
const TO_LINUX: [c_int; 32] = [
    0,
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGILL,
    libc::SIGTRAP,
    libc::SIGABRT,
    0, // SIGEMT: Linux has none
    libc::SIGFPE,
    libc::SIGKILL,
    libc::SIGBUS,
    libc::SIGSEGV,
    libc::SIGSYS,
    libc::SIGPIPE,
    libc::SIGALRM,
    libc::SIGTERM,
    libc::SIGURG,
    libc::SIGSTOP,
    libc::SIGTSTP,
    libc::SIGCONT,
    libc::SIGCHLD,
    libc::SIGTTIN,
    libc::SIGTTOU,
    libc::SIGIO,
    libc::SIGXCPU,
    libc::SIGXFSZ,
    libc::SIGVTALRM,
    libc::SIGPROF,
    libc::SIGWINCH,
    libc::SIGPWR, // SIGINFO: carried on a signal Linux programs rarely use
    libc::SIGUSR1,
    libc::SIGUSR2,
];

/// Darwin → Linux signal number (0 when Linux has no such signal).
pub fn to_linux(sig: c_int) -> c_int {
    TO_LINUX.get(sig as usize).copied().unwrap_or(0)
}

/// Linux → darwin signal number (0 when darwin has no such signal).
pub fn to_darwin(sig: c_int) -> c_int {
    if sig == 0 {
        return 0;
    }
    TO_LINUX
        .iter()
        .position(|&l| l == sig)
        .map_or(0, |d| d as c_int)
}

/// Darwin `sigset_t` → Linux set.
fn set_to_linux(s: u32) -> libc::sigset_t {
    // SAFETY: sigemptyset initialises the set.
    let mut out: libc::sigset_t = unsafe { core::mem::zeroed() };
    // SAFETY: `out` is a valid sigset_t.
    unsafe { libc::sigemptyset(&mut out) };
    for d in 1..32 {
        if s & (1 << (d - 1)) != 0 {
            let l = to_linux(d);
            if l != 0 {
                // SAFETY: `out` is valid, `l` a valid signal.
                unsafe { libc::sigaddset(&mut out, l) };
            }
        }
    }
    out
}

/// Linux set → darwin `sigset_t`.
fn set_to_darwin(s: &libc::sigset_t) -> u32 {
    let mut out = 0u32;
    for d in 1..32 {
        let l = to_linux(d);
        // SAFETY: `s` is a valid sigset_t.
        if l != 0 && unsafe { libc::sigismember(s, l) } == 1 {
            out |= 1 << (d - 1);
        }
    }
    out
}

/// darwin user-side `struct sigaction`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SigAction {
    pub handler: usize,
    pub mask: u32,
    pub flags: c_int,
}
const _: () = assert!(core::mem::size_of::<SigAction>() == 16);
const _: () = assert!(core::mem::offset_of!(SigAction, flags) == 12);

const SA_ONSTACK: c_int = 0x1;
const SA_RESTART: c_int = 0x2;
const SA_RESETHAND: c_int = 0x4;
const SA_NOCLDSTOP: c_int = 0x8;
const SA_NODEFER: c_int = 0x10;
const SA_NOCLDWAIT: c_int = 0x20;
const SA_SIGINFO: c_int = 0x40;

const FLAG_MAP: [(c_int, c_int); 7] = [
    (SA_ONSTACK, libc::SA_ONSTACK),
    (SA_RESTART, libc::SA_RESTART),
    (SA_RESETHAND, libc::SA_RESETHAND),
    (SA_NOCLDSTOP, libc::SA_NOCLDSTOP),
    (SA_NODEFER, libc::SA_NODEFER),
    (SA_NOCLDWAIT, libc::SA_NOCLDWAIT),
    (SA_SIGINFO, libc::SA_SIGINFO),
];

/// darwin signal numbers used by name below (`<sys/signal.h>`).
const SIGKILL: c_int = 9;
const SIGSTOP: c_int = 17;
const SIGINFO: c_int = 29;
const SIG_IGN: usize = 1;
/// darwin `SIG_HOLD` (`<sys/signal.h>`).
const SIG_HOLD: usize = 5;
const SIG_ERR: usize = usize::MAX;
/// darwin `how` values for `sigprocmask`.
const SIG_BLOCK: c_int = 1;
const SIG_UNBLOCK: c_int = 2;
const SIG_SETMASK: c_int = 3;

/// The program's handler and flags per darwin signal.
static HANDLERS: [AtomicUsize; 32] = [const { AtomicUsize::new(0) }; 32];
static FLAGS: [AtomicUsize; 32] = [const { AtomicUsize::new(0) }; 32];
static MASKS: [AtomicUsize; 32] = [const { AtomicUsize::new(0) }; 32];
/// Signals `siginterrupt` made interrupting (darwin bit layout).
static INTERRUPTING: AtomicU32 = AtomicU32::new(0);

/// darwin `siginfo_t` (104 bytes).
#[repr(C)]
pub struct SigInfo {
    pub signo: c_int,
    pub errno: c_int,
    pub code: c_int,
    pub pid: c_int,
    pub uid: u32,
    pub status: c_int,
    pub addr: usize,
    pub value: usize,
    pub band: libc::c_long,
    pub pad: [libc::c_ulong; 7],
}
const _: () = assert!(core::mem::size_of::<SigInfo>() == 104);
const _: () = assert!(core::mem::offset_of!(SigInfo, addr) == 24);
const _: () = assert!(core::mem::offset_of!(SigInfo, band) == 40);

/// darwin `x86_thread_state64` (`__ss` of the machine context).
#[repr(C)]
#[derive(Default)]
pub struct ThreadState {
    pub rax: u64,
    pub rbx: u64,
    pub rcx: u64,
    pub rdx: u64,
    pub rdi: u64,
    pub rsi: u64,
    pub rbp: u64,
    pub rsp: u64,
    pub r8: u64,
    pub r9: u64,
    pub r10: u64,
    pub r11: u64,
    pub r12: u64,
    pub r13: u64,
    pub r14: u64,
    pub r15: u64,
    pub rip: u64,
    pub rflags: u64,
    pub cs: u64,
    pub fs: u64,
    pub gs: u64,
}
const _: () = assert!(core::mem::size_of::<ThreadState>() == 168);
const _: () = assert!(core::mem::offset_of!(ThreadState, rip) == 128);

/// Offset of the `fxsave` image inside darwin's `x86_float_state64`: it
/// starts with `int __fpu_reserved[2]`, then the 512-byte `fxsave` layout
/// (`__fpu_fcw` ... `__fpu_rsrv4`), then `int __fpu_reserved1`.
const FXSAVE_AT: usize = 8;
const FXSAVE_LEN: usize = 512;

/// darwin `struct __darwin_mcontext64`: exception state, registers, FP state.
#[repr(C)]
pub struct MContext {
    pub trapno: u16,
    pub cpu: u16,
    pub err: u32,
    pub faultvaddr: u64,
    pub ss: ThreadState,
    pub fs: [u8; 524],
}
const _: () = assert!(core::mem::offset_of!(MContext, ss) == 16);
const _: () = assert!(core::mem::offset_of!(MContext, fs) == 184);
const _: () = assert!(core::mem::size_of::<MContext>() == 712);

/// darwin `ucontext_t`.
#[repr(C)]
pub struct UContext {
    pub onstack: c_int,
    pub sigmask: u32,
    pub stack: StackT,
    pub link: usize,
    pub mcsize: usize,
    pub mcontext: *mut MContext,
    /// darwin places the mcontext right after the ucontext.
    pub mc: MContext,
}
const _: () = assert!(core::mem::offset_of!(UContext, stack) == 8);
const _: () = assert!(core::mem::offset_of!(UContext, link) == 32);
const _: () = assert!(core::mem::offset_of!(UContext, mcontext) == 48);
const _: () = assert!(core::mem::offset_of!(UContext, mc) == 56);

// Linux `si_code` values (<asm-generic/siginfo.h>).
const L_SI_USER: c_int = 0;
const L_SI_KERNEL: c_int = 0x80;
const L_SI_QUEUE: c_int = -1;
const L_SI_TIMER: c_int = -2;
const L_SI_MESGQ: c_int = -3;
const L_SI_ASYNCIO: c_int = -4;
const L_SI_TKILL: c_int = -6;

/// darwin codes for Linux `ILL_*` 1..=8 (`ILL_ILLOPC`, `ILLOPN`, `ILLADR`,
/// `ILLTRP`, `PRVOPC`, `PRVREG`, `COPROC`, `BADSTK`).
const ILL_CODES: [c_int; 8] = [1, 4, 5, 2, 3, 6, 7, 8];
/// darwin codes for Linux `FPE_*` 1..=8 (`FPE_INTDIV`, `INTOVF`, `FLTDIV`,
/// `FLTOVF`, `FLTUND`, `FLTRES`, `FLTINV`, `FLTSUB`).
const FPE_CODES: [c_int; 8] = [7, 8, 1, 2, 3, 4, 5, 6];

/// Linux `si_code` → darwin (`<sys/signal.h>`: `SI_USER` is 0x10001...).
fn code_to_darwin(lsig: c_int, code: c_int) -> c_int {
    match code {
        L_SI_USER | L_SI_TKILL => 0x10001,
        L_SI_QUEUE => 0x10002,
        L_SI_TIMER => 0x10003,
        L_SI_ASYNCIO => 0x10004,
        L_SI_MESGQ => 0x10005,
        L_SI_KERNEL => 0,
        c @ 1..=8 if lsig == libc::SIGILL => ILL_CODES[c as usize - 1],
        c @ 1..=8 if lsig == libc::SIGFPE => FPE_CODES[c as usize - 1],
        // SEGV_*, BUS_*, TRAP_*, CLD_*, POLL_* agree.
        c if c > 0 => c,
        _ => 0,
    }
}

const REG_ORDER: [usize; 17] = [
    libc::REG_RAX as usize,
    libc::REG_RBX as usize,
    libc::REG_RCX as usize,
    libc::REG_RDX as usize,
    libc::REG_RDI as usize,
    libc::REG_RSI as usize,
    libc::REG_RBP as usize,
    libc::REG_RSP as usize,
    libc::REG_R8 as usize,
    libc::REG_R9 as usize,
    libc::REG_R10 as usize,
    libc::REG_R11 as usize,
    libc::REG_R12 as usize,
    libc::REG_R13 as usize,
    libc::REG_R14 as usize,
    libc::REG_R15 as usize,
    libc::REG_RIP as usize,
];

/// Sets the darwin signals of `d` in the Linux set `l`, clearing the others
/// (Linux-only signals keep their state).
fn merge_into_linux(l: &mut libc::sigset_t, d: u32) {
    for s in 1..32 {
        let ls = to_linux(s);
        if ls == 0 {
            continue;
        }
        // SAFETY: `l` is a valid set, `ls` a valid signal.
        unsafe {
            if d & (1 << (s - 1)) != 0 {
                libc::sigaddset(l, ls);
            } else {
                libc::sigdelset(l, ls);
            }
        }
    }
}

/// Builds the darwin `siginfo_t` from Linux's.
///
/// # Safety
/// `info` is the kernel's siginfo for `lsig`.
unsafe fn darwin_info(dsig: c_int, lsig: c_int, info: *const libc::siginfo_t) -> SigInfo {
    // SAFETY: per the contract; fields are read at their Linux offsets.
    unsafe {
        let li = &*info;
        let raw = info as *const u8;
        let rd32 = |off: usize| (raw.add(off) as *const c_int).read_unaligned();
        let mut di: SigInfo = core::mem::zeroed();
        di.signo = dsig;
        di.errno = li.si_errno;
        di.code = code_to_darwin(lsig, li.si_code);
        match lsig {
            libc::SIGSEGV | libc::SIGBUS | libc::SIGILL | libc::SIGFPE | libc::SIGTRAP => {
                di.addr = (raw.add(16) as *const usize).read_unaligned();
            }
            _ => {
                di.pid = rd32(16);
                di.uid = rd32(20) as u32;
                if lsig == libc::SIGCHLD {
                    // CLD_EXITED carries an exit code, the others a signal.
                    let st = rd32(24);
                    di.status = if li.si_code == libc::CLD_EXITED {
                        st
                    } else {
                        to_darwin(st)
                    };
                } else {
                    di.value = (raw.add(24) as *const usize).read_unaligned();
                }
            }
        }
        di
    }
}

/// Program signal handlers run so far, in every thread.
static HANDLER_RUNS: AtomicU64 = AtomicU64::new(0);

/// A mark to pass to [`interrupted_since`] before a wait.
pub(crate) fn handler_mark() -> u64 {
    HANDLER_RUNS.load(Ordering::SeqCst)
}

/// Whether a wait that failed with Linux `EINTR` was interrupted by a
/// program handler that ran since `mark`. If none ran, the signal was one
/// of libSystem's own (a `thread_suspend` park, a signal darwin ignores but
/// kqueue counts): macOS would have gone on waiting, so the caller waits
/// again for what is left — Linux never restarts `nanosleep`, `poll`,
/// `select`, `sigsuspend` or `epoll_wait`, even with `SA_RESTART`.
pub(crate) fn interrupted_since(mark: u64) -> bool {
    HANDLER_RUNS.load(Ordering::SeqCst) != mark
}

/// Calls `wait` (a glibc call returning -1 on error) again while it fails
/// with `EINTR` that no program handler caused (see [`interrupted_since`]);
/// `wait` itself passes what is left of any timeout. Returns the last
/// result, errno still Linux's.
pub(crate) fn wait_restarting<T: PartialEq + From<i8>>(mut wait: impl FnMut() -> T) -> T {
    loop {
        let mark = handler_mark();
        let r = wait();
        // errno's slot is shared with glibc; EINTR is 4 on both systems.
        if r != T::from(-1) || crate::errno::get() != libc::EINTR || interrupted_since(mark) {
            return r;
        }
    }
}

/// The one Linux handler: translates and calls the program's handler.
extern "C" fn dispatch(lsig: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void) {
    let dsig = to_darwin(lsig);
    let h = HANDLERS
        .get(dsig as usize)
        .map_or(0, |h| h.load(Ordering::Acquire));
    crate::kernel::kqueue::note_signal(dsig);
    if h <= SIG_IGN {
        return;
    }
    HANDLER_RUNS.fetch_add(1, Ordering::SeqCst);
    let flags = FLAGS[dsig as usize].load(Ordering::Relaxed) as c_int;
    let saved_errno = crate::errno::get();
    if flags & SA_SIGINFO == 0 {
        // SAFETY: `h` is the program's `void (*)(int)` handler.
        let f: extern "C" fn(c_int) = unsafe { core::mem::transmute(h) };
        f(dsig);
        crate::errno::set(saved_errno);
        return;
    }
    // SAFETY: the kernel hands us valid siginfo and ucontext pointers.
    unsafe {
        let mut di = darwin_info(dsig, lsig, info);
        let uc = &mut *(ctx as *mut libc::ucontext_t);
        let mut duc: UContext = core::mem::zeroed();
        duc.sigmask = set_to_darwin(&uc.uc_sigmask);
        duc.onstack = (uc.uc_stack.ss_flags & libc::SS_ONSTACK != 0) as c_int;
        duc.stack = StackT {
            sp: uc.uc_stack.ss_sp,
            size: uc.uc_stack.ss_size,
            flags: stack_flags_to_darwin(uc.uc_stack.ss_flags),
        };
        duc.mcsize = core::mem::size_of::<MContext>();
        let g = &mut uc.uc_mcontext.gregs;
        duc.mc.trapno = g[libc::REG_TRAPNO as usize] as u16;
        duc.mc.err = g[libc::REG_ERR as usize] as u32;
        duc.mc.faultvaddr = di.addr as u64;
        let ss = &mut duc.mc.ss as *mut ThreadState as *mut u64;
        for (i, &r) in REG_ORDER.iter().enumerate() {
            *ss.add(i) = g[r] as u64;
        }
        duc.mc.ss.rflags = g[libc::REG_EFL as usize] as u64;
        duc.mc.ss.cs = (g[libc::REG_CSGSFS as usize] as u64) & 0xffff;
        let fp = uc.uc_mcontext.fpregs as *mut u8;
        if !fp.is_null() {
            core::ptr::copy_nonoverlapping(fp, duc.mc.fs.as_mut_ptr().add(FXSAVE_AT), FXSAVE_LEN);
        }
        duc.mcontext = &mut duc.mc;
        let f: extern "C" fn(c_int, *mut SigInfo, *mut UContext) = core::mem::transmute(h);
        f(dsig, &mut di, &mut duc);
        // Write back whatever the handler changed (Go rewrites rip/rsp).
        // The handler may also have pointed `uc_mcontext` elsewhere.
        let mc = if duc.mcontext.is_null() {
            &duc.mc
        } else {
            &*duc.mcontext
        };
        let ss = &mc.ss as *const ThreadState as *const u64;
        let g = &mut uc.uc_mcontext.gregs;
        for (i, &r) in REG_ORDER.iter().enumerate() {
            g[r] = *ss.add(i) as i64;
        }
        g[libc::REG_EFL as usize] = mc.ss.rflags as i64;
        if !fp.is_null() {
            core::ptr::copy_nonoverlapping(mc.fs.as_ptr().add(FXSAVE_AT), fp, FXSAVE_LEN);
        }
        if duc.sigmask != set_to_darwin(&uc.uc_sigmask) {
            merge_into_linux(&mut uc.uc_sigmask, duc.sigmask);
        }
    }
    crate::errno::set(saved_errno);
}

/// The action the program last set for darwin signal `i`.
fn recorded(i: usize) -> SigAction {
    SigAction {
        handler: HANDLERS[i].load(Ordering::Acquire),
        mask: MASKS[i].load(Ordering::Relaxed) as u32,
        flags: FLAGS[i].load(Ordering::Relaxed) as c_int,
    }
}

/// Remembers the program's action for darwin signal `i`.
fn record(i: usize, a: &SigAction) {
    FLAGS[i].store(a.flags as usize, Ordering::Relaxed);
    MASKS[i].store(a.mask as usize, Ordering::Relaxed);
    HANDLERS[i].store(a.handler, Ordering::Release);
}

/// Prepares the signal state a darwin program starts with; called once
/// before it runs. darwin's `SIGINFO` is ignored by default; Linux
/// `SIGPWR`, which carries it, would kill the process. A darwin process
/// starts without an alternate signal stack, while Rust's runtime gives
/// our main thread one (for its stack-overflow message): drop it.
pub fn init() {
    // SAFETY: querying and setting a disposition and the alternate stack;
    // no handler involved.
    unsafe {
        let mut ss: libc::stack_t = core::mem::zeroed();
        if libc::sigaltstack(core::ptr::null(), &mut ss) == 0
            && ss.ss_flags & (libc::SS_DISABLE | libc::SS_ONSTACK) == 0
        {
            let off = libc::stack_t {
                ss_sp: core::ptr::null_mut(),
                ss_size: 0,
                ss_flags: libc::SS_DISABLE,
            };
            libc::sigaltstack(&off, core::ptr::null_mut());
        }
        let mut cur: libc::sigaction = core::mem::zeroed();
        libc::sigaction(libc::SIGPWR, core::ptr::null(), &mut cur);
        if cur.sa_sigaction == libc::SIG_DFL {
            cur.sa_sigaction = libc::SIG_IGN;
            libc::sigaction(libc::SIGPWR, &cur, core::ptr::null_mut());
        }
    }
}

/// Installs (or queries) the action for a darwin signal.
///
/// # Safety
/// `act` and `old` must be NULL or point to darwin `struct sigaction`s.
pub unsafe extern "C" fn sigaction(
    sig: c_int,
    act: *const SigAction,
    old: *mut SigAction,
) -> c_int {
    if bad_sig(sig) || ((sig == SIGKILL || sig == SIGSTOP) && !act.is_null()) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    let l = to_linux(sig);
    let i = sig as usize;
    // SAFETY: `old`/`act` are NULL or valid darwin sigaction structs.
    unsafe {
        if l == 0 {
            // SIGEMT: darwin has it, Linux never raises it; keep the
            // program's action so it can read it back.
            if !old.is_null() {
                *old = recorded(i);
            }
            if !act.is_null() {
                record(i, &*act);
            }
            return 0;
        }
        if !old.is_null() {
            let mut cur: libc::sigaction = core::mem::zeroed();
            libc::sigaction(l, core::ptr::null(), &mut cur);
            let h = if cur.sa_sigaction == dispatch as *const () as usize
                || (sig == SIGINFO && cur.sa_sigaction == libc::SIG_IGN)
            {
                HANDLERS[i].load(Ordering::Acquire)
            } else {
                cur.sa_sigaction
            };
            *old = SigAction {
                handler: h,
                ..recorded(i)
            };
        }
        if act.is_null() {
            return 0;
        }
        let a = *act;
        let mut la: libc::sigaction = core::mem::zeroed();
        la.sa_mask = set_to_linux(a.mask);
        let mut lflags = 0;
        for (d, lf) in FLAG_MAP {
            if a.flags & d != 0 {
                lflags |= lf;
            }
        }
        record(i, &a);
        if a.handler <= SIG_IGN && kqueue_counts(sig, a.handler) {
            // A kqueue counts this ignored signal: it must reach `dispatch`.
            la.sa_sigaction = dispatch as *const () as usize;
            lflags |= libc::SA_SIGINFO | libc::SA_RESTART | nocldwait(sig, a.handler);
        } else if a.handler <= SIG_IGN {
            // SIG_DFL / SIG_IGN share values; SIGINFO's default is "ignore".
            la.sa_sigaction = if sig == SIGINFO {
                libc::SIG_IGN
            } else {
                a.handler
            };
        } else {
            la.sa_sigaction = dispatch as *const () as usize;
            lflags |= libc::SA_SIGINFO;
        }
        la.sa_flags = lflags;
        check(libc::sigaction(l, &la, core::ptr::null_mut()))
    }
}

/// darwin signals whose default action is to ignore them (`<sys/signal.h>`
/// sigprop: SIGURG, SIGCONT, SIGCHLD, SIGIO, SIGWINCH, SIGINFO).
fn ignored_by_default(sig: c_int) -> bool {
    matches!(sig, 16 | 19 | 20 | 23 | 28 | 29)
}

/// Whether a signal the program ignores (`handler` SIG_DFL/SIG_IGN) must
/// still reach `dispatch`: a kqueue's EVFILT_SIGNAL counts it, as darwin
/// counts ignored signals, and Linux would discard it unseen.
fn kqueue_counts(sig: c_int, handler: usize) -> bool {
    (handler == 1 || ignored_by_default(sig)) && crate::kernel::kqueue::watches_signal(sig)
}

/// SIG_IGN for SIGCHLD also means "reap children at once" (`SA_NOCLDWAIT`).
fn nocldwait(sig: c_int, handler: usize) -> c_int {
    if sig == 20 && handler == 1 {
        libc::SA_NOCLDWAIT
    } else {
        0
    }
}

/// Called when a kqueue starts watching darwin signal `sig`: if the
/// program ignores it, route it through `dispatch` (which then ignores it)
/// so it is counted.
pub(crate) fn route_for_kqueue(sig: c_int) {
    let l = to_linux(sig);
    if l == 0 {
        return;
    }
    // SAFETY: querying and installing an action built here.
    unsafe {
        let mut cur: libc::sigaction = core::mem::zeroed();
        libc::sigaction(l, core::ptr::null(), &mut cur);
        let h = cur.sa_sigaction;
        if h > 1 || !kqueue_counts(sig, h) {
            return; // already a handler (ours or the host's), or it kills
        }
        HANDLERS[sig as usize].store(h, Ordering::Release);
        let mut la: libc::sigaction = core::mem::zeroed();
        la.sa_mask = cur.sa_mask;
        la.sa_sigaction = dispatch as *const () as usize;
        la.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART | nocldwait(sig, h);
        libc::sigaction(l, &la, core::ptr::null_mut());
    }
}

/// Sets a handler with flags, returning the previous handler or `SIG_ERR`.
fn set_handler(sig: c_int, handler: usize, flags: c_int) -> usize {
    let act = SigAction {
        handler,
        mask: 0,
        flags,
    };
    let mut old = SigAction {
        handler: 0,
        mask: 0,
        flags: 0,
    };
    // SAFETY: both structs are ours.
    if unsafe { sigaction(sig, &act, &mut old) } != 0 {
        return SIG_ERR;
    }
    old.handler
}

/// BSD `signal()`: the handler stays installed, and interrupted system
/// calls restart unless `siginterrupt(sig, 1)` said otherwise.
extern "C" fn signal(sig: c_int, handler: usize) -> usize {
    let interrupting = !bad_sig(sig) && INTERRUPTING.load(Ordering::Relaxed) & bit(sig) != 0;
    set_handler(sig, handler, if interrupting { 0 } else { SA_RESTART })
}

/// `siginterrupt`: whether `sig` interrupts system calls (clears or sets
/// `SA_RESTART` on the current action, and on later `signal()` calls).
extern "C" fn siginterrupt(sig: c_int, flag: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    let mut a = SigAction {
        handler: 0,
        mask: 0,
        flags: 0,
    };
    // SAFETY: querying into our own struct.
    if unsafe { sigaction(sig, core::ptr::null(), &mut a) } != 0 {
        return -1;
    }
    if flag != 0 {
        INTERRUPTING.fetch_or(bit(sig), Ordering::Relaxed);
        a.flags &= !SA_RESTART;
    } else {
        INTERRUPTING.fetch_and(!bit(sig), Ordering::Relaxed);
        a.flags |= SA_RESTART;
    }
    // SAFETY: our own struct.
    unsafe { sigaction(sig, &a, core::ptr::null_mut()) }
}

fn bit(sig: c_int) -> u32 {
    1 << (sig - 1)
}

fn bad_sig(sig: c_int) -> bool {
    !(1..32).contains(&sig)
}

/// `sigprocmask`/`pthread_sigmask` on darwin sets; `how` only matters
/// when `set` is given (as on darwin).
unsafe fn mask_common(how: c_int, set: *const u32, old: *mut u32) -> c_int {
    // SAFETY: `set`/`old` are NULL or valid 32-bit darwin sets.
    unsafe {
        let lset = if set.is_null() {
            None
        } else {
            Some(set_to_linux(*set))
        };
        let lhow = match how {
            SIG_BLOCK => libc::SIG_BLOCK,
            SIG_UNBLOCK => libc::SIG_UNBLOCK,
            SIG_SETMASK => libc::SIG_SETMASK,
            _ if set.is_null() => libc::SIG_BLOCK,
            _ => return darwin::EINVAL,
        };
        let mut lold: libc::sigset_t = core::mem::zeroed();
        let r = if lhow == libc::SIG_SETMASK && !set.is_null() {
            // Replace only the darwin signals: Linux-only signals (ours)
            // keep their state.
            let mut cur: libc::sigset_t = core::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, core::ptr::null(), &mut cur);
            merge_into_linux(&mut cur, *set);
            libc::pthread_sigmask(libc::SIG_SETMASK, &cur, &mut lold)
        } else {
            libc::pthread_sigmask(
                lhow,
                lset.as_ref().map_or(core::ptr::null(), |s| s),
                &mut lold,
            )
        };
        if r != 0 {
            return crate::errno::linux_to_darwin(r);
        }
        if !old.is_null() {
            *old = set_to_darwin(&lold);
        }
    }
    0
}

unsafe extern "C" fn sigprocmask(how: c_int, set: *const u32, old: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    match unsafe { mask_common(how, set, old) } {
        0 => 0,
        e => {
            crate::errno::set(e);
            -1
        }
    }
}

unsafe extern "C" fn pthread_sigmask(how: c_int, set: *const u32, old: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { mask_common(how, set, old) }
}

/// Current mask as a darwin set (for `sigsetjmp`).
pub fn current_mask() -> u32 {
    let mut m = 0u32;
    // SAFETY: querying only.
    unsafe { mask_common(SIG_BLOCK, core::ptr::null(), &mut m) };
    m
}

/// Sets the mask from a darwin set (for `siglongjmp`).
pub fn set_mask(m: u32) {
    // SAFETY: `m` is a plain set.
    unsafe { mask_common(SIG_SETMASK, &m, core::ptr::null_mut()) };
}

/// Blocks (`true`) or unblocks one darwin signal; returns whether it was
/// blocked before.
fn block_one(sig: c_int, block: bool) -> bool {
    let set = bit(sig);
    let mut old = 0u32;
    let how = if block { SIG_BLOCK } else { SIG_UNBLOCK };
    // SAFETY: local sets.
    unsafe { mask_common(how, &set, &mut old) };
    old & set != 0
}

unsafe extern "C" fn sigpending(set: *mut u32) -> c_int {
    // SAFETY: `set` is a writable darwin set.
    unsafe {
        let mut l: libc::sigset_t = core::mem::zeroed();
        if libc::sigpending(&mut l) != 0 {
            crate::errno::set_from_linux();
            return -1;
        }
        *set = set_to_darwin(&l);
    }
    0
}

/// `sigsuspend` with a darwin set; Linux-only signals keep their state.
fn suspend(mask: u32) -> c_int {
    // SAFETY: building a full Linux set from the current one.
    let mut l: libc::sigset_t = unsafe { core::mem::zeroed() };
    // SAFETY: querying the current mask.
    unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, core::ptr::null(), &mut l) };
    merge_into_linux(&mut l, mask);
    // SAFETY: `l` is a valid set.
    check(wait_restarting(|| unsafe { libc::sigsuspend(&l) }))
}

/// `sigsuspend`: a cancellation point.
unsafe extern "C" fn sigsuspend(set: *const u32) -> c_int {
    // SAFETY: `set` is a valid darwin set.
    let m = unsafe { *set };
    crate::pthread::thread::blocking(|| suspend(m))
}

unsafe extern "C" fn sigsuspend_nocancel(set: *const u32) -> c_int {
    // SAFETY: `set` is a valid darwin set.
    suspend(unsafe { *set })
}

unsafe fn wait_common(set: *const u32, sig: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        let l = set_to_linux(*set);
        let mut ls = 0;
        let r = libc::sigwait(&l, &mut ls);
        if r != 0 {
            return crate::errno::linux_to_darwin(r);
        }
        *sig = to_darwin(ls);
    }
    0
}

/// `sigwait`: a cancellation point.
unsafe extern "C" fn sigwait(set: *const u32, sig: *mut c_int) -> c_int {
    // SAFETY: forwarded contract.
    crate::pthread::thread::blocking(|| unsafe { wait_common(set, sig) })
}

unsafe extern "C" fn sigwait_nocancel(set: *const u32, sig: *mut c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { wait_common(set, sig) }
}

/// `pause`: a cancellation point.
extern "C" fn pause() -> c_int {
    // SAFETY: plain call.
    crate::pthread::thread::blocking(|| pause_nocancel())
}

extern "C" fn pause_nocancel() -> c_int {
    // SAFETY: plain call.
    check(wait_restarting(|| unsafe { libc::pause() }))
}

/// XSI `sigpause(sig)`: waits for a signal with `sig` unblocked.
fn sigpause_common(sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    suspend(current_mask() & !bit(sig))
}

extern "C" fn sigpause(sig: c_int) -> c_int {
    crate::pthread::thread::blocking(|| sigpause_common(sig))
}

extern "C" fn sigpause_nocancel(sig: c_int) -> c_int {
    sigpause_common(sig)
}

/// XSI `sighold`: adds `sig` to the mask.
extern "C" fn sighold(sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    block_one(sig, true);
    0
}

/// XSI `sigrelse`: removes `sig` from the mask.
extern "C" fn sigrelse(sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    block_one(sig, false);
    0
}

/// XSI `sigignore`: sets `sig` to `SIG_IGN`.
extern "C" fn sigignore(sig: c_int) -> c_int {
    if set_handler(sig, SIG_IGN, 0) == SIG_ERR {
        -1
    } else {
        0
    }
}

/// XSI `sigset`: `SIG_HOLD` blocks the signal; any other disposition is
/// installed and the signal unblocked. Returns `SIG_HOLD` when the signal
/// was blocked before, else the previous disposition.
extern "C" fn sigset(sig: c_int, disp: usize) -> usize {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return SIG_ERR;
    }
    let mut prev = SigAction {
        handler: 0,
        mask: 0,
        flags: 0,
    };
    if disp == SIG_HOLD {
        // SAFETY: querying into our own struct.
        if unsafe { sigaction(sig, core::ptr::null(), &mut prev) } != 0 {
            return SIG_ERR;
        }
        let was = block_one(sig, true);
        return if was { SIG_HOLD } else { prev.handler };
    }
    let old = set_handler(sig, disp, 0);
    if old == SIG_ERR {
        return SIG_ERR;
    }
    if block_one(sig, false) {
        SIG_HOLD
    } else {
        old
    }
}

/// 4.2BSD `sigblock`: adds `mask` to the signal mask, returns the old one.
extern "C" fn sigblock(mask: c_int) -> c_int {
    let m = mask as u32;
    let mut old = 0u32;
    // SAFETY: local sets.
    unsafe { mask_common(SIG_BLOCK, &m, &mut old) };
    old as c_int
}

/// 4.2BSD `sigsetmask`: sets the signal mask, returns the old one.
extern "C" fn sigsetmask(mask: c_int) -> c_int {
    let m = mask as u32;
    let mut old = 0u32;
    // SAFETY: local sets.
    unsafe { mask_common(SIG_SETMASK, &m, &mut old) };
    old as c_int
}

/// darwin `struct sigvec` (`<sys/signal.h>`): handler, mask, flags; the
/// `SV_INTERRUPT` bit is `SA_RESTART` with the opposite sense.
#[repr(C)]
pub struct SigVec {
    pub handler: usize,
    pub mask: c_int,
    pub flags: c_int,
}
const _: () = assert!(core::mem::size_of::<SigVec>() == 16);

unsafe extern "C" fn sigvec(sig: c_int, vec: *const SigVec, ovec: *mut SigVec) -> c_int {
    let act = (!vec.is_null()).then(|| {
        // SAFETY: `vec` is a darwin sigvec.
        let v = unsafe { &*vec };
        SigAction {
            handler: v.handler,
            mask: v.mask as u32,
            flags: v.flags ^ SA_RESTART,
        }
    });
    let mut old = SigAction {
        handler: 0,
        mask: 0,
        flags: 0,
    };
    let pa = act
        .as_ref()
        .map_or(core::ptr::null(), |a| a as *const SigAction);
    // SAFETY: our own structs.
    if unsafe { sigaction(sig, pa, &mut old) } != 0 {
        return -1;
    }
    if !ovec.is_null() {
        // SAFETY: `ovec` is writable.
        unsafe {
            *ovec = SigVec {
                handler: old.handler,
                mask: old.mask as c_int,
                flags: old.flags ^ SA_RESTART,
            }
        };
    }
    0
}

extern "C" fn kill(pid: libc::pid_t, sig: c_int) -> c_int {
    let l = if sig == 0 { 0 } else { to_linux(sig) };
    if sig != 0 && l == 0 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: no memory is involved.
    check(unsafe { libc::kill(pid, l) })
}

extern "C" fn killpg(pg: libc::pid_t, sig: c_int) -> c_int {
    if pg < 0 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    kill(-pg, sig)
}

extern "C" fn raise(sig: c_int) -> c_int {
    let l = to_linux(sig);
    if l == 0 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: no memory is involved.
    check(unsafe { libc::raise(l) })
}

unsafe extern "C" fn pthread_kill(t: *mut crate::pthread::tsd::DarwinThread, sig: c_int) -> c_int {
    let l = if sig == 0 { 0 } else { to_linux(sig) };
    if t.is_null() {
        return darwin::ESRCH;
    }
    if sig != 0 && l == 0 {
        return darwin::EINVAL;
    }
    // SAFETY: `t` is a DarwinThread from pthread_create or pthread_self.
    crate::errno::linux_to_darwin(unsafe { libc::pthread_kill((*t).host, l) })
}

unsafe extern "C" fn sigemptyset(s: *mut u32) -> c_int {
    // SAFETY: `s` is writable.
    unsafe { *s = 0 };
    0
}
unsafe extern "C" fn sigfillset(s: *mut u32) -> c_int {
    // SAFETY: `s` is writable.
    unsafe { *s = u32::MAX };
    0
}
unsafe extern "C" fn sigaddset(s: *mut u32, sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `s` is writable.
    unsafe { *s |= bit(sig) };
    0
}
unsafe extern "C" fn sigdelset(s: *mut u32, sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `s` is writable.
    unsafe { *s &= !bit(sig) };
    0
}
unsafe extern "C" fn sigismember(s: *const u32, sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `s` is readable.
    ((unsafe { *s } >> (sig - 1)) & 1) as c_int
}

/// Translates the signal numbers inside a Linux wait status.
pub fn wait_status_to_darwin(st: c_int) -> c_int {
    let low = st & 0x7f;
    if low == 0 {
        st // exited
    } else if low == 0x7f {
        (st & !0xff00) | (to_darwin((st >> 8) & 0xff) << 8) // stopped
    } else {
        (st & !0x7f) | to_darwin(low) // killed by a signal
    }
}

/// A pointer to a static C string, shareable between threads.
#[repr(transparent)]
pub struct CStrPtr(*const c_char);
// SAFETY: points to immutable static data.
unsafe impl Sync for CStrPtr {}

macro_rules! cstrs {
    ($($s:literal),* $(,)?) => { [$(CStrPtr($s.as_ptr())),*] };
}

/// darwin `sys_siglist` (the texts of darwin's `strsignal`, also found in
/// Go's generated `zerrors_darwin_amd64.go`).
pub static SYS_SIGLIST: [CStrPtr; 32] = cstrs![
    c"Signal 0",
    c"Hangup",
    c"Interrupt",
    c"Quit",
    c"Illegal instruction",
    c"Trace/BPT trap",
    c"Abort trap",
    c"EMT trap",
    c"Floating point exception",
    c"Killed",
    c"Bus error",
    c"Segmentation fault",
    c"Bad system call",
    c"Broken pipe",
    c"Alarm clock",
    c"Terminated",
    c"Urgent I/O condition",
    c"Suspended (signal)",
    c"Suspended",
    c"Continued",
    c"Child exited",
    c"Stopped (tty input)",
    c"Stopped (tty output)",
    c"I/O possible",
    c"Cputime limit exceeded",
    c"Filesize limit exceeded",
    c"Virtual timer expired",
    c"Profiling timer expired",
    c"Window size changes",
    c"Information request",
    c"User defined signal 1",
    c"User defined signal 2",
];

/// darwin `sys_signame`: the names `kill -l` prints, lower case.
pub static SYS_SIGNAME: [CStrPtr; 32] = cstrs![
    c"Signal 0",
    c"hup",
    c"int",
    c"quit",
    c"ill",
    c"trap",
    c"abrt",
    c"emt",
    c"fpe",
    c"kill",
    c"bus",
    c"segv",
    c"sys",
    c"pipe",
    c"alrm",
    c"term",
    c"urg",
    c"stop",
    c"tstp",
    c"cont",
    c"chld",
    c"ttin",
    c"ttou",
    c"io",
    c"xcpu",
    c"xfsz",
    c"vtalrm",
    c"prof",
    c"winch",
    c"info",
    c"usr1",
    c"usr2",
];

/// The text for `sig`, written into `buf` (NUL-terminated, truncated).
fn describe(sig: c_int, buf: &mut [u8]) {
    use std::io::Write;
    let mut cur = std::io::Cursor::new(&mut buf[..]);
    if (1..32).contains(&sig) {
        // SAFETY: the table holds static C strings.
        let s = unsafe { core::ffi::CStr::from_ptr(SYS_SIGLIST[sig as usize].0) };
        let _ = cur.write_all(s.to_bytes());
    } else {
        let _ = write!(cur, "Unknown signal: {sig}");
    }
    let n = (cur.position() as usize).min(buf.len() - 1);
    buf[n] = 0;
}

thread_local! {
    static STRSIGNAL_BUF: core::cell::UnsafeCell<[u8; 64]> = const { core::cell::UnsafeCell::new([0; 64]) };
}

/// darwin `strsignal`: darwin's texts (they differ from glibc's for
/// several signals, e.g. "Abort trap"), "Unknown signal: N" otherwise.
extern "C" fn strsignal(sig: c_int) -> *mut c_char {
    if (1..32).contains(&sig) {
        return SYS_SIGLIST[sig as usize].0 as *mut c_char;
    }
    STRSIGNAL_BUF.with(|b| {
        // SAFETY: this thread's own buffer; the pointer stays valid until
        // the next call on this thread, as strsignal promises.
        let buf = unsafe { &mut *b.get() };
        describe(sig, buf);
        buf.as_mut_ptr().cast()
    })
}

/// `strsignal_r`: the same text into the caller's buffer; ERANGE if it
/// was truncated, EINVAL for an unknown signal.
unsafe extern "C" fn strsignal_r(sig: c_int, buf: *mut c_char, len: libc::size_t) -> c_int {
    let mut tmp = [0u8; 64];
    describe(sig, &mut tmp);
    let n = tmp.iter().position(|&b| b == 0).unwrap_or(0);
    if len == 0 {
        return darwin::ERANGE;
    }
    let take = n.min(len - 1);
    // SAFETY: `buf` holds `len` bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(tmp.as_ptr(), buf.cast::<u8>(), take);
        *buf.add(take) = 0;
    }
    if bad_sig(sig) {
        darwin::EINVAL
    } else if take < n {
        darwin::ERANGE
    } else {
        0
    }
}

/// `psignal`: "`s`: text" on stderr, in one write.
unsafe extern "C" fn psignal(sig: c_int, s: *const c_char) {
    let mut msg = Vec::with_capacity(80);
    if !s.is_null() {
        // SAFETY: `s` is a C string.
        let p = unsafe { core::ffi::CStr::from_ptr(s) }.to_bytes();
        if !p.is_empty() {
            msg.extend_from_slice(p);
            msg.extend_from_slice(b": ");
        }
    }
    let text = if (1..32).contains(&sig) {
        // SAFETY: the table holds static C strings.
        unsafe { core::ffi::CStr::from_ptr(SYS_SIGLIST[sig as usize].0) }.to_bytes()
    } else {
        b"Unknown signal"
    };
    msg.extend_from_slice(text);
    msg.push(b'\n');
    // SAFETY: writing our own buffer.
    unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_sigaction" => sigaction,
    func "_signal" => signal,
    func "_bsd_signal" => signal,
    func "_siginterrupt" => siginterrupt,
    func "_sigprocmask" => sigprocmask,
    func "_pthread_sigmask" => pthread_sigmask,
    func "_sigpending" => sigpending,
    func "_sigsuspend" => sigsuspend,
    func "_sigsuspend$NOCANCEL" => sigsuspend_nocancel,
    func "_sigwait" => sigwait,
    func "_sigwait$NOCANCEL" => sigwait_nocancel,
    func "_pause" => pause,
    func "_pause$NOCANCEL" => pause_nocancel,
    func "_sigpause" => sigpause,
    func "_sigpause$NOCANCEL" => sigpause_nocancel,
    func "_sighold" => sighold,
    func "_sigrelse" => sigrelse,
    func "_sigignore" => sigignore,
    func "_sigset" => sigset,
    func "_sigblock" => sigblock,
    func "_sigsetmask" => sigsetmask,
    func "_sigvec" => sigvec,
    func "_kill" => kill,
    func "_killpg" => killpg,
    func "_raise" => raise,
    func "_pthread_kill" => pthread_kill,
    func "_sigemptyset" => sigemptyset,
    func "_sigfillset" => sigfillset,
    func "_sigaddset" => sigaddset,
    func "_sigdelset" => sigdelset,
    func "_sigismember" => sigismember,
    func "_strsignal" => strsignal,
    func "_strsignal_r" => strsignal_r,
    func "_psignal" => psignal,
    data "_sys_siglist" => SYS_SIGLIST,
    data "_sys_signame" => SYS_SIGNAME,
    host "_alarm" => libc::alarm,
    host "_ualarm" => ualarm,
};

extern "C" {
    /// glibc's; `useconds_t` is a 32-bit unsigned on both systems.
    fn ualarm(value: u32, interval: u32) -> u32;
}

/// darwin `stack_t`: pointer, size, flags (Linux orders flags before size).
#[repr(C)]
pub struct StackT {
    pub sp: *mut c_void,
    pub size: usize,
    pub flags: c_int,
}
const _: () = assert!(core::mem::size_of::<StackT>() == 24);

const SS_ONSTACK: c_int = 1;
const SS_DISABLE: c_int = 4;
/// darwin `MINSIGSTKSZ` (`<sys/signal.h>`): smaller stacks are refused.
const MINSIGSTKSZ: usize = 32768;

fn stack_flags_to_darwin(f: c_int) -> c_int {
    let mut d = 0;
    if f & libc::SS_ONSTACK != 0 {
        d |= SS_ONSTACK;
    }
    if f & libc::SS_DISABLE != 0 {
        d |= SS_DISABLE;
    }
    d
}

unsafe extern "C" fn sigaltstack(ss: *const StackT, old: *mut StackT) -> c_int {
    // SAFETY: `ss`/`old` are NULL or valid darwin stack_t structs.
    unsafe {
        let mut lold: libc::stack_t = core::mem::zeroed();
        let lnew = if ss.is_null() {
            None
        } else {
            let s = &*ss;
            if s.flags & !SS_DISABLE != 0 {
                crate::errno::set(darwin::EINVAL);
                return -1;
            }
            let disable = s.flags & SS_DISABLE != 0;
            if !disable && s.size < MINSIGSTKSZ {
                crate::errno::set(darwin::ENOMEM);
                return -1;
            }
            Some(libc::stack_t {
                ss_sp: s.sp,
                ss_size: s.size,
                ss_flags: if disable { libc::SS_DISABLE } else { 0 },
            })
        };
        let r = libc::sigaltstack(lnew.as_ref().map_or(core::ptr::null(), |s| s), &mut lold);
        if r != 0 {
            crate::errno::set_from_linux();
            return r;
        }
        if !old.is_null() {
            *old = StackT {
                sp: lold.ss_sp,
                size: lold.ss_size,
                flags: stack_flags_to_darwin(lold.ss_flags),
            };
        }
    }
    0
}

pub(crate) static ALTSTACK_EXPORTS: &[crate::Export] = crate::exports! {
    func "_sigaltstack" => sigaltstack,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for d in 1..32 {
            let l = to_linux(d);
            if l != 0 {
                assert_eq!(to_darwin(l), d);
            }
        }
        assert_eq!(to_linux(30), libc::SIGUSR1);
        assert_eq!(to_linux(20), libc::SIGCHLD);
        assert_eq!(wait_status_to_darwin(libc::SIGUSR1), 30);
        assert_eq!(wait_status_to_darwin(3 << 8), 3 << 8);
    }

    #[test]
    fn codes_and_texts() {
        assert_eq!(code_to_darwin(libc::SIGUSR1, L_SI_USER), 0x10001);
        assert_eq!(code_to_darwin(libc::SIGUSR1, L_SI_TKILL), 0x10001);
        assert_eq!(code_to_darwin(libc::SIGFPE, 1), 7); // FPE_INTDIV
        assert_eq!(code_to_darwin(libc::SIGFPE, 3), 1); // FPE_FLTDIV
        assert_eq!(code_to_darwin(libc::SIGILL, 2), 4); // ILL_ILLOPN
        assert_eq!(code_to_darwin(libc::SIGSEGV, 2), 2); // SEGV_ACCERR
        let text = |sig| {
            // SAFETY: strsignal returns a C string.
            unsafe { core::ffi::CStr::from_ptr(strsignal(sig)) }
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(text(6), "Abort trap");
        assert_eq!(text(30), "User defined signal 1");
        assert_eq!(text(77), "Unknown signal: 77");
        let mut buf = [0 as c_char; 8];
        // SAFETY: a local buffer of the given size.
        assert_eq!(
            unsafe { strsignal_r(15, buf.as_mut_ptr(), buf.len()) },
            darwin::ERANGE
        );
    }

    #[test]
    fn sets_round_trip() {
        let d = bit(30) | bit(2) | bit(29);
        assert_eq!(set_to_darwin(&set_to_linux(d)), d);
        let mut l = set_to_linux(u32::MAX);
        merge_into_linux(&mut l, bit(1));
        assert_eq!(set_to_darwin(&l), bit(1));
    }
}
