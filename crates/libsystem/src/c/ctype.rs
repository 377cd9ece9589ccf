//! `<ctype.h>`, `<wctype.h>` and the rune locale behind them.
//!
//! darwin's ctype macros are inline functions that read
//! `_DefaultRuneLocale.__runetype[c]` directly for ASCII and call
//! `__maskrune`/`__toupper`/`__tolower` otherwise, so the table itself is
//! ABI: a `_RuneLocale` (macOS `<runetype.h>`) with `_CTYPE_*` bits from
//! `<_ctype.h>`. We provide the "C" locale only (Libc's
//! `locale/FreeBSD/table.c`): ASCII classes, nothing for 128..255, the
//! low four bits of hex digits holding their value (`digittoint`). The
//! `_l` variants ignore their `locale_t`: a darwin `locale_t` means nothing
//! to glibc, and the C locale is the only one we have.

use core::cell::UnsafeCell;
use libc::{c_char, c_int, c_ulong, c_void, size_t};

pub const CTYPE_A: u32 = 0x100;
pub const CTYPE_C: u32 = 0x200;
pub const CTYPE_D: u32 = 0x400;
pub const CTYPE_G: u32 = 0x800;
pub const CTYPE_L: u32 = 0x1000;
pub const CTYPE_P: u32 = 0x2000;
pub const CTYPE_S: u32 = 0x4000;
pub const CTYPE_U: u32 = 0x8000;
pub const CTYPE_X: u32 = 0x1_0000;
pub const CTYPE_B: u32 = 0x2_0000;
pub const CTYPE_R: u32 = 0x4_0000;
pub const CTYPE_I: u32 = 0x8_0000;
pub const CTYPE_T: u32 = 0x10_0000;
pub const CTYPE_Q: u32 = 0x20_0000;
pub const CTYPE_SWM: u32 = 0xe000_0000;
pub const CTYPE_SWS: u32 = 30;

/// `_CACHED_RUNES`: the table covers 0..256.
const CACHED: usize = 256;

/// The C locale's `__runetype` table.
const fn runetype_table() -> [u32; CACHED] {
    let mut t = [0u32; CACHED];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b < 0x20 || b == 0x7f {
            let space = matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
            CTYPE_C | if space { CTYPE_S } else { 0 } | if b == b'\t' { CTYPE_B } else { 0 }
        } else if b == b' ' {
            CTYPE_S | CTYPE_B | CTYPE_R
        } else if b.is_ascii_digit() {
            CTYPE_D | CTYPE_R | CTYPE_G | CTYPE_X | (b - b'0') as u32
        } else if b.is_ascii_uppercase() {
            let hex = if b <= b'F' {
                CTYPE_X | (b - b'A' + 10) as u32
            } else {
                0
            };
            CTYPE_U | CTYPE_R | CTYPE_G | CTYPE_A | hex
        } else if b.is_ascii_lowercase() {
            let hex = if b <= b'f' {
                CTYPE_X | (b - b'a' + 10) as u32
            } else {
                0
            };
            CTYPE_L | CTYPE_R | CTYPE_G | CTYPE_A | hex
        } else {
            CTYPE_P | CTYPE_R | CTYPE_G
        };
        c += 1;
    }
    t
}

const fn map_table(upper: bool) -> [i32; CACHED] {
    let mut t = [0i32; CACHED];
    let mut c = 0;
    while c < CACHED {
        let b = c as u8;
        t[c] = if upper {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        } as i32;
        c += 1;
    }
    t
}

static RUNETYPE: [u32; CACHED] = runetype_table();
static MAPLOWER: [i32; CACHED] = map_table(false);
static MAPUPPER: [i32; CACHED] = map_table(true);

/// `_RuneRange` (macOS `<runetype.h>`).
#[repr(C)]
pub struct RuneRange {
    pub nranges: c_int,
    pub ranges: *mut c_void,
}

/// `_RuneLocale` (macOS `<runetype.h>`).
#[repr(C)]
pub struct RuneLocale {
    pub magic: [u8; 8],
    pub encoding: [u8; 32],
    pub sgetrune: *mut c_void,
    pub sputrune: *mut c_void,
    pub invalid_rune: i32,
    pub runetype: [u32; CACHED],
    pub maplower: [i32; CACHED],
    pub mapupper: [i32; CACHED],
    pub runetype_ext: RuneRange,
    pub maplower_ext: RuneRange,
    pub mapupper_ext: RuneRange,
    pub variable: *mut c_void,
    pub variable_len: c_int,
    pub ncharclasses: c_int,
    pub charclasses: *mut c_void,
}

