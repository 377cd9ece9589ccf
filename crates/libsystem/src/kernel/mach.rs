//! Mach host, task, thread and VM queries that programs use for CPU and
//! memory statistics (`<mach/mach_host.h>`, `<mach/task_info.h>`,
//! `<mach/thread_info.h>`, `<mach/vm_statistics.h>`, `<mach/vm_map.h>`).
//!
//! Answers come from Linux: `/proc/stat`, `/proc/meminfo`, `/proc/vmstat`,
//! `/proc/self/statm`, `getrusage`. Ticks are `USER_HZ` (100 per second),
//! the rate darwin reports too. Only our own task and the calling thread
//! can be queried (no other task or thread port can be obtained here).

use super::semaphore::{new_port_name, MACH_TASK_SELF};
use libc::{c_int, c_void};
use std::sync::OnceLock;

// <mach/kern_return.h>
const KERN_SUCCESS: c_int = 0;
const KERN_INVALID_ADDRESS: c_int = 1;
const KERN_NO_SPACE: c_int = 3;
const KERN_INVALID_ARGUMENT: c_int = 4;
const KERN_FAILURE: c_int = 5;
const KERN_RESOURCE_SHORTAGE: c_int = 6;
const KERN_INVALID_TASK: c_int = 16;
const KERN_INVALID_HOST: c_int = 22;

/// x86_64 pages: 4 KiB on darwin and Linux alike.
const PAGE: usize = 4096;

/// `vm_page_size` and friends (`<mach/vm_page_size.h>`).
pub static VM_PAGE_SIZE: usize = PAGE;
pub static VM_PAGE_MASK: usize = PAGE - 1;
pub static VM_PAGE_SHIFT: c_int = 12;

/// The host port name, made once.
fn host_port() -> u32 {
    static PORT: OnceLock<u32> = OnceLock::new();
    *PORT.get_or_init(new_port_name)
}

/// `mach_host_self()`.
extern "C" fn mach_host_self() -> u32 {
    host_port()
}

/// darwin `time_value_t` (`<mach/time_value.h>`).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct TimeValue {
    seconds: i32,
    microseconds: i32,
}
const _: () = assert!(core::mem::size_of::<TimeValue>() == 8);

impl TimeValue {
    fn from(tv: libc::timeval) -> Self {
        TimeValue {
            seconds: tv.tv_sec as i32,
            microseconds: tv.tv_usec as i32,
        }
    }
}

// ---- host_statistics ----------------------------------------------------

// <mach/host_info.h>
const HOST_BASIC_INFO: c_int = 1;
const HOST_VM_INFO: c_int = 2;
const HOST_CPU_LOAD_INFO: c_int = 3;
const HOST_VM_INFO64: c_int = 4;
// <mach/machine.h>
const CPU_STATE_MAX: usize = 4;
const CPU_STATE_USER: usize = 0;
const CPU_STATE_SYSTEM: usize = 1;
const CPU_STATE_IDLE: usize = 2;
const CPU_STATE_NICE: usize = 3;
const CPU_TYPE_X86_64: i32 = 7 | 0x0100_0000;
const CPU_SUBTYPE_X86_64_ALL: i32 = 3;
// <mach/processor_info.h>
const PROCESSOR_CPU_LOAD_INFO: c_int = 2;

/// `struct vm_statistics` (`HOST_VM_INFO`), all `natural_t`.
#[repr(C)]
#[derive(Default)]
struct VmStatistics {
    free_count: u32,
    active_count: u32,
    inactive_count: u32,
    wire_count: u32,
    zero_fill_count: u32,
    reactivations: u32,
    pageins: u32,
    pageouts: u32,
    faults: u32,
    cow_faults: u32,
    lookups: u32,
    hits: u32,
    purgeable_count: u32,
    purges: u32,
    speculative_count: u32,
}
const _: () = assert!(core::mem::size_of::<VmStatistics>() == 15 * 4);
/// `HOST_VM_INFO_REV0_COUNT`: the oldest layout a caller may ask for.
const VM_INFO_REV0_COUNT: u32 = 12;

