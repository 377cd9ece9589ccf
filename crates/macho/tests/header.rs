//! Slice selection, header and load-command parsing.

mod common;

use calvados_macho::{select_slice, DylibKind, Entry, Error, FileType, MachO};
use common::*;

fn malformed(r: Result<MachO<'_>, Error>) -> String {
    match r {
        Err(Error::Malformed(what)) => what,
        other => panic!("expected Malformed, got {other:?}"),
    }
}

fn wrong_arch(r: Result<&[u8], Error>) -> String {
    match r {
        Err(Error::WrongArch { arch }) => arch,
        other => panic!("expected WrongArch, got {other:?}"),
    }
}

/// A fat file (32-bit or 64-bit arch table) with the given `(cputype,
/// cpusubtype, slice bytes)`, slices page-aligned.
fn fat(is64: bool, slices: &[(u32, u32, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(if is64 { 0xcafe_babfu32 } else { 0xcafe_babe }).to_be_bytes());
    out.extend_from_slice(&(slices.len() as u32).to_be_bytes());
    let mut offset = 0x1000u64;
    let mut bodies = Vec::new();
    for (cputype, subtype, body) in slices {
        out.extend_from_slice(&cputype.to_be_bytes());
        out.extend_from_slice(&subtype.to_be_bytes());
        if is64 {
            out.extend_from_slice(&offset.to_be_bytes());
            out.extend_from_slice(&(body.len() as u64).to_be_bytes());
            out.extend_from_slice(&12u32.to_be_bytes());
            out.extend_from_slice(&0u32.to_be_bytes());
        } else {
            out.extend_from_slice(&(offset as u32).to_be_bytes());
            out.extend_from_slice(&(body.len() as u32).to_be_bytes());
            out.extend_from_slice(&12u32.to_be_bytes());
        }
        bodies.push((offset, *body));
        offset += (body.len() as u64 + 0xfff) & !0xfff;
    }
    for (off, body) in bodies {
        out.resize(off as usize, 0);
        out.extend_from_slice(body);
    }
    out
}

fn thin(cputype: u32, subtype: u32) -> Vec<u8> {
    let mut b = Builder::new(MH_EXECUTE);
    b.cputype = cputype;
    b.cpusubtype = subtype;
    b.build()
}

#[test]
fn thin_x86_64_is_returned_as_is() {
    let file = Builder::standard(MH_EXECUTE, vec![]).build();
    let slice = select_slice(&file).unwrap();
    assert_eq!(slice.as_ptr(), file.as_ptr());
    assert_eq!(slice.len(), file.len());
    // x86_64h thin files are fine too.
    let h = thin(CPU_TYPE_X86_64, 8);
    assert!(select_slice(&h).is_ok());
}

#[test]
fn fat_picks_the_x86_64_slice() {
    let x86 = Builder::standard(MH_EXECUTE, vec![]).build();
    let arm = thin(CPU_TYPE_ARM64, 0);
    for is64 in [false, true] {
        let file = fat(
            is64,
            &[(CPU_TYPE_ARM64, 0, &arm), (CPU_TYPE_X86_64, 3, &x86)],
        );
        let slice = select_slice(&file).unwrap();
        assert_eq!(slice, &x86[..]);
        let image = MachO::parse(slice).unwrap();
        assert_eq!(image.file_type(), FileType::Execute);
    }
}

#[test]
fn fat_prefers_plain_x86_64_over_haswell() {
    let h = thin(CPU_TYPE_X86_64, 8);
    let plain = Builder::standard(MH_EXECUTE, vec![]).build();
    let file = fat(
        false,
        &[(CPU_TYPE_X86_64, 8, &h), (CPU_TYPE_X86_64, 3, &plain)],
    );
    assert_eq!(select_slice(&file).unwrap(), &plain[..]);
    // Only x86_64h: take it.
    let file = fat(false, &[(CPU_TYPE_X86_64, 8, &h)]);
    assert_eq!(select_slice(&file).unwrap(), &h[..]);
}

#[test]
fn fat_without_x86_64_names_the_arches() {
    let arm = thin(CPU_TYPE_ARM64, 0);
    let file = fat(false, &[(CPU_TYPE_ARM64, 0, &arm)]);
    assert_eq!(wrong_arch(select_slice(&file)), "arm64");
    let file = fat(
        true,
        &[(CPU_TYPE_ARM64, 0, &arm), (CPU_TYPE_ARM64, 2, &arm)],
    );
    assert_eq!(wrong_arch(select_slice(&file)), "arm64 and arm64e");
    let file = fat(false, &[(CPU_TYPE_X86, 3, &arm), (18, 0, &arm)]);
    assert_eq!(wrong_arch(select_slice(&file)), "i386 and ppc");
}

#[test]
fn fat_slice_out_of_bounds_is_malformed() {
    let x86 = Builder::standard(MH_EXECUTE, vec![]).build();
    let mut file = fat(false, &[(CPU_TYPE_X86_64, 3, &x86)]);
    file.truncate(file.len() - 1);
    assert!(matches!(select_slice(&file), Err(Error::Malformed(_))));
    // Arch table cut short.
    let file = fat(false, &[(CPU_TYPE_X86_64, 3, &x86)]);
    assert!(matches!(
        select_slice(&file[..20]),
        Err(Error::Malformed(_))
    ));
    // No arches at all.
    let mut empty = 0xcafe_babeu32.to_be_bytes().to_vec();
    empty.extend_from_slice(&0u32.to_be_bytes());
    assert!(matches!(select_slice(&empty), Err(Error::Malformed(_))));
}

#[test]
fn java_class_file_is_not_macho() {
    // cafebabe, minor 0, major 52.
    let class = [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52, 0, 0, 0, 0];
    assert_eq!(select_slice(&class), Err(Error::NotMachO));
    assert_eq!(MachO::parse(&class).unwrap_err(), Error::NotMachO);
}

#[test]
fn thin_other_arches_are_wrong_arch() {
    assert_eq!(wrong_arch(select_slice(&thin(CPU_TYPE_ARM64, 0))), "arm64");
    assert_eq!(
        wrong_arch(select_slice(&thin(CPU_TYPE_ARM64, 0x8000_0002))),
        "arm64e"
    );
    assert_eq!(
        wrong_arch(select_slice(&thin(0x0100_0099, 0))),
        "cputype 0x1000099"
    );

    // 32-bit i386 and arm, little-endian MH_MAGIC.
    let mut i386 = thin(CPU_TYPE_X86, 3);
    i386[..4].copy_from_slice(&0xfeed_faceu32.to_le_bytes());
    assert_eq!(wrong_arch(select_slice(&i386)), "i386");
    let mut arm = thin(12, 9);
    arm[..4].copy_from_slice(&0xfeed_faceu32.to_le_bytes());
    assert_eq!(wrong_arch(select_slice(&arm)), "arm");

    // Big-endian ppc: magic and fields byte-swapped.
    let mut ppc = vec![0xfe, 0xed, 0xfa, 0xce];
    ppc.extend_from_slice(&18u32.to_be_bytes());
    ppc.extend_from_slice(&0u32.to_be_bytes());
    ppc.resize(64, 0);
    assert_eq!(wrong_arch(select_slice(&ppc)), "ppc");
    let mut ppc64 = vec![0xfe, 0xed, 0xfa, 0xcf];
    ppc64.extend_from_slice(&0x0100_0012u32.to_be_bytes());
    ppc64.resize(64, 0);
    assert_eq!(wrong_arch(select_slice(&ppc64)), "ppc64");

    // parse() says the same.
    assert!(matches!(
        MachO::parse(&thin(CPU_TYPE_ARM64, 0)),
        Err(Error::WrongArch { .. })
    ));
}

#[test]
fn non_macho_inputs() {
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
    for data in [
        &elf[..],
        b"",
        b"#!/bin/sh\necho hi\n",
        b"\xcf\xfa\xed",
        b"\xcf\xfa\xed\xfe\x07",
    ] {
        assert_eq!(select_slice(data), Err(Error::NotMachO), "{data:?}");
        assert_eq!(MachO::parse(data).unwrap_err(), Error::NotMachO, "{data:?}");
    }
}

#[test]
fn truncated_header() {
    let file = Builder::standard(MH_EXECUTE, vec![]).build();
    // Magic and cputype are there, so it is an x86_64 Mach-O, but cut short.
    let short = &file[..20];
    assert!(select_slice(short).is_ok());
    assert_eq!(malformed(MachO::parse(short)), "truncated mach header");
}

#[test]
fn fat_file_passed_to_parse() {
    let x86 = Builder::standard(MH_EXECUTE, vec![]).build();
    let file = fat(false, &[(CPU_TYPE_X86_64, 3, &x86)]);
    assert!(malformed(MachO::parse(&file)).contains("select_slice"));
}

#[test]
fn load_command_bounds() {
    // sizeofcmds past the end of the file.
    let mut b = Builder::new(MH_EXECUTE);
    b.main(0, 0);
    b.sizeofcmds_override = Some(0x10000);
    assert!(malformed(MachO::parse(&b.build())).contains("past end of file"));

    // cmdsize 0 would loop forever.
    let mut b = Builder::new(MH_EXECUTE);
    b.cmd_sized(0x1234, 0, &[0; 8]);
    assert!(malformed(MachO::parse(&b.build())).contains("cmdsize 0"));

    // cmdsize larger than what is left of sizeofcmds.
    let mut b = Builder::new(MH_EXECUTE);
    b.cmd_sized(0x1234, 0xffff_fff0, &[0; 8]);
    assert!(malformed(MachO::parse(&b.build())).contains("extends past sizeofcmds"));

    // ncmds larger than the commands present.
    let mut b = Builder::new(MH_EXECUTE);
    b.main(0, 0);
    b.ncmds_override = Some(u32::MAX);
    assert!(malformed(MachO::parse(&b.build())).contains("extends past sizeofcmds"));

    // A command too small for its type.
    let mut b = Builder::new(MH_EXECUTE);
    b.cmd(LC_MAIN, &[0; 8]);
    assert!(malformed(MachO::parse(&b.build())).contains("LC_MAIN"));
}

#[test]
fn unknown_load_commands_are_skipped() {
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(0x7777, &[1, 2, 3, 4, 5, 6, 7, 8]);
    b.cmd(0x8000_7777, &[]);
    b.main(0x1000, 0);
    let file = b.build();
    let image = MachO::parse(&file).unwrap();
    assert_eq!(
        image.entry(),
        Some(Entry::Main {
            entryoff: 0x1000,
            stacksize: 0
        })
    );
}

#[test]
fn segments_and_sections() {
    let data = vec![Sect::new("__data", DATA_ADDR, 0x10, DATA_FILEOFF as u32, 0)];
    let file = Builder::standard(MH_EXECUTE, data).build();
    let image = MachO::parse(&file).unwrap();
    let names: Vec<_> = image.segments().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["__PAGEZERO", "__TEXT", "__DATA", "__LINKEDIT"]);
    assert_eq!(image.base_address(), BASE);
    let data = image.section("__DATA", "__data").unwrap();
    assert_eq!(data.segment_index, 2);
    assert_eq!(data.addr, DATA_ADDR);
    assert_eq!(data.align, 3);
    assert_eq!(image.section("__TEXT", "__text").unwrap().segment_index, 1);
    assert_eq!(image.segments()[1].initprot, 5);
}

