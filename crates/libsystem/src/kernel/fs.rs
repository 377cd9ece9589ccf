//! File descriptors and paths: `open`, `read`, `write`, the `*at` family,
//! links, permissions, times, `fcntl`, `flock`, temporary files.
//! darwin's `O_*`, `AT_*`, `F_*` and `UTIME_*` values (`<sys/fcntl.h>`,
//! `<sys/stat.h>`) differ from Linux's and are translated here.

use crate::errno::{check, darwin};
use libc::{c_char, c_int, c_void, mode_t, off_t, size_t, ssize_t};

/// darwin `O_*` flag → Linux flag, for every flag with a Linux meaning.
const OPEN_FLAGS: &[(c_int, c_int)] = &[
    (0x0000_0004, libc::O_NONBLOCK),
    (0x0000_0008, libc::O_APPEND),
    (0x0000_0040, libc::O_ASYNC),
    (0x0000_0080, libc::O_SYNC),
    (0x0000_0100, libc::O_NOFOLLOW),
    (0x0000_0200, libc::O_CREAT),
    (0x0000_0400, libc::O_TRUNC),
    (0x0000_0800, libc::O_EXCL),
    (0x0002_0000, libc::O_NOCTTY),
    (0x0010_0000, libc::O_DIRECTORY),
    (0x0040_0000, libc::O_DSYNC),
    (0x0100_0000, libc::O_CLOEXEC),
];
/// darwin `O_NONBLOCK`.
pub const O_NONBLOCK: c_int = 0x4;
const O_SHLOCK: c_int = 0x10;
const O_EXLOCK: c_int = 0x20;
const O_EVTONLY: c_int = 0x8000;
const O_SYMLINK: c_int = 0x20_0000;
const O_SYNC: c_int = 0x80;
const O_DSYNC: c_int = 0x40_0000;
const O_EXEC: c_int = 0x4000_0000;
const O_RESOLVE_BENEATH: c_int = 0x1000;
const O_NOFOLLOW_ANY: c_int = 0x2000_0000;
/// darwin `ENOTCAPABLE`: `O_RESOLVE_BENEATH` resolved outside the directory.
const ENOTCAPABLE: c_int = 107;
/// darwin `O_CLOEXEC`.
pub const O_CLOEXEC: c_int = 0x0100_0000;
const O_APPEND: c_int = 0x8;

/// Translates darwin open flags to Linux's.
pub fn open_flags_to_linux(flags: c_int) -> c_int {
    let mut out = flags & 3; // O_RDONLY/O_WRONLY/O_RDWR share values
    for &(d, l) in OPEN_FLAGS {
        if flags & d != 0 {
            out |= l;
        }
    }
    if flags & O_SYMLINK != 0 {
        // Open the link itself rather than its target.
        out |= libc::O_PATH | libc::O_NOFOLLOW;
        out &= !3;
    }
    if flags & O_EVTONLY != 0 {
        out &= !3;
    }
    if flags & O_EXEC != 0 {
        // O_EXEC / O_SEARCH: a descriptor for fexecve and the *at calls only.
        out = (out & !3) | libc::O_PATH;
    }
    out
}

/// Translates Linux file status flags (from `fcntl(F_GETFL)`) back to
/// darwin's: the access mode and the flags darwin reports there.
pub fn open_flags_to_darwin(flags: c_int) -> c_int {
    let mut out = flags & 3;
    if flags & libc::O_PATH != 0 {
        out = O_EXEC;
    }
    for &(d, l) in &[
        (O_NONBLOCK, libc::O_NONBLOCK),
        (O_APPEND, libc::O_APPEND),
        (0x40, libc::O_ASYNC),
    ] {
        if flags & l != 0 {
            out |= d;
        }
    }
    // Linux O_SYNC includes the O_DSYNC bit.
    if flags & libc::O_SYNC == libc::O_SYNC {
        out |= O_SYNC;
    } else if flags & libc::O_DSYNC != 0 {
        out |= O_DSYNC;
    }
    out
}

/// darwin `open(path, flags, mode)`; `O_SHLOCK`/`O_EXLOCK` take a `flock`.
///
/// # Safety
/// `path` must be a C string.
pub unsafe extern "C" fn open(path: *const c_char, flags: c_int, mode: c_int) -> c_int {
    // SAFETY: `path` is the caller's C string.
    unsafe { openat(-2, path, flags, mode) }
}

/// darwin `openat`; `AT_FDCWD` is -2 on darwin.
///
/// # Safety
/// `path` must be a C string.
pub unsafe extern "C" fn openat(
    dirfd: c_int,
    path: *const c_char,
    flags: c_int,
    mode: c_int,
) -> c_int {
    let dirfd = at_fd(dirfd);
    let lflags = open_flags_to_linux(flags);
    let fd = if flags & (O_NOFOLLOW_ANY | O_RESOLVE_BENEATH) != 0 {
        // Path-resolution restrictions: openat2's RESOLVE_* flags.
        // SAFETY: open_how is plain integers.
        let mut how: libc::open_how = unsafe { core::mem::zeroed() };
        how.flags = lflags as u64;
        how.mode = if lflags & (libc::O_CREAT | libc::O_TMPFILE) != 0 {
            (mode as mode_t) as u64
        } else {
            0
        };
        if flags & O_NOFOLLOW_ANY != 0 {
            how.resolve |= libc::RESOLVE_NO_SYMLINKS;
        }
        if flags & O_RESOLVE_BENEATH != 0 {
            how.resolve |= libc::RESOLVE_BENEATH;
        }
        // SAFETY: `path` is the caller's C string; `how` is a valid open_how.
        let r = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                dirfd,
                path,
                &how,
                core::mem::size_of::<libc::open_how>(),
            )
        };
        if r < 0 && crate::errno::get() == libc::EXDEV {
            crate::errno::set(ENOTCAPABLE);
            return -1;
        }
        r as c_int
    } else {
        // SAFETY: `path` is the caller's C string.
        unsafe { libc::openat(dirfd, path, lflags, mode as mode_t) }
    };
    if fd < 0 {
        crate::errno::set_from_linux();
        return fd;
    }
    if flags & (O_SHLOCK | O_EXLOCK) != 0 {
        let op = if flags & O_EXLOCK != 0 {
            libc::LOCK_EX
        } else {
            libc::LOCK_SH
        } | if flags & O_NONBLOCK != 0 {
            libc::LOCK_NB
        } else {
            0
        };
        // SAFETY: `fd` is the descriptor we just opened.
        if unsafe { libc::flock(fd, op) } != 0 {
            crate::errno::set_from_linux();
            close_keep_errno(fd);
            return -1;
        }
    }
    fd
}

