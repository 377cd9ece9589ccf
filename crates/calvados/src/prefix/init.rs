//! `calvados prefix init`: create a prefix, or bring an existing one up to
//! date without touching what belongs to its user.

use super::fsutil::{self, HostUser};
use super::layout;
use super::{check_owner, examine, install_sources, Failure, Found, Marker, Opts, Res, MARKER};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

pub fn main(args: &[String]) -> Res<ExitCode> {
    let o = Opts::parse("init", args, &["--nix"], &["--help", "-h"])?;
    if o.flag("--help") || o.flag("-h") {
        print!("USAGE:\n{}", super::USAGE);
        return Ok(ExitCode::SUCCESS);
    }
    let mut dir = o.prefix_dir("init")?;
    let nix = match o.value("--nix") {
        None => None,
        Some(n) => Some(check_nix(n)?),
    };
    // A prefix reached through a symlink (~/.calvados -> /data/mac) is
    // created or upgraded where the link points.
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        dir = std::fs::canonicalize(&dir).map_err(|e| {
            Failure::new(format!(
                "init: {} is a symlink that does not lead to a directory ({})",
                dir.display(),
                fsutil::why(&e)
            ))
        })?;
    }
    let user = HostUser::current();
    fsutil::catch_interrupts();
    let start = Instant::now();
    let found = examine(&dir).map_err(|f| Failure::new(format!("init: {}", f.msg)))?;
    match found {
        Found::Missing | Found::Empty => create(&dir, nix.as_deref(), &user, start),
        Found::Prefix(m) => {
            check_owner(&dir).map_err(|f| Failure::new(format!("init: {}", f.msg)))?;
            upgrade(&dir, m, nix.as_deref(), &user, start)
        }
    }
}

/// `--nix HOSTDIR`: an absolute path to an existing directory.
fn check_nix(n: &str) -> Res<String> {
    let p = Path::new(n);
    if !p.is_absolute() {
        return Err(Failure::usage(format!(
            "init: --nix needs an absolute path, not '{n}'"
        )));
    }
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => Ok(p
            .components()
            .collect::<PathBuf>()
            .to_string_lossy()
            .into_owned()),
        Ok(_) => Err(Failure::new(format!("init: --nix {n}: not a directory"))),
        Err(e) => Err(Failure::new(format!("init: --nix {}", fsutil::ctx(p, &e)))),
    }
}

/// Builds a new prefix in a temporary sibling and renames it into place.
fn create(dir: &Path, nix: Option<&str>, user: &HostUser, start: Instant) -> Res<ExitCode> {
    let fail = |why: String| {
        Failure::new(format!(
            "init: cannot create the prefix at {}: {why}",
            dir.display()
        ))
    };
    let parent = dir
        .parent()
        .ok_or_else(|| fail("it has no parent directory".into()))?;
    let name = dir
        .file_name()
        .ok_or_else(|| fail("it has no name".into()))?
        .to_string_lossy()
        .into_owned();
    // Missing ancestors are created, and removed again on failure.
    let mut made = Vec::new();
    let mut a = parent.to_path_buf();
    while std::fs::symlink_metadata(&a).is_err() {
        made.push(a.clone());
        if !a.pop() {
            break;
        }
    }
    let undo_parents = |made: &[PathBuf]| {
        for p in made {
            let _ = std::fs::remove_dir(p);
        }
    };
    if let Some(top) = made.last() {
        let base = top.parent().unwrap_or(Path::new("/"));
        if !fsutil::writable(base) {
            return Err(fail(format!("{} is not writable", base.display())));
        }
        if let Err(e) = std::fs::create_dir_all(parent) {
            undo_parents(&made);
            return Err(fail(fsutil::ctx(parent, &e)));
        }
    }
    if !fsutil::writable(parent) {
        undo_parents(&made);
        return Err(fail(format!("{} is not writable", parent.display())));
    }
    remove_stale_builds(parent, &name);
    let tmp = parent.join(format!(".{name}.calvados-init-{}", std::process::id()));
    let built = (|| -> Result<Installer<'_>, String> {
        fsutil::mkdir_mode(&tmp, 0o755)?;
        let mut ins = Installer::new(&tmp, user);
        ins.populate(Marker::new(nix))?;
        fsutil::check_interrupt()?;
        std::fs::rename(&tmp, dir).map_err(|e| fsutil::ctx(dir, &e))?;
        Ok(ins)
    })();
    let ins = match built {
        Ok(i) => i,
        Err(why) => {
            let _ = remove_tree(&tmp);
            undo_parents(&made);
            let mut f = fail(format!("{why} (nothing was left behind)"));
            if fsutil::check_interrupt().is_err() {
                f.code = 130;
            }
            return Err(f);
        }
    };
    println!(
        "Created the prefix at {} (macOS {} {}, layout {}) in {:.2} s: {} files from the runtime tree.",
        dir.display(),
        layout::PRODUCT_VERSION,
        layout::PRODUCT_BUILD,
        super::LAYOUT_VERSION,
        start.elapsed().as_secs_f64(),
        ins.copied,
    );
    ins.report_pieces(dir);
    Ok(ExitCode::SUCCESS)
}

