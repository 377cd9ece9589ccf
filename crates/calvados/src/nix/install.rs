//! `calvados nix install`: a single-user Nix installation in a prefix, the
//! steps of Nix's own `install --no-daemon` (copy the store, register it
//! with `nix-store --load-db`, put nix and the CA bundle in the user's
//! profile, subscribe to nixpkgs, hook the profile script into the login
//! shell) without its macOS-only ones (APFS volume, `synthetic.conf`,
//! LaunchDaemons), which a prefix does not have.
//!
//! Safety of the prefix: the tarball is unpacked and checked in a staging
//! directory beside the store before anything changes; each store path
//! enters the store by one `rename`; every later step is repeatable. So a
//! bad tarball leaves the prefix as it was, and an interrupted install is
//! finished by running it again.

use super::tarball::{self, Source};
use crate::prefix::{self, fsutil};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

pub const USAGE: &str = "    calvados nix install [--prefix DIR] [TARBALL | URL | --version V]
                                       install Nix (single-user) into a prefix
";

const DETAILS: &str = "
Installs Nix into the prefix (--prefix DIR, else $CALVADOS_PREFIX, else
~/.calvados; created when missing) with no questions asked:
  1. unpacks and checks the release tarball: nix-VERSION-x86_64-darwin/ with
     store/ and .reginfo (an arm64 or Linux release is refused);
  2. moves its store paths into the prefix's /nix/store;
  3. registers them with `nix-store --load-db < .reginfo`;
  4. installs nix and the CA bundle into your profile (`nix-env -i`);
  5. writes /etc/nix/nix.conf when there is none: build-users-group empty
     (single-user), substituters https://cache.nixos.org/ with its key,
     experimental-features nix-command flakes; --conf 'KEY = VALUE' sets
     a key (and replaces it in an existing nix.conf);
  6. subscribes to https://nixos.org/channels/nixpkgs-unstable as `nixpkgs`
     (not fetched: run `calvados nix nix-channel --update` when online);
     --no-channel-add skips this;
  7. makes login shells in the prefix source the profile's nix.sh
     (~/.bash_profile, ~/.bash_login or ~/.profile); --no-modify-profile
     skips this.
It is Nix's `install --no-daemon` without the macOS-only steps (APFS
volume, synthetic.conf, LaunchDaemons): the prefix's /nix is an ordinary
directory and there is no daemon. Running it again finishes an interrupted
install and changes nothing when Nix is installed.

The tarball is a file, a URL (downloaded with the host's curl or wget and
checked against the published URL.sha256, or --sha256 HEX), or
--version V: Nix's official release V from releases.nixos.org.
";

/// Parsed arguments.
#[derive(Debug)]
struct Args {
    prefix: Option<String>,
    source: Option<Source>,
    sha256: Option<String>,
    conf: Vec<(String, String)>,
    channel: bool,
    profile: bool,
}

fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut a = Args {
        prefix: None,
        source: None,
        sha256: None,
        conf: Vec::new(),
        channel: true,
        profile: true,
    };
    let mut i = 0;
    let mut version = None;
    while i < args.len() {
        let arg = args[i].as_str();
        // `--opt=value`; a `--conf=` value holds '=' itself.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg, None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name {
            "-h" | "--help" => {
                print!("USAGE:\n{USAGE}{DETAILS}");
                return Ok(None);
            }
            "--prefix" => a.prefix = Some(value()?),
            "--sha256" => a.sha256 = Some(value()?),
            "--version" => version = Some(value()?),
            "--conf" => {
                let v = value()?;
                let (k, val) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--conf needs 'KEY = VALUE', not '{v}'"))?;
                a.conf.push((k.trim().to_string(), val.trim().to_string()));
            }
            "--no-channel-add" => a.channel = false,
            "--no-modify-profile" => a.profile = false,
            _ if arg.starts_with('-') => {
                return Err(format!(
                    "unknown option '{arg}' (try calvados nix install --help)"
                ))
            }
            _ => {
                if a.source.is_some() {
                    return Err(format!("more than one tarball given ('{arg}')"));
                }
                a.source = Some(Source::parse(arg));
            }
        }
        i += 1;
    }
    match (version, &a.source) {
        (Some(_), Some(_)) => return Err("give a tarball or --version, not both".into()),
        (Some(v), None) => a.source = Some(Source::release(&v)),
        (None, None) => {
            return Err(
                "which Nix? give a tarball (file or URL) or --version V (try calvados nix install --help)"
                    .into(),
            )
        }
        (None, Some(_)) => {}
    }
    Ok(Some(a))
}

