//! Sockets: darwin `sockaddr` (with `sa_len`), option numbers, `msghdr`/`cmsghdr`.
//!
//! Everything darwin and Linux lay out differently crosses here
//! (`<sys/socket.h>`, `<netinet/in.h>`, `<netinet6/in6.h>`, `<sys/un.h>`):
//! - `sockaddr` starts with a `u8` length and a `u8` family on darwin, a
//!   `u16` family on Linux; `AF_INET6` is 30 (Linux 10); `sun_path` holds
//!   104 bytes (Linux 108). Addresses returned to the program get `sa_len`.
//! - `SOL_SOCKET` is 0xffff and the `SO_*`/`IP_*`/`IPV6_*`/`TCP_*` numbers
//!   differ; `SO_ERROR` answers a darwin errno; `SO_LINGER` counts 1/100 s.
//! - `MSG_*` flags differ from bit 3 up.
//! - `struct msghdr` has `int`/`socklen_t` lengths (48 bytes, Linux 56) and
//!   `struct cmsghdr` is 12 bytes with 4-byte alignment (Linux 16 and 8).
//! - `SO_NOSIGPIPE` does not exist on Linux: the sockets it is set on are
//!   remembered (by inode, so `dup`s share it) and `send`/`sendto`/`sendmsg`
//!   on them add `MSG_NOSIGNAL`; `write`/`writev` on them become `sendmsg`
//!   with `MSG_NOSIGNAL`.

use crate::errno::{self, darwin};
use core::mem::{offset_of, size_of};
use libc::{c_int, c_void, iovec, size_t, socklen_t, ssize_t};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

extern "C" {
    fn sockatmark(fd: c_int) -> c_int;
}

/// darwin address families (`<sys/socket.h>`).
pub const AF_UNSPEC: u8 = 0;
pub const AF_UNIX: u8 = 1;
pub const AF_INET: u8 = 2;
pub const AF_LINK: u8 = 18;
pub const AF_INET6: u8 = 30;

const EAFNOSUPPORT: c_int = 47;
const EPROTONOSUPPORT: c_int = 43;
const ENOPROTOOPT: c_int = 42;
const EDOM: c_int = 33;

/// darwin `struct sockaddr_in`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SockaddrIn {
    pub len: u8,
    pub family: u8,
    pub port: u16,
    pub addr: [u8; 4],
    pub zero: [u8; 8],
}
const _: () = assert!(size_of::<SockaddrIn>() == 16);
const _: () = assert!(offset_of!(SockaddrIn, addr) == 4);

/// darwin `struct sockaddr_in6`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SockaddrIn6 {
    pub len: u8,
    pub family: u8,
    pub port: u16,
    pub flowinfo: u32,
    pub addr: [u8; 16],
    pub scope_id: u32,
}
const _: () = assert!(size_of::<SockaddrIn6>() == 28);
const _: () = assert!(offset_of!(SockaddrIn6, addr) == 8);
const _: () = assert!(offset_of!(SockaddrIn6, scope_id) == 24);

/// darwin `struct sockaddr_un`.
#[repr(C)]
pub struct SockaddrUn {
    pub len: u8,
    pub family: u8,
    pub path: [u8; 104],
}
const _: () = assert!(size_of::<SockaddrUn>() == 106);

/// darwin `struct sockaddr_storage` size (`_SS_MAXSIZE`).
pub const SOCKADDR_STORAGE: usize = 128;

/// A Linux socket address ready to pass to glibc.
pub struct LinuxAddr {
    pub ss: libc::sockaddr_storage,
    pub len: socklen_t,
}

impl LinuxAddr {
    fn empty() -> Self {
        LinuxAddr {
            // SAFETY: sockaddr_storage is plain bytes.
            ss: unsafe { core::mem::zeroed() },
            len: size_of::<libc::sockaddr_storage>() as socklen_t,
        }
    }
    pub fn ptr(&self) -> *const libc::sockaddr {
        (&self.ss as *const libc::sockaddr_storage).cast()
    }
    fn mut_ptr(&mut self) -> *mut libc::sockaddr {
        (&mut self.ss as *mut libc::sockaddr_storage).cast()
    }
}

/// darwin address family → Linux's.
pub fn family_to_linux(f: c_int) -> Option<c_int> {
    match f {
        0 => Some(libc::AF_UNSPEC),
        1 => Some(libc::AF_UNIX),
        2 => Some(libc::AF_INET),
        30 => Some(libc::AF_INET6),
        _ => None,
    }
}

/// Linux address family → darwin's.
pub fn family_to_darwin(f: c_int) -> Option<c_int> {
    match f {
        libc::AF_UNSPEC => Some(0),
        libc::AF_UNIX => Some(1),
        libc::AF_INET => Some(2),
        libc::AF_INET6 => Some(30),
        _ => None,
    }
}

/// Reads a darwin socket address of `len` bytes; on error returns the darwin errno.
///
/// # Safety
/// `sa` must point to `len` readable bytes.
pub unsafe fn addr_to_linux(sa: *const c_void, len: socklen_t) -> Result<LinuxAddr, c_int> {
    if sa.is_null() || len < 2 {
        return Err(darwin::EINVAL);
    }
    let len = (len as usize).min(255);
    // SAFETY: the caller gives `len` readable bytes.
    let src = unsafe { core::slice::from_raw_parts(sa.cast::<u8>(), len) };
    let mut out = LinuxAddr::empty();
    // SAFETY: sockaddr_storage is 128 plain bytes.
    let dst = unsafe {
        core::slice::from_raw_parts_mut(
            (&mut out.ss as *mut libc::sockaddr_storage).cast::<u8>(),
            size_of::<libc::sockaddr_storage>(),
        )
    };
    let fam = src[1];
    let lfam = match family_to_linux(fam as c_int) {
        Some(f) => f,
        None => return Err(EAFNOSUPPORT),
    } as u16;
    match fam {
        AF_INET => {
            if len < 16 {
                return Err(darwin::EINVAL);
            }
            dst[2..16].copy_from_slice(&src[2..16]);
            out.len = 16;
        }
        AF_INET6 => {
            if len < 28 {
                return Err(darwin::EINVAL);
            }
            dst[2..28].copy_from_slice(&src[2..28]);
            out.len = 28;
        }
        AF_UNIX => {
            if len > size_of::<SockaddrUn>() {
                return Err(darwin::EINVAL);
            }
            if len == 2 {
                // darwin has no autobind: an empty name is invalid.
                return Err(darwin::EINVAL);
            }
            let path = &src[2..];
            let n = path.iter().position(|&b| b == 0).unwrap_or(path.len());
            if n == 0 {
                // darwin has no abstract namespace: "" is a missing file.
                return Err(darwin::ENOENT);
            }
            dst[2..2 + n].copy_from_slice(&path[..n]);
            out.len = (2 + n + 1) as socklen_t;
        }
        _ => {
            let n = len.min(16);
            dst[2..n].copy_from_slice(&src[2..n]);
            out.len = n as socklen_t;
        }
    }
    dst[..2].copy_from_slice(&lfam.to_ne_bytes());
    Ok(out)
}

/// A darwin socket address built from a Linux one.
pub struct DarwinAddr {
    pub buf: [u8; SOCKADDR_STORAGE],
    pub len: usize,
}

/// Converts a Linux socket address of `len` bytes to darwin's layout; `None`
/// for a family darwin has no equivalent of.
///
/// # Safety
/// `sa` must point to `len` readable bytes.
pub unsafe fn addr_to_darwin(sa: *const c_void, len: socklen_t) -> Option<DarwinAddr> {
    let len = (len as usize).min(size_of::<libc::sockaddr_storage>());
    if sa.is_null() || len < 2 {
        return None;
    }
    // SAFETY: the caller gives `len` readable bytes.
    let src = unsafe { core::slice::from_raw_parts(sa.cast::<u8>(), len) };
    let lfam = u16::from_ne_bytes([src[0], src[1]]);
    let fam = family_to_darwin(lfam as c_int)? as u8;
    let mut d = DarwinAddr {
        buf: [0; SOCKADDR_STORAGE],
        len: 0,
    };
    match fam {
        AF_INET => d.len = 16,
        AF_INET6 => d.len = 28,
        AF_UNIX => {
            if len <= 2 {
                // An unnamed socket: darwin answers a bare 16-byte sockaddr.
                d.len = 16;
            } else {
                d.len = len.min(size_of::<SockaddrUn>());
            }
        }
        _ => d.len = len.min(16),
    }
    let n = d.len.min(len);
    d.buf[2..n].copy_from_slice(&src[2..n]);
    d.buf[0] = d.len as u8;
    d.buf[1] = fam;
    Some(d)
}

/// Stores a Linux address into the caller's darwin buffer, darwin style: at
/// most `*len` bytes are copied and `*len` becomes the number copied.
///
/// # Safety
/// `out` must have `*len` writable bytes; `len` is NULL or valid.
unsafe fn store_addr(l: &LinuxAddr, out: *mut c_void, len: *mut socklen_t) {
    if out.is_null() || len.is_null() {
        return;
    }
    // SAFETY: `l.ss` holds `l.len` bytes written by the kernel.
    let d = unsafe { addr_to_darwin((&l.ss as *const libc::sockaddr_storage).cast(), l.len) };
    // SAFETY: the caller's buffer has `*len` bytes.
    unsafe {
        match d {
            Some(d) => {
                let n = (*len as usize).min(d.len);
                core::ptr::copy_nonoverlapping(d.buf.as_ptr(), out.cast::<u8>(), n);
                *len = n as socklen_t;
            }
            None => *len = 0,
        }
    }
}

