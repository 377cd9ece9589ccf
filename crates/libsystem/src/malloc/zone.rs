//! darwin malloc zones: `malloc_zone_t` function tables over glibc's heap.

use core::ptr;
use libc::{c_char, c_int, c_uint, c_void, size_t};
use std::sync::Mutex;

type ZonePtr = *mut MallocZone;

/// darwin `malloc_zone_t` up to `claimed_address` (`version` 10).
#[repr(C)]
pub struct MallocZone {
    reserved1: *mut c_void,
    reserved2: *mut c_void,
    size: Option<unsafe extern "C" fn(ZonePtr, *const c_void) -> size_t>,
    malloc: Option<unsafe extern "C" fn(ZonePtr, size_t) -> *mut c_void>,
    calloc: Option<unsafe extern "C" fn(ZonePtr, size_t, size_t) -> *mut c_void>,
    valloc: Option<unsafe extern "C" fn(ZonePtr, size_t) -> *mut c_void>,
    free: Option<unsafe extern "C" fn(ZonePtr, *mut c_void)>,
    realloc: Option<unsafe extern "C" fn(ZonePtr, *mut c_void, size_t) -> *mut c_void>,
    destroy: Option<unsafe extern "C" fn(ZonePtr)>,
    zone_name: *const c_char,
    batch_malloc: Option<unsafe extern "C" fn(ZonePtr, size_t, *mut *mut c_void, c_uint) -> c_uint>,
    batch_free: Option<unsafe extern "C" fn(ZonePtr, *mut *mut c_void, c_uint)>,
    introspect: *mut c_void,
    version: c_uint,
    memalign: Option<unsafe extern "C" fn(ZonePtr, size_t, size_t) -> *mut c_void>,
    free_definite_size: Option<unsafe extern "C" fn(ZonePtr, *mut c_void, size_t)>,
    pressure_relief: Option<unsafe extern "C" fn(ZonePtr, size_t) -> size_t>,
    claimed_address: Option<unsafe extern "C" fn(ZonePtr, *mut c_void) -> c_uint>,
}

const _: () = {
    assert!(core::mem::size_of::<MallocZone>() == 144);
    assert!(core::mem::offset_of!(MallocZone, size) == 16);
    assert!(core::mem::offset_of!(MallocZone, destroy) == 64);
    assert!(core::mem::offset_of!(MallocZone, zone_name) == 72);
    assert!(core::mem::offset_of!(MallocZone, introspect) == 96);
    assert!(core::mem::offset_of!(MallocZone, version) == 104);
    assert!(core::mem::offset_of!(MallocZone, memalign) == 112);
    assert!(core::mem::offset_of!(MallocZone, claimed_address) == 136);
};

extern "C" {
    fn malloc_usable_size(p: *mut c_void) -> size_t;
    fn malloc_trim(pad: size_t) -> c_int;
}

