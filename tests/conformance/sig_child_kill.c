// Signals between processes: kill() to a child (default action, a
// handler, stop and continue), the wait status naming the signal,
// SIGCHLD with siginfo (CLD_EXITED, si_pid, si_status), kill(pid, 0),
// killpg, and strsignal/psignal texts that both systems share.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t chld_code, chld_status, chld_pid_ok, chld_seen;
static volatile pid_t expect_pid;

static void on_chld(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    chld_seen = sig == SIGCHLD;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_pid_ok = si->si_pid == expect_pid;
}

static void child_usr1(int sig) { _exit(sig == SIGUSR1 ? 42 : 1); }

static pid_t spawn_waiting(int with_handler) {
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        if (with_handler)
            signal(SIGUSR1, child_usr1);
        write(p[1], "r", 1);
        for (;;)
            pause();
    }
    char c;
    read(p[0], &c, 1); // the child is ready
    close(p[0]);
    close(p[1]);
    return pid;
}

int main(void) {
    int st;
    pid_t pid = spawn_waiting(0);
    printf("kill(child, 0): %d\n", kill(pid, 0));
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
    printf("TERM: signaled=%d sig is TERM=%d\n", WIFSIGNALED(st), WTERMSIG(st) == SIGTERM);

    pid = spawn_waiting(1);
    kill(pid, SIGUSR1);
    waitpid(pid, &st, 0);
    printf("USR1 with handler: exited=%d code=%d\n", WIFEXITED(st), WEXITSTATUS(st));

    pid = spawn_waiting(0);
    kill(pid, SIGSTOP);
    waitpid(pid, &st, WUNTRACED);
    printf("STOP: stopped=%d sig is STOP=%d\n", WIFSTOPPED(st), WSTOPSIG(st) == SIGSTOP);
    kill(pid, SIGCONT);
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    printf("KILL: signaled=%d sig is KILL=%d\n", WIFSIGNALED(st), WTERMSIG(st) == SIGKILL);
    errno = 0;
    printf("kill(dead child, 0): %d ESRCH=%d\n", kill(pid, 0), errno == ESRCH);

    // SIGCHLD with siginfo.
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid = fork();
    if (pid == 0)
        _exit(7);
    expect_pid = pid;
    sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    waitpid(pid, &st, 0);
    printf("SIGCHLD: seen=%d CLD_EXITED=%d status=%d pid ok=%d\n", (int)chld_seen,
           chld_code == CLD_EXITED, (int)chld_status, (int)chld_pid_ok);

    // killpg to our own process group (the harness makes us its leader).
    signal(SIGCHLD, SIG_DFL);
    signal(SIGUSR2, SIG_IGN);
    printf("killpg(own group, USR2): %d\n", killpg(getpid(), SIGUSR2));
    errno = 0;
    printf("killpg(-1): %d EINVAL=%d\n", killpg(-1, SIGUSR2), errno == EINVAL);

    int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGBUS, SIGFPE, SIGKILL, SIGUSR1,
                  SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGCHLD, SIGCONT, SIGTTIN,
                  SIGTTOU, SIGURG, SIGVTALRM, SIGPROF, SIGIO, SIGSYS};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        printf("strsignal: %s\n", strsignal(sigs[i]));
    fflush(stdout);
    psignal(SIGINT, "psignal");
    psignal(SIGTERM, "");
    psignal(SIGPIPE, NULL);
    return 0;
}
