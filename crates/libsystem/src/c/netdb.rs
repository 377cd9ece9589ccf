//! Name resolution: `getaddrinfo`/`getnameinfo`/`gethostbyname` with darwin `struct addrinfo`/`hostent`.
//!
//! glibc's resolver does the work; what crosses over is translated
//! (`<netdb.h>`, `<arpa/inet.h>`, `<ifaddrs.h>`, `<net/if_dl.h>`):
//! - darwin `struct addrinfo` puts `ai_canonname` before `ai_addr`; its
//!   `AI_*`, `NI_*` and `EAI_*` numbers differ from glibc's; the sockaddrs
//!   carry `sa_len` and darwin family numbers.
//! - `h_errno` is a plain global on darwin (`_h_errno`), not glibc's
//!   per-thread slot; the `hostent` results keep glibc's layout (it agrees)
//!   but get darwin's `AF_INET6`, in a per-thread buffer.
//! - `getifaddrs` answers darwin's shape: per interface an `AF_LINK` entry
//!   (`sockaddr_dl`, `ifa_data` → `struct if_data`) followed by its
//!   addresses, all in one block that `freeifaddrs` frees.
//! - `servent`, `protoent`, `if_nameindex`, `in_addr` helpers are
//!   identical and exported straight from glibc.

use crate::kernel::socket::{addr_to_darwin, addr_to_linux, family_to_darwin, family_to_linux};
use core::mem::{offset_of, size_of};
use libc::{c_char, c_int, c_uint, c_void, size_t, socklen_t};
use std::cell::RefCell;
use std::sync::atomic::{AtomicI32, Ordering};

