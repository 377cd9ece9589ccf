// BSD argument helpers: strtonum(3) ("invalid", "too small", "too large" with EINVAL/ERANGE)
// and getsubopt(3) with the suboptarg variable, blanks between suboptions, unknown tokens.
// darwin-differs: macOS strtonum(3) exists only in the BSD libc (glibc has none), and macOS getsubopt(3) documents the extern suboptarg naming the token just parsed; glibc's getsubopt has no suboptarg.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef __APPLE__
static void num(const char *s, long long lo, long long hi) {
    const char *e = "unset";
    errno = 0;
    long long v = strtonum(s, lo, hi, &e);
    printf("strtonum(\"%s\", %lld, %lld) = %lld err=%s EINVAL=%d ERANGE=%d\n", s, lo, hi, v, e ? e : "(null)",
           errno == EINVAL, errno == ERANGE);
}

int main(void) {
    num("42", 0, 100);
    num("-5", 0, 100);
    num("1000", 0, 100);
    num("12abc", 0, 100);
    num("", 0, 100);
    num(" 7", 0, 100);
    num("5", 10, 1);
    num("99999999999999999999", LLONG_MIN, LLONG_MAX);
    num("-99999999999999999999", LLONG_MIN, LLONG_MAX);
    num("-9223372036854775808", LLONG_MIN, LLONG_MAX);
    errno = EEXIST;
    long long v = strtonum("3", 0, 9, NULL);
    printf("NULL errstr: %lld, errno kept: %d\n", v, errno == EEXIST);

    char *const tokens[] = {"ro", "rw", "size", NULL};
    char opts[] = " ro , size=10,\tbogus=2,,rw";
    char *o = opts, *value;
    while (*o) {
        int r = getsubopt(&o, tokens, &value);
        printf("getsubopt -> %d suboptarg=%s value=%s\n", r, suboptarg ? suboptarg : "(null)", value ? value : "(null)");
    }
    char blank[] = "  ,, ";
    o = blank;
    int r = getsubopt(&o, tokens, &value);
    printf("only separators -> %d suboptarg=%s rest=\"%s\"\n", r, suboptarg ? suboptarg : "(null)", o);
    return 0;
}
#else
int main(void) {
    puts("no strtonum or suboptarg here");
    return 0;
}
#endif
