//! `libsystem_m`: `<math.h>`, `<fenv.h>` and `<complex.h>`.
//!
//! Almost every function has the same ABI and meaning on darwin and glibc
//! (both are SysV x86_64; `long double` is the x87 80-bit format on both), so
//! glibc's libm is exported as is, including Apple's `$fenv_access_off`
//! aliases. Ours are only what differs (from the macOS `<math.h>`/`<fenv.h>`):
//! `FP_*` numbers (darwin `FP_NAN` is 1, glibc's 0), `fenv_t` (16 bytes on
//! darwin, 32 on glibc), the `__sincos*_stret` struct returns, `__sinpi` and
//! friends, the legacy `gamma` (darwin: Γ(x), glibc: log|Γ(x)|) and classifiers
//! that are only macros on glibc.

use libc::{c_char, c_int, c_long, c_longlong};

// Signatures from the macOS <math.h>; only the addresses are exported.
#[link(name = "m")]
extern "C" {
    fn acos(_: f64) -> f64;
    fn acosf(_: f32) -> f32;
    fn acosh(_: f64) -> f64;
    fn acoshf(_: f32) -> f32;
    fn asin(_: f64) -> f64;
    fn asinf(_: f32) -> f32;
    fn asinh(_: f64) -> f64;
    fn asinhf(_: f32) -> f32;
    fn atan(_: f64) -> f64;
    fn atan2(_: f64, _: f64) -> f64;
    fn atan2f(_: f32, _: f32) -> f32;
    fn atanf(_: f32) -> f32;
    fn atanh(_: f64) -> f64;
    fn atanhf(_: f32) -> f32;
    fn cbrt(_: f64) -> f64;
    fn cbrtf(_: f32) -> f32;
    fn ceil(_: f64) -> f64;
    fn ceilf(_: f32) -> f32;
    fn copysign(_: f64, _: f64) -> f64;
    fn copysignf(_: f32, _: f32) -> f32;
    fn cos(_: f64) -> f64;
    fn cosf(_: f32) -> f32;
    fn cosh(_: f64) -> f64;
    fn coshf(_: f32) -> f32;
    fn drem(_: f64, _: f64) -> f64;
    fn erf(_: f64) -> f64;
    fn erfc(_: f64) -> f64;
    fn erfcf(_: f32) -> f32;
    fn erff(_: f32) -> f32;
    fn exp(_: f64) -> f64;
    fn exp2(_: f64) -> f64;
    fn exp2f(_: f32) -> f32;
    fn expf(_: f32) -> f32;
    fn expm1(_: f64) -> f64;
    fn expm1f(_: f32) -> f32;
    fn fabs(_: f64) -> f64;
    fn fabsf(_: f32) -> f32;
    fn fdim(_: f64, _: f64) -> f64;
    fn fdimf(_: f32, _: f32) -> f32;
    fn feclearexcept(_: c_int) -> c_int;
    fn fegetexceptflag(_: *mut u16, _: c_int) -> c_int;
    fn fegetround() -> c_int;
    fn feraiseexcept(_: c_int) -> c_int;
    fn fesetexceptflag(_: *const u16, _: c_int) -> c_int;
    fn fesetround(_: c_int) -> c_int;
    fn fetestexcept(_: c_int) -> c_int;
    fn finite(_: f64) -> c_int;
    fn floor(_: f64) -> f64;
    fn floorf(_: f32) -> f32;
    fn fma(_: f64, _: f64, _: f64) -> f64;
    fn fmaf(_: f32, _: f32, _: f32) -> f32;
    fn fmax(_: f64, _: f64) -> f64;
    fn fmaxf(_: f32, _: f32) -> f32;
    fn fmin(_: f64, _: f64) -> f64;
    fn fminf(_: f32, _: f32) -> f32;
    fn fmod(_: f64, _: f64) -> f64;
    fn fmodf(_: f32, _: f32) -> f32;
    fn frexp(_: f64, _: *mut c_int) -> f64;
    fn frexpf(_: f32, _: *mut c_int) -> f32;
    fn hypot(_: f64, _: f64) -> f64;
    fn hypotf(_: f32, _: f32) -> f32;
    fn ilogb(_: f64) -> c_int;
    fn ilogbf(_: f32) -> c_int;
    fn j0(_: f64) -> f64;
    fn j1(_: f64) -> f64;
    fn jn(_: c_int, _: f64) -> f64;
    fn ldexp(_: f64, _: c_int) -> f64;
    fn ldexpf(_: f32, _: c_int) -> f32;
    fn lgamma(_: f64) -> f64;
    fn lgamma_r(_: f64, _: *mut c_int) -> f64;
    fn lgammaf(_: f32) -> f32;
    fn lgammaf_r(_: f32, _: *mut c_int) -> f32;
    fn llrint(_: f64) -> c_longlong;
    fn llrintf(_: f32) -> c_longlong;
    fn llround(_: f64) -> c_longlong;
    fn llroundf(_: f32) -> c_longlong;
    fn log(_: f64) -> f64;
    fn log10(_: f64) -> f64;
    fn log10f(_: f32) -> f32;
    fn log1p(_: f64) -> f64;
    fn log1pf(_: f32) -> f32;
    fn log2(_: f64) -> f64;
    fn log2f(_: f32) -> f32;
    fn logb(_: f64) -> f64;
    fn logbf(_: f32) -> f32;
    fn logf(_: f32) -> f32;
    fn lrint(_: f64) -> c_long;
    fn lrintf(_: f32) -> c_long;
    fn lround(_: f64) -> c_long;
    fn lroundf(_: f32) -> c_long;
    fn modf(_: f64, _: *mut f64) -> f64;
    fn modff(_: f32, _: *mut f32) -> f32;
    fn nan(_: *const c_char) -> f64;
    fn nanf(_: *const c_char) -> f32;
    fn nearbyint(_: f64) -> f64;
    fn nearbyintf(_: f32) -> f32;
    fn nextafter(_: f64, _: f64) -> f64;
    fn nextafterf(_: f32, _: f32) -> f32;
    fn pow(_: f64, _: f64) -> f64;
    fn powf(_: f32, _: f32) -> f32;
    fn remainder(_: f64, _: f64) -> f64;
    fn remainderf(_: f32, _: f32) -> f32;
    fn remquo(_: f64, _: f64, _: *mut c_int) -> f64;
    fn remquof(_: f32, _: f32, _: *mut c_int) -> f32;
    fn rint(_: f64) -> f64;
    fn rintf(_: f32) -> f32;
    fn round(_: f64) -> f64;
    fn roundf(_: f32) -> f32;
    fn scalb(_: f64, _: f64) -> f64;
    fn scalbln(_: f64, _: c_long) -> f64;
    fn scalblnf(_: f32, _: c_long) -> f32;
    fn scalbn(_: f64, _: c_int) -> f64;
    fn scalbnf(_: f32, _: c_int) -> f32;
    fn significand(_: f64) -> f64;
    fn sin(_: f64) -> f64;
    fn sinf(_: f32) -> f32;
    fn sinh(_: f64) -> f64;
    fn sinhf(_: f32) -> f32;
    fn sqrt(_: f64) -> f64;
    fn sqrtf(_: f32) -> f32;
    fn tan(_: f64) -> f64;
    fn tanf(_: f32) -> f32;
    fn tanh(_: f64) -> f64;
    fn tanhf(_: f32) -> f32;
    fn tgamma(_: f64) -> f64;
    fn tgammaf(_: f32) -> f32;
    fn trunc(_: f64) -> f64;
    fn truncf(_: f32) -> f32;
    fn y0(_: f64) -> f64;
    fn y1(_: f64) -> f64;
    fn yn(_: c_int, _: f64) -> f64;
    fn exp10(_: f64) -> f64;
    fn exp10f(_: f32) -> f32;
    fn sincos(x: f64, sin: *mut f64, cos: *mut f64);
    fn sincosf(x: f32, sin: *mut f32, cos: *mut f32);
    /// The sign of Γ from the last `lgamma` (glibc's variable, which its
    /// `lgamma` writes).
    static mut signgam: c_int;
}

