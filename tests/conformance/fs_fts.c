// The fts functions: physical and logical walks (pre/post-order, levels, paths, the
// directory fts changes into), FTS_SEEDOT, FTS_NOSTAT, cycles (FTS_DC),
// dangling links, fts_children (with and without FTS_NAMEONLY), fts_set
// (FTS_SKIP, FTS_FOLLOW, FTS_AGAIN), several sorted roots, and errors.
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[1024];

static const char *info(int i) {
    static const char *n[] = {"?", "D", "DC", "DEFAULT", "DNR", "DOT", "DP", "ERR", "F", "INIT", "NS", "NSOK", "SL", "SLNONE", "W"};
    return i >= 0 && i <= 14 ? n[i] : "??";
}

static int byname(const FTSENT **a, const FTSENT **b) { return strcmp((*a)->fts_name, (*b)->fts_name); }

static const char *here(void) {
    static char cwd[1024];
    getcwd(cwd, sizeof cwd);
    size_t n = strlen(base);
    return strncmp(cwd, base, n) == 0 ? (cwd[n] ? cwd + n + 1 : ".") : "elsewhere";
}

static void line(FTSENT *e, int show_cwd) {
    printf("  %-6s lvl=%d name=[%s] path=%s", info(e->fts_info), e->fts_level, e->fts_name, e->fts_path);
    if (strcmp(e->fts_accpath, e->fts_path) != 0)
        printf(" acc=%s", e->fts_accpath);
    if (e->fts_info == FTS_F)
        printf(" size=%lld", (long long)e->fts_statp->st_size);
    if (e->fts_info == FTS_DC)
        printf(" cycle=[%s] lvl=%d", e->fts_cycle->fts_name, e->fts_cycle->fts_level);
    if (e->fts_info == FTS_NS || e->fts_info == FTS_DNR || e->fts_info == FTS_ERR)
        printf(" ENOENT=%d", e->fts_errno == ENOENT);
    if (show_cwd)
        printf(" cwd=%s", here());
    printf("\n");
}

static void walk(const char *what, char *const *roots, int opts, int show_cwd) {
    FTS *f = fts_open(roots, opts, byname);
    printf("%s: open=%d\n", what, f != NULL);
    FTSENT *e;
    while ((e = fts_read(f)) != NULL)
        line(e, show_cwd);
    printf("  end errno=%d cwd=%s\n", errno, here());
    printf("  close=%d\n", fts_close(f));
}

static void touch(const char *p, const char *data) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, data, strlen(data));
    close(fd);
}

int main(void) {
    getcwd(base, sizeof base);
    mkdir("t", 0755);
    touch("t/a", "aaaa");
    mkdir("t/b", 0755);
    touch("t/b/c", "cc");
    mkdir("t/b/d", 0755);
    symlink("a", "t/ln");
    symlink("nowhere", "t/dangle");
    symlink("b", "t/dl");
    mkdir("t/e", 0755);
    touch("t/e/f", "f");
    symlink("..", "t/e/up");

    char *t[] = {"t", NULL};
    walk("physical", t, FTS_PHYSICAL, 1);
    walk("physical nochdir", t, FTS_PHYSICAL | FTS_NOCHDIR, 1);
    walk("logical", t, FTS_LOGICAL, 1);
    char *e[] = {"t/e", NULL};
    walk("seedot", e, FTS_PHYSICAL | FTS_SEEDOT, 0);
    walk("nostat", t, FTS_PHYSICAL | FTS_NOSTAT | FTS_NOCHDIR, 0);
    char *multi[] = {"t/e", "t/b/", "t/a", "missing", "t/dl", NULL};
    walk("roots", multi, FTS_PHYSICAL, 0);
    char *multi2[] = {"t/e", "t/a", "t/dangle", "t/dl", NULL};
    walk("roots comfollow", multi2, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR, 0);

    printf("children:\n");
    FTS *f = fts_open(t, FTS_PHYSICAL, byname);
    FTSENT *c = fts_children(f, 0);
    for (; c; c = c->fts_link)
        printf("  root list: %s %s\n", c->fts_name, info(c->fts_info));
    FTSENT *r = fts_read(f);
    printf("  read root: %s %s\n", r->fts_name, info(r->fts_info));
    for (c = fts_children(f, FTS_NAMEONLY); c; c = c->fts_link)
        printf("  nameonly: %s %s lvl=%d\n", c->fts_name, info(c->fts_info), c->fts_level);
    for (c = fts_children(f, 0); c; c = c->fts_link) {
        printf("  child: %s %s\n", c->fts_name, info(c->fts_info));
        if (strcmp(c->fts_name, "b") == 0)
            printf("  set SKIP on b: %d\n", fts_set(f, c, FTS_SKIP));
    }
    printf("  cwd after fts_children: %s\n", here());
    FTSENT *x;
    while ((x = fts_read(f)) != NULL) {
        line(x, 0);
        if (x->fts_info == FTS_SL && strcmp(x->fts_name, "dl") == 0)
            printf("  set FOLLOW on dl: %d\n", fts_set(f, x, FTS_FOLLOW));
        if (x->fts_info == FTS_F && strcmp(x->fts_name, "a") == 0 && x->fts_number == 0) {
            x->fts_number = 1;
            printf("  set AGAIN on a: %d\n", fts_set(f, x, FTS_AGAIN));
        }
        if (x->fts_info == FTS_D && strcmp(x->fts_name, "e") == 0)
            printf("  set SKIP on e (preorder): %d\n", fts_set(f, x, FTS_SKIP));
    }
    errno = 0;
    printf("  fts_set bad: %d EINVAL=%d\n", fts_set(f, r, 99), errno == EINVAL);
    fts_close(f);

    f = fts_open(t, FTS_PHYSICAL, byname);
    fts_read(f);
    fts_read(f);
    printf("close midway: %d cwd=%s\n", fts_close(f), here());
    char *empty[] = {"", NULL};
    errno = 0;
    printf("open empty path: %d ENOENT=%d\n", fts_open(empty, FTS_PHYSICAL, NULL) == NULL, errno == ENOENT);
    errno = 0;
    printf("open bad options: %d EINVAL=%d\n", fts_open(t, 0x10000, NULL) == NULL, errno == EINVAL);
    errno = 0;
    f = fts_open(t, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
    int n = 0;
    while (fts_read(f))
        n++;
    printf("unsorted count: %d\n", n);
    fts_close(f);
    return 0;
}
