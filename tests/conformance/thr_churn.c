// Many short-lived threads starting and ending at once, joined by main:
// every start and end passes through the runtime's thread bookkeeping
// (the Mach thread registry behind thread_suspend), so this finds a lock
// there that loses a wake-up (it once hung node's shutdown 1 run in 200).
// timeout: 60
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdatomic.h>

#define ROUNDS 300
#define THREADS 16

static atomic_int ran, arrived;

// Each round's threads wait for one another, then all end at once.
static void* work(void* arg) {
    int round = (int)(long)arg;
    atomic_fetch_add(&ran, 1);
    atomic_fetch_add(&arrived, 1);
    while (atomic_load(&arrived) < (round + 1) * THREADS) sched_yield();
    return NULL;
}

int main(void) {
    for (int r = 0; r < ROUNDS; r++) {
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++)
            if (pthread_create(&t[i], NULL, work, (void*)(long)r) != 0) return 1;
        for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    }
    printf("threads run: %d of %d\n", atomic_load(&ran), ROUNDS * THREADS);
    return 0;
}
