//! `syslog`/`vsyslog`/`openlog`/`closelog`/`setlogmask` (`<syslog.h>`).
//!
//! macOS sends syslog messages to its unified log (through ASL); here they
//! go to the host's syslog through glibc (`/dev/log`; dropped silently when
//! no daemon listens, as glibc does). What a program can observe is done
//! as on macOS:
//!
//! - the priority mask (`setlogmask`; 0 only reads it) filters messages
//!   before anything is written; like darwin's, it is reset to "everything"
//!   by `openlog` and by the first message after `closelog` (or without
//!   any `openlog`), and `closelog` forgets the options (`LOG_PERROR`);
//! - `%m` is replaced by `strerror(errno)` before formatting;
//! - with `LOG_PERROR` each message is also written to descriptor 2 in
//!   ASL's "std" format: `Mmm dd hh:mm:ss host ident[pid] <Level>: msg\n`
//!   (local time, `gethostname`, the `openlog` identity or the program
//!   name);
//! - `LOG_CONS` is not passed on: macOS never writes to the console.
//!
//! Facility and level numbers are the same on both systems (darwin's
//! extra facilities `LOG_NETINFO`...`LOG_LAUNCHD` are passed as numbers).

use crate::errno;
use libc::{c_char, c_int, c_void};
use std::ffi::CString;
use std::sync::Mutex;

const LOG_PRIMASK: c_int = 0x07;
const LOG_FACMASK: c_int = 0x03f8;
const LOG_USER: c_int = 1 << 3;
const LOG_CONS: c_int = 0x02;
const LOG_PERROR: c_int = 0x20;

struct State {
    /// `openlog`'s identity (kept alive: glibc keeps the pointer).
    ident: Option<CString>,
    /// The program name, once glibc was opened with it (no `openlog`).
    default_ident: Option<CString>,
    /// glibc's syslog was opened with our identity.
    host_open: bool,
    opts: c_int,
    facility: c_int,
    mask: c_int,
}

static STATE: Mutex<State> = Mutex::new(State {
    ident: None,
    default_ident: None,
    host_open: false,
    opts: 0,
    facility: LOG_USER,
    mask: 0xff,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// ASL's level names.
const LEVELS: [&str; 8] = [
    "Emergency",
    "Alert",
    "Critical",
    "Error",
    "Warning",
    "Notice",
    "Info",
    "Debug",
];

unsafe extern "C" fn openlog(ident: *const c_char, opts: c_int, facility: c_int) {
    let mut st = state();
    st.ident = if ident.is_null() {
        None
    } else {
        // SAFETY: the caller's C string (copied, as darwin does).
        Some(unsafe { core::ffi::CStr::from_ptr(ident) }.to_owned())
    };
    st.opts = opts;
    st.facility = if facility & LOG_FACMASK == 0 {
        LOG_USER
    } else {
        facility & LOG_FACMASK
    };
    st.mask = 0xff;
    let id = st.ident.as_ref().map_or(core::ptr::null(), |c| c.as_ptr());
    // SAFETY: `id` stays alive in STATE until the next openlog/closelog,
    // which call glibc's again first.
    unsafe { libc::openlog(id, opts & !(LOG_PERROR | LOG_CONS), st.facility) };
    st.host_open = true;
}

extern "C" fn closelog() {
    let mut st = state();
    // SAFETY: glibc forgets the identity pointer here.
    unsafe { libc::closelog() };
    st.ident = None;
    st.host_open = false;
    st.opts = 0;
    st.facility = LOG_USER;
}

extern "C" fn setlogmask(mask: c_int) -> c_int {
    let mut st = state();
    let old = st.mask;
    if mask != 0 {
        st.mask = mask;
    }
    old
}

/// Replaces each `%m` in `fmt` by `strerror(err)` (with `%` doubled).
fn expand_m(fmt: &[u8], err: c_int) -> Vec<u8> {
    let mut out = Vec::with_capacity(fmt.len() + 32);
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] == b'%' && i + 1 < fmt.len() {
            if fmt[i + 1] == b'm' {
                for b in crate::c::err::strerror_bytes(err) {
                    if b == b'%' {
                        out.push(b'%');
                    }
                    out.push(b);
                }
                i += 2;
                continue;
            }
            out.extend_from_slice(&fmt[i..i + 2]);
            i += 2;
            continue;
        }
        out.push(fmt[i]);
        i += 1;
    }
    out
}

