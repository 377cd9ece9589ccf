//! libmacho's architecture table (`<mach-o/arch.h>`): `NXArchInfo`
//! lookups by name and by CPU type (cctools' `arch.c`: the family entries
//! come first, so a `CPU_SUBTYPE_MULTIPLE` lookup finds the family).

use libc::{c_char, c_int};

/// `struct NXArchInfo`.
#[repr(C)]
pub struct ArchInfo {
    name: *const c_char,
    cputype: c_int,
    cpusubtype: c_int,
    byteorder: c_int,
    description: *const c_char,
}
const _: () = assert!(core::mem::size_of::<ArchInfo>() == 32);
const _: () = assert!(core::mem::offset_of!(ArchInfo, description) == 24);

// SAFETY: the table only holds pointers to static strings.
unsafe impl Sync for ArchInfo {}

// <mach/machine.h>
const ABI64: c_int = 0x0100_0000;
const ANY: c_int = -1;
const MC680X0: c_int = 6;
const X86: c_int = 7;
const X86_64: c_int = X86 | ABI64;
const HPPA: c_int = 11;
const ARM: c_int = 12;
const ARM64: c_int = ARM | ABI64;
const MC88000: c_int = 13;
const SPARC: c_int = 14;
const I860: c_int = 15;
const POWERPC: c_int = 18;
const POWERPC64: c_int = POWERPC | ABI64;
const SUBTYPE_MULTIPLE: c_int = -1;
const SUBTYPE_MASK: c_int = 0xff00_0000u32 as c_int;
const fn intel(f: c_int, m: c_int) -> c_int {
    f + (m << 4)
}

// enum NXByteOrder
const UNKNOWN: c_int = 0;
const LITTLE: c_int = 1;
const BIG: c_int = 2;

macro_rules! arch {
    ($name:literal, $t:expr, $s:expr, $o:expr, $d:literal) => {
        ArchInfo {
            name: concat!($name, "\0").as_ptr().cast(),
            cputype: $t,
            cpusubtype: $s,
            byteorder: $o,
            description: concat!($d, "\0").as_ptr().cast(),
        }
    };
}

/// cctools' table: families, then specific implementations; NULL-ended.
static TABLE: [ArchInfo; 30] = [
    arch!("hppa", HPPA, 0, BIG, "HP-PA"),
    arch!("i386", X86, intel(3, 0), LITTLE, "Intel 80x86"),
    arch!("x86_64", X86_64, 3, LITTLE, "Intel x86-64"),
    arch!("x86_64h", X86_64, 8, LITTLE, "Intel x86-64h Haswell"),
    arch!("i860", I860, 0, BIG, "Intel 860"),
    arch!("m68k", MC680X0, 1, BIG, "Motorola 68K"),
    arch!("m88k", MC88000, 0, BIG, "Motorola 88K"),
    arch!("ppc", POWERPC, 0, BIG, "PowerPC"),
    arch!("ppc64", POWERPC64, 0, BIG, "PowerPC 64-bit"),
    arch!("sparc", SPARC, 0, BIG, "SPARC"),
    arch!("arm", ARM, 0, LITTLE, "ARM"),
    arch!("arm64", ARM64, 0, LITTLE, "ARM64"),
    arch!(
        "any",
        ANY,
        SUBTYPE_MULTIPLE,
        UNKNOWN,
        "Architecture Independent"
    ),
    arch!("i486", X86, intel(4, 0), LITTLE, "Intel 80486"),
    arch!("i486SX", X86, intel(4, 8), LITTLE, "Intel 80486SX"),
    arch!("pentium", X86, intel(5, 0), LITTLE, "Intel Pentium"),
    arch!("i586", X86, intel(5, 0), LITTLE, "Intel 80586"),
    arch!("pentpro", X86, intel(6, 1), LITTLE, "Intel Pentium Pro"),
    arch!("i686", X86, intel(6, 1), LITTLE, "Intel Pentium Pro"),
    arch!(
        "pentIIm3",
        X86,
        intel(6, 3),
        LITTLE,
        "Intel Pentium II Model 3"
    ),
    arch!(
        "pentIIm5",
        X86,
        intel(6, 5),
        LITTLE,
        "Intel Pentium II Model 5"
    ),
    arch!("pentium4", X86, intel(10, 0), LITTLE, "Intel Pentium 4"),
    arch!("ppc970", POWERPC, 100, BIG, "PowerPC 970"),
    arch!("ppc970-64", POWERPC64, 100, BIG, "PowerPC 970 64-bit"),
    arch!("armv6", ARM, 6, LITTLE, "arm v6"),
    arch!("armv7", ARM, 9, LITTLE, "arm v7"),
    arch!("arm64", ARM64, 1, LITTLE, "arm64 v8"),
    arch!("little", ANY, 0, LITTLE, "Little Endian"),
    arch!("big", ANY, 1, BIG, "Big Endian"),
    ArchInfo {
        name: core::ptr::null(),
        cputype: 0,
        cpusubtype: 0,
        byteorder: 0,
        description: core::ptr::null(),
    },
];

