// Signals and threads: pthread_kill runs the handler on the target thread,
// raise() targets the calling thread, masks are per thread (a
// process-directed signal goes to a thread that does not block it), and
// a dedicated thread takes signals with sigwait.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_t target;
static volatile int ran_on_target, ran_on_main, hits;
static pthread_t main_thread;

static void on_usr1(int sig) {
    (void)sig;
    hits++;
    if (pthread_equal(pthread_self(), target))
        ran_on_target++;
    if (pthread_equal(pthread_self(), main_thread))
        ran_on_main++;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stage;

static void wait_stage(int s) {
    pthread_mutex_lock(&m);
    while (stage < s)
        pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
}

static void set_stage(int s) {
    pthread_mutex_lock(&m);
    stage = s;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&m);
}

static void *worker(void *arg) {
    (void)arg;
    set_stage(1);
    wait_stage(2); // main sends pthread_kill meanwhile
    raise(SIGUSR1); // to this thread
    // Block USR1 here; a process-directed USR1 must then reach main.
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    set_stage(3);
    wait_stage(4);
    return NULL;
}

static void *waiter(void *arg) {
    sigset_t *set = arg;
    int got[3], n = 0;
    while (n < 3) {
        int sig;
        if (sigwait(set, &sig) == 0)
            got[n++] = sig;
    }
    static char buf[64];
    snprintf(buf, sizeof buf, "%d %d %d", got[0] == SIGUSR2, got[1] == SIGHUP, got[2] == SIGUSR2);
    return buf;
}

int main(void) {
    main_thread = pthread_self();
    signal(SIGUSR1, on_usr1);
    pthread_create(&target, NULL, worker, NULL);
    wait_stage(1);
    printf("pthread_kill: %d\n", pthread_kill(target, SIGUSR1));
    usleep(100000);
    printf("after pthread_kill: on target %d, on main %d\n", ran_on_target, ran_on_main);
    set_stage(2);
    wait_stage(3);
    printf("after raise in worker: on target %d, on main %d\n", ran_on_target, ran_on_main);
    kill(getpid(), SIGUSR1);
    printf("process-directed with worker blocking: on target %d, on main %d\n", ran_on_target,
           ran_on_main);
    set_stage(4);
    pthread_join(target, NULL);
    printf("pthread_kill(sig 0) to self: %d, bad signal: %d\n", pthread_kill(pthread_self(), 0),
           pthread_kill(pthread_self(), 1000) != 0);

    // All threads block USR2 and HUP; the waiter takes them in order.
    static sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t w;
    pthread_create(&w, NULL, waiter, &set);
    kill(getpid(), SIGUSR2);
    usleep(50000);
    kill(getpid(), SIGHUP);
    usleep(50000);
    pthread_kill(w, SIGUSR2);
    void *res;
    pthread_join(w, &res);
    printf("sigwait thread got USR2 HUP USR2: %s\n", (char *)res);
    printf("handler total: %d\n", hits);
    return 0;
}
