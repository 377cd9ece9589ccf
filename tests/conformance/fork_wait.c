// fork, pipes between parent and child, waitpid and exit statuses.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        close(fds[0]);
        const char msg[] = "hello from the child";
        write(fds[1], msg, sizeof msg);
        close(fds[1]);
        _exit(5);
    }
    close(fds[1]);
    char buf[64] = {0};
    ssize_t n = read(fds[0], buf, sizeof buf);
    close(fds[0]);
    printf("parent read %zd bytes: %s\n", n, buf);
    int status;
    pid_t w = waitpid(pid, &status, 0);
    printf("waitpid matches: %d exited=%d code=%d\n", w == pid, WIFEXITED(status), WEXITSTATUS(status));

    fflush(stdout); // otherwise the child inherits (and may flush) a copy of the buffer
    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    printf("killed child: signaled=%d by SIGTERM=%d\n", WIFSIGNALED(status), WTERMSIG(status) == SIGTERM);

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        printf("child output is flushed by exit\n");
        exit(0);
    }
    waitpid(pid, &status, 0);
    printf("no children left: %d\n", waitpid(-1, &status, WNOHANG) == -1);
    return 0;
}
