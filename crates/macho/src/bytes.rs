//! Bounds-checked little helpers for reading untrusted bytes: every read is
//! an `Option`, so a short or lying file can never cause a panic.

use crate::Error;

/// Builds a [`Error::Malformed`].
pub(crate) fn malformed(what: impl Into<String>) -> Error {
    Error::Malformed(what.into())
}

/// Turns a failed bounds-checked read into a [`Error::Malformed`].
pub(crate) trait OrMalformed<T> {
    fn or_malformed(self, what: &str) -> Result<T, Error>;
}

impl<T> OrMalformed<T> for Option<T> {
    fn or_malformed(self, what: &str) -> Result<T, Error> {
        self.ok_or_else(|| malformed(what))
    }
}

fn array_at<const N: usize>(data: &[u8], off: usize) -> Option<[u8; N]> {
    let end = off.checked_add(N)?;
    data.get(off..end)?.try_into().ok()
}

pub(crate) fn u8_at(data: &[u8], off: usize) -> Option<u8> {
    data.get(off).copied()
}

pub(crate) fn u16_at(data: &[u8], off: usize) -> Option<u16> {
    array_at(data, off).map(u16::from_le_bytes)
}

pub(crate) fn u32_at(data: &[u8], off: usize) -> Option<u32> {
    array_at(data, off).map(u32::from_le_bytes)
}

pub(crate) fn u64_at(data: &[u8], off: usize) -> Option<u64> {
    array_at(data, off).map(u64::from_le_bytes)
}

pub(crate) fn be_u32_at(data: &[u8], off: usize) -> Option<u32> {
    array_at(data, off).map(u32::from_be_bytes)
}

pub(crate) fn be_u64_at(data: &[u8], off: usize) -> Option<u64> {
    array_at(data, off).map(u64::from_be_bytes)
}

/// `data[off..off + len]` with 64-bit file offsets, `None` if out of range.
pub(crate) fn range(data: &[u8], off: u64, len: u64) -> Option<&[u8]> {
    let start = usize::try_from(off).ok()?;
    let len = usize::try_from(len).ok()?;
    data.get(start..start.checked_add(len)?)
}

/// The NUL-terminated string starting at `off` (without the NUL); `None`
/// when `off` is out of range or no NUL follows within `data`.
pub(crate) fn cstr_at(data: &[u8], off: usize) -> Option<&[u8]> {
    let rest = data.get(off..)?;
    let len = rest.iter().position(|&b| b == 0)?;
    rest.get(..len)
}

/// A fixed 16-byte Mach-O name (segment/section), up to its first NUL.
pub(crate) fn fixed_name(raw: &[u8]) -> String {
    let len = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
    String::from_utf8_lossy(&raw[..len]).into_owned()
}

/// Reads a ULEB128 at `*pos`, advancing it; `None` on truncation or when the
/// value does not fit in 64 bits.
pub(crate) fn uleb(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value: u64 = 0;
    let mut shift = 0u32;
    loop {
        let byte = *data.get(*pos)?;
        *pos += 1;
        let bits = u64::from(byte & 0x7f);
        if shift < 64 {
            let shifted = bits << shift;
            if shifted >> shift != bits {
                return None;
            }
            value |= shifted;
        } else if bits != 0 {
            return None;
        }
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift = shift.saturating_add(7);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uleb_decodes_and_rejects_overflow() {
        let mut pos = 0;
        assert_eq!(uleb(&[0xe5, 0x8e, 0x26], &mut pos), Some(624_485));
        assert_eq!(pos, 3);
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(uleb(&max, &mut 0), Some(u64::MAX));
        let over = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(uleb(&over, &mut 0), None);
        assert_eq!(uleb(&[0x80, 0x80], &mut 0), None);
        // Long runs of continuation bytes end, they do not loop forever.
        assert_eq!(uleb(&[0x80; 100], &mut 0), None);
    }

    #[test]
    fn cstr_needs_nul() {
        assert_eq!(cstr_at(b"ab\0c", 0), Some(&b"ab"[..]));
        assert_eq!(cstr_at(b"ab\0c", 3), None);
        assert_eq!(cstr_at(b"ab", 9), None);
    }
}
