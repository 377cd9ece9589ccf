//! `calvados prefix init|info|remove`: the macOS-shaped root directory that
//! `calvados shell` enters (docs/prefix.md fixes its layout).
//!
//! `init` builds a new prefix in a temporary sibling directory and renames
//! it into place, so a failed or interrupted init leaves nothing behind; on
//! an existing prefix it upgrades in place, one atomic step (temp + rename)
//! per file, and changes nothing when everything is already there.

pub mod fsutil;
mod info;
pub mod init;
mod layout;
pub mod remove;

pub use info::json_str;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Usage lines for the top-level help and `calvados prefix --help`.
pub const USAGE: &str = "    calvados prefix init [--prefix DIR] [--nix HOSTDIR]
                                       create or upgrade a macOS prefix
    calvados prefix info [--prefix DIR] [--json]
                                       describe a prefix
    calvados prefix remove [--prefix DIR] [--yes]
                                       delete a prefix (asks first)
";

const DETAILS: &str = "
The prefix is DIR, else $CALVADOS_PREFIX, else ~/.calvados. `init` lays out
the macOS tree (SystemVersion.plist, /etc/passwd and /etc/group with the
macOS system accounts and you, the dylibs and base system Calvados built,
calvados-tools) and is safe to run again: it only adds what is missing.
--nix HOSTDIR makes the shell bind-mount HOSTDIR (absolute, existing) on /nix.
";

/// The prefix directory as chosen, and where the choice came from:
/// `--prefix`, else `$CALVADOS_PREFIX`, else `~/.calvados` (`None` when
/// HOME is not set either). Shared by `calvados prefix` and `shell`.
pub fn choose_dir(given: Option<&std::ffi::OsStr>) -> Option<(PathBuf, &'static str)> {
    if let Some(p) = given {
        return Some((PathBuf::from(p), "--prefix"));
    }
    if let Some(p) = std::env::var_os("CALVADOS_PREFIX").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), "CALVADOS_PREFIX"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| (Path::new(&h).join(".calvados"), "HOME"))
}

/// The layout version this Calvados writes (the marker's first line).
pub const LAYOUT_VERSION: u32 = 1;
/// The marker file at the top of every prefix.
pub const MARKER: &str = ".calvados-prefix";

/// Entry point for `calvados prefix ARGS...`.
pub fn main(args: &[String]) -> ExitCode {
    let rest = args.get(1..).unwrap_or(&[]);
    let res = match args.first().map(String::as_str) {
        Some("init") => init::main(rest),
        Some("info") => info::main(rest),
        Some("remove") => remove::main(rest),
        Some("-h" | "--help" | "help") => {
            print!("USAGE:\n{USAGE}{DETAILS}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(Failure::usage(format!(
            "unknown subcommand '{other}' (try calvados prefix --help)"
        ))),
        None => Err(Failure::usage(
            "missing subcommand: init, info or remove (try calvados prefix --help)".into(),
        )),
    };
    match res {
        Ok(code) => code,
        Err(f) => {
            eprintln!("calvados: prefix: {}", f.msg);
            ExitCode::from(f.code)
        }
    }
}

/// An error for the user: one line, and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub msg: String,
    pub code: u8,
}

impl Failure {
    pub fn new(msg: String) -> Failure {
        Failure { msg, code: 1 }
    }
    pub fn usage(msg: String) -> Failure {
        Failure { msg, code: 2 }
    }
}

pub type Res<T> = Result<T, Failure>;

