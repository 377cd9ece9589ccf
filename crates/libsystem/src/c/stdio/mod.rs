//! `<stdio.h>` with darwin's own `FILE` (`struct __sFILE`, 152 bytes).
//!
//! Mach-O code compiled against the macOS SDK reads and writes `FILE`
//! fields directly: `getc_unlocked`/`putc_unlocked` expand to `__sgetc` and
//! `__sputc`, which move `_p` and count `_r`/`_w` down, calling `__srget` or
//! `__swbuf` only when the buffer runs out; `feof_unlocked` and friends test
//! `_flags`. So the buffering layer here is a re-implementation of BSD stdio
//! (the one darwin's Libc is built from) on that exact layout, keeping the
//! header's invariants:
//!
//! - in read mode (`__SRD`) `_w == 0` and `_r` is the number of buffered
//!   bytes left at `_p`; while `ungetc` data is pending `_p`/`_r` describe
//!   the pushback buffer `_ub` and the real ones wait in `_ur` and
//!   [`Extra::up`];
//! - in write mode (`__SWR`) `_r == 0`; fully buffered: `_w` is the space
//!   left in `_bf`; line buffered: `_lbfsize == -_bf._size` and
//!   `_w == -(bytes buffered)`, so the inline `__sputc` stores until the
//!   buffer is full or sees `'\n'` and then calls `__swbuf`; unbuffered:
//!   `_w == 0` and a one-byte buffer (`_nbuf`).
//!
//! Whatever else a stream needs (its recursive lock, the saved `_p` of the
//! ungetc buffer, `fgetln`'s line, a `popen` child) lives in [`Extra`],
//! which `_extra` points at. Streams are backed by a descriptor (cookie =
//! the `FILE` itself, callbacks `buffer::sread` ...) or by user callbacks
//! (`funopen`; `fmemopen` and `open_memstream` are built on it).
//!
//! The three standard streams are statics, fully initialized at compile
//! time (`___sF`, with `___stdinp`/`___stdoutp`/`___stderrp` pointing at
//! them): no init call is needed. Their buffers are allocated on first use,
//! when stdout also decides between line buffering (a tty) and full
//! buffering, as darwin does.
//!
//! `FILE` objects are never freed: `fclose` marks the slot free and
//! `fopen` reuses it (darwin does the same). So a walk over every stream
//! (`fflush(NULL)`, `exit`, the flush of line-buffered output before a
//! terminal read) can take a snapshot of the list and then lock each stream
//! without ever holding the list's lock and a stream's lock together.
//!
//! Formatting (`printf` family) and scanning (`scanf` family) are our own
//! drivers: see the `printf` and `scanf` modules.

mod api;
pub(crate) mod buffer;
mod lock;
mod open;
pub(crate) mod printf;
pub(crate) mod scanf;
#[cfg(test)]
mod tests;
mod valist;
mod wide;

use core::mem::offset_of;
use core::ptr::{addr_of_mut, null_mut};
use core::sync::atomic::{AtomicBool, Ordering};
use libc::{c_char, c_int, c_short, c_void};
use std::sync::Mutex;

use lock::RecLock;

/// darwin `fpos_t` (and `off_t`).
pub type FposT = i64;
/// `_read` callback: `int (*)(void *cookie, char *buf, int n)`.
pub type ReadFn = unsafe extern "C" fn(*mut c_void, *mut c_char, c_int) -> c_int;
/// `_write` callback: `int (*)(void *cookie, const char *buf, int n)`.
pub type WriteFn = unsafe extern "C" fn(*mut c_void, *const c_char, c_int) -> c_int;
/// `_seek` callback: `fpos_t (*)(void *cookie, fpos_t off, int whence)`.
pub type SeekFn = unsafe extern "C" fn(*mut c_void, FposT, c_int) -> FposT;
/// `_close` callback: `int (*)(void *cookie)`.
pub type CloseFn = unsafe extern "C" fn(*mut c_void) -> c_int;

/// `struct __sbuf`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Sbuf {
    pub base: *mut u8,
    pub size: c_int,
}

impl Sbuf {
    pub const EMPTY: Sbuf = Sbuf {
        base: null_mut(),
        size: 0,
    };
}

