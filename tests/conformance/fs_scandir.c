// scandir with and without a filter, alphasort and a custom comparator,
// freeing the result; an empty directory; errors on missing paths.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int no_dots(const struct dirent *e) { return e->d_name[0] != '.'; }
static int only_dirs(const struct dirent *e) { return e->d_type == DT_DIR && e->d_name[0] != '.'; }
static int by_len_desc(const struct dirent **a, const struct dirent **b) {
    size_t la = strlen((*a)->d_name), lb = strlen((*b)->d_name);
    if (la != lb)
        return la < lb ? 1 : -1;
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void show(const char *what, struct dirent **list, int n) {
    printf("%s: %d:", what, n);
    for (int i = 0; i < n; i++) {
        printf(" %s", list[i]->d_name);
        free(list[i]);
    }
    printf("\n");
    free(list);
}

int main(void) {
    mkdir("d", 0755);
    const char *names[] = {"zeta", "alpha", "Beta", "mid.c", "a", "_u", "10", "9"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[64];
        snprintf(p, sizeof p, "d/%s", names[i]);
        close(open(p, O_CREAT | O_WRONLY, 0644));
    }
    mkdir("d/subdir", 0755);
    mkdir("d/another", 0755);
    mkdir("empty", 0755);
    struct dirent **list;
    int n = scandir("d", &list, NULL, alphasort);
    show("all alphasort", list, n);
    n = scandir("d", &list, no_dots, alphasort);
    show("no dots", list, n);
    n = scandir("d", &list, only_dirs, alphasort);
    show("only dirs", list, n);
    n = scandir("d", &list, no_dots, by_len_desc);
    show("by length desc", list, n);
    n = scandir("empty", &list, no_dots, alphasort);
    show("empty", list, n);
    n = scandir("d", &list, no_dots, NULL);
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, "mid.c") == 0 && list[i]->d_type == DT_REG)
            found = 1;
        free(list[i]);
    }
    free(list);
    printf("unsorted: %d entries, has mid.c as reg: %d\n", n, found);
    errno = 0;
    printf("missing: %d ENOENT=%d\n", scandir("nope", &list, NULL, alphasort), errno == ENOENT);
    errno = 0;
    printf("file: %d ENOTDIR=%d\n", scandir("d/zeta", &list, NULL, alphasort), errno == ENOTDIR);
    return 0;
}
