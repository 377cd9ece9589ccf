//! Security (`/System/Library/Frameworks/Security.framework`): certificates,
//! trust evaluation against the host's CA store, and an empty keychain.
//!
//! Certificates are real objects made from DER (`SecCertificateCreateWithData`
//! checks the X.509 structure and answers NULL otherwise) and give their
//! DER and subject back. `SecTrustEvaluateWithError` really verifies: it
//! builds a chain from the leaf through the other certificates given to an
//! anchor, checks signatures, dates (`SecTrustSetVerifyDate`, else now),
//! basic constraints and, for SSL policies, extended key usage and the
//! policy's host name or IP address ([`verify`]). The anchors are the
//! system store, the host's CA bundle found as Go's Linux code finds it
//! ([`roots`]: `SSL_CERT_FILE`, `SSL_CERT_DIR`, the distributions' bundle
//! paths), and/or those given to `SecTrustSetAnchorCertificates`. Failures
//! are `NSOSStatusErrorDomain` errors with macOS's codes and simple
//! descriptions (`errSecNotTrusted`, `errSecCreateChainFailed`,
//! `errSecCertificateExpired`, `errSecHostNameMismatch`...). The chain
//! built is what `SecTrustCopyCertificateChain` and
//! `SecTrustGetCertificateAtIndex` give, leaf to anchor. There is no
//! revocation checking and nothing is fetched from the network.
//!
//! Trust settings: the System domain lists the system anchors (each with the
//! empty settings array, "trusted root"), so programs that build their root
//! set from it (Rust's `rustls-native-certs`) trust the host's CAs; the User
//! and Admin domains are empty (`errSecNoTrustSettings`), as on a Mac
//! without user settings. There is no
//! keychain: the default keychain is missing (`errSecNoDefaultKeychain`),
//! searches find nothing (`errSecItemNotFound`), and item references,
//! which are never handed out, are invalid (`errSecInvalidItemRef`).
//! OSStatus values and messages are `SecBase.h`'s (macOS 11.3 SDK).

mod roots;
mod verify;

use crate::core_foundation::base::{
    self, alloc, expect, Boolean, CFIndex, CFTypeID, Class, Owned, Ref,
};
use crate::core_foundation::base::{
    TYPE_ID_SEC_CERTIFICATE, TYPE_ID_SEC_POLICY, TYPE_ID_SEC_TRUST,
};
use crate::core_foundation::error::{self, K_DOMAIN_OSSTATUS};
use crate::core_foundation::{array, data, number, string};
use libc::c_void;
use std::sync::Mutex;

pub const ERR_SEC_SUCCESS: i32 = 0;
pub const ERR_SEC_PARAM: i32 = -50;
pub const ERR_SEC_INVALID_KEYCHAIN: i32 = -25295;
pub const ERR_SEC_ITEM_NOT_FOUND: i32 = -25300;
pub const ERR_SEC_INVALID_ITEM_REF: i32 = -25304;
pub const ERR_SEC_NO_DEFAULT_KEYCHAIN: i32 = -25307;
pub const ERR_SEC_NO_TRUST_SETTINGS: i32 = -25263;

/// `SecBase.h`'s messages (its comments are the text of
/// `SecErrorMessages.strings`).
const MESSAGES: &[(i32, &str)] = &[
    (0, "No error."),
    (-4, "Function or operation not implemented."),
    (-34, "The disk is full."),
    (-36, "I/O error."),
    (-49, "File already open with write permission."),
    (-50, "One or more parameters passed to a function were not valid."),
    (-61, "Write permissions error."),
    (-108, "Failed to allocate memory."),
    (-128, "User canceled the operation."),
    (-909, "Bad parameter or invalid state for operation."),
    (-34018, "A required entitlement isn't present."),
    (-34020, "Client is restricted and is not permitted to perform this operation."),
    (-25291, "No keychain is available. You may need to restart your computer."),
    (-25292, "This keychain cannot be modified."),
    (-25293, "The user name or passphrase you entered is not correct."),
    (-25294, "The specified keychain could not be found."),
    (-25295, "The specified keychain is not a valid keychain file."),
    (-25296, "A keychain with the same name already exists."),
    (-25297, "The specified callback function is already installed."),
    (-25298, "The specified callback function is not valid."),
    (-25299, "The specified item already exists in the keychain."),
    (-25300, "The specified item could not be found in the keychain."),
    (-25301, "There is not enough memory available to use the specified item."),
    (-25302, "This item contains information which is too large or in a format that cannot be displayed."),
    (-25303, "The specified attribute does not exist."),
    (-25304, "The specified item is no longer valid. It may have been deleted from the keychain."),
    (-25305, "Unable to search the current keychain."),
    (-25306, "The specified item does not appear to be a valid keychain item."),
    (-25307, "A default keychain could not be found."),
    (-25308, "User interaction is not allowed."),
    (-25309, "The specified attribute could not be modified."),
    (-25310, "This keychain was created by a different version of the system software and cannot be opened."),
    (-25311, "This item specifies a key size which is too large or too small."),
    (-25312, "A required component (data storage module) could not be loaded. You may need to restart your computer."),
    (-25313, "A required component (certificate module) could not be loaded. You may need to restart your computer."),
    (-25314, "A required component (policy module) could not be loaded. You may need to restart your computer."),
    (-25315, "User interaction is required, but is currently not allowed."),
    (-25316, "The contents of this item cannot be retrieved."),
    (-25317, "The contents of this item cannot be modified."),
    (-25318, "One or more certificates required to validate this certificate cannot be found."),
    (-25319, "The specified preferences domain is not valid."),
    (-25320, "In dark wake, no UI possible"),
    (-25240, "The specified access control list is not in standard (simple) form."),
    (-25241, "The specified policy cannot be found."),
    (-25242, "The specified trust setting is invalid."),
    (-25243, "The specified item has no access control."),
    (-25244, "Invalid attempt to change the owner of this item."),
    (-25245, "No trust results are available."),
    (-25256, "Import/Export format unsupported."),
    (-25257, "Unknown format in import."),
    (-25258, "Key material must be wrapped for export."),
    (-25259, "An attempt was made to import multiple private keys."),
    (-25260, "Passphrase is required for import/export."),
    (-25261, "The password reference was invalid."),
    (-25262, "The Trust Settings Record was corrupted."),
    (-25263, "No Trust Settings were found."),
    (-25264, "MAC verification failed during PKCS12 import (wrong password?)"),
    (-26267, "A certificate was not signed by its proposed parent."),
    (-26275, "Unable to decode the provided data."),
    (-67585, "The required service is not available."),
    (-67602, "A host name mismatch has occurred."),
    (-67603, "There is an unknown critical extension flag."),
    (-67604, "No basic constraints were found."),
    (-67609, "The extended key usage is not valid."),
    (-67611, "The path length constraint was exceeded."),
    (-67612, "The root or anchor certificate is not valid."),
    (-67689, "An invalid name was encountered."),
    (-67690, "An invalid certificate reference was encountered."),
    (-67818, "An expired certificate was detected."),
    (-67819, "The certificate is not yet valid."),
    (-67820, "The certificate was revoked."),
    (-67843, "The certificate was not trusted."),
];

