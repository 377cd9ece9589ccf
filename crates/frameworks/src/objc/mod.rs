//! libobjc.A.dylib: a minimal Objective-C 2 runtime (x86_64, non-fragile
//! ABI) for command-line programs that use the runtime API or define their
//! own root classes. There is no NSObject and no Foundation here (Foundation
//! stays export-less). Layouts follow Apple's objc4 (`objc-runtime-new.h`)
//! and `<objc/runtime.h>`; the class structures the compiler emits are used
//! in place, the runtime keeps its own per-class data in a side table.
//!
//! - `image.rs`: reads an image's `__objc_*` sections, uniques selectors and
//!   protocols, realizes classes, attaches categories, calls `+load`.
//! - `msg.rs`: `objc_msgSend` and friends (assembly) and the slow lookup
//!   path (`+initialize`, resolvers, forwarding target, the fatal error).
//! - `api.rs`: the `class_*`, `object_*`, `method_*`, `sel_*`... API.
//! - `rr.rs`: retain/release, autorelease pools, associated objects,
//!   `@synchronized`.

mod api;
mod image;
mod msg;
mod rr;

pub use image::{load_pending_images, register_image, ObjcSections};

use calvados_libsystem::export::Export;
use std::collections::HashMap;
use std::ffi::{c_char, CStr};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// `objc_class` as the compiler lays it out (objc4 `objc_class`: isa,
/// superclass, cache, vtable/mask, bits → `class_ro_t`).
#[repr(C)]
pub struct Class {
    pub isa: *mut Class,
    pub superclass: *mut Class,
    /// Our method cache table (see `msg.rs`); the compiler
    /// initialises it to `&_objc_empty_cache`, which is an empty table.
    pub cache: *const usize,
    pub vtable: usize,
    pub bits: usize,
}
const _: () = assert!(core::mem::size_of::<Class>() == 40);
const _: () = assert!(core::mem::offset_of!(Class, cache) == 16);
const _: () = assert!(core::mem::offset_of!(Class, bits) == 32);

/// `class_ro_t` (64-bit: a reserved word after the sizes).
#[repr(C)]
pub struct ClassRo {
    pub flags: u32,
    pub instance_start: u32,
    pub instance_size: u32,
    pub reserved: u32,
    pub ivar_layout: usize,
    pub name: *const c_char,
    pub base_methods: *const ListHeader,
    pub base_protocols: *const ProtocolList,
    pub ivars: *const ListHeader,
    pub weak_ivar_layout: usize,
    pub base_properties: *const ListHeader,
}
const _: () = assert!(core::mem::size_of::<ClassRo>() == 72);
const _: () = assert!(core::mem::offset_of!(ClassRo, name) == 24);
const _: () = assert!(core::mem::offset_of!(ClassRo, base_properties) == 64);

/// `class_ro_t` flags: this is a metaclass / a root class.
pub const RO_META: u32 = 1;
pub const RO_ROOT: u32 = 2;
/// Mask of the `class_ro_t` pointer in `bits` (the low bits are flags).
pub const FAST_DATA_MASK: usize = 0x0000_7fff_ffff_fff8;

/// The header of `method_list_t`, `ivar_list_t`, `property_list_t`:
/// `entsizeAndFlags`, `count`, then the entries.
#[repr(C)]
pub struct ListHeader {
    pub entsize_flags: u32,
    pub count: u32,
}

/// `protocol_list_t`: a pointer-sized count, then the protocols.
#[repr(C)]
pub struct ProtocolList {
    pub count: usize,
}

/// `protocol_t` (the fields we read).
#[repr(C)]
pub struct ProtocolT {
    pub isa: usize,
    pub name: *const c_char,
    pub protocols: *const ProtocolList,
    pub instance_methods: *const ListHeader,
    pub class_methods: *const ListHeader,
    pub opt_instance_methods: *const ListHeader,
    pub opt_class_methods: *const ListHeader,
    pub instance_properties: *const ListHeader,
    pub size: u32,
    pub flags: u32,
}
const _: () = assert!(core::mem::offset_of!(ProtocolT, size) == 64);

/// `method_t` in the classic (pointer) form; also our `Method` handle.
#[repr(C)]
pub struct Method {
    pub name: usize,
    pub types: *const c_char,
    pub imp: usize,
}
const _: () = assert!(core::mem::size_of::<Method>() == 24);

