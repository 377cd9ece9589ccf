//! Runs `calvados-tools` under each tool name against a temporary prefix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Fx {
    prefix: PathBuf,
    bin: PathBuf,
}

const SYSVER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<plist version=\"1.0\">
<dict>
\t<key>ProductBuildVersion</key>
\t<string>20G1120</string>
\t<key>ProductName</key>
\t<string>macOS</string>
\t<key>ProductVersion</key>
\t<string>11.7.4</string>
</dict>
</plist>
";

impl Fx {
    fn new(tag: &str) -> Fx {
        let base =
            std::env::temp_dir().join(format!("calvados-tools-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let prefix = base.join("prefix");
        let bin = base.join("bin");
        for d in [
            "private/etc",
            "private/var/run",
            "System/Library/CoreServices",
            "nix",
            "Users",
        ] {
            std::fs::create_dir_all(prefix.join(d)).unwrap();
        }
        std::os::unix::fs::symlink("private/etc", prefix.join("etc")).unwrap();
        std::os::unix::fs::symlink("private/var", prefix.join("var")).unwrap();
        std::fs::write(
            prefix.join("System/Library/CoreServices/SystemVersion.plist"),
            SYSVER,
        )
        .unwrap();
        std::fs::write(
            prefix.join("etc/passwd"),
            "root:*:0:0:System Administrator:/var/root:/bin/sh\nnobody:*:4294967294:4294967294:Unprivileged User:/var/empty:/usr/bin/false\n",
        )
        .unwrap();
        std::fs::write(
            prefix.join("etc/group"),
            "wheel:*:0:root\nstaff:*:20:root\nadmin:*:80:root\n",
        )
        .unwrap();
        std::fs::create_dir_all(&bin).unwrap();
        for t in [
            "sw_vers",
            "dscl",
            "dseditgroup",
            "sysadminctl",
            "diskutil",
            "sandbox-exec",
            "launchctl",
        ] {
            std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_calvados-tools"), bin.join(t)).unwrap();
        }
        Fx { prefix, bin }
    }

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        Command::new(self.bin.join(tool))
            .args(args)
            .env("CALVADOS_PREFIX", &self.prefix)
            .output()
            .unwrap()
    }

    fn ok(&self, tool: &str, args: &[&str]) -> String {
        let o = self.run(tool, args);
        assert!(o.status.success(), "{tool} {args:?}: {o:?}");
        String::from_utf8(o.stdout).unwrap()
    }

    fn file(&self, p: &str) -> String {
        std::fs::read_to_string(self.prefix.join(p)).unwrap_or_default()
    }
}

fn status(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn sw_vers() {
    let f = Fx::new("swvers");
    assert_eq!(
        f.ok("sw_vers", &[]),
        "ProductName:\tmacOS\nProductVersion:\t11.7.4\nBuildVersion:\t20G1120\n"
    );
    assert_eq!(f.ok("sw_vers", &["-productName"]), "macOS\n");
    assert_eq!(f.ok("sw_vers", &["-productVersion"]), "11.7.4\n");
    assert_eq!(f.ok("sw_vers", &["-buildVersion"]), "20G1120\n");
    let o = f.run("sw_vers", &["-bogus"]);
    assert_eq!(status(&o), 1);
    assert!(stderr(&o).starts_with("Usage: sw_vers"));
    assert!(f.ok("sw_vers", &["--help"]).contains("Usage"));
}

/// The Nix installer's command sequence (scripts/install-darwin-multi-user.sh).
#[test]
fn nix_installer_sequence() {
    let f = Fx::new("nix");
    // poly_group_exists
    let o = f.run("dscl", &[".", "-read", "/Groups/nixbld"]);
    assert_eq!(status(&o), 56);
    assert_eq!(
        stderr(&o),
        "<dscl_cmd> DS Error: -14136 (eDSRecordNotFound)\n"
    );
    f.ok(
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
    let gid = f.ok("dscl", &[".", "-read", "/Groups/nixbld"]);
    assert!(gid.contains("PrimaryGroupID: 350\n"), "{gid}");
    assert!(
        gid.contains("RealName:\n Nix build group for nix-daemon\n"),
        "{gid}"
    );
    assert!(f.file("etc/group").contains("nixbld:*:350:\n"));
    for i in 1..=3 {
        let u = format!("_nixbld{i}");
        let p = format!("/Users/{u}");
        let uid = (350 + i).to_string();
        assert_eq!(status(&f.run("dscl", &[".", "-read", &p])), 56);
        f.ok("dscl", &[".", "create", &p, "UniqueID", &uid]);
        f.ok("dscl", &[".", "-create", &p, "IsHidden", "1"]);
        f.ok(
            "dscl",
            &[".", "-create", &p, "NFSHomeDirectory", "/var/empty"],
        );
        f.ok(
            "dscl",
            &[
                ".",
                "-create",
                &p,
                "RealName",
                &format!("Nix build user {i}"),
            ],
        );
        f.ok("dscl", &[".", "-create", &p, "UserShell", "/sbin/nologin"]);
        let o = f.run("dseditgroup", &["-o", "checkmember", "-m", &u, "nixbld"]);
        assert_eq!(status(&o), 64);
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            format!("no {u} is NOT a member of nixbld\n")
        );
        f.ok(
            "dseditgroup",
            &["-o", "edit", "-t", "user", "-a", &u, "nixbld"],
        );
        f.ok(
            "dseditgroup",
            &["-o", "edit", "-t", "user", "-a", &u, "nixbld"],
        );
        assert_eq!(
            f.ok("dseditgroup", &["-o", "checkmember", "-m", &u, "nixbld"]),
            format!("yes {u} is a member of nixbld\n")
        );
        f.ok("dscl", &[".", "-create", &p, "PrimaryGroupID", "350"]);
        let r = f.ok("dscl", &[".", "-read", &p]);
        for want in [
            "UniqueID: ",
            "IsHidden: 1\n",
            "UserShell: /sbin/nologin\n",
            "PrimaryGroupID: 350\n",
        ] {
            assert!(r.contains(want), "{r}");
        }
        assert!(
            r.contains(&format!("RealName:\n Nix build user {i}\n")),
            "{r}"
        );
        assert!(f.file("etc/passwd").contains(&format!(
            "{u}:*:{uid}:350:Nix build user {i}:/var/empty:/sbin/nologin\n"
        )));
    }
    assert!(f
        .file("etc/group")
        .contains("nixbld:*:350:_nixbld1,_nixbld2,_nixbld3\n"));
    assert!(f
        .prefix
        .join("var/db/dslocal/nodes/Default/users/_nixbld1.plist")
        .is_file());
    // dsclattr: awk "/UniqueID/ { print $2 }"
    let r = f.ok("dscl", &[".", "-read", "/Users/_nixbld2", "UniqueID"]);
    assert_eq!(r, "UniqueID: 352\n");
    let l = f.ok("dscl", &[".", "-list", "/Users", "UniqueID"]);
    assert!(
        l.lines()
            .any(|x| x.split_whitespace().collect::<Vec<_>>() == ["_nixbld3", "353"]),
        "{l}"
    );
    assert!(
        l.lines()
            .any(|x| x.split_whitespace().collect::<Vec<_>>() == ["nobody", "-2"]),
        "{l}"
    );
    let s = f.ok("dscl", &[".", "-search", "/Users", "UniqueID", "351"]);
    assert_eq!(s, "_nixbld1\t\tUniqueID = (\n    351\n)\n");
}

#[test]
fn dscl_edits_and_errors() {
    let f = Fx::new("dscl");
    f.ok("dscl", &["/Local/Default", "-create", "/Users/alice"]);
    f.ok("dscl", &[".", "-create", "/Users/alice", "UniqueID", "600"]);
    f.ok(
        "dscl",
        &[".", "-create", "/Users/alice", "PrimaryGroupID", "20"],
    );
    assert!(f.file("etc/passwd").contains("alice:*:600:20::"));
    f.ok(
        "dscl",
        &[".", "-append", "/Users/alice", "Keywords", "a", "b"],
    );
    f.ok(
        "dscl",
        &[".", "-merge", "/Users/alice", "Keywords", "b", "c"],
    );
    assert_eq!(
        f.ok("dscl", &[".", "-read", "/Users/alice", "Keywords"]),
        "Keywords: a b c\n"
    );
    f.ok("dscl", &[".", "-delete", "/Users/alice", "Keywords", "b"]);
    assert_eq!(
        f.ok("dscl", &[".", "read", "/Users/alice", "Keywords"]),
        "Keywords: a c\n"
    );
    f.ok(
        "dscl",
        &[".", "-change", "/Users/alice", "Keywords", "a", "z"],
    );
    assert_eq!(
        f.ok("dscl", &[".", "read", "/Users/alice", "Keywords"]),
        "Keywords: z c\n"
    );
    f.ok("dscl", &[".", "-delete", "/Users/alice", "Keywords"]);
    let o = f.run("dscl", &[".", "-read", "/Users/alice", "Keywords"]);
    assert_eq!(
        (status(&o), stderr(&o)),
        (181, "No such key: Keywords\n".to_string())
    );
    let o = f.run("dscl", &[".", "-append", "/Users/ghost", "X", "1"]);
    assert_eq!(status(&o), 56);
    assert!(f.ok("dscl", &[".", "-list", "/Users"]).contains("alice\n"));
    assert!(f
        .ok(
            "dscl",
            &["-plist", ".", "-read", "/Users/alice", "UniqueID"]
        )
        .contains("<key>dsAttrTypeStandard:UniqueID</key>"));
    f.ok("dscl", &[".", "-passwd", "/Users/alice", "secret"]);
    f.ok("dscl", &[".", "-delete", "/Users/alice"]);
    assert!(!f.file("etc/passwd").contains("alice"));
    assert_eq!(
        status(&f.run("dscl", &[".", "-delete", "/Users/alice"])),
        56
    );
    assert_eq!(status(&f.run("dscl", &[".", "-read", "/Bogus/x"])), 185);
    assert_eq!(
        status(&f.run("dscl", &["nowhere", "-read", "/Users/root"])),
        64
    );
    // Seeded users read from /etc/passwd.
    let r = f.ok("dscl", &[".", "-read", "/Users/root"]);
    assert!(
        r.contains("NFSHomeDirectory: /var/root\n")
            && r.contains("RealName:\n System Administrator\n"),
        "{r}"
    );
}

#[test]
fn dseditgroup_and_sysadminctl() {
    let f = Fx::new("groups");
    let o = f.run("dseditgroup", &["-o", "create", "-i", "700", "devs"]);
    assert!(o.status.success());
    assert_ne!(status(&f.run("dseditgroup", &["-o", "create", "devs"])), 0);
    f.ok("dseditgroup", &["-o", "create", "auto"]);
    assert!(
        f.file("etc/group").contains("auto:*:501:\n"),
        "{}",
        f.file("etc/group")
    );
    let o = f.run(
        "sysadminctl",
        &[
            "-addUser",
            "-fullName",
            "Bob B",
            "-home",
            "/var/empty",
            "-UID",
            "650",
            "-password",
            "x",
            "-addUser",
            "bob",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(stderr(&o).contains("sysadminctl["));
    assert!(
        f.file("etc/passwd")
            .contains("bob:********:650:20:Bob B:/var/empty:/bin/zsh\n"),
        "{}",
        f.file("etc/passwd")
    );
    f.ok("sysadminctl", &["-addUser", "carol", "-admin"]);
    assert!(f
        .file("etc/passwd")
        .contains("carol:********:501:20:carol:/Users/carol:/bin/zsh\n"));
    assert!(f.prefix.join("Users/carol").is_dir());
    assert!(f.file("etc/group").contains("admin:*:80:root,carol\n"));
    f.ok(
        "dseditgroup",
        &["-o", "edit", "-a", "bob", "-t", "user", "devs"],
    );
    f.ok("dseditgroup", &["-o", "checkmember", "-m", "bob", "devs"]);
    f.ok("dseditgroup", &["-o", "checkmember", "-m", "bob", "staff"]);
    f.ok(
        "dseditgroup",
        &["-o", "edit", "-d", "bob", "-t", "user", "devs"],
    );
    assert_eq!(
        status(&f.run("dseditgroup", &["-o", "checkmember", "-m", "bob", "devs"])),
        64
    );
    assert!(f
        .ok("dseditgroup", &["devs"])
        .contains("dsAttrTypeStandard:PrimaryGroupID -\n\t\t700\n"));
    f.ok("sysadminctl", &["-deleteUser", "carol"]);
    assert!(!f.file("etc/passwd").contains("carol") && !f.file("etc/group").contains("carol"));
    assert!(!f.prefix.join("Users/carol").exists());
    f.ok("dseditgroup", &["-o", "delete", "devs"]);
    assert_eq!(status(&f.run("dseditgroup", &["-o", "delete", "devs"])), 64);
    assert_eq!(status(&f.run("dseditgroup", &["-o", "create"])), 64);
    assert!(f.ok("sysadminctl", &["-help"]).contains("-addUser"));
}

#[test]
fn diskutil() {
    let f = Fx::new("disk");
    let p = f.ok("diskutil", &["info", "-plist", "/nix"]);
    assert!(
        p.contains("<key>GlobalPermissionsEnabled</key>\n\t<true/>"),
        "{p}"
    );
    for k in [
        "MountPoint",
        "VolumeName",
        "FilesystemType",
        "DeviceIdentifier",
        "ParentWholeDisk",
        "Writable",
    ] {
        assert!(p.contains(&format!("<key>{k}</key>")), "{k}");
    }
    let t = f.ok("diskutil", &["info", "/"]);
    assert!(t.contains("   Mount Point:               /\n"), "{t}");
    assert!(t.contains("   Type (Bundle):             apfs\n"));
    assert!(f
        .ok("diskutil", &["info", "disk1s1"])
        .contains("Macintosh HD"));
    let o = f.run("diskutil", &["info", "/no/such"]);
    assert_eq!(
        (status(&o), stderr(&o)),
        (1, "Could not find disk: /no/such\n".to_string())
    );
    let o = f.run(
        "diskutil",
        &[
            "apfs",
            "addVolume",
            "disk1",
            "APFS",
            "Nix Store",
            "-nomount",
        ],
    );
    assert_eq!(status(&o), 1);
    assert_eq!(stderr(&o).lines().count(), 1);
    assert_eq!(status(&f.run("diskutil", &["enableOwnership", "/nix"])), 1);
    assert!(f
        .ok("diskutil", &["list"])
        .contains("APFS Volume Macintosh HD"));
    assert!(f
        .ok("diskutil", &["list", "-plist"])
        .contains("<key>AllDisks</key>"));
}

#[test]
fn sandbox_exec() {
    let f = Fx::new("sbx");
    let prof = f.prefix.join("p.sb");
    std::fs::write(&prof, "(version 1)\n(allow default)\n; comment (\n").unwrap();
    let o = f.run(
        "sandbox-exec",
        &[
            "-f",
            prof.to_str().unwrap(),
            "-D",
            "_GLOBAL_TMP_DIR=/tmp",
            "/bin/sh",
            "-c",
            "echo hi; exit 3",
        ],
    );
    assert_eq!(
        (status(&o), String::from_utf8_lossy(&o.stdout).into_owned()),
        (3, "hi\n".into())
    );
    assert_eq!(
        f.ok(
            "sandbox-exec",
            &["-p", "(version 1)(allow default)", "/bin/echo", "x"]
        ),
        "x\n"
    );
    assert_eq!(
        f.ok("sandbox-exec", &["-n", "no-network", "/bin/echo", "y"]),
        "y\n"
    );
    assert_eq!(status(&f.run("sandbox-exec", &["/bin/true"])), 64);
    assert_eq!(status(&f.run("sandbox-exec", &["-p", "(version 1)"])), 64);
    assert_eq!(
        status(&f.run(
            "sandbox-exec",
            &["-D", "x", "-p", "(version 1)", "/bin/true"]
        )),
        64
    );
    assert_eq!(
        status(&f.run("sandbox-exec", &["-p", "(version 1", "/bin/true"])),
        65
    );
    let o = f.run("sandbox-exec", &["-p", "(version 1)", "/no/such/cmd"]);
    assert_eq!(status(&o), 71);
    assert_eq!(
        stderr(&o),
        "sandbox-exec: execvp() of '/no/such/cmd' failed: No such file or directory\n"
    );
}

fn wait_for(p: &Path) -> String {
    for _ in 0..100 {
        if let Ok(t) = std::fs::read_to_string(p) {
            if !t.is_empty() {
                return t;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    String::new()
}

#[test]
fn launchctl() {
    let f = Fx::new("launchd");
    let out = f.prefix.join("job.out");
    let plist = f.prefix.join("org.test.job.plist");
    std::fs::write(
        &plist,
        format!(
            "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict>\
             <key>Label</key><string>org.test.job</string>\
             <key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string>\
             <string>echo started $FOO; exec sleep 30</string></array>\
             <key>EnvironmentVariables</key><dict><key>FOO</key><string>bar</string></dict>\
             <key>RunAtLoad</key><true/>\
             <key>StandardOutPath</key><string>{}</string>\
             </dict></plist>",
            out.display()
        ),
    )
    .unwrap();
    let p = plist.to_str().unwrap();
    f.ok("launchctl", &["load", "-w", p]);
    assert_eq!(wait_for(&out), "started bar\n");
    let l = f.ok("launchctl", &["list"]);
    assert!(l.starts_with("PID\tStatus\tLabel\n"), "{l}");
    let line = l
        .lines()
        .find(|x| x.ends_with("\torg.test.job"))
        .unwrap()
        .to_string();
    let pid: i32 = line.split('\t').next().unwrap().parse().unwrap();
    assert!(Path::new(&format!("/proc/{pid}")).exists());
    assert!(f
        .ok("launchctl", &["list", "org.test.job"])
        .contains(&format!("\"PID\" = {pid};")));
    assert!(f
        .ok("launchctl", &["print", "system/org.test.job"])
        .contains("state = running"));
    std::fs::write(&out, "").unwrap();
    f.ok("launchctl", &["kickstart", "-k", "system/org.test.job"]);
    assert_eq!(wait_for(&out), "started bar\n");
    let l = f.ok("launchctl", &["list"]);
    let pid2: i32 = l
        .lines()
        .find(|x| x.ends_with("\torg.test.job"))
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(pid, pid2);
    f.ok("launchctl", &["bootout", "system/org.test.job"]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(!f.ok("launchctl", &["list"]).contains("org.test.job"));
    let o = f.run("launchctl", &["bootout", "system/org.test.job"]);
    assert_eq!(
        (status(&o), stderr(&o)),
        (3, "Boot-out failed: 3: No such process\n".to_string())
    );
    let o = f.run("launchctl", &["kickstart", "-k", "system/org.test.job"]);
    assert_eq!(status(&o), 113);
    assert_eq!(
        status(&f.run("launchctl", &["print", "system/org.test.job"])),
        113
    );
    f.ok("launchctl", &["bootstrap", "system", p]);
    assert_eq!(status(&f.run("launchctl", &["bootstrap", "system", p])), 5);
    f.ok("launchctl", &["unload", p]);
}
