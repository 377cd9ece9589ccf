// Note: utimensat with AT_SYMLINK_NOFOLLOW (darwin 0x20, <sys/fcntl.h>)
// sets a symlink's own times and leaves its target alone; without it the
// target changes; UTIME_OMIT keeps a time (man 2 utimensat).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *label) {
    struct stat l, t;
    lstat("ln", &l);
    stat("target", &t);
    /* following a link reads it, which may update its access time */
    char la[24] = "now";
    if (l.st_atime < 1500000000) snprintf(la, sizeof la, "%lld", (long long)l.st_atime);
    printf("%s: link a=%s m=%lld | target a=%lld m=%lld\n", label, la, (long long)l.st_mtime, (long long)t.st_atime,
           (long long)t.st_mtime);
}

int main(void) {
    close(open("target", O_CREAT | O_WRONLY, 0644));
    printf("symlink: %d\n", symlink("target", "ln"));
    struct timespec both[2] = {{1000000000, 0}, {1000000000, 0}};
    printf("target times: %d\n", utimensat(AT_FDCWD, "target", both, 0));
    struct timespec t[2] = {{1100000000, 0}, {1200000000, 0}};
    printf("nofollow: %d\n", utimensat(AT_FDCWD, "ln", t, AT_SYMLINK_NOFOLLOW));
    show("after nofollow");
    struct timespec u[2] = {{1300000000, 0}, {0, UTIME_OMIT}};
    printf("follow, omit mtime: %d\n", utimensat(AT_FDCWD, "ln", u, 0));
    show("after follow");
    struct timespec v[2] = {{0, UTIME_OMIT}, {1400000000, 0}};
    printf("nofollow, omit atime: %d\n", utimensat(AT_FDCWD, "ln", v, AT_SYMLINK_NOFOLLOW));
    show("after omit");
    errno = 0;
    printf("missing: %d ENOENT=%d\n", utimensat(AT_FDCWD, "nope", t, AT_SYMLINK_NOFOLLOW), errno == ENOENT);
    errno = 0;
    printf("bad flag: %d EINVAL=%d\n", utimensat(AT_FDCWD, "ln", t, 0x4000), errno == EINVAL);
    unlink("ln");
    unlink("target");
    return 0;
}
