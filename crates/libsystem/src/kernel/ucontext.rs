//! `getcontext`, `setcontext`, `swapcontext`, `makecontext` (`<ucontext.h>`,
//! deprecated on darwin but used by OpenSSL's async jobs and coroutine
//! libraries) on darwin's `ucontext_t`, whose machine context is
//! `struct __darwin_mcontext64` (`__es`, `__ss`, `__fs`), stored in the
//! context's own `__mcontext_data` and reached through `uc_mcontext`.
//!
//! The register work is assembly (a context is resumed by loading `rsp`
//! and jumping); the signal mask goes through our darwin `sigprocmask`.
//! Of the FPU state only the control words (x87 `fcw`, `mxcsr`) are saved
//! and restored, which is what a function call preserves.

use libc::c_int;

/// Byte offsets in darwin `ucontext_t` (`<sys/_types/_ucontext.h>`).
const UC_ONSTACK: usize = 0;
const UC_SIGMASK: usize = 4;
const UC_STACK: usize = 8;
const UC_LINK: usize = 32;
const UC_MCSIZE: usize = 40;
const UC_MCONTEXT: usize = 48;
const UC_MCONTEXT_DATA: usize = 56;
/// `sizeof(struct __darwin_mcontext64)`: exception state (16), thread
/// state (168), float state (524), padded to 8.
const MCONTEXT_SIZE: usize = 712;
const _: () = assert!(core::mem::size_of::<crate::kernel::signal::MContext>() == MCONTEXT_SIZE);
const _: () =
    assert!(core::mem::offset_of!(crate::kernel::signal::UContext, mc) == UC_MCONTEXT_DATA);
const _: () = assert!(core::mem::offset_of!(crate::kernel::signal::UContext, link) == UC_LINK);
const _: () =
    assert!(core::mem::offset_of!(crate::kernel::signal::UContext, mcontext) == UC_MCONTEXT);
// In the mcontext: `__ss` at 16 (rax 0 ... r15 120, rip 128, rflags 136),
// the fxsave image at 184 + 8 = 192 (fcw at 0, mxcsr at 24 within it).

/// darwin `SS_ONSTACK`/`SS_DISABLE` (`<sys/signal.h>`).
const D_SS_ONSTACK: c_int = 1;
const D_SS_DISABLE: c_int = 4;

