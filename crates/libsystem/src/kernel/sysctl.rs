//! `sysctl`, `sysctlbyname`, `sysctlnametomib` for the names real software
//! asks. Values describe the darwin identity (`identity.rs`) on this host's
//! hardware (CPU features from `cpuid`). MIB numbers are from
//! `<sys/sysctl.h>`; names without a fixed number get one from the "auto"
//! range (≥ 100), stable for the process. `kern.proc` (`KERN_PROC_*`:
//! darwin `struct kinfo_proc`) and `kern.procargs2` describe processes from
//! Linux's `/proc` (a Mach-O program's own path and argv, not Calvados').

use crate::errno::darwin;
use crate::identity;
use libc::{c_char, c_int, c_void, size_t};

/// A value and how it is returned.
enum Value {
    Int(i32),
    Quad(i64),
    Str(String),
    /// `struct timeval` (darwin: `{long; int}` padded to 16 bytes).
    Timeval(i64, i32),
}

/// `(name, mib)` of every known entry.
const NAMES: &[(&str, &[c_int])] = &[
    ("kern.ostype", &[1, 1]),
    ("kern.osrelease", &[1, 2]),
    ("kern.osrevision", &[1, 3]),
    ("kern.version", &[1, 4]),
    ("kern.maxproc", &[1, 6]),
    ("kern.maxfiles", &[1, 7]),
    ("kern.argmax", &[1, 8]),
    ("kern.hostname", &[1, 10]),
    ("kern.boottime", &[1, 21]),
    ("kern.osversion", &[1, 65]),
    ("kern.osproductversion", &[1, 100]),
    ("kern.maxfilesperproc", &[1, 29]),
    ("kern.hv_vmm_present", &[1, 101]),
    ("kern.hv_support", &[1, 102]),
    ("kern.secure_kernel", &[1, 103]),
    ("sysctl.proc_translated", &[0, 100]),
    ("hw.machine", &[6, 1]),
    ("hw.model", &[6, 2]),
    ("hw.ncpu", &[6, 3]),
    ("hw.byteorder", &[6, 4]),
    ("hw.physmem", &[6, 5]),
    ("hw.usermem", &[6, 6]),
    ("hw.pagesize", &[6, 7]),
    ("hw.memsize", &[6, 24]),
    ("hw.activecpu", &[6, 25]),
    ("hw.logicalcpu", &[6, 100]),
    ("hw.logicalcpu_max", &[6, 101]),
    ("hw.physicalcpu", &[6, 102]),
    ("hw.physicalcpu_max", &[6, 103]),
    ("hw.cachelinesize", &[6, 104]),
    ("hw.cpu64bit_capable", &[6, 105]),
    ("hw.optional.x86_64", &[6, 110]),
    ("hw.optional.sse", &[6, 111]),
    ("hw.optional.sse2", &[6, 112]),
    ("hw.optional.sse3", &[6, 113]),
    ("hw.optional.supplementalsse3", &[6, 114]),
    ("hw.optional.sse4_1", &[6, 115]),
    ("hw.optional.sse4_2", &[6, 116]),
    ("hw.optional.avx1_0", &[6, 117]),
    ("hw.optional.avx2_0", &[6, 118]),
    ("hw.optional.aes", &[6, 119]),
    ("hw.optional.floatingpoint", &[6, 120]),
    ("hw.optional.mmx", &[6, 121]),
    ("hw.optional.rdrand", &[6, 122]),
    ("hw.optional.f16c", &[6, 123]),
    ("hw.optional.enfstrg", &[6, 124]),
    ("hw.optional.fma", &[6, 125]),
    ("hw.optional.bmi1", &[6, 126]),
    ("hw.optional.bmi2", &[6, 127]),
    ("hw.optional.rtm", &[6, 128]),
    ("hw.optional.hle", &[6, 129]),
    ("hw.optional.adx", &[6, 130]),
    ("hw.optional.mpx", &[6, 131]),
    ("hw.optional.sgx", &[6, 132]),
    ("hw.optional.avx512f", &[6, 133]),
    ("hw.optional.avx512cd", &[6, 134]),
    ("hw.optional.avx512dq", &[6, 135]),
    ("hw.optional.avx512bw", &[6, 136]),
    ("hw.optional.avx512vl", &[6, 137]),
    ("hw.optional.avx512ifma", &[6, 138]),
    ("hw.optional.avx512vbmi", &[6, 139]),
    ("hw.l1icachesize", &[6, 17]),
    ("hw.l1dcachesize", &[6, 18]),
    ("hw.l2cachesize", &[6, 20]),
    ("hw.l3cachesize", &[6, 22]),
    ("machdep.cpu.brand_string", &[7, 100]),
    ("machdep.cpu.core_count", &[7, 101]),
    ("machdep.cpu.thread_count", &[7, 102]),
    ("machdep.cpu.vendor", &[7, 103]),
    ("machdep.cpu.family", &[7, 104]),
    ("machdep.cpu.model", &[7, 105]),
    ("machdep.cpu.stepping", &[7, 106]),
    ("machdep.cpu.signature", &[7, 107]),
    ("machdep.cpu.extfamily", &[7, 108]),
    ("machdep.cpu.extmodel", &[7, 109]),
];

