//! Signals: darwin numbers, `sigset_t` (a 32-bit mask), `struct sigaction`
//! and `SA_*` flags (`<sys/signal.h>`), translated to Linux. Handlers run
//! behind one Linux handler that hands them a darwin `siginfo_t` and a
//! darwin `ucontext_t` whose `mcontext` carries the registers (`__ss`); any
//! register the handler changes is written back before returning.

use crate::errno::{check, darwin};
use core::sync::atomic::{AtomicUsize, Ordering};
use libc::{c_int, c_void};

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

/// The program's handler and flags per darwin signal.
static HANDLERS: [AtomicUsize; 32] = [const { AtomicUsize::new(0) }; 32];
static FLAGS: [AtomicUsize; 32] = [const { AtomicUsize::new(0) }; 32];
static MASKS: [AtomicUsize; 32] = [const { AtomicUsize::new(0) }; 32];

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
const _: () = assert!(core::mem::size_of::<MContext>() == 712);

/// darwin `ucontext_t`.
#[repr(C)]
pub struct UContext {
    pub onstack: c_int,
    pub sigmask: u32,
    pub ss_sp: usize,
    pub ss_size: usize,
    pub ss_flags: c_int,
    pub link: usize,
    pub mcsize: usize,
    pub mcontext: *mut MContext,
    /// darwin places the mcontext right after the ucontext.
    pub mc: MContext,
}
const _: () = assert!(core::mem::offset_of!(UContext, mcontext) == 48);

/// Linux `si_code` → darwin.
fn code_to_darwin(sig: c_int, code: c_int) -> c_int {
    match code {
        libc::SI_USER => 0x10001,
        libc::SI_QUEUE => 0x10002,
        libc::SI_TIMER => 0x10003,
        libc::SI_ASYNCIO => 0x10004,
        libc::SI_MESGQ => 0x10005,
        c if c > 0 && sig == libc::SIGCHLD => c, // CLD_* agree (1..6)
        c => c,
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

/// The one Linux handler: translates and calls the program's handler.
extern "C" fn dispatch(lsig: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void) {
    let dsig = to_darwin(lsig);
    let h = HANDLERS
        .get(dsig as usize)
        .map_or(0, |h| h.load(Ordering::Acquire));
    crate::kernel::kqueue::note_signal(dsig, h > 1);
    if h <= 1 {
        return;
    }
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
                    di.status = rd32(24);
                } else {
                    di.value = (raw.add(24) as *const usize).read_unaligned();
                }
            }
        }
        let uc = &mut *(ctx as *mut libc::ucontext_t);
        let g = &mut uc.uc_mcontext.gregs;
        let mut duc: UContext = core::mem::zeroed();
        duc.sigmask = set_to_darwin(&uc.uc_sigmask);
        duc.mcsize = core::mem::size_of::<MContext>();
        duc.mc.trapno = g[libc::REG_TRAPNO as usize] as u16;
        duc.mc.err = g[libc::REG_ERR as usize] as u32;
        duc.mc.faultvaddr = di.addr as u64;
        let ss = &mut duc.mc.ss as *mut ThreadState as *mut u64;
        for (i, &r) in REG_ORDER.iter().enumerate() {
            *ss.add(i) = g[r] as u64;
        }
        duc.mc.ss.rflags = g[libc::REG_EFL as usize] as u64;
        duc.mc.ss.cs = (g[libc::REG_CSGSFS as usize] as u64) & 0xffff;
        duc.mcontext = &mut duc.mc;
        let f: extern "C" fn(c_int, *mut SigInfo, *mut UContext) = core::mem::transmute(h);
        f(dsig, &mut di, &mut duc);
        // Write back whatever the handler changed (Go rewrites rip/rsp).
        let ss = &duc.mc.ss as *const ThreadState as *const u64;
        for (i, &r) in REG_ORDER.iter().enumerate() {
            g[r] = *ss.add(i) as i64;
        }
        g[libc::REG_EFL as usize] = duc.mc.ss.rflags as i64;
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

