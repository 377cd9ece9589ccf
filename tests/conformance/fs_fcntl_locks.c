// fcntl record locks (F_SETLK/F_SETLKW/F_GETLK with struct flock) seen
// from a child, flock(2) LOCK_EX/LOCK_SH/LOCK_NB/LOCK_UN, lockf, F_DUPFD,
// F_DUPFD_CLOEXEC, F_GETFD/F_SETFD and the darwin-named commands
// (F_GETPATH, F_FULLFSYNC, F_NOCACHE; spelled natively on Linux).
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *type(int t) {
    return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

static int getpath(int fd, char *out) {
#ifdef __APPLE__
    return fcntl(fd, F_GETPATH, out);
#else
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, PATH_MAX - 1);
    if (n < 0 || out[0] != '/') {
        errno = EBADF;
        return -1;
    }
    out[n] = 0;
    return 0;
#endif
}

static int fullfsync(int fd) {
#ifdef __APPLE__
    return fcntl(fd, F_FULLFSYNC);
#else
    return fsync(fd);
#endif
}

static int nocache(int fd, int on) {
#ifdef __APPLE__
    return fcntl(fd, F_NOCACHE, on);
#else
    (void)on;
    return fcntl(fd, F_GETFD) < 0 ? -1 : 0;
#endif
}

/* Probes from a child: fcntl record locks, or flock locks (the two kinds
 * are kept apart: whether they see each other differs between systems). */
static void child_probe(int fd, short t, off_t start, off_t len, int use_flock) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (use_flock) {
            int f2 = open("lockfile", O_RDWR);
            errno = 0;
            int r = flock(f2, LOCK_EX | LOCK_NB);
            printf("  child flock EX|NB: %d EWOULDBLOCK=%d\n", r, errno == EWOULDBLOCK);
            errno = 0;
            r = flock(f2, LOCK_SH | LOCK_NB);
            printf("  child flock SH|NB: %d EWOULDBLOCK=%d\n", r, errno == EWOULDBLOCK);
            fflush(stdout);
            _exit(0);
        }
        struct flock q = {0};
        q.l_type = t;
        q.l_whence = SEEK_SET;
        q.l_start = start;
        q.l_len = len;
        int r = fcntl(fd, F_GETLK, &q);
        printf("  child GETLK(%s %lld+%lld): %d -> %s", type(t), (long long)start, (long long)len, r, type(q.l_type));
        if (q.l_type != F_UNLCK)
            printf(" start=%lld len=%lld pid-is-parent=%d", (long long)q.l_start, (long long)q.l_len,
                   q.l_pid == getppid());
        printf("\n");
        struct flock s = {0};
        s.l_type = t;
        s.l_whence = SEEK_SET;
        s.l_start = start;
        s.l_len = len;
        errno = 0;
        r = fcntl(fd, F_SETLK, &s);
        printf("  child SETLK: %d EAGAIN/EACCES=%d\n", r, errno == EAGAIN || errno == EACCES);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
}

/* lockf from a child at offset `at`. */
static void child_lockf(int fd, off_t at, int cmd, off_t len) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int f2 = open("lockfile", O_RDWR);
        lseek(f2, at, SEEK_SET);
        errno = 0;
        int r = lockf(f2, cmd, len);
        printf("  child lockf(%s @%lld+%lld): %d EAGAIN/EACCES=%d\n", cmd == F_TEST ? "F_TEST" : "F_TLOCK",
               (long long)at, (long long)len, r, errno == EAGAIN || errno == EACCES);
        fflush(stdout);
        _exit(0);
    }
    (void)fd;
    int st;
    waitpid(pid, &st, 0);
}

