/* <libc.h>: the macOS SDK's umbrella of the classic C library and POSIX
   headers, which zig's darwin headers lack. Included by gnulib's
   stackvma.c (c-stack: grep, diffutils) for macOS. */
#ifndef CALVADOS_DARWIN_BASE_LIBC_H
#define CALVADOS_DARWIN_BASE_LIBC_H
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>
#endif
