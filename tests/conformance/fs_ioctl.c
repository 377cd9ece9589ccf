// Generic descriptor ioctls: FIOCLEX/FIONCLEX (seen through F_GETFD),
// FIONBIO (seen through F_GETFL and EAGAIN), FIONREAD on a pipe and a
// regular file, FIOASYNC, TIOCGWINSZ on a non-terminal (ENOTTY), EBADF.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void) {
    int p[2];
    pipe(p);
    printf("FIOCLEX: %d -> cloexec=%d\n", ioctl(p[0], FIOCLEX), fcntl(p[0], F_GETFD) & FD_CLOEXEC);
    printf("FIONCLEX: %d -> cloexec=%d\n", ioctl(p[0], FIONCLEX), fcntl(p[0], F_GETFD) & FD_CLOEXEC);
    int on = 1;
    printf("FIONBIO on: %d -> nonblock=%d\n", ioctl(p[0], FIONBIO, &on), !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    char c;
    errno = 0;
    printf("read empty: %zd EAGAIN=%d\n", read(p[0], &c, 1), errno == EAGAIN);
    on = 0;
    printf("FIONBIO off: %d -> nonblock=%d\n", ioctl(p[0], FIONBIO, &on), !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    int n = -1;
    printf("FIONREAD empty pipe: %d n=%d\n", ioctl(p[0], FIONREAD, &n), n);
    write(p[1], "12345678", 8);
    printf("FIONREAD pipe: %d n=%d\n", ioctl(p[0], FIONREAD, &n), n);
    read(p[0], &c, 1);
    printf("FIONREAD after 1: %d n=%d\n", ioctl(p[0], FIONREAD, &n), n);
    on = 1;
    printf("FIOASYNC on: %d async=%d\n", ioctl(p[0], FIOASYNC, &on), !!(fcntl(p[0], F_GETFL) & O_ASYNC));
    on = 0;
    printf("FIOASYNC off: %d async=%d\n", ioctl(p[0], FIOASYNC, &on), !!(fcntl(p[0], F_GETFL) & O_ASYNC));

    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0600);
    write(fd, "0123456789", 10);
    lseek(fd, 3, SEEK_SET);
    printf("FIONREAD file: %d n=%d\n", ioctl(fd, FIONREAD, &n), n);
    struct winsize ws;
    errno = 0;
    printf("TIOCGWINSZ file: %d ENOTTY=%d\n", ioctl(fd, TIOCGWINSZ, &ws), errno == ENOTTY);
    errno = 0;
    printf("TIOCGWINSZ pipe: %d ENOTTY=%d\n", ioctl(p[0], TIOCGWINSZ, &ws), errno == ENOTTY);
    errno = 0;
    printf("FIONREAD bad fd: %d EBADF=%d\n", ioctl(-1, FIONREAD, &n), errno == EBADF);
    errno = 0;
    printf("FIOCLEX bad fd: %d EBADF=%d\n", ioctl(99, FIOCLEX), errno == EBADF);
    close(fd);
    close(p[0]);
    close(p[1]);
    return 0;
}
