//! `calvados prefix init|info|remove` end to end, on prefixes in temporary
//! directories (never ~/.calvados: HOME points into the test's own directory).
//!
//! Tests that need another user (ownership, a home owned by the user) run
//! `calvados` as uid/gid 54321 when the test runs as root, and are skipped
//! otherwise. Tests that need a controlled runtime tree hard-link the
//! `calvados` binary into a directory of their own, next to a fake
//! `lib/calvados/darwin` tree and `calvados-tools`.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const OTHER: u32 = 54321;

fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A test's directory, removed when the test is done.
struct Tmp(PathBuf);

impl std::ops::Deref for Tmp {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Tmp {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        wipe(&self.0);
    }
}

fn wipe(d: &Path) {
    if d.exists() {
        let _ = Command::new("chmod").arg("-R").arg("u+rwx").arg(d).status();
        let _ = std::fs::remove_dir_all(d);
    }
}

fn tmpdir(name: &str) -> Tmp {
    let d = std::env::temp_dir().join(format!("calvados-prefix-{}-{name}", std::process::id()));
    wipe(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    Tmp(d)
}

/// `calvados` with no prefix in the environment and HOME in `home`.
fn cmd_with(exe: &Path, home: &Path) -> Command {
    let mut c = Command::new(exe);
    c.env_remove("CALVADOS_PREFIX").env("HOME", home);
    c.stdin(Stdio::null());
    c
}

fn calvados(home: &Path) -> Command {
    cmd_with(Path::new(env!("CARGO_BIN_EXE_calvados")), home)
}

fn as_other(c: &mut Command) -> &mut Command {
    c.uid(OTHER).gid(OTHER).env("HOME", "/nonexistent")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn run(c: &mut Command) -> Output {
    c.output().unwrap()
}

fn ok(c: &mut Command) -> Output {
    let o = run(c);
    assert!(o.status.success(), "failed: {}{}", out(&o), err(&o));
    o
}

fn init(home: &Path, prefix: &Path) -> Output {
    ok(calvados(home)
        .args(["prefix", "init", "--prefix"])
        .arg(prefix))
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().mode() & 0o7777
}

fn link(p: &Path) -> String {
    std::fs::read_link(p)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn chown_r(p: &Path, uid: u32) {
    let s = Command::new("chown")
        .arg("-R")
        .arg(format!("{uid}:{uid}"))
        .arg(p)
        .status()
        .unwrap();
    assert!(s.success());
}

/// A private install: `<d>/bin/calvados` (a hard link of the built binary,
/// or a copy), `<d>/bin/calvados-tools`, and a runtime tree
/// `<d>/lib/calvados/darwin` with a dylib, a symlink, a program, an
/// `etc` file. Returns the binary's path.
fn fake_install(d: &Path) -> PathBuf {
    let bin = d.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("calvados");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_calvados"), &exe).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_calvados"), &exe).unwrap();
    }
    let tools = bin.join("calvados-tools");
    std::fs::write(&tools, "#!/bin/sh\necho tools\n").unwrap();
    std::fs::set_permissions(&tools, std::fs::Permissions::from_mode(0o755)).unwrap();
    let rt = d.join("lib/calvados/darwin");
    for sub in ["usr/lib", "bin", "usr/bin", "etc"] {
        std::fs::create_dir_all(rt.join(sub)).unwrap();
    }
    std::fs::write(rt.join("usr/lib/libfake.1.dylib"), b"not really a dylib").unwrap();
    std::os::unix::fs::symlink("libfake.1.dylib", rt.join("usr/lib/libfake.dylib")).unwrap();
    std::fs::write(rt.join("bin/bash"), b"#!/bin/sh\n").unwrap();
    std::fs::set_permissions(rt.join("bin/bash"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(rt.join("usr/bin/readonly-tool"), b"x").unwrap();
    std::fs::set_permissions(
        rt.join("usr/bin/readonly-tool"),
        std::fs::Permissions::from_mode(0o555),
    )
    .unwrap();
    std::fs::write(rt.join("etc/profile"), b"# profile\n").unwrap();
    // Entries the prefix must not take: through its `lib` symlink, into
    // a mount point, over the user database.
    for sub in ["lib", "dev", "Volumes/SystemRoot"] {
        std::fs::create_dir_all(rt.join(sub)).unwrap();
        std::fs::write(rt.join(sub).join("stray"), b"x").unwrap();
    }
    std::fs::write(rt.join("etc/passwd"), b"evil:*:0:0::/:/bin/sh\n").unwrap();
    exe
}

/// Every entry under `root` (not following symlinks) with its mtime.
fn snapshot(root: &Path) -> Vec<(PathBuf, i64, i64)> {
    let mut v = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let m = std::fs::symlink_metadata(&d).unwrap();
        v.push((d.clone(), m.mtime(), m.mtime_nsec()));
        if m.is_dir() {
            for e in std::fs::read_dir(&d).unwrap() {
                stack.push(e.unwrap().path());
            }
        }
    }
    v.sort();
    v
}

#[test]
fn init_lays_out_the_prefix() {
    let d = tmpdir("layout");
    let exe = fake_install(&d);
    let p = d.join("mac");
    let o = ok(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p));
    assert!(out(&o).contains("Created the prefix at"), "{}", out(&o));
    assert!(out(&o).contains("base system: installed"), "{}", out(&o));

    for dir in [
        "System/Library/CoreServices",
        "usr/lib",
        "usr/libexec/calvados",
        "private/var/root",
        "private/var/db/dslocal/nodes/Default/users",
        "private/var/db/dslocal/nodes/Default/groups",
        "Users/Shared",
        "dev",
        "proc",
        "Volumes/SystemRoot",
        "nix",
    ] {
        assert!(p.join(dir).is_dir(), "{dir}");
    }
    assert_eq!(mode(&p.join("private/tmp")), 0o1777);
    assert_eq!(mode(&p.join("Users/Shared")), 0o1777);
    assert_eq!(mode(&p), 0o755);
    for (l, t) in [
        ("tmp", "private/tmp"),
        ("var", "private/var"),
        ("etc", "private/etc"),
        ("lib", "Volumes/SystemRoot/lib"),
        ("lib64", "Volumes/SystemRoot/lib64"),
        (
            "private/etc/resolv.conf",
            "/Volumes/SystemRoot/etc/resolv.conf",
        ),
        ("private/etc/hosts", "/Volumes/SystemRoot/etc/hosts"),
        ("private/etc/ssl", "/Volumes/SystemRoot/etc/ssl"),
        ("usr/bin/sw_vers", "../libexec/calvados/calvados-tools"),
        ("usr/bin/dscl", "../libexec/calvados/calvados-tools"),
        ("usr/bin/sandbox-exec", "../libexec/calvados/calvados-tools"),
        ("usr/sbin/diskutil", "../libexec/calvados/calvados-tools"),
        ("usr/sbin/dseditgroup", "../libexec/calvados/calvados-tools"),
        ("usr/sbin/sysadminctl", "../libexec/calvados/calvados-tools"),
        ("bin/launchctl", "../usr/libexec/calvados/calvados-tools"),
        // Symlinks of the runtime tree stay symlinks.
        ("usr/lib/libfake.dylib", "libfake.1.dylib"),
    ] {
        assert_eq!(link(&p.join(l)), t, "{l}");
    }
    // The tools resolve through their links.
    assert_eq!(
        std::fs::read_to_string(p.join("usr/bin/sw_vers")).unwrap(),
        "#!/bin/sh\necho tools\n"
    );
    // Copies, with modes; not hard links of the build tree.
    let rt = d.join("lib/calvados/darwin");
    assert_eq!(mode(&p.join("bin/bash")), 0o755);
    assert_eq!(mode(&p.join("usr/bin/readonly-tool")), 0o555);
    assert_eq!(mode(&p.join("usr/libexec/calvados/calvados-tools")), 0o755);
    let a = std::fs::metadata(p.join("usr/lib/libfake.1.dylib")).unwrap();
    let b = std::fs::metadata(rt.join("usr/lib/libfake.1.dylib")).unwrap();
    assert_ne!(a.ino(), b.ino());
    std::fs::write(p.join("usr/lib/libfake.1.dylib"), b"edited").unwrap();
    assert_eq!(
        std::fs::read(rt.join("usr/lib/libfake.1.dylib")).unwrap(),
        b"not really a dylib"
    );
    // etc/ of the runtime tree lands in private/etc.
    assert_eq!(
        std::fs::read_to_string(p.join("private/etc/profile")).unwrap(),
        "# profile\n"
    );
    for stray in [
        "Volumes/SystemRoot/lib",
        "dev/stray",
        "Volumes/SystemRoot/stray",
    ] {
        assert!(std::fs::symlink_metadata(p.join(stray)).is_err(), "{stray}");
    }
    assert_eq!(
        std::fs::read_dir(p.join("Volumes/SystemRoot"))
            .unwrap()
            .count(),
        0
    );
    assert!(!std::fs::read_to_string(p.join("etc/passwd"))
        .unwrap()
        .contains("evil"));
    assert!(
        err(&o).contains("skipped lib/ of the runtime tree: lib is a symlink"),
        "{}",
        err(&o)
    );
    assert!(std::fs::read_to_string(p.join("etc/shells"))
        .unwrap()
        .contains("\n/bin/bash\n"));
    assert_eq!(
        std::fs::read_to_string(p.join(".calvados-prefix")).unwrap(),
        "calvados-prefix 1\n"
    );
    // Nothing but the prefix was left next to it.
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("calvados-init")),
        "{names:?}"
    );
}

