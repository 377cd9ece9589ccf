//! The `<stdio.h>` entry points (other than opening, formatting and
//! scanning), and the export table.

use super::buffer::*;
use super::open::*;
use super::printf::*;
use super::scanf::*;
use super::wide::*;
use super::*;
use crate::errno::{self, darwin};
use core::ptr::{self, null_mut};
use libc::{c_char, c_int, c_long, c_void, size_t, ssize_t};
use std::ffi::CStr;

/// Runs `f` under the stream's lock; `err` for a NULL stream.
#[inline]
unsafe fn with<T>(fp: *mut FILE, err: T, f: impl FnOnce() -> T) -> T {
    // SAFETY: forwarded contract (a live FILE or NULL).
    match unsafe { Locked::new(fp) } {
        Some(_g) => f(),
        None => err,
    }
}

// --- flushing -------------------------------------------------------------------

/// `fflush` (NULL: every stream).
unsafe extern "C" fn fflush(fp: *mut FILE) -> c_int {
    if fp.is_null() {
        return flush_all_locked();
    }
    // SAFETY: the program's stream.
    unsafe { with(fp, EOF, || sflush(fp)) }
}

/// `fpurge`: drops buffered input and output.
unsafe extern "C" fn fpurge(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe {
        with(fp, EOF, || {
            if !is_open(fp) {
                errno::set(darwin::EBADF);
                return EOF;
            }
            purge_unlocked(fp);
            0
        })
    }
}

// --- characters ---------------------------------------------------------------

unsafe extern "C" fn fgetc(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { with(fp, EOF, || sgetc(fp)) }
}

unsafe extern "C" fn getchar() -> c_int {
    // SAFETY: `stdin` is a live stream.
    unsafe { fgetc(stdin()) }
}

unsafe extern "C" fn getc_unlocked(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { sgetc(fp) }
}

unsafe extern "C" fn getchar_unlocked() -> c_int {
    // SAFETY: `stdin` is a live stream.
    unsafe { sgetc(stdin()) }
}

unsafe extern "C" fn fputc(c: c_int, fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { with(fp, EOF, || sputc(c, fp)) }
}

unsafe extern "C" fn putchar(c: c_int) -> c_int {
    // SAFETY: `stdout` is a live stream.
    unsafe { fputc(c, stdout()) }
}

unsafe extern "C" fn putc_unlocked(c: c_int, fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { sputc(c, fp) }
}

unsafe extern "C" fn putchar_unlocked(c: c_int) -> c_int {
    // SAFETY: `stdout` is a live stream.
    unsafe { sputc(c, stdout()) }
}

unsafe extern "C" fn ungetc(c: c_int, fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { with(fp, EOF, || ungetc_unlocked(c, fp)) }
}

/// `getw`: one `int`, raw.
unsafe extern "C" fn getw(fp: *mut FILE) -> c_int {
    let mut b = [0u8; 4];
    // SAFETY: the program's stream.
    unsafe {
        with(fp, EOF, || {
            if read_bytes(fp, &mut b) == 4 {
                c_int::from_ne_bytes(b)
            } else {
                EOF
            }
        })
    }
}

/// `putw`: one `int`, raw; 0 or EOF.
unsafe extern "C" fn putw(w: c_int, fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe {
        with(fp, EOF, || {
            if write_bytes(fp, &w.to_ne_bytes()) == 4 {
                0
            } else {
                EOF
            }
        })
    }
}

// --- blocks and lines -----------------------------------------------------------

unsafe extern "C" fn fread(buf: *mut c_void, size: size_t, count: size_t, fp: *mut FILE) -> size_t {
    let Some(total) = size.checked_mul(count) else {
        errno::set(darwin::EINVAL);
        return 0;
    };
    if total == 0 {
        return 0;
    }
    // SAFETY: the program passes `size * count` writable bytes and its stream.
    unsafe {
        with(fp, 0, || {
            let dst = core::slice::from_raw_parts_mut(buf.cast::<u8>(), total);
            read_bytes(fp, dst) / size
        })
    }
}

unsafe extern "C" fn fwrite(
    buf: *const c_void,
    size: size_t,
    count: size_t,
    fp: *mut FILE,
) -> size_t {
    let Some(total) = size.checked_mul(count) else {
        errno::set(darwin::EINVAL);
        return 0;
    };
    if total == 0 {
        return 0;
    }
    // SAFETY: the program passes `size * count` readable bytes and its stream.
    unsafe {
        with(fp, 0, || {
            let src = core::slice::from_raw_parts(buf.cast::<u8>(), total);
            write_bytes(fp, src) / size
        })
    }
}

