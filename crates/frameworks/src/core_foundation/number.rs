//! `CFNumber`, `CFBoolean` and `CFDate`.
//!
//! `CFNumberType` values are `CFNumber.h`'s (SInt8 1 ... Float64 6, Char 7,
//! Short 8, Int 9, Long 10, LongLong 11, Float 12, Double 13, CFIndex 14,
//! NSInteger 15, CGFloat 16). A number keeps its value as a 64-bit integer
//! or a double and reports its canonical type (`kCFNumberIntType` becomes
//! `kCFNumberSInt32Type`, ...), as CF does.

use super::base::{
    self, alloc, drop_obj, expect, no_finalize, same, Boolean, CFHashCode, CFIndex, CFTypeID,
    Class, Obj, Ref, SyncRef, TYPE_ID_BOOLEAN, TYPE_ID_DATE, TYPE_ID_NUMBER,
};
use libc::c_void;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Int(i64),
    Float(f64),
}

pub struct NumBody {
    pub val: Num,
    /// Canonical `CFNumberType`.
    pub ty: CFIndex,
}

pub static NUMBER_CLASS: Class = Class {
    type_id: TYPE_ID_NUMBER,
    name: "CFNumber",
    finalize: drop_obj::<NumBody>,
    equal: |a, b| {
        // SAFETY: both are numbers.
        unsafe { cmp(num(a), num(b)) == core::cmp::Ordering::Equal }
    },
    hash: num_hash,
    describe: |p| {
        // SAFETY: `p` is a number.
        let o = unsafe { expect::<NumBody>(p, &NUMBER_CLASS, "CFCopyDescription") };
        let v = match o.body.val {
            Num::Int(i) => format!("{i:+}"),
            Num::Float(f) => format!("{f:+}"),
        };
        format!(
            "<CFNumber {:p} [{:p}]>{{value = {v}, type = {}}}",
            p,
            core::ptr::null::<c_void>(),
            type_name(o.body.ty)
        )
    },
    immortal: false,
};

fn type_name(t: CFIndex) -> &'static str {
    match t {
        1 => "kCFNumberSInt8Type",
        2 => "kCFNumberSInt16Type",
        3 => "kCFNumberSInt32Type",
        4 => "kCFNumberSInt64Type",
        5 => "kCFNumberFloat32Type",
        _ => "kCFNumberFloat64Type",
    }
}

unsafe fn num_hash(p: Ref) -> CFHashCode {
    // SAFETY: `p` is a number.
    match unsafe { num(p) } {
        Num::Int(i) => i as CFHashCode,
        Num::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => f as i64 as CFHashCode,
        Num::Float(f) => f.to_bits() as CFHashCode,
    }
}

/// The value of a number.
///
/// # Safety
/// `p` is a CF object.
pub unsafe fn num(p: Ref) -> Num {
    // SAFETY: per the contract.
    unsafe { expect::<NumBody>(p, &NUMBER_CLASS, "CFNumber").body.val }
}

/// The value of a number, or None for NULL or a non-number.
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn opt_num(p: Ref) -> Option<Num> {
    // SAFETY: per the contract.
    unsafe { base::cast::<NumBody>(p, &NUMBER_CLASS).map(|o| o.body.val) }
}

fn cmp(a: Num, b: Num) -> core::cmp::Ordering {
    use core::cmp::Ordering;
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x.cmp(&y),
        (x, y) => {
            let f = |n| match n {
                Num::Int(i) => i as f64,
                Num::Float(f) => f,
            };
            f(x).partial_cmp(&f(y)).unwrap_or(Ordering::Equal)
        }
    }
}

/// Canonical type of a `CFNumberType`, or None when unknown.
fn canonical(t: CFIndex) -> Option<CFIndex> {
    Some(match t {
        1..=6 => t,
        7 => 1,
        8 => 2,
        9 => 3,
        10 | 11 | 14 | 15 => 4,
        12 => 5,
        13 | 16 => 6,
        _ => return None,
    })
}

/// A new integer number of type SInt64 (or the given canonical type).
pub fn new_int(v: i64) -> Ref {
    alloc(
        &NUMBER_CLASS,
        NumBody {
            val: Num::Int(v),
            ty: 4,
        },
    )
}

/// A new Float64 number.
pub fn new_float(v: f64) -> Ref {
    alloc(
        &NUMBER_CLASS,
        NumBody {
            val: Num::Float(v),
            ty: 6,
        },
    )
}

/// A new SInt32 number.
pub fn new_i32(v: i32) -> Ref {
    alloc(
        &NUMBER_CLASS,
        NumBody {
            val: Num::Int(v as i64),
            ty: 3,
        },
    )
}