/// Closes one of our own descriptors without disturbing errno.
fn close_keep_errno(fd: c_int) {
    let e = crate::errno::get();
    // SAFETY: closing a descriptor we opened.
    unsafe { libc::close(fd) };
    crate::errno::set(e);
}

/// darwin `AT_FDCWD` (-2) → Linux's (-100). Linux's own value is no
/// descriptor on darwin, so it becomes an invalid one (`EBADF`).
pub fn at_fd(fd: c_int) -> c_int {
    match fd {
        -2 => libc::AT_FDCWD,
        libc::AT_FDCWD => -1,
        fd => fd,
    }
}

/// darwin `AT_*` flag values (`<sys/fcntl.h>`).
pub mod at {
    use libc::c_int;
    pub const EACCESS: c_int = 0x10;
    pub const SYMLINK_NOFOLLOW: c_int = 0x20;
    pub const SYMLINK_FOLLOW: c_int = 0x40;
    pub const REMOVEDIR: c_int = 0x80;
}

/// Translates the darwin `AT_*` flags in `allowed`; any other bit is
/// `EINVAL`, as darwin answers.
pub fn at_flags_to_linux(flags: c_int, allowed: c_int) -> Option<c_int> {
    if flags & !allowed != 0 {
        crate::errno::set(darwin::EINVAL);
        return None;
    }
    let mut out = 0;
    for (d, l) in [
        (at::EACCESS, libc::AT_EACCESS),
        (at::SYMLINK_NOFOLLOW, libc::AT_SYMLINK_NOFOLLOW),
        (at::SYMLINK_FOLLOW, libc::AT_SYMLINK_FOLLOW),
        (at::REMOVEDIR, libc::AT_REMOVEDIR),
    ] {
        if flags & d != 0 {
            out |= l;
        }
    }
    Some(out)
}

unsafe extern "C" fn creat(path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { open(path, 0x1 | 0x200 | 0x400, mode as c_int) }
}

unsafe extern "C" fn read(fd: c_int, buf: *mut c_void, n: size_t) -> ssize_t {
    // SAFETY: the caller passes a buffer of `n` bytes.
    check(unsafe { libc::read(fd, buf, n) })
}

unsafe extern "C" fn write(fd: c_int, buf: *const c_void, n: size_t) -> ssize_t {
    let iov = [libc::iovec {
        iov_base: buf.cast_mut(),
        iov_len: n,
    }];
    if let Some(r) = crate::kernel::socket::write_nosigpipe(fd, &iov) {
        return check(r);
    }
    // SAFETY: the caller passes a buffer of `n` bytes.
    check(unsafe { libc::write(fd, buf, n) })
}

unsafe extern "C" fn pread(fd: c_int, buf: *mut c_void, n: size_t, off: off_t) -> ssize_t {
    // SAFETY: as `read`.
    check(unsafe { libc::pread(fd, buf, n, off) })
}

unsafe extern "C" fn pwrite(fd: c_int, buf: *const c_void, n: size_t, off: off_t) -> ssize_t {
    // SAFETY: as `write`.
    check(unsafe { libc::pwrite(fd, buf, n, off) })
}

unsafe extern "C" fn readv(fd: c_int, iov: *const libc::iovec, n: c_int) -> ssize_t {
    // SAFETY: `iovec` has the same layout on both systems.
    check(unsafe { libc::readv(fd, iov, n) })
}

unsafe extern "C" fn writev(fd: c_int, iov: *const libc::iovec, n: c_int) -> ssize_t {
    if n > 0 && !iov.is_null() {
        // SAFETY: the caller passes `n` iovecs.
        let v = unsafe { core::slice::from_raw_parts(iov, n as usize) };
        if let Some(r) = crate::kernel::socket::write_nosigpipe(fd, v) {
            return check(r);
        }
    }
    // SAFETY: as `readv`.
    check(unsafe { libc::writev(fd, iov, n) })
}

unsafe extern "C" fn preadv(fd: c_int, iov: *const libc::iovec, n: c_int, off: off_t) -> ssize_t {
    // SAFETY: as `readv`.
    check(unsafe { libc::preadv(fd, iov, n, off) })
}

unsafe extern "C" fn pwritev(fd: c_int, iov: *const libc::iovec, n: c_int, off: off_t) -> ssize_t {
    // SAFETY: as `readv`.
    check(unsafe { libc::pwritev(fd, iov, n, off) })
}

extern "C" fn close(fd: c_int) -> c_int {
    // A kqueue's own state, and knotes on `fd` in any kqueue, go with it.
    crate::kernel::kqueue::forget_fd(fd);
    check(close_fd(fd))
}

/// `close(2)` for every path of ours (`close`, `fclose`), with one twist
/// while the process exits: closing standard output or error first keeps a
/// hidden copy until the process is gone. Programs built with gnulib's
/// `close_stdout` (coreutils, sed, grep, ...) close both from an exit
/// handler, and whoever reads them sees end-of-file while the process still
/// exists; Nix takes that end-of-file as the builder's end and kills its
/// process group at once, which a builder ending with `/bin/mkdir $out`
/// lost most of the time. The copy changes nothing the program can see:
/// the descriptor number is closed, write errors still show in the flush
/// before it, and the kernel closes the copy at `_exit`.
pub(crate) fn close_fd(fd: c_int) -> c_int {
    if (fd == 1 || fd == 2) && crate::c::exit::exiting() {
        // SAFETY: duplicating a descriptor touches no memory.
        unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 64) };
    }
    // SAFETY: closing a descriptor has no memory-safety preconditions.
    unsafe { libc::close(fd) }
}

extern "C" fn lseek(fd: c_int, off: off_t, whence: c_int) -> off_t {
    // SEEK_SET/CUR/END share values; darwin SEEK_HOLE 3 / SEEK_DATA 4 are
    // Linux's 4 / 3.
    let whence = match whence {
        3 => libc::SEEK_HOLE,
        4 => libc::SEEK_DATA,
        w => w,
    };
    // SAFETY: no memory is involved.
    check(unsafe { libc::lseek(fd, off, whence) })
}

extern "C" fn dup(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    let new = check(unsafe { libc::dup(fd) });
    super::kqueue::on_dup(fd, new);
    new
}

