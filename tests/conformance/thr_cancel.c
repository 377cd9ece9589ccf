// Thread cancellation: deferred cancellation acted on at
// pthread_testcancel and in blocking cancellation points (cond_wait
// re-takes its mutex before cleanup handlers run; sleep; nanosleep;
// sigsuspend), cancellation disabled then enabled, asynchronous
// cancellation of a busy loop, cleanup handlers and key destructors on
// cancel and on pthread_exit, PTHREAD_CANCELED from join.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static volatile int cleanups, mutex_held_in_cleanup, dtor_runs, reached;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static pthread_key_t key;

static void count_cleanup(void *arg) {
    (void)arg;
    cleanups++;
}

static void unlock_cleanup(void *arg) {
    mutex_held_in_cleanup = pthread_mutex_trylock(arg) == EBUSY;
    pthread_mutex_unlock(arg);
    cleanups++;
}

static void dtor(void *v) {
    (void)v;
    dtor_runs++;
}

static void *spin_testcancel(void *arg) {
    (void)arg;
    pthread_setspecific(key, (void *)1);
    pthread_cleanup_push(count_cleanup, NULL);
    for (;;)
        pthread_testcancel();
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_cond_wait(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    pthread_cleanup_push(unlock_cleanup, &m);
    for (;;)
        pthread_cond_wait(&c, &m);
    pthread_cleanup_pop(1);
    return NULL;
}

static void *in_sleep(void *arg) {
    int kind = (int)(long)arg;
    pthread_cleanup_push(count_cleanup, NULL);
    if (kind == 0)
        sleep(100);
    else if (kind == 1) {
        struct timespec ts = {100, 0};
        nanosleep(&ts, NULL);
    } else {
        sigset_t none;
        sigemptyset(&none);
        sigsuspend(&none);
    }
    reached = 1;
    pthread_cleanup_pop(0);
    return NULL;
}

static volatile int disabled_ok, old_state_ok;
static void *with_disabled(void *arg) {
    (void)arg;
    int old = -1;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    old_state_ok = old == PTHREAD_CANCEL_ENABLE;
    usleep(200000); // cancelled meanwhile: ignored while disabled
    pthread_testcancel();
    disabled_ok = 1;
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
    old_state_ok &= old == PTHREAD_CANCEL_DISABLE;
    pthread_testcancel();
    disabled_ok = 2; // not reached
    return NULL;
}

static volatile unsigned long spins;
static void *busy_async(void *arg) {
    (void)arg;
    int old;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
    for (;;)
        spins++;
    return NULL;
}

static void *exits(void *arg) {
    (void)arg;
    pthread_setspecific(key, (void *)1);
    pthread_cleanup_push(count_cleanup, NULL);
    pthread_cleanup_push(count_cleanup, NULL);
    pthread_cleanup_pop(1); // runs now
    pthread_cleanup_push(count_cleanup, NULL);
    pthread_cleanup_pop(0); // does not run
    pthread_exit((void *)7); // runs the first
    pthread_cleanup_pop(0);
    return NULL;
}

static void report(const char *what, pthread_t t) {
    void *res = NULL;
    int r = pthread_join(t, &res);
    printf("%s: join %d, canceled %d, cleanups %d\n", what, r, res == PTHREAD_CANCELED, cleanups);
    cleanups = 0;
}

int main(void) {
    pthread_key_create(&key, dtor);
    pthread_t t;

    pthread_create(&t, NULL, spin_testcancel, NULL);
    usleep(20000);
    printf("cancel: %d\n", pthread_cancel(t));
    report("testcancel", t);
    printf("key destructor ran on cancel: %d\n", dtor_runs);

    pthread_create(&t, NULL, in_cond_wait, NULL);
    usleep(50000);
    pthread_cancel(t);
    report("cond_wait", t);
    printf("mutex held in cleanup: %d, free now: %d\n", mutex_held_in_cleanup,
           pthread_mutex_trylock(&m) == 0);
    pthread_mutex_unlock(&m);

    const char *names[] = {"sleep", "nanosleep", "sigsuspend"};
    for (long k = 0; k < 3; k++) {
        pthread_create(&t, NULL, in_sleep, (void *)k);
        usleep(50000);
        pthread_cancel(t);
        report(names[k], t);
    }
    printf("code after the blocking calls never ran: %d\n", reached == 0);

    pthread_create(&t, NULL, with_disabled, NULL);
    usleep(50000);
    pthread_cancel(t);
    report("disabled then enabled", t);
    printf("ran on while disabled: %d, old states: %d\n", disabled_ok, old_state_ok);

    pthread_create(&t, NULL, busy_async, NULL);
    while (spins == 0)
        usleep(1000);
    pthread_cancel(t);
    report("asynchronous", t);

    dtor_runs = 0;
    pthread_create(&t, NULL, exits, NULL);
    void *res;
    pthread_join(t, &res);
    printf("pthread_exit: value %ld, cleanups %d, destructor %d\n", (long)res, cleanups, dtor_runs);

    int old;
    printf("setcancelstate bad: %d, setcanceltype bad: %d\n",
           pthread_setcancelstate(42, &old) == EINVAL, pthread_setcanceltype(42, &old) == EINVAL);
    pthread_testcancel(); // nothing pending on main
    puts("main not cancelled");
    return 0;
}
