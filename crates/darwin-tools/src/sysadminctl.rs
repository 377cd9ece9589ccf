//! `sysadminctl`: adding and deleting users (`userdb`).
//!
//! sysadminctl(8) usage: `-addUser <user name> [-fullName <full name>]
//! [-UID <user ID>] [-GID <group ID>] [-shell <path>] [-password <user
//! password>] [-hint <hint>] [-home <full path>] [-admin] [-picture <path>]`
//! and `-deleteUser <user name> [-secure || -keepHome]`. Defaults as macOS:
//! the first free UID from 501, group 20 (`staff`), `/bin/zsh`,
//! `/Users/NAME`. It reports as it goes on stderr, in the system log's
//! line format. Password, hint and picture flags are accepted and not
//! stored: a prefix has no password store (see `dscl -passwd`).

use crate::userdb::{self, Kind};

const USAGE: &str = "\
Usage: sysadminctl [options]
    -addUser <user name> [-fullName <full name>] [-UID <user ID>] [-GID <group ID>] [-shell <path to shell>] [-password <user password>] [-hint <user hint>] [-home <full path to home>] [-admin] [-picture <full path to user image>]
    -deleteUser <user name> [-secure || -keepHome]
    -help";

/// A log line as sysadminctl writes it (`date time name[pid:tid] message`).
fn log(msg: &str) {
    // SAFETY: time and localtime_r with our own buffers.
    let (tm, usec) = unsafe {
        let mut tv: libc::timeval = std::mem::zeroed();
        libc::gettimeofday(&mut tv, std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        libc::localtime_r(&tv.tv_sec, &mut tm);
        (tm, tv.tv_usec)
    };
    let pid = std::process::id();
    eprintln!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} sysadminctl[{pid}:{pid:x}] {msg}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        usec / 1000
    );
}

fn usage() -> i32 {
    eprintln!("{USAGE}");
    1
}

pub fn main(args: &[String]) -> i32 {
    let mut add = None;
    let mut del = None;
    let mut opt = std::collections::HashMap::new();
    let mut admin = false;
    let mut keep_home = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let next = args.get(i + 1).filter(|v| !v.starts_with('-'));
        match a {
            "-help" | "--help" | "-h" => {
                println!("{USAGE}");
                return 0;
            }
            "-addUser" | "-deleteUser" => {
                // The Nix installer passes a bare `-addUser` before the
                // flags and `-addUser NAME` last.
                if let Some(n) = next {
                    if a == "-addUser" {
                        add = Some(n.clone());
                    } else {
                        del = Some(n.clone());
                    }
                    i += 1;
                } else if a == "-addUser" {
                    add.get_or_insert_with(String::new);
                } else {
                    return usage();
                }
            }
            "-fullName" | "-UID" | "-GID" | "-shell" | "-password" | "-hint" | "-home"
            | "-picture" | "-adminUser" | "-adminPassword" => {
                let Some(v) = args.get(i + 1) else {
                    return usage();
                };
                opt.insert(a.to_string(), v.clone());
                i += 1;
            }
            "-admin" => admin = true,
            "-secure" => {}
            "-keepHome" => keep_home = true,
            _ => return usage(),
        }
        i += 1;
    }
    match (add, del) {
        (Some(n), None) if !n.is_empty() => add_user(&n, &opt, admin),
        (None, Some(n)) => delete_user(&n, keep_home),
        _ => usage(),
    }
}

