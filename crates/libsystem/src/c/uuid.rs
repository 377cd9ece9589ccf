//! `<uuid/uuid.h>` (libsystem_c's libuuid): 16-byte `uuid_t` values and
//! their 36-character text form.
//!
//! darwin's choices, which differ from Linux's libuuid: `uuid_unparse`
//! writes upper-case hex (as `uuid_unparse_upper`; xnu's libkern copy of
//! the same code says so too), and `uuid_generate` always makes a random
//! (version 4) UUID. `uuid_generate_time` makes a version 1 UUID whose
//! node is random with the multicast bit set (RFC 4122 §4.5), so no MAC
//! address leaks, with a random clock sequence.

use libc::{c_char, c_int, c_uchar};

/// `uuid_t` is `unsigned char[16]`; `uuid_string_t` is `char[37]`.
const UUID_LEN: usize = 16;
const STRING_LEN: usize = 36;

/// Offsets of the dashes in the text form (`8-4-4-4-12`).
fn is_dash_at(i: usize) -> bool {
    matches!(i, 8 | 13 | 18 | 23)
}

fn random_bytes(buf: &mut [u8]) {
    // SAFETY: `buf` is ours, writable for its length.
    if unsafe { crate::kernel::entropy::fill(buf.as_mut_ptr(), buf.len()) } {
        return;
    }
    // getrandom(2) blocks until the pool is ready and cannot fail otherwise
    // for a valid buffer; fall back to /dev/urandom anyway.
    use std::io::Read;
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        if f.read_exact(buf).is_ok() {
            return;
        }
    }
    panic!("calvados: no source of random bytes for uuid_generate");
}

/// Sets the version nibble and the RFC 4122 variant bits.
fn stamp(u: &mut [u8; UUID_LEN], version: u8) {
    u[6] = (u[6] & 0x0f) | (version << 4);
    u[8] = (u[8] & 0x3f) | 0x80;
}

fn random_uuid() -> [u8; UUID_LEN] {
    let mut u = [0u8; UUID_LEN];
    random_bytes(&mut u);
    stamp(&mut u, 4);
    u
}

/// 100 ns intervals from 1582-10-15 (the Gregorian reform) to 1970-01-01.
const GREGORIAN_TO_UNIX: u64 = 0x01b2_1dd2_1381_4000;

fn time_uuid() -> [u8; UUID_LEN] {
    use std::sync::Mutex;
    // The last timestamp handed out: two UUIDs made in the same 100 ns
    // tick get consecutive values instead of the same one.
    static LAST: Mutex<u64> = Mutex::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mut t =
        GREGORIAN_TO_UNIX + now.as_secs() * 10_000_000 + u64::from(now.subsec_nanos() / 100);
    {
        let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
        if t <= *last {
            t = *last + 1;
        }
        *last = t;
    }
    let mut u = [0u8; UUID_LEN];
    random_bytes(&mut u[8..]);
    // time_low, time_mid, time_hi (big-endian fields).
    u[0..4].copy_from_slice(&(t as u32).to_be_bytes());
    u[4..6].copy_from_slice(&((t >> 32) as u16).to_be_bytes());
    u[6..8].copy_from_slice(&((t >> 48) as u16 & 0x0fff).to_be_bytes());
    stamp(&mut u, 1);
    // A random node is marked multicast.
    u[10] |= 0x01;
    u
}

/// Reads a `uuid_t`.
///
/// # Safety
/// `p` points at 16 readable bytes.
unsafe fn read(p: *const c_uchar) -> [u8; UUID_LEN] {
    let mut u = [0u8; UUID_LEN];
    // SAFETY: the caller's `uuid_t` holds 16 bytes; `u` is ours.
    unsafe { core::ptr::copy_nonoverlapping(p, u.as_mut_ptr(), UUID_LEN) };
    u
}

/// Writes a `uuid_t`.
///
/// # Safety
/// `p` points at 16 writable bytes.
unsafe fn write(p: *mut c_uchar, u: &[u8; UUID_LEN]) {
    // SAFETY: the caller's `uuid_t` has room for 16 bytes.
    unsafe { core::ptr::copy_nonoverlapping(u.as_ptr(), p, UUID_LEN) };
}

/// The 36 characters of the text form, without the NUL.
fn format(u: &[u8; UUID_LEN], digits: &[u8; 16]) -> [u8; STRING_LEN] {
    let mut s = [b'-'; STRING_LEN];
    let mut i = 0;
    for b in u {
        if is_dash_at(i) {
            i += 1;
        }
        s[i] = digits[usize::from(b >> 4)];
        s[i + 1] = digits[usize::from(b & 15)];
        i += 2;
    }
    s
}

/// Parses the text form: exactly 36 characters, dashes at 8, 13, 18, 23,
/// hex digits (either case) elsewhere. What follows the 36th character is
/// not looked at, as in darwin's `uuid_parse`, which reads only those.
fn parse(s: &[u8]) -> Option<[u8; UUID_LEN]> {
    if s.len() < STRING_LEN {
        return None;
    }
    let mut u = [0u8; UUID_LEN];
    let mut nibbles = 0usize;
    for (i, &c) in s[..STRING_LEN].iter().enumerate() {
        if is_dash_at(i) {
            if c != b'-' {
                return None;
            }
            continue;
        }
        let v = (c as char).to_digit(16)? as u8;
        u[nibbles / 2] |= if nibbles.is_multiple_of(2) { v << 4 } else { v };
        nibbles += 1;
    }
    Some(u)
}

