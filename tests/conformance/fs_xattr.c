// Extended attributes: set/get/list/remove by path and by descriptor,
// XATTR_CREATE/XATTR_REPLACE, size queries, ERANGE, a missing attribute
// (ENOATTR), XATTR_NOFOLLOW on a symbolic link, binary values.
// Only the spelling differs between the systems: darwin's calls take a
// position and an options word, Linux names need the "user." namespace
// (Calvados maps darwin names into it) and NOFOLLOW is the l* variant.
// If the file system has no user attributes both sides print ENOTSUP.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __APPLE__
/* <sys/xattr.h> (xnu bsd/sys/xattr.h; not shipped with zig's macOS headers) */
#define XATTR_NOFOLLOW 0x0001
#define XATTR_CREATE 0x0002
#define XATTR_REPLACE 0x0004
ssize_t getxattr(const char *, const char *, void *, size_t, u_int32_t, int);
ssize_t fgetxattr(int, const char *, void *, size_t, u_int32_t, int);
int setxattr(const char *, const char *, const void *, size_t, u_int32_t, int);
int fsetxattr(int, const char *, const void *, size_t, u_int32_t, int);
int removexattr(const char *, const char *, int);
int fremovexattr(int, const char *, int);
ssize_t listxattr(const char *, char *, size_t, int);
ssize_t flistxattr(int, char *, size_t, int);
#define N(x) x
#define GET(p, n, v, s) getxattr(p, n, v, s, 0, 0)
#define LGET(p, n, v, s) getxattr(p, n, v, s, 0, XATTR_NOFOLLOW)
#define FGET(f, n, v, s) fgetxattr(f, n, v, s, 0, 0)
#define SET(p, n, v, s, fl) setxattr(p, n, v, s, 0, fl)
#define FSET(f, n, v, s, fl) fsetxattr(f, n, v, s, 0, fl)
#define REMOVE(p, n) removexattr(p, n, 0)
#define FREMOVE(f, n) fremovexattr(f, n, 0)
#define LIST(p, b, s) listxattr(p, b, s, 0)
#define LLIST(p, b, s) listxattr(p, b, s, XATTR_NOFOLLOW)
#define FLIST(f, b, s) flistxattr(f, b, s, 0)
#define PFX ""
#else
#include <sys/xattr.h>
#define ENOATTR ENODATA
#define N(x) "user." x
#define GET(p, n, v, s) getxattr(p, n, v, s)
#define LGET(p, n, v, s) lgetxattr(p, n, v, s)
#define FGET(f, n, v, s) fgetxattr(f, n, v, s)
#define SET(p, n, v, s, fl) setxattr(p, n, v, s, fl)
#define FSET(f, n, v, s, fl) fsetxattr(f, n, v, s, fl)
#define REMOVE(p, n) removexattr(p, n)
#define FREMOVE(f, n) fremovexattr(f, n)
#define LIST(p, b, s) listxattr(p, b, s)
#define LLIST(p, b, s) llistxattr(p, b, s)
#define FLIST(f, b, s) flistxattr(f, b, s)
#define PFX "user."
#endif

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Prints the attribute names in the user namespace, sorted, without prefix. */
static void show_list(const char *what, ssize_t n, char *buf) {
    if (n < 0) {
        printf("%s: -1 ENOTSUP=%d\n", what, errno == ENOTSUP);
        return;
    }
    char *names[32];
    int k = 0;
    for (char *p = buf; p < buf + n && k < 32; p += strlen(p) + 1)
        if (strncmp(p, PFX, strlen(PFX)) == 0)
            names[k++] = p + strlen(PFX);
    qsort(names, (size_t)k, sizeof names[0], cmp);
    printf("%s (%d):", what, k);
    for (int i = 0; i < k; i++)
        printf(" %s", names[i]);
    printf("\n");
}

