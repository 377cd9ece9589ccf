// getnameinfo with NI_* flags, gethostbyname/gethostbyname2/gethostbyaddr
// from /etc/hosts (hostent with each system's AF_* numbers), h_errno,
// getservbyname/getservbyport and getprotobyname/getprotobynumber.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *eai(int e) {
    if (e == 0) return "0";
    if (e == EAI_NONAME) return "EAI_NONAME";
    if (e == EAI_FAMILY) return "EAI_FAMILY";
    if (e == EAI_FAIL) return "EAI_FAIL";
    if (e == EAI_OVERFLOW) return "EAI_OVERFLOW";
    return "other";
}

static void show_host(const char *what, struct hostent *h) {
    if (!h) {
        printf("%s: NULL h_errno==HOST_NOT_FOUND: %d\n", what, h_errno == HOST_NOT_FOUND);
        return;
    }
    char buf[INET6_ADDRSTRLEN] = "?";
    if (h->h_addr_list[0]) inet_ntop(h->h_addrtype, h->h_addr_list[0], buf, sizeof buf);
    int n = 0;
    while (h->h_addr_list[n]) n++;
    printf("%s: name=%s inet=%d inet6=%d length=%d first=%s count_ok=%d\n", what, h->h_name,
           h->h_addrtype == AF_INET, h->h_addrtype == AF_INET6, h->h_length, buf, n >= 1);
}

int main(void) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(8080);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    int r = getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, serv, sizeof serv,
                        NI_NUMERICHOST | NI_NUMERICSERV);
    printf("numeric v4: %s host=%s serv=%s\n", eai(r), host, serv);
    r = getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, NULL, 0, 0);
    printf("reverse v4: %s host=%s\n", eai(r), host);
    a.sin_port = htons(22);
    r = getnameinfo((struct sockaddr *)&a, sizeof a, NULL, 0, serv, sizeof serv, 0);
    printf("service name: %s serv=%s\n", eai(r), serv);
    a.sin_port = htons(53);
    r = getnameinfo((struct sockaddr *)&a, sizeof a, NULL, 0, serv, sizeof serv, NI_DGRAM);
    printf("dgram service name: %s serv=%s\n", eai(r), serv);

    struct sockaddr_in6 b;
    memset(&b, 0, sizeof b);
    b.sin6_family = AF_INET6;
    b.sin6_port = htons(443);
    inet_pton(AF_INET6, "2001:db8::5", &b.sin6_addr);
    r = getnameinfo((struct sockaddr *)&b, sizeof b, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV);
    printf("numeric v6: %s host=%s serv=%s\n", eai(r), host, serv);
    r = getnameinfo((struct sockaddr *)&a, sizeof a, host, 4, NULL, 0, NI_NUMERICHOST);
    printf("tiny host buffer: %s\n", eai(r));
    r = getnameinfo((struct sockaddr *)&b, 12, host, sizeof host, NULL, 0, NI_NUMERICHOST);
    printf("short v6 length: %s\n", eai(r));

    show_host("gethostbyname localhost", gethostbyname("localhost"));
    show_host("gethostbyname numeric", gethostbyname("10.20.30.40"));
    show_host("gethostbyname2 inet", gethostbyname2("localhost", AF_INET));
    show_host("gethostbyname2 inet6 literal", gethostbyname2("2001:db8::1", AF_INET6));
    struct in_addr lo;
    inet_pton(AF_INET, "127.0.0.1", &lo);
    show_host("gethostbyaddr", gethostbyaddr(&lo, sizeof lo, AF_INET));
    printf("hstrerror(HOST_NOT_FOUND) non-empty: %d\n", hstrerror(HOST_NOT_FOUND)[0] != 0);
    fflush(stdout);
    h_errno = HOST_NOT_FOUND;
    herror("lookup");
    h_errno = TRY_AGAIN;
    herror("again");
    h_errno = NO_DATA;
    herror(NULL);

    struct servent *s = getservbyname("http", "tcp");
    printf("getservbyname http: %d port=%d proto=%s\n", s != NULL, s ? ntohs(s->s_port) : -1,
           s ? s->s_proto : "-");
    s = getservbyport(htons(25), "tcp");
    printf("getservbyport 25: %s\n", s ? s->s_name : "NULL");
    s = getservbyname("no-such-service", "tcp");
    printf("missing service: %d\n", s == NULL);
    struct protoent *p = getprotobyname("udp");
    printf("getprotobyname udp: %d\n", p ? p->p_proto : -1);
    p = getprotobynumber(6);
    printf("getprotobynumber 6: %s\n", p ? p->p_name : "NULL");
    return 0;
}
