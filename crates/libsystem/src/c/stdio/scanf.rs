//! The `scanf` family: our own engine, following darwin's `__svfscanf`.
//!
//! It reads through an [`Input`] (a locked `FILE`, or a C string) one byte
//! at a time and gives back what a conversion does not consume with
//! `ungetc`, so the stream is left exactly where darwin leaves it: integer
//! and float scanners may push back more than one byte (`"0x"` followed by
//! a non-hex digit leaves the `x`; `"1e+"` leaves `e+`), which our `ungetc`
//! supports through the FILE's `_ub` buffer. Conversions: `%d %i %o %u %x
//! %X %p %c %s %[...] %e %f %g %a` (any case), `%n`, `%%`, with widths, `*`,
//! `%n$` positions and the `hh h l ll q L j z t` modifiers; `%lc`, `%ls`,
//! `%l[` store the `wchar_t`s of the locale's multibyte characters (their
//! widths count bytes, except `%lc`'s, which counts characters).

use super::buffer::{sgetc, ungetc_unlocked, Locked};
use super::printf::Len;
use super::valist::VaList;
use super::*;
use crate::c::wchar;
use libc::{c_char, c_int, c_void};
use std::ffi::CStr;

extern "C" {
    /// `*(long double *)dst = strtold(s, NULL)` (csrc/stdio_shims.c).
    fn cvd_strtold_store(s: *const c_char, dst: *mut c_void);
}

/// Where a scan reads from.
pub(crate) trait Input {
    fn get(&mut self) -> Option<u8>;
    fn unget(&mut self, c: u8);
}

/// A stream the caller has locked.
pub(crate) struct FileIn(pub *mut FILE);

impl Input for FileIn {
    fn get(&mut self) -> Option<u8> {
        // SAFETY: the stream is live and locked by the caller.
        let c = unsafe { sgetc(self.0) };
        (c != EOF).then_some(c as u8)
    }
    fn unget(&mut self, c: u8) {
        // SAFETY: as above.
        unsafe { ungetc_unlocked(c as c_int, self.0) };
    }
}

/// A C string.
pub(crate) struct StrIn(pub *const u8);

impl Input for StrIn {
    fn get(&mut self) -> Option<u8> {
        // SAFETY: the pointer walks a NUL-terminated string, never past it.
        unsafe {
            let c = *self.0;
            if c == 0 {
                return None;
            }
            self.0 = self.0.add(1);
            Some(c)
        }
    }
    fn unget(&mut self, _c: u8) {
        // SAFETY: only bytes just read are given back.
        self.0 = unsafe { self.0.sub(1) };
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Counts consumed bytes (`nread`, for `%n`).
struct Scanner<'a, I: Input> {
    inp: &'a mut I,
    nread: usize,
}

impl<I: Input> Scanner<'_, I> {
    fn get(&mut self) -> Option<u8> {
        let c = self.inp.get()?;
        self.nread += 1;
        Some(c)
    }
    fn unget(&mut self, c: u8) {
        self.inp.unget(c);
        self.nread -= 1;
    }
    fn peek(&mut self) -> Option<u8> {
        let c = self.inp.get()?;
        self.inp.unget(c);
        Some(c)
    }

