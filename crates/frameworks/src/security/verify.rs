//! Trust evaluation: builds and checks a chain with `rustls-webpki`, then
//! reports failures as `trustd` does.
//!
//! Facts followed (Apple's Security sources, `SecPolicyChecks.list`,
//! `SecTrust.c`, `SecTrustPriv.h`, `SecPolicyServer.c`):
//! - each failed check has a subtype and an OSStatus; the error reported
//!   is the one of the highest-priority subtype (revoked, compliance,
//!   trust, usage, name, expired, in that order), on the lowest-indexed
//!   certificate among equals;
//! - an unanchored chain fails `AnchorTrusted` (`errSecNotTrusted`) when
//!   it ends with a self-issued certificate, `MissingIntermediate`
//!   (`errSecCreateChainFailed`) otherwise, both of subtype trust;
//! - `TemporalValidity` (expired *or* not yet valid, on any certificate of
//!   the chain) is `errSecCertificateExpired`; `SSLHostname` is
//!   `errSecHostNameMismatch`; `ExtendedKeyUsage` is
//!   `errSecInvalidExtendedKeyUsage`.
//!
//! A chain that fails only on dates is still found: webpki checks dates
//! while it builds, so an expired certificate is retried at a time inside
//! its validity to tell an expired trusted chain from an untrusted one.
//! A leaf that is itself an anchor is trusted as a one-certificate chain
//! (as macOS does for self-signed anchors). Signatures are checked with
//! webpki's algorithms (ECDSA P-256/P-384, Ed25519, RSA 2048-8192 PKCS#1
//! and PSS); there is no revocation checking.

use super::der;
use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use std::time::Duration;
use webpki::{
    EndEntityCert, Error as WError, ExtendedKeyUsageValidator, KeyPurposeIdIter, KeyUsage,
};

pub const ERR_SEC_CREATE_CHAIN_FAILED: i32 = -25318;
pub const ERR_SEC_HOST_NAME_MISMATCH: i32 = -67602;
pub const ERR_SEC_UNKNOWN_CRITICAL_EXTENSION_FLAG: i32 = -67603;
pub const ERR_SEC_NO_BASIC_CONSTRAINTS: i32 = -67604;
pub const ERR_SEC_INVALID_EXTENDED_KEY_USAGE: i32 = -67609;
pub const ERR_SEC_PATH_LENGTH_CONSTRAINT_EXCEEDED: i32 = -67611;
pub const ERR_SEC_INVALID_NAME: i32 = -67689;
pub const ERR_SEC_INVALID_CERTIFICATE_REF: i32 = -67690;
pub const ERR_SEC_CERTIFICATE_EXPIRED: i32 = -67818;
pub const ERR_SEC_CERTIFICATE_REVOKED: i32 = -67820;
pub const ERR_SEC_NOT_TRUSTED: i32 = -67843;

/// `SecTrustErrorSubType` (`SecTrustPriv.h`), in priority order (lower
/// first); only the kinds this evaluator can report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SubType {
    Revoked = 1,
    Compliance = 5,
    Trust = 7,
    Usage = 8,
    Name = 9,
    Expired = 10,
}

impl SubType {
    /// The `SecFrameworkStrings.h` text of the simple error; `%@` is the
    /// certificate's subject summary.
    pub fn format(self) -> &'static str {
        match self {
            SubType::Revoked => "\u{201c}%@\u{201d} certificate is revoked",
            SubType::Compliance => "\u{201c}%@\u{201d} certificate is not standards compliant",
            SubType::Trust => "\u{201c}%@\u{201d} certificate is not trusted",
            SubType::Usage => "\u{201c}%@\u{201d} certificate is not permitted for this usage",
            SubType::Name => "\u{201c}%@\u{201d} certificate name does not match input",
            SubType::Expired => "\u{201c}%@\u{201d} certificate is expired",
        }
    }

    /// Whether the failure is fatal (`F` in `SecPolicyChecks.list`) rather
    /// than recoverable.
    pub fn fatal(self) -> bool {
        self == SubType::Revoked
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failure {
    pub subtype: SubType,
    pub status: i32,
    /// Index in the chain of the certificate the failure is about.
    pub cert: usize,
}

/// What a policy asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    SslServer,
    SslClient,
    Basic,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub purpose: Purpose,
    /// Host name or IP address the leaf must match.
    pub name: Option<String>,
}