#[test]
fn bad_segments_and_sections() {
    // Segment file range past the end.
    let mut b = Builder::new(MH_EXECUTE);
    b.segment("__TEXT", BASE, 0x1000, 0, 0x1000, 5, vec![]);
    let mut file = b.build();
    file.truncate(0x800);
    assert!(malformed(MachO::parse(&file)).contains("__TEXT extends past end of file"));

    // Section file range past the end.
    let sect = Sect::new("__data", DATA_ADDR, 0x10, 0xffff_fff0, 0);
    let file = Builder::standard(MH_EXECUTE, vec![sect]).build();
    assert!(malformed(MachO::parse(&file)).contains("__DATA,__data extends past end of file"));

    // Section outside its segment.
    let sect = Sect::new("__data", DATA_ADDR + DATA_SIZE, 0x10, 0, 1);
    let file = Builder::standard(MH_EXECUTE, vec![sect]).build();
    assert!(malformed(MachO::parse(&file)).contains("outside its segment"));

    // nsects that cannot fit in the command.
    let mut b = Builder::new(MH_EXECUTE);
    let mut p = vec![0u8; 64];
    p[56..60].copy_from_slice(&1000u32.to_le_bytes());
    b.cmd(LC_SEGMENT_64, &p);
    assert!(malformed(MachO::parse(&b.build())).contains("do not fit"));

    // vm range wraps around.
    let mut b = Builder::new(MH_EXECUTE);
    b.segment("__X", u64::MAX - 10, 0x100, 0, 0, 0, vec![]);
    assert!(malformed(MachO::parse(&b.build())).contains("overflows"));
}

