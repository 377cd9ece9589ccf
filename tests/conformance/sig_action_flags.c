// sigaction flags and BSD signal(): SA_RESETHAND, SA_NODEFER, sa_mask
// during the handler, SA_RESTART against siginterrupt() on a blocking
// read, the previous action returned, SIG_IGN, and invalid requests.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int pfd[2];
static volatile sig_atomic_t depth, max_depth, calls, self_blocked, usr2_blocked;

static int is_blocked(int sig) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

static void nested(int sig) {
    calls++;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    self_blocked = is_blocked(sig);
    usr2_blocked = is_blocked(SIGUSR2);
    if (calls == 1)
        raise(sig); // delivered now only with SA_NODEFER
    depth--;
}

static void count(int sig) {
    (void)sig;
    calls++;
}

static void feed(int sig) {
    (void)sig;
    calls++;
    write(pfd[1], "x", 1);
}

static void set(int sig, void (*h)(int), int flags, int masked) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (masked)
        sigaddset(&sa.sa_mask, masked);
    if (sigaction(sig, &sa, NULL) != 0)
        perror("sigaction");
}

static void try_read(const char *what) {
    char c;
    calls = 0;
    ualarm(100000, 0);
    errno = 0;
    ssize_t n = read(pfd[0], &c, 1);
    int e = errno;
    printf("%s: read=%zd EINTR=%d handler=%d", what, n, e == EINTR, (int)calls);
    if (n < 0)
        printf(" then read=%zd", read(pfd[0], &c, 1));
    printf("\n");
}

int main(void) {
    pipe(pfd);

    // Without SA_NODEFER the signal is blocked in its handler; sa_mask adds USR2.
    set(SIGUSR1, nested, 0, SIGUSR2);
    raise(SIGUSR1);
    printf("default: calls=%d max_depth=%d self blocked=%d usr2 blocked=%d\n", (int)calls,
           (int)max_depth, (int)self_blocked, (int)usr2_blocked);

    calls = max_depth = 0;
    set(SIGUSR1, nested, SA_NODEFER, 0);
    raise(SIGUSR1);
    printf("SA_NODEFER: calls=%d max_depth=%d self blocked=%d usr2 blocked=%d\n", (int)calls,
           (int)max_depth, (int)self_blocked, (int)usr2_blocked);

    // SA_RESETHAND: one delivery, then the default action is back.
    calls = 0;
    set(SIGUSR2, count, SA_RESETHAND, 0);
    raise(SIGUSR2);
    struct sigaction q;
    sigaction(SIGUSR2, NULL, &q);
    printf("SA_RESETHAND: calls=%d now SIG_DFL=%d\n", (int)calls, q.sa_handler == SIG_DFL);

    // Restart behaviour on a read from an empty pipe.
    set(SIGALRM, feed, SA_RESTART, 0);
    try_read("SA_RESTART");
    set(SIGALRM, feed, 0, 0);
    try_read("no SA_RESTART");
    printf("signal() previous handler is feed: %d\n", signal(SIGALRM, feed) == feed);
    try_read("signal()");
    printf("siginterrupt(1): %d\n", siginterrupt(SIGALRM, 1));
    try_read("after siginterrupt(1)");
    sigaction(SIGALRM, NULL, &q);
    printf("SA_RESTART now: %d\n", (q.sa_flags & SA_RESTART) != 0);
    siginterrupt(SIGALRM, 0);
    try_read("after siginterrupt(0)");

    // The previous action comes back from sigaction.
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, &old);
    printf("old handler nested: %d, old NODEFER: %d\n", old.sa_handler == nested,
           (old.sa_flags & SA_NODEFER) != 0);
    calls = 0;
    raise(SIGUSR1);
    printf("SIG_IGN: calls=%d\n", (int)calls);
    sigaction(SIGUSR1, NULL, &old);
    printf("query SIG_IGN: %d\n", old.sa_handler == SIG_IGN);

    // Invalid requests.
    errno = 0;
    printf("sigaction(SIGKILL): %d EINVAL=%d\n", sigaction(SIGKILL, &sa, NULL), errno == EINVAL);
    errno = 0;
    printf("sigaction(SIGSTOP): %d EINVAL=%d\n", sigaction(SIGSTOP, &sa, NULL), errno == EINVAL);
    errno = 0;
    printf("sigaction(0): %d EINVAL=%d\n", sigaction(0, &sa, NULL), errno == EINVAL);
    errno = 0;
    printf("sigaction(200): %d EINVAL=%d\n", sigaction(200, &sa, NULL), errno == EINVAL);
    printf("query SIGKILL works: %d, is SIG_DFL: %d\n", sigaction(SIGKILL, NULL, &old),
           old.sa_handler == SIG_DFL);
    errno = 0;
    printf("signal(SIGKILL) is SIG_ERR: %d EINVAL=%d\n", signal(SIGKILL, SIG_IGN) == SIG_ERR,
           errno == EINVAL);
    errno = 0;
    printf("raise(0 signal) works: %d; kill bad signal: %d EINVAL=%d\n", kill(getpid(), 0),
           kill(getpid(), 300), errno == EINVAL);
    return 0;
}
