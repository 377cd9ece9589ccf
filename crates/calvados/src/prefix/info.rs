//! `calvados prefix info`: what a prefix holds.

use super::fsutil;
use super::layout;
use super::{examine, Failure, Found, Opts, Res};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::ExitCode;

pub fn main(args: &[String]) -> Res<ExitCode> {
    let o = Opts::parse("info", args, &[], &["--json", "--help", "-h"])?;
    if o.flag("--help") || o.flag("-h") {
        print!("USAGE:\n{}", super::USAGE);
        return Ok(ExitCode::SUCCESS);
    }
    let dir = o.prefix_dir("info")?;
    let marker = match examine(&dir).map_err(|f| Failure::new(format!("info: {}", f.msg)))? {
        Found::Prefix(m) => m,
        Found::Missing | Found::Empty => {
            return Err(Failure::new(format!(
                "info: there is no prefix at {} (calvados prefix init creates one)",
                dir.display()
            )));
        }
    };
    let plist =
        std::fs::read_to_string(dir.join("System/Library/CoreServices/SystemVersion.plist"))
            .unwrap_or_default();
    let version = plist_string(&plist, "ProductVersion");
    let build = plist_string(&plist, "ProductBuildVersion");
    let base = dir.join("bin/bash").is_file();
    let tools = dir.join(layout::TOOLS).is_file();
    let dylibs = count_dylibs(&dir);
    let programs: usize = ["bin", "sbin", "usr/bin", "usr/sbin"]
        .iter()
        .map(|d| count_programs(&dir.join(d)))
        .sum();
    let users = passwd_users(&dir);
    let people: Vec<&String> = users
        .iter()
        .filter(|u| !layout::ACCOUNTS.iter().any(|a| a.name == u.as_str()))
        .collect();
    let usage = fsutil::usage(&dir, &[]);
    let nix = marker.nix().map(str::to_string);

    if o.flag("--json") {
        let s = |v: &Option<String>| v.as_deref().map_or("null".to_string(), json_str);
        let people_json: Vec<String> = people.iter().map(|p| json_str(p)).collect();
        println!("{{");
        println!("  \"path\": {},", json_str(&dir.to_string_lossy()));
        println!("  \"layout_version\": {},", marker.version);
        println!("  \"macos_version\": {},", s(&version));
        println!("  \"macos_build\": {},", s(&build));
        println!(
            "  \"nix\": {{\"kind\": {}, \"path\": {}}},",
            json_str(if nix.is_some() { "host" } else { "own" }),
            json_str(nix.as_deref().unwrap_or(&dir.join("nix").to_string_lossy()))
        );
        println!("  \"base_system\": {base},");
        println!("  \"calvados_tools\": {tools},");
        println!("  \"dylibs\": {dylibs},");
        println!("  \"programs\": {programs},");
        println!("  \"users\": {},", users.len());
        println!("  \"people\": [{}],", people_json.join(", "));
        println!("  \"files\": {},", usage.files);
        println!("  \"size_bytes\": {}", usage.bytes);
        println!("}}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("prefix:        {}", dir.display());
    println!("layout:        {}", marker.version);
    println!(
        "macOS:         {} ({})",
        version.as_deref().unwrap_or("unknown"),
        build.as_deref().unwrap_or("no SystemVersion.plist")
    );
    match &nix {
        Some(h) => println!("nix store:     host directory {h} (bind-mounted on /nix)"),
        None => println!("nix store:     own ({})", dir.join("nix").display()),
    }
    println!(
        "base system:   {}",
        if base {
            "installed (bin/bash)"
        } else {
            "not installed"
        }
    );
    println!(
        "tools:         {}",
        if tools {
            "calvados-tools installed"
        } else {
            "calvados-tools not installed"
        }
    );
    println!("dylibs:        {dylibs}");
    println!("programs:      {programs}");
    println!(
        "users:         {} in /etc/passwd ({})",
        users.len(),
        if people.is_empty() {
            "system accounts only".to_string()
        } else {
            people
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    println!(
        "size on disk:  {:.1} MiB ({} files)",
        usage.bytes as f64 / (1024.0 * 1024.0),
        usage.files
    );
    Ok(ExitCode::SUCCESS)
}

/// The `<string>` after `<key>KEY</key>` in an XML plist.
fn plist_string(plist: &str, key: &str) -> Option<String> {
    let at = plist.find(&format!("<key>{key}</key>"))?;
    let rest = &plist[at..];
    let s = rest.find("<string>")? + "<string>".len();
    let e = rest[s..].find("</string>")?;
    Some(rest[s..s + e].to_string())
}

fn count_dylibs(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.join("usr/lib"), dir.join("System/Library")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(e.path());
            } else if e.file_name().to_string_lossy().ends_with(".dylib") {
                n += 1;
            }
        }
    }
    n
}

/// Executable files and symlinks in one directory.
fn count_programs(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    rd.flatten()
        .filter(|e| {
            e.file_type().is_ok_and(|t| t.is_symlink())
                || e.metadata()
                    .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
        .count()
}

fn passwd_users(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("private/etc/passwd")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with(['#', '+', '-']))
        .filter(|l| l.split(':').count() >= 7)
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect()
}

pub fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o += "\\\"",
            '\\' => o += "\\\\",
            '\n' => o += "\\n",
            c if (c as u32) < 0x20 => o += &format!("\\u{:04x}", c as u32),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn plist_lookup() {
        let p = super::layout::system_version_plist();
        assert_eq!(
            super::plist_string(&p, "ProductVersion").as_deref(),
            Some("11.7.4")
        );
        assert_eq!(
            super::plist_string(&p, "ProductBuildVersion").as_deref(),
            Some("20G1120")
        );
        assert_eq!(super::plist_string(&p, "Nope"), None);
    }

    #[test]
    fn json_escapes() {
        assert_eq!(super::json_str("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