/// Options shared by the subcommands, parsed from `--name value` pairs and
/// flags.
pub struct Opts {
    pub prefix: Option<String>,
    pub values: Vec<(&'static str, String)>,
    pub flags: Vec<&'static str>,
}

impl Opts {
    /// Parses `args`: `--prefix DIR` always, plus the `valued` options and
    /// `flags` of one subcommand (`--opt=value` is accepted too).
    pub fn parse(
        cmd: &str,
        args: &[String],
        valued: &[&'static str],
        flags: &[&'static str],
    ) -> Res<Opts> {
        let mut o = Opts {
            prefix: None,
            values: Vec::new(),
            flags: Vec::new(),
        };
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (a, None),
            };
            if let Some(&f) = flags.iter().find(|&&f| f == name) {
                if inline.is_some() {
                    return Err(Failure::usage(format!("{cmd}: {name} takes no value")));
                }
                o.flags.push(f);
                i += 1;
                continue;
            }
            let key = if name == "--prefix" {
                "--prefix"
            } else if let Some(&k) = valued.iter().find(|&&k| k == name) {
                k
            } else {
                return Err(Failure::usage(format!(
                    "{cmd}: unknown argument '{a}' (try calvados prefix --help)"
                )));
            };
            let value = match inline {
                Some(v) => v,
                None => {
                    i += 1;
                    args.get(i)
                        .cloned()
                        .ok_or_else(|| Failure::usage(format!("{cmd}: {key} needs a value")))?
                }
            };
            if value.is_empty() {
                return Err(Failure::usage(format!("{cmd}: {key} needs a value")));
            }
            if key == "--prefix" {
                o.prefix = Some(value);
            } else {
                o.values.push((key, value));
            }
            i += 1;
        }
        Ok(o)
    }

    pub fn value(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn flag(&self, f: &str) -> bool {
        self.flags.contains(&f)
    }

    /// The prefix directory: `--prefix`, else `$CALVADOS_PREFIX`, else
    /// `~/.calvados`; always absolute, never with `..` (a prefix is
    /// created, inspected and deleted by that path).
    pub fn prefix_dir(&self, cmd: &str) -> Res<PathBuf> {
        let (path, from) = choose_dir(self.prefix.as_deref().map(std::ffi::OsStr::new))
            .ok_or_else(|| {
                Failure::usage(format!(
                    "{cmd}: HOME is not set; give the prefix with --prefix DIR"
                ))
            })?;
        let raw = path.to_string_lossy().into_owned();
        let p = Path::new(&raw);
        if !p.is_absolute() {
            return Err(Failure::usage(format!(
                "{cmd}: the prefix must be an absolute path, not '{raw}' (from {from})"
            )));
        }
        if p.components().any(|c| c == std::path::Component::ParentDir) {
            return Err(Failure::usage(format!(
                "{cmd}: the prefix path must not contain '..': {raw}"
            )));
        }
        // Normalise: no trailing slash, no `.` components.
        let clean: PathBuf = p.components().collect();
        if clean == Path::new("/") {
            return Err(Failure::usage(format!(
                "{cmd}: the prefix cannot be the host's root directory"
            )));
        }
        Ok(clean)
    }
}

/// What a prefix's marker says.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub version: u32,
    /// `key = value` settings in file order (`nix` is the one known now).
    pub settings: Vec<(String, String)>,
}

impl Marker {
    pub fn new(nix: Option<&str>) -> Marker {
        let mut settings = Vec::new();
        if let Some(n) = nix {
            settings.push(("nix".to_string(), n.to_string()));
        }
        Marker {
            version: LAYOUT_VERSION,
            settings,
        }
    }

    /// Parses a marker's text; `Err` names what is wrong with it.
    pub fn parse(text: &str) -> Result<Marker, String> {
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("");
        let version = first
            .strip_prefix("calvados-prefix ")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .ok_or_else(|| {
                format!("its first line is not 'calvados-prefix <version>': {first:?}")
            })?;
        let mut settings = Vec::new();
        for (n, line) in lines.enumerate() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let Some((k, v)) = l.split_once('=') else {
                return Err(format!("line {} is not 'key = value': {l:?}", n + 2));
            };
            let (k, v) = (k.trim(), v.trim());
            if k.is_empty() || k.contains(char::is_whitespace) {
                return Err(format!("line {} has a bad key: {l:?}", n + 2));
            }
            settings.push((k.to_string(), v.to_string()));
        }
        Ok(Marker { version, settings })
    }

