// The 128-bit division helpers the C runtime library provides
// (compiler-rt's, re-exported by libSystem; libgcc_s on Linux), looked up
// at run time so that the program uses the system's copy, not one linked in.
#include <dlfcn.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __APPLE__
#define RUNTIME "/usr/lib/libSystem.B.dylib"
#else
#define RUNTIME "libgcc_s.so.1"
#endif

typedef unsigned __int128 u128;
typedef __int128 i128;

static void show(const char *label, u128 v) {
    printf("%s: %016llx%016llx\n", label, (unsigned long long)(v >> 64), (unsigned long long)v);
}

int main(void) {
    void *h = dlopen(RUNTIME, RTLD_NOW);
    if (!h) { printf("no runtime library\n"); return 1; }
    u128 (*udiv)(u128, u128) = (u128 (*)(u128, u128))dlsym(h, "__udivti3");
    u128 (*umod)(u128, u128) = (u128 (*)(u128, u128))dlsym(h, "__umodti3");
    i128 (*sdiv)(i128, i128) = (i128 (*)(i128, i128))dlsym(h, "__divti3");
    i128 (*smod)(i128, i128) = (i128 (*)(i128, i128))dlsym(h, "__modti3");
    printf("found: %d %d %d %d\n", udiv != 0, umod != 0, sdiv != 0, smod != 0);
    if (!udiv || !umod || !sdiv || !smod) return 1;

    u128 big = ((u128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL;
    u128 divs[] = { 1, 3, 10, 0xffffffffULL, (u128)1 << 64, ((u128)1 << 64) + 12345, big >> 3, big };
    for (unsigned i = 0; i < sizeof divs / sizeof divs[0]; i++) {
        char l[32];
        snprintf(l, sizeof l, "q%u", i); show(l, udiv(big, divs[i]));
        snprintf(l, sizeof l, "r%u", i); show(l, umod(big, divs[i]));
    }
    i128 a = -(i128)big, b = 1000000007;
    show("sdiv neg/pos", (u128)sdiv(a, b));
    show("smod neg/pos", (u128)smod(a, b));
    show("sdiv neg/neg", (u128)sdiv(a, -b));
    show("smod pos/neg", (u128)smod((i128)big, -b));
    printf("small: %lld %lld\n", (long long)sdiv(-7, 2), (long long)smod(-7, 2));
    return 0;
}
