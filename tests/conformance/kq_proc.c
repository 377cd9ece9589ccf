// Process exit events: NOTE_EXIT fires when a watched child exits, with its
// wait status in data when NOTE_EXITSTATUS is asked; the event carries
// EV_EOF and is removed after delivery; watching a process that does not
// exist fails with ESRCH. On macOS: EVFILT_PROC (man 2 kqueue); on Linux
// a pidfd in epoll and waitid(P_PIDFD, WNOWAIT).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#include <sys/syscall.h>
#ifndef P_PIDFD
#define P_PIDFD 3
#endif
static int pidfds[8];
static pid_t pids[8];
static int npid;
#endif

static int q;

static int watch(pid_t pid) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, pid, EVFILT_PROC, EV_ADD, NOTE_EXIT | NOTE_EXITSTATUS, 0, NULL);
    return kevent(q, &k, 1, NULL, 0, NULL);
#else
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0)
        return -1;
    pidfds[npid] = fd;
    pids[npid] = pid;
    struct epoll_event e = {.events = EPOLLIN, .data.u32 = npid++};
    return epoll_ctl(q, EPOLL_CTL_ADD, fd, &e);
#endif
}

// Waits for an exit: the pid, its status in *status, EOF flag in *eof.
static pid_t wait_exit(int *status, int *eof, int ms) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    if (kevent(q, NULL, 0, &k, 1, &ts) != 1)
        return 0;
    *status = (int)k.data;
    *eof = (k.flags & EV_EOF) != 0 && (k.fflags & NOTE_EXIT) != 0;
    return (pid_t)k.ident;
#else
    struct epoll_event e;
    if (epoll_wait(q, &e, 1, ms) != 1)
        return 0;
    int i = e.data.u32;
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PIDFD, pidfds[i], &si, WEXITED | WNOWAIT);
    *status = si.si_code == CLD_EXITED ? si.si_status << 8 : si.si_status;
    *eof = 1;
    epoll_ctl(q, EPOLL_CTL_DEL, pidfds[i], NULL); // reported once
    close(pidfds[i]);
    return pids[i];
#endif
}

static pid_t child(int gate, int code) {
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        read(gate, &c, 1); // wait until the parent watches
        _exit(code);
    }
    return pid;
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
#endif
    int g[2];
    pipe(g);
    pid_t a = child(g[0], 7);
    printf("watch child: %d\n", watch(a));
    int st = 0, eof = 0;
    printf("still running: %d\n", wait_exit(&st, &eof, 50));
    write(g[1], "x", 1);
    pid_t who = wait_exit(&st, &eof, 2000);
    printf("exit: pid ok=%d exited=%d code=%d eof=%d\n", who == a, WIFEXITED(st), WEXITSTATUS(st), eof);
    printf("reported once: %d\n", wait_exit(&st, &eof, 50));
    int ws;
    printf("waitpid still reaps it: %d code=%d\n", waitpid(a, &ws, 0) == a, WEXITSTATUS(ws));

    // A child killed by a signal.
    pid_t b = child(g[0], 0);
    watch(b);
    kill(b, SIGTERM);
    who = wait_exit(&st, &eof, 2000);
    printf("killed: pid ok=%d signaled=%d SIGTERM=%d\n", who == b, WIFSIGNALED(st), WTERMSIG(st) == SIGTERM);
    waitpid(b, &ws, 0);

    // The reaped child no longer exists.
    int r = watch(a);
    printf("watch reaped: %d errno==ESRCH: %d\n", r, r < 0 && errno == ESRCH);
    return 0;
}
