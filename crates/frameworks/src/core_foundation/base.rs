//! The CoreFoundation object model: every object starts with a [`Header`]
//! (`isa`, then 8 bytes), the shape of CF's `CFRuntimeBase` (`CFRuntime.h`:
//! `uintptr_t _cfisa; uint8_t _cfinfo[4]; uint32_t _rc;` on LP64). Our
//! `isa` points at the object's [`Class`], so clang's constant strings
//! (`{isa = &___CFConstantStringClassReference, flags, str, length}`),
//! whose `isa` is bound to our constant-string class, are objects too.
//!
//! Reference counts are atomic; static objects (constant strings,
//! booleans, allocators) belong to immortal classes and ignore
//! retain/release, as CF's do. Type ids are ours (programs compare against
//! `CF*GetTypeID()`, never against numbers).

use core::sync::atomic::{fence, AtomicU32, Ordering};
use libc::c_void;

/// `CFIndex` (`CFBase.h`: `signed long`).
pub type CFIndex = isize;
/// `CFTypeID` (`unsigned long`).
pub type CFTypeID = usize;
/// `CFHashCode` (`unsigned long`).
pub type CFHashCode = usize;
/// `Boolean` (`MacTypes.h`: `unsigned char`).
pub type Boolean = u8;
/// Any CF object (`CFTypeRef`).
pub type Ref = *const c_void;

/// `CFRange` (`CFBase.h`): passed and returned by value in two registers.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CFRange {
    pub location: CFIndex,
    pub length: CFIndex,
}
const _: () = assert!(core::mem::size_of::<CFRange>() == 16);
const _: () = assert!(core::mem::offset_of!(CFRange, length) == 8);

/// `kCFNotFound` (`CFBase.h`).
pub const NOT_FOUND: CFIndex = -1;

/// A pointer stored in a static (the value of an exported `const CFxxxRef`).
#[repr(transparent)]
pub struct SyncRef(pub Ref);
// SAFETY: the pointee is an immortal, immutable static object.
unsafe impl Sync for SyncRef {}

/// What every object of one kind shares.
pub struct Class {
    pub type_id: CFTypeID,
    pub name: &'static str,
    /// Frees the object (only for mortal classes).
    pub finalize: unsafe fn(*mut Header),
    /// Compares two objects of this class (type ids already equal).
    pub equal: unsafe fn(Ref, Ref) -> bool,
    pub hash: unsafe fn(Ref) -> CFHashCode,
    /// Text of `CFCopyDescription`.
    pub describe: unsafe fn(Ref) -> String,
    /// Static instances only: retain and release do nothing.
    pub immortal: bool,
}

/// The first 16 bytes of every object.
#[repr(C)]
pub struct Header {
    pub isa: &'static Class,
    /// Per-object flag bits (for constant strings: clang's flags word).
    pub info: u32,
    pub rc: AtomicU32,
}
const _: () = assert!(core::mem::size_of::<Header>() == 16);
const _: () = assert!(core::mem::offset_of!(Header, info) == 8);
const _: () = assert!(core::mem::offset_of!(Header, rc) == 12);

/// An object: the header, then its kind's data.
#[repr(C)]
pub struct Obj<T> {
    pub hdr: Header,
    pub body: T,
}

impl<T> Obj<T> {
    /// A static (immortal) object of `class`.
    pub const fn new_static(class: &'static Class, body: T) -> Self {
        Obj {
            hdr: Header {
                isa: class,
                info: 0,
                rc: AtomicU32::new(1),
            },
            body,
        }
    }
}

/// Allocates an object with a retain count of one.
pub fn alloc<T>(class: &'static Class, body: T) -> Ref {
    Box::into_raw(Box::new(Obj {
        hdr: Header {
            isa: class,
            info: 0,
            rc: AtomicU32::new(1),
        },
        body,
    })) as Ref
}

