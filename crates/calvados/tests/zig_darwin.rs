//! zig's own macOS build (the `ziglang` wheel from PyPI, a Mach-O that
//! links only libSystem) used as the C toolchain inside a prefix: `zig
//! version`, `zig cc --version`, a hello world compiled and linked against
//! zig's bundled macOS headers and `libSystem.tbd`, and a two-file program
//! built at -O2 with a static library made by `zig ar`/`zig ranlib`. The
//! programs it produces then run under Calvados too.
//!
//! The reference is zig's Linux build of the same version, run natively:
//! cross-compiling for the same pinned target (macOS 11.7.4, baseline CPU,
//! no debug info) it must produce byte-identical objects, archive and
//! executable, and the same C sources built for Linux must print what the
//! Mach-O programs print.
//!
//! The wheels come from `scripts/fetch-real-binaries.sh` (cached under
//! `target/third-party/real`). Without them (offline and not cached), or
//! where `calvados shell` cannot run, the test prints `SKIP` with the
//! reason and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const HELLO: &str = "#include <stdio.h>\n#include <string.h>\nint main(int argc, char **argv) {\n    printf(\"Hello, world! (%d args, last %s)\\n\", argc, strrchr(argv[argc - 1], '/') ? \"path\" : argv[argc - 1]);\n    return 0;\n}\n";

const LIB_H: &str = "#include <stddef.h>\nextern int calls;\nint sq(int x);\nint cube(int x);\nvoid sort_ints(int *v, size_t n);\ndouble mean(const int *v, size_t n);\n";

/// The library's first member: a global, a callback through libc's qsort.
const LIB_A: &str = "#include <stdlib.h>\n#include \"lib.h\"\nint calls;\nint sq(int x) { calls++; return x * x; }\nstatic int cmp(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }\nvoid sort_ints(int *v, size_t n) { calls++; qsort(v, n, sizeof *v, cmp); }\n";

/// The second member, calling into the first.
const LIB_B: &str = "#include \"lib.h\"\nint cube(int x) { return sq(x) * x; }\ndouble mean(const int *v, size_t n) {\n    long s = 0;\n    for (size_t i = 0; i < n; i++) s += v[i];\n    calls++;\n    return n ? (double)s / (double)n : 0.0;\n}\n";

const MAIN: &str = "#include <stdio.h>\n#include <stdlib.h>\n#include \"lib.h\"\nint main(int argc, char **argv) {\n    int v[16];\n    int n = 0;\n    for (int i = 1; i < argc && n < 16; i++) v[n++] = (int)strtol(argv[i], NULL, 0);\n    sort_ints(v, (size_t)n);\n    for (int i = 0; i < n; i++) printf(\"%d%s\", v[i], i + 1 < n ? \" \" : \"\\n\");\n    char buf[64];\n    snprintf(buf, sizeof buf, \"%.3f\", mean(v, (size_t)n));\n    printf(\"sq(7)=%d cube(-3)=%d mean=%s calls=%d\\n\", sq(7), cube(-3), buf, calls);\n    return n == 0;\n}\n";

const ARGS: &str = "42 -7 0x10 3 99 -100";

/// What both zigs compile for macOS: a pinned OS version and CPU so that
/// the zig under Calvados (whose native target is the prefix's macOS
/// 11.7.4 and the host's CPU) and the Linux zig produce the same bytes.
const PINNED: &str = "-target x86_64-macos.11.7.4 -mcpu=baseline -O2 -g0";

/// Run inside the prefix, in the work directory, with zig at /opt/zig.
const SCRIPT: &str = r#"set -e
export HOME=$PWD ZIG_GLOBAL_CACHE_DIR=$PWD/.cache ZIG_LOCAL_CACHE_DIR=$PWD/.cache
Z=/opt/zig/zig
echo "version: $($Z version)"
echo "cc: $($Z cc --version | head -n 1)"
$Z cc -target x86_64-macos hello.c -o hello
echo "hello: $(./hello one two)"
$Z cc $PINNED -c a.c -o a.o
$Z cc $PINNED -c b.c -o b.o
$Z ar rc libab.a a.o b.o
$Z ranlib libab.a
echo "members: $($Z ar t libab.a | tr '\n' ' ')"
$Z cc $PINNED main.c -L. -lab -o prog
echo "prog:"
./prog $ARGS
"#;

