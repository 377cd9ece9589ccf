//! The buffering engine: BSD stdio's `__srefill`, `__sflush`, `__swsetup`,
//! `__swbuf`, `__srget`, `__smakebuf`, on darwin's `FILE`.
//!
//! Every function here expects the caller to hold the stream's lock (or to
//! be one of the `*_unlocked` entry points, where that is the program's
//! business). Fields are accessed through the raw pointer (`(*fp).r`), never
//! through long-lived references, because the program's inline macros share
//! the same memory.

use super::*;
use crate::errno::{self, darwin};
use core::ptr::{self, null_mut};
use libc::{c_char, c_int, c_void};

/// Whether ungetc data is pending (`HASUB`).
#[inline]
pub(crate) unsafe fn has_ub(fp: *mut FILE) -> bool {
    // SAFETY: the caller passes a live FILE.
    unsafe { !(*fp).ub.base.is_null() }
}

/// Drops the ungetc buffer (`FREEUB`).
pub(crate) unsafe fn free_ub(fp: *mut FILE) {
    // SAFETY: the caller passes a live FILE; a `_ub._base` that is not
    // `_ubuf` came from malloc (`grow_ub`).
    unsafe {
        let base = (*fp).ub.base;
        if !base.is_null() && base != addr_of_mut!((*fp).ubuf).cast::<u8>() {
            libc::free(base.cast());
        }
        (*fp).ub = Sbuf::EMPTY;
    }
}

/// The stream's side structure.
#[inline]
pub(crate) unsafe fn extra(fp: *mut FILE) -> *mut Extra {
    // SAFETY: the caller passes a live FILE.
    unsafe { (*fp).extra }
}

/// Holds a stream's lock; released on drop.
pub(crate) struct Locked(*mut FILE);

impl Locked {
    /// Locks `fp`; `None` (errno `EBADF`) for a NULL stream.
    pub(crate) unsafe fn new(fp: *mut FILE) -> Option<Locked> {
        if fp.is_null() {
            errno::set(darwin::EBADF);
            return None;
        }
        // SAFETY: the caller passes a live FILE; `_extra` is ours or NULL.
        unsafe {
            let x = extra(fp);
            if !x.is_null() {
                (*x).lock.lock();
            }
        }
        Some(Locked(fp))
    }
}

impl Drop for Locked {
    fn drop(&mut self) {
        // SAFETY: `new` locked this live FILE.
        unsafe {
            let x = extra(self.0);
            if !x.is_null() {
                (*x).lock.unlock();
            }
        }
    }
}

/// Whether the slot holds an open stream.
pub(crate) unsafe fn is_open(fp: *mut FILE) -> bool {
    // SAFETY: the caller passes a live FILE.
    unsafe {
        let x = extra(fp);
        x.is_null() || (*x).in_use.load(Ordering::Acquire)
    }
}

// ---------------------------------------------------------------------------
// The descriptor callbacks (cookie = the FILE).

/// darwin `SEEK_HOLE` (3) / `SEEK_DATA` (4) are Linux's 4 / 3.
fn whence_to_linux(w: c_int) -> c_int {
    match w {
        3 => libc::SEEK_HOLE,
        4 => libc::SEEK_DATA,
        w => w,
    }
}

pub(crate) unsafe extern "C" fn sread(cookie: *mut c_void, buf: *mut c_char, n: c_int) -> c_int {
    let fp = cookie.cast::<FILE>();
    // SAFETY: the cookie of a descriptor stream is its FILE; `buf` holds `n`.
    let r = unsafe { libc::read((*fp).file as c_int, buf.cast(), n.max(0) as usize) };
    if r < 0 {
        errno::set_from_linux();
    }
    r as c_int
}

pub(crate) unsafe extern "C" fn swrite(cookie: *mut c_void, buf: *const c_char, n: c_int) -> c_int {
    let fp = cookie.cast::<FILE>();
    // SAFETY: as above.
    let r = unsafe { libc::write((*fp).file as c_int, buf.cast(), n.max(0) as usize) };
    if r < 0 {
        errno::set_from_linux();
    }
    r as c_int
}

pub(crate) unsafe extern "C" fn sseek(cookie: *mut c_void, off: FposT, whence: c_int) -> FposT {
    let fp = cookie.cast::<FILE>();
    // SAFETY: as above; no memory is passed to the kernel.
    let r = unsafe { libc::lseek((*fp).file as c_int, off, whence_to_linux(whence)) };
    if r < 0 {
        errno::set_from_linux();
    }
    r
}

