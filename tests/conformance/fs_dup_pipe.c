// dup/dup2 (shared offsets, same-fd dup2, EBADF), pipe (EOF, EPIPE with
// SIGPIPE ignored, O_NONBLOCK EAGAIN, fcntl access modes), fsync/fdatasync
// on files and their errors on pipes and closed descriptors.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifdef __APPLE__
int fdatasync(int); /* exported by libSystem, not declared in <unistd.h> */
#endif

int main(void) {
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "abcdef", 6);
    int a = dup(fd);
    lseek(a, 2, SEEK_SET);
    printf("dup shares offset: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("dup cloexec clear: %d\n", fcntl(a, F_GETFD));
    int b = dup2(fd, 50);
    printf("dup2 to 50: %d\n", b);
    printf("dup2 same fd: %d\n", dup2(fd, fd) == fd);
    errno = 0;
    printf("dup2 bad src: %d EBADF=%d\n", dup2(-1, 51), errno == EBADF);
    errno = 0;
    printf("dup2 closed src: %d EBADF=%d\n", dup2(77, 51), errno == EBADF);
    errno = 0;
    printf("dup bad: %d EBADF=%d\n", dup(99), errno == EBADF);
    errno = 0;
    printf("dup2 huge target: %d EBADF=%d\n", dup2(fd, 1 << 30), errno == EBADF);
    printf("fsync: %d fdatasync: %d\n", fsync(fd), fdatasync(fd));
    close(a);
    close(b);
    close(fd);
    errno = 0;
    printf("fsync closed: %d EBADF=%d\n", fsync(fd), errno == EBADF);
    errno = 0;
    printf("fdatasync closed: %d EBADF=%d\n", fdatasync(fd), errno == EBADF);

    int p[2];
    printf("pipe: %d\n", pipe(p));
    printf("modes: r=%d w=%d\n", (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY,
           (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
    errno = 0;
    printf("fsync pipe: %d EINVAL=%d\n", fsync(p[0]), errno == EINVAL);
    write(p[1], "hello", 5);
    int avail = -1;
    printf("FIONREAD: %d avail=%d\n", ioctl(p[0], FIONREAD, &avail), avail);
    char buf[16] = {0};
    printf("read: %zd [%s]\n", read(p[0], buf, sizeof buf), buf);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    errno = 0;
    printf("read empty nonblock: %zd EAGAIN=%d\n", read(p[0], buf, 1), errno == EAGAIN);
    close(p[1]);
    printf("read eof: %zd\n", read(p[0], buf, 1));
    close(p[0]);

    signal(SIGPIPE, SIG_IGN);
    pipe(p);
    close(p[0]);
    errno = 0;
    printf("write no reader: %zd EPIPE=%d\n", write(p[1], "x", 1), errno == EPIPE);
    close(p[1]);

    pipe(p);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    char chunk[4096];
    memset(chunk, 'z', sizeof chunk);
    long total = 0;
    ssize_t n;
    while ((n = write(p[1], chunk, sizeof chunk)) > 0)
        total += n;
    printf("fill pipe: total>0=%d EAGAIN=%d\n", total > 0, errno == EAGAIN);
    close(p[0]);
    close(p[1]);
    errno = 0;
    printf("pipe bad ptr: %d\n", pipe(p) == 0);
    return 0;
}
