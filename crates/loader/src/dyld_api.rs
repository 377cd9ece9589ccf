//! The dyld API Mach-O code calls: `dlopen` family, `_dyld_*`, `_NSGet*`.
//! On macOS these live in `libdyld.dylib`, re-exported by libSystem; here
//! they are part of the built-in libSystem's namespace.

use crate::image::ImageId;
use crate::{loader, Loader};
use libc::{c_char, c_int, c_void};
use std::cell::RefCell;
use std::ffi::{CStr, CString};

/// darwin `RTLD_*` values (`<dlfcn.h>`).
const RTLD_NOLOAD: c_int = 0x10;
const RTLD_NEXT: isize = -1;
const RTLD_DEFAULT: isize = -2;
const RTLD_SELF: isize = -3;
const RTLD_MAIN_ONLY: isize = -5;

/// The process's argument vector and friends, for `_NSGet*` and initializers.
pub struct ProcessVars {
    pub argc: c_int,
    pub argv: *mut *mut c_char,
    pub progname: *const c_char,
    pub exe_path: Option<CString>,
    pub main_header: *const u8,
}

static mut VARS: ProcessVars = ProcessVars {
    argc: 0,
    argv: core::ptr::null_mut(),
    progname: core::ptr::null(),
    exe_path: None,
    main_header: core::ptr::null(),
};

/// darwin `struct ProgramVars`, passed to every initializer.
#[repr(C)]
pub struct ProgramVars {
    pub mh: *const u8,
    pub argc: *mut c_int,
    pub argv: *mut *mut *mut c_char,
    pub environ: *mut *mut *mut c_char,
    pub progname: *mut *const c_char,
}

extern "C" {
    static mut environ: *mut *mut c_char;
}

/// Records the process variables (once, before any Mach-O code runs).
pub fn set_process_vars(
    argc: c_int,
    argv: *mut *mut c_char,
    exe_path: &str,
    main_header: *const u8,
) {
    // SAFETY: called once on the main thread before Mach-O code runs.
    unsafe {
        let v = &mut *core::ptr::addr_of_mut!(VARS);
        v.argc = argc;
        v.argv = argv;
        v.exe_path = Some(CString::new(exe_path).unwrap_or_default());
        v.main_header = main_header;
        let a0 = if argc > 0 {
            *argv
        } else {
            core::ptr::null_mut()
        };
        if !a0.is_null() {
            calvados_libsystem::c::stdlib::set_progname(a0);
            let slash = libc::strrchr(a0, b'/' as c_int);
            v.progname = if slash.is_null() { a0 } else { slash.add(1) };
        } else {
            v.progname = c"".as_ptr();
        }
    }
}

/// The `ProgramVars` block handed to initializers.
pub fn program_vars() -> *const ProgramVars {
    static mut PV: ProgramVars = ProgramVars {
        mh: core::ptr::null(),
        argc: core::ptr::null_mut(),
        argv: core::ptr::null_mut(),
        environ: core::ptr::null_mut(),
        progname: core::ptr::null_mut(),
    };
    // SAFETY: filled from the process variables, read-only afterwards.
    unsafe {
        let v = core::ptr::addr_of_mut!(VARS);
        let pv = &mut *core::ptr::addr_of_mut!(PV);
        pv.mh = (*v).main_header;
        pv.argc = core::ptr::addr_of_mut!((*v).argc);
        pv.argv = core::ptr::addr_of_mut!((*v).argv);
        pv.environ = core::ptr::addr_of_mut!(environ);
        pv.progname = core::ptr::addr_of_mut!((*v).progname);
        pv
    }
}

