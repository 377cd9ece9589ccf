// Many descriptors in one queue: 100 pipes, every third one written to;
// small event lists collect all ready ones exactly once per round; deleting
// half of the registrations leaves the rest reporting; two queues watching
// the same pipe both see it, and a queue watching a queue sees it become
// ready.
// On macOS: kqueue/kevent (man 2 kqueue); on Linux epoll.
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#endif

#define N 100

static int newq(void) {
#ifdef __APPLE__
    return kqueue();
#else
    return epoll_create1(0);
#endif
}

static void ctl(int q, int fd, int add) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, EVFILT_READ, add ? EV_ADD : EV_DELETE, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
#else
    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(q, add ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &e);
#endif
}

static int get(int q, int *fds, int max, int ms) {
#ifdef __APPLE__
    struct kevent k[64];
    struct timespec ts = {0, ms * 1000000L};
    int n = kevent(q, NULL, 0, k, max, &ts);
    for (int i = 0; i < n; i++)
        fds[i] = (int)k[i].ident;
    return n;
#else
    struct epoll_event e[64];
    int n = epoll_wait(q, e, max, ms);
    for (int i = 0; i < n; i++)
        fds[i] = e[i].data.fd;
    return n;
#endif
}

int main(void) {
    int q = newq();
    int r[N], w[N];
    for (int i = 0; i < N; i++) {
        int p[2];
        pipe(p);
        r[i] = p[0];
        w[i] = p[1];
        ctl(q, r[i], 1);
    }
    for (int i = 0; i < N; i += 3)
        write(w[i], "x", 1);
    // Gather one round: each ready fd once, 16 at a time.
    int seen[N], total = 0, calls = 0, wrong = 0;
    memset(seen, 0, sizeof seen);
    while (total < 34 && calls < 20) {
        int fds[16];
        int n = get(q, fds, 16, 100);
        calls++;
        for (int k = 0; k < n; k++) {
            int idx = -1;
            for (int i = 0; i < N; i++)
                if (r[i] == fds[k])
                    idx = i;
            if (idx < 0 || idx % 3 != 0 || seen[idx])
                wrong++;
            else
                seen[idx] = 1;
            char c;
            read(fds[k], &c, 1); // drained: not ready any more
            total++;
        }
    }
    printf("ready: %d in %d calls, wrong or repeated: %d\n", total, calls, wrong);
    for (int i = 0; i < N; i += 3)
        write(w[i], "x", 1);
    for (int i = 0; i < N; i += 2)
        ctl(q, r[i], 0);
    int fds[64], n, count = 0;
    while ((n = get(q, fds, 64, 0)) > 0 && count < 1000) {
        count += n;
        for (int k = 0; k < n; k++) {
            char c;
            read(fds[k], &c, 1); // drain so each is reported once
        }
    }
    printf("after deleting even ones: %d\n", count);

    // A second queue on the same pipe, and a third watching the first.
    int q2 = newq(), q3 = newq(), p[2];
    pipe(p);
    ctl(q, p[0], 1);
    ctl(q2, p[0], 1);
    ctl(q3, q, 1);
    printf("outer queue before: %d\n", get(q3, fds, 64, 0));
    write(p[1], "y", 1);
    n = get(q3, fds, 64, 100);
    printf("outer queue after: %d fd ok=%d\n", n, n == 1 && fds[0] == q);
    printf("first queue: %d, second queue: %d\n", get(q, fds, 64, 100), get(q2, fds, 64, 100));
    printf("still pending, outer: %d\n", get(q3, fds, 64, 100));
    char c;
    read(p[0], &c, 1);
    printf("drained: %d %d\n", get(q, fds, 64, 0), get(q2, fds, 64, 0));
    return 0;
}
