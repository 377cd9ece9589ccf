// cflags: -Wno-deprecated-declarations
//
// The older signal interfaces: XSI sighold/sigrelse/sigignore/sigset/
// sigpause and 4.2BSD sigblock/sigsetmask, sigmask().
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#define _DARWIN_C_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t hits;

static void h(int sig) {
    (void)sig;
    hits++;
}

static int blocked(int sig) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

int main(void) {
    signal(SIGUSR1, h);
    printf("sighold: %d blocked %d\n", sighold(SIGUSR1), blocked(SIGUSR1));
    raise(SIGUSR1);
    printf("held: hits %d\n", (int)hits);
    printf("sigrelse: %d blocked %d hits %d\n", sigrelse(SIGUSR1), blocked(SIGUSR1), (int)hits);

    printf("sigignore: %d\n", sigignore(SIGUSR2));
    raise(SIGUSR2);
    struct sigaction q;
    sigaction(SIGUSR2, NULL, &q);
    printf("ignored, SIG_IGN: %d\n", q.sa_handler == SIG_IGN);

    void (*prev)(int) = sigset(SIGUSR1, SIG_HOLD);
    printf("sigset(SIG_HOLD) returns handler: %d, blocked %d\n", prev == h, blocked(SIGUSR1));
    raise(SIGUSR1);
    prev = sigset(SIGUSR1, h);
    printf("sigset(h) returns SIG_HOLD: %d, blocked %d, hits %d\n", prev == SIG_HOLD,
           blocked(SIGUSR1), (int)hits);
    prev = sigset(SIGUSR1, h);
    printf("sigset again returns h: %d\n", prev == h);

    sighold(SIGUSR1);
    raise(SIGUSR1);
    errno = 0;
    int r = sigpause(SIGUSR1);
    printf("sigpause: %d EINTR %d hits %d still blocked %d\n", r, errno == EINTR, (int)hits,
           blocked(SIGUSR1));
    sigrelse(SIGUSR1);

    int old = sigblock(sigmask(SIGUSR1) | sigmask(SIGHUP));
    printf("sigblock: old had USR1 %d; USR1 %d HUP %d\n", (old & sigmask(SIGUSR1)) != 0,
           blocked(SIGUSR1), blocked(SIGHUP));
    int mid = sigsetmask(old);
    printf("sigsetmask: prev had HUP %d; now USR1 %d HUP %d\n", (mid & sigmask(SIGHUP)) != 0,
           blocked(SIGUSR1), blocked(SIGHUP));

    prev = signal(SIGUSR2, h);
    printf("signal returns SIG_IGN: %d\n", prev == SIG_IGN);
    raise(SIGUSR2);
    printf("hits %d\n", (int)hits);
    errno = 0;
    printf("sighold(bad): %d EINVAL %d\n", sighold(1000), errno == EINVAL);
    return 0;
}