/// `struct vm_statistics64` up to `total_uncompressed_pages_in_compressor`
/// (`HOST_VM_INFO64_REV1_COUNT`, the layout macOS 11 fills).
#[repr(C, packed(4))]
#[derive(Default)]
struct VmStatistics64 {
    free_count: u32,
    active_count: u32,
    inactive_count: u32,
    wire_count: u32,
    zero_fill_count: u64,
    reactivations: u64,
    pageins: u64,
    pageouts: u64,
    faults: u64,
    cow_faults: u64,
    lookups: u64,
    hits: u64,
    purges: u64,
    purgeable_count: u32,
    speculative_count: u32,
    decompressions: u64,
    compressions: u64,
    swapins: u64,
    swapouts: u64,
    compressor_page_count: u32,
    throttled_count: u32,
    external_page_count: u32,
    internal_page_count: u32,
    total_uncompressed_pages_in_compressor: u64,
}
const _: () = assert!(core::mem::size_of::<VmStatistics64>() == 152);
const _: () = assert!(core::mem::offset_of!(VmStatistics64, zero_fill_count) == 16);
const _: () = assert!(core::mem::offset_of!(VmStatistics64, purgeable_count) == 88);
const _: () = assert!(core::mem::offset_of!(VmStatistics64, decompressions) == 96);
const _: () = assert!(core::mem::offset_of!(VmStatistics64, compressor_page_count) == 128);
/// `HOST_VM_INFO64_REV0_COUNT` (`offsetof(decompressions) / 4`).
const VM_INFO64_REV0_COUNT: u32 = 24;

/// `struct host_basic_info` (`#pragma pack(4)`).
#[repr(C, packed(4))]
struct HostBasicInfo {
    max_cpus: i32,
    avail_cpus: i32,
    memory_size: u32,
    cpu_type: i32,
    cpu_subtype: i32,
    cpu_threadtype: i32,
    physical_cpu: i32,
    physical_cpu_max: i32,
    logical_cpu: i32,
    logical_cpu_max: i32,
    max_mem: u64,
}
const _: () = assert!(core::mem::size_of::<HostBasicInfo>() == 48);
const _: () = assert!(core::mem::offset_of!(HostBasicInfo, max_mem) == 40);

/// Fields of a `/proc` key/value file (`/proc/meminfo`, `/proc/vmstat`),
/// the first number of each line.
fn proc_values(path: &str) -> Vec<(String, u64)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let k = it.next()?.trim_end_matches(':').to_string();
            let v = it.next()?.parse().ok()?;
            Some((k, v))
        })
        .collect()
}

fn get(vals: &[(String, u64)], key: &str) -> u64 {
    vals.iter().find(|(k, _)| k == key).map_or(0, |&(_, v)| v)
}

/// Page counts from `/proc/meminfo` (kB) and event counts from
/// `/proc/vmstat`. Linux has no "wired" list: everything that is neither
/// free nor on the active/inactive lists (kernel memory, unevictable
/// pages) counts as wired, so free + active + inactive + wired = total.
fn vm_stats() -> Option<VmStatistics64> {
    let m = proc_values("/proc/meminfo");
    let total = get(&m, "MemTotal");
    if total == 0 {
        return None;
    }
    let kb = |k: &str| get(&m, k) / (PAGE as u64 / 1024);
    let (free, active, inactive) = (kb("MemFree"), kb("Active"), kb("Inactive"));
    let wired = kb("MemTotal").saturating_sub(free + active + inactive);
    let v = proc_values("/proc/vmstat");
    Some(VmStatistics64 {
        free_count: free as u32,
        active_count: active as u32,
        inactive_count: inactive as u32,
        wire_count: wired as u32,
        pageins: get(&v, "pgmajfault"),
        faults: get(&v, "pgfault"),
        swapins: get(&v, "pswpin"),
        swapouts: get(&v, "pswpout"),
        external_page_count: (kb("Active(file)") + kb("Inactive(file)")) as u32,
        internal_page_count: (kb("Active(anon)") + kb("Inactive(anon)")) as u32,
        ..Default::default()
    })
}

