//! `calvados binfmt`: let the Linux kernel run Mach-O files directly, by
//! registering Calvados with `binfmt_misc`.
//!
//! The interpreter is Calvados under a dedicated name, the symlink
//! `calvados-binfmt` next to the binary, so `main` knows the kernel started
//! it. Flags `P` (the kernel passes `INTERP FILE ARGV0 ARGS...`, keeping the
//! caller's `argv[0]`) and `F` (the kernel opens the interpreter once, at
//! registration, so it also works inside other mount namespaces and roots).
//!
//! Two entries:
//! - `calvados-macho`: thin 64-bit Mach-O for x86_64 — `cf fa ed fe` then
//!   the cputype `CPU_TYPE_X86_64` (`0x01000007`, little-endian);
//! - `calvados-macho-fat`: universal binaries, `ca fe ba be` then a big-endian
//!   `nfat_arch` below 8. Java class files share the `cafebabe` magic, but
//!   their next word is `minor_version:major_version` with major ≥ 45
//!   (`0x2d`), so the mask `ff ff ff f8` on that word never matches one.
//!   A universal binary without an x86_64 slice is then refused by Calvados
//!   with a message naming its architectures.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Usage lines for `calvados --help` and `calvados binfmt --help`.
pub const USAGE: &str = "    calvados binfmt install|remove|status
                                       (un)register Calvados with the kernel's
                                       binfmt_misc, so Mach-O files run directly
";

const HELP_DETAILS: &str = "
install and remove need root; install mounts binfmt_misc on
/proc/sys/fs/binfmt_misc when needed and creates the interpreter symlink
`calvados-binfmt` next to calvados. Registered: x86_64 thin Mach-O, and
universal (fat) Mach-O with fewer than 8 slices (never Java class files).
";

/// The name Calvados is started under by the kernel.
pub const BINFMT_NAME: &str = "calvados-binfmt";

const MISC: &str = "/proc/sys/fs/binfmt_misc";

/// `(entry name, magic, mask)` in binfmt_misc's `\xNN` notation.
const ENTRIES: &[(&str, &str, &str)] = &[
    (
        "calvados-macho",
        r"\xcf\xfa\xed\xfe\x07\x00\x00\x01",
        r"\xff\xff\xff\xff\xff\xff\xff\xff",
    ),
    (
        "calvados-macho-fat",
        r"\xca\xfe\xba\xbe\x00\x00\x00\x00",
        r"\xff\xff\xff\xff\xff\xff\xff\xf8",
    ),
];

/// True when the kernel's binfmt_misc started us (`argv[0]`'s file name).
pub fn started_by_binfmt(argv0: &std::ffi::OsStr) -> bool {
    Path::new(argv0)
        .file_name()
        .is_some_and(|n| n.as_bytes() == BINFMT_NAME.as_bytes())
}

/// Runs the Mach-O file the kernel gave: `argv` is
/// `INTERP FILE ARGV0 ARGS...` (flag `P`).
pub fn interpret(argv: &[OsString]) -> ExitCode {
    if argv.len() < 3 {
        eprintln!(
            "calvados: {BINFMT_NAME} is started by the kernel's binfmt_misc (INTERP FILE ARGV0 ARGS...); use `calvados run` by hand"
        );
        return ExitCode::from(2);
    }
    let mut args: Vec<OsString> = vec!["--argv0".into(), argv[2].clone(), "--".into()];
    args.push(argv[1].clone());
    args.extend(argv[3..].iter().cloned());
    super::run(&args)
}

/// Entry point for `calvados binfmt ARGS...`.
pub fn main(args: &[String]) -> ExitCode {
    let r = match args.first().map(String::as_str) {
        Some("-h" | "--help") => {
            print!("USAGE:\n{USAGE}{HELP_DETAILS}");
            return ExitCode::SUCCESS;
        }
        Some("install") if args.len() == 1 => need_root("install").and_then(|()| install()),
        Some("remove") if args.len() == 1 => need_root("remove").and_then(|()| remove()),
        Some("status") if args.len() == 1 => status(),
        _ => {
            eprintln!("calvados: binfmt: usage: calvados binfmt install|remove|status");
            return ExitCode::from(2);
        }
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("calvados: binfmt: {e}");
            ExitCode::FAILURE
        }
    }
}

