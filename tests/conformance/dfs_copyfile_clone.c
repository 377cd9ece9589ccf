// Note: copyfile with COPYFILE_CLONE (clone, or copy when the volume
// cannot, man 3 copyfile), COPYFILE_CLONE_FORCE (clone or fail ENOTSUP),
// and COPYFILE_DATA_SPARSE|COPYFILE_DATA on a file with a hole (holes stay
// holes where both volumes support them). The native twin copies by hand.
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#include <copyfile.h>
#endif

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
    int fd = open(p, O_RDONLY);
    read(fd, b, sizeof b - 1);
    close(fd);
    for (char *c = b; *c; c++)
        if (*c == '\n') *c = '|';
    printf("  %s: mode=%o size=%lld [%s]\n", p, (unsigned)(st.st_mode & 07777), (long long)st.st_size, b);
}
#ifndef __APPLE__
static void twin_copy(const char *a, const char *b) {
    char buf[64];
    struct stat st;
    stat(a, &st);
    int in = open(a, O_RDONLY), out = open(b, O_CREAT | O_WRONLY | O_EXCL, st.st_mode & 0777);
    ssize_t n = read(in, buf, sizeof buf);
    write(out, buf, (size_t)n);
    close(in);
    close(out);
}
#endif

int main(void) {
    umask(022);
    put("a", "clone me\n", 0604);
    int r, e;
    bool cloned = false;
    off_t copied = -1;
#ifdef __APPLE__
    copyfile_state_t s = copyfile_state_alloc();
    errno = 0;
    r = copyfile("a", "c1", s, COPYFILE_CLONE);
    e = errno;
    copyfile_state_get(s, COPYFILE_STATE_WAS_CLONED, &cloned);
    copyfile_state_get(s, COPYFILE_STATE_COPIED, &copied);
    copyfile_state_free(s);
#else
    twin_copy("a", "c1");
    r = e = 0;
    copied = 9;
#endif
    printf("clone: %d errno0=%d cloned, or copied all: %d\n", r, e == 0, cloned ? copied == 0 : copied == 9);
    show("c1");
#ifdef __APPLE__
    errno = 0;
    r = copyfile("a", "c1", NULL, COPYFILE_CLONE);
    e = errno;
#else
    r = -1;
    e = EEXIST;
#endif
    printf("clone onto existing: %d EEXIST=%d\n", r, e == EEXIST);
#ifdef __APPLE__
    errno = 0;
    r = copyfile("a", "c2", NULL, COPYFILE_CLONE_FORCE);
    e = errno;
#else
    r = 0;
    e = 0;
    twin_copy("a", "c2");
#endif
    printf("clone force: ok or ENOTSUP: %d\n", r == 0 || e == ENOTSUP);
    if (r != 0) {
        /* what a caller does when the volume cannot clone */
        int in = open("a", O_RDONLY), out = open("c2", O_CREAT | O_WRONLY | O_EXCL, 0604);
        char buf[64];
        ssize_t n = read(in, buf, sizeof buf);
        write(out, buf, (size_t)n);
        close(in);
        close(out);
    }
    show("c2");

    /* a 1 MiB hole, then data */
    int fd = open("sparse", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    pwrite(fd, "tail", 4, 1 << 20);
    close(fd);
#ifdef __APPLE__
    errno = 0;
    r = copyfile("sparse", "sparse2", NULL, COPYFILE_DATA_SPARSE | COPYFILE_DATA);
    e = errno;
#else
    fd = open("sparse2", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    pwrite(fd, "tail", 4, 1 << 20);
    close(fd);
    r = e = 0;
#endif
    struct stat st;
    stat("sparse2", &st);
    char tail[5] = {0}, head[4] = {1, 1, 1, 1};
    fd = open("sparse2", O_RDONLY);
    pread(fd, tail, 4, 1 << 20);
    pread(fd, head, 4, 0);
    close(fd);
    printf("sparse: %d errno0=%d size=%lld tail=[%s] head zero=%d holes kept=%d\n", r, e == 0, (long long)st.st_size,
           tail, !head[0] && !head[1] && !head[2] && !head[3], st.st_blocks * 512 < (1 << 19));
    return 0;
}