#[test]
fn dylibs_in_ordinal_order() {
    let mut b = Builder::standard(MH_DYLIB, vec![]);
    b.dylib(LC_ID_DYLIB, "@rpath/libme.dylib", 0x10203, 0x10000);
    b.dylib(
        LC_LOAD_DYLIB,
        "/usr/lib/libSystem.B.dylib",
        0x051f_0000,
        0x10000,
    );
    b.dylib(LC_LOAD_WEAK_DYLIB, "/usr/lib/libweak.dylib", 1, 1);
    b.rpath("@loader_path/../lib");
    b.dylib(LC_REEXPORT_DYLIB, "/usr/lib/libre.dylib", 1, 1);
    b.dylib(LC_LOAD_UPWARD_DYLIB, "/usr/lib/libup.dylib", 1, 1);
    b.dylib(LC_LAZY_LOAD_DYLIB, "/usr/lib/liblazy.dylib", 1, 1);
    b.rpath("/opt/lib");
    let file = b.build();
    let image = MachO::parse(&file).unwrap();
    assert_eq!(image.file_type(), FileType::Dylib);
    assert_eq!(image.install_name(), Some("@rpath/libme.dylib"));
    let dylibs = image.dylibs();
    let got: Vec<_> = dylibs.iter().map(|d| (d.name.as_str(), d.kind)).collect();
    assert_eq!(
        got,
        [
            ("/usr/lib/libSystem.B.dylib", DylibKind::Load),
            ("/usr/lib/libweak.dylib", DylibKind::Weak),
            ("/usr/lib/libre.dylib", DylibKind::Reexport),
            ("/usr/lib/libup.dylib", DylibKind::Upward),
            ("/usr/lib/liblazy.dylib", DylibKind::Lazy),
        ]
    );
    assert_eq!(dylibs[0].current_version, 0x051f_0000);
    assert_eq!(dylibs[0].compat_version, 0x10000);
    assert_eq!(image.rpaths(), ["@loader_path/../lib", "/opt/lib"]);
}

