//! Directory streams with darwin's `DIR` (the `dirfd` macro reads
//! `__dd_fd` at offset 0) and both darwin `struct dirent`s (`<sys/dirent.h>`):
//! the 64-bit-inode one behind the `$INODE64` names (`d_ino`, `d_seekoff`,
//! `d_reclen`, `d_namlen`, `d_type`, 1024-byte name) and the legacy one
//! behind the plain names (32-bit `d_ino`, 8-bit `d_namlen`, 256-byte name).
//! Entries come from glibc's `readdir64` on our own descriptor;
//! `getdirentries`/`__getdirentries64` read Linux `getdents64` records and
//! rewrite them in darwin's layout.

use libc::{c_char, c_int, c_long, c_void, size_t, ssize_t};

/// darwin `struct dirent` (`__DARWIN_64_BIT_INO_T`).
#[repr(C)]
pub struct Dirent {
    pub ino: u64,
    pub seekoff: u64,
    pub reclen: u16,
    pub namlen: u16,
    pub kind: u8,
    pub name: [c_char; 1024],
}
const _: () = assert!(core::mem::offset_of!(Dirent, reclen) == 16);
const _: () = assert!(core::mem::offset_of!(Dirent, kind) == 20);
const _: () = assert!(core::mem::offset_of!(Dirent, name) == 21);
const _: () = assert!(core::mem::size_of::<Dirent>() == 1048);

/// darwin legacy `struct dirent` (`#pragma pack(4)`, 32-bit inode).
#[repr(C, packed(4))]
pub struct DirentLegacy {
    pub ino: u32,
    pub reclen: u16,
    pub kind: u8,
    pub namlen: u8,
    pub name: [c_char; 256],
}
const _: () = assert!(core::mem::offset_of!(DirentLegacy, name) == 8);
const _: () = assert!(core::mem::size_of::<DirentLegacy>() == 264);

/// Header bytes before `d_name`.
const HDR64: usize = 21;
const HDR_LEGACY: usize = 8;

/// Our `DIR`: darwin's public prefix (`__dd_fd` first), then glibc's stream
/// and the entry buffers `readdir` returns.
#[repr(C)]
pub struct Dir {
    pub fd: c_int,
    host: *mut libc::DIR,
    entry: Dirent,
    legacy: DirentLegacy,
}

/// A name's length and bytes from a glibc entry.
fn name_of(e: &libc::dirent64) -> &[u8] {
    // SAFETY: `d_name` is NUL-terminated within the array.
    let n = unsafe { libc::strlen(e.d_name.as_ptr()) };
    // SAFETY: `n` bytes of the array.
    unsafe { core::slice::from_raw_parts(e.d_name.as_ptr().cast(), n) }
}

fn fill(d: &mut Dirent, ino: u64, off: i64, kind: u8, name: &[u8]) {
    let n = name.len().min(1023);
    d.ino = ino;
    d.seekoff = off as u64;
    d.kind = kind; // DT_* values agree
    for (o, &c) in d.name.iter_mut().zip(&name[..n]) {
        *o = c as c_char;
    }
    d.name[n] = 0;
    d.namlen = n as u16;
    d.reclen = (HDR64 + n + 1).next_multiple_of(8) as u16;
}

/// Fills a legacy entry; `false` if the name does not fit its 255 bytes.
fn fill_legacy(d: &mut DirentLegacy, ino: u64, kind: u8, name: &[u8]) -> bool {
    if name.len() > 255 {
        return false;
    }
    let mut buf = [0 as c_char; 256];
    for (o, &c) in buf.iter_mut().zip(name) {
        *o = c as c_char;
    }
    d.ino = ino as u32;
    d.kind = kind;
    d.namlen = name.len() as u8;
    d.name = buf;
    d.reclen = (HDR_LEGACY + name.len() + 1).next_multiple_of(4) as u16;
    true
}

