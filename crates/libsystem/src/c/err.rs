//! `err`/`warn` family (`<err.h>`), writing to our own darwin `stderr`.
//!
//! darwin's format: `progname: message: strerror(code)\n` (`err`, `warn`,
//! `errc`, `warnc`), or `progname: message\n` (the `x` forms); a NULL
//! format leaves out the message and its `": "`. The program name is
//! `getprogname()`. Like darwin, control characters produced by the
//! format (other than tab and newline) are written visibly: `\a \b \v \f
//! \r` as such, the others as `\ooo`. `err_set_file` redirects the output
//! (NULL: back to `stderr`), `err_set_exit` installs a function that the
//! `err*` forms call with the exit status before `exit`. The block variant
//! `err_set_exit_b` needs a blocks runtime and is not provided.
//!
//! The `...` entry points are C shims (`csrc/text_shims.c`).

use crate::c::stdio::buffer::{write_bytes, Locked};
use crate::c::stdio::FILE;
use core::sync::atomic::{AtomicPtr, Ordering};
use libc::{c_char, c_int, c_void};

/// `err_set_file`'s stream (NULL: the current `stderr`).
static ERR_FILE: AtomicPtr<FILE> = AtomicPtr::new(core::ptr::null_mut());
/// `err_set_exit`'s function (NULL: none).
static ERR_EXIT: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());

/// `getprogname()`, through the export table (it lives in `stdlib`).
pub(crate) fn progname() -> Vec<u8> {
    let Some(e) = crate::export::lookup(b"_getprogname") else {
        return Vec::new();
    };
    // SAFETY: `_getprogname` is our `extern "C" fn() -> *const c_char`.
    unsafe {
        let f: extern "C" fn() -> *const c_char = core::mem::transmute(e.addr());
        let p = f();
        if p.is_null() {
            Vec::new()
        } else {
            core::ffi::CStr::from_ptr(p).to_bytes().to_vec()
        }
    }
}

/// darwin's `strerror(code)` text.
pub(crate) fn strerror_bytes(code: c_int) -> Vec<u8> {
    let p = crate::c::string::strerror(code);
    // SAFETY: strerror returns a C string.
    unsafe { core::ffi::CStr::from_ptr(p).to_bytes().to_vec() }
}

