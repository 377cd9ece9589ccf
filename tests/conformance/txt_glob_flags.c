// glob(3): GLOB_DOOFFS/GLOB_APPEND vector layout, GLOB_BRACE, GLOB_TILDE, GLOB_NOMAGIC, errfunc and GLOB_ERR.
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void touch(const char *p) {
    int fd = open(p, O_CREAT | O_WRONLY, 0644);
    close(fd);
}

static const char *code(int rc) {
    return rc == 0 ? "0" : rc == GLOB_NOMATCH ? "NOMATCH" : rc == GLOB_ABORTED ? "ABORTED" : rc == GLOB_NOSPACE ? "NOSPACE" : "other";
}

static void show(const char *what, int rc, glob_t *g) {
    printf("%s: rc=%s pathc=%zu offs=%zu:", what, code(rc), g->gl_pathc, g->gl_offs);
    for (size_t i = 0; i < g->gl_offs + g->gl_pathc; i++) printf(" %s", g->gl_pathv[i] ? g->gl_pathv[i] : "(null)");
    printf(" | end=%s\n", g->gl_pathv && g->gl_pathv[g->gl_offs + g->gl_pathc] == NULL ? "NULL" : "?");
}

static int calls;
static int stop;
static int on_error(const char *path, int e) {
    calls++;
    printf("errfunc #%d: path starts with d/long: %d, ENAMETOOLONG: %d\n", calls, strncmp(path, "d/long", 6) == 0, e == ENAMETOOLONG);
    return stop;
}

int main(void) {
    mkdir("d", 0755);
    mkdir("d/sub", 0755);
    const char *files[] = {"d/a.c", "d/b.c", "d/c.h", "d/sub/x.c", "d/a.h", "d/b.txt"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) touch(files[i]);
    glob_t g;

    memset(&g, 0, sizeof g);
    g.gl_offs = 2;
    int rc = glob("d/*.h", GLOB_DOOFFS, NULL, &g);
    show("dooffs", rc, &g);
    rc = glob("d/b*", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
    show("append", rc, &g);
    rc = glob("d/s*", GLOB_DOOFFS | GLOB_APPEND | GLOB_MARK, NULL, &g);
    show("append mark", rc, &g);
    rc = glob("d/zzz*", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
    show("append nomatch", rc, &g);
    rc = glob("d/zzz*", GLOB_DOOFFS | GLOB_APPEND | GLOB_NOCHECK, NULL, &g);
    show("append nocheck", rc, &g);
    globfree(&g);

    memset(&g, 0, sizeof g);
    g.gl_offs = 5;
    rc = glob("d/a.c", 0, NULL, &g);
    show("offs ignored", rc, &g);
    globfree(&g);

    memset(&g, 0, sizeof g);
    rc = glob("d/{a,b}.{c,h}", GLOB_BRACE, NULL, &g);
    show("brace", rc, &g);
    globfree(&g);
    rc = glob("d/{a,{b,c}}.h", GLOB_BRACE, NULL, &g);
    show("nested brace", rc, &g);
    globfree(&g);
    rc = glob("d/{x,y}.c", GLOB_BRACE | GLOB_NOCHECK, NULL, &g);
    show("brace nocheck", rc, &g);
    globfree(&g);
    rc = glob("d/{a.c", GLOB_BRACE, NULL, &g);
    show("unbalanced", rc, &g);
    globfree(&g);
    rc = glob("{}", GLOB_BRACE | GLOB_NOCHECK, NULL, &g);
    show("lone braces", rc, &g);
    globfree(&g);
    rc = glob("d/{a,b}.c", 0, NULL, &g);
    show("no GLOB_BRACE", rc, &g);
    globfree(&g);

    rc = glob("d/plain", GLOB_NOMAGIC, NULL, &g);
    show("nomagic plain", rc, &g);
    globfree(&g);
    rc = glob("d/pl*n", GLOB_NOMAGIC, NULL, &g);
    show("nomagic magic", rc, &g);
    globfree(&g);

    const char *home = getenv("HOME");
    size_t hl = strlen(home);
    rc = glob("~/d/*.c", GLOB_TILDE, NULL, &g);
    printf("tilde rc=%s pathc=%zu:", code(rc), g.gl_pathc);
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" [HOME]%s(%d)", g.gl_pathv[i] + hl, strncmp(g.gl_pathv[i], home, hl) == 0);
    printf("\n");
    globfree(&g);
    rc = glob("~", GLOB_TILDE | GLOB_MARK, NULL, &g);
    printf("tilde alone rc=%s pathc=%zu tail=%s\n", code(rc), g.gl_pathc, rc == 0 ? g.gl_pathv[0] + hl : "-");
    globfree(&g);
    rc = glob("~/d/a.c", 0, NULL, &g);
    show("no GLOB_TILDE", rc, &g);
    globfree(&g);

    char pat[400];
    strcpy(pat, "d/long");
    memset(pat + 6, 'x', 300);
    strcpy(pat + 306, "/*");
    rc = glob(pat, 0, on_error, &g);
    printf("errfunc 0: rc=%s pathc=%zu calls=%d\n", code(rc), g.gl_pathc, calls);
    globfree(&g);
    stop = 1;
    rc = glob(pat, 0, on_error, &g);
    printf("errfunc 1: rc=%s pathc=%zu calls=%d\n", code(rc), g.gl_pathc, calls);
    globfree(&g);
    rc = glob(pat, GLOB_ERR, NULL, &g);
    printf("GLOB_ERR: rc=%s pathc=%zu\n", code(rc), g.gl_pathc);
    globfree(&g);
    rc = glob(pat, GLOB_NOCHECK, NULL, &g);
    printf("ignored error + NOCHECK: rc=%s pathc=%zu same=%d\n", code(rc), g.gl_pathc, g.gl_pathc == 1 && strcmp(g.gl_pathv[0], pat) == 0);
    globfree(&g);
    return 0;
}