    pub fn render(&self) -> String {
        let mut s = format!("calvados-prefix {}\n", self.version);
        for (k, v) in &self.settings {
            s += &format!("{k} = {v}\n");
        }
        s
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, key: &str, value: &str) {
        self.settings.retain(|(k, _)| k != key);
        self.settings.push((key.to_string(), value.to_string()));
    }

    pub fn nix(&self) -> Option<&str> {
        self.get("nix").filter(|v| !v.is_empty())
    }
}

/// The state of a directory that should hold a prefix.
pub enum Found {
    /// Nothing there.
    Missing,
    /// An empty directory.
    Empty,
    /// A prefix with a readable marker.
    Prefix(Marker),
}

/// Looks at `dir`: a prefix, nothing, or an error explaining why it cannot
/// be used as one (not a directory, not a prefix, damaged marker, a marker
/// from a newer Calvados).
pub fn examine(dir: &Path) -> Res<Found> {
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => {
            return Err(Failure::new(format!(
                "cannot read {}: {}",
                dir.display(),
                fsutil::why(&e)
            )));
        }
    };
    if !meta.is_dir() {
        return Err(Failure::new(format!(
            "{} exists and is not a directory",
            dir.display()
        )));
    }
    let marker = dir.join(MARKER);
    match std::fs::read(&marker) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::new(format!(
                    "{} is a damaged prefix: {MARKER} is not text",
                    dir.display()
                ))
            })?;
            let m = Marker::parse(&text).map_err(|e| {
                Failure::new(format!(
                    "{} is a damaged prefix: {MARKER}: {e}",
                    dir.display()
                ))
            })?;
            if m.version > LAYOUT_VERSION {
                return Err(Failure::new(format!(
                    "{} has layout version {}, newer than this Calvados knows ({LAYOUT_VERSION}); use a newer calvados",
                    dir.display(),
                    m.version
                )));
            }
            Ok(Found::Prefix(m))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut entries = std::fs::read_dir(dir).map_err(|e| {
                Failure::new(format!(
                    "cannot read {}: {}",
                    dir.display(),
                    fsutil::why(&e)
                ))
            })?;
            if entries.next().is_none() {
                Ok(Found::Empty)
            } else {
                Err(Failure::new(format!(
                    "{} is not empty and is not a Calvados prefix (no {MARKER}); choose another directory",
                    dir.display()
                )))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(Failure::new(format!(
            "cannot read {}: {}",
            marker.display(),
            fsutil::why(&e)
        ))),
        Err(e) => Err(Failure::new(format!(
            "{} is a damaged prefix: cannot read {MARKER}: {}",
            dir.display(),
            fsutil::why(&e)
        ))),
    }
}

/// Refuses a prefix another user owns, unless we are root.
pub fn check_owner(dir: &Path) -> Res<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(dir).map_err(|e| {
        Failure::new(format!(
            "cannot read {}: {}",
            dir.display(),
            fsutil::why(&e)
        ))
    })?;
    // SAFETY: getuid has no failure mode.
    let uid = unsafe { libc::getuid() };
    if uid != 0 && meta.uid() != uid {
        let owner = fsutil::user_name(meta.uid()).unwrap_or_else(|| meta.uid().to_string());
        return Err(Failure::new(format!(
            "the prefix at {} belongs to {owner}, not to you",
            dir.display()
        )));
    }
    Ok(())
}

/// The macOS-shaped tree Calvados ships next to its binary:
/// `<dir of calvados>/../lib/calvados/darwin`, and `calvados-tools` beside
/// the binary.
pub fn install_sources() -> (Option<PathBuf>, Option<PathBuf>) {
    let Ok(exe) = std::fs::read_link("/proc/self/exe") else {
        return (None, None);
    };
    let Some(bindir) = exe.parent() else {
        return (None, None);
    };
    let runtime = bindir
        .parent()
        .map(|p| p.join("lib/calvados/darwin"))
        .filter(|p| p.is_dir());
    let tools = Some(bindir.join("calvados-tools")).filter(|p| p.is_file());
    (runtime, tools)
}
