//! `CFError`: a domain, a code and a user-info dictionary.
//!
//! Domain and key strings are CF's (`CFError.c`: `NSPOSIXErrorDomain`,
//! `NSOSStatusErrorDomain`, `NSMachErrorDomain`, `NSCocoaErrorDomain`,
//! `NSLocalizedDescription`...). `CFErrorCopyDescription` follows
//! `CFError.h`: the localized description as is; else "The operation
//! couldn’t be completed. " with the failure reason; else a parenthesized
//! "(<domain> error <code> - <description>)" or "(<domain> error <code>.)",
//! with the domains' short display names (POSIX, OSStatus, Mach, Cocoa).

use super::base::{self, alloc, expect, CFIndex, CFTypeID, Class, Ref, TYPE_ID_ERROR};
use super::{dictionary as dict, string};
use crate::cf_const_string;

cf_const_string!(K_DOMAIN_POSIX = "NSPOSIXErrorDomain");
cf_const_string!(K_DOMAIN_OSSTATUS = "NSOSStatusErrorDomain");
cf_const_string!(K_DOMAIN_MACH = "NSMachErrorDomain");
cf_const_string!(K_DOMAIN_COCOA = "NSCocoaErrorDomain");
cf_const_string!(K_LOCALIZED_DESCRIPTION = "NSLocalizedDescription");
cf_const_string!(K_LOCALIZED_FAILURE = "NSLocalizedFailure");
cf_const_string!(K_LOCALIZED_FAILURE_REASON = "NSLocalizedFailureReason");
cf_const_string!(K_LOCALIZED_RECOVERY_SUGGESTION = "NSLocalizedRecoverySuggestion");
cf_const_string!(K_DESCRIPTION = "NSDescription");
cf_const_string!(K_DEBUG_DESCRIPTION = "NSDebugDescription");
cf_const_string!(K_UNDERLYING_ERROR = "NSUnderlyingError");
cf_const_string!(K_URL = "NSURL");
cf_const_string!(K_FILE_PATH = "NSFilePath");

pub struct ErrorBody {
    domain: Ref,
    code: CFIndex,
    /// Always a dictionary (empty when created with NULL).
    info: Ref,
}

impl Drop for ErrorBody {
    fn drop(&mut self) {
        // SAFETY: the error owns one reference to each.
        unsafe {
            base::release(self.domain);
            base::release(self.info);
        }
    }
}

pub static ERROR_CLASS: Class = Class {
    type_id: TYPE_ID_ERROR,
    name: "CFError",
    finalize: base::drop_obj::<ErrorBody>,
    equal: |a, b| {
        // SAFETY: both are errors.
        unsafe {
            let (x, y) = (body(a, "CFEqual"), body(b, "CFEqual"));
            x.code == y.code && base::equal(x.domain, y.domain) && base::equal(x.info, y.info)
        }
    },
    hash: |a| {
        // SAFETY: `a` is an error.
        unsafe { body(a, "CFHash") }.code as usize
    },
    describe: |a| {
        // SAFETY: `a` is an error.
        unsafe {
            let b = body(a, "CFCopyDescription");
            format!(
                "Error Domain={} Code={} \"{}\"",
                string::to_string(b.domain),
                b.code,
                description(a)
            )
        }
    },
    immortal: false,
};

unsafe fn body<'a>(e: Ref, func: &str) -> &'a ErrorBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<ErrorBody>(e, &ERROR_CLASS, func).body }
}

/// A new error; `info` pairs are CF keys and values (retained).
///
/// # Safety
/// `domain` is a string; `info` holds CF objects.
pub unsafe fn new_error(domain: Ref, code: CFIndex, info: &[(Ref, Ref)]) -> Ref {
    let d = dict::new_cftype_dict();
    for &(k, v) in info {
        // SAFETY: a dictionary we just made.
        unsafe { dict::set(d, k, v) };
    }
    // SAFETY: `domain` is a string.
    let domain = unsafe { base::retain(domain) };
    alloc(
        &ERROR_CLASS,
        ErrorBody {
            domain,
            code,
            info: d,
        },
    )
}

/// A new error whose description is `desc`.
///
/// # Safety
/// `domain` is a string.
pub unsafe fn new_error_with_description(domain: Ref, code: CFIndex, desc: &str) -> Ref {
    let s = base::Owned(string::new_string(desc));
    // SAFETY: per the contract.
    unsafe { new_error(domain, code, &[(K_LOCALIZED_DESCRIPTION.0, s.0)]) }
}

/// Stores a new error in `*out` when the caller asked for one.
///
/// # Safety
/// `out` is NULL or writable.
pub unsafe fn report(out: *mut Ref, make: impl FnOnce() -> Ref) {
    if !out.is_null() {
        // SAFETY: per the contract.
        unsafe { *out = make() };
    }
}

fn domain_display(domain: &str) -> &str {
    match domain {
        "NSPOSIXErrorDomain" => "POSIX",
        "NSOSStatusErrorDomain" => "OSStatus",
        "NSMachErrorDomain" => "Mach",
        "NSCocoaErrorDomain" => "Cocoa",
        d => d,
    }
}

unsafe fn info_string(b: &ErrorBody, key: Ref) -> Option<String> {
    // SAFETY: `info` is a dictionary.
    unsafe { string::opt_string(dict::get(b.info, key)) }
}

