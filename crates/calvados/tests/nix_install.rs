//! `calvados nix install`, `calvados nix CMD` / `darwin-nix` and
//! `calvados doctor` with the darwin Nix tarball the project builds
//! (`fixtures/nix-darwin/`, or `$CALVADOS_NIX_TARBALL`): installing into a
//! fresh prefix, idempotence, resuming, bad tarballs leaving the prefix as
//! it was, URLs checked against their SHA-256, the wrapper's streams, exit
//! status and signals, the verification checklist, and builds (a `/bin/sh`
//! builder, a multi-line builder, `builtins.toFile` input, a chain).
//! Without a tarball every test passes with a message saying it skipped.

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

fn calvados() -> Command {
    Command::new(env!("CARGO_BIN_EXE_calvados"))
}

/// The darwin release tarball, or `None` (the test then skips).
fn tarball() -> Option<PathBuf> {
    let t = std::env::var_os("CALVADOS_NIX_TARBALL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/third-party/nix-darwin/nix-2.26.3-x86_64-darwin.tar.xz")
        });
    if t.is_file() {
        Some(t)
    } else {
        eprintln!(
            "skipped: no darwin Nix tarball at {} (`fixtures/nix-darwin/build.sh` builds it, about an hour; or set CALVADOS_NIX_TARBALL)",
            t.display()
        );
        None
    }
}

/// A fresh directory for a prefix, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("calvados-nixt-{tag}-{}", std::process::id()));
        common::remove_tree(&d);
        Dir(d)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        common::remove_tree(&self.0);
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Neither stream holds a missing-function report, and no signal ended it.
fn sane(what: &str, o: &Output) {
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(!all.contains("calvados: unimplemented"), "{what}: {all}");
    assert!(o.status.signal().is_none(), "{what}: {:?}\n{all}", o.status);
}

fn install(prefix: &Path, tarball: &Path, extra: &[&str]) -> Output {
    let o = calvados()
        .args(["nix", "install", "--prefix"])
        .arg(prefix)
        .args(["--conf", "substituters =", "--no-channel-add"])
        .args(extra)
        .arg(tarball)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    sane("install", &o);
    o
}

/// `calvados nix --prefix P ARGS...` with `stdin` text.
fn nix(prefix: &Path, args: &[&str], stdin: &str) -> Output {
    let mut c = calvados()
        .arg("nix")
        .arg("--prefix")
        .arg(prefix)
        .arg("--")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let o = c.wait_with_output().unwrap();
    sane(&args.join(" "), &o);
    o
}

