//! The `exec` family. Linux cannot execute a Mach-O file, so the target's
//! format decides how it runs:
//!
//! - a Mach-O file (thin or fat, found by its magic) re-enters Calvados:
//!   the process execs Calvados itself (`/proc/self/exe`) as
//!   `calvados run --argv0 ARGV0 -- PATH ARGS...`, so the new program sees
//!   the `argv[0]` the caller chose and `_NSGetExecutablePath` gives PATH;
//! - a `#!` script whose interpreter is a Mach-O file is interpreted here as
//!   the kernel would (`INTERP [ARG] SCRIPT ARGS...`), and the interpreter
//!   re-enters Calvados; any other script, and every ELF file, is left to
//!   the Linux kernel.
//!
//! The environment passes through unchanged, descriptors with `FD_CLOEXEC`
//! close and ignored signals stay ignored, because each path ends in a real
//! `execve`. `execvp`/`execlp`/`execvP` search `PATH` with darwin's rules
//! (`_PATH_DEFPATH` "/usr/bin:/bin" when unset; a file the kernel refuses
//! with `ENOEXEC` runs with `/bin/sh`, `<paths.h>`).

use crate::errno::{self, darwin};
use libc::{c_char, c_int};
use std::ffi::{CStr, CString};

/// darwin `EBADARCH` (`<sys/errno.h>`): a Mach-O file without an x86_64 slice.
const EBADARCH: c_int = 86;
/// darwin `_PATH_DEFPATH` and `_PATH_BSHELL` (`<paths.h>`).
const DEFPATH: &[u8] = b"/usr/bin:/bin";
const BSHELL: &CStr = c"/bin/sh";
/// darwin errno values the path search tells apart (`<sys/errno.h>`).
const ENOEXEC: c_int = 8;
const ENOTDIR: c_int = 20;
const ETXTBSY: c_int = 26;
const ELOOP: c_int = 62;
/// darwin `PATH_MAX` and `NAME_MAX` (`<sys/syslimits.h>`).
const PATH_MAX: usize = 1024;
const NAME_MAX: usize = 255;

/// Calvados itself, re-entered for Mach-O targets.
const SELF_EXE: &CStr = c"/proc/self/exe";

/// What the first bytes of a file say it is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// A Mach-O file with an x86_64 image.
    MachO,
    /// A Mach-O file for other CPUs only.
    MachOOtherArch,
    /// `#!interpreter [arg]`.
    Script(Vec<u8>, Option<Vec<u8>>),
    /// Anything else (ELF, unknown): the kernel decides.
    Other,
}

/// Classifies a file from its first bytes (up to 4 KiB).
pub(crate) fn classify(head: &[u8]) -> Format {
    match calvados_macho::sniff_x86_64(head) {
        Some(true) => Format::MachO,
        Some(false) => Format::MachOOtherArch,
        None => script_of(head),
    }
}

/// Parses a `#!` line: the interpreter, then the rest of the line (trimmed)
/// as one optional argument.
fn script_of(head: &[u8]) -> Format {
    let Some(rest) = head.strip_prefix(b"#!") else {
        return Format::Other;
    };
    let Some(end) = rest.iter().position(|&c| c == b'\n') else {
        // No end of line within the header: the kernel's business.
        return Format::Other;
    };
    let line = &rest[..end];
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let start = line.iter().position(|c| !blank(c)).unwrap_or(line.len());
    let line = &line[start..];
    let iend = line.iter().position(blank).unwrap_or(line.len());
    let interp = line[..iend].to_vec();
    if interp.is_empty() {
        return Format::Other;
    }
    let arg = &line[iend..];
    let a0 = arg.iter().position(|c| !blank(c)).unwrap_or(arg.len());
    let a1 = arg
        .iter()
        .rposition(|c| !blank(c) && *c != b'\r')
        .map_or(a0, |i| i + 1);
    let arg = (a1 > a0).then(|| arg[a0..a1].to_vec());
    Format::Script(interp, arg)
}

/// Reads the first bytes of `path` (empty when it cannot be read).
fn read_head(path: &CStr) -> Vec<u8> {
    let mut buf = vec![0u8; 4096];
    // SAFETY: `path` is a C string; `buf` is writable for its length.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return Vec::new();
        }
        let mut got = 0usize;
        while got < buf.len() {
            let n = libc::read(fd, buf[got..].as_mut_ptr().cast(), buf.len() - got);
            if n <= 0 {
                break;
            }
            got += n as usize;
        }
        libc::close(fd);
        buf.truncate(got);
    }
    buf
}

