//! `calvados doctor`: checks that Nix works in a prefix — the verification
//! checklist (versions, store verification, evaluation, the database,
//! `nix repl`, a build) run through `calvados nix`, as a pass/fail table
//! with a hint per failure, or JSON for CI.

use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

pub const USAGE: &str = "    calvados doctor [--prefix DIR] [--json]
                                       check that Nix works in a prefix
";

const DETAILS: &str = "
Runs the checks below in the prefix (--prefix DIR, else $CALVADOS_PREFIX,
else ~/.calvados) and prints one line per check with a hint for each
failure; --json prints the same as one JSON object. The exit status is 0
when every check passes, 1 otherwise. A check fails on a wrong answer, a
non-zero exit, death by a signal, or a `calvados: unimplemented` line.
The build check builds a tiny new derivation each time (/bin/sh writing
$out), which stays in the store until the next garbage collection.
";

/// How one check ended.
struct Outcome {
    name: &'static str,
    command: String,
    ok: bool,
    detail: String,
    hint: String,
}

/// One check: a command run through `calvados nix`, and what its output
/// must show.
struct Check {
    name: &'static str,
    argv: Vec<String>,
    stdin: Option<&'static str>,
    /// Given stdout and stderr: `Ok(detail)` or `Err(what is wrong)`.
    judge: fn(&str, &str) -> Result<String, String>,
    hint: &'static str,
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_string()
}

fn checks() -> Vec<Check> {
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let drv = format!(
        "derivation {{ name = \"calvados-doctor\"; system = \"x86_64-darwin\"; builder = \"/bin/sh\"; args = [ \"-c\" \"echo doctor-{nonce} > $out\" ]; }}"
    );
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        Check {
            name: "nix --version",
            argv: v(&["nix", "--version"]),
            stdin: None,
            judge: |o, _| {
                if o.starts_with("nix (Nix) ") {
                    Ok(first_line(o))
                } else {
                    Err(format!("printed '{}'", first_line(o)))
                }
            },
            hint: "nix is not in the profile: run `calvados nix install` again",
        },
        Check {
            name: "nix-env --version",
            argv: v(&["nix-env", "--version"]),
            stdin: None,
            judge: |o, _| {
                if o.starts_with("nix-env (Nix) ") {
                    Ok(first_line(o))
                } else {
                    Err(format!("printed '{}'", first_line(o)))
                }
            },
            hint: "nix-env is missing from the profile: run `calvados nix install` again",
        },
        Check {
            name: "nix-store --verify --check-contents",
            argv: v(&["nix-store", "--verify", "--check-contents"]),
            stdin: None,
            judge: |_, e| {
                let bad: Vec<&str> = e
                    .lines()
                    .filter(|l| l.contains("error") || l.contains("modified") || l.contains("invalid"))
                    .collect();
                if bad.is_empty() {
                    Ok("no errors".into())
                } else {
                    Err(bad.join("; "))
                }
            },
            hint: "the store differs from its database: `calvados nix nix-store --verify --check-contents --repair`",
        },
        Check {
            name: "nix-instantiate --eval -E '1 + 1'",
            argv: v(&["nix-instantiate", "--eval", "-E", "1 + 1"]),
            stdin: None,
            judge: |o, _| expect(o, "2"),
            hint: "evaluation is broken: see the error above; report it with `calvados --version`",
        },
        Check {
            name: "nix eval --expr '1 + 1'",
            argv: v(&[
                "nix",
                "--extra-experimental-features",
                "nix-command",
                "eval",
                "--expr",
                "1 + 1",
            ]),
            stdin: None,
            judge: |o, _| expect(o, "2"),
            hint: "the new CLI fails: see the error; check experimental-features in /etc/nix/nix.conf",
        },
        Check {
            name: "nix-store --dump-db",
            argv: v(&["nix-store", "--dump-db"]),
            stdin: None,
            judge: |o, _| {
                let n = o.lines().filter(|l| l.starts_with("/nix/store/")).count();
                if n > 0 {
                    Ok(format!("{} lines", o.lines().count()))
                } else {
                    Err("the database lists no store path".into())
                }
            },
            hint: "the database is empty: run `calvados nix install` again (it reloads .reginfo)",
        },
        Check {
            name: "builtins.currentSystem",
            argv: v(&["nix-instantiate", "--eval", "-E", "builtins.currentSystem"]),
            stdin: None,
            judge: |o, _| expect(o, "\"x86_64-darwin\""),
            hint: "Nix does not think it runs on x86_64-darwin: is the tarball a darwin release?",
        },
        Check {
            name: "nix repl",
            argv: v(&["nix", "--extra-experimental-features", "nix-command", "repl"]),
            stdin: Some("6 * 7\n"),
            // The repl colours values whatever its output is.
            judge: |o, _| {
                if strip_ansi(o).lines().any(|l| l.trim() == "42") {
                    Ok("6 * 7 = 42".into())
                } else {
                    Err(format!("no 42 in '{}'", strip_ansi(o).trim()))
                }
            },
            hint: "nix repl fails: see its output (line editing comes from the profile's libeditline/readline)",
        },
        Check {
            name: "nix-build (/bin/sh builder)",
            argv: vec![
                "nix-build".into(),
                "--no-out-link".into(),
                "-E".into(),
                drv,
            ],
            stdin: None,
            judge: |o, _| {
                let out = o.lines().last().unwrap_or_default().trim().to_string();
                if out.starts_with("/nix/store/") && out.ends_with("-calvados-doctor") {
                    Ok(out)
                } else {
                    Err(format!("no output path in '{}'", o.trim()))
                }
            },
            hint: "building fails: check /bin/sh in the prefix and build-users-group (empty for single-user) in /etc/nix/nix.conf",
        },
    ]
}

