//! `libsystem_malloc`: glibc's allocator behind darwin's names, plus
//! darwin's malloc zones (`<malloc/malloc.h>`).
//!
//! Every zone we create allocates from glibc's heap; the `malloc_zone_*`
//! entry points dispatch through the zone's function table, so zones a
//! program fills in itself and registers also work. Memory still allocated
//! in a zone when it is destroyed is not reclaimed (glibc's heap cannot
//! enumerate a zone's blocks); it stays valid, which is safe for callers.

use libc::{c_void, size_t};

extern "C" {
    fn malloc_usable_size(p: *mut c_void) -> size_t;
    fn valloc(n: size_t) -> *mut c_void;
}

/// darwin `reallocf`: like `realloc`, but frees the block when it fails.
unsafe extern "C" fn reallocf(p: *mut c_void, n: size_t) -> *mut c_void {
    // SAFETY: `p` is a block from this allocator or NULL.
    unsafe {
        let q = libc::realloc(p, n);
        if q.is_null() && n != 0 {
            libc::free(p);
        }
        q
    }
}

/// darwin `malloc_size`: usable size of a block (0 for NULL).
unsafe extern "C" fn malloc_size(p: *const c_void) -> size_t {
    if p.is_null() {
        return 0;
    }
    // SAFETY: `p` is a live block from this allocator.
    unsafe { malloc_usable_size(p as *mut c_void) }
}

/// darwin `malloc_good_size`: the size a request would really get.
extern "C" fn malloc_good_size(n: size_t) -> size_t {
    if n <= 24 {
        24
    } else {
        (n + 8).next_multiple_of(16) - 8
    }
}

mod zone;

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    host "_malloc" => libc::malloc,
    host "_free" => libc::free,
    host "_calloc" => libc::calloc,
    host "_realloc" => libc::realloc,
    func "_reallocf" => reallocf,
    host "_valloc" => valloc,
    host "_posix_memalign" => libc::posix_memalign,
    host "_aligned_alloc" => libc::aligned_alloc,
    func "_malloc_size" => malloc_size,
    func "_malloc_good_size" => malloc_good_size,
};

pub(crate) use zone::EXPORTS as ZONE_EXPORTS;
