//! Processes: identity (`uname`, pids, process groups, sessions, user ids),
//! `fork`, the `wait` family (darwin signal numbers in statuses, darwin
//! `WCONTINUED`/`siginfo_t`), `system`, what the process knows of itself
//! after an exec (path, argv), and `libproc` queries (`proc_pidpath`,
//! `proc_name`, `proc_pidinfo`) read from Linux's `/proc`.

use crate::errno::{self, darwin};
use crate::identity;
use libc::{c_char, c_int, c_void, pid_t};
use std::ffi::{CStr, CString};
use std::sync::OnceLock;

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

/// `issetugid`: whether the process started with changed privileges
/// (Linux's secure-execution flag).
extern "C" fn issetugid() -> c_int {
    // SAFETY: getauxval has no preconditions.
    (unsafe { libc::getauxval(libc::AT_SECURE) } != 0) as c_int
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_uname" => uname,
    host "_getpid" => libc::getpid,
    host "_getppid" => libc::getppid,
    host "_getuid" => libc::getuid,
    host "_geteuid" => libc::geteuid,
    host "_getgid" => libc::getgid,
    host "_getegid" => libc::getegid,
    // Process groups and sessions: same semantics; every errno they can
    // set (EPERM, ESRCH, EINVAL, EACCES) has the same value on darwin.
    host "_getpgrp" => libc::getpgrp,
    host "_getpgid" => libc::getpgid,
    host "_setpgid" => libc::setpgid,
    host "_getsid" => libc::getsid,
    host "_setsid" => libc::setsid,
    // User and group ids (EPERM, EINVAL only).
    host "_setuid" => libc::setuid,
    host "_seteuid" => libc::seteuid,
    host "_setgid" => libc::setgid,
    host "_setegid" => libc::setegid,
    host "_setreuid" => libc::setreuid,
    host "_setregid" => libc::setregid,
    func "_issetugid" => issetugid,
    // libproc
    func "_proc_pidpath" => proc_pidpath,
    func "_proc_name" => proc_name,
    func "_proc_pidinfo" => proc_pidinfo,
    func "_proc_listpids" => proc_listpids,
    func "_proc_listallpids" => proc_listallpids,
    func "_proc_listchildpids" => proc_listchildpids,
    func "_proc_listpgrppids" => proc_listpgrppids,
};

// --- what the process knows of itself ---------------------------------------

/// The running Mach-O program's exec-time facts, recorded by the loader.
struct ExecInfo {
    path: CString,
    argv: Vec<CString>,
    env: Vec<CString>,
}

static EXEC_INFO: OnceLock<ExecInfo> = OnceLock::new();

extern "C" {
    static mut environ: *mut *mut c_char;
}

/// Records the program's executable path and `argv` (and the environment it
/// started with), for `proc_pidpath`, `KERN_PROCARGS2` and `p_comm`.
/// Called once by the loader before the program runs.
pub fn set_exec_info(path: &str, args: &[&CStr]) {
    // SAFETY: `environ` is glibc's NULL-terminated environment.
    let env = unsafe { crate::kernel::exec::c_array(environ as *const *const c_char) };
    let info = ExecInfo {
        path: CString::new(path).unwrap_or_default(),
        argv: args.iter().map(|a| (*a).to_owned()).collect(),
        env: env.iter().map(|e| (*e).to_owned()).collect(),
    };
    let _ = EXEC_INFO.set(info);
}

/// darwin `MAXCOMLEN` (`<sys/param.h>`).
pub(crate) const MAXCOMLEN: usize = 16;

fn basename(p: &[u8]) -> &[u8] {
    p.rsplit(|&c| c == b'/').next().unwrap_or(p)
}

/// What `/proc` (and, for this process, the loader) says about a process.
#[derive(Default, Debug)]
pub(crate) struct ProcInfo {
    pub pid: pid_t,
    pub ppid: pid_t,
    pub pgid: pid_t,
    pub sid: pid_t,
    /// Linux `tty_nr` (0: none).
    pub tty_nr: u32,
    pub tpgid: pid_t,
    /// darwin `p_stat` (`SRUN`...).
    pub stat: u8,
    pub nice: i32,
    /// Start time (seconds, microseconds since the epoch).
    pub start: (i64, i64),
    /// (real, effective, saved) user and group ids.
    pub uid: [u32; 3],
    pub gid: [u32; 3],
    pub groups: Vec<u32>,
    /// darwin `p_comm`: the executable's file name (at most `MAXCOMLEN`).
    pub comm: Vec<u8>,
    /// The executable: the Mach-O file for a program run by Calvados.
    pub path: Vec<u8>,
    pub argv: Vec<Vec<u8>>,
    pub env: Vec<Vec<u8>>,
    pub nfiles: u32,
}

/// darwin process states (`<sys/proc.h>`).
const SRUN: u8 = 2;
const SSLEEP: u8 = 3;
const SSTOP: u8 = 4;
const SZOMB: u8 = 5;

fn split_nul(b: &[u8]) -> Vec<Vec<u8>> {
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    if b.is_empty() {
        return Vec::new();
    }
    b.split(|&c| c == 0).map(<[u8]>::to_vec).collect()
}

/// Boot time in microseconds since the epoch.
pub(crate) fn boot_time_us() -> i64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut up = now;
    // SAFETY: both are writable timespecs.
    unsafe {
        libc::clock_gettime(libc::CLOCK_REALTIME, &mut now);
        libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut up);
    }
    (now.tv_sec - up.tv_sec) * 1_000_000 + (now.tv_nsec - up.tv_nsec) / 1000
}