// --- DER ----------------------------------------------------------------------

/// One DER element: tag, contents, and what follows it.
fn der(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = b.split_first()?;
    let (&l0, rest) = rest.split_first()?;
    let (len, rest) = if l0 < 0x80 {
        (l0 as usize, rest)
    } else {
        let n = (l0 & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &x| (a << 8) | x as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

const SEQ: u8 = 0x30;

/// The subject Name of a DER certificate (validating the structure up to
/// the subject public key info).
fn subject_of(cert: &[u8]) -> Option<&[u8]> {
    let (t, body, rest) = der(cert)?;
    if t != SEQ || !rest.is_empty() {
        return None;
    }
    let (t, tbs, rest) = der(body)?;
    if t != SEQ {
        return None;
    }
    let (t, _alg, rest) = der(rest)?;
    if t != SEQ {
        return None;
    }
    let (t, _sig, _) = der(rest)?;
    if t != 0x03 {
        return None;
    }
    let mut f = tbs;
    let (t, _, r) = der(f)?;
    if t == 0xa0 {
        f = r;
    }
    let (t, _serial, r) = der(f)?;
    if t != 0x02 {
        return None;
    }
    let (t, _, r) = der(r)?; // signature algorithm
    if t != SEQ {
        return None;
    }
    let (t, _, r) = der(r)?; // issuer
    if t != SEQ {
        return None;
    }
    let (t, _, r) = der(r)?; // validity
    if t != SEQ {
        return None;
    }
    let (t, subject, r) = der(r)?;
    if t != SEQ {
        return None;
    }
    let (t, _, _) = der(r)?; // subjectPublicKeyInfo
    (t == SEQ).then_some(subject)
}

/// Attribute OIDs (DER contents) of the name parts a summary uses.
const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
const OID_OU: &[u8] = &[0x55, 0x04, 0x0b];
const OID_O: &[u8] = &[0x55, 0x04, 0x0a];
const OID_EMAIL: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];

/// Decodes an X.520 directory string.
fn directory_string(tag: u8, v: &[u8]) -> Option<String> {
    match tag {
        0x0c | 0x13 | 0x16 | 0x1a => Some(String::from_utf8_lossy(v).into_owned()),
        0x14 => Some(v.iter().map(|&b| b as char).collect()),
        0x1e => {
            let u: Vec<u16> = v
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&u))
        }
        0x1c => Some(
            v.chunks_exact(4)
                .filter_map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect(),
        ),
        _ => None,
    }
}

/// Every (OID, value) of a Name, in order.
fn name_attributes(mut name: &[u8]) -> Vec<(&[u8], String)> {
    let mut out = Vec::new();
    while let Some((t, set, rest)) = der(name) {
        name = rest;
        if t != 0x31 {
            continue;
        }
        let mut s = set;
        while let Some((t, atv, r)) = der(s) {
            s = r;
            if t != SEQ {
                continue;
            }
            if let Some((0x06, oid, r)) = der(atv) {
                if let Some((vt, v, _)) = der(r) {
                    if let Some(text) = directory_string(vt, v) {
                        out.push((oid, text));
                    }
                }
            }
        }
    }
    out
}

/// The subject summary: the most specific common name, else the e-mail
/// address, organizational unit or organization.
fn summary(cert: &[u8]) -> Option<String> {
    let attrs = name_attributes(subject_of(cert)?);
    for want in [OID_CN, OID_EMAIL, OID_OU, OID_O] {
        if let Some((_, v)) = attrs.iter().rev().find(|(o, _)| *o == want) {
            return Some(v.clone());
        }
    }
    None
}

// --- certificates ---------------------------------------------------------------

pub struct CertBody {
    der: Vec<u8>,
}

pub static CERTIFICATE_CLASS: Class = Class {
    type_id: TYPE_ID_SEC_CERTIFICATE,
    name: "SecCertificate",
    finalize: base::drop_obj::<CertBody>,
    equal: |a, b| {
        // SAFETY: both are certificates.
        unsafe { cert(a).der == cert(b).der }
    },
    hash: |a| {
        // SAFETY: `a` is a certificate.
        base::fnv(unsafe { cert(a) }.der.iter().copied())
    },
    describe: |a| {
        // SAFETY: `a` is a certificate.
        format!(
            "<cert({:p}) s: {}>",
            a,
            summary(&unsafe { cert(a) }.der).unwrap_or_default()
        )
    },
    immortal: false,
};

unsafe fn cert<'a>(p: Ref) -> &'a CertBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<CertBody>(p, &CERTIFICATE_CLASS, "SecCertificate").body }
}

unsafe extern "C" fn certificate_get_type_id() -> CFTypeID {
    TYPE_ID_SEC_CERTIFICATE
}

