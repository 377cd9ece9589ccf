//! darwin extended ACLs (`<sys/acl.h>`, `ACL_TYPE_EXTENDED`, NFSv4-style).
//!
//! Linux file systems here keep no darwin extended ACLs, so every file
//! reads as a Mac file that has none: `acl_get_fd`/`acl_get_file` answer
//! NULL with `ENOENT` (libc's `acl_get_fd_np`: the file's security
//! descriptor has no ACL property), after the same checks of the
//! descriptor or path (`EBADF`, `ENOENT`, `ENOTDIR`...). ACL objects come
//! from `acl_init`/`acl_dup`; no entries can be added (`acl_create_entry`
//! is not exported), so they are empty, and setting an empty ACL on a file
//! succeeds: the file then has no ACL, as before. Programs that copy a
//! file's ACL (cmake, libarchive) therefore work as on a Mac without ACLs.

use crate::errno::{self, darwin};
use libc::{c_char, c_int, c_void};
use std::collections::HashSet;
use std::sync::Mutex;

/// `ACL_TYPE_EXTENDED`, the only type darwin supports.
const ACL_TYPE_EXTENDED: c_int = 0x100;
/// `ACL_MAX_ENTRIES`.
const ACL_MAX_ENTRIES: c_int = 128;

/// An (always empty) ACL.
struct Acl {
    _capacity: c_int,
}

static LIVE: Mutex<Option<HashSet<usize>>> = Mutex::new(None);

fn live() -> std::sync::MutexGuard<'static, Option<HashSet<usize>>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

fn valid(acl: *mut c_void) -> bool {
    live().as_ref().is_some_and(|s| s.contains(&(acl as usize)))
}

fn new_acl(capacity: c_int) -> *mut c_void {
    let p = Box::into_raw(Box::new(Acl {
        _capacity: capacity,
    }))
    .cast::<c_void>();
    live().get_or_insert_with(HashSet::new).insert(p as usize);
    p
}

fn fail(e: c_int) -> *mut c_void {
    errno::set(e);
    core::ptr::null_mut()
}

/// `acl_init(count)`: an empty ACL with room for `count` entries.
extern "C" fn acl_init(count: c_int) -> *mut c_void {
    if !(0..=ACL_MAX_ENTRIES).contains(&count) {
        return fail(darwin::EINVAL);
    }
    new_acl(count)
}

/// `acl_dup(acl)`.
extern "C" fn acl_dup(acl: *mut c_void) -> *mut c_void {
    if !valid(acl) {
        return fail(darwin::EINVAL);
    }
    new_acl(ACL_MAX_ENTRIES)
}

/// `acl_free(obj)`: frees an ACL of ours.
extern "C" fn acl_free(obj: *mut c_void) -> c_int {
    let known = live().as_mut().is_some_and(|s| s.remove(&(obj as usize)));
    if !known {
        errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: made by new_acl, now forgotten by the registry.
    drop(unsafe { Box::from_raw(obj.cast::<Acl>()) });
    0
}

/// `acl_valid(acl)`: an empty ACL is valid.
extern "C" fn acl_valid(acl: *mut c_void) -> c_int {
    if valid(acl) {
        0
    } else {
        errno::set(darwin::EINVAL);
        -1
    }
}

/// The file exists and is reachable: its (absent) ACL is ENOENT.
fn no_acl_after(stat_result: c_int) -> *mut c_void {
    if stat_result != 0 {
        errno::set_from_linux();
        return core::ptr::null_mut();
    }
    fail(darwin::ENOENT)
}

unsafe extern "C" fn acl_get_fd_np(fd: c_int, ty: c_int) -> *mut c_void {
    if ty != ACL_TYPE_EXTENDED {
        return fail(darwin::EINVAL);
    }
    // SAFETY: a local stat buffer.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: as above.
    no_acl_after(unsafe { libc::fstat(fd, &mut st) })
}

/// `acl_get_fd(fd)`: the extended ACL.
unsafe extern "C" fn acl_get_fd(fd: c_int) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { acl_get_fd_np(fd, ACL_TYPE_EXTENDED) }
}

unsafe fn get_path(path: *const c_char, ty: c_int, follow: bool) -> *mut c_void {
    if ty != ACL_TYPE_EXTENDED {
        return fail(darwin::EINVAL);
    }
    // SAFETY: a local stat buffer and the caller's path.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    let r = if follow {
        // SAFETY: as above.
        unsafe { libc::stat(path, &mut st) }
    } else {
        // SAFETY: as above.
        unsafe { libc::lstat(path, &mut st) }
    };
    no_acl_after(r)
}

/// `acl_get_file(path, type)`.
unsafe extern "C" fn acl_get_file(path: *const c_char, ty: c_int) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { get_path(path, ty, true) }
}

/// `acl_get_link_np(path, type)`: the link itself.
unsafe extern "C" fn acl_get_link_np(path: *const c_char, ty: c_int) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { get_path(path, ty, false) }
}

fn set_result(acl: *mut c_void, ty: c_int, stat_result: impl FnOnce() -> c_int) -> c_int {
    if ty != ACL_TYPE_EXTENDED || !valid(acl) {
        errno::set(darwin::EINVAL);
        return -1;
    }
    if stat_result() != 0 {
        errno::set_from_linux();
        return -1;
    }
    0
}

unsafe extern "C" fn acl_set_fd_np(fd: c_int, acl: *mut c_void, ty: c_int) -> c_int {
    set_result(acl, ty, || {
        // SAFETY: a local stat buffer.
        let mut st: libc::stat = unsafe { core::mem::zeroed() };
        // SAFETY: as above.
        unsafe { libc::fstat(fd, &mut st) }
    })
}

/// `acl_set_fd(fd, acl)`: an empty extended ACL leaves the file without one.
unsafe extern "C" fn acl_set_fd(fd: c_int, acl: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { acl_set_fd_np(fd, acl, ACL_TYPE_EXTENDED) }
}

/// `acl_set_file(path, type, acl)`.
unsafe extern "C" fn acl_set_file(path: *const c_char, ty: c_int, acl: *mut c_void) -> c_int {
    set_result(acl, ty, || {
        // SAFETY: a local stat buffer and the caller's path.
        let mut st: libc::stat = unsafe { core::mem::zeroed() };
        // SAFETY: as above.
        unsafe { libc::stat(path, &mut st) }
    })
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_acl_init" => acl_init,
    func "_acl_dup" => acl_dup,
    func "_acl_free" => acl_free,
    func "_acl_valid" => acl_valid,
    func "_acl_get_fd" => acl_get_fd,
    func "_acl_get_fd_np" => acl_get_fd_np,
    func "_acl_get_file" => acl_get_file,
    func "_acl_get_link_np" => acl_get_link_np,
    func "_acl_set_fd" => acl_set_fd,
    func "_acl_set_fd_np" => acl_set_fd_np,
    func "_acl_set_file" => acl_set_file,
};
