//! The Blocks runtime (`/usr/lib/system/libsystem_blocks.dylib`,
//! `<Block.h>`): copying blocks to the heap, reference counts, the
//! captured-variable helpers clang's generated copy/dispose functions call,
//! and the `_NSConcrete*Block` class words block literals point their `isa`
//! at.
//!
//! Layouts and flag bits are clang's Block ABI (`Block_private.h` in
//! Apple's libclosure): a block is `{isa, flags, reserved, invoke,
//! descriptor, captures...}`, its descriptor `{reserved, size, [copy,
//! dispose] if BLOCK_HAS_COPY_DISPOSE, ...}`; a `__block` variable lives in
//! a `{isa, forwarding, flags, size, [keep, destroy], ...}` record. A heap
//! block or record keeps its reference count in bits 1-15 of `flags`
//! (counting by 2), as the real runtime does, so programs that peek at it
//! see what they expect.

use core::ffi::c_void;
use core::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

// Block flags.
const REFCOUNT_MASK: i32 = 0xfffe;
const NEEDS_FREE: i32 = 1 << 24;
const HAS_COPY_DISPOSE: i32 = 1 << 25;
const IS_GLOBAL: i32 = 1 << 28;
// `__block` record flags.
const BYREF_HAS_COPY_DISPOSE: i32 = 1 << 25;
const BYREF_NEEDS_FREE: i32 = 1 << 24;
const BYREF_LAYOUT_EXTENDED: i32 = 1 << 28;

// `_Block_object_assign`/`_dispose` field kinds.
const FIELD_IS_OBJECT: i32 = 3;
const FIELD_IS_BLOCK: i32 = 7;
const FIELD_IS_BYREF: i32 = 8;
const FIELD_IS_WEAK: i32 = 16;
const BYREF_CALLER: i32 = 128;

/// The head every block starts with.
#[repr(C)]
struct Layout {
    isa: *const c_void,
    flags: AtomicI32,
    reserved: i32,
    invoke: unsafe extern "C" fn(*mut c_void),
    descriptor: *const Descriptor,
}

/// A block's descriptor; `copy`/`dispose` exist only with
/// `BLOCK_HAS_COPY_DISPOSE`.
#[repr(C)]
struct Descriptor {
    reserved: usize,
    size: usize,
    copy: unsafe extern "C" fn(*mut c_void, *const c_void),
    dispose: unsafe extern "C" fn(*const c_void),
}

/// A `__block` variable's record; `keep`/`destroy` exist only with
/// `BLOCK_BYREF_HAS_COPY_DISPOSE`.
#[repr(C)]
struct Byref {
    isa: *const c_void,
    forwarding: *mut Byref,
    flags: AtomicI32,
    size: u32,
    keep: unsafe extern "C" fn(*mut Byref, *mut Byref),
    destroy: unsafe extern "C" fn(*mut Byref),
}

/// The class words (`void *[32]`, room for an Objective-C class) whose
/// addresses block literals and heap blocks use as their `isa`.
#[repr(C, align(16))]
pub struct ClassWord([usize; 32]);
pub static NS_CONCRETE_STACK_BLOCK: ClassWord = ClassWord([0; 32]);
pub static NS_CONCRETE_MALLOC_BLOCK: ClassWord = ClassWord([0; 32]);
pub static NS_CONCRETE_GLOBAL_BLOCK: ClassWord = ClassWord([0; 32]);
pub static NS_CONCRETE_AUTO_BLOCK: ClassWord = ClassWord([0; 32]);
pub static NS_CONCRETE_FINALIZING_BLOCK: ClassWord = ClassWord([0; 32]);
pub static NS_CONCRETE_WEAK_BLOCK_VARIABLE: ClassWord = ClassWord([0; 32]);

/// Objective-C's retain and release for captured objects, once the
/// Objective-C runtime hands them over with `_Block_use_RR2`; until then a
/// captured object is stored as is (no runtime, no reference counting).
static RETAIN: AtomicUsize = AtomicUsize::new(0);
static RELEASE: AtomicUsize = AtomicUsize::new(0);

/// `struct Block_callbacks_RR`.
#[repr(C)]
pub struct Callbacks {
    size: usize,
    retain: Option<unsafe extern "C" fn(*const c_void)>,
    release: Option<unsafe extern "C" fn(*const c_void)>,
    destruct_instance: Option<unsafe extern "C" fn(*const c_void)>,
}

/// Calls `block`'s function with the block itself, as every block
/// invocation does (for blocks taking no further arguments).
///
/// # Safety
/// `block` is a live block whose function takes only the block.
pub unsafe fn invoke(block: *mut c_void) {
    // SAFETY: per the contract, `block` starts with the block layout.
    unsafe { ((*(block as *const Layout)).invoke)(block) }
}

