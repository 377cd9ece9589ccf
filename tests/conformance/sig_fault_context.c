// SA_SIGINFO handlers for hardware faults: si_code and si_addr, and the
// machine context: a handler skips a faulting instruction (SIGILL on ud2,
// SIGFPE on a division by zero) by advancing rip, and redirects a SIGSEGV
// to another function by rewriting rip, rsp and rdi. The context is
// spelled differently on each system (darwin: uc_mcontext->__ss.__rip).
#define _GNU_SOURCE
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>

#ifdef __APPLE__
#define RIP(uc) ((uc)->uc_mcontext->__ss.__rip)
#define RSP(uc) ((uc)->uc_mcontext->__ss.__rsp)
#define RDI(uc) ((uc)->uc_mcontext->__ss.__rdi)
#define RAX(uc) ((uc)->uc_mcontext->__ss.__rax)
#define MXCSR(uc) ((uc)->uc_mcontext->__fs.__fpu_mxcsr)
#else
#define RIP(uc) ((uc)->uc_mcontext.gregs[REG_RIP])
#define RSP(uc) ((uc)->uc_mcontext.gregs[REG_RSP])
#define RDI(uc) ((uc)->uc_mcontext.gregs[REG_RDI])
#define RAX(uc) ((uc)->uc_mcontext.gregs[REG_RAX])
#define MXCSR(uc) ((uc)->uc_mcontext.fpregs->mxcsr)
#endif

static volatile sig_atomic_t ill_seen, fpe_seen, segv_seen;
static volatile int ill_code_ok, fpe_code_ok, segv_code_ok, segv_addr_ok, fpe_addr_ok;
static volatile int mxcsr_masked;
static volatile uintptr_t ud2_at;

static void on_ill(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    ill_seen = sig == SIGILL;
    ill_code_ok = si->si_signo == SIGILL && (uintptr_t)si->si_addr == RIP(uc);
    RIP(uc) += 2; // ud2 is two bytes
}

static void on_fpe(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    fpe_seen = sig == SIGFPE;
    fpe_code_ok = si->si_code == FPE_INTDIV;
    fpe_addr_ok = (uintptr_t)si->si_addr == RIP(uc);
    // Default MXCSR masks all SSE exceptions (bits 7..12).
    mxcsr_masked = (MXCSR(uc) & 0x1f80) == 0x1f80;
    RAX(uc) = 777;  // the quotient the program will see
    RIP(uc) += 2;   // idiv ecx is two bytes (f7 f9)
}

static jmp_buf back;
static volatile long recovered_with;

static void recovery(long arg) {
    recovered_with = arg;
    longjmp(back, 1);
}

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    segv_seen = sig == SIGSEGV;
    segv_code_ok = si->si_code == SEGV_MAPERR;
    segv_addr_ok = (uintptr_t)si->si_addr == 0x10;
    // Call recovery(1234) on an aligned stack instead of returning.
    RSP(uc) = ((RSP(uc) - 256) & ~(uintptr_t)15) - 8;
    RDI(uc) = 1234;
    RIP(uc) = (uintptr_t)recovery;
}

static void install(int sig, void (*f)(int, siginfo_t *, void *)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = f;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0)
        perror("sigaction");
}

int main(void) {
    install(SIGILL, on_ill);
    install(SIGFPE, on_fpe);
    install(SIGSEGV, on_segv);

    int after = 0;
    __asm__ volatile("ud2\n\tmovl $5, %0" : "=r"(after));
    printf("SIGILL seen: %d, si_addr is rip: %d, continued after ud2: %d\n", (int)ill_seen,
           ill_code_ok, after);

    int q;
    __asm__ volatile("xorl %%edx, %%edx\n\tmovl $100, %%eax\n\txorl %%ecx, %%ecx\n\t"
                     ".byte 0xf7, 0xf9\n\t"
                     : "=a"(q)
                     :
                     : "ecx", "edx");
    printf("SIGFPE seen: %d, FPE_INTDIV: %d, si_addr is rip: %d, quotient from handler: %d, "
           "mxcsr masked: %d\n",
           (int)fpe_seen, fpe_code_ok, fpe_addr_ok, q, mxcsr_masked);

    if (setjmp(back) == 0) {
        volatile int *bad = (volatile int *)0x10;
        *bad = 1;
        puts("not reached");
    }
    printf("SIGSEGV seen: %d, SEGV_MAPERR: %d, si_addr: %d, recovered with %ld\n", (int)segv_seen,
           segv_code_ok, segv_addr_ok, recovered_with);

    // The handlers stay installed (no SA_RESETHAND): a second fault works too.
    ill_seen = 0;
    __asm__ volatile("ud2");
    printf("second SIGILL handled: %d\n", (int)ill_seen);
    return 0;
}