/// darwin `MSG_*` → Linux flags (`<sys/socket.h>`); unknown bits are dropped
/// as darwin ignores them.
fn msg_to_linux(f: c_int) -> c_int {
    const MAP: &[(c_int, c_int)] = &[
        (0x1, libc::MSG_OOB),
        (0x2, libc::MSG_PEEK),
        (0x4, libc::MSG_DONTROUTE),
        (0x8, libc::MSG_EOR),
        (0x10, libc::MSG_TRUNC),
        (0x40, libc::MSG_WAITALL),
        (0x80, libc::MSG_DONTWAIT),
        (0x80000, libc::MSG_NOSIGNAL),
    ];
    MAP.iter()
        .filter(|(d, _)| f & d != 0)
        .fold(0, |acc, (_, l)| acc | l)
}

/// Linux `msg_flags` on return → darwin's.
fn msg_to_darwin(f: c_int) -> c_int {
    const MAP: &[(c_int, c_int)] = &[
        (libc::MSG_OOB, 0x1),
        (libc::MSG_EOR, 0x8),
        (libc::MSG_TRUNC, 0x10),
        (libc::MSG_CTRUNC, 0x20),
        (libc::MSG_DONTWAIT, 0x80),
    ];
    MAP.iter()
        .filter(|(l, _)| f & l != 0)
        .fold(0, |acc, (_, d)| acc | d)
}

/// darwin `MSG_EOF`: send, then shut the sending side (T/TCP style).
const MSG_EOF: c_int = 0x100;

// ---- SO_NOSIGPIPE ----------------------------------------------------------

/// Sockets (by `(st_dev, st_ino)`) with `SO_NOSIGPIPE` set.
static NOSIGPIPE: Mutex<Option<HashSet<(u64, u64)>>> = Mutex::new(None);
/// Number of entries, read without the lock on every send.
static NOSIGPIPE_COUNT: AtomicUsize = AtomicUsize::new(0);

fn socket_id(fd: c_int) -> Option<(u64, u64)> {
    // SAFETY: `st` is a plain struct filled by fstat.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: fstat only writes `st`; errno is restored by the caller if needed.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return None;
    }
    Some((st.st_dev, st.st_ino))
}

/// Inodes of the sockets this process still has open (`/proc/self/fd`).
fn live_sockets() -> HashSet<(u64, u64)> {
    let mut live = HashSet::new();
    if let Ok(dir) = std::fs::read_dir("/proc/self/fd") {
        for e in dir.flatten() {
            if let Some(fd) = e.file_name().to_str().and_then(|s| s.parse::<c_int>().ok()) {
                if let Some(id) = socket_id(fd) {
                    live.insert(id);
                }
            }
        }
    }
    live
}

fn nosigpipe_set(fd: c_int, on: bool) -> bool {
    let Some(id) = socket_id(fd) else {
        return false;
    };
    let mut g = NOSIGPIPE.lock().unwrap_or_else(|e| e.into_inner());
    let set = g.get_or_insert_with(HashSet::new);
    if on {
        // Closed sockets are forgotten when the set grows past a bound that
        // doubles with the number of live ones.
        if set.len() >= 64 && set.len().is_power_of_two() {
            let live = live_sockets();
            set.retain(|s| live.contains(s));
        }
        set.insert(id);
    } else {
        set.remove(&id);
    }
    NOSIGPIPE_COUNT.store(set.len(), Ordering::Relaxed);
    true
}

fn nosigpipe_get(fd: c_int) -> bool {
    if NOSIGPIPE_COUNT.load(Ordering::Relaxed) == 0 {
        return false;
    }
    let saved = errno::get();
    let id = socket_id(fd);
    errno::set(saved);
    let Some(id) = id else {
        return false;
    };
    let g = NOSIGPIPE.lock().unwrap_or_else(|e| e.into_inner());
    g.as_ref().is_some_and(|s| s.contains(&id))
}

/// `write`/`writev` on a socket with `SO_NOSIGPIPE` set: sent with
/// `MSG_NOSIGNAL`, so a closed peer gives `EPIPE` without the signal, as
/// on macOS. `None` for every other descriptor (the caller writes).
pub(crate) fn write_nosigpipe(fd: c_int, iov: &[iovec]) -> Option<ssize_t> {
    if !nosigpipe_get(fd) {
        return None;
    }
    // SAFETY: an all-zero msghdr is valid; the iovecs are the caller's.
    let mut m: libc::msghdr = unsafe { core::mem::zeroed() };
    m.msg_iov = iov.as_ptr().cast_mut();
    m.msg_iovlen = iov.len();
    // SAFETY: `m` describes the caller's buffers.
    Some(unsafe { libc::sendmsg(fd, &m, libc::MSG_NOSIGNAL) })
}

/// Linux send flags for a darwin send on `fd`.
fn send_flags(fd: c_int, flags: c_int) -> c_int {
    let mut l = msg_to_linux(flags);
    if nosigpipe_get(fd) {
        l |= libc::MSG_NOSIGNAL;
    }
    l
}

/// Translates the errno glibc just left: on a socket, Linux's `EOPNOTSUPP`
/// is darwin's `EOPNOTSUPP` (102), not the `ENOTSUP` of file calls.
fn set_errno() {
    let e = errno::get();
    if e == libc::EOPNOTSUPP {
        errno::set(darwin::EOPNOTSUPP);
    } else {
        errno::set_from_linux();
    }
}

/// [`errno::check`] with [`set_errno`]'s translation.
fn check<T: PartialEq + From<i8>>(r: T) -> T {
    if r == T::from(-1) {
        set_errno();
    }
    r
}

fn fail(e: c_int) -> c_int {
    errno::set(e);
    -1
}

fn fail_ssize(e: c_int) -> ssize_t {
    errno::set(e);
    -1
}

// ---- creating and connecting ----------------------------------------------

/// darwin `socket`: family numbers differ; the type carries no flags.
extern "C" fn socket(domain: c_int, ty: c_int, proto: c_int) -> c_int {
    let Some(d) = family_to_linux(domain).filter(|&d| d != libc::AF_UNSPEC) else {
        return fail(EAFNOSUPPORT);
    };
    if !(1..=5).contains(&ty) {
        return fail(EPROTONOSUPPORT);
    }
    // SAFETY: plain system call.
    check(unsafe { libc::socket(d, ty, proto) })
}

/// # Safety
/// `sv` must have room for two descriptors.
unsafe extern "C" fn socketpair(domain: c_int, ty: c_int, proto: c_int, sv: *mut c_int) -> c_int {
    let Some(d) = family_to_linux(domain).filter(|&d| d != libc::AF_UNSPEC) else {
        return fail(EAFNOSUPPORT);
    };
    if !(1..=5).contains(&ty) {
        return fail(EPROTONOSUPPORT);
    }
    // SAFETY: `sv` holds two ints.
    check(unsafe { libc::socketpair(d, ty, proto, sv) })
}

/// # Safety
/// `sa` must point to `len` bytes.
unsafe extern "C" fn bind(fd: c_int, sa: *const c_void, len: socklen_t) -> c_int {
    // SAFETY: the caller's address.
    match unsafe { addr_to_linux(sa, len) } {
        // SAFETY: `a` is a valid Linux address.
        Ok(a) => check(unsafe { libc::bind(fd, a.ptr(), a.len) }),
        Err(e) => fail(e),
    }
}

/// # Safety
/// `sa` must point to `len` bytes.
unsafe extern "C" fn connect(fd: c_int, sa: *const c_void, len: socklen_t) -> c_int {
    // SAFETY: the caller's address.
    match unsafe { addr_to_linux(sa, len) } {
        // SAFETY: `a` is a valid Linux address.
        Ok(a) => check(unsafe { libc::connect(fd, a.ptr(), a.len) }),
        Err(e) => fail(e),
    }
}

/// darwin `sa_endpoints_t` (`<sys/socket.h>`): what `connectx` connects.
#[repr(C)]
pub struct SaEndpoints {
    srcif: u32,
    srcaddr: *const c_void,
    srcaddrlen: socklen_t,
    dstaddr: *const c_void,
    dstaddrlen: socklen_t,
}
const _: () = assert!(size_of::<SaEndpoints>() == 40);
const _: () = assert!(offset_of!(SaEndpoints, dstaddr) == 24);

/// `<sys/socket.h>`: the only association a TCP or UDP socket has.
const SAE_ASSOCID_ANY: u32 = 0;

/// darwin `connectx` (man connectx(2)), on one TCP/UDP association: binds
/// to the source interface and address when given, connects, and sends the
/// initial data (`iov`) once connected, its length in `*len`.
/// `CONNECT_RESUME_ON_READ_WRITE` and `CONNECT_DATA_IDEMPOTENT` (TCP Fast
/// Open, as curl asks for it) are hints: the connection is started at once
/// (a non-blocking socket says `EINPROGRESS`), and on such a socket data
/// not yet sent is reported as 0 bytes for the caller to write later.
///
/// # Safety
/// `ep` is NULL or an `sa_endpoints_t` with valid addresses; `iov` holds
/// `iovcnt` entries; `len` and `connid` are NULL or writable.
unsafe extern "C" fn connectx(
    fd: c_int,
    ep: *const SaEndpoints,
    associd: u32,
    _flags: u32,
    iov: *const iovec,
    iovcnt: u32,
    len: *mut size_t,
    connid: *mut u32,
) -> c_int {
    if ep.is_null() || associd != SAE_ASSOCID_ANY || (iov.is_null() && iovcnt != 0) {
        return fail(darwin::EINVAL);
    }
    // SAFETY: the caller's endpoints.
    let ep = unsafe { &*ep };
    if ep.dstaddr.is_null() {
        return fail(darwin::EINVAL);
    }
    if !len.is_null() {
        // SAFETY: the caller's counter.
        unsafe { *len = 0 };
    }
    if ep.srcif != 0 {
        let mut name = [0 as libc::c_char; libc::IF_NAMESIZE];
        // SAFETY: `name` has IF_NAMESIZE bytes; the option takes its text.
        let r = unsafe {
            if libc::if_indextoname(ep.srcif, name.as_mut_ptr()).is_null() {
                return fail(darwin::EINVAL);
            }
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_BINDTODEVICE,
                name.as_ptr().cast(),
                libc::strlen(name.as_ptr()) as socklen_t,
            )
        };
        if r != 0 {
            return check(r);
        }
    }
    // SAFETY: the caller's addresses (`bind`/`connect` check them).
    if !ep.srcaddr.is_null() && unsafe { bind(fd, ep.srcaddr, ep.srcaddrlen) } != 0 {
        return -1;
    }
    // SAFETY: as above.
    if unsafe { connect(fd, ep.dstaddr, ep.dstaddrlen) } != 0 {
        return -1;
    }
    if !connid.is_null() {
        // SAFETY: the caller's id; the first (only) connection is 1.
        unsafe { *connid = 1 };
    }
    if iovcnt == 0 {
        return 0;
    }
    // SAFETY: an all-zero msghdr is valid; the caller's iovecs.
    let sent = unsafe {
        let mut m: libc::msghdr = core::mem::zeroed();
        m.msg_iov = iov as *mut iovec;
        m.msg_iovlen = iovcnt as usize;
        libc::sendmsg(fd, &m, send_flags(fd, 0))
    };
    if sent < 0 {
        return check(sent as c_int);
    }
    if !len.is_null() {
        // SAFETY: the caller's counter.
        unsafe { *len = sent as size_t };
    }
    0
}

