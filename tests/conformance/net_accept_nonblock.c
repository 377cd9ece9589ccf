// darwin-differs: macOS accept(2): the new socket has "the same properties of socket", so it inherits O_NONBLOCK from a non-blocking listener; Linux accept(2) NOTES: it does not inherit O_NONBLOCK ("differs from the canonical BSD sockets implementation")
//
// A non-blocking listener: accept with nothing pending fails with
// EAGAIN; once a client connects (poll says readable) accept succeeds,
// and the accepted socket's O_NONBLOCK is what each system specifies.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)&a, sizeof a);
    socklen_t len = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &len);
    listen(l, 1);
    printf("set nonblocking: %d\n", fcntl(l, F_SETFL, fcntl(l, F_GETFL) | O_NONBLOCK));
    errno = 0;
    printf("accept nothing pending: %d errno==EAGAIN: %d\n", accept(l, NULL, NULL), errno == EAGAIN);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect: %d\n", connect(c, (struct sockaddr *)&a, sizeof a));
    struct pollfd p = {l, POLLIN, 0};
    printf("poll listener: %d readable: %d\n", poll(&p, 1, 2000), !!(p.revents & POLLIN));
    int s = accept(l, NULL, NULL);
    printf("accept: %d\n", s >= 0);
    printf("accepted O_NONBLOCK: %d\n", !!(fcntl(s, F_GETFL) & O_NONBLOCK));
    char b;
    errno = 0;
    ssize_t n = recv(s, &b, 1, MSG_DONTWAIT);
    printf("recv MSG_DONTWAIT: %zd errno==EAGAIN: %d\n", n, errno == EAGAIN);
    close(s);
    close(c);
    close(l);
    return 0;
}
