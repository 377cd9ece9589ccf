// Note: stat/lstat/fstat/fstatat ($INODE64 forms) on regular files and
// on directories (type, permission bits, size, link count, inode
// agreement between the calls, block counts, birth time, error paths).
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

// Birth time: st_birthtimespec on macOS, statx's btime on Linux.
static long long birth(const char *p) {
#ifdef __APPLE__
    struct stat st;
    if (stat(p, &st) != 0) return -1;
    return (long long)st.st_birthtimespec.tv_sec;
#else
    struct statx sx;
    if (statx(AT_FDCWD, p, 0, STATX_BTIME, &sx) != 0) return -1;
    if (!(sx.stx_mask & STATX_BTIME)) return 0;
    return (long long)sx.stx_btime.tv_sec;
#endif
}

static void show(const char *label, const struct stat *st) {
    printf("%s: reg=%d dir=%d lnk=%d perm=%o nlink=%d uid_is_me=%d gid_is_mine=%d\n", label,
           S_ISREG(st->st_mode), S_ISDIR(st->st_mode), S_ISLNK(st->st_mode),
           (unsigned)(st->st_mode & 07777), (int)st->st_nlink, st->st_uid == geteuid(),
           st->st_gid == getegid());
}

int main(void) {
    umask(022);
    struct stat st, st2, st3;
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0640);
    char buf[10000];
    memset(buf, 'x', sizeof buf);
    printf("write: %zd\n", write(fd, buf, sizeof buf));
    fsync(fd);
    printf("stat: %d\n", stat("f", &st));
    show("file", &st);
    printf("size=%lld\n", (long long)st.st_size);
    printf("blocks cover size: %d\n", (long long)st.st_blocks * 512 >= (long long)st.st_size);
    printf("blocks sane: %d\n", st.st_blocks > 0 && st.st_blocks < 1000);
    printf("blksize>=512: %d\n", st.st_blksize >= 512);
#ifdef __APPLE__
    printf("gen=%u\n", (unsigned)st.st_gen);
    printf("flags=%#x\n", (unsigned)st.st_flags);
#else
    printf("gen=0\n");
    printf("flags=0\n");
#endif
    printf("fstat: %d\n", fstat(fd, &st2));
    printf("fstat same ino/dev: %d %d\n", st.st_ino == st2.st_ino, st.st_dev == st2.st_dev);
    printf("lstat: %d\n", lstat("f", &st3));
    printf("lstat same ino: %d\n", st.st_ino == st3.st_ino);
    printf("fstatat: %d\n", fstatat(AT_FDCWD, "f", &st3, 0));
    printf("fstatat same ino: %d\n", st.st_ino == st3.st_ino);
    printf("times sane: %d %d\n", st.st_mtime > 1000000000, st.st_mtime <= time(NULL) + 5);
    printf("mtime==fstat mtime: %d\n", st.st_mtime == st2.st_mtime);

    long long b0 = birth("f");
    printf("birth>0: %d birth<=mtime: %d\n", b0 > 0, b0 <= (long long)st.st_mtime);
    sleep(1);
    write(fd, "y", 1);
    close(fd);
    stat("f", &st2);
    printf("size after append=%lld\n", (long long)st2.st_size);
    printf("mtime advanced: %d\n", st2.st_mtime > st.st_mtime);
    printf("birth unchanged: %d\n", birth("f") == b0);

    printf("mkdir: %d\n", mkdir("d", 0750));
    printf("mkdir sub: %d\n", mkdir("d/s", 0700));
    printf("stat d: %d\n", stat("d", &st));
    show("dir", &st);
    int dfd = open("d", O_RDONLY);
    printf("fstatat dirfd s: %d\n", fstatat(dfd, "s", &st2, 0));
    show("sub", &st2);
    printf("fstat dir fd same ino: %d\n", fstat(dfd, &st3) == 0 && st3.st_ino == st.st_ino);
    close(dfd);

    errno = 0;
    printf("stat missing: %d errno==ENOENT: %d\n", stat("nope", &st), errno == ENOENT);
    errno = 0;
    printf("stat through file: %d errno==ENOTDIR: %d\n", stat("f/x", &st), errno == ENOTDIR);
    errno = 0;
    printf("lstat empty: %d errno==ENOENT: %d\n", lstat("", &st), errno == ENOENT);
    errno = 0;
    printf("fstat bad fd: %d errno==EBADF: %d\n", fstat(-1, &st), errno == EBADF);
    errno = 0;
    printf("fstatat bad dirfd: %d errno==EBADF: %d\n", fstatat(-5, "f", &st, 0), errno == EBADF);
    errno = 0;
    printf("fstatat AT_REMOVEDIR: %d errno==EINVAL: %d\n", fstatat(AT_FDCWD, "f", &st, AT_REMOVEDIR),
           errno == EINVAL);
    rmdir("d/s");
    rmdir("d");
    unlink("f");
    return 0;
}
