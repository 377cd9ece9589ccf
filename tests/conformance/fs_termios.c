// A pseudo-terminal through posix_openpt/grantpt/unlockpt/ptsname: default
// termios of the slave (POSIX flags and control characters), tcsetattr
// with cfmakeraw and speeds, canonical line editing and echo through the
// line discipline, tcflush/tcdrain/tcflow, window size and FIONREAD
// ioctls, and errors on a regular file.
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#define _DARWIN_C_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#if defined(__linux__) && B9600 == 9600
/* zig ships glibc 2.42 headers, where B* are plain numbers, but links the
 * GLIBC_2.2.5 cfsetospeed/cfgetospeed, which use the old codes. */
#define SPEED_9600 0000015
#define SPEED_38400 0000017
#else
#define SPEED_9600 B9600
#define SPEED_38400 B38400
#endif

static void show(const char *what, const struct termios *t) {
    printf("%s: ICANON=%d ECHO=%d ISIG=%d IEXTEN=%d ICRNL=%d IXON=%d OPOST=%d ONLCR=%d CS8=%d CREAD=%d PARENB=%d "
           "VMIN=%d VTIME=%d\n",
           what, !!(t->c_lflag & ICANON), !!(t->c_lflag & ECHO), !!(t->c_lflag & ISIG), !!(t->c_lflag & IEXTEN),
           !!(t->c_iflag & ICRNL), !!(t->c_iflag & IXON), !!(t->c_oflag & OPOST), !!(t->c_oflag & ONLCR),
           (t->c_cflag & CSIZE) == CS8, !!(t->c_cflag & CREAD), !!(t->c_cflag & PARENB), t->c_cc[VMIN],
           t->c_cc[VTIME]);
}

/* Waits (up to 5 s) until `want` bytes are readable, then reads them all:
 * the line discipline works asynchronously. want 0: a short grace period. */
static void drain(int fd, const char *what, int want) {
    char buf[256];
    int n = 0, avail = 0;
    for (int i = 0; i < (want ? 500 : 5); i++) {
        ioctl(fd, FIONREAD, &avail);
        if (want && avail >= want)
            break;
        usleep(10000);
    }
    if (avail > 0)
        n = (int)read(fd, buf, sizeof buf - 1);
    if (n < 0)
        n = 0;
    buf[n] = 0;
    printf("%s (%d):", what, n);
    for (int i = 0; i < n; i++)
        printf(" %02x", (unsigned char)buf[i]);
    printf("\n");
}

