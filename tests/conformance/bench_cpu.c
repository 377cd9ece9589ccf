// Note: CPU-bound benchmark (also a differential test): a sieve, an integer
// hash loop and a floating-point recurrence, with no library calls in the
// hot loops, so the ratio measures only how the code runs, not libSystem.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long mix(unsigned long long x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

int main(void) {
    enum { N = 8000000 };
    unsigned char *composite = calloc(N + 1, 1);
    long primes = 0;
    for (long i = 2; i <= N; i++) {
        if (composite[i]) continue;
        primes++;
        for (long j = i * i; j <= N; j += i) composite[j] = 1;
    }
    free(composite);
    printf("primes below %d: %ld\n", N, primes);

    unsigned long long h = 1;
    for (long i = 0; i < 60000000; i++) h = mix(h + (unsigned long long)i);
    printf("hash: %016llx\n", h);

    double x = 0.5, acc = 0;
    for (long i = 0; i < 30000000; i++) {
        x = 3.99 * x * (1.0 - x);
        acc += x;
    }
    printf("logistic mean: %.6f\n", acc / 30000000);
    return 0;
}
