// utimes/futimes/lutimes/utime/utimensat/futimens: explicit times
// (microsecond and nanosecond parts), UTIME_OMIT, UTIME_NOW, NULL (now),
// AT_SYMLINK_NOFOLLOW on a link, and the error paths.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#ifdef __APPLE__
#define ATIM st_atimespec
#define MTIM st_mtimespec
#else
#define ATIM st_atim
#define MTIM st_mtim
#endif

static void show(const char *what, const char *path, int nofollow) {
    struct stat st;
    int r = nofollow ? lstat(path, &st) : stat(path, &st);
    printf("%s: %d atime=%lld.%09ld mtime=%lld.%09ld\n", what, r, (long long)st.ATIM.tv_sec,
           (long)st.ATIM.tv_nsec, (long long)st.MTIM.tv_sec, (long)st.MTIM.tv_nsec);
}

int main(void) {
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    struct timeval tv[2] = {{1000000000, 123456}, {1100000000, 654321}};
    printf("utimes: %d\n", utimes("f", tv));
    show("after utimes", "f", 0);
    tv[0].tv_sec = 1200000000;
    tv[0].tv_usec = 1;
    tv[1].tv_sec = 1300000000;
    tv[1].tv_usec = 999999;
    printf("futimes: %d\n", futimes(fd, tv));
    show("after futimes", "f", 0);
    struct utimbuf ub = {1400000000, 1500000000};
    printf("utime: %d\n", utime("f", &ub));
    show("after utime", "f", 0);

    struct timespec ts[2] = {{1600000000, 111111111}, {1700000000, 222222222}};
    printf("utimensat: %d\n", utimensat(AT_FDCWD, "f", ts, 0));
    show("after utimensat", "f", 0);
    ts[0].tv_nsec = UTIME_OMIT;
    ts[1].tv_sec = 1650000000;
    ts[1].tv_nsec = 5;
    printf("utimensat omit atime: %d\n", utimensat(AT_FDCWD, "f", ts, 0));
    show("after omit", "f", 0);
    ts[0].tv_sec = 1;
    ts[0].tv_nsec = 2;
    ts[1].tv_nsec = UTIME_OMIT;
    printf("futimens omit mtime: %d\n", futimens(fd, ts));
    show("after futimens", "f", 0);

    time_t before = time(NULL);
    ts[0].tv_nsec = UTIME_NOW;
    ts[1].tv_nsec = UTIME_NOW;
    printf("futimens now: %d\n", futimens(fd, ts));
    struct stat st;
    fstat(fd, &st);
    printf("now is recent: %d %d\n", st.ATIM.tv_sec >= before, st.MTIM.tv_sec >= before);
    utimes("f", tv);
    printf("utimes NULL: %d\n", utimes("f", NULL));
    fstat(fd, &st);
    printf("NULL is now: %d %d\n", st.ATIM.tv_sec >= before, st.MTIM.tv_sec >= before);
    futimes(fd, tv);
    printf("futimens NULL: %d\n", futimens(fd, NULL));
    fstat(fd, &st);
    printf("NULL is now: %d\n", st.MTIM.tv_sec >= before);

    symlink("f", "ln");
    utimes("f", tv);
    struct timeval ltv[2] = {{900000000, 0}, {950000000, 500000}};
    printf("lutimes: %d\n", lutimes("ln", ltv));
    show("link itself", "ln", 1);
    show("target untouched", "f", 0);
    ts[0].tv_sec = 800000000;
    ts[0].tv_nsec = 7;
    ts[1].tv_sec = 850000000;
    ts[1].tv_nsec = 8;
    printf("utimensat nofollow: %d\n", utimensat(AT_FDCWD, "ln", ts, AT_SYMLINK_NOFOLLOW));
    show("link itself", "ln", 1);
    show("target untouched", "f", 0);
    int d = open(".", O_RDONLY);
    printf("utimensat dirfd: %d\n", utimensat(d, "f", ts, 0));
    show("target via dirfd", "f", 0);
    close(d);

    errno = 0;
    printf("utimes missing: %d ENOENT=%d\n", utimes("nope", tv), errno == ENOENT);
    errno = 0;
    printf("utimensat missing: %d ENOENT=%d\n", utimensat(AT_FDCWD, "nope", ts, 0), errno == ENOENT);
    ts[0].tv_nsec = 1000000000;
    errno = 0;
    printf("utimensat bad nsec: %d EINVAL=%d\n", utimensat(AT_FDCWD, "f", ts, 0), errno == EINVAL);
    ts[0].tv_nsec = 0;
    errno = 0;
    printf("utimensat bad flag: %d EINVAL=%d\n", utimensat(AT_FDCWD, "f", ts, 0x4000000), errno == EINVAL);
    errno = 0;
    printf("futimens bad fd: %d EBADF=%d\n", futimens(-1, ts), errno == EBADF);
    errno = 0;
    printf("futimes bad fd: %d EBADF=%d\n", futimes(-1, tv), errno == EBADF);
    close(fd);
    return 0;
}
