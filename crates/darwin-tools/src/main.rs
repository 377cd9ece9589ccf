//! `calvados-tools`: the macOS administration tools a Calvados prefix
//! provides (`docs/prefix.md`), one ELF program that acts as the tool it
//! is run as (the basename of `argv[0]`), or as `calvados-tools TOOL ARGS...`.
//!
//! Their paths are the prefix's: inside `calvados shell` plain `/etc/passwd`
//! (`CALVADOS_PREFIX=/`), outside under `$CALVADOS_PREFIX` (else
//! `~/.calvados`). Output and exit statuses follow macOS's, so scripts
//! written for macOS (the Nix installer) parse them.

mod diskutil;
mod dscl;
mod dseditgroup;
mod launchctl;
mod lsof;
mod plist;
mod prefix;
mod sandbox_exec;
mod sw_vers;
mod sysadminctl;
mod userdb;

/// A tool: its arguments (after the name) to its exit status.
type Tool = fn(&[String]) -> i32;

/// The tools, by the name they are run as.
const TOOLS: &[(&str, Tool)] = &[
    ("sw_vers", sw_vers::main),
    ("dscl", dscl::main),
    ("dseditgroup", dseditgroup::main),
    ("sysadminctl", sysadminctl::main),
    ("diskutil", diskutil::main),
    ("sandbox-exec", sandbox_exec::main),
    ("launchctl", launchctl::main),
    ("lsof", lsof::main),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg0 = args.first().cloned().unwrap_or_default();
    let base = std::path::Path::new(&arg0)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (name, rest) = match TOOLS.iter().find(|(n, _)| *n == base) {
        Some(_) => (base, &args[1..]),
        None if args.len() > 1 => (args[1].clone(), &args[2..]),
        None => {
            eprintln!("usage: calvados-tools TOOL [ARGS...]");
            eprintln!(
                "tools: {}",
                TOOLS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            );
            std::process::exit(64);
        }
    };
    let Some((_, run)) = TOOLS.iter().find(|(n, _)| *n == name) else {
        eprintln!("calvados-tools: unknown tool: {name}");
        std::process::exit(64);
    };
    let status = run(rest);
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    std::process::exit(status);
}
