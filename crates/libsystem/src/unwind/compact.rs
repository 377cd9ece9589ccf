//! Apple's compact unwind information (`__TEXT,__unwind_info`), x86_64.
//!
//! The unwinder we use only understands DWARF CFI, so for a function with a
//! compact encoding we write a tiny `.eh_frame` (one CIE, one FDE) whose
//! CFI says exactly what the encoding says. Layouts and bit fields are those
//! of `<mach-o/compact_unwind_encoding.h>`.

use super::cfi;
use super::UnwindImage;

/// `UNWIND_HAS_LSDA`.
const HAS_LSDA: u32 = 0x4000_0000;
/// `UNWIND_PERSONALITY_MASK`.
const PERSONALITY_MASK: u32 = 0x3000_0000;
/// `UNWIND_X86_64_MODE_MASK`.
const MODE_MASK: u32 = 0x0F00_0000;
const MODE_RBP_FRAME: u32 = 0x0100_0000;
const MODE_STACK_IMMD: u32 = 0x0200_0000;
const MODE_STACK_IND: u32 = 0x0300_0000;
const MODE_DWARF: u32 = 0x0400_0000;
/// `UNWIND_X86_64_DWARF_SECTION_OFFSET`.
const DWARF_SECTION_OFFSET: u32 = 0x00FF_FFFF;

/// DWARF register numbers (System V x86_64 psABI).
pub const DW_RBP: u8 = 6;
pub const DW_RSP: u8 = 7;
pub const DW_RA: u8 = 16;

/// `struct unwind_info_section_header` field offsets.
const HDR_PERSONALITY_OFFSET: usize = 12;
const HDR_PERSONALITY_COUNT: usize = 16;
const HDR_INDEX_OFFSET: usize = 20;
const HDR_INDEX_COUNT: usize = 24;
/// `sizeof(struct unwind_info_section_header_index_entry)`.
const INDEX_ENTRY_SIZE: usize = 12;
/// `sizeof(struct unwind_info_section_header_lsda_index_entry)`.
const LSDA_ENTRY_SIZE: usize = 8;

/// What `__unwind_info` says about one pc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A compact encoding (RBP frame or frameless).
    Compact(Entry),
    /// `UNWIND_X86_64_MODE_DWARF`: the FDE is at this offset in `__eh_frame`.
    Dwarf(usize),
    /// No usable compact encoding (0, or something we do not understand):
    /// look for an FDE in `__eh_frame`, as libunwind does.
    Unknown,
}

/// One function's compact unwind entry, with addresses made absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    pub start: usize,
    pub end: usize,
    pub encoding: u32,
    /// The personality routine (already read from its GOT slot), or 0.
    pub personality: usize,
    /// The LSDA, or 0.
    pub lsda: usize,
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    let b = d.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Looks `pc` up in `img`'s `__unwind_info`; `None` when the section is
/// missing, malformed or does not cover `pc`.
pub fn lookup(img: &UnwindImage, pc: usize) -> Option<Lookup> {
    let (addr, size) = img.unwind_info?;
    // SAFETY: the loader registered this section of a mapped image; images
    // stay mapped for the life of the process.
    let data = unsafe { core::slice::from_raw_parts(addr as *const u8, size) };
    let info = macho_unwind_info::UnwindInfo::parse(data).ok()?;
    let rel = u32::try_from(pc.checked_sub(img.header)?).ok()?;
    let f = info.lookup(rel).ok()??;
    let enc = f.opcode;
    match enc & MODE_MASK {
        MODE_RBP_FRAME | MODE_STACK_IMMD | MODE_STACK_IND => {}
        MODE_DWARF => return Some(Lookup::Dwarf((enc & DWARF_SECTION_OFFSET) as usize)),
        _ => return Some(Lookup::Unknown),
    }
    let pers_index = ((enc & PERSONALITY_MASK) >> 28) as usize;
    let personality = if pers_index == 0 {
        0
    } else {
        let arr = u32_at(data, HDR_PERSONALITY_OFFSET)? as usize;
        let count = u32_at(data, HDR_PERSONALITY_COUNT)? as usize;
        if pers_index > count {
            return Some(Lookup::Unknown);
        }
        // Each entry is the image offset of a GOT slot holding the routine.
        let slot = img.header + u32_at(data, arr + 4 * (pers_index - 1))? as usize;
        // SAFETY: the slot is a pointer-sized, bound GOT entry of the image.
        unsafe { (slot as *const usize).read_unaligned() }
    };
    let lsda = if enc & HAS_LSDA != 0 {
        find_lsda(data, f.start_address).map_or(0, |o| img.header + o as usize)
    } else {
        0
    };
    Some(Lookup::Compact(Entry {
        start: img.header + f.start_address as usize,
        end: img.header + f.end_address as usize,
        encoding: enc,
        personality,
        lsda,
    }))
}

