// glob(3) with GLOB_ALTDIRFUNC: a virtual directory tree served by the program's own
// opendir/readdir/closedir/lstat/stat callbacks (struct dirent and struct stat of the platform).
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct node {
    const char *path;
    int dir;
};
static const struct node tree[] = {
    {"v", 1}, {"v/alpha.c", 0}, {"v/beta", 1}, {"v/beta/one.c", 0}, {"v/beta/two.h", 0},
    {"v/gamma.c", 0}, {"v/.dot.c", 0}, {"v/delta", 1},
};
#define NNODES (sizeof tree / sizeof *tree)

struct vdir {
    char path[256];
    size_t next;
};
static int opens, live, reads, stats;
static struct dirent ent;

static const struct node *find(const char *p) {
    for (size_t i = 0; i < NNODES; i++)
        if (strcmp(tree[i].path, p) == 0) return &tree[i];
    return NULL;
}

static void *v_opendir(const char *path) {
    opens++;
    char clean[256];
    snprintf(clean, sizeof clean, "%s", path);
    size_t n = strlen(clean);
    while (n > 1 && clean[n - 1] == '/') clean[--n] = 0;
    const struct node *d = find(clean);
    if (!d) { errno = ENOENT; return NULL; }
    if (!d->dir) { errno = ENOTDIR; return NULL; }
    struct vdir *v = calloc(1, sizeof *v);
    live++;
    strcpy(v->path, clean);
    return v;
}

static struct dirent *v_readdir(void *p) {
    struct vdir *v = p;
    size_t n = strlen(v->path);
    reads++;
    while (v->next < NNODES) {
        const struct node *e = &tree[v->next++];
        if (strncmp(e->path, v->path, n) == 0 && e->path[n] == '/' && !strchr(e->path + n + 1, '/')) {
            memset(&ent, 0, sizeof ent);
            ent.d_ino = v->next;
            ent.d_type = e->dir ? DT_DIR : DT_REG;
            strcpy(ent.d_name, e->path + n + 1);
            return &ent;
        }
    }
    return NULL;
}

static void v_closedir(void *p) {
    live--;
    free(p);
}

static int v_stat(const char *path, struct stat *st) {
    stats++;
    char clean[256];
    snprintf(clean, sizeof clean, "%s", path);
    size_t n = strlen(clean);
    while (n > 1 && clean[n - 1] == '/') clean[--n] = 0;
    const struct node *d = find(clean);
    if (!d) { errno = ENOENT; return -1; }
    memset(st, 0, sizeof *st);
    st->st_mode = d->dir ? S_IFDIR | 0755 : S_IFREG | 0644;
    return 0;
}

static void run(const char *pat, int flags) {
    glob_t g;
    memset(&g, 0, sizeof g);
    g.gl_opendir = v_opendir;
    g.gl_readdir = (void *)v_readdir;
    g.gl_closedir = v_closedir;
    g.gl_lstat = (void *)v_stat;
    g.gl_stat = (void *)v_stat;
    opens = live = 0;
    int rc = glob(pat, flags | GLOB_ALTDIRFUNC, NULL, &g);
    printf("%-12s rc=%s pathc=%zu:", pat, rc == 0 ? "0" : rc == GLOB_NOMATCH ? "NOMATCH" : "other", g.gl_pathc);
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
    printf(" (all closed: %d, opened: %d)\n", live == 0, opens > 0);
    globfree(&g);
}

int main(void) {
    run("v/*.c", 0);
    run("v/*", GLOB_MARK);
    run("v/.*", 0);
    run("v/*/*.c", 0);
    run("v/*/*", 0);
    run("v/b*/t*", 0);
    run("v/[ab]*", 0);
    run("v/missing/*", 0);
    run("v/alpha.c/*", 0);
    run("v/gamma.c", 0);
    run("v/nope.c", 0);
    run("v/beta", GLOB_MARK);
    printf("callbacks used: readdir %d, stat %d\n", reads > 0, stats > 0);
    return 0;
}
