// select and pselect on pipes and sockets: timeouts with nothing ready,
// readable and writable sets, FD_* macros on fd_set, EBADF for a closed
// descriptor, a pselect mask that holds a signal back until it returns,
// and descriptors above 64 (past the first fd_set word on both systems).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_usr1(int s) {
    (void)s;
    got++;
}

int main(void) {
    int p[2];
    pipe(p);
    fd_set r, w;
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    printf("FD_ISSET after FD_SET: %d other: %d\n", FD_ISSET(p[0], &r) != 0, FD_ISSET(p[1], &r) != 0);
    struct timeval tv = {0, 50000};
    int n = select(p[0] + 1, &r, NULL, NULL, &tv);
    printf("empty pipe, 50ms: %d still set: %d\n", n, FD_ISSET(p[0], &r) != 0);

    write(p[1], "x", 1);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    FD_ZERO(&w);
    FD_SET(p[1], &w);
    tv.tv_sec = 1;
    tv.tv_usec = 0;
    n = select(p[1] + 1, &r, &w, NULL, &tv);
    printf("data ready: %d readable: %d writable: %d\n", n, FD_ISSET(p[0], &r) != 0, FD_ISSET(p[1], &w) != 0);

    // A zero timeout polls.
    char c;
    read(p[0], &c, 1);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    printf("poll-style select: %d\n", select(p[0] + 1, &r, NULL, NULL, &tv));

    // Writer closed: the read end is readable (EOF).
    close(p[1]);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_sec = 1;
    n = select(p[0] + 1, &r, NULL, NULL, &tv);
    printf("after writer closed: %d readable: %d read: %zd\n", n, FD_ISSET(p[0], &r) != 0, read(p[0], &c, 1));

    FD_CLR(p[0], &r);
    printf("FD_CLR: %d\n", FD_ISSET(p[0], &r) != 0);
    int closed = p[1];
    FD_ZERO(&r);
    FD_SET(closed, &r);
    tv.tv_sec = 0;
    errno = 0;
    printf("closed fd: %d errno==EBADF: %d\n", select(closed + 1, &r, NULL, NULL, &tv), errno == EBADF);
    errno = 0;
    printf("negative nfds: %d errno==EINVAL: %d\n", select(-1, NULL, NULL, NULL, &tv), errno == EINVAL);
    close(p[0]);

    // Sockets, with high descriptor numbers.
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int a = dup2(sv[0], 100), b = dup2(sv[1], 70);
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(a, &r);
    FD_SET(b, &r);
    FD_SET(a, &w);
    tv.tv_sec = 0;
    tv.tv_usec = 20000;
    n = select(a + 1, &r, &w, NULL, &tv);
    printf("high fds: %d a readable: %d b readable: %d a writable: %d\n", n, FD_ISSET(a, &r) != 0,
           FD_ISSET(b, &r) != 0, FD_ISSET(a, &w) != 0);
    send(a, "hi", 2, 0);
    FD_ZERO(&r);
    FD_SET(a, &r);
    FD_SET(b, &r);
    tv.tv_sec = 1;
    n = select(a + 1, &r, NULL, NULL, &tv);
    printf("after send: %d a readable: %d b readable: %d\n", n, FD_ISSET(a, &r) != 0, FD_ISSET(b, &r) != 0);

    // pselect: SIGUSR1 blocked outside, unblocked only while waiting.
    signal(SIGUSR1, on_usr1);
    sigset_t block, during;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    printf("pending while blocked: got=%d\n", (int)got);
    sigemptyset(&during);
    FD_ZERO(&r);
    FD_SET(sv[1], &r);
    recv(b, &c, 1, 0);
    recv(b, &c, 1, 0);
    struct timespec ts = {2, 0};
    errno = 0;
    n = pselect(sv[1] + 1, &r, NULL, NULL, &ts, &during);
    printf("pselect interrupted: %d errno==EINTR: %d got=%d\n", n, errno == EINTR, (int)got);
    ts.tv_sec = 0;
    ts.tv_nsec = 10000000;
    FD_ZERO(&r);
    FD_SET(sv[1], &r);
    n = pselect(sv[1] + 1, &r, NULL, NULL, &ts, NULL);
    printf("pselect timeout: %d\n", n);
    ts.tv_nsec = 2000000000;
    errno = 0;
    printf("pselect bad nsec: %d errno==EINVAL: %d\n", pselect(0, NULL, NULL, NULL, &ts, NULL), errno == EINVAL);
    tv.tv_sec = 0;
    tv.tv_usec = 30000;
    printf("select as sleep: %d\n", select(0, NULL, NULL, NULL, &tv));
    return 0;
}
