//! `CFURL`: a URL string, optionally relative to a base URL.
//!
//! File-system paths become `file://` URLs with RFC 3986 path escaping:
//! `pchar` (unreserved, sub-delims, `:` and `@`) and `/` stay, every other
//! byte of the UTF-8 path is `%XX` (as `CFURL.c` documents for
//! `CreateStringFromFileSystemRepresentationByAddingPercentEscapes`);
//! directories end in `/`. A relative path is relative to the current
//! directory's URL. Only the POSIX path style (`kCFURLPOSIXPathStyle`, 0)
//! is supported; HFS and Windows styles answer NULL.
//!
//! File reference URLs (`file:///.file/id=<dev>.<inode>/` on macOS) carry
//! the path and identity of the file they were made from;
//! `CFURLCreateFilePathURL` gives the path back while the same file is
//! still there (Linux cannot find a moved file by its inode).

use super::base::{
    self, alloc, expect, Boolean, CFIndex, CFTypeID, Class, Owned, Ref, TYPE_ID_URL,
};
use super::error::{self, K_DOMAIN_COCOA};
use super::{array, dictionary as dict, number, string};
use crate::cf_const_string;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;

/// `kCFURLPOSIXPathStyle` (`CFURL.h`).
const POSIX_PATH_STYLE: CFIndex = 0;
/// `NSFileNoSuchFileError` and `NSFileReadNoSuchFileError`
/// (`FoundationErrors.h`).
const NS_FILE_NO_SUCH_FILE: CFIndex = 4;
const NS_FILE_READ_NO_SUCH_FILE: CFIndex = 260;
/// `NSFileReadUnsupportedSchemeError`.
const NS_FILE_READ_UNSUPPORTED_SCHEME: CFIndex = 262;

pub struct UrlBody {
    /// The URL string (relative when `base` is set).
    text: String,
    /// `text` as a CFString (what `CFURLGetString` returns).
    cf_text: Ref,
    /// Base URL (retained) or NULL.
    base: Ref,
    /// For file reference URLs: the file they identify.
    file_ref: Option<FileRef>,
}

#[derive(Clone)]
struct FileRef {
    path: Vec<u8>,
    dev: u64,
    ino: u64,
}

impl Drop for UrlBody {
    fn drop(&mut self) {
        // SAFETY: the URL owns its string and base.
        unsafe {
            base::release(self.cf_text);
            base::release_opt(self.base);
        }
    }
}

pub static URL_CLASS: Class = Class {
    type_id: TYPE_ID_URL,
    name: "CFURL",
    finalize: base::drop_obj::<UrlBody>,
    equal: |a, b| {
        // SAFETY: both are URLs.
        unsafe {
            let (x, y) = (body(a, "CFEqual"), body(b, "CFEqual"));
            x.text == y.text
                && (x.base == y.base
                    || (!x.base.is_null() && !y.base.is_null() && base::equal(x.base, y.base)))
        }
    },
    hash: |a| {
        // SAFETY: `a` is a URL.
        base::fnv(unsafe { body(a, "CFHash") }.text.bytes())
    },
    describe: |a| {
        // SAFETY: `a` is a URL.
        unsafe {
            let b = body(a, "CFCopyDescription");
            if b.base.is_null() {
                b.text.clone()
            } else {
                format!("{} -- {}", b.text, body(b.base, "CFCopyDescription").text)
            }
        }
    },
    immortal: false,
};

unsafe fn body<'a>(u: Ref, func: &str) -> &'a UrlBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<UrlBody>(u, &URL_CLASS, func).body }
}

/// A new URL object.
fn new_url(text: String, base_url: Ref, file_ref: Option<FileRef>) -> Ref {
    let cf_text = string::new_string(&text);
    // SAFETY: `base_url` is NULL or a URL.
    let base_url = unsafe { base::retain_opt(base_url) };
    alloc(
        &URL_CLASS,
        UrlBody {
            text,
            cf_text,
            base: base_url,
            file_ref,
        },
    )
}

// --- URL syntax (RFC 3986) ------------------------------------------------------

/// The five parts of a URL reference.
#[derive(Default, Debug, Clone, PartialEq)]
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split(s: &str) -> Parts<'_> {
    let mut p = Parts::default();
    let mut rest = s;
    if let Some(i) = rest.find('#') {
        p.fragment = Some(&rest[i + 1..]);
        rest = &rest[..i];
    }
    if let Some(i) = rest.find('?') {
        p.query = Some(&rest[i + 1..]);
        rest = &rest[..i];
    }
    if let Some(i) = rest.find(':') {
        let scheme = &rest[..i];
        let valid = scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if valid && !rest[..i].contains('/') {
            p.scheme = Some(scheme);
            rest = &rest[i + 1..];
        }
    }
    if let Some(r) = rest.strip_prefix("//") {
        let end = r.find('/').unwrap_or(r.len());
        p.authority = Some(&r[..end]);
        rest = &r[end..];
    }
    p.path = rest;
    p
}

