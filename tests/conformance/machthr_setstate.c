// thread_set_state: a suspended thread resumes with the registers written
// (rip moved past an endless loop, r12 changed); x86_FLOAT_STATE64.
// darwin-differs: Mach thread control exists only on macOS (<mach/thread_act.h>: thread_set_state, thread_get_state; <mach/i386/thread_status.h>: x86_THREAD_STATE64, x86_FLOAT_STATE64 with __fpu_fcw and __fpu_mxcsr), so the Linux twin prints one line.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach/mach.h>

static volatile uintptr_t exit_label;
static volatile uintptr_t loop_label;

static void *worker(void *arg) {
    (void)arg;
    long v;
    __asm__ volatile(
        "lea 1f(%%rip), %%rax\n\t"
        "mov %%rax, %[loop]\n\t"
        "lea 2f(%%rip), %%rax\n\t"
        "mov %%rax, %[exit]\n\t"
        "xor %%r12d, %%r12d\n"
        "1:\n\t"
        "pause\n\t"
        "jmp 1b\n"
        "2:\n\t"
        "mov %%r12, %[out]\n\t"
        : [out] "=m"(v), [loop] "=m"(loop_label), [exit] "=m"(exit_label)
        :
        : "rax", "r12", "memory");
    return (void *)v;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!exit_label)
        usleep(1000);
    usleep(10000);
    mach_port_t port = pthread_mach_thread_np(t);
    printf("suspend: %d\n", thread_suspend(port));

    x86_thread_state64_t st;
    mach_msg_type_number_t cnt = x86_THREAD_STATE64_COUNT;
    printf("get: %d\n", thread_get_state(port, x86_THREAD_STATE64, (thread_state_t)&st, &cnt));
    printf("rip in loop: %d, r12: %llu\n", st.__rip >= loop_label && st.__rip < exit_label,
           (unsigned long long)st.__r12);

    x86_float_state64_t fs;
    cnt = x86_FLOAT_STATE64_COUNT;
    kern_return_t kr = thread_get_state(port, x86_FLOAT_STATE64, (thread_state_t)&fs, &cnt);
    unsigned short fcw;
    memcpy(&fcw, &fs.__fpu_fcw, 2);
    printf("float: kr=%d count=%d fcw=%#x mxcsr=%#x\n", kr, (int)cnt, fcw, fs.__fpu_mxcsr & 0xffc0);

    printf("set short count: %d\n",
           thread_set_state(port, x86_THREAD_STATE64, (thread_state_t)&st, 10) == KERN_INVALID_ARGUMENT);
    st.__rip = exit_label;
    st.__r12 = 0x1234;
    printf("set: %d\n", thread_set_state(port, x86_THREAD_STATE64, (thread_state_t)&st, x86_THREAD_STATE64_COUNT));
    x86_thread_state64_t back;
    cnt = x86_THREAD_STATE64_COUNT;
    thread_get_state(port, x86_THREAD_STATE64, (thread_state_t)&back, &cnt);
    printf("read back: rip=%d r12=%#llx\n", back.__rip == exit_label, (unsigned long long)back.__r12);
    printf("resume: %d\n", thread_resume(port));
    void *ret;
    pthread_join(t, &ret);
    printf("thread returned %#lx\n", (unsigned long)ret);
    return 0;
}
#else
int main(void) {
    puts("no Mach thread control on Linux");
    return 0;
}
#endif
