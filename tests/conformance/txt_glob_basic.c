// glob(3): wildcards, bracket sets, dot files, GLOB_MARK, GLOB_NOSORT, no-match results, escapes.
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
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

static void run(const char *pat, int flags) {
    glob_t g;
    memset(&g, 0, sizeof g);
    int rc = glob(pat, flags, NULL, &g);
    printf("%-16s rc=%s pathc=%zu:", pat, code(rc), g.gl_pathc);
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
    printf("%s\n", g.gl_pathc && g.gl_pathv[g.gl_pathc] == NULL ? " (NULL-terminated)" : "");
    globfree(&g);
}

int main(void) {
    mkdir("d", 0755);
    mkdir("d/sub", 0755);
    mkdir("d/sub2", 0755);
    const char *files[] = {"d/a.c", "d/b.c", "d/c.h", "d/.hidden.c", "d/sub/x.c", "d/sub/y.txt", "d/sub2/z.c", "d/[x]", "d/B.c", "d/ab", "d/abc", "d/a-b"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) touch(files[i]);

    run("d/*.c", 0);
    run("d/*", GLOB_MARK);
    run("d/.*.c", 0);
    run("d/?.[ch]", 0);
    run("d/[!a]*", 0);
    run("d/[a-b]*", 0);
    run("d/[A-Z].c", 0);
    run("d/a[-x]b", 0);
    run("d/[]x]", 0);
    run("d/*/*.c", 0);
    run("d/sub*/*", 0);
    run("*/*/*.txt", 0);
    run("d/a*", 0);
    run("d/a*c", 0);
    run("d/*b*", 0);
    run("d/nothing*", 0);
    run("d/nothing", 0);
    run("d/no\\*thing*", GLOB_NOCHECK);
    run("d/\\[x]", 0);
    run("d/[x]", GLOB_NOESCAPE);
    run("d/\\a.c", 0);
    run("d/a.c", 0);
    run("d//a.c", 0);
    run("d/sub/", GLOB_MARK);
    run("d/sub", GLOB_MARK);
    run("", 0);
    run("", GLOB_NOCHECK);
    run("d/[", 0);

    glob_t g;
    memset(&g, 0, sizeof g);
    int rc = glob("d/*", GLOB_NOSORT, NULL, &g);
    int found = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) found += strcmp(g.gl_pathv[i], "d/abc") == 0;
    printf("nosort rc=%s pathc=%zu found-abc=%d\n", code(rc), g.gl_pathc, found);
    globfree(&g);
    printf("globfree clears pathv: %d\n", g.gl_pathv == NULL);

    chdir("d");
    run("*.?", 0);
    run("../d/s*", GLOB_MARK);
    return 0;
}
