/* <nlist.h>: in the macOS SDK (nlist(3)), not in zig's darwin headers.
   gnulib's stackvma.c includes it for macOS without using it. */
#ifndef CALVADOS_DARWIN_BASE_NLIST_H
#define CALVADOS_DARWIN_BASE_NLIST_H
#include <mach-o/nlist.h>
#endif
