// darwin-differs: libdispatch queues are part of macOS' libSystem (<dispatch/queue.h>: dispatch_queue_create, dispatch_queue_get_label, dispatch_sync_f runs the work on a serial queue one item at a time and returns when it is done); glibc has none
#include <pthread.h>
#include <stdio.h>
#ifdef __APPLE__
#include <dispatch/dispatch.h>

static long counter;
static void bump(void *ctx) {
    long v = counter;
    for (volatile int i = 0; i < 50; i++) {}
    counter = v + (long)ctx;
}

static dispatch_queue_t q;
static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 20000; i++) dispatch_sync_f(q, (void *)1, bump);
    return NULL;
}

static int order[4], n;
static void record(void *ctx) { order[n++] = (int)(long)ctx; }
#endif

int main(void) {
#ifdef __APPLE__
    q = dispatch_queue_create("org.calvados.rb", DISPATCH_QUEUE_SERIAL);
    printf("label: %s\n", dispatch_queue_get_label(q));
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("serial sum: %ld\n", counter);
    for (long i = 1; i <= 3; i++) dispatch_sync_f(q, (void *)i, record);
    printf("in order: %d %d %d\n", order[0], order[1], order[2]);
    __block int seen = 0;
    dispatch_sync(q, ^{ seen = 42; });
    printf("block ran before return: %d\n", seen);
    dispatch_queue_t c = dispatch_queue_create(NULL, DISPATCH_QUEUE_CONCURRENT);
    dispatch_sync_f(c, (void *)5, bump);
    printf("concurrent queue sync: %ld\n", counter);
    printf("empty label: \"%s\"\n", dispatch_queue_get_label(c));
    dispatch_release(c);
    dispatch_release(q);
#else
    puts("no libdispatch in glibc");
#endif
    return 0;
}