/// Our `Ivar` handle; `offset` points at the offset variable the compiled
/// code reads (`_OBJC_IVAR_$_Class.name`) or at `own_offset`.
#[repr(C)]
pub struct IvarRec {
    pub offset: *mut i32,
    pub name: *const c_char,
    pub types: *const c_char,
    pub align_log2: u32,
    pub size: u32,
    pub own_offset: i32,
}

/// `property_t`: name and attribute string; also our `objc_property_t`.
#[repr(C)]
pub struct Property {
    pub name: *const c_char,
    pub attributes: *const c_char,
}

/// `+initialize` progress of a class.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum InitState {
    No,
    Running(u64),
    Done,
}

/// The runtime's own data for one class or metaclass.
pub struct ClassInfo {
    pub name: *const c_char,
    pub meta: bool,
    /// For a metaclass, its class; else the class itself.
    pub nonmeta: usize,
    pub ro: *const ClassRo,
    pub instance_size: usize,
    /// Methods, most recently added first (categories before the class).
    pub methods: Vec<*mut Method>,
    pub by_sel: HashMap<usize, *mut Method>,
    pub ivars: Vec<*mut IvarRec>,
    pub protocols: Vec<usize>,
    pub properties: Vec<*const Property>,
    pub init: InitState,
    /// Built by `objc_allocateClassPair` and not yet registered.
    pub building: bool,
    pub dynamic: bool,
    pub loaded: bool,
}

// SAFETY: the raw pointers refer to image data or leaked runtime
// allocations that live for the whole process; access is under RT's lock.
unsafe impl Send for ClassInfo {}

/// All runtime state, behind one lock (never held while program code runs).
#[derive(Default)]
pub struct Runtime {
    pub sels: HashMap<Vec<u8>, usize>,
    pub classes: HashMap<Vec<u8>, usize>,
    pub info: HashMap<usize, Box<ClassInfo>>,
    pub protocols: HashMap<Vec<u8>, usize>,
    /// Class names in registration order (for `objc_getClassList`).
    pub class_order: Vec<usize>,
}

static RT: OnceLock<Mutex<Runtime>> = OnceLock::new();

/// Locks the runtime state.
pub fn lock() -> MutexGuard<'static, Runtime> {
    RT.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// Reads a C string (the empty string for NULL).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub unsafe fn cstr<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        b""
    } else {
        // SAFETY: per the contract.
        unsafe { CStr::from_ptr(p) }.to_bytes()
    }
}

impl Runtime {
    /// The canonical selector for `name`; `hint` (a NUL-terminated string
    /// that lives forever, e.g. in an image) becomes canonical if new.
    pub fn sel(&mut self, name: &[u8], hint: Option<*const c_char>) -> usize {
        if let Some(&s) = self.sels.get(name) {
            return s;
        }
        let p = match hint {
            Some(h) => h as usize,
            None => {
                let mut v = name.to_vec();
                v.push(0);
                Box::leak(v.into_boxed_slice()).as_ptr() as usize
            }
        };
        self.sels.insert(name.to_vec(), p);
        p
    }

    /// The canonical selector for a Rust string literal.
    pub fn sel_str(&mut self, name: &str) -> usize {
        self.sel(name.as_bytes(), None)
    }
}

/// A selector by name (takes the lock).
pub fn sel(name: &str) -> usize {
    lock().sel_str(name)
}

/// The current thread's kernel id.
pub fn tid() -> u64 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() as u64 }
}

/// Writes `objc[pid]: msg` to stderr and aborts, as objc4's `_objc_fatal`.
pub fn fatal(msg: &str) -> ! {
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() };
    let line = format!("objc[{pid}]: {msg}\n");
    // SAFETY: writing a buffer we own to fd 2, then aborting.
    unsafe {
        libc::write(2, line.as_ptr().cast(), line.len());
        libc::abort()
    }
}

