//! `launchctl`: a small job manager for the prefix's launchd jobs.
//!
//! launchctl(1) and launchd.plist(5): a job plist gives `Label`,
//! `Program`/`ProgramArguments`, `RunAtLoad`, `KeepAlive`,
//! `EnvironmentVariables`, `StandardInPath`/`StandardOutPath`/
//! `StandardErrorPath`, `WorkingDirectory`, `Disabled`. `load`/`bootstrap`
//! record the job and start it when `RunAtLoad` or `KeepAlive` says so;
//! `kickstart [-k]` (re)starts it; `unload`/`bootout`/`stop` send SIGTERM
//! (SIGKILL after 5 s). `list` prints `PID\tStatus\tLabel`; `print`
//! describes a job; unknown services exit 113 as launchctl does
//! (`Could not find service "X" in domain for port`).
//!
//! Each running job has a supervisor process (its parent, in its own
//! session) that records the job's exit status and restarts it when
//! `KeepAlive` is true (after launchd's default 10 s throttle). State
//! lives in `/var/run/calvados-launchd/LABEL` (key=value lines); `enable`/
//! `disable` overrides in `/var/db/calvados-launchd/disabled/LABEL`. Not
//! done: socket and Mach-service activation, `StartInterval`/
//! `StartCalendarInterval`, `WatchPaths`, `KeepAlive` conditions (a dict
//! counts as true), user/group switching, resource limits; jobs do not
//! outlive the host (no boot-time loading).

use crate::plist::Value;
use std::collections::BTreeMap;
use std::ffi::CString;
use std::path::PathBuf;

const USAGE: &str = "\
Usage: launchctl <subcommand> ... | help [subcommand]
Subcommands:
	bootstrap       Bootstraps a domain or a service into a domain.
	bootout         Tears down a domain or removes a service from a domain.
	enable          Enables an existing service.
	disable         Disables an existing service.
	kickstart       Forces an existing service to start.
	print           Prints a description of a domain or service.
	list            Lists information about services.
	load            Bootstraps a service or directory of services.
	unload          Unloads a service or directory of services.
	start           Starts the specified service.
	stop            Stops the specified service if it is running.
	managerpid      Prints the PID of the launchd controlling the session.";

pub fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    s.split(" (os error").next().unwrap_or(&s).to_string()
}

fn state_dir() -> PathBuf {
    crate::prefix::path("/var/run/calvados-launchd")
}

fn disabled_path(label: &str) -> PathBuf {
    crate::prefix::path("/var/db/calvados-launchd/disabled").join(label)
}

type State = BTreeMap<String, String>;

fn read_state(label: &str) -> Option<State> {
    let t = std::fs::read_to_string(state_dir().join(label)).ok()?;
    Some(
        t.lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn write_state(label: &str, s: &State) {
    let text: String = s.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    let _ = crate::prefix::write_atomic(&state_dir().join(label), text.as_bytes(), 0o644);
}

/// Updates `label`'s state under the state lock.
fn update(label: &str, f: impl FnOnce(&mut State)) -> Option<State> {
    let _l = crate::prefix::Lock::take(&state_dir().join(".lock")).ok()?;
    let mut s = read_state(label)?;
    f(&mut s);
    write_state(label, &s);
    Some(s)
}

fn alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks the process exists.
    if unsafe { libc::kill(pid, 0) } != 0 {
        return false;
    }
    // A zombie has exited.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            s.rsplit_once(')')
                .is_none_or(|(_, r)| !r.trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}

fn running_pid(s: &State) -> Option<i32> {
    s.get("pid")?.parse().ok().filter(|p| alive(*p))
}

/// A parsed job plist.
struct Job {
    label: String,
    argv: Vec<String>,
    run_at_load: bool,
    keep_alive: bool,
    disabled: bool,
}

fn load_job(path: &str) -> Result<(Job, Value), String> {
    let text = std::fs::read_to_string(path).map_err(|e| strerror(&e))?;
    let v = crate::plist::parse(&text)?;
    let label = v
        .get("Label")
        .and_then(Value::as_str)
        .ok_or("missing Label")?
        .to_string();
    let mut argv: Vec<String> = v
        .get("ProgramArguments")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if let Some(p) = v.get("Program").and_then(Value::as_str) {
        if argv.is_empty() {
            argv.push(p.to_string());
        }
    }
    if argv.is_empty() {
        return Err("missing Program and ProgramArguments".into());
    }
    let keep_alive = match v.get("KeepAlive") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Dict(_)) => true,
        _ => false,
    };
    Ok((
        Job {
            label,
            argv,
            run_at_load: v.get("RunAtLoad").and_then(Value::as_bool).unwrap_or(false),
            keep_alive,
            disabled: v.get("Disabled").and_then(Value::as_bool).unwrap_or(false),
        },
        v,
    ))
}

