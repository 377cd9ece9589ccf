// malloc/calloc/realloc/free/posix_memalign over many sizes; contents are
// verified with a checksum so allocator bugs show up as wrong numbers.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t lcg = 12345;
static uint32_t rnd(void) {
    lcg = lcg * 1103515245u + 12345u;
    return lcg >> 8;
}

int main(void) {
    enum { N = 2000 };
    static unsigned char *ptrs[N];
    static size_t sizes[N];
    uint64_t sum = 0;

    for (int i = 0; i < N; i++) {
        size_t sz = (i % 10 == 0) ? (rnd() % 200000) : (rnd() % 512);
        sizes[i] = sz;
        ptrs[i] = malloc(sz ? sz : 1);
        if (!ptrs[i]) {
            puts("malloc failed");
            return 1;
        }
        memset(ptrs[i], (int)(i & 0xff), sz);
    }
    // Free every third, then reallocate survivors to new sizes.
    for (int i = 0; i < N; i += 3) {
        free(ptrs[i]);
        ptrs[i] = NULL;
    }
    for (int i = 0; i < N; i++) {
        if (!ptrs[i])
            continue;
        size_t nsz = rnd() % 4096 + 1;
        unsigned char *p = realloc(ptrs[i], nsz);
        if (!p) {
            puts("realloc failed");
            return 1;
        }
        size_t keep = sizes[i] < nsz ? sizes[i] : nsz;
        for (size_t k = 0; k < keep; k++)
            if (p[k] != (unsigned char)(i & 0xff)) {
                printf("realloc lost data at %d\n", i);
                return 1;
            }
        memset(p, (int)((i * 7) & 0xff), nsz);
        ptrs[i] = p;
        sizes[i] = nsz;
    }
    for (int i = 0; i < N; i++) {
        if (!ptrs[i])
            continue;
        for (size_t k = 0; k < sizes[i]; k++)
            sum += ptrs[i][k];
        free(ptrs[i]);
    }
    printf("checksum=%llu\n", (unsigned long long)sum);

    unsigned int *z = calloc(1000, sizeof *z);
    unsigned long zs = 0;
    for (int i = 0; i < 1000; i++)
        zs += z[i];
    printf("calloc zeroed: %d\n", z != NULL && zs == 0);
    free(z);

    int aligned_ok = 1;
    for (size_t al = sizeof(void *); al <= 65536; al *= 2) {
        void *p = NULL;
        int rc = posix_memalign(&p, al, 100 + al);
        if (rc != 0 || ((uintptr_t)p % al) != 0)
            aligned_ok = 0;
        memset(p, 1, 100 + al);
        free(p);
    }
    printf("posix_memalign aligned: %d\n", aligned_ok);
    void *bad = (void *)1;
    printf("posix_memalign bad alignment rejected: %d\n", posix_memalign(&bad, 3, 16) != 0);

    void *r = realloc(NULL, 64);
    printf("realloc(NULL) works: %d\n", r != NULL);
    free(r);
    free(NULL);
    void *big = malloc(64 << 20);
    printf("64 MiB malloc: %d\n", big != NULL);
    if (big) {
        memset(big, 0xab, 64 << 20);
        printf("last byte: %x\n", ((unsigned char *)big)[(64 << 20) - 1]);
    }
    free(big);
    return 0;
}