unsafe extern "C" fn certificate_create_with_data(_a: Ref, d: Ref) -> Ref {
    if d.is_null() {
        return core::ptr::null();
    }
    // SAFETY: a CFData.
    let bytes = unsafe { data::bytes(d, "SecCertificateCreateWithData") };
    if subject_of(bytes).is_none() {
        return core::ptr::null();
    }
    alloc(
        &CERTIFICATE_CLASS,
        CertBody {
            der: bytes.to_vec(),
        },
    )
}

unsafe extern "C" fn certificate_copy_data(c: Ref) -> Ref {
    // SAFETY: a certificate.
    data::new_data(unsafe { cert(c) }.der.clone())
}

unsafe extern "C" fn certificate_copy_subject_summary(c: Ref) -> Ref {
    // SAFETY: a certificate.
    match summary(&unsafe { cert(c) }.der) {
        Some(s) => string::new_string(&s),
        None => core::ptr::null(),
    }
}

unsafe extern "C" fn certificate_copy_common_name(c: Ref, out: *mut Ref) -> i32 {
    if out.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: a certificate; `out` writable.
    unsafe {
        let attrs = subject_of(&cert(c).der)
            .map(name_attributes)
            .unwrap_or_default();
        *out = match attrs.iter().rev().find(|(o, _)| *o == OID_CN) {
            Some((_, v)) => string::new_string(v),
            None => core::ptr::null(),
        };
    }
    ERR_SEC_SUCCESS
}

// --- policies ---------------------------------------------------------------------

pub struct PolicyBody {
    ssl: bool,
    server: bool,
    hostname: Option<String>,
}

pub static POLICY_CLASS: Class = Class {
    type_id: TYPE_ID_SEC_POLICY,
    name: "SecPolicy",
    finalize: base::drop_obj::<PolicyBody>,
    equal: base::same,
    hash: base::addr_hash,
    describe: |a| {
        // SAFETY: `a` is a policy.
        let p = unsafe { &expect::<PolicyBody>(a, &POLICY_CLASS, "SecPolicy").body };
        let kind = if p.ssl { "sslServer" } else { "basicX509" };
        format!(
            "<SecPolicy {:p}: {kind} server={} host={}>",
            a,
            p.server,
            p.hostname.as_deref().unwrap_or("")
        )
    },
    immortal: false,
};

unsafe extern "C" fn policy_get_type_id() -> CFTypeID {
    TYPE_ID_SEC_POLICY
}

unsafe extern "C" fn policy_create_ssl(server: Boolean, hostname: Ref) -> Ref {
    // SAFETY: NULL or a string.
    let hostname = unsafe { string::opt_string(hostname) };
    alloc(
        &POLICY_CLASS,
        PolicyBody {
            ssl: true,
            server: server != 0,
            hostname,
        },
    )
}

unsafe extern "C" fn policy_create_basic_x509() -> Ref {
    alloc(
        &POLICY_CLASS,
        PolicyBody {
            ssl: false,
            server: false,
            hostname: None,
        },
    )
}

// --- trust ------------------------------------------------------------------------

/// `SecTrustResultType` (`SecTrust.h`).
const RESULT_INVALID: u32 = 0;
const RESULT_UNSPECIFIED: u32 = 4;
const RESULT_RECOVERABLE_TRUST_FAILURE: u32 = 5;
const RESULT_FATAL_TRUST_FAILURE: u32 = 6;

/// The last evaluation.
struct Evaluated {
    /// Certificates, leaf to anchor.
    chain: Vec<Owned>,
    failure: Option<verify::Failure>,
}

struct TrustState {
    /// Array of policies.
    policies: Owned,
    anchors: Option<Owned>,
    anchors_only: bool,
    verify_date: Option<Owned>,
    ocsp: Option<Owned>,
    network_fetch: bool,
    /// Cleared by every change of the inputs.
    result: Option<Evaluated>,
}

pub struct TrustBody {
    /// Array of certificates, leaf first.
    certs: Owned,
    state: Mutex<TrustState>,
}

pub static TRUST_CLASS: Class = Class {
    type_id: TYPE_ID_SEC_TRUST,
    name: "SecTrust",
    finalize: base::drop_obj::<TrustBody>,
    equal: base::same,
    hash: base::addr_hash,
    describe: base::plain_describe,
    immortal: false,
};

unsafe fn trust<'a>(p: Ref, func: &str) -> &'a TrustBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<TrustBody>(p, &TRUST_CLASS, func).body }
}

/// A single object of `class` or an array of them, as an array we own.
unsafe fn one_or_array(p: Ref, class: &'static Class) -> Option<Ref> {
    // SAFETY: `p` is NULL or a CF object.
    unsafe {
        if p.is_null() {
            return Some(array::new_cftype_array(&[]));
        }
        if base::cast::<()>(p, class).is_some() {
            return Some(array::new_cftype_array(&[p]));
        }
        if array::is_array(p) {
            let v = array::values(p);
            if v.iter().all(|&x| base::cast::<()>(x, class).is_some()) {
                return Some(array::new_cftype_array(&v));
            }
        }
        None
    }
}

unsafe extern "C" fn trust_get_type_id() -> CFTypeID {
    TYPE_ID_SEC_TRUST
}

unsafe extern "C" fn trust_create_with_certificates(
    certs: Ref,
    policies: Ref,
    out: *mut Ref,
) -> i32 {
    if out.is_null() || certs.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: CF objects; `out` writable.
    unsafe {
        let Some(c) = one_or_array(certs, &CERTIFICATE_CLASS) else {
            return ERR_SEC_PARAM;
        };
        if array::values(c).is_empty() {
            base::release(c);
            return ERR_SEC_PARAM;
        }
        let Some(p) = one_or_array(policies, &POLICY_CLASS) else {
            base::release(c);
            return ERR_SEC_PARAM;
        };
        let state = TrustState {
            policies: Owned(p),
            anchors: None,
            anchors_only: false,
            verify_date: None,
            ocsp: None,
            network_fetch: true,
            result: None,
        };
        *out = alloc(
            &TRUST_CLASS,
            TrustBody {
                certs: Owned(c),
                state: Mutex::new(state),
            },
        );
    }
    ERR_SEC_SUCCESS
}

