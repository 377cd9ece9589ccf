//! `CFTimeZone` (names only), `CFUUID` and `CFLocale` identifiers.
//!
//! The system time zone is the one the C library would use: `TZ` (a zone
//! name, or a path under a `zoneinfo` directory), else the zone
//! `/etc/localtime` links to, else `/etc/timezone`, else `GMT` — the name
//! CF reports for a Mac whose zone is unset.

use super::base::{
    self, alloc, expect, Boolean, CFTypeID, Class, Ref, TYPE_ID_TIMEZONE, TYPE_ID_UUID,
};
use super::string;
use std::sync::Mutex;

// --- CFTimeZone -----------------------------------------------------------------

pub struct TzBody {
    name: Ref,
}

impl Drop for TzBody {
    fn drop(&mut self) {
        // SAFETY: the zone owns its name.
        unsafe { base::release(self.name) }
    }
}

pub static TIMEZONE_CLASS: Class = Class {
    type_id: TYPE_ID_TIMEZONE,
    name: "CFTimeZone",
    finalize: base::drop_obj::<TzBody>,
    equal: |a, b| {
        // SAFETY: both are zones.
        unsafe { base::equal(tz(a).name, tz(b).name) }
    },
    hash: |a| {
        // SAFETY: `a` is a zone.
        unsafe { base::hash(tz(a).name) }
    },
    describe: |a| {
        // SAFETY: `a` is a zone.
        unsafe { string::to_string(tz(a).name) }
    },
    immortal: false,
};

unsafe fn tz<'a>(p: Ref) -> &'a TzBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<TzBody>(p, &TIMEZONE_CLASS, "CFTimeZone").body }
}

/// The zone name after a `zoneinfo/` directory in a path.
fn zone_from_path(p: &str) -> Option<String> {
    let i = p.find("zoneinfo/")?;
    let name = &p[i + "zoneinfo/".len()..];
    let name = name
        .strip_prefix("posix/")
        .or_else(|| name.strip_prefix("right/"))
        .unwrap_or(name);
    (!name.is_empty()).then(|| name.to_string())
}

fn zone_exists(name: &str) -> bool {
    !name.contains("..")
        && std::path::Path::new("/usr/share/zoneinfo")
            .join(name)
            .is_file()
}

/// The system zone's name.
pub fn system_zone_name() -> String {
    if let Ok(tz) = std::env::var("TZ") {
        let t = tz.strip_prefix(':').unwrap_or(&tz);
        if let Some(z) = zone_from_path(t) {
            return z;
        }
        if !t.is_empty() && (zone_exists(t) || t == "UTC" || t == "GMT") {
            return t.to_string();
        }
    }
    if let Ok(link) = std::fs::read_link("/etc/localtime") {
        if let Some(z) = zone_from_path(&link.to_string_lossy()) {
            return z;
        }
    }
    if let Ok(s) = std::fs::read_to_string("/etc/timezone") {
        let z = s.trim();
        if !z.is_empty() {
            return z.to_string();
        }
    }
    "GMT".to_string()
}

fn new_zone(name: &str) -> Ref {
    alloc(
        &TIMEZONE_CLASS,
        TzBody {
            name: string::new_string(name),
        },
    )
}

/// The cached system zone (`CFTimeZoneResetSystem` clears it).
static SYSTEM: Mutex<usize> = Mutex::new(0);

unsafe extern "C" fn tz_copy_system() -> Ref {
    let mut g = SYSTEM.lock().unwrap_or_else(|e| e.into_inner());
    if *g == 0 {
        *g = new_zone(&system_zone_name()) as usize;
    }
    // SAFETY: the cached zone is alive (the cache holds a reference).
    unsafe { base::retain(*g as Ref) }
}

unsafe extern "C" fn tz_reset_system() {
    let old = core::mem::take(&mut *SYSTEM.lock().unwrap_or_else(|e| e.into_inner()));
    if old != 0 {
        // SAFETY: the cache's reference.
        unsafe { base::release(old as Ref) };
    }
}

