//! libresolv (`/usr/lib/libresolv.9.dylib`): the BIND 9 resolver API that
//! darwin's `<resolv.h>` renames to `res_9_*` (Go's `net` package calls
//! `res_9_ninit`/`res_9_nsearch`/`res_9_nclose` for DNS lookups when cgo is
//! off).
//!
//! glibc's resolver does the work. darwin's `struct __res_9_state` (552
//! bytes) and glibc's `struct __res_state` (568) share their public fields
//! up to `_flags` but not their size, so glibc's state lives in a block of
//! ours, and the darwin state points to it from `_u._ext.ext`, the slot
//! darwin's own `res_ninit` fills with its private extension. The public
//! fields (retry counts, options, name servers, `ndots`) are copied to
//! glibc's state before every query, so a program that edits them (say, to
//! use its own name server) is obeyed; the results (`res_h_errno`, the
//! message id) are copied back. `h_errno` is set as darwin's
//! `__h_errno_set` does: in the state and in the global.

use libc::{c_char, c_int, c_uchar, c_void};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

const MAXNS: usize = 3;
const MAXDNSRCH: usize = 6;
/// `NETDB_INTERNAL` (`<netdb.h>`): see errno.
const NETDB_INTERNAL: c_int = -1;

/// darwin `struct sockaddr_in` (`sin_len` first).
#[repr(C)]
#[derive(Clone, Copy)]
struct DarwinSin {
    len: u8,
    family: u8,
    port: u16,
    addr: u32,
    zero: [u8; 8],
}

/// Linux `struct sockaddr_in`.
#[repr(C)]
#[derive(Clone, Copy)]
struct LinuxSin {
    family: u16,
    port: u16,
    addr: u32,
    zero: [u8; 8],
}

#[repr(C)]
#[derive(Clone, Copy)]
struct SortEntry {
    addr: u32,
    mask: u32,
}

/// darwin `struct __res_9_state` (Apple's libresolv `resolv.h`).
#[repr(C)]
pub struct DarwinState {
    retrans: c_int,
    retry: c_int,
    options: u64,
    nscount: c_int,
    nsaddr_list: [DarwinSin; MAXNS],
    id: u16,
    dnsrch: [*mut c_char; MAXDNSRCH + 1],
    defdname: [c_char; 256],
    pfcode: u64,
    /// `ndots:4` (low nibble), `nsort:4` (high nibble).
    ndots_nsort: u8,
    unused: [u8; 3],
    sort_list: [SortEntry; 10],
    qhook: *mut c_void,
    rhook: *mut c_void,
    res_h_errno: c_int,
    vcsock: c_int,
    flags: u32,
    pad: u32,
    /// `_u._ext`: nscount, nstimes[3], nssocks[3] (20 bytes + padding),
    /// then `ext`, then the rest of the 40-byte union.
    ext_head: [u8; 24],
    ext: *mut GlibcState,
    ext_tail: [u8; 8],
}
const _: () = assert!(core::mem::size_of::<DarwinState>() == 552);
const _: () = assert!(core::mem::offset_of!(DarwinState, nsaddr_list) == 20);
const _: () = assert!(core::mem::offset_of!(DarwinState, id) == 68);
const _: () = assert!(core::mem::offset_of!(DarwinState, dnsrch) == 72);
const _: () = assert!(core::mem::offset_of!(DarwinState, defdname) == 128);
const _: () = assert!(core::mem::offset_of!(DarwinState, pfcode) == 384);
const _: () = assert!(core::mem::offset_of!(DarwinState, ndots_nsort) == 392);
const _: () = assert!(core::mem::offset_of!(DarwinState, sort_list) == 396);
const _: () = assert!(core::mem::offset_of!(DarwinState, qhook) == 480);
const _: () = assert!(core::mem::offset_of!(DarwinState, res_h_errno) == 496);
const _: () = assert!(core::mem::offset_of!(DarwinState, ext) == 536);

/// glibc `struct __res_state` (`<bits/types/res_state.h>`).
#[repr(C)]
pub struct GlibcState {
    retrans: c_int,
    retry: c_int,
    options: u64,
    nscount: c_int,
    nsaddr_list: [LinuxSin; MAXNS],
    id: u16,
    dnsrch: [*mut c_char; MAXDNSRCH + 1],
    defdname: [c_char; 256],
    pfcode: u64,
    /// `ndots:4`, `nsort:4`, `ipv6_unavail:1`, `unused:23`.
    bits: u32,
    sort_list: [SortEntry; 10],
    qhook: *mut c_void,
    rhook: *mut c_void,
    res_h_errno: c_int,
    vcsock: c_int,
    flags: u32,
    u: [u64; 7],
}
const _: () = assert!(core::mem::size_of::<GlibcState>() == 568);
const _: () = assert!(core::mem::offset_of!(GlibcState, bits) == 392);
const _: () = assert!(core::mem::offset_of!(GlibcState, res_h_errno) == 496);