/// `s` without ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\x1b' && it.peek() == Some(&'[') {
            it.next();
            for d in it.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn expect(out: &str, want: &str) -> Result<String, String> {
    if out.trim() == want {
        Ok(want.to_string())
    } else {
        Err(format!("printed '{}', not {want}", out.trim()))
    }
}

/// Runs `argv` through `calvados nix`, with a time limit; returns stdout,
/// stderr and how it ended (an error text when it did not exit with 0).
fn run(
    prefix: &Path,
    argv: &[String],
    stdin: Option<&str>,
    limit: Duration,
) -> (String, String, Option<String>) {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("/proc/self/exe"));
    let tmp = std::env::temp_dir();
    let tag = format!("calvados-doctor.{}", std::process::id());
    let (po, pe) = (
        tmp.join(format!("{tag}.out")),
        tmp.join(format!("{tag}.err")),
    );
    let files = std::fs::File::create(&po).and_then(|o| Ok((o, std::fs::File::create(&pe)?)));
    let Ok((out, err)) = files else {
        return (
            String::new(),
            String::new(),
            Some(format!("cannot create files in {}", tmp.display())),
        );
    };
    let child = Command::new(exe)
        .arg("nix")
        .arg("--prefix")
        .arg(prefix)
        .arg("--")
        .args(argv)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(out)
        .stderr(err)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return (
                String::new(),
                String::new(),
                Some(format!("cannot start calvados: {e}")),
            )
        }
    };
    if let (Some(text), Some(mut w)) = (stdin, child.stdin.take()) {
        let _ = w.write_all(text.as_bytes());
    }
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Ok(st),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!("no answer within {} s", limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => break Err(e.to_string()),
        }
    };
    let read = |p: &Path| {
        let mut s = Vec::new();
        let _ = std::fs::File::open(p).and_then(|mut f| f.read_to_end(&mut s));
        let _ = std::fs::remove_file(p);
        String::from_utf8_lossy(&s).into_owned()
    };
    let (o, e) = (read(&po), read(&pe));
    let end = match status {
        Err(e) => Some(e),
        Ok(st) if st.success() => None,
        Ok(st) => Some(match (st.code(), st.signal()) {
            (_, Some(sig)) => format!("killed by signal {sig}"),
            (Some(c), _) => format!("exit status {c}: {}", first_line(e.trim_start())),
            _ => st.to_string(),
        }),
    };
    (o, e, end)
}

