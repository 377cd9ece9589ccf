// Note: UTF-8 decoding with mbrtowc, mbrlen, mbsinit, mbtowc, mblen in
// C.UTF-8: every length, NUL, split sequences, and ill-formed input.
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void one(const char *tag, const char *s, size_t n) {
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t w = 0x5a5a;
    errno = 0;
    size_t r = mbrtowc(&w, s, n, &st);
    if (r == (size_t)-1)
        printf("%-12s -> -1 EILSEQ=%d\n", tag, errno == EILSEQ);
    else if (r == (size_t)-2)
        printf("%-12s -> -2 init=%d\n", tag, mbsinit(&st) != 0);
    else
        printf("%-12s -> %zu U+%04X\n", tag, r, (unsigned)w);
}

int main(void) {
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        printf("no C.UTF-8\n");
        return 1;
    }
    one("ascii", "A", 1);
    one("nul", "", 1);
    one("2-byte", "\xc3\xa9z", 3);
    one("3-byte", "\xe2\x82\xac", 3);
    one("4-byte", "\xf0\x9f\x98\x80", 4);
    one("max", "\xf4\x8f\xbf\xbf", 4);
    one("n=0", "A", 0);
    one("short 3", "\xe2\x82", 2);
    one("lone cont", "\x80", 1);
    one("overlong 2", "\xc0\x80", 2);
    one("overlong c1", "\xc1\xbf", 2);
    one("overlong 3", "\xe0\x80\x80", 3);
    one("surrogate", "\xed\xa0\x80", 3);
    one("ff", "\xff", 1);
    one("bad cont", "\xc3\x41", 2);

    /* Feeding one byte at a time keeps the state. */
    const char *euro = "\xe2\x82\xac";
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t w = 0;
    printf("init: %d\n", mbsinit(&st) != 0);
    for (int i = 0; i < 3; i++) {
        size_t r = mbrtowc(&w, euro + i, 1, &st);
        printf("byte %d: %zd init=%d\n", i, (ssize_t)r, mbsinit(&st) != 0);
    }
    printf("euro: U+%04X\n", (unsigned)w);
    /* A NULL string resets (returns 0 when in the initial state). */
    printf("reset: %zu\n", mbrtowc(NULL, NULL, 0, &st));
    printf("mbsinit(NULL): %d\n", mbsinit(NULL) != 0);

    /* mbrlen has its own internal state when given NULL. */
    printf("mbrlen: %zu %zu %zd\n", mbrlen("\xc3\xa9", 2, NULL), mbrlen("x", 5, NULL),
           (ssize_t)mbrlen("\xf0\x9f", 2, NULL));
    printf("mbrlen rest: %zu\n", mbrlen("\x98\x80", 2, NULL));
    /* pwc NULL still reports the length. */
    memset(&st, 0, sizeof st);
    printf("no pwc: %zu\n", mbrtowc(NULL, "\xe4\xb8\xad", 3, &st));

    /* The non-restartable ones. */
    printf("mblen state-dependent: %d\n", mblen(NULL, 0));
    printf("mblen: %d %d %d\n", mblen("\xe4\xb8\xad!", 4), mblen("", 1), mblen("a", 1));
    errno = 0;
    printf("mblen bad: %d EILSEQ=%d\n", mblen("\xff", 1), errno == EILSEQ);
    printf("mblen short: %d\n", mblen("\xe4\xb8", 2));
    mblen(NULL, 0);
    w = 0;
    printf("mbtowc: %d U+%04X\n", mbtowc(&w, "\xd0\x96", 2), (unsigned)w);
    printf("mbtowc nul: %d\n", mbtowc(&w, "", 1));
    printf("mbtowc bad: %d\n", mbtowc(&w, "\xc0\xaf", 2));
    return 0;
}
