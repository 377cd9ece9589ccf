//! `CFString`: UTF-16 semantics (lengths, indices and ranges count UTF-16
//! units, as `CFString.h` specifies), stored as UTF-16.
//!
//! Two classes share the string type id: our heap strings, and constant
//! strings — clang's `CFSTR("...")` literals and our own statics — laid out
//! as clang emits them in `__DATA,__cfstring`: `{isa =
//! &___CFConstantStringClassReference, int flags, const char *str, long
//! length}`, where flags `0x7c8` means `str` holds 8-bit (ASCII)
//! characters and `0x7d0` means UTF-16 units (what zig's clang emits for
//! an ASCII and a non-ASCII literal).

use super::base::{
    self, alloc, drop_obj, expect, no_finalize, Boolean, CFHashCode, CFIndex, CFRange, CFTypeID,
    Class, Obj, Ref, NOT_FOUND, TYPE_ID_STRING,
};
use super::encoding as enc;
use libc::{c_char, c_void};
use std::borrow::Cow;
use std::cell::UnsafeCell;

/// A constant string (clang's layout).
#[repr(C)]
pub struct ConstStr {
    pub isa: &'static Class,
    pub flags: u32,
    pub pad: u32,
    pub ptr: *const u8,
    pub len: CFIndex,
}
const _: () = assert!(core::mem::size_of::<ConstStr>() == 32);
const _: () = assert!(core::mem::offset_of!(ConstStr, flags) == 8);
const _: () = assert!(core::mem::offset_of!(ConstStr, ptr) == 16);
const _: () = assert!(core::mem::offset_of!(ConstStr, len) == 24);
// SAFETY: constant strings are immutable and point at static text.
unsafe impl Sync for ConstStr {}

/// clang's flags word for 8-bit constant strings.
pub const CONST_FLAGS_8BIT: u32 = 0x7c8;
/// The flag bit that marks UTF-16 contents.
const CONST_FLAG_UTF16: u32 = 0x10;

impl ConstStr {
    /// A constant string over a NUL-terminated ASCII literal.
    pub const fn new(text: &'static str) -> Self {
        ConstStr {
            isa: &CONST_STRING_CLASS,
            flags: CONST_FLAGS_8BIT,
            pad: 0,
            ptr: text.as_ptr(),
            len: text.len() as CFIndex - 1,
        }
    }
}