extern "C" fn dup2(a: c_int, b: c_int) -> c_int {
    if a != b && fcntl_is_open(a) {
        // `b` is closed by dup2: forget what it was first, as `close` does.
        super::kqueue::forget_fd(b);
    }
    // SAFETY: no memory is involved.
    let new = check(unsafe { libc::dup2(a, b) });
    super::kqueue::on_dup(a, new);
    new
}

/// Whether `fd` is an open descriptor.
fn fcntl_is_open(fd: c_int) -> bool {
    // SAFETY: F_GETFD reads no memory.
    unsafe { libc::fcntl(fd, libc::F_GETFD) >= 0 }
}

unsafe extern "C" fn pipe(fds: *mut c_int) -> c_int {
    // SAFETY: the caller passes room for two ints.
    check(unsafe { libc::pipe(fds) })
}

/// darwin `pipe2` (macOS 27; weakly imported by programs whose configure
/// found it, e.g. coreutils' sort): `pipe` with O_CLOEXEC and/or O_NONBLOCK
/// (darwin values) on both ends; any other flag is EINVAL.
unsafe extern "C" fn pipe2(fds: *mut c_int, flags: c_int) -> c_int {
    if flags & !(O_CLOEXEC | O_NONBLOCK) != 0 {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    }
    // SAFETY: the caller passes room for two ints.
    check(unsafe { libc::pipe2(fds, open_flags_to_linux(flags)) })
}

extern "C" fn fsync(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::fsync(fd) })
}

extern "C" fn fdatasync(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::fdatasync(fd) })
}

extern "C" fn isatty(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    let r = unsafe { libc::isatty(fd) };
    if r == 0 {
        crate::errno::set_from_linux();
    }
    r
}

/// `flock`: `LOCK_SH` 1, `LOCK_EX` 2, `LOCK_NB` 4, `LOCK_UN` 8 on both.
extern "C" fn flock(fd: c_int, op: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::flock(fd, op) })
}

/// `lockf` on `fcntl` write locks from the current offset, as BSD's:
/// `F_ULOCK` 0, `F_LOCK` 1, `F_TLOCK` 2, `F_TEST` 3. `F_TEST` probes with a
/// write lock and fails with `EAGAIN` (glibc probes a read lock, `EACCES`).
extern "C" fn lockf(fd: c_int, cmd: c_int, len: off_t) -> c_int {
    // SAFETY: plain data.
    let mut l: libc::flock = unsafe { core::mem::zeroed() };
    l.l_whence = libc::SEEK_CUR as i16;
    l.l_start = 0;
    l.l_len = len;
    l.l_type = libc::F_WRLCK as i16;
    let lcmd = match cmd {
        0 => {
            l.l_type = libc::F_UNLCK as i16;
            libc::F_SETLK
        }
        1 => libc::F_SETLKW,
        2 => libc::F_SETLK,
        3 => libc::F_GETLK,
        _ => {
            crate::errno::set(darwin::EINVAL);
            return -1;
        }
    };
    // SAFETY: `l` is a valid Linux flock.
    let r = check(unsafe { libc::fcntl(fd, lcmd, &mut l) });
    if r < 0 || cmd != 3 {
        return r;
    }
    // SAFETY: no memory is involved.
    if l.l_type == libc::F_UNLCK as i16 || l.l_pid == unsafe { libc::getpid() } {
        return 0;
    }
    crate::errno::set(darwin::EAGAIN);
    -1
}

unsafe extern "C" fn unlink(path: *const c_char) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::unlink(path) })
}

unsafe extern "C" fn rmdir(path: *const c_char) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::rmdir(path) })
}

unsafe extern "C" fn mkdir(path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::mkdir(path, mode) })
}

unsafe extern "C" fn rename(a: *const c_char, b: *const c_char) -> c_int {
    // SAFETY: the caller's C strings.
    check(unsafe { libc::rename(a, b) })
}

unsafe extern "C" fn link(a: *const c_char, b: *const c_char) -> c_int {
    // SAFETY: the caller's C strings.
    check(unsafe { libc::link(a, b) })
}

unsafe extern "C" fn symlink(target: *const c_char, path: *const c_char) -> c_int {
    // SAFETY: the caller's C strings.
    check(unsafe { libc::symlink(target, path) })
}

unsafe extern "C" fn readlink(path: *const c_char, buf: *mut c_char, n: size_t) -> ssize_t {
    // SAFETY: the caller's C string and a buffer of `n` bytes.
    check(unsafe { libc::readlink(path, buf, n) })
}

/// darwin `access` mode → Linux's: `F_OK`/`R_OK`/`W_OK`/`X_OK` agree; of
/// the extended bits (`<sys/unistd.h>`) `_READ_OK`, `_WRITE_OK`/`_APPEND_OK`
/// and `_EXECUTE_OK` become R/W/X, the others (attribute, ACL and delete
/// rights) have no Linux check. Unknown bits are `EINVAL`.
fn access_mode(mode: c_int) -> Option<c_int> {
    const EXTENDED: c_int = 0x3f_fe00; // _READ_OK (1<<9) ..= _CHOWN_OK (1<<21)
    if mode & !(7 | EXTENDED) != 0 {
        crate::errno::set(darwin::EINVAL);
        return None;
    }
    let mut out = mode & 7;
    if mode & (1 << 9) != 0 {
        out |= libc::R_OK;
    }
    if mode & (1 << 10 | 1 << 13) != 0 {
        out |= libc::W_OK;
    }
    if mode & (1 << 11) != 0 {
        out |= libc::X_OK;
    }
    Some(out)
}

unsafe extern "C" fn access(path: *const c_char, mode: c_int) -> c_int {
    let Some(m) = access_mode(mode) else {
        return -1;
    };
    // SAFETY: the caller's C string.
    check(unsafe { libc::access(path, m) })
}

unsafe extern "C" fn getcwd(buf: *mut c_char, size: size_t) -> *mut c_char {
    // SAFETY: the caller passes `size` bytes or NULL (glibc then allocates, as darwin does).
    let r = unsafe { libc::getcwd(buf, size) };
    if r.is_null() {
        crate::errno::set_from_linux();
    }
    r
}

unsafe extern "C" fn chdir(path: *const c_char) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::chdir(path) })
}

extern "C" fn fchdir(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::fchdir(fd) })
}

// ---- the *at family -------------------------------------------------------

