//! Making and closing streams: `fopen`, `fdopen`, `freopen`, `fclose`,
//! `funopen`, `fmemopen`, `open_memstream`, `tmpfile`, `popen`, `pclose`.

use super::buffer::*;
use super::*;
use crate::errno::{self, darwin};
use crate::kernel::fs::open_flags_to_linux;
use core::ptr::{self, null_mut};
use libc::{c_char, c_int, c_void, size_t};
use std::ffi::CStr;

// darwin `O_*` values (`<sys/fcntl.h>`), what `__sflags` produces.
const O_RDONLY: c_int = 0;
const O_WRONLY: c_int = 1;
const O_RDWR: c_int = 2;
const O_ACCMODE: c_int = 3;
const O_APPEND: c_int = 0x8;
const O_CREAT: c_int = 0x200;
const O_TRUNC: c_int = 0x400;
const O_EXCL: c_int = 0x800;
const O_CLOEXEC: c_int = 0x0100_0000;

/// `0666`, before the umask.
const DEFFILEMODE: libc::mode_t = 0o666;

/// Parses an `fopen` mode (`__sflags`): `[rwa]` then any of `b`, `+`, `x`
/// (`O_EXCL`), `e` (`O_CLOEXEC`). Returns the stdio flags and darwin open
/// flags, or `None` with errno `EINVAL`.
pub(crate) unsafe fn sflags(mode: *const c_char) -> Option<(u16, c_int)> {
    if mode.is_null() {
        errno::set(darwin::EINVAL);
        return None;
    }
    // SAFETY: the caller's C string.
    let m = unsafe { CStr::from_ptr(mode) }.to_bytes();
    let (mut ret, mut acc, mut o) = match m.first() {
        Some(b'r') => (SRD, O_RDONLY, 0),
        Some(b'w') => (SWR, O_WRONLY, O_CREAT | O_TRUNC),
        Some(b'a') => (SWR, O_WRONLY, O_CREAT | O_APPEND),
        _ => {
            errno::set(darwin::EINVAL);
            return None;
        }
    };
    for &c in &m[1..] {
        match c {
            b'b' => {}
            b'+' => {
                ret = SRW;
                acc = O_RDWR;
            }
            b'x' => o |= O_EXCL,
            b'e' => o |= O_CLOEXEC,
            _ => break,
        }
    }
    Some((ret, acc | o))
}

/// Claims a slot and sets it up as a descriptor stream.
unsafe fn new_fd_stream(fd: c_int, flags: u16) -> *mut FILE {
    let fp = alloc_file();
    // SAFETY: `fp` is a freshly claimed slot; we set it up under its lock.
    unsafe {
        let _g = Locked::new(fp);
        init_fd_stream(fp, flags, fd);
    }
    fp
}

/// Closes `fd` keeping errno.
fn close_keep_errno(fd: c_int) {
    let e = errno::get();
    // SAFETY: closing a descriptor we own.
    unsafe { libc::close(fd) };
    errno::set(e);
}

/// `fopen` (also `fopen$DARWIN_EXTSN`).
pub(crate) unsafe extern "C" fn fopen(path: *const c_char, mode: *const c_char) -> *mut FILE {
    // SAFETY: the caller's C strings.
    unsafe {
        let Some((flags, oflags)) = sflags(mode) else {
            return null_mut();
        };
        let fd = libc::open(path, open_flags_to_linux(oflags), DEFFILEMODE as c_int);
        if fd < 0 {
            errno::set_from_linux();
            return null_mut();
        }
        if fd > i16::MAX as c_int {
            close_keep_errno(fd);
            errno::set(libc::EMFILE);
            return null_mut();
        }
        let fp = new_fd_stream(fd, flags);
        if oflags & O_APPEND != 0 {
            let _g = Locked::new(fp);
            do_seek(fp, 0, libc::SEEK_END);
        }
        fp
    }
}

