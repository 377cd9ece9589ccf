//! `iconv_open`, `iconv`, `iconv_close` (macOS' `/usr/lib/libiconv.2.dylib`,
//! also under the GNU `libiconv*` names): our own converters between
//! Unicode code points and UTF-8, UTF-16, UTF-32 (UCS-2 and UCS-4 too, each
//! with or without an endianness; plain ones read a BOM and default to big
//! endian, and write big endian after a BOM), `WCHAR_T` (darwin's 32-bit
//! native `wchar_t`), ISO-8859-1 and US-ASCII. A `//TRANSLIT` target
//! writes `?` for what it cannot represent (counted as an irreversible
//! conversion), `//IGNORE` drops it. Errors are darwin's: `E2BIG`, `EINVAL`
//! (incomplete input, unknown encoding), `EILSEQ` (92).

use crate::c::locale::EILSEQ;
use crate::errno::darwin;
use libc::{c_char, c_int, c_void, size_t};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Enc {
    Utf8,
    /// UTF-16 or UCS-2; `None`: byte order from a BOM (input) or big
    /// endian with a BOM (output).
    Utf16(Option<bool>),
    Utf32(Option<bool>),
    Latin1,
    Ascii,
}

/// Parses an encoding name (case and `-`/`_` ignored).
fn parse(name: &[u8]) -> Option<Enc> {
    let n: Vec<u8> = name
        .iter()
        .filter(|&&c| c != b'-' && c != b'_')
        .map(u8::to_ascii_uppercase)
        .collect();
    Some(match &n[..] {
        b"UTF8" => Enc::Utf8,
        b"UTF16" | b"UCS2" => Enc::Utf16(None),
        b"UTF16LE" | b"UCS2LE" | b"UCS2INTERNAL" => Enc::Utf16(Some(true)),
        b"UTF16BE" | b"UCS2BE" => Enc::Utf16(Some(false)),
        b"UTF32" | b"UCS4" => Enc::Utf32(None),
        b"UTF32LE" | b"UCS4LE" | b"WCHART" | b"UCS4INTERNAL" => Enc::Utf32(Some(true)),
        b"UTF32BE" | b"UCS4BE" => Enc::Utf32(Some(false)),
        b"ISO88591" | b"LATIN1" | b"L1" | b"ISO885911987" | b"CP819" | b"IBM819" => Enc::Latin1,
        b"ASCII" | b"USASCII" | b"ANSIX3.41968" | b"646" | b"US" | b"ISO646US" => Enc::Ascii,
        _ => return None,
    })
}

/// What to do with a character the target cannot represent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fallback {
    Fail,
    Translit,
    Ignore,
}

/// A conversion descriptor.
struct Conv {
    from: Enc,
    to: Enc,
    fallback: Fallback,
    /// Input byte order once a BOM said (for `Utf16(None)`/`Utf32(None)`).
    in_le: Option<bool>,
    /// Whether the output BOM was written.
    bom_done: bool,
}

enum Decoded {
    Char(u32, usize),
    /// A byte-order mark read at the start: no character.
    Bom(usize),
    Incomplete,
    Invalid,
}