#[test]
fn dylib_use_command_flags() {
    // macOS 15 style: LC_LOAD_DYLIB with the use marker and flags (weak).
    let mut p = Vec::new();
    for v in [28u32, 0x1a74_1800, 0x10000, 0x10000, 1] {
        p.extend_from_slice(&v.to_le_bytes());
    }
    p.extend_from_slice(b"/usr/lib/libw.dylib\0");
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_LOAD_DYLIB, &p);
    let file = b.build();
    let image = MachO::parse(&file).unwrap();
    assert_eq!(image.dylibs()[0].kind, DylibKind::Weak);
    assert_eq!(image.dylibs()[0].name, "/usr/lib/libw.dylib");
}

#[test]
fn bad_lc_strings() {
    // Name offset past the command.
    let mut b = Builder::new(MH_EXECUTE);
    let mut p = Vec::new();
    for v in [200u32, 2, 0, 0] {
        p.extend_from_slice(&v.to_le_bytes());
    }
    b.cmd(LC_LOAD_DYLIB, &p);
    assert!(malformed(MachO::parse(&b.build())).contains("NUL"));

    // Name without NUL inside the command.
    let mut b = Builder::new(MH_EXECUTE);
    let mut p = 12u32.to_le_bytes().to_vec();
    p.extend_from_slice(b"/abcdefghijk");
    b.cmd_sized(LC_RPATH, 24, &p);
    assert!(malformed(MachO::parse(&b.build())).contains("NUL"));

    // Name offset pointing into the fixed part.
    let mut b = Builder::new(MH_EXECUTE);
    let mut p = 4u32.to_le_bytes().to_vec();
    p.extend_from_slice(b"/x\0\0");
    b.cmd(LC_RPATH, &p);
    assert!(malformed(MachO::parse(&b.build())).contains("offset"));
}

