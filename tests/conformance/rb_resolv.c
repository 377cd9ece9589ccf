// The BIND resolver API (res_ninit, res_nquery, res_nsearch, res_nclose)
// against a small DNS server on 127.0.0.1 that the test runs itself: the
// program points its resolver state at it, as a program may, and reads
// the answers (an A record, NXDOMAIN, the search list on a short name).
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __APPLE__
/* Apple's <resolv.h> (not in zig's macOS headers): struct __res_9_state
   and the res_9_* entry points of /usr/lib/libresolv.9.dylib. */
struct res_state_s {
    int retrans, retry;
    unsigned long options;
    int nscount;
    struct sockaddr_in nsaddr_list[3];
    unsigned short id;
    char *dnsrch[7];
    char defdname[256];
    unsigned long pfcode;
    unsigned ndots : 4, nsort : 4;
    char unused[3];
    struct { struct in_addr addr; unsigned mask; } sort_list[10];
    void *qhook, *rhook;
    int res_h_errno, _vcsock;
    unsigned _flags, _pad;
    union { char pad[40]; } _u;
};
typedef struct res_state_s *res_state;
#define RES_RECURSE 0x40
#define RES_DEFNAMES 0x80
#define RES_DNSRCH 0x200
static int (*res_ninit)(res_state);
static void (*res_nclose)(res_state);
static int (*res_nquery)(res_state, const char *, int, int, unsigned char *, int);
static int (*res_nsearch)(res_state, const char *, int, int, unsigned char *, int);
static int load(void) {
    void *h = dlopen("/usr/lib/libresolv.9.dylib", RTLD_NOW);
    if (!h) return 0;
    res_ninit = (int (*)(res_state))dlsym(h, "res_9_ninit");
    res_nclose = (void (*)(res_state))dlsym(h, "res_9_nclose");
    res_nquery = (int (*)(res_state, const char *, int, int, unsigned char *, int))dlsym(h, "res_9_nquery");
    res_nsearch = (int (*)(res_state, const char *, int, int, unsigned char *, int))dlsym(h, "res_9_nsearch");
    return res_ninit && res_nclose && res_nquery && res_nsearch;
}
#else
#include <resolv.h>
static int load(void) { return 1; }
#endif

/* The server: answers A queries for *.calvados.test with 10.1.2.<labels>,
   NXDOMAIN for anything else. */
static void serve(int s) {
    unsigned char q[512], r[512];
    for (;;) {
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(s, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
        if (n < 12) continue;
        size_t i = 12;
        int labels = 0;
        char name[256] = "";
        while (i < (size_t)n && q[i]) {
            size_t len = q[i];
            strncat(name, (char *)q + i + 1, len);
            strcat(name, ".");
            i += len + 1;
            labels++;
        }
        i += 5; /* root, type, class */
        memcpy(r, q, i);
        int ok = strlen(name) >= 14 && strcmp(name + strlen(name) - 14, "calvados.test.") == 0;
        r[2] = 0x81 | (q[2] & 0x01);
        r[3] = ok ? 0x80 : 0x83;
        r[6] = 0; r[7] = ok; r[8] = r[9] = r[10] = r[11] = 0;
        size_t o = i;
        if (ok) {
            unsigned char a[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 2, (unsigned char)labels};
            memcpy(r + o, a, sizeof a);
            o += sizeof a;
        }
        sendto(s, r, o, 0, (struct sockaddr *)&from, fl);
    }
}

static void show(const char *what, int n, const unsigned char *a, int herr) {
    if (n < 0) { printf("%s: -1 h_errno %d\n", what, herr); return; }
    int an = a[6] << 8 | a[7];
    printf("%s: len %d rcode %d answers %d", what, n, a[3] & 15, an);
    if (an) printf(" addr %d.%d.%d.%d ttl %d", a[n - 4], a[n - 3], a[n - 2], a[n - 1], a[n - 7]);
    printf("\n");
}

int main(void) {
    if (!load()) { puts("no resolver library"); return 1; }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&sa, sizeof sa);
    socklen_t sl = sizeof sa;
    getsockname(s, (struct sockaddr *)&sa, &sl);
    pid_t server = fork();
    if (server == 0) serve(s);
    close(s);

    struct __res_state_holder { char b[1024]; } holder;
    memset(&holder, 0, sizeof holder);
    res_state st = (res_state)&holder;
    printf("ninit: %d\n", res_ninit(st));
    st->nscount = 1;
    st->nsaddr_list[0] = sa;
    st->retrans = 2;
    st->retry = 2;
    st->options = RES_RECURSE | RES_DEFNAMES | RES_DNSRCH | 1 /* RES_INIT */;
    strcpy(st->defdname, "calvados.test");
    st->dnsrch[0] = st->defdname;
    st->dnsrch[1] = 0;
    st->ndots = 1;

    unsigned char ans[512];
    int n = res_nquery(st, "www.calvados.test", 1, 1, ans, sizeof ans);
    show("query www.calvados.test", n, ans, st->res_h_errno);
    n = res_nquery(st, "a.b.c.calvados.test", 1, 1, ans, sizeof ans);
    show("query a.b.c.calvados.test", n, ans, st->res_h_errno);
    n = res_nquery(st, "nowhere.example", 1, 1, ans, sizeof ans);
    show("query nowhere.example", n, ans, st->res_h_errno);
    printf("nxdomain is HOST_NOT_FOUND: %d\n", st->res_h_errno == HOST_NOT_FOUND);
    n = res_nsearch(st, "host", 1, 1, ans, sizeof ans);
    show("search host (search list)", n, ans, st->res_h_errno);
    n = res_nsearch(st, "x.calvados.test", 1, 1, ans, sizeof ans);
    show("search x.calvados.test", n, ans, st->res_h_errno);
    n = res_nquery(st, "www.calvados.test", 1, 1, ans, 20);
    printf("small buffer: answer longer than buffer: %d\n", n > 20 || n < 0);
    res_nclose(st);

    kill(server, SIGKILL);
    waitpid(server, 0, 0);
    return 0;
}
