// A duplicated kqueue descriptor is the same queue (tokio duplicates its
// kqueue with fcntl(F_DUPFD_CLOEXEC)): events registered through one number
// are delivered through the other, and closing the original keeps the queue
// alive under the copy. macOS side: kqueue (man 2 kqueue, man 2 dup);
// Linux side: the same scenario with an epoll descriptor, which dup shares
// the same way.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
#else
#include <sys/epoll.h>
#endif

static int make_queue(void) {
#ifdef __APPLE__
    return kqueue();
#else
    return epoll_create1(0);
#endif
}

static int watch(int q, int fd) {
#ifdef __APPLE__
    struct kevent k;
    EV_SET(&k, fd, EVFILT_READ, EV_ADD, 0, 0, NULL);
    return kevent(q, &k, 1, NULL, 0, NULL);
#else
    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
    return epoll_ctl(q, EPOLL_CTL_ADD, fd, &e);
#endif
}

/// Number of ready events (0 or 1) and whether it names `fd`.
static int ready(int q, int fd, int *is_fd) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {0, 0};
    int n = kevent(q, NULL, 0, &k, 1, &ts);
    *is_fd = n == 1 && (int)k.ident == fd;
#else
    struct epoll_event e;
    int n = epoll_wait(q, &e, 1, 0);
    *is_fd = n == 1 && e.data.fd == fd;
#endif
    return n;
}

int main(void) {
    int p[2];
    if (pipe(p) != 0)
        return 1;
    int q = make_queue();
    int copy = fcntl(q, F_DUPFD_CLOEXEC, 10);
    printf("dup: %d, cloexec: %d\n", copy >= 10, (fcntl(copy, F_GETFD) & FD_CLOEXEC) != 0);
    printf("watch through copy: %d\n", watch(copy, p[0]));
    int is_fd;
    printf("empty: %d\n", ready(q, p[0], &is_fd));
    write(p[1], "x", 1);
    int n = ready(q, p[0], &is_fd);
    printf("via original: n=%d fd=%d\n", n, is_fd);
    n = ready(copy, p[0], &is_fd);
    printf("via copy: n=%d fd=%d\n", n, is_fd);
    printf("close original: %d\n", close(q));
    n = ready(copy, p[0], &is_fd);
    printf("copy after close: n=%d fd=%d\n", n, is_fd);
    int again = dup(copy);
    printf("close copy: %d\n", close(copy));
    n = ready(again, p[0], &is_fd);
    printf("second copy: n=%d fd=%d\n", n, is_fd);
    int target = dup2(again, 20);
    printf("dup2: %d\n", target);
    close(again);
    char c;
    read(p[0], &c, 1);
    n = ready(target, p[0], &is_fd);
    printf("drained: n=%d\n", n);
    write(p[1], "y", 1);
    n = ready(target, p[0], &is_fd);
    printf("dup2 copy: n=%d fd=%d\n", n, is_fd);
    printf("close: %d\n", close(target));
    return 0;
}
