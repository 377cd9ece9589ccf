//! `<wchar.h>`, `<stdlib.h>` multibyte functions: conversions between
//! multibyte strings and `wchar_t` (a 32-bit `int` on darwin, as on Linux).
//!
//! The conversions are ours, because darwin's `mbstate_t` is a 128-byte
//! union (glibc's is 8 bytes) and because they follow the *darwin* locale
//! (`locale.rs`), which glibc knows nothing about:
//!
//! - the C locale maps every byte to the `wchar_t` of the same value and
//!   back (Libc `locale/FreeBSD/none.c`: `0x80..0xff` are not errors, unlike
//!   glibc's C locale);
//! - UTF-8 accepts only well-formed sequences of at most 4 bytes (Unicode
//!   Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF),
//!   rejecting a bad byte as soon as it is seen (Libc `utf8.c`).
//!
//! Our conversion state lives in the first 12 bytes of the caller's
//! `mbstate_t`. Functions without a state argument (`mbtowc`, `mblen`...)
//! and calls passing NULL use a per-thread one.
//!
//! The wide string functions whose darwin ABI is glibc's (`wcslen`,
//! `wcscpy`, `wmemcpy`, `wcstol`...) are glibc's own; the ones that
//! depend on the locale's case mapping (`wcscasecmp`) or that glibc lacks
//! (`wcslcpy`) are written here.

use super::locale::{self, Locale, EILSEQ};
use core::cell::UnsafeCell;
use libc::{c_char, c_int, c_void, size_t, wchar_t};

/// `(size_t)-1`: an invalid sequence.
pub const ILLEGAL: usize = usize::MAX;
/// `(size_t)-2`: an incomplete sequence.
pub const INCOMPLETE: usize = usize::MAX - 1;
/// `WEOF` (`(wint_t)-1`).
pub const WEOF: c_int = -1;

/// Our conversion state, at the start of a darwin `mbstate_t`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct MbState {
    /// The character decoded so far.
    ch: i32,
    /// Bytes still wanted (0: the initial state).
    want: i32,
    /// Allowed range of the next byte when it is the second one (0: any
    /// continuation byte).
    lo: u8,
    hi: u8,
}

/// darwin's `mbstate_t` size (`<i386/_types.h>`: `char __mbstate8[128]`).
pub const DARWIN_MBSTATE_SIZE: usize = 128;
const _: () = assert!(core::mem::size_of::<MbState>() <= DARWIN_MBSTATE_SIZE);

thread_local! {
    /// The internal states of the functions that have one (indexed by
    /// [`Internal`]).
    static INTERNAL: UnsafeCell<[MbState; 8]> = const { UnsafeCell::new([MbState { ch: 0, want: 0, lo: 0, hi: 0 }; 8]) };
}

/// Which function's internal state.
#[derive(Clone, Copy)]
enum Internal {
    Mbrtowc = 0,
    Mbrlen,
    Mbsrtowcs,
    Wcrtomb,
    Wcsrtombs,
    Mbtowc,
    Mblen,
    Wctomb,
}

/// The state to use: the caller's, or the function's own.
///
/// # Safety
/// `ps` is NULL or points to a darwin `mbstate_t`.
unsafe fn state<'a>(ps: *mut c_void, which: Internal) -> &'a mut MbState {
    if ps.is_null() {
        // SAFETY: the per-thread array lives as long as the thread, and
        // each function uses its own slot only during its own call.
        INTERNAL.with(|s| unsafe { &mut (*s.get())[which as usize] })
    } else {
        // SAFETY: the caller's 128-byte, 8-aligned mbstate_t.
        unsafe { &mut *(ps as *mut MbState) }
    }
}

/// Decodes one character from `s[..n]` (darwin `mbrtowc`, without the
/// NULL-`s` case). Returns the bytes used, 0 for NUL, [`INCOMPLETE`] or
/// [`ILLEGAL`] (errno set).
pub fn decode(loc: &Locale, wc: &mut i32, s: &[u8], st: &mut MbState) -> usize {
    if !loc.utf8() {
        let Some(&b) = s.first() else {
            return INCOMPLETE;
        };
        *wc = b as i32;
        return (b != 0) as usize;
    }
    if st.want < 0 || st.want > 4 {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return ILLEGAL;
    }
    if s.is_empty() {
        return INCOMPLETE;
    }
    let mut i = 0;
    let (mut ch, want, mut lo, mut hi) = if st.want == 0 {
        let b = s[0];
        if b < 0x80 {
            *wc = b as i32;
            return (b != 0) as usize;
        }
        i = 1;
        match b {
            0xc2..=0xdf => ((b & 0x1f) as i32, 2, 0x80, 0xbf),
            0xe0 => ((b & 0x0f) as i32, 3, 0xa0, 0xbf),
            0xed => ((b & 0x0f) as i32, 3, 0x80, 0x9f),
            0xe1..=0xef => ((b & 0x0f) as i32, 3, 0x80, 0xbf),
            0xf0 => ((b & 0x07) as i32, 4, 0x90, 0xbf),
            0xf1..=0xf3 => ((b & 0x07) as i32, 4, 0x80, 0xbf),
            0xf4 => ((b & 0x07) as i32, 4, 0x80, 0x8f),
            _ => {
                crate::errno::set(EILSEQ);
                return ILLEGAL;
            }
        }
    } else {
        (st.ch, st.want, st.lo, st.hi)
    };
    // Bytes of this character still to read (after the lead byte, if
    // we just read it).
    let total = if st.want == 0 { want - 1 } else { want };
    let mut got = 0;
    while got < total && i < s.len() {
        let b = s[i];
        let ok = if lo != 0 {
            (lo..=hi).contains(&b)
        } else {
            b & 0xc0 == 0x80
        };
        if !ok {
            crate::errno::set(EILSEQ);
            return ILLEGAL;
        }
        lo = 0;
        hi = 0;
        ch = (ch << 6) | (b & 0x3f) as i32;
        i += 1;
        got += 1;
    }
    if got < total {
        *st = MbState {
            ch,
            want: total - got,
            lo,
            hi,
        };
        return INCOMPLETE;
    }
    *wc = ch;
    *st = MbState::default();
    i
}

