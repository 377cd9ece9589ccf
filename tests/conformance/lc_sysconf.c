// Note: sysconf, confstr, pathconf and fpathconf answers on which macOS and
// glibc agree (or that come from the same host facts), and their errors.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void) {
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("PAGESIZE==getpagesize: %d\n", sysconf(_SC_PAGESIZE) == getpagesize());
    printf("PAGE_SIZE==PAGESIZE: %d\n", sysconf(_SC_PAGE_SIZE) == sysconf(_SC_PAGESIZE));
    printf("OPEN_MAX==RLIMIT_NOFILE: %d\n", sysconf(_SC_OPEN_MAX) == (long)rl.rlim_cur);
    printf("getdtablesize==RLIMIT_NOFILE: %d\n", getdtablesize() == (int)rl.rlim_cur);
    getrlimit(RLIMIT_NPROC, &rl);
    long child = sysconf(_SC_CHILD_MAX);
    printf("CHILD_MAX==RLIMIT_NPROC: %d\n",
           rl.rlim_cur == RLIM_INFINITY ? child == -1 : child == (long)rl.rlim_cur);
    printf("CLK_TCK=%ld LINE_MAX=%ld EXPR_NEST_MAX=%ld\n", sysconf(_SC_CLK_TCK),
           sysconf(_SC_LINE_MAX), sysconf(_SC_EXPR_NEST_MAX));
    printf("BC: %ld %ld %ld %ld\n", sysconf(_SC_BC_BASE_MAX), sysconf(_SC_BC_DIM_MAX),
           sysconf(_SC_BC_SCALE_MAX), sysconf(_SC_BC_STRING_MAX));
    printf("IOV_MAX=%ld DESTRUCTOR_ITERATIONS=%ld\n", sysconf(_SC_IOV_MAX),
           sysconf(_SC_THREAD_DESTRUCTOR_ITERATIONS));
    long on = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
    printf("cpus: online>=1 %d conf>=online %d\n", on >= 1, conf >= on);
    printf("PHYS_PAGES>0: %d\n", sysconf(_SC_PHYS_PAGES) > 0);
    printf("THREADS>0: %d SAVED_IDS>0: %d\n", sysconf(_SC_THREADS) > 0, sysconf(_SC_SAVED_IDS) > 0);
    errno = 0;
    printf("bad name: %ld EINVAL=%d\n", sysconf(-5), errno == EINVAL);

    char buf[256];
    size_t n = confstr(_CS_PATH, NULL, 0);
    printf("confstr PATH len>1: %d\n", n > 1);
    size_t m = confstr(_CS_PATH, buf, sizeof buf);
    printf("same length: %d strlen+1: %d has /bin: %d\n", n == m, strlen(buf) + 1 == m,
           strstr(buf, "/bin") != NULL);
    m = confstr(_CS_PATH, buf, 4);
    printf("cut: len %zu still %d\n", strlen(buf), m == n);
    errno = 0;
    printf("confstr bad: %zu EINVAL=%d\n", confstr(999999, buf, sizeof buf), errno == EINVAL);

    printf("NAME_MAX .: %ld\n", pathconf(".", _PC_NAME_MAX));
    long pm = pathconf(".", _PC_PATH_MAX);
    printf("PATH_MAX . >= 1024: %d\n", pm >= 1024);
    printf("NO_TRUNC . > 0: %d CHOWN_RESTRICTED>0: %d\n", pathconf(".", _PC_NO_TRUNC) > 0,
           pathconf(".", _PC_CHOWN_RESTRICTED) > 0);
    int p[2];
    pipe(p);
    long pb = fpathconf(p[0], _PC_PIPE_BUF);
    printf("PIPE_BUF >= 512: %d\n", pb >= 512);
    errno = 0;
    printf("missing: %ld ENOENT=%d\n", pathconf("no/such/file", _PC_NAME_MAX), errno == ENOENT);
    errno = 0;
    printf("bad fd: %ld EBADF=%d\n", fpathconf(999, _PC_NAME_MAX), errno == EBADF);
    errno = 0;
    printf("bad name: %ld EINVAL=%d\n", pathconf(".", 12345), errno == EINVAL);
    return 0;
}
