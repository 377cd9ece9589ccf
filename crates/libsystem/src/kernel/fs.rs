//! File descriptors and paths: `open`, `read`, `write`, `close`, ...
//! darwin `open` flags (from `<sys/fcntl.h>`) differ from Linux's.

use crate::errno::check;
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
const O_SHLOCK: c_int = 0x10;
const O_EXLOCK: c_int = 0x20;
const O_EVTONLY: c_int = 0x8000;
const O_SYMLINK: c_int = 0x20_0000;

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
    out
}

/// Translates Linux open flags (from `fcntl(F_GETFL)`) back to darwin's.
pub fn open_flags_to_darwin(flags: c_int) -> c_int {
    let mut out = flags & 3;
    for &(d, l) in OPEN_FLAGS {
        if flags & l == l && l != 0 {
            out |= d;
        }
    }
    out
}

/// darwin `open(path, flags, mode)`; `O_SHLOCK`/`O_EXLOCK` take a `flock`.
///
/// # Safety
/// `path` must be a C string.
pub unsafe extern "C" fn open(path: *const c_char, flags: c_int, mode: c_int) -> c_int {
    // SAFETY: `path` is the caller's C string.
    unsafe { openat(libc::AT_FDCWD, path, flags, mode) }
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
    // SAFETY: `path` is the caller's C string.
    let fd = unsafe { libc::openat(dirfd, path, open_flags_to_linux(flags), mode as mode_t) };
    if fd < 0 {
        crate::errno::set_from_linux();
        return fd;
    }
    if flags & (O_SHLOCK | O_EXLOCK) != 0 {
        let op = if flags & O_EXLOCK != 0 {
            libc::LOCK_EX
        } else {
            libc::LOCK_SH
        } | if flags & 0x4 != 0 { libc::LOCK_NB } else { 0 };
        // SAFETY: `fd` is the descriptor we just opened.
        if unsafe { libc::flock(fd, op) } != 0 {
            crate::errno::set_from_linux();
            // SAFETY: closing our own descriptor; errno is saved around it.
            unsafe {
                let e = crate::errno::get();
                libc::close(fd);
                crate::errno::set(e);
            }
            return -1;
        }
    }
    fd
}

/// darwin `AT_FDCWD` (-2) → Linux's (-100).
pub fn at_fd(fd: c_int) -> c_int {
    if fd == -2 {
        libc::AT_FDCWD
    } else {
        fd
    }
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
    // SAFETY: as `readv`.
    check(unsafe { libc::writev(fd, iov, n) })
}

extern "C" fn close(fd: c_int) -> c_int {
    // SAFETY: closing a descriptor has no memory-safety preconditions.
    check(unsafe { libc::close(fd) })
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
    check(unsafe { libc::dup(fd) })
}

extern "C" fn dup2(a: c_int, b: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::dup2(a, b) })
}

unsafe extern "C" fn pipe(fds: *mut c_int) -> c_int {
    // SAFETY: the caller passes room for two ints.
    check(unsafe { libc::pipe(fds) })
}

extern "C" fn fsync(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    check(unsafe { libc::fsync(fd) })
}

extern "C" fn isatty(fd: c_int) -> c_int {
    // SAFETY: no memory is involved.
    let r = unsafe { libc::isatty(fd) };
    if r == 0 {
        crate::errno::set_from_linux();
    }
    r
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

unsafe extern "C" fn access(path: *const c_char, mode: c_int) -> c_int {
    // F_OK/R_OK/W_OK/X_OK share values.
    // SAFETY: the caller's C string.
    check(unsafe { libc::access(path, mode & 7) })
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
    func "_close" => close,
    func "_close$NOCANCEL" => close,
    func "_lseek" => lseek,
    func "_dup" => dup,
    func "_dup2" => dup2,
    func "_pipe" => pipe,
    func "_fsync" => fsync,
    func "_fsync$NOCANCEL" => fsync,
    func "_isatty" => isatty,
    func "_unlink" => unlink,
    func "_rmdir" => rmdir,
    func "_mkdir" => mkdir,
    func "_rename" => rename,
    func "_access" => access,
    func "_getcwd" => getcwd,
    func "_chdir" => chdir,
    func "_fchdir" => fchdir,
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

/// `fcntl` with darwin command numbers. `arg` is the optional third
/// argument (an int or a pointer, both in the same register).
///
/// # Safety
/// For lock and path commands `arg` must point to the darwin structure.
pub unsafe extern "C" fn fcntl(fd: c_int, cmd: c_int, arg: usize) -> c_int {
    // SAFETY: each arm passes `arg` as the type darwin defines for `cmd`.
    unsafe {
        match cmd {
            0..=2 => check(libc::fcntl(fd, cmd, arg as c_int)),
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
                open_flags_to_linux(arg as c_int),
            )),
            5 => check(libc::fcntl(fd, libc::F_GETOWN)),
            6 => check(libc::fcntl(fd, libc::F_SETOWN, arg as c_int)),
            7..=9 => {
                let d = arg as *mut Flock;
                if d.is_null() {
                    crate::errno::set(crate::errno::darwin::EFAULT);
                    return -1;
                }
                let Some(kind) = lock_type_to_linux((*d).kind) else {
                    crate::errno::set(crate::errno::darwin::EINVAL);
                    return -1;
                };
                let mut l: libc::flock = core::mem::zeroed();
                l.l_type = kind;
                l.l_whence = (*d).whence;
                l.l_start = (*d).start;
                l.l_len = (*d).len;
                l.l_pid = (*d).pid;
                let lcmd = [libc::F_GETLK, libc::F_SETLK, libc::F_SETLKW][(cmd - 7) as usize];
                let r = libc::fcntl(fd, lcmd, &mut l);
                if r < 0 {
                    crate::errno::set_from_linux();
                    return r;
                }
                if cmd == 7 {
                    (*d).kind = lock_type_to_darwin(l.l_type);
                    (*d).whence = l.l_whence;
                    (*d).start = l.l_start;
                    (*d).len = l.l_len;
                    (*d).pid = l.l_pid;
                }
                r
            }
            // F_NOCACHE, F_RDAHEAD: caching hints; Linux decides itself.
            45 | 48 => {
                if libc::fcntl(fd, libc::F_GETFD) < 0 {
                    crate::errno::set_from_linux();
                    return -1;
                }
                0
            }
            // F_GETPATH: the descriptor's path into a MAXPATHLEN (1024) buffer.
            50 => {
                let link = format!("/proc/self/fd/{fd}\0");
                let buf = arg as *mut c_char;
                let n = libc::readlink(link.as_ptr().cast(), buf, 1023);
                if n < 0 {
                    crate::errno::set(crate::errno::darwin::EBADF);
                    return -1;
                }
                *buf.add(n as usize) = 0;
                0
            }
            // F_FULLFSYNC: fsync is Linux's strongest flush.
            51 => check(libc::fsync(fd)),
            67 => check(libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, arg as c_int)),
            _ => {
                crate::errno::set(crate::errno::darwin::EINVAL);
                -1
            }
        }
    }
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
    }
}
