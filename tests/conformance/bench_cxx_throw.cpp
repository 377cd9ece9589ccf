// Note: exception benchmark (also a differential test): 100000 exceptions,
// each thrown 10 frames below its handler, through frames that hold objects
// with destructors, so the time is dominated by the unwinder (frame
// lookup, CFI evaluation, two phases, landing pads).
#include <cstdio>
#include <stdexcept>

struct Counter {
    static long live;
    Counter() { live++; }
    ~Counter() { live--; }
};
long Counter::live = 0;

struct Thrown {
    int depth;
    long value;
};

__attribute__((noinline)) long descend(int depth, long acc) {
    Counter c;
    if (depth == 0) throw Thrown{depth, acc};
    long r = descend(depth - 1, acc * 31 + depth);
    return r + 1;
}

int main() {
    long caught = 0, sum = 0;
    for (int i = 0; i < 100000; i++) {
        try {
            descend(9, i);
        } catch (const Thrown& t) {
            caught++;
            sum += t.value & 0xffff;
        }
    }
    printf("caught %ld, checksum %ld, live objects %ld\n", caught, sum, Counter::live);
    return 0;
}
