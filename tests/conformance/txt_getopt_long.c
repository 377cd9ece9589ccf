// getopt_long(3)/getopt_long_only(3): GNU-style permutation of non-options, "--", --name=value
// and separate values, optional arguments, flag pointers, longindex, unambiguous prefixes,
// '?'/':' results with optopt (opterr = 0), and restarting with optind = 0.
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int verbose_flag;
static const struct option longopts[] = {
    {"verbose", no_argument, &verbose_flag, 1},
    {"name", required_argument, NULL, 'n'},
    {"level", optional_argument, NULL, 'l'},
    {"quiet", no_argument, NULL, 'q'},
    {"query", required_argument, NULL, 'Q'},
    {"size", required_argument, NULL, 's'},
    {NULL, 0, NULL, 0},
};

static void scan(const char *label, const char *opts, int only, int argc, char **argv) {
    optind = 0;
    verbose_flag = 0;
    printf("%s:", label);
    int c, idx = -1;
    while ((c = only ? getopt_long_only(argc, argv, opts, longopts, &idx)
                     : getopt_long(argc, argv, opts, longopts, &idx)) != -1) {
        if (c == '?' || c == ':')
            printf(" [%c optopt=%d]", c, optopt);
        else if (c == 1)
            printf(" nonopt=%s", optarg);
        else if (c == 0)
            printf(" flag(idx=%d)", idx);
        else
            printf(" %c(idx=%d)%s%s", c, idx, optarg ? "=" : "", optarg ? optarg : "");
        idx = -1;
    }
    printf(" | verbose=%d optind=%d argv:", verbose_flag, optind);
    for (int i = 1; i < argc; i++) printf(" %s%s", i == optind ? "^" : "", argv[i]);
    printf("\n");
}

#define N(a) (int)(sizeof(a) / sizeof *(a)) - 1

int main(void) {
    opterr = 0;
    char *a1[] = {"prog", "file1", "--verbose", "-n", "3", "file2", "--name=x", "--", "-z", NULL};
    scan("permute", "n:qs:", 0, N(a1), a1);
    char *a2[] = {"prog", "--level", "--level=5", "--name", "bob", "-q", "tail", NULL};
    scan("values", "n:ql::", 0, N(a2), a2);
    char *a3[] = {"prog", "--verb", "--na=al", "--si", "9", NULL};
    scan("prefixes", "", 0, N(a3), a3);
    char *a4[] = {"prog", "--qu", "--bogus", "--quiet=1", "--name", NULL};
    scan("errors", "", 0, N(a4), a4);
    scan("errors :", ":", 0, N(a4), a4);
    char *a5[] = {"prog", "a", "b", "-q", "c", NULL};
    scan("plus stops", "+q", 0, N(a5), a5);
    scan("minus returns 1", "-q", 0, N(a5), a5);
    char *a6[] = {"prog", "-verbose", "-name", "z", "-q", "-size=4", "x", NULL};
    scan("long_only", "qn:", 1, N(a6), a6);
    char *a7[] = {"prog", "-qs5", "-x", "--", NULL};
    scan("short", "qs:", 0, N(a7), a7);
    char *a8[] = {"prog", "x", "y", NULL};
    scan("no options", "q", 0, N(a8), a8);
    return 0;
}
