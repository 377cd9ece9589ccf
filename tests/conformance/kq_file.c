// Regular files are always "ready" in the poll sense, but a kqueue READ
// event on one fires only while the offset is before the end, with data =
// bytes left; WRITE always fires. NOTE_LOWAT on a pipe holds READ back
// until that many bytes are queued. On macOS: EVFILT_READ/EVFILT_WRITE on
// vnodes and NOTE_LOWAT (man 2 kqueue); on Linux the same numbers from
// fstat/lseek and FIONREAD (epoll refuses regular files).
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/event.h>
static int q;
#endif

// READ readiness of a file: -1 when not ready, else bytes left.
static long file_read(int fd) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec zero = {0, 0};
    EV_SET(&k, fd, EVFILT_READ, EV_ADD, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
    int n = kevent(q, NULL, 0, &k, 1, &zero);
    long r = n == 1 ? (long)k.data : -1;
    EV_SET(&k, fd, EVFILT_READ, EV_DELETE, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
    return r;
#else
    struct stat st;
    fstat(fd, &st);
    long left = (long)(st.st_size - lseek(fd, 0, SEEK_CUR));
    return left != 0 ? left : -1;
#endif
}

static int file_writable(int fd) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec zero = {0, 0};
    EV_SET(&k, fd, EVFILT_WRITE, EV_ADD | EV_ONESHOT, 0, 0, NULL);
    return kevent(q, &k, 1, &k, 1, &zero) == 1 && k.filter == EVFILT_WRITE;
#else
    (void)fd;
    return 1;
#endif
}

// Pipe READ with a low-water mark: bytes queued, or -1 if held back.
static long pipe_read_lowat(int fd, int lowat, int ms) {
#ifdef __APPLE__
    struct kevent k;
    struct timespec ts = {0, ms * 1000000L};
    EV_SET(&k, fd, EVFILT_READ, EV_ADD, NOTE_LOWAT, lowat, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
    int n = kevent(q, NULL, 0, &k, 1, &ts);
    long r = n == 1 ? (long)k.data : -1;
    EV_SET(&k, fd, EVFILT_READ, EV_DELETE, 0, 0, NULL);
    kevent(q, &k, 1, NULL, 0, NULL);
    return r;
#else
    usleep(ms * 1000);
    int avail = 0;
    ioctl(fd, FIONREAD, &avail);
    return avail >= lowat ? avail : -1;
#endif
}

int main(void) {
#ifdef __APPLE__
    q = kqueue();
#endif
    int fd = open("data.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    printf("empty file: %ld\n", file_read(fd));
    write(fd, "0123456789", 10);
    printf("at end after writing: %ld\n", file_read(fd));
    lseek(fd, 0, SEEK_SET);
    printf("rewound: %ld\n", file_read(fd));
    char buf[4];
    read(fd, buf, 4);
    printf("after reading 4: %ld\n", file_read(fd));
    lseek(fd, 20, SEEK_SET);
    printf("past the end: %ld\n", file_read(fd));
    printf("writable: %d\n", file_writable(fd));

    int p[2];
    pipe(p);
    write(p[1], "abc", 3);
    printf("lowat 5 with 3: %ld\n", pipe_read_lowat(p[0], 5, 30));
    write(p[1], "def", 3);
    printf("lowat 5 with 6: %ld\n", pipe_read_lowat(p[0], 5, 30));
    printf("lowat 1 with 6: %ld\n", pipe_read_lowat(p[0], 1, 30));
    return 0;
}
