// cflags: -Wno-deprecated-declarations
//
// darwin's libsystem_platform: os_unfair_lock (lock, trylock, unlock,
// assert_owner), OSAtomic arithmetic/bitwise/compare-and-swap/test-and-set
// with their Barrier forms, OSMemoryBarrier, OSSpinLock, and the lock-free
// OSAtomicEnqueue/Dequeue LIFO, each checked under contention. On Linux
// the same API is provided below with compiler builtins, so both builds
// print the values the documented semantics give.
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __APPLE__
#include <libkern/OSAtomic.h>
#include <os/lock.h>
#else
typedef struct { uint32_t v; } os_unfair_lock;
#define OS_UNFAIR_LOCK_INIT {0}
static void os_unfair_lock_lock(os_unfair_lock *l) {
    while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
        ;
}
static bool os_unfair_lock_trylock(os_unfair_lock *l) { return !__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE); }
static void os_unfair_lock_unlock(os_unfair_lock *l) { __atomic_store_n(&l->v, 0, __ATOMIC_RELEASE); }
static void os_unfair_lock_assert_owner(os_unfair_lock *l) { (void)l; }
static void os_unfair_lock_assert_not_owner(os_unfair_lock *l) { (void)l; }
typedef int32_t OSSpinLock;
#define OS_SPINLOCK_INIT 0
static bool OSSpinLockTry(OSSpinLock *l) { return !__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE); }
static void OSSpinLockLock(OSSpinLock *l) { while (!OSSpinLockTry(l)); }
static void OSSpinLockUnlock(OSSpinLock *l) { __atomic_store_n(l, 0, __ATOMIC_RELEASE); }
#define A(op, ...) __atomic_##op(__VA_ARGS__, __ATOMIC_SEQ_CST)
static int32_t OSAtomicAdd32(int32_t a, int32_t *v) { return A(add_fetch, v, a); }
static int32_t OSAtomicAdd32Barrier(int32_t a, int32_t *v) { return A(add_fetch, v, a); }
static int64_t OSAtomicAdd64(int64_t a, int64_t *v) { return A(add_fetch, v, a); }
static int32_t OSAtomicIncrement32(int32_t *v) { return A(add_fetch, v, 1); }
static int32_t OSAtomicDecrement32Barrier(int32_t *v) { return A(sub_fetch, v, 1); }
static int64_t OSAtomicIncrement64Barrier(int64_t *v) { return A(add_fetch, v, 1); }
static int64_t OSAtomicDecrement64(int64_t *v) { return A(sub_fetch, v, 1); }
static int32_t OSAtomicOr32(uint32_t m, uint32_t *v) { return A(or_fetch, v, m); }
static int32_t OSAtomicOr32Orig(uint32_t m, uint32_t *v) { return A(fetch_or, v, m); }
static int32_t OSAtomicAnd32Barrier(uint32_t m, uint32_t *v) { return A(and_fetch, v, m); }
static int32_t OSAtomicAnd32Orig(uint32_t m, uint32_t *v) { return A(fetch_and, v, m); }
static int32_t OSAtomicXor32(uint32_t m, uint32_t *v) { return A(xor_fetch, v, m); }
static int32_t OSAtomicXor32OrigBarrier(uint32_t m, uint32_t *v) { return A(fetch_xor, v, m); }
#define CAS(o, n, v) __atomic_compare_exchange_n(v, &(__typeof__(*(v))){o}, n, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
static bool OSAtomicCompareAndSwap32(int32_t o, int32_t n, int32_t *v) { return CAS(o, n, v); }
static bool OSAtomicCompareAndSwap32Barrier(int32_t o, int32_t n, int32_t *v) { return CAS(o, n, v); }
static bool OSAtomicCompareAndSwap64(int64_t o, int64_t n, int64_t *v) { return CAS(o, n, v); }
static bool OSAtomicCompareAndSwapInt(int o, int n, int *v) { return CAS(o, n, v); }
static bool OSAtomicCompareAndSwapLong(long o, long n, long *v) { return CAS(o, n, v); }
static bool OSAtomicCompareAndSwapPtrBarrier(void *o, void *n, void **v) { return CAS(o, n, v); }
static bool OSAtomicTestAndSet(uint32_t n, void *p) {
    uint8_t *b = (uint8_t *)p + (n >> 3), m = 0x80 >> (n & 7);
    return A(fetch_or, b, m) & m;
}
static bool OSAtomicTestAndClearBarrier(uint32_t n, void *p) {
    uint8_t *b = (uint8_t *)p + (n >> 3), m = 0x80 >> (n & 7);
    return A(fetch_and, b, (uint8_t)~m) & m;
}
static void OSMemoryBarrier(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
typedef struct { void *opaque1; long opaque2; } __attribute__((aligned(16))) OSQueueHead;
#define OS_ATOMIC_QUEUE_INIT {NULL, 0}
static pthread_mutex_t qm = PTHREAD_MUTEX_INITIALIZER;
static void OSAtomicEnqueue(OSQueueHead *q, void *e, size_t off) {
    pthread_mutex_lock(&qm);
    *(void **)((char *)e + off) = q->opaque1;
    q->opaque1 = e;
    pthread_mutex_unlock(&qm);
}
static void *OSAtomicDequeue(OSQueueHead *q, size_t off) {
    pthread_mutex_lock(&qm);
    void *e = q->opaque1;
    if (e)
        q->opaque1 = *(void **)((char *)e + off);
    pthread_mutex_unlock(&qm);
    return e;
}
#endif

static os_unfair_lock ul = OS_UNFAIR_LOCK_INIT;
static OSSpinLock sl = OS_SPINLOCK_INIT;
static long ucount, scount;
static int32_t a32;
static int64_t a64;

struct node {
    long value;
    struct node *link;
};
static OSQueueHead q = OS_ATOMIC_QUEUE_INIT;
static struct node nodes[4][1000];

static void *worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 20000; i++) {
        os_unfair_lock_lock(&ul);
        os_unfair_lock_assert_owner(&ul);
        ucount++;
        os_unfair_lock_unlock(&ul);
        OSSpinLockLock(&sl);
        scount++;
        OSSpinLockUnlock(&sl);
        OSAtomicIncrement32(&a32);
        OSAtomicAdd64(3, &a64);
    }
    for (int i = 0; i < 1000; i++) {
        nodes[id][i].value = id * 1000 + i + 1;
        OSAtomicEnqueue(&q, &nodes[id][i], offsetof(struct node, link));
    }
    long sum = 0;
    for (int i = 0; i < 500; i++) {
        struct node *n;
        while ((n = OSAtomicDequeue(&q, offsetof(struct node, link))) == NULL)
            ;
        sum += n->value;
    }
    return (void *)sum;
}

