//! Export trie lookups and the symbol-table fallback.

mod common;

use calvados_macho::{Error, Export, ExportKind, MachO};
use common::*;

const TRIE: u64 = LINKEDIT_FILEOFF + 0x400;

fn with_trie(trie: &[u8]) -> Vec<u8> {
    let mut b = Builder::standard(MH_DYLIB, vec![]);
    b.dylib(LC_ID_DYLIB, "/usr/lib/libme.dylib", 1, 1);
    b.dylib(LC_LOAD_DYLIB, "/usr/lib/libother.dylib", 1, 1);
    b.linkedit_cmd(LC_DYLD_EXPORTS_TRIE, TRIE as u32, trie.len() as u32);
    b.put(TRIE, trie);
    b.build()
}

fn export(name: &'static [u8], kind: ExportKind<'static>) -> Export<'static> {
    Export {
        name,
        kind,
        weak: false,
        thread_local: false,
        absolute: false,
    }
}

fn sample_trie() -> Vec<u8> {
    let reexport = [&uleb(8)[..], &uleb(1), b"_other\0"].concat();
    let same_name = [&uleb(8)[..], &uleb(1), b"\0"].concat();
    let resolver = [&uleb(0x10)[..], &uleb(0x1200), &uleb(0x1300)].concat();
    flat_trie(&[
        (b"_regular", regular(0, 0x1000)),
        (b"_weakfn", regular(0x4, 0x1100)),
        (b"_tls", regular(0x1, 0x4008)),
        (b"_abs", regular(0x2, 0x1234)),
        (b"_reexp", reexport),
        (b"_samename", same_name),
        (b"_resolved", resolver),
    ])
}

#[test]
fn trie_lookup_kinds() {
    let file = with_trie(&sample_trie());
    seed("exports_flat", &file);
    let image = MachO::parse(&file).unwrap();
    let find = |name: &[u8]| image.find_export(name).unwrap();

    assert_eq!(
        find(b"_regular"),
        Some(export(b"_regular", ExportKind::Regular { offset: 0x1000 }))
    );
    let weak = find(b"_weakfn").unwrap();
    assert!(weak.weak && !weak.thread_local && !weak.absolute);
    assert_eq!(weak.kind, ExportKind::Regular { offset: 0x1100 });
    let tls = find(b"_tls").unwrap();
    assert!(tls.thread_local && !tls.weak);
    let abs = find(b"_abs").unwrap();
    assert!(abs.absolute);
    assert_eq!(abs.kind, ExportKind::Regular { offset: 0x1234 });
    assert_eq!(
        find(b"_reexp").unwrap().kind,
        ExportKind::Reexport {
            ordinal: 1,
            name: b"_other"
        }
    );
    assert_eq!(
        find(b"_samename").unwrap().kind,
        ExportKind::Reexport {
            ordinal: 1,
            name: b""
        }
    );
    assert_eq!(
        find(b"_resolved").unwrap().kind,
        ExportKind::Resolver {
            stub_offset: 0x1200,
            resolver_offset: 0x1300
        }
    );
    assert_eq!(find(b"_nope"), None);
    assert_eq!(find(b"_reg"), None);
    assert_eq!(find(b"_regularx"), None);
    assert_eq!(find(b""), None);

    let mut all: Vec<_> = image
        .exports()
        .unwrap()
        .iter()
        .map(|e| e.name.to_vec())
        .collect();
    all.sort();
    assert_eq!(
        all,
        [
            &b"_abs"[..],
            b"_reexp",
            b"_regular",
            b"_resolved",
            b"_samename",
            b"_tls",
            b"_weakfn"
        ]
    );
}