#[test]
fn system_version_plist() {
    let d = tmpdir("plist");
    let p = d.join("mac");
    init(&d, &p);
    let plist =
        std::fs::read_to_string(p.join("System/Library/CoreServices/SystemVersion.plist")).unwrap();
    assert!(plist.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist"));
    for (k, v) in [
        ("ProductName", "macOS"),
        ("ProductVersion", "11.7.4"),
        ("ProductBuildVersion", "20G1120"),
        ("ProductUserVisibleVersion", "11.7.4"),
        ("ProductCopyright", "1983-2023 Apple Inc."),
        ("iOSSupportVersion", "14.7"),
    ] {
        assert!(
            plist.contains(&format!("\t<key>{k}</key>\n\t<string>{v}</string>\n")),
            "{k}: {plist}"
        );
    }
    assert!(plist.ends_with("</dict>\n</plist>\n"));
}

fn line<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find(|l| l.split(':').next() == Some(name))
}

#[test]
fn passwd_and_group_as_root_or_self() {
    let d = tmpdir("accounts");
    let p = d.join("mac");
    init(&d, &p);
    let pw = std::fs::read_to_string(p.join("etc/passwd")).unwrap();
    let gr = std::fs::read_to_string(p.join("etc/group")).unwrap();
    assert_eq!(
        line(&pw, "root"),
        Some("root:*:0:0:System Administrator:/var/root:/bin/sh")
    );
    assert_eq!(
        line(&pw, "nobody"),
        Some("nobody:*:4294967294:4294967294:Unprivileged User:/var/empty:/usr/bin/false")
    );
    assert_eq!(
        line(&pw, "daemon"),
        Some("daemon:*:1:1:System Services:/var/root:/usr/bin/false")
    );
    for name in [
        "_uucp",
        "_taskgated",
        "_networkd",
        "_installassistant",
        "_lp",
        "_postfix",
        "_www",
        "_sshd",
    ] {
        assert!(line(&pw, name).is_some(), "{name}");
    }
    assert_eq!(line(&pw, "_cyrus").unwrap().split(':').nth(3), Some("6"));
    for (g, gid) in [
        ("wheel", "0"),
        ("daemon", "1"),
        ("kmem", "2"),
        ("sys", "3"),
        ("tty", "4"),
        ("operator", "5"),
        ("mail", "6"),
        ("bin", "7"),
        ("procview", "8"),
        ("procmod", "9"),
        ("owner", "10"),
        ("everyone", "12"),
        ("group", "16"),
        ("staff", "20"),
        ("admin", "80"),
        ("nobody", "4294967294"),
        ("nogroup", "4294967295"),
        ("_sshd", "75"),
    ] {
        assert_eq!(
            line(&gr, g).and_then(|l| l.split(':').nth(2)),
            Some(gid),
            "{g}"
        );
    }
    assert_eq!(line(&gr, "wheel"), Some("wheel:*:0:root"));
    // Every line has the field count libSystem's parser wants.
    assert!(pw
        .lines()
        .filter(|l| !l.starts_with('#'))
        .all(|l| l.split(':').count() == 7));
    assert!(gr
        .lines()
        .filter(|l| !l.starts_with('#'))
        .all(|l| l.split(':').count() == 4));
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    if uid != 0 {
        let me = pw
            .lines()
            .find(|l| l.split(':').nth(2) == Some(&uid.to_string()))
            .unwrap();
        let name = me.split(':').next().unwrap();
        assert!(me.ends_with(&format!(":/Users/{name}:/bin/bash")), "{me}");
        assert!(line(&gr, "staff").unwrap().ends_with(&format!(",{name}")));
        assert!(p.join("Users").join(name).is_dir());
    }
}

