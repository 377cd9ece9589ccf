// errno values for common failures.  The numbers (and strerror texts) differ
// between Linux and macOS, so only compare against the symbolic constants.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(expr, name)                                                                          \
    do {                                                                                           \
        errno = 0;                                                                                 \
        long r_ = (long)(expr);                                                                    \
        int e_ = errno;                                                                            \
        printf("%-40s result=%ld errno==" #name ": %d\n", #expr, r_, e_ == name);                  \
    } while (0)

int main(void) {
    CHECK(open("does-not-exist.txt", O_RDONLY), ENOENT);
    CHECK(read(-1, NULL, 0), EBADF);
    CHECK(close(12345), EBADF);
    CHECK(write(98765, "x", 1), EBADF);
    CHECK(mkdir("dir", 0755), 0);
    CHECK(mkdir("dir", 0755), EEXIST);
    CHECK(open("dir/file", O_CREAT | O_WRONLY, 0644) >= 0, 0);
    CHECK(rmdir("dir"), ENOTEMPTY);
    CHECK(open("dir/file", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    CHECK(open("dir/file/sub", O_RDONLY), ENOTDIR);
    CHECK(chdir("no/such/dir"), ENOENT);

    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    CHECK(lseek(fds[0], 0, SEEK_SET), ESPIPE);

    errno = 0;
    long big = strtol("99999999999999999999999", NULL, 10);
    printf("strtol overflow: LONG_MAX=%d errno==ERANGE: %d\n", big == __LONG_MAX__, errno == ERANGE);

    errno = 0;
    FILE *f = fopen("missing/file.txt", "r");
    printf("fopen missing: NULL=%d errno==ENOENT: %d\n", f == NULL, errno == ENOENT);

    const char *msg = strerror(ENOENT);
    printf("strerror(ENOENT) is a non-empty string: %d\n", msg != NULL && msg[0] != '\0');
    printf("strerror(EBADF) differs from strerror(ENOENT): %d\n", strcmp(strerror(EBADF), msg) != 0);
    printf("distinct errno constants: %d\n", ENOENT != EBADF && EEXIST != ENOTEMPTY && ERANGE != EDOM);
    return 0;
}