pub(crate) unsafe extern "C" fn sclose(cookie: *mut c_void) -> c_int {
    let fp = cookie.cast::<FILE>();
    // SAFETY: as above.
    let r = crate::kernel::fs::close_fd(unsafe { (*fp).file } as c_int);
    if r < 0 {
        errno::set_from_linux();
    }
    r
}

// ---------------------------------------------------------------------------
// Calling the callbacks, with `_offset` bookkeeping (`_sread` & co.).

pub(crate) unsafe fn do_read(fp: *mut FILE, buf: *mut u8, n: c_int) -> c_int {
    // SAFETY: the caller passes a live, locked FILE and `n` bytes at `buf`;
    // the callback is the stream's own.
    unsafe {
        let Some(f) = (*fp).read else {
            errno::set(darwin::EBADF);
            return -1;
        };
        let ret = f((*fp).cookie, buf.cast(), n);
        if ret > 0 {
            if (*fp).flags & SOFF != 0 {
                match (*fp).offset.checked_add(ret as FposT) {
                    Some(o) => (*fp).offset = o,
                    None => (*fp).flags &= !SOFF,
                }
            }
        } else if ret < 0 {
            (*fp).flags &= !SOFF;
        }
        ret
    }
}

pub(crate) unsafe fn do_write(fp: *mut FILE, buf: *const u8, n: c_int) -> c_int {
    // SAFETY: as for `do_read`.
    unsafe {
        let Some(f) = (*fp).write else {
            errno::set(darwin::EBADF);
            return -1;
        };
        if (*fp).flags & SAPP != 0 {
            do_seek(fp, 0, libc::SEEK_END);
        }
        let ret = f((*fp).cookie, buf.cast(), n);
        if ret >= 0 {
            // As BSD: the offset stays known only when appending to a known
            // end; otherwise the next `ftell` asks the callback.
            if (*fp).flags & (SAPP | SOFF) == (SAPP | SOFF) {
                match (*fp).offset.checked_add(ret as FposT) {
                    Some(o) => (*fp).offset = o,
                    None => (*fp).flags &= !SOFF,
                }
            } else {
                (*fp).flags &= !SOFF;
            }
        } else {
            (*fp).flags &= !SOFF;
        }
        ret
    }
}

pub(crate) unsafe fn do_seek(fp: *mut FILE, off: FposT, whence: c_int) -> FposT {
    // SAFETY: as for `do_read`.
    unsafe {
        let Some(f) = (*fp).seek else {
            errno::set(libc::ESPIPE);
            return -1;
        };
        let ret = f((*fp).cookie, off, whence);
        if ret < 0 {
            if errno::get() == 0 {
                errno::set(darwin::EINVAL);
            }
            (*fp).flags &= !SOFF;
            return -1;
        }
        (*fp).flags |= SOFF;
        (*fp).offset = ret;
        ret
    }
}

// ---------------------------------------------------------------------------
// Buffers.

/// Largest buffer `st_blksize` may ask for.
const MAXBUFSIZE: usize = 1 << 24;
/// Buffer size for terminals.
const TTYBUFSIZE: usize = 4096;

/// Allocates the stream's buffer (`__smakebuf`): one byte for unbuffered
/// streams, else `st_blksize` bytes (`BUFSIZ` without a descriptor); a
/// character device that is a terminal becomes line buffered.
pub(crate) unsafe fn smakebuf(fp: *mut FILE) {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if (*fp).flags & SNBF == 0 {
            let (mut size, couldbetty) = swhatbuf(fp);
            let tty = couldbetty && {
                let saved = errno::get();
                let t = libc::isatty((*fp).file as c_int) == 1;
                errno::set(saved);
                t
            };
            if tty {
                size = size.min(TTYBUFSIZE);
            }
            let buf = libc::malloc(size).cast::<u8>();
            if !buf.is_null() {
                (*fp).flags |= SMBF;
                (*fp).bf = Sbuf {
                    base: buf,
                    size: size as c_int,
                };
                (*fp).p = buf;
                if tty {
                    (*fp).flags |= SLBF;
                }
                return;
            }
            (*fp).flags |= SNBF;
        }
        let nb = addr_of_mut!((*fp).nbuf).cast::<u8>();
        (*fp).bf = Sbuf { base: nb, size: 1 };
        (*fp).p = nb;
    }
}