/// Encodes `wc` into `out` (at least 4 bytes); the length, or `None`
/// (errno EILSEQ) when the locale cannot represent it.
pub fn encode(loc: &Locale, wc: i32, out: &mut [u8]) -> Option<usize> {
    if !loc.utf8() {
        if !(0..=0xff).contains(&wc) {
            crate::errno::set(EILSEQ);
            return None;
        }
        out[0] = wc as u8;
        return Some(1);
    }
    let Some(ch) = u32::try_from(wc).ok().and_then(char::from_u32) else {
        crate::errno::set(EILSEQ);
        return None;
    };
    Some(ch.encode_utf8(out).len())
}

/// At most `n` bytes at `s`, stopping after a NUL (the functions never
/// read past the end of a character's bytes or the string's terminator).
///
/// # Safety
/// `s` holds `n` bytes or a NUL before them.
unsafe fn bounded<'a>(s: *const c_char, n: usize) -> &'a [u8] {
    // SAFETY: we read up to the NUL or `n` bytes, whichever comes first.
    unsafe {
        let len = libc::strnlen(s, n);
        core::slice::from_raw_parts(s.cast::<u8>(), if len < n { len + 1 } else { n })
    }
}

/// Bytes `mbrtowc` may look at: `n`, but never past a NUL and never more
/// than one character needs.
///
/// # Safety
/// As [`bounded`].
unsafe fn char_bytes<'a>(s: *const c_char, n: usize) -> &'a [u8] {
    // SAFETY: forwarded.
    unsafe { bounded(s, n.min(4)) }
}

// ---------------------------------------------------------------------
// The restartable conversions.

unsafe fn mbrtowc_in(
    loc: &Locale,
    pwc: *mut wchar_t,
    s: *const c_char,
    n: size_t,
    ps: *mut c_void,
    which: Internal,
) -> size_t {
    // SAFETY: the caller's state (or ours).
    let st = unsafe { state(ps, which) };
    let mut wc = 0;
    let r = if s.is_null() {
        // Like mbrtowc(NULL, "", 1, ps): resets, or fails mid-character.
        decode(loc, &mut wc, b"\0", st)
    } else {
        // SAFETY: the caller's buffer of `n` bytes.
        let r = decode(loc, &mut wc, unsafe { char_bytes(s, n) }, st);
        if r != ILLEGAL && r != INCOMPLETE && !pwc.is_null() {
            // SAFETY: the caller's wchar_t slot.
            unsafe { *pwc = wc };
        }
        r
    };
    r
}

/// `mbrtowc(pwc, s, n, ps)`.
///
/// # Safety
/// C contract.
pub unsafe extern "C" fn mbrtowc(
    pwc: *mut wchar_t,
    s: *const c_char,
    n: size_t,
    ps: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbrtowc_in(locale::current(), pwc, s, n, ps, Internal::Mbrtowc) }
}

unsafe extern "C" fn mbrtowc_l(
    pwc: *mut wchar_t,
    s: *const c_char,
    n: size_t,
    ps: *mut c_void,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbrtowc_in(locale::resolve(loc), pwc, s, n, ps, Internal::Mbrtowc) }
}

/// `mbrlen(s, n, ps)`: `mbrtowc(NULL, s, n, ps)` with its own state.
unsafe extern "C" fn mbrlen(s: *const c_char, n: size_t, ps: *mut c_void) -> size_t {
    // SAFETY: forwarded.
    unsafe {
        mbrtowc_in(
            locale::current(),
            core::ptr::null_mut(),
            s,
            n,
            ps,
            Internal::Mbrlen,
        )
    }
}

unsafe extern "C" fn mbrlen_l(
    s: *const c_char,
    n: size_t,
    ps: *mut c_void,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe {
        mbrtowc_in(
            locale::resolve(loc),
            core::ptr::null_mut(),
            s,
            n,
            ps,
            Internal::Mbrlen,
        )
    }
}