fn write_sources(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in [
        ("hello.c", HELLO),
        ("lib.h", LIB_H),
        ("a.c", LIB_A),
        ("b.c", LIB_B),
        ("main.c", MAIN),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs the Linux zig in `dir`, asserting success. Its cache persists
/// under `target/third-party/zig-darwin-test` (the reference side only:
/// the zig under Calvados always starts cold).
fn native(zig: &Path, dir: &Path, args: &str) -> Output {
    let cache = root().join("target/third-party/zig-darwin-test/cache");
    let o = Command::new(zig)
        .args(args.split_whitespace())
        .current_dir(dir)
        .env("ZIG_GLOBAL_CACHE_DIR", &cache)
        .env("ZIG_LOCAL_CACHE_DIR", &cache)
        .output()
        .expect("run the Linux zig");
    assert!(
        o.status.success(),
        "native zig {args}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// What the script prints, computed with the Linux zig: the same sources
/// built for Linux and run natively; and the pinned macOS build's files.
fn reference(zig: &Path, dir: &Path) -> String {
    write_sources(dir);
    let version = text(&native(zig, dir, "version"));
    let cc = text(&native(zig, dir, "cc --version"));
    let linux = "cc -target x86_64-linux-musl -O2";
    native(zig, dir, &format!("{linux} hello.c -o hello.linux"));
    native(zig, dir, &format!("{linux} main.c a.c b.c -o prog.linux"));
    let hello = Command::new(dir.join("hello.linux"))
        .args(["one", "two"])
        .output()
        .unwrap();
    let prog = Command::new(dir.join("prog.linux"))
        .args(ARGS.split_whitespace())
        .output()
        .unwrap();
    native(zig, dir, &format!("cc {PINNED} -c a.c -o a.o"));
    native(zig, dir, &format!("cc {PINNED} -c b.c -o b.o"));
    native(zig, dir, "ar rc libab.a a.o b.o");
    native(zig, dir, "ranlib libab.a");
    native(zig, dir, &format!("cc {PINNED} main.c -L. -lab -o prog"));
    format!(
        "version: {}cc: {}\nhello: {}members: a.o b.o \nprog:\n{}",
        version,
        cc.lines().next().unwrap_or(""),
        text(&hello),
        text(&prog)
    )
}

/// A fresh prefix at `p` with the macOS zig at `/opt/zig` (a link to the
/// unpacked wheel through the host's root).
fn make_prefix(p: &Path, zig_dir: &Path) -> Result<(), String> {
    common::enterable_prefix(p)?;
    std::fs::create_dir_all(p.join("opt")).unwrap();
    let inside = format!("/Volumes/SystemRoot{}", zig_dir.display());
    std::os::unix::fs::symlink(inside, p.join("opt/zig")).unwrap();
    Ok(())
}

#[test]
fn zig_for_macos_compiles_links_and_archives_inside_a_prefix() {
    let fetched = Command::new(root().join("scripts/fetch-real-binaries.sh"))
        .args(["zig-darwin", "zig-linux"])
        .output();
    match fetched {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            let why = String::from_utf8_lossy(&o.stderr);
            println!(
                "SKIP zig_darwin: the ziglang wheels are not available: {}",
                why.trim()
            );
            return;
        }
        Err(e) => {
            println!("SKIP zig_darwin: cannot run scripts/fetch-real-binaries.sh: {e}");
            return;
        }
    }
    let real = root().join("target/third-party/real");
    let real = real.canonicalize().unwrap_or(real);
    let work = std::env::temp_dir().join(format!("calvados-zig-darwin-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let prefix = work.join("prefix");
    if let Err(why) = make_prefix(&prefix, &real.join("zig-darwin/ziglang")) {
        println!("SKIP zig_darwin: no calvados shell here: {why}");
        let _ = std::fs::remove_dir_all(&work);
        return;
    }
    let mac = prefix.join("work");
    write_sources(&mac);

    let start = std::time::Instant::now();
    let script = SCRIPT.replace("$PINNED", PINNED).replace("$ARGS", ARGS);
    let o = Command::new("timeout")
        .arg("900")
        .arg(env!("CARGO_BIN_EXE_calvados"))
        .args(["shell", "--prefix"])
        .arg(&prefix)
        .args(["--", "/bin/sh", "-c"])
        .arg(format!("cd /work && {script}"))
        .output()
        .unwrap();
    let took = start.elapsed();
    let got = text(&o);
    println!(
        "zig under Calvados: {:.1} s (cold cache)",
        took.as_secs_f64()
    );
    assert!(
        o.status.success(),
        "the script failed ({:?}):\n{got}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );

    let nat = work.join("native");
    let want = reference(&real.join("zig-linux/ziglang/zig"), &nat);
    assert_eq!(got, want, "the zig under Calvados printed something else");
    assert!(got.contains("Hello, world! (3 args, last two)"), "{got}");
    for f in ["a.o", "b.o", "libab.a", "prog"] {
        let a = std::fs::read(mac.join(f)).unwrap();
        let b = std::fs::read(nat.join(f)).unwrap();
        assert!(
            a == b,
            "{f} differs from the Linux zig's ({} vs {} bytes)",
            a.len(),
            b.len()
        );
    }
    // A Mach-O executable (MH_MAGIC_64).
    let hello = std::fs::read(mac.join("hello")).unwrap();
    assert_eq!(hello.get(..4), Some(&[0xcf, 0xfa, 0xed, 0xfe][..]));
    let _ = std::fs::remove_dir_all(&work);
}