// Offsets and size of the x86_64 `_RuneLocale`, measured with the SDK header.
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<RuneRange>() == 16);
    assert!(size_of::<RuneLocale>() == 3208);
    assert!(offset_of!(RuneLocale, encoding) == 8);
    assert!(offset_of!(RuneLocale, sgetrune) == 40);
    assert!(offset_of!(RuneLocale, sputrune) == 48);
    assert!(offset_of!(RuneLocale, invalid_rune) == 56);
    assert!(offset_of!(RuneLocale, runetype) == 60);
    assert!(offset_of!(RuneLocale, maplower) == 1084);
    assert!(offset_of!(RuneLocale, mapupper) == 2108);
    assert!(offset_of!(RuneLocale, runetype_ext) == 3136);
    assert!(offset_of!(RuneLocale, maplower_ext) == 3152);
    assert!(offset_of!(RuneLocale, mapupper_ext) == 3168);
    assert!(offset_of!(RuneLocale, variable) == 3184);
    assert!(offset_of!(RuneLocale, variable_len) == 3192);
    assert!(offset_of!(RuneLocale, ncharclasses) == 3196);
    assert!(offset_of!(RuneLocale, charclasses) == 3200);
};

/// A C global the program may write (darwin declares these non-`const`):
/// kept in writable memory, shared as raw bytes.
#[repr(transparent)]
pub struct CGlobal<T>(UnsafeCell<T>);

// SAFETY: the value is only read by us; writes come from the program,
// which owns any synchronisation, exactly as with a C global.
unsafe impl<T> Sync for CGlobal<T> {}

const fn name<const N: usize>(s: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < s.len() {
        out[i] = s[i];
        i += 1;
    }
    out
}

/// `_DefaultRuneLocale`: the "C" locale.
pub static DEFAULT_RUNE_LOCALE: CGlobal<RuneLocale> = CGlobal(UnsafeCell::new(RuneLocale {
    magic: name(b"RuneMagA"),
    encoding: name(b"NONE"),
    sgetrune: core::ptr::null_mut(),
    sputrune: core::ptr::null_mut(),
    invalid_rune: 0xfffd,
    runetype: runetype_table(),
    maplower: map_table(false),
    mapupper: map_table(true),
    runetype_ext: RuneRange {
        nranges: 0,
        ranges: core::ptr::null_mut(),
    },
    maplower_ext: RuneRange {
        nranges: 0,
        ranges: core::ptr::null_mut(),
    },
    mapupper_ext: RuneRange {
        nranges: 0,
        ranges: core::ptr::null_mut(),
    },
    variable: core::ptr::null_mut(),
    variable_len: 0,
    ncharclasses: 0,
    charclasses: core::ptr::null_mut(),
}));

/// `_CurrentRuneLocale`: a pointer variable, always the C locale.
pub static CURRENT_RUNE_LOCALE: CGlobal<*mut RuneLocale> =
    CGlobal(UnsafeCell::new(DEFAULT_RUNE_LOCALE.0.get()));

/// Legacy `__mb_cur_max` variable (`MB_CUR_MAX` is `___mb_cur_max()` now):
/// 1, as for the C locale's single-byte encoding.
pub static MB_CUR_MAX: CGlobal<c_int> = CGlobal(UnsafeCell::new(1));

/// The class bits of `c` (0 outside the table: the C locale has no
/// extended ranges).
fn runetype(c: c_int) -> u32 {
    usize::try_from(c)
        .ok()
        .and_then(|i| RUNETYPE.get(i))
        .copied()
        .unwrap_or(0)
}

fn istype(c: c_int, mask: u32) -> c_int {
    (runetype(c) & mask != 0) as c_int
}

fn upper(c: c_int) -> c_int {
    usize::try_from(c)
        .ok()
        .and_then(|i| MAPUPPER.get(i))
        .copied()
        .unwrap_or(c)
}

fn lower(c: c_int) -> c_int {
    usize::try_from(c)
        .ok()
        .and_then(|i| MAPLOWER.get(i))
        .copied()
        .unwrap_or(c)
}

