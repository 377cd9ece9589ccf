// Note: setlocale(cat, "") takes LC_ALL, then LC_<cat>, then LANG.
// env: LC_ALL=
// env: LANG=C.UTF-8
// env: LC_NUMERIC=C
// env: LC_TIME=POSIX
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static const char *show(const char *s) { return s ? s : "(null)"; }

int main(void) {
    printf("ctype: %s\n", show(setlocale(LC_CTYPE, "")));
    printf("numeric: %s\n", show(setlocale(LC_NUMERIC, "")));
    printf("collate: %s\n", show(setlocale(LC_COLLATE, "")));
    printf("MB_CUR_MAX > 1: %d\n", MB_CUR_MAX > 1);
    wchar_t w = 0;
    mbstate_t st = {0};
    size_t r = mbrtowc(&w, "\xc3\xa9", 2, &st);
    printf("mbrtowc e-acute: %zu U+%04X\n", r, (unsigned)w);
    printf("back to C: %s\n", show(setlocale(LC_ALL, "C")));
    printf("MB_CUR_MAX: %d\n", (int)MB_CUR_MAX);
    setenv("LC_ALL", "C.UTF-8", 1);
    printf("LC_ALL wins: %s\n", show(setlocale(LC_CTYPE, "")));
    printf("numeric from LC_ALL: %s\n", show(setlocale(LC_NUMERIC, "")));
    setenv("LC_ALL", "no_SUCH.locale", 1);
    printf("missing locale: %s\n", show(setlocale(LC_CTYPE, "")));
    printf("unchanged: %s\n", show(setlocale(LC_CTYPE, NULL)));
    return 0;
}
