// err(3)/warn(3): "progname: message[: strerror]" on stderr, NULL formats, the v* forms,
// and err/errx/verr/verrx exiting through exit(3) (atexit handlers run, stdio flushed).
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void my_vwarnx(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vwarnx(fmt, ap);
    va_end(ap);
}

static void my_vwarn(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
}

static void my_verrx(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verrx(code, fmt, ap);
}

static void my_verr(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verr(code, fmt, ap);
}

static void bye(void) {
    printf("atexit handler ran\n");
}

static void child(int which) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        atexit(bye);
        printf("child %d buffered output\n", which);
        errno = ENOENT;
        switch (which) {
        case 0: err(3, "err %s", "child");
        case 1: errx(4, "errx %d%%", 100);
        case 2: my_verr(5, "verr %c", 'v');
        default: my_verrx(6, "verrx %.2f", 2.5);
        }
    }
    int st = 0;
    waitpid(pid, &st, 0);
    printf("child %d: exited=%d status=%d\n", which, WIFEXITED(st), WEXITSTATUS(st));
}

int main(void) {
    warnx("plain %d %s", 42, "words");
    warnx("%5.1f|%-4s|%x", 3.14159, "ab", 255);
    warnx(NULL);
    errno = ENOENT;
    warn("open %s", "missing.txt");
    errno = ENOENT;
    warn(NULL);
    printf("errno kept after warn: %d\n", errno == ENOENT);
    my_vwarnx("v%s %d", "warnx", 7);
    errno = ENOENT;
    my_vwarn("v%s", "warn");
    warnx("tab\tkept");
    for (int i = 0; i < 4; i++) child(i);
    return 0;
}
