// Benchmark and differential test: two threads hand a token back and forth
// 100 000 times through one mutex and one condition variable.
#include <pthread.h>
#include <stdio.h>

enum { ROUNDS = 100000 };

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn; // 0: main's turn, 1: the other thread's
static long counter;

static void *player(void *arg) {
    int me = (int)(long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&m);
        while (turn != me)
            pthread_cond_wait(&cv, &m);
        counter++;
        turn = !me;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, player, (void *)1L) != 0)
        return 1;
    player((void *)0L);
    pthread_join(t, NULL);
    printf("%ld\n", counter);
    return 0;
}
