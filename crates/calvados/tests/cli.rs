//! End-to-end checks of the `calvados` command: bad input gets one clear
//! line and a non-zero exit; missing functions trap by name.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn calvados() -> Command {
    Command::new(env!("CARGO_BIN_EXE_calvados"))
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("calvados-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// zig for x86_64-macos, if installed (scripts/setup.sh installs it).
fn zig_cc(args: &[&str]) -> Option<Output> {
    let o = Command::new("python3")
        .args(["-m", "ziglang", "cc", "-target", "x86_64-macos"])
        .args(args)
        .output()
        .ok()?;
    if !o.status.success() {
        panic!("zig cc failed: {}", String::from_utf8_lossy(&o.stderr));
    }
    Some(o)
}

fn zig_available() -> bool {
    let ok = Command::new("python3")
        .args(["-m", "ziglang", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: zig is not installed (run scripts/setup.sh)");
    }
    ok
}

/// A minimal thin Mach-O header for `cputype` with no load commands.
fn header(cputype: u32, magic: u32) -> Vec<u8> {
    let mut v = Vec::new();
    for w in [magic, cputype, 0, 2, 0, 0, 0, 0] {
        v.extend_from_slice(&w.to_le_bytes());
    }
    v
}

fn run_file(dir: &Path, name: &str, bytes: &[u8]) -> Output {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    calvados().arg("run").arg(&p).output().unwrap()
}

#[test]
fn arm64_binary_is_refused_by_name() {
    let d = tmpdir("arm64");
    let o = run_file(&d, "prog", &header(0x0100_000c, 0xfeed_facf));
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("prog: this is an arm64 binary; only x86_64 is supported"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[test]
fn i386_binary_is_refused_by_name() {
    let d = tmpdir("i386");
    let o = run_file(&d, "prog", &header(7, 0xfeed_face));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("this is an i386 binary; only x86_64 is supported"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fat_without_x86_64_names_its_slices() {
    let d = tmpdir("fat");
    let mut f = Vec::new();
    for w in [0xcafe_babeu32, 1, 0x0100_000c, 0, 4096, 32, 12] {
        f.extend_from_slice(&w.to_be_bytes());
    }
    f.resize(4096, 0);
    f.extend_from_slice(&header(0x0100_000c, 0xfeed_facf));
    let o = run_file(&d, "fat", &f);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("arm64"), "{}", stderr(&o));
}

#[test]
fn garbage_and_truncated_files_get_one_line() {
    let d = tmpdir("garbage");
    for (name, bytes) in [
        ("text", b"#!/bin/sh\necho hi\n".to_vec()),
        ("empty", Vec::new()),
        ("short", vec![0xcf, 0xfa, 0xed]),
        ("trunc", {
            let mut h = header(0x0100_0007, 0xfeed_facf);
            h[16] = 200; // sizeofcmds beyond the file
            h[20] = 1;
            h
        }),
    ] {
        let o = run_file(&d, name, &bytes);
        assert!(!o.status.success(), "{name}");
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{name}: {e}");
        assert!(e.starts_with("calvados: "), "{name}: {e}");
    }
    let o = calvados()
        .args(["run", "/nonexistent/prog"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("/nonexistent/prog"));
}

#[test]
fn missing_dylib_reads_like_dyld() {
    if !zig_available() {
        return;
    }
    let d = tmpdir("missing");
    std::fs::write(d.join("lib.c"), "int f(void) { return 1; }\n").unwrap();
    std::fs::write(
        d.join("m.c"),
        "int f(void); int main(void) { return f(); }\n",
    )
    .unwrap();
    let lib = d.join("libgone.dylib");
    zig_cc(&[
        "-shared",
        "-o",
        lib.to_str().unwrap(),
        d.join("lib.c").to_str().unwrap(),
        "-Wl,-install_name,@rpath/libgone.dylib",
    ])
    .unwrap();
    let exe = d.join("m");
    zig_cc(&[
        "-o",
        exe.to_str().unwrap(),
        d.join("m.c").to_str().unwrap(),
        lib.to_str().unwrap(),
        "-Wl,-rpath,@loader_path",
    ])
    .unwrap();
    let o = calvados().arg("run").arg(&exe).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "f() returns 1; {}", stderr(&o));
    std::fs::remove_file(&lib).unwrap();
    let o = calvados().arg("run").arg(&exe).output().unwrap();
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.starts_with("dyld: Library not loaded: @rpath/libgone.dylib"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[test]
fn unimplemented_function_traps_by_name_only_when_called() {
    if !zig_available() {
        return;
    }
    let d = tmpdir("trap");
    // `acct` is a real libSystem export that Calvados does not provide.
    std::fs::write(
        d.join("t.c"),
        "#include <unistd.h>\nint acct(const char *);\nint main(int argc, char **argv) {\n  write(1, \"before\\n\", 7);\n  if (argc > 1) acct(0);\n  return 4;\n}\n",
    )
    .unwrap();
    let exe = d.join("t");
    zig_cc(&["-o", exe.to_str().unwrap(), d.join("t.c").to_str().unwrap()]).unwrap();
    let o = calvados().arg("run").arg(&exe).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(4),
        "not called: runs normally; {}",
        stderr(&o)
    );
    let o = calvados()
        .arg("run")
        .arg(&exe)
        .arg("call")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(120));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "before\n");
    let e = stderr(&o);
    assert!(
        e.contains("calvados: unimplemented: acct (libSystem.B.dylib) called from "),
        "{e}"
    );
    let o = calvados().arg("check").arg(&exe).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("_acct (libSystem.B.dylib)"), "{out}");
    assert!(!o.status.success());
}

#[test]
fn help_and_unknown_command() {
    let o = calvados().arg("--help").output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("calvados run [--argv0 NAME] [--] <program> [args...]"));
    let o = calvados().arg("frobnicate").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = calvados().arg("run").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn run_options_argv0_and_double_dash() {
    let o = calvados().args(["run", "--argv0"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--argv0 needs a value"),
        "{}",
        stderr(&o)
    );
    let o = calvados().args(["run", "--argv0", "x"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    if !zig_available() {
        return;
    }
    let d = tmpdir("argv0");
    std::fs::write(
        d.join("a.c"),
        "#include <stdio.h>\n#include <stdint.h>\n#include <stdlib.h>\n#include <mach-o/dyld.h>\n\
         int main(int argc, char **argv) {\n\
           char p[4096]; uint32_t n = sizeof p; _NSGetExecutablePath(p, &n);\n\
           printf(\"exe=%s prog=%s\\n\", p, getprogname());\n\
           for (int i = 0; i < argc; i++) {\n\
             printf(\"[\");\n\
             for (unsigned char *c = (unsigned char *)argv[i]; *c; c++) printf(*c < 128 ? \"%c\" : \"\\\\x%02x\", *c);\n\
             printf(\"]\\n\");\n\
           }\n\
           return 0;\n\
         }\n",
    )
    .unwrap();
    let exe = d.join("a");
    zig_cc(&["-o", exe.to_str().unwrap(), d.join("a.c").to_str().unwrap()]).unwrap();
    use std::os::unix::ffi::OsStrExt;
    let o = calvados()
        .args(["run", "--argv0", "-login", "--"])
        .arg(&exe)
        .args(["--argv0", "x", "--"])
        .arg(std::ffi::OsStr::from_bytes(b"\xffbyte"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let want = format!(
        "exe={} prog=-login\n[-login]\n[--argv0]\n[x]\n[--]\n[\\xffbyte]\n",
        exe.display()
    );
    assert_eq!(out, want);
}
