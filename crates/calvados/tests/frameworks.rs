//! The built-in macOS frameworks, through C programs compiled for macOS:
//! each `tests/frameworks/<name>.c` is built with zig for x86_64-macos
//! against our text stubs (`tests/frameworks/*.tbd`, which list exactly
//! the exports Calvados has, and `cf.h`, declarations from Apple's
//! headers), run under Calvados, and must print `<name>.stdout` exactly and
//! exit 0. These behaviours are macOS-only, so the expected output is
//! written from the documented semantics rather than from a Linux run.
//! `<name>.m` files are Objective-C programs for our libobjc (clang's
//! macOS 11 runtime ABI; there is no Objective-C runtime on Linux to
//! compare with).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn framework_programs() {
    let dir = repo().join("tests/frameworks");
    let out = std::env::temp_dir().join(format!("calvados-frameworks-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut stubs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tbd"))
        .collect();
    stubs.sort();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "c" || x == "m"))
        .collect();
    sources.sort();
    let mut failures = Vec::new();
    for src in &sources {
        let name = src.file_stem().unwrap().to_string_lossy().into_owned();
        let exe = out.join(&name);
        let objc: &[&str] = if src.extension().is_some_and(|x| x == "m") {
            &["-x", "objective-c", "-fobjc-runtime=macosx-11"]
        } else {
            &[]
        };
        let cc = Command::new(repo().join("scripts/zig-cc"))
            .args([
                "-target",
                "x86_64-macos",
                "-Wall",
                "-Wno-unused-result",
                "-O1",
                "-o",
            ])
            .arg(&exe)
            .args(objc)
            .arg(src)
            .args(["-x", "none"])
            .args(&stubs)
            .output()
            .expect("run scripts/zig-cc (zig is installed by scripts/setup.sh)");
        assert!(
            cc.status.success(),
            "{name}: compile failed:\n{}",
            String::from_utf8_lossy(&cc.stderr)
        );
        let want = std::fs::read_to_string(dir.join(format!("{name}.stdout"))).unwrap();
        let run = Command::new(env!("CARGO_BIN_EXE_calvados"))
            .arg("run")
            .arg(&exe)
            .env_remove("TZ")
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&run.stdout);
        if got != want || run.status.code() != Some(0) {
            failures.push(format!(
                "{name}: exit {:?}\n--- expected\n{want}--- got\n{got}--- stderr\n{}",
                run.status.code(),
                String::from_utf8_lossy(&run.stderr)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(!sources.is_empty(), "no programs in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