unsafe extern "C" fn fgets(buf: *mut c_char, n: c_int, fp: *mut FILE) -> *mut c_char {
    if n <= 0 {
        return null_mut();
    }
    // SAFETY: the program passes `n` writable bytes and its stream.
    unsafe {
        with(fp, null_mut(), || {
            let mut s = buf.cast::<u8>();
            let mut left = (n - 1) as usize;
            while left != 0 {
                if (*fp).r <= 0 && srefill(fp) != 0 {
                    if s == buf.cast::<u8>() {
                        return null_mut();
                    }
                    break;
                }
                let avail = ((*fp).r as usize).min(left);
                let chunk = core::slice::from_raw_parts((*fp).p, avail);
                let len = match chunk.iter().position(|&c| c == b'\n') {
                    Some(i) => i + 1,
                    None => avail,
                };
                ptr::copy_nonoverlapping((*fp).p, s, len);
                (*fp).p = (*fp).p.add(len);
                (*fp).r -= len as c_int;
                s = s.add(len);
                left -= len;
                if len < avail || *s.sub(1) == b'\n' {
                    break;
                }
            }
            *s = 0;
            buf
        })
    }
}

/// `gets`: a line from stdin without its newline (darwin warns once).
unsafe extern "C" fn gets(buf: *mut c_char) -> *mut c_char {
    static WARNED: AtomicBool = AtomicBool::new(false);
    let fp = stdin();
    // SAFETY: the program passes a (hopefully) large enough buffer.
    unsafe {
        with(fp, null_mut(), || {
            if !WARNED.swap(true, Ordering::Relaxed) {
                let w = b"warning: this program uses gets(), which is unsafe.\n";
                libc::write(2, w.as_ptr().cast(), w.len());
            }
            let mut s = buf.cast::<u8>();
            loop {
                let c = sgetc(fp);
                if c == b'\n' as c_int {
                    break;
                }
                if c == EOF {
                    if s == buf.cast::<u8>() {
                        return null_mut();
                    }
                    break;
                }
                *s = c as u8;
                s = s.add(1);
            }
            *s = 0;
            buf
        })
    }
}

/// `fputs`: darwin returns the length written (`(null)` for NULL).
unsafe extern "C" fn fputs(s: *const c_char, fp: *mut FILE) -> c_int {
    let s = if s.is_null() { c"(null)".as_ptr() } else { s };
    // SAFETY: the program's C string and stream.
    unsafe {
        let bytes = CStr::from_ptr(s).to_bytes();
        with(fp, EOF, || {
            if write_bytes(fp, bytes) == bytes.len() {
                bytes.len().min(c_int::MAX as usize) as c_int
            } else {
                EOF
            }
        })
    }
}

/// `puts`: the string and a newline to stdout; `'\n'` or EOF.
unsafe extern "C" fn puts(s: *const c_char) -> c_int {
    let s = if s.is_null() { c"(null)".as_ptr() } else { s };
    let fp = stdout();
    // SAFETY: the program's C string; stdout is live.
    unsafe {
        let bytes = CStr::from_ptr(s).to_bytes();
        with(fp, EOF, || {
            let mut line = Vec::with_capacity(bytes.len() + 1);
            line.extend_from_slice(bytes);
            line.push(b'\n');
            if write_bytes(fp, &line) == line.len() {
                b'\n' as c_int
            } else {
                EOF
            }
        })
    }
}

/// Grows a malloc'd line buffer to hold `need` bytes.
unsafe fn expand(linep: *mut *mut c_char, capp: *mut size_t, need: usize) -> bool {
    // SAFETY: the program's pointers; `*linep` is NULL or from malloc.
    unsafe {
        if need <= *capp && !(*linep).is_null() {
            return true;
        }
        let newcap = need.next_power_of_two().max(need);
        let p = libc::realloc((*linep).cast(), newcap).cast::<c_char>();
        if p.is_null() {
            errno::set(darwin::ENOMEM);
            return false;
        }
        *linep = p;
        *capp = newcap;
        true
    }
}

/// Appends `len` bytes to the line (keeping room for the NUL).
unsafe fn sappend(
    linep: *mut *mut c_char,
    linelen: &mut usize,
    capp: *mut size_t,
    src: *const u8,
    len: usize,
) -> bool {
    let Some(need) = linelen.checked_add(len + 1) else {
        errno::set(darwin::EOVERFLOW);
        return false;
    };
    // SAFETY: the program's pointers; `src` holds `len` bytes.
    unsafe {
        if !expand(linep, capp, need) {
            return false;
        }
        ptr::copy_nonoverlapping(src, (*linep).cast::<u8>().add(*linelen), len);
    }
    *linelen += len;
    true
}

