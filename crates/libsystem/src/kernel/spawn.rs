//! `posix_spawn` with darwin attributes and file actions (`<spawn.h>`,
//! `<sys/spawn.h>`). darwin's `posix_spawnattr_t` and
//! `posix_spawn_file_actions_t` are pointers to opaque objects, so their
//! layout is ours: `init` allocates, `destroy` frees.
//!
//! The child is a `fork` that applies the attributes and file actions in
//! order and then takes the `exec` path of `exec.rs`, so a Mach-O target
//! re-enters Calvados. An error before the exec travels back on a
//! close-on-exec pipe and becomes `posix_spawn`'s result, as on darwin
//! (where the kernel does all of this in one call); the failed child is
//! reaped. `POSIX_SPAWN_SETEXEC` runs the same steps in the calling process
//! (if the exec then fails, the attributes and file actions already applied
//! stay applied: darwin does it all in one system call).
//! `POSIX_SPAWN_START_SUSPENDED` (a suspended Mach task) is `ENOTSUP`;
//! other flag bits are ignored.

use crate::errno::{self, darwin};
use crate::kernel::exec;
use crate::kernel::signal;
use libc::{c_char, c_int, c_short, pid_t};
use std::ffi::{CStr, CString};

/// darwin `POSIX_SPAWN_*` flags (`<sys/spawn.h>`).
const RESETIDS: c_short = 0x0001;
const SETPGROUP: c_short = 0x0002;
const SETSIGDEF: c_short = 0x0004;
const SETSIGMASK: c_short = 0x0008;
const SETEXEC: c_short = 0x0040;
const START_SUSPENDED: c_short = 0x0080;
const SETSID: c_short = 0x0400;
const CLOEXEC_DEFAULT: c_short = 0x4000;

/// darwin `OPEN_MAX` (`<sys/syslimits.h>`): the file-action fd bound.
const OPEN_MAX: c_int = 10240;

/// The object behind a darwin `posix_spawnattr_t`.
#[derive(Default, Clone)]
pub(crate) struct Attr {
    flags: c_short,
    pgroup: pid_t,
    /// darwin `sigset_t`s.
    sigmask: u32,
    sigdefault: u32,
    /// `posix_spawnattr_setbinpref_np` CPU types (darwin keeps up to 4).
    binpref: Vec<c_int>,
}

/// One file action, applied in the order added.
#[derive(Clone)]
pub(crate) enum Action {
    Open {
        fd: c_int,
        path: CString,
        /// darwin `O_*` flags.
        oflag: c_int,
        mode: libc::mode_t,
    },
    Close(c_int),
    Dup2(c_int, c_int),
    Inherit(c_int),
    Chdir(CString),
    Fchdir(c_int),
}

/// The object behind a darwin `posix_spawn_file_actions_t`.
#[derive(Default, Clone)]
pub(crate) struct Actions(Vec<Action>);

pub(crate) type AttrT = *mut Attr;
pub(crate) type ActionsT = *mut Actions;

// --- attributes ---------------------------------------------------------------

/// Returns the attribute object, or `EINVAL` for an uninitialised one.
///
/// # Safety
/// `a` is NULL or points to a `posix_spawnattr_t`.
unsafe fn attr<'a>(a: *const AttrT) -> Result<&'a mut Attr, c_int> {
    // SAFETY: `a` is NULL or the caller's posix_spawnattr_t; a non-NULL
    // object pointer came from `posix_spawnattr_init`.
    unsafe {
        if a.is_null() || (*a).is_null() {
            return Err(darwin::EINVAL);
        }
        Ok(&mut **a)
    }
}

unsafe extern "C" fn posix_spawnattr_init(a: *mut AttrT) -> c_int {
    if a.is_null() {
        return darwin::EINVAL;
    }
    // SAFETY: `a` is the caller's posix_spawnattr_t.
    unsafe { *a = Box::into_raw(Box::default()) };
    0
}

unsafe extern "C" fn posix_spawnattr_destroy(a: *mut AttrT) -> c_int {
    // SAFETY: `a` is NULL or the caller's posix_spawnattr_t; its object came
    // from `Box::into_raw` in init.
    unsafe {
        if a.is_null() || (*a).is_null() {
            return darwin::EINVAL;
        }
        drop(Box::from_raw(*a));
        *a = core::ptr::null_mut();
    }
    0
}

