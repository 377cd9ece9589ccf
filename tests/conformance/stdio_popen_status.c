// Note: popen/pclose: data both ways, and pclose's wait status (exit code,
// death by a signal whose number differs between Linux and macOS).
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static void show(const char *what, int st) {
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: signal SIGUSR1=%d SIGTERM=%d\n", what, WTERMSIG(st) == SIGUSR1, WTERMSIG(st) == SIGTERM);
    else
        printf("%s: other\n", what);
}

int main(void) {
    FILE *p = popen("printf 'one\\ntwo\\n'; exit 3", "r");
    char line[64];
    while (fgets(line, sizeof line, p)) printf("read: %s", line);
    show("reader", pclose(p));

    p = popen("tr a-z A-Z", "w");
    fputs("shouted through a pipe\n", p);
    fflush(stdout);
    show("writer", pclose(p));

    show("usr1", pclose(popen("kill -USR1 $$", "r")));
    show("term", pclose(popen("kill -TERM $$", "r")));
    return 0;
}
