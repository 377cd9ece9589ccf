//! `CFArray`: values kept with the `CFArrayCallBacks` the array was made
//! with (`CFArray.h`: `{CFIndex version; retain; release; copyDescription;
//! equal}`); NULL callbacks mean plain pointers, neither retained nor
//! released, compared by address.

use super::base::{
    self, alloc, cf_copy_description, cf_equal, expect, Boolean, CFIndex, CFRange, CFTypeID, Class,
    Ref, NOT_FOUND, TYPE_ID_ARRAY,
};
use libc::c_void;
use std::cell::UnsafeCell;

/// `CFArrayCallBacks`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ArrayCallBacks {
    pub version: CFIndex,
    pub retain: Option<unsafe extern "C" fn(Ref, Ref) -> Ref>,
    pub release: Option<unsafe extern "C" fn(Ref, Ref)>,
    pub copy_description: Option<unsafe extern "C" fn(Ref) -> Ref>,
    pub equal: Option<unsafe extern "C" fn(Ref, Ref) -> Boolean>,
}
const _: () = assert!(core::mem::size_of::<ArrayCallBacks>() == 40);
const _: () = assert!(core::mem::offset_of!(ArrayCallBacks, equal) == 32);

const NO_CALLBACKS: ArrayCallBacks = ArrayCallBacks {
    version: 0,
    retain: None,
    release: None,
    copy_description: None,
    equal: None,
};

/// The retain callback of the kCFType callbacks (`CFRetain`).
pub(crate) unsafe extern "C" fn type_retain(_a: Ref, v: Ref) -> Ref {
    // SAFETY: the collection holds CF objects.
    unsafe { base::retain(v) }
}

/// The release callback of the kCFType callbacks (`CFRelease`).
pub(crate) unsafe extern "C" fn type_release(_a: Ref, v: Ref) {
    // SAFETY: the collection owns a reference.
    unsafe { base::release(v) }
}

/// `kCFTypeArrayCallBacks`.
pub static TYPE_ARRAY_CALLBACKS: ArrayCallBacks = ArrayCallBacks {
    version: 0,
    retain: Some(type_retain),
    release: Some(type_release),
    copy_description: Some(cf_copy_description),
    equal: Some(cf_equal),
};

pub struct ArrayBody {
    mutable: bool,
    cb: ArrayCallBacks,
    items: UnsafeCell<Vec<Ref>>,
}

impl ArrayBody {
    fn retain(&self, v: Ref) -> Ref {
        match self.cb.retain {
            // SAFETY: the callback the array was created with.
            Some(f) => unsafe { f(core::ptr::null(), v) },
            None => v,
        }
    }

    fn release(&self, v: Ref) {
        if let Some(f) = self.cb.release {
            // SAFETY: the callback the array was created with.
            unsafe { f(core::ptr::null(), v) }
        }
    }

    fn eq(&self, a: Ref, b: Ref) -> bool {
        a == b
            || match self.cb.equal {
                // SAFETY: the callback the array was created with.
                Some(f) => unsafe { f(a, b) != 0 },
                None => false,
            }
    }
}

impl Drop for ArrayBody {
    fn drop(&mut self) {
        for v in core::mem::take(self.items.get_mut()) {
            self.release(v);
        }
    }
}

pub static ARRAY_CLASS: Class = Class {
    type_id: TYPE_ID_ARRAY,
    name: "CFArray",
    finalize: base::drop_obj::<ArrayBody>,
    equal: |a, b| {
        // SAFETY: both are arrays.
        unsafe {
            let (oa, ob) = (body(a, "CFEqual"), body(b, "CFEqual"));
            let (ia, ib) = (&*oa.items.get(), &*ob.items.get());
            ia.len() == ib.len() && ia.iter().zip(ib.iter()).all(|(&x, &y)| oa.eq(x, y))
        }
    },
    hash: |a| {
        // SAFETY: `a` is an array.
        unsafe { (*body(a, "CFHash").items.get()).len() }
    },
    describe: |a| {
        // SAFETY: `a` is an array.
        let items = unsafe { values(a) };
        let mut s = format!(
            "<CFArray {:p} [{:p}]>{{count = {}, values = (\n",
            a,
            core::ptr::null::<c_void>(),
            items.len()
        );
        for (i, v) in items.iter().enumerate() {
            // SAFETY: describing a CF value when the array holds CF types.
            let d = unsafe { describe_value(*v) };
            s.push_str(&format!("\t{i} : {d}\n"));
        }
        s.push_str(")}");
        s
    },
    immortal: false,
};

/// Text for a collection value: CF objects describe themselves.
///
/// # Safety
/// `v` is a value stored in a collection.
pub(crate) unsafe fn describe_value(v: Ref) -> String {
    // SAFETY: strings print their text; other values their description.
    unsafe {
        if super::string::is_string(v) {
            return super::string::to_string(v);
        }
        (base::class_of(v).describe)(v)
    }
}

