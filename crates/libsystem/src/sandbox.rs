//! libsandbox (`/usr/lib/libsandbox.1.dylib`): `sandbox_init` and its
//! variants, `sandbox_free_error`, `sandbox_check`.
//!
//! `sandbox.h`: `int sandbox_init(const char *profile, uint64_t flags,
//! char **errorbuf)` (and `_with_parameters` / `_with_extensions`, which
//! add a NULL-terminated `const char *const[]`) return 0 on success, -1
//! with `*errorbuf` set (freed by `sandbox_free_error`) on failure;
//! `SANDBOX_NAMED` (1) makes `profile` one of the `kSBXProfile*` names.
//! Calvados has no sandbox: these succeed without confining the process,
//! the documented no-op that matches Nix's own `sandbox = false` default on
//! Darwin (Nix ≥ 2.25 calls `sandbox_init_with_parameters` even then);
//! `sandbox-exec` in `calvados-tools` behaves alike. `sandbox_check`
//! answers 0: nothing is denied.

use libc::{c_char, c_int};

/// Whether the caller passed a profile at all (`sandbox.h` requires one).
fn init(profile: *const c_char, errorbuf: *mut *mut c_char) -> c_int {
    if !errorbuf.is_null() {
        // SAFETY: the caller's out-pointer.
        unsafe { *errorbuf = core::ptr::null_mut() };
    }
    if profile.is_null() {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    }
    0
}

unsafe extern "C" fn sandbox_init(
    profile: *const c_char,
    _flags: u64,
    errorbuf: *mut *mut c_char,
) -> c_int {
    init(profile, errorbuf)
}

unsafe extern "C" fn sandbox_init_with_parameters(
    profile: *const c_char,
    _flags: u64,
    _parameters: *const *const c_char,
    errorbuf: *mut *mut c_char,
) -> c_int {
    init(profile, errorbuf)
}

unsafe extern "C" fn sandbox_init_with_extensions(
    profile: *const c_char,
    _flags: u64,
    _extensions: *const *const c_char,
    errorbuf: *mut *mut c_char,
) -> c_int {
    init(profile, errorbuf)
}

/// Frees an error string from `sandbox_init`; we never make one, and
/// `NULL` is allowed.
unsafe extern "C" fn sandbox_free_error(errorbuf: *mut c_char) {
    if !errorbuf.is_null() {
        // SAFETY: an error string would come from malloc.
        unsafe { libc::free(errorbuf.cast()) };
    }
}

/// `int sandbox_check(pid_t, const char *operation, enum
/// sandbox_filter_type, ...)`: 0, the operation is allowed.
unsafe extern "C" fn sandbox_check(_pid: c_int, _operation: *const c_char, _type: c_int) -> c_int {
    0
}

/// The named profiles of `SANDBOX_NAMED` (`sandbox.h`).
static K_SBX_NO_INTERNET: [u8; 12] = *b"no-internet\0";
static K_SBX_NO_NETWORK: [u8; 11] = *b"no-network\0";
static K_SBX_NO_WRITE: [u8; 9] = *b"no-write\0";
static K_SBX_NO_WRITE_EXCEPT_TEMPORARY: [u8; 26] = *b"no-write-except-temporary\0";
static K_SBX_PURE_COMPUTATION: [u8; 17] = *b"pure-computation\0";

/// The exports of this module.
pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_sandbox_init" => sandbox_init,
    func "_sandbox_init_with_parameters" => sandbox_init_with_parameters,
    func "_sandbox_init_with_extensions" => sandbox_init_with_extensions,
    func "_sandbox_free_error" => sandbox_free_error,
    func "_sandbox_check" => sandbox_check,
    data "_kSBXProfileNoInternet" => K_SBX_NO_INTERNET,
    data "_kSBXProfileNoNetwork" => K_SBX_NO_NETWORK,
    data "_kSBXProfileNoWrite" => K_SBX_NO_WRITE,
    data "_kSBXProfileNoWriteExceptTemporary" => K_SBX_NO_WRITE_EXCEPT_TEMPORARY,
    data "_kSBXProfilePureComputation" => K_SBX_PURE_COMPUTATION,
};