unsafe fn swhatbuf(fp: *mut FILE) -> (usize, bool) {
    // SAFETY: the caller passes a live FILE; `st` is written by fstat.
    unsafe {
        let fd = (*fp).file as c_int;
        let mut st: libc::stat = core::mem::zeroed();
        if fd < 0 || libc::fstat(fd, &mut st) < 0 {
            return (BUFSIZ, false);
        }
        let tty = st.st_mode & libc::S_IFMT == libc::S_IFCHR;
        if st.st_blksize <= 0 {
            return (BUFSIZ, tty);
        }
        let size = (st.st_blksize as usize).min(MAXBUFSIZE);
        (*fp).blksize = size as c_int;
        (size, tty)
    }
}

/// Recomputes `_w` from `_p` for a stream in write mode (see the module
/// docs for the three cases).
#[inline]
pub(crate) unsafe fn set_w(fp: *mut FILE) {
    // SAFETY: the caller passes a live FILE whose `_p` lies in `_bf`.
    unsafe {
        let f = (*fp).flags;
        if f & SWR == 0 || (*fp).bf.base.is_null() {
            (*fp).w = 0;
            return;
        }
        let used = (*fp).p.offset_from((*fp).bf.base) as c_int;
        (*fp).w = if f & SNBF != 0 {
            0
        } else if f & SLBF != 0 {
            -used
        } else {
            (*fp).bf.size - used
        };
    }
}

/// Prepares a stream for writing (`__swsetup`): 0, or EOF with `EBADF`.
pub(crate) unsafe fn swsetup(fp: *mut FILE) -> c_int {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if (*fp).flags & SWR == 0 {
            if (*fp).flags & SRW == 0 {
                errno::set(darwin::EBADF);
                (*fp).flags |= SERR;
                return EOF;
            }
            if (*fp).flags & SRD != 0 {
                if has_ub(fp) {
                    free_ub(fp);
                }
                (*fp).flags &= !(SRD | SEOF);
                (*fp).r = 0;
                (*fp).p = (*fp).bf.base;
            }
            (*fp).flags |= SWR;
        }
        if (*fp).bf.base.is_null() {
            smakebuf(fp);
        }
        if (*fp).flags & SLBF != 0 {
            (*fp).w = 0;
            (*fp).lbfsize = -(*fp).bf.size;
        } else {
            (*fp).w = if (*fp).flags & SNBF != 0 {
                0
            } else {
                (*fp).bf.size
            };
            (*fp).lbfsize = 0;
        }
        (*fp).r = 0;
        set_w(fp);
        0
    }
}

/// `cantwrite`: true when the stream cannot be made writable.
#[inline]
pub(crate) unsafe fn cantwrite(fp: *mut FILE) -> bool {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe { ((*fp).flags & SWR == 0 || (*fp).bf.base.is_null()) && swsetup(fp) != 0 }
}

/// Writes out the buffer (`__sflush`): 0, or EOF with `__SERR` set and the
/// unwritten bytes kept at the front of the buffer.
pub(crate) unsafe fn sflush(fp: *mut FILE) -> c_int {
    // SAFETY: the caller passes a live, locked FILE; `_p` lies in `_bf`.
    unsafe {
        let t = (*fp).flags;
        if t & SWR == 0 {
            return 0;
        }
        let mut p = (*fp).bf.base;
        if p.is_null() {
            return 0;
        }
        let mut n = (*fp).p.offset_from(p) as c_int;
        (*fp).p = p;
        (*fp).w = if t & (SLBF | SNBF) != 0 {
            0
        } else {
            (*fp).bf.size
        };
        while n > 0 {
            let w = do_write(fp, p, n);
            if w <= 0 {
                if p > (*fp).p {
                    ptr::copy(p, (*fp).p, n as usize);
                }
                (*fp).p = (*fp).p.add(n as usize);
                if (*fp).flags & SNBF == 0 {
                    (*fp).w -= n;
                }
                (*fp).flags |= SERR;
                return EOF;
            }
            p = p.add(w as usize);
            n -= w;
        }
        0
    }
}