extern "C" {
    fn gethostbyname2_r(
        name: *const c_char,
        af: c_int,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    fn gethostbyaddr_r(
        addr: *const c_void,
        len: socklen_t,
        ty: c_int,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    fn gethostent_r(
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    fn __h_errno_location() -> *mut c_int;
    fn herror(s: *const c_char);
    fn hstrerror(e: c_int) -> *const c_char;
    fn sethostent(stay: c_int);
    fn endhostent();
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: socklen_t)
        -> *const c_char;
    fn inet_addr(cp: *const c_char) -> u32;
    fn inet_aton(cp: *const c_char, inp: *mut u32) -> c_int;
    fn inet_ntoa(i: u32) -> *mut c_char;
    fn inet_network(cp: *const c_char) -> u32;
    fn inet_makeaddr(net: u32, host: u32) -> u32;
    fn inet_lnaof(i: u32) -> u32;
    fn inet_netof(i: u32) -> u32;
    fn getservbyname(name: *const c_char, proto: *const c_char) -> *mut c_void;
    fn getservbyport(port: c_int, proto: *const c_char) -> *mut c_void;
    fn getservent() -> *mut c_void;
    fn setservent(stay: c_int);
    fn endservent();
    fn getprotobyname(name: *const c_char) -> *mut c_void;
    fn getprotobynumber(p: c_int) -> *mut c_void;
    fn getprotoent() -> *mut c_void;
    fn setprotoent(stay: c_int);
    fn endprotoent();
    fn if_nametoindex(name: *const c_char) -> c_uint;
    fn if_indextoname(i: c_uint, name: *mut c_char) -> *mut c_char;
    fn if_nameindex() -> *mut c_void;
    fn if_freenameindex(p: *mut c_void);
}

// ---- byte order ------------------------------------------------------------

extern "C" fn htons(x: u16) -> u16 {
    x.to_be()
}
extern "C" fn htonl(x: u32) -> u32 {
    x.to_be()
}
extern "C" fn ntohs(x: u16) -> u16 {
    u16::from_be(x)
}
extern "C" fn ntohl(x: u32) -> u32 {
    u32::from_be(x)
}

// ---- well-known IPv6 addresses (`<netinet6/in6.h>`) -------------------------

/// darwin `struct in6_addr` (a union with 32-bit members: 4-byte aligned).
#[repr(C, align(4))]
pub struct In6Addr(pub [u8; 16]);

const fn in6(first: [u8; 2], last: u8) -> In6Addr {
    let mut a = [0u8; 16];
    a[0] = first[0];
    a[1] = first[1];
    a[15] = last;
    In6Addr(a)
}

static IN6ADDR_ANY: In6Addr = in6([0, 0], 0);
static IN6ADDR_LOOPBACK: In6Addr = in6([0, 0], 1);
static IN6ADDR_NODELOCAL_ALLNODES: In6Addr = in6([0xff, 0x01], 1);
static IN6ADDR_LINKLOCAL_ALLNODES: In6Addr = in6([0xff, 0x02], 1);
static IN6ADDR_LINKLOCAL_ALLROUTERS: In6Addr = in6([0xff, 0x02], 2);
static IN6ADDR_LINKLOCAL_ALLV2ROUTERS: In6Addr = in6([0xff, 0x02], 0x16);

// ---- inet_pton / inet_ntop -------------------------------------------------

const EAFNOSUPPORT: c_int = 47;

/// # Safety
/// `src` is a C string; `dst` has room for the address.
unsafe extern "C" fn d_inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int {
    match family_to_linux(af).filter(|&f| f == libc::AF_INET || f == libc::AF_INET6) {
        // SAFETY: forwarded.
        Some(l) => unsafe { inet_pton(l, src, dst) },
        None => {
            crate::errno::set(EAFNOSUPPORT);
            -1
        }
    }
}

/// # Safety
/// `src` is an address of family `af`; `dst` has `size` bytes.
unsafe extern "C" fn d_inet_ntop(
    af: c_int,
    src: *const c_void,
    dst: *mut c_char,
    size: socklen_t,
) -> *const c_char {
    match family_to_linux(af).filter(|&f| f == libc::AF_INET || f == libc::AF_INET6) {
        Some(l) => {
            // SAFETY: forwarded.
            let r = unsafe { inet_ntop(l, src, dst, size) };
            if r.is_null() {
                crate::errno::set_from_linux();
            }
            r
        }
        None => {
            crate::errno::set(EAFNOSUPPORT);
            core::ptr::null()
        }
    }
}

// ---- getaddrinfo -----------------------------------------------------------

/// darwin `struct addrinfo` (`ai_canonname` before `ai_addr`).
#[repr(C)]
pub struct AddrInfo {
    pub flags: c_int,
    pub family: c_int,
    pub socktype: c_int,
    pub protocol: c_int,
    pub addrlen: socklen_t,
    pub canonname: *mut c_char,
    pub addr: *mut c_void,
    pub next: *mut AddrInfo,
}
const _: () = assert!(size_of::<AddrInfo>() == 48);
const _: () = assert!(offset_of!(AddrInfo, addrlen) == 16);
const _: () = assert!(offset_of!(AddrInfo, canonname) == 24);
const _: () = assert!(offset_of!(AddrInfo, addr) == 32);
const _: () = assert!(offset_of!(AddrInfo, next) == 40);

/// darwin `EAI_*` (`<netdb.h>`).
mod eai {
    use libc::c_int;
    pub const ADDRFAMILY: c_int = 1;
    pub const AGAIN: c_int = 2;
    pub const BADFLAGS: c_int = 3;
    pub const FAIL: c_int = 4;
    pub const FAMILY: c_int = 5;
    pub const MEMORY: c_int = 6;
    pub const NODATA: c_int = 7;
    pub const NONAME: c_int = 8;
    pub const SERVICE: c_int = 9;
    pub const SOCKTYPE: c_int = 10;
    pub const SYSTEM: c_int = 11;
    pub const OVERFLOW: c_int = 14;
}

/// glibc's `EAI_ADDRFAMILY` (`<netdb.h>`, a GNU extension).
const GLIBC_EAI_ADDRFAMILY: c_int = -9;

/// glibc `EAI_*` → darwin's; `EAI_SYSTEM` also translates errno.
fn eai_to_darwin(e: c_int) -> c_int {
    match e {
        0 => 0,
        GLIBC_EAI_ADDRFAMILY => eai::ADDRFAMILY,
        libc::EAI_AGAIN => eai::AGAIN,
        libc::EAI_BADFLAGS => eai::BADFLAGS,
        libc::EAI_FAIL => eai::FAIL,
        libc::EAI_FAMILY => eai::FAMILY,
        libc::EAI_MEMORY => eai::MEMORY,
        libc::EAI_NODATA => eai::NODATA,
        libc::EAI_NONAME => eai::NONAME,
        libc::EAI_SERVICE => eai::SERVICE,
        libc::EAI_SOCKTYPE => eai::SOCKTYPE,
        libc::EAI_OVERFLOW => eai::OVERFLOW,
        libc::EAI_SYSTEM => {
            crate::errno::set_from_linux();
            eai::SYSTEM
        }
        _ => eai::FAIL,
    }
}

/// darwin `AI_*` → glibc's; `None` for a flag darwin itself rejects.
fn ai_flags_to_linux(f: c_int) -> Option<c_int> {
    const MAP: &[(c_int, c_int)] = &[
        (0x1, libc::AI_PASSIVE),
        (0x2, libc::AI_CANONNAME),
        (0x4, libc::AI_NUMERICHOST),
        (0x100, libc::AI_ALL),
        // AI_V4MAPPED_CFG: mapped addresses when the kernel has IPv6 (it does).
        (0x200, libc::AI_V4MAPPED),
        (0x400, libc::AI_ADDRCONFIG),
        (0x800, libc::AI_V4MAPPED),
        (0x1000, libc::AI_NUMERICSERV),
        // AI_UNUSABLE: glibc returns unusable addresses unless AI_ADDRCONFIG.
        (0x1000_0000, 0),
    ];
    let known = MAP.iter().fold(0, |a, (d, _)| a | d);
    if f & !known != 0 {
        return None;
    }
    Some(
        MAP.iter()
            .filter(|(d, _)| f & d != 0)
            .fold(0, |a, (_, l)| a | l),
    )
}

/// Copies bytes into a new `malloc` block (so the program may `free` it).
fn malloc_copy(b: &[u8]) -> *mut c_void {
    // SAFETY: plain allocation of at least one byte.
    let p = unsafe { libc::malloc(b.len().max(1)) };
    if !p.is_null() {
        // SAFETY: `p` has `b.len()` bytes.
        unsafe { core::ptr::copy_nonoverlapping(b.as_ptr(), p.cast::<u8>(), b.len()) };
    }
    p
}

/// darwin `freeaddrinfo`: every node, address and name is its own block.
///
/// # Safety
/// `ai` is a list from our `getaddrinfo` (or NULL).
unsafe extern "C" fn freeaddrinfo(mut ai: *mut AddrInfo) {
    while !ai.is_null() {
        // SAFETY: a node we allocated; its fields are ours or NULL.
        unsafe {
            let next = (*ai).next;
            libc::free((*ai).addr);
            libc::free((*ai).canonname.cast());
            libc::free(ai.cast());
            ai = next;
        }
    }
}

/// Converts glibc's list to darwin nodes, each carrying the request's
/// `ai_flags` as darwin's do; an error (the partial list freed) when memory
/// runs out.
///
/// # Safety
/// `l` is a list from glibc's `getaddrinfo`.
unsafe fn convert_list(mut l: *const libc::addrinfo, flags: c_int) -> Result<*mut AddrInfo, ()> {
    let mut head: *mut AddrInfo = core::ptr::null_mut();
    let mut tail: *mut *mut AddrInfo = &mut head;
    while !l.is_null() {
        // SAFETY: a node of glibc's list.
        let n = unsafe { &*l };
        l = n.ai_next;
        // SAFETY: `ai_addr` holds `ai_addrlen` bytes.
        let Some(d) = (unsafe { addr_to_darwin(n.ai_addr.cast(), n.ai_addrlen) }) else {
            continue;
        };
        let node = malloc_copy(&[0u8; size_of::<AddrInfo>()]).cast::<AddrInfo>();
        let addr = malloc_copy(&d.buf[..d.len]);
        let canon = if n.ai_canonname.is_null() {
            core::ptr::null_mut()
        } else {
            // SAFETY: glibc's C string.
            unsafe { libc::strdup(n.ai_canonname) }
        };
        if node.is_null() || addr.is_null() || (canon.is_null() && !n.ai_canonname.is_null()) {
            // SAFETY: freeing what we just allocated and the list so far.
            unsafe {
                libc::free(node.cast());
                libc::free(addr);
                libc::free(canon.cast());
                freeaddrinfo(head);
            }
            return Err(());
        }
        // SAFETY: `node` is a fresh block of the right size; `tail` points into our list.
        unsafe {
            *node = AddrInfo {
                flags,
                family: family_to_darwin(n.ai_family).unwrap_or(0),
                socktype: n.ai_socktype,
                protocol: n.ai_protocol,
                addrlen: d.len as socklen_t,
                canonname: canon,
                addr,
                next: core::ptr::null_mut(),
            };
            *tail = node;
            tail = &mut (*node).next;
        }
    }
    Ok(head)
}

/// # Safety
/// C strings or NULL; `hints` NULL or a darwin addrinfo; `res` writable.
unsafe extern "C" fn getaddrinfo(
    node: *const c_char,
    service: *const c_char,
    hints: *const AddrInfo,
    res: *mut *mut AddrInfo,
) -> c_int {
    // SAFETY: addrinfo is plain data.
    let mut lh: libc::addrinfo = unsafe { core::mem::zeroed() };
    let hp = if hints.is_null() {
        core::ptr::null()
    } else {
        // SAFETY: the caller's hints.
        let h = unsafe { &*hints };
        let Some(flags) = ai_flags_to_linux(h.flags) else {
            return eai::BADFLAGS;
        };
        let Some(fam) = family_to_linux(h.family).filter(|&f| f != libc::AF_UNIX) else {
            return eai::FAMILY;
        };
        lh.ai_flags = flags;
        lh.ai_family = fam;
        lh.ai_socktype = h.socktype;
        lh.ai_protocol = h.protocol;
        &lh as *const libc::addrinfo
    };
    let mut lres: *mut libc::addrinfo = core::ptr::null_mut();
    // SAFETY: forwarded strings; `hp` NULL or our hints.
    let r = unsafe { libc::getaddrinfo(node, service, hp, &mut lres) };
    if r != 0 {
        return eai_to_darwin(r);
    }
    let flags = if hints.is_null() {
        0
    } else {
        // SAFETY: the caller's hints (read above already).
        unsafe { (*hints).flags }
    };
    // SAFETY: glibc's list, freed right after conversion.
    let out = unsafe { convert_list(lres, flags) };
    // SAFETY: the list glibc gave us.
    unsafe { libc::freeaddrinfo(lres) };
    match out {
        Ok(head) => {
            // SAFETY: the caller's result slot.
            unsafe { *res = head };
            0
        }
        Err(()) => eai::MEMORY,
    }
}

/// darwin's `gai_strerror` texts (Libinfo).
extern "C" fn gai_strerror(e: c_int) -> *const c_char {
    let s: &'static core::ffi::CStr = match e {
        eai::ADDRFAMILY => c"Address family for nodename not supported",
        eai::AGAIN => c"Temporary failure in name resolution",
        eai::BADFLAGS => c"Invalid value for ai_flags",
        eai::FAIL => c"Non-recoverable failure in name resolution",
        eai::FAMILY => c"ai_family not supported",
        eai::MEMORY => c"Memory allocation failure",
        eai::NODATA => c"No address associated with nodename",
        eai::NONAME => c"nodename nor servname provided, or not known",
        eai::SERVICE => c"servname not supported for ai_socktype",
        eai::SOCKTYPE => c"ai_socktype not supported",
        eai::SYSTEM => c"System error",
        12 => c"Bad hints",
        13 => c"ai_protocol not supported",
        eai::OVERFLOW => c"argument buffer overflow",
        _ => c"Unknown error",
    };
    s.as_ptr()
}

/// darwin `NI_*` → glibc's (`NI_WITHSCOPEID`/`NI_NUMERICSCOPE` have no
/// glibc flag: glibc always appends the scope).
fn ni_flags_to_linux(f: c_int) -> c_int {
    const MAP: &[(c_int, c_int)] = &[
        (0x1, libc::NI_NOFQDN),
        (0x2, libc::NI_NUMERICHOST),
        (0x4, libc::NI_NAMEREQD),
        (0x8, libc::NI_NUMERICSERV),
        (0x10, libc::NI_DGRAM),
    ];
    MAP.iter()
        .filter(|(d, _)| f & d != 0)
        .fold(0, |a, (_, l)| a | l)
}

/// # Safety
/// `sa` holds `salen` bytes; buffers have their stated sizes.
unsafe extern "C" fn getnameinfo(
    sa: *const c_void,
    salen: socklen_t,
    host: *mut c_char,
    hostlen: socklen_t,
    serv: *mut c_char,
    servlen: socklen_t,
    flags: c_int,
) -> c_int {
    if sa.is_null() {
        return eai::FAIL;
    }
    // SAFETY: the caller's address.
    let fam = unsafe { *sa.cast::<u8>().add(1) };
    if fam != crate::kernel::socket::AF_INET && fam != crate::kernel::socket::AF_INET6 {
        return eai::FAMILY;
    }
    // SAFETY: the caller's address of `salen` bytes.
    let Ok(a) = (unsafe { addr_to_linux(sa, salen) }) else {
        return eai::FAMILY;
    };
    // SAFETY: forwarded buffers.
    let r = unsafe {
        libc::getnameinfo(
            a.ptr(),
            a.len,
            host,
            hostlen,
            serv,
            servlen,
            ni_flags_to_linux(flags),
        )
    };
    eai_to_darwin(r)
}

// ---- hostent ---------------------------------------------------------------

/// darwin's global `h_errno`.
static H_ERRNO: AtomicI32 = AtomicI32::new(0);

struct HostSlot {
    he: libc::hostent,
    buf: Vec<u8>,
}

thread_local! {
    static HOST: RefCell<HostSlot> = const { RefCell::new(HostSlot {
        he: libc::hostent {
            h_name: core::ptr::null_mut(),
            h_aliases: core::ptr::null_mut(),
            h_addrtype: 0,
            h_length: 0,
            h_addr_list: core::ptr::null_mut(),
        },
        buf: Vec::new(),
    }) };
}

type HostCall<'a> = &'a dyn Fn(
    *mut libc::hostent,
    *mut c_char,
    size_t,
    *mut *mut libc::hostent,
    *mut c_int,
) -> c_int;

/// Runs a glibc `*_r` host lookup into this thread's buffer, growing it on
/// `ERANGE`; sets `h_errno` on failure and gives darwin's `h_addrtype`.
fn host_lookup(call: HostCall) -> *mut c_void {
    HOST.with(|slot| {
        let mut s = slot.borrow_mut();
        let mut size = s.buf.len().max(1024);
        loop {
            s.buf.resize(size, 0);
            let mut result: *mut libc::hostent = core::ptr::null_mut();
            let mut herr: c_int = 0;
            let HostSlot { he, buf } = &mut *s;
            let r = call(he, buf.as_mut_ptr().cast(), size, &mut result, &mut herr);
            if r == libc::ERANGE && size < (1 << 22) {
                size *= 2;
                continue;
            }
            if result.is_null() {
                if herr == -1 {
                    crate::errno::set(crate::errno::linux_to_darwin(r));
                }
                H_ERRNO.store(if herr == 0 { 1 } else { herr }, Ordering::Relaxed);
                return core::ptr::null_mut();
            }
            he.h_addrtype = family_to_darwin(he.h_addrtype).unwrap_or(he.h_addrtype);
            return (he as *mut libc::hostent).cast();
        }
    })
}

fn bad_family() -> *mut c_void {
    H_ERRNO.store(-1, Ordering::Relaxed);
    crate::errno::set(EAFNOSUPPORT);
    core::ptr::null_mut()
}

/// # Safety
/// `name` is a C string.
unsafe extern "C" fn gethostbyname2(name: *const c_char, af: c_int) -> *mut c_void {
    let Some(l) = family_to_linux(af).filter(|&f| f == libc::AF_INET || f == libc::AF_INET6) else {
        return bad_family();
    };
    host_lookup(&|he, buf, len, res, herr| {
        // SAFETY: our buffer and hostent; the caller's name.
        unsafe { gethostbyname2_r(name, l, he, buf, len, res, herr) }
    })
}

/// # Safety
/// `name` is a C string.
unsafe extern "C" fn gethostbyname(name: *const c_char) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { gethostbyname2(name, 2) }
}