int main(void) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt: %d\n", m >= 0);
    printf("grantpt: %d unlockpt: %d\n", grantpt(m), unlockpt(m));
    char *name = ptsname(m);
    printf("ptsname: %d\n", name != NULL && strncmp(name, "/dev/", 5) == 0);
    int s = open(name, O_RDWR | O_NOCTTY);
    printf("open slave: %d isatty=%d master isatty=%d\n", s >= 0, isatty(s), isatty(m));
    int fd = open("plain", O_CREAT | O_RDWR, 0600);
    errno = 0;
    printf("isatty file: %d ENOTTY=%d\n", isatty(fd), errno == ENOTTY);

    struct termios t;
    printf("tcgetattr: %d\n", tcgetattr(s, &t));
    show("default", &t);
    printf("cc: INTR=%d QUIT=%d ERASE=%d KILL=%d EOF=%d START=%d STOP=%d SUSP=%d\n", t.c_cc[VINTR], t.c_cc[VQUIT],
           t.c_cc[VERASE], t.c_cc[VKILL], t.c_cc[VEOF], t.c_cc[VSTART], t.c_cc[VSTOP], t.c_cc[VSUSP]);

    cfsetospeed(&t, SPEED_9600);
    cfsetispeed(&t, SPEED_9600);
    printf("cfget after set: %d %d\n", cfgetospeed(&t) == SPEED_9600, cfgetispeed(&t) == SPEED_9600);
    printf("tcsetattr speeds: %d\n", tcsetattr(s, TCSANOW, &t));
    struct termios u;
    tcgetattr(s, &u);
    printf("speed read back: %d %d\n", cfgetospeed(&u) == SPEED_9600, cfgetispeed(&u) == SPEED_9600);
    cfsetospeed(&t, SPEED_38400);
    cfsetispeed(&t, SPEED_38400);
    tcsetattr(s, TCSADRAIN, &t);
    tcgetattr(s, &u);
    printf("speed 38400: %d\n", cfgetospeed(&u) == SPEED_38400);

    /* canonical mode with echo: line editing happens in the kernel */
    write(m, "ab\177c\n", 5);
    drain(s, "slave read", 3);
    drain(m, "master echo", 8);
    t.c_lflag &= ~ECHO;
    tcsetattr(s, TCSANOW, &t);
    write(m, "xy\n", 3);
    drain(s, "no echo read", 3);
    drain(m, "no echo master", 0);
    write(s, "out\n", 4);
    drain(m, "onlcr output", 5);

    struct termios raw = t;
    cfmakeraw(&raw);
    show("cfmakeraw", &raw);
    printf("tcsetattr raw TCSAFLUSH: %d\n", tcsetattr(s, TCSAFLUSH, &raw));
    tcgetattr(s, &u);
    show("raw read back", &u);
    write(m, "r\r\x03", 3);
    drain(s, "raw read", 3);
    write(s, "o\n", 2);
    drain(m, "raw output", 2);

    write(m, "pending", 7);
    int avail = -1;
    for (int i = 0; i < 500 && (ioctl(s, FIONREAD, &avail), avail < 7); i++)
        usleep(10000);
    printf("FIONREAD: %d avail=%d\n", ioctl(s, FIONREAD, &avail), avail);
    printf("tcflush TCIFLUSH: %d\n", tcflush(s, TCIFLUSH));
    ioctl(s, FIONREAD, &avail);
    printf("after flush: %d\n", avail);
    errno = 0;
    printf("tcflush bad queue: %d EINVAL=%d\n", tcflush(s, 99), errno == EINVAL);
    printf("tcdrain: %d\n", tcdrain(s));
    printf("tcflow TCOOFF: %d TCOON: %d\n", tcflow(s, TCOOFF), tcflow(s, TCOON));

    struct winsize ws = {25, 80, 0, 0};
    printf("TIOCSWINSZ: %d\n", ioctl(m, TIOCSWINSZ, &ws));
    struct winsize got = {0};
    printf("TIOCGWINSZ slave: %d %dx%d\n", ioctl(s, TIOCGWINSZ, &got), got.ws_row, got.ws_col);
    errno = 0;
    printf("TIOCGWINSZ file: %d ENOTTY=%d\n", ioctl(fd, TIOCGWINSZ, &got), errno == ENOTTY);
    pid_t pg;
    errno = 0;
    printf("TIOCGPGRP no ctty: %d ENOTTY=%d\n", ioctl(s, TIOCGPGRP, &pg), errno == ENOTTY);
    errno = 0;
    printf("tcgetpgrp no ctty: %d ENOTTY=%d\n", (int)tcgetpgrp(s), errno == ENOTTY);

    errno = 0;
    printf("tcgetattr file: %d ENOTTY=%d\n", tcgetattr(fd, &u), errno == ENOTTY);
    errno = 0;
    printf("tcsetattr bad action: %d EINVAL=%d\n", tcsetattr(s, 42, &t), errno == EINVAL);
    errno = 0;
    printf("tcgetattr bad fd: %d EBADF=%d\n", tcgetattr(-1, &u), errno == EBADF);
    errno = 0;
    printf("grantpt on file: %d\n", grantpt(fd) == -1);
    errno = 0;
    printf("ptsname on file: %d\n", ptsname(fd) == NULL);
    close(s);
    close(m);
    close(fd);
    return 0;
}
