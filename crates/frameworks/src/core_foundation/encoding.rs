//! `CFStringEncoding` conversions between bytes and UTF-16 units.
//!
//! Values from `CFString.h`: MacRoman 0, WindowsLatin1 0x0500, ISOLatin1
//! 0x0201, ASCII 0x0600, UTF-16 0x0100 (host order unless a BOM says
//! otherwise), UTF8 0x08000100, UTF16BE/LE 0x10000100/0x14000100,
//! UTF32 0x0c000100, UTF32BE/LE 0x18000100/0x1c000100. Other encodings are
//! unavailable here (creation returns NULL, conversion converts nothing),
//! as for any encoding `CFStringIsEncodingAvailable` denies.
//!
//! The MacRoman and Windows-1252 upper halves are the Unicode Consortium's
//! vendor mapping tables (Apple's ROMAN.TXT, Microsoft's CP1252.TXT).

pub const MAC_ROMAN: u32 = 0;
pub const WINDOWS_LATIN1: u32 = 0x0500;
pub const ISO_LATIN1: u32 = 0x0201;
pub const NEXTSTEP_LATIN: u32 = 0x0B01;
pub const ASCII: u32 = 0x0600;
pub const UTF16: u32 = 0x0100;
pub const UTF8: u32 = 0x0800_0100;
pub const UTF16BE: u32 = 0x1000_0100;
pub const UTF16LE: u32 = 0x1400_0100;
pub const UTF32: u32 = 0x0c00_0100;
pub const UTF32BE: u32 = 0x1800_0100;
pub const UTF32LE: u32 = 0x1c00_0100;

/// Whether we convert `enc`.
pub fn available(enc: u32) -> bool {
    matches!(
        enc,
        MAC_ROMAN
            | WINDOWS_LATIN1
            | ISO_LATIN1
            | ASCII
            | UTF16
            | UTF8
            | UTF16BE
            | UTF16LE
            | UTF32
            | UTF32BE
            | UTF32LE
    )
}

/// Whether `enc` stores ASCII as the same single bytes.
pub fn ascii_superset(enc: u32) -> bool {
    matches!(enc, MAC_ROMAN | WINDOWS_LATIN1 | ISO_LATIN1 | ASCII | UTF8)
}

/// The table of a single-byte encoding's upper half.
fn high_table(enc: u32) -> Option<&'static [u16; 128]> {
    match enc {
        MAC_ROMAN => Some(&MAC_ROMAN_HIGH),
        WINDOWS_LATIN1 => Some(&WINDOWS_1252_HIGH),
        _ => None,
    }
}

/// Decodes `bytes` to UTF-16; None when they are not valid in `enc`.
/// `external`: the bytes may start with a byte-order mark (for unmarked
/// UTF-16/32, whose default is then big-endian, as CF reads files).
pub fn decode(bytes: &[u8], enc: u32, external: bool) -> Option<Vec<u16>> {
    match enc {
        UTF8 => {
            let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            Some(core::str::from_utf8(b).ok()?.encode_utf16().collect())
        }
        ASCII | ISO_LATIN1 => Some(bytes.iter().map(|&b| b as u16).collect()),
        MAC_ROMAN | WINDOWS_LATIN1 => {
            let t = high_table(enc)?;
            bytes
                .iter()
                .map(|&b| {
                    if b < 0x80 {
                        Some(b as u16)
                    } else {
                        Some(t[b as usize - 0x80]).filter(|&u| u != 0)
                    }
                })
                .collect()
        }
        UTF16 | UTF16BE | UTF16LE => {
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let mut units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let swap = match enc {
                UTF16BE => true,
                UTF16LE => false,
                _ if external => match units.first() {
                    Some(0xFEFF) => {
                        units.remove(0);
                        false
                    }
                    Some(0xFFFE) => {
                        units.remove(0);
                        true
                    }
                    _ => true,
                },
                _ => false,
            };
            if swap {
                units.iter_mut().for_each(|u| *u = u.swap_bytes());
            }
            Some(units)
        }
        UTF32 | UTF32BE | UTF32LE => {
            if !bytes.len().is_multiple_of(4) {
                return None;
            }
            let mut cps: Vec<u32> = bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            let swap = match enc {
                UTF32BE => true,
                UTF32LE => false,
                _ if external => match cps.first() {
                    Some(0xFEFF) => {
                        cps.remove(0);
                        false
                    }
                    Some(0xFFFE_0000) => {
                        cps.remove(0);
                        true
                    }
                    _ => true,
                },
                _ => false,
            };
            let mut out = Vec::with_capacity(cps.len());
            for mut c in cps {
                if swap {
                    c = c.swap_bytes();
                }
                let ch = char::from_u32(c)?;
                let mut buf = [0u16; 2];
                out.extend_from_slice(ch.encode_utf16(&mut buf));
            }
            Some(out)
        }
        _ => None,
    }
}

/// One character's bytes in a single-byte encoding.
fn encode_single(enc: u32, c: u32) -> Option<u8> {
    if c < 0x80 {
        return Some(c as u8);
    }
    match enc {
        ASCII => None,
        ISO_LATIN1 => (c < 0x100).then_some(c as u8),
        _ => {
            let t = high_table(enc)?;
            t.iter()
                .position(|&u| u as u32 == c)
                .map(|i| (i + 0x80) as u8)
        }
    }
}