unsafe extern "C" fn heap_size(_: ZonePtr, p: *const c_void) -> size_t {
    if p.is_null() {
        return 0;
    }
    // SAFETY: zone callers pass blocks of this heap.
    unsafe { malloc_usable_size(p as *mut c_void) }
}
unsafe extern "C" fn heap_malloc(_: ZonePtr, n: size_t) -> *mut c_void {
    // SAFETY: plain allocation.
    unsafe { libc::malloc(n) }
}
unsafe extern "C" fn heap_calloc(_: ZonePtr, k: size_t, n: size_t) -> *mut c_void {
    // SAFETY: plain allocation.
    unsafe { libc::calloc(k, n) }
}
unsafe extern "C" fn heap_valloc(_: ZonePtr, n: size_t) -> *mut c_void {
    heap_memalign(ptr::null_mut(), 4096, n)
}
unsafe extern "C" fn heap_free(_: ZonePtr, p: *mut c_void) {
    // SAFETY: `p` is a block of this heap or NULL.
    unsafe { libc::free(p) }
}
unsafe extern "C" fn heap_realloc(_: ZonePtr, p: *mut c_void, n: size_t) -> *mut c_void {
    // SAFETY: `p` is a block of this heap or NULL.
    unsafe { libc::realloc(p, n) }
}
extern "C" fn heap_memalign(_: ZonePtr, align: size_t, n: size_t) -> *mut c_void {
    let mut out = ptr::null_mut();
    let align = align.max(core::mem::size_of::<usize>());
    // SAFETY: `out` is a valid out-pointer.
    if unsafe { libc::posix_memalign(&mut out, align, n) } != 0 {
        return ptr::null_mut();
    }
    out
}
unsafe extern "C" fn heap_free_definite(_: ZonePtr, p: *mut c_void, _n: size_t) {
    // SAFETY: `p` is a block of this heap.
    unsafe { libc::free(p) }
}
/// Gives free heap memory back to the kernel. glibc does not say how much;
/// darwin callers use the number only as a hint, so we report 0.
unsafe extern "C" fn heap_pressure_relief(_: ZonePtr, _goal: size_t) -> size_t {
    // SAFETY: trimming the heap is always allowed.
    unsafe { malloc_trim(0) };
    0
}
unsafe extern "C" fn heap_claimed(_: ZonePtr, p: *mut c_void) -> c_uint {
    // False positives are allowed by the contract; false negatives are not.
    c_uint::from(!p.is_null())
}
unsafe extern "C" fn heap_destroy(z: ZonePtr) {
    if z == default_zone() {
        return;
    }
    {
        let mut ours = OURS.lock().unwrap_or_else(|e| e.into_inner());
        let Some(i) = ours.iter().position(|&x| x == z as usize) else {
            return;
        };
        ours.swap_remove(i);
    }
    // SAFETY: zones we created are leaked boxes with an owned name.
    unsafe {
        let zone = Box::from_raw(z);
        if !zone.zone_name.is_null() {
            libc::free(zone.zone_name as *mut c_void);
        }
    }
}

const fn heap_zone(name: *const c_char) -> MallocZone {
    MallocZone {
        reserved1: ptr::null_mut(),
        reserved2: ptr::null_mut(),
        size: Some(heap_size),
        malloc: Some(heap_malloc),
        calloc: Some(heap_calloc),
        valloc: Some(heap_valloc),
        free: Some(heap_free),
        realloc: Some(heap_realloc),
        destroy: Some(heap_destroy),
        zone_name: name,
        batch_malloc: None,
        batch_free: None,
        introspect: ptr::null_mut(),
        version: 10,
        memalign: Some(heap_memalign),
        free_definite_size: Some(heap_free_definite),
        pressure_relief: Some(heap_pressure_relief),
        claimed_address: Some(heap_claimed),
    }
}

/// The default zone; its name is the one macOS gives it.
static mut DEFAULT_ZONE: MallocZone = heap_zone(c"DefaultMallocZone".as_ptr());

const MAX_ZONES: usize = 64;
/// darwin's `malloc_zones` array and `malloc_num_zones` count, which tools
/// such as leak checkers read directly.
static mut ZONES: [ZonePtr; MAX_ZONES] = {
    let mut z = [ptr::null_mut(); MAX_ZONES];
    z[0] = ptr::addr_of_mut!(DEFAULT_ZONE);
    z
};
static mut MALLOC_ZONES: *mut ZonePtr = ptr::addr_of_mut!(ZONES) as *mut ZonePtr;
static mut MALLOC_NUM_ZONES: c_uint = 1;
static REGISTRY: Mutex<()> = Mutex::new(());
/// Zones made by `malloc_create_zone` (their names are ours to free).
static OURS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// The registered zones.
///
/// # Safety
/// Only while holding `REGISTRY`.
unsafe fn zones() -> &'static mut [ZonePtr; MAX_ZONES] {
    // SAFETY: the caller holds the registry lock, so this is the only
    // reference.
    unsafe { &mut *ptr::addr_of_mut!(ZONES) }
}

fn default_zone() -> ZonePtr {
    ptr::addr_of_mut!(DEFAULT_ZONE)
}

