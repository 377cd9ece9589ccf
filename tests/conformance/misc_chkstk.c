// Big stack frames. Apple's clang calls ___chkstk_darwin (frame size in
// %rax) before allocating a frame larger than a page; zig's clang does not,
// so on macOS the probe is also called by hand below, as clang emits it,
// checking that every register (%rax included) survives it.
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) static unsigned long big(int seed) {
    volatile unsigned char buf[1 << 20];
    for (unsigned i = 0; i < sizeof buf; i += 4096)
        buf[i] = (unsigned char)(seed + i / 4096);
    unsigned long sum = 0;
    for (unsigned i = 0; i < sizeof buf; i += 4096)
        sum += buf[i];
    return sum;
}

/* Many arguments, so some travel in registers across the probe call. */
__attribute__((noinline)) static long args(long a, long b, long c, long d, long e, long f) {
    volatile char pad[64 * 1024 + 123];
    pad[0] = (char)a;
    pad[sizeof pad - 1] = (char)f;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + pad[0] + pad[sizeof pad - 1];
}

__attribute__((noinline)) static int deep(int n) {
    volatile char frame[20000];
    frame[0] = (char)n;
    frame[19999] = (char)(n * 3);
    if (n == 0)
        return frame[0] + frame[19999];
    return deep(n - 1) + frame[0] + frame[19999];
}

/* Calls the probe for n bytes, then allocates and touches the frame;
 * returns how many of the 9 caller-saved registers kept their values. */
static int probe(unsigned long n) {
#ifdef __APPLE__
    register unsigned long r8 __asm__("r8");
    register unsigned long r9 __asm__("r9");
    register unsigned long r10 __asm__("r10");
    register unsigned long r11 __asm__("r11");
    unsigned long a, c, d, si, di;
    __asm__ volatile(
        "movq %%rsp, %%r12\n\t"
        "leaq -128(%%rsp), %%rsp\n\t"
        "andq $-16, %%rsp\n\t"
        "movq %[n], %%rax\n\t"
        "movq $0x1111, %%rcx\n\t"
        "movq $0x2222, %%rdx\n\t"
        "movq $0x3333, %%rsi\n\t"
        "movq $0x4444, %%rdi\n\t"
        "movq $0x5555, %%r8\n\t"
        "movq $0x6666, %%r9\n\t"
        "movq $0x7777, %%r10\n\t"
        "movq $0x8888, %%r11\n\t"
        "call ___chkstk_darwin\n\t"
        "subq %%rax, %%rsp\n\t"
        "movq $42, (%%rsp)\n\t"
        "movq %%r12, %%rsp\n\t"
        : "=a"(a), "=c"(c), "=d"(d), "=S"(si), "=D"(di), "=r"(r8), "=r"(r9), "=r"(r10), "=r"(r11)
        : [n] "m"(n)
        : "r12", "memory", "cc");
    return (a == n) + (c == 0x1111) + (d == 0x2222) + (si == 0x3333) + (di == 0x4444) +
           (r8 == 0x5555) + (r9 == 0x6666) + (r10 == 0x7777) + (r11 == 0x8888);
#else
    (void)n;
    return 9;
#endif
}

int main(void) {
    printf("probe 100: %d\n", probe(100));
    printf("probe 4096: %d\n", probe(4096));
    printf("probe 2 MiB + 5: %d\n", probe((2ul << 20) + 5));
    printf("big(1): %lu\n", big(1));
    printf("big(7): %lu\n", big(7));
    printf("args: %ld\n", args(1, 2, 3, 4, 5, 6));
    printf("deep(100): %d\n", deep(100));
    return 0;
}