/// The finalizer of objects made by [`alloc`] with a body of type `T`.
///
/// # Safety
/// `h` was returned by `alloc::<T>` and is no longer referenced.
pub unsafe fn drop_obj<T>(h: *mut Header) {
    // SAFETY: per the contract, `h` is a leaked `Box<Obj<T>>`.
    drop(unsafe { Box::from_raw(h as *mut Obj<T>) });
}

/// For immortal classes.
///
/// # Safety
/// Never called.
pub unsafe fn no_finalize(_: *mut Header) {}

/// Identity comparison (for kinds without value semantics).
///
/// # Safety
/// Any pointers.
pub unsafe fn same(a: Ref, b: Ref) -> bool {
    a == b
}

/// Address hash (for kinds without value semantics).
///
/// # Safety
/// Any pointer.
pub unsafe fn addr_hash(a: Ref) -> CFHashCode {
    a as usize >> 4
}

/// `<CFType 0x...>`-style description.
///
/// # Safety
/// `p` is a live object.
pub unsafe fn plain_describe(p: Ref) -> String {
    // SAFETY: per the contract.
    let c = unsafe { class_of(p) };
    format!("<{} {:p} [{:p}]>", c.name, p, core::ptr::null::<c_void>())
}

/// Prints a CoreFoundation usage error and stops the program, as CF's own
/// assertions do (`CFRelease(NULL)`, wrong object kinds).
pub fn fatal(msg: &str) -> ! {
    let line = format!("calvados: CoreFoundation: {msg}\n");
    // SAFETY: writing a local buffer to stderr.
    unsafe { libc::write(2, line.as_ptr().cast(), line.len()) };
    std::process::abort()
}

/// The class of a live object (stops the program on NULL).
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn class_of(p: Ref) -> &'static Class {
    if p.is_null() {
        fatal("a NULL object was passed where a CF object is required");
    }
    // SAFETY: `p` is a CF object: its first word is readable.
    let isa = unsafe { *(p as *const *const Class) };
    if !super::CLASSES.iter().any(|c| core::ptr::eq(*c, isa)) {
        fatal(&format!(
            "{p:p} is not a CoreFoundation object (isa {isa:p})"
        ));
    }
    // SAFETY: `isa` is one of our classes.
    unsafe { &*isa }
}

/// `p` as an object of `class`, or None.
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn cast<'a, T>(p: Ref, class: &'static Class) -> Option<&'a Obj<T>> {
    if p.is_null() {
        return None;
    }
    // SAFETY: `p` is a CF object; same class means same body type.
    unsafe {
        let isa = *(p as *const *const Class);
        core::ptr::eq(isa, class).then(|| &*(p as *const Obj<T>))
    }
}

/// `p` as an object of `class`; any other object stops the program with
/// the name of the calling function (CF's own type check does the same).
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn expect<'a, T>(p: Ref, class: &'static Class, func: &str) -> &'a Obj<T> {
    // SAFETY: per the contract.
    match unsafe { cast::<T>(p, class) } {
        Some(o) => o,
        None if p.is_null() => fatal(&format!("{func}: NULL argument")),
        // SAFETY: non-NULL CF object.
        None => fatal(&format!(
            "{func}: {p:p} is a {}, not a {}",
            unsafe { class_of(p) }.name,
            class.name
        )),
    }
}

/// `CFRetain`.
///
/// # Safety
/// `p` is a CF object.
pub unsafe fn retain(p: Ref) -> Ref {
    if p.is_null() {
        fatal("CFRetain() called with NULL");
    }
    // SAFETY: `p` is a live object.
    unsafe {
        if !class_of(p).immortal {
            (*(p as *const Header)).rc.fetch_add(1, Ordering::Relaxed);
        }
    }
    p
}

/// `CFRelease`: frees the object when the last reference goes.
///
/// # Safety
/// `p` is a CF object the caller owns a reference to.
pub unsafe fn release(p: Ref) {
    if p.is_null() {
        fatal("CFRelease() called with NULL");
    }
    // SAFETY: `p` is a live object; the last reference frees it once.
    unsafe {
        let c = class_of(p);
        if c.immortal {
            return;
        }
        if (*(p as *const Header)).rc.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            (c.finalize)(p as *mut Header);
        }
    }
}

