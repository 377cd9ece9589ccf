// Note: POSIX 2008 locale objects: newlocale, duplocale, uselocale,
// freelocale, and the *_l functions that take one.
#define _GNU_SOURCE
#include <ctype.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#ifdef __APPLE__
#include <xlocale.h>
#endif

static int decode(const char *s) {
    wchar_t w = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t r = mbrtowc(&w, s, strlen(s), &st);
    return r == (size_t)-1 ? -1 : (int)w;
}

int main(void) {
    locale_t u = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    printf("newlocale C.UTF-8: %d\n", u != (locale_t)0);
    locale_t bad = newlocale(LC_ALL_MASK, "zz_ZZ.NOPE", (locale_t)0);
    printf("newlocale bogus: %d\n", bad != (locale_t)0);

    printf("uselocale(0) is global: %d\n", uselocale((locale_t)0) == LC_GLOBAL_LOCALE);
    locale_t old = uselocale(u);
    printf("previous was global: %d\n", old == LC_GLOBAL_LOCALE);
    printf("current is u: %d\n", uselocale((locale_t)0) == u);
    printf("decode in u: %d\n", decode("\xc3\xa9"));
    printf("MB_CUR_MAX in u > 1: %d\n", MB_CUR_MAX > 1);
    printf("codeset in u: %s\n", nl_langinfo(CODESET));
    printf("global still C: %s\n", setlocale(LC_CTYPE, NULL));
    printf("iswalpha(U+00E9): %d iswupper(U+00C9): %d towupper: U+%04X\n",
           iswalpha(0xe9) != 0, iswupper(0xc9) != 0, (unsigned)towupper(0xe9));

    locale_t d = duplocale(u);
    printf("duplocale: %d\n", d != (locale_t)0 && d != u);
    uselocale(LC_GLOBAL_LOCALE);
    printf("back to global: %d\n", uselocale((locale_t)0) == LC_GLOBAL_LOCALE);
    printf("decode after is U+00E9: %d\n", decode("\xc3\xa9") == 0xe9);

    printf("isalpha_l: %d %d\n", isalpha_l('q', d) != 0, isalpha_l('7', d) != 0);
    printf("toupper_l: %c\n", toupper_l('m', d));
    printf("iswalpha_l(U+03A9): %d towlower_l: U+%04X\n", iswalpha_l(0x3a9, d) != 0,
           (unsigned)towlower_l(0x3a9, d));
    printf("nl_langinfo_l CODESET: %s\n", nl_langinfo_l(CODESET, d));
    printf("strtol_l: %ld\n", strtol_l("  -1234xyz", NULL, 10, d));
    printf("strtod_l: %.3f\n", strtod_l("2.5e2", NULL, d));
    printf("strcoll_l: %d\n", strcoll_l("a", "b", d) < 0);

    /* A partial mask keeps the base's other categories. */
    locale_t n = newlocale(LC_NUMERIC_MASK, "C", d);
    printf("newlocale on base: %d\n", n != (locale_t)0);
    printf("ctype kept: %s\n", nl_langinfo_l(CODESET, n));
    printf("radix: %s\n", nl_langinfo_l(RADIXCHAR, n));
    freelocale(n);
    freelocale(u);

    /* A locale stays usable while a thread uses it. */
    locale_t e = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
    uselocale(e);
    printf("all-mask decode: %d\n", decode("\xe4\xb8\xad"));
    uselocale(LC_GLOBAL_LOCALE);
    freelocale(e);
    return 0;
}
