// Shared by cxx_weak_coalesce.cpp and its two libraries: definitions every
// image that includes this header gets a weak copy of.
#pragma once

// One counter per process: the inline function's static local.
inline int &shared_counter() {
    static int count = 0;
    return count;
}

// A class template's static data member: one instance per process.
template <class T> struct Registry {
    static int entries;
};
template <class T> int Registry<T>::entries = 100;

extern "C" int lib_a_bump(void);
extern "C" int lib_b_bump(void);
extern "C" const void *lib_a_counter_addr(void);
extern "C" const void *lib_b_counter_addr(void);
