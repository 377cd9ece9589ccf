//! Mach VM queries and protection changes (`<mach/vm_map.h>`,
//! `<mach/vm_region.h>`) and `proc_regionfilename` (`<libproc.h>`), from
//! Linux's `/proc/<pid>/maps` and `mprotect`.
//!
//! A Linux mapping has no maximum protection: regions report
//! `VM_PROT_ALL`, the maximum darwin gives ordinary user memory, and
//! `vm_protect(..., set_maximum = TRUE, ...)` is refused.

use super::semaphore::MACH_TASK_SELF;
use libc::{c_int, c_void};

// <mach/kern_return.h>
const KERN_SUCCESS: c_int = 0;
const KERN_INVALID_ADDRESS: c_int = 1;
const KERN_PROTECTION_FAILURE: c_int = 2;
const KERN_INVALID_ARGUMENT: c_int = 4;

// <mach/vm_prot.h>: the same bits as PROT_READ/WRITE/EXEC.
const VM_PROT_READ: c_int = 1;
const VM_PROT_WRITE: c_int = 2;
const VM_PROT_EXECUTE: c_int = 4;
const VM_PROT_ALL: c_int = 7;

// <mach/vm_inherit.h>
const VM_INHERIT_SHARE: u32 = 0;
const VM_INHERIT_COPY: u32 = 1;

// <mach/vm_region.h>
const VM_REGION_BASIC_INFO_64: c_int = 9;
const VM_REGION_BASIC_INFO: c_int = 10;

const PAGE: u64 = 4096;

/// `struct vm_region_basic_info_64` (`#pragma pack(4)`).
#[repr(C, packed(4))]
struct BasicInfo64 {
    protection: c_int,
    max_protection: c_int,
    inheritance: u32,
    shared: u32,
    reserved: u32,
    offset: u64,
    behavior: c_int,
    user_wired_count: u16,
}
const _: () = assert!(core::mem::size_of::<BasicInfo64>() == 36);
const _: () = assert!(core::mem::offset_of!(BasicInfo64, offset) == 20);
const _: () = assert!(core::mem::offset_of!(BasicInfo64, behavior) == 28);
/// `VM_REGION_BASIC_INFO_COUNT_64`, in ints.
const BASIC_INFO_COUNT_64: u32 = 9;

/// `struct vm_region_basic_info`: the legacy one, 32-bit offset.
#[repr(C, packed(4))]
struct BasicInfo {
    protection: c_int,
    max_protection: c_int,
    inheritance: u32,
    shared: u32,
    reserved: u32,
    offset: u32,
    behavior: c_int,
    user_wired_count: u16,
}
const _: () = assert!(core::mem::size_of::<BasicInfo>() == 32);
const BASIC_INFO_COUNT: u32 = 8;

/// One line of `/proc/<pid>/maps`.
#[derive(Debug, PartialEq)]
pub(crate) struct Region {
    pub start: u64,
    pub end: u64,
    pub prot: c_int,
    pub shared: bool,
    pub offset: u64,
    /// The file's path; empty for anonymous memory and `[stack]`-style names.
    pub path: Vec<u8>,
}

fn parse_line(line: &[u8]) -> Option<Region> {
    let mut f = line.splitn(6, |&b| b == b' ');
    let range = f.next()?;
    let perms = f.next()?;
    let offset = f.next()?;
    let _dev = f.next()?;
    let _inode = f.next()?;
    let path = f.next().unwrap_or_default();
    let dash = range.iter().position(|&b| b == b'-')?;
    let hex = |s: &[u8]| u64::from_str_radix(core::str::from_utf8(s).ok()?, 16).ok();
    let p = |i: usize, c: u8, v: c_int| if perms.get(i) == Some(&c) { v } else { 0 };
    let path: Vec<u8> = path.iter().copied().skip_while(|&b| b == b' ').collect();
    Some(Region {
        start: hex(&range[..dash])?,
        end: hex(&range[dash + 1..])?,
        prot: p(0, b'r', VM_PROT_READ) | p(1, b'w', VM_PROT_WRITE) | p(2, b'x', VM_PROT_EXECUTE),
        shared: perms.get(3) == Some(&b's'),
        offset: hex(offset)?,
        path: if path.first() == Some(&b'/') {
            path
        } else {
            Vec::new()
        },
    })
}