/// The exports of this module.
pub static EXPORTS: &[Export] = calvados_libsystem::exports! {
    data "__objc_empty_cache" => msg::EMPTY_CACHE,
    data "__objc_empty_vtable" => msg::EMPTY_VTABLE,
    func "_objc_msgSend" => msg::calvados_objc_msgSend,
    func "_objc_msgSend_stret" => msg::calvados_objc_msgSend_stret,
    func "_objc_msgSend_fpret" => msg::calvados_objc_msgSend_fpret,
    func "_objc_msgSend_fp2ret" => msg::calvados_objc_msgSend_fp2ret,
    func "_objc_msgSendSuper" => msg::calvados_objc_msgSendSuper,
    func "_objc_msgSendSuper_stret" => msg::calvados_objc_msgSendSuper_stret,
    func "_objc_msgSendSuper2" => msg::calvados_objc_msgSendSuper2,
    func "_objc_msgSendSuper2_stret" => msg::calvados_objc_msgSendSuper2_stret,
    func "_objc_getClass" => api::objc_getClass,
    func "_objc_lookUpClass" => api::objc_lookUpClass,
    func "_objc_getMetaClass" => api::objc_getMetaClass,
    func "_objc_getRequiredClass" => api::objc_getRequiredClass,
    func "_objc_getClassList" => api::objc_getClassList,
    func "_objc_copyClassList" => api::objc_copyClassList,
    func "_objc_allocateClassPair" => api::objc_allocateClassPair,
    func "_objc_registerClassPair" => api::objc_registerClassPair,
    func "_objc_disposeClassPair" => api::objc_disposeClassPair,
    func "_class_addMethod" => api::class_addMethod,
    func "_class_replaceMethod" => api::class_replaceMethod,
    func "_class_addIvar" => api::class_addIvar,
    func "_class_addProtocol" => api::class_addProtocol,
    func "_class_getName" => api::class_getName,
    func "_class_getSuperclass" => api::class_getSuperclass,
    func "_class_isMetaClass" => api::class_isMetaClass,
    func "_class_getInstanceSize" => api::class_getInstanceSize,
    func "_class_getInstanceMethod" => api::class_getInstanceMethod,
    func "_class_getClassMethod" => api::class_getClassMethod,
    func "_class_respondsToSelector" => api::class_respondsToSelector,
    func "_class_getMethodImplementation" => api::class_getMethodImplementation,
    func "_class_getMethodImplementation_stret" => api::class_getMethodImplementation_stret,
    func "_class_copyMethodList" => api::class_copyMethodList,
    func "_class_copyIvarList" => api::class_copyIvarList,
    func "_class_copyProtocolList" => api::class_copyProtocolList,
    func "_class_copyPropertyList" => api::class_copyPropertyList,
    func "_class_getProperty" => api::class_getProperty,
    func "_class_conformsToProtocol" => api::class_conformsToProtocol,
    func "_class_createInstance" => api::class_createInstance,
    func "_class_getInstanceVariable" => api::class_getInstanceVariable,
    func "_object_getClass" => api::object_getClass,
    func "_object_setClass" => api::object_setClass,
    func "_object_getClassName" => api::object_getClassName,
    func "_object_dispose" => api::object_dispose,
    func "_object_getIvar" => api::object_getIvar,
    func "_object_setIvar" => api::object_setIvar,
    func "_ivar_getName" => api::ivar_getName,
    func "_ivar_getOffset" => api::ivar_getOffset,
    func "_ivar_getTypeEncoding" => api::ivar_getTypeEncoding,
    func "_property_getName" => api::property_getName,
    func "_property_getAttributes" => api::property_getAttributes,
    func "_method_getName" => api::method_getName,
    func "_method_getImplementation" => api::method_getImplementation,
    func "_method_setImplementation" => api::method_setImplementation,
    func "_method_exchangeImplementations" => api::method_exchangeImplementations,
    func "_method_getTypeEncoding" => api::method_getTypeEncoding,
    func "_sel_registerName" => api::sel_registerName,
    func "_sel_getName" => api::sel_getName,
    func "_sel_getUid" => api::sel_registerName,
    func "_sel_isEqual" => api::sel_isEqual,
    func "_objc_getProtocol" => api::objc_getProtocol,
    func "_protocol_getName" => api::protocol_getName,
    func "_protocol_conformsToProtocol" => api::protocol_conformsToProtocol,
    func "_protocol_isEqual" => api::protocol_isEqual,
    func "_objc_alloc" => api::objc_alloc,
    func "_objc_allocWithZone" => api::objc_alloc,
    func "_objc_alloc_init" => api::objc_alloc_init,
    func "_objc_opt_new" => api::objc_opt_new,
    func "_objc_opt_class" => api::objc_opt_class,
    func "_objc_opt_isKindOfClass" => api::objc_opt_isKindOfClass,
    func "_objc_opt_respondsToSelector" => api::objc_opt_respondsToSelector,
    func "_objc_opt_self" => api::objc_opt_self,
    func "_objc_enumerationMutation" => api::objc_enumerationMutation,
    func "_objc_setEnumerationMutationHandler" => api::objc_setEnumerationMutationHandler,
    func "_objc_retain" => rr::objc_retain,
    func "_objc_release" => rr::objc_release,
    func "_objc_autorelease" => rr::objc_autorelease,
    func "_objc_retainAutorelease" => rr::objc_retainAutorelease,
    func "_objc_autoreleaseReturnValue" => rr::objc_autorelease,
    func "_objc_retainAutoreleaseReturnValue" => rr::objc_retainAutorelease,
    func "_objc_retainAutoreleasedReturnValue" => rr::objc_retain,
    func "_objc_claimAutoreleasedReturnValue" => rr::objc_claim,
    func "_objc_unsafeClaimAutoreleasedReturnValue" => rr::objc_claim,
    func "_objc_storeStrong" => rr::objc_storeStrong,
    func "_objc_autoreleasePoolPush" => rr::objc_autoreleasePoolPush,
    func "_objc_autoreleasePoolPop" => rr::objc_autoreleasePoolPop,
    func "__objc_rootRetain" => rr::root_retain,
    func "__objc_rootRelease" => rr::root_release,
    func "__objc_rootAutorelease" => rr::root_autorelease,
    func "__objc_rootRetainCount" => rr::root_retain_count,
    func "_objc_setAssociatedObject" => rr::objc_setAssociatedObject,
    func "_objc_getAssociatedObject" => rr::objc_getAssociatedObject,
    func "_objc_removeAssociatedObjects" => rr::objc_removeAssociatedObjects,
    func "_objc_getProperty" => rr::objc_getProperty,
    func "_objc_setProperty" => rr::objc_setProperty,
    func "_objc_setProperty_atomic" => rr::objc_setProperty_atomic,
    func "_objc_setProperty_nonatomic" => rr::objc_setProperty_nonatomic,
    func "_objc_setProperty_atomic_copy" => rr::objc_setProperty_atomic_copy,
    func "_objc_setProperty_nonatomic_copy" => rr::objc_setProperty_nonatomic_copy,
    func "_objc_copyStruct" => rr::objc_copyStruct,
    func "_objc_sync_enter" => rr::objc_sync_enter,
    func "_objc_sync_exit" => rr::objc_sync_exit,
};

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn answer(_s: usize, _c: usize) -> usize {
        42
    }

    /// A root class built at run time, messaged through the trampolines
    /// (slow path, then the cache), and reference-counted by the side
    /// table since it has no retain/release of its own.
    #[test]
    fn dynamic_root_class_messaging_and_side_table() {
        let cls = api::objc_allocateClassPair(0, c"CvdUnitRoot".as_ptr(), 0);
        assert_ne!(cls, 0);
        let s = sel("answer");
        assert_eq!(
            api::class_addMethod(cls, s, answer as *const () as usize, c"Q@:".as_ptr()),
            1
        );
        api::objc_registerClassPair(cls);
        assert_eq!(api::objc_getClass(c"CvdUnitRoot".as_ptr()), cls);
        let obj = api::class_createInstance(cls, 0);
        assert_eq!(msg::send0(obj, s), 42);
        assert_eq!(msg::send0(obj, s), 42);
        assert_eq!(msg::send0(0, s), 0);
        assert_eq!(rr::objc_retain(obj), obj);
        assert_eq!(rr::root_retain_count(obj), 2);
        rr::objc_release(obj);
        assert_eq!(rr::root_retain_count(obj), 1);
        let pool = rr::objc_autoreleasePoolPush();
        rr::objc_autorelease(rr::objc_retain(obj));
        assert_eq!(rr::root_retain_count(obj), 2);
        rr::objc_autoreleasePoolPop(pool);
        assert_eq!(rr::root_retain_count(obj), 1);
        // The last release frees it (no -dealloc): nothing to observe but
        // that it does not crash.
        rr::objc_release(obj);
    }
}