fn join(p: &Parts) -> String {
    let mut s = String::new();
    if let Some(x) = p.scheme {
        s.push_str(x);
        s.push(':');
    }
    if let Some(x) = p.authority {
        s.push_str("//");
        s.push_str(x);
    }
    s.push_str(p.path);
    if let Some(x) = p.query {
        s.push('?');
        s.push_str(x);
    }
    if let Some(x) = p.fragment {
        s.push('#');
        s.push_str(x);
    }
    s
}

/// RFC 3986 §5.2.4 `remove_dot_segments`.
fn remove_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let absolute = path.starts_with('/');
    let segs: Vec<&str> = path.split('/').collect();
    let n = segs.len();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == n;
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 || (out.len() == 1 && !absolute) {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut r = out.join("/");
    if absolute && !r.starts_with('/') {
        r.insert(0, '/');
    }
    r
}

/// RFC 3986 §5.2.2: `rel` resolved against the absolute `base`.
fn resolve(base_str: &str, rel: &str) -> String {
    let b = split(base_str);
    let r = split(rel);
    if r.scheme.is_some() {
        let owned = remove_dots(r.path);
        return join(&Parts { path: &owned, ..r });
    }
    let (authority, path, query);
    let merged;
    if r.authority.is_some() {
        authority = r.authority;
        merged = remove_dots(r.path);
        path = merged.as_str();
        query = r.query;
    } else {
        authority = b.authority;
        if r.path.is_empty() {
            merged = b.path.to_string();
            query = r.query.or(b.query);
        } else {
            let m = if r.path.starts_with('/') {
                r.path.to_string()
            } else if b.authority.is_some() && b.path.is_empty() {
                format!("/{}", r.path)
            } else {
                let dir = &b.path[..b.path.rfind('/').map_or(0, |i| i + 1)];
                format!("{dir}{}", r.path)
            };
            merged = remove_dots(&m);
            query = r.query;
        }
        path = merged.as_str();
    }
    join(&Parts {
        scheme: b.scheme,
        authority,
        path,
        query,
        fragment: r.fragment,
    })
}

/// Whether `c` may appear unescaped in a URL (`CFURL.c`'s VALID set plus
/// `%`, `#` and `[]` used by escapes, fragments and IPv6 hosts).
fn url_legal(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!$&'()*+,-./:;=?@_~%#[]".contains(&c)
}

/// Path characters that stay unescaped (`pchar` and `/`).
fn path_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&c)
}

fn hex(n: u8) -> char {
    b"0123456789ABCDEF"[n as usize] as char
}

/// Escapes a file-system path for a URL path.
fn escape_path(path: &[u8], relative: bool) -> String {
    let mut s = String::with_capacity(path.len());
    let mut first_segment = relative;
    for &c in path {
        if c == b'/' {
            first_segment = false;
        }
        // A relative path's first segment cannot hold ':' (RFC 3986
        // segment-nz-nc), or it would read as a scheme.
        if path_char(c) && !(first_segment && c == b':') {
            s.push(c as char);
        } else {
            s.push('%');
            s.push(hex(c >> 4));
            s.push(hex(c & 15));
        }
    }
    s
}

/// Escapes characters that are illegal anywhere in a URL.
fn escape_illegal(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for &c in text.as_bytes() {
        if url_legal(c) {
            s.push(c as char);
        } else {
            s.push('%');
            s.push(hex(c >> 4));
            s.push(hex(c & 15));
        }
    }
    s
}

/// Decodes `%XX` escapes.
fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let h = (b[i + 1] as char).to_digit(16);
            let l = (b[i + 2] as char).to_digit(16);
            if let (Some(h), Some(l)) = (h, l) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

// --- helpers over URL objects ---------------------------------------------------

/// The absolute URL string of `u`.
unsafe fn absolute_text(u: Ref) -> String {
    // SAFETY: `u` is a URL; so is its base.
    unsafe {
        let b = body(u, "CFURLCopyAbsoluteURL");
        if b.base.is_null() || split(&b.text).scheme.is_some() {
            return b.text.clone();
        }
        resolve(&absolute_text(b.base), &b.text)
    }
}

/// Whether a URL string names a local file (`file:` with an empty or
/// `localhost` host).
fn is_file_url(text: &str) -> bool {
    let p = split(text);
    p.scheme.is_some_and(|s| s.eq_ignore_ascii_case("file"))
        && matches!(p.authority, None | Some("") | Some("localhost"))
}

/// The file-system path of an absolute file URL string.
fn file_path_of(text: &str) -> Option<Vec<u8>> {
    if !is_file_url(text) {
        return None;
    }
    let mut p = unescape(split(text).path);
    while p.len() > 1 && p.ends_with(b"/") {
        p.pop();
    }
    Some(p)
}

/// The path of `u` (resolved against its base), for file URLs only.
///
/// # Safety
/// `u` is a URL.
pub unsafe fn file_path(u: Ref) -> Option<Vec<u8>> {
    // SAFETY: per the contract.
    unsafe {
        let b = body(u, "CFURL");
        if let Some(r) = &b.file_ref {
            return Some(r.path.clone());
        }
        file_path_of(&absolute_text(u))
    }
}

fn cwd() -> Vec<u8> {
    std::env::current_dir()
        .map(|p| p.as_os_str().as_bytes().to_vec())
        .unwrap_or_else(|_| b"/".to_vec())
}

