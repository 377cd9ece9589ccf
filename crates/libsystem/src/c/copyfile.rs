//! `copyfile`/`fcopyfile` and the `copyfile_state_*` calls (`man 3
//! copyfile`, `<copyfile.h>`), following the behaviour of Apple's
//! libcopyfile: how the destination is opened or created, what each flag
//! copies, recursive copies with status callbacks, errno 0 on success.
//!
//! Data moves with `copy_file_range` (falling back to `read`/`write`),
//! `COPYFILE_DATA_SPARSE` with `SEEK_DATA`/`SEEK_HOLE`, clones with the
//! `clonefile` family. Extended attributes are the file's Linux ones;
//! `COPYFILE_ACL` copies the POSIX ACLs Linux keeps
//! (`system.posix_acl_*`). `COPYFILE_PACK`/`COPYFILE_UNPACK` (AppleDouble
//! files) are not implemented: `ENOTSUP`. Status callbacks are made for
//! recursive copies and data progress, not per extended attribute.
//! Quarantine information does not exist here (`COPYFILE_STATE_QUARANTINE`
//! reads NULL; `COPYFILE_RUN_IN_PLACE` has nothing to mark).

use crate::errno::darwin;
use crate::kernel::darwin_fs::{copy_times, copy_xattrs};
use crate::kernel::stat::darwin_flags;
use libc::{c_char, c_int, c_void, off_t};
use std::ffi::{CStr, CString};

pub const COPYFILE_ACL: u32 = 1 << 0;
pub const COPYFILE_STAT: u32 = 1 << 1;
pub const COPYFILE_XATTR: u32 = 1 << 2;
pub const COPYFILE_DATA: u32 = 1 << 3;
const COPYFILE_SECURITY: u32 = COPYFILE_STAT | COPYFILE_ACL;
const COPYFILE_METADATA: u32 = COPYFILE_SECURITY | COPYFILE_XATTR;
const COPYFILE_ALL: u32 = COPYFILE_METADATA | COPYFILE_DATA;
const COPYFILE_RECURSIVE: u32 = 1 << 15;
const COPYFILE_CHECK: u32 = 1 << 16;
const COPYFILE_EXCL: u32 = 1 << 17;
const COPYFILE_NOFOLLOW_SRC: u32 = 1 << 18;
const COPYFILE_NOFOLLOW_DST: u32 = 1 << 19;
const COPYFILE_MOVE: u32 = 1 << 20;
const COPYFILE_UNLINK: u32 = 1 << 21;
const COPYFILE_NOFOLLOW: u32 = COPYFILE_NOFOLLOW_SRC | COPYFILE_NOFOLLOW_DST;
const COPYFILE_PACK: u32 = 1 << 22;
const COPYFILE_UNPACK: u32 = 1 << 23;
const COPYFILE_CLONE: u32 = 1 << 24;
const COPYFILE_CLONE_FORCE: u32 = 1 << 25;
const COPYFILE_DATA_SPARSE: u32 = 1 << 27;
const COPYFILE_VERBOSE: u32 = 1 << 30;

const COPYFILE_STATE_SRC_FD: u32 = 1;
const COPYFILE_STATE_SRC_FILENAME: u32 = 2;
const COPYFILE_STATE_DST_FD: u32 = 3;
const COPYFILE_STATE_DST_FILENAME: u32 = 4;
const COPYFILE_STATE_QUARANTINE: u32 = 5;
const COPYFILE_STATE_STATUS_CB: u32 = 6;
const COPYFILE_STATE_STATUS_CTX: u32 = 7;
const COPYFILE_STATE_COPIED: u32 = 8;
const COPYFILE_STATE_XATTRNAME: u32 = 9;
const COPYFILE_STATE_WAS_CLONED: u32 = 10;
const COPYFILE_STATE_SRC_BSIZE: u32 = 11;
const COPYFILE_STATE_DST_BSIZE: u32 = 12;
const COPYFILE_STATE_BSIZE: u32 = 13;

const COPYFILE_RECURSE_ERROR: c_int = 0;
const COPYFILE_RECURSE_FILE: c_int = 1;
const COPYFILE_RECURSE_DIR: c_int = 2;
const COPYFILE_RECURSE_DIR_CLEANUP: c_int = 3;
const COPYFILE_COPY_DATA: c_int = 4;

const COPYFILE_START: c_int = 1;
const COPYFILE_FINISH: c_int = 2;
const COPYFILE_ERR: c_int = 3;
const COPYFILE_PROGRESS: c_int = 4;

const COPYFILE_CONTINUE: c_int = 0;
const COPYFILE_SKIP: c_int = 1;
const COPYFILE_QUIT: c_int = 2;

/// darwin `ECANCELED` (`<sys/errno.h>`).
const ECANCELED: c_int = 89;

/// darwin `copyfile_callback_t`.
type Callback = unsafe extern "C" fn(
    c_int,
    c_int,
    *mut State,
    *const c_char,
    *const c_char,
    *mut c_void,
) -> c_int;

/// `struct _copyfile_state`: opaque to callers.
pub struct State {
    src: Option<CString>,
    dst: Option<CString>,
    src_fd: c_int,
    dst_fd: c_int,
    statuscb: Option<Callback>,
    ctx: *mut c_void,
    copied: off_t,
    was_cloned: bool,
    src_bsize: u32,
    dst_bsize: u32,
    flags: u32,
    /// `stat` of the source, for the copy steps.
    sx: Option<libc::statx>,
}

