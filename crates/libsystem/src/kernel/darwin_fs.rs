//! Darwin-only file calls: the `chflags` family, `renamex_np`/`renameatx_np`
//! and the `clonefile` family, plus the metadata helpers `copyfile` and
//! `setattrlist` share with them.
//!
//! File flags: Linux keeps three of darwin's `st_flags` bits as inode flags
//! (`FS_IOC_SETFLAGS`): `UF_NODUMP` ↔ `FS_NODUMP_FL`, `UF_IMMUTABLE` and
//! `SF_IMMUTABLE` ↔ `FS_IMMUTABLE_FL`, `UF_APPEND` and `SF_APPEND` ↔
//! `FS_APPEND_FL` (the last two need `CAP_LINUX_IMMUTABLE`; they read back
//! as the `SF_` bits, see `stat::darwin_flags`). Any other flag cannot be
//! stored and is `ENOTSUP`, the error macOS gives for a filesystem that
//! lacks a flag. Values from `<sys/stat.h>`.

use crate::errno::darwin;
use crate::kernel::fs::at_fd;
use crate::kernel::stat::{self, SF_APPEND, SF_IMMUTABLE, UF_NODUMP};
use libc::{c_char, c_int, c_uint};

const UF_IMMUTABLE: u32 = 0x0000_0002;
const UF_APPEND: u32 = 0x0000_0004;
const UF_SETTABLE: u32 = 0x0000_ffff;
const SF_SETTABLE: u32 = 0x3fff_0000;
const SF_SYNTHETIC: u32 = 0xc000_0000;
/// The darwin flags Linux can store.
const STORABLE: u32 = UF_NODUMP | UF_IMMUTABLE | SF_IMMUTABLE | UF_APPEND | SF_APPEND;

/// Linux inode flags (`<linux/fs.h>`).
const FS_IMMUTABLE_FL: c_int = 0x10;
const FS_APPEND_FL: c_int = 0x20;
const FS_NODUMP_FL: c_int = 0x40;
const FS_MAPPED: c_int = FS_IMMUTABLE_FL | FS_APPEND_FL | FS_NODUMP_FL;

/// darwin `AT_SYMLINK_NOFOLLOW` (`<sys/fcntl.h>`).
pub(crate) const AT_SYMLINK_NOFOLLOW: c_int = 0x20;

fn fail(e: c_int) -> c_int {
    crate::errno::set(e);
    -1
}

/// The object a metadata call works on.
#[derive(Clone, Copy)]
pub(crate) enum Target {
    /// A path relative to a darwin directory fd, its last symlink followed
    /// or not.
    At {
        dirfd: c_int,
        path: *const c_char,
        follow: bool,
    },
    /// An open descriptor.
    Fd(c_int),
}

impl Target {
    /// `statx` of the object; `None` with darwin errno on failure.
    ///
    /// # Safety
    /// A path target's `path` must be a C string.
    pub(crate) unsafe fn statx(self) -> Option<libc::statx> {
        // SAFETY: the path is the caller's C string; "" goes with AT_EMPTY_PATH.
        unsafe {
            match self {
                Target::At {
                    dirfd,
                    path,
                    follow,
                } => stat::statx(
                    at_fd(dirfd),
                    path,
                    if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW },
                ),
                Target::Fd(fd) => stat::statx(fd, c"".as_ptr(), libc::AT_EMPTY_PATH),
            }
        }
    }

    /// A descriptor that `ioctl`s and `f*` metadata calls accept: a path is
    /// opened read-only (write-only when reading is denied), an `O_PATH`
    /// descriptor is reopened through `/proc/self/fd`. `Ok((fd, owned))`.
    ///
    /// # Safety
    /// A path target's `path` must be a C string.
    unsafe fn io_fd(self) -> Result<(c_int, bool), c_int> {
        let base = libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;
        let (dirfd, path, nofollow) = match self {
            Target::At {
                dirfd,
                path,
                follow,
            } => (
                at_fd(dirfd),
                path,
                if follow { 0 } else { libc::O_NOFOLLOW },
            ),
            Target::Fd(fd) => {
                // SAFETY: no memory is involved.
                let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
                if fl < 0 {
                    return Err(crate::errno::linux_to_darwin(crate::errno::get()));
                }
                if fl & libc::O_PATH == 0 {
                    return Ok((fd, false));
                }
                let p = format!("/proc/self/fd/{fd}\0");
                // SAFETY: `p` is NUL-terminated.
                let r = unsafe { libc::open(p.as_ptr().cast(), libc::O_RDONLY | base) };
                return if r < 0 {
                    Err(crate::errno::linux_to_darwin(crate::errno::get()))
                } else {
                    Ok((r, true))
                };
            }
        };
        // SAFETY: `path` is the caller's C string.
        let mut r = unsafe { libc::openat(dirfd, path, libc::O_RDONLY | base | nofollow) };
        if r < 0 && crate::errno::get() == libc::EACCES {
            // SAFETY: as above.
            r = unsafe { libc::openat(dirfd, path, libc::O_WRONLY | base | nofollow) };
        }
        if r < 0 {
            Err(crate::errno::linux_to_darwin(crate::errno::get()))
        } else {
            Ok((r, true))
        }
    }
}