#[test]
fn passwd_and_group_for_another_user() {
    if !is_root() {
        eprintln!("skipped: needs root to run as uid {OTHER}");
        return;
    }
    let d = tmpdir("other-user");
    chown_r(&d, OTHER);
    let p = d.join("mac");
    ok(as_other(
        calvados(&d).args(["prefix", "init", "--prefix"]).arg(&p),
    ));
    let pw = std::fs::read_to_string(p.join("etc/passwd")).unwrap();
    let gr = std::fs::read_to_string(p.join("etc/group")).unwrap();
    let name = format!("user{OTHER}");
    assert_eq!(
        line(&pw, &name).unwrap(),
        format!("{name}:*:{OTHER}:{OTHER}:{name}:/Users/{name}:/bin/bash")
    );
    assert_eq!(
        line(&gr, "staff").unwrap(),
        format!("staff:*:20:root,{name}")
    );
    assert_eq!(
        line(&gr, "admin").unwrap(),
        format!("admin:*:80:root,{name}")
    );
    // Its host primary group is not a macOS one: it is added.
    assert_eq!(line(&gr, &name).unwrap(), format!("{name}:*:{OTHER}:"));
    let home = std::fs::metadata(p.join("Users").join(&name)).unwrap();
    assert!(home.is_dir());
    assert_eq!(home.uid(), OTHER);
    assert_eq!(std::fs::metadata(&p).unwrap().uid(), OTHER);
}

