// execv/execve/execl/execle of this program itself (a Mach-O file under
// Calvados): the child sees the argv[0] the caller chose, its own path as
// the executable, the environment it was given, descriptors without
// FD_CLOEXEC (and closed standard descriptors still closed), ignored
// signals still ignored, caught ones back to default,
// and the signal mask.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#define PROGNAME getprogname()
#else
#define PROGNAME program_invocation_short_name
#endif

extern char **environ;

static void on_usr2(int s) { (void)s; }

static int child(int argc, char **argv) {
    // argv: NAME child MODE EXE [fd_keep fd_cloexec] [args...]
    const char *mode = argv[2];
    char exe[4096];
#ifdef __APPLE__
    uint32_t n = sizeof exe;
    if (_NSGetExecutablePath(exe, &n) != 0) strcpy(exe, "?");
#else
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[k < 0 ? 0 : k] = 0;
#endif
    printf("[%s] argc=%d argv0=%s progname=%s exe-matches=%d\n", mode, argc, argv[0], PROGNAME,
           strcmp(exe, argv[3]) == 0);
    if (strcmp(mode, "fds") != 0) // (descriptor numbers are not printed)
        for (int i = 4; i < argc; i++) printf("[%s] arg%d=<%s>\n", mode, i, argv[i]);
    if (!strcmp(mode, "env")) {
        for (char **e = environ; *e; e++) printf("[env] %s\n", *e);
    }
    if (!strcmp(mode, "fds")) {
        int keep = atoi(argv[4]), cloexec = atoi(argv[5]);
        printf("[fds] kept fd open: %d\n", fcntl(keep, F_GETFD) >= 0);
        errno = 0;
        printf("[fds] cloexec fd closed: %d EBADF=%d\n", fcntl(cloexec, F_GETFD) == -1, errno == EBADF);
        char buf[16] = {0};
        lseek(keep, 0, SEEK_SET);
        read(keep, buf, sizeof buf - 1);
        printf("[fds] read through kept fd: %s\n", buf);
    }
    if (!strcmp(mode, "closed")) {
        errno = 0;
        printf("[closed] stdin closed: %d, stderr closed: %d\n", fcntl(0, F_GETFD) == -1,
               fcntl(2, F_GETFD) == -1 && errno == EBADF);
    }
    if (!strcmp(mode, "signals")) {
        struct sigaction sa;
        sigaction(SIGUSR1, NULL, &sa);
        printf("[signals] SIGUSR1 ignored: %d\n", sa.sa_handler == SIG_IGN);
        sigaction(SIGUSR2, NULL, &sa);
        printf("[signals] SIGUSR2 default: %d\n", sa.sa_handler == SIG_DFL);
        sigaction(SIGPIPE, NULL, &sa);
        printf("[signals] SIGPIPE ignored: %d\n", sa.sa_handler == SIG_IGN);
        sigset_t m;
        sigprocmask(SIG_BLOCK, NULL, &m);
        printf("[signals] SIGTERM blocked: %d SIGINT blocked: %d\n", sigismember(&m, SIGTERM),
               sigismember(&m, SIGINT));
    }
    return 40 + argc;
}

static void run(const char *what, void (*fn)(char *self), char *self) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        fn(self);
        printf("exec failed: %d\n", errno);
        _exit(99);
    }
    int st;
    waitpid(p, &st, 0);
    printf("%s: exited=%d status=%d\n", what, WIFEXITED(st), WEXITSTATUS(st));
}

static void do_execv(char *self) {
    char *av[] = {"custom-name", "child", "execv", self, "a b", "", "c", NULL};
    execv(self, av);
}
static void do_execl(char *self) { execl(self, "other/name", "child", "execl", self, "x", (char *)NULL); }
static void do_execve(char *self) {
    char *av[] = {"envchild", "child", "env", self, NULL};
    char *ev[] = {"ALPHA=1", "BETA=two words", "EMPTY=", NULL};
    execve(self, av, ev);
}
static void do_execle(char *self) {
    char *ev[] = {"ONLY=this", NULL};
    execle(self, "le", "child", "env", self, (char *)NULL, ev);
}
static void do_fds(char *self) {
    int keep = open("kept.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(keep, "kept-data", 9);
    int cl = open("kept.txt", O_RDONLY | O_CLOEXEC);
    char a[16], b[16];
    snprintf(a, sizeof a, "%d", keep);
    snprintf(b, sizeof b, "%d", cl);
    char *av[] = {"fds", "child", "fds", self, a, b, NULL};
    execv(self, av);
}
static void do_closed(char *self) {
    close(0);
    close(2);
    char *av[] = {"closed", "child", "closed", self, NULL};
    execv(self, av);
}
static void do_signals(char *self) {
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, on_usr2);
    signal(SIGPIPE, SIG_IGN);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGTERM);
    sigprocmask(SIG_BLOCK, &m, NULL);
    char *av[] = {"sig", "child", "signals", self, NULL};
    execv(self, av);
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) return child(argc, argv);
    setenv("FROM_PARENT", "yes", 1);
    run("execv", do_execv, argv[0]);
    run("execl", do_execl, argv[0]);
    run("execve", do_execve, argv[0]);
    run("execle", do_execle, argv[0]);
    run("fds", do_fds, argv[0]);
    run("closed", do_closed, argv[0]);
    run("signals", do_signals, argv[0]);
    return 0;
}
