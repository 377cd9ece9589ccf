// posix_spawn and posix_spawnp: this program (a Mach-O file under
// Calvados) and native programs as children, argv and environment, PATH
// search, errors returned as values (nothing started), attribute and
// file-action objects' defaults and round trips, and their argument checks.
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int wait_for(pid_t p) {
    int st;
    if (waitpid(p, &st, 0) != p) return -2;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("child: argv0=%s argc=%d", argv[0], argc);
        for (int i = 2; i < argc; i++) printf(" <%s>", argv[i]);
        printf(" SPAWNVAR=%s\n", getenv("SPAWNVAR") ? getenv("SPAWNVAR") : "(unset)");
        return 21;
    }
    pid_t pid = 0;
    char *av[] = {"spawned-self", "child", "one", "two words", NULL};
    setenv("SPAWNVAR", "inherited", 1);
    fflush(stdout);
    int r = posix_spawn(&pid, argv[0], NULL, NULL, av, environ);
    int pid_set = pid > 0;
    printf("spawn self: status %d\n", wait_for(pid));
    printf("spawn self: r=%d pid>0=%d\n", r, pid_set);

    char *ev[] = {"SPAWNVAR=explicit", NULL};
    fflush(stdout);
    r = posix_spawn(&pid, argv[0], NULL, NULL, av, ev);
    printf("spawn self with env: r=%d status %d\n", r, wait_for(pid));

    char *echo[] = {"echo", "echo", "via", "posix_spawnp", NULL};
    fflush(stdout);
    r = posix_spawnp(&pid, "echo", NULL, NULL, echo, environ);
    printf("spawnp echo: r=%d status %d\n", r, wait_for(pid));
    char *sh[] = {"sh", "-c", "exit 7", NULL};
    r = posix_spawn(NULL, "/bin/sh", NULL, NULL, sh, environ);
    int st;
    pid_t w = wait(&st);
    printf("spawn without pid: r=%d waited=%d status %d\n", r, w > 0, WEXITSTATUS(st));

    pid = 12345;
    r = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, av, environ);
    printf("missing: r==ENOENT %d\n", r == ENOENT);
    r = posix_spawn(&pid, "/etc/passwd", NULL, NULL, av, environ);
    printf("not executable: r==EACCES %d\n", r == EACCES);
    r = posix_spawnp(&pid, "no-such-program-anywhere", NULL, NULL, av, environ);
    printf("spawnp missing: r==ENOENT %d\n", r == ENOENT);
    printf("no child left: %d\n", waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);

    posix_spawnattr_t at;
    printf("attr init: %d\n", posix_spawnattr_init(&at));
    short fl = -1;
    posix_spawnattr_getflags(&at, &fl);
    printf("default flags: %d\n", fl);
    pid_t pg = -1;
    posix_spawnattr_getpgroup(&at, &pg);
    printf("default pgroup: %d\n", pg);
    sigset_t s;
    sigfillset(&s);
    posix_spawnattr_getsigmask(&at, &s);
    printf("default sigmask empty: %d\n", !sigismember(&s, SIGINT) && !sigismember(&s, SIGUSR1));
    sigfillset(&s);
    posix_spawnattr_getsigdefault(&at, &s);
    printf("default sigdefault empty: %d\n", !sigismember(&s, SIGINT) && !sigismember(&s, SIGUSR1));
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_getflags(&at, &fl);
    printf("flags round trip: %d\n", fl == (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK));
    posix_spawnattr_setpgroup(&at, 77);
    posix_spawnattr_getpgroup(&at, &pg);
    printf("pgroup round trip: %d\n", pg);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    posix_spawnattr_setsigmask(&at, &s);
    sigemptyset(&s);
    posix_spawnattr_getsigmask(&at, &s);
    printf("sigmask round trip: %d %d\n", sigismember(&s, SIGUSR2), sigismember(&s, SIGUSR1));
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    posix_spawnattr_setsigdefault(&at, &s);
    sigemptyset(&s);
    posix_spawnattr_getsigdefault(&at, &s);
    printf("sigdefault round trip: %d %d\n", sigismember(&s, SIGHUP), sigismember(&s, SIGUSR2));
    printf("attr destroy: %d\n", posix_spawnattr_destroy(&at));

    posix_spawn_file_actions_t fa;
    printf("actions init: %d\n", posix_spawn_file_actions_init(&fa));
    printf("addclose(-1)==EBADF: %d\n", posix_spawn_file_actions_addclose(&fa, -1) == EBADF);
    printf("adddup2(-1,1)==EBADF: %d\n", posix_spawn_file_actions_adddup2(&fa, -1, 1) == EBADF);
    printf("adddup2(1,-1)==EBADF: %d\n", posix_spawn_file_actions_adddup2(&fa, 1, -1) == EBADF);
    printf("addopen(-1)==EBADF: %d\n",
           posix_spawn_file_actions_addopen(&fa, -1, "x", 0, 0) == EBADF);
    printf("addclose(5): %d\n", posix_spawn_file_actions_addclose(&fa, 5));
    printf("actions destroy: %d\n", posix_spawn_file_actions_destroy(&fa));
    return 0;
}