#[test]
fn lc_main_and_unixthread() {
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.main(0x1f30, 0x80_0000);
    let file = b.build();
    assert_eq!(
        MachO::parse(&file).unwrap().entry(),
        Some(Entry::Main {
            entryoff: 0x1f30,
            stacksize: 0x80_0000
        })
    );

    // x86_THREAD_STATE64: rax rbx rcx rdx rdi rsi rbp rsp r8..r15 rip ...
    let mut state = Vec::new();
    state.extend_from_slice(&4u32.to_le_bytes());
    state.extend_from_slice(&42u32.to_le_bytes());
    for i in 0..21u64 {
        let v = if i == 16 {
            BASE + 0x1234
        } else {
            0xdead_0000 + i
        };
        state.extend_from_slice(&v.to_le_bytes());
    }
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_UNIXTHREAD, &state);
    let file = b.build();
    assert_eq!(
        MachO::parse(&file).unwrap().entry(),
        Some(Entry::UnixThread { rip: BASE + 0x1234 })
    );

    // The same state behind an unrelated flavor first.
    let mut two = Vec::new();
    two.extend_from_slice(&99u32.to_le_bytes());
    two.extend_from_slice(&2u32.to_le_bytes());
    two.extend_from_slice(&[0; 8]);
    two.extend_from_slice(&state);
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_UNIXTHREAD, &two);
    let file = b.build();
    assert_eq!(
        MachO::parse(&file).unwrap().entry(),
        Some(Entry::UnixThread { rip: BASE + 0x1234 })
    );

    // x86_THREAD_STATE (7) wrapping the 64-bit state behind its own header.
    let mut wrapped = Vec::new();
    wrapped.extend_from_slice(&7u32.to_le_bytes());
    wrapped.extend_from_slice(&44u32.to_le_bytes());
    wrapped.extend_from_slice(&state);
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_UNIXTHREAD, &wrapped);
    let file = b.build();
    assert_eq!(
        MachO::parse(&file).unwrap().entry(),
        Some(Entry::UnixThread { rip: BASE + 0x1234 })
    );

    // No 64-bit state at all.
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_UNIXTHREAD, &[1, 0, 0, 0, 0, 0, 0, 0]);
    assert!(malformed(MachO::parse(&b.build())).contains("x86_THREAD_STATE64"));

    // A count that runs past the command.
    let mut bad = state.clone();
    bad[4..8].copy_from_slice(&1000u32.to_le_bytes());
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_UNIXTHREAD, &bad);
    assert!(malformed(MachO::parse(&b.build())).contains("LC_UNIXTHREAD"));

    // LC_MAIN and LC_UNIXTHREAD together.
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.main(0, 0);
    b.cmd(LC_UNIXTHREAD, &state);
    assert!(malformed(MachO::parse(&b.build())).contains("more than one"));
}

#[test]
fn uuid_and_versions() {
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_UUID, &[7; 16]);
    let mut v = Vec::new();
    for x in [1u32, 0x000b_0000, 0x000e_0000, 0] {
        v.extend_from_slice(&x.to_le_bytes());
    }
    b.cmd(LC_BUILD_VERSION, &v);
    let file = b.build();
    let image = MachO::parse(&file).unwrap();
    assert_eq!(image.uuid(), Some([7; 16]));
    assert_eq!(image.min_os(), Some((1, 0x000b_0000)));
    assert_eq!(image.build_version().unwrap().sdk, 0x000e_0000);

    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    let mut v = Vec::new();
    for x in [0x000a_0d00u32, 0x000a_0f00] {
        v.extend_from_slice(&x.to_le_bytes());
    }
    b.cmd(LC_VERSION_MIN_MACOSX, &v);
    let file = b.build();
    assert_eq!(
        MachO::parse(&file).unwrap().min_os(),
        Some((1, 0x000a_0d00))
    );

    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.cmd(LC_UUID, &[7; 16]).cmd(LC_UUID, &[8; 16]);
    assert!(malformed(MachO::parse(&b.build())).contains("LC_UUID"));
}

#[test]
fn linkedit_ranges_are_checked() {
    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.symtab(0xffff_0000, 10, LINKEDIT_FILEOFF as u32, 16);
    assert!(malformed(MachO::parse(&b.build())).contains("symbol table"));

    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.linkedit_cmd(LC_DYLD_EXPORTS_TRIE, LINKEDIT_FILEOFF as u32, 0x10_0000);
    assert!(malformed(MachO::parse(&b.build())).contains("exports trie"));

    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.dyld_info([(0, 0), (0xfff0_0000, 4), (0, 0), (0, 0), (0, 0)]);
    assert!(malformed(MachO::parse(&b.build())).contains("bind info"));

    let mut b = Builder::standard(MH_EXECUTE, vec![]);
    b.dyld_info([(0, 0); 5]);
    b.linkedit_cmd(LC_DYLD_CHAINED_FIXUPS, LINKEDIT_FILEOFF as u32, 0);
    assert!(malformed(MachO::parse(&b.build())).contains("both"));
}