/// Replaces this process with `argv` (the program looked up in `PATH` when
/// its name has no slash): a Mach-O file through `calvados run` (`$CALVADOS`,
/// else `calvados` on `PATH`) unless the kernel has a binfmt handler for
/// it, anything else directly. Returns the error when nothing could be run.
pub fn exec(argv: &[String]) -> std::io::Error {
    use std::os::unix::process::CommandExt as _;
    let program = if argv[0].contains('/') {
        Some(std::path::PathBuf::from(&argv[0]))
    } else {
        std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(&argv[0]))
                .find(|f| f.is_file())
        })
    };
    let Some(program) = program else {
        return std::io::Error::from_raw_os_error(libc::ENOENT);
    };
    if is_macho(&program) && !binfmt_registered() {
        let calvados = std::env::var_os("CALVADOS").unwrap_or_else(|| "calvados".into());
        return std::process::Command::new(calvados)
            .args(["run", "--argv0", &argv[0], "--"])
            .arg(&program)
            .args(&argv[1..])
            .exec();
    }
    std::process::Command::new(&program)
        .arg0(&argv[0])
        .args(&argv[1..])
        .exec()
}

/// Whether `path` is a Mach-O file, by the reader's own header rules
/// (`calvados_macho::sniff_x86_64`, which `exec` in libSystem uses too).
fn is_macho(path: &std::path::Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path).is_ok_and(|f| f.take(4096).read_to_end(&mut head).is_ok())
        && calvados_macho::sniff_x86_64(&head).is_some()
}

/// Whether `calvados binfmt install` registered Mach-O with the kernel.
fn binfmt_registered() -> bool {
    std::fs::read_to_string("/proc/sys/fs/binfmt_misc/calvados-macho")
        .is_ok_and(|s| s.starts_with("enabled"))
}

fn cstr(p: &std::path::Path) -> CString {
    CString::new(p.as_os_str().as_encoded_bytes()).unwrap_or_default()
}

/// Sets up the job's environment and descriptors, then runs it (in the
/// forked child).
fn run_job(plist: &Value, argv: &[String]) -> ! {
    if let Some(Value::Dict(env)) = plist.get("EnvironmentVariables") {
        for (k, v) in env {
            if let Some(v) = v.as_str() {
                std::env::set_var(k, v);
            }
        }
    }
    if let Some(d) = plist.get("WorkingDirectory").and_then(Value::as_str) {
        let _ = std::env::set_current_dir(d);
    }
    let redirect = |key: &str, fd: i32, flags: i32| {
        let path = plist
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("/dev/null");
        let c = cstr(std::path::Path::new(path));
        // SAFETY: open and dup2 on descriptors of this child process.
        unsafe {
            let f = libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, 0o644);
            if f >= 0 {
                libc::dup2(f, fd);
                libc::close(f);
            }
        }
    };
    redirect("StandardInPath", 0, libc::O_RDONLY);
    let out = libc::O_WRONLY | libc::O_CREAT | libc::O_APPEND;
    redirect("StandardOutPath", 1, out);
    redirect("StandardErrorPath", 2, out);
    let _ = exec(argv);
    // SAFETY: leaving the forked child.
    unsafe { libc::_exit(78) }
}