/// `getdelim`: a line up to and including `delim`, in a malloc'd buffer.
unsafe extern "C" fn getdelim(
    linep: *mut *mut c_char,
    capp: *mut size_t,
    delim: c_int,
    fp: *mut FILE,
) -> ssize_t {
    // SAFETY: the program's pointers and stream.
    unsafe {
        with(fp, -1, || {
            if linep.is_null() || capp.is_null() {
                errno::set(darwin::EINVAL);
                (*fp).flags |= SERR;
                return -1;
            }
            if (*linep).is_null() {
                *capp = 0;
            }
            if (*fp).r <= 0 && srefill(fp) != 0 {
                if (*fp).flags & SERR != 0 || !expand(linep, capp, 1) {
                    (*fp).flags |= SERR;
                    return -1;
                }
                **linep = 0;
                return -1;
            }
            let d = delim as u8;
            let mut linelen = 0usize;
            loop {
                let chunk = core::slice::from_raw_parts((*fp).p, (*fp).r as usize);
                if let Some(i) = chunk.iter().position(|&c| c == d) {
                    if !sappend(linep, &mut linelen, capp, (*fp).p, i + 1) {
                        (*fp).flags |= SERR;
                        return -1;
                    }
                    (*fp).p = (*fp).p.add(i + 1);
                    (*fp).r -= (i + 1) as c_int;
                    break;
                }
                if !sappend(linep, &mut linelen, capp, (*fp).p, chunk.len()) {
                    (*fp).flags |= SERR;
                    return -1;
                }
                (*fp).p = (*fp).p.add(chunk.len());
                (*fp).r = 0;
                if srefill(fp) != 0 {
                    if (*fp).flags & SERR != 0 {
                        return -1;
                    }
                    break;
                }
            }
            *(*linep).add(linelen) = 0;
            linelen as ssize_t
        })
    }
}

unsafe extern "C" fn getline(linep: *mut *mut c_char, capp: *mut size_t, fp: *mut FILE) -> ssize_t {
    // SAFETY: forwarded.
    unsafe { getdelim(linep, capp, b'\n' as c_int, fp) }
}

/// `fgetln`: the next line (with its newline, if any), not NUL-terminated,
/// valid until the next operation on the stream.
unsafe extern "C" fn fgetln(fp: *mut FILE, lenp: *mut size_t) -> *mut c_char {
    // SAFETY: the program's stream and length pointer.
    unsafe {
        with(fp, null_mut(), || {
            if (*fp).r <= 0 && srefill(fp) != 0 {
                *lenp = 0;
                return null_mut();
            }
            let x = extra(fp);
            let line = &mut (*x).line;
            line.clear();
            loop {
                let chunk = core::slice::from_raw_parts((*fp).p, (*fp).r as usize);
                if let Some(i) = chunk.iter().position(|&c| c == b'\n') {
                    line.extend_from_slice(&chunk[..=i]);
                    (*fp).p = (*fp).p.add(i + 1);
                    (*fp).r -= (i + 1) as c_int;
                    break;
                }
                line.extend_from_slice(chunk);
                (*fp).p = (*fp).p.add(chunk.len());
                (*fp).r = 0;
                if srefill(fp) != 0 {
                    break;
                }
            }
            if line.is_empty() {
                *lenp = 0;
                return null_mut();
            }
            *lenp = line.len();
            line.as_mut_ptr().cast()
        })
    }
}

// --- positioning --------------------------------------------------------------

unsafe extern "C" fn fseeko(fp: *mut FILE, off: FposT, whence: c_int) -> c_int {
    // SAFETY: the program's stream.
    unsafe { with(fp, -1, || seek_unlocked(fp, off, whence)) }
}

unsafe extern "C" fn fseek(fp: *mut FILE, off: c_long, whence: c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe { fseeko(fp, off, whence) }
}

unsafe extern "C" fn ftello(fp: *mut FILE) -> FposT {
    // SAFETY: the program's stream.
    unsafe { with(fp, -1, || tell_unlocked(fp)) }
}

unsafe extern "C" fn ftell(fp: *mut FILE) -> c_long {
    // SAFETY: forwarded.
    unsafe { ftello(fp) }
}