extern "C" fn listen(fd: c_int, backlog: c_int) -> c_int {
    // SAFETY: plain system call.
    check(unsafe { libc::listen(fd, backlog) })
}

/// darwin `accept`: the new socket inherits `O_NONBLOCK` from the listening
/// one (as on BSD; Linux does not), and the peer address gets `sa_len`.
///
/// # Safety
/// `sa`/`len` are NULL or the caller's buffer and its size.
unsafe extern "C" fn accept(fd: c_int, sa: *mut c_void, len: *mut socklen_t) -> c_int {
    // SAFETY: F_GETFL only reads the descriptor's flags.
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if fl < 0 {
        return check(fl);
    }
    let nb = if fl & libc::O_NONBLOCK != 0 {
        libc::SOCK_NONBLOCK
    } else {
        0
    };
    let mut a = LinuxAddr::empty();
    // SAFETY: `a` is a writable sockaddr_storage with its size in `a.len`.
    let r = unsafe { libc::accept4(fd, a.mut_ptr(), &mut a.len, nb) };
    if r < 0 {
        return check(r);
    }
    // SAFETY: the caller's buffer.
    unsafe { store_addr(&a, sa, len) };
    r
}

extern "C" fn shutdown(fd: c_int, how: c_int) -> c_int {
    // SAFETY: plain system call; SHUT_* values agree.
    check(unsafe { libc::shutdown(fd, how) })
}

/// # Safety
/// `sa`/`len` are the caller's buffer and its size.
unsafe extern "C" fn getsockname(fd: c_int, sa: *mut c_void, len: *mut socklen_t) -> c_int {
    if sa.is_null() || len.is_null() {
        return fail(darwin::EFAULT);
    }
    let mut a = LinuxAddr::empty();
    // SAFETY: `a` is writable.
    let r = unsafe { libc::getsockname(fd, a.mut_ptr(), &mut a.len) };
    if r < 0 {
        return check(r);
    }
    // SAFETY: the caller's buffer.
    unsafe { store_addr(&a, sa, len) };
    0
}

/// # Safety
/// `sa`/`len` are the caller's buffer and its size.
unsafe extern "C" fn getpeername(fd: c_int, sa: *mut c_void, len: *mut socklen_t) -> c_int {
    if sa.is_null() || len.is_null() {
        return fail(darwin::EFAULT);
    }
    let mut a = LinuxAddr::empty();
    // SAFETY: `a` is writable.
    let r = unsafe { libc::getpeername(fd, a.mut_ptr(), &mut a.len) };
    if r < 0 {
        return check(r);
    }
    // SAFETY: the caller's buffer.
    unsafe { store_addr(&a, sa, len) };
    0
}

// ---- data transfer ---------------------------------------------------------

/// Shuts the sending side after a successful `MSG_EOF` send.
fn after_send(fd: c_int, flags: c_int, r: ssize_t) -> ssize_t {
    if r < 0 {
        set_errno();
    } else if flags & MSG_EOF != 0 {
        // SAFETY: plain system call; its failure does not undo the send.
        unsafe { libc::shutdown(fd, libc::SHUT_WR) };
    }
    r
}

/// # Safety
/// `buf` holds `n` bytes.
unsafe extern "C" fn send(fd: c_int, buf: *const c_void, n: size_t, flags: c_int) -> ssize_t {
    // SAFETY: the caller's buffer.
    let r = unsafe { libc::send(fd, buf, n, send_flags(fd, flags)) };
    after_send(fd, flags, r)
}

/// # Safety
/// `buf` holds `n` bytes; `sa` is NULL or `alen` bytes.
unsafe extern "C" fn sendto(
    fd: c_int,
    buf: *const c_void,
    n: size_t,
    flags: c_int,
    sa: *const c_void,
    alen: socklen_t,
) -> ssize_t {
    let lf = send_flags(fd, flags);
    let r = if sa.is_null() {
        // SAFETY: the caller's buffer.
        unsafe { libc::sendto(fd, buf, n, lf, core::ptr::null(), 0) }
    } else {
        // SAFETY: the caller's address.
        match unsafe { addr_to_linux(sa, alen) } {
            // SAFETY: the caller's buffer and a valid Linux address.
            Ok(a) => unsafe { libc::sendto(fd, buf, n, lf, a.ptr(), a.len) },
            Err(e) => return fail_ssize(e),
        }
    };
    after_send(fd, flags, r)
}

/// # Safety
/// `buf` has room for `n` bytes.
unsafe extern "C" fn recv(fd: c_int, buf: *mut c_void, n: size_t, flags: c_int) -> ssize_t {
    // SAFETY: the caller's buffer.
    check(unsafe { libc::recv(fd, buf, n, msg_to_linux(flags)) })
}

/// # Safety
/// `buf` has room for `n` bytes; `sa`/`alen` are NULL or a buffer and its size.
unsafe extern "C" fn recvfrom(
    fd: c_int,
    buf: *mut c_void,
    n: size_t,
    flags: c_int,
    sa: *mut c_void,
    alen: *mut socklen_t,
) -> ssize_t {
    let mut a = LinuxAddr::empty();
    // SAFETY: the caller's buffer; `a` is writable.
    let r = unsafe { libc::recvfrom(fd, buf, n, msg_to_linux(flags), a.mut_ptr(), &mut a.len) };
    if r < 0 {
        return check(r);
    }
    if !sa.is_null() && !alen.is_null() {
        if a.len == 0 {
            // No address (a connected stream): darwin reports length 0.
            // SAFETY: `alen` is the caller's.
            unsafe { *alen = 0 };
        } else {
            // SAFETY: the caller's buffer.
            unsafe { store_addr(&a, sa, alen) };
        }
    }
    r
}

/// darwin `struct msghdr`.
#[repr(C)]
pub struct MsgHdr {
    pub name: *mut c_void,
    pub namelen: socklen_t,
    pub iov: *mut iovec,
    pub iovlen: c_int,
    pub control: *mut c_void,
    pub controllen: socklen_t,
    pub flags: c_int,
}
const _: () = assert!(size_of::<MsgHdr>() == 48);
const _: () = assert!(offset_of!(MsgHdr, iov) == 16);
const _: () = assert!(offset_of!(MsgHdr, iovlen) == 24);
const _: () = assert!(offset_of!(MsgHdr, control) == 32);
const _: () = assert!(offset_of!(MsgHdr, controllen) == 40);
const _: () = assert!(offset_of!(MsgHdr, flags) == 44);

/// darwin `struct cmsghdr` (data follows at offset 12: `__DARWIN_ALIGN32`).
#[repr(C)]
struct CmsgHdr {
    len: socklen_t,
    level: c_int,
    ty: c_int,
}
const DCMSG_HDR: usize = 12;
const _: () = assert!(size_of::<CmsgHdr>() == DCMSG_HDR);
const LCMSG_HDR: usize = size_of::<libc::cmsghdr>();
const _: () = assert!(LCMSG_HDR == 16);

const fn align4(n: usize) -> usize {
    (n + 3) & !3
}
const fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// darwin control-message `(level, type)` → Linux's.
fn cmsg_to_linux(level: c_int, ty: c_int) -> Option<(c_int, c_int)> {
    Some(match (level, ty) {
        (0xffff, 1) => (libc::SOL_SOCKET, libc::SCM_RIGHTS),
        (0xffff, 2) => (libc::SOL_SOCKET, libc::SCM_TIMESTAMP),
        (libc::IPPROTO_IP, 26) => (libc::IPPROTO_IP, libc::IP_PKTINFO),
        (libc::IPPROTO_IP, 3) => (libc::IPPROTO_IP, libc::IP_TOS),
        (libc::IPPROTO_IP, 4) => (libc::IPPROTO_IP, libc::IP_TTL),
        (libc::IPPROTO_IPV6, 46) => (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO),
        (libc::IPPROTO_IPV6, 47) => (libc::IPPROTO_IPV6, libc::IPV6_HOPLIMIT),
        (libc::IPPROTO_IPV6, 36) => (libc::IPPROTO_IPV6, libc::IPV6_TCLASS),
        _ => return None,
    })
}

