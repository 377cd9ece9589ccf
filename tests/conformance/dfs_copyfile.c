// Note: copyfile/fcopyfile (man 3 copyfile): COPYFILE_DATA, _STAT, _XATTR
// (Finder info), _ALL, _EXCL, _UNLINK, _MOVE, _CHECK, a directory source,
// progress callbacks and COPYFILE_STATE_COPIED, fcopyfile from the
// descriptors' offsets, errors. Linux has no copyfile: the native twin
// prints what the man page and libcopyfile's rules give (new files get
// the source mode plus owner write, less the umask; errno is 0 after a
// success).
#ifndef __APPLE__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "dfs_attr.h"
#ifdef __APPLE__
#include <copyfile.h>
#else
#include <sys/xattr.h>
#endif

static void put(const char *p, const char *s, int mode) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, mode);
    write(fd, s, strlen(s));
    close(fd);
}
static void set_times(const char *p, long sec) {
#ifdef __APPLE__
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_MODTIME | ATTR_CMN_ACCTIME, 0, 0, 0, 0};
    struct timespec t[2] = {{sec, 0}, {sec, 0}};
    setattrlist(p, &al, t, sizeof t, 0);
#else
    struct timespec t[2] = {{sec, 0}, {sec, 0}};
    utimensat(AT_FDCWD, p, t, 0);
#endif
}
static void set_finder(const char *p, const char *tag) {
    unsigned char fi[32] = {0};
    memcpy(fi, tag, 4);
#ifdef __APPLE__
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_FNDRINFO, 0, 0, 0, 0};
    setattrlist(p, &al, fi, 32, 0);
#else
    setxattr(p, "user.com.apple.FinderInfo", fi, 32, 0);
#endif
}
static void get_finder(const char *p, char out[5]) {
    unsigned char fi[32] = {0};
#ifdef __APPLE__
    struct attrlist al = {ATTR_BIT_MAP_COUNT, 0, ATTR_CMN_FNDRINFO, 0, 0, 0, 0};
    char buf[40];
    if (getattrlist(p, &al, buf, sizeof buf, 0) == 0) memcpy(fi, buf + 4, 32);
#else
    getxattr(p, "user.com.apple.FinderInfo", fi, 32);
#endif
    memcpy(out, fi, 4);
    out[4] = 0;
}
static void show(const char *label, const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0) {
        printf("  %s: absent\n", label);
        return;
    }
    char b[64] = {0}, fi[5];
    if (S_ISREG(st.st_mode)) {
        int fd = open(p, O_RDONLY);
        read(fd, b, sizeof b - 1);
        close(fd);
    }
    get_finder(p, fi);
    char mt[32] = "now";
    if (st.st_mtime < 1500000000) snprintf(mt, sizeof mt, "%lld", (long long)st.st_mtime);
    for (char *c = b; *c; c++)
        if (*c == '\n') *c = '|';
    printf("  %s: %s [%s] mode=%o mtime=%s finder=[%s]\n", label, S_ISDIR(st.st_mode) ? "dir" : "file", b,
           (unsigned)(st.st_mode & 07777), mt, fi);
}
static void err(const char *label, int r, int e) {
    printf("%s: %d errno0=%d EEXIST=%d ENOENT=%d EINVAL=%d ECANCELED=%d EISDIR=%d\n", label, r, e == 0, e == EEXIST,
           e == ENOENT, e == EINVAL, e == ECANCELED, e == EISDIR);
}

#ifdef __APPLE__
static int progress_calls;
static int progress(int what, int stage, copyfile_state_t s, const char *src, const char *dst, void *ctx) {
    if (what == COPYFILE_COPY_DATA && stage == COPYFILE_PROGRESS) progress_calls++;
    return *(int *)ctx;
}
#endif