/// The `cpu` lines of `/proc/stat`: (aggregate, per CPU), each as darwin's
/// user/system/idle/nice ticks. Interrupt time counts as system time,
/// I/O wait as idle (darwin has neither state).
fn cpu_ticks() -> (Option<[u32; CPU_STATE_MAX]>, Vec<[u32; CPU_STATE_MAX]>) {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let mut all = None;
    let mut each = Vec::new();
    for l in text.lines() {
        let mut it = l.split_whitespace();
        let Some(name) = it.next().filter(|n| n.starts_with("cpu")) else {
            continue;
        };
        let n: Vec<u64> = it.filter_map(|x| x.parse().ok()).collect();
        let f = |i: usize| n.get(i).copied().unwrap_or(0);
        let mut t = [0u32; CPU_STATE_MAX];
        t[CPU_STATE_USER] = f(0) as u32;
        t[CPU_STATE_NICE] = f(1) as u32;
        t[CPU_STATE_SYSTEM] = (f(2) + f(5) + f(6)) as u32;
        t[CPU_STATE_IDLE] = (f(3) + f(4)) as u32;
        if name == "cpu" {
            all = Some(t);
        } else {
            each.push(t);
        }
    }
    (all, each)
}

/// Copies `val` into the caller's `info` array of `*count` ints, at most
/// `full` ints and at least `min` (else KERN_FAILURE, as darwin does).
///
/// # Safety
/// `info` holds `*count` ints; `count` is writable.
unsafe fn reply<T>(val: &T, info: *mut c_int, count: *mut u32, min: u32) -> c_int {
    let full = (core::mem::size_of::<T>() / 4) as u32;
    if info.is_null() || count.is_null() {
        return KERN_INVALID_ARGUMENT;
    }
    // SAFETY: per the contract.
    unsafe {
        if *count < min {
            return KERN_FAILURE;
        }
        let n = (*count).min(full);
        core::ptr::copy_nonoverlapping(
            (val as *const T).cast::<u8>(),
            info.cast::<u8>(),
            n as usize * 4,
        );
        *count = n;
    }
    KERN_SUCCESS
}

/// `host_statistics(host, flavor, info, &count)`.
unsafe extern "C" fn host_statistics(
    host: u32,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
) -> c_int {
    if host != host_port() {
        return KERN_INVALID_HOST;
    }
    // SAFETY: `info` holds `*count` ints (the caller's contract).
    unsafe {
        match flavor {
            HOST_VM_INFO => {
                let Some(s) = vm_stats() else {
                    return KERN_FAILURE;
                };
                let v = VmStatistics {
                    free_count: s.free_count,
                    active_count: s.active_count,
                    inactive_count: s.inactive_count,
                    wire_count: s.wire_count,
                    pageins: s.pageins as u32,
                    faults: s.faults as u32,
                    ..Default::default()
                };
                reply(&v, info, count, VM_INFO_REV0_COUNT)
            }
            HOST_CPU_LOAD_INFO => match cpu_ticks().0 {
                Some(t) => reply(&t, info, count, CPU_STATE_MAX as u32),
                None => KERN_FAILURE,
            },
            HOST_VM_INFO64 => host_statistics64(host, flavor, info, count),
            _ => KERN_INVALID_ARGUMENT,
        }
    }
}

/// `host_statistics64(host, flavor, info, &count)`: `HOST_VM_INFO64`
/// (other flavors as `host_statistics`).
unsafe extern "C" fn host_statistics64(
    host: u32,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
) -> c_int {
    if host != host_port() {
        return KERN_INVALID_HOST;
    }
    if flavor != HOST_VM_INFO64 {
        // SAFETY: forwarded contract.
        return unsafe { host_statistics(host, flavor, info, count) };
    }
    match vm_stats() {
        // SAFETY: `info` holds `*count` ints.
        Some(s) => unsafe { reply(&s, info, count, VM_INFO64_REV0_COUNT) },
        None => KERN_FAILURE,
    }
}

fn online_cpus() -> i32 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) as i32 }
}

