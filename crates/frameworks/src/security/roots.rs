//! The system trust store: the host's CA certificates, found where Go's
//! Linux code looks (`crypto/x509/root_linux.go` and `root_unix.go`,
//! Go 1.19), so a darwin program trusts what a Linux program would.
//!
//! - One bundle file: `$SSL_CERT_FILE` if set, else the first readable of
//!   `/etc/ssl/certs/ca-certificates.crt` (Debian, Ubuntu, Gentoo),
//!   `/etc/pki/tls/certs/ca-bundle.crt` (Fedora, RHEL 6),
//!   `/etc/ssl/ca-bundle.pem` (openSUSE), `/etc/pki/tls/cacert.pem`
//!   (OpenELEC), `/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem`
//!   (CentOS, RHEL 7), `/etc/ssl/cert.pem` (Alpine).
//! - Plus every file of the directories in `$SSL_CERT_DIR` (`:`-separated)
//!   if set, else of `/etc/ssl/certs`, `/etc/pki/tls/certs` and
//!   `/system/etc/security/cacerts`; like Go, symbolic links to a name in
//!   the same directory (OpenSSL's hash links) are skipped.
//!
//! Each file contributes its PEM `CERTIFICATE` blocks. The store is read on
//! first use and again only when the two variables change.

use rustls_pki_types::TrustAnchor;
use std::sync::{Arc, Mutex};

const CERT_FILES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

const CERT_DIRS: &[&str] = &[
    "/etc/ssl/certs",
    "/etc/pki/tls/certs",
    "/system/etc/security/cacerts",
];

/// Trusted certificates: DER and, at the same index, its anchor.
pub struct Roots {
    pub ders: Vec<Vec<u8>>,
    pub anchors: Vec<TrustAnchor<'static>>,
}

impl Roots {
    /// Parses each DER certificate into an anchor; unusable ones and
    /// duplicates are left out.
    pub fn from_ders(ders: impl IntoIterator<Item = Vec<u8>>) -> Roots {
        let mut out = Roots {
            ders: Vec::new(),
            anchors: Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        for der in ders {
            if !seen.insert(der.clone()) {
                continue;
            }
            let cert = rustls_pki_types::CertificateDer::from(der.as_slice());
            let Ok(anchor) = webpki::anchor_from_trusted_cert(&cert) else {
                continue;
            };
            let anchor = anchor.to_owned();
            out.ders.push(der);
            out.anchors.push(anchor);
        }
        out
    }
}

/// The store for the current `SSL_CERT_FILE` / `SSL_CERT_DIR`.
pub fn system() -> Arc<Roots> {
    type Cache = Option<((Option<String>, Option<String>), Arc<Roots>)>;
    static CACHE: Mutex<Cache> = Mutex::new(None);
    let key = (env("SSL_CERT_FILE"), env("SSL_CERT_DIR"));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, roots)) = cache.as_ref() {
        if *k == key {
            return roots.clone();
        }
    }
    let roots = Arc::new(Roots::from_ders(load(key.0.as_deref(), key.1.as_deref())));
    *cache = Some((key, roots.clone()));
    roots
}

/// A variable's value; unset and empty are the same, as for Go.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn load(file: Option<&str>, dirs: Option<&str>) -> Vec<Vec<u8>> {
    let mut ders = Vec::new();
    let files: Vec<&str> = match file {
        Some(f) => vec![f],
        None => CERT_FILES.to_vec(),
    };
    for f in files {
        if let Ok(text) = std::fs::read(f) {
            ders.extend(pem_certificates(&text));
            break;
        }
    }
    let dirs: Vec<&str> = match dirs {
        Some(d) => d.split(':').collect(),
        None => CERT_DIRS.to_vec(),
    };
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut names: Vec<_> = entries.flatten().collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let path = e.path();
            if e.file_type().is_ok_and(|t| t.is_symlink())
                && std::fs::read_link(&path)
                    .is_ok_and(|t| !t.as_os_str().as_encoded_bytes().contains(&b'/'))
            {
                continue;
            }
            if let Ok(text) = std::fs::read(&path) {
                ders.extend(pem_certificates(&text));
            }
        }
    }
    ders
}

/// The DER contents of each `-----BEGIN CERTIFICATE-----` block without
/// headers (what Go's `CertPool.AppendCertsFromPEM` takes).
pub fn pem_certificates(text: &[u8]) -> Vec<Vec<u8>> {
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = find(rest, BEGIN) {
        let body = &rest[start + BEGIN.len()..];
        let Some(stop) = find(body, END) else {
            break;
        };
        if !body[..stop].contains(&b':') {
            if let Some(der) = base64(&body[..stop]) {
                out.push(der);
            }
        }
        rest = &body[stop + END.len()..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Standard base64 with padding, ignoring whitespace.
fn base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits, mut pad) = (0u32, 0u32, 0usize);
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pad += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if pad > 0 {
            return None;
        }
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (pad <= 2 && acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes() {
        assert_eq!(base64(b"aGVs\nbG8=").unwrap(), b"hello");
        assert_eq!(base64(b"aGk=").unwrap(), b"hi");
        assert_eq!(base64(b"YQ==").unwrap(), b"a");
        assert!(base64(b"a*b=").is_none());
        assert!(base64(b"YQ==YQ==").is_none());
    }

    #[test]
    fn pem_blocks() {
        let t = b"junk\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n\
            -----BEGIN CERTIFICATE-----\nProc-Type: 4\n\nAAEC\n-----END CERTIFICATE-----\n\
            -----BEGIN CERTIFICATE-----\nAwQF\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_certificates(t), vec![vec![0, 1, 2], vec![3, 4, 5]]);
    }
}
