// Note: clonefile/clonefileat/fclonefileat. A volume may not support
// clones (ENOTSUP, man 2 clonefile, COMPATIBILITY); callers then copy. The
// program does what such callers do and prints the result, plus the
// errors that come before any cloning: EINVAL flags, ENOENT source,
// EEXIST destination, EBADF descriptor. The native twin clones with
// Linux's FICLONE ioctl.
#ifndef __APPLE__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/attr.h>
#include <sys/clonefile.h>
#else
#include <linux/fs.h>
#include <sys/ioctl.h>
#define CLONE_NOFOLLOW 1
#define CLONE_NOOWNERCOPY 2
static int fclonefileat(int sfd, int dd, const char *dst, unsigned flags) {
    struct stat st, dst_st;
    if (flags & ~3u) {
        errno = EINVAL;
        return -1;
    }
    if (fstat(sfd, &st) != 0) return -1;
    if (S_ISDIR(st.st_mode)) {
        errno = ENOTSUP;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        errno = EINVAL;
        return -1;
    }
    if (fstatat(dd, dst, &dst_st, AT_SYMLINK_NOFOLLOW) == 0) {
        errno = EEXIST;
        return -1;
    }
    int d = openat(dd, dst, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (d < 0) return -1;
    if (ioctl(d, FICLONE, sfd) != 0) {
        int e = errno;
        close(d);
        unlinkat(dd, dst, 0);
        errno = (e == EXDEV) ? EXDEV : ENOTSUP;
        return -1;
    }
    fchmod(d, st.st_mode & 0777);
    close(d);
    return 0;
}
static int clonefileat(int sd, const char *src, int dd, const char *dst, unsigned flags) {
    if (flags & ~3u) {
        errno = EINVAL;
        return -1;
    }
    int s = openat(sd, src, O_RDONLY | ((flags & CLONE_NOFOLLOW) ? O_NOFOLLOW : 0));
    if (s < 0) return -1;
    int r = fclonefileat(s, dd, dst, flags);
    int e = errno;
    close(s);
    errno = e;
    return r;
}
static int clonefile(const char *src, const char *dst, unsigned flags) {
    return clonefileat(AT_FDCWD, src, AT_FDCWD, dst, flags);
}
#endif

static void put(const char *p, const char *s, int mode) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, mode);
    write(fd, s, strlen(s));
    close(fd);
}
// What clonefile's callers do: clone, or copy when the volume cannot.
static int clone_or_copy(int r, const char *src, const char *dst) {
    if (r == 0) return 0;
    if (errno != ENOTSUP) return -1;
    char b[256];
    struct stat st;
    int s = open(src, O_RDONLY);
    fstat(s, &st);
    int d = open(dst, O_WRONLY | O_CREAT | O_EXCL, st.st_mode & 0777);
    ssize_t n = read(s, b, sizeof b);
    write(d, b, (size_t)n);
    close(s);
    close(d);
    return 0;
}
static void show(const char *p) {
    char b[64] = {0};
    struct stat st;
    if (stat(p, &st) != 0) {
        printf("  %s: absent\n", p);
        return;
    }
    int fd = open(p, O_RDONLY);
    read(fd, b, sizeof b - 1);
    close(fd);
    printf("  %s: [%s] mode=%o\n", p, b, (unsigned)(st.st_mode & 0777));
}

int main(void) {
    umask(022);
    put("src", "cloned contents", 0640);
    errno = 0;
    int r = clonefile("src", "dst", 0);
    printf("clonefile: ok or ENOTSUP: %d\n", r == 0 || errno == ENOTSUP);
    printf("usable copy: %d\n", clone_or_copy(r, "src", "dst"));
    show("dst");
    errno = 0;
    printf("onto existing: %d EEXIST=%d\n", clonefile("src", "dst", 0), errno == EEXIST);
    errno = 0;
    printf("missing source: %d ENOENT=%d\n", clonefile("nope", "x", 0), errno == ENOENT);
    show("x");
    errno = 0;
    printf("missing dst dir: %d ENOENT=%d\n", clonefile("src", "nodir/x", 0), errno == ENOENT);
    errno = 0;
    printf("bad flags: %d EINVAL=%d\n", clonefile("src", "y", 0x100), errno == EINVAL);
    show("y");

    mkdir("dir", 0755);
    int dd = open("dir", O_RDONLY);
    errno = 0;
    r = clonefileat(AT_FDCWD, "src", dd, "in", CLONE_NOFOLLOW | CLONE_NOOWNERCOPY);
    printf("clonefileat: ok or ENOTSUP: %d\n", r == 0 || errno == ENOTSUP);
    printf("usable copy: %d\n", clone_or_copy(r, "src", "dir/in"));
    show("dir/in");
    int s = open("src", O_RDONLY);
    errno = 0;
    r = fclonefileat(s, dd, "in2", 0);
    printf("fclonefileat: ok or ENOTSUP: %d\n", r == 0 || errno == ENOTSUP);
    printf("usable copy: %d\n", clone_or_copy(r, "src", "dir/in2"));
    show("dir/in2");
    close(s);
    errno = 0;
    printf("fclonefileat bad fd: %d EBADF=%d\n", fclonefileat(-1, dd, "in3", 0), errno == EBADF);
    errno = 0;
    printf("clonefileat bad dirfd: %d EBADF=%d\n", clonefileat(-9, "src", dd, "in4", 0), errno == EBADF);
    errno = 0;
    r = clonefile("dir", "dir2", 0);
    printf("directory: ok or ENOTSUP: %d\n", r == 0 || errno == ENOTSUP);
    close(dd);
    unlink("dir2/in");
    unlink("dir2/in2");
    rmdir("dir2");
    unlink("dir/in");
    unlink("dir/in2");
    rmdir("dir");
    unlink("dst");
    unlink("src");
    return 0;
}
