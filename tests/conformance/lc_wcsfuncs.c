// Note: wide-string functions: copying, comparing, searching, tokenizing,
// wmem*, case-insensitive comparison (ASCII in C, Unicode in C.UTF-8),
// collation, and the wcsto* conversions with their error paths.
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void put(const char *tag, const wchar_t *s) {
    printf("%s: [", tag);
    for (; s && *s; s++)
        printf(*s < 128 ? "%c" : "<%X>", (unsigned)*s);
    printf("]\n");
}

int main(void) {
    wchar_t buf[64], b2[64];
    printf("wcslen: %zu %zu\n", wcslen(L"hello"), wcslen(L""));
    printf("wcsnlen: %zu %zu\n", wcsnlen(L"hello", 3), wcsnlen(L"hi", 9));
    put("wcscpy", wcscpy(buf, L"wide"));
    put("wcscat", wcscat(buf, L" string"));
    put("wcsncat", wcsncat(buf, L"!!!???", 3));
    wmemset(b2, L'#', 10);
    wcsncpy(b2, L"ab", 5);
    printf("wcsncpy pads: %d %d %d\n", b2[2] == 0, b2[4] == 0, b2[5] == L'#');
    put("wcpcpy end", wcpcpy(b2, L"xyz") - 1);
    printf("wcscmp: %d %d %d\n", wcscmp(L"abc", L"abd") < 0, wcscmp(L"b", L"a") > 0,
           wcscmp(L"same", L"same"));
    printf("wcsncmp: %d %d\n", wcsncmp(L"abcX", L"abcY", 3), wcsncmp(L"abcX", L"abcY", 4) < 0);
    put("wcschr", wcschr(buf, L's'));
    put("wcsrchr", wcsrchr(buf, L'i'));
    printf("wcschr nul: %d missing: %d\n", wcschr(buf, 0) == buf + wcslen(buf),
           wcschr(buf, L'Q') == NULL);
    put("wcsstr", wcsstr(buf, L"str"));
    printf("wcsstr none: %d empty: %d\n", wcsstr(buf, L"zzz") == NULL,
           wcsstr(buf, L"") == buf);
    put("wcspbrk", wcspbrk(buf, L"gn"));
    printf("wcsspn: %zu wcscspn: %zu\n", wcsspn(L"aabbcx", L"abc"), wcscspn(L"hello world", L" "));
    wchar_t tok[] = L"  one, two,,three ";
    wchar_t *save = NULL;
    for (wchar_t *t = wcstok(tok, L" ,", &save); t; t = wcstok(NULL, L" ,", &save))
        put("token", t);
    wchar_t *d = wcsdup(L"copy\x263a");
    put("wcsdup", d);
    free(d);

    wchar_t m[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    wmemmove(m + 2, m, 5);
    printf("wmemmove:");
    for (int i = 0; i < 8; i++)
        printf(" %d", (int)m[i]);
    printf("\n");
    wmemcpy(b2, L"abcdef", 6);
    printf("wmemcmp: %d %d\n", wmemcmp(b2, L"abcdeg", 6) < 0, wmemcmp(b2, L"abcdef", 6));
    printf("wmemchr: %td %d\n", wmemchr(b2, L'd', 6) - b2, wmemchr(b2, L'z', 6) == NULL);

    printf("wcscasecmp C: %d %d %d\n", wcscasecmp(L"HeLLo", L"hello"),
           wcscasecmp(L"abc", L"ABD") < 0, wcsncasecmp(L"ABCx", L"abcY", 3));
    setlocale(LC_ALL, "C.UTF-8");
    printf("wcscasecmp UTF-8: %d %d\n", wcscasecmp(L"\xc9t\xc9", L"\xe9T\xe9"),
           wcscasecmp(L"\x3a9mega", L"\x3c9MEGA"));
    printf("wcscoll: %d %d\n", wcscoll(L"a", L"b") < 0, wcscoll(L"\x4e2d", L"a") > 0);
    wchar_t x[16];
    size_t n = wcsxfrm(x, L"key", 16);
    printf("wcsxfrm: %zu cmp=%d\n", n, wcscmp(x, L"key") == 0);
    printf("wcsxfrm small: %zu\n", wcsxfrm(x, L"longer key", 2));

    wchar_t *end;
    errno = 0;
    long l = wcstol(L"  -42abc", &end, 10);
    put("wcstol", end);
    printf("wcstol: %ld errno=%d\n", l, errno);
    printf("wcstol hex: %ld auto: %ld oct: %ld\n", wcstol(L"ff", NULL, 16), wcstol(L"0x1F", NULL, 0),
           wcstol(L"0777", NULL, 0));
    errno = 0;
    l = wcstol(L"99999999999999999999", NULL, 10);
    printf("overflow: %d ERANGE=%d\n", l == LONG_MAX, errno == ERANGE);
    errno = 0;
    unsigned long ul = wcstoul(L"-1", NULL, 10);
    printf("wcstoul -1: %d\n", ul == ULONG_MAX);
    printf("wcstoll: %lld wcstoull: %llu\n", wcstoll(L"-9000000000", NULL, 10),
           wcstoull(L"18000000000000000000", NULL, 10));
    printf("wcstoimax: %jd wcstoumax: %ju\n", wcstoimax(L"123", NULL, 10), wcstoumax(L"456", NULL, 8));
    l = wcstol(L"xyz", &end, 10);
    printf("no digits: %ld end at start: %d\n", l, *end == L'x');
    double dv = wcstod(L" 3.25e2rest", &end);
    put("wcstod rest", end);
    printf("wcstod: %.2f wcstof: %.3f wcstold: %.1Lf\n", dv, wcstof(L"0.125", NULL),
           wcstold(L"-7.5", NULL));
    errno = 0;
    dv = wcstod(L"1e999", NULL);
    printf("wcstod overflow: %d ERANGE=%d\n", dv > 1e308, errno == ERANGE);
    printf("wcstod hex: %.4f inf: %d\n", wcstod(L"0x1.8p1", NULL), wcstod(L"inf", NULL) > 1e308);
    return 0;
}
