// Event flags on pipe readiness: EV_ONESHOT (reported once, then gone),
// EV_CLEAR (reported again only when new data arrives), EV_DISPATCH
// (disabled after each report until EV_ENABLE), EV_DISABLE/EV_ENABLE,
// EV_DELETE, and a short event list served in turns. On macOS: kevent
// flags (man 2 kqueue); on Linux the epoll equivalents (EPOLLONESHOT,
// EPOLLET, EPOLL_CTL_MOD/DEL).
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

enum { PLAIN, ONESHOT, CLEAR, DISPATCH, DISABLED };
static int q;
// Bytes readable on the first reported fd: kevent's data, FIONREAD on Linux.
static long last_data;

static int add(int fd, int mode) {
#ifdef __APPLE__
    unsigned short f = EV_ADD | (mode == ONESHOT ? EV_ONESHOT : mode == CLEAR ? EV_CLEAR
                                                             : mode == DISPATCH ? EV_DISPATCH
                                                             : mode == DISABLED ? EV_DISABLE : 0);
    struct kevent k;
    EV_SET(&k, fd, EVFILT_READ, f, 0, 0, NULL);
    return kevent(q, &k, 1, NULL, 0, NULL);
#else
    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
    if (mode == ONESHOT || mode == DISPATCH)
        e.events |= EPOLLONESHOT;
    if (mode == CLEAR)
        e.events |= EPOLLET;
    if (mode == DISABLED)
        e.events = 0;
    return epoll_ctl(q, EPOLL_CTL_ADD, fd, &e);
#endif
}

static int ctl(int fd, int enable, int del) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, EVFILT_READ, del ? EV_DELETE : enable ? EV_ENABLE : EV_DISABLE, 0, 0, NULL);
    return kevent(q, &k, 1, NULL, 0, NULL);
#else
    struct epoll_event e = {.events = enable ? EPOLLIN : 0, .data.fd = fd};
    return epoll_ctl(q, del ? EPOLL_CTL_DEL : EPOLL_CTL_MOD, fd, &e);
#endif
}

// Up to `max` events without waiting long; their fds in `fds`.
static int poll_events(int *fds, int max, int ms) {
#ifdef __APPLE__
    struct kevent k[8];
    struct timespec ts = {0, ms * 1000000L};
    int n = kevent(q, NULL, 0, k, max, &ts);
    for (int i = 0; i < n; i++)
        fds[i] = (int)k[i].ident;
    last_data = n > 0 ? (long)k[0].data : -1;
    return n;
#else
    struct epoll_event e[8];
    int n = epoll_wait(q, e, max, ms);
    for (int i = 0; i < n; i++)
        fds[i] = e[i].data.fd;
    int avail = -1;
    if (n > 0)
        ioctl(fds[0], FIONREAD, &avail);
    last_data = avail;
    return n;
#endif
}


int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
#endif
    int a[2], b[2], c[2], d[2], e[2];
    pipe(a), pipe(b), pipe(c), pipe(d), pipe(e);
    int fds[8], n;

    // EV_ONESHOT
    add(a[0], ONESHOT);
    write(a[1], "1", 1);
    n = poll_events(fds, 8, 100);
    printf("oneshot: %d fd ok=%d\n", n, n == 1 && fds[0] == a[0]);
    printf("oneshot again: %d\n", poll_events(fds, 8, 20));
#ifndef __APPLE__
    epoll_ctl(q, EPOLL_CTL_DEL, a[0], NULL); // a kqueue drops a fired one-shot event
#endif
    int r = ctl(a[0], 0, 1);
    printf("delete fired oneshot: %d ENOENT=%d\n", r, r < 0 && errno == ENOENT);

    // EV_CLEAR
    add(b[0], CLEAR);
    write(b[1], "1", 1);
    n = poll_events(fds, 8, 100);
    printf("clear: %d avail=%ld\n", n, last_data);
    printf("clear, no new data: %d\n", poll_events(fds, 8, 20));
    write(b[1], "2", 1);
    n = poll_events(fds, 8, 100);
    printf("clear, new data: %d avail=%ld\n", n, last_data);
    ctl(b[0], 0, 1);

    // EV_DISPATCH
    add(c[0], DISPATCH);
    write(c[1], "1", 1);
    printf("dispatch: %d\n", poll_events(fds, 8, 100));
    printf("dispatch, disabled: %d\n", poll_events(fds, 8, 20));
    write(c[1], "2", 1);
    printf("dispatch, more data: %d\n", poll_events(fds, 8, 20));
#ifdef __APPLE__
    ctl(c[0], 1, 0);
#else
    struct epoll_event rearm = {.events = EPOLLIN | EPOLLONESHOT, .data.fd = c[0]};
    epoll_ctl(q, EPOLL_CTL_MOD, c[0], &rearm);
#endif
    n = poll_events(fds, 8, 100);
    printf("dispatch, enabled: %d avail=%ld\n", n, last_data);
    ctl(c[0], 0, 1);

    // EV_DISABLE / EV_ENABLE, and EV_ADD|EV_DISABLE
    add(d[0], PLAIN);
    write(d[1], "1", 1);
    printf("plain: %d, level: %d\n", poll_events(fds, 8, 100), poll_events(fds, 8, 100));
    ctl(d[0], 0, 0);
    printf("disabled: %d\n", poll_events(fds, 8, 20));
    ctl(d[0], 1, 0);
    printf("enabled: %d\n", poll_events(fds, 8, 100));
    ctl(d[0], 0, 1);
    printf("deleted: %d\n", poll_events(fds, 8, 20));
    r = ctl(d[0], 0, 1);
    printf("delete twice: %d ENOENT=%d\n", r, r < 0 && errno == ENOENT);
    add(e[0], DISABLED);
    write(e[1], "1", 1);
    printf("added disabled: %d\n", poll_events(fds, 8, 20));
    ctl(e[0], 1, 0);
    printf("then enabled: %d\n", poll_events(fds, 8, 100));
    ctl(e[0], 0, 1);

    // Three ready pipes, two slots: served in turns.
    add(a[0], PLAIN), add(b[0], PLAIN), add(c[0], PLAIN);
    int seen = 0;
    n = poll_events(fds, 2, 100);
    for (int i = 0; i < n; i++)
        seen |= fds[i] == a[0] ? 1 : fds[i] == b[0] ? 2 : fds[i] == c[0] ? 4 : 8;
    int n2 = poll_events(fds, 2, 100);
    for (int i = 0; i < n2; i++)
        seen |= fds[i] == a[0] ? 1 : fds[i] == b[0] ? 2 : fds[i] == c[0] ? 4 : 8;
    printf("two slots: %d then %d, all three seen: %d\n", n, n2, seen == 7);
    return 0;
}