/// # Safety
/// `addr` holds `len` bytes.
unsafe extern "C" fn gethostbyaddr(addr: *const c_void, len: socklen_t, ty: c_int) -> *mut c_void {
    let Some(l) = family_to_linux(ty).filter(|&f| f == libc::AF_INET || f == libc::AF_INET6) else {
        return bad_family();
    };
    host_lookup(&|he, buf, blen, res, herr| {
        // SAFETY: our buffer and hostent; the caller's address.
        unsafe { gethostbyaddr_r(addr, len, l, he, buf, blen, res, herr) }
    })
}

extern "C" fn gethostent() -> *mut c_void {
    host_lookup(&|he, buf, len, res, herr| {
        // SAFETY: our buffer and hostent.
        unsafe { gethostent_r(he, buf, len, res, herr) }
    })
}

/// darwin `herror`: glibc's, reading darwin's `h_errno`.
///
/// # Safety
/// `s` is NULL or a C string.
unsafe extern "C" fn d_herror(s: *const c_char) {
    // SAFETY: glibc's per-thread slot; then the same message glibc prints.
    unsafe {
        *__h_errno_location() = H_ERRNO.load(Ordering::Relaxed);
        herror(s);
    }
}

// ---- getifaddrs ------------------------------------------------------------

/// darwin `struct ifaddrs`.
#[repr(C)]
struct IfAddrs {
    next: *mut IfAddrs,
    name: *mut c_char,
    flags: c_uint,
    addr: *mut c_void,
    netmask: *mut c_void,
    dstaddr: *mut c_void,
    data: *mut c_void,
}
const _: () = assert!(size_of::<IfAddrs>() == 56);
const _: () = assert!(offset_of!(IfAddrs, addr) == 24);