/// `fdopen` (also `fdopen$DARWIN_EXTSN`).
pub(crate) unsafe extern "C" fn fdopen(fd: c_int, mode: *const c_char) -> *mut FILE {
    if fd > i16::MAX as c_int {
        errno::set(libc::EMFILE);
        return null_mut();
    }
    // SAFETY: the caller's C string; fcntl takes no memory.
    unsafe {
        let Some((mut flags, oflags)) = sflags(mode) else {
            return null_mut();
        };
        let fdflags = libc::fcntl(fd, libc::F_GETFL);
        if fdflags < 0 {
            errno::set_from_linux();
            return null_mut();
        }
        let acc = fdflags & libc::O_ACCMODE;
        if acc != libc::O_RDWR && acc != oflags & O_ACCMODE {
            errno::set(darwin::EINVAL);
            return null_mut();
        }
        if oflags & O_CLOEXEC != 0 {
            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        }
        if oflags & O_APPEND != 0 && fdflags & libc::O_APPEND == 0 {
            flags |= SAPP;
        }
        new_fd_stream(fd, flags)
    }
}

/// `fclose`.
pub(crate) unsafe extern "C" fn fclose(fp: *mut FILE) -> c_int {
    if fp.is_null() {
        errno::set(darwin::EFAULT);
        return EOF;
    }
    // SAFETY: the program passes a stream it opened.
    unsafe {
        if !is_open(fp) {
            errno::set(darwin::EBADF);
            return EOF;
        }
        let Some(_g) = Locked::new(fp) else {
            return EOF;
        };
        if !is_open(fp) {
            errno::set(darwin::EBADF);
            return EOF;
        }
        let mut error = 0;
        let mut r = sflush(fp);
        if r < 0 {
            error = errno::get();
        }
        if let Some(c) = (*fp).close {
            if c((*fp).cookie) < 0 {
                r = EOF;
                error = errno::get();
            }
        }
        release(fp);
        if error != 0 {
            errno::set(error);
        }
        r
    }
}

/// `freopen`: darwin's UNIX03 flavour (the old descriptor is closed first,
/// so reopening stdout usually lands on descriptor 1 again).
pub(crate) unsafe extern "C" fn freopen(
    path: *const c_char,
    mode: *const c_char,
    fp: *mut FILE,
) -> *mut FILE {
    // SAFETY: the caller's C strings and stream.
    unsafe {
        let Some((flags, oflags)) = sflags(mode) else {
            let e = errno::get();
            fclose(fp);
            errno::set(e);
            return null_mut();
        };
        let Some(g) = Locked::new(fp) else {
            return null_mut();
        };
        let f;
        if path.is_null() {
            if !is_open(fp) {
                errno::set(darwin::EINVAL);
                return null_mut();
            }
            let fd = (*fp).file as c_int;
            let dflags = libc::fcntl(fd, libc::F_GETFL);
            if dflags < 0 {
                errno::set_from_linux();
                let e = errno::get();
                drop(g);
                fclose(fp);
                errno::set(e);
                return null_mut();
            }
            let acc = dflags & libc::O_ACCMODE;
            if acc != libc::O_RDWR && acc != oflags & O_ACCMODE {
                drop(g);
                fclose(fp);
                errno::set(darwin::EBADF);
                return null_mut();
            }
            if (*fp).flags & SWR != 0 {
                sflush(fp);
            }
            let want_append = oflags & O_APPEND != 0;
            if want_append != (dflags & libc::O_APPEND != 0) {
                let nf = if want_append {
                    dflags | libc::O_APPEND
                } else {
                    dflags & !libc::O_APPEND
                };
                if libc::fcntl(fd, libc::F_SETFL, nf) < 0 {
                    errno::set_from_linux();
                    let e = errno::get();
                    drop(g);
                    fclose(fp);
                    errno::set(e);
                    return null_mut();
                }
            }
            if oflags & O_TRUNC != 0 {
                libc::ftruncate(fd, 0);
            }
            if !want_append {
                do_seek(fp, 0, libc::SEEK_SET);
            }
            f = fd;
        } else {
            if is_open(fp) {
                if (*fp).flags & SWR != 0 {
                    sflush(fp);
                }
                if let Some(c) = (*fp).close {
                    c((*fp).cookie);
                }
            }
            f = libc::open(path, open_flags_to_linux(oflags), DEFFILEMODE as c_int);
            if f < 0 {
                errno::set_from_linux();
            }
        }
        let e = errno::get();
        // Drop the old buffers whatever happened: the new file may want
        // another size.
        reset(fp);
        if f < 0 {
            release(fp);
            errno::set(e);
            return null_mut();
        }
        if f > i16::MAX as c_int {
            release(fp);
            close_keep_errno(f);
            errno::set(libc::EMFILE);
            return null_mut();
        }
        init_fd_stream(fp, flags, f);
        if oflags & O_APPEND != 0 {
            do_seek(fp, 0, libc::SEEK_END);
        }
        fp
    }
}

