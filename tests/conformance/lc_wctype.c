// Note: wide character classes, case mapping and display widths in the C
// locale and in C.UTF-8 (Latin, Greek, Cyrillic, CJK, fullwidth forms).
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <wctype.h>

static const wint_t chars[] = {'A', 'z', '5', ' ', '\t', '!', 0xe9, 0xc9, 0xbf, 0xd7,
                               0x3a9, 0x3c9, 0x416, 0x436, 0x20ac, 0x3000, 0xff21};

static void classes(const char *tag) {
    printf("[%s] alpha digit space upper lower punct print graph cntrl blank alnum\n", tag);
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        wint_t c = chars[i];
        printf("U+%04X: %d %d %d %d %d %d %d %d %d %d %d  up=U+%04X low=U+%04X\n", (unsigned)c,
               !!iswalpha(c), !!iswdigit(c), !!iswspace(c), !!iswupper(c), !!iswlower(c),
               !!iswpunct(c), !!iswprint(c), !!iswgraph(c), !!iswcntrl(c), !!iswblank(c),
               !!iswalnum(c), (unsigned)towupper(c), (unsigned)towlower(c));
    }
}

int main(void) {
    classes("C");
    printf("C wcwidth: %d %d %d\n", wcwidth(L'a'), wcwidth(0), wcwidth(7));
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 1;
    classes("C.UTF-8");
    printf("xdigit: %d %d %d\n", !!iswxdigit(L'f'), !!iswxdigit(L'g'), !!iswxdigit(0xff41));
    printf("towupper: U+%04X U+%04X U+%04X\n", (unsigned)towupper(0xff), (unsigned)towupper(0x3b2),
           (unsigned)towupper(0x101));
    printf("towlower: U+%04X U+%04X\n", (unsigned)towlower(0x178), (unsigned)towlower(0x130 + 1));
    printf("WEOF: %d %d\n", !!iswalpha(WEOF), towupper(WEOF) == WEOF);

    wctype_t alpha = wctype("alpha"), upper = wctype("upper"), bogus = wctype("bogus");
    printf("wctype: %d %d bogus=%d\n", alpha != 0, upper != 0, bogus == 0);
    printf("iswctype: %d %d %d\n", !!iswctype(0x416, alpha), !!iswctype(0x436, upper),
           !!iswctype(L'Q', upper));
    wctrans_t tu = wctrans("toupper"), tl = wctrans("tolower");
    printf("wctrans: %d %d bogus=%d\n", tu != 0, tl != 0, wctrans("sideways") == 0);
    printf("towctrans: U+%04X U+%04X\n", (unsigned)towctrans(0xe0, tu), (unsigned)towctrans(0xc0, tl));

    printf("wcwidth: a=%d e-acute=%d zhong=%d fullA=%d nul=%d bel=%d\n",
           wcwidth(L'a'), wcwidth(0xe9), wcwidth(0x4e2d), wcwidth(0xff21),
           wcwidth(0), wcwidth(7));
    printf("wcwidth hangul=%d kana=%d ideo-space=%d\n", wcwidth(0xac00), wcwidth(0x30a2),
           wcwidth(0x3000));
    printf("wcswidth: %d %d %d\n", wcswidth(L"a\x4e2d\xe9", 10), wcswidth(L"a\x4e2d\xe9", 2),
           wcswidth(L"ok\x7", 10));
    return 0;
}