/// darwin `struct if_data` (`<net/if_var.h>`, `#pragma pack(4)`, 64-bit:
/// `ifi_lastchange` is a `timeval32`).
#[repr(C, packed(4))]
#[derive(Default, Clone, Copy)]
struct IfData {
    ty: u8,
    typelen: u8,
    physical: u8,
    addrlen: u8,
    hdrlen: u8,
    recvquota: u8,
    xmitquota: u8,
    unused1: u8,
    mtu: u32,
    metric: u32,
    baudrate: u32,
    ipackets: u32,
    ierrors: u32,
    opackets: u32,
    oerrors: u32,
    collisions: u32,
    ibytes: u32,
    obytes: u32,
    imcasts: u32,
    omcasts: u32,
    iqdrops: u32,
    noproto: u32,
    recvtiming: u32,
    xmittiming: u32,
    lastchange: [i32; 2],
    unused2: u32,
    hwassist: u32,
    reserved1: u32,
    reserved2: u32,
}
const _: () = assert!(size_of::<IfData>() == 96);
const _: () = assert!(offset_of!(IfData, ibytes) == 40);
const _: () = assert!(offset_of!(IfData, lastchange) == 72);

/// IANA ifType numbers used by darwin's `sdl_type`/`ifi_type`.
const IFT_OTHER: u8 = 1;
const IFT_ETHER: u8 = 6;
const IFT_LOOP: u8 = 24;
/// Linux `ARPHRD_*` (`<linux/if_arp.h>`).
const ARPHRD_ETHER: u16 = 1;
const ARPHRD_LOOPBACK: u16 = 772;

