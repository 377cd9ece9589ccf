//! `__assert_rtn`, the function `assert()` calls on darwin (`<assert.h>`):
//! the message format of Libc's `assert.c`, straight to the stderr
//! descriptor (unbuffered, as darwin's `_simple_dprintf`), then `abort`.

use libc::{c_char, c_int};

fn text(p: *const c_char) -> String {
    if p.is_null() {
        return "(null)".into();
    }
    // SAFETY: a C string from the compiler-generated call.
    unsafe { core::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned()
}

/// The message for `__assert_rtn(func, file, line, expr)`: `func` NULL
/// leaves the function out; `func` -1 is the old `__eprintf` form.
fn message(func: *const c_char, file: *const c_char, line: c_int, expr: *const c_char) -> String {
    let (file, expr) = (text(file), text(expr));
    if func as isize == -1 {
        format!("{file}:{line}: failed assertion `{expr}'\n")
    } else if func.is_null() {
        format!("Assertion failed: ({expr}), file {file}, line {line}.\n")
    } else {
        format!(
            "Assertion failed: ({expr}), function {}, file {file}, line {line}.\n",
            text(func)
        )
    }
}

extern "C" fn assert_rtn(
    func: *const c_char,
    file: *const c_char,
    line: c_int,
    expr: *const c_char,
) -> ! {
    let m = message(func, file, line, expr);
    // SAFETY: writing our own buffer to fd 2, then ending the process.
    unsafe {
        libc::write(2, m.as_ptr().cast(), m.len());
        libc::abort()
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "___assert_rtn" => assert_rtn,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(
            message(c"main".as_ptr(), c"a.c".as_ptr(), 7, c"x > 1".as_ptr()),
            "Assertion failed: (x > 1), function main, file a.c, line 7.\n"
        );
        assert_eq!(
            message(core::ptr::null(), c"a.c".as_ptr(), 7, c"x".as_ptr()),
            "Assertion failed: (x), file a.c, line 7.\n"
        );
    }
}