fn entries() -> &'static [ArchInfo] {
    &TABLE[..TABLE.len() - 1]
}

/// `NXGetAllArchInfos()`: the table, ended by an entry with a NULL name.
extern "C" fn nx_get_all_arch_infos() -> *const ArchInfo {
    TABLE.as_ptr()
}

/// `NXGetArchInfoFromName(name)`.
unsafe extern "C" fn nx_get_arch_info_from_name(name: *const c_char) -> *const ArchInfo {
    if name.is_null() {
        return core::ptr::null();
    }
    // SAFETY: a C string.
    let want = unsafe { core::ffi::CStr::from_ptr(name) };
    entries()
        .iter()
        // SAFETY: our names are C strings.
        .find(|a| unsafe { core::ffi::CStr::from_ptr(a.name) } == want)
        .map_or(core::ptr::null(), |a| a)
}

/// `NXGetArchInfoFromCpuType(type, subtype)`: the first entry of that
/// type whose subtype matches (feature bits ignored), any subtype for
/// `CPU_SUBTYPE_MULTIPLE`; an unknown i386 or PowerPC subtype gets a new
/// entry describing it ("Intel family F model M"), as cctools makes.
extern "C" fn nx_get_arch_info_from_cpu_type(cputype: c_int, sub: c_int) -> *const ArchInfo {
    if let Some(a) = entries().iter().find(|a| {
        a.cputype == cputype
            && (sub == SUBTYPE_MULTIPLE || a.cpusubtype & !SUBTYPE_MASK == sub & !SUBTYPE_MASK)
    }) {
        return a;
    }
    let desc = match cputype {
        X86 => {
            let s = sub & !SUBTYPE_MASK;
            format!("Intel family {} model {}", s & 15, s >> 4)
        }
        POWERPC => format!("PowerPC cpusubtype {}", sub as u32),
        _ => return core::ptr::null(),
    };
    let family = entries()
        .iter()
        .find(|a| a.cputype == cputype)
        .expect("family entry");
    let desc = std::ffi::CString::new(desc).expect("no NUL").into_raw();
    // Like cctools, a fresh allocation per call, owned by the caller.
    Box::into_raw(Box::new(ArchInfo {
        name: family.name,
        cputype,
        cpusubtype: sub,
        byteorder: family.byteorder,
        description: desc,
    }))
}

/// `NXGetLocalArchInfo()`: x86_64.
extern "C" fn nx_get_local_arch_info() -> *const ArchInfo {
    nx_get_arch_info_from_cpu_type(X86_64, 3)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_NXGetAllArchInfos" => nx_get_all_arch_infos,
    func "_NXGetArchInfoFromName" => nx_get_arch_info_from_name,
    func "_NXGetArchInfoFromCpuType" => nx_get_arch_info_from_cpu_type,
    func "_NXGetLocalArchInfo" => nx_get_local_arch_info,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn name(a: *const ArchInfo) -> String {
        // SAFETY: an entry of ours.
        unsafe { core::ffi::CStr::from_ptr((*a).name) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn lookups() {
        assert_eq!(name(nx_get_arch_info_from_cpu_type(X86_64, 3)), "x86_64");
        assert_eq!(name(nx_get_arch_info_from_cpu_type(X86_64, 8)), "x86_64h");
        assert_eq!(
            name(nx_get_arch_info_from_cpu_type(
                X86_64,
                0x8000_0003u32 as c_int
            )),
            "x86_64"
        );
        assert_eq!(
            name(nx_get_arch_info_from_cpu_type(ARM64, SUBTYPE_MULTIPLE)),
            "arm64"
        );
        assert!(nx_get_arch_info_from_cpu_type(99, 0).is_null());
        // SAFETY: a literal C string.
        let a = unsafe { nx_get_arch_info_from_name(c"ppc".as_ptr()) };
        // SAFETY: an entry of ours.
        assert_eq!(unsafe { (*a).byteorder }, BIG);
    }
}
