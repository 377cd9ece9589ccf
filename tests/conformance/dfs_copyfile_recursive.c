// Note: copyfile with COPYFILE_RECURSIVE (man 3 copyfile, "Recursive
// Copies"): a tree copied to a new name and into an existing directory,
// the status callback's (what, stage, src, dst) calls, COPYFILE_SKIP on a
// directory, COPYFILE_QUIT, and EINVAL for COPYFILE_MOVE with
// COPYFILE_RECURSIVE. The callbacks are sorted (directory order differs
// between systems). Linux has no copyfile: the native twin prints what the
// man page describes.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#include <copyfile.h>
#endif

static char *lines[256];
static int nlines;
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void flush_lines(void) {
    qsort(lines, (size_t)nlines, sizeof lines[0], cmp);
    for (int i = 0; i < nlines; i++) {
        printf("  %s\n", lines[i]);
        free(lines[i]);
    }
    nlines = 0;
}
static void put(const char *p, const char *s, int mode) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, mode);
    write(fd, s, strlen(s));
    close(fd);
}
static void show(const char *p) {
    struct stat st;
    if (stat(p, &st) != 0) {
        printf("  %s: absent\n", p);
        return;
    }
    char b[32] = {0};
    if (S_ISREG(st.st_mode)) {
        int fd = open(p, O_RDONLY);
        read(fd, b, sizeof b - 1);
        close(fd);
    }
    printf("  %s: %s mode=%o [%s]\n", p, S_ISDIR(st.st_mode) ? "dir" : "file", (unsigned)(st.st_mode & 07777), b);
}
static void tree(const char *root) {
    const char *names[] = {"", "/a", "/b", "/b/c", "/b/d"};
    for (int i = 0; i < 5; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s%s", root, names[i]);
        show(p);
    }
}

#ifdef __APPLE__
static const char *what_name(int w) {
    switch (w) {
    case COPYFILE_RECURSE_FILE: return "file";
    case COPYFILE_RECURSE_DIR: return "dir";
    case COPYFILE_RECURSE_DIR_CLEANUP: return "cleanup";
    case COPYFILE_COPY_DATA: return "data";
    default: return "error";
    }
}
static const char *stage_name(int s) {
    switch (s) {
    case COPYFILE_START: return "start";
    case COPYFILE_FINISH: return "finish";
    case COPYFILE_PROGRESS: return "progress";
    default: return "err";
    }
}
static const char *skip_dir, *quit_at;
static int cb(int what, int stage, copyfile_state_t s, const char *src, const char *dst, void *ctx) {
    char l[512];
    snprintf(l, sizeof l, "%-8s %-8s %s -> %s", what_name(what), stage_name(stage), src ? src : "-",
             dst ? dst : "-");
    if (nlines < 256) lines[nlines++] = strdup(l);
    (void)ctx;
    if (stage == COPYFILE_START && skip_dir && what == COPYFILE_RECURSE_DIR && strcmp(src, skip_dir) == 0)
        return COPYFILE_SKIP;
    if (stage == COPYFILE_START && quit_at && strcmp(src, quit_at) == 0) return COPYFILE_QUIT;
    return COPYFILE_CONTINUE;
}
static void L(const char *s) { (void)s; }
#else
#include <dirent.h>
static void L(const char *s) {
    if (nlines < 256) lines[nlines++] = strdup(s);
}
/* The twin's copy: what COPYFILE_ALL|COPYFILE_RECURSIVE produces (data,
 * modes), skipping the directory named `skip`. */
static void twin_copy(const char *src, const char *dst, const char *skip) {
    struct stat st;
    stat(src, &st);
    if (S_ISDIR(st.st_mode)) {
        if (skip && strcmp(src, skip) == 0) return;
        mkdir(dst, 0700);
        DIR *d = opendir(src);
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char a[256], b[256];
            snprintf(a, sizeof a, "%s/%s", src, e->d_name);
            snprintf(b, sizeof b, "%s/%s", dst, e->d_name);
            twin_copy(a, b, skip);
        }
        closedir(d);
    } else {
        char buf[64];
        int in = open(src, O_RDONLY), out = open(dst, O_CREAT | O_WRONLY | O_TRUNC, 0600);
        ssize_t n = read(in, buf, sizeof buf);
        if (n > 0) write(out, buf, (size_t)n);
        close(in);
        close(out);
    }
    chmod(dst, st.st_mode & 07777);
}
#endif

int main(void) {
    umask(022);
    mkdir("src", 0750);
    put("src/a", "A", 0640);
    mkdir("src/b", 0705);
    put("src/b/c", "C", 0600);
    put("src/b/d", "", 0644);
    int r;
#ifdef __APPLE__
    copyfile_state_t s = copyfile_state_alloc();
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CB, (void *)cb);
    errno = 0;
    r = copyfile("src", "new", s, COPYFILE_ALL | COPYFILE_RECURSIVE);
#else
    twin_copy("src", "new", NULL);
    r = 0;
    L("cleanup  finish   src -> new");
    L("cleanup  finish   src/b -> new/b");
    L("cleanup  start    src -> new");
    L("cleanup  start    src/b -> new/b");
    L("data     progress src/a -> new/a");
    L("data     progress src/b/c -> new/b/c");
    L("dir      finish   src -> new");
    L("dir      finish   src/b -> new/b");
    L("dir      start    src -> new");
    L("dir      start    src/b -> new/b");
    L("file     finish   src/a -> new/a");
    L("file     finish   src/b/c -> new/b/c");
    L("file     finish   src/b/d -> new/b/d");
    L("file     start    src/a -> new/a");
    L("file     start    src/b/c -> new/b/c");
    L("file     start    src/b/d -> new/b/d");
#endif
    printf("to new name: %d errno0=%d\n", r, errno == 0);
    flush_lines();
    tree("new");

    mkdir("into", 0755);
#ifdef __APPLE__
    skip_dir = "src/b";
    r = copyfile("src", "into", s, COPYFILE_ALL | COPYFILE_RECURSIVE);
    skip_dir = NULL;
#else
    twin_copy("src", "into/src", "src/b");
    r = 0;
    L("cleanup  finish   src -> into/src");
    L("cleanup  start    src -> into/src");
    L("data     progress src/a -> into/src/a");
    L("dir      finish   src -> into/src");
    L("dir      start    src -> into/src");
    L("dir      start    src/b -> into/src/b");
    L("file     finish   src/a -> into/src/a");
    L("file     start    src/a -> into/src/a");
#endif
    printf("into directory, skipping src/b: %d\n", r);
    flush_lines();
    tree("into/src");

#ifdef __APPLE__
    quit_at = "src/b";
    errno = 0;
    r = copyfile("src", "quit", s, COPYFILE_ALL | COPYFILE_RECURSIVE);
    int e = errno;
    quit_at = NULL;
    nlines = 0;
#else
    r = -1;
    int e = 0;
#endif
    printf("quit at src/b: %d errno0=%d\n", r, e == 0);
    show("quit/b");

#ifdef __APPLE__
    errno = 0;
    r = copyfile("src", "moved", NULL, COPYFILE_ALL | COPYFILE_RECURSIVE | COPYFILE_MOVE);
    e = errno;
    copyfile_state_free(s);
#else
    r = -1;
    e = EINVAL;
#endif
    printf("recursive move: %d EINVAL=%d\n", r, e == EINVAL);
    show("moved");
    show("src/a");
    return 0;
}
