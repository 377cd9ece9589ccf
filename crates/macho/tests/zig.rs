//! Integration test on real linker output: compiles a small C program and
//! dylib for x86_64-macos with zig (classic dyld-info fixups) and, when an
//! `ld64.lld` is installed, links the same objects with `-fixup_chains`.
//! Skipped with a message when zig is not installed. When `llvm-objdump` is
//! available, the classic fixups and exports are cross-checked against it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use calvados_macho::{
    select_slice, BindOrdinal, DylibKind, Entry, Export, ExportKind, FileType, Fixups, InitFunc,
    MachO,
};

const LIB_C: &str = r#"
__thread int tls_counter = 5;
__thread char tls_buf[64];
int lib_value = 42;
int *lib_ptr = &lib_value;
__attribute__((weak)) int weak_fn(void) { return 1; }
int lib_add(int a, int b) { return a + b + tls_counter + tls_buf[a & 63]; }
static volatile int lib_sink;
// The volatile read keeps the optimizer from evaluating the constructor away.
__attribute__((constructor)) static void lib_init(void) { lib_value += lib_sink; }
"#;

const MAIN_C: &str = r#"
#include <stdio.h>
extern int lib_add(int, int);
extern int lib_value;
extern int weak_fn(void) __attribute__((weak_import));
static int counter;
void *ptrs[] = { &counter, (void *)&printf, (char *)&counter + 8, &lib_value };
static volatile int main_sink;
__attribute__((constructor)) static void init_main(void) { counter = main_sink; }
int main(int argc, char **argv) {
    if (weak_fn) weak_fn();
    printf("%d %p\n", lib_add(argc, lib_value), ptrs[argc % 4]);
    return 0;
}
"#;

/// A libSystem stub for ld64.lld (zig's own .tbd names arches lld does not know).
const LIBSYSTEM_TBD: &str = "--- !tapi-tbd
tbd-version: 4
targets: [ x86_64-macos ]
install-name: '/usr/lib/libSystem.B.dylib'
current-version: 1311
exports:
  - targets: [ x86_64-macos ]
    symbols: [ _printf, ___cxa_atexit, __tlv_bootstrap, dyld_stub_binder ]
...
";

fn run(cmd: &mut Command) -> bool {
    match cmd.output() {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            eprintln!(
                "{cmd:?} failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            false
        }
        Err(_) => false,
    }
}

fn zig_cc(dir: &Path) -> Command {
    let mut c = Command::new("python3");
    c.args(["-m", "ziglang", "cc", "-target", "x86_64-macos.13.0", "-O1"]);
    c.current_dir(dir);
    c
}

