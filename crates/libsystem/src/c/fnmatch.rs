//! `fnmatch` with darwin flag values (`<fnmatch.h>`: `FNM_NOESCAPE` 0x01,
//! `FNM_PATHNAME` 0x02 — the reverse of glibc's —, `FNM_PERIOD` 0x04,
//! `FNM_LEADING_DIR` 0x08, `FNM_CASEFOLD` 0x10).
//!
//! Our own matcher, with the behaviour of darwin's (BSD) one where it
//! differs from glibc's: a bracket expression that never closes is an
//! error (return value 2, neither 0 nor `FNM_NOMATCH`), `[^...]` negates
//! like `[!...]`, and a `/` inside a bracket never matches with
//! `FNM_PATHNAME`. Strings are matched byte by byte, as in the C locale
//! (each byte one character); collating symbols and equivalence classes
//! are single bytes.

use libc::{c_char, c_int};

pub const FNM_NOMATCH: c_int = 1;
pub const FNM_NOESCAPE: c_int = 0x01;
pub const FNM_PATHNAME: c_int = 0x02;
pub const FNM_PERIOD: c_int = 0x04;
pub const FNM_LEADING_DIR: c_int = 0x08;
pub const FNM_CASEFOLD: c_int = 0x10;
/// What darwin returns for a malformed pattern.
const FNM_ERROR: c_int = 2;

/// Longest character class name darwin accepts (`CHARCLASS_NAME_MAX`).
const CLASS_NAME_MAX: usize = 14;

