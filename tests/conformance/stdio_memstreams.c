// fmemopen and open_memstream (POSIX 2008). Contents are only inspected
// after fflush/fclose: macOS' fmemopen is unbuffered, glibc's is not, and
// both are allowed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *what, const char *buf, size_t n) {
    printf("%s [", what);
    for (size_t i = 0; i < n; i++)
        putchar(buf[i] ? buf[i] : '0');
    printf("]\n");
}

int main(void) {
    // Reading a fixed buffer.
    char src[] = "alpha 12 beta\nsecond line\n";
    FILE *f = fmemopen(src, strlen(src), "r");
    char word[16];
    int n;
    printf("fscanf: %d", fscanf(f, "%15s %d", word, &n));
    printf(" %s %d\n", word, n);
    char line[32];
    fgets(line, sizeof line, f);
    printf("fgets rest: %s", line);
    printf("ftell: %ld\n", ftell(f));
    fseek(f, 0, SEEK_SET);
    printf("after seek getc: %c\n", getc(f));
    fseek(f, -5, SEEK_END);
    fgets(line, sizeof line, f);
    printf("last 5: %s", line);
    printf("getc at end: %d feof: %d\n", getc(f), feof(f) != 0);
    fclose(f);

    // Writing into a fixed buffer.
    char dst[32];
    memset(dst, 'x', sizeof dst);
    f = fmemopen(dst, sizeof dst, "w");
    fprintf(f, "n=%d", 42);
    fflush(f);
    show("after fflush", dst, 8);
    printf("ftell: %ld\n", ftell(f));
    fputs("!!", f);
    fclose(f);
    show("after fclose", dst, 10);

    // w+ with our own buffer: write, seek back, read.
    f = fmemopen(NULL, 64, "w+");
    fputs("hello memory", f);
    rewind(f);
    fgets(line, sizeof line, f);
    printf("w+ read back: %s\n", line);
    fclose(f);

    // open_memstream: a growing buffer.
    char *buf = NULL;
    size_t size = 123;
    f = open_memstream(&buf, &size);
    fprintf(f, "%s-%d", "first", 1);
    fflush(f);
    printf("memstream: '%s' size=%zu\n", buf, size);
    for (int i = 0; i < 10000; i++)
        fprintf(f, "%04d,", i);
    fflush(f);
    printf("memstream size=%zu strlen=%zu tail='%s'\n", size, strlen(buf), buf + size - 10);
    fseek(f, 0, SEEK_SET);
    fputs("FIRST", f);
    fflush(f);
    printf("after rewrite: size=%zu head='%.9s'\n", size, buf);
    fputs("+more", f);
    fclose(f);
    printf("after fclose: size=%zu text='%.*s'\n", size, (int)size, buf);
    free(buf);
    return 0;
}
