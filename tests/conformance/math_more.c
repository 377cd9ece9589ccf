// <math.h> beyond the basics: float and long double variants, the FP_*
// classification (darwin's numbers differ from glibc's, so only names are
// printed), sin+cos pairs (the compiler turns them into __sincos_stret on
// macOS and sincos on Linux), <fenv.h> and a few <complex.h> functions.
// linux-cflags: -lm
#define _REENTRANT 1 // lgamma_r on macOS
#include <complex.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

static const char *cls(int c) {
    switch (c) {
    case FP_NAN: return "nan";
    case FP_INFINITE: return "inf";
    case FP_ZERO: return "zero";
    case FP_SUBNORMAL: return "subnormal";
    case FP_NORMAL: return "normal";
    }
    return "?";
}

// Values the compiler cannot fold (nor evaluate in the default rounding mode
// at compile time).
static volatile double vd;
static volatile long double vl;
static double opaque(double x) {
    vd = x;
    return vd;
}
static long double opaquel(long double x) {
    vl = x;
    return vl;
}

int main(void) {
    const float fs[] = {0.25f, 1.5f, -2.75f, 10.0f};
    for (int i = 0; i < 4; i++) {
        float x = fs[i];
        printf("f x=%g sin=%.6g cos=%.6g tan=%.6g exp=%.6g log=%.6g sqrt=%.6g cbrt=%.6g pow=%.6g atan2=%.6g\n", x,
               sinf(x), cosf(x), tanf(x), expf(x), logf(fabsf(x)), sqrtf(fabsf(x)), cbrtf(x), powf(fabsf(x), 1.5f),
               atan2f(x, 2.0f));
        printf("f floor=%g ceil=%g round=%g trunc=%g rint=%g fmod=%.6g hypot=%.6g asinh=%.6g erf=%.6g tgamma=%.6g\n",
               floorf(x), ceilf(x), roundf(x), truncf(x), rintf(x), fmodf(x, 0.7f), hypotf(x, 3.0f), asinhf(x),
               erff(x), tgammaf(x));
    }
    const long double ls[] = {0.25L, 1.5L, -2.75L, 1e100L};
    for (int i = 0; i < 4; i++) {
        long double x = ls[i];
        int e;
        long double ip;
        long double fr = frexpl(x, &e);
        long double mf = modfl(x, &ip);
        printf("l x=%.10Lg sin=%.15Lg cos=%.15Lg exp=%.15Lg log=%.15Lg sqrt=%.15Lg\n", x, sinl(x), cosl(x),
               expl(x / 100), logl(fabsl(x)), sqrtl(fabsl(x)));
        printf("l floor=%Lg ceil=%Lg round=%Lg trunc=%Lg frexp=%.15Lg*2^%d modf=%Lg+%.15Lg ldexp=%Lg atan2=%.15Lg\n",
               floorl(x), ceill(x), roundl(x), truncl(x), fr, e, ip, mf, ldexpl(x, 3), atan2l(x, 2.0L));
        printf("l pow=%.15Lg hypot=%.15Lg fmod=%.15Lg cbrt=%.15Lg lrint=%ld llround=%lld\n", powl(fabsl(x), 0.5L),
               hypotl(x, 4.0L), fmodl(x, 0.7L), cbrtl(x), lrintl(x / 1e90L), llroundl(x / 1e90L));
    }

    const double ds[] = {0.0, 1.0, NAN, -INFINITY, DBL_MIN / 4, -0.0};
    for (int i = 0; i < 6; i++) {
        double d = opaque(ds[i]);
        float f = (float)d;
        long double l = opaquel(d);
        if (i == 4)
            f = FLT_MIN / 4, l = LDBL_MIN / 4;
        printf("class %d: d=%s f=%s l=%s | l: normal=%d finite=%d inf=%d nan=%d signbit=%d\n", i, cls(fpclassify(d)),
               cls(fpclassify(f)), cls(fpclassify(l)), isnormal(l) != 0, isfinite(l) != 0, isinf(l) != 0,
               isnan(l) != 0, signbit(l) != 0);
    }

    // sin(x) and cos(x) of the same x: one __sincos_stret call on macOS.
    double acc = 0, facc = 0;
    for (int i = 1; i <= 50; i++) {
        double x = opaque(i * 0.37);
        acc += sin(x) * 3 + cos(x);
        float fx = (float)x;
        facc += sinf(fx) - 2 * cosf(fx);
    }
    printf("sincos sum=%.12f sincosf sum=%.5f\n", acc, facc);

    int q;
    double r = remquo(10.3, 3.0, &q);
    printf("remquo=%.6f q=%d remainder=%.6f fdim=%g fma=%g nextafter=%a nexttoward=%a\n", r, q, remainder(10.3, 3.0),
           fdim(5, 3), fma(2, 3, 4), nextafter(1.0, 2.0), nexttoward(1.0, 0.0L));
    printf("scalbn=%g ilogb=%d logb=%g expm1=%.10g log1p=%.10g exp2=%g log2=%g copysign=%g nan=%d\n", scalbn(3, 4),
           ilogb(1000), logb(1000), expm1(1e-5), log1p(1e-5), exp2(10), log2(1024), copysign(2, -1), isnan(nan("")));
    printf("lgamma=%.10f signgam=%d tgamma=%.6f erfc=%.10f j0=%.10f j1=%.10f jn=%.10f y0=%.10f y1=%.10f yn=%.10f\n",
           lgamma(-2.5), signgam, tgamma(5.5), erfc(0.5), j0(1.5), j1(1.5), jn(3, 1.5), y0(1.5), y1(1.5), yn(3, 1.5));
    int sg;
    printf("lgamma_r=%.10f sign=%d acosh=%.10f atanh=%.10f lrint=%ld llrint=%lld lround=%ld\n", lgamma_r(0.5, &sg), sg,
           acosh(2.5), atanh(0.5), lrint(-3.5), llrint(4.5), lround(-3.5));

    // <fenv.h>
    printf("round: %d", fegetround() == FE_TONEAREST);
    fesetround(FE_UPWARD);
    printf(" up=%d rint(2.1)=%g", fegetround() == FE_UPWARD, rint(opaque(2.1)));
    fesetround(FE_TOWARDZERO);
    printf(" tz rint(-2.9)=%g lrint(2.9)=%ld", rint(opaque(-2.9)), lrint(opaque(2.9)));
    fenv_t env;
    fegetenv(&env);
    fesetenv(FE_DFL_ENV);
    printf(" dfl=%d", fegetround() == FE_TONEAREST);
    fesetenv(&env);
    printf(" restored=%d\n", fegetround() == FE_TOWARDZERO);
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    vd = opaque(1.0) / 3.0;
    printf("inexact=%d divbyzero=%d", fetestexcept(FE_INEXACT) != 0, fetestexcept(FE_DIVBYZERO) != 0);
    fenv_t held;
    feholdexcept(&held);
    printf(" held clear=%d", fetestexcept(FE_ALL_EXCEPT) == 0);
    vd = opaque(1.0) / opaque(0.0);
    feupdateenv(&held);
    printf(" after update inexact=%d divbyzero=%d\n", fetestexcept(FE_INEXACT) != 0,
           fetestexcept(FE_DIVBYZERO) != 0);
    fexcept_t flags;
    fegetexceptflag(&flags, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&flags, FE_DIVBYZERO);
    printf("exceptflag divbyzero=%d inexact=%d\n", fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_INEXACT) != 0);

    double complex c = csqrt(-4.0);
    double complex e = cexp(I * M_PI / 3);
    float complex cf = cpowf(2.0f + 1.0f * I, 2.0f);
    printf("csqrt=%g%+gi cexp=%.10f%+.10fi cabs=%g carg=%.10f cpowf=%.4g%+.4gi conj=%g\n", creal(c), cimag(c), creal(e),
           cimag(e), cabs(3 + 4 * I), carg(-1.0 + 0.0 * I), crealf(cf), cimagf(cf), cimag(conj(1 + 2 * I)));
    return 0;
}
