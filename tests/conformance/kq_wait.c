// Waiting: a zero timeout polls, a finite one returns 0 when it runs out,
// NULL waits until something happens, and a waiter wakes for a pipe made
// ready or registered by another thread. On macOS: kevent's timeout
// argument (man 2 kevent); on Linux epoll_wait's.
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#endif

static int q;

static void watch(int fd) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, EVFILT_READ, EV_ADD, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
#else
    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(q, EPOLL_CTL_ADD, fd, &e);
#endif
}

// ms < 0: wait forever. Returns the count; the fd in *fd.
static int wait1(int ms, int *fd) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    int n = kevent(q, NULL, 0, &k, 1, ms < 0 ? NULL : &ts);
    if (n == 1)
        *fd = (int)k.ident;
    return n;
#else
    struct epoll_event e;
    int n = epoll_wait(q, &e, 1, ms);
    if (n == 1)
        *fd = e.data.fd;
    return n;
#endif
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int p[2], r[2];

static void *writer(void *arg) {
    (void)arg;
    usleep(50000);
    write(p[1], "w", 1);
    return NULL;
}

static void *registrar(void *arg) {
    (void)arg;
    usleep(50000);
    watch(r[0]); // already readable
    return NULL;
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#else
    q = epoll_create1(0);
#endif
    pipe(p);
    pipe(r);
    write(r[1], "r", 1);
    watch(p[0]);
    int fd = -1;
    double t0 = now_ms();
    int n = wait1(0, &fd);
    printf("poll: n=%d fast=%d\n", n, now_ms() - t0 < 50);
    t0 = now_ms();
    n = wait1(120, &fd);
    double dt = now_ms() - t0;
    printf("120ms timeout: n=%d waited>=110ms=%d <2s=%d\n", n, dt >= 110, dt < 2000);

    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    t0 = now_ms();
    n = wait1(-1, &fd);
    printf("woken by a write: n=%d fd ok=%d after>=40ms=%d\n", n, fd == p[0], now_ms() - t0 >= 40);
    pthread_join(t, NULL);
    char c;
    read(p[0], &c, 1);

    pthread_create(&t, NULL, registrar, NULL);
    n = wait1(-1, &fd);
    printf("woken by a registration: n=%d fd ok=%d\n", n, fd == r[0]);
    pthread_join(t, NULL);
    return 0;
}
