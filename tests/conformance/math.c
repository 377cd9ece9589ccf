// <math.h> basics, printed with %.6f (well away from rounding boundaries).
// linux-cflags: -lm
#include <math.h>
#include <stdio.h>

int main(void) {
    const double xs[] = {0.0, 0.5, 1.0, 2.0, 3.14159265358979, -1.25, 10.0, 100.5};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%.6f sin=%.6f cos=%.6f atan=%.6f exp=%.6f\n", x, sin(x), cos(x), atan(x), exp(x / 10));
    }
    printf("sqrt: %.6f %.6f %.6f\n", sqrt(2.0), sqrt(144.0), sqrt(1e10));
    printf("pow: %.6f %.6f %.6f %.6f\n", pow(2, 10), pow(2, 0.5), pow(10, -3), pow(-2, 3));
    printf("floor: %.6f %.6f ceil: %.6f %.6f\n", floor(2.7), floor(-2.3), ceil(2.1), ceil(-2.9));
    printf("fmod: %.6f %.6f %.6f\n", fmod(10.5, 3), fmod(-7.25, 2), fmod(5, 0.75));
    printf("round: %.6f %.6f trunc: %.6f %.6f\n", round(2.5), round(-2.5), trunc(3.9), trunc(-3.9));
    printf("log: %.6f %.6f %.6f\n", log(10), log2(1024), log10(0.001));
    printf("hypot=%.6f atan2=%.6f cbrt=%.6f\n", hypot(3, 4), atan2(1, -1), cbrt(27));
    printf("fabs=%.6f copysign=%.6f fmin=%.6f fmax=%.6f\n", fabs(-8.5), copysign(3, -0.0), fmin(1, 2),
           fmax(1, 2));
    int e;
    double m = frexp(48.0, &e);
    printf("frexp: %.6f * 2^%d, ldexp=%.6f\n", m, e, ldexp(0.75, 6));
    double ip;
    double fp = modf(-3.75, &ip);
    printf("modf: %.6f %.6f\n", ip, fp);
    printf("isnan=%d isinf=%d isfinite=%d signbit=%d\n", isnan(NAN) != 0, isinf(-INFINITY) != 0,
           isfinite(1.0) != 0, signbit(-0.0) != 0);
    printf("float: sinf=%.6f sqrtf=%.6f powf=%.6f\n", (double)sinf(1.0f), (double)sqrtf(2.0f),
           (double)powf(1.5f, 3.0f));
    printf("lround=%ld llrint=%lld\n", lround(-2.5), llrint(7.5));
    return 0;
}
