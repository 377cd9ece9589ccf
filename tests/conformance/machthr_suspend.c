// Stopping the world as a garbage collector does: thread_suspend,
// thread_get_state, thread_resume, nested suspend counts, error codes.
// darwin-differs: Mach thread control exists only on macOS (<mach/thread_act.h>: thread_suspend, thread_resume, thread_get_state; <mach/i386/thread_status.h>: x86_THREAD_STATE64; xnu thread_resume returns KERN_FAILURE for a thread that is not suspended; a MIG call to MACH_PORT_NULL fails with MACH_SEND_INVALID_DEST, <mach/message.h>), so the Linux twin prints one line.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach/mach.h>

#define N 3
static volatile unsigned long counters[N];
static volatile int stop;

static void *spin(void *arg) {
    volatile unsigned long *c = arg;
    while (!stop)
        (*c)++;
    return NULL;
}

static void snapshot(unsigned long *out) {
    for (int i = 0; i < N; i++)
        out[i] = counters[i];
}

static void wait_moving(void) {
    unsigned long a[N], b[N];
    snapshot(a);
    for (int tries = 0; tries < 1000; tries++) {
        usleep(1000);
        snapshot(b);
        int all = 1;
        for (int i = 0; i < N; i++)
            all &= b[i] != a[i];
        if (all)
            return;
    }
}

int main(void) {
    pthread_t t[N];
    mach_port_t port[N];
    for (int i = 0; i < N; i++) {
        pthread_create(&t[i], NULL, spin, (void *)&counters[i]);
        port[i] = pthread_mach_thread_np(t[i]);
    }
    wait_moving();

    int ok = 1;
    for (int i = 0; i < N; i++)
        ok &= thread_suspend(port[i]) == KERN_SUCCESS;
    printf("suspend all: %d\n", ok);
    unsigned long a[N], b[N];
    snapshot(a);
    usleep(50000);
    snapshot(b);
    int still = 1;
    for (int i = 0; i < N; i++)
        still &= a[i] == b[i];
    printf("counters frozen: %d\n", still);

    int in_stack = 1, rip_ok = 1, count_ok = 1;
    for (int i = 0; i < N; i++) {
        x86_thread_state64_t st;
        mach_msg_type_number_t cnt = x86_THREAD_STATE64_COUNT;
        kern_return_t kr = thread_get_state(port[i], x86_THREAD_STATE64, (thread_state_t)&st, &cnt);
        count_ok &= kr == KERN_SUCCESS && cnt == x86_THREAD_STATE64_COUNT;
        uintptr_t top = (uintptr_t)pthread_get_stackaddr_np(t[i]);
        size_t size = pthread_get_stacksize_np(t[i]);
        in_stack &= st.__rsp < top && st.__rsp >= top - size;
        /* The spinning loop is in this image's code. */
        rip_ok &= st.__rip >= (uintptr_t)spin && st.__rip < (uintptr_t)spin + 256;
    }
    printf("get_state ok: %d, rsp in stack: %d, rip in spin: %d\n", count_ok, in_stack, rip_ok);

    /* x86_THREAD_STATE: a header naming the 64-bit flavor. */
    x86_thread_state_t ts;
    mach_msg_type_number_t cnt = x86_THREAD_STATE_COUNT;
    kern_return_t kr = thread_get_state(port[0], x86_THREAD_STATE, (thread_state_t)&ts, &cnt);
    printf("x86_THREAD_STATE: kr=%d flavor=%d count=%d cnt=%d\n", kr, ts.tsh.flavor, ts.tsh.count, (int)cnt);
    cnt = 10;
    printf("short count: %d\n", thread_get_state(port[0], x86_THREAD_STATE64, (thread_state_t)&ts, &cnt) == KERN_INVALID_ARGUMENT);
    cnt = x86_THREAD_STATE64_COUNT;
    printf("bad flavor: %d\n", thread_get_state(port[0], 9999, (thread_state_t)&ts, &cnt) == KERN_INVALID_ARGUMENT);

    /* Nested: suspended twice, one resume leaves it stopped. */
    printf("suspend again: %d\n", thread_suspend(port[0]));
    printf("resume once: %d\n", thread_resume(port[0]));
    unsigned long c0 = counters[0];
    usleep(30000);
    printf("still frozen after one resume: %d\n", counters[0] == c0);

    for (int i = 0; i < N; i++)
        thread_resume(port[i]);
    wait_moving();
    snapshot(b);
    int moved = 1;
    for (int i = 0; i < N; i++)
        moved &= b[i] != a[i];
    printf("counters move after resume: %d\n", moved);
    printf("resume not suspended: %d\n", thread_resume(port[0]) == KERN_FAILURE);

    /* A running thread's state can be read too (xnu stops it meanwhile). */
    x86_thread_state64_t st;
    cnt = x86_THREAD_STATE64_COUNT;
    kr = thread_get_state(port[1], x86_THREAD_STATE64, (thread_state_t)&st, &cnt);
    uintptr_t top = (uintptr_t)pthread_get_stackaddr_np(t[1]);
    printf("running get_state: %d, rsp in stack: %d\n", kr == KERN_SUCCESS,
           st.__rsp < top && st.__rsp >= top - pthread_get_stacksize_np(t[1]));

    /* Our own state: rsp is on our stack. */
    cnt = x86_THREAD_STATE64_COUNT;
    kr = thread_get_state(mach_thread_self(), x86_THREAD_STATE64, (thread_state_t)&st, &cnt);
    uintptr_t here = (uintptr_t)&cnt;
    printf("self get_state: %d, rsp near: %d\n", kr == KERN_SUCCESS,
           st.__rsp < here + 65536 && st.__rsp > here - 1048576);

    printf("null port suspend: %d\n", thread_suspend(MACH_PORT_NULL) == MACH_SEND_INVALID_DEST);
    printf("null port resume: %d\n", thread_resume(MACH_PORT_NULL) == MACH_SEND_INVALID_DEST);
    printf("task port: %d\n", thread_suspend(mach_task_self()) == KERN_INVALID_ARGUMENT);

    /* task_threads lists the main thread and the workers. */
    thread_act_array_t list;
    mach_msg_type_number_t n;
    kr = task_threads(mach_task_self(), &list, &n);
    int found = 0, me = 0;
    mach_port_t self = mach_thread_self();
    for (unsigned i = 0; i < n; i++) {
        for (int j = 0; j < N; j++)
            found += list[i] == port[j];
        me += list[i] == self;
    }
    printf("task_threads: kr=%d n>=4: %d workers=%d self=%d\n", kr, n >= 4, found, me);
    vm_deallocate(mach_task_self(), (vm_address_t)list, n * sizeof(*list));

    stop = 1;
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    printf("joined\n");
    printf("dead thread port: %d\n", thread_suspend(port[0]) != KERN_SUCCESS);
    printf("%s\n", mach_error_string(KERN_INVALID_ARGUMENT));
    printf("%s\n", mach_error_string(MACH_SEND_INVALID_DEST));
    printf("%s\n", mach_error_string(KERN_FAILURE));
    return 0;
}
#else
int main(void) {
    puts("no Mach thread control on Linux");
    return 0;
}
#endif
