//! POSIX regular expressions on darwin `regex_t`/`regmatch_t` (`<_regex.h>`).
//!
//! darwin's `regex_t` is 32 bytes (`re_magic`, `re_nsub`, `re_endp`,
//! `re_g`) and its `regmatch_t` holds two `off_t`s (16 bytes; glibc's holds
//! two `int`s); the flag values differ too (`REG_NEWLINE` is 8 here, 4 in
//! glibc). The matching engine is glibc's, kept in the heap behind `re_g`,
//! with darwin's syntax translated to glibc's first:
//!
//! - outside `REG_ENHANCED`, `\c` for an ordinary `c` is the literal `c`
//!   (glibc would read `\w`, `\+`, `\|`... as GNU operators), and `\1` in an
//!   extended RE is a literal `1`;
//! - `[[:<:]]` and `[[:>:]]` (word start/end) become glibc's `\<`, `\>`;
//! - `REG_ENHANCED` (see re_format(7)): `\d \D \s \S \w \W` become bracket
//!   expressions, `\a \e \f \n \r \t \xHH \x{H..}` literal bytes, `\Q...\E`
//!   quoted text; `\b \B \< \>`, back references and the basic-RE
//!   `\+ \? \|` map to glibc's equivalents. Minimal repetitions
//!   (`REG_MINIMAL`, `*?` and friends in enhanced extended REs) and inline
//!   options `(?...)` are not supported: `regcomp` returns `REG_INVARG`;
//! - `REG_NOSPEC` (`REG_LITERAL`) patterns are matched by our own literal
//!   search, so they may contain any byte (with `REG_PEND`);
//! - a NUL byte inside a `REG_PEND` pattern that is not literal cannot be
//!   handed to glibc: `REG_INVARG`.
//!
//! `regexec` follows darwin for `REG_STARTEND`: matching starts at
//! `string + rm_so` as if that were the start of the string (`^` matches
//! there unless `REG_NOTBOL`), offsets are reported from `string`, and a
//! negative or reversed range is `REG_INVARG`. `regerror` has darwin's
//! messages and `REG_ITOA`/`REG_ATOI`. The `_l` variants use the C locale;
//! the wide-character variants are not provided.

use core::mem::offset_of;
use core::ptr::null_mut;
use libc::{c_char, c_int, c_void, size_t};

// darwin `regcomp` flags.
const REG_EXTENDED: c_int = 0o001;
const REG_ICASE: c_int = 0o002;
const REG_NOSUB: c_int = 0o004;
const REG_NEWLINE: c_int = 0o010;
const REG_NOSPEC: c_int = 0o020;
const REG_PEND: c_int = 0o040;
const REG_MINIMAL: c_int = 0o100;
const REG_ENHANCED: c_int = 0o400;
// darwin `regexec` flags.
const REG_NOTBOL: c_int = 0o001;
const REG_NOTEOL: c_int = 0o002;
const REG_STARTEND: c_int = 0o004;

// darwin error codes.
const REG_NOMATCH: c_int = 1;
const REG_BADPAT: c_int = 2;
const REG_EESCAPE: c_int = 5;
const REG_EBRACK: c_int = 7;
const REG_EPAREN: c_int = 8;
const REG_EBRACE: c_int = 9;
const REG_ESPACE: c_int = 12;
const REG_INVARG: c_int = 16;
const REG_ATOI: c_int = 255;
const REG_ITOA: c_int = 0o400;

/// `re_magic` of a compiled darwin regex (TRE's `RE_MAGIC`).
const RE_MAGIC: c_int = ((b'r' as c_int ^ 0o200) << 8) | b'e' as c_int;

/// darwin `regex_t`.
#[repr(C)]
pub struct RegexT {
    pub magic: c_int,
    pub nsub: size_t,
    pub endp: *const c_char,
    pub g: *mut Compiled,
}

/// darwin `regmatch_t` (`regoff_t` is `off_t`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct RegMatch {
    pub so: i64,
    pub eo: i64,
}

const _: () = {
    assert!(core::mem::size_of::<RegexT>() == 32);
    assert!(offset_of!(RegexT, magic) == 0);
    assert!(offset_of!(RegexT, nsub) == 8);
    assert!(offset_of!(RegexT, endp) == 16);
    assert!(offset_of!(RegexT, g) == 24);
    assert!(core::mem::size_of::<RegMatch>() == 16);
};

