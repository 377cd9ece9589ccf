// posix_spawn file actions, applied in order in the child: addopen onto
// stdout, adddup2 of a pipe and of stdout onto stderr, addclose, the
// chdir actions, and a failing action (its error is posix_spawn's result).
// Children are this program (a Mach-O file under Calvados) and /bin/sh.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int wait_for(pid_t p) {
    int st;
    if (waitpid(p, &st, 0) != p) return -2;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void show_file(const char *label, const char *path) {
    char buf[256] = {0};
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0) close(fd);
    printf("%s (%zd bytes): %s", label, n, buf);
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) {
        char cwd[4096];
        getcwd(cwd, sizeof cwd);
        const char *base = strrchr(cwd, '/');
        base = base ? base + 1 : cwd;
        // (the run directory's own name differs between runs)
        printf("child in %s", strcmp(base, "sub") && strcmp(base, "deeper") ? "the start directory" : base);
        for (int i = 2; i < argc; i++)
            printf(" fd-open=%d", fcntl(atoi(argv[i]), F_GETFD) >= 0);
        printf("\n");
        fprintf(stderr, "child stderr\n");
        return 0;
    }
    pid_t pid;
    posix_spawn_file_actions_t fa;
    char *av[] = {"child-prog", "child", NULL};

    // stdout to a new file, stderr to the same file.
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    fflush(stdout);
    int r = posix_spawn(&pid, argv[0], &fa, NULL, av, environ);
    printf("addopen: r=%d status %d\n", r, wait_for(pid));
    posix_spawn_file_actions_destroy(&fa);
    show_file("out.txt", "out.txt");
    struct stat st;
    stat("out.txt", &st);
    printf("out.txt mode %o\n", st.st_mode & 0777);

    // stdout into a pipe read by the parent.
    int p[2];
    pipe(p);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    char *sh[] = {"sh", "-c", "echo piped through sh; echo second line", NULL};
    r = posix_spawn(&pid, "/bin/sh", &fa, NULL, sh, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    char buf[256] = {0};
    ssize_t got = 0, n;
    while ((n = read(p[0], buf + got, sizeof buf - 1 - got)) > 0) got += n;
    close(p[0]);
    printf("pipe: r=%d status %d read %zd: %s", r, wait_for(pid), got, buf);

    // addclose: the child sees the descriptor closed; others stay open.
    int a = open("out.txt", O_RDONLY), b = open("out.txt", O_RDONLY);
    char fa_s[16], fb_s[16];
    snprintf(fa_s, sizeof fa_s, "%d", a);
    snprintf(fb_s, sizeof fb_s, "%d", b);
    char *av2[] = {"child-prog", "child", fa_s, fb_s, NULL};
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclose(&fa, a);
    fflush(stdout);
    r = posix_spawn(&pid, argv[0], &fa, NULL, av2, environ);
    printf("addclose: r=%d status %d\n", r, wait_for(pid));
    posix_spawn_file_actions_destroy(&fa);
    close(a);
    close(b);

    // chdir actions: by path and by descriptor, relative to each other.
    mkdir("sub", 0755);
    mkdir("sub/deeper", 0755);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, "sub");
    posix_spawn_file_actions_addchdir_np(&fa, "deeper");
    fflush(stdout);
    r = posix_spawn(&pid, argv[0], &fa, NULL, av, environ);
    printf("addchdir: r=%d status %d\n", r, wait_for(pid));
    posix_spawn_file_actions_destroy(&fa);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addfchdir_np(&fa, dfd);
    fflush(stdout);
    r = posix_spawn(&pid, argv[0], &fa, NULL, av, environ);
    printf("addfchdir: r=%d status %d\n", r, wait_for(pid));
    posix_spawn_file_actions_destroy(&fa);
    close(dfd);
    // A relative program path is looked up after the chdir actions.
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, "sub");
    char *sh2[] = {"sh", "-c", "pwd | sed 's|.*/||'", NULL};
    fflush(stdout);
    r = posix_spawn(&pid, "/bin/sh", &fa, NULL, sh2, environ);
    printf("sh after addchdir: r=%d status %d\n", r, wait_for(pid));
    posix_spawn_file_actions_destroy(&fa);

    // Failing actions: nothing runs, the error is the result.
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 3, "missing/dir/file", O_RDONLY, 0);
    r = posix_spawn(&pid, argv[0], &fa, NULL, av, environ);
    printf("failing addopen: r==ENOENT %d\n", r == ENOENT);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, "no-such-dir");
    r = posix_spawn(&pid, argv[0], &fa, NULL, av, environ);
    printf("failing addchdir: r==ENOENT %d\n", r == ENOENT);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "sub", O_WRONLY, 0);
    r = posix_spawn(&pid, argv[0], &fa, NULL, av, environ);
    printf("opening a directory for writing: r==EISDIR %d\n", r == EISDIR);
    posix_spawn_file_actions_destroy(&fa);
    int status;
    printf("no child left: %d\n", waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
    return 0;
}
