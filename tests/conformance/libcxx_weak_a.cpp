#include "cxx_weak.h"

extern "C" int lib_a_bump(void) {
    Registry<int>::entries += 1;
    return ++shared_counter();
}

extern "C" const void *lib_a_counter_addr(void) { return &shared_counter(); }
