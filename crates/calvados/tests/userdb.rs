//! The prefix's user database end to end: the macOS tools (`calvados-tools`
//! as dscl, dseditgroup, sysadminctl) change it the way the Nix installer
//! does, and a Mach-O program sees each change through libSystem's
//! getpwnam/getpwuid/getgrnam/getgrouplist.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `calvados-tools`, built by cargo next to `calvados`.
fn tools() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_calvados")).with_file_name("calvados-tools")
}

struct Prefix(PathBuf);

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tool(prefix: &Path, name: &str, args: &[&str]) {
    let out = Command::new(tools())
        .arg(name)
        .args(args)
        .env("CALVADOS_PREFIX", prefix)
        .output()
        .expect("run calvados-tools (cargo build --workspace builds it)");
    assert!(
        out.status.success(),
        "{name} {args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn lookup(prefix: &Path, exe: &Path, user: &str, group: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_calvados"))
        .arg("run")
        .arg(exe)
        .args([user, group])
        .env("CALVADOS_PREFIX", prefix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn tools_change_what_programs_see() {
    let base = std::env::temp_dir().join(format!("calvados-userdb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let guard = Prefix(base.clone());
    let prefix = base.join("prefix");
    std::fs::create_dir_all(prefix.join("private/etc")).unwrap();
    std::fs::create_dir_all(prefix.join("private/var")).unwrap();
    std::os::unix::fs::symlink("private/etc", prefix.join("etc")).unwrap();
    std::os::unix::fs::symlink("private/var", prefix.join("var")).unwrap();
    std::fs::write(
        prefix.join("etc/passwd"),
        "root:*:0:0:System Administrator:/var/root:/bin/sh\n",
    )
    .unwrap();
    std::fs::write(
        prefix.join("etc/group"),
        "wheel:*:0:root\nstaff:*:20:root\n",
    )
    .unwrap();

    let exe = base.join("lookup");
    let cc = Command::new(repo().join("scripts/zig-cc"))
        .args(["-target", "x86_64-macos", "-O1", "-o"])
        .arg(&exe)
        .arg(repo().join("tests/userdb/lookup.c"))
        .output()
        .expect("run scripts/zig-cc");
    assert!(
        cc.status.success(),
        "{}",
        String::from_utf8_lossy(&cc.stderr)
    );

    assert_eq!(
        lookup(&prefix, &exe, "_nixbld1", "nixbld"),
        "user _nixbld1: none\ngroup nixbld: none\n"
    );
    // The Nix installer's sequence (install-darwin-multi-user.sh).
    tool(
        &prefix,
        "dseditgroup",
        &[
            "-o",
            "create",
            "-r",
            "Nix build group for nix-daemon",
            "-i",
            "350",
            "nixbld",
        ],
    );
    for (k, v) in [
        ("UniqueID", "351"),
        ("PrimaryGroupID", "350"),
        ("IsHidden", "1"),
        ("NFSHomeDirectory", "/var/empty"),
        ("RealName", "Nix build user 1"),
        ("UserShell", "/sbin/nologin"),
    ] {
        tool(&prefix, "dscl", &[".", "-create", "/Users/_nixbld1", k, v]);
    }
    tool(
        &prefix,
        "dseditgroup",
        &["-o", "edit", "-t", "user", "-a", "_nixbld1", "nixbld"],
    );
    tool(
        &prefix,
        "sysadminctl",
        &[
            "-addUser",
            "alice",
            "-UID",
            "502",
            "-GID",
            "20",
            "-fullName",
            "Alice",
            "-home",
            "/Users/alice",
            "-shell",
            "/bin/bash",
            "-password",
            "x",
        ],
    );
    tool(
        &prefix,
        "dseditgroup",
        &["-o", "edit", "-a", "alice", "-t", "user", "nixbld"],
    );

    assert_eq!(
        lookup(&prefix, &exe, "_nixbld1", "nixbld"),
        "user _nixbld1 uid 351 gid 350 home /var/empty shell /sbin/nologin gecos Nix build user 1\n\
         by uid: _nixbld1\n\
         groups: 350\n\
         group nixbld gid 350 members: _nixbld1 alice\n"
    );
    assert_eq!(
        lookup(&prefix, &exe, "alice", "staff"),
        "user alice uid 502 gid 20 home /Users/alice shell /bin/bash gecos Alice\n\
         by uid: alice\n\
         groups: 20 350\n\
         group staff gid 20 members: root\n"
    );

    tool(
        &prefix,
        "dseditgroup",
        &["-o", "edit", "-d", "alice", "-t", "user", "nixbld"],
    );
    // Deleting a user record leaves its name in groups' GroupMembership,
    // as on macOS (dscl edits one record).
    tool(&prefix, "dscl", &[".", "-delete", "/Users/_nixbld1"]);
    assert_eq!(
        lookup(&prefix, &exe, "_nixbld1", "nixbld"),
        "user _nixbld1: none\ngroup nixbld gid 350 members: _nixbld1\n"
    );
    tool(&prefix, "dseditgroup", &["-o", "delete", "nixbld"]);
    assert_eq!(
        lookup(&prefix, &exe, "_nixbld1", "nixbld"),
        "user _nixbld1: none\ngroup nixbld: none\n"
    );
    drop(guard);
}
