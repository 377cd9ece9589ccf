//! Classic (dyld-info opcode) and chained fixups.

mod common;

use calvados_macho::{Bind, BindOrdinal, Error, Fixups, MachO, Rebase, WeakBind};
use common::*;

const REBASE: u64 = LINKEDIT_FILEOFF;
const BIND: u64 = LINKEDIT_FILEOFF + 0x100;
const WEAK: u64 = LINKEDIT_FILEOFF + 0x200;
const LAZY: u64 = LINKEDIT_FILEOFF + 0x300;

/// A standard executable with two dylibs and the given opcode streams.
fn classic(rebase: &[u8], bind: &[u8], weak: &[u8], lazy: &[u8]) -> Vec<u8> {
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.dylib(LC_LOAD_DYLIB, "/usr/lib/libSystem.B.dylib", 1, 1);
    b.dylib(LC_LOAD_DYLIB, "/usr/lib/libc++.1.dylib", 1, 1);
    let part = |off: u64, s: &[u8]| (off as u32, s.len() as u32);
    b.dyld_info([
        part(REBASE, rebase),
        part(BIND, bind),
        part(WEAK, weak),
        part(LAZY, lazy),
        (0, 0),
    ]);
    b.put(REBASE, rebase)
        .put(BIND, bind)
        .put(WEAK, weak)
        .put(LAZY, lazy);
    b.build()
}

fn fixups_of(file: &[u8]) -> Result<Fixups<'_>, Error> {
    MachO::parse(file).unwrap().fixups()
}