fn close_if(fd: c_int, owned: bool) {
    if owned {
        let e = crate::errno::get();
        // SAFETY: closing a descriptor we opened.
        unsafe { libc::close(fd) };
        crate::errno::set(e);
    }
}

/// darwin flags → the Linux inode flags they map to.
fn linux_bits(flags: u32) -> c_int {
    let mut l = 0;
    if flags & UF_NODUMP != 0 {
        l |= FS_NODUMP_FL;
    }
    if flags & (UF_IMMUTABLE | SF_IMMUTABLE) != 0 {
        l |= FS_IMMUTABLE_FL;
    }
    if flags & (UF_APPEND | SF_APPEND) != 0 {
        l |= FS_APPEND_FL;
    }
    l
}

/// Linux `ioctl` errors that mean "this filesystem keeps no inode flags".
fn no_flag_support(e: c_int) -> bool {
    matches!(
        e,
        libc::ENOTTY | libc::EOPNOTSUPP | libc::ENOSYS | libc::EINVAL
    )
}

/// Replaces the three mapped Linux inode flags of `fd` with `want`.
fn set_inode_flags(fd: c_int, want: c_int) -> Result<(), c_int> {
    let mut cur: c_int = 0;
    // SAFETY: FS_IOC_GETFLAGS writes one int.
    if unsafe { libc::ioctl(fd, libc::FS_IOC_GETFLAGS, &mut cur) } != 0 {
        let e = crate::errno::get();
        return Err(if no_flag_support(e) {
            darwin::ENOTSUP
        } else {
            crate::errno::linux_to_darwin(e)
        });
    }
    let new = (cur & !FS_MAPPED) | want;
    if new == cur {
        return Ok(());
    }
    // SAFETY: FS_IOC_SETFLAGS reads one int.
    if unsafe { libc::ioctl(fd, libc::FS_IOC_SETFLAGS, &new) } != 0 {
        let e = crate::errno::get();
        return Err(if no_flag_support(e) {
            darwin::ENOTSUP
        } else {
            crate::errno::linux_to_darwin(e)
        });
    }
    Ok(())
}

/// Sets darwin file flags on `t`, with XNU's rules: nothing to change
/// succeeds for anyone (`vnode_authattr`: no authorisation without a
/// delta); a change needs ownership, and bits outside `UF_SETTABLE` need
/// root (`EPERM`); bits Linux cannot store are `ENOTSUP`.
///
/// # Safety
/// A path target's `path` must be a C string.
pub(crate) unsafe fn set_flags(t: Target, flags: u32) -> Result<(), c_int> {
    // SAFETY: forwarded contract.
    let Some(sx) = (unsafe { t.statx() }) else {
        return Err(crate::errno::get());
    };
    let new = flags & !SF_SYNTHETIC;
    let delta = new ^ stat::darwin_flags(&sx);
    if delta == 0 {
        return Ok(());
    }
    // SAFETY: no memory is involved.
    let euid = unsafe { libc::geteuid() };
    if euid == 0 {
        if delta & !(UF_SETTABLE | SF_SETTABLE) != 0 {
            return Err(darwin::EPERM);
        }
    } else if delta & !UF_SETTABLE != 0 || sx.stx_uid != euid {
        return Err(darwin::EPERM);
    }
    if new & !STORABLE != 0 {
        return Err(darwin::ENOTSUP);
    }
    let kind = u32::from(sx.stx_mode) & libc::S_IFMT;
    if kind != libc::S_IFREG && kind != libc::S_IFDIR {
        // Linux keeps inode flags on files and directories only (a device's
        // ioctls would go to its driver; symlinks have no descriptor).
        return Err(darwin::ENOTSUP);
    }
    // SAFETY: forwarded contract.
    let (fd, owned) = unsafe { t.io_fd() }?;
    let r = set_inode_flags(fd, linux_bits(new));
    close_if(fd, owned);
    r
}

