// Note: renamex_np/renameatx_np: RENAME_SWAP exchanges two names (file with
// file, file with directory), RENAME_EXCL refuses an existing target, both
// together or unknown bits are EINVAL (man 2 rename). Linux's renameat2
// with RENAME_EXCHANGE/RENAME_NOREPLACE is the native twin.
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
#include <stdio.h>
#else
#define RENAME_SWAP 0x2
#define RENAME_EXCL 0x4
static unsigned to_linux(unsigned f) {
    return (f & RENAME_SWAP ? RENAME_EXCHANGE : 0) | (f & RENAME_EXCL ? RENAME_NOREPLACE : 0);
}
static int renameatx_np(int a, const char *f, int b, const char *t, unsigned fl) {
    if ((fl & ~7u) || (fl & 6u) == 6u) {
        errno = EINVAL;
        return -1;
    }
    return renameat2(a, f, b, t, to_linux(fl));
}
static int renamex_np(const char *f, const char *t, unsigned fl) {
    return renameatx_np(AT_FDCWD, f, AT_FDCWD, t, fl);
}
#endif

static void put(const char *p, const char *s) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, s, strlen(s));
    close(fd);
}
static void show(const char *p) {
    char b[64] = {0};
    struct stat st;
    if (stat(p, &st) != 0) {
        printf("  %s: absent\n", p);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        printf("  %s: directory\n", p);
        return;
    }
    int fd = open(p, O_RDONLY);
    read(fd, b, sizeof b - 1);
    close(fd);
    printf("  %s: [%s]\n", p, b);
}

int main(void) {
    put("a", "alpha");
    put("b", "beta");
    printf("plain: %d\n", renamex_np("a", "c", 0));
    show("a");
    show("c");
    printf("swap: %d\n", renamex_np("b", "c", RENAME_SWAP));
    show("b");
    show("c");
    errno = 0;
    printf("excl onto existing: %d EEXIST=%d\n", renamex_np("b", "c", RENAME_EXCL), errno == EEXIST);
    show("b");
    show("c");
    printf("excl onto new: %d\n", renamex_np("b", "n", RENAME_EXCL));
    show("b");
    show("n");
    errno = 0;
    printf("swap with missing: %d ENOENT=%d\n", renamex_np("n", "zz", RENAME_SWAP), errno == ENOENT);
    errno = 0;
    printf("swap|excl: %d EINVAL=%d\n", renamex_np("n", "c", RENAME_SWAP | RENAME_EXCL), errno == EINVAL);
    errno = 0;
    printf("unknown flag: %d EINVAL=%d\n", renamex_np("n", "c", 0x100), errno == EINVAL);
    show("n");
    mkdir("dir", 0755);
    put("dir/inner", "inside");
    printf("swap file/dir: %d\n", renamex_np("n", "dir", RENAME_SWAP));
    show("n");
    show("dir");
    show("n/inner");
    int d = open("n", O_RDONLY);
    put("c2", "gamma");
    printf("renameatx into dir: %d\n", renameatx_np(AT_FDCWD, "c2", d, "moved", 0));
    show("n/moved");
    printf("renameatx swap in dir: %d\n", renameatx_np(d, "moved", d, "inner", RENAME_SWAP));
    show("n/moved");
    show("n/inner");
    errno = 0;
    printf("renameatx bad fd: %d EBADF=%d\n", renameatx_np(-7, "x", AT_FDCWD, "y", 0), errno == EBADF);
    close(d);
    unlink("n/moved");
    unlink("n/inner");
    rmdir("n");
    unlink("dir");
    unlink("c");
    return 0;
}
