// Mach absolute time and the darwin-only clocks of <time.h>.
// darwin-differs: the Mach time API exists only on macOS (<mach/mach_time.h>: mach_absolute_time, mach_continuous_time, mach_timebase_info; <time.h>: CLOCK_UPTIME_RAW, CLOCK_MONOTONIC_RAW, clock_gettime_nsec_np), so the Linux twin has nothing to run and prints one line.
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#ifdef __APPLE__
#include <mach/mach_time.h>

int main(void) {
    mach_timebase_info_data_t tb = {0, 0};
    printf("timebase rc=%d numer>0=%d denom>0=%d\n", mach_timebase_info(&tb), tb.numer > 0, tb.denom > 0);
    uint64_t a = mach_absolute_time(), c = mach_continuous_time(), ap = mach_approximate_time();
    int mono = 1;
    for (int i = 0; i < 10000; i++) {
        uint64_t b = mach_absolute_time();
        if (b < a)
            mono = 0;
        a = b;
    }
    uint64_t abs_now = mach_absolute_time();
    uint64_t cont_now = mach_continuous_time(); // also counts time asleep
    printf("absolute never goes back: %d, continuous >= absolute: %d, approximate > 0: %d\n", mono,
           cont_now >= abs_now && cont_now >= c, ap > 0);

    // 10 ms by the Mach clock, measured in nanoseconds with the timebase.
    uint64_t t0 = mach_absolute_time();
    struct timespec req = {0, 10000000};
    nanosleep(&req, NULL);
    uint64_t elapsed_ns = (mach_absolute_time() - t0) * tb.numer / tb.denom;
    printf("nanosleep(10ms) by mach time: >=9ms %d, <2s %d\n", elapsed_ns >= 9000000, elapsed_ns < 2000000000ULL);
    uint64_t deadline = mach_absolute_time() + 5000000ULL * tb.denom / tb.numer;
    printf("mach_wait_until rc=%d reached=%d\n", mach_wait_until(deadline), mach_absolute_time() >= deadline);

    const clockid_t ids[] = {CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_RAW_APPROX, CLOCK_UPTIME_RAW,
                             CLOCK_UPTIME_RAW_APPROX};
    const char *names[] = {"MONOTONIC_RAW", "MONOTONIC_RAW_APPROX", "UPTIME_RAW", "UPTIME_RAW_APPROX"};
    for (int i = 0; i < 4; i++) {
        struct timespec ts;
        uint64_t n1 = clock_gettime_nsec_np(ids[i]);
        int ok = clock_gettime(ids[i], &ts) == 0;
        uint64_t n2 = clock_gettime_nsec_np(ids[i]);
        printf("%s: ok=%d nsec_np>0=%d ordered=%d\n", names[i], ok, n1 > 0, n2 >= n1);
    }
    return 0;
}
#else
int main(void) {
    puts("no Mach time on this system");
    return 0;
}
#endif