fn ret(r: Result<(), c_int>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

unsafe extern "C" fn chflags(path: *const c_char, flags: c_uint) -> c_int {
    let t = Target::At {
        dirfd: -2,
        path,
        follow: true,
    };
    // SAFETY: `path` is the caller's C string.
    ret(unsafe { set_flags(t, flags) })
}

unsafe extern "C" fn lchflags(path: *const c_char, flags: c_uint) -> c_int {
    let t = Target::At {
        dirfd: -2,
        path,
        follow: false,
    };
    // SAFETY: `path` is the caller's C string.
    ret(unsafe { set_flags(t, flags) })
}

extern "C" fn fchflags(fd: c_int, flags: c_uint) -> c_int {
    // SAFETY: a descriptor target has no pointer.
    ret(unsafe { set_flags(Target::Fd(fd), flags) })
}

/// `fchflagsat(dirfd, path, flags, atflags)`; only `AT_SYMLINK_NOFOLLOW`
/// is meaningful, other `at` flags are `EINVAL`.
unsafe extern "C" fn fchflagsat(
    dirfd: c_int,
    path: *const c_char,
    flags: c_uint,
    atflags: c_int,
) -> c_int {
    if atflags & !AT_SYMLINK_NOFOLLOW != 0 {
        return fail(darwin::EINVAL);
    }
    let t = Target::At {
        dirfd,
        path,
        follow: atflags & AT_SYMLINK_NOFOLLOW == 0,
    };
    // SAFETY: `path` is the caller's C string.
    ret(unsafe { set_flags(t, flags) })
}

/// darwin `RENAME_*` (`<sys/stdio.h>`).
const RENAME_SECLUDE: c_uint = 0x1;
const RENAME_SWAP: c_uint = 0x2;
const RENAME_EXCL: c_uint = 0x4;

/// `renameatx_np`: `RENAME_SWAP` is Linux's `RENAME_EXCHANGE`,
/// `RENAME_EXCL` its `RENAME_NOREPLACE`. As XNU's `renameat_internal`
/// (xnu-7195): unknown bits or SWAP|EXCL are `EINVAL`. `RENAME_SECLUDE`
/// has no Linux counterpart: `ENOTSUP`, what a volume without
/// `VOL_CAP_INT_RENAME_SECLUDE` answers.
unsafe extern "C" fn renameatx_np(
    fromfd: c_int,
    from: *const c_char,
    tofd: c_int,
    to: *const c_char,
    flags: c_uint,
) -> c_int {
    if flags & !(RENAME_SECLUDE | RENAME_SWAP | RENAME_EXCL) != 0
        || flags & (RENAME_SWAP | RENAME_EXCL) == RENAME_SWAP | RENAME_EXCL
    {
        return fail(darwin::EINVAL);
    }
    if flags & RENAME_SECLUDE != 0 {
        return fail(darwin::ENOTSUP);
    }
    let mut l = 0;
    if flags & RENAME_SWAP != 0 {
        l |= libc::RENAME_EXCHANGE;
    }
    if flags & RENAME_EXCL != 0 {
        l |= libc::RENAME_NOREPLACE;
    }
    // SAFETY: the caller's C strings.
    crate::errno::check(unsafe { libc::renameat2(at_fd(fromfd), from, at_fd(tofd), to, l) })
}

unsafe extern "C" fn renamex_np(from: *const c_char, to: *const c_char, flags: c_uint) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { renameatx_np(-2, from, -2, to, flags) }
}

/// darwin `CLONE_*` (`<sys/clonefile.h>`).
const CLONE_NOFOLLOW: u32 = 0x1;
const CLONE_NOOWNERCOPY: u32 = 0x2;

