// Mach clock services and thread policies, as Haskell programs (pandoc's
// `clock` package, GHC's RTS) use them.
// darwin-differs: <mach/clock.h>, <mach/mach_host.h> (host_get_clock_service, clock_get_time; SYSTEM_CLOCK counts from boot, CALENDAR_CLOCK from the epoch, <mach/clock_types.h>) and <mach/thread_policy.h> (thread_policy_set flavors and their _COUNTs) exist only on macOS; the Linux twin prints one line.
#include <stdio.h>
#include <time.h>
#ifdef __APPLE__
#include <mach/mach.h>
#include <mach/clock.h>
#include <pthread.h>

static void* other(void* arg) {
    (void)arg;
    thread_affinity_policy_data_t aff = {1};
    printf("another thread: affinity %d\n",
           thread_policy_set(mach_thread_self(), THREAD_AFFINITY_POLICY, (thread_policy_t)&aff, 1));
    return NULL;
}

int main(void) {
    clock_serv_t sys, cal, sys2;
    printf("system clock: %d\n", host_get_clock_service(mach_host_self(), SYSTEM_CLOCK, &sys));
    printf("calendar clock: %d\n", host_get_clock_service(mach_host_self(), CALENDAR_CLOCK, &cal));
    printf("realtime = system: %d\n",
           host_get_clock_service(mach_host_self(), REALTIME_CLOCK, &sys2) == 0 && sys2 == sys);
    printf("clock 7: %d\n", host_get_clock_service(mach_host_self(), 7, &sys2));
    printf("not the host: %d\n", host_get_clock_service(mach_task_self(), SYSTEM_CLOCK, &sys2));

    mach_timespec_t a, b, c;
    struct timespec mono, real;
    int rc = clock_get_time(sys, &a);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    struct timespec ten_ms = {0, 10000000};
    nanosleep(&ten_ms, NULL);
    rc |= clock_get_time(sys, &b);
    rc |= clock_get_time(cal, &c);
    clock_gettime(CLOCK_REALTIME, &real);
    long long ns = (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("clock_get_time rc %d, nsec in range %d, system advances 10 ms: %d\n", rc,
           a.tv_nsec >= 0 && a.tv_nsec < 1000000000 && c.tv_nsec >= 0 && c.tv_nsec < 1000000000,
           ns >= 9000000 && ns < 2000000000LL);
    printf("system clock near CLOCK_MONOTONIC: %d\n", (long long)a.tv_sec - (long long)mono.tv_sec <= 1 &&
                                                          (long long)mono.tv_sec - (long long)a.tv_sec <= 1);
    printf("calendar clock near CLOCK_REALTIME: %d\n",
           (long long)real.tv_sec - (long long)c.tv_sec <= 1 && (long long)c.tv_sec - (long long)real.tv_sec <= 1);
    printf("a name that is no clock fails: %d\n", clock_get_time(mach_task_self(), &a) != 0);
    printf("deallocate: %d %d\n", mach_port_deallocate(mach_task_self(), sys),
           mach_port_deallocate(mach_task_self(), cal));

    thread_t me = mach_thread_self();
    thread_extended_policy_data_t ext = {0};
    thread_precedence_policy_data_t prec = {10};
    // 5 ms of computation within 10 ms (in Mach time units, nanoseconds on
    // Intel): inside xnu's real-time quantum bounds.
    thread_time_constraint_policy_data_t tc = {0, 5000000, 10000000, 1};
    thread_time_constraint_policy_data_t tc_bad = {0, 5000000, 1000000, 1};
    thread_affinity_policy_data_t aff = {2};
    printf("extended %d, precedence %d, time constraint %d, affinity %d, standard %d\n",
           thread_policy_set(me, THREAD_EXTENDED_POLICY, (thread_policy_t)&ext, THREAD_EXTENDED_POLICY_COUNT),
           thread_policy_set(me, THREAD_PRECEDENCE_POLICY, (thread_policy_t)&prec, THREAD_PRECEDENCE_POLICY_COUNT),
           thread_policy_set(me, THREAD_TIME_CONSTRAINT_POLICY, (thread_policy_t)&tc,
                             THREAD_TIME_CONSTRAINT_POLICY_COUNT),
           thread_policy_set(me, THREAD_AFFINITY_POLICY, (thread_policy_t)&aff, THREAD_AFFINITY_POLICY_COUNT),
           thread_policy_set(me, THREAD_STANDARD_POLICY, NULL, 0));
    printf("short count %d, constraint below computation %d, unknown flavor %d, task port %d\n",
           thread_policy_set(me, THREAD_TIME_CONSTRAINT_POLICY, (thread_policy_t)&tc, 2),
           thread_policy_set(me, THREAD_TIME_CONSTRAINT_POLICY, (thread_policy_t)&tc_bad,
                             THREAD_TIME_CONSTRAINT_POLICY_COUNT),
           thread_policy_set(me, 42, (thread_policy_t)&aff, 1),
           thread_policy_set(mach_task_self(), THREAD_AFFINITY_POLICY, (thread_policy_t)&aff, 1));
    pthread_t t;
    pthread_create(&t, NULL, other, NULL);
    pthread_join(t, NULL);
    return 0;
}
#else
int main(void) {
    puts("no Mach clocks on this system");
    return 0;
}
#endif