/// zig for x86_64-macos, if installed.
fn zig_cc(src: &Path, outp: &Path) -> bool {
    let o = Command::new("python3")
        .args(["-m", "ziglang", "cc", "-target", "x86_64-macos", "-o"])
        .arg(outp)
        .arg(src)
        .output();
    match o {
        Ok(o) if o.status.success() => true,
        Ok(o) => panic!("zig cc failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => {
            eprintln!("skipped: zig is not installed (run scripts/setup.sh)");
            false
        }
    }
}

const PWPROG: &str = r#"
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
    struct passwd *pw = getpwnam("root");
    if (!pw) { puts("no root"); return 1; }
    printf("root uid=%u gid=%u dir=%s shell=%s gecos=%s\n", (unsigned)pw->pw_uid,
           (unsigned)pw->pw_gid, pw->pw_dir, pw->pw_shell, pw->pw_gecos);
    struct group *gr = getgrnam("staff");
    if (!gr) { puts("no staff"); return 1; }
    printf("staff gid=%u members=", (unsigned)gr->gr_gid);
    for (char **m = gr->gr_mem; *m; m++) printf("%s%s", *m, m[1] ? "," : "");
    printf("\n");
    pw = getpwnam("nobody");
    printf("nobody uid=%d\n", pw ? (int)pw->pw_uid : 0);
    pw = getpwuid(getuid());
    if (!pw) { puts("no self"); return 1; }
    printf("self name=%s dir=%s shell=%s\n", pw->pw_name, pw->pw_dir, pw->pw_shell);
    return 0;
}
"#;

#[test]
fn macho_program_reads_the_prefix_databases() {
    let d = tmpdir("macho");
    let src = d.join("pw.c");
    std::fs::write(&src, PWPROG).unwrap();
    let prog = d.join("pw");
    if !zig_cc(&src, &prog) {
        return;
    }
    let p = d.join("mac");
    init(&d, &p);
    let o = ok(calvados(&d)
        .env("CALVADOS_PREFIX", &p)
        .arg("run")
        .arg(&prog));
    let s = out(&o);
    assert!(
        s.starts_with("root uid=0 gid=0 dir=/var/root shell=/bin/sh gecos=System Administrator\n"),
        "{s}"
    );
    assert!(s.contains("\nstaff gid=20 members=root"), "{s}");
    assert!(s.contains("\nnobody uid=-2\n"), "{s}");
    if is_root() {
        assert!(
            s.ends_with("self name=root dir=/var/root shell=/bin/sh\n"),
            "{s}"
        );
        // The same as another user, in a prefix of its own.
        let d2 = tmpdir("macho-other");
        std::fs::copy(&prog, d2.join("pw")).unwrap();
        chown_r(&d2, OTHER);
        let p2 = d2.join("mac");
        ok(as_other(
            calvados(&d2).args(["prefix", "init", "--prefix"]).arg(&p2),
        ));
        let o = ok(as_other(
            calvados(&d2)
                .env("CALVADOS_PREFIX", &p2)
                .arg("run")
                .arg(d2.join("pw")),
        ));
        let s = out(&o);
        let name = format!("user{OTHER}");
        assert!(
            s.contains(&format!("\nstaff gid=20 members=root,{name}\n")),
            "{s}"
        );
        assert!(
            s.ends_with(&format!(
                "self name={name} dir=/Users/{name} shell=/bin/bash\n"
            )),
            "{s}"
        );
    }
}

#[test]
fn second_init_changes_nothing() {
    let d = tmpdir("idem");
    let exe = fake_install(&d);
    let p = d.join("mac");
    ok(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p));
    let before = snapshot(&p);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = ok(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p));
    assert!(out(&o).contains("is up to date"), "{}", out(&o));
    assert!(out(&o).contains("nothing changed"), "{}", out(&o));
    assert_eq!(before, snapshot(&p));
    // CALVADOS_PREFIX names the same prefix.
    let o = ok(cmd_with(&exe, &d)
        .env("CALVADOS_PREFIX", &p)
        .args(["prefix", "init"]));
    assert!(out(&o).contains("nothing changed"), "{}", out(&o));
    assert_eq!(before, snapshot(&p));
}

#[test]
fn default_prefix_is_home_dot_calvados() {
    let d = tmpdir("home");
    let o = ok(calvados(&d).args(["prefix", "init"]));
    assert!(
        out(&o).contains(&format!("{}/.calvados", d.display())),
        "{}",
        out(&o)
    );
    assert!(d.join(".calvados/.calvados-prefix").is_file());
}

