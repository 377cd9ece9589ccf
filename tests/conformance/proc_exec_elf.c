// exec of native (ELF) programs from a Mach-O one: /bin/echo, /bin/sh -c
// with an exit status, /usr/bin/env with an explicit environment, a child
// reading the parent's pipe as stdin; and exec errors: missing file, a
// directory, a path through a regular file, an empty path, a file without
// execute permission, a file of unknown format.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int wait_for(pid_t p) {
    int st;
    waitpid(p, &st, 0);
    if (WIFSIGNALED(st)) return WTERMSIG(st) == SIGTERM ? -15 : -1;
    return WEXITSTATUS(st);
}

#define CHILD(label, body)                                                                         \
    do {                                                                                           \
        fflush(stdout);                                                                            \
        pid_t p_ = fork();                                                                         \
        if (p_ == 0) {                                                                             \
            body;                                                                                  \
            _exit(99);                                                                             \
        }                                                                                          \
        printf("%s: status %d\n", label, wait_for(p_));                                           \
    } while (0)

static void expect_error(const char *label, const char *path) {
    char *av[] = {"x", NULL};
    errno = 0;
    int r = execv(path, av);
    printf("%s: r=%d ENOENT=%d EACCES=%d ENOTDIR=%d ENOEXEC=%d\n", label, r, errno == ENOENT,
           errno == EACCES, errno == ENOTDIR, errno == ENOEXEC);
}

int main(void) {
    CHILD("echo", execl("/bin/echo", "echo", "hello", "from echo", (char *)NULL));
    CHILD("sh exit", execl("/bin/sh", "sh", "-c", "echo \"in sh: $0 $1\"; exit 42", "zero", "one",
                           (char *)NULL));
    CHILD("sh kill", execl("/bin/sh", "sh", "-c", "kill -TERM $$", (char *)NULL));
    {
        char *ev[] = {"ZED=last", "ALPHA=first", NULL};
        CHILD("env", execle("/usr/bin/env", "env", (char *)NULL, ev));
    }
    setenv("INHERITED_VAR", "passed through", 1);
    CHILD("inherited", execl("/bin/sh", "sh", "-c", "echo \"$INHERITED_VAR\"", (char *)NULL));

    int p[2];
    pipe(p);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        execl("/bin/cat", "cat", (char *)NULL);
        _exit(99);
    }
    close(p[0]);
    const char msg[] = "through a pipe to cat\n";
    write(p[1], msg, sizeof msg - 1);
    close(p[1]);
    printf("cat: status %d\n", wait_for(c));

    int fd = open("garbage", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write(fd, "\x01\x02\x03\x04 not a program", 20);
    close(fd);
    fd = open("plain", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    close(fd);
    mkdir("adir", 0755);
    expect_error("missing", "/nonexistent/program");
    expect_error("directory", "adir");
    expect_error("through a file", "plain/x");
    expect_error("empty path", "");
    expect_error("not executable", "plain");
    fflush(stdout);
    c = fork();
    if (c == 0) {
        // Unknown format: ENOEXEC from execv (no shell fallback).
        expect_error("unknown format", "./garbage");
        fflush(stdout);
        _exit(0);
    }
    wait_for(c);
    return 0;
}
