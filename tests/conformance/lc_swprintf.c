// Note: the wide printf family (swprintf, vswprintf, fwprintf, wprintf) and
// %lc/%ls in byte printf, in C.UTF-8: widths count characters, truncation,
// conversions of narrow and wide arguments, swscanf.
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void dump(const char *tag, const wchar_t *w, int r) {
    printf("%s (%d): ", tag, r);
    for (; *w; w++)
        printf(*w < 128 ? "%c" : "<%X>", (unsigned)*w);
    printf("\n");
}

static int vsw(wchar_t *buf, size_t n, const wchar_t *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vswprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int main(void) {
    setlocale(LC_ALL, "C.UTF-8");
    wchar_t buf[64];
    int r = swprintf(buf, 64, L"%d|%5ls|%-4lc|%s|%x", 42, L"\xe9t\xe9", 0x4e2d, "na\xc3\xafve", 255);
    dump("mixed", buf, r);
    r = swprintf(buf, 64, L"[%.2ls][%8.3s][%c]", L"\x3a9\x3a8\x3a7", "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab", 'q');
    dump("precision", buf, r);
    r = swprintf(buf, 64, L"%05d %+.2f %e %-6s|", -12, 3.14159, 1234.5, "ab");
    dump("numbers", buf, r);
    r = swprintf(buf, 64, L"lit \x263a %% %ls", L"end");
    dump("literal", buf, r);
    r = swprintf(buf, 5, L"%ls", L"too long text");
    printf("truncated: %d\n", r);
    r = swprintf(buf, 5, L"%ls", L"four");
    dump("exact fit", buf, r);
    r = vsw(buf, 64, L"%s=%d", "v", 7);
    dump("vswprintf", buf, r);
    r = swprintf(buf, 64, L"%3$ls %1$d %2$c", 1, 'z', L"pos");
    dump("positional", buf, r);

    /* Byte printf with wide arguments. */
    char nb[64];
    r = snprintf(nb, sizeof nb, "[%ls][%lc][%.3ls][%6ls]", L"\x4e2d\x6587", 0xe9, L"\xe9\xe8", L"ab");
    printf("snprintf (%d): %s\n", r, nb);
    errno = 0;
    r = snprintf(nb, sizeof nb, "%lc", 0xd800);
    printf("bad %%lc: %d EILSEQ=%d\n", r, errno == EILSEQ);

    /* A wide stream of its own (glibc refuses wide output on a stream that
       byte output has oriented, so stdout is not used). */
    FILE *f = fopen("w.txt", "w");
    r = fwprintf(f, L"fwprintf: %ls %d %5.1ls|\n", L"\x41\xe9", 5, L"\x4e2d\x6587");
    fclose(f);
    f = fopen("w.txt", "r");
    char line[64];
    fgets(line, sizeof line, f);
    fclose(f);
    printf("fwprintf returned %d: %s", r, line);

    int a = 0;
    wchar_t word[16], ch = 0;
    char narrow[16];
    r = swscanf(L"  17 \xe9l\xe8ve x  abc", L"%d %ls %lc %s", &a, word, &ch, narrow);
    printf("swscanf: %d a=%d ch=%c narrow=%s\n", r, a, (char)ch, narrow);
    dump("word", word, (int)wcslen(word));
    return 0;
}
