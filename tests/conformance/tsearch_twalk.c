// <search.h> binary trees (tsearch, tfind, tdelete, twalk), as ncurses uses
// them for user-defined terminfo capabilities: inserts, duplicates, lookups
// of present and absent keys, deletes, and an in-order walk with the VISIT
// kinds and depths (the tree shape is the library's, so only the in-order
// sequence and the visit counts are printed).
#include <search.h>
#include <stdio.h>
#include <string.h>

static int cmp(const void *a, const void *b) { return strcmp(a, b); }

static int visits[4], leaves;
static char order[256];

static void walk(const void *node, VISIT v, int depth) {
    (void)depth;
    visits[v]++;
    if (v == postorder || v == leaf) {
        strcat(order, *(char *const *)node);
        strcat(order, " ");
    }
    if (v == leaf)
        leaves++;
}

int main(void) {
    static char dup[] = "kcuu1"; // equal to words[0], another pointer
    static char *words[] = {"kcuu1", "smcup", "colors", "am", "Tc", "setaf", "zz", dup};
    void *root = NULL;
    int n = sizeof words / sizeof words[0];
    for (int i = 0; i < n; i++) {
        char **p = tsearch(words[i], &root, cmp);
        printf("tsearch %s -> %s same=%d\n", words[i], *p, *p == words[i]);
    }
    printf("tfind colors: %s\n", *(char **)tfind("colors", &root, cmp));
    printf("tfind absent: %d\n", tfind("nope", &root, cmp) == NULL);
    printf("tfind empty root: %d\n", tfind("am", &(void *){NULL}, cmp) == NULL);
    twalk(root, walk);
    printf("walk: %s\n", order);
    printf("nodes=%d inner visits pre=post=end: %d\n", visits[postorder] + leaves,
           visits[preorder] == visits[postorder] && visits[endorder] == visits[postorder]);
    printf("tdelete absent: %d\n", tdelete("nope", &root, cmp) == NULL);
    printf("tdelete smcup: %d\n", tdelete("smcup", &root, cmp) != NULL);
    printf("tfind smcup: %d\n", tfind("smcup", &root, cmp) == NULL);
    for (int i = 0; i < n; i++)
        tdelete(words[i], &root, cmp);
    printf("empty: %d\n", root == NULL);
    order[0] = 0;
    twalk(root, walk);
    printf("walk empty: '%s'\n", order);
    return 0;
}
