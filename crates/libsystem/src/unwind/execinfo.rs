//! `<execinfo.h>`: `backtrace`, `backtrace_symbols`, `backtrace_symbols_fd`.
//!
//! Frames come from `_Unwind_Backtrace`. Our own ELF frames before the
//! first Mach-O frame (this module, the unwinder) and after the last one
//! (Calvados' start-up code, where macOS has dyld's `start`) are dropped,
//! so that entry 0 is the return address into `backtrace`'s caller as on
//! macOS.

use super::image_for_pc;
use core::ffi::c_void;
use libc::{c_char, c_int};
use std::sync::OnceLock;
use unwinding::abi as uw;

/// What a symbolizer knows about an address in a Mach-O image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Path of the image.
    pub image: String,
    /// Address of its mach header.
    pub base: usize,
    /// The nearest symbol at or below the address, and its address.
    pub name: Option<(String, usize)>,
}

/// Finds the image and symbol of an address (the loader's `dladdr`).
pub type Symbolizer = fn(usize) -> Option<Symbol>;

static SYMBOLIZER: OnceLock<Symbolizer> = OnceLock::new();

/// Lets `backtrace_symbols` name Mach-O addresses (set by the loader,
/// which alone knows image paths and symbol tables).
pub fn set_symbolizer(f: Symbolizer) {
    let _ = SYMBOLIZER.set(f);
}

/// Where `_Unwind_Backtrace`'s callback puts return addresses.
struct Collect {
    out: *mut *mut c_void,
    cap: usize,
    /// Entries written.
    n: usize,
    /// Entries up to and including the last Mach-O frame seen.
    keep: usize,
}

extern "C" fn collect(ctx: &uw::UnwindContext<'_>, arg: *mut c_void) -> uw::UnwindReasonCode {
    // SAFETY: `arg` is the `Collect` that `backtrace` passed.
    let c = unsafe { &mut *(arg as *mut Collect) };
    let ip = uw::_Unwind_GetIP(ctx);
    if ip == 0 {
        return uw::UnwindReasonCode::END_OF_STACK;
    }
    // A return address may be one past its function's end: look at ip - 1.
    let macho = image_for_pc(ip - 1).is_some();
    if c.n == 0 && !macho {
        return uw::UnwindReasonCode::NO_REASON; // our own frames
    }
    if c.n == c.cap {
        // Full: only find out whether Mach-O frames follow the ELF ones
        // at the end of the buffer.
        if macho {
            c.keep = c.cap;
            return uw::UnwindReasonCode::END_OF_STACK;
        }
        return uw::UnwindReasonCode::NO_REASON;
    }
    // SAFETY: `out` has room for `cap` entries and `n < cap`.
    unsafe { *c.out.add(c.n) = ip as *mut c_void };
    c.n += 1;
    if macho {
        c.keep = c.n;
    }
    uw::UnwindReasonCode::NO_REASON
}

/// `int backtrace(void **array, int size)`; allocates nothing, so that it
/// can serve in a crash handler.
pub unsafe extern "C" fn backtrace(array: *mut *mut c_void, size: c_int) -> c_int {
    if array.is_null() || size <= 0 {
        return 0;
    }
    let mut c = Collect {
        out: array,
        cap: size as usize,
        n: 0,
        keep: 0,
    };
    uw::_Unwind_Backtrace(collect, &mut c as *mut Collect as *mut c_void);
    c.keep as c_int
}

fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// What the host's `dladdr` says (our own ELF code).
fn host_symbol(addr: usize) -> Option<Symbol> {
    // SAFETY: an all-zero Dl_info is valid (NULL pointers).
    let mut info: libc::Dl_info = unsafe { core::mem::zeroed() };
    // SAFETY: dladdr only inspects the address and fills `info`.
    if unsafe { libc::dladdr(addr as *const c_void, &mut info) } == 0 {
        return None;
    }
    let s = |p: *const c_char| {
        // SAFETY: dladdr gives NUL-terminated strings or NULL.
        (!p.is_null()).then(|| {
            unsafe { std::ffi::CStr::from_ptr(p) }
                .to_string_lossy()
                .into_owned()
        })
    };
    Some(Symbol {
        image: s(info.dli_fname)?,
        base: info.dli_fbase as usize,
        name: s(info.dli_sname).map(|n| (n, info.dli_saddr as usize)),
    })
}