fn ok(what: &str, o: &Output) -> String {
    assert!(
        o.status.success(),
        "{what}: {:?}\n{}\n{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

/// `calvados prefix init --prefix P`, which must succeed.
fn init(p: &Path) {
    ok(
        "init",
        &calvados()
            .args(["prefix", "init", "--prefix"])
            .arg(p)
            .output()
            .unwrap(),
    );
}

/// Every file under `d` with its size and mode (what "unchanged" means).
fn listing(d: &Path) -> Vec<String> {
    fn walk(d: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let m = e.path().symlink_metadata().unwrap();
            use std::os::unix::fs::MetadataExt;
            out.push(format!("{} {} {:o}", e.path().display(), m.len(), m.mode()));
            if m.is_dir() {
                walk(&e.path(), out);
            }
        }
    }
    let mut v = Vec::new();
    walk(d, &mut v);
    v.sort();
    v
}

#[test]
fn installs_runs_the_checklist_and_is_idempotent() {
    let Some(tb) = tarball() else { return };
    let d = Dir::new("main");
    let t = Instant::now();
    let o = install(&d.0, &tb, &[]);
    ok("install", &o);
    eprintln!(
        "install into a new prefix: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let err = text(&o.stderr);
    assert!(err.contains("16 path(s) added, 0 already there"), "{err}");

    let conf = std::fs::read_to_string(d.0.join("etc/nix/nix.conf")).unwrap();
    assert!(conf.contains("\nbuild-users-group = \n"), "{conf}");
    assert!(
        conf.contains("experimental-features = nix-command flakes"),
        "{conf}"
    );
    assert!(
        conf.contains("trusted-public-keys = cache.nixos.org-1:"),
        "{conf}"
    );
    assert!(conf.contains("\nsubstituters = \n"), "{conf}");
    let home = d.0.join("var/root");
    let profile = std::fs::read_to_string(home.join(".profile")).unwrap();
    assert!(
        profile.contains("/var/root/.nix-profile/etc/profile.d/nix.sh"),
        "{profile}"
    );
    // The store is read-only, as Nix wants it.
    let store = d.0.join("nix/store");
    for e in std::fs::read_dir(&store).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let m = e.path().symlink_metadata().unwrap();
        if m.is_dir() {
            assert!(
                m.permissions().readonly(),
                "{} is writable",
                e.path().display()
            );
        }
    }

    // The checklist, as `calvados doctor --json` runs it.
    let t = Instant::now();
    let o = calvados()
        .args(["doctor", "--json", "--prefix"])
        .arg(&d.0)
        .output()
        .unwrap();
    let out = text(&o.stdout);
    eprintln!("doctor: {:.2} s", t.elapsed().as_secs_f64());
    assert!(o.status.success(), "{out}\n{}", text(&o.stderr));
    assert!(out.contains("\"failed\": 0"), "{out}");
    for name in [
        "nix --version",
        "nix-env --version",
        "nix-store --verify --check-contents",
        "nix eval --expr '1 + 1'",
        "nix-store --dump-db",
        "builtins.currentSystem",
        "nix repl",
        "nix-build (/bin/sh builder)",
    ] {
        assert!(
            out.contains(&format!("\"name\": \"{name}\"")),
            "{name}: {out}"
        );
    }
    assert_eq!(out.matches("\"ok\": true").count(), 10, "{out}");

    // The checklist items directly, with their exact answers.
    assert_eq!(
        ok(
            "1+1",
            &nix(&d.0, &["nix-instantiate", "--eval", "-E", "1 + 1"], "")
        ),
        "2\n"
    );
    assert_eq!(
        ok("eval", &nix(&d.0, &["nix", "eval", "--expr", "1 + 1"], "")),
        "2\n"
    );
    assert_eq!(
        ok(
            "system",
            &nix(
                &d.0,
                &["nix-instantiate", "--eval", "-E", "builtins.currentSystem"],
                ""
            )
        ),
        "\"x86_64-darwin\"\n"
    );
    let v = ok("version", &nix(&d.0, &["nix-env", "--version"], ""));
    assert_eq!(v, "nix-env (Nix) 2.26.3\n");
    let q = ok("query", &nix(&d.0, &["nix-env", "-q"], ""));
    assert_eq!(
        q.lines().collect::<Vec<_>>(),
        ["cacert-20250419", "nix-2.26.3"],
        "{q}"
    );

    // Again: nothing added, the profile not rebuilt, the hook not doubled.
    let gens = ok("gens", &nix(&d.0, &["nix-env", "--list-generations"], ""));
    let o = install(&d.0, &tb, &[]);
    ok("install again", &o);
    assert!(text(&o.stderr).contains("0 path(s) added, 16 already there"));
    assert_eq!(
        ok("gens", &nix(&d.0, &["nix-env", "--list-generations"], "")),
        gens
    );
    let profile2 = std::fs::read_to_string(home.join(".profile")).unwrap();
    assert_eq!(profile, profile2);
    assert!(!d.0.join("nix/.calvados-install.lock").exists());
}

#[test]
fn the_wrapper_passes_streams_status_and_signals() {
    let Some(tb) = tarball() else { return };
    let d = Dir::new("wrap");
    ok("install", &install(&d.0, &tb, &[]));

    // stdin in, stdout out.
    let o = nix(&d.0, &["nix-instantiate", "--eval", "-"], "3 * 5");
    assert_eq!(ok("stdin", &o), "15\n");
    // Nix's own exit status and message.
    let o = nix(
        &d.0,
        &["nix-instantiate", "--eval", "-E", "throw \"boom\""],
        "",
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(text(&o.stderr).contains("boom"), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
    // A command that is not there: the shell's 127.
    let o = nix(&d.0, &["no-such-nix-command"], "");
    assert_eq!(o.status.code(), Some(127));

    // darwin-nix is calvados nix.
    let link_dir = Dir::new("link");
    std::fs::create_dir_all(&link_dir.0).unwrap();
    let link = link_dir.0.join("darwin-nix");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_calvados"), &link).unwrap();
    let o = Command::new(&link)
        .arg("--prefix")
        .arg(&d.0)
        .args(["nix", "--version"])
        .output()
        .unwrap();
    assert_eq!(ok("darwin-nix", &o), "nix (Nix) 2.26.3\n");

    // SIGINT reaches Nix, which stops a build (killing its builder) and
    // says so.
    std::fs::write(
        d.0.join("private/tmp/slow.nix"),
        r#"derivation { name = "slow"; system = "x86_64-darwin"; builder = "/bin/sh"; args = [ "-c" "/bin/sleep 60; echo > $out" ]; }"#,
    )
    .unwrap();
    let mut c = calvados()
        .arg("nix")
        .arg("--prefix")
        .arg(&d.0)
        .args(["nix-build", "--no-out-link", "/tmp/slow.nix"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2000));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(c.id() as i32, libc::SIGINT) };
    let t = Instant::now();
    let o = loop {
        if c.try_wait().unwrap().is_some() || t.elapsed() > Duration::from_secs(20) {
            let _ = c.kill();
            break c.wait_with_output().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let err = text(&o.stderr);
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "SIGINT did not stop Nix"
    );
    assert!(!o.status.success(), "{err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("interrupted by the user"),
        "{:?} {err}",
        o.status
    );

    // Not installed: a clear message naming the command that fixes it.
    let bare = Dir::new("bare");
    init(&bare.0);
    let o = calvados()
        .arg("nix")
        .arg("--prefix")
        .arg(&bare.0)
        .args(["nix", "--version"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(125));
    assert!(
        text(&o.stderr).contains("calvados nix install"),
        "{}",
        text(&o.stderr)
    );
}

/// Writes `expr` to the prefix's /tmp and builds it; returns the output
/// paths (as seen inside) and the build log.
fn build(prefix: &Path, name: &str, expr: &str) -> (Vec<String>, String) {
    std::fs::write(prefix.join("private/tmp").join(name), expr).unwrap();
    let o = nix(
        prefix,
        &["nix-build", "--no-out-link", &format!("/tmp/{name}")],
        "",
    );
    let out = ok(name, &o);
    (out.lines().map(str::to_string).collect(), text(&o.stderr))
}

/// A store path's file, read from the host.
fn read(prefix: &Path, p: &str) -> String {
    std::fs::read_to_string(prefix.join(p.trim_start_matches('/'))).unwrap()
}

#[test]
fn builds_derivations() {
    let Some(tb) = tarball() else { return };
    let d = Dir::new("build");
    ok("install", &install(&d.0, &tb, &[]));
    let p = &d.0;

    // 1. A /bin/sh builder writing $out.
    let t = Instant::now();
    let (out, _) = build(
        p,
        "one.nix",
        r#"derivation { name = "one"; system = "x86_64-darwin"; builder = "/bin/sh"; args = [ "-c" "echo hello from $name > $out" ]; }"#,
    );
    eprintln!("level-1 build: {:.2} s", t.elapsed().as_secs_f64());
    assert_eq!(out.len(), 1);
    assert!(out[0].ends_with("-one"), "{out:?}");
    assert_eq!(read(p, &out[0]), "hello from one\n");

    // 2. A multi-line builder: directories, modes, a loop, several files,
    //    two outputs.
    let (out, _) = build(
        p,
        "two.nix",
        r#"derivation {
  name = "two"; system = "x86_64-darwin"; builder = "/bin/sh";
  outputs = [ "out" "doc" ];
  PATH = "/bin:/usr/bin";
  args = [ "-c" ''
    set -e
    mkdir -p $out/bin $out/share/two $doc
    for i in 1 2 3; do
      echo "file $i" > $out/share/two/f$i.txt
    done
    printf '#!/bin/sh\necho run\n' > $out/bin/two
    chmod 755 $out/bin/two
    ls $out/share/two | wc -l | tr -d ' ' > $doc/count
  '' ];
}"#,
    );
    // nix-build prints the default output; the derivation has both.
    let drv = ok("inst", &nix(p, &["nix-instantiate", "/tmp/two.nix"], ""));
    let outs = ok(
        "outputs",
        &nix(p, &["nix-store", "-q", "--outputs", drv.trim()], ""),
    );
    let outs: Vec<&str> = outs.lines().collect();
    assert_eq!(outs.len(), 2, "{outs:?}");
    assert_eq!(out, [outs[0]]);
    let (o, doc) = (outs[0], outs[1]);
    assert!(o.ends_with("-two") && doc.ends_with("-two-doc"), "{out:?}");
    for i in 1..=3 {
        assert_eq!(
            read(p, &format!("{o}/share/two/f{i}.txt")),
            format!("file {i}\n")
        );
    }
    assert_eq!(read(p, &format!("{doc}/count")), "3\n");
    use std::os::unix::fs::PermissionsExt;
    let m = std::fs::metadata(p.join(format!("{}/bin/two", &o[1..]))).unwrap();
    assert_eq!(
        m.permissions().mode() & 0o777,
        0o555,
        "store files lose write bits"
    );
    let run = nix(p, &[&format!("{o}/bin/two")], "");
    assert_eq!(ok("run two", &run), "run\n");

    // 3. Input from builtins.toFile, transformed.
    let (out, _) = build(
        p,
        "three.nix",
        r#"derivation {
  name = "three"; system = "x86_64-darwin"; builder = "/bin/sh";
  src = builtins.toFile "words.txt" "banana\napple\ncherry\n";
  PATH = "/bin:/usr/bin";
  args = [ "-c" "sort $src | tr a-z A-Z > $out" ];
}"#,
    );
    assert_eq!(read(p, &out[0]), "APPLE\nBANANA\nCHERRY\n");

    // 4. A chain: the second derivation reads the first's output.
    let (out, log) = build(
        p,
        "four.nix",
        r#"let
  a = derivation { name = "a"; system = "x86_64-darwin"; builder = "/bin/sh"; args = [ "-c" "echo 21 > $out" ]; };
in derivation {
  name = "b"; system = "x86_64-darwin"; builder = "/bin/sh"; inherit a;
  args = [ "-c" "echo $(( $(/bin/cat $a) * 2 )) > $out" ];
}"#,
    );
    assert_eq!(read(p, &out[0]), "42\n");
    assert!(log.contains("-a.drv") && log.contains("-b.drv"), "{log}");
    let drv = ok("inst", &nix(p, &["nix-instantiate", "/tmp/four.nix"], ""));
    let refs = ok(
        "refs",
        &nix(p, &["nix-store", "-q", "--references", drv.trim()], ""),
    );
    assert!(
        refs.lines().any(|l| l.ends_with("-a.drv")),
        "b's derivation needs a's: {refs}"
    );

    // 5. Builders that end with a program closing its standard streams in
    //    an exit handler (coreutils): Nix kills the builder's process
    //    group when its log ends, so the log must end with the process.
    for i in 0..10 {
        let (out, _) = build(
            p,
            &format!("mk{i}.nix"),
            &format!(
                r#"derivation {{ name = "mk{i}"; system = "x86_64-darwin"; builder = "/bin/sh"; args = [ "-c" "/bin/mkdir $out" ]; }}"#
            ),
        );
        assert!(p.join(&out[0][1..]).is_dir(), "{out:?}");
    }

    // The store still checks out.
    let o = nix(p, &["nix-store", "--verify", "--check-contents"], "");
    ok("verify", &o);
    assert!(!text(&o.stderr).contains("error"), "{}", text(&o.stderr));
}

/// A tar.xz holding `files` (name, bytes) made with Python's tarfile.
fn make_tarball(dir: &Path, name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let src = dir.join(format!("{name}.d"));
    for (f, data) in files {
        let p = src.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, data).unwrap();
    }
    let out = dir.join(name);
    let st = Command::new("python3")
        .args([
            "-c",
            "import sys,tarfile,os\nwith tarfile.open(sys.argv[1],'w:xz') as t:\n for n in sorted(os.listdir(sys.argv[2])): t.add(os.path.join(sys.argv[2],n),n)",
        ])
        .arg(&out)
        .arg(&src)
        .status()
        .unwrap();
    assert!(st.success());
    out
}

#[test]
fn bad_tarballs_leave_the_prefix_as_it_was() {
    let Some(tb) = tarball() else { return };
    let d = Dir::new("bad");
    let work = Dir::new("badwork");
    std::fs::create_dir_all(&work.0).unwrap();
    init(&d.0);
    let before = listing(&d.0);

    let whole = std::fs::read(&tb).unwrap();
    let truncated = work.0.join("truncated.tar.xz");
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let not_xz = work.0.join("plain.tar.xz");
    std::fs::write(&not_xz, b"hello, not a tarball\n").unwrap();
    let reginfo = b"/nix/store/0fm51f7qk51c27zv2bsajvqqkgbcyz4h-nix-2.26.3\nsha256:0\n1\n\n0\n";
    let arm = make_tarball(
        &work.0,
        "arm.tar.xz",
        &[("nix-2.26.3-aarch64-darwin/.reginfo", reginfo)],
    );
    let no_reginfo = make_tarball(
        &work.0,
        "noreg.tar.xz",
        &[("nix-2.26.3-x86_64-darwin/store/x", b"")],
    );
    // A darwin release whose nix is arm64 only (MH_MAGIC_64, CPU_TYPE_ARM64).
    let arm_macho: &[u8] = &[0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 0x01, 0, 0, 0, 0];
    let arm_bin = make_tarball(
        &work.0,
        "armbin.tar.xz",
        &[
            ("nix-2.26.3-x86_64-darwin/.reginfo", reginfo),
            (
                "nix-2.26.3-x86_64-darwin/store/0fm51f7qk51c27zv2bsajvqqkgbcyz4h-nix-2.26.3/bin/nix",
                arm_macho,
            ),
        ],
    );
    let cases: [(&Path, &str); 5] = [
        (&truncated, "truncated or corrupt"),
        (&not_xz, "not an xz-compressed tarball"),
        (&arm, "for aarch64-darwin"),
        (&no_reginfo, ".reginfo"),
        (&arm_bin, "without x86_64 code"),
    ];
    for (t, want) in cases {
        let o = install(&d.0, t, &[]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", t.display());
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("calvados: nix install: ") && last.contains(want),
            "{want}: {err}"
        );
        assert_eq!(listing(&d.0), before, "{} changed the prefix", t.display());
    }

    // A bad tarball for a prefix that does not exist yet: none is left.
    let fresh = Dir::new("badfresh");
    let o = install(&fresh.0, &arm, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!fresh.0.exists(), "a half-made prefix was left");
}

#[test]
fn an_interrupted_install_is_finished_by_running_it_again() {
    let Some(tb) = tarball() else { return };
    let d = Dir::new("resume");
    init(&d.0);
    // What a kill in the middle leaves: a staging directory and some of
    // the store paths moved in, nothing registered.
    let stage = d.0.join("nix/.calvados-install.99999");
    std::fs::create_dir_all(&stage).unwrap();
    let st = Command::new("tar")
        .arg("-C")
        .arg(&stage)
        .arg("-xJf")
        .arg(&tb)
        .status()
        .unwrap();
    assert!(st.success());
    let top = std::fs::read_dir(&stage)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::create_dir_all(d.0.join("nix/store")).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(top.join("store"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    for n in &names[..names.len() / 2] {
        std::fs::rename(top.join("store").join(n), d.0.join("nix/store").join(n)).unwrap();
    }
    let o = install(&d.0, &tb, &[]);
    ok("resume", &o);
    let err = text(&o.stderr);
    let moved = names.len() / 2;
    assert!(
        err.contains(&format!(
            "{} path(s) added, {moved} already there",
            names.len() - moved
        )),
        "{err}"
    );
    assert!(!stage.exists(), "the stale staging directory is gone");
    let o = nix(&d.0, &["nix-store", "--verify", "--check-contents"], "");
    ok("verify", &o);
    assert_eq!(
        ok("v", &nix(&d.0, &["nix", "--version"], "")),
        "nix (Nix) 2.26.3\n"
    );
}

/// Serves `dir` on 127.0.0.1 with Python's http.server; killed on drop.
struct Server(std::process::Child, u16);

impl Server {
    fn start(dir: &Path) -> Server {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        let c = Command::new("python3")
            .args([
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                &port.to_string(),
            ])
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let t = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "http.server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server(c, port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn installs_from_a_url_checked_against_its_sha256() {
    let Some(tb) = tarball() else { return };
    let web = Dir::new("web");
    std::fs::create_dir_all(web.0.join("good")).unwrap();
    std::fs::create_dir_all(web.0.join("bad")).unwrap();
    let name = tb.file_name().unwrap().to_string_lossy().into_owned();
    for sub in ["good", "bad"] {
        std::fs::copy(&tb, web.0.join(sub).join(&name)).unwrap();
    }
    let sum = Command::new("sha256sum").arg(&tb).output().unwrap();
    let hex = text(&sum.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    std::fs::write(
        web.0.join(format!("good/{name}.sha256")),
        format!("{hex}\n"),
    )
    .unwrap();
    std::fs::write(
        web.0.join(format!("bad/{name}.sha256")),
        format!("{}\n", "0".repeat(64)),
    )
    .unwrap();
    let srv = Server::start(&web.0);

    let bad = Dir::new("urlbad");
    let url = format!("http://127.0.0.1:{}/bad/{name}", srv.1);
    let o = install(&bad.0, Path::new(&url), &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("SHA-256 mismatch"), "{err}");
    assert!(!bad.0.exists());

    let good = Dir::new("urlgood");
    let url = format!("http://127.0.0.1:{}/good/{name}", srv.1);
    ok("url install", &install(&good.0, Path::new(&url), &[]));
    assert_eq!(
        ok("v", &nix(&good.0, &["nix", "--version"], "")),
        "nix (Nix) 2.26.3\n"
    );

    // --sha256 instead of the published file; a missing .sha256 is an error.
    let o = install(
        &bad.0,
        Path::new(&url.replace("/good/", "/bad/")),
        &["--sha256", &hex],
    );
    ok("--sha256", &o);
    let none = Dir::new("urlnone");
    std::fs::copy(&tb, web.0.join("plain.tar.xz")).unwrap();
    let o = install(
        &none.0,
        Path::new(&format!("http://127.0.0.1:{}/plain.tar.xz", srv.1)),
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--sha256"), "{}", text(&o.stderr));
}

#[test]
fn an_ordinary_user_installs_and_builds() {
    let Some(tb) = tarball() else { return };
    let Some(user) = common::test_user() else {
        return;
    };
    let d = Dir::new("user");
    std::fs::create_dir_all(&d.0).unwrap();
    // The user's own directory, and a copy of the tarball it can read.
    let st = Command::new("chown")
        .arg(user.1.to_string())
        .arg(&d.0)
        .status()
        .unwrap();
    assert!(st.success());
    let own_tb = d.0.join("nix.tar.xz");
    std::fs::copy(&tb, &own_tb).unwrap();
    let p = d.0.join("pfx");
    let o = common::calvados_as(Some(user))
        .env("HOME", &d.0)
        .args(["nix", "install", "--prefix"])
        .arg(&p)
        .args(["--conf", "substituters =", "--no-channel-add"])
        .arg(&own_tb)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    sane("user install", &o);
    ok("user install", &o);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(
        std::fs::metadata(p.join("nix/store")).unwrap().uid(),
        user.1
    );
    let o = common::calvados_as(Some(user))
        .env("HOME", &d.0)
        .args(["doctor", "--prefix"])
        .arg(&p)
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.ends_with("10 passed, 0 failed\n"), "{out}");
    let profile = std::fs::read_to_string(p.join(format!("Users/{}/.profile", user.0))).unwrap();
    assert!(profile.contains(&format!(
        "/Users/{}/.nix-profile/etc/profile.d/nix.sh",
        user.0
    )));
}
