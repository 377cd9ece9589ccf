// The alternate signal stack: a handler with SA_ONSTACK runs on the alternate stack
// (SS_ONSTACK reported inside), a too-small stack is refused, SS_DISABLE;
// interval timers: setitimer/getitimer with ITIMER_REAL, a periodic timer,
// alarm() returning the seconds left, pause() woken by SIGALRM.
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static char *alt;
static size_t alt_size = 1 << 17;
static volatile int on_alt, flag_onstack, ticks;

static void on_usr1(int sig) {
    (void)sig;
    char here;
    on_alt = (uintptr_t)&here >= (uintptr_t)alt && (uintptr_t)&here < (uintptr_t)alt + alt_size;
    stack_t cur;
    sigaltstack(NULL, &cur);
    flag_onstack = (cur.ss_flags & SS_ONSTACK) != 0;
}

static void on_alrm(int sig) {
    (void)sig;
    ticks++;
}

int main(void) {
    alt = malloc(alt_size);
    stack_t ss, old;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = alt;
    ss.ss_size = alt_size;
    printf("sigaltstack: %d\n", sigaltstack(&ss, &old));
    printf("old was disabled: %d\n", (old.ss_flags & SS_DISABLE) != 0);
    sigaltstack(NULL, &old);
    printf("query: size ok %d, sp ok %d, flags %d\n", old.ss_size == alt_size, old.ss_sp == alt,
           old.ss_flags);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("handler on alt stack: %d, SS_ONSTACK inside: %d\n", on_alt, flag_onstack);
    sigaltstack(NULL, &old);
    printf("SS_ONSTACK outside: %d\n", (old.ss_flags & SS_ONSTACK) != 0);

    // Without SA_ONSTACK the handler uses the normal stack.
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("without SA_ONSTACK on alt stack: %d\n", on_alt);

    stack_t tiny = {.ss_sp = alt, .ss_size = 1024, .ss_flags = 0};
    errno = 0;
    printf("tiny stack: %d ENOMEM=%d\n", sigaltstack(&tiny, NULL), errno == ENOMEM);
    stack_t off = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
    printf("disable: %d\n", sigaltstack(&off, NULL));
    sigaltstack(NULL, &old);
    printf("now disabled: %d\n", (old.ss_flags & SS_DISABLE) != 0);

    // Timers.
    signal(SIGALRM, on_alrm);
    struct itimerval it, cur;
    memset(&it, 0, sizeof it);
    getitimer(ITIMER_REAL, &cur);
    printf("idle timer: %ld %ld %ld %ld\n", (long)cur.it_value.tv_sec, (long)cur.it_value.tv_usec,
           (long)cur.it_interval.tv_sec, (long)cur.it_interval.tv_usec);
    it.it_value.tv_sec = 5;
    it.it_value.tv_usec = 250000;
    printf("setitimer: %d\n", setitimer(ITIMER_REAL, &it, NULL));
    getitimer(ITIMER_REAL, &cur);
    long left = cur.it_value.tv_sec * 1000000L + cur.it_value.tv_usec;
    printf("remaining within (4.5s, 5.25s]: %d, usec in range: %d\n", left > 4500000 && left <= 5250000,
           cur.it_value.tv_usec >= 0 && cur.it_value.tv_usec < 1000000);
    memset(&it, 0, sizeof it);
    struct itimerval prev;
    setitimer(ITIMER_REAL, &it, &prev);
    printf("cancel returns previous: %d\n", prev.it_value.tv_sec >= 4);

    // Periodic: 30 ms interval, count three ticks.
    it.it_value.tv_usec = 30000;
    it.it_interval.tv_usec = 30000;
    setitimer(ITIMER_REAL, &it, NULL);
    while (ticks < 3)
        pause();
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    printf("periodic ticks: %d\n", ticks);

    it.it_value.tv_usec = 2000000;
    errno = 0;
    printf("usec out of range: %d EINVAL=%d\n", setitimer(ITIMER_REAL, &it, NULL), errno == EINVAL);
    errno = 0;
    printf("bad which: %d EINVAL=%d\n", getitimer(99, &cur), errno == EINVAL);

    // alarm() reports the seconds left of the previous alarm.
    printf("alarm(10): %u\n", alarm(10));
    printf("alarm(0) left: %u\n", alarm(0));
    ticks = 0;
    alarm(1);
    int r = pause();
    printf("pause: %d EINTR=%d ticks=%d\n", r, errno == EINTR, ticks);
    return 0;
}