unsafe extern "C" fn number_get_type_id() -> CFTypeID {
    TYPE_ID_NUMBER
}

unsafe extern "C" fn number_create(_a: Ref, t: CFIndex, p: *const c_void) -> Ref {
    let Some(ty) = canonical(t) else {
        return core::ptr::null();
    };
    if p.is_null() {
        return core::ptr::null();
    }
    // SAFETY: `p` points at a value of type `t`.
    let val = unsafe {
        match ty {
            1 => Num::Int(*(p as *const i8) as i64),
            2 => Num::Int((p as *const i16).read_unaligned() as i64),
            3 => Num::Int((p as *const i32).read_unaligned() as i64),
            4 => Num::Int((p as *const i64).read_unaligned()),
            5 => Num::Float((p as *const f32).read_unaligned() as f64),
            _ => Num::Float((p as *const f64).read_unaligned()),
        }
    };
    alloc(&NUMBER_CLASS, NumBody { val, ty })
}

unsafe extern "C" fn number_get_type(n: Ref) -> CFIndex {
    // SAFETY: a number.
    unsafe { expect::<NumBody>(n, &NUMBER_CLASS, "CFNumberGetType") }
        .body
        .ty
}

unsafe extern "C" fn number_get_byte_size(n: Ref) -> CFIndex {
    // SAFETY: a number.
    match unsafe { number_get_type(n) } {
        1 => 1,
        2 => 2,
        3 | 5 => 4,
        _ => 8,
    }
}

unsafe extern "C" fn number_is_float_type(n: Ref) -> Boolean {
    // SAFETY: a number.
    matches!(unsafe { number_get_type(n) }, 5 | 6) as Boolean
}

/// `CFNumberGetValue`: stores the value converted to type `t`; true when
/// the conversion lost nothing.
unsafe extern "C" fn number_get_value(n: Ref, t: CFIndex, out: *mut c_void) -> Boolean {
    // SAFETY: a number.
    let v = unsafe { num(n) };
    let Some(ty) = canonical(t) else {
        return 0;
    };
    if out.is_null() {
        return 0;
    }
    macro_rules! int {
        ($t:ty) => {{
            let (x, exact) = match v {
                Num::Int(i) => (i as $t, <$t>::try_from(i).is_ok()),
                Num::Float(f) => (
                    f as $t,
                    f.fract() == 0.0 && f >= <$t>::MIN as f64 && f <= <$t>::MAX as f64,
                ),
            };
            // SAFETY: `out` has room for the requested type.
            unsafe { (out as *mut $t).write_unaligned(x) };
            exact as Boolean
        }};
    }
    match ty {
        1 => int!(i8),
        2 => int!(i16),
        3 => int!(i32),
        4 => int!(i64),
        5 => {
            let (x, exact) = match v {
                Num::Int(i) => (i as f32, (i as f32) as i64 == i),
                Num::Float(f) => (f as f32, (f as f32) as f64 == f || f.is_nan()),
            };
            // SAFETY: room for a float.
            unsafe { (out as *mut f32).write_unaligned(x) };
            exact as Boolean
        }
        _ => {
            let (x, exact) = match v {
                Num::Int(i) => (i as f64, (i as f64) as i64 == i),
                Num::Float(f) => (f, true),
            };
            // SAFETY: room for a double.
            unsafe { (out as *mut f64).write_unaligned(x) };
            exact as Boolean
        }
    }
}

unsafe extern "C" fn number_compare(a: Ref, b: Ref, _ctx: *mut c_void) -> CFIndex {
    // SAFETY: numbers.
    unsafe { cmp(num(a), num(b)) as CFIndex }
}

// --- CFBoolean -----------------------------------------------------------------

pub static BOOLEAN_CLASS: Class = Class {
    type_id: TYPE_ID_BOOLEAN,
    name: "CFBoolean",
    finalize: no_finalize,
    equal: same,
    hash: |p| {
        // SAFETY: `p` is one of the two booleans.
        unsafe { (*(p as *const Obj<bool>)).body as CFHashCode }
    },
    describe: |p| {
        // SAFETY: `p` is one of the two booleans.
        let v = unsafe { (*(p as *const Obj<bool>)).body };
        format!(
            "<CFBoolean {:p} [{:p}]>{{value = {v}}}",
            p,
            core::ptr::null::<c_void>()
        )
    },
    immortal: true,
};

pub static TRUE_OBJ: Obj<bool> = Obj::new_static(&BOOLEAN_CLASS, true);
pub static FALSE_OBJ: Obj<bool> = Obj::new_static(&BOOLEAN_CLASS, false);
pub static K_TRUE: SyncRef = SyncRef(&TRUE_OBJ as *const _ as Ref);
pub static K_FALSE: SyncRef = SyncRef(&FALSE_OBJ as *const _ as Ref);