unsafe extern "C" fn rewind(fp: *mut FILE) {
    let e = errno::get();
    // SAFETY: the program's stream.
    unsafe {
        with(fp, (), || {
            if seek_unlocked(fp, 0, libc::SEEK_SET) == 0 {
                (*fp).flags &= !(SERR | SEOF);
                errno::set(e);
            }
        })
    }
}

unsafe extern "C" fn fgetpos(fp: *mut FILE, pos: *mut FposT) -> c_int {
    // SAFETY: the program's stream and `fpos_t`.
    unsafe {
        let p = ftello(fp);
        if p == -1 {
            return -1;
        }
        *pos = p;
        0
    }
}

unsafe extern "C" fn fsetpos(fp: *mut FILE, pos: *const FposT) -> c_int {
    // SAFETY: the program's stream and `fpos_t`.
    unsafe { fseeko(fp, *pos, libc::SEEK_SET) }
}

// --- state ----------------------------------------------------------------------

unsafe extern "C" fn feof(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { with(fp, 0, || ((*fp).flags & SEOF != 0) as c_int) }
}

unsafe extern "C" fn ferror(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { with(fp, 0, || ((*fp).flags & SERR != 0) as c_int) }
}

unsafe extern "C" fn clearerr(fp: *mut FILE) {
    // SAFETY: the program's stream.
    unsafe { with(fp, (), || (*fp).flags &= !(SERR | SEOF)) }
}

unsafe extern "C" fn fileno(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { with(fp, -1, || (*fp).file as c_int) }
}

unsafe extern "C" fn feof_unlocked(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { ((*fp).flags & SEOF != 0) as c_int }
}

unsafe extern "C" fn ferror_unlocked(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { ((*fp).flags & SERR != 0) as c_int }
}

unsafe extern "C" fn clearerr_unlocked(fp: *mut FILE) {
    // SAFETY: the program's stream.
    unsafe { (*fp).flags &= !(SERR | SEOF) }
}

unsafe extern "C" fn fileno_unlocked(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe { (*fp).file as c_int }
}

// --- buffering ------------------------------------------------------------------

const IOFBF: c_int = 0;
const IOLBF: c_int = 1;
const IONBF: c_int = 2;

/// `setvbuf` (darwin: flushes, drops unread input and ungetc data, clears EOF).
unsafe extern "C" fn setvbuf(fp: *mut FILE, buf: *mut c_char, mode: c_int, size: size_t) -> c_int {
    if mode != IONBF && ((mode != IOFBF && mode != IOLBF) || size > c_int::MAX as usize) {
        return EOF;
    }
    // SAFETY: the program's stream and `size` bytes at `buf` (or NULL).
    unsafe {
        with(fp, EOF, || {
            let mut ret = 0;
            sflush(fp);
            if has_ub(fp) {
                free_ub(fp);
            }
            (*fp).r = 0;
            (*fp).lbfsize = 0;
            let mut flags = (*fp).flags;
            if flags & SMBF != 0 {
                libc::free((*fp).bf.base.cast());
            }
            (*fp).bf = Sbuf::EMPTY;
            flags &= !(SLBF | SNBF | SMBF | SOFF | SEOF);
            let mut buf = buf.cast::<u8>();
            let mut size = size;
            if mode != IONBF {
                let iosize = buffer_size_for(fp);
                if size == 0 {
                    buf = null_mut();
                    size = iosize;
                }
                if buf.is_null() {
                    buf = libc::malloc(size).cast();
                    if buf.is_null() {
                        ret = EOF;
                        if size != iosize {
                            size = iosize;
                            buf = libc::malloc(size).cast();
                        }
                    }
                    if !buf.is_null() {
                        flags |= SMBF;
                    }
                }
            }
            if buf.is_null() {
                (*fp).flags = flags | SNBF;
                (*fp).w = 0;
                let nb = addr_of_mut!((*fp).nbuf).cast::<u8>();
                (*fp).bf = Sbuf { base: nb, size: 1 };
                (*fp).p = nb;
                return ret;
            }
            if mode == IOLBF {
                flags |= SLBF;
            }
            (*fp).flags = flags;
            (*fp).bf = Sbuf {
                base: buf,
                size: size as c_int,
            };
            (*fp).p = buf;
            if flags & SWR != 0 {
                if flags & SLBF != 0 {
                    (*fp).w = 0;
                    (*fp).lbfsize = -(size as c_int);
                } else {
                    (*fp).w = size as c_int;
                }
            } else {
                (*fp).w = 0;
            }
            ret
        })
    }
}

unsafe extern "C" fn setbuf(fp: *mut FILE, buf: *mut c_char) {
    // SAFETY: forwarded (`buf` holds BUFSIZ bytes or is NULL).
    unsafe {
        setvbuf(fp, buf, if buf.is_null() { IONBF } else { IOFBF }, BUFSIZ);
    }
}

