//! `calvados shell`: run a program with the prefix as its root `/`.
//!
//! Everything happens in the calvados process itself, which finally becomes
//! the program (no fork, no supervisor): the terminal, job control, window
//! size, signals and the exit status belong to the program directly.
//!
//! 1. `unshare(CLONE_NEWUSER | CLONE_NEWNS)` for an ordinary user (identity
//!    `uid_map`/`gid_map` for its own uid and gid, `setgroups` denied), only
//!    `CLONE_NEWNS` for root;
//! 2. every mount private, the prefix bound on itself, the host's `/` bound
//!    recursively on `Volumes/SystemRoot`, `/dev` on `dev`, `/proc` on
//!    `proc`, the marker's `nix = DIR` on `nix`;
//! 3. `pivot_root(".", ".")` in the prefix, then the old root (stacked on the
//!    new one) detached, so no `put_old` directory is needed;
//! 4. the working directory translated (inside the prefix: the same place;
//!    elsewhere: under `/Volumes/SystemRoot`; else `HOME`), a clean
//!    environment, and `execve` — through Calvados (`run --argv0`) for a
//!    Mach-O program or a `#!` script whose interpreter is one, directly for
//!    anything else.

use std::ffi::{CStr, CString, OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Usage lines for `calvados --help` and `calvados shell --help`.
pub const USAGE: &str = "    calvados shell [--prefix DIR] [--keep-env] [--] [CMD ARGS...]
                                       run CMD (default: a login bash) with the
                                       prefix as / (host / at /Volumes/SystemRoot)
";

const HELP_DETAILS: &str = "
The prefix is --prefix DIR, else $CALVADOS_PREFIX, else ~/.calvados; it must
hold a `.calvados-prefix` marker (made by `calvados prefix init`). Without CMD
the program is `/bin/bash -l` (argv[0] `-bash`). A CMD without a slash is
looked up in the prefix's PATH. The exit status is CMD's own (a signal kills
the process itself, which the calling shell reports as 128+n).

An ordinary user enters through an unprivileged user namespace and keeps its
uid and gid (files of other users show as nobody inside); root stays root.

ENVIRONMENT inside: HOME (/var/root for root, else the passwd entry's home,
/Users/NAME), USER, LOGNAME, SHELL=/bin/bash,
PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin, TMPDIR=/tmp,
CALVADOS_PREFIX=/, CALVADOS=<calvados as seen inside>; TERM, LANG, LC_*, COLORTERM and TZ are kept, everything else
is dropped. --keep-env keeps the whole environment (CALVADOS_PREFIX is still
set to /, since the host's prefix path does not exist inside).
";

/// The search path inside the prefix (macOS's default for a login shell).
pub(crate) const PREFIX_PATH: &str = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";

/// Where the host's root is mounted inside the prefix.
const SYSTEM_ROOT: &str = "/Volumes/SystemRoot";

/// Host variables a program inside still gets (terminal and locale).
const KEPT_VARS: &[&str] = &["TERM", "LANG", "COLORTERM", "TZ"];

/// A fatal error: one line on stderr, exit status 125 (like `env`/`chroot`
/// use for their own failures, distinct from the program's 126/127).
struct Fail(String);

impl<T: std::fmt::Display> From<T> for Fail {
    fn from(s: T) -> Self {
        Fail(s.to_string())
    }
}

/// Entry point for `calvados shell ARGS...`.
pub fn main(_args: &[String]) -> ExitCode {
    // Command arguments may be any bytes: read them raw.
    let raw: Vec<OsString> = std::env::args_os().skip(2).collect();
    match shell(&raw) {
        Ok(never) => match never {},
        Err(Fail(msg)) if msg.is_empty() => ExitCode::SUCCESS,
        Err(Fail(msg)) => {
            eprintln!("calvados: shell: {msg}");
            ExitCode::from(125)
        }
    }
}

/// What to start in a prefix: the parsed command line of `calvados shell`,
/// or what `calvados nix` asks for.
#[derive(Default)]
pub(crate) struct Options {
    pub prefix: Option<OsString>,
    pub keep_env: bool,
    pub command: Vec<OsString>,
    /// Load the user's Nix profile (what Nix's `nix.sh` does): its `bin`
    /// first on PATH, `NIX_PROFILES`, `NIX_SSL_CERT_FILE`.
    pub nix_profile: bool,
}

fn parse(args: &[OsString]) -> Result<Options, Fail> {
    let mut o = Options::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_bytes();
        match a {
            b"--" => {
                i += 1;
                break;
            }
            b"-h" | b"--help" => {
                print!("USAGE:\n{USAGE}{HELP_DETAILS}");
                return Err(Fail(String::new()));
            }
            b"--keep-env" => o.keep_env = true,
            _ if is_prefix_option(a) => o.prefix = Some(prefix_option(args, &mut i)?),
            _ if a.starts_with(b"-") && a.len() > 1 => {
                return Err(Fail(format!(
                    "unknown option '{}' (try calvados shell --help)",
                    args[i].to_string_lossy()
                )));
            }
            _ => break,
        }
        i += 1;
    }
    o.command = args[i..].to_vec();
    Ok(o)
}

/// Whether `a` is `--prefix` or `--prefix=DIR`.
pub(crate) fn is_prefix_option(a: &[u8]) -> bool {
    a == b"--prefix" || a.starts_with(b"--prefix=")
}

/// The directory of the `--prefix DIR` / `--prefix=DIR` at `args[*i]`
/// (`*i` left on the last argument it used), as `calvados shell` and
/// `calvados nix` take it.
pub(crate) fn prefix_option(args: &[OsString], i: &mut usize) -> Result<OsString, &'static str> {
    let a = args[*i].as_bytes();
    if let Some(v) = a.strip_prefix(b"--prefix=") {
        return Ok(OsStr::from_bytes(v).to_owned());
    }
    *i += 1;
    args.get(*i).cloned().ok_or("--prefix needs a directory")
}

