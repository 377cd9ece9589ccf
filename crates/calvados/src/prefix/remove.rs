//! `calvados prefix remove`: delete a prefix, never anything outside it.

use super::fsutil;
use super::{check_owner, Failure, Marker, Opts, Res, MARKER};
use std::io::{BufRead, IsTerminal, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn main(args: &[String]) -> Res<ExitCode> {
    let o = Opts::parse("remove", args, &[], &["--yes", "-y", "--help", "-h"])?;
    if o.flag("--help") || o.flag("-h") {
        print!("USAGE:\n{}", super::USAGE);
        return Ok(ExitCode::SUCCESS);
    }
    let err = |m: String| Failure::new(format!("remove: {m}"));
    let given = o.prefix_dir("remove")?;
    // The prefix itself, not what a symlink at its path points to.
    let meta = std::fs::symlink_metadata(&given).map_err(|e| err(fsutil::ctx(&given, &e)))?;
    if meta.file_type().is_symlink() {
        let to = std::fs::read_link(&given).unwrap_or_default();
        return Err(err(format!(
            "{} is a symlink (to {}); give the prefix's own path",
            given.display(),
            to.display()
        )));
    }
    if !meta.is_dir() {
        return Err(err(format!(
            "{} is not a Calvados prefix (not a directory)",
            given.display()
        )));
    }
    let dir = std::fs::canonicalize(&given).map_err(|e| err(fsutil::ctx(&given, &e)))?;
    // Any marker that says it is a prefix will do, even a damaged or newer
    // one: removing is how such a prefix is dealt with.
    let marker_text = match std::fs::read(dir.join(MARKER)) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(err(format!(
                "{} is not a Calvados prefix (no {MARKER}); nothing removed",
                dir.display()
            )));
        }
        Err(e) => return Err(err(fsutil::ctx(&dir.join(MARKER), &e))),
    };
    if !marker_text.starts_with("calvados-prefix") {
        return Err(err(format!(
            "{} is not a Calvados prefix ({MARKER} does not start with 'calvados-prefix'); nothing removed",
            dir.display()
        )));
    }
    check_owner(&dir).map_err(|f| err(f.msg))?;
    let mounts = fsutil::mounts_under(&dir);
    if let Some(m) = mounts.first() {
        return Err(err(format!(
            "{} is mounted inside the prefix (a calvados shell is running?); leave the shell first",
            m.display()
        )));
    }
    // A `--nix` host directory is only ever mounted on nix/; should it be
    // reachable some other way (a bind the mount table does not show
    // under this path), it is still never entered.
    let nix_host = Marker::parse(&marker_text)
        .ok()
        .and_then(|m| m.nix().map(PathBuf::from))
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| (m.dev(), m.ino()));
    let usage = fsutil::usage(&dir, &[]);
    let mib = usage.bytes as f64 / (1024.0 * 1024.0);
    if !(o.flag("--yes") || o.flag("-y")) {
        if !std::io::stdin().is_terminal() {
            return Err(Failure::usage(format!(
                "remove: not asking without a terminal; to remove {} pass --yes",
                dir.display()
            )));
        }
        eprint!(
            "Remove the prefix at {} ({} files, {mib:.1} MiB)? [y/N] ",
            dir.display(),
            usage.files
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES") {
            println!("Nothing removed.");
            return Ok(ExitCode::from(1));
        }
    }
    delete_tree(&dir, nix_host).map_err(|m| {
        err(format!(
            "stopped removing {}: {m} (run remove again to finish)",
            dir.display()
        ))
    })?;
    println!(
        "Removed the prefix at {} ({} files, {mib:.1} MiB).",
        dir.display(),
        usage.files
    );
    Ok(ExitCode::SUCCESS)
}

/// Deletes `root` and everything in it: symlinks are removed, never
/// followed; a directory on another file system (a mount) or the `skip`
/// directory (dev, ino) stops the removal. The marker goes last, so an
/// interrupted removal can be run again.
pub fn delete_tree(root: &Path, skip: Option<(u64, u64)>) -> Result<(), String> {
    let top = std::fs::symlink_metadata(root).map_err(|e| fsutil::ctx(root, &e))?;
    let dev = top.dev();
    empty_dir(root, dev, skip, true)?;
    let marker = root.join(MARKER);
    match std::fs::remove_file(&marker) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fsutil::ctx(&marker, &e)),
    }
    std::fs::remove_dir(root).map_err(|e| fsutil::ctx(root, &e))
}

fn empty_dir(dir: &Path, dev: u64, skip: Option<(u64, u64)>, top: bool) -> Result<(), String> {
    // A read-only directory of ours (a copied 0555 tree) is made writable
    // so its entries can go.
    if let Ok(m) = std::fs::symlink_metadata(dir) {
        if m.mode() & 0o700 != 0o700 {
            let _ = std::fs::set_permissions(
                dir,
                std::fs::Permissions::from_mode(m.mode() & 0o7777 | 0o700),
            );
        }
    }
    let rd = std::fs::read_dir(dir).map_err(|e| fsutil::ctx(dir, &e))?;
    for e in rd {
        let e = e.map_err(|e| fsutil::ctx(dir, &e))?;
        let p = e.path();
        if top && e.file_name() == MARKER {
            continue;
        }
        let m = std::fs::symlink_metadata(&p).map_err(|e| fsutil::ctx(&p, &e))?;
        if m.is_dir() {
            if m.dev() != dev {
                return Err(format!(
                    "{} is another file system (a mount point)",
                    p.display()
                ));
            }
            if skip == Some((m.dev(), m.ino())) {
                return Err(format!("{} is the --nix host directory", p.display()));
            }
            empty_dir(&p, dev, skip, false)?;
            std::fs::remove_dir(&p).map_err(|e| fsutil::ctx(&p, &e))?;
        } else {
            std::fs::remove_file(&p).map_err(|e| fsutil::ctx(&p, &e))?;
        }
    }
    Ok(())
}
