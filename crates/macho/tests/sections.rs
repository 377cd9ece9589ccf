//! Initializers, terminators and thread-local variable layout.

mod common;

use calvados_macho::{Error, InitFunc, MachO, TlvInfo};
use common::*;

const S_ZEROFILL: u32 = 0x1;
const S_MOD_INIT_FUNC_POINTERS: u32 = 0x9;
const S_MOD_TERM_FUNC_POINTERS: u32 = 0xa;
const S_THREAD_LOCAL_REGULAR: u32 = 0x11;
const S_THREAD_LOCAL_ZEROFILL: u32 = 0x12;
const S_THREAD_LOCAL_VARIABLES: u32 = 0x13;
const S_THREAD_LOCAL_INIT_FUNCTION_POINTERS: u32 = 0x15;
const S_INIT_FUNC_OFFSETS: u32 = 0x16;

fn sect(name: &'static str, at: u64, size: u64, flags: u32) -> Sect {
    let offset = if matches!(flags, S_ZEROFILL | S_THREAD_LOCAL_ZEROFILL) {
        0
    } else {
        (DATA_FILEOFF + at) as u32
    };
    Sect::new(name, DATA_ADDR + at, size, offset, flags)
}

fn image_with(sects: Vec<Sect>) -> Vec<u8> {
    let mut b = Builder::standard(MH_EXECUTE, sects);
    // Two S_INIT_FUNC_OFFSETS entries at 0x20.
    let mut offsets = 0x1100u32.to_le_bytes().to_vec();
    offsets.extend_from_slice(&0x1200u32.to_le_bytes());
    b.put(DATA_FILEOFF + 0x20, &offsets);
    b.build()
}

fn full() -> Vec<Sect> {
    let mut tdata = sect("__thread_data", 0x80, 0x10, S_THREAD_LOCAL_REGULAR);
    tdata.align = 3;
    let mut tbss = sect("__thread_bss", 0x90, 0x30, S_THREAD_LOCAL_ZEROFILL);
    tbss.align = 5;
    vec![
        sect("__mod_init_func", 0x0, 0x18, S_MOD_INIT_FUNC_POINTERS),
        sect("__init_offsets", 0x20, 0x8, S_INIT_FUNC_OFFSETS),
        sect("__mod_term_func", 0x30, 0x8, S_MOD_TERM_FUNC_POINTERS),
        sect("__thread_vars", 0x40, 48, S_THREAD_LOCAL_VARIABLES),
        tdata,
        tbss,
        sect(
            "__thread_init",
            0xd0,
            0x10,
            S_THREAD_LOCAL_INIT_FUNCTION_POINTERS,
        ),
    ]
}

#[test]
fn init_and_term_funcs() {
    let file = image_with(full());
    seed("sections", &file);
    let image = MachO::parse(&file).unwrap();
    assert_eq!(
        image.init_funcs().unwrap(),
        [
            InitFunc::Pointer(DATA_ADDR),
            InitFunc::Pointer(DATA_ADDR + 8),
            InitFunc::Pointer(DATA_ADDR + 16),
            InitFunc::Offset(0x1100),
            InitFunc::Offset(0x1200),
        ]
    );
    assert_eq!(
        image.term_funcs().unwrap(),
        [InitFunc::Pointer(DATA_ADDR + 0x30)]
    );
}

#[test]
fn tlv_layout() {
    let file = image_with(full());
    let image = MachO::parse(&file).unwrap();
    assert_eq!(
        image.tlv().unwrap(),
        Some(TlvInfo {
            descriptors_addr: DATA_ADDR + 0x40,
            descriptor_count: 2,
            template_addr: DATA_ADDR + 0x80,
            template_init_size: 0x10,
            template_size: 0x40,
            template_align: 32,
            init_funcs: vec![DATA_ADDR + 0xd0, DATA_ADDR + 0xd8],
        })
    );
}

#[test]
fn tlv_zerofill_only_and_none() {
    let sects = vec![
        sect("__thread_vars", 0x40, 24, S_THREAD_LOCAL_VARIABLES),
        sect("__thread_bss", 0x90, 0x4, S_THREAD_LOCAL_ZEROFILL),
    ];
    let file = image_with(sects);
    let tlv = MachO::parse(&file).unwrap().tlv().unwrap().unwrap();
    assert_eq!(tlv.descriptor_count, 1);
    assert_eq!(tlv.template_init_size, 0);
    assert_eq!(tlv.template_size, 4);
    assert_eq!(tlv.template_align, 16);

    let file = image_with(vec![sect(
        "__mod_init_func",
        0,
        8,
        S_MOD_INIT_FUNC_POINTERS,
    )]);
    let image = MachO::parse(&file).unwrap();
    assert_eq!(image.tlv().unwrap(), None);
    assert!(image.term_funcs().unwrap().is_empty());
}

fn malformed<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(Error::Malformed(what)) => what,
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn bad_sizes() {
    let file = image_with(vec![sect(
        "__mod_init_func",
        0,
        0x14,
        S_MOD_INIT_FUNC_POINTERS,
    )]);
    assert!(malformed(MachO::parse(&file).unwrap().init_funcs()).contains("multiple of 8"));
    let file = image_with(vec![sect("__init_offsets", 0x20, 6, S_INIT_FUNC_OFFSETS)]);
    assert!(malformed(MachO::parse(&file).unwrap().init_funcs()).contains("multiple of 4"));
    let file = image_with(vec![sect(
        "__thread_vars",
        0x40,
        30,
        S_THREAD_LOCAL_VARIABLES,
    )]);
    assert!(malformed(MachO::parse(&file).unwrap().tlv()).contains("multiple of 24"));
    // Two descriptor sections with a gap cannot be one array.
    let file = image_with(vec![
        sect("__thread_vars", 0x40, 24, S_THREAD_LOCAL_VARIABLES),
        sect("__thread_vars2", 0x100, 24, S_THREAD_LOCAL_VARIABLES),
    ]);
    assert!(malformed(MachO::parse(&file).unwrap().tlv()).contains("contiguous"));
    // Absurd template alignment.
    let mut tdata = sect("__thread_data", 0x80, 0x10, S_THREAD_LOCAL_REGULAR);
    tdata.align = 40;
    let file = image_with(vec![
        sect("__thread_vars", 0x40, 24, S_THREAD_LOCAL_VARIABLES),
        tdata,
    ]);
    assert!(malformed(MachO::parse(&file).unwrap().tlv()).contains("alignment"));
    // Pointer sections must have file data (their size is otherwise unbounded).
    let mut init = sect("__mod_init_func", 0, 0x1000_0000, S_MOD_INIT_FUNC_POINTERS);
    init.offset = 0;
    let file = image_with(vec![init]);
    assert!(matches!(MachO::parse(&file), Err(Error::Malformed(_))));
}
