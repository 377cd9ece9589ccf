//! Compiling a test twice with zig — once for Linux (the native twin), once
//! for macOS (the Mach-O run under Calvados) — with a content-addressed cache.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::directives::{Lang, Test};

/// Bump when the way commands are built changes, to invalidate old caches.
const RECIPE_VERSION: &str = "calvados-conformance recipe 1";

/// Optimisation/debug flags every compilation gets.
pub const BASE_FLAGS: &[&str] = &["-O1", "-g0"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Linux,
    Darwin,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Linux, Side::Darwin];

    pub fn dir_name(self) -> &'static str {
        match self {
            Side::Linux => "linux",
            Side::Darwin => "darwin",
        }
    }
    pub fn target(self) -> &'static str {
        match self {
            Side::Linux => "x86_64-linux-gnu",
            Side::Darwin => "x86_64-macos",
        }
    }
    pub fn lib_ext(self) -> &'static str {
        match self {
            Side::Linux => ".so",
            Side::Darwin => ".dylib",
        }
    }
    /// Run-path pointing at the directory of the image itself.
    fn rpath_flag(self) -> &'static str {
        match self {
            Side::Linux => "-Wl,-rpath,$ORIGIN",
            Side::Darwin => "-Wl,-rpath,@loader_path",
        }
    }
    /// Prefix for dlopen paths relative to the main executable's directory.
    fn plugin_dir(self) -> &'static str {
        match self {
            Side::Linux => "$ORIGIN/",
            Side::Darwin => "@executable_path/",
        }
    }
}

/// How to invoke the compilers, plus a fingerprint of their version.
pub struct Toolchain {
    pub cc: PathBuf,
    pub cxx: PathBuf,
    pub fingerprint: String,
}

