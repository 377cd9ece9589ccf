//! SQLite, built from Debian's `sqlite3` source package for Linux and for
//! macOS (`scripts/build-sqlite.sh`, cached), run natively and under
//! Calvados: the `sqlite3` shell on `tests/sqlite/script.sql`, and
//! `tests/sqlite/lockdriver.c`, where two processes lock, wait for and write
//! the same database at once. Outputs must be identical.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds (or finds in the cache) the SQLite programs; their directory.
fn sqlite_build() -> PathBuf {
    let o = Command::new("bash")
        .arg(repo().join("scripts/build-sqlite.sh"))
        .stderr(Stdio::inherit())
        .output()
        .expect("run scripts/build-sqlite.sh");
    assert!(
        o.status.success(),
        "scripts/build-sqlite.sh failed (it needs Debian's source packages and zig)"
    );
    let out = String::from_utf8(o.stdout).unwrap();
    PathBuf::from(out.lines().last().expect("build-sqlite.sh printed no path"))
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("calvados-sqlite-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `prog args` natively (linux build) or under Calvados (darwin build),
/// in `dir`, with `stdin` from a file.
fn run(
    side: &str,
    build: &Path,
    prog: &str,
    args: &[&str],
    dir: &Path,
    stdin: Option<&Path>,
) -> Output {
    let exe = build.join(side).join(prog);
    let mut cmd = if side == "linux" {
        Command::new(&exe)
    } else {
        let mut c = Command::new(env!("CARGO_BIN_EXE_calvados"));
        c.arg("run").arg(&exe);
        c
    };
    cmd.args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .env("LC_ALL", "C");
    cmd.stdin(match stdin {
        Some(p) => Stdio::from(std::fs::File::open(p).unwrap()),
        None => Stdio::null(),
    });
    cmd.output().unwrap()
}

fn assert_same(what: &str, native: &Output, ours: &Output) {
    let n = String::from_utf8_lossy(&native.stdout);
    let o = String::from_utf8_lossy(&ours.stdout);
    assert_eq!(n, o, "{what}: stdout differs");
    assert_eq!(
        String::from_utf8_lossy(&native.stderr),
        String::from_utf8_lossy(&ours.stderr),
        "{what}: stderr differs"
    );
    assert_eq!(
        native.status.code(),
        ours.status.code(),
        "{what}: exit status differs"
    );
    assert!(
        native.status.success(),
        "{what}: the native run failed: {n}"
    );
}

#[test]
fn sqlite_shell_script_and_two_process_locking() {
    let build = sqlite_build();
    let script = repo().join("tests/sqlite/script.sql");

    let (a, b) = (scratch("shell-native"), scratch("shell-calvados"));
    let native = run("linux", &build, "sqlite3", &["test.db"], &a, Some(&script));
    let ours = run("darwin", &build, "sqlite3", &["test.db"], &b, Some(&script));
    assert_same("sqlite3 shell script", &native, &ours);
    assert!(String::from_utf8_lossy(&ours.stdout).contains("\nok\n"));

    // The file written under Calvados is a valid database for the native
    // build, with the same contents.
    let check = b.join("check.sql");
    std::fs::write(
        &check,
        "PRAGMA integrity_check;\nSELECT count(*), sum(born) FROM people;\n",
    )
    .unwrap();
    let cross = run("linux", &build, "sqlite3", &["test.db"], &b, Some(&check));
    let again = run("linux", &build, "sqlite3", &["test.db"], &a, Some(&check));
    assert_same(
        "native check of the Calvados-written database",
        &again,
        &cross,
    );

    let (c, d) = (scratch("lock-native"), scratch("lock-calvados"));
    let native = run("linux", &build, "lockdriver", &["."], &c, None);
    let ours = run("darwin", &build, "lockdriver", &["."], &d, None);
    assert_same("two-process locking", &native, &ours);
    let text = String::from_utf8_lossy(&ours.stdout);
    assert!(text.contains("SQLITE_BUSY"), "{text}");
    assert_eq!(text.matches("integrity_check: ok").count(), 2, "{text}");

    for dir in [a, b, c, d] {
        let _ = std::fs::remove_dir_all(dir);
    }
}