unsafe extern "C" fn setbuffer(fp: *mut FILE, buf: *mut c_char, size: c_int) {
    // SAFETY: forwarded.
    unsafe {
        setvbuf(
            fp,
            buf,
            if buf.is_null() { IONBF } else { IOFBF },
            size.max(0) as size_t,
        );
    }
}

unsafe extern "C" fn setlinebuf(fp: *mut FILE) -> c_int {
    // SAFETY: forwarded.
    unsafe { setvbuf(fp, null_mut(), IOLBF, 0) }
}

// --- locking --------------------------------------------------------------------

unsafe extern "C" fn flockfile(fp: *mut FILE) {
    // SAFETY: the program's stream.
    unsafe {
        if !fp.is_null() && !extra(fp).is_null() {
            (*extra(fp)).lock.lock();
        }
    }
}

unsafe extern "C" fn funlockfile(fp: *mut FILE) {
    // SAFETY: the program's stream.
    unsafe {
        if !fp.is_null() && !extra(fp).is_null() {
            (*extra(fp)).lock.unlock();
        }
    }
}

unsafe extern "C" fn ftrylockfile(fp: *mut FILE) -> c_int {
    // SAFETY: the program's stream.
    unsafe {
        if fp.is_null() || extra(fp).is_null() {
            return 0;
        }
        if (*extra(fp)).lock.try_lock() {
            0
        } else {
            1
        }
    }
}

// --- files and messages -------------------------------------------------------

/// `perror`: `"s: message\n"` straight to stderr's descriptor.
unsafe extern "C" fn perror(s: *const c_char) {
    let e = errno::get();
    let mut msg = Vec::with_capacity(128);
    // SAFETY: the program's C string; strerror returns a C string.
    unsafe {
        if !s.is_null() && *s != 0 {
            msg.extend_from_slice(CStr::from_ptr(s).to_bytes());
            msg.extend_from_slice(b": ");
        }
        msg.extend_from_slice(CStr::from_ptr(crate::c::string::strerror(e)).to_bytes());
        msg.push(b'\n');
        let fp = stderr();
        with(fp, (), || {
            sflush(fp);
            let fd = (*fp).file as c_int;
            let mut done = 0;
            while done < msg.len() {
                let n = libc::write(fd, msg.as_ptr().add(done).cast(), msg.len() - done);
                if n <= 0 {
                    break;
                }
                done += n as usize;
            }
            (*fp).flags &= !SOFF;
        });
    }
    errno::set(e);
}

/// `remove`: `rmdir` for a directory, `unlink` otherwise.
unsafe extern "C" fn remove(path: *const c_char) -> c_int {
    // SAFETY: the program's C string; `st` is written by lstat.
    unsafe {
        let mut st: libc::stat = core::mem::zeroed();
        let r = if libc::lstat(path, &mut st) < 0 {
            -1
        } else if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
            libc::rmdir(path)
        } else {
            libc::unlink(path)
        };
        if r < 0 {
            errno::set_from_linux();
        }
        r
    }
}

/// `ctermid`: `/dev/tty`.
unsafe extern "C" fn ctermid(buf: *mut c_char) -> *mut c_char {
    static mut BUF: [u8; 16] = [0; 16];
    let buf = if buf.is_null() {
        addr_of_mut!(BUF).cast::<c_char>()
    } else {
        buf
    };
    // SAFETY: ctermid_r copies 9 bytes into a buffer of at least L_ctermid.
    unsafe { ctermid_r(buf) }
}

unsafe extern "C" fn ctermid_r(buf: *mut c_char) -> *mut c_char {
    if buf.is_null() {
        return null_mut();
    }
    let t = b"/dev/tty\0";
    // SAFETY: the caller's buffer holds L_ctermid (1024) bytes.
    unsafe { ptr::copy_nonoverlapping(t.as_ptr(), buf.cast(), t.len()) };
    buf
}

