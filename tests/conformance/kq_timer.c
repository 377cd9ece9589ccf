// Timers: a periodic timer reports how many periods passed since the last
// report, a one-shot one fires once and is gone, units default to
// milliseconds (NOTE_USECONDS/NOTE_NSECONDS change them). macOS side:
// EVFILT_TIMER (man 2 kqueue); Linux side: timerfd + epoll, which count
// expirations the same way.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#include <sys/timerfd.h>
static int tfds[16];
#endif

static int q;

enum { MS, US, NS };

static int add_timer(int id, long amount, int unit, int oneshot) {
#ifdef __APPLE__
    unsigned f = unit == US ? NOTE_USECONDS : unit == NS ? NOTE_NSECONDS : 0;
    struct kevent k;
    EV_SET(&k, id, EVFILT_TIMER, EV_ADD | (oneshot ? EV_ONESHOT : 0), f, amount, NULL);
    return kevent(q, &k, 1, NULL, 0, NULL);
#else
    long ns = unit == US ? amount * 1000 : unit == NS ? amount : amount * 1000000;
    struct itimerspec its = {{0, 0}, {ns / 1000000000, ns % 1000000000}};
    if (!oneshot)
        its.it_interval = its.it_value;
    tfds[id] = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    timerfd_settime(tfds[id], 0, &its, NULL);
    struct epoll_event e = {.events = EPOLLIN, .data.u32 = id | (oneshot ? 0x100 : 0)};
    return epoll_ctl(q, EPOLL_CTL_ADD, tfds[id], &e);
#endif
}

static int del_timer(int id) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, id, EVFILT_TIMER, EV_DELETE, 0, 0, NULL);
    return kevent(q, &k, 1, NULL, 0, NULL);
#else
    if (tfds[id] < 0) {
        errno = ENOENT;
        return -1;
    }
    close(tfds[id]);
    tfds[id] = -1;
    return 0;
#endif
}

// Waits up to `ms`; returns the timer id and its count in *count, or -1.
static int wait1(long *count, int ms) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    if (kevent(q, NULL, 0, &k, 1, &ts) != 1)
        return -1;
    *count = (long)k.data;
    return (int)k.ident;
#else
    struct epoll_event e;
    if (epoll_wait(q, &e, 1, ms) != 1)
        return -1;
    int id = e.data.u32 & 0xff;
    uint64_t n = 0;
    read(tfds[id], &n, 8);
    *count = (long)n;
    if (e.data.u32 & 0x100) { // one-shot: gone once reported
        close(tfds[id]);
        tfds[id] = -1;
    }
    return id;
#endif
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
    memset(tfds, -1, sizeof tfds);
#endif
    long c = 0;
    // Periodic 20 ms timer; after ~110 ms about 5 periods have passed.
    printf("add periodic: %d\n", add_timer(1, 20, MS, 0));
    usleep(110000);
    int id = wait1(&c, 1000);
    printf("periodic: id=%d count>=4: %d\n", id, c >= 4);
    id = wait1(&c, 1000);
    printf("next period: id=%d count>=1: %d\n", id, c >= 1);
    printf("delete: %d\n", del_timer(1));
    printf("after delete: %d\n", wait1(&c, 60));

    // One-shot in microseconds.
    printf("add oneshot us: %d\n", add_timer(2, 15000, US, 1));
    id = wait1(&c, 1000);
    printf("oneshot: id=%d count=%ld\n", id, c);
    printf("oneshot again: %d\n", wait1(&c, 50));
    int r = del_timer(2);
    printf("delete fired oneshot: %d errno==ENOENT: %d\n", r, r < 0 && errno == ENOENT);

    // Periodic in nanoseconds, 5 ms, stopped after two reports.
    printf("add periodic ns: %d\n", add_timer(3, 5000000, NS, 0));
    int got = 0;
    for (int i = 0; i < 2; i++)
        got += wait1(&c, 1000) == 3 && c >= 1;
    printf("ns reports: %d\n", got);
    printf("delete: %d\n", del_timer(3));

    // Two timers: the shorter one comes first.
    add_timer(4, 80, MS, 1);
    add_timer(5, 10, MS, 1);
    int first = wait1(&c, 1000), second = wait1(&c, 1000);
    printf("order: %d then %d\n", first, second);
    return 0;
}