core::arch::global_asm!(
    ".text",
    // Stores the callee's view of the caller's registers into `__ss` of
    // the ucontext in rdi: rax 0 (what getcontext returns when resumed),
    // rsp/rip as after the return. Clobbers rax only.
    ".p2align 4",
    "calvados_uc_save:",
    "mov qword ptr [rdi + 72], 0",
    "mov [rdi + 80], rbx",
    "mov [rdi + 88], rcx",
    "mov [rdi + 96], rdx",
    "mov [rdi + 104], rdi",
    "mov [rdi + 112], rsi",
    "mov [rdi + 120], rbp",
    "mov [rdi + 136], r8",
    "mov [rdi + 144], r9",
    "mov [rdi + 152], r10",
    "mov [rdi + 160], r11",
    "mov [rdi + 168], r12",
    "mov [rdi + 176], r13",
    "mov [rdi + 184], r14",
    "mov [rdi + 192], r15",
    // [rsp] is our return address into getcontext; [rsp + 8] the
    // program's return address; the program's rsp after it is rsp + 16.
    "lea rax, [rsp + 16]",
    "mov [rdi + 128], rax",
    "mov rax, [rsp + 8]",
    "mov [rdi + 200], rax",
    "pushfq",
    "pop rax",
    "mov [rdi + 208], rax",
    "fnstcw [rdi + 248]",
    "stmxcsr [rdi + 272]",
    "ret",
    // int getcontext(ucontext_t *)
    ".globl calvados_getcontext",
    ".hidden calvados_getcontext",
    ".p2align 4",
    "calvados_getcontext:",
    "call calvados_uc_save",
    "push rdi",
    "call {fill}",
    "pop rdi",
    "xor eax, eax",
    "ret",
    // int swapcontext(ucontext_t *old, const ucontext_t *new)
    ".globl calvados_swapcontext",
    ".hidden calvados_swapcontext",
    ".p2align 4",
    "calvados_swapcontext:",
    "call calvados_uc_save",
    "push rsi",
    "call {fill}",
    "pop rdi",
    "jmp calvados_setcontext",
    // int setcontext(const ucontext_t *)
    ".globl calvados_setcontext",
    ".hidden calvados_setcontext",
    ".p2align 4",
    "calvados_setcontext:",
    "push rdi",
    "call {mask}",
    "pop rdi",
    "test eax, eax",
    "jnz 2f",
    "mov rsi, [rdi + 48]",
    "fldcw [rsi + 192]",
    "ldmxcsr [rsi + 216]",
    "mov rsp, [rsi + 72]",
    "push qword ptr [rsi + 144]",
    "push qword ptr [rsi + 152]",
    "popfq",
    "mov rax, [rsi + 16]",
    "mov rbx, [rsi + 24]",
    "mov rcx, [rsi + 32]",
    "mov rdx, [rsi + 40]",
    "mov rdi, [rsi + 48]",
    "mov rbp, [rsi + 64]",
    "mov r8, [rsi + 80]",
    "mov r9, [rsi + 88]",
    "mov r10, [rsi + 96]",
    "mov r11, [rsi + 104]",
    "mov r12, [rsi + 112]",
    "mov r13, [rsi + 120]",
    "mov r14, [rsi + 128]",
    "mov r15, [rsi + 136]",
    "mov rsi, [rsi + 56]",
    "ret",
    "2:",
    "mov eax, -1",
    "ret",
    // Where a makecontext function returns to: rbx holds its ucontext.
    ".p2align 4",
    "calvados_uc_done:",
    "and rsp, -16",
    "mov rdi, rbx",
    "call {done}",
    "ud2",
    fill = sym fill,
    mask = sym restore_mask,
    done = sym context_done,
);

extern "C" {
    fn calvados_getcontext();
    fn calvados_setcontext();
    fn calvados_swapcontext();
    fn calvados_uc_done();
}

/// The rest of `getcontext`: mask, alternate stack, machine-context link.
///
/// # Safety
/// `uc` is a darwin `ucontext_t` with its `__mcontext_data`.
unsafe extern "C" fn fill(uc: *mut u8) {
    // SAFETY: per the contract; fields at their darwin offsets.
    unsafe {
        (uc.add(UC_SIGMASK) as *mut u32).write_unaligned(crate::kernel::signal::current_mask());
        let mut ss: libc::stack_t = core::mem::zeroed();
        libc::sigaltstack(core::ptr::null(), &mut ss);
        let on = ss.ss_flags & libc::SS_ONSTACK != 0;
        (uc.add(UC_ONSTACK) as *mut c_int).write_unaligned(on as c_int);
        let flags = if on { D_SS_ONSTACK } else { 0 }
            | if ss.ss_flags & libc::SS_DISABLE != 0 {
                D_SS_DISABLE
            } else {
                0
            };
        (uc.add(UC_STACK) as *mut crate::kernel::signal::StackT).write_unaligned(
            crate::kernel::signal::StackT {
                sp: ss.ss_sp,
                size: ss.ss_size,
                flags,
            },
        );
        (uc.add(UC_MCSIZE) as *mut usize).write_unaligned(MCONTEXT_SIZE);
        (uc.add(UC_MCONTEXT) as *mut usize).write_unaligned(uc.add(UC_MCONTEXT_DATA) as usize);
        // The exception state (__es) means nothing for a saved context.
        core::ptr::write_bytes(uc.add(UC_MCONTEXT_DATA), 0, 16);
    }
}