#[test]
fn upgrade_keeps_user_changes() {
    let d = tmpdir("upgrade");
    let exe = fake_install(&d);
    let p = d.join("mac");
    ok(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p));
    // The user's changes.
    let pw_path = p.join("private/etc/passwd");
    let pw = std::fs::read_to_string(&pw_path).unwrap();
    let pw: String = pw
        .lines()
        .filter(|l| !l.starts_with("_lp:") && !l.starts_with("_www:"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + "alice:*:600:20:Alice:/Users/alice:/bin/zsh";
    std::fs::write(&pw_path, &pw).unwrap();
    let gr_path = p.join("private/etc/group");
    let gr = std::fs::read_to_string(&gr_path)
        .unwrap()
        .replace("\nadmin:*:80:root", "\nadmin:*:80:root,alice");
    let gr: String = gr
        .lines()
        .filter(|l| !l.starts_with("_lpadmin:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&gr_path, &gr).unwrap();
    std::fs::create_dir_all(p.join("Users/alice")).unwrap();
    std::fs::write(p.join("Users/alice/notes"), "mine").unwrap();
    std::fs::write(p.join("private/var/root/.profile"), "mine").unwrap();
    std::fs::write(p.join("nix/store-file"), "mine").unwrap();
    std::fs::write(p.join(".calvados-prefix"), "calvados-prefix 0\n").unwrap();
    std::fs::remove_file(p.join("System/Library/CoreServices/SystemVersion.plist")).unwrap();
    std::fs::remove_file(p.join("usr/bin/dscl")).unwrap();
    // A newer runtime tree: a new file, a changed one.
    let rt = d.join("lib/calvados/darwin");
    std::fs::write(rt.join("usr/lib/libnew.dylib"), "new").unwrap();
    std::fs::remove_file(rt.join("bin/bash")).unwrap();
    std::fs::write(rt.join("bin/bash"), "#!/bin/sh\n# newer\n").unwrap();
    std::fs::set_permissions(rt.join("bin/bash"), std::fs::Permissions::from_mode(0o755)).unwrap();

    let o = ok(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p));
    let s = out(&o);
    assert!(
        s.contains("Upgraded the prefix at") && s.contains("from layout 0"),
        "{s}"
    );
    assert!(s.contains("added usr/lib/libnew.dylib"), "{s}");
    assert!(s.contains("updated bin/bash"), "{s}");
    assert_eq!(
        std::fs::read_to_string(p.join(".calvados-prefix")).unwrap(),
        "calvados-prefix 1\n"
    );
    assert_eq!(
        std::fs::read_to_string(p.join("usr/lib/libnew.dylib")).unwrap(),
        "new"
    );
    assert_eq!(
        std::fs::read_to_string(p.join("bin/bash")).unwrap(),
        "#!/bin/sh\n# newer\n"
    );
    assert!(p
        .join("System/Library/CoreServices/SystemVersion.plist")
        .is_file());
    assert_eq!(
        link(&p.join("usr/bin/dscl")),
        "../libexec/calvados/calvados-tools"
    );
    // The user's lines stay, the missing system accounts come back at the end.
    let pw2 = std::fs::read_to_string(&pw_path).unwrap();
    assert!(pw2.starts_with(&pw), "{pw2}");
    assert!(
        pw2.contains("alice:*:600:20:Alice:/Users/alice:/bin/zsh\n_lp:*:26:26:"),
        "{pw2}"
    );
    assert!(line(&pw2, "_www").is_some());
    let gr2 = std::fs::read_to_string(&gr_path).unwrap();
    assert!(gr2.starts_with(&gr), "{gr2}");
    assert!(gr2.contains("\nadmin:*:80:root,alice\n"));
    assert_eq!(line(&gr2, "_lpadmin"), Some("_lpadmin:*:98:"));
    for f in [
        "Users/alice/notes",
        "private/var/root/.profile",
        "nix/store-file",
    ] {
        assert_eq!(std::fs::read_to_string(p.join(f)).unwrap(), "mine", "{f}");
    }
    // And then it is up to date.
    let o = ok(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p));
    assert!(out(&o).contains("nothing changed"), "{}", out(&o));
}

fn refused(o: &Output, what: &str) {
    assert!(!o.status.success(), "not refused: {}", out(o));
    let e = err(o);
    assert!(e.contains(what), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[test]
fn init_refusals() {
    let d = tmpdir("refuse");
    // A non-empty directory that is not a prefix.
    let full = d.join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("file"), "x").unwrap();
    refused(
        &run(calvados(&d).args(["prefix", "init", "--prefix"]).arg(&full)),
        "is not empty and is not a Calvados prefix",
    );
    assert_eq!(std::fs::read_dir(&full).unwrap().count(), 1);
    // A relative path, also from CALVADOS_PREFIX.
    refused(
        &run(calvados(&d).args(["prefix", "init", "--prefix", "rel/dir"])),
        "must be an absolute path",
    );
    refused(
        &run(calvados(&d)
            .env("CALVADOS_PREFIX", "rel")
            .args(["prefix", "init"])),
        "(from CALVADOS_PREFIX)",
    );
    // A file.
    refused(
        &run(calvados(&d)
            .args(["prefix", "init", "--prefix"])
            .arg(full.join("file"))),
        "is not a directory",
    );
    // Damaged markers.
    let p = d.join("p");
    init(&d, &p);
    std::fs::write(p.join(".calvados-prefix"), "garbage\n").unwrap();
    refused(
        &run(calvados(&d).args(["prefix", "init", "--prefix"]).arg(&p)),
        "is a damaged prefix",
    );
    std::fs::write(
        p.join(".calvados-prefix"),
        "calvados-prefix 1\nno equals sign\n",
    )
    .unwrap();
    refused(
        &run(calvados(&d).args(["prefix", "info", "--prefix"]).arg(&p)),
        "is a damaged prefix",
    );
    std::fs::write(p.join(".calvados-prefix"), [0xff, 0xfe]).unwrap();
    refused(
        &run(calvados(&d).args(["prefix", "init", "--prefix"]).arg(&p)),
        "is not text",
    );
    std::fs::write(p.join(".calvados-prefix"), "calvados-prefix 7\n").unwrap();
    refused(
        &run(calvados(&d).args(["prefix", "init", "--prefix"]).arg(&p)),
        "has layout version 7, newer than this Calvados",
    );
    // --nix must be absolute and exist.
    let q = d.join("q");
    refused(
        &run(calvados(&d)
            .args(["prefix", "init", "--nix", "nix", "--prefix"])
            .arg(&q)),
        "--nix needs an absolute path",
    );
    refused(
        &run(calvados(&d)
            .args(["prefix", "init", "--nix", "/nonexistent/nix", "--prefix"])
            .arg(&q)),
        "No such file or directory",
    );
    assert!(!q.exists());
    refused(
        &run(calvados(&d).args(["prefix", "init", "--bogus"])),
        "unknown argument '--bogus'",
    );
}

#[test]
fn init_refuses_other_users_prefix_and_unwritable_places() {
    if !is_root() {
        // As a user: a read-only directory.
        let d = tmpdir("ro");
        let ro = d.join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        refused(
            &run(calvados(&d)
                .args(["prefix", "init", "--prefix"])
                .arg(ro.join("p"))),
            "is not writable",
        );
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let d = tmpdir("owner");
    let p = d.join("mac");
    init(&d, &p);
    // Root's prefix, seen by another user.
    refused(
        &run(as_other(
            calvados(&d).args(["prefix", "init", "--prefix"]).arg(&p),
        )),
        "belongs to root, not to you",
    );
    refused(
        &run(as_other(
            calvados(&d)
                .args(["prefix", "remove", "--yes", "--prefix"])
                .arg(&p),
        )),
        "belongs to root, not to you",
    );
    assert!(p.join(".calvados-prefix").exists());
    // A directory the other user cannot write to.
    refused(
        &run(as_other(
            calvados(&d)
                .args(["prefix", "init", "--prefix"])
                .arg(d.join("new")),
        )),
        "is not writable",
    );
    assert!(!d.join("new").exists());
    // Root may upgrade anyone's prefix.
    let o = init(&d, &p);
    assert!(out(&o).contains("nothing changed"));
}

#[test]
fn failed_init_leaves_nothing_behind() {
    // A runtime tree that cannot be installed: a file where the prefix has
    // a directory (top-level `tmp` goes to private/tmp).
    let d = tmpdir("fail");
    let exe = fake_install(&d);
    std::fs::write(d.join("lib/calvados/darwin/tmp"), "a file").unwrap();
    let parent = d.join("deep/er");
    let p = parent.join("mac");
    let o = run(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p));
    refused(&o, "(nothing was left behind)");
    assert!(
        err(&o).contains("cannot create the prefix at"),
        "{}",
        err(&o)
    );
    assert!(!d.join("deep").exists(), "the created parents stay");

    if !is_root() {
        return;
    }
    // A full disk: a 256 KiB tmpfs and a runtime tree of 1 MiB.
    let d = tmpdir("full");
    let exe = fake_install(&d);
    std::fs::write(
        d.join("lib/calvados/darwin/usr/lib/libbig.dylib"),
        vec![7u8; 1 << 20],
    )
    .unwrap();
    let small = d.join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&small)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs");
        return;
    }
    let o = run(cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(small.join("mac")));
    let left: Vec<_> = std::fs::read_dir(&small).unwrap().collect();
    let _ = Command::new("umount").arg(&small).status();
    refused(&o, "No space left on device");
    assert!(err(&o).contains("(nothing was left behind)"));
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn info_text_and_json() {
    let d = tmpdir("info");
    let exe = fake_install(&d);
    let host_nix = d.join("hostnix");
    std::fs::create_dir(&host_nix).unwrap();
    let p = d.join("mac");
    ok(cmd_with(&exe, &d)
        .args(["prefix", "init", "--nix"])
        .arg(&host_nix)
        .arg("--prefix")
        .arg(&p));
    assert_eq!(
        std::fs::read_to_string(p.join(".calvados-prefix")).unwrap(),
        format!("calvados-prefix 1\nnix = {}\n", host_nix.display())
    );
    let o = ok(cmd_with(&exe, &d)
        .args(["prefix", "info", "--prefix"])
        .arg(&p));
    let s = out(&o);
    for want in [
        format!("prefix:        {}\n", p.display()),
        "layout:        1\n".into(),
        "macOS:         11.7.4 (20G1120)\n".into(),
        format!("nix store:     host directory {}", host_nix.display()),
        "base system:   installed (bin/bash)\n".into(),
        "dylibs:        2\n".into(),
        "size on disk:  ".into(),
    ] {
        assert!(s.contains(&want), "{want:?} in {s}");
    }
    // 1 bash + 9 tool links (lsof twice) + 1 read-only tool.
    assert!(s.contains("programs:      11\n"), "{s}");
    let o = ok(cmd_with(&exe, &d)
        .args(["prefix", "info", "--json", "--prefix"])
        .arg(&p));
    let j = out(&o);
    assert!(j.starts_with("{\n") && j.ends_with("}\n"), "{j}");
    assert!(j.contains("\"layout_version\": 1,"), "{j}");
    assert!(j.contains("\"macos_version\": \"11.7.4\","), "{j}");
    assert!(
        j.contains(&format!(
            "\"nix\": {{\"kind\": \"host\", \"path\": \"{}\"}},",
            host_nix.display()
        )),
        "{j}"
    );
    assert!(j.contains("\"base_system\": true,"), "{j}");
    assert!(j.contains("\"dylibs\": 2,"), "{j}");
    assert!(j.contains("\"users\": "), "{j}");
    // No prefix there.
    refused(
        &run(cmd_with(&exe, &d)
            .args(["prefix", "info", "--prefix"])
            .arg(d.join("none"))),
        "there is no prefix at",
    );
}

#[test]
fn remove_asks_or_needs_yes() {
    let d = tmpdir("remove");
    let p = d.join("mac");
    init(&d, &p);
    // Something outside, reachable through a symlink inside.
    let outside = d.join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("keep"), "keep").unwrap();
    std::os::unix::fs::symlink(&outside, p.join("Users/Shared/link")).unwrap();
    // A read-only directory inside is still removed.
    std::fs::create_dir(p.join("usr/share/ro")).unwrap();
    std::fs::write(p.join("usr/share/ro/f"), "x").unwrap();
    std::fs::set_permissions(
        p.join("usr/share/ro"),
        std::fs::Permissions::from_mode(0o555),
    )
    .unwrap();

    let o = run(calvados(&d).args(["prefix", "remove", "--prefix"]).arg(&p));
    refused(&o, "not asking without a terminal; to remove");
    assert_eq!(o.status.code(), Some(2));
    assert!(p.join(".calvados-prefix").exists());

    let o = ok(calvados(&d)
        .args(["prefix", "remove", "--yes", "--prefix"])
        .arg(&p));
    assert!(
        out(&o).starts_with(&format!("Removed the prefix at {} (", p.display())),
        "{}",
        out(&o)
    );
    assert!(!p.exists());
    assert_eq!(
        std::fs::read_to_string(outside.join("keep")).unwrap(),
        "keep"
    );

    // Not a prefix: refused, untouched.
    refused(
        &run(calvados(&d)
            .args(["prefix", "remove", "--yes", "--prefix"])
            .arg(&outside)),
        "is not a Calvados prefix",
    );
    assert!(outside.join("keep").exists());
    // A symlink to a prefix is not the prefix.
    let p2 = d.join("mac2");
    init(&d, &p2);
    std::os::unix::fs::symlink(&p2, d.join("alias")).unwrap();
    refused(
        &run(calvados(&d)
            .args(["prefix", "remove", "--yes", "--prefix"])
            .arg(d.join("alias"))),
        "is a symlink (to",
    );
    assert!(p2.join(".calvados-prefix").exists());
}