/// Retains a non-NULL object (for optional fields).
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn retain_opt(p: Ref) -> Ref {
    if !p.is_null() {
        // SAFETY: per the contract.
        unsafe { retain(p) };
    }
    p
}

/// Releases a non-NULL object.
///
/// # Safety
/// `p` is NULL or an owned CF reference.
pub unsafe fn release_opt(p: Ref) {
    if !p.is_null() {
        // SAFETY: per the contract.
        unsafe { release(p) };
    }
}

/// An owned reference, released when dropped (for Rust-side temporaries).
pub struct Owned(pub Ref);

impl Owned {
    /// Gives the reference away.
    pub fn into_raw(self) -> Ref {
        let p = self.0;
        core::mem::forget(self);
        p
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: `Owned` holds one reference to a live object (or NULL).
        unsafe { release_opt(self.0) };
    }
}

/// `CFEqual` semantics.
///
/// # Safety
/// Both are CF objects.
pub unsafe fn equal(a: Ref, b: Ref) -> bool {
    if a == b {
        return true;
    }
    // SAFETY: per the contract.
    unsafe {
        let (ca, cb) = (class_of(a), class_of(b));
        ca.type_id == cb.type_id && (ca.equal)(a, b)
    }
}

/// `CFHash` semantics.
///
/// # Safety
/// `p` is a CF object.
pub unsafe fn hash(p: Ref) -> CFHashCode {
    // SAFETY: per the contract.
    unsafe { (class_of(p).hash)(p) }
}

/// FNV-1a over 16-bit units (string and data hashes).
pub fn fnv(bytes: impl Iterator<Item = u8>) -> CFHashCode {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h as CFHashCode
}

unsafe extern "C" fn cf_retain(p: Ref) -> Ref {
    // SAFETY: the program passes a CF object.
    unsafe { retain(p) }
}

unsafe extern "C" fn cf_release(p: Ref) {
    // SAFETY: the program passes a CF object it owns.
    unsafe { release(p) }
}

unsafe extern "C" fn cf_get_retain_count(p: Ref) -> CFIndex {
    // SAFETY: the program passes a CF object.
    unsafe {
        if class_of(p).immortal {
            // Static objects report a huge count, as CF's do.
            return u32::MAX as CFIndex;
        }
        (*(p as *const Header)).rc.load(Ordering::Relaxed) as CFIndex
    }
}

/// `CFGetTypeID`.
unsafe extern "C" fn cf_get_type_id(p: Ref) -> CFTypeID {
    // SAFETY: the program passes a CF object.
    unsafe { class_of(p).type_id }
}

pub(crate) unsafe extern "C" fn cf_equal(a: Ref, b: Ref) -> Boolean {
    // SAFETY: the program passes CF objects.
    unsafe { equal(a, b) as Boolean }
}

pub(crate) unsafe extern "C" fn cf_hash(p: Ref) -> CFHashCode {
    // SAFETY: the program passes a CF object.
    unsafe { hash(p) }
}

/// `CFCopyDescription`: a debugging text (CF's format is not a contract).
pub(crate) unsafe extern "C" fn cf_copy_description(p: Ref) -> Ref {
    if p.is_null() {
        return core::ptr::null();
    }
    // SAFETY: the program passes a CF object.
    let s = unsafe { (class_of(p).describe)(p) };
    super::string::new_string(&s)
}

/// `CFCopyTypeIDDescription`: the kind's name.
unsafe extern "C" fn cf_copy_type_id_description(id: CFTypeID) -> Ref {
    match super::class_name(id) {
        Some(n) => super::string::new_string(n),
        None => core::ptr::null(),
    }
}

