//! `sandbox-exec`: runs a command under a sandbox profile.
//!
//! sandbox-exec(1): `sandbox-exec [-f profile-file] [-n profile-name]
//! [-p profile-string] [-D key=value ...] command [arguments ...]`; exactly
//! one profile is required; the named profiles are sandbox_init(3)'s
//! (`no-internet`, `no-network`, `no-write`, `no-write-except-temporary`,
//! `pure-computation`). Usage errors exit 64; a command that cannot be run
//! prints `sandbox-exec: execvp() of 'CMD' failed: REASON` and exits 71.
//!
//! The profile is read and checked (balanced parentheses) but not
//! enforced: Calvados has no sandbox, the documented no-op that matches
//! Nix's own `sandbox = false` default on Darwin (libsandbox's
//! `sandbox_init` in libSystem does the same).

const USAGE: &str = "\
Usage: sandbox-exec [options] command [args]
Options:
  -f profile-file     Read profile from file.
  -n profile-name     Use pre-defined profile.
  -p profile-string   Specify profile on the command line.
  -D key=value        Define a parameter.";

const NAMED: &[&str] = &[
    "no-internet",
    "no-network",
    "no-write",
    "no-write-except-temporary",
    "pure-computation",
];

fn usage() -> i32 {
    eprintln!("{USAGE}");
    64
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i64;
    let mut in_str = false;
    let mut esc = false;
    let mut comment = false;
    for c in s.chars() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            ';' => comment = true,
            '"' => in_str = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !in_str
}

pub fn main(args: &[String]) -> i32 {
    let mut profile: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let v = args.get(i + 1);
        match a {
            "--help" | "-h" => {
                println!("{USAGE}");
                return 0;
            }
            "-f" | "-n" | "-p" => {
                let Some(v) = v else { return usage() };
                if profile.is_some() {
                    return usage();
                }
                profile = Some(match a {
                    "-f" => match std::fs::read_to_string(v) {
                        Ok(t) => t,
                        Err(e) => {
                            eprintln!("sandbox-exec: {v}: {}", crate::launchctl::strerror(&e));
                            return 65;
                        }
                    },
                    "-n" if NAMED.contains(&v.as_str()) => format!("(version 1) ; {v}"),
                    "-n" => {
                        eprintln!("sandbox-exec: profile not found: {v}");
                        return 65;
                    }
                    _ => v.clone(),
                });
                i += 2;
            }
            "-D" => {
                if !v.is_some_and(|d| d.contains('=')) {
                    return usage();
                }
                i += 2;
            }
            "--" => {
                i += 1;
                break;
            }
            _ if a.starts_with('-') => return usage(),
            _ => break,
        }
    }
    let Some(profile) = profile else {
        return usage();
    };
    if i >= args.len() {
        return usage();
    }
    if !balanced(&profile) {
        eprintln!("sandbox-exec: unbalanced parentheses in profile");
        return 65;
    }
    let err = crate::launchctl::exec(&args[i..]);
    eprintln!(
        "sandbox-exec: execvp() of '{}' failed: {}",
        args[i],
        crate::launchctl::strerror(&err)
    );
    71
}
