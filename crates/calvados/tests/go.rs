//! Go programs: each `tests/go/<name>/` package is built with Debian's Go
//! for linux/amd64 and darwin/amd64; the Mach-O runs under Calvados and must
//! print the same and exit the same as the native build.
//!
//! Three builds of each program:
//! - cgo off: Go's internal linker, an `LC_UNIXTHREAD` binary that calls
//!   libSystem through Go's own trampolines;
//! - cgo on, internal link (what `go build` does when only the standard
//!   library uses cgo): `runtime/cgo` forced in (threads come from C
//!   `pthread_create`, signals go through cgo's trampoline), still
//!   `LC_UNIXTHREAD`;
//! - cgo on, external link — zig for Linux, `scripts/go-darwin-cc` (zig +
//!   ld64.lld) for darwin: an `LC_MAIN` binary with dyld-info binds.
//!
//! Programs named `cgo*` have C code and are built only the last way.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn go_available() -> bool {
    let ok = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: Go is not installed (run scripts/setup.sh)");
    }
    ok
}

fn lld_available() -> bool {
    let ok = ["ld64.lld-19", "ld64.lld"].iter().any(|l| {
        Command::new(l)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !ok {
        eprintln!("cgo builds skipped: ld64.lld is not installed (run scripts/setup.sh)");
    }
    ok
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    NoCgo,
    CgoInternal,
    Cgo,
}

/// Builds the package in directory `pkg` for `goos`.
fn build(pkg: &Path, mode: Mode, goos: &str, out: &Path) {
    let mut cmd = Command::new("go");
    cmd.args(["build", "-o"])
        .arg(out)
        .current_dir(pkg)
        .env("GOOS", goos)
        .env("GOARCH", "amd64")
        // A package directory outside any module: GOPATH mode.
        .env("GO111MODULE", "off")
        .env_remove("GOFLAGS");
    match mode {
        Mode::NoCgo => {
            cmd.env("CGO_ENABLED", "0");
        }
        Mode::Cgo | Mode::CgoInternal => {
            let cc = if goos == "darwin" {
                format!("{}/scripts/go-darwin-cc", repo().display())
            } else {
                format!(
                    "{}/scripts/zig-cc -target x86_64-linux-gnu",
                    repo().display()
                )
            };
            cmd.env("CGO_ENABLED", "1").env("CC", cc);
            if mode == Mode::Cgo {
                cmd.arg("-ldflags=-linkmode=external");
            }
        }
    }
    cmd.arg(".");
    let o = cmd.output().expect("go build");
    assert!(
        o.status.success(),
        "go build {goos} {}: {}",
        pkg.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs `cmd` with a time limit (a program whose preemption fails would
/// spin forever).
fn run(mut cmd: Command, what: &str) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let (to, te) = (read(Box::new(out)), read(Box::new(err)));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("{what}: still running after 180 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: to.join().unwrap(),
        stderr: te.join().unwrap(),
    }
}

fn run_all(mode: Mode) {
    if !go_available() || (mode == Mode::Cgo && !lld_available()) {
        return;
    }
    let cgo = mode != Mode::NoCgo;
    let root = repo().join("tests/go");
    let tag = match mode {
        Mode::NoCgo => "nocgo",
        Mode::CgoInternal => "cgo-internal",
        Mode::Cgo => "cgo",
    };
    // A stable place, so Go's build cache still knows the packages.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("go-{tag}"));
    std::fs::create_dir_all(&out).unwrap();
    let mut ran = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|d| d.join("main.go").is_file())
        // tls has its own driver (go_tls.rs): it needs a generated CA.
        .filter(|d| !d.ends_with("tls"))
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let has_c = name.starts_with("cgo");
        if has_c && mode != Mode::Cgo {
            continue;
        }
        let pkg = out.join(&name);
        copy_dir(&dir, &pkg);
        if cgo && !has_c {
            std::fs::write(
                pkg.join("zz_runtime_cgo.go"),
                "package main\n\nimport _ \"runtime/cgo\"\n",
            )
            .unwrap();
        }
        let linux = out.join(format!("{name}.linux"));
        let darwin = out.join(format!("{name}.darwin"));
        build(&pkg, mode, "linux", &linux);
        build(&pkg, mode, "darwin", &darwin);
        if let Some(missing) = missing_needs(&dir, &darwin) {
            eprintln!("SKIPPED {name} ({tag}): needs {missing}, not implemented yet");
            continue;
        }
        let mut n = Command::new(&linux);
        n.args(["x", "y"]);
        let native = run(n, &format!("{name} ({tag}) native"));
        let mut c = Command::new(env!("CARGO_BIN_EXE_calvados"));
        c.arg("run").arg(&darwin).args(["x", "y"]);
        let ours = run(c, &format!("{name} ({tag}) under calvados"));
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&native.stdout),
            "{name} ({tag}): stdout differs; calvados stderr: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        assert_eq!(
            ours.status.code(),
            native.status.code(),
            "{name} ({tag}): exit status; calvados stderr: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        ran += 1;
    }
    assert!(ran > 0, "no Go programs found in {}", root.display());
}

/// A program's `needs` file lists imports it calls that belong to other
/// parts of the project (one per line, e.g. `_CFStringCreateWithBytes`,
/// which Go's crypto/x509 calls at start-up); the first one `calvados
/// check` still reports missing, if any.
fn missing_needs(dir: &Path, darwin: &Path) -> Option<String> {
    let needs = std::fs::read_to_string(dir.join("needs")).ok()?;
    let o = Command::new(env!("CARGO_BIN_EXE_calvados"))
        .arg("check")
        .arg(darwin)
        .output()
        .expect("calvados check");
    let report = String::from_utf8_lossy(&o.stdout);
    needs
        .lines()
        .map(str::trim)
        .filter(|n| !n.is_empty() && !n.starts_with('#'))
        .find(|n| {
            report
                .lines()
                .any(|l| l.split_whitespace().next() == Some(n))
        })
        .map(str::to_owned)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn go_programs_match_native() {
    run_all(Mode::NoCgo);
}

#[test]
fn go_cgo_internal_programs_match_native() {
    run_all(Mode::CgoInternal);
}

#[test]
fn go_cgo_programs_match_native() {
    run_all(Mode::Cgo);
}