unsafe fn wrap(host: *mut libc::DIR) -> *mut Dir {
    if host.is_null() {
        crate::errno::set_from_linux();
        return core::ptr::null_mut();
    }
    // SAFETY: `host` is a live glibc stream; the Dir is freed by closedir.
    unsafe {
        let d = libc::calloc(1, core::mem::size_of::<Dir>()) as *mut Dir;
        if d.is_null() {
            libc::closedir(host);
            crate::errno::set(crate::errno::darwin::ENOMEM);
            return d;
        }
        (*d).fd = libc::dirfd(host);
        (*d).host = host;
        d
    }
}

unsafe extern "C" fn opendir(path: *const c_char) -> *mut Dir {
    // SAFETY: `path` is the caller's C string.
    unsafe { wrap(libc::opendir(path)) }
}

/// `__opendir2(path, flags)`: the `DTF_*` flags concern union mounts and
/// whiteouts, which Linux directories do not have.
unsafe extern "C" fn opendir2(path: *const c_char, _flags: c_int) -> *mut Dir {
    // SAFETY: `path` is the caller's C string.
    unsafe { opendir(path) }
}

unsafe extern "C" fn fdopendir(fd: c_int) -> *mut Dir {
    // SAFETY: the caller hands over `fd`.
    unsafe { wrap(libc::fdopendir(fd)) }
}

/// The next glibc entry, or NULL with errno translated if it changed.
unsafe fn next(d: *mut Dir) -> *mut libc::dirent64 {
    // SAFETY: `d` is a Dir from opendir.
    unsafe {
        let saved = crate::errno::get();
        crate::errno::set(0);
        let e = libc::readdir64((*d).host);
        if e.is_null() {
            if crate::errno::get() != 0 {
                crate::errno::set_from_linux();
            } else {
                crate::errno::set(saved);
            }
        } else {
            crate::errno::set(saved);
        }
        e
    }
}

unsafe extern "C" fn readdir(d: *mut Dir) -> *mut Dirent {
    // SAFETY: `d` is a Dir from opendir.
    unsafe {
        let e = next(d);
        if e.is_null() {
            return core::ptr::null_mut();
        }
        let e = &*e;
        fill(&mut (*d).entry, e.d_ino, e.d_off, e.d_type, name_of(e));
        &mut (*d).entry
    }
}

unsafe extern "C" fn readdir_legacy(d: *mut Dir) -> *mut DirentLegacy {
    // SAFETY: `d` is a Dir from opendir.
    unsafe {
        loop {
            let e = next(d);
            if e.is_null() {
                return core::ptr::null_mut();
            }
            let e = &*e;
            // A name longer than the legacy 255 bytes cannot be returned.
            if fill_legacy(&mut (*d).legacy, e.d_ino, e.d_type, name_of(e)) {
                return &mut (*d).legacy;
            }
        }
    }
}

unsafe extern "C" fn readdir_r(d: *mut Dir, entry: *mut Dirent, result: *mut *mut Dirent) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        let saved = crate::errno::get();
        crate::errno::set(0);
        let e = readdir(d);
        let err = crate::errno::get();
        crate::errno::set(saved);
        if e.is_null() {
            *result = core::ptr::null_mut();
            return err;
        }
        core::ptr::copy_nonoverlapping(e as *const u8, entry as *mut u8, (*e).reclen as usize);
        *result = entry;
    }
    0
}

unsafe extern "C" fn readdir_r_legacy(
    d: *mut Dir,
    entry: *mut DirentLegacy,
    result: *mut *mut DirentLegacy,
) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        let saved = crate::errno::get();
        crate::errno::set(0);
        let e = readdir_legacy(d);
        let err = crate::errno::get();
        crate::errno::set(saved);
        if e.is_null() {
            *result = core::ptr::null_mut();
            return err;
        }
        core::ptr::copy_nonoverlapping(e, entry, 1);
        *result = entry;
    }
    0
}