/// The LSDA offset recorded for the function at image offset `func`: the
/// LSDA index runs from the first top-level entry's `lsdaIndexArraySectionOffset`
/// to the last (sentinel) one's, sorted by function offset.
fn find_lsda(data: &[u8], func: u32) -> Option<u32> {
    let index = u32_at(data, HDR_INDEX_OFFSET)? as usize;
    let count = u32_at(data, HDR_INDEX_COUNT)? as usize;
    if count == 0 {
        return None;
    }
    let first = u32_at(data, index + 8)? as usize;
    let last = u32_at(data, index + (count - 1) * INDEX_ENTRY_SIZE + 8)? as usize;
    let n = last.checked_sub(first)? / LSDA_ENTRY_SIZE;
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let at = first + mid * LSDA_ENTRY_SIZE;
        let f = u32_at(data, at)?;
        match f.cmp(&func) {
            core::cmp::Ordering::Equal => return u32_at(data, at + 4),
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

/// Compact register numbers (`UNWIND_X86_64_REG_*`) → DWARF numbers.
fn dwarf_reg(r: u32) -> Option<u8> {
    Some(match r {
        1 => 3,  // rbx
        2 => 12, // r12
        3 => 13, // r13
        4 => 14, // r14
        5 => 15, // r15
        6 => DW_RBP,
        _ => return None,
    })
}

/// Decodes the frameless register permutation (a Lehmer code: digit `i`
/// picks among the `6 - i` registers not yet chosen, in numeric order) into
/// the compact numbers of the `count` saved registers, in stack order
/// (lowest address first).
pub fn decode_permutation(count: u32, mut perm: u32) -> Option<Vec<u32>> {
    if count > 6 {
        return None;
    }
    let mut digits = [0u32; 6];
    for i in (0..count as usize).rev() {
        let radix = 6 - i as u32;
        digits[i] = perm % radix;
        perm /= radix;
    }
    if perm != 0 {
        return None;
    }
    let mut free: Vec<u32> = (1..=6).collect();
    Some(
        digits[..count as usize]
            .iter()
            .map(|&d| free.remove(d as usize))
            .collect(),
    )
}

/// The unwind rule a compact encoding describes: CFA = `reg` + `offset`,
/// and where (CFA-relative) each saved register lives.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub cfa_reg: u8,
    pub cfa_offset: u64,
    /// (DWARF register, offset from the CFA), the return address included.
    pub saved: Vec<(u8, i64)>,
}

/// Translates `e.encoding` into a [`Rule`] the way Apple's libunwind applies
/// it; `None` for an encoding that makes no sense.
pub fn rule(e: &Entry) -> Option<Rule> {
    let enc = e.encoding;
    let mut saved = vec![(DW_RA, -8)];
    match enc & MODE_MASK {
        MODE_RBP_FRAME => {
            // rbp points at the saved rbp, just below the return address;
            // the registers sit `8 * offset` bytes below rbp, slot i at
            // rbp - 8 * (offset - i).
            let offset = i64::from((enc >> 16) & 0xFF);
            saved.push((DW_RBP, -16));
            for i in 0..5 {
                let r = (enc >> (3 * i)) & 7;
                if r == 0 {
                    continue;
                }
                let reg = dwarf_reg(r)?;
                let slot = offset - i64::from(i);
                if slot <= 0 {
                    return None;
                }
                saved.push((reg, -16 - 8 * slot));
            }
            Some(Rule {
                cfa_reg: DW_RBP,
                cfa_offset: 16,
                saved,
            })
        }
        MODE_STACK_IMMD | MODE_STACK_IND => {
            let size = if enc & MODE_MASK == MODE_STACK_IMMD {
                u64::from((enc >> 16) & 0xFF) * 8
            } else {
                // The stack size is the immediate of the prologue's
                // `sub $imm32, %rsp`, at this offset into the function,
                // plus 8 per pushed word (return address included).
                let at = e.start.checked_add(((enc >> 16) & 0xFF) as usize)?;
                if at.checked_add(4)? > e.end {
                    return None;
                }
                // SAFETY: `at..at+4` lies inside the function's code, which
                // is mapped and readable.
                let imm = unsafe { (at as *const u32).read_unaligned() };
                u64::from(imm) + u64::from((enc >> 13) & 7) * 8
            };
            let count = (enc >> 10) & 7;
            let regs = decode_permutation(count, enc & 0x3FF)?;
            if size < 8 * (u64::from(count) + 1) {
                return None;
            }
            // The registers were pushed right after the return address:
            // the first one in stack order is the deepest.
            let mut off = -8 - 8 * i64::from(count);
            for r in regs {
                saved.push((dwarf_reg(r)?, off));
                off += 8;
            }
            Some(Rule {
                cfa_reg: DW_RSP,
                cfa_offset: size,
                saved,
            })
        }
        _ => None,
    }
}

/// A standalone `.eh_frame` (CIE, FDE, terminator) for `e`, preceded by a
/// one-row `.eh_frame_hdr`; see [`cfi::build`].
pub fn synthesize(e: &Entry) -> Option<&'static [u8]> {
    let r = rule(e)?;
    let mut ins = Vec::new();
    cfi::def_cfa(&mut ins, r.cfa_reg, r.cfa_offset);
    for (reg, off) in &r.saved {
        cfi::offset(&mut ins, *reg, *off)?;
    }
    Some(cfi::build(&cfi::Fde {
        start: e.start,
        len: e.end.checked_sub(e.start)?,
        personality: e.personality,
        lsda: e.lsda,
        instructions: &ins,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(encoding: u32) -> Entry {
        Entry {
            start: 0x1000,
            end: 0x1100,
            encoding,
            personality: 0,
            lsda: 0,
        }
    }

    #[test]
    fn permutation_round_trips() {
        // Header example: registers pushed rbx, r12 (count 2) -> 5*a + b
        // with a = index of rbx among 1..=6 (0), b = r12 among the rest (0).
        assert_eq!(decode_permutation(2, 0), Some(vec![1, 2]));
        assert_eq!(decode_permutation(1, 5), Some(vec![6]));
        // 6 registers, reversed order: rbp r15 r14 r13 r12 rbx.
        assert_eq!(
            decode_permutation(6, 5 * 120 + 4 * 24 + 3 * 6 + 2 * 2 + 1),
            Some(vec![6, 5, 4, 3, 2, 1])
        );
        assert_eq!(decode_permutation(1, 6), None);
        assert_eq!(decode_permutation(7, 0), None);
    }

    #[test]
    fn rbp_frame_rule() {
        // 0x010558d1 from a real image: offset 5, slots rbx r12 r13 r14 r15
        // (bits 0-2 = 1 rbx ... 12-14 = 5 r15).
        let r = rule(&entry(0x0105_58d1)).unwrap();
        assert_eq!((r.cfa_reg, r.cfa_offset), (DW_RBP, 16));
        assert_eq!(
            r.saved,
            vec![
                (DW_RA, -8),
                (DW_RBP, -16),
                (3, -56),
                (12, -48),
                (13, -40),
                (14, -32),
                (15, -24)
            ]
        );
        // A register slot above rbp is nonsense.
        assert_eq!(rule(&entry(0x0100_0001)), None);
    }

    #[test]
    fn frameless_rule() {
        // stack 4*8 = 32 bytes, 2 registers: rbx then r12 in stack order.
        let r = rule(&entry(0x0204_0800)).unwrap();
        assert_eq!((r.cfa_reg, r.cfa_offset), (DW_RSP, 32));
        assert_eq!(r.saved, vec![(DW_RA, -8), (3, -24), (12, -16)]);
        // Too small for the registers it claims to hold.
        assert_eq!(rule(&entry(0x0201_0800)), None);
    }
}
