//! `libsystem_platform`: `os_unfair_lock` (`<os/lock.h>`), `OSAtomic*`
//! (`<libkern/OSAtomicDeprecated.h>`, `<libkern/OSAtomicQueue.h>`) and
//! `OSSpinLock` (`<libkern/OSSpinLockDeprecated.h>`).
//!
//! On x86_64 every locked instruction is a full barrier, so the
//! `...Barrier` variants are the same functions.

use crate::pthread::futex;
use crate::pthread::sync::tid;
use core::sync::atomic::{fence, AtomicI32, AtomicI64, AtomicPtr, AtomicU32, AtomicU8, Ordering};
use libc::c_void;

/// `os_unfair_lock`: a 32-bit word, 0 when unlocked (`OS_UNFAIR_LOCK_INIT`).
/// Ours holds the owner's Linux tid, with [`WAITERS`] set once a thread
/// sleeps on it; so the owner is known, as on darwin.
const WAITERS: u32 = 1 << 31;

/// darwin crashes the process on lock misuse (a trap instruction, after
/// recording the reason for the crash report): so do we (SIGILL).
fn misuse() -> ! {
    // SAFETY: `ud2` raises SIGILL, which ends the process by default.
    unsafe { core::arch::asm!("ud2", options(noreturn, nomem, nostack)) }
}

fn me() -> u32 {
    tid() as u32
}

fn unfair_lock(l: &AtomicU32, spin: bool) {
    let me = me();
    if l.compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed)
        .is_ok()
    {
        return;
    }
    let mut spins = if spin { 100 } else { 0 };
    loop {
        let s = l.load(Ordering::Relaxed);
        if s == 0 {
            // Another thread may still sleep here: keep the mark.
            if l.compare_exchange(0, me | WAITERS, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return;
            }
            continue;
        }
        if s & !WAITERS == me {
            misuse(); // darwin: "Trying to recursively lock an os_unfair_lock"
        }
        if spins > 0 {
            spins -= 1;
            core::hint::spin_loop();
            continue;
        }
        if s & WAITERS == 0
            && l.compare_exchange(s, s | WAITERS, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            continue;
        }
        futex::wait(l, s | WAITERS, None);
    }
}

unsafe extern "C" fn os_unfair_lock_lock(l: *const AtomicU32) {
    // SAFETY: `l` points to an os_unfair_lock.
    unfair_lock(unsafe { &*l }, false)
}

/// `os_unfair_lock_lock_with_flags`: `OS_UNFAIR_LOCK_FLAG_ADAPTIVE_SPIN`
/// (0x40000) spins briefly before sleeping.
unsafe extern "C" fn os_unfair_lock_lock_with_flags(l: *const AtomicU32, flags: u32) {
    // SAFETY: `l` points to an os_unfair_lock.
    unfair_lock(unsafe { &*l }, flags & 0x4_0000 != 0)
}

/// `os_unfair_lock_lock_with_options`: the options only tune darwin's
/// scheduler (data-synchronization hints).
unsafe extern "C" fn os_unfair_lock_lock_with_options(l: *const AtomicU32, _options: u32) {
    // SAFETY: `l` points to an os_unfair_lock.
    unfair_lock(unsafe { &*l }, false)
}

unsafe extern "C" fn os_unfair_lock_trylock(l: *const AtomicU32) -> bool {
    // SAFETY: `l` points to an os_unfair_lock.
    let l = unsafe { &*l };
    l.compare_exchange(0, me(), Ordering::Acquire, Ordering::Relaxed)
        .is_ok()
}

unsafe extern "C" fn os_unfair_lock_unlock(l: *const AtomicU32) {
    // SAFETY: `l` points to an os_unfair_lock.
    let l = unsafe { &*l };
    if l.load(Ordering::Relaxed) & !WAITERS != me() {
        misuse(); // darwin: "Unlock of an os_unfair_lock not owned by current thread"
    }
    if l.swap(0, Ordering::Release) & WAITERS != 0 {
        futex::wake(l, 1);
    }
}

