// Address text conversions and byte order: inet_pton/inet_ntop for both
// families (with each system's AF_INET6), inet_addr/inet_aton/inet_ntoa,
// the byte-order functions called through pointers (real exports, not
// macros), and the errors for bad families and short buffers.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#ifdef __APPLE__
// <arpa/inet.h> only has macros; libSystem exports the functions too.
uint16_t(htons)(uint16_t);
uint32_t(htonl)(uint32_t);
uint16_t(ntohs)(uint16_t);
uint32_t(ntohl)(uint32_t);
#endif

static void v6(const char *in) {
    struct in6_addr a;
    char out[INET6_ADDRSTRLEN];
    int r = inet_pton(AF_INET6, in, &a);
    if (r != 1) {
        printf("pton6 %-28s -> %d\n", in, r);
        return;
    }
    printf("pton6 %-28s -> %s\n", in, inet_ntop(AF_INET6, &a, out, sizeof out));
}

static void v4(const char *in) {
    struct in_addr a;
    char out[INET_ADDRSTRLEN];
    int r = inet_pton(AF_INET, in, &a);
    if (r != 1) {
        printf("pton4 %-18s -> %d\n", in, r);
        return;
    }
    printf("pton4 %-18s -> %s (0x%08x)\n", in, inet_ntop(AF_INET, &a, out, sizeof out), ntohl(a.s_addr));
}

int main(void) {
    v4("127.0.0.1");
    v4("255.255.255.255");
    v4("0.0.0.0");
    v4("1.2.3");
    v4("256.1.1.1");
    v4("01.2.3.4");
    v4(" 1.2.3.4");
    v6("::");
    v6("::1");
    v6("2001:db8:0:0:1:0:0:1");
    v6("2001:0db8:0000:0000:0000:0000:0000:0001");
    v6("fe80::1%lo");
    v6("::ffff:192.0.2.1");
    v6("1:2:3:4:5:6:7:8");
    v6("1::2::3");
    v6("12345::");

    struct in6_addr a6;
    inet_pton(AF_INET6, "2001:db8::1", &a6);
    char small[8];
    errno = 0;
    printf("ntop short buffer: %d errno==ENOSPC: %d\n", inet_ntop(AF_INET6, &a6, small, sizeof small) == NULL,
           errno == ENOSPC);
    errno = 0;
    printf("pton bad family: %d errno==EAFNOSUPPORT: %d\n", inet_pton(12345, "1.2.3.4", &a6),
           errno == EAFNOSUPPORT);
    errno = 0;
    printf("ntop bad family: %d errno==EAFNOSUPPORT: %d\n", inet_ntop(AF_UNIX, &a6, small, sizeof small) == NULL,
           errno == EAFNOSUPPORT);

    printf("inet_addr: 0x%08x\n", ntohl(inet_addr("10.1.2.3")));
    printf("inet_addr short form: 0x%08x\n", ntohl(inet_addr("10.258")));
    printf("inet_addr bad: %d\n", inet_addr("x.y") == INADDR_NONE);
    struct in_addr ia;
    printf("inet_aton: %d 0x%08x\n", inet_aton("0x7f.1", &ia), ntohl(ia.s_addr));
    printf("inet_aton bad: %d\n", inet_aton("1.2.3.4.5", &ia));
    ia.s_addr = htonl(0xc0a80001);
    printf("inet_ntoa: %s\n", inet_ntoa(ia));
    printf("inet_network: 0x%08x\n", inet_network("192.168.1"));
    printf("inet_lnaof/netof: 0x%x 0x%x\n", inet_lnaof(ia), inet_netof(ia));
    struct in_addr mk = inet_makeaddr(10, 5);
    printf("inet_makeaddr: %s\n", inet_ntoa(mk));

    uint16_t (*hs)(uint16_t) = htons;
    uint32_t (*hl)(uint32_t) = htonl;
    uint16_t (*ns)(uint16_t) = ntohs;
    uint32_t (*nl)(uint32_t) = ntohl;
    printf("htons: 0x%04x htonl: 0x%08x ntohs: 0x%04x ntohl: 0x%08x\n", hs(0x1234), hl(0x12345678u), ns(0x3412),
           nl(0x78563412u));
    printf("in6addr_any is zero: %d loopback ends in 1: %d\n", IN6_IS_ADDR_UNSPECIFIED(&in6addr_any),
           IN6_IS_ADDR_LOOPBACK(&in6addr_loopback));
    return 0;
}
