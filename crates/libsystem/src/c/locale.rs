//! Locales: `setlocale`, the POSIX 2008 / xlocale objects (`newlocale`,
//! `duplocale`, `freelocale`, `uselocale`, `querylocale`), `localeconv`,
//! `nl_langinfo`, for the locales we have data for.
//!
//! darwin loads each category from `/usr/share/locale/NAME/LC_*`; we have
//! no such files, so the set of names is fixed here:
//!
//! - `"C"` and `"POSIX"` everywhere (the name is kept as given, as darwin
//!   does: `setlocale(LC_ALL, "POSIX")` answers `"POSIX"`);
//! - `"C.<anything>"` for every category but `LC_CTYPE` means the C data
//!   (Libc `lnumeric.c` & co. test `strncmp(name, "C.", 2)`), and
//!   `"C.UTF-8"` gives the UTF-8 `LC_CTYPE` (macOS 15 ships that locale);
//! - `"UTF-8"`, for `LC_CTYPE` only (macOS has only `UTF-8/LC_CTYPE`, so
//!   `setlocale(LC_ALL, "UTF-8")` fails there too);
//! - `"ll_TT.UTF-8"` for `LC_CTYPE` and `LC_COLLATE` (every macOS UTF-8
//!   locale shares the UTF-8 ctype; collation is by code point, which for
//!   UTF-8 is byte order);
//! - `"en_US.UTF-8"` for every category, with the numeric, monetary, time
//!   and messages data of FreeBSD's `share/*def/en_US.*.src`, the source of
//!   macOS' own locale files.
//!
//! Any other name fails (NULL, nothing changed), as for a locale that is
//! not installed. What a UTF-8 `LC_CTYPE` changes: the multibyte functions
//! (`wchar.rs`), `MB_CUR_MAX` (4, Libc `utf8.c`), the wide and the
//! above-ASCII character classes (`ctype.rs`), `%lc`/`%ls` in printf.
//!
//! A `locale_t` is a pointer to a [`Locale`]; `LC_GLOBAL_LOCALE` is
//! `(locale_t)-1` and `NULL` (`LC_C_LOCALE`) stands for the C locale in
//! every `*_l` function. Each thread may select one with `uselocale`.

use core::cell::{Cell, UnsafeCell};
use core::ptr::null_mut;
use core::sync::atomic::{AtomicUsize, Ordering};
use libc::{c_char, c_int, c_void};
use std::sync::Mutex;

// darwin `<locale.h>` categories.
pub const LC_ALL: c_int = 0;
pub const LC_COLLATE: c_int = 1;
pub const LC_CTYPE: c_int = 2;
pub const LC_MONETARY: c_int = 3;
pub const LC_NUMERIC: c_int = 4;
pub const LC_TIME: c_int = 5;
pub const LC_MESSAGES: c_int = 6;
/// `_LC_LAST`.
const NCAT: usize = 7;

// darwin `<_locale_posix2008.h>` masks (a different order from the
// category numbers).
pub const LC_COLLATE_MASK: c_int = 1 << 0;
pub const LC_CTYPE_MASK: c_int = 1 << 1;
pub const LC_MESSAGES_MASK: c_int = 1 << 2;
pub const LC_MONETARY_MASK: c_int = 1 << 3;
pub const LC_NUMERIC_MASK: c_int = 1 << 4;
pub const LC_TIME_MASK: c_int = 1 << 5;
pub const LC_ALL_MASK: c_int = 0x3f;

/// `LC_GLOBAL_LOCALE`.
pub const GLOBAL: *mut c_void = usize::MAX as *mut c_void;

/// The category a mask bit stands for (bit order of `LC_*_MASK`).
const MASK_CATS: [c_int; 6] = [
    LC_COLLATE,
    LC_CTYPE,
    LC_MESSAGES,
    LC_MONETARY,
    LC_NUMERIC,
    LC_TIME,
];

const CATEGORY_ENV: [&str; NCAT] = [
    "LC_ALL",
    "LC_COLLATE",
    "LC_CTYPE",
    "LC_MONETARY",
    "LC_NUMERIC",
    "LC_TIME",
    "LC_MESSAGES",
];

/// `ENCODING_LEN` in Libc: the longest name a category accepts.
const NAME_MAX: usize = 31;

/// darwin `EILSEQ` (used by the conversion modules).
pub const EILSEQ: c_int = 92;
const ENOENT: c_int = 2;

/// `CHAR_MAX`: "not available" in `struct lconv`.
const NA: c_char = 127;

/// Which data a category uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Data {
    /// The C / POSIX data.
    C,
    /// The UTF-8 `LC_CTYPE`.
    Utf8,
    /// `en_US` numeric, monetary, time or messages data.
    EnUs,
}

/// One category's name and data.
#[derive(Clone, Copy)]
struct Cat {
    name: [u8; NAME_MAX + 1],
    data: Data,
}

impl Cat {
    const C: Cat = Cat {
        name: *b"C\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
        data: Data::C,
    };
    fn name(&self) -> &[u8] {
        let n = self.name.iter().position(|&b| b == 0).unwrap_or(NAME_MAX);
        &self.name[..n]
    }
}

