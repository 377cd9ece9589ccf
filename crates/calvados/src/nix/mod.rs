//! `calvados nix`: the darwin Nix in a prefix, from the Linux host.
//! `install` puts a release tarball into a prefix; anything else is a
//! command run inside the prefix with the user's Nix profile loaded, the
//! way `calvados shell` runs it (the process becomes the command, so its
//! streams, terminal, signals and exit status are the command's own).
//! Started as `darwin-nix` (a symlink to calvados), calvados is
//! `calvados nix`.

pub mod install;
pub mod tarball;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;

pub const USAGE: &str = "    calvados nix [--prefix DIR] CMD [ARGS...]
                                       run a Nix command (nix, nix-build, ...)
                                       in the prefix, profile loaded
";

const DETAILS: &str = "
CMD runs inside the prefix (--prefix DIR, else $CALVADOS_PREFIX, else
~/.calvados) as with `calvados shell`, with the Nix profile loaded:
PATH starts with ~/.nix-profile/bin and /nix/var/nix/profiles/default/bin;
NIX_PROFILES and NIX_SSL_CERT_FILE are set. Standard streams, the
terminal, signals (Ctrl-C reaches Nix) and the exit status are CMD's own.
Options end at the first word that is not one (or at --).
A symlink named darwin-nix pointing at calvados works as `calvados nix`:
    ln -s \"$(command -v calvados)\" ~/.local/bin/darwin-nix
    darwin-nix nix-build '<nixpkgs>' -A hello
";

/// The whole help of `calvados nix`.
pub fn help() -> String {
    format!("USAGE:\n{USAGE}{}{DETAILS}", install::USAGE)
}

/// Entry point for `calvados nix ARGS...` (raw: Nix arguments may be any
/// bytes).
pub fn main(args: &[OsString]) -> ExitCode {
    let mut prefix = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_bytes();
        match a {
            b"--" => {
                i += 1;
                break;
            }
            b"-h" | b"--help" => {
                print!("{}", help());
                return ExitCode::SUCCESS;
            }
            _ if crate::shell::is_prefix_option(a) => {
                match crate::shell::prefix_option(args, &mut i) {
                    Ok(p) => prefix = Some(p),
                    Err(e) => {
                        eprintln!("calvados: nix: {e}");
                        return ExitCode::from(2);
                    }
                }
            }
            b"install" => {
                let mut rest: Vec<String> = Vec::new();
                if let Some(p) = &prefix {
                    rest.push("--prefix".into());
                    rest.push(p.to_string_lossy().into_owned());
                }
                rest.extend(
                    args[i + 1..]
                        .iter()
                        .map(|a| a.to_string_lossy().into_owned()),
                );
                return install::main(&rest);
            }
            _ if a.starts_with(b"-") => {
                eprintln!(
                    "calvados: nix: unknown option '{}' (try calvados nix --help)",
                    args[i].to_string_lossy()
                );
                return ExitCode::from(2);
            }
            _ => break,
        }
        i += 1;
    }
    let command = args[i..].to_vec();
    if command.is_empty() {
        eprint!("calvados: nix: missing command\n{}", help());
        return ExitCode::from(2);
    }
    if let Err(e) = installed(prefix.as_deref()) {
        eprintln!("calvados: nix: {e}");
        return ExitCode::from(125);
    }
    let opts = crate::shell::Options {
        prefix,
        keep_env: false,
        command,
        nix_profile: true,
    };
    match crate::shell::launch(opts) {
        Ok(never) => match never {},
        Err(e) => {
            eprintln!("calvados: nix: {e}");
            ExitCode::from(125)
        }
    }
}

/// Whether the prefix holds an installed Nix (its database), with the
/// command that installs one when not.
pub fn installed(prefix: Option<&std::ffi::OsStr>) -> Result<(), String> {
    let dir = crate::shell::prefix_dir(prefix)
        .ok_or("no prefix: give --prefix DIR or set CALVADOS_PREFIX (HOME is not set)")?;
    let marker = crate::shell::read_marker(&dir)?;
    let nixdir = marker.nix.unwrap_or_else(|| dir.join("nix"));
    if nixdir.join("var/nix/db/db.sqlite").is_file() {
        Ok(())
    } else {
        Err(format!(
            "Nix is not installed in {}; install it with `calvados nix install --prefix {} TARBALL` (or --version V)",
            dir.display(),
            dir.display()
        ))
    }
}