/// `funopen(cookie, readfn, writefn, seekfn, closefn)`.
pub(crate) unsafe extern "C" fn funopen(
    cookie: *const c_void,
    readfn: Option<ReadFn>,
    writefn: Option<WriteFn>,
    seekfn: Option<SeekFn>,
    closefn: Option<CloseFn>,
) -> *mut FILE {
    let flags = match (readfn.is_some(), writefn.is_some()) {
        (false, false) => {
            errno::set(darwin::EINVAL);
            return null_mut();
        }
        (true, true) => SRW,
        (true, false) => SRD,
        (false, true) => SWR,
    };
    let fp = alloc_file();
    // SAFETY: a freshly claimed slot, set up under its lock.
    unsafe {
        let _g = Locked::new(fp);
        init_stream(
            fp,
            flags,
            -1,
            cookie as *mut c_void,
            readfn,
            writefn,
            seekfn,
            closefn,
        );
    }
    fp
}

/// Makes `fp` unbuffered before any I/O (the `setvbuf(_IONBF)` that
/// `fmemopen` does).
unsafe fn make_unbuffered(fp: *mut FILE) {
    // SAFETY: a fresh stream with no buffer yet.
    unsafe {
        let _g = Locked::new(fp);
        (*fp).flags |= SNBF;
        smakebuf(fp);
        (*fp).w = 0;
    }
}

// --- fmemopen ---------------------------------------------------------------

struct MemCookie {
    buf: *mut u8,
    size: usize,
    len: usize,
    off: usize,
    own: bool,
    bin: bool,
}

unsafe extern "C" fn mem_read(cookie: *mut c_void, buf: *mut c_char, n: c_int) -> c_int {
    // SAFETY: the cookie is our MemCookie; `buf` holds `n` bytes.
    unsafe {
        let ck = &mut *cookie.cast::<MemCookie>();
        let n = (n.max(0) as usize).min(ck.len.saturating_sub(ck.off));
        if n == 0 {
            return 0;
        }
        ptr::copy_nonoverlapping(ck.buf.add(ck.off), buf.cast(), n);
        ck.off += n;
        n as c_int
    }
}

unsafe extern "C" fn mem_write(cookie: *mut c_void, buf: *const c_char, n: c_int) -> c_int {
    // SAFETY: as above.
    unsafe {
        let ck = &mut *cookie.cast::<MemCookie>();
        let n = (n.max(0) as usize).min(ck.size.saturating_sub(ck.off));
        if n == 0 {
            return 0;
        }
        ptr::copy_nonoverlapping(buf.cast::<u8>(), ck.buf.add(ck.off), n);
        ck.off += n;
        if ck.off > ck.len {
            ck.len = ck.off;
        }
        if !ck.bin && ck.off < ck.size && *ck.buf.add(ck.off - 1) != 0 {
            *ck.buf.add(ck.off) = 0;
        }
        n as c_int
    }
}

