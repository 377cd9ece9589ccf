// An exception nobody catches: the search phase reaches the end of the
// stack, libc++abi reports the exception on stderr and std::terminate
// aborts the process with SIGABRT (no destructors run, as the search phase
// found no handler).
#include <cstdio>
#include <stdexcept>

struct Noisy {
    ~Noisy() { fprintf(stderr, "destructor ran\n"); }
};

__attribute__((noinline)) void thrower(int n) {
    Noisy guard;
    if (n > 0) throw std::runtime_error("nobody catches this");
}

int main() {
    fprintf(stderr, "before the throw\n");
    try {
        thrower(0);
    } catch (...) {
        fprintf(stderr, "not reached\n");
    }
    thrower(1);
    fprintf(stderr, "not reached either\n");
    return 0;
}
