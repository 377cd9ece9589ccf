//! Directory streams with darwin's `DIR` (the `dirfd` macro reads
//! `__dd_fd` at offset 0) and darwin's 64-bit-inode `struct dirent`
//! (`d_ino`, `d_seekoff`, `d_reclen`, `d_namlen`, `d_type`, 1024-byte name).
//! Entries come from glibc's `readdir` on our own descriptor.

use libc::{c_char, c_int, c_long};

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
const _: () = assert!(core::mem::offset_of!(Dirent, name) == 21);
const _: () = assert!(core::mem::size_of::<Dirent>() == 1048);

/// Our `DIR`: darwin's public prefix (`__dd_fd` first), then glibc's stream
/// and the entry buffer `readdir` returns.
#[repr(C)]
pub struct Dir {
    pub fd: c_int,
    host: *mut libc::DIR,
    entry: Dirent,
}

fn fill(d: &mut Dirent, e: &libc::dirent64) {
    d.ino = e.d_ino;
    d.seekoff = e.d_off as u64;
    d.kind = e.d_type; // DT_* values agree
    let mut n = 0;
    while n < 1023 && e.d_name[n] != 0 {
        d.name[n] = e.d_name[n];
        n += 1;
    }
    d.name[n] = 0;
    d.namlen = n as u16;
    d.reclen = (21 + n as u16 + 1).next_multiple_of(8);
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

unsafe extern "C" fn fdopendir(fd: c_int) -> *mut Dir {
    // SAFETY: the caller hands over `fd`.
    unsafe { wrap(libc::fdopendir(fd)) }
}

unsafe extern "C" fn readdir(d: *mut Dir) -> *mut Dirent {
    // SAFETY: `d` is a Dir from opendir.
    unsafe {
        let saved = crate::errno::get();
        let e = libc::readdir64((*d).host);
        if e.is_null() {
            if crate::errno::get() != saved {
                crate::errno::set_from_linux();
            }
            return core::ptr::null_mut();
        }
        fill(&mut (*d).entry, &*e);
        &mut (*d).entry
    }
}

unsafe extern "C" fn readdir_r(d: *mut Dir, entry: *mut Dirent, result: *mut *mut Dirent) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        crate::errno::set(0);
        let e = readdir(d);
        if e.is_null() {
            *result = core::ptr::null_mut();
            return crate::errno::get();
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
    func "_fdopendir$INODE64" => fdopendir,
    func "_fdopendir" => fdopendir,
    func "_readdir$INODE64" => readdir,
    func "_readdir_r$INODE64" => readdir_r,
    func "_closedir" => closedir,
    func "_rewinddir$INODE64" => rewinddir,
    func "_telldir$INODE64" => telldir,
    func "_seekdir$INODE64" => seekdir,
    func "_dirfd" => dirfd,
    func "_umask" => umask,
    func "_ftruncate" => ftruncate,
    func "_truncate" => truncate,
};