unsafe extern "C" fn mem_seek(cookie: *mut c_void, off: FposT, whence: c_int) -> FposT {
    // SAFETY: as above.
    let ck = unsafe { &mut *cookie.cast::<MemCookie>() };
    let new = match whence {
        libc::SEEK_SET => Some(off),
        libc::SEEK_CUR => (ck.off as FposT).checked_add(off),
        libc::SEEK_END if off <= 0 => (ck.len as FposT).checked_add(off),
        _ => None,
    };
    match new {
        Some(n) if n >= 0 && n as usize <= ck.size => {
            ck.off = n as usize;
            n
        }
        _ => {
            errno::set(darwin::EINVAL);
            -1
        }
    }
}

unsafe extern "C" fn mem_close(cookie: *mut c_void) -> c_int {
    // SAFETY: the cookie is the MemCookie `fmemopen` boxed; its own buffer
    // came from malloc.
    unsafe {
        let ck = Box::from_raw(cookie.cast::<MemCookie>());
        if ck.own {
            libc::free(ck.buf.cast());
        }
    }
    0
}

/// `fmemopen(buf, size, mode)`: darwin's (FreeBSD's) semantics, unbuffered.
pub(crate) unsafe extern "C" fn fmemopen(
    buf: *mut c_void,
    size: size_t,
    mode: *const c_char,
) -> *mut FILE {
    if size == 0 {
        errno::set(darwin::EINVAL);
        return null_mut();
    }
    // SAFETY: the caller's C string and `size` bytes at `buf` (or NULL).
    unsafe {
        let Some((_, oflags)) = sflags(mode) else {
            return null_mut();
        };
        if oflags & O_RDWR == 0 && buf.is_null() {
            errno::set(darwin::EINVAL);
            return null_mut();
        }
        let own = buf.is_null();
        let b = if own {
            libc::malloc(size).cast::<u8>()
        } else {
            buf.cast::<u8>()
        };
        if b.is_null() {
            errno::set(darwin::ENOMEM);
            return null_mut();
        }
        let m = CStr::from_ptr(mode).to_bytes();
        if own || m[0] == b'w' {
            *b = 0;
        }
        let (len, off) = match m[0] {
            b'a' => {
                let l = (0..size).find(|&i| *b.add(i) == 0).unwrap_or(size);
                (l, l)
            }
            b'r' => (size, 0),
            _ => (0, 0),
        };
        let ck = Box::into_raw(Box::new(MemCookie {
            buf: b,
            size,
            len,
            off,
            own,
            bin: m.contains(&b'b'),
        }));
        let fp = funopen(
            ck.cast(),
            if oflags & O_ACCMODE == O_WRONLY {
                None
            } else {
                Some(mem_read)
            },
            if oflags & O_ACCMODE == O_RDONLY {
                None
            } else {
                Some(mem_write)
            },
            Some(mem_seek),
            Some(mem_close),
        );
        if m[0] == b'a' {
            (*fp).flags |= SAPP;
        }
        make_unbuffered(fp);
        fp
    }
}

// --- open_memstream -----------------------------------------------------------

struct MemStream {
    bufp: *mut *mut u8,
    sizep: *mut size_t,
    /// Allocated length (the block holds one more byte, always NUL).
    len: usize,
    offset: usize,
}

impl MemStream {
    unsafe fn grow(&mut self, newoff: usize) -> bool {
        if newoff <= self.len {
            return true;
        }
        let newsize = newoff.max(self.len.saturating_mul(3) / 2);
        // SAFETY: `*bufp` is our malloc block (the program may only read it).
        unsafe {
            let b = libc::realloc((*self.bufp).cast(), newsize + 1).cast::<u8>();
            if b.is_null() {
                errno::set(darwin::ENOMEM);
                return false;
            }
            ptr::write_bytes(b.add(self.len + 1), 0, newsize - self.len);
            *self.bufp = b;
        }
        self.len = newsize;
        true
    }

    unsafe fn update(&mut self) {
        // SAFETY: `sizep` is the program's.
        unsafe { *self.sizep = self.len.min(self.offset) };
    }
}