int main(void) {
    printf("trylock free: %d, trylock held: %d\n", os_unfair_lock_trylock(&ul), os_unfair_lock_trylock(&ul));
    os_unfair_lock_assert_owner(&ul);
    os_unfair_lock_unlock(&ul);
    os_unfair_lock_assert_not_owner(&ul);
    printf("spin try free: %d, held: %d\n", OSSpinLockTry(&sl), OSSpinLockTry(&sl));
    OSSpinLockUnlock(&sl);

    int32_t v32 = 5;
    int64_t v64 = 1LL << 40;
    printf("Add32 %d, Add32Barrier %d, Increment32 %d, Decrement32Barrier %d\n", OSAtomicAdd32(10, &v32),
           OSAtomicAdd32Barrier(-20, &v32), OSAtomicIncrement32(&v32), OSAtomicDecrement32Barrier(&v32));
    printf("Add64 %lld, Increment64Barrier %lld, Decrement64 %lld\n", (long long)OSAtomicAdd64(5, &v64),
           (long long)OSAtomicIncrement64Barrier(&v64), (long long)OSAtomicDecrement64(&v64));
    uint32_t bits = 0x0f;
    printf("Or32 %#x, Or32Orig %#x, And32Barrier %#x, And32Orig %#x, Xor32 %#x, Xor32OrigBarrier %#x, final %#x\n",
           OSAtomicOr32(0xf0, &bits), OSAtomicOr32Orig(0x100, &bits), OSAtomicAnd32Barrier(0x1f0, &bits),
           OSAtomicAnd32Orig(0x0f0, &bits), OSAtomicXor32(0xff, &bits),
           OSAtomicXor32OrigBarrier(0x1, &bits), bits);
    int32_t c32 = 1;
    int64_t c64 = 2;
    int ci = 3;
    long cl = 4;
    void *cp = &ci;
    printf("CAS32 %d %d, CAS32Barrier %d, CAS64 %d, CASInt %d, CASLong %d, CASPtr %d %d, values %d %lld %d %ld %d\n",
           OSAtomicCompareAndSwap32(1, 10, &c32), OSAtomicCompareAndSwap32(1, 11, &c32),
           OSAtomicCompareAndSwap32Barrier(10, 12, &c32), OSAtomicCompareAndSwap64(2, 20, &c64),
           OSAtomicCompareAndSwapInt(3, 30, &ci), OSAtomicCompareAndSwapLong(4, 40, &cl),
           OSAtomicCompareAndSwapPtrBarrier(&ci, &cl, &cp), OSAtomicCompareAndSwapPtrBarrier(&ci, NULL, &cp),
           c32, (long long)c64, ci, cl, cp == &cl);
    uint64_t word = 0;
    printf("TestAndSet(0) %d again %d, TestAndSet(63) %d, word %#llx, TestAndClear(0) %d again %d, word %#llx\n",
           OSAtomicTestAndSet(0, &word), OSAtomicTestAndSet(0, &word), OSAtomicTestAndSet(63, &word),
           (unsigned long long)word, OSAtomicTestAndClearBarrier(0, &word),
           OSAtomicTestAndClearBarrier(0, &word), (unsigned long long)word);
    OSMemoryBarrier();

    struct node one = {7, NULL}, two = {8, NULL};
    OSAtomicEnqueue(&q, &one, offsetof(struct node, link));
    OSAtomicEnqueue(&q, &two, offsetof(struct node, link));
    struct node *d1 = OSAtomicDequeue(&q, offsetof(struct node, link));
    struct node *d2 = OSAtomicDequeue(&q, offsetof(struct node, link));
    printf("LIFO: %ld %ld, then empty: %d\n", d1->value, d2->value, OSAtomicDequeue(&q, offsetof(struct node, link)) == NULL);

    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    long popped = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        popped += (long)r;
    }
    long left = 0;
    struct node *n;
    while ((n = OSAtomicDequeue(&q, offsetof(struct node, link))) != NULL)
        left += n->value;
    printf("contended: unfair %ld, spin %ld, atomic32 %d, atomic64 %lld, queue total %ld\n", ucount, scount,
           a32, (long long)a64, popped + left);
    return 0;
}
