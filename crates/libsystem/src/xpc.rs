//! libxpc objects that need no XPC service (`<xpc/xpc.h>`): dates.
//!
//! Go's runtime calls `xpc_date_create_from_current()` once at start-up
//! (golang.org/issue/56784: it makes libxpc initialise before any `fork`)
//! and drops the result. An object here is a reference-counted box whose
//! first word is its type, the address `xpc_get_type` returns.

use core::sync::atomic::{AtomicUsize, Ordering};
use libc::c_void;

/// `struct _xpc_type_s`: opaque; only its address matters
/// (`XPC_TYPE_DATE` is `&_xpc_type_date`).
#[repr(C)]
pub struct XpcType {
    _opaque: [u8; 8],
}

pub static XPC_TYPE_DATE: XpcType = XpcType { _opaque: [0; 8] };

#[repr(C)]
struct Object {
    ty: *const XpcType,
    refs: AtomicUsize,
    value: i64,
}

fn new(ty: &'static XpcType, value: i64) -> *mut c_void {
    Box::into_raw(Box::new(Object {
        ty,
        refs: AtomicUsize::new(1),
        value,
    }))
    .cast()
}

/// `xpc_date_create(interval)`: nanoseconds since the Unix epoch.
extern "C" fn xpc_date_create(interval: i64) -> *mut c_void {
    new(&XPC_TYPE_DATE, interval)
}

/// `xpc_date_create_from_current()`: now, from `CLOCK_REALTIME`.
extern "C" fn xpc_date_create_from_current() -> *mut c_void {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a local timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
    new(
        &XPC_TYPE_DATE,
        ts.tv_sec.saturating_mul(1_000_000_000) + ts.tv_nsec,
    )
}

/// `xpc_get_type(object)`.
unsafe extern "C" fn xpc_get_type(obj: *const Object) -> *const XpcType {
    // SAFETY: `obj` is one of our objects.
    unsafe { (*obj).ty }
}

/// `xpc_date_get_value(object)`: 0 when the object is not a date.
unsafe extern "C" fn xpc_date_get_value(obj: *const Object) -> i64 {
    // SAFETY: `obj` is NULL or one of our objects.
    match unsafe { obj.as_ref() } {
        Some(o) if core::ptr::eq(o.ty, &XPC_TYPE_DATE) => o.value,
        _ => 0,
    }
}

/// `xpc_retain(object)`: returns the object.
unsafe extern "C" fn xpc_retain(obj: *mut Object) -> *mut Object {
    // SAFETY: `obj` is NULL or one of our objects.
    if let Some(o) = unsafe { obj.as_ref() } {
        o.refs.fetch_add(1, Ordering::Relaxed);
    }
    obj
}

/// `xpc_release(object)`: frees it with the last reference.
unsafe extern "C" fn xpc_release(obj: *mut Object) {
    // SAFETY: `obj` is NULL or one of our objects.
    let Some(o) = (unsafe { obj.as_ref() }) else {
        return;
    };
    if o.refs.fetch_sub(1, Ordering::Release) == 1 {
        core::sync::atomic::fence(Ordering::Acquire);
        // SAFETY: the last reference: made by `new` with Box::into_raw.
        drop(unsafe { Box::from_raw(obj) });
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_xpc_date_create" => xpc_date_create,
    func "_xpc_date_create_from_current" => xpc_date_create_from_current,
    func "_xpc_date_get_value" => xpc_date_get_value,
    func "_xpc_get_type" => xpc_get_type,
    func "_xpc_retain" => xpc_retain,
    func "_xpc_release" => xpc_release,
    data "__xpc_type_date" => XPC_TYPE_DATE,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = xpc_date_create(-5) as *mut Object;
        // SAFETY: our own objects.
        unsafe {
            assert_eq!(xpc_date_get_value(d), -5);
            assert!(core::ptr::eq(xpc_get_type(d), &XPC_TYPE_DATE));
            assert_eq!(xpc_retain(d), d);
            xpc_release(d);
            xpc_release(d);
            let now = xpc_date_create_from_current() as *mut Object;
            assert!(xpc_date_get_value(now) > 1_600_000_000_000_000_000);
            xpc_release(now);
        }
    }
}
