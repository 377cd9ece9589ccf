//! Process identity: pids, users, `uname`.

use crate::identity;
use libc::{c_char, c_int};

/// darwin `struct utsname` (`<sys/utsname.h>`): five 256-byte strings.
#[repr(C)]
pub struct Utsname {
    pub sysname: [c_char; 256],
    pub nodename: [c_char; 256],
    pub release: [c_char; 256],
    pub version: [c_char; 256],
    pub machine: [c_char; 256],
}
const _: () = assert!(core::mem::size_of::<Utsname>() == 1280);
const _: () = assert!(core::mem::offset_of!(Utsname, machine) == 1024);

fn fill(dst: &mut [c_char; 256], src: &[u8]) {
    let n = src.len().min(255);
    for (d, s) in dst.iter_mut().zip(&src[..n]) {
        *d = *s as c_char;
    }
    dst[n] = 0;
}

/// `uname`: darwin's identity, the host's node name.
unsafe extern "C" fn uname(out: *mut Utsname) -> c_int {
    if out.is_null() {
        crate::errno::set(crate::errno::darwin::EFAULT);
        return -1;
    }
    // SAFETY: `out` points to a darwin utsname; `host` is ours.
    unsafe {
        let mut host: libc::utsname = core::mem::zeroed();
        libc::uname(&mut host);
        let node = core::ffi::CStr::from_ptr(host.nodename.as_ptr()).to_bytes();
        let out = &mut *out;
        fill(&mut out.sysname, identity::KERNEL_NAME.as_bytes());
        fill(&mut out.nodename, node);
        fill(&mut out.release, identity::KERNEL_RELEASE.as_bytes());
        fill(&mut out.version, identity::KERNEL_VERSION.as_bytes());
        fill(&mut out.machine, identity::MACHINE.as_bytes());
    }
    0
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_uname" => uname,
    host "_getpid" => libc::getpid,
    host "_getppid" => libc::getppid,
    host "_getuid" => libc::getuid,
    host "_geteuid" => libc::geteuid,
    host "_getgid" => libc::getgid,
    host "_getegid" => libc::getegid,
};