fn state(t: &TrustBody) -> std::sync::MutexGuard<'_, TrustState> {
    t.state.lock().unwrap_or_else(|e| e.into_inner())
}

unsafe extern "C" fn trust_set_anchor_certificates(t: Ref, anchors: Ref) -> i32 {
    // SAFETY: a trust and NULL or an array of certificates.
    unsafe {
        let tb = trust(t, "SecTrustSetAnchorCertificates");
        let a = if anchors.is_null() {
            None
        } else {
            match one_or_array(anchors, &CERTIFICATE_CLASS) {
                Some(a) => Some(Owned(a)),
                None => return ERR_SEC_PARAM,
            }
        };
        let mut st = state(tb);
        // Setting anchors disables the system ones (SecTrust.h), which
        // SecTrustSetAnchorCertificatesOnly(false) turns back on; NULL
        // goes back to the system anchors alone.
        st.anchors_only = a.is_some();
        st.anchors = a;
        st.result = None;
    }
    ERR_SEC_SUCCESS
}

unsafe extern "C" fn trust_set_anchor_certificates_only(t: Ref, only: Boolean) -> i32 {
    // SAFETY: a trust.
    let mut st = state(unsafe { trust(t, "SecTrustSetAnchorCertificatesOnly") });
    st.anchors_only = only != 0;
    st.result = None;
    ERR_SEC_SUCCESS
}

unsafe extern "C" fn trust_set_verify_date(t: Ref, date: Ref) -> i32 {
    if date.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: a trust and a CF object.
    unsafe {
        if base::cast::<f64>(date, &number::DATE_CLASS).is_none() {
            return ERR_SEC_PARAM;
        }
        let mut st = state(trust(t, "SecTrustSetVerifyDate"));
        st.verify_date = Some(Owned(base::retain(date)));
        st.result = None;
    }
    ERR_SEC_SUCCESS
}

/// OCSP responses are kept but not used: there is no revocation checking.
unsafe extern "C" fn trust_set_ocsp_response(t: Ref, resp: Ref) -> i32 {
    // SAFETY: a trust and NULL, a CFData or an array of them.
    unsafe {
        state(trust(t, "SecTrustSetOCSPResponse")).ocsp = Some(Owned(base::retain_opt(resp)))
    };
    ERR_SEC_SUCCESS
}

unsafe extern "C" fn trust_set_policies(t: Ref, policies: Ref) -> i32 {
    // SAFETY: a trust and a policy or array of policies.
    unsafe {
        let tb = trust(t, "SecTrustSetPolicies");
        let Some(p) = one_or_array(policies, &POLICY_CLASS) else {
            return ERR_SEC_PARAM;
        };
        let mut st = state(tb);
        st.policies = Owned(p);
        st.result = None;
    }
    ERR_SEC_SUCCESS
}

/// Whether evaluation may fetch missing certificates or revocation data:
/// recorded; evaluation never needs the network here.
unsafe extern "C" fn trust_set_network_fetch_allowed(t: Ref, allow: Boolean) -> i32 {
    // SAFETY: a trust.
    state(unsafe { trust(t, "SecTrustSetNetworkFetchAllowed") }).network_fetch = allow != 0;
    ERR_SEC_SUCCESS
}

unsafe extern "C" fn trust_get_network_fetch_allowed(t: Ref, out: *mut Boolean) -> i32 {
    if out.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: a trust; `out` writable.
    unsafe { *out = state(trust(t, "SecTrustGetNetworkFetchAllowed")).network_fetch as Boolean };
    ERR_SEC_SUCCESS
}

/// Runs the evaluation unless its result is still current.
unsafe fn ensure_evaluated(tb: &TrustBody, st: &mut TrustState) {
    if st.result.is_some() {
        return;
    }
    // SAFETY: the trust's arrays hold certificates and policies; the date
    // is a CFDate.
    unsafe {
        let inputs = array::values(tb.certs.0);
        let input_ders: Vec<&[u8]> = inputs.iter().map(|&c| cert(c).der.as_slice()).collect();
        let custom = st
            .anchors
            .as_ref()
            .map(|a| array::values(a.0))
            .unwrap_or_default();
        let system = if st.anchors_only {
            None
        } else {
            Some(roots::system())
        };
        let custom_ders: Vec<rustls_pki_types::CertificateDer<'_>> = custom
            .iter()
            .map(|&c| rustls_pki_types::CertificateDer::from(cert(c).der.as_slice()))
            .collect();
        let mut anchor_ders: Vec<&[u8]> = Vec::new();
        let mut anchors = Vec::new();
        for d in &custom_ders {
            if let Ok(a) = webpki::anchor_from_trusted_cert(d) {
                anchors.push(a);
                anchor_ders.push(d.as_ref());
            }
        }
        if let Some(sys) = &system {
            for (a, der) in sys.anchors.iter().zip(&sys.ders) {
                anchors.push(rustls_pki_types::TrustAnchor {
                    subject: rustls_pki_types::Der::from(a.subject.as_ref()),
                    subject_public_key_info: rustls_pki_types::Der::from(
                        a.subject_public_key_info.as_ref(),
                    ),
                    name_constraints: a
                        .name_constraints
                        .as_ref()
                        .map(|n| rustls_pki_types::Der::from(n.as_ref())),
                });
                anchor_ders.push(der.as_slice());
            }
        }
        let checks: Vec<verify::Check> = array::values(st.policies.0)
            .iter()
            .map(|&p| {
                let p = &expect::<PolicyBody>(p, &POLICY_CLASS, "SecTrustEvaluate").body;
                verify::Check {
                    purpose: match (p.ssl, p.server) {
                        (true, true) => verify::Purpose::SslServer,
                        (true, false) => verify::Purpose::SslClient,
                        (false, _) => verify::Purpose::Basic,
                    },
                    name: p.hostname.clone().filter(|h| !h.is_empty()),
                }
            })
            .collect();
        let now = match &st.verify_date {
            Some(d) => {
                let abs = expect::<f64>(d.0, &number::DATE_CLASS, "SecTrustEvaluate").body;
                (abs + number::ABSOLUTE_TIME_INTERVAL_SINCE_1970).floor() as i64
            }
            None => {
                (number::absolute_time_now() + number::ABSOLUTE_TIME_INTERVAL_SINCE_1970) as i64
            }
        };
        let out = verify::evaluate(&input_ders, &anchors, &anchor_ders, &checks, now);
        let known: Vec<Ref> = inputs.iter().chain(custom.iter()).copied().collect();
        let chain = out
            .chain
            .into_iter()
            .map(|der| match known.iter().find(|&&c| cert(c).der == der) {
                Some(&c) => Owned(base::retain(c)),
                None => Owned(alloc(&CERTIFICATE_CLASS, CertBody { der })),
            })
            .collect();
        st.result = Some(Evaluated {
            chain,
            failure: out.failure,
        });
    }
}