/// Flushes the line-buffered output streams other than `except` (done
/// before reading a line-buffered or unbuffered stream, so prompts show).
/// Streams another thread holds are skipped rather than waited for.
unsafe fn flush_line_buffered(except: *mut FILE) {
    for fp in all_streams() {
        if fp == except {
            continue;
        }
        // SAFETY: `all_streams` yields live FILEs; we only act under the lock.
        unsafe {
            let x = extra(fp);
            if x.is_null() || !(*x).lock.try_lock() {
                continue;
            }
            if (*x).in_use.load(Ordering::Acquire) && (*fp).flags & (SLBF | SWR) == (SLBF | SWR) {
                sflush(fp);
            }
            (*x).lock.unlock();
        }
    }
}

/// Why a stream could not be switched to reading.
enum NotReading {
    /// Opened write-only.
    WriteOnly,
    /// Pending output could not be written.
    FlushFailed,
}

/// Switches a stream that is not in read mode to reading: flushes pending
/// output of a read-write stream and clears its write state.
///
/// # Safety
/// `fp` must be a live, locked FILE.
unsafe fn begin_reading(fp: *mut FILE) -> Result<(), NotReading> {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if (*fp).flags & SRW == 0 {
            return Err(NotReading::WriteOnly);
        }
        if (*fp).flags & SWR != 0 {
            if sflush(fp) != 0 {
                return Err(NotReading::FlushFailed);
            }
            (*fp).flags &= !SWR;
            (*fp).w = 0;
            (*fp).lbfsize = 0;
        }
        (*fp).flags |= SRD;
    }
    Ok(())
}

/// Refills the read buffer (`__srefill`): 0, or EOF (at end of file, with
/// `__SEOF`, or on error, with `__SERR`). EOF is sticky, as on darwin.
pub(crate) unsafe fn srefill(fp: *mut FILE) -> c_int {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        (*fp).r = 0;
        if (*fp).flags & SEOF != 0 {
            return EOF;
        }
        if (*fp).flags & SRD == 0 {
            match begin_reading(fp) {
                Ok(()) => {}
                Err(NotReading::WriteOnly) => {
                    errno::set(darwin::EBADF);
                    (*fp).flags |= SERR;
                    return EOF;
                }
                Err(NotReading::FlushFailed) => return EOF,
            }
        } else if has_ub(fp) {
            free_ub(fp);
            (*fp).r = (*fp).ur;
            if (*fp).r != 0 {
                (*fp).p = (*extra(fp)).up;
                return 0;
            }
        }
        if (*fp).bf.base.is_null() {
            smakebuf(fp);
        }
        if (*fp).flags & (SLBF | SNBF) != 0 {
            flush_line_buffered(fp);
        }
        (*fp).p = (*fp).bf.base;
        let n = do_read(fp, (*fp).p, (*fp).bf.size);
        (*fp).flags &= !SMOD;
        if n <= 0 {
            (*fp).flags |= if n == 0 { SEOF } else { SERR };
            (*fp).r = 0;
            return EOF;
        }
        (*fp).r = n;
        0
    }
}

/// `__srget`: refill, then take one byte (called by `__sgetc` after it has
/// already decremented `_r`).
pub(crate) unsafe extern "C" fn srget(fp: *mut FILE) -> c_int {
    // SAFETY: the program passes a live FILE (a macro's argument).
    unsafe {
        if srefill(fp) == 0 {
            (*fp).r -= 1;
            let c = *(*fp).p;
            (*fp).p = (*fp).p.add(1);
            return c as c_int;
        }
        EOF
    }
}

/// `__swbuf`: store `c` when `__sputc` found no room (or a newline on a
/// line-buffered stream), flushing as needed.
pub(crate) unsafe extern "C" fn swbuf(c: c_int, fp: *mut FILE) -> c_int {
    // SAFETY: the program passes a live FILE (a macro's argument).
    unsafe {
        (*fp).w = (*fp).lbfsize;
        if cantwrite(fp) {
            (*fp).flags |= SERR;
            errno::set(darwin::EBADF);
            return EOF;
        }
        let c = c as u8;
        let mut n = (*fp).p.offset_from((*fp).bf.base) as c_int;
        if n >= (*fp).bf.size {
            if sflush(fp) != 0 {
                return EOF;
            }
            n = 0;
        }
        *(*fp).p = c;
        (*fp).p = (*fp).p.add(1);
        n += 1;
        if (n == (*fp).bf.size || ((*fp).flags & SLBF != 0 && c == b'\n')) && sflush(fp) != 0 {
            return EOF;
        }
        set_w(fp);
        c as c_int
    }
}