/// Nodes whose value depends on further MIB words (`kern.proc.pid.<pid>`,
/// `kern.procargs2.<pid>`): `sysctlnametomib` gives their prefix.
const NODES: &[(&str, &[c_int])] = &[
    ("kern.proc", &[1, KERN_PROC]),
    ("kern.proc.all", &[1, KERN_PROC, KERN_PROC_ALL]),
    ("kern.proc.pid", &[1, KERN_PROC, KERN_PROC_PID]),
    ("kern.proc.pgrp", &[1, KERN_PROC, KERN_PROC_PGRP]),
    ("kern.proc.session", &[1, KERN_PROC, KERN_PROC_SESSION]),
    ("kern.proc.tty", &[1, KERN_PROC, KERN_PROC_TTY]),
    ("kern.proc.uid", &[1, KERN_PROC, KERN_PROC_UID]),
    ("kern.proc.ruid", &[1, KERN_PROC, KERN_PROC_RUID]),
    ("kern.procargs2", &[1, KERN_PROCARGS2]),
];

/// `KERN_PROC`, its subtypes, and `KERN_PROCARGS2` (`<sys/sysctl.h>`).
const KERN_PROC: c_int = 14;
const KERN_PROC_ALL: c_int = 0;
const KERN_PROC_PID: c_int = 1;
const KERN_PROC_PGRP: c_int = 2;
const KERN_PROC_SESSION: c_int = 3;
const KERN_PROC_TTY: c_int = 4;
const KERN_PROC_UID: c_int = 5;
const KERN_PROC_RUID: c_int = 6;
const KERN_PROCARGS2: c_int = 49;

fn ncpu() -> i32 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) as i32 }
}

fn ncpu_max() -> i32 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_NPROCESSORS_CONF) as i32 }
}

/// Physical cores among the online CPUs: distinct (package, core) pairs.
fn physical_cpus() -> i32 {
    let online = std::fs::read_to_string("/sys/devices/system/cpu/online").unwrap_or_default();
    let mut cpus = Vec::new();
    for part in online.trim().split(',').filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
            cpus.extend(a..=b);
        }
    }
    let mut cores: Vec<(String, String)> = cpus
        .iter()
        .filter_map(|c| {
            let t = format!("/sys/devices/system/cpu/cpu{c}/topology");
            let pkg = std::fs::read_to_string(format!("{t}/physical_package_id")).ok()?;
            let core = std::fs::read_to_string(format!("{t}/core_id")).ok()?;
            Some((pkg.trim().to_string(), core.trim().to_string()))
        })
        .collect();
    cores.sort();
    cores.dedup();
    if cores.is_empty() {
        ncpu()
    } else {
        cores.len() as i32
    }
}

/// `cpuid` leaf (and sub-leaf) registers `[eax, ebx, ecx, edx]`.
fn cpuid(leaf: u32, sub: u32) -> [u32; 4] {
    // Every x86_64 CPU has `cpuid`; leaves above the maximum return zeros
    // or the highest leaf's data, which callers check.
    let r = core::arch::x86_64::__cpuid_count(leaf, sub);
    [r.eax, r.ebx, r.ecx, r.edx]
}

