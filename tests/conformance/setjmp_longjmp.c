// setjmp/longjmp and sigsetjmp/siglongjmp (including restoring the signal
// mask), across several stack frames.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static sigjmp_buf senv;

static void deep(int n) {
    if (n == 0)
        longjmp(env, 42);
    deep(n - 1);
    puts("not reached");
}

int main(void) {
    volatile int visits = 0;
    int r = setjmp(env);
    visits++;
    printf("setjmp returned %d (visit %d)\n", r, visits);
    if (r == 0)
        deep(50);

    r = setjmp(env);
    if (r == 0)
        longjmp(env, 0); // longjmp(…, 0) makes setjmp return 1
    printf("longjmp with 0 gives %d\n", r);

    sigset_t set, cur;
    sigemptyset(&set);
    if (sigsetjmp(senv, 1) == 0) {
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        sigprocmask(SIG_BLOCK, NULL, &cur);
        printf("blocked before siglongjmp: %d\n", sigismember(&cur, SIGUSR1));
        siglongjmp(senv, 7);
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask restored by siglongjmp: %d\n", !sigismember(&cur, SIGUSR1));
    return 0;
}