impl Conv {
    fn decode(&mut self, s: &[u8]) -> Decoded {
        match self.from {
            Enc::Utf8 => {
                let b = s[0];
                let (len, min) = match b {
                    0x00..=0x7f => return Decoded::Char(b as u32, 1),
                    0xc2..=0xdf => (2, 0x80),
                    0xe0..=0xef => (3, 0x800),
                    0xf0..=0xf4 => (4, 0x1_0000),
                    _ => return Decoded::Invalid,
                };
                let mut c = (b as u32) & (0x7f >> len);
                for i in 1..len {
                    let Some(&x) = s.get(i) else {
                        return Decoded::Incomplete;
                    };
                    if x & 0xc0 != 0x80 {
                        return Decoded::Invalid;
                    }
                    c = (c << 6) | (x & 0x3f) as u32;
                }
                if c < min || c > 0x10_ffff || (0xd800..0xe000).contains(&c) {
                    return Decoded::Invalid;
                }
                Decoded::Char(c, len)
            }
            Enc::Utf16(order) => {
                let le = match order.or(self.in_le) {
                    Some(le) => le,
                    None => {
                        if s.len() < 2 {
                            return Decoded::Incomplete;
                        }
                        match (s[0], s[1]) {
                            (0xfe, 0xff) => {
                                self.in_le = Some(false);
                                return Decoded::Bom(2);
                            }
                            (0xff, 0xfe) => {
                                self.in_le = Some(true);
                                return Decoded::Bom(2);
                            }
                            _ => self.in_le = Some(false),
                        }
                        false
                    }
                };
                let unit = |i: usize| -> Option<u32> {
                    let b = s.get(i..i + 2)?;
                    Some(if le {
                        u16::from_le_bytes([b[0], b[1]])
                    } else {
                        u16::from_be_bytes([b[0], b[1]])
                    } as u32)
                };
                let Some(u) = unit(0) else {
                    return Decoded::Incomplete;
                };
                match u {
                    0xd800..=0xdbff => match unit(2) {
                        None => Decoded::Incomplete,
                        Some(l @ 0xdc00..=0xdfff) => {
                            Decoded::Char(0x1_0000 + ((u - 0xd800) << 10) + (l - 0xdc00), 4)
                        }
                        Some(_) => Decoded::Invalid,
                    },
                    0xdc00..=0xdfff => Decoded::Invalid,
                    _ => Decoded::Char(u, 2),
                }
            }
            Enc::Utf32(order) => {
                let le = match order.or(self.in_le) {
                    Some(le) => le,
                    None => {
                        if s.len() < 4 {
                            return Decoded::Incomplete;
                        }
                        match s[..4] {
                            [0, 0, 0xfe, 0xff] => {
                                self.in_le = Some(false);
                                return Decoded::Bom(4);
                            }
                            [0xff, 0xfe, 0, 0] => {
                                self.in_le = Some(true);
                                return Decoded::Bom(4);
                            }
                            _ => self.in_le = Some(false),
                        }
                        false
                    }
                };
                let Some(b) = s.get(..4) else {
                    return Decoded::Incomplete;
                };
                let c = if le {
                    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
                } else {
                    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
                };
                if c > 0x10_ffff || (0xd800..0xe000).contains(&c) {
                    return Decoded::Invalid;
                }
                Decoded::Char(c, 4)
            }
            Enc::Latin1 => Decoded::Char(s[0] as u32, 1),
            Enc::Ascii => {
                if s[0] < 0x80 {
                    Decoded::Char(s[0] as u32, 1)
                } else {
                    Decoded::Invalid
                }
            }
        }
    }

    /// Encodes `c` into `out`; `None` when the target cannot represent it.
    fn encode(&self, c: u32, out: &mut Vec<u8>) -> Option<()> {
        match self.to {
            Enc::Utf8 => {
                let ch = char::from_u32(c)?;
                let mut b = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
            }
            Enc::Utf16(order) => {
                let le = order.unwrap_or(false);
                let ch = char::from_u32(c)?;
                let mut u = [0u16; 2];
                for &x in ch.encode_utf16(&mut u).iter() {
                    out.extend_from_slice(&if le { x.to_le_bytes() } else { x.to_be_bytes() });
                }
            }
            Enc::Utf32(order) => {
                let le = order.unwrap_or(false);
                out.extend_from_slice(&if le { c.to_le_bytes() } else { c.to_be_bytes() });
            }
            Enc::Latin1 => out.push(u8::try_from(c).ok()?),
            Enc::Ascii => out.push(u8::try_from(c).ok().filter(|&b| b < 0x80)?),
        }
        Some(())
    }

    /// The BOM a plain UTF-16/UTF-32 output starts with.
    fn bom(&self) -> &'static [u8] {
        match self.to {
            Enc::Utf16(None) => &[0xfe, 0xff],
            Enc::Utf32(None) => &[0, 0, 0xfe, 0xff],
            _ => &[],
        }
    }
}

/// `E2BIG` (7 on both systems).
const E2BIG: c_int = 7;
/// `(iconv_t)-1`.
const INVALID: *mut c_void = usize::MAX as *mut c_void;

/// Splits `NAME//TRANSLIT//IGNORE` suffixes off a name.
fn suffixes(name: &[u8]) -> (&[u8], Fallback) {
    let end = name.iter().position(|&c| c == b'/').unwrap_or(name.len());
    let mut fb = Fallback::Fail;
    for p in name[end..].split(|&c| c == b'/').filter(|p| !p.is_empty()) {
        if p.eq_ignore_ascii_case(b"TRANSLIT") {
            fb = Fallback::Translit;
        } else if p.eq_ignore_ascii_case(b"IGNORE") && fb == Fallback::Fail {
            fb = Fallback::Ignore;
        }
    }
    (&name[..end], fb)
}

