//! Rebases and binds, flattened from either fixup format.

use crate::bytes::{malformed, u16_at, u32_at, u64_at, OrMalformed};
use crate::consts::*;
use crate::image::{Nlist, NLIST_SIZE};
use crate::{MachO, Result};
use object::macho::{BindDylib, DyldInfoCommand};
use object::read::macho::{BindOperation, DyldChainedFixups, DyldChainedImport};
use object::LittleEndian as LE;

/// Which image a bind's symbol comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindOrdinal {
    /// Ordinal 0: the image itself.
    SelfImage,
    /// Ordinal n >= 1: `dylibs()[n - 1]`.
    Dylib(u16),
    /// `BIND_SPECIAL_DYLIB_MAIN_EXECUTABLE` (-1).
    MainExecutable,
    /// `BIND_SPECIAL_DYLIB_FLAT_LOOKUP` (-2): search every image in load order.
    FlatLookup,
    /// `BIND_SPECIAL_DYLIB_WEAK_LOOKUP` (-3): the coalesced weak definition.
    WeakLookup,
}

/// A pointer-sized location to slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebase {
    /// Unslid vm address of the location.
    pub address: u64,
    /// `None` (dyld info): add the slide to the value already stored there.
    /// `Some(t)` (chained fixups): store `t + slide`, where `t` is the unslid
    /// vm address of the target with the chained high byte already applied
    /// to bits 56..63.
    pub target: Option<u64>,
}

/// A pointer-sized location to fill with a symbol's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bind<'a> {
    /// Unslid vm address of the location.
    pub address: u64,
    pub ordinal: BindOrdinal,
    /// Mach-O symbol name, with the leading underscore (`_printf`).
    pub symbol: &'a [u8],
    pub addend: i64,
    /// `BIND_SYMBOL_FLAGS_WEAK_IMPORT`: bind 0 when the symbol is missing.
    pub weak_import: bool,
    /// From the lazy-bind stream (we bind these eagerly).
    pub lazy: bool,
}

/// An entry of the classic weak-bind stream: either a location to point at
/// the coalesced definition of `symbol`, or (`address == None`) a marker
/// that this image holds a strong (non-weak) definition of `symbol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeakBind<'a> {
    pub address: Option<u64>,
    pub symbol: &'a [u8],
    pub addend: i64,
}

/// Every fixup of an image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixups<'a> {
    pub rebases: Vec<Rebase>,
    /// Binds (regular, lazy; for chained fixups also weak-lookup binds).
    pub binds: Vec<Bind<'a>>,
    pub weak_binds: Vec<WeakBind<'a>>,
}

// ---------------------------------------------------------------------------
// Decoding. The classic opcode streams are parsed by `object`; we add the
// segment/ordinal checks, weak-bind markers (which `object`'s decoded
// iterator drops) and the chained-fixup walk (whose page bounds `object`
// does not check and whose rebase targets it turns into offsets).

/// An `object` parse error, prefixed with the stream it came from.
fn context(what: &str, e: object::read::Error) -> crate::Error {
    malformed(format!("{what}: {e}"))
}

/// Flattens whichever fixup format `m` uses.
pub(crate) fn collect<'a>(m: &MachO<'a>) -> Result<Fixups<'a>> {
    if let Some(info) = m.dyld_info {
        classic(m, info)
    } else if let Some(blob) = m.chained_fixups {
        chained(m, blob)
    } else if m.indirect_symbols.is_some() {
        indirect(m)
    } else {
        Ok(Fixups::default())
    }
}

const S_NON_LAZY_SYMBOL_POINTERS: u32 = 0x6;
const S_LAZY_SYMBOL_POINTERS: u32 = 0x7;
const S_THREAD_LOCAL_VARIABLE_POINTERS: u32 = 0x14;
const INDIRECT_SYMBOL_LOCAL: u32 = 0x8000_0000;
const INDIRECT_SYMBOL_ABS: u32 = 0x4000_0000;
const N_WEAK_REF: u16 = 0x40;
const MH_TWOLEVEL: u32 = 0x80;