/// Resolves the NULL zone to the default one (darwin crashes instead).
fn zone_or_default(z: ZonePtr) -> ZonePtr {
    if z.is_null() {
        default_zone()
    } else {
        z
    }
}

extern "C" fn malloc_default_zone() -> ZonePtr {
    default_zone()
}

extern "C" fn malloc_create_zone(_start_size: size_t, _flags: c_uint) -> ZonePtr {
    let z = Box::into_raw(Box::new(heap_zone(ptr::null())));
    OURS.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(z as usize);
    malloc_zone_register(z);
    z
}

extern "C" fn malloc_zone_register(z: ZonePtr) {
    let _g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the registry is only touched under the lock.
    unsafe {
        let n = MALLOC_NUM_ZONES as usize;
        let zs = zones();
        if n < MAX_ZONES && !zs[..n].contains(&z) {
            zs[n] = z;
            MALLOC_NUM_ZONES += 1;
        }
    }
}

extern "C" fn malloc_zone_unregister(z: ZonePtr) {
    let _g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the registry is only touched under the lock.
    unsafe {
        let n = MALLOC_NUM_ZONES as usize;
        let zs = zones();
        if let Some(i) = zs[..n].iter().position(|&x| x == z) {
            zs.copy_within(i + 1..n, i);
            zs[n - 1] = ptr::null_mut();
            MALLOC_NUM_ZONES -= 1;
        }
    }
}

unsafe extern "C" fn malloc_destroy_zone(z: ZonePtr) {
    if z.is_null() || z == default_zone() {
        return;
    }
    malloc_zone_unregister(z);
    // SAFETY: `z` is a live zone; its own destroy callback frees it.
    unsafe {
        if let Some(d) = (*z).destroy {
            d(z)
        }
    }
}

unsafe extern "C" fn malloc_zone_malloc(z: ZonePtr, n: size_t) -> *mut c_void {
    let z = zone_or_default(z);
    // SAFETY: `z` is a live zone whose table the caller filled in.
    unsafe { (*z).malloc.map_or(ptr::null_mut(), |f| f(z, n)) }
}

unsafe extern "C" fn malloc_zone_calloc(z: ZonePtr, k: size_t, n: size_t) -> *mut c_void {
    let z = zone_or_default(z);
    // SAFETY: as above.
    unsafe { (*z).calloc.map_or(ptr::null_mut(), |f| f(z, k, n)) }
}

unsafe extern "C" fn malloc_zone_valloc(z: ZonePtr, n: size_t) -> *mut c_void {
    let z = zone_or_default(z);
    // SAFETY: as above.
    unsafe { (*z).valloc.map_or(ptr::null_mut(), |f| f(z, n)) }
}

unsafe extern "C" fn malloc_zone_realloc(z: ZonePtr, p: *mut c_void, n: size_t) -> *mut c_void {
    let z = zone_or_default(z);
    // SAFETY: as above.
    unsafe { (*z).realloc.map_or(ptr::null_mut(), |f| f(z, p, n)) }
}

unsafe extern "C" fn malloc_zone_free(z: ZonePtr, p: *mut c_void) {
    if p.is_null() {
        return;
    }
    let z = zone_or_default(z);
    // SAFETY: as above.
    unsafe {
        if let Some(f) = (*z).free {
            f(z, p)
        }
    }
}

