//! `conformance`: the differential test harness.
//!
//! Every test in `tests/conformance/` is compiled twice with zig — for
//! x86_64 Linux (the native twin) and for x86_64 macOS (a Mach-O run under
//! `calvados run`) — and both are run with the same arguments, stdin,
//! environment and a fresh working directory; stdout, stderr and the exit
//! status must match.  See `tests/conformance/README.md`.

mod build;
mod diff;
mod directives;
mod run;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use build::{Built, Side, Toolchain};
use directives::{ExitKind, Test};
use run::{Outcome, Spec, Status};

const USAGE: &str = "\
usage: conformance [OPTIONS] [FILTER...]

Differential tests: each tests/conformance/NAME.c is built for x86_64 Linux
and x86_64 macOS with zig; the Linux build runs natively, the Mach-O build
under `calvados run`, and their stdout, stderr and exit status must match.
FILTERs select tests whose name contains any of them.

options:
  --calvados PATH   runtime to test (default: target/release/calvados)
  -j, --jobs N      parallel workers for building and running (default: 2)
  --bench           time both sides instead of comparing them
  --repeat K        runs per side in --bench mode (default: 5)
  --suite DIR       test directory (default: tests/conformance)
  -v, --verbose     show compile commands, build times, darwin-differs reasons
  --keep            keep each run's working directory (target/conformance/runs)
  --list            list the selected tests and exit
  -h, --help        this text
";

struct Options {
    calvados: PathBuf,
    jobs: usize,
    bench: bool,
    repeat: usize,
    suite: PathBuf,
    verbose: bool,
    keep: bool,
    list: bool,
    filters: Vec<String>,
}

/// The workspace root: the current directory if it holds the suite,
/// otherwise the checkout this binary was built from.
fn workspace_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if cwd.join("tests/conformance").is_dir() {
        return cwd;
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if built_from.join("tests/conformance").is_dir() {
        return built_from.canonicalize().unwrap_or(built_from);
    }
    cwd
}

fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|c| c.join(&p)).unwrap_or(p)
    }
}

fn parse_args(root: &Path) -> Result<Options, String> {
    let mut o = Options {
        calvados: root.join("target/release/calvados"),
        jobs: 2,
        bench: false,
        repeat: 5,
        suite: root.join("tests/conformance"),
        verbose: false,
        keep: false,
        list: false,
        filters: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |s: String, name: &str| -> Result<usize, String> {
            s.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{name} expects a positive number, got `{s}`"))
        };
        match flag.as_str() {
            "--calvados" => o.calvados = absolute(PathBuf::from(value("--calvados")?)),
            "-j" | "--jobs" => o.jobs = number(value("--jobs")?, "--jobs")?,
            "--bench" => o.bench = true,
            "--repeat" => o.repeat = number(value("--repeat")?, "--repeat")?,
            "--suite" => o.suite = absolute(PathBuf::from(value("--suite")?)),
            "-v" | "--verbose" => o.verbose = true,
            "--keep" => o.keep = true,
            "--list" => o.list = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            f if f.starts_with("-j") && f.len() > 2 => o.jobs = number(f[2..].to_string(), "-j")?,
            f if f.starts_with('-') => return Err(format!("unknown option {f}")),
            _ => o.filters.push(a),
        }
    }
    Ok(o)
}

/// Test sources in the suite, minus the library sources tests refer to.
fn discover(o: &Options) -> Result<Vec<PathBuf>, String> {
    let entries =
        fs::read_dir(&o.suite).map_err(|e| format!("cannot list {}: {e}", o.suite.display()))?;
    let mut sources: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && directives::Lang::of(p).is_some())
        .collect();
    sources.sort();
    let mut libraries = BTreeSet::new();
    for p in &sources {
        if let Ok(text) = fs::read_to_string(p) {
            libraries.extend(
                directives::library_sources(&text)
                    .into_iter()
                    .map(|s| o.suite.join(s)),
            );
        }
    }
    Ok(sources
        .into_iter()
        .filter(|p| !libraries.contains(p))
        .filter(|p| {
            let name = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            o.filters.is_empty() || o.filters.iter().any(|f| name.contains(f.as_str()))
        })
        .collect())
}

