// Weak definitions coalesce across images: an inline function's static
// local and a class template's static member, defined (weak) in the program
// and two libraries, are one object each, whichever image touches them.
// dylib: libcxx_weak_a.cpp
// dylib: libcxx_weak_b.cpp
// link: cxx_weak_a
// link: cxx_weak_b
#include <cstdio>

#include "cxx_weak.h"

int main() {
    int a = lib_a_bump();
    int b = lib_b_bump();
    int m = ++shared_counter();
    std::printf("counter: a=%d b=%d main=%d\n", a, b, m);
    std::printf("one counter: %d\n",
                lib_a_counter_addr() == &shared_counter() && lib_b_counter_addr() == &shared_counter());
    Registry<int>::entries += 1000;
    std::printf("registry: %d\n", Registry<int>::entries);
    return 0;
}
