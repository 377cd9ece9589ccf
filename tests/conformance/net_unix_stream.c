// AF_UNIX stream sockets on a path in the working directory: bind, listen,
// a forked client, the names each side sees (sun_path, sun_family, and on
// macOS sun_len), and the path errors (missing, in use, too long).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    printf("sun_path size ok: %d\n", sizeof(((struct sockaddr_un *)0)->sun_path) >= 104);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, "srv.sock");
    printf("bind: %d\n", bind(s, (struct sockaddr *)&a, sizeof a));
    struct stat st;
    printf("socket file: %d is_sock=%d\n", stat("srv.sock", &st), S_ISSOCK(st.st_mode));
    int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    errno = 0;
    printf("bind again: %d errno==EADDRINUSE: %d\n", bind(s2, (struct sockaddr *)&a, sizeof a),
           errno == EADDRINUSE);
    struct sockaddr_un g;
    socklen_t len = sizeof g;
    memset(&g, 0, sizeof g);
    printf("getsockname: %d family_unix=%d path=%s\n", getsockname(s, (struct sockaddr *)&g, &len),
           g.sun_family == AF_UNIX, g.sun_path);
#ifdef __APPLE__
    printf("sun_len covers path: %d\n", g.sun_len >= 2 + strlen("srv.sock") && g.sun_len <= sizeof g);
#else
    printf("sun_len covers path: 1\n");
#endif
    printf("listen: %d\n", listen(s, 2));

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&a, sizeof a) != 0) _exit(2);
        struct sockaddr_un p;
        socklen_t pl = sizeof p;
        if (getpeername(c, (struct sockaddr *)&p, &pl) != 0) _exit(3);
        if (strcmp(p.sun_path, "srv.sock") != 0) _exit(4);
        write(c, "ping", 4);
        char b[8];
        if (read(c, b, 4) != 4 || memcmp(b, "pong", 4) != 0) _exit(5);
        _exit(0);
    }
    struct sockaddr_un peer;
    len = sizeof peer;
    memset(&peer, 0x55, sizeof peer);
    int c = accept(s, (struct sockaddr *)&peer, &len);
    printf("accept: %d peer_family_unix=%d peer_unnamed=%d\n", c >= 0, peer.sun_family == AF_UNIX,
           len <= 16 && (len <= 2 || peer.sun_path[0] == 0));
    char b[8];
    ssize_t n = read(c, b, sizeof b);
    printf("read: %zd %.4s\n", n, b);
    printf("write: %zd\n", write(c, "pong", 4));
    int stt;
    waitpid(pid, &stt, 0);
    printf("child: %d\n", WIFEXITED(stt) ? WEXITSTATUS(stt) : -1);
    printf("eof: %zd\n", read(c, b, sizeof b));
    close(c);
    close(s);
    printf("unlink: %d\n", unlink("srv.sock"));

    int x = socket(AF_UNIX, SOCK_STREAM, 0);
    errno = 0;
    printf("connect missing: %d errno==ENOENT: %d\n", connect(x, (struct sockaddr *)&a, sizeof a),
           errno == ENOENT);
    // A regular file at the path: connection refused.
    close(creat("plain", 0644));
    strcpy(a.sun_path, "plain");
    errno = 0;
    printf("connect to a file: %d errno==ECONNREFUSED: %d\n", connect(x, (struct sockaddr *)&a, sizeof a),
           errno == ECONNREFUSED);
    strcpy(a.sun_path, "nodir/x.sock");
    errno = 0;
    printf("bind in missing dir: %d errno==ENOENT: %d\n", bind(x, (struct sockaddr *)&a, sizeof a),
           errno == ENOENT);
    close(x);
    close(s2);
    return 0;
}