/// For a process running `calvados run [--argv0 A] [--] PATH ARGS...`:
/// the Mach-O path and the program's argv.
fn calvados_command(cmd: &[Vec<u8>]) -> Option<(Vec<u8>, Vec<Vec<u8>>)> {
    if cmd.get(1).map(Vec::as_slice) != Some(b"run") {
        return None;
    }
    let mut i = 2;
    let mut argv0 = None;
    loop {
        match cmd.get(i).map(Vec::as_slice) {
            Some(b"--argv0") => {
                argv0 = Some(cmd.get(i + 1)?.clone());
                i += 2;
            }
            Some(b"--") => {
                i += 1;
                break;
            }
            _ => break,
        }
    }
    let path = cmd.get(i)?.clone();
    let mut argv = cmd[i..].to_vec();
    if let Some(a0) = argv0 {
        argv[0] = a0;
    }
    Some((path, argv))
}

/// Reads a process's information; `None` when it does not exist (ESRCH).
pub(crate) fn proc_info(pid: pid_t) -> Option<ProcInfo> {
    let dir = format!("/proc/{pid}");
    let stat = std::fs::read(format!("{dir}/stat")).ok()?;
    let close = stat.iter().rposition(|&c| c == b')')?;
    let open = stat.iter().position(|&c| c == b'(')?;
    let kcomm = stat[open + 1..close].to_vec();
    let fields: Vec<&[u8]> = stat[close + 1..]
        .split(|&c| c == b' ')
        .filter(|f| !f.is_empty())
        .collect();
    let num = |i: usize| -> i64 {
        fields
            .get(i)
            .and_then(|f| std::str::from_utf8(f).ok())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    // fields[0] is the state; field N of proc(5) is fields[N - 3].
    let state = fields
        .first()
        .and_then(|f| f.first())
        .copied()
        .unwrap_or(b'R');
    let mut info = ProcInfo {
        pid,
        ppid: num(1) as pid_t,
        pgid: num(2) as pid_t,
        sid: num(3) as pid_t,
        tty_nr: num(4) as u32,
        tpgid: num(5) as pid_t,
        stat: match state {
            b'R' => SRUN,
            b'T' | b't' => SSTOP,
            b'Z' | b'X' => SZOMB,
            _ => SSLEEP,
        },
        nice: num(16) as i32,
        ..Default::default()
    };
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1);
    let start_us = boot_time_us() + num(19) * 1_000_000 / hz;
    info.start = (start_us / 1_000_000, start_us % 1_000_000);
    if let Ok(status) = std::fs::read_to_string(format!("{dir}/status")) {
        for line in status.lines() {
            let ids = |l: &str| -> Vec<u32> {
                l.split_whitespace()
                    .filter_map(|w| w.parse().ok())
                    .collect()
            };
            if let Some(r) = line.strip_prefix("Uid:") {
                let v = ids(r);
                info.uid = [v.first(), v.get(1), v.get(2)].map(|x| x.copied().unwrap_or(0));
            } else if let Some(r) = line.strip_prefix("Gid:") {
                let v = ids(r);
                info.gid = [v.first(), v.get(1), v.get(2)].map(|x| x.copied().unwrap_or(0));
            } else if let Some(r) = line.strip_prefix("Groups:") {
                info.groups = ids(r);
            }
        }
    }
    info.nfiles = std::fs::read_dir(format!("{dir}/fd")).map_or(0, |d| d.count() as u32);
    // SAFETY: getpid has no preconditions.
    let me = pid == unsafe { libc::getpid() };
    match EXEC_INFO.get().filter(|_| me) {
        Some(e) => {
            info.path = e.path.to_bytes().to_vec();
            info.argv = e.argv.iter().map(|a| a.to_bytes().to_vec()).collect();
            info.env = e.env.iter().map(|a| a.to_bytes().to_vec()).collect();
        }
        None => {
            let cmd = split_nul(&std::fs::read(format!("{dir}/cmdline")).unwrap_or_default());
            info.env = split_nul(&std::fs::read(format!("{dir}/environ")).unwrap_or_default());
            let exe = std::fs::read_link(format!("{dir}/exe")).ok();
            let ours = std::fs::read_link("/proc/self/exe").ok();
            let calvados = exe.is_some() && exe == ours && EXEC_INFO.get().is_some();
            match calvados.then(|| calvados_command(&cmd)).flatten() {
                Some((path, argv)) => {
                    info.path = absolute(&path, pid);
                    info.argv = argv;
                }
                None => {
                    use std::os::unix::ffi::OsStrExt;
                    info.path = exe
                        .map(|p| p.as_os_str().as_bytes().to_vec())
                        .unwrap_or_default();
                    info.argv = cmd;
                }
            }
        }
    }
    info.comm = if info.path.is_empty() {
        kcomm
    } else {
        basename(&info.path).to_vec()
    };
    info.comm.truncate(MAXCOMLEN);
    Some(info)
}

/// `p` made absolute against the process's working directory.
fn absolute(p: &[u8], pid: pid_t) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    if p.starts_with(b"/") {
        return p.to_vec();
    }
    match std::fs::read_link(format!("/proc/{pid}/cwd")) {
        Ok(cwd) => {
            let mut v = cwd.as_os_str().as_bytes().to_vec();
            v.push(b'/');
            v.extend_from_slice(p.strip_prefix(b"./").unwrap_or(p));
            v
        }
        Err(_) => p.to_vec(),
    }
}

/// Whether `pid` names a process (ESRCH otherwise, EINVAL for negatives).
fn check_pid(pid: c_int) -> bool {
    if pid < 0 {
        errno::set(darwin::EINVAL);
        return false;
    }
    true
}