// `long double` and `_Complex` functions: Rust has no type for x87 80-bit
// values, and only the addresses are needed.
#[link(name = "m")]
extern "C" {
    fn acoshl();
    fn acosl();
    fn asinhl();
    fn asinl();
    fn atan2l();
    fn atanhl();
    fn atanl();
    fn cabs();
    fn cabsf();
    fn cabsl();
    fn cacos();
    fn cacosf();
    fn cacosh();
    fn cacoshf();
    fn cacoshl();
    fn cacosl();
    fn carg();
    fn cargf();
    fn cargl();
    fn casin();
    fn casinf();
    fn casinh();
    fn casinhf();
    fn casinhl();
    fn casinl();
    fn catan();
    fn catanf();
    fn catanh();
    fn catanhf();
    fn catanhl();
    fn catanl();
    fn cbrtl();
    fn ccos();
    fn ccosf();
    fn ccosh();
    fn ccoshf();
    fn ccoshl();
    fn ccosl();
    fn ceill();
    fn cexp();
    fn cexpf();
    fn cexpl();
    fn cimag();
    fn cimagf();
    fn cimagl();
    fn clog();
    fn clogf();
    fn clogl();
    fn conj();
    fn conjf();
    fn conjl();
    fn copysignl();
    fn coshl();
    fn cosl();
    fn cpow();
    fn cpowf();
    fn cpowl();
    fn cproj();
    fn cprojf();
    fn cprojl();
    fn creal();
    fn crealf();
    fn creall();
    fn csin();
    fn csinf();
    fn csinh();
    fn csinhf();
    fn csinhl();
    fn csinl();
    fn csqrt();
    fn csqrtf();
    fn csqrtl();
    fn ctan();
    fn ctanf();
    fn ctanh();
    fn ctanhf();
    fn ctanhl();
    fn ctanl();
    fn erfcl();
    fn erfl();
    fn exp2l();
    fn expl();
    fn expm1l();
    fn fabsl();
    fn fdiml();
    fn floorl();
    fn fmal();
    fn fmaxl();
    fn fminl();
    fn fmodl();
    fn frexpl();
    fn hypotl();
    fn ilogbl();
    fn ldexpl();
    fn lgammal();
    fn lgammal_r();
    fn llrintl();
    fn llroundl();
    fn log10l();
    fn log1pl();
    fn log2l();
    fn logbl();
    fn logl();
    fn lrintl();
    fn lroundl();
    fn modfl();
    fn nanl();
    fn nearbyintl();
    fn nextafterl();
    fn nexttoward();
    fn nexttowardf();
    fn nexttowardl();
    fn powl();
    fn remainderl();
    fn remquol();
    fn rintl();
    fn roundl();
    fn scalblnl();
    fn scalbnl();
    fn sinhl();
    fn sinl();
    fn sqrtl();
    fn tanhl();
    fn tanl();
    fn tgammal();
    fn truncl();
}

// ---------------------------------------------------------------------------
// Classification: darwin `FP_*` values (macOS <math.h>), which differ from
// glibc's (FP_NAN 0, FP_INFINITE 1, FP_ZERO 2, FP_SUBNORMAL 3, FP_NORMAL 4).

const FP_NAN: c_int = 1;
const FP_INFINITE: c_int = 2;
const FP_ZERO: c_int = 3;
const FP_NORMAL: c_int = 4;
const FP_SUBNORMAL: c_int = 5;

fn classify_f64(x: f64) -> c_int {
    match x.classify() {
        core::num::FpCategory::Nan => FP_NAN,
        core::num::FpCategory::Infinite => FP_INFINITE,
        core::num::FpCategory::Zero => FP_ZERO,
        core::num::FpCategory::Subnormal => FP_SUBNORMAL,
        core::num::FpCategory::Normal => FP_NORMAL,
    }
}

fn classify_f32(x: f32) -> c_int {
    match x.classify() {
        core::num::FpCategory::Nan => FP_NAN,
        core::num::FpCategory::Infinite => FP_INFINITE,
        core::num::FpCategory::Zero => FP_ZERO,
        core::num::FpCategory::Subnormal => FP_SUBNORMAL,
        core::num::FpCategory::Normal => FP_NORMAL,
    }
}

extern "C" fn fpclassifyd(x: f64) -> c_int {
    classify_f64(x)
}
extern "C" fn fpclassifyf(x: f32) -> c_int {
    classify_f32(x)
}
extern "C" fn isnand(x: f64) -> c_int {
    x.is_nan() as c_int
}
extern "C" fn isnanf(x: f32) -> c_int {
    x.is_nan() as c_int
}
extern "C" fn isinfd(x: f64) -> c_int {
    x.is_infinite() as c_int
}
extern "C" fn isinff(x: f32) -> c_int {
    x.is_infinite() as c_int
}
extern "C" fn isfinited(x: f64) -> c_int {
    x.is_finite() as c_int
}
extern "C" fn isfinitef(x: f32) -> c_int {
    x.is_finite() as c_int
}
extern "C" fn isnormald(x: f64) -> c_int {
    x.is_normal() as c_int
}
extern "C" fn isnormalf(x: f32) -> c_int {
    x.is_normal() as c_int
}
extern "C" fn signbitd(x: f64) -> c_int {
    x.is_sign_negative() as c_int
}
extern "C" fn signbitf(x: f32) -> c_int {
    x.is_sign_negative() as c_int
}

/// An x87 80-bit value as it lies in memory: 64-bit significand with an
/// explicit integer bit, then sign and 15-bit exponent.
#[repr(C)]
struct X87 {
    mant: u64,
    sign_exp: u16,
}

impl X87 {
    /// darwin `FP_*` class. Encodings the FPU rejects (pseudo-NaNs,
    /// pseudo-infinities, unnormals) compare unequal to themselves, so they
    /// are NaNs here as under `x != x`.
    fn class(&self) -> c_int {
        let exp = self.sign_exp & 0x7fff;
        let int_bit = self.mant >> 63 != 0;
        match exp {
            0x7fff if self.mant == 1 << 63 => FP_INFINITE,
            0x7fff => FP_NAN,
            0 if self.mant == 0 => FP_ZERO,
            // A pseudo-denormal (integer bit set) is worth at least LDBL_MIN.
            0 if int_bit => FP_NORMAL,
            0 => FP_SUBNORMAL,
            _ if int_bit => FP_NORMAL,
            _ => FP_NAN,
        }
    }
}

// The `long double` argument is passed in memory (SysV class X87), at 8(%rsp)
// on entry; these thunks hand its address to the Rust function.
macro_rules! x87_thunks {
    ($($thunk:ident => $body:ident),* $(,)?) => {
        $(
            core::arch::global_asm!(
                concat!(".globl ", stringify!($thunk)),
                concat!(".hidden ", stringify!($thunk)),
                concat!(stringify!($thunk), ":"),
                "lea rdi, [rsp + 8]",
                "jmp {body}",
                body = sym $body,
            );
        )*
        extern "C" {
            $(fn $thunk();)*
        }
    };
}

x87_thunks! {
    calvados_m_fpclassifyl => x87_fpclassify,
    calvados_m_isnanl => x87_isnan,
    calvados_m_isinfl => x87_isinf,
    calvados_m_isfinitel => x87_isfinite,
    calvados_m_isnormall => x87_isnormal,
    calvados_m_signbitl => x87_signbit,
}

