//! `calvados`: run x86_64 macOS command-line programs on x86_64 Linux.

mod coverage;

use libc::c_int;
use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

const HELP: &str = "\
calvados — run x86_64 macOS (Mach-O) programs on x86_64 Linux

USAGE:
    calvados run [--argv0 NAME] [--] <program> [args...]
                                       load a Mach-O executable and run it
    calvados check <binary>...         list imports Calvados does not provide
    calvados coverage [--tbd FILE] [--list-missing]
                                       share of libSystem's x86_64 exports implemented
    calvados --help | --version

`run` maps the program and its dylibs, binds libSystem imports to Calvados'
own implementation and enters main. Absolute install names (/usr/lib/...)
resolve in the prefix: CALVADOS_PREFIX, else ~/.calvados when it exists.
`--argv0 NAME` gives the program NAME as argv[0] instead of <program>
(what exec does when a Mach-O program execs another Mach-O: Calvados
re-enters itself as `calvados run --argv0 ARGV0 -- PATH ARGS...`).
Nothing after <program> is parsed. A call to a function Calvados lacks prints
    calvados: unimplemented: <symbol> (<library>) called from <image>
and exits with status 120.

ENVIRONMENT:
    CALVADOS_PREFIX        the macOS root for absolute install names
    DYLD_LIBRARY_PATH      extra directories for leaf-name dylibs
";

/// What the process inherited, recorded before Rust's runtime changes it
/// (constructors in `.init_array` run before the runtime's set-up, which
/// ignores `SIGPIPE`, installs `SIGSEGV`/`SIGBUS` handlers for its stack
/// overflow message, and opens `/dev/null` on closed standard descriptors).
/// A program run by exec from another program must start with what its
/// parent left: an ignored signal stays ignored, a closed descriptor closed,
/// and every other signal at its default action.
static IGNORED_AT_START: [AtomicBool; 3] = [const { AtomicBool::new(false) }; 3];
const RUNTIME_SIGNALS: [c_int; 3] = [libc::SIGPIPE, libc::SIGSEGV, libc::SIGBUS];
static STD_FDS_CLOSED_AT_START: AtomicU8 = AtomicU8::new(0);

extern "C" fn record_start_state() {
    // SAFETY: querying a disposition (act = NULL) and descriptor flags has
    // no preconditions.
    unsafe {
        for (sig, ignored) in RUNTIME_SIGNALS.iter().zip(&IGNORED_AT_START) {
            let mut old: libc::sigaction = core::mem::zeroed();
            if libc::sigaction(*sig, core::ptr::null(), &mut old) == 0 {
                ignored.store(old.sa_sigaction == libc::SIG_IGN, Ordering::Relaxed);
            }
        }
        let mut closed = 0u8;
        for fd in 0..3 {
            if libc::fcntl(fd, libc::F_GETFD) == -1 {
                closed |= 1 << fd;
            }
        }
        STD_FDS_CLOSED_AT_START.store(closed, Ordering::Relaxed);
    }
}

#[used]
#[link_section = ".init_array"]
static RECORD_START_STATE: extern "C" fn() = record_start_state;

/// Gives the signals Rust's runtime took over back their inherited
/// disposition (ignored, or the default action).
fn restore_runtime_signals() {
    for (sig, ignored) in RUNTIME_SIGNALS.iter().zip(&IGNORED_AT_START) {
        let h = if ignored.load(Ordering::Relaxed) {
            libc::SIG_IGN
        } else {
            libc::SIG_DFL
        };
        // SAFETY: setting a disposition before the program runs.
        unsafe { libc::signal(*sig, h) };
    }
}

/// Undoes the runtime's `/dev/null` on standard descriptors that were
/// closed when the process started.
fn reclose_std_fds() {
    let closed = STD_FDS_CLOSED_AT_START.load(Ordering::Relaxed);
    for fd in 0..3 {
        if closed & (1 << fd) != 0 {
            // SAFETY: the descriptor is the runtime's /dev/null, unused.
            unsafe { libc::close(fd) };
        }
    }
}

fn main() -> ExitCode {
    // Programs we run (and our own output to a closed pipe) get the
    // dispositions the process started with, not the runtime's.
    restore_runtime_signals();
    // Program arguments may be any bytes, not only UTF-8.
    let raw: Vec<OsString> = std::env::args_os().collect();
    if raw.get(1).is_some_and(|a| a == "run") {
        return run(&raw[2..]);
    }
    let args: Vec<String> = raw
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match args.get(1).map(String::as_str) {
        Some("check") => check(&args[2..]),
        Some("coverage") => coverage::main(&args[2..]),
        Some("-h" | "--help" | "help") => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("calvados {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("calvados: unknown command '{other}' (try --help)");
            ExitCode::from(2)
        }
        None => {
            eprint!("{HELP}");
            ExitCode::from(2)
        }
    }
}

/// `run [--argv0 NAME] [--] <program> [args...]`: options only before the
/// program; `--argv0` is how exec keeps the argv[0] the caller chose.
fn run(mut args: &[OsString]) -> ExitCode {
    let mut argv0 = None;
    loop {
        match args.first().and_then(|a| a.to_str()) {
            Some("--argv0") => {
                let Some(name) = args.get(1) else {
                    eprintln!("calvados: run: --argv0 needs a value");
                    return ExitCode::from(2);
                };
                argv0 = Some(name.clone());
                args = &args[2..];
            }
            Some("--") => {
                args = &args[1..];
                break;
            }
            _ => break,
        }
    }
    let Some(prog) = args.first() else {
        eprintln!(
            "calvados: run: missing program (usage: calvados run [--argv0 NAME] [--] <program> [args...])"
        );
        return ExitCode::from(2);
    };
    let mut argv = args.to_vec();
    if let Some(a0) = argv0 {
        argv[0] = a0;
    }
    let opts = calvados_loader::RunOptions {
        path: prog.to_string_lossy().into_owned(),
        args: argv,
    };
    reclose_std_fds();
    match calvados_loader::run_program(opts) {
        Ok(never) => match never {},
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: &[String]) -> ExitCode {
    if args.is_empty() {
        eprintln!("calvados: check: missing binary (usage: calvados check <binary>...)");
        return ExitCode::from(2);
    }
    let mut status = ExitCode::SUCCESS;
    for path in args {
        match calvados_loader::check_binary(path) {
            Ok(missing) => {
                let strong = missing.iter().filter(|m| !m.weak).count();
                println!(
                    "{path}: {} missing import(s) ({} weak)",
                    missing.len(),
                    missing.len() - strong
                );
                for m in &missing {
                    let lib = m.library.rsplit('/').next().unwrap_or(&m.library);
                    let weak = if m.weak { " [weak]" } else { "" };
                    println!("  {} ({lib}) imported by {}{weak}", m.symbol, m.importer);
                }
                if strong > 0 {
                    status = ExitCode::FAILURE;
                }
            }
            Err(e) => {
                eprintln!("{e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