/// glibc `regex_t` (`struct re_pattern_buffer`, `<regex.h>`).
#[repr(C)]
struct HostRegex {
    buffer: *mut c_void,
    allocated: size_t,
    used: size_t,
    syntax: u64,
    fastmap: *mut c_char,
    translate: *mut u8,
    re_nsub: size_t,
    bits: u32,
}

/// glibc `regmatch_t` (`regoff_t` is `int`).
#[repr(C)]
#[derive(Clone, Copy)]
struct HostMatch {
    so: c_int,
    eo: c_int,
}

const _: () = {
    assert!(core::mem::size_of::<HostRegex>() == 64);
    assert!(offset_of!(HostRegex, re_nsub) == 48);
    assert!(core::mem::size_of::<HostMatch>() == 8);
};

// glibc flag values (`<regex.h>`).
const H_EXTENDED: c_int = 1;
const H_ICASE: c_int = 2;
const H_NEWLINE: c_int = 4;
const H_NOSUB: c_int = 8;
const H_NOTBOL: c_int = 1;
const H_NOTEOL: c_int = 2;
const H_STARTEND: c_int = 4;

extern "C" {
    #[link_name = "regcomp"]
    fn host_regcomp(preg: *mut HostRegex, pattern: *const c_char, cflags: c_int) -> c_int;
    #[link_name = "regexec"]
    fn host_regexec(
        preg: *const HostRegex,
        string: *const c_char,
        nmatch: size_t,
        pmatch: *mut HostMatch,
        eflags: c_int,
    ) -> c_int;
    #[link_name = "regfree"]
    fn host_regfree(preg: *mut HostRegex);
}

/// glibc error code → darwin (1..=13 agree; glibc's `REG_EEND`,
/// `REG_ESIZE`, `REG_ERPAREN` have no darwin twin of the same number).
fn from_host(e: c_int) -> c_int {
    match e {
        14 => REG_BADPAT,
        15 => REG_ESPACE,
        16 => REG_EPAREN,
        e => e,
    }
}

/// What `re_g` points at.
pub struct Compiled {
    engine: Engine,
    nosub: bool,
}

enum Engine {
    Host(Box<HostRegex>),
    /// `REG_NOSPEC`: the bytes to find, and whether case is ignored.
    Literal(Vec<u8>, bool),
}

impl Drop for Compiled {
    fn drop(&mut self) {
        if let Engine::Host(h) = &mut self.engine {
            // SAFETY: `h` was compiled by glibc's regcomp and is freed once.
            unsafe { host_regfree(&mut **h) };
        }
    }
}

/// Pushes `b` so that glibc reads it as itself.
fn push_literal(out: &mut Vec<u8>, b: u8, ext: bool) -> Result<(), c_int> {
    if b == 0 {
        return Err(REG_INVARG);
    }
    let special: &[u8] = if ext { b".[\\()*+?{|^$" } else { b".[\\*^$" };
    if special.contains(&b) {
        out.push(b'\\');
    }
    out.push(b);
    Ok(())
}

/// The index just past the bracket expression starting at `pat[i] == '['`.
fn bracket_end(pat: &[u8], i: usize) -> Option<usize> {
    let mut k = i + 1;
    if pat.get(k) == Some(&b'^') {
        k += 1;
    }
    if pat.get(k) == Some(&b']') {
        k += 1;
    }
    while k < pat.len() {
        match pat[k] {
            b']' => return Some(k + 1),
            b'[' if matches!(pat.get(k + 1), Some(b':' | b'.' | b'=')) => {
                let d = pat[k + 1];
                let close = (k + 2..pat.len().saturating_sub(1))
                    .find(|&j| pat[j] == d && pat[j + 1] == b']')?;
                k = close + 2;
            }
            _ => k += 1,
        }
    }
    None
}