fn mbsinit_in(loc: &Locale, ps: *const c_void) -> c_int {
    if ps.is_null() || !loc.utf8() {
        return 1;
    }
    // SAFETY: the caller's mbstate_t.
    (unsafe { (*(ps as *const MbState)).want } == 0) as c_int
}

extern "C" fn mbsinit(ps: *const c_void) -> c_int {
    mbsinit_in(locale::current(), ps)
}

extern "C" fn mbsinit_l(ps: *const c_void, loc: *mut c_void) -> c_int {
    mbsinit_in(locale::resolve(loc), ps)
}

unsafe fn wcrtomb_in(
    loc: &Locale,
    s: *mut c_char,
    wc: wchar_t,
    ps: *mut c_void,
    which: Internal,
) -> size_t {
    // SAFETY: the caller's state (or ours).
    let st = unsafe { state(ps, which) };
    if loc.utf8() && st.want != 0 {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return ILLEGAL;
    }
    if s.is_null() {
        return 1;
    }
    let mut buf = [0u8; 4];
    match encode(loc, wc, &mut buf) {
        Some(n) => {
            // SAFETY: the caller's buffer holds MB_CUR_MAX bytes.
            unsafe { core::ptr::copy_nonoverlapping(buf.as_ptr(), s.cast(), n) };
            n
        }
        None => ILLEGAL,
    }
}

/// `wcrtomb(s, wc, ps)`.
///
/// # Safety
/// C contract.
pub unsafe extern "C" fn wcrtomb(s: *mut c_char, wc: wchar_t, ps: *mut c_void) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcrtomb_in(locale::current(), s, wc, ps, Internal::Wcrtomb) }
}

unsafe extern "C" fn wcrtomb_l(
    s: *mut c_char,
    wc: wchar_t,
    ps: *mut c_void,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcrtomb_in(locale::resolve(loc), s, wc, ps, Internal::Wcrtomb) }
}

/// `mbsnrtowcs`: at most `nms` bytes of `*src` into at most `len` wide
/// characters of `dst` (only counting when `dst` is NULL).
unsafe fn mbsnrtowcs_in(
    loc: &Locale,
    dst: *mut wchar_t,
    src: *mut *const c_char,
    nms: size_t,
    len: size_t,
    ps: *mut c_void,
) -> size_t {
    // SAFETY: the caller's state (or ours), string and buffers.
    unsafe {
        let st = state(ps, Internal::Mbsrtowcs);
        let mut s = *src;
        let mut left = nms;
        let mut count = 0usize;
        loop {
            if !dst.is_null() && count >= len {
                *src = s;
                return count;
            }
            let mut wc = 0;
            let r = decode(loc, &mut wc, bounded(s, left.min(4)), st);
            match r {
                ILLEGAL => {
                    if !dst.is_null() {
                        *src = s;
                    }
                    return ILLEGAL;
                }
                INCOMPLETE => {
                    if !dst.is_null() {
                        *src = s.add(left);
                    }
                    return count;
                }
                0 => {
                    if !dst.is_null() {
                        *dst.add(count) = 0;
                        *src = core::ptr::null();
                    }
                    return count;
                }
                n => {
                    if !dst.is_null() {
                        *dst.add(count) = wc;
                    }
                    s = s.add(n);
                    left -= n;
                    count += 1;
                }
            }
        }
    }
}

unsafe extern "C" fn mbsnrtowcs(
    dst: *mut wchar_t,
    src: *mut *const c_char,
    nms: size_t,
    len: size_t,
    ps: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbsnrtowcs_in(locale::current(), dst, src, nms, len, ps) }
}

unsafe extern "C" fn mbsnrtowcs_l(
    dst: *mut wchar_t,
    src: *mut *const c_char,
    nms: size_t,
    len: size_t,
    ps: *mut c_void,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbsnrtowcs_in(locale::resolve(loc), dst, src, nms, len, ps) }
}

/// `mbsrtowcs`: `mbsnrtowcs` without a byte limit.
///
/// # Safety
/// C contract.
pub unsafe extern "C" fn mbsrtowcs(
    dst: *mut wchar_t,
    src: *mut *const c_char,
    len: size_t,
    ps: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbsnrtowcs_in(locale::current(), dst, src, usize::MAX, len, ps) }
}

unsafe extern "C" fn mbsrtowcs_l(
    dst: *mut wchar_t,
    src: *mut *const c_char,
    len: size_t,
    ps: *mut c_void,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbsnrtowcs_in(locale::resolve(loc), dst, src, usize::MAX, len, ps) }
}

