//! The `printf` family.
//!
//! Our own driver walks the format and the `va_list` (see [`super::valist`])
//! and hands each conversion, rebuilt with its width and precision resolved,
//! to glibc's `snprintf` with a single argument of the right type: glibc
//! does the digits (integers, `%e/%f/%g/%a`, `%ls`...), we do what darwin
//! does differently from glibc:
//!
//! - `%p` is `0x` and lower-case hex, `0x0` for NULL (glibc: `(nil)`);
//! - NaN prints without a sign (`nan`, never `-nan`, nor `+nan`);
//! - `%s` of NULL is `(null)` cut by the precision (glibc prints nothing
//!   when the precision is under 6);
//! - `%D`, `%O`, `%U` are `%ld`, `%lo`, `%lu`; `%C`/`%S` are `%lc`/`%ls`;
//! - an unknown conversion character prints itself (padded), `%` included;
//! - positional arguments (`%2$d`, `%*3$d`) mix with sequential ones the
//!   BSD way (a positional one moves the sequential counter).
//!
//! Long doubles go through `cvd_snprintf_ld` in `csrc/stdio_shims.c`, as
//! Rust has no 80-bit float type to pass by value.

use super::buffer::{write_bytes, Locked};
use super::valist::{LongDouble, VaList};
use super::*;
use crate::c::locale::{self, Locale};
use crate::c::wchar;
use crate::errno::{self, darwin};
use libc::{c_char, c_int, c_void, size_t};
use std::ffi::CStr;

extern "C" {
    /// `snprintf(buf, n, fmt, *ld)` with a long double (csrc/stdio_shims.c).
    fn cvd_snprintf_ld(
        buf: *mut c_char,
        n: size_t,
        fmt: *const c_char,
        ld: *const LongDouble,
    ) -> c_int;
}

/// Length modifiers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Len {
    None,
    HH,
    H,
    L,
    LL,
    /// `L` (long double; for integers darwin ignores it).
    BigL,
    J,
    Z,
    T,
}

/// Where a width or precision comes from.
#[derive(Clone, Copy, Debug)]
enum Num {
    Absent,
    Given(usize),
    /// From the argument with this (1-based) index.
    Arg(usize),
}

#[derive(Clone, Copy, Debug)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    group: bool,
    width: Num,
    prec: Num,
    len: Len,
    conv: u8,
    /// The value's argument index (0: the conversion takes none).
    arg: usize,
}

enum Piece<'a> {
    Lit(&'a [u8]),
    Conv(Spec),
}

/// The argument classes a `va_list` can hand out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Int,
    Dbl,
    Ld,
}

#[derive(Clone, Copy)]
enum Arg {
    Int(u64),
    Dbl(f64),
    Ld(LongDouble),
}

impl Arg {
    fn int(self) -> u64 {
        match self {
            Arg::Int(v) => v,
            Arg::Dbl(d) => d as u64,
            Arg::Ld(_) => 0,
        }
    }
}

/// Upper bound on positional indices we honour.
const MAX_ARGS: usize = 4096;

fn kind_of(conv: u8, len: Len) -> Option<Kind> {
    match conv {
        b'd' | b'i' | b'D' | b'o' | b'O' | b'u' | b'U' | b'x' | b'X' | b'c' | b'C' | b's'
        | b'S' | b'p' | b'n' => Some(Kind::Int),
        b'a' | b'A' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => Some(if len == Len::BigL {
            Kind::Ld
        } else {
            Kind::Dbl
        }),
        _ => None,
    }
}

/// Reads decimal digits at `fmt[*i..]`.
fn digits(fmt: &[u8], i: &mut usize) -> usize {
    let mut n: usize = 0;
    while let Some(&c) = fmt.get(*i) {
        if !c.is_ascii_digit() {
            break;
        }
        n = n.saturating_mul(10).saturating_add((c - b'0') as usize);
        *i += 1;
    }
    n
}

/// Records that argument `idx` has class `k` (when collecting).
fn note(kinds: &mut Option<&mut Vec<Option<Kind>>>, idx: usize, k: Kind) {
    let Some(kinds) = kinds else { return };
    if (1..=MAX_ARGS).contains(&idx) {
        if kinds.len() <= idx {
            kinds.resize(idx + 1, None);
        }
        kinds[idx] = Some(k);
    }
}

