//! Nix release tarballs (`nix-VERSION-SYSTEM.tar.xz`, the layout of Nix's
//! own releases): where one comes from (a file, a URL checked against its
//! published SHA-256, a release version), unpacking it into a staging
//! directory, and checking that it is a complete x86_64-darwin release
//! before anything in the prefix changes.

use crate::prefix::fsutil;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Nix publishes its release tarballs; `nix-V/nix-V-SYSTEM.tar.xz`
/// with the hex SHA-256 in `….tar.xz.sha256` beside it.
pub const RELEASES: &str = "https://releases.nixos.org/nix";

/// The one system Calvados runs.
pub const SYSTEM: &str = "x86_64-darwin";

/// What the user asked to install.
#[derive(Debug, PartialEq)]
pub enum Source {
    File(PathBuf),
    Url(String),
}

impl Source {
    /// A tarball argument: a URL when it has a scheme, else a file.
    pub fn parse(arg: &str) -> Source {
        let is_url = ["http://", "https://", "ftp://", "file://"]
            .iter()
            .any(|s| arg.starts_with(s));
        if is_url {
            Source::Url(arg.to_string())
        } else {
            Source::File(PathBuf::from(arg))
        }
    }

    /// The official release of Nix `version` for x86_64-darwin.
    pub fn release(version: &str) -> Source {
        Source::Url(format!(
            "{RELEASES}/nix-{version}/nix-{version}-{SYSTEM}.tar.xz"
        ))
    }

    /// How the source is named in messages.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Url(u) => u.clone(),
        }
    }
}

/// Downloads `url` to `dest` with the host's `curl` (else `wget`).
fn download(url: &str, dest: &Path) -> Result<(), String> {
    let curl = Command::new("curl")
        .args(["-fsSL", "--retry", "2", "-o"])
        .arg(dest)
        .arg(url)
        .status();
    let status = match curl {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Command::new("wget")
            .args(["-q", "-O"])
            .arg(dest)
            .arg(url)
            .status()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    "cannot download: neither curl nor wget is installed on the host".to_string()
                } else {
                    format!("cannot run wget: {e}")
                }
            })?,
        Err(e) => return Err(format!("cannot run curl: {e}")),
        Ok(s) => s,
    };
    if !status.success() {
        let _ = std::fs::remove_file(dest);
        return Err(format!("downloading {url} failed ({status})"));
    }
    Ok(())
}