/// `proc_pidpath(pid, buf, size)`: the executable's absolute path; the
/// length copied, or 0 with errno (`ESRCH`, `ENOMEM` for a short buffer).
unsafe extern "C" fn proc_pidpath(pid: c_int, buf: *mut c_void, size: u32) -> c_int {
    if !check_pid(pid) {
        return 0;
    }
    let Some(info) = proc_info(pid) else {
        errno::set(darwin::ESRCH);
        return 0;
    };
    let path = info.path;
    if path.is_empty() {
        errno::set(darwin::ESRCH);
        return 0;
    }
    if buf.is_null() || (size as usize) < path.len() + 1 {
        errno::set(darwin::ENOMEM);
        return 0;
    }
    // SAFETY: `buf` holds `size` bytes, more than the path and its NUL.
    unsafe {
        core::ptr::copy_nonoverlapping(path.as_ptr(), buf.cast::<u8>(), path.len());
        *buf.cast::<u8>().add(path.len()) = 0;
    }
    path.len() as c_int
}

/// `proc_name(pid, buf, size)`: the process's `p_comm`; its length, or 0.
unsafe extern "C" fn proc_name(pid: c_int, buf: *mut c_void, size: u32) -> c_int {
    if !check_pid(pid) {
        return 0;
    }
    let Some(info) = proc_info(pid) else {
        errno::set(darwin::ESRCH);
        return 0;
    };
    if buf.is_null() || size == 0 {
        errno::set(darwin::ENOMEM);
        return 0;
    }
    let n = info.comm.len().min(size as usize - 1);
    // SAFETY: `buf` holds `size` bytes, more than `n`.
    unsafe {
        core::ptr::copy_nonoverlapping(info.comm.as_ptr(), buf.cast::<u8>(), n);
        *buf.cast::<u8>().add(n) = 0;
    }
    n as c_int
}

/// darwin `struct proc_bsdinfo` (`<sys/proc_info.h>`).
#[repr(C)]
struct ProcBsdInfo {
    flags: u32,
    status: u32,
    xstatus: u32,
    pid: u32,
    ppid: u32,
    uid: u32,
    gid: u32,
    ruid: u32,
    rgid: u32,
    svuid: u32,
    svgid: u32,
    rfu_1: u32,
    comm: [u8; MAXCOMLEN],
    name: [u8; 2 * MAXCOMLEN],
    nfiles: u32,
    pgid: u32,
    pjobc: u32,
    tdev: u32,
    tpgid: u32,
    nice: i32,
    start_tvsec: u64,
    start_tvusec: u64,
}
const _: () = assert!(core::mem::size_of::<ProcBsdInfo>() == 136);
const _: () = assert!(core::mem::offset_of!(ProcBsdInfo, comm) == 48);
const _: () = assert!(core::mem::offset_of!(ProcBsdInfo, nfiles) == 96);
const _: () = assert!(core::mem::offset_of!(ProcBsdInfo, start_tvsec) == 120);

/// darwin `struct proc_bsdshortinfo`.
#[repr(C)]
struct ProcBsdShortInfo {
    pid: u32,
    ppid: u32,
    pgid: u32,
    status: u32,
    comm: [u8; MAXCOMLEN],
    flags: u32,
    uid: u32,
    gid: u32,
    ruid: u32,
    rgid: u32,
    svuid: u32,
    svgid: u32,
    rfu: u32,
}
const _: () = assert!(core::mem::size_of::<ProcBsdShortInfo>() == 64);
const _: () = assert!(core::mem::offset_of!(ProcBsdShortInfo, flags) == 32);

/// `PROC_PIDTBSDINFO`, `PROC_PIDT_SHORTBSDINFO`, `PROC_PIDPATHINFO`.
const PROC_PIDTBSDINFO: c_int = 3;
const PROC_PIDPATHINFO: c_int = 11;
const PROC_PIDT_SHORTBSDINFO: c_int = 13;
/// `PROC_FLAG_*`.
const PROC_FLAG_LP64: u32 = 0x10;
const PROC_FLAG_SLEADER: u32 = 0x20;
const PROC_FLAG_CTTY: u32 = 0x40;
const PROC_FLAG_CONTROLT: u32 = 0x80;

/// Linux `tty_nr` → darwin `dev_t` (major << 24 | minor); `NODEV` when none.
pub(crate) fn tty_dev(tty_nr: u32) -> u32 {
    if tty_nr == 0 {
        return u32::MAX;
    }
    let major = (tty_nr >> 8) & 0xfff;
    let minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xf_ff00);
    (major << 24) | (minor & 0xff_ffff)
}

fn copy_name(dst: &mut [u8], src: &[u8]) {
    let n = src.len().min(dst.len() - 1);
    dst[..n].copy_from_slice(&src[..n]);
}

