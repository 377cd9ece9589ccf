// The POSIX clocks (darwin numbers them differently from Linux), their
// resolutions, gettimeofday's 32-bit tv_usec on macOS, and sleeping.
// Only booleans are printed.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static void check(const char *name, clockid_t id) {
    struct timespec a, b, res;
    int ok = clock_gettime(id, &a) == 0;
    int mono = 1, valid = a.tv_nsec >= 0 && a.tv_nsec < 1000000000;
    for (int i = 0; i < 2000; i++) {
        clock_gettime(id, &b);
        if (ns(b) < ns(a))
            mono = 0;
        if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000)
            valid = 0;
        a = b;
    }
    int res_ok = clock_getres(id, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000;
    printf("%s: ok=%d never_back=%d nsec_valid=%d res_ok=%d\n", name, ok, mono, valid, res_ok);
}

int main(void) {
    check("CLOCK_REALTIME", CLOCK_REALTIME);
    check("CLOCK_MONOTONIC", CLOCK_MONOTONIC);
    check("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID);
    check("CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID);

    struct timespec bad;
    errno = 0;
    printf("bad clock: rc=%d einval=%d\n", clock_gettime((clockid_t)12345, &bad), errno == EINVAL);

    // CPU clocks advance with work, not with sleeping.
    struct timespec c0, c1, m0, m1, r0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    volatile double x = 0;
    for (int i = 0; i < 3000000; i++)
        x += i * 0.5;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("cpu clock advances with work: %d\n", ns(c1) > ns(c0));

    clock_gettime(CLOCK_MONOTONIC, &m0);
    clock_gettime(CLOCK_REALTIME, &r0);
    usleep(20000);
    clock_gettime(CLOCK_MONOTONIC, &m1);
    long long slept = ns(m1) - ns(m0);
    printf("usleep(20ms): >=19ms %d, <2s %d\n", slept >= 19000000, slept < 2000000000LL);

    // tv_usec is an int on macOS, a long on Linux: check through the struct.
    struct timeval tv;
    memset(&tv, 0xff, sizeof tv);
    int rc = gettimeofday(&tv, NULL);
    printf("gettimeofday rc=%d usec_range=%d close_to_realtime=%d\n", rc, tv.tv_usec >= 0 && tv.tv_usec < 1000000,
           tv.tv_sec - r0.tv_sec >= 0 && tv.tv_sec - r0.tv_sec < 5);
    struct timezone tz;
    printf("gettimeofday with tz rc=%d\n", gettimeofday(&tv, &tz));

    struct timespec req = {0, 5000000}, rem = {7, 7};
    printf("nanosleep rc=%d\n", nanosleep(&req, &rem));
    req.tv_nsec = 2000000000L; // invalid
    errno = 0;
    printf("nanosleep(bad) rc=%d einval=%d\n", nanosleep(&req, NULL), errno == EINVAL);
    printf("sleep(0)=%u\n", sleep(0));
    return 0;
}