/// darwin `FILE` (`struct __sFILE` from `<_stdio.h>`).
#[repr(C)]
#[allow(non_camel_case_types)]
pub struct FILE {
    /// Current position in (some) buffer.
    pub p: *mut u8,
    /// Read space left for `getc`.
    pub r: c_int,
    /// Write space left for `putc`.
    pub w: c_int,
    /// `__S*` flags (a `short` in C; 0 means the slot is free).
    pub flags: u16,
    /// The descriptor, or -1.
    pub file: c_short,
    /// The buffer.
    pub bf: Sbuf,
    /// 0, or `-_bf._size` when line buffered and writing.
    pub lbfsize: c_int,
    pub cookie: *mut c_void,
    pub close: Option<CloseFn>,
    pub read: Option<ReadFn>,
    pub seek: Option<SeekFn>,
    pub write: Option<WriteFn>,
    /// The ungetc buffer (non-NULL base iff ungetc data is pending).
    pub ub: Sbuf,
    /// Our side structure.
    pub extra: *mut Extra,
    /// Saved `_r` while `_r` counts ungetc data.
    pub ur: c_int,
    pub ubuf: [u8; 3],
    pub nbuf: [u8; 1],
    /// `fgetln` buffer (unused here: see [`Extra::line`]).
    pub lb: Sbuf,
    pub blksize: c_int,
    pub offset: FposT,
}

const _: () = {
    assert!(core::mem::size_of::<FILE>() == 152);
    assert!(core::mem::align_of::<FILE>() == 8);
    assert!(offset_of!(FILE, p) == 0);
    assert!(offset_of!(FILE, r) == 8);
    assert!(offset_of!(FILE, w) == 12);
    assert!(offset_of!(FILE, flags) == 16);
    assert!(offset_of!(FILE, file) == 18);
    assert!(offset_of!(FILE, bf) == 24);
    assert!(offset_of!(FILE, bf) + offset_of!(Sbuf, base) == 24);
    assert!(offset_of!(FILE, bf) + offset_of!(Sbuf, size) == 32);
    assert!(core::mem::size_of::<Sbuf>() == 16);
    assert!(offset_of!(FILE, lbfsize) == 40);
    assert!(offset_of!(FILE, cookie) == 48);
    assert!(offset_of!(FILE, close) == 56);
    assert!(offset_of!(FILE, read) == 64);
    assert!(offset_of!(FILE, seek) == 72);
    assert!(offset_of!(FILE, write) == 80);
    assert!(offset_of!(FILE, ub) == 88);
    assert!(offset_of!(FILE, extra) == 104);
    assert!(offset_of!(FILE, ur) == 112);
    assert!(offset_of!(FILE, ubuf) == 116);
    assert!(offset_of!(FILE, nbuf) == 119);
    assert!(offset_of!(FILE, lb) == 120);
    assert!(offset_of!(FILE, blksize) == 136);
    assert!(offset_of!(FILE, offset) == 144);
};

// darwin's `__S*` flag bits (`<_stdio.h>`).
/// Line buffered.
pub const SLBF: u16 = 0x0001;
/// Unbuffered.
pub const SNBF: u16 = 0x0002;
/// Reading.
pub const SRD: u16 = 0x0004;
/// Writing.
pub const SWR: u16 = 0x0008;
/// Open for reading and writing.
pub const SRW: u16 = 0x0010;
/// Found EOF.
pub const SEOF: u16 = 0x0020;
/// Found an error.
pub const SERR: u16 = 0x0040;
/// `_bf._base` is from malloc.
pub const SMBF: u16 = 0x0080;
/// Append: seek to the end before each write.
pub const SAPP: u16 = 0x0100;
/// `_offset` is correct.
pub const SOFF: u16 = 0x1000;
/// `fgetln` modified the buffer.
pub const SMOD: u16 = 0x2000;

pub const EOF: c_int = -1;
pub const BUFSIZ: usize = 1024;

/// Our per-stream side data, pointed at by `FILE::_extra`.
pub struct Extra {
    pub lock: RecLock,
    /// The slot holds an open stream.
    pub in_use: AtomicBool,
    /// `_p` saved while `_p`/`_r` walk the ungetc buffer.
    pub up: *mut u8,
    /// The line `fgetln` returned last.
    pub line: Vec<u8>,
    /// The `popen` child, or 0.
    pub pid: libc::pid_t,
    /// Orientation (`fwide`): 1 wide, -1 byte, 0 none.
    pub orient: i8,
    /// The line `fgetwln` returned last.
    pub wline: Vec<libc::wchar_t>,
}

impl Extra {
    pub const fn new(in_use: bool) -> Extra {
        Extra {
            lock: RecLock::new(),
            in_use: AtomicBool::new(in_use),
            up: null_mut(),
            line: Vec::new(),
            pid: 0,
            orient: 0,
            wline: Vec::new(),
        }
    }
}

const fn std_file(fd: c_short, flags: u16, me: *mut FILE, extra: *mut Extra) -> FILE {
    FILE {
        p: null_mut(),
        r: 0,
        w: 0,
        flags,
        file: fd,
        bf: Sbuf::EMPTY,
        lbfsize: 0,
        cookie: me as *mut c_void,
        close: Some(buffer::sclose),
        read: Some(buffer::sread),
        seek: Some(buffer::sseek),
        write: Some(buffer::swrite),
        ub: Sbuf::EMPTY,
        extra,
        ur: 0,
        ubuf: [0; 3],
        nbuf: [0; 1],
        lb: Sbuf::EMPTY,
        blksize: 0,
        offset: 0,
    }
}

