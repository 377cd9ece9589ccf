//! Extended attributes with darwin's signatures (`<sys/xattr.h>`: a
//! `position` argument and an `options` word: `XATTR_NOFOLLOW` 1,
//! `XATTR_CREATE` 2, `XATTR_REPLACE` 4).
//!
//! Name mapping: Linux requires a namespace prefix and lets unprivileged
//! programs use only `user.`; darwin names have none. A darwin name `N` is
//! stored as the Linux attribute `user.N`, and listing shows only the
//! `user.` attributes, with the prefix removed — so a darwin program sees
//! exactly the attributes it (or another darwin program, or a Linux one
//! using `user.`) set. `security.*`, `trusted.*`, `system.*` stay hidden.
//! A missing attribute is darwin's `ENOATTR`; `position` is only valid for
//! `com.apple.ResourceFork`, as on darwin.

use crate::errno::darwin;
use libc::{c_char, c_int, c_void, size_t, ssize_t};

const XATTR_NOFOLLOW: c_int = 0x1;
const XATTR_CREATE: c_int = 0x2;
const XATTR_REPLACE: c_int = 0x4;
const XATTR_NOSECURITY: c_int = 0x8;
const XATTR_NODEFAULT: c_int = 0x10;
const XATTR_SHOWCOMPRESSION: c_int = 0x20;
const XATTR_MAXNAMELEN: usize = 127;
const RESOURCE_FORK: &[u8] = b"com.apple.ResourceFork";
const PREFIX: &[u8] = b"user.";

/// Where an attribute call goes.
#[derive(Clone, Copy)]
enum Target {
    Path(*const c_char, bool),
    Fd(c_int),
}

/// The Linux name for a darwin attribute name.
fn linux_name(name: *const c_char) -> Option<Vec<u8>> {
    if name.is_null() {
        crate::errno::set(darwin::EFAULT);
        return None;
    }
    // SAFETY: the caller's C string.
    let n = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
    if n.is_empty() {
        crate::errno::set(darwin::EINVAL);
        return None;
    }
    if n.len() > XATTR_MAXNAMELEN {
        crate::errno::set(darwin::ENAMETOOLONG);
        return None;
    }
    let mut v = PREFIX.to_vec();
    v.extend_from_slice(n);
    v.push(0);
    Some(v)
}

/// Checks `options` against what the call accepts; returns whether not to
/// follow a final symbolic link.
fn options(opts: c_int, allowed: c_int, fd: bool) -> Option<bool> {
    let valid =
        XATTR_NOFOLLOW | XATTR_NOSECURITY | XATTR_NODEFAULT | XATTR_SHOWCOMPRESSION | allowed;
    if opts & !valid != 0
        || (fd && opts & (XATTR_NOFOLLOW | XATTR_NOSECURITY | XATTR_NODEFAULT) != 0)
    {
        crate::errno::set(darwin::EINVAL);
        return None;
    }
    Some(opts & XATTR_NOFOLLOW != 0)
}

/// errno after a failed Linux xattr call: `ENODATA` is darwin's `ENOATTR`.
fn fail<T: From<i8>>() -> T {
    if crate::errno::get() == libc::ENODATA {
        crate::errno::set(darwin::ENOATTR);
    } else {
        crate::errno::set_from_linux();
    }
    T::from(-1)
}

unsafe fn raw_get(t: Target, name: &[u8], buf: *mut c_void, n: size_t) -> ssize_t {
    let name = name.as_ptr().cast();
    // SAFETY: `name` is NUL-terminated; `buf` holds `n` bytes (or n == 0).
    unsafe {
        match t {
            Target::Path(p, false) => libc::getxattr(p, name, buf, n),
            Target::Path(p, true) => libc::lgetxattr(p, name, buf, n),
            Target::Fd(fd) => libc::fgetxattr(fd, name, buf, n),
        }
    }
}