/// A name in `dir` with `prefix` and 6 random characters that does not
/// exist yet (`_mktemp`).
fn temp_name(dir: &[u8], prefix: &[u8]) -> Option<Vec<u8>> {
    const CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for _ in 0..100 {
        let mut name = dir.to_vec();
        if name.last() != Some(&b'/') {
            name.push(b'/');
        }
        name.extend_from_slice(prefix);
        let mut r = [0u8; 6];
        // SAFETY: getrandom writes at most 6 bytes into `r`.
        unsafe { libc::getrandom(r.as_mut_ptr().cast(), r.len(), 0) };
        name.extend(r.iter().map(|b| CHARS[*b as usize % CHARS.len()]));
        name.push(0);
        // SAFETY: an all-zero `stat` is valid plain data.
        let mut st: libc::stat = unsafe { core::mem::zeroed() };
        // SAFETY: `name` is NUL-terminated; lstat writes `st`.
        if unsafe { libc::lstat(name.as_ptr().cast(), &mut st) } < 0 {
            return Some(name);
        }
    }
    errno::set(darwin::EEXIST);
    None
}

/// `tmpnam`: `/var/tmp/tmp.N.XXXXXX` (darwin's pattern).
unsafe extern "C" fn tmpnam(buf: *mut c_char) -> *mut c_char {
    static mut BUF: [u8; 1024] = [0; 1024];
    static COUNT: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let Some(name) = temp_name(b"/var/tmp/", format!("tmp.{n}.").as_bytes()) else {
        return null_mut();
    };
    let buf = if buf.is_null() {
        addr_of_mut!(BUF).cast::<c_char>()
    } else {
        buf
    };
    // SAFETY: the caller's buffer holds L_tmpnam (1024) bytes; names are shorter.
    unsafe { ptr::copy_nonoverlapping(name.as_ptr(), buf.cast(), name.len().min(1024)) };
    buf
}

/// `tempnam(dir, prefix)`: a malloc'd name in `$TMPDIR`, `dir`, `/var/tmp/`
/// or `/tmp/`.
unsafe extern "C" fn tempnam(dir: *const c_char, pfx: *const c_char) -> *mut c_char {
    // SAFETY: the program's C strings (or NULL).
    unsafe {
        let pfx = if pfx.is_null() {
            &b"tmp."[..]
        } else {
            CStr::from_ptr(pfx).to_bytes()
        };
        let mut dirs: Vec<Vec<u8>> = Vec::new();
        if let Some(t) = std::env::var_os("TMPDIR") {
            dirs.push(t.into_encoded_bytes());
        }
        if !dir.is_null() {
            dirs.push(CStr::from_ptr(dir).to_bytes().to_vec());
        }
        dirs.push(b"/var/tmp/".to_vec());
        dirs.push(b"/tmp/".to_vec());
        for d in dirs.iter().filter(|d| !d.is_empty()) {
            let mut st: libc::stat = core::mem::zeroed();
            let mut dz = d.clone();
            dz.push(0);
            if libc::stat(dz.as_ptr().cast(), &mut st) < 0
                || st.st_mode & libc::S_IFMT != libc::S_IFDIR
            {
                continue;
            }
            if let Some(name) = temp_name(d, pfx) {
                let p = libc::malloc(name.len()).cast::<u8>();
                if p.is_null() {
                    errno::set(darwin::ENOMEM);
                    return null_mut();
                }
                ptr::copy_nonoverlapping(name.as_ptr(), p, name.len());
                return p.cast();
            }
        }
        null_mut()
    }
}

/// The buffer size `setvbuf` uses when given none.
unsafe fn buffer_size_for(fp: *mut FILE) -> usize {
    // SAFETY: the caller passes a live FILE.
    unsafe {
        let fd = (*fp).file as c_int;
        let mut st: libc::stat = core::mem::zeroed();
        if fd < 0 || libc::fstat(fd, &mut st) < 0 || st.st_blksize <= 0 {
            BUFSIZ
        } else {
            (st.st_blksize as usize).min(1 << 24)
        }
    }
}

// --- the table ------------------------------------------------------------------

