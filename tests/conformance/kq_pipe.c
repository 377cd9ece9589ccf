// Pipe readiness with byte counts, write space, EOF and a timed-out poll.
// macOS side: kqueue EVFILT_READ/EVFILT_WRITE (man 2 kqueue: READ data is
// the bytes available, EV_EOF when the last writer closes); Linux side:
// the same scenario observed with epoll and FIONREAD.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#endif

struct ev {
    int fd, readable, writable, eof;
    long data;
};

static int q;

static void watch(int fd, int want_write) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, want_write ? EVFILT_WRITE : EVFILT_READ, EV_ADD, 0, 0, NULL);
    if (kevent(q, &k, 1, NULL, 0, NULL) != 0)
        perror("kevent add");
#else
    struct epoll_event e = {.events = want_write ? EPOLLOUT : EPOLLIN, .data.fd = fd};
    if (epoll_ctl(q, EPOLL_CTL_ADD, fd, &e) != 0)
        perror("epoll add");
#endif
}

// One event, or 0 after `ms` milliseconds.
static int wait1(struct ev *out, int ms) {
    memset(out, 0, sizeof *out);
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    int n = kevent(q, NULL, 0, &k, 1, &ts);
    if (n == 1) {
        out->fd = (int)k.ident;
        out->readable = k.filter == EVFILT_READ;
        out->writable = k.filter == EVFILT_WRITE;
        out->eof = (k.flags & EV_EOF) != 0;
        out->data = (long)k.data;
    }
#else
    struct epoll_event e;
    int n = epoll_wait(q, &e, 1, ms);
    if (n == 1) {
        out->fd = e.data.fd;
        out->readable = (e.events & (EPOLLIN | EPOLLHUP)) != 0;
        out->writable = (e.events & EPOLLOUT) != 0;
        out->eof = (e.events & (EPOLLHUP | EPOLLERR)) != 0;
        int avail = 0;
        if (out->readable)
            ioctl(out->fd, FIONREAD, &avail);
        out->data = avail;
        if (out->writable)
            out->data = 65536; // some free space
    }
#endif
    return n;
}

int main(void) {
    int p[2];
    if (pipe(p) != 0)
        return 1;
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
#endif
    printf("queue ok: %d\n", q > 2);
    watch(p[0], 0);
    struct ev e;
    printf("empty pipe: %d events\n", wait1(&e, 0));
    write(p[1], "hello", 5);
    int n = wait1(&e, 1000);
    printf("after 5 bytes: n=%d read=%d data=%ld eof=%d fd ok=%d\n", n, e.readable, e.data, e.eof, e.fd == p[0]);
    write(p[1], "abc", 3);
    n = wait1(&e, 1000);
    printf("after 3 more: n=%d data=%ld\n", n, e.data);
    // Level-triggered: still reported until read.
    n = wait1(&e, 0);
    printf("again: n=%d data=%ld\n", n, e.data);
    char buf[16];
    printf("read %zd\n", read(p[0], buf, sizeof buf));
    printf("drained: %d events\n", wait1(&e, 50));

    int w[2];
    pipe(w);
    watch(w[1], 1);
    n = wait1(&e, 1000);
    printf("write end: n=%d write=%d space>0=%d eof=%d\n", n, e.writable, e.data > 0, e.eof);
    close(w[1]);
    close(w[0]);

    write(p[1], "xy", 2);
    close(p[1]);
    n = wait1(&e, 1000);
    printf("writer closed: n=%d read=%d data=%ld eof=%d\n", n, e.readable, e.data, e.eof);
    read(p[0], buf, sizeof buf);
    n = wait1(&e, 1000);
    printf("at EOF: n=%d data=%ld eof=%d\n", n, e.data, e.eof);
    printf("read at EOF: %zd\n", read(p[0], buf, sizeof buf));
    return 0;
}
