// connectx(2) on loopback TCP: a blocking socket connects and sends the
// initial data (its length in *len); a non-blocking one with curl's TCP Fast
// Open flags finishes connecting (poll, then SO_ERROR 0); bad arguments
// give EINVAL; a refused connection gives ECONNREFUSED.
// darwin-differs: connectx exists only on macOS (<sys/socket.h>: sa_endpoints_t, SAE_ASSOCID_ANY, CONNECT_RESUME_ON_READ_WRITE, CONNECT_DATA_IDEMPOTENT; man connectx(2)), so the Linux twin prints one line.
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#ifdef __APPLE__
static int listener(struct sockaddr_in *a) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    memset(a, 0, sizeof *a);
    a->sin_len = sizeof *a;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)a, sizeof *a);
    socklen_t n = sizeof *a;
    getsockname(l, (struct sockaddr *)a, &n);
    listen(l, 4);
    return l;
}

int main(void) {
    struct sockaddr_in a;
    int l = listener(&a);

    /* Blocking, with initial data. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sa_endpoints_t ep;
    memset(&ep, 0, sizeof ep);
    ep.sae_dstaddr = (struct sockaddr *)&a;
    ep.sae_dstaddrlen = sizeof a;
    char msg[] = "hello, connectx";
    struct iovec iov[2] = {{msg, 7}, {msg + 7, sizeof msg - 8}};
    size_t len = 99;
    sae_connid_t cid = 0;
    int r = connectx(s, &ep, SAE_ASSOCID_ANY, 0, iov, 2, &len, &cid);
    printf("blocking: rc=%d len=%zu\n", r, len);
    int c = accept(l, NULL, NULL);
    char buf[64] = {0};
    ssize_t got = 0;
    while (got < (ssize_t)len) {
        ssize_t k = read(c, buf + got, sizeof buf - 1 - got);
        if (k <= 0)
            break;
        got += k;
    }
    printf("peer read: %s\n", buf);
    close(c);
    close(s);

    /* Non-blocking, curl's TCP Fast Open flags, no data. */
    s = socket(AF_INET, SOCK_STREAM, 0);
    fcntl(s, F_SETFL, O_NONBLOCK);
    r = connectx(s, &ep, SAE_ASSOCID_ANY, CONNECT_RESUME_ON_READ_WRITE | CONNECT_DATA_IDEMPOTENT,
                 NULL, 0, NULL, NULL);
    int started = r == 0 || errno == EINPROGRESS;
    struct pollfd p = {s, POLLOUT, 0};
    int ready = poll(&p, 1, 5000) == 1;
    int err = -1;
    socklen_t el = sizeof err;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el);
    ssize_t w = write(s, "x", 1);
    c = accept(l, NULL, NULL);
    char one = 0;
    ssize_t rd = read(c, &one, 1);
    printf("non-blocking: started %d writable %d so_error %d wrote %zd peer got %c (%zd)\n", started,
           ready, err, w, one, rd);
    close(c);
    close(s);

    /* Bad arguments. */
    s = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    r = connectx(s, NULL, SAE_ASSOCID_ANY, 0, NULL, 0, NULL, NULL);
    printf("no endpoints: %d EINVAL %d\n", r, errno == EINVAL);
    ep.sae_dstaddr = NULL;
    errno = 0;
    r = connectx(s, &ep, SAE_ASSOCID_ANY, 0, NULL, 0, NULL, NULL);
    printf("no destination: %d EINVAL %d\n", r, errno == EINVAL);
    close(s);

    /* Nobody listening. */
    close(l);
    ep.sae_dstaddr = (struct sockaddr *)&a;
    s = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    r = connectx(s, &ep, SAE_ASSOCID_ANY, 0, NULL, 0, NULL, NULL);
    printf("refused: %d ECONNREFUSED %d\n", r, errno == ECONNREFUSED);
    close(s);
    return 0;
}
#else
int main(void) {
    puts("no connectx on Linux");
    return 0;
}
#endif