/// Linux control-message `(level, type)` → darwin's.
fn cmsg_to_darwin(level: c_int, ty: c_int) -> Option<(c_int, c_int)> {
    Some(match (level, ty) {
        (libc::SOL_SOCKET, libc::SCM_RIGHTS) => (0xffff, 1),
        (libc::SOL_SOCKET, libc::SCM_TIMESTAMP) => (0xffff, 2),
        (libc::IPPROTO_IP, libc::IP_PKTINFO) => (libc::IPPROTO_IP, 26),
        (libc::IPPROTO_IP, libc::IP_TOS) => (libc::IPPROTO_IP, 27),
        (libc::IPPROTO_IP, libc::IP_TTL) => (libc::IPPROTO_IP, 24),
        (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO) => (libc::IPPROTO_IPV6, 46),
        (libc::IPPROTO_IPV6, libc::IPV6_HOPLIMIT) => (libc::IPPROTO_IPV6, 47),
        (libc::IPPROTO_IPV6, libc::IPV6_TCLASS) => (libc::IPPROTO_IPV6, 36),
        _ => return None,
    })
}

/// Translates a darwin control buffer into a Linux one (8-byte aligned).
fn control_to_linux(src: &[u8]) -> Result<Vec<u64>, c_int> {
    let mut out: Vec<u8> = Vec::new();
    let mut off = 0;
    while off + DCMSG_HDR <= src.len() {
        let word = |i: usize| u32::from_ne_bytes(src[off + i..off + i + 4].try_into().unwrap());
        let len = word(0) as usize;
        let (level, ty) = (word(4) as c_int, word(8) as c_int);
        if len < DCMSG_HDR || off + len > src.len() {
            return Err(darwin::EINVAL);
        }
        let data = &src[off + DCMSG_HDR..off + len];
        let (ll, lt) = cmsg_to_linux(level, ty).ok_or(darwin::EINVAL)?;
        let ldata: Vec<u8> = if (ll, lt) == (libc::SOL_SOCKET, libc::SCM_TIMESTAMP) {
            timeval_to_linux(data).ok_or(darwin::EINVAL)?.to_vec()
        } else {
            data.to_vec()
        };
        let start = out.len();
        out.resize(start + align8(LCMSG_HDR + ldata.len()), 0);
        out[start..start + 8].copy_from_slice(&((LCMSG_HDR + ldata.len()) as u64).to_ne_bytes());
        out[start + 8..start + 12].copy_from_slice(&ll.to_ne_bytes());
        out[start + 12..start + 16].copy_from_slice(&lt.to_ne_bytes());
        out[start + LCMSG_HDR..start + LCMSG_HDR + ldata.len()].copy_from_slice(&ldata);
        off += align4(len);
    }
    let mut words = vec![0u64; out.len() / 8];
    for (w, c) in words.iter_mut().zip(out.chunks_exact(8)) {
        *w = u64::from_ne_bytes(c.try_into().unwrap());
    }
    Ok(words)
}

/// darwin `struct timeval` bytes (`long` + `int` + padding) → Linux's.
fn timeval_to_linux(d: &[u8]) -> Option<[u8; 16]> {
    if d.len() < 12 {
        return None;
    }
    let sec = i64::from_ne_bytes(d[0..8].try_into().unwrap());
    let usec = i32::from_ne_bytes(d[8..12].try_into().unwrap()) as i64;
    let mut o = [0u8; 16];
    o[..8].copy_from_slice(&sec.to_ne_bytes());
    o[8..].copy_from_slice(&usec.to_ne_bytes());
    Some(o)
}

/// Linux `struct timeval` bytes → darwin's 16 bytes.
fn timeval_to_darwin(l: &[u8]) -> Option<[u8; 16]> {
    if l.len() < 16 {
        return None;
    }
    let sec = i64::from_ne_bytes(l[0..8].try_into().unwrap());
    let usec = i64::from_ne_bytes(l[8..16].try_into().unwrap()) as i32;
    let mut o = [0u8; 16];
    o[..8].copy_from_slice(&sec.to_ne_bytes());
    o[8..12].copy_from_slice(&usec.to_ne_bytes());
    Some(o)
}

fn close_fds(data: &[u8]) {
    for c in data.chunks_exact(4) {
        // SAFETY: closing descriptors we were passed and cannot deliver.
        unsafe { libc::close(c_int::from_ne_bytes(c.try_into().unwrap())) };
    }
}

/// Translates a received Linux control buffer into the darwin one; returns
/// the bytes written and whether anything was left out (`MSG_CTRUNC`).
fn control_to_darwin(src: &[u8], dst: &mut [u8]) -> (usize, bool) {
    let mut off = 0;
    let mut w = 0;
    let mut trunc = false;
    while off + LCMSG_HDR <= src.len() {
        let len = u64::from_ne_bytes(src[off..off + 8].try_into().unwrap()) as usize;
        let level = c_int::from_ne_bytes(src[off + 8..off + 12].try_into().unwrap());
        let ty = c_int::from_ne_bytes(src[off + 12..off + 16].try_into().unwrap());
        if len < LCMSG_HDR || off + len > src.len() {
            break;
        }
        let data = &src[off + LCMSG_HDR..off + len];
        off += align8(len);
        let Some((dl, dt)) = cmsg_to_darwin(level, ty) else {
            trunc = true;
            continue;
        };
        let rights = (level, ty) == (libc::SOL_SOCKET, libc::SCM_RIGHTS);
        let conv: Vec<u8> = match (level, ty) {
            (libc::SOL_SOCKET, libc::SCM_TIMESTAMP) => match timeval_to_darwin(data) {
                Some(t) => t.to_vec(),
                None => continue,
            },
            // darwin delivers the received TTL and TOS as one byte.
            (libc::IPPROTO_IP, libc::IP_TTL) if data.len() >= 4 => {
                vec![c_int::from_ne_bytes(data[..4].try_into().unwrap()) as u8]
            }
            _ => data.to_vec(),
        };
        let room = dst.len().saturating_sub(w);
        let mut take = conv.len();
        if room < DCMSG_HDR + take {
            trunc = true;
            if !rights || room < DCMSG_HDR + 4 {
                if rights {
                    close_fds(&conv);
                }
                continue;
            }
            take = (room - DCMSG_HDR) / 4 * 4;
            close_fds(&conv[take..]);
        }
        let clen = (DCMSG_HDR + take) as u32;
        dst[w..w + 4].copy_from_slice(&clen.to_ne_bytes());
        dst[w + 4..w + 8].copy_from_slice(&dl.to_ne_bytes());
        dst[w + 8..w + 12].copy_from_slice(&dt.to_ne_bytes());
        dst[w + DCMSG_HDR..w + DCMSG_HDR + take].copy_from_slice(&conv[..take]);
        w = (w + align4(clen as usize)).min(dst.len());
    }
    (w, trunc)
}

/// # Safety
/// `m` is a valid darwin `msghdr`.
unsafe extern "C" fn sendmsg(fd: c_int, m: *const MsgHdr, flags: c_int) -> ssize_t {
    // SAFETY: the caller's msghdr.
    let m = unsafe { &*m };
    let addr = if m.name.is_null() || m.namelen == 0 {
        None
    } else {
        // SAFETY: the caller's address of `namelen` bytes.
        match unsafe { addr_to_linux(m.name, m.namelen) } {
            Ok(a) => Some(a),
            Err(e) => return fail_ssize(e),
        }
    };
    let control = if m.control.is_null() || m.controllen == 0 {
        Vec::new()
    } else {
        // SAFETY: the caller's control buffer of `controllen` bytes.
        let src =
            unsafe { core::slice::from_raw_parts(m.control.cast::<u8>(), m.controllen as usize) };
        match control_to_linux(src) {
            Ok(c) => c,
            Err(e) => return fail_ssize(e),
        }
    };
    if m.iovlen < 0 {
        return fail_ssize(darwin::EINVAL);
    }
    // SAFETY: msghdr is plain data; every field is set below.
    let mut lm: libc::msghdr = unsafe { core::mem::zeroed() };
    if let Some(a) = &addr {
        lm.msg_name = a.ptr() as *mut c_void;
        lm.msg_namelen = a.len;
    }
    lm.msg_iov = m.iov;
    lm.msg_iovlen = m.iovlen as usize;
    if !control.is_empty() {
        lm.msg_control = control.as_ptr() as *mut c_void;
        lm.msg_controllen = control.len() * 8;
    }
    // SAFETY: every pointer in `lm` is valid for the call.
    let r = unsafe { libc::sendmsg(fd, &lm, send_flags(fd, flags)) };
    after_send(fd, flags, r)
}

/// # Safety
/// `m` is a valid darwin `msghdr`.
unsafe extern "C" fn recvmsg(fd: c_int, m: *mut MsgHdr, flags: c_int) -> ssize_t {
    // SAFETY: the caller's msghdr.
    let m = unsafe { &mut *m };
    if m.iovlen < 0 {
        return fail_ssize(darwin::EINVAL);
    }
    let mut a = LinuxAddr::empty();
    let dcap = if m.control.is_null() {
        0
    } else {
        m.controllen as usize
    };
    // Room for as much payload as the darwin buffer could hold, with Linux's
    // bigger headers and alignment; extra descriptors are closed below.
    let lcap = if dcap == 0 {
        0
    } else {
        align8(dcap + (dcap / DCMSG_HDR + 1) * 8)
    };
    let mut control = vec![0u64; lcap / 8];
    // SAFETY: msghdr is plain data; every field is set below.
    let mut lm: libc::msghdr = unsafe { core::mem::zeroed() };
    if !m.name.is_null() {
        lm.msg_name = a.mut_ptr().cast();
        lm.msg_namelen = a.len;
    }
    lm.msg_iov = m.iov;
    lm.msg_iovlen = m.iovlen as usize;
    if lcap > 0 {
        lm.msg_control = control.as_mut_ptr().cast();
        lm.msg_controllen = lcap;
    }
    // SAFETY: every pointer in `lm` is valid for the call.
    let r = unsafe { libc::recvmsg(fd, &mut lm, msg_to_linux(flags)) };
    if r < 0 {
        return check(r);
    }
    let mut dflags = msg_to_darwin(lm.msg_flags);
    if !m.name.is_null() {
        if lm.msg_namelen == 0 {
            m.namelen = 0;
        } else {
            a.len = lm.msg_namelen;
            // SAFETY: the caller's name buffer of `namelen` bytes.
            unsafe { store_addr(&a, m.name, &mut m.namelen) };
        }
    }
    // SAFETY: `control` holds `lcap` bytes, `msg_controllen` of them filled.
    let lsrc = unsafe {
        core::slice::from_raw_parts(control.as_ptr().cast::<u8>(), lm.msg_controllen.min(lcap))
    };
    if dcap > 0 {
        // SAFETY: the caller's control buffer of `controllen` bytes.
        let dst = unsafe { core::slice::from_raw_parts_mut(m.control.cast::<u8>(), dcap) };
        let (n, trunc) = control_to_darwin(lsrc, dst);
        m.controllen = n as socklen_t;
        if trunc {
            dflags |= 0x20;
        }
    } else {
        m.controllen = 0;
    }
    m.flags = dflags;
    r
}