/// Defines a getter and a setter of one plain attribute field.
macro_rules! attr_field {
    ($get:ident, $set:ident, $field:ident, $ty:ty) => {
        unsafe extern "C" fn $set(a: *mut AttrT, v: $ty) -> c_int {
            // SAFETY: forwarded contract.
            match unsafe { attr(a) } {
                Ok(x) => {
                    x.$field = v;
                    0
                }
                Err(e) => e,
            }
        }
        unsafe extern "C" fn $get(a: *const AttrT, out: *mut $ty) -> c_int {
            if out.is_null() {
                return darwin::EINVAL;
            }
            // SAFETY: forwarded contract; `out` is the caller's.
            match unsafe { attr(a) } {
                Ok(x) => {
                    unsafe { *out = x.$field };
                    0
                }
                Err(e) => e,
            }
        }
    };
}

attr_field!(
    posix_spawnattr_getflags,
    posix_spawnattr_setflags,
    flags,
    c_short
);
attr_field!(
    posix_spawnattr_getpgroup,
    posix_spawnattr_setpgroup,
    pgroup,
    pid_t
);

unsafe extern "C" fn posix_spawnattr_setsigmask(a: *mut AttrT, s: *const u32) -> c_int {
    // SAFETY: forwarded contract; `s` is the caller's darwin sigset_t.
    match unsafe { attr(a) } {
        Ok(x) if !s.is_null() => {
            x.sigmask = unsafe { *s };
            0
        }
        Ok(_) => darwin::EINVAL,
        Err(e) => e,
    }
}

unsafe extern "C" fn posix_spawnattr_getsigmask(a: *const AttrT, s: *mut u32) -> c_int {
    // SAFETY: forwarded contract; `s` is the caller's darwin sigset_t.
    match unsafe { attr(a) } {
        Ok(x) if !s.is_null() => {
            unsafe { *s = x.sigmask };
            0
        }
        Ok(_) => darwin::EINVAL,
        Err(e) => e,
    }
}

unsafe extern "C" fn posix_spawnattr_setsigdefault(a: *mut AttrT, s: *const u32) -> c_int {
    // SAFETY: forwarded contract; `s` is the caller's darwin sigset_t.
    match unsafe { attr(a) } {
        Ok(x) if !s.is_null() => {
            x.sigdefault = unsafe { *s };
            0
        }
        Ok(_) => darwin::EINVAL,
        Err(e) => e,
    }
}

unsafe extern "C" fn posix_spawnattr_getsigdefault(a: *const AttrT, s: *mut u32) -> c_int {
    // SAFETY: forwarded contract; `s` is the caller's darwin sigset_t.
    match unsafe { attr(a) } {
        Ok(x) if !s.is_null() => {
            unsafe { *s = x.sigdefault };
            0
        }
        Ok(_) => darwin::EINVAL,
        Err(e) => e,
    }
}

/// darwin keeps at most `NBINPREFS` (4) preferences.
const NBINPREFS: usize = 4;
/// `CPU_TYPE_ANY` and `CPU_TYPE_X86_64` (`<mach/machine.h>`).
const CPU_TYPE_ANY: c_int = -1;
const CPU_TYPE_X86_64: c_int = 0x0100_0007;

/// `posix_spawnattr_setbinpref_np(attr, count, prefs, &copied)`: the CPU
/// types a spawned Mach-O file may run as; only x86_64 exists here, so a
/// list without x86_64 (or `CPU_TYPE_ANY`) makes a Mach-O target fail
/// with `EBADARCH`.
unsafe extern "C" fn posix_spawnattr_setbinpref_np(
    a: *mut AttrT,
    count: usize,
    prefs: *const c_int,
    copied: *mut usize,
) -> c_int {
    // SAFETY: forwarded contract; `prefs` holds `count` cpu types.
    match unsafe { attr(a) } {
        Ok(x) => {
            let n = count.min(NBINPREFS);
            x.binpref = if prefs.is_null() {
                Vec::new()
            } else {
                unsafe { core::slice::from_raw_parts(prefs, n) }.to_vec()
            };
            // A 0 ends the list, as in darwin.
            if let Some(i) = x.binpref.iter().position(|&c| c == 0) {
                x.binpref.truncate(i);
            }
            if !copied.is_null() {
                unsafe { *copied = x.binpref.len() };
            }
            0
        }
        Err(e) => e,
    }
}