/// A CPU feature bit: (leaf, register index, bit).
fn cpu_bit(leaf: u32, reg: usize, bit: u32) -> bool {
    let max = if leaf >= 0x8000_0000 {
        cpuid(0x8000_0000, 0)[0]
    } else {
        cpuid(0, 0)[0]
    };
    leaf <= max && cpuid(leaf, 0)[reg] & (1 << bit) != 0
}

/// darwin's `hw.optional.*` x86 feature names → cpuid bits.
fn optional_feature(name: &str) -> Option<bool> {
    const EBX: usize = 1;
    const ECX: usize = 2;
    const EDX: usize = 3;
    let (leaf, reg, bit) = match name {
        "mmx" => (1, EDX, 23),
        "sse" => (1, EDX, 25),
        "sse2" => (1, EDX, 26),
        "sse3" => (1, ECX, 0),
        "supplementalsse3" => (1, ECX, 9),
        "fma" => (1, ECX, 12),
        "sse4_1" => (1, ECX, 19),
        "sse4_2" => (1, ECX, 20),
        "aes" => (1, ECX, 25),
        "avx1_0" => (1, ECX, 28),
        "f16c" => (1, ECX, 29),
        "rdrand" => (1, ECX, 30),
        "sgx" => (7, EBX, 2),
        "bmi1" => (7, EBX, 3),
        "hle" => (7, EBX, 4),
        "avx2_0" => (7, EBX, 5),
        "bmi2" => (7, EBX, 8),
        "enfstrg" => (7, EBX, 9),
        "rtm" => (7, EBX, 11),
        "mpx" => (7, EBX, 14),
        "avx512f" => (7, EBX, 16),
        "avx512dq" => (7, EBX, 17),
        "adx" => (7, EBX, 19),
        "avx512ifma" => (7, EBX, 21),
        "avx512cd" => (7, EBX, 28),
        "avx512bw" => (7, EBX, 30),
        "avx512vl" => (7, EBX, 31),
        "avx512vbmi" => (7, ECX, 1),
        "x86_64" => (0x8000_0001, EDX, 29),
        "floatingpoint" => (1, EDX, 0),
        _ => return None,
    };
    Some(cpu_bit(leaf, reg, bit))
}

/// The CPU's brand string (`cpuid` 0x80000002..4), trimmed.
fn brand_string() -> String {
    if cpuid(0x8000_0000, 0)[0] < 0x8000_0004 {
        return "x86_64".into();
    }
    let mut b = Vec::with_capacity(48);
    for leaf in 0x8000_0002..=0x8000_0004 {
        for r in cpuid(leaf, 0) {
            b.extend_from_slice(&r.to_le_bytes());
        }
    }
    let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..n]).trim().to_string()
}

/// `cpuid` leaf 0's vendor string.
fn vendor() -> String {
    let r = cpuid(0, 0);
    let mut b = Vec::with_capacity(12);
    for w in [r[1], r[3], r[2]] {
        b.extend_from_slice(&w.to_le_bytes());
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// darwin's family/model from the signature: the extended model is folded
/// into the model for families 6 and 15, the extended family into 15.
fn cpu_signature() -> (i32, i32, i32, i32, i32, i32) {
    let sig = cpuid(1, 0)[0];
    let stepping = sig & 0xf;
    let model = (sig >> 4) & 0xf;
    let family = (sig >> 8) & 0xf;
    let extmodel = (sig >> 16) & 0xf;
    let extfamily = (sig >> 20) & 0xff;
    let m = if family == 6 || family == 0xf {
        model + (extmodel << 4)
    } else {
        model
    };
    let f = if family == 0xf {
        family + extfamily
    } else {
        family
    };
    (
        sig as i32,
        f as i32,
        m as i32,
        stepping as i32,
        extfamily as i32,
        extmodel as i32,
    )
}

fn cache_size(name: libc::c_int) -> i64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(name) }.max(0) as i64
}

fn memsize() -> i64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PHYS_PAGES) as i64 * libc::sysconf(libc::_SC_PAGESIZE) as i64 }
}