extern "C" fn ns_get_argc() -> *mut c_int {
    // SAFETY: address of a process-lifetime static.
    unsafe { core::ptr::addr_of_mut!(VARS.argc) }
}
extern "C" fn ns_get_argv() -> *mut *mut *mut c_char {
    // SAFETY: address of a process-lifetime static.
    unsafe { core::ptr::addr_of_mut!(VARS.argv) }
}
extern "C" fn ns_get_environ() -> *mut *mut *mut c_char {
    // glibc's `environ`, so setenv/getenv agree with the program.
    core::ptr::addr_of_mut!(environ)
}
extern "C" fn ns_get_progname() -> *mut *const c_char {
    // SAFETY: address of a process-lifetime static.
    unsafe { core::ptr::addr_of_mut!(VARS.progname) }
}
extern "C" fn ns_get_mach_execute_header() -> *const u8 {
    // SAFETY: read-only after start-up.
    unsafe { (*core::ptr::addr_of!(VARS)).main_header }
}

/// `_NSGetExecutablePath(buf, &size)`: 0, or -1 with the needed size.
unsafe extern "C" fn ns_get_executable_path(buf: *mut c_char, size: *mut u32) -> c_int {
    // SAFETY: the caller passes a buffer of `*size` bytes.
    unsafe {
        let Some(p) = (*core::ptr::addr_of!(VARS)).exe_path.as_ref() else {
            return -1;
        };
        let p = p.as_bytes_with_nul();
        if (*size as usize) < p.len() {
            *size = p.len() as u32;
            return -1;
        }
        core::ptr::copy_nonoverlapping(p.as_ptr().cast(), buf, p.len());
    }
    0
}