/// root -"_"-> A; A -"foo"-> F (0x10) -"bar"-> FB (0x20); A -"x"-> X (0x30)
fn nested_trie() -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(&[0, 1, b'_', 0, 5]); // root @0
    t.extend_from_slice(&[0, 2, b'f', b'o', b'o', 0, 15, b'x', 0, 28]); // A @5
    t.extend_from_slice(&[2, 0, 0x10, 1, b'b', b'a', b'r', 0, 24]); // F @15
    t.extend_from_slice(&[2, 0, 0x20, 0]); // FB @24
    t.extend_from_slice(&[2, 0, 0x30, 0]); // X @28
    t
}

#[test]
fn nested_trie_paths() {
    let file = with_trie(&nested_trie());
    seed("exports_nested", &file);
    let image = MachO::parse(&file).unwrap();
    let offset = |name: &[u8]| match image.find_export(name).unwrap() {
        Some(Export {
            kind: ExportKind::Regular { offset },
            ..
        }) => Some(offset),
        _ => None,
    };
    assert_eq!(offset(b"_foo"), Some(0x10));
    assert_eq!(offset(b"_foobar"), Some(0x20));
    assert_eq!(offset(b"_x"), Some(0x30));
    assert_eq!(offset(b"_fo"), None);
    assert_eq!(offset(b"_"), None);
    assert_eq!(offset(b"_foobarbaz"), None);
    let names: Vec<_> = image.exports().unwrap().iter().map(|e| e.name).collect();
    assert_eq!(names, [&b"_foo"[..], b"_foobar", b"_x"]);
    // The found name is a real copy of the full name.
    assert_eq!(
        image.find_export(b"_foobar").unwrap().unwrap().name,
        b"_foobar"
    );
}

#[test]
fn export_info_from_dyld_info() {
    let trie = nested_trie();
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.dyld_info([
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (TRIE as u32, trie.len() as u32),
    ]);
    b.put(TRIE, &trie);
    let file = b.build();
    let image = MachO::parse(&file).unwrap();
    assert!(image.find_export(b"_foobar").unwrap().is_some());
    assert_eq!(image.exports().unwrap().len(), 3);
}

fn malformed<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(Error::Malformed(what)) => what,
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn hostile_tries() {
    // A child pointing back at the root: lookups end, enumeration refuses.
    let cycle = [0, 1, b'_', 0, 0];
    let file = with_trie(&cycle);
    let image = MachO::parse(&file).unwrap();
    assert_eq!(image.find_export(b"____").unwrap(), None);
    assert!(malformed(image.exports()).contains("reached twice"));

    // Two edges sharing one child (a DAG): enumeration refuses.
    let shared = [0, 2, b'a', 0, 9, b'b', 0, 9, 0, 2, 0, 1, 0];
    let file = with_trie(&shared);
    let image = MachO::parse(&file).unwrap();
    assert!(image.find_export(b"a").unwrap().is_some());
    assert!(malformed(image.exports()).contains("reached twice"));

    // Child offset past the end.
    let file = with_trie(&[0, 1, b'_', 0, 100]);
    let image = MachO::parse(&file).unwrap();
    assert!(malformed(image.find_export(b"_x")).contains("child offset"));
    assert!(malformed(image.exports()).contains("child offset"));

    // Terminal size past the end.
    let file = with_trie(&[0x7f, 0]);
    let image = MachO::parse(&file).unwrap();
    assert!(malformed(image.find_export(b"")).contains("terminal"));

    // Empty edge label.
    let file = with_trie(&[0, 1, 0, 4, 2, 0, 1, 0]);
    let image = MachO::parse(&file).unwrap();
    assert!(malformed(image.find_export(b"_x")).contains("empty edge"));

    // Unterminated edge label.
    let file = with_trie(&[0, 1, b'_', b'x']);
    let image = MachO::parse(&file).unwrap();
    assert!(malformed(image.find_export(b"_x")).contains("edge"));

    // Re-export from a dylib the image does not load.
    let bad = [&uleb(8)[..], &uleb(5), b"\0"].concat();
    let file = with_trie(&flat_trie(&[(b"_r", bad)]));
    let image = MachO::parse(&file).unwrap();
    assert!(malformed(image.find_export(b"_r")).contains("ordinal 5"));

    // Symbol kind 3 does not exist.
    let file = with_trie(&flat_trie(&[(b"_k", regular(3, 0))]));
    let image = MachO::parse(&file).unwrap();
    assert!(malformed(image.find_export(b"_k")).contains("kind 3"));

    // A long chain of one-byte edges, each node terminal: enumeration is
    // bounded (linear in nodes) and lookup works.
    let mut chain = Vec::new();
    let n = 2000usize;
    for i in 0..n {
        let here = chain.len();
        let next = here + 8;
        chain.extend_from_slice(&[2, 0, 1, 1, b'a', 0]);
        chain.extend_from_slice(&[(next as u8 & 0x7f) | 0x80, (next >> 7) as u8]);
        let _ = i;
    }
    chain.extend_from_slice(&[0, 0]);
    let file = with_trie(&chain);
    let image = MachO::parse(&file).unwrap();
    assert_eq!(image.exports().unwrap().len(), n);
    let name = vec![b'a'; 1500];
    assert!(image.find_export(&name).unwrap().is_some());
}

