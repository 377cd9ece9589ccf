// AF_UNIX datagram sockets bound to paths: sendto/recvfrom report the
// sender's path, message boundaries hold, a connected datagram socket,
// and sending to a path nobody is bound to.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un addr(const char *p) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, p);
    return a;
}

int main(void) {
    int s1 = socket(AF_UNIX, SOCK_DGRAM, 0), s2 = socket(PF_LOCAL, SOCK_DGRAM, 0);
    struct sockaddr_un a1 = addr("one.sock"), a2 = addr("two.sock");
    printf("bind: %d %d\n", bind(s1, (struct sockaddr *)&a1, sizeof a1),
           bind(s2, (struct sockaddr *)&a2, sizeof a2));
    printf("sendto: %zd %zd\n", sendto(s1, "first", 5, 0, (struct sockaddr *)&a2, sizeof a2),
           sendto(s1, "second!", 7, 0, (struct sockaddr *)&a2, sizeof a2));
    for (int i = 0; i < 2; i++) {
        char buf[32];
        struct sockaddr_un from;
        socklen_t fl = sizeof from;
        memset(&from, 0, sizeof from);
        ssize_t n = recvfrom(s2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
        printf("recvfrom: %zd '%.*s' from=%s family_unix=%d\n", n, (int)n, buf, from.sun_path,
               from.sun_family == AF_UNIX);
    }
    // An unbound sender: no name comes back.
    int s3 = socket(AF_UNIX, SOCK_DGRAM, 0);
    sendto(s3, "anon", 4, 0, (struct sockaddr *)&a2, sizeof a2);
    char buf[32];
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    memset(&from, 0, sizeof from);
    ssize_t n = recvfrom(s2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("anon: %zd '%.*s' empty_path=%d\n", n, (int)n, buf, from.sun_path[0] == 0);

    printf("connect: %d\n", connect(s3, (struct sockaddr *)&a1, sizeof a1));
    printf("send: %zd\n", send(s3, "via connect", 11, 0));
    n = recv(s1, buf, sizeof buf, 0);
    printf("recv: %zd '%.*s'\n", n, (int)n, buf);

    struct sockaddr_un gone = addr("gone.sock");
    errno = 0;
    printf("sendto nobody: %zd errno==ENOENT: %d\n",
           sendto(s1, "x", 1, 0, (struct sockaddr *)&gone, sizeof gone), errno == ENOENT);
    errno = 0;
    printf("oversized datagram: %zd errno==EMSGSIZE: %d\n",
           sendto(s1, "x", 10 * 1024 * 1024, 0, (struct sockaddr *)&a2, sizeof a2), errno == EMSGSIZE);
    close(s1);
    close(s2);
    close(s3);
    unlink("one.sock");
    unlink("two.sock");
    return 0;
}
