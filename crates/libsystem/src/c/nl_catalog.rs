//! Message catalogs: `catopen`, `catgets`, `catclose` (`<nl_types.h>`).
//!
//! macOS reads the BSD catalog format its `gencat` writes (`<nl_types.h>`
//! under `_NLS_PRIVATE`: big-endian 32-bit fields, a header, set headers
//! sorted by set number, message headers sorted by message number within a
//! set, then the NUL-terminated texts), found through `NLSPATH` (man 3
//! catopen). A catalog that cannot be found gives `(nl_catd)-1`, and
//! `catgets` then returns its default string, as everywhere.

use crate::errno::darwin;
use core::ffi::CStr;
use libc::{c_char, c_int, c_void};
use std::os::unix::ffi::OsStrExt;

/// `_NLS_MAGIC`.
const NLS_MAGIC: u32 = 0xff88_ff89;
/// `NL_CAT_LOCALE`: take the language from `LC_MESSAGES`, not `LANG`.
const NL_CAT_LOCALE: c_int = 1;
/// The `NLSPATH` used when it is unset (man 3 catopen).
const DEFAULT_NLSPATH: &[u8] =
    b"/usr/share/nls/%L/%N.cat:/usr/share/nls/%N/%L:/usr/local/share/nls/%L/%N.cat:/usr/local/share/nls/%N/%L";
/// Longest language name used as is (`ENCODING_LEN`); longer means "C".
const ENCODING_LEN: usize = 31;
/// darwin `EFTYPE`: the file is no catalog.
const EFTYPE: c_int = 79;
/// darwin `ENOMSG`: no such message.
const ENOMSG: c_int = 91;
/// `_nls_cat_hdr`, `_nls_set_hdr`, `_nls_msg_hdr` sizes.
const CAT_HDR: usize = 20;
const SET_HDR: usize = 12;
const MSG_HDR: usize = 12;

/// darwin `struct __nl_cat_d`: the catalog's bytes and their length.
#[repr(C)]
struct NlCatD {
    data: *mut c_void,
    size: c_int,
}
const _: () = assert!(core::mem::size_of::<NlCatD>() == 16);
const _: () = assert!(core::mem::offset_of!(NlCatD, size) == 8);

/// `(nl_catd)-1`.
const NLERR: *mut NlCatD = usize::MAX as *mut NlCatD;

/// The big-endian `i32` at `off` in `b`, if it is inside.
fn be32(b: &[u8], off: usize) -> Option<i32> {
    let w = b.get(off..off.checked_add(4)?)?;
    Some(i32::from_be_bytes([w[0], w[1], w[2], w[3]]))
}

/// Reads `path` as a catalog; Err(darwin errno).
fn load(path: &[u8]) -> Result<*mut NlCatD, c_int> {
    let bytes = std::fs::read(std::ffi::OsStr::from_bytes(path)).map_err(|e| {
        e.raw_os_error()
            .map_or(darwin::EINVAL, crate::errno::linux_to_darwin)
    })?;
    if bytes.len() < CAT_HDR || be32(&bytes, 0).map(|m| m as u32) != Some(NLS_MAGIC) {
        return Err(EFTYPE);
    }
    let size = c_int::try_from(bytes.len()).map_err(|_| EFTYPE)?;
    let data = Box::into_raw(bytes.into_boxed_slice()) as *mut u8;
    Ok(Box::into_raw(Box::new(NlCatD {
        data: data.cast(),
        size,
    })))
}

/// The catalog bytes of a live descriptor.
///
/// # Safety
/// `cat` came from [`load`] and was not closed.
unsafe fn bytes<'a>(cat: *mut NlCatD) -> &'a [u8] {
    // SAFETY: per the contract, `data`/`size` describe a live boxed slice.
    unsafe { core::slice::from_raw_parts((*cat).data as *const u8, (*cat).size as usize) }
}

