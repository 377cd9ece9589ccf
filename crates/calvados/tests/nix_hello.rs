//! A real C program built by darwin Nix in a prefix with a compiler that
//! itself runs under Calvados: GNU hello from Debian's source package,
//! `./configure && make && make install` in a derivation whose `CC` is
//! zig's own macOS build (the `ziglang` wheel from PyPI). Every program of
//! the build — Nix, bash, sed, make, zig, each configure test program — is
//! an x86_64 Mach-O running under Calvados; the result runs and prints
//! `Hello, world!`.
//!
//! Needs the darwin Nix tarball (`fixtures/nix-darwin/build.sh`), the zig
//! wheel (`scripts/fetch-real-binaries.sh`) and Debian's `hello` source
//! (`scripts/debian-source.sh`); without one of them it prints why it
//! skipped and passes. It takes a few minutes (configure runs ~400 checks).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

mod common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn calvados() -> Command {
    Command::new(env!("CARGO_BIN_EXE_calvados"))
}

/// Runs a project script; its stdout, or why it failed.
fn script(args: &[&str]) -> Result<String, String> {
    let o = Command::new("bash")
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if o.status.success() {
        Ok(text(&o.stdout))
    } else {
        Err(text(&o.stderr)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string())
    }
}

const HELLO_NIX: &str = r#"derivation {
  name = "hello-2.10";
  system = "x86_64-darwin";
  builder = "/bin/sh";
  src = /src/hello;
  PATH = "/opt/zig:/usr/bin:/bin:/usr/sbin:/sbin";
  args = [ "-c" ''
    set -e
    # -p: the store's uniform timestamps, so make regenerates nothing.
    cp -Rp $src hello
    chmod -R u+w hello
    cd hello
    export HOME=$TMPDIR ZIG_GLOBAL_CACHE_DIR=$TMPDIR/zig-cache ZIG_LOCAL_CACHE_DIR=$TMPDIR/zig-cache
    # gettext's configure looks for an ld on PATH (a Mac has /usr/bin/ld);
    # zig cc links with its own linker.
    ./configure --prefix=$out CC="zig cc -target x86_64-macos" AR="zig ar" RANLIB="zig ranlib" LD=ld
    make
    make install
  '' ];
}
"#;

#[test]
fn nix_builds_gnu_hello_with_a_compiler_running_under_calvados() {
    let tb = root().join("target/third-party/nix-darwin/nix-2.26.3-x86_64-darwin.tar.xz");
    if !tb.is_file() {
        eprintln!(
            "skipped: no darwin Nix tarball at {} (fixtures/nix-darwin/build.sh builds it)",
            tb.display()
        );
        return;
    }
    if let Err(e) = script(&["scripts/fetch-real-binaries.sh", "zig-darwin"]) {
        eprintln!("skipped: the ziglang macOS wheel is not available: {e}");
        return;
    }
    let real = std::fs::canonicalize(root().join("target/third-party/real")).unwrap();
    let src_base = root().join("target/third-party/hello-in-prefix");
    let src = script(&[
        "scripts/debian-source.sh",
        "hello",
        "trixie",
        &src_base.join("debian-hello-trixie").to_string_lossy(),
    ])
    .or_else(|_| {
        script(&[
            "scripts/debian-source.sh",
            "hello",
            "bookworm",
            &src_base.join("debian-hello-bookworm").to_string_lossy(),
        ])
    });
    let src = match src {
        Ok(s) => PathBuf::from(s.trim()),
        Err(e) => {
            eprintln!("skipped: Debian's hello source is not available: {e}");
            return;
        }
    };

    let work = std::env::temp_dir().join(format!("calvados-nix-hello-{}", std::process::id()));
    common::remove_tree(&work);
    let p = work.join("pfx");
    let o = calvados()
        .args(["nix", "install", "--prefix"])
        .arg(&p)
        .args([
            "--conf",
            "substituters =",
            "--no-channel-add",
            "--no-modify-profile",
        ])
        .arg(&tb)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::create_dir_all(p.join("opt")).unwrap();
    std::os::unix::fs::symlink(
        Path::new("/Volumes/SystemRoot")
            .join(real.strip_prefix("/").unwrap())
            .join("zig-darwin/ziglang"),
        p.join("opt/zig"),
    )
    .unwrap();
    std::fs::create_dir_all(p.join("src")).unwrap();
    let st = Command::new("cp")
        .arg("-a")
        .arg(&src)
        .arg(p.join("src/hello"))
        .status()
        .unwrap();
    assert!(st.success());
    // Debian's packaging is not part of the upstream build.
    let _ = std::fs::remove_dir_all(p.join("src/hello/debian"));
    std::fs::write(p.join("private/tmp/hello.nix"), HELLO_NIX).unwrap();

    let t = Instant::now();
    let o: Output = calvados()
        .arg("nix")
        .arg("--prefix")
        .arg(&p)
        .args(["nix-build", "--no-out-link", "/tmp/hello.nix"])
        .output()
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    let tail: Vec<&str> = err.lines().rev().take(30).collect();
    assert!(
        o.status.success(),
        "nix-build failed:\n{}",
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    );
    assert!(!err.contains("calvados: unimplemented"), "{err}");
    let path = out.trim().to_string();
    assert!(
        path.starts_with("/nix/store/") && path.ends_with("-hello-2.10"),
        "{out}"
    );
    eprintln!("GNU hello built by darwin Nix with zig under Calvados in {secs:.0} s");

    let run = |args: &[&str]| {
        let o = calvados()
            .arg("shell")
            .arg("--prefix")
            .arg(&p)
            .arg(format!("{path}/bin/hello"))
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    assert_eq!(run(&[]), "Hello, world!\n");
    assert_eq!(run(&["--greeting=Bonjour"]), "Bonjour\n");
    assert!(run(&["--version"]).starts_with("hello (GNU Hello) 2.10"));
    // A Mach-O program for x86_64, as built.
    let bin = std::fs::read(p.join(&path[1..]).join("bin/hello")).unwrap();
    assert_eq!(&bin[..4], &[0xcf, 0xfa, 0xed, 0xfe]);
    common::remove_tree(&work);
}