/// The argument of a `*` (or `*n$`) at `fmt[*i..]`.
fn star(
    fmt: &[u8],
    i: &mut usize,
    next: &mut usize,
    kinds: &mut Option<&mut Vec<Option<Kind>>>,
) -> usize {
    let save = *i;
    let n = digits(fmt, i);
    let idx = if n > 0 && fmt.get(*i) == Some(&b'$') {
        *i += 1;
        n
    } else {
        *i = save;
        let k = *next;
        *next += 1;
        k
    };
    note(kinds, idx, Kind::Int);
    idx
}

/// Parses the conversion after a `%` at `fmt[*i..]` (`None` when the
/// format ends inside it), numbering the arguments it consumes.
fn parse_spec(
    fmt: &[u8],
    i: &mut usize,
    next: &mut usize,
    mut kinds: Option<&mut Vec<Option<Kind>>>,
) -> Option<Spec> {
    let mut s = Spec {
        minus: false,
        plus: false,
        space: false,
        alt: false,
        zero: false,
        group: false,
        width: Num::Absent,
        prec: Num::Absent,
        len: Len::None,
        conv: 0,
        arg: 0,
    };
    loop {
        let c = *fmt.get(*i)?;
        *i += 1;
        match c {
            b' ' => s.space = true,
            b'#' => s.alt = true,
            b'-' => s.minus = true,
            b'+' => s.plus = true,
            b'\'' => s.group = true,
            b'0' => s.zero = true,
            b'*' => s.width = Num::Arg(star(fmt, i, next, &mut kinds)),
            b'.' => {
                if fmt.get(*i) == Some(&b'*') {
                    *i += 1;
                    s.prec = Num::Arg(star(fmt, i, next, &mut kinds));
                } else {
                    s.prec = Num::Given(digits(fmt, i));
                }
            }
            b'1'..=b'9' => {
                *i -= 1;
                let n = digits(fmt, i);
                if fmt.get(*i) == Some(&b'$') {
                    *i += 1;
                    *next = n;
                } else {
                    s.width = Num::Given(n);
                }
            }
            b'h' => s.len = if s.len == Len::H { Len::HH } else { Len::H },
            b'l' => s.len = if s.len == Len::L { Len::LL } else { Len::L },
            b'q' => s.len = Len::LL,
            b'L' => s.len = Len::BigL,
            b'j' => s.len = Len::J,
            b'z' => s.len = Len::Z,
            b't' => s.len = Len::T,
            conv => {
                s.conv = conv;
                break;
            }
        }
    }
    if let Some(k) = kind_of(s.conv, s.len) {
        s.arg = *next;
        *next += 1;
        note(&mut kinds, s.arg, k);
    }
    Some(s)
}

/// Splits the format into literal runs and conversions, noting every
/// argument's class in `kinds` (the positional path).
fn parse<'a>(fmt: &'a [u8], kinds: &mut Vec<Option<Kind>>) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut next = 1usize;
    let mut i = 0;
    while i < fmt.len() {
        let start = i;
        while i < fmt.len() && fmt[i] != b'%' {
            i += 1;
        }
        if i > start {
            out.push(Piece::Lit(&fmt[start..i]));
        }
        if i >= fmt.len() {
            break;
        }
        i += 1;
        match parse_spec(fmt, &mut i, &mut next, Some(kinds)) {
            Some(s) => out.push(Piece::Conv(s)),
            None => break,
        }
    }
    out
}

/// `snprintf` into `out` through a stack buffer, retrying on the heap.
fn snp(out: &mut Vec<u8>, f: impl Fn(*mut c_char, usize) -> c_int) -> Result<(), ()> {
    let mut stack = [0u8; 256];
    let n = f(stack.as_mut_ptr().cast(), stack.len());
    if n < 0 {
        errno::set_from_linux();
        return Err(());
    }
    let n = n as usize;
    if n < stack.len() {
        out.extend_from_slice(&stack[..n]);
    } else {
        let start = out.len();
        out.resize(start + n + 1, 0);
        f(out[start..].as_mut_ptr().cast(), n + 1);
        out.truncate(start + n);
    }
    Ok(())
}