int main(void) {
    int fd = open("lockfile", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    struct flock l = {0};
    l.l_type = F_WRLCK;
    l.l_whence = SEEK_SET;
    l.l_start = 2;
    l.l_len = 3;
    printf("SETLK write 2+3: %d\n", fcntl(fd, F_SETLK, &l));
    l.l_type = F_RDLCK;
    l.l_start = 8;
    l.l_len = 0;
    printf("SETLKW read 8+eof: %d\n", fcntl(fd, F_SETLKW, &l));
    struct flock q = {0};
    q.l_type = F_WRLCK;
    q.l_whence = SEEK_SET;
    q.l_start = 0;
    q.l_len = 0;
    printf("own GETLK: %d -> %s\n", fcntl(fd, F_GETLK, &q), type(q.l_type));
    child_probe(fd, F_WRLCK, 0, 0, 0);
    child_probe(fd, F_RDLCK, 8, 1, 0);
    child_probe(fd, F_WRLCK, 5, 3, 0);
    child_probe(fd, F_WRLCK, 1, 1, 0);
    l.l_type = F_UNLCK;
    l.l_start = 0;
    l.l_len = 0;
    printf("unlock all: %d\n", fcntl(fd, F_SETLK, &l));
    printf("flock EX: %d\n", flock(fd, LOCK_EX));
    child_probe(fd, 0, 0, 0, 1);
    printf("flock UN: %d\n", flock(fd, LOCK_UN));
    printf("flock SH: %d\n", flock(fd, LOCK_SH | LOCK_NB));
    child_probe(fd, 0, 0, 0, 1);
    printf("flock UN: %d\n", flock(fd, LOCK_UN));
    child_probe(fd, 0, 0, 0, 1);
    errno = 0;
    printf("flock bad fd: %d EBADF=%d\n", flock(-1, LOCK_EX), errno == EBADF);
    errno = 0;
    printf("flock bad op: %d EINVAL=%d\n", flock(fd, 0), errno == EINVAL);
    l.l_type = 99;
    errno = 0;
    printf("SETLK bad type: %d EINVAL=%d\n", fcntl(fd, F_SETLK, &l), errno == EINVAL);
    lseek(fd, 2, SEEK_SET);
    printf("lockf F_LOCK @2+4: %d\n", lockf(fd, F_LOCK, 4));
    printf("offset unchanged: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("lockf F_TEST own: %d\n", lockf(fd, F_TEST, 4));
    child_lockf(fd, 0, F_TEST, 2);
    child_lockf(fd, 0, F_TEST, 3);
    child_lockf(fd, 5, F_TLOCK, 0);
    child_lockf(fd, 6, F_TLOCK, 10);
    printf("lockf F_ULOCK: %d\n", lockf(fd, F_ULOCK, 4));
    child_lockf(fd, 0, F_TEST, 0);
    errno = 0;
    printf("lockf bad cmd: %d EINVAL=%d\n", lockf(fd, 42, 0), errno == EINVAL);

    int d = fcntl(fd, F_DUPFD, 30);
    printf("F_DUPFD >= 30: %d cloexec=%d\n", d >= 30, fcntl(d, F_GETFD));
    int e = fcntl(fd, F_DUPFD_CLOEXEC, 40);
    printf("F_DUPFD_CLOEXEC >= 40: %d cloexec=%d\n", e >= 40, fcntl(e, F_GETFD));
    printf("F_SETFD 0: %d -> %d\n", fcntl(e, F_SETFD, 0), fcntl(e, F_GETFD));
    printf("F_SETFD FD_CLOEXEC: %d -> %d\n", fcntl(d, F_SETFD, FD_CLOEXEC), fcntl(d, F_GETFD));
    close(d);
    close(e);
    errno = 0;
    printf("F_DUPFD negative: %d EINVAL=%d\n", fcntl(fd, F_DUPFD, -1), errno == EINVAL);
    errno = 0;
    printf("F_GETFD closed: %d EBADF=%d\n", fcntl(d, F_GETFD), errno == EBADF);

    char path[PATH_MAX] = {0};
    char *cwd = getcwd(NULL, 0);
    int r = getpath(fd, path);
    printf("F_GETPATH: %d suffix-ok=%d\n", r, strncmp(path, cwd, strlen(cwd)) == 0 && strcmp(path + strlen(cwd), "/lockfile") == 0);
    free(cwd);
    int p[2];
    pipe(p);
    errno = 0;
    printf("F_GETPATH pipe: %d EBADF=%d\n", getpath(p[0], path), errno == EBADF);
    close(p[0]);
    close(p[1]);
    printf("F_FULLFSYNC: %d\n", fullfsync(fd));
    printf("F_NOCACHE: %d %d\n", nocache(fd, 1), nocache(fd, 0));
    errno = 0;
    printf("F_NOCACHE bad fd: %d EBADF=%d\n", nocache(-1, 1), errno == EBADF);
    errno = 0;
    printf("F_FULLFSYNC bad fd: %d EBADF=%d\n", fullfsync(-1), errno == EBADF);
    close(fd);
    return 0;
}
