//! `calvados shell` and `calvados binfmt` end to end: the prefix as `/`,
//! as root and as an ordinary user (through a user namespace), programs of
//! every kind started from inside, signals and exit statuses, start-up
//! cost, and binfmt_misc registration.
//!
//! Tests that need root (creating a user, binfmt_misc) skip with a message
//! otherwise.

use std::io::{BufRead, BufReader};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod common;
use common::{calvados_as, is_root, test_user, User};

/// The Mach-O test program (see the modes at the top of `main`).
const PROBE: &str = r#"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <dirent.h>
#include <pwd.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <mach-o/dyld.h>

static void on_sig(int s) {
    const char *m = s == SIGINT ? "got SIGINT\n" : s == SIGTERM ? "got SIGTERM\n" : "got other\n";
    write(1, m, strlen(m));
    _exit(s == SIGINT ? 3 : 4);
}

int main(int argc, char **argv) {
    char buf[4096];
    uint32_t n = sizeof buf;
    const char *mode = argc > 1 ? argv[1] : "args";
    /* modes: args | exit N | info | run PATH ARGS (fork+exec+wait) | exec PATH ARGV0 ARGS
       | trap (SIGINT exits 3, SIGTERM 4) | wait | tty; anything else prints the arguments */
    if (!strcmp(mode, "args") || !strcmp(mode, "exit")) {
        printf("argc=%d\n", argc);
        for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
        if (_NSGetExecutablePath(buf, &n) == 0) printf("exe=%s\n", buf);
        return !strcmp(mode, "exit") && argc > 2 ? atoi(argv[2]) : 0;
    }
    if (!strcmp(mode, "info")) {
        struct utsname u;
        uname(&u);
        printf("uname=%s %s %s %s\n", u.sysname, u.release, u.version, u.machine);
        FILE *f = fopen("/System/Library/CoreServices/SystemVersion.plist", "r");
        int found = 0;
        if (f) { while (fgets(buf, sizeof buf, f)) if (strstr(buf, "11.7.4")) found = 1; fclose(f); }
        printf("plist=%d\n", found);
        DIR *d = opendir("/Volumes/SystemRoot");
        int seen_etc = 0, seen_proc = 0;
        struct dirent *e;
        while (d && (e = readdir(d))) { if (!strcmp(e->d_name, "etc")) seen_etc = 1; if (!strcmp(e->d_name, "proc")) seen_proc = 1; }
        if (d) closedir(d);
        printf("hostroot etc=%d proc=%d\n", seen_etc, seen_proc);
        struct passwd *pw = getpwuid(getuid());
        printf("pw=%s %s\n", pw ? pw->pw_name : "(null)", pw ? pw->pw_dir : "");
        printf("cwd=%s\n", getcwd(buf, sizeof buf) ? buf : "(null)");
        n = sizeof buf;
        if (_NSGetExecutablePath(buf, &n) == 0) printf("exe=%s\n", buf);
        printf("argv0=%s\n", argv[0]);
        const char *vars[] = {"HOME","USER","LOGNAME","SHELL","PATH","TMPDIR","CALVADOS_PREFIX","TERM","LC_ALL","SECRET_VAR",0};
        for (int i = 0; vars[i]; i++) printf("%s=%s\n", vars[i], getenv(vars[i]) ? getenv(vars[i]) : "(unset)");
        return 0;
    }
    if (!strcmp(mode, "run")) {   /* run PATH ARGS...: fork+exec, print its status */
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) { execv(argv[2], argv + 2); perror("execv"); _exit(127); }
        int st; waitpid(p, &st, 0);
        printf("child %s status=%d\n", argv[2], WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
        return 0;
    }
    if (!strcmp(mode, "exec")) { execv(argv[2], argv + 3); perror("execv"); return 127; }
    if (!strcmp(mode, "trap")) {
        signal(SIGINT, on_sig); signal(SIGTERM, on_sig);
        printf("ready\n"); fflush(stdout);
        for (;;) pause();
    }
    if (!strcmp(mode, "tty")) {
        struct winsize ws = {0};
        int w = ioctl(0, TIOCGWINSZ, &ws);
        printf("tty in=%d out=%d foreground=%d winsize=%d %dx%d\n", isatty(0), isatty(1),
               tcgetpgrp(0) == getpgrp(), w, ws.ws_row, ws.ws_col);
        return 0;
    }
    if (!strcmp(mode, "wait")) { printf("ready\n"); fflush(stdout); for (;;) pause(); }
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    return 0;
}
"#;