/// Starts `label` under a new supervisor; returns the job's pid.
fn start(label: &str) -> Option<i32> {
    let s = read_state(label)?;
    if let Some(p) = running_pid(&s) {
        return Some(p);
    }
    let (job, plist) = load_job(s.get("plist")?).ok()?;
    let mut fds = [0i32; 2];
    // SAFETY: pipe into our array; fork; the children only call
    // async-signal-safe functions until they exec or run the supervisor
    // loop in a single-threaded process.
    unsafe {
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            return None;
        }
        let sup = libc::fork();
        if sup < 0 {
            return None;
        }
        if sup == 0 {
            libc::close(fds[0]);
            libc::setsid();
            supervise(label, &job, &plist, fds[1]);
        }
        libc::close(fds[1]);
        let mut buf = [0u8; 4];
        let n = libc::read(fds[0], buf.as_mut_ptr().cast(), 4);
        libc::close(fds[0]);
        let mut st = 0;
        libc::waitpid(sup, &mut st, libc::WNOHANG);
        (n == 4).then(|| i32::from_ne_bytes(buf))
    }
}

/// The supervisor: forks the job, records its pid and exit status, and
/// restarts it while `KeepAlive` holds and nobody asked it to stop.
fn supervise(label: &str, job: &Job, plist: &Value, report: i32) -> ! {
    // SAFETY: a detached child: we fork again so the job's parent is this
    // supervisor, not launchctl; stdio goes to /dev/null.
    unsafe {
        if libc::fork() != 0 {
            libc::_exit(0);
        }
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
        for fd in 0..3 {
            libc::dup2(null, fd);
        }
    }
    let mut report = Some(report);
    loop {
        // The job starts only once its pid is recorded, so whatever it does
        // (output a caller waits for) comes after `list` can show it.
        let mut gate = [-1; 2];
        // SAFETY: a pipe into a two-int array.
        unsafe { libc::pipe(gate.as_mut_ptr()) };
        // SAFETY: fork; the child waits for the gate, then runs the job.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            let mut b = 0u8;
            // SAFETY: our pipe's ends; read returns at EOF.
            unsafe {
                libc::close(gate[1]);
                libc::read(gate[0], (&mut b as *mut u8).cast(), 1);
                libc::close(gate[0]);
            }
            run_job(plist, &job.argv);
        }
        update(label, |s| {
            s.insert("pid".into(), pid.to_string());
            s.insert("supervisor".into(), std::process::id().to_string());
            s.remove("stopping");
        });
        // SAFETY: our pipe's ends; closing the write end opens the gate.
        unsafe {
            libc::close(gate[0]);
            libc::close(gate[1]);
        }
        if let Some(fd) = report.take() {
            // SAFETY: writing the pid to launchctl through our pipe end.
            unsafe {
                libc::write(fd, pid.to_ne_bytes().as_ptr().cast(), 4);
                libc::close(fd);
            }
        }
        let mut st = 0;
        // SAFETY: waiting for our own child.
        unsafe { libc::waitpid(pid, &mut st, 0) };
        let status = if libc::WIFEXITED(st) {
            libc::WEXITSTATUS(st)
        } else {
            -libc::WTERMSIG(st)
        };
        // A `kickstart -k` may have started a new supervisor meanwhile: the
        // record is then its own, and this supervisor is done.
        let mine = pid.to_string();
        let mut replaced = false;
        let s = update(label, |s| {
            if s.get("pid") == Some(&mine) {
                s.insert("pid".into(), "-".into());
                s.insert("status".into(), status.to_string());
            } else {
                replaced = true;
            }
        });
        let Some(s) = s else { break };
        if replaced || !job.keep_alive || s.contains_key("stopping") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(10));
        if read_state(label).is_none_or(|s| s.contains_key("stopping")) {
            break;
        }
    }
    // SAFETY: leaving the supervisor.
    unsafe { libc::_exit(0) }
}

/// Stops `label`'s job: SIGTERM, then SIGKILL after 5 s.
fn stop(label: &str) {
    let Some(s) = update(label, |s| {
        s.insert("stopping".into(), "1".into());
    }) else {
        return;
    };
    let Some(pid) = running_pid(&s) else { return };
    // SAFETY: signalling the job we started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    for _ in 0..50 {
        if !alive(pid) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // SAFETY: as above.
    unsafe { libc::kill(pid, libc::SIGKILL) };
}

fn not_found(label: &str) -> i32 {
    eprintln!("Could not find service \"{label}\" in domain for port");
    113
}

fn is_disabled(job: &Job) -> bool {
    match std::fs::read_to_string(disabled_path(&job.label)) {
        Ok(t) => t.trim() == "disabled",
        Err(_) => job.disabled,
    }
}

