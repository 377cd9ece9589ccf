// Much more than 64 KiB (a pipe's capacity) through every stdout path, with
// some explicit flushes and raw writes in between, and a large stderr.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    unsigned long sum = 0;
    for (int i = 0; i < 20000; i++) {
        int n = printf("line %05d: %s|%08x\n", i, (i % 3) ? "printf" : "PRINTF", (unsigned)i * 2654435761u);
        sum += (unsigned long)n;
    }
    static char block[200000];
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (i % 100 == 99) ? '\n' : 'a' + (char)(i % 26);
    printf("fwrite returned %zu\n", fwrite(block, 1, sizeof block, stdout));
    for (int i = 0; i < 3000; i++)
        fputs("fputs line with some text in it\n", stdout);
    for (int i = 0; i < 100000; i++)
        putchar(i % 80 == 79 ? '\n' : '#');
    putchar('\n');
    fflush(stdout);
    write(STDOUT_FILENO, "raw write after fflush\n", 23);
    for (int i = 0; i < 2000; i++)
        puts("puts line");
    printf("%s\n", block + sizeof block - 150);
    printf("printf total: %lu\n", sum);
    for (int i = 0; i < 4000; i++)
        fprintf(stderr, "stderr line %d of unbuffered output\n", i);
    fputs("last line without newline", stdout);
    return 0;
}
