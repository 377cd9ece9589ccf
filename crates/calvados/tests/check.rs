//! `calvados check` triage: it goes on past a dylib that cannot be found
//! and lists that library's imports, so one run shows all the work a binary
//! needs (while `calvados run` stops with dyld's error).

use std::process::Command;

#[test]
fn check_reports_imports_of_missing_dylibs() {
    let zig_ok = Command::new("python3")
        .args(["-m", "ziglang", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !zig_ok {
        eprintln!("skipped: zig is not installed (run scripts/setup.sh)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("calvados-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("gone.c"),
        "int gone_a(void){return 1;}\nint gone_b(void){return 2;}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("main.c"),
        "int gone_a(void); int gone_b(void);\nint main(void){return gone_a()+gone_b();}\n",
    )
    .unwrap();
    let zig = |args: &[&str]| {
        let o = Command::new("python3")
            .args(["-m", "ziglang", "cc", "-target", "x86_64-macos", "-O1"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    zig(&[
        "-shared",
        "-Wl,-install_name,@rpath/libgone.dylib",
        "gone.c",
        "-o",
        "libgone.dylib",
    ]);
    zig(&[
        "main.c",
        "-L.",
        "-lgone",
        "-Wl,-rpath,@loader_path",
        "-o",
        "main",
    ]);
    std::fs::remove_file(dir.join("libgone.dylib")).unwrap();

    let o = Command::new(env!("CARGO_BIN_EXE_calvados"))
        .arg("check")
        .arg(dir.join("main"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success(),
        "check must fail when imports are missing: {out}"
    );
    assert!(out.contains("2 missing import(s)"), "{out}");
    assert!(out.contains("_gone_a (libgone.dylib, not found)"), "{out}");
    assert!(out.contains("_gone_b (libgone.dylib, not found)"), "{out}");

    let run = Command::new(env!("CARGO_BIN_EXE_calvados"))
        .arg("run")
        .arg(dir.join("main"))
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("Library not loaded: @rpath/libgone.dylib")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A dependent dylib nothing is imported from still fails `run`, so
/// `check` must report it too.
#[test]
fn check_reports_missing_dylib_without_imports() {
    let zig_ok = Command::new("python3")
        .args(["-m", "ziglang", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !zig_ok {
        eprintln!("skipped: zig is not installed (run scripts/setup.sh)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("calvados-check-lib-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("unused.c"), "int unused(void){return 1;}\n").unwrap();
    std::fs::write(dir.join("main.c"), "int main(void){return 0;}\n").unwrap();
    let zig = |args: &[&str]| {
        let o = Command::new("python3")
            .args(["-m", "ziglang", "cc", "-target", "x86_64-macos", "-O1"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    zig(&[
        "-shared",
        "-Wl,-install_name,@rpath/libunused.dylib",
        "unused.c",
        "-o",
        "libunused.dylib",
    ]);
    zig(&[
        "main.c",
        "-L.",
        "-lunused",
        "-Wl,-rpath,@loader_path",
        "-o",
        "main",
    ]);
    let calvados = |cmd: &str| {
        Command::new(env!("CARGO_BIN_EXE_calvados"))
            .arg(cmd)
            .arg(dir.join("main"))
            .output()
            .unwrap()
    };
    let present = calvados("check");
    assert!(present.status.success(), "{present:?}");
    std::fs::remove_file(dir.join("libunused.dylib")).unwrap();

    let o = calvados("check");
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "check must fail: {out}");
    assert!(
        out.contains("0 missing import(s) (0 weak), 1 more dylib(s) not found"),
        "{out}"
    );
    assert!(
        out.contains("@rpath/libunused.dylib (dylib not found) needed by"),
        "{out}"
    );
    let run = calvados("run");
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("Library not loaded: @rpath/libunused.dylib")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
