// poll on pipes and sockets: timeouts, POLLIN/POLLOUT/POLLHUP/POLLNVAL,
// the read/write band bits (POLLWRBAND has a different value on each
// system; POLLWRNORM is POLLOUT on macOS, so it is only asked for, not
// shown), negative descriptors ignored, and a pure sleep with no fds.
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void bits(const char *what, int r, short ev) {
    printf("%s: ret=%d in=%d pri=%d out=%d err=%d hup=%d nval=%d rdnorm=%d wrband=%d\n", what, r,
           !!(ev & POLLIN), !!(ev & POLLPRI), !!(ev & POLLOUT), !!(ev & POLLERR), !!(ev & POLLHUP),
           !!(ev & POLLNVAL), !!(ev & POLLRDNORM), !!(ev & POLLWRBAND));
}

int main(void) {
    int p[2];
    pipe(p);
    struct pollfd f[2];
    f[0].fd = p[0];
    f[0].events = POLLIN;
    f[0].revents = -1;
    int r = poll(f, 1, 50);
    bits("empty pipe", r, f[0].revents);
    write(p[1], "x", 1);
    f[0].events = POLLIN | POLLRDNORM;
    f[1].fd = p[1];
    f[1].events = POLLOUT | POLLWRNORM;
    r = poll(f, 2, 1000);
    bits("pipe read end", r, f[0].revents);
    bits("pipe write end", r, f[1].revents);
    close(p[1]);
    char c;
    read(p[0], &c, 1);
    f[0].events = POLLIN;
    r = poll(f, 1, 1000);
    bits("writer closed", r, f[0].revents & ~POLLIN);
    close(p[0]);
    f[0].events = POLLIN;
    r = poll(f, 1, 0);
    bits("closed fd", r, f[0].revents);
    f[0].fd = -1;
    f[0].revents = 7;
    r = poll(f, 1, 0);
    bits("negative fd", r, f[0].revents);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    f[0].fd = sv[0];
    f[0].events = POLLOUT | POLLWRBAND;
    r = poll(f, 1, 0);
    bits("socket writable (band asked)", r, f[0].revents);
    f[0].events = POLLOUT;
    r = poll(f, 1, 0);
    bits("socket writable (band not asked)", r, f[0].revents);
    f[0].events = POLLIN;
    r = poll(f, 1, 20);
    bits("socket nothing to read", r, f[0].revents);
    send(sv[1], "data", 4, 0);
    f[0].events = POLLIN | POLLOUT;
    r = poll(f, 1, 1000);
    bits("socket data", r, f[0].revents & ~POLLWRBAND);
    shutdown(sv[1], SHUT_WR);
    recv(sv[0], &c, 1, 0);
    char buf[8];
    recv(sv[0], buf, sizeof buf, 0);
    f[0].events = POLLIN;
    r = poll(f, 1, 1000);
    bits("peer shut writing", r, f[0].revents & (POLLIN | POLLNVAL | POLLERR));
    close(sv[1]);
    close(sv[0]);

    errno = 0;
    r = poll(NULL, 0, 30);
    printf("sleep: %d errno: %d\n", r, errno);
    return 0;
}
