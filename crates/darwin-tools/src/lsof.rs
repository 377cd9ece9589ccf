//! `lsof`: the open files of every process, from Linux's `/proc` (the
//! prefix shows the host's). Nix's garbage collector runs
//! `/usr/bin/lsof -n -w -F n` to find store paths that running programs
//! hold open; it reads the `n` (name) lines.
//!
//! Supported, as lsof(8) defines them: `-F FIELDS` (output for programs:
//! one field per line, `p` PID first for each process, `f` descriptor
//! before each file; fields `c` command, `u` uid, `n` name), `-p PID[,PID]`,
//! and `-n`, `-w`, `-P`, `-l` (which only change name lookups and warnings;
//! this lsof never looks names up and prints no warnings). Without `-F` it
//! prints the table's COMMAND, PID, USER (uid), FD and NAME columns.
//! Descriptors are `cwd`, `rtd` (root), `txt` (the program), `mem` (mapped
//! files) and the numbers of open descriptors.

use std::path::Path;

const USAGE: &str = "usage: lsof [-n] [-w] [-P] [-l] [-F fields] [-p pid[,pid...]]";

struct Opts {
    fields: Option<String>,
    pids: Option<Vec<u32>>,
}

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts {
        fields: None,
        pids: None,
    };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-n" | "-w" | "-P" | "-l" | "-nP" | "-Pn" => {}
            "-F" => {
                // lsof(8): the field list is optional; a following option
                // starts with '-'.
                match args.get(i + 1) {
                    Some(f) if !f.starts_with('-') => {
                        o.fields = Some(f.clone());
                        i += 1;
                    }
                    _ => o.fields = Some(String::new()),
                }
            }
            _ if a.starts_with("-F") => o.fields = Some(a[2..].to_string()),
            "-p" => {
                let v = args.get(i + 1).ok_or("-p needs a process id")?;
                o.pids = Some(pids(v)?);
                i += 1;
            }
            _ if a.starts_with("-p") => o.pids = Some(pids(&a[2..])?),
            _ => return Err(format!("unsupported option or argument: {a}")),
        }
        i += 1;
    }
    Ok(o)
}

fn pids(v: &str) -> Result<Vec<u32>, String> {
    v.split(',')
        .map(|p| p.parse().map_err(|_| format!("not a process id: {p}")))
        .collect()
}

/// One open file of a process: descriptor name and path.
fn files(pid: u32) -> Vec<(String, String)> {
    let dir = format!("/proc/{pid}");
    let mut out = Vec::new();
    let link = |p: &str| std::fs::read_link(Path::new(&dir).join(p)).ok();
    for (fd, p) in [("cwd", "cwd"), ("rtd", "root"), ("txt", "exe")] {
        if let Some(t) = link(p) {
            out.push((fd.to_string(), t.to_string_lossy().into_owned()));
        }
    }
    if let Ok(maps) = std::fs::read_to_string(format!("{dir}/maps")) {
        let mut seen = std::collections::BTreeSet::new();
        for line in maps.lines() {
            // address perms offset dev inode path
            let path = line
                .splitn(6, ' ')
                .nth(5)
                .map(str::trim_start)
                .unwrap_or("");
            if path.starts_with('/') && seen.insert(path.to_string()) {
                out.push(("mem".to_string(), path.to_string()));
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir(format!("{dir}/fd")) {
        let mut fds: Vec<(u32, String)> = rd
            .flatten()
            .filter_map(|e| {
                let n: u32 = e.file_name().to_str()?.parse().ok()?;
                let t = std::fs::read_link(e.path()).ok()?;
                Some((n, t.to_string_lossy().into_owned()))
            })
            .collect();
        fds.sort();
        out.extend(fds.into_iter().map(|(n, t)| (n.to_string(), t)));
    }
    out
}

pub fn main(args: &[String]) -> i32 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("lsof: {e}\n{USAGE}");
            return 1;
        }
    };
    let mut procs: Vec<u32> = match std::fs::read_dir("/proc") {
        Ok(rd) => rd
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse().ok())
            .collect(),
        Err(e) => {
            eprintln!("lsof: cannot read /proc: {e}");
            return 1;
        }
    };
    procs.sort();
    if let Some(want) = &o.pids {
        procs.retain(|p| want.contains(p));
    }
    let mut out = String::new();
    if o.fields.is_none() {
        out.push_str("COMMAND     PID   USER   FD NAME\n");
    }
    let mut found = false;
    for pid in procs {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |k: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(k))
                .map(|v| v.split_whitespace().next().unwrap_or("").to_string())
                .unwrap_or_default()
        };
        let (cmd, uid) = (field("Name:"), field("Uid:"));
        let list = files(pid);
        if list.is_empty() {
            continue;
        }
        found = true;
        match &o.fields {
            Some(f) => {
                out.push_str(&format!("p{pid}\n"));
                if f.contains('c') {
                    out.push_str(&format!("c{cmd}\n"));
                }
                if f.contains('u') {
                    out.push_str(&format!("u{uid}\n"));
                }
                for (fd, name) in &list {
                    out.push_str(&format!("f{fd}\n"));
                    if f.contains('n') || f.is_empty() {
                        out.push_str(&format!("n{name}\n"));
                    }
                }
            }
            None => {
                for (fd, name) in &list {
                    out.push_str(&format!("{cmd:<9} {pid:>5} {uid:>6} {fd:>4} {name}\n"));
                }
            }
        }
    }
    use std::io::Write;
    let _ = std::io::stdout().write_all(out.as_bytes());
    // lsof(8): exit 1 when nothing was listed.
    if found {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_its_own_files_for_nix() {
        let me = std::process::id();
        let exe = std::fs::read_link("/proc/self/exe").unwrap();
        let names: Vec<String> = files(me).into_iter().map(|(_, n)| n).collect();
        assert!(names.iter().any(|n| Path::new(n) == exe), "{names:?}");
        let o = parse(&["-n".into(), "-w".into(), "-F".into(), "n".into()]).unwrap();
        assert_eq!(o.fields.as_deref(), Some("n"));
        assert!(parse(&["-Z".into()]).is_err());
        assert_eq!(
            parse(&["-p".into(), "1,2".into()]).unwrap().pids,
            Some(vec![1, 2])
        );
    }
}