int main(void) {
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    errno = 0;
    int r = SET("f", N("color"), "blue", 4, 0);
    if (r != 0) {
        printf("user attributes unsupported here: ENOTSUP=%d\n", errno == ENOTSUP);
        return 0;
    }
    printf("set: %d\n", r);
    char buf[256];
    memset(buf, 0, sizeof buf);
    printf("get: %zd [%s]\n", GET("f", N("color"), buf, sizeof buf), buf);
    printf("size query: %zd\n", GET("f", N("color"), NULL, 0));
    errno = 0;
    printf("get small: %zd ERANGE=%d\n", GET("f", N("color"), buf, 2), errno == ERANGE);
    errno = 0;
    printf("get missing: %zd ENOATTR=%d\n", GET("f", N("nothere"), buf, sizeof buf), errno == ENOATTR);
    errno = 0;
    printf("create existing: %d EEXIST=%d\n", SET("f", N("color"), "red", 3, XATTR_CREATE), errno == EEXIST);
    errno = 0;
    printf("replace missing: %d ENOATTR=%d\n", SET("f", N("shape"), "round", 5, XATTR_REPLACE), errno == ENOATTR);
    printf("replace: %d\n", SET("f", N("color"), "green", 5, XATTR_REPLACE));
    printf("create new: %d\n", SET("f", N("shape"), "round", 5, XATTR_CREATE));
    unsigned char bin[8] = {0, 1, 2, 0xff, 0, 0x80, 7, 0};
    printf("binary set: %d\n", FSET(fd, N("bin"), bin, sizeof bin, 0));
    unsigned char back[16];
    ssize_t n = FGET(fd, N("bin"), back, sizeof back);
    printf("binary get: %zd equal=%d\n", n, n == 8 && memcmp(back, bin, 8) == 0);
    printf("empty value: %d -> %zd\n", SET("f", N("empty"), "", 0, 0), GET("f", N("empty"), buf, sizeof buf));
    memset(buf, 0, sizeof buf);
    printf("fget: %zd [%s]\n", FGET(fd, N("color"), buf, sizeof buf), buf);

    n = LIST("f", buf, sizeof buf);
    show_list("list", n, buf);
    printf("list size query >= used: %d\n", LIST("f", NULL, 0) >= n);
    n = FLIST(fd, buf, sizeof buf);
    show_list("flist", n, buf);
    errno = 0;
    printf("list small: %zd ERANGE=%d\n", LIST("f", buf, 3), errno == ERANGE);

    printf("remove: %d\n", REMOVE("f", N("shape")));
    errno = 0;
    printf("remove again: %d ENOATTR=%d\n", REMOVE("f", N("shape")), errno == ENOATTR);
    printf("fremove: %d\n", FREMOVE(fd, N("bin")));
    n = LIST("f", buf, sizeof buf);
    show_list("after remove", n, buf);

    symlink("f", "ln");
    memset(buf, 0, sizeof buf);
    printf("get through link: %zd [%s]\n", GET("ln", N("color"), buf, sizeof buf), buf);
    errno = 0;
    printf("get nofollow: %zd ENOATTR=%d\n", LGET("ln", N("color"), buf, sizeof buf), errno == ENOATTR);
    n = LLIST("ln", buf, sizeof buf);
    show_list("list nofollow", n, buf);

    mkdir("d", 0755);
    printf("dir set: %d get: %zd\n", SET("d", N("k"), "v", 1, 0), GET("d", N("k"), buf, sizeof buf));
    errno = 0;
    printf("missing file: %zd ENOENT=%d\n", GET("nope", N("color"), buf, sizeof buf), errno == ENOENT);
    errno = 0;
    printf("bad fd: %zd EBADF=%d\n", FGET(-1, N("color"), buf, sizeof buf), errno == EBADF);
    errno = 0;
    printf("set missing file: %d ENOENT=%d\n", SET("nope", N("x"), "1", 1, 0), errno == ENOENT);
    close(fd);
    return 0;
}