extern "C" {
    // The variadic entry points, in csrc/stdio_shims.c.
    fn cvd_printf(fmt: *const c_char, ...) -> c_int;
    fn cvd_fprintf(fp: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_sprintf(buf: *mut c_char, fmt: *const c_char, ...) -> c_int;
    fn cvd_snprintf(buf: *mut c_char, n: size_t, fmt: *const c_char, ...) -> c_int;
    fn cvd_asprintf(ret: *mut *mut c_char, fmt: *const c_char, ...) -> c_int;
    fn cvd_dprintf(fd: c_int, fmt: *const c_char, ...) -> c_int;
    fn cvd_sprintf_chk(
        buf: *mut c_char,
        flag: c_int,
        size: size_t,
        fmt: *const c_char,
        ...
    ) -> c_int;
    fn cvd_snprintf_chk(
        buf: *mut c_char,
        n: size_t,
        flag: c_int,
        size: size_t,
        fmt: *const c_char,
        ...
    ) -> c_int;
    fn cvd_printf_l(loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_fprintf_l(fp: *mut c_void, loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_sprintf_l(buf: *mut c_char, loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_snprintf_l(
        buf: *mut c_char,
        n: size_t,
        loc: *mut c_void,
        fmt: *const c_char,
        ...
    ) -> c_int;
    fn cvd_asprintf_l(ret: *mut *mut c_char, loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_dprintf_l(fd: c_int, loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_scanf(fmt: *const c_char, ...) -> c_int;
    fn cvd_fscanf(fp: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_sscanf(s: *const c_char, fmt: *const c_char, ...) -> c_int;
    fn cvd_scanf_l(loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_fscanf_l(fp: *mut c_void, loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
    fn cvd_sscanf_l(s: *const c_char, loc: *mut c_void, fmt: *const c_char, ...) -> c_int;
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    // The standard streams.
    data "___sF" => SF,
    data "___stdinp" => STDINP,
    data "___stdoutp" => STDOUTP,
    data "___stderrp" => STDERRP,
    // Opening and closing.
    func "_fopen" => fopen,
    func "_fopen$DARWIN_EXTSN" => fopen,
    func "_fdopen" => fdopen,
    func "_fdopen$DARWIN_EXTSN" => fdopen,
    func "_freopen" => freopen,
    func "_fclose" => fclose,
    func "_funopen" => funopen,
    func "_fmemopen" => fmemopen,
    func "_open_memstream" => open_memstream,
    func "_tmpfile" => tmpfile,
    func "_popen" => popen,
    func "_popen$DARWIN_EXTSN" => popen,
    func "_pclose" => pclose,
    // Buffers.
    func "_fflush" => fflush,
    func "_fpurge" => fpurge,
    func "_setvbuf" => setvbuf,
    func "_setbuf" => setbuf,
    func "_setbuffer" => setbuffer,
    func "_setlinebuf" => setlinebuf,
    func "___srget" => srget,
    func "___swbuf" => swbuf,
    // Characters, blocks, lines.
    func "_fgetc" => fgetc,
    func "_getc" => fgetc,
    func "_getchar" => getchar,
    func "_getc_unlocked" => getc_unlocked,
    func "_getchar_unlocked" => getchar_unlocked,
    func "_fputc" => fputc,
    func "_putc" => fputc,
    func "_putchar" => putchar,
    func "_putc_unlocked" => putc_unlocked,
    func "_putchar_unlocked" => putchar_unlocked,
    func "_ungetc" => ungetc,
    func "_getw" => getw,
    func "_putw" => putw,
    func "_fread" => fread,
    func "_fwrite" => fwrite,
    func "_fgets" => fgets,
    func "_gets" => gets,
    func "_fputs" => fputs,
    func "_puts" => puts,
    func "_getline" => getline,
    func "_getdelim" => getdelim,
    func "_fgetln" => fgetln,
    // Positions.
    func "_fseek" => fseek,
    func "_fseeko" => fseeko,
    func "_ftell" => ftell,
    func "_ftello" => ftello,
    func "_rewind" => rewind,
    func "_fgetpos" => fgetpos,
    func "_fsetpos" => fsetpos,
    // State.
    func "_feof" => feof,
    func "_ferror" => ferror,
    func "_clearerr" => clearerr,
    func "_fileno" => fileno,
    func "_feof_unlocked" => feof_unlocked,
    func "_ferror_unlocked" => ferror_unlocked,
    func "_clearerr_unlocked" => clearerr_unlocked,
    func "_fileno_unlocked" => fileno_unlocked,
    func "_flockfile" => flockfile,
    func "_funlockfile" => funlockfile,
    func "_ftrylockfile" => ftrylockfile,
    // Files and messages.
    func "_perror" => perror,
    func "_remove" => remove,
    func "_ctermid" => ctermid,
    func "_ctermid_r" => ctermid_r,
    func "_tmpnam" => tmpnam,
    func "_tempnam" => tempnam,
    // printf.
    func "_printf" => cvd_printf,
    func "_fprintf" => cvd_fprintf,
    func "_sprintf" => cvd_sprintf,
    func "_snprintf" => cvd_snprintf,
    func "_asprintf" => cvd_asprintf,
    func "_dprintf" => cvd_dprintf,
    func "_vprintf" => calvados_stdio_vprintf,
    func "_vfprintf" => calvados_stdio_vfprintf,
    func "_vsprintf" => calvados_stdio_vsprintf,
    func "_vsnprintf" => calvados_stdio_vsnprintf,
    func "_vasprintf" => calvados_stdio_vasprintf,
    func "_vdprintf" => calvados_stdio_vdprintf,
    func "___sprintf_chk" => cvd_sprintf_chk,
    func "___snprintf_chk" => cvd_snprintf_chk,
    func "___vsprintf_chk" => calvados_stdio_vsprintf_chk,
    func "___vsnprintf_chk" => calvados_stdio_vsnprintf_chk,
    func "_printf_l" => cvd_printf_l,
    func "_fprintf_l" => cvd_fprintf_l,
    func "_sprintf_l" => cvd_sprintf_l,
    func "_snprintf_l" => cvd_snprintf_l,
    func "_asprintf_l" => cvd_asprintf_l,
    func "_dprintf_l" => cvd_dprintf_l,
    func "_vprintf_l" => calvados_stdio_vprintf_l,
    func "_vfprintf_l" => calvados_stdio_vfprintf_l,
    func "_vsprintf_l" => calvados_stdio_vsprintf_l,
    func "_vsnprintf_l" => calvados_stdio_vsnprintf_l,
    func "_vasprintf_l" => calvados_stdio_vasprintf_l,
    func "_vdprintf_l" => calvados_stdio_vdprintf_l,
    // scanf.
    func "_scanf" => cvd_scanf,
    func "_fscanf" => cvd_fscanf,
    func "_sscanf" => cvd_sscanf,
    func "_vscanf" => calvados_stdio_vscanf,
    func "_vfscanf" => calvados_stdio_vfscanf,
    func "_vsscanf" => calvados_stdio_vsscanf,
    func "___svfscanf" => svfscanf,
    func "_scanf_l" => cvd_scanf_l,
    func "_fscanf_l" => cvd_fscanf_l,
    func "_sscanf_l" => cvd_sscanf_l,
    func "_vscanf_l" => calvados_stdio_vscanf_l,
    func "_vfscanf_l" => calvados_stdio_vfscanf_l,
    func "_vsscanf_l" => calvados_stdio_vsscanf_l,
    // Wide-character stdio (wide.rs).
    func "_fgetwc" => fgetwc,
    func "_fgetwc_l" => fgetwc_l,
    func "_getwc" => fgetwc,
    func "_getwc_l" => fgetwc_l,
    func "_getwchar" => getwchar,
    func "_getwchar_l" => getwchar_l,
    func "_fputwc" => fputwc,
    func "_fputwc_l" => fputwc_l,
    func "_putwc" => fputwc,
    func "_putwc_l" => fputwc_l,
    func "_putwchar" => putwchar,
    func "_putwchar_l" => putwchar_l,
    func "_ungetwc" => ungetwc,
    func "_ungetwc_l" => ungetwc_l,
    func "_fgetws" => fgetws,
    func "_fgetws_l" => fgetws_l,
    func "_fputws" => fputws,
    func "_fputws_l" => fputws_l,
    func "_fgetwln" => fgetwln,
    func "_fgetwln_l" => fgetwln_l,
    func "_fwide" => fwide,
    func "_swprintf" => cvd_swprintf,
    func "_swprintf_l" => cvd_swprintf_l,
    func "_vswprintf" => calvados_stdio_vswprintf,
    func "_vswprintf_l" => calvados_stdio_vswprintf_l,
    func "_fwprintf" => cvd_fwprintf,
    func "_fwprintf_l" => cvd_fwprintf_l,
    func "_vfwprintf" => calvados_stdio_vfwprintf,
    func "_vfwprintf_l" => calvados_stdio_vfwprintf_l,
    func "_wprintf" => cvd_wprintf,
    func "_wprintf_l" => cvd_wprintf_l,
    func "_vwprintf" => calvados_stdio_vwprintf,
    func "_vwprintf_l" => calvados_stdio_vwprintf_l,
    func "_swscanf" => cvd_swscanf,
    func "_swscanf_l" => cvd_swscanf_l,
    func "_vswscanf" => calvados_stdio_vswscanf,
    func "_vswscanf_l" => calvados_stdio_vswscanf_l,
    func "_fwscanf" => cvd_fwscanf,
    func "_fwscanf_l" => cvd_fwscanf_l,
    func "_wscanf" => cvd_wscanf,
    func "_wscanf_l" => cvd_wscanf_l,
    func "_vfwscanf" => calvados_stdio_vfwscanf,
    func "_vfwscanf_l" => calvados_stdio_vfwscanf_l,
    func "_vwscanf" => calvados_stdio_vwscanf,
    func "_vwscanf_l" => calvados_stdio_vwscanf_l,
};