fn width(c: c_int) -> c_int {
    if c == 0 {
        return 0;
    }
    let x = runetype(c) & (CTYPE_SWM | CTYPE_R);
    if x & CTYPE_SWM != 0 {
        ((x & CTYPE_SWM) >> CTYPE_SWS) as c_int
    } else if x & CTYPE_R != 0 {
        1
    } else {
        -1
    }
}

/// `___mb_cur_max()`: the value of `MB_CUR_MAX`.
extern "C" fn mb_cur_max() -> c_int {
    1
}
extern "C" fn mb_cur_max_l(_loc: *mut c_void) -> c_int {
    1
}
/// `___runetype(c)`: class bits for runes beyond the cached table.
extern "C" fn runetype_ext(c: c_int) -> c_ulong {
    runetype(c) as c_ulong
}
extern "C" fn runetype_ext_l(c: c_int, _loc: *mut c_void) -> c_ulong {
    runetype(c) as c_ulong
}
/// `__maskrune(c, mask)`: what the inline ctype functions call off ASCII.
extern "C" fn maskrune(c: c_int, mask: c_ulong) -> c_int {
    (runetype(c) as c_ulong & mask) as c_int
}
extern "C" fn maskrune_l(c: c_int, mask: c_ulong, _loc: *mut c_void) -> c_int {
    maskrune(c, mask)
}
/// `__isctype(c, mask)`: 0 outside 0..256, else whether any bit is set.
extern "C" fn isctype(c: c_int, mask: c_ulong) -> c_int {
    (runetype(c) as c_ulong & mask != 0) as c_int
}
extern "C" fn toupper(c: c_int) -> c_int {
    upper(c)
}
extern "C" fn toupper_l(c: c_int, _loc: *mut c_void) -> c_int {
    upper(c)
}
extern "C" fn tolower(c: c_int) -> c_int {
    lower(c)
}
extern "C" fn tolower_l(c: c_int, _loc: *mut c_void) -> c_int {
    lower(c)
}
extern "C" fn wcwidth(c: c_int) -> c_int {
    width(c)
}
extern "C" fn wcwidth_l(c: c_int, _loc: *mut c_void) -> c_int {
    width(c)
}
extern "C" fn isascii(c: c_int) -> c_int {
    (c & !0x7f == 0) as c_int
}
extern "C" fn toascii(c: c_int) -> c_int {
    c & 0x7f
}
extern "C" fn digittoint(c: c_int) -> c_int {
    (runetype(c) & 0x0f) as c_int
}
extern "C" fn digittoint_l(c: c_int, _loc: *mut c_void) -> c_int {
    digittoint(c)
}

/// Defines `isfoo(c)` and `isfoo_l(c, loc)` for a class mask.
macro_rules! classes {
    ($($f:ident, $fl:ident => $mask:expr;)*) => {
        $(
            extern "C" fn $f(c: c_int) -> c_int {
                istype(c, $mask)
            }
            extern "C" fn $fl(c: c_int, _loc: *mut c_void) -> c_int {
                istype(c, $mask)
            }
        )*
    };
}

classes! {
    isalnum, isalnum_l => CTYPE_A | CTYPE_D;
    isalpha, isalpha_l => CTYPE_A;
    isblank, isblank_l => CTYPE_B;
    iscntrl, iscntrl_l => CTYPE_C;
    isdigit, isdigit_l => CTYPE_D;
    isgraph, isgraph_l => CTYPE_G;
    islower, islower_l => CTYPE_L;
    isprint, isprint_l => CTYPE_R;
    ispunct, ispunct_l => CTYPE_P;
    isspace, isspace_l => CTYPE_S;
    isupper, isupper_l => CTYPE_U;
    isxdigit, isxdigit_l => CTYPE_X;
    ishexnumber, ishexnumber_l => CTYPE_X;
    isideogram, isideogram_l => CTYPE_I;
    isnumber, isnumber_l => CTYPE_D;
    isphonogram, isphonogram_l => CTYPE_Q;
    isrune, isrune_l => 0xffff_fff0;
    isspecial, isspecial_l => CTYPE_T;
}

/// `iswctype(wc, class)`: darwin's `wctype_t` is the class mask itself
/// (32-bit; glibc's is a table pointer, so glibc's pair cannot be used).
extern "C" fn iswctype(wc: c_int, class: u32) -> c_int {
    istype(wc, class)
}
extern "C" fn iswctype_l(wc: c_int, class: u32, _loc: *mut c_void) -> c_int {
    istype(wc, class)
}