/// The hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> Result<String, String> {
    let mut f = std::fs::File::open(path).map_err(|e| fsutil::ctx(path, &e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| fsutil::ctx(path, &e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// A SHA-256 as the user or a `.sha256` file gives it: 64 hex digits,
/// first word of the text.
fn parse_sha256(text: &str) -> Option<String> {
    let word = text.split_whitespace().next()?.to_ascii_lowercase();
    (word.len() == 64 && word.bytes().all(|b| b.is_ascii_hexdigit())).then_some(word)
}

/// The tarball on disk: the file itself, or a download into `tmp` whose
/// SHA-256 matches `sha256` (else the published `URL.sha256`).
pub fn fetch(source: &Source, sha256: Option<&str>, tmp: &Path) -> Result<PathBuf, String> {
    let url = match source {
        Source::File(p) => {
            let m = std::fs::metadata(p).map_err(|e| fsutil::ctx(p, &e))?;
            if !m.is_file() {
                return Err(format!("{}: not a file", p.display()));
            }
            return Ok(p.clone());
        }
        Source::Url(u) => u,
    };
    let expected = match sha256 {
        Some(s) => {
            parse_sha256(s).ok_or_else(|| format!("--sha256 needs 64 hex digits, not '{s}'"))?
        }
        None => {
            let sum = tmp.join("tarball.sha256");
            download(&format!("{url}.sha256"), &sum).map_err(|e| {
                format!("{e}; cannot check the download without its published SHA-256 (give it with --sha256 HEX)")
            })?;
            let text = std::fs::read_to_string(&sum).map_err(|e| fsutil::ctx(&sum, &e))?;
            parse_sha256(&text)
                .ok_or_else(|| format!("{url}.sha256 does not hold a SHA-256 (64 hex digits)"))?
        }
    };
    let name = url
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("nix.tar.xz");
    let dest = tmp.join(name);
    eprintln!("downloading {url}...");
    download(url, &dest)?;
    let got = sha256_file(&dest)?;
    if got != expected {
        let _ = std::fs::remove_file(&dest);
        return Err(format!(
            "{url}: SHA-256 mismatch (expected {expected}, got {got}): the download is damaged or not the published file"
        ));
    }
    Ok(dest)
}

/// An unpacked release, checked.
#[derive(Debug)]
pub struct Release {
    /// `STAGING/nix-VERSION-SYSTEM`.
    pub dir: PathBuf,
    pub version: String,
    /// Store path base names, in `.reginfo` order.
    pub paths: Vec<String>,
    /// The base names of the `nix` and CA bundle store paths.
    pub nix: String,
    pub cacert: Option<String>,
}

impl Release {
    pub fn reginfo(&self) -> PathBuf {
        self.dir.join(".reginfo")
    }
    pub fn store(&self) -> PathBuf {
        self.dir.join("store")
    }
}

/// Unpacks `tarball` into the (new, empty) directory `staging` and checks
/// it is a complete x86_64-darwin Nix release. Errors are one line naming
/// `name` (how the user gave the tarball).
pub fn unpack(tarball: &Path, name: &str, staging: &Path) -> Result<Release, String> {
    let mut f = std::fs::File::open(tarball).map_err(|e| fsutil::ctx(tarball, &e))?;
    let mut magic = [0u8; 6];
    if f.read_exact(&mut magic).is_err() || magic != *b"\xfd7zXZ\0" {
        return Err(format!(
            "{name}: not an xz-compressed tarball (Nix releases are nix-VERSION-{SYSTEM}.tar.xz)"
        ));
    }
    drop(f);
    let f = std::fs::File::open(tarball).map_err(|e| fsutil::ctx(tarball, &e))?;
    let mut archive = tar::Archive::new(xz2::read::XzDecoder::new(std::io::BufReader::new(f)));
    archive.set_preserve_permissions(true);
    archive.set_preserve_mtime(true);
    archive.set_unpack_xattrs(false);
    let broken = |e: std::io::Error| format!("{name}: truncated or corrupt tarball ({e})");
    let mut top: Option<String> = None;
    for entry in archive.entries().map_err(broken)? {
        fsutil::check_interrupt()?;
        let mut entry = entry.map_err(broken)?;
        let path = entry.path().map_err(broken)?.into_owned();
        let first = match path.components().next() {
            Some(std::path::Component::Normal(c)) => c.to_string_lossy().into_owned(),
            _ => return Err(format!("{name}: unsafe entry '{}'", path.display())),
        };
        match &top {
            None => {
                check_top(name, &first)?;
                top = Some(first);
            }
            Some(t) if *t != first => {
                return Err(format!(
                    "{name}: more than one top directory ({t}, {first}): not a Nix release tarball"
                ))
            }
            Some(_) => {}
        }
        if !entry.unpack_in(staging).map_err(broken)? {
            return Err(format!("{name}: unsafe entry '{}'", path.display()));
        }
    }
    let top = top.ok_or_else(|| format!("{name}: empty tarball"))?;
    let dir = staging.join(&top);
    let version = top
        .strip_prefix("nix-")
        .and_then(|r| r.strip_suffix(&format!("-{SYSTEM}")))
        .unwrap_or_default()
        .to_string();
    let reginfo = dir.join(".reginfo");
    let text = match std::fs::read_to_string(&reginfo) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "{name}: no {top}/.reginfo (the store's registration): not a complete Nix release tarball"
            ))
        }
        Err(e) => return Err(fsutil::ctx(&reginfo, &e)),
    };
    let paths = parse_reginfo(&text).map_err(|e| format!("{name}: {top}/.reginfo: {e}"))?;
    for p in &paths {
        if std::fs::symlink_metadata(dir.join("store").join(p)).is_err() {
            return Err(format!(
                "{name}: .reginfo lists /nix/store/{p} but the tarball's store/ lacks it"
            ));
        }
    }
    let nix = paths
        .iter()
        .find(|p| p.get(33..) == Some(&format!("nix-{version}")))
        .cloned()
        .ok_or_else(|| format!("{name}: no nix-{version} store path in .reginfo"))?;
    let cacert = paths
        .iter()
        .find(|p| {
            let n = p.get(33..).unwrap_or_default();
            n.starts_with("nss-cacert-") || n.starts_with("cacert-")
        })
        .cloned();
    let prog = dir.join("store").join(&nix).join("bin/nix");
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(&prog)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("{name}: {nix}/bin/nix: {}", fsutil::why(&e)))?;
    head.truncate(n);
    match calvados_macho::sniff_x86_64(&head) {
        Some(true) => {}
        Some(false) => {
            return Err(format!(
                "{name}: {nix}/bin/nix is a Mach-O program without x86_64 code (arm64 only?): Calvados runs x86_64 programs"
            ))
        }
        None => {
            return Err(format!(
                "{name}: {nix}/bin/nix is not a Mach-O program: not a darwin release"
            ))
        }
    }
    Ok(Release {
        dir,
        version,
        paths,
        nix,
        cacert,
    })
}