/// The regions of process `pid` (0 = ourselves), in address order.
pub(crate) fn regions(pid: c_int) -> Option<Vec<Region>> {
    let file = if pid == 0 {
        "/proc/self/maps".to_string()
    } else {
        format!("/proc/{pid}/maps")
    };
    let data = std::fs::read(file).ok()?;
    Some(data.split(|&b| b == b'\n').filter_map(parse_line).collect())
}

/// `MACH_VM_MAX_ADDRESS` on x86_64: the end of user space (Linux lists
/// its `[vsyscall]` page above it).
const MAX_ADDRESS: u64 = 0x7fff_ffff_f000;

/// The region containing `addr`, or else the first one above it.
fn region_at(addr: u64) -> Option<Region> {
    regions(0)?
        .into_iter()
        .find(|r| r.end > addr && r.start < MAX_ADDRESS)
}

/// `mach_vm_region(task, &address, &size, flavor, info, &count, &object)`.
unsafe extern "C" fn mach_vm_region(
    task: u32,
    address: *mut u64,
    size: *mut u64,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
    object: *mut u32,
) -> c_int {
    // SAFETY: forwarded contract; `true` = 64-bit basic info for flavor 10.
    unsafe { region(task, address, size, flavor, info, count, object, true) }
}

/// `vm_region`: flavor `VM_REGION_BASIC_INFO` is the legacy struct.
unsafe extern "C" fn vm_region(
    task: u32,
    address: *mut u64,
    size: *mut u64,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
    object: *mut u32,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { region(task, address, size, flavor, info, count, object, false) }
}

#[allow(clippy::too_many_arguments)]
unsafe fn region(
    task: u32,
    address: *mut u64,
    size: *mut u64,
    flavor: c_int,
    info: *mut c_int,
    count: *mut u32,
    object: *mut u32,
    basic_is_64: bool,
) -> c_int {
    if task != MACH_TASK_SELF || address.is_null() || size.is_null() || count.is_null() {
        return KERN_INVALID_ARGUMENT;
    }
    let wide = match flavor {
        VM_REGION_BASIC_INFO_64 => true,
        VM_REGION_BASIC_INFO => basic_is_64,
        _ => return KERN_INVALID_ARGUMENT,
    };
    let need = if wide {
        BASIC_INFO_COUNT_64
    } else {
        BASIC_INFO_COUNT
    };
    // SAFETY: `count`, `address` are the caller's.
    if unsafe { *count } < need || info.is_null() {
        return KERN_INVALID_ARGUMENT;
    }
    // SAFETY: as above.
    let Some(r) = region_at(unsafe { *address }) else {
        return KERN_INVALID_ADDRESS;
    };
    let inheritance = if r.shared {
        VM_INHERIT_SHARE
    } else {
        VM_INHERIT_COPY
    };
    // SAFETY: the caller's out-parameters; `info` holds `need` ints.
    unsafe {
        if wide {
            info.cast::<BasicInfo64>().write_unaligned(BasicInfo64 {
                protection: r.prot,
                max_protection: VM_PROT_ALL,
                inheritance,
                shared: r.shared as u32,
                reserved: 0,
                offset: r.offset,
                behavior: 0,
                user_wired_count: 0,
            });
        } else {
            info.cast::<BasicInfo>().write_unaligned(BasicInfo {
                protection: r.prot,
                max_protection: VM_PROT_ALL,
                inheritance,
                shared: r.shared as u32,
                reserved: 0,
                offset: r.offset as u32,
                behavior: 0,
                user_wired_count: 0,
            });
        }
        *count = need;
        *address = r.start;
        *size = r.end - r.start;
        if !object.is_null() {
            *object = 0; // MACH_PORT_NULL
        }
    }
    KERN_SUCCESS
}

