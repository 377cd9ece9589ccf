//! Where the tools' files are: the prefix root (`docs/prefix.md`), and
//! safe writes (lock file, temporary file and rename).

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::os::unix::io::AsRawFd as _;
use std::path::{Path, PathBuf};

/// The prefix root: `$CALVADOS_PREFIX` (`/` inside `calvados shell`), else
/// `~/.calvados`, the rule every Calvados command uses.
pub fn root() -> PathBuf {
    if let Some(p) = std::env::var_os("CALVADOS_PREFIX").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/".into());
    Path::new(&home).join(".calvados")
}

/// The host path of the prefix's absolute path `p` (e.g. `/etc/passwd`).
pub fn path(p: &str) -> PathBuf {
    root().join(p.trim_start_matches('/'))
}

/// An exclusive lock held until dropped (`flock` on a lock file).
pub struct Lock(fs::File);

impl Lock {
    /// Takes the lock `file`, creating it and its directory as needed.
    pub fn take(file: &Path) -> std::io::Result<Lock> {
        if let Some(d) = file.parent() {
            fs::create_dir_all(d)?;
        }
        let f = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(file)?;
        // SAFETY: flock on a descriptor we own.
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Lock(f))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // SAFETY: unlocking our own descriptor.
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}

/// Replaces `dest` with `data` atomically: a temporary file beside it,
/// flushed to disk, then renamed over it (readers see the old or the new
/// file, never a part). Keeps the old file's mode, else uses `mode`.
pub fn write_atomic(dest: &Path, data: &[u8], mode: u32) -> std::io::Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mode = fs::metadata(dest)
        .map(|m| m.permissions().mode() & 0o7777)
        .unwrap_or(mode);
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .mode(mode)
            .open(&tmp)?;
        f.write_all(data)?;
        f.set_permissions(fs::Permissions::from_mode(mode))?;
        f.sync_all()?;
        fs::rename(&tmp, dest)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