/// darwin `struct lconv` (`<_locale.h>`); the `int_*` characters are in a
/// different order from glibc's.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Lconv {
    pub decimal_point: *const c_char,
    pub thousands_sep: *const c_char,
    pub grouping: *const c_char,
    pub int_curr_symbol: *const c_char,
    pub currency_symbol: *const c_char,
    pub mon_decimal_point: *const c_char,
    pub mon_thousands_sep: *const c_char,
    pub mon_grouping: *const c_char,
    pub positive_sign: *const c_char,
    pub negative_sign: *const c_char,
    pub int_frac_digits: c_char,
    pub frac_digits: c_char,
    pub p_cs_precedes: c_char,
    pub p_sep_by_space: c_char,
    pub n_cs_precedes: c_char,
    pub n_sep_by_space: c_char,
    pub p_sign_posn: c_char,
    pub n_sign_posn: c_char,
    pub int_p_cs_precedes: c_char,
    pub int_n_cs_precedes: c_char,
    pub int_p_sep_by_space: c_char,
    pub int_n_sep_by_space: c_char,
    pub int_p_sign_posn: c_char,
    pub int_n_sign_posn: c_char,
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<Lconv>() == 96);
    assert!(offset_of!(Lconv, negative_sign) == 72);
    assert!(offset_of!(Lconv, int_frac_digits) == 80);
    assert!(offset_of!(Lconv, n_sign_posn) == 87);
    assert!(offset_of!(Lconv, int_p_cs_precedes) == 88);
    assert!(offset_of!(Lconv, int_n_cs_precedes) == 89);
    assert!(offset_of!(Lconv, int_p_sep_by_space) == 90);
    assert!(offset_of!(Lconv, int_n_sign_posn) == 93);
};

/// `LC_NUMERIC` data: decimal point, thousands separator, grouping.
pub struct Numeric {
    pub decimal_point: &'static [u8],
    pub thousands_sep: &'static [u8],
    pub grouping: &'static [u8],
}

const C_NUMERIC: Numeric = Numeric {
    decimal_point: b".\0",
    thousands_sep: b"\0",
    grouping: b"\0",
};
/// FreeBSD `share/numericdef/en_US.ISO8859-1.src`: `.`, `,`, `3;3`.
const EN_NUMERIC: Numeric = Numeric {
    decimal_point: b".\0",
    thousands_sep: b",\0",
    grouping: b"\x03\x03\0",
};

