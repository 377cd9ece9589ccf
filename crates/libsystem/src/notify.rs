//! libnotify (`libsystem_notify`, `<notify.h>`): the token table.
//!
//! A token names one registration for a notification name. What programs
//! use without a notification server is the table itself: Go's runtime
//! calls `notify_is_valid_token(0)` at start-up only to make libnotify set
//! up its globals before any `fork` (golang.org/issue/33565). Delivery of
//! posted notifications needs `notifyd`, so `notify_post`, `notify_check`
//! and the signal/port/file-descriptor/dispatch registrations are not
//! exported (calling one names it and exits).
//!
//! Status values (`NOTIFY_STATUS_*`, Apple's `notify.h`): OK 0,
//! INVALID_NAME 1, INVALID_TOKEN 2, ..., FAILED 1000000.

use libc::{c_char, c_int};
use std::collections::BTreeMap;
use std::sync::Mutex;

const STATUS_OK: u32 = 0;
const STATUS_INVALID_NAME: u32 = 1;
const STATUS_INVALID_TOKEN: u32 = 2;
const STATUS_FAILED: u32 = 1_000_000;

struct Table {
    next: c_int,
    names: BTreeMap<c_int, Vec<u8>>,
}

static TABLE: Mutex<Table> = Mutex::new(Table {
    next: 1,
    names: BTreeMap::new(),
});

fn table() -> std::sync::MutexGuard<'static, Table> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner())
}

/// `notify_is_valid_token(val)`: whether `val` is a live registration.
extern "C" fn notify_is_valid_token(val: c_int) -> bool {
    table().names.contains_key(&val)
}

/// `notify_register_check(name, &token)`: a new registration.
unsafe extern "C" fn notify_register_check(name: *const c_char, out: *mut c_int) -> u32 {
    if name.is_null() {
        return STATUS_INVALID_NAME;
    }
    if out.is_null() {
        return STATUS_FAILED;
    }
    // SAFETY: `name` is a NUL-terminated C string.
    let n = unsafe { core::ffi::CStr::from_ptr(name) }
        .to_bytes()
        .to_vec();
    let mut t = table();
    let tok = t.next;
    t.next = t.next.checked_add(1).unwrap_or(1);
    t.names.insert(tok, n);
    // SAFETY: `out` is writable.
    unsafe { *out = tok };
    STATUS_OK
}

/// `notify_cancel(token)`: ends a registration.
extern "C" fn notify_cancel(token: c_int) -> u32 {
    match table().names.remove(&token) {
        Some(_) => STATUS_OK,
        None => STATUS_INVALID_TOKEN,
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_notify_is_valid_token" => notify_is_valid_token,
    func "_notify_register_check" => notify_register_check,
    func "_notify_cancel" => notify_cancel,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let mut tok = -1;
        // SAFETY: a literal C string and a local out-parameter.
        let st = unsafe { notify_register_check(c"self.calvados.test".as_ptr(), &mut tok) };
        assert_eq!(st, STATUS_OK);
        assert!(notify_is_valid_token(tok));
        assert_eq!(notify_cancel(tok), STATUS_OK);
        assert!(!notify_is_valid_token(tok));
        assert_eq!(notify_cancel(tok), STATUS_INVALID_TOKEN);
    }
}
