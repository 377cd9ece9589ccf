// stdout and stderr, and extra streams on dup()s of descriptor 1 in each
// buffering mode (set before their first use), mixed with write(2) on the
// same descriptors: the order on each descriptor must be right.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void raw(int fd, const char *s) {
    write(fd, s, strlen(s));
}

static FILE *out_stream(int mode, char *buf, size_t size) {
    FILE *f = fdopen(dup(1), "w");
    setvbuf(f, buf, mode, size);
    return f;
}

int main(void) {
    // stderr is unbuffered: its bytes go out in call order with raw writes.
    fprintf(stderr, "e1 unbuffered stderr ");
    raw(2, "e2 raw\n");
    // A fully buffered stream on a dup of descriptor 2: output waits.
    static char ebuf[256];
    FILE *eb = fdopen(dup(2), "w");
    setvbuf(eb, ebuf, _IOFBF, sizeof ebuf);
    fprintf(eb, "e3 buffered ");
    raw(2, "e4 raw\n");
    fflush(eb);
    fputs("e5\n", eb);
    fflush(NULL);
    raw(2, "e6 raw\n");
    fputs("e7 flushed by fclose\n", eb);
    fclose(eb);

    // stdout on a pipe: fully buffered by default.
    printf("1 buffered, ");
    raw(1, "2 raw first\n");
    printf("3 same line\n");
    fflush(stdout);
    raw(1, "4 raw after fflush\n");

    // Line buffered: a newline pushes it out, so a raw write lands after.
    FILE *lb = out_stream(_IOLBF, NULL, 0);
    fprintf(lb, "5 line buffered\n");
    raw(1, "6 raw\n");
    fprintf(lb, "7 partial ");
    raw(1, "8 raw before the partial line\n");
    fputs("line end\n", lb);
    fclose(lb);

    // Unbuffered: everything is out at once.
    FILE *nb = out_stream(_IONBF, NULL, 0);
    fprintf(nb, "9 unbuffered ");
    raw(1, "10 raw\n");
    fputc('A', nb);
    raw(1, "B\n");
    fclose(nb);

    // Fully buffered with a user buffer: a partly full buffer is topped up
    // and flushed; whole buffers of a long write go out directly and the
    // tail stays buffered.
    static char fbuf[256];
    FILE *fb = out_stream(_IOFBF, fbuf, sizeof fbuf);
    fputs("[first]", fb);
    raw(1, "|raw before any full buffer|\n");
    fflush(fb);
    raw(1, "\n");
    char big[700];
    for (int i = 0; i < 699; i++)
        big[i] = (i % 50 == 49) ? '\n' : 'a' + i % 26;
    big[699] = 0;
    fputs(big, fb);
    raw(1, "|raw after a long write|\n");
    fclose(fb);
    raw(1, "\n");

    printf("ferror(stdout)=%d ferror(stderr)=%d\n", ferror(stdout), ferror(stderr));
    printf("unflushed at exit");
    fprintf(stderr, "unflushed stderr at exit");
    return 0;
}