/// `proc_pidinfo` for the BSD-info and path flavors: bytes written, or 0
/// with errno (`ESRCH`, `ENOMEM` for a short buffer, `EINVAL` otherwise).
unsafe extern "C" fn proc_pidinfo(
    pid: c_int,
    flavor: c_int,
    _arg: u64,
    buf: *mut c_void,
    size: c_int,
) -> c_int {
    if !check_pid(pid) {
        return 0;
    }
    let need = match flavor {
        PROC_PIDTBSDINFO => core::mem::size_of::<ProcBsdInfo>(),
        PROC_PIDT_SHORTBSDINFO => core::mem::size_of::<ProcBsdShortInfo>(),
        // SAFETY: forwarded contract.
        PROC_PIDPATHINFO => return unsafe { proc_pidpath(pid, buf, size.max(0) as u32) },
        _ => {
            errno::set(darwin::EINVAL);
            return 0;
        }
    };
    let Some(p) = proc_info(pid) else {
        errno::set(darwin::ESRCH);
        return 0;
    };
    if buf.is_null() || (size as usize) < need {
        errno::set(darwin::ENOMEM);
        return 0;
    }
    let mut flags = PROC_FLAG_LP64;
    if p.sid == p.pid {
        flags |= PROC_FLAG_SLEADER;
    }
    if p.tty_nr != 0 {
        flags |= PROC_FLAG_CTTY | PROC_FLAG_CONTROLT;
    }
    if flavor == PROC_PIDTBSDINFO {
        let mut out = ProcBsdInfo {
            flags,
            status: p.stat as u32,
            xstatus: 0,
            pid: p.pid as u32,
            ppid: p.ppid as u32,
            uid: p.uid[1],
            gid: p.gid[1],
            ruid: p.uid[0],
            rgid: p.gid[0],
            svuid: p.uid[2],
            svgid: p.gid[2],
            rfu_1: 0,
            comm: [0; MAXCOMLEN],
            name: [0; 2 * MAXCOMLEN],
            nfiles: p.nfiles,
            pgid: p.pgid as u32,
            pjobc: 0,
            tdev: tty_dev(p.tty_nr),
            tpgid: p.tpgid.max(0) as u32,
            nice: p.nice,
            start_tvsec: p.start.0 as u64,
            start_tvusec: p.start.1 as u64,
        };
        copy_name(&mut out.comm, &p.comm);
        let name = basename(&p.path);
        copy_name(&mut out.name, if name.is_empty() { &p.comm } else { name });
        // SAFETY: `buf` holds at least `need` bytes.
        unsafe { buf.cast::<ProcBsdInfo>().write_unaligned(out) };
    } else {
        let mut out = ProcBsdShortInfo {
            pid: p.pid as u32,
            ppid: p.ppid as u32,
            pgid: p.pgid as u32,
            status: p.stat as u32,
            comm: [0; MAXCOMLEN],
            flags,
            uid: p.uid[1],
            gid: p.gid[1],
            ruid: p.uid[0],
            rgid: p.gid[0],
            svuid: p.uid[2],
            svgid: p.gid[2],
            rfu: 0,
        };
        copy_name(&mut out.comm, &p.comm);
        // SAFETY: `buf` holds at least `need` bytes.
        unsafe { buf.cast::<ProcBsdShortInfo>().write_unaligned(out) };
    }
    need as c_int
}

/// Every pid in `/proc`, ascending.
pub(crate) fn all_pids() -> Vec<pid_t> {
    let mut v: Vec<pid_t> = std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    v.sort_unstable();
    v
}

/// `proc_listpids` filters (`<sys/proc_info.h>`).
const PROC_ALL_PIDS: u32 = 1;
const PROC_PGRP_ONLY: u32 = 2;
const PROC_UID_ONLY: u32 = 4;
const PROC_RUID_ONLY: u32 = 5;
const PROC_PPID_ONLY: u32 = 6;

/// `proc_listpids(type, typeinfo, buf, size)`: the matching pids as
/// `int`s; bytes written (or, with a NULL buffer, bytes needed).
unsafe extern "C" fn proc_listpids(kind: u32, info: u32, buf: *mut c_void, size: c_int) -> c_int {
    let pids: Vec<pid_t> = match kind {
        PROC_ALL_PIDS => all_pids(),
        PROC_PGRP_ONLY | PROC_UID_ONLY | PROC_RUID_ONLY | PROC_PPID_ONLY => all_pids()
            .into_iter()
            .filter(|&p| {
                proc_info(p).is_some_and(|i| match kind {
                    PROC_PGRP_ONLY => i.pgid as u32 == info,
                    PROC_UID_ONLY => i.uid[1] == info,
                    PROC_RUID_ONLY => i.uid[0] == info,
                    _ => i.ppid as u32 == info,
                })
            })
            .collect(),
        _ => {
            errno::set(darwin::EINVAL);
            return -1;
        }
    };
    let bytes = pids.len() * 4;
    if buf.is_null() {
        return bytes as c_int;
    }
    let n = pids.len().min(size.max(0) as usize / 4);
    // SAFETY: `buf` holds `size` bytes, at least `n` ints.
    unsafe { core::ptr::copy_nonoverlapping(pids.as_ptr(), buf.cast::<pid_t>(), n) };
    (n * 4) as c_int
}

unsafe extern "C" fn proc_listallpids(buf: *mut c_void, size: c_int) -> c_int {
    // SAFETY: forwarded contract.
    let r = unsafe { proc_listpids(PROC_ALL_PIDS, 0, buf, size) };
    if r > 0 {
        r / 4
    } else {
        r
    }
}

unsafe extern "C" fn proc_listchildpids(ppid: pid_t, buf: *mut c_void, size: c_int) -> c_int {
    // SAFETY: forwarded contract.
    let r = unsafe { proc_listpids(PROC_PPID_ONLY, ppid as u32, buf, size) };
    if r > 0 {
        r / 4
    } else {
        r
    }
}

unsafe extern "C" fn proc_listpgrppids(pgid: pid_t, buf: *mut c_void, size: c_int) -> c_int {
    // SAFETY: forwarded contract.
    let r = unsafe { proc_listpids(PROC_PGRP_ONLY, pgid as u32, buf, size) };
    if r > 0 {
        r / 4
    } else {
        r
    }
}

// --- fork and wait ------------------------------------------------------------