/// The text of `CFErrorCopyDescription`.
unsafe fn description(e: Ref) -> String {
    // SAFETY: `e` is an error.
    unsafe {
        let b = body(e, "CFErrorCopyDescription");
        if let Some(d) = info_string(b, K_LOCALIZED_DESCRIPTION.0) {
            return d;
        }
        let reason = info_string(b, K_LOCALIZED_FAILURE_REASON.0);
        if let Some(f) = info_string(b, K_LOCALIZED_FAILURE.0) {
            return match reason {
                Some(r) => format!("{f} {r}"),
                None => f,
            };
        }
        if let Some(r) = reason {
            return format!("The operation couldn\u{2019}t be completed. {r}");
        }
        let domain = string::to_string(b.domain);
        let shown = domain_display(&domain);
        match info_string(b, K_DESCRIPTION.0) {
            Some(d) => format!(
                "The operation couldn\u{2019}t be completed. ({shown} error {} - {d})",
                b.code
            ),
            None => format!(
                "The operation couldn\u{2019}t be completed. ({shown} error {}.)",
                b.code
            ),
        }
    }
}

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_ERROR
}

unsafe extern "C" fn create(_a: Ref, domain: Ref, code: CFIndex, info: Ref) -> Ref {
    // SAFETY: `domain` is a string, `info` NULL or a dictionary.
    unsafe {
        let pairs = if info.is_null() {
            Vec::new()
        } else {
            dict::entries(info)
        };
        if !string::is_string(domain) {
            base::fatal("CFErrorCreate: the domain is not a CFString");
        }
        new_error(domain, code, &pairs)
    }
}

unsafe extern "C" fn create_with_user_info_keys_and_values(
    _a: Ref,
    domain: Ref,
    code: CFIndex,
    keys: *const Ref,
    vals: *const Ref,
    n: CFIndex,
) -> Ref {
    let mut pairs = Vec::new();
    for i in 0..n.max(0) as usize {
        // SAFETY: `n` keys and values.
        unsafe { pairs.push((*keys.add(i), *vals.add(i))) };
    }
    // SAFETY: the program passes a string domain and CF keys and values.
    unsafe { new_error(domain, code, &pairs) }
}

unsafe extern "C" fn get_domain(e: Ref) -> Ref {
    // SAFETY: an error.
    unsafe { body(e, "CFErrorGetDomain") }.domain
}

unsafe extern "C" fn get_code(e: Ref) -> CFIndex {
    // SAFETY: an error.
    unsafe { body(e, "CFErrorGetCode") }.code
}

unsafe extern "C" fn copy_user_info(e: Ref) -> Ref {
    // SAFETY: an error.
    unsafe { base::retain(body(e, "CFErrorCopyUserInfo").info) }
}

unsafe extern "C" fn copy_description(e: Ref) -> Ref {
    // SAFETY: an error.
    string::new_string(&unsafe { description(e) })
}

unsafe extern "C" fn copy_failure_reason(e: Ref) -> Ref {
    // SAFETY: an error.
    match unsafe {
        info_string(
            body(e, "CFErrorCopyFailureReason"),
            K_LOCALIZED_FAILURE_REASON.0,
        )
    } {
        Some(s) => string::new_string(&s),
        None => core::ptr::null(),
    }
}

unsafe extern "C" fn copy_recovery_suggestion(e: Ref) -> Ref {
    // SAFETY: an error.
    match unsafe {
        info_string(
            body(e, "CFErrorCopyRecoverySuggestion"),
            K_LOCALIZED_RECOVERY_SUGGESTION.0,
        )
    } {
        Some(s) => string::new_string(&s),
        None => core::ptr::null(),
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFErrorGetTypeID" => get_type_id,
    func "_CFErrorCreate" => create,
    func "_CFErrorCreateWithUserInfoKeysAndValues" => create_with_user_info_keys_and_values,
    func "_CFErrorGetDomain" => get_domain,
    func "_CFErrorGetCode" => get_code,
    func "_CFErrorCopyUserInfo" => copy_user_info,
    func "_CFErrorCopyDescription" => copy_description,
    func "_CFErrorCopyFailureReason" => copy_failure_reason,
    func "_CFErrorCopyRecoverySuggestion" => copy_recovery_suggestion,
    data "_kCFErrorDomainPOSIX" => K_DOMAIN_POSIX,
    data "_kCFErrorDomainOSStatus" => K_DOMAIN_OSSTATUS,
    data "_kCFErrorDomainMach" => K_DOMAIN_MACH,
    data "_kCFErrorDomainCocoa" => K_DOMAIN_COCOA,
    data "_kCFErrorLocalizedDescriptionKey" => K_LOCALIZED_DESCRIPTION,
    data "_kCFErrorLocalizedFailureKey" => K_LOCALIZED_FAILURE,
    data "_kCFErrorLocalizedFailureReasonKey" => K_LOCALIZED_FAILURE_REASON,
    data "_kCFErrorLocalizedRecoverySuggestionKey" => K_LOCALIZED_RECOVERY_SUGGESTION,
    data "_kCFErrorDescriptionKey" => K_DESCRIPTION,
    data "_kCFErrorDebugDescriptionKey" => K_DEBUG_DESCRIPTION,
    data "_kCFErrorUnderlyingErrorKey" => K_UNDERLYING_ERROR,
    data "_kCFErrorURLKey" => K_URL,
    data "_kCFErrorFilePathKey" => K_FILE_PATH,
};