unsafe extern "C" fn ms_write(cookie: *mut c_void, buf: *const c_char, n: c_int) -> c_int {
    // SAFETY: the cookie is our MemStream; `buf` holds `n` bytes.
    unsafe {
        let ms = &mut *cookie.cast::<MemStream>();
        let n = n.max(0) as usize;
        if !ms.grow(ms.offset + n) {
            return -1;
        }
        let tocopy = n.min(ms.len - ms.offset);
        ptr::copy_nonoverlapping(buf.cast::<u8>(), (*ms.bufp).add(ms.offset), tocopy);
        ms.offset += tocopy;
        ms.update();
        tocopy as c_int
    }
}

unsafe extern "C" fn ms_seek(cookie: *mut c_void, pos: FposT, whence: c_int) -> FposT {
    // SAFETY: as above.
    unsafe {
        let ms = &mut *cookie.cast::<MemStream>();
        let new = match whence {
            libc::SEEK_SET => pos,
            libc::SEEK_CUR => ms.offset as FposT + pos,
            libc::SEEK_END => ms.len as FposT + pos,
            _ => -1,
        };
        if new < 0 {
            errno::set(darwin::EINVAL);
            return -1;
        }
        ms.offset = new as usize;
        ms.update();
        new
    }
}

unsafe extern "C" fn ms_close(cookie: *mut c_void) -> c_int {
    // SAFETY: the cookie is the MemStream `open_memstream` boxed.
    drop(unsafe { Box::from_raw(cookie.cast::<MemStream>()) });
    0
}

/// `open_memstream(&buf, &size)`: a write-only stream into a growing
/// malloc block (freed by the program with `free`).
pub(crate) unsafe extern "C" fn open_memstream(
    bufp: *mut *mut c_char,
    sizep: *mut size_t,
) -> *mut FILE {
    if bufp.is_null() || sizep.is_null() {
        errno::set(darwin::EINVAL);
        return null_mut();
    }
    // SAFETY: the program's pointers.
    unsafe {
        let b = libc::calloc(1, 1).cast::<c_char>();
        if b.is_null() {
            errno::set(darwin::ENOMEM);
            return null_mut();
        }
        *bufp = b;
        let ms = Box::into_raw(Box::new(MemStream {
            bufp: bufp.cast(),
            sizep,
            len: 0,
            offset: 0,
        }));
        (*ms).update();
        funopen(
            ms.cast(),
            None,
            Some(ms_write),
            Some(ms_seek),
            Some(ms_close),
        )
    }
}

// --- tmpfile ------------------------------------------------------------------

/// `tmpfile`: an unlinked file in `$TMPDIR` (else `/tmp`), mode "w+".
pub(crate) unsafe extern "C" fn tmpfile() -> *mut FILE {
    let dir = std::env::var_os("TMPDIR")
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/tmp".into());
    let mut path = dir.into_encoded_bytes();
    if path.last() != Some(&b'/') {
        path.push(b'/');
    }
    path.extend_from_slice(b"tmp.XXXXXX\0");
    // SAFETY: `path` is a NUL-terminated template mkstemp may rewrite.
    unsafe {
        let fd = libc::mkstemp(path.as_mut_ptr().cast());
        if fd < 0 {
            errno::set_from_linux();
            return null_mut();
        }
        libc::unlink(path.as_ptr().cast());
        let fp = fdopen(fd, c"w+".as_ptr());
        if fp.is_null() {
            close_keep_errno(fd);
        }
        fp
    }
}

// --- popen --------------------------------------------------------------------

extern "C" {
    static mut environ: *mut *mut c_char;
}

/// Streams from `popen` (their descriptors are closed in later children).
static POPENED: Mutex<Vec<(usize, c_int)>> = Mutex::new(Vec::new());

fn popened() -> std::sync::MutexGuard<'static, Vec<(usize, c_int)>> {
    POPENED.lock().unwrap_or_else(|e| e.into_inner())
}