/// Binds of images without dyld-info or chained fixups (the pre-10.6
/// format Go's linker still writes): each pointer slot of the symbol-pointer
/// sections names its symbol through the indirect symbol table, and the
/// symbol's `n_desc` carries the library ordinal (two-level namespace).
fn indirect<'a>(m: &MachO<'a>) -> Result<Fixups<'a>> {
    let table = m.indirect_symbols.unwrap_or(&[]);
    let (syms, strs) = m
        .symtab
        .ok_or_else(|| malformed("indirect symbols without LC_SYMTAB"))?;
    let mut out = Fixups::default();
    for s in &m.sections {
        let ty = s.section_type();
        if !matches!(
            ty,
            S_NON_LAZY_SYMBOL_POINTERS | S_LAZY_SYMBOL_POINTERS | S_THREAD_LOCAL_VARIABLE_POINTERS
        ) {
            continue;
        }
        let first = s.reserved1 as usize;
        for i in 0..(s.size / 8) as usize {
            let address = s.addr + 8 * i as u64;
            let entry = first
                .checked_add(i)
                .and_then(|k| crate::bytes::u32_at(table, k.checked_mul(4)?))
                .ok_or_else(|| {
                    malformed(format!(
                        "section {},{}: indirect symbol index out of range",
                        s.segname, s.sectname
                    ))
                })?;
            if entry & INDIRECT_SYMBOL_LOCAL != 0 {
                if entry & INDIRECT_SYMBOL_ABS == 0 {
                    out.rebases.push(Rebase {
                        address,
                        target: None,
                    });
                }
                continue;
            }
            if entry & INDIRECT_SYMBOL_ABS != 0 {
                continue;
            }
            let raw = (entry as usize)
                .checked_mul(NLIST_SIZE)
                .and_then(|o| syms.get(o..o.checked_add(NLIST_SIZE)?))
                .ok_or_else(|| malformed(format!("indirect symbol {entry} out of range")))?;
            let n = Nlist::read(raw);
            let symbol = crate::bytes::cstr_at(strs, n.n_strx as usize)
                .ok_or_else(|| malformed(format!("indirect symbol {entry} has a bad name")))?;
            let ordinal = if m.flags & MH_TWOLEVEL == 0 {
                BindOrdinal::FlatLookup
            } else {
                match (n.n_desc >> 8) as u8 {
                    0 => BindOrdinal::SelfImage,
                    0xfe => BindOrdinal::FlatLookup,
                    0xff => BindOrdinal::MainExecutable,
                    k if (k as usize) <= m.dylibs.len() => BindOrdinal::Dylib(u16::from(k)),
                    k => {
                        return Err(malformed(format!(
                            "symbol library ordinal {k} out of range"
                        )))
                    }
                }
            };
            out.binds.push(Bind {
                address,
                ordinal,
                symbol,
                addend: 0,
                weak_import: n.n_desc & N_WEAK_REF != 0,
                lazy: ty == S_LAZY_SYMBOL_POINTERS,
            });
        }
    }
    Ok(out)
}

/// Most entries one opcode stream may produce. Real streams describe
/// pointer slots that sit in the file, so they cannot have more than about
/// one entry per 8 file bytes; the cap stops `DO_*_ULEB_TIMES` with a huge
/// count from allocating without end.
fn entry_limit(m: &MachO<'_>) -> usize {
    m.data.len() / 4 + 64
}

/// Unslid address of an 8-byte location `offset` bytes into segment `index`.
fn location(m: &MachO<'_>, index: usize, offset: u64, what: &str) -> Result<u64> {
    let seg = m
        .segments
        .get(index)
        .ok_or_else(|| malformed(format!("{what}: segment index {index} out of range")))?;
    match offset.checked_add(8) {
        Some(end) if end <= seg.vmsize => Ok(seg.vmaddr + offset),
        _ => Err(malformed(format!(
            "{what}: {}+{offset:#x} is outside the segment",
            seg.name
        ))),
    }
}

/// Maps a library ordinal (classic or chained) to [`BindOrdinal`].
fn bind_ordinal(m: &MachO<'_>, dylib: BindDylib, what: &str) -> Result<BindOrdinal> {
    match dylib.0 {
        0 => Ok(BindOrdinal::SelfImage),
        -1 => Ok(BindOrdinal::MainExecutable),
        -2 => Ok(BindOrdinal::FlatLookup),
        -3 => Ok(BindOrdinal::WeakLookup),
        n if n > 0 && (n as usize) <= m.dylibs.len() => u16::try_from(n)
            .map(BindOrdinal::Dylib)
            .map_err(|_| malformed(format!("{what}: library ordinal {n} too large"))),
        n => Err(malformed(format!(
            "{what}: library ordinal {n} but the image loads {} dylibs",
            m.dylibs.len()
        ))),
    }
}

