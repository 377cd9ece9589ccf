// TCP over ::1 with the server in a thread: sockaddr_in6 both ways
// (family 30 on macOS, sin6_len), IPV6_V6ONLY, a v4 client refused by a
// v6-only listener, and readv/writev-style sendmsg/recvmsg on the stream.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#ifdef __APPLE__
#define LEN6_OK(sa) ((sa).sin6_len == sizeof(struct sockaddr_in6))
#else
#define LEN6_OK(sa) 1
#endif

static int lsock;
static char got[64];
static ssize_t got_n;
static char report[256];
static int rl;

static void *server(void *arg) {
    (void)arg;
    struct sockaddr_in6 peer;
    socklen_t len = sizeof peer;
    int c = accept(lsock, (struct sockaddr *)&peer, &len);
    if (c < 0) return (void *)1;
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &peer.sin6_addr, buf, sizeof buf);
    rl += snprintf(report + rl, sizeof report - rl, "server: peer %s family_inet6=%d len=%u sin6_len_ok=%d\n", buf,
           peer.sin6_family == AF_INET6, (unsigned)len, LEN6_OK(peer));
    char a[5], b[32];
    struct iovec iov[2] = {{a, sizeof a}, {b, sizeof b}};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    got_n = recvmsg(c, &m, MSG_WAITALL);
    memcpy(got, a, 5);
    memcpy(got + 5, b, sizeof b);
    rl += snprintf(report + rl, sizeof report - rl, "server: msg_flags=%d namelen=%u controllen=%u\n", m.msg_flags, (unsigned)m.msg_namelen,
           (unsigned)m.msg_controllen);
    close(c);
    return NULL;
}

int main(void) {
    lsock = socket(AF_INET6, SOCK_STREAM, 0);
    printf("socket: %d\n", lsock >= 0);
    int v = -1;
    socklen_t vl = sizeof v;
    int one = 1;
    printf("set v6only: %d\n", setsockopt(lsock, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
    printf("get v6only: %d value=%d len=%u\n", getsockopt(lsock, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vl), v,
           (unsigned)vl);
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    printf("bind: %d\n", bind(lsock, (struct sockaddr *)&a, sizeof a));
    socklen_t len = sizeof a;
    getsockname(lsock, (struct sockaddr *)&a, &len);
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf);
    printf("local %s len=%u family_inet6=%d port_set=%d sin6_len_ok=%d\n", buf, (unsigned)len,
           a.sin6_family == AF_INET6, a.sin6_port != 0, LEN6_OK(a));
    printf("listen: %d\n", listen(lsock, 4));

    // An IPv4 client to the same port: the v6-only listener does not take it.
    int c4 = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a4;
    memset(&a4, 0, sizeof a4);
    a4.sin_family = AF_INET;
    a4.sin_port = a.sin6_port;
    a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    errno = 0;
    printf("v4 connect: %d errno==ECONNREFUSED: %d\n", connect(c4, (struct sockaddr *)&a4, sizeof a4),
           errno == ECONNREFUSED);
    close(c4);

    pthread_t t;
    pthread_create(&t, NULL, server, NULL);
    int c = socket(AF_INET6, SOCK_STREAM, 0);
    printf("connect: %d\n", connect(c, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in6 p;
    len = sizeof p;
    getpeername(c, (struct sockaddr *)&p, &len);
    printf("peer port matches: %d scope=%u flowinfo=%u\n", p.sin6_port == a.sin6_port,
           (unsigned)p.sin6_scope_id, (unsigned)p.sin6_flowinfo);
    char x[] = "abcde", y[] = "fghij-klmno";
    struct iovec iov[2] = {{x, 5}, {y, sizeof y}};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    printf("sendmsg: %zd\n", sendmsg(c, &m, 0));
    close(c);
    void *ret;
    pthread_join(t, &ret);
    fputs(report, stdout);
    printf("server thread: %d got %zd: %s\n", ret == NULL, got_n, got);

    // An IPv4-mapped address is still an AF_INET6 sockaddr.
    struct sockaddr_in6 m6;
    memset(&m6, 0, sizeof m6);
    m6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &m6.sin6_addr);
    int s2 = socket(AF_INET6, SOCK_DGRAM, 0);
    int zero = 0;
    setsockopt(s2, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    printf("bind v4-mapped: %d\n", bind(s2, (struct sockaddr *)&m6, sizeof m6));
    len = sizeof m6;
    getsockname(s2, (struct sockaddr *)&m6, &len);
    inet_ntop(AF_INET6, &m6.sin6_addr, buf, sizeof buf);
    printf("mapped local %s family_inet6=%d\n", buf, m6.sin6_family == AF_INET6);
    errno = 0;
    printf("bind short sockaddr_in6: %d errno==EINVAL: %d\n", bind(s2, (struct sockaddr *)&m6, 16),
           errno == EINVAL);
    close(s2);
    close(lsock);
    return 0;
}
