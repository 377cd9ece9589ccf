//! Parsing of the `// key: value` directives at the top of a conformance test.
//!
//! The header is the run of `//` comment lines (blank lines allowed) at the
//! very start of the file; parsing stops at the first other line.  Inside the
//! header, a comment of the form `// key: value` whose key is made only of
//! lowercase letters, digits and dashes is a directive; unknown keys are
//! errors, so a typo cannot silently disable a check.  Any other comment line
//! is ordinary prose.  See `tests/conformance/README.md` for the list.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Default per-run timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    C,
    Cxx,
}

impl Lang {
    pub fn of(path: &Path) -> Option<Lang> {
        match path.extension()?.to_str()? {
            "c" => Some(Lang::C),
            "cc" | "cpp" | "cxx" => Some(Lang::Cxx),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LibKind {
    /// `// dylib:` — a shared library the main program may link against.
    Dylib,
    /// `// plugin:` — a module the program opens itself with dlopen.
    Plugin,
}

/// A shared library built next to the executable.
#[derive(Debug, Clone)]
pub struct Library {
    pub kind: LibKind,
    /// Source file name, relative to the suite directory.
    pub source: String,
    /// Output base name, e.g. `libfoo` (-> `libfoo.dylib` / `libfoo.so`).
    pub stem: String,
    /// Extra compiler/linker flags given after the source on the directive line.
    pub flags: Vec<String>,
}

/// Expected or observed way a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    Code(i32),
    Signal(i32),
}

#[derive(Debug, Clone)]
pub struct Test {
    pub name: String,
    pub path: PathBuf,
    pub lang: Lang,
    pub args: Vec<String>,
    pub stdin: Option<Vec<u8>>,
    pub env: Vec<(String, String)>,
    pub cflags: Vec<String>,
    pub darwin_cflags: Vec<String>,
    /// `darwin-fixups: chained`: link the Mach-O with ld64.lld `-fixup_chains`.
    pub chained_fixups: bool,
    pub linux_cflags: Vec<String>,
    pub libs: Vec<Library>,
    pub link: Vec<String>,
    pub weak_link: Vec<String>,
    pub remove_after_build: Vec<String>,
    pub darwin_differs: Option<String>,
    pub darwin_stdout: Option<Vec<u8>>,
    pub darwin_stderr: Option<Vec<u8>>,
    pub darwin_exit: Option<ExitKind>,
    pub skip: Option<String>,
    pub timeout: Duration,
}

impl Test {
    /// Library sources this test depends on (relative to the suite dir).
    pub fn dependency_sources(&self) -> impl Iterator<Item = &str> {
        self.libs.iter().map(|l| l.source.as_str())
    }
}

/// Only read the header of a file: the sources the test needs, so the
/// harness can tell test programs from library sources before parsing fully.
pub fn library_sources(text: &str) -> Vec<String> {
    header_directives(text)
        .into_iter()
        .filter(|(k, _, _)| k == "dylib" || k == "plugin")
        .filter_map(|(_, v, _)| split_words(&v).ok()?.into_iter().next())
        .collect()
}

/// `(key, value, line number)` of every directive line in the header.
fn header_directives(text: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix("//") else {
            break;
        };
        let comment = comment.trim();
        let Some((key, value)) = comment.split_once(':') else {
            continue;
        };
        let is_key = !key.is_empty()
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if is_key {
            out.push((key.to_string(), value.trim().to_string(), i + 1));
        }
    }
    out
}

/// Parse the test at `path` (a `.c`/`.cc`/`.cpp` file in `suite_dir`).
pub fn parse(path: &Path, suite_dir: &Path) -> Result<Test, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("bad file name {}", path.display()))?
        .to_string();
    let lang = Lang::of(path).ok_or_else(|| format!("not a C/C++ source: {}", path.display()))?;
    let mut t = Test {
        name: name.clone(),
        path: path.to_path_buf(),
        lang,
        args: Vec::new(),
        stdin: None,
        env: Vec::new(),
        cflags: Vec::new(),
        darwin_cflags: Vec::new(),
        chained_fixups: false,
        linux_cflags: Vec::new(),
        libs: Vec::new(),
        link: Vec::new(),
        weak_link: Vec::new(),
        remove_after_build: Vec::new(),
        darwin_differs: None,
        darwin_stdout: None,
        darwin_stderr: None,
        darwin_exit: None,
        skip: None,
        timeout: DEFAULT_TIMEOUT,
    };
    let mut stdin_text: Option<Vec<u8>> = None;
    let mut stdin_file: Option<Vec<u8>> = None;

    for (key, value, line) in header_directives(&text) {
        let err = |msg: String| format!("{}:{line}: `{key}:` {msg}", path.display());
        let words = || split_words(&value).map_err(&err);
        match key.as_str() {
            "args" => t.args.extend(words()?),
            "stdin" => {
                let buf = stdin_text.get_or_insert_with(Vec::new);
                buf.extend(unescape(&value).map_err(&err)?);
                buf.push(b'\n');
            }
            "stdin-file" => {
                let p = suite_dir.join(&value);
                let data =
                    fs::read(&p).map_err(|e| err(format!("cannot read {}: {e}", p.display())))?;
                if stdin_file.replace(data).is_some() {
                    return Err(err("given twice".into()));
                }
            }
            "env" => {
                let (k, v) = value
                    .split_once('=')
                    .ok_or_else(|| err("expects KEY=VALUE".into()))?;
                t.env.push((k.trim().to_string(), v.to_string()));
            }
            "cflags" => t.cflags.extend(words()?),
            "darwin-cflags" => t.darwin_cflags.extend(words()?),
            "darwin-fixups" => match value.trim() {
                "chained" => t.chained_fixups = true,
                "classic" => t.chained_fixups = false,
                other => {
                    return Err(format!(
                        "darwin-fixups: expected chained or classic, got {other}"
                    ))
                }
            },
            "linux-cflags" => t.linux_cflags.extend(words()?),
            "dylib" | "plugin" => {
                let mut w = words()?.into_iter();
                let source = w
                    .next()
                    .ok_or_else(|| err("expects a source file".into()))?;
                let src_path = Path::new(&source);
                if Lang::of(src_path).is_none() {
                    return Err(err(format!("{source} is not a .c/.cc/.cpp file")));
                }
                if !suite_dir.join(src_path).is_file() {
                    return Err(err(format!("{source} does not exist")));
                }
                let stem = src_path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                if t.libs.iter().any(|l| l.stem == stem) {
                    return Err(err(format!("library {stem} listed twice")));
                }
                let kind = if key == "dylib" {
                    LibKind::Dylib
                } else {
                    LibKind::Plugin
                };
                t.libs.push(Library {
                    kind,
                    source,
                    stem,
                    flags: w.collect(),
                });
            }
            "link" => t.link.extend(words()?),
            "weak-link" => t.weak_link.extend(words()?),
            "remove-after-build" => t.remove_after_build.extend(words()?),
            "darwin-differs" => {
                if value.is_empty() {
                    return Err(err("needs a reason (cite the header or man page)".into()));
                }
                t.darwin_differs = Some(value.clone());
            }
            "darwin-exit" => t.darwin_exit = Some(parse_exit(&value).map_err(&err)?),
            "skip" => {
                t.skip = Some(if value.is_empty() {
                    "no reason given".into()
                } else {
                    value.clone()
                })
            }
            "timeout" => {
                let secs: f64 = value
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s > 0.0 && s.is_finite())
                    .ok_or_else(|| err("expects a positive number of seconds".into()))?;
                t.timeout = Duration::from_secs_f64(secs);
            }
            _ => {
                return Err(err(
                    "is not a known directive (see tests/conformance/README.md)".into(),
                ))
            }
        }
    }

    t.stdin = match (stdin_text, stdin_file) {
        (Some(_), Some(_)) => {
            return Err(format!(
                "{}: both `stdin:` and `stdin-file:` given",
                path.display()
            ))
        }
        (a, b) => a.or(b),
    };

    // Library names used by link/weak-link/remove-after-build must exist.
    let dylib_names: Vec<String> = t
        .libs
        .iter()
        .filter(|l| l.kind == LibKind::Dylib)
        .map(|l| l.stem.trim_start_matches("lib").to_string())
        .collect();
    for l in t.link.iter().chain(&t.weak_link) {
        if !dylib_names.contains(l) {
            return Err(format!(
                "{}: `link`/`weak-link` of `{l}` but no `// dylib: lib{l}.c` directive",
                path.display()
            ));
        }
    }
    if let Some(l) = t.link.iter().find(|l| t.weak_link.contains(l)) {
        return Err(format!(
            "{}: `{l}` is in both `link` and `weak-link`",
            path.display()
        ));
    }
    for r in &mut t.remove_after_build {
        let stem = r
            .trim_end_matches(".dylib")
            .trim_end_matches(".so")
            .to_string();
        if !t.libs.iter().any(|l| l.stem == stem) {
            return Err(format!(
                "{}: `remove-after-build: {r}` names no library built by this test",
                path.display()
            ));
        }
        *r = stem;
    }

    // macOS-specific expectations.
    let read_opt = |suffix: &str| -> Result<Option<Vec<u8>>, String> {
        let p = suite_dir.join(format!("{name}.{suffix}"));
        match fs::read(&p) {
            Ok(d) => Ok(Some(d)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", p.display())),
        }
    };
    t.darwin_stdout = read_opt("darwin.stdout")?;
    t.darwin_stderr = read_opt("darwin.stderr")?;
    let has_darwin_expectation =
        t.darwin_stdout.is_some() || t.darwin_stderr.is_some() || t.darwin_exit.is_some();
    if has_darwin_expectation && t.darwin_differs.is_none() {
        return Err(format!(
            "{}: macOS-specific expectations ({name}.darwin.* or `darwin-exit:`) need a `// darwin-differs: <reason>` directive",
            path.display()
        ));
    }
    if t.darwin_differs.is_some() && !has_darwin_expectation {
        return Err(format!(
            "{}: `darwin-differs:` but no {name}.darwin.stdout / {name}.darwin.stderr / `darwin-exit:`",
            path.display()
        ));
    }
    Ok(t)
}

