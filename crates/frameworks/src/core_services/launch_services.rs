//! Launch Services: opening documents and URLs with applications.
//!
//! There is no application database or GUI session under Calvados, so every
//! request answers `kLSApplicationNotFoundErr` (-10814, `LSInfo.h`: "no
//! application claims the file"), which is what macOS answers when no
//! application is registered for the item; callers report it and go on
//! (e.g. `cmake --open`, `turbo login` print the URL to open by hand).

use crate::core_foundation::base::{CFIndex, Ref};
use crate::core_foundation::error::{self, K_DOMAIN_OSSTATUS};

/// `kLSApplicationNotFoundErr`.
pub const APPLICATION_NOT_FOUND: i32 = -10814;

/// `LSOpenCFURLRef(url, &launchedURL)`.
unsafe extern "C" fn open_cfurl_ref(_url: Ref, _launched: *mut Ref) -> i32 {
    APPLICATION_NOT_FOUND
}

/// `LSOpenFromURLSpec(&spec, &launchedURL)`.
unsafe extern "C" fn open_from_url_spec(
    _spec: *const core::ffi::c_void,
    _launched: *mut Ref,
) -> i32 {
    APPLICATION_NOT_FOUND
}

/// `LSCopyDefaultApplicationURLForURL(url, roles, &error)`: NULL, with an
/// `NSOSStatusErrorDomain` error carrying the code.
unsafe extern "C" fn copy_default_application_url_for_url(
    _url: Ref,
    _roles: u32,
    err: *mut Ref,
) -> Ref {
    // SAFETY: `err` is NULL or writable.
    unsafe {
        error::report(err, || {
            error::new_error_with_description(
                K_DOMAIN_OSSTATUS.0,
                APPLICATION_NOT_FOUND as CFIndex,
                "No application knows how to open the URL (Calvados has no Launch Services database).",
            )
        })
    };
    core::ptr::null()
}

/// `LSCopyDefaultApplicationURLForContentType(type, roles, &error)`.
unsafe extern "C" fn copy_default_application_url_for_content_type(
    _t: Ref,
    roles: u32,
    err: *mut Ref,
) -> Ref {
    // SAFETY: as above.
    unsafe { copy_default_application_url_for_url(core::ptr::null(), roles, err) }
}

/// `LSCopyApplicationURLsForURL(url, roles)`: NULL means no application.
unsafe extern "C" fn copy_application_urls_for_url(_url: Ref, _roles: u32) -> Ref {
    core::ptr::null()
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_LSOpenCFURLRef" => open_cfurl_ref,
    func "_LSOpenFromURLSpec" => open_from_url_spec,
    func "_LSCopyDefaultApplicationURLForURL" => copy_default_application_url_for_url,
    func "_LSCopyDefaultApplicationURLForContentType" => copy_default_application_url_for_content_type,
    func "_LSCopyApplicationURLsForURL" => copy_application_urls_for_url,
};
