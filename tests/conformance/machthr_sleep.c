// A thread that sleeps or waits while another thread stops and restarts it
// with thread_suspend/thread_resume (as a garbage collector stopping the
// world does) finishes its wait undisturbed; a signal it catches still
// interrupts it with EINTR, and sleep(3) then rounds the seconds left up.
// darwin-differs: Mach thread control exists only on macOS (<mach/thread_act.h>: thread_suspend, thread_resume); xnu suspends a thread blocked in nanosleep, poll, select or sigsuspend without aborting the wait (only thread_abort does, <mach/thread_act.h>), and macOS' sleep(3) is FreeBSD's gen/sleep.c, which rounds the unslept time up where glibc truncates; so the Linux twin prints one line.
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach/mach.h>

static volatile int phase; /* worker: 1..5 while waiting in call N, 6 when done */
static volatile int stop_poking;
static int rc[5], err[5];
static double took[5];
static volatile sig_atomic_t caught;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void on_usr1(int sig) {
    (void)sig;
    caught++;
}

static void *worker(void *arg) {
    (void)arg;
    double t;
    struct timespec ts = {0, 300000000};
    phase = 1;
    t = now();
    rc[0] = nanosleep(&ts, NULL);
    err[0] = rc[0] ? errno : 0;
    took[0] = now() - t;

    phase = 2;
    t = now();
    rc[1] = poll(NULL, 0, 300);
    err[1] = rc[1] ? errno : 0;
    took[1] = now() - t;

    phase = 3;
    struct timeval tv = {0, 300000};
    t = now();
    rc[2] = select(0, NULL, NULL, NULL, &tv);
    err[2] = rc[2] ? errno : 0;
    took[2] = now() - t;

    phase = 4;
    t = now();
    rc[3] = usleep(300000);
    err[3] = rc[3] ? errno : 0;
    took[3] = now() - t;

    /* A caught signal ends the wait with EINTR, as before. */
    phase = 5;
    ts.tv_sec = 10;
    ts.tv_nsec = 0;
    t = now();
    rc[4] = nanosleep(&ts, NULL);
    err[4] = rc[4] ? errno : 0;
    took[4] = now() - t;
    phase = 6;
    return NULL;
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    mach_port_t port = pthread_mach_thread_np(t);
    int suspends = 0, bad = 0;
    /* Stop the world every few milliseconds while the worker waits. */
    while (phase < 5) {
        if (phase >= 1) {
            bad |= thread_suspend(port) != KERN_SUCCESS;
            usleep(2000);
            bad |= thread_resume(port) != KERN_SUCCESS;
            suspends++;
        }
        usleep(5000);
    }
    usleep(100000); /* let it enter the long nanosleep */
    bad |= thread_suspend(port) != KERN_SUCCESS;
    bad |= thread_resume(port) != KERN_SUCCESS;
    usleep(50000);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);

    printf("suspend/resume failures: %d, enough suspends: %d\n", bad, suspends >= 40);
    const char *name[] = {"nanosleep", "poll", "select", "usleep"};
    for (int i = 0; i < 4; i++)
        printf("%s: rc=%d errno=%d full wait: %d\n", name[i], rc[i], err[i], took[i] >= 0.29);
    printf("caught signal: rc=%d EINTR: %d handler ran: %d early: %d\n", rc[4], err[4] == EINTR,
           (int)caught, took[4] < 5);

    /* sleep(3) interrupted with 2.8 s left says 3: macOS' sleep (FreeBSD's
       gen/sleep.c) rounds any fraction of a second up. */
    signal(SIGALRM, on_usr1);
    ualarm(200000, 0);
    unsigned left = sleep(3);
    printf("sleep left: %u, handler ran: %d\n", left, (int)caught);
    return 0;
}
#else
int main(void) {
    puts("no Mach thread control on Linux");
    return 0;
}
#endif
