// Mutex kinds and attributes: normal, recursive and error-checking
// mutexes (EDEADLK, EPERM, EBUSY), attribute get/set (type, pshared,
// protocol), static initializers, destroy of a locked mutex, and a
// recursive mutex shared by threads.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t rec;
static long counter;

static void *bump(void *arg) {
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&rec);
        pthread_mutex_lock(&rec);
        counter++;
        pthread_mutex_unlock(&rec);
        pthread_mutex_unlock(&rec);
    }
    return NULL;
}

static pthread_mutex_t ec;
static int other_unlock;
static void *unlock_other(void *arg) {
    (void)arg;
    other_unlock = pthread_mutex_unlock(&ec);
    return NULL;
}
static void *trylock_other(void *arg) {
    return (void *)(long)pthread_mutex_trylock(arg);
}

int main(void) {
    pthread_mutexattr_t a;
    int v = -1;
    printf("attr init: %d\n", pthread_mutexattr_init(&a));
    pthread_mutexattr_gettype(&a, &v);
    printf("default type is DEFAULT: %d NORMAL: %d\n", v == PTHREAD_MUTEX_DEFAULT, v == PTHREAD_MUTEX_NORMAL);
    pthread_mutexattr_getpshared(&a, &v);
    printf("default pshared PRIVATE: %d\n", v == PTHREAD_PROCESS_PRIVATE);
    pthread_mutexattr_getprotocol(&a, &v);
    printf("default protocol NONE: %d\n", v == PTHREAD_PRIO_NONE);
    printf("settype bad: %d\n", pthread_mutexattr_settype(&a, 99) == EINVAL);
    printf("setpshared bad: %d\n", pthread_mutexattr_setpshared(&a, 99) == EINVAL);
    printf("setprotocol INHERIT: %d\n", pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
    pthread_mutexattr_getprotocol(&a, &v);
    printf("protocol INHERIT: %d\n", v == PTHREAD_PRIO_INHERIT);
    pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_NONE);

    // Recursive.
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutexattr_gettype(&a, &v);
    printf("type RECURSIVE: %d\n", v == PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rec, &a);
    printf("rec lock x3: %d %d %d\n", pthread_mutex_lock(&rec), pthread_mutex_lock(&rec),
           pthread_mutex_trylock(&rec));
    printf("rec unlock x3: %d %d %d, extra unlock EPERM: %d\n", pthread_mutex_unlock(&rec),
           pthread_mutex_unlock(&rec), pthread_mutex_unlock(&rec),
           pthread_mutex_unlock(&rec) == EPERM);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, bump, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("recursive counter: %ld\n", counter);

    // Error-checking.
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&ec, &a);
    printf("ec unlock unlocked EPERM: %d\n", pthread_mutex_unlock(&ec) == EPERM);
    printf("ec lock: %d, relock EDEADLK: %d\n", pthread_mutex_lock(&ec),
           pthread_mutex_lock(&ec) == EDEADLK);
    pthread_t o;
    pthread_create(&o, NULL, unlock_other, NULL);
    pthread_join(o, NULL);
    printf("ec unlock by other thread EPERM: %d\n", other_unlock == EPERM);
    void *res;
    pthread_create(&o, NULL, trylock_other, &ec);
    pthread_join(o, &res);
    printf("ec trylock by other EBUSY: %d\n", (long)res == EBUSY);
    printf("destroy locked EBUSY: %d\n", pthread_mutex_destroy(&ec) == EBUSY);
    printf("ec unlock: %d, destroy: %d\n", pthread_mutex_unlock(&ec), pthread_mutex_destroy(&ec));

    // Normal: trylock from another thread while held.
    pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&n);
    pthread_create(&o, NULL, trylock_other, &n);
    pthread_join(o, &res);
    printf("normal trylock by other EBUSY: %d\n", (long)res == EBUSY);
    pthread_mutex_unlock(&n);
    pthread_create(&o, NULL, trylock_other, &n);
    pthread_join(o, &res);
    printf("normal trylock when free: %ld\n", (long)res);
    pthread_mutex_unlock(&n);
    printf("static init destroy: %d\n", pthread_mutex_destroy(&n));

    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_getpshared(&a, &v);
    printf("pshared SHARED: %d\n", v == PTHREAD_PROCESS_SHARED);
    pthread_mutex_t sh;
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_NORMAL);
    printf("shared init/lock/unlock: %d %d %d\n", pthread_mutex_init(&sh, &a),
           pthread_mutex_lock(&sh), pthread_mutex_unlock(&sh));
    printf("attr destroy: %d\n", pthread_mutexattr_destroy(&a));
    pthread_mutex_destroy(&rec);
    return 0;
}