/// `LC_MONETARY` strings and the fourteen characters of `struct lconv`
/// (in darwin's order).
struct Monetary {
    strs: [&'static [u8]; 7],
    chars: [c_char; 14],
}

const C_MONETARY: Monetary = Monetary {
    strs: [b"\0"; 7],
    chars: [NA; 14],
};
/// FreeBSD `share/monetdef/en_US.ISO8859-1.src`; the `int_*` values
/// default to the national ones (Libc `lmonetary.c`).
const EN_MONETARY: Monetary = Monetary {
    strs: [
        b"USD \0",
        b"$\0",
        b".\0",
        b",\0",
        b"\x03\x03\0",
        b"\0",
        b"-\0",
    ],
    chars: [2, 2, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1],
};

/// `LC_TIME` data as `nl_langinfo` reports it.
struct Time {
    mon: [&'static [u8]; 12],
    month: [&'static [u8]; 12],
    wday: [&'static [u8]; 7],
    weekday: [&'static [u8]; 7],
    x_fmt_time: &'static [u8],
    x_fmt_date: &'static [u8],
    c_fmt: &'static [u8],
    am: &'static [u8],
    pm: &'static [u8],
    md_order: &'static [u8],
    ampm_fmt: &'static [u8],
}

const MON: [&[u8]; 12] = [
    b"Jan\0", b"Feb\0", b"Mar\0", b"Apr\0", b"May\0", b"Jun\0", b"Jul\0", b"Aug\0", b"Sep\0",
    b"Oct\0", b"Nov\0", b"Dec\0",
];
const MONTH: [&[u8]; 12] = [
    b"January\0",
    b"February\0",
    b"March\0",
    b"April\0",
    b"May\0",
    b"June\0",
    b"July\0",
    b"August\0",
    b"September\0",
    b"October\0",
    b"November\0",
    b"December\0",
];
const WDAY: [&[u8]; 7] = [
    b"Sun\0", b"Mon\0", b"Tue\0", b"Wed\0", b"Thu\0", b"Fri\0", b"Sat\0",
];
const WEEKDAY: [&[u8]; 7] = [
    b"Sunday\0",
    b"Monday\0",
    b"Tuesday\0",
    b"Wednesday\0",
    b"Thursday\0",
    b"Friday\0",
    b"Saturday\0",
];

/// Libc `stdtime/FreeBSD/timelocal.c`'s C locale.
const C_TIME: Time = Time {
    mon: MON,
    month: MONTH,
    wday: WDAY,
    weekday: WEEKDAY,
    x_fmt_time: b"%H:%M:%S\0",
    x_fmt_date: b"%m/%d/%y\0",
    c_fmt: b"%a %b %e %H:%M:%S %Y\0",
    am: b"AM\0",
    pm: b"PM\0",
    md_order: b"md\0",
    ampm_fmt: b"%I:%M:%S %p\0",
};
/// FreeBSD `share/timedef/en_US.ISO8859-1.src`.
const EN_TIME: Time = Time {
    mon: MON,
    month: MONTH,
    wday: WDAY,
    weekday: WEEKDAY,
    x_fmt_time: b"%H:%M:%S\0",
    x_fmt_date: b"%m/%d/%Y\0",
    c_fmt: b"%a %b %e %X %Y\0",
    am: b"AM\0",
    pm: b"PM\0",
    md_order: b"md\0",
    ampm_fmt: b"%I:%M:%S %p\0",
};

/// `LC_MESSAGES`: yesexpr, noexpr, yesstr, nostr (empty: the C value).
struct Messages([&'static [u8]; 4]);
const C_MESSAGES: Messages = Messages([b"^[yY]\0", b"^[nN]\0", b"yes\0", b"no\0"]);
/// FreeBSD `share/msgdef/en_US.ISO8859-1.src` (no yesstr/nostr).
const EN_MESSAGES: Messages = Messages([b"^[yYsS].*\0", b"^[nN].*\0", b"\0", b"\0"]);

const MAGIC: u64 = u64::from_le_bytes(*b"CvdLocal");

/// A locale object (`struct _xlocale`, opaque to programs).
pub struct Locale {
    magic: u64,
    /// References: the program's own plus one per thread using it.
    refs: AtomicUsize,
    /// Indexed by darwin category number (slot 0 unused).
    cats: [Cat; NCAT],
    lconv: UnsafeCell<Lconv>,
}

// SAFETY: a locale is only modified by its creator before it is shared
// (newlocale) or under the global lock (setlocale on the global one);
// `lconv` is rebuilt from immutable data.
unsafe impl Sync for Locale {}

impl Locale {
    const fn c() -> Locale {
        Locale {
            magic: MAGIC,
            refs: AtomicUsize::new(1),
            cats: [Cat::C; NCAT],
            lconv: UnsafeCell::new(Lconv {
                decimal_point: c".".as_ptr(),
                thousands_sep: c"".as_ptr(),
                grouping: c"".as_ptr(),
                int_curr_symbol: c"".as_ptr(),
                currency_symbol: c"".as_ptr(),
                mon_decimal_point: c"".as_ptr(),
                mon_thousands_sep: c"".as_ptr(),
                mon_grouping: c"".as_ptr(),
                positive_sign: c"".as_ptr(),
                negative_sign: c"".as_ptr(),
                int_frac_digits: NA,
                frac_digits: NA,
                p_cs_precedes: NA,
                p_sep_by_space: NA,
                n_cs_precedes: NA,
                n_sep_by_space: NA,
                p_sign_posn: NA,
                n_sign_posn: NA,
                int_p_cs_precedes: NA,
                int_n_cs_precedes: NA,
                int_p_sep_by_space: NA,
                int_n_sep_by_space: NA,
                int_p_sign_posn: NA,
                int_n_sign_posn: NA,
            }),
        }
    }

    fn copy(&self) -> Locale {
        Locale {
            magic: MAGIC,
            refs: AtomicUsize::new(1),
            cats: self.cats,
            // SAFETY: reading a plain struct of pointers to static data.
            lconv: UnsafeCell::new(unsafe { *self.lconv.get() }),
        }
    }

    /// Whether `LC_CTYPE` is UTF-8.
    pub fn utf8(&self) -> bool {
        self.cats[LC_CTYPE as usize].data == Data::Utf8
    }

    /// `MB_CUR_MAX`: 4 for UTF-8 (Libc `utf8.c`), else 1.
    pub fn mb_cur_max(&self) -> c_int {
        if self.utf8() {
            4
        } else {
            1
        }
    }

    /// The name of category `cat` (an `LC_*` below `LC_ALL`'s count), as
    /// `querylocale` reports it.
    pub fn category_name(&self, cat: c_int) -> &[u8] {
        self.cats[cat as usize].name()
    }

    pub fn numeric(&self) -> &'static Numeric {
        match self.cats[LC_NUMERIC as usize].data {
            Data::EnUs => &EN_NUMERIC,
            _ => &C_NUMERIC,
        }
    }

    fn monetary(&self) -> &'static Monetary {
        match self.cats[LC_MONETARY as usize].data {
            Data::EnUs => &EN_MONETARY,
            _ => &C_MONETARY,
        }
    }

    fn time(&self) -> &'static Time {
        match self.cats[LC_TIME as usize].data {
            Data::EnUs => &EN_TIME,
            _ => &C_TIME,
        }
    }

    fn messages(&self) -> &'static Messages {
        match self.cats[LC_MESSAGES as usize].data {
            Data::EnUs => &EN_MESSAGES,
            _ => &C_MESSAGES,
        }
    }

    /// Rebuilds the `struct lconv` from the numeric and monetary data.
    fn refresh_lconv(&self) {
        let n = self.numeric();
        let m = self.monetary();
        let s = |b: &'static [u8]| b.as_ptr().cast::<c_char>();
        let c = m.chars;
        let l = Lconv {
            decimal_point: s(n.decimal_point),
            thousands_sep: s(n.thousands_sep),
            grouping: s(n.grouping),
            int_curr_symbol: s(m.strs[0]),
            currency_symbol: s(m.strs[1]),
            mon_decimal_point: s(m.strs[2]),
            mon_thousands_sep: s(m.strs[3]),
            mon_grouping: s(m.strs[4]),
            positive_sign: s(m.strs[5]),
            negative_sign: s(m.strs[6]),
            int_frac_digits: c[0],
            frac_digits: c[1],
            p_cs_precedes: c[2],
            p_sep_by_space: c[3],
            n_cs_precedes: c[4],
            n_sep_by_space: c[5],
            p_sign_posn: c[6],
            n_sign_posn: c[7],
            int_p_cs_precedes: c[8],
            int_n_cs_precedes: c[9],
            int_p_sep_by_space: c[10],
            int_n_sep_by_space: c[11],
            int_p_sign_posn: c[12],
            int_n_sign_posn: c[13],
        };
        // SAFETY: the struct is only replaced by whoever may modify this
        // locale (see the `Sync` impl); readers get whole pointers.
        unsafe { *self.lconv.get() = l };
    }
}

/// The data `name` gives category `cat`, or `None` when we have none.
fn lookup(cat: c_int, name: &[u8]) -> Option<Data> {
    if name.is_empty() || name.len() > NAME_MAX || name.contains(&b'/') {
        return None;
    }
    if name == b"C" || name == b"POSIX" {
        return Some(Data::C);
    }
    let utf8 = |enc: &[u8]| enc.eq_ignore_ascii_case(b"UTF-8") || enc.eq_ignore_ascii_case(b"utf8");
    if let Some(enc) = name.strip_prefix(b"C.") {
        return match cat {
            LC_CTYPE if utf8(enc) => Some(Data::Utf8),
            LC_CTYPE => None,
            _ => Some(Data::C),
        };
    }
    if name == b"UTF-8" {
        return (cat == LC_CTYPE).then_some(Data::Utf8);
    }
    // ll_TT.UTF-8
    let (lang, enc) = split_at_byte(name, b'.')?;
    if enc != b"UTF-8" {
        return None;
    }
    let (l, t) = split_at_byte(lang, b'_')?;
    let well_formed = (2..=3).contains(&l.len())
        && l.iter().all(u8::is_ascii_lowercase)
        && t.len() == 2
        && t.iter().all(u8::is_ascii_uppercase);
    if !well_formed {
        return None;
    }
    match cat {
        LC_CTYPE => Some(Data::Utf8),
        LC_COLLATE => Some(Data::C),
        _ if lang == b"en_US" => Some(Data::EnUs),
        _ => None,
    }
}

fn split_at_byte(s: &[u8], b: u8) -> Option<(&[u8], &[u8])> {
    let i = s.iter().position(|&c| c == b)?;
    Some((&s[..i], &s[i + 1..]))
}

/// The name `""` stands for category `cat`: `LC_ALL`, then `LC_<cat>`,
/// then `LANG`, then `"C"` (Libc `__get_locale_env`).
fn env_name(cat: c_int) -> Vec<u8> {
    for var in [CATEGORY_ENV[0], CATEGORY_ENV[cat as usize], "LANG"] {
        let key = std::ffi::CString::new(var).expect("no NUL in names");
        // SAFETY: getenv with a C string; the value is copied at once.
        let v = unsafe { libc::getenv(key.as_ptr()) };
        if !v.is_null() {
            // SAFETY: getenv returned a C string.
            let b = unsafe { core::ffi::CStr::from_ptr(v) }.to_bytes();
            if !b.is_empty() {
                return b.to_vec();
            }
        }
    }
    b"C".to_vec()
}

/// Sets category `cat` of `loc` to `name` (already resolved from `""`).
fn set_cat(loc: &mut Locale, cat: c_int, name: &[u8]) -> bool {
    match lookup(cat, name) {
        Some(data) => {
            let mut c = Cat {
                name: [0; NAME_MAX + 1],
                data,
            };
            c.name[..name.len()].copy_from_slice(name);
            loc.cats[cat as usize] = c;
            true
        }
        None => false,
    }
}

/// The process-wide locale (what `setlocale` changes).
struct GlobalLocale(UnsafeCell<Locale>);
// SAFETY: modified only under `SETLOCALE_LOCK`; see `Locale`'s `Sync`.
unsafe impl Sync for GlobalLocale {}
static GLOBAL_LOCALE: GlobalLocale = GlobalLocale(UnsafeCell::new(Locale::c()));
static SETLOCALE_LOCK: Mutex<()> = Mutex::new(());

/// The C locale object (`_c_locale` points at it).
struct CLocale(Locale);
static C_LOCALE: CLocale = CLocale(Locale::c());
// SAFETY: the C locale is never modified.
unsafe impl Sync for CLocale {}

/// `_c_locale`: a `locale_t` variable holding the C locale.
#[repr(transparent)]
pub struct LocalePtr(*const Locale);
// SAFETY: an immutable pointer to an immutable static.
unsafe impl Sync for LocalePtr {}
static C_LOCALE_PTR: LocalePtr = LocalePtr(&C_LOCALE.0);

/// The global locale.
pub fn global() -> &'static Locale {
    // SAFETY: the global locale lives forever; see `GlobalLocale`.
    unsafe { &*GLOBAL_LOCALE.0.get() }
}

/// The C locale.
pub fn c_locale() -> &'static Locale {
    &C_LOCALE.0
}

thread_local! {
    /// The thread's `uselocale` locale (NULL: the global one).
    static THREAD_LOCALE: Cell<*const Locale> = const { Cell::new(core::ptr::null()) };
}

/// The calling thread's current locale.
pub fn current() -> &'static Locale {
    let t = THREAD_LOCALE
        .try_with(Cell::get)
        .unwrap_or(core::ptr::null());
    if t.is_null() {
        global()
    } else {
        // SAFETY: a thread locale holds a reference, so it is alive.
        unsafe { &*t }
    }
}