/// What the file at `path` is, from its first bytes.
pub(crate) fn file_format(path: &CStr) -> Format {
    classify(&read_head(path))
}

/// The kernel's checks before running a file itself: a regular file with
/// execute permission. Sets darwin errno and returns false otherwise.
fn executable(path: &CStr) -> bool {
    // SAFETY: `path` is a C string; `st` is writable.
    unsafe {
        let mut st: libc::stat = core::mem::zeroed();
        if libc::stat(path.as_ptr(), &mut st) != 0 {
            errno::set_from_linux();
            return false;
        }
        if st.st_mode & libc::S_IFMT != libc::S_IFREG {
            errno::set(darwin::EACCES);
            return false;
        }
        if libc::access(path.as_ptr(), libc::X_OK) != 0 {
            errno::set_from_linux();
            return false;
        }
    }
    true
}

/// A NULL-terminated C array's entries (an absent array is empty).
///
/// # Safety
/// `v` is NULL or a NULL-terminated array of C strings.
pub(crate) unsafe fn c_array<'a>(v: *const *const c_char) -> Vec<&'a CStr> {
    let mut out = Vec::new();
    if v.is_null() {
        return out;
    }
    // SAFETY: the caller's NULL-terminated array of C strings.
    unsafe {
        let mut p = v;
        while !(*p).is_null() {
            out.push(CStr::from_ptr(*p));
            p = p.add(1);
        }
    }
    out
}

/// Re-enters Calvados to run the Mach-O file `exe` with `argv` (whose first
/// entry is the program's `argv[0]`). Returns only on failure (-1, errno).
fn exec_calvados(exe: &CStr, argv: &[&CStr], envp: *const *const c_char) -> c_int {
    let argv0 = argv.first().copied().unwrap_or(exe);
    let mut v: Vec<*const c_char> = vec![
        c"calvados".as_ptr(),
        c"run".as_ptr(),
        c"--argv0".as_ptr(),
        argv0.as_ptr(),
        c"--".as_ptr(),
        exe.as_ptr(),
    ];
    v.extend(argv.iter().skip(1).map(|a| a.as_ptr()));
    v.push(core::ptr::null());
    // SAFETY: every pointer is a live C string; both arrays end with NULL.
    unsafe { libc::execve(SELF_EXE.as_ptr(), v.as_ptr(), envp) };
    errno::set_from_linux();
    -1
}

/// `execve` with Calvados' rules for Mach-O files and `#!` scripts whose
/// interpreter is a Mach-O file. Returns only on failure (-1, darwin errno).
///
/// # Safety
/// `argv`/`envp` are NULL or NULL-terminated arrays of C strings.
pub(crate) unsafe fn execve_path(
    path: &CStr,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    // SAFETY: forwarded contract.
    let args = unsafe { c_array(argv) };
    match classify(&read_head(path)) {
        Format::MachO => {
            if !executable(path) {
                return -1;
            }
            exec_calvados(path, &args, envp)
        }
        Format::MachOOtherArch => {
            if executable(path) {
                errno::set(EBADARCH);
            }
            -1
        }
        Format::Script(interp, arg) => {
            let Ok(interp) = CString::new(interp) else {
                errno::set(ENOEXEC);
                return -1;
            };
            if classify(&read_head(&interp)) != Format::MachO {
                // SAFETY: forwarded contract.
                return unsafe { native_execve(path, argv, envp) };
            }
            if !executable(path) || !executable(&interp) {
                return -1;
            }
            let arg = arg.and_then(|a| CString::new(a).ok());
            let mut v: Vec<&CStr> = vec![&interp];
            if let Some(a) = &arg {
                v.push(a);
            }
            v.push(path);
            v.extend(args.iter().skip(1));
            exec_calvados(&interp, &v, envp)
        }
        // SAFETY: forwarded contract.
        Format::Other => unsafe { native_execve(path, argv, envp) },
    }
}