/// Adds one to a heap reference count kept in `flags`; a count that
/// reached the mask stays there (the object then lives forever).
fn count_up(flags: &AtomicI32) {
    let _ = flags.fetch_update(Ordering::AcqRel, Ordering::Acquire, |f| {
        (f & REFCOUNT_MASK != REFCOUNT_MASK).then_some(f + 2)
    });
}

/// Takes one from the count; true when it reached zero.
fn count_down(flags: &AtomicI32) -> bool {
    let old = flags.fetch_update(Ordering::AcqRel, Ordering::Acquire, |f| {
        let n = f & REFCOUNT_MASK;
        (n != 0 && n != REFCOUNT_MASK).then_some(f - 2)
    });
    matches!(old, Ok(f) if f & REFCOUNT_MASK == 2)
}

/// `_Block_copy(block)`: a stack block is copied to the heap (count 1,
/// its copy helper run); a heap block gains a reference; a global block is
/// returned as it is.
///
/// # Safety
/// `block` is NULL or a block.
pub unsafe extern "C" fn block_copy(block: *const c_void) -> *mut c_void {
    if block.is_null() {
        return core::ptr::null_mut();
    }
    let b = block as *const Layout;
    // SAFETY: per the contract.
    let flags = unsafe { (*b).flags.load(Ordering::Acquire) };
    if flags & NEEDS_FREE != 0 {
        // SAFETY: as above.
        count_up(unsafe { &(*b).flags });
        return block as *mut c_void;
    }
    if flags & IS_GLOBAL != 0 {
        return block as *mut c_void;
    }
    // SAFETY: a stack block: its descriptor gives its size.
    unsafe {
        let size = (*(*b).descriptor).size;
        let heap = libc::malloc(size) as *mut Layout;
        if heap.is_null() {
            return core::ptr::null_mut();
        }
        core::ptr::copy_nonoverlapping(block as *const u8, heap as *mut u8, size);
        (*heap).isa = &NS_CONCRETE_MALLOC_BLOCK as *const ClassWord as *const c_void;
        (*heap)
            .flags
            .store((flags & !REFCOUNT_MASK) | NEEDS_FREE | 2, Ordering::Release);
        if flags & HAS_COPY_DISPOSE != 0 {
            ((*(*b).descriptor).copy)(heap as *mut c_void, block);
        }
        heap as *mut c_void
    }
}

/// `_Block_release(block)`: drops a reference to a heap block; the last
/// one runs its dispose helper and frees it. Stack and global blocks are
/// left alone.
///
/// # Safety
/// `block` is NULL or a block.
pub unsafe extern "C" fn block_release(block: *const c_void) {
    if block.is_null() {
        return;
    }
    let b = block as *const Layout;
    // SAFETY: per the contract.
    unsafe {
        let flags = (*b).flags.load(Ordering::Acquire);
        if flags & IS_GLOBAL != 0 || flags & NEEDS_FREE == 0 {
            return;
        }
        if count_down(&(*b).flags) {
            if flags & HAS_COPY_DISPOSE != 0 {
                ((*(*b).descriptor).dispose)(block);
            }
            libc::free(block as *mut c_void);
        }
    }
}

/// Moves a `__block` variable to the heap (the first time a block using it
/// is copied) or gains a reference to its heap record; returns the record
/// now in use.
///
/// # Safety
/// `src` is a `__block` record.
unsafe fn byref_copy(src: *mut Byref) -> *mut Byref {
    // SAFETY: per the contract; `forwarding` points at the record in use.
    unsafe {
        let cur = (*src).forwarding;
        let flags = (*cur).flags.load(Ordering::Acquire);
        if flags & REFCOUNT_MASK == 0 {
            // Still on the stack: a heap copy with two references, one for
            // the stack frame's (released when it ends) and one for the
            // block being copied.
            let size = (*src).size as usize;
            let heap = libc::malloc(size) as *mut Byref;
            if heap.is_null() {
                return cur;
            }
            // The variable itself is copied bitwise, unless the record has
            // a keep helper (a C++ copy constructor, a captured object),
            // which then copies it: only the header, the helpers and an
            // extended layout's pointer are copied here.
            let n = if flags & BYREF_HAS_COPY_DISPOSE != 0 {
                let extended = if flags & BYREF_LAYOUT_EXTENDED != 0 {
                    8
                } else {
                    0
                };
                (core::mem::size_of::<Byref>() + extended).min(size)
            } else {
                size
            };
            core::ptr::copy_nonoverlapping(src as *const u8, heap as *mut u8, n);
            (*heap).isa = core::ptr::null();
            (*heap)
                .flags
                .store(flags | BYREF_NEEDS_FREE | 4, Ordering::Release);
            (*heap).forwarding = heap;
            (*src).forwarding = heap;
            if flags & BYREF_HAS_COPY_DISPOSE != 0 {
                ((*src).keep)(heap, src);
            }
            heap
        } else {
            if flags & BYREF_NEEDS_FREE != 0 {
                count_up(&(*cur).flags);
            }
            cur
        }
    }
}