unsafe extern "C" fn posix_spawnattr_getbinpref_np(
    a: *const AttrT,
    count: usize,
    prefs: *mut c_int,
    copied: *mut usize,
) -> c_int {
    // SAFETY: forwarded contract; `prefs` has room for `count` cpu types.
    match unsafe { attr(a) } {
        Ok(x) => {
            let n = count.min(x.binpref.len());
            if !prefs.is_null() {
                unsafe { core::ptr::copy_nonoverlapping(x.binpref.as_ptr(), prefs, n) };
            }
            if !copied.is_null() {
                unsafe { *copied = n };
            }
            0
        }
        Err(e) => e,
    }
}

// --- file actions -------------------------------------------------------------

pub(crate) unsafe extern "C" fn posix_spawn_file_actions_init(fa: *mut ActionsT) -> c_int {
    if fa.is_null() {
        return darwin::EINVAL;
    }
    // SAFETY: `fa` is the caller's posix_spawn_file_actions_t.
    unsafe { *fa = Box::into_raw(Box::default()) };
    0
}

pub(crate) unsafe extern "C" fn posix_spawn_file_actions_destroy(fa: *mut ActionsT) -> c_int {
    // SAFETY: `fa` is NULL or the caller's object pointer, from init.
    unsafe {
        if fa.is_null() || (*fa).is_null() {
            return darwin::EINVAL;
        }
        drop(Box::from_raw(*fa));
        *fa = core::ptr::null_mut();
    }
    0
}

/// Appends an action after darwin's checks (`EBADF` for a descriptor
/// outside `0..OPEN_MAX`).
///
/// # Safety
/// `fa` is NULL or a `posix_spawn_file_actions_t`.
unsafe fn add(fa: *mut ActionsT, fds: &[c_int], a: Action) -> c_int {
    // SAFETY: `fa` is NULL or the caller's object pointer, from init.
    unsafe {
        if fa.is_null() || (*fa).is_null() {
            return darwin::EINVAL;
        }
        if fds.iter().any(|&fd| !(0..OPEN_MAX).contains(&fd)) {
            return darwin::EBADF;
        }
        (**fa).0.push(a);
    }
    0
}

unsafe extern "C" fn posix_spawn_file_actions_addopen(
    fa: *mut ActionsT,
    fd: c_int,
    path: *const c_char,
    oflag: c_int,
    mode: libc::mode_t,
) -> c_int {
    if path.is_null() {
        return darwin::EINVAL;
    }
    // SAFETY: `path` is the caller's C string (copied now, as darwin does).
    let path = unsafe { CStr::from_ptr(path) }.to_owned();
    // SAFETY: forwarded contract.
    unsafe {
        add(
            fa,
            &[fd],
            Action::Open {
                fd,
                path,
                oflag,
                mode,
            },
        )
    }
}

pub(crate) unsafe extern "C" fn posix_spawn_file_actions_addclose(
    fa: *mut ActionsT,
    fd: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { add(fa, &[fd], Action::Close(fd)) }
}

pub(crate) unsafe extern "C" fn posix_spawn_file_actions_adddup2(
    fa: *mut ActionsT,
    fd: c_int,
    newfd: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { add(fa, &[fd, newfd], Action::Dup2(fd, newfd)) }
}

/// `addinherit_np(fd)`: the descriptor survives the exec (its
/// `FD_CLOEXEC` is cleared), even under `POSIX_SPAWN_CLOEXEC_DEFAULT`.
unsafe extern "C" fn posix_spawn_file_actions_addinherit_np(fa: *mut ActionsT, fd: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { add(fa, &[fd], Action::Inherit(fd)) }
}

unsafe extern "C" fn posix_spawn_file_actions_addchdir(
    fa: *mut ActionsT,
    path: *const c_char,
) -> c_int {
    if path.is_null() {
        return darwin::EINVAL;
    }
    // SAFETY: `path` is the caller's C string.
    let path = unsafe { CStr::from_ptr(path) }.to_owned();
    // SAFETY: forwarded contract.
    unsafe { add(fa, &[], Action::Chdir(path)) }
}

unsafe extern "C" fn posix_spawn_file_actions_addfchdir(fa: *mut ActionsT, fd: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { add(fa, &[fd], Action::Fchdir(fd)) }
}

// --- spawning -------------------------------------------------------------------

/// What to run: a path, or a name searched in `PATH` (`posix_spawnp`).
struct Target<'a> {
    file: &'a CStr,
    search: Option<Vec<u8>>,
    argv: *const *const c_char,
    envp: *const *const c_char,
}

