// truncate/ftruncate (grow with zeros, shrink, errors), fsync/fdatasync,
// space preallocation and hole punching (darwin F_PREALLOCATE,
// F_PUNCHHOLE, F_RDADVISE; fallocate/posix_fadvise on Linux), SEEK_HOLE/
// SEEK_DATA, and pathconf/fpathconf.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __APPLE__
int fdatasync(int); /* exported by libSystem, not declared in <unistd.h> */
/* <sys/fcntl.h>: struct fpunchhole (macOS 10.12+) */
struct fpunch {
    unsigned int fp_flags, reserved;
    off_t fp_offset, fp_length;
};
#endif

static int prealloc(int fd, off_t len) {
#ifdef __APPLE__
    fstore_t st = {F_ALLOCATEALL, F_PEOFPOSMODE, 0, len, 0};
    int r = fcntl(fd, F_PREALLOCATE, &st);
    return r == 0 && st.fst_bytesalloc >= len ? 0 : -1;
#else
    struct stat s;
    fstat(fd, &s);
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, s.st_blocks * 512, len);
#endif
}

static int punch(int fd, off_t off, off_t len) {
#ifdef __APPLE__
    struct fpunch p = {0, 0, off, len};
    return fcntl(fd, F_PUNCHHOLE, &p);
#else
    return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len);
#endif
}

static int advise(int fd, off_t off, int len) {
#ifdef __APPLE__
    struct radvisory ra = {off, len};
    return fcntl(fd, F_RDADVISE, &ra);
#else
    return posix_fadvise(fd, off, len, POSIX_FADV_WILLNEED) == 0 ? 0 : -1;
#endif
}

static long long size(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

int main(void) {
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "abcdefghij", 10);
    printf("truncate grow: %d size=%lld\n", truncate("f", 16), size("f"));
    char buf[32];
    memset(buf, 'x', sizeof buf);
    ssize_t n = pread(fd, buf, sizeof buf, 0);
    printf("read %zd: tail zero=%d %d\n", n, buf[10] == 0, buf[15] == 0);
    printf("ftruncate shrink: %d size=%lld\n", ftruncate(fd, 4), size("f"));
    printf("offset past end kept: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("write at offset: %zd size=%lld\n", write(fd, "Z", 1), size("f"));
    errno = 0;
    printf("ftruncate negative: %d EINVAL=%d\n", ftruncate(fd, -1), errno == EINVAL);
    errno = 0;
    printf("truncate missing: %d ENOENT=%d\n", truncate("nope", 0), errno == ENOENT);
    mkdir("d", 0755);
    errno = 0;
    printf("truncate dir: %d EISDIR=%d\n", truncate("d", 0), errno == EISDIR);
    int ro = open("f", O_RDONLY);
    errno = 0;
    printf("ftruncate rdonly: %d EBADF/EINVAL=%d\n", ftruncate(ro, 0), errno == EBADF || errno == EINVAL);
    close(ro);
    printf("fsync: %d fdatasync: %d\n", fsync(fd), fdatasync(fd));

    ftruncate(fd, 0);
    struct stat st;
    fstat(fd, &st);
    long long before = (long long)st.st_blocks;
    printf("preallocate 1MiB: %d\n", prealloc(fd, 1 << 20));
    fstat(fd, &st);
    printf("size unchanged: %lld blocks grew: %d\n", (long long)st.st_size, st.st_blocks > before);
    ftruncate(fd, 0);
    char big[65536];
    memset(big, 'q', sizeof big);
    for (int i = 0; i < 4; i++)
        write(fd, big, sizeof big);
    fsync(fd);
    printf("punch 64KiB at 64KiB: %d\n", punch(fd, 65536, 65536));
    fstat(fd, &st);
    printf("size kept: %lld\n", (long long)st.st_size);
    pread(fd, buf, 4, 65536);
    printf("hole reads zeros: %d\n", buf[0] == 0 && buf[3] == 0);
    pread(fd, buf, 4, 131072);
    printf("after hole intact: %c\n", buf[0]);
    printf("SEEK_HOLE from 0: %lld\n", (long long)lseek(fd, 0, SEEK_HOLE));
    printf("SEEK_DATA from hole: %lld\n", (long long)lseek(fd, 65536, SEEK_DATA));
    printf("advise: %d\n", advise(fd, 0, 4096));
    errno = 0;
    printf("punch bad fd: %d EBADF=%d\n", punch(-1, 0, 1), errno == EBADF);

    printf("pathconf NAME_MAX: %ld\n", pathconf(".", _PC_NAME_MAX));
    printf("fpathconf LINK_MAX>1: %d\n", fpathconf(fd, _PC_LINK_MAX) > 1);
    printf("pathconf PIPE_BUF>=512: %d\n", pathconf(".", _PC_PIPE_BUF) >= 512);
    printf("pathconf NO_TRUNC: %ld CHOWN_RESTRICTED: %ld\n", pathconf(".", _PC_NO_TRUNC),
           pathconf(".", _PC_CHOWN_RESTRICTED));
    printf("pathconf FILESIZEBITS>=32: %d\n", pathconf("f", _PC_FILESIZEBITS) >= 32);
    errno = 0;
    printf("pathconf missing: %ld ENOENT=%d\n", pathconf("nope", _PC_NAME_MAX), errno == ENOENT);
    errno = 0;
    printf("pathconf bad name: %ld EINVAL=%d\n", pathconf(".", 12345), errno == EINVAL);
    close(fd);
    return 0;
}