/// Removes builds of `name` left by an init that was killed (its process
/// is gone).
fn remove_stale_builds(parent: &Path, name: &str) {
    let lead = format!(".{name}.calvados-init-");
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    for e in rd.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = n.strip_prefix(&lead).and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = remove_tree(&e.path());
        }
    }
}

/// Deletes a tree we built (no symlink is followed).
fn remove_tree(p: &Path) -> std::io::Result<()> {
    super::remove::delete_tree(p, None).map_err(std::io::Error::other)
}

fn upgrade(
    dir: &Path,
    mut marker: Marker,
    nix: Option<&str>,
    user: &HostUser,
    start: Instant,
) -> Res<ExitCode> {
    if !fsutil::writable(dir) {
        return Err(Failure::new(format!(
            "init: the prefix at {} is not writable",
            dir.display()
        )));
    }
    let old_version = marker.version;
    marker.version = super::LAYOUT_VERSION;
    if let Some(n) = nix {
        let own_store = std::fs::read_dir(dir.join("nix")).is_ok_and(|mut r| r.next().is_some());
        if own_store && marker.nix().is_none() {
            eprintln!(
                "calvados: prefix: init: warning: {}/nix is not empty; the shell mounts {n} over it, hiding it",
                dir.display()
            );
        }
        marker.set("nix", n);
    }
    let mut ins = Installer::new(dir, user);
    if let Err(why) = ins.populate(marker) {
        return Err(Failure::new(format!(
            "init: upgrading {} stopped: {why}; {} change(s) were made, each complete; run init again",
            dir.display(),
            ins.changes.len()
        )));
    }
    if ins.changes.is_empty() {
        println!(
            "The prefix at {} is up to date (layout {}, macOS {}); nothing changed.",
            dir.display(),
            super::LAYOUT_VERSION,
            layout::PRODUCT_VERSION
        );
    } else {
        let from = if old_version < super::LAYOUT_VERSION {
            format!(" from layout {old_version}")
        } else {
            String::new()
        };
        println!(
            "Upgraded the prefix at {}{from} in {:.2} s: {} change(s).",
            dir.display(),
            start.elapsed().as_secs_f64(),
            ins.changes.len()
        );
        for c in ins.changes.iter().take(20) {
            println!("  {c}");
        }
        if ins.changes.len() > 20 {
            println!("  ... and {} more", ins.changes.len() - 20);
        }
    }
    ins.report_pieces(dir);
    Ok(ExitCode::SUCCESS)
}

/// Lays a prefix out in `root`, changing only what differs.
struct Installer<'a> {
    root: PathBuf,
    user: &'a HostUser,
    /// What changed, one line each ("added usr/lib/libz.1.dylib").
    changes: Vec<String>,
    /// Runtime files (and symlinks) installed from the build tree.
    copied: u64,
    warnings: Vec<String>,
    has_tools: bool,
}

