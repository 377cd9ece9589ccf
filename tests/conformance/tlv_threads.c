// Thread-local variables (__thread and _Thread_local, zero- and
// non-zero-initialised, scalar and array): each thread has its own copy.
#include <pthread.h>
#include <stdio.h>

static __thread int counter;               // zero-initialised
static _Thread_local long arr[8];          // zero-initialised array
static __thread int seeded = 1000;         // non-zero initialiser
_Thread_local char tag[16] = "initial";    // non-zero array initialiser

struct result {
    int id;
    int counter;
    long arr_sum;
    int seeded;
    char tag[16];
};

static void *work(void *p) {
    struct result *r = p;
    int initial_seed = seeded;
    for (int i = 0; i < 10000 * (r->id + 1); i++) {
        counter++;
        arr[i % 8] += i % 5;
    }
    seeded += r->id;
    snprintf(tag, sizeof tag, "thread-%d", r->id);
    r->counter = counter;
    r->arr_sum = 0;
    for (int i = 0; i < 8; i++)
        r->arr_sum += arr[i];
    r->seeded = seeded + (initial_seed == 1000 ? 0 : 1000000);
    snprintf(r->tag, sizeof r->tag, "%s", tag);
    return NULL;
}

int main(void) {
    counter = 5;
    seeded = 42;
    pthread_t th[4];
    struct result res[4];
    for (int i = 0; i < 4; i++) {
        res[i].id = i;
        if (pthread_create(&th[i], NULL, work, &res[i]) != 0) {
            puts("pthread_create failed");
            return 1;
        }
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++)
        printf("thread %d: counter=%d arr_sum=%ld seeded=%d tag=%s\n", res[i].id, res[i].counter, res[i].arr_sum,
               res[i].seeded, res[i].tag);
    printf("main: counter=%d seeded=%d tag=%s arr[0]=%ld\n", counter, seeded, tag, arr[0]);
    return 0;
}
