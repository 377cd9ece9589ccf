//! `setjmp`/`longjmp` on darwin's `jmp_buf` (37 ints, `<setjmp.h>`), which
//! is smaller than glibc's, so glibc's cannot be used. Layout (ours; only
//! our functions read it): rbx, rbp, rsp, r12–r15, rip at 0..64, mxcsr at
//! 64, x87 control word at 68, darwin signal mask at 72, "mask saved" at 76.
//! `setjmp`/`longjmp` save and restore the mask (BSD semantics), `_setjmp`/
//! `_longjmp` do not, `sigsetjmp` decides by its argument.

core::arch::global_asm!(
    ".text",
    ".globl calvados_setjmp",
    ".hidden calvados_setjmp",
    "calvados_setjmp:",
    "mov esi, 1",
    "jmp calvados_sigsetjmp",
    ".globl calvados__setjmp",
    ".hidden calvados__setjmp",
    "calvados__setjmp:",
    "xor esi, esi",
    "jmp calvados_sigsetjmp",
    ".globl calvados_sigsetjmp",
    ".hidden calvados_sigsetjmp",
    "calvados_sigsetjmp:",
    "mov [rdi], rbx",
    "mov [rdi + 8], rbp",
    "lea rax, [rsp + 8]",
    "mov [rdi + 16], rax",
    "mov [rdi + 24], r12",
    "mov [rdi + 32], r13",
    "mov [rdi + 40], r14",
    "mov [rdi + 48], r15",
    "mov rax, [rsp]",
    "mov [rdi + 56], rax",
    "stmxcsr [rdi + 64]",
    "fnstcw [rdi + 68]",
    "mov [rdi + 76], esi",
    "test esi, esi",
    "jz 2f",
    "push rdi",
    "call {save}",
    "pop rdi",
    "2:",
    "xor eax, eax",
    "ret",
    ".globl calvados_longjmp",
    ".hidden calvados_longjmp",
    "calvados_longjmp:",
    "push rdi",
    "push rsi",
    "sub rsp, 8",
    "call {restore}",
    "add rsp, 8",
    "pop rsi",
    "pop rdi",
    ".globl calvados__longjmp",
    ".hidden calvados__longjmp",
    "calvados__longjmp:",
    "ldmxcsr [rdi + 64]",
    "fldcw [rdi + 68]",
    "mov rbx, [rdi]",
    "mov rbp, [rdi + 8]",
    "mov r12, [rdi + 24]",
    "mov r13, [rdi + 32]",
    "mov r14, [rdi + 40]",
    "mov r15, [rdi + 48]",
    "mov eax, esi",
    "test eax, eax",
    "jnz 3f",
    "inc eax",
    "3:",
    "mov rsp, [rdi + 16]",
    "jmp qword ptr [rdi + 56]",
    save = sym save_mask,
    restore = sym restore_mask,
);

extern "C" fn save_mask(env: *mut u8) {
    let m = crate::kernel::signal::current_mask();
    // SAFETY: `env` is the caller's jmp_buf (148 bytes).
    unsafe { (env.add(72) as *mut u32).write_unaligned(m) };
}

extern "C" fn restore_mask(env: *const u8) {
    // SAFETY: `env` is a jmp_buf filled by our setjmp.
    unsafe {
        if (env.add(76) as *const u32).read_unaligned() != 0 {
            crate::kernel::signal::set_mask((env.add(72) as *const u32).read_unaligned());
        }
    }
}

extern "C" {
    fn calvados_setjmp();
    fn calvados__setjmp();
    fn calvados_sigsetjmp();
    fn calvados_longjmp();
    fn calvados__longjmp();
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_setjmp" => calvados_setjmp,
    func "__setjmp" => calvados__setjmp,
    func "_sigsetjmp" => calvados_sigsetjmp,
    func "_longjmp" => calvados_longjmp,
    func "__longjmp" => calvados__longjmp,
    func "_siglongjmp" => calvados_longjmp,
    func "_longjmperror" => longjmperror,
};

extern "C" fn longjmperror() {
    let msg = b"longjmp botch.\n";
    // SAFETY: writing a static buffer.
    unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
}
