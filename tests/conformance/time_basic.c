// Clocks and sleeping; only booleans are printed.
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static double ts(struct timespec t) { return (double)t.tv_sec + t.tv_nsec / 1e9; }

int main(void) {
    time_t now = time(NULL);
    printf("time() > 1e9: %d\n", now > 1000000000);
    time_t t2 = 0;
    time_t t1 = time(&t2);
    printf("time(&t) stores: %d\n", t1 == t2);

    struct timespec a, b, r;
    printf("clock_gettime(MONOTONIC) ok: %d\n", clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    int increasing = 1;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ts(b) < ts(a))
            increasing = 0;
        a = b;
    }
    printf("monotonic never goes back: %d\n", increasing);
    clock_gettime(CLOCK_REALTIME, &r);
    printf("realtime close to time(): %d\n", r.tv_sec - now >= 0 && r.tv_sec - now < 5);
    printf("tv_nsec in range: %d\n", r.tv_nsec >= 0 && r.tv_nsec < 1000000000);

    struct timeval tv;
    int rc = gettimeofday(&tv, NULL);
    printf("gettimeofday ok: %d, close: %d, usec in range: %d\n", rc == 0, tv.tv_sec - now >= 0 && tv.tv_sec - now < 5,
           tv.tv_usec >= 0 && tv.tv_usec < 1000000);

    struct timespec req = {0, 10 * 1000 * 1000}, before, after;
    clock_gettime(CLOCK_MONOTONIC, &before);
    rc = nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    double ms = (ts(after) - ts(before)) * 1000;
    printf("nanosleep(10ms) rc=%d slept >= 9ms: %d, < 2s: %d\n", rc, ms >= 9.0, ms < 2000.0);

    clock_t c = clock();
    volatile double x = 0;
    for (int i = 0; i < 1000000; i++)
        x += i;
    printf("clock() advances: %d\n", clock() >= c);
    return 0;
}
