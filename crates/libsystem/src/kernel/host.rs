//! Host identity and system-wide calls: `gethostuuid`, `gethostname`,
//! `sethostname`, `getloadavg`, `setgroups`, `chroot`.

use libc::{c_char, c_int, c_void, size_t};

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

/// darwin `gethostname`: a buffer too small for the name gets the name
/// truncated and NUL-terminated, with success (Libc `gen/gethostname.c`);
/// glibc fails with ENAMETOOLONG instead.
unsafe extern "C" fn gethostname(name: *mut c_char, len: size_t) -> c_int {
    // SAFETY: a zeroed utsname is a valid out-parameter.
    let mut u: libc::utsname = unsafe { core::mem::zeroed() };
    // SAFETY: `u` is writable.
    if unsafe { libc::uname(&mut u) } != 0 {
        crate::errno::set_from_linux();
        return -1;
    }
    if len == 0 {
        return 0;
    }
    let host = &u.nodename;
    let n = host.iter().position(|&c| c == 0).unwrap_or(host.len());
    let n = n.min(len - 1);
    // SAFETY: `name` holds `len` bytes; `n < len`.
    unsafe {
        core::ptr::copy_nonoverlapping(host.as_ptr(), name, n);
        *name.add(n) = 0;
    }
    0
}

/// darwin `sethostname(const char *, int)`: the length is an `int`.
unsafe extern "C" fn sethostname(name: *const c_char, len: c_int) -> c_int {
    if len < 0 {
        crate::errno::set(libc::EINVAL);
        return -1;
    }
    // SAFETY: `name` holds `len` bytes.
    crate::errno::check(unsafe { libc::sethostname(name, len as size_t) })
}

/// darwin `NGROUPS_MAX` (`<sys/syslimits.h>`).
const NGROUPS_MAX: c_int = 16;

/// darwin `setgroups(int, const gid_t *)`: at most `NGROUPS_MAX` groups
/// (setgroups(2): EINVAL beyond it).
unsafe extern "C" fn setgroups(n: c_int, groups: *const libc::gid_t) -> c_int {
    if !(0..=NGROUPS_MAX).contains(&n) {
        crate::errno::set(libc::EINVAL);
        return -1;
    }
    // SAFETY: `groups` holds `n` gids.
    crate::errno::check(unsafe { libc::setgroups(n as size_t, groups) })
}

/// `chroot`: errno translated (ENAMETOOLONG, ELOOP differ).
unsafe extern "C" fn chroot(path: *const c_char) -> c_int {
    // SAFETY: `path` is a C string.
    crate::errno::check(unsafe { libc::chroot(path) })
}

/// `getloadavg(double[], int)`: the 1, 5 and 15 minute load averages
/// from `/proc/loadavg`; returns how many were stored.
unsafe extern "C" fn getloadavg(out: *mut f64, n: c_int) -> c_int {
    if n < 0 {
        return -1;
    }
    let Ok(text) = std::fs::read_to_string("/proc/loadavg") else {
        return -1;
    };
    let vals: Vec<f64> = text
        .split_whitespace()
        .take(3)
        .filter_map(|x| x.parse().ok())
        .collect();
    let k = vals.len().min(n as usize);
    // SAFETY: `out` holds `n` doubles; `k <= n`.
    unsafe { core::ptr::copy_nonoverlapping(vals.as_ptr(), out, k) };
    k as c_int
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_gethostuuid" => gethostuuid,
    func "_gethostname" => gethostname,
    func "_sethostname" => sethostname,
    func "_setgroups" => setgroups,
    func "_chroot" => chroot,
    func "_getloadavg" => getloadavg,
    // `long gethostid(void)` on both; cannot fail.
    host "_gethostid" => libc::gethostid,
};