/// The offset of message `msg` of set `set` in `b`, if the catalog has it.
fn find(b: &[u8], set: i32, msg: i32) -> Option<usize> {
    let nsets = usize::try_from(be32(b, 4)?).ok()?;
    let msg_hdrs = usize::try_from(be32(b, 12)?).ok()?;
    let texts = usize::try_from(be32(b, 16)?).ok()?;
    // Binary search: sets by number, then messages by number.
    let (mut lo, mut hi) = (0, nsets);
    let (first, count) = loop {
        if lo >= hi {
            return None;
        }
        let mid = (lo + hi) / 2;
        let h = CAT_HDR + mid * SET_HDR;
        let n = be32(b, h)?;
        match n.cmp(&set) {
            core::cmp::Ordering::Equal => {
                break (
                    usize::try_from(be32(b, h + 8)?).ok()?,
                    usize::try_from(be32(b, h + 4)?).ok()?,
                )
            }
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
        }
    };
    let (mut lo, mut hi) = (first, first.checked_add(count)?);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let h = msg_hdrs.checked_add(mid.checked_mul(MSG_HDR)?)?;
        let n = be32(b, h)?;
        match n.cmp(&msg) {
            core::cmp::Ordering::Equal => {
                let at = texts.checked_add(usize::try_from(be32(b, h + 8)?).ok()?)?;
                // The text must end inside the file.
                b.get(at..)?.iter().position(|&c| c == 0)?;
                return Some(at);
            }
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

fn env(name: &CStr) -> Option<Vec<u8>> {
    // SAFETY: getenv with a C string; the value is copied at once.
    let v = unsafe { libc::getenv(name.as_ptr()) };
    // SAFETY: getenv returned NULL or a C string.
    (!v.is_null()).then(|| unsafe { CStr::from_ptr(v) }.to_bytes().to_vec())
}

/// One `NLSPATH` element with `%N` (name), `%L` (language), `%l`, `%t`,
/// `%c` (its language, territory and codeset parts) and `%%` replaced.
fn expand(template: &[u8], name: &[u8], lang: &[u8]) -> Vec<u8> {
    // language[_territory][.codeset][@modifier]
    let base = lang.split(|&c| c == b'@').next().unwrap_or_default();
    let (language, rest) = match base.iter().position(|&c| c == b'_') {
        Some(i) => (&base[..i], Some(&base[i + 1..])),
        None => (base, None),
    };
    let dot = |s: &[u8]| s.iter().position(|&c| c == b'.');
    let (language, territory, codeset) = match rest {
        Some(r) => match dot(r) {
            Some(i) => (language, &r[..i], &r[i + 1..]),
            None => (language, r, &b""[..]),
        },
        None => match dot(language) {
            Some(i) => (&language[..i], &b""[..], &language[i + 1..]),
            None => (language, &b""[..], &b""[..]),
        },
    };
    let mut out = Vec::new();
    let mut it = template.iter();
    while let Some(&c) = it.next() {
        if c != b'%' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some(b'N') => out.extend_from_slice(name),
            Some(b'L') => out.extend_from_slice(lang),
            Some(b'l') => out.extend_from_slice(language),
            Some(b't') => out.extend_from_slice(territory),
            Some(b'c') => out.extend_from_slice(codeset),
            Some(b'%') => out.push(b'%'),
            Some(&o) => out.extend_from_slice(&[b'%', o]),
            None => out.push(b'%'),
        }
    }
    out
}

fn open_catalog(name: &[u8], kind: c_int) -> Result<*mut NlCatD, c_int> {
    if name.is_empty() {
        return Err(darwin::EINVAL);
    }
    // A name with a '/' is the catalog's path.
    if name.contains(&b'/') {
        return load(name);
    }
    let lang = if kind == NL_CAT_LOCALE {
        Some(
            crate::c::locale::current()
                .category_name(crate::c::locale::LC_MESSAGES)
                .to_vec(),
        )
    } else {
        env(c"LANG")
    };
    let lang = match lang {
        Some(l)
            if !l.is_empty()
                && l.len() <= ENCODING_LEN
                && l != b"."
                && l != b".."
                && !l.contains(&b'/') =>
        {
            l
        }
        _ => b"C".to_vec(),
    };
    // NLSPATH is ignored in set-user/group-id programs (issetugid).
    // SAFETY: getauxval has no preconditions.
    let setugid = unsafe { libc::getauxval(libc::AT_SECURE) } != 0;
    let nlspath = match env(c"NLSPATH") {
        Some(p) if !setugid => p,
        _ => DEFAULT_NLSPATH.to_vec(),
    };
    for template in nlspath.split(|&c| c == b':') {
        // An empty element stands for the name in the current directory.
        let path = if template.is_empty() {
            name.to_vec()
        } else {
            expand(template, name, &lang)
        };
        if std::fs::metadata(std::ffi::OsStr::from_bytes(&path)).is_ok() {
            return load(&path);
        }
    }
    Err(darwin::ENOENT)
}

/// `nl_catd catopen(const char *name, int oflag)`.
unsafe extern "C" fn catopen(name: *const c_char, oflag: c_int) -> *mut NlCatD {
    let name = if name.is_null() {
        &[][..]
    } else {
        // SAFETY: the caller passes a C string.
        unsafe { CStr::from_ptr(name) }.to_bytes()
    };
    match open_catalog(name, oflag) {
        Ok(c) => c,
        Err(e) => {
            crate::errno::set(e);
            NLERR
        }
    }
}

/// `char *catgets(nl_catd catd, int set_id, int msg_id, const char *s)`:
/// the message, or `s` (errno `EBADF` for no catalog, `ENOMSG` for no such
/// message).
unsafe extern "C" fn catgets(
    cat: *mut NlCatD,
    set: c_int,
    msg: c_int,
    s: *const c_char,
) -> *const c_char {
    if cat.is_null() || cat == NLERR {
        crate::errno::set(darwin::EBADF);
        return s;
    }
    // SAFETY: a descriptor from catopen.
    let b = unsafe { bytes(cat) };
    match find(b, set, msg) {
        Some(at) => b[at..].as_ptr().cast(),
        None => {
            crate::errno::set(ENOMSG);
            s
        }
    }
}

/// `int catclose(nl_catd catd)`.
unsafe extern "C" fn catclose(cat: *mut NlCatD) -> c_int {
    if cat.is_null() || cat == NLERR {
        crate::errno::set(darwin::EBADF);
        return -1;
    }
    // SAFETY: `cat` came from catopen (Box) and its data from a boxed slice
    // of `size` bytes; both are freed once.
    unsafe {
        let c = Box::from_raw(cat);
        drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
            c.data as *mut u8,
            c.size as usize,
        )));
    }
    0
}

/// The exports of this module.
pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_catopen" => catopen,
    func "_catgets" => catgets,
    func "_catclose" => catclose,
};