/// Result of [`encode`].
pub struct Encoded {
    /// UTF-16 units consumed.
    pub units: usize,
    /// Bytes produced (or needed, without a buffer).
    pub bytes: usize,
}

/// Encodes `units` like `CFStringGetBytes`: stops at the first character
/// that does not fit in `buf` (when given) or cannot be represented
/// (unless `loss` is non-zero, which then stands in for it). `external`
/// prefixes a BOM for unmarked UTF-16/32.
pub fn encode(
    units: &[u16],
    enc: u32,
    loss: u8,
    external: bool,
    mut buf: Option<&mut [u8]>,
) -> Encoded {
    let mut out = Encoded { units: 0, bytes: 0 };
    let mut put = |bytes: &[u8], out: &mut Encoded| -> bool {
        if let Some(b) = buf.as_deref_mut() {
            if out.bytes + bytes.len() > b.len() {
                return false;
            }
            b[out.bytes..out.bytes + bytes.len()].copy_from_slice(bytes);
        }
        out.bytes += bytes.len();
        true
    };
    if !available(enc) {
        return out;
    }
    if external && enc == UTF16 && !put(&0xFEFFu16.to_le_bytes(), &mut out) {
        return out;
    }
    if external && enc == UTF32 && !put(&0xFEFFu32.to_le_bytes(), &mut out) {
        return out;
    }
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        // A whole character: a surrogate pair, or one unit.
        let (cp, n) = if (0xD800..0xDC00).contains(&u)
            && i + 1 < units.len()
            && (0xDC00..0xE000).contains(&units[i + 1])
        {
            (
                0x10000 + (((u as u32) - 0xD800) << 10) + (units[i + 1] as u32 - 0xDC00),
                2,
            )
        } else {
            (u as u32, 1)
        };
        let lone_surrogate = (0xD800..0xE000).contains(&cp);
        let mut tmp = [0u8; 4];
        let bytes: Option<&[u8]> = match enc {
            UTF16 | UTF16LE => {
                tmp[..2].copy_from_slice(&u.to_le_bytes());
                Some(&tmp[..2])
            }
            UTF16BE => {
                tmp[..2].copy_from_slice(&u.to_be_bytes());
                Some(&tmp[..2])
            }
            UTF8 if !lone_surrogate => {
                char::from_u32(cp).map(|c| c.encode_utf8(&mut tmp).as_bytes())
            }
            UTF32 | UTF32LE if !lone_surrogate => {
                tmp.copy_from_slice(&cp.to_le_bytes());
                Some(&tmp[..])
            }
            UTF32BE if !lone_surrogate => {
                tmp.copy_from_slice(&cp.to_be_bytes());
                Some(&tmp[..])
            }
            UTF8 | UTF32 | UTF32LE | UTF32BE => None,
            _ => encode_single(enc, cp).map(|b| {
                tmp[0] = b;
                &tmp[..1]
            }),
        };
        // UTF-16 encodes unit by unit.
        let n = if matches!(enc, UTF16 | UTF16LE | UTF16BE) {
            1
        } else {
            n
        };
        let lossy;
        let bytes = match bytes {
            Some(b) => b,
            None if loss != 0 => {
                lossy = match enc {
                    UTF32 | UTF32LE => (loss as u32).to_le_bytes(),
                    UTF32BE => (loss as u32).to_be_bytes(),
                    _ => [loss, 0, 0, 0],
                };
                if matches!(enc, UTF32 | UTF32LE | UTF32BE) {
                    &lossy[..]
                } else {
                    &lossy[..1]
                }
            }
            None => break,
        };
        if !put(bytes, &mut out) {
            break;
        }
        out.units += n;
        i += n;
    }
    out
}

/// `CFStringGetMaximumSizeForEncoding`: worst-case bytes for `len` UTF-16
/// units (3 per unit in UTF-8, as a BMP character takes at most 3 bytes
/// and a surrogate pair's 4 bytes span 2 units).
pub fn max_size(len: isize, enc: u32) -> isize {
    let per = match enc {
        UTF8 => 3,
        UTF16 | UTF16BE | UTF16LE => 2,
        UTF32 | UTF32BE | UTF32LE => 4,
        e if available(e) => 1,
        _ => return -1,
    };
    len.checked_mul(per).unwrap_or(-1)
}
pub(crate) static MAC_ROMAN_HIGH: [u16; 128] = [
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3,
    0x00E5, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3,
    0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA,
    0x00BA, 0x03A9, 0x00E6, 0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013, 0x2014, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE,
    0x00CF, 0x00CC, 0x00D3, 0x00D4, 0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
];
pub(crate) static WINDOWS_1252_HIGH: [u16; 128] = [
    0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x0000, 0x017D, 0x0000, 0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3,
    0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB,
    0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF, 0x00D0, 0x00D1, 0x00D2, 0x00D3,
    0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB,
    0x00EC, 0x00ED, 0x00EE, 0x00EF, 0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
];
