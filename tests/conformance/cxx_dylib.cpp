// Exceptions crossing a dylib boundary: thrown in the library and caught
// in the program, thrown in a program callback through a library frame,
// and thrown and caught inside the library. Each image links its own copy
// of libc++abi, so only types whose type_info both images share (LibError)
// match across the boundary; std:: and builtin types thrown by the library
// reach the program's catch(...).
// dylib: libcxx_throw.cpp
// link: cxx_throw
#include <cstdio>
#include <stdexcept>
#include <string>

#include "cxx_throw.h"

extern "C" void lib_throw(int kind);
extern "C" int lib_catch_own(int kind);
extern "C" int lib_call(int (*cb)(int), int n);

struct Guard {
    const char* what;
    explicit Guard(const char* w) : what(w) {}
    ~Guard() { printf("  main guard %s released\n", what); }
};

static int callback(int i) {
    Guard g("callback");
    if (i == 3) throw std::logic_error("callback gives up at 3");
    return i * 10;
}

static int callback_int(int i) {
    if (i == 1) throw 99;
    return 1;
}

static int callback_lib(int i) {
    Guard g("callback_lib");
    if (i == 2) throw LibSubError(i);
    return 1;
}

int main() {
    for (int kind = 0; kind < 5; kind++) {
        printf("lib_throw(%d)\n", kind);
        Guard g("main");
        try {
            lib_throw(kind);
        } catch (const std::exception& e) {
            printf("  main caught std::exception: %s\n", e.what());
        } catch (int i) {
            printf("  main caught int %d\n", i);
        } catch (const LibSubError& e) {
            printf("  main caught LibSubError: %s %d\n", e.what(), e.code);
        } catch (const LibError& e) {
            printf("  main caught LibError: %s %d\n", e.what(), e.code);
        } catch (...) {
            printf("  main caught something else\n");
        }
    }
    for (int kind = 0; kind < 5; kind++) printf("lib_catch_own(%d) = %d\n", kind, lib_catch_own(kind));
    printf("lib_call\n");
    try {
        printf("  total %d\n", lib_call(callback, 3));
        printf("  total %d\n", lib_call(callback, 5));
    } catch (const std::logic_error& e) {
        printf("  main caught: %s\n", e.what());
    }
    try {
        lib_call(callback_int, 4);
    } catch (int i) {
        printf("  main caught int %d through the library\n", i);
    }
    try {
        lib_call(callback_lib, 4);
    } catch (const LibError& e) {
        printf("  main caught %s %d thrown by the program through the library\n", e.what(), e.code);
    }
    return 0;
}