/// `wcsnrtombs`: at most `nwc` wide characters of `*src` into at most
/// `len` bytes of `dst` (only counting when `dst` is NULL); a character
/// that does not fit whole stops the conversion.
unsafe fn wcsnrtombs_in(
    loc: &Locale,
    dst: *mut c_char,
    src: *mut *const wchar_t,
    nwc: size_t,
    len: size_t,
    ps: *mut c_void,
) -> size_t {
    // SAFETY: the caller's state (or ours), string and buffer.
    unsafe {
        let st = state(ps, Internal::Wcsrtombs);
        if loc.utf8() && st.want != 0 {
            crate::errno::set(crate::errno::darwin::EINVAL);
            return ILLEGAL;
        }
        let mut s = *src;
        let mut done = 0usize;
        for _ in 0..nwc {
            let wc = *s;
            let mut buf = [0u8; 4];
            let Some(n) = encode(loc, wc, &mut buf) else {
                if !dst.is_null() {
                    *src = s;
                }
                return ILLEGAL;
            };
            if !dst.is_null() {
                if n > len - done {
                    break;
                }
                core::ptr::copy_nonoverlapping(buf.as_ptr(), dst.add(done).cast(), n);
            }
            if wc == 0 {
                if !dst.is_null() {
                    *src = core::ptr::null();
                }
                return done;
            }
            done += n;
            s = s.add(1);
            if !dst.is_null() && done == len {
                break;
            }
        }
        if !dst.is_null() {
            *src = s;
        }
        done
    }
}

unsafe extern "C" fn wcsnrtombs(
    dst: *mut c_char,
    src: *mut *const wchar_t,
    nwc: size_t,
    len: size_t,
    ps: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcsnrtombs_in(locale::current(), dst, src, nwc, len, ps) }
}

unsafe extern "C" fn wcsnrtombs_l(
    dst: *mut c_char,
    src: *mut *const wchar_t,
    nwc: size_t,
    len: size_t,
    ps: *mut c_void,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcsnrtombs_in(locale::resolve(loc), dst, src, nwc, len, ps) }
}

/// `wcsrtombs`: `wcsnrtombs` without a character limit.
///
/// # Safety
/// C contract.
pub unsafe extern "C" fn wcsrtombs(
    dst: *mut c_char,
    src: *mut *const wchar_t,
    len: size_t,
    ps: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcsnrtombs_in(locale::current(), dst, src, usize::MAX, len, ps) }
}

unsafe extern "C" fn wcsrtombs_l(
    dst: *mut c_char,
    src: *mut *const wchar_t,
    len: size_t,
    ps: *mut c_void,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcsnrtombs_in(locale::resolve(loc), dst, src, usize::MAX, len, ps) }
}

// ---------------------------------------------------------------------
// The non-restartable `<stdlib.h>` ones.

/// `mbtowc(pwc, s, n)`: -1 for an invalid or incomplete character (the
/// state is reset then); `mbtowc(NULL, NULL, 0)` resets and says whether
/// the encoding has shift states (0).
unsafe fn mbtowc_in(
    loc: &Locale,
    pwc: *mut wchar_t,
    s: *const c_char,
    n: size_t,
    which: Internal,
) -> c_int {
    // SAFETY: our own internal state.
    let st = unsafe { state(core::ptr::null_mut(), which) };
    if s.is_null() {
        *st = MbState::default();
        return 0;
    }
    // SAFETY: the caller's `n` bytes.
    let r = unsafe { mbrtowc_in(loc, pwc, s, n, core::ptr::null_mut(), which) };
    match r {
        ILLEGAL | INCOMPLETE => {
            *st = MbState::default();
            crate::errno::set(EILSEQ);
            -1
        }
        n => n as c_int,
    }
}

unsafe extern "C" fn mbtowc(pwc: *mut wchar_t, s: *const c_char, n: size_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { mbtowc_in(locale::current(), pwc, s, n, Internal::Mbtowc) }
}

unsafe extern "C" fn mbtowc_l(
    pwc: *mut wchar_t,
    s: *const c_char,
    n: size_t,
    loc: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { mbtowc_in(locale::resolve(loc), pwc, s, n, Internal::Mbtowc) }
}

unsafe extern "C" fn mblen(s: *const c_char, n: size_t) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        mbtowc_in(
            locale::current(),
            core::ptr::null_mut(),
            s,
            n,
            Internal::Mblen,
        )
    }
}

unsafe extern "C" fn mblen_l(s: *const c_char, n: size_t, loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        mbtowc_in(
            locale::resolve(loc),
            core::ptr::null_mut(),
            s,
            n,
            Internal::Mblen,
        )
    }
}

unsafe fn wctomb_in(loc: &Locale, s: *mut c_char, wc: wchar_t) -> c_int {
    if s.is_null() {
        // No shift states.
        return 0;
    }
    // SAFETY: the caller's buffer of MB_CUR_MAX bytes.
    match unsafe { wcrtomb_in(loc, s, wc, core::ptr::null_mut(), Internal::Wctomb) } {
        ILLEGAL => -1,
        n => n as c_int,
    }
}

unsafe extern "C" fn wctomb(s: *mut c_char, wc: wchar_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { wctomb_in(locale::current(), s, wc) }
}

unsafe extern "C" fn wctomb_l(s: *mut c_char, wc: wchar_t, loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { wctomb_in(locale::resolve(loc), s, wc) }
}