fn set_disabled(label: &str, disabled: bool) {
    let _ = crate::prefix::write_atomic(
        &disabled_path(label),
        if disabled {
            b"disabled\n"
        } else {
            b"enabled\n"
        },
        0o644,
    );
}

/// Loads `path`; Err(message) when it cannot.
fn do_load(path: &str, write: bool, force: bool) -> Result<(), (String, i32)> {
    let (job, _) = load_job(path).map_err(|e| (format!("{path}: {e}"), 5))?;
    if write {
        set_disabled(&job.label, false);
    }
    if !force && !write && is_disabled(&job) {
        return Err((format!("{path}: service is disabled"), 5));
    }
    let _l =
        crate::prefix::Lock::take(&state_dir().join(".lock")).map_err(|e| (strerror(&e), 5))?;
    if let Some(s) = read_state(&job.label) {
        if s.contains_key("loaded") {
            return Err((format!("{path}: service already loaded"), 37));
        }
    }
    let mut s = State::new();
    s.insert("loaded".into(), "1".into());
    s.insert(
        "plist".into(),
        std::fs::canonicalize(path).map_or(path.to_string(), |p| p.display().to_string()),
    );
    s.insert("pid".into(), "-".into());
    s.insert("status".into(), "0".into());
    write_state(&job.label, &s);
    drop(_l);
    if job.run_at_load || job.keep_alive {
        start(&job.label);
    }
    Ok(())
}

fn do_unload(label: &str) -> bool {
    if read_state(label).is_none() {
        return false;
    }
    stop(label);
    // Under the state lock: the job's supervisor records the exit status
    // with a read-modify-write under that lock, which must either come
    // first or find the record gone (not write it back after the removal).
    let _l = crate::prefix::Lock::take(&state_dir().join(".lock"));
    let _ = std::fs::remove_file(state_dir().join(label));
    true
}

/// The label of `domain/label`, or of a plist path.
fn label_of(target: &str) -> Option<String> {
    if target.ends_with(".plist")
        || target.starts_with('/') && std::path::Path::new(target).is_file()
    {
        return load_job(target).ok().map(|(j, _)| j.label);
    }
    let parts: Vec<&str> = target.split('/').collect();
    match parts.as_slice() {
        ["system" | "gui" | "user" | "login" | "pid", .., l] if parts.len() >= 2 => {
            Some(l.to_string())
        }
        [l] => Some(l.to_string()),
        _ => None,
    }
}

pub fn main(args: &[String]) -> i32 {
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return 64;
    };
    let rest: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    let flags: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|a| a.starts_with('-'))
        .collect();
    let pos: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|a| !a.starts_with('-'))
        .collect();
    match cmd.as_str() {
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            0
        }
        "load" | "unload" if pos.is_empty() => {
            eprintln!("Usage: launchctl {cmd} [-wF] <service-path, service-path2, ...>");
            64
        }
        "load" => {
            let w = flags.iter().any(|f| f.contains('w'));
            let force = flags.iter().any(|f| f.contains('F'));
            let mut status = 0;
            for p in pos {
                if let Err((m, _)) = do_load(p, w, force) {
                    eprintln!("{m}");
                    status = 0; // launchctl load reports and goes on, status 0.
                }
            }
            status
        }
        "unload" => {
            let w = flags.iter().any(|f| f.contains('w'));
            for p in pos {
                match load_job(p) {
                    Ok((job, _)) => {
                        if w {
                            set_disabled(&job.label, true);
                        }
                        if !do_unload(&job.label) {
                            eprintln!("{p}: Could not find specified service");
                        }
                    }
                    Err(e) => eprintln!("{p}: {e}"),
                }
            }
            0
        }
        "bootstrap" => {
            let [_domain, paths @ ..] = pos.as_slice() else {
                eprintln!(
                    "Usage: launchctl bootstrap <domain-target> [service-path, service-path2, ...]"
                );
                return 64;
            };
            for p in paths {
                if let Err((_, code)) = do_load(p, false, true) {
                    eprintln!("Bootstrap failed: 5: Input/output error");
                    return if code == 37 { 5 } else { code };
                }
            }
            0
        }
        "bootout" => {
            let target = match pos.as_slice() {
                [t] => label_of(t),
                [_domain, p, ..] => label_of(p),
                _ => None,
            };
            let Some(label) = target else {
                eprintln!("Usage: launchctl bootout <domain-target> [service-path1, service-path2, ...] | <service-target>");
                return 64;
            };
            if do_unload(&label) {
                0
            } else {
                eprintln!("Boot-out failed: 3: No such process");
                3
            }
        }
        "kickstart" | "start" | "stop" => {
            let Some(label) = pos.first().and_then(|t| label_of(t)) else {
                eprintln!("Usage: launchctl {cmd} [-kp] <service-target>");
                return 64;
            };
            if read_state(&label).is_none() {
                return not_found(&label);
            }
            if cmd == "stop" {
                stop(&label);
                return 0;
            }
            if flags.iter().any(|f| f.contains('k')) {
                stop(&label);
            }
            let Some(pid) = start(&label) else {
                eprintln!("Could not kickstart service \"{label}\": 5: Input/output error");
                return 5;
            };
            if flags.iter().any(|f| f.contains('p')) {
                println!("{pid}");
            }
            0
        }
        "enable" | "disable" => {
            let Some(label) = pos.first().and_then(|t| label_of(t)) else {
                eprintln!("Usage: launchctl {cmd} <service-target>");
                return 64;
            };
            set_disabled(&label, cmd == "disable");
            0
        }
        "list" => list(pos.first().copied()),
        "print" => {
            let Some(label) = pos.first().and_then(|t| label_of(t)) else {
                eprintln!("Usage: launchctl print <domain-target> | <service-target>");
                return 64;
            };
            print(pos[0], &label)
        }
        "managerpid" => {
            println!("1");
            0
        }
        _ => {
            eprintln!("Unrecognized subcommand: {cmd}");
            eprintln!("{USAGE}");
            64
        }
    }
}