/// Linux `IFF_*` → darwin's: agree up to `IFF_ALLMULTI`; `IFF_MULTICAST`
/// is 0x1000 on Linux, 0x8000 on darwin.
fn if_flags_to_darwin(f: c_uint) -> c_uint {
    let mut d = f & 0x3ff;
    if f & libc::IFF_MULTICAST as c_uint != 0 {
        d |= 0x8000;
    }
    d
}

/// One darwin entry before it is laid out.
struct Entry {
    name: Vec<u8>,
    flags: c_uint,
    addr: Option<Vec<u8>>,
    netmask: Option<Vec<u8>>,
    dstaddr: Option<Vec<u8>>,
    data: Option<IfData>,
}

/// # Safety
/// `sa` NULL or a Linux sockaddr.
unsafe fn darwin_sa(sa: *const libc::sockaddr) -> Option<Vec<u8>> {
    if sa.is_null() {
        return None;
    }
    // SAFETY: a sockaddr from glibc; its family tells its size.
    let len = match unsafe { (*sa).sa_family } as c_int {
        libc::AF_INET => 16,
        libc::AF_INET6 => 28,
        _ => return None,
    };
    // SAFETY: as above.
    unsafe { addr_to_darwin(sa.cast(), len) }.map(|d| d.buf[..d.len].to_vec())
}

