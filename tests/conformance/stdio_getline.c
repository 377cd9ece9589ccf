// getline/getdelim/fgets/ungetc on stdin and on a file with long lines.
// stdin: short
// stdin: a somewhat longer line, longer than the small fgets buffer
// stdin: 
// stdin: fields:a:b::c
// stdin: no newline at the end
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    printf("getline: %zd '%.*s' cap>=len: %d\n", n, (int)n - 1, line, cap > (size_t)n);
    char small[10];
    int parts = 0;
    while (fgets(small, sizeof small, stdin)) {
        parts++;
        if (strchr(small, '\n'))
            break;
    }
    printf("fgets pieces for the long line: %d\n", parts);
    n = getline(&line, &cap, stdin);
    printf("empty line: %zd\n", n);
    while ((n = getdelim(&line, &cap, ':', stdin)) > 0) {
        printf("field %zd '", n);
        for (ssize_t i = 0; i < n; i++)
            putchar(line[i] == '\n' ? '$' : line[i]);
        printf("'\n");
        if (line[n - 1] == '\n')
            break;
    }
    int c = getchar();
    ungetc(c, stdin);
    ungetc('>', stdin);
    n = getline(&line, &cap, stdin);
    printf("after ungetc: %zd '%s'\n", n, line);
    n = getline(&line, &cap, stdin);
    printf("at EOF: %zd feof %d\n", n, feof(stdin) != 0);

    FILE *f = fopen("long.txt", "w+");
    for (int i = 1; i <= 5; i++) {
        for (int j = 0; j < i * 3000; j++)
            fputc('a' + (i + j) % 26, f);
        fputc('\n', f);
    }
    rewind(f);
    unsigned long total = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        total += (unsigned long)n;
        printf("long line %zd ends with '%c%c'\n", n, line[n - 3], line[n - 2]);
    }
    printf("total %lu\n", total);
    fclose(f);
    free(line);
    return 0;
}