/// Drops a reference to a `__block` record; the last one destroys and
/// frees a heap record.
///
/// # Safety
/// `r` is a `__block` record.
unsafe fn byref_release(r: *mut Byref) {
    // SAFETY: per the contract.
    unsafe {
        let r = (*r).forwarding;
        let flags = (*r).flags.load(Ordering::Acquire);
        if flags & BYREF_NEEDS_FREE == 0 {
            return;
        }
        if count_down(&(*r).flags) {
            if flags & BYREF_HAS_COPY_DISPOSE != 0 {
                ((*r).destroy)(r);
            }
            libc::free(r as *mut c_void);
        }
    }
}

/// Calls the Objective-C runtime's retain or release (`slot`) on a
/// captured object, when the runtime has registered one.
fn object_rr(slot: &AtomicUsize, obj: *const c_void) {
    let f = slot.load(Ordering::Acquire);
    if f != 0 && !obj.is_null() {
        // SAFETY: the function the Objective-C runtime registered.
        let f: unsafe extern "C" fn(*const c_void) = unsafe { core::mem::transmute(f) };
        // SAFETY: an object the block captured.
        unsafe { f(obj) };
    }
}

/// `_Block_object_assign(dest, obj, kind)`: what a block's copy helper does
/// for each captured block, object or `__block` variable. A `__block`
/// record's own helpers (`BLOCK_BYREF_CALLER`) get a plain store: the
/// compiler manages those references itself. An unknown kind stores
/// nothing.
///
/// # Safety
/// `dest` is writable; `obj` is what `kind` says.
pub unsafe extern "C" fn object_assign(dest: *mut *const c_void, obj: *const c_void, kind: i32) {
    let v = if kind & BYREF_CALLER != 0 {
        obj
    } else {
        match kind {
            FIELD_IS_OBJECT => {
                object_rr(&RETAIN, obj);
                obj
            }
            // SAFETY: a captured block.
            FIELD_IS_BLOCK => unsafe { block_copy(obj) as *const c_void },
            // SAFETY: a captured `__block` record.
            k if k & !FIELD_IS_WEAK == FIELD_IS_BYREF => unsafe {
                byref_copy(obj as *mut Byref) as *const c_void
            },
            _ => return,
        }
    };
    // SAFETY: per the contract.
    unsafe { *dest = v };
}

/// `_Block_object_dispose(obj, kind)`: what a block's dispose helper does
/// for each capture (nothing for `BLOCK_BYREF_CALLER` kinds).
///
/// # Safety
/// `obj` is what `kind` says.
pub unsafe extern "C" fn object_dispose(obj: *const c_void, kind: i32) {
    match kind {
        FIELD_IS_OBJECT => object_rr(&RELEASE, obj),
        // SAFETY: a captured block.
        FIELD_IS_BLOCK => unsafe { block_release(obj) },
        // SAFETY: a captured `__block` record.
        k if k & !FIELD_IS_WEAK == FIELD_IS_BYREF => unsafe { byref_release(obj as *mut Byref) },
        _ => {}
    }
}

/// `_Block_use_RR2(callbacks)`: the Objective-C runtime's retain/release.
///
/// # Safety
/// `cb` is NULL or a `Block_callbacks_RR`.
pub unsafe extern "C" fn use_rr2(cb: *const Callbacks) {
    if cb.is_null() {
        return;
    }
    // SAFETY: per the contract.
    let cb = unsafe { &*cb };
    RETAIN.store(cb.retain.map_or(0, |f| f as usize), Ordering::Release);
    RELEASE.store(cb.release.map_or(0, |f| f as usize), Ordering::Release);
}

/// `Block_size(block)`: the size its descriptor gives.
///
/// # Safety
/// `block` is a block.
pub unsafe extern "C" fn block_size(block: *const c_void) -> usize {
    // SAFETY: per the contract.
    unsafe { (*(*(block as *const Layout)).descriptor).size }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "__Block_copy" => block_copy,
    func "__Block_release" => block_release,
    func "__Block_object_assign" => object_assign,
    func "__Block_object_dispose" => object_dispose,
    func "__Block_use_RR2" => use_rr2,
    func "_Block_size" => block_size,
    data "__NSConcreteStackBlock" => NS_CONCRETE_STACK_BLOCK,
    data "__NSConcreteMallocBlock" => NS_CONCRETE_MALLOC_BLOCK,
    data "__NSConcreteGlobalBlock" => NS_CONCRETE_GLOBAL_BLOCK,
    data "__NSConcreteAutoBlock" => NS_CONCRETE_AUTO_BLOCK,
    data "__NSConcreteFinalizingBlock" => NS_CONCRETE_FINALIZING_BLOCK,
    data "__NSConcreteWeakBlockVariable" => NS_CONCRETE_WEAK_BLOCK_VARIABLE,
};
