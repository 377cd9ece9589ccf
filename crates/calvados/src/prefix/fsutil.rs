//! File-system helpers for the prefix commands: atomic writes and copies
//! (a temporary file in the same directory, then `rename`), host account
//! names, interruption.

use std::ffi::CStr;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// An I/O error as a short phrase ("No space left on device").
pub fn why(e: &io::Error) -> String {
    match e.raw_os_error() {
        // SAFETY: strerror returns a static C string for any errno value.
        Some(n) => unsafe { CStr::from_ptr(libc::strerror(n)) }
            .to_string_lossy()
            .into_owned(),
        None => e.to_string(),
    }
}

/// `err` about `path`, as one line.
pub fn ctx(path: &Path, e: &io::Error) -> String {
    format!("{}: {}", path.display(), why(e))
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_sig: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Turns SIGINT, SIGTERM and SIGHUP into a flag that long operations poll,
/// so they can undo their work before exiting.
pub fn catch_interrupts() {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: a zeroed sigaction is valid; the handler only stores to
        // an atomic, which is async-signal-safe.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }
}

/// `Err("interrupted")` once a signal arrived.
pub fn check_interrupt() -> Result<(), String> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        Err("interrupted".into())
    } else {
        Ok(())
    }
}

/// A temporary name next to `path`, unique to this process.
pub fn temp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = format!(
        ".{}.calvados-tmp-{}",
        name.unwrap_or_default(),
        std::process::id()
    );
    path.with_file_name(tmp)
}

/// Writes `data` to `path` atomically with `mode`.
pub fn write_atomic(path: &Path, data: &[u8], mode: u32) -> Result<(), String> {
    let tmp = temp_beside(path);
    let res = (|| {
        std::fs::write(&tmp, data)?;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(mode))?;
        std::fs::rename(&tmp, path)
    })();
    res.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ctx(path, &e)
    })
}

/// Copies the regular file `src` to `dst` atomically, with its mode and
/// modification time (which is how a later init sees it is unchanged).
pub fn copy_atomic(src: &Path, dst: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    let tmp = temp_beside(dst);
    let res = (|| {
        let _ = std::fs::remove_file(&tmp);
        std::fs::copy(src, &tmp)?;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(meta.mode() & 0o7777))?;
        let f = std::fs::File::options().write(true).open(&tmp)?;
        let times = std::fs::FileTimes::new()
            .set_accessed(meta.accessed()?)
            .set_modified(meta.modified()?);
        f.set_times(times)?;
        drop(f);
        std::fs::rename(&tmp, dst)
    })();
    res.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        if e.raw_os_error().is_some() {
            // Say which side failed: reading the build tree or writing the prefix.
            match std::fs::metadata(src) {
                Err(se) => ctx(src, &se),
                Ok(_) => ctx(dst, &e),
            }
        } else {
            ctx(dst, &e)
        }
    })
}

/// Whether `dst` already is a copy of `src` made by [`copy_atomic`].
pub fn same_copy(src: &std::fs::Metadata, dst: &std::fs::Metadata) -> bool {
    dst.file_type().is_file()
        && dst.len() == src.len()
        && dst.mtime() == src.mtime()
        && dst.mtime_nsec() == src.mtime_nsec()
        && dst.mode() & 0o7777 == src.mode() & 0o7777
}

/// Makes `path` a symlink to `target` atomically (replacing a symlink).
pub fn symlink_atomic(target: &str, path: &Path) -> Result<(), String> {
    let tmp = temp_beside(path);
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            ctx(path, &e)
        })
}

/// Creates directory `path` with exactly `mode` (the umask would strip the
/// sticky and group bits otherwise).
pub fn mkdir_mode(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .mode(mode)
        .create(path)
        .and_then(|()| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)))
        .map_err(|e| ctx(path, &e))
}

/// Whether we may create entries in `dir` (`access(2)`, so root passes
/// unless the file system is read-only).
pub fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: access with a C string.
    unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