/// darwin `sockaddr_dl` from a Linux `AF_PACKET` address.
fn link_sa(name: &[u8], ll: &libc::sockaddr_ll) -> (Vec<u8>, u8) {
    let (ty, alen) = match ll.sll_hatype {
        ARPHRD_LOOPBACK => (IFT_LOOP, 0),
        ARPHRD_ETHER => (IFT_ETHER, ll.sll_halen.min(8) as usize),
        _ => (IFT_OTHER, ll.sll_halen.min(8) as usize),
    };
    let nlen = name.len().min(255 - 8 - alen);
    let len = (8 + nlen + alen).max(20);
    let mut v = vec![0u8; len];
    v[0] = len as u8;
    v[1] = crate::kernel::socket::AF_LINK;
    v[2..4].copy_from_slice(&(ll.sll_ifindex as u16).to_ne_bytes());
    v[4] = ty;
    v[5] = nlen as u8;
    v[6] = alen as u8;
    v[8..8 + nlen].copy_from_slice(&name[..nlen]);
    v[8 + nlen..8 + nlen + alen].copy_from_slice(&ll.sll_addr[..alen]);
    (v, ty)
}

fn if_mtu(name: &[u8]) -> u32 {
    let path = format!("/sys/class/net/{}/mtu", String::from_utf8_lossy(name));
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// # Safety
/// `out` is writable.
unsafe extern "C" fn getifaddrs(out: *mut *mut c_void) -> c_int {
    let mut l: *mut libc::ifaddrs = core::ptr::null_mut();
    // SAFETY: glibc fills `l`.
    if unsafe { libc::getifaddrs(&mut l) } != 0 {
        crate::errno::set_from_linux();
        return -1;
    }
    let mut links: Vec<Entry> = Vec::new();
    let mut addrs: Vec<Entry> = Vec::new();
    let mut p = l;
    while !p.is_null() {
        // SAFETY: a node of glibc's list.
        let n = unsafe { &*p };
        p = n.ifa_next;
        // SAFETY: glibc's C string.
        let name = unsafe { core::ffi::CStr::from_ptr(n.ifa_name) }
            .to_bytes()
            .to_vec();
        let flags = if_flags_to_darwin(n.ifa_flags);
        // SAFETY: NULL or glibc's sockaddr.
        let fam = (!n.ifa_addr.is_null()).then(|| unsafe { (*n.ifa_addr).sa_family } as c_int);
        if fam == Some(libc::AF_PACKET) {
            // SAFETY: an AF_PACKET address is a sockaddr_ll.
            let ll = unsafe { &*n.ifa_addr.cast::<libc::sockaddr_ll>() };
            let (sa, ty) = link_sa(&name, ll);
            let mut d = IfData {
                ty,
                addrlen: sa[6],
                hdrlen: if ty == IFT_ETHER { 14 } else { 0 },
                mtu: if_mtu(&name),
                ..Default::default()
            };
            if !n.ifa_data.is_null() {
                // SAFETY: glibc's AF_PACKET data is a `struct rtnl_link_stats` (u32s).
                let st = unsafe { core::slice::from_raw_parts(n.ifa_data.cast::<u32>(), 10) };
                d.ipackets = st[0];
                d.opackets = st[1];
                d.ibytes = st[2];
                d.obytes = st[3];
                d.ierrors = st[4];
                d.oerrors = st[5];
                d.iqdrops = st[6];
                d.imcasts = st[8];
                d.collisions = st[9];
            }
            links.push(Entry {
                name,
                flags,
                addr: Some(sa),
                netmask: None,
                dstaddr: None,
                data: Some(d),
            });
        } else if fam == Some(libc::AF_INET) || fam == Some(libc::AF_INET6) {
            // SAFETY: glibc's sockaddrs (or NULL).
            let (addr, netmask, dst) = unsafe {
                (
                    darwin_sa(n.ifa_addr),
                    darwin_sa(n.ifa_netmask),
                    darwin_sa(n.ifa_ifu),
                )
            };
            addrs.push(Entry {
                name,
                flags,
                addr,
                netmask,
                dstaddr: dst,
                data: None,
            });
        }
    }
    // SAFETY: the list glibc gave us.
    unsafe { libc::freeifaddrs(l) };
    // darwin order: each interface's link entry, then its addresses.
    let mut entries: Vec<Entry> = Vec::new();
    for link in links {
        let name = link.name.clone();
        entries.push(link);
        let (mine, rest): (Vec<Entry>, Vec<Entry>) =
            addrs.into_iter().partition(|a| a.name == name);
        entries.extend(mine);
        addrs = rest;
    }
    entries.extend(addrs);
    // SAFETY: `out` is the caller's.
    unsafe { *out = layout_ifaddrs(&entries) };
    // SAFETY: as above.
    if unsafe { *out }.is_null() && !entries.is_empty() {
        crate::errno::set(crate::errno::darwin::ENOMEM);
        return -1;
    }
    0
}

/// Lays the entries out in one `malloc` block: the nodes, then for each its
/// name, sockaddrs and data (8-byte aligned).
fn layout_ifaddrs(entries: &[Entry]) -> *mut c_void {
    if entries.is_empty() {
        return core::ptr::null_mut();
    }
    let align = |n: usize| (n + 7) & !7;
    let sa_len = |s: &Option<Vec<u8>>| s.as_ref().map_or(0, |v| align(v.len()));
    let mut total = entries.len() * size_of::<IfAddrs>();
    for e in entries {
        total += align(e.name.len() + 1)
            + sa_len(&e.addr)
            + sa_len(&e.netmask)
            + sa_len(&e.dstaddr)
            + if e.data.is_some() {
                align(size_of::<IfData>())
            } else {
                0
            };
    }
    // SAFETY: plain zeroed allocation.
    let base = unsafe { libc::calloc(1, total) }.cast::<u8>();
    if base.is_null() {
        return core::ptr::null_mut();
    }
    let nodes = base.cast::<IfAddrs>();
    let mut off = entries.len() * size_of::<IfAddrs>();
    // SAFETY: every write stays inside the `total` bytes counted above.
    unsafe {
        let mut put = |bytes: &[u8]| -> *mut c_void {
            let p = base.add(off);
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
            off += align(bytes.len());
            p.cast()
        };
        for (i, e) in entries.iter().enumerate() {
            let mut name = e.name.clone();
            name.push(0);
            let node = IfAddrs {
                next: if i + 1 < entries.len() {
                    nodes.add(i + 1)
                } else {
                    core::ptr::null_mut()
                },
                name: put(&name).cast(),
                flags: e.flags,
                addr: e.addr.as_deref().map_or(core::ptr::null_mut(), &mut put),
                netmask: e.netmask.as_deref().map_or(core::ptr::null_mut(), &mut put),
                dstaddr: e.dstaddr.as_deref().map_or(core::ptr::null_mut(), &mut put),
                data: e.data.as_ref().map_or(core::ptr::null_mut(), |d| {
                    put(core::slice::from_raw_parts(
                        (d as *const IfData).cast::<u8>(),
                        size_of::<IfData>(),
                    ))
                }),
            };
            nodes.add(i).write(node);
        }
    }
    base.cast()
}

/// # Safety
/// `p` is NULL or a list from our `getifaddrs` (one block).
unsafe extern "C" fn freeifaddrs(p: *mut c_void) {
    // SAFETY: the block `layout_ifaddrs` allocated.
    unsafe { libc::free(p) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_htons" => htons,
    func "_htonl" => htonl,
    func "_ntohs" => ntohs,
    func "_ntohl" => ntohl,
    data "_in6addr_any" => IN6ADDR_ANY,
    data "_in6addr_loopback" => IN6ADDR_LOOPBACK,
    data "_in6addr_nodelocal_allnodes" => IN6ADDR_NODELOCAL_ALLNODES,
    data "_in6addr_linklocal_allnodes" => IN6ADDR_LINKLOCAL_ALLNODES,
    data "_in6addr_linklocal_allrouters" => IN6ADDR_LINKLOCAL_ALLROUTERS,
    data "_in6addr_linklocal_allv2routers" => IN6ADDR_LINKLOCAL_ALLV2ROUTERS,
    func "_inet_pton" => d_inet_pton,
    func "_inet_ntop" => d_inet_ntop,
    host "_inet_addr" => inet_addr,
    host "_inet_aton" => inet_aton,
    host "_inet_ntoa" => inet_ntoa,
    host "_inet_network" => inet_network,
    host "_inet_makeaddr" => inet_makeaddr,
    host "_inet_lnaof" => inet_lnaof,
    host "_inet_netof" => inet_netof,
    func "_getaddrinfo" => getaddrinfo,
    func "_freeaddrinfo" => freeaddrinfo,
    func "_gai_strerror" => gai_strerror,
    func "_getnameinfo" => getnameinfo,
    data "_h_errno" => H_ERRNO,
    func "_gethostbyname" => gethostbyname,
    func "_gethostbyname2" => gethostbyname2,
    func "_gethostbyaddr" => gethostbyaddr,
    func "_gethostent" => gethostent,
    host "_sethostent" => sethostent,
    host "_endhostent" => endhostent,
    func "_herror" => d_herror,
    host "_hstrerror" => hstrerror,
    host "_getservbyname" => getservbyname,
    host "_getservbyport" => getservbyport,
    host "_getservent" => getservent,
    host "_setservent" => setservent,
    host "_endservent" => endservent,
    host "_getprotobyname" => getprotobyname,
    host "_getprotobynumber" => getprotobynumber,
    host "_getprotoent" => getprotoent,
    host "_setprotoent" => setprotoent,
    host "_endprotoent" => endprotoent,
    host "_if_nametoindex" => if_nametoindex,
    host "_if_indextoname" => if_indextoname,
    host "_if_nameindex" => if_nameindex,
    host "_if_freenameindex" => if_freenameindex,
    func "_getifaddrs" => getifaddrs,
    func "_freeifaddrs" => freeifaddrs,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ai_flags() {
        assert_eq!(
            ai_flags_to_linux(0x1 | 0x1000),
            Some(libc::AI_PASSIVE | libc::AI_NUMERICSERV)
        );
        assert_eq!(ai_flags_to_linux(0x8), None);
    }

    #[test]
    fn numeric_lookup() {
        // SAFETY: AddrInfo is plain data; NULL pointers are valid.
        let mut hints: AddrInfo = unsafe { core::mem::zeroed() };
        hints.flags = 0x4 | 0x1000;
        hints.family = 2;
        hints.socktype = 1;
        let mut res = core::ptr::null_mut();
        // SAFETY: C strings, our hints and result slot.
        let r = unsafe { getaddrinfo(c"127.0.0.1".as_ptr(), c"80".as_ptr(), &hints, &mut res) };
        assert_eq!(r, 0);
        // SAFETY: a list we just built.
        unsafe {
            assert_eq!((*res).family, 2);
            assert_eq!((*res).addrlen, 16);
            let a = (*res).addr.cast::<u8>();
            assert_eq!(
                core::slice::from_raw_parts(a, 8),
                &[16, 2, 0, 80, 127, 0, 0, 1]
            );
            freeaddrinfo(res);
        }
        // SAFETY: as above.
        let r = unsafe {
            getaddrinfo(
                c"not-a-number".as_ptr(),
                core::ptr::null(),
                &hints,
                &mut res,
            )
        };
        assert_eq!(r, eai::NONAME);
    }
}