unsafe fn raw_set(t: Target, name: &[u8], buf: *const c_void, n: size_t, flags: c_int) -> c_int {
    let name = name.as_ptr().cast();
    // SAFETY: `name` is NUL-terminated; `buf` holds `n` bytes.
    unsafe {
        match t {
            Target::Path(p, false) => libc::setxattr(p, name, buf, n, flags),
            Target::Path(p, true) => libc::lsetxattr(p, name, buf, n, flags),
            Target::Fd(fd) => libc::fsetxattr(fd, name, buf, n, flags),
        }
    }
}

/// The whole value of an attribute.
unsafe fn get_all(t: Target, name: &[u8]) -> Option<Vec<u8>> {
    loop {
        // SAFETY: a size query.
        let n = unsafe { raw_get(t, name, core::ptr::null_mut(), 0) };
        if n < 0 {
            return None;
        }
        let mut v = vec![0u8; n as usize];
        // SAFETY: `v` holds `n` bytes.
        let m = unsafe { raw_get(t, name, v.as_mut_ptr().cast(), v.len()) };
        if m >= 0 {
            v.truncate(m as usize);
            return Some(v);
        }
        if crate::errno::get() != libc::ERANGE {
            return None;
        }
    }
}

unsafe fn get(
    t: Target,
    name: *const c_char,
    buf: *mut c_void,
    size: size_t,
    pos: u32,
    opts: c_int,
) -> ssize_t {
    let Some(nofollow) = options(opts, 0, matches!(t, Target::Fd(_))) else {
        return -1;
    };
    let t = match t {
        Target::Path(p, _) => Target::Path(p, nofollow),
        t => t,
    };
    let Some(ln) = linux_name(name) else {
        return -1;
    };
    if pos != 0 {
        if &ln[PREFIX.len()..ln.len() - 1] != RESOURCE_FORK {
            crate::errno::set(darwin::EINVAL);
            return -1;
        }
        // SAFETY: forwarded contract.
        let Some(v) = (unsafe { get_all(t, &ln) }) else {
            return fail();
        };
        let rest = v.get(pos as usize..).unwrap_or(&[]);
        if buf.is_null() {
            return rest.len() as ssize_t;
        }
        let k = rest.len().min(size);
        // SAFETY: the caller's buffer of `size` bytes.
        unsafe { core::ptr::copy_nonoverlapping(rest.as_ptr(), buf.cast(), k) };
        return k as ssize_t;
    }
    let size = if buf.is_null() { 0 } else { size };
    // SAFETY: forwarded contract.
    let r = unsafe { raw_get(t, &ln, buf, size) };
    if r < 0 {
        return fail();
    }
    r
}

unsafe fn set(
    t: Target,
    name: *const c_char,
    buf: *const c_void,
    size: size_t,
    pos: u32,
    opts: c_int,
) -> c_int {
    let Some(nofollow) = options(
        opts,
        XATTR_CREATE | XATTR_REPLACE,
        matches!(t, Target::Fd(_)),
    ) else {
        return -1;
    };
    if opts & XATTR_CREATE != 0 && opts & XATTR_REPLACE != 0 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    let t = match t {
        Target::Path(p, _) => Target::Path(p, nofollow),
        t => t,
    };
    let Some(ln) = linux_name(name) else {
        return -1;
    };
    let flags = if opts & XATTR_CREATE != 0 {
        libc::XATTR_CREATE
    } else if opts & XATTR_REPLACE != 0 {
        libc::XATTR_REPLACE
    } else {
        0
    };
    if buf.is_null() && size != 0 {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    if pos != 0 {
        if &ln[PREFIX.len()..ln.len() - 1] != RESOURCE_FORK {
            crate::errno::set(darwin::EINVAL);
            return -1;
        }
        // Write into the existing value at `pos`.
        // SAFETY: forwarded contract.
        let mut v = match unsafe { get_all(t, &ln) } {
            Some(v) if flags != libc::XATTR_CREATE => v,
            Some(_) => {
                crate::errno::set(darwin::EEXIST);
                return -1;
            }
            None if crate::errno::get() == libc::ENODATA && flags != libc::XATTR_REPLACE => {
                Vec::new()
            }
            None => return fail(),
        };
        let end = pos as usize + size;
        if v.len() < end {
            v.resize(end, 0);
        }
        // SAFETY: the caller's `size` bytes.
        let data = unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), size) };
        v[pos as usize..end].copy_from_slice(data);
        // SAFETY: `v` is our buffer.
        if unsafe { raw_set(t, &ln, v.as_ptr().cast(), v.len(), 0) } != 0 {
            return fail();
        }
        return 0;
    }
    // SAFETY: forwarded contract.
    if unsafe { raw_set(t, &ln, buf, size, flags) } != 0 {
        return fail();
    }
    0
}

