// Note: the legacy 32-bit-inode stat/lstat/fstat/fstatat (plain `_stat`
// symbols, not `$INODE64`), which programs built with
// _DARWIN_NO_64_BIT_INODE (or for 10.5 and older) still call.
// darwin-cflags: -D_DARWIN_NO_64_BIT_INODE
// Note: verified with llvm-objdump --macho --lazy-bind: binds _stat, _lstat, _fstat, _fstatat
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    umask(022);
#ifdef __APPLE__
    printf("struct stat size: %zu\n", sizeof(struct stat));
#else
    printf("struct stat size: 120\n");
#endif
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0604);
    printf("write: %zd\n", write(fd, "hello, legacy stat\n", 19));
    struct stat a, b, c, d;
    memset(&a, 0xff, sizeof a);
    printf("stat: %d\n", stat("f", &a));
    printf("reg=%d perm=%o size=%lld nlink=%d\n", S_ISREG(a.st_mode), (unsigned)(a.st_mode & 07777),
           (long long)a.st_size, (int)a.st_nlink);
    printf("uid ok=%d gid ok=%d\n", a.st_uid == geteuid(), a.st_gid == getegid());
    printf("blocks*512>=size: %d blksize>0: %d\n", (long long)a.st_blocks * 512 >= a.st_size,
           a.st_blksize > 0);
#ifdef __APPLE__
    printf("flags=%#x gen=%u\n", (unsigned)a.st_flags, (unsigned)a.st_gen);
#else
    printf("flags=0 gen=0\n");
#endif
    printf("fstat: %d\n", fstat(fd, &b));
    printf("lstat: %d\n", lstat("f", &c));
    printf("fstatat: %d\n", fstatat(AT_FDCWD, "f", &d, AT_SYMLINK_NOFOLLOW));
    printf("same ino: %d %d %d\n", a.st_ino == b.st_ino, a.st_ino == c.st_ino, a.st_ino == d.st_ino);
    printf("same dev: %d\n", a.st_dev == b.st_dev);
    printf("same mtime: %d\n", a.st_mtime == b.st_mtime);
    close(fd);
    printf("mkdir: %d\n", mkdir("d", 0711));
    printf("stat d: %d dir=%d perm=%o\n", stat("d", &a), S_ISDIR(a.st_mode), (unsigned)(a.st_mode & 07777));
    errno = 0;
    printf("stat missing: %d ENOENT=%d\n", stat("missing", &a), errno == ENOENT);
    errno = 0;
    printf("fstat bad: %d EBADF=%d\n", fstat(99, &a), errno == EBADF);
    rmdir("d");
    unlink("f");
    return 0;
}
