// system(3): NULL asks for a shell, exit statuses and deaths by signal in
// the returned wait status, output ordering with the caller's flushed
// stdout, the environment reaching the command, SIGCHLD blocked and
// SIGINT/SIGQUIT ignored only while the command runs; and popen/pclose of
// a command writing and reading.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *signame(int s) {
    return s == SIGKILL ? "SIGKILL" : s == SIGTERM ? "SIGTERM" : s == SIGUSR1 ? "SIGUSR1" : s == SIGINT ? "SIGINT" : "other";
}

static void describe(const char *label, int st) {
    if (st == -1) printf("%s: -1\n", label);
    else if (WIFEXITED(st)) printf("%s: exited %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by %s\n", label, signame(WTERMSIG(st)));
    else printf("%s: other\n", label);
}

int main(void) {
    printf("shell available: %d\n", system(NULL) != 0);
    fflush(stdout);
    describe("true", system("true"));
    describe("exit 3", system("exit 3"));
    describe("echo", system("echo from the shell; echo \"two words\""));
    describe("kill TERM", system("kill -TERM $$"));
    describe("kill USR1", system("kill -USR1 $$"));
    describe("kill KILL", system("kill -KILL $$"));
    describe("missing command", system("no-such-command-xyz 2>/dev/null"));
    setenv("SYSTEM_VAR", "seen by the command", 1);
    describe("env", system("echo \"$SYSTEM_VAR\""));

    signal(SIGINT, SIG_DFL);
    describe("SIGINT to the caller's group is ignored meanwhile", system("kill -INT 0; exit 5"));
    struct sigaction sa;
    sigaction(SIGINT, NULL, &sa);
    printf("SIGINT default again afterwards: %d\n", sa.sa_handler == SIG_DFL);
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("SIGCHLD unblocked afterwards: %d\n", !sigismember(&m, SIGCHLD));

    FILE *f = popen("echo line one; echo line two", "r");
    char line[128];
    while (fgets(line, sizeof line, f)) printf("popen read: %s", line);
    describe("pclose r", pclose(f));
    fflush(stdout);
    f = popen("tr a-z A-Z; exit 9", "w");
    fputs("to upper case\n", f);
    describe("pclose w", pclose(f));
    return 0;
}