/// A file URL for `path` (relative paths: relative to the current
/// directory's URL).
pub fn from_path(path: &[u8], is_dir: bool, base_url: Ref) -> Ref {
    if path.first() == Some(&b'/') {
        let mut t = String::from("file://");
        t.push_str(&escape_path(path, false));
        if is_dir && !t.ends_with('/') {
            t.push('/');
        }
        return new_url(t, core::ptr::null(), None);
    }
    let mut t = escape_path(path, true);
    if is_dir && !t.is_empty() && !t.ends_with('/') {
        t.push('/');
    }
    if !base_url.is_null() {
        return new_url(t, base_url, None);
    }
    let here = Owned(from_path(&cwd(), true, core::ptr::null()));
    new_url(t, here.0, None)
}

fn stat(path: &[u8], follow: bool) -> Option<libc::stat> {
    let c = CString::new(path).ok()?;
    // SAFETY: an all-zero stat is valid output space.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a local buffer.
    let r = unsafe {
        if follow {
            libc::stat(c.as_ptr(), &mut st)
        } else {
            libc::lstat(c.as_ptr(), &mut st)
        }
    };
    (r == 0).then_some(st)
}

/// An error in the Cocoa domain with the file's path.
fn file_error(code: CFIndex, path: &[u8]) -> Ref {
    let p = Owned(string::new_string(&String::from_utf8_lossy(path)));
    let desc = match code {
        NS_FILE_READ_UNSUPPORTED_SCHEME => "The file couldn\u{2019}t be opened because the specified URL type isn\u{2019}t supported.",
        _ => "The file couldn\u{2019}t be opened because there is no such file.",
    };
    let d = Owned(string::new_string(desc));
    // SAFETY: constant keys and strings.
    unsafe {
        error::new_error(
            K_DOMAIN_COCOA.0,
            code,
            &[
                (error::K_FILE_PATH.0, p.0),
                (error::K_LOCALIZED_DESCRIPTION.0, d.0),
            ],
        )
    }
}

// --- exported functions ------------------------------------------------------------

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_URL
}

unsafe extern "C" fn create_with_string(_a: Ref, s: Ref, base_url: Ref) -> Ref {
    // SAFETY: a string.
    let Some(text) = (unsafe { string::opt_string(s) }) else {
        return core::ptr::null();
    };
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !url_legal(b[i]) {
            return core::ptr::null();
        }
        if b[i] == b'%'
            && !(i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
        {
            return core::ptr::null();
        }
        i += 1;
    }
    new_url(text, base_url, None)
}

unsafe extern "C" fn create_with_bytes(
    _a: Ref,
    bytes: *const u8,
    n: CFIndex,
    e: u32,
    base_url: Ref,
) -> Ref {
    let b = if bytes.is_null() || n <= 0 {
        &[][..]
    } else {
        // SAFETY: `n` bytes at `bytes`.
        unsafe { core::slice::from_raw_parts(bytes, n as usize) }
    };
    let Some(units) = super::encoding::decode(b, e, false) else {
        return core::ptr::null();
    };
    let text = String::from_utf16_lossy(&units);
    new_url(escape_illegal(&text), base_url, None)
}

unsafe extern "C" fn create_with_file_system_path(
    _a: Ref,
    path: Ref,
    style: CFIndex,
    is_dir: Boolean,
) -> Ref {
    // SAFETY: a string.
    unsafe {
        create_with_file_system_path_relative_to_base(_a, path, style, is_dir, core::ptr::null())
    }
}

unsafe extern "C" fn create_with_file_system_path_relative_to_base(
    _a: Ref,
    path: Ref,
    style: CFIndex,
    is_dir: Boolean,
    base_url: Ref,
) -> Ref {
    if style != POSIX_PATH_STYLE {
        return core::ptr::null();
    }
    // SAFETY: a string.
    match unsafe { string::opt_string(path) } {
        Some(p) => from_path(p.as_bytes(), is_dir != 0, base_url),
        None => core::ptr::null(),
    }
}

unsafe extern "C" fn create_from_file_system_representation(
    _a: Ref,
    buf: *const u8,
    n: CFIndex,
    is_dir: Boolean,
) -> Ref {
    // SAFETY: `n` bytes.
    unsafe {
        create_from_file_system_representation_relative_to_base(
            _a,
            buf,
            n,
            is_dir,
            core::ptr::null(),
        )
    }
}

unsafe extern "C" fn create_from_file_system_representation_relative_to_base(
    _a: Ref,
    buf: *const u8,
    n: CFIndex,
    is_dir: Boolean,
    base_url: Ref,
) -> Ref {
    if buf.is_null() || n < 0 {
        return core::ptr::null();
    }
    // SAFETY: `n` bytes at `buf`.
    let p = unsafe { core::slice::from_raw_parts(buf, n as usize) };
    from_path(p, is_dir != 0, base_url)
}

unsafe extern "C" fn get_string(u: Ref) -> Ref {
    // SAFETY: a URL.
    unsafe { body(u, "CFURLGetString") }.cf_text
}

unsafe extern "C" fn get_base_url(u: Ref) -> Ref {
    // SAFETY: a URL.
    unsafe { body(u, "CFURLGetBaseURL") }.base
}

