// POSIX file and directory calls: open/read/write/lseek/pread/pwrite/fstat/
// stat/rename/unlink/mkdir/opendir/readdir/rmdir/access/dup2/ftruncate.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    umask(022);
    int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    printf("open: %d\n", fd >= 0);
    printf("write=%zd\n", write(fd, "0123456789abcdef", 16));
    printf("lseek end=%lld\n", (long long)lseek(fd, 0, SEEK_END));
    printf("lseek set=%lld\n", (long long)lseek(fd, 4, SEEK_SET));
    char buf[32] = {0};
    printf("read=%zd [%s]\n", read(fd, buf, 6), buf);
    printf("pwrite=%zd\n", pwrite(fd, "XY", 2, 10));
    memset(buf, 0, sizeof buf);
    printf("pread=%zd [%s]\n", pread(fd, buf, 8, 8), buf);
    printf("offset unchanged by pread/pwrite: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));

    struct stat st;
    int rc = fstat(fd, &st);
    printf("fstat: %d size=%lld regular=%d mode=%o\n", rc, (long long)st.st_size, S_ISREG(st.st_mode),
           (unsigned)(st.st_mode & 0777));
    printf("ftruncate: %d\n", ftruncate(fd, 5));
    fstat(fd, &st);
    printf("size after truncate=%lld\n", (long long)st.st_size);

    int fd2 = dup(fd);
    long long set = lseek(fd, 2, SEEK_SET);
    printf("dup shares offset: %lld %lld\n", set, (long long)lseek(fd2, 0, SEEK_CUR));
    close(fd2);
    printf("close: %d\n", close(fd));

    printf("mkdir: %d\n", mkdir("sub", 0755));
    rc = stat("sub", &st);
    printf("stat dir: %d isdir=%d\n", rc, S_ISDIR(st.st_mode));
    printf("rename: %d\n", rename("a.txt", "sub/b.txt"));
    printf("access old: %d new: %d\n", access("a.txt", F_OK) == 0, access("sub/b.txt", R_OK | W_OK) == 0);
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/file%d", 4 - i);
        close(open(name, O_CREAT | O_WRONLY, 0600));
    }
    DIR *d = opendir("sub");
    char *names[16];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 16)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("readdir (%d):", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");

    char cwd[4096];
    printf("getcwd: %d\n", getcwd(cwd, sizeof cwd) != NULL);
    printf("chdir: %d\n", chdir("sub"));
    printf("relative stat after chdir: %d\n", stat("b.txt", &st));
    printf("chdir back: %d\n", chdir(cwd));

    int out = open("redirect.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(out, STDOUT_FILENO);
    printf("this goes to the file\n");
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(out);
    stat("redirect.txt", &st);
    printf("dup2 redirect wrote %lld bytes\n", (long long)st.st_size);

    printf("unlink: %d\n", unlink("sub/b.txt"));
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/file%d", i);
        unlink(name);
    }
    printf("rmdir: %d\n", rmdir("sub"));
    printf("gone: %d\n", stat("sub", &st) == -1);
    return 0;
}
