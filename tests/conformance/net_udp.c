// UDP on 127.0.0.1: sendto/recvfrom with the sender's address, connected
// send/recv, MSG_PEEK, MSG_TRUNC reported by recvmsg, MSG_DONTWAIT on an
// empty socket, recvmsg with msg_name, and AF_UNSPEC to disconnect.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#ifdef __APPLE__
#define LEN_OK(sa) ((sa).sin_len == sizeof(struct sockaddr_in))
#else
#define LEN_OK(sa) 1
#endif

static struct sockaddr_in bound(int s) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof a);
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    return a;
}

int main(void) {
    int s1 = socket(AF_INET, SOCK_DGRAM, 0), s2 = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in a1 = bound(s1), a2 = bound(s2);
    printf("ports differ: %d\n", a1.sin_port != a2.sin_port);

    printf("sendto: %zd\n", sendto(s1, "datagram one", 12, 0, (struct sockaddr *)&a2, sizeof a2));
    char buf[64];
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    memset(&from, 0, sizeof from);
    ssize_t n = recvfrom(s2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    char ip[16];
    inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
    printf("recvfrom: %zd '%.*s' from %s fromlen=%u is_s1=%d sin_len_ok=%d\n", n, (int)n, buf, ip,
           (unsigned)fl, from.sin_port == a1.sin_port, LEN_OK(from));

    // Peek, then read; then a datagram larger than the buffer.
    sendto(s1, "peekaboo", 8, 0, (struct sockaddr *)&a2, sizeof a2);
    n = recv(s2, buf, sizeof buf, MSG_PEEK);
    printf("peek: %zd\n", n);
    n = recv(s2, buf, sizeof buf, 0);
    printf("read after peek: %zd '%.*s'\n", n, (int)n, buf);

    sendto(s1, "0123456789abcdef", 16, 0, (struct sockaddr *)&a2, sizeof a2);
    char small[4];
    struct iovec iov = {small, sizeof small};
    struct sockaddr_in name;
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_name = &name;
    m.msg_namelen = sizeof name;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    n = recvmsg(s2, &m, 0);
    printf("recvmsg truncated: %zd '%.4s' MSG_TRUNC=%d namelen=%u name_is_s1=%d\n", n, small,
           (m.msg_flags & MSG_TRUNC) != 0, (unsigned)m.msg_namelen, name.sin_port == a1.sin_port);

    // recv with MSG_TRUNC returns the real datagram length.
    sendto(s1, "0123456789", 10, 0, (struct sockaddr *)&a2, sizeof a2);
    n = recv(s2, small, sizeof small, MSG_TRUNC);
    printf("recv MSG_TRUNC: %zd\n", n);

    errno = 0;
    n = recv(s2, buf, sizeof buf, MSG_DONTWAIT);
    printf("dontwait empty: %zd errno==EAGAIN: %d EWOULDBLOCK: %d\n", n, errno == EAGAIN,
           errno == EWOULDBLOCK);

    // Connected UDP.
    printf("connect: %d\n", connect(s1, (struct sockaddr *)&a2, sizeof a2));
    printf("send: %zd\n", send(s1, "connected", 9, 0));
    n = recv(s2, buf, sizeof buf, 0);
    printf("got: '%.*s'\n", (int)n, buf);
    struct sockaddr_in p;
    socklen_t pl = sizeof p;
    printf("getpeername: %d port_ok=%d\n", getpeername(s1, (struct sockaddr *)&p, &pl),
           p.sin_port == a2.sin_port);
    errno = 0;
    printf("sendto other while connected: %zd errno==EISCONN: %d\n",
           sendto(s1, "x", 1, 0, (struct sockaddr *)&a1, sizeof a1), errno == EISCONN);
    struct sockaddr un;
    memset(&un, 0, sizeof un);
    un.sa_family = AF_UNSPEC;
    printf("disconnect: %d\n", connect(s1, &un, sizeof un));
    pl = sizeof p;
    errno = 0;
    printf("getpeername after: %d errno==ENOTCONN: %d\n", getpeername(s1, (struct sockaddr *)&p, &pl),
           errno == ENOTCONN);
    errno = 0;
    printf("send unconnected: %zd errno==EDESTADDRREQ: %d\n", send(s1, "x", 1, 0), errno == EDESTADDRREQ);

    // sendmsg with an address and two pieces.
    struct iovec parts[2] = {{"gather", 6}, {"ed", 2}};
    memset(&m, 0, sizeof m);
    m.msg_name = &a2;
    m.msg_namelen = sizeof a2;
    m.msg_iov = parts;
    m.msg_iovlen = 2;
    printf("sendmsg: %zd\n", sendmsg(s1, &m, 0));
    n = recv(s2, buf, sizeof buf, 0);
    printf("got: '%.*s'\n", (int)n, buf);
    close(s1);
    close(s2);
    return 0;
}
