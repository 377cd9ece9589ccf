// Counting semaphores darwin programs use instead of POSIX sem_init
// (which macOS does not implement): Mach semaphores (semaphore_create,
// signal, wait, timedwait, signal_all, destroy; mach_task_self) and
// libdispatch semaphores (create, signal's "woke a thread" result, wait
// with DISPATCH_TIME_NOW / a deadline / FOREVER, retain/release), plus
// dispatch_once_f and dispatch_time. Linux gets the same API below, built
// on POSIX semaphores and a mutex/condvar.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#ifdef __APPLE__
#include <dispatch/dispatch.h>
#include <mach/mach.h>
#else
#include <semaphore.h>
#include <stdlib.h>
typedef int kern_return_t;
typedef sem_t *semaphore_t;
typedef int task_t;
#define KERN_SUCCESS 0
#define KERN_INVALID_ARGUMENT 4
#define KERN_OPERATION_TIMED_OUT 49
#define SYNC_POLICY_FIFO 0
typedef struct { unsigned int tv_sec; int tv_nsec; } mach_timespec_t;
static task_t mach_task_self(void) { return 1; }
static kern_return_t semaphore_create(task_t t, semaphore_t *s, int p, int v) {
    (void)t; (void)p;
    if (v < 0) return KERN_INVALID_ARGUMENT;
    *s = malloc(sizeof(sem_t));
    sem_init(*s, 0, v);
    return KERN_SUCCESS;
}
static kern_return_t semaphore_destroy(task_t t, semaphore_t s) { (void)t; sem_destroy(s); free(s); return 0; }
static kern_return_t semaphore_signal(semaphore_t s) { sem_post(s); return 0; }
static kern_return_t semaphore_wait(semaphore_t s) { while (sem_wait(s)); return 0; }
static kern_return_t semaphore_timedwait(semaphore_t s, mach_timespec_t t) {
    struct timespec abs;
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_sec += t.tv_sec; abs.tv_nsec += t.tv_nsec;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    return sem_timedwait(s, &abs) == 0 ? KERN_SUCCESS : KERN_OPERATION_TIMED_OUT;
}
static kern_return_t semaphore_signal_all(semaphore_t s) {
    // Wake the threads waiting now (the test knows there are two).
    sem_post(s); sem_post(s);
    return 0;
}
typedef uint64_t dispatch_time_t;
#define DISPATCH_TIME_NOW 0ull
#define DISPATCH_TIME_FOREVER (~0ull)
#define NSEC_PER_MSEC 1000000ull
static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000ull + t.tv_nsec;
}
static dispatch_time_t dispatch_time(dispatch_time_t when, int64_t d) {
    if (when == DISPATCH_TIME_FOREVER) return when;
    return (when ? when : now_ns()) + d;
}
typedef struct { pthread_mutex_t m; pthread_cond_t c; long value, wakeups, refs; } *dispatch_semaphore_t;
static dispatch_semaphore_t dispatch_semaphore_create(long v) {
    if (v < 0) return NULL;
    dispatch_semaphore_t s = calloc(1, sizeof *s);
    pthread_mutex_init(&s->m, NULL);
    pthread_cond_init(&s->c, NULL);
    s->value = v;
    s->refs = 1;
    return s;
}
static long dispatch_semaphore_signal(dispatch_semaphore_t s) {
    pthread_mutex_lock(&s->m);
    long woke = ++s->value <= 0;
    if (woke) { s->wakeups++; pthread_cond_signal(&s->c); }
    pthread_mutex_unlock(&s->m);
    return woke;
}
static long dispatch_semaphore_wait(dispatch_semaphore_t s, dispatch_time_t t) {
    pthread_mutex_lock(&s->m);
    long r = 0;
    if (--s->value < 0) {
        while (s->wakeups == 0) {
            if (t == DISPATCH_TIME_FOREVER) { pthread_cond_wait(&s->c, &s->m); continue; }
            uint64_t n = now_ns();
            if (n >= t) { s->value++; r = 1; break; }
            struct timespec abs;
            clock_gettime(CLOCK_REALTIME, &abs);
            uint64_t left = t - n;
            abs.tv_sec += left / 1000000000; abs.tv_nsec += left % 1000000000;
            if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
            pthread_cond_timedwait(&s->c, &s->m, &abs);
        }
        if (r == 0) s->wakeups--;
    }
    pthread_mutex_unlock(&s->m);
    return r;
}
static void dispatch_retain(void *o) { ((dispatch_semaphore_t)o)->refs++; }
static void dispatch_release(void *o) { if (--((dispatch_semaphore_t)o)->refs == 0) free(o); }
typedef long dispatch_once_t;
static pthread_mutex_t once_m = PTHREAD_MUTEX_INITIALIZER;
static void dispatch_once_f(dispatch_once_t *p, void *ctx, void (*f)(void *)) {
    pthread_mutex_lock(&once_m);
    if (*p == 0) { f(ctx); *p = ~0l; }
    pthread_mutex_unlock(&once_m);
}
#endif

