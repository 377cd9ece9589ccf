// Ancillary data on UDP: SO_TIMESTAMP (an SCM_TIMESTAMP timeval),
// IP_PKTINFO (struct in_pktinfo) and the received TTL, each read the way
// its system documents it (macOS: IP_RECVTTL carries a u_char; Linux: an
// IP_TTL int), plus an IP_PKTINFO sent with sendmsg.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifdef __APPLE__
#define TTL_CMSG IP_RECVTTL
#else
#define TTL_CMSG IP_TTL
#endif

int main(void) {
    int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(r, (struct sockaddr *)&a, sizeof a);
    socklen_t len = sizeof a;
    getsockname(r, (struct sockaddr *)&a, &len);
    int one = 1;
    printf("SO_TIMESTAMP: %d\n", setsockopt(r, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one));
    printf("IP_PKTINFO: %d\n", setsockopt(r, IPPROTO_IP, IP_PKTINFO, &one, sizeof one));
    printf("IP_RECVTTL: %d\n", setsockopt(r, IPPROTO_IP, IP_RECVTTL, &one, sizeof one));
    int ttl = 33;
    setsockopt(s, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);

    for (int round = 0; round < 2; round++) {
        if (round == 0) {
            sendto(s, "stamp me", 8, 0, (struct sockaddr *)&a, sizeof a);
        } else {
            // The source address chosen through IP_PKTINFO on send.
            char ctl[CMSG_SPACE(sizeof(struct in_pktinfo))];
            memset(ctl, 0, sizeof ctl);
            struct iovec iov = {"with pktinfo", 12};
            struct msghdr m;
            memset(&m, 0, sizeof m);
            m.msg_name = &a;
            m.msg_namelen = sizeof a;
            m.msg_iov = &iov;
            m.msg_iovlen = 1;
            m.msg_control = ctl;
            m.msg_controllen = sizeof ctl;
            struct cmsghdr *c = CMSG_FIRSTHDR(&m);
            c->cmsg_level = IPPROTO_IP;
            c->cmsg_type = IP_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
            struct in_pktinfo pi;
            memset(&pi, 0, sizeof pi);
            pi.ipi_spec_dst.s_addr = htonl(INADDR_LOOPBACK);
            memcpy(CMSG_DATA(c), &pi, sizeof pi);
            printf("sendmsg with pktinfo: %zd\n", sendmsg(s, &m, 0));
        }
        char buf[32], ctl[256];
        struct iovec iov = {buf, sizeof buf};
        struct msghdr m;
        memset(&m, 0, sizeof m);
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = ctl;
        m.msg_controllen = sizeof ctl;
        ssize_t n = recvmsg(r, &m, 0);
        printf("recvmsg: %zd '%.*s' ctrunc=%d\n", n, (int)n, buf, (m.msg_flags & MSG_CTRUNC) != 0);
        int seen_ts = 0, seen_pi = 0, seen_ttl = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
                struct timeval tv;
                memcpy(&tv, CMSG_DATA(c), sizeof tv);
                time_t now = time(NULL);
                printf("  timestamp: recent=%d usec_ok=%d\n", tv.tv_sec <= now && tv.tv_sec > now - 60,
                       tv.tv_usec >= 0 && tv.tv_usec < 1000000);
                seen_ts = 1;
            } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                struct in_pktinfo pi;
                memcpy(&pi, CMSG_DATA(c), sizeof pi);
                char d[16];
                inet_ntop(AF_INET, &pi.ipi_addr, d, sizeof d);
                printf("  pktinfo: dst=%s ifindex_set=%d\n", d, pi.ipi_ifindex > 0);
                seen_pi = 1;
            } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == TTL_CMSG) {
#ifdef __APPLE__
                int v = *(unsigned char *)CMSG_DATA(c);
#else
                int v;
                memcpy(&v, CMSG_DATA(c), sizeof v);
#endif
                printf("  ttl: %d\n", v);
                seen_ttl = 1;
            } else {
                printf("  other cmsg\n");
            }
        }
        printf("seen: ts=%d pktinfo=%d ttl=%d\n", seen_ts, seen_pi, seen_ttl);
    }
    close(r);
    close(s);
    return 0;
}