impl State {
    fn new() -> Self {
        State {
            src: None,
            dst: None,
            src_fd: -2,
            dst_fd: -2,
            statuscb: None,
            ctx: core::ptr::null_mut(),
            copied: 0,
            was_cloned: false,
            src_bsize: 0,
            dst_bsize: 0,
            flags: 0,
            sx: None,
        }
    }
    fn src_ptr(&self) -> *const c_char {
        self.src.as_ref().map_or(core::ptr::null(), |s| s.as_ptr())
    }
    fn dst_ptr(&self) -> *const c_char {
        self.dst.as_ref().map_or(core::ptr::null(), |s| s.as_ptr())
    }
    /// Calls the status callback, if any.
    fn status(&mut self, what: c_int, stage: c_int) -> c_int {
        let Some(cb) = self.statuscb else {
            return COPYFILE_CONTINUE;
        };
        let (s, d, ctx) = (self.src_ptr(), self.dst_ptr(), self.ctx);
        // SAFETY: the caller's callback with darwin's signature and our
        // state, names and its context.
        unsafe { cb(what, stage, self, s, d, ctx) }
    }
}

/// A failure carrying a darwin errno (0: leave errno alone).
struct Fail(c_int);
type Res<T> = Result<T, Fail>;

fn last() -> Fail {
    Fail(crate::errno::linux_to_darwin(crate::errno::get()))
}

fn statx_path(path: &CStr, follow: bool) -> Res<libc::statx> {
    // SAFETY: `path` is a C string.
    unsafe {
        crate::kernel::stat::statx(
            libc::AT_FDCWD,
            path.as_ptr(),
            if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW },
        )
    }
    .ok_or_else(|| Fail(crate::errno::get()))
}

fn statx_fd(fd: c_int) -> Res<libc::statx> {
    // SAFETY: "" with AT_EMPTY_PATH names `fd`.
    unsafe { crate::kernel::stat::statx(fd, c"".as_ptr(), libc::AT_EMPTY_PATH) }
        .ok_or_else(|| Fail(crate::errno::get()))
}

fn kind(sx: &libc::statx) -> u32 {
    u32::from(sx.stx_mode) & libc::S_IFMT
}

fn close(fd: c_int) {
    if fd >= 0 {
        let e = crate::errno::get();
        // SAFETY: closing a descriptor copyfile opened.
        unsafe { libc::close(fd) };
        crate::errno::set(e);
    }
}

/// `remove(3)`: unlink, or rmdir for a directory.
fn remove(path: &CStr) -> c_int {
    // SAFETY: `path` is a C string.
    unsafe { libc::remove(path.as_ptr()) }
}

/// `copyfile_state_alloc`.
extern "C" fn copyfile_state_alloc() -> *mut State {
    Box::into_raw(Box::new(State::new()))
}

/// `copyfile_state_free`: closes the descriptors copyfile opened by name.
unsafe extern "C" fn copyfile_state_free(s: *mut State) -> c_int {
    if !s.is_null() {
        // SAFETY: a state from copyfile_state_alloc, given back once.
        let s = unsafe { Box::from_raw(s) };
        if s.src.is_some() && s.src_fd >= 0 {
            close(s.src_fd);
        }
        if s.dst.is_some() && s.dst_fd >= 0 {
            close(s.dst_fd);
        }
    }
    0
}

