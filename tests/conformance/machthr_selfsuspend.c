// A thread suspends itself with thread_suspend(mach_thread_self()) and
// runs again only when another thread resumes it; suspend counts nest.
// darwin-differs: Mach thread control exists only on macOS (<mach/thread_act.h>: thread_suspend on the calling thread stops it until thread_resume; thread_resume of a thread that is not suspended is KERN_FAILURE), so the Linux twin prints one line.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach/mach.h>

static volatile int phase;
static volatile kern_return_t self_rc = -1;

static void *worker(void *arg) {
    (void)arg;
    phase = 1;
    self_rc = thread_suspend(mach_thread_self());
    phase = 2;
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    mach_port_t port = pthread_mach_thread_np(t);
    while (phase != 1)
        usleep(1000);
    /* Nested suspend from outside: returns once the thread is stopped. */
    printf("outside suspend: %d\n", thread_suspend(port));
    x86_thread_state64_t st;
    mach_msg_type_number_t cnt = x86_THREAD_STATE64_COUNT;
    printf("get_state: %d\n", thread_get_state(port, x86_THREAD_STATE64, (thread_state_t)&st, &cnt));
    uintptr_t top = (uintptr_t)pthread_get_stackaddr_np(t);
    printf("rsp in its stack: %d\n", st.__rsp < top && st.__rsp >= top - pthread_get_stacksize_np(t));
    usleep(50000);
    printf("still stopped: %d\n", phase == 1);
    printf("resume 1: %d\n", thread_resume(port));
    usleep(50000);
    printf("still stopped after one resume: %d\n", phase == 1);
    printf("resume 2: %d\n", thread_resume(port));
    pthread_join(t, NULL);
    printf("worker ran on: phase=%d rc=%d\n", phase, self_rc);
    return 0;
}
#else
int main(void) {
    puts("no Mach thread control on Linux");
    return 0;
}
#endif
