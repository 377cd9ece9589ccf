//! `calvados`: run x86_64 macOS command-line programs on x86_64 Linux.
//!
//! The binary has its own C `main` (`no_main`): Rust's runtime start-up is
//! skipped, which makes start-up (paid again on every Mach-O `exec`)
//! cheaper and leaves the process as its parent made it — the runtime would
//! ignore `SIGPIPE`, install `SIGSEGV`/`SIGBUS` handlers for its stack
//! overflow message and reopen closed standard descriptors on `/dev/null`,
//! while a program started by exec must see what its parent left it.

#![cfg_attr(not(test), no_main)]
#![cfg_attr(test, allow(dead_code))]

mod binfmt;
mod coverage;
mod doctor;
mod nix;
mod prefix;
mod shell;

use std::ffi::OsString;
use std::process::ExitCode;

const HELP_HEAD: &str = "\
calvados — run x86_64 macOS (Mach-O) programs on x86_64 Linux

USAGE:
    calvados run [--argv0 NAME] [--] <program> [args...]
                                       load a Mach-O executable and run it
    calvados check <binary>...         list imports Calvados does not provide
    calvados coverage [--tbd FILE] [--list-missing]
                                       share of libSystem's x86_64 exports implemented
";

const HELP: &str = "    calvados --help | --version
    calvados CMD --help                details of prefix, shell, nix, doctor, binfmt

`run` maps the program and its dylibs, binds libSystem imports to Calvados'
own implementation and enters main. Absolute install names (/usr/lib/...)
resolve in the prefix: CALVADOS_PREFIX, else ~/.calvados when it exists.
`--argv0 NAME` gives the program NAME as argv[0] instead of <program>
(what exec does when a Mach-O program execs another Mach-O: Calvados
re-enters itself as `calvados run --argv0 ARGV0 -- PATH ARGS...`).
Nothing after <program> is parsed. A call to a function Calvados lacks prints
    calvados: unimplemented: <symbol> (<library>) called from <image>
and exits with status 120.

A prefix (`calvados prefix init`) is a macOS-shaped root: its /usr/lib, a
darwin base system (bash, coreutils, ...), /etc/passwd and the macOS tools
(sw_vers, dscl, sandbox-exec, ...). `calvados shell` makes it the root `/` of
a private mount namespace (no setuid, no root needed) and runs a program there.
`calvados nix install` puts a darwin Nix release into a prefix (single-user),
`calvados nix CMD` runs Nix commands there from the host (also as
`darwin-nix CMD` through a symlink), `calvados doctor` checks that it works.

ENVIRONMENT:
    CALVADOS_PREFIX        the prefix (default ~/.calvados); absolute install
                           names resolve in it
    DYLD_LIBRARY_PATH      extra directories for leaf-name dylibs
";

/// The whole `--help` text: the commands, each module's usage lines.
fn help() -> String {
    format!(
        "{HELP_HEAD}{}{}{}{}{}{}{HELP}",
        prefix::USAGE,
        shell::USAGE,
        nix::USAGE,
        nix::install::USAGE,
        doctor::USAGE,
        binfmt::USAGE
    )
}

/// The C entry point; `std::env::args_os` works without Rust's `main`
/// because the standard library reads `argv` from glibc at load time.
#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    let code = cli_main();
    let n = (0..=255u8)
        .find(|&n| ExitCode::from(n) == code)
        .unwrap_or(1);
    // `process::exit` runs the standard library's clean-up (flushing stdout).
    std::process::exit(i32::from(n))
}

fn cli_main() -> ExitCode {
    // Program arguments may be any bytes, not only UTF-8.
    let raw: Vec<OsString> = std::env::args_os().collect();
    if raw.first().is_some_and(|a| binfmt::started_by_binfmt(a)) {
        return binfmt::interpret(&raw);
    }
    // `darwin-nix` (a symlink to calvados) is `calvados nix`.
    if raw.first().is_some_and(|a| {
        std::path::Path::new(a)
            .file_name()
            .is_some_and(|n| n == "darwin-nix")
    }) {
        return nix::main(&raw[1..]);
    }
    if raw.get(1).is_some_and(|a| a == "nix") {
        return nix::main(&raw[2..]);
    }
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
        Some("prefix") => prefix::main(&args[2..]),
        Some("shell") => shell::main(&args[2..]),
        Some("binfmt") => binfmt::main(&args[2..]),
        Some("doctor") => doctor::main(&args[2..]),
        Some("-h" | "--help" | "help") => {
            print!("{}", help());
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
            eprint!("{}", help());
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
                let (libs, imports): (Vec<_>, Vec<_>) =
                    missing.iter().partition(|m| m.symbol.is_empty());
                let strong = missing.iter().filter(|m| !m.weak).count();
                let mut head = format!(
                    "{path}: {} missing import(s) ({} weak)",
                    imports.len(),
                    imports.iter().filter(|m| m.weak).count()
                );
                if !libs.is_empty() {
                    head += &format!(", {} more dylib(s) not found", libs.len());
                }
                println!("{head}");
                for m in &imports {
                    let lib = m.library.rsplit('/').next().unwrap_or(&m.library);
                    let weak = if m.weak { " [weak]" } else { "" };
                    println!("  {} ({lib}) imported by {}{weak}", m.symbol, m.importer);
                }
                for m in &libs {
                    let name = m.library.trim_end_matches(", not found");
                    println!("  {name} (dylib not found) needed by {}", m.importer);
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