/// The byte at `i`, or 0 past the end (the C string's terminator).
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// Whether the POSIX class `name` (`alpha`, `digit`...) contains `c`, or
/// `None` for an unknown class.
pub(crate) fn in_class(name: &[u8], c: u8) -> Option<bool> {
    Some(match name {
        b"alnum" => c.is_ascii_alphanumeric(),
        b"alpha" => c.is_ascii_alphabetic(),
        b"blank" => c == b' ' || c == b'\t',
        b"cntrl" => c.is_ascii_control(),
        b"digit" => c.is_ascii_digit(),
        b"graph" => c.is_ascii_graphic(),
        b"lower" => c.is_ascii_lowercase(),
        b"print" => c.is_ascii_graphic() || c == b' ',
        b"punct" => c.is_ascii_punctuation(),
        b"space" => matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'),
        b"upper" => c.is_ascii_uppercase(),
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

enum Range {
    /// Matched; the pattern continues at this index.
    Match(usize),
    NoMatch,
    Error,
}

/// Finds the `special` + `]` that closes a `[.`, `[=` or `[:` starting at `p`.
fn close_of(pat: &[u8], p: usize, special: u8) -> Option<usize> {
    (p..pat.len()).find(|&k| pat[k] == special && at(pat, k + 1) == b']')
}

/// Matches `test` against the bracket expression whose body starts at `p`
/// (just after the `[`).
fn range_match(pat: &[u8], mut p: usize, test: u8, flags: c_int) -> Range {
    let fold = flags & FNM_CASEFOLD != 0;
    let noescape = flags & FNM_NOESCAPE != 0;
    let negate = matches!(at(pat, p), b'!' | b'^');
    if negate {
        p += 1;
    }
    let test = if fold {
        test.to_ascii_lowercase()
    } else {
        test
    };
    let first = p;
    let mut ok = false;
    loop {
        let ch = at(pat, p);
        let mut c = None;
        if ch == b']' && p > first {
            break;
        } else if ch == 0 {
            return Range::Error;
        } else if ch == b'/' && flags & FNM_PATHNAME != 0 {
            return Range::NoMatch;
        } else if ch == b'\\' && !noescape {
            p += 1;
        } else if ch == b'[' && matches!(at(pat, p + 1), b'.' | b'=' | b':') {
            let special = at(pat, p + 1);
            p += 2;
            let Some(cp) = close_of(pat, p, special) else {
                return Range::Error;
            };
            let name = &pat[p..cp];
            let range_follows = at(pat, cp + 2) == b'-' && !matches!(at(pat, cp + 3), 0 | b']');
            if special == b':' {
                if range_follows || name.len() > CLASS_NAME_MAX {
                    return Range::Error;
                }
                p = cp + 2;
                match in_class(name, test) {
                    None => return Range::Error,
                    Some(true) => {
                        ok = true;
                        break;
                    }
                    Some(false) => continue,
                }
            }
            // A collating symbol or an equivalence class: in the C locale
            // both name exactly one byte.
            if name.len() != 1 {
                return Range::Error;
            }
            p = cp + 2;
            c = Some(name[0]);
        }
        let mut c = match c {
            Some(c) => c,
            None => {
                let c = at(pat, p);
                if c != 0 {
                    p += 1;
                }
                c
            }
        };
        if fold {
            c = c.to_ascii_lowercase();
        }
        if at(pat, p) == b'-' && !matches!(at(pat, p + 1), 0 | b']') {
            p += 1;
            if at(pat, p) == b'\\' && !noescape {
                p += 1;
            }
            let mut c2 = at(pat, p);
            if c2 == 0 {
                return Range::Error;
            }
            p += 1;
            if c2 == b'[' && matches!(at(pat, p), b'.' | b'=' | b':') {
                let special = at(pat, p);
                if special != b'.' {
                    return Range::Error;
                }
                p += 1;
                let Some(cp) = close_of(pat, p, special) else {
                    return Range::Error;
                };
                if cp - p != 1 {
                    return Range::Error;
                }
                c2 = pat[p];
                p = cp + 2;
            }
            if fold {
                c2 = c2.to_ascii_lowercase();
            }
            if c <= test && test <= c2 {
                ok = true;
                break;
            }
        } else if c == test {
            ok = true;
            break;
        }
    }
    // Skip the rest of the bracket expression.
    let mut special = 0u8;
    while at(pat, p) != b']' {
        let ch = at(pat, p);
        if ch == 0 {
            return Range::Error;
        }
        if special != 0 && ch == special {
            p += 1;
            if at(pat, p) == b']' {
                special = 0;
                p += 1;
            }
            continue;
        }
        if special == 0 && ch == b'[' {
            p += 1;
            special = at(pat, p);
            if matches!(special, b'.' | b'=' | b':') {
                p += 1;
            } else {
                special = 0;
            }
            continue;
        }
        p += 1;
    }
    if ok == negate {
        Range::NoMatch
    } else {
        Range::Match(p + 1)
    }
}

/// darwin `fnmatch` on byte strings: 0, `FNM_NOMATCH` or 2 (bad pattern).
pub fn fnmatch_bytes(pat: &[u8], s: &[u8], flags: c_int) -> c_int {
    let pathname = flags & FNM_PATHNAME != 0;
    // A leading period that only a literal period may match.
    let hidden = |i: usize| {
        at(s, i) == b'.' && flags & FNM_PERIOD != 0 && (i == 0 || (pathname && s[i - 1] == b'/'))
    };
    let mut p = 0;
    let mut i = 0;
    // Where to resume after the last `*`: (pattern index, string index).
    let mut star: Option<(usize, usize)> = None;
    loop {
        let pc = at(pat, p);
        if pc != 0 {
            p += 1;
        }
        let sc = at(s, i);
        let matched = match pc {
            0 => {
                if sc == 0 || (flags & FNM_LEADING_DIR != 0 && sc == b'/') {
                    return 0;
                }
                false
            }
            b'?' => {
                if sc == 0 {
                    return FNM_NOMATCH;
                }
                if (sc == b'/' && pathname) || hidden(i) {
                    false
                } else {
                    i += 1;
                    true
                }
            }
            b'*' => {
                while at(pat, p) == b'*' {
                    p += 1;
                }
                let next = at(pat, p);
                if hidden(i) {
                    false
                } else if next == 0 {
                    let rest_has_slash = s[i.min(s.len())..].contains(&b'/');
                    return if !pathname || flags & FNM_LEADING_DIR != 0 || !rest_has_slash {
                        0
                    } else {
                        FNM_NOMATCH
                    };
                } else if next == b'/' && pathname {
                    match s[i.min(s.len())..].iter().position(|&b| b == b'/') {
                        Some(k) => {
                            i += k;
                            true
                        }
                        None => return FNM_NOMATCH,
                    }
                } else {
                    star = Some((p, i));
                    true
                }
            }
            b'[' => {
                if sc == 0 {
                    return FNM_NOMATCH;
                }
                if (sc == b'/' && pathname) || hidden(i) {
                    false
                } else {
                    match range_match(pat, p, sc, flags) {
                        Range::Error => return FNM_ERROR,
                        Range::Match(np) => {
                            p = np;
                            i += 1;
                            true
                        }
                        Range::NoMatch => false,
                    }
                }
            }
            _ => {
                let mut lit = pc;
                if pc == b'\\' && flags & FNM_NOESCAPE == 0 {
                    lit = at(pat, p);
                    if lit == 0 {
                        lit = b'\\';
                    } else {
                        p += 1;
                    }
                }
                if sc != 0 {
                    i += 1;
                }
                lit == sc || (flags & FNM_CASEFOLD != 0 && lit.eq_ignore_ascii_case(&sc))
            }
        };
        if matched {
            continue;
        }
        // Mismatch: let the last `*` swallow one more character.
        let Some((sp, si)) = star else {
            return FNM_NOMATCH;
        };
        let c = at(s, si);
        if c == 0 || (c == b'/' && pathname) {
            return FNM_NOMATCH;
        }
        star = Some((sp, si + 1));
        p = sp;
        i = si + 1;
    }
}

/// `fnmatch(pattern, string, flags)`.
unsafe extern "C" fn fnmatch(pattern: *const c_char, string: *const c_char, flags: c_int) -> c_int {
    if pattern.is_null() || string.is_null() {
        return FNM_NOMATCH;
    }
    // SAFETY: the caller's C strings.
    let (p, s) = unsafe {
        (
            core::ffi::CStr::from_ptr(pattern).to_bytes(),
            core::ffi::CStr::from_ptr(string).to_bytes(),
        )
    };
    fnmatch_bytes(p, s, flags)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_fnmatch" => fnmatch,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str, f: c_int) -> c_int {
        fnmatch_bytes(p.as_bytes(), s.as_bytes(), f)
    }

    #[test]
    fn basics() {
        assert_eq!(m("*.c", "main.c", 0), 0);
        assert_eq!(m("*.c", "main.h", 0), FNM_NOMATCH);
        assert_eq!(m("a?c", "abc", 0), 0);
        assert_eq!(m("[a-c]x", "bx", 0), 0);
        assert_eq!(m("[!a-c]x", "bx", 0), FNM_NOMATCH);
        assert_eq!(m("[^a-c]x", "dx", 0), 0);
        assert_eq!(m("[]]", "]", 0), 0);
        assert_eq!(m("[[:digit:]]*", "7up", 0), 0);
        assert_eq!(m("[abc", "[abc", 0), FNM_ERROR);
        assert_eq!(m("\\*", "*", 0), 0);
        assert_eq!(m("\\*", "\\*", FNM_NOESCAPE), 0);
        assert_eq!(m("a*b*c", "aXbYbZc", 0), 0);
        assert_eq!(m("a*b", "a/b", FNM_PATHNAME), FNM_NOMATCH);
        assert_eq!(m("a/*", "a/b", FNM_PATHNAME), 0);
        assert_eq!(m("*", ".x", FNM_PERIOD), FNM_NOMATCH);
        assert_eq!(m("a/*", "a/.x", FNM_PERIOD | FNM_PATHNAME), FNM_NOMATCH);
        assert_eq!(m("a/*", "a/.x", FNM_PERIOD), 0);
        assert_eq!(m("abc", "ABC", FNM_CASEFOLD), 0);
        assert_eq!(m("a*", "ab/cd", FNM_PATHNAME | FNM_LEADING_DIR), 0);
        assert_eq!(m("ab", "ab/cd", FNM_LEADING_DIR), 0);
        assert_eq!(m("*/b", "a/b", FNM_PATHNAME), 0);
        assert_eq!(m("", "", 0), 0);
        assert_eq!(m("\\", "\\", 0), 0);
    }
}