// ---- sendfile --------------------------------------------------------------

/// darwin `struct sf_hdtr`.
#[repr(C)]
pub struct SfHdtr {
    pub headers: *const iovec,
    pub hdr_cnt: c_int,
    pub trailers: *const iovec,
    pub trl_cnt: c_int,
}
const _: () = assert!(size_of::<SfHdtr>() == 32);
const _: () = assert!(offset_of!(SfHdtr, trailers) == 16);

/// Sends iovecs fully (or until the socket would block); counts into `sent`.
///
/// # Safety
/// `iov` holds `cnt` valid iovecs.
unsafe fn send_iovecs(
    s: c_int,
    iov: *const iovec,
    cnt: c_int,
    budget: &mut Option<u64>,
    sent: &mut i64,
) -> bool {
    if iov.is_null() || cnt <= 0 {
        return true;
    }
    // SAFETY: the caller's array of `cnt` iovecs.
    let list = unsafe { core::slice::from_raw_parts(iov, cnt as usize) };
    for v in list {
        let mut done = 0usize;
        while done < v.iov_len {
            let mut want = v.iov_len - done;
            if let Some(b) = budget {
                if *b == 0 {
                    return true;
                }
                want = want.min(*b as usize);
            }
            // SAFETY: inside the caller's buffer.
            let r = unsafe {
                libc::send(
                    s,
                    v.iov_base.cast::<u8>().add(done).cast(),
                    want,
                    send_flags(s, 0),
                )
            };
            if r < 0 {
                return false;
            }
            done += r as usize;
            *sent += r as i64;
            if let Some(b) = budget {
                *b -= r as u64;
            }
        }
    }
    true
}

/// darwin `sendfile(fd, s, offset, &len, hdtr, flags)`: headers, then file
/// bytes from `offset` until `*len` bytes including the headers are sent
/// (0: to the end), then trailers; `*len` comes back as everything sent,
/// also on `EAGAIN`/`EINTR`. Built on Linux's `sendfile` (the file
/// part raises `SIGPIPE` even on an `SO_NOSIGPIPE` socket).
///
/// # Safety
/// `len` is writable; `hdtr` is NULL or valid.
unsafe extern "C" fn sendfile(
    fd: c_int,
    s: c_int,
    offset: libc::off_t,
    len: *mut libc::off_t,
    hdtr: *const SfHdtr,
    flags: c_int,
) -> c_int {
    if flags != 0 || offset < 0 || len.is_null() {
        return fail(darwin::EINVAL);
    }
    // SAFETY: a plain stat buffer.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: fstat writes `st`.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        set_errno();
        return -1;
    }
    if st.st_mode & libc::S_IFMT != libc::S_IFREG {
        return fail(darwin::ENOTSUP);
    }
    if linux_int_opt(s, libc::SOL_SOCKET, libc::SO_TYPE).is_err() {
        return -1;
    }
    // SAFETY: the caller's length.
    let want = unsafe { *len };
    let mut budget = (want > 0).then_some(want as u64);
    let mut sent: i64 = 0;
    // SAFETY: NULL or the caller's header/trailer description.
    let h = unsafe { hdtr.as_ref() };
    let finish = |sent: i64, ok: bool| -> c_int {
        // SAFETY: the caller's length.
        unsafe { *len = sent };
        if ok {
            0
        } else {
            set_errno();
            -1
        }
    };
    if let Some(h) = h {
        // SAFETY: the caller's headers.
        if !unsafe { send_iovecs(s, h.headers, h.hdr_cnt, &mut budget, &mut sent) } {
            return finish(sent, false);
        }
    }
    let mut off = offset;
    loop {
        let chunk = match budget {
            Some(0) => break,
            Some(b) => b.min(1 << 30) as usize,
            None => 1 << 30,
        };
        // SAFETY: plain system call on the caller's descriptors.
        let r = unsafe { libc::sendfile(s, fd, &mut off, chunk) };
        if r < 0 {
            return finish(sent, false);
        }
        if r == 0 {
            break;
        }
        sent += r as i64;
        if let Some(b) = &mut budget {
            *b -= r as u64;
        }
    }
    if let Some(h) = h {
        // Trailers go out whole: `*len` only bounds the headers and file.
        // SAFETY: the caller's trailers.
        if !unsafe { send_iovecs(s, h.trailers, h.trl_cnt, &mut None, &mut sent) } {
            return finish(sent, false);
        }
    }
    finish(sent, true)
}

// ---- options ---------------------------------------------------------------

/// How an option's value is translated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Val {
    /// Same bytes on both sides (`int`, `struct linger`, `ip_mreq`...).
    Same,
    /// `struct timeval` (darwin's `tv_usec` is an `int`).
    Timeval,
    /// `struct linger` with `l_linger` in 1/100 s (darwin `SO_LINGER`).
    LingerTicks,
    /// An `int` holding an errno value (`SO_ERROR`).
    Errno,
}

/// darwin `(level, name)` → Linux `(level, name, how)`.
fn opt_to_linux(level: c_int, name: c_int) -> Option<(c_int, c_int, Val)> {
    use Val::*;
    let s = libc::SOL_SOCKET;
    Some(match level {
        0xffff => match name {
            0x0001 => (s, libc::SO_DEBUG, Same),
            0x0002 => (s, libc::SO_ACCEPTCONN, Same),
            0x0004 => (s, libc::SO_REUSEADDR, Same),
            0x0008 => (s, libc::SO_KEEPALIVE, Same),
            0x0010 => (s, libc::SO_DONTROUTE, Same),
            0x0020 => (s, libc::SO_BROADCAST, Same),
            0x0080 => (s, libc::SO_LINGER, LingerTicks),
            0x1080 => (s, libc::SO_LINGER, Same),
            0x0100 => (s, libc::SO_OOBINLINE, Same),
            0x0200 => (s, libc::SO_REUSEPORT, Same),
            0x0400 => (s, libc::SO_TIMESTAMP, Same),
            0x1001 => (s, libc::SO_SNDBUF, Same),
            0x1002 => (s, libc::SO_RCVBUF, Same),
            0x1003 => (s, libc::SO_SNDLOWAT, Same),
            0x1004 => (s, libc::SO_RCVLOWAT, Same),
            0x1005 => (s, libc::SO_SNDTIMEO, Timeval),
            0x1006 => (s, libc::SO_RCVTIMEO, Timeval),
            0x1007 => (s, libc::SO_ERROR, Errno),
            0x1008 => (s, libc::SO_TYPE, Same),
            _ => return None,
        },
        libc::IPPROTO_TCP => match name {
            0x01 => (level, libc::TCP_NODELAY, Same),
            0x02 => (level, libc::TCP_MAXSEG, Same),
            // TCP_NOPUSH: hold partial segments, Linux's cork.
            0x04 => (level, libc::TCP_CORK, Same),
            0x10 => (level, libc::TCP_KEEPIDLE, Same),
            0x101 => (level, libc::TCP_KEEPINTVL, Same),
            0x102 => (level, libc::TCP_KEEPCNT, Same),
            0x201 => (level, libc::TCP_NOTSENT_LOWAT, Same),
            _ => return None,
        },
        libc::IPPROTO_IP => match name {
            1 => (level, libc::IP_OPTIONS, Same),
            2 => (level, libc::IP_HDRINCL, Same),
            3 => (level, libc::IP_TOS, Same),
            4 => (level, libc::IP_TTL, Same),
            9 => (level, libc::IP_MULTICAST_IF, Same),
            10 => (level, libc::IP_MULTICAST_TTL, Same),
            11 => (level, libc::IP_MULTICAST_LOOP, Same),
            12 => (level, libc::IP_ADD_MEMBERSHIP, Same),
            13 => (level, libc::IP_DROP_MEMBERSHIP, Same),
            24 => (level, libc::IP_RECVTTL, Same),
            26 => (level, libc::IP_PKTINFO, Same),
            27 => (level, libc::IP_RECVTOS, Same),
            _ => return None,
        },
        libc::IPPROTO_IPV6 => match name {
            4 => (level, libc::IPV6_UNICAST_HOPS, Same),
            9 => (level, libc::IPV6_MULTICAST_IF, Same),
            10 => (level, libc::IPV6_MULTICAST_HOPS, Same),
            11 => (level, libc::IPV6_MULTICAST_LOOP, Same),
            12 => (level, libc::IPV6_ADD_MEMBERSHIP, Same),
            13 => (level, libc::IPV6_DROP_MEMBERSHIP, Same),
            19 => (level, libc::IPV6_2292PKTINFO, Same),
            20 => (level, libc::IPV6_2292HOPLIMIT, Same),
            27 => (level, libc::IPV6_V6ONLY, Same),
            35 => (level, libc::IPV6_RECVTCLASS, Same),
            36 => (level, libc::IPV6_TCLASS, Same),
            37 => (level, libc::IPV6_RECVHOPLIMIT, Same),
            46 => (level, libc::IPV6_PKTINFO, Same),
            47 => (level, libc::IPV6_HOPLIMIT, Same),
            61 => (level, libc::IPV6_RECVPKTINFO, Same),
            _ => return None,
        },
        libc::IPPROTO_UDP => return None,
        _ => return None,
    })
}