/// Entry point for `calvados nix install ARGS...`.
pub fn main(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("calvados: nix install: {e}");
            return ExitCode::from(2);
        }
    };
    fsutil::catch_interrupts();
    match install(&a) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("calvados: nix install: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Removes a directory tree on drop (the staging and download directories).
struct TempTree(PathBuf);

impl Drop for TempTree {
    fn drop(&mut self) {
        remove_tree(&self.0);
    }
}

/// Deletes `dir` even when it holds read-only store directories.
fn remove_tree(dir: &Path) {
    if std::fs::symlink_metadata(dir).is_err() {
        return;
    }
    let _ = Command::new("chmod").arg("-R").arg("u+w").arg(dir).status();
    let _ = std::fs::remove_dir_all(dir);
}

fn install(a: &Args) -> Result<(), String> {
    let start = Instant::now();
    let opts = prefix::Opts {
        prefix: a.prefix.clone(),
        values: Vec::new(),
        flags: Vec::new(),
    };
    let dir = opts.prefix_dir("nix install").map_err(|f| f.msg)?;
    let source = a.source.as_ref().expect("parse sets a source");

    let download = TempTree(
        std::env::temp_dir().join(format!("calvados-nix-download.{}", std::process::id())),
    );
    let tarball = if matches!(source, Source::Url(_)) {
        fsutil::mkdir_mode(&download.0, 0o700)?;
        tarball::fetch(source, a.sha256.as_deref(), &download.0)?
    } else {
        tarball::fetch(source, None, &download.0)?
    };

    // A missing prefix is created; if the install then fails, it goes again.
    let created = match prefix::examine(&dir).map_err(|f| f.msg)? {
        prefix::Found::Prefix(_) => {
            prefix::check_owner(&dir).map_err(|f| f.msg)?;
            false
        }
        prefix::Found::Missing | prefix::Found::Empty => {
            let code = prefix::init::main(&["--prefix".into(), dir.to_string_lossy().into()]);
            if code.map_err(|f| f.msg)? != ExitCode::SUCCESS {
                return Err(format!("cannot create the prefix {}", dir.display()));
            }
            true
        }
    };
    let res = install_into(&dir, a, source, &tarball, start);
    if res.is_err() && created {
        let _ = prefix::remove::delete_tree(&dir, None);
    }
    res
}

fn install_into(
    dir: &Path,
    a: &Args,
    source: &Source,
    tarball: &Path,
    start: Instant,
) -> Result<(), String> {
    let marker = crate::shell::read_marker(dir)?;
    let nixdir = marker.nix.clone().unwrap_or_else(|| dir.join("nix"));
    if !nixdir.is_dir() {
        fsutil::mkdir_mode(&nixdir, 0o755)?;
    }
    let _lock = lock(&nixdir)?;
    // What an interrupted run left behind.
    for e in std::fs::read_dir(&nixdir)
        .map_err(|e| fsutil::ctx(&nixdir, &e))?
        .flatten()
    {
        if e.file_name()
            .to_string_lossy()
            .starts_with(".calvados-install.")
        {
            remove_tree(&e.path());
        }
    }
    let staging = TempTree(nixdir.join(format!(".calvados-install.{}", std::process::id())));
    fsutil::mkdir_mode(&staging.0, 0o755)?;
    eprintln!("unpacking {}...", source.name());
    let rel = tarball::unpack(tarball, &source.name(), &staging.0)?;

    // Nix decides to use /nix by whether /nix/var/nix exists.
    let store = nixdir.join("store");
    for d in [store.clone(), nixdir.join("var"), nixdir.join("var/nix")] {
        if !d.is_dir() {
            fsutil::mkdir_mode(&d, 0o755)?;
        }
    }
    let (mut new, mut old) = (0, 0);
    for p in &rel.paths {
        fsutil::check_interrupt()?;
        let dst = store.join(p);
        if std::fs::symlink_metadata(&dst).is_ok() {
            old += 1;
            continue;
        }
        let src = rel.store().join(p);
        read_only(&src)?;
        std::fs::rename(&src, &dst).map_err(|e| fsutil::ctx(&dst, &e))?;
        // The top directory last: renaming needs it writable.
        if let Ok(m) = std::fs::symlink_metadata(&dst) {
            if m.is_dir() {
                let _ = std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(0o555));
            }
        }
        new += 1;
    }
    eprintln!(
        "store: {new} path(s) added, {old} already there ({})",
        store.display()
    );

    write_nix_conf(dir, &a.conf)?;
    let nix = format!("/nix/store/{}", rel.nix);
    let run = Inside { dir };
    eprintln!("registering the store paths (nix-store --load-db)...");
    let reginfo =
        std::fs::File::open(rel.reginfo()).map_err(|e| fsutil::ctx(&rel.reginfo(), &e))?;
    run.status(
        &[&format!("{nix}/bin/nix-store"), "--load-db"],
        Some(reginfo),
    )
    .map_err(|e| format!("registering the store paths failed: {e}"))?;

    let installed = run
        .output(&[&format!("{nix}/bin/nix-env"), "-q", "--out-path"])
        .map_err(|e| format!("reading your profile failed: {e}"))?;
    let mut wanted = vec![nix.clone()];
    if let Some(c) = &rel.cacert {
        wanted.push(format!("/nix/store/{c}"));
    }
    for w in &wanted {
        if installed.split_whitespace().any(|x| x == w) {
            continue;
        }
        eprintln!("installing {} into your profile...", &w[44..]);
        run.status(&[&format!("{nix}/bin/nix-env"), "-i", w], None)
            .map_err(|e| format!("installing {w} into your profile failed: {e}"))?;
    }

    if a.channel {
        let list = run
            .output(&[&format!("{nix}/bin/nix-channel"), "--list"])
            .map_err(|e| format!("nix-channel --list failed: {e}"))?;
        if !list.lines().any(|l| l.starts_with("nixpkgs ")) {
            run.status(
                &[
                    &format!("{nix}/bin/nix-channel"),
                    "--add",
                    "https://nixos.org/channels/nixpkgs-unstable",
                    "nixpkgs",
                ],
                None,
            )
            .map_err(|e| format!("nix-channel --add failed: {e}"))?;
        }
    }
    if a.profile {
        hook_profile(dir)?;
    }
    drop(staging);
    eprintln!(
        "Nix {} is installed in {} ({:.1} s). Use it with: calvados nix --prefix {} nix --version",
        rel.version,
        dir.display(),
        start.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(())
}

/// The install lock; the file goes when the install ends.
struct Lock {
    path: PathBuf,
    _file: std::fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// One install at a time per store: `flock` on `/nix/.calvados-install.lock`.
fn lock(nixdir: &Path) -> Result<Lock, String> {
    use std::os::fd::AsRawFd;
    let p = nixdir.join(".calvados-install.lock");
    let f = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&p)
        .map_err(|e| fsutil::ctx(&p, &e))?;
    // SAFETY: flock on a descriptor we own.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err(format!(
            "another calvados nix install is running on {}",
            nixdir.display()
        ));
    }
    Ok(Lock { path: p, _file: f })
}