/// The top directory must be `nix-VERSION-x86_64-darwin`.
fn check_top(name: &str, top: &str) -> Result<(), String> {
    let Some(rest) = top.strip_prefix("nix-") else {
        return Err(format!(
            "{name}: its top directory '{top}' is not nix-VERSION-SYSTEM: not a Nix release tarball"
        ));
    };
    if rest.ends_with(&format!("-{SYSTEM}")) {
        return Ok(());
    }
    // nix-2.26.3-aarch64-darwin: the system is the last two dash-words.
    let words: Vec<&str> = rest.rsplitn(3, '-').collect();
    if words.len() == 3 {
        let system = format!("{}-{}", words[1], words[0]);
        return Err(format!(
            "{name}: a Nix release for {system}, not {SYSTEM}: Calvados runs x86_64 macOS programs (use nix-{}-{SYSTEM}.tar.xz)",
            words[2]
        ));
    }
    Err(format!(
        "{name}: its top directory '{top}' is not nix-VERSION-SYSTEM: not a Nix release tarball"
    ))
}

/// The store path base names of a `.reginfo` (`nix-store --load-db`
/// format: per path its name, NAR hash, NAR size, deriver, the number of
/// references, then the references).
pub fn parse_reginfo(text: &str) -> Result<Vec<String>, String> {
    let mut lines = text.lines();
    let mut paths = Vec::new();
    let base = |l: &str| -> Result<String, String> {
        let b = l
            .strip_prefix("/nix/store/")
            .filter(|b| b.len() > 33 && b.as_bytes()[32] == b'-' && !b.contains('/'))
            .ok_or_else(|| format!("'{l}' is not a /nix/store path"))?;
        Ok(b.to_string())
    };
    while let Some(l) = lines.next() {
        if l.is_empty() {
            break;
        }
        paths.push(base(l)?);
        let short = || "ends in the middle of an entry".to_string();
        let hash = lines.next().ok_or_else(short)?;
        if !hash.starts_with("sha256:") {
            return Err(format!("'{hash}' is not a NAR hash"));
        }
        let size = lines.next().ok_or_else(short)?;
        size.parse::<u64>()
            .map_err(|_| format!("'{size}' is not a NAR size"))?;
        let _deriver = lines.next().ok_or_else(short)?;
        let n = lines.next().ok_or_else(short)?;
        let n: usize = n
            .parse()
            .map_err(|_| format!("'{n}' is not a reference count"))?;
        for _ in 0..n {
            base(lines.next().ok_or_else(short)?)?;
        }
    }
    if paths.is_empty() {
        return Err("lists no store paths".into());
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(
            Source::parse("https://x/y.tar.xz"),
            Source::Url("https://x/y.tar.xz".into())
        );
        assert_eq!(
            Source::parse("./y.tar.xz"),
            Source::File(PathBuf::from("./y.tar.xz"))
        );
        assert_eq!(
            Source::release("2.26.3"),
            Source::Url(
                "https://releases.nixos.org/nix/nix-2.26.3/nix-2.26.3-x86_64-darwin.tar.xz".into()
            )
        );
    }

    #[test]
    fn reginfo() {
        let h = "0fm51f7qk51c27zv2bsajvqqkgbcyz4h";
        let g = "ykrb9yymrq5n9xnx1z9gzv8mkli3bmch";
        let text = format!(
            "/nix/store/{h}-nix-2.26.3\nsha256:abc\n12\n\n2\n/nix/store/{h}-nix-2.26.3\n/nix/store/{g}-cacert\n/nix/store/{g}-cacert\nsha256:def\n3\n\n0\n"
        );
        assert_eq!(
            parse_reginfo(&text).unwrap(),
            vec![format!("{h}-nix-2.26.3"), format!("{g}-cacert")]
        );
        assert!(parse_reginfo(&format!("/nix/store/{h}-nix\nsha256:a\n"))
            .unwrap_err()
            .contains("middle"));
        assert!(parse_reginfo("/tmp/x\n")
            .unwrap_err()
            .contains("not a /nix/store"));
        assert!(parse_reginfo("").is_err());
    }

    #[test]
    fn top_directory() {
        assert!(check_top("t", "nix-2.26.3-x86_64-darwin").is_ok());
        let e = check_top("t", "nix-2.26.3-aarch64-darwin").unwrap_err();
        assert!(e.contains("for aarch64-darwin"), "{e}");
        let e = check_top("t", "nix-2.26.3-x86_64-linux").unwrap_err();
        assert!(e.contains("for x86_64-linux"), "{e}");
        assert!(check_top("t", "foo")
            .unwrap_err()
            .contains("not nix-VERSION"));
    }

    #[test]
    fn sha256_words() {
        let h = "a".repeat(64);
        assert_eq!(parse_sha256(&format!("{h}  nix.tar.xz\n")), Some(h.clone()));
        assert_eq!(parse_sha256(&h.to_uppercase()), Some(h));
        assert_eq!(parse_sha256("abc"), None);
    }
}
