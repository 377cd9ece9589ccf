//! `calvados coverage`: how many of the x86_64 exports listed in zig's
//! `libSystem.tbd` (the macOS SDK's stub of libSystem and its
//! `/usr/lib/system/*` re-exports) Calvados implements.

use std::process::{Command, ExitCode};

/// The x86_64-macos symbols of every document in a `.tbd` text stub.
pub fn tbd_symbols(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for doc in text.split("--- !tapi-tbd") {
        let install = doc
            .lines()
            .find_map(|l| l.strip_prefix("install-name:"))
            .map(|s| s.trim().trim_matches('\'').to_string())
            .unwrap_or_default();
        let Some(exports_at) = doc.find("\nexports:") else {
            continue;
        };
        let rest = &doc[exports_at + 9..];
        // The exports block ends at the next top-level key.
        let end = rest
            .lines()
            .scan(0usize, |pos, l| {
                let start = *pos;
                *pos += l.len() + 1;
                Some((start, l))
            })
            .skip(1)
            .find(|(_, l)| !l.is_empty() && !l.starts_with(' '))
            .map_or(rest.len(), |(p, _)| p);
        let block = &rest[..end];
        for item in block.split("\n  - ") {
            let Some(t) = item.find("targets:") else {
                continue;
            };
            let targets = bracket_list(&item[t..]);
            if !targets.iter().any(|t| t == "x86_64-macos") {
                continue;
            }
            for key in ["symbols:", "weak-symbols:", "thread-local-symbols:"] {
                let mut from = 0;
                while let Some(k) = item[from..].find(key) {
                    let at = from + k;
                    // Skip keys like "objc-symbols:" that merely end the same way.
                    let prev = item[..at].chars().last().unwrap_or(' ');
                    if prev == ' ' || prev == '\n' {
                        for s in bracket_list(&item[at..]) {
                            out.push((s, install.clone()));
                        }
                    }
                    from = at + key.len();
                }
            }
        }
    }
    out
}

fn bracket_list(s: &str) -> Vec<String> {
    let Some(open) = s.find('[') else {
        return Vec::new();
    };
    let Some(close) = s[open..].find(']') else {
        return Vec::new();
    };
    s[open + 1..open + close]
        .split(',')
        .map(|x| x.trim().trim_matches('\'').to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

fn default_tbd() -> Option<String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import ziglang,os;print(os.path.dirname(ziglang.__file__))",
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?;
    Some(format!("{}/lib/libc/darwin/libSystem.tbd", dir.trim()))
}

pub fn main(args: &[String]) -> ExitCode {
    let mut tbd = None;
    let mut list = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--tbd" => tbd = it.next().cloned(),
            "--list-missing" => list = true,
            other => {
                eprintln!("calvados: coverage: unknown argument '{other}'");
                return ExitCode::from(2);
            }
        }
    }
    let Some(tbd) = tbd.or_else(default_tbd) else {
        eprintln!("calvados: coverage: cannot find libSystem.tbd (install zig: scripts/setup.sh, or pass --tbd FILE)");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(&tbd) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("calvados: coverage: {tbd}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut syms = tbd_symbols(&text);
    syms.sort();
    syms.dedup_by(|a, b| a.0 == b.0);
    let mut per_lib: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut missing = Vec::new();
    for (s, lib) in &syms {
        let have = calvados_libsystem::lookup(s.as_bytes()).is_some()
            || calvados_loader::dyld_lookup(s.as_bytes()).is_some();
        let e = per_lib.entry(lib.clone()).or_default();
        e.1 += 1;
        if have {
            e.0 += 1;
        } else {
            missing.push(s.clone());
        }
    }
    let total = syms.len();
    let done = total - missing.len();
    println!(
        "libSystem x86_64 exports implemented: {done} of {total} ({:.1}%)",
        100.0 * done as f64 / total.max(1) as f64
    );
    for (lib, (d, t)) in &per_lib {
        if *d > 0 {
            println!(
                "  {:<48} {d:>5} / {t}",
                lib.rsplit('/').next().unwrap_or(lib)
            );
        }
    }
    if list {
        for m in missing {
            println!("missing {m}");
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tbd() {
        let t = "--- !tapi-tbd\ninstall-name: '/usr/lib/system/libx.dylib'\nexports:\n  - targets: [ x86_64-macos, arm64-macos ]\n    symbols: [ _a, _b,\n               _c ]\n    weak-symbols: [ _w ]\n  - targets: [ arm64-macos ]\n    symbols: [ _arm ]\n...\n";
        let s: Vec<_> = tbd_symbols(t).into_iter().map(|x| x.0).collect();
        assert_eq!(s, vec!["_a", "_b", "_c", "_w"]);
    }
}