/// A rebuilt single-conversion format, NUL-terminated, on the stack.
struct CFmt {
    b: [u8; 80],
    n: usize,
}

impl CFmt {
    fn push(&mut self, c: u8) {
        if self.n < self.b.len() - 1 {
            self.b[self.n] = c;
            self.n += 1;
        }
    }
    fn num(&mut self, mut v: usize) {
        let mut d = [0u8; 20];
        let mut k = d.len();
        loop {
            k -= 1;
            d[k] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        for &c in &d[k..] {
            self.push(c);
        }
    }
    fn as_ptr(&self) -> *const c_char {
        self.b.as_ptr().cast()
    }
}

/// Builds `%<flags><width>.<prec><len><conv>` for glibc.
fn cfmt(
    s: &Spec,
    minus: bool,
    width: Option<usize>,
    prec: Option<usize>,
    len: &str,
    conv: u8,
    signs: bool,
) -> CFmt {
    let mut f = CFmt { b: [0; 80], n: 0 };
    f.push(b'%');
    if minus {
        f.push(b'-');
    }
    if signs && s.plus {
        f.push(b'+');
    }
    if signs && s.space {
        f.push(b' ');
    }
    if s.alt {
        f.push(b'#');
    }
    if s.zero {
        f.push(b'0');
    }
    if s.group {
        f.push(b'\'');
    }
    if let Some(w) = width {
        f.num(w);
    }
    if let Some(p) = prec {
        f.push(b'.');
        f.num(p);
    }
    for &c in len.as_bytes() {
        f.push(c);
    }
    f.push(conv);
    f
}

/// Pads `body` to `width` (BSD: zeros go after a `0x` prefix).
fn pad(
    out: &mut Vec<u8>,
    prefix: &[u8],
    body: &[u8],
    width: Option<usize>,
    minus: bool,
    zero: bool,
) {
    let len = prefix.len() + body.len();
    let fill = width.unwrap_or(0).saturating_sub(len);
    if minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if zero {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// How a format is being rendered.
#[derive(Clone, Copy)]
pub(crate) struct Mode {
    /// The locale of multibyte arguments (`%s`, `%c`) and of `%lc`/`%ls`
    /// output, and whose `LC_NUMERIC` groups digits for `'`.
    pub loc: &'static Locale,
    /// For the wide functions (`swprintf`...): widths and precisions of
    /// `%s`/`%c`/`%ls`/`%lc` count characters, not bytes (the output is
    /// still the locale's multibyte form, which darwin's wide printf also
    /// goes through).
    pub wide: bool,
}

impl Mode {
    /// Narrow output in the calling thread's locale.
    pub(crate) fn current() -> Mode {
        Mode {
            loc: locale::current(),
            wide: false,
        }
    }
}

/// Characters in `b`: bytes, or in wide mode the locale's characters.
fn chars(b: &[u8], m: Mode) -> usize {
    if m.wide && m.loc.utf8() {
        b.iter().filter(|&&c| c & 0xc0 != 0x80).count()
    } else {
        b.len()
    }
}

/// The byte length of the first `n` characters of `b` (wide mode).
fn chars_prefix(b: &[u8], n: usize, m: Mode) -> usize {
    if !m.loc.utf8() {
        return b.len().min(n);
    }
    let mut seen = 0;
    for (i, &c) in b.iter().enumerate() {
        if c & 0xc0 != 0x80 {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    b.len()
}

/// Pads a string conversion to `width` characters (darwin pads with zeros
/// when the `0` flag is given, even for `%s` and `%c`).
fn pad_str(out: &mut Vec<u8>, body: &[u8], width: Option<usize>, minus: bool, zero: bool, m: Mode) {
    let fill = width.unwrap_or(0).saturating_sub(chars(body, m));
    if minus {
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else {
        out.resize(out.len() + fill, if zero { b'0' } else { b' ' });
        out.extend_from_slice(body);
    }
}

/// The wide string at `p` in the locale's multibyte form: at most `prec`
/// bytes of whole characters, or in wide mode at most `prec` characters.
/// `None` (errno EILSEQ) for a character the locale cannot represent.
unsafe fn wide_arg(p: *const libc::wchar_t, prec: Option<usize>, m: Mode) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    if m.wide {
        let mut i = 0;
        while prec.is_none_or(|p| i < p) {
            // SAFETY: the program's wide string, read up to its NUL or `prec`.
            let wc = unsafe { *p.add(i) };
            if wc == 0 {
                break;
            }
            let mut b = [0u8; 4];
            let n = wchar::encode(m.loc, wc, &mut b)?;
            body.extend_from_slice(&b[..n]);
            i += 1;
        }
        Some(body)
    } else {
        // SAFETY: the program's wide string (terminated unless `prec` stops first).
        unsafe { wchar::wide_to_mb(m.loc, p, prec.unwrap_or(usize::MAX), &mut body) }
            .then_some(body)
    }
}

/// The narrow string at `p`: at most `prec` bytes, or in wide mode at
/// most `prec` characters.
unsafe fn narrow_arg(p: *const c_char, prec: Option<usize>, m: Mode) -> Vec<u8> {
    if !m.wide {
        // SAFETY: the program's string, terminated unless `prec` stops first.
        let n = unsafe { libc::strnlen(p, prec.unwrap_or(usize::MAX)) };
        // SAFETY: `n` bytes were just measured.
        return unsafe { core::slice::from_raw_parts(p.cast::<u8>(), n) }.to_vec();
    }
    // SAFETY: the program's terminated string.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    let n = prec.map_or(bytes.len(), |k| chars_prefix(bytes, k, m));
    bytes[..n].to_vec()
}

/// Inserts the locale's thousands separator into the integer digits of a
/// rendered number (`'` flag), following `grouping` (`CHAR_MAX` ends it,
/// the last size repeats).
fn group(text: &[u8], sep: &[u8], grouping: &[u8]) -> Vec<u8> {
    let start = text
        .iter()
        .position(u8::is_ascii_digit)
        .unwrap_or(text.len());
    let end = text[start..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(text.len(), |k| start + k);
    let digits = &text[start..end];
    // Group sizes from the right.
    let mut cuts = Vec::new();
    let mut left = digits.len();
    let mut gi = 0;
    let mut size = 0usize;
    loop {
        match grouping.get(gi) {
            Some(&g) if g == 127 || (g as i8) < 0 => break,
            Some(&0) | None => {}
            Some(&g) => {
                size = g as usize;
                gi += 1;
            }
        }
        if size == 0 || left <= size {
            break;
        }
        left -= size;
        cuts.push(left);
    }
    let mut v = text[..start].to_vec();
    for (i, &d) in digits.iter().enumerate() {
        if cuts.contains(&i) {
            v.extend_from_slice(sep);
        }
        v.push(d);
    }
    v.extend_from_slice(&text[end..]);
    v
}

/// The separator and grouping for a `'` conversion, when the locale has one.
fn grouping_of(s: &Spec, m: Mode) -> Option<(&'static [u8], &'static [u8])> {
    if !s.group {
        return None;
    }
    let n = m.loc.numeric();
    let sep = &n.thousands_sep[..n.thousands_sep.len() - 1];
    let grouping = &n.grouping[..n.grouping.len() - 1];
    (!sep.is_empty() && !grouping.is_empty()).then_some((sep, grouping))
}

/// Groups a number rendered without width, then pads it (zeros go after
/// the sign).
fn pad_grouped(
    out: &mut Vec<u8>,
    text: &[u8],
    sep: &[u8],
    grouping: &[u8],
    width: Option<usize>,
    minus: bool,
    zero: bool,
) -> Result<(), ()> {
    let g = group(text, sep, grouping);
    let signs = g
        .iter()
        .take_while(|&&c| matches!(c, b'-' | b'+' | b' '))
        .count();
    pad(out, &g[..signs], &g[signs..], width, minus, zero);
    Ok(())
}

/// Renders one conversion.
unsafe fn render(
    s: &Spec,
    get: &dyn Fn(usize) -> Arg,
    out: &mut Vec<u8>,
    m: Mode,
) -> Result<(), ()> {
    let mut minus = s.minus;
    let width = match s.width {
        Num::Absent => None,
        Num::Given(n) => Some(n),
        Num::Arg(i) => {
            let w = get(i).int() as c_int;
            if w < 0 {
                minus = true;
            }
            Some(w.unsigned_abs() as usize)
        }
    };
    let prec = match s.prec {
        Num::Absent => None,
        Num::Given(n) => Some(n),
        Num::Arg(i) => {
            let p = get(i).int() as c_int;
            (p >= 0).then_some(p as usize)
        }
    };
    let v = get(s.arg);
    let (conv, len) = match s.conv {
        b'D' | b'O' | b'U' => (
            s.conv.to_ascii_lowercase(),
            match s.len {
                Len::LL | Len::J | Len::Z | Len::T => s.len,
                _ => Len::L,
            },
        ),
        b'C' => (b'c', Len::L),
        b'S' => (b's', Len::L),
        c => (c, s.len),
    };
    match conv {
        b'd' | b'i' => {
            let x = v.int();
            let x: i64 = match len {
                Len::HH => x as i8 as i64,
                Len::H => x as i16 as i64,
                Len::None | Len::BigL => x as i32 as i64,
                _ => x as i64,
            };
            if let Some((sep, grouping)) = grouping_of(s, m) {
                let f = cfmt(s, false, None, prec, "ll", conv, true);
                let mut t = Vec::new();
                // SAFETY: `f` is a NUL-terminated format taking one long long.
                snp(&mut t, |b, n| unsafe {
                    libc::snprintf(b, n, f.as_ptr().cast(), x)
                })?;
                return pad_grouped(
                    out,
                    &t,
                    sep,
                    grouping,
                    width,
                    minus,
                    s.zero && prec.is_none(),
                );
            }
            let f = cfmt(s, minus, width, prec, "ll", conv, true);
            // SAFETY: `f` is a NUL-terminated format taking one long long.
            snp(out, |b, n| unsafe {
                libc::snprintf(b, n, f.as_ptr().cast(), x)
            })
        }
        b'o' | b'u' | b'x' | b'X' => {
            let x = v.int();
            let x: u64 = match len {
                Len::HH => x as u8 as u64,
                Len::H => x as u16 as u64,
                Len::None | Len::BigL => x as u32 as u64,
                _ => x,
            };
            if conv == b'u' {
                if let Some((sep, grouping)) = grouping_of(s, m) {
                    let f = cfmt(s, false, None, prec, "ll", conv, false);
                    let mut t = Vec::new();
                    // SAFETY: `f` takes one unsigned long long.
                    snp(&mut t, |b, n| unsafe {
                        libc::snprintf(b, n, f.as_ptr().cast(), x)
                    })?;
                    return pad_grouped(
                        out,
                        &t,
                        sep,
                        grouping,
                        width,
                        minus,
                        s.zero && prec.is_none(),
                    );
                }
            }
            let f = cfmt(s, minus, width, prec, "ll", conv, false);
            // SAFETY: `f` takes one unsigned long long.
            snp(out, |b, n| unsafe {
                libc::snprintf(b, n, f.as_ptr().cast(), x)
            })
        }
        b'c' => {
            let x = v.int() as c_int;
            let body = if len == Len::L {
                let mut b = [0u8; 4];
                let n = wchar::encode(m.loc, x, &mut b).ok_or(())?;
                b[..n].to_vec()
            } else {
                vec![x as u8]
            };
            pad_str(out, &body, width, minus, s.zero, m);
            Ok(())
        }
        b's' => {
            let p = v.int() as usize as *const c_void;
            let body = if p.is_null() {
                let n = prec.unwrap_or(6).min(6);
                b"(null)"[..n].to_vec()
            } else if len == Len::L {
                // SAFETY: the program passes a wide string.
                unsafe { wide_arg(p.cast(), prec, m) }.ok_or(())?
            } else if !m.wide && width.is_none() && prec.is_none() {
                // The common plain `%s`: just the bytes.
                // SAFETY: the program passes a C string.
                out.extend_from_slice(unsafe { CStr::from_ptr(p.cast()) }.to_bytes());
                return Ok(());
            } else {
                // SAFETY: the program passes a C string.
                unsafe { narrow_arg(p.cast(), prec, m) }
            };
            pad_str(out, &body, width, minus, s.zero, m);
            Ok(())
        }
        b'p' => {
            let x = v.int();
            let mut digits = if x == 0 && prec == Some(0) {
                String::new()
            } else {
                format!("{x:x}")
            };
            if let Some(p) = prec {
                while digits.len() < p {
                    digits.insert(0, '0');
                }
            }
            pad(
                out,
                b"0x",
                digits.as_bytes(),
                width,
                minus,
                s.zero && prec.is_none(),
            );
            Ok(())
        }
        b'n' => {
            let p = v.int() as usize as *mut u8;
            if !p.is_null() {
                let n = out.len() as u64;
                // SAFETY: the program passes a pointer of the type the
                // length modifier names.
                unsafe {
                    match len {
                        Len::HH => p.cast::<i8>().write_unaligned(n as i8),
                        Len::H => p.cast::<i16>().write_unaligned(n as i16),
                        Len::None | Len::BigL => p.cast::<i32>().write_unaligned(n as i32),
                        _ => p.cast::<i64>().write_unaligned(n as i64),
                    }
                }
            }
            Ok(())
        }
        b'a' | b'A' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => match v {
            Arg::Ld(mut ld) => {
                let exp = u16::from_le_bytes([ld.0[8], ld.0[9]]) & 0x7fff;
                let mant = u64::from_le_bytes(ld.0[..8].try_into().unwrap_or([0; 8]));
                let nan = exp == 0x7fff && mant & 0x7fff_ffff_ffff_ffff != 0;
                if nan {
                    ld.0[9] &= 0x7f;
                }
                let f = cfmt(s, minus, width, prec, "L", conv, !nan);
                // SAFETY: the shim reads the 16 bytes at `&ld` as a long double.
                snp(out, |b, n| unsafe {
                    cvd_snprintf_ld(b, n, f.as_ptr().cast(), &ld)
                })
            }
            other => {
                let mut d = match other {
                    Arg::Dbl(d) => d,
                    _ => 0.0,
                };
                let nan = d.is_nan();
                if nan {
                    d = d.abs();
                }
                if matches!(conv, b'f' | b'F' | b'g' | b'G') && d.is_finite() {
                    if let Some((sep, grouping)) = grouping_of(s, m) {
                        let f = cfmt(s, false, None, prec, "", conv, true);
                        let mut t = Vec::new();
                        // SAFETY: `f` takes one double.
                        snp(&mut t, |b, n| unsafe {
                            libc::snprintf(b, n, f.as_ptr().cast(), d)
                        })?;
                        return pad_grouped(out, &t, sep, grouping, width, minus, s.zero);
                    }
                }
                let f = cfmt(s, minus, width, prec, "", conv, !nan);
                // SAFETY: `f` takes one double.
                snp(out, |b, n| unsafe {
                    libc::snprintf(b, n, f.as_ptr().cast(), d)
                })
            }
        },
        other => {
            // Unknown: print the character itself, as BSD does.
            pad(out, b"", &[other], width, minus, s.zero);
            Ok(())
        }
    }
}

/// Reads one argument of class `k`.
fn fetch(ap: &mut VaList, k: Kind) -> Arg {
    match k {
        Kind::Int => Arg::Int(ap.next_u64()),
        Kind::Dbl => Arg::Dbl(ap.next_f64()),
        Kind::Ld => Arg::Ld(ap.next_long_double()),
    }
}

/// Formats `fmt` with the arguments in `ap`, appending to `out`; false
/// (with errno set) on an error, `out` then holding what was produced.
///
/// # Safety
/// `fmt` is a C string; `ap` a live `va_list` matching it.
pub(crate) unsafe fn vformat(fmt: *const c_char, ap: *mut c_void, out: &mut Vec<u8>) -> bool {
    // SAFETY: forwarded.
    unsafe { vformat_in(fmt, ap, out, Mode::current()) }
}

/// [`vformat`] in a given mode.
///
/// # Safety
/// As [`vformat`].
pub(crate) unsafe fn vformat_in(
    fmt: *const c_char,
    ap: *mut c_void,
    out: &mut Vec<u8>,
    m: Mode,
) -> bool {
    if fmt.is_null() {
        errno::set(darwin::EINVAL);
        return false;
    }
    // SAFETY: the caller's C string and va_list.
    let (fmt, mut ap) = unsafe { (CStr::from_ptr(fmt).to_bytes(), VaList::new(ap)) };
    let ok = if fmt.contains(&b'$') {
        // Positional arguments: find every argument's class first, then
        // read them all in order.
        let mut kinds = Vec::new();
        let pieces = parse(fmt, &mut kinds);
        let mut args = vec![Arg::Int(0); kinds.len().max(1)];
        for (i, k) in kinds.iter().enumerate().skip(1) {
            args[i] = fetch(&mut ap, k.unwrap_or(Kind::Int));
        }
        let get = |idx: usize| args.get(idx).copied().unwrap_or(Arg::Int(0));
        pieces.iter().all(|p| match p {
            Piece::Lit(b) => {
                out.extend_from_slice(b);
                true
            }
            // SAFETY: the arguments were read by their classes.
            Piece::Conv(s) => unsafe { render(s, &get, out, m) }.is_ok(),
        })
    } else {
        // Sequential: one pass, reading arguments as conversions need them.
        let mut i = 0;
        let mut next = 1usize;
        loop {
            let start = i;
            i += fmt[i..]
                .iter()
                .position(|&c| c == b'%')
                .unwrap_or(fmt.len() - i);
            out.extend_from_slice(&fmt[start..i]);
            if i >= fmt.len() {
                break true;
            }
            i += 1;
            let first = next;
            let Some(s) = parse_spec(fmt, &mut i, &mut next, None) else {
                break true;
            };
            // Arguments `first..next` in order: `*` width, `.*` precision, value.
            let mut local = [Arg::Int(0); 3];
            for (slot, idx) in (first..next).enumerate().take(3) {
                let k = if idx == s.arg {
                    kind_of(s.conv, s.len).unwrap_or(Kind::Int)
                } else {
                    Kind::Int
                };
                local[slot] = fetch(&mut ap, k);
            }
            let get = |idx: usize| {
                idx.checked_sub(first)
                    .and_then(|k| local.get(k))
                    .copied()
                    .unwrap_or(Arg::Int(0))
            };
            // SAFETY: the arguments were read by their classes.
            if unsafe { render(&s, &get, out, m) }.is_err() {
                break false;
            }
        }
    };
    if ok && out.len() > c_int::MAX as usize {
        errno::set(darwin::EOVERFLOW);
        return false;
    }
    ok
}

thread_local! {
    static SCRATCH: core::cell::RefCell<Vec<u8>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with an empty output buffer (a per-thread one when free, so
/// most calls allocate nothing).
fn with_scratch<R>(f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut f = Some(f);
    let r = SCRATCH.try_with(|c| match c.try_borrow_mut() {
        Ok(mut v) => {
            v.clear();
            let r = (f.take().expect("called once"))(&mut v);
            if v.capacity() > 1 << 16 {
                *v = Vec::new();
            }
            Some(r)
        }
        Err(_) => None,
    });
    match r {
        Ok(Some(r)) => r,
        _ => (f.take().expect("called once"))(&mut Vec::new()),
    }
}

/// Copies `out` into a C buffer of `n` bytes, truncating, NUL-terminated.
unsafe fn copy_out(buf: *mut c_char, n: usize, out: &[u8]) {
    if n == 0 || buf.is_null() {
        return;
    }
    let k = out.len().min(n - 1);
    // SAFETY: the caller's buffer holds `n` bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(out.as_ptr(), buf.cast::<u8>(), k);
        *buf.add(k) = 0;
    }
}

/// `vfprintf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfprintf(
    fp: *mut FILE,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    with_scratch(|out| {
        // SAFETY: the program's stream, format and va_list.
        unsafe {
            let ok = vformat(fmt, ap, out);
            let Some(_g) = Locked::new(fp) else {
                return EOF;
            };
            let n = write_bytes(fp, out);
            if !ok || n < out.len() {
                return EOF;
            }
            out.len() as c_int
        }
    })
}

/// `vprintf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vprintf(fmt: *const c_char, ap: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { calvados_stdio_vfprintf(stdout(), fmt, ap) }
}

/// `vsnprintf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsnprintf(
    buf: *mut c_char,
    n: size_t,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    with_scratch(|out| {
        // SAFETY: the program's buffer of `n` bytes, format and va_list.
        unsafe {
            let ok = vformat(fmt, ap, out);
            copy_out(buf, n, out);
            if !ok {
                return EOF;
            }
            out.len() as c_int
        }
    })
}

/// `vsprintf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsprintf(
    buf: *mut c_char,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    with_scratch(|out| {
        // SAFETY: the program's (large enough) buffer, format and va_list.
        unsafe {
            let ok = vformat(fmt, ap, out);
            copy_out(buf, usize::MAX, out);
            if !ok {
                return EOF;
            }
            out.len() as c_int
        }
    })
}

/// `vasprintf`: a malloc'd string (NULL and -1 on failure).
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vasprintf(
    ret: *mut *mut c_char,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    with_scratch(|out| {
        // SAFETY: the program's result pointer, format and va_list.
        unsafe {
            if !vformat(fmt, ap, out) {
                *ret = core::ptr::null_mut();
                return EOF;
            }
            let p = libc::malloc(out.len() + 1).cast::<c_char>();
            *ret = p;
            if p.is_null() {
                errno::set(darwin::ENOMEM);
                return EOF;
            }
            copy_out(p, out.len() + 1, out);
            out.len() as c_int
        }
    })
}

/// `vdprintf`: formatted output straight to a descriptor.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vdprintf(
    fd: c_int,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    with_scratch(|out| {
        // SAFETY: the program's format and va_list; `out` is ours.
        unsafe {
            if !vformat(fmt, ap, out) {
                return EOF;
            }
            let mut done = 0;
            while done < out.len() {
                let n = libc::write(fd, out.as_ptr().add(done).cast(), out.len() - done);
                if n < 0 {
                    if errno::get() == libc::EINTR {
                        continue;
                    }
                    errno::set_from_linux();
                    return EOF;
                }
                done += n as usize;
            }
            out.len() as c_int
        }
    })
}

/// `__vsprintf_chk(buf, flag, objsize, fmt, ap)`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsprintf_chk(
    buf: *mut c_char,
    _flag: c_int,
    objsize: size_t,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    with_scratch(|out| {
        // SAFETY: the program's buffer of `objsize` bytes, format and va_list.
        unsafe {
            let ok = vformat(fmt, ap, out);
            if out.len() >= objsize {
                crate::c::stdlib::fortify_fail("__vsprintf_chk");
            }
            copy_out(buf, objsize, out);
            if !ok {
                return EOF;
            }
            out.len() as c_int
        }
    })
}

/// `__vsnprintf_chk(buf, maxlen, flag, objsize, fmt, ap)`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsnprintf_chk(
    buf: *mut c_char,
    maxlen: size_t,
    _flag: c_int,
    objsize: size_t,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    if maxlen > objsize {
        crate::c::stdlib::fortify_fail("__vsnprintf_chk");
    }
    // SAFETY: forwarded.
    unsafe { calvados_stdio_vsnprintf(buf, maxlen, fmt, ap) }
}