unsafe fn body<'a>(a: Ref, func: &str) -> &'a ArrayBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<ArrayBody>(a, &ARRAY_CLASS, func).body }
}

unsafe fn items_mut<'a>(a: Ref, func: &str) -> (&'a ArrayBody, &'a mut Vec<Ref>) {
    // SAFETY: the caller passes a CF object; mutable arrays are not
    // thread-safe in CF either.
    unsafe {
        let b = body(a, func);
        if !b.mutable {
            base::fatal(&format!("{func}: the array is immutable"));
        }
        (b, &mut *b.items.get())
    }
}

/// The values of an array.
///
/// # Safety
/// `a` is an array.
pub unsafe fn values(a: Ref) -> Vec<Ref> {
    // SAFETY: per the contract.
    unsafe { (*body(a, "CFArray").items.get()).clone() }
}

/// Whether `p` is an array.
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn is_array(p: Ref) -> bool {
    // SAFETY: per the contract.
    unsafe { base::cast::<ArrayBody>(p, &ARRAY_CLASS).is_some() }
}

/// A new immutable array of CF objects (retained).
pub fn new_cftype_array(items: &[Ref]) -> Ref {
    // SAFETY: `items` are CF objects.
    unsafe {
        create(
            core::ptr::null(),
            items.as_ptr(),
            items.len() as CFIndex,
            &TYPE_ARRAY_CALLBACKS,
        )
    }
}

fn new_array(mutable: bool, cb: *const ArrayCallBacks, items: Vec<Ref>) -> Ref {
    // SAFETY: `cb` is NULL or the program's callbacks structure.
    let cb = if cb.is_null() {
        NO_CALLBACKS
    } else {
        unsafe { *cb }
    };
    let mut body = ArrayBody {
        mutable,
        cb,
        items: UnsafeCell::new(Vec::new()),
    };
    let retained: Vec<Ref> = items.into_iter().map(|v| body.retain(v)).collect();
    *body.items.get_mut() = retained;
    alloc(&ARRAY_CLASS, body)
}

fn range_check(r: CFRange, len: usize, func: &str) -> core::ops::Range<usize> {
    if r.location < 0 || r.length < 0 || (r.location + r.length) as usize > len {
        base::fatal(&format!(
            "{func}: range {{{}, {}}} out of bounds; count {len}",
            r.location, r.length
        ));
    }
    r.location as usize..(r.location + r.length) as usize
}

fn index_check(i: CFIndex, len: usize, func: &str) -> usize {
    if i < 0 || i as usize >= len {
        base::fatal(&format!("{func}: index ({i}) out of bounds; count {len}"));
    }
    i as usize
}

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_ARRAY
}

unsafe extern "C" fn create(
    _a: Ref,
    vals: *const Ref,
    n: CFIndex,
    cb: *const ArrayCallBacks,
) -> Ref {
    let items = if vals.is_null() || n <= 0 {
        Vec::new()
    } else {
        // SAFETY: `n` values at `vals`.
        unsafe { core::slice::from_raw_parts(vals, n as usize) }.to_vec()
    };
    new_array(false, cb, items)
}

unsafe extern "C" fn create_copy(_a: Ref, a: Ref) -> Ref {
    // SAFETY: an array.
    let b = unsafe { body(a, "CFArrayCreateCopy") };
    // SAFETY: as above.
    new_array(false, &b.cb, unsafe { values(a) })
}

unsafe extern "C" fn create_mutable(_a: Ref, _cap: CFIndex, cb: *const ArrayCallBacks) -> Ref {
    new_array(true, cb, Vec::new())
}

unsafe extern "C" fn create_mutable_copy(_a: Ref, _cap: CFIndex, a: Ref) -> Ref {
    // SAFETY: an array.
    let b = unsafe { body(a, "CFArrayCreateMutableCopy") };
    // SAFETY: as above.
    new_array(true, &b.cb, unsafe { values(a) })
}

unsafe extern "C" fn get_count(a: Ref) -> CFIndex {
    // SAFETY: an array.
    unsafe { (*body(a, "CFArrayGetCount").items.get()).len() as CFIndex }
}

unsafe extern "C" fn get_value_at_index(a: Ref, i: CFIndex) -> Ref {
    // SAFETY: an array.
    unsafe {
        let v = &*body(a, "CFArrayGetValueAtIndex").items.get();
        v[index_check(i, v.len(), "CFArrayGetValueAtIndex")]
    }
}

unsafe extern "C" fn get_values(a: Ref, r: CFRange, out: *mut Ref) {
    // SAFETY: an array; `out` holds `r.length` values.
    unsafe {
        let v = &*body(a, "CFArrayGetValues").items.get();
        let r = range_check(r, v.len(), "CFArrayGetValues");
        core::ptr::copy_nonoverlapping(v[r.clone()].as_ptr(), out, r.len());
    }
}