fn parse_exit(value: &str) -> Result<ExitKind, String> {
    let v = value.trim();
    if let Some(sig) = v.strip_prefix("signal") {
        let sig = sig.trim();
        if let Ok(n) = sig.parse::<i32>() {
            return Ok(ExitKind::Signal(n));
        }
        return signal_number(sig)
            .map(ExitKind::Signal)
            .ok_or_else(|| format!("unknown signal `{sig}`"));
    }
    v.parse::<i32>()
        .map(ExitKind::Code)
        .map_err(|_| "expects an exit code N or `signal NAME`".to_string())
}

/// Linux signal numbers (the runtime runs on Linux, so that is what a
/// Mach-O program dying under Calvados reports).
const SIGNALS: &[(i32, &str)] = &[
    (1, "SIGHUP"),
    (2, "SIGINT"),
    (3, "SIGQUIT"),
    (4, "SIGILL"),
    (5, "SIGTRAP"),
    (6, "SIGABRT"),
    (7, "SIGBUS"),
    (8, "SIGFPE"),
    (9, "SIGKILL"),
    (10, "SIGUSR1"),
    (11, "SIGSEGV"),
    (12, "SIGUSR2"),
    (13, "SIGPIPE"),
    (14, "SIGALRM"),
    (15, "SIGTERM"),
    (24, "SIGXCPU"),
    (25, "SIGXFSZ"),
    (31, "SIGSYS"),
];