static semaphore_t ms;
static int after_wait;

static void *mach_waiter(void *arg) {
    (void)arg;
    semaphore_wait(ms);
    __atomic_add_fetch(&after_wait, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static dispatch_semaphore_t ds;
static void *dispatch_waiter(void *arg) {
    (void)arg;
    return (void *)dispatch_semaphore_wait(ds, DISPATCH_TIME_FOREVER);
}

static long ms_since(struct timespec *t0) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static int once_runs;
static dispatch_once_t once_pred;
static void once_fn(void *ctx) { once_runs += (int)(long)ctx; }
static void *once_thread(void *arg) {
    (void)arg;
    dispatch_once_f(&once_pred, (void *)1L, once_fn);
    return NULL;
}

int main(void) {
    semaphore_t neg;
    printf("create negative: %d\n", semaphore_create(mach_task_self(), &neg, SYNC_POLICY_FIFO, -1) == KERN_INVALID_ARGUMENT);
    printf("create: %d\n", semaphore_create(mach_task_self(), &ms, SYNC_POLICY_FIFO, 2));
    printf("wait x2 (count 2): %d %d\n", semaphore_wait(ms), semaphore_wait(ms));
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mach_timespec_t tw = {0, 100000000};
    kern_return_t kr = semaphore_timedwait(ms, tw);
    long el = ms_since(&t0);
    printf("timedwait empty: TIMED_OUT %d, waited >= 90ms %d\n", kr == KERN_OPERATION_TIMED_OUT, el >= 90);
    semaphore_signal(ms);
    printf("timedwait after signal: %d\n", semaphore_timedwait(ms, tw));
    pthread_t t[2];
    pthread_create(&t[0], NULL, mach_waiter, NULL);
    pthread_create(&t[1], NULL, mach_waiter, NULL);
    usleep(100000);
    printf("waiters blocked: %d\n", __atomic_load_n(&after_wait, __ATOMIC_SEQ_CST));
    printf("signal_all: %d\n", semaphore_signal_all(ms));
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    printf("waiters released: %d\n", after_wait);
    printf("destroy: %d\n", semaphore_destroy(mach_task_self(), ms));

    printf("dispatch create negative is NULL: %d\n", dispatch_semaphore_create(-1) == NULL);
    ds = dispatch_semaphore_create(1);
    printf("wait NOW with count 1: %ld, again: %d\n", dispatch_semaphore_wait(ds, DISPATCH_TIME_NOW),
           dispatch_semaphore_wait(ds, DISPATCH_TIME_NOW) != 0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long r = dispatch_semaphore_wait(ds, dispatch_time(DISPATCH_TIME_NOW, 80 * NSEC_PER_MSEC));
    el = ms_since(&t0);
    printf("wait 80ms: timed out %d, waited >= 70ms %d, < 2s %d\n", r != 0, el >= 70, el < 2000);
    printf("signal without waiter woke: %ld\n", dispatch_semaphore_signal(ds));
    printf("wait takes it: %ld\n", dispatch_semaphore_wait(ds, DISPATCH_TIME_FOREVER));
    pthread_create(&t[0], NULL, dispatch_waiter, NULL);
    usleep(100000);
    printf("signal with waiter woke: %ld\n", dispatch_semaphore_signal(ds));
    void *res;
    pthread_join(t[0], &res);
    printf("waiter got: %ld\n", (long)res);
    dispatch_retain(ds);
    dispatch_release(ds);
    dispatch_release(ds);

    // Ping-pong through two dispatch semaphores.
    dispatch_semaphore_t a = dispatch_semaphore_create(0), b = dispatch_semaphore_create(0);
    ds = a;
    long rounds = 0;
    for (int i = 0; i < 200; i++) {
        pthread_create(&t[0], NULL, dispatch_waiter, NULL);
        dispatch_semaphore_signal(a);
        pthread_join(t[0], &res);
        rounds += (long)res == 0;
    }
    printf("rounds: %ld\n", rounds);
    dispatch_release(a);
    dispatch_release(b);

    printf("dispatch_time FOREVER stays: %d\n", dispatch_time(DISPATCH_TIME_FOREVER, 5) == DISPATCH_TIME_FOREVER);
    dispatch_time_t d1 = dispatch_time(DISPATCH_TIME_NOW, 0), d2 = dispatch_time(d1, 1000);
    printf("dispatch_time adds: %d\n", d2 - d1 == 1000);

    pthread_t ot[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&ot[i], NULL, once_thread, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(ot[i], NULL);
    dispatch_once_f(&once_pred, (void *)1L, once_fn);
    printf("dispatch_once_f runs: %d, predicate done: %d\n", once_runs, once_pred == ~0l);
    return 0;
}