unsafe extern "C" fn closedir(d: *mut Dir) -> c_int {
    if d.is_null() {
        crate::errno::set(crate::errno::darwin::EBADF);
        return -1;
    }
    // SAFETY: `d` is a Dir from opendir; freed exactly once here.
    unsafe {
        let r = crate::errno::check(libc::closedir((*d).host));
        libc::free(d.cast());
        r
    }
}

unsafe extern "C" fn rewinddir(d: *mut Dir) {
    // SAFETY: `d` is a Dir from opendir.
    unsafe { libc::rewinddir((*d).host) }
}

unsafe extern "C" fn telldir(d: *mut Dir) -> c_long {
    // SAFETY: `d` is a Dir from opendir.
    unsafe { libc::telldir((*d).host) }
}

unsafe extern "C" fn seekdir(d: *mut Dir, loc: c_long) {
    // SAFETY: `d` is a Dir from opendir.
    unsafe { libc::seekdir((*d).host, loc) }
}

unsafe extern "C" fn dirfd(d: *mut Dir) -> c_int {
    // SAFETY: `d` is a Dir from opendir.
    unsafe { (*d).fd }
}

// ---- scandir ------------------------------------------------------------

/// The entry layouts `scandir` works with.
trait Entry {
    /// Reads the next entry of `d`.
    unsafe fn read(d: *mut Dir) -> *mut Self;
    /// Bytes to copy for this entry.
    fn size(&self) -> usize;
    /// `d_name`.
    fn name(&self) -> *const c_char;
}

impl Entry for Dirent {
    unsafe fn read(d: *mut Dir) -> *mut Self {
        // SAFETY: forwarded contract.
        unsafe { readdir(d) }
    }
    fn size(&self) -> usize {
        self.reclen as usize
    }
    fn name(&self) -> *const c_char {
        self.name.as_ptr()
    }
}

impl Entry for DirentLegacy {
    unsafe fn read(d: *mut Dir) -> *mut Self {
        // SAFETY: forwarded contract.
        unsafe { readdir_legacy(d) }
    }
    fn size(&self) -> usize {
        self.reclen as usize
    }
    fn name(&self) -> *const c_char {
        core::ptr::addr_of!(self.name).cast()
    }
}

/// A filter: a C function pointer or a block (`scandir_b`).
enum Select<T> {
    None,
    Func(unsafe extern "C" fn(*const T) -> c_int),
    Block(*mut c_void),
}

type Compar = unsafe extern "C" fn(*const c_void, *const c_void) -> c_int;

/// The `invoke` pointer of a block literal (Block ABI: `isa` pointer,
/// `int flags`, `int reserved`, then `invoke` at offset 16).
///
/// # Safety
/// `b` must point to a block literal.
pub unsafe fn block_invoke(b: *mut c_void) -> *const c_void {
    // SAFETY: `b` is a block literal.
    unsafe { *(b as *const *const c_void).add(2) }
}

/// `scandir` on an open stream: the selected entries, copied with
/// `malloc`, in an array of `malloc`, sorted with `compar`.
unsafe fn scan<T: Entry>(
    d: *mut Dir,
    list: *mut *mut *mut T,
    select: Select<T>,
    sort: Option<Box<dyn Fn(*mut *mut T, usize)>>,
) -> c_int {
    if d.is_null() {
        return -1;
    }
    let mut v: Vec<*mut T> = Vec::new();
    // SAFETY: `d` is our stream; entries are copied into fresh allocations.
    unsafe {
        let fail = |v: &mut Vec<*mut T>, d: *mut Dir| {
            let e = crate::errno::get();
            for p in v.drain(..) {
                libc::free(p.cast());
            }
            closedir(d);
            crate::errno::set(e);
            -1
        };
        loop {
            crate::errno::set(0);
            let e = T::read(d);
            if e.is_null() {
                if crate::errno::get() != 0 {
                    return fail(&mut v, d);
                }
                break;
            }
            let keep = match &select {
                Select::None => true,
                Select::Func(f) => f(e) != 0,
                Select::Block(b) => {
                    let f: unsafe extern "C" fn(*mut c_void, *const T) -> c_int =
                        core::mem::transmute(block_invoke(*b));
                    f(*b, e) != 0
                }
            };
            if !keep {
                continue;
            }
            let n = (*e).size();
            let p = libc::malloc(n) as *mut T;
            if p.is_null() {
                crate::errno::set(crate::errno::darwin::ENOMEM);
                return fail(&mut v, d);
            }
            core::ptr::copy_nonoverlapping(e as *const u8, p as *mut u8, n);
            v.push(p);
        }
        let arr = libc::malloc(v.len().max(1) * core::mem::size_of::<*mut T>()) as *mut *mut T;
        if arr.is_null() {
            crate::errno::set(crate::errno::darwin::ENOMEM);
            return fail(&mut v, d);
        }
        core::ptr::copy_nonoverlapping(v.as_ptr(), arr, v.len());
        if let Some(sort) = sort {
            if v.len() > 1 {
                sort(arr, v.len());
            }
        }
        closedir(d);
        *list = arr;
        v.len() as c_int
    }
}