#[test]
fn remove_refuses_while_mounted_and_keeps_nix_host_dir() {
    let d = tmpdir("remove-mount");
    let host_nix = d.join("hostnix");
    std::fs::create_dir(&host_nix).unwrap();
    std::fs::write(host_nix.join("store"), "host").unwrap();
    let p = d.join("mac");
    ok(calvados(&d)
        .args(["prefix", "init", "--nix"])
        .arg(&host_nix)
        .arg("--prefix")
        .arg(&p));
    if is_root() {
        let target = p.join("nix");
        let mounted = Command::new("mount")
            .arg("--bind")
            .arg(&host_nix)
            .arg(&target)
            .status()
            .is_ok_and(|s| s.success());
        if mounted {
            let o = run(calvados(&d)
                .args(["prefix", "remove", "--yes", "--prefix"])
                .arg(&p));
            let _ = Command::new("umount").arg(&target).status();
            refused(&o, "is mounted inside the prefix");
            assert!(
                err(&o).contains(&format!("{}/nix", p.display())),
                "{}",
                err(&o)
            );
            assert!(p.join(".calvados-prefix").exists());
        } else {
            eprintln!("skipped the mount part: cannot bind-mount");
        }
    }
    ok(calvados(&d)
        .args(["prefix", "remove", "--yes", "--prefix"])
        .arg(&p));
    assert!(!p.exists());
    assert_eq!(
        std::fs::read_to_string(host_nix.join("store")).unwrap(),
        "host"
    );
}