impl Toolchain {
    pub fn new(cc: PathBuf, cxx: PathBuf) -> Result<Toolchain, String> {
        let mut fingerprint = String::from(RECIPE_VERSION);
        for p in [&cc, &cxx] {
            // Wrapper scripts: their text decides which zig runs.
            fingerprint.push_str(&fs::read_to_string(p).unwrap_or_default());
        }
        let out = Command::new(&cc)
            .arg("--version")
            .output()
            .map_err(|e| format!("cannot run {}: {e} (run scripts/setup.sh)", cc.display()))?;
        if !out.status.success() {
            return Err(format!(
                "{} --version failed: {}",
                cc.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        fingerprint.push_str(&String::from_utf8_lossy(&out.stdout));
        // The zig version itself (the clang version does not change with
        // every zig release).
        if let Ok(out) = Command::new("python3")
            .args(["-m", "ziglang", "version"])
            .output()
        {
            fingerprint.push_str(&String::from_utf8_lossy(&out.stdout));
        }
        Ok(Toolchain {
            cc,
            cxx,
            fingerprint,
        })
    }

    fn compiler(&self, lang: Lang) -> &Path {
        match lang {
            Lang::C => &self.cc,
            Lang::Cxx => &self.cxx,
        }
    }
}

/// The outputs of a successful build.
pub struct Built {
    pub dir: PathBuf,
    pub cached: bool,
    pub elapsed: Duration,
}

impl Built {
    pub fn exe(&self, test: &Test, side: Side) -> PathBuf {
        self.dir.join(side.dir_name()).join(&test.name)
    }
}

/// One compiler invocation.
struct Step {
    lang: Lang,
    /// Link with `scripts/zig-cc-chained` (chained fixups).
    chained: bool,
    args: Vec<String>,
}

/// The full recipe for a test on one side: libraries first, then the program.
fn recipe(test: &Test, side: Side, out: &Path) -> Vec<Step> {
    let suite = test.path.parent().unwrap_or(Path::new("."));
    let out_s = out.display().to_string();
    let side_flags = match side {
        Side::Linux => &test.linux_cflags,
        Side::Darwin => &test.darwin_cflags,
    };
    let common = |args: &mut Vec<String>| {
        args.extend(["-target".to_string(), side.target().to_string()]);
        args.extend(BASE_FLAGS.iter().map(|s| s.to_string()));
    };
    let mut steps = Vec::new();
    for lib in &test.libs {
        let mut args = Vec::new();
        common(&mut args);
        args.push("-shared".into());
        if side == Side::Linux {
            args.push("-fPIC".into());
        }
        let file = format!("{}{}", lib.stem, side.lib_ext());
        // The name the main program records for the library (LC_LOAD_DYLIB /
        // DT_NEEDED), independent of where it was built.
        match side {
            Side::Darwin => args.push(format!("-Wl,-install_name,@rpath/{file}")),
            Side::Linux => args.push(format!("-Wl,-soname,{file}")),
        }
        args.push(suite.join(&lib.source).display().to_string());
        args.extend(["-o".to_string(), format!("{out_s}/{file}")]);
        args.extend(test.cflags.iter().cloned());
        args.extend(side_flags.iter().cloned());
        // Libraries may link against libraries listed before them.
        args.extend([format!("-L{out_s}"), side.rpath_flag().to_string()]);
        args.extend(lib.flags.iter().cloned());
        steps.push(Step {
            lang: Lang::of(Path::new(&lib.source)).unwrap_or(Lang::C),
            chained: false,
            args,
        });
    }

    let mut args = Vec::new();
    common(&mut args);
    args.push(test.path.display().to_string());
    args.extend(["-o".to_string(), format!("{out_s}/{}", test.name)]);
    args.extend(test.cflags.iter().cloned());
    args.extend(side_flags.iter().cloned());
    args.push(format!("-DPLUGIN_EXT=\"{}\"", side.lib_ext()));
    args.push(format!("-DPLUGIN_DIR=\"{}\"", side.plugin_dir()));
    if !test.libs.is_empty() {
        args.extend([format!("-L{out_s}"), side.rpath_flag().to_string()]);
    }
    for l in &test.link {
        args.push(format!("-l{l}"));
    }
    for l in &test.weak_link {
        match side {
            // LC_LOAD_WEAK_DYLIB: dyld tolerates the library being absent.
            Side::Darwin => args.push(format!("-weak-l{l}")),
            // ELF has no weak DT_NEEDED: if the library will be gone at run
            // time, don't link it at all, so the program's weak undefined
            // references resolve to NULL just as they do under dyld.
            Side::Linux => {
                if !test.remove_after_build.contains(&format!("lib{l}")) {
                    // zig links with --as-needed, under which weak
                    // references alone don't keep the DT_NEEDED entry.
                    args.extend([
                        "-Wl,--no-as-needed".to_string(),
                        format!("-l{l}"),
                        "-Wl,--as-needed".to_string(),
                    ]);
                }
            }
        }
    }
    steps.push(Step {
        lang: test.lang,
        chained: side == Side::Darwin && test.chained_fixups,
        args,
    });
    steps
}

/// A stable 128-bit FNV-1a (std's hashers are not stable across releases).
struct Fnv128(u128);

impl Fnv128 {
    fn new() -> Self {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u128;
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }
    /// Length-prefixed, so that concatenations cannot collide.
    fn field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }
}

/// Cache key: sources (test, libraries, every header in the suite dir),
/// the exact recipe (which covers all flags) and the toolchain fingerprint.
pub fn cache_key(test: &Test, tc: &Toolchain) -> Result<String, String> {
    let suite = test.path.parent().unwrap_or(Path::new("."));
    let mut h = Fnv128::new();
    h.field(tc.fingerprint.as_bytes());
    let read = |p: &Path| fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    h.field(&read(&test.path)?);
    for src in test.dependency_sources() {
        h.field(src.as_bytes());
        h.field(&read(&suite.join(src))?);
    }
    let mut headers: Vec<PathBuf> = fs::read_dir(suite)
        .map_err(|e| format!("cannot list {}: {e}", suite.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("h" | "hh" | "hpp" | "inc")
            )
        })
        .collect();
    headers.sort();
    for p in headers {
        h.field(p.file_name().unwrap_or_default().as_encoded_bytes());
        h.field(&read(&p)?);
    }
    // The recipe with a placeholder output dir describes every flag.
    for side in Side::BOTH {
        for step in recipe(test, side, Path::new("@OUT@")) {
            h.field(&[step.lang as u8, step.chained as u8]);
            for a in step.args {
                h.field(
                    a.replace(&suite.display().to_string(), "@SUITE@")
                        .as_bytes(),
                );
            }
        }
    }
    for r in &test.remove_after_build {
        h.field(r.as_bytes());
    }
    Ok(format!("{:032x}", h.0))
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Build `test` (both sides), or reuse the cached result.
pub fn build(
    test: &Test,
    tc: &Toolchain,
    cache_root: &Path,
    verbose: bool,
) -> Result<Built, String> {
    let start = Instant::now();
    let key = cache_key(test, tc)?;
    let dir = cache_root.join(&key);
    if dir.join("ok").is_file() {
        return Ok(Built {
            dir,
            cached: true,
            elapsed: start.elapsed(),
        });
    }
    fs::create_dir_all(cache_root)
        .map_err(|e| format!("cannot create {}: {e}", cache_root.display()))?;
    let tmp = cache_root.join(format!(
        "{key}.tmp-{}-{}",
        std::process::id(),
        TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&tmp);
    let result = build_into(test, tc, &tmp, &dir, verbose);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    // Publish atomically; if another process won the race, use its copy.
    if fs::rename(&tmp, &dir).is_err() {
        let _ = fs::remove_dir_all(&tmp);
        if !dir.join("ok").is_file() {
            return Err(format!("cannot move build into {}", dir.display()));
        }
    }
    Ok(Built {
        dir,
        cached: false,
        elapsed: start.elapsed(),
    })
}

fn build_into(
    test: &Test,
    tc: &Toolchain,
    tmp: &Path,
    final_dir: &Path,
    verbose: bool,
) -> Result<(), String> {
    let mut log = String::new();
    for side in Side::BOTH {
        // Nothing in the outputs depends on their directory (@rpath /
        // @loader_path / $ORIGIN / sonames), so building in a temporary
        // directory and renaming it into the cache is fine.
        let out = tmp.join(side.dir_name());
        fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        for step in recipe(test, side, &out) {
            let chained_cc = tc.cc.with_file_name("zig-cc-chained");
            let compiler = if step.chained {
                chained_cc.as_path()
            } else {
                tc.compiler(step.lang)
            };
            let cmdline = format!("{} {}", compiler.display(), shell_join(&step.args));
            log.push_str(&cmdline);
            log.push('\n');
            if verbose {
                eprintln!("  [{}] {cmdline}", test.name);
            }
            let output = Command::new(compiler)
                .args(&step.args)
                .output()
                .map_err(|e| format!("cannot run {}: {e}", compiler.display()))?;
            if !output.status.success() {
                let mut msg = String::from_utf8_lossy(&output.stderr).into_owned();
                msg.push_str(&String::from_utf8_lossy(&output.stdout));
                return Err(format!(
                    "compile error ({}):\n$ {cmdline}\n{}",
                    side.dir_name(),
                    msg.trim_end()
                ));
            }
        }
        for r in &test.remove_after_build {
            let p = out.join(format!("{r}{}", side.lib_ext()));
            fs::remove_file(&p)
                .map_err(|e| format!("remove-after-build: cannot remove {}: {e}", p.display()))?;
            log.push_str(&format!("rm {}\n", p.display()));
        }
    }
    // Record the commands with the paths the outputs end up at.
    let log = log.replace(&tmp.display().to_string(), &final_dir.display().to_string());
    fs::write(tmp.join("commands.txt"), log).map_err(|e| e.to_string())?;
    fs::write(tmp.join("ok"), test.name.as_bytes()).map_err(|e| e.to_string())?;
    Ok(())
}

/// Quote for display (copy-pasteable into a shell).
pub fn shell_join<S: AsRef<str>>(args: &[S]) -> String {
    args.iter()
        .map(|a| {
            let a = a.as_ref();
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=,+:@%".contains(c))
            {
                a.to_string()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
