// getopt(3): option clusters, attached and separate arguments, "--", stopping at the first
// non-option (POSIXLY_CORRECT keeps glibc from permuting, as BSD getopt never does), optional
// "x::" arguments, '?' and ':' results with optopt, and restarting a scan.
// env: POSIXLY_CORRECT=1
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// Each system's documented way to start a new scan.
static void restart(void) {
#ifdef __APPLE__
    optreset = 1;
    optind = 1;
#else
    optind = 0;
#endif
}

static void scan(const char *label, const char *opts, int argc, char **argv) {
    restart();
    printf("%s:", label);
    int c;
    while ((c = getopt(argc, argv, opts)) != -1) {
        if (c == '?' || c == ':')
            printf(" [%c optopt=%c]", c, optopt);
        else
            printf(" %c%s%s", c, optarg ? "=" : "", optarg ? optarg : "");
    }
    // After a missing argument BSD getopt leaves optind at argc + 1 (as POSIX describes), glibc at argc.
    printf(" | optind=%d", optind > argc ? argc : optind);
    for (int i = optind; i < argc; i++) printf(" <%s>", argv[i]);
    printf("\n");
}

#define N(a) (int)(sizeof(a) / sizeof *(a)) - 1

int main(void) {
    opterr = 0;
    char *a1[] = {"prog", "-a", "-b", "val", "-cval", "--", "-rest", "x", NULL};
    scan("basic", "ab:c:", N(a1), a1);
    char *a2[] = {"prog", "-abfoo", "-ab", "bar", "file", NULL};
    scan("cluster", "ab:", N(a2), a2);
    char *a3[] = {"prog", "-a", "file", "-b", "x", NULL};
    scan("stops", "ab:", N(a3), a3);
    char *a4[] = {"prog", "-a", "-x", "-b", NULL};
    scan("unknown", "ab:", N(a4), a4);
    scan("missing", ":ab:", N(a4), a4);
    char *a5[] = {"prog", "-b", NULL};
    scan("missing ?", "ab:", N(a5), a5);
    char *a6[] = {"prog", "-dval", "-d", "next", NULL};
    scan("optional", "d::", N(a6), a6);
    char *a7[] = {"prog", "-", "-a", NULL};
    scan("dash alone", "a", N(a7), a7);
    char *a8[] = {"prog", NULL};
    scan("empty", "a", N(a8), a8);
    char *a9[] = {"prog", "-aaa", "--", NULL};
    scan("repeat", "a", N(a9), a9);
    char *a10[] = {"prog", "-a:", NULL};
    scan("colon", "a", N(a10), a10);

    // Restart in the middle of a cluster.
    char *a11[] = {"prog", "-abc", "-d", NULL};
    restart();
    int c = getopt(N(a11), a11, "abcd");
    printf("first of cluster: %c, optind=%d\n", c, optind);
    scan("after restart", "abcd", N(a11), a11);
    return 0;
}