fn value(name: &str) -> Option<Value> {
    use Value::*;
    Some(match name {
        "kern.ostype" => Str(identity::KERNEL_NAME.into()),
        "kern.osrelease" => Str(identity::KERNEL_RELEASE.into()),
        "kern.osrevision" => Int(199506),
        "kern.version" => Str(identity::KERNEL_VERSION.into()),
        "kern.osversion" => Str(identity::PRODUCT_BUILD_VERSION.into()),
        "kern.osproductversion" => Str(identity::PRODUCT_VERSION.into()),
        "kern.maxproc" => Int(4176),
        "kern.maxfiles" | "kern.maxfilesperproc" => {
            let mut r = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            // SAFETY: `r` is writable.
            unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) };
            Int(r.rlim_max.min(i32::MAX as u64) as i32)
        }
        "kern.argmax" => Int(1024 * 1024),
        "kern.hostname" => {
            let mut b = [0u8; 256];
            // SAFETY: `b` is writable for its length.
            unsafe { libc::gethostname(b.as_mut_ptr().cast(), b.len()) };
            let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
            Str(String::from_utf8_lossy(&b[..n]).into_owned())
        }
        "kern.boottime" => {
            let us = crate::kernel::process::boot_time_us();
            Timeval(us / 1_000_000, (us % 1_000_000) as i32)
        }
        "kern.hv_vmm_present"
        | "kern.hv_support"
        | "kern.secure_kernel"
        | "sysctl.proc_translated" => Int(0),
        "hw.machine" => Str(identity::MACHINE.into()),
        "hw.model" => Str("Calvados1,1".into()),
        "hw.ncpu" | "hw.logicalcpu_max" => Int(ncpu_max()),
        "hw.activecpu" | "hw.logicalcpu" | "machdep.cpu.thread_count" => Int(ncpu()),
        "hw.physicalcpu" | "hw.physicalcpu_max" | "machdep.cpu.core_count" => Int(physical_cpus()),
        "hw.l1icachesize" => Quad(cache_size(libc::_SC_LEVEL1_ICACHE_SIZE)),
        "hw.l1dcachesize" => Quad(cache_size(libc::_SC_LEVEL1_DCACHE_SIZE)),
        "hw.l2cachesize" => Quad(cache_size(libc::_SC_LEVEL2_CACHE_SIZE)),
        "hw.l3cachesize" => Quad(cache_size(libc::_SC_LEVEL3_CACHE_SIZE)),
        "machdep.cpu.vendor" => Str(vendor()),
        "machdep.cpu.signature" => Int(cpu_signature().0),
        "machdep.cpu.family" => Int(cpu_signature().1),
        "machdep.cpu.model" => Int(cpu_signature().2),
        "machdep.cpu.stepping" => Int(cpu_signature().3),
        "machdep.cpu.extfamily" => Int(cpu_signature().4),
        "machdep.cpu.extmodel" => Int(cpu_signature().5),
        "hw.byteorder" => Int(1234),
        "hw.physmem" | "hw.usermem" => Int(memsize().min(i32::MAX as i64) as i32),
        "hw.memsize" => Quad(memsize()),
        // SAFETY: sysconf has no preconditions.
        "hw.pagesize" => Quad(unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64),
        "hw.cachelinesize" => Quad(64),
        "hw.cpu64bit_capable" => Int(1),
        "machdep.cpu.brand_string" => Str(brand_string()),
        _ => match name.strip_prefix("hw.optional.").and_then(optional_feature) {
            Some(on) => Int(on as i32),
            None => return None,
        },
    })
}

fn name_of_mib(mib: &[c_int]) -> Option<&'static str> {
    NAMES.iter().find(|(_, m)| *m == mib).map(|(n, _)| *n)
}

