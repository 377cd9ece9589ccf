// Note: chflags/lchflags/fchflags: flags 0 on a plain file, errors for
// missing files, no-dump/immutable/append-only set, read back through
// st_flags and cleared again. Linux has no chflags: the native twin does
// the same through FS_IOC_SETFLAGS, the Linux flags the darwin ones map to.
#ifndef __APPLE__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifndef __APPLE__
#include <linux/fs.h>
#include <sys/ioctl.h>
#define UF_NODUMP 0x1
#define UF_IMMUTABLE 0x2
#define UF_APPEND 0x4
#define UF_HIDDEN 0x8000
#define SF_IMMUTABLE 0x20000
#define SF_APPEND 0x40000
static int linux_bits(unsigned f) {
    return (f & UF_NODUMP ? FS_NODUMP_FL : 0) | (f & (UF_IMMUTABLE | SF_IMMUTABLE) ? FS_IMMUTABLE_FL : 0) |
           (f & (UF_APPEND | SF_APPEND) ? FS_APPEND_FL : 0);
}
static int setfl(int fd, unsigned f) {
    if (f & ~(UF_NODUMP | UF_IMMUTABLE | UF_APPEND | SF_IMMUTABLE | SF_APPEND)) {
        errno = ENOTSUP;
        return -1;
    }
    int cur;
    if (ioctl(fd, FS_IOC_GETFLAGS, &cur) != 0) return -1;
    cur = (cur & ~(FS_NODUMP_FL | FS_IMMUTABLE_FL | FS_APPEND_FL)) | linux_bits(f);
    return ioctl(fd, FS_IOC_SETFLAGS, &cur);
}
static int fchflags(int fd, unsigned f) { return setfl(fd, f); }
static int chflags_at(const char *p, unsigned f, int nofollow) {
    struct stat st;
    if ((nofollow ? lstat(p, &st) : stat(p, &st)) != 0) return -1;
    if (f == 0) {
        struct statx sx;
        statx(AT_FDCWD, p, nofollow ? AT_SYMLINK_NOFOLLOW : 0, 0, &sx);
        if (!(sx.stx_attributes & (STATX_ATTR_NODUMP | STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND))) return 0;
    }
    int fd = open(p, O_RDONLY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0) return -1;
    int r = setfl(fd, f);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}
static int chflags(const char *p, unsigned f) { return chflags_at(p, f, 0); }
static int lchflags(const char *p, unsigned f) { return chflags_at(p, f, 1); }
#endif

static void show(const char *label, const char *p) {
#ifdef __APPLE__
    struct stat st;
    if (lstat(p, &st) != 0) {
        printf("%s: stat failed\n", label);
        return;
    }
    unsigned f = st.st_flags;
    printf("%s: nodump=%d immutable=%d append=%d\n", label, !!(f & UF_NODUMP),
           !!(f & (UF_IMMUTABLE | SF_IMMUTABLE)), !!(f & (UF_APPEND | SF_APPEND)));
#else
    struct statx sx;
    if (statx(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, 0, &sx) != 0) {
        printf("%s: stat failed\n", label);
        return;
    }
    unsigned long long a = sx.stx_attributes;
    printf("%s: nodump=%d immutable=%d append=%d\n", label, !!(a & STATX_ATTR_NODUMP),
           !!(a & STATX_ATTR_IMMUTABLE), !!(a & STATX_ATTR_APPEND));
#endif
}

int main(void) {
    umask(022);
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "abc", 3);
    show("new file", "f");
    printf("chflags 0: %d\n", chflags("f", 0));
    printf("lchflags 0: %d\n", lchflags("f", 0));
    printf("fchflags 0: %d\n", fchflags(fd, 0));
    errno = 0;
    printf("chflags missing: %d ENOENT=%d\n", chflags("missing", 0), errno == ENOENT);
    errno = 0;
    printf("lchflags missing: %d ENOENT=%d\n", lchflags("missing/x", 0), errno == ENOENT);
    errno = 0;
    printf("chflags through file: %d ENOTDIR=%d\n", chflags("f/x", 0), errno == ENOTDIR);
    errno = 0;
    printf("fchflags bad fd: %d EBADF=%d\n", fchflags(-1, 0), errno == EBADF);

    printf("chflags nodump: %d\n", chflags("f", UF_NODUMP));
    show("after nodump", "f");
    printf("chflags nodump again: %d\n", chflags("f", UF_NODUMP));
    printf("fchflags 0: %d\n", fchflags(fd, 0));
    show("after clear", "f");
    printf("fchflags nodump: %d\n", fchflags(fd, UF_NODUMP));
    show("after fchflags", "f");
    printf("lchflags 0: %d\n", lchflags("f", 0));
    show("after lchflags", "f");

    printf("chflags uchg: %d\n", chflags("f", UF_IMMUTABLE));
    show("immutable", "f");
    errno = 0;
    int w = open("f", O_WRONLY);
    printf("open for write: %d EPERM=%d\n", w >= 0, errno == EPERM);
    errno = 0;
    printf("unlink: %d EPERM=%d\n", unlink("f"), errno == EPERM);
    printf("chflags 0: %d\n", chflags("f", 0));
    show("cleared", "f");
    w = open("f", O_WRONLY);
    printf("open for write: %d\n", w >= 0);
    close(w);

    printf("chflags uappnd: %d\n", chflags("f", UF_APPEND));
    show("append-only", "f");
    errno = 0;
    w = open("f", O_WRONLY);
    printf("open O_WRONLY: %d EPERM=%d\n", w >= 0, errno == EPERM);
    w = open("f", O_WRONLY | O_APPEND);
    printf("open O_APPEND: %d\n", w >= 0);
    printf("append: %zd\n", write(w, "def", 3));
    close(w);
    printf("fchflags 0: %d\n", fchflags(fd, 0));
    show("cleared", "f");
    struct stat st;
    stat("f", &st);
    printf("size=%lld\n", (long long)st.st_size);

    mkdir("d", 0755);
    printf("chflags dir nodump: %d\n", chflags("d", UF_NODUMP));
    show("dir", "d");
    printf("chflags dir 0: %d\n", chflags("d", 0));
    show("dir cleared", "d");
    errno = 0;
    int r = chflags("f", UF_HIDDEN);
    printf("hidden: ok or ENOTSUP: %d\n", r == 0 || errno == ENOTSUP);
    chflags("f", 0);
    close(fd);
    printf("unlink: %d\n", unlink("f"));
    printf("rmdir: %d\n", rmdir("d"));
    return 0;
}
