//! Security (`/System/Library/Frameworks/Security.framework`): certificates,
//! trust and keychains, for a machine with no keychain and no trust store.
//!
//! Certificates are real objects made from DER (`SecCertificateCreateWithData`
//! checks the X.509 structure and answers NULL otherwise) and give their
//! DER and subject back. Trust objects record their inputs, but there is
//! no macOS trust store to evaluate against and no signature checking, so
//! `SecTrustEvaluateWithError` answers false with an `NSOSStatusErrorDomain`
//! error, code `errSecNotTrusted`; TLS stacks then fall back to their own
//! CA bundles. The trust-settings store is empty: `SecTrustSettingsCopyCertificates`
//! answers `errSecNoTrustSettings` and `SecTrustSettingsCopyTrustSettings`
//! `errSecItemNotFound`. There is no keychain: the default keychain is
//! missing (`errSecNoDefaultKeychain`), searches find nothing
//! (`errSecItemNotFound`), and item references, which are never handed out,
//! are invalid (`errSecInvalidItemRef`). OSStatus values and messages are
//! `SecBase.h`'s (macOS 11.3 SDK).

use crate::core_foundation::base::{
    self, alloc, expect, Boolean, CFIndex, CFTypeID, Class, Owned, Ref,
};
use crate::core_foundation::base::{
    TYPE_ID_SEC_CERTIFICATE, TYPE_ID_SEC_POLICY, TYPE_ID_SEC_TRUST,
};
use crate::core_foundation::error::{self, K_DOMAIN_OSSTATUS};
use crate::core_foundation::{array, data, string};
use libc::c_void;
use std::sync::Mutex;

pub const ERR_SEC_SUCCESS: i32 = 0;
pub const ERR_SEC_PARAM: i32 = -50;
pub const ERR_SEC_INVALID_KEYCHAIN: i32 = -25295;
pub const ERR_SEC_ITEM_NOT_FOUND: i32 = -25300;
pub const ERR_SEC_INVALID_ITEM_REF: i32 = -25304;
pub const ERR_SEC_NO_DEFAULT_KEYCHAIN: i32 = -25307;
pub const ERR_SEC_NO_TRUST_SETTINGS: i32 = -25263;
pub const ERR_SEC_NOT_TRUSTED: i32 = -67843;

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
    (-67612, "The root or anchor certificate is not valid."),
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

struct TrustState {
    /// Array of policies.
    policies: Owned,
    anchors: Option<Owned>,
    anchors_only: bool,
    verify_date: Option<Owned>,
    ocsp: Option<Owned>,
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
        st.anchors = a;
        // Setting anchors disables the system ones (SecTrust.h), which
        // SecTrustSetAnchorCertificatesOnly(false) turns back on.
        st.anchors_only = true;
    }
    ERR_SEC_SUCCESS
}

unsafe extern "C" fn trust_set_anchor_certificates_only(t: Ref, only: Boolean) -> i32 {
    // SAFETY: a trust.
    state(unsafe { trust(t, "SecTrustSetAnchorCertificatesOnly") }).anchors_only = only != 0;
    ERR_SEC_SUCCESS
}

unsafe extern "C" fn trust_set_verify_date(t: Ref, date: Ref) -> i32 {
    if date.is_null() {
        return ERR_SEC_PARAM;
    }
    // SAFETY: a trust and a date.
    unsafe {
        state(trust(t, "SecTrustSetVerifyDate")).verify_date = Some(Owned(base::retain(date)))
    };
    ERR_SEC_SUCCESS
}

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
        state(tb).policies = Owned(p);
    }
    ERR_SEC_SUCCESS
}

/// No trust store: never trusted (see the module comment).
unsafe extern "C" fn trust_evaluate_with_error(t: Ref, err: *mut Ref) -> Boolean {
    // SAFETY: a trust; `err` NULL or writable.
    unsafe {
        let tb = trust(t, "SecTrustEvaluateWithError");
        let leaf = array::values(tb.certs.0).first().copied();
        let name = leaf
            .and_then(|c| summary(&cert(c).der))
            .unwrap_or_else(|| "certificate".into());
        error::report(err, || {
            error::new_error_with_description(
                K_DOMAIN_OSSTATUS.0,
                ERR_SEC_NOT_TRUSTED as CFIndex,
                &format!("\u{201c}{name}\u{201d} certificate is not trusted (Calvados has no macOS trust store)"),
            )
        });
    }
    0
}

unsafe extern "C" fn trust_copy_certificate_chain(t: Ref) -> Ref {
    // SAFETY: a trust.
    unsafe {
        let v = array::values(trust(t, "SecTrustCopyCertificateChain").certs.0);
        array::new_cftype_array(&v)
    }
}

unsafe extern "C" fn trust_get_certificate_count(t: Ref) -> CFIndex {
    // SAFETY: a trust.
    unsafe { array::values(trust(t, "SecTrustGetCertificateCount").certs.0).len() as CFIndex }
}

unsafe extern "C" fn trust_get_certificate_at_index(t: Ref, i: CFIndex) -> Ref {
    // SAFETY: a trust.
    let v = unsafe { array::values(trust(t, "SecTrustGetCertificateAtIndex").certs.0) };
    if i < 0 {
        return core::ptr::null();
    }
    v.get(i as usize).copied().unwrap_or(core::ptr::null())
}

// --- trust settings ------------------------------------------------------------------

unsafe extern "C" fn trust_settings_copy_certificates(_domain: u32, out: *mut Ref) -> i32 {
    if !out.is_null() {
        // SAFETY: writable.
        unsafe { *out = core::ptr::null() };
    }
    ERR_SEC_NO_TRUST_SETTINGS
}

unsafe extern "C" fn trust_settings_copy_trust_settings(
    _cert: Ref,
    _domain: u32,
    out: *mut Ref,
) -> i32 {
    if !out.is_null() {
        // SAFETY: writable.
        unsafe { *out = core::ptr::null() };
    }
    ERR_SEC_ITEM_NOT_FOUND
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
    func "_SecTrustEvaluateWithError" => trust_evaluate_with_error,
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
};