/// The header's `__sgetc`, for our own callers.
#[inline]
pub(crate) unsafe fn sgetc(fp: *mut FILE) -> c_int {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        (*fp).r -= 1;
        if (*fp).r < 0 {
            srget(fp)
        } else {
            let c = *(*fp).p;
            (*fp).p = (*fp).p.add(1);
            c as c_int
        }
    }
}

/// The header's `__sputc`, for our own callers.
#[inline]
pub(crate) unsafe fn sputc(c: c_int, fp: *mut FILE) -> c_int {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        (*fp).w -= 1;
        if (*fp).w >= 0 || ((*fp).w >= (*fp).lbfsize && c as u8 != b'\n') {
            *(*fp).p = c as u8;
            (*fp).p = (*fp).p.add(1);
            c as u8 as c_int
        } else {
            swbuf(c, fp)
        }
    }
}

/// Writes `data` through the buffer (`__sfvwrite`); returns how many bytes
/// were accepted (all of them unless an error set `__SERR`).
///
/// Like darwin: a fully buffered stream fills a partly full buffer and
/// flushes it, writes the largest multiple of the buffer size directly
/// when the buffer is empty, and keeps the rest; a line-buffered stream
/// works newline by newline and flushes after each one.
pub(crate) unsafe fn write_bytes(fp: *mut FILE, data: &[u8]) -> usize {
    if data.is_empty() {
        return 0;
    }
    // SAFETY: the caller passes a live, locked FILE; `_p` lies in `_bf`.
    unsafe {
        if cantwrite(fp) {
            (*fp).flags |= SERR;
            errno::set(darwin::EBADF);
            return 0;
        }
        let done = if (*fp).flags & SNBF != 0 {
            write_direct(fp, data)
        } else if (*fp).flags & SLBF == 0 {
            write_full(fp, data)
        } else {
            write_line(fp, data)
        };
        set_w(fp);
        done
    }
}

/// Hands `data` straight to the write callback.
unsafe fn write_direct(fp: *mut FILE, data: &[u8]) -> usize {
    let mut done = 0;
    while done < data.len() {
        let n = (data.len() - done).min(c_int::MAX as usize) as c_int;
        // SAFETY: the caller passes a live, locked FILE; the range is in `data`.
        let t = unsafe { do_write(fp, data.as_ptr().add(done), n) };
        if t <= 0 {
            // SAFETY: as above.
            unsafe { (*fp).flags |= SERR };
            break;
        }
        done += t as usize;
    }
    done
}

/// Copies `n` bytes of `src` to `_p`.
unsafe fn copy_in(fp: *mut FILE, src: *const u8, n: usize) {
    // SAFETY: the caller checked there is room for `n` bytes at `_p`.
    unsafe {
        ptr::copy_nonoverlapping(src, (*fp).p, n);
        (*fp).p = (*fp).p.add(n);
    }
}

/// (bytes used, buffer size) of a stream in write mode.
unsafe fn used_size(fp: *mut FILE) -> (usize, usize) {
    // SAFETY: the caller passes a live FILE whose `_p` lies in `_bf`.
    unsafe {
        (
            (*fp).p.offset_from((*fp).bf.base) as usize,
            (*fp).bf.size as usize,
        )
    }
}

unsafe fn write_full(fp: *mut FILE, data: &[u8]) -> usize {
    let mut done = 0;
    // SAFETY: the caller passes a live, locked FILE in write mode.
    unsafe {
        while done < data.len() {
            let (used, size) = used_size(fp);
            let space = size.saturating_sub(used);
            let len = data.len() - done;
            let src = data.as_ptr().add(done);
            if used > 0 && len > space {
                copy_in(fp, src, space);
                if sflush(fp) != 0 {
                    break;
                }
                done += space;
            } else if len >= size {
                let w = (size * (len / size)).min(c_int::MAX as usize);
                let t = do_write(fp, src, w as c_int);
                if t <= 0 {
                    (*fp).flags |= SERR;
                    break;
                }
                done += t as usize;
            } else {
                copy_in(fp, src, len);
                done += len;
            }
        }
    }
    done
}