/// A host account, from the host's user database.
pub struct HostUser {
    pub uid: u32,
    pub gid: u32,
    pub name: String,
    pub gecos: String,
    pub group: Option<String>,
}

impl HostUser {
    /// The user running us; a uid without a host entry is named `user<uid>`.
    pub fn current() -> HostUser {
        // SAFETY: getuid/getgid cannot fail.
        let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
        let (name, gecos) = host_pw(uid).unwrap_or_else(|| (format!("user{uid}"), String::new()));
        HostUser {
            uid,
            gid,
            name,
            gecos,
            group: group_name(gid),
        }
    }
}

fn host_pw(uid: u32) -> Option<(String, String)> {
    let mut buf = vec![0u8; 16384];
    // SAFETY: a zeroed passwd is a valid out-parameter.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out = std::ptr::null_mut();
    // SAFETY: getpwuid_r with a buffer of the given length; on success the
    // strings point into `buf`, read before it is dropped.
    let r = unsafe { libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if r != 0 || out.is_null() {
        return None;
    }
    // SAFETY: pw_name and pw_gecos are C strings in `buf` (gecos may be null).
    let name = unsafe { CStr::from_ptr(pw.pw_name) }
        .to_string_lossy()
        .into_owned();
    let gecos = if pw.pw_gecos.is_null() {
        String::new()
    } else {
        // SAFETY: as above.
        unsafe { CStr::from_ptr(pw.pw_gecos) }
            .to_string_lossy()
            .into_owned()
    };
    let gecos = gecos.split(',').next().unwrap_or("").replace(':', " ");
    Some((name, gecos))
}

/// The host's name for `uid`.
pub fn user_name(uid: u32) -> Option<String> {
    host_pw(uid).map(|(n, _)| n)
}

/// The host's name for `gid`.
pub fn group_name(gid: u32) -> Option<String> {
    let mut buf = vec![0u8; 65536];
    // SAFETY: a zeroed group is a valid out-parameter.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut out = std::ptr::null_mut();
    // SAFETY: getgrgid_r with a buffer of the given length.
    let r = unsafe { libc::getgrgid_r(gid, &mut gr, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if r != 0 || out.is_null() {
        return None;
    }
    // SAFETY: gr_name is a C string in `buf`.
    Some(
        unsafe { CStr::from_ptr(gr.gr_name) }
            .to_string_lossy()
            .into_owned(),
    )
}

/// Totals of a tree walked without following symlinks or leaving its file
/// system.
#[derive(Default, Debug)]
pub struct Usage {
    pub files: u64,
    pub bytes: u64,
}

/// Walks `root` (not following symlinks, not crossing into other file
/// systems, skipping `skip`), summing entries and allocated bytes.
pub fn usage(root: &Path, skip: &[PathBuf]) -> Usage {
    let mut u = Usage::default();
    let Ok(top) = std::fs::symlink_metadata(root) else {
        return u;
    };
    let dev = top.dev();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if skip.contains(&p) {
                continue;
            }
            let Ok(m) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if m.dev() != dev {
                continue;
            }
            u.files += 1;
            u.bytes += m.blocks() * 512;
            if m.is_dir() {
                stack.push(p);
            }
        }
    }
    u.bytes += top.blocks() * 512;
    u
}

/// Mount points at or under `dir`, from `/proc/self/mountinfo` (fields are
/// octal-escaped there: `\040` for a space).
pub fn mounts_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(field) = line.split(' ').nth(4) else {
            continue;
        };
        let p = PathBuf::from(unescape_mount(field));
        if p.starts_with(dir) {
            out.push(p);
        }
    }
    out
}

fn unescape_mount(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0');
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn mountinfo_escapes() {
        assert_eq!(super::unescape_mount("/a\\040b"), "/a b");
        assert_eq!(super::unescape_mount("/x\\134y"), "/x\\y");
        assert_eq!(super::unescape_mount("/plain"), "/plain");
    }
}
