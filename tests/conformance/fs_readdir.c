// opendir/readdir/readdir_r/telldir/seekdir/rewinddir/dirfd/fdopendir/
// closedir on the 64-bit-inode struct dirent: names (sorted), d_type,
// d_ino against stat, d_namlen/d_reclen consistency, positions, errors.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *dt(int t) {
    switch (t) {
    case DT_REG: return "reg";
    case DT_DIR: return "dir";
    case DT_LNK: return "lnk";
    case DT_FIFO: return "fifo";
    default: return "other";
    }
}

static int namlen_ok(struct dirent *e) {
#ifdef __APPLE__
    return e->d_namlen == strlen(e->d_name);
#else
    (void)e;
    return 1;
#endif
}

static void list(DIR *d, const char *what) {
    char *names[64];
    int n = 0, consistent = 1;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL && n < 64) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s:%s", e->d_name, dt(e->d_type));
        names[n++] = strdup(buf);
        struct stat st;
        char path[300];
        snprintf(path, sizeof path, "dir/%s", e->d_name);
        if (lstat(path, &st) != 0 || st.st_ino != e->d_ino)
            consistent = 0;
        if (!namlen_ok(e) || e->d_reclen < offsetof(struct dirent, d_name) + strlen(e->d_name) + 1)
            consistent = 0;
    }
    printf("%s end errno=%d\n", what, errno);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("%s (%d):", what, n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\nino/namlen/reclen consistent: %d\n", consistent);
}

int main(void) {
    mkdir("dir", 0755);
    mkdir("dir/sub", 0755);
    close(open("dir/a.txt", O_CREAT | O_WRONLY, 0644));
    close(open("dir/b", O_CREAT | O_WRONLY, 0644));
    symlink("a.txt", "dir/link");
    mkfifo("dir/fifo", 0644);
    char longname[201];
    memset(longname, 'L', 200);
    longname[200] = 0;
    char lp[220];
    snprintf(lp, sizeof lp, "dir/%s", longname);
    close(open(lp, O_CREAT | O_WRONLY, 0644));

    DIR *d = opendir("dir");
    printf("opendir: %d dirfd>=0: %d\n", d != NULL, dirfd(d) >= 0);
    list(d, "first pass");
    printf("readdir at end: %d\n", readdir(d) == NULL);
    rewinddir(d);
    int count = 0;
    while (readdir(d))
        count++;
    printf("after rewinddir: %d entries\n", count);

    rewinddir(d);
    readdir(d);
    readdir(d);
    long pos = telldir(d);
    struct dirent *e = readdir(d);
    char third[300];
    snprintf(third, sizeof third, "%s", e->d_name);
    readdir(d);
    seekdir(d, pos);
    e = readdir(d);
    printf("seekdir returns same entry: %d\n", e && strcmp(e->d_name, third) == 0);
    printf("closedir: %d\n", closedir(d));

    d = opendir("dir");
    struct dirent ent, *res;
    int n = 0, rc;
    while ((rc = readdir_r(d, &ent, &res)) == 0 && res != NULL) {
        if (res != &ent)
            printf("readdir_r result not the buffer\n");
        n++;
    }
    printf("readdir_r: rc=%d count=%d\n", rc, n);
    closedir(d);

    int fd = open("dir", O_RDONLY | O_DIRECTORY);
    d = fdopendir(fd);
    printf("fdopendir: %d same fd: %d\n", d != NULL, dirfd(d) == fd);
    n = 0;
    while (readdir(d))
        n++;
    printf("fdopendir count: %d\n", n);
    closedir(d);
    errno = 0;
    printf("fd closed by closedir: %d EBADF=%d\n", fcntl(fd, F_GETFD) == -1, errno == EBADF);

    errno = 0;
    printf("opendir missing: %d ENOENT=%d\n", opendir("nope") == NULL, errno == ENOENT);
    errno = 0;
    printf("opendir file: %d ENOTDIR=%d\n", opendir("dir/b") == NULL, errno == ENOTDIR);
    fd = open("dir/b", O_RDONLY);
    errno = 0;
    printf("fdopendir file: %d ENOTDIR=%d\n", fdopendir(fd) == NULL, errno == ENOTDIR);
    close(fd);
    errno = 0;
    printf("fdopendir bad fd: %d EBADF=%d\n", fdopendir(-1) == NULL, errno == EBADF);
    chmod("dir/sub", 0);
    errno = 0;
    d = opendir("dir/sub");
    printf("opendir mode 0: %s\n", d ? "opened (privileged)" : errno == EACCES ? "EACCES" : "other");
    if (d)
        closedir(d);
    chmod("dir/sub", 0755);
    return 0;
}
