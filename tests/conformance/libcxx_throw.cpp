// Library for cxx_dylib.cpp: throws, catches, and runs callbacks that throw.
#include <cstdio>
#include <stdexcept>
#include <string>

#include "cxx_throw.h"

LibError::LibError(int c) : code(c) {}
LibError::LibError(const LibError& o) : code(o.code) {}
LibError::~LibError() {}
const char* LibError::what() const { return "LibError"; }
LibSubError::LibSubError(int c) : LibError(c) {}
const char* LibSubError::what() const { return "LibSubError"; }

struct LibGuard {
    const char* what;
    explicit LibGuard(const char* w) : what(w) {}
    ~LibGuard() { printf("  lib guard %s released\n", what); }
};

__attribute__((noinline)) static void lib_inner(int kind) {
    LibGuard g("inner");
    switch (kind) {
    case 0: throw std::runtime_error("runtime_error from the library");
    case 1: throw 7;
    case 2: throw std::string("string from the library");
    case 3: throw LibError(30);
    case 4: throw LibSubError(40);
    }
}

extern "C" __attribute__((visibility("default"))) void lib_throw(int kind) {
    LibGuard g("lib_throw");
    lib_inner(kind);
}

extern "C" __attribute__((visibility("default"))) int lib_catch_own(int kind) {
    try {
        lib_inner(kind);
    } catch (const std::exception& e) {
        printf("  library caught its own: %s\n", e.what());
        return 1;
    } catch (const LibError& e) {
        printf("  library caught its own %s %d\n", e.what(), e.code);
        return 3;
    } catch (...) {
        printf("  library caught its own (...)\n");
        return 2;
    }
    return 0;
}

// Calls back into the program; whatever the callback throws goes through
// this frame (and its destructor) back to the program.
extern "C" __attribute__((visibility("default"))) int lib_call(int (*cb)(int), int n) {
    LibGuard g("lib_call");
    int total = 0;
    for (int i = 0; i < n; i++) total += cb(i);
    return total;
}