unsafe fn mbstowcs_in(loc: &Locale, dst: *mut wchar_t, src: *const c_char, n: size_t) -> size_t {
    let mut st = MbState::default();
    let mut p = src;
    // SAFETY: the caller's string and buffer; our local state.
    unsafe {
        mbsnrtowcs_in(
            loc,
            dst,
            &mut p,
            usize::MAX,
            n,
            (&mut st as *mut MbState).cast(),
        )
    }
}

unsafe extern "C" fn mbstowcs(dst: *mut wchar_t, src: *const c_char, n: size_t) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbstowcs_in(locale::current(), dst, src, n) }
}

unsafe extern "C" fn mbstowcs_l(
    dst: *mut wchar_t,
    src: *const c_char,
    n: size_t,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { mbstowcs_in(locale::resolve(loc), dst, src, n) }
}

unsafe fn wcstombs_in(loc: &Locale, dst: *mut c_char, src: *const wchar_t, n: size_t) -> size_t {
    let mut st = MbState::default();
    let mut p = src;
    // SAFETY: the caller's string and buffer; our local state.
    unsafe {
        wcsnrtombs_in(
            loc,
            dst,
            &mut p,
            usize::MAX,
            n,
            (&mut st as *mut MbState).cast(),
        )
    }
}

unsafe extern "C" fn wcstombs(dst: *mut c_char, src: *const wchar_t, n: size_t) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcstombs_in(locale::current(), dst, src, n) }
}

unsafe extern "C" fn wcstombs_l(
    dst: *mut c_char,
    src: *const wchar_t,
    n: size_t,
    loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcstombs_in(locale::resolve(loc), dst, src, n) }
}

/// `btowc(c)`: the wide character of a single-byte character, or WEOF.
fn btowc_in(loc: &Locale, c: c_int) -> c_int {
    if c == libc::EOF {
        return WEOF;
    }
    let b = c as u8;
    let mut st = MbState::default();
    let mut wc = 0;
    match decode(loc, &mut wc, &[b], &mut st) {
        ILLEGAL | INCOMPLETE => WEOF,
        _ => wc,
    }
}

extern "C" fn btowc(c: c_int) -> c_int {
    btowc_in(locale::current(), c)
}

extern "C" fn btowc_l(c: c_int, loc: *mut c_void) -> c_int {
    btowc_in(locale::resolve(loc), c)
}

/// `wctob(wc)`: the single byte for `wc`, or EOF.
fn wctob_in(loc: &Locale, wc: c_int) -> c_int {
    let mut buf = [0u8; 4];
    let e = crate::errno::get();
    let r = match encode(loc, wc, &mut buf) {
        Some(1) => buf[0] as c_int,
        _ => libc::EOF,
    };
    crate::errno::set(e);
    r
}

extern "C" fn wctob(wc: c_int) -> c_int {
    wctob_in(locale::current(), wc)
}

extern "C" fn wctob_l(wc: c_int, loc: *mut c_void) -> c_int {
    wctob_in(locale::resolve(loc), wc)
}

// ---------------------------------------------------------------------
// Helpers for stdio and printf.

/// Converts a wide string to the locale's multibyte encoding, appending
/// to `out`; at most `max` bytes, never a partial character. False
/// (errno EILSEQ) for a character the locale cannot represent.
///
/// # Safety
/// `ws` is a NUL-terminated wide string.
pub unsafe fn wide_to_mb(loc: &Locale, ws: *const wchar_t, max: usize, out: &mut Vec<u8>) -> bool {
    let mut done = 0;
    let mut i = 0;
    loop {
        // SAFETY: the caller's terminated string.
        let wc = unsafe { *ws.add(i) };
        if wc == 0 {
            return true;
        }
        let mut buf = [0u8; 4];
        let Some(n) = encode(loc, wc, &mut buf) else {
            return false;
        };
        if done + n > max {
            return true;
        }
        out.extend_from_slice(&buf[..n]);
        done += n;
        i += 1;
    }
}

/// Decodes `bytes` (complete characters) into wide characters; a byte
/// that does not decode stands for itself (as in the C locale).
pub fn mb_to_wide_lossy(loc: &Locale, bytes: &[u8], out: &mut Vec<wchar_t>) {
    let mut i = 0;
    while i < bytes.len() {
        let mut st = MbState::default();
        let mut wc = 0;
        match decode(loc, &mut wc, &bytes[i..], &mut st) {
            ILLEGAL | INCOMPLETE => {
                out.push(bytes[i] as wchar_t);
                i += 1;
            }
            0 => {
                out.push(0);
                i += 1;
            }
            n => {
                out.push(wc);
                i += n;
            }
        }
    }
}

/// The length of a wide string.
///
/// # Safety
/// `s` is NUL-terminated.
pub unsafe fn wlen(s: *const wchar_t) -> usize {
    let mut n = 0;
    // SAFETY: within the terminated string.
    while unsafe { *s.add(n) } != 0 {
        n += 1;
    }
    n
}

// ---------------------------------------------------------------------
// Wide strings that glibc cannot do for darwin.