/// Run `f` over `items` on `jobs` threads; `sink` gets results in order.
fn pool<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    thread::scope(|s| {
        for _ in 0..jobs.min(items.len()).max(1) {
            let tx = tx.clone();
            let (next, f) = (&next, &f);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                if tx.send((i, f(item))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (i, r) in rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                sink(r);
                want += 1;
            }
        }
    });
}

struct Ctx {
    opts: Options,
    toolchain: Result<Toolchain, String>,
    cache: PathBuf,
    runs: PathBuf,
}

static RUN_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Ctx {
    fn build(&self, test: &Test) -> Result<Built, String> {
        let tc = self.toolchain.as_ref().map_err(|e| e.clone())?;
        build::build(test, tc, &self.cache, self.opts.verbose)
    }

    /// One run of one side in a fresh working directory.
    fn run_side(&self, test: &Test, built: &Built, side: Side) -> Outcome {
        let n = RUN_COUNTER.fetch_add(1, Ordering::Relaxed);
        let cwd = self.runs.join(format!(
            "{}.{}.{}.{n}",
            test.name,
            side.dir_name(),
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&cwd);
        if let Err(e) = fs::create_dir_all(&cwd) {
            return Outcome {
                stdout: Vec::new(),
                stderr: Vec::new(),
                status: Status::SpawnFailed(format!("cannot create {}: {e}", cwd.display())),
                wall: Duration::ZERO,
            };
        }
        let dir = cwd.display().to_string();
        let mut env: Vec<(String, String)> = vec![
            ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
            ("HOME".into(), dir.clone()),
            ("TMPDIR".into(), dir),
            ("LANG".into(), "C".into()),
            ("LC_ALL".into(), "C".into()),
            ("TZ".into(), "UTC".into()),
        ];
        for (k, v) in &test.env {
            env.retain(|(ek, _)| ek != k);
            env.push((k.clone(), v.clone()));
        }
        let exe = built.exe(test, side);
        let (program, args) = match side {
            Side::Linux => (exe, test.args.clone()),
            Side::Darwin => {
                let mut a = vec!["run".to_string(), exe.display().to_string()];
                a.extend(test.args.iter().cloned());
                (self.opts.calvados.clone(), a)
            }
        };
        if self.opts.verbose {
            eprintln!(
                "  [{}] (cd {} && {}{}{})",
                test.name,
                cwd.display(),
                program.display(),
                if args.is_empty() { "" } else { " " },
                build::shell_join(&args)
            );
        }
        let out = run::run(&Spec {
            program: &program,
            args: &args,
            stdin: test.stdin.as_deref(),
            env: &env,
            cwd: &cwd,
            timeout: test.timeout,
        });
        if !self.opts.keep {
            let _ = fs::remove_dir_all(&cwd);
        }
        out
    }
}

enum Verdict {
    Pass,
    Fail,
    Skip,
}

struct Report {
    verdict: Verdict,
    /// The one line printed for the test.
    line: String,
    /// Indented details (diffs, compiler output).
    details: String,
}

fn indent(text: &str, max_lines: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for l in lines.iter().take(max_lines) {
        out.push_str("    ");
        out.push_str(l);
        out.push('\n');
    }
    if lines.len() > max_lines {
        out.push_str(&format!("    … ({} more lines)\n", lines.len() - max_lines));
    }
    out
}

fn build_note(built: &Built) -> String {
    if built.cached {
        "cached".to_string()
    } else {
        format!("built in {:.1}s", built.elapsed.as_secs_f64())
    }
}

fn check(ctx: &Ctx, test: &Result<Test, (String, String)>) -> Report {
    let test = match test {
        Ok(t) => t,
        Err((name, e)) => {
            return Report {
                verdict: Verdict::Fail,
                line: format!("FAIL {name}: bad test header"),
                details: indent(e, 20),
            }
        }
    };
    if let Some(reason) = &test.skip {
        return Report {
            verdict: Verdict::Skip,
            line: format!("SKIP {}: {reason}", test.name),
            details: String::new(),
        };
    }
    let built = match ctx.build(test) {
        Ok(b) => b,
        Err(e) => {
            let (head, rest) = e.split_once('\n').unwrap_or((&e, ""));
            return Report {
                verdict: Verdict::Fail,
                line: format!("FAIL {}: {head}", test.name),
                details: indent(rest, 25),
            };
        }
    };
    // The native twin is only needed for what macOS doesn't override.
    let needs_native =
        test.darwin_stdout.is_none() || test.darwin_stderr.is_none() || test.darwin_exit.is_none();
    let native = needs_native.then(|| ctx.run_side(test, &built, Side::Linux));
    let calv = ctx.run_side(test, &built, Side::Darwin);

    let mut notes = Vec::new();
    if ctx.opts.verbose {
        notes.push(build_note(&built));
        if let Some(r) = &test.darwin_differs {
            notes.push(format!("darwin-differs: {r}"));
        }
    }
    let with_notes = |s: String| {
        if notes.is_empty() {
            s
        } else {
            format!("{s} ({})", notes.join("; "))
        }
    };

    if let Some(n) = &native {
        if !matches!(n.status, Status::Exited(_)) {
            return Report {
                verdict: Verdict::Fail,
                line: with_notes(format!(
                    "FAIL {}: native twin {} — the test itself is broken",
                    test.name, n.status
                )),
                details: indent(&String::from_utf8_lossy(&n.stderr), 10),
            };
        }
    }
    if let Status::SpawnFailed(e) = &calv.status {
        return Report {
            verdict: Verdict::Fail,
            line: with_notes(format!("FAIL {}: calvados could not start: {e}", test.name)),
            details: String::new(),
        };
    }

    let mut problems = Vec::new();
    let mut details = String::new();
    let (exp_status, exp_from) = match test.darwin_exit {
        Some(k) => (Status::Exited(k), "macOS"),
        None => (
            native
                .as_ref()
                .map(|n| n.status.clone())
                .unwrap_or(Status::Exited(ExitKind::Code(0))),
            "native",
        ),
    };
    if calv.status != exp_status {
        problems.push(format!("{exp_from} {exp_status}, calvados {}", calv.status));
    }
    for (stream, darwin, nat, got) in [
        (
            "stdout",
            &test.darwin_stdout,
            native.as_ref().map(|n| &n.stdout),
            &calv.stdout,
        ),
        (
            "stderr",
            &test.darwin_stderr,
            native.as_ref().map(|n| &n.stderr),
            &calv.stderr,
        ),
    ] {
        let (expected, label) = match darwin {
            Some(d) => (d, format!("macOS {stream} ({}.darwin.{stream})", test.name)),
            None => (nat.expect("native run exists"), format!("native {stream}")),
        };
        if expected != got {
            problems.push(format!("{stream} differs"));
            details.push_str(&diff::diff(
                &label,
                expected,
                &format!("calvados {stream}"),
                got,
                "    ",
            ));
        }
    }
    if problems.is_empty() {
        Report {
            verdict: Verdict::Pass,
            line: with_notes(format!("PASS {}", test.name)),
            details: String::new(),
        }
    } else {
        Report {
            verdict: Verdict::Fail,
            line: with_notes(format!("FAIL {}: {}", test.name, problems.join("; "))),
            details,
        }
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let n = v.len();
    if n == 0 {
        Duration::ZERO
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

fn bench(ctx: &Ctx, tests: &[Result<Test, (String, String)>]) -> ExitCode {
    let mut builds: Vec<Option<Result<Built, String>>> = Vec::new();
    pool(
        tests,
        ctx.opts.jobs,
        |t| match t {
            Ok(t) if t.skip.is_none() => Some(ctx.build(t)),
            Ok(_) => None,
            Err((_, e)) => Some(Err(e.clone())),
        },
        |b| builds.push(b),
    );
    let width = tests
        .iter()
        .map(|t| match t {
            Ok(t) => t.name.len(),
            Err((n, _)) => n.len(),
        })
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:width$}  {:>10}  {:>11}  {:>7}",
        "name", "native_ms", "calvados_ms", "ratio"
    );
    let mut log_sum = 0.0;
    let mut count = 0;
    let mut errors = 0;
    for (t, b) in tests.iter().zip(builds) {
        let name = match t {
            Ok(t) => &t.name,
            Err((n, _)) => n,
        };
        let (test, built) = match (t, b) {
            (Ok(t), None) => {
                println!(
                    "{name:width$}  skipped: {}",
                    t.skip.as_deref().unwrap_or("")
                );
                continue;
            }
            (Ok(t), Some(Ok(b))) => (t, b),
            (_, Some(Err(e))) => {
                errors += 1;
                println!("{name:width$}  error: {}", e.lines().next().unwrap_or(""));
                continue;
            }
            (Err(_), _) => unreachable!("bad headers always give an error"),
        };
        let (mut nat, mut cal) = (Vec::new(), Vec::new());
        let mut last = None;
        for _ in 0..ctx.opts.repeat {
            let n = ctx.run_side(test, &built, Side::Linux);
            let c = ctx.run_side(test, &built, Side::Darwin);
            nat.push(n.wall);
            cal.push(c.wall);
            last = Some((n.status, c.status));
        }
        let (n, c) = (median(nat), median(cal));
        let (n_ms, c_ms) = (n.as_secs_f64() * 1e3, c.as_secs_f64() * 1e3);
        let ratio = if n_ms > 0.0 { c_ms / n_ms } else { f64::NAN };
        let mut note = String::new();
        if let Some((ns, cs)) = last {
            let expected = test.darwin_exit.map(Status::Exited).unwrap_or(ns);
            if cs != expected {
                note = format!("  [calvados: {cs}]");
            }
        }
        if ratio.is_finite() && ratio > 0.0 {
            log_sum += ratio.ln();
            count += 1;
        }
        println!("{name:width$}  {n_ms:>10.2}  {c_ms:>11.2}  {ratio:>7.2}{note}");
    }
    if count > 0 {
        println!(
            "geometric mean ratio: {:.2} over {count} tests",
            (log_sum / count as f64).exp()
        );
    } else {
        println!("geometric mean ratio: n/a");
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let root = workspace_root();
    let opts = match parse_args(&root) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("conformance: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let paths = match discover(&opts) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("conformance: {e}");
            return ExitCode::from(2);
        }
    };
    let tests: Vec<Result<Test, (String, String)>> = paths
        .iter()
        .map(|p| {
            directives::parse(p, &opts.suite).map_err(|e| {
                let name = p
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("?")
                    .to_string();
                (name, e)
            })
        })
        .collect();
    if opts.list {
        for t in &tests {
            match t {
                Ok(t) => match &t.skip {
                    Some(r) => println!("{} (skip: {r})", t.name),
                    None => println!("{}", t.name),
                },
                Err((n, e)) => println!("{n} (bad header: {})", e.lines().next().unwrap_or("")),
            }
        }
        return ExitCode::SUCCESS;
    }
    if tests.is_empty() {
        eprintln!(
            "conformance: no tests match {:?} in {}",
            opts.filters,
            opts.suite.display()
        );
    }

    let scripts = root.join("scripts");
    let toolchain = Toolchain::new(scripts.join("zig-cc"), scripts.join("zig-c++"));
    if let Err(e) = &toolchain {
        eprintln!("conformance: {e}");
    }
    if !opts.calvados.is_file() {
        eprintln!(
            "conformance: warning: {} does not exist (cargo build --release -p calvados, or --calvados PATH)",
            opts.calvados.display()
        );
    }
    let ctx = Ctx {
        cache: root.join("target/conformance/cache"),
        runs: root.join("target/conformance/runs"),
        toolchain,
        opts,
    };

    if ctx.opts.bench {
        return bench(&ctx, &tests);
    }

    let start = Instant::now();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    pool(
        &tests,
        ctx.opts.jobs,
        |t| check(&ctx, t),
        |r| {
            match r.verdict {
                Verdict::Pass => passed += 1,
                Verdict::Fail => failed += 1,
                Verdict::Skip => skipped += 1,
            }
            println!("{}", r.line);
            print!("{}", r.details);
        },
    );
    if ctx.opts.verbose {
        eprintln!(
            "conformance: {} tests in {:.1}s",
            tests.len(),
            start.elapsed().as_secs_f64()
        );
    }
    if skipped > 0 {
        println!("{passed} passed, {failed} failed, {skipped} skipped");
    } else {
        println!("{passed} passed, {failed} failed");
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