/// # Safety
/// `x` points at the caller's `long double` argument.
unsafe extern "C" fn x87_fpclassify(x: *const X87) -> c_int {
    // SAFETY: the thunk passes the address of the stack argument.
    unsafe { (*x).class() }
}
/// # Safety
/// As [`x87_fpclassify`].
unsafe extern "C" fn x87_isnan(x: *const X87) -> c_int {
    // SAFETY: as above.
    (unsafe { (*x).class() } == FP_NAN) as c_int
}
/// # Safety
/// As [`x87_fpclassify`].
unsafe extern "C" fn x87_isinf(x: *const X87) -> c_int {
    // SAFETY: as above.
    (unsafe { (*x).class() } == FP_INFINITE) as c_int
}
/// # Safety
/// As [`x87_fpclassify`].
unsafe extern "C" fn x87_isfinite(x: *const X87) -> c_int {
    // SAFETY: as above.
    let c = unsafe { (*x).class() };
    (c != FP_NAN && c != FP_INFINITE) as c_int
}
/// # Safety
/// As [`x87_fpclassify`].
unsafe extern "C" fn x87_isnormal(x: *const X87) -> c_int {
    // SAFETY: as above.
    (unsafe { (*x).class() } == FP_NORMAL) as c_int
}
/// # Safety
/// As [`x87_fpclassify`].
unsafe extern "C" fn x87_signbit(x: *const X87) -> c_int {
    // SAFETY: as above.
    (unsafe { (*x).sign_exp } >> 15) as c_int
}

/// +∞ as an x87 value, for `__infl`.
static X87_INF: [u16; 8] = [0, 0, 0, 0x8000, 0x7fff, 0, 0, 0];

// `long double __infl(void)` returns in st(0).
core::arch::global_asm!(
    ".globl calvados_m_infl",
    ".hidden calvados_m_infl",
    "calvados_m_infl:",
    "fld tbyte ptr [rip + {inf}]",
    "ret",
    inf = sym X87_INF,
);
extern "C" {
    fn calvados_m_infl();
}

/// Deprecated `__inf()`: +∞.
extern "C" fn inf() -> f64 {
    f64::INFINITY
}
/// Deprecated `__inff()`: +∞.
extern "C" fn inff() -> f32 {
    f32::INFINITY
}
/// Deprecated `__nan()`: a quiet NaN, as a `float` (the old `NAN` macro).
extern "C" fn nan_f() -> f32 {
    f32::NAN
}

/// Legacy BSD `isinf(double)`: 1 for ±∞ (glibc's returns -1 for -∞).
extern "C" fn isinf_legacy(x: f64) -> c_int {
    x.is_infinite() as c_int
}
/// Legacy BSD `isnan(double)`.
extern "C" fn isnan_legacy(x: f64) -> c_int {
    x.is_nan() as c_int
}
/// SVID `matherr`: no handler installed, so "not handled".
extern "C" fn matherr(_exc: *mut libc::c_void) -> c_int {
    0
}

/// `math_errhandling`: glibc sets `errno` (same EDOM/ERANGE numbers as
/// darwin) and raises exceptions, so both bits are honest.
extern "C" fn math_errhandling() -> c_int {
    const MATH_ERRNO: c_int = 1;
    const MATH_ERREXCEPT: c_int = 2;
    MATH_ERRNO | MATH_ERREXCEPT
}

// ---------------------------------------------------------------------------
// sin/cos pairs and the π-scaled functions.

/// `struct __double2` from the macOS <math.h>: returned in xmm0/xmm1.
#[repr(C)]
pub struct Double2 {
    pub sin: f64,
    pub cos: f64,
}

/// `struct __float2`: two floats, returned packed in xmm0.
#[repr(C)]
pub struct Float2 {
    pub sin: f32,
    pub cos: f32,
}

fn sin_cos(x: f64) -> (f64, f64) {
    let (mut s, mut c) = (0.0, 0.0);
    // SAFETY: both pointers are to locals.
    unsafe { sincos(x, &mut s, &mut c) };
    (s, c)
}

/// The compiler's `sin(x)`+`cos(x)` pair on darwin.
extern "C" fn sincos_stret(x: f64) -> Double2 {
    let (sin, cos) = sin_cos(x);
    Double2 { sin, cos }
}

extern "C" fn sincosf_stret(x: f32) -> Float2 {
    let (mut sin, mut cos) = (0.0, 0.0);
    // SAFETY: both pointers are to locals.
    unsafe { sincosf(x, &mut sin, &mut cos) };
    Float2 { sin, cos }
}

/// π split so that `PI_HI * r` is exact-ish and `PI_LO` carries the rest.
const PI_HI: f64 = core::f64::consts::PI;
const PI_LO: f64 = 1.2246467991473532e-16;

/// sin(πr) and cos(πr) for |r| ≤ 1/4, with πr evaluated in double-double.
fn sincos_pi_small(r: f64) -> (f64, f64) {
    let hi = r * PI_HI;
    let lo = r.mul_add(PI_HI, -hi) + r * PI_LO;
    let (s, c) = sin_cos(hi);
    (s + lo * c, c - lo * s)
}

/// sin(πx) and cos(πx), exact at multiples of 1/2, with the zero signs of
/// IEEE 754-2008 sinPi/cosPi: sinPi(±n) = ±0, cosPi(n + ½) = +0.
fn sincospi(x: f64) -> (f64, f64) {
    if !x.is_finite() {
        let nan = f64::NAN;
        return (nan, nan);
    }
    if x.abs() >= 4503599627370496.0 {
        // ≥ 2^52: an even multiple of ½, hence an integer.
        let even = x.abs() >= 9007199254740992.0 || (x % 2.0) == 0.0;
        return (0.0f64.copysign(x), if even { 1.0 } else { -1.0 });
    }
    let n = (2.0 * x).round(); // exact below 2^52
    let r = x - 0.5 * n; // exact, |r| <= 1/4
    let k = (n as i64) & 3;
    let (s, c) = sincos_pi_small(r);
    let (mut sin, mut cos) = match k {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    };
    if r == 0.0 {
        if k & 1 == 0 {
            sin = 0.0f64.copysign(x);
        } else {
            cos = 0.0;
        }
    }
    (sin, cos)
}

extern "C" fn sinpi(x: f64) -> f64 {
    sincospi(x).0
}
extern "C" fn cospi(x: f64) -> f64 {
    sincospi(x).1
}
/// tan(πx), with IEEE 754-2008 tanPi's exact values: ±0 at integers (the
/// sign of x times (-1)^n), ±∞ at n + ½ (+∞ for even n).
fn tanpi_(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let n = if x.abs() >= 4503599627370496.0 {
        2.0 * x
    } else {
        (2.0 * x).round()
    };
    let r = x - 0.5 * n; // exact, |r| <= 1/4
                         // n mod 4, also for |n| beyond i64 (then n is a multiple of 4).
    let k = if n.abs() < 9.0e18 { (n as i64) & 3 } else { 0 };
    if r == 0.0 {
        return match k {
            1 => f64::INFINITY,
            3 => f64::NEG_INFINITY,
            // An integer m = n/2: sign of x, flipped for odd m.
            _ => 0.0f64.copysign(if k == 2 { -x } else { x }),
        };
    }
    let hi = r * PI_HI;
    let lo = r.mul_add(PI_HI, -hi) + r * PI_LO;
    // SAFETY: pure function.
    let t = unsafe { tan(hi) };
    let t = t + lo * t.mul_add(t, 1.0);
    if k & 1 == 0 {
        t
    } else {
        -1.0 / t
    }
}