fn need_root(what: &str) -> Result<(), String> {
    // SAFETY: plain identity query.
    if unsafe { libc::geteuid() } != 0 {
        return Err(format!(
            "{what} must be run as root (binfmt_misc registrations are system-wide)"
        ));
    }
    Ok(())
}

fn mounted() -> bool {
    Path::new(MISC).join("register").exists()
}

/// Mounts binfmt_misc when it is not.
fn ensure_mounted() -> Result<(), String> {
    if mounted() {
        return Ok(());
    }
    // SAFETY: constant C strings; no data argument.
    let r = unsafe {
        libc::mount(
            c"binfmt_misc".as_ptr(),
            c"/proc/sys/fs/binfmt_misc".as_ptr(),
            c"binfmt_misc".as_ptr(),
            0,
            core::ptr::null(),
        )
    };
    if r != 0 {
        return Err(format!(
            "cannot mount binfmt_misc on {MISC}: {} (is the binfmt_misc module available?)",
            std::io::Error::last_os_error()
        ));
    }
    Ok(())
}

/// The interpreter symlink next to the calvados binary.
fn interpreter() -> Result<(PathBuf, PathBuf), String> {
    let exe = std::fs::read_link("/proc/self/exe")
        .map_err(|e| format!("cannot find the calvados binary: {e}"))?;
    let dir = exe.parent().ok_or("calvados has no directory")?;
    Ok((exe.clone(), dir.join(BINFMT_NAME)))
}

fn unregister() -> Result<(), String> {
    for (name, _, _) in ENTRIES {
        let entry = Path::new(MISC).join(name);
        if entry.exists() {
            std::fs::write(&entry, "-1")
                .map_err(|e| format!("cannot unregister {}: {e}", entry.display()))?;
        }
    }
    Ok(())
}

fn install() -> Result<(), String> {
    ensure_mounted()?;
    let (exe, link) = interpreter()?;
    if link.as_os_str().as_bytes().contains(&b':') {
        return Err(format!(
            "{}: binfmt_misc cannot register a path with ':'",
            link.display()
        ));
    }
    if link.symlink_metadata().is_ok() {
        std::fs::remove_file(&link).map_err(|e| format!("{}: {e}", link.display()))?;
    }
    let target = exe.file_name().ok_or("calvados has no file name")?;
    std::os::unix::fs::symlink(target, &link).map_err(|e| format!("{}: {e}", link.display()))?;
    unregister()?;
    for (name, magic, mask) in ENTRIES {
        let rule = format!(":{name}:M:0:{magic}:{mask}:{}:PF", link.display());
        std::fs::write(Path::new(MISC).join("register"), rule)
            .map_err(|e| format!("cannot register {name}: {e}"))?;
    }
    println!(
        "registered x86_64 Mach-O (thin and universal) with binfmt_misc; interpreter {}",
        link.display()
    );
    Ok(())
}

fn remove() -> Result<(), String> {
    if mounted() {
        unregister()?;
    }
    if let Ok((exe, link)) = interpreter() {
        let ours = std::fs::read_link(&link).is_ok_and(|t| Some(t.as_os_str()) == exe.file_name());
        if ours {
            let _ = std::fs::remove_file(&link);
        }
    }
    println!("Mach-O files are no longer registered with binfmt_misc");
    Ok(())
}

fn status() -> Result<(), String> {
    if !mounted() {
        println!("binfmt_misc is not mounted on {MISC}: Mach-O files are not registered");
        return Ok(());
    }
    let mut any = false;
    for (name, _, _) in ENTRIES {
        let entry = Path::new(MISC).join(name);
        match std::fs::read_to_string(&entry) {
            Ok(text) => {
                any = true;
                println!("{name}:");
                for line in text.lines() {
                    println!("    {line}");
                }
            }
            Err(_) => println!("{name}: not registered"),
        }
    }
    if !any {
        println!("(register with `calvados binfmt install` as root)");
    }
    Ok(())
}
