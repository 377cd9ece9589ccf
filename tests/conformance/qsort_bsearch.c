// qsort and bsearch on ints, structs and strings (keys are unique, so the
// unstable sort gives one answer).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec {
    int key;
    char name[8];
};

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_rec(const void *a, const void *b) {
    return cmp_int(&((const struct rec *)a)->key, &((const struct rec *)b)->key);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    enum { N = 1000 };
    static int v[N];
    unsigned s = 1;
    for (int i = 0; i < N; i++) {
        v[i] = i * 7919 % 10007; // distinct
        s = s * 31 + (unsigned)v[i];
    }
    qsort(v, N, sizeof v[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < N; i++)
        sorted &= v[i - 1] < v[i];
    printf("sorted=%d first=%d last=%d median=%d\n", sorted, v[0], v[N - 1], v[N / 2]);
    for (int key = -1; key < 30; key += 3) {
        int *hit = bsearch(&key, v, N, sizeof v[0], cmp_int);
        printf("bsearch %d: %s", key, hit ? "found" : "absent");
        if (hit)
            printf(" at %ld", (long)(hit - v));
        putchar('\n');
    }
    qsort(v, N, sizeof v[0], cmp_int_desc);
    printf("desc: %d %d %d\n", v[0], v[1], v[N - 1]);

    struct rec recs[] = {{42, "answer"}, {7, "seven"}, {-3, "neg"}, {1000, "big"}, {0, "zero"}};
    size_t nr = sizeof recs / sizeof recs[0];
    qsort(recs, nr, sizeof recs[0], cmp_rec);
    for (size_t i = 0; i < nr; i++)
        printf("rec %d %s\n", recs[i].key, recs[i].name);
    struct rec probe = {7, ""};
    struct rec *r = bsearch(&probe, recs, nr, sizeof recs[0], cmp_rec);
    printf("bsearch rec 7: %s\n", r ? r->name : "none");

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "Apple", "elderberry"};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (size_t i = 0; i < nw; i++)
        printf("%s%s", words[i], i + 1 < nw ? " " : "\n");
    const char *want = "date";
    const char **w = bsearch(&want, words, nw, sizeof words[0], cmp_str);
    printf("bsearch word: %s\n", w ? *w : "none");

    qsort(v, 0, sizeof v[0], cmp_int); // empty is fine
    qsort(v, 1, sizeof v[0], cmp_int);
    puts("edge cases ok");
    return 0;
}
