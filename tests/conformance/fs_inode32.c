// The legacy 32-bit-inode ABI (what binaries built for macOS 10.5 call:
// plain `_stat`, `_readdir`, `_scandir`, `_alphasort`, `_getdirentries`
// with the old struct stat and struct dirent): the same results as the
// current ABI. On Linux getdirentries is glibc's.
// darwin-cflags: -D_DARWIN_NO_64_BIT_INODE
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __APPLE__
#include <sys/mount.h>
#else
#include <sys/vfs.h>
#endif
#include <sys/types.h>
#include <unistd.h>

static int byname(const FTSENT **a, const FTSENT **b) { return strcmp((*a)->fts_name, (*b)->fts_name); }

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    umask(022);
    mkdir("d", 0750);
    int fd = open("d/file", O_CREAT | O_WRONLY, 0640);
    write(fd, "0123456789", 10);
    symlink("file", "d/ln");
    struct stat st;
    printf("sizeof(struct stat) is legacy-or-linux: %d\n", (int)sizeof(struct stat) == 120 || (int)sizeof(struct stat) == 144);
    printf("stat: %d size=%lld mode=%o nlink=%d isreg=%d\n", stat("d/file", &st), (long long)st.st_size,
           st.st_mode & 0777, (int)st.st_nlink, S_ISREG(st.st_mode));
    ino_t ino = st.st_ino;
    printf("fstat: %d same ino=%d blksize>0=%d\n", fstat(fd, &st), st.st_ino == ino, st.st_blksize > 0);
    printf("lstat: %d islnk=%d size=%lld\n", lstat("d/ln", &st), S_ISLNK(st.st_mode), (long long)st.st_size);
    printf("fstatat: %d isdir=%d mode=%o\n", fstatat(AT_FDCWD, "d", &st, 0), S_ISDIR(st.st_mode), st.st_mode & 0777);
    errno = 0;
    printf("stat missing: %d ENOENT=%d\n", stat("nope", &st), errno == ENOENT);
    close(fd);

    DIR *dir = opendir("d");
    struct dirent *e;
    char *names[16];
    int n = 0, ino_ok = 0;
    while ((e = readdir(dir)) != NULL && n < 16) {
        names[n++] = strdup(e->d_name);
        if (strcmp(e->d_name, "file") == 0)
            ino_ok = e->d_ino == ino && e->d_type == DT_REG;
    }
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("readdir:");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\nreaddir ino/type: %d\n", ino_ok);
    rewinddir(dir);
    struct dirent ent, *res;
    n = 0;
    while (readdir_r(dir, &ent, &res) == 0 && res)
        n++;
    printf("readdir_r count: %d\n", n);
    closedir(dir);

    struct dirent **list;
    n = scandir("d", &list, NULL, alphasort);
    printf("scandir:");
    for (int i = 0; i < n; i++) {
        printf(" %s", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    printf("\n");

    fd = open("d", O_RDONLY);
    char buf[4096];
    long base = -1;
    int got = (int)getdirentries(fd, buf, sizeof buf, (void *)&base);
    printf("getdirentries: %d base=%ld\n", got > 0, base);
    n = 0;
    for (int off = 0; off < got;) {
        struct dirent *r = (struct dirent *)(buf + off);
        names[n++] = strdup(r->d_name);
        off += r->d_reclen;
    }
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("records:");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
    printf("again at end: %d\n", (int)getdirentries(fd, buf, sizeof buf, (void *)&base));
    close(fd);
    char *roots[] = {"d", NULL};
    FTS *ft = fts_open(roots, FTS_PHYSICAL, byname);
    FTSENT *fe;
    while ((fe = fts_read(ft)) != NULL)
        printf("fts: info=%d lvl=%d %s size=%lld ino-ok=%d\n", fe->fts_info, fe->fts_level, fe->fts_path,
               fe->fts_info == FTS_F ? (long long)fe->fts_statp->st_size : -1LL,
               fe->fts_info != FTS_F || fe->fts_statp->st_ino == ino);
    printf("fts_close: %d\n", fts_close(ft));
    struct statfs sf, sg;
    printf("statfs: %d bsize>0=%d blocks>0=%d bfree<=blocks=%d\n", statfs("d", &sf), sf.f_bsize > 0, sf.f_blocks > 0,
           sf.f_bfree <= sf.f_blocks);
    fd = open("d/file", O_RDONLY);
    printf("fstatfs: %d same=%d\n", fstatfs(fd, &sg), sg.f_blocks == sf.f_blocks && sg.f_bsize == sf.f_bsize);
    close(fd);
    errno = 0;
    printf("statfs missing: %d ENOENT=%d\n", statfs("nope", &sf), errno == ENOENT);
    errno = 0;
    printf("getdirentries bad fd: %d EBADF=%d\n", (int)getdirentries(fd, buf, sizeof buf, (void *)&base), errno == EBADF);
    return 0;
}