#[test]
fn symbol_table_fallback() {
    const N_EXT: u8 = 0x01;
    const N_SECT: u8 = 0x0e;
    const N_PEXT: u8 = 0x10;
    let strings = b"\0_ext\0_weak\0_local\0_pext\0_undef\0_stab\0";
    let mut syms = Vec::new();
    syms.extend(nlist(1, N_SECT | N_EXT, 1, 0, BASE + 0x1000));
    syms.extend(nlist(6, N_SECT | N_EXT, 1, 0x80, BASE + 0x1010));
    syms.extend(nlist(12, N_SECT, 1, 0, BASE + 0x1020));
    syms.extend(nlist(19, N_SECT | N_EXT | N_PEXT, 1, 0, BASE + 0x1030));
    syms.extend(nlist(25, N_EXT, 0, 0, 0));
    syms.extend(nlist(32, 0x24, 1, 0, BASE + 0x1040)); // N_FUN stab
    syms.extend(nlist(9999, N_SECT | N_EXT, 1, 0, BASE + 0x1050)); // bad name
    let symoff = LINKEDIT_FILEOFF;
    let stroff = LINKEDIT_FILEOFF + 0x200;
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.symtab(symoff as u32, 7, stroff as u32, strings.len() as u32);
    b.put(symoff, &syms).put(stroff, strings);
    let file = b.build();
    seed("symtab", &file);
    let image = MachO::parse(&file).unwrap();

    assert_eq!(
        image.find_export(b"_ext").unwrap(),
        Some(export(b"_ext", ExportKind::Regular { offset: 0x1000 }))
    );
    assert!(image.find_export(b"_weak").unwrap().unwrap().weak);
    assert_eq!(image.find_export(b"_local").unwrap(), None);
    assert_eq!(image.find_export(b"_pext").unwrap(), None);
    assert_eq!(image.find_export(b"_undef").unwrap(), None);
    assert_eq!(image.find_export(b"_stab").unwrap(), None);
    let names: Vec<_> = image.exports().unwrap().iter().map(|e| e.name).collect();
    assert_eq!(names, [&b"_ext"[..], b"_weak"]);

    let symbols = image.symbols().unwrap();
    let got: Vec<_> = symbols
        .iter()
        .map(|s| {
            (
                std::str::from_utf8(s.name).unwrap(),
                s.address - BASE,
                s.external,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("_ext", 0x1000, true),
            ("_weak", 0x1010, true),
            ("_local", 0x1020, false),
            ("_pext", 0x1030, true),
        ]
    );
}

#[test]
fn no_exports_at_all() {
    let file = Builder::standard(MH_EXECUTE, vec![]).build();
    let image = MachO::parse(&file).unwrap();
    assert_eq!(image.find_export(b"_main").unwrap(), None);
    assert!(image.exports().unwrap().is_empty());
    assert!(image.symbols().unwrap().is_empty());
}