unsafe extern "C" fn copy_absolute_url(u: Ref) -> Ref {
    // SAFETY: a URL.
    unsafe {
        let b = body(u, "CFURLCopyAbsoluteURL");
        if b.base.is_null() {
            return base::retain(u);
        }
        new_url(absolute_text(u), core::ptr::null(), None)
    }
}

unsafe extern "C" fn copy_file_system_path(u: Ref, style: CFIndex) -> Ref {
    if style != POSIX_PATH_STYLE {
        return core::ptr::null();
    }
    // SAFETY: a URL.
    unsafe {
        let b = body(u, "CFURLCopyFileSystemPath");
        if let Some(r) = &b.file_ref {
            return string::new_string(&String::from_utf8_lossy(&r.path));
        }
        // A relative URL gives its relative path, as CF's does.
        let p = if b.base.is_null() || split(&b.text).scheme.is_some() {
            match file_path_of(&b.text) {
                Some(p) => p,
                None => return core::ptr::null(),
            }
        } else {
            if file_path(b.base).is_none() {
                return core::ptr::null();
            }
            let mut p = unescape(split(&b.text).path);
            while p.len() > 1 && p.ends_with(b"/") {
                p.pop();
            }
            p
        };
        string::new_string(&String::from_utf8_lossy(&p))
    }
}

unsafe extern "C" fn get_file_system_representation(
    u: Ref,
    resolve_base: Boolean,
    buf: *mut u8,
    max: CFIndex,
) -> Boolean {
    // SAFETY: a URL; `buf` holds `max` bytes.
    unsafe {
        let b = body(u, "CFURLGetFileSystemRepresentation");
        let p = if resolve_base != 0 || b.base.is_null() {
            file_path(u)
        } else {
            let mut p = unescape(split(&b.text).path);
            while p.len() > 1 && p.ends_with(b"/") {
                p.pop();
            }
            Some(p)
        };
        let Some(p) = p else {
            return 0;
        };
        if buf.is_null() || (p.len() + 1) as CFIndex > max {
            return 0;
        }
        core::ptr::copy_nonoverlapping(p.as_ptr(), buf, p.len());
        *buf.add(p.len()) = 0;
        1
    }
}

/// The path of a URL as written (escapes intact), resolved when relative
/// to a base with no path of its own.
unsafe fn own_path(u: Ref) -> String {
    // SAFETY: a URL.
    unsafe {
        let b = body(u, "CFURL");
        let t = if b.base.is_null() {
            b.text.clone()
        } else {
            absolute_text(u)
        };
        split(&t).path.to_string()
    }
}

unsafe extern "C" fn copy_last_path_component(u: Ref) -> Ref {
    // SAFETY: a URL.
    let path = unsafe { own_path(u) };
    let trimmed = path.trim_end_matches('/');
    let last = if trimmed.is_empty() && path.starts_with('/') {
        "/".to_string()
    } else {
        String::from_utf8_lossy(&unescape(trimmed.rsplit('/').next().unwrap_or(""))).into_owned()
    };
    string::new_string(&last)
}

unsafe extern "C" fn copy_path_extension(u: Ref) -> Ref {
    // SAFETY: a URL.
    let path = unsafe { own_path(u) };
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    match last.rfind('.') {
        Some(i) if i > 0 && i + 1 < last.len() => {
            string::new_string(&String::from_utf8_lossy(&unescape(&last[i + 1..])))
        }
        _ => core::ptr::null(),
    }
}

unsafe extern "C" fn copy_scheme(u: Ref) -> Ref {
    // SAFETY: a URL.
    let t = unsafe { absolute_text(u) };
    split(&t)
        .scheme
        .map_or(core::ptr::null(), string::new_string)
}

unsafe extern "C" fn copy_path(u: Ref) -> Ref {
    // SAFETY: a URL.
    let t = unsafe { body(u, "CFURLCopyPath") }.text.clone();
    string::new_string(split(&t).path)
}

