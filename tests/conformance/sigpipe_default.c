// A program starts with SIGPIPE at its default action (the runtime must not
// leak an ignored SIGPIPE into it): writing to a pipe whose reader is gone
// kills the writer with SIGPIPE.
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    struct sigaction sa;
    sigaction(SIGPIPE, NULL, &sa);
    printf("default at start: %d\n", sa.sa_handler == SIG_DFL);
    int p[2];
    pipe(p);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        for (int i = 0; i < 100000; i++) write(p[1], "x", 1);
        _exit(0);
    }
    close(p[0]);
    close(p[1]);
    int st;
    waitpid(pid, &st, 0);
    printf("child killed by SIGPIPE: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
    return 0;
}
