// darwin-differs: Apple Libc locale/FreeBSD/none.c maps every byte 0x00-0xff to the wchar_t of the same value in the C locale (glibc: EILSEQ above 0x7f); utf8.c sets MB_CUR_MAX to 4 and rejects code points above U+10FFFF (glibc: 6, accepts up to 0x7fffffff); nl_langinfo.c answers CODESET "US-ASCII" for C and POSIX
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int main(void) {
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t w = 0;
    char b[8];
    size_t r = mbrtowc(&w, "\xe9", 1, &st);
    printf("C mbrtowc 0xe9: %zd U+%04X\n", (ssize_t)r, (unsigned)w);
    r = wcrtomb(b, 0xe9, &st);
    printf("C wcrtomb U+00E9: %zd\n", (ssize_t)r);
    printf("C wcrtomb U+0100: %zd\n", (ssize_t)wcrtomb(b, 0x100, &st));
    printf("C btowc 0xe9: %d wctob U+00E9: %d\n", (int)btowc(0xe9), wctob(0xe9));
    printf("C MB_CUR_MAX: %d CODESET: %s\n", (int)MB_CUR_MAX, nl_langinfo(CODESET));

    setlocale(LC_ALL, "C.UTF-8");
    printf("UTF-8 MB_CUR_MAX: %d CODESET: %s\n", (int)MB_CUR_MAX, nl_langinfo(CODESET));
    memset(&st, 0, sizeof st);
    r = mbrtowc(&w, "\xf4\x90\x80\x80", 4, &st);
    printf("UTF-8 mbrtowc f4 90 80 80: %zd\n", (ssize_t)r);
    memset(&st, 0, sizeof st);
    r = wcrtomb(b, 0x110000, &st);
    printf("UTF-8 wcrtomb 0x110000: %zd\n", (ssize_t)r);
    return 0;
}