/// `copyfile_state_get`, for the selectors Apple's libcopyfile of macOS
/// 11 knows; others are `EINVAL`.
unsafe extern "C" fn copyfile_state_get(s: *mut State, flag: u32, ret: *mut c_void) -> c_int {
    if ret.is_null() || s.is_null() {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: a live state; `ret` points to the type `flag` names.
    unsafe {
        let s = &*s;
        match flag {
            COPYFILE_STATE_SRC_FD => *ret.cast::<c_int>() = s.src_fd,
            COPYFILE_STATE_DST_FD => *ret.cast::<c_int>() = s.dst_fd,
            COPYFILE_STATE_SRC_FILENAME => *ret.cast::<*const c_char>() = s.src_ptr(),
            COPYFILE_STATE_DST_FILENAME => *ret.cast::<*const c_char>() = s.dst_ptr(),
            COPYFILE_STATE_QUARANTINE => *ret.cast::<*mut c_void>() = core::ptr::null_mut(),
            COPYFILE_STATE_STATUS_CB => *ret.cast::<Option<Callback>>() = s.statuscb,
            COPYFILE_STATE_STATUS_CTX => *ret.cast::<*mut c_void>() = s.ctx,
            COPYFILE_STATE_COPIED => *ret.cast::<off_t>() = s.copied,
            COPYFILE_STATE_XATTRNAME => *ret.cast::<*const c_char>() = core::ptr::null(),
            COPYFILE_STATE_WAS_CLONED => *ret.cast::<bool>() = s.was_cloned,
            COPYFILE_STATE_BSIZE | COPYFILE_STATE_SRC_BSIZE => *ret.cast::<u32>() = s.src_bsize,
            COPYFILE_STATE_DST_BSIZE => *ret.cast::<u32>() = s.dst_bsize,
            _ => {
                crate::errno::set(darwin::EINVAL);
                return -1;
            }
        }
    }
    0
}

/// `copyfile_state_set`. As in libcopyfile, the callback and its context
/// are passed as the pointer itself, everything else through a pointer.
unsafe extern "C" fn copyfile_state_set(s: *mut State, flag: u32, thing: *const c_void) -> c_int {
    if thing.is_null() || s.is_null() {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: a live state; `thing` is what `flag` names.
    unsafe {
        let s = &mut *s;
        match flag {
            COPYFILE_STATE_SRC_FD => s.src_fd = *thing.cast::<c_int>(),
            COPYFILE_STATE_DST_FD => s.dst_fd = *thing.cast::<c_int>(),
            COPYFILE_STATE_SRC_FILENAME => s.src = Some(CStr::from_ptr(thing.cast()).to_owned()),
            COPYFILE_STATE_DST_FILENAME => s.dst = Some(CStr::from_ptr(thing.cast()).to_owned()),
            COPYFILE_STATE_QUARANTINE => {
                if !(*thing.cast::<*const c_void>()).is_null() {
                    // No quarantine objects exist on this system.
                    crate::errno::set(darwin::ENOTSUP);
                    return -1;
                }
            }
            COPYFILE_STATE_STATUS_CB => {
                s.statuscb = Some(core::mem::transmute::<*const c_void, Callback>(thing));
            }
            COPYFILE_STATE_STATUS_CTX => s.ctx = thing.cast_mut(),
            COPYFILE_STATE_SRC_BSIZE => s.src_bsize = *thing.cast::<u32>(),
            COPYFILE_STATE_DST_BSIZE => s.dst_bsize = *thing.cast::<u32>(),
            COPYFILE_STATE_BSIZE => {
                s.src_bsize = *thing.cast::<u32>();
                s.dst_bsize = s.src_bsize;
            }
            _ => {
                crate::errno::set(darwin::EINVAL);
                return -1;
            }
        }
    }
    0
}

/// Runs `f` with a state: the caller's, or a fresh one freed afterwards.
/// Sets errno as libcopyfile does: 0 on success.
unsafe fn with_state(state: *mut State, f: impl FnOnce(&mut State) -> Res<c_int>) -> c_int {
    let own = state.is_null();
    let sp = if own { copyfile_state_alloc() } else { state };
    // SAFETY: a live state (the caller's or ours).
    let r = f(unsafe { &mut *sp });
    if own {
        // SAFETY: ours, freed once.
        unsafe { copyfile_state_free(sp) };
    }
    match r {
        Ok(v) => {
            crate::errno::set(0);
            v
        }
        Err(Fail(e)) => {
            if e != 0 {
                crate::errno::set(e);
            }
            -1
        }
    }
}

/// `copyfile(from, to, state, flags)`.
unsafe extern "C" fn copyfile(
    from: *const c_char,
    to: *const c_char,
    state: *mut State,
    flags: u32,
) -> c_int {
    if from.is_null() && to.is_null() {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: the state is the caller's or ours; names are C strings.
    unsafe {
        with_state(state, |s| {
            s.flags = flags;
            for (name, slot, fd) in [
                (from, &mut s.src, &mut s.src_fd),
                (to, &mut s.dst, &mut s.dst_fd),
            ] {
                if !name.is_null() {
                    let n = CStr::from_ptr(name).to_owned();
                    if slot.as_ref().is_some_and(|o| *o != n) && *fd >= 0 {
                        close(*fd);
                        *fd = -2;
                    }
                    *slot = Some(n);
                }
            }
            copy_named(s)
        })
    }
}

/// `fcopyfile(from_fd, to_fd, state, flags)`: the descriptors' current
/// offsets are used and left where the copy ends.
unsafe extern "C" fn fcopyfile(
    src_fd: c_int,
    dst_fd: c_int,
    state: *mut State,
    flags: u32,
) -> c_int {
    if src_fd < 0 || dst_fd < 0 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: the state is the caller's or ours.
    unsafe {
        with_state(state, |s| {
            s.flags = flags;
            if s.src_fd == -2 {
                s.src_fd = src_fd;
            }
            if s.dst_fd == -2 {
                s.dst_fd = dst_fd;
            }
            let sx = statx_fd(s.src_fd)?;
            if !matches!(kind(&sx), libc::S_IFLNK | libc::S_IFDIR | libc::S_IFREG) {
                return Err(Fail(darwin::ENOTSUP));
            }
            s.sx = Some(sx);
            let dsx = statx_fd(s.dst_fd).ok();
            if let Some(d) = &dsx {
                // Writable for the copy, as libcopyfile makes it.
                libc::fchmod(s.dst_fd, (u32::from(d.stx_mode) & 0o7777) | 0o600);
            }
            let r = copy_steps(s, flags);
            if r.is_ok() && flags & COPYFILE_STAT == 0 {
                if let Some(d) = &dsx {
                    libc::fchmod(s.dst_fd, u32::from(d.stx_mode) & 0o7777);
                }
            }
            r.map(|_| 0)
        })
    }
}

/// Identical source and destination (same device and inode) need no copy.
fn same_file(src: &CStr, dst: &CStr) -> bool {
    match (statx_path(src, true), statx_path(dst, true)) {
        (Ok(a), Ok(b)) => {
            (a.stx_dev_major, a.stx_dev_minor, a.stx_ino)
                == (b.stx_dev_major, b.stx_dev_minor, b.stx_ino)
        }
        _ => false,
    }
}

/// `copyfile` by name.
fn copy_named(s: &mut State) -> Res<c_int> {
    let flags = s.flags;
    if flags & (COPYFILE_PACK | COPYFILE_UNPACK) != 0 {
        return Err(Fail(darwin::ENOTSUP));
    }
    if flags & COPYFILE_CHECK == 0 {
        if let (Some(a), Some(b)) = (&s.src, &s.dst) {
            if same_file(a, b) {
                return if flags & COPYFILE_EXCL != 0 {
                    Err(Fail(darwin::EEXIST))
                } else {
                    Ok(0)
                };
            }
        }
    }
    if flags & COPYFILE_RECURSIVE != 0 {
        return copytree(s);
    }
    let mut flags = flags;
    if flags & (COPYFILE_CLONE | COPYFILE_CLONE_FORCE) != 0 {
        match clone(s) {
            Ok(()) => return Ok(0),
            Err(e) if flags & COPYFILE_CLONE_FORCE != 0 => {
                return Err(if e.0 == 0 { Fail(darwin::ENOTSUP) } else { e });
            }
            Err(_) => {
                flags |= COPYFILE_ACL
                    | COPYFILE_EXCL
                    | COPYFILE_NOFOLLOW_SRC
                    | COPYFILE_STAT
                    | COPYFILE_XATTR
                    | COPYFILE_DATA;
                flags &= !COPYFILE_CLONE;
                s.flags = flags;
            }
        }
    }
    // The destination as it was, to restore its owner and mode when the
    // metadata is not copied.
    let dst_before = s.dst.as_ref().and_then(|d| {
        let follow = flags & COPYFILE_NOFOLLOW_DST == 0;
        statx_path(d, follow).ok()
    });
    if flags & COPYFILE_CHECK != 0 {
        return check(s).map(|f| f as c_int);
    }
    let opened = open_both(s)?;
    let r = copy_steps(s, flags);
    if r.is_ok() && flags & COPYFILE_STAT == 0 {
        if let Some(d) = dst_before {
            // SAFETY: no memory is involved.
            unsafe {
                libc::fchown(s.dst_fd, d.stx_uid, d.stx_gid);
                libc::fchmod(s.dst_fd, u32::from(d.stx_mode) & 0o7777);
            }
        }
    }
    // Descriptors opened here are closed here (libcopyfile keeps them in
    // the state until it is freed, and would then read a reused source
    // from its end).
    if opened.0 {
        close(s.src_fd);
        s.src_fd = -2;
    }
    if opened.1 {
        close(s.dst_fd);
        s.dst_fd = -2;
    }
    r?;
    if flags & COPYFILE_MOVE != 0 {
        if let Some(src) = &s.src {
            remove(src);
        }
    }
    Ok(0)
}

/// `COPYFILE_CLONE`/`COPYFILE_CLONE_FORCE`: regular files and symlinks.
fn clone(s: &mut State) -> Res<()> {
    let (Some(src), Some(dst)) = (s.src.clone(), s.dst.clone()) else {
        return Err(Fail(darwin::EINVAL));
    };
    let sx = statx_path(&src, false).map_err(|_| Fail(darwin::EINVAL))?;
    if !matches!(kind(&sx), libc::S_IFREG | libc::S_IFLNK) {
        return Err(Fail(darwin::EINVAL));
    }
    if s.flags & COPYFILE_UNLINK != 0 && remove(&dst) < 0 && crate::errno::get() != libc::ENOENT {
        return Err(last());
    }
    // SAFETY: C strings.
    let r = unsafe { crate::kernel::darwin_fs::clonefile_for_copy(src.as_ptr(), dst.as_ptr()) };
    if r != 0 {
        return Err(Fail(crate::errno::get()));
    }
    s.was_cloned = true;
    s.copied = 0;
    if s.flags & COPYFILE_MOVE != 0 {
        remove(&src);
    }
    Ok(())
}

/// Opens the source and creates or opens the destination as libcopyfile's
/// `copyfile_open` does. Returns which descriptors were opened here.
fn open_both(s: &mut State) -> Res<(bool, bool)> {
    let flags = s.flags;
    let mut opened = (false, false);
    let mut src_kind = libc::S_IFREG;
    if let (Some(src), -2) = (s.src.clone(), s.src_fd) {
        let sx = statx_path(&src, flags & COPYFILE_NOFOLLOW_SRC == 0)?;
        src_kind = kind(&sx);
        let mut oflags = libc::O_RDONLY | libc::O_CLOEXEC;
        match src_kind {
            libc::S_IFLNK => oflags = libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC,
            libc::S_IFDIR | libc::S_IFREG => {}
            _ if src.to_bytes() == b"/dev/null" && flags & COPYFILE_METADATA != 0 => {}
            _ => return Err(Fail(darwin::ENOTSUP)),
        }
        // SAFETY: `src` is a C string.
        let fd = unsafe { libc::open(src.as_ptr(), oflags) };
        if fd < 0 {
            return Err(last());
        }
        s.src_fd = fd;
        s.sx = Some(sx);
        opened.0 = true;
    } else if s.src_fd >= 0 {
        let sx = statx_fd(s.src_fd)?;
        src_kind = kind(&sx);
        s.sx = Some(sx);
    }
    if let (Some(dst), -2) = (s.dst.clone(), s.dst_fd) {
        let r = open_dst(s, &dst, src_kind);
        if r.is_err() && opened.0 {
            close(s.src_fd);
            s.src_fd = -2;
        }
        s.dst_fd = r?;
        opened.1 = true;
    }
    if s.src_fd < 0 || s.dst_fd < 0 {
        return Err(Fail(darwin::EINVAL));
    }
    Ok(opened)
}

fn open_dst(s: &mut State, dst: &CStr, src_kind: u32) -> Res<c_int> {
    let flags = s.flags;
    let sx = s.sx.unwrap_or_else(|| {
        // SAFETY: plain data.
        unsafe { core::mem::zeroed() }
    });
    if flags & COPYFILE_UNLINK != 0 && remove(dst) < 0 && crate::errno::get() != libc::ENOENT {
        return Err(last());
    }
    let mut nofollow = 0;
    let mut dst_is_link = false;
    if flags & COPYFILE_NOFOLLOW_DST != 0 {
        nofollow = libc::O_NOFOLLOW;
        dst_is_link = statx_path(dst, false).is_ok_and(|d| kind(&d) == libc::S_IFLNK);
    }
    let cloexec = libc::O_CLOEXEC;
    match src_kind {
        libc::S_IFLNK => {
            let mut buf = vec![0u8; sx.stx_size as usize + 1];
            let src = s.src.clone().unwrap_or_default();
            // SAFETY: `buf` has room; `src` is a C string.
            let n = unsafe { libc::readlink(src.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
            if n < 0 {
                return Err(last());
            }
            buf.truncate(n as usize);
            let target = CString::new(buf).map_err(|_| Fail(darwin::EINVAL))?;
            // SAFETY: C strings.
            if unsafe { libc::symlink(target.as_ptr(), dst.as_ptr()) } != 0
                && (crate::errno::get() != libc::EEXIST || flags & COPYFILE_EXCL != 0)
            {
                return Err(last());
            }
            // SAFETY: `dst` is a C string.
            let fd = unsafe { libc::open(dst.as_ptr(), libc::O_PATH | libc::O_NOFOLLOW | cloexec) };
            if fd < 0 {
                return Err(last());
            }
            Ok(fd)
        }
        libc::S_IFDIR => {
            let mode = (u32::from(sx.stx_mode) & 0o7777) | 0o700;
            // SAFETY: `dst` is a C string.
            if unsafe { libc::mkdir(dst.as_ptr(), mode) } != 0
                && (crate::errno::get() != libc::EEXIST || flags & COPYFILE_EXCL != 0)
            {
                return Err(last());
            }
            let o = if dst_is_link {
                libc::O_PATH | libc::O_NOFOLLOW
            } else {
                libc::O_RDONLY | nofollow
            };
            // SAFETY: `dst` is a C string.
            let fd = unsafe { libc::open(dst.as_ptr(), o | cloexec) };
            if fd < 0 {
                return Err(last());
            }
            Ok(fd)
        }
        _ => {
            let data = flags & (COPYFILE_DATA | COPYFILE_DATA_SPARSE) != 0;
            let mut oflags =
                libc::O_CREAT | libc::O_EXCL | if data { libc::O_WRONLY } else { libc::O_RDONLY };
            let dsrc = if dst_is_link {
                // The link itself (O_SYMLINK): only metadata can go there.
                libc::O_PATH | libc::O_NOFOLLOW
            } else {
                nofollow
            };
            let mode = (u32::from(sx.stx_mode) & 0o7777) | 0o200;
            let mut chmodded = false;
            loop {
                let o = if dsrc & libc::O_PATH != 0 {
                    dsrc
                } else {
                    oflags | dsrc
                };
                // SAFETY: `dst` is a C string.
                let fd = unsafe { libc::open(dst.as_ptr(), o | cloexec, mode) };
                if fd >= 0 {
                    return Ok(fd);
                }
                match crate::errno::get() {
                    libc::EEXIST if flags & COPYFILE_EXCL == 0 => {
                        oflags &= !(libc::O_CREAT | libc::O_EXCL);
                        if data {
                            oflags |= libc::O_TRUNC;
                        }
                    }
                    libc::EACCES if !chmodded => {
                        chmodded = true;
                        // SAFETY: `dst` is a C string.
                        if unsafe { libc::chmod(dst.as_ptr(), mode) } != 0 {
                            let e = crate::errno::get();
                            return Err(Fail(if e == libc::ENOENT {
                                darwin::EACCES
                            } else {
                                crate::errno::linux_to_darwin(e)
                            }));
                        }
                    }
                    libc::EISDIR
                        if flags & COPYFILE_EXCL == 0 && !(src_kind != libc::S_IFDIR && data) =>
                    {
                        oflags = (oflags
                            & !(libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_EXCL))
                            | libc::O_RDONLY;
                    }
                    _ => return Err(last()),
                }
            }
        }
    }
}

/// `COPYFILE_CHECK`: which of the asked-for contents the source has.
fn check(s: &mut State) -> Res<u32> {
    let Some(src) = s.src.clone() else {
        return Err(Fail(darwin::EINVAL));
    };
    let nofollow = s.flags & COPYFILE_NOFOLLOW_SRC != 0;
    let mut names = vec![0u8; 64 * 1024];
    // SAFETY: `src` is a C string; `names` has `names.len()` bytes.
    let n = unsafe {
        if nofollow {
            libc::llistxattr(src.as_ptr(), names.as_mut_ptr().cast(), names.len())
        } else {
            libc::listxattr(src.as_ptr(), names.as_mut_ptr().cast(), names.len())
        }
    };
    names.truncate(n.max(0) as usize);
    let (mut xattr, mut acl) = (false, false);
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        if name.starts_with(b"system.posix_acl_") {
            acl = true;
        } else {
            xattr = true;
        }
    }
    let mut r = 0;
    if s.flags & COPYFILE_XATTR != 0 && xattr {
        r |= COPYFILE_XATTR;
    }
    if s.flags & COPYFILE_ACL != 0 && acl {
        r |= COPYFILE_ACL;
    }
    Ok(r)
}

/// The copy proper, in libcopyfile's order: extended attributes, data,
/// security (ACLs), POSIX information.
fn copy_steps(s: &mut State, flags: u32) -> Res<()> {
    if flags & (COPYFILE_PACK | COPYFILE_UNPACK) != 0 {
        return Err(Fail(darwin::ENOTSUP));
    }
    let sx = match s.sx {
        Some(sx) => sx,
        None => statx_fd(s.src_fd)?,
    };
    let src_is_link = kind(&sx) == libc::S_IFLNK;
    let dst_is_path = {
        // SAFETY: no memory is involved.
        let fl = unsafe { libc::fcntl(s.dst_fd, libc::F_GETFL) };
        fl >= 0 && fl & libc::O_PATH != 0
    };
    if flags & COPYFILE_XATTR != 0 && !src_is_link && !dst_is_path {
        copy_xattrs(s.src_fd, s.dst_fd, true, false).map_err(Fail)?;
    }
    if flags & (COPYFILE_DATA | COPYFILE_DATA_SPARSE) != 0 && kind(&sx) == libc::S_IFREG {
        if let Err(e) = copy_data(s, &sx, flags) {
            if let Some(d) = &s.dst {
                // SAFETY: `d` is a C string.
                unsafe { libc::unlink(d.as_ptr()) };
            }
            return Err(e);
        }
    }
    if flags & COPYFILE_ACL != 0 && !src_is_link && !dst_is_path {
        copy_acls(s.src_fd, s.dst_fd);
    }
    if flags & COPYFILE_STAT != 0 {
        copy_stat(s, &sx, dst_is_path);
    }
    Ok(())
}

/// POSIX ACLs (`system.posix_acl_access`, `_default`), best effort.
fn copy_acls(src: c_int, dst: c_int) {
    for name in [c"system.posix_acl_access", c"system.posix_acl_default"] {
        let mut buf = vec![0u8; 4096];
        // SAFETY: `name` is a C string; `buf` has `buf.len()` bytes.
        let n = unsafe { libc::fgetxattr(src, name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 {
            // SAFETY: the value just read.
            unsafe { libc::fsetxattr(dst, name.as_ptr(), buf.as_ptr().cast(), n as usize, 0) };
        }
    }
}

/// `COPYFILE_STAT`: times, owner (errors ignored, as libcopyfile does),
/// mode and file flags.
fn copy_stat(s: &mut State, sx: &libc::statx, dst_is_path: bool) {
    if dst_is_path {
        // A symlink: its times and owner through its name.
        let Some(dst) = s.dst.clone() else { return };
        let ts = [
            libc::timespec {
                tv_sec: sx.stx_atime.tv_sec,
                tv_nsec: sx.stx_atime.tv_nsec as _,
            },
            libc::timespec {
                tv_sec: sx.stx_mtime.tv_sec,
                tv_nsec: sx.stx_mtime.tv_nsec as _,
            },
        ];
        // SAFETY: C string; two timespecs.
        unsafe {
            libc::utimensat(
                libc::AT_FDCWD,
                dst.as_ptr(),
                ts.as_ptr(),
                libc::AT_SYMLINK_NOFOLLOW,
            );
            libc::fchownat(
                libc::AT_FDCWD,
                dst.as_ptr(),
                sx.stx_uid,
                sx.stx_gid,
                libc::AT_SYMLINK_NOFOLLOW,
            );
        }
        return;
    }
    copy_times(s.dst_fd, sx);
    // SAFETY: no memory is involved.
    unsafe {
        libc::fchown(s.dst_fd, sx.stx_uid, sx.stx_gid);
        libc::fchmod(s.dst_fd, u32::from(sx.stx_mode) & 0o7777);
    }
    let want = darwin_flags(sx);
    if let Ok(d) = statx_fd(s.dst_fd) {
        if darwin_flags(&d) != want {
            // SAFETY: a descriptor target.
            let _ = unsafe {
                crate::kernel::darwin_fs::set_flags(
                    crate::kernel::darwin_fs::Target::Fd(s.dst_fd),
                    want,
                )
            };
        }
    }
}

/// Block sizes as libcopyfile picks them: the caller's when set (and, for
/// the destination, not above the source's), else 1 MiB (macOS' usual
/// `f_iosize`), rounded down to the file for small files.
fn block_sizes(s: &State, size: u64) -> (usize, usize) {
    let min = 4096usize;
    let mut i = 1usize << 20;
    if s.src_bsize as usize >= min {
        i = s.src_bsize as usize;
    }
    let mut o = i;
    if s.dst_bsize as usize >= min && s.dst_bsize as usize <= i {
        o = s.dst_bsize as usize;
    }
    if (size as usize) < i {
        i = (size as usize).next_multiple_of(min).max(min);
        o = o.min(i);
    }
    (i.min(1 << 30), o.min(1 << 30))
}

/// Copies the data from the source's offset to the destination's, then
/// truncates the destination to what was written (libcopyfile's
/// `copyfile_data`).
fn copy_data(s: &mut State, sx: &libc::statx, flags: u32) -> Res<()> {
    s.copied = 0;
    if flags & COPYFILE_DATA_SPARSE != 0 {
        match copy_sparse(s, sx) {
            Ok(()) => return Ok(()),
            Err(e) if e.0 != darwin::ENOTSUP => return Err(e),
            Err(_) if flags & COPYFILE_DATA == 0 => return Err(Fail(darwin::ENOTSUP)),
            Err(_) => s.copied = 0,
        }
    }
    let (_, chunk) = block_sizes(s, sx.stx_size);
    let mut use_cfr = true;
    let mut buf = Vec::new();
    loop {
        let n = if use_cfr {
            // SAFETY: NULL offsets use and advance the descriptors' own.
            let n = unsafe {
                libc::copy_file_range(
                    s.src_fd,
                    core::ptr::null_mut(),
                    s.dst_fd,
                    core::ptr::null_mut(),
                    chunk,
                    0,
                )
            };
            if n < 0
                && matches!(
                    crate::errno::get(),
                    libc::EXDEV | libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP | libc::EBADF
                )
                && s.copied == 0
            {
                use_cfr = false;
                continue;
            }
            n
        } else {
            if buf.is_empty() {
                buf = vec![0u8; chunk];
            }
            // SAFETY: `buf` has `chunk` bytes.
            let r = unsafe { libc::read(s.src_fd, buf.as_mut_ptr().cast(), chunk) };
            if r <= 0 {
                r
            } else {
                let mut done = 0;
                while done < r as usize {
                    // SAFETY: the bytes just read.
                    let w = unsafe {
                        libc::write(s.dst_fd, buf[done..].as_ptr().cast(), r as usize - done)
                    };
                    if w < 0 {
                        if s.status(COPYFILE_COPY_DATA, COPYFILE_ERR) == COPYFILE_SKIP {
                            return Ok(());
                        }
                        return Err(last());
                    }
                    done += w as usize;
                }
                r
            }
        };
        if n < 0 {
            if crate::errno::get() == libc::EINTR {
                continue;
            }
            let e = last();
            if use_cfr && s.status(COPYFILE_COPY_DATA, COPYFILE_ERR) == COPYFILE_SKIP {
                return Ok(());
            }
            return Err(e);
        }
        if n == 0 {
            break;
        }
        s.copied += n as off_t;
        if s.status(COPYFILE_COPY_DATA, COPYFILE_PROGRESS) == COPYFILE_QUIT {
            return Err(Fail(ECANCELED));
        }
    }
    // SAFETY: no memory is involved.
    if unsafe { libc::ftruncate(s.dst_fd, s.copied) } != 0 {
        return Err(last());
    }
    Ok(())
}

/// `COPYFILE_DATA_SPARSE`: only the data regions, holes left as holes.
fn copy_sparse(s: &mut State, sx: &libc::statx) -> Res<()> {
    // SAFETY: no memory is involved.
    let start = unsafe { libc::lseek(s.src_fd, 0, libc::SEEK_CUR) };
    // SAFETY: as above.
    let dstart = unsafe { libc::lseek(s.dst_fd, 0, libc::SEEK_CUR) };
    if start < 0 || dstart < 0 {
        return Err(Fail(darwin::ENOTSUP));
    }
    let end = sx.stx_size as off_t;
    let mut pos = start;
    while pos < end {
        // SAFETY: as above.
        let data = unsafe { libc::lseek(s.src_fd, pos, libc::SEEK_DATA) };
        if data < 0 {
            if crate::errno::get() == libc::ENXIO {
                break; // only a hole remains
            }
            return Err(Fail(darwin::ENOTSUP));
        }
        // SAFETY: as above.
        let hole = unsafe { libc::lseek(s.src_fd, data, libc::SEEK_HOLE) };
        let hole = if hole < 0 { end } else { hole.min(end) };
        let mut off_in = data;
        let mut off_out = dstart + (data - start);
        while off_in < hole {
            // SAFETY: explicit offsets; the descriptors are open.
            let n = unsafe {
                libc::copy_file_range(
                    s.src_fd,
                    &mut off_in,
                    s.dst_fd,
                    &mut off_out,
                    (hole - off_in) as usize,
                    0,
                )
            };
            if n <= 0 {
                return Err(if n == 0 {
                    Fail(darwin::ENOTSUP)
                } else {
                    last()
                });
            }
            s.copied += n as off_t;
            if s.status(COPYFILE_COPY_DATA, COPYFILE_PROGRESS) == COPYFILE_QUIT {
                return Err(Fail(ECANCELED));
            }
        }
        pos = hole;
    }
    let len = dstart + (end - start);
    // SAFETY: no memory is involved.
    unsafe {
        if libc::ftruncate(s.dst_fd, len) != 0 {
            return Err(last());
        }
        libc::lseek(s.src_fd, end, libc::SEEK_SET);
        libc::lseek(s.dst_fd, len, libc::SEEK_SET);
    }
    Ok(())
}

/// `COPYFILE_RECURSIVE`: libcopyfile's `copytree`, walking the source
/// physically (symlinks copied as links; the top one followed unless
/// `COPYFILE_NOFOLLOW_SRC` or `COPYFILE_CLONE`), with the status callback
/// called on entry and exit of each object.
fn copytree(s: &mut State) -> Res<c_int> {
    if s.flags
        & (COPYFILE_MOVE
            | COPYFILE_UNLINK
            | COPYFILE_CHECK
            | COPYFILE_PACK
            | COPYFILE_UNPACK
            | COPYFILE_CLONE_FORCE)
        != 0
    {
        return Err(Fail(darwin::EINVAL));
    }
    let flags = s.flags
        & (COPYFILE_ALL
            | COPYFILE_NOFOLLOW
            | COPYFILE_VERBOSE
            | COPYFILE_EXCL
            | COPYFILE_CLONE
            | COPYFILE_DATA_SPARSE);
    let (Some(src), Some(dst)) = (s.src.clone(), s.dst.clone()) else {
        return Err(Fail(darwin::EINVAL));
    };
    let follow_root = s.flags & (COPYFILE_NOFOLLOW_SRC | COPYFILE_CLONE) == 0;
    let root = statx_path(&src, follow_root)?;
    let dst_sx = match statx_path(&dst, flags & COPYFILE_NOFOLLOW_DST == 0) {
        Ok(d) => Some(d),
        Err(Fail(e)) if e == darwin::ENOENT => None,
        Err(e) => return Err(e),
    };
    let dstisdir = dst_sx.is_some_and(|d| kind(&d) == libc::S_IFDIR);
    let sb = src.to_bytes();
    let (sep, offset): (&[u8], usize) = if dstisdir {
        (
            b"/",
            sb.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1),
        )
    } else {
        (b"", sb.len())
    };
    let mut w = Walk {
        cb: s.statuscb,
        ctx: s.ctx,
        dst: dst.to_bytes().to_vec(),
        sep,
        offset,
        flags,
    };
    match w.visit(sb.to_vec(), Some(root), true) {
        Ok(()) | Err(Stop::Skip) => Ok(0),
        Err(Stop::Quit) => Err(Fail(0)),
        Err(Stop::Fail(e)) => Err(Fail(e)),
    }
}

enum Stop {
    Skip,
    Quit,
    Fail(c_int),
}

struct Walk<'a> {
    cb: Option<Callback>,
    ctx: *mut c_void,
    dst: Vec<u8>,
    sep: &'a [u8],
    offset: usize,
    flags: u32,
}

impl Walk<'_> {
    fn dst_for(&self, path: &[u8]) -> Vec<u8> {
        let mut d = self.dst.clone();
        d.extend_from_slice(self.sep);
        d.extend_from_slice(path.get(self.offset..).unwrap_or(&[]));
        d
    }

    /// One object: a fresh state for the callback and the copy, as
    /// libcopyfile makes for each entry.
    fn entry(&self, what: c_int, path: &[u8], flags: u32) -> Result<(), Stop> {
        let dst = self.dst_for(path);
        let mut t = State::new();
        t.statuscb = self.cb;
        t.ctx = self.ctx;
        t.src = CString::new(path).ok();
        t.dst = CString::new(dst).ok();
        if what != COPYFILE_RECURSE_DIR_CLEANUP || t.statuscb.is_some() {
            match t.status(what, COPYFILE_START) {
                COPYFILE_QUIT => {
                    crate::errno::set(0);
                    return Err(Stop::Quit);
                }
                COPYFILE_SKIP => return Err(Stop::Skip),
                _ => {}
            }
        }
        t.flags = flags;
        match copy_named(&mut t) {
            Ok(_) => {
                if t.status(what, COPYFILE_FINISH) == COPYFILE_QUIT {
                    crate::errno::set(0);
                    return Err(Stop::Quit);
                }
                Ok(())
            }
            Err(Fail(e)) => {
                crate::errno::set(e);
                if t.statuscb.is_none() {
                    return Err(Stop::Fail(e));
                }
                match t.status(what, COPYFILE_ERR) {
                    COPYFILE_QUIT => Err(Stop::Fail(e)),
                    _ => Ok(()),
                }
            }
        }
    }

    fn visit(&mut self, path: Vec<u8>, sx: Option<libc::statx>, top: bool) -> Result<(), Stop> {
        let sx = match sx {
            Some(sx) => sx,
            None => {
                let c = CString::new(path.clone()).map_err(|_| Stop::Fail(darwin::EINVAL))?;
                match statx_path(&c, false) {
                    Ok(sx) => sx,
                    Err(Fail(e)) => return self.error(&path, e),
                }
            }
        };
        let _ = top;
        if kind(&sx) != libc::S_IFDIR {
            return match self.entry(COPYFILE_RECURSE_FILE, &path, self.flags) {
                Err(Stop::Skip) => Ok(()),
                r => r,
            };
        }
        match self.entry(COPYFILE_RECURSE_DIR, &path, self.flags & !COPYFILE_STAT) {
            Err(Stop::Skip) => return Ok(()),
            r => r?,
        }
        let c = CString::new(path.clone()).map_err(|_| Stop::Fail(darwin::EINVAL))?;
        let names = match list_dir(&c) {
            Ok(n) => n,
            Err(e) => return self.error(&path, e),
        };
        for name in names {
            let mut child = path.clone();
            if !child.ends_with(b"/") {
                child.push(b'/');
            }
            child.extend_from_slice(&name);
            self.visit(child, None, false)?;
        }
        match self.entry(
            COPYFILE_RECURSE_DIR_CLEANUP,
            &path,
            (self.flags & COPYFILE_NOFOLLOW) | COPYFILE_STAT,
        ) {
            Err(Stop::Skip) => Ok(()),
            r => r,
        }
    }

    /// An object the walk cannot read (fts's `FTS_ERR`/`FTS_NS`/`FTS_DNR`).
    fn error(&self, path: &[u8], e: c_int) -> Result<(), Stop> {
        crate::errno::set(e);
        let Some(_) = self.cb else {
            return Err(Stop::Fail(e));
        };
        let mut t = State::new();
        t.statuscb = self.cb;
        t.ctx = self.ctx;
        t.src = CString::new(path).ok();
        t.dst = CString::new(self.dst_for(path)).ok();
        match t.status(COPYFILE_RECURSE_ERROR, COPYFILE_ERR) {
            COPYFILE_QUIT => Err(Stop::Quit),
            _ => {
                crate::errno::set(0);
                Ok(())
            }
        }
    }
}

/// The entry names of a directory, in directory order, without `.`/`..`.
fn list_dir(path: &CStr) -> Result<Vec<Vec<u8>>, c_int> {
    // SAFETY: `path` is a C string.
    let d = unsafe { libc::opendir(path.as_ptr()) };
    if d.is_null() {
        return Err(crate::errno::linux_to_darwin(crate::errno::get()));
    }
    let mut out = Vec::new();
    loop {
        // SAFETY: `d` is an open DIR.
        let e = unsafe { libc::readdir(d) };
        if e.is_null() {
            break;
        }
        // SAFETY: a valid dirent with a C-string name.
        let name = unsafe { CStr::from_ptr((*e).d_name.as_ptr()) }.to_bytes();
        if name != b"." && name != b".." {
            out.push(name.to_vec());
        }
    }
    // SAFETY: closes the DIR.
    unsafe { libc::closedir(d) };
    Ok(out)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_copyfile" => copyfile,
    func "_fcopyfile" => fcopyfile,
    func "_copyfile_state_alloc" => copyfile_state_alloc,
    func "_copyfile_state_free" => copyfile_state_free,
    func "_copyfile_state_get" => copyfile_state_get,
    func "_copyfile_state_set" => copyfile_state_set,
};
