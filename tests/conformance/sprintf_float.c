// Floating-point formatting: %f %e %g %a with flags, widths and precisions.
// (Subnormals are left out: glibc prints them in %a as 0x0.…p-1022, macOS
// normalises them.)
#include <stdio.h>

int main(void) {
    const double vals[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 2.0 / 3, 123.456, 1e10, 1e-10,
                           6.02214076e23, 1.7976931348623157e308, 2.2250738585072014e-308, 1e22, 0.000123456};
    char buf[512];
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        snprintf(buf, sizeof buf, "%f | %e | %g | %a", v, v, v, v);
        printf("%s\n", buf);
        snprintf(buf, sizeof buf, "%.0f | %.3e | %.10g | %#g | %+.2f | % .1e | %12.4f | %-12.2e|", v, v, v, v, v,
                 v, v, v);
        printf("%s\n", buf);
    }
    printf("ties: %.0f %.0f %.0f %.0f %.1f %.2f\n", 0.5, 1.5, 2.5, -3.5, 0.25, 1.005);
    printf("inf: %f %e %g %F %E %G\n", 1.0 / 0.0, -1.0 / 0.0, 1.0 / 0.0, 1.0 / 0.0, 1.0 / 0.0, 1.0 / 0.0);
    printf("%%g switch: %g %g %g %g %g\n", 100000.0, 1000000.0, 0.0001, 0.00001, 123456789.0);
    printf("big %%f: %.0f\n", 1e300);
    printf("long double: %Lf %Le %.3Lg\n", 1.5L, 12345.678L, 2.0L / 3);
    printf("float promoted: %f %g\n", (double)3.14f, (double)1e-3f);
    printf("%%A: %A %.2a\n", 255.5, 1.0);
    return 0;
}