impl<'a> Installer<'a> {
    fn new(root: &Path, user: &'a HostUser) -> Installer<'a> {
        Installer {
            root: root.to_path_buf(),
            user,
            changes: Vec::new(),
            copied: 0,
            warnings: Vec::new(),
            has_tools: false,
        }
    }

    fn note(&mut self, what: &str, rel: &str) {
        self.changes.push(format!("{what} {rel}"));
    }

    fn populate(&mut self, marker: Marker) -> Result<(), String> {
        for &(rel, mode) in layout::DIRS {
            self.ensure_dir(rel, mode)?;
        }
        for &(rel, target) in layout::LINKS {
            self.ensure_link(rel, target)?;
        }
        let (runtime, tools) = install_sources();
        self.has_tools = tools.is_some();
        let skip: Vec<&str> = if tools.is_some() {
            layout::TOOL_LINKS
                .iter()
                .map(|(p, _)| *p)
                .chain([layout::TOOLS])
                .collect()
        } else {
            Vec::new()
        };
        if let Some(rt) = runtime {
            self.copy_tree(&rt, &skip)?;
        }
        if let Some(t) = tools {
            let meta = std::fs::metadata(&t).map_err(|e| fsutil::ctx(&t, &e))?;
            self.ensure_copy(&t, &meta, layout::TOOLS)?;
            for &(rel, target) in layout::TOOL_LINKS {
                self.ensure_link(rel, target)?;
            }
        }
        self.ensure_file(
            "System/Library/CoreServices/SystemVersion.plist",
            layout::system_version_plist().as_bytes(),
            0o644,
            true,
        )?;
        self.ensure_file(
            "private/etc/shells",
            layout::SHELLS.as_bytes(),
            0o644,
            false,
        )?;
        self.accounts()?;
        if self.user.uid != 0 && self.user_line().is_some() {
            self.ensure_dir(&format!("Users/{}", self.user.name), 0o755)?;
        }
        fsutil::check_interrupt()?;
        // The marker last: a prefix is complete once it has one.
        self.ensure_file(MARKER, marker.render().as_bytes(), 0o644, true)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn ensure_dir(&mut self, rel: &str, mode: u32) -> Result<(), String> {
        let p = self.path(rel);
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => Ok(()),
            Ok(_) => Err(format!("{} exists and is not a directory", p.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if std::fs::symlink_metadata(&p).is_ok() {
                    self.warnings
                        .push(format!("left {rel} alone: it is a symlink to nowhere"));
                    return Ok(());
                }
                fsutil::mkdir_mode(&p, mode)?;
                self.note("created", &format!("{rel}/"));
                Ok(())
            }
            Err(e) => Err(fsutil::ctx(&p, &e)),
        }
    }

    fn ensure_link(&mut self, rel: &str, target: &str) -> Result<(), String> {
        let p = self.path(rel);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let cur = std::fs::read_link(&p).map_err(|e| fsutil::ctx(&p, &e))?;
                if cur == Path::new(target) {
                    return Ok(());
                }
                fsutil::symlink_atomic(target, &p)?;
                self.note("relinked", rel);
                Ok(())
            }
            Ok(_) => {
                self.warnings.push(format!(
                    "left {rel} alone: it should be a symlink to {target}"
                ));
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fsutil::symlink_atomic(target, &p)?;
                self.note("linked", rel);
                Ok(())
            }
            Err(e) => Err(fsutil::ctx(&p, &e)),
        }
    }

    /// Writes a generated file when it is missing, or (with `replace`)
    /// when its content differs.
    fn ensure_file(
        &mut self,
        rel: &str,
        data: &[u8],
        mode: u32,
        replace: bool,
    ) -> Result<(), String> {
        let p = self.path(rel);
        match std::fs::read(&p) {
            Ok(cur) if cur == data || !replace => Ok(()),
            Ok(_) => {
                fsutil::write_atomic(&p, data, mode)?;
                self.note("updated", rel);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fsutil::write_atomic(&p, data, mode)?;
                self.note("added", rel);
                Ok(())
            }
            Err(e) => Err(fsutil::ctx(&p, &e)),
        }
    }

    /// Copies `src` to `rel` unless an identical copy is there.
    fn ensure_copy(
        &mut self,
        src: &Path,
        meta: &std::fs::Metadata,
        rel: &str,
    ) -> Result<(), String> {
        let p = self.path(rel);
        match std::fs::symlink_metadata(&p) {
            Ok(d) if fsutil::same_copy(meta, &d) => Ok(()),
            Ok(d) if d.is_dir() => Err(format!(
                "{} is a directory; the runtime tree has a file there",
                p.display()
            )),
            Ok(_) => {
                fsutil::copy_atomic(src, &p, meta)?;
                self.copied += 1;
                self.note("updated", rel);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fsutil::copy_atomic(src, &p, meta)?;
                self.copied += 1;
                self.note("added", rel);
                Ok(())
            }
            Err(e) => Err(fsutil::ctx(&p, &e)),
        }
    }