fn push_capped<T>(list: &mut Vec<T>, item: T, limit: usize, what: &str) -> Result<()> {
    if list.len() >= limit {
        return Err(malformed(format!(
            "too many {what} entries for the file size"
        )));
    }
    list.push(item);
    Ok(())
}

fn classic<'a>(m: &MachO<'a>, info: &'a DyldInfoCommand<LE>) -> Result<Fixups<'a>> {
    let data = m.data;
    let limit = entry_limit(m);
    let mut out = Fixups::default();

    // Room for about one entry per stream byte (fewer for binds, which
    // carry names): a large C++ library has tens of thousands, and growing
    // the vectors by doubling cost more than reading the streams.
    let rebase_size = info.rebase_size.get(LE) as usize;
    out.rebases.reserve(rebase_size.min(limit));
    out.binds.reserve(
        (info.bind_size.get(LE) as usize / 8 + info.lazy_bind_size.get(LE) as usize / 16)
            .min(limit),
    );

    // Empty streams are skipped: their offset may be anything (see parse).
    if rebase_size != 0 {
        for rebase in info.rebases(LE, data, 8)? {
            let rebase = rebase.map_err(|e| context("rebase info", e))?;
            // Only pointer rebases exist in x86_64 images; the 32-bit kinds
            // (TEXT_ABSOLUTE32, TEXT_PCREL32) are i386 text relocations.
            if rebase.kind.0 != REBASE_TYPE_POINTER {
                return Err(malformed(format!(
                    "rebase: unsupported rebase type {}",
                    rebase.kind.0
                )));
            }
            let address = location(
                m,
                usize::from(rebase.segment_index),
                rebase.segment_offset,
                "rebase",
            )?;
            let entry = Rebase {
                address,
                target: None,
            };
            push_capped(&mut out.rebases, entry, limit, "rebase")?;
        }
    }

    for lazy in [false, true] {
        let (size, what) = if lazy {
            (info.lazy_bind_size.get(LE), "lazy bind")
        } else {
            (info.bind_size.get(LE), "bind")
        };
        if size == 0 {
            continue;
        }
        let binds = if lazy {
            info.lazy_binds(LE, data, 8)?
        } else {
            info.binds(LE, data, 8)?
        };
        let mut count = 0usize;
        for bind in binds {
            let bind = bind.map_err(|e| context(what, e))?;
            if bind.kind.0 != BIND_TYPE_POINTER {
                return Err(malformed(format!(
                    "{what}: unsupported bind type {}",
                    bind.kind.0
                )));
            }
            let entry = Bind {
                address: location(
                    m,
                    usize::from(bind.segment_index),
                    bind.segment_offset,
                    what,
                )?,
                ordinal: bind_ordinal(m, bind.dylib, what)?,
                symbol: bind.symbol,
                addend: bind.addend,
                weak_import: bind.flags.0 & BIND_SYMBOL_FLAGS_WEAK_IMPORT != 0,
                lazy,
            };
            count += 1;
            if count > limit {
                return Err(malformed(format!(
                    "too many {what} entries for the file size"
                )));
            }
            out.binds.push(entry);
        }
    }

    if info.weak_bind_size.get(LE) != 0 {
        weak_binds(m, info, limit, &mut out.weak_binds)?;
    }
    Ok(out)
}