/// The error of a failed evaluation (`SecTrustCopyError`): the failure's
/// OSStatus, described as "“<certificate>” certificate is ...".
unsafe fn failure_error(ev: &Evaluated, f: &verify::Failure) -> Ref {
    // SAFETY: the chain holds certificates.
    let name = ev
        .chain
        .get(f.cert)
        .and_then(|c| summary(unsafe { &cert(c.0).der }))
        .unwrap_or_default();
    let desc = f.subtype.format().replace("%@", &name);
    // SAFETY: a constant domain string.
    unsafe { error::new_error_with_description(K_DOMAIN_OSSTATUS.0, f.status as CFIndex, &desc) }
}

unsafe extern "C" fn trust_evaluate_with_error(t: Ref, err: *mut Ref) -> Boolean {
    // SAFETY: a trust; `err` NULL or writable.
    unsafe {
        let tb = trust(t, "SecTrustEvaluateWithError");
        let mut st = state(tb);
        ensure_evaluated(tb, &mut st);
        let ev = st.result.as_ref().expect("evaluated");
        match &ev.failure {
            None => {
                if !err.is_null() {
                    *err = core::ptr::null();
                }
                1
            }
            Some(f) => {
                error::report(err, || failure_error(ev, f));
                0
            }
        }
    }
}

fn result_type(ev: &Evaluated) -> u32 {
    match &ev.failure {
        None => RESULT_UNSPECIFIED,
        Some(f) if f.subtype.fatal() => RESULT_FATAL_TRUST_FAILURE,
        Some(_) => RESULT_RECOVERABLE_TRUST_FAILURE,
    }
}

/// `SecTrustEvaluate(trust, &result)` (deprecated): the evaluation ran,
/// `*result` says how it went.
unsafe extern "C" fn trust_evaluate(t: Ref, result: *mut u32) -> i32 {
    if t.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: a trust; `result` NULL or writable.
    unsafe {
        let tb = trust(t, "SecTrustEvaluate");
        let mut st = state(tb);
        ensure_evaluated(tb, &mut st);
        if !result.is_null() {
            *result = result_type(st.result.as_ref().expect("evaluated"));
        }
    }
    ERR_SEC_SUCCESS
}

/// The last evaluation's result, `kSecTrustResultInvalid` before any.
unsafe extern "C" fn trust_get_trust_result(t: Ref, result: *mut u32) -> i32 {
    if t.is_null() || result.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: a trust; `result` writable.
    unsafe {
        let st = state(trust(t, "SecTrustGetTrustResult"));
        *result = st.result.as_ref().map_or(RESULT_INVALID, result_type);
    }
    ERR_SEC_SUCCESS
}

/// The evaluated chain (evaluating first if needed), leaf to anchor.
unsafe fn chain_of(t: Ref, func: &str) -> Vec<Ref> {
    // SAFETY: a trust.
    unsafe {
        let tb = trust(t, func);
        let mut st = state(tb);
        ensure_evaluated(tb, &mut st);
        st.result
            .as_ref()
            .expect("evaluated")
            .chain
            .iter()
            .map(|c| c.0)
            .collect()
    }
}

unsafe extern "C" fn trust_copy_certificate_chain(t: Ref) -> Ref {
    // SAFETY: a trust.
    array::new_cftype_array(&unsafe { chain_of(t, "SecTrustCopyCertificateChain") })
}

unsafe extern "C" fn trust_get_certificate_count(t: Ref) -> CFIndex {
    // SAFETY: a trust.
    unsafe { chain_of(t, "SecTrustGetCertificateCount") }.len() as CFIndex
}

/// A certificate of the chain, owned by the trust until its next evaluation.
unsafe extern "C" fn trust_get_certificate_at_index(t: Ref, i: CFIndex) -> Ref {
    // SAFETY: a trust.
    let v = unsafe { chain_of(t, "SecTrustGetCertificateAtIndex") };
    if i < 0 {
        return core::ptr::null();
    }
    v.get(i as usize).copied().unwrap_or(core::ptr::null())
}

// --- trust settings ------------------------------------------------------------------

/// `kSecTrustSettingsDomainSystem`: the roots the system ships.
const TRUST_SETTINGS_DOMAIN_SYSTEM: u32 = 2;

/// The System domain holds the system anchors (here: the host's CA store,
/// [`roots`]), as on a Mac, where it lists Apple's shipped roots; the User
/// and Admin domains are empty (`errSecNoTrustSettings`).
unsafe extern "C" fn trust_settings_copy_certificates(domain: u32, out: *mut Ref) -> i32 {
    if out.is_null() {
        return ERR_SEC_PARAM;
    }
    if domain != TRUST_SETTINGS_DOMAIN_SYSTEM {
        // SAFETY: writable.
        unsafe { *out = core::ptr::null() };
        return ERR_SEC_NO_TRUST_SETTINGS;
    }
    let certs: Vec<Ref> = roots::system()
        .ders
        .iter()
        .map(|der| alloc(&CERTIFICATE_CLASS, CertBody { der: der.clone() }))
        .collect();
    let arr = array::new_cftype_array(&certs);
    for c in certs {
        // SAFETY: our own reference; the array holds another.
        unsafe { base::release(c) };
    }
    // SAFETY: writable.
    unsafe { *out = arr };
    ERR_SEC_SUCCESS
}