    /// Copies the runtime tree (dylibs, base system) in: directories,
    /// symlinks as symlinks, files with their modes. `etc`, `tmp`, `var` at
    /// its top go to `private/...` as on macOS.
    fn copy_tree(&mut self, src_root: &Path, skip: &[&str]) -> Result<(), String> {
        let mut stack = vec![String::new()];
        while let Some(rel_dir) = stack.pop() {
            let src_dir = src_root.join(&rel_dir);
            let rd = std::fs::read_dir(&src_dir).map_err(|e| fsutil::ctx(&src_dir, &e))?;
            let mut entries: Vec<_> = rd
                .collect::<Result<_, _>>()
                .map_err(|e| fsutil::ctx(&src_dir, &e))?;
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                fsutil::check_interrupt()?;
                let name = e.file_name().to_string_lossy().into_owned();
                let src_rel = if rel_dir.is_empty() {
                    name.clone()
                } else {
                    format!("{rel_dir}/{name}")
                };
                let rel = map_private(&src_rel);
                let src = e.path();
                let meta = std::fs::symlink_metadata(&src).map_err(|e| fsutil::ctx(&src, &e))?;
                if skip.contains(&rel.as_str()) || never_from_runtime(&rel) {
                    continue;
                }
                // Under var/ (the user's), runtime entries only fill gaps.
                if layout::is_user_data(&rel) && std::fs::symlink_metadata(self.path(&rel)).is_ok()
                {
                    if meta.is_dir() {
                        stack.push(src_rel);
                    }
                    continue;
                }
                let ft = meta.file_type();
                if ft.is_dir() {
                    // Never write through a symlink of the prefix (`lib`
                    // leads to the host's / inside a running shell).
                    if std::fs::symlink_metadata(self.path(&rel))
                        .is_ok_and(|m| m.file_type().is_symlink())
                    {
                        self.warnings.push(format!(
                            "skipped {src_rel}/ of the runtime tree: {rel} is a symlink in the prefix"
                        ));
                        continue;
                    }
                    self.ensure_dir(&rel, meta.mode() & 0o7777)?;
                    stack.push(src_rel);
                } else if ft.is_symlink() {
                    let t = std::fs::read_link(&src).map_err(|e| fsutil::ctx(&src, &e))?;
                    let before = self.changes.len();
                    self.ensure_link(&rel, &t.to_string_lossy())?;
                    if self.changes.len() > before {
                        self.copied += 1;
                    }
                } else if ft.is_file() {
                    self.ensure_copy(&src, &meta, &rel)?;
                }
            }
        }
        Ok(())
    }

    /// The invoking user's passwd line, unless it is root or clashes with a
    /// macOS system account.
    fn user_line(&self) -> Option<String> {
        let u = self.user;
        if u.uid == 0 {
            return None;
        }
        if layout::ACCOUNTS
            .iter()
            .any(|a| a.name == u.name || a.uid == u.uid)
        {
            return None;
        }
        let gecos = if u.gecos.is_empty() {
            &u.name
        } else {
            &u.gecos
        };
        Some(layout::passwd_line(
            &u.name,
            u.uid,
            u.gid,
            gecos,
            &format!("/Users/{}", u.name),
            "/bin/bash",
        ))
    }

    /// `/etc/passwd` and `/etc/group`: seeded in a new prefix; in an
    /// existing one, only the missing system entries are appended.
    fn accounts(&mut self) -> Result<(), String> {
        let passwd_rel = "private/etc/passwd";
        let group_rel = "private/etc/group";
        let sys_pw: Vec<(String, String)> = layout::ACCOUNTS
            .iter()
            .map(|a| {
                (
                    a.name.to_string(),
                    layout::passwd_line(a.name, a.uid, a.gid, a.gecos, a.home, a.shell),
                )
            })
            .collect();
        let user_line = self.user_line();
        if self.user.uid != 0 && user_line.is_none() {
            self.warnings.push(format!(
                "did not add user {} (uid {}): a macOS system account has that name or uid",
                self.user.name, self.user.uid
            ));
        }
        let mut sys_gr = layout::groups();
        let mut extra_groups = Vec::new();
        if user_line.is_some() {
            for (n, _, mem) in sys_gr.iter_mut() {
                if n == "staff" || n == "admin" {
                    mem.push(self.user.name.clone());
                }
            }
            let gid = self.user.gid;
            if !sys_gr.iter().any(|(_, g, _)| *g == gid) {
                let taken = |n: &str| sys_gr.iter().any(|(m, _, _)| m == n);
                let name = [self.user.group.clone(), Some(self.user.name.clone())]
                    .into_iter()
                    .flatten()
                    .find(|n| !taken(n))
                    .unwrap_or_else(|| format!("group{gid}"));
                extra_groups.push((name, gid, Vec::new()));
            }
        }
        let sys_gr: Vec<(String, String)> = sys_gr
            .into_iter()
            .chain(extra_groups)
            .map(|(n, g, m)| {
                let l = layout::group_line(&n, g, &m);
                (n, l)
            })
            .collect();

        let mut pw_new: Vec<(String, String)> = sys_pw;
        if let Some(l) = user_line {
            pw_new.push((self.user.name.clone(), l));
        }
        self.merge_db(
            passwd_rel,
            layout::PASSWD_HEADER,
            &pw_new,
            layout::ACCOUNTS.len(),
        )?;
        let n_sys_groups = layout::groups().len();
        self.merge_db(group_rel, layout::GROUP_HEADER, &sys_gr, n_sys_groups)
    }

    /// Writes `entries` (name, line) to a new database file; to an existing
    /// one appends only the first `n_system` entries whose names are
    /// missing, keeping every line the user has.
    fn merge_db(
        &mut self,
        rel: &str,
        header: &str,
        entries: &[(String, String)],
        n_system: usize,
    ) -> Result<(), String> {
        let p = self.path(rel);
        match std::fs::read(&p) {
            Ok(bytes) => {
                let mut text = String::from_utf8_lossy(&bytes).into_owned();
                let have: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.is_empty() && !l.starts_with(['#', '+', '-']))
                    .filter_map(|l| l.split(':').next())
                    .collect();
                let missing: Vec<&(String, String)> = entries[..n_system.min(entries.len())]
                    .iter()
                    .filter(|(n, _)| !have.contains(&n.as_str()))
                    .collect();
                if missing.is_empty() {
                    return Ok(());
                }
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
                for (_, l) in &missing {
                    text += l;
                }
                fsutil::write_atomic(&p, text.as_bytes(), 0o644)?;
                self.note(&format!("added {} to", names.join(", ")), rel);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut text = header.to_string();
                for (_, l) in entries {
                    text += l;
                }
                fsutil::write_atomic(&p, text.as_bytes(), 0o644)?;
                self.note("added", rel);
                Ok(())
            }
            Err(e) => Err(fsutil::ctx(&p, &e)),
        }
    }

    /// Says which optional pieces the prefix has and repeats warnings.
    fn report_pieces(&self, dir: &Path) {
        let bash = dir.join("bin/bash").exists();
        println!(
            "  base system: {}",
            if bash {
                "installed (bin/bash)"
            } else {
                "not built (scripts/build-darwin-base.sh installs it; run init again after)"
            }
        );
        println!(
            "  calvados-tools: {}",
            if self.has_tools {
                "installed (sw_vers, dscl, launchctl, ...)"
            } else {
                "not built (cargo build --release --workspace; run init again after)"
            }
        );
        for w in &self.warnings {
            eprintln!("calvados: prefix: init: warning: {w}");
        }
    }
}