/// `popen(command, "r" | "w" | "r+")` (an `e` makes the stream close on
/// exec): runs `/bin/sh -c command`.
pub(crate) unsafe extern "C" fn popen(command: *const c_char, mode: *const c_char) -> *mut FILE {
    if command.is_null() || mode.is_null() {
        errno::set(darwin::EINVAL);
        return null_mut();
    }
    // SAFETY: the caller's C strings; the spawn structures are initialized
    // by their own init calls before use and destroyed after.
    unsafe {
        let m = CStr::from_ptr(mode).to_bytes();
        let cloexec = m.contains(&b'e');
        let core: Vec<u8> = m.iter().copied().filter(|&c| c != b'e').collect();
        let (read, bidir) = match core.as_slice() {
            b"r" => (true, false),
            b"w" => (false, false),
            b"r+" => (true, true),
            _ => {
                errno::set(darwin::EINVAL);
                return null_mut();
            }
        };
        let mut fds = [0 as c_int; 2];
        let ok = if bidir {
            libc::socketpair(
                libc::AF_UNIX,
                libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
                0,
                fds.as_mut_ptr(),
            )
        } else {
            libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC)
        };
        if ok < 0 {
            errno::set_from_linux();
            return null_mut();
        }
        // (ours, the child's end, the child's descriptor to replace)
        let (ours, theirs, target) = if bidir {
            (fds[0], fds[1], -1)
        } else if read {
            (fds[0], fds[1], 1)
        } else {
            (fds[1], fds[0], 0)
        };
        // Our own posix_spawn, so that a Mach-O `/bin/sh` re-enters Calvados.
        use crate::kernel::spawn as sp;
        let mut fa: sp::ActionsT = ptr::null_mut();
        sp::posix_spawn_file_actions_init(&mut fa);
        if bidir {
            sp::posix_spawn_file_actions_adddup2(&mut fa, theirs, 0);
            sp::posix_spawn_file_actions_adddup2(&mut fa, theirs, 1);
        } else {
            sp::posix_spawn_file_actions_adddup2(&mut fa, theirs, target);
        }
        for &(_, fd) in popened().iter() {
            sp::posix_spawn_file_actions_addclose(&mut fa, fd);
        }
        let sh = c"/bin/sh";
        let argv: [*const c_char; 4] = [c"sh".as_ptr(), c"-c".as_ptr(), command, ptr::null()];
        let mut pid: libc::pid_t = 0;
        // Returns a darwin errno.
        let r = sp::posix_spawn(
            &mut pid,
            sh.as_ptr(),
            &fa,
            ptr::null(),
            argv.as_ptr(),
            environ as *const *const c_char,
        );
        sp::posix_spawn_file_actions_destroy(&mut fa);
        libc::close(theirs);
        if r != 0 {
            libc::close(ours);
            errno::set(r);
            return null_mut();
        }
        if !cloexec {
            libc::fcntl(ours, libc::F_SETFD, 0);
        }
        let flags = if bidir {
            SRW
        } else if read {
            SRD
        } else {
            SWR
        };
        let fp = new_fd_stream(ours, flags);
        (*extra(fp)).pid = pid;
        popened().push((fp as usize, ours));
        fp
    }
}

/// `pclose`: closes the stream and waits for its command; the wait status.
pub(crate) unsafe extern "C" fn pclose(fp: *mut FILE) -> c_int {
    {
        let mut list = popened();
        match list.iter().position(|&(f, _)| f == fp as usize) {
            Some(i) => {
                list.remove(i);
            }
            None => {
                errno::set(libc::ECHILD);
                return -1;
            }
        }
    }
    // SAFETY: `fp` is a stream `popen` made; waitpid writes `status`.
    unsafe {
        let pid = (*extra(fp)).pid;
        fclose(fp);
        let mut status = 0;
        loop {
            let r = libc::waitpid(pid, &mut status, 0);
            if r >= 0 {
                return crate::kernel::process::status_to_darwin(status);
            }
            if errno::get() != libc::EINTR {
                errno::set_from_linux();
                return -1;
            }
        }
    }
}
