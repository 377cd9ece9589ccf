// Reading a directory in raw records with a small buffer, many times:
// darwin's private __getdirentries64 (what its readdir uses; records are
// darwin struct dirent) against Linux getdents64. Every name must come
// back exactly once, with d_reclen walking the buffer correctly.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
ssize_t __getdirentries64(int fd, void *buf, size_t bufsize, off_t *basep);
#define NAME_OFF 21
#define RECLEN_OFF 16
#else
#include <sys/syscall.h>
#define NAME_OFF 19
#define RECLEN_OFF 16
#endif

static ssize_t raw(int fd, char *buf, size_t n) {
#ifdef __APPLE__
    off_t base;
    return __getdirentries64(fd, buf, n, &base);
#else
    return syscall(SYS_getdents64, fd, buf, n);
#endif
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    mkdir("d", 0755);
    for (int i = 0; i < 60; i++) {
        char p[80];
        snprintf(p, sizeof p, "d/%.*s%d", i % 37 + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", i);
        close(open(p, O_CREAT | O_WRONLY, 0644));
    }
    int fd = open("d", O_RDONLY | O_DIRECTORY);
    char *names[128];
    int n = 0, calls = 0, aligned = 1;
    char buf[128];
    ssize_t got;
    while ((got = raw(fd, buf, sizeof buf)) > 0 && calls < 1000) {
        calls++;
        for (ssize_t off = 0; off < got;) {
            uint16_t reclen;
            memcpy(&reclen, buf + off + RECLEN_OFF, 2);
            if (reclen % 8 != 0)
                aligned = 0;
            if (n < 128)
                names[n++] = strdup(buf + off + NAME_OFF);
            off += reclen;
        }
    }
    printf("last: %zd calls>10: %d aligned: %d\n", got, calls > 10, aligned);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    int dups = 0;
    for (int i = 1; i < n; i++)
        dups += strcmp(names[i - 1], names[i]) == 0;
    printf("entries: %d duplicates: %d first=%s last=%s\n", n, dups, names[0], names[n - 1]);
    for (int i = 0; i < n; i++)
        free(names[i]);
    errno = 0;
    lseek(fd, 0, SEEK_SET);
    printf("tiny buffer: %zd EINVAL=%d\n", raw(fd, buf, 8), errno == EINVAL);
    close(fd);
    errno = 0;
    printf("closed: %zd EBADF=%d\n", raw(fd, buf, sizeof buf), errno == EBADF);
    fd = open("d/a0", O_RDONLY);
    errno = 0;
    printf("file: %zd ENOTDIR|EINVAL=%d\n", raw(fd, buf, sizeof buf), errno == ENOTDIR || errno == EINVAL);
    return 0;
}
