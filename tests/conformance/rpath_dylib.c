// A program linked against a library found through its run path
// (@rpath -> @loader_path on macOS, $ORIGIN on Linux): calls functions and
// reads/writes the library's global variables.
// dylib: librpath.c
// link: rpath
#include <stdio.h>

extern int rpath_global;
extern const char *rpath_greeting;
int rpath_square(int);
int rpath_calls(void);
void rpath_bump(int);

int main(void) {
    printf("%s\n", rpath_greeting);
    int a = rpath_square(12);
    int b = rpath_square(-3);
    printf("square(12)=%d square(-3)=%d calls=%d\n", a, b, rpath_calls());
    printf("global=%d\n", rpath_global);
    rpath_bump(66);
    printf("after library bump: %d\n", rpath_global);
    rpath_global = 7;
    rpath_bump(1);
    printf("after main write + bump: %d\n", rpath_global);
    int (*fp)(int) = rpath_square;
    printf("through pointer: %d, same address: %d\n", fp(9), fp == &rpath_square);
    return 0;
}
