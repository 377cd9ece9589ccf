// Every <ctype.h> class and case mapping of EOF and 0..255 in the C locale,
// plus the <wctype.h> equivalents. On macOS the inline ctype functions read
// _DefaultRuneLocale directly; in both C locales bytes 128..255 belong to
// no class and map to themselves (macOS Libc locale/FreeBSD/table.c).
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <stdio.h>
#include <wchar.h>
#include <wctype.h>

int main(void) {
    // One letter per class, '.' when not in it.
    for (int c = -1; c < 256; c++) {
        char bits[13] = {
            isalpha(c) ? 'a' : '.', isdigit(c) ? 'd' : '.', isspace(c) ? 's' : '.', ispunct(c) ? 'p' : '.',
            isupper(c) ? 'U' : '.', islower(c) ? 'l' : '.', isxdigit(c) ? 'x' : '.', isprint(c) ? 'r' : '.',
            iscntrl(c) ? 'c' : '.', isgraph(c) ? 'g' : '.', isblank(c) ? 'b' : '.', isalnum(c) ? 'n' : '.', 0,
        };
        printf("%4d %s %4d %4d\n", c, bits, toupper(c), tolower(c));
    }

    wctype_t punct = wctype("punct"), alpha = wctype("alpha");
    wctrans_t up = wctrans("toupper"), low = wctrans("tolower");
    printf("wctype bogus=%d wctrans bogus=%d\n", wctype("bogus") == 0, wctrans("bogus") == 0);
    unsigned long sum = 0;
    int mismatches = 0;
    for (wint_t w = 0; w < 0x3000; w++) {
        int narrow = w < 256 ? !!isalpha((int)w) : 0;
        if (!!iswalpha(w) != narrow || !!iswctype(w, alpha) != narrow)
            mismatches++;
        sum = sum * 31 + (!!iswdigit(w) | !!iswspace(w) << 1 | !!iswupper(w) << 2 | !!iswlower(w) << 3 |
                          !!iswpunct(w) << 4 | !!iswctype(w, punct) << 5 | !!iswprint(w) << 6 | !!iswcntrl(w) << 7 |
                          !!iswxdigit(w) << 8 | !!iswblank(w) << 9);
        sum += towupper(w) * 7 + towlower(w) * 3 + towctrans(w, up) + towctrans(w, low);
    }
    printf("wide: mismatches=%d checksum=%lu\n", mismatches, sum);
    printf("wcwidth: a=%d nul=%d tab=%d del=%d e9=%d\n", wcwidth(L'a'), wcwidth(0), wcwidth(L'\t'), wcwidth(0x7f),
           wcwidth(0xe9));
    printf("wcswidth: %d %d\n", wcswidth(L"hello", 5), wcswidth(L"a\tb", 3));
    printf("isascii: %d %d toascii: %d\n", isascii('a'), isascii(200), toascii(200));
    return 0;
}