/// The prefix directory: `--prefix`, else `$CALVADOS_PREFIX`, else
/// `~/.calvados`.
pub(crate) fn prefix_dir(given: Option<&OsStr>) -> Option<PathBuf> {
    crate::prefix::choose_dir(given).map(|(p, _)| p)
}

/// The settings of a prefix's `.calvados-prefix` marker.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Marker {
    /// `nix = DIR`: the host directory bound on the prefix's `/nix`.
    pub nix: Option<PathBuf>,
}

/// Reads and checks `DIR/.calvados-prefix` (first line `calvados-prefix 1`).
pub(crate) fn read_marker(dir: &Path) -> Result<Marker, String> {
    let hint = format!(
        "{} is not a Calvados prefix (no valid .calvados-prefix marker); create one with `calvados prefix init --prefix {}`",
        dir.display(),
        dir.display()
    );
    let text =
        std::fs::read_to_string(dir.join(crate::prefix::MARKER)).map_err(|_| hint.clone())?;
    let marker = crate::prefix::Marker::parse(&text).map_err(|_| hint)?;
    if marker.version != crate::prefix::LAYOUT_VERSION {
        return Err(format!(
            "{}: prefix layout version {} is not supported by this calvados (it knows version {})",
            dir.display(),
            marker.version,
            crate::prefix::LAYOUT_VERSION
        ));
    }
    let nix = marker
        .settings
        .iter()
        .find(|(k, v)| k == "nix" && !v.is_empty())
        .map(|(_, v)| PathBuf::from(v));
    Ok(Marker { nix })
}

/// Where host path `p` is seen from inside the prefix `prefix` (both
/// absolute and canonical).
pub(crate) fn translate(prefix: &Path, p: &Path) -> PathBuf {
    match p.strip_prefix(prefix) {
        Ok(rest) => Path::new("/").join(rest),
        Err(_) => Path::new(SYSTEM_ROOT).join(p.strip_prefix("/").unwrap_or(p)),
    }
}

/// The name and home (as seen inside) of `uid` in the prefix: root's is
/// `/var/root`, another user's its passwd entry's, else `/Users/NAME`.
pub(crate) fn user_home(prefix: &Path, uid: u32) -> (String, String) {
    let (name, passwd_home) = account(prefix, uid);
    let home = if uid == 0 {
        "/var/root".to_string()
    } else {
        passwd_home.unwrap_or_else(|| format!("/Users/{name}"))
    };
    (name, home)
}

