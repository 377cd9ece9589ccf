//! darwin's batch datagram calls `recvmsg_x` and `sendmsg_x` (private;
//! XNU's `sys/socket_private.h`), on Linux's `recvmsg` and `sendmmsg`.
//!
//! - `recvmsg_x(s, msgp, cnt, flags)` fills up to `cnt` entries, one
//!   datagram each (`msg_datalen` = its length, the sender's address in
//!   `msg_name` in darwin layout), returns the count; it waits only for the
//!   first, takes the rest while they are pending, and stops after a
//!   truncated one (`MSG_TRUNC` in its `msg_flags`). Ancillary data is not
//!   delivered (`msg_control` must be NULL).
//! - `sendmsg_x(s, msgp, cnt, flags)` sends each entry's iovec as one
//!   datagram on a connected socket (no address, no ancillary data, as XNU
//!   requires) and returns how many were sent.
//!
//! `flags` may only hold `MSG_DONTWAIT` (0x80).

use crate::errno::{self, darwin};
use libc::{c_int, c_void, iovec, socklen_t, ssize_t};

/// `struct msghdr_x`.
#[repr(C)]
pub struct MsghdrX {
    msg_name: *mut c_void,
    msg_namelen: socklen_t,
    msg_iov: *mut iovec,
    msg_iovlen: c_int,
    msg_control: *mut c_void,
    msg_controllen: socklen_t,
    msg_flags: c_int,
    msg_datalen: usize,
}
const _: () = assert!(core::mem::size_of::<MsghdrX>() == 56);
const _: () = assert!(core::mem::offset_of!(MsghdrX, msg_iov) == 16);
const _: () = assert!(core::mem::offset_of!(MsghdrX, msg_control) == 32);
const _: () = assert!(core::mem::offset_of!(MsghdrX, msg_flags) == 44);
const _: () = assert!(core::mem::offset_of!(MsghdrX, msg_datalen) == 48);

const MSG_DONTWAIT: c_int = 0x80;
/// darwin `MSG_TRUNC`.
const MSG_TRUNC: c_int = 0x10;
/// `UIO_MAXIOV`: the most entries one call takes.
const UIO_MAXIOV: u32 = 1024;

fn einval() -> ssize_t {
    errno::set(darwin::EINVAL);
    -1
}

/// `recvmsg_x(s, msgp, cnt, flags)`.
unsafe extern "C" fn recvmsg_x(s: c_int, msgp: *mut MsghdrX, cnt: u32, flags: c_int) -> ssize_t {
    if msgp.is_null() || cnt == 0 || cnt > UIO_MAXIOV || flags & !MSG_DONTWAIT != 0 {
        return einval();
    }
    // SAFETY: the caller's array of `cnt` entries.
    let msgs = unsafe { core::slice::from_raw_parts_mut(msgp, cnt as usize) };
    if msgs
        .iter()
        .any(|m| !m.msg_control.is_null() && m.msg_controllen != 0)
    {
        return einval();
    }
    let mut got = 0usize;
    for m in msgs.iter_mut() {
        // SAFETY: sockaddr_storage is plain bytes.
        let mut from: libc::sockaddr_storage = unsafe { core::mem::zeroed() };
        // SAFETY: an all-zero msghdr is valid.
        let mut h: libc::msghdr = unsafe { core::mem::zeroed() };
        h.msg_name = (&mut from as *mut libc::sockaddr_storage).cast();
        h.msg_namelen = core::mem::size_of::<libc::sockaddr_storage>() as socklen_t;
        h.msg_iov = m.msg_iov;
        h.msg_iovlen = m.msg_iovlen.max(0) as usize;
        let lflags = if got == 0 && flags & MSG_DONTWAIT == 0 {
            0
        } else {
            libc::MSG_DONTWAIT
        };
        // SAFETY: the caller's iovecs, our own name buffer.
        let n = unsafe { libc::recvmsg(s, &mut h, lflags) };
        if n < 0 {
            if got == 0 {
                errno::set_from_linux();
                return -1;
            }
            break; // nothing more pending
        }
        m.msg_datalen = n as usize;
        m.msg_flags = if h.msg_flags & libc::MSG_TRUNC != 0 {
            MSG_TRUNC
        } else {
            0
        };
        if !m.msg_name.is_null() {
            // SAFETY: the address recvmsg just stored, `msg_namelen` bytes.
            let d = unsafe { crate::kernel::socket::addr_to_darwin(h.msg_name, h.msg_namelen) };
            let n = d.as_ref().map_or(0, |d| d.len.min(m.msg_namelen as usize));
            if let Some(d) = d {
                // SAFETY: the caller's buffer holds `msg_namelen` bytes.
                unsafe { core::ptr::copy_nonoverlapping(d.buf.as_ptr(), m.msg_name.cast(), n) };
            }
            m.msg_namelen = n as socklen_t;
        }
        m.msg_controllen = 0;
        got += 1;
        if m.msg_flags & MSG_TRUNC != 0 {
            break;
        }
    }
    got as ssize_t
}

/// `sendmsg_x(s, msgp, cnt, flags)`.
unsafe extern "C" fn sendmsg_x(s: c_int, msgp: *const MsghdrX, cnt: u32, flags: c_int) -> ssize_t {
    if msgp.is_null() || cnt == 0 || cnt > UIO_MAXIOV || flags & !MSG_DONTWAIT != 0 {
        return einval();
    }
    // SAFETY: the caller's array of `cnt` entries.
    let msgs = unsafe { core::slice::from_raw_parts(msgp, cnt as usize) };
    if msgs.iter().any(|m| {
        !m.msg_name.is_null()
            || m.msg_namelen != 0
            || !m.msg_control.is_null()
            || m.msg_controllen != 0
    }) {
        return einval();
    }
    let mut v: Vec<libc::mmsghdr> = msgs
        .iter()
        .map(|m| {
            // SAFETY: an all-zero mmsghdr is valid.
            let mut h: libc::mmsghdr = unsafe { core::mem::zeroed() };
            h.msg_hdr.msg_iov = m.msg_iov;
            h.msg_hdr.msg_iovlen = m.msg_iovlen.max(0) as usize;
            h
        })
        .collect();
    let lflags = if flags & MSG_DONTWAIT != 0 {
        libc::MSG_DONTWAIT
    } else {
        0
    };
    // SAFETY: headers pointing at the caller's iovecs.
    let n = unsafe { libc::sendmmsg(s, v.as_mut_ptr(), cnt, lflags) };
    if n < 0 {
        errno::set_from_linux();
        return -1;
    }
    n as ssize_t
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_recvmsg_x" => recvmsg_x,
    func "_sendmsg_x" => sendmsg_x,
};