const SO_NREAD: c_int = 0x1020;
const SO_NOSIGPIPE: c_int = 0x1022;
const SO_NWRITE: c_int = 0x1024;
const LOCAL_PEERCRED: c_int = 1;
const LOCAL_PEERPID: c_int = 2;
const LOCAL_PEEREPID: c_int = 3;

/// darwin `struct xucred` (`<sys/ucred.h>`, `NGROUPS` 16).
#[repr(C)]
struct Xucred {
    version: u32,
    uid: u32,
    ngroups: i16,
    groups: [u32; 16],
}
const _: () = assert!(size_of::<Xucred>() == 76);
const _: () = assert!(offset_of!(Xucred, groups) == 12);

/// Whether `fd` is an `AF_UNIX` socket (level 0 is then `SOL_LOCAL`, not `IPPROTO_IP`).
fn is_local(fd: c_int) -> bool {
    let mut d: c_int = 0;
    let mut l = size_of::<c_int>() as socklen_t;
    // SAFETY: SO_DOMAIN writes one int.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_DOMAIN,
            (&mut d as *mut c_int).cast(),
            &mut l,
        )
    };
    r == 0 && d == libc::AF_UNIX
}

/// Copies `val` to the caller's option buffer, darwin style (truncated to `*len`).
///
/// # Safety
/// `out` has `*len` writable bytes.
unsafe fn put_opt(val: &[u8], out: *mut c_void, len: *mut socklen_t) -> c_int {
    if len.is_null() {
        return fail(darwin::EFAULT);
    }
    // SAFETY: the caller's buffer and length.
    unsafe {
        let n = (*len as usize).min(val.len());
        if n > 0 && out.is_null() {
            return fail(darwin::EFAULT);
        }
        core::ptr::copy_nonoverlapping(val.as_ptr(), out.cast::<u8>(), n);
        *len = n as socklen_t;
    }
    0
}

/// Reads an int option `(level, name)` from Linux.
fn linux_int_opt(fd: c_int, level: c_int, name: c_int) -> Result<c_int, ()> {
    let mut v: c_int = 0;
    let mut l = size_of::<c_int>() as socklen_t;
    // SAFETY: writes one int.
    let r = unsafe { libc::getsockopt(fd, level, name, (&mut v as *mut c_int).cast(), &mut l) };
    if r < 0 {
        set_errno();
        return Err(());
    }
    Ok(v)
}

/// # Safety
/// `val`/`len` are the caller's option buffer and its size.
unsafe extern "C" fn getsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    val: *mut c_void,
    len: *mut socklen_t,
) -> c_int {
    if level == 0xffff && name == SO_NOSIGPIPE {
        if linux_int_opt(fd, libc::SOL_SOCKET, libc::SO_TYPE).is_err() {
            return -1;
        }
        let v = nosigpipe_get(fd) as c_int;
        // SAFETY: the caller's buffer.
        return unsafe { put_opt(&v.to_ne_bytes(), val, len) };
    }
    if level == 0xffff && (name == SO_NREAD || name == SO_NWRITE) {
        let req = if name == SO_NREAD {
            libc::FIONREAD
        } else {
            libc::TIOCOUTQ
        };
        let mut v: c_int = 0;
        // SAFETY: both requests write one int.
        if unsafe { libc::ioctl(fd, req, &mut v) } < 0 {
            set_errno();
            return -1;
        }
        // SAFETY: the caller's buffer.
        return unsafe { put_opt(&v.to_ne_bytes(), val, len) };
    }
    if level == 0 && is_local(fd) {
        let mut cred: libc::ucred = libc::ucred {
            pid: 0,
            uid: 0,
            gid: 0,
        };
        let mut l = size_of::<libc::ucred>() as socklen_t;
        let ok = match name {
            LOCAL_PEERCRED | LOCAL_PEERPID | LOCAL_PEEREPID => {
                // SAFETY: SO_PEERCRED writes a ucred.
                unsafe {
                    libc::getsockopt(
                        fd,
                        libc::SOL_SOCKET,
                        libc::SO_PEERCRED,
                        (&mut cred as *mut libc::ucred).cast(),
                        &mut l,
                    )
                }
            }
            _ => return fail(ENOPROTOOPT),
        };
        if ok < 0 {
            set_errno();
            return -1;
        }
        if name == LOCAL_PEERCRED {
            let mut x = Xucred {
                version: 0,
                uid: cred.uid,
                ngroups: 1,
                groups: [0; 16],
            };
            x.groups[0] = cred.gid;
            // SAFETY: Xucred is plain data.
            let bytes = unsafe {
                core::slice::from_raw_parts((&x as *const Xucred).cast::<u8>(), size_of::<Xucred>())
            };
            // SAFETY: the caller's buffer.
            return unsafe { put_opt(bytes, val, len) };
        }
        // SAFETY: the caller's buffer.
        return unsafe { put_opt(&cred.pid.to_ne_bytes(), val, len) };
    }
    let Some((ll, ln, how)) = opt_to_linux(level, name) else {
        return fail(ENOPROTOOPT);
    };
    if len.is_null() {
        return fail(darwin::EFAULT);
    }
    let mut buf = [0u8; 256];
    let mut blen: socklen_t = match how {
        Val::Same => {
            // SAFETY: `len` is the caller's.
            (unsafe { *len } as usize).min(buf.len()) as socklen_t
        }
        Val::Timeval => 16,
        Val::LingerTicks => 8,
        Val::Errno => 4,
    };
    // SAFETY: `buf` has `blen` bytes.
    let r = unsafe { libc::getsockopt(fd, ll, ln, buf.as_mut_ptr().cast(), &mut blen) };
    if r < 0 {
        set_errno();
        return -1;
    }
    let blen = blen as usize;
    let out: Vec<u8> = match how {
        Val::Same => buf[..blen].to_vec(),
        Val::Timeval => timeval_to_darwin(&buf[..16]).unwrap_or([0; 16]).to_vec(),
        Val::LingerTicks => {
            let on = c_int::from_ne_bytes(buf[0..4].try_into().unwrap());
            let secs = c_int::from_ne_bytes(buf[4..8].try_into().unwrap());
            let mut o = on.to_ne_bytes().to_vec();
            o.extend_from_slice(&secs.saturating_mul(100).to_ne_bytes());
            o
        }
        Val::Errno => {
            let e = c_int::from_ne_bytes(buf[0..4].try_into().unwrap());
            errno::linux_to_darwin(e).to_ne_bytes().to_vec()
        }
    };
    // SAFETY: the caller's buffer.
    unsafe { put_opt(&out, val, len) }
}

/// # Safety
/// `val` holds `len` bytes.
unsafe extern "C" fn setsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    val: *const c_void,
    len: socklen_t,
) -> c_int {
    let bytes: &[u8] = if val.is_null() {
        &[]
    } else {
        // SAFETY: the caller's buffer of `len` bytes.
        unsafe { core::slice::from_raw_parts(val.cast::<u8>(), len as usize) }
    };
    if level == 0xffff && name == SO_NOSIGPIPE {
        if bytes.len() < 4 {
            return fail(if val.is_null() {
                darwin::EFAULT
            } else {
                darwin::EINVAL
            });
        }
        if linux_int_opt(fd, libc::SOL_SOCKET, libc::SO_TYPE).is_err() {
            return -1;
        }
        let on = c_int::from_ne_bytes(bytes[..4].try_into().unwrap()) != 0;
        if !nosigpipe_set(fd, on) {
            return fail(darwin::EBADF);
        }
        return 0;
    }
    if level == 0 && is_local(fd) {
        // SOL_LOCAL options are read-only.
        return fail(ENOPROTOOPT);
    }
    let Some((ll, ln, how)) = opt_to_linux(level, name) else {
        return fail(ENOPROTOOPT);
    };
    let conv: Vec<u8> = match how {
        Val::Same => bytes.to_vec(),
        Val::Errno => return fail(ENOPROTOOPT),
        Val::Timeval => {
            if bytes.len() < 16 {
                return fail(darwin::EINVAL);
            }
            let t = timeval_to_linux(bytes).unwrap_or([0; 16]);
            let sec = i64::from_ne_bytes(t[..8].try_into().unwrap());
            let usec = i64::from_ne_bytes(t[8..].try_into().unwrap());
            if sec < 0 || !(0..1_000_000).contains(&usec) {
                return fail(EDOM);
            }
            t.to_vec()
        }
        Val::LingerTicks => {
            if bytes.len() < 8 {
                return fail(darwin::EINVAL);
            }
            let on = c_int::from_ne_bytes(bytes[0..4].try_into().unwrap());
            let ticks = c_int::from_ne_bytes(bytes[4..8].try_into().unwrap());
            let secs = if ticks <= 0 {
                ticks
            } else {
                (ticks + 99) / 100
            };
            let mut o = on.to_ne_bytes().to_vec();
            o.extend_from_slice(&secs.to_ne_bytes());
            o
        }
    };
    // SAFETY: `conv` holds the translated value.
    check(unsafe { libc::setsockopt(fd, ll, ln, conv.as_ptr().cast(), conv.len() as socklen_t) })
}

