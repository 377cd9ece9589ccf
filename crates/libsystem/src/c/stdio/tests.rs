//! Tests of the stdio machinery, through the exported symbols (so the
//! export table is exercised too) and through the FILE fields the SDK
//! macros touch.

use super::*;
use core::ptr::null_mut;
use libc::{c_char, c_int, c_long, c_void, size_t, ssize_t};
use std::ffi::{CStr, CString};

/// The export `name`, as a function pointer of type `T`.
fn sym<T: Copy>(name: &str) -> T {
    let e = crate::lookup(name.as_bytes()).unwrap_or_else(|| panic!("{name} not exported"));
    assert_eq!(core::mem::size_of::<T>(), core::mem::size_of::<*const ()>());
    // SAFETY: `T` is the function-pointer type of that export (checked by
    // each call site's signature).
    unsafe { core::mem::transmute_copy(&e.addr()) }
}

macro_rules! f {
    ($name:literal : fn($($a:ty),*) -> $r:ty) => {
        sym::<unsafe extern "C" fn($($a),*) -> $r>($name)
    };
    ($name:literal : fn($($a:ty),* ; ...) -> $r:ty) => {
        sym::<unsafe extern "C" fn($($a),* , ...) -> $r>($name)
    };
}

type F = *mut FILE;
type S = *const c_char;

fn fopen(path: &str, mode: &str) -> F {
    let p = CString::new(path).unwrap();
    let m = CString::new(mode).unwrap();
    // SAFETY: C strings.
    unsafe { f!("_fopen": fn(S, S) -> F)(p.as_ptr(), m.as_ptr()) }
}
fn fclose(fp: F) -> c_int {
    // SAFETY: a stream from this test.
    unsafe { f!("_fclose": fn(F) -> c_int)(fp) }
}
fn fwrite(fp: F, b: &[u8]) -> usize {
    // SAFETY: a stream and a slice.
    unsafe {
        f!("_fwrite": fn(*const c_void, size_t, size_t, F) -> size_t)(
            b.as_ptr().cast(),
            1,
            b.len(),
            fp,
        )
    }
}
fn fread(fp: F, n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    // SAFETY: a stream and a buffer.
    let got = unsafe {
        f!("_fread": fn(*mut c_void, size_t, size_t, F) -> size_t)(v.as_mut_ptr().cast(), 1, n, fp)
    };
    v.truncate(got);
    v
}
fn fgetc(fp: F) -> c_int {
    // SAFETY: a stream.
    unsafe { f!("_fgetc": fn(F) -> c_int)(fp) }
}
fn fputc(c: u8, fp: F) -> c_int {
    // SAFETY: a stream.
    unsafe { f!("_fputc": fn(c_int, F) -> c_int)(c as c_int, fp) }
}
fn ungetc(c: u8, fp: F) -> c_int {
    // SAFETY: a stream.
    unsafe { f!("_ungetc": fn(c_int, F) -> c_int)(c as c_int, fp) }
}
fn fflush(fp: F) -> c_int {
    // SAFETY: a stream or NULL.
    unsafe { f!("_fflush": fn(F) -> c_int)(fp) }
}
fn fseek(fp: F, off: c_long, whence: c_int) -> c_int {
    // SAFETY: a stream.
    unsafe { f!("_fseek": fn(F, c_long, c_int) -> c_int)(fp, off, whence) }
}
fn ftell(fp: F) -> c_long {
    // SAFETY: a stream.
    unsafe { f!("_ftell": fn(F) -> c_long)(fp) }
}
fn fdopen(fd: c_int, mode: &str) -> F {
    let m = CString::new(mode).unwrap();
    // SAFETY: a C string.
    unsafe { f!("_fdopen": fn(c_int, S) -> F)(fd, m.as_ptr()) }
}
fn setvbuf(fp: F, mode: c_int, size: usize) -> c_int {
    // SAFETY: a stream; NULL buffer.
    unsafe {
        f!("_setvbuf": fn(F, *mut c_char, c_int, size_t) -> c_int)(fp, null_mut(), mode, size)
    }
}
fn fgets(fp: F, n: usize) -> Option<Vec<u8>> {
    let mut b = vec![0u8; n];
    // SAFETY: a stream and a buffer of `n` bytes.
    let r = unsafe {
        f!("_fgets": fn(*mut c_char, c_int, F) -> *mut c_char)(
            b.as_mut_ptr().cast(),
            n as c_int,
            fp,
        )
    };
    if r.is_null() {
        return None;
    }
    // SAFETY: fgets NUL-terminated the buffer.
    Some(
        unsafe { CStr::from_ptr(b.as_ptr().cast()) }
            .to_bytes()
            .to_vec(),
    )
}
fn feof(fp: F) -> bool {
    // SAFETY: a stream.
    unsafe { f!("_feof": fn(F) -> c_int)(fp) != 0 }
}
fn ferror(fp: F) -> bool {
    // SAFETY: a stream.
    unsafe { f!("_ferror": fn(F) -> c_int)(fp) != 0 }
}

fn tmp_path(tag: &str) -> String {
    let dir = std::env::temp_dir();
    format!(
        "{}/calvados-stdio-{}-{}-{}",
        dir.display(),
        tag,
        std::process::id(),
        rand_u32()
    )
}

fn rand_u32() -> u32 {
    let mut v = 0u32;
    // SAFETY: getrandom writes 4 bytes into `v`.
    unsafe { libc::getrandom((&mut v as *mut u32).cast(), 4, 0) };
    v
}

/// The header's `__sputc`, exactly as the SDK inlines it.
unsafe fn macro_putc(c: c_int, p: F) -> c_int {
    // SAFETY: a live stream.
    unsafe {
        (*p).w -= 1;
        if (*p).w >= 0 || ((*p).w >= (*p).lbfsize && c as c_char != b'\n' as c_char) {
            *(*p).p = c as u8;
            let r = *(*p).p as c_int;
            (*p).p = (*p).p.add(1);
            r
        } else {
            f!("___swbuf": fn(c_int, F) -> c_int)(c, p)
        }
    }
}

/// The header's `__sgetc`.
unsafe fn macro_getc(p: F) -> c_int {
    // SAFETY: a live stream.
    unsafe {
        (*p).r -= 1;
        if (*p).r < 0 {
            f!("___srget": fn(F) -> c_int)(p)
        } else {
            let c = *(*p).p as c_int;
            (*p).p = (*p).p.add(1);
            c
        }
    }
}

