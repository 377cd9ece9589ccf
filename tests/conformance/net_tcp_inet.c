// TCP over 127.0.0.1: a forked client and the parent as server, with the
// kernel choosing the port. Checks the sockaddrs coming back (family,
// address, port, and on macOS sin_len), data both ways, shutdown, and the
// usual errors (refused connection, unconnected peer, bad listen).
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __APPLE__
#define LEN_OK(sa, n) ((sa).sin_len == (n))
#else
#define LEN_OK(sa, n) 1
#endif

static void show(const char *what, struct sockaddr_in *a, socklen_t len) {
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
    printf("%s: len=%u family_inet=%d addr=%s port_set=%d sin_len_ok=%d\n", what, (unsigned)len,
           a->sin_family == AF_INET, buf, ntohs(a->sin_port) != 0, LEN_OK(*a, sizeof *a));
}

int main(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    printf("socket: %d\n", s >= 0);
    int one = 1;
    printf("reuseaddr: %d\n", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    printf("bind: %d\n", bind(s, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    memset(&a, 0xee, sizeof a);
    printf("getsockname: %d\n", getsockname(s, (struct sockaddr *)&a, &len));
    show("local", &a, len);

    struct sockaddr_in peer;
    len = sizeof peer;
    errno = 0;
    printf("getpeername unconnected: %d errno==ENOTCONN: %d\n",
           getpeername(s, (struct sockaddr *)&peer, &len), errno == ENOTCONN);
    printf("listen: %d\n", listen(s, 5));

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&a, sizeof a) != 0) _exit(2);
        const char msg[] = "hello server";
        if (send(c, msg, sizeof msg, 0) != (ssize_t)sizeof msg) _exit(3);
        char buf[64];
        ssize_t n = recv(c, buf, 12, MSG_WAITALL);
        if (n != 12 || memcmp(buf, "hello client", 12) != 0) _exit(4);
        n = recv(c, buf, sizeof buf, 0);
        if (n != 0) _exit(5);
        close(c);
        _exit(0);
    }
    len = sizeof peer;
    memset(&peer, 0xee, sizeof peer);
    int c = accept(s, (struct sockaddr *)&peer, &len);
    printf("accept: %d\n", c >= 0);
    show("peer", &peer, len);
    struct sockaddr_in me;
    len = sizeof me;
    getsockname(c, (struct sockaddr *)&me, &len);
    printf("accepted local port matches: %d\n", me.sin_port == a.sin_port);
    len = sizeof peer;
    struct sockaddr_in peer2;
    getpeername(c, (struct sockaddr *)&peer2, &len);
    printf("getpeername matches accept: %d\n", peer2.sin_port == peer.sin_port && len == sizeof peer2);

    // A short buffer: darwin and Linux both copy what fits.
    char small[4];
    len = sizeof small;
    printf("short getpeername: %d\n", getpeername(c, (struct sockaddr *)small, &len));

    char buf[64];
    ssize_t n = recv(c, buf, 13, MSG_WAITALL);
    printf("server got %zd: %s\n", n, buf);
    printf("send reply: %zd\n", send(c, "hello client", 12, 0));
    printf("shutdown wr: %d\n", shutdown(c, SHUT_WR));
    int st;
    waitpid(pid, &st, 0);
    printf("client exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    n = recv(c, buf, sizeof buf, 0);
    printf("recv after client closed: %zd\n", n);
    errno = 0;
    printf("shutdown bad how: %d errno==EINVAL: %d\n", shutdown(c, 7), errno == EINVAL);
    close(c);

    // The listening socket's port, now with nothing accepting once closed.
    close(s);
    int r = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    printf("connect refused: %d errno==ECONNREFUSED: %d\n",
           connect(r, (struct sockaddr *)&a, sizeof a), errno == ECONNREFUSED);
    close(r);

    errno = 0;
    printf("listen on closed fd: %d errno==EBADF: %d\n", listen(r, 1), errno == EBADF);
    errno = 0;
    printf("listen on a file: %d errno==ENOTSOCK: %d\n", listen(1, 1), errno == ENOTSOCK);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    errno = 0;
    printf("listen on udp: %d errno==EOPNOTSUPP: %d\n", listen(u, 1), errno == EOPNOTSUPP);
    errno = 0;
    struct sockaddr_in shortaddr = a;
    printf("bind short len: %d errno==EINVAL: %d\n",
           bind(u, (struct sockaddr *)&shortaddr, 8), errno == EINVAL);
    errno = 0;
    printf("socket bad family: %d errno==EAFNOSUPPORT: %d\n", socket(12345, SOCK_STREAM, 0),
           errno == EAFNOSUPPORT);
    close(u);
    return 0;
}