unsafe extern "C" fn mkdirat(fd: c_int, path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::mkdirat(at_fd(fd), path, mode) })
}

unsafe extern "C" fn unlinkat(fd: c_int, path: *const c_char, flags: c_int) -> c_int {
    let Some(f) = at_flags_to_linux(flags, at::REMOVEDIR) else {
        return -1;
    };
    // SAFETY: the caller's C string.
    check(unsafe { libc::unlinkat(at_fd(fd), path, f) })
}

unsafe extern "C" fn renameat(fa: c_int, a: *const c_char, fb: c_int, b: *const c_char) -> c_int {
    // SAFETY: the caller's C strings.
    check(unsafe { libc::renameat(at_fd(fa), a, at_fd(fb), b) })
}

unsafe extern "C" fn linkat(
    fa: c_int,
    a: *const c_char,
    fb: c_int,
    b: *const c_char,
    flags: c_int,
) -> c_int {
    let Some(f) = at_flags_to_linux(flags, at::SYMLINK_FOLLOW) else {
        return -1;
    };
    // SAFETY: the caller's C strings.
    check(unsafe { libc::linkat(at_fd(fa), a, at_fd(fb), b, f) })
}

unsafe extern "C" fn symlinkat(target: *const c_char, fd: c_int, path: *const c_char) -> c_int {
    // SAFETY: the caller's C strings.
    check(unsafe { libc::symlinkat(target, at_fd(fd), path) })
}

unsafe extern "C" fn readlinkat(
    fd: c_int,
    path: *const c_char,
    buf: *mut c_char,
    n: size_t,
) -> ssize_t {
    // SAFETY: the caller's C string and buffer of `n` bytes.
    check(unsafe { libc::readlinkat(at_fd(fd), path, buf, n) })
}

unsafe extern "C" fn fchmodat(fd: c_int, path: *const c_char, mode: mode_t, flags: c_int) -> c_int {
    let Some(f) = at_flags_to_linux(flags, at::SYMLINK_NOFOLLOW) else {
        return -1;
    };
    // SAFETY: the caller's C string.
    check(unsafe { libc::fchmodat(at_fd(fd), path, mode, f) })
}

unsafe extern "C" fn fchownat(
    fd: c_int,
    path: *const c_char,
    uid: libc::uid_t,
    gid: libc::gid_t,
    flags: c_int,
) -> c_int {
    let Some(f) = at_flags_to_linux(flags, at::SYMLINK_NOFOLLOW) else {
        return -1;
    };
    // SAFETY: the caller's C string.
    check(unsafe { libc::fchownat(at_fd(fd), path, uid, gid, f) })
}

unsafe extern "C" fn faccessat(fd: c_int, path: *const c_char, mode: c_int, flags: c_int) -> c_int {
    let Some(f) = at_flags_to_linux(flags, at::EACCESS | at::SYMLINK_NOFOLLOW) else {
        return -1;
    };
    let Some(m) = access_mode(mode) else {
        return -1;
    };
    // SAFETY: the caller's C string.
    check(unsafe { libc::faccessat(at_fd(fd), path, m, f) })
}

/// darwin `dev_t` (8-bit major, 24-bit minor) → Linux's.
pub fn dev_to_linux(d: i32) -> libc::dev_t {
    let d = d as u32;
    libc::makedev(d >> 24, d & 0x00ff_ffff)
}

unsafe extern "C" fn mknodat(fd: c_int, path: *const c_char, mode: mode_t, dev: i32) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::mknodat(at_fd(fd), path, mode, dev_to_linux(dev)) })
}

unsafe extern "C" fn mknod(path: *const c_char, mode: mode_t, dev: i32) -> c_int {
    // SAFETY: forwarded.
    unsafe { mknodat(-2, path, mode, dev) }
}

unsafe extern "C" fn mkfifoat(fd: c_int, path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::mkfifoat(at_fd(fd), path, mode) })
}

unsafe extern "C" fn mkfifo(path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::mkfifo(path, mode) })
}

// ---- permissions and owners --------------------------------------------

unsafe extern "C" fn chmod(path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::chmod(path, mode) })
}

extern "C" fn fchmod(fd: c_int, mode: mode_t) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::fchmod(fd, mode) })
}

/// `lchmod`: Linux keeps no mode on symbolic links, so changing one is
/// `ENOTSUP`; other files are changed as by `chmod`.
unsafe extern "C" fn lchmod(path: *const c_char, mode: mode_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::fchmodat(libc::AT_FDCWD, path, mode, libc::AT_SYMLINK_NOFOLLOW) })
}

unsafe extern "C" fn chown(path: *const c_char, uid: libc::uid_t, gid: libc::gid_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::chown(path, uid, gid) })
}

unsafe extern "C" fn lchown(path: *const c_char, uid: libc::uid_t, gid: libc::gid_t) -> c_int {
    // SAFETY: the caller's C string.
    check(unsafe { libc::lchown(path, uid, gid) })
}

extern "C" fn fchown(fd: c_int, uid: libc::uid_t, gid: libc::gid_t) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::fchown(fd, uid, gid) })
}

// ---- times ----------------------------------------------------------------

/// darwin `struct timeval`: 64-bit seconds, **32-bit** microseconds.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Timeval {
    pub sec: i64,
    pub usec: i32,
}
const _: () = assert!(core::mem::size_of::<Timeval>() == 16);
const _: () = assert!(core::mem::offset_of!(Timeval, usec) == 8);

const UTIME_NOW: i64 = -1;
const UTIME_OMIT: i64 = -2;

/// Sets times from darwin `timeval[2]` (NULL: now) on (dirfd, path, flags).
unsafe fn set_timevals(fd: c_int, path: *const c_char, tv: *const Timeval, flags: c_int) -> c_int {
    let mut ts = [libc::timespec {
        tv_sec: 0,
        tv_nsec: libc::UTIME_NOW,
    }; 2];
    if !tv.is_null() {
        for (i, t) in ts.iter_mut().enumerate() {
            // SAFETY: the caller passes two timevals.
            let v = unsafe { *tv.add(i) };
            if !(0..1_000_000).contains(&v.usec) {
                crate::errno::set(darwin::EINVAL);
                return -1;
            }
            t.tv_sec = v.sec;
            t.tv_nsec = v.usec as i64 * 1000;
        }
    }
    if path.is_null() {
        // SAFETY: two timespecs.
        return check(unsafe { libc::futimens(fd, ts.as_ptr()) });
    }
    // SAFETY: `path` is a C string.
    check(unsafe { libc::utimensat(fd, path, ts.as_ptr(), flags) })
}

