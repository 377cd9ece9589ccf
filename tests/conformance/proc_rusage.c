// Resource usage from getrusage. RUSAGE_SELF grows with CPU time and memory touched,
// RUSAGE_CHILDREN counts only waited-for children, microseconds stay
// below a second, and an unknown "who" is EINVAL. macOS reports ru_maxrss
// in bytes, Linux in kilobytes (getrusage(2) on each), so the twin scales
// its value to bytes before comparing.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __APPLE__
#define MAXRSS_BYTES(ru) ((long long)(ru).ru_maxrss)
#else
#define MAXRSS_BYTES(ru) ((long long)(ru).ru_maxrss * 1024)
#endif

static long us(struct timeval t) { return t.tv_sec * 1000000L + t.tv_usec; }

// Spins until this process has used `usec` more microseconds of CPU time.
static void burn(long usec) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    long end = us(r.ru_utime) + us(r.ru_stime) + usec;
    volatile unsigned long x = 0;
    do {
        for (int i = 0; i < 100000; i++) x += i;
        getrusage(RUSAGE_SELF, &r);
    } while (us(r.ru_utime) + us(r.ru_stime) < end);
}

static int valid(struct rusage *r) {
    return r->ru_utime.tv_usec >= 0 && r->ru_utime.tv_usec < 1000000 && r->ru_stime.tv_usec >= 0 &&
           r->ru_stime.tv_usec < 1000000 && r->ru_minflt >= 0 && r->ru_nvcsw >= 0;
}

int main(void) {
    struct rusage a, b, c;
    memset(&a, 0xff, sizeof a);
    printf("self: %d\n", getrusage(RUSAGE_SELF, &a));
    burn(80000);
    getrusage(RUSAGE_SELF, &b);
    printf("self valid=%d cpu time grew=%d minflt>0=%d\n", valid(&b),
           us(b.ru_utime) + us(b.ru_stime) >= us(a.ru_utime) + us(a.ru_stime) + 80000, b.ru_minflt > 0);

    size_t big = 64 << 20;
    volatile char *m = malloc(big);
    for (size_t i = 0; i < big; i += 4096) m[i] = 1;
    getrusage(RUSAGE_SELF, &b);
    printf("maxrss covers 64 MiB touched: %d\n", MAXRSS_BYTES(b) >= (long long)big);
    free((void *)m);

    memset(&c, 0xff, sizeof c);
    printf("children before any: %d zero time=%d\n", getrusage(RUSAGE_CHILDREN, &c), us(c.ru_utime) == 0 && us(c.ru_stime) == 0);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        burn(80000);
        _exit(0);
    }
    getrusage(RUSAGE_CHILDREN, &c);
    printf("children before wait: zero time=%d\n", us(c.ru_utime) == 0);
    int st;
    waitpid(p, &st, 0);
    getrusage(RUSAGE_CHILDREN, &c);
    printf("children after wait: valid=%d cpu time>=80ms=%d\n", valid(&c), us(c.ru_utime) + us(c.ru_stime) >= 80000);
    errno = 0;
    printf("who=5: %d EINVAL=%d\n", getrusage(5, &c), errno == EINVAL);
    errno = 0;
    printf("who=-2: %d EINVAL=%d\n", getrusage(-2, &c), errno == EINVAL);
    return 0;
}
