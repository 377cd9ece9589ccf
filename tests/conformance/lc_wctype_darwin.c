// darwin-differs: macOS' UTF-8 LC_CTYPE is built from Apple's usr-share-locale.tproj/mklocale/UTF-8.src (adv_cmds-119, Unicode 3.2): CJK ideographs and Hangul syllables are IDEOGRAM/PHONOGRAM but not ALPHA, combining marks U+0300-U+034F are SWIDTH1, U+00A0 is SPACE and BLANK; glibc follows current Unicode
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <wctype.h>

int main(void) {
    setlocale(LC_ALL, "C.UTF-8");
    printf("iswalpha U+4E2D: %d U+AC00: %d U+3042: %d\n", !!iswalpha(0x4e2d), !!iswalpha(0xac00),
           !!iswalpha(0x3042));
    printf("iswgraph U+4E2D: %d iswprint U+AC00: %d\n", !!iswgraph(0x4e2d), !!iswprint(0xac00));
    printf("wcwidth U+0301: %d U+4E2D: %d\n", wcwidth(0x301), wcwidth(0x4e2d));
    printf("iswspace U+00A0: %d iswblank U+00A0: %d\n", !!iswspace(0xa0), !!iswblank(0xa0));
    return 0;
}