// The `_l` variants: formatting in the given locale.

/// `vfprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfprintf_l(
    fp: *mut FILE,
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(l, || unsafe { calvados_stdio_vfprintf(fp, fmt, ap) })
}

/// `vprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vprintf_l(
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(l, || unsafe { calvados_stdio_vfprintf(stdout(), fmt, ap) })
}

/// `vsprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsprintf_l(
    buf: *mut c_char,
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(l, || unsafe { calvados_stdio_vsprintf(buf, fmt, ap) })
}

/// `vsnprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsnprintf_l(
    buf: *mut c_char,
    n: size_t,
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(l, || unsafe { calvados_stdio_vsnprintf(buf, n, fmt, ap) })
}

/// `vasprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vasprintf_l(
    ret: *mut *mut c_char,
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(l, || unsafe { calvados_stdio_vasprintf(ret, fmt, ap) })
}

/// `vdprintf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vdprintf_l(
    fd: c_int,
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    locale::with_locale(l, || unsafe { calvados_stdio_vdprintf(fd, fmt, ap) })
}

#[cfg(test)]
mod group_tests {
    use super::group;

    #[test]
    fn thousands() {
        assert_eq!(group(b"1234567", b",", b"\x03\x03"), b"1,234,567");
        assert_eq!(group(b"-1234.50", b",", b"\x03"), b"-1,234.50");
        assert_eq!(group(b"999", b",", b"\x03"), b"999");
        assert_eq!(group(b"12345678", b".", b"\x03\x02"), b"1.23.45.678");
        assert_eq!(group(b"1234567", b",", b"\x03\x7f"), b"1234,567");
    }
}