const TRUE: &str = "int main(void) { return 0; }\n";

fn calvados() -> Command {
    Command::new(env!("CARGO_BIN_EXE_calvados"))
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("calvados-shell-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn zig_available() -> bool {
    let ok = Command::new("python3")
        .args(["-m", "ziglang", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: zig is not installed (run scripts/setup.sh)");
    }
    ok
}

/// The test programs for x86_64-macos, built once: `(probe, true)`.
fn programs() -> &'static (PathBuf, PathBuf) {
    static P: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    P.get_or_init(|| {
        let dir = tmpdir("programs");
        let cc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/zig-cc");
        let mut out = Vec::new();
        for (name, src) in [("probe", PROBE), ("true", TRUE)] {
            let c = dir.join(format!("{name}.c"));
            std::fs::write(&c, src).unwrap();
            let exe = dir.join(name);
            let o = Command::new(&cc)
                .args(["-target", "x86_64-macos", "-O1", "-o"])
                .arg(&exe)
                .arg(&c)
                .output()
                .expect("run scripts/zig-cc");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            out.push(exe);
        }
        (out[0].clone(), out[1].clone())
    })
}

/// The minimal layout `calvados shell` needs (until `calvados prefix init`
/// makes it): mount points, the marker, the user database, `lib`/`lib64`
/// towards the host's, and the test programs in `bin/`.
fn make_prefix(dir: &Path, user: Option<&User>) {
    // The real `calvados prefix init`, run as the prefix's owner.
    let mut init = calvados_as(user);
    if let Some((name, _, _)) = user {
        // init builds beside the prefix and renames: the parent too.
        let o = Command::new("chown")
            .arg(name)
            .arg(dir)
            .arg(dir.parent().unwrap())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = init
        .args(["prefix", "init", "--prefix"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "prefix init: {}", text(&o));
    for d in ["bin", "usr/bin"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let (probe, t) = programs();
    std::fs::copy(probe, dir.join("bin/probe")).unwrap();
    std::fs::copy(t, dir.join("usr/bin/true")).unwrap();
    // A script whose interpreter is a Mach-O program.
    std::fs::write(dir.join("bin/script"), "#!/bin/probe args\nbody\n").unwrap();
    let mut perm = std::fs::metadata(dir.join("bin/probe"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    std::fs::set_permissions(dir.join("bin/script"), perm).unwrap();
    if let Some((name, _, _)) = user {
        let o = Command::new("chown")
            .args(["-R", &format!("{name}:")])
            .arg(dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

/// `calvados shell --prefix P ARGS...`, as `user` when given, in `cwd`.
fn shell_cmd(user: Option<&User>, prefix: &Path, cwd: &Path, args: &[&str]) -> Command {
    let mut c = calvados_as(user);
    c.arg("shell")
        .arg("--prefix")
        .arg(prefix)
        .args(args)
        .current_dir(cwd)
        .env("SECRET_VAR", "host")
        .env("LC_ALL", "C")
        .env("TERM", "dumb");
    c
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Everything a program sees inside, for root or an ordinary user.
fn check_inside(user: Option<&User>, tag: &str) {
    let d = tmpdir(tag);
    let prefix = d.join("prefix");
    std::fs::create_dir_all(&prefix).unwrap();
    make_prefix(&prefix, user);
    let outside = d.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    if let Some((name, _, _)) = user {
        Command::new("chown")
            .args(["-R", &format!("{name}:")])
            .arg(&d)
            .status()
            .unwrap();
    }
    let (name, home) = match user {
        Some((n, _, _)) => (n.clone(), format!("/Users/{n}")),
        None => ("root".to_string(), "/var/root".to_string()),
    };
    let inner_cwd = prefix.join("Users/Shared");

    // What the program sees: uname, the prefix's files and passwd, the host
    // under /Volumes/SystemRoot, the environment, the translated cwd.
    let o = shell_cmd(user, &prefix, &inner_cwd, &["probe", "info"])
        .output()
        .unwrap();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    for want in [
        "uname=Darwin 20.6.0 Darwin Kernel Version 20.6.0".to_string(),
        " x86_64\n".to_string(),
        "plist=1\n".to_string(),
        "hostroot etc=1 proc=1\n".to_string(),
        format!("pw={name} {home}\n"),
        "cwd=/Users/Shared\n".to_string(),
        "exe=/bin/probe\n".to_string(),
        "argv0=probe\n".to_string(),
        format!("HOME={home}\nUSER={name}\nLOGNAME={name}\nSHELL=/bin/bash\n"),
        "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin\nTMPDIR=/tmp\nCALVADOS_PREFIX=/\n"
            .to_string(),
        "TERM=dumb\nLC_ALL=C\nSECRET_VAR=(unset)\n".to_string(),
    ] {
        assert!(t.contains(&want), "missing {want:?} in:\n{t}");
    }

    // A working directory outside the prefix is seen through the host's root.
    let o = shell_cmd(user, &prefix, &outside, &["probe", "info"])
        .output()
        .unwrap();
    let want = format!("cwd=/Volumes/SystemRoot{}\n", outside.display());
    assert!(text(&o).contains(&want), "{}", text(&o));

    // --keep-env keeps the host's variables (CALVADOS_PREFIX is still /).
    let o = shell_cmd(
        user,
        &prefix,
        &inner_cwd,
        &["--keep-env", "/bin/probe", "info"],
    )
    .output()
    .unwrap();
    let t = text(&o);
    assert!(
        t.contains("SECRET_VAR=host\n") && t.contains("CALVADOS_PREFIX=/\n"),
        "{t}"
    );

    // A Mach-O program execs another one: its argv[0] and executable path.
    let o = shell_cmd(
        user,
        &prefix,
        &inner_cwd,
        &["probe", "exec", "/bin/probe", "other-name", "args"],
    )
    .output()
    .unwrap();
    assert_eq!(
        stdout(&o),
        "argc=2\nargv[0]=other-name\nargv[1]=args\nexe=/bin/probe\n",
        "{}",
        text(&o)
    );

    // A `#!` script whose interpreter is Mach-O, started by a Mach-O
    // program, and by the shell itself.
    let o = shell_cmd(
        user,
        &prefix,
        &inner_cwd,
        &["probe", "exec", "/bin/script", "script", "y"],
    )
    .output()
    .unwrap();
    let want = "argc=4\nargv[0]=/bin/probe\nargv[1]=args\nargv[2]=/bin/script\nargv[3]=y\nexe=/bin/probe\n";
    assert_eq!(stdout(&o), want, "{}", text(&o));
    let o = shell_cmd(user, &prefix, &inner_cwd, &["script", "y"])
        .output()
        .unwrap();
    assert_eq!(stdout(&o), want, "{}", text(&o));

    // ELF programs: from a Mach-O program, and from the shell itself.
    let o = shell_cmd(
        user,
        &prefix,
        &inner_cwd,
        &["probe", "run", "/Volumes/SystemRoot/usr/bin/env"],
    )
    .output()
    .unwrap();
    let t = text(&o);
    assert!(
        t.contains("CALVADOS_PREFIX=/\n")
            && t.contains("child /Volumes/SystemRoot/usr/bin/env status=0"),
        "{t}"
    );
    let o = shell_cmd(
        user,
        &prefix,
        &inner_cwd,
        &["/Volumes/SystemRoot/bin/sh", "-c", "pwd; exit 9"],
    )
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(9), "{}", text(&o));
    assert_eq!(stdout(&o), "/Users/Shared\n");

    // Calvados runs from its host path seen inside, so the runtime tree next
    // to it (`../lib/calvados/darwin`) resolves there too.
    let o = shell_cmd(
        user,
        &prefix,
        &inner_cwd,
        &[
            "probe",
            "run",
            "/Volumes/SystemRoot/bin/sh",
            "-c",
            "/Volumes/SystemRoot/usr/bin/readlink /proc/$PPID/exe",
        ],
    )
    .output()
    .unwrap();
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_calvados")).unwrap();
    assert!(
        stdout(&o).starts_with(&format!("/Volumes/SystemRoot{}\n", exe.display())),
        "{}",
        text(&o)
    );

    // Exit statuses: the program's own; 127 when there is no such command.
    let o = shell_cmd(user, &prefix, &inner_cwd, &["probe", "exit", "42"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(42), "{}", text(&o));
    let o = shell_cmd(user, &prefix, &inner_cwd, &["true"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = shell_cmd(user, &prefix, &inner_cwd, &["no-such-command"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(127), "{}", text(&o));
    assert!(
        text(&o).contains("no-such-command: command not found"),
        "{}",
        text(&o)
    );

    // The marker's `nix = DIR` is bound on /nix.
    let hostnix = d.join("hostnix");
    std::fs::create_dir_all(&hostnix).unwrap();
    std::fs::write(hostnix.join("hello"), "from the host's nix\n").unwrap();
    std::fs::write(
        prefix.join(".calvados-prefix"),
        format!("calvados-prefix 1\nnix = {}\n", hostnix.display()),
    )
    .unwrap();
    let o = shell_cmd(
        user,
        &prefix,
        &inner_cwd,
        &["/Volumes/SystemRoot/bin/cat", "/nix/hello"],
    )
    .output()
    .unwrap();
    assert_eq!(stdout(&o), "from the host's nix\n", "{}", text(&o));

    // The terminal passes through: a tty, in the foreground process group,
    // with its window size.
    let who = match user {
        Some((_, uid, gid)) => format!("setpriv --reuid={uid} --regid={gid} --init-groups "),
        None => String::new(),
    };
    let o = Command::new("script")
        .arg("-qec")
        .arg(format!(
            "stty rows 33 cols 77; cd '{}'; {who}'{}' shell --prefix '{}' probe tty",
            inner_cwd.display(),
            env!("CARGO_BIN_EXE_calvados"),
            prefix.display()
        ))
        .arg("/dev/null")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        stdout(&o).contains("tty in=1 out=1 foreground=1 winsize=0 33x77"),
        "{}",
        text(&o)
    );

    // A file without execute permission: 126, as from a shell.
    std::fs::copy(prefix.join("bin/probe"), prefix.join("bin/noexec")).unwrap();
    let mut perm = std::fs::metadata(prefix.join("bin/noexec"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o644);
    std::fs::set_permissions(prefix.join("bin/noexec"), perm).unwrap();
    let o = shell_cmd(user, &prefix, &inner_cwd, &["/bin/noexec"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(126), "{}", text(&o));
    assert!(text(&o).contains("Permission denied"), "{}", text(&o));

    // Without a command: a login bash (here the probe stands in for it).
    std::fs::copy(prefix.join("bin/probe"), prefix.join("bin/bash")).unwrap();
    let o = shell_cmd(user, &prefix, &inner_cwd, &[]).output().unwrap();
    assert_eq!(
        stdout(&o),
        "argc=2\nargv[0]=-bash\nargv[1]=-l\n",
        "{}",
        text(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn shell_as_root() {
    if !zig_available() {
        return;
    }
    if !is_root() {
        eprintln!("skipped: not running as root");
        return;
    }
    check_inside(None, "root");
}

#[test]
fn shell_as_ordinary_user() {
    if !zig_available() {
        return;
    }
    let Some(user) = test_user() else { return };
    check_inside(Some(user), "user");
}

#[test]
fn shell_refuses_a_directory_that_is_not_a_prefix() {
    let d = tmpdir("notprefix");
    let o = calvados()
        .args(["shell", "--prefix"])
        .arg(&d)
        .arg("true")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("is not a Calvados prefix") && t.contains("calvados prefix init"),
        "{t}"
    );
    assert_eq!(t.lines().count(), 1, "{t}");
    std::fs::write(d.join(".calvados-prefix"), "calvados-prefix 9\n").unwrap();
    let o = calvados()
        .env("CALVADOS_PREFIX", &d)
        .args(["shell", "true"])
        .output()
        .unwrap();
    assert!(text(&o).contains("version 9"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn shell_help_prints_usage() {
    let o = calvados().args(["shell", "--help"]).output().unwrap();
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("calvados shell [--prefix DIR]"),
        "{}",
        text(&o)
    );
    let o = calvados().args(["binfmt", "--help"]).output().unwrap();
    assert!(stdout(&o).contains("calvados binfmt install|remove|status"));
}

/// A program started by `calvados shell` in the background, waiting for
/// signals.
fn signal_case(
    user: Option<&User>,
    prefix: &Path,
    mode: &str,
    sig: i32,
) -> (String, std::process::ExitStatus) {
    let mut cmd = shell_cmd(user, prefix, prefix, &["probe", mode]);
    // The test may itself run with a signal ignored (under `nohup`, SIGHUP),
    // and an ignored signal stays ignored across exec, as on macOS: start
    // the shell with the default dispositions the cases expect.
    // SAFETY: only async-signal-safe calls (signal) between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            for s in [libc::SIGHUP, libc::SIGINT, libc::SIGTERM] {
                libc::signal(s, libc::SIG_DFL);
            }
            Ok(())
        });
    }
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    // The process we started is the program: no helper process under it
    // (setpriv execs too).
    let pid = child.id() as i32;
    let kids = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap();
    assert_eq!(kids.trim(), "", "calvados shell left a child process");
    // SAFETY: signalling our own child.
    unsafe { libc::kill(pid, sig) };
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    (rest.join("\n"), child.wait().unwrap())
}

fn check_signals(user: Option<&User>, tag: &str) {
    let d = tmpdir(tag);
    make_prefix(&d, user);
    let (out, st) = signal_case(user, &d, "trap", libc::SIGINT);
    assert_eq!((out.as_str(), st.code()), ("got SIGINT", Some(3)));
    let (out, st) = signal_case(user, &d, "trap", libc::SIGTERM);
    assert_eq!((out.as_str(), st.code()), ("got SIGTERM", Some(4)));
    let (out, st) = signal_case(user, &d, "wait", libc::SIGHUP);
    assert_eq!((out.as_str(), st.signal()), ("", Some(libc::SIGHUP)));
    // A calling shell reports the signal as 128+n.
    let o = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!(
            "\"$0\" shell --prefix '{}' probe wait & sleep 1; kill -TERM $!; wait $!; echo status=$?",
            d.display()
        ))
        .arg(env!("CARGO_BIN_EXE_calvados"))
        .output()
        .unwrap();
    assert!(stdout(&o).ends_with("status=143\n"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn shell_passes_signals_as_root() {
    if !zig_available() {
        return;
    }
    if !is_root() {
        eprintln!("skipped: not running as root");
        return;
    }
    check_signals(None, "sigroot");
}

#[test]
fn shell_passes_signals_as_ordinary_user() {
    if !zig_available() {
        return;
    }
    let Some(user) = test_user() else { return };
    check_signals(Some(user), "siguser");
}

/// Start-up cost of `calvados shell` for a trivial Mach-O program, against
/// `calvados run` of the same program outside.
#[test]
fn shell_start_up_cost() {
    if !zig_available() {
        return;
    }
    let d = tmpdir("cost");
    make_prefix(&d, None);
    let time = |mut c: Command| {
        let mut v: Vec<Duration> = (0..31)
            .map(|_| {
                let t = Instant::now();
                let st = c.status().unwrap();
                assert!(st.success());
                t.elapsed()
            })
            .collect();
        v.sort();
        v[v.len() / 2]
    };
    let shell = if is_root() {
        let mut c = calvados();
        c.arg("shell").arg("--prefix").arg(&d).arg("/usr/bin/true");
        Some(time(c))
    } else {
        None
    };
    let mut c = calvados();
    c.arg("run").arg(d.join("usr/bin/true"));
    let run = time(c);
    eprintln!("median start-up: calvados shell {shell:?}, calvados run {run:?}");
    if let Some(s) = shell {
        assert!(s < Duration::from_millis(100), "calvados shell took {s:?}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// Removes the registration even when the test fails.
struct Unregister;

impl Drop for Unregister {
    fn drop(&mut self) {
        let _ = calvados().args(["binfmt", "remove"]).output();
    }
}

#[test]
fn binfmt_runs_macho_files_directly() {
    if !zig_available() {
        return;
    }
    if !is_root() {
        let o = calvados().args(["binfmt", "install"]).output().unwrap();
        assert!(!o.status.success());
        assert!(text(&o).contains("must be run as root"), "{}", text(&o));
        eprintln!("skipped: binfmt_misc registration needs root");
        return;
    }
    let d = tmpdir("binfmt");
    std::fs::copy(&programs().0, d.join("prog")).unwrap();
    // A universal (fat) file with one x86_64 slice at 4096, and the head of
    // a Java 8 class file (major version 52).
    let thin = std::fs::read(&programs().0).unwrap();
    let mut fat = Vec::new();
    for w in [
        0xcafe_babe_u32,
        1,
        0x0100_0007,
        3,
        4096,
        thin.len() as u32,
        12,
    ] {
        fat.extend_from_slice(&w.to_be_bytes());
    }
    fat.resize(4096, 0);
    fat.extend_from_slice(&thin);
    std::fs::write(d.join("fat"), fat).unwrap();
    let mut class = vec![0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52];
    class.resize(64, 0);
    std::fs::write(d.join("Hello.class"), class).unwrap();
    for f in ["fat", "Hello.class"] {
        let perm = std::fs::metadata(d.join("prog")).unwrap().permissions();
        std::fs::set_permissions(d.join(f), perm).unwrap();
    }
    let guard = Unregister;
    let o = calvados().args(["binfmt", "install"]).output().unwrap();
    if !o.status.success() && text(&o).contains("cannot mount binfmt_misc") {
        eprintln!("skipped: {}", text(&o).trim());
        return;
    }
    assert!(o.status.success(), "{}", text(&o));
    let st = stdout(&calvados().args(["binfmt", "status"]).output().unwrap());
    assert!(
        st.contains("flags: PF") && st.contains("magic cffaedfe07000001"),
        "{st}"
    );
    let direct = Command::new("/bin/sh")
        .args(["-c", "./prog exit 'a b' 5; echo status=$?"])
        .current_dir(&d)
        .output()
        .unwrap();
    drop(guard);
    let by_hand = calvados()
        .args([
            "run", "--argv0", "./prog", "--", "./prog", "exit", "a b", "5",
        ])
        .current_dir(&d)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&direct),
        format!("{}status=0\n", stdout(&by_hand)),
        "{}",
        text(&direct)
    );
    assert!(stdout(&direct).contains("argv[0]=./prog\nargv[1]=exit\nargv[2]=a b\n"));
    // Exit status through the kernel path.
    let d2 = d.clone();
    let _g = Unregister;
    let o = calvados().args(["binfmt", "install"]).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let st = Command::new("/bin/sh")
        .args(["-c", "./prog exit 7"])
        .current_dir(&d2)
        .status()
        .unwrap();
    // A universal binary runs; a Java class file (same `cafebabe` magic)
    // is left alone.
    let fat = Command::new(d.join("fat")).arg("args").output();
    let java = Command::new(d.join("Hello.class")).output();
    drop(_g);
    assert_eq!(st.code(), Some(7));
    let fat = fat.unwrap();
    assert_eq!(
        stdout(&fat),
        format!(
            "argc=2\nargv[0]={0}\nargv[1]=args\nexe={0}\n",
            d.join("fat").display()
        ),
        "{}",
        text(&fat)
    );
    assert_eq!(java.unwrap_err().raw_os_error(), Some(libc::ENOEXEC));
    let st = stdout(&calvados().args(["binfmt", "status"]).output().unwrap());
    assert!(st.contains("calvados-macho: not registered"), "{st}");
    let o = Command::new("/bin/sh")
        .args(["-c", "./prog"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(126), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&d);
}

/// Runs a command as `uid`/`gid` in a user namespace (identity-mapped by
/// root) whose `user.max_user_namespaces` is 0, so `calvados shell` cannot
/// make its own.
const NO_USERNS: &str = r#"
import ctypes, os, sys
uid, gid = int(sys.argv[1]), int(sys.argv[2])
r, w = os.pipe()
r2, w2 = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r); os.close(w2)
    assert ctypes.CDLL(None, use_errno=True).unshare(0x10000000) == 0  # CLONE_NEWUSER
    os.write(w, b"x"); os.close(w)
    os.read(r2, 1)
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")
    os.setgroups([]); os.setgid(gid); os.setuid(uid)
    os.execvp(sys.argv[3], sys.argv[3:])
os.close(w); os.close(r2)
if os.read(r, 1):
    for m in ("uid_map", "gid_map"):
        with open(f"/proc/{pid}/{m}", "w") as f:
            f.write("0 0 65536\n")
os.write(w2, b"x")
_, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st))
"#;

#[test]
fn shell_names_the_setting_when_user_namespaces_are_forbidden() {
    let Some(user) = test_user() else { return };
    let (name, uid, gid) = user;
    let d = tmpdir("nouserns");
    std::fs::write(d.join(".calvados-prefix"), "calvados-prefix 1\n").unwrap();
    std::fs::write(d.join("nouserns.py"), NO_USERNS).unwrap();
    Command::new("chown")
        .args(["-R", &format!("{name}:")])
        .arg(&d)
        .status()
        .unwrap();
    let o = Command::new("python3")
        .arg(d.join("nouserns.py"))
        .arg(uid.to_string())
        .arg(gid.to_string())
        .arg(env!("CARGO_BIN_EXE_calvados"))
        .args(["shell", "--prefix"])
        .arg(&d)
        .arg("true")
        .output()
        .unwrap();
    let t = text(&o);
    if t.contains("Traceback") {
        eprintln!("skipped: cannot make a user namespace without user namespaces: {t}");
        return;
    }
    assert_eq!(o.status.code(), Some(125), "{t}");
    assert_eq!(
        t,
        "calvados: shell: unprivileged user namespaces are disabled on this host \
         (user.max_user_namespaces = 0); enable them with \
         `sysctl -w user.max_user_namespaces=15000` as root, or run calvados shell as root\n"
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// The prefix's macOS tools inside a shell: `sw_vers` reads the prefix's
/// SystemVersion.plist, and `sandbox-exec` (ELF) starts a Mach-O command
/// through Calvados (`$CALVADOS`), found on the prefix's PATH.
#[test]
fn macos_tools_inside_the_shell() {
    if !zig_available() {
        return;
    }
    let d = tmpdir("tools");
    let prefix = d.join("prefix");
    std::fs::create_dir_all(&prefix).unwrap();
    make_prefix(&prefix, None);
    let o = shell_cmd(None, &prefix, &d, &["sw_vers", "-productVersion"])
        .output()
        .unwrap();
    assert_eq!(
        (stdout(&o).as_str(), o.status.code()),
        ("11.7.4\n", Some(0)),
        "{}",
        text(&o)
    );
    let o = shell_cmd(
        None,
        &prefix,
        &d,
        &[
            "sandbox-exec",
            "-p",
            "(version 1)(allow default)",
            "probe",
            "exit",
            "7",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(
        (stdout(&o).as_str(), o.status.code()),
        (
            "argc=3\nargv[0]=probe\nargv[1]=exit\nargv[2]=7\nexe=/bin/probe\n",
            Some(7)
        ),
        "{}",
        text(&o)
    );
    let o = shell_cmd(
        None,
        &prefix,
        &d,
        &["sandbox-exec", "-p", "(version 1)", "nothere"],
    )
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(71), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&d);
}
