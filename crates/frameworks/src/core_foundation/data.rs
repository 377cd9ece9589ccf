//! `CFData`: an immutable or mutable byte buffer.

use super::base::{
    self, alloc, drop_obj, expect, CFHashCode, CFIndex, CFRange, CFTypeID, Class, Ref, TYPE_ID_DATA,
};
use libc::c_void;
use std::cell::UnsafeCell;

pub struct DataBody {
    mutable: bool,
    bytes: UnsafeCell<Vec<u8>>,
}

pub static DATA_CLASS: Class = Class {
    type_id: TYPE_ID_DATA,
    name: "CFData",
    finalize: drop_obj::<DataBody>,
    equal: |a, b| {
        // SAFETY: both are CFData (same type id, one class).
        unsafe { bytes(a, "CFEqual") == bytes(b, "CFEqual") }
    },
    hash: data_hash,
    describe: |p| {
        // SAFETY: `p` is a CFData.
        let b = unsafe { bytes(p, "CFCopyDescription") };
        let hex: String = b.iter().take(64).map(|x| format!("{x:02x}")).collect();
        format!(
            "<CFData {:p} [{:p}]>{{length = {}, bytes = 0x{hex}}}",
            p,
            core::ptr::null::<c_void>(),
            b.len()
        )
    },
    immortal: false,
};

unsafe fn data_hash(p: Ref) -> CFHashCode {
    // SAFETY: `p` is a CFData.
    base::fnv(unsafe { bytes(p, "CFHash") }.iter().take(80).copied())
}

/// A new immutable CFData owning `v`.
pub fn new_data(v: Vec<u8>) -> Ref {
    alloc(
        &DATA_CLASS,
        DataBody {
            mutable: false,
            bytes: UnsafeCell::new(v),
        },
    )
}

/// The bytes of a CFData (stops the program for anything else).
///
/// # Safety
/// `p` is a CF object; the slice must not outlive it or a mutation.
pub unsafe fn bytes<'a>(p: Ref, func: &str) -> &'a [u8] {
    // SAFETY: per the contract.
    unsafe { &*expect::<DataBody>(p, &DATA_CLASS, func).body.bytes.get() }
}

unsafe fn bytes_mut<'a>(p: Ref, func: &str) -> &'a mut Vec<u8> {
    // SAFETY: `p` is a CF object; mutable CF objects are not thread-safe.
    unsafe {
        let o = expect::<DataBody>(p, &DATA_CLASS, func);
        if !o.body.mutable {
            base::fatal(&format!("{func}: the data is immutable"));
        }
        &mut *o.body.bytes.get()
    }
}

unsafe fn slice_arg<'a>(p: *const u8, n: CFIndex) -> &'a [u8] {
    if p.is_null() || n <= 0 {
        return &[];
    }
    // SAFETY: the program passes `n` readable bytes.
    unsafe { core::slice::from_raw_parts(p, n as usize) }
}

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_DATA
}

unsafe extern "C" fn create(_a: Ref, p: *const u8, n: CFIndex) -> Ref {
    // SAFETY: `n` bytes at `p`.
    new_data(unsafe { slice_arg(p, n) }.to_vec())
}

/// Copies the bytes and hands them back to `dealloc` at once: the caller
/// gave them away, so when they are freed is invisible to it.
unsafe extern "C" fn create_with_bytes_no_copy(
    a: Ref,
    p: *const u8,
    n: CFIndex,
    dealloc: Ref,
) -> Ref {
    // SAFETY: `n` bytes at `p`, owned by `dealloc`.
    unsafe {
        let d = create(a, p, n);
        base::dealloc_with(dealloc, p as *mut c_void);
        d
    }
}

unsafe extern "C" fn create_copy(_a: Ref, d: Ref) -> Ref {
    // SAFETY: a CFData.
    new_data(unsafe { bytes(d, "CFDataCreateCopy") }.to_vec())
}

unsafe extern "C" fn create_mutable(_a: Ref, _cap: CFIndex) -> Ref {
    alloc(
        &DATA_CLASS,
        DataBody {
            mutable: true,
            bytes: UnsafeCell::new(Vec::new()),
        },
    )
}

unsafe extern "C" fn create_mutable_copy(_a: Ref, _cap: CFIndex, d: Ref) -> Ref {
    // SAFETY: a CFData.
    let v = unsafe { bytes(d, "CFDataCreateMutableCopy") }.to_vec();
    alloc(
        &DATA_CLASS,
        DataBody {
            mutable: true,
            bytes: UnsafeCell::new(v),
        },
    )
}

unsafe extern "C" fn get_length(d: Ref) -> CFIndex {
    // SAFETY: a CFData.
    unsafe { bytes(d, "CFDataGetLength") }.len() as CFIndex
}

unsafe extern "C" fn get_byte_ptr(d: Ref) -> *const u8 {
    // SAFETY: a CFData.
    unsafe { bytes(d, "CFDataGetBytePtr") }.as_ptr()
}

unsafe extern "C" fn get_mutable_byte_ptr(d: Ref) -> *mut u8 {
    // SAFETY: a mutable CFData.
    unsafe { bytes_mut(d, "CFDataGetMutableBytePtr") }.as_mut_ptr()
}

unsafe extern "C" fn get_bytes(d: Ref, r: CFRange, out: *mut u8) {
    // SAFETY: a CFData; `out` holds `r.length` bytes.
    unsafe {
        let b = bytes(d, "CFDataGetBytes");
        if r.location < 0 || r.length < 0 || (r.location + r.length) as usize > b.len() {
            base::fatal(&format!(
                "CFDataGetBytes: range {{{}, {}}} out of bounds; length {}",
                r.location,
                r.length,
                b.len()
            ));
        }
        core::ptr::copy_nonoverlapping(b.as_ptr().add(r.location as usize), out, r.length as usize);
    }
}

unsafe extern "C" fn append_bytes(d: Ref, p: *const u8, n: CFIndex) {
    // SAFETY: a mutable CFData; `n` bytes at `p`.
    unsafe {
        let add = slice_arg(p, n).to_vec();
        bytes_mut(d, "CFDataAppendBytes").extend_from_slice(&add);
    }
}

unsafe extern "C" fn set_length(d: Ref, n: CFIndex) {
    // SAFETY: a mutable CFData.
    unsafe { bytes_mut(d, "CFDataSetLength") }.resize(n.max(0) as usize, 0);
}

unsafe extern "C" fn increase_length(d: Ref, n: CFIndex) {
    // SAFETY: a mutable CFData.
    let v = unsafe { bytes_mut(d, "CFDataIncreaseLength") };
    let len = v.len() + n.max(0) as usize;
    v.resize(len, 0);
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFDataGetTypeID" => get_type_id,
    func "_CFDataCreate" => create,
    func "_CFDataCreateWithBytesNoCopy" => create_with_bytes_no_copy,
    func "_CFDataCreateCopy" => create_copy,
    func "_CFDataCreateMutable" => create_mutable,
    func "_CFDataCreateMutableCopy" => create_mutable_copy,
    func "_CFDataGetLength" => get_length,
    func "_CFDataGetBytePtr" => get_byte_ptr,
    func "_CFDataGetMutableBytePtr" => get_mutable_byte_ptr,
    func "_CFDataGetBytes" => get_bytes,
    func "_CFDataAppendBytes" => append_bytes,
    func "_CFDataSetLength" => set_length,
    func "_CFDataIncreaseLength" => increase_length,
};