/// A system root's settings in the System domain are the empty array,
/// which means "trusted as a root for every policy" (`SecTrustSettings.h`);
/// any other certificate has none (`errSecItemNotFound`).
unsafe extern "C" fn trust_settings_copy_trust_settings(c: Ref, domain: u32, out: *mut Ref) -> i32 {
    if out.is_null() || c.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: writable.
    unsafe { *out = core::ptr::null() };
    if domain != TRUST_SETTINGS_DOMAIN_SYSTEM {
        return ERR_SEC_ITEM_NOT_FOUND;
    }
    // SAFETY: a certificate.
    let der = &unsafe { cert(c) }.der;
    if !roots::system().ders.iter().any(|d| d == der) {
        return ERR_SEC_ITEM_NOT_FOUND;
    }
    // SAFETY: writable.
    unsafe { *out = array::new_cftype_array(&[]) };
    ERR_SEC_SUCCESS
}

unsafe extern "C" fn copy_error_message_string(status: i32, _reserved: *mut c_void) -> Ref {
    match MESSAGES.iter().find(|(c, _)| *c == status) {
        Some((_, m)) => string::new_string(m),
        None => core::ptr::null(),
    }
}

// --- keychain ----------------------------------------------------------------------

unsafe extern "C" fn keychain_copy_domain_default(_domain: u32, out: *mut Ref) -> i32 {
    if !out.is_null() {
        // SAFETY: writable.
        unsafe { *out = core::ptr::null() };
    }
    ERR_SEC_NO_DEFAULT_KEYCHAIN
}

/// `SecKeychainAddGenericPassword(keychain, serviceLen, service, accountLen,
/// account, passwordLen, password, &item)`: NULL means the default
/// keychain, which does not exist; any other keychain reference is not
/// one we made.
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn keychain_add_generic_password(
    keychain: Ref,
    _sl: u32,
    _s: *const u8,
    _al: u32,
    _acct: *const u8,
    _pl: u32,
    _p: *const c_void,
    _item: *mut Ref,
) -> i32 {
    if keychain.is_null() {
        ERR_SEC_NO_DEFAULT_KEYCHAIN
    } else {
        ERR_SEC_INVALID_KEYCHAIN
    }
}

/// `SecKeychainFindGenericPassword(keychainOrArray, serviceLen, service,
/// accountLen, account, &passwordLen, &password, &item)`.
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn keychain_find_generic_password(
    _keychains: Ref,
    _sl: u32,
    _s: *const u8,
    _al: u32,
    _acct: *const u8,
    plen: *mut u32,
    pdata: *mut *mut c_void,
    item: *mut Ref,
) -> i32 {
    // SAFETY: outputs are NULL or writable.
    unsafe {
        if !plen.is_null() {
            *plen = 0;
        }
        if !pdata.is_null() {
            *pdata = core::ptr::null_mut();
        }
        if !item.is_null() {
            *item = core::ptr::null();
        }
    }
    ERR_SEC_ITEM_NOT_FOUND
}

unsafe extern "C" fn keychain_item_delete(_item: Ref) -> i32 {
    ERR_SEC_INVALID_ITEM_REF
}

unsafe extern "C" fn keychain_item_modify_attributes_and_data(
    _item: Ref,
    _attrs: *const c_void,
    _len: u32,
    _data: *const c_void,
) -> i32 {
    ERR_SEC_INVALID_ITEM_REF
}

/// Frees what a keychain lookup returned; ours never return any, so only
/// NULL pointers can come back here.
unsafe extern "C" fn keychain_item_free_content(attrs: *mut c_void, data: *mut c_void) -> i32 {
    if attrs.is_null() && data.is_null() {
        ERR_SEC_SUCCESS
    } else {
        ERR_SEC_PARAM
    }
}

/// `kSecRandomDefault`: the default generator, a NULL `SecRandomRef`.
static K_SEC_RANDOM_DEFAULT: usize = 0;