unsafe fn write_line(fp: *mut FILE, data: &[u8]) -> usize {
    let mut done = 0;
    let mut nldist: Option<usize> = None;
    // SAFETY: the caller passes a live, locked FILE in write mode.
    unsafe {
        while done < data.len() {
            let len = data.len() - done;
            let dist = *nldist.get_or_insert_with(|| {
                match data[done..].iter().position(|&c| c == b'\n') {
                    Some(i) => i + 1,
                    None => len + 1,
                }
            });
            let s = len.min(dist);
            let (used, size) = used_size(fp);
            let space = size.saturating_sub(used);
            let src = data.as_ptr().add(done);
            let w = if used > 0 && s > space {
                copy_in(fp, src, space);
                if sflush(fp) != 0 {
                    break;
                }
                space
            } else if s >= size {
                let t = do_write(fp, src, size.min(c_int::MAX as usize) as c_int);
                if t <= 0 {
                    (*fp).flags |= SERR;
                    break;
                }
                t as usize
            } else {
                copy_in(fp, src, s);
                s
            };
            if dist == w {
                // The newline went in: flush and look for the next one.
                if sflush(fp) != 0 {
                    break;
                }
                nldist = None;
            } else {
                nldist = Some(dist - w);
            }
            done += w;
        }
    }
    done
}

/// Reads up to `buf.len()` bytes (`fread`'s engine); returns the count.
pub(crate) unsafe fn read_bytes(fp: *mut FILE, buf: &mut [u8]) -> usize {
    let total = buf.len();
    let mut done = 0;
    // SAFETY: the caller passes a live, locked FILE; `_p`/`_r` describe
    // readable bytes.
    unsafe {
        if (*fp).r < 0 {
            (*fp).r = 0;
        }
        loop {
            let r = (*fp).r as usize;
            let want = total - done;
            let n = r.min(want);
            ptr::copy_nonoverlapping((*fp).p, buf.as_mut_ptr().add(done), n);
            (*fp).p = (*fp).p.add(n);
            (*fp).r -= n as c_int;
            done += n;
            if done == total {
                return done;
            }
            // Large reads with an empty buffer go straight to the caller's
            // memory (the buffer is borrowed for one refill).
            let rest = total - done;
            if (*fp).flags & SRD != 0
                && !has_ub(fp)
                && !(*fp).bf.base.is_null()
                && rest >= (*fp).bf.size as usize
            {
                let saved = (*fp).bf;
                let dst = buf.as_mut_ptr().add(done);
                (*fp).bf = Sbuf {
                    base: dst,
                    size: rest.min(c_int::MAX as usize) as c_int,
                };
                let ok = srefill(fp) == 0;
                let got = if ok { (*fp).r as usize } else { 0 };
                (*fp).bf = saved;
                (*fp).p = saved.base;
                (*fp).r = 0;
                if !ok {
                    return done;
                }
                done += got;
                if done == total {
                    return done;
                }
                continue;
            }
            if srefill(fp) != 0 {
                return done;
            }
        }
    }
}

/// Grows the ungetc buffer (`__submore`), keeping its data at the end.
unsafe fn grow_ub(fp: *mut FILE) -> bool {
    // SAFETY: the caller passes a live, locked FILE with ungetc data.
    unsafe {
        let ubuf = addr_of_mut!((*fp).ubuf).cast::<u8>();
        if (*fp).ub.base == ubuf {
            let p = libc::malloc(BUFSIZ).cast::<u8>();
            if p.is_null() {
                return false;
            }
            let n = (*fp).ubuf.len();
            ptr::copy_nonoverlapping(ubuf, p.add(BUFSIZ - n), n);
            (*fp).ub = Sbuf {
                base: p,
                size: BUFSIZ as c_int,
            };
            (*fp).p = p.add(BUFSIZ - n);
            return true;
        }
        let old = (*fp).ub.size as usize;
        let new = old * 2;
        let p = libc::realloc((*fp).ub.base.cast(), new).cast::<u8>();
        if p.is_null() {
            return false;
        }
        ptr::copy(p, p.add(old), old);
        (*fp).ub = Sbuf {
            base: p,
            size: new as c_int,
        };
        (*fp).p = p.add(old);
        true
    }
}

