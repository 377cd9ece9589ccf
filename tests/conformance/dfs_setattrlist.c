// Note: setattrlist/fsetattrlist/setattrlistat: times (modification,
// access; change time is ignored, as XNU's setattrlist_internal does),
// owner, access mask, flags and Finder info, unpacked in <sys/attr.h>
// order with no length word; then the errors of man 2 setattrlist: bad bit
// count, an attribute that cannot be set, a short buffer (EINVAL), a
// missing file (ENOENT). The native twin does the same changes with
// utimensat/chown/chmod/FS_IOC_SETFLAGS/setxattr and prints what stat sees.
#ifndef __APPLE__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "dfs_attr.h"
#ifndef __APPLE__
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/xattr.h>
#endif

static void show(const char *label, const char *p) {
    struct stat st;
    stat(p, &st);
#ifdef __APPLE__
    long long mns = st.st_mtimespec.tv_nsec, ans = st.st_atimespec.tv_nsec;
    unsigned nodump = st.st_flags & 1;
#else
    long long mns = st.st_mtim.tv_nsec, ans = st.st_atim.tv_nsec;
    int fd = open(p, O_RDONLY), fl = 0;
    ioctl(fd, FS_IOC_GETFLAGS, &fl);
    close(fd);
    unsigned nodump = !!(fl & FS_NODUMP_FL);
#endif
    if (strcmp(p, "f") != 0) mns = ans = st.st_mtime = st.st_atime = 0; /* fresh file: times are "now" */
    printf("%s: mtime=%lld.%09lld atime=%lld.%09lld mode=%o uid_ok=%d nodump=%u\n", label, (long long)st.st_mtime, mns,
           (long long)st.st_atime, ans, (unsigned)(st.st_mode & 07777), st.st_uid == geteuid(), nodump);
}

static void finder(const char *label, const char *p) {
    unsigned char fi[32] = {0};
#ifdef __APPLE__
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_FNDRINFO, 0, 0, 0, 0};
    char buf[64];
    int r = getattrlist(p, &al, buf, sizeof buf, 0);
    memcpy(fi, buf + 4, 32);
#else
    getxattr(p, "user.com.apple.FinderInfo", fi, 32);
    int r = 0;
#endif
    printf("%s: %d [%.4s] [%.4s] byte31=%u\n", label, r, (char *)fi, (char *)fi + 4, fi[31]);
}

static void err(const char *label, int r, int e) {
    printf("%s: %d EINVAL=%d ENOENT=%d EBADF=%d\n", label, r, e == EINVAL, e == ENOENT, e == EBADF);
}

int main(void) {
    umask(022);
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "data", 4);
    close(fd);
    struct timespec m = {1000000000, 123456789}, a = {1200000000, 5}, c = {42, 0};
    unsigned char fi[32] = {'T', 'E', 'X', 'T', 'c', 'a', 'l', 'v'};
    fi[31] = 7;
#ifdef __APPLE__
    /* mod time, change time (ignored), access time: <sys/attr.h> bit order */
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_MODTIME | ATTR_CMN_CHGTIME | ATTR_CMN_ACCTIME, 0, 0, 0, 0};
    struct timespec t3[3] = {m, c, a};
    printf("set times: %d\n", setattrlist("f", &al, t3, sizeof t3, 0));
#else
    struct timespec t2[2] = {a, m};
    printf("set times: %d\n", utimensat(AT_FDCWD, "f", t2, 0));
#endif
    show("after times", "f");
#ifdef __APPLE__
    struct {
        unsigned char fi[32];
        uint32_t uid, gid, mode, flags;
    } __attribute__((packed)) b = {{0}, geteuid(), getegid(), 0600, 1};
    memcpy(b.fi, fi, 32);
    al.commonattr = ATTR_CMN_FNDRINFO | ATTR_CMN_OWNERID | ATTR_CMN_GRPID | ATTR_CMN_ACCESSMASK | ATTR_CMN_FLAGS;
    fd = open("f", O_RDONLY);
    printf("set finder/owner/mode/flags: %d\n", fsetattrlist(fd, &al, &b, sizeof b, 0));
    close(fd);
#else
    setxattr("f", "user.com.apple.FinderInfo", fi, 32, 0);
    chown("f", geteuid(), getegid());
    chmod("f", 0600);
    fd = open("f", O_RDONLY);
    int fl = 0;
    ioctl(fd, FS_IOC_GETFLAGS, &fl);
    fl |= FS_NODUMP_FL;
    ioctl(fd, FS_IOC_SETFLAGS, &fl);
    close(fd);
    printf("set finder/owner/mode/flags: 0\n");
#endif
    show("after fset", "f");
    finder("finder info", "f");

    mkdir("d", 0755);
#ifdef __APPLE__
    int dfd = open("d", O_RDONLY);
    close(open("d/g", O_CREAT | O_WRONLY, 0644));
    struct {
        uint32_t mode, flags;
    } b2 = {0751, 0};
    al.commonattr = ATTR_CMN_ACCESSMASK | ATTR_CMN_FLAGS;
    printf("setattrlistat: %d\n", setattrlistat(dfd, "g", &al, &b2, sizeof b2, 0));
    close(dfd);
    al.commonattr = ATTR_CMN_FNDRINFO;
    unsigned char zero[32] = {0};
    printf("clear finder info: %d\n", setattrlist("f", &al, zero, sizeof zero, 0));
    al.commonattr = ATTR_CMN_FLAGS;
    uint32_t noflags = 0;
    printf("clear flags: %d\n", setattrlist("f", &al, &noflags, 4, 0));
#else
    close(open("d/g", O_CREAT | O_WRONLY, 0644));
    chmod("d/g", 0751);
    printf("setattrlistat: 0\n");
    removexattr("f", "user.com.apple.FinderInfo");
    printf("clear finder info: 0\n");
    fd = open("f", O_RDONLY);
    fl = 0;
    ioctl(fd, FS_IOC_SETFLAGS, &fl);
    close(fd);
    printf("clear flags: 0\n");
#endif
    show("d/g", "d/g");
    finder("finder info cleared", "f");
    show("f flags cleared", "f");

#ifdef __APPLE__
    al.commonattr = ATTR_CMN_MODTIME;
    errno = 0;
    err("short buffer", setattrlist("f", &al, &m, 8, 0), errno);
    al.bitmapcount = 3;
    errno = 0;
    err("bitmapcount 3", setattrlist("f", &al, &m, sizeof m, 0), errno);
    al.bitmapcount = ATTR_BIT_MAP_COUNT;
    al.commonattr = ATTR_CMN_NAME;
    errno = 0;
    err("name not settable", setattrlist("f", &al, &m, sizeof m, 0), errno);
    al.commonattr = ATTR_CMN_MODTIME;
    errno = 0;
    err("missing", setattrlist("nope", &al, &m, sizeof m, 0), errno);
    errno = 0;
    err("bad fd", fsetattrlist(-1, &al, &m, sizeof m, 0), errno);
    al.commonattr = 0;
    err("nothing to set", setattrlist("f", &al, NULL, 0, 0), 0);
#else
    err("short buffer", -1, EINVAL);
    err("bitmapcount 3", -1, EINVAL);
    err("name not settable", -1, EINVAL);
    err("missing", -1, ENOENT);
    err("bad fd", -1, EBADF);
    err("nothing to set", 0, 0);
#endif
    show("unchanged", "f");
    unlink("d/g");
    rmdir("d");
    unlink("f");
    return 0;
}
