// <ctype.h> classes over ASCII and the string-to-number conversions.
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int alpha = 0, digit = 0, space = 0, punct = 0, upper = 0, lower = 0, cntrl = 0, print = 0, xdigit = 0,
        alnum = 0, graph = 0;
    for (int c = 0; c < 128; c++) {
        alpha += !!isalpha(c);
        digit += !!isdigit(c);
        space += !!isspace(c);
        punct += !!ispunct(c);
        upper += !!isupper(c);
        lower += !!islower(c);
        cntrl += !!iscntrl(c);
        print += !!isprint(c);
        xdigit += !!isxdigit(c);
        alnum += !!isalnum(c);
        graph += !!isgraph(c);
    }
    printf("alpha=%d digit=%d space=%d punct=%d upper=%d lower=%d\n", alpha, digit, space, punct, upper, lower);
    printf("cntrl=%d print=%d xdigit=%d alnum=%d graph=%d\n", cntrl, print, xdigit, alnum, graph);
    printf("isalpha(EOF)=%d\n", isalpha(EOF) != 0);
    char s[] = "Hello, World 123!";
    for (char *p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    printf("toupper: %s\n", s);
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    printf("tolower: %s\n", s);

    printf("atoi: %d %d %d %d\n", atoi("42"), atoi("  -17xyz"), atoi("abc"), atoi("+8"));
    printf("atol=%ld atoll=%lld\n", atol("1234567890123"), atoll("-9000000000000000000"));

    // (No "0b…" input: C23 lets strtol accept that prefix, and libcs differ on
    // whether they already do.)
    const char *in[] = {"123", "-0x1F", "0755", "101", "  +99 rest", "zz", "2147483648"};
    int bases[] = {10, 0, 0, 2, 10, 36, 10};
    for (int i = 0; i < 7; i++) {
        char *end;
        long v = strtol(in[i], &end, bases[i]);
        printf("strtol(\"%s\", %d) = %ld, rest=\"%s\"\n", in[i], bases[i], v, end);
    }
    char *end;
    printf("strtol base 16 = %ld\n", strtol("ff", &end, 16));
    printf("strtol base 2 = %ld\n", strtol("101", &end, 2));
    errno = 0;
    long big = strtol("-99999999999999999999", &end, 10);
    printf("strtol underflow: min=%d erange=%d\n", big == -__LONG_MAX__ - 1, errno == ERANGE);
    printf("strtoul: %lu %lu\n", strtoul("4294967295", NULL, 10), strtoul("0xFFFF", NULL, 16));
    printf("strtoul negative wraps: %d\n", strtoul("-1", NULL, 10) == (unsigned long)-1);
    printf("strtoull: %llu\n", strtoull("18446744073709551615", NULL, 10));

    const char *ds[] = {"3.25", "  -2.5e3xyz", "1e-5", ".5", "0x1p4", "inf", "-Infinity", "abc", "1e400"};
    for (int i = 0; i < 9; i++) {
        errno = 0;
        double d = strtod(ds[i], &end);
        printf("strtod(\"%s\") = %g, consumed=%ld erange=%d\n", ds[i], d, (long)(end - ds[i]), errno == ERANGE);
    }
    printf("strtof=%g atof=%g\n", (double)strtof("1.5", NULL), atof("6.02e23"));
    return 0;
}