unsafe fn remove(t: Target, name: *const c_char, opts: c_int) -> c_int {
    let Some(nofollow) = options(opts, 0, matches!(t, Target::Fd(_))) else {
        return -1;
    };
    let Some(ln) = linux_name(name) else {
        return -1;
    };
    let n = ln.as_ptr().cast();
    // SAFETY: `n` is NUL-terminated; the caller's path or descriptor.
    let r = unsafe {
        match t {
            Target::Path(p, _) if nofollow => libc::lremovexattr(p, n),
            Target::Path(p, _) => libc::removexattr(p, n),
            Target::Fd(fd) => libc::fremovexattr(fd, n),
        }
    };
    if r != 0 {
        return fail();
    }
    0
}

unsafe fn list(t: Target, out: *mut c_char, size: size_t, opts: c_int) -> ssize_t {
    let Some(nofollow) = options(opts, 0, matches!(t, Target::Fd(_))) else {
        return -1;
    };
    let raw = |buf: *mut c_char, n: size_t| -> ssize_t {
        // SAFETY: `buf` holds `n` bytes (or n == 0).
        unsafe {
            match t {
                Target::Path(p, _) if nofollow => libc::llistxattr(p, buf, n),
                Target::Path(p, _) => libc::listxattr(p, buf, n),
                Target::Fd(fd) => libc::flistxattr(fd, buf, n),
            }
        }
    };
    let names = loop {
        let n = raw(core::ptr::null_mut(), 0);
        if n < 0 {
            return fail();
        }
        let mut v = vec![0u8; n as usize];
        let m = raw(v.as_mut_ptr().cast(), v.len());
        if m >= 0 {
            v.truncate(m as usize);
            break v;
        }
        if crate::errno::get() != libc::ERANGE {
            return fail();
        }
    };
    let mut mine = Vec::new();
    for n in names.split(|&c| c == 0) {
        if let Some(rest) = n.strip_prefix(PREFIX) {
            if !rest.is_empty() {
                mine.extend_from_slice(rest);
                mine.push(0);
            }
        }
    }
    if out.is_null() || size == 0 {
        return mine.len() as ssize_t;
    }
    if mine.len() > size {
        crate::errno::set(darwin::ERANGE);
        return -1;
    }
    // SAFETY: the caller's buffer of `size` bytes.
    unsafe { core::ptr::copy_nonoverlapping(mine.as_ptr(), out.cast(), mine.len()) };
    mine.len() as ssize_t
}

unsafe extern "C" fn getxattr(
    path: *const c_char,
    name: *const c_char,
    value: *mut c_void,
    size: size_t,
    pos: u32,
    opts: c_int,
) -> ssize_t {
    // SAFETY: forwarded contract.
    unsafe { get(Target::Path(path, false), name, value, size, pos, opts) }
}

unsafe extern "C" fn fgetxattr(
    fd: c_int,
    name: *const c_char,
    value: *mut c_void,
    size: size_t,
    pos: u32,
    opts: c_int,
) -> ssize_t {
    // SAFETY: forwarded contract.
    unsafe { get(Target::Fd(fd), name, value, size, pos, opts) }
}