/// Class names `wctype` knows (Libc `locale/FreeBSD/wctype.c`).
const WCTYPES: &[(&[u8], u32)] = &[
    (b"alnum", CTYPE_A | CTYPE_D),
    (b"alpha", CTYPE_A),
    (b"blank", CTYPE_B),
    (b"cntrl", CTYPE_C),
    (b"digit", CTYPE_D),
    (b"graph", CTYPE_G),
    (b"lower", CTYPE_L),
    (b"print", CTYPE_R),
    (b"punct", CTYPE_P),
    (b"space", CTYPE_S),
    (b"upper", CTYPE_U),
    (b"xdigit", CTYPE_X),
    (b"ideogram", CTYPE_I),
    (b"special", CTYPE_T),
    (b"phonogram", CTYPE_Q),
    (b"rune", 0xffff_ff00),
];

/// # Safety
/// `name` is a C string.
unsafe extern "C" fn wctype(name: *const c_char) -> u32 {
    // SAFETY: the caller passes a C string.
    let name = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
    WCTYPES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(0, |(_, m)| *m)
}
/// # Safety
/// As [`wctype`].
unsafe extern "C" fn wctype_l(name: *const c_char, _loc: *mut c_void) -> u32 {
    // SAFETY: forwarded.
    unsafe { wctype(name) }
}

/// darwin `wctrans_t` values (an `int`; glibc's is a pointer).
const WCT_TOLOWER: c_int = 1;
const WCT_TOUPPER: c_int = 2;

/// # Safety
/// `name` is a C string.
unsafe extern "C" fn wctrans(name: *const c_char) -> c_int {
    // SAFETY: the caller passes a C string.
    match unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes() {
        b"tolower" => WCT_TOLOWER,
        b"toupper" => WCT_TOUPPER,
        _ => {
            crate::errno::set(crate::errno::darwin::EINVAL);
            0
        }
    }
}
/// # Safety
/// As [`wctrans`].
unsafe extern "C" fn wctrans_l(name: *const c_char, _loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { wctrans(name) }
}
extern "C" fn towctrans(wc: c_int, desc: c_int) -> c_int {
    match desc {
        WCT_TOLOWER => lower(wc),
        WCT_TOUPPER => upper(wc),
        _ => {
            crate::errno::set(crate::errno::darwin::EINVAL);
            wc
        }
    }
}
extern "C" fn towctrans_l(wc: c_int, desc: c_int, _loc: *mut c_void) -> c_int {
    towctrans(wc, desc)
}

/// `nextwctype(wc, class)`: the next character after `wc` in `class`, or -1.
extern "C" fn nextwctype(wc: c_int, class: u32) -> c_int {
    let start = wc.saturating_add(1).max(0);
    (start..CACHED as c_int)
        .find(|&c| runetype(c) & class != 0)
        .unwrap_or(-1)
}
extern "C" fn nextwctype_l(wc: c_int, class: u32, _loc: *mut c_void) -> c_int {
    nextwctype(wc, class)
}

