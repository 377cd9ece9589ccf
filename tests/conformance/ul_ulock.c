// darwin-differs: __ulock_wait/__ulock_wake are xnu's private calls (bsd/sys/ulock.h); results as bsd/kern/sys_ulock.c returns them: the count of other waiters, ETIMEDOUT, ENOENT when nobody waits, EINVAL/EDOM/ESRCH for bad operations, -errno with ULF_NO_ERRNO
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach/mach.h>
#define UL_COMPARE_AND_WAIT 1
#define UL_UNFAIR_LOCK 2
#define UL_COMPARE_AND_WAIT_SHARED 3
#define UL_UNFAIR_LOCK64_SHARED 4
#define UL_COMPARE_AND_WAIT64 5
#define ULF_WAKE_ALL 0x100
#define ULF_WAKE_THREAD 0x200
#define ULF_NO_ERRNO 0x01000000
extern int __ulock_wait(uint32_t op, void *addr, uint64_t value, uint32_t timeout_us);
extern int __ulock_wait2(uint32_t op, void *addr, uint64_t value, uint64_t timeout_ns, uint64_t value2);
extern int __ulock_wake(uint32_t op, void *addr, uint64_t wake_value);

static _Alignas(8) volatile uint32_t word;
static _Alignas(8) volatile uint64_t word64;
static _Atomic int ready, finished;
static int results[4];
static mach_port_t ports[4];

static void report(const char *what, int r) {
    int e = errno;
    if (r >= 0) printf("%s: %d\n", what, r);
    else if (r == -1)
        printf("%s: -1 %s\n", what, e == ETIMEDOUT ? "ETIMEDOUT" : e == ENOENT ? "ENOENT" : e == EINVAL ? "EINVAL" : e == EDOM ? "EDOM" : e == ESRCH ? "ESRCH" : e == EALREADY ? "EALREADY" : "other");
    else
        printf("%s: %s\n", what, r == -ETIMEDOUT ? "-ETIMEDOUT" : r == -ENOENT ? "-ENOENT" : r == -EINVAL ? "-EINVAL" : "-other");
}

static void *waiter(void *arg) {
    int i = (int)(intptr_t)arg;
    ports[i] = pthread_mach_thread_np(pthread_self());
    ready++;
    int r;
    do r = __ulock_wait(UL_COMPARE_AND_WAIT, (void *)&word, 0, 0);
    while (r == -1 && errno == EINTR);
    results[i] = r;
    finished++;
    return NULL;
}

static void settle(void) { usleep(100000); }

static void start(pthread_t *t, int n) {
    ready = finished = 0;
    word = 0;
    for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, waiter, (void *)(intptr_t)i);
    while (ready < n) usleep(1000);
    settle();
}

