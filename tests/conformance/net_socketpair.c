// socketpair in both types: data both ways, SO_TYPE, shutdown halves,
// message boundaries for SOCK_DGRAM, non-blocking EAGAIN, and the errors
// for families that cannot make pairs.
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    int sv[2];
    printf("stream pair: %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int t = 0;
    socklen_t tl = sizeof t;
    getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &t, &tl);
    printf("SO_TYPE stream: %d len=%u\n", t == SOCK_STREAM, (unsigned)tl);
    printf("write: %zd\n", write(sv[0], "abc", 3));
    printf("send: %zd\n", send(sv[0], "def", 3, 0));
    char b[16];
    ssize_t n = recv(sv[1], b, sizeof b, MSG_WAITALL | MSG_DONTWAIT);
    printf("recv: %zd '%.*s'\n", n, (int)n, b);
    printf("reverse: %zd\n", write(sv[1], "back", 4));
    n = read(sv[0], b, sizeof b);
    printf("read: %zd '%.*s'\n", n, (int)n, b);

    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
    errno = 0;
    printf("empty nonblocking read: %zd errno==EAGAIN: %d\n", read(sv[1], b, sizeof b), errno == EAGAIN);
    errno = 0;
    printf("empty nonblocking recv: %zd errno==EAGAIN: %d\n", recv(sv[1], b, sizeof b, 0), errno == EAGAIN);

    printf("shutdown wr: %d\n", shutdown(sv[0], SHUT_WR));
    printf("peer sees eof: %zd\n", read(sv[1], b, sizeof b));
    errno = 0;
    int on = 1;
    (void)on;
    printf("shutdown rd: %d\n", shutdown(sv[1], SHUT_RD));
    close(sv[0]);
    close(sv[1]);

    printf("dgram pair: %d\n", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    tl = sizeof t;
    getsockopt(sv[1], SOL_SOCKET, SO_TYPE, &t, &tl);
    printf("SO_TYPE dgram: %d\n", t == SOCK_DGRAM);
    send(sv[0], "one", 3, 0);
    send(sv[0], "twotwo", 6, 0);
    send(sv[0], "", 0, 0);
    for (int i = 0; i < 3; i++) {
        n = recv(sv[1], b, sizeof b, 0);
        printf("datagram %d: %zd '%.*s'\n", i, n, (int)n, b);
    }
    close(sv[0]);
    close(sv[1]);

    errno = 0;
    printf("inet pair: %d errno==EOPNOTSUPP: %d\n", socketpair(AF_INET, SOCK_STREAM, 0, sv),
           errno == EOPNOTSUPP);
    errno = 0;
    printf("bad family pair: %d errno==EAFNOSUPPORT: %d\n", socketpair(9999, SOCK_STREAM, 0, sv),
           errno == EAFNOSUPPORT);
    return 0;
}
