// pthread_create/join, a mutex-protected counter and a condition-variable
// ping-pong between two threads.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add(void *arg) {
    long n = (long)arg;
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return (void *)(n * 2);
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn; // 0: ping's turn, 1: pong's turn
static int rounds;
enum { ROUNDS = 1000 };

static void *pong(void *arg) {
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&m);
        while (turn != 1)
            pthread_cond_wait(&cv, &m);
        rounds++;
        turn = 0;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void) {
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        if (pthread_create(&th[i], NULL, add, (void *)100000L) != 0) {
            puts("pthread_create failed");
            return 1;
        }
    long total_ret = 0;
    for (int i = 0; i < 4; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        total_ret += (long)ret;
    }
    printf("counter=%ld joined return values sum=%ld\n", counter, total_ret);

    pthread_t p;
    pthread_create(&p, NULL, pong, NULL);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&m);
        while (turn != 0)
            pthread_cond_wait(&cv, &m);
        rounds++;
        turn = 1;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    while (turn != 0)
        pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
    pthread_join(p, NULL);
    printf("ping-pong rounds=%d\n", rounds);

    printf("pthread_equal(self, self)=%d\n", pthread_equal(pthread_self(), pthread_self()) != 0);
    printf("trylock on held mutex fails: ");
    pthread_mutex_lock(&lock);
    printf("%d\n", pthread_mutex_trylock(&lock) != 0);
    pthread_mutex_unlock(&lock);
    return 0;
}
