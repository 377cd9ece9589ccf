// darwin-differs: libcharset is part of macOS' GNU libiconv (/usr/lib/libcharset.1.dylib), not of glibc; locale_charset() maps nl_langinfo(CODESET) through libiconv's darwin alias table (config.charset: "* UTF-8") and answers "ASCII" while MB_CUR_MAX is 1 (localcharset.c, DARWIN7)
#include <dlfcn.h>
#include <locale.h>
#include <stdio.h>

int main(void) {
#ifdef __APPLE__
    void *h = dlopen("/usr/lib/libcharset.1.dylib", RTLD_NOW);
    const char *(*cs)(void) = h ? (const char *(*)(void))dlsym(h, "locale_charset") : 0;
    printf("found: %d\n", cs != 0);
    if (!cs) return 1;
    printf("C: %s\n", cs());
    printf("setlocale en_US.UTF-8: %d\n", setlocale(LC_ALL, "en_US.UTF-8") != 0);
    printf("en_US.UTF-8: %s\n", cs());
    setlocale(LC_CTYPE, "POSIX");
    printf("POSIX ctype: %s\n", cs());
    setlocale(LC_ALL, "C");
    printf("C again: %s\n", cs());
    printf("same buffer: %d\n", cs() == cs());
#else
    puts("no libcharset in glibc");
#endif
    return 0;
}