int main(void) {
    word = 5;
    report("wait, value differs", __ulock_wait(UL_COMPARE_AND_WAIT, (void *)&word, 4, 0));
    report("wait, timeout 2ms", __ulock_wait(UL_COMPARE_AND_WAIT, (void *)&word, 5, 2000));
    report("wait, timeout, NO_ERRNO", __ulock_wait(UL_COMPARE_AND_WAIT | ULF_NO_ERRNO, (void *)&word, 5, 2000));
    report("wait2, timeout 2ms", __ulock_wait2(UL_COMPARE_AND_WAIT, (void *)&word, 5, 2000000, 0));
    report("wake, nobody", __ulock_wake(UL_COMPARE_AND_WAIT, (void *)&word, 0));
    report("wake, nobody, NO_ERRNO", __ulock_wake(UL_COMPARE_AND_WAIT | ULF_NO_ERRNO, (void *)&word, 0));
    report("wait, bad opcode", __ulock_wait(99, (void *)&word, 5, 1));
    report("wait, UNFAIR_LOCK64_SHARED", __ulock_wait(UL_UNFAIR_LOCK64_SHARED, (void *)&word, 5, 1));
    report("wait, NULL", __ulock_wait(UL_COMPARE_AND_WAIT, NULL, 0, 1));
    report("wait, misaligned", __ulock_wait(UL_COMPARE_AND_WAIT, (char *)&word + 1, 0, 1));
    report("wait, wake flag", __ulock_wait(UL_COMPARE_AND_WAIT | ULF_WAKE_ALL, (void *)&word, 5, 1));
    report("wait, bad op NO_ERRNO", __ulock_wait(99 | ULF_NO_ERRNO, (void *)&word, 5, 1));
    report("wake, THREAD|ALL", __ulock_wake(UL_COMPARE_AND_WAIT | ULF_WAKE_THREAD | ULF_WAKE_ALL, (void *)&word, 0));
    report("wake, THREAD on unfair", __ulock_wake(UL_UNFAIR_LOCK | ULF_WAKE_THREAD, (void *)&word, 0));
    report("wake, NULL", __ulock_wake(UL_COMPARE_AND_WAIT, NULL, 0));

    /* 64-bit: only the high half differs. */
    word64 = 0x100000000ull;
    report("wait64, high half differs", __ulock_wait(UL_COMPARE_AND_WAIT64, (void *)&word64, 0, 0));
    report("wait64, timeout", __ulock_wait(UL_COMPARE_AND_WAIT64, (void *)&word64, 0x100000000ull, 2000));
    report("wait64, misaligned", __ulock_wait(UL_COMPARE_AND_WAIT64, (char *)&word64 + 4, 0, 1));

    /* Shared form. */
    report("shared wait, timeout", __ulock_wait(UL_COMPARE_AND_WAIT_SHARED, (void *)&word, 5, 2000));
    report("shared wake, nobody", __ulock_wake(UL_COMPARE_AND_WAIT_SHARED, (void *)&word, 0));

    pthread_t t[4];
    /* Wake one of two, then the other. */
    start(t, 2);
    word = 1;
    report("wake one of 2", __ulock_wake(UL_COMPARE_AND_WAIT, (void *)&word, 0));
    settle();
    printf("finished after one wake: %d\n", (int)finished);
    report("wake, mixed opcode", __ulock_wake(UL_UNFAIR_LOCK, (void *)&word, 0));
    report("wait64 on a 32-bit queue", __ulock_wait(UL_COMPARE_AND_WAIT64, (void *)&word, 1, 1000));
    report("wake the other", __ulock_wake(UL_COMPARE_AND_WAIT, (void *)&word, 0));
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("results: %d %d (sum %d)\n", results[0] < 0 ? -1 : 0, results[1] < 0 ? -1 : 0, results[0] + results[1]);

    /* Wake all of three: they leave one by one, seeing 2, 1, 0 others. */
    start(t, 3);
    word = 1;
    report("wake all of 3", __ulock_wake(UL_COMPARE_AND_WAIT | ULF_WAKE_ALL, (void *)&word, 0));
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    printf("results sum: %d, each < 3: %d\n", results[0] + results[1] + results[2],
           results[0] < 3 && results[1] < 3 && results[2] < 3 && results[0] >= 0 && results[1] >= 0 && results[2] >= 0);
    report("wake after all left", __ulock_wake(UL_COMPARE_AND_WAIT, (void *)&word, 0));

    /* Wake a given thread. */
    start(t, 2);
    word = 1;
    report("wake thread, self", __ulock_wake(UL_COMPARE_AND_WAIT | ULF_WAKE_THREAD, (void *)&word, mach_thread_self()));
    report("wake thread 1", __ulock_wake(UL_COMPARE_AND_WAIT | ULF_WAKE_THREAD, (void *)&word, ports[1]));
    pthread_join(t[1], NULL);
    printf("thread 1 done, thread 0 still waiting: %d\n", (int)finished == 1);
    report("wake thread 1 again", __ulock_wake(UL_COMPARE_AND_WAIT | ULF_WAKE_THREAD, (void *)&word, ports[1]));
    report("wake thread 0", __ulock_wake(UL_COMPARE_AND_WAIT | ULF_WAKE_THREAD, (void *)&word, ports[0]));
    pthread_join(t[0], NULL);
    printf("thread results: %d %d\n", results[0], results[1]);
    return 0;
}
#else
int main(void) {
    puts("__ulock_wait is macOS-only");
    return 0;
}
#endif