/// Defines a static constant string and a static pointer to it (the value
/// of an exported `const CFStringRef`).
#[macro_export]
macro_rules! cf_const_string {
    ($(#[$m:meta])* $ptr:ident = $text:literal) => {
        $(#[$m])*
        pub static $ptr: $crate::core_foundation::base::SyncRef = {
            static S: $crate::core_foundation::string::ConstStr =
                $crate::core_foundation::string::ConstStr::new(concat!($text, "\0"));
            $crate::core_foundation::base::SyncRef(&S as *const _ as *const ::libc::c_void)
        };
    };
}

/// A CFSTR-like constant string usable as an expression.
#[macro_export]
macro_rules! cfstr {
    ($text:literal) => {{
        static S: $crate::core_foundation::string::ConstStr =
            $crate::core_foundation::string::ConstStr::new(concat!($text, "\0"));
        &S as *const _ as *const ::libc::c_void
    }};
}

/// A heap string.
pub struct StrBody {
    mutable: bool,
    data: UnsafeCell<StrData>,
}

struct StrData {
    units: Vec<u16>,
    /// NUL-terminated ASCII copy, when every unit is ASCII and non-NUL
    /// (what `CFStringGetCStringPtr` hands out).
    cstr: Option<Box<[u8]>>,
}

impl StrData {
    fn new(units: Vec<u16>) -> Self {
        let mut d = StrData { units, cstr: None };
        d.refresh();
        d
    }

    fn refresh(&mut self) {
        self.cstr = self.units.iter().all(|&u| (1..0x80).contains(&u)).then(|| {
            let mut v: Vec<u8> = self.units.iter().map(|&u| u as u8).collect();
            v.push(0);
            v.into_boxed_slice()
        });
    }
}

pub static STRING_CLASS: Class = Class {
    type_id: TYPE_ID_STRING,
    name: "CFString",
    finalize: drop_obj::<StrBody>,
    equal: str_equal,
    hash: str_hash,
    describe: str_describe,
    immortal: false,
};

/// The class `___CFConstantStringClassReference` names.
pub static CONST_STRING_CLASS: Class = Class {
    type_id: TYPE_ID_STRING,
    name: "CFString",
    finalize: no_finalize,
    equal: str_equal,
    hash: str_hash,
    describe: str_describe,
    immortal: true,
};

unsafe fn str_equal(a: Ref, b: Ref) -> bool {
    // SAFETY: both are strings (same type id).
    unsafe { units(a) == units(b) }
}

unsafe fn str_hash(a: Ref) -> CFHashCode {
    // SAFETY: `a` is a string.
    base::fnv(unsafe { units(a) }.iter().flat_map(|u| u.to_le_bytes()))
}

unsafe fn str_describe(a: Ref) -> String {
    // SAFETY: `a` is a string.
    format!(
        "<CFString {:p} [{:p}]>{{contents = \"{}\"}}",
        a,
        core::ptr::null::<c_void>(),
        unsafe { to_string(a) }
    )
}

/// Whether `p` is a string (either class).
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn is_string(p: Ref) -> bool {
    // SAFETY: per the contract.
    !p.is_null() && unsafe { base::class_of(p) }.type_id == TYPE_ID_STRING
}

fn check(p: Ref, func: &str) {
    // SAFETY: the caller passes a CF object (or NULL, which fails).
    if !unsafe { is_string(p) } {
        if p.is_null() {
            base::fatal(&format!("{func}: NULL string"));
        }
        // SAFETY: non-NULL CF object.
        base::fatal(&format!(
            "{func}: {p:p} is a {}, not a CFString",
            unsafe { base::class_of(p) }.name
        ));
    }
}

/// The UTF-16 units of a string.
///
/// # Safety
/// `p` is a string; the result must not outlive it (nor a mutation).
pub unsafe fn units<'a>(p: Ref) -> Cow<'a, [u16]> {
    // SAFETY: `p` is a string of one of the two classes.
    unsafe {
        if let Some(o) = base::cast::<StrBody>(p, &STRING_CLASS) {
            return Cow::Borrowed(&(*o.body.data.get()).units);
        }
        let c = &*(p as *const ConstStr);
        let n = c.len.max(0) as usize;
        if c.flags & CONST_FLAG_UTF16 != 0 {
            Cow::Borrowed(core::slice::from_raw_parts(c.ptr as *const u16, n))
        } else {
            Cow::Owned(
                core::slice::from_raw_parts(c.ptr, n)
                    .iter()
                    .map(|&b| b as u16)
                    .collect(),
            )
        }
    }
}

/// A string's text (lone surrogates become U+FFFD).
///
/// # Safety
/// `p` is a string.
pub unsafe fn to_string(p: Ref) -> String {
    // SAFETY: per the contract.
    String::from_utf16_lossy(&unsafe { units(p) })
}

/// A string's text, or None for NULL or a non-string.
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn opt_string(p: Ref) -> Option<String> {
    // SAFETY: per the contract.
    unsafe { is_string(p).then(|| to_string(p)) }
}

/// A new immutable string.
pub fn new_string(s: &str) -> Ref {
    from_units(s.encode_utf16().collect(), false)
}

/// A new string over UTF-16 units.
pub fn from_units(units: Vec<u16>, mutable: bool) -> Ref {
    alloc(
        &STRING_CLASS,
        StrBody {
            mutable,
            data: UnsafeCell::new(StrData::new(units)),
        },
    )
}

/// The mutable data of a mutable string (stops the program otherwise).
unsafe fn mutable_data<'a>(p: Ref, func: &str) -> &'a mut Vec<u16> {
    // SAFETY: `p` is a CF object; CF mutable strings are not thread-safe.
    unsafe {
        let o: &Obj<StrBody> = expect(p, &STRING_CLASS, func);
        if !o.body.mutable {
            base::fatal(&format!("{func}: the string is immutable"));
        }
        &mut (*o.body.data.get()).units
    }
}

/// Recomputes the cached C string after a mutation.
unsafe fn mutated(p: Ref) {
    // SAFETY: `p` is a heap string.
    unsafe {
        if let Some(o) = base::cast::<StrBody>(p, &STRING_CLASS) {
            (*o.body.data.get()).refresh();
        }
    }
}

/// Clamps a CF range to `len` (CF asserts ranges are in bounds; an
/// out-of-range request stops the program like CF's assertion).
fn range_of(r: CFRange, len: usize, func: &str) -> core::ops::Range<usize> {
    if r.location < 0 || r.length < 0 || (r.location + r.length) as usize > len {
        base::fatal(&format!(
            "{func}: range {{{}, {}}} out of bounds; string length {len}",
            r.location, r.length
        ));
    }
    r.location as usize..(r.location + r.length) as usize
}

// --- creation ----------------------------------------------------------------

unsafe fn bytes_arg<'a>(bytes: *const u8, n: CFIndex) -> &'a [u8] {
    if bytes.is_null() || n <= 0 {
        return &[];
    }
    // SAFETY: the program passes `n` readable bytes.
    unsafe { core::slice::from_raw_parts(bytes, n as usize) }
}

unsafe extern "C" fn create_with_bytes(
    _a: Ref,
    bytes: *const u8,
    n: CFIndex,
    e: u32,
    external: Boolean,
) -> Ref {
    // SAFETY: the program passes `n` bytes.
    match enc::decode(unsafe { bytes_arg(bytes, n) }, e, external != 0) {
        Some(u) => from_units(u, false),
        None => core::ptr::null(),
    }
}

/// The bytes are copied, then given back to `dealloc` at once (the caller
/// handed them over and may not touch them again, so when CF frees them
/// makes no difference to it).
unsafe extern "C" fn create_with_bytes_no_copy(
    a: Ref,
    bytes: *const u8,
    n: CFIndex,
    e: u32,
    external: Boolean,
    dealloc: Ref,
) -> Ref {
    // SAFETY: as for `CFStringCreateWithBytes`; `bytes` belong to `dealloc`
    // once a string is made.
    unsafe {
        let s = create_with_bytes(a, bytes, n, e, external);
        if !s.is_null() {
            base::dealloc_with(dealloc, bytes as *mut c_void);
        }
        s
    }
}

unsafe extern "C" fn create_with_c_string(a: Ref, s: *const c_char, e: u32) -> Ref {
    if s.is_null() {
        return core::ptr::null();
    }
    // SAFETY: a NUL-terminated string.
    let n = unsafe { libc::strlen(s) } as CFIndex;
    // SAFETY: `n` bytes at `s`.
    unsafe { create_with_bytes(a, s.cast(), n, e, 0) }
}

unsafe extern "C" fn create_with_c_string_no_copy(
    a: Ref,
    s: *const c_char,
    e: u32,
    dealloc: Ref,
) -> Ref {
    // SAFETY: as above; the bytes belong to `dealloc` once a string is made.
    unsafe {
        let r = create_with_c_string(a, s, e);
        if !r.is_null() {
            base::dealloc_with(dealloc, s as *mut c_void);
        }
        r
    }
}

unsafe extern "C" fn create_with_characters(_a: Ref, chars: *const u16, n: CFIndex) -> Ref {
    let v = if chars.is_null() || n <= 0 {
        Vec::new()
    } else {
        // SAFETY: `n` units at `chars`.
        unsafe { core::slice::from_raw_parts(chars, n as usize) }.to_vec()
    };
    from_units(v, false)
}

unsafe extern "C" fn create_with_characters_no_copy(
    a: Ref,
    chars: *const u16,
    n: CFIndex,
    dealloc: Ref,
) -> Ref {
    // SAFETY: as above; the units belong to `dealloc`.
    unsafe {
        let r = create_with_characters(a, chars, n);
        base::dealloc_with(dealloc, chars as *mut c_void);
        r
    }
}

unsafe extern "C" fn create_copy(_a: Ref, s: Ref) -> Ref {
    check(s, "CFStringCreateCopy");
    // SAFETY: a string.
    unsafe {
        if core::ptr::eq(base::class_of(s), &CONST_STRING_CLASS) {
            return s;
        }
        from_units(units(s).into_owned(), false)
    }
}

unsafe extern "C" fn create_with_substring(_a: Ref, s: Ref, r: CFRange) -> Ref {
    check(s, "CFStringCreateWithSubstring");
    // SAFETY: a string.
    let u = unsafe { units(s) };
    let r = range_of(r, u.len(), "CFStringCreateWithSubstring");
    from_units(u[r].to_vec(), false)
}

unsafe extern "C" fn create_mutable(_a: Ref, _max: CFIndex) -> Ref {
    from_units(Vec::new(), true)
}

unsafe extern "C" fn create_mutable_copy(_a: Ref, _max: CFIndex, s: Ref) -> Ref {
    check(s, "CFStringCreateMutableCopy");
    // SAFETY: a string.
    from_units(unsafe { units(s) }.into_owned(), true)
}

unsafe extern "C" fn create_from_external_representation(a: Ref, data: Ref, e: u32) -> Ref {
    // SAFETY: `data` is a CFData.
    unsafe {
        let b = super::data::bytes(data, "CFStringCreateFromExternalRepresentation");
        create_with_bytes(a, b.as_ptr(), b.len() as CFIndex, e, 1)
    }
}

// --- access ----------------------------------------------------------------

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_STRING
}

unsafe extern "C" fn get_length(s: Ref) -> CFIndex {
    check(s, "CFStringGetLength");
    // SAFETY: a string.
    unsafe {
        if core::ptr::eq(base::class_of(s), &CONST_STRING_CLASS) {
            return (*(s as *const ConstStr)).len;
        }
        units(s).len() as CFIndex
    }
}

unsafe extern "C" fn get_character_at_index(s: Ref, i: CFIndex) -> u16 {
    check(s, "CFStringGetCharacterAtIndex");
    // SAFETY: a string.
    let u = unsafe { units(s) };
    let r = range_of(
        CFRange {
            location: i,
            length: 1,
        },
        u.len(),
        "CFStringGetCharacterAtIndex",
    );
    u[r.start]
}

unsafe extern "C" fn get_characters(s: Ref, r: CFRange, out: *mut u16) {
    check(s, "CFStringGetCharacters");
    // SAFETY: a string; `out` holds `r.length` units.
    unsafe {
        let u = units(s);
        let r = range_of(r, u.len(), "CFStringGetCharacters");
        core::ptr::copy_nonoverlapping(u[r.clone()].as_ptr(), out, r.len());
    }
}

/// Internal UTF-16 storage when the string has it (NULL for 8-bit
/// constant strings, which CF also may answer NULL for).
unsafe extern "C" fn get_characters_ptr(s: Ref) -> *const u16 {
    check(s, "CFStringGetCharactersPtr");
    // SAFETY: a string.
    match unsafe { units(s) } {
        Cow::Borrowed(b) => b.as_ptr(),
        Cow::Owned(_) => core::ptr::null(),
    }
}

/// Internal C string when the contents are ASCII and `e` is an ASCII
/// superset (else NULL, which callers must handle, per `CFString.h`).
unsafe extern "C" fn get_c_string_ptr(s: Ref, e: u32) -> *const c_char {
    check(s, "CFStringGetCStringPtr");
    if !enc::ascii_superset(e) {
        return core::ptr::null();
    }
    // SAFETY: a string of one of the two classes.
    unsafe {
        if let Some(o) = base::cast::<StrBody>(s, &STRING_CLASS) {
            return match &(*o.body.data.get()).cstr {
                Some(c) => c.as_ptr().cast(),
                None => core::ptr::null(),
            };
        }
        let c = &*(s as *const ConstStr);
        if c.flags & CONST_FLAG_UTF16 == 0 {
            let b = core::slice::from_raw_parts(c.ptr, c.len.max(0) as usize);
            if b.iter().all(|&x| (1..0x80).contains(&x)) {
                return c.ptr.cast();
            }
        }
        core::ptr::null()
    }
}

unsafe extern "C" fn get_c_string(s: Ref, buf: *mut c_char, size: CFIndex, e: u32) -> Boolean {
    check(s, "CFStringGetCString");
    if buf.is_null() || size <= 0 {
        return 0;
    }
    // SAFETY: a string; `buf` holds `size` bytes.
    unsafe {
        let u = units(s);
        let out = core::slice::from_raw_parts_mut(buf as *mut u8, size as usize - 1);
        let r = enc::encode(&u, e, 0, false, Some(out));
        if r.units != u.len() {
            *buf = 0;
            return 0;
        }
        *buf.add(r.bytes) = 0;
        1
    }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn get_bytes(
    s: Ref,
    r: CFRange,
    e: u32,
    loss: u8,
    external: Boolean,
    buf: *mut u8,
    max: CFIndex,
    used: *mut CFIndex,
) -> CFIndex {
    check(s, "CFStringGetBytes");
    // SAFETY: a string; `buf` (if any) holds `max` bytes.
    unsafe {
        let u = units(s);
        let r = range_of(r, u.len(), "CFStringGetBytes");
        let out =
            (!buf.is_null()).then(|| core::slice::from_raw_parts_mut(buf, max.max(0) as usize));
        let res = enc::encode(&u[r], e, loss, external != 0, out);
        if !used.is_null() {
            *used = res.bytes as CFIndex;
        }
        res.units as CFIndex
    }
}

unsafe extern "C" fn create_external_representation(_a: Ref, s: Ref, e: u32, loss: u8) -> Ref {
    check(s, "CFStringCreateExternalRepresentation");
    // SAFETY: a string.
    let u = unsafe { units(s) };
    let need = enc::encode(&u, e, loss, true, None);
    if need.units != u.len() {
        return core::ptr::null();
    }
    let mut v = vec![0u8; need.bytes];
    enc::encode(&u, e, loss, true, Some(&mut v));
    super::data::new_data(v)
}

unsafe extern "C" fn get_maximum_size_for_encoding(len: CFIndex, e: u32) -> CFIndex {
    enc::max_size(len, e)
}

/// `CFStringGetSystemEncoding`: MacRoman, the system encoding of an
/// English-language macOS.
unsafe extern "C" fn get_system_encoding() -> u32 {
    enc::MAC_ROMAN
}

unsafe extern "C" fn is_encoding_available(e: u32) -> Boolean {
    enc::available(e) as Boolean
}

unsafe extern "C" fn has_prefix(s: Ref, p: Ref) -> Boolean {
    check(s, "CFStringHasPrefix");
    check(p, "CFStringHasPrefix");
    // SAFETY: strings.
    unsafe { units(s).starts_with(&units(p)) as Boolean }
}

unsafe extern "C" fn has_suffix(s: Ref, p: Ref) -> Boolean {
    check(s, "CFStringHasSuffix");
    check(p, "CFStringHasSuffix");
    // SAFETY: strings.
    unsafe { units(s).ends_with(&units(p)) as Boolean }
}

// --- mutation ----------------------------------------------------------------

unsafe extern "C" fn append(s: Ref, other: Ref) {
    check(other, "CFStringAppend");
    // SAFETY: a mutable string and a string.
    unsafe {
        let add = units(other).into_owned();
        mutable_data(s, "CFStringAppend").extend_from_slice(&add);
        mutated(s);
    }
}

unsafe extern "C" fn append_characters(s: Ref, chars: *const u16, n: CFIndex) {
    // SAFETY: a mutable string; `n` units at `chars`.
    unsafe {
        if !chars.is_null() && n > 0 {
            let add = core::slice::from_raw_parts(chars, n as usize);
            mutable_data(s, "CFStringAppendCharacters").extend_from_slice(add);
        }
        mutated(s);
    }
}

unsafe extern "C" fn append_c_string(s: Ref, c: *const c_char, e: u32) {
    if c.is_null() {
        return;
    }
    // SAFETY: a mutable string; a NUL-terminated string.
    unsafe {
        let b = core::ffi::CStr::from_ptr(c).to_bytes();
        if let Some(add) = enc::decode(b, e, false) {
            mutable_data(s, "CFStringAppendCString").extend_from_slice(&add);
            mutated(s);
        }
    }
}

/// `CFStringNormalize`: forms D 0, KD 1, C 2, KC 3 (`CFString.h`).
unsafe extern "C" fn normalize(s: Ref, form: CFIndex) {
    use unicode_normalization::UnicodeNormalization;
    // SAFETY: a mutable string.
    unsafe {
        let v = mutable_data(s, "CFStringNormalize");
        let chars = || char::decode_utf16(v.iter().copied()).map(|c| c.unwrap_or('\u{FFFD}'));
        let out: String = match form {
            0 => chars().nfd().collect(),
            1 => chars().nfkd().collect(),
            2 => chars().nfc().collect(),
            3 => chars().nfkc().collect(),
            _ => return,
        };
        *v = out.encode_utf16().collect();
        mutated(s);
    }
}

// --- comparison ----------------------------------------------------------------

const COMPARE_CASE_INSENSITIVE: usize = 1;
const COMPARE_NONLITERAL: usize = 16;
const COMPARE_NUMERICALLY: usize = 64;
const COMPARE_DIACRITIC_INSENSITIVE: usize = 128;
const COMPARE_WIDTH_INSENSITIVE: usize = 256;
const COMPARE_FORCED_ORDERING: usize = 512;

/// The comparison key of a string under `CFStringCompareFlags`.
fn compare_key(u: &[u16], flags: usize) -> Vec<u16> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    if flags
        & (COMPARE_CASE_INSENSITIVE
            | COMPARE_NONLITERAL
            | COMPARE_DIACRITIC_INSENSITIVE
            | COMPARE_WIDTH_INSENSITIVE)
        == 0
    {
        return u.to_vec();
    }
    let mut chars: Vec<char> = char::decode_utf16(u.iter().copied())
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect();
    if flags & (COMPARE_NONLITERAL | COMPARE_DIACRITIC_INSENSITIVE) != 0 {
        chars = chars.into_iter().nfd().collect();
    }
    if flags & COMPARE_DIACRITIC_INSENSITIVE != 0 {
        chars.retain(|&c| !is_combining_mark(c));
    }
    if flags & COMPARE_WIDTH_INSENSITIVE != 0 {
        for c in chars.iter_mut() {
            // Fullwidth ASCII forms (U+FF01..U+FF5E) are ASCII shifted.
            if ('\u{FF01}'..='\u{FF5E}').contains(c) {
                *c = char::from_u32(*c as u32 - 0xFF01 + 0x21).unwrap_or(*c);
            }
        }
    }
    if flags & COMPARE_CASE_INSENSITIVE != 0 {
        chars = chars.into_iter().flat_map(|c| c.to_lowercase()).collect();
    }
    let mut out = Vec::with_capacity(chars.len());
    for c in chars {
        let mut b = [0u16; 2];
        out.extend_from_slice(c.encode_utf16(&mut b));
    }
    out
}

fn is_digit(u: u16) -> bool {
    (b'0' as u16..=b'9' as u16).contains(&u)
}

/// Orders two keys, runs of ASCII digits by value with `numeric`.
fn order(a: &[u16], b: &[u16], numeric: bool) -> core::cmp::Ordering {
    use core::cmp::Ordering;
    if !numeric {
        return a.cmp(b);
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if is_digit(a[i]) && is_digit(b[j]) {
            let si = i;
            while i < a.len() && is_digit(a[i]) {
                i += 1;
            }
            let sj = j;
            while j < b.len() && is_digit(b[j]) {
                j += 1;
            }
            let na = &a[si..i];
            let nb = &b[sj..j];
            let ta = &na[na
                .iter()
                .position(|&d| d != b'0' as u16)
                .unwrap_or(na.len())..];
            let tb = &nb[nb
                .iter()
                .position(|&d| d != b'0' as u16)
                .unwrap_or(nb.len())..];
            let o = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
            if o != Ordering::Equal {
                return o;
            }
            continue;
        }
        match a[i].cmp(&b[j]) {
            Ordering::Equal => {
                i += 1;
                j += 1;
            }
            o => return o,
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

/// `CFStringCompare` on UTF-16 units (`kCFCompareLocalized` compares as
/// the root locale would not know better: literally).
pub fn compare_units(a: &[u16], b: &[u16], flags: usize) -> CFIndex {
    let o = order(
        &compare_key(a, flags),
        &compare_key(b, flags),
        flags & COMPARE_NUMERICALLY != 0,
    );
    let o = if o == core::cmp::Ordering::Equal && flags & COMPARE_FORCED_ORDERING != 0 {
        a.cmp(b)
    } else {
        o
    };
    o as CFIndex
}

unsafe extern "C" fn compare(a: Ref, b: Ref, flags: usize) -> CFIndex {
    check(a, "CFStringCompare");
    check(b, "CFStringCompare");
    // SAFETY: strings.
    unsafe { compare_units(&units(a), &units(b), flags) }
}

unsafe extern "C" fn compare_with_options(a: Ref, b: Ref, r: CFRange, flags: usize) -> CFIndex {
    check(a, "CFStringCompareWithOptions");
    check(b, "CFStringCompareWithOptions");
    // SAFETY: strings.
    unsafe {
        let ua = units(a);
        let r = range_of(r, ua.len(), "CFStringCompareWithOptions");
        compare_units(&ua[r], &units(b), flags)
    }
}

/// `CFStringFind`: the first (or with `kCFCompareBackwards` the last)
/// range of `needle`, or `{kCFNotFound, 0}`.
unsafe extern "C" fn find(s: Ref, needle: Ref, flags: usize) -> CFRange {
    check(s, "CFStringFind");
    check(needle, "CFStringFind");
    const BACKWARDS: usize = 4;
    const ANCHORED: usize = 8;
    // SAFETY: strings.
    let (hay, pat) = unsafe { (units(s), units(needle)) };
    let none = CFRange {
        location: NOT_FOUND,
        length: 0,
    };
    if pat.is_empty() || pat.len() > hay.len() {
        return none;
    }
    let key = |x: &[u16]| compare_key(x, flags & COMPARE_CASE_INSENSITIVE);
    let pk = key(&pat);
    let hit = |i: usize| key(&hay[i..i + pat.len()]) == pk;
    let last = hay.len() - pat.len();
    let at = if flags & BACKWARDS != 0 {
        if flags & ANCHORED != 0 {
            hit(last).then_some(last)
        } else {
            (0..=last).rev().find(|&i| hit(i))
        }
    } else if flags & ANCHORED != 0 {
        hit(0).then_some(0)
    } else {
        (0..=last).find(|&i| hit(i))
    };
    at.map_or(none, |i| CFRange {
        location: i as CFIndex,
        length: pat.len() as CFIndex,
    })
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    data "___CFConstantStringClassReference" => CONST_STRING_CLASS,
    func "_CFStringGetTypeID" => get_type_id,
    func "_CFStringCreateWithBytes" => create_with_bytes,
    func "_CFStringCreateWithBytesNoCopy" => create_with_bytes_no_copy,
    func "_CFStringCreateWithCString" => create_with_c_string,
    func "_CFStringCreateWithCStringNoCopy" => create_with_c_string_no_copy,
    func "_CFStringCreateWithCharacters" => create_with_characters,
    func "_CFStringCreateWithCharactersNoCopy" => create_with_characters_no_copy,
    func "_CFStringCreateCopy" => create_copy,
    func "_CFStringCreateWithSubstring" => create_with_substring,
    func "_CFStringCreateMutable" => create_mutable,
    func "_CFStringCreateMutableCopy" => create_mutable_copy,
    func "_CFStringCreateFromExternalRepresentation" => create_from_external_representation,
    func "_CFStringCreateExternalRepresentation" => create_external_representation,
    func "_CFStringGetLength" => get_length,
    func "_CFStringGetCharacterAtIndex" => get_character_at_index,
    func "_CFStringGetCharacters" => get_characters,
    func "_CFStringGetCharactersPtr" => get_characters_ptr,
    func "_CFStringGetCStringPtr" => get_c_string_ptr,
    func "_CFStringGetCString" => get_c_string,
    func "_CFStringGetBytes" => get_bytes,
    func "_CFStringGetMaximumSizeForEncoding" => get_maximum_size_for_encoding,
    func "_CFStringGetSystemEncoding" => get_system_encoding,
    func "_CFStringIsEncodingAvailable" => is_encoding_available,
    func "_CFStringHasPrefix" => has_prefix,
    func "_CFStringHasSuffix" => has_suffix,
    func "_CFStringAppend" => append,
    func "_CFStringAppendCharacters" => append_characters,
    func "_CFStringAppendCString" => append_c_string,
    func "_CFStringNormalize" => normalize,
    func "_CFStringCompare" => compare,
    func "_CFStringCompareWithOptions" => compare_with_options,
    func "_CFStringFind" => find,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_case() {
        let u = |s: &str| s.encode_utf16().collect::<Vec<_>>();
        assert_eq!(
            compare_units(&u("Foo2.txt"), &u("Foo25.txt"), COMPARE_NUMERICALLY),
            -1
        );
        assert_eq!(compare_units(&u("Foo7.txt"), &u("Foo25.txt"), 0), 1);
        assert_eq!(
            compare_units(&u("ABC"), &u("abc"), COMPARE_CASE_INSENSITIVE),
            0
        );
        assert_eq!(compare_units(&u("ABC"), &u("abc"), 0), -1);
        assert_eq!(
            compare_units(&u("é"), &u("e\u{301}"), COMPARE_NONLITERAL),
            0
        );
    }
}