unsafe extern "C" fn os_unfair_lock_assert_owner(l: *const AtomicU32) {
    // SAFETY: `l` points to an os_unfair_lock.
    if unsafe { &*l }.load(Ordering::Relaxed) & !WAITERS != me() {
        misuse();
    }
}

unsafe extern "C" fn os_unfair_lock_assert_not_owner(l: *const AtomicU32) {
    // SAFETY: `l` points to an os_unfair_lock.
    if unsafe { &*l }.load(Ordering::Relaxed) & !WAITERS == me() {
        misuse();
    }
}

/// `OSSpinLock`: 0 unlocked, 1 locked, 2 locked with sleepers. A short
/// spin, then a futex sleep (darwin's yields; sleeping is kinder).
unsafe extern "C" fn spin_try(l: *const AtomicI32) -> bool {
    // SAFETY: `l` points to an OSSpinLock.
    unsafe { &*l }
        .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
        .is_ok()
}

unsafe extern "C" fn spin_lock(l: *const AtomicI32) {
    // SAFETY: `l` points to an OSSpinLock.
    let l = unsafe { &*l };
    for _ in 0..100 {
        if l.compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            return;
        }
        core::hint::spin_loop();
    }
    // SAFETY: AtomicI32 and AtomicU32 have the same layout.
    let w = unsafe { &*(l as *const AtomicI32 as *const AtomicU32) };
    while l.swap(2, Ordering::Acquire) != 0 {
        futex::wait(w, 2, None);
    }
}

unsafe extern "C" fn spin_unlock(l: *const AtomicI32) {
    // SAFETY: `l` points to an OSSpinLock.
    let l = unsafe { &*l };
    if l.swap(0, Ordering::Release) == 2 {
        // SAFETY: AtomicI32 and AtomicU32 have the same layout.
        futex::wake(unsafe { &*(l as *const AtomicI32 as *const AtomicU32) }, 1);
    }
}

// OSAtomic arithmetic: each returns the new value.

unsafe extern "C" fn add32(amount: i32, v: *const AtomicI32) -> i32 {
    // SAFETY: `v` is an aligned int32_t.
    unsafe { &*v }
        .fetch_add(amount, Ordering::SeqCst)
        .wrapping_add(amount)
}
unsafe extern "C" fn add64(amount: i64, v: *const AtomicI64) -> i64 {
    // SAFETY: `v` is an aligned int64_t.
    unsafe { &*v }
        .fetch_add(amount, Ordering::SeqCst)
        .wrapping_add(amount)
}
unsafe extern "C" fn inc32(v: *const AtomicI32) -> i32 {
    // SAFETY: forwarded.
    unsafe { add32(1, v) }
}
unsafe extern "C" fn dec32(v: *const AtomicI32) -> i32 {
    // SAFETY: forwarded.
    unsafe { add32(-1, v) }
}
unsafe extern "C" fn inc64(v: *const AtomicI64) -> i64 {
    // SAFETY: forwarded.
    unsafe { add64(1, v) }
}
unsafe extern "C" fn dec64(v: *const AtomicI64) -> i64 {
    // SAFETY: forwarded.
    unsafe { add64(-1, v) }
}

// Bitwise: the plain forms return the new value, `...Orig` the old one.

unsafe extern "C" fn or32(mask: u32, v: *const AtomicU32) -> u32 {
    // SAFETY: `v` is an aligned uint32_t.
    unsafe { &*v }.fetch_or(mask, Ordering::SeqCst) | mask
}
unsafe extern "C" fn or32_orig(mask: u32, v: *const AtomicU32) -> u32 {
    // SAFETY: `v` is an aligned uint32_t.
    unsafe { &*v }.fetch_or(mask, Ordering::SeqCst)
}
unsafe extern "C" fn and32(mask: u32, v: *const AtomicU32) -> u32 {
    // SAFETY: `v` is an aligned uint32_t.
    unsafe { &*v }.fetch_and(mask, Ordering::SeqCst) & mask
}
unsafe extern "C" fn and32_orig(mask: u32, v: *const AtomicU32) -> u32 {
    // SAFETY: `v` is an aligned uint32_t.
    unsafe { &*v }.fetch_and(mask, Ordering::SeqCst)
}
unsafe extern "C" fn xor32(mask: u32, v: *const AtomicU32) -> u32 {
    // SAFETY: `v` is an aligned uint32_t.
    unsafe { &*v }.fetch_xor(mask, Ordering::SeqCst) ^ mask
}
unsafe extern "C" fn xor32_orig(mask: u32, v: *const AtomicU32) -> u32 {
    // SAFETY: `v` is an aligned uint32_t.
    unsafe { &*v }.fetch_xor(mask, Ordering::SeqCst)
}

