// getaddrinfo with each system's own addrinfo layout and its own flag and
// error values. Numeric hosts and services, "localhost" from /etc/hosts,
// AI_PASSIVE wildcards, AI_CANONNAME, IPv6 literals, and the error codes
// (compared by name, since their values differ).
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *eai(int e) {
    if (e == 0) return "0";
    if (e == EAI_NONAME) return "EAI_NONAME";
    if (e == EAI_SERVICE) return "EAI_SERVICE";
    if (e == EAI_FAMILY) return "EAI_FAMILY";
    if (e == EAI_SOCKTYPE) return "EAI_SOCKTYPE";
    if (e == EAI_BADFLAGS) return "EAI_BADFLAGS";
    if (e == EAI_AGAIN) return "EAI_AGAIN";
    if (e == EAI_FAIL) return "EAI_FAIL";
    return "other";
}

static void show(const char *node, const char *serv, int family, int socktype, int flags) {
    struct addrinfo h, *res = NULL;
    memset(&h, 0, sizeof h);
    h.ai_family = family;
    h.ai_socktype = socktype;
    h.ai_flags = flags;
    int r = getaddrinfo(node, serv, &h, &res);
    printf("getaddrinfo(%s, %s): %s\n", node ? node : "NULL", serv ? serv : "NULL", eai(r));
    if (r != 0) {
        printf("  gai_strerror non-empty: %d\n", gai_strerror(r) && gai_strerror(r)[0]);
        return;
    }
    for (struct addrinfo *p = res; p; p = p->ai_next) {
        char host[INET6_ADDRSTRLEN] = "?";
        int port = -1;
        if (p->ai_family == AF_INET) {
            struct sockaddr_in *s = (struct sockaddr_in *)p->ai_addr;
            inet_ntop(AF_INET, &s->sin_addr, host, sizeof host);
            port = ntohs(s->sin_port);
        } else if (p->ai_family == AF_INET6) {
            struct sockaddr_in6 *s = (struct sockaddr_in6 *)p->ai_addr;
            inet_ntop(AF_INET6, &s->sin6_addr, host, sizeof host);
            port = ntohs(s->sin6_port);
        }
        printf("  %s %s proto=%d addrlen=%u addr_family_matches=%d host=%s port=%d canon=%s flags_kept=%d\n",
               p->ai_family == AF_INET ? "inet" : p->ai_family == AF_INET6 ? "inet6" : "other",
               p->ai_socktype == SOCK_STREAM ? "stream" : p->ai_socktype == SOCK_DGRAM ? "dgram" : "raw",
               p->ai_protocol, (unsigned)p->ai_addrlen, p->ai_addr->sa_family == p->ai_family, host, port,
               p->ai_canonname ? p->ai_canonname : "-", p->ai_flags == flags);
    }
    freeaddrinfo(res);
}

int main(void) {
    show("127.0.0.1", "80", AF_INET, SOCK_STREAM, AI_NUMERICHOST | AI_NUMERICSERV);
    show("127.0.0.1", "53", AF_UNSPEC, SOCK_DGRAM, AI_NUMERICHOST);
    show("localhost", "8080", AF_INET, SOCK_STREAM, 0);
    show("localhost", NULL, AF_INET, SOCK_STREAM, AI_CANONNAME);
    show(NULL, "9000", AF_INET, SOCK_STREAM, AI_PASSIVE);
    show(NULL, "9000", AF_INET6, SOCK_DGRAM, AI_PASSIVE);
    show(NULL, "9000", AF_INET, SOCK_STREAM, 0);
    show("::1", "443", AF_INET6, SOCK_STREAM, AI_NUMERICHOST);
    show("fe80::1:2", "0", AF_INET6, SOCK_DGRAM, AI_NUMERICHOST);
    show("::ffff:10.1.2.3", "7", AF_UNSPEC, SOCK_STREAM, AI_NUMERICHOST);
    show("10.0.0.1", "1", AF_INET, SOCK_STREAM, AI_NUMERICHOST);

    // Errors.
    show("localhost", "80", AF_INET, SOCK_STREAM, AI_NUMERICHOST);
    show("127.0.0.1", "http-alt-not-a-service", AF_INET, SOCK_STREAM, AI_NUMERICHOST);
    show("127.0.0.1", "http", AF_INET, SOCK_STREAM, AI_NUMERICSERV);
    show(NULL, NULL, AF_INET, SOCK_STREAM, 0);
    show("127.0.0.1", "80", AF_UNIX, SOCK_STREAM, AI_NUMERICHOST);
    show("127.0.0.1", "80", AF_INET, SOCK_STREAM, 0x40000000);
    show("::1", "80", AF_INET, SOCK_STREAM, AI_NUMERICHOST);

    // NULL hints: a numeric host and service.
    struct addrinfo *res = NULL;
    int r = getaddrinfo("127.0.0.1", "25", NULL, &res);
    int n = 0, streams = 0;
    for (struct addrinfo *p = res; p; p = p->ai_next, n++) streams += p->ai_socktype == SOCK_STREAM;
    printf("null hints: %s some=%d has_stream=%d\n", eai(r), n > 0, streams > 0);
    if (res) freeaddrinfo(res);
    return 0;
}