/// The locale a `*_l` function's argument names: `NULL` is the C locale,
/// `LC_GLOBAL_LOCALE` the global one.
pub fn resolve(loc: *mut c_void) -> &'static Locale {
    if loc.is_null() {
        c_locale()
    } else if loc == GLOBAL {
        global()
    } else {
        // SAFETY: the program passes a locale_t it got from us.
        unsafe { &*(loc as *const Locale) }
    }
}

/// Runs `f` with `loc` as the thread's locale (how the `*_l` variants of
/// locale-dependent functions are built on the plain ones).
pub fn with_locale<R>(loc: *mut c_void, f: impl FnOnce() -> R) -> R {
    let l: *const Locale = resolve(loc);
    let saved = THREAD_LOCALE
        .try_with(|c| c.replace(l))
        .unwrap_or(core::ptr::null());
    let r = f();
    let _ = THREAD_LOCALE.try_with(|c| c.set(saved));
    r
}

/// Whether `p` is a locale object of ours (or one of the special values).
fn valid(p: *mut c_void) -> bool {
    if p.is_null() || p == GLOBAL {
        return true;
    }
    // SAFETY: the program passes what it got from newlocale/duplocale; a
    // wrong pointer is as undefined here as on darwin.
    unsafe { (*(p as *const Locale)).magic == MAGIC }
}