/// Linux error → darwin, from a failed libc call.
fn last_error() -> c_int {
    errno::linux_to_darwin(errno::get())
}

/// Moves `fd` above every descriptor the actions name, so none of them
/// closes or replaces it. Returns the new descriptor.
fn move_above(fd: c_int, actions: &Actions) -> c_int {
    let top = actions
        .0
        .iter()
        .map(|a| match a {
            Action::Open { fd, .. } | Action::Close(fd) | Action::Inherit(fd) => *fd,
            Action::Dup2(a, b) => (*a).max(*b),
            Action::Fchdir(fd) => *fd,
            Action::Chdir(_) => 0,
        })
        .max()
        .unwrap_or(0);
    if fd > top {
        return fd;
    }
    // SAFETY: duplicating a descriptor we own.
    let n = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, top + 1) };
    if n < 0 {
        return fd;
    }
    // SAFETY: closing our own duplicate source.
    unsafe { libc::close(fd) };
    n
}

/// Sets `FD_CLOEXEC` on every open descriptor except `keep`
/// (`POSIX_SPAWN_CLOEXEC_DEFAULT`).
fn cloexec_all_but(keep: &mut Vec<c_int>) {
    keep.sort_unstable();
    keep.dedup();
    const CLOSE_RANGE_CLOEXEC: libc::c_uint = 1 << 2;
    let mut from: libc::c_uint = 0;
    let mut ranges = Vec::new();
    for &k in keep.iter() {
        if k as libc::c_uint > from {
            ranges.push((from, k as libc::c_uint - 1));
        }
        from = k as libc::c_uint + 1;
    }
    ranges.push((from, libc::c_uint::MAX));
    for (lo, hi) in ranges {
        // SAFETY: close_range only changes descriptor flags here.
        let r = unsafe { libc::syscall(libc::SYS_close_range, lo, hi, CLOSE_RANGE_CLOEXEC) };
        if r != 0 {
            // Older kernels: walk the open descriptors.
            if let Ok(d) = std::fs::read_dir("/proc/self/fd") {
                let fds: Vec<c_int> = d
                    .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                    .collect();
                for fd in fds {
                    if fd as libc::c_uint >= lo && fd as libc::c_uint <= hi {
                        // SAFETY: flag change on a descriptor number.
                        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
                    }
                }
            }
        }
    }
}

