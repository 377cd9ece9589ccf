// Wait statuses in darwin's encoding: exit codes, deaths by signal
// (compared with the signal names, whose numbers differ), stops and
// continues (WUNTRACED, WCONTINUED), WNOHANG, waitid's siginfo_t (si_code,
// si_status, WNOWAIT, WSTOPPED), process-group waits, wait3/wait4 with
// their rusage, and ECHILD.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *signame(int s) {
    return s == SIGKILL ? "SIGKILL" : s == SIGTERM ? "SIGTERM" : s == SIGUSR1 ? "SIGUSR1"
         : s == SIGSEGV ? "SIGSEGV" : s == SIGABRT ? "SIGABRT" : s == SIGSTOP ? "SIGSTOP"
         : s == SIGTSTP ? "SIGTSTP" : s == SIGCONT ? "SIGCONT" : s == SIGCHLD ? "SIGCHLD"
         : s == SIGPIPE ? "SIGPIPE" : s == SIGALRM ? "SIGALRM" : "other";
}

static void describe(const char *label, int st) {
    printf("%s: ", label);
    if (WIFEXITED(st)) printf("exited %d\n", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("killed by %s core=%d\n", signame(WTERMSIG(st)), WCOREDUMP(st) != 0);
    else if (WIFSTOPPED(st)) printf("stopped by %s\n", signame(WSTOPSIG(st)));
    else if (WIFCONTINUED(st)) printf("continued\n");
    else printf("unknown\n");
}

static pid_t child_doing(int what) {
    fflush(stdout);
    pid_t p = fork();
    if (p != 0) return p;
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    switch (what) {
    case 0: _exit(0);
    case 1: _exit(1);
    case 2: _exit(255);
    case 3: exit(300); // truncated to 8 bits
    case 4: raise(SIGTERM); break;
    case 5: raise(SIGUSR1); break;
    case 6: abort();
    case 7: *(volatile int *)0 = 1; break;
    case 8: for (;;) pause();
    case 9: alarm(1); for (;;) pause();
    case 10: {
        int p2[2];
        pipe(p2);
        close(p2[0]);
        write(p2[1], "x", 1);
        break;
    }
    }
    _exit(77);
}

int main(void) {
    int st;
    pid_t w;
    const char *labels[] = {"_exit(0)", "_exit(1)", "_exit(255)", "exit(300)", "raise(SIGTERM)",
                            "raise(SIGUSR1)", "abort()", "null write", "", "alarm", "broken pipe"};
    for (int i = 0; i <= 10; i++) {
        if (i == 8) continue;
        pid_t p = child_doing(i);
        w = waitpid(p, &st, 0);
        if (w != p) printf("waitpid returned another pid\n");
        describe(labels[i], st);
    }

    pid_t p = child_doing(8);
    printf("WNOHANG while running: %d\n", waitpid(p, &st, WNOHANG));
    kill(p, SIGSTOP);
    waitpid(p, &st, WUNTRACED);
    describe("after SIGSTOP with WUNTRACED", st);
    kill(p, SIGCONT);
    waitpid(p, &st, WCONTINUED);
    describe("after SIGCONT with WCONTINUED", st);
    kill(p, SIGTSTP);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WSTOPPED);
    printf("waitid stopped: signo=%s code==CLD_STOPPED %d status=%s pid-matches=%d\n", signame(si.si_signo),
           si.si_code == CLD_STOPPED, signame(si.si_status), si.si_pid == p);
    kill(p, SIGCONT);
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WCONTINUED);
    printf("waitid continued: code==CLD_CONTINUED %d status=%s\n", si.si_code == CLD_CONTINUED, signame(si.si_status));
    kill(p, SIGKILL);
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WEXITED | WNOWAIT);
    printf("waitid WNOWAIT: code==CLD_KILLED %d status=%s uid-matches=%d\n", si.si_code == CLD_KILLED,
           signame(si.si_status), si.si_uid == getuid());
    describe("still waitable after WNOWAIT", (waitpid(p, &st, 0) == p) ? st : -1);

    p = child_doing(1);
    memset(&si, 0, sizeof si);
    int r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid P_ALL exited: r=%d code==CLD_EXITED %d status=%d signo=%s pid-matches=%d\n", r,
           si.si_code == CLD_EXITED, si.si_status, signame(si.si_signo), si.si_pid == p);
    memset(&si, 0, sizeof si);
    errno = 0;
    r = waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
    printf("waitid with no children: r=%d ECHILD=%d\n", r, errno == ECHILD);
    p = child_doing(8);
    memset(&si, 0, sizeof si);
    si.si_pid = 12345;
    r = waitid(P_PID, p, &si, WEXITED | WNOHANG);
    printf("waitid WNOHANG nothing ready: r=%d si_pid=%d\n", r, si.si_pid);
    kill(p, SIGKILL);
    waitpid(p, &st, 0);

    // Process-group waits: a child in its own group, waited by -pgid and 0.
    fflush(stdout);
    pid_t g = fork();
    if (g == 0) {
        setpgid(0, 0);
        _exit(3);
    }
    setpgid(g, g);
    w = waitpid(-g, &st, 0);
    printf("waitpid(-pgid): matches=%d ", w == g);
    describe("status", st);
    p = child_doing(2);
    w = waitpid(0, &st, 0);
    printf("waitpid(0): matches=%d ", w == p);
    describe("status", st);

    // rusage from wait3/wait4: a child that burns some CPU.
    fflush(stdout);
    p = fork();
    if (p == 0) {
        volatile unsigned long x = 0;
        struct timeval t0, t1;
        gettimeofday(&t0, NULL);
        do {
            for (int i = 0; i < 1000000; i++) x += i;
            gettimeofday(&t1, NULL);
        } while ((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_usec - t0.tv_usec) < 60000);
        _exit(4);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    w = wait4(p, &st, 0, &ru);
    printf("wait4: matches=%d utime>0=%d usec-valid=%d ", w == p,
           ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0,
           ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 && ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000);
    describe("status", st);
    p = child_doing(1);
    memset(&ru, 0xff, sizeof ru);
    w = wait3(&st, 0, &ru);
    printf("wait3: matches=%d usec-valid=%d ", w == p, ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
    describe("status", st);

    errno = 0;
    printf("wait with no children: %d ECHILD=%d\n", wait(&st), errno == ECHILD);
    errno = 0;
    printf("waitpid(bogus): %d ECHILD=%d\n", waitpid(999999, &st, 0), errno == ECHILD);
    return 0;
}
