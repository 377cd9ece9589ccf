// kevent64 on a pipe and a timer (64-bit udata, KEVENT_FLAG_IMMEDIATE as a
// zero timeout), and a wait interrupted by a caught signal (EINTR even with
// SA_RESTART). On macOS: kevent64 (man 2 kqueue: "kevent64 ... flags");
// on Linux the same scenario with epoll, timerfd and epoll_wait's EINTR.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
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
#endif

static int q;

static void add_read(int fd, uint64_t tag) {
#ifdef __APPLE__
    struct kevent64_s k;
    EV_SET64(&k, fd, EVFILT_READ, EV_ADD, 0, 0, tag, 0, 0);
    kevent64(q, &k, 1, NULL, 0, 0, NULL);
#else
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = tag};
    epoll_ctl(q, EPOLL_CTL_ADD, fd, &e);
#endif
}

#ifndef __APPLE__
static int tfd;
#endif
static void add_timer(int ms, uint64_t tag) {
#ifdef __APPLE__
    struct kevent64_s k;
    EV_SET64(&k, 77, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, ms, tag, 0, 0);
    kevent64(q, &k, 1, NULL, 0, 0, NULL);
#else
    tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = {{0, 0}, {0, ms * 1000000L}};
    timerfd_settime(tfd, 0, &its, NULL);
    struct epoll_event e = {.events = EPOLLIN | EPOLLONESHOT, .data.u64 = tag};
    epoll_ctl(q, EPOLL_CTL_ADD, tfd, &e);
#endif
}

// ms: -1 forever, 0 immediate. Returns n; the tag in *tag.
static int wait1(int ms, uint64_t *tag) {
#ifdef __APPLE__
    struct kevent64_s k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    int n = ms == 0 ? kevent64(q, NULL, 0, &k, 1, KEVENT_FLAG_IMMEDIATE, NULL)
                    : kevent64(q, NULL, 0, &k, 1, 0, ms < 0 ? NULL : &ts);
    if (n == 1)
        *tag = k.udata;
    return n;
#else
    struct epoll_event e;
    int n = epoll_wait(q, &e, 1, ms);
    if (n == 1)
        *tag = e.data.u64;
    return n;
#endif
}

static volatile sig_atomic_t caught;
static void on_usr2(int s) {
    (void)s;
    caught++;
}
static pthread_t main_thread;
static void *interrupter(void *a) {
    (void)a;
    usleep(50000);
    pthread_kill(main_thread, SIGUSR2);
    return NULL;
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
#endif
    int p[2];
    pipe(p);
    uint64_t tag = 0;
    add_read(p[0], 0x1122334455667788ULL);
    printf("immediate, nothing: %d\n", wait1(0, &tag));
    write(p[1], "z", 1);
    int n = wait1(0, &tag);
    printf("immediate, ready: %d tag=%llx\n", n, (unsigned long long)tag);
    char c;
    read(p[0], &c, 1);
    add_timer(20, 0xfeedfacecafef00dULL);
    n = wait1(2000, &tag);
    printf("timer: %d tag=%llx\n", n, (unsigned long long)tag);
    printf("timer once: %d\n", wait1(50, &tag));

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);
    main_thread = pthread_self();
    pthread_t t;
    pthread_create(&t, NULL, interrupter, NULL);
    errno = 0;
    n = wait1(-1, &tag);
    printf("interrupted: %d EINTR=%d handler ran=%d\n", n, errno == EINTR, (int)caught);
    pthread_join(t, NULL);
    return 0;
}