/// The account of `uid`: its name and home, from the prefix's
/// `/etc/passwd`, else the host's name.
fn account(prefix: &Path, uid: u32) -> (String, Option<String>) {
    for db in ["private/etc/passwd", "etc/passwd"] {
        let Ok(text) = std::fs::read_to_string(prefix.join(db)) else {
            continue;
        };
        for line in text.lines() {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() >= 7 && f[2].parse() == Ok(uid) && !f[0].is_empty() {
                let home = (!f[f.len() - 2].is_empty()).then(|| f[f.len() - 2].to_string());
                return (f[0].to_string(), home);
            }
        }
        break;
    }
    // SAFETY: getpwuid returns NULL or a static entry, read at once
    // (single-threaded here).
    let host = unsafe {
        let pw = libc::getpwuid(uid);
        (!pw.is_null()).then(|| CStr::from_ptr((*pw).pw_name).to_string_lossy().into_owned())
    };
    let name = host
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| format!("uid{uid}"));
    (name, None)
}

/// The environment of the program inside.
fn environment(
    keep_env: bool,
    name: &str,
    home: &str,
    calvados: &[u8],
) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = if keep_env {
        std::env::vars_os().collect()
    } else {
        std::env::vars_os()
            .filter(|(k, _)| {
                let k = k.as_bytes();
                KEPT_VARS.iter().any(|v| v.as_bytes() == k) || k.starts_with(b"LC_")
            })
            .collect()
    };
    let mut set = |k: &str, v: &str| {
        env.retain(|(ek, _)| ek != k);
        env.push((k.into(), v.into()));
    };
    set("CALVADOS_PREFIX", "/");
    if !keep_env {
        set("HOME", home);
        set("USER", name);
        set("LOGNAME", name);
        set("SHELL", "/bin/bash");
        set("PATH", PREFIX_PATH);
        set("TMPDIR", "/tmp");
    }
    // Calvados as seen from inside, for the ELF tools (launchctl,
    // sandbox-exec) that start Mach-O programs without binfmt.
    env.retain(|(k, _)| k != "CALVADOS");
    env.push(("CALVADOS".into(), OsString::from_vec(calvados.to_vec())));
    env
}

/// The variables Nix's `etc/profile.d/nix.sh` sets for a single-user
/// install, computed inside the prefix (after `pivot_root`): the user's
/// profile, then the default profile, before the system PATH.
fn nix_profile_env(env: &mut Vec<(OsString, OsString)>, home: &str) {
    let user = format!("{home}/.nix-profile");
    let default = "/nix/var/nix/profiles/default";
    let old_path = env.iter().find(|(k, _)| k == "PATH").map_or_else(
        || PREFIX_PATH.to_string(),
        |(_, v)| v.to_string_lossy().into_owned(),
    );
    let mut set = |k: &str, v: String| {
        env.retain(|(ek, _)| ek != k);
        env.push((k.into(), v.into()));
    };
    set("PATH", format!("{user}/bin:{default}/bin:{old_path}"));
    set("NIX_PROFILES", format!("{default} {user}"));
    let bundle = "etc/ssl/certs/ca-bundle.crt";
    if let Some(cert) = [&user, default]
        .iter()
        .map(|p| format!("{p}/{bundle}"))
        .find(|c| Path::new(c).is_file())
    {
        set("NIX_SSL_CERT_FILE", cert);
    }
}

fn cstring(b: &[u8]) -> Result<CString, Fail> {
    CString::new(b).map_err(|_| Fail::from("argument contains a NUL byte"))
}

fn os_err(what: &str) -> Fail {
    Fail(format!("{what}: {}", std::io::Error::last_os_error()))
}

/// Writes `data` to a `/proc` file (one write, as the kernel wants).
fn write_proc(path: &str, data: &str) -> std::io::Result<()> {
    std::fs::write(path, data)
}