unsafe extern "C" fn malloc_zone_memalign(z: ZonePtr, align: size_t, n: size_t) -> *mut c_void {
    let z = zone_or_default(z);
    // SAFETY: as above; `memalign` exists from version 5 on.
    unsafe {
        match (*z).memalign {
            Some(f) if (*z).version >= 5 => f(z, align, n),
            _ => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn malloc_zone_batch_malloc(
    z: ZonePtr,
    n: size_t,
    out: *mut *mut c_void,
    count: c_uint,
) -> c_uint {
    let z = zone_or_default(z);
    // SAFETY: `out` has room for `count` pointers.
    unsafe {
        if let Some(f) = (*z).batch_malloc {
            return f(z, n, out, count);
        }
        for i in 0..count {
            let p = malloc_zone_malloc(z, n);
            if p.is_null() {
                return i;
            }
            *out.add(i as usize) = p;
        }
    }
    count
}

unsafe extern "C" fn malloc_zone_batch_free(z: ZonePtr, ps: *mut *mut c_void, count: c_uint) {
    let z = zone_or_default(z);
    // SAFETY: `ps` holds `count` blocks of `z`.
    unsafe {
        if let Some(f) = (*z).batch_free {
            return f(z, ps, count);
        }
        for i in 0..count as usize {
            malloc_zone_free(z, *ps.add(i));
        }
    }
}

/// The zone whose `size` callback claims `p`, or NULL.
unsafe extern "C" fn malloc_zone_from_ptr(p: *const c_void) -> ZonePtr {
    if p.is_null() {
        return ptr::null_mut();
    }
    let zones: Vec<ZonePtr> = {
        let _g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: read under the lock.
        unsafe { zones()[..MALLOC_NUM_ZONES as usize].to_vec() }
    };
    for z in zones {
        // SAFETY: registered zones are live.
        if unsafe { (*z).size.is_some_and(|f| f(z, p) != 0) } {
            return z;
        }
    }
    ptr::null_mut()
}

unsafe extern "C" fn malloc_zone_pressure_relief(z: ZonePtr, goal: size_t) -> size_t {
    if z.is_null() {
        // SAFETY: trimming the heap is always allowed.
        return unsafe { heap_pressure_relief(z, goal) };
    }
    // SAFETY: `z` is a live zone.
    unsafe {
        match (*z).pressure_relief {
            Some(f) if (*z).version >= 8 => f(z, goal),
            _ => 0,
        }
    }
}

unsafe extern "C" fn malloc_zone_claimed_address(z: ZonePtr, p: *mut c_void) -> c_uint {
    let z = zone_or_default(z);
    // SAFETY: `z` is a live zone. Zones without the callback claim nothing
    // they cannot prove, so answer with their `size`.
    unsafe {
        match (*z).claimed_address {
            Some(f) if (*z).version >= 10 => f(z, p),
            _ => c_uint::from((*z).size.is_some_and(|f| f(z, p) != 0)),
        }
    }
}

unsafe extern "C" fn malloc_set_zone_name(z: ZonePtr, name: *const c_char) {
    let z = zone_or_default(z);
    if z == default_zone() {
        return; // the default zone keeps its static name
    }
    let ours = OURS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&(z as usize));
    // SAFETY: `z` is one of our zones (its name is ours to free) or a
    // client zone whose name field we only overwrite.
    unsafe {
        let old = (*z).zone_name;
        (*z).zone_name = if name.is_null() {
            ptr::null()
        } else {
            libc::strdup(name)
        };
        if ours && !old.is_null() {
            libc::free(old as *mut c_void);
        }
    }
}

unsafe extern "C" fn malloc_get_zone_name(z: ZonePtr) -> *const c_char {
    let z = zone_or_default(z);
    // SAFETY: `z` is a live zone.
    unsafe { (*z).zone_name }
}

// Typed allocation entry points (`malloc_type_*`), which newer compilers
// emit in place of `malloc` & co.; the type id only guides placement.
type TypeId = u64;
unsafe extern "C" fn malloc_type_malloc(n: size_t, _t: TypeId) -> *mut c_void {
    // SAFETY: plain allocation.
    unsafe { libc::malloc(n) }
}
unsafe extern "C" fn malloc_type_calloc(k: size_t, n: size_t, _t: TypeId) -> *mut c_void {
    // SAFETY: plain allocation.
    unsafe { libc::calloc(k, n) }
}
unsafe extern "C" fn malloc_type_realloc(p: *mut c_void, n: size_t, _t: TypeId) -> *mut c_void {
    // SAFETY: `p` is a block of this heap or NULL.
    unsafe { libc::realloc(p, n) }
}
unsafe extern "C" fn malloc_type_free(p: *mut c_void, _t: TypeId) {
    // SAFETY: `p` is a block of this heap or NULL.
    unsafe { libc::free(p) }
}
unsafe extern "C" fn malloc_type_valloc(n: size_t, _t: TypeId) -> *mut c_void {
    heap_memalign(ptr::null_mut(), 4096, n)
}
unsafe extern "C" fn malloc_type_aligned_alloc(a: size_t, n: size_t, _t: TypeId) -> *mut c_void {
    // SAFETY: plain allocation.
    unsafe { libc::aligned_alloc(a, n) }
}
unsafe extern "C" fn malloc_type_posix_memalign(
    out: *mut *mut c_void,
    a: size_t,
    n: size_t,
    _t: TypeId,
) -> c_int {
    // SAFETY: `out` is the caller's out-pointer.
    unsafe { libc::posix_memalign(out, a, n) }
}
unsafe extern "C" fn malloc_type_zone_malloc(z: ZonePtr, n: size_t, _t: TypeId) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { malloc_zone_malloc(z, n) }
}
unsafe extern "C" fn malloc_type_zone_calloc(
    z: ZonePtr,
    k: size_t,
    n: size_t,
    _t: TypeId,
) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { malloc_zone_calloc(z, k, n) }
}
unsafe extern "C" fn malloc_type_zone_realloc(
    z: ZonePtr,
    p: *mut c_void,
    n: size_t,
    _t: TypeId,
) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { malloc_zone_realloc(z, p, n) }
}
unsafe extern "C" fn malloc_type_zone_valloc(z: ZonePtr, n: size_t, _t: TypeId) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { malloc_zone_valloc(z, n) }
}
unsafe extern "C" fn malloc_type_zone_memalign(
    z: ZonePtr,
    a: size_t,
    n: size_t,
    _t: TypeId,
) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { malloc_zone_memalign(z, a, n) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_malloc_default_zone" => malloc_default_zone,
    func "_malloc_default_purgeable_zone" => malloc_default_zone,
    func "_malloc_create_zone" => malloc_create_zone,
    func "_malloc_destroy_zone" => malloc_destroy_zone,
    func "_malloc_zone_register" => malloc_zone_register,
    func "_malloc_zone_unregister" => malloc_zone_unregister,
    func "_malloc_zone_malloc" => malloc_zone_malloc,
    func "_malloc_zone_calloc" => malloc_zone_calloc,
    func "_malloc_zone_valloc" => malloc_zone_valloc,
    func "_malloc_zone_realloc" => malloc_zone_realloc,
    func "_malloc_zone_free" => malloc_zone_free,
    func "_malloc_zone_memalign" => malloc_zone_memalign,
    func "_malloc_zone_batch_malloc" => malloc_zone_batch_malloc,
    func "_malloc_zone_batch_free" => malloc_zone_batch_free,
    func "_malloc_zone_from_ptr" => malloc_zone_from_ptr,
    func "_malloc_zone_pressure_relief" => malloc_zone_pressure_relief,
    func "_malloc_zone_claimed_address" => malloc_zone_claimed_address,
    func "_malloc_set_zone_name" => malloc_set_zone_name,
    func "_malloc_get_zone_name" => malloc_get_zone_name,
    data "_malloc_zones" => MALLOC_ZONES,
    data "_malloc_num_zones" => MALLOC_NUM_ZONES,
    func "_malloc_type_malloc" => malloc_type_malloc,
    func "_malloc_type_calloc" => malloc_type_calloc,
    func "_malloc_type_realloc" => malloc_type_realloc,
    func "_malloc_type_free" => malloc_type_free,
    func "_malloc_type_valloc" => malloc_type_valloc,
    func "_malloc_type_aligned_alloc" => malloc_type_aligned_alloc,
    func "_malloc_type_posix_memalign" => malloc_type_posix_memalign,
    func "_malloc_type_zone_malloc" => malloc_type_zone_malloc,
    func "_malloc_type_zone_calloc" => malloc_type_zone_calloc,
    func "_malloc_type_zone_realloc" => malloc_type_zone_realloc,
    func "_malloc_type_zone_valloc" => malloc_type_zone_valloc,
    func "_malloc_type_zone_memalign" => malloc_type_zone_memalign,
};
