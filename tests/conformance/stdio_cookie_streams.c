// User-defined streams: funopen on macOS, fopencookie on Linux, with the
// same callbacks (a rot13 writer, a counting reader, seek, close).
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

struct sink {
    char data[256];
    int len, writes, closed;
};

static int sink_write(void *c, const char *buf, int n) {
    struct sink *s = c;
    s->writes++;
    for (int i = 0; i < n && s->len < 255; i++) {
        char ch = buf[i];
        if (ch >= 'a' && ch <= 'z')
            ch = 'a' + (ch - 'a' + 13) % 26;
        s->data[s->len++] = ch;
    }
    return n;
}

struct source {
    long pos, size, reads;
};

static int source_read(void *c, char *buf, int n) {
    struct source *s = c;
    s->reads++;
    int k = 0;
    while (k < n && k < 7 && s->pos < s->size) {
        buf[k++] = (s->pos % 10 == 9) ? '\n' : '0' + s->pos % 10;
        s->pos++;
    }
    return k;
}

static off_t source_seek(void *c, off_t off, int whence) {
    struct source *s = c;
    long base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? s->pos : s->size;
    s->pos = base + off;
    return s->pos;
}

static int closed_count;
static int any_close(void *c) {
    (void)c;
    closed_count++;
    return 0;
}

#ifdef __APPLE__
static fpos_t seek_adapter(void *c, fpos_t off, int whence) {
    return source_seek(c, off, whence);
}
static FILE *open_sink(struct sink *s) {
    return funopen(s, NULL, sink_write, NULL, any_close);
}
static FILE *open_source(struct source *s) {
    return funopen(s, source_read, NULL, seek_adapter, any_close);
}
#else
static ssize_t w_adapter(void *c, const char *b, size_t n) {
    return sink_write(c, b, (int)n);
}
static ssize_t r_adapter(void *c, char *b, size_t n) {
    return source_read(c, b, (int)n);
}
static int s_adapter(void *c, off64_t *off, int whence) {
    off_t r = source_seek(c, *off, whence);
    *off = r;
    return 0;
}
static FILE *open_sink(struct sink *s) {
    cookie_io_functions_t io = {NULL, w_adapter, NULL, any_close};
    return fopencookie(s, "w", io);
}
static FILE *open_source(struct source *s) {
    cookie_io_functions_t io = {r_adapter, NULL, s_adapter, any_close};
    return fopencookie(s, "r", io);
}
#endif

int main(void) {
    static struct sink s;
    FILE *f = open_sink(&s);
    fprintf(f, "hello %s %d\n", "world", 42);
    fputs("uryyb ntnva\n", f);
    printf("before fflush: %d bytes\n", s.len);
    fflush(f);
    printf("after fflush: %d bytes: %s", s.len, s.data);
    fputc('z', f);
    fclose(f);
    printf("after fclose: %d bytes, closed %d\n", s.len, closed_count);

    static struct source src;
    src.size = 95;
    f = open_source(&src);
    char line[32];
    int lines = 0;
    while (fgets(line, sizeof line, f))
        lines++;
    printf("lines read: %d, last '%s', feof %d\n", lines, line, feof(f) != 0);
    clearerr(f);
    fseek(f, 33, SEEK_SET);
    printf("after seek: ftell %ld getc '%c'\n", ftell(f), getc(f));
    int a, b;
    fseek(f, 0, SEEK_SET);
    printf("fscanf: %d", fscanf(f, "%3d%d", &a, &b));
    printf(" -> %d %d\n", a, b);
    fclose(f);
    printf("closed %d\n", closed_count);
    return 0;
}
