// fscanf from a file: each conversion must consume exactly its characters,
// so the next fgetc sees the first byte it did not take.
#include <stdio.h>
#include <string.h>

static void next(FILE *f) {
    int c = fgetc(f);
    if (c == EOF)
        printf("  next: EOF\n");
    else if (c == '\n')
        printf("  next: '\\n'\n");
    else
        printf("  next: '%c'\n", c);
}

int main(void) {
    FILE *f = fopen("in.txt", "w");
    fputs("42 -17 +8\n"
          "3.5 -0.25e2 1e3x\n"
          "word another;tail\n"
          "0x1F 0755 99 0\n"
          "key=value;\n"
          "12345678 abc\n"
          "  spaced   out  \n"
          "100%\n"
          "123456789012345 65535 255\n"
          "letters\n",
          f);
    fclose(f);

    f = fopen("in.txt", "r");
    int a = 0, b = 0, c = 0;
    printf("ints: %d", fscanf(f, "%d %d %d", &a, &b, &c));
    printf(" -> %d %d %d\n", a, b, c);
    next(f);

    float x = 0;
    double y = 0, z = 0;
    printf("floats: %d", fscanf(f, "%f %lf %lf", &x, &y, &z));
    printf(" -> %.2f %.2f %.2f\n", x, y, z);
    next(f);

    char w1[32], w2[32], w3[32];
    printf("strings: %d", fscanf(f, "%s %[a-z]%c%s", w1, w2, w3, w3 + 1));
    printf(" -> '%s' '%s' '%c' '%s'\n", w1, w2, w3[0], w3 + 1);
    next(f);

    int h = 0, o = 0, i1 = 0, i2 = 0;
    printf("bases: %d", fscanf(f, "%x %o %i %i", &h, &o, &i1, &i2));
    printf(" -> %d %d %d %d\n", h, o, i1, i2);
    next(f);

    char key[16], val[16];
    int n1 = 0, n2 = 0;
    printf("scanset: %d", fscanf(f, "%15[^=]=%n%15[^;]%n", key, &n1, val, &n2));
    printf(" -> '%s' '%s' n=%d,%d\n", key, val, n1, n2);
    next(f);

    int d1 = 0, d2 = 0;
    char cs[8] = {0};
    printf("widths: %d", fscanf(f, "%3d%*2d%d %3c", &d1, &d2, cs));
    printf(" -> %d %d '%s'\n", d1, d2, cs);
    next(f);

    char s1[16], s2[16];
    printf("whitespace: %d", fscanf(f, " %s %s", s1, s2));
    printf(" -> '%s' '%s'\n", s1, s2);
    next(f);

    int pct = 0;
    printf("percent: %d", fscanf(f, "%d%%", &pct));
    printf(" -> %d\n", pct);
    next(f);

    long long big = 0;
    unsigned short us = 0;
    unsigned char uc = 0;
    printf("lengths: %d", fscanf(f, "%lld %hu %hhu", &big, &us, &uc));
    printf(" -> %lld %u %u\n", big, us, uc);
    next(f);

    int bad = -1;
    printf("mismatch: %d", fscanf(f, "%d", &bad));
    printf(" -> bad still %d\n", bad);
    next(f);
    char rest[32];
    printf("rest: %d", fscanf(f, "%s", rest));
    printf(" -> '%s'\n", rest);
    printf("at end: %d\n", fscanf(f, "%d", &bad));
    printf("feof=%d\n", feof(f) != 0);
    fclose(f);

    // Literal matching failure leaves the mismatching byte.
    f = fopen("in2.txt", "w+");
    fputs("7,8;9", f);
    rewind(f);
    printf("literal: %d", fscanf(f, "%d,%d,%d", &a, &b, &c));
    printf(" -> %d %d\n", a, b);
    next(f);
    fclose(f);
    return 0;
}