/// The child's side: attributes, file actions, exec. Returns the darwin
/// error that stopped it (it does not return on success).
///
/// # Safety
/// Runs in a fresh child (or, with `SETEXEC`, in the caller about to be
/// replaced); `t`'s arrays are NULL-terminated C string arrays.
unsafe fn become_target(
    t: &Target,
    attr: &Attr,
    actions: &Actions,
    mask: &libc::sigset_t,
    in_child: bool,
) -> c_int {
    let flags = attr.flags;
    // SAFETY: process-attribute system calls on the current process, and
    // signal dispositions/masks on our own sigaction/sigset values.
    unsafe {
        if flags & SETSID != 0 && libc::setsid() < 0 {
            return last_error();
        }
        if flags & SETPGROUP != 0 && libc::setpgid(0, attr.pgroup) != 0 {
            return last_error();
        }
        if flags & RESETIDS != 0
            && (libc::setegid(libc::getgid()) != 0 || libc::seteuid(libc::getuid()) != 0)
        {
            return last_error();
        }
        // Handlers of this process must not run in the child before the
        // exec resets them: caught signals go back to their default.
        for s in 1..65 {
            let mut old: libc::sigaction = core::mem::zeroed();
            if libc::sigaction(s, core::ptr::null(), &mut old) != 0 {
                continue;
            }
            let caught = old.sa_sigaction != libc::SIG_DFL && old.sa_sigaction != libc::SIG_IGN;
            let d = signal::to_darwin(s);
            let listed = flags & SETSIGDEF != 0
                && (1..32).contains(&d)
                && attr.sigdefault & (1 << (d - 1)) != 0;
            if (caught && in_child) || listed {
                let mut dfl: libc::sigaction = core::mem::zeroed();
                dfl.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(s, &dfl, core::ptr::null_mut());
            }
        }
        let mut keep: Vec<c_int> = Vec::new();
        for a in &actions.0 {
            match a {
                Action::Open {
                    fd,
                    path,
                    oflag,
                    mode,
                } => {
                    let l = crate::kernel::fs::open_flags_to_linux(*oflag);
                    let got = libc::open(path.as_ptr(), l, *mode as libc::c_uint);
                    if got < 0 {
                        return last_error();
                    }
                    if got != *fd {
                        if libc::dup2(got, *fd) < 0 {
                            let e = last_error();
                            libc::close(got);
                            return e;
                        }
                        libc::close(got);
                    }
                    keep.push(*fd);
                }
                Action::Close(fd) => {
                    // darwin ignores closing a descriptor that is not open.
                    libc::close(*fd);
                }
                Action::Dup2(from, to) => {
                    if from == to {
                        // Keeping a descriptor in place: clear close-on-exec.
                        let fl = libc::fcntl(*from, libc::F_GETFD);
                        if fl < 0 {
                            return last_error();
                        }
                        libc::fcntl(*from, libc::F_SETFD, fl & !libc::FD_CLOEXEC);
                    } else if libc::dup2(*from, *to) < 0 {
                        return last_error();
                    }
                    keep.push(*to);
                }
                Action::Inherit(fd) => {
                    let fl = libc::fcntl(*fd, libc::F_GETFD);
                    if fl < 0 {
                        return last_error();
                    }
                    libc::fcntl(*fd, libc::F_SETFD, fl & !libc::FD_CLOEXEC);
                    keep.push(*fd);
                }
                Action::Chdir(path) => {
                    if libc::chdir(path.as_ptr()) != 0 {
                        return last_error();
                    }
                }
                Action::Fchdir(fd) => {
                    if libc::fchdir(*fd) != 0 {
                        return last_error();
                    }
                }
            }
        }
        if flags & CLOEXEC_DEFAULT != 0 {
            cloexec_all_but(&mut keep);
        }
        if !attr.binpref.is_empty()
            && !attr
                .binpref
                .iter()
                .any(|&c| c == CPU_TYPE_X86_64 || c == CPU_TYPE_ANY)
        {
            // Only x86_64 Mach-O runs here; other targets are unaffected.
            if t.search.is_none() && exec::file_format(t.file) == exec::Format::MachO {
                return 86; // EBADARCH
            }
        }
        if flags & SETSIGMASK != 0 {
            signal::set_mask(attr.sigmask);
        } else {
            libc::pthread_sigmask(libc::SIG_SETMASK, mask, core::ptr::null_mut());
        }
        match &t.search {
            None => exec::execve_path(t.file, t.argv, t.envp),
            Some(s) => exec::exec_search(t.file, s, t.argv, t.envp),
        };
        let e = errno::get();
        // Back to all blocked until the error is reported.
        let mut all: libc::sigset_t = core::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, core::ptr::null_mut());
        e
    }
}

/// `posix_spawn`/`posix_spawnp`: 0 and the child's pid, or a darwin error
/// number (nothing was started).
///
/// # Safety
/// Arguments as `posix_spawn` documents them.
unsafe fn spawn(pid: *mut pid_t, t: Target, fa: *const ActionsT, at: *const AttrT) -> c_int {
    // SAFETY: `fa`/`at` are NULL or the caller's initialised objects.
    let (actions, attr) = unsafe {
        let actions = if fa.is_null() || (*fa).is_null() {
            Actions::default()
        } else {
            (**fa).clone()
        };
        let attr = if at.is_null() || (*at).is_null() {
            Attr::default()
        } else {
            (**at).clone()
        };
        (actions, attr)
    };
    if attr.flags & START_SUSPENDED != 0 {
        // A suspended Mach task has no Linux equivalent.
        return darwin::ENOTSUP;
    }
    // SAFETY: signal masks and descriptors of this process; the child only
    // runs `become_target` and exits.
    unsafe {
        let mut all: libc::sigset_t = core::mem::zeroed();
        let mut old: libc::sigset_t = core::mem::zeroed();
        libc::sigfillset(&mut all);
        if attr.flags & SETEXEC != 0 {
            libc::pthread_sigmask(libc::SIG_BLOCK, &all, &mut old);
            let e = become_target(&t, &attr, &actions, &old, false);
            libc::pthread_sigmask(libc::SIG_SETMASK, &old, core::ptr::null_mut());
            return e;
        }
        let mut p = [0 as c_int; 2];
        if libc::pipe2(p.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            return last_error();
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &all, &mut old);
        let child = libc::fork();
        if child == 0 {
            libc::close(p[0]);
            let w = move_above(p[1], &actions);
            let e: c_int = become_target(&t, &attr, &actions, &old, true);
            libc::write(w, (&e as *const c_int).cast(), 4);
            libc::_exit(127);
        }
        let fork_err = last_error();
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, core::ptr::null_mut());
        libc::close(p[1]);
        if child < 0 {
            libc::close(p[0]);
            return fork_err;
        }
        let mut e: c_int = 0;
        let n = loop {
            let n = libc::read(p[0], (&mut e as *mut c_int).cast(), 4);
            if n >= 0 || errno::get() != libc::EINTR {
                break n;
            }
        };
        libc::close(p[0]);
        if n == 4 {
            let mut st = 0;
            while libc::waitpid(child, &mut st, 0) < 0 && errno::get() == libc::EINTR {}
            return e;
        }
        if !pid.is_null() {
            *pid = child;
        }
    }
    0
}