/// `iconv_open(to, from)`.
///
/// # Safety
/// Both are C strings.
unsafe extern "C" fn iconv_open(to: *const c_char, from: *const c_char) -> *mut c_void {
    if to.is_null() || from.is_null() {
        crate::errno::set(darwin::EINVAL);
        return INVALID;
    }
    // SAFETY: the caller's C strings.
    let (to, from) = unsafe {
        (
            core::ffi::CStr::from_ptr(to).to_bytes(),
            core::ffi::CStr::from_ptr(from).to_bytes(),
        )
    };
    let (to_name, fallback) = suffixes(to);
    let (from_name, _) = suffixes(from);
    match (parse(to_name), parse(from_name)) {
        (Some(to), Some(from)) => Box::into_raw(Box::new(Conv {
            from,
            to,
            fallback,
            in_le: None,
            bom_done: false,
        }))
        .cast(),
        _ => {
            crate::errno::set(darwin::EINVAL);
            INVALID
        }
    }
}

/// `iconv_close(cd)`.
///
/// # Safety
/// `cd` comes from `iconv_open`.
unsafe extern "C" fn iconv_close(cd: *mut c_void) -> c_int {
    if cd.is_null() || cd == INVALID {
        crate::errno::set(darwin::EBADF);
        return -1;
    }
    // SAFETY: a descriptor from iconv_open, closed once.
    drop(unsafe { Box::from_raw(cd as *mut Conv) });
    0
}

/// `iconv(cd, &in, &inleft, &out, &outleft)`: converts as much as fits;
/// the number of irreversible conversions, or -1 with errno E2BIG,
/// EILSEQ or EINVAL (the pointers then stop before the offending input).
///
/// # Safety
/// The pointers follow the C contract.
unsafe extern "C" fn iconv(
    cd: *mut c_void,
    inbuf: *mut *mut c_char,
    inleft: *mut size_t,
    outbuf: *mut *mut c_char,
    outleft: *mut size_t,
) -> size_t {
    if cd.is_null() || cd == INVALID {
        crate::errno::set(darwin::EBADF);
        return usize::MAX;
    }
    // SAFETY: a live descriptor from iconv_open.
    let cv = unsafe { &mut *(cd as *mut Conv) };
    // SAFETY: the caller's pointers, checked for NULL where C allows it.
    unsafe {
        if inbuf.is_null() || (*inbuf).is_null() {
            // Back to the initial state (our encodings have no shift
            // sequences to write).
            cv.in_le = None;
            cv.bom_done = false;
            return 0;
        }
        let input = core::slice::from_raw_parts((*inbuf).cast::<u8>(), *inleft);
        let room = *outleft;
        let mut out = Vec::with_capacity(room.min(4096));
        let mut pos = 0;
        let mut irreversible = 0usize;
        let mut err = 0;
        if !cv.bom_done && !input.is_empty() {
            let bom = cv.bom();
            if bom.len() > room {
                err = E2BIG;
            } else {
                out.extend_from_slice(bom);
                cv.bom_done = true;
            }
        }
        while err == 0 && pos < input.len() {
            let (c, used) = match cv.decode(&input[pos..]) {
                Decoded::Char(c, n) => (c, n),
                Decoded::Bom(n) => {
                    pos += n;
                    continue;
                }
                Decoded::Incomplete => {
                    err = darwin::EINVAL;
                    break;
                }
                Decoded::Invalid => {
                    err = EILSEQ;
                    break;
                }
            };
            let mark = out.len();
            if cv.encode(c, &mut out).is_none() {
                match cv.fallback {
                    Fallback::Fail => {
                        err = EILSEQ;
                        break;
                    }
                    Fallback::Translit => {
                        cv.encode(u32::from(b'?'), &mut out);
                        irreversible += 1;
                    }
                    Fallback::Ignore => {}
                }
            }
            if out.len() > room {
                out.truncate(mark);
                err = E2BIG;
                break;
            }
            pos += used;
        }
        core::ptr::copy_nonoverlapping(out.as_ptr(), (*outbuf).cast::<u8>(), out.len());
        *outbuf = (*outbuf).add(out.len());
        *outleft -= out.len();
        *inbuf = (*inbuf).add(pos);
        *inleft -= pos;
        if err != 0 {
            crate::errno::set(err);
            return usize::MAX;
        }
        irreversible
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_iconv_open" => iconv_open,
    func "_iconv" => iconv,
    func "_iconv_close" => iconv_close,
    func "_libiconv_open" => iconv_open,
    func "_libiconv" => iconv,
    func "_libiconv_close" => iconv_close,
};