/// Sorts the entry pointers with a C comparator over `const T **`.
fn c_sort<T>(compar: Option<Compar>) -> Option<Box<dyn Fn(*mut *mut T, usize)>> {
    let compar = compar?;
    Some(Box::new(move |arr, n| {
        // SAFETY: `arr` holds `n` pointers; `compar` takes two of their addresses.
        unsafe { libc::qsort(arr.cast(), n, core::mem::size_of::<*mut T>(), Some(compar)) }
    }))
}

/// Sorts with a block comparator (`int (^)(const T **, const T **)`).
fn block_sort<T: 'static>(b: *mut c_void) -> Option<Box<dyn Fn(*mut *mut T, usize)>> {
    if b.is_null() {
        return None;
    }
    Some(Box::new(move |arr, n| {
        // SAFETY: `arr` holds `n` valid pointers; the block compares two of them.
        unsafe {
            let f: unsafe extern "C" fn(*mut c_void, *const *mut T, *const *mut T) -> c_int =
                core::mem::transmute(block_invoke(b));
            let s = core::slice::from_raw_parts_mut(arr, n);
            s.sort_by(|x, y| f(b, x, y).cmp(&0));
        }
    }))
}

unsafe extern "C" fn scandir(
    path: *const c_char,
    list: *mut *mut *mut Dirent,
    select: Option<unsafe extern "C" fn(*const Dirent) -> c_int>,
    compar: Option<Compar>,
) -> c_int {
    let s = select.map_or(Select::None, Select::Func);
    // SAFETY: forwarded contract.
    unsafe { scan(opendir(path), list, s, c_sort(compar)) }
}

unsafe extern "C" fn scandirat(
    fd: c_int,
    path: *const c_char,
    list: *mut *mut *mut Dirent,
    select: Option<unsafe extern "C" fn(*const Dirent) -> c_int>,
    compar: Option<Compar>,
) -> c_int {
    let s = select.map_or(Select::None, Select::Func);
    // SAFETY: forwarded contract.
    unsafe { scan(open_at(fd, path), list, s, c_sort(compar)) }
}

unsafe extern "C" fn scandir_b(
    path: *const c_char,
    list: *mut *mut *mut Dirent,
    select: *mut c_void,
    compar: *mut c_void,
) -> c_int {
    let s = if select.is_null() {
        Select::None
    } else {
        Select::Block(select)
    };
    // SAFETY: forwarded contract.
    unsafe { scan(opendir(path), list, s, block_sort(compar)) }
}

unsafe extern "C" fn scandir_legacy(
    path: *const c_char,
    list: *mut *mut *mut DirentLegacy,
    select: Option<unsafe extern "C" fn(*const DirentLegacy) -> c_int>,
    compar: Option<Compar>,
) -> c_int {
    let s = select.map_or(Select::None, Select::Func);
    // SAFETY: forwarded contract.
    unsafe { scan(opendir(path), list, s, c_sort(compar)) }
}