/// `kCFBooleanTrue` or `kCFBooleanFalse`.
pub fn boolean(v: bool) -> Ref {
    if v {
        K_TRUE.0
    } else {
        K_FALSE.0
    }
}

/// The value of a CFBoolean (or None).
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn opt_bool(p: Ref) -> Option<bool> {
    // SAFETY: per the contract.
    unsafe { base::cast::<bool>(p, &BOOLEAN_CLASS).map(|o| o.body) }
}

unsafe extern "C" fn boolean_get_type_id() -> CFTypeID {
    TYPE_ID_BOOLEAN
}

unsafe extern "C" fn boolean_get_value(b: Ref) -> Boolean {
    // SAFETY: a boolean.
    unsafe { expect::<bool>(b, &BOOLEAN_CLASS, "CFBooleanGetValue") }.body as Boolean
}

// --- CFDate ---------------------------------------------------------------------

/// `kCFAbsoluteTimeIntervalSince1970` (`CFDate.h`): seconds from
/// 1970-01-01 to CF's reference date, 2001-01-01 00:00:00 GMT.
pub static ABSOLUTE_TIME_INTERVAL_SINCE_1970: f64 = 978307200.0;
/// `kCFAbsoluteTimeIntervalSince1904`.
pub static ABSOLUTE_TIME_INTERVAL_SINCE_1904: f64 = 3061152000.0;

pub static DATE_CLASS: Class = Class {
    type_id: TYPE_ID_DATE,
    name: "CFDate",
    finalize: drop_obj::<f64>,
    equal: |a, b| {
        // SAFETY: both are dates.
        unsafe { date_value(a) == date_value(b) }
    },
    hash: |p| {
        // SAFETY: `p` is a date.
        unsafe { date_value(p) as i64 as CFHashCode }
    },
    describe: |p| {
        // SAFETY: `p` is a date.
        format!(
            "<CFDate {:p} [{:p}]>{{time = {}}}",
            p,
            core::ptr::null::<c_void>(),
            unsafe { date_value(p) }
        )
    },
    immortal: false,
};

unsafe fn date_value(p: Ref) -> f64 {
    // SAFETY: the caller passes a CF object.
    unsafe { expect::<f64>(p, &DATE_CLASS, "CFDate") }.body
}

/// Now, in seconds since 2001-01-01 GMT.
pub fn absolute_time_now() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a local timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9 - ABSOLUTE_TIME_INTERVAL_SINCE_1970
}

unsafe extern "C" fn absolute_time_get_current() -> f64 {
    absolute_time_now()
}

unsafe extern "C" fn date_get_type_id() -> CFTypeID {
    TYPE_ID_DATE
}

unsafe extern "C" fn date_create(_a: Ref, at: f64) -> Ref {
    alloc(&DATE_CLASS, at)
}

unsafe extern "C" fn date_get_absolute_time(d: Ref) -> f64 {
    // SAFETY: a date.
    unsafe { date_value(d) }
}

unsafe extern "C" fn date_compare(a: Ref, b: Ref, _ctx: *mut c_void) -> CFIndex {
    // SAFETY: dates.
    unsafe {
        date_value(a)
            .partial_cmp(&date_value(b))
            .map_or(0, |o| o as CFIndex)
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFNumberGetTypeID" => number_get_type_id,
    func "_CFNumberCreate" => number_create,
    func "_CFNumberGetType" => number_get_type,
    func "_CFNumberGetByteSize" => number_get_byte_size,
    func "_CFNumberIsFloatType" => number_is_float_type,
    func "_CFNumberGetValue" => number_get_value,
    func "_CFNumberCompare" => number_compare,
    func "_CFBooleanGetTypeID" => boolean_get_type_id,
    func "_CFBooleanGetValue" => boolean_get_value,
    data "_kCFBooleanTrue" => K_TRUE,
    data "_kCFBooleanFalse" => K_FALSE,
    func "_CFAbsoluteTimeGetCurrent" => absolute_time_get_current,
    func "_CFDateGetTypeID" => date_get_type_id,
    func "_CFDateCreate" => date_create,
    func "_CFDateGetAbsoluteTime" => date_get_absolute_time,
    func "_CFDateCompare" => date_compare,
    data "_kCFAbsoluteTimeIntervalSince1970" => ABSOLUTE_TIME_INTERVAL_SINCE_1970,
    data "_kCFAbsoluteTimeIntervalSince1904" => ABSOLUTE_TIME_INTERVAL_SINCE_1904,
};
