//! The darwin base system (`scripts/build-darwin-base.sh`): bash, coreutils,
//! findutils, grep, sed, gawk, diffutils, patch, tar, gzip, bzip2, xz, make,
//! which, built from Debian bookworm sources as x86_64 Mach-O programs and
//! installed into `target/lib/calvados/darwin/{bin,usr/bin}`.
//!
//! Differential: `tests/base/script.sh` (pipes, redirections, here-docs,
//! globbing, functions, find | xargs grep, sed/awk, tar with each
//! compressor, make, diff -u + patch, a tree copied, linked, chmod-ed and
//! listed...) runs once with the Linux twins -- Debian's own amd64 packages
//! of the same source versions, natively -- and once with the darwin builds
//! under Calvados (bash started by `calvados run`, every program it starts
//! re-entering Calvados by itself), each time in a fresh directory with
//! PATH naming only that side's programs: stdout, stderr and the exit
//! status must be identical. A third run does the same inside a prefix:
//! `calvados prefix init` copies the runtime tree (base system included)
//! into a fresh prefix and `calvados shell` runs the script there, with the
//! prefix as `/` and its own PATH (`/bin/sh` is then the darwin bash too).
//!
//! The build takes minutes, so this test does not start it: without a
//! complete build (`build-*/.complete`) and twins (`linux/.complete`) under
//! `target/third-party/darwin-base/` it prints `SKIP` with the reason and
//! passes (`scripts/test.sh` runs the build first).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The two sides: (darwin runtime tree, Linux twins), or why not.
fn trees() -> Result<(PathBuf, PathBuf), String> {
    let base = repo().join("target/third-party/darwin-base");
    let built = std::fs::read_dir(&base)
        .map_err(|_| format!("{} is missing", base.display()))?
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name().to_string_lossy().starts_with("build-")
                && e.path().join(".complete").exists()
        });
    if !built {
        return Err("no complete build: run scripts/build-darwin-base.sh (or see its log)".into());
    }
    let linux = base.join("linux");
    if !linux.join(".complete").exists() {
        return Err(format!("the Linux twins are missing ({})", linux.display()));
    }
    let darwin = repo().join("target/lib/calvados/darwin");
    if !darwin.join("bin/bash").exists() {
        return Err(format!(
            "{} is not installed",
            darwin.join("bin/bash").display()
        ));
    }
    Ok((darwin, linux))
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Linux,
    Darwin,
}

/// A prefix made by `calvados prefix init` (removed on drop).
struct Prefix(PathBuf);

impl Prefix {
    fn new(tag: &str) -> Prefix {
        let parent = fresh_dir(tag).canonicalize().unwrap();
        let p = parent.join("prefix");
        let o = Command::new(env!("CARGO_BIN_EXE_calvados"))
            .args(["prefix", "init", "--prefix"])
            .arg(&p)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "prefix init: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        Prefix(parent)
    }