type NinitFn = unsafe extern "C" fn(*mut GlibcState) -> c_int;
type NcloseFn = unsafe extern "C" fn(*mut GlibcState);
type NqueryFn = unsafe extern "C" fn(
    *mut GlibcState,
    *const c_char,
    c_int,
    c_int,
    *mut c_uchar,
    c_int,
) -> c_int;
type QueryFn = unsafe extern "C" fn(*const c_char, c_int, c_int, *mut c_uchar, c_int) -> c_int;

/// glibc's resolver entry points, found at run time: glibc 2.34 moved
/// `res_nsearch` & co. from libresolv into libc under new names, and older
/// hosts only have the `__res_*` ones.
struct Glibc {
    ninit: NinitFn,
    nclose: NcloseFn,
    nsearch: NqueryFn,
    nquery: NqueryFn,
    init: unsafe extern "C" fn() -> c_int,
    search: QueryFn,
    query: QueryFn,
}

fn sym(names: &[&str]) -> Option<*mut c_void> {
    static LIBRESOLV: OnceLock<usize> = OnceLock::new();
    let lib = *LIBRESOLV.get_or_init(|| {
        // SAFETY: dlopen with a constant name.
        unsafe {
            libc::dlopen(
                c"libresolv.so.2".as_ptr(),
                libc::RTLD_NOW | libc::RTLD_GLOBAL,
            ) as usize
        }
    });
    let mut handles = vec![libc::RTLD_DEFAULT];
    if lib != 0 {
        handles.push(lib as *mut c_void);
    }
    for name in names {
        let c = std::ffi::CString::new(*name).ok()?;
        for &h in &handles {
            // SAFETY: dlsym with a valid handle and name.
            let p = unsafe { libc::dlsym(h, c.as_ptr()) };
            if !p.is_null() {
                return Some(p);
            }
        }
    }
    None
}

fn glibc() -> Option<&'static Glibc> {
    static G: OnceLock<Option<Glibc>> = OnceLock::new();
    G.get_or_init(|| {
        // SAFETY: each symbol has the named glibc function's signature.
        unsafe {
            Some(Glibc {
                ninit: core::mem::transmute::<*mut c_void, NinitFn>(sym(&[
                    "__res_ninit",
                    "res_ninit",
                ])?),
                nclose: core::mem::transmute::<*mut c_void, NcloseFn>(sym(&[
                    "__res_nclose",
                    "res_nclose",
                ])?),
                nsearch: core::mem::transmute::<*mut c_void, NqueryFn>(sym(&[
                    "res_nsearch",
                    "__res_nsearch",
                ])?),
                nquery: core::mem::transmute::<*mut c_void, NqueryFn>(sym(&[
                    "res_nquery",
                    "__res_nquery",
                ])?),
                init: core::mem::transmute::<*mut c_void, unsafe extern "C" fn() -> c_int>(sym(
                    &["__res_init", "res_init"],
                )?),
                search: core::mem::transmute::<*mut c_void, QueryFn>(sym(&[
                    "res_search",
                    "__res_search",
                ])?),
                query: core::mem::transmute::<*mut c_void, QueryFn>(sym(&[
                    "res_query",
                    "__res_query",
                ])?),
            })
        }
    })
    .as_ref()
}

/// The glibc states we made, so a stale or garbage `ext` is never used.
static LIVE: Mutex<Option<HashSet<usize>>> = Mutex::new(None);

fn live() -> std::sync::MutexGuard<'static, Option<HashSet<usize>>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// darwin's global `h_errno` (exported by `netdb`).
fn set_h_errno(v: c_int) {
    if let Some(e) = crate::lookup(b"_h_errno") {
        // SAFETY: `_h_errno` is a 4-byte-aligned AtomicI32 static.
        unsafe {
            (*(e.addr() as *const core::sync::atomic::AtomicI32))
                .store(v, core::sync::atomic::Ordering::Relaxed)
        };
    }
}

fn sin_to_linux(s: &DarwinSin) -> LinuxSin {
    LinuxSin {
        family: u16::from(s.family),
        port: s.port,
        addr: s.addr,
        zero: [0; 8],
    }
}

fn sin_to_darwin(s: &LinuxSin) -> DarwinSin {
    DarwinSin {
        len: 16,
        family: s.family as u8,
        port: s.port,
        addr: s.addr,
        zero: [0; 8],
    }
}