/// The `LOG_PERROR` line.
fn std_line(ident: &[u8], level: usize, msg: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(msg.len() + 64);
    // SAFETY: plain libc calls on local buffers.
    unsafe {
        let now = libc::time(core::ptr::null_mut());
        let mut tm: libc::tm = core::mem::zeroed();
        libc::localtime_r(&now, &mut tm);
        let mut buf = [0u8; 64];
        let n = libc::strftime(
            buf.as_mut_ptr().cast(),
            buf.len(),
            c"%b %e %H:%M:%S".as_ptr(),
            &tm,
        );
        out.extend_from_slice(&buf[..n]);
        out.push(b' ');
        let mut host = [0u8; 256];
        if libc::gethostname(host.as_mut_ptr().cast(), host.len() - 1) == 0 {
            let len = host.iter().position(|&b| b == 0).unwrap_or(0);
            out.extend_from_slice(&host[..len]);
        }
        out.push(b' ');
        out.extend_from_slice(ident);
        out.extend_from_slice(format!("[{}] <{}>: ", libc::getpid(), LEVELS[level]).as_bytes());
    }
    out.extend_from_slice(msg);
    out.push(b'\n');
    out
}

/// `vsyslog(pri, fmt, ap)`.
#[no_mangle]
pub(crate) unsafe extern "C" fn calvados_syslog_vsyslog(
    pri: c_int,
    fmt: *const c_char,
    ap: *mut c_void,
) {
    let err = errno::get();
    let level = (pri & LOG_PRIMASK) as usize;
    let (mask, opts, facility, ident) = {
        let mut st = state();
        let ident = match &st.ident {
            Some(c) => c.as_bytes().to_vec(),
            None => crate::c::err::progname(),
        };
        if !st.host_open {
            // darwin opens its client here, with the mask reset.
            st.mask = 0xff;
            // Without openlog glibc would name the host process.
            let id = CString::new(ident.clone()).unwrap_or_default();
            // SAFETY: the identity is kept in STATE while glibc uses it.
            unsafe { libc::openlog(id.as_ptr(), 0, st.facility) };
            st.default_ident = Some(id);
            st.host_open = true;
        }
        (st.mask, st.opts, st.facility, ident)
    };
    if mask & (1 << level) == 0 || fmt.is_null() {
        return;
    }
    // SAFETY: the caller's format string.
    let fmt = expand_m(unsafe { core::ffi::CStr::from_ptr(fmt) }.to_bytes(), err);
    let Ok(cfmt) = CString::new(fmt) else {
        return;
    };
    let mut msg = Vec::new();
    // SAFETY: the caller's va_list matches its format (`%m` removed).
    let _ = unsafe { crate::c::stdio::printf::vformat(cfmt.as_ptr(), ap, &mut msg) };
    if msg.last() == Some(&b'\n') {
        msg.pop();
    }
    if opts & LOG_PERROR != 0 {
        let line = std_line(&ident, level, &msg);
        let mut done = 0;
        while done < line.len() {
            // SAFETY: writes our own buffer to descriptor 2.
            let n = unsafe { libc::write(2, line[done..].as_ptr().cast(), line.len() - done) };
            if n <= 0 {
                break;
            }
            done += n as usize;
        }
    }
    let fac = if pri & LOG_FACMASK == 0 {
        facility
    } else {
        pri & LOG_FACMASK
    };
    if let Ok(text) = CString::new(msg) {
        // SAFETY: a constant format and a C string.
        unsafe { libc::syslog(fac | level as c_int, c"%s".as_ptr(), text.as_ptr()) };
    }
    errno::set(err);
}

extern "C" {
    fn cvd_syslog(pri: c_int, fmt: *const c_char, ...);
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_syslog" => cvd_syslog,
    func "_syslog$DARWIN_EXTSN" => cvd_syslog,
    func "_vsyslog" => calvados_syslog_vsyslog,
    func "_openlog" => openlog,
    func "_closelog" => closelog,
    func "_setlogmask" => setlogmask,
};

#[cfg(test)]
mod tests {
    #[test]
    fn percent_m() {
        assert_eq!(
            super::expand_m(b"a %m b %%m %d", 2),
            b"a No such file or directory b %%m %d"
        );
    }
}
