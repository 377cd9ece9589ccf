// The SDK's inline stdio macros (getc_unlocked/putc_unlocked expand to
// __sgetc/__sputc, which touch FILE fields directly on macOS) on a file, on
// stdout (line by line and in bulk) and on stdin, plus the *_unlocked flag
// macros.
// stdin: first line of input
// stdin: second\tline with a tab
// stdin: 
// stdin: after an empty line
#include <stdio.h>
#include <string.h>

static unsigned long checksum(const char *path, long *count, long *lines) {
    FILE *f = fopen(path, "r");
    unsigned long sum = 0;
    int c;
    *count = *lines = 0;
    flockfile(f);
    while ((c = getc_unlocked(f)) != EOF) {
        sum = sum * 33 + (unsigned char)c;
        ++*count;
        *lines += c == '\n';
    }
    printf("feof_unlocked=%d ferror_unlocked=%d\n", feof_unlocked(f) != 0, ferror_unlocked(f) != 0);
    clearerr_unlocked(f);
    printf("after clearerr_unlocked feof=%d\n", feof_unlocked(f) != 0);
    printf("fileno_unlocked > 2: %d\n", fileno_unlocked(f) > 2);
    funlockfile(f);
    fclose(f);
    return sum;
}

int main(void) {
    // Fully buffered file written byte by byte: crosses many buffer ends.
    FILE *f = fopen("bytes.txt", "w");
    flockfile(f);
    for (int i = 0; i < 100000; i++) {
        int c = (i % 71 == 70) ? '\n' : 'A' + (i * 7) % 58;
        if (putc_unlocked(c, f) != c)
            puts("putc_unlocked returned something else");
    }
    funlockfile(f);
    printf("fclose: %d\n", fclose(f));
    long count, lines;
    unsigned long sum = checksum("bytes.txt", &count, &lines);
    printf("read back: %ld bytes, %ld lines, checksum %lu\n", count, lines, sum);

    // Mixing the macro with getc/ungetc/fgets on the same stream.
    f = fopen("bytes.txt", "r");
    int a = getc_unlocked(f), b = getc(f);
    ungetc('#', f);
    int c = getc_unlocked(f);
    char buf[16];
    fgets(buf, sizeof buf, f);
    printf("mixed: %c %c %c '%s' ftell=%ld\n", a, b, c, buf, ftell(f));
    fclose(f);

    // Byte binary values through the macros (0xff must not look like EOF).
    f = fopen("bin.dat", "w+");
    for (int i = 0; i < 256; i++)
        putc_unlocked(i, f);
    rewind(f);
    int ok = 1;
    for (int i = 0; i < 256; i++)
        ok &= getc_unlocked(f) == i;
    printf("256 byte values round trip: %d, then EOF: %d\n", ok, getc_unlocked(f) == EOF);
    fclose(f);

    // stdout through the macro, a line at a time, then a long line.
    const char *msg = "putchar_unlocked line\n";
    for (int k = 0; k < 3; k++)
        for (const char *p = msg; *p; p++)
            putchar_unlocked(*p);
    for (int i = 0; i < 5000; i++)
        putc_unlocked('0' + i % 10, stdout);
    putc_unlocked('\n', stdout);

    // stdin through getchar_unlocked, echoing with line numbers.
    int line = 1, at_start = 1, ch;
    while ((ch = getchar_unlocked()) != EOF) {
        if (at_start)
            printf("%d: ", line++);
        putchar_unlocked(ch == '\t' ? '>' : ch);
        at_start = ch == '\n';
    }
    printf("stdin feof=%d\n", feof(stdin) != 0);
    return 0;
}
