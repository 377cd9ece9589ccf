#include "cxx_weak.h"

extern "C" int lib_b_bump(void) {
    Registry<int>::entries += 10;
    return ++shared_counter();
}

extern "C" const void *lib_b_counter_addr(void) { return &shared_counter(); }