fn malformed(r: Result<Fixups<'_>, Error>) -> String {
    match r {
        Err(Error::Malformed(what)) => what,
        other => panic!("expected Malformed, got {other:?}"),
    }
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn no_fixup_info_is_empty() {
    let file = Builder::standard(MH_EXECUTE, vec![]).build();
    assert_eq!(fixups_of(&file).unwrap(), Fixups::default());
}

#[test]
fn classic_rebases() {
    let rebase = cat(&[
        &[0x11], // SET_TYPE_IMM pointer
        &[0x22], // SET_SEGMENT_AND_OFFSET_ULEB seg 2 (__DATA)
        &uleb(0x10),
        &[0x52], // DO_REBASE_IMM_TIMES 2: 0x10, 0x18
        &[0x30], // ADD_ADDR_ULEB 0x10 -> 0x30
        &uleb(0x10),
        &[0x70], // DO_REBASE_ADD_ADDR_ULEB 8: 0x30, then 0x40
        &uleb(8),
        &[0x80], // DO_REBASE_ULEB_TIMES_SKIPPING_ULEB 2, 8: 0x40, 0x50
        &uleb(2),
        &uleb(8),
        &[0x41], // ADD_ADDR_IMM_SCALED 1 -> 0x68
        &[0x51], // DO_REBASE_IMM_TIMES 1: 0x68
        &[0x00],
    ]);
    let file = classic(&rebase, &[], &[], &[]);
    seed("classic_rebases", &file);
    let fixups = fixups_of(&file).unwrap();
    let got: Vec<_> = fixups
        .rebases
        .iter()
        .map(|r| r.address - DATA_ADDR)
        .collect();
    assert_eq!(got, [0x10, 0x18, 0x30, 0x40, 0x50, 0x68]);
    assert!(fixups.rebases.iter().all(|r| r.target.is_none()));
    assert!(fixups.binds.is_empty() && fixups.weak_binds.is_empty());
}

#[test]
fn classic_rebase_errors() {
    // Past the end of __DATA.
    let rebase = cat(&[&[0x11, 0x22], &uleb(DATA_SIZE - 4), &[0x51, 0]]);
    assert!(malformed(fixups_of(&classic(&rebase, &[], &[], &[]))).contains("outside the segment"));
    // Segment index that does not exist.
    let rebase = cat(&[&[0x11, 0x2f], &uleb(0), &[0x51, 0]]);
    assert!(malformed(fixups_of(&classic(&rebase, &[], &[], &[]))).contains("segment index 15"));
    // 32-bit rebase kinds are not x86_64's.
    let rebase = cat(&[&[0x12, 0x22], &uleb(0), &[0x51, 0]]);
    assert!(malformed(fixups_of(&classic(&rebase, &[], &[], &[]))).contains("rebase type 2"));
    // A huge count stops at the segment end...
    let rebase = cat(&[&[0x11, 0x22], &uleb(0), &[0x60], &uleb(u64::MAX), &[0]]);
    assert!(malformed(fixups_of(&classic(&rebase, &[], &[], &[]))).contains("outside the segment"));
    // ...or, in a huge segment, at the per-file entry cap.
    let mut b = Builder::new(MH_EXECUTE);
    b.segment("__TEXT", BASE, 0x1000, 0, 0x1000, 5, vec![]);
    b.segment("__HUGE", BASE + 0x1000, 1 << 40, 0x1000, 0x1000, 3, vec![]);
    let rebase = cat(&[&[0x11, 0x21], &uleb(0), &[0x60], &uleb(u64::MAX), &[0]]);
    b.dyld_info([
        (0x1800, rebase.len() as u32),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
    ]);
    b.put(0x1800, &rebase);
    let file = b.build();
    assert!(malformed(fixups_of(&file)).contains("too many rebase"));
    // Truncated ULEB.
    let rebase = [0x11, 0x22, 0x80];
    assert!(matches!(
        fixups_of(&classic(&rebase, &[], &[], &[])),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn classic_binds() {
    let bind = cat(&[
        &[0x11], // ordinal 1
        &[0x40],
        b"_printf\0",
        &[0x51], // type pointer
        &[0x72],
        &uleb(0x100),
        &[0x90], // DO_BIND at 0x100 -> 0x108
        &[0x41],
        b"_weakimp\0", // weak import
        &[0x60],
        &sleb(-8),
        &[0x12], // ordinal 2
        &[0xc0],
        &uleb(2),
        &uleb(8), // at 0x108, 0x118 -> 0x128
        &[0x3e],  // special -2: flat lookup
        &[0x40],
        b"_flat\0",
        &[0x60],
        &sleb(0),
        &[0xb1], // DO_BIND_ADD_ADDR_IMM_SCALED 1: at 0x128 -> 0x138
        &[0x3f], // special -1: main executable
        &[0x40],
        b"_mainsym\0",
        &[0x90], // at 0x138 -> 0x140
        &[0x30], // special 0: self
        &[0x40],
        b"_self\0",
        &[0xa0],
        &uleb(0x10), // DO_BIND_ADD_ADDR_ULEB: at 0x140 -> 0x158
        &[0x20],
        &uleb(1), // SET_DYLIB_ORDINAL_ULEB 1
        &[0x40],
        b"_uleb\0",
        &[0x90], // at 0x158
        &[0x00],
    ]);
    let lazy = cat(&[
        &[0x72],
        &uleb(0x200),
        &[0x11, 0x40],
        b"_lazy1\0",
        &[0x90, 0x00],
        &[0x72],
        &uleb(0x208),
        &[0x12, 0x40],
        b"_lazy2\0",
        &[0x90, 0x00],
    ]);
    let file = classic(&[], &bind, &[], &lazy);
    seed("classic_binds", &file);
    let f = fixups_of(&file).unwrap();
    let b = |off: u64, ordinal, symbol: &'static [u8], addend, weak_import, lazy| Bind {
        address: DATA_ADDR + off,
        ordinal,
        symbol,
        addend,
        weak_import,
        lazy,
    };
    use BindOrdinal::*;
    assert_eq!(
        f.binds,
        [
            b(0x100, Dylib(1), b"_printf", 0, false, false),
            b(0x108, Dylib(2), b"_weakimp", -8, true, false),
            b(0x118, Dylib(2), b"_weakimp", -8, true, false),
            b(0x128, FlatLookup, b"_flat", 0, false, false),
            b(0x138, MainExecutable, b"_mainsym", 0, false, false),
            b(0x140, SelfImage, b"_self", 0, false, false),
            b(0x158, Dylib(1), b"_uleb", 0, false, false),
            b(0x200, Dylib(1), b"_lazy1", 0, false, true),
            b(0x208, Dylib(2), b"_lazy2", 0, false, true),
        ]
    );
}

#[test]
fn classic_bind_errors() {
    // Ordinal 3 but only two dylibs.
    let bind = cat(&[&[0x13, 0x40], b"_x\0", &[0x51, 0x72], &uleb(0), &[0x90, 0]]);
    assert!(malformed(fixups_of(&classic(&[], &bind, &[], &[]))).contains("library ordinal 3"));
    // Special ordinal -4 does not exist.
    let bind = cat(&[&[0x3c, 0x40], b"_x\0", &[0x51, 0x72], &uleb(0), &[0x90, 0]]);
    assert!(malformed(fixups_of(&classic(&[], &bind, &[], &[]))).contains("library ordinal -4"));
    // Bind types other than pointer.
    let bind = cat(&[&[0x11, 0x40], b"_x\0", &[0x52, 0x72], &uleb(0), &[0x90, 0]]);
    assert!(malformed(fixups_of(&classic(&[], &bind, &[], &[]))).contains("bind type 2"));
    // Outside the segment.
    let bind = cat(&[
        &[0x11, 0x40],
        b"_x\0",
        &[0x51, 0x72],
        &uleb(DATA_SIZE),
        &[0x90, 0],
    ]);
    assert!(malformed(fixups_of(&classic(&[], &bind, &[], &[]))).contains("outside the segment"));
    // Lazy stream with a bad ordinal.
    let lazy = cat(&[&[0x72], &uleb(0), &[0x19, 0x40], b"_x\0", &[0x90, 0]]);
    assert!(malformed(fixups_of(&classic(&[], &[], &[], &lazy))).contains("lazy bind"));
    // Unterminated symbol name.
    let bind = cat(&[&[0x11, 0x40], b"_x"]);
    assert!(matches!(
        fixups_of(&classic(&[], &bind, &[], &[])),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn classic_weak_binds() {
    let weak = cat(&[
        &[0x48],
        b"_strong\0", // NON_WEAK_DEFINITION marker
        &[0x40],
        b"__Znwm\0",
        &[0x51, 0x72],
        &uleb(0x300),
        &[0x90], // at 0x300
        &[0x60],
        &sleb(4),
        &[0x40],
        b"__ZdlPv\0",
        &[0xc0],
        &uleb(2),
        &uleb(0), // at 0x308, 0x310
        &[0x00],
    ]);
    let file = classic(&[], &[], &weak, &[]);
    seed("classic_weak", &file);
    let f = fixups_of(&file).unwrap();
    let w = |address: Option<u64>, symbol: &'static [u8], addend| WeakBind {
        address,
        symbol,
        addend,
    };
    assert_eq!(
        f.weak_binds,
        [
            w(None, b"_strong", 0),
            w(Some(DATA_ADDR + 0x300), b"__Znwm", 0),
            w(Some(DATA_ADDR + 0x308), b"__ZdlPv", 4),
            w(Some(DATA_ADDR + 0x310), b"__ZdlPv", 4),
        ]
    );
    // A weak bind with no location set.
    let weak = cat(&[&[0x40], b"_x\0", &[0x90, 0]]);
    assert!(malformed(fixups_of(&classic(&[], &[], &weak, &[]))).contains("no segment"));
    // Huge repeat counts end at the segment.
    let weak = cat(&[
        &[0x40],
        b"_x\0",
        &[0x72],
        &uleb(0),
        &[0xc0],
        &uleb(u64::MAX),
        &uleb(0),
        &[0],
    ]);
    assert!(malformed(fixups_of(&classic(&[], &[], &weak, &[]))).contains("outside the segment"));
}

// --- chained fixups -------------------------------------------------------

const CHAIN: u64 = LINKEDIT_FILEOFF;

fn rebase64(target: u64, high8: u64, next: u64) -> u64 {
    target | high8 << 36 | next << 51
}

fn bind64(ordinal: u64, addend: u64, next: u64) -> u64 {
    ordinal | addend << 24 | next << 51 | 1 << 63
}

/// The `LC_DYLD_CHAINED_FIXUPS` payload for the standard layout: chain
/// starts for __DATA only, with `pages` page starts, and two imports.
fn chained_blob(format: u16, pages: &[u16], segment_offset: u64, seg_count: u32) -> Vec<u8> {
    chained_blob_at(format, pages, segment_offset, seg_count, 2)
}

/// Like [`chained_blob`], with the starts attached to segment `index`.
fn chained_blob_at(
    format: u16,
    pages: &[u16],
    segment_offset: u64,
    seg_count: u32,
    index: u32,
) -> Vec<u8> {
    let starts = 0x20u32;
    let seg_info = 4 + 4 * seg_count; // offset of the __DATA starts from `starts`
    let seg_starts_len = 22 + 2 * pages.len() as u32;
    let imports = (starts + seg_info + seg_starts_len + 7) & !7;
    let symbols = imports + 16;
    let mut out = Vec::new();
    for v in [
        0u32, starts, imports, symbols, 2, 2, /* IMPORT_ADDEND */
        0,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.resize(starts as usize, 0);
    out.extend_from_slice(&seg_count.to_le_bytes());
    for i in 0..seg_count {
        let off = if i == index { seg_info } else { 0 };
        out.extend_from_slice(&off.to_le_bytes());
    }
    out.extend_from_slice(&seg_starts_len.to_le_bytes());
    out.extend_from_slice(&0x1000u16.to_le_bytes());
    out.extend_from_slice(&format.to_le_bytes());
    out.extend_from_slice(&segment_offset.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(pages.len() as u16).to_le_bytes());
    for p in pages {
        out.extend_from_slice(&p.to_le_bytes());
    }
    out.resize(imports as usize, 0);
    // import 0: libSystem (ordinal 1) "_printf", addend 0
    out.extend_from_slice(&(1u32).to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes());
    // import 1: flat lookup (0xfe), weak, name at 8, addend 100
    out.extend_from_slice(&(0xfeu32 | 1 << 8 | 8 << 9).to_le_bytes());
    out.extend_from_slice(&100i32.to_le_bytes());
    out.extend_from_slice(b"_printf\0_weakthing\0");
    out
}

fn chained_image(blob: &[u8], data: &[(u64, u64)]) -> Vec<u8> {
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.dylib(LC_LOAD_DYLIB, "/usr/lib/libSystem.B.dylib", 1, 1);
    b.linkedit_cmd(LC_DYLD_CHAINED_FIXUPS, CHAIN as u32, blob.len() as u32);
    b.put(CHAIN, blob);
    for (off, value) in data {
        b.put(DATA_FILEOFF + off, &value.to_le_bytes());
    }
    b.build()
}

fn check_chained(format: u16, target_base: u64) {
    let blob = chained_blob(format, &[0x10, 0xffff, 0x0, 0xffff], DATA_ADDR - BASE, 4);
    let data = [
        // page 0: rebase (high8 0x5a) -> bind import 1 (+0x10) -> bind import 0
        (0x10, rebase64(DATA_ADDR + 0x100 - target_base, 0x5a, 2)),
        (0x18, bind64(1, 0x10, 4)),
        (0x28, bind64(0, 0, 0)),
        // page 2: one rebase
        (0x2000, rebase64(BASE + 0x1000 - target_base, 0, 0)),
    ];
    let file = chained_image(&blob, &data);
    seed(&format!("chained_{format}"), &file);
    let f = fixups_of(&file).unwrap();
    assert_eq!(
        f.rebases,
        [
            Rebase {
                address: DATA_ADDR + 0x10,
                target: Some((DATA_ADDR + 0x100) | 0x5a << 56),
            },
            Rebase {
                address: DATA_ADDR + 0x2000,
                target: Some(BASE + 0x1000),
            },
        ]
    );
    assert_eq!(
        f.binds,
        [
            Bind {
                address: DATA_ADDR + 0x18,
                ordinal: BindOrdinal::FlatLookup,
                symbol: b"_weakthing",
                addend: 116,
                weak_import: true,
                lazy: false,
            },
            Bind {
                address: DATA_ADDR + 0x28,
                ordinal: BindOrdinal::Dylib(1),
                symbol: b"_printf",
                addend: 0,
                weak_import: false,
                lazy: false,
            },
        ]
    );
    assert!(f.weak_binds.is_empty());
}

#[test]
fn chained_ptr_64() {
    // DYLD_CHAINED_PTR_64: rebase targets are vm addresses.
    check_chained(2, 0);
}

#[test]
fn chained_ptr_64_offset() {
    // DYLD_CHAINED_PTR_64_OFFSET: rebase targets are offsets from the header.
    check_chained(6, BASE);
}

#[test]
fn chained_errors() {
    let seg_off = DATA_ADDR - BASE;
    let one = [(0x0, rebase64(BASE, 0, 0))];

    let blob = chained_blob(1, &[0], seg_off, 4);
    assert_eq!(
        malformed(fixups_of(&chained_image(&blob, &one))),
        "unsupported chained pointer format 1"
    );

    // A chain that runs off the end of its page.
    let blob = chained_blob(2, &[0xff8], seg_off, 4);
    let file = chained_image(&blob, &[(0xff8, rebase64(BASE, 0, 4))]);
    assert!(malformed(fixups_of(&file)).contains("leaves the page"));

    // A start beyond the segment's file data (page 4 of a 4-page segment).
    let blob = chained_blob(2, &[0xffff, 0xffff, 0xffff, 0xffff, 0], seg_off, 4);
    assert!(malformed(fixups_of(&chained_image(&blob, &one))).contains("file data"));

    // Import index out of range.
    let blob = chained_blob(2, &[0], seg_off, 4);
    let file = chained_image(&blob, &[(0, bind64(7, 0, 0))]);
    assert!(malformed(fixups_of(&file)).contains("import 7"));

    // segment_offset that disagrees with the segment's vmaddr.
    let blob = chained_blob(2, &[0], seg_off + 0x1000, 4);
    assert!(malformed(fixups_of(&chained_image(&blob, &one))).contains("segment_offset"));

    // Starts for a segment that does not exist.
    let blob = chained_blob_at(2, &[0], seg_off, 6, 5);
    assert!(malformed(fixups_of(&chained_image(&blob, &one))).contains("segment 5"));

    // 32-bit style multi-start pages.
    let blob = chained_blob(2, &[0x8000], seg_off, 4);
    assert!(malformed(fixups_of(&chained_image(&blob, &one))).contains("multiple chain starts"));

    // Truncated payload.
    let blob = chained_blob(2, &[0], seg_off, 4);
    assert!(matches!(
        fixups_of(&chained_image(&blob[..0x30], &one)),
        Err(Error::Malformed(_))
    ));

    // A chain never loops: `next` always moves forward, so a page full of
    // links ends at the page boundary with an error, not a hang.
    let blob = chained_blob(2, &[0], seg_off, 4);
    let links: Vec<_> = (0..0x200).map(|i| (i * 8, rebase64(BASE, 0, 2))).collect();
    assert!(fixups_of(&chained_image(&blob, &links)).is_err());
}