/// `ungetc` without the lock.
pub(crate) unsafe fn ungetc_unlocked(c: c_int, fp: *mut FILE) -> c_int {
    if c == EOF {
        return EOF;
    }
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if (*fp).flags & SRD == 0 && begin_reading(fp).is_err() {
            return EOF;
        }
        let c = c as u8;
        if has_ub(fp) {
            if (*fp).r >= (*fp).ub.size && !grow_ub(fp) {
                return EOF;
            }
            (*fp).p = (*fp).p.sub(1);
            *(*fp).p = c;
            (*fp).r += 1;
            return c as c_int;
        }
        (*fp).flags &= !SEOF;
        // Backing up over the very byte read last needs no copy.
        if !(*fp).bf.base.is_null()
            && (*fp).p > (*fp).bf.base
            && *(*fp).p.sub(1) == c
            && (*fp).flags & SMOD == 0
        {
            (*fp).p = (*fp).p.sub(1);
            (*fp).r += 1;
            return c as c_int;
        }
        (*fp).ur = (*fp).r;
        (*extra(fp)).up = (*fp).p;
        let ubuf = addr_of_mut!((*fp).ubuf).cast::<u8>();
        (*fp).ub = Sbuf {
            base: ubuf,
            size: 3,
        };
        *ubuf.add(2) = c;
        (*fp).p = ubuf.add(2);
        (*fp).r = 1;
        c as c_int
    }
}

/// The stream position (`ftello` without the lock).
pub(crate) unsafe fn tell_unlocked(fp: *mut FILE) -> FposT {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if (*fp).seek.is_none() {
            errno::set(libc::ESPIPE);
            return -1;
        }
        let mut pos = if (*fp).flags & SOFF != 0 {
            (*fp).offset
        } else {
            let p = do_seek(fp, 0, libc::SEEK_CUR);
            if p == -1 {
                return -1;
            }
            p
        };
        if (*fp).flags & SRD != 0 {
            // Unread bytes (and ungetc data) put the stream before the
            // descriptor's offset; pushback past the start of the file
            // gives a negative position, as on darwin.
            pos -= if has_ub(fp) { (*fp).ur } else { (*fp).r } as FposT;
            if pos < 0 {
                (*fp).flags |= SERR;
                errno::set(libc::EIO);
                return -1;
            }
            if has_ub(fp) {
                pos -= (*fp).r as FposT;
            }
        } else if (*fp).flags & SWR != 0 && !(*fp).p.is_null() && !(*fp).bf.base.is_null() {
            let n = (*fp).p.offset_from((*fp).bf.base) as FposT;
            if n > 0 && (*fp).flags & SAPP != 0 {
                let end = do_seek(fp, 0, libc::SEEK_END);
                if end == -1 {
                    return -1;
                }
                pos = end;
            }
            pos += n;
        }
        pos
    }
}

/// `fseeko` without the lock.
pub(crate) unsafe fn seek_unlocked(fp: *mut FILE, off: FposT, whence: c_int) -> c_int {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if (*fp).seek.is_none() {
            errno::set(libc::ESPIPE);
            return -1;
        }
        let (mut off, mut whence) = (off, whence);
        match whence {
            libc::SEEK_CUR => {
                let cur = tell_unlocked(fp);
                if cur == -1 {
                    return -1;
                }
                match cur.checked_add(off) {
                    Some(o) if o >= 0 => off = o,
                    Some(_) => {
                        errno::set(darwin::EINVAL);
                        return -1;
                    }
                    None => {
                        errno::set(darwin::EOVERFLOW);
                        return -1;
                    }
                }
                whence = libc::SEEK_SET;
            }
            libc::SEEK_SET | libc::SEEK_END | 3 | 4 => {}
            _ => {
                errno::set(darwin::EINVAL);
                return -1;
            }
        }
        if (*fp).flags & SWR != 0 && sflush(fp) != 0 {
            return -1;
        }
        if do_seek(fp, off, whence) == -1 {
            return -1;
        }
        if has_ub(fp) {
            free_ub(fp);
        }
        (*fp).p = (*fp).bf.base;
        (*fp).r = 0;
        if (*fp).flags & SRW != 0 {
            (*fp).flags &= !(SRD | SWR);
            (*fp).lbfsize = 0;
        }
        (*fp).flags &= !SEOF;
        set_w(fp);
        0
    }
}

/// Drops buffered input and output (`fpurge` without the lock).
pub(crate) unsafe fn purge_unlocked(fp: *mut FILE) {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if has_ub(fp) {
            free_ub(fp);
        }
        (*fp).p = (*fp).bf.base;
        (*fp).r = 0;
        set_w(fp);
    }
}

/// Frees what a stream owns and marks the slot free (the tail of `fclose`).
pub(crate) unsafe fn release(fp: *mut FILE) {
    // SAFETY: the caller passes a live, locked FILE it is closing.
    unsafe {
        reset(fp);
        let x = extra(fp);
        if !x.is_null() {
            (*x).in_use.store(false, Ordering::Release);
        }
    }
}