#[derive(Debug)]
pub struct Outcome {
    /// The chain built, leaf first (partial when untrusted).
    pub chain: Vec<Vec<u8>>,
    pub failure: Option<Failure>,
}

/// Extended key usage: the SSL ones when the certificate lists any, nothing
/// for the basic X.509 policy.
struct Eku(Option<KeyUsage>);

impl ExtendedKeyUsageValidator for Eku {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), WError> {
        match &self.0 {
            Some(k) => k.validate(iter),
            None => Ok(()),
        }
    }
}

/// The fields of a certificate that chain building by name needs.
struct Fields<'a> {
    issuer: &'a [u8],
    subject: &'a [u8],
    not_before: i64,
    not_after: i64,
}

fn fields(cert: &[u8]) -> Option<Fields<'_>> {
    let (_, body, _) = der(cert)?;
    let (_, tbs, _) = der(body)?;
    let (t, _, mut r) = der(tbs)?;
    if t != 0xa0 {
        r = tbs;
    }
    let (_, _serial, r) = der(r)?;
    let (_, _alg, r) = der(r)?;
    let (_, issuer, r) = der(r)?;
    let (_, validity, r) = der(r)?;
    let (_, subject, _) = der(r)?;
    let (t1, v1, rest) = der(validity)?;
    let (t2, v2, _) = der(rest)?;
    Some(Fields {
        issuer,
        subject,
        not_before: time(t1, v1)?,
        not_after: time(t2, v2)?,
    })
}

