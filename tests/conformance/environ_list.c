// The whole environment as the program sees it (through environ), sorted.
// HOME and TMPDIR point at each run's own directory, so only their presence
// is printed.
// env: ZZ_LAST=z
// env: AA_FIRST=a=b=c
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    int n = 0;
    while (environ[n])
        n++;
    char **copy = malloc(sizeof(char *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        copy[i] = environ[i];
    qsort(copy, (size_t)n, sizeof copy[0], cmp);
    printf("%d variables\n", n);
    for (int i = 0; i < n; i++) {
        if (strncmp(copy[i], "HOME=", 5) == 0 || strncmp(copy[i], "TMPDIR=", 7) == 0)
            printf("%.*s=<run dir>\n", (int)(strchr(copy[i], '=') - copy[i]), copy[i]);
        else
            printf("%s\n", copy[i]);
    }
    setenv("ADDED", "1", 1);
    int found = 0;
    for (char **e = environ; *e; e++)
        found += strcmp(*e, "ADDED=1") == 0;
    printf("setenv visible through environ: %d\n", found);
    free(copy);
    return 0;
}
