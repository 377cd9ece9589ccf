//! Helpers shared by the integration tests that run Calvados as an
//! ordinary user: the test user (created once with `useradd` when running
//! as root) and `calvados` started as that user.

#![allow(dead_code)]

use std::process::Command;
use std::sync::OnceLock;

/// An ordinary account: `(name, uid, gid)`.
pub type User = (String, u32, u32);

pub fn is_root() -> bool {
    // SAFETY: plain identity query.
    unsafe { libc::geteuid() == 0 }
}

/// The ordinary user the tests run as (created with `useradd` once), when
/// running as root.
pub fn test_user() -> Option<&'static User> {
    static U: OnceLock<Option<User>> = OnceLock::new();
    U.get_or_init(|| {
        if !is_root() {
            eprintln!("skipped: creating an ordinary user needs root");
            return None;
        }
        let name = "calvshtest";
        let id = |flag: &str| -> Option<u32> {
            let o = Command::new("id").args([flag, name]).output().ok()?;
            String::from_utf8_lossy(&o.stdout).trim().parse().ok()
        };
        if id("-u").is_none() {
            let o = Command::new("useradd")
                .args(["-M", "-r", "-s", "/usr/sbin/nologin", name])
                .output();
            if !o.as_ref().is_ok_and(|o| o.status.success()) {
                eprintln!("skipped: useradd {name} failed: {o:?}");
                return None;
            }
        }
        Some((name.to_string(), id("-u")?, id("-g")?))
    })
    .as_ref()
}

/// `calvados`, run as `user` (through `setpriv`) when given.
pub fn calvados_as(user: Option<&User>) -> Command {
    match user {
        Some((_, uid, gid)) => {
            let mut c = Command::new("setpriv");
            c.arg(format!("--reuid={uid}"))
                .arg(format!("--regid={gid}"))
                .arg("--init-groups")
                .arg(env!("CARGO_BIN_EXE_calvados"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_calvados")),
    }
}

/// Creates a prefix at `p` and checks that `calvados shell` can enter it
/// (`sw_vers` answers); the error is the reason it cannot.
pub fn enterable_prefix(p: &std::path::Path) -> Result<(), String> {
    let calvados = env!("CARGO_BIN_EXE_calvados");
    let o = Command::new(calvados)
        .args(["prefix", "init", "--prefix"])
        .arg(p)
        .output()
        .map_err(|e| e.to_string())?;
    if !o.status.success() {
        return Err(String::from_utf8_lossy(&o.stderr).trim().to_string());
    }
    let o = Command::new(calvados)
        .args(["shell", "--prefix"])
        .arg(p)
        .args(["--", "/usr/bin/sw_vers", "-productName"])
        .output()
        .map_err(|e| e.to_string())?;
    if o.stdout != b"macOS\n" {
        return Err(String::from_utf8_lossy(&o.stderr).trim().to_string());
    }
    Ok(())
}

/// Deletes `d` if it exists, also when it holds read-only store paths
/// (`chmod -R u+w` first).
pub fn remove_tree(d: &std::path::Path) {
    if std::fs::symlink_metadata(d).is_ok() {
        let _ = Command::new("chmod").arg("-R").arg("u+w").arg(d).status();
        let _ = std::fs::remove_dir_all(d);
    }
}