/// The invariants `<_stdio.h>` states, which the macros rely on.
unsafe fn check_invariants(fp: F) {
    // SAFETY: a live stream.
    unsafe {
        let fl = (*fp).flags;
        if fl & SRD != 0 {
            assert_eq!((*fp).w, 0, "reading with _w != 0");
            assert_eq!((*fp).lbfsize, 0);
        }
        if fl & SWR != 0 {
            assert_eq!((*fp).r, 0, "writing with _r != 0");
            if !(*fp).bf.base.is_null() {
                let used = (*fp).p.offset_from((*fp).bf.base) as c_int;
                assert!(used >= 0 && used <= (*fp).bf.size);
                if fl & SNBF != 0 {
                    assert_eq!((*fp).w, 0);
                } else if fl & SLBF != 0 {
                    assert_eq!((*fp).lbfsize, -(*fp).bf.size);
                    assert_eq!((*fp).w, -used, "line-buffered _w");
                } else {
                    assert_eq!((*fp).lbfsize, 0);
                    assert!((*fp).w <= (*fp).bf.size - used, "full-buffered _w");
                }
            }
        }
        if fl & (SLBF | SWR) != (SLBF | SWR) {
            assert_eq!((*fp).lbfsize, 0, "_lbfsize outside line-buffered writing");
        }
    }
}

fn pipe() -> (c_int, c_int) {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) };
    assert_eq!(r, 0);
    (fds[0], fds[1])
}

/// What is readable on a non-blocking pipe right now.
fn drain(fd: c_int) -> Vec<u8> {
    let mut out = Vec::new();
    let mut b = [0u8; 4096];
    loop {
        // SAFETY: reading into our buffer.
        let n = unsafe { libc::read(fd, b.as_mut_ptr().cast(), b.len()) };
        if n <= 0 {
            return out;
        }
        out.extend_from_slice(&b[..n as usize]);
    }
}

#[test]
fn std_streams_are_static() {
    let f0 = std_stream(0);
    let f1 = std_stream(1);
    let f2 = std_stream(2);
    // SAFETY: static FILEs, only read.
    unsafe {
        assert_eq!((*f0).file, 0);
        assert_eq!((*f1).file, 1);
        assert_eq!((*f2).file, 2);
        assert!((*f0).flags & SRD != 0);
        assert!((*f1).flags & SWR != 0);
        assert!((*f2).flags & SNBF != 0);
        assert!(!(*f1).extra.is_null());
        assert_eq!((*f1).cookie, f1.cast());
        assert_eq!(f2 as usize - f0 as usize, 2 * 152);
    }
    let e = crate::lookup(b"___stdoutp").unwrap();
    // SAFETY: the data export is the address of a `FILE *` variable.
    assert_eq!(unsafe { *(e.addr() as *const F) }, f1);
    assert_eq!(crate::lookup(b"___sF").unwrap().addr(), f0 as *const ());
    assert_eq!(stdout(), f1);
}

#[test]
fn write_read_seek_file() {
    let path = tmp_path("rw");
    let fp = fopen(&path, "w");
    assert!(!fp.is_null());
    assert_eq!(fwrite(fp, b"hello\nworld\n"), 12);
    assert_eq!(ftell(fp), 12);
    assert_eq!(fclose(fp), 0);

    let fp = fopen(&path, "r");
    assert_eq!(fgets(fp, 100).unwrap(), b"hello\n");
    assert_eq!(ftell(fp), 6);
    assert_eq!(fgetc(fp), b'w' as c_int);
    assert_eq!(ungetc(b'W', fp), b'W' as c_int);
    assert_eq!(ftell(fp), 6);
    assert_eq!(fread(fp, 3), b"Wor");
    assert_eq!(fseek(fp, -2, libc::SEEK_END), 0);
    assert_eq!(fread(fp, 10), b"d\n");
    assert!(feof(fp));
    assert_eq!(fgetc(fp), -1);
    assert_eq!(fseek(fp, 1, libc::SEEK_SET), 0);
    assert!(!feof(fp));
    assert_eq!(fgets(fp, 3).unwrap(), b"el");
    // SAFETY: rewind takes a stream.
    unsafe { f!("_rewind": fn(F) -> ())(fp) };
    assert_eq!(fread(fp, 5), b"hello");
    assert_eq!(fclose(fp), 0);

    // "a" appends; "r+" reads and writes; "x" refuses an existing file.
    let fp = fopen(&path, "a");
    assert_eq!(ftell(fp), 12);
    fwrite(fp, b"!");
    fclose(fp);
    assert!(fopen(&path, "wx").is_null());
    assert_eq!(crate::errno::get(), crate::errno::darwin::EEXIST);
    let fp = fopen(&path, "r+");
    assert_eq!(fread(fp, 5), b"hello");
    assert_eq!(fseek(fp, 0, libc::SEEK_CUR), 0);
    fwrite(fp, b"_");
    assert_eq!(fseek(fp, 0, libc::SEEK_SET), 0);
    assert_eq!(fread(fp, 100), b"hello_world\n!");
    fclose(fp);
    assert!(fopen("/nonexistent/x", "r").is_null());
    assert_eq!(crate::errno::get(), crate::errno::darwin::ENOENT);
    assert!(fopen(&path, "q").is_null());
    assert_eq!(crate::errno::get(), crate::errno::darwin::EINVAL);
    let p = CString::new(path).unwrap();
    // SAFETY: a C string.
    assert_eq!(unsafe { f!("_remove": fn(S) -> c_int)(p.as_ptr()) }, 0);
}