/// Seconds since 1970 of a DER UTCTime (tag 0x17, years 1950-2049) or
/// GeneralizedTime (0x18), both `...Z`.
fn time(tag: u8, v: &[u8]) -> Option<i64> {
    let digits = |s: &[u8]| -> Option<i64> {
        s.iter().try_fold(0i64, |a, &c| {
            c.is_ascii_digit().then(|| a * 10 + (c - b'0') as i64)
        })
    };
    let (year, rest) = match tag {
        0x17 if v.len() == 13 => {
            let y = digits(&v[..2])?;
            (if y < 50 { 2000 + y } else { 1900 + y }, &v[2..])
        }
        0x18 if v.len() == 15 => (digits(&v[..4])?, &v[4..]),
        _ => return None,
    };
    if rest[10] != b'Z' {
        return None;
    }
    let (mo, d) = (digits(&rest[0..2])?, digits(&rest[2..4])?);
    let (h, mi, s) = (
        digits(&rest[4..6])?,
        digits(&rest[6..8])?,
        digits(&rest[8..10])?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(days_from_civil(year, mo, d) * 86400 + h * 3600 + mi * 60 + s)
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn valid_at(cert: &[u8], now: i64) -> bool {
    fields(cert).is_some_and(|f| f.not_before <= now && now <= f.not_after)
}

fn unix(t: i64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(t.max(0) as u64))
}

/// Follows issuer names from the leaf through the given certificates, as
/// far as they go (stopping at a self-issued certificate or an anchor).
fn partial_chain(certs: &[&[u8]], anchor_ders: &[&[u8]]) -> Vec<Vec<u8>> {
    let mut chain = vec![certs[0].to_vec()];
    let mut used = vec![false; certs.len()];
    used[0] = true;
    while chain.len() <= certs.len() {
        let Some(f) = fields(chain.last().unwrap()) else {
            break;
        };
        if f.issuer == f.subject {
            break;
        }
        let issuer = f.issuer.to_vec();
        let is_issuer = |c: &[u8]| fields(c).is_some_and(|g| g.subject == issuer.as_slice());
        if let Some(a) = anchor_ders.iter().find(|a| is_issuer(a)) {
            chain.push(a.to_vec());
            break;
        }
        match (0..certs.len()).find(|&i| !used[i] && is_issuer(certs[i])) {
            Some(i) => {
                used[i] = true;
                chain.push(certs[i].to_vec());
            }
            None => break,
        }
    }
    chain
}

/// An unanchored chain: `AnchorTrusted` or `MissingIntermediate`.
fn untrusted(chain: &[Vec<u8>]) -> Failure {
    let last = chain.len() - 1;
    let self_issued = fields(&chain[last]).is_some_and(|f| f.issuer == f.subject);
    Failure {
        subtype: SubType::Trust,
        status: if self_issued {
            ERR_SEC_NOT_TRUSTED
        } else {
            ERR_SEC_CREATE_CHAIN_FAILED
        },
        cert: last,
    }
}

/// The check a webpki error fails, `None` for failures to find a path.
fn classify(e: &WError) -> Option<Failure> {
    let (subtype, status) = match e {
        WError::RequiredEkuNotFoundContext(_) | WError::EmptyEkuExtension => {
            (SubType::Usage, ERR_SEC_INVALID_EXTENDED_KEY_USAGE)
        }
        #[allow(deprecated)]
        WError::RequiredEkuNotFound => (SubType::Usage, ERR_SEC_INVALID_EXTENDED_KEY_USAGE),
        WError::CertDistrusted | WError::CertRevoked => {
            (SubType::Revoked, ERR_SEC_CERTIFICATE_REVOKED)
        }
        WError::PathLenConstraintViolated => {
            (SubType::Compliance, ERR_SEC_PATH_LENGTH_CONSTRAINT_EXCEEDED)
        }
        WError::NameConstraintViolation => (SubType::Compliance, ERR_SEC_INVALID_NAME),
        WError::UnsupportedCriticalExtension => {
            (SubType::Compliance, ERR_SEC_UNKNOWN_CRITICAL_EXTENSION_FLAG)
        }
        WError::EndEntityUsedAsCa => (SubType::Compliance, ERR_SEC_NO_BASIC_CONSTRAINTS),
        WError::InvalidCertValidity => (SubType::Expired, ERR_SEC_CERTIFICATE_EXPIRED),
        WError::BadDer
        | WError::BadDerTime
        | WError::TrailingData(_)
        | WError::MalformedExtensions
        | WError::ExtensionValueInvalid
        | WError::InvalidSerialNumber
        | WError::UnsupportedCertVersion => (SubType::Compliance, ERR_SEC_INVALID_CERTIFICATE_REF),
        // UnknownIssuer, bad or unsupported signatures, path budget
        // exhausted, a CA as the leaf: no acceptable path.
        _ => return None,
    };
    Some(Failure {
        subtype,
        status,
        cert: 0,
    })
}

/// Evaluates `certs` (leaf first, then candidate intermediates in any
/// order) against `anchors` (with their DER at the same index) for every
/// check, at `now` (seconds since 1970).
pub fn evaluate(
    certs: &[&[u8]],
    anchors: &[TrustAnchor<'_>],
    anchor_ders: &[&[u8]],
    checks: &[Check],
    now: i64,
) -> Outcome {
    let basic = [Check {
        purpose: Purpose::Basic,
        name: None,
    }];
    let checks = if checks.is_empty() {
        &basic[..]
    } else {
        checks
    };
    let mut chain = None;
    let mut worst: Option<Failure> = None;
    for check in checks {
        let (c, f) = evaluate_one(certs, anchors, anchor_ders, check, now);
        chain.get_or_insert(c);
        if let Some(f) = f {
            if worst.is_none_or(|w| (f.subtype, f.cert) < (w.subtype, w.cert)) {
                worst = Some(f);
            }
        }
    }
    Outcome {
        chain: chain.unwrap_or_else(|| vec![certs[0].to_vec()]),
        failure: worst,
    }
}

fn evaluate_one(
    certs: &[&[u8]],
    anchors: &[TrustAnchor<'_>],
    anchor_ders: &[&[u8]],
    check: &Check,
    now: i64,
) -> (Vec<Vec<u8>>, Option<Failure>) {
    let leaf_der = CertificateDer::from(certs[0]);
    let Ok(ee) = EndEntityCert::try_from(&leaf_der) else {
        let f = Failure {
            subtype: SubType::Compliance,
            status: ERR_SEC_INVALID_CERTIFICATE_REF,
            cert: 0,
        };
        return (vec![certs[0].to_vec()], Some(f));
    };
    let eku = Eku(match check.purpose {
        Purpose::SslServer => Some(KeyUsage::server_auth()),
        Purpose::SslClient => Some(KeyUsage::client_auth()),
        Purpose::Basic => None,
    });
    let intermediates: Vec<CertificateDer<'_>> = certs[1..]
        .iter()
        .map(|c| CertificateDer::from(*c))
        .collect();

    let mut chain = None;
    let mut expired = false;
    if anchor_ders.contains(&certs[0]) {
        chain = Some(vec![certs[0].to_vec()]);
        expired = !valid_at(certs[0], now);
    } else {
        let mut t = now;
        // Each retry moves into the validity of one more certificate.
        for _ in 0..=certs.len() + 1 {
            let r = ee.verify_for_usage(
                webpki::ALL_VERIFICATION_ALGS,
                anchors,
                &intermediates,
                unix(t),
                &eku,
                None,
                None,
            );
            let next = match r {
                Ok(path) => {
                    let mut c = vec![certs[0].to_vec()];
                    c.extend(path.intermediate_certificates().map(|i| i.der().to_vec()));
                    if let Some(i) = anchors.iter().position(|a| core::ptr::eq(a, path.anchor())) {
                        c.push(anchor_ders[i].to_vec());
                    }
                    chain = Some(c);
                    break;
                }
                Err(WError::CertExpired { not_after, .. }) => not_after.as_secs() as i64,
                Err(WError::CertNotValidYet { not_before, .. }) => not_before.as_secs() as i64,
                Err(e) => {
                    let partial = partial_chain(certs, anchor_ders);
                    let f = classify(&e).unwrap_or_else(|| untrusted(&partial));
                    return (partial, Some(f));
                }
            };
            expired = true;
            if next == t {
                break;
            }
            t = next;
        }
    }
    let Some(chain) = chain else {
        // Dates that never overlap: nothing but the dates is known wrong.
        let partial = partial_chain(certs, anchor_ders);
        let cert = partial.iter().position(|c| !valid_at(c, now)).unwrap_or(0);
        let f = Failure {
            subtype: SubType::Expired,
            status: ERR_SEC_CERTIFICATE_EXPIRED,
            cert,
        };
        return (partial, Some(f));
    };
    if let Some(name) = &check.name {
        let ok = ServerName::try_from(name.as_str())
            .is_ok_and(|sn| ee.verify_is_valid_for_subject_name(&sn).is_ok());
        if !ok {
            let f = Failure {
                subtype: SubType::Name,
                status: ERR_SEC_HOST_NAME_MISMATCH,
                cert: 0,
            };
            return (chain, Some(f));
        }
    }
    if expired {
        let cert = chain.iter().position(|c| !valid_at(c, now)).unwrap_or(0);
        let f = Failure {
            subtype: SubType::Expired,
            status: ERR_SEC_CERTIFICATE_EXPIRED,
            cert,
        };
        return (chain, Some(f));
    }
    (chain, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(time(0x17, b"700101000000Z"), Some(0));
        assert_eq!(time(0x17, b"261121130612Z"), Some(1_795_266_372));
        assert_eq!(time(0x18, b"21261028130612Z"), Some(4_948_866_372));
        assert_eq!(time(0x17, b"491231235959Z"), Some(2_524_607_999));
        assert_eq!(time(0x17, b"500101000000Z"), Some(-631_152_000));
        assert_eq!(time(0x17, b"261321130612Z"), None);
        assert_eq!(time(0x17, b"26112113061Z"), None);
    }

    #[test]
    fn priorities() {
        assert!(SubType::Trust < SubType::Name);
        assert!(SubType::Name < SubType::Expired);
        assert!(SubType::Revoked < SubType::Compliance);
    }
}