unsafe extern "C" fn copy_host_name(u: Ref) -> Ref {
    // SAFETY: a URL.
    let t = unsafe { absolute_text(u) };
    let p = split(&t);
    let Some(auth) = p.authority else {
        return core::ptr::null();
    };
    let host = auth.rsplit('@').next().unwrap_or("");
    let host = if host.starts_with('[') {
        host.split(']')
            .next()
            .map(|h| h.trim_start_matches('['))
            .unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    string::new_string(&String::from_utf8_lossy(&unescape(host)))
}

unsafe extern "C" fn get_port_number(u: Ref) -> i32 {
    // SAFETY: a URL.
    let t = unsafe { absolute_text(u) };
    let p = split(&t);
    let auth = p.authority.unwrap_or("");
    let host = auth.rsplit('@').next().unwrap_or("");
    let port = host.rsplit_once(']').map_or(host, |(_, r)| r);
    port.rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(-1)
}

unsafe extern "C" fn has_directory_path(u: Ref) -> Boolean {
    // SAFETY: a URL.
    unsafe { own_path(u) }.ends_with('/') as Boolean
}

unsafe extern "C" fn create_copy_appending_path_component(
    _a: Ref,
    u: Ref,
    comp: Ref,
    is_dir: Boolean,
) -> Ref {
    // SAFETY: a URL and a string.
    unsafe {
        let Some(c) = string::opt_string(comp) else {
            return core::ptr::null();
        };
        let t = absolute_text(u);
        let p = split(&t);
        let mut path = p.path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        path.push_str(&escape_path(c.as_bytes(), true).replace(':', "%3A"));
        if is_dir != 0 && !path.ends_with('/') {
            path.push('/');
        }
        new_url(join(&Parts { path: &path, ..p }), core::ptr::null(), None)
    }
}

/// Drops the last component: `/a/b/c` → `/a/b/`, `/` → `/../` (as CF).
unsafe extern "C" fn create_copy_deleting_last_path_component(_a: Ref, u: Ref) -> Ref {
    // SAFETY: a URL.
    unsafe {
        let t = absolute_text(u);
        let p = split(&t);
        let trimmed = p.path.trim_end_matches('/');
        let path = if trimmed.is_empty() {
            if p.path.starts_with('/') {
                "/../".to_string()
            } else {
                "../".to_string()
            }
        } else {
            match trimmed.rfind('/') {
                Some(i) => trimmed[..=i].to_string(),
                None => "./".to_string(),
            }
        };
        new_url(
            join(&Parts {
                path: &path,
                query: None,
                fragment: None,
                ..p
            }),
            core::ptr::null(),
            None,
        )
    }
}

unsafe extern "C" fn create_copy_deleting_path_extension(_a: Ref, u: Ref) -> Ref {
    // SAFETY: a URL.
    unsafe {
        let t = absolute_text(u);
        let p = split(&t);
        let dir = p.path.ends_with('/');
        let trimmed = p.path.trim_end_matches('/');
        let start = trimmed.rfind('/').map_or(0, |i| i + 1);
        let mut path = match trimmed[start..].rfind('.') {
            Some(i) if i > 0 => trimmed[..start + i].to_string(),
            _ => trimmed.to_string(),
        };
        if dir {
            path.push('/');
        }
        new_url(join(&Parts { path: &path, ..p }), core::ptr::null(), None)
    }
}

unsafe extern "C" fn create_copy_appending_path_extension(_a: Ref, u: Ref, ext: Ref) -> Ref {
    // SAFETY: a URL and a string.
    unsafe {
        let Some(e) = string::opt_string(ext) else {
            return core::ptr::null();
        };
        let t = absolute_text(u);
        let p = split(&t);
        let dir = p.path.ends_with('/');
        let mut path = p.path.trim_end_matches('/').to_string();
        path.push('.');
        path.push_str(&escape_path(e.as_bytes(), true));
        if dir {
            path.push('/');
        }
        new_url(join(&Parts { path: &path, ..p }), core::ptr::null(), None)
    }
}

unsafe extern "C" fn resource_is_reachable(u: Ref, err: *mut Ref) -> Boolean {
    // SAFETY: a URL; `err` NULL or writable.
    unsafe {
        let b = body(u, "CFURLResourceIsReachable");
        let Some(p) = file_path(u) else {
            error::report(err, || {
                file_error(NS_FILE_READ_UNSUPPORTED_SCHEME, b.text.as_bytes())
            });
            return 0;
        };
        let ok = match (&b.file_ref, stat(&p, true)) {
            (Some(r), Some(st)) => st.st_dev == r.dev && st.st_ino == r.ino,
            (None, Some(_)) => true,
            _ => false,
        };
        if !ok {
            error::report(err, || file_error(NS_FILE_READ_NO_SUCH_FILE, &p));
        }
        ok as Boolean
    }
}

/// `CFURLCreateFileReferenceURL`: the file's identity, found through the
/// path with symbolic links resolved.
unsafe extern "C" fn create_file_reference_url(_a: Ref, u: Ref, err: *mut Ref) -> Ref {
    // SAFETY: a URL; `err` NULL or writable.
    unsafe {
        let Some(p) = file_path(u) else {
            error::report(err, || {
                file_error(
                    NS_FILE_READ_UNSUPPORTED_SCHEME,
                    body(u, "CFURL").text.as_bytes(),
                )
            });
            return core::ptr::null();
        };
        let real = CString::new(p.clone()).ok().and_then(|c| {
            let r = libc::realpath(c.as_ptr(), core::ptr::null_mut());
            if r.is_null() {
                return None;
            }
            let v = core::ffi::CStr::from_ptr(r).to_bytes().to_vec();
            libc::free(r.cast());
            Some(v)
        });
        let Some((real, st)) = real.and_then(|r| stat(&r, true).map(|st| (r, st))) else {
            error::report(err, || file_error(NS_FILE_NO_SUCH_FILE, &p));
            return core::ptr::null();
        };
        let dir = st.st_mode & libc::S_IFMT == libc::S_IFDIR;
        let text = format!(
            "file:///.file/id={}.{}{}",
            st.st_dev,
            st.st_ino,
            if dir { "/" } else { "" }
        );
        new_url(
            text,
            core::ptr::null(),
            Some(FileRef {
                path: real,
                dev: st.st_dev,
                ino: st.st_ino,
            }),
        )
    }
}

unsafe extern "C" fn create_file_path_url(_a: Ref, u: Ref, err: *mut Ref) -> Ref {
    // SAFETY: a URL; `err` NULL or writable.
    unsafe {
        let b = body(u, "CFURLCreateFilePathURL");
        if let Some(r) = &b.file_ref {
            return match stat(&r.path, true) {
                Some(st) if st.st_dev == r.dev && st.st_ino == r.ino => from_path(
                    &r.path,
                    st.st_mode & libc::S_IFMT == libc::S_IFDIR,
                    core::ptr::null(),
                ),
                _ => {
                    error::report(err, || file_error(NS_FILE_NO_SUCH_FILE, &r.path));
                    core::ptr::null()
                }
            };
        }
        let t = absolute_text(u);
        if !is_file_url(&t) {
            error::report(err, || {
                file_error(NS_FILE_READ_UNSUPPORTED_SCHEME, t.as_bytes())
            });
            return core::ptr::null();
        }
        new_url(t, core::ptr::null(), None)
    }
}

unsafe extern "C" fn is_file_reference_url(u: Ref) -> Boolean {
    // SAFETY: a URL.
    unsafe { body(u, "CFURLIsFileReferenceURL") }
        .file_ref
        .is_some() as Boolean
}

// --- resource properties ------------------------------------------------------------

cf_const_string!(K_NAME = "NSURLNameKey");
cf_const_string!(K_IS_REGULAR_FILE = "NSURLIsRegularFileKey");
cf_const_string!(K_IS_DIRECTORY = "NSURLIsDirectoryKey");
cf_const_string!(K_IS_SYMBOLIC_LINK = "NSURLIsSymbolicLinkKey");
cf_const_string!(K_FILE_SIZE = "NSURLFileSizeKey");
cf_const_string!(K_PATH = "NSURLPathKey");
cf_const_string!(K_CANONICAL_PATH = "NSURLCanonicalPathKey");
cf_const_string!(K_VOLUME_URL = "NSURLVolumeURLKey");
cf_const_string!(K_VOLUME_NAME = "NSURLVolumeNameKey");
cf_const_string!(K_VOLUME_TOTAL_CAPACITY = "NSURLVolumeTotalCapacityKey");
cf_const_string!(K_VOLUME_AVAILABLE_CAPACITY = "NSURLVolumeAvailableCapacityKey");
cf_const_string!(
    K_VOLUME_AVAILABLE_CAPACITY_FOR_IMPORTANT_USAGE =
        "NSURLVolumeAvailableCapacityForImportantUsageKey"
);
cf_const_string!(K_VOLUME_IS_BROWSABLE = "NSURLVolumeIsBrowsableKey");
cf_const_string!(K_VOLUME_IS_EJECTABLE = "NSURLVolumeIsEjectableKey");
cf_const_string!(K_VOLUME_IS_REMOVABLE = "NSURLVolumeIsRemovableKey");
cf_const_string!(K_VOLUME_IS_INTERNAL = "NSURLVolumeIsInternalKey");
cf_const_string!(K_VOLUME_IS_LOCAL = "NSURLVolumeIsLocalKey");

/// The mount holding a path, from `/proc/self/mountinfo`.
struct Mount {
    point: Vec<u8>,
    fstype: String,
    source: String,
}

fn unescape_mountinfo(s: &str) -> Vec<u8> {
    // mountinfo escapes space, tab, newline and backslash as \ooo.
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 3 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 4], 8) {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn mount_of(path: &[u8]) -> Option<Mount> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let mut best: Option<Mount> = None;
    for line in text.lines() {
        let (left, right) = line.split_once(" - ")?;
        let f: Vec<&str> = left.split(' ').collect();
        let r: Vec<&str> = right.split(' ').collect();
        if f.len() < 5 || r.len() < 2 {
            continue;
        }
        let point = unescape_mountinfo(f[4]);
        let inside = path == point.as_slice()
            || point == b"/"
            || (path.starts_with(&point) && path.get(point.len()) == Some(&b'/'));
        // Later lines mount over earlier ones at the same point.
        if inside && best.as_ref().is_none_or(|b| point.len() >= b.point.len()) {
            best = Some(Mount {
                point,
                fstype: r[0].to_string(),
                source: r[1].to_string(),
            });
        }
    }
    best
}

