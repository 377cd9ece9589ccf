// getcontext/makecontext/swapcontext/setcontext: coroutines with their own
// stacks, arguments in registers and on the stack, uc_link on return, the
// signal mask carried by a context, getcontext returning twice.
// cflags: -Wno-deprecated-declarations
#define _XOPEN_SOURCE 700
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

static ucontext_t main_uc, co_uc, done_uc;
static int trace[32], ntrace;
static double fsum;

static void coroutine(int a, int b, int c, int d, int e, int f, int g, int h) {
    printf("co args: %d %d %d %d %d %d %d %d\n", a, b, c, d, e, f, g, h);
    for (int i = 0; i < 3; i++) {
        trace[ntrace++] = 100 + i;
        fsum += 0.5 * i;  /* floating point across switches */
        swapcontext(&co_uc, &main_uc);
    }
    trace[ntrace++] = 199;
    /* returning resumes uc_link */
}

static void finisher(void) {
    trace[ntrace++] = 300;
    setcontext(&main_uc);
}

int main(void) {
    char *stack1 = malloc(256 * 1024), *stack2 = malloc(64 * 1024);
    getcontext(&done_uc);
    done_uc.uc_stack.ss_sp = stack2;
    done_uc.uc_stack.ss_size = 64 * 1024;
    done_uc.uc_link = NULL;
    makecontext(&done_uc, finisher, 0);

    printf("getcontext: %d\n", getcontext(&co_uc));
    co_uc.uc_stack.ss_sp = stack1;
    co_uc.uc_stack.ss_size = 256 * 1024;
    co_uc.uc_link = &done_uc;
    makecontext(&co_uc, (void (*)(void))coroutine, 8, 1, 2, 3, 4, 5, 6, 7, 8);

    volatile int rounds = 0;
    double local = 1.25;
    while (rounds < 4) {
        trace[ntrace++] = rounds;
        rounds++;
        if (swapcontext(&main_uc, &co_uc) != 0)
            puts("swapcontext failed");
        local *= 2;
    }
    /* After the 4th switch the coroutine returned: done_uc ran finisher,
       which resumed main_uc, i.e. the last swapcontext returned. */
    printf("trace:");
    for (int i = 0; i < ntrace; i++)
        printf(" %d", trace[i]);
    printf("\nfsum=%g local=%g\n", fsum, local);

    /* getcontext returns twice; the mask travels with the context. */
    volatile int second = 0;
    sigset_t block, cur;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    ucontext_t uc;
    getcontext(&uc);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("pass %d: SIGUSR1 blocked=%d\n", second, sigismember(&cur, SIGUSR1));
    if (!second) {
        second = 1;
        sigprocmask(SIG_BLOCK, &block, NULL);
        setcontext(&uc);
        puts("not reached");
    }
    free(stack1);
    free(stack2);
    return 0;
}
