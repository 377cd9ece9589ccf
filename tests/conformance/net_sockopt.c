// Socket options round trips with each system's own numbers: SOL_SOCKET
// booleans, buffer sizes, linger (seconds), timeouts as struct timeval,
// SO_ERROR after a refused non-blocking connect, TCP and IP options, and
// the errors for unknown options and non-sockets.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#ifdef __APPLE__
#define LINGER_SECONDS SO_LINGER_SEC
#define KEEPIDLE TCP_KEEPALIVE
#else
#define LINGER_SECONDS SO_LINGER
#define KEEPIDLE TCP_KEEPIDLE
#endif

static int geti(int s, int level, int name) {
    int v = -12345;
    socklen_t l = sizeof v;
    if (getsockopt(s, level, name, &v, &l) != 0) return -999;
    if (l != sizeof v) return -888;
    return v;
}

static void flag(int s, int level, int name, const char *what) {
    int before = geti(s, level, name) != 0;
    int one = 1;
    int r = setsockopt(s, level, name, &one, sizeof one);
    printf("%s: before=%d set=%d after=%d\n", what, before, r, geti(s, level, name) != 0);
}

int main(void) {
    int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
    flag(t, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR");
    flag(t, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE");
    flag(t, SOL_SOCKET, SO_OOBINLINE, "SO_OOBINLINE");
    flag(t, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT");
    flag(u, SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST");
    flag(t, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
    printf("SO_TYPE: tcp=%d udp=%d\n", geti(t, SOL_SOCKET, SO_TYPE) == SOCK_STREAM,
           geti(u, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM);
    printf("SO_ERROR fresh: %d\n", geti(t, SOL_SOCKET, SO_ERROR));
    printf("SO_ACCEPTCONN before listen: %d\n", geti(t, SOL_SOCKET, SO_ACCEPTCONN));

    int sz = 65536;
    printf("SO_RCVBUF set: %d\n", setsockopt(t, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz));
    printf("SO_RCVBUF at least asked: %d\n", geti(t, SOL_SOCKET, SO_RCVBUF) >= sz);
    printf("SO_SNDBUF set: %d\n", setsockopt(t, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz));
    printf("SO_SNDBUF at least asked: %d\n", geti(t, SOL_SOCKET, SO_SNDBUF) >= sz);

    struct linger lg = {1, 5}, lg2 = {0, 0};
    socklen_t ll = sizeof lg2;
    printf("linger set: %d\n", setsockopt(t, SOL_SOCKET, LINGER_SECONDS, &lg, sizeof lg));
    printf("linger get: %d onoff=%d secs=%d len=%u\n", getsockopt(t, SOL_SOCKET, LINGER_SECONDS, &lg2, &ll),
           lg2.l_onoff != 0, lg2.l_linger, (unsigned)ll);
    struct linger hard = {1, 0};
    printf("linger 0 set: %d\n", setsockopt(t, SOL_SOCKET, SO_LINGER, &hard, sizeof hard));
    ll = sizeof lg2;
    getsockopt(t, SOL_SOCKET, SO_LINGER, &lg2, &ll);
    printf("linger 0 get: onoff=%d linger=%d\n", lg2.l_onoff != 0, lg2.l_linger);

    struct timeval tv = {1, 500000}, tv2 = {0, 0};
    socklen_t tl = sizeof tv2;
    printf("SO_RCVTIMEO set: %d\n", setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    printf("SO_RCVTIMEO get: %d %ld.%06ld len=%u\n", getsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv2, &tl),
           (long)tv2.tv_sec, (long)tv2.tv_usec, (unsigned)tl);
    struct timeval shortt = {0, 100000};
    setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &shortt, sizeof shortt);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(u, (struct sockaddr *)&a, sizeof a);
    char b[4];
    errno = 0;
    printf("recv times out: %zd errno==EAGAIN: %d\n", recv(u, b, sizeof b, 0), errno == EAGAIN);
    struct timeval bad = {0, 2000000};
    errno = 0;
    printf("SO_SNDTIMEO bad usec: %d errno==EDOM: %d\n",
           setsockopt(u, SOL_SOCKET, SO_SNDTIMEO, &bad, sizeof bad), errno == EDOM);

    // TCP keepalive tuning.
    int v = 30;
    printf("keepidle set: %d get=%d\n", setsockopt(t, IPPROTO_TCP, KEEPIDLE, &v, sizeof v),
           geti(t, IPPROTO_TCP, KEEPIDLE));
    v = 7;
    printf("keepintvl set: %d get=%d\n", setsockopt(t, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof v),
           geti(t, IPPROTO_TCP, TCP_KEEPINTVL));
    v = 4;
    printf("keepcnt set: %d get=%d\n", setsockopt(t, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v),
           geti(t, IPPROTO_TCP, TCP_KEEPCNT));
    v = 42;
    printf("IP_TTL set: %d get=%d\n", setsockopt(u, IPPROTO_IP, IP_TTL, &v, sizeof v),
           geti(u, IPPROTO_IP, IP_TTL));
    v = 0x10;
    printf("IP_TOS set: %d get=%d\n", setsockopt(u, IPPROTO_IP, IP_TOS, &v, sizeof v),
           geti(u, IPPROTO_IP, IP_TOS));
    int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
    v = 9;
    printf("IPV6_UNICAST_HOPS set: %d get=%d\n", setsockopt(u6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, sizeof v),
           geti(u6, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
    close(u6);

    // Short option buffers: both copy what fits.
    int small = 0;
    socklen_t sl = 2;
    printf("short getsockopt: %d len=%u\n", getsockopt(t, SOL_SOCKET, SO_TYPE, &small, &sl), (unsigned)sl);
    errno = 0;
    printf("short setsockopt: %d errno==EINVAL: %d\n", setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, 2),
           errno == EINVAL);

    // SO_ERROR after a refused non-blocking connect (a port nobody listens on).
    int l = socket(AF_INET, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, sizeof a);
    socklen_t al = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &al);
    close(l);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    fcntl(c, F_SETFL, O_NONBLOCK);
    errno = 0;
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    int e = errno;
    printf("nonblocking connect: %d in_progress_or_refused=%d\n", r, e == EINPROGRESS || e == ECONNREFUSED);
    if (e == EINPROGRESS) {
        struct pollfd p = {c, POLLOUT, 0};
        poll(&p, 1, 2000);
    }
    int soerr = geti(c, SOL_SOCKET, SO_ERROR);
    printf("SO_ERROR==ECONNREFUSED: %d\n", e == ECONNREFUSED || soerr == ECONNREFUSED);
    printf("SO_ERROR cleared: %d\n", geti(c, SOL_SOCKET, SO_ERROR));
    close(c);

    listen(t, 1);
    printf("SO_ACCEPTCONN after listen: %d\n", geti(t, SOL_SOCKET, SO_ACCEPTCONN) != 0);

    errno = 0;
    printf("unknown SOL_SOCKET option: %d errno==ENOPROTOOPT: %d\n", geti(t, SOL_SOCKET, 0x7777),
           errno == ENOPROTOOPT);
    errno = 0;
    printf("unknown TCP option: %d errno==ENOPROTOOPT: %d\n", geti(t, IPPROTO_TCP, 0x7777),
           errno == ENOPROTOOPT);
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    errno = 0;
    printf("on a file: %d errno==ENOTSOCK: %d\n", geti(fd, SOL_SOCKET, SO_TYPE), errno == ENOTSOCK);
    errno = 0;
    printf("on a bad fd: %d errno==EBADF: %d\n", geti(99, SOL_SOCKET, SO_TYPE), errno == EBADF);
    close(fd);
    close(t);
    close(u);
    return 0;
}