fn labels() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(state_dir())
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn list(label: Option<&str>) -> i32 {
    let Some(label) = label else {
        println!("PID\tStatus\tLabel");
        for l in labels() {
            if let Some(s) = read_state(&l) {
                let pid = running_pid(&s).map_or("-".to_string(), |p| p.to_string());
                println!(
                    "{pid}\t{}\t{l}",
                    s.get("status").map_or("0", String::as_str)
                );
            }
        }
        return 0;
    };
    let Some(s) = read_state(label) else {
        return not_found(label);
    };
    let job = s.get("plist").and_then(|p| load_job(p).ok());
    println!("{{");
    println!("\t\"LimitLoadToSessionType\" = \"System\";");
    println!("\t\"Label\" = \"{label}\";");
    println!(
        "\t\"OnDemand\" = {};",
        job.as_ref().is_none_or(|(j, _)| !j.keep_alive)
    );
    println!(
        "\t\"LastExitStatus\" = {};",
        s.get("status").map_or("0", String::as_str)
    );
    if let Some(p) = running_pid(&s) {
        println!("\t\"PID\" = {p};");
    }
    if let Some((j, _)) = &job {
        println!("\t\"Program\" = \"{}\";", j.argv[0]);
        println!("\t\"ProgramArguments\" = (");
        for a in &j.argv {
            println!("\t\t\"{a}\";");
        }
        println!("\t);");
    }
    println!("}};");
    0
}

fn print(target: &str, label: &str) -> i32 {
    let Some(s) = read_state(label) else {
        return not_found(label);
    };
    let job = s.get("plist").and_then(|p| load_job(p).ok());
    let pid = running_pid(&s);
    let domain = target
        .split('/')
        .next()
        .filter(|d| *d != label)
        .unwrap_or("system");
    println!("{domain}/{label} = {{");
    println!("\tactive count = {}", u8::from(pid.is_some()));
    println!("\tpath = {}", s.get("plist").map_or("", String::as_str));
    println!("\ttype = LaunchDaemon");
    println!(
        "\tstate = {}",
        if pid.is_some() {
            "running"
        } else {
            "not running"
        }
    );
    println!();
    if let Some((j, _)) = &job {
        println!("\tprogram = {}", j.argv[0]);
        println!("\targuments = {{");
        for a in &j.argv {
            println!("\t\t{a}");
        }
        println!("\t}}");
        println!();
    }
    if let Some(p) = pid {
        println!("\tpid = {p}");
    }
    println!(
        "\tlast exit code = {}",
        s.get("status").map_or("0", String::as_str)
    );
    println!("}}");
    0
}