/// Copies `v` out with darwin's rules: size query with NULL, ENOMEM when short.
unsafe fn copy_out(v: &Value, old: *mut c_void, oldlen: *mut size_t) -> c_int {
    let mut buf = [0u8; 16];
    let bytes: Vec<u8>;
    let data: &[u8] = match v {
        Value::Int(i) => {
            buf[..4].copy_from_slice(&i.to_ne_bytes());
            &buf[..4]
        }
        Value::Quad(q) => {
            // A 4-byte buffer gets the value as an int, as darwin allows.
            // SAFETY: `oldlen` is valid when non-null.
            if !oldlen.is_null()
                && !old.is_null()
                && unsafe { *oldlen } == 4
                && *q <= i32::MAX as i64
            {
                buf[..4].copy_from_slice(&(*q as i32).to_ne_bytes());
                &buf[..4]
            } else {
                buf[..8].copy_from_slice(&q.to_ne_bytes());
                &buf[..8]
            }
        }
        Value::Str(s) => {
            bytes = s.bytes().chain(core::iter::once(0)).collect();
            &bytes
        }
        Value::Timeval(s, us) => {
            buf[..8].copy_from_slice(&s.to_ne_bytes());
            buf[8..12].copy_from_slice(&us.to_ne_bytes());
            &buf[..16]
        }
    };
    if oldlen.is_null() {
        return 0;
    }
    // SAFETY: `oldlen` and `old` (when non-null) are the caller's buffers.
    unsafe {
        if old.is_null() {
            *oldlen = data.len();
            return 0;
        }
        let room = *oldlen;
        let n = room.min(data.len());
        core::ptr::copy_nonoverlapping(data.as_ptr(), old.cast::<u8>(), n);
        *oldlen = n;
        if room < data.len() {
            crate::errno::set(darwin::ENOMEM);
            return -1;
        }
    }
    0
}

/// Copies a variable-size answer: NULL `old` asks the size; a short buffer
/// gets `ENOMEM` (for `KERN_PROC`, after as many whole entries as fit).
unsafe fn copy_bytes(data: &[u8], old: *mut c_void, oldlen: *mut size_t, records: bool) -> c_int {
    if oldlen.is_null() {
        return 0;
    }
    // SAFETY: `oldlen`/`old` are the caller's.
    unsafe {
        if old.is_null() {
            *oldlen = data.len();
            return 0;
        }
        let room = *oldlen;
        let mut n = room.min(data.len());
        if records {
            n -= n % KINFO_PROC_SIZE;
        }
        core::ptr::copy_nonoverlapping(data.as_ptr(), old.cast::<u8>(), n);
        *oldlen = n;
        if room < data.len() {
            crate::errno::set(darwin::ENOMEM);
            return -1;
        }
    }
    0
}

unsafe fn get(name: &str, old: *mut c_void, oldlen: *mut size_t, new: *const c_void) -> c_int {
    let Some(v) = value(name) else {
        crate::errno::set(darwin::ENOENT);
        return -1;
    };
    if !new.is_null() {
        crate::errno::set(darwin::EPERM);
        return -1;
    }
    // SAFETY: forwarded contract.
    unsafe { copy_out(&v, old, oldlen) }
}

/// `CTL_NET` and its `PF_ROUTE` node (`<sys/sysctl.h>`, `<sys/socket.h>`):
/// the routing messages are built in `socket.rs`.
const CTL_NET: c_int = 4;
const PF_ROUTE: c_int = 17;

unsafe extern "C" fn sysctl(
    mib: *const c_int,
    len: libc::c_uint,
    old: *mut c_void,
    oldlen: *mut size_t,
    new: *const c_void,
    newlen: size_t,
) -> c_int {
    if mib.is_null() || len == 0 || len > 24 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `mib` holds `len` ints.
    let m = unsafe { core::slice::from_raw_parts(mib, len as usize) };
    if m.len() >= 3 && m[0] == 1 && (m[1] == KERN_PROC || m[1] == KERN_PROCARGS2) {
        if !new.is_null() {
            crate::errno::set(darwin::EPERM);
            return -1;
        }
        let data = if m[1] == KERN_PROC {
            kern_proc(&m[2..])
        } else {
            procargs2(&m[2..])
        };
        return match data {
            // SAFETY: forwarded contract.
            Ok(d) => unsafe { copy_bytes(&d, old, oldlen, m[1] == KERN_PROC) },
            Err(e) => {
                crate::errno::set(e);
                -1
            }
        };
    }
    if m == [0, 3] {
        // SAFETY: `new` holds `newlen` bytes of name, `old`/`oldlen` the
        // caller's buffer for the ints.
        return unsafe { name2oid(new, newlen, old, oldlen) };
    }
    if m.len() >= 2 && m[0] == CTL_NET && m[1] == PF_ROUTE {
        if !new.is_null() {
            crate::errno::set(darwin::EPERM);
            return -1;
        }
        return match crate::kernel::socket::route_sysctl(&m[2..]) {
            // SAFETY: forwarded contract.
            Ok(d) => unsafe { copy_bytes(&d, old, oldlen, false) },
            Err(e) => {
                crate::errno::set(e);
                -1
            }
        };
    }
    match name_of_mib(m) {
        // SAFETY: forwarded contract.
        Some(n) => unsafe { get(n, old, oldlen, new) },
        None => {
            crate::errno::set(darwin::ENOENT);
            -1
        }
    }
}

