// open/openat/creat with each O_* flag and their error paths; F_GETFL
// reports the status flags back (O_ACCMODE, O_APPEND, O_NONBLOCK, O_SYNC).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#define OPEN_RESTRICTED(p, beneath) open(p, O_RDONLY | ((beneath) ? O_RESOLVE_BENEATH : O_NOFOLLOW_ANY))
#define EOUTSIDE ENOTCAPABLE
#else
/* Linux spells darwin's O_NOFOLLOW_ANY / O_RESOLVE_BENEATH with openat2. */
#include <linux/openat2.h>
#include <sys/syscall.h>
static int OPEN_RESTRICTED(const char *p, int beneath) {
    struct open_how how = {O_RDONLY, 0, beneath ? RESOLVE_BENEATH : RESOLVE_NO_SYMLINKS};
    return (int)syscall(SYS_openat2, AT_FDCWD, p, &how, sizeof how);
}
#define EOUTSIDE EXDEV
#endif

static void flags(const char *what, int fd) {
    int fl = fcntl(fd, F_GETFL);
    printf("%s: acc=%s append=%d nonblock=%d sync=%d cloexec=%d\n", what,
           (fl & O_ACCMODE) == O_RDONLY ? "r" : (fl & O_ACCMODE) == O_WRONLY ? "w" : "rw",
           !!(fl & O_APPEND), !!(fl & O_NONBLOCK), !!(fl & O_SYNC), fcntl(fd, F_GETFD) & FD_CLOEXEC);
}

int main(void) {
    umask(022);
    int fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0640);
    printf("create excl: %d\n", fd >= 0);
    flags("wronly", fd);
    printf("write: %zd\n", write(fd, "hello", 5));
    close(fd);
    struct stat st;
    stat("f", &st);
    printf("mode: %o size=%lld\n", st.st_mode & 07777, (long long)st.st_size);

    errno = 0;
    printf("excl again: %d EEXIST=%d\n", open("f", O_WRONLY | O_CREAT | O_EXCL, 0600), errno == EEXIST);
    errno = 0;
    printf("missing: %d ENOENT=%d\n", open("nope", O_RDONLY), errno == ENOENT);
    errno = 0;
    printf("missing dir: %d ENOENT=%d\n", open("nodir/x", O_RDWR | O_CREAT, 0600), errno == ENOENT);
    errno = 0;
    printf("file as dir: %d ENOTDIR=%d\n", open("f/x", O_RDONLY), errno == ENOTDIR);
    errno = 0;
    printf("O_DIRECTORY on file: %d ENOTDIR=%d\n", open("f", O_RDONLY | O_DIRECTORY), errno == ENOTDIR);
    mkdir("d", 0755);
    errno = 0;
    printf("write dir: %d EISDIR=%d\n", open("d", O_WRONLY), errno == EISDIR);
    fd = open("d", O_RDONLY | O_DIRECTORY);
    printf("O_DIRECTORY on dir: %d\n", fd >= 0);
    char c;
    errno = 0;
    printf("read dir: %zd EISDIR=%d\n", read(fd, &c, 1), errno == EISDIR);
    close(fd);
    symlink("f", "lnk");
    errno = 0;
    printf("O_NOFOLLOW on link: %d ELOOP=%d\n", open("lnk", O_RDONLY | O_NOFOLLOW), errno == ELOOP);
    fd = open("lnk", O_RDONLY);
    printf("follow link: %d\n", fd >= 0);
    flags("rdonly", fd);
    close(fd);

    fd = open("f", O_RDWR | O_APPEND | O_NONBLOCK | O_CLOEXEC);
    flags("rdwr|append|nonblock|cloexec", fd);
    lseek(fd, 0, SEEK_SET);
    write(fd, "!", 1);
    printf("append wrote at end: size=%lld\n", (long long)lseek(fd, 0, SEEK_END));
    fcntl(fd, F_SETFL, 0);
    flags("after F_SETFL 0", fd);
    fcntl(fd, F_SETFL, O_APPEND);
    flags("after F_SETFL O_APPEND", fd);
    close(fd);

    fd = open("f", O_WRONLY | O_SYNC);
    flags("sync", fd);
    close(fd);

    fd = open("f", O_RDWR | O_TRUNC);
    fstat(fd, &st);
    printf("O_TRUNC size: %lld\n", (long long)st.st_size);
    close(fd);

    fd = creat("g", 0600);
    flags("creat", fd);
    printf("creat write: %zd\n", write(fd, "abc", 3));
    errno = 0;
    printf("read on wronly: %zd EBADF=%d\n", read(fd, &c, 1), errno == EBADF);
    close(fd);

    int dfd = open("d", O_RDONLY);
    fd = openat(dfd, "inner", O_CREAT | O_RDWR, 0600);
    printf("openat relative: %d\n", fd >= 0);
    close(fd);
    printf("inner exists: %d\n", access("d/inner", F_OK) == 0);
    fd = openat(AT_FDCWD, "d/inner", O_RDONLY);
    printf("openat AT_FDCWD: %d\n", fd >= 0);
    close(fd);
    errno = 0;
    printf("openat bad dirfd: %d EBADF=%d\n", openat(999, "inner", O_RDONLY), errno == EBADF);
    errno = 0;
    printf("openat file dirfd: %d ENOTDIR=%d\n", openat(open("f", O_RDONLY), "x", O_RDONLY), errno == ENOTDIR);
    close(dfd);
    errno = 0;
    printf("close bad: %d EBADF=%d\n", close(999), errno == EBADF);
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    errno = 0;
    printf("long name: %d ENAMETOOLONG=%d\n", open(longname, O_RDONLY), errno == ENAMETOOLONG);

    mkdir("real", 0755);
    close(open("real/file", O_CREAT | O_WRONLY, 0600));
    symlink("real", "via");
    fd = OPEN_RESTRICTED("real/file", 0);
    printf("no symlinks, none in path: %d\n", fd >= 0);
    close(fd);
    errno = 0;
    printf("no symlinks, link in path: %d ELOOP=%d\n", OPEN_RESTRICTED("via/file", 0), errno == ELOOP);
    fd = OPEN_RESTRICTED("real/file", 1);
    printf("beneath, inside: %d\n", fd >= 0);
    close(fd);
    errno = 0;
    printf("beneath, absolute: %d outside=%d\n", OPEN_RESTRICTED("/", 1), errno == EOUTSIDE);
    errno = 0;
    printf("beneath, dotdot: %d outside=%d\n", OPEN_RESTRICTED("real/../..", 1), errno == EOUTSIDE);
    return 0;
}
