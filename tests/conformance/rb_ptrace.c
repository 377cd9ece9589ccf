// ptrace between a parent and its child: PT_TRACE_ME, a stop reported by
// waitpid, PT_CONTINUE from where it stopped, ESRCH once the child is gone.
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __APPLE__
/* <sys/ptrace.h> (not in zig's macOS headers): requests and prototype. */
#define PT_TRACE_ME 0
#define PT_CONTINUE 7
#define PT_KILL 8
int ptrace(int request, pid_t pid, char *addr, int data);
#define TRACEME PT_TRACE_ME
#define CONT PT_CONTINUE
#define KILLREQ PT_KILL
#else
#include <sys/ptrace.h>
#define TRACEME PTRACE_TRACEME
#define CONT PTRACE_CONT
#define KILLREQ PTRACE_KILL
#endif
int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        if (ptrace(TRACEME, 0, 0, 0) != 0) _exit(90);
        raise(SIGSTOP);
        _exit(7);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("stopped: %d sigstop: %d\n", WIFSTOPPED(st), WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
    printf("cont: %d\n", (int)ptrace(CONT, pid, (char *)1, 0));
    waitpid(pid, &st, 0);
    printf("exited: %d status: %d\n", WIFEXITED(st), WEXITSTATUS(st));
    errno = 0;
    printf("cont gone: %d esrch: %d\n", (int)ptrace(CONT, pid, (char *)1, 0), errno == ESRCH);

    pid = fork();
    if (pid == 0) {
        if (ptrace(TRACEME, 0, 0, 0) != 0) _exit(90);
        raise(SIGSTOP);
        _exit(8);
    }
    waitpid(pid, &st, 0);
    printf("stopped again: %d\n", WIFSTOPPED(st));
    printf("kill: %d\n", (int)ptrace(KILLREQ, pid, 0, 0));
    waitpid(pid, &st, 0);
    printf("killed: %d sigkill: %d\n", WIFSIGNALED(st), WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    return 0;
}