/// A stream on `path` relative to a darwin directory descriptor.
unsafe fn open_at(fd: c_int, path: *const c_char) -> *mut Dir {
    let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC;
    // SAFETY: `path` is the caller's C string.
    let f = unsafe { libc::openat(crate::kernel::fs::at_fd(fd), path, flags) };
    if f < 0 {
        crate::errno::set_from_linux();
        return core::ptr::null_mut();
    }
    // SAFETY: the stream owns `f` from now on.
    let d = unsafe { fdopendir(f) };
    if d.is_null() {
        // SAFETY: still ours.
        unsafe { libc::close(f) };
    }
    d
}

/// `alphasort`: byte order of the names, as Apple's libc compares them.
unsafe extern "C" fn alphasort(a: *const *const Dirent, b: *const *const Dirent) -> c_int {
    // SAFETY: two entries from scandir.
    unsafe { libc::strcmp((**a).name.as_ptr(), (**b).name.as_ptr()) }
}

unsafe extern "C" fn alphasort_legacy(
    a: *const *const DirentLegacy,
    b: *const *const DirentLegacy,
) -> c_int {
    // SAFETY: two entries from scandir.
    unsafe { libc::strcmp((**a).name(), (**b).name()) }
}

// ---- getdirentries -----------------------------------------------------

/// Reads `getdents64` records and rewrites them with `put` (which returns
/// the bytes written, or `None` when the entry does not fit). Entries that
/// do not fit are left for the next call (the offset is moved back).
unsafe fn getdents(
    fd: c_int,
    out: *mut u8,
    n: usize,
    mut put: impl FnMut(&mut [u8], u64, i64, u8, &[u8]) -> Option<usize>,
) -> ssize_t {
    let mut tmp = vec![0u8; n.clamp(64, 1 << 20)];
    // SAFETY: `tmp` is a buffer of its length.
    let got = unsafe { libc::syscall(libc::SYS_getdents64, fd, tmp.as_mut_ptr(), tmp.len()) };
    if got < 0 {
        crate::errno::set_from_linux();
        return -1;
    }
    // SAFETY: the caller's buffer of `n` bytes.
    let out = unsafe { core::slice::from_raw_parts_mut(out, n) };
    let (mut i, mut w) = (0usize, 0usize);
    let mut resume = None;
    while i < got as usize {
        let rec = &tmp[i..];
        let ino = u64::from_ne_bytes(rec[0..8].try_into().unwrap());
        let off = i64::from_ne_bytes(rec[8..16].try_into().unwrap());
        let reclen = u16::from_ne_bytes(rec[16..18].try_into().unwrap()) as usize;
        let kind = rec[18];
        let name = &rec[19..reclen];
        let name = &name[..name.iter().position(|&c| c == 0).unwrap_or(name.len())];
        match put(&mut out[w..], ino, off, kind, name) {
            Some(k) => {
                w += k;
                resume = Some(off);
            }
            None => {
                let Some(back) = resume else {
                    // Not even the first entry fits the caller's buffer.
                    crate::errno::set(crate::errno::darwin::EINVAL);
                    return -1;
                };
                // SAFETY: moving our directory offset to the next unread entry.
                unsafe { libc::lseek(fd, back, libc::SEEK_SET) };
                break;
            }
        }
        i += reclen;
    }
    w as ssize_t
}

/// `__getdirentries64(fd, buf, bufsize, &position)`: darwin 64-bit-inode
/// records (each `d_reclen` bytes, 8-aligned).
unsafe extern "C" fn getdirentries64(
    fd: c_int,
    buf: *mut c_void,
    n: size_t,
    basep: *mut i64,
) -> ssize_t {
    // SAFETY: no memory is involved.
    let start = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
    // SAFETY: the caller's buffer of `n` bytes.
    let r = unsafe {
        getdents(fd, buf.cast(), n, |out, ino, off, kind, name| {
            let len = (HDR64 + name.len() + 1).next_multiple_of(8);
            if len > out.len() || name.len() > 1023 {
                return None;
            }
            out[..len].fill(0);
            out[0..8].copy_from_slice(&ino.to_ne_bytes());
            out[8..16].copy_from_slice(&(off as u64).to_ne_bytes());
            out[16..18].copy_from_slice(&(len as u16).to_ne_bytes());
            out[18..20].copy_from_slice(&(name.len() as u16).to_ne_bytes());
            out[20] = kind;
            out[HDR64..HDR64 + name.len()].copy_from_slice(name);
            Some(len)
        })
    };
    if r >= 0 && !basep.is_null() {
        // SAFETY: the caller's position.
        unsafe { *basep = start };
    }
    r
}