/// The kernel's own `execve`, errno translated.
///
/// # Safety
/// As [`execve_path`].
unsafe fn native_execve(
    path: &CStr,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    let empty: [*const c_char; 1] = [core::ptr::null()];
    let argv = if argv.is_null() { empty.as_ptr() } else { argv };
    let envp = if envp.is_null() { empty.as_ptr() } else { envp };
    // SAFETY: NULL-terminated arrays (contract, or `empty`).
    unsafe { libc::execve(path.as_ptr(), argv, envp) };
    errno::set_from_linux();
    -1
}

extern "C" {
    static mut environ: *mut *mut c_char;
}

/// The process's current environment.
pub(crate) fn current_environ() -> *const *const c_char {
    // SAFETY: reading glibc's `environ` pointer.
    unsafe { environ as *const *const c_char }
}

/// Runs `path` with `/bin/sh` after the kernel refused it with `ENOEXEC`
/// (darwin: `sh PATH ARGS...`).
///
/// # Safety
/// As [`execve_path`].
unsafe fn exec_with_shell(path: &CStr, argv: *const *const c_char, envp: *const *const c_char) {
    // SAFETY: forwarded contract.
    let args = unsafe { c_array(argv) };
    let mut v: Vec<*const c_char> = vec![c"sh".as_ptr(), path.as_ptr()];
    v.extend(args.iter().skip(1).map(|a| a.as_ptr()));
    v.push(core::ptr::null());
    // SAFETY: `v` is NULL-terminated.
    unsafe { execve_path(BSHELL, v.as_ptr(), envp) };
}

/// The value of `PATH` in the process environment, if set.
fn path_env() -> Option<Vec<u8>> {
    // SAFETY: getenv reads the environment; the result is copied at once.
    unsafe {
        let p = libc::getenv(c"PATH".as_ptr());
        (!p.is_null()).then(|| CStr::from_ptr(p).to_bytes().to_vec())
    }
}

/// darwin's `execvP`: searches `search` (colon-separated; an empty entry is
/// the current directory) unless `file` contains a slash. A file the kernel
/// refuses with `ENOEXEC` runs with `/bin/sh`. When nothing runs, errno is
/// `EACCES` if some candidate was not executable, else `ENOENT` (or the
/// first error that ends the search, such as `E2BIG`).
///
/// # Safety
/// As [`execve_path`].
pub(crate) unsafe fn exec_search(
    file: &CStr,
    search: &[u8],
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    let name = file.to_bytes();
    if name.is_empty() {
        errno::set(darwin::ENOENT);
        return -1;
    }
    let attempt = |p: &CStr| -> c_int {
        // SAFETY: forwarded contract.
        unsafe { execve_path(p, argv, envp) };
        let e = errno::get();
        if e == ENOEXEC {
            // SAFETY: forwarded contract.
            unsafe { exec_with_shell(p, argv, envp) };
        }
        e
    };
    if name.contains(&b'/') {
        attempt(file);
        return -1;
    }
    if name.len() > NAME_MAX {
        errno::set(darwin::ENAMETOOLONG);
        return -1;
    }
    let mut eacces = false;
    for dir in search.split(|&c| c == b':') {
        let dir: &[u8] = if dir.is_empty() { b"." } else { dir };
        if dir.len() + 1 + name.len() >= PATH_MAX {
            continue;
        }
        let mut full = Vec::with_capacity(dir.len() + name.len() + 2);
        full.extend_from_slice(dir);
        full.push(b'/');
        full.extend_from_slice(name);
        let Ok(full) = CString::new(full) else {
            continue;
        };
        match attempt(&full) {
            darwin::ENOENT | ENOTDIR | ELOOP | darwin::ENAMETOOLONG | ETXTBSY => {}
            darwin::EACCES => eacces = true,
            // The shell fallback was tried (and failed): stop.
            ENOEXEC => return -1,
            _ => return -1,
        }
    }
    errno::set(if eacces {
        darwin::EACCES
    } else {
        darwin::ENOENT
    });
    -1
}

