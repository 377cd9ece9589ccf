// <libgen.h> basename/dirname (POSIX forms; inputs passed as copies since glibc may modify them),
// getsubopt(3) on well-formed suboption lists, and wordexp(3)/wordfree: field splitting, quotes,
// parameters, tilde, command substitution, WRDE_* flags and errors.
// env: GREETING=hello world
// env: EMPTY=
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wordexp.h>

static void paths(const char *p) {
    char a[256], b[256];
    strcpy(a, p);
    strcpy(b, p);
    char *bn = basename(a);
    char *dn = dirname(b);
    printf("%-14s basename=%-8s dirname=%s\n", p[0] ? p : "(empty)", bn, dn);
}

static void words(const char *s, int flags) {
    wordexp_t we;
    memset(&we, 0, sizeof we);
    int rc = wordexp(s, &we, flags);
    const char *name = rc == 0 ? "0" : rc == WRDE_BADCHAR ? "BADCHAR" : rc == WRDE_BADVAL ? "BADVAL" : rc == WRDE_CMDSUB ? "CMDSUB" : rc == WRDE_SYNTAX ? "SYNTAX" : rc == WRDE_NOSPACE ? "NOSPACE" : "other";
    printf("wordexp(%s) rc=%s", s, name);
    if (rc == 0) {
        printf(" wordc=%zu:", we.we_wordc);
        for (size_t i = 0; i < we.we_wordc; i++) printf(" [%s]", we.we_wordv[i]);
        wordfree(&we);
    }
    printf("\n");
}

int main(void) {
    const char *p[] = {"/usr/lib", "/usr/lib/", "usr", "/", "a/b/c.txt", "", ".", "..", "/a", "a//b///", "./x"};
    for (size_t i = 0; i < sizeof p / sizeof *p; i++) paths(p[i]);
    printf("basename(NULL)=%s dirname(NULL)=%s\n", basename(NULL), dirname(NULL));

    char *const tokens[] = {"ro", "rw", "size", "mode", NULL};
    char opts[] = "ro,size=10,mode=0755,rw";
    char *o = opts, *value;
    int r;
    while (*o) {
        r = getsubopt(&o, tokens, &value);
        printf("getsubopt -> %d value=%s\n", r, value ? value : "(null)");
    }

    words("one two  three", 0);
    words("'single quoted' \"double $GREETING\" back\\ slash", 0);
    words("$GREETING", 0);
    words("x${EMPTY}y", 0);
    words("$UNSET_VARIABLE_X", 0);
    words("$UNSET_VARIABLE_X", WRDE_UNDEF);
    words("a|b", 0);
    words("a;b", 0);
    words("$(echo sub stituted)", 0);
    words("`echo back tick`", 0);
    words("$(echo x)", WRDE_NOCMD);
    words("'unterminated", 0);
    words("$((3 * 4))", 0);

    wordexp_t we;
    memset(&we, 0, sizeof we);
    const char *home = getenv("HOME");
    wordexp("~/file", &we, 0);
    printf("tilde: wordc=%zu expanded to HOME: %d\n", we.we_wordc, we.we_wordc == 1 && strncmp(we.we_wordv[0], home, strlen(home)) == 0 && strcmp(we.we_wordv[0] + strlen(home), "/file") == 0);
    wordfree(&we);

    memset(&we, 0, sizeof we);
    we.we_offs = 2;
    wordexp("a b", &we, WRDE_DOOFFS);
    wordexp("c", &we, WRDE_DOOFFS | WRDE_APPEND);
    printf("dooffs+append: wordc=%zu offs=%zu:", we.we_wordc, we.we_offs);
    for (size_t i = 0; i < we.we_offs + we.we_wordc; i++) printf(" %s", we.we_wordv[i] ? we.we_wordv[i] : "(null)");
    printf(" end=%s\n", we.we_wordv[we.we_offs + we.we_wordc] == NULL ? "NULL" : "?");
    wordfree(&we);
    return 0;
}