unsafe extern "C" fn setxattr(
    path: *const c_char,
    name: *const c_char,
    value: *const c_void,
    size: size_t,
    pos: u32,
    opts: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { set(Target::Path(path, false), name, value, size, pos, opts) }
}

unsafe extern "C" fn fsetxattr(
    fd: c_int,
    name: *const c_char,
    value: *const c_void,
    size: size_t,
    pos: u32,
    opts: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { set(Target::Fd(fd), name, value, size, pos, opts) }
}

unsafe extern "C" fn removexattr(path: *const c_char, name: *const c_char, opts: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { remove(Target::Path(path, false), name, opts) }
}

unsafe extern "C" fn fremovexattr(fd: c_int, name: *const c_char, opts: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { remove(Target::Fd(fd), name, opts) }
}

unsafe extern "C" fn listxattr(
    path: *const c_char,
    out: *mut c_char,
    size: size_t,
    opts: c_int,
) -> ssize_t {
    // SAFETY: forwarded contract.
    unsafe { list(Target::Path(path, false), out, size, opts) }
}

unsafe extern "C" fn flistxattr(fd: c_int, out: *mut c_char, size: size_t, opts: c_int) -> ssize_t {
    // SAFETY: forwarded contract.
    unsafe { list(Target::Fd(fd), out, size, opts) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getxattr" => getxattr,
    func "_fgetxattr" => fgetxattr,
    func "_setxattr" => setxattr,
    func "_fsetxattr" => fsetxattr,
    func "_removexattr" => removexattr,
    func "_fremovexattr" => fremovexattr,
    func "_listxattr" => listxattr,
    func "_flistxattr" => flistxattr,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_options() {
        assert_eq!(
            linux_name(c"com.apple.FinderInfo".as_ptr()).unwrap(),
            b"user.com.apple.FinderInfo\0"
        );
        assert!(linux_name(c"".as_ptr()).is_none());
        let long = std::ffi::CString::new(vec![b'a'; 128]).unwrap();
        assert!(linux_name(long.as_ptr()).is_none());
        assert_eq!(crate::errno::get(), darwin::ENAMETOOLONG);
        assert_eq!(options(XATTR_NOFOLLOW, 0, false), Some(true));
        assert_eq!(options(XATTR_CREATE, 0, false), None);
        assert_eq!(options(XATTR_NOFOLLOW, 0, true), None);
        assert_eq!(
            options(XATTR_REPLACE, XATTR_CREATE | XATTR_REPLACE, true),
            Some(false)
        );
    }

    #[test]
    fn resource_fork_position() {
        let dir = std::env::temp_dir().join(format!("calvados-xattr-{}", std::process::id()));
        std::fs::write(&dir, b"").unwrap();
        let p = std::ffi::CString::new(dir.to_str().unwrap()).unwrap();
        let rf = c"com.apple.ResourceFork";
        // SAFETY: valid C strings and buffers.
        unsafe {
            if setxattr(p.as_ptr(), rf.as_ptr(), b"hello".as_ptr().cast(), 5, 0, 0) == 0 {
                assert_eq!(
                    setxattr(p.as_ptr(), rf.as_ptr(), b"XY".as_ptr().cast(), 2, 4, 0),
                    0
                );
                let mut b = [0u8; 16];
                let n = getxattr(p.as_ptr(), rf.as_ptr(), b.as_mut_ptr().cast(), 16, 1, 0);
                assert_eq!(&b[..n as usize], b"ellXY");
                let other = c"other";
                assert_eq!(
                    getxattr(p.as_ptr(), other.as_ptr(), b.as_mut_ptr().cast(), 16, 1, 0),
                    -1
                );
                assert_eq!(crate::errno::get(), darwin::EINVAL);
            }
        }
        std::fs::remove_file(&dir).unwrap();
    }
}