/// `host_info(host, HOST_BASIC_INFO, ...)`: CPU counts and memory size.
/// Linux does not say which logical CPUs share a core here, so physical
/// counts equal logical ones.
unsafe extern "C" fn host_info(
    host: u32,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
) -> c_int {
    if host != host_port() {
        return KERN_INVALID_HOST;
    }
    if flavor != HOST_BASIC_INFO {
        return KERN_INVALID_ARGUMENT;
    }
    // SAFETY: sysconf has no preconditions.
    let (conf, mem) = unsafe {
        (
            libc::sysconf(libc::_SC_NPROCESSORS_CONF) as i32,
            libc::sysconf(libc::_SC_PHYS_PAGES) as u64 * PAGE as u64,
        )
    };
    let on = online_cpus();
    let b = HostBasicInfo {
        max_cpus: conf,
        avail_cpus: on,
        memory_size: mem.min(0x8000_0000) as u32,
        cpu_type: CPU_TYPE_X86_64,
        cpu_subtype: CPU_SUBTYPE_X86_64_ALL,
        cpu_threadtype: 0,
        physical_cpu: on,
        physical_cpu_max: conf,
        logical_cpu: on,
        logical_cpu_max: conf,
        max_mem: mem,
    };
    // SAFETY: `info` holds `*count` ints; the oldest layout is 10 ints.
    unsafe { reply(&b, info, count, 10) }
}

/// `host_processor_info(host, PROCESSOR_CPU_LOAD_INFO, &ncpu, &info,
/// &count)`: per-CPU ticks in memory the caller releases with
/// `vm_deallocate(mach_task_self(), info, count * sizeof(int))`.
unsafe extern "C" fn host_processor_info(
    host: u32,
    flavor: c_int,
    out_ncpu: *mut u32,
    out_info: *mut *mut c_int,
    out_count: *mut u32,
) -> c_int {
    if host != host_port() {
        return KERN_INVALID_HOST;
    }
    if flavor != PROCESSOR_CPU_LOAD_INFO {
        return KERN_INVALID_ARGUMENT;
    }
    let each = cpu_ticks().1;
    if each.is_empty() {
        return KERN_FAILURE;
    }
    let ints = each.len() * CPU_STATE_MAX;
    let Some(p) = map_anywhere(ints * 4) else {
        return KERN_RESOURCE_SHORTAGE;
    };
    // SAFETY: `p` is a fresh mapping of `ints` ints; outputs are writable.
    unsafe {
        core::ptr::copy_nonoverlapping(each.as_ptr().cast::<u32>(), p.cast::<u32>(), ints);
        *out_ncpu = each.len() as u32;
        *out_info = p.cast();
        *out_count = ints as u32;
    }
    KERN_SUCCESS
}

/// `host_page_size(host, &size)`.
unsafe extern "C" fn host_page_size(host: u32, out: *mut usize) -> c_int {
    if host != host_port() {
        return KERN_INVALID_HOST;
    }
    // SAFETY: `out` is writable.
    unsafe { *out = PAGE };
    KERN_SUCCESS
}

// ---- task_info / thread_info ---------------------------------------------

// <mach/task_info.h>, <mach/thread_info.h>, <mach/policy.h>
const TASK_BASIC_INFO_64: c_int = 5;
const TASK_THREAD_TIMES_INFO: c_int = 3;
const MACH_TASK_BASIC_INFO: c_int = 20;
const TASK_VM_INFO: c_int = 22;
const THREAD_BASIC_INFO: c_int = 3;
const POLICY_TIMESHARE: c_int = 1;
const TH_STATE_RUNNING: c_int = 1;
const TH_USAGE_SCALE: i64 = 1000;

/// `struct mach_task_basic_info` (`#pragma pack(4)`).
#[repr(C, packed(4))]
struct MachTaskBasicInfo {
    virtual_size: u64,
    resident_size: u64,
    resident_size_max: u64,
    user_time: TimeValue,
    system_time: TimeValue,
    policy: c_int,
    suspend_count: c_int,
}
const _: () = assert!(core::mem::size_of::<MachTaskBasicInfo>() == 48);

/// `struct task_basic_info_64` (`#pragma pack(4)`; x86_64 layout).
#[repr(C, packed(4))]
struct TaskBasicInfo64 {
    suspend_count: c_int,
    virtual_size: u64,
    resident_size: u64,
    user_time: TimeValue,
    system_time: TimeValue,
    policy: c_int,
}
const _: () = assert!(core::mem::size_of::<TaskBasicInfo64>() == 40);
const _: () = assert!(core::mem::offset_of!(TaskBasicInfo64, virtual_size) == 4);

