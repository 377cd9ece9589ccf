//! `stat` family. darwin has two `struct stat`s on x86_64: the 64-bit-inode
//! one behind the `$INODE64` names (what current SDKs compile to) and the
//! legacy one behind the plain names; both are filled from Linux `statx`
//! (for the birth time and the inode attributes). Layouts from `<sys/stat.h>`.
//!
//! Fields Linux has no source for, as XNU's `vn_stat` fills them:
//! `st_birthtimespec` is 0 when the filesystem keeps no birth time,
//! `st_gen` is 0 (what macOS gives non-root callers), `st_flags` carries
//! the chflags bits Linux can store (see [`darwin_flags`]).

use crate::errno::darwin;
use crate::kernel::fs::at_fd;
use libc::{c_char, c_int};

/// darwin `struct stat` with `__DARWIN_64_BIT_INO_T` (`stat$INODE64`).
#[repr(C)]
#[derive(Default)]
pub struct Stat64 {
    pub dev: i32,
    pub mode: u16,
    pub nlink: u16,
    pub ino: u64,
    pub uid: u32,
    pub gid: u32,
    pub rdev: i32,
    pub atime: [i64; 2],
    pub mtime: [i64; 2],
    pub ctime: [i64; 2],
    pub birthtime: [i64; 2],
    pub size: i64,
    pub blocks: i64,
    pub blksize: i32,
    pub flags: u32,
    pub gen: u32,
    pub lspare: i32,
    pub qspare: [i64; 2],
}
const _: () = assert!(core::mem::size_of::<Stat64>() == 144);
const _: () = assert!(core::mem::offset_of!(Stat64, ino) == 8);
const _: () = assert!(core::mem::offset_of!(Stat64, atime) == 32);
const _: () = assert!(core::mem::offset_of!(Stat64, birthtime) == 80);
const _: () = assert!(core::mem::offset_of!(Stat64, size) == 96);
const _: () = assert!(core::mem::offset_of!(Stat64, blksize) == 112);
const _: () = assert!(core::mem::offset_of!(Stat64, flags) == 116);

/// darwin legacy `struct stat` (32-bit inode, no birth time).
#[repr(C)]
#[derive(Default)]
pub struct StatLegacy {
    pub dev: i32,
    pub ino: u32,
    pub mode: u16,
    pub nlink: u16,
    pub uid: u32,
    pub gid: u32,
    pub rdev: i32,
    pub atime: [i64; 2],
    pub mtime: [i64; 2],
    pub ctime: [i64; 2],
    pub size: i64,
    pub blocks: i64,
    pub blksize: i32,
    pub flags: u32,
    pub gen: u32,
    pub lspare: i32,
    pub qspare: [i64; 2],
}
const _: () = assert!(core::mem::size_of::<StatLegacy>() == 120);
const _: () = assert!(core::mem::offset_of!(StatLegacy, atime) == 24);
const _: () = assert!(core::mem::offset_of!(StatLegacy, size) == 72);

/// Linux `dev_t` (major:minor, 12+20 bits here) → darwin's 8:24 encoding.
pub fn dev_to_darwin(d: u64) -> i32 {
    let major = libc::major(d) as u32;
    let minor = libc::minor(d) as u32;
    ((major << 24) | (minor & 0x00ff_ffff)) as i32
}

/// darwin `UF_NODUMP` (`<sys/stat.h>`).
pub const UF_NODUMP: u32 = 0x0000_0001;
/// darwin `SF_IMMUTABLE`.
pub const SF_IMMUTABLE: u32 = 0x0002_0000;
/// darwin `SF_APPEND`.
pub const SF_APPEND: u32 = 0x0004_0000;

