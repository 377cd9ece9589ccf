//! The x86_64 darwin "comm page": one read-only page at a fixed address
//! that XNU maps into every process (`osfmk/i386/cpu_capabilities.h`).
//! Programs read it directly, without calling libSystem: Go's
//! `klauspost/cpuid` checks `_COMM_PAGE_VERSION` and
//! `_COMM_PAGE_CPU_CAPABILITIES64` for AVX-512, for instance.
//!
//! We fill in the identification fields (signature, version, capability
//! bits from `cpuid` and `xgetbv`, CPU counts, cache line size, memory
//! size). The time fields stay zero: their format is private to
//! libSystem's own `mach_absolute_time`/`gettimeofday`, which are ours.

use libc::c_void;

/// `_COMM_PAGE64_BASE_ADDRESS`.
pub const BASE: usize = 0x7fff_ffe0_0000;
const PAGE: usize = 4096;

// Offsets from the base (`_COMM_PAGE_*`).
const SIGNATURE: usize = 0x000;
const CPU_CAPABILITIES64: usize = 0x010;
const VERSION: usize = 0x01e;
/// `_COMM_PAGE_THIS_VERSION`.
const THIS_VERSION: u16 = 13;
const CPU_CAPABILITIES: usize = 0x020;
const NCPUS: usize = 0x022;
const CACHE_LINESIZE: usize = 0x026;
const ACTIVE_CPUS: usize = 0x034;
const PHYSICAL_CPUS: usize = 0x035;
const LOGICAL_CPUS: usize = 0x036;
const MEMORY_SIZE: usize = 0x038;

// Capability bits (`kHas*`).
const HAS_MMX: u64 = 0x1;
const HAS_SSE: u64 = 0x2;
const HAS_SSE2: u64 = 0x4;
const HAS_SSE3: u64 = 0x8;
const CACHE32: u64 = 0x10;
const CACHE64: u64 = 0x20;
const CACHE128: u64 = 0x40;
const FAST_TLS: u64 = 0x80;
const HAS_SSSE3: u64 = 0x100;
const K64BIT: u64 = 0x200;
const HAS_SSE4_1: u64 = 0x400;
const HAS_SSE4_2: u64 = 0x800;
const HAS_AES: u64 = 0x1000;
const UP: u64 = 0x8000;
const NUM_CPUS_SHIFT: u32 = 16;
const HAS_AVX1_0: u64 = 0x0100_0000;
const HAS_RDRAND: u64 = 0x0200_0000;
const HAS_F16C: u64 = 0x0400_0000;
const HAS_ENFSTRG: u64 = 0x0800_0000;
const HAS_FMA: u64 = 0x1000_0000;
const HAS_AVX2_0: u64 = 0x2000_0000;
const HAS_BMI1: u64 = 0x4000_0000;
const HAS_BMI2: u64 = 0x8000_0000;
const HAS_RTM: u64 = 1 << 32;
const HAS_HLE: u64 = 1 << 33;
const HAS_ADX: u64 = 1 << 34;
const HAS_RDSEED: u64 = 1 << 35;
const HAS_AVX512F: u64 = 1 << 38;
const HAS_AVX512CD: u64 = 1 << 39;
const HAS_AVX512DQ: u64 = 1 << 40;
const HAS_AVX512BW: u64 = 1 << 41;
const HAS_AVX512IFMA: u64 = 1 << 42;
const HAS_AVX512VBMI: u64 = 1 << 43;
const HAS_AVX512VL: u64 = 1 << 44;
const HAS_VAES: u64 = 1 << 45;
const HAS_VPCLMULQDQ: u64 = 1 << 46;
const HAS_AVX512VNNI: u64 = 1 << 47;
const HAS_AVX512BITALG: u64 = 1 << 48;
const HAS_AVX512VPOPCNTDQ: u64 = 1 << 49;

fn cpuid(leaf: u32) -> [u32; 4] {
    // Every x86_64 CPU has cpuid; callers check the maximum leaf.
    let r = core::arch::x86_64::__cpuid_count(leaf, 0);
    [r.eax, r.ebx, r.ecx, r.edx]
}