/// Filesystems that are not user-visible volumes (macOS marks such mounts
/// `MNT_DONTBROWSE`).
fn pseudo_fs(t: &str) -> bool {
    matches!(
        t,
        "proc"
            | "sysfs"
            | "devtmpfs"
            | "devpts"
            | "cgroup"
            | "cgroup2"
            | "securityfs"
            | "pstore"
            | "bpf"
            | "tracefs"
            | "debugfs"
            | "mqueue"
            | "hugetlbfs"
            | "configfs"
            | "fusectl"
            | "binfmt_misc"
            | "autofs"
            | "nsfs"
            | "rpc_pipefs"
            | "efivarfs"
    )
}

fn network_fs(t: &str) -> bool {
    matches!(
        t,
        "nfs"
            | "nfs4"
            | "cifs"
            | "smb3"
            | "smbfs"
            | "afs"
            | "ceph"
            | "9p"
            | "fuse.sshfs"
            | "glusterfs"
            | "lustre"
    )
}

/// Whether the block device behind a mount is removable (sysfs).
fn removable(source: &str) -> bool {
    let Some(dev) = source.strip_prefix("/dev/") else {
        return false;
    };
    let base = format!("/sys/class/block/{dev}");
    let read = |p: String| std::fs::read_to_string(p).map(|s| s.trim() == "1").ok();
    read(format!("{base}/removable"))
        .or_else(|| read(format!("{base}/../removable")))
        .unwrap_or(false)
}