/// Legacy `getdirentries(fd, buf, nbytes, &base)`: legacy records (32-bit
/// inode, 4-aligned).
unsafe extern "C" fn getdirentries(
    fd: c_int,
    buf: *mut c_char,
    n: c_int,
    basep: *mut c_long,
) -> c_int {
    if n < 0 {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    }
    // SAFETY: no memory is involved.
    let start = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
    // SAFETY: the caller's buffer of `n` bytes.
    let r = unsafe {
        getdents(fd, buf.cast(), n as usize, |out, ino, _off, kind, name| {
            if name.len() > 255 {
                // Cannot be expressed; skip it.
                return Some(0);
            }
            let len = (HDR_LEGACY + name.len() + 1).next_multiple_of(4);
            if len > out.len() {
                return None;
            }
            out[..len].fill(0);
            out[0..4].copy_from_slice(&(ino as u32).to_ne_bytes());
            out[4..6].copy_from_slice(&(len as u16).to_ne_bytes());
            out[6] = kind;
            out[7] = name.len() as u8;
            out[HDR_LEGACY..HDR_LEGACY + name.len()].copy_from_slice(name);
            Some(len)
        })
    };
    if r >= 0 && !basep.is_null() {
        // SAFETY: the caller's position.
        unsafe { *basep = start };
    }
    r as c_int
}

// ---- small file calls kept here ---------------------------------------

extern "C" fn umask(m: libc::mode_t) -> libc::mode_t {
    // SAFETY: no memory is involved.
    unsafe { libc::umask(m) }
}

extern "C" fn ftruncate(fd: c_int, len: libc::off_t) -> c_int {
    // SAFETY: no memory is involved.
    crate::errno::check(unsafe { libc::ftruncate(fd, len) })
}

unsafe extern "C" fn truncate(p: *const c_char, len: libc::off_t) -> c_int {
    // SAFETY: the caller's C string.
    crate::errno::check(unsafe { libc::truncate(p, len) })
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_opendir$INODE64" => opendir,
    func "_opendir" => opendir,
    func "___opendir2$INODE64" => opendir2,
    func "___opendir2" => opendir2,
    func "_fdopendir$INODE64" => fdopendir,
    func "_fdopendir" => fdopendir,
    func "_readdir$INODE64" => readdir,
    func "_readdir" => readdir_legacy,
    func "_readdir_r$INODE64" => readdir_r,
    func "_readdir_r" => readdir_r_legacy,
    func "_closedir" => closedir,
    func "_rewinddir$INODE64" => rewinddir,
    func "_rewinddir" => rewinddir,
    func "_telldir$INODE64" => telldir,
    func "_telldir" => telldir,
    func "_seekdir$INODE64" => seekdir,
    func "_seekdir" => seekdir,
    func "_dirfd" => dirfd,
    func "_scandir$INODE64" => scandir,
    func "_scandir" => scandir_legacy,
    func "_scandir_b$INODE64" => scandir_b,
    func "_scandirat$INODE64" => scandirat,
    func "_alphasort$INODE64" => alphasort,
    func "_alphasort" => alphasort_legacy,
    func "___getdirentries64" => getdirentries64,
    func "_getdirentries" => getdirentries,
    func "_umask" => umask,
    func "_ftruncate" => ftruncate,
    func "_truncate" => truncate,
};