/// `"..."` with JSON escapes.
fn json(s: &str) -> String {
    crate::prefix::json_str(s)
}

/// Entry point for `calvados doctor ARGS...`.
pub fn main(args: &[String]) -> ExitCode {
    let mut prefix = None;
    let mut as_json = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-h" | "--help" => {
                print!("USAGE:\n{USAGE}{DETAILS}");
                return ExitCode::SUCCESS;
            }
            "--json" => as_json = true,
            "--prefix" if i + 1 < args.len() => {
                prefix = Some(args[i + 1].clone());
                i += 1;
            }
            a if a.starts_with("--prefix=") => prefix = Some(a[9..].to_string()),
            a => {
                eprintln!("calvados: doctor: unknown argument '{a}' (try calvados doctor --help)");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    let Some(dir) = crate::shell::prefix_dir(prefix.as_deref().map(std::ffi::OsStr::new)) else {
        eprintln!("calvados: doctor: no prefix: give --prefix DIR or set CALVADOS_PREFIX");
        return ExitCode::from(2);
    };
    let mut results = Vec::new();
    // Preconditions first: without them every check would fail alike.
    let pre = match crate::shell::read_marker(&dir) {
        Err(e) => Err((
            "prefix",
            e,
            format!("create it: calvados prefix init --prefix {}", dir.display()),
        )),
        Ok(_) => match crate::nix::installed(Some(dir.as_os_str())) {
            Err(e) => Err((
                "nix installed",
                e,
                format!("calvados nix install --prefix {} TARBALL", dir.display()),
            )),
            Ok(()) => Ok(()),
        },
    };
    match pre {
        Err((name, detail, hint)) => results.push(Outcome {
            name,
            command: String::new(),
            ok: false,
            detail,
            hint,
        }),
        Ok(()) => {
            results.push(Outcome {
                name: "prefix",
                command: String::new(),
                ok: true,
                detail: dir.display().to_string(),
                hint: String::new(),
            });
            for c in checks() {
                let (o, e, end) = run(&dir, &c.argv, c.stdin, Duration::from_secs(300));
                let unimpl = e
                    .lines()
                    .chain(o.lines())
                    .find(|l| l.contains("calvados: unimplemented"));
                let verdict = match (unimpl, end) {
                    (Some(l), _) => Err(l.trim().to_string()),
                    (None, Some(why)) => Err(why),
                    (None, None) => (c.judge)(&o, &e),
                };
                let (ok, detail) = match verdict {
                    Ok(d) => (true, d),
                    Err(d) => (false, d),
                };
                results.push(Outcome {
                    name: c.name,
                    command: c.argv.join(" "),
                    ok,
                    detail,
                    hint: if ok {
                        String::new()
                    } else {
                        c.hint.to_string()
                    },
                });
            }
        }
    }
    let failed = results.iter().filter(|r| !r.ok).count();
    if as_json {
        let items: Vec<String> = results
            .iter()
            .map(|r| {
                format!(
                    "    {{\"name\": {}, \"command\": {}, \"ok\": {}, \"detail\": {}, \"hint\": {}}}",
                    json(r.name),
                    json(&r.command),
                    r.ok,
                    json(&r.detail),
                    json(&r.hint)
                )
            })
            .collect();
        println!(
            "{{\n  \"prefix\": {},\n  \"passed\": {},\n  \"failed\": {failed},\n  \"checks\": [\n{}\n  ]\n}}",
            json(&dir.to_string_lossy()),
            results.len() - failed,
            items.join(",\n")
        );
    } else {
        let width = results.iter().map(|r| r.name.len()).max().unwrap_or(0);
        for r in &results {
            println!(
                "{}  {:width$}  {}",
                if r.ok { "pass" } else { "FAIL" },
                r.name,
                r.detail
            );
            if !r.ok {
                println!("      {:width$}  hint: {}", "", r.hint);
            }
        }
        println!("{} passed, {failed} failed", results.len() - failed);
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