/// darwin `struct ifaddrs` (`<ifaddrs.h>`), as our `getifaddrs` returns it.
#[repr(C)]
struct DarwinIfAddrs {
    next: *mut DarwinIfAddrs,
    name: *const libc::c_char,
    flags: libc::c_uint,
    addr: *const u8,
    netmask: *const u8,
    dstaddr: *const u8,
    data: *const u8,
}
const _: () = assert!(size_of::<DarwinIfAddrs>() == 56);
const _: () = assert!(offset_of!(DarwinIfAddrs, addr) == 24);
const _: () = assert!(offset_of!(DarwinIfAddrs, data) == 48);

/// Routing-message constants (`<net/route.h>`, `<sys/socket.h>`).
const NET_RT_IFLIST: c_int = 3;
const NET_RT_IFLIST2: c_int = 6;
const RTM_VERSION: u8 = 5;
const RTM_NEWADDR: u8 = 0xc;
const RTM_IFINFO: u8 = 0xe;
const RTM_IFINFO2: u8 = 0x12;
const RTM_NEWMADDR2: u8 = 0x13;
const RTA_NETMASK: i32 = 0x4;
const RTA_IFP: i32 = 0x10;
const RTA_IFA: i32 = 0x20;
const RTA_BRD: i32 = 0x80;
/// `sizeof(struct if_msghdr)`: the header (16 bytes, `ifm_data` 4-aligned)
/// and `struct if_data` (96, `#pragma pack(4)`).
const IF_MSGHDR_LEN: usize = 112;
const IF_DATA_AT: usize = 16;
const IF_DATA_LEN: usize = 96;
/// `sizeof(struct ifa_msghdr)`: u16 len, u8 version, u8 type, int addrs,
/// int flags, u16 index, int metric.
const IFA_MSGHDR_LEN: usize = 20;
/// `sizeof(struct if_msghdr2)`: the 16-byte header, four ints of send-queue
/// facts, then `struct if_data64` (128, `#pragma pack(4)`) at 32.
const IF_MSGHDR2_LEN: usize = 160;
const IF_DATA2_AT: usize = 32;
const IF_DATA64_LEN: usize = 128;
/// `sizeof(struct ifma_msghdr2)`: like `ifa_msghdr`, `int32_t refcount` last.
const IFMA_MSGHDR2_LEN: usize = 20;

/// darwin's `ROUNDUP` for sockaddrs in routing messages: 4-byte units, and
/// an empty one still takes 4.
fn rt_roundup(n: usize) -> usize {
    if n == 0 {
        4
    } else {
        (n + 3) & !3
    }
}

/// Appends a darwin sockaddr (its `sa_len` says its size), padded.
///
/// # Safety
/// `sa` points to a darwin sockaddr.
unsafe fn push_sa(out: &mut Vec<u8>, sa: *const u8) {
    // SAFETY: per the contract, `sa_len` bytes are readable.
    let b = unsafe { core::slice::from_raw_parts(sa, (*sa).max(2) as usize) };
    let at = out.len();
    out.extend_from_slice(b);
    out.resize(at + rt_roundup(b.len()), 0);
}

/// One interface's `RTM_IFINFO` (`NET_RT_IFLIST`) or `RTM_IFINFO2`
/// (`NET_RT_IFLIST2`: send-queue facts and 64-bit `if_data64`) message.
///
/// # Safety
/// `e` is a link entry of our darwin `getifaddrs` list.
unsafe fn push_ifinfo(out: &mut Vec<u8>, e: &DarwinIfAddrs, name: &[u8], index: u16, v2: bool) {
    let at = out.len();
    let hdr = if v2 { IF_MSGHDR2_LEN } else { IF_MSGHDR_LEN };
    out.resize(at + hdr, 0);
    let m = &mut out[at..];
    m[2] = RTM_VERSION;
    m[3] = if v2 { RTM_IFINFO2 } else { RTM_IFINFO };
    m[4..8].copy_from_slice(&RTA_IFP.to_ne_bytes());
    m[8..12].copy_from_slice(&(e.flags as i32).to_ne_bytes());
    m[12..14].copy_from_slice(&index.to_ne_bytes());
    if !e.data.is_null() {
        // SAFETY: a link entry's data is a darwin `struct if_data`.
        let d = unsafe { core::slice::from_raw_parts(e.data, IF_DATA_LEN) };
        if v2 {
            // if_msghdr2: ifm_snd_maxlen, then if_data64 at 32: the same
            // leading bytes and mtu/metric, the counters widened to 64 bits.
            let qlen = std::fs::read_to_string(format!(
                "/sys/class/net/{}/tx_queue_len",
                String::from_utf8_lossy(name)
            ))
            .ok()
            .and_then(|s| s.trim().parse::<i32>().ok())
            .unwrap_or(0);
            m[20..24].copy_from_slice(&qlen.to_ne_bytes());
            let d64 = &mut m[IF_DATA2_AT..IF_DATA2_AT + IF_DATA64_LEN];
            d64[..16].copy_from_slice(&d[..16]);
            // baudrate .. noproto: 12 counters.
            for i in 0..12 {
                let v = u32::from_ne_bytes(d[16 + 4 * i..20 + 4 * i].try_into().unwrap());
                d64[16 + 8 * i..24 + 8 * i].copy_from_slice(&(v as u64).to_ne_bytes());
            }
            // recvtiming, xmittiming, lastchange (timeval32).
            d64[112..128].copy_from_slice(&d[64..80]);
        } else {
            m[IF_DATA_AT..IF_DATA_AT + IF_DATA_LEN].copy_from_slice(d);
        }
    }
    // SAFETY: a link entry's address is its darwin `sockaddr_dl`.
    unsafe { push_sa(out, e.addr) };
    let len = (out.len() - at) as u16;
    out[at..at + 2].copy_from_slice(&len.to_ne_bytes());
}

/// The IPv4 and IPv6 multicast groups the host joined, per interface
/// index, with their user counts (`/proc/net/igmp`, `/proc/net/igmp6`), as
/// darwin sockaddrs.
fn multicast_groups() -> Vec<(u16, Vec<u8>, i32)> {
    let mut out = Vec::new();
    if let Ok(t) = std::fs::read_to_string("/proc/net/igmp") {
        let mut index = None;
        for line in t.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            if !line.starts_with(char::is_whitespace) {
                index = f.first().and_then(|i| i.parse::<u16>().ok());
            } else if let (Some(i), [group, users, ..]) = (index, f.as_slice()) {
                // The group is the network-order address printed as a
                // host (little-endian) integer.
                if let Ok(g) = u32::from_str_radix(group, 16) {
                    let mut sa = vec![0u8; 16];
                    sa[0] = 16;
                    sa[1] = AF_INET;
                    sa[4..8].copy_from_slice(&g.to_le_bytes());
                    out.push((i, sa, users.parse().unwrap_or(1)));
                }
            }
        }
    }
    if let Ok(t) = std::fs::read_to_string("/proc/net/igmp6") {
        for line in t.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            let [index, _, group, users, ..] = f.as_slice() else {
                continue;
            };
            let (Ok(i), true) = (index.parse::<u16>(), group.len() == 32) else {
                continue;
            };
            let mut sa = vec![0u8; 28];
            sa[0] = 28;
            sa[1] = AF_INET6;
            for k in 0..16 {
                sa[8 + k] = u8::from_str_radix(&group[2 * k..2 * k + 2], 16).unwrap_or(0);
            }
            out.push((i, sa, users.parse().unwrap_or(1)));
        }
    }
    out
}