/// `fork`: the child inherits the whole process, loader included.
extern "C" fn fork() -> pid_t {
    // SAFETY: fork has no memory-safety preconditions here.
    errno::check(unsafe { libc::fork() })
}

/// darwin wait options (`<sys/wait.h>`).
const WNOHANG: c_int = 0x1;
const WUNTRACED: c_int = 0x2;
const WEXITED: c_int = 0x4;
const WSTOPPED: c_int = 0x8;
const WCONTINUED: c_int = 0x10;
const WNOWAIT: c_int = 0x20;

/// darwin `waitpid`/`wait4` options → Linux's; `None` for unknown bits.
fn wait_options(o: c_int) -> Option<c_int> {
    if o & !(WNOHANG | WUNTRACED | WCONTINUED) != 0 {
        return None;
    }
    let mut l = o & (WNOHANG | WUNTRACED);
    if o & WCONTINUED != 0 {
        l |= libc::WCONTINUED;
    }
    Some(l)
}

/// A Linux wait status in darwin's encoding: signal numbers translated, and
/// "continued" as darwin's stop code for `SIGCONT` (`WIFCONTINUED`).
pub(crate) fn status_to_darwin(st: c_int) -> c_int {
    if st == 0xffff {
        return (crate::kernel::signal::to_darwin(libc::SIGCONT) << 8) | 0x7f;
    }
    crate::kernel::signal::wait_status_to_darwin(st)
}

/// A Linux `rusage` in darwin's units (same layout; `ru_maxrss` in bytes
/// rather than kilobytes, macOS getrusage(2)).
pub(crate) fn rusage_to_darwin(r: &mut libc::rusage) {
    r.ru_maxrss = r.ru_maxrss.saturating_mul(1024);
}

unsafe fn wait_common(
    pid: pid_t,
    status: *mut c_int,
    options: c_int,
    usage: *mut libc::rusage,
) -> pid_t {
    let Some(opts) = wait_options(options) else {
        errno::set(darwin::EINVAL);
        return -1;
    };
    let mut st = 0;
    // SAFETY: `ru` is ours; `st` is ours.
    let mut ru: libc::rusage = unsafe { core::mem::zeroed() };
    // SAFETY: `st` and `ru` are writable.
    let r = unsafe { libc::wait4(pid, &mut st, opts, &mut ru) };
    if r < 0 {
        errno::set_from_linux();
        return r;
    }
    // SAFETY: `status`/`usage` are NULL or the caller's objects.
    unsafe {
        if r > 0 && !status.is_null() {
            *status = status_to_darwin(st);
        }
        if !usage.is_null() {
            if r > 0 {
                rusage_to_darwin(&mut ru);
                *usage = ru;
            } else {
                *usage = core::mem::zeroed();
            }
        }
    }
    r
}

/// `waitpid` with darwin options and status encoding.
unsafe extern "C" fn waitpid(pid: pid_t, status: *mut c_int, options: c_int) -> pid_t {
    // SAFETY: forwarded contract.
    unsafe { wait_common(pid, status, options, core::ptr::null_mut()) }
}

unsafe extern "C" fn wait(status: *mut c_int) -> pid_t {
    // SAFETY: forwarded contract.
    unsafe { wait_common(-1, status, 0, core::ptr::null_mut()) }
}

/// `wait4` with the child's resource usage (darwin `struct rusage`).
unsafe extern "C" fn wait4(
    pid: pid_t,
    status: *mut c_int,
    options: c_int,
    usage: *mut libc::rusage,
) -> pid_t {
    // SAFETY: forwarded contract.
    unsafe { wait_common(pid, status, options, usage) }
}

unsafe extern "C" fn wait3(status: *mut c_int, options: c_int, usage: *mut libc::rusage) -> pid_t {
    // SAFETY: forwarded contract.
    unsafe { wait_common(-1, status, options, usage) }
}

/// darwin `siginfo_t` (`<sys/signal.h>`): 104 bytes.
#[repr(C)]
struct DarwinSiginfo {
    signo: c_int,
    errno: c_int,
    code: c_int,
    pid: pid_t,
    uid: u32,
    status: c_int,
    addr: usize,
    value: usize,
    band: i64,
    pad: [u64; 7],
}
const _: () = assert!(core::mem::size_of::<DarwinSiginfo>() == 104);
const _: () = assert!(core::mem::offset_of!(DarwinSiginfo, status) == 20);
const _: () = assert!(core::mem::offset_of!(DarwinSiginfo, addr) == 24);