thread_local! {
    static DLERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_dlerror(msg: String) {
    DLERROR.with(|e| *e.borrow_mut() = Some(CString::new(msg).unwrap_or_default()));
}

unsafe extern "C" fn dlerror() -> *const c_char {
    thread_local! {
        static LAST: RefCell<Option<CString>> = const { RefCell::new(None) };
    }
    let msg = DLERROR.with(|e| e.borrow_mut().take());
    match msg {
        None => core::ptr::null(),
        Some(m) => LAST.with(|l| {
            let mut l = l.borrow_mut();
            *l = Some(m);
            l.as_ref().map_or(core::ptr::null(), |c| c.as_ptr())
        }),
    }
}

/// Handles are `image id + 1`, so NULL is never a valid handle.
fn handle_of(id: ImageId) -> *mut c_void {
    (id + 1) as *mut c_void
}

fn image_of_handle(l: &Loader, h: *mut c_void) -> Option<ImageId> {
    let id = (h as usize).checked_sub(1)?;
    (id < l.images.len()).then_some(id)
}

fn image_containing(l: &Loader, addr: usize) -> Option<ImageId> {
    l.images
        .iter()
        .position(|i| addr >= i.range.0 && addr < i.range.1)
}

unsafe extern "C" fn dlopen_impl(path: *const c_char, mode: c_int, caller: usize) -> *mut c_void {
    if path.is_null() {
        return handle_of(0);
    }
    // SAFETY: `path` is the caller's C string.
    let name = unsafe { CStr::from_ptr(path) }
        .to_string_lossy()
        .into_owned();
    let mut guard = loader();
    let Some(l) = guard.as_mut() else {
        set_dlerror(format!("dlopen({name}, {mode}): no loader"));
        return core::ptr::null_mut();
    };
    let requester = image_of_caller(l, caller);
    if let Some(id) = l.find_loaded(&name) {
        l.images[id].refcount += 1;
        return handle_of(id);
    }
    if mode & RTLD_NOLOAD != 0 {
        return core::ptr::null_mut();
    }
    let mut new = Vec::new();
    let before = l.images.len();
    let r = l
        .load_dylib(&name, requester, false, &mut new)
        .and_then(|id| {
            l.apply_fixups(&new)?;
            l.setup_tlv(&new)?;
            Ok(id)
        });
    let id = match r {
        Ok(Some(id)) => id,
        Ok(None) => unreachable!("non-weak load returns an image or an error"),
        Err(e) => {
            l.images.truncate(before);
            set_dlerror(format!("dlopen({name}, {mode}): {e}"));
            return core::ptr::null_mut();
        }
    };
    if id < before {
        l.images[id].refcount += 1;
    }
    let inits = l.pending_initializers(id);
    let callbacks = l.add_image_callbacks.clone();
    let added: Vec<_> = new
        .iter()
        .map(|&i| (l.images[i].header, l.images[i].slide))
        .collect();
    drop(guard);
    for (h, s) in &added {
        for cb in &callbacks {
            cb(*h, *s);
        }
    }
    crate::entry::run_initializers(&inits);
    handle_of(id)
}

/// The image (if any) that contains the return address of a call.
fn image_of_caller(l: &Loader, caller: usize) -> Option<ImageId> {
    image_containing(l, caller).or(if l.images.is_empty() { None } else { Some(0) })
}

unsafe extern "C" fn dlsym_impl(
    handle: *mut c_void,
    sym: *const c_char,
    caller: usize,
) -> *mut c_void {
    // SAFETY: `sym` is the caller's C string.
    let name = unsafe { CStr::from_ptr(sym) }.to_bytes();
    let mut mangled = Vec::with_capacity(name.len() + 1);
    mangled.push(b'_');
    mangled.extend_from_slice(name);
    let guard = loader();
    let Some(l) = guard.as_ref() else {
        return core::ptr::null_mut();
    };
    let h = handle as isize;
    let found = match h {
        RTLD_DEFAULT => l.lookup_flat(&mangled),
        RTLD_MAIN_ONLY => l.lookup_export(0, &mangled),
        RTLD_NEXT => {
            let from = image_containing(l, caller).unwrap_or(0);
            (from + 1..l.images.len()).find_map(|i| l.lookup_export(i, &mangled))
        }
        RTLD_SELF => {
            let from = image_containing(l, caller).unwrap_or(0);
            (from..l.images.len()).find_map(|i| l.lookup_export(i, &mangled))
        }
        _ => match image_of_handle(l, handle) {
            Some(id) => l.lookup_export(id, &mangled).or_else(|| {
                // A handle also searches the image's dependencies.
                l.images[id]
                    .deps
                    .iter()
                    .flatten()
                    .find_map(|&d| l.lookup_export(d, &mangled))
            }),
            None => {
                drop(guard);
                set_dlerror(format!(
                    "dlsym({handle:p}, {}): invalid handle",
                    String::from_utf8_lossy(name)
                ));
                return core::ptr::null_mut();
            }
        },
    };
    drop(guard);
    match found {
        Some(f) => f.addr as *mut c_void,
        None => {
            set_dlerror(format!(
                "dlsym({handle:p}, {}): symbol not found",
                String::from_utf8_lossy(name)
            ));
            core::ptr::null_mut()
        }
    }
}

unsafe extern "C" fn dlclose(handle: *mut c_void) -> c_int {
    let mut guard = loader();
    let Some(l) = guard.as_mut() else { return -1 };
    match image_of_handle(l, handle) {
        Some(id) => {
            let img = &mut l.images[id];
            // Images stay mapped (their code may still be referenced, as
            // with macOS images that cannot be unloaded); only count.
            img.refcount = img.refcount.saturating_sub(1);
            0
        }
        None => {
            drop(guard);
            set_dlerror(format!("dlclose({handle:p}): invalid handle"));
            -1
        }
    }
}

/// darwin/glibc `Dl_info` (same layout on both).
#[repr(C)]
pub struct DlInfo {
    fname: *const c_char,
    fbase: *const c_void,
    sname: *const c_char,
    saddr: *const c_void,
}

unsafe extern "C" fn dladdr(addr: *const c_void, info: *mut DlInfo) -> c_int {
    let mut guard = loader();
    let Some(l) = guard.as_mut() else { return 0 };
    let a = addr as usize;
    let Some(id) = image_containing(l, a) else {
        return 0;
    };
    let img = &mut l.images[id];
    if img.symbols.is_none() {
        let mut syms: Vec<(usize, &'static [u8])> = img
            .macho()
            .and_then(|m| m.symbols().ok())
            .unwrap_or_default()
            .into_iter()
            .map(|s| (img.addr(s.address), s.name))
            .collect();
        syms.sort_unstable();
        img.symbols = Some(syms);
    }
    let syms = img.symbols.as_ref().expect("filled above");
    let best = match syms.binary_search_by(|(x, _)| x.cmp(&a)) {
        Ok(i) => Some(i),
        Err(0) => None,
        Err(i) => Some(i - 1),
    };
    // Names stay alive: leak one C string per looked-up symbol.
    let (sname, saddr) = match best {
        Some(i) => {
            let (sa, n) = syms[i];
            let n = n.strip_prefix(b"_").unwrap_or(n);
            (
                CString::new(n).unwrap_or_default().into_raw() as *const c_char,
                sa as *const c_void,
            )
        }
        None => (core::ptr::null(), core::ptr::null()),
    };
    // SAFETY: `info` is the caller's writable Dl_info.
    unsafe {
        (*info).fname = img.c_path.as_ptr();
        (*info).fbase = img.header.cast();
        (*info).sname = sname;
        (*info).saddr = saddr;
    }
    1
}

/// `backtrace_symbols`' view of an address (libSystem's symbolizer hook):
/// what `dladdr` answers, as owned strings.
pub fn symbolize(addr: usize) -> Option<calvados_libsystem::unwind::Symbol> {
    let mut info = DlInfo {
        fname: core::ptr::null(),
        fbase: core::ptr::null(),
        sname: core::ptr::null(),
        saddr: core::ptr::null(),
    };
    // SAFETY: `info` is writable.
    if unsafe { dladdr(addr as *const c_void, &mut info) } == 0 || info.fname.is_null() {
        return None;
    }
    // SAFETY: dladdr gives NUL-terminated strings or NULL.
    let s = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    Some(calvados_libsystem::unwind::Symbol {
        image: s(info.fname),
        base: info.fbase as usize,
        name: (!info.sname.is_null()).then(|| (s(info.sname), info.saddr as usize)),
    })
}

extern "C" fn dyld_image_count() -> u32 {
    loader().as_ref().map_or(0, |l| l.images.len() as u32)
}

extern "C" fn dyld_get_image_header(i: u32) -> *const u8 {
    loader()
        .as_ref()
        .and_then(|l| l.images.get(i as usize).map(|img| img.header))
        .unwrap_or(core::ptr::null())
}

extern "C" fn dyld_get_image_vmaddr_slide(i: u32) -> isize {
    loader()
        .as_ref()
        .and_then(|l| l.images.get(i as usize).map(|img| img.slide))
        .unwrap_or(0)
}

extern "C" fn dyld_get_image_name(i: u32) -> *const c_char {
    loader()
        .as_ref()
        .and_then(|l| l.images.get(i as usize).map(|img| img.c_path.as_ptr()))
        .unwrap_or(core::ptr::null())
}

extern "C" fn dyld_get_image_header_containing_address(a: *const c_void) -> *const u8 {
    let g = loader();
    g.as_ref()
        .and_then(|l| image_containing(l, a as usize).map(|i| l.images[i].header))
        .unwrap_or(core::ptr::null())
}

/// `_dyld_register_func_for_add_image`: called now for every loaded image,
/// later for each new one.
extern "C" fn dyld_register_add_image(cb: extern "C" fn(*const u8, isize)) {
    let existing: Vec<_> = {
        let mut g = loader();
        let Some(l) = g.as_mut() else { return };
        l.add_image_callbacks.push(cb);
        l.images.iter().map(|i| (i.header, i.slide)).collect()
    };
    for (h, s) in existing {
        cb(h, s);
    }
}

/// `_dyld_register_func_for_remove_image`: images are never unloaded.
extern "C" fn dyld_register_remove_image(_cb: extern "C" fn(*const u8, isize)) {}

/// `_dyld_bind_fully_image_containing_address`: every pointer of every
/// image is bound at load here, so the answer is whether `addr` lies in a
/// loaded image (`<mach-o/dyld.h>`: true when the image was found).
extern "C" fn dyld_bind_fully_image_containing_address(addr: *const c_void) -> bool {
    let g = loader();
    g.as_ref()
        .is_some_and(|l| image_containing(l, addr as usize).is_some())
}

/// `_dyld_present`: always true (`<mach-o/dyld.h>`).
extern "C" fn dyld_present() -> bool {
    true
}

// ---- libmacho (`<mach-o/getsect.h>`) ----------------------------------------
// Walks the load commands of an image's mach header in memory. Addresses in
// the returned commands are the file's (unslid), as on darwin; only
// `getsectiondata`/`getsegmentdata` add the slide.

const LC_SEGMENT_64: u32 = 0x19;

/// `struct segment_command_64` (`<mach-o/loader.h>`).
#[repr(C)]
struct SegmentCommand64 {
    cmd: u32,
    cmdsize: u32,
    segname: [u8; 16],
    vmaddr: u64,
    vmsize: u64,
    fileoff: u64,
    filesize: u64,
    maxprot: i32,
    initprot: i32,
    nsects: u32,
    flags: u32,
}
const _: () = assert!(core::mem::size_of::<SegmentCommand64>() == 72);
const _: () = assert!(core::mem::offset_of!(SegmentCommand64, vmaddr) == 24);

/// `struct section_64` (`<mach-o/loader.h>`).
#[repr(C)]
struct Section64 {
    sectname: [u8; 16],
    segname: [u8; 16],
    addr: u64,
    size: u64,
    offset: u32,
    align: u32,
    reloff: u32,
    nreloc: u32,
    flags: u32,
    reserved: [u32; 3],
}
const _: () = assert!(core::mem::size_of::<Section64>() == 80);
const _: () = assert!(core::mem::offset_of!(Section64, addr) == 32);

/// `strncmp(field, name, 16) == 0`.
///
/// # Safety
/// `name` is a C string.
unsafe fn name_is(field: &[u8; 16], name: *const c_char) -> bool {
    // SAFETY: per the contract.
    let n = unsafe { CStr::from_ptr(name) }.to_bytes();
    let f = field
        .iter()
        .position(|&b| b == 0)
        .map_or(&field[..], |e| &field[..e]);
    if n.len() >= 16 {
        return f.len() == 16 && f == &n[..16];
    }
    f == n
}

/// The 64-bit segment commands of a mach header.
///
/// # Safety
/// `mh` is NULL or a mapped `mach_header_64` with its load commands.
unsafe fn segments(mh: *const u8) -> Vec<*const SegmentCommand64> {
    let mut out = Vec::new();
    if mh.is_null() {
        return out;
    }
    // SAFETY: per the contract; `ncmds` at 16, commands from byte 32.
    unsafe {
        let ncmds = (mh.add(16) as *const u32).read_unaligned();
        let mut p = mh.add(32);
        for _ in 0..ncmds {
            let cmd = (p as *const u32).read_unaligned();
            let size = (p.add(4) as *const u32).read_unaligned() as usize;
            if cmd == LC_SEGMENT_64 {
                out.push(p as *const SegmentCommand64);
            }
            if size == 0 {
                break;
            }
            p = p.add(size);
        }
    }
    out
}

/// # Safety
/// As [`segments`]; the names are C strings.
unsafe fn find_section(mh: *const u8, seg: *const c_char, sect: *const c_char) -> *const Section64 {
    if seg.is_null() || sect.is_null() {
        return core::ptr::null();
    }
    // SAFETY: per the contract; sections follow their segment command.
    unsafe {
        for sg in segments(mh) {
            let first = sg.add(1) as *const Section64;
            for i in 0..(*sg).nsects as usize {
                let s = first.add(i);
                if name_is(&(*s).segname, seg) && name_is(&(*s).sectname, sect) {
                    return s;
                }
            }
        }
    }
    core::ptr::null()
}

/// # Safety
/// As [`segments`]; `seg` is a C string.
unsafe fn find_segment(mh: *const u8, seg: *const c_char) -> *const SegmentCommand64 {
    if seg.is_null() {
        return core::ptr::null();
    }
    // SAFETY: per the contract.
    unsafe {
        segments(mh)
            .into_iter()
            .find(|&sg| name_is(&(*sg).segname, seg))
            .unwrap_or(core::ptr::null())
    }
}

/// Load address minus file address: where `__TEXT` (file offset 0) landed.
///
/// # Safety
/// As [`segments`].
unsafe fn slide_of(mh: *const u8) -> usize {
    // SAFETY: per the contract.
    unsafe {
        segments(mh)
            .into_iter()
            .find(|&sg| (*sg).fileoff == 0 && (*sg).filesize != 0)
            .map_or(0, |sg| (mh as usize).wrapping_sub((*sg).vmaddr as usize))
    }
}

fn main_header() -> *const u8 {
    ns_get_mach_execute_header()
}

unsafe extern "C" fn getsectbynamefromheader_64(
    mh: *const u8,
    seg: *const c_char,
    sect: *const c_char,
) -> *const Section64 {
    // SAFETY: the caller passes a loaded image's header and C strings.
    unsafe { find_section(mh, seg, sect) }
}

/// `getsectdatafromheader_64`: the section's (unslid) address and size.
unsafe extern "C" fn getsectdatafromheader_64(
    mh: *const u8,
    seg: *const c_char,
    sect: *const c_char,
    size: *mut u64,
) -> *const c_char {
    // SAFETY: as above; `size` is writable.
    unsafe {
        let s = find_section(mh, seg, sect);
        if s.is_null() {
            return core::ptr::null();
        }
        if !size.is_null() {
            *size = (*s).size;
        }
        (*s).addr as usize as *const c_char
    }
}

/// `getsectbyname`: a section of the main executable.
unsafe extern "C" fn getsectbyname(seg: *const c_char, sect: *const c_char) -> *const Section64 {
    // SAFETY: C strings from the caller; the main header is mapped.
    unsafe { find_section(main_header(), seg, sect) }
}

/// `getsegbyname`: a segment command of the main executable.
unsafe extern "C" fn getsegbyname(seg: *const c_char) -> *const SegmentCommand64 {
    // SAFETY: as above.
    unsafe { find_segment(main_header(), seg) }
}

/// `getsectdata`: the (unslid) address and size of a main-executable section.
unsafe extern "C" fn getsectdata(
    seg: *const c_char,
    sect: *const c_char,
    size: *mut libc::c_ulong,
) -> *const c_char {
    // SAFETY: as above.
    unsafe { getsectdatafromheader_64(main_header(), seg, sect, size.cast()) }
}

/// `getsectiondata`: where a section of the image at `mh` is in memory.
unsafe extern "C" fn getsectiondata(
    mh: *const u8,
    seg: *const c_char,
    sect: *const c_char,
    size: *mut libc::c_ulong,
) -> *const u8 {
    // SAFETY: as above (`c_ulong` is `u64` on x86_64).
    unsafe {
        let at = getsectdatafromheader_64(mh, seg, sect, size.cast());
        if at.is_null() {
            return core::ptr::null();
        }
        (at as usize).wrapping_add(slide_of(mh)) as *const u8
    }
}

/// `getsegmentdata`: where a segment of the image at `mh` is in memory.
unsafe extern "C" fn getsegmentdata(
    mh: *const u8,
    seg: *const c_char,
    size: *mut libc::c_ulong,
) -> *const u8 {
    // SAFETY: as above.
    unsafe {
        let s = find_segment(mh, seg);
        if s.is_null() {
            return core::ptr::null();
        }
        if !size.is_null() {
            *size = (*s).vmsize;
        }
        ((*s).vmaddr as usize).wrapping_add(slide_of(mh)) as *const u8
    }
}

/// The end (unslid) of a main-executable section, or 0.
fn section_end(seg: &CStr, sect: &CStr) -> libc::c_ulong {
    // SAFETY: the main header is mapped; the names are C strings.
    unsafe {
        let s = find_section(main_header(), seg.as_ptr(), sect.as_ptr());
        if s.is_null() {
            0
        } else {
            (*s).addr + (*s).size
        }
    }
}

/// `get_etext`: the end of `__TEXT,__text` (the link editor's `_etext`).
extern "C" fn get_etext() -> libc::c_ulong {
    section_end(c"__TEXT", c"__text")
}

/// `get_edata`: the end of `__DATA,__data` (`_edata`).
extern "C" fn get_edata() -> libc::c_ulong {
    section_end(c"__DATA", c"__data")
}

/// `get_end`: the highest end of any segment of the main executable (`_end`).
extern "C" fn get_end() -> libc::c_ulong {
    // SAFETY: the main header is mapped.
    unsafe {
        segments(main_header())
            .into_iter()
            .map(|sg| (*sg).vmaddr + (*sg).vmsize)
            .max()
            .unwrap_or(0)
    }
}

/// `dyld_stub_binder`: never reached, because every lazy pointer is bound
/// at load time.
extern "C" fn dyld_stub_binder() -> ! {
    let msg = b"calvados: dyld_stub_binder reached: a lazy pointer was not bound at load\n";
    // SAFETY: writing a static buffer, then aborting.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::abort()
    }
}

core::arch::global_asm!(
    ".text",
    ".globl calvados_dlopen",
    ".hidden calvados_dlopen",
    "calvados_dlopen:",
    "mov rdx, [rsp]",
    "jmp {open}",
    ".globl calvados_dlsym",
    ".hidden calvados_dlsym",
    "calvados_dlsym:",
    "mov rdx, [rsp]",
    "jmp {sym}",
    open = sym dlopen_impl,
    sym = sym dlsym_impl,
);

extern "C" {
    fn calvados_dlopen();
    fn calvados_dlsym();
}

/// Our dyld API, looked up before the libSystem table.
pub fn lookup(name: &[u8]) -> Option<usize> {
    let f: usize = match name {
        b"_dlopen" => calvados_dlopen as *const () as usize,
        b"_dlsym" => calvados_dlsym as *const () as usize,
        b"_dlclose" => dlclose as *const () as usize,
        b"_dlerror" => dlerror as *const () as usize,
        b"_dladdr" => dladdr as *const () as usize,
        b"__dyld_image_count" => dyld_image_count as *const () as usize,
        b"__dyld_get_image_header" => dyld_get_image_header as *const () as usize,
        b"__dyld_get_image_vmaddr_slide" => dyld_get_image_vmaddr_slide as *const () as usize,
        b"__dyld_get_image_name" => dyld_get_image_name as *const () as usize,
        b"__dyld_get_image_header_containing_address" => {
            dyld_get_image_header_containing_address as *const () as usize
        }
        b"__dyld_register_func_for_add_image" => dyld_register_add_image as *const () as usize,
        b"__dyld_register_func_for_remove_image" => {
            dyld_register_remove_image as *const () as usize
        }
        b"__NSGetExecutablePath" => ns_get_executable_path as *const () as usize,
        b"__NSGetArgc" => ns_get_argc as *const () as usize,
        b"__NSGetArgv" => ns_get_argv as *const () as usize,
        b"__NSGetEnviron" => ns_get_environ as *const () as usize,
        b"__NSGetProgname" => ns_get_progname as *const () as usize,
        b"__NSGetMachExecuteHeader" => ns_get_mach_execute_header as *const () as usize,
        b"__dyld_bind_fully_image_containing_address" => {
            dyld_bind_fully_image_containing_address as *const () as usize
        }
        b"__dyld_present" => dyld_present as *const () as usize,
        b"_getsectbynamefromheader_64" => getsectbynamefromheader_64 as *const () as usize,
        b"_getsectdatafromheader_64" => getsectdatafromheader_64 as *const () as usize,
        b"_getsectbyname" => getsectbyname as *const () as usize,
        b"_getsegbyname" => getsegbyname as *const () as usize,
        b"_getsectdata" => getsectdata as *const () as usize,
        b"_getsectiondata" => getsectiondata as *const () as usize,
        b"_getsegmentdata" => getsegmentdata as *const () as usize,
        b"_get_etext" => get_etext as *const () as usize,
        b"_get_edata" => get_edata as *const () as usize,
        b"_get_end" => get_end as *const () as usize,
        b"dyld_stub_binder" => dyld_stub_binder as *const () as usize,
        b"__tlv_bootstrap" => crate::tlv::get_addr_thunk(),
        _ => return None,
    };
    Some(f)
}
