//! Running one program with captured output, a timeout and a wall clock.

use std::fmt;
use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::directives::{signal_name, ExitKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Exited(ExitKind),
    TimedOut(Duration),
    SpawnFailed(String),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Exited(k) => write!(f, "{}", ExitDisplay(*k)),
            Status::TimedOut(d) => write!(f, "timed out after {}s (killed)", d.as_secs_f64()),
            Status::SpawnFailed(e) => write!(f, "could not start: {e}"),
        }
    }
}

pub struct ExitDisplay(pub ExitKind);

impl fmt::Display for ExitDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ExitKind::Code(c) => write!(f, "exit {c}"),
            ExitKind::Signal(s) => write!(f, "killed by signal {s} ({})", signal_name(s)),
        }
    }
}

pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: Status,
    pub wall: Duration,
}

pub struct Spec<'a> {
    pub program: &'a Path,
    pub args: &'a [String],
    pub stdin: Option<&'a [u8]>,
    pub env: &'a [(String, String)],
    pub cwd: &'a Path,
    pub timeout: Duration,
}

fn reader<R: Read + Send + 'static>(r: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            let _ = r.read_to_end(&mut buf);
        }
        buf
    })
}

pub fn run(spec: &Spec) -> Outcome {
    let mut cmd = Command::new(spec.program);
    cmd.args(spec.args)
        .current_dir(spec.cwd)
        .env_clear()
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .stdin(if spec.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Own process group, so a timeout kills everything the test started.
        .process_group(0);
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Outcome {
                stdout: Vec::new(),
                stderr: Vec::new(),
                status: Status::SpawnFailed(format!("{}: {e}", spec.program.display())),
                wall: start.elapsed(),
            }
        }
    };
    let pid = child.id() as i32;
    let writer = child.stdin.take().map(|mut w| {
        let data = spec.stdin.unwrap_or_default().to_vec();
        // A program that doesn't read its stdin gets EPIPE here; ignore it.
        thread::spawn(move || {
            let _ = w.write_all(&data);
        })
    });
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let status = child.wait();
        let _ = tx.send((status, start.elapsed()));
    });
    let (status, wall) = match rx.recv_timeout(spec.timeout) {
        Ok((st, wall)) => (st.map_err(|e| e.to_string()), wall),
        Err(_) => {
            // SAFETY: plain kill(2) of the process group we created.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
            let (_, wall) = rx
                .recv()
                .unwrap_or((Err(std::io::Error::other("lost")), spec.timeout));
            let _ = writer.map(|w| w.join());
            return Outcome {
                stdout: out.join().unwrap_or_default(),
                stderr: err.join().unwrap_or_default(),
                status: Status::TimedOut(spec.timeout),
                wall,
            };
        }
    };
    // Anything the program left running in its group would hold the pipes
    // open; the test is over, so end it.
    // SAFETY: plain kill(2); ESRCH (group already empty) is fine.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
    let _ = writer.map(|w| w.join());
    let status = match status {
        Ok(st) => match (st.code(), st.signal()) {
            (Some(c), _) => Status::Exited(ExitKind::Code(c)),
            (None, Some(s)) => Status::Exited(ExitKind::Signal(s)),
            (None, None) => Status::SpawnFailed(format!("unknown wait status {st:?}")),
        },
        Err(e) => Status::SpawnFailed(format!("wait failed: {e}")),
    };
    Outcome {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        status,
        wall,
    }
}
