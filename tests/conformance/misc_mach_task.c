// Task and thread usage: on macOS task_info (MACH_TASK_BASIC_INFO,
// TASK_BASIC_INFO_64, TASK_THREAD_TIMES_INFO, TASK_VM_INFO) and thread_info
// (THREAD_BASIC_INFO); on Linux /proc/self/statm and getrusage. Printed:
// facts true on both (growth after touching memory, CPU time after a spin).
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach/mach.h>
#else
#include <sys/mman.h>
#endif

struct usage {
    unsigned long long virt, res, footprint;
    double user, sys, thread_user;
    int policy_ok, running, usage_ok;
};

static void measure(struct usage *u) {
#ifdef __APPLE__
    mach_task_basic_info_data_t b;
    mach_msg_type_number_t n = MACH_TASK_BASIC_INFO_COUNT;
    if (task_info(mach_task_self(), MACH_TASK_BASIC_INFO, (task_info_t)&b, &n) != KERN_SUCCESS) abort();
    u->virt = b.virtual_size;
    u->res = b.resident_size;
    u->user = b.user_time.seconds + b.user_time.microseconds / 1e6;
    u->policy_ok = b.policy == POLICY_TIMESHARE && b.suspend_count == 0 &&
                   b.resident_size_max >= b.resident_size;
    task_basic_info_64_data_t b64;
    n = TASK_BASIC_INFO_64_COUNT;
    if (task_info(mach_task_self(), TASK_BASIC_INFO_64, (task_info_t)&b64, &n) != KERN_SUCCESS) abort();
    u->policy_ok &= b64.virtual_size > 0 && b64.resident_size > 0;
    task_thread_times_info_data_t tt;
    n = TASK_THREAD_TIMES_INFO_COUNT;
    if (task_info(mach_task_self(), TASK_THREAD_TIMES_INFO, (task_info_t)&tt, &n) != KERN_SUCCESS) abort();
    u->sys = tt.system_time.seconds + tt.system_time.microseconds / 1e6;
    task_vm_info_data_t vm;
    n = TASK_VM_INFO_COUNT;
    if (task_info(mach_task_self(), TASK_VM_INFO, (task_info_t)&vm, &n) != KERN_SUCCESS) abort();
    u->footprint = vm.phys_footprint;
    u->policy_ok &= vm.page_size == getpagesize() && vm.virtual_size >= vm.resident_size;
    thread_basic_info_data_t tb;
    n = THREAD_BASIC_INFO_COUNT;
    mach_port_t me = mach_thread_self();
    if (thread_info(me, THREAD_BASIC_INFO, (thread_info_t)&tb, &n) != KERN_SUCCESS) abort();
    mach_port_deallocate(mach_task_self(), me);
    u->thread_user = tb.user_time.seconds + tb.user_time.microseconds / 1e6;
    u->running = tb.run_state == TH_STATE_RUNNING;
    u->usage_ok = tb.cpu_usage >= 0 && tb.cpu_usage <= TH_USAGE_SCALE;
#else
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long v, r, s;
    if (fscanf(f, "%llu %llu %llu", &v, &r, &s) != 3) abort();
    fclose(f);
    u->virt = v * getpagesize();
    u->res = r * getpagesize();
    u->footprint = (r - s) * getpagesize();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    u->user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    u->sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    getrusage(RUSAGE_THREAD, &ru);
    u->thread_user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    u->policy_ok = u->running = u->usage_ok = 1;
#endif
}

static volatile unsigned long sink;

int main(void) {
    struct usage a, b;
    measure(&a);
    size_t len = 64u << 20;
    char *p = malloc(len);
    volatile char *vp = p;
    for (size_t i = 0; i < len; i += 4096) vp[i] = 1;
    /* Spin until 0.2 s of CPU time has been used. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    do {
        for (int i = 0; i < 100000; i++) sink += i;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    } while ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec) < 2e8);
    measure(&b);
    printf("resident > 0: %d\n", a.res > 0);
    printf("virtual >= resident: %d\n", b.virt >= b.res);
    printf("resident grew by >= 60 MiB: %d\n", b.res - a.res >= (60ull << 20));
    printf("footprint grew by >= 60 MiB: %d\n", b.footprint - a.footprint >= (60ull << 20));
    printf("user time grew >= 0.1 s: %d\n", b.user - a.user >= 0.1);
    printf("thread user time grew >= 0.1 s: %d\n", b.thread_user - a.thread_user >= 0.1);
    printf("system time >= 0: %d\n", b.sys >= 0);
    printf("policy/suspend/layout: %d\n", b.policy_ok);
    printf("running: %d usage in range: %d\n", b.running, b.usage_ok);
#ifdef __APPLE__
    mach_task_basic_info_data_t x;
    mach_msg_type_number_t n = MACH_TASK_BASIC_INFO_COUNT;
    printf("bad flavor: %d\n", task_info(mach_task_self(), 9999, (task_info_t)&x, &n) != KERN_SUCCESS);
    n = 1;
    printf("short count: %d\n", task_info(mach_task_self(), MACH_TASK_BASIC_INFO, (task_info_t)&x, &n) != KERN_SUCCESS);
#else
    printf("bad flavor: 1\nshort count: 1\n");
#endif
    free(p);
    return 0;
}