pub fn signal_number(name: &str) -> Option<i32> {
    let name = name.trim();
    let full = if name.starts_with("SIG") {
        name.to_string()
    } else {
        format!("SIG{name}")
    };
    SIGNALS.iter().find(|(_, n)| *n == full).map(|(s, _)| *s)
}

pub fn signal_name(sig: i32) -> &'static str {
    SIGNALS
        .iter()
        .find(|(s, _)| *s == sig)
        .map(|(_, n)| *n)
        .unwrap_or("?")
}

/// Split like a POSIX shell (without expansions): whitespace separates
/// words; `'…'` is literal; `"…"` allows `\"`, `\\`, `\$`, `` \` `` escapes;
/// outside quotes a backslash escapes the next character.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err("unterminated ' quote".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => cur.push(c),
                            Some(c) => {
                                cur.push('\\');
                                cur.push(c);
                            }
                            None => return Err("unterminated \" quote".into()),
                        },
                        Some(c) => cur.push(c),
                        None => return Err("unterminated \" quote".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => cur.push(c),
                    None => return Err("trailing backslash".into()),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// C-style escapes for `// stdin:` text: `\n`, `\t`, `\r`, `\0`, `\\`, `\xHH`.
fn unescape(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some('n') => out.push(b'\n'),
            Some('t') => out.push(b'\t'),
            Some('r') => out.push(b'\r'),
            Some('0') => out.push(0),
            Some('\\') => out.push(b'\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let b = u8::from_str_radix(&hex, 16).map_err(|_| format!("bad escape \\x{hex}"))?;
                out.push(b);
            }
            Some(c) => return Err(format!("unknown escape \\{c}")),
            None => return Err("trailing backslash".into()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(split_words(r#"a b "c d""#).unwrap(), vec!["a", "b", "c d"]);
        assert_eq!(
            split_words(r#"  'x  y'z \ q "a\"b" "#).unwrap(),
            vec!["x  yz", " q", "a\"b"]
        );
        assert_eq!(split_words(r#"-DX=\".so\""#).unwrap(), vec![r#"-DX=".so""#]);
        assert_eq!(split_words(r#""""#).unwrap(), vec![""]);
        assert!(split_words("'oops").is_err());
    }

    #[test]
    fn header() {
        let src =
            "// A test.\n// args: 1 2\n\n// Note: prose\n//cflags: -DX\nint main;\n// skip: no\n";
        let d = header_directives(src);
        let keys: Vec<_> = d.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["args", "cflags"]);
    }

    #[test]
    fn escapes() {
        assert_eq!(unescape(r"a\tb\\n\x41").unwrap(), b"a\tb\\nA");
    }

    #[test]
    fn full_header() {
        let dir = std::env::temp_dir().join(format!("conformance-parse-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("libw.c"), "int w;\n").unwrap();
        fs::write(dir.join("t.darwin.stdout"), "Darwin\n").unwrap();
        let src =
            "// Prose: ignored\n// args: a 'b c'\n// stdin: x\\ty\n// stdin:\n// env: K=v=w\n\
                   // dylib: libw.c -DX\n// weak-link: w\n// remove-after-build: libw.dylib\n\
                   // darwin-differs: man 3 uname\n// darwin-exit: 2\n// timeout: 1.5\nint main;\n";
        fs::write(dir.join("t.c"), src).unwrap();
        let t = parse(&dir.join("t.c"), &dir).unwrap();
        assert_eq!(t.args, vec!["a", "b c"]);
        assert_eq!(t.stdin.as_deref(), Some(&b"x\ty\n\n"[..]));
        assert_eq!(t.env, vec![("K".to_string(), "v=w".to_string())]);
        assert_eq!(t.libs.len(), 1);
        assert_eq!(
            (t.libs[0].stem.as_str(), t.libs[0].flags.clone()),
            ("libw", vec!["-DX".to_string()])
        );
        assert_eq!(t.remove_after_build, vec!["libw"]);
        assert_eq!(t.darwin_stdout.as_deref(), Some(&b"Darwin\n"[..]));
        assert_eq!(t.darwin_exit, Some(ExitKind::Code(2)));
        assert_eq!(t.timeout, Duration::from_millis(1500));
        assert_eq!(library_sources(src), vec!["libw.c"]);

        // Typos and unjustified macOS expectations are errors.
        fs::write(dir.join("u.c"), "// arg: x\n").unwrap();
        assert!(parse(&dir.join("u.c"), &dir)
            .unwrap_err()
            .contains("not a known directive"));
        fs::write(dir.join("v.c"), "// darwin-exit: 1\n").unwrap();
        assert!(parse(&dir.join("v.c"), &dir)
            .unwrap_err()
            .contains("darwin-differs"));
        fs::write(dir.join("w.c"), "// link: nothere\n").unwrap();
        assert!(parse(&dir.join("w.c"), &dir).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn exits() {
        assert_eq!(parse_exit("3").unwrap(), ExitKind::Code(3));
        assert_eq!(parse_exit("signal SIGABRT").unwrap(), ExitKind::Signal(6));
        assert_eq!(parse_exit("signal 11").unwrap(), ExitKind::Signal(11));
        assert_eq!(parse_exit("signal SEGV").unwrap(), ExitKind::Signal(11));
    }
}