/// `struct task_thread_times_info`.
#[repr(C)]
struct TaskThreadTimesInfo {
    user_time: TimeValue,
    system_time: TimeValue,
}
const _: () = assert!(core::mem::size_of::<TaskThreadTimesInfo>() == 16);

/// `struct task_vm_info` up to `max_address` (`TASK_VM_INFO_REV2_COUNT`).
#[repr(C, packed(4))]
#[derive(Default)]
struct TaskVmInfo {
    virtual_size: u64,
    region_count: c_int,
    page_size: c_int,
    resident_size: u64,
    resident_size_peak: u64,
    device: u64,
    device_peak: u64,
    internal: u64,
    internal_peak: u64,
    external: u64,
    external_peak: u64,
    reusable: u64,
    reusable_peak: u64,
    purgeable_volatile_pmap: u64,
    purgeable_volatile_resident: u64,
    purgeable_volatile_virtual: u64,
    compressed: u64,
    compressed_peak: u64,
    compressed_lifetime: u64,
    phys_footprint: u64,
    min_address: u64,
    max_address: u64,
}
const _: () = assert!(core::mem::size_of::<TaskVmInfo>() == 168);
const _: () = assert!(core::mem::offset_of!(TaskVmInfo, phys_footprint) == 144);
/// `TASK_VM_INFO_REV0_COUNT`: up to `compressed_lifetime`.
const TASK_VM_INFO_REV0_COUNT: u32 = 36;

/// (virtual size, resident size, resident-but-shared size) in bytes, from
/// `/proc/self/statm`.
fn statm() -> (u64, u64, u64) {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let n: Vec<u64> = s
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    let f = |i: usize| n.get(i).copied().unwrap_or(0) * PAGE as u64;
    (f(0), f(1), f(2))
}

fn rusage(who: c_int) -> libc::rusage {
    // SAFETY: a zeroed rusage is a valid out-parameter.
    let mut r: libc::rusage = unsafe { core::mem::zeroed() };
    // SAFETY: `r` is writable.
    unsafe { libc::getrusage(who, &mut r) };
    r
}

/// The task's own peak resident size (`ru_maxrss` is in KiB on Linux).
fn peak_rss(r: &libc::rusage) -> u64 {
    r.ru_maxrss as u64 * 1024
}

/// `task_info(task, flavor, info, &count)` for our own task.
unsafe extern "C" fn task_info(
    task: u32,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
) -> c_int {
    if task != MACH_TASK_SELF {
        return KERN_INVALID_TASK;
    }
    let (virt, res, shared) = statm();
    let r = rusage(libc::RUSAGE_SELF);
    let (ut, st) = (TimeValue::from(r.ru_utime), TimeValue::from(r.ru_stime));
    // SAFETY: `info` holds `*count` ints (the caller's contract).
    unsafe {
        match flavor {
            MACH_TASK_BASIC_INFO => {
                let v = MachTaskBasicInfo {
                    virtual_size: virt,
                    resident_size: res,
                    resident_size_max: peak_rss(&r).max(res),
                    user_time: ut,
                    system_time: st,
                    policy: POLICY_TIMESHARE,
                    suspend_count: 0,
                };
                reply(&v, info, count, 12)
            }
            TASK_BASIC_INFO_64 => {
                let v = TaskBasicInfo64 {
                    suspend_count: 0,
                    virtual_size: virt,
                    resident_size: res,
                    user_time: ut,
                    system_time: st,
                    policy: POLICY_TIMESHARE,
                };
                reply(&v, info, count, 10)
            }
            TASK_THREAD_TIMES_INFO => {
                let v = TaskThreadTimesInfo {
                    user_time: ut,
                    system_time: st,
                };
                reply(&v, info, count, 4)
            }
            TASK_VM_INFO => {
                // The footprint is the task's private resident memory.
                let private = res.saturating_sub(shared);
                let v = TaskVmInfo {
                    virtual_size: virt,
                    region_count: maps_count(),
                    page_size: PAGE as c_int,
                    resident_size: res,
                    resident_size_peak: peak_rss(&r).max(res),
                    internal: private,
                    internal_peak: private,
                    external: shared,
                    external_peak: shared,
                    phys_footprint: private,
                    min_address: PAGE as u64,
                    max_address: 0x7fff_ffff_f000,
                    ..Default::default()
                };
                reply(&v, info, count, TASK_VM_INFO_REV0_COUNT)
            }
            _ => KERN_INVALID_ARGUMENT,
        }
    }
}

