// darwin-differs: Apple Libc stdlib/FreeBSD/rand.c makes rand()/rand_r() the Park-Miller minimal standard generator (x = 16807 x mod 2^31-1, seed 0 read as 123459876), where glibc's rand() is random(); stdlib/FreeBSD/random.c keeps a zero seed in srandom(0) (glibc uses 1) and uses Park-Miller for states under 32 bytes (glibc an LCG)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("rand unseeded: %d %d %d\n", rand(), rand(), rand());
    srand(1);
    printf("srand(1): %d %d\n", rand(), rand());
    srand(0);
    printf("srand(0): %d %d\n", rand(), rand());
    unsigned int seed = 12345;
    int a = rand_r(&seed);
    int b = rand_r(&seed);
    printf("rand_r: %d %d seed=%u\n", a, b, seed);
    srandom(0);
    printf("srandom(0): %ld %ld %ld\n", random(), random(), random());
    static uint32_t small[4];
    initstate(9, (char *)small, sizeof small);
    printf("16-byte state: %ld %ld %ld\n", random(), random(), random());
    return 0;
}