/// `CFGetAllocator`: every object lives in the default allocator.
unsafe extern "C" fn cf_get_allocator(_p: Ref) -> Ref {
    &ALLOC_SYSTEM as *const _ as Ref
}

unsafe extern "C" fn cf_type_get_type_id() -> CFTypeID {
    TYPE_ID_CFTYPE
}

// --- allocators ------------------------------------------------------------

/// What an allocator object does with memory.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AllocKind {
    /// `kCFAllocatorSystemDefault` / `kCFAllocatorMalloc`: `malloc`/`free`.
    Malloc,
    /// `kCFAllocatorNull`: allocates nothing, frees nothing.
    Null,
}

pub static ALLOCATOR_CLASS: Class = Class {
    type_id: TYPE_ID_ALLOCATOR,
    name: "CFAllocator",
    finalize: no_finalize,
    equal: same,
    hash: addr_hash,
    describe: plain_describe,
    immortal: true,
};

pub static ALLOC_SYSTEM: Obj<AllocKind> = Obj::new_static(&ALLOCATOR_CLASS, AllocKind::Malloc);
pub static ALLOC_MALLOC: Obj<AllocKind> = Obj::new_static(&ALLOCATOR_CLASS, AllocKind::Malloc);
pub static ALLOC_NULL: Obj<AllocKind> = Obj::new_static(&ALLOCATOR_CLASS, AllocKind::Null);

/// `kCFAllocatorDefault` is NULL ("use the current default allocator",
/// `CFBase.h`); the others are allocator objects.
pub static K_ALLOCATOR_DEFAULT: SyncRef = SyncRef(core::ptr::null());
pub static K_ALLOCATOR_SYSTEM_DEFAULT: SyncRef = SyncRef(&ALLOC_SYSTEM as *const _ as Ref);
pub static K_ALLOCATOR_MALLOC: SyncRef = SyncRef(&ALLOC_MALLOC as *const _ as Ref);
pub static K_ALLOCATOR_NULL: SyncRef = SyncRef(&ALLOC_NULL as *const _ as Ref);
/// `kCFAllocatorMallocZone`: malloc's default zone, which is `malloc` here.
pub static K_ALLOCATOR_MALLOC_ZONE: SyncRef = SyncRef(&ALLOC_MALLOC as *const _ as Ref);

/// What `alloc` (NULL = default) does.
///
/// # Safety
/// `alloc` is NULL or an allocator object.
pub unsafe fn alloc_kind(alloc: Ref) -> AllocKind {
    // SAFETY: per the contract.
    match unsafe { cast::<AllocKind>(alloc, &ALLOCATOR_CLASS) } {
        Some(o) => o.body,
        None => AllocKind::Malloc,
    }
}

/// Frees `ptr` with `alloc` (a `bytesDeallocator` argument).
///
/// # Safety
/// `ptr` was allocated with `alloc`.
pub unsafe fn dealloc_with(alloc: Ref, ptr: *mut c_void) {
    // SAFETY: per the contract; the default allocators are malloc's.
    unsafe {
        if !ptr.is_null() && alloc_kind(alloc) == AllocKind::Malloc {
            libc::free(ptr);
        }
    }
}

unsafe extern "C" fn cf_allocator_get_default() -> Ref {
    &ALLOC_SYSTEM as *const _ as Ref
}

unsafe extern "C" fn cf_allocator_allocate(alloc: Ref, size: CFIndex, _hint: usize) -> *mut c_void {
    // SAFETY: `alloc` is NULL or an allocator.
    if size <= 0 || unsafe { alloc_kind(alloc) } == AllocKind::Null {
        return core::ptr::null_mut();
    }
    // SAFETY: plain allocation.
    unsafe { libc::malloc(size as usize) }
}

unsafe extern "C" fn cf_allocator_deallocate(alloc: Ref, ptr: *mut c_void) {
    // SAFETY: the program frees memory it got from this allocator.
    unsafe { dealloc_with(alloc, ptr) }
}