/// The first half of `setcontext`: 0, or -1 with `EINVAL` when the
/// context has no machine context; sets the context's signal mask.
///
/// # Safety
/// `uc` is a darwin `ucontext_t`.
unsafe extern "C" fn restore_mask(uc: *const u8) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let mc = (uc.add(UC_MCONTEXT) as *const usize).read_unaligned();
        let size = (uc.add(UC_MCSIZE) as *const usize).read_unaligned();
        if mc == 0 || size < MCONTEXT_SIZE {
            crate::errno::set(crate::errno::darwin::EINVAL);
            return -1;
        }
        crate::kernel::signal::set_mask((uc.add(UC_SIGMASK) as *const u32).read_unaligned());
    }
    0
}

/// A `makecontext` function returned: resume `uc_link`, or end the thread
/// of control as the process, as darwin does (`exit(0)`).
///
/// # Safety
/// `uc` is the context given to `makecontext`.
unsafe extern "C" fn context_done(uc: *const u8) {
    // SAFETY: per the contract.
    let link = unsafe { (uc.add(UC_LINK) as *const usize).read_unaligned() };
    if link == 0 {
        crate::c::exit::exit(0);
    }
    let set: extern "C" fn(usize) -> c_int =
        // SAFETY: our assembly setcontext has this signature.
        unsafe { core::mem::transmute(calvados_setcontext as *const ()) };
    set(link);
    // Only reached when the link context is unusable.
    crate::c::exit::exit(0);
}

/// Arguments `makecontext` accepts (6 in registers, the rest on the stack).
const MAX_ARGS: usize = 16;

/// `makecontext(uc, func, argc, ...)`: `func(args...)` runs on
/// `uc_stack` when `uc` is activated; when it returns, `uc_link` is
/// resumed (or the process exits). The integer arguments arrive as in any
/// variadic call (registers, then the stack), so they are taken as plain
/// parameters; at most [`MAX_ARGS`] are used, as darwin's `int` arguments.
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn makecontext(
    uc: *mut u8,
    func: usize,
    argc: c_int,
    a0: u64,
    a1: u64,
    a2: u64,
    a3: u64,
    a4: u64,
    a5: u64,
    a6: u64,
    a7: u64,
    a8: u64,
    a9: u64,
    a10: u64,
    a11: u64,
    a12: u64,
    a13: u64,
    a14: u64,
    a15: u64,
) {
    let args = [
        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15,
    ];
    let n = (argc.max(0) as usize).min(MAX_ARGS);
    // SAFETY: `uc` is the caller's initialised context with a stack.
    unsafe {
        let mc = (uc.add(UC_MCONTEXT) as *const usize).read_unaligned() as *mut u8;
        let st = (uc.add(UC_STACK) as *const crate::kernel::signal::StackT).read_unaligned();
        if mc.is_null() || st.sp.is_null() {
            return;
        }
        let stacked = n.saturating_sub(6);
        let mut sp = (st.sp as usize + st.size) & !15;
        sp -= (stacked * 8).next_multiple_of(16);
        for (i, &a) in args[6..6 + stacked].iter().enumerate() {
            *((sp + i * 8) as *mut u64) = a;
        }
        sp -= 8;
        *(sp as *mut usize) = calvados_uc_done as *const () as usize;
        let ss = mc.add(16) as *mut u64;
        // rdi, rsi, rdx, rcx, r8, r9 in __ss order: slots 4, 5, 3, 2, 8, 9.
        for (i, &slot) in [4usize, 5, 3, 2, 8, 9].iter().enumerate().take(n) {
            *ss.add(slot) = args[i];
        }
        *ss.add(1) = uc as u64; // rbx: the context, for calvados_uc_done
        *ss.add(7) = sp as u64; // rsp
        *ss.add(16) = func as u64; // rip
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getcontext" => calvados_getcontext,
    func "_setcontext" => calvados_setcontext,
    func "_swapcontext" => calvados_swapcontext,
    func "_makecontext" => makecontext,
};