/// `vm_protect(task, address, size, set_maximum, prot)` and
/// `mach_vm_protect`: `mprotect` over the pages the range touches.
extern "C" fn vm_protect(
    task: u32,
    address: u64,
    size: u64,
    set_maximum: c_int,
    prot: c_int,
) -> c_int {
    if task != MACH_TASK_SELF || set_maximum != 0 || prot & !VM_PROT_ALL != 0 {
        return KERN_INVALID_ARGUMENT;
    }
    if size == 0 {
        return KERN_SUCCESS;
    }
    let start = address & !(PAGE - 1);
    let Some(end) = address
        .checked_add(size)
        .and_then(|e| e.checked_add(PAGE - 1))
        .map(|e| e & !(PAGE - 1))
    else {
        return KERN_INVALID_ARGUMENT;
    };
    // A Mach call leaves errno alone.
    let saved = crate::errno::get();
    // SAFETY: the caller asks for new protections on its own pages.
    let r = unsafe { libc::mprotect(start as *mut c_void, (end - start) as usize, prot) };
    let err = crate::errno::get();
    crate::errno::set(saved);
    match (r, err) {
        (0, _) => KERN_SUCCESS,
        (_, libc::ENOMEM) => KERN_INVALID_ADDRESS,
        _ => KERN_PROTECTION_FAILURE,
    }
}

/// darwin `MAXPATHLEN`.
const MAXPATHLEN: u32 = 1024;

/// `proc_regionfilename(pid, address, buffer, size)`: the path of the
/// file mapped in the first file-backed region at or above `address`;
/// returns its length, or 0 (a buffer under `MAXPATHLEN`: `ENOMEM`).
unsafe extern "C" fn proc_regionfilename(
    pid: c_int,
    address: u64,
    buf: *mut u8,
    size: u32,
) -> c_int {
    if size < MAXPATHLEN {
        crate::errno::set(crate::errno::darwin::ENOMEM);
        return 0;
    }
    // SAFETY: getpid has no preconditions.
    let own = pid == unsafe { libc::getpid() };
    let Some(list) = regions(if own { 0 } else { pid }) else {
        crate::errno::set(crate::errno::darwin::ESRCH);
        return 0;
    };
    let Some(r) = list
        .into_iter()
        .find(|r| r.end > address && !r.path.is_empty())
    else {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return 0;
    };
    let n = r.path.len().min(MAXPATHLEN as usize - 1);
    // SAFETY: `buf` holds at least MAXPATHLEN bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(r.path.as_ptr(), buf, n);
        *buf.add(n) = 0;
    }
    n as c_int
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_mach_vm_region" => mach_vm_region,
    func "_vm_region_64" => mach_vm_region,
    func "_vm_region" => vm_region,
    func "_vm_protect" => vm_protect,
    func "_mach_vm_protect" => vm_protect,
    func "_proc_regionfilename" => proc_regionfilename,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_line() {
        let r = parse_line(b"7f00-7f10 r-xs 0001a000 fe:00 123    /usr/lib/x y.so").unwrap();
        assert_eq!(
            (r.start, r.end, r.prot, r.shared, r.offset),
            (0x7f00, 0x7f10, 5, true, 0x1a000)
        );
        assert_eq!(r.path, b"/usr/lib/x y.so");
        let r = parse_line(b"7ffe-7fff rw-p 00000000 00:00 0      [stack]").unwrap();
        assert!(r.path.is_empty() && r.prot == 3 && !r.shared);
    }

    #[test]
    fn region_of_code() {
        let mut addr = region_of_code as *const () as u64;
        let mut size = 0;
        let mut info = [0 as c_int; 9];
        let mut count = 9;
        // SAFETY: local out-parameters.
        let kr = unsafe {
            mach_vm_region(
                MACH_TASK_SELF,
                &mut addr,
                &mut size,
                9,
                info.as_mut_ptr(),
                &mut count,
                core::ptr::null_mut(),
            )
        };
        assert_eq!(kr, KERN_SUCCESS);
        assert!(addr <= region_of_code as *const () as u64 && size > 0);
        assert_eq!(info[0] & VM_PROT_EXECUTE, VM_PROT_EXECUTE);
    }
}
