// mmap (anonymous and file-backed, MAP_SHARED seen through read()),
// mprotect, madvise, msync; fcntl F_GETFL/F_SETFL with O_NONBLOCK|O_APPEND,
// F_GETFD/F_SETFD, F_DUPFD_CLOEXEC, record locks F_SETLK/F_GETLK seen from
// another process; getrlimit/setrlimit(RLIMIT_NOFILE).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    size_t pg = (size_t)getpagesize();
    char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    printf("anon mmap ok: %d\n", a != MAP_FAILED);
    memset(a, 7, 4 * pg);
    printf("anon sum ok: %d\n", a[0] + a[4 * pg - 1] == 14);
    printf("madvise: %d\n", madvise(a, pg, MADV_DONTNEED) == 0);
    printf("mprotect ro: %d\n", mprotect(a, pg, PROT_READ) == 0);
    printf("munmap: %d\n", munmap(a, 4 * pg));
    printf("bad munmap errno EINVAL: %d\n", munmap((void *)1, pg) == -1 && errno == EINVAL);

    int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, (off_t)pg);
    char *m = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(m, "shared mapping");
    msync(m, pg, MS_SYNC);
    char buf[32] = {0};
    pread(fd, buf, 14, 0);
    printf("read back: %s\n", buf);
    munmap(m, pg);

    int fl = fcntl(fd, F_GETFL);
    printf("accmode rdwr: %d\n", (fl & O_ACCMODE) == O_RDWR);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK | O_APPEND);
    fl = fcntl(fd, F_GETFL);
    printf("nonblock: %d append: %d\n", !!(fl & O_NONBLOCK), !!(fl & O_APPEND));
    printf("cloexec before: %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    printf("cloexec after: %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    int d = fcntl(fd, F_DUPFD_CLOEXEC, 20);
    printf("dupfd >= 20: %d cloexec: %d\n", d >= 20, fcntl(d, F_GETFD) & FD_CLOEXEC);
    close(d);

    struct flock lk = {0};
    lk.l_type = F_WRLCK;
    lk.l_whence = SEEK_SET;
    lk.l_start = 10;
    lk.l_len = 20;
    printf("setlk: %d\n", fcntl(fd, F_SETLK, &lk));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct flock q = {0};
        q.l_type = F_RDLCK;
        q.l_whence = SEEK_SET;
        q.l_start = 0;
        q.l_len = 100;
        fcntl(fd, F_GETLK, &q);
        printf("child sees: %s start=%lld len=%lld owner-is-parent=%d\n",
               q.l_type == F_WRLCK ? "F_WRLCK" : q.l_type == F_UNLCK ? "F_UNLCK" : "other",
               (long long)q.l_start, (long long)q.l_len, q.l_pid == getppid());
        struct flock t = q;
        t.l_type = F_WRLCK;
        printf("child setlk fails: %d eagain-or-eacces: %d\n", fcntl(fd, F_SETLK, &t) == -1,
               errno == EAGAIN || errno == EACCES);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    lk.l_type = F_UNLCK;
    printf("unlock: %d\n", fcntl(fd, F_SETLK, &lk));
    printf("bad cmd EINVAL: %d\n", fcntl(fd, 12345) == -1 && errno == EINVAL);
    close(fd);
    printf("closed fd EBADF: %d\n", fcntl(fd, F_GETFD) == -1 && errno == EBADF);

    struct rlimit rl;
    printf("getrlimit: %d\n", getrlimit(RLIMIT_NOFILE, &rl));
    struct rlimit lower = rl;
    lower.rlim_cur = rl.rlim_cur > 64 ? 64 : rl.rlim_cur;
    printf("setrlimit: %d\n", setrlimit(RLIMIT_NOFILE, &lower));
    struct rlimit now;
    getrlimit(RLIMIT_NOFILE, &now);
    printf("lowered: %d\n", now.rlim_cur == lower.rlim_cur);
    printf("stack limit readable: %d\n", getrlimit(RLIMIT_STACK, &now) == 0);
    return 0;
}