/// `waitid(idtype, id, info, options)`: `P_ALL`/`P_PID`/`P_PGID` agree with
/// Linux; options and the `siginfo_t` are darwin's.
unsafe extern "C" fn waitid(
    idtype: c_int,
    id: libc::id_t,
    info: *mut DarwinSiginfo,
    options: c_int,
) -> c_int {
    if options & !(WNOHANG | WEXITED | WSTOPPED | WCONTINUED | WNOWAIT) != 0 || idtype > 2 {
        errno::set(darwin::EINVAL);
        return -1;
    }
    let mut l = options & (WNOHANG | WEXITED);
    for (d, lx) in [
        (WSTOPPED, libc::WSTOPPED),
        (WCONTINUED, libc::WCONTINUED),
        (WNOWAIT, libc::WNOWAIT),
    ] {
        if options & d != 0 {
            l |= lx;
        }
    }
    let idtype = match idtype {
        0 => libc::P_ALL,
        1 => libc::P_PID,
        _ => libc::P_PGID,
    };
    // SAFETY: `si` is ours and zeroed (Linux leaves it zero with WNOHANG
    // and no child ready).
    let mut si: libc::siginfo_t = unsafe { core::mem::zeroed() };
    // SAFETY: `si` is writable.
    if unsafe { libc::waitid(idtype, id, &mut si, l) } != 0 {
        errno::set_from_linux();
        return -1;
    }
    if info.is_null() {
        return 0;
    }
    let sig = crate::kernel::signal::to_darwin;
    // SAFETY: `si` was filled by waitid for a SIGCHLD (or left zero).
    let (pid, uid, st) = unsafe { (si.si_pid(), si.si_uid(), si.si_status()) };
    let code = si.si_code;
    let out = DarwinSiginfo {
        signo: sig(si.si_signo),
        errno: 0,
        code,
        pid,
        uid,
        // CLD_EXITED (1) carries an exit code; the others a signal.
        status: if code == libc::CLD_EXITED || si.si_signo == 0 {
            st
        } else {
            sig(st)
        },
        addr: 0,
        value: 0,
        band: 0,
        pad: [0; 7],
    };
    // SAFETY: `info` is the caller's darwin siginfo_t.
    unsafe { info.write(out) };
    0
}

/// `system(command)`: `/bin/sh -c command` with `SIGCHLD` blocked and
/// `SIGINT`/`SIGQUIT` ignored while waiting (system(3)); the darwin wait
/// status, 127 as exit code when the shell cannot run, or, for a NULL
/// command, whether a shell exists.
unsafe extern "C" fn system(command: *const c_char) -> c_int {
    let sh = c"/bin/sh";
    if command.is_null() {
        // SAFETY: a C string.
        return (unsafe { libc::access(sh.as_ptr(), libc::X_OK) } == 0) as c_int;
    }
    // SAFETY: signal set-up on our own structures; the child only execs or
    // exits; `command` is the caller's C string.
    unsafe {
        let mut ign: libc::sigaction = core::mem::zeroed();
        ign.sa_sigaction = libc::SIG_IGN;
        let mut old_int: libc::sigaction = core::mem::zeroed();
        let mut old_quit: libc::sigaction = core::mem::zeroed();
        libc::sigaction(libc::SIGINT, &ign, &mut old_int);
        libc::sigaction(libc::SIGQUIT, &ign, &mut old_quit);
        let mut chld: libc::sigset_t = core::mem::zeroed();
        let mut old_mask: libc::sigset_t = core::mem::zeroed();
        libc::sigemptyset(&mut chld);
        libc::sigaddset(&mut chld, libc::SIGCHLD);
        libc::pthread_sigmask(libc::SIG_BLOCK, &chld, &mut old_mask);
        let restore = || {
            libc::sigaction(libc::SIGINT, &old_int, core::ptr::null_mut());
            libc::sigaction(libc::SIGQUIT, &old_quit, core::ptr::null_mut());
            libc::pthread_sigmask(libc::SIG_SETMASK, &old_mask, core::ptr::null_mut());
        };
        let argv: [*const c_char; 4] = [c"sh".as_ptr(), c"-c".as_ptr(), command, core::ptr::null()];
        let pid = libc::fork();
        if pid == 0 {
            restore();
            crate::kernel::exec::execve_path(
                sh,
                argv.as_ptr(),
                crate::kernel::exec::current_environ(),
            );
            libc::_exit(127);
        }
        if pid < 0 {
            errno::set_from_linux();
            restore();
            return -1;
        }
        let mut st = 0;
        let r = loop {
            let r = libc::waitpid(pid, &mut st, 0);
            if r >= 0 || errno::get() != libc::EINTR {
                break r;
            }
        };
        let e = errno::get();
        restore();
        if r < 0 {
            errno::set(errno::linux_to_darwin(e));
            return -1;
        }
        status_to_darwin(st)
    }
}

pub(crate) static FORK_EXPORTS: &[crate::Export] = crate::exports! {
    func "_fork" => fork,
    // vfork is a fork: the child gets a copy instead of borrowing the
    // parent's memory, which every correct use of vfork (exec or _exit
    // next) cannot tell apart.
    func "_vfork" => fork,
    func "_waitpid" => waitpid,
    func "_waitpid$NOCANCEL" => waitpid,
    func "_wait" => wait,
    func "_wait$NOCANCEL" => wait,
    func "_wait3" => wait3,
    func "_wait4" => wait4,
    func "_waitid" => waitid,
    func "_waitid$NOCANCEL" => waitid,
    func "_system" => system,
    func "_system$NOCANCEL" => system,
};

// --- ptrace, getpeereid, proc_pid_rusage --------------------------------------

// darwin ptrace requests (<sys/ptrace.h>).
const PT_TRACE_ME: c_int = 0;
const PT_CONTINUE: c_int = 7;
const PT_KILL: c_int = 8;
const PT_STEP: c_int = 9;
const PT_DETACH: c_int = 11;
const PT_DENY_ATTACH: c_int = 31;

/// Whether a tracer is attached (`TracerPid` in `/proc/self/status`).
fn traced() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("TracerPid:"))
                .map(|v| v.trim() != "0")
        })
        .unwrap_or(false)
}

