// Memory-mapping calls beyond mmap itself: mincore on touched and
// untouched pages, madvise/posix_madvise (error by return value),
// minherit(VM_INHERIT_NONE) seen from a forked child (madvise
// MADV_DONTFORK on Linux), mlock/mlockall, and POSIX shared memory
// (shm_open/ftruncate/mmap/shm_unlink) with its errors.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __APPLE__
#include <mach/vm_inherit.h>
#define NO_INHERIT(a, n) minherit(a, n, VM_INHERIT_NONE)
#else
#define NO_INHERIT(a, n) madvise(a, n, MADV_DONTFORK)
#endif

int main(void) {
    size_t pg = (size_t)getpagesize();
    char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    a[0] = 1;
    a[2 * pg] = 1;
    unsigned char vec[4];
    printf("mincore: %d incore=%d%d%d%d\n", mincore(a, 4 * pg, (void *)vec), vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
    printf("madvise WILLNEED: %d SEQUENTIAL: %d\n", madvise(a, 4 * pg, MADV_WILLNEED), madvise(a, pg, MADV_SEQUENTIAL));
    printf("madvise FREE: %d\n", madvise(a + pg, pg, MADV_FREE));
    errno = 0;
    printf("madvise bad advice: %d EINVAL=%d\n", madvise(a, pg, 12345), errno == EINVAL);
    errno = 0;
    printf("posix_madvise: %d bad: %d errno untouched=%d\n", posix_madvise(a, pg, POSIX_MADV_NORMAL),
           posix_madvise(a, pg, 12345) == EINVAL, errno == 0);
    printf("mlock: %d munlock: %d\n", mlock(a, pg), munlock(a, pg));
    printf("mlockall: %d munlockall: %d\n", mlockall(MCL_CURRENT), munlockall());

    char *keep = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    char *gone = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    keep[0] = 'k';
    gone[0] = 'g';
    printf("no-inherit: %d\n", NO_INHERIT(gone, pg));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child sees kept page: %c\n", keep[0]);
        fflush(stdout);
        volatile char c = gone[0];
        (void)c;
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child killed touching the page: %d\n", WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS));
    printf("parent still has it: %c\n", gone[0]);

    shm_unlink("/calvados-fs-shm");
    int fd = shm_open("/calvados-fs-shm", O_RDWR | O_CREAT | O_EXCL, 0600);
    printf("shm_open: %d\n", fd >= 0);
    printf("ftruncate: %d\n", ftruncate(fd, (off_t)pg));
    char *m1 = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int fd2 = shm_open("/calvados-fs-shm", O_RDONLY, 0);
    char *m2 = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd2, 0);
    strcpy(m1, "shared memory");
    printf("second mapping sees: %s\n", m2);
    errno = 0;
    printf("O_EXCL again: %d EEXIST=%d\n", shm_open("/calvados-fs-shm", O_RDWR | O_CREAT | O_EXCL, 0600), errno == EEXIST);
    printf("shm_unlink: %d\n", shm_unlink("/calvados-fs-shm"));
    errno = 0;
    printf("open after unlink: %d ENOENT=%d\n", shm_open("/calvados-fs-shm", O_RDONLY, 0), errno == ENOENT);
    errno = 0;
    printf("unlink again: %d ENOENT=%d\n", shm_unlink("/calvados-fs-shm"), errno == ENOENT);
    printf("mapping survives: %s\n", m2);
    munmap(m1, pg);
    munmap(m2, pg);
    close(fd);
    close(fd2);
    return 0;
}