/// Removes write permission from everything under `top` (not `top`
/// itself, which a rename needs writable), as the store wants.
fn read_only(top: &Path) -> Result<(), String> {
    fn walk(p: &Path) -> std::io::Result<()> {
        for e in std::fs::read_dir(p)? {
            let e = e?;
            let ft = e.file_type()?;
            if ft.is_symlink() {
                continue;
            }
            if ft.is_dir() {
                walk(&e.path())?;
            }
            let m = e.metadata()?;
            let mode = m.permissions().mode() & 0o7777 & !0o222;
            std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(mode))?;
        }
        Ok(())
    }
    let m = std::fs::symlink_metadata(top).map_err(|e| fsutil::ctx(top, &e))?;
    if m.is_dir() {
        walk(top).map_err(|e| fsutil::ctx(top, &e))
    } else if m.is_file() {
        let mode = m.permissions().mode() & 0o7777 & !0o222;
        std::fs::set_permissions(top, std::fs::Permissions::from_mode(mode))
            .map_err(|e| fsutil::ctx(top, &e))
    } else {
        Ok(())
    }
}

/// The settings `nix.conf` gets when the prefix has none.
const NIX_CONF: &[(&str, &str)] = &[
    ("build-users-group", ""),
    ("experimental-features", "nix-command flakes"),
    ("substituters", "https://cache.nixos.org/"),
    (
        "trusted-public-keys",
        "cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=",
    ),
];