fn release(l: *const Locale) {
    if l.is_null() || core::ptr::eq(l, global()) || core::ptr::eq(l, c_locale()) {
        return;
    }
    // SAFETY: `l` is a live heap locale holding at least one reference.
    unsafe {
        if (*l).refs.fetch_sub(1, Ordering::AcqRel) == 1 {
            let mut b = Box::from_raw(l as *mut Locale);
            b.magic = 0;
        }
    }
}

fn retain(l: *const Locale) {
    if l.is_null() || core::ptr::eq(l, global()) || core::ptr::eq(l, c_locale()) {
        return;
    }
    // SAFETY: a live heap locale.
    unsafe { (*l).refs.fetch_add(1, Ordering::AcqRel) };
}

fn set_errno(e: c_int) {
    crate::errno::set(e);
}

/// The string `setlocale` returns for `LC_ALL`: one name, or darwin's
/// `a/b/c/d/e/f` list when the categories differ.
fn all_name(loc: &Locale) -> Vec<u8> {
    let first = loc.cats[1].name();
    if loc.cats[2..].iter().all(|c| c.name() == first) {
        return first.to_vec();
    }
    let mut v = first.to_vec();
    for c in &loc.cats[2..] {
        v.push(b'/');
        v.extend_from_slice(c.name());
    }
    v
}

/// Buffers for `setlocale`'s answers (valid until the next call).
struct NameBufs(UnsafeCell<[[u8; NCAT * (NAME_MAX + 2)]; NCAT]>);
// SAFETY: written under `SETLOCALE_LOCK` only.
unsafe impl Sync for NameBufs {}
static NAME_BUFS: NameBufs = NameBufs(UnsafeCell::new([[0; NCAT * (NAME_MAX + 2)]; NCAT]));

/// Copies `name` into category `cat`'s answer buffer (held lock required).
fn answer(cat: c_int, name: &[u8]) -> *mut c_char {
    // SAFETY: called with SETLOCALE_LOCK held; the buffer is ours.
    unsafe {
        let buf = &mut (*NAME_BUFS.0.get())[cat as usize];
        let n = name.len().min(buf.len() - 1);
        buf[..n].copy_from_slice(&name[..n]);
        buf[n] = 0;
        buf.as_mut_ptr().cast()
    }
}

