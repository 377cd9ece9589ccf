//! libcharset (`/usr/lib/libcharset.1.dylib`, part of Apple's GNU
//! libiconv): `locale_charset()`, the canonical name of the current
//! locale's encoding. GNU libiconv computes it on darwin from
//! `nl_langinfo(CODESET)` through the alias table `config.charset` writes
//! for darwin: a few legacy encodings keep their (renamed) identity and
//! everything else, `US-ASCII` included, is `* UTF-8`; then `localcharset.c`
//! turns "UTF-8" into "ASCII" while `MB_CUR_MAX` is 1 (its `DARWIN7` rule:
//! macOS' C locale is single-byte). So the C locale answers "ASCII".

use libc::{c_char, c_int};

/// The darwin alias table of libiconv's `config.charset`: `nl_langinfo`
/// names that keep their own encoding (all others are UTF-8).
const ALIASES: &[(&[u8], &[u8])] = &[
    (b"ISO8859-1", b"ISO-8859-1\0"),
    (b"ISO8859-2", b"ISO-8859-2\0"),
    (b"ISO8859-4", b"ISO-8859-4\0"),
    (b"ISO8859-5", b"ISO-8859-5\0"),
    (b"ISO8859-7", b"ISO-8859-7\0"),
    (b"ISO8859-9", b"ISO-8859-9\0"),
    (b"ISO8859-13", b"ISO-8859-13\0"),
    (b"ISO8859-15", b"ISO-8859-15\0"),
    (b"KOI8-R", b"KOI8-R\0"),
    (b"KOI8-U", b"KOI8-U\0"),
    (b"CP866", b"CP866\0"),
    (b"CP949", b"CP949\0"),
    (b"CP1131", b"CP1131\0"),
    (b"CP1251", b"CP1251\0"),
    (b"eucCN", b"GB2312\0"),
    (b"GB2312", b"GB2312\0"),
    (b"eucJP", b"EUC-JP\0"),
    (b"eucKR", b"EUC-KR\0"),
    (b"Big5", b"BIG5\0"),
    (b"Big5HKSCS", b"BIG5-HKSCS\0"),
    (b"GBK", b"GBK\0"),
    (b"GB18030", b"GB18030\0"),
    (b"SJIS", b"SHIFT_JIS\0"),
    (b"ARMSCII-8", b"ARMSCII-8\0"),
    (b"PT154", b"PT154\0"),
];

/// `CODESET` (`<langinfo.h>`).
const CODESET: c_int = 0;

fn langinfo_codeset() -> &'static [u8] {
    let f = crate::lookup(b"_nl_langinfo").expect("nl_langinfo is exported");
    // SAFETY: our own nl_langinfo, which returns a static C string.
    unsafe {
        let f: extern "C" fn(c_int) -> *const c_char = core::mem::transmute(f.addr());
        core::ffi::CStr::from_ptr(f(CODESET)).to_bytes_with_nul()
    }
}

fn charset(codeset: &'static [u8], mb_cur_max: c_int) -> &'static [u8] {
    let name = &codeset[..codeset.len() - 1];
    let mut cs: &'static [u8] = match ALIASES.iter().find(|(a, _)| *a == name) {
        Some((_, canon)) => canon,
        None => b"UTF-8\0",
    };
    if cs == b"UTF-8\0" && mb_cur_max <= 1 {
        cs = b"ASCII\0";
    }
    cs
}

/// `locale_charset()`: a static string.
extern "C" fn locale_charset() -> *const c_char {
    let l = crate::c::locale::current();
    charset(langinfo_codeset(), l.mb_cur_max()).as_ptr().cast()
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_locale_charset" => locale_charset,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(charset(b"UTF-8\0", 4), b"UTF-8\0");
        assert_eq!(charset(b"UTF-8\0", 1), b"ASCII\0");
        assert_eq!(charset(b"US-ASCII\0", 1), b"ASCII\0");
        assert_eq!(charset(b"\0", 1), b"ASCII\0");
        assert_eq!(charset(b"ISO8859-1\0", 1), b"ISO-8859-1\0");
    }
}