#[test]
fn macros_keep_invariants_on_files() {
    let path = tmp_path("macro");
    let fp = fopen(&path, "w+");
    // SAFETY: a live stream, used as the SDK macros do.
    unsafe {
        check_invariants(fp);
        for i in 0..10_000u32 {
            let c = b'a' + (i % 26) as u8;
            let c = if i % 61 == 60 { b'\n' } else { c };
            assert_eq!(macro_putc(c as c_int, fp), c as c_int);
            check_invariants(fp);
        }
        assert_eq!(fseek(fp, 0, libc::SEEK_SET), 0);
        check_invariants(fp);
        for i in 0..10_000u32 {
            let c = b'a' + (i % 26) as u8;
            let c = if i % 61 == 60 { b'\n' } else { c };
            assert_eq!(macro_getc(fp), c as c_int, "byte {i}");
            check_invariants(fp);
        }
        assert_eq!(macro_getc(fp), -1);
        assert!((*fp).flags & SEOF != 0);
        // ungetc then the macro reads it back, then the rest.
        fseek(fp, 5, libc::SEEK_SET);
        for c in b"XYZ12345".iter().rev() {
            ungetc(*c, fp);
            check_invariants(fp);
        }
        for c in b"XYZ12345" {
            assert_eq!(macro_getc(fp), *c as c_int);
        }
        assert_eq!(macro_getc(fp), b'f' as c_int);
        assert_eq!(ftell(fp), 6);
        // Switching to writing through the macro (after a seek).
        fseek(fp, 0, libc::SEEK_CUR);
        macro_putc(b'#' as c_int, fp);
        check_invariants(fp);
        fseek(fp, 6, libc::SEEK_SET);
        assert_eq!(fgetc(fp), b'#' as c_int);
    }
    fclose(fp);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn line_full_and_unbuffered_on_pipes() {
    // Line buffered: nothing until the newline.
    let (r, w) = pipe();
    let fp = fdopen(w, "w");
    assert_eq!(setvbuf(fp, 1, 0), 0);
    // SAFETY: a live stream.
    unsafe {
        for &c in b"abc" {
            macro_putc(c as c_int, fp);
            check_invariants(fp);
        }
        assert_eq!(drain(r), b"");
        assert_eq!((*fp).w, -3);
        macro_putc(b'\n' as c_int, fp);
        check_invariants(fp);
        assert_eq!(drain(r), b"abc\n");
        fwrite(fp, b"x\ny");
        assert_eq!(drain(r), b"x\n");
        fflush(fp);
        assert_eq!(drain(r), b"y");
        // A line longer than the buffer goes out when the buffer fills.
        let size = (*fp).bf.size as usize;
        for _ in 0..size + 10 {
            macro_putc(b'z' as c_int, fp);
            check_invariants(fp);
        }
        assert_eq!(drain(r).len(), size);
        fflush(fp);
        assert_eq!(drain(r).len(), 10);
    }
    fclose(fp);

    // Fully buffered (the default for a pipe): nothing until full or flushed.
    let (r2, w2) = pipe();
    let fp = fdopen(w2, "w");
    // SAFETY: a live stream.
    unsafe {
        macro_putc(b'q' as c_int, fp);
        check_invariants(fp);
        assert!((*fp).flags & SLBF == 0);
        let size = (*fp).bf.size;
        assert_eq!((*fp).w, size - 1);
        fwrite(fp, b"line\n");
        assert_eq!(drain(r2), b"");
        fflush(fp);
        assert_eq!(drain(r2), b"qline\n");
        check_invariants(fp);
    }
    // Unbuffered: every byte at once.
    assert_eq!(setvbuf(fp, 2, 0), 0);
    // SAFETY: a live stream.
    unsafe {
        macro_putc(b'u' as c_int, fp);
        check_invariants(fp);
        assert_eq!(drain(r2), b"u");
    }
    fclose(fp);
    // SAFETY: closing our read ends.
    unsafe {
        libc::close(r);
        libc::close(r2);
    }
}

#[test]
fn read_from_pipe_and_ftell_espipe() {
    let (r, w) = pipe();
    // SAFETY: writing to our pipe.
    unsafe { libc::write(w, b"12 34\nrest".as_ptr().cast(), 10) };
    // SAFETY: closing our write end.
    unsafe { libc::close(w) };
    let fp = fdopen(r, "r");
    assert_eq!(ftell(fp), -1);
    assert_eq!(crate::errno::get(), libc::ESPIPE);
    let mut a = 0;
    let mut b = 0;
    let fmt = c"%d %d";
    // SAFETY: pointers matching the format.
    let n = unsafe {
        f!("_fscanf": fn(F, S; ...) -> c_int)(
            fp,
            fmt.as_ptr(),
            &mut a as *mut c_int,
            &mut b as *mut c_int,
        )
    };
    assert_eq!((n, a, b), (2, 12, 34));
    assert_eq!(fgetc(fp), b'\n' as c_int);
    assert_eq!(fread(fp, 100), b"rest");
    assert!(feof(fp));
    fclose(fp);
}

struct Cookie {
    data: Vec<u8>,
    pos: usize,
    written: Vec<u8>,
    closed: bool,
}

unsafe extern "C" fn ck_read(c: *mut c_void, buf: *mut c_char, n: c_int) -> c_int {
    // SAFETY: the cookie is our Cookie; `buf` holds `n` bytes.
    unsafe {
        let ck = &mut *c.cast::<Cookie>();
        let k = (n as usize).min(ck.data.len() - ck.pos).min(3);
        core::ptr::copy_nonoverlapping(ck.data.as_ptr().add(ck.pos), buf.cast(), k);
        ck.pos += k;
        k as c_int
    }
}
unsafe extern "C" fn ck_write(c: *mut c_void, buf: *const c_char, n: c_int) -> c_int {
    // SAFETY: as above.
    unsafe {
        let ck = &mut *c.cast::<Cookie>();
        ck.written
            .extend_from_slice(core::slice::from_raw_parts(buf.cast(), n as usize));
        n
    }
}
unsafe extern "C" fn ck_seek(c: *mut c_void, off: FposT, whence: c_int) -> FposT {
    // SAFETY: as above.
    let ck = unsafe { &mut *c.cast::<Cookie>() };
    let base = match whence {
        0 => 0,
        1 => ck.pos as i64,
        _ => ck.data.len() as i64,
    };
    ck.pos = (base + off) as usize;
    ck.pos as FposT
}
unsafe extern "C" fn ck_close(c: *mut c_void) -> c_int {
    // SAFETY: as above.
    unsafe { (*c.cast::<Cookie>()).closed = true };
    0
}

#[test]
fn funopen_callbacks() {
    let mut ck = Cookie {
        data: b"alpha beta\ngamma".to_vec(),
        pos: 0,
        written: Vec::new(),
        closed: false,
    };
    type Open = unsafe extern "C" fn(
        *const c_void,
        Option<ReadFn>,
        Option<WriteFn>,
        Option<SeekFn>,
        Option<CloseFn>,
    ) -> F;
    let funopen: Open = sym("_funopen");
    let ckp = (&mut ck as *mut Cookie).cast::<c_void>();
    // SAFETY: the cookie outlives the stream.
    let fp = unsafe {
        funopen(
            ckp,
            Some(ck_read),
            Some(ck_write),
            Some(ck_seek),
            Some(ck_close),
        )
    };
    assert!(!fp.is_null());
    // SAFETY: a live stream.
    unsafe {
        assert_eq!((*fp).file, -1);
        let fileno = f!("_fileno": fn(F) -> c_int);
        assert_eq!(fileno(fp), -1);
    }
    assert_eq!(fgets(fp, 100).unwrap(), b"alpha beta\n");
    assert_eq!(ftell(fp), 11);
    assert_eq!(fseek(fp, 6, libc::SEEK_SET), 0);
    assert_eq!(fread(fp, 4), b"beta");
    fseek(fp, 0, libc::SEEK_CUR);
    fwrite(fp, b"OUT");
    assert!(ck.written.is_empty(), "buffered until flushed");
    fflush(fp);
    assert_eq!(ck.written, b"OUT");
    fclose(fp);
    assert!(ck.closed);

    // fwopen-style (write only): reading fails with EBADF.
    let mut ck2 = Cookie {
        data: Vec::new(),
        pos: 0,
        written: Vec::new(),
        closed: false,
    };
    let ckp = (&mut ck2 as *mut Cookie).cast::<c_void>();
    // SAFETY: the cookie outlives the stream.
    let fp = unsafe { funopen(ckp, None, Some(ck_write), None, None) };
    assert_eq!(fgetc(fp), -1);
    assert!(ferror(fp));
    fputc(b'k', fp);
    assert_eq!(ftell(fp), -1);
    fclose(fp);
    assert_eq!(ck2.written, b"k");
    // SAFETY: no callbacks at all is an error.
    assert!(unsafe { funopen(null_mut(), None, None, None, None) }.is_null());
}

#[test]
fn fmemopen_semantics() {
    let fmemopen = f!("_fmemopen": fn(*mut c_void, size_t, S) -> F);
    let mut buf = *b"0123456789";
    // SAFETY: `buf` outlives the stream.
    unsafe {
        let fp = fmemopen(buf.as_mut_ptr().cast(), 10, c"r".as_ptr());
        assert_eq!(fread(fp, 4), b"0123");
        assert_eq!(fseek(fp, -2, libc::SEEK_END), 0);
        assert_eq!(fread(fp, 5), b"89");
        assert!(feof(fp));
        fclose(fp);

        let fp = fmemopen(buf.as_mut_ptr().cast(), 10, c"w".as_ptr());
        assert_eq!(buf[0], 0);
        assert_eq!(fwrite(fp, b"abc"), 3);
        // Unbuffered, as on darwin: already in the buffer, NUL-terminated.
        assert_eq!(&buf[..4], b"abc\0");
        assert_eq!(fwrite(fp, b"defghijklm"), 7);
        assert!(ferror(fp));
        assert_eq!(&buf, b"abcdefghij");
        fclose(fp);

        let mut b2 = *b"hi\0xxxxxxx";
        let fp = fmemopen(b2.as_mut_ptr().cast(), 10, c"a".as_ptr());
        assert_eq!(ftell(fp), 2);
        fwrite(fp, b"!!");
        assert_eq!(&b2[..5], b"hi!!\0");
        fclose(fp);

        let fp = fmemopen(null_mut(), 16, c"w+".as_ptr());
        fwrite(fp, b"scratch");
        fseek(fp, 0, libc::SEEK_SET);
        assert_eq!(fread(fp, 100), b"scratch");
        fclose(fp);
        assert!(fmemopen(null_mut(), 16, c"r".as_ptr()).is_null());
        assert!(fmemopen(buf.as_mut_ptr().cast(), 0, c"r".as_ptr()).is_null());
    }
}

#[test]
fn open_memstream_semantics() {
    let oms = f!("_open_memstream": fn(*mut *mut c_char, *mut size_t) -> F);
    let mut p: *mut c_char = null_mut();
    let mut n: size_t = 99;
    // SAFETY: `p` and `n` outlive the stream.
    unsafe {
        let fp = oms(&mut p, &mut n);
        assert!(!fp.is_null());
        assert_eq!(n, 0);
        assert_eq!(*p, 0);
        fwrite(fp, b"hello");
        fflush(fp);
        assert_eq!(n, 5);
        assert_eq!(CStr::from_ptr(p).to_bytes(), b"hello");
        let big = vec![b'x'; 100_000];
        fwrite(fp, &big);
        fflush(fp);
        assert_eq!(n, 100_005);
        fseek(fp, 2, libc::SEEK_SET);
        fwrite(fp, b"L");
        fflush(fp);
        assert_eq!(n, 3);
        assert_eq!(&CStr::from_ptr(p).to_bytes()[..5], b"heLlo");
        fwrite(fp, b"-");
        fclose(fp);
        // The size is the position (darwin never truncates the data).
        assert_eq!(n, 4);
        assert_eq!(&CStr::from_ptr(p).to_bytes()[..6], b"heL-ox");
        assert_eq!(CStr::from_ptr(p).to_bytes().len(), 100_005);
        // darwin's SEEK_END is relative to the allocation, which grows by
        // half each time (so it is at least the data's length).
        libc::free(p.cast());
        let fp = oms(&mut p, &mut n);
        fwrite(fp, &big);
        fseek(fp, 0, libc::SEEK_END);
        fclose(fp);
        assert!(n >= 100_000);
        libc::free(p.cast());
    }
}

#[test]
fn ungetc_many_and_ftell() {
    let path = tmp_path("unget");
    std::fs::write(&path, b"abcdef").unwrap();
    let fp = fopen(&path, "r");
    assert_eq!(fgetc(fp), b'a' as c_int);
    // More than `_ubuf` holds: the pushback buffer grows.
    let push: Vec<u8> = (0..2000).map(|i| b'A' + (i % 26) as u8).collect();
    for &c in push.iter().rev() {
        assert_eq!(ungetc(c, fp), c as c_int);
    }
    assert_eq!(fread(fp, 2000), push);
    assert_eq!(fread(fp, 10), b"bcdef");
    // Pushback past the start of the file: the position is an error.
    fseek(fp, 0, libc::SEEK_SET);
    ungetc(b'z', fp);
    assert_eq!(ftell(fp), -1);
    assert_eq!(fgetc(fp), b'z' as c_int);
    assert_eq!(fgetc(fp), b'a' as c_int);
    assert_eq!(ungetc(0xff, fp), 0xff);
    assert_eq!(fgetc(fp), 0xff);
    // ungetc clears EOF.
    fseek(fp, 0, libc::SEEK_END);
    assert_eq!(fgetc(fp), -1);
    assert!(feof(fp));
    ungetc(b'q', fp);
    assert!(!feof(fp));
    assert_eq!(fgetc(fp), b'q' as c_int);
    // SAFETY: EOF is never pushed.
    assert_eq!(unsafe { f!("_ungetc": fn(c_int, F) -> c_int)(-1, fp) }, -1);
    fclose(fp);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn getline_getdelim_fgetln() {
    let path = tmp_path("lines");
    let mut text = b"first\n\nthird line is long ".to_vec();
    text.extend(std::iter::repeat_n(b'z', 10_000));
    text.extend_from_slice(b"\nlast");
    std::fs::write(&path, &text).unwrap();
    let getline = f!("_getline": fn(*mut *mut c_char, *mut size_t, F) -> ssize_t);
    let getdelim = f!("_getdelim": fn(*mut *mut c_char, *mut size_t, c_int, F) -> ssize_t);
    let fgetln = f!("_fgetln": fn(F, *mut size_t) -> *mut c_char);
    let fp = fopen(&path, "r");
    let mut line: *mut c_char = null_mut();
    let mut cap: size_t = 0;
    // SAFETY: our pointers; the buffer is malloc'd by getline.
    unsafe {
        assert_eq!(getline(&mut line, &mut cap, fp), 6);
        assert_eq!(CStr::from_ptr(line).to_bytes(), b"first\n");
        assert_eq!(getline(&mut line, &mut cap, fp), 1);
        let n = getline(&mut line, &mut cap, fp);
        assert_eq!(n as usize, 10_000 + 20);
        assert!(cap > n as usize);
        assert_eq!(getdelim(&mut line, &mut cap, b's' as c_int, fp), 3);
        assert_eq!(CStr::from_ptr(line).to_bytes(), b"las");
        assert_eq!(getline(&mut line, &mut cap, fp), 1);
        assert_eq!(getline(&mut line, &mut cap, fp), -1);
        assert_eq!(*line, 0);
        libc::free(line.cast());

        fseek(fp, 0, libc::SEEK_SET);
        let mut len = 0;
        let l = fgetln(fp, &mut len);
        assert_eq!(core::slice::from_raw_parts(l.cast::<u8>(), len), b"first\n");
        let l = fgetln(fp, &mut len);
        assert_eq!(core::slice::from_raw_parts(l.cast::<u8>(), len), b"\n");
        let l = fgetln(fp, &mut len);
        assert_eq!(len, 10_020);
        assert_eq!(*l.add(len - 1), b'\n' as c_char);
        let l = fgetln(fp, &mut len);
        assert_eq!(core::slice::from_raw_parts(l.cast::<u8>(), len), b"last");
        assert!(fgetln(fp, &mut len).is_null());
        assert_eq!(len, 0);
    }
    fclose(fp);
    std::fs::remove_file(path).unwrap();
}

/// Scans through our `sscanf` export.
macro_rules! sscan {
    ($s:expr, $fmt:expr $(, $a:expr)*) => {{
        let sscanf = f!("_sscanf": fn(S, S; ...) -> c_int);
        // SAFETY: pointers matching the format.
        unsafe { sscanf($s.as_ptr(), $fmt.as_ptr() $(, $a)*) }
    }};
}

/// Formats through our `snprintf` export.
macro_rules! ours {
    ($fmt:expr $(, $a:expr)*) => {{
        let mut b = [0u8; 512];
        let snprintf = f!("_snprintf": fn(*mut c_char, size_t, S; ...) -> c_int);
        // SAFETY: arguments matching the format.
        let n = unsafe { snprintf(b.as_mut_ptr().cast(), b.len(), $fmt.as_ptr() $(, $a)*) };
        assert!(n >= 0 && (n as usize) < b.len(), "{:?} -> {n}", $fmt);
        String::from_utf8_lossy(&b[..n as usize]).into_owned()
    }};
}

/// Formats through glibc.
macro_rules! glibc {
    ($fmt:expr $(, $a:expr)*) => {{
        let mut b = [0u8; 512];
        // SAFETY: arguments matching the format.
        let n = unsafe { libc::snprintf(b.as_mut_ptr().cast(), b.len(), $fmt.as_ptr() $(, $a)*) };
        String::from_utf8_lossy(&b[..n as usize]).into_owned()
    }};
}

macro_rules! same {
    ($fmt:expr $(, $a:expr)*) => {{
        assert_eq!(ours!($fmt $(, $a)*), glibc!($fmt $(, $a)*), "format {:?}", $fmt);
    }};
}

#[test]
fn printf_matches_glibc_where_darwin_agrees() {
    same!(c"plain");
    same!(
        c"%d|%5d|%-5d|%05d|%+d|% d|%.3d|%d",
        42,
        42,
        42,
        42,
        42,
        42,
        7,
        -2147483648i32
    );
    same!(
        c"%i %u %o %x %X %#o %#x %#X",
        -1,
        3000000000u32,
        8,
        255,
        255,
        8,
        255,
        255
    );
    same!(
        c"%hhd %hd %ld %lld %qd %jd %zd %td",
        300,
        70000,
        -5i64,
        i64::MIN,
        7i64,
        9i64,
        11isize,
        -3isize
    );
    same!(
        c"%hhu %hu %lu %llu %zu %lx %llX",
        300,
        70000,
        u64::MAX,
        u64::MAX,
        usize::MAX,
        0xdeadbeefu64,
        0xabcdefu64
    );
    same!(
        c"%c%c%5c%-3c|",
        b'a' as c_int,
        b'b' as c_int,
        b'c' as c_int,
        b'd' as c_int
    );
    same!(
        c"%s|%10s|%-10s|%.2s|%10.3s|",
        c"str".as_ptr(),
        c"right".as_ptr(),
        c"left".as_ptr(),
        c"cut".as_ptr(),
        c"abcdef".as_ptr()
    );
    same!(
        c"%f %e %g %a %E %G %A",
        3.25159,
        31415.9,
        0.0001234,
        1.5,
        2.5e-10,
        1e20,
        255.0
    );
    same!(
        c"%.0f %.10f %10.2f %-10.2f| %+f %#g %#.0f",
        2.5,
        1.0 / 3.0,
        -3.25159,
        2.61828,
        1.0,
        1.0,
        3.0
    );
    same!(
        c"%g %g %g %g %.3g %10.4e",
        100000.0,
        1000000.0,
        1e-5,
        0.0,
        1234567.0,
        -0.000123
    );
    same!(c"%f %e %F", f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY);
    same!(
        c"%*d|%-*d|%.*f|%*.*s|",
        6,
        1,
        6,
        2,
        3,
        1.23456,
        8,
        2,
        c"xyz".as_ptr()
    );
    same!(c"%2$s %1$s %2$s", c"world".as_ptr(), c"hello".as_ptr());
    same!(c"%1$*2$d|%3$.*4$f", 5, 8, 2.5, 3);
    same!(c"100%% %s", c"done".as_ptr());
    same!(
        c"%lc %ls",
        b'A' as c_int,
        [b'w' as u32, b'i' as u32, 0].as_ptr()
    );
    same!(c"%#.0o %.0d %.0x|", 0, 0, 0);
    same!(c"%'d", 1234567);
}

#[test]
fn printf_darwin_differences() {
    assert_eq!(ours!(c"%p", null_mut::<c_void>()), "0x0");
    assert_eq!(ours!(c"%p", 0x1234usize as *mut c_void), "0x1234");
    assert_eq!(ours!(c"[%10p]", 0xabcusize as *mut c_void), "[     0xabc]");
    assert_eq!(ours!(c"[%-8p]", 0xabcusize as *mut c_void), "[0xabc   ]");
    assert_eq!(ours!(c"[%08p]", 0xabcusize as *mut c_void), "[0x000abc]");
    assert_eq!(ours!(c"[%.6p]", 0xabcusize as *mut c_void), "[0x000abc]");
    assert_eq!(
        ours!(c"%f %f %+f %e", f64::NAN, -f64::NAN, -f64::NAN, -f64::NAN),
        "nan nan nan nan"
    );
    assert_eq!(ours!(c"%F %5G|", -f64::NAN, f64::NAN), "NAN   NAN|");
    assert_eq!(
        ours!(
            c"%s|%.3s|%8s",
            null_mut::<c_char>(),
            null_mut::<c_char>(),
            null_mut::<c_char>()
        ),
        "(null)|(nu|  (null)"
    );
    assert_eq!(ours!(c"%D %O %U", -5i64, 8i64, 7u64), "-5 10 7");
    assert_eq!(ours!(c"%y|%5k|%-3%|"), "y|    k|%  |");
    assert_eq!(
        ours!(
            c"%C%S",
            b'Z' as c_int,
            [b'o' as u32, b'k' as u32, 0].as_ptr()
        ),
        "Zok"
    );
    let mut n1: c_int = 0;
    let mut n2: i8 = 0;
    let mut n3: i64 = 0;
    assert_eq!(
        ours!(
            c"abc%n%5d%hhn%s%lln",
            &mut n1 as *mut c_int,
            1,
            &mut n2 as *mut i8,
            c"xy".as_ptr(),
            &mut n3 as *mut i64
        ),
        "abc    1xy"
    );
    assert_eq!((n1, n2, n3), (3, 8, 10));
    // Truncation and the return value.
    let snprintf = f!("_snprintf": fn(*mut c_char, size_t, S; ...) -> c_int);
    let mut b = [b'#'; 8];
    // SAFETY: an 8-byte buffer; the format takes one int.
    let n = unsafe { snprintf(b.as_mut_ptr().cast(), 4, c"%d".as_ptr(), 123456) };
    assert_eq!(n, 6);
    assert_eq!(&b[..5], b"123\0#");
    // SAFETY: size 0 writes nothing.
    let n = unsafe { snprintf(null_mut(), 0, c"%s".as_ptr(), c"abc".as_ptr()) };
    assert_eq!(n, 3);
}

/// An x87 long double's 16 bytes from a mantissa and sign/exponent.
fn ld(mant: u64, sexp: u16) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&mant.to_le_bytes());
    b[8..10].copy_from_slice(&sexp.to_le_bytes());
    b
}

