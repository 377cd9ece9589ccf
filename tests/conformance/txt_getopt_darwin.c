// BSD getopt/getopt_long as macOS has them: the diagnostics' wording, no permutation in getopt
// even without POSIXLY_CORRECT, optind = argc + 1 after a missing argument, optreset.
// darwin-differs: macOS getopt(3) DIAGNOSTICS writes "argv[0]: illegal option -- x" / "argv[0]: option requires an argument -- x" (Libc stdlib/FreeBSD/getopt.c; glibc says "invalid option -- 'x'"), never permutes, and documents optreset; getopt_long(3) reports through warnx with BSD wording ("unrecognized option `--x'", "option `--x' requires an argument"); glibc permutes in getopt and quotes differently.
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#define N(a) (int)(sizeof(a) / sizeof *(a)) - 1

#ifdef __APPLE__
static void scan(const char *opts, int argc, char **argv) {
    optreset = 1;
    optind = 1;
    int c;
    printf("%s:", opts);
    while ((c = getopt(argc, argv, opts)) != -1) printf(" %c(optopt=%c)", c, optopt);
    printf(" | optind=%d of %d\n", optind, argc);
    fflush(stdout);
}

static const struct option longopts[] = {
    {"quiet", no_argument, NULL, 'q'},
    {"query", required_argument, NULL, 'Q'},
    {"name", required_argument, NULL, 'n'},
    {NULL, 0, NULL, 0},
};

int main(void) {
    char *a1[] = {"prog", "-a", "-x", "-b", NULL};
    scan("ab:", N(a1), a1);
    scan(":ab:", N(a1), a1);
    char *a2[] = {"./some/prog", "-a", "file", "-b", "x", NULL};
    scan("ab:", N(a2), a2);
    opterr = 0;
    scan("ab:", N(a1), a1);
    opterr = 1;

    char *a3[] = {"prog", "-x", "--bogus", "--qu", "--quiet=1", "-s", NULL};
    optind = 0;
    int c;
    printf("long:");
    while ((c = getopt_long(N(a3), a3, "qs:", longopts, NULL)) != -1) printf(" %c(optopt=%d)", c, optopt);
    printf(" | optind=%d\n", optind);
    char *a4[] = {"prog", "--name", NULL};
    optind = 0;
    printf("long missing: %c", getopt_long(N(a4), a4, "", longopts, NULL));
    printf(" optind=%d\n", optind);
    return 0;
}
#else
int main(void) {
    puts("glibc getopt has other diagnostics");
    return 0;
}
#endif
