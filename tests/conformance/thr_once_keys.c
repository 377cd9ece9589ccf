// pthread_once from many threads at once (the routine runs exactly once
// and everyone sees its effect), thread-specific data: per-thread values,
// destructors at thread exit (not for NULL values), a destructor that
// sets the value again (re-run, bounded), key deletion, many keys.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs, initialised;

static void init_routine(void) {
    usleep(50000); // others must wait for this
    once_runs++;
    initialised = 42;
}

static void *call_once(void *arg) {
    (void)arg;
    pthread_once(&once, init_routine);
    return (void *)(long)initialised;
}

static pthread_key_t k1, k2, k3;
static int dtor1_sum, dtor3_rounds;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void dtor1(void *v) {
    pthread_mutex_lock(&m);
    dtor1_sum += (int)(long)v;
    pthread_mutex_unlock(&m);
}

static void dtor3(void *v) {
    pthread_mutex_lock(&m);
    dtor3_rounds++;
    pthread_mutex_unlock(&m);
    long n = (long)v;
    if (n < 10)
        pthread_setspecific(k3, (void *)(n + 1)); // ask for another round
}

static void *use_keys(void *arg) {
    long id = (long)arg;
    pthread_setspecific(k1, (void *)id);
    int own = pthread_getspecific(k1) == (void *)id;
    pthread_setspecific(k2, NULL); // NULL: no destructor call
    if (id == 1)
        pthread_setspecific(k3, (void *)1L);
    usleep(10000);
    return (void *)(long)(own && pthread_getspecific(k1) == (void *)id);
}

int main(void) {
    pthread_t t[8];
    void *r;
    long ok = 1;
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, call_once, NULL);
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], &r);
        ok &= (long)r == 42;
    }
    printf("once: runs %d, all saw result %ld\n", once_runs, ok);
    pthread_once(&once, init_routine);
    printf("once again: runs %d\n", once_runs);

    printf("key_create: %d %d %d\n", pthread_key_create(&k1, dtor1), pthread_key_create(&k2, dtor1),
           pthread_key_create(&k3, dtor3));
    printf("distinct keys: %d\n", k1 != k2 && k2 != k3 && k1 != k3);
    printf("unset value is NULL: %d\n", pthread_getspecific(k1) == NULL);
    pthread_setspecific(k1, (void *)1000L);
    ok = 1;
    for (long i = 1; i <= 4; i++)
        pthread_create(&t[i], NULL, use_keys, (void *)i);
    for (int i = 1; i <= 4; i++) {
        pthread_join(t[i], &r);
        ok &= (long)r;
    }
    printf("per-thread values: %ld, main keeps its own: %d\n", ok,
           pthread_getspecific(k1) == (void *)1000L);
    printf("destructor sum (1+2+3+4): %d\n", dtor1_sum);
    printf("re-set destructor rounds bounded (1..4): %d\n", dtor3_rounds >= 1 && dtor3_rounds <= 4);

    printf("key_delete: %d\n", pthread_key_delete(k2));
    pthread_key_t many[100];
    int created = 0;
    for (int i = 0; i < 100; i++)
        created += pthread_key_create(&many[i], NULL) == 0;
    printf("100 more keys: %d\n", created);
    for (int i = 0; i < 100; i++)
        pthread_setspecific(many[i], (void *)(long)(i + 1));
    long sum = 0;
    for (int i = 0; i < 100; i++)
        sum += (long)pthread_getspecific(many[i]);
    printf("their values sum: %ld\n", sum);
    for (int i = 0; i < 100; i++)
        pthread_key_delete(many[i]);
    return 0;
}