/// `ptrace(request, pid, addr, data)` for the requests that have a Linux
/// equivalent: `PT_TRACE_ME`, `PT_CONTINUE`/`PT_STEP` (darwin's `addr`
/// 1 means "where it stopped", `data` is a darwin signal), `PT_KILL`,
/// `PT_DETACH`, and `PT_DENY_ATTACH` (ptrace(2): a traced caller exits
/// with status `ENOTSUP`; otherwise later attaches are refused, here by
/// making the process non-dumpable, which stops tracers without
/// `CAP_SYS_PTRACE`). Reads/writes of memory and registers go through Mach
/// on darwin too and are refused (`EINVAL`).
unsafe extern "C" fn ptrace(req: c_int, pid: pid_t, addr: *mut c_void, data: c_int) -> c_int {
    let r = match req {
        PT_DENY_ATTACH => {
            if traced() {
                // SAFETY: ending the process, as darwin does.
                unsafe { libc::_exit(darwin::ENOTSUP) };
            }
            // SAFETY: prctl with integer arguments.
            unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) }
        }
        // SAFETY: plain ptrace requests on the caller's behalf.
        PT_TRACE_ME => unsafe { libc::ptrace(libc::PTRACE_TRACEME, 0, 0, 0) as c_int },
        PT_CONTINUE | PT_STEP => {
            if addr as usize != 1 {
                // Resuming at another address needs the thread state (Mach).
                errno::set(darwin::EINVAL);
                return -1;
            }
            let op = if req == PT_STEP {
                libc::PTRACE_SINGLESTEP
            } else {
                libc::PTRACE_CONT
            };
            let sig = crate::kernel::signal::to_linux(data);
            // SAFETY: as above.
            unsafe { libc::ptrace(op, pid, 0, sig as libc::c_long) as c_int }
        }
        // SAFETY: as above.
        PT_KILL => unsafe { libc::ptrace(libc::PTRACE_KILL, pid, 0, 0) as c_int },
        PT_DETACH => {
            let sig = crate::kernel::signal::to_linux(data);
            // SAFETY: as above.
            unsafe { libc::ptrace(libc::PTRACE_DETACH, pid, 0, sig as libc::c_long) as c_int }
        }
        _ => {
            errno::set(darwin::EINVAL);
            return -1;
        }
    };
    errno::check(r)
}

/// `getpeereid(fd, &uid, &gid)`: the credentials of the peer of a
/// connected Unix-domain socket (`SO_PEERCRED`).
unsafe extern "C" fn getpeereid(fd: c_int, uid: *mut libc::uid_t, gid: *mut libc::gid_t) -> c_int {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = core::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: a local ucred and its length.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if r != 0 {
        errno::set_from_linux();
        return -1;
    }
    // Linux answers for an unconnected socket with the "no peer" ids.
    if cred.pid == 0 && cred.uid == u32::MAX {
        errno::set(crate::errno::linux_to_darwin(libc::ENOTCONN));
        return -1;
    }
    // SAFETY: the caller's out-parameters.
    unsafe {
        *uid = cred.uid;
        *gid = cred.gid;
    }
    0
}

/// `rusage_info_v6` (`<sys/resource.h>`): a 16-byte UUID and 56 64-bit
/// counters; earlier versions are prefixes of it.
#[repr(C)]
struct RusageInfo {
    uuid: [u8; 16],
    v: [u64; 56],
}
const _: () = assert!(core::mem::size_of::<RusageInfo>() == 464);
/// Bytes of `rusage_info_v0` .. `v6`.
const RUSAGE_SIZES: [usize; 7] = [96, 144, 160, 232, 296, 304, 464];

// Counter indices (offset = 16 + 8 * index).
const RI_USER_TIME: usize = 0;
const RI_SYSTEM_TIME: usize = 1;
const RI_PAGEINS: usize = 4;
const RI_WIRED_SIZE: usize = 5;
const RI_RESIDENT_SIZE: usize = 6;
const RI_PHYS_FOOTPRINT: usize = 7;
const RI_PROC_START_ABSTIME: usize = 8;
const RI_CHILD_USER_TIME: usize = 10;
const RI_CHILD_SYSTEM_TIME: usize = 11;
const RI_CHILD_PAGEINS: usize = 14;
const RI_DISKIO_BYTESREAD: usize = 16;
const RI_DISKIO_BYTESWRITTEN: usize = 17;
const RI_LOGICAL_WRITES: usize = 27;
const RI_LIFETIME_MAX_PHYS_FOOTPRINT: usize = 28;
const RI_RUNNABLE_TIME: usize = 34;

