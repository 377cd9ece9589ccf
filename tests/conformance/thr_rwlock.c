// Read-write locks: the static initializer, several readers at once,
// writers exclusive, try-locks (EBUSY), self-deadlock detection
// (EDEADLK), attributes, and a reader/writer stress run whose invariant
// is checked by every reader.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int a, b; // writers keep a == b
static int bad_reads;
static pthread_mutex_t stat_m = PTHREAD_MUTEX_INITIALIZER;
static int concurrent, max_concurrent;

static void *reader(void *arg) {
    long n = (long)arg;
    for (long i = 0; i < n; i++) {
        pthread_rwlock_rdlock(&rw);
        pthread_mutex_lock(&stat_m);
        if (++concurrent > max_concurrent)
            max_concurrent = concurrent;
        pthread_mutex_unlock(&stat_m);
        if (a != b)
            __atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
        pthread_mutex_lock(&stat_m);
        concurrent--;
        pthread_mutex_unlock(&stat_m);
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void *writer(void *arg) {
    long n = (long)arg;
    for (long i = 0; i < n; i++) {
        pthread_rwlock_wrlock(&rw);
        a++;
        b++;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void *try_both(void *arg) {
    (void)arg;
    return (void *)(long)(pthread_rwlock_tryrdlock(&rw) * 1000 + pthread_rwlock_trywrlock(&rw));
}

static void *hold_read(void *arg) {
    (void)arg;
    pthread_rwlock_rdlock(&rw);
    usleep(200000);
    pthread_rwlock_unlock(&rw);
    return NULL;
}

int main(void) {
    void *res;
    pthread_t t[6];

    printf("rdlock x2 (same thread): %d %d\n", pthread_rwlock_rdlock(&rw), pthread_rwlock_rdlock(&rw));
    pthread_create(&t[0], NULL, try_both, NULL);
    pthread_join(t[0], &res);
    long v = (long)res;
    printf("other thread: tryrdlock ok %d, trywrlock EBUSY %d\n", v / 1000 == 0, v % 1000 == EBUSY);
    pthread_rwlock_unlock(&rw); // the other thread's read lock stays; drop ours
    pthread_rwlock_unlock(&rw);
    pthread_rwlock_unlock(&rw); // and the one try_both took (same lock, counted)
    printf("wrlock: %d\n", pthread_rwlock_wrlock(&rw));
    printf("wrlock again EDEADLK: %d\n", pthread_rwlock_wrlock(&rw) == EDEADLK);
    printf("rdlock while writing EDEADLK: %d\n", pthread_rwlock_rdlock(&rw) == EDEADLK);
    pthread_create(&t[0], NULL, try_both, NULL);
    pthread_join(t[0], &res);
    v = (long)res;
    printf("other thread: tryrdlock EBUSY %d, trywrlock EBUSY %d\n", v / 1000 == EBUSY,
           v % 1000 == EBUSY);
    printf("unlock: %d\n", pthread_rwlock_unlock(&rw));

    // A writer waits for a reader to leave.
    pthread_create(&t[0], NULL, hold_read, NULL);
    usleep(50000);
    printf("trywrlock while read-held EBUSY: %d\n", pthread_rwlock_trywrlock(&rw) == EBUSY);
    printf("wrlock waits, then: %d\n", pthread_rwlock_wrlock(&rw));
    pthread_rwlock_unlock(&rw);
    pthread_join(t[0], NULL);

    pthread_rwlockattr_t at;
    int ps = 0;
    printf("attr init: %d\n", pthread_rwlockattr_init(&at));
    pthread_rwlockattr_getpshared(&at, &ps);
    printf("attr default PRIVATE: %d\n", ps == PTHREAD_PROCESS_PRIVATE);
    printf("attr set bad: %d\n", pthread_rwlockattr_setpshared(&at, 42) == EINVAL);
    pthread_rwlock_t rw2;
    printf("init/destroy: %d %d\n", pthread_rwlock_init(&rw2, &at), pthread_rwlock_destroy(&rw2));
    pthread_rwlockattr_destroy(&at);

    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, reader, (void *)20000L);
    for (int i = 4; i < 6; i++)
        pthread_create(&t[i], NULL, writer, (void *)10000L);
    for (int i = 0; i < 6; i++)
        pthread_join(t[i], NULL);
    printf("stress: a=%d b=%d bad reads=%d\n", a, b, bad_reads);
    return 0;
}