/// The names `locale` asks for, per category 1..6, for `setlocale(cat, locale)`.
fn requested(cat: c_int, locale: &[u8], cur: &Locale) -> Option<[Vec<u8>; NCAT]> {
    let mut want: [Vec<u8>; NCAT] = core::array::from_fn(|i| cur.cats[i].name().to_vec());
    if locale.is_empty() {
        if cat == LC_ALL {
            for (i, w) in want.iter_mut().enumerate().skip(1) {
                *w = env_name(i as c_int);
            }
        } else {
            want[cat as usize] = env_name(cat);
        }
    } else if cat != LC_ALL {
        want[cat as usize] = locale.to_vec();
    } else if !locale.contains(&b'/') {
        for w in want.iter_mut().skip(1) {
            *w = locale.to_vec();
        }
    } else {
        // "a/b/c/d/e/f": one name per category; missing ones repeat the last.
        let parts: Vec<&[u8]> = locale
            .split(|&b| b == b'/')
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return None;
        }
        let last = *parts.last()?;
        for (i, w) in want.iter_mut().enumerate().skip(1) {
            *w = parts.get(i - 1).copied().unwrap_or(last).to_vec();
        }
    }
    Some(want)
}

/// `setlocale(category, locale)`.
///
/// # Safety
/// `locale` is NULL or a C string.
unsafe extern "C" fn setlocale(cat: c_int, locale: *const c_char) -> *mut c_char {
    if !(0..NCAT as c_int).contains(&cat) {
        set_errno(crate::errno::darwin::EINVAL);
        return null_mut();
    }
    let _g = SETLOCALE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the global locale is only modified under the lock we hold.
    let g = unsafe { &mut *GLOBAL_LOCALE.0.get() };
    if locale.is_null() {
        let name = if cat == LC_ALL {
            all_name(g)
        } else {
            g.cats[cat as usize].name().to_vec()
        };
        return answer(cat, &name);
    }
    // SAFETY: the caller passes a C string.
    let locale = unsafe { core::ffi::CStr::from_ptr(locale) }.to_bytes();
    let Some(want) = requested(cat, locale, g) else {
        set_errno(crate::errno::darwin::EINVAL);
        return null_mut();
    };
    let mut next = g.copy();
    let range = if cat == LC_ALL {
        1..NCAT as c_int
    } else {
        cat..cat + 1
    };
    for c in range {
        let name = &want[c as usize];
        if name.len() > NAME_MAX {
            set_errno(crate::errno::darwin::EINVAL);
            return null_mut();
        }
        if !set_cat(&mut next, c, name) {
            set_errno(ENOENT);
            return null_mut();
        }
    }
    g.cats = next.cats;
    g.refresh_lconv();
    super::ctype::set_mb_cur_max_var(g.mb_cur_max());
    let name = if cat == LC_ALL {
        all_name(g)
    } else {
        g.cats[cat as usize].name().to_vec()
    };
    answer(cat, &name)
}

/// `newlocale(mask, name, base)`: a new object (darwin never reuses
/// `base`, and starts from C when every category is named).
///
/// # Safety
/// `name` is NULL or a C string; `base` a locale_t or special value.
unsafe extern "C" fn newlocale(mask: c_int, name: *const c_char, base: *mut c_void) -> *mut c_void {
    let mask = mask & LC_ALL_MASK;
    let base = if mask == LC_ALL_MASK {
        c_locale()
    } else if !valid(base) {
        set_errno(crate::errno::darwin::EINVAL);
        return null_mut();
    } else {
        resolve(base)
    };
    let mut new = base.copy();
    if mask != 0 && !name.is_null() {
        // SAFETY: the caller passes a C string.
        let name = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
        for (bit, &cat) in MASK_CATS.iter().enumerate() {
            if mask & (1 << bit) == 0 {
                continue;
            }
            let n = if name.is_empty() {
                env_name(cat)
            } else {
                name.to_vec()
            };
            if !set_cat(&mut new, cat, &n) {
                set_errno(ENOENT);
                return null_mut();
            }
        }
    }
    new.refresh_lconv();
    Box::into_raw(Box::new(new)).cast()
}

/// `duplocale(loc)`: a copy (of the global locale for `LC_GLOBAL_LOCALE`,
/// of C for NULL).
unsafe extern "C" fn duplocale(loc: *mut c_void) -> *mut c_void {
    if !valid(loc) {
        set_errno(crate::errno::darwin::EINVAL);
        return null_mut();
    }
    let new = resolve(loc).copy();
    new.refresh_lconv();
    Box::into_raw(Box::new(new)).cast()
}

/// `freelocale(loc)`: 0, or -1/EINVAL for the special locales.
unsafe extern "C" fn freelocale(loc: *mut c_void) -> c_int {
    if loc.is_null()
        || loc == GLOBAL
        || !valid(loc)
        || core::ptr::eq(loc as *const Locale, c_locale())
        || core::ptr::eq(loc as *const Locale, global())
    {
        set_errno(crate::errno::darwin::EINVAL);
        return -1;
    }
    release(loc as *const Locale);
    0
}

/// `uselocale(loc)`: sets the thread's locale (NULL only queries) and
/// returns the previous one (`LC_GLOBAL_LOCALE` when it had none).
unsafe extern "C" fn uselocale(loc: *mut c_void) -> *mut c_void {
    let old = THREAD_LOCALE
        .try_with(Cell::get)
        .unwrap_or(core::ptr::null());
    if !loc.is_null() {
        if !valid(loc) {
            set_errno(crate::errno::darwin::EINVAL);
            return null_mut();
        }
        let new: *const Locale = if loc == GLOBAL {
            core::ptr::null()
        } else {
            loc as *const Locale
        };
        retain(new);
        let _ = THREAD_LOCALE.try_with(|c| c.set(new));
        // The previous one stays referenced by the caller's return value
        // only through its own reference, as on darwin.
        release(old);
    }
    if old.is_null() {
        GLOBAL
    } else {
        old as *mut c_void
    }
}