/// glibc's state → the darwin one (after `res_ninit`).
fn export(g: &GlibcState, d: &mut DarwinState) {
    d.retrans = g.retrans;
    d.retry = g.retry;
    d.options = g.options;
    d.nscount = g.nscount;
    for i in 0..MAXNS {
        d.nsaddr_list[i] = sin_to_darwin(&g.nsaddr_list[i]);
    }
    d.id = g.id;
    d.defdname = g.defdname;
    // The search list points into `defdname`: into ours, now.
    let gbase = g.defdname.as_ptr() as usize;
    let dbase = d.defdname.as_mut_ptr();
    for i in 0..=MAXDNSRCH {
        let p = g.dnsrch[i] as usize;
        d.dnsrch[i] = if p >= gbase && p < gbase + 256 {
            // SAFETY: the same offset inside our 256-byte array.
            unsafe { dbase.add(p - gbase) }
        } else {
            core::ptr::null_mut()
        };
    }
    d.pfcode = g.pfcode;
    d.ndots_nsort = (g.bits & 0xff) as u8;
    d.sort_list = g.sort_list;
    d.qhook = core::ptr::null_mut();
    d.rhook = core::ptr::null_mut();
    d.res_h_errno = g.res_h_errno;
}

/// The fields a program may have changed → glibc's state (before a query);
/// search-list entries pointing into `defdname` are moved with it.
fn import(d: &DarwinState, g: &mut GlibcState) {
    g.retrans = d.retrans;
    g.retry = d.retry;
    g.options = d.options;
    g.nscount = d.nscount.clamp(0, MAXNS as c_int);
    for i in 0..MAXNS {
        g.nsaddr_list[i] = sin_to_linux(&d.nsaddr_list[i]);
    }
    g.bits = (g.bits & !0xff) | u32::from(d.ndots_nsort);
    g.defdname = d.defdname;
    let dbase = d.defdname.as_ptr() as usize;
    let gbase = g.defdname.as_mut_ptr();
    for i in 0..=MAXDNSRCH {
        let p = d.dnsrch[i];
        let off = (p as usize).wrapping_sub(dbase);
        g.dnsrch[i] = if off < 256 {
            // SAFETY: the same offset inside glibc's 256-byte array.
            unsafe { gbase.add(off) }
        } else {
            p // the program's own string, or NULL
        };
    }
}

/// The glibc state behind `d`, if `res_9_ninit` made it.
fn inner(d: &DarwinState) -> Option<*mut GlibcState> {
    let p = d.ext;
    live().as_ref()?.contains(&(p as usize)).then_some(p)
}

/// `res_9_ninit(state)`: 0, or -1 when the resolver cannot be set up.
unsafe extern "C" fn res_9_ninit(d: *mut DarwinState) -> c_int {
    let Some(lib) = glibc() else {
        return -1;
    };
    // SAFETY: `d` is the caller's state.
    let d = unsafe { &mut *d };
    if let Some(old) = inner(d) {
        // SAFETY: a state we made (re-initialisation): close and reuse it.
        unsafe { (lib.nclose)(old) };
        live().as_mut().map(|s| s.remove(&(old as usize)));
        // SAFETY: made by Box::into_raw below.
        drop(unsafe { Box::from_raw(old) });
    }
    // SAFETY: an all-zero glibc state is what res_ninit expects to fill.
    let g: *mut GlibcState = Box::into_raw(Box::new(unsafe { core::mem::zeroed() }));
    // SAFETY: a fresh state.
    if unsafe { (lib.ninit)(g) } != 0 {
        // SAFETY: ours, never shared.
        drop(unsafe { Box::from_raw(g) });
        return -1;
    }
    live().get_or_insert_with(HashSet::new).insert(g as usize);
    // SAFETY: `g` is initialised.
    export(unsafe { &*g }, d);
    d.ext = g;
    0
}

/// `res_9_nclose(state)`: closes sockets, frees what `res_9_ninit` made.
unsafe extern "C" fn res_9_nclose(d: *mut DarwinState) {
    // SAFETY: `d` is the caller's state.
    let d = unsafe { &mut *d };
    let Some(g) = inner(d) else {
        return;
    };
    if let Some(lib) = glibc() {
        // SAFETY: a live state of ours.
        unsafe { (lib.nclose)(g) };
    }
    live().as_mut().map(|s| s.remove(&(g as usize)));
    // SAFETY: made by Box::into_raw in res_9_ninit.
    drop(unsafe { Box::from_raw(g) });
    d.ext = core::ptr::null_mut();
}