    /// `calvados shell --prefix P -- ARGS...` in `cwd` (a host directory:
    /// the shell enters it as /Volumes/SystemRoot/...), with the same fixed
    /// locale and time zone as the other sides; HOME is the shell's.
    fn run(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_calvados"))
            .env_clear()
            .env("LC_ALL", "C")
            .env("TZ", "UTC")
            .env("TERM", "dumb")
            .args(["shell", "--prefix"])
            .arg(self.0.join("prefix"))
            .arg("--")
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether `calvados shell` can work here (namespaces allowed); prints why
/// not.
fn shell_works() -> bool {
    let o = Command::new("unshare")
        .args(["-U", "-m", "-r", "true"])
        .output();
    let ok = o.as_ref().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIP the in-prefix run: user and mount namespaces are not available ({o:?})");
    }
    ok
}

/// A fresh empty directory under `target/base-tests/` (the same file system
/// for both sides: directory sizes appear in `ls -l`).
fn fresh_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = repo().join(format!(
        "target/base-tests/{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `program args...` on one side, in `cwd`, with only that side's PATH and
/// a fixed locale and time zone. On the darwin side through `calvados run`.
fn run(side: Side, tree: &Path, cwd: &Path, program: &str, args: &[&str]) -> Output {
    let path = format!(
        "{}:{}",
        tree.join("bin").display(),
        tree.join("usr/bin").display()
    );
    let exe = ["bin", "usr/bin"]
        .iter()
        .map(|d| tree.join(d).join(program))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{program} is not in {}", tree.display()));
    let mut cmd = match side {
        Side::Linux => {
            let mut c = Command::new(&exe);
            c.env_clear();
            // Libraries of the twins that a bare host may lack (gawk's libsigsegv).
            c.env("LD_LIBRARY_PATH", tree.join("usr/lib/x86_64-linux-gnu"));
            c
        }
        Side::Darwin => {
            let mut c = Command::new(env!("CARGO_BIN_EXE_calvados"));
            c.env_clear().arg("run").arg(&exe);
            c
        }
    };
    cmd.args(args)
        .current_dir(cwd)
        .env("PATH", path)
        .env("LC_ALL", "C")
        .env("TZ", "UTC")
        .env("HOME", cwd)
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", exe.display()))
}

/// Panics with the first differing line of `what` and some context.
fn compare(what: &str, linux: &[u8], darwin: &[u8]) {
    if linux == darwin {
        return;
    }
    let l = String::from_utf8_lossy(linux);
    let d = String::from_utf8_lossy(darwin);
    let (ll, dl): (Vec<&str>, Vec<&str>) = (l.lines().collect(), d.lines().collect());
    let i = ll.iter().zip(&dl).take_while(|(a, b)| a == b).count();
    let from = i.saturating_sub(3);
    panic!(
        "{what} differs at line {}:\n--- linux\n{}\n--- darwin (under Calvados)\n{}",
        i + 1,
        ll[from..ll.len().min(i + 4)].join("\n"),
        dl[from..dl.len().min(i + 4)].join("\n")
    );
}

#[test]
fn base_system() {
    let (darwin, linux) = match trees() {
        Ok(t) => t,
        Err(why) => {
            eprintln!("SKIP base_system: {why}");
            return;
        }
    };
    let script = std::fs::read(repo().join("tests/base/script.sh")).unwrap();
    let mut outs = Vec::new();
    for (side, tree, tag) in [
        (Side::Linux, &linux, "linux"),
        (Side::Darwin, &darwin, "darwin"),
    ] {
        let dir = fresh_dir(tag);
        std::fs::write(dir.join("script.sh"), &script).unwrap();
        let o = run(side, tree, &dir, "bash", &["./script.sh"]);
        outs.push(o);
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (l, d) = (&outs[0], &outs[1]);
    assert_eq!(
        l.status.code(),
        Some(5),
        "the script on Linux: {}",
        String::from_utf8_lossy(&l.stderr)
    );
    compare("stdout", &l.stdout, &d.stdout);
    compare("stderr", &l.stderr, &d.stderr);
    assert_eq!(l.status.code(), d.status.code(), "exit status");

    if !shell_works() {
        return;
    }
    let prefix = Prefix::new("prefix");
    let dir = fresh_dir("in-prefix");
    std::fs::write(dir.join("script.sh"), &script).unwrap();
    let p = prefix.run(&dir, &["bash", "./script.sh"]);
    let _ = std::fs::remove_dir_all(&dir);
    compare("stdout (in the prefix)", &l.stdout, &p.stdout);
    compare("stderr (in the prefix)", &l.stderr, &p.stderr);
    assert_eq!(
        l.status.code(),
        p.status.code(),
        "exit status (in the prefix)"
    );
}

/// Inside the prefix `/bin/sh` is the darwin bash, so what the main script
/// avoids works there: make's default SHELL, tar's compressor options,
/// the `#!/bin/sh` wrappers (zcat, gunzip, egrep), `/usr/bin/env` and `#!`
/// scripts. Compared with the same commands on the Linux twins.
#[test]
fn base_system_inside_the_prefix() {
    let (_, linux) = match trees() {
        Ok(t) => t,
        Err(why) => {
            eprintln!("SKIP base_system_inside_the_prefix: {why}");
            return;
        }
    };
    if !shell_works() {
        return;
    }
    let script = std::fs::read(repo().join("tests/base/with-sh.sh")).unwrap();
    let ldir = fresh_dir("with-sh-linux");
    std::fs::write(ldir.join("with-sh.sh"), &script).unwrap();
    let l = run(Side::Linux, &linux, &ldir, "bash", &["./with-sh.sh"]);
    let _ = std::fs::remove_dir_all(&ldir);
    assert_eq!(
        l.status.code(),
        Some(0),
        "the script on Linux: {}",
        String::from_utf8_lossy(&l.stderr)
    );
    let prefix = Prefix::new("with-sh-prefix");
    let dir = fresh_dir("with-sh-darwin");
    std::fs::write(dir.join("with-sh.sh"), &script).unwrap();
    let p = prefix.run(&dir, &["bash", "./with-sh.sh"]);
    let _ = std::fs::remove_dir_all(&dir);
    compare("stdout", &l.stdout, &p.stdout);
    compare("stderr", &l.stderr, &p.stderr);
    assert_eq!(l.status.code(), p.status.code(), "exit status");
}

/// The first line of `--version` (stdout, else stderr) of each program, the
/// same on both sides: the same versions were built.
#[test]
fn base_versions() {
    let (darwin, linux) = match trees() {
        Ok(t) => t,
        Err(why) => {
            eprintln!("SKIP base_versions: {why}");
            return;
        }
    };
    let programs = [
        "bash", "ls", "cat", "cp", "date", "sort", "find", "xargs", "grep", "sed", "gawk", "diff",
        "cmp", "patch", "tar", "gzip", "bzip2", "xz", "make",
    ];
    // The first line, without what the configuration adds: bash's host
    // triple; gawk's ", API ..., (GNU MPFR ...)" (Debian's has dynamic
    // extensions and MPFR, ours neither).
    let first = |p: &str, o: &Output| {
        let s = if o.stdout.is_empty() {
            &o.stderr
        } else {
            &o.stdout
        };
        let line = String::from_utf8_lossy(s)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let cut = match p {
            "bash" => line.find(" ("),
            "gawk" => line.find(','),
            _ => None,
        };
        cut.map_or(line.clone(), |i| line[..i].to_string())
    };
    let dir = fresh_dir("versions");
    for p in programs {
        // Started by each side's bash from PATH, so that argv[0] (which
        // sed prints) is the bare name.
        let cmd = format!("{p} --version </dev/null");
        let l = run(Side::Linux, &linux, &dir, "bash", &["-c", &cmd]);
        let d = run(Side::Darwin, &darwin, &dir, "bash", &["-c", &cmd]);
        let (lf, df) = (first(p, &l), first(p, &d));
        assert!(!lf.is_empty(), "{p} --version printed nothing on Linux");
        assert_eq!(lf, df, "{p} --version");
        assert_eq!(l.status.code(), d.status.code(), "{p} --version status");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