    /// The integer scanner: the longest prefix that can start a number in
    /// `base` (0: C rules), at most `width` bytes.
    fn int(&mut self, mut width: usize, base: &mut u32, mut pfxok: bool) -> Option<Vec<u8>> {
        const BASEFIX: [u32; 17] = [10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        let mut buf = Vec::new();
        let (mut signok, mut ndigits, mut nzdigits, mut havesign) = (true, true, true, false);
        while width > 0 {
            let Some(c) = self.get() else { break };
            let ok = match c {
                b'0' => {
                    if *base == 0 {
                        *base = 8;
                        pfxok = true;
                    }
                    if nzdigits {
                        nzdigits = false;
                    } else {
                        pfxok = false;
                    }
                    signok = false;
                    ndigits = false;
                    true
                }
                b'1'..=b'7' => {
                    *base = BASEFIX[*base as usize];
                    signok = false;
                    pfxok = false;
                    ndigits = false;
                    true
                }
                b'8' | b'9' => {
                    *base = BASEFIX[*base as usize];
                    if *base <= 8 {
                        false
                    } else {
                        signok = false;
                        pfxok = false;
                        ndigits = false;
                        true
                    }
                }
                b'A'..=b'F' | b'a'..=b'f' => {
                    if *base <= 10 {
                        false
                    } else {
                        signok = false;
                        pfxok = false;
                        ndigits = false;
                        true
                    }
                }
                b'+' | b'-' if signok => {
                    signok = false;
                    havesign = true;
                    true
                }
                b'x' | b'X' if pfxok && buf.len() == 1 + havesign as usize => {
                    *base = 16;
                    pfxok = false;
                    true
                }
                _ => false,
            };
            if !ok {
                self.unget(c);
                break;
            }
            buf.push(c);
            width -= 1;
        }
        if ndigits {
            if let Some(c) = buf.pop() {
                self.unget(c);
            }
            return None;
        }
        if let Some(&c) = buf.last() {
            if c == b'x' || c == b'X' {
                buf.pop();
                self.unget(c);
            }
        }
        if *base == 0 {
            *base = 10;
        }
        Some(buf)
    }

    /// The float scanner (`parsefloat`): reads while the text can still
    /// become a number, then gives back what follows the last point where
    /// it was one. `width` 0 is unlimited.
    fn float(&mut self, width: usize) -> Vec<u8> {
        #[derive(PartialEq, Clone, Copy)]
        enum S {
            Start,
            GotSign,
            Inf,
            Nan,
            Done,
            MaybeHex,
            Digits,
            Decpt,
            Frac,
            Exp,
            ExpDigits,
        }
        let mut state = S::Start;
        let (mut infnanpos, mut gotmantdig, mut ishex) = (0usize, false, false);
        let mut buf: Vec<u8> = Vec::new();
        // Length of the longest prefix that is a number by itself.
        let mut commit = 0usize;
        while width == 0 || buf.len() < width {
            let Some(c) = self.get() else { break };
            let p = buf.len();
            let accept = loop {
                match state {
                    S::Start => {
                        state = S::GotSign;
                        if c == b'-' || c == b'+' {
                            break true;
                        }
                    }
                    S::GotSign => match c {
                        b'0' => {
                            state = S::MaybeHex;
                            commit = p + 1;
                            break true;
                        }
                        b'I' | b'i' => {
                            state = S::Inf;
                            break true;
                        }
                        b'N' | b'n' => {
                            state = S::Nan;
                            break true;
                        }
                        _ => state = S::Digits,
                    },
                    S::Inf => {
                        if infnanpos > 6
                            || (c != b"nfinity"[infnanpos] && c != b"NFINITY"[infnanpos])
                        {
                            break false;
                        }
                        if infnanpos == 1 || infnanpos == 6 {
                            commit = p + 1;
                        }
                        infnanpos += 1;
                        break true;
                    }
                    S::Nan => {
                        match infnanpos {
                            0 => {
                                if c != b'A' && c != b'a' {
                                    break false;
                                }
                            }
                            1 => {
                                if c != b'N' && c != b'n' {
                                    break false;
                                }
                                commit = p + 1;
                            }
                            2 => {
                                if c != b'(' {
                                    break false;
                                }
                            }
                            _ => {
                                if c == b')' {
                                    commit = p + 1;
                                    state = S::Done;
                                } else if !c.is_ascii_alphanumeric() && c != b'_' {
                                    break false;
                                }
                            }
                        }
                        infnanpos += 1;
                        break true;
                    }
                    S::Done => break false,
                    S::MaybeHex => {
                        state = S::Digits;
                        if c == b'X' || c == b'x' {
                            ishex = true;
                            break true;
                        }
                        gotmantdig = true;
                    }
                    S::Digits => {
                        if (ishex && c.is_ascii_hexdigit()) || c.is_ascii_digit() {
                            gotmantdig = true;
                            commit = p + 1;
                            break true;
                        }
                        state = S::Decpt;
                    }
                    S::Decpt => {
                        state = S::Frac;
                        if c == b'.' {
                            if gotmantdig {
                                commit = p + 1;
                            }
                            break true;
                        }
                    }
                    S::Frac => {
                        if ((c == b'E' || c == b'e') && !ishex)
                            || ((c == b'P' || c == b'p') && ishex)
                        {
                            if !gotmantdig {
                                break false;
                            }
                            state = S::Exp;
                            break true;
                        } else if (ishex && c.is_ascii_hexdigit()) || c.is_ascii_digit() {
                            commit = p + 1;
                            gotmantdig = true;
                            break true;
                        }
                        break false;
                    }
                    S::Exp => {
                        state = S::ExpDigits;
                        if c == b'-' || c == b'+' {
                            break true;
                        }
                    }
                    S::ExpDigits => {
                        if c.is_ascii_digit() {
                            commit = p + 1;
                            break true;
                        }
                        break false;
                    }
                }
            };
            if !accept {
                self.unget(c);
                break;
            }
            buf.push(c);
        }
        while buf.len() > commit {
            if let Some(c) = buf.pop() {
                self.unget(c);
            }
        }
        buf
    }
}

/// Parses a scanset after `[` (`__sccl`): the table and the index just
/// past the closing `]` (or the end of the format).
fn scanset(fmt: &[u8], mut i: usize) -> ([bool; 256], usize) {
    let at = |i: usize| fmt.get(i).copied().unwrap_or(0);
    let mut c = at(i);
    i += 1;
    let negate = c == b'^';
    if negate {
        c = at(i);
        i += 1;
    }
    let mut tab = [negate; 256];
    if c == 0 {
        return (tab, i - 1);
    }
    let v = !negate;
    loop {
        tab[c as usize] = v;
        loop {
            let n = at(i);
            i += 1;
            match n {
                0 => return (tab, i - 1),
                b'-' => {
                    let n = at(i);
                    if n == b']' || n < c {
                        c = b'-';
                        break;
                    }
                    i += 1;
                    while c < n {
                        c += 1;
                        tab[c as usize] = v;
                    }
                    // "[a-c-e]" is a through e (V7 compatibility).
                    c = n;
                    continue;
                }
                b']' => return (tab, i),
                _ => {
                    c = n;
                    break;
                }
            }
        }
    }
}

/// Stores an integer result through a pointer of the modifier's type.
unsafe fn store_int(p: *mut c_void, len: Len, pointer: bool, v: u64) {
    // SAFETY: the program passes a pointer of the type its format names.
    unsafe {
        if pointer {
            p.cast::<usize>().write_unaligned(v as usize);
            return;
        }
        match len {
            Len::HH => p.cast::<u8>().write_unaligned(v as u8),
            Len::H => p.cast::<u16>().write_unaligned(v as u16),
            Len::L | Len::LL | Len::J | Len::Z | Len::T => p.cast::<u64>().write_unaligned(v),
            Len::None | Len::BigL => p.cast::<u32>().write_unaligned(v as u32),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Ct {
    Char,
    Ccl,
    Str,
    Int,
    Float,
}

/// The scanner proper. Returns the number of assignments, or EOF when the
/// input ended before any.
///
/// # Safety
/// `fmt` is a C string; `ap` a live `va_list` matching it; the input is
/// valid (and a stream is locked).
pub(crate) unsafe fn vscan<I: Input>(inp: &mut I, fmt: *const c_char, ap: *mut c_void) -> c_int {
    if fmt.is_null() {
        return EOF;
    }
    // SAFETY: the caller's C string and va_list. We walk a copy of the
    // va_list so `%n$` can restart from the first argument.
    unsafe {
        let fmt = CStr::from_ptr(fmt).to_bytes();
        let orig = VaList::new(ap).copy_tag();
        let mut cur = orig;
        let mut ap = VaList::from_tag(&mut cur);
        let mut s = Scanner { inp, nread: 0 };
        let mut nassigned: c_int = 0;
        let input_failure = |n: c_int| if n != 0 { n } else { EOF };
        let mut i = 0;
        'outer: loop {
            let Some(&c) = fmt.get(i) else {
                return nassigned;
            };
            i += 1;
            if is_space(c) {
                while let Some(ch) = s.get() {
                    if !is_space(ch) {
                        s.unget(ch);
                        break;
                    }
                }
                continue;
            }
            if c != b'%' {
                match s.get() {
                    None => return input_failure(nassigned),
                    Some(ch) if ch == c => continue,
                    Some(ch) => {
                        s.unget(ch);
                        return nassigned;
                    }
                }
            }
            let mut width = 0usize;
            let mut suppress = false;
            let mut len = Len::None;
            let mut base = 10u32;
            let mut unsigned = false;
            let mut pfxok = false;
            let mut pointer = false;
            let mut wide = false;
            let ct;
            let mut tab = [false; 256];
            loop {
                let c = fmt.get(i).copied().unwrap_or(0);
                i += 1;
                match c {
                    b'%' => loop {
                        match s.get() {
                            None => return input_failure(nassigned),
                            Some(ch) if is_space(ch) => {}
                            Some(b'%') => continue 'outer,
                            Some(ch) => {
                                s.unget(ch);
                                return nassigned;
                            }
                        }
                    },
                    b'$' => {
                        let index = width;
                        if !(1..=4096).contains(&index) {
                            return input_failure(nassigned);
                        }
                        width = 0;
                        ap.reset(orig);
                        for _ in 1..index {
                            ap.next_u64();
                        }
                        continue;
                    }
                    b'*' => {
                        suppress = true;
                        continue;
                    }
                    b'j' => len = Len::J,
                    b'l' => len = if len == Len::L { Len::LL } else { Len::L },
                    b'q' => len = Len::LL,
                    b't' => len = Len::T,
                    b'z' => len = Len::Z,
                    b'L' => len = Len::BigL,
                    b'h' => len = if len == Len::H { Len::HH } else { Len::H },
                    b'0'..=b'9' => {
                        width = width.saturating_mul(10).saturating_add((c - b'0') as usize)
                    }
                    b'd' => {
                        ct = Ct::Int;
                        base = 10;
                        break;
                    }
                    b'i' => {
                        ct = Ct::Int;
                        base = 0;
                        break;
                    }
                    b'o' => {
                        ct = Ct::Int;
                        unsigned = true;
                        base = 8;
                        break;
                    }
                    b'u' => {
                        ct = Ct::Int;
                        unsigned = true;
                        base = 10;
                        break;
                    }
                    b'x' | b'X' => {
                        ct = Ct::Int;
                        pfxok = true;
                        unsigned = true;
                        base = 16;
                        break;
                    }
                    b'a' | b'e' | b'f' | b'g' | b'A' | b'E' | b'F' | b'G' => {
                        ct = Ct::Float;
                        break;
                    }
                    b'S' | b's' => {
                        wide = c == b'S' || len == Len::L;
                        ct = Ct::Str;
                        break;
                    }
                    b'[' => {
                        let (t, ni) = scanset(fmt, i);
                        tab = t;
                        i = ni;
                        wide = len == Len::L;
                        ct = Ct::Ccl;
                        break;
                    }
                    b'C' | b'c' => {
                        wide = c == b'C' || len == Len::L;
                        ct = Ct::Char;
                        break;
                    }
                    b'p' => {
                        ct = Ct::Int;
                        pointer = true;
                        pfxok = true;
                        unsigned = true;
                        base = 16;
                        break;
                    }
                    b'n' => {
                        if suppress {
                            continue 'outer;
                        }
                        let p = ap.next_ptr::<c_void>();
                        if !p.is_null() {
                            store_int(p, len, false, s.nread as u64);
                        }
                        continue 'outer;
                    }
                    0 => return EOF,
                    _ => return nassigned,
                }
            }

            // A conversion that needs input.
            if s.peek().is_none() {
                return input_failure(nassigned);
            }
            if !matches!(ct, Ct::Char | Ct::Ccl) {
                loop {
                    match s.get() {
                        Some(ch) if is_space(ch) => {}
                        Some(ch) => {
                            s.unget(ch);
                            break;
                        }
                        None => return input_failure(nassigned),
                    }
                }
            }

            match ct {
                Ct::Char => {
                    if width == 0 {
                        width = 1;
                    }
                    let dst = if suppress {
                        core::ptr::null_mut()
                    } else {
                        ap.next_ptr::<u8>()
                    };
                    let mut n = 0;
                    if wide {
                        // `width` characters of the locale's encoding.
                        let loc = crate::c::locale::current();
                        let mut st = wchar::MbState::default();
                        let mut got_any = false;
                        while n < width {
                            let Some(ch) = s.get() else { break };
                            got_any = true;
                            let mut wc = 0;
                            match wchar::decode(loc, &mut wc, &[ch], &mut st) {
                                wchar::INCOMPLETE => continue,
                                wchar::ILLEGAL => return input_failure(nassigned),
                                _ => {}
                            }
                            if !dst.is_null() {
                                dst.cast::<u32>().add(n).write_unaligned(wc as u32);
                            }
                            n += 1;
                        }
                        if !got_any {
                            return input_failure(nassigned);
                        }
                    } else {
                        while n < width {
                            let Some(ch) = s.get() else { break };
                            if !dst.is_null() {
                                *dst.add(n) = ch;
                            }
                            n += 1;
                        }
                    }
                    if n == 0 {
                        return input_failure(nassigned);
                    }
                    if !suppress {
                        nassigned += 1;
                    }
                }
                Ct::Ccl | Ct::Str => {
                    if width == 0 {
                        width = usize::MAX;
                    }
                    let dst = if suppress {
                        core::ptr::null_mut()
                    } else {
                        ap.next_ptr::<u8>()
                    };
                    let mut n = 0usize;
                    let mut bytes = Vec::new();
                    while n < width {
                        let Some(ch) = s.get() else { break };
                        let take = if ct == Ct::Ccl {
                            tab[ch as usize]
                        } else {
                            !is_space(ch)
                        };
                        if !take {
                            s.unget(ch);
                            break;
                        }
                        if !dst.is_null() {
                            if wide {
                                bytes.push(ch);
                            } else {
                                *dst.add(n) = ch;
                            }
                        }
                        n += 1;
                    }
                    if ct == Ct::Ccl && n == 0 {
                        return nassigned;
                    }
                    if !dst.is_null() {
                        if wide {
                            // The bytes read, as the locale's characters.
                            let mut ws = Vec::new();
                            wchar::mb_to_wide_lossy(crate::c::locale::current(), &bytes, &mut ws);
                            ws.push(0);
                            for (k, &wc) in ws.iter().enumerate() {
                                dst.cast::<u32>().add(k).write_unaligned(wc as u32);
                            }
                        } else {
                            *dst.add(n) = 0;
                        }
                        nassigned += 1;
                    }
                }
                Ct::Int => {
                    if width == 0 || width > 512 {
                        width = 512;
                    }
                    let Some(mut digits) = s.int(width, &mut base, pfxok) else {
                        return nassigned;
                    };
                    if !suppress {
                        digits.push(0);
                        let e = crate::errno::get();
                        let v = if unsigned {
                            libc::strtoull(
                                digits.as_ptr().cast(),
                                core::ptr::null_mut(),
                                base as c_int,
                            ) as u64
                        } else {
                            libc::strtoll(
                                digits.as_ptr().cast(),
                                core::ptr::null_mut(),
                                base as c_int,
                            ) as u64
                        };
                        if crate::errno::get() != e {
                            crate::errno::set_from_linux();
                        }
                        store_int(ap.next_ptr(), len, pointer, v);
                        nassigned += 1;
                    }
                }
                Ct::Float => {
                    let mut text = s.float(width);
                    if text.is_empty() {
                        return nassigned;
                    }
                    if !suppress {
                        text.push(0);
                        let p = ap.next_ptr::<c_void>();
                        let t = text.as_ptr().cast::<c_char>();
                        match len {
                            Len::BigL => cvd_strtold_store(t, p),
                            Len::L => p
                                .cast::<f64>()
                                .write_unaligned(libc::strtod(t, core::ptr::null_mut())),
                            _ => p
                                .cast::<f32>()
                                .write_unaligned(libc::strtof(t, core::ptr::null_mut())),
                        }
                        nassigned += 1;
                    }
                }
            }
        }
    }
}

/// `vfscanf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfscanf(
    fp: *mut FILE,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: the program's stream, format and va_list.
    unsafe {
        let Some(_g) = Locked::new(fp) else {
            return EOF;
        };
        vscan(&mut FileIn(fp), fmt, ap)
    }
}

/// `__svfscanf`: `vfscanf` without the lock.
pub(crate) unsafe extern "C" fn svfscanf(
    fp: *mut FILE,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { vscan(&mut FileIn(fp), fmt, ap) }
}

/// `vscanf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vscanf(fmt: *const c_char, ap: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { calvados_stdio_vfscanf(stdin(), fmt, ap) }
}

/// `vsscanf`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsscanf(
    s: *const c_char,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    if s.is_null() {
        return EOF;
    }
    // SAFETY: the program's string, format and va_list.
    unsafe { vscan(&mut StrIn(s.cast()), fmt, ap) }
}

/// `vfscanf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vfscanf_l(
    fp: *mut FILE,
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    crate::c::locale::with_locale(l, || unsafe { calvados_stdio_vfscanf(fp, fmt, ap) })
}

/// `vscanf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vscanf_l(
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    crate::c::locale::with_locale(l, || unsafe { calvados_stdio_vfscanf(stdin(), fmt, ap) })
}

/// `vsscanf_l`.
#[no_mangle]
pub unsafe extern "C" fn calvados_stdio_vsscanf_l(
    s: *const c_char,
    l: *mut c_void,
    fmt: *const c_char,
    ap: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    crate::c::locale::with_locale(l, || unsafe { calvados_stdio_vsscanf(s, fmt, ap) })
}