/// Runs one glibc query on the darwin state's behalf.
unsafe fn with_state(
    d: *mut DarwinState,
    q: impl FnOnce(&Glibc, *mut GlibcState) -> c_int,
) -> c_int {
    // SAFETY: `d` is the caller's state.
    let d = unsafe { &mut *d };
    let (Some(lib), Some(g)) = (glibc(), inner(d)) else {
        d.res_h_errno = NETDB_INTERNAL;
        set_h_errno(NETDB_INTERNAL);
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    };
    // SAFETY: a live state of ours; the query runs on it.
    unsafe {
        import(d, &mut *g);
        let r = q(lib, g);
        d.res_h_errno = (*g).res_h_errno;
        d.id = (*g).id;
        if r < 0 {
            set_h_errno(d.res_h_errno);
            crate::errno::set_from_linux();
        }
        r
    }
}

/// `res_9_nsearch(state, name, class, type, answer, anslen)`: the query,
/// with the search list applied; the answer's length or -1 (`h_errno`).
unsafe extern "C" fn res_9_nsearch(
    d: *mut DarwinState,
    name: *const c_char,
    class: c_int,
    ty: c_int,
    answer: *mut c_uchar,
    anslen: c_int,
) -> c_int {
    // SAFETY: forwarded to glibc with our state.
    unsafe {
        with_state(d, |lib, g| {
            (lib.nsearch)(g, name, class, ty, answer, anslen)
        })
    }
}

/// `res_9_nquery(...)`: the name as given, no search list.
unsafe extern "C" fn res_9_nquery(
    d: *mut DarwinState,
    name: *const c_char,
    class: c_int,
    ty: c_int,
    answer: *mut c_uchar,
    anslen: c_int,
) -> c_int {
    // SAFETY: forwarded to glibc with our state.
    unsafe { with_state(d, |lib, g| (lib.nquery)(g, name, class, ty, answer, anslen)) }
}

/// `res_9_init()`: the process's implicit resolver state (glibc's).
unsafe extern "C" fn res_9_init() -> c_int {
    match glibc() {
        // SAFETY: glibc's res_init.
        Some(lib) => unsafe { (lib.init)() },
        None => -1,
    }
}

unsafe fn implicit(
    f: fn(&Glibc) -> QueryFn,
    name: *const c_char,
    class: c_int,
    ty: c_int,
    answer: *mut c_uchar,
    anslen: c_int,
) -> c_int {
    let Some(lib) = glibc() else {
        set_h_errno(NETDB_INTERNAL);
        return -1;
    };
    // SAFETY: glibc's query on its implicit state.
    let r = unsafe { f(lib)(name, class, ty, answer, anslen) };
    if r < 0 {
        extern "C" {
            fn __h_errno_location() -> *mut c_int;
        }
        // SAFETY: glibc's per-thread h_errno.
        set_h_errno(unsafe { *__h_errno_location() });
        crate::errno::set_from_linux();
    }
    r
}

/// `res_9_search(name, class, type, answer, anslen)`.
unsafe extern "C" fn res_9_search(
    name: *const c_char,
    class: c_int,
    ty: c_int,
    answer: *mut c_uchar,
    anslen: c_int,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { implicit(|l| l.search, name, class, ty, answer, anslen) }
}

/// `res_9_query(name, class, type, answer, anslen)`.
unsafe extern "C" fn res_9_query(
    name: *const c_char,
    class: c_int,
    ty: c_int,
    answer: *mut c_uchar,
    anslen: c_int,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { implicit(|l| l.query, name, class, ty, answer, anslen) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_res_9_ninit" => res_9_ninit,
    func "_res_9_nclose" => res_9_nclose,
    func "_res_9_nsearch" => res_9_nsearch,
    func "_res_9_nquery" => res_9_nquery,
    func "_res_9_init" => res_9_init,
    func "_res_9_search" => res_9_search,
    func "_res_9_query" => res_9_query,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_and_close() {
        // SAFETY: a zeroed darwin state, as Go passes.
        let mut d: DarwinState = unsafe { core::mem::zeroed() };
        // SAFETY: our own state.
        unsafe {
            assert_eq!(res_9_ninit(&mut d), 0);
            assert!(!d.ext.is_null());
            assert!(d.retry > 0 && d.retrans > 0);
            assert!(d.nscount >= 0);
            res_9_nclose(&mut d);
            assert!(d.ext.is_null());
            // A query after close fails cleanly.
            let mut buf = [0u8; 512];
            assert_eq!(
                res_9_nsearch(&mut d, c"localhost".as_ptr(), 1, 1, buf.as_mut_ptr(), 512),
                -1
            );
        }
    }
}
