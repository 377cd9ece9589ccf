//! `<stdlib.h>`: conversions, sorting, environment, random numbers.
//! glibc's where the ABI matches; darwin-specific argument orders translated.

use libc::{c_char, c_int, c_void, size_t};

/// `ldiv_t` / `lldiv_t`: quotient then remainder, on both systems.
#[repr(C)]
pub struct QuotRem {
    pub quot: i64,
    pub rem: i64,
}

extern "C" {
    static mut environ: *mut *mut c_char;
    fn arc4random() -> u32;
    fn arc4random_buf(buf: *mut c_void, n: size_t);
    fn arc4random_uniform(upper: u32) -> u32;
    fn strtold(s: *const c_char, end: *mut *mut c_char) -> f64;
    fn drand48() -> f64;
    fn erand48(x: *mut u16) -> f64;
    fn lrand48() -> libc::c_long;
    fn nrand48(x: *mut u16) -> libc::c_long;
    fn mrand48() -> libc::c_long;
    fn jrand48(x: *mut u16) -> libc::c_long;
    fn srand48(seed: libc::c_long);
    fn seed48(x: *mut u16) -> *mut u16;
    fn lcong48(p: *mut u16);
    fn lldiv(a: i64, b: i64) -> QuotRem;
    fn ldiv(a: i64, b: i64) -> QuotRem;
    fn div(a: c_int, b: c_int) -> i64;
    fn strtoimax(s: *const c_char, e: *mut *mut c_char, b: c_int) -> i64;
    fn strtoumax(s: *const c_char, e: *mut *mut c_char, b: c_int) -> u64;
    fn imaxabs(a: i64) -> i64;
    fn imaxdiv(a: i64, b: i64) -> QuotRem;
    fn atof(s: *const c_char) -> f64;
    fn llabs(a: i64) -> i64;
    fn labs(a: i64) -> i64;
    // <search.h> binary trees: same prototypes as darwin's, the same VISIT
    // values (preorder 0, postorder 1, endorder 2, leaf 3, POSIX's order),
    // and a node whose first word is the key pointer, as callers assume.
    fn tsearch(key: *const c_void, root: *mut *mut c_void, cmp: Cmp) -> *mut c_void;
    fn tfind(key: *const c_void, root: *const *mut c_void, cmp: Cmp) -> *mut c_void;
    fn tdelete(key: *const c_void, root: *mut *mut c_void, cmp: Cmp) -> *mut c_void;
    fn twalk(
        root: *const c_void,
        action: Option<unsafe extern "C" fn(*const c_void, c_int, c_int)>,
    );
}

/// A `<search.h>` comparison function.
type Cmp = Option<unsafe extern "C" fn(*const c_void, *const c_void) -> c_int>;

/// Reports a failed fortify check and aborts, as darwin's `__chk_fail` does.
pub fn fortify_fail(what: &str) -> ! {
    let msg = format!("calvados: buffer overflow detected in {what}\n");
    // SAFETY: writing a buffer to stderr, then aborting.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::abort()
    }
}

type DarwinCmp = unsafe extern "C" fn(*mut c_void, *const c_void, *const c_void) -> c_int;

struct QsortThunk {
    arg: *mut c_void,
    cmp: DarwinCmp,
}

unsafe extern "C" fn qsort_r_trampoline(
    a: *const c_void,
    b: *const c_void,
    t: *mut c_void,
) -> c_int {
    // SAFETY: `t` is the `QsortThunk` built by `qsort_r` below for this call.
    unsafe {
        let t = &*(t as *const QsortThunk);
        (t.cmp)(t.arg, a, b)
    }
}

/// darwin `qsort_r(base, nel, width, thunk, compar(thunk, a, b))` — the
/// thunk comes first, unlike glibc's `qsort_r(..., compar(a, b, arg), arg)`.
unsafe extern "C" fn qsort_r(
    base: *mut c_void,
    nel: size_t,
    width: size_t,
    arg: *mut c_void,
    cmp: DarwinCmp,
) {
    let mut thunk = QsortThunk { arg, cmp };
    // SAFETY: glibc calls the trampoline with our thunk while sorting the caller's array.
    unsafe {
        libc::qsort_r(
            base,
            nel,
            width,
            Some(qsort_r_trampoline),
            (&mut thunk as *mut QsortThunk).cast(),
        )
    }
}

