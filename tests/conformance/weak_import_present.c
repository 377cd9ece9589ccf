// Weak import from a weakly linked library that is present at run time
// (macOS: LC_LOAD_WEAK_DYLIB): the symbols bind normally.
// dylib: libweak.c
// weak-link: weak
#include <stdio.h>

#ifdef __APPLE__
#define WEAK __attribute__((weak_import))
#else
#define WEAK __attribute__((weak))
#endif

extern int weak_func(void) WEAK;
extern int weak_var WEAK;

int main(void) {
    if (&weak_func == NULL)
        puts("weak_func: missing");
    else
        printf("weak_func: present, returns %d\n", weak_func());
    if (&weak_var == NULL)
        puts("weak_var: missing");
    else
        printf("weak_var: present, %d\n", weak_var);
    return 0;
}
