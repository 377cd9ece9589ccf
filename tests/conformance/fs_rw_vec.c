// read/write/pread/pwrite/readv/writev/lseek, including short reads at EOF,
// holes, SEEK_END/SEEK_CUR, and the error paths EBADF, EINVAL, ESPIPE.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
    int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct iovec w[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
    printf("writev: %zd\n", writev(fd, w, 3));
    printf("pos: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    char a[4] = {0}, b[8] = {0};
    struct iovec r[2] = {{a, 3}, {b, 7}};
    lseek(fd, 0, SEEK_SET);
    printf("readv short: %zd [%s][%s]\n", readv(fd, r, 2), a, b);
    printf("read at eof: %zd\n", read(fd, a, 3));
    printf("pwrite past end: %zd\n", pwrite(fd, "Z", 1, 20));
    printf("size: %lld\n", (long long)lseek(fd, 0, SEEK_END));
    char hole[16];
    memset(hole, 'x', sizeof hole);
    printf("pread hole: %zd first=%d last=%c\n", pread(fd, hole, 16, 8), hole[0], hole[12]);
    printf("lseek cur -5: %lld\n", (long long)lseek(fd, -5, SEEK_CUR));
    errno = 0;
    printf("lseek negative: %lld EINVAL=%d\n", (long long)lseek(fd, -100, SEEK_SET), errno == EINVAL);
    errno = 0;
    printf("lseek bad whence: %lld EINVAL=%d\n", (long long)lseek(fd, 0, 77), errno == EINVAL);
    errno = 0;
    printf("pread negative: %zd EINVAL=%d\n", pread(fd, a, 1, -1), errno == EINVAL);
    struct iovec big[2] = {{a, 2}, {b, 2}};
    printf("preadv: %zd [%.2s][%.2s]\n", preadv(fd, big, 2, 1), a, b);
    struct iovec pw[2] = {{"12", 2}, {"34", 2}};
    printf("pwritev: %zd\n", pwritev(fd, pw, 2, 0));
    char all[32] = {0};
    printf("pread all: %zd [%.8s]\n", pread(fd, all, sizeof all, 0), all);
    close(fd);

    errno = 0;
    printf("read closed: %zd EBADF=%d\n", read(fd, a, 1), errno == EBADF);
    errno = 0;
    printf("write closed: %zd EBADF=%d\n", write(fd, "x", 1), errno == EBADF);
    errno = 0;
    printf("lseek closed: %lld EBADF=%d\n", (long long)lseek(fd, 0, SEEK_SET), errno == EBADF);

    int p[2];
    pipe(p);
    errno = 0;
    printf("lseek pipe: %lld ESPIPE=%d\n", (long long)lseek(p[0], 0, SEEK_SET), errno == ESPIPE);
    errno = 0;
    printf("pread pipe: %zd ESPIPE=%d\n", pread(p[0], a, 1, 0), errno == ESPIPE);
    struct iovec bad = {a, 1};
    errno = 0;
    printf("readv negative count: %zd EINVAL=%d\n", readv(p[0], &bad, -1), errno == EINVAL);
    close(p[0]);
    close(p[1]);

    fd = open("data", O_RDONLY);
    errno = 0;
    printf("write rdonly: %zd EBADF=%d\n", write(fd, "x", 1), errno == EBADF);
    close(fd);
    return 0;
}
