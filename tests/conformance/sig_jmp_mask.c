// darwin-differs: macOS setjmp(3): "The setjmp()/longjmp() pairs save and restore the signal mask while _setjmp()/_longjmp() pairs save and restore only the register set and the stack"; glibc's setjmp does not save the mask
//
// Non-local jumps and the signal mask: setjmp/longjmp, _setjmp/_longjmp,
// sigsetjmp/siglongjmp with and without saving the mask, jumping out of
// a signal handler (the handler's blocked signal stays blocked unless the
// jump restores the mask), and values passed through the jump.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static sigjmp_buf senv;
static volatile int use_sig;

static int usr1_blocked(void) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, SIGUSR1);
}

static void block_usr1(void) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
}

static void unblock_all(void) {
    sigset_t s;
    sigemptyset(&s);
    sigprocmask(SIG_SETMASK, &s, NULL);
}

static void jump_out(int sig) {
    (void)sig;
    if (use_sig)
        siglongjmp(senv, 5);
    longjmp(env, 4);
}

static int depth(int n, int v) {
    if (n == 0)
        longjmp(env, v);
    return depth(n - 1, v) + 1;
}

int main(void) {
    volatile int r;

    r = setjmp(env);
    if (r == 0) {
        block_usr1();
        longjmp(env, 1);
    }
    printf("setjmp/longjmp: r=%d USR1 blocked after: %d\n", r, usr1_blocked());
    unblock_all();

    r = _setjmp(env);
    if (r == 0) {
        block_usr1();
        _longjmp(env, 2);
    }
    printf("_setjmp/_longjmp: r=%d USR1 blocked after: %d\n", r, usr1_blocked());
    unblock_all();

    r = sigsetjmp(senv, 1);
    if (r == 0) {
        block_usr1();
        siglongjmp(senv, 3);
    }
    printf("sigsetjmp(1): r=%d USR1 blocked after: %d\n", r, usr1_blocked());
    unblock_all();

    r = sigsetjmp(senv, 0);
    if (r == 0) {
        block_usr1();
        siglongjmp(senv, 3);
    }
    printf("sigsetjmp(0): r=%d USR1 blocked after: %d\n", r, usr1_blocked());
    unblock_all();

    // Out of a handler: USR1 is blocked while its handler runs.
    signal(SIGUSR1, jump_out);
    r = setjmp(env);
    if (r == 0)
        raise(SIGUSR1);
    printf("longjmp from handler: r=%d USR1 blocked after: %d\n", r, usr1_blocked());
    unblock_all();

    use_sig = 1;
    r = sigsetjmp(senv, 1);
    if (r == 0)
        raise(SIGUSR1);
    printf("siglongjmp from handler: r=%d USR1 blocked after: %d\n", r, usr1_blocked());

    volatile int kept = 11;
    r = setjmp(env);
    if (r == 0) {
        kept = 22;
        depth(100, 0);
    }
    printf("longjmp(0) gives %d, volatile local %d\n", r, kept);
    return 0;
}