/// Installs (or queries) the action for a darwin signal.
///
/// # Safety
/// `act` and `old` must be NULL or point to darwin `struct sigaction`s.
pub unsafe extern "C" fn sigaction(
    sig: c_int,
    act: *const SigAction,
    old: *mut SigAction,
) -> c_int {
    if !(1..32).contains(&sig) || ((sig == 9 || sig == 17) && !act.is_null()) {
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
            let h = if cur.sa_sigaction == dispatch as *const () as usize {
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
        if a.handler <= 1 && kqueue_counts(sig, a.handler) {
            la.sa_sigaction = dispatch as *const () as usize;
            lflags |= libc::SA_SIGINFO | libc::SA_RESTART | nocldwait(sig, a.handler);
        } else if a.handler <= 1 {
            la.sa_sigaction = a.handler; // SIG_DFL / SIG_IGN share values
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

/// BSD `signal()`: the handler stays installed and calls restart.
unsafe extern "C" fn signal(sig: c_int, handler: usize) -> usize {
    let act = SigAction {
        handler,
        mask: 0,
        flags: SA_RESTART,
    };
    let mut old = SigAction {
        handler: 0,
        mask: 0,
        flags: 0,
    };
    // SAFETY: both structs are ours.
    if unsafe { sigaction(sig, &act, &mut old) } != 0 {
        return usize::MAX; // SIG_ERR
    }
    old.handler
}

unsafe extern "C" fn sigprocmask_common(
    how: c_int,
    set: *const u32,
    old: *mut u32,
    thread: bool,
) -> c_int {
    let lhow = match how {
        1 => libc::SIG_BLOCK,
        2 => libc::SIG_UNBLOCK,
        3 => libc::SIG_SETMASK,
        _ => {
            crate::errno::set(darwin::EINVAL);
            return -1;
        }
    };
    // SAFETY: `set`/`old` are NULL or valid 32-bit darwin sets.
    unsafe {
        let lset = if set.is_null() {
            None
        } else {
            Some(set_to_linux(*set))
        };
        let mut lold: libc::sigset_t = core::mem::zeroed();
        let r = libc::pthread_sigmask(
            lhow,
            lset.as_ref().map_or(core::ptr::null(), |s| s),
            &mut lold,
        );
        if r != 0 {
            if thread {
                return crate::errno::linux_to_darwin(r);
            }
            crate::errno::set(crate::errno::linux_to_darwin(r));
            return -1;
        }
        if !old.is_null() {
            *old = set_to_darwin(&lold);
        }
    }
    0
}

unsafe extern "C" fn sigprocmask(how: c_int, set: *const u32, old: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { sigprocmask_common(how, set, old, false) }
}

unsafe extern "C" fn pthread_sigmask(how: c_int, set: *const u32, old: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { sigprocmask_common(how, set, old, true) }
}

/// Current mask as a darwin set (for `sigsetjmp`).
pub fn current_mask() -> u32 {
    let mut m = 0u32;
    // SAFETY: querying only.
    unsafe { sigprocmask_common(3, core::ptr::null(), &mut m, true) };
    m
}

/// Sets the mask from a darwin set (for `siglongjmp`).
pub fn set_mask(m: u32) {
    // SAFETY: `m` is a plain set.
    unsafe { sigprocmask_common(3, &m, core::ptr::null_mut(), true) };
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

unsafe extern "C" fn sigsuspend(set: *const u32) -> c_int {
    // SAFETY: `set` is a valid darwin set.
    let l = set_to_linux(unsafe { *set });
    // SAFETY: `l` is a valid set.
    check(unsafe { libc::sigsuspend(&l) })
}

unsafe extern "C" fn sigwait(set: *const u32, sig: *mut c_int) -> c_int {
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
    if t.is_null() || (sig != 0 && l == 0) {
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
fn bad_sig(sig: c_int) -> bool {
    !(1..32).contains(&sig)
}
unsafe extern "C" fn sigaddset(s: *mut u32, sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `s` is writable.
    unsafe { *s |= 1 << (sig - 1) };
    0
}
unsafe extern "C" fn sigdelset(s: *mut u32, sig: c_int) -> c_int {
    if bad_sig(sig) {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `s` is writable.
    unsafe { *s &= !(1 << (sig - 1)) };
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

/// darwin `sys_signame` / `sys_siglist` are data; `strsignal` uses Linux numbers.
unsafe extern "C" fn strsignal(sig: c_int) -> *mut libc::c_char {
    // SAFETY: glibc returns a static or thread-local string.
    unsafe { libc::strsignal(to_linux(sig)) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_sigaction" => sigaction,
    func "_signal" => signal,
    func "_sigprocmask" => sigprocmask,
    func "_pthread_sigmask" => pthread_sigmask,
    func "_sigpending" => sigpending,
    func "_sigsuspend" => sigsuspend,
    func "_sigsuspend$NOCANCEL" => sigsuspend,
    func "_sigwait" => sigwait,
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
    host "_pause" => libc::pause,
    host "_alarm" => libc::alarm,
};

/// darwin `stack_t`: pointer, size, flags (Linux orders flags before size).
#[repr(C)]
pub struct StackT {
    pub sp: *mut c_void,
    pub size: usize,
    pub flags: c_int,
}

const SS_ONSTACK: c_int = 1;
const SS_DISABLE: c_int = 4;

unsafe extern "C" fn sigaltstack(ss: *const StackT, old: *mut StackT) -> c_int {
    // SAFETY: `ss`/`old` are NULL or valid darwin stack_t structs.
    unsafe {
        let mut lold: libc::stack_t = core::mem::zeroed();
        let lnew = if ss.is_null() {
            None
        } else {
            Some(libc::stack_t {
                ss_sp: (*ss).sp,
                ss_size: (*ss).size,
                ss_flags: if (*ss).flags & SS_DISABLE != 0 {
                    libc::SS_DISABLE
                } else {
                    0
                },
            })
        };
        let r = libc::sigaltstack(lnew.as_ref().map_or(core::ptr::null(), |s| s), &mut lold);
        if r != 0 {
            crate::errno::set_from_linux();
            return r;
        }
        if !old.is_null() {
            let mut f = 0;
            if lold.ss_flags & libc::SS_ONSTACK != 0 {
                f |= SS_ONSTACK;
            }
            if lold.ss_flags & libc::SS_DISABLE != 0 {
                f |= SS_DISABLE;
            }
            *old = StackT {
                sp: lold.ss_sp,
                size: lold.ss_size,
                flags: f,
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
}