/// Runs the weak-bind stream ourselves: besides the binds it holds
/// `BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION` markers (a symbol with no
/// location after it), which the loader needs to let a strong definition
/// win over weak ones.
fn weak_binds<'a>(
    m: &MachO<'a>,
    info: &'a DyldInfoCommand<LE>,
    limit: usize,
    out: &mut Vec<WeakBind<'a>>,
) -> Result<()> {
    const WHAT: &str = "weak bind";
    let mut place: Option<(u8, u64)> = None;
    let mut symbol: Option<&'a [u8]> = None;
    let mut addend = 0i64;
    let mut kind = BIND_TYPE_POINTER;
    // Records one bind at the current place and moves past it by `advance`.
    let bind = |place: &mut Option<(u8, u64)>,
                symbol: Option<&'a [u8]>,
                addend: i64,
                kind: u8,
                advance: u64,
                out: &mut Vec<WeakBind<'a>>|
     -> Result<()> {
        let (segment, offset) = place.or_malformed("weak bind: no segment and offset set")?;
        let symbol = symbol.or_malformed("weak bind: no symbol set")?;
        if kind != BIND_TYPE_POINTER {
            return Err(malformed(format!(
                "weak bind: unsupported bind type {kind}"
            )));
        }
        let address = location(m, usize::from(segment), offset, WHAT)?;
        let entry = WeakBind {
            address: Some(address),
            symbol,
            addend,
        };
        push_capped(out, entry, limit, WHAT)?;
        *place = Some((segment, offset.wrapping_add(advance)));
        Ok(())
    };
    for op in info.weak_bind_operations(LE, m.data)? {
        let (_, op) = op.map_err(|e| context("weak bind info", e))?;
        match op {
            BindOperation::Done => break,
            // The weak stream always binds to the coalesced definition.
            BindOperation::SetDylibOrdinal { .. } | BindOperation::SetDylibSpecial { .. } => {}
            BindOperation::SetSymbol { flags, name } => {
                symbol = Some(name);
                if flags.0 & BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION != 0 {
                    let marker = WeakBind {
                        address: None,
                        symbol: name,
                        addend: 0,
                    };
                    push_capped(out, marker, limit, WHAT)?;
                }
            }
            BindOperation::SetType { kind: k } => kind = k.0,
            BindOperation::SetAddend { addend: a } => addend = a,
            BindOperation::SetSegmentAndOffset {
                segment_index,
                offset,
            } => place = Some((segment_index, offset)),
            // Offsets wrap on purpose: a huge ULEB is how the opcodes step back.
            BindOperation::AddAddr { offset } => {
                let (segment, at) = place.or_malformed("weak bind: no segment and offset set")?;
                place = Some((segment, at.wrapping_add(offset)));
            }
            BindOperation::DoBind => bind(&mut place, symbol, addend, kind, 8, out)?,
            BindOperation::DoBindAddAddr { offset } => bind(
                &mut place,
                symbol,
                addend,
                kind,
                offset.wrapping_add(8),
                out,
            )?,
            BindOperation::DoBindAddAddrScaled { count } => {
                let advance = 8 * (u64::from(count) + 1);
                bind(&mut place, symbol, addend, kind, advance, out)?
            }
            BindOperation::DoBindTimesSkipping { count, skip } => {
                // Each round either pushes (bounded by `limit`) or fails.
                for _ in 0..count {
                    bind(&mut place, symbol, addend, kind, skip.wrapping_add(8), out)?;
                }
            }
        }
    }
    Ok(())
}

/// Size of `dyld_chained_starts_in_segment` up to `page_start`.
const STARTS_IN_SEGMENT_SIZE: usize = 22;

