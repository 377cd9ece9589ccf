// Thread attributes and identity: detach state, stack size (minimum and
// page multiple), a caller-provided stack (pthread_attr_setstack) that
// the thread really runs on, guard size, scope (PROCESS unsupported),
// inherit-sched and policy; pthread_self/equal, thread ids, names, the
// main-thread test and the running thread's stack bounds. The darwin-only
// *_np calls have Linux spellings below.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifndef __APPLE__
#include <sys/syscall.h>
#endif

static int is_main(void) {
#ifdef __APPLE__
    return pthread_main_np();
#else
    return syscall(SYS_gettid) == getpid();
#endif
}

static uint64_t thread_id(void) {
#ifdef __APPLE__
    uint64_t id = 0;
    pthread_threadid_np(NULL, &id);
    return id;
#else
    return syscall(SYS_gettid);
#endif
}

static void set_name(const char *n) {
#ifdef __APPLE__
    pthread_setname_np(n);
#else
    pthread_setname_np(pthread_self(), n);
#endif
}

/* The running thread's stack: [lo, hi). */
static void stack_of(pthread_t t, uintptr_t *lo, uintptr_t *hi) {
#ifdef __APPLE__
    *hi = (uintptr_t)pthread_get_stackaddr_np(t);
    *lo = *hi - pthread_get_stacksize_np(t);
#else
    pthread_attr_t a;
    void *addr;
    size_t size;
    pthread_getattr_np(t, &a);
    pthread_attr_getstack(&a, &addr, &size);
    pthread_attr_destroy(&a);
    *lo = (uintptr_t)addr;
    *hi = *lo + size;
#endif
}

static char *my_stack;
static size_t my_stack_size = 256 * 1024;
static pthread_t main_thread;

static void *probe(void *arg) {
    char here;
    uintptr_t lo, hi;
    stack_of(pthread_self(), &lo, &hi);
    int in_reported = (uintptr_t)&here >= lo && (uintptr_t)&here < hi;
    int in_mine = (uintptr_t)&here >= (uintptr_t)my_stack &&
                  (uintptr_t)&here < (uintptr_t)my_stack + my_stack_size;
    set_name("worker-thread");
    char name[64] = "";
    pthread_getname_np(pthread_self(), name, sizeof name);
    printf("[%s] in reported stack %d, on own stack %d, main %d, equal main %d, id differs %d, name %s\n",
           (char *)arg, in_reported, in_mine, is_main(), pthread_equal(pthread_self(), main_thread),
           thread_id() != *(uint64_t *)((char *)arg + 16), name);
    fflush(stdout);
    return NULL;
}

int main(void) {
    main_thread = pthread_self();
    pthread_attr_t a;
    int v;
    size_t sz;
    printf("init: %d\n", pthread_attr_init(&a));
    pthread_attr_getdetachstate(&a, &v);
    printf("default joinable: %d\n", v == PTHREAD_CREATE_JOINABLE);
    printf("setdetachstate bad: %d\n", pthread_attr_setdetachstate(&a, 99) == EINVAL);
    pthread_attr_getscope(&a, &v);
    printf("default scope SYSTEM: %d\n", v == PTHREAD_SCOPE_SYSTEM);
    printf("scope PROCESS ENOTSUP: %d\n", pthread_attr_setscope(&a, PTHREAD_SCOPE_PROCESS) == ENOTSUP);
    pthread_attr_getinheritsched(&a, &v);
    printf("default inheritsched INHERIT: %d\n", v == PTHREAD_INHERIT_SCHED);
    printf("set EXPLICIT: %d\n", pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED));
    pthread_attr_getinheritsched(&a, &v);
    printf("now EXPLICIT: %d\n", v == PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setinheritsched(&a, PTHREAD_INHERIT_SCHED);
    pthread_attr_getschedpolicy(&a, &v);
    printf("default policy OTHER: %d\n", v == SCHED_OTHER);
    printf("set policy RR: %d\n", pthread_attr_setschedpolicy(&a, SCHED_RR));
    pthread_attr_getschedpolicy(&a, &v);
    printf("now RR: %d\n", v == SCHED_RR);
    pthread_attr_setschedpolicy(&a, SCHED_OTHER);

    printf("stacksize 1 MiB: %d\n", pthread_attr_setstacksize(&a, 1 << 20));
    pthread_attr_getstacksize(&a, &sz);
    printf("stacksize back: %zu\n", sz);
    printf("stacksize too small EINVAL: %d\n", pthread_attr_setstacksize(&a, 100) == EINVAL);
    printf("guardsize 8192: %d\n", pthread_attr_setguardsize(&a, 8192));
    pthread_attr_getguardsize(&a, &sz);
    printf("guardsize back: %zu\n", sz);

    uint64_t main_id = thread_id();
    char arg1[24] = "default";
    memcpy(arg1 + 16, &main_id, 8);
    pthread_t t;
    pthread_create(&t, &a, probe, arg1);
    pthread_join(t, NULL);

    my_stack = aligned_alloc(4096, my_stack_size);
    void *got_addr;
    printf("setstack: %d\n", pthread_attr_setstack(&a, my_stack, my_stack_size));
    pthread_attr_getstack(&a, &got_addr, &sz);
    printf("getstack: addr same %d, size %zu\n", got_addr == my_stack, sz);
    char arg2[24] = "own stack";
    memcpy(arg2 + 16, &main_id, 8);
    pthread_create(&t, &a, probe, arg2);
    pthread_join(t, NULL);
    pthread_attr_destroy(&a);

    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_attr_getdetachstate(&a, &v);
    printf("detached: %d\n", v == PTHREAD_CREATE_DETACHED);
    char arg3[24] = "detached";
    memcpy(arg3 + 16, &main_id, 8);
    pthread_create(&t, &a, probe, arg3);
    usleep(200000);
    pthread_attr_destroy(&a);

    uintptr_t lo, hi;
    char here;
    stack_of(pthread_self(), &lo, &hi);
    printf("main: is main %d, in reported stack %d, stack >= 1 MiB %d\n", is_main(),
           (uintptr_t)&here >= lo && (uintptr_t)&here < hi, hi - lo >= (1 << 20));
    printf("equal self %d, sched_yield %d\n", pthread_equal(pthread_self(), main_thread), sched_yield());
    set_name("main-renamed");
    char name[64] = "";
    printf("getname: %d %s\n", pthread_getname_np(pthread_self(), name, sizeof name), name);
    return 0;
}
