// Weak import from a library that is absent at run time: the program still
// starts, and the weak symbols' addresses are NULL.  macOS: the library is
// linked with -weak-lweak (LC_LOAD_WEAK_DYLIB) and the symbols are
// weak_import; Linux: ELF cannot weak-link a library, so the harness doesn't
// link it and the weak references resolve to NULL (see README).
// dylib: libweak.c
// weak-link: weak
// remove-after-build: libweak
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
    puts("program ran to the end");
    return 0;
}
