//! Signals sent from outside: a Linux process (this test) signals a
//! Mach-O program running under Calvados with Linux numbers; the program's
//! handlers must see the darwin numbers (SIGUSR1 is 10 on Linux, 30 on
//! darwin; SIGWINCH 28 on both; darwin's SIGINFO travels as SIGPWR), a
//! darwin `si_code` (`SI_USER`, 0x10001) and the sender's pid. Default
//! actions must match darwin's too.

use std::io::{BufRead, BufReader, Lines};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// Handles every signal in `SIGS` (blocked except inside `sigsuspend`, so
/// none is lost) and prints what its SA_SIGINFO handler saw; exits after
/// SIGTERM. With an argument it installs nothing and just waits.
const PROGRAM: &str = r#"
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got, code, pid;
static const int SIGS[] = {SIGUSR1, SIGUSR2, SIGHUP, SIGWINCH, SIGINFO, SIGTERM, SIGINT};

static void on_signal(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    got = sig;
    code = si->si_signo == sig ? si->si_code : -1;
    pid = si->si_pid;
}

int main(int argc, char **argv) {
    (void)argv;
    if (argc > 1) {
        printf("ready %d\n", (int)getpid());
        fflush(stdout);
        for (;;)
            pause();
    }
    sigset_t block, wait_mask;
    sigemptyset(&block);
    for (unsigned i = 0; i < sizeof SIGS / sizeof SIGS[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_signal;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGS[i], &sa, NULL);
        sigaddset(&block, SIGS[i]);
    }
    sigprocmask(SIG_BLOCK, &block, &wait_mask);
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    for (;;) {
        sigsuspend(&wait_mask);
        printf("got %d code %d pid %d\n", (int)got, (int)code, (int)pid);
        fflush(stdout);
        if (got == SIGTERM)
            return 0;
    }
}
"#;

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

/// Builds the test program for x86_64-macos with the project's zig
/// wrapper, in a directory of its own for each test.
fn build(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("calvados-signals-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("sigprog.c");
    std::fs::write(&src, PROGRAM).unwrap();
    let out = dir.join("sigprog");
    let cc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/zig-cc");
    let o = Command::new(cc)
        .args(["-target", "x86_64-macos", "-O1", "-o"])
        .arg(&out)
        .arg(&src)
        .output()
        .expect("run scripts/zig-cc");
    assert!(
        o.status.success(),
        "zig cc failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

struct Running {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    pid: i32,
}

impl Running {
    fn start(prog: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_calvados"))
            .arg("run")
            .arg(prog)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("a ready line").unwrap();
        let pid: i32 = first
            .strip_prefix("ready ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .parse()
            .unwrap();
        // `calvados run` loads the program into its own process.
        assert_eq!(pid as u32, child.id());
        Running { child, lines, pid }
    }

    fn send(&self, linux_sig: i32) {
        // SAFETY: signalling our own child process.
        assert_eq!(unsafe { libc::kill(self.pid, linux_sig) }, 0);
    }

    fn next_line(&mut self) -> String {
        self.lines.next().expect("another line").unwrap()
    }

    /// Waits up to `limit` for the process to end.
    fn wait_for_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return Some(st);
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn linux_signals_arrive_as_darwin_signals() {
    if !zig_available() {
        return;
    }
    let prog = build("darwin-numbers");
    let me = std::process::id() as i32;
    let mut run = Running::start(&prog, &[]);
    // (Linux signal sent, darwin number the handler must see)
    let cases = [
        (libc::SIGUSR1, 30),
        (libc::SIGUSR2, 31),
        (libc::SIGHUP, 1),
        (libc::SIGWINCH, 28),
        (libc::SIGPWR, 29), // darwin SIGINFO
        (libc::SIGINT, 2),
        (libc::SIGTERM, 15),
    ];
    for (lsig, dsig) in cases {
        run.send(lsig);
        let line = run.next_line();
        assert_eq!(
            line,
            format!("got {dsig} code {} pid {me}", 0x10001),
            "after Linux signal {lsig}"
        );
    }
    let st = run.wait_for_exit(Duration::from_secs(10)).expect("exit");
    assert_eq!(st.code(), Some(0));
}

#[test]
fn default_actions_match_darwin() {
    if !zig_available() {
        return;
    }
    let prog = build("defaults");
    let mut run = Running::start(&prog, &["plain"]);
    // darwin ignores SIGWINCH, SIGURG, SIGCHLD and SIGINFO by default.
    for lsig in [libc::SIGWINCH, libc::SIGURG, libc::SIGCHLD, libc::SIGPWR] {
        run.send(lsig);
        assert!(
            run.wait_for_exit(Duration::from_millis(300)).is_none(),
            "Linux signal {lsig} ended the program"
        );
    }
    run.send(libc::SIGUSR1);
    let st = run.wait_for_exit(Duration::from_secs(10)).expect("exit");
    assert_eq!(st.signal(), Some(libc::SIGUSR1));
}
