// openpty with a termios and window size, forkpty (the child's stdio is
// the slave and it has a controlling terminal), login_tty, ttyname,
// ptsname_r, TIOCGPGRP/tcgetpgrp/tcgetsid from the session leader, and
// the slave's hang-up when the master closes.
// linux-cflags: -lutil
#define _GNU_SOURCE
#define _DARWIN_C_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#ifdef __APPLE__
/* <util.h> (not shipped with zig's macOS headers) */
int openpty(int *, int *, char *, struct termios *, struct winsize *);
pid_t forkpty(int *, char *, struct termios *, struct winsize *);
int login_tty(int);
#else
#include <pty.h>
#include <utmp.h>
#endif

static void read_all(int fd, const char *what) {
    char buf[512];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = 0;
    printf("%s:\n%s", what, buf);
}

int main(void) {
    int m, s;
    char name[128];
    struct termios t;
    memset(&t, 0, sizeof t);
    t.c_iflag = ICRNL;
    t.c_oflag = OPOST | ONLCR;
    t.c_cflag = CS8 | CREAD;
    t.c_lflag = ICANON | ISIG;
    t.c_cc[VINTR] = 3;
    t.c_cc[VEOF] = 4;
    t.c_cc[VMIN] = 1;
    struct winsize ws = {30, 100, 0, 0};
    printf("openpty: %d\n", openpty(&m, &s, name, &t, &ws));
    printf("name: %d\n", strncmp(name, "/dev/", 5) == 0);
    char *tn = ttyname(s);
    printf("ttyname matches: %d\n", tn != NULL && strcmp(tn, name) == 0);
    char buf[128];
    printf("ttyname_r: %d same=%d\n", ttyname_r(s, buf, sizeof buf), strcmp(buf, name) == 0);
    printf("ttyname_r small: %d\n", ttyname_r(s, buf, 3) == ERANGE);
    int fd = open("plain", O_CREAT | O_RDWR, 0600);
    errno = 0;
    printf("ttyname file: %d ENOTTY=%d\n", ttyname(fd) == NULL, errno == ENOTTY);
    printf("ptsname_r: %d same=%d\n", ptsname_r(m, buf, sizeof buf), strcmp(buf, name) == 0);
    printf("ptsname_r small fails: %d\n", ptsname_r(m, buf, 3) != 0);
    struct termios u;
    tcgetattr(s, &u);
    printf("applied: ICANON=%d ECHO=%d ISIG=%d\n", !!(u.c_lflag & ICANON), !!(u.c_lflag & ECHO),
           !!(u.c_lflag & ISIG));
    struct winsize got;
    ioctl(s, TIOCGWINSZ, &got);
    printf("winsize: %dx%d\n", got.ws_row, got.ws_col);
    close(s);
    close(m);

    fflush(stdout);
    ws.ws_row = 40;
    pid_t pid = forkpty(&m, name, NULL, &ws);
    if (pid == 0) {
        struct winsize w;
        ioctl(0, TIOCGWINSZ, &w);
        printf("child: isatty %d%d%d rows=%d\n", isatty(0), isatty(1), isatty(2), w.ws_row);
        printf("child: tcgetpgrp is my pid=%d\n", tcgetpgrp(0) == getpid());
        printf("child: tcgetsid is me=%d\n", tcgetsid(0) == getpid());
        pid_t pg = 0;
        printf("child: TIOCGPGRP=%d is my pid=%d\n", ioctl(0, TIOCGPGRP, &pg), pg == getpid());
        char line[64] = {0};
        printf("child: type something\n");
        fflush(stdout);
        ssize_t n = read(0, line, sizeof line - 1);
        printf("child: got %zd [%.*s]\n", n, (int)(n > 0 ? n - 1 : 0), line);
        fflush(stdout);
        _exit(7);
    }
    printf("forkpty: %d\n", pid > 0);
    fflush(stdout);
    /* Answer only once the child has asked, so the order is fixed. */
    char seen[512];
    size_t have = 0;
    ssize_t k;
    while (have < sizeof seen - 1 && (k = read(m, seen + have, sizeof seen - 1 - have)) > 0) {
        have += (size_t)k;
        seen[have] = 0;
        if (strstr(seen, "type something\r\n"))
            break;
    }
    seen[have] = 0;
    printf("master saw before answering:\n%s", seen);
    write(m, "hello\n", 6);
    int st;
    waitpid(pid, &st, 0);
    read_all(m, "master saw after");
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(m);

    printf("openpty again: %d\n", openpty(&m, &s, NULL, NULL, NULL));
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        close(m);
        printf("login_tty: %d\n", login_tty(s));
        printf("after login_tty: ctty=%d\n", tcgetsid(0) == getpid());
        fflush(stdout);
        _exit(0);
    }
    close(s);
    waitpid(pid, &st, 0);
    read_all(m, "login_tty child wrote");
    close(m);
    return 0;
}
