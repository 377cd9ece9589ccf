// syscall(2) with the common numbers, and times(3).
// cflags: -Wno-deprecated-declarations
// Note: darwin numbers come from xnu's bsd/kern/syscalls.master (macOS
// ships no <sys/syscall.h> in zig's headers); Linux uses its own.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/times.h>
#include <unistd.h>
#ifdef __APPLE__
#define NR_write 4
#define NR_open 5
#define NR_close 6
#define NR_getpid 20
#define NR_getuid 24
#define NR_kill 37
#define NR_getppid 39
#define NR_dup 41
#define NR_umask 60
#define NR_mkdir 136
#define NR_lseek 199
#else
#include <sys/syscall.h>
#define NR_write SYS_write
#define NR_open SYS_open
#define NR_close SYS_close
#define NR_getpid SYS_getpid
#define NR_getuid SYS_getuid
#define NR_kill SYS_kill
#define NR_getppid SYS_getppid
#define NR_dup SYS_dup
#define NR_umask SYS_umask
#define NR_mkdir SYS_mkdir
#define NR_lseek SYS_lseek
#endif

static volatile sig_atomic_t got;
static void on_usr1(int s) { got = s; }

int main(void) {
    printf("getpid: %d\n", syscall(NR_getpid) == getpid());
    printf("getppid: %d\n", syscall(NR_getppid) == getppid());
    printf("getuid: %d\n", syscall(NR_getuid) == (long)getuid());
    fflush(stdout);
    long n = syscall(NR_write, 1, "written by syscall\n", 19);
    printf("write returned %ld\n", n);

    int fd = syscall(NR_open, "f.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    printf("open: %d\n", fd > 2);
    printf("write to file: %ld\n", (long)syscall(NR_write, fd, "abcdef", 6));
    printf("lseek: %ld\n", (long)syscall(NR_lseek, fd, 2, SEEK_SET));
    int d = syscall(NR_dup, fd);
    printf("dup: %d\n", d > fd);
    printf("close: %ld %ld\n", (long)syscall(NR_close, d), (long)syscall(NR_close, fd));
    errno = 0;
    long r = syscall(NR_close, fd);
    printf("close again: %ld errno==EBADF: %d\n", r, errno == EBADF);
    errno = 0;
    r = syscall(NR_open, "missing/x", O_RDONLY, 0);
    printf("open missing: %ld errno==ENOENT: %d\n", r, errno == ENOENT);
    printf("mkdir: %ld\n", (long)syscall(NR_mkdir, "dir", 0755));
    errno = 0;
    r = syscall(NR_mkdir, "dir", 0755);
    printf("mkdir again: %ld errno==EEXIST: %d\n", r, errno == EEXIST);
    long old = syscall(NR_umask, 022);
    printf("umask round trip: %d\n", syscall(NR_umask, old) == 022);

    signal(SIGUSR1, on_usr1);
    printf("kill self: %ld\n", (long)syscall(NR_kill, getpid(), SIGUSR1, 0));
    printf("got SIGUSR1: %d\n", got == SIGUSR1);
    errno = 0;
    r = syscall(NR_kill, getpid(), 1000, 0);
    printf("kill bad signal: %ld errno==EINVAL: %d\n", r, errno == EINVAL);

    struct tms a, b;
    clock_t c0 = times(&a);
    volatile double x = 0;
    for (long i = 0; i < 200000000 && (times(&b), b.tms_utime + b.tms_stime - a.tms_utime - a.tms_stime) < 5; i++)
        x += i;
    clock_t c1 = times(&b);
    printf("times ok: %d, sizeof(clock_t)=%zu, clk_tck=%ld\n", c0 != (clock_t)-1 && c1 >= c0,
           sizeof(clock_t), sysconf(_SC_CLK_TCK));
    printf("cpu ticks advanced: %d, children zero: %d\n",
           b.tms_utime + b.tms_stime >= a.tms_utime + a.tms_stime + 5,
           b.tms_cutime == 0 && b.tms_cstime == 0);
    return 0;
}