#[test]
fn help_lists_the_subcommands() {
    let d = tmpdir("help");
    let o = ok(calvados(&d).args(["prefix", "--help"]));
    let s = out(&o);
    for want in [
        "calvados prefix init [--prefix DIR] [--nix HOSTDIR]",
        "calvados prefix info [--prefix DIR] [--json]",
        "calvados prefix remove [--prefix DIR] [--yes]",
    ] {
        assert!(s.contains(want), "{s}");
    }
    let o = run(calvados(&d).args(["prefix"]));
    refused(&o, "missing subcommand");
    let o = run(calvados(&d).args(["prefix", "frobnicate"]));
    refused(&o, "unknown subcommand 'frobnicate'");
}

#[test]
fn interrupted_init_leaves_nothing_behind() {
    let d = tmpdir("interrupt");
    let exe = fake_install(&d);
    // Enough files that the copy takes a while.
    let many = d.join("lib/calvados/darwin/usr/share/many");
    std::fs::create_dir_all(&many).unwrap();
    for i in 0..4000 {
        std::fs::write(many.join(format!("f{i}")), vec![b'x'; 4096]).unwrap();
    }
    let parent = d.join("dest");
    std::fs::create_dir(&parent).unwrap();
    let p = parent.join("mac");
    let child = cmd_with(&exe, &d)
        .args(["prefix", "init", "--prefix"])
        .arg(&p)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let building = parent.join(format!(".mac.calvados-init-{}", child.id()));
    let t0 = std::time::Instant::now();
    while !building.exists() && t0.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // SAFETY: kill with the pid of our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let o = child.wait_with_output().unwrap();
    if o.status.success() {
        eprintln!("skipped: init finished before it could be interrupted");
        return;
    }
    assert_eq!(o.status.code(), Some(130), "{}", err(&o));
    refused(&o, "interrupted (nothing was left behind)");
    assert_eq!(std::fs::read_dir(&parent).unwrap().count(), 0);
}