unsafe extern "C" fn execve(
    path: *const c_char,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    if path.is_null() {
        errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: the caller's C string and arrays.
    unsafe { execve_path(CStr::from_ptr(path), argv, envp) }
}

/// `execv`: `execve` with the current environment.
///
/// # Safety
/// C strings and NULL-terminated arrays of them, as for `execve`.
#[no_mangle]
pub unsafe extern "C" fn calvados_execv(path: *const c_char, argv: *const *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { execve(path, argv, current_environ()) }
}

/// `execle`'s target (the shim collects the variadic list).
///
/// # Safety
/// C strings and NULL-terminated arrays of them, as for `execve`.
#[no_mangle]
pub unsafe extern "C" fn calvados_execve(
    path: *const c_char,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { execve(path, argv, envp) }
}

/// `execvp`: searches `PATH` (darwin's default path when unset).
///
/// # Safety
/// C strings and NULL-terminated arrays of them, as for `execve`.
#[no_mangle]
pub unsafe extern "C" fn calvados_execvp(file: *const c_char, argv: *const *const c_char) -> c_int {
    if file.is_null() {
        errno::set(darwin::EFAULT);
        return -1;
    }
    let search = path_env().unwrap_or_else(|| DEFPATH.to_vec());
    // SAFETY: the caller's C string and array.
    unsafe { exec_search(CStr::from_ptr(file), &search, argv, current_environ()) }
}

/// `execvP(file, search_path, argv)`: darwin's search in a given path.
unsafe extern "C" fn execv_p(
    file: *const c_char,
    search: *const c_char,
    argv: *const *const c_char,
) -> c_int {
    if file.is_null() || search.is_null() {
        errno::set(darwin::EFAULT);
        return -1;
    }
    // SAFETY: the caller's C strings and array.
    unsafe {
        let search = CStr::from_ptr(search).to_bytes();
        exec_search(CStr::from_ptr(file), search, argv, current_environ())
    }
}

extern "C" {
    fn cvd_execl(path: *const c_char, arg0: *const c_char, ...) -> c_int;
    fn cvd_execle(path: *const c_char, arg0: *const c_char, ...) -> c_int;
    fn cvd_execlp(file: *const c_char, arg0: *const c_char, ...) -> c_int;
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_execve" => execve,
    func "_execv" => calvados_execv,
    func "_execvp" => calvados_execvp,
    func "_execvP" => execv_p,
    func "_execl" => cvd_execl,
    func "_execle" => cvd_execle,
    func "_execlp" => cvd_execlp,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Mach-O `cputype` of x86_64 (`CPU_TYPE_X86_64`, `<mach/machine.h>`).
    const CPU_TYPE_X86_64: u32 = 0x0100_0007;

    fn thin(magic: u32, cpu: u32) -> Vec<u8> {
        let mut v = magic.to_le_bytes().to_vec();
        v.extend_from_slice(&cpu.to_le_bytes());
        v
    }

    #[test]
    fn formats() {
        assert_eq!(classify(&thin(0xfeed_facf, CPU_TYPE_X86_64)), Format::MachO);
        assert_eq!(
            classify(&thin(0xfeed_facf, 0x0100_000c)),
            Format::MachOOtherArch
        );
        assert_eq!(classify(&thin(0xfeed_face, 7)), Format::MachOOtherArch);
        let mut fat = 0xcafe_babe_u32.to_be_bytes().to_vec();
        fat.extend_from_slice(&2u32.to_be_bytes());
        for cpu in [0x0100_000c_u32, CPU_TYPE_X86_64] {
            fat.extend_from_slice(&cpu.to_be_bytes());
            fat.extend_from_slice(&[0; 16]);
        }
        assert_eq!(classify(&fat), Format::MachO);
        // A Java class file (version 52) is not a fat Mach-O.
        let mut class = 0xcafe_babe_u32.to_be_bytes().to_vec();
        class.extend_from_slice(&[0, 0, 0, 52]);
        assert_eq!(classify(&class), Format::Other);
        assert_eq!(classify(b"\x7fELF\x02\x01\x01"), Format::Other);
        assert_eq!(
            classify(b"#! /bin/sh  -e \r\necho"),
            Format::Script(b"/bin/sh".to_vec(), Some(b"-e".to_vec()))
        );
        assert_eq!(
            classify(b"#!/usr/bin/env python3 -u\n"),
            Format::Script(b"/usr/bin/env".to_vec(), Some(b"python3 -u".to_vec()))
        );
        assert_eq!(classify(b"#!\n"), Format::Other);
        assert_eq!(classify(b"echo hi\n"), Format::Other);
        assert_eq!(classify(b""), Format::Other);
    }
}