/// Writes the prefix's `/etc/nix/nix.conf`: the defaults when there is
/// none, and the `--conf` keys (replacing their lines in an existing one).
fn write_nix_conf(dir: &Path, conf: &[(String, String)]) -> Result<(), String> {
    let etc = dir.join("private/etc/nix");
    if !etc.is_dir() {
        fsutil::mkdir_mode(&etc, 0o755)?;
    }
    let path = etc.join("nix.conf");
    let existing = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fsutil::ctx(&path, &e)),
    };
    if existing.is_some() && conf.is_empty() {
        return Ok(());
    }
    let key_of = |l: &str| l.split_once('=').map(|(k, _)| k.trim().to_string());
    let mut lines: Vec<String> = match &existing {
        Some(t) => t.lines().map(str::to_string).collect(),
        None => {
            let mut v = vec![
                "# Written by `calvados nix install`: a single-user Nix in a Calvados prefix."
                    .to_string(),
            ];
            v.extend(NIX_CONF.iter().map(|(k, val)| format!("{k} = {val}")));
            v
        }
    };
    for (k, v) in conf {
        let line = format!("{k} = {v}");
        match lines
            .iter()
            .position(|l| !l.trim_start().starts_with('#') && key_of(l).as_deref() == Some(k))
        {
            Some(i) => lines[i] = line,
            None => lines.push(line),
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    if existing.as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    fsutil::write_atomic(&path, text.as_bytes(), 0o644)
}

/// Makes login shells source the profile's `nix.sh`: the first of
/// `.bash_profile`, `.bash_login` that exists, else `.profile` (the
/// official installer's rule).
fn hook_profile(dir: &Path) -> Result<(), String> {
    // SAFETY: plain identity query.
    let uid = unsafe { libc::getuid() };
    let (_, home) = crate::shell::user_home(dir, uid);
    let host_home = dir.join(home.trim_start_matches('/'));
    let script = format!("{home}/.nix-profile/etc/profile.d/nix.sh");
    let hook =
        format!("\nif [ -e {script} ]; then . {script}; fi # added by calvados nix install\n");
    for name in [".bash_profile", ".bash_login", ".profile"] {
        let f = host_home.join(name);
        let exists = f.exists();
        if !exists && name != ".profile" {
            continue;
        }
        let old = if exists {
            std::fs::read_to_string(&f).map_err(|e| fsutil::ctx(&f, &e))?
        } else {
            String::new()
        };
        if !old.contains(&script) {
            let mut file = std::fs::File::options()
                .create(true)
                .append(true)
                .open(&f)
                .map_err(|e| fsutil::ctx(&f, &e))?;
            file.write_all(hook.as_bytes())
                .map_err(|e| fsutil::ctx(&f, &e))?;
        }
        break;
    }
    Ok(())
}

/// Runs commands inside the prefix through `calvados shell`.
struct Inside<'a> {
    dir: &'a Path,
}

