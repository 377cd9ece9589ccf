//! Host identity calls: `gethostuuid`.

use libc::{c_int, c_void};

/// The 16-byte host UUID, taken from the Linux machine id
/// (`/etc/machine-id`, or D-Bus' copy), which is likewise stable per host.
fn machine_uuid() -> Option<[u8; 16]> {
    let text = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())?;
    let hex = text.trim();
    if hex.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// darwin `gethostuuid(uuid_t id, const struct timespec *wait)`; `wait` is
/// irrelevant because the answer is local. Fails with `EIO` when the host
/// has no machine id.
unsafe extern "C" fn gethostuuid(id: *mut u8, _wait: *const c_void) -> c_int {
    match machine_uuid() {
        Some(u) => {
            // SAFETY: `uuid_t` is 16 bytes.
            unsafe { core::ptr::copy_nonoverlapping(u.as_ptr(), id, 16) };
            0
        }
        None => {
            crate::errno::set(libc::EIO);
            -1
        }
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_gethostuuid" => gethostuuid,
};