/// The capability vector XNU computes: CPU features the OS has enabled
/// (AVX and AVX-512 only when `XCR0` turns their register state on), the
/// cache line size and the CPU count.
pub fn capabilities(ncpus: u32, line: u32) -> u64 {
    let max = cpuid(0)[0];
    let [_, _, c1, d1] = cpuid(1);
    let [_, b7, c7, _] = if max >= 7 { cpuid(7) } else { [0; 4] };
    let bit = |r: u32, n: u32| r & (1 << n) != 0;
    let xcr0 = if bit(c1, 27) {
        // SAFETY: OSXSAVE is set, so xgetbv is allowed.
        unsafe { core::arch::x86_64::_xgetbv(0) }
    } else {
        0
    };
    let avx_os = xcr0 & 0x6 == 0x6;
    let avx512_os = avx_os && xcr0 & 0xe0 == 0xe0;
    let mut caps = 0u64;
    let mut set = |on: bool, flag: u64| {
        if on {
            caps |= flag;
        }
    };
    set(bit(d1, 23), HAS_MMX);
    set(bit(d1, 25), HAS_SSE);
    set(bit(d1, 26), HAS_SSE2);
    set(bit(c1, 0), HAS_SSE3);
    set(bit(c1, 9), HAS_SSSE3);
    set(bit(c1, 19), HAS_SSE4_1);
    set(bit(c1, 20), HAS_SSE4_2);
    set(bit(c1, 25), HAS_AES);
    set(bit(c1, 30), HAS_RDRAND);
    set(avx_os && bit(c1, 28), HAS_AVX1_0);
    set(avx_os && bit(c1, 29), HAS_F16C);
    set(avx_os && bit(c1, 12), HAS_FMA);
    set(avx_os && bit(b7, 5), HAS_AVX2_0);
    set(bit(b7, 3), HAS_BMI1);
    set(bit(b7, 8), HAS_BMI2);
    set(bit(b7, 9), HAS_ENFSTRG);
    set(bit(b7, 11), HAS_RTM);
    set(bit(b7, 4), HAS_HLE);
    set(bit(b7, 19), HAS_ADX);
    set(bit(b7, 18), HAS_RDSEED);
    set(avx512_os && bit(b7, 16), HAS_AVX512F);
    set(avx512_os && bit(b7, 28), HAS_AVX512CD);
    set(avx512_os && bit(b7, 17), HAS_AVX512DQ);
    set(avx512_os && bit(b7, 30), HAS_AVX512BW);
    set(avx512_os && bit(b7, 21), HAS_AVX512IFMA);
    set(avx512_os && bit(c7, 1), HAS_AVX512VBMI);
    set(avx512_os && bit(b7, 31), HAS_AVX512VL);
    set(avx_os && bit(c7, 9), HAS_VAES);
    set(avx_os && bit(c7, 10), HAS_VPCLMULQDQ);
    set(avx512_os && bit(c7, 11), HAS_AVX512VNNI);
    set(avx512_os && bit(c7, 12), HAS_AVX512BITALG);
    set(avx512_os && bit(c7, 14), HAS_AVX512VPOPCNTDQ);
    caps |= K64BIT | FAST_TLS;
    caps |= match line {
        32 => CACHE32,
        128 => CACHE128,
        _ => CACHE64,
    };
    if ncpus == 1 {
        caps |= UP;
    }
    caps | (u64::from(ncpus.min(255)) << NUM_CPUS_SHIFT)
}

fn sysconf(name: libc::c_int) -> i64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(name) }
}

/// Maps and fills the comm page. If something else already occupies the
/// address (the stack can be placed there by address-space randomisation,
/// rarely), the process simply has no comm page.
pub fn map() {
    // SAFETY: a fresh anonymous page at a fixed address that must be free
    // (MAP_FIXED_NOREPLACE never replaces an existing mapping).
    let p = unsafe {
        libc::mmap(
            BASE as *mut c_void,
            PAGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return;
    }
    if p as usize != BASE {
        // A kernel without MAP_FIXED_NOREPLACE took it as a hint.
        // SAFETY: unmapping the page we just mapped.
        unsafe { libc::munmap(p, PAGE) };
        return;
    }
    let ncpus = sysconf(libc::_SC_NPROCESSORS_ONLN).clamp(1, 255) as u32;
    let line = sysconf(libc::_SC_LEVEL1_DCACHE_LINESIZE);
    let line = if line > 0 { line as u32 } else { 64 };
    let caps = capabilities(ncpus, line);
    let mem = (sysconf(libc::_SC_PHYS_PAGES) as u64).saturating_mul(PAGE as u64);
    // SAFETY: the page is ours, writable, and every write is in bounds.
    unsafe {
        let b = p.cast::<u8>();
        core::ptr::copy_nonoverlapping(b"commpage 64-bit".as_ptr(), b.add(SIGNATURE), 15);
        b.add(CPU_CAPABILITIES64)
            .cast::<u64>()
            .write_unaligned(caps);
        b.add(VERSION).cast::<u16>().write_unaligned(THIS_VERSION);
        b.add(CPU_CAPABILITIES)
            .cast::<u32>()
            .write_unaligned(caps as u32);
        *b.add(NCPUS) = ncpus as u8;
        b.add(CACHE_LINESIZE)
            .cast::<u16>()
            .write_unaligned(line as u16);
        *b.add(ACTIVE_CPUS) = ncpus as u8;
        *b.add(PHYSICAL_CPUS) = ncpus as u8;
        *b.add(LOGICAL_CPUS) = ncpus as u8;
        b.add(MEMORY_SIZE).cast::<u64>().write_unaligned(mem);
        libc::mprotect(p, PAGE, libc::PROT_READ);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps() {
        let c = capabilities(4, 64);
        assert_eq!(c & 0x00ff_0000, 4 << 16);
        assert_ne!(c & HAS_SSE2, 0);
        assert_ne!(c & K64BIT, 0);
        assert_eq!(c & UP, 0);
        assert_ne!(capabilities(1, 64) & UP, 0);
    }
}