/// Rewrites a darwin pattern in glibc's syntax.
fn translate(pat: &[u8], ext: bool, enh: bool) -> Result<Vec<u8>, c_int> {
    let mut out = Vec::with_capacity(pat.len() + 8);
    let mut i = 0;
    while i < pat.len() {
        let c = pat[i];
        match c {
            b'[' => {
                if pat[i..].starts_with(b"[[:<:]]") {
                    out.extend_from_slice(b"\\<");
                    i += 7;
                    continue;
                }
                if pat[i..].starts_with(b"[[:>:]]") {
                    out.extend_from_slice(b"\\>");
                    i += 7;
                    continue;
                }
                let end = bracket_end(pat, i).ok_or(REG_EBRACK)?;
                if pat[i..end].contains(&0) {
                    return Err(REG_INVARG);
                }
                out.extend_from_slice(&pat[i..end]);
                i = end;
            }
            b'\\' => {
                let Some(&n) = pat.get(i + 1) else {
                    return Err(REG_EESCAPE);
                };
                i += 2;
                if !ext && matches!(n, b'(' | b')' | b'{' | b'}') {
                    out.extend_from_slice(&[b'\\', n]);
                    continue;
                }
                if !enh {
                    if !ext && (b'1'..=b'9').contains(&n) {
                        out.extend_from_slice(&[b'\\', n]);
                    } else {
                        push_literal(&mut out, n, ext)?;
                    }
                    continue;
                }
                match n {
                    b'b' | b'B' | b'<' | b'>' | b'1'..=b'9' => out.extend_from_slice(&[b'\\', n]),
                    b'+' | b'?' | b'|' if !ext => out.extend_from_slice(&[b'\\', n]),
                    b'd' => out.extend_from_slice(b"[[:digit:]]"),
                    b'D' => out.extend_from_slice(b"[^[:digit:]]"),
                    b's' => out.extend_from_slice(b"[[:space:]]"),
                    b'S' => out.extend_from_slice(b"[^[:space:]]"),
                    b'w' => out.extend_from_slice(b"[[:alnum:]_]"),
                    b'W' => out.extend_from_slice(b"[^[:alnum:]_]"),
                    b'a' => push_literal(&mut out, 7, ext)?,
                    b'e' => push_literal(&mut out, 27, ext)?,
                    b'f' => push_literal(&mut out, 12, ext)?,
                    b'n' => push_literal(&mut out, b'\n', ext)?,
                    b'r' => push_literal(&mut out, b'\r', ext)?,
                    b't' => push_literal(&mut out, b'\t', ext)?,
                    b'x' => {
                        let mut v: u32 = 0;
                        if pat.get(i) == Some(&b'{') {
                            let close =
                                pat[i..].iter().position(|&b| b == b'}').ok_or(REG_EBRACE)?;
                            let digits = &pat[i + 1..i + close];
                            if digits.len() >= 32 || !digits.iter().all(u8::is_ascii_hexdigit) {
                                return Err(REG_EBRACE);
                            }
                            for &d in digits {
                                v = v
                                    .saturating_mul(16)
                                    .saturating_add((d as char).to_digit(16).unwrap_or(0));
                            }
                            i += close + 1;
                        } else {
                            for _ in 0..2 {
                                match pat.get(i).and_then(|&d| (d as char).to_digit(16)) {
                                    Some(d) => {
                                        v = v * 16 + d;
                                        i += 1;
                                    }
                                    None => break,
                                }
                            }
                        }
                        // Only single bytes exist in the C locale.
                        let b = u8::try_from(v).map_err(|_| REG_INVARG)?;
                        push_literal(&mut out, b, ext)?;
                    }
                    b'Q' => {
                        while i < pat.len() && !pat[i..].starts_with(b"\\E") {
                            push_literal(&mut out, pat[i], ext)?;
                            i += 1;
                        }
                        if i < pat.len() {
                            i += 2;
                        }
                    }
                    _ => push_literal(&mut out, n, ext)?,
                }
            }
            0 => return Err(REG_INVARG),
            _ => {
                if ext && enh {
                    // Minimal repetitions and inline options.
                    let after_rep = matches!(c, b'*' | b'+' | b'?' | b'}');
                    if after_rep && pat.get(i + 1) == Some(&b'?') {
                        return Err(REG_INVARG);
                    }
                    if c == b'(' && pat.get(i + 1) == Some(&b'?') {
                        return Err(REG_INVARG);
                    }
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Compiles `pat` into `preg`.
unsafe fn compile(preg: *mut RegexT, pat: &[u8], cflags: c_int) -> c_int {
    let ext = cflags & REG_EXTENDED != 0;
    let enh = cflags & REG_ENHANCED != 0;
    let nosub = cflags & REG_NOSUB != 0;
    let result: Result<(Engine, usize), c_int> = if cflags & REG_NOSPEC != 0 {
        Ok((Engine::Literal(pat.to_vec(), cflags & REG_ICASE != 0), 0))
    } else if ext && enh && cflags & REG_MINIMAL != 0 {
        Err(REG_INVARG)
    } else {
        translate(pat, ext, enh).and_then(|t| {
            let c = std::ffi::CString::new(t).map_err(|_| REG_INVARG)?;
            let mut hflags = 0;
            if ext {
                hflags |= H_EXTENDED;
            }
            if cflags & REG_ICASE != 0 {
                hflags |= H_ICASE;
            }
            if cflags & REG_NEWLINE != 0 {
                hflags |= H_NEWLINE;
            }
            if nosub {
                hflags |= H_NOSUB;
            }
            // SAFETY: HostRegex is plain data that regcomp initializes.
            let mut h: Box<HostRegex> = Box::new(unsafe { core::mem::zeroed() });
            // SAFETY: `h` is a glibc regex_t; `c` a C string.
            let r = unsafe { host_regcomp(&mut *h, c.as_ptr(), hflags) };
            if r != 0 {
                return Err(from_host(r));
            }
            let n = h.re_nsub;
            Ok((Engine::Host(h), n))
        })
    };
    // SAFETY: `preg` is the caller's regex_t.
    unsafe {
        match result {
            Ok((engine, nsub)) => {
                (*preg).g = Box::into_raw(Box::new(Compiled { engine, nosub }));
                (*preg).nsub = nsub;
                (*preg).magic = RE_MAGIC;
                0
            }
            Err(e) => {
                (*preg).g = null_mut();
                (*preg).magic = 0;
                e
            }
        }
    }
}

unsafe extern "C" fn regcomp(preg: *mut RegexT, pattern: *const c_char, cflags: c_int) -> c_int {
    if preg.is_null() || pattern.is_null() {
        return REG_INVARG;
    }
    // SAFETY: the caller's regex_t and pattern (C string, or up to re_endp).
    unsafe {
        let pat = if cflags & REG_PEND != 0 {
            let end = (*preg).endp;
            if end < pattern {
                return REG_INVARG;
            }
            core::slice::from_raw_parts(pattern.cast::<u8>(), end.offset_from(pattern) as usize)
        } else {
            core::ffi::CStr::from_ptr(pattern).to_bytes()
        };
        compile(preg, pat, cflags)
    }
}

unsafe extern "C" fn regcomp_l(
    preg: *mut RegexT,
    pattern: *const c_char,
    cflags: c_int,
    _loc: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { regcomp(preg, pattern, cflags) }
}

unsafe extern "C" fn regncomp(
    preg: *mut RegexT,
    pattern: *const c_char,
    len: size_t,
    cflags: c_int,
) -> c_int {
    if preg.is_null() || (pattern.is_null() && len != 0) {
        return REG_INVARG;
    }
    // SAFETY: the caller's regex_t and `len` pattern bytes.
    unsafe {
        let pat = if len == 0 {
            &[][..]
        } else {
            core::slice::from_raw_parts(pattern.cast::<u8>(), len)
        };
        compile(preg, pat, cflags)
    }
}

unsafe extern "C" fn regncomp_l(
    preg: *mut RegexT,
    pattern: *const c_char,
    len: size_t,
    cflags: c_int,
    _loc: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { regncomp(preg, pattern, len, cflags) }
}

/// Matches `text` (which starts `base` bytes into the caller's string).
unsafe fn execute(
    c: &Compiled,
    text: *const u8,
    len: usize,
    base: i64,
    nmatch: size_t,
    pmatch: *mut RegMatch,
    eflags: c_int,
) -> c_int {
    let want = if c.nosub || pmatch.is_null() {
        0
    } else {
        nmatch
    };
    match &c.engine {
        Engine::Literal(pat, icase) => {
            // SAFETY: the caller's string holds `len` bytes at `text`.
            let hay = unsafe { core::slice::from_raw_parts(text, len) };
            let found = if pat.len() > hay.len() {
                None
            } else {
                (0..=hay.len() - pat.len()).find(|&k| {
                    let w = &hay[k..k + pat.len()];
                    if *icase {
                        w.eq_ignore_ascii_case(pat)
                    } else {
                        w == &pat[..]
                    }
                })
            };
            let Some(at) = found else {
                return REG_NOMATCH;
            };
            for k in 0..want {
                let m = if k == 0 {
                    RegMatch {
                        so: base + at as i64,
                        eo: base + (at + pat.len()) as i64,
                    }
                } else {
                    RegMatch { so: -1, eo: -1 }
                };
                // SAFETY: the caller's array holds `nmatch` entries.
                unsafe { *pmatch.add(k) = m };
            }
            0
        }
        Engine::Host(h) => {
            let Ok(hlen) = c_int::try_from(len) else {
                return REG_ESPACE;
            };
            let mut hm = vec![HostMatch { so: 0, eo: 0 }; want.max(1)];
            hm[0] = HostMatch { so: 0, eo: hlen };
            let mut hflags = H_STARTEND;
            if eflags & REG_NOTBOL != 0 {
                hflags |= H_NOTBOL;
            }
            if eflags & REG_NOTEOL != 0 {
                hflags |= H_NOTEOL;
            }
            // SAFETY: `h` is compiled; `text` holds `len` bytes (glibc reads
            // only the range given with REG_STARTEND); `hm` has room.
            let r = unsafe { host_regexec(&**h, text.cast(), want, hm.as_mut_ptr(), hflags) };
            if r != 0 {
                return from_host(r);
            }
            for (k, m) in hm.iter().take(want).enumerate() {
                let conv = |v: c_int| if v < 0 { -1 } else { base + v as i64 };
                // SAFETY: the caller's array holds `nmatch` entries.
                unsafe {
                    *pmatch.add(k) = RegMatch {
                        so: conv(m.so),
                        eo: conv(m.eo),
                    }
                };
            }
            0
        }
    }
}

/// `regexec` and `regnexec`: `len` is `usize::MAX` for a C string.
unsafe fn exec_common(
    preg: *const RegexT,
    string: *const c_char,
    len: usize,
    nmatch: size_t,
    pmatch: *mut RegMatch,
    eflags: c_int,
) -> c_int {
    // SAFETY: the caller's regex_t, string and match array.
    unsafe {
        if preg.is_null() || (*preg).magic != RE_MAGIC || (*preg).g.is_null() {
            return REG_BADPAT;
        }
        if string.is_null() {
            return REG_INVARG;
        }
        let c = &*(*preg).g;
        let (start, len) = if eflags & REG_STARTEND != 0 && !pmatch.is_null() {
            let m = *pmatch;
            if m.so < 0 {
                return REG_INVARG;
            }
            if len == usize::MAX {
                if m.eo < 0 || m.so > m.eo {
                    return REG_INVARG;
                }
                (m.so, (m.eo - m.so) as usize)
            } else {
                (m.so, len)
            }
        } else if len == usize::MAX {
            (0, libc::strlen(string))
        } else {
            (0, len)
        };
        execute(
            c,
            string.cast::<u8>().add(start as usize),
            len,
            start,
            nmatch,
            pmatch,
            eflags,
        )
    }
}

unsafe extern "C" fn regexec(
    preg: *const RegexT,
    string: *const c_char,
    nmatch: size_t,
    pmatch: *mut RegMatch,
    eflags: c_int,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { exec_common(preg, string, usize::MAX, nmatch, pmatch, eflags) }
}

unsafe extern "C" fn regnexec(
    preg: *const RegexT,
    string: *const c_char,
    len: size_t,
    nmatch: size_t,
    pmatch: *mut RegMatch,
    eflags: c_int,
) -> c_int {
    // SAFETY: forwarded; `len` bytes of `string` are readable.
    unsafe { exec_common(preg, string, len, nmatch, pmatch, eflags) }
}

unsafe extern "C" fn regfree(preg: *mut RegexT) {
    if preg.is_null() {
        return;
    }
    // SAFETY: `re_g` is NULL or the Box regcomp made.
    unsafe {
        (*preg).magic = 0;
        let g = core::mem::replace(&mut (*preg).g, null_mut());
        if !g.is_null() {
            drop(Box::from_raw(g));
        }
    }
}

/// darwin's error names and messages, by code.
const ERRORS: &[(c_int, &str, &str)] = &[
    (1, "REG_NOMATCH", "regexec() failed to match"),
    (2, "REG_BADPAT", "invalid regular expression"),
    (3, "REG_ECOLLATE", "invalid collating element"),
    (4, "REG_ECTYPE", "invalid character class"),
    (5, "REG_EESCAPE", "trailing backslash (\\)"),
    (6, "REG_ESUBREG", "invalid backreference number"),
    (7, "REG_EBRACK", "brackets ([ ]) not balanced"),
    (8, "REG_EPAREN", "parentheses not balanced"),
    (9, "REG_EBRACE", "braces not balanced"),
    (10, "REG_BADBR", "invalid repetition count(s)"),
    (11, "REG_ERANGE", "invalid character range"),
    (12, "REG_ESPACE", "out of memory"),
    (13, "REG_BADRPT", "repetition-operator operand invalid"),
    (14, "REG_EMPTY", "empty (sub)expression"),
    (15, "REG_ASSERT", "\"can't happen\" -- you found a bug"),
    (16, "REG_INVARG", "invalid argument to regex routine"),
    (17, "REG_ILLSEQ", "illegal byte sequence"),
];
const UNKNOWN: &str = "*** unknown regexp error code ***";

unsafe extern "C" fn regerror(
    code: c_int,
    preg: *const RegexT,
    buf: *mut c_char,
    size: size_t,
) -> size_t {
    let text: String = if code == REG_ATOI {
        // The name to convert is at re_endp.
        // SAFETY: with REG_ATOI the caller passes a regex_t whose re_endp
        // is a C string.
        let name = unsafe {
            if preg.is_null() || (*preg).endp.is_null() {
                &[][..]
            } else {
                core::ffi::CStr::from_ptr((*preg).endp).to_bytes()
            }
        };
        ERRORS
            .iter()
            .find(|e| e.1.as_bytes() == name)
            .map_or_else(|| "0".to_string(), |e| e.0.to_string())
    } else {
        let target = code & !REG_ITOA;
        let found = ERRORS.iter().find(|e| e.0 == target);
        if code & REG_ITOA != 0 {
            found.map_or_else(|| format!("REG_0x{target:x}"), |e| e.1.to_string())
        } else {
            found.map_or(UNKNOWN, |e| e.2).to_string()
        }
    };
    let len = text.len() + 1;
    if size > 0 && !buf.is_null() {
        let n = text.len().min(size - 1);
        // SAFETY: the caller's buffer holds `size` bytes.
        unsafe {
            core::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
    }
    len
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_regcomp" => regcomp,
    func "_regcomp_l" => regcomp_l,
    func "_regncomp" => regncomp,
    func "_regncomp_l" => regncomp_l,
    func "_regexec" => regexec,
    func "_regnexec" => regnexec,
    func "_regerror" => regerror,
    func "_regfree" => regfree,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn t(p: &str, ext: bool, enh: bool) -> Result<String, c_int> {
        translate(p.as_bytes(), ext, enh).map(|v| String::from_utf8(v).unwrap())
    }

    #[test]
    fn translation() {
        assert_eq!(t("a\\+b", false, false), Ok("a+b".into()));
        assert_eq!(t("a\\+b", false, true), Ok("a\\+b".into()));
        assert_eq!(t("\\(a\\)\\1", false, false), Ok("\\(a\\)\\1".into()));
        assert_eq!(t("(a)\\1", true, false), Ok("(a)1".into()));
        assert_eq!(
            t("\\d+\\.\\w", true, true),
            Ok("[[:digit:]]+\\.[[:alnum:]_]".into())
        );
        assert_eq!(t("[[:<:]]x[[:>:]]", true, false), Ok("\\<x\\>".into()));
        assert_eq!(t("[]a\\]", true, false), Ok("[]a\\]".into()));
        assert_eq!(t("\\Qa.b\\E.", true, true), Ok("a\\.b.".into()));
        assert_eq!(t("\\x41\\x{42}", true, true), Ok("AB".into()));
        assert_eq!(t("a*?", true, true), Err(REG_INVARG));
        assert_eq!(t("[abc", true, false), Err(REG_EBRACK));
        assert_eq!(t("abc\\", true, false), Err(REG_EESCAPE));
    }
}