/// # Safety
/// `s` holds `n` wide characters or a NUL before them.
unsafe extern "C" fn wcswidth(s: *const i32, n: size_t) -> c_int {
    let mut total: c_int = 0;
    for i in 0..n {
        // SAFETY: within the caller's string (we stop at its NUL).
        let c = unsafe { *s.add(i) };
        if c == 0 {
            break;
        }
        let w = width(c);
        if w < 0 {
            return -1;
        }
        total += w;
    }
    total
}
/// # Safety
/// As [`wcswidth`].
unsafe extern "C" fn wcswidth_l(s: *const i32, n: size_t, _loc: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe { wcswidth(s, n) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    data "__DefaultRuneLocale" => DEFAULT_RUNE_LOCALE,
    data "__CurrentRuneLocale" => CURRENT_RUNE_LOCALE,
    data "___mb_cur_max" => MB_CUR_MAX,
    func "____mb_cur_max" => mb_cur_max,
    func "____mb_cur_max_l" => mb_cur_max_l,
    func "____runetype" => runetype_ext,
    func "____runetype_l" => runetype_ext_l,
    func "____tolower" => tolower,
    func "____tolower_l" => tolower_l,
    func "____toupper" => toupper,
    func "____toupper_l" => toupper_l,
    func "___maskrune" => maskrune,
    func "___maskrune_l" => maskrune_l,
    func "___isctype" => isctype,
    func "___tolower" => tolower,
    func "___tolower_l" => tolower_l,
    func "___toupper" => toupper,
    func "___toupper_l" => toupper_l,
    func "___wcwidth" => wcwidth,
    func "___wcwidth_l" => wcwidth_l,
    func "_tolower" => tolower,
    func "_tolower_l" => tolower_l,
    func "_toupper" => toupper,
    func "_toupper_l" => toupper_l,
    func "_isascii" => isascii,
    func "_toascii" => toascii,
    func "_digittoint" => digittoint,
    func "_digittoint_l" => digittoint_l,
    func "_isalnum" => isalnum,
    func "_isalnum_l" => isalnum_l,
    func "_isalpha" => isalpha,
    func "_isalpha_l" => isalpha_l,
    func "_isblank" => isblank,
    func "_isblank_l" => isblank_l,
    func "_iscntrl" => iscntrl,
    func "_iscntrl_l" => iscntrl_l,
    func "_isdigit" => isdigit,
    func "_isdigit_l" => isdigit_l,
    func "_isgraph" => isgraph,
    func "_isgraph_l" => isgraph_l,
    func "_islower" => islower,
    func "_islower_l" => islower_l,
    func "_isprint" => isprint,
    func "_isprint_l" => isprint_l,
    func "_ispunct" => ispunct,
    func "_ispunct_l" => ispunct_l,
    func "_isspace" => isspace,
    func "_isspace_l" => isspace_l,
    func "_isupper" => isupper,
    func "_isupper_l" => isupper_l,
    func "_isxdigit" => isxdigit,
    func "_isxdigit_l" => isxdigit_l,
    func "_ishexnumber" => ishexnumber,
    func "_ishexnumber_l" => ishexnumber_l,
    func "_isideogram" => isideogram,
    func "_isideogram_l" => isideogram_l,
    func "_isnumber" => isnumber,
    func "_isnumber_l" => isnumber_l,
    func "_isphonogram" => isphonogram,
    func "_isphonogram_l" => isphonogram_l,
    func "_isrune" => isrune,
    func "_isrune_l" => isrune_l,
    func "_isspecial" => isspecial,
    func "_isspecial_l" => isspecial_l,
    // <wctype.h>: wint_t is a 32-bit int on darwin; the same classes apply.
    func "_iswalnum" => isalnum,
    func "_iswalnum_l" => isalnum_l,
    func "_iswalpha" => isalpha,
    func "_iswalpha_l" => isalpha_l,
    func "_iswascii" => isascii,
    func "_iswblank" => isblank,
    func "_iswblank_l" => isblank_l,
    func "_iswcntrl" => iscntrl,
    func "_iswcntrl_l" => iscntrl_l,
    func "_iswdigit" => isdigit,
    func "_iswdigit_l" => isdigit_l,
    func "_iswgraph" => isgraph,
    func "_iswgraph_l" => isgraph_l,
    func "_iswlower" => islower,
    func "_iswlower_l" => islower_l,
    func "_iswprint" => isprint,
    func "_iswprint_l" => isprint_l,
    func "_iswpunct" => ispunct,
    func "_iswpunct_l" => ispunct_l,
    func "_iswspace" => isspace,
    func "_iswspace_l" => isspace_l,
    func "_iswupper" => isupper,
    func "_iswupper_l" => isupper_l,
    func "_iswxdigit" => isxdigit,
    func "_iswxdigit_l" => isxdigit_l,
    func "_iswhexnumber" => ishexnumber,
    func "_iswhexnumber_l" => ishexnumber_l,
    func "_iswideogram" => isideogram,
    func "_iswideogram_l" => isideogram_l,
    func "_iswnumber" => isnumber,
    func "_iswnumber_l" => isnumber_l,
    func "_iswphonogram" => isphonogram,
    func "_iswphonogram_l" => isphonogram_l,
    func "_iswrune" => isrune,
    func "_iswrune_l" => isrune_l,
    func "_iswspecial" => isspecial,
    func "_iswspecial_l" => isspecial_l,
    func "_iswctype" => iswctype,
    func "_iswctype_l" => iswctype_l,
    func "_wctype" => wctype,
    func "_wctype_l" => wctype_l,
    func "_towlower" => tolower,
    func "_towlower_l" => tolower_l,
    func "_towupper" => toupper,
    func "_towupper_l" => toupper_l,
    func "_wctrans" => wctrans,
    func "_wctrans_l" => wctrans_l,
    func "_towctrans" => towctrans,
    func "_towctrans_l" => towctrans_l,
    func "_nextwctype" => nextwctype,
    func "_nextwctype_l" => nextwctype_l,
    func "_wcwidth" => wcwidth,
    func "_wcwidth_l" => wcwidth_l,
    func "_wcswidth" => wcswidth,
    func "_wcswidth_l" => wcswidth_l,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every class and mapping of 0..256 (and EOF) equals glibc's C locale.
    #[test]
    fn matches_glibc_c_locale() {
        for c in -1..256 {
            // SAFETY: glibc's ctype functions accept EOF and 0..=255; the
            // test process never calls setlocale, so this is the C locale.
            unsafe {
                assert_eq!(isalpha(c) != 0, libc::isalpha(c) != 0, "isalpha {c}");
                assert_eq!(isdigit(c) != 0, libc::isdigit(c) != 0, "isdigit {c}");
                assert_eq!(isspace(c) != 0, libc::isspace(c) != 0, "isspace {c}");
                assert_eq!(ispunct(c) != 0, libc::ispunct(c) != 0, "ispunct {c}");
                assert_eq!(isupper(c) != 0, libc::isupper(c) != 0, "isupper {c}");
                assert_eq!(islower(c) != 0, libc::islower(c) != 0, "islower {c}");
                assert_eq!(isxdigit(c) != 0, libc::isxdigit(c) != 0, "isxdigit {c}");
                assert_eq!(isprint(c) != 0, libc::isprint(c) != 0, "isprint {c}");
                assert_eq!(iscntrl(c) != 0, libc::iscntrl(c) != 0, "iscntrl {c}");
                assert_eq!(isgraph(c) != 0, libc::isgraph(c) != 0, "isgraph {c}");
                assert_eq!(isalnum(c) != 0, libc::isalnum(c) != 0, "isalnum {c}");
                assert_eq!(isblank(c) != 0, libc::isblank(c) != 0, "isblank {c}");
                assert_eq!(toupper(c), libc::toupper(c), "toupper {c}");
                assert_eq!(tolower(c), libc::tolower(c), "tolower {c}");
            }
        }
    }

    #[test]
    fn darwin_extras() {
        assert_eq!(digittoint(b'7' as c_int), 7);
        assert_eq!(digittoint(b'b' as c_int), 11);
        assert_eq!(digittoint(b'F' as c_int), 15);
        assert_eq!(digittoint(b'g' as c_int), 0);
        assert_eq!(maskrune(300, 0xffff_ffff), 0);
        assert_eq!(toupper(300), 300);
        assert_eq!(isrune(b'a' as c_int), 1);
        assert_eq!(isrune(0xe9), 0);
        assert_eq!(wcwidth(b'a' as c_int), 1);
        assert_eq!(wcwidth(0), 0);
        assert_eq!(wcwidth(7), -1);
        assert_eq!(nextwctype(b'a' as c_int, CTYPE_U), -1);
        assert_eq!(nextwctype(-1, CTYPE_D), b'0' as c_int);
        assert_eq!(nextwctype(b'3' as c_int, CTYPE_D), b'4' as c_int);
        // SAFETY: C string literals.
        unsafe {
            assert_eq!(wctype(c"alpha".as_ptr()), CTYPE_A);
            assert_eq!(wctype(c"bogus".as_ptr()), 0);
            assert_eq!(
                towctrans(b'q' as c_int, wctrans(c"toupper".as_ptr())),
                b'Q' as c_int
            );
        }
        // SAFETY: reading our own static.
        let rl = unsafe { &*DEFAULT_RUNE_LOCALE.0.get() };
        assert_eq!(rl.runetype, RUNETYPE);
        assert_eq!(&rl.magic, b"RuneMagA");
        // SAFETY: reading our own static.
        assert_eq!(
            unsafe { *CURRENT_RUNE_LOCALE.0.get() },
            DEFAULT_RUNE_LOCALE.0.get()
        );
    }
}
