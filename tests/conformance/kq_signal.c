// Signal events count every signal sent to the process, even one the
// program ignores (SIG_IGN) or catches with a handler, which still runs.
// macOS side: EVFILT_SIGNAL (man 2 kqueue: "the signal ... is ignored or
// caught ... data returns the number of times the signal has occurred
// since the last call"); Linux side: a counting handler and a self-pipe
// watched by epoll.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <fcntl.h>
#include <sys/epoll.h>
static volatile sig_atomic_t counts[65];
static int selfpipe[2];
static void (*user_handler[65])(int);
static void counter(int sig) {
    counts[sig]++;
    int e = errno;
    write(selfpipe[1], "", 1);
    errno = e;
    if (user_handler[sig])
        user_handler[sig](sig);
}
#endif

static int q;
static volatile sig_atomic_t handled;
static void on_usr2(int sig) {
    (void)sig;
    handled++;
}

// The program's own disposition, then the queue's interest.
static void watch(int sig, void (*disposition)(int)) {
#ifdef __APPLE__
    signal(sig, disposition);
    struct kevent k;
    EV_SET(&k, sig, EVFILT_SIGNAL, EV_ADD, 0, 0, NULL);
    if (kevent(q, &k, 1, NULL, 0, NULL) != 0)
        perror("kevent");
#else
    user_handler[sig] = disposition == SIG_IGN || disposition == SIG_DFL ? NULL : disposition;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = counter;
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, NULL);
#endif
}

static void unwatch(int sig) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, sig, EVFILT_SIGNAL, EV_DELETE, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
    signal(sig, SIG_IGN);
#else
    signal(sig, SIG_IGN);
#endif
}

// One signal event within `ms`: its signal and count, or 0.
static int wait1(long *count, int ms) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    int n = kevent(q, NULL, 0, &k, 1, &ts);
    if (n < 0)
        printf("kevent failed, EINTR: %d\n", errno == EINTR);
    if (n != 1)
        return 0;
    *count = (long)k.data;
    return (int)k.ident;
#else
    for (;;) {
        for (int s = 1; s < 65; s++)
            if (counts[s]) {
                *count = counts[s];
                counts[s] = 0;
                return s;
            }
        struct epoll_event e;
        int n = epoll_wait(q, &e, 1, ms);
        if (n < 0 && errno == EINTR)
            continue;
        if (n != 1)
            return 0;
        char b[64];
        read(selfpipe[0], b, sizeof b);
    }
#endif
}

static const char *name(int sig) {
    return sig == SIGUSR1 ? "USR1" : sig == SIGUSR2 ? "USR2" : sig == SIGCHLD ? "CHLD" : sig ? "other" : "none";
}

static void *later(void *arg) {
    (void)arg;
    usleep(50000);
    kill(getpid(), SIGUSR1);
    return NULL;
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
    pipe(selfpipe);
    fcntl(selfpipe[0], F_SETFL, O_NONBLOCK);
    fcntl(selfpipe[1], F_SETFL, O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN};
    epoll_ctl(q, EPOLL_CTL_ADD, selfpipe[0], &ev);
#endif
    long c = 0;
    watch(SIGUSR1, SIG_IGN);
    printf("nothing yet: %s\n", name(wait1(&c, 0)));
    for (int i = 0; i < 3; i++)
        kill(getpid(), SIGUSR1);
    int s = wait1(&c, 1000);
    printf("ignored signal: %s count=%ld\n", name(s), c);
    printf("then: %s\n", name(wait1(&c, 0)));

    watch(SIGUSR2, on_usr2);
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR2);
    s = wait1(&c, 1000);
    printf("caught signal: %s count=%ld handler ran %d times\n", name(s), c, (int)handled);

    // A signal sent by another thread while we wait.
    pthread_t t;
    pthread_create(&t, NULL, later, NULL);
    s = wait1(&c, 2000);
    printf("while waiting: %s count=%ld\n", name(s), c);
    pthread_join(t, NULL);

    // SIGCHLD is ignored by default, and still counted.
    watch(SIGCHLD, SIG_DFL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    s = wait1(&c, 2000);
    printf("child exit: %s count=%ld\n", name(s), c);
    int st;
    printf("reaped: %d\n", waitpid(pid, &st, 0) == pid);

    unwatch(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("after delete: %s\n", name(wait1(&c, 50)));
    printf("still alive\n");
    return 0;
}