/// The darwin `st_flags` for a file's Linux inode attributes.
///
/// Linux stores three of the chflags bits: no-dump, immutable and
/// append-only. Only a privileged process may set or clear the last two on
/// Linux, which is what macOS' super-user flags mean, so they read back as
/// `SF_IMMUTABLE`/`SF_APPEND` (a `chflags(UF_IMMUTABLE)` is stored in the
/// same Linux bit).
pub fn darwin_flags(sx: &libc::statx) -> u32 {
    let a = sx.stx_attributes & sx.stx_attributes_mask;
    let mut f = 0;
    if a & libc::STATX_ATTR_NODUMP as u64 != 0 {
        f |= UF_NODUMP;
    }
    if a & libc::STATX_ATTR_IMMUTABLE as u64 != 0 {
        f |= SF_IMMUTABLE;
    }
    if a & libc::STATX_ATTR_APPEND as u64 != 0 {
        f |= SF_APPEND;
    }
    f
}

/// `statx` on (dirfd, path, Linux `AT_*` flags); an empty path with
/// `AT_EMPTY_PATH` means the fd itself. `None` with darwin's errno set on
/// failure.
///
/// # Safety
/// `path` must be a C string.
pub unsafe fn statx(dirfd: c_int, path: *const c_char, flags: c_int) -> Option<libc::statx> {
    // SAFETY: `sx` is plain data filled by the kernel.
    let mut sx: libc::statx = unsafe { core::mem::zeroed() };
    // SAFETY: `path` is a C string (possibly empty with AT_EMPTY_PATH).
    let r = unsafe {
        libc::statx(
            dirfd,
            path,
            flags | libc::AT_STATX_SYNC_AS_STAT,
            libc::STATX_BASIC_STATS | libc::STATX_BTIME,
            &mut sx,
        )
    };
    if r != 0 {
        crate::errno::set_from_linux();
        return None;
    }
    Some(sx)
}

fn ts(t: &libc::statx_timestamp) -> [i64; 2] {
    [t.tv_sec, t.tv_nsec as i64]
}

/// Fills a darwin 64-bit-inode `struct stat` from `statx`.
pub fn to_stat64(sx: &libc::statx) -> Stat64 {
    // No birth time on this filesystem: 0, as XNU's `vn_stat` reports.
    let birth = if sx.stx_mask & libc::STATX_BTIME != 0 {
        ts(&sx.stx_btime)
    } else {
        [0, 0]
    };
    Stat64 {
        dev: dev_to_darwin(libc::makedev(sx.stx_dev_major, sx.stx_dev_minor)),
        mode: sx.stx_mode,
        nlink: sx.stx_nlink.min(u16::MAX as u32) as u16,
        ino: sx.stx_ino,
        uid: sx.stx_uid,
        gid: sx.stx_gid,
        rdev: dev_to_darwin(libc::makedev(sx.stx_rdev_major, sx.stx_rdev_minor)),
        atime: ts(&sx.stx_atime),
        mtime: ts(&sx.stx_mtime),
        ctime: ts(&sx.stx_ctime),
        birthtime: birth,
        size: sx.stx_size as i64,
        // Both count 512-byte units.
        blocks: sx.stx_blocks as i64,
        blksize: sx.stx_blksize as i32,
        flags: darwin_flags(sx),
        ..Default::default()
    }
}

fn to_legacy(s: &Stat64) -> StatLegacy {
    StatLegacy {
        dev: s.dev,
        ino: s.ino as u32,
        mode: s.mode,
        nlink: s.nlink,
        uid: s.uid,
        gid: s.gid,
        rdev: s.rdev,
        atime: s.atime,
        mtime: s.mtime,
        ctime: s.ctime,
        size: s.size,
        blocks: s.blocks,
        blksize: s.blksize,
        flags: s.flags,
        ..Default::default()
    }
}

const AT_SYMLINK_NOFOLLOW: c_int = 0x20;
/// darwin `AT_REALDEV`: the real device under a firmlink; ours always is.
const AT_REALDEV: c_int = 0x200;
/// darwin `AT_FDONLY`: stat the descriptor, ignore the path.
const AT_FDONLY: c_int = 0x400;

