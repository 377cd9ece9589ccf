// Socket readiness on a socketpair: READ with the bytes queued, WRITE
// with room to send, EV_EOF once the peer shuts down writing (data still
// counts what is left to read) and on WRITE once the peer is closed.
// On macOS: EVFILT_READ/EVFILT_WRITE on sockets (man 2 kqueue); on Linux
// epoll with EPOLLRDHUP and FIONREAD.
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#endif

static int q;

static void watch(int fd, int write_side) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, write_side ? EVFILT_WRITE : EVFILT_READ, EV_ADD, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
#else
    struct epoll_event e = {.events = write_side ? EPOLLOUT : EPOLLIN | EPOLLRDHUP, .data.fd = fd};
    epoll_ctl(q, EPOLL_CTL_ADD, fd, &e);
#endif
}

static void unwatch(int fd, int write_side) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, write_side ? EVFILT_WRITE : EVFILT_READ, EV_DELETE, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
#else
    (void)write_side;
    epoll_ctl(q, EPOLL_CTL_DEL, fd, NULL);
#endif
}

// One event: prints what it says.
static void report(const char *what, int ms) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    int n = kevent(q, NULL, 0, &k, 1, &ts);
    if (n != 1) {
        printf("%s: none\n", what);
        return;
    }
    int rd = k.filter == EVFILT_READ, eof = (k.flags & EV_EOF) != 0;
    long data = (long)k.data;
#else
    struct epoll_event e;
    int n = epoll_wait(q, &e, 1, ms);
    if (n != 1) {
        printf("%s: none\n", what);
        return;
    }
    int rd = (e.events & EPOLLOUT) == 0 || (e.events & (EPOLLIN | EPOLLRDHUP)) != 0;
    int eof = rd ? (e.events & (EPOLLRDHUP | EPOLLHUP)) != 0 : (e.events & (EPOLLHUP | EPOLLERR)) != 0;
    int avail = 0;
    if (rd)
        ioctl(e.data.fd, FIONREAD, &avail);
    long data = rd ? avail : 1;
#endif
    printf("%s: %s eof=%d data%s\n", what, rd ? "read" : "write", eof,
           rd ? (data == 0 ? "=0" : data == 4 ? "=4" : "=other") : (data > 0 ? ">0" : "=0"));
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
#endif
    int s[2];
    printf("socketpair: %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    watch(s[0], 1);
    report("writable", 1000);
    unwatch(s[0], 1);
    watch(s[0], 0);
    report("nothing to read", 0);
    write(s[1], "ping", 4);
    report("4 bytes", 1000);
    shutdown(s[1], SHUT_WR);
    report("peer shut down", 1000);
    char buf[8];
    printf("read %zd\n", read(s[0], buf, sizeof buf));
    report("drained", 1000);
    unwatch(s[0], 0);
    close(s[1]);
    watch(s[0], 1);
    report("peer closed", 1000);
    return 0;
}