// Compare-and-swap: true when `*v` was `old` and is now `new`.

unsafe extern "C" fn cas32(old: i32, new: i32, v: *const AtomicI32) -> bool {
    // SAFETY: `v` is an aligned int32_t.
    unsafe { &*v }
        .compare_exchange(old, new, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}
unsafe extern "C" fn cas64(old: i64, new: i64, v: *const AtomicI64) -> bool {
    // SAFETY: `v` is an aligned int64_t (also `long` and pointers on x86_64).
    unsafe { &*v }
        .compare_exchange(old, new, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}
unsafe extern "C" fn cas_ptr(
    old: *mut c_void,
    new: *mut c_void,
    v: *const AtomicPtr<c_void>,
) -> bool {
    // SAFETY: `v` is an aligned pointer slot.
    unsafe { &*v }
        .compare_exchange(old, new, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}

/// The byte and bit `OSAtomicTestAndSet`/`Clear` address: bit
/// `0x80 >> (n & 7)` of byte `addr + (n >> 3)`.
///
/// # Safety
/// `addr + (n >> 3)` is a valid byte.
unsafe fn bit_of<'a>(n: u32, addr: *const c_void) -> (&'a AtomicU8, u8) {
    // SAFETY: per the contract.
    let b = unsafe { &*(addr.cast::<u8>().add((n >> 3) as usize) as *const AtomicU8) };
    (b, 0x80 >> (n & 7))
}

/// Sets the bit, returns its old value.
unsafe extern "C" fn test_and_set(n: u32, addr: *const c_void) -> bool {
    // SAFETY: `addr` is the caller's object.
    let (b, m) = unsafe { bit_of(n, addr) };
    b.fetch_or(m, Ordering::SeqCst) & m != 0
}

/// Clears the bit, returns its old value.
unsafe extern "C" fn test_and_clear(n: u32, addr: *const c_void) -> bool {
    // SAFETY: `addr` is the caller's object.
    let (b, m) = unsafe { bit_of(n, addr) };
    b.fetch_and(!m, Ordering::SeqCst) & m != 0
}

extern "C" fn memory_barrier() {
    fence(Ordering::SeqCst);
}

/// `OSQueueHead` (16-byte aligned): the top element and a generation
/// count, changed together with `cmpxchg16b` so a pop never acts on a
/// stale top (the ABA problem).
#[repr(C, align(16))]
pub struct QueueHead {
    top: *mut c_void,
    gen: u64,
}

/// 16-byte compare-and-swap of `*p` from `old` to `new`; false if `*p`
/// changed (then `old` gets the current value).
///
/// # Safety
/// `p` is a 16-byte aligned `QueueHead`.
unsafe fn cas128(p: *mut QueueHead, old: &mut (u64, u64), new: (u64, u64)) -> bool {
    let ok: u8;
    // SAFETY: per the contract; cmpxchg16b exists on every x86_64 CPU
    // that runs macOS programs.
    unsafe {
        core::arch::asm!(
            "xchg {rbx_save}, rbx",
            "lock cmpxchg16b [{p}]",
            "sete {ok}",
            "xchg {rbx_save}, rbx",
            p = in(reg) p,
            rbx_save = inout(reg) new.0 => _,
            ok = out(reg_byte) ok,
            inout("rax") old.0,
            inout("rdx") old.1,
            in("rcx") new.1,
            options(nostack),
        );
    }
    ok != 0
}

/// # Safety
/// `list` is an `OSQueueHead`; `new` an element with a link pointer at `offset`.
unsafe extern "C" fn enqueue(list: *mut QueueHead, new: *mut c_void, offset: usize) {
    // SAFETY: per the contract.
    unsafe {
        let link = new.cast::<u8>().add(offset) as *mut *mut c_void;
        let mut cur = (
            core::ptr::read_volatile(&(*list).top) as u64,
            core::ptr::read_volatile(&(*list).gen),
        );
        loop {
            *link = cur.0 as *mut c_void;
            let gen = cur.1.wrapping_add(1);
            if cas128(list, &mut cur, (new as u64, gen)) {
                return;
            }
        }
    }
}

/// # Safety
/// `list` is an `OSQueueHead`; its elements have a link pointer at `offset`.
unsafe extern "C" fn dequeue(list: *mut QueueHead, offset: usize) -> *mut c_void {
    // SAFETY: per the contract (darwin documents that a popped element's
    // link may still be read by a concurrent pop).
    unsafe {
        let mut cur = (
            core::ptr::read_volatile(&(*list).top) as u64,
            core::ptr::read_volatile(&(*list).gen),
        );
        loop {
            if cur.0 == 0 {
                return core::ptr::null_mut();
            }
            let link = (cur.0 as *mut u8).add(offset) as *const *mut c_void;
            let next = core::ptr::read_volatile(link) as u64;
            let (top, gen) = (cur.0, cur.1.wrapping_add(1));
            if cas128(list, &mut cur, (next, gen)) {
                return top as *mut c_void;
            }
        }
    }
}

// `___chkstk_darwin` (its Mach-O symbol name): the stack probe clang calls before a function
// allocates a frame larger than a page. The frame size is in `%rax`; every
// page from the caller's `%rsp` down to `%rsp - %rax` is touched, top
// first, so the stack grows one page at a time through its guard page
// instead of jumping past it. Every register is preserved, `%rax`
// included (the caller then subtracts it from `%rsp` itself); only the
// flags change.
core::arch::global_asm!(
    ".text",
    ".globl calvados_chkstk_darwin",
    ".hidden calvados_chkstk_darwin",
    ".type calvados_chkstk_darwin, @function",
    "calvados_chkstk_darwin:",
    "push rcx",
    "push rax",
    // The caller's %rsp: above our two pushes and the return address.
    "lea rcx, [rsp + 24]",
    "cmp rax, 0x1000",
    "jb 2f",
    "1:",
    "sub rcx, 0x1000",
    "test [rcx], rcx",
    "sub rax, 0x1000",
    "cmp rax, 0x1000",
    "jae 1b",
    "2:",
    "sub rcx, rax",
    "test [rcx], rcx",
    "pop rax",
    "pop rcx",
    "ret",
    ".size calvados_chkstk_darwin, . - calvados_chkstk_darwin",
);

extern "C" {
    fn calvados_chkstk_darwin();
}

/// `dyld_build_version_t` (`<mach-o/dyld.h>`): a platform and a version
/// encoded `xxxx.yy.zz` as nibbles.
#[repr(C)]
pub struct BuildVersion {
    platform: u32,
    version: u32,
}

/// `PLATFORM_MACOS` (`<mach-o/loader.h>`).
const PLATFORM_MACOS: u32 = 1;

/// The macOS version we report (`identity::PRODUCT_VERSION`), encoded.
fn os_version() -> u32 {
    let mut parts = crate::identity::PRODUCT_VERSION
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (a, b, c) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    (a << 16) | (b.min(255) << 8) | c.min(255)
}

/// `_availability_version_check(count, versions)`: what clang's
/// `@available`/`__builtin_available` asks dyld. True when the running OS
/// is at least the version listed for its platform (macOS); an entry for
/// another platform does not apply, and with none for macOS the answer is
/// false.
unsafe extern "C" fn availability_version_check(count: u32, versions: *const BuildVersion) -> bool {
    if versions.is_null() {
        return false;
    }
    // SAFETY: the caller passes `count` entries.
    let list = unsafe { core::slice::from_raw_parts(versions, count as usize) };
    list.iter()
        .find(|v| v.platform == PLATFORM_MACOS)
        .is_some_and(|v| os_version() >= v.version)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "___chkstk_darwin" => calvados_chkstk_darwin,
    // clang's spelling (C name `___chkstk_darwin`), e.g. in Rust binaries.
    func "____chkstk_darwin" => calvados_chkstk_darwin,
    func "_os_unfair_lock_lock" => os_unfair_lock_lock,
    func "_os_unfair_lock_lock_with_flags" => os_unfair_lock_lock_with_flags,
    func "_os_unfair_lock_lock_with_options" => os_unfair_lock_lock_with_options,
    func "_os_unfair_lock_trylock" => os_unfair_lock_trylock,
    func "_os_unfair_lock_unlock" => os_unfair_lock_unlock,
    func "_os_unfair_lock_assert_owner" => os_unfair_lock_assert_owner,
    func "_os_unfair_lock_assert_not_owner" => os_unfair_lock_assert_not_owner,
    func "_OSSpinLockTry" => spin_try,
    func "_OSSpinLockLock" => spin_lock,
    func "_OSSpinLockUnlock" => spin_unlock,
    func "_OSAtomicAdd32" => add32,
    func "_OSAtomicAdd32Barrier" => add32,
    func "_OSAtomicAdd64" => add64,
    func "_OSAtomicAdd64Barrier" => add64,
    func "_OSAtomicIncrement32" => inc32,
    func "_OSAtomicIncrement32Barrier" => inc32,
    func "_OSAtomicDecrement32" => dec32,
    func "_OSAtomicDecrement32Barrier" => dec32,
    func "_OSAtomicIncrement64" => inc64,
    func "_OSAtomicIncrement64Barrier" => inc64,
    func "_OSAtomicDecrement64" => dec64,
    func "_OSAtomicDecrement64Barrier" => dec64,
    func "_OSAtomicOr32" => or32,
    func "_OSAtomicOr32Barrier" => or32,
    func "_OSAtomicOr32Orig" => or32_orig,
    func "_OSAtomicOr32OrigBarrier" => or32_orig,
    func "_OSAtomicAnd32" => and32,
    func "_OSAtomicAnd32Barrier" => and32,
    func "_OSAtomicAnd32Orig" => and32_orig,
    func "_OSAtomicAnd32OrigBarrier" => and32_orig,
    func "_OSAtomicXor32" => xor32,
    func "_OSAtomicXor32Barrier" => xor32,
    func "_OSAtomicXor32Orig" => xor32_orig,
    func "_OSAtomicXor32OrigBarrier" => xor32_orig,
    func "_OSAtomicCompareAndSwap32" => cas32,
    func "_OSAtomicCompareAndSwap32Barrier" => cas32,
    func "_OSAtomicCompareAndSwapInt" => cas32,
    func "_OSAtomicCompareAndSwapIntBarrier" => cas32,
    func "_OSAtomicCompareAndSwap64" => cas64,
    func "_OSAtomicCompareAndSwap64Barrier" => cas64,
    func "_OSAtomicCompareAndSwapLong" => cas64,
    func "_OSAtomicCompareAndSwapLongBarrier" => cas64,
    func "_OSAtomicCompareAndSwapPtr" => cas_ptr,
    func "_OSAtomicCompareAndSwapPtrBarrier" => cas_ptr,
    func "_OSAtomicTestAndSet" => test_and_set,
    func "_OSAtomicTestAndSetBarrier" => test_and_set,
    func "_OSAtomicTestAndClear" => test_and_clear,
    func "_OSAtomicTestAndClearBarrier" => test_and_clear,
    func "_OSMemoryBarrier" => memory_barrier,
    func "_OSAtomicEnqueue" => enqueue,
    func "_OSAtomicDequeue" => dequeue,
    func "__availability_version_check" => availability_version_check,
};
