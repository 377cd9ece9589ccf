// Note: UTF-8 encoding (wcrtomb, wctomb, wcsrtombs, wcsnrtombs, wcstombs)
// and string decoding (mbsrtowcs, mbsnrtowcs, mbstowcs), btowc, wctob.
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void hex(const char *tag, const char *b, size_t n) {
    printf("%s:", tag);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", (unsigned char)b[i]);
    printf("\n");
}

int main(void) {
    setlocale(LC_ALL, "C.UTF-8");
    char buf[64];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t ws[] = {L'a', 0xe9, 0x20ac, 0x1f600, 0x10ffff, 0};
    for (int i = 0; ws[i]; i++) {
        size_t n = wcrtomb(buf, ws[i], &st);
        char tag[32];
        snprintf(tag, sizeof tag, "U+%04X (%zu)", (unsigned)ws[i], n);
        hex(tag, buf, n);
    }
    errno = 0;
    printf("surrogate: %zd EILSEQ=%d\n", (ssize_t)wcrtomb(buf, 0xd800, &st), errno == EILSEQ);
    errno = 0;
    printf("negative: %zd\n", (ssize_t)wcrtomb(buf, -5, &st));
    printf("NULL s: %zu\n", wcrtomb(NULL, 0x20ac, &st));
    printf("nul: %zu byte=%d\n", wcrtomb(buf, 0, &st), buf[0]);
    printf("wctomb: %d %d\n", wctomb(buf, 0x4e2d), wctomb(NULL, 0));

    /* Whole strings. */
    const wchar_t *src = L"h\xe9llo \x4e16\x754c";
    const wchar_t *p = src;
    memset(&st, 0, sizeof st);
    printf("wcsrtombs count: %zu\n", wcsrtombs(NULL, &p, 0, &st));
    size_t n = wcsrtombs(buf, &p, sizeof buf, &st);
    printf("wcsrtombs: %zu src=%s\n", n, p ? "set" : "NULL");
    hex("bytes", buf, n);
    /* A character that does not fit whole stops the conversion. */
    p = src;
    memset(buf, 'X', sizeof buf);
    n = wcsrtombs(buf, &p, 8, &st);
    printf("limited: %zu stopped at index %td next='%c'\n", n, p - src, buf[n]);
    p = src;
    n = wcsnrtombs(buf, &p, 3, sizeof buf, &st);
    printf("wcsnrtombs 3 chars: %zu index %td\n", n, p - src);
    const wchar_t bad[] = {L'o', L'k', 0xd800, 0};
    p = bad;
    errno = 0;
    n = wcsrtombs(buf, &p, sizeof buf, &st);
    printf("bad: %zd EILSEQ=%d index %td\n", (ssize_t)n, errno == EILSEQ, p - bad);
    printf("wcstombs: %zu\n", wcstombs(buf, L"\xfc\x62\x65r", sizeof buf));
    printf("wcstombs count: %zu\n", wcstombs(NULL, L"\x4e16\x754c!", 0));

    const char *mb = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
    const char *q = mb;
    wchar_t out[16];
    memset(&st, 0, sizeof st);
    printf("mbsrtowcs count: %zu\n", mbsrtowcs(NULL, &q, 0, &st));
    n = mbsrtowcs(out, &q, 16, &st);
    printf("mbsrtowcs: %zu src=%s:", n, q ? "set" : "NULL");
    for (size_t i = 0; i <= n; i++)
        printf(" %X", (unsigned)out[i]);
    printf("\n");
    q = mb;
    n = mbsrtowcs(out, &q, 2, &st);
    printf("2 wide: %zu consumed %td\n", n, q - mb);
    q = mb;
    n = mbsnrtowcs(out, &q, 4, 16, &st);
    printf("mbsnrtowcs 4 bytes: %zu consumed %td init=%d\n", n, q - mb, mbsinit(&st) != 0);
    memset(&st, 0, sizeof st);
    q = "ab\xff";
    errno = 0;
    n = mbsrtowcs(out, &q, 16, &st);
    printf("bad: %zd EILSEQ=%d\n", (ssize_t)n, errno == EILSEQ);
    printf("mbstowcs: %zu\n", mbstowcs(out, "\xe4\xb8\xad\xe6\x96\x87", 16));
    printf("mbstowcs count: %zu\n", mbstowcs(NULL, "\xe4\xb8\xad\xe6\x96\x87", 0));

    printf("btowc: %d %d %d\n", (int)btowc('A'), btowc(0xe9) == WEOF, btowc(EOF) == WEOF);
    printf("wctob: %d %d\n", wctob(L'A'), wctob(0xe9));
    return 0;
}
