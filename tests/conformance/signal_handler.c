// Signal handlers: signal(), sigaction() with SA_SIGINFO, blocking with
// sigprocmask and sigpending, raise() and kill(getpid()).  Signal numbers
// differ between Linux and macOS, so only names are compared.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count, usr2_count, info_signo_ok, info_pid_ok;

static void on_usr1(int sig) { usr1_count += sig == SIGUSR1; }

static void on_usr2(int sig, siginfo_t *info, void *ctx) {
    (void)ctx;
    usr2_count += sig == SIGUSR2;
    info_signo_ok = info != NULL && info->si_signo == SIGUSR2;
    info_pid_ok = info != NULL && info->si_pid == getpid();
}

int main(void) {
    printf("signal() previous is SIG_DFL: %d\n", signal(SIGUSR1, on_usr1) == SIG_DFL);
    printf("raise: %d\n", raise(SIGUSR1));
    printf("usr1 handled: %d\n", (int)usr1_count);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    printf("sigaction: %d\n", sigaction(SIGUSR2, &sa, NULL));
    printf("kill self: %d\n", kill(getpid(), SIGUSR2));
    printf("usr2 handled: %d si_signo ok: %d si_pid ok: %d\n", (int)usr2_count, (int)info_signo_ok,
           (int)info_pid_ok);

    struct sigaction old;
    sigaction(SIGUSR2, NULL, &old);
    printf("query returns our handler: %d, SA_SIGINFO kept: %d\n", old.sa_sigaction == on_usr2,
           (old.sa_flags & SA_SIGINFO) != 0);

    sigset_t set, pending, prev;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    printf("block: %d\n", sigprocmask(SIG_BLOCK, &set, &prev));
    raise(SIGUSR1);
    printf("while blocked: handled=%d\n", (int)usr1_count);
    sigpending(&pending);
    printf("pending USR1: %d, pending USR2: %d\n", sigismember(&pending, SIGUSR1), sigismember(&pending, SIGUSR2));
    printf("unblock: %d\n", sigprocmask(SIG_SETMASK, &prev, NULL));
    printf("after unblock: handled=%d\n", (int)usr1_count);

    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored: handled=%d\n", (int)usr1_count);

    sigset_t full;
    sigfillset(&full);
    printf("sigfillset has SIGINT: %d, SIGTERM: %d\n", sigismember(&full, SIGINT), sigismember(&full, SIGTERM));
    return 0;
}