unsafe extern "C" fn utimes(path: *const c_char, tv: *const Timeval) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { set_timevals(libc::AT_FDCWD, path, tv, 0) }
}

unsafe extern "C" fn lutimes(path: *const c_char, tv: *const Timeval) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { set_timevals(libc::AT_FDCWD, path, tv, libc::AT_SYMLINK_NOFOLLOW) }
}

unsafe extern "C" fn futimes(fd: c_int, tv: *const Timeval) -> c_int {
    // SAFETY: a NULL path makes utimensat act on `fd`.
    unsafe { set_timevals(fd, core::ptr::null(), tv, 0) }
}

/// `utime(path, struct utimbuf *)`: two `time_t`s on both systems.
unsafe extern "C" fn utime(path: *const c_char, t: *const [i64; 2]) -> c_int {
    if t.is_null() {
        // SAFETY: forwarded contract.
        return unsafe { utimes(path, core::ptr::null()) };
    }
    // SAFETY: the caller's utimbuf.
    let t = unsafe { *t };
    let tv = [
        Timeval { sec: t[0], usec: 0 },
        Timeval { sec: t[1], usec: 0 },
    ];
    // SAFETY: forwarded contract.
    unsafe { utimes(path, tv.as_ptr()) }
}

/// darwin timespecs (`UTIME_NOW` -1, `UTIME_OMIT` -2) → Linux's.
unsafe fn timespecs_to_linux(ts: *const libc::timespec) -> Option<[libc::timespec; 2]> {
    if ts.is_null() {
        return None;
    }
    // SAFETY: the caller passes two timespecs (same layout on both).
    let mut out = unsafe { [*ts, *ts.add(1)] };
    for t in &mut out {
        t.tv_nsec = match t.tv_nsec {
            UTIME_NOW => libc::UTIME_NOW,
            UTIME_OMIT => libc::UTIME_OMIT,
            n => n,
        };
    }
    Some(out)
}

