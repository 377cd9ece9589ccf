// printf conversions, flags, widths, precisions and lengths, and the
// string variants' return values and truncation.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int wrap(char *buf, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static void vprint(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

int main(int argc, char **argv) {
    (void)argv;
    int ints[] = {0, 1, -1, 42, -42, 2147483647, -2147483647 - 1};
    for (unsigned i = 0; i < sizeof ints / sizeof *ints; i++)
        printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%8.3d] [%-+8d] [%x] [%#o]\n", ints[i], ints[i],
               ints[i], ints[i], ints[i], ints[i], ints[i], ints[i], ints[i], ints[i], ints[i]);
    printf("[%u] [%lu] [%llu] [%zu] [%jd] [%td]\n", 4000000000u, 18446744073709551615ul, 12345678901234567ull,
           (size_t)77, (intmax_t)-99, (ptrdiff_t)-3);
    printf("[%hhd] [%hhu] [%hd] [%hu] [%ld] [%lld]\n", (signed char)-128, (unsigned char)255, (short)-32768,
           (unsigned short)65535, -9223372036854775807l - 1, 9223372036854775807ll);
    printf("[%x] [%X] [%#x] [%#X] [%08x] [%#010x] [%o] [%#o] [%.0x] [%#.0o]\n", 48879, 48879, 48879, 48879,
           255, 255, 8, 8, 0, 0);
    printf("[%c] [%3c] [%-3c] [%%]\n", 'a', 'b', 'c');
    printf("[%s] [%10s] [%-10s] [%.2s] [%10.3s] [%-10.1s] [%.0s]\n", "str", "right", "left", "cut", "abcdef",
           "xyz", "gone");
    double ds[] = {0.0, -0.0, 1.0, -1.5, 3.14159265358979, 1e-5, 123456789.0, 1e300, 2.5e-300};
    for (unsigned i = 0; i < sizeof ds / sizeof *ds; i++)
        printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%+.0f] [%e] [%.3E] [%g] [%G] [%#g] [%.10g]\n", ds[i], ds[i],
               ds[i], ds[i], ds[i], ds[i], ds[i], ds[i], ds[i], ds[i], ds[i]);
    printf("[%a] [%A] [%.2a]\n", 1.0, 255.5, 3.14159);
    printf("[%f] [%e] [%g] [%5.1f]\n", 1.0 / 0.0, -1.0 / 0.0, 1.0 / 0.0, -1.0 / 0.0);
    long double ld = 1.0L / 3.0L;
    printf("[%Lf] [%.15Le] [%Lg] [%10.4Lf]\n", ld, ld, ld * 1e10L, -ld);
    printf("[%*d] [%-*d] [%.*f] [%*.*s] [%*d]\n", 6, 1, 6, 2, 3, 1.23456, 8, 2, "xyz", -6, 7);
    printf("[%2$s %1$d] [%3$*1$d] [%2$.3s]\n", 5, "world", 9);
    int n1 = 0, n2 = 0;
    printf("abc%n%10s%n|\n", &n1, "pad", &n2);
    printf("%%n: %d %d\n", n1, n2);

    char buf[16];
    int r = snprintf(buf, sizeof buf, "%s-%d", "truncate me please", 12345);
    printf("snprintf: r=%d buf='%s'\n", r, buf);
    size_t one = (size_t)(argc > 0);
    r = snprintf(buf, one, "abc");
    printf("snprintf size 1: r=%d empty=%d\n", r, buf[0] == 0);
    r = snprintf(NULL, 0, "%d%s", 123, "four");
    printf("snprintf NULL: r=%d\n", r);
    r = wrap(buf, 6, "%05d|%s", 42, "x");
    printf("vsnprintf: r=%d buf='%s'\n", r, buf);
    r = sprintf(buf, "%c%c%c%d", 'x', 'y', 'z', 9);
    printf("sprintf: r=%d buf='%s'\n", r, buf);
    char *heap = NULL;
    r = asprintf(&heap, "%s %s %d", "allocated", "string", 3);
    printf("asprintf: r=%d '%s'\n", r, heap);
    free(heap);
    r = printf("%s", "counted\n");
    printf("printf returned %d\n", r);
    r = fprintf(stdout, "%d-%d\n", 1, 2);
    printf("fprintf returned %d\n", r);
    vprint("vprintf %s %d %.1f\n", "works", 7, 0.5);
    r = dprintf(1, "%s", "");
    printf("dprintf empty: %d\n", r);
    fflush(stdout);
    dprintf(1, "dprintf %d\n", 77);
    return 0;
}