/// One line naming the setting that forbids unprivileged user namespaces
/// on this host, and how to allow it. `sys` is the `/proc/sys` directory.
pub(crate) fn userns_diagnosis(sys: &Path, err: &std::io::Error) -> String {
    let read = |p: &str| {
        std::fs::read_to_string(sys.join(p))
            .ok()
            .map(|s| s.trim().to_string())
    };
    let base = "unprivileged user namespaces are disabled on this host";
    if read("user/max_user_namespaces").as_deref() == Some("0") {
        return format!(
            "{base} (user.max_user_namespaces = 0); enable them with `sysctl -w user.max_user_namespaces=15000` as root, or run calvados shell as root"
        );
    }
    if read("kernel/unprivileged_userns_clone").as_deref() == Some("0") {
        return format!(
            "{base} (kernel.unprivileged_userns_clone = 0); enable them with `sysctl -w kernel.unprivileged_userns_clone=1` as root, or run calvados shell as root"
        );
    }
    if read("kernel/apparmor_restrict_unprivileged_userns").as_deref() == Some("1") {
        return format!(
            "{base} by AppArmor (kernel.apparmor_restrict_unprivileged_userns = 1); allow them with `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` as root (or an AppArmor profile granting `userns` to calvados), or run calvados shell as root"
        );
    }
    format!("cannot create a user namespace ({err}); calvados shell needs unprivileged user namespaces, or run it as root")
}

/// Enters new user (unless root) and mount namespaces.
fn enter_namespaces(uid: u32, gid: u32, root: bool) -> Result<(), Fail> {
    let flags = if root {
        libc::CLONE_NEWNS
    } else {
        libc::CLONE_NEWUSER | libc::CLONE_NEWNS
    };
    // SAFETY: plain system call; the process is single-threaded here (the
    // kernel refuses CLONE_NEWUSER otherwise).
    if unsafe { libc::unshare(flags) } != 0 {
        let err = std::io::Error::last_os_error();
        if root {
            return Err(Fail(format!("unshare(CLONE_NEWNS): {err}")));
        }
        return Err(Fail(userns_diagnosis(Path::new("/proc/sys"), &err)));
    }
    if !root {
        let maps = write_proc("/proc/self/setgroups", "deny")
            .and_then(|()| write_proc("/proc/self/uid_map", &format!("{uid} {uid} 1\n")))
            .and_then(|()| write_proc("/proc/self/gid_map", &format!("{gid} {gid} 1\n")));
        if let Err(err) = maps {
            return Err(Fail(userns_diagnosis(Path::new("/proc/sys"), &err)));
        }
    }
    Ok(())
}

/// `mount(2)` with paths; an error names the operation.
fn mount(src: &Path, dst: &Path, fstype: Option<&CStr>, flags: libc::c_ulong) -> Result<(), Fail> {
    let s = cstring(src.as_os_str().as_bytes())?;
    let d = cstring(dst.as_os_str().as_bytes())?;
    // SAFETY: C strings live across the call; no data argument.
    let r = unsafe {
        libc::mount(
            s.as_ptr(),
            d.as_ptr(),
            fstype.map_or(core::ptr::null(), CStr::as_ptr),
            flags,
            core::ptr::null(),
        )
    };
    if r != 0 {
        return Err(os_err(&format!(
            "cannot mount {} on {}",
            src.display(),
            dst.display()
        )));
    }
    Ok(())
}