unsafe extern "C" fn utimensat(
    fd: c_int,
    path: *const c_char,
    ts: *const libc::timespec,
    flags: c_int,
) -> c_int {
    let Some(f) = at_flags_to_linux(flags, at::SYMLINK_NOFOLLOW) else {
        return -1;
    };
    if path.is_null() {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: the caller's timespecs.
    let t = unsafe { timespecs_to_linux(ts) };
    let p = t.as_ref().map_or(core::ptr::null(), |t| t.as_ptr());
    // SAFETY: `path` is a C string, `p` two timespecs or NULL.
    check(unsafe { libc::utimensat(at_fd(fd), path, p, f) })
}

unsafe extern "C" fn futimens(fd: c_int, ts: *const libc::timespec) -> c_int {
    // SAFETY: the caller's timespecs.
    let t = unsafe { timespecs_to_linux(ts) };
    let p = t.as_ref().map_or(core::ptr::null(), |t| t.as_ptr());
    // SAFETY: `p` is two timespecs or NULL.
    check(unsafe { libc::futimens(fd, p) })
}

// ---- realpath and temporary files -------------------------------------

/// `realpath`: glibc's resolves like darwin's (a NULL buffer is allocated
/// with `malloc`); errno is translated.
unsafe extern "C" fn realpath(path: *const c_char, out: *mut c_char) -> *mut c_char {
    if path.is_null() {
        crate::errno::set(darwin::EINVAL);
        return core::ptr::null_mut();
    }
    // SAFETY: the caller's C string and a PATH_MAX (1024) buffer or NULL.
    unsafe {
        if out.is_null() {
            let r = libc::realpath(path, core::ptr::null_mut());
            if r.is_null() {
                crate::errno::set_from_linux();
            }
            return r;
        }
        // glibc may write up to its own PATH_MAX (4096); resolve into our
        // buffer and copy at most darwin's 1024.
        let mut buf = [0 as c_char; libc::PATH_MAX as usize];
        if libc::realpath(path, buf.as_mut_ptr()).is_null() {
            crate::errno::set_from_linux();
            return core::ptr::null_mut();
        }
        let n = libc::strlen(buf.as_ptr());
        if n >= 1024 {
            crate::errno::set(darwin::ENAMETOOLONG);
            return core::ptr::null_mut();
        }
        core::ptr::copy_nonoverlapping(buf.as_ptr(), out, n + 1);
        out
    }
}

/// What a temporary-name template becomes.
#[derive(Clone, Copy, PartialEq)]
enum TempKind {
    File(c_int),
    Dir,
    Name,
}

/// darwin's `_gettemp`-style walk: replace the trailing `X`s (before a
/// `slen`-byte suffix) until a new name can be created. Any number of `X`s
/// is accepted (mktemp(3): "some number of `Xs'"); the directory part must
/// exist (`ENOTDIR`/`ENOENT` otherwise). Returns the fd (files) or 0.
unsafe fn make_temp(dirfd: c_int, path: *mut c_char, slen: c_int, kind: TempKind) -> c_int {
    const CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    if path.is_null() {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `path` is the caller's writable C string.
    let len = unsafe { libc::strlen(path) };
    if slen < 0 || slen as usize > len {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `path` holds `len` bytes.
    let bytes = unsafe { core::slice::from_raw_parts_mut(path as *mut u8, len) };
    let end = len - slen as usize;
    let mut start = end;
    while start > 0 && bytes[start - 1] == b'X' {
        start -= 1;
    }
    // The directory part must exist and be a directory.
    if let Some(slash) = bytes[..start].iter().rposition(|&c| c == b'/') {
        let mut dir = bytes[..slash.max(1)].to_vec();
        dir.push(0);
        // SAFETY: plain data filled by the kernel.
        let mut st: libc::stat = unsafe { core::mem::zeroed() };
        // SAFETY: `dir` is NUL-terminated.
        if unsafe { libc::fstatat(at_fd(dirfd), dir.as_ptr().cast(), &mut st, 0) } != 0 {
            crate::errno::set_from_linux();
            return -1;
        }
        if st.st_mode & libc::S_IFMT != libc::S_IFDIR {
            crate::errno::set(libc::ENOTDIR);
            return -1;
        }
    }
    let tries = if start == end { 1 } else { 1 << 16 };
    for _ in 0..tries {
        let mut r = [0u8; 64];
        let n = (end - start).min(r.len());
        // SAFETY: getrandom writes at most `n` bytes into `r`.
        unsafe { libc::getrandom(r.as_mut_ptr().cast(), n, 0) };
        for (i, b) in bytes[start..end].iter_mut().enumerate() {
            *b = CHARS[r[i % 64] as usize % CHARS.len()];
        }
        let fd = at_fd(dirfd);
        // SAFETY: `path` is a C string; the calls create one object.
        let rc = unsafe {
            match kind {
                TempKind::File(oflags) => openat(dirfd, path, 0x2 | 0x200 | 0x800 | oflags, 0o600),
                TempKind::Dir => libc::mkdirat(fd, path, 0o700),
                TempKind::Name => {
                    let mut st: libc::stat = core::mem::zeroed();
                    if libc::fstatat(fd, path, &mut st, libc::AT_SYMLINK_NOFOLLOW) == 0 {
                        *libc::__errno_location() = libc::EEXIST;
                        -1
                    } else if *libc::__errno_location() == libc::ENOENT {
                        0
                    } else {
                        -1
                    }
                }
            }
        };
        if rc >= 0 {
            return rc;
        }
        // `openat` has already translated errno to darwin's; EEXIST (17) agrees.
        let e = crate::errno::get();
        if e != libc::EEXIST {
            if !matches!(kind, TempKind::File(_)) {
                crate::errno::set_from_linux();
            }
            return -1;
        }
    }
    crate::errno::set(darwin::EEXIST);
    -1
}

/// Flags `mkostemp` accepts (darwin: `O_APPEND`, `O_SHLOCK`, `O_EXLOCK`,
/// `O_CLOEXEC`).
fn check_oflags(oflags: c_int) -> bool {
    if oflags & !(O_APPEND | O_SHLOCK | O_EXLOCK | O_CLOEXEC) != 0 {
        crate::errno::set(darwin::EINVAL);
        return false;
    }
    true
}

unsafe extern "C" fn mkstemp(path: *mut c_char) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { make_temp(-2, path, 0, TempKind::File(0)) }
}

unsafe extern "C" fn mkstemps(path: *mut c_char, slen: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { make_temp(-2, path, slen, TempKind::File(0)) }
}

unsafe extern "C" fn mkostemp(path: *mut c_char, oflags: c_int) -> c_int {
    if !check_oflags(oflags) {
        return -1;
    }
    // SAFETY: forwarded contract.
    unsafe { make_temp(-2, path, 0, TempKind::File(oflags)) }
}

unsafe extern "C" fn mkostemps(path: *mut c_char, slen: c_int, oflags: c_int) -> c_int {
    if !check_oflags(oflags) {
        return -1;
    }
    // SAFETY: forwarded contract.
    unsafe { make_temp(-2, path, slen, TempKind::File(oflags)) }
}

unsafe extern "C" fn mkstempsat_np(dfd: c_int, path: *mut c_char, slen: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { make_temp(dfd, path, slen, TempKind::File(0)) }
}

unsafe extern "C" fn mkostempsat_np(
    dfd: c_int,
    path: *mut c_char,
    slen: c_int,
    oflags: c_int,
) -> c_int {
    if !check_oflags(oflags) {
        return -1;
    }
    // SAFETY: forwarded contract.
    unsafe { make_temp(dfd, path, slen, TempKind::File(oflags)) }
}

unsafe extern "C" fn mkdtempat_np(dfd: c_int, path: *mut c_char) -> *mut c_char {
    // SAFETY: forwarded contract.
    if unsafe { make_temp(dfd, path, 0, TempKind::Dir) } < 0 {
        return core::ptr::null_mut();
    }
    path
}

unsafe extern "C" fn mkdtemp(path: *mut c_char) -> *mut c_char {
    // SAFETY: forwarded contract.
    unsafe { mkdtempat_np(-2, path) }
}

unsafe extern "C" fn mktemp(path: *mut c_char) -> *mut c_char {
    // SAFETY: forwarded contract.
    if unsafe { make_temp(-2, path, 0, TempKind::Name) } < 0 {
        return core::ptr::null_mut();
    }
    path
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_open" => open,
    func "_open$NOCANCEL" => open,
    func "_openat" => openat,
    func "_openat$NOCANCEL" => openat,
    func "_creat" => creat,
    func "_read" => read,
    func "_read$NOCANCEL" => read,
    func "_write" => write,
    func "_write$NOCANCEL" => write,
    func "_pread" => pread,
    func "_pread$NOCANCEL" => pread,
    func "_pwrite" => pwrite,
    func "_pwrite$NOCANCEL" => pwrite,
    func "_readv" => readv,
    func "_readv$NOCANCEL" => readv,
    func "_writev" => writev,
    func "_writev$NOCANCEL" => writev,
    func "_preadv" => preadv,
    func "_preadv$NOCANCEL" => preadv,
    func "_pwritev" => pwritev,
    func "_pwritev$NOCANCEL" => pwritev,
    func "_close" => close,
    func "_close$NOCANCEL" => close,
    func "_lseek" => lseek,
    func "_dup" => dup,
    func "_dup2" => dup2,
    func "_pipe" => pipe,
    func "_pipe2" => pipe2,
    func "_fsync" => fsync,
    func "_fsync$NOCANCEL" => fsync,
    func "_fdatasync" => fdatasync,
    host "_sync" => libc::sync,
    func "_isatty" => isatty,
    func "_flock" => flock,
    func "_lockf" => lockf,
    func "_lockf$NOCANCEL" => lockf,
    func "_unlink" => unlink,
    func "_rmdir" => rmdir,
    func "_mkdir" => mkdir,
    func "_rename" => rename,
    func "_link" => link,
    func "_symlink" => symlink,
    func "_readlink" => readlink,
    func "_access" => access,
    func "_getcwd" => getcwd,
    func "_chdir" => chdir,
    func "_fchdir" => fchdir,
    func "_mkdirat" => mkdirat,
    func "_unlinkat" => unlinkat,
    func "_renameat" => renameat,
    func "_linkat" => linkat,
    func "_symlinkat" => symlinkat,
    func "_readlinkat" => readlinkat,
    func "_fchmodat" => fchmodat,
    func "_fchownat" => fchownat,
    func "_faccessat" => faccessat,
    func "_mknod" => mknod,
    func "_mknodat" => mknodat,
    func "_mkfifo" => mkfifo,
    func "_mkfifoat" => mkfifoat,
    func "_chmod" => chmod,
    func "_fchmod" => fchmod,
    func "_lchmod" => lchmod,
    func "_chown" => chown,
    func "_lchown" => lchown,
    func "_fchown" => fchown,
    func "_utimes" => utimes,
    func "_lutimes" => lutimes,
    func "_futimes" => futimes,
    func "_utime" => utime,
    func "_utimensat" => utimensat,
    func "_futimens" => futimens,
    func "_realpath" => realpath,
    func "_realpath$DARWIN_EXTSN" => realpath,
    func "_mkstemp" => mkstemp,
    func "_mkstemps" => mkstemps,
    func "_mkostemp" => mkostemp,
    func "_mkostemps" => mkostemps,
    func "_mkstempsat_np" => mkstempsat_np,
    func "_mkostempsat_np" => mkostempsat_np,
    func "_mkdtemp" => mkdtemp,
    func "_mkdtempat_np" => mkdtempat_np,
    func "_mktemp" => mktemp,
};

/// darwin `struct flock` (`<sys/fcntl.h>`): start, len, pid, type, whence.
#[repr(C)]
pub struct Flock {
    pub start: off_t,
    pub len: off_t,
    pub pid: libc::pid_t,
    pub kind: i16,
    pub whence: i16,
}
const _: () = assert!(core::mem::size_of::<Flock>() == 24);
const _: () = assert!(core::mem::offset_of!(Flock, pid) == 16);
const _: () = assert!(core::mem::offset_of!(Flock, kind) == 20);
const _: () = assert!(core::mem::offset_of!(Flock, whence) == 22);

/// darwin `struct fstore` (`F_PREALLOCATE`).
#[repr(C)]
struct Fstore {
    flags: u32,
    posmode: c_int,
    offset: off_t,
    length: off_t,
    bytesalloc: off_t,
}
const _: () = assert!(core::mem::size_of::<Fstore>() == 32);

/// darwin `struct fpunchhole` (`F_PUNCHHOLE`).
#[repr(C)]
struct Fpunchhole {
    flags: u32,
    reserved: u32,
    offset: off_t,
    length: off_t,
}
const _: () = assert!(core::mem::size_of::<Fpunchhole>() == 24);

/// darwin `struct radvisory` (`F_RDADVISE`).
#[repr(C)]
struct Radvisory {
    offset: off_t,
    count: c_int,
}
const _: () = assert!(core::mem::size_of::<Radvisory>() == 16);

/// darwin lock type (`F_RDLCK` 1, `F_UNLCK` 2, `F_WRLCK` 3) ↔ Linux's.
fn lock_type_to_linux(t: i16) -> Option<i16> {
    Some(match t {
        1 => libc::F_RDLCK as i16,
        2 => libc::F_UNLCK as i16,
        3 => libc::F_WRLCK as i16,
        _ => return None,
    })
}
fn lock_type_to_darwin(t: i16) -> i16 {
    match t as c_int {
        libc::F_RDLCK => 1,
        libc::F_WRLCK => 3,
        _ => 2,
    }
}

/// A record-lock command (`lcmd` is Linux's) on a darwin `struct flock`.
unsafe fn record_lock(fd: c_int, lcmd: c_int, d: *mut Flock, ofd: bool) -> c_int {
    if d.is_null() {
        crate::errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: `d` is the caller's darwin flock.
    unsafe {
        let Some(kind) = lock_type_to_linux((*d).kind) else {
            crate::errno::set(darwin::EINVAL);
            return -1;
        };
        let mut l: libc::flock = core::mem::zeroed();
        l.l_type = kind;
        l.l_whence = (*d).whence;
        l.l_start = (*d).start;
        l.l_len = (*d).len;
        l.l_pid = if ofd { 0 } else { (*d).pid };
        let r = libc::fcntl(fd, lcmd, &mut l);
        if r < 0 {
            crate::errno::set_from_linux();
            return r;
        }
        if lcmd == libc::F_GETLK || lcmd == libc::F_OFD_GETLK {
            (*d).kind = lock_type_to_darwin(l.l_type);
            (*d).whence = l.l_whence;
            (*d).start = l.l_start;
            (*d).len = l.l_len;
            (*d).pid = l.l_pid;
        }
        r
    }
}

/// `F_GETPATH`: the descriptor's path into a MAXPATHLEN (1024) buffer.
unsafe fn get_path(fd: c_int, buf: *mut c_char) -> c_int {
    let link = format!("/proc/self/fd/{fd}\0");
    let mut tmp = [0u8; 4096];
    // SAFETY: `link` is NUL-terminated; `tmp` has room for 4096 bytes.
    let n = unsafe { libc::readlink(link.as_ptr().cast(), tmp.as_mut_ptr().cast(), tmp.len()) };
    // Only file-system objects have a path (not pipes or sockets: "pipe:[..]").
    if n < 0 || tmp[0] != b'/' {
        crate::errno::set(darwin::EBADF);
        return -1;
    }
    let n = n as usize;
    if n >= 1024 {
        crate::errno::set(darwin::ENAMETOOLONG);
        return -1;
    }
    // SAFETY: the caller's buffer holds MAXPATHLEN bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(tmp.as_ptr(), buf.cast(), n);
        *buf.add(n) = 0;
    }
    0
}

/// `fcntl` with darwin command numbers. `arg` is the optional third
/// argument (an int or a pointer, both in the same register).
///
/// # Safety
/// For lock and path commands `arg` must point to the darwin structure.
pub unsafe extern "C" fn fcntl(fd: c_int, cmd: c_int, arg: usize) -> c_int {
    // SAFETY: each arm passes `arg` as the type darwin defines for `cmd`.
    unsafe {
        match cmd {
            // F_DUPFD 0: same number; a duplicated kqueue stays one kqueue.
            0 => {
                let new = check(libc::fcntl(fd, cmd, arg as c_int));
                super::kqueue::on_dup(fd, new);
                new
            }
            // F_GETFD 1, F_SETFD 2: same numbers and FD_CLOEXEC.
            1 | 2 => check(libc::fcntl(fd, cmd, arg as c_int)),
            3 => {
                let r = libc::fcntl(fd, libc::F_GETFL);
                if r < 0 {
                    crate::errno::set_from_linux();
                    r
                } else {
                    open_flags_to_darwin(r)
                }
            }
            4 => check(libc::fcntl(
                fd,
                libc::F_SETFL,
                open_flags_to_linux(arg as c_int & !0x3),
            )),
            5 => check(libc::fcntl(fd, libc::F_GETOWN)),
            6 => check(libc::fcntl(fd, libc::F_SETOWN, arg as c_int)),
            7 => record_lock(fd, libc::F_GETLK, arg as *mut Flock, false),
            8 => record_lock(fd, libc::F_SETLK, arg as *mut Flock, false),
            9 => record_lock(fd, libc::F_SETLKW, arg as *mut Flock, false),
            90 => record_lock(fd, libc::F_OFD_SETLK, arg as *mut Flock, true),
            91 => record_lock(fd, libc::F_OFD_SETLKW, arg as *mut Flock, true),
            92 => record_lock(fd, libc::F_OFD_GETLK, arg as *mut Flock, true),
            // F_FLUSH_DATA: the data, not the metadata.
            40 => check(libc::fdatasync(fd)),
            // F_PREALLOCATE: reserve blocks without changing the size.
            42 => {
                let f = arg as *mut Fstore;
                if f.is_null() {
                    crate::errno::set(darwin::EFAULT);
                    return -1;
                }
                let start = match (*f).posmode {
                    // F_PEOFPOSMODE: from the physical end of the file.
                    3 => {
                        let mut st: libc::stat = core::mem::zeroed();
                        if libc::fstat(fd, &mut st) != 0 {
                            crate::errno::set_from_linux();
                            return -1;
                        }
                        st.st_blocks * 512 + (*f).offset
                    }
                    // F_VOLPOSMODE (a volume offset) has no Linux meaning.
                    _ => {
                        crate::errno::set(darwin::EINVAL);
                        return -1;
                    }
                };
                (*f).bytesalloc = 0;
                if (*f).length > 0 {
                    let r = libc::fallocate(fd, libc::FALLOC_FL_KEEP_SIZE, start, (*f).length);
                    if r != 0 {
                        crate::errno::set_from_linux();
                        return -1;
                    }
                    (*f).bytesalloc = (*f).length;
                }
                0
            }
            // F_SETSIZE: the new size is an off_t behind the pointer.
            43 => {
                let p = arg as *const off_t;
                if p.is_null() {
                    crate::errno::set(darwin::EFAULT);
                    return -1;
                }
                check(libc::ftruncate(fd, *p))
            }
            // F_RDADVISE: read ahead this range.
            44 => {
                let r = arg as *const Radvisory;
                if r.is_null() {
                    crate::errno::set(darwin::EFAULT);
                    return -1;
                }
                fadvise(
                    fd,
                    (*r).offset,
                    (*r).count as off_t,
                    libc::POSIX_FADV_WILLNEED,
                )
            }
            // F_RDAHEAD: read-ahead on (normal) or off (random access).
            45 => {
                let adv = if arg as c_int != 0 {
                    libc::POSIX_FADV_NORMAL
                } else {
                    libc::POSIX_FADV_RANDOM
                };
                fadvise(fd, 0, 0, adv)
            }
            // F_NOCACHE: a caching hint that darwin may ignore too; Linux
            // has no unaligned uncached mode, and data is unaffected.
            48 => {
                if libc::fcntl(fd, libc::F_GETFD) < 0 {
                    crate::errno::set_from_linux();
                    return -1;
                }
                0
            }
            // F_GETPATH, F_GETPATH_NOFIRMLINK (Linux has no firmlinks).
            50 | 102 => get_path(fd, arg as *mut c_char),
            // F_FULLFSYNC, F_BARRIERFSYNC: fsync is Linux's strongest flush.
            51 | 85 => check(libc::fsync(fd)),
            67 => {
                let new = check(libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, arg as c_int));
                super::kqueue::on_dup(fd, new);
                new
            }
            // F_PUNCHHOLE: deallocate a range, keeping the size.
            99 => {
                let h = arg as *const Fpunchhole;
                if h.is_null() {
                    crate::errno::set(darwin::EFAULT);
                    return -1;
                }
                if (*h).flags != 0 {
                    crate::errno::set(darwin::EINVAL);
                    return -1;
                }
                check(libc::fallocate(
                    fd,
                    libc::FALLOC_FL_PUNCH_HOLE | libc::FALLOC_FL_KEEP_SIZE,
                    (*h).offset,
                    (*h).length,
                ))
            }
            _ => {
                crate::errno::set(darwin::EINVAL);
                -1
            }
        }
    }
}

/// `posix_fadvise` reports errors by value; `fcntl` by errno.
fn fadvise(fd: c_int, off: off_t, len: off_t, adv: c_int) -> c_int {
    // SAFETY: no memory is involved.
    let e = unsafe { libc::posix_fadvise(fd, off, len, adv) };
    if e != 0 {
        crate::errno::set(crate::errno::linux_to_darwin(e));
        return -1;
    }
    0
}

pub(crate) static FCNTL_EXPORTS: &[crate::Export] = crate::exports! {
    func "_fcntl" => fcntl,
    func "_fcntl$NOCANCEL" => fcntl,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_flags() {
        assert_eq!(
            open_flags_to_linux(0x601),
            libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC
        );
        assert_eq!(open_flags_to_linux(0x0100_0000), libc::O_CLOEXEC);
        assert_eq!(
            open_flags_to_darwin(libc::O_RDWR | libc::O_APPEND),
            0x2 | 0x8
        );
        assert_eq!(open_flags_to_darwin(libc::O_SYNC), O_SYNC);
        assert_eq!(open_flags_to_darwin(libc::O_DSYNC), O_DSYNC);
        // Not a status flag on darwin.
        assert_eq!(open_flags_to_darwin(libc::O_CLOEXEC | libc::O_RDONLY), 0);
    }

    #[test]
    fn at_flags() {
        assert_eq!(
            at_flags_to_linux(0x80, at::REMOVEDIR),
            Some(libc::AT_REMOVEDIR)
        );
        assert_eq!(
            at_flags_to_linux(0x30, at::EACCESS | at::SYMLINK_NOFOLLOW),
            Some(libc::AT_EACCESS | libc::AT_SYMLINK_NOFOLLOW)
        );
        assert_eq!(at_flags_to_linux(0x100, at::REMOVEDIR), None);
        assert_eq!(at_fd(-2), libc::AT_FDCWD);
        assert_eq!(at_fd(libc::AT_FDCWD), -1);
    }
}
