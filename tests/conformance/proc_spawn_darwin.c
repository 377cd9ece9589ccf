// darwin-differs: <sys/spawn.h> and posix_spawn(2) on macOS define the Apple extensions POSIX_SPAWN_SETEXEC (exec in place, no new process), POSIX_SPAWN_CLOEXEC_DEFAULT (every descriptor not named by a file action is closed) and posix_spawn_file_actions_addinherit_np (<spawn.h>); glibc has none of them, so the Linux twin only says so.
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc > 2 && !strcmp(argv[1], "report")) {
        // argv: report LABEL ROLE=FD...
        printf("%s:", argv[2]);
        for (int i = 3; i < argc; i++) {
            const char *eq = strchr(argv[i], '=');
            printf(" %.*s=%s", (int)(eq - argv[i]), argv[i], fcntl(atoi(eq + 1), F_GETFD) >= 0 ? "open" : "closed");
        }
        printf(" ppid-is-harness=%d\n", getppid() != 1);
        return 0;
    }
#if defined(POSIX_SPAWN_CLOEXEC_DEFAULT) && defined(POSIX_SPAWN_SETEXEC)
    int a = open("/dev/null", O_RDONLY);
    int b = dup(a);
    int c = dup(a);
    char sa[16], sb[16], sc[16];
    snprintf(sa, sizeof sa, "a=%d", a);
    snprintf(sb, sizeof sb, "b=%d", b);
    snprintf(sc, sizeof sc, "c=%d", c);
    char *av[] = {argv[0], "report", "cloexec-default", "0=0", "1=1", "2=2", sa, sb, sc, NULL};
    posix_spawnattr_t at;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_CLOEXEC_DEFAULT);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addinherit_np(&fa, 1);
    posix_spawn_file_actions_addinherit_np(&fa, a);
    posix_spawn_file_actions_adddup2(&fa, a, c);
    pid_t pid;
    fflush(stdout);
    int r = posix_spawn(&pid, argv[0], &fa, &at, av, environ);
    int st;
    waitpid(pid, &st, 0);
    printf("CLOEXEC_DEFAULT: r=%d status %d (named by an action: 1, a, c)\n", r, WEXITSTATUS(st));
    posix_spawn_file_actions_destroy(&fa);

    fcntl(b, F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addinherit_np(&fa, b);
    char *av2[] = {argv[0], "report", "inherit clears cloexec", sb, NULL};
    fflush(stdout);
    r = posix_spawn(&pid, argv[0], &fa, NULL, av2, environ);
    waitpid(pid, &st, 0);
    printf("addinherit_np: r=%d status %d\n", r, WEXITSTATUS(st));
    posix_spawn_file_actions_destroy(&fa);

    posix_spawn_file_actions_init(&fa);
    printf("addinherit_np(-1)==EBADF: %d\n", posix_spawn_file_actions_addinherit_np(&fa, -1) == EBADF);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETEXEC);
    char *av3[] = {argv[0], "report", "after SETEXEC", NULL};
    fflush(stdout);
    r = posix_spawn(NULL, "/nonexistent", NULL, &at, av3, environ);
    printf("SETEXEC of a missing file: r==ENOENT %d, still here\n", r == ENOENT);
    fflush(stdout);
    posix_spawn(NULL, argv[0], NULL, &at, av3, environ);
    printf("SETEXEC returned\n");
    return 1;
#else
    (void)argv;
    printf("no POSIX_SPAWN_CLOEXEC_DEFAULT, POSIX_SPAWN_SETEXEC or addinherit_np\n");
    return 0;
#endif
}
