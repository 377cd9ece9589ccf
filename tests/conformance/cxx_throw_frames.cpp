// Exceptions unwinding through frameless functions (compact "stack
// immediate"/"stack indirect" encodings), functions that keep values in
// every callee-saved register across the throwing call, and a function
// with a stack frame larger than the 2 KiB a frameless immediate encoding
// can describe.
// cflags: -O2 -fomit-frame-pointer
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

struct Err {
    long v;
};

static volatile long sink_v;
__attribute__((noinline)) void sink(long v) { sink_v = v; }

// Leaf: no frame at all.
__attribute__((noinline)) long leaf_throw(long x) {
    if (x >= 0) throw Err{x};
    return -x;
}

// Recursion with values live across the call in callee-saved registers.
__attribute__((noinline)) long deep(int depth, long a, long b, long c) {
    if (depth == 0) return leaf_throw(a + b + c);
    long x = a * 3 + 1, y = b * 5 + 2, z = c * 7 + 3, w = a ^ b ^ c;
    long r = deep(depth - 1, x, y, z);
    sink(r);
    return r + x + y + z + w;
}

// Many locals live across the call: forces rbx, rbp, r12-r15 to be saved.
__attribute__((noinline)) long many_regs(long seed) {
    long a = seed + 1, b = seed * 2, c = seed * 3 + 7, d = seed ^ 0x55, e = seed - 9, f = seed * 11;
    try {
        long r = deep(6, seed, seed + 1, seed + 2);
        sink(r);
        return r;
    } catch (const Err& err) {
        // Only right if the unwinder restored every callee-saved register.
        return a + b + c + d + e + f + (err.v % 1000003);
    }
}

// A frame above 2 KiB.
__attribute__((noinline)) long big_frame(int n) {
    volatile char buf[6000];
    for (int i = 0; i < n && i < 6000; i++) buf[i] = (char)i;
    long s = 0;
    for (int i = 0; i < n && i < 6000; i += 97) s += buf[i];
    std::string keep = "big" + std::to_string(n);
    if (n > 100) throw std::runtime_error(keep + " " + std::to_string(s));
    return s + (long)keep.size();
}

__attribute__((noinline)) long mid_frame(int n) {
    volatile char buf[1500];
    memset((char*)buf, n, sizeof buf);
    long r = big_frame(n);
    return r + buf[7];
}

int main() {
    for (long seed = 0; seed < 4; seed++) printf("many_regs(%ld) = %ld\n", seed, many_regs(seed));
    try {
        leaf_throw(42);
    } catch (const Err& e) {
        printf("leaf caught %ld\n", e.v);
    }
    printf("mid_frame(50) = %ld\n", mid_frame(50));
    try {
        mid_frame(5000);
    } catch (const std::exception& e) {
        printf("big caught: %s\n", e.what());
    }
    long total = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            deep(i % 8, i, 2 * i, 3 * i);
        } catch (const Err& e) {
            total += e.v % 97;
        }
    }
    printf("1000 throws, total %ld\n", total);
    return 0;
}
