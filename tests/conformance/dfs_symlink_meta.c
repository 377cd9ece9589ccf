// Note: the darwin metadata calls on symlinks. getattrlist with and
// without FSOPT_NOFOLLOW (the link, or its target and the target's name),
// setattrlist FSOPT_NOFOLLOW times, chflags through a link,
// copyfile with and without COPYFILE_NOFOLLOW_SRC, clonefile of a link
// (CLONE_NOFOLLOW clones the link itself, man 2 clonefile). lchflags with
// a flag on a link may be ENOTSUP where the filesystem keeps no flags on
// links. The native twin prints what lstat/readlink give.
#ifndef __APPLE__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dfs_attr.h"
#ifdef __APPLE__
#include <copyfile.h>
#include <sys/clonefile.h>
#endif

static void kind(const char *p) {
    struct stat st;
    char t[64] = {0};
    if (lstat(p, &st) != 0) {
        printf("  %s: absent\n", p);
        return;
    }
    if (S_ISLNK(st.st_mode)) readlink(p, t, sizeof t - 1);
    printf("  %s: %s %s size=%lld\n", p, S_ISLNK(st.st_mode) ? "link ->" : "file", t, (long long)st.st_size);
}

int main(void) {
    int fd = open("target", O_CREAT | O_WRONLY, 0644);
    write(fd, "target data\n", 12);
    close(fd);
    printf("symlink: %d\n", symlink("target", "ln"));
    struct stat lst;
    lstat("ln", &lst);
#ifdef __APPLE__
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_NAME | ATTR_CMN_OBJTYPE | ATTR_CMN_FILEID, 0, 0,
                          ATTR_FILE_DATALENGTH, 0};
    char buf[256];
    for (int nofollow = 1; nofollow >= 0; nofollow--) {
        int r = getattrlist("ln", &al, buf, sizeof buf, nofollow ? FSOPT_NOFOLLOW : 0);
        struct rd c = {buf};
        rd_u32(&c);
        int32_t off;
        uint32_t len;
        const char *name = rd_ref(&c, &off, &len);
        uint32_t type = rd_u32(&c);
        uint64_t id = rd_u64(&c), dl = rd_u64(&c);
        printf("getattrlist %s: %d name=[%s] type=%u is link inode=%d datalength=%llu\n",
               nofollow ? "nofollow" : "follow", r, name, type, id == lst.st_ino, (unsigned long long)dl);
    }
    struct attrlist tl = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_MODTIME, 0, 0, 0, 0};
    struct timespec m = {1234567890, 0};
    printf("setattrlist nofollow: %d\n", setattrlist("ln", &tl, &m, sizeof m, FSOPT_NOFOLLOW));
#else
    printf("getattrlist nofollow: 0 name=[ln] type=5 is link inode=1 datalength=6\n");
    printf("getattrlist follow: 0 name=[target] type=1 is link inode=0 datalength=12\n");
    struct timespec m[2] = {{0, UTIME_OMIT}, {1234567890, 0}};
    printf("setattrlist nofollow: %d\n", utimensat(AT_FDCWD, "ln", m, AT_SYMLINK_NOFOLLOW));
#endif
    struct stat a, b;
    lstat("ln", &a);
    stat("ln", &b);
    printf("link mtime=%lld target mtime changed=%d\n", (long long)a.st_mtime, b.st_mtime == 1234567890);

#ifdef __APPLE__
    printf("lchflags 0: %d\n", lchflags("ln", 0));
    errno = 0;
    int r = lchflags("ln", UF_NODUMP);
    printf("lchflags nodump: ok or ENOTSUP=%d\n", r == 0 || errno == ENOTSUP);
    lchflags("ln", 0);
    printf("chflags through link: %d\n", chflags("ln", UF_NODUMP));
    stat("target", &b);
    printf("target nodump=%d\n", !!(b.st_flags & UF_NODUMP));
    printf("chflags clear: %d\n", chflags("ln", 0));
    printf("copyfile nofollow: %d\n", copyfile("ln", "ln2", NULL, COPYFILE_ALL | COPYFILE_NOFOLLOW_SRC));
    printf("copyfile follow: %d\n", copyfile("ln", "f3", NULL, COPYFILE_ALL));
    printf("clonefile nofollow: %d\n", clonefile("ln", "ln3", CLONE_NOFOLLOW));
#else
    printf("lchflags 0: 0\nlchflags nodump: ok or ENOTSUP=1\nchflags through link: 0\ntarget nodump=1\n");
    printf("chflags clear: 0\n");
    printf("copyfile nofollow: %d\n", symlink("target", "ln2"));
    fd = open("f3", O_CREAT | O_WRONLY, 0644);
    write(fd, "target data\n", 12);
    close(fd);
    printf("copyfile follow: 0\n");
    printf("clonefile nofollow: %d\n", symlink("target", "ln3"));
#endif
    kind("ln2");
    kind("f3");
    kind("ln3");
    return 0;
}
