// glob(3) features only darwin has: gl_matchc, GLOB_MAGCHAR, GLOB_LIMIT, negative error codes,
// and one sort over all GLOB_BRACE alternatives.
// darwin-differs: macOS glob(3) documents gl_matchc ("the number of matched pathnames in the current invocation"), GLOB_MAGCHAR set in gl_flags, GLOB_LIMIT (GLOB_NOSPACE once gl_matchc paths matched) and sorting of the pathnames in ascending order; <glob.h> defines GLOB_NOSPACE -1, GLOB_ABORTED -2, GLOB_NOMATCH -3. glibc's glob_t has no gl_matchc and sorts each brace alternative separately.
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __APPLE__
static void show(const char *what, int rc, glob_t *g) {
    printf("%s: rc=%d pathc=%zu matchc=%d magchar=%d:", what, rc, g->gl_pathc, g->gl_matchc,
           (g->gl_flags & GLOB_MAGCHAR) != 0);
    for (size_t i = 0; i < g->gl_pathc; i++) printf(" %s", g->gl_pathv[i]);
    printf("\n");
}

int main(void) {
    mkdir("d", 0755);
    close(open("d/a.c", O_CREAT | O_WRONLY, 0644));
    close(open("d/b.c", O_CREAT | O_WRONLY, 0644));
    close(open("d/c.h", O_CREAT | O_WRONLY, 0644));
    printf("codes: NOSPACE=%d ABORTED=%d NOMATCH=%d\n", GLOB_NOSPACE, GLOB_ABORTED, GLOB_NOMATCH);
    glob_t g;
    memset(&g, 0, sizeof g);
    int rc = glob("d/*.c", 0, NULL, &g);
    show("star", rc, &g);
    rc = glob("d/*.h", GLOB_APPEND, NULL, &g);
    show("append", rc, &g);
    globfree(&g);
    rc = glob("d/a.c", 0, NULL, &g);
    show("plain", rc, &g);
    globfree(&g);
    rc = glob("d/{b,a}.c", GLOB_BRACE, NULL, &g);
    show("brace", rc, &g);
    globfree(&g);
    rc = glob("d/{c,b}.?", GLOB_BRACE, NULL, &g);
    show("brace magic", rc, &g);
    globfree(&g);
    rc = glob("d/z*", GLOB_NOCHECK, NULL, &g);
    show("nocheck", rc, &g);
    globfree(&g);
    rc = glob("d/z*", 0, NULL, &g);
    show("nomatch", rc, &g);
    globfree(&g);
    memset(&g, 0, sizeof g);
    g.gl_matchc = 1;
    errno = 0;
    rc = glob("d/*", GLOB_LIMIT, NULL, &g);
    printf("limit 1: rc=%d pathc=%zu E2BIG=%d\n", rc, g.gl_pathc, errno == E2BIG);
    globfree(&g);
    memset(&g, 0, sizeof g);
    g.gl_matchc = 5;
    rc = glob("d/*", GLOB_LIMIT, NULL, &g);
    show("limit 5", rc, &g);
    globfree(&g);
    return 0;
}
#else
int main(void) {
    puts("glob_t has no gl_matchc here");
    return 0;
}
#endif