#[test]
fn killed_init_is_cleaned_up_by_the_next() {
    let d = tmpdir("stale");
    // What an init killed with SIGKILL leaves: a build of a dead process.
    let stale = d.join(".mac.calvados-init-4194000");
    std::fs::create_dir_all(stale.join("usr/lib")).unwrap();
    let p = d.join("mac");
    init(&d, &p);
    assert!(!stale.exists());
    assert!(p.join(".calvados-prefix").exists());
}

#[test]
fn remove_asks_on_a_terminal() {
    let d = tmpdir("remove-tty");
    let p = d.join("mac");
    init(&d, &p);
    let exe = env!("CARGO_BIN_EXE_calvados");
    let ask = |answer: &str| {
        let mut c = Command::new("script");
        c.args(["-qec"])
            .arg(format!("{exe} prefix remove --prefix {}", p.display()))
            .arg("/dev/null")
            .env_remove("CALVADOS_PREFIX")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let Ok(mut child) = c.spawn() else {
            return None;
        };
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        stdin.write_all(answer.as_bytes()).unwrap();
        drop(stdin);
        Some(child.wait_with_output().unwrap())
    };
    let Some(o) = ask("n\n") else {
        eprintln!("skipped: no script(1) for a terminal");
        return;
    };
    let s = out(&o);
    assert!(
        s.contains(&format!("Remove the prefix at {} (", p.display()))
            && s.contains(" MiB)? [y/N] "),
        "{s}"
    );
    assert!(s.contains("Nothing removed."), "{s}");
    assert!(p.join(".calvados-prefix").exists());
    let o = ask("y\n").unwrap();
    assert!(out(&o).contains("Removed the prefix at"), "{}", out(&o));
    assert!(!p.exists());
}
