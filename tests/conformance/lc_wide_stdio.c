// Note: wide-character I/O on files in C.UTF-8: fputwc, fputws, fwprintf,
// fgetwc, fgetws, ungetwc, fwide, and an invalid byte sequence.
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int main(void) {
    setlocale(LC_ALL, "C.UTF-8");
    FILE *f = fopen("wide.txt", "w+");
    printf("fwide new: %d\n", fwide(f, 0));
    printf("fputwc: %X\n", (unsigned)fputwc(0x4e2d, f));
    printf("fwide after: %d\n", fwide(f, 0) > 0);
    printf("fputws ok: %d\n", fputws(L"\xe9t\xe9\n", f) >= 0);
    fwprintf(f, L"%ls=%d\n", L"\x3a9", 3);
    fputws(L"last line no newline", f);
    printf("ftell bytes: %ld\n", ftell(f));
    rewind(f);
    wint_t c = fgetwc(f);
    printf("fgetwc: U+%04X\n", (unsigned)c);
    printf("ungetwc: U+%04X\n", (unsigned)ungetwc(0x20ac, f));
    printf("again: U+%04X then U+%04X\n", (unsigned)fgetwc(f), (unsigned)fgetwc(f));
    wchar_t line[64];
    while (fgetws(line, 64, f)) {
        printf("line:");
        for (wchar_t *p = line; *p; p++)
            printf(" %X", (unsigned)*p);
        printf("\n");
    }
    printf("eof: %d error: %d\n", feof(f) != 0, ferror(f) != 0);
    printf("fgetwc at eof is WEOF: %d\n", fgetwc(f) == WEOF);
    fclose(f);

    /* Short buffers split lines. */
    f = fopen("wide.txt", "r");
    wchar_t small[3];
    fgetws(small, 3, f);
    printf("small: %zu chars, first U+%04X\n", wcslen(small), (unsigned)small[0]);
    fclose(f);

    /* Invalid input: WEOF, EILSEQ, the error flag. */
    f = fopen("bad.txt", "w");
    fputs("ok\xff!", f);
    fclose(f);
    f = fopen("bad.txt", "r");
    printf("good: %c %c\n", (char)fgetwc(f), (char)fgetwc(f));
    errno = 0;
    c = fgetwc(f);
    printf("bad: WEOF=%d EILSEQ=%d ferror=%d\n", c == WEOF, errno == EILSEQ, ferror(f) != 0);
    fclose(f);

    /* fwscanf reads the multibyte text of a wide stream. */
    f = fopen("scan.txt", "w");
    fputs("  42 \xc3\xa9t\xc3\xa9 rest \xe4\xb8\xad\n", f);
    fclose(f);
    f = fopen("scan.txt", "r");
    int v = 0;
    wchar_t w[16], wc = 0;
    char nb[16];
    int r = fwscanf(f, L"%d %ls %s %lc", &v, w, nb, &wc);
    printf("fwscanf: %d v=%d w0=U+%04X len=%zu nb=%s wc=U+%04X\n", r, v, (unsigned)w[0], wcslen(w),
           nb, (unsigned)wc);
    printf("then WEOF after newline: %d\n", fgetwc(f) == L'\n' && fgetwc(f) == WEOF);
    fclose(f);

    /* fwide on a byte stream stays byte-oriented. */
    f = fopen("bytes.txt", "w");
    printf("fwide(-1): %d\n", fwide(f, -1) < 0);
    printf("fwide(+1) after: %d\n", fwide(f, 1) < 0);
    fclose(f);

    return 0;
}