/// Number of mappings (`/proc/self/maps` lines).
fn maps_count() -> c_int {
    std::fs::read_to_string("/proc/self/maps").map_or(0, |s| s.lines().count() as c_int)
}

/// `struct thread_basic_info`.
#[repr(C)]
struct ThreadBasicInfo {
    user_time: TimeValue,
    system_time: TimeValue,
    cpu_usage: c_int,
    policy: c_int,
    run_state: c_int,
    flags: c_int,
    suspend_count: c_int,
    sleep_time: c_int,
}
const _: () = assert!(core::mem::size_of::<ThreadBasicInfo>() == 40);

/// `thread_info(thread, THREAD_BASIC_INFO, ...)` for the calling thread:
/// its times from `RUSAGE_THREAD`, usage as CPU time over the thread's
/// age in `TH_USAGE_SCALE` units, and running (it is running: it asks).
unsafe extern "C" fn thread_info(
    thread: u32,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
) -> c_int {
    if thread != crate::pthread::thread::mach_thread_self() {
        return KERN_INVALID_ARGUMENT;
    }
    if flavor != THREAD_BASIC_INFO {
        return KERN_INVALID_ARGUMENT;
    }
    let r = rusage(libc::RUSAGE_THREAD);
    let cpu_us = |t: libc::timeval| t.tv_sec * 1_000_000 + t.tv_usec;
    let used = cpu_us(r.ru_utime) + cpu_us(r.ru_stime);
    let usage = thread_age_us().map_or(0, |age| {
        if age <= 0 {
            0
        } else {
            (used * TH_USAGE_SCALE / age).min(TH_USAGE_SCALE)
        }
    });
    let v = ThreadBasicInfo {
        user_time: TimeValue::from(r.ru_utime),
        system_time: TimeValue::from(r.ru_stime),
        cpu_usage: usage as c_int,
        policy: POLICY_TIMESHARE,
        run_state: TH_STATE_RUNNING,
        flags: 0,
        suspend_count: 0,
        sleep_time: 0,
    };
    // SAFETY: `info` holds `*count` ints.
    unsafe { reply(&v, info, count, 10) }
}

/// Microseconds since the calling thread started (field 22 of
/// `/proc/thread-self/stat`, in clock ticks since boot).
fn thread_age_us() -> Option<i64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The command name may contain spaces: fields follow the last ')'.
    let rest = &s[s.rfind(')')? + 1..];
    let start: i64 = rest.split_whitespace().nth(19)?.parse().ok()?;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a local timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) };
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1);
    let now_us = ts.tv_sec * 1_000_000 + ts.tv_nsec / 1000;
    Some(now_us - start * 1_000_000 / hz)
}

// ---- vm_allocate / vm_deallocate -----------------------------------------

// <mach/vm_statistics.h>
const VM_FLAGS_ANYWHERE: c_int = 0x1;
const VM_FLAGS_PURGABLE: c_int = 0x2;
const VM_FLAGS_RANDOM_ADDR: c_int = 0x8;
const VM_FLAGS_NO_CACHE: c_int = 0x10;
const VM_FLAGS_OVERWRITE: c_int = 0x4000;
const VM_FLAGS_ALIAS_MASK: c_int = 0xFF00_0000u32 as c_int;
/// Flags we honour: placement, plus hints Linux has no use for (purgeable
/// memory is simply kept; the alias tag only labels regions for tools).
const FLAGS_OK: c_int = VM_FLAGS_ANYWHERE
    | VM_FLAGS_PURGABLE
    | VM_FLAGS_RANDOM_ADDR
    | VM_FLAGS_NO_CACHE
    | VM_FLAGS_OVERWRITE
    | VM_FLAGS_ALIAS_MASK;

fn map_anywhere(size: usize) -> Option<*mut c_void> {
    // SAFETY: a fresh anonymous mapping.
    let p = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    (p != libc::MAP_FAILED).then_some(p)
}