unsafe extern "C" fn tz_get_name(t: Ref) -> Ref {
    // SAFETY: a zone.
    unsafe { tz(t) }.name
}

unsafe extern "C" fn tz_create_with_name(_a: Ref, name: Ref, _try_abbrev: Boolean) -> Ref {
    // SAFETY: a string.
    match unsafe { string::opt_string(name) } {
        Some(n) if zone_exists(&n) || n == "GMT" || n == "UTC" => new_zone(&n),
        _ => core::ptr::null(),
    }
}

unsafe extern "C" fn tz_get_type_id() -> CFTypeID {
    TYPE_ID_TIMEZONE
}

// --- CFUUID ---------------------------------------------------------------------

/// `CFUUIDBytes` (`CFUUID.h`: sixteen `UInt8` fields).
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct UuidBytes(pub [u8; 16]);
const _: () = assert!(core::mem::size_of::<UuidBytes>() == 16);

pub static UUID_CLASS: Class = Class {
    type_id: TYPE_ID_UUID,
    name: "CFUUID",
    finalize: base::drop_obj::<UuidBytes>,
    equal: |a, b| {
        // SAFETY: both are UUIDs.
        unsafe { uuid(a) == uuid(b) }
    },
    hash: |a| {
        // SAFETY: `a` is a UUID.
        base::fnv(unsafe { uuid(a) }.0.into_iter())
    },
    describe: |a| {
        // SAFETY: `a` is a UUID.
        format!("<CFUUID {:p}> {}", a, uuid_text(unsafe { uuid(a) }))
    },
    immortal: false,
};

unsafe fn uuid(p: Ref) -> UuidBytes {
    // SAFETY: the caller passes a CF object.
    unsafe { expect::<UuidBytes>(p, &UUID_CLASS, "CFUUID") }.body
}