/// Appends `msg` with control characters made visible, as darwin's err
/// functions print the formatted message.
fn push_visible(out: &mut Vec<u8>, msg: &[u8]) {
    for &b in msg {
        match b {
            7 => out.extend_from_slice(b"\\a"),
            8 => out.extend_from_slice(b"\\b"),
            0x0b => out.extend_from_slice(b"\\v"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            1..=0x1f if b != b'\t' && b != b'\n' => {
                out.extend_from_slice(format!("\\{b:03o}").as_bytes());
            }
            _ => out.push(b),
        }
    }
}

/// Builds and writes one message; `code` adds `": strerror(code)"`.
unsafe fn emit(code: Option<c_int>, fmt: *const c_char, ap: *mut c_void) {
    let mut out = progname();
    out.extend_from_slice(b": ");
    if !fmt.is_null() {
        let mut msg = Vec::new();
        // SAFETY: the program's format and va_list. On a format error the
        // partial text is still printed, as vfprintf would.
        let _ = unsafe { crate::c::stdio::printf::vformat(fmt, ap, &mut msg) };
        push_visible(&mut out, &msg);
        if code.is_some() {
            out.extend_from_slice(b": ");
        }
    }
    if let Some(code) = code {
        out.extend_from_slice(&strerror_bytes(code));
    }
    out.push(b'\n');
    write_out(&out);
}

/// Writes a finished message to the `err_set_file` stream or `stderr`.
fn write_out(out: &[u8]) {
    let mut fp = ERR_FILE.load(Ordering::Acquire);
    if fp.is_null() {
        fp = crate::c::stdio::stderr();
    }
    // SAFETY: `fp` is the program's stream (or our stderr).
    unsafe {
        if let Some(_g) = Locked::new(fp) {
            write_bytes(fp, out);
        }
    }
}

/// `warnx("%s", msg)`, for our own messages (`getopt_long`).
pub(crate) fn warnx_bytes(msg: &[u8]) {
    let mut out = progname();
    out.extend_from_slice(b": ");
    push_visible(&mut out, msg);
    out.push(b'\n');
    write_out(&out);
}

/// The `err*` ending: the exit hook, then `exit(eval)`.
fn finish(eval: c_int) -> ! {
    let f = ERR_EXIT.load(Ordering::Acquire);
    if !f.is_null() {
        // SAFETY: set by err_set_exit from a `void (*)(int)`.
        let f: extern "C" fn(c_int) = unsafe { core::mem::transmute(f) };
        f(eval);
    }
    crate::c::exit::exit(eval)
}

/// `verr(eval, fmt, ap)`.
#[no_mangle]
pub(crate) unsafe extern "C" fn calvados_err_verr(
    eval: c_int,
    fmt: *const c_char,
    ap: *mut c_void,
) -> ! {
    let code = crate::errno::get();
    // SAFETY: forwarded.
    unsafe { emit(Some(code), fmt, ap) };
    finish(eval)
}

/// `verrc(eval, code, fmt, ap)`.
#[no_mangle]
pub(crate) unsafe extern "C" fn calvados_err_verrc(
    eval: c_int,
    code: c_int,
    fmt: *const c_char,
    ap: *mut c_void,
) -> ! {
    // SAFETY: forwarded.
    unsafe { emit(Some(code), fmt, ap) };
    finish(eval)
}

/// `verrx(eval, fmt, ap)`.
#[no_mangle]
pub(crate) unsafe extern "C" fn calvados_err_verrx(
    eval: c_int,
    fmt: *const c_char,
    ap: *mut c_void,
) -> ! {
    // SAFETY: forwarded.
    unsafe { emit(None, fmt, ap) };
    finish(eval)
}

/// `vwarn(fmt, ap)`.
#[no_mangle]
pub(crate) unsafe extern "C" fn calvados_err_vwarn(fmt: *const c_char, ap: *mut c_void) {
    let code = crate::errno::get();
    // SAFETY: forwarded.
    unsafe { emit(Some(code), fmt, ap) }
}

/// `vwarnc(code, fmt, ap)`.
#[no_mangle]
pub(crate) unsafe extern "C" fn calvados_err_vwarnc(
    code: c_int,
    fmt: *const c_char,
    ap: *mut c_void,
) {
    // SAFETY: forwarded.
    unsafe { emit(Some(code), fmt, ap) }
}

/// `vwarnx(fmt, ap)`.
#[no_mangle]
pub(crate) unsafe extern "C" fn calvados_err_vwarnx(fmt: *const c_char, ap: *mut c_void) {
    // SAFETY: forwarded.
    unsafe { emit(None, fmt, ap) }
}

/// `err_set_file(fp)`: NULL means the current `stderr`.
unsafe extern "C" fn err_set_file(fp: *mut c_void) {
    let fp = if fp.is_null() {
        crate::c::stdio::stderr()
    } else {
        fp.cast()
    };
    ERR_FILE.store(fp, Ordering::Release);
}

/// `err_set_exit(f)`: NULL removes the hook.
unsafe extern "C" fn err_set_exit(f: Option<extern "C" fn(c_int)>) {
    let p = f.map_or(core::ptr::null_mut(), |f| f as *mut c_void);
    ERR_EXIT.store(p, Ordering::Release);
}

extern "C" {
    fn cvd_err(eval: c_int, fmt: *const c_char, ...);
    fn cvd_errc(eval: c_int, code: c_int, fmt: *const c_char, ...);
    fn cvd_errx(eval: c_int, fmt: *const c_char, ...);
    fn cvd_warn(fmt: *const c_char, ...);
    fn cvd_warnc(code: c_int, fmt: *const c_char, ...);
    fn cvd_warnx(fmt: *const c_char, ...);
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_err" => cvd_err,
    func "_errc" => cvd_errc,
    func "_errx" => cvd_errx,
    func "_warn" => cvd_warn,
    func "_warnc" => cvd_warnc,
    func "_warnx" => cvd_warnx,
    func "_verr" => calvados_err_verr,
    func "_verrc" => calvados_err_verrc,
    func "_verrx" => calvados_err_verrx,
    func "_vwarn" => calvados_err_vwarn,
    func "_vwarnc" => calvados_err_vwarnc,
    func "_vwarnx" => calvados_err_vwarnx,
    func "_err_set_file" => err_set_file,
    func "_err_set_exit" => err_set_exit,
};

#[cfg(test)]
mod tests {
    #[test]
    fn visible() {
        let mut v = Vec::new();
        super::push_visible(&mut v, b"a\x01\tb\x07\n\x1b");
        assert_eq!(v, b"a\\001\tb\\a\n\\033");
    }
}