/// `SecRandomCopyBytes(rnd, count, bytes)`: the kernel's random bytes
/// (every generator is the default one); 0, or -1 when the kernel fails.
unsafe extern "C" fn random_copy_bytes(
    _rnd: *const c_void,
    count: usize,
    bytes: *mut c_void,
) -> i32 {
    if count == 0 {
        return ERR_SEC_SUCCESS;
    }
    if bytes.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: the program's buffer of `count` bytes.
    if unsafe { calvados_libsystem::kernel::entropy::fill(bytes.cast(), count) } {
        ERR_SEC_SUCCESS
    } else {
        -1
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_SecCertificateGetTypeID" => certificate_get_type_id,
    func "_SecCertificateCreateWithData" => certificate_create_with_data,
    func "_SecCertificateCopyData" => certificate_copy_data,
    func "_SecCertificateCopySubjectSummary" => certificate_copy_subject_summary,
    func "_SecCertificateCopyCommonName" => certificate_copy_common_name,
    func "_SecPolicyGetTypeID" => policy_get_type_id,
    func "_SecPolicyCreateSSL" => policy_create_ssl,
    func "_SecPolicyCreateBasicX509" => policy_create_basic_x509,
    func "_SecTrustGetTypeID" => trust_get_type_id,
    func "_SecTrustCreateWithCertificates" => trust_create_with_certificates,
    func "_SecTrustSetAnchorCertificates" => trust_set_anchor_certificates,
    func "_SecTrustSetAnchorCertificatesOnly" => trust_set_anchor_certificates_only,
    func "_SecTrustSetVerifyDate" => trust_set_verify_date,
    func "_SecTrustSetOCSPResponse" => trust_set_ocsp_response,
    func "_SecTrustSetPolicies" => trust_set_policies,
    func "_SecTrustSetNetworkFetchAllowed" => trust_set_network_fetch_allowed,
    func "_SecTrustGetNetworkFetchAllowed" => trust_get_network_fetch_allowed,
    func "_SecTrustEvaluateWithError" => trust_evaluate_with_error,
    func "_SecTrustEvaluate" => trust_evaluate,
    func "_SecTrustGetTrustResult" => trust_get_trust_result,
    func "_SecTrustCopyCertificateChain" => trust_copy_certificate_chain,
    func "_SecTrustGetCertificateCount" => trust_get_certificate_count,
    func "_SecTrustGetCertificateAtIndex" => trust_get_certificate_at_index,
    func "_SecTrustSettingsCopyCertificates" => trust_settings_copy_certificates,
    func "_SecTrustSettingsCopyTrustSettings" => trust_settings_copy_trust_settings,
    func "_SecCopyErrorMessageString" => copy_error_message_string,
    func "_SecKeychainCopyDomainDefault" => keychain_copy_domain_default,
    func "_SecKeychainAddGenericPassword" => keychain_add_generic_password,
    func "_SecKeychainFindGenericPassword" => keychain_find_generic_password,
    func "_SecKeychainItemDelete" => keychain_item_delete,
    func "_SecKeychainItemModifyAttributesAndData" => keychain_item_modify_attributes_and_data,
    func "_SecKeychainItemFreeContent" => keychain_item_free_content,
    func "_SecRandomCopyBytes" => random_copy_bytes,
    data "_kSecRandomDefault" => K_SEC_RANDOM_DEFAULT,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// `testdata.pem`: P-256 certificates valid 2020-2120 unless noted.
    /// Root A; intermediate (by A); leaf "Test Leaf" (by the intermediate,
    /// calvados.test and 127.0.0.1, server auth); "Test Expired" (by A,
    /// 2020-2021); "Test Client" (by A, client auth only); root B;
    /// self-signed non-CA "Test Self" (self.test).
    const ROOT_A: usize = 0;
    const INTER: usize = 1;
    const LEAF: usize = 2;
    const EXPIRED: usize = 3;
    const CLIENT: usize = 4;
    const ROOT_B: usize = 5;
    const SELF: usize = 6;

    fn certs() -> Vec<Ref> {
        roots::pem_certificates(include_bytes!("security/testdata.pem"))
            .into_iter()
            // SAFETY: a CFData.
            .map(|der| unsafe {
                certificate_create_with_data(core::ptr::null(), data::new_data(der))
            })
            .inspect(|c| assert!(!c.is_null()))
            .collect()
    }

    /// A CFDate from seconds since 1970.
    fn date(unix: i64) -> Ref {
        alloc(
            &number::DATE_CLASS,
            unix as f64 - number::ABSOLUTE_TIME_INTERVAL_SINCE_1970,
        )
    }
    /// 2030-01-01.
    const Y2030: i64 = 1_893_456_000;

    struct Case<'a> {
        chain: &'a [usize],
        anchors: &'a [usize],
        policy: Ref,
        when: i64,
    }

    /// Evaluates; answers the error (code, description) or None, and the
    /// chain built, as indexes into `all`.
    fn eval(all: &[Ref], c: Case<'_>) -> (Option<(CFIndex, String)>, Vec<usize>) {
        // SAFETY: certificates, policies and dates made above.
        unsafe {
            let input: Vec<Ref> = c.chain.iter().map(|&i| all[i]).collect();
            let anchors: Vec<Ref> = c.anchors.iter().map(|&i| all[i]).collect();
            let mut t = core::ptr::null();
            let arr = array::new_cftype_array(&input);
            assert_eq!(trust_create_with_certificates(arr, c.policy, &mut t), 0);
            base::release(arr);
            let arr = array::new_cftype_array(&anchors);
            assert_eq!(trust_set_anchor_certificates(t, arr), 0);
            base::release(arr);
            let d = date(c.when);
            assert_eq!(trust_set_verify_date(t, d), 0);
            base::release(d);
            let mut err = core::ptr::null();
            let ok = trust_evaluate_with_error(t, &mut err);
            assert_eq!(ok == 1, err.is_null());
            let res = (!err.is_null()).then(|| {
                let text = (error::ERROR_CLASS.describe)(err);
                base::release(err);
                let code = text
                    .split("Code=")
                    .nth(1)
                    .and_then(|r| r.split(' ').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap();
                assert!(
                    text.starts_with("Error Domain=NSOSStatusErrorDomain "),
                    "{text}"
                );
                (code, text.split('"').nth(1).unwrap_or_default().to_string())
            });
            let n = trust_get_certificate_count(t);
            let chain = (0..n)
                .map(|i| {
                    let c = trust_get_certificate_at_index(t, i);
                    all.iter().position(|&a| base::equal(a, c)).unwrap()
                })
                .collect();
            let copied = trust_copy_certificate_chain(t);
            assert_eq!(array::values(copied).len() as CFIndex, n);
            base::release(copied);
            let mut result = 99;
            assert_eq!(trust_get_trust_result(t, &mut result), 0);
            assert_eq!(result, if ok == 1 { 4 } else { 5 });
            base::release(t);
            (res, chain)
        }
    }

    fn ssl(name: &str) -> Ref {
        // SAFETY: a string.
        unsafe { policy_create_ssl(1, string::new_string(name)) }
    }

    #[test]
    fn chains_and_failures() {
        let all = certs();
        let host = ssl("calvados.test");
        let case = |chain, anchors, policy, when| {
            eval(
                &all,
                Case {
                    chain,
                    anchors,
                    policy,
                    when,
                },
            )
        };

        // Through the intermediate to the anchor, in any input order.
        assert_eq!(
            case(&[LEAF, INTER], &[ROOT_A], host, Y2030),
            (None, vec![LEAF, INTER, ROOT_A])
        );
        assert_eq!(
            case(&[LEAF, ROOT_B, INTER], &[ROOT_B, ROOT_A], host, Y2030),
            (None, vec![LEAF, INTER, ROOT_A])
        );
        let ip = ssl("127.0.0.1");
        assert_eq!(case(&[LEAF, INTER], &[ROOT_A], ip, Y2030).0, None);

        // Missing intermediate: the chain stops at a certificate that is
        // not self-issued.
        let (e, chain) = case(&[LEAF], &[ROOT_A], host, Y2030);
        assert_eq!(
            e.unwrap(),
            (
                -25318,
                "\u{201c}Test Leaf\u{201d} certificate is not trusted".into()
            )
        );
        assert_eq!(chain, vec![LEAF]);
        // Unknown root: the chain ends at a self-signed certificate.
        let (e, chain) = case(&[LEAF, INTER, ROOT_A], &[ROOT_B], host, Y2030);
        assert_eq!(
            e.unwrap(),
            (
                -67843,
                "\u{201c}Test Root A\u{201d} certificate is not trusted".into()
            )
        );
        assert_eq!(chain, vec![LEAF, INTER, ROOT_A]);

        // Names: DNS, IP.
        let (e, _) = case(&[LEAF, INTER], &[ROOT_A], ssl("other.test"), Y2030);
        assert_eq!(
            e.unwrap(),
            (
                -67602,
                "\u{201c}Test Leaf\u{201d} certificate name does not match input".into()
            )
        );
        assert_eq!(
            case(&[LEAF, INTER], &[ROOT_A], ssl("127.0.0.2"), Y2030)
                .0
                .unwrap()
                .0,
            -67602
        );

        // Dates: after, before, and an expired leaf (a name mismatch wins
        // over expiry, an untrusted chain over both).
        let (e, chain) = case(&[LEAF, INTER], &[ROOT_A], host, 5_000_000_000);
        assert_eq!(e.unwrap().0, -67818);
        assert_eq!(chain, vec![LEAF, INTER, ROOT_A]);
        assert_eq!(
            case(&[LEAF, INTER], &[ROOT_A], host, 1_500_000_000)
                .0
                .unwrap()
                .0,
            -67818
        );
        let (e, _) = case(&[EXPIRED], &[ROOT_A], host, Y2030);
        assert_eq!(
            e.unwrap(),
            (
                -67818,
                "\u{201c}Test Expired\u{201d} certificate is expired".into()
            )
        );
        assert_eq!(
            case(&[EXPIRED], &[ROOT_A], host, 1_590_000_000),
            (None, vec![EXPIRED, ROOT_A])
        );
        assert_eq!(
            case(&[EXPIRED], &[ROOT_A], ssl("x.test"), Y2030)
                .0
                .unwrap()
                .0,
            -67602
        );
        assert_eq!(
            case(&[EXPIRED], &[ROOT_B], ssl("x.test"), Y2030)
                .0
                .unwrap()
                .0,
            -25318
        );

        // Extended key usage: a client certificate fails the SSL server
        // policy, passes the client and basic ones.
        let (e, _) = case(&[CLIENT], &[ROOT_A], host, Y2030);
        assert_eq!(
            e.unwrap(),
            (
                -67609,
                "\u{201c}Test Client\u{201d} certificate is not permitted for this usage".into()
            )
        );
        // SAFETY: a string.
        let client = unsafe { policy_create_ssl(0, string::new_string("calvados.test")) };
        assert_eq!(case(&[CLIENT], &[ROOT_A], client, Y2030).0, None);
        // SAFETY: no arguments.
        let basic = unsafe { policy_create_basic_x509() };
        assert_eq!(
            case(&[CLIENT], &[ROOT_A], basic, Y2030),
            (None, vec![CLIENT, ROOT_A])
        );

        // A self-signed leaf trusted as its own anchor.
        assert_eq!(
            case(&[SELF], &[SELF], ssl("self.test"), Y2030),
            (None, vec![SELF])
        );
        assert_eq!(
            case(&[SELF], &[ROOT_A], ssl("self.test"), Y2030)
                .0
                .unwrap()
                .0,
            -67843
        );

        // SAFETY: objects made above.
        unsafe {
            for p in [host, ip, client, basic] {
                base::release(p);
            }
            for c in all {
                base::release(c);
            }
        }
    }

    #[test]
    fn evaluation_follows_changes() {
        let all = certs();
        // SAFETY: objects made here.
        unsafe {
            let input = array::new_cftype_array(&[all[LEAF], all[INTER]]);
            let policy = ssl("calvados.test");
            let mut t = core::ptr::null();
            assert_eq!(trust_create_with_certificates(input, policy, &mut t), 0);
            let d = date(Y2030);
            trust_set_verify_date(t, d);
            let a = array::new_cftype_array(&[all[ROOT_A]]);
            trust_set_anchor_certificates(t, a);
            let mut r = 0;
            assert_eq!(trust_evaluate(t, &mut r), 0);
            assert_eq!((r, trust_get_certificate_count(t)), (4, 3));
            // Another name: evaluated again, recoverable failure.
            let other = ssl("other.test");
            trust_set_policies(t, other);
            assert_eq!(trust_get_trust_result(t, &mut r), 0);
            assert_eq!(r, 0, "a change discards the result");
            assert_eq!(trust_evaluate_with_error(t, core::ptr::null_mut()), 0);
            assert_eq!(trust_get_trust_result(t, &mut r), 0);
            assert_eq!(r, 5);
            // Anchors only off: root A plus the system anchors.
            trust_set_policies(t, policy);
            trust_set_anchor_certificates_only(t, 0);
            assert_eq!(trust_evaluate_with_error(t, core::ptr::null_mut()), 1);
            let mut fetch = 9;
            assert_eq!(trust_get_network_fetch_allowed(t, &mut fetch), 0);
            assert_eq!(fetch, 1);
            trust_set_network_fetch_allowed(t, 0);
            trust_get_network_fetch_allowed(t, &mut fetch);
            assert_eq!(fetch, 0);
            for o in [t, input, policy, d, a, other] {
                base::release(o);
            }
            for c in all {
                base::release(c);
            }
        }
    }
}