static mut STD_EXTRA: [Extra; 3] = [Extra::new(true), Extra::new(true), Extra::new(true)];

/// `___sF`: the three standard streams (stdin, stdout, stderr), as darwin
/// lays them out for old binaries that use `&__sF[n]`.
// SAFETY: the initializer only takes the addresses of statics.
static mut SF: [FILE; 3] = unsafe {
    [
        std_file(0, SRD, addr_of_mut!(SF[0]), addr_of_mut!(STD_EXTRA[0])),
        std_file(1, SWR, addr_of_mut!(SF[1]), addr_of_mut!(STD_EXTRA[1])),
        std_file(
            2,
            SWR | SNBF,
            addr_of_mut!(SF[2]),
            addr_of_mut!(STD_EXTRA[2]),
        ),
    ]
};

/// `___stdinp`, `___stdoutp`, `___stderrp`: the `stdin`/`stdout`/`stderr`
/// variables (programs may assign them).
// SAFETY: the initializer only takes the address of a static.
static mut STDINP: *mut FILE = unsafe { addr_of_mut!(SF[0]) };
// SAFETY: as above.
static mut STDOUTP: *mut FILE = unsafe { addr_of_mut!(SF[1]) };
// SAFETY: as above.
static mut STDERRP: *mut FILE = unsafe { addr_of_mut!(SF[2]) };

/// The current `stdin` (the program's variable).
pub fn stdin() -> *mut FILE {
    // SAFETY: a plain read of a pointer-sized static.
    unsafe { core::ptr::read_volatile(addr_of_mut!(STDINP)) }
}

/// The current `stdout`.
pub fn stdout() -> *mut FILE {
    // SAFETY: as above.
    unsafe { core::ptr::read_volatile(addr_of_mut!(STDOUTP)) }
}

/// The current `stderr`.
pub fn stderr() -> *mut FILE {
    // SAFETY: as above.
    unsafe { core::ptr::read_volatile(addr_of_mut!(STDERRP)) }
}

/// The static standard stream `n` (0, 1 or 2), whatever the variables say.
pub fn std_stream(n: usize) -> *mut FILE {
    assert!(n < 3);
    // SAFETY: in bounds of the static array.
    unsafe { addr_of_mut!(SF[n]) }
}

/// A heap stream: the `FILE` first, so the two pointers coincide.
#[repr(C)]
struct Slot {
    file: FILE,
    extra: Extra,
}

struct SlotPtr(*mut Slot);
// SAFETY: slots are leaked heap objects, never freed; access to their
// contents is serialized by each stream's own lock.
unsafe impl Send for SlotPtr {}

/// Every heap stream ever made (free ones are reused, never freed).
static SLOTS: Mutex<Vec<SlotPtr>> = Mutex::new(Vec::new());

fn slots() -> std::sync::MutexGuard<'static, Vec<SlotPtr>> {
    SLOTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Claims a free stream slot (marked in use; fields are for the caller to set
/// under the stream's lock).
pub(crate) fn alloc_file() -> *mut FILE {
    let mut list = slots();
    for s in list.iter() {
        // SAFETY: slots live forever; `in_use` is atomic.
        let extra = unsafe { &(*s.0).extra };
        if extra
            .in_use
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            return s.0.cast();
        }
    }
    let slot = Box::into_raw(Box::new(Slot {
        file: std_file(-1, 0, null_mut(), null_mut()),
        extra: Extra::new(true),
    }));
    // SAFETY: `slot` is the fresh, exclusively owned allocation.
    unsafe {
        (*slot).file.extra = addr_of_mut!((*slot).extra);
        (*slot).file.cookie = slot.cast();
    }
    list.push(SlotPtr(slot));
    slot.cast()
}

/// Every stream that may be open: the standard three, then the heap ones.
pub(crate) fn all_streams() -> Vec<*mut FILE> {
    let mut v: Vec<*mut FILE> = (0..3).map(std_stream).collect();
    v.extend(slots().iter().map(|s| s.0.cast::<FILE>()));
    v
}

/// Flushes every open stream (called by `exit`, after the atexit handlers).
///
/// Like darwin's `_cleanup`, this does not insist on each stream's lock: it
/// takes it when it can within a short wait, and otherwise flushes anyway
/// (a thread blocked forever while holding a stream must not hang `exit`).
pub fn flush_all() {
    for fp in all_streams() {
        // SAFETY: every pointer from `all_streams` is a live FILE.
        unsafe { buffer::flush_for_exit(fp) };
    }
}

pub(crate) static EXPORTS: &[crate::Export] = api::EXPORTS;