unsafe extern "C" fn append_value(a: Ref, val: Ref) {
    // SAFETY: a mutable array.
    unsafe {
        let (b, v) = items_mut(a, "CFArrayAppendValue");
        v.push(b.retain(val));
    }
}

unsafe extern "C" fn insert_value_at_index(a: Ref, i: CFIndex, val: Ref) {
    // SAFETY: a mutable array.
    unsafe {
        let (b, v) = items_mut(a, "CFArrayInsertValueAtIndex");
        if i < 0 || i as usize > v.len() {
            base::fatal(&format!(
                "CFArrayInsertValueAtIndex: index ({i}) out of bounds; count {}",
                v.len()
            ));
        }
        v.insert(i as usize, b.retain(val));
    }
}

unsafe extern "C" fn set_value_at_index(a: Ref, i: CFIndex, val: Ref) {
    // SAFETY: a mutable array.
    unsafe {
        let (b, v) = items_mut(a, "CFArraySetValueAtIndex");
        if i as usize == v.len() {
            v.push(b.retain(val));
            return;
        }
        let i = index_check(i, v.len(), "CFArraySetValueAtIndex");
        let new = b.retain(val);
        let old = core::mem::replace(&mut v[i], new);
        b.release(old);
    }
}

unsafe extern "C" fn remove_value_at_index(a: Ref, i: CFIndex) {
    // SAFETY: a mutable array.
    unsafe {
        let (b, v) = items_mut(a, "CFArrayRemoveValueAtIndex");
        let i = index_check(i, v.len(), "CFArrayRemoveValueAtIndex");
        let old = v.remove(i);
        b.release(old);
    }
}

unsafe extern "C" fn remove_all_values(a: Ref) {
    // SAFETY: a mutable array.
    unsafe {
        let (b, v) = items_mut(a, "CFArrayRemoveAllValues");
        for old in core::mem::take(v) {
            b.release(old);
        }
    }
}

unsafe extern "C" fn append_array(a: Ref, other: Ref, r: CFRange) {
    // SAFETY: a mutable array and an array.
    unsafe {
        let src = values(other);
        let r = range_check(r, src.len(), "CFArrayAppendArray");
        let (b, v) = items_mut(a, "CFArrayAppendArray");
        for &x in &src[r] {
            v.push(b.retain(x));
        }
    }
}

unsafe extern "C" fn get_first_index_of_value(a: Ref, r: CFRange, val: Ref) -> CFIndex {
    // SAFETY: an array.
    unsafe {
        let b = body(a, "CFArrayGetFirstIndexOfValue");
        let v = &*b.items.get();
        let r = range_check(r, v.len(), "CFArrayGetFirstIndexOfValue");
        r.into_iter()
            .find(|&i| b.eq(v[i], val))
            .map_or(NOT_FOUND, |i| i as CFIndex)
    }
}

unsafe extern "C" fn contains_value(a: Ref, r: CFRange, val: Ref) -> Boolean {
    // SAFETY: an array.
    (unsafe { get_first_index_of_value(a, r, val) } != NOT_FOUND) as Boolean
}

unsafe extern "C" fn apply_function(
    a: Ref,
    r: CFRange,
    f: Option<unsafe extern "C" fn(Ref, *mut c_void)>,
    ctx: *mut c_void,
) {
    // SAFETY: an array; `f` is the program's applier.
    unsafe {
        let v = values(a);
        let r = range_check(r, v.len(), "CFArrayApplyFunction");
        if let Some(f) = f {
            for &x in &v[r] {
                f(x, ctx);
            }
        }
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    data "_kCFTypeArrayCallBacks" => TYPE_ARRAY_CALLBACKS,
    func "_CFArrayGetTypeID" => get_type_id,
    func "_CFArrayCreate" => create,
    func "_CFArrayCreateCopy" => create_copy,
    func "_CFArrayCreateMutable" => create_mutable,
    func "_CFArrayCreateMutableCopy" => create_mutable_copy,
    func "_CFArrayGetCount" => get_count,
    func "_CFArrayGetValueAtIndex" => get_value_at_index,
    func "_CFArrayGetValues" => get_values,
    func "_CFArrayAppendValue" => append_value,
    func "_CFArrayInsertValueAtIndex" => insert_value_at_index,
    func "_CFArraySetValueAtIndex" => set_value_at_index,
    func "_CFArrayRemoveValueAtIndex" => remove_value_at_index,
    func "_CFArrayRemoveAllValues" => remove_all_values,
    func "_CFArrayAppendArray" => append_array,
    func "_CFArrayGetFirstIndexOfValue" => get_first_index_of_value,
    func "_CFArrayContainsValue" => contains_value,
    func "_CFArrayApplyFunction" => apply_function,
};