/// Builds the root: private mounts, the prefix on itself, the host's
/// directories on their mount points, then `pivot_root` into the prefix.
fn build_root(prefix: &Path, marker: &Marker) -> Result<(), Fail> {
    mount(
        Path::new("none"),
        Path::new("/"),
        None,
        libc::MS_REC | libc::MS_PRIVATE,
    )?;
    mount(prefix, prefix, None, libc::MS_BIND | libc::MS_REC)?;
    let mut binds: Vec<(PathBuf, &str)> = vec![
        (PathBuf::from("/"), "Volumes/SystemRoot"),
        (PathBuf::from("/dev"), "dev"),
        (PathBuf::from("/proc"), "proc"),
    ];
    if let Some(nix) = &marker.nix {
        binds.push((nix.clone(), "nix"));
    }
    for (src, rel) in binds {
        let dst = prefix.join(rel);
        if !dst.is_dir() {
            std::fs::create_dir_all(&dst)
                .map_err(|e| format!("the prefix lacks the mount point {}: {e}", dst.display()))?;
        }
        mount(&src, &dst, None, libc::MS_BIND | libc::MS_REC)?;
    }
    std::env::set_current_dir(prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    // SAFETY: plain system calls on "." (the new root, our working
    // directory): the old root ends stacked on it and is then detached.
    unsafe {
        if libc::syscall(libc::SYS_pivot_root, c".".as_ptr(), c".".as_ptr()) != 0 {
            return Err(os_err("pivot_root into the prefix"));
        }
        if libc::umount2(c".".as_ptr(), libc::MNT_DETACH) != 0 {
            return Err(os_err("detaching the old root"));
        }
    }
    std::env::set_current_dir("/")?;
    Ok(())
}

/// Finds `cmd` in `path` (a colon list) like a shell: the first regular
/// executable file.
fn search_path(cmd: &[u8], path: &str) -> Option<PathBuf> {
    for dir in path.split(':') {
        let dir = if dir.is_empty() { "." } else { dir };
        let p = Path::new(dir).join(OsStr::from_bytes(cmd));
        let Ok(c) = CString::new(p.as_os_str().as_bytes()) else {
            continue;
        };
        // SAFETY: `c` is a C string.
        if p.is_file() && unsafe { libc::access(c.as_ptr(), libc::X_OK) } == 0 {
            return Some(p);
        }
    }
    None
}

/// The first bytes of a file (empty when unreadable).
fn head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut buf = vec![0u8; 1024];
    let Ok(mut f) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let mut got = 0;
    while got < buf.len() {
        match f.read(&mut buf[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    buf.truncate(got);
    buf
}

/// `#!INTERP [ARG]`, as the kernel splits it.
fn shebang(head: &[u8]) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
    let rest = head.strip_prefix(b"#!")?;
    let line = &rest[..rest.iter().position(|&c| c == b'\n')?];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let s = line.iter().position(|c| !blank(c))?;
    let line = &line[s..];
    let e = line.iter().position(blank).unwrap_or(line.len());
    let arg: Vec<u8> = line[e..].trim_ascii().to_vec();
    Some((line[..e].to_vec(), (!arg.is_empty()).then_some(arg)))
}

/// The `execve` that starts the program: `(file, argv)`. A Mach-O file, or a
/// `#!` script whose interpreter is one, goes through Calvados (`calvados`
/// is the path of Calvados itself); anything else runs directly.
pub(crate) fn plan_exec(calvados: &[u8], path: &[u8], argv: &[Vec<u8>]) -> (Vec<u8>, Vec<Vec<u8>>) {
    let through = |target: &[u8], argv0: &[u8], rest: &[Vec<u8>]| {
        let mut v: Vec<Vec<u8>> = vec![
            b"calvados".to_vec(),
            b"run".to_vec(),
            b"--argv0".to_vec(),
            argv0.to_vec(),
            b"--".to_vec(),
            target.to_vec(),
        ];
        v.extend(rest.iter().cloned());
        (calvados.to_vec(), v)
    };
    let h = head(Path::new(OsStr::from_bytes(path)));
    if calvados_macho::sniff_x86_64(&h).is_some() {
        let argv0 = argv.first().map_or(path, Vec::as_slice);
        return through(path, argv0, argv.get(1..).unwrap_or(&[]));
    }
    if let Some((interp, arg)) = shebang(&h) {
        let ih = head(Path::new(OsStr::from_bytes(&interp)));
        if calvados_macho::sniff_x86_64(&ih).is_some() {
            let mut rest: Vec<Vec<u8>> = arg.into_iter().collect();
            rest.push(path.to_vec());
            rest.extend(argv.iter().skip(1).cloned());
            return through(&interp, &interp, &rest);
        }
    }
    (path.to_vec(), argv.to_vec())
}

fn shell(args: &[OsString]) -> Result<std::convert::Infallible, Fail> {
    launch_in_prefix(parse(args)?)
}

/// Runs `opts.command` in the prefix as `calvados shell` does; returns only
/// on failure (the one-line reason).
pub(crate) fn launch(opts: Options) -> Result<std::convert::Infallible, String> {
    launch_in_prefix(opts).map_err(|Fail(m)| m)
}

fn launch_in_prefix(opts: Options) -> Result<std::convert::Infallible, Fail> {
    let dir = prefix_dir(opts.prefix.as_deref())
        .ok_or("no prefix: give --prefix DIR or set CALVADOS_PREFIX (HOME is not set)")?;
    let marker = read_marker(&dir)?;
    let prefix = std::fs::canonicalize(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;

    // Everything about the host is looked at before leaving it.
    // SAFETY: plain identity queries.
    let (uid, gid, root) = unsafe { (libc::getuid(), libc::getgid(), libc::geteuid() == 0) };
    let (name, home) = user_home(&prefix, uid);
    let cwd = std::env::current_dir().ok().map(|c| translate(&prefix, &c));
    // Calvados itself as seen from inside (so `/proc/self/exe` keeps a
    // path that exists there and the runtime tree next to it resolves).
    let exe_inside = std::fs::read_link("/proc/self/exe")
        .ok()
        .filter(|p| p.is_absolute() && p.is_file())
        .map(|p| translate(&prefix, &p));

    enter_namespaces(uid, gid, root)?;
    build_root(&prefix, &marker).map_err(|e| {
        // AppArmor lets the namespace be made but strips its capabilities:
        // the first mount fails.
        let sys = Path::new("/proc/sys");
        let restricted =
            std::fs::read_to_string(sys.join("kernel/apparmor_restrict_unprivileged_userns"))
                .is_ok_and(|v| v.trim() == "1");
        if !root && restricted {
            Fail(userns_diagnosis(
                sys,
                &std::io::Error::from_raw_os_error(libc::EPERM),
            ))
        } else {
            e
        }
    })?;

    // Checked inside: the host path under /Volumes/SystemRoot.
    let calvados: Vec<u8> = match &exe_inside {
        Some(p) if p.is_file() => p.as_os_str().as_bytes().to_vec(),
        _ => b"/proc/self/exe".to_vec(),
    };
    let mut env = environment(opts.keep_env, &name, &home, &calvados);
    if opts.nix_profile {
        nix_profile_env(&mut env, &home);
    }
    let search = env.iter().find(|(k, _)| k == "PATH").map_or_else(
        || PREFIX_PATH.to_string(),
        |(_, v)| v.to_string_lossy().into_owned(),
    );

    let entered = |d: &Path| std::env::set_current_dir(d).is_ok();
    if !cwd.as_deref().is_some_and(entered) && !entered(Path::new(&home)) {
        std::env::set_current_dir("/")?;
    }

    let (path, argv): (Vec<u8>, Vec<Vec<u8>>) = if opts.command.is_empty() {
        (
            b"/bin/bash".to_vec(),
            vec![b"-bash".to_vec(), b"-l".to_vec()],
        )
    } else {
        let argv: Vec<Vec<u8>> = opts.command.iter().map(|a| a.as_bytes().to_vec()).collect();
        let cmd = &argv[0];
        let path = if cmd.contains(&b'/') {
            cmd.clone()
        } else {
            match search_path(cmd, &search) {
                Some(p) => p.into_os_string().into_vec(),
                None => {
                    eprintln!(
                        "calvados: shell: {}: command not found in the prefix (PATH={search})",
                        String::from_utf8_lossy(cmd)
                    );
                    std::process::exit(127);
                }
            }
        };
        (path, argv)
    };

    // The kernel's permission check, which `calvados run` would not make.
    let path_c = cstring(&path)?;
    // SAFETY: `path_c` is a C string.
    if unsafe { libc::access(path_c.as_ptr(), libc::X_OK) } != 0 {
        fail_exec(&path);
    }
    let (file, argv) = plan_exec(&calvados, &path, &argv);
    let file_c = cstring(&file)?;
    let argv_c = argv
        .iter()
        .map(|a| cstring(a))
        .collect::<Result<Vec<_>, _>>()?;
    let env_c = env
        .iter()
        .map(|(k, v)| {
            let mut kv = k.as_bytes().to_vec();
            kv.push(b'=');
            kv.extend_from_slice(v.as_bytes());
            cstring(&kv)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut argv_p: Vec<*const libc::c_char> = argv_c.iter().map(|a| a.as_ptr()).collect();
    argv_p.push(core::ptr::null());
    let mut env_p: Vec<*const libc::c_char> = env_c.iter().map(|a| a.as_ptr()).collect();
    env_p.push(core::ptr::null());
    // SAFETY: NULL-terminated arrays of live C strings.
    unsafe { libc::execve(file_c.as_ptr(), argv_p.as_ptr(), env_p.as_ptr()) };
    fail_exec(&path)
}

/// Reports the failed start of `path` (errno) and exits like a shell: 127
/// when there is no such file, 126 when it cannot run.
fn fail_exec(path: &[u8]) -> ! {
    let err = std::io::Error::last_os_error();
    eprintln!("calvados: shell: {}: {err}", String::from_utf8_lossy(path));
    let code = if err.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    };
    std::process::exit(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_paths() {
        let p = Path::new("/home/u/pfx");
        assert_eq!(translate(p, Path::new("/home/u/pfx")), Path::new("/"));
        assert_eq!(
            translate(p, Path::new("/home/u/pfx/Users/u")),
            Path::new("/Users/u")
        );
        assert_eq!(
            translate(p, Path::new("/home/u/pfx2")),
            Path::new("/Volumes/SystemRoot/home/u/pfx2")
        );
        assert_eq!(
            translate(p, Path::new("/")),
            Path::new("/Volumes/SystemRoot")
        );
    }

    #[test]
    fn parses_shebang() {
        assert_eq!(
            shebang(b"#! /bin/x  -a b \nrest"),
            Some((b"/bin/x".to_vec(), Some(b"-a b".to_vec())))
        );
        assert_eq!(shebang(b"#!/bin/x\n"), Some((b"/bin/x".to_vec(), None)));
        assert_eq!(shebang(b"#!/bin/x"), None);
        assert_eq!(shebang(b"\x7fELF"), None);
    }

    #[test]
    fn names_the_userns_setting() {
        let d = std::env::temp_dir().join(format!("calvados-userns-{}", std::process::id()));
        let err = std::io::Error::from_raw_os_error(libc::EPERM);
        for (file, value, expect) in [
            (
                "user/max_user_namespaces",
                "0\n",
                "user.max_user_namespaces = 0",
            ),
            (
                "kernel/unprivileged_userns_clone",
                "0\n",
                "kernel.unprivileged_userns_clone=1",
            ),
            (
                "kernel/apparmor_restrict_unprivileged_userns",
                "1\n",
                "apparmor_restrict_unprivileged_userns = 1",
            ),
        ] {
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(d.join("user")).unwrap();
            std::fs::create_dir_all(d.join("kernel")).unwrap();
            std::fs::write(d.join("user/max_user_namespaces"), "1000\n").unwrap();
            std::fs::write(d.join(file), value).unwrap();
            let m = userns_diagnosis(&d, &err);
            assert!(m.contains(expect), "{m}");
            assert!(!m.contains('\n'));
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn reads_marker() {
        let d = std::env::temp_dir().join(format!("calvados-marker-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        assert!(read_marker(&d)
            .unwrap_err()
            .contains("calvados prefix init"));
        std::fs::write(
            d.join(".calvados-prefix"),
            "calvados-prefix 1\nnix = /nix\n",
        )
        .unwrap();
        assert_eq!(read_marker(&d).unwrap().nix, Some(PathBuf::from("/nix")));
        std::fs::write(d.join(".calvados-prefix"), "calvados-prefix 2\n").unwrap();
        assert!(read_marker(&d).unwrap_err().contains("version 2"));
        std::fs::write(d.join(".calvados-prefix"), "hello\n").unwrap();
        assert!(read_marker(&d).is_err());
        let _ = std::fs::remove_dir_all(&d);
    }
}