unsafe extern "C" fn cf_allocator_get_type_id() -> CFTypeID {
    TYPE_ID_ALLOCATOR
}

// Type ids (ours; CF's are an implementation detail).
pub const TYPE_ID_CFTYPE: CFTypeID = 1;
pub const TYPE_ID_ALLOCATOR: CFTypeID = 2;
pub const TYPE_ID_STRING: CFTypeID = 7;
pub const TYPE_ID_DICTIONARY: CFTypeID = 18;
pub const TYPE_ID_ARRAY: CFTypeID = 19;
pub const TYPE_ID_DATA: CFTypeID = 20;
pub const TYPE_ID_BOOLEAN: CFTypeID = 21;
pub const TYPE_ID_NUMBER: CFTypeID = 22;
pub const TYPE_ID_URL: CFTypeID = 29;
pub const TYPE_ID_BUNDLE: CFTypeID = 31;
pub const TYPE_ID_UUID: CFTypeID = 34;
pub const TYPE_ID_DATE: CFTypeID = 42;
pub const TYPE_ID_TIMEZONE: CFTypeID = 43;
pub const TYPE_ID_RUNLOOP: CFTypeID = 44;
pub const TYPE_ID_RUNLOOP_SOURCE: CFTypeID = 45;
pub const TYPE_ID_RUNLOOP_TIMER: CFTypeID = 47;
pub const TYPE_ID_ERROR: CFTypeID = 48;
pub const TYPE_ID_NULL: CFTypeID = 16;
// Other frameworks' kinds.
pub const TYPE_ID_SEC_CERTIFICATE: CFTypeID = 100;
pub const TYPE_ID_SEC_POLICY: CFTypeID = 101;
pub const TYPE_ID_SEC_TRUST: CFTypeID = 102;
pub const TYPE_ID_SC_DYNAMIC_STORE: CFTypeID = 110;

// --- kCFNull ---------------------------------------------------------------

pub static NULL_CLASS: Class = Class {
    type_id: TYPE_ID_NULL,
    name: "CFNull",
    finalize: no_finalize,
    equal: same,
    hash: addr_hash,
    describe: |_| "<CFNull>".into(),
    immortal: true,
};
static NULL_OBJ: Obj<()> = Obj::new_static(&NULL_CLASS, ());
pub static K_CF_NULL: SyncRef = SyncRef(&NULL_OBJ as *const _ as Ref);

unsafe extern "C" fn cf_null_get_type_id() -> CFTypeID {
    TYPE_ID_NULL
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFRetain" => cf_retain,
    func "_CFRelease" => cf_release,
    func "_CFGetRetainCount" => cf_get_retain_count,
    func "_CFGetTypeID" => cf_get_type_id,
    func "_CFEqual" => cf_equal,
    func "_CFHash" => cf_hash,
    func "_CFCopyDescription" => cf_copy_description,
    func "_CFCopyTypeIDDescription" => cf_copy_type_id_description,
    func "_CFGetAllocator" => cf_get_allocator,
    func "_CFTypeGetTypeID" => cf_type_get_type_id,
    func "_CFAllocatorGetDefault" => cf_allocator_get_default,
    func "_CFAllocatorAllocate" => cf_allocator_allocate,
    func "_CFAllocatorDeallocate" => cf_allocator_deallocate,
    func "_CFAllocatorGetTypeID" => cf_allocator_get_type_id,
    func "_CFNullGetTypeID" => cf_null_get_type_id,
    data "_kCFAllocatorDefault" => K_ALLOCATOR_DEFAULT,
    data "_kCFAllocatorSystemDefault" => K_ALLOCATOR_SYSTEM_DEFAULT,
    data "_kCFAllocatorMalloc" => K_ALLOCATOR_MALLOC,
    data "_kCFAllocatorMallocZone" => K_ALLOCATOR_MALLOC_ZONE,
    data "_kCFAllocatorNull" => K_ALLOCATOR_NULL,
    data "_kCFNull" => K_CF_NULL,
};