fn uuid_text(b: UuidBytes) -> String {
    let h: Vec<String> = b.0.iter().map(|x| format!("{x:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        h[0..4].concat(),
        h[4..6].concat(),
        h[6..8].concat(),
        h[8..10].concat(),
        h[10..16].concat()
    )
}

/// A random (version 4, RFC 4122 variant) UUID, as CF makes.
unsafe extern "C" fn uuid_create(_a: Ref) -> Ref {
    let mut b = [0u8; 16];
    // SAFETY: filling our buffer.
    if !unsafe { calvados_libsystem::kernel::entropy::fill(b.as_mut_ptr(), b.len()) } {
        base::fatal("CFUUIDCreate: no randomness available");
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    alloc(&UUID_CLASS, UuidBytes(b))
}

unsafe extern "C" fn uuid_create_string(_a: Ref, u: Ref) -> Ref {
    // SAFETY: a UUID.
    string::new_string(&uuid_text(unsafe { uuid(u) }))
}

unsafe extern "C" fn uuid_create_from_string(_a: Ref, s: Ref) -> Ref {
    // SAFETY: a string.
    let Some(t) = (unsafe { string::opt_string(s) }) else {
        return core::ptr::null();
    };
    let hexes: String = t.chars().filter(|c| *c != '-').collect();
    if hexes.len() != 32 || !hexes.chars().all(|c| c.is_ascii_hexdigit()) {
        return core::ptr::null();
    }
    let mut b = [0u8; 16];
    for (i, x) in b.iter_mut().enumerate() {
        *x = u8::from_str_radix(&hexes[2 * i..2 * i + 2], 16).unwrap_or(0);
    }
    alloc(&UUID_CLASS, UuidBytes(b))
}

unsafe extern "C" fn uuid_create_from_uuid_bytes(_a: Ref, b: UuidBytes) -> Ref {
    alloc(&UUID_CLASS, UuidBytes(b.0))
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn uuid_create_with_bytes(
    _a: Ref,
    b0: u8,
    b1: u8,
    b2: u8,
    b3: u8,
    b4: u8,
    b5: u8,
    b6: u8,
    b7: u8,
    b8: u8,
    b9: u8,
    b10: u8,
    b11: u8,
    b12: u8,
    b13: u8,
    b14: u8,
    b15: u8,
) -> Ref {
    alloc(
        &UUID_CLASS,
        UuidBytes([
            b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15,
        ]),
    )
}

unsafe extern "C" fn uuid_get_uuid_bytes(u: Ref) -> UuidBytes {
    // SAFETY: a UUID.
    unsafe { uuid(u) }
}

unsafe extern "C" fn uuid_get_type_id() -> CFTypeID {
    TYPE_ID_UUID
}

// --- CFLocale identifiers ------------------------------------------------------------

/// BCP 47 form of a locale or language identifier: `en_US` → `en-US`,
/// `zh_hans_cn` → `zh-Hans-CN` (language lower case, script title case,
/// region upper case); a POSIX `.charset`/`@modifier` suffix is dropped,
/// and `C`/`POSIX`, which name no language, give the empty identifier.
pub fn canonical_language(id: &str) -> String {
    let core = id.split(['.', '@']).next().unwrap_or("");
    if core.eq_ignore_ascii_case("c") || core.eq_ignore_ascii_case("posix") {
        return String::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, part) in core.split(['_', '-']).filter(|p| !p.is_empty()).enumerate() {
        let p = if i == 0 {
            part.to_ascii_lowercase()
        } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            let mut s = part.to_ascii_lowercase();
            s[..1].make_ascii_uppercase();
            s
        } else if (part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
            || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit()))
        {
            part.to_ascii_uppercase()
        } else {
            part.to_ascii_lowercase()
        };
        out.push(p);
    }
    out.join("-")
}

unsafe extern "C" fn locale_create_canonical_language_identifier_from_string(
    _a: Ref,
    s: Ref,
) -> Ref {
    // SAFETY: a string.
    match unsafe { string::opt_string(s) } {
        Some(t) => string::new_string(&canonical_language(&t)),
        None => core::ptr::null(),
    }
}

unsafe extern "C" fn locale_create_canonical_locale_identifier_from_string(_a: Ref, s: Ref) -> Ref {
    // SAFETY: a string.
    match unsafe { string::opt_string(s) } {
        Some(t) => string::new_string(&canonical_language(&t).replace('-', "_")),
        None => core::ptr::null(),
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFTimeZoneGetTypeID" => tz_get_type_id,
    func "_CFTimeZoneCopySystem" => tz_copy_system,
    func "_CFTimeZoneCopyDefault" => tz_copy_system,
    func "_CFTimeZoneResetSystem" => tz_reset_system,
    func "_CFTimeZoneGetName" => tz_get_name,
    func "_CFTimeZoneCreateWithName" => tz_create_with_name,
    func "_CFUUIDGetTypeID" => uuid_get_type_id,
    func "_CFUUIDCreate" => uuid_create,
    func "_CFUUIDCreateString" => uuid_create_string,
    func "_CFUUIDCreateFromString" => uuid_create_from_string,
    func "_CFUUIDCreateFromUUIDBytes" => uuid_create_from_uuid_bytes,
    func "_CFUUIDCreateWithBytes" => uuid_create_with_bytes,
    func "_CFUUIDGetUUIDBytes" => uuid_get_uuid_bytes,
    func "_CFLocaleCreateCanonicalLanguageIdentifierFromString" => locale_create_canonical_language_identifier_from_string,
    func "_CFLocaleCreateCanonicalLocaleIdentifierFromString" => locale_create_canonical_locale_identifier_from_string,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(canonical_language("en_US"), "en-US");
        assert_eq!(canonical_language("zh_hans_cn"), "zh-Hans-CN");
        assert_eq!(canonical_language("fr_FR.UTF-8"), "fr-FR");
        assert_eq!(canonical_language("es-419"), "es-419");
        assert_eq!(
            zone_from_path("/usr/share/zoneinfo/Europe/Paris").as_deref(),
            Some("Europe/Paris")
        );
    }
}
