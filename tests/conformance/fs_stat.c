// stat/lstat/fstat/fstatat on the 64-bit-inode struct stat: types and
// modes of every kind of file, sizes, link counts, owners, times set with
// utimes (seconds and nanoseconds), inode and device consistency between
// the calls, st_blocks/st_blksize, and the error paths.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#ifdef __APPLE__
#define MTIM st_mtimespec
#else
#define MTIM st_mtim
#endif

static const char *kind(mode_t m) {
    return S_ISREG(m) ? "reg" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "lnk" : S_ISFIFO(m) ? "fifo" : S_ISCHR(m) ? "chr" : S_ISSOCK(m) ? "sock" : "other";
}

int main(void) {
    umask(0);
    int fd = open("f", O_CREAT | O_RDWR, 0641);
    char buf[5000];
    memset(buf, 'x', sizeof buf);
    write(fd, buf, sizeof buf);
    mkdir("d", 0750);
    mkdir("d/sub", 0700);
    symlink("f", "ln");
    mkfifo("p", 0600);
    link("f", "hard");
    struct timeval tv[2] = {{1234567890, 250000}, {1234567891, 500000}};
    utimes("f", tv);

    struct stat a, b, c;
    printf("stat f: %d %s mode=%o size=%lld nlink=%d\n", stat("f", &a), kind(a.st_mode), a.st_mode & 07777,
           (long long)a.st_size, (int)a.st_nlink);
    printf("mtime=%lld.%09ld\n", (long long)a.MTIM.tv_sec, (long)a.MTIM.tv_nsec);
    printf("blocks cover size: %d blksize>0: %d\n", a.st_blocks * 512 >= a.st_size, a.st_blksize > 0);
    printf("owner is me: %d %d\n", a.st_uid == getuid(), a.st_gid == getgid());
    printf("fstat same: %d\n", fstat(fd, &b) == 0 && b.st_ino == a.st_ino && b.st_dev == a.st_dev && b.st_size == a.st_size);
    printf("hard link same inode: %d\n", stat("hard", &c) == 0 && c.st_ino == a.st_ino);
    printf("stat through link: %d %s\n", stat("ln", &c) == 0 && c.st_ino == a.st_ino, kind(c.st_mode));
    printf("lstat link: %d %s size=%lld other inode=%d\n", lstat("ln", &c), kind(c.st_mode), (long long)c.st_size,
           c.st_ino != a.st_ino);
    printf("stat dir: %d %s mode=%o nlink>=2: %d\n", stat("d", &c), kind(c.st_mode), c.st_mode & 07777, c.st_nlink >= 2);
    printf("stat fifo: %d %s mode=%o\n", stat("p", &c), kind(c.st_mode), c.st_mode & 07777);
    printf("stat /dev/null: %d %s\n", stat("/dev/null", &c), kind(c.st_mode));
    printf("stat /: %d %s\n", stat("/", &c), kind(c.st_mode));
    int dfd = open("d", O_RDONLY);
    printf("fstatat rel: %d %s mode=%o\n", fstatat(dfd, "sub", &c, 0), kind(c.st_mode), c.st_mode & 07777);
    printf("fstatat nofollow: %d %s\n", fstatat(AT_FDCWD, "ln", &c, AT_SYMLINK_NOFOLLOW), kind(c.st_mode));
    printf("fstatat follow: %d %s\n", fstatat(AT_FDCWD, "ln", &c, 0), kind(c.st_mode));
    errno = 0;
    printf("stat missing: %d ENOENT=%d\n", stat("nope", &c), errno == ENOENT);
    errno = 0;
    printf("stat notdir: %d ENOTDIR=%d\n", stat("f/x", &c), errno == ENOTDIR);
    errno = 0;
    printf("stat empty: %d ENOENT=%d\n", stat("", &c), errno == ENOENT);
    errno = 0;
    printf("fstat bad fd: %d EBADF=%d\n", fstat(-1, &c), errno == EBADF);
    errno = 0;
    printf("fstatat bad dirfd: %d EBADF=%d\n", fstatat(999, "x", &c, 0), errno == EBADF);
    symlink("self", "self");
    errno = 0;
    printf("stat loop: %d ELOOP=%d\n", stat("self", &c), errno == ELOOP);
    ftruncate(fd, 3);
    fstat(fd, &b);
    printf("after ftruncate: size=%lld ctime>=mtime: %d\n", (long long)b.st_size, b.st_ctime >= b.st_mtime);
    close(fd);
    close(dfd);
    return 0;
}
