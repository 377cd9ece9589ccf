//! `calvados`: run x86_64 macOS command-line programs on x86_64 Linux.

mod coverage;

use std::process::ExitCode;

const HELP: &str = "\
calvados — run x86_64 macOS (Mach-O) programs on x86_64 Linux

USAGE:
    calvados run <program> [args...]   load a Mach-O executable and run it
    calvados check <binary>...         list imports Calvados does not provide
    calvados coverage [--tbd FILE] [--list-missing]
                                       share of libSystem's x86_64 exports implemented
    calvados --help | --version

`run` maps the program and its dylibs, binds libSystem imports to Calvados'
own implementation and enters main. Absolute install names (/usr/lib/...)
resolve in the prefix: CALVADOS_PREFIX, else ~/.calvados when it exists.
A call to a function Calvados lacks prints
    calvados: unimplemented: <symbol> (<library>) called from <image>
and exits with status 120.

ENVIRONMENT:
    CALVADOS_PREFIX        the macOS root for absolute install names
    DYLD_LIBRARY_PATH      extra directories for leaf-name dylibs
";

fn main() -> ExitCode {
    // Rust's runtime ignores SIGPIPE; programs we run (and our own output
    // to a closed pipe) must get the default disposition, as on macOS.
    // SAFETY: setting a signal disposition before any other thread exists.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("run") => run(&args[2..]),
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

fn run(args: &[String]) -> ExitCode {
    let Some(prog) = args.first() else {
        eprintln!("calvados: run: missing program (usage: calvados run <program> [args...])");
        return ExitCode::from(2);
    };
    let opts = calvados_loader::RunOptions {
        path: prog.clone(),
        args: args.to_vec(),
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