fn have_zig() -> bool {
    Command::new("python3")
        .args(["-m", "ziglang", "version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn find_tool(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|n| Command::new(n).arg("--version").output().is_ok())
        .map(|n| n.to_string())
}

fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lib.c"), LIB_C).unwrap();
    std::fs::write(dir.join("main.c"), MAIN_C).unwrap();
    dir
}

/// Address of a symbol from the symbol table (locals included).
fn symbol(image: &MachO<'_>, name: &str) -> u64 {
    image
        .symbols()
        .unwrap()
        .iter()
        .find(|s| s.name == name.as_bytes())
        .unwrap_or_else(|| panic!("no symbol {name}"))
        .address
}

fn regular_offset(e: &Export<'_>) -> u64 {
    match e.kind {
        ExportKind::Regular { offset } => offset,
        other => panic!("{:?} is {other:?}", String::from_utf8_lossy(e.name)),
    }
}

/// Checks common to both link modes for the dylib.
fn check_dylib(file: &[u8], chained: bool) {
    let image = MachO::parse(select_slice(file).unwrap()).unwrap();
    assert_eq!(image.file_type(), FileType::Dylib);
    assert_eq!(image.install_name(), Some("@rpath/libfoo.dylib"));
    assert!(image
        .dylibs()
        .iter()
        .any(|d| d.name == "/usr/lib/libSystem.B.dylib"));
    assert!(image.uuid().is_some() || chained);
    let base = image.base_address();

    // Exports: every one found by name, with the symbol table's address.
    let exports = image.exports().unwrap();
    for e in &exports {
        assert_eq!(image.find_export(e.name).unwrap().as_ref(), Some(e));
    }
    let get = |name: &[u8]| image.find_export(name).unwrap().unwrap();
    let add = get(b"_lib_add");
    assert_eq!(base + regular_offset(&add), symbol(&image, "_lib_add"));
    assert!(!add.weak && !add.thread_local);
    assert!(get(b"_weak_fn").weak);
    assert!(get(b"_tls_counter").thread_local);
    assert!(get(b"_tls_buf").thread_local);
    assert_eq!(image.find_export(b"_lib_ad").unwrap(), None);

    // lib_ptr = &lib_value is a rebase (with its target, for chained fixups).
    let fixups = image.fixups().unwrap();
    let lib_ptr = symbol(&image, "_lib_ptr");
    let rebase = fixups
        .rebases
        .iter()
        .find(|r| r.address == lib_ptr)
        .expect("rebase of lib_ptr");
    if chained {
        assert_eq!(rebase.target, Some(symbol(&image, "_lib_value")));
    } else {
        assert_eq!(rebase.target, None);
    }
    check_fixups_in_segments(&image, &fixups);

    // TLV: two descriptors; template = 4 initialized bytes + 64 zero bytes.
    let tlv = image.tlv().unwrap().expect("thread-local variables");
    assert_eq!(tlv.descriptor_count, 2);
    let vars = image
        .sections()
        .iter()
        .find(|s| s.section_type() == 0x13)
        .unwrap();
    assert_eq!(tlv.descriptors_addr, vars.addr);
    assert!(tlv.template_init_size >= 4, "{tlv:?}");
    assert!(tlv.template_size >= 68, "{tlv:?}");
    assert!(tlv.template_size >= tlv.template_init_size);
    assert!(tlv.template_align >= 16);
    // Each descriptor's thunk slot is bound to _tlv_bootstrap.
    for i in 0..tlv.descriptor_count {
        let slot = tlv.descriptors_addr + 24 * i;
        assert!(
            fixups
                .binds
                .iter()
                .any(|b| b.address == slot && b.symbol == b"__tlv_bootstrap"),
            "descriptor {i} thunk not bound"
        );
    }

    assert_eq!(image.init_funcs().unwrap().len(), 1, "lib_init");
}

/// Every fixup lies inside a segment and rebase targets inside the image.
fn check_fixups_in_segments(image: &MachO<'_>, fixups: &Fixups<'_>) {
    let inside = |a: u64| {
        image
            .segments()
            .iter()
            .any(|s| a >= s.vmaddr && a + 8 <= s.vmaddr + s.vmsize)
    };
    for r in &fixups.rebases {
        assert!(inside(r.address), "{r:?}");
        if let Some(t) = r.target {
            assert!(
                image
                    .segments()
                    .iter()
                    .any(|s| t >= s.vmaddr && t <= s.vmaddr + s.vmsize),
                "{r:?}"
            );
        }
    }
    for b in &fixups.binds {
        assert!(inside(b.address), "{b:?}");
    }
}

fn check_main(file: &[u8], chained: bool) {
    let image = MachO::parse(select_slice(file).unwrap()).unwrap();
    assert_eq!(image.file_type(), FileType::Execute);
    assert_eq!(image.rpaths(), ["@loader_path"]);
    let dylibs = image.dylibs();
    let ordinal_of = |name: &str| {
        let i = dylibs.iter().position(|d| d.name == name).unwrap();
        BindOrdinal::Dylib(i as u16 + 1)
    };
    let libfoo = ordinal_of("@rpath/libfoo.dylib");
    let libsystem = ordinal_of("/usr/lib/libSystem.B.dylib");
    assert!(dylibs.iter().all(|d| d.kind == DylibKind::Load));
    let base = image.base_address();
    assert_eq!(base, 0x1_0000_0000);
    assert!(image.min_os().is_some());

    let Some(Entry::Main { entryoff, .. }) = image.entry() else {
        panic!("no LC_MAIN");
    };
    let main = image.find_export(b"_main").unwrap().unwrap();
    assert_eq!(regular_offset(&main), entryoff);
    assert_eq!(base + entryoff, symbol(&image, "_main"));
    let mh = image.find_export(b"__mh_execute_header").unwrap().unwrap();
    assert_eq!(regular_offset(&mh), 0);

    let fixups = image.fixups().unwrap();
    check_fixups_in_segments(&image, &fixups);
    let ptrs = symbol(&image, "_ptrs");
    let counter = symbol(&image, "_counter");
    let rebase_at = |a: u64| fixups.rebases.iter().find(|r| r.address == a).copied();
    let r0 = rebase_at(ptrs).expect("ptrs[0] rebase");
    let r2 = rebase_at(ptrs + 16).expect("ptrs[2] rebase");
    if chained {
        assert_eq!(r0.target, Some(counter));
        assert_eq!(r2.target, Some(counter + 8));
    }
    let bind_at = |a: u64| {
        fixups
            .binds
            .iter()
            .find(|b| b.address == a)
            .unwrap_or_else(|| panic!("no bind at {a:#x}: {:#?}", fixups.binds))
    };
    let printf = bind_at(ptrs + 8);
    assert_eq!(
        (printf.symbol, printf.ordinal),
        (&b"_printf"[..], libsystem)
    );
    let value = bind_at(ptrs + 24);
    assert_eq!((value.symbol, value.ordinal), (&b"_lib_value"[..], libfoo));
    let weak = fixups
        .binds
        .iter()
        .find(|b| b.symbol == b"_weak_fn")
        .expect("bind of weak_fn");
    assert!(weak.weak_import);
    // weak_fn is a weak definition: lld binds it through the weak lookup.
    assert!(
        weak.ordinal == libfoo || weak.ordinal == BindOrdinal::WeakLookup,
        "{weak:?}"
    );
    assert!(fixups
        .binds
        .iter()
        .any(|b| b.symbol == b"_lib_add" && b.ordinal == libfoo));

    // ld64-style __mod_init_func (a rebased pointer), or lld's
    // __init_offsets with -fixup_chains.
    let init_main = symbol(&image, "_init_main");
    match image.init_funcs().unwrap()[..] {
        [InitFunc::Pointer(slot)] => {
            let rebase = rebase_at(slot).expect("init pointer is rebased");
            assert!(rebase.target.is_none() || rebase.target == Some(init_main));
        }
        [InitFunc::Offset(off)] => assert_eq!(base + u64::from(off), init_main),
        ref other => panic!("unexpected initializers {other:?}"),
    }
    assert_eq!(image.tlv().unwrap(), None);
}

/// Parses llvm-objdump's `--rebase`/`--bind`/`--lazy-bind` tables into
/// `(table, address, symbol)` rows.
fn objdump_rows(objdump: &str, file: &Path) -> Option<BTreeSet<(String, u64, String)>> {
    let out = Command::new(objdump)
        .args([
            "--macho",
            "--rebase",
            "--bind",
            "--lazy-bind",
            "--weak-bind",
        ])
        .arg(file)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rows = BTreeSet::new();
    let mut table = String::new();
    for line in text.lines() {
        if line.ends_with("table:") {
            table = line.trim_end_matches(" table:").to_string();
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some(addr) = cols.get(2).and_then(|a| a.strip_prefix("0x")) else {
            continue;
        };
        let Ok(addr) = u64::from_str_radix(addr, 16) else {
            continue;
        };
        let mut names = cols.iter().rev().filter(|c| **c != "(weak_import)");
        let sym = if table == "Rebase" {
            ""
        } else {
            names.next().copied().unwrap_or("")
        };
        rows.insert((table.clone(), addr, sym.to_string()));
    }
    Some(rows)
}

fn our_rows(file: &[u8]) -> BTreeSet<(String, u64, String)> {
    let image = MachO::parse(file).unwrap();
    let f = image.fixups().unwrap();
    let mut rows = BTreeSet::new();
    for r in &f.rebases {
        rows.insert(("Rebase".to_string(), r.address, String::new()));
    }
    for b in &f.binds {
        let table = if b.lazy { "Lazy bind" } else { "Bind" };
        let sym = String::from_utf8_lossy(b.symbol).into_owned();
        rows.insert((table.to_string(), b.address, sym));
    }
    for w in &f.weak_binds {
        if let Some(a) = w.address {
            let sym = String::from_utf8_lossy(w.symbol).into_owned();
            rows.insert(("Weak bind".to_string(), a, sym));
        }
    }
    rows
}

fn cross_check_with_objdump(dir: &Path) {
    let Some(objdump) = find_tool(&["llvm-objdump", "llvm-objdump-19", "llvm-objdump-18"]) else {
        eprintln!("llvm-objdump not found: skipping the cross-check");
        return;
    };
    for name in ["main", "libfoo.dylib"] {
        let path = dir.join(name);
        let file = std::fs::read(&path).unwrap();
        let Some(theirs) = objdump_rows(&objdump, &path) else {
            eprintln!("{objdump} cannot dump {name}: skipping the cross-check");
            continue;
        };
        assert_eq!(
            our_rows(&file),
            theirs,
            "{name}: fixups differ from {objdump}"
        );

        // Exports: "0xADDR name" lines.
        let out = Command::new(&objdump)
            .args(["--macho", "--exports-trie"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let theirs: BTreeSet<(u64, String)> = text
            .lines()
            .filter_map(|l| {
                let (addr, name) = l.trim().split_once("  ")?;
                let addr = u64::from_str_radix(addr.strip_prefix("0x")?, 16).ok()?;
                Some((addr, name.split_whitespace().next()?.to_string()))
            })
            .collect();
        let image = MachO::parse(&file).unwrap();
        let base = image.base_address();
        let ours: BTreeSet<(u64, String)> = image
            .exports()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    base + regular_offset(e),
                    String::from_utf8_lossy(e.name).into_owned(),
                )
            })
            .collect();
        // llvm-objdump prints thread-local exports' offsets too, the same way.
        assert_eq!(ours, theirs, "{name}: exports differ from {objdump}");
    }
}

#[test]
fn zig_built_images() {
    if !have_zig() {
        eprintln!("zig (python3 -m ziglang) not found: skipping the real-binary test");
        return;
    }
    let dir = workdir("zig-classic");
    assert!(run(zig_cc(&dir).args([
        "-shared",
        "-o",
        "libfoo.dylib",
        "lib.c",
        "-Wl,-install_name,@rpath/libfoo.dylib",
    ])));
    assert!(run(zig_cc(&dir).args([
        "-o",
        "main",
        "main.c",
        "-L.",
        "-lfoo",
        "-Wl,-rpath,@loader_path",
    ])));
    let lib = std::fs::read(dir.join("libfoo.dylib")).unwrap();
    let main = std::fs::read(dir.join("main")).unwrap();
    check_dylib(&lib, false);
    check_main(&main, false);
    cross_check_with_objdump(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lld_chained_fixups() {
    if !have_zig() {
        eprintln!("zig (python3 -m ziglang) not found: skipping the chained-fixups test");
        return;
    }
    let lld_names = [
        "ld64.lld",
        "ld64.lld-20",
        "ld64.lld-19",
        "ld64.lld-18",
        "ld64.lld-17",
    ];
    let Some(lld) = find_tool(&lld_names) else {
        eprintln!("ld64.lld not found: skipping the chained-fixups test");
        return;
    };
    let dir = workdir("lld-chained");
    std::fs::write(dir.join("libSystem.tbd"), LIBSYSTEM_TBD).unwrap();
    assert!(run(zig_cc(&dir).args(["-c", "lib.c", "-o", "lib.o"])));
    assert!(run(zig_cc(&dir).args(["-c", "main.c", "-o", "main.o"])));
    let link = || {
        let mut c = Command::new(&lld);
        c.current_dir(&dir);
        c.args([
            "-arch",
            "x86_64",
            "-platform_version",
            "macos",
            "13.0",
            "13.0",
            "-fixup_chains",
        ]);
        c
    };
    assert!(run(link().args([
        "-dylib",
        "-o",
        "libfoo.dylib",
        "lib.o",
        "-install_name",
        "@rpath/libfoo.dylib",
        "libSystem.tbd",
    ])));
    assert!(run(link().args([
        "-o",
        "main",
        "main.o",
        "libfoo.dylib",
        "libSystem.tbd",
        "-rpath",
        "@loader_path",
    ])));
    let lib = std::fs::read(dir.join("libfoo.dylib")).unwrap();
    let main = std::fs::read(dir.join("main")).unwrap();
    // Make sure lld really used chained fixups (LC_DYLD_CHAINED_FIXUPS).
    let has_chained = |f: &[u8]| f.windows(4).any(|w| w == 0x8000_0034u32.to_le_bytes());
    assert!(has_chained(&main), "lld did not emit chained fixups");
    check_dylib(&lib, true);
    check_main(&main, true);
    let _ = std::fs::remove_dir_all(&dir);
}
