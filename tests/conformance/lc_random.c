// Note: random/srandom/initstate/setstate (the BSD additive generator, which
// glibc shares for non-zero seeds and states of 32 bytes or more), the
// rand48 family, and arc4random's contracts.
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void five(const char *tag) {
    printf("%s:", tag);
    for (int i = 0; i < 5; i++)
        printf(" %ld", random());
    printf("\n");
}

int main(void) {
    five("unseeded");
    srandom(1);
    five("seed 1");
    srandom(42);
    five("seed 42");
    srandom(0xdeadbeef);
    five("seed deadbeef");

    static uint32_t s32[8], s64[16], s128[32], s256[64];
    char *orig = initstate(7, (char *)s256, sizeof s256);
    printf("initstate returned old: %d\n", orig != NULL);
    five("type4 seed 7");
    initstate(7, (char *)s64, sizeof s64);
    five("type2 seed 7");
    initstate(7, (char *)s32, sizeof s32);
    five("type1 seed 7");
    initstate(123, (char *)s128, sizeof s128);
    five("type3 seed 123");

    /* setstate resumes exactly where a state was left. */
    char *prev = setstate((char *)s256);
    printf("setstate returned type3 state: %d\n", prev == (char *)s128);
    five("type4 resumed");
    setstate((char *)s128);
    five("type3 resumed");
    setstate(orig);
    five("default resumed");

    srand48(5);
    printf("lrand48: %ld %ld %ld\n", lrand48(), lrand48(), lrand48());
    printf("mrand48: %ld drand48: %.6f\n", mrand48(), drand48());
    unsigned short xs[3] = {1, 2, 3};
    printf("nrand48: %ld jrand48: %ld erand48: %.6f\n", nrand48(xs), jrand48(xs), erand48(xs));

    return 0;
}