/// One line in macOS' format: `%-4d%-35s 0x%016lx %s + %lu` (index, image
/// basename, address, symbol, offset). Without a symbol the image name and
/// the offset from its header stand in; without an image, `???` and `0x0`.
fn line(i: usize, addr: usize) -> String {
    let sym = SYMBOLIZER
        .get()
        .and_then(|f| f(addr))
        .or_else(|| host_symbol(addr));
    let (image, name, off) = match &sym {
        Some(Symbol {
            image,
            name: Some((n, a)),
            ..
        }) => (basename(image), n.as_str(), addr.wrapping_sub(*a)),
        Some(Symbol { image, base, .. }) => {
            (basename(image), basename(image), addr.wrapping_sub(*base))
        }
        None => ("???", "0x0", addr),
    };
    format!("{i:<4}{image:<35} 0x{addr:016x} {name} + {off}")
}

fn lines(array: *const *mut c_void, size: c_int) -> Vec<String> {
    (0..size.max(0) as usize)
        // SAFETY: the caller's array holds `size` addresses.
        .map(|i| line(i, unsafe { *array.add(i) } as usize))
        .collect()
}

/// `char **backtrace_symbols(void *const *array, int size)`: one
/// `malloc`ed block, the pointer array followed by the strings (the caller
/// frees the block).
pub unsafe extern "C" fn backtrace_symbols(
    array: *const *mut c_void,
    size: c_int,
) -> *mut *mut c_char {
    let ls = if array.is_null() {
        Vec::new()
    } else {
        lines(array, size)
    };
    let table = ls.len() * core::mem::size_of::<*mut c_char>();
    let total = table + ls.iter().map(|l| l.len() + 1).sum::<usize>();
    // SAFETY: plain allocation (at least one byte).
    let block = unsafe { libc::malloc(total.max(1)) } as *mut u8;
    if block.is_null() {
        crate::errno::set(crate::errno::darwin::ENOMEM);
        return core::ptr::null_mut();
    }
    let ptrs = block as *mut *mut c_char;
    let mut at = table;
    for (i, l) in ls.iter().enumerate() {
        // SAFETY: `block` has room for the table and every string with its
        // NUL, laid out back to back.
        unsafe {
            let dst = block.add(at);
            core::ptr::copy_nonoverlapping(l.as_ptr(), dst, l.len());
            *dst.add(l.len()) = 0;
            *ptrs.add(i) = dst as *mut c_char;
        }
        at += l.len() + 1;
    }
    ptrs
}

/// `void backtrace_symbols_fd(void *const *array, int size, int fd)`.
pub unsafe extern "C" fn backtrace_symbols_fd(array: *const *mut c_void, size: c_int, fd: c_int) {
    if array.is_null() {
        return;
    }
    for mut l in lines(array, size) {
        l.push('\n');
        let mut b = l.as_bytes();
        while !b.is_empty() {
            // SAFETY: writing our own buffer to the caller's descriptor.
            let n = unsafe { libc::write(fd, b.as_ptr() as *const c_void, b.len()) };
            if n <= 0 {
                if n < 0
                    && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
                {
                    continue;
                }
                return;
            }
            b = &b[n as usize..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_format() {
        assert_eq!(
            line(3, 0),
            format!("3   {:<35} 0x0000000000000000 0x0 + 0", "???")
        );
        // Our own code: named by the host's dladdr.
        let here = line as *const () as usize + 1;
        let l = line(12, here);
        assert!(l.starts_with("12  "), "{l}");
        assert!(l.contains(&format!(" 0x{here:016x} ")), "{l}");
    }

    #[test]
    fn symbols_block() {
        let addrs = [core::ptr::null_mut::<c_void>(); 2];
        // SAFETY: two valid entries.
        let p = unsafe { backtrace_symbols(addrs.as_ptr(), 2) };
        assert!(!p.is_null());
        // SAFETY: the block holds two C strings.
        let s1 = unsafe { std::ffi::CStr::from_ptr(*p.add(1)) };
        assert!(s1.to_str().unwrap().starts_with("1   ???"));
        // SAFETY: one block from malloc.
        unsafe { libc::free(p as *mut c_void) };
    }

    /// Linking the `unwinding` crate makes Rust's own panics and backtraces
    /// go through it too.
    #[test]
    fn rust_panics_and_backtraces_still_work() {
        let r = std::panic::catch_unwind(|| {
            let _guard = String::from("dropped while unwinding");
            panic!("boom");
        });
        assert_eq!(r.unwrap_err().downcast_ref::<&str>(), Some(&"boom"));
        let bt = std::backtrace::Backtrace::force_capture().to_string();
        assert!(bt.contains("rust_panics_and_backtraces_still_work"), "{bt}");
    }

    #[test]
    fn no_macho_frames_here() {
        let mut buf = [core::ptr::null_mut(); 8];
        // SAFETY: room for 8 entries.
        assert_eq!(unsafe { backtrace(buf.as_mut_ptr(), 8) }, 0);
    }
}