fn chained<'a>(m: &MachO<'a>, blob: &'a [u8]) -> Result<Fixups<'a>> {
    let header = DyldChainedFixups::parse(LE, blob).map_err(|e| context("chained fixups", e))?;
    let imports = header
        .imports(LE)
        .and_then(|imports| imports.collect::<object::read::Result<Vec<DyldChainedImport<'a>>>>())
        .map_err(|e| context("chained fixups", e))?;
    let base = m.base_address();
    let mut out = Fixups::default();

    let starts = header.header().starts_offset.get(LE) as usize;
    let seg_count =
        u32_at(blob, starts).or_malformed("chained fixups: starts offset out of range")?;
    for index in 0..seg_count as usize {
        let info_off = index
            .checked_mul(4)
            .and_then(|o| o.checked_add(starts + 4))
            .and_then(|o| u32_at(blob, o))
            .or_malformed("chained fixups: segment table extends past the data")?;
        if info_off == 0 {
            continue; // no fixups in this segment
        }
        let at = starts
            .checked_add(info_off as usize)
            .or_malformed("chained fixups: segment info offset out of range")?;
        chained_segment(m, blob, at, index, base, &imports, &mut out)?;
    }
    Ok(out)
}

/// Walks the chains of one segment, described by the
/// `dyld_chained_starts_in_segment` at `blob[at..]`.
fn chained_segment<'a>(
    m: &MachO<'a>,
    blob: &[u8],
    at: usize,
    index: usize,
    base: u64,
    imports: &[DyldChainedImport<'a>],
    out: &mut Fixups<'a>,
) -> Result<()> {
    let truncated = "chained fixups: segment starts extend past the data";
    let page_size = u16_at(blob, at + 4).or_malformed(truncated)?;
    let format = u16_at(blob, at + 6).or_malformed(truncated)?;
    let segment_offset = u64_at(blob, at + 8).or_malformed(truncated)?;
    let page_count = u16_at(blob, at + 20).or_malformed(truncated)?;
    if format != DYLD_CHAINED_PTR_64 && format != DYLD_CHAINED_PTR_64_OFFSET {
        return Err(malformed(format!(
            "unsupported chained pointer format {format}"
        )));
    }
    if page_size == 0 {
        return Err(malformed("chained fixups: page size 0"));
    }
    let seg = m.segments.get(index).ok_or_else(|| {
        malformed(format!(
            "chained fixups for segment {index}, but the image has {}",
            m.segments.len()
        ))
    })?;
    if base.checked_add(segment_offset) != Some(seg.vmaddr) {
        return Err(malformed(format!(
            "chained fixups: segment_offset {segment_offset:#x} disagrees with {} at {:#x}",
            seg.name, seg.vmaddr
        )));
    }
    // The chain links live in the file bytes of the segment.
    let seg_data = crate::bytes::range(m.data, seg.fileoff, seg.filesize)
        .or_malformed("segment extends past end of file")?;
    let readable = seg.filesize.min(seg.vmsize);
    let page_size = u64::from(page_size);

    for page in 0..usize::from(page_count) {
        let start = u16_at(blob, at + STARTS_IN_SEGMENT_SIZE + 2 * page).or_malformed(truncated)?;
        if start == DYLD_CHAINED_PTR_START_NONE {
            continue;
        }
        if start & DYLD_CHAINED_PTR_START_MULTI != 0 {
            return Err(malformed(
                "chained fixups: multiple chain starts per page (32-bit formats only)",
            ));
        }
        let page_start = page as u64 * page_size;
        let page_end = page_start + page_size;
        let mut offset = page_start + u64::from(start);
        // `next` is never 0 inside the loop, so every step moves forward and
        // the page bound ends the walk.
        loop {
            if offset >= page_end {
                return Err(malformed(format!(
                    "chained fixups: chain in {} page {page} leaves the page",
                    seg.name
                )));
            }
            let raw = match offset.checked_add(8) {
                Some(end) if end <= readable => u64_at(seg_data, offset as usize),
                _ => None,
            }
            .ok_or_else(|| {
                malformed(format!(
                    "chained fixups: location {}+{offset:#x} is outside the segment's file data",
                    seg.name
                ))
            })?;
            let address = seg.vmaddr + offset;
            decode_chained_64(m, format, raw, address, base, imports, out)?;
            let next = (raw >> 51) & 0xfff;
            if next == 0 {
                break;
            }
            offset += next * 4; // 4-byte stride
        }
    }
    Ok(())
}

/// Decodes one `DYLD_CHAINED_PTR_64[_OFFSET]` value at `address`.
fn decode_chained_64<'a>(
    m: &MachO<'a>,
    format: u16,
    raw: u64,
    address: u64,
    base: u64,
    imports: &[DyldChainedImport<'a>],
    out: &mut Fixups<'a>,
) -> Result<()> {
    if raw >> 63 != 0 {
        // dyld_chained_ptr_64_bind: ordinal 24, addend 8, reserved 19, next 12, bind 1
        let ordinal = (raw & 0xff_ffff) as usize;
        let addend = ((raw >> 24) & 0xff) as i64;
        let import = imports.get(ordinal).ok_or_else(|| {
            malformed(format!(
                "chained bind: import {ordinal} but there are {}",
                imports.len()
            ))
        })?;
        out.binds.push(Bind {
            address,
            ordinal: bind_ordinal(m, import.dylib, "chained bind")?,
            symbol: import.name,
            addend: import
                .addend
                .checked_add(addend)
                .or_malformed("chained bind: addend overflows")?,
            weak_import: import.weak_import,
            lazy: false,
        });
    } else {
        // dyld_chained_ptr_64_rebase: target 36, high8 8, reserved 7, next 12, bind 1
        let target = raw & ((1 << 36) - 1);
        let high8 = (raw >> 36) & 0xff;
        let vmaddr = if format == DYLD_CHAINED_PTR_64 {
            target // already an unslid vm address
        } else {
            base.checked_add(target)
                .or_malformed("chained rebase: target overflows")?
        };
        if vmaddr >> 56 != 0 {
            return Err(malformed(
                "chained rebase: target collides with the high byte",
            ));
        }
        out.rebases.push(Rebase {
            address,
            target: Some(vmaddr | high8 << 56),
        });
    }
    Ok(())
}