int main(void) {
    umask(022);
    put("a", "hello copyfile\n", 0640);
    set_finder("a", "TEXT");
    set_times("a", 1000000000);
    int r;
#ifdef __APPLE__
    errno = 77;
    r = copyfile("a", "data", NULL, COPYFILE_DATA);
    err("data", r, errno);
    show("data", "data");
    errno = 0;
    r = copyfile("a", "stat", NULL, COPYFILE_STAT);
    err("stat", r, errno);
    show("stat", "stat");
    r = copyfile("a", "all", NULL, COPYFILE_ALL);
    err("all", r, errno);
    show("all", "all");
    r = copyfile("a", "xattr", NULL, COPYFILE_XATTR | COPYFILE_DATA);
    err("xattr+data", r, errno);
    show("xattr", "xattr");
    printf("check: %#x\n", copyfile("a", "whatever", NULL, COPYFILE_CHECK | COPYFILE_XATTR | COPYFILE_DATA));
    printf("check plain: %#x\n", copyfile("data", "whatever", NULL, COPYFILE_CHECK | COPYFILE_XATTR));
    errno = 0;
    r = copyfile("a", "all", NULL, COPYFILE_ALL | COPYFILE_EXCL);
    err("excl onto existing", r, errno);
    errno = 0;
    r = copyfile("missing", "m", NULL, COPYFILE_ALL);
    err("missing source", r, errno);
    show("m", "m");
    put("long", "a much longer previous content\n", 0600);
    r = copyfile("a", "long", NULL, COPYFILE_DATA);
    err("onto longer", r, errno);
    show("long", "long");
    int old = open("long", O_RDONLY);
    r = copyfile("data", "long", NULL, COPYFILE_ALL | COPYFILE_UNLINK);
    struct stat ost;
    fstat(old, &ost);
    close(old);
    err("unlink", r, errno);
    printf("  old file unlinked: %d\n", ost.st_nlink == 0);
    show("long", "long");
    put("mv", "moving\n", 0644);
    r = copyfile("mv", "moved", NULL, COPYFILE_ALL | COPYFILE_MOVE);
    err("move", r, errno);
    show("mv", "mv");
    show("moved", "moved");
    r = copyfile("a", "a", NULL, COPYFILE_ALL);
    err("same file", r, errno);
    r = copyfile("a", "a", NULL, COPYFILE_ALL | COPYFILE_EXCL);
    err("same file excl", r, errno);
    mkdir("d", 0751);
    close(open("d/inner", O_CREAT | O_WRONLY, 0644));
    set_times("d", 1100000000);
    r = copyfile("d", "d2", NULL, COPYFILE_ALL);
    err("directory", r, errno);
    show("d2", "d2");
    show("d2/inner", "d2/inner");
    r = copyfile("a", "d", NULL, COPYFILE_DATA);
    err("file onto directory", r, errno);

    copyfile_state_t s = copyfile_state_alloc();
    int cont = COPYFILE_CONTINUE;
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CB, (void *)progress);
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CTX, &cont);
    r = copyfile("a", "cb", s, COPYFILE_DATA);
    off_t copied = -1;
    copyfile_state_get(s, COPYFILE_STATE_COPIED, &copied);
    const char *name = NULL;
    copyfile_state_get(s, COPYFILE_STATE_SRC_FILENAME, &name);
    bool cloned = true;
    copyfile_state_get(s, COPYFILE_STATE_WAS_CLONED, &cloned);
    void *cb = NULL;
    copyfile_state_get(s, COPYFILE_STATE_STATUS_CB, &cb);
    errno = 0;
    int bad = copyfile_state_get(s, 999, &copied);
    printf("state: %d progress>0=%d copied=%lld src=[%s] cloned=%d cb ok=%d bad selector=%d EINVAL=%d\n", r,
           progress_calls > 0, (long long)copied, name, cloned, cb == (void *)progress, bad, errno == EINVAL);
    int quit = COPYFILE_QUIT;
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CTX, &quit);
    errno = 0;
    r = copyfile("a", "cb2", s, COPYFILE_DATA);
    err("quit", r, errno);
    show("cb2", "cb2");
    printf("state free: %d\n", copyfile_state_free(s));

    int in = open("a", O_RDONLY), out = open("f", O_CREAT | O_RDWR | O_TRUNC, 0600);
    lseek(in, 6, SEEK_SET);
    write(out, ">>", 2);
    r = fcopyfile(in, out, NULL, COPYFILE_DATA);
    long long ioff = lseek(in, 0, SEEK_CUR), ooff = lseek(out, 0, SEEK_CUR);
    err("fcopyfile", r, errno);
    printf("  offsets: in=%lld out=%lld\n", ioff, ooff);
    close(in);
    close(out);
    show("f", "f");
    errno = 0;
    r = fcopyfile(-1, 1, NULL, COPYFILE_DATA);
    err("fcopyfile bad fd", r, errno);
#else
    /* What libcopyfile does, step by step (see the __APPLE__ side): a new
     * file gets the source mode | S_IWUSR less the umask; without
     * COPYFILE_STAT an existing destination keeps its mode; data errors
     * remove the destination; fcopyfile copies from the current offsets
     * and truncates the destination to the bytes copied. */
    (void)r;
    puts("data: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  data: file [hello copyfile|] mode=640 mtime=now finder=[]");
    puts("stat: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  stat: file [] mode=640 mtime=1000000000 finder=[]");
    puts("all: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  all: file [hello copyfile|] mode=640 mtime=1000000000 finder=[TEXT]");
    puts("xattr+data: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  xattr: file [hello copyfile|] mode=640 mtime=now finder=[TEXT]");
    puts("check: 0x4");
    puts("check plain: 0");
    puts("excl onto existing: -1 errno0=0 EEXIST=1 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("missing source: -1 errno0=0 EEXIST=0 ENOENT=1 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  m: absent");
    puts("onto longer: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  long: file [hello copyfile|] mode=600 mtime=now finder=[]");
    puts("unlink: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  old file unlinked: 1");
    puts("  long: file [hello copyfile|] mode=640 mtime=now finder=[]");
    puts("move: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  mv: absent");
    puts("  moved: file [moving|] mode=644 mtime=now finder=[]");
    puts("same file: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("same file excl: -1 errno0=0 EEXIST=1 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("directory: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  d2: dir [] mode=751 mtime=1100000000 finder=[]");
    puts("  d2/inner: absent");
    puts("file onto directory: -1 errno0=0 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=1");
    puts("state: 0 progress>0=1 copied=15 src=[a] cloned=0 cb ok=1 bad selector=-1 EINVAL=1");
    puts("quit: -1 errno0=0 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=1 EISDIR=0");
    puts("  cb2: absent");
    puts("state free: 0");
    puts("fcopyfile: 0 errno0=1 EEXIST=0 ENOENT=0 EINVAL=0 ECANCELED=0 EISDIR=0");
    puts("  offsets: in=15 out=11");
    puts("  f: file [>>copyfil] mode=600 mtime=now finder=[]");
    puts("fcopyfile bad fd: -1 errno0=0 EEXIST=0 ENOENT=0 EINVAL=1 ECANCELED=0 EISDIR=0");
#endif
    return 0;
}