/// `wcslcpy`: BSD semantics on wide characters.
unsafe extern "C" fn wcslcpy(d: *mut wchar_t, s: *const wchar_t, size: size_t) -> size_t {
    // SAFETY: the caller's string and buffer of `size` characters.
    unsafe {
        let len = wlen(s);
        if size != 0 {
            let n = len.min(size - 1);
            core::ptr::copy_nonoverlapping(s, d, n);
            *d.add(n) = 0;
        }
        len
    }
}

/// `wcslcat`.
unsafe extern "C" fn wcslcat(d: *mut wchar_t, s: *const wchar_t, size: size_t) -> size_t {
    // SAFETY: the caller's terminated string in a buffer of `size` characters.
    unsafe {
        let mut dlen = 0;
        while dlen < size && *d.add(dlen) != 0 {
            dlen += 1;
        }
        if dlen == size {
            return size + wlen(s);
        }
        dlen + wcslcpy(d.add(dlen), s, size - dlen)
    }
}

unsafe fn casecmp(loc: &Locale, a: *const wchar_t, b: *const wchar_t, n: usize) -> c_int {
    for i in 0..n {
        // SAFETY: the caller's terminated strings; we stop at a NUL.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        let (lx, ly) = (
            super::ctype::lower_in(x, loc),
            super::ctype::lower_in(y, loc),
        );
        if lx != ly {
            return lx - ly;
        }
        if x == 0 {
            break;
        }
    }
    0
}

unsafe extern "C" fn wcscasecmp(a: *const wchar_t, b: *const wchar_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { casecmp(locale::current(), a, b, usize::MAX) }
}
unsafe extern "C" fn wcscasecmp_l(a: *const wchar_t, b: *const wchar_t, loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { casecmp(locale::resolve(loc), a, b, usize::MAX) }
}
unsafe extern "C" fn wcsncasecmp(a: *const wchar_t, b: *const wchar_t, n: size_t) -> c_int {
    // SAFETY: forwarded.
    unsafe { casecmp(locale::current(), a, b, n) }
}
unsafe extern "C" fn wcsncasecmp_l(
    a: *const wchar_t,
    b: *const wchar_t,
    n: size_t,
    loc: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { casecmp(locale::resolve(loc), a, b, n) }
}

/// `wcscoll`: our locales collate by code point.
unsafe extern "C" fn wcscoll(a: *const wchar_t, b: *const wchar_t) -> c_int {
    // SAFETY: the caller's terminated strings.
    unsafe { wcscmp(a, b) }
}
unsafe extern "C" fn wcscoll_l(a: *const wchar_t, b: *const wchar_t, _loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { wcscoll(a, b) }
}

/// `wcsxfrm`: the identity transformation (code point collation).
unsafe extern "C" fn wcsxfrm(d: *mut wchar_t, s: *const wchar_t, n: size_t) -> size_t {
    // SAFETY: the caller's string and buffer of `n` characters.
    unsafe {
        let len = wlen(s);
        if n > len {
            core::ptr::copy_nonoverlapping(s, d, len + 1);
        }
        len
    }
}
unsafe extern "C" fn wcsxfrm_l(
    d: *mut wchar_t,
    s: *const wchar_t,
    n: size_t,
    _loc: *mut c_void,
) -> size_t {
    // SAFETY: forwarded.
    unsafe { wcsxfrm(d, s, n) }
}

extern "C" {
    fn wcscmp(a: *const wchar_t, b: *const wchar_t) -> c_int;
    fn wcscpy(d: *mut wchar_t, s: *const wchar_t) -> *mut wchar_t;
    fn wcschr(s: *const wchar_t, c: wchar_t) -> *mut wchar_t;
    fn wcpcpy(d: *mut wchar_t, s: *const wchar_t) -> *mut wchar_t;
    fn wcpncpy(d: *mut wchar_t, s: *const wchar_t, n: size_t) -> *mut wchar_t;
    fn wcsncat(d: *mut wchar_t, s: *const wchar_t, n: size_t) -> *mut wchar_t;
    fn wcsncmp(a: *const wchar_t, b: *const wchar_t, n: size_t) -> c_int;
    fn wcsncpy(d: *mut wchar_t, s: *const wchar_t, n: size_t) -> *mut wchar_t;
    fn wcsnlen(s: *const wchar_t, n: size_t) -> size_t;
    fn wcspbrk(s: *const wchar_t, set: *const wchar_t) -> *mut wchar_t;
    fn wcsspn(s: *const wchar_t, set: *const wchar_t) -> size_t;
    fn wcscspn(s: *const wchar_t, set: *const wchar_t) -> size_t;
    fn wcsrchr(s: *const wchar_t, c: wchar_t) -> *mut wchar_t;
    fn wcsstr(h: *const wchar_t, n: *const wchar_t) -> *mut wchar_t;
    fn wcstok(s: *mut wchar_t, d: *const wchar_t, save: *mut *mut wchar_t) -> *mut wchar_t;
    fn wcsdup(s: *const wchar_t) -> *mut wchar_t;
    fn wcscat(d: *mut wchar_t, s: *const wchar_t) -> *mut wchar_t;
    fn wmemcmp(a: *const wchar_t, b: *const wchar_t, n: size_t) -> c_int;
    fn wmemmove(d: *mut wchar_t, s: *const wchar_t, n: size_t) -> *mut wchar_t;
    fn wmemcpy(d: *mut wchar_t, s: *const wchar_t, n: size_t) -> *mut wchar_t;
    fn wmemset(d: *mut wchar_t, c: wchar_t, n: size_t) -> *mut wchar_t;
    fn wmemchr(s: *const wchar_t, c: wchar_t, n: size_t) -> *mut wchar_t;
    fn wcstol(s: *const wchar_t, e: *mut *mut wchar_t, b: c_int) -> i64;
    fn wcstoul(s: *const wchar_t, e: *mut *mut wchar_t, b: c_int) -> u64;
    fn wcstoll(s: *const wchar_t, e: *mut *mut wchar_t, b: c_int) -> i64;
    fn wcstoull(s: *const wchar_t, e: *mut *mut wchar_t, b: c_int) -> u64;
    fn wcstoimax(s: *const wchar_t, e: *mut *mut wchar_t, b: c_int) -> i64;
    fn wcstoumax(s: *const wchar_t, e: *mut *mut wchar_t, b: c_int) -> u64;
    fn wcstod(s: *const wchar_t, e: *mut *mut wchar_t) -> f64;
    fn wcstof(s: *const wchar_t, e: *mut *mut wchar_t) -> f32;
    /// Returns a long double in x87 registers; exported as is.
    fn wcstold(s: *const wchar_t, e: *mut *mut wchar_t) -> f64;
}