/// Frees a stream's buffers and clears its fields, keeping the slot.
pub(crate) unsafe fn reset(fp: *mut FILE) {
    // SAFETY: the caller passes a live, locked FILE.
    unsafe {
        if (*fp).flags & SMBF != 0 {
            libc::free((*fp).bf.base.cast());
        }
        if has_ub(fp) {
            free_ub(fp);
        }
        (*fp).p = null_mut();
        (*fp).r = 0;
        (*fp).w = 0;
        (*fp).flags = 0;
        (*fp).file = -1;
        (*fp).bf = Sbuf::EMPTY;
        (*fp).lbfsize = 0;
        (*fp).ur = 0;
        (*fp).lb = Sbuf::EMPTY;
        (*fp).offset = 0;
        (*fp).close = None;
        (*fp).read = None;
        (*fp).seek = None;
        (*fp).write = None;
        let x = extra(fp);
        if !x.is_null() {
            (*x).up = null_mut();
            (*x).line = Vec::new();
            (*x).orient = 0;
            (*x).wline = Vec::new();
        }
    }
}

/// Sets up a claimed slot (the caller holds its lock).
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn init_stream(
    fp: *mut FILE,
    flags: u16,
    fd: c_int,
    cookie: *mut c_void,
    read: Option<ReadFn>,
    write: Option<WriteFn>,
    seek: Option<SeekFn>,
    close: Option<CloseFn>,
) {
    // SAFETY: the caller passes a live FILE it has claimed and locked.
    unsafe {
        (*fp).p = null_mut();
        (*fp).r = 0;
        (*fp).w = 0;
        (*fp).flags = flags;
        (*fp).file = fd as c_short;
        (*fp).bf = Sbuf::EMPTY;
        (*fp).lbfsize = 0;
        (*fp).cookie = cookie;
        (*fp).read = read;
        (*fp).write = write;
        (*fp).seek = seek;
        (*fp).close = close;
        (*fp).ub = Sbuf::EMPTY;
        (*fp).ur = 0;
        (*fp).lb = Sbuf::EMPTY;
        (*fp).blksize = 0;
        (*fp).offset = 0;
        let x = extra(fp);
        (*x).up = null_mut();
        (*x).line = Vec::new();
        (*x).pid = 0;
        (*x).orient = 0;
        (*x).wline = Vec::new();
        (*x).in_use.store(true, Ordering::Release);
    }
}

/// Sets up a descriptor stream (cookie = the FILE itself).
pub(crate) unsafe fn init_fd_stream(fp: *mut FILE, flags: u16, fd: c_int) {
    // SAFETY: forwarded contract.
    unsafe {
        init_stream(
            fp,
            flags,
            fd,
            fp.cast(),
            Some(sread),
            Some(swrite),
            Some(sseek),
            Some(sclose),
        )
    }
}

/// `fflush(NULL)`: every open stream with output pending, each under its
/// lock. Read-only streams are not even locked (a thread blocked reading a
/// terminal holds stdin's lock).
pub(crate) fn flush_all_locked() -> c_int {
    let mut ret = 0;
    for fp in all_streams() {
        // SAFETY: `all_streams` yields live FILEs; the flag peek is a
        // volatile read of a field another thread may be writing, acted on
        // only under the lock.
        unsafe {
            let flags = ptr::read_volatile(addr_of_mut!((*fp).flags));
            if flags & SWR == 0 {
                continue;
            }
            let Some(_g) = Locked::new(fp) else { continue };
            if is_open(fp) && (*fp).flags & SWR != 0 && sflush(fp) != 0 {
                ret = EOF;
            }
        }
    }
    ret
}

/// The flush `exit` does for one stream: under its lock when that comes
/// within ~50 ms, without it otherwise (darwin's `_cleanup` never locks).
pub(crate) unsafe fn flush_for_exit(fp: *mut FILE) {
    // SAFETY: the caller passes a live FILE.
    unsafe {
        let flags = ptr::read_volatile(addr_of_mut!((*fp).flags));
        if flags & SWR == 0 {
            return;
        }
        let x = extra(fp);
        let mut locked = false;
        if !x.is_null() {
            for _ in 0..50 {
                if (*x).lock.try_lock() {
                    locked = true;
                    break;
                }
                libc::usleep(1000);
            }
        }
        if is_open(fp) {
            sflush(fp);
        }
        if locked {
            (*x).lock.unlock();
        }
    }
}