/// Builds the properties dictionary for `path`.
fn properties(path: &[u8], keys: &[Ref]) -> Ref {
    let d = dict::new_cftype_dict();
    let lst = stat(path, false);
    let st = stat(path, true);
    let mnt = mount_of(path);
    let vfs = CString::new(path).ok().and_then(|c| {
        // SAFETY: an all-zero statvfs is valid output space.
        let mut v: libc::statvfs = unsafe { core::mem::zeroed() };
        // SAFETY: a NUL-terminated path and a local buffer.
        (unsafe { libc::statvfs(c.as_ptr(), &mut v) } == 0).then_some(v)
    });
    for &k in keys {
        // SAFETY: keys are CF objects (strings).
        let key = unsafe { string::opt_string(k) }.unwrap_or_default();
        let bytes_of = |n: u64| vfs.map(|v| n * v.f_frsize);
        let val: Option<Ref> = match key.as_str() {
            "NSURLNameKey" => {
                let name = path
                    .rsplit(|&c| c == b'/')
                    .find(|s| !s.is_empty())
                    .unwrap_or(b"/");
                Some(string::new_string(&String::from_utf8_lossy(name)))
            }
            "NSURLIsRegularFileKey" => {
                st.map(|s| number::boolean(s.st_mode & libc::S_IFMT == libc::S_IFREG))
            }
            "NSURLIsDirectoryKey" => {
                st.map(|s| number::boolean(s.st_mode & libc::S_IFMT == libc::S_IFDIR))
            }
            "NSURLIsSymbolicLinkKey" => {
                lst.map(|s| number::boolean(s.st_mode & libc::S_IFMT == libc::S_IFLNK))
            }
            "NSURLFileSizeKey" => st
                .filter(|s| s.st_mode & libc::S_IFMT == libc::S_IFREG)
                .map(|s| number::new_int(s.st_size)),
            "NSURLPathKey" | "NSURLCanonicalPathKey" => {
                Some(string::new_string(&String::from_utf8_lossy(path)))
            }
            "NSURLVolumeURLKey" => mnt
                .as_ref()
                .map(|m| from_path(&m.point, true, core::ptr::null())),
            "NSURLVolumeNameKey" => mnt.as_ref().map(|m| {
                let leaf = m.point.rsplit(|&c| c == b'/').find(|s| !s.is_empty());
                let name = match leaf {
                    Some(l) => String::from_utf8_lossy(l).into_owned(),
                    None => m.source.rsplit('/').next().unwrap_or(&m.source).to_string(),
                };
                string::new_string(&name)
            }),
            "NSURLVolumeTotalCapacityKey" => vfs
                .and_then(|v| bytes_of(v.f_blocks))
                .map(|n| number::new_int(n as i64)),
            "NSURLVolumeAvailableCapacityKey"
            | "NSURLVolumeAvailableCapacityForImportantUsageKey" => vfs
                .and_then(|v| bytes_of(v.f_bavail))
                .map(|n| number::new_int(n as i64)),
            "NSURLVolumeIsBrowsableKey" => {
                mnt.as_ref().map(|m| number::boolean(!pseudo_fs(&m.fstype)))
            }
            "NSURLVolumeIsLocalKey" => mnt
                .as_ref()
                .map(|m| number::boolean(!network_fs(&m.fstype))),
            "NSURLVolumeIsInternalKey" => mnt
                .as_ref()
                .map(|m| number::boolean(!network_fs(&m.fstype) && !removable(&m.source))),
            "NSURLVolumeIsRemovableKey" | "NSURLVolumeIsEjectableKey" => {
                mnt.as_ref().map(|m| number::boolean(removable(&m.source)))
            }
            _ => None,
        };
        if let Some(v) = val {
            // SAFETY: our dictionary; `v` is a new or static object.
            unsafe {
                dict::set(d, k, v);
                base::release(v);
            }
        }
    }
    d
}

unsafe extern "C" fn copy_resource_properties_for_keys(u: Ref, keys: Ref, err: *mut Ref) -> Ref {
    // SAFETY: a URL and an array of strings; `err` NULL or writable.
    unsafe {
        let Some(p) = file_path(u) else {
            error::report(err, || {
                file_error(
                    NS_FILE_READ_UNSUPPORTED_SCHEME,
                    body(u, "CFURL").text.as_bytes(),
                )
            });
            return core::ptr::null();
        };
        if stat(&p, false).is_none() {
            error::report(err, || file_error(NS_FILE_READ_NO_SUCH_FILE, &p));
            return core::ptr::null();
        }
        let ks = if keys.is_null() {
            Vec::new()
        } else {
            array::values(keys)
        };
        properties(&p, &ks)
    }
}