/// A `va_list` whose arguments all sit in the overflow area (as after
/// six integer and eight vector registers' worth of named arguments).
#[repr(C, align(16))]
struct Overflow([u8; 256]);

#[test]
fn printf_long_double_and_big_output() {
    // 2.5L then the int 7: 16-byte aligned long double, then 8 bytes.
    let mut area = Overflow([0; 256]);
    area.0[..16].copy_from_slice(&ld(0xA000_0000_0000_0000, 0x4000));
    area.0[16..24].copy_from_slice(&7u64.to_le_bytes());
    area.0[32..48].copy_from_slice(&ld(0xC000_0000_0000_0000, 0xffff)); // -nan
    #[repr(C)]
    struct Tag(u32, u32, *mut u8, *mut u8);
    let mut tag = Tag(48, 176, area.0.as_mut_ptr(), null_mut());
    let mut b = [0u8; 64];
    // SAFETY: the tag describes the arguments laid out above.
    let n = unsafe {
        printf::calvados_stdio_vsnprintf(
            b.as_mut_ptr().cast(),
            64,
            c"%Lf %d %Lg".as_ptr(),
            (&mut tag as *mut Tag).cast(),
        )
    };
    assert_eq!(&b[..n as usize], b"2.500000 7 nan");

    // scanf's %Lf stores the same bytes.
    let mut out = [0u8; 16];
    assert_eq!(sscan!(c"2.5", c"%Lf", out.as_mut_ptr()), 1);
    assert_eq!(out[..10], ld(0xA000_0000_0000_0000, 0x4000)[..10]);

    let asprintf = f!("_asprintf": fn(*mut *mut c_char, S; ...) -> c_int);
    let big = CString::new(vec![b'q'; 100_000]).unwrap();
    let mut p: *mut c_char = null_mut();
    // SAFETY: our pointer; the format takes two strings.
    unsafe {
        let n = asprintf(&mut p, c"[%s|%s]".as_ptr(), big.as_ptr(), c"end".as_ptr());
        assert_eq!(n, 100_006);
        let s = CStr::from_ptr(p).to_bytes();
        assert_eq!(s.len(), 100_006);
        assert!(s.ends_with(b"q|end]"));
        libc::free(p.cast());
    }
}

