// Reading standard input line by line (fgets and getline) given with the
// `stdin:` directive.
// stdin: first line
// stdin: \tindented with a tab
// stdin:
// stdin: the quick brown fox jumps over the lazy dog
// stdin: last line
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char buf[16];
    // A short buffer: fgets splits long lines.
    if (!fgets(buf, sizeof buf, stdin))
        return 1;
    printf("fgets: [%s] (%zu)\n", buf, strlen(buf));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lines = 0, words = 0;
    while ((n = getline(&line, &cap, stdin)) != -1) {
        lines++;
        int in_word = 0;
        for (ssize_t i = 0; i < n; i++) {
            if (isspace((unsigned char)line[i]))
                in_word = 0;
            else if (!in_word) {
                in_word = 1;
                words++;
            }
            line[i] = (char)toupper((unsigned char)line[i]);
        }
        printf("getline %zd: %s", n, line);
    }
    free(line);
    printf("lines=%d words=%d feof=%d\n", lines, words, feof(stdin) != 0);
    printf("getchar at EOF: %d\n", getchar() == EOF);
    return 0;
}