/// `getprogname`: the program's name as the loader recorded it.
extern "C" fn getprogname() -> *const c_char {
    // SAFETY: glibc keeps `program_invocation_short_name` for the process lifetime.
    unsafe { PROGNAME }
}

static mut PROGNAME: *const c_char = c"".as_ptr();

/// `setprogname(name)`: darwin keeps the basename.
unsafe extern "C" fn setprogname(name: *const c_char) {
    if name.is_null() {
        return;
    }
    // SAFETY: `name` is a C string the caller keeps alive, as darwin requires.
    unsafe {
        let slash = libc::strrchr(name, b'/' as c_int);
        PROGNAME = if slash.is_null() { name } else { slash.add(1) };
    }
}

/// Sets the program name (called by the loader with `argv[0]`).
///
/// # Safety
/// `argv0` must be a C string that lives as long as the process.
pub unsafe fn set_progname(argv0: *const c_char) {
    // SAFETY: the caller guarantees `argv0` lives for the process.
    unsafe { setprogname(argv0) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    host "_atoi" => libc::atoi,
    host "_atol" => libc::atol,
    host "_atoll" => libc::atoll,
    host "_atof" => atof,
    host "_strtol" => libc::strtol,
    host "_strtoul" => libc::strtoul,
    host "_strtoll" => libc::strtoll,
    host "_strtoull" => libc::strtoull,
    host "_strtoq" => libc::strtoll,
    host "_strtouq" => libc::strtoull,
    host "_strtoimax" => strtoimax,
    host "_strtoumax" => strtoumax,
    host "_strtod" => libc::strtod,
    host "_strtof" => libc::strtof,
    host "_strtold" => strtold,
    host "_abs" => libc::abs,
    host "_labs" => labs,
    host "_llabs" => llabs,
    host "_imaxabs" => imaxabs,
    host "_div" => div,
    host "_ldiv" => ldiv,
    host "_lldiv" => lldiv,
    // imaxdiv_t is { intmax_t quot, rem } on both, returned in rax:rdx.
    host "_imaxdiv" => imaxdiv,
    host "_qsort" => libc::qsort,
    func "_qsort_r" => qsort_r,
    host "_bsearch" => libc::bsearch,
    host "_tsearch" => tsearch,
    host "_tfind" => tfind,
    host "_tdelete" => tdelete,
    host "_twalk" => twalk,
    host "_getenv" => libc::getenv,
    host "_setenv" => libc::setenv,
    host "_unsetenv" => libc::unsetenv,
    host "_putenv" => libc::putenv,
    data "_environ" => environ,
    host "_drand48" => drand48,
    host "_erand48" => erand48,
    host "_lrand48" => lrand48,
    host "_nrand48" => nrand48,
    host "_mrand48" => mrand48,
    host "_jrand48" => jrand48,
    host "_srand48" => srand48,
    host "_seed48" => seed48,
    host "_lcong48" => lcong48,
    host "_arc4random" => arc4random,
    host "_arc4random_buf" => arc4random_buf,
    host "_arc4random_uniform" => arc4random_uniform,
    // The `_l` conversions: every locale we have (locale.rs) writes numbers
    // the C way, so glibc's C-locale function gives the answer; the extra
    // `locale_t` argument is the last one, which the callee simply ignores
    // in the System V calling convention.
    host "_atof_l" => atof,
    host "_atoi_l" => libc::atoi,
    host "_atol_l" => libc::atol,
    host "_atoll_l" => libc::atoll,
    host "_strtol_l" => libc::strtol,
    host "_strtoul_l" => libc::strtoul,
    host "_strtoll_l" => libc::strtoll,
    host "_strtoull_l" => libc::strtoull,
    host "_strtoq_l" => libc::strtoll,
    host "_strtouq_l" => libc::strtoull,
    host "_strtoimax_l" => strtoimax,
    host "_strtoumax_l" => strtoumax,
    host "_strtod_l" => libc::strtod,
    host "_strtof_l" => libc::strtof,
    host "_strtold_l" => strtold,
    func "_getprogname" => getprogname,
    func "_setprogname" => setprogname,
};