/// `querylocale(mask, loc)`: the name of the lowest category in `mask`.
unsafe extern "C" fn querylocale(mask: c_int, loc: *mut c_void) -> *const c_char {
    if !valid(loc) || mask & LC_ALL_MASK == 0 {
        set_errno(crate::errno::darwin::EINVAL);
        return core::ptr::null();
    }
    let l = if loc.is_null() {
        current()
    } else {
        resolve(loc)
    };
    let bit = (mask & LC_ALL_MASK).trailing_zeros() as usize;
    l.cats[MASK_CATS[bit] as usize].name.as_ptr().cast()
}

/// `localeconv()`: the current locale's numeric and monetary conventions.
extern "C" fn localeconv() -> *mut Lconv {
    current().lconv.get()
}

unsafe extern "C" fn localeconv_l(loc: *mut c_void) -> *mut Lconv {
    resolve(loc).lconv.get()
}

/// darwin `<_langinfo.h>` items.
mod item {
    pub const CODESET: i32 = 0;
    pub const D_T_FMT: i32 = 1;
    pub const D_FMT: i32 = 2;
    pub const T_FMT: i32 = 3;
    pub const T_FMT_AMPM: i32 = 4;
    pub const AM_STR: i32 = 5;
    pub const PM_STR: i32 = 6;
    pub const DAY_1: i32 = 7;
    pub const ABDAY_1: i32 = 14;
    pub const MON_1: i32 = 21;
    pub const ABMON_1: i32 = 33;
    pub const ERA: i32 = 45;
    pub const ALT_DIGITS: i32 = 49;
    pub const RADIXCHAR: i32 = 50;
    pub const THOUSEP: i32 = 51;
    pub const YESEXPR: i32 = 52;
    pub const NOEXPR: i32 = 53;
    pub const YESSTR: i32 = 54;
    pub const NOSTR: i32 = 55;
    pub const CRNCYSTR: i32 = 56;
    pub const D_MD_ORDER: i32 = 57;
}

/// `CRNCYSTR` answers for the locales we know (`-$` for en_US: the symbol
/// precedes the value).
fn crncystr(l: &Locale) -> &'static [u8] {
    match l.cats[LC_MONETARY as usize].data {
        Data::EnUs => b"-$\0",
        _ => b"\0",
    }
}

fn langinfo(it: c_int, l: &Locale) -> &'static [u8] {
    use item::*;
    let t = l.time();
    let s: &'static [u8] = match it {
        CODESET => {
            // The part after the '.', "US-ASCII" for C/POSIX (Libc nl_langinfo.c).
            let name = l.cats[LC_CTYPE as usize].name();
            if name == b"C" || name == b"POSIX" {
                b"US-ASCII\0"
            } else if l.utf8() {
                b"UTF-8\0"
            } else {
                b"\0"
            }
        }
        D_T_FMT => t.c_fmt,
        D_FMT => t.x_fmt_date,
        T_FMT => t.x_fmt_time,
        T_FMT_AMPM => t.ampm_fmt,
        AM_STR => t.am,
        PM_STR => t.pm,
        DAY_1..=13 => t.weekday[(it - DAY_1) as usize],
        ABDAY_1..=20 => t.wday[(it - ABDAY_1) as usize],
        MON_1..=32 => t.month[(it - MON_1) as usize],
        ABMON_1..=44 => t.mon[(it - ABMON_1) as usize],
        ERA..=ALT_DIGITS => b"\0",
        RADIXCHAR => l.numeric().decimal_point,
        THOUSEP => l.numeric().thousands_sep,
        YESEXPR => l.messages().0[0],
        NOEXPR => l.messages().0[1],
        YESSTR => l.messages().0[2],
        NOSTR => l.messages().0[3],
        CRNCYSTR => crncystr(l),
        D_MD_ORDER => t.md_order,
        _ => return b"\0",
    };
    // An empty answer falls back to the C locale's (Libc nl_langinfo.c).
    if s == b"\0" && it != CODESET && it != D_MD_ORDER && !core::ptr::eq(l, c_locale()) {
        return langinfo(it, c_locale());
    }
    s
}

extern "C" fn nl_langinfo(it: c_int) -> *const c_char {
    langinfo(it, current()).as_ptr().cast()
}

unsafe extern "C" fn nl_langinfo_l(it: c_int, loc: *mut c_void) -> *const c_char {
    langinfo(it, resolve(loc)).as_ptr().cast()
}

/// A UTF-8 locale of our own: the internal encoding the wide printf and
/// scanf functions use between their wide strings and the byte engines.
pub fn utf8_locale() -> &'static Locale {
    resolve(utf8_bridge())
}