fn add_user(name: &str, opt: &std::collections::HashMap<String, String>, admin: bool) -> i32 {
    let lock = match userdb::lock() {
        Ok(l) => l,
        Err(e) => {
            log(&format!("Failed to lock the user database: {e:?}"));
            return 1;
        }
    };
    if userdb::read(Kind::Users, name).is_some() {
        log(&format!(
            "Failed to create user {name}: a user with this name already exists"
        ));
        return 1;
    }
    for k in ["-UID", "-GID"] {
        if opt.get(k).is_some_and(|v| v.parse::<i64>().is_err()) {
            return usage();
        }
    }
    log("Creating user record…");
    let uid = opt
        .get("-UID")
        .cloned()
        .unwrap_or_else(|| userdb::free_id(Kind::Users, "UniqueID", 501).to_string());
    let gid = opt.get("-GID").cloned().unwrap_or_else(|| "20".into());
    let home = opt
        .get("-home")
        .cloned()
        .unwrap_or_else(|| format!("/Users/{name}"));
    let mut a = userdb::new_record(name);
    a.insert("UniqueID".into(), vec![uid.clone()]);
    a.insert("PrimaryGroupID".into(), vec![gid.clone()]);
    a.insert(
        "RealName".into(),
        vec![opt.get("-fullName").cloned().unwrap_or_else(|| name.into())],
    );
    a.insert(
        "UserShell".into(),
        vec![opt
            .get("-shell")
            .cloned()
            .unwrap_or_else(|| "/bin/zsh".into())],
    );
    a.insert("NFSHomeDirectory".into(), vec![home.clone()]);
    a.insert("Password".into(), vec!["********".into()]);
    log(&format!("Assigning UID: {uid} GID: {gid}"));
    if let Err(e) = userdb::write(Kind::Users, name, &a) {
        log(&format!("Failed to create user record: {e:?}"));
        return 1;
    }
    if admin {
        if let Some(mut g) = userdb::read(Kind::Groups, "admin") {
            let m = g.entry("GroupMembership".into()).or_default();
            if !m.iter().any(|x| x == name) {
                m.push(name.into());
            }
            if let Err(e) = userdb::write(Kind::Groups, "admin", &g) {
                log(&format!("Failed to add {name} to group admin: {e:?}"));
            }
        }
    }
    drop(lock);
    if home != "/var/empty" && !home.is_empty() {
        let host = crate::prefix::path(&home);
        if !host.exists() {
            log(&format!("Creating home directory at {home}"));
            if std::fs::create_dir_all(&host).is_ok() {
                if let (Ok(u), Ok(g), Ok(c)) = (
                    uid.parse::<i32>(),
                    gid.parse::<i32>(),
                    std::ffi::CString::new(host.as_os_str().as_encoded_bytes()),
                ) {
                    // SAFETY: chown of a path we made; failure (not root) is harmless.
                    unsafe { libc::chown(c.as_ptr(), u as u32, g as u32) };
                }
            }
        }
    }
    0
}

fn delete_user(name: &str, keep_home: bool) -> i32 {
    let Ok(_lock) = userdb::lock() else {
        return 1;
    };
    let Some(u) = userdb::read(Kind::Users, name) else {
        log(&format!(
            "Failed to delete user {name}: user record not found"
        ));
        return 1;
    };
    let guid = u.get("GeneratedUID").and_then(|v| v.first()).cloned();
    for g in userdb::names(Kind::Groups) {
        let Some(mut rec) = userdb::read(Kind::Groups, &g) else {
            continue;
        };
        let before = rec.clone();
        for (k, v) in [
            ("GroupMembership", Some(name.to_string())),
            ("GroupMembers", guid.clone()),
        ] {
            if let (Some(cur), Some(v)) = (rec.get_mut(k), v) {
                cur.retain(|x| *x != v);
            }
        }
        if rec != before {
            log(&format!("Removing user {name} from group {g}"));
            let _ = userdb::write(Kind::Groups, &g, &rec);
        }
    }
    log(&format!("Deleting record for {name}"));
    if let Err(e) = userdb::delete(Kind::Users, name) {
        log(&format!("Failed to delete user record: {e:?}"));
        return 1;
    }
    let home = u.get("NFSHomeDirectory").and_then(|v| v.first()).cloned();
    if let Some(h) = home.filter(|h| !keep_home && h.starts_with("/Users/")) {
        log(&format!("Deleting home directory {h}"));
        let _ = std::fs::remove_dir_all(crate::prefix::path(&h));
    }
    0
}