extern "C" fn tanpi(x: f64) -> f64 {
    tanpi_(x)
}
extern "C" fn sinpif(x: f32) -> f32 {
    sincospi(x as f64).0 as f32
}
extern "C" fn cospif(x: f32) -> f32 {
    sincospi(x as f64).1 as f32
}
extern "C" fn tanpif(x: f32) -> f32 {
    tanpi_(x as f64) as f32
}
extern "C" fn sincospi_stret(x: f64) -> Double2 {
    let (sin, cos) = sincospi(x);
    Double2 { sin, cos }
}
extern "C" fn sincospif_stret(x: f32) -> Float2 {
    let (sin, cos) = sincospi(x as f64);
    Float2 {
        sin: sin as f32,
        cos: cos as f32,
    }
}
/// # Safety
/// `s` and `c` are writable.
unsafe extern "C" fn sincospi_ptr(x: f64, s: *mut f64, c: *mut f64) {
    let (sin, cos) = sincospi(x);
    // SAFETY: the caller passes writable pointers.
    unsafe {
        *s = sin;
        *c = cos;
    }
}
/// # Safety
/// `s` and `c` are writable.
unsafe extern "C" fn sincospif_ptr(x: f32, s: *mut f32, c: *mut f32) {
    let (sin, cos) = sincospi(x as f64);
    // SAFETY: the caller passes writable pointers.
    unsafe {
        *s = sin as f32;
        *c = cos as f32;
    }
}

// ---------------------------------------------------------------------------
// <fenv.h>. The FE_* exception and rounding values are the same on both
// (x87/SSE bit positions), so glibc's flag and rounding functions are
// exported as is; `fenv_t` differs (darwin: control, status, mxcsr,
// 8 reserved bytes), so the environment functions are ours.

/// darwin x86_64 `fenv_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct FenvT {
    pub control: u16,
    pub status: u16,
    pub mxcsr: u32,
    pub reserved: [u8; 8],
}

const _: () = assert!(core::mem::size_of::<FenvT>() == 16);
const _: () = assert!(core::mem::offset_of!(FenvT, mxcsr) == 4);

const FE_ALL_EXCEPT: u16 = 0x3f;
/// MXCSR exception masks (bits 7..12).
const MXCSR_MASKS: u32 = 0x1f80;

/// `_FE_DFL_ENV`: the state a process starts in.
pub static FE_DFL_ENV: FenvT = FenvT {
    control: 0x037f,
    status: 0,
    mxcsr: MXCSR_MASKS,
    reserved: [0; 8],
};
/// `_FE_DFL_DISABLE_SSE_DENORMS_ENV`: the default plus MXCSR FZ and DAZ.
pub static FE_DFL_DISABLE_SSE_DENORMS_ENV: FenvT = FenvT {
    control: 0x037f,
    status: 0,
    mxcsr: MXCSR_MASKS | 0x8040,
    reserved: [0; 8],
};

fn get_env() -> FenvT {
    let mut control: u16 = 0;
    let mut status: u16 = 0;
    let mut mxcsr: u32 = 0;
    // SAFETY: stores the x87 control/status words and MXCSR into locals.
    unsafe {
        core::arch::asm!(
            "fnstcw [{c}]",
            "fnstsw [{s}]",
            "stmxcsr [{m}]",
            c = in(reg) &mut control,
            s = in(reg) &mut status,
            m = in(reg) &mut mxcsr,
            options(nostack, preserves_flags),
        );
    }
    FenvT {
        control,
        status,
        mxcsr,
        reserved: [0; 8],
    }
}

fn set_env(env: &FenvT) {
    // fnstenv's 28-byte image: control word at 0, status word at 4.
    let mut image = [0u32; 7];
    // SAFETY: `image` is the 28 bytes fnstenv/fldenv use; MXCSR is loaded
    // from the caller's value. fnstenv masks exceptions, fldenv restores.
    unsafe {
        core::arch::asm!("fnstenv [{}]", in(reg) image.as_mut_ptr(), options(nostack, preserves_flags));
        image[0] = (image[0] & 0xffff_0000) | env.control as u32;
        image[1] = (image[1] & !(FE_ALL_EXCEPT as u32)) | (env.status & FE_ALL_EXCEPT) as u32;
        core::arch::asm!(
            "fldenv [{i}]",
            "ldmxcsr [{m}]",
            i = in(reg) image.as_ptr(),
            m = in(reg) &env.mxcsr,
            options(nostack, preserves_flags),
        );
    }
}

/// # Safety
/// `env` is writable.
unsafe extern "C" fn fegetenv(env: *mut FenvT) -> c_int {
    // SAFETY: the caller passes a `fenv_t`.
    unsafe { *env = get_env() };
    0
}

/// # Safety
/// `env` points at a `fenv_t` (such as `FE_DFL_ENV`).
unsafe extern "C" fn fesetenv(env: *const FenvT) -> c_int {
    // SAFETY: the caller passes a `fenv_t`.
    set_env(unsafe { &*env });
    0
}

/// Saves the environment, clears the flags and masks every exception.
///
/// # Safety
/// `env` is writable.
unsafe extern "C" fn feholdexcept(env: *mut FenvT) -> c_int {
    let saved = get_env();
    // SAFETY: the caller passes a `fenv_t`.
    unsafe { *env = saved };
    let held = FenvT {
        control: saved.control | FE_ALL_EXCEPT,
        status: saved.status & !FE_ALL_EXCEPT,
        mxcsr: (saved.mxcsr | MXCSR_MASKS) & !(FE_ALL_EXCEPT as u32),
        reserved: [0; 8],
    };
    set_env(&held);
    0
}

/// Installs `env`, then raises the exceptions that were pending.
///
/// # Safety
/// `env` points at a `fenv_t`.
unsafe extern "C" fn feupdateenv(env: *const FenvT) -> c_int {
    // SAFETY: the flag functions only touch the FPU state; the caller
    // passes a `fenv_t`.
    unsafe {
        let raised = fetestexcept(FE_ALL_EXCEPT as c_int);
        set_env(&*env);
        feraiseexcept(raised)
    }
}

/// `FLT_ROUNDS` on darwin: the C-standard encoding of the rounding mode.
extern "C" fn fegetfltrounds() -> c_int {
    // SAFETY: reads the rounding mode.
    match unsafe { fegetround() } {
        0 => 1,     // FE_TONEAREST
        0xc00 => 0, // FE_TOWARDZERO
        0x800 => 2, // FE_UPWARD
        0x400 => 3, // FE_DOWNWARD
        _ => -1,
    }
}

// ---------------------------------------------------------------------------
// <simd/matrix.h> identity constants (libsystem_m data). Layouts from the
// SDK: 3-element vectors occupy four lanes.

#[repr(C, align(16))]
pub struct Align16<T>(pub T);

