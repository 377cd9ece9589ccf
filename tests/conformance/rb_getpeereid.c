// The peer credentials (getpeereid) on a Unix-domain socket pair, and the
// errors for a non-socket, a bad descriptor and an unconnected socket.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef __APPLE__
/* glibc has no getpeereid; SO_PEERCRED is what it reads on Linux. */
static int getpeereid(int fd, uid_t *uid, gid_t *gid) {
    struct ucred c;
    socklen_t n = sizeof c;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c, &n) != 0) return -1;
    if (c.pid == 0 && c.uid == (uid_t)-1) { errno = ENOTCONN; return -1; }
    *uid = c.uid;
    *gid = c.gid;
    return 0;
}
#endif

int main(void) {
    int sv[2];
    uid_t u = 12345;
    gid_t g = 12345;
    printf("socketpair: %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    printf("peer: %d uid ok: %d gid ok: %d\n", getpeereid(sv[0], &u, &g), u == getuid(), g == getgid());
    u = g = 7;
    printf("other end: %d uid ok: %d\n", getpeereid(sv[1], &u, &g), u == getuid());

    int p[2];
    pipe(p);
    errno = 0;
    printf("pipe: %d enotsock: %d\n", getpeereid(p[0], &u, &g), errno == ENOTSOCK);
    errno = 0;
    printf("closed fd: %d ebadf: %d\n", getpeereid(99, &u, &g), errno == EBADF);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    errno = 0;
    printf("unconnected: %d enotconn: %d\n", getpeereid(s, &u, &g), errno == ENOTCONN);
    int d[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
    u = 0;
    printf("datagram pair: %d uid ok: %d\n", getpeereid(d[0], &u, &g), u == getuid());
    return 0;
}