/// What the runtime tree may not bring: the user database, the homes,
/// the marker, anything in a mount point.
fn never_from_runtime(rel: &str) -> bool {
    let under = |top: &str| rel == top || rel.starts_with(&format!("{top}/"));
    rel == MARKER
        || rel == "private/etc/passwd"
        || rel == "private/etc/group"
        || ["Users", "nix", "dev", "proc", "Volumes/SystemRoot"]
            .iter()
            .any(|t| under(t))
}

/// `etc/...`, `tmp/...`, `var/...` of the runtime tree live under
/// `private/` in a prefix (those top-level names are symlinks).
fn map_private(rel: &str) -> String {
    for top in ["etc", "tmp", "var"] {
        if rel == top {
            return format!("private/{top}");
        }
        if let Some(rest) = rel.strip_prefix(top).and_then(|r| r.strip_prefix('/')) {
            return format!("private/{top}/{rest}");
        }
    }
    rel.to_string()
}

#[cfg(test)]
mod tests {
    use super::map_private;

    #[test]
    fn private_mapping() {
        assert_eq!(map_private("etc/profile"), "private/etc/profile");
        assert_eq!(map_private("etc"), "private/etc");
        assert_eq!(map_private("etcetera"), "etcetera");
        assert_eq!(map_private("usr/etc/x"), "usr/etc/x");
    }
}