/// `mach_vm_allocate(task, &addr, size, flags)`: zero-filled pages,
/// committed lazily as on darwin (`MAP_NORESERVE`: a program may reserve
/// far more address space than memory, as GHC's 1 TiB heap does),
/// anywhere or at `*addr` (which must be free unless `VM_FLAGS_OVERWRITE`).
unsafe extern "C" fn vm_allocate(task: u32, addr: *mut u64, size: u64, flags: c_int) -> c_int {
    if task != MACH_TASK_SELF || addr.is_null() || flags & !FLAGS_OK != 0 {
        return KERN_INVALID_ARGUMENT;
    }
    if size == 0 {
        // SAFETY: `addr` is writable.
        unsafe { *addr = 0 };
        return KERN_SUCCESS;
    }
    let Some(len) = size
        .checked_add(PAGE as u64 - 1)
        .map(|s| s & !(PAGE as u64 - 1))
    else {
        return KERN_INVALID_ARGUMENT;
    };
    if flags & VM_FLAGS_ANYWHERE != 0 {
        return match map_anywhere(len as usize) {
            Some(p) => {
                // SAFETY: `addr` is writable.
                unsafe { *addr = p as u64 };
                KERN_SUCCESS
            }
            None => KERN_NO_SPACE,
        };
    }
    // SAFETY: `addr` is readable.
    let want = unsafe { *addr } & !(PAGE as u64 - 1);
    let fixed = if flags & VM_FLAGS_OVERWRITE != 0 {
        libc::MAP_FIXED
    } else {
        libc::MAP_FIXED_NOREPLACE
    };
    // SAFETY: mapping at the caller's address; NOREPLACE keeps existing
    // mappings, OVERWRITE is the caller's explicit request to replace them.
    let p = unsafe {
        libc::mmap(
            want as *mut c_void,
            len as usize,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | fixed,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return KERN_NO_SPACE;
    }
    if p as u64 != want {
        // An old kernel without MAP_FIXED_NOREPLACE treats it as a hint.
        // SAFETY: unmapping what we just mapped.
        unsafe { libc::munmap(p, len as usize) };
        return KERN_NO_SPACE;
    }
    // SAFETY: `addr` is writable.
    unsafe { *addr = want };
    KERN_SUCCESS
}

/// `vm_allocate` (`vm_address_t`/`vm_size_t` are 64-bit on x86_64, the
/// same call as `mach_vm_allocate`).
unsafe extern "C" fn vm_allocate_legacy(
    task: u32,
    addr: *mut u64,
    size: u64,
    flags: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { vm_allocate(task, addr, size, flags) }
}

/// `mach_vm_deallocate(task, addr, size)`: unmaps the pages the range
/// touches; a size of 0 does nothing.
extern "C" fn vm_deallocate(task: u32, addr: u64, size: u64) -> c_int {
    if task != MACH_TASK_SELF {
        return KERN_INVALID_ARGUMENT;
    }
    if size == 0 {
        return KERN_SUCCESS;
    }
    let start = addr & !(PAGE as u64 - 1);
    let Some(end) = addr
        .checked_add(size)
        .and_then(|e| e.checked_add(PAGE as u64 - 1))
        .map(|e| e & !(PAGE as u64 - 1))
    else {
        return KERN_INVALID_ARGUMENT;
    };
    // SAFETY: the caller gives up this range (darwin semantics).
    if unsafe { libc::munmap(start as *mut c_void, (end - start) as usize) } != 0 {
        return KERN_INVALID_ADDRESS;
    }
    KERN_SUCCESS
}

// ---- clock services (<mach/clock.h>, <mach/mach_host.h>) --------------------

/// `SYSTEM_CLOCK` (also `REALTIME_CLOCK`): time since boot.
const SYSTEM_CLOCK: c_int = 0;
/// `CALENDAR_CLOCK`: time since the epoch.
const CALENDAR_CLOCK: c_int = 1;

/// darwin `mach_timespec_t` (`<mach/clock_types.h>`).
#[repr(C)]
struct MachTimespec {
    tv_sec: u32,
    tv_nsec: c_int,
}

/// The port name of each clock service, made once.
fn clock_port(id: c_int) -> u32 {
    static PORTS: [OnceLock<u32>; 2] = [OnceLock::new(), OnceLock::new()];
    *PORTS[id as usize].get_or_init(new_port_name)
}

/// `host_get_clock_service(host, clock_id, &clock)`.
unsafe extern "C" fn host_get_clock_service(host: u32, id: c_int, clock: *mut u32) -> c_int {
    // xnu answers a wrong host port like a wrong clock id.
    if host != host_port() || !(SYSTEM_CLOCK..=CALENDAR_CLOCK).contains(&id) || clock.is_null() {
        return KERN_INVALID_ARGUMENT;
    }
    // SAFETY: the caller's writable port name.
    unsafe { *clock = clock_port(id) };
    KERN_SUCCESS
}

/// `clock_get_time(clock, &time)`: the system clock counts from boot (as
/// `mach_absolute_time` does), the calendar clock from the epoch.
unsafe extern "C" fn clock_get_time(clock: u32, time: *mut MachTimespec) -> c_int {
    let linux = if clock == clock_port(SYSTEM_CLOCK) {
        libc::CLOCK_MONOTONIC
    } else if clock == clock_port(CALENDAR_CLOCK) {
        libc::CLOCK_REALTIME
    } else {
        return super::mach_thread::MACH_SEND_INVALID_DEST;
    };
    if time.is_null() {
        return KERN_INVALID_ARGUMENT;
    }
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and timespec.
    unsafe { libc::clock_gettime(linux, &mut ts) };
    // SAFETY: the caller's writable mach_timespec_t.
    unsafe {
        *time = MachTimespec {
            tv_sec: ts.tv_sec as u32,
            tv_nsec: ts.tv_nsec as c_int,
        }
    };
    KERN_SUCCESS
}

// ---- exception ports -------------------------------------------------------

/// `EXC_MASK_*` bits that exist (`<mach/exception_types.h>`: exceptions
/// `EXC_BAD_ACCESS` (1) .. `EXC_CORPSE_NOTIFY` (13)).
const EXC_MASK_VALID: u32 = 0x3ffe;
/// `MACH_PORT_NULL`.
const MACH_PORT_NULL: u32 = 0;
/// `KERN_NOT_SUPPORTED`.
const KERN_NOT_SUPPORTED: c_int = 46;

/// `task_set_exception_ports(task, mask, port, behavior, flavor)`.
/// Hardware exceptions reach a program here only as signals: the state a
/// darwin task is in when no exception port is set. Setting the ports to
/// `MACH_PORT_NULL` (what LLVM does to keep crash dialogs away, so that the
/// signal is delivered) therefore succeeds and changes nothing; a real
/// port would never receive a message, so it is refused.
extern "C" fn task_set_exception_ports(
    task: u32,
    mask: u32,
    port: u32,
    _behavior: c_int,
    _flavor: c_int,
) -> c_int {
    if task != MACH_TASK_SELF || mask & !EXC_MASK_VALID != 0 {
        return KERN_INVALID_ARGUMENT;
    }
    if port != MACH_PORT_NULL {
        return KERN_NOT_SUPPORTED;
    }
    KERN_SUCCESS
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_mach_host_self" => mach_host_self,
    func "_host_statistics" => host_statistics,
    func "_host_statistics64" => host_statistics64,
    func "_host_info" => host_info,
    func "_host_processor_info" => host_processor_info,
    func "_host_page_size" => host_page_size,
    func "_task_info" => task_info,
    func "_thread_info" => thread_info,
    func "_vm_allocate" => vm_allocate_legacy,
    func "_mach_vm_allocate" => vm_allocate,
    func "_vm_deallocate" => vm_deallocate,
    func "_mach_vm_deallocate" => vm_deallocate,
    func "_task_set_exception_ports" => task_set_exception_ports,
    func "_host_get_clock_service" => host_get_clock_service,
    func "_clock_get_time" => clock_get_time,
    data "_vm_page_size" => VM_PAGE_SIZE,
    data "_vm_page_mask" => VM_PAGE_MASK,
    data "_vm_page_shift" => VM_PAGE_SHIFT,
    data "_vm_kernel_page_size" => VM_PAGE_SIZE,
    data "_vm_kernel_page_mask" => VM_PAGE_MASK,
    data "_vm_kernel_page_shift" => VM_PAGE_SHIFT,
};
