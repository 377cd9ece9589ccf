// Note: getentropy with sizes 0..256 fill the buffer, two draws differ, a request over
// 256 bytes fails without touching the buffer.
// darwin-differs: XNU's getentropy system call (bsd/dev/random/randomdev.c, "Can't request more than 256 random bytes at once") returns EINVAL for size > 256; glibc returns EIO (man 2 getentropy on macOS says EIO, but libSystem's getentropy is the bare system call)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>

static int all_same(const unsigned char *b, size_t n, unsigned char v) {
    for (size_t i = 0; i < n; i++)
        if (b[i] != v) return 0;
    return 1;
}

int main(void) {
    unsigned char a[300], b[300];
    printf("size 0: %d\n", getentropy(a, 0));
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    printf("size 256: %d\n", getentropy(a, 256));
    printf("size 256 again: %d\n", getentropy(b, 256));
    printf("draws differ: %d\n", memcmp(a, b, 256) != 0);
    printf("not all zero: %d\n", !all_same(a, 256, 0));
    printf("tail untouched: %d\n", all_same(a + 256, 44, 0));
    memset(a, 0xAA, sizeof a);
    printf("size 1: %d\n", getentropy(a, 1));
    printf("byte 1 untouched: %d\n", a[1] == 0xAA);
    int bytes_seen[256] = {0};
    for (int i = 0; i < 64; i++) {
        getentropy(a, 256);
        for (int j = 0; j < 256; j++) bytes_seen[a[j]] = 1;
    }
    int distinct = 0;
    for (int j = 0; j < 256; j++) distinct += bytes_seen[j];
    printf("many distinct byte values: %d\n", distinct > 200);
    memset(a, 0x55, sizeof a);
    errno = 0;
    int r = getentropy(a, 257);
    printf("size 257: %d\n", r);
    printf("errno==EIO: %d\n", errno == EIO);
    printf("errno==EINVAL: %d\n", errno == EINVAL);
    printf("buffer untouched: %d\n", all_same(a, sizeof a, 0x55));
    return 0;
}