// The `_l` conversions: every locale we have writes numbers the C way
// ('.' radix, ASCII digits), so the locale does not change the result.
unsafe extern "C" fn wcstol_l(
    s: *const wchar_t,
    e: *mut *mut wchar_t,
    b: c_int,
    _l: *mut c_void,
) -> i64 {
    // SAFETY: forwarded.
    unsafe { wcstol(s, e, b) }
}
unsafe extern "C" fn wcstoul_l(
    s: *const wchar_t,
    e: *mut *mut wchar_t,
    b: c_int,
    _l: *mut c_void,
) -> u64 {
    // SAFETY: forwarded.
    unsafe { wcstoul(s, e, b) }
}
unsafe extern "C" fn wcstoll_l(
    s: *const wchar_t,
    e: *mut *mut wchar_t,
    b: c_int,
    _l: *mut c_void,
) -> i64 {
    // SAFETY: forwarded.
    unsafe { wcstoll(s, e, b) }
}
unsafe extern "C" fn wcstoull_l(
    s: *const wchar_t,
    e: *mut *mut wchar_t,
    b: c_int,
    _l: *mut c_void,
) -> u64 {
    // SAFETY: forwarded.
    unsafe { wcstoull(s, e, b) }
}
unsafe extern "C" fn wcstoimax_l(
    s: *const wchar_t,
    e: *mut *mut wchar_t,
    b: c_int,
    _l: *mut c_void,
) -> i64 {
    // SAFETY: forwarded.
    unsafe { wcstoimax(s, e, b) }
}
unsafe extern "C" fn wcstoumax_l(
    s: *const wchar_t,
    e: *mut *mut wchar_t,
    b: c_int,
    _l: *mut c_void,
) -> u64 {
    // SAFETY: forwarded.
    unsafe { wcstoumax(s, e, b) }
}
unsafe extern "C" fn wcstod_l(s: *const wchar_t, e: *mut *mut wchar_t, _l: *mut c_void) -> f64 {
    // SAFETY: forwarded.
    unsafe { wcstod(s, e) }
}
unsafe extern "C" fn wcstof_l(s: *const wchar_t, e: *mut *mut wchar_t, _l: *mut c_void) -> f32 {
    // SAFETY: forwarded.
    unsafe { wcstof(s, e) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_mbrtowc" => mbrtowc,
    func "_mbrtowc_l" => mbrtowc_l,
    func "_mbrlen" => mbrlen,
    func "_mbrlen_l" => mbrlen_l,
    func "_mbsinit" => mbsinit,
    func "_mbsinit_l" => mbsinit_l,
    func "_wcrtomb" => wcrtomb,
    func "_wcrtomb_l" => wcrtomb_l,
    func "_mbsrtowcs" => mbsrtowcs,
    func "_mbsrtowcs_l" => mbsrtowcs_l,
    func "_mbsnrtowcs" => mbsnrtowcs,
    func "_mbsnrtowcs_l" => mbsnrtowcs_l,
    func "_wcsrtombs" => wcsrtombs,
    func "_wcsrtombs_l" => wcsrtombs_l,
    func "_wcsnrtombs" => wcsnrtombs,
    func "_wcsnrtombs_l" => wcsnrtombs_l,
    func "_mbtowc" => mbtowc,
    func "_mbtowc_l" => mbtowc_l,
    func "_mblen" => mblen,
    func "_mblen_l" => mblen_l,
    func "_wctomb" => wctomb,
    func "_wctomb_l" => wctomb_l,
    func "_mbstowcs" => mbstowcs,
    func "_mbstowcs_l" => mbstowcs_l,
    func "_wcstombs" => wcstombs,
    func "_wcstombs_l" => wcstombs_l,
    func "_btowc" => btowc,
    func "_btowc_l" => btowc_l,
    func "_wctob" => wctob,
    func "_wctob_l" => wctob_l,
    host "_wcslen" => libc::wcslen,
    host "_wcsnlen" => wcsnlen,
    host "_wcscpy" => wcscpy,
    host "_wcsncpy" => wcsncpy,
    host "_wcpcpy" => wcpcpy,
    host "_wcpncpy" => wcpncpy,
    host "_wcscat" => wcscat,
    host "_wcsncat" => wcsncat,
    func "_wcslcpy" => wcslcpy,
    func "_wcslcat" => wcslcat,
    host "_wcscmp" => wcscmp,
    host "_wcsncmp" => wcsncmp,
    func "_wcscasecmp" => wcscasecmp,
    func "_wcscasecmp_l" => wcscasecmp_l,
    func "_wcsncasecmp" => wcsncasecmp,
    func "_wcsncasecmp_l" => wcsncasecmp_l,
    func "_wcscoll" => wcscoll,
    func "_wcscoll_l" => wcscoll_l,
    func "_wcsxfrm" => wcsxfrm,
    func "_wcsxfrm_l" => wcsxfrm_l,
    host "_wcschr" => wcschr,
    host "_wcsrchr" => wcsrchr,
    host "_wcsstr" => wcsstr,
    host "_wcspbrk" => wcspbrk,
    host "_wcsspn" => wcsspn,
    host "_wcscspn" => wcscspn,
    host "_wcstok" => wcstok,
    host "_wcsdup" => wcsdup,
    host "_wmemcpy" => wmemcpy,
    host "_wmemmove" => wmemmove,
    host "_wmemset" => wmemset,
    host "_wmemcmp" => wmemcmp,
    host "_wmemchr" => wmemchr,
    host "_wcstol" => wcstol,
    host "_wcstoul" => wcstoul,
    host "_wcstoll" => wcstoll,
    host "_wcstoull" => wcstoull,
    host "_wcstoimax" => wcstoimax,
    host "_wcstoumax" => wcstoumax,
    host "_wcstod" => wcstod,
    host "_wcstof" => wcstof,
    host "_wcstold" => wcstold,
    func "_wcstol_l" => wcstol_l,
    func "_wcstoul_l" => wcstoul_l,
    func "_wcstoll_l" => wcstoll_l,
    func "_wcstoull_l" => wcstoull_l,
    func "_wcstoimax_l" => wcstoimax_l,
    func "_wcstoumax_l" => wcstoumax_l,
    func "_wcstod_l" => wcstod_l,
    func "_wcstof_l" => wcstof_l,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8() -> &'static Locale {
        // SAFETY: creating a locale object we never free (test only).
        let l = unsafe { crate::c::locale::tests_support::new(c"C.UTF-8") };
        locale::resolve(l)
    }

    #[test]
    fn decode_utf8() {
        let l = utf8();
        let mut st = MbState::default();
        let mut wc = 0;
        assert_eq!(decode(l, &mut wc, "é".as_bytes(), &mut st), 2);
        assert_eq!(wc, 0xe9);
        assert_eq!(decode(l, &mut wc, &[0xe4], &mut st), INCOMPLETE);
        assert_eq!(decode(l, &mut wc, &[0xb8], &mut st), INCOMPLETE);
        assert_eq!(decode(l, &mut wc, &[0xad], &mut st), 1);
        assert_eq!(wc, 0x4e2d);
        assert_eq!(decode(l, &mut wc, &[0xc0, 0x80], &mut st), ILLEGAL);
        assert_eq!(decode(l, &mut wc, &[0xed, 0xa0, 0x80], &mut st), ILLEGAL);
        assert_eq!(decode(l, &mut wc, &[0xf4, 0x90], &mut st), ILLEGAL);
        assert_eq!(decode(l, &mut wc, "😀".as_bytes(), &mut st), 4);
        assert_eq!(wc, 0x1f600);
        let mut b = [0u8; 4];
        assert_eq!(encode(l, 0x20ac, &mut b), Some(3));
        assert_eq!(&b[..3], "€".as_bytes());
        assert_eq!(encode(l, 0xd800, &mut b), None);
        assert_eq!(encode(l, 0x110000, &mut b), None);
    }

    #[test]
    fn c_locale_bytes() {
        let c = locale::c_locale();
        let mut st = MbState::default();
        let mut wc = 0;
        assert_eq!(decode(c, &mut wc, &[0xe9], &mut st), 1);
        assert_eq!(wc, 0xe9);
        let mut b = [0u8; 4];
        assert_eq!(encode(c, 0xff, &mut b), Some(1));
        assert_eq!(encode(c, 0x100, &mut b), None);
    }
}
