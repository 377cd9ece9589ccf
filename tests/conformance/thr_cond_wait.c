// Condition variables: signal wakes one waiter, broadcast wakes all,
// timed waits time out (absolute and darwin's relative form) and return
// holding the mutex, a past deadline, an invalid timespec, a recursive
// mutex held twice across the wait, condattr pshared, a producer/consumer
// queue.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int go, woken, generation;

static void *sleeper(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    int g = generation;
    while (generation == g)
        pthread_cond_wait(&c, &m);
    woken++;
    pthread_mutex_unlock(&m);
    return NULL;
}

static int wait_relative(pthread_cond_t *cv, pthread_mutex_t *mx, long ms) {
    struct timespec rel = {ms / 1000, (ms % 1000) * 1000000L};
#ifdef __APPLE__
    return pthread_cond_timedwait_relative_np(cv, mx, &rel);
#else
    struct timespec abs;
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_sec += rel.tv_sec;
    abs.tv_nsec += rel.tv_nsec;
    if (abs.tv_nsec >= 1000000000L) {
        abs.tv_sec++;
        abs.tv_nsec -= 1000000000L;
    }
    return pthread_cond_timedwait(cv, mx, &abs);
#endif
}

static long ms_since(struct timespec *t0) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

enum { N = 1000 };
static int queue[8], head, tail, count;
static pthread_cond_t not_empty, not_full;
static long consumed_sum;

static void *producer(void *arg) {
    (void)arg;
    for (int i = 1; i <= N; i++) {
        pthread_mutex_lock(&m);
        while (count == 8)
            pthread_cond_wait(&not_full, &m);
        queue[tail] = i;
        tail = (tail + 1) % 8;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

static void *consumer(void *arg) {
    (void)arg;
    for (int i = 0; i < N; i++) {
        pthread_mutex_lock(&m);
        while (count == 0)
            pthread_cond_wait(&not_empty, &m);
        consumed_sum += queue[head];
        head = (head + 1) % 8;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, sleeper, NULL);
    usleep(100000);
    pthread_mutex_lock(&m);
    generation++;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("broadcast woke %d\n", woken);

    woken = 0;
    pthread_create(&t[0], NULL, sleeper, NULL);
    usleep(50000);
    pthread_mutex_lock(&m);
    generation++;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    pthread_join(t[0], NULL);
    printf("signal woke %d\n", woken);
    printf("signal/broadcast with no waiters: %d %d\n", pthread_cond_signal(&c),
           pthread_cond_broadcast(&c));

    struct timespec t0, abs;
    pthread_mutex_lock(&m);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 150000000L;
    if (abs.tv_nsec >= 1000000000L) {
        abs.tv_sec++;
        abs.tv_nsec -= 1000000000L;
    }
    int r = pthread_cond_timedwait(&c, &m, &abs);
    long el = ms_since(&t0);
    printf("timedwait: ETIMEDOUT %d, waited >= 140ms %d, < 2s %d, mutex held %d\n", r == ETIMEDOUT,
           el >= 140, el < 2000, pthread_mutex_trylock(&m) == EBUSY);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = wait_relative(&c, &m, 120);
    el = ms_since(&t0);
    printf("relative: ETIMEDOUT %d, waited >= 110ms %d, < 2s %d\n", r == ETIMEDOUT, el >= 110, el < 2000);
    struct timespec past = {1, 0};
    printf("past deadline ETIMEDOUT: %d\n", pthread_cond_timedwait(&c, &m, &past) == ETIMEDOUT);
    struct timespec bad = {abs.tv_sec, 2000000000L};
    printf("bad nsec EINVAL: %d\n", pthread_cond_timedwait(&c, &m, &bad) == EINVAL);
    pthread_mutex_unlock(&m);

    // A recursive mutex locked twice is fully released by the wait and
    // relocked twice afterwards.
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rm;
    pthread_mutex_init(&rm, &ma);
    pthread_mutex_lock(&rm);
    pthread_mutex_lock(&rm);
    r = wait_relative(&c, &rm, 30);
    printf("recursive wait: ETIMEDOUT %d, unlock twice: %d %d, third EPERM: %d\n", r == ETIMEDOUT,
           pthread_mutex_unlock(&rm), pthread_mutex_unlock(&rm), pthread_mutex_unlock(&rm) == EPERM);

    pthread_condattr_t ca;
    int v = 0;
    printf("condattr init: %d\n", pthread_condattr_init(&ca));
    pthread_condattr_getpshared(&ca, &v);
    printf("condattr default PRIVATE: %d\n", v == PTHREAD_PROCESS_PRIVATE);
    printf("setpshared SHARED: %d, bad: %d\n", pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED),
           pthread_condattr_setpshared(&ca, 77) == EINVAL);
    pthread_condattr_getpshared(&ca, &v);
    printf("now SHARED: %d\n", v == PTHREAD_PROCESS_SHARED);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_PRIVATE);
    printf("cond init with attrs: %d %d\n", pthread_cond_init(&not_empty, &ca),
           pthread_cond_init(&not_full, NULL));
    pthread_condattr_destroy(&ca);

    pthread_create(&t[0], NULL, producer, NULL);
    pthread_create(&t[1], NULL, consumer, NULL);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    printf("queue sum: %ld\n", consumed_sum);
    printf("destroy: %d %d %d\n", pthread_cond_destroy(&not_empty), pthread_cond_destroy(&not_full),
           pthread_cond_destroy(&c));
    return 0;
}