impl Inside<'_> {
    fn command(&self, argv: &[&str]) -> Command {
        let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("/proc/self/exe"));
        let mut c = Command::new(exe);
        c.arg("shell")
            .arg("--prefix")
            .arg(self.dir)
            .arg("--")
            .args(argv);
        c
    }

    /// Runs `argv` with its output on ours; an error says how it ended.
    fn status(&self, argv: &[&str], stdin: Option<std::fs::File>) -> Result<(), String> {
        let mut c = self.command(argv);
        c.stdin(stdin.map_or_else(Stdio::null, Stdio::from));
        let st = c
            .status()
            .map_err(|e| format!("cannot start calvados shell: {e}"))?;
        if st.success() {
            Ok(())
        } else {
            Err(format!("{} ended with {st}", argv.join(" ")))
        }
    }

    /// Runs `argv` and returns its standard output.
    fn output(&self, argv: &[&str]) -> Result<String, String> {
        let out = self
            .command(argv)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot start calvados shell: {e}"))?;
        if !out.status.success() {
            return Err(format!("{} ended with {}", argv.join(" "), out.status));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses() {
        let a = parse(&args(&[
            "--prefix",
            "/p",
            "x.tar.xz",
            "--conf",
            "substituters = ",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(a.prefix.as_deref(), Some("/p"));
        assert_eq!(a.source, Some(Source::File("x.tar.xz".into())));
        assert_eq!(a.conf, vec![("substituters".into(), String::new())]);
        let a = parse(&args(&["--conf=sandbox = false", "x"]))
            .unwrap()
            .unwrap();
        assert_eq!(a.conf, vec![("sandbox".into(), "false".into())]);
        let a = parse(&args(&["--version=2.26.3", "--no-channel-add"]))
            .unwrap()
            .unwrap();
        assert!(
            matches!(a.source, Some(Source::Url(u)) if u.ends_with("nix-2.26.3-x86_64-darwin.tar.xz"))
        );
        assert!(!a.channel);
        assert!(parse(&args(&[])).unwrap_err().contains("which Nix"));
        assert!(parse(&args(&["a", "b"]))
            .unwrap_err()
            .contains("more than one"));
        assert!(parse(&args(&["a", "--version", "1"]))
            .unwrap_err()
            .contains("not both"));
        assert!(parse(&args(&["--bogus"]))
            .unwrap_err()
            .contains("unknown option"));
    }

    #[test]
    fn nix_conf() {
        let d = std::env::temp_dir().join(format!("calvados-nixconf-{}", std::process::id()));
        std::fs::create_dir_all(d.join("private/etc")).unwrap();
        write_nix_conf(&d, &[]).unwrap();
        let p = d.join("private/etc/nix/nix.conf");
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains("\nbuild-users-group = \n"), "{t}");
        assert!(t.contains("experimental-features = nix-command flakes"));
        write_nix_conf(&d, &[("substituters".into(), String::new())]).unwrap();
        let t2 = std::fs::read_to_string(&p).unwrap();
        assert!(t2.contains("\nsubstituters = \n"), "{t2}");
        assert!(!t2.contains("cache.nixos.org/\n"));
        std::fs::write(&p, "# mine\nmax-jobs = 4\n").unwrap();
        write_nix_conf(&d, &[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "# mine\nmax-jobs = 4\n"
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