/// `proc_pid_rusage(pid, flavor, buffer)`: resource usage of a live
/// process from `/proc/<pid>/{stat,status,io,schedstat}`. Times are in
/// `mach_absolute_time` units (nanoseconds here); sizes in bytes.
/// Counters Linux does not keep (wake-ups, energy, QoS buckets) are 0.
unsafe extern "C" fn proc_pid_rusage(pid: c_int, flavor: c_int, buf: *mut c_void) -> c_int {
    let Some(&size) = usize::try_from(flavor)
        .ok()
        .and_then(|f| RUSAGE_SIZES.get(f))
    else {
        errno::set(darwin::EINVAL);
        return -1;
    };
    let dir = format!("/proc/{pid}");
    let Ok(stat) = std::fs::read(format!("{dir}/stat")) else {
        errno::set(darwin::ESRCH);
        return -1;
    };
    let mut ri = RusageInfo {
        uuid: [0; 16],
        v: [0; 56],
    };
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    let ticks_ns = |t: u64| t.saturating_mul(1_000_000_000 / hz);
    if let Some(close) = stat.iter().rposition(|&c| c == b')') {
        let f: Vec<u64> = stat[close + 1..]
            .split(|&c| c == b' ')
            .filter(|f| !f.is_empty())
            .map(|f| {
                std::str::from_utf8(f)
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0)
            })
            .collect();
        // proc(5) field N is f[N - 3].
        let at = |n: usize| f.get(n - 3).copied().unwrap_or(0);
        ri.v[RI_PAGEINS] = at(12);
        ri.v[RI_CHILD_PAGEINS] = at(13);
        ri.v[RI_USER_TIME] = ticks_ns(at(14));
        ri.v[RI_SYSTEM_TIME] = ticks_ns(at(15));
        ri.v[RI_CHILD_USER_TIME] = ticks_ns(at(16));
        ri.v[RI_CHILD_SYSTEM_TIME] = ticks_ns(at(17));
        ri.v[RI_PROC_START_ABSTIME] = ticks_ns(at(22));
    }
    let kib = |s: &str, key: &str| -> u64 {
        s.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
            * 1024
    };
    if let Ok(s) = std::fs::read_to_string(format!("{dir}/status")) {
        ri.v[RI_RESIDENT_SIZE] = kib(&s, "VmRSS:");
        ri.v[RI_WIRED_SIZE] = kib(&s, "VmLck:");
        // darwin's footprint: the process's own dirty memory.
        ri.v[RI_PHYS_FOOTPRINT] = kib(&s, "RssAnon:") + kib(&s, "RssShmem:") + kib(&s, "VmSwap:");
        ri.v[RI_LIFETIME_MAX_PHYS_FOOTPRINT] = kib(&s, "VmHWM:");
    }
    if let Ok(s) = std::fs::read_to_string(format!("{dir}/io")) {
        let n = |key: &str| -> u64 {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0)
        };
        ri.v[RI_DISKIO_BYTESREAD] = n("read_bytes:");
        ri.v[RI_DISKIO_BYTESWRITTEN] = n("write_bytes:");
        ri.v[RI_LOGICAL_WRITES] = n("wchar:");
    }
    if let Ok(s) = std::fs::read_to_string(format!("{dir}/schedstat")) {
        let mut f = s.split_whitespace().map(|v| v.parse::<u64>().unwrap_or(0));
        let on_cpu = f.next().unwrap_or(0);
        ri.v[RI_RUNNABLE_TIME] = f.next().unwrap_or(0);
        // The tick counts in `stat` are 10 ms samples, so a short burst
        // of work reads as zero; split the scheduler's exact on-CPU time
        // in their ratio instead, as the kernel does for getrusage.
        let (user, system) = split_cpu_time(on_cpu, ri.v[RI_USER_TIME], ri.v[RI_SYSTEM_TIME]);
        if user + system > 0 {
            ri.v[RI_USER_TIME] = user;
            ri.v[RI_SYSTEM_TIME] = system;
        }
    }
    // SAFETY: the caller's buffer holds the requested flavor's struct,
    // which is a prefix of ours.
    unsafe {
        core::ptr::copy_nonoverlapping((&ri as *const RusageInfo).cast::<u8>(), buf.cast(), size)
    };
    0
}

/// Divides `total` nanoseconds of CPU time between user and system in the
/// ratio of the sampled `user`/`system` times (all user when neither was
/// sampled yet).
fn split_cpu_time(total: u64, user: u64, system: u64) -> (u64, u64) {
    let sampled = user as u128 + system as u128;
    if sampled == 0 {
        return (total, 0);
    }
    let u = (total as u128 * user as u128 / sampled) as u64;
    (u, total - u)
}

/// `ptrace`, `getpeereid`, `proc_pid_rusage`.
pub(crate) static TRACE_EXPORTS: &[crate::Export] = crate::exports! {
    func "_ptrace" => ptrace,
    func "_getpeereid" => getpeereid,
    func "_proc_pid_rusage" => proc_pid_rusage,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_split() {
        assert_eq!(split_cpu_time(1000, 0, 0), (1000, 0));
        assert_eq!(split_cpu_time(1000, 30, 10), (750, 250));
        assert_eq!(split_cpu_time(7, 0, 5), (0, 7));
    }

    #[test]
    fn statuses() {
        assert_eq!(status_to_darwin(3 << 8), 3 << 8);
        assert_eq!(status_to_darwin(libc::SIGUSR1), 30);
        assert_eq!(status_to_darwin(0xffff), 0x137f);
        assert_eq!(status_to_darwin((libc::SIGSTOP << 8) | 0x7f), 0x117f);
        assert_eq!(
            wait_options(WCONTINUED | WNOHANG),
            Some(libc::WCONTINUED | 1)
        );
        assert_eq!(wait_options(0x40), None);
    }

    #[test]
    fn calvados_commands() {
        let v = |s: &[&str]| s.iter().map(|a| a.as_bytes().to_vec()).collect::<Vec<_>>();
        let (p, a) =
            calvados_command(&v(&["calvados", "run", "--argv0", "x", "--", "/p", "1"])).unwrap();
        assert_eq!(p, b"/p");
        assert_eq!(a, v(&["x", "1"]));
        let (p, a) = calvados_command(&v(&["calvados", "run", "/q", "--", "2"])).unwrap();
        assert_eq!(p, b"/q");
        assert_eq!(a, v(&["/q", "--", "2"]));
        assert!(calvados_command(&v(&["calvados", "check", "/q"])).is_none());
    }

    #[test]
    fn own_info() {
        // SAFETY: getpid has no preconditions.
        let me = unsafe { libc::getpid() };
        let i = proc_info(me).unwrap();
        assert_eq!(i.pid, me);
        // SAFETY: as above.
        assert_eq!(i.ppid, unsafe { libc::getppid() });
        // The main thread may be asleep waiting for this test thread.
        assert!(i.stat == SRUN || i.stat == SSLEEP);
        assert_eq!(tty_dev(0), u32::MAX);
        assert_eq!(tty_dev(0x8801), (136 << 24) | 1);
    }
}
