//! Go programs: each `tests/go/<name>/main.go` is built with Debian's Go
//! for linux/amd64 and darwin/amd64 (cgo off); the Mach-O runs under
//! Calvados and must print the same and exit the same as the native build.

use std::path::{Path, PathBuf};
use std::process::Command;

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

fn build(src: &Path, goos: &str, out: &Path) {
    let o = Command::new("go")
        .args(["build", "-o"])
        .arg(out)
        .arg(src)
        .env("GOOS", goos)
        .env("GOARCH", "amd64")
        .env("CGO_ENABLED", "0")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .expect("go build");
    assert!(
        o.status.success(),
        "go build {goos}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn go_programs_match_native() {
    if !go_available() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/go");
    let out: PathBuf = std::env::temp_dir().join(format!("calvados-go-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut ran = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let src = dir.join("main.go");
        if !src.is_file() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let linux = out.join(format!("{name}.linux"));
        let darwin = out.join(format!("{name}.darwin"));
        build(&src, "linux", &linux);
        build(&src, "darwin", &darwin);
        let native = Command::new(&linux).args(["x", "y"]).output().unwrap();
        let ours = Command::new(env!("CARGO_BIN_EXE_calvados"))
            .arg("run")
            .arg(&darwin)
            .args(["x", "y"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&native.stdout),
            "{name}: stdout differs; calvados stderr: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        assert_eq!(
            ours.status.code(),
            native.status.code(),
            "{name}: exit status"
        );
        ran += 1;
    }
    assert!(ran > 0, "no Go programs found in {}", root.display());
    let _ = std::fs::remove_dir_all(&out);
}