#[test]
fn scanf_conversions() {
    let (mut a, mut b, mut c) = (0 as c_int, 0 as c_int, 0 as c_int);
    assert_eq!(
        sscan!(
            c"  12 -34 +5",
            c"%d%d%d",
            &mut a as *mut c_int,
            &mut b as *mut c_int,
            &mut c as *mut c_int
        ),
        3
    );
    assert_eq!((a, b, c), (12, -34, 5));
    assert_eq!(
        sscan!(
            c"0x1f 017 99",
            c"%i %i %i",
            &mut a as *mut c_int,
            &mut b as *mut c_int,
            &mut c as *mut c_int
        ),
        3
    );
    assert_eq!((a, b, c), (31, 15, 99));
    let (mut u, mut x, mut o) = (0u32, 0u32, 0u32);
    assert_eq!(
        sscan!(
            c"4000000000 ff 777",
            c"%u %x %o",
            &mut u as *mut u32,
            &mut x as *mut u32,
            &mut o as *mut u32
        ),
        3
    );
    assert_eq!((u, x, o), (4_000_000_000, 255, 511));
    let (mut hh, mut h, mut l, mut ll, mut z) = (0i8, 0i16, 0i64, 0i64, 0usize);
    assert_eq!(
        sscan!(
            c"1 2 3 4 5",
            c"%hhd %hd %ld %lld %zu",
            &mut hh as *mut i8,
            &mut h as *mut i16,
            &mut l as *mut i64,
            &mut ll as *mut i64,
            &mut z as *mut usize
        ),
        5
    );
    assert_eq!((hh, h, l, ll, z), (1, 2, 3, 4, 5));
    let (mut fl, mut d) = (0f32, 0f64);
    assert_eq!(
        sscan!(
            c"1.5 -2.5e3",
            c"%f %lf",
            &mut fl as *mut f32,
            &mut d as *mut f64
        ),
        2
    );
    assert_eq!((fl, d), (1.5, -2500.0));
    assert_eq!(
        sscan!(
            c"inf nan 0x1.8p1",
            c"%lf %*lf %lf",
            &mut d as *mut f64,
            &mut d as *mut f64
        ),
        2
    );
    assert_eq!(d, 3.0);
    let mut s1 = [0u8; 16];
    let mut s2 = [0u8; 16];
    let mut ch = [0u8; 4];
    assert_eq!(
        sscan!(
            c"hello   world!xyz",
            c"%s %5s%3c",
            s1.as_mut_ptr(),
            s2.as_mut_ptr(),
            ch.as_mut_ptr()
        ),
        3
    );
    assert_eq!(&s1[..6], b"hello\0");
    assert_eq!(&s2[..6], b"world\0");
    assert_eq!(&ch[..3], b"!xy");
    assert_eq!(
        sscan!(
            c"abc123def",
            c"%[a-c]%[^e]",
            s1.as_mut_ptr(),
            s2.as_mut_ptr()
        ),
        2
    );
    assert_eq!(&s1[..4], b"abc\0");
    assert_eq!(&s2[..5], b"123d\0");
    assert_eq!(sscan!(c"]-x", c"%[]-]", s1.as_mut_ptr()), 1);
    assert_eq!(&s1[..3], b"]-\0");
    let mut n = 0 as c_int;
    assert_eq!(
        sscan!(
            c"  42  rest",
            c"%d %n",
            &mut a as *mut c_int,
            &mut n as *mut c_int
        ),
        1
    );
    assert_eq!(n, 6);
    assert_eq!(
        sscan!(
            c"7%8",
            c"%d%%%d",
            &mut a as *mut c_int,
            &mut b as *mut c_int
        ),
        2
    );
    assert_eq!((a, b), (7, 8));
    // Width, suppression, literal mismatch, input failure.
    assert_eq!(
        sscan!(
            c"123456",
            c"%2d%*2d%d",
            &mut a as *mut c_int,
            &mut b as *mut c_int
        ),
        2
    );
    assert_eq!((a, b), (12, 56));
    assert_eq!(
        sscan!(c"5x6", c"%d,%d", &mut a as *mut c_int, &mut b as *mut c_int),
        1
    );
    assert_eq!(sscan!(c"", c"%d", &mut a as *mut c_int), -1);
    assert_eq!(sscan!(c"   ", c"%d", &mut a as *mut c_int), -1);
    assert_eq!(sscan!(c"x", c"%d", &mut a as *mut c_int), 0);
    assert_eq!(sscan!(c"-", c"%d", &mut a as *mut c_int), 0);
    // Positional.
    assert_eq!(
        sscan!(
            c"1 2",
            c"%2$d %1$d",
            &mut a as *mut c_int,
            &mut b as *mut c_int
        ),
        2
    );
    assert_eq!((a, b), (2, 1));
    let mut p: *mut c_void = null_mut();
    assert_eq!(sscan!(c"0x7fff1234", c"%p", &mut p as *mut *mut c_void), 1);
    assert_eq!(p as usize, 0x7fff1234);
    let mut w = [0u32; 4];
    assert_eq!(sscan!(c"hi", c"%ls", w.as_mut_ptr()), 1);
    assert_eq!(w[..3], [b'h' as u32, b'i' as u32, 0]);
}

