// Passing descriptors with SCM_RIGHTS over a socketpair to a forked child:
// the CMSG_* macros over each system's own layout (12-byte headers on
// macOS), one and two descriptors per message, the data arriving with
// them, and MSG_CTRUNC when the control buffer is too small (how many
// descriptors still fit depends on each layout's padding, so only the
// first one is shown then).
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int send_fds(int s, const int *fds, int n, const char *tag) {
    char ctl[CMSG_SPACE(3 * sizeof(int))];
    memset(ctl, 0, sizeof ctl);
    struct iovec iov = {(void *)tag, strlen(tag)};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = CMSG_SPACE(n * sizeof(int));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(n * sizeof(int));
    memcpy(CMSG_DATA(c), fds, n * sizeof(int));
    return (int)sendmsg(s, &m, 0);
}

// Receives into a control buffer of `space` bytes; prints what arrived.
static void recv_fds(int s, size_t space) {
    char ctl[256];
    char data[32];
    struct iovec iov = {data, sizeof data};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = space;
    ssize_t n = recvmsg(s, &m, 0);
    printf("recvmsg: %zd '%.*s' ctrunc=%d\n", n, (int)(n > 0 ? n : 0), data, (m.msg_flags & MSG_CTRUNC) != 0);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        int level_ok = c->cmsg_level == SOL_SOCKET, type_ok = c->cmsg_type == SCM_RIGHTS;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        printf("  cmsg: sol_socket=%d scm_rights=%d fds=%d\n", level_ok, type_ok,
               (m.msg_flags & MSG_CTRUNC) ? count > 0 : count);
        if (m.msg_flags & MSG_CTRUNC) count = count > 0;
        for (int i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            char buf[64] = {0};
            lseek(fd, 0, SEEK_SET);
            ssize_t r = read(fd, buf, sizeof buf - 1);
            printf("  fd %d: new=%d read %zd '%s'\n", i, fd > 2, r, buf);
            close(fd);
        }
    }
}

int main(void) {
    printf("CMSG_LEN(4) - CMSG_LEN(0) = %zu\n", (size_t)(CMSG_LEN(4) - CMSG_LEN(0)));
    int f1 = open("a.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(f1, "contents of a", 13);
    int f2 = open("b.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(f2, "bee", 3);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        recv_fds(sv[1], CMSG_SPACE(sizeof(int)));
        recv_fds(sv[1], CMSG_SPACE(2 * sizeof(int)));
        recv_fds(sv[1], CMSG_SPACE(sizeof(int)));
        recv_fds(sv[1], 0);
        fflush(stdout);
        _exit(0);
    }
    close(sv[1]);
    int both[2] = {f1, f2};
    int three[3] = {f1, f2, f2};
    // The child prints everything when it exits; the parent reports after.
    int r1 = send_fds(sv[0], &f1, 1, "one");
    usleep(50000);
    int r2 = send_fds(sv[0], both, 2, "two");
    usleep(50000);
    int r3 = send_fds(sv[0], three, 3, "cut");
    usleep(50000);
    int r4 = send_fds(sv[0], &f2, 1, "none");
    int st;
    waitpid(pid, &st, 0);
    printf("sent: %d %d %d %d\n", r1, r2, r3, r4);
    printf("child: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(sv[0]);
    return 0;
}