/// `statx` for darwin `fstatat(dirfd, path, flags)`: other flags are
/// `EINVAL`, as XNU's `fstatat` checks.
///
/// # Safety
/// `path` must be a C string unless `AT_FDONLY` is given.
unsafe fn statx_at(dirfd: c_int, path: *const c_char, flags: c_int) -> Option<libc::statx> {
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_REALDEV | AT_FDONLY) != 0 {
        crate::errno::set(darwin::EINVAL);
        return None;
    }
    // SAFETY: forwarded contract; "" goes with AT_EMPTY_PATH.
    unsafe {
        if flags & AT_FDONLY != 0 {
            statx(dirfd, c"".as_ptr(), libc::AT_EMPTY_PATH)
        } else {
            let l = if flags & AT_SYMLINK_NOFOLLOW != 0 {
                libc::AT_SYMLINK_NOFOLLOW
            } else {
                0
            };
            statx(at_fd(dirfd), path, l)
        }
    }
}

unsafe fn fill64(out: *mut Stat64, r: Option<libc::statx>) -> c_int {
    match r {
        Some(sx) => {
            if out.is_null() {
                crate::errno::set(darwin::EFAULT);
                return -1;
            }
            // SAFETY: `out` is the caller's darwin struct stat.
            unsafe { out.write(to_stat64(&sx)) };
            0
        }
        None => -1,
    }
}

unsafe fn fill_legacy(out: *mut StatLegacy, r: Option<libc::statx>) -> c_int {
    match r {
        Some(sx) => {
            if out.is_null() {
                crate::errno::set(darwin::EFAULT);
                return -1;
            }
            // SAFETY: `out` is the caller's legacy darwin struct stat.
            unsafe { out.write(to_legacy(&to_stat64(&sx))) };
            0
        }
        None => -1,
    }
}

unsafe extern "C" fn stat64(p: *const c_char, out: *mut Stat64) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill64(out, statx(libc::AT_FDCWD, p, 0)) }
}
unsafe extern "C" fn lstat64(p: *const c_char, out: *mut Stat64) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill64(out, statx(libc::AT_FDCWD, p, libc::AT_SYMLINK_NOFOLLOW)) }
}
unsafe extern "C" fn fstat64(fd: c_int, out: *mut Stat64) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill64(out, statx(fd, c"".as_ptr(), libc::AT_EMPTY_PATH)) }
}
unsafe extern "C" fn fstatat64(
    dirfd: c_int,
    p: *const c_char,
    out: *mut Stat64,
    flags: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill64(out, statx_at(dirfd, p, flags)) }
}
unsafe extern "C" fn stat_legacy(p: *const c_char, out: *mut StatLegacy) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill_legacy(out, statx(libc::AT_FDCWD, p, 0)) }
}
unsafe extern "C" fn lstat_legacy(p: *const c_char, out: *mut StatLegacy) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill_legacy(out, statx(libc::AT_FDCWD, p, libc::AT_SYMLINK_NOFOLLOW)) }
}
unsafe extern "C" fn fstat_legacy(fd: c_int, out: *mut StatLegacy) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill_legacy(out, statx(fd, c"".as_ptr(), libc::AT_EMPTY_PATH)) }
}
unsafe extern "C" fn fstatat_legacy(
    dirfd: c_int,
    p: *const c_char,
    out: *mut StatLegacy,
    flags: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { fill_legacy(out, statx_at(dirfd, p, flags)) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_stat$INODE64" => stat64,
    func "_lstat$INODE64" => lstat64,
    func "_fstat$INODE64" => fstat64,
    func "_fstatat$INODE64" => fstatat64,
    func "_stat64" => stat64,
    func "_lstat64" => lstat64,
    func "_fstat64" => fstat64,
    func "_fstatat64" => fstatat64,
    func "_stat" => stat_legacy,
    func "_lstat" => lstat_legacy,
    func "_fstat" => fstat_legacy,
    func "_fstatat" => fstatat_legacy,
};