pub(crate) unsafe extern "C" fn posix_spawn(
    pid: *mut pid_t,
    path: *const c_char,
    fa: *const ActionsT,
    at: *const AttrT,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    if path.is_null() {
        return darwin::EFAULT;
    }
    let t = Target {
        // SAFETY: the caller's C string.
        file: unsafe { CStr::from_ptr(path) },
        search: None,
        argv,
        envp,
    };
    // SAFETY: forwarded contract.
    unsafe { spawn(pid, t, fa, at) }
}

/// `posix_spawnp`: a name without a slash is searched in `PATH` (darwin's
/// default path when unset), with `execvp`'s rules.
unsafe extern "C" fn posix_spawnp(
    pid: *mut pid_t,
    file: *const c_char,
    fa: *const ActionsT,
    at: *const AttrT,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    if file.is_null() {
        return darwin::EFAULT;
    }
    // SAFETY: getenv's result is copied at once.
    let search = unsafe {
        let p = libc::getenv(c"PATH".as_ptr());
        if p.is_null() {
            b"/usr/bin:/bin".to_vec()
        } else {
            CStr::from_ptr(p).to_bytes().to_vec()
        }
    };
    let t = Target {
        // SAFETY: the caller's C string.
        file: unsafe { CStr::from_ptr(file) },
        search: Some(search),
        argv,
        envp,
    };
    // SAFETY: forwarded contract.
    unsafe { spawn(pid, t, fa, at) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_posix_spawn" => posix_spawn,
    func "_posix_spawnp" => posix_spawnp,
    func "_posix_spawnattr_init" => posix_spawnattr_init,
    func "_posix_spawnattr_destroy" => posix_spawnattr_destroy,
    func "_posix_spawnattr_setflags" => posix_spawnattr_setflags,
    func "_posix_spawnattr_getflags" => posix_spawnattr_getflags,
    func "_posix_spawnattr_setpgroup" => posix_spawnattr_setpgroup,
    func "_posix_spawnattr_getpgroup" => posix_spawnattr_getpgroup,
    func "_posix_spawnattr_setsigmask" => posix_spawnattr_setsigmask,
    func "_posix_spawnattr_getsigmask" => posix_spawnattr_getsigmask,
    func "_posix_spawnattr_setsigdefault" => posix_spawnattr_setsigdefault,
    func "_posix_spawnattr_getsigdefault" => posix_spawnattr_getsigdefault,
    func "_posix_spawnattr_setbinpref_np" => posix_spawnattr_setbinpref_np,
    func "_posix_spawnattr_getbinpref_np" => posix_spawnattr_getbinpref_np,
    func "_posix_spawn_file_actions_init" => posix_spawn_file_actions_init,
    func "_posix_spawn_file_actions_destroy" => posix_spawn_file_actions_destroy,
    func "_posix_spawn_file_actions_addopen" => posix_spawn_file_actions_addopen,
    func "_posix_spawn_file_actions_addclose" => posix_spawn_file_actions_addclose,
    func "_posix_spawn_file_actions_adddup2" => posix_spawn_file_actions_adddup2,
    func "_posix_spawn_file_actions_addinherit_np" => posix_spawn_file_actions_addinherit_np,
    func "_posix_spawn_file_actions_addchdir_np" => posix_spawn_file_actions_addchdir,
    func "_posix_spawn_file_actions_addchdir" => posix_spawn_file_actions_addchdir,
    func "_posix_spawn_file_actions_addfchdir_np" => posix_spawn_file_actions_addfchdir,
    func "_posix_spawn_file_actions_addfchdir" => posix_spawn_file_actions_addfchdir,
};