unsafe extern "C" fn uuid_clear(uu: *mut c_uchar) {
    // SAFETY: `uu` is the program's `uuid_t`.
    unsafe { write(uu, &[0; UUID_LEN]) }
}

/// `memcmp` order: the sign is what callers may rely on.
unsafe extern "C" fn uuid_compare(a: *const c_uchar, b: *const c_uchar) -> c_int {
    // SAFETY: both are the program's `uuid_t`s.
    let (a, b) = unsafe { (read(a), read(b)) };
    match a.cmp(&b) {
        core::cmp::Ordering::Less => -1,
        core::cmp::Ordering::Equal => 0,
        core::cmp::Ordering::Greater => 1,
    }
}

unsafe extern "C" fn uuid_copy(dst: *mut c_uchar, src: *const c_uchar) {
    // SAFETY: both are the program's `uuid_t`s; `read` copies first, so
    // overlapping arguments are fine.
    unsafe { write(dst, &read(src)) }
}

/// darwin's `uuid_generate` is always the random kind.
unsafe extern "C" fn uuid_generate(out: *mut c_uchar) {
    // SAFETY: `out` is the program's `uuid_t`.
    unsafe { write(out, &random_uuid()) }
}

unsafe extern "C" fn uuid_generate_random(out: *mut c_uchar) {
    // SAFETY: `out` is the program's `uuid_t`.
    unsafe { write(out, &random_uuid()) }
}

unsafe extern "C" fn uuid_generate_time(out: *mut c_uchar) {
    // SAFETY: `out` is the program's `uuid_t`.
    unsafe { write(out, &time_uuid()) }
}

unsafe extern "C" fn uuid_is_null(uu: *const c_uchar) -> c_int {
    // SAFETY: `uu` is the program's `uuid_t`.
    c_int::from(unsafe { read(uu) } == [0; UUID_LEN])
}

/// 0 on success, -1 (and `uu` untouched) on a malformed string.
unsafe extern "C" fn uuid_parse(s: *const c_char, uu: *mut c_uchar) -> c_int {
    if s.is_null() {
        return -1;
    }
    // SAFETY: `s` is a NUL-terminated string; at most its first 36 bytes
    // matter, and `CStr` stops at its NUL.
    let text = unsafe { core::ffi::CStr::from_ptr(s) }.to_bytes();
    match parse(text) {
        Some(u) => {
            // SAFETY: `uu` is the program's `uuid_t`.
            unsafe { write(uu, &u) };
            0
        }
        None => -1,
    }
}

/// Writes the 36 characters and a NUL.
///
/// # Safety
/// `uu` is a `uuid_t`, `out` has room for a `uuid_string_t` (37 bytes).
unsafe fn unparse(uu: *const c_uchar, out: *mut c_char, digits: &[u8; 16]) {
    // SAFETY: per the function's contract.
    unsafe {
        let s = format(&read(uu), digits);
        core::ptr::copy_nonoverlapping(s.as_ptr().cast(), out, STRING_LEN);
        *out.add(STRING_LEN) = 0;
    }
}

const UPPER: &[u8; 16] = b"0123456789ABCDEF";
const LOWER: &[u8; 16] = b"0123456789abcdef";

/// Upper case on darwin.
unsafe extern "C" fn uuid_unparse(uu: *const c_uchar, out: *mut c_char) {
    // SAFETY: as for `unparse`, from the program's arguments.
    unsafe { unparse(uu, out, UPPER) }
}

unsafe extern "C" fn uuid_unparse_upper(uu: *const c_uchar, out: *mut c_char) {
    // SAFETY: as for `unparse`, from the program's arguments.
    unsafe { unparse(uu, out, UPPER) }
}

unsafe extern "C" fn uuid_unparse_lower(uu: *const c_uchar, out: *mut c_char) {
    // SAFETY: as for `unparse`, from the program's arguments.
    unsafe { unparse(uu, out, LOWER) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_uuid_clear" => uuid_clear,
    func "_uuid_compare" => uuid_compare,
    func "_uuid_copy" => uuid_copy,
    func "_uuid_generate" => uuid_generate,
    func "_uuid_generate_random" => uuid_generate_random,
    func "_uuid_generate_time" => uuid_generate_time,
    func "_uuid_is_null" => uuid_is_null,
    func "_uuid_parse" => uuid_parse,
    func "_uuid_unparse" => uuid_unparse,
    func "_uuid_unparse_lower" => uuid_unparse_lower,
    func "_uuid_unparse_upper" => uuid_unparse_upper,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip() {
        let s = b"1b4e28ba-2fa1-11d2-883f-0016d3cca427";
        let u = parse(s).unwrap();
        assert_eq!(u[0], 0x1b);
        assert_eq!(u[15], 0x27);
        assert_eq!(&format(&u, LOWER), s);
        assert_eq!(&format(&u, UPPER), b"1B4E28BA-2FA1-11D2-883F-0016D3CCA427");
        assert!(parse(b"1b4e28ba-2fa1-11d2-883f-0016d3cca42").is_none());
        assert!(parse(b"1b4e28ba+2fa1-11d2-883f-0016d3cca427").is_none());
        assert!(parse(b"1b4e28ba-2fa1-11d2-883f-0016d3cca42g").is_none());
    }

    #[test]
    fn generated_versions_and_variants() {
        let r = random_uuid();
        assert_eq!(r[6] >> 4, 4);
        assert_eq!(r[8] & 0xc0, 0x80);
        let (a, b) = (time_uuid(), time_uuid());
        assert_eq!(a[6] >> 4, 1);
        assert_eq!(a[10] & 1, 1);
        assert_ne!(a, b);
    }
}