/// `fscanf` on a file leaves exactly the bytes a conversion did not take.
#[test]
fn fscanf_pushback_is_exact() {
    let path = tmp_path("scan");
    std::fs::write(&path, b"123abc 0xg 1e+z 0x 7.5e-1x -\n").unwrap();
    let fp = fopen(&path, "r");
    let fscanf = f!("_fscanf": fn(F, S; ...) -> c_int);
    let (mut a, mut x) = (0 as c_int, 0u32);
    let mut d = 0f64;
    // SAFETY: pointers matching the formats.
    unsafe {
        assert_eq!(fscanf(fp, c"%d".as_ptr(), &mut a as *mut c_int), 1);
        assert_eq!(a, 123);
        assert_eq!(fgetc(fp), b'a' as c_int);
        assert_eq!(fscanf(fp, c"%*s %x".as_ptr(), &mut x as *mut u32), 1);
        assert_eq!(x, 0);
        assert_eq!(fgetc(fp), b'x' as c_int);
        assert_eq!(fgetc(fp), b'g' as c_int);
        assert_eq!(fscanf(fp, c"%lf".as_ptr(), &mut d as *mut f64), 1);
        assert_eq!(d, 1.0);
        assert_eq!(fread(fp, 2), b"e+");
        assert_eq!(fgetc(fp), b'z' as c_int);
        assert_eq!(fscanf(fp, c"%i".as_ptr(), &mut a as *mut c_int), 1);
        assert_eq!(a, 0);
        assert_eq!(fgetc(fp), b'x' as c_int);
        assert_eq!(fscanf(fp, c"%lf".as_ptr(), &mut d as *mut f64), 1);
        assert_eq!(d, 0.75);
        assert_eq!(fgetc(fp), b'x' as c_int);
        assert_eq!(fscanf(fp, c"%d".as_ptr(), &mut a as *mut c_int), 0);
        assert_eq!(fgetc(fp), b'-' as c_int);
        assert_eq!(fscanf(fp, c"%d".as_ptr(), &mut a as *mut c_int), -1);
        assert!(feof(fp));
    }
    fclose(fp);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn freopen_tmpfile_popen() {
    let path = tmp_path("reopen");
    let fp = fopen(&path, "w");
    fwrite(fp, b"one");
    let freopen = f!("_freopen": fn(S, S, F) -> F);
    let p = CString::new(path.clone()).unwrap();
    // SAFETY: C strings and our stream.
    let fp2 = unsafe { freopen(p.as_ptr(), c"r".as_ptr(), fp) };
    assert_eq!(fp2, fp);
    assert_eq!(fread(fp, 10), b"one");
    // Mode change in place (NULL path).
    // SAFETY: as above.
    let fp3 = unsafe { freopen(core::ptr::null(), c"r".as_ptr(), fp) };
    assert_eq!(fp3, fp);
    assert_eq!(fread(fp, 10), b"one");
    fclose(fp);
    std::fs::remove_file(path).unwrap();

    // SAFETY: tmpfile takes nothing.
    let t = unsafe { f!("_tmpfile": fn() -> F)() };
    assert!(!t.is_null());
    fwrite(t, b"scratch data");
    fseek(t, 8, libc::SEEK_SET);
    assert_eq!(fread(t, 10), b"data");
    fclose(t);

    let popen = f!("_popen": fn(S, S) -> F);
    let pclose = f!("_pclose": fn(F) -> c_int);
    // SAFETY: C strings; the stream comes from popen.
    unsafe {
        let fp = popen(c"echo from-sh; exit 3".as_ptr(), c"r".as_ptr());
        assert!(!fp.is_null());
        assert_eq!(fgets(fp, 100).unwrap(), b"from-sh\n");
        let st = pclose(fp);
        assert!(libc::WIFEXITED(st));
        assert_eq!(libc::WEXITSTATUS(st), 3);
        let out = tmp_path("popen");
        let cmd = CString::new(format!("cat > {out}")).unwrap();
        let fp = popen(cmd.as_ptr(), c"w".as_ptr());
        fwrite(fp, b"piped\n");
        assert_eq!(pclose(fp), 0);
        assert_eq!(std::fs::read(&out).unwrap(), b"piped\n");
        std::fs::remove_file(out).unwrap();
        assert_eq!(pclose(fp), -1);
    }
}

#[test]
fn fflush_null_and_exit_flush_reach_every_stream() {
    let (r, w) = pipe();
    let fp = fdopen(w, "w");
    fwrite(fp, b"pending");
    assert_eq!(drain(r), b"");
    assert_eq!(fflush(null_mut()), 0);
    assert_eq!(drain(r), b"pending");
    fwrite(fp, b"more");
    flush_all();
    assert_eq!(drain(r), b"more");
    fclose(fp);
    // A closed slot is reused.
    let fp2 = fdopen(pipe().1, "w");
    assert!(!fp2.is_null());
    fclose(fp2);
    // SAFETY: closing our read end.
    unsafe { libc::close(r) };
}

#[test]
fn locking_keeps_lines_whole() {
    let (r, w) = pipe();
    // SAFETY: make both ends blocking.
    unsafe {
        libc::fcntl(r, libc::F_SETFL, 0);
        libc::fcntl(w, libc::F_SETFL, 0);
    }
    let fp = fdopen(w, "w") as usize;
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut b = [0u8; 4096];
        loop {
            // SAFETY: reading into our buffer.
            let n = unsafe { libc::read(r, b.as_mut_ptr().cast(), b.len()) };
            if n <= 0 {
                break;
            }
            all.extend_from_slice(&b[..n as usize]);
        }
        // SAFETY: our descriptor.
        unsafe { libc::close(r) };
        all
    });
    let writers: Vec<_> = (0..4)
        .map(|t| {
            std::thread::spawn(move || {
                let fp = fp as F;
                let flock = f!("_flockfile": fn(F) -> ());
                let funlock = f!("_funlockfile": fn(F) -> ());
                for i in 0..500 {
                    let line = format!("thread {t} line {i} {}\n", "x".repeat(i % 50));
                    if i % 2 == 0 {
                        fwrite(fp, line.as_bytes());
                    } else {
                        // SAFETY: a live stream, locked around the macro loop.
                        unsafe {
                            flock(fp);
                            for c in line.bytes() {
                                macro_putc(c as c_int, fp);
                            }
                            funlock(fp);
                        }
                    }
                }
            })
        })
        .collect();
    for h in writers {
        h.join().unwrap();
    }
    fclose(fp as F);
    let all = reader.join().unwrap();
    let text = String::from_utf8(all).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2000);
    for l in lines {
        let parts: Vec<&str> = l.split(' ').collect();
        assert_eq!(parts.len(), 5, "torn line {l:?}");
        let i: usize = parts[3].parse().unwrap();
        assert_eq!(parts[4].len(), i % 50);
    }
}

#[test]
fn setvbuf_and_fpurge() {
    let (r, w) = pipe();
    let fp = fdopen(w, "w");
    let mut mine = [0u8; 16];
    let sv = f!("_setvbuf": fn(F, *mut c_char, c_int, size_t) -> c_int);
    // SAFETY: `mine` outlives the stream's use of it (flushed before return).
    unsafe {
        assert_eq!(sv(fp, mine.as_mut_ptr().cast(), 0, 16), 0);
        assert_eq!((*fp).bf.base, mine.as_mut_ptr());
        fwrite(fp, b"0123456789");
        check_invariants(fp);
        assert_eq!(drain(r), b"");
        fwrite(fp, b"abcdefghij");
        assert_eq!(drain(r), b"0123456789abcdef");
        assert_eq!(f!("_fpurge": fn(F) -> c_int)(fp), 0);
        fflush(fp);
        assert_eq!(drain(r), b"");
        assert_eq!(sv(fp, null_mut(), 7, 0), -1);
    }
    fclose(fp);
    // SAFETY: our descriptor.
    unsafe { libc::close(r) };
}
