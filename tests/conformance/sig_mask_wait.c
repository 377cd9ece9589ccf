// Signal masks and waiting: sigprocmask/pthread_sigmask (block, unblock,
// setmask, invalid how), sigpending, sigsuspend delivering a pending
// signal, sigwait taking one without a handler, a blocked signal staying
// pending until unblocked, SIGKILL/SIGSTOP not blockable.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_usr2, got_alrm, order[4], norder;

static void handler(int sig) {
    if (sig == SIGUSR1)
        got_usr1++;
    if (sig == SIGUSR2)
        got_usr2++;
    if (sig == SIGALRM)
        got_alrm++;
    if (norder < 4)
        order[norder++] = sig;
}

static int blocked(int sig) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

int main(void) {
    signal(SIGUSR1, handler);
    signal(SIGUSR2, handler);
    signal(SIGALRM, handler);

    sigset_t s, old;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    printf("block: %d, USR1 blocked: %d, USR2 blocked: %d, TERM blocked: %d\n",
           sigprocmask(SIG_BLOCK, &s, &old), blocked(SIGUSR1), blocked(SIGUSR2), blocked(SIGTERM));
    printf("old mask empty: %d\n", !sigismember(&old, SIGUSR1) && !sigismember(&old, SIGUSR2));

    raise(SIGUSR1);
    kill(getpid(), SIGUSR2);
    sigset_t pend;
    sigemptyset(&pend);
    sigpending(&pend);
    printf("pending USR1: %d USR2: %d ALRM: %d; handled so far: %d %d\n", sigismember(&pend, SIGUSR1),
           sigismember(&pend, SIGUSR2), sigismember(&pend, SIGALRM), (int)got_usr1, (int)got_usr2);

    // A blocked signal sent twice is still pending once.
    raise(SIGUSR1);

    // sigsuspend with a mask that unblocks only USR2.
    sigset_t wait_mask = s;
    sigdelset(&wait_mask, SIGUSR2);
    int r = sigsuspend(&wait_mask);
    printf("sigsuspend: %d errno==EINTR: %d; usr1=%d usr2=%d\n", r, errno == EINTR, (int)got_usr1,
           (int)got_usr2);
    printf("mask back after sigsuspend: USR1 %d USR2 %d\n", blocked(SIGUSR1), blocked(SIGUSR2));

    // sigwait takes the pending USR1 without running its handler.
    sigset_t w;
    sigemptyset(&w);
    sigaddset(&w, SIGUSR1);
    int got = 0;
    r = sigwait(&w, &got);
    printf("sigwait: %d, got USR1: %d, handler not run: %d\n", r, got == SIGUSR1, got_usr1 == 0);
    sigpending(&pend);
    printf("USR1 still pending: %d\n", sigismember(&pend, SIGUSR1));

    // Unblocking delivers pending signals before sigprocmask returns.
    raise(SIGUSR1);
    raise(SIGUSR2);
    norder = 0;
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    printf("after unblock: usr1=%d usr2=%d delivered=%d\n", (int)got_usr1, (int)got_usr2, (int)norder);

    // SIG_SETMASK replaces the mask.
    sigset_t only_alrm;
    sigemptyset(&only_alrm);
    sigaddset(&only_alrm, SIGALRM);
    sigprocmask(SIG_SETMASK, &only_alrm, &old);
    printf("setmask: ALRM %d USR1 %d; old had USR1: %d\n", blocked(SIGALRM), blocked(SIGUSR1),
           sigismember(&old, SIGUSR1));

    // SIGKILL and SIGSTOP cannot be blocked.
    sigset_t full;
    sigfillset(&full);
    sigprocmask(SIG_SETMASK, &full, NULL);
    printf("full mask: KILL %d STOP %d HUP %d\n", blocked(SIGKILL), blocked(SIGSTOP), blocked(SIGHUP));
    sigprocmask(SIG_SETMASK, &only_alrm, NULL);

    // Invalid how: EINVAL from sigprocmask (-1/errno) and pthread_sigmask (return value).
    errno = 0;
    r = sigprocmask(12345, &s, NULL);
    printf("sigprocmask bad how: %d errno==EINVAL: %d\n", r, errno == EINVAL);
    r = pthread_sigmask(12345, &s, NULL);
    printf("pthread_sigmask bad how returns EINVAL: %d\n", r == EINVAL);
    // With a NULL set, how is not looked at.
    r = sigprocmask(12345, NULL, &old);
    printf("NULL set ignores how: %d, ALRM in old: %d\n", r, sigismember(&old, SIGALRM));
    r = sigprocmask(SIG_SETMASK, NULL, &old);
    printf("SIG_SETMASK with NULL set only reads: %d, ALRM still blocked: %d\n", r, blocked(SIGALRM));

    // pthread_sigmask is per thread: a blocked ALRM in main is delivered
    // after unblocking.
    alarm(1);
    sleep(2);
    printf("ALRM while blocked: %d\n", (int)got_alrm);
    pthread_sigmask(SIG_UNBLOCK, &only_alrm, NULL);
    printf("ALRM after unblock: %d\n", (int)got_alrm);

    return 0;
}