unsafe extern "C" fn copy_resource_property_for_key(
    u: Ref,
    key: Ref,
    out: *mut Ref,
    err: *mut Ref,
) -> Boolean {
    // SAFETY: a URL and a string; `out` writable.
    unsafe {
        let keys = Owned(array::new_cftype_array(&[key]));
        let d = copy_resource_properties_for_keys(u, keys.0, err);
        if d.is_null() {
            return 0;
        }
        let v = dict::get(d, key);
        if !out.is_null() {
            *out = base::retain_opt(v);
        }
        base::release(d);
        1
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFURLGetTypeID" => get_type_id,
    func "_CFURLCreateWithString" => create_with_string,
    func "_CFURLCreateWithBytes" => create_with_bytes,
    func "_CFURLCreateWithFileSystemPath" => create_with_file_system_path,
    func "_CFURLCreateWithFileSystemPathRelativeToBase" => create_with_file_system_path_relative_to_base,
    func "_CFURLCreateFromFileSystemRepresentation" => create_from_file_system_representation,
    func "_CFURLCreateFromFileSystemRepresentationRelativeToBase" => create_from_file_system_representation_relative_to_base,
    func "_CFURLGetString" => get_string,
    func "_CFURLGetBaseURL" => get_base_url,
    func "_CFURLCopyAbsoluteURL" => copy_absolute_url,
    func "_CFURLCopyFileSystemPath" => copy_file_system_path,
    func "_CFURLGetFileSystemRepresentation" => get_file_system_representation,
    func "_CFURLCopyLastPathComponent" => copy_last_path_component,
    func "_CFURLCopyPathExtension" => copy_path_extension,
    func "_CFURLCopyScheme" => copy_scheme,
    func "_CFURLCopyPath" => copy_path,
    func "_CFURLCopyHostName" => copy_host_name,
    func "_CFURLGetPortNumber" => get_port_number,
    func "_CFURLHasDirectoryPath" => has_directory_path,
    func "_CFURLCreateCopyAppendingPathComponent" => create_copy_appending_path_component,
    func "_CFURLCreateCopyDeletingLastPathComponent" => create_copy_deleting_last_path_component,
    func "_CFURLCreateCopyAppendingPathExtension" => create_copy_appending_path_extension,
    func "_CFURLCreateCopyDeletingPathExtension" => create_copy_deleting_path_extension,
    func "_CFURLResourceIsReachable" => resource_is_reachable,
    func "_CFURLCreateFileReferenceURL" => create_file_reference_url,
    func "_CFURLCreateFilePathURL" => create_file_path_url,
    func "_CFURLIsFileReferenceURL" => is_file_reference_url,
    func "_CFURLCopyResourcePropertiesForKeys" => copy_resource_properties_for_keys,
    func "_CFURLCopyResourcePropertyForKey" => copy_resource_property_for_key,
    data "_kCFURLNameKey" => K_NAME,
    data "_kCFURLIsRegularFileKey" => K_IS_REGULAR_FILE,
    data "_kCFURLIsDirectoryKey" => K_IS_DIRECTORY,
    data "_kCFURLIsSymbolicLinkKey" => K_IS_SYMBOLIC_LINK,
    data "_kCFURLFileSizeKey" => K_FILE_SIZE,
    data "_kCFURLPathKey" => K_PATH,
    data "_kCFURLCanonicalPathKey" => K_CANONICAL_PATH,
    data "_kCFURLVolumeURLKey" => K_VOLUME_URL,
    data "_kCFURLVolumeNameKey" => K_VOLUME_NAME,
    data "_kCFURLVolumeTotalCapacityKey" => K_VOLUME_TOTAL_CAPACITY,
    data "_kCFURLVolumeAvailableCapacityKey" => K_VOLUME_AVAILABLE_CAPACITY,
    data "_kCFURLVolumeAvailableCapacityForImportantUsageKey" => K_VOLUME_AVAILABLE_CAPACITY_FOR_IMPORTANT_USAGE,
    data "_kCFURLVolumeIsBrowsableKey" => K_VOLUME_IS_BROWSABLE,
    data "_kCFURLVolumeIsEjectableKey" => K_VOLUME_IS_EJECTABLE,
    data "_kCFURLVolumeIsRemovableKey" => K_VOLUME_IS_REMOVABLE,
    data "_kCFURLVolumeIsInternalKey" => K_VOLUME_IS_INTERNAL,
    data "_kCFURLVolumeIsLocalKey" => K_VOLUME_IS_LOCAL,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution() {
        assert_eq!(resolve("file:///a/b/", "c/d"), "file:///a/b/c/d");
        assert_eq!(resolve("file:///a/b/c", "../x"), "file:///a/x");
        assert_eq!(resolve("http://h/a/b", "/z?q"), "http://h/z?q");
        assert_eq!(remove_dots("/a/./b/../c/"), "/a/c/");
        assert_eq!(
            escape_path(b"/tmp/a b%/\xc3\xa9", false),
            "/tmp/a%20b%25/%C3%A9"
        );
        assert_eq!(unescape("/tmp/a%20b%25/%C3%A9"), b"/tmp/a b%/\xc3\xa9");
        assert_eq!(file_path_of("file:///tmp/dir/"), Some(b"/tmp/dir".to_vec()));
        assert_eq!(file_path_of("file://localhost/"), Some(b"/".to_vec()));
    }
}