pub static MATRIX_IDENTITY_DOUBLE2X2: Align16<[f64; 4]> = Align16([1.0, 0.0, 0.0, 1.0]);
pub static MATRIX_IDENTITY_DOUBLE3X3: Align16<[f64; 12]> =
    Align16([1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
pub static MATRIX_IDENTITY_DOUBLE4X4: Align16<[f64; 16]> = Align16([
    1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0,
]);
pub static MATRIX_IDENTITY_FLOAT2X2: Align16<[f32; 4]> = Align16([1.0, 0.0, 0.0, 1.0]);
pub static MATRIX_IDENTITY_FLOAT3X3: Align16<[f32; 12]> =
    Align16([1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
pub static MATRIX_IDENTITY_FLOAT4X4: Align16<[f32; 16]> = Align16([
    1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0,
]);
/// IEEE half 1.0.
const H1: u16 = 0x3c00;
pub static MATRIX_IDENTITY_HALF2X2: Align16<[u16; 4]> = Align16([H1, 0, 0, H1]);
pub static MATRIX_IDENTITY_HALF3X3: Align16<[u16; 12]> =
    Align16([H1, 0, 0, 0, 0, H1, 0, 0, 0, 0, H1, 0]);
pub static MATRIX_IDENTITY_HALF4X4: Align16<[u16; 16]> =
    Align16([H1, 0, 0, 0, 0, H1, 0, 0, 0, 0, H1, 0, 0, 0, 0, H1]);

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    // glibc's libm, same ABI (list from libSystem.tbd ∩ glibc).
    host "_acos" => acos,
    host "_acos$fenv_access_off" => acos,
    host "_acosf" => acosf,
    host "_acosf$fenv_access_off" => acosf,
    host "_acosh" => acosh,
    host "_acosh$fenv_access_off" => acosh,
    host "_acoshf" => acoshf,
    host "_acoshf$fenv_access_off" => acoshf,
    host "_acoshl" => acoshl,
    host "_acoshl$fenv_access_off" => acoshl,
    host "_acosl" => acosl,
    host "_acosl$fenv_access_off" => acosl,
    host "_asin" => asin,
    host "_asin$fenv_access_off" => asin,
    host "_asinf" => asinf,
    host "_asinf$fenv_access_off" => asinf,
    host "_asinh" => asinh,
    host "_asinh$fenv_access_off" => asinh,
    host "_asinhf" => asinhf,
    host "_asinhf$fenv_access_off" => asinhf,
    host "_asinhl" => asinhl,
    host "_asinhl$fenv_access_off" => asinhl,
    host "_asinl" => asinl,
    host "_asinl$fenv_access_off" => asinl,
    host "_atan" => atan,
    host "_atan$fenv_access_off" => atan,
    host "_atan2" => atan2,
    host "_atan2$fenv_access_off" => atan2,
    host "_atan2f" => atan2f,
    host "_atan2f$fenv_access_off" => atan2f,
    host "_atan2l" => atan2l,
    host "_atan2l$fenv_access_off" => atan2l,
    host "_atanf" => atanf,
    host "_atanf$fenv_access_off" => atanf,
    host "_atanh" => atanh,
    host "_atanh$fenv_access_off" => atanh,
    host "_atanhf" => atanhf,
    host "_atanhf$fenv_access_off" => atanhf,
    host "_atanhl" => atanhl,
    host "_atanhl$fenv_access_off" => atanhl,
    host "_atanl" => atanl,
    host "_atanl$fenv_access_off" => atanl,
    host "_cabs" => cabs,
    host "_cabs$fenv_access_off" => cabs,
    host "_cabsf" => cabsf,
    host "_cabsf$fenv_access_off" => cabsf,
    host "_cabsl" => cabsl,
    host "_cabsl$fenv_access_off" => cabsl,
    host "_cacos" => cacos,
    host "_cacos$fenv_access_off" => cacos,
    host "_cacosf" => cacosf,
    host "_cacosf$fenv_access_off" => cacosf,
    host "_cacosh" => cacosh,
    host "_cacosh$fenv_access_off" => cacosh,
    host "_cacoshf" => cacoshf,
    host "_cacoshf$fenv_access_off" => cacoshf,
    host "_cacoshl" => cacoshl,
    host "_cacoshl$fenv_access_off" => cacoshl,
    host "_cacosl" => cacosl,
    host "_cacosl$fenv_access_off" => cacosl,
    host "_carg" => carg,
    host "_carg$fenv_access_off" => carg,
    host "_cargf" => cargf,
    host "_cargf$fenv_access_off" => cargf,
    host "_cargl" => cargl,
    host "_cargl$fenv_access_off" => cargl,
    host "_casin" => casin,
    host "_casin$fenv_access_off" => casin,
    host "_casinf" => casinf,
    host "_casinf$fenv_access_off" => casinf,
    host "_casinh" => casinh,
    host "_casinh$fenv_access_off" => casinh,
    host "_casinhf" => casinhf,
    host "_casinhf$fenv_access_off" => casinhf,
    host "_casinhl" => casinhl,
    host "_casinhl$fenv_access_off" => casinhl,
    host "_casinl" => casinl,
    host "_casinl$fenv_access_off" => casinl,
    host "_catan" => catan,
    host "_catan$fenv_access_off" => catan,
    host "_catanf" => catanf,
    host "_catanf$fenv_access_off" => catanf,
    host "_catanh" => catanh,
    host "_catanh$fenv_access_off" => catanh,
    host "_catanhf" => catanhf,
    host "_catanhf$fenv_access_off" => catanhf,
    host "_catanhl" => catanhl,
    host "_catanhl$fenv_access_off" => catanhl,
    host "_catanl" => catanl,
    host "_catanl$fenv_access_off" => catanl,
    host "_cbrt" => cbrt,
    host "_cbrt$fenv_access_off" => cbrt,
    host "_cbrtf" => cbrtf,
    host "_cbrtf$fenv_access_off" => cbrtf,
    host "_cbrtl" => cbrtl,
    host "_cbrtl$fenv_access_off" => cbrtl,
    host "_ccos" => ccos,
    host "_ccos$fenv_access_off" => ccos,
    host "_ccosf" => ccosf,
    host "_ccosf$fenv_access_off" => ccosf,
    host "_ccosh" => ccosh,
    host "_ccosh$fenv_access_off" => ccosh,
    host "_ccoshf" => ccoshf,
    host "_ccoshf$fenv_access_off" => ccoshf,
    host "_ccoshl" => ccoshl,
    host "_ccoshl$fenv_access_off" => ccoshl,
    host "_ccosl" => ccosl,
    host "_ccosl$fenv_access_off" => ccosl,
    host "_ceil" => ceil,
    host "_ceil$fenv_access_off" => ceil,
    host "_ceilf" => ceilf,
    host "_ceilf$fenv_access_off" => ceilf,
    host "_ceill" => ceill,
    host "_ceill$fenv_access_off" => ceill,
    host "_cexp" => cexp,
    host "_cexp$fenv_access_off" => cexp,
    host "_cexpf" => cexpf,
    host "_cexpf$fenv_access_off" => cexpf,
    host "_cexpl" => cexpl,
    host "_cexpl$fenv_access_off" => cexpl,
    host "_cimag" => cimag,
    host "_cimag$fenv_access_off" => cimag,
    host "_cimagf" => cimagf,
    host "_cimagf$fenv_access_off" => cimagf,
    host "_cimagl" => cimagl,
    host "_cimagl$fenv_access_off" => cimagl,
    host "_clog" => clog,
    host "_clog$fenv_access_off" => clog,
    host "_clogf" => clogf,
    host "_clogf$fenv_access_off" => clogf,
    host "_clogl" => clogl,
    host "_clogl$fenv_access_off" => clogl,
    host "_conj" => conj,
    host "_conj$fenv_access_off" => conj,
    host "_conjf" => conjf,
    host "_conjf$fenv_access_off" => conjf,
    host "_conjl" => conjl,
    host "_conjl$fenv_access_off" => conjl,
    host "_copysign" => copysign,
    host "_copysign$fenv_access_off" => copysign,
    host "_copysignf" => copysignf,
    host "_copysignf$fenv_access_off" => copysignf,
    host "_copysignl" => copysignl,
    host "_copysignl$fenv_access_off" => copysignl,
    host "_cos" => cos,
    host "_cos$fenv_access_off" => cos,
    host "_cosf" => cosf,
    host "_cosf$fenv_access_off" => cosf,
    host "_cosh" => cosh,
    host "_cosh$fenv_access_off" => cosh,
    host "_coshf" => coshf,
    host "_coshf$fenv_access_off" => coshf,
    host "_coshl" => coshl,
    host "_coshl$fenv_access_off" => coshl,
    host "_cosl" => cosl,
    host "_cosl$fenv_access_off" => cosl,
    host "_cpow" => cpow,
    host "_cpow$fenv_access_off" => cpow,
    host "_cpowf" => cpowf,
    host "_cpowf$fenv_access_off" => cpowf,
    host "_cpowl" => cpowl,
    host "_cpowl$fenv_access_off" => cpowl,
    host "_cproj" => cproj,
    host "_cproj$fenv_access_off" => cproj,
    host "_cprojf" => cprojf,
    host "_cprojf$fenv_access_off" => cprojf,
    host "_cprojl" => cprojl,
    host "_cprojl$fenv_access_off" => cprojl,
    host "_creal" => creal,
    host "_creal$fenv_access_off" => creal,
    host "_crealf" => crealf,
    host "_crealf$fenv_access_off" => crealf,
    host "_creall" => creall,
    host "_creall$fenv_access_off" => creall,
    host "_csin" => csin,
    host "_csin$fenv_access_off" => csin,
    host "_csinf" => csinf,
    host "_csinf$fenv_access_off" => csinf,
    host "_csinh" => csinh,
    host "_csinh$fenv_access_off" => csinh,
    host "_csinhf" => csinhf,
    host "_csinhf$fenv_access_off" => csinhf,
    host "_csinhl" => csinhl,
    host "_csinhl$fenv_access_off" => csinhl,
    host "_csinl" => csinl,
    host "_csinl$fenv_access_off" => csinl,
    host "_csqrt" => csqrt,
    host "_csqrt$fenv_access_off" => csqrt,
    host "_csqrtf" => csqrtf,
    host "_csqrtf$fenv_access_off" => csqrtf,
    host "_csqrtl" => csqrtl,
    host "_csqrtl$fenv_access_off" => csqrtl,
    host "_ctan" => ctan,
    host "_ctan$fenv_access_off" => ctan,
    host "_ctanf" => ctanf,
    host "_ctanf$fenv_access_off" => ctanf,
    host "_ctanh" => ctanh,
    host "_ctanh$fenv_access_off" => ctanh,
    host "_ctanhf" => ctanhf,
    host "_ctanhf$fenv_access_off" => ctanhf,
    host "_ctanhl" => ctanhl,
    host "_ctanhl$fenv_access_off" => ctanhl,
    host "_ctanl" => ctanl,
    host "_ctanl$fenv_access_off" => ctanl,
    host "_drem" => drem,
    host "_erf" => erf,
    host "_erf$fenv_access_off" => erf,
    host "_erfc" => erfc,
    host "_erfc$fenv_access_off" => erfc,
    host "_erfcf" => erfcf,
    host "_erfcf$fenv_access_off" => erfcf,
    host "_erfcl" => erfcl,
    host "_erfcl$fenv_access_off" => erfcl,
    host "_erff" => erff,
    host "_erff$fenv_access_off" => erff,
    host "_erfl" => erfl,
    host "_erfl$fenv_access_off" => erfl,
    host "_exp" => exp,
    host "_exp$fenv_access_off" => exp,
    host "_exp2" => exp2,
    host "_exp2$fenv_access_off" => exp2,
    host "_exp2f" => exp2f,
    host "_exp2f$fenv_access_off" => exp2f,
    host "_exp2l" => exp2l,
    host "_exp2l$fenv_access_off" => exp2l,
    host "_expf" => expf,
    host "_expf$fenv_access_off" => expf,
    host "_expl" => expl,
    host "_expl$fenv_access_off" => expl,
    host "_expm1" => expm1,
    host "_expm1$fenv_access_off" => expm1,
    host "_expm1f" => expm1f,
    host "_expm1f$fenv_access_off" => expm1f,
    host "_expm1l" => expm1l,
    host "_expm1l$fenv_access_off" => expm1l,
    host "_fabs" => fabs,
    host "_fabs$fenv_access_off" => fabs,
    host "_fabsf" => fabsf,
    host "_fabsf$fenv_access_off" => fabsf,
    host "_fabsl" => fabsl,
    host "_fabsl$fenv_access_off" => fabsl,
    host "_fdim" => fdim,
    host "_fdim$fenv_access_off" => fdim,
    host "_fdimf" => fdimf,
    host "_fdimf$fenv_access_off" => fdimf,
    host "_fdiml" => fdiml,
    host "_fdiml$fenv_access_off" => fdiml,
    host "_feclearexcept" => feclearexcept,
    host "_fegetexceptflag" => fegetexceptflag,
    host "_fegetround" => fegetround,
    host "_feraiseexcept" => feraiseexcept,
    host "_fesetexceptflag" => fesetexceptflag,
    host "_fesetround" => fesetround,
    host "_fetestexcept" => fetestexcept,
    host "_finite" => finite,
    host "_floor" => floor,
    host "_floor$fenv_access_off" => floor,
    host "_floorf" => floorf,
    host "_floorf$fenv_access_off" => floorf,
    host "_floorl" => floorl,
    host "_floorl$fenv_access_off" => floorl,
    host "_fma" => fma,
    host "_fma$fenv_access_off" => fma,
    host "_fmaf" => fmaf,
    host "_fmaf$fenv_access_off" => fmaf,
    host "_fmal" => fmal,
    host "_fmal$fenv_access_off" => fmal,
    host "_fmax" => fmax,
    host "_fmax$fenv_access_off" => fmax,
    host "_fmaxf" => fmaxf,
    host "_fmaxf$fenv_access_off" => fmaxf,
    host "_fmaxl" => fmaxl,
    host "_fmaxl$fenv_access_off" => fmaxl,
    host "_fmin" => fmin,
    host "_fmin$fenv_access_off" => fmin,
    host "_fminf" => fminf,
    host "_fminf$fenv_access_off" => fminf,
    host "_fminl" => fminl,
    host "_fminl$fenv_access_off" => fminl,
    host "_fmod" => fmod,
    host "_fmod$fenv_access_off" => fmod,
    host "_fmodf" => fmodf,
    host "_fmodf$fenv_access_off" => fmodf,
    host "_fmodl" => fmodl,
    host "_fmodl$fenv_access_off" => fmodl,
    host "_frexp" => frexp,
    host "_frexp$fenv_access_off" => frexp,
    host "_frexpf" => frexpf,
    host "_frexpf$fenv_access_off" => frexpf,
    host "_frexpl" => frexpl,
    host "_frexpl$fenv_access_off" => frexpl,
    host "_hypot" => hypot,
    host "_hypot$fenv_access_off" => hypot,
    host "_hypotf" => hypotf,
    host "_hypotf$fenv_access_off" => hypotf,
    host "_hypotl" => hypotl,
    host "_hypotl$fenv_access_off" => hypotl,
    host "_ilogb" => ilogb,
    host "_ilogb$fenv_access_off" => ilogb,
    host "_ilogbf" => ilogbf,
    host "_ilogbf$fenv_access_off" => ilogbf,
    host "_ilogbl" => ilogbl,
    host "_ilogbl$fenv_access_off" => ilogbl,
    host "_j0" => j0,
    host "_j1" => j1,
    host "_jn" => jn,
    host "_ldexp" => ldexp,
    host "_ldexp$fenv_access_off" => ldexp,
    host "_ldexpf" => ldexpf,
    host "_ldexpf$fenv_access_off" => ldexpf,
    host "_ldexpl" => ldexpl,
    host "_ldexpl$fenv_access_off" => ldexpl,
    host "_lgamma" => lgamma,
    host "_lgamma$fenv_access_off" => lgamma,
    host "_lgamma_r" => lgamma_r,
    host "_lgamma_r$fenv_access_off" => lgamma_r,
    host "_lgammaf" => lgammaf,
    host "_lgammaf$fenv_access_off" => lgammaf,
    host "_lgammaf_r" => lgammaf_r,
    host "_lgammaf_r$fenv_access_off" => lgammaf_r,
    host "_lgammal" => lgammal,
    host "_lgammal$fenv_access_off" => lgammal,
    host "_lgammal_r" => lgammal_r,
    host "_lgammal_r$fenv_access_off" => lgammal_r,
    host "_llrint" => llrint,
    host "_llrint$fenv_access_off" => llrint,
    host "_llrintf" => llrintf,
    host "_llrintf$fenv_access_off" => llrintf,
    host "_llrintl" => llrintl,
    host "_llrintl$fenv_access_off" => llrintl,
    host "_llround" => llround,
    host "_llround$fenv_access_off" => llround,
    host "_llroundf" => llroundf,
    host "_llroundf$fenv_access_off" => llroundf,
    host "_llroundl" => llroundl,
    host "_llroundl$fenv_access_off" => llroundl,
    host "_log" => log,
    host "_log$fenv_access_off" => log,
    host "_log10" => log10,
    host "_log10$fenv_access_off" => log10,
    host "_log10f" => log10f,
    host "_log10f$fenv_access_off" => log10f,
    host "_log10l" => log10l,
    host "_log10l$fenv_access_off" => log10l,
    host "_log1p" => log1p,
    host "_log1p$fenv_access_off" => log1p,
    host "_log1pf" => log1pf,
    host "_log1pf$fenv_access_off" => log1pf,
    host "_log1pl" => log1pl,
    host "_log1pl$fenv_access_off" => log1pl,
    host "_log2" => log2,
    host "_log2$fenv_access_off" => log2,
    host "_log2f" => log2f,
    host "_log2f$fenv_access_off" => log2f,
    host "_log2l" => log2l,
    host "_log2l$fenv_access_off" => log2l,
    host "_logb" => logb,
    host "_logb$fenv_access_off" => logb,
    host "_logbf" => logbf,
    host "_logbf$fenv_access_off" => logbf,
    host "_logbl" => logbl,
    host "_logbl$fenv_access_off" => logbl,
    host "_logf" => logf,
    host "_logf$fenv_access_off" => logf,
    host "_logl" => logl,
    host "_logl$fenv_access_off" => logl,
    host "_lrint" => lrint,
    host "_lrint$fenv_access_off" => lrint,
    host "_lrintf" => lrintf,
    host "_lrintf$fenv_access_off" => lrintf,
    host "_lrintl" => lrintl,
    host "_lrintl$fenv_access_off" => lrintl,
    host "_lround" => lround,
    host "_lround$fenv_access_off" => lround,
    host "_lroundf" => lroundf,
    host "_lroundf$fenv_access_off" => lroundf,
    host "_lroundl" => lroundl,
    host "_lroundl$fenv_access_off" => lroundl,
    host "_modf" => modf,
    host "_modf$fenv_access_off" => modf,
    host "_modff" => modff,
    host "_modff$fenv_access_off" => modff,
    host "_modfl" => modfl,
    host "_modfl$fenv_access_off" => modfl,
    host "_nan" => nan,
    host "_nanf" => nanf,
    host "_nanl" => nanl,
    host "_nearbyint" => nearbyint,
    host "_nearbyint$fenv_access_off" => nearbyint,
    host "_nearbyintf" => nearbyintf,
    host "_nearbyintf$fenv_access_off" => nearbyintf,
    host "_nearbyintl" => nearbyintl,
    host "_nearbyintl$fenv_access_off" => nearbyintl,
    host "_nextafter" => nextafter,
    host "_nextafter$fenv_access_off" => nextafter,
    host "_nextafterf" => nextafterf,
    host "_nextafterf$fenv_access_off" => nextafterf,
    host "_nextafterl" => nextafterl,
    host "_nextafterl$fenv_access_off" => nextafterl,
    host "_nexttoward" => nexttoward,
    host "_nexttoward$fenv_access_off" => nexttoward,
    host "_nexttowardf" => nexttowardf,
    host "_nexttowardf$fenv_access_off" => nexttowardf,
    host "_nexttowardl" => nexttowardl,
    host "_nexttowardl$fenv_access_off" => nexttowardl,
    host "_pow" => pow,
    host "_pow$fenv_access_off" => pow,
    host "_powf" => powf,
    host "_powf$fenv_access_off" => powf,
    host "_powl" => powl,
    host "_powl$fenv_access_off" => powl,
    host "_remainder" => remainder,
    host "_remainder$fenv_access_off" => remainder,
    host "_remainderf" => remainderf,
    host "_remainderf$fenv_access_off" => remainderf,
    host "_remainderl" => remainderl,
    host "_remainderl$fenv_access_off" => remainderl,
    host "_remquo" => remquo,
    host "_remquo$fenv_access_off" => remquo,
    host "_remquof" => remquof,
    host "_remquof$fenv_access_off" => remquof,
    host "_remquol" => remquol,
    host "_remquol$fenv_access_off" => remquol,
    host "_rint" => rint,
    host "_rint$fenv_access_off" => rint,
    host "_rintf" => rintf,
    host "_rintf$fenv_access_off" => rintf,
    host "_rintl" => rintl,
    host "_rintl$fenv_access_off" => rintl,
    host "_round" => round,
    host "_round$fenv_access_off" => round,
    host "_roundf" => roundf,
    host "_roundf$fenv_access_off" => roundf,
    host "_roundl" => roundl,
    host "_roundl$fenv_access_off" => roundl,
    host "_scalb" => scalb,
    host "_scalbln" => scalbln,
    host "_scalbln$fenv_access_off" => scalbln,
    host "_scalblnf" => scalblnf,
    host "_scalblnf$fenv_access_off" => scalblnf,
    host "_scalblnl" => scalblnl,
    host "_scalblnl$fenv_access_off" => scalblnl,
    host "_scalbn" => scalbn,
    host "_scalbn$fenv_access_off" => scalbn,
    host "_scalbnf" => scalbnf,
    host "_scalbnf$fenv_access_off" => scalbnf,
    host "_scalbnl" => scalbnl,
    host "_scalbnl$fenv_access_off" => scalbnl,
    host "_significand" => significand,
    host "_sin" => sin,
    host "_sin$fenv_access_off" => sin,
    host "_sinf" => sinf,
    host "_sinf$fenv_access_off" => sinf,
    host "_sinh" => sinh,
    host "_sinh$fenv_access_off" => sinh,
    host "_sinhf" => sinhf,
    host "_sinhf$fenv_access_off" => sinhf,
    host "_sinhl" => sinhl,
    host "_sinhl$fenv_access_off" => sinhl,
    host "_sinl" => sinl,
    host "_sinl$fenv_access_off" => sinl,
    host "_sqrt" => sqrt,
    host "_sqrt$fenv_access_off" => sqrt,
    host "_sqrtf" => sqrtf,
    host "_sqrtf$fenv_access_off" => sqrtf,
    host "_sqrtl" => sqrtl,
    host "_sqrtl$fenv_access_off" => sqrtl,
    host "_tan" => tan,
    host "_tan$fenv_access_off" => tan,
    host "_tanf" => tanf,
    host "_tanf$fenv_access_off" => tanf,
    host "_tanh" => tanh,
    host "_tanh$fenv_access_off" => tanh,
    host "_tanhf" => tanhf,
    host "_tanhf$fenv_access_off" => tanhf,
    host "_tanhl" => tanhl,
    host "_tanhl$fenv_access_off" => tanhl,
    host "_tanl" => tanl,
    host "_tanl$fenv_access_off" => tanl,
    host "_tgamma" => tgamma,
    host "_tgamma$fenv_access_off" => tgamma,
    host "_tgammaf" => tgammaf,
    host "_tgammaf$fenv_access_off" => tgammaf,
    host "_tgammal" => tgammal,
    host "_tgammal$fenv_access_off" => tgammal,
    host "_trunc" => trunc,
    host "_trunc$fenv_access_off" => trunc,
    host "_truncf" => truncf,
    host "_truncf$fenv_access_off" => truncf,
    host "_truncl" => truncl,
    host "_truncl$fenv_access_off" => truncl,
    host "_y0" => y0,
    host "_y1" => y1,
    host "_yn" => yn,
    // darwin-only names for glibc functions with the same ABI and meaning.
    host "_gamma" => tgamma,
    host "_gamma$fenv_access_off" => tgamma,
    host "_nextafterd" => nextafter,
    host "_rinttol" => lrint,
    host "_roundtol" => lround,
    host "___exp10" => exp10,
    host "___exp10f" => exp10f,
    host "___sincos" => sincos,
    host "___sincosf" => sincosf,
    data "_signgam" => signgam,
    func "_isinf" => isinf_legacy,
    func "_isnan" => isnan_legacy,
    func "_matherr" => matherr,
    func "___math_errhandling" => math_errhandling,
    func "___fegetfltrounds" => fegetfltrounds,
    func "_fegetenv" => fegetenv,
    func "_fesetenv" => fesetenv,
    func "_feholdexcept" => feholdexcept,
    func "_feupdateenv" => feupdateenv,
    data "__FE_DFL_ENV" => FE_DFL_ENV,
    data "__FE_DFL_DISABLE_SSE_DENORMS_ENV" => FE_DFL_DISABLE_SSE_DENORMS_ENV,
    func "___fpclassifyd" => fpclassifyd,
    func "___fpclassifyf" => fpclassifyf,
    func "___fpclassifyl" => calvados_m_fpclassifyl,
    func "___fpclassify" => calvados_m_fpclassifyl,
    func "___isnand" => isnand,
    func "___isnanf" => isnanf,
    func "___isnanl" => calvados_m_isnanl,
    func "___isnan" => calvados_m_isnanl,
    func "___inline_isnand" => isnand,
    func "___inline_isnanf" => isnanf,
    func "___inline_isnanl" => calvados_m_isnanl,
    func "___isinfd" => isinfd,
    func "___isinff" => isinff,
    func "___isinfl" => calvados_m_isinfl,
    func "___isinf" => calvados_m_isinfl,
    func "___inline_isinfd" => isinfd,
    func "___inline_isinff" => isinff,
    func "___inline_isinfl" => calvados_m_isinfl,
    func "___isfinited" => isfinited,
    func "___isfinitef" => isfinitef,
    func "___isfinitel" => calvados_m_isfinitel,
    func "___isfinite" => calvados_m_isfinitel,
    func "___inline_isfinited" => isfinited,
    func "___inline_isfinitef" => isfinitef,
    func "___inline_isfinitel" => calvados_m_isfinitel,
    func "___isnormald" => isnormald,
    func "___isnormalf" => isnormalf,
    func "___isnormall" => calvados_m_isnormall,
    func "___isnormal" => calvados_m_isnormall,
    func "___inline_isnormald" => isnormald,
    func "___inline_isnormalf" => isnormalf,
    func "___inline_isnormall" => calvados_m_isnormall,
    func "___signbitd" => signbitd,
    func "___signbitf" => signbitf,
    func "___signbitl" => calvados_m_signbitl,
    func "___signbit" => calvados_m_signbitl,
    func "___inline_signbitd" => signbitd,
    func "___inline_signbitf" => signbitf,
    func "___inline_signbitl" => calvados_m_signbitl,
    func "___inf" => inf,
    func "___inff" => inff,
    func "___infl" => calvados_m_infl,
    func "___nan" => nan_f,
    func "___sincos_stret" => sincos_stret,
    func "___sincosf_stret" => sincosf_stret,
    func "___sincospi_stret" => sincospi_stret,
    func "___sincospif_stret" => sincospif_stret,
    func "___sincospi" => sincospi_ptr,
    func "___sincospif" => sincospif_ptr,
    func "___sinpi" => sinpi,
    func "___sinpif" => sinpif,
    func "___cospi" => cospi,
    func "___cospif" => cospif,
    func "___tanpi" => tanpi,
    func "___tanpif" => tanpif,
    data "_matrix_identity_double2x2" => MATRIX_IDENTITY_DOUBLE2X2,
    data "_matrix_identity_double3x3" => MATRIX_IDENTITY_DOUBLE3X3,
    data "_matrix_identity_double4x4" => MATRIX_IDENTITY_DOUBLE4X4,
    data "_matrix_identity_float2x2" => MATRIX_IDENTITY_FLOAT2X2,
    data "_matrix_identity_float3x3" => MATRIX_IDENTITY_FLOAT3X3,
    data "_matrix_identity_float4x4" => MATRIX_IDENTITY_FLOAT4X4,
    data "_matrix_identity_half2x2" => MATRIX_IDENTITY_HALF2X2,
    data "_matrix_identity_half3x3" => MATRIX_IDENTITY_HALF3X3,
    data "_matrix_identity_half4x4" => MATRIX_IDENTITY_HALF4X4,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pi_functions() {
        assert_eq!(sinpi(0.5), 1.0);
        assert_eq!(cospi(1.0), -1.0);
        assert_eq!(sinpi(-1.5), 1.0);
        assert_eq!(sinpi(1.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(sinpi(-2.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(sinpi(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(cospi(0.5).to_bits(), 0.0f64.to_bits());
        assert_eq!(cospi(-1.5).to_bits(), 0.0f64.to_bits());
        assert_eq!(tanpi(0.25), 1.0);
        assert_eq!(tanpi(0.5), f64::INFINITY);
        assert_eq!(tanpi(1.5), f64::NEG_INFINITY);
        assert_eq!(tanpi(-0.5), f64::NEG_INFINITY);
        assert_eq!(tanpi(-0.75), 1.0);
        assert_eq!(tanpi(1.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(tanpi(-1.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(tanpi(2.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(tanpi(-2.0).to_bits(), (-0.0f64).to_bits());
        assert!((tanpi(1.0 / 3.0) - 3.0f64.sqrt()).abs() < 4e-16);
        assert!((sinpi(1.0 / 6.0) - 0.5).abs() < 1e-16);
        assert!((cospi(1.0 / 3.0) - 0.5).abs() < 1e-16);
        assert!((sinpi(12345.25) + core::f64::consts::FRAC_1_SQRT_2).abs() < 1e-15);
        assert_eq!(sinpi(1e300), 0.0);
        assert_eq!(cospi(1e300), 1.0);
        assert_eq!(cospi(4503599627370497.0), -1.0);
        assert!(sinpi(f64::INFINITY).is_nan() && cospi(f64::NAN).is_nan());
        assert_eq!(sinpif(0.5), 1.0);
        let s = sincos_stret(0.7);
        assert_eq!((s.sin, s.cos), (0.7f64.sin(), 0.7f64.cos()));
    }

    #[test]
    fn classify() {
        assert_eq!(fpclassifyd(f64::NAN), FP_NAN);
        assert_eq!(fpclassifyd(-f64::INFINITY), FP_INFINITE);
        assert_eq!(fpclassifyd(-0.0), FP_ZERO);
        assert_eq!(fpclassifyd(1.0), FP_NORMAL);
        assert_eq!(fpclassifyd(f64::MIN_POSITIVE / 2.0), FP_SUBNORMAL);
        assert_eq!(fpclassifyf(f32::MIN_POSITIVE / 2.0), FP_SUBNORMAL);
        let x87 = |mant: u64, sign_exp: u16| X87 { mant, sign_exp }.class();
        assert_eq!(x87(1 << 63, 0x3fff), FP_NORMAL); // 1.0
        assert_eq!(x87(1 << 63, 0x7fff), FP_INFINITE);
        assert_eq!(x87(0xc000_0000_0000_0000, 0xffff), FP_NAN);
        assert_eq!(x87(0, 0x8000), FP_ZERO);
        assert_eq!(x87(1, 0), FP_SUBNORMAL);
        assert_eq!(x87(1, 0x3fff), FP_NAN); // unnormal
    }

    #[test]
    fn fenv_round_trip() {
        // SAFETY: our own fenv functions on locals; the state is restored.
        unsafe {
            let mut saved = FE_DFL_ENV;
            fegetenv(&mut saved);
            fesetround(0xc00);
            let mut env = FE_DFL_ENV;
            fegetenv(&mut env);
            assert_eq!(env.control & 0xc00, 0xc00);
            assert_eq!(env.mxcsr & 0x6000, 0x6000);
            assert_eq!(fegetfltrounds(), 0);
            feraiseexcept(0x20);
            let mut held = FE_DFL_ENV;
            feholdexcept(&mut held);
            assert_eq!(fetestexcept(0x3f), 0);
            feupdateenv(&held);
            assert_eq!(fetestexcept(0x20), 0x20);
            fesetenv(&FE_DFL_ENV);
            assert_eq!((fegetround(), fetestexcept(0x3f)), (0, 0));
            fesetenv(&saved);
        }
    }
}
