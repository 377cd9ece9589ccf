// darwin-differs: recvmsg_x/sendmsg_x are macOS' private batch datagram calls (XNU bsd/sys/socket_private.h: struct msghdr_x; recvmsg_x returns the number of datagrams, msg_datalen each length, stops after one with MSG_TRUNC; sendmsg_x needs msg_name and msg_control zero, else EINVAL); Linux has recvmmsg/sendmmsg instead
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#ifdef __APPLE__
struct msghdr_x {
    void *msg_name;
    socklen_t msg_namelen;
    struct iovec *msg_iov;
    int msg_iovlen;
    void *msg_control;
    socklen_t msg_controllen;
    int msg_flags;
    size_t msg_datalen;
};
ssize_t recvmsg_x(int s, const struct msghdr_x *msgp, unsigned cnt, int flags);
ssize_t sendmsg_x(int s, const struct msghdr_x *msgp, unsigned cnt, int flags);
#endif

int main(void) {
#ifdef __APPLE__
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {0}, sb = {0};
    socklen_t l = sizeof sa;
    sa.sin_family = sb.sin_family = AF_INET;
    sa.sin_addr.s_addr = sb.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(a, (struct sockaddr *)&sa, sizeof sa);
    bind(b, (struct sockaddr *)&sb, sizeof sb);
    getsockname(a, (struct sockaddr *)&sa, &l);
    l = sizeof sb;
    getsockname(b, (struct sockaddr *)&sb, &l);
    connect(a, (struct sockaddr *)&sb, sizeof sb);

    const char *words[] = {"one", "three", "fifteen"};
    struct iovec siov[3];
    struct msghdr_x out[3];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        siov[i].iov_base = (void *)words[i];
        siov[i].iov_len = strlen(words[i]);
        out[i].msg_iov = &siov[i];
        out[i].msg_iovlen = 1;
    }
    printf("sendmsg_x: %zd\n", sendmsg_x(a, out, 3, 0));

    char buf[4][16];
    struct iovec riov[4];
    struct sockaddr_in from[4];
    struct msghdr_x in[4];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 4; i++) {
        riov[i].iov_base = buf[i];
        riov[i].iov_len = sizeof buf[i];
        in[i].msg_iov = &riov[i];
        in[i].msg_iovlen = 1;
        in[i].msg_name = &from[i];
        in[i].msg_namelen = sizeof from[i];
    }
    ssize_t n = recvmsg_x(b, in, 4, 0x80 /* MSG_DONTWAIT */);
    printf("recvmsg_x: %zd\n", n);
    for (int i = 0; i < n; i++)
        printf("  %d: len %zu \"%.*s\" flags %d from ours %d namelen %u\n", i, in[i].msg_datalen,
               (int)in[i].msg_datalen, buf[i], in[i].msg_flags,
               from[i].sin_port == sa.sin_port && from[i].sin_family == AF_INET, (unsigned)in[i].msg_namelen);

    /* A datagram bigger than its buffer: the batch stops there. */
    siov[0].iov_base = "0123456789abcdefghij";
    siov[0].iov_len = 20;
    siov[1].iov_base = "tail";
    siov[1].iov_len = 4;
    printf("sendmsg_x: %zd\n", sendmsg_x(a, out, 2, 0));
    for (int i = 0; i < 4; i++) { in[i].msg_flags = 0; in[i].msg_datalen = 0; in[i].msg_namelen = sizeof from[i]; }
    n = recvmsg_x(b, in, 4, 0x80);
    printf("truncated batch: %zd len %zu flags %d\n", n, in[0].msg_datalen, in[0].msg_flags);
    in[0].msg_flags = 0;
    n = recvmsg_x(b, in, 4, 0x80);
    printf("next: %zd \"%.*s\"\n", n, (int)in[0].msg_datalen, buf[0]);
    errno = 0;
    n = recvmsg_x(b, in, 4, 0x80);
    printf("empty: %zd eagain %d\n", n, errno == EAGAIN);
    out[0].msg_name = &sb;
    out[0].msg_namelen = sizeof sb;
    errno = 0;
    printf("with address: %zd einval %d\n", sendmsg_x(a, out, 1, 0), errno == EINVAL);
#else
    puts("recvmsg_x/sendmsg_x are macOS-only");
#endif
    return 0;
}
