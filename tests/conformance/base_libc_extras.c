// libSystem functions the darwin base system (bash, coreutils) imports:
// strmode (ls -l, stat, cp), memset_s (sort, shred), imaxdiv and
// strchrnul (bash), pipe2 (sort), gethostid (hostid). strmode and
// memset_s are BSD/Annex K functions glibc lacks: the Linux side uses the
// reference below, written from strmode(3) and C11 K.3.7.4.1.
#define _GNU_SOURCE
#define __STDC_WANT_LIB_EXT1__ 1
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef __APPLE__
static void strmode(int mode, char *p) {
    static const char types[] = "?pc?d?b?-?l?s?w?";
    *p++ = types[(mode >> 12) & 15];
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) p[i] = (mode & (0400 >> i)) ? rwx[i] : '-';
    if (mode & S_ISUID) p[2] = (mode & S_IXUSR) ? 's' : 'S';
    if (mode & S_ISGID) p[5] = (mode & S_IXGRP) ? 's' : 'S';
    if (mode & S_ISVTX) p[8] = (mode & S_IXOTH) ? 't' : 'T';
    p[9] = ' ';
    p[10] = 0;
}
static int memset_s(void *s, size_t smax, int c, size_t n) {
    if (!s) return EINVAL;
    if (smax > (SIZE_MAX >> 1)) return E2BIG;
    memset(s, c, n < smax ? n : smax);
    return n > smax ? EOVERFLOW : 0;
}
#endif

int main(void) {
    int modes[] = {S_IFDIR | 0755, S_IFREG | 0644, S_IFLNK | 0777, S_IFCHR | 0620,
                   S_IFBLK | 0660, S_IFIFO | 0600, S_IFSOCK | 0700, S_IFREG | 04755,
                   S_IFREG | 02644, S_IFDIR | 01777, S_IFDIR | 01770, S_IFREG | 06000, 0};
    for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++) {
        char buf[16];
        memset(buf, 'X', sizeof buf);
        strmode(modes[i], buf);
        printf("strmode %07o: [%s] len %zu after-nul %c\n", modes[i], buf, strlen(buf), buf[12]);
    }

    char b[8];
    memset(b, '.', sizeof b);
    int r = memset_s(b, 4, 'a', 3);
    printf("memset_s fits: %d [%.8s]\n", r, b);
    r = memset_s(b, 4, 'z', 6);
    printf("memset_s n>smax: EOVERFLOW %d [%.8s]\n", r == EOVERFLOW, b);
    printf("memset_s null: EINVAL %d\n", memset_s(NULL, 4, 0, 1) == EINVAL);
    printf("memset_s huge smax: E2BIG %d [%.8s]\n", memset_s(b, SIZE_MAX, 'q', 1) == E2BIG, b);

    imaxdiv_t d = imaxdiv(-7, 2);
    printf("imaxdiv(-7,2): %jd %jd\n", d.quot, d.rem);
    d = imaxdiv(INTMAX_MAX, 1000000007);
    printf("imaxdiv(max,1e9+7): %jd %jd\n", d.quot, d.rem);

    const char *s = "hello, world";
    printf("strchrnul ',': %s\n", strchrnul(s, ','));
    printf("strchrnul 'q' at end: %d\n", strchrnul(s, 'q') == s + strlen(s));
    printf("strchrnul nul: %d\n", strchrnul(s, 0) == s + strlen(s));

    int fds[2];
    printf("pipe2 cloexec|nonblock: %d\n", pipe2(fds, O_CLOEXEC | O_NONBLOCK));
    printf("  fd cloexec: %d nonblock: %d\n", (fcntl(fds[0], F_GETFD) & FD_CLOEXEC) != 0,
           (fcntl(fds[1], F_GETFL) & O_NONBLOCK) != 0);
    char c;
    errno = 0;
    printf("  empty nonblocking read: %zd EAGAIN %d\n", read(fds[0], &c, 1), errno == EAGAIN);
    printf("  write/read: %zd %zd\n", write(fds[1], "x", 1), read(fds[0], &c, 1));
    close(fds[0]);
    close(fds[1]);
    printf("pipe2 0: %d cloexec %d\n", pipe2(fds, 0), (fcntl(fds[0], F_GETFD) & FD_CLOEXEC) != 0);
    close(fds[0]);
    close(fds[1]);
    errno = 0;
    printf("pipe2 bad flag: %d EINVAL %d\n", pipe2(fds, O_APPEND), errno == EINVAL);

    printf("gethostid stable: %d\n", gethostid() == gethostid());
    return 0;
}
