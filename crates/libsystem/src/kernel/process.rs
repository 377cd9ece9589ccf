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

/// `fork`: the child inherits the whole process, loader included.
extern "C" fn fork() -> libc::pid_t {
    // SAFETY: fork has no memory-safety preconditions here.
    crate::errno::check(unsafe { libc::fork() })
}

/// `waitpid` with the signal numbers in the status translated to darwin's.
/// darwin `WNOHANG` 1 / `WUNTRACED` 2 equal Linux's.
unsafe extern "C" fn waitpid(pid: libc::pid_t, status: *mut c_int, options: c_int) -> libc::pid_t {
    let mut st = 0;
    // SAFETY: `st` is ours.
    let r = unsafe { libc::waitpid(pid, &mut st, options & 3) };
    if r < 0 {
        crate::errno::set_from_linux();
    } else if r > 0 && !status.is_null() {
        // SAFETY: `status` is the caller's int.
        unsafe { *status = crate::kernel::signal::wait_status_to_darwin(st) };
    }
    r
}

unsafe extern "C" fn wait(status: *mut c_int) -> libc::pid_t {
    // SAFETY: forwarded contract.
    unsafe { waitpid(-1, status, 0) }
}

pub(crate) static FORK_EXPORTS: &[crate::Export] = crate::exports! {
    func "_fork" => fork,
    func "_vfork" => fork,
    func "_waitpid" => waitpid,
    func "_waitpid$NOCANCEL" => waitpid,
    func "_wait" => wait,
    func "_wait$NOCANCEL" => wait,
};
