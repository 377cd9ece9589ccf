// Note: iconv between UTF-8, UTF-16LE/BE, UTF-32LE/BE, ISO-8859-1 and
// ASCII: results, byte counts, and the E2BIG, EILSEQ and EINVAL paths.
// The Mach-O side finds iconv at run time (zig ships no libiconv stub).
// darwin-cflags: -Wl,-undefined,dynamic_lookup
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

static void conv(const char *to, const char *from, const char *in, size_t inlen, size_t room) {
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1) {
        printf("%s<-%s: open failed EINVAL=%d\n", to, from, errno == EINVAL);
        return;
    }
    char out[256];
    char *ip = (char *)in, *op = out;
    size_t il = inlen, ol = room;
    errno = 0;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    int e = errno;
    printf("%s<-%s: r=%zd used=%zu left=%zu wrote=%zu", to, from, (ssize_t)r, inlen - il, il,
           room - ol);
    if (r == (size_t)-1)
        printf(" %s", e == E2BIG ? "E2BIG" : e == EILSEQ ? "EILSEQ" : e == EINVAL ? "EINVAL" : "?");
    printf(" [");
    for (char *p = out; p < op; p++)
        printf("%02x", (unsigned char)*p);
    printf("]\n");
    iconv_close(cd);
}

int main(void) {
    const char *s = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    size_t n = strlen(s);
    conv("UTF-16LE", "UTF-8", s, n, 256);
    conv("UTF-16BE", "UTF-8", s, n, 256);
    conv("UTF-32LE", "UTF-8", s, n, 256);
    conv("UTF-32BE", "utf-8", s, n, 256);
    conv("ISO-8859-1", "UTF-8", "caf\xc3\xa9", 5, 256);
    conv("ISO-8859-1", "UTF-8", s, n, 256);
    conv("ASCII", "UTF-8", "plain", 5, 256);
    conv("ASCII", "UTF-8", "na\xc3\xafve", 6, 256);
    conv("UTF-8", "ISO-8859-1", "\xe9t\xe9\xff", 4, 256);
    conv("UTF-8", "UTF-16LE", "A\0\x3d\xd8\x00\xde", 6, 256);
    conv("UTF-8", "UTF-16LE", "A\0\x00\xdc", 4, 256);
    conv("UTF-8", "UTF-16BE", "\0A\xd8", 3, 256);
    conv("UTF-8", "UTF-8", "ok\xc3", 3, 256);
    conv("UTF-8", "UTF-8", "ok\xff!", 4, 256);
    conv("UTF-8", "UTF-8", "\xc0\xaf", 2, 256);
    conv("UTF-16LE", "UTF-8", "abcdef", 6, 5);
    conv("UTF-8", "UTF-32LE", "\x41\0\0\0\0\0\x11\0", 8, 256);
    conv("NO-SUCH-CHARSET", "UTF-8", "x", 1, 256);

    /* Resetting, and converting in pieces. */
    iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
    printf("reset: %zd\n", (ssize_t)iconv(cd, NULL, NULL, NULL, NULL));
    char out[16];
    char *op = out;
    size_t ol = sizeof out;
    char *ip = (char *)"\xe2\x82";
    size_t il = 2;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    printf("first half: %zd EINVAL=%d left=%zu\n", (ssize_t)r, errno == EINVAL, il);
    ip = (char *)"\xe2\x82\xac";
    il = 3;
    r = iconv(cd, &ip, &il, &op, &ol);
    printf("whole: %zd wrote=%zu %02x%02x\n", (ssize_t)r, sizeof out - ol, (unsigned char)out[0],
           (unsigned char)out[1]);
    printf("close: %d\n", iconv_close(cd));
    return 0;
}