/// [`utf8_locale`] as a `locale_t`.
pub fn utf8_bridge() -> *mut c_void {
    struct Bridge(Locale);
    // SAFETY: never modified after creation.
    unsafe impl Send for Bridge {}
    static BRIDGE: std::sync::OnceLock<Bridge> = std::sync::OnceLock::new();
    let b = BRIDGE.get_or_init(|| {
        let mut l = Locale::c();
        set_cat(&mut l, LC_CTYPE, b"C.UTF-8");
        Bridge(l)
    });
    &b.0 as *const Locale as *mut c_void
}

#[cfg(test)]
pub(crate) mod tests_support {
    /// A new locale with every category set to `name`.
    ///
    /// # Safety
    /// Test helper: the object is never freed.
    pub unsafe fn new(name: &core::ffi::CStr) -> *mut libc::c_void {
        // SAFETY: a valid name and base.
        unsafe { super::newlocale(super::LC_ALL_MASK, name.as_ptr(), core::ptr::null_mut()) }
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_setlocale" => setlocale,
    func "_newlocale" => newlocale,
    func "_duplocale" => duplocale,
    func "_freelocale" => freelocale,
    func "_uselocale" => uselocale,
    func "_querylocale" => querylocale,
    func "_localeconv" => localeconv,
    func "_localeconv_l" => localeconv_l,
    func "_nl_langinfo" => nl_langinfo,
    func "_nl_langinfo_l" => nl_langinfo_l,
    data "__c_locale" => C_LOCALE_PTR,
};

#[cfg(test)]
mod tests {
    use super::*;
    use core::ffi::CStr;

    fn name(p: *const c_char) -> &'static [u8] {
        // SAFETY: our functions return C strings that live long enough.
        unsafe { CStr::from_ptr(p) }.to_bytes()
    }

    #[test]
    fn lookup_names() {
        assert_eq!(lookup(LC_CTYPE, b"C"), Some(Data::C));
        assert_eq!(lookup(LC_CTYPE, b"C.UTF-8"), Some(Data::Utf8));
        assert_eq!(lookup(LC_NUMERIC, b"C.UTF-8"), Some(Data::C));
        assert_eq!(lookup(LC_CTYPE, b"UTF-8"), Some(Data::Utf8));
        assert_eq!(lookup(LC_TIME, b"UTF-8"), None);
        assert_eq!(lookup(LC_CTYPE, b"fr_FR.UTF-8"), Some(Data::Utf8));
        assert_eq!(lookup(LC_NUMERIC, b"fr_FR.UTF-8"), None);
        assert_eq!(lookup(LC_NUMERIC, b"en_US.UTF-8"), Some(Data::EnUs));
        assert_eq!(lookup(LC_CTYPE, b"xx"), None);
        assert_eq!(lookup(LC_CTYPE, b"../C"), None);
    }

    #[test]
    fn objects() {
        // SAFETY: exercising our own API with valid arguments.
        unsafe {
            let l = newlocale(LC_CTYPE_MASK, c"C.UTF-8".as_ptr(), null_mut());
            assert!(!l.is_null());
            assert!(resolve(l).utf8());
            assert_eq!(name(querylocale(LC_CTYPE_MASK, l)), b"C.UTF-8");
            assert_eq!(name(querylocale(LC_NUMERIC_MASK, l)), b"C");
            assert_eq!(name(nl_langinfo_l(item::CODESET, l)), b"UTF-8");
            let d = duplocale(l);
            assert_eq!(freelocale(l), 0);
            assert_eq!(uselocale(d), GLOBAL);
            assert!(current().utf8());
            assert_eq!(crate::c::ctype::mb_cur_max_now(), 4);
            assert_eq!(uselocale(GLOBAL), d);
            assert!(!current().utf8());
            assert_eq!(freelocale(d), 0);
            assert_eq!(freelocale(GLOBAL), -1);
            assert!(newlocale(LC_ALL_MASK, c"xx_YY.UTF-8".as_ptr(), null_mut()).is_null());
            let e = newlocale(LC_ALL_MASK, c"en_US.UTF-8".as_ptr(), null_mut());
            let lc = &*localeconv_l(e);
            assert_eq!(name(lc.thousands_sep), b",");
            assert_eq!(name(lc.currency_symbol), b"$");
            assert_eq!(lc.int_p_cs_precedes, 1);
            assert_eq!(name(nl_langinfo_l(item::YESSTR, e)), b"yes");
            assert_eq!(name(nl_langinfo_l(item::CRNCYSTR, e)), b"-$");
            assert_eq!(name(nl_langinfo_l(item::CODESET, null_mut())), b"US-ASCII");
            freelocale(e);
        }
    }

    #[test]
    fn all_names() {
        let mut l = Locale::c();
        assert_eq!(all_name(&l), b"C");
        assert!(set_cat(&mut l, LC_CTYPE, b"UTF-8"));
        assert_eq!(all_name(&l), b"C/UTF-8/C/C/C/C");
        let want = requested(LC_ALL, b"C/UTF-8/C", &l).unwrap();
        assert_eq!(want[2], b"UTF-8");
        assert_eq!(want[6], b"C");
    }
}
