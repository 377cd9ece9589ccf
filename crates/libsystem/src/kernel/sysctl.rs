//! `sysctl`, `sysctlbyname`, `sysctlnametomib` for the names real software
//! asks. Values describe the darwin identity (`identity.rs`) on this host's
//! hardware. MIB numbers are from `<sys/sysctl.h>`; names without a fixed
//! number get one from the "auto" range (≥ 100), stable for the process.

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
    ("machdep.cpu.brand_string", &[7, 100]),
    ("machdep.cpu.core_count", &[7, 101]),
    ("machdep.cpu.thread_count", &[7, 102]),
];

fn ncpu() -> i32 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) as i32 }
}

fn memsize() -> i64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PHYS_PAGES) as i64 * libc::sysconf(libc::_SC_PAGESIZE) as i64 }
}

fn cpu_has(flag: &str) -> bool {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("flags"))
                .map(|l| l.split_whitespace().any(|f| f == flag))
        })
        .unwrap_or(false)
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
            let mut now = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            let mut up = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: both are writable.
            unsafe {
                libc::clock_gettime(libc::CLOCK_REALTIME, &mut now);
                libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut up);
            }
            let mut sec = now.tv_sec - up.tv_sec;
            let mut nsec = now.tv_nsec - up.tv_nsec;
            if nsec < 0 {
                nsec += 1_000_000_000;
                sec -= 1;
            }
            Timeval(sec, (nsec / 1000) as i32)
        }
        "kern.hv_vmm_present"
        | "kern.hv_support"
        | "kern.secure_kernel"
        | "sysctl.proc_translated" => Int(0),
        "hw.machine" => Str(identity::MACHINE.into()),
        "hw.model" => Str("Calvados1,1".into()),
        "hw.ncpu"
        | "hw.activecpu"
        | "hw.logicalcpu"
        | "hw.logicalcpu_max"
        | "hw.physicalcpu"
        | "hw.physicalcpu_max"
        | "machdep.cpu.core_count"
        | "machdep.cpu.thread_count" => Int(ncpu()),
        "hw.byteorder" => Int(1234),
        "hw.physmem" | "hw.usermem" => Int(memsize().min(i32::MAX as i64) as i32),
        "hw.memsize" => Quad(memsize()),
        // SAFETY: sysconf has no preconditions.
        "hw.pagesize" => Quad(unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64),
        "hw.cachelinesize" => Quad(64),
        "hw.cpu64bit_capable"
        | "hw.optional.x86_64"
        | "hw.optional.floatingpoint"
        | "hw.optional.sse"
        | "hw.optional.sse2" => Int(1),
        "hw.optional.sse3" => Int(cpu_has("pni") as i32),
        "hw.optional.supplementalsse3" => Int(cpu_has("ssse3") as i32),
        "hw.optional.sse4_1" => Int(cpu_has("sse4_1") as i32),
        "hw.optional.sse4_2" => Int(cpu_has("sse4_2") as i32),
        "hw.optional.avx1_0" => Int(cpu_has("avx") as i32),
        "hw.optional.avx2_0" => Int(cpu_has("avx2") as i32),
        "hw.optional.aes" => Int(cpu_has("aes") as i32),
        "machdep.cpu.brand_string" => Str(std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_else(|| "x86_64".into())),
        _ => return None,
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

unsafe extern "C" fn sysctl(
    mib: *const c_int,
    len: libc::c_uint,
    old: *mut c_void,
    oldlen: *mut size_t,
    new: *const c_void,
    _newlen: size_t,
) -> c_int {
    if mib.is_null() || len == 0 || len > 24 {
        crate::errno::set(darwin::EINVAL);
        return -1;
    }
    // SAFETY: `mib` holds `len` ints.
    let m = unsafe { core::slice::from_raw_parts(mib, len as usize) };
    match name_of_mib(m) {
        // SAFETY: forwarded contract.
        Some(n) => unsafe { get(n, old, oldlen, new) },
        None => {
            crate::errno::set(darwin::ENOENT);
            -1
        }
    }
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
    let Some((_, m)) = NAMES.iter().find(|(k, _)| *k == n) else {
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