/// The `{0, 3}` (`sysctl.name2oid`) node: "setting" it to a name (not
/// NUL-terminated; `newlen` bytes) reads back that name's MIB as ints,
/// `*oldlen` in bytes. Go's `syscall.Sysctl` looks names up this way.
///
/// # Safety
/// `new` holds `newlen` bytes; `old`/`oldlen` are the caller's.
unsafe fn name2oid(
    new: *const c_void,
    newlen: size_t,
    old: *mut c_void,
    oldlen: *mut size_t,
) -> c_int {
    if new.is_null() || oldlen.is_null() {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: per the contract.
    let name = unsafe { core::slice::from_raw_parts(new.cast::<u8>(), newlen) };
    let name = name.strip_suffix(&[0]).unwrap_or(name);
    let Some((_, m)) = NAMES
        .iter()
        .chain(NODES)
        .find(|(k, _)| k.as_bytes() == name)
    else {
        crate::errno::set(darwin::ENOENT);
        return -1;
    };
    let bytes: Vec<u8> = m.iter().flat_map(|i| i.to_ne_bytes()).collect();
    // SAFETY: forwarded contract.
    unsafe { copy_bytes(&bytes, old, oldlen, false) }
}

unsafe extern "C" fn sysctlbyname(
    name: *const c_char,
    old: *mut c_void,
    oldlen: *mut size_t,
    new: *const c_void,
    _newlen: size_t,
) -> c_int {
    // SAFETY: `name` is the caller's C string.
    let n = unsafe { core::ffi::CStr::from_ptr(name) }.to_string_lossy();
    // SAFETY: forwarded contract.
    unsafe { get(&n, old, oldlen, new) }
}

unsafe extern "C" fn sysctlnametomib(
    name: *const c_char,
    mib: *mut c_int,
    len: *mut size_t,
) -> c_int {
    // SAFETY: `name` is the caller's C string.
    let n = unsafe { core::ffi::CStr::from_ptr(name) }.to_string_lossy();
    let Some((_, m)) = NAMES.iter().chain(NODES).find(|(k, _)| *k == n) else {
        crate::errno::set(darwin::ENOENT);
        return -1;
    };
    // SAFETY: `mib` has room for `*len` ints.
    unsafe {
        if *len < m.len() {
            crate::errno::set(darwin::ENOMEM);
            return -1;
        }
        core::ptr::copy_nonoverlapping(m.as_ptr(), mib, m.len());
        *len = m.len();
    }
    0
}

// --- kern.proc and kern.procargs2 --------------------------------------------

/// darwin `struct timeval` (`{long; int}`, padded to 16 bytes).
#[repr(C)]
#[derive(Default, Clone, Copy)]
struct DarwinTimeval {
    sec: i64,
    usec: i32,
}

/// darwin `struct extern_proc` (`<sys/proc.h>`): pointers are opaque words.
#[repr(C)]
struct ExternProc {
    starttime: DarwinTimeval,
    vmspace: u64,
    sigacts: u64,
    flag: c_int,
    stat: u8,
    pid: libc::pid_t,
    oppid: libc::pid_t,
    dupfd: c_int,
    user_stack: u64,
    exit_thread: u64,
    debugger: c_int,
    sigwait: c_int,
    estcpu: u32,
    cpticks: c_int,
    pctcpu: u32,
    wchan: u64,
    wmesg: u64,
    swtime: u32,
    slptime: u32,
    realtimer: [DarwinTimeval; 2],
    rtime: DarwinTimeval,
    uticks: u64,
    sticks: u64,
    iticks: u64,
    traceflag: c_int,
    tracep: u64,
    siglist: c_int,
    textvp: u64,
    holdcnt: c_int,
    sigmask: u32,
    sigignore: u32,
    sigcatch: u32,
    priority: u8,
    usrpri: u8,
    nice: i8,
    comm: [u8; 17],
    pgrp: u64,
    addr: u64,
    xstat: u16,
    acflag: u16,
    ru: u64,
}
const _: () = assert!(core::mem::size_of::<ExternProc>() == 296);
const _: () = assert!(core::mem::offset_of!(ExternProc, flag) == 32);
const _: () = assert!(core::mem::offset_of!(ExternProc, stat) == 36);
const _: () = assert!(core::mem::offset_of!(ExternProc, pid) == 40);
const _: () = assert!(core::mem::offset_of!(ExternProc, priority) == 240);
const _: () = assert!(core::mem::offset_of!(ExternProc, comm) == 243);
const _: () = assert!(core::mem::offset_of!(ExternProc, xstat) == 280);
const _: () = assert!(core::mem::offset_of!(ExternProc, ru) == 288);

/// darwin `struct _pcred`.
#[repr(C)]
struct Pcred {
    lock: [u8; 72],
    ucred: u64,
    ruid: u32,
    svuid: u32,
    rgid: u32,
    svgid: u32,
    refcnt: c_int,
}
const _: () = assert!(core::mem::size_of::<Pcred>() == 104);

/// darwin `struct _ucred` (`NGROUPS` = 16).
#[repr(C)]
struct Ucred {
    refcount: i32,
    uid: u32,
    ngroups: i16,
    groups: [u32; 16],
}
const _: () = assert!(core::mem::size_of::<Ucred>() == 76);

/// darwin `struct eproc`.
#[repr(C)]
struct Eproc {
    paddr: u64,
    sess: u64,
    pcred: Pcred,
    ucred: Ucred,
    vm: [u64; 8],
    ppid: libc::pid_t,
    pgid: libc::pid_t,
    jobc: i16,
    tdev: i32,
    tpgid: libc::pid_t,
    tsess: u64,
    wmesg: [u8; 8],
    xsize: i32,
    xrssize: i16,
    xccount: i16,
    xswrss: i16,
    flag: i32,
    login: [u8; 12],
    spare: [i32; 4],
}
const _: () = assert!(core::mem::size_of::<Eproc>() == 352);
const _: () = assert!(core::mem::offset_of!(Eproc, pcred) == 16);
const _: () = assert!(core::mem::offset_of!(Eproc, ucred) == 120);
const _: () = assert!(core::mem::offset_of!(Eproc, vm) == 200);
const _: () = assert!(core::mem::offset_of!(Eproc, ppid) == 264);
const _: () = assert!(core::mem::offset_of!(Eproc, pgid) == 268);
const _: () = assert!(core::mem::offset_of!(Eproc, tdev) == 276);
const _: () = assert!(core::mem::offset_of!(Eproc, tpgid) == 280);
const _: () = assert!(core::mem::offset_of!(Eproc, flag) == 316);
const _: () = assert!(core::mem::offset_of!(Eproc, login) == 320);

/// darwin `struct kinfo_proc`.
#[repr(C)]
struct KinfoProc {
    proc_: ExternProc,
    eproc: Eproc,
}
const KINFO_PROC_SIZE: usize = 648;
const _: () = assert!(core::mem::size_of::<KinfoProc>() == KINFO_PROC_SIZE);
const _: () = assert!(core::mem::offset_of!(KinfoProc, eproc) == 296);

/// `P_*` and `EPROC_*` flags (`<sys/proc.h>`, `<sys/sysctl.h>`).
const P_CONTROLT: c_int = 0x2;
const P_LP64: c_int = 0x4;
const EPROC_CTTY: i32 = 0x1;
const EPROC_SLEADER: i32 = 0x2;

fn kinfo_of(p: &crate::kernel::process::ProcInfo) -> KinfoProc {
    // SAFETY: every field of KinfoProc is an integer or an array of them.
    let mut k: KinfoProc = unsafe { core::mem::zeroed() };
    let tty = p.tty_nr != 0;
    k.proc_.starttime = DarwinTimeval {
        sec: p.start.0,
        usec: p.start.1 as i32,
    };
    k.proc_.flag = P_LP64 | if tty { P_CONTROLT } else { 0 };
    k.proc_.stat = p.stat;
    k.proc_.pid = p.pid;
    k.proc_.nice = p.nice as i8;
    let n = p.comm.len().min(16);
    k.proc_.comm[..n].copy_from_slice(&p.comm[..n]);
    let e = &mut k.eproc;
    e.pcred.ruid = p.uid[0];
    e.pcred.svuid = p.uid[2];
    e.pcred.rgid = p.gid[0];
    e.pcred.svgid = p.gid[2];
    e.ucred.uid = p.uid[1];
    let mut groups = vec![p.gid[1]];
    groups.extend(p.groups.iter().copied().filter(|&g| g != p.gid[1]));
    groups.truncate(16);
    e.ucred.ngroups = groups.len() as i16;
    e.ucred.groups[..groups.len()].copy_from_slice(&groups);
    e.ppid = p.ppid;
    e.pgid = p.pgid;
    e.tdev = crate::kernel::process::tty_dev(p.tty_nr) as i32;
    e.tpgid = if tty { p.tpgid } else { 0 };
    e.flag = if tty { EPROC_CTTY } else { 0 } | if p.sid == p.pid { EPROC_SLEADER } else { 0 };
    k
}

fn kinfo_bytes(k: &KinfoProc) -> &[u8] {
    // SAFETY: KinfoProc is plain data, viewed as its bytes.
    unsafe { core::slice::from_raw_parts((k as *const KinfoProc).cast::<u8>(), KINFO_PROC_SIZE) }
}

/// `kern.proc.<subtype>[.<arg>]`: the matching processes' `kinfo_proc`s.
/// A missing pid gives an empty answer, as on darwin.
fn kern_proc(rest: &[c_int]) -> Result<Vec<u8>, c_int> {
    use crate::kernel::process::{all_pids, proc_info};
    let (kind, arg) = match rest {
        [KERN_PROC_ALL] => (KERN_PROC_ALL, 0),
        [k, a] if (KERN_PROC_PID..=KERN_PROC_RUID).contains(k) => (*k, *a),
        _ => return Err(darwin::EINVAL),
    };
    let infos: Vec<_> = if kind == KERN_PROC_PID {
        proc_info(arg).into_iter().collect()
    } else {
        all_pids()
            .into_iter()
            .filter_map(proc_info)
            .filter(|p| match kind {
                KERN_PROC_PGRP => p.pgid == arg,
                KERN_PROC_SESSION => p.sid == arg,
                KERN_PROC_TTY => {
                    p.tty_nr != 0 && crate::kernel::process::tty_dev(p.tty_nr) as c_int == arg
                }
                KERN_PROC_UID => p.uid[1] == arg as u32,
                KERN_PROC_RUID => p.uid[0] == arg as u32,
                _ => true,
            })
            .collect()
    };
    let mut out = Vec::with_capacity(infos.len() * KINFO_PROC_SIZE);
    for p in &infos {
        out.extend_from_slice(kinfo_bytes(&kinfo_of(p)));
    }
    Ok(out)
}

/// `kern.procargs2.<pid>`: `int argc`, the executable path, NUL padding to
/// a word boundary, then the argument and environment strings, each
/// NUL-terminated.
fn procargs2(rest: &[c_int]) -> Result<Vec<u8>, c_int> {
    let [pid] = rest else {
        return Err(darwin::EINVAL);
    };
    let p = crate::kernel::process::proc_info(*pid).ok_or(darwin::EINVAL)?;
    let mut out = (p.argv.len() as c_int).to_ne_bytes().to_vec();
    out.extend_from_slice(&p.path);
    out.push(0);
    while !out.len().is_multiple_of(8) {
        out.push(0);
    }
    for s in p.argv.iter().chain(&p.env) {
        out.extend_from_slice(s);
        out.push(0);
    }
    Ok(out)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_sysctl" => sysctl,
    func "_sysctlbyname" => sysctlbyname,
    func "_sysctlnametomib" => sysctlnametomib,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_values() {
        for (n, _) in NAMES {
            assert!(value(n).is_some(), "{n}");
        }
        let mut mibs: Vec<_> = NAMES.iter().map(|(_, m)| *m).collect();
        mibs.sort();
        mibs.dedup();
        assert_eq!(mibs.len(), NAMES.len(), "duplicate MIB");
    }
}