/// `sysctl` `{CTL_NET, PF_ROUTE, 0, af, NET_RT_IFLIST or NET_RT_IFLIST2,
/// ifindex}`: per interface an `RTM_IFINFO`/`RTM_IFINFO2` message (flags,
/// `if_data`, its `sockaddr_dl`) followed by an `RTM_NEWADDR` message per
/// address (netmask, address, broadcast or peer), built from our darwin
/// `getifaddrs`; `NET_RT_IFLIST2` adds an `RTM_NEWMADDR2` per IPv4/IPv6
/// multicast group joined (interface and group; darwin also names the
/// link-layer group as gateway and lists link-layer memberships, which
/// are left out). `ifam_flags` (the kernel's private `IFA_*` route flags)
/// and `ifam_metric` are 0. Other routing-table queries (`NET_RT_DUMP`...)
/// are `ENOENT`, as unknown names are.
pub(crate) fn route_sysctl(mib: &[c_int]) -> Result<Vec<u8>, c_int> {
    let [0, af, op, arg, ..] = *mib else {
        return Err(darwin::EINVAL);
    };
    let v2 = match op {
        NET_RT_IFLIST => false,
        NET_RT_IFLIST2 => true,
        _ => return Err(darwin::ENOENT),
    };
    let getifaddrs = crate::export::lookup(b"_getifaddrs").ok_or(darwin::ENOENT)?;
    let freeifaddrs = crate::export::lookup(b"_freeifaddrs").ok_or(darwin::ENOENT)?;
    type Get = unsafe extern "C" fn(*mut *mut DarwinIfAddrs) -> c_int;
    type Free = unsafe extern "C" fn(*mut DarwinIfAddrs);
    // SAFETY: our own darwin `getifaddrs`/`freeifaddrs`.
    let (get, free) = unsafe {
        (
            core::mem::transmute::<*const (), Get>(getifaddrs.addr()),
            core::mem::transmute::<*const (), Free>(freeifaddrs.addr()),
        )
    };
    let mut list: *mut DarwinIfAddrs = core::ptr::null_mut();
    // SAFETY: `list` receives the list, freed below.
    if unsafe { get(&mut list) } != 0 {
        return Err(errno::get());
    }
    let groups = if v2 { multicast_groups() } else { Vec::new() };
    let wanted = |index: u16| arg == 0 || arg == index as c_int;
    let mut out = Vec::new();
    // The interface being listed: name, index and its sockaddr_dl.
    let mut current: Option<(&core::ffi::CStr, u16, *const u8)> = None;
    // Closes an interface: its multicast groups come after its addresses.
    let flush = |out: &mut Vec<u8>, cur: Option<(&core::ffi::CStr, u16, *const u8)>| {
        let Some((_, index, link)) = cur else { return };
        if !wanted(index) {
            return;
        }
        for (_, sa, users) in groups.iter().filter(|g| g.0 == index) {
            if af != 0 && af != sa[1] as c_int {
                continue;
            }
            let at = out.len();
            out.resize(at + IFMA_MSGHDR2_LEN, 0);
            out[at + 2] = RTM_VERSION;
            out[at + 3] = RTM_NEWMADDR2;
            out[at + 4..at + 8].copy_from_slice(&(RTA_IFP | RTA_IFA).to_ne_bytes());
            out[at + 12..at + 14].copy_from_slice(&index.to_ne_bytes());
            out[at + 16..at + 20].copy_from_slice(&users.to_ne_bytes());
            // SAFETY: `link` is the interface's darwin sockaddr_dl, `sa`
            // a darwin sockaddr built above.
            unsafe {
                push_sa(out, link);
                push_sa(out, sa.as_ptr());
            }
            let len = (out.len() - at) as u16;
            out[at..at + 2].copy_from_slice(&len.to_ne_bytes());
        }
    };
    let mut p = list;
    while !p.is_null() {
        // SAFETY: a node of the list our getifaddrs built; its sockaddrs
        // are darwin ones and its link entries carry a `struct if_data`.
        unsafe {
            let e = &*p;
            p = e.next;
            let name = core::ffi::CStr::from_ptr(e.name);
            if e.addr.is_null() {
                continue;
            }
            let family = *e.addr.add(1);
            if family == AF_LINK {
                flush(&mut out, current);
                let index = u16::from_ne_bytes([*e.addr.add(2), *e.addr.add(3)]);
                current = Some((name, index, e.addr));
                if wanted(index) {
                    push_ifinfo(&mut out, e, name.to_bytes(), index, v2);
                }
            } else if family == AF_INET || family == AF_INET6 {
                let Some((_, index, _)) = current.filter(|(n, _, _)| *n == name) else {
                    continue;
                };
                if !wanted(index) || (af != 0 && af != family as c_int) {
                    continue;
                }
                let at = out.len();
                out.resize(at + IFA_MSGHDR_LEN, 0);
                out[at + 2] = RTM_VERSION;
                out[at + 3] = RTM_NEWADDR;
                out[at + 12..at + 14].copy_from_slice(&index.to_ne_bytes());
                let mut addrs = 0;
                for (bit, sa) in [
                    (RTA_NETMASK, e.netmask),
                    (RTA_IFA, e.addr),
                    (RTA_BRD, e.dstaddr),
                ] {
                    if !sa.is_null() {
                        addrs |= bit;
                        push_sa(&mut out, sa);
                    }
                }
                out[at + 4..at + 8].copy_from_slice(&addrs.to_ne_bytes());
                let len = (out.len() - at) as u16;
                out[at..at + 2].copy_from_slice(&len.to_ne_bytes());
            }
        }
    }
    flush(&mut out, current);
    // SAFETY: the list `get` returned (the sockaddr_dl pointers die here).
    unsafe { free(list) };
    Ok(out)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_socket" => socket,
    func "_socketpair" => socketpair,
    func "_bind" => bind,
    func "_listen" => listen,
    func "_accept" => accept,
    func "_accept$NOCANCEL" => accept,
    func "_connect" => connect,
    func "_connectx" => connectx,
    func "_connect$NOCANCEL" => connect,
    func "_shutdown" => shutdown,
    func "_getsockname" => getsockname,
    func "_getpeername" => getpeername,
    func "_send" => send,
    func "_send$NOCANCEL" => send,
    func "_sendto" => sendto,
    func "_sendto$NOCANCEL" => sendto,
    func "_sendmsg" => sendmsg,
    func "_sendmsg$NOCANCEL" => sendmsg,
    func "_recv" => recv,
    func "_recv$NOCANCEL" => recv,
    func "_recvfrom" => recvfrom,
    func "_recvfrom$NOCANCEL" => recvfrom,
    func "_recvmsg" => recvmsg,
    func "_recvmsg$NOCANCEL" => recvmsg,
    func "_getsockopt" => getsockopt,
    func "_setsockopt" => setsockopt,
    host "_sockatmark" => sockatmark,
    func "_sendfile" => sendfile,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_iflist_messages_chain() {
        assert_eq!(rt_roundup(0), 4);
        assert_eq!(rt_roundup(17), 20);
        let b = route_sysctl(&[0, 0, NET_RT_IFLIST, 0]).unwrap();
        let (mut at, mut links, mut loopback_v4) = (0, 0, false);
        while at < b.len() {
            let len = u16::from_ne_bytes([b[at], b[at + 1]]) as usize;
            assert!(
                len >= IFA_MSGHDR_LEN && at + len <= b.len(),
                "bad length {len}"
            );
            assert_eq!(b[at + 2], RTM_VERSION);
            match b[at + 3] {
                RTM_IFINFO => {
                    links += 1;
                    // The sockaddr_dl follows the header.
                    assert_eq!(b[at + IF_MSGHDR_LEN + 1], AF_LINK);
                }
                RTM_NEWADDR => {
                    // netmask, then the address: 127.0.0.1 somewhere.
                    let body = &b[at + IFA_MSGHDR_LEN..at + len];
                    loopback_v4 |= body
                        .windows(8)
                        .any(|w| w == [16, AF_INET, 0, 0, 127, 0, 0, 1]);
                }
                t => panic!("unexpected message type {t}"),
            }
            at += len;
        }
        assert!(links > 0);
        assert!(loopback_v4);
        assert_eq!(route_sysctl(&[0, 0, 1, 0]), Err(darwin::ENOENT));
        // IFLIST2: the 64-bit header; the first interface's index filters
        // out the others.
        let first_index = u16::from_ne_bytes([b[12], b[13]]) as c_int;
        let b2 = route_sysctl(&[0, 0, NET_RT_IFLIST2, first_index]).unwrap();
        assert_eq!(b2[3], RTM_IFINFO2);
        let first = u16::from_ne_bytes([b2[0], b2[1]]) as usize;
        assert!(first > IF_MSGHDR2_LEN);
        assert_eq!(b2[IF_MSGHDR2_LEN + 1], AF_LINK);
        let mut at = 0;
        while at < b2.len() {
            let len = u16::from_ne_bytes([b2[at], b2[at + 1]]) as usize;
            assert_eq!(
                u16::from_ne_bytes([b2[at + 12], b2[at + 13]]) as c_int,
                first_index
            );
            assert!(matches!(
                b2[at + 3],
                RTM_IFINFO2 | RTM_NEWADDR | RTM_NEWMADDR2
            ));
            at += len;
        }
        assert_eq!(at, b2.len());
    }

    #[test]
    fn inet_round_trip() {
        let d = SockaddrIn {
            len: 16,
            family: AF_INET,
            port: 0x1234u16.to_be(),
            addr: [127, 0, 0, 1],
            zero: [0; 8],
        };
        // SAFETY: `d` is 16 readable bytes.
        let l = unsafe { addr_to_linux((&d as *const SockaddrIn).cast(), 16) }.unwrap();
        assert_eq!(l.len, 16);
        assert_eq!(l.ss.ss_family as c_int, libc::AF_INET);
        // SAFETY: `l.ss` holds `l.len` bytes.
        let back = unsafe { addr_to_darwin(l.ptr().cast(), l.len) }.unwrap();
        assert_eq!(back.len, 16);
        assert_eq!(&back.buf[..8], &[16, 2, 0x12, 0x34, 127, 0, 0, 1]);
    }

    #[test]
    fn inet6_family() {
        let mut d = [0u8; 28];
        d[0] = 28;
        d[1] = AF_INET6;
        d[23] = 1;
        // SAFETY: `d` is 28 readable bytes.
        let l = unsafe { addr_to_linux(d.as_ptr().cast(), 28) }.unwrap();
        assert_eq!(l.ss.ss_family as c_int, libc::AF_INET6);
        // SAFETY: as above.
        let back = unsafe { addr_to_darwin(l.ptr().cast(), l.len) }.unwrap();
        assert_eq!(&back.buf[..28], &d[..]);
        // SAFETY: as above.
        assert!(unsafe { addr_to_linux(d.as_ptr().cast(), 20) }.is_err());
    }

    #[test]
    fn cmsg_rights_both_ways() {
        let mut d = [0u8; 16];
        d[0..4].copy_from_slice(&16u32.to_ne_bytes());
        d[4..8].copy_from_slice(&0xffffi32.to_ne_bytes());
        d[8..12].copy_from_slice(&1i32.to_ne_bytes());
        d[12..16].copy_from_slice(&7i32.to_ne_bytes());
        let l = control_to_linux(&d).unwrap();
        assert_eq!(l.len(), 3);
        assert_eq!(l[0], 20);
        // SAFETY: reading our own Vec<u64> as bytes.
        let lb = unsafe { core::slice::from_raw_parts(l.as_ptr().cast::<u8>(), 24) };
        assert_eq!(c_int::from_ne_bytes(lb[16..20].try_into().unwrap()), 7);
        let mut out = [0u8; 16];
        let (n, trunc) = control_to_darwin(lb, &mut out);
        assert_eq!((n, trunc), (16, false));
        assert_eq!(out, d);
    }

    #[test]
    fn flags() {
        assert_eq!(
            msg_to_linux(0x80 | 0x40 | 0x2),
            libc::MSG_DONTWAIT | libc::MSG_WAITALL | libc::MSG_PEEK
        );
        assert_eq!(msg_to_darwin(libc::MSG_TRUNC | libc::MSG_CTRUNC), 0x30);
    }
}