/// Copies the extended attributes of `src` onto `dst`, best effort as
/// `copyfile(3)` does: attributes the kernel refuses (`EPERM`, `ENOTSUP`,
/// `EACCES`, e.g. `trusted.*` for a non-root caller) are skipped. With
/// `clear`, `dst`'s own attributes are removed first. POSIX ACLs
/// (`system.posix_acl_*`) go with `acl` only.
pub(crate) fn copy_xattrs(src: c_int, dst: c_int, clear: bool, acl: bool) -> Result<(), c_int> {
    let skip = |name: &[u8]| !acl && name.starts_with(b"system.posix_acl_");
    if clear {
        for name in list_xattrs(dst)? {
            if skip(&name) {
                continue;
            }
            // SAFETY: `name` is NUL-terminated.
            unsafe { libc::fremovexattr(dst, name.as_ptr().cast()) };
        }
    }
    for name in list_xattrs(src)? {
        if skip(&name) {
            continue;
        }
        let mut buf = vec![0u8; 4096];
        let n = loop {
            // SAFETY: `buf` has `buf.len()` bytes; `name` is NUL-terminated.
            let n = unsafe {
                libc::fgetxattr(
                    src,
                    name.as_ptr().cast(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                )
            };
            if n >= 0 {
                break n as usize;
            }
            if crate::errno::get() != libc::ERANGE {
                break usize::MAX;
            }
            buf.resize(buf.len() * 4, 0);
            if buf.len() > 64 << 20 {
                break usize::MAX;
            }
        };
        if n == usize::MAX {
            continue;
        }
        // SAFETY: `buf[..n]` is the value just read.
        let r = unsafe { libc::fsetxattr(dst, name.as_ptr().cast(), buf.as_ptr().cast(), n, 0) };
        if r != 0 {
            let e = crate::errno::get();
            if !matches!(e, libc::EPERM | libc::EOPNOTSUPP | libc::EACCES) {
                return Err(crate::errno::linux_to_darwin(e));
            }
        }
    }
    Ok(())
}

/// The extended attribute names of `fd`, each NUL-terminated; none when
/// the filesystem has no xattrs.
fn list_xattrs(fd: c_int) -> Result<Vec<Vec<u8>>, c_int> {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: `buf` has `buf.len()` bytes.
        let n = unsafe { libc::flistxattr(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n >= 0 {
            buf.truncate(n as usize);
            break;
        }
        match crate::errno::get() {
            libc::ERANGE => {
                let len = buf.len() * 4;
                buf.resize(len, 0);
            }
            libc::EOPNOTSUPP => return Ok(Vec::new()),
            e => return Err(crate::errno::linux_to_darwin(e)),
        }
    }
    Ok(buf
        .split_inclusive(|&b| b == 0)
        .filter(|n| n.len() > 1)
        .map(|n| n.to_vec())
        .collect())
}

/// Gives `dst` the times of `sx` (access and modification; Linux cannot
/// set the others).
pub(crate) fn copy_times(dst: c_int, sx: &libc::statx) -> c_int {
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
    // SAFETY: two timespecs.
    unsafe { libc::futimens(dst, ts.as_ptr()) }
}

/// Where a clone's source comes from.
#[derive(Clone, Copy)]
enum CloneSrc {
    At(c_int, *const c_char),
    Fd(c_int),
}

/// The `clonefile` family. Linux clones a regular file's blocks with the
/// `FICLONE` ioctl (btrfs, XFS, bcachefs...); where the filesystem cannot,
/// the call fails with `ENOTSUP` and creates nothing, as on a macOS volume
/// without `VOL_CAP_INT_CLONE`, so callers (`copyfile`, `cp -c`) fall back
/// to copying. A symlink is cloned by making the same link. Directories
/// are `ENOTSUP`: Linux has no atomic tree clone. Checks follow XNU
/// (`clonefileat`, `clonefile_internal`): bad flags `EINVAL`, then the
/// source, its type (`EINVAL` for devices, FIFOs, sockets), an existing
/// destination `EEXIST`, another filesystem `EXDEV`.
unsafe fn clone_impl(src: CloneSrc, dst_dirfd: c_int, dst: *const c_char, flags: u32) -> c_int {
    if flags & !(CLONE_NOFOLLOW | CLONE_NOOWNERCOPY) != 0 {
        return fail(darwin::EINVAL);
    }
    let t = match src {
        CloneSrc::At(d, p) => Target::At {
            dirfd: d,
            path: p,
            follow: flags & CLONE_NOFOLLOW == 0,
        },
        CloneSrc::Fd(fd) => {
            // SAFETY: no memory is involved.
            let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
            if fl < 0 {
                return fail(darwin::EBADF);
            }
            Target::Fd(fd)
        }
    };
    // SAFETY: a path target holds the caller's C string.
    let Some(sx) = (unsafe { t.statx() }) else {
        return -1;
    };
    let kind = u32::from(sx.stx_mode) & libc::S_IFMT;
    match kind {
        libc::S_IFREG | libc::S_IFLNK => {}
        libc::S_IFDIR => return fail(darwin::ENOTSUP),
        _ => return fail(darwin::EINVAL),
    }
    let ddir = at_fd(dst_dirfd);
    // SAFETY: `lsx` is plain data; `dst` is the caller's C string.
    let mut lsx: libc::statx = unsafe { core::mem::zeroed() };
    // SAFETY: as above.
    if unsafe {
        libc::statx(
            ddir,
            dst,
            libc::AT_SYMLINK_NOFOLLOW,
            libc::STATX_TYPE,
            &mut lsx,
        )
    } == 0
    {
        return fail(darwin::EEXIST);
    }
    // SAFETY: no memory is involved.
    let root = unsafe { libc::geteuid() } == 0;
    let own = root && flags & CLONE_NOOWNERCOPY == 0;
    if kind == libc::S_IFLNK {
        // SAFETY: `t` holds the caller's C strings.
        return unsafe { clone_symlink(t, &sx, ddir, dst, own) };
    }
    // Source descriptor that can be read.
    // SAFETY: as above.
    let (sfd, sowned) = match unsafe { t.io_fd() } {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    if let Target::Fd(fd) = t {
        // SAFETY: no memory is involved.
        let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if fl & libc::O_ACCMODE == libc::O_WRONLY {
            close_if(sfd, sowned);
            return fail(darwin::EBADF);
        }
    }
    let r = (|| {
        // SAFETY: `dst` is the caller's C string.
        let dfd = unsafe {
            libc::openat(
                ddir,
                dst,
                libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC,
                0o600,
            )
        };
        if dfd < 0 {
            return Err(crate::errno::linux_to_darwin(crate::errno::get()));
        }
        let undo = |e: c_int| {
            // SAFETY: removing the file we just created; `dst` is a C string.
            unsafe {
                libc::close(dfd);
                libc::unlinkat(ddir, dst, 0);
            }
            Err(e)
        };
        // SAFETY: `dsx` is plain data.
        let mut dsx: libc::statx = unsafe { core::mem::zeroed() };
        // SAFETY: "" with AT_EMPTY_PATH names `dfd`.
        unsafe {
            libc::statx(
                dfd,
                c"".as_ptr(),
                libc::AT_EMPTY_PATH,
                libc::STATX_BASIC_STATS,
                &mut dsx,
            )
        };
        if (dsx.stx_dev_major, dsx.stx_dev_minor) != (sx.stx_dev_major, sx.stx_dev_minor) {
            return undo(libc::EXDEV);
        }
        // SAFETY: FICLONE takes the source descriptor as its argument.
        if unsafe { libc::ioctl(dfd, libc::FICLONE, sfd) } != 0 {
            let e = crate::errno::get();
            return undo(match e {
                libc::EXDEV => libc::EXDEV,
                libc::EOPNOTSUPP | libc::EINVAL | libc::ENOTTY | libc::ENOSYS => darwin::ENOTSUP,
                e => crate::errno::linux_to_darwin(e),
            });
        }
        // The clone's own attributes, identical to the source's
        // (man 2 clonefile), except set-id bits and, unless root, owner.
        let _ = copy_xattrs(sfd, dfd, false, true);
        if own {
            // SAFETY: no memory is involved.
            unsafe { libc::fchown(dfd, sx.stx_uid, sx.stx_gid) };
        }
        let mode = u32::from(sx.stx_mode) & 0o7777 & !(libc::S_ISUID | libc::S_ISGID);
        // SAFETY: no memory is involved.
        unsafe { libc::fchmod(dfd, mode) };
        copy_times(dfd, &sx);
        let _ = set_inode_flags(dfd, linux_bits(stat::darwin_flags(&sx)));
        // SAFETY: our descriptor.
        unsafe { libc::close(dfd) };
        Ok(())
    })();
    close_if(sfd, sowned);
    ret(r)
}

/// Clones a symlink: the same target text, owner (root only) and times.
unsafe fn clone_symlink(
    t: Target,
    sx: &libc::statx,
    ddir: c_int,
    dst: *const c_char,
    own: bool,
) -> c_int {
    let mut buf = vec![0u8; sx.stx_size as usize + 1];
    // SAFETY: `buf` has room for the link text; the paths are C strings.
    let n = unsafe {
        match t {
            Target::At { dirfd, path, .. } => {
                libc::readlinkat(at_fd(dirfd), path, buf.as_mut_ptr().cast(), buf.len())
            }
            Target::Fd(fd) => {
                libc::readlinkat(fd, c"".as_ptr(), buf.as_mut_ptr().cast(), buf.len())
            }
        }
    };
    if n < 0 {
        crate::errno::set_from_linux();
        return -1;
    }
    buf.truncate(n as usize);
    buf.push(0);
    // SAFETY: `buf` and `dst` are C strings.
    if unsafe { libc::symlinkat(buf.as_ptr().cast(), ddir, dst) } != 0 {
        crate::errno::set_from_linux();
        return -1;
    }
    // SAFETY: `lsx` is plain data; `dst` is a C string.
    let mut lsx: libc::statx = unsafe { core::mem::zeroed() };
    // SAFETY: as above.
    unsafe {
        libc::statx(
            ddir,
            dst,
            libc::AT_SYMLINK_NOFOLLOW,
            libc::STATX_BASIC_STATS,
            &mut lsx,
        )
    };
    if (lsx.stx_dev_major, lsx.stx_dev_minor) != (sx.stx_dev_major, sx.stx_dev_minor) {
        // SAFETY: removing the link we just made.
        unsafe { libc::unlinkat(ddir, dst, 0) };
        return fail(libc::EXDEV);
    }
    // SAFETY: the paths are C strings; the times are two timespecs.
    unsafe {
        if own {
            libc::fchownat(ddir, dst, sx.stx_uid, sx.stx_gid, libc::AT_SYMLINK_NOFOLLOW);
        }
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
        libc::utimensat(ddir, dst, ts.as_ptr(), libc::AT_SYMLINK_NOFOLLOW);
    }
    0
}

/// `clonefile(src, dst, CLONE_NOFOLLOW)`, for `copyfile`'s
/// `COPYFILE_CLONE`: libcopyfile never clones a symlink's target.
///
/// # Safety
/// `src` and `dst` must be C strings.
pub(crate) unsafe fn clonefile_for_copy(src: *const c_char, dst: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { clone_impl(CloneSrc::At(-2, src), -2, dst, CLONE_NOFOLLOW) }
}

unsafe extern "C" fn clonefileat(
    src_dirfd: c_int,
    src: *const c_char,
    dst_dirfd: c_int,
    dst: *const c_char,
    flags: u32,
) -> c_int {
    // SAFETY: the caller's C strings.
    unsafe { clone_impl(CloneSrc::At(src_dirfd, src), dst_dirfd, dst, flags) }
}

unsafe extern "C" fn clonefile(src: *const c_char, dst: *const c_char, flags: u32) -> c_int {
    // SAFETY: the caller's C strings.
    unsafe { clone_impl(CloneSrc::At(-2, src), -2, dst, flags) }
}

unsafe extern "C" fn fclonefileat(
    srcfd: c_int,
    dst_dirfd: c_int,
    dst: *const c_char,
    flags: u32,
) -> c_int {
    // SAFETY: the caller's C string.
    unsafe { clone_impl(CloneSrc::Fd(srcfd), dst_dirfd, dst, flags) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_chflags" => chflags,
    func "_lchflags" => lchflags,
    func "_fchflags" => fchflags,
    func "_fchflagsat" => fchflagsat,
    func "_renamex_np" => renamex_np,
    func "_renameatx_np" => renameatx_np,
    func "_clonefile" => clonefile,
    func "_clonefileat" => clonefileat,
    func "_fclonefileat" => fclonefileat,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_mapping() {
        assert_eq!(linux_bits(UF_NODUMP), FS_NODUMP_FL);
        assert_eq!(linux_bits(UF_IMMUTABLE), FS_IMMUTABLE_FL);
        assert_eq!(
            linux_bits(SF_IMMUTABLE | SF_APPEND),
            FS_IMMUTABLE_FL | FS_APPEND_FL
        );
        assert_eq!(linux_bits(0), 0);
    }
}
