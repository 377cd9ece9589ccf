//! `glob`/`globfree` with darwin's `glob_t` (`<glob.h>`), our own engine.
//!
//! glibc's `glob_t` has another layout, other flag values (`GLOB_MARK` is
//! 0x02 there, 0x08 here), positive error codes (darwin's are -1..-3), no
//! `gl_matchc`, and its `GLOB_ALTDIRFUNC` callbacks would see glibc's
//! `struct dirent`/`struct stat`; it also differs in behaviour (glibc
//! accepts `[^...]`, sorts with `strcoll` per call...). So the engine here
//! follows darwin's BSD one instead:
//!
//! - the pattern is first unquoted (`\x` protects `x`, unless
//!   `GLOB_NOESCAPE`), then `GLOB_BRACE` expands `{a,b}` (a lone `{}` stays),
//!   then `GLOB_TILDE` replaces `~` / `~user` (`$HOME` first, then the
//!   host's password database), then each path segment with a `*`, `?` or `[...]`
//!   (negated by `!` only) is matched against its directory's entries;
//!   segments without magic are only checked with `lstat` at the end;
//! - a leading `.` in a name is matched only by a literal `.`;
//! - new paths are sorted (byte order, as `strcoll` in the C locale) unless
//!   `GLOB_NOSORT`; `gl_matchc` counts this call's matches;
//! - no match gives `GLOB_NOMATCH`, or with `GLOB_NOCHECK` (or
//!   `GLOB_NOMAGIC` and no magic character) the original pattern, once;
//! - a directory that cannot be read (other than `ENOENT`/`ENOTDIR`) is
//!   reported to `errfunc(path, errno)` (darwin errno); a non-zero answer
//!   or `GLOB_ERR` stops with `GLOB_ABORTED`;
//! - `GLOB_LIMIT` caps the work as darwin does (paths: `gl_matchc` on input
//!   or 1024; 128 braces, 16384 `readdir`s, 128 `lstat`s, 64 KiB of names).
//!
//! `_glob$INODE64` is what current SDKs call; the plain `_glob` differs
//! only in the `struct dirent`/`struct stat` its `GLOB_ALTDIRFUNC`
//! callbacks return (the legacy 32-bit-inode ones). `glob_b` takes the
//! error callback as a block, called for the duration of the call only.
//! Names are bytes (the C locale).
//!
//! Also here, the other pathname helpers: `basename`/`dirname` (darwin's
//! never modify their argument: they fill a buffer, a static one or the
//! caller's `MAXPATHLEN` bytes with the `_r` forms, and fail with
//! `ENAMETOOLONG`), and `wordexp`/`wordfree`, which use glibc's expansion
//! (same `wordexp_t` layout) with darwin's flag and error numbers.

use crate::errno::{self, darwin};
use core::mem::offset_of;
use core::ptr::null_mut;
use libc::{c_char, c_int, c_void};

// `<glob.h>` flags.
const GLOB_APPEND: c_int = 0x0001;
const GLOB_DOOFFS: c_int = 0x0002;
const GLOB_ERR: c_int = 0x0004;
const GLOB_MARK: c_int = 0x0008;
const GLOB_NOCHECK: c_int = 0x0010;
const GLOB_NOSORT: c_int = 0x0020;
const GLOB_ALTDIRFUNC: c_int = 0x0040;
const GLOB_BRACE: c_int = 0x0080;
const GLOB_MAGCHAR: c_int = 0x0100;
const GLOB_NOMAGIC: c_int = 0x0200;
const GLOB_TILDE: c_int = 0x0800;
const GLOB_LIMIT: c_int = 0x1000;
const GLOB_NOESCAPE: c_int = 0x2000;
/// `_GLOB_ERR_BLOCK` (`__APPLE__` value): the error callback is a block.
const GLOB_ERR_BLOCK: c_int = 0x8000_0000_u32 as c_int;

// `<glob.h>` results.
const GLOB_NOSPACE: c_int = -1;
const GLOB_ABORTED: c_int = -2;
const GLOB_NOMATCH: c_int = -3;

// darwin errno values (`<sys/errno.h>`) not in `errno::darwin`.
const E2BIG: c_int = 7;
const ENOTDIR: c_int = 20;

// darwin's `GLOB_LIMIT_*` caps.
const LIMIT_BRACE: usize = 128;
const LIMIT_PATH: usize = 1024;
const LIMIT_READDIR: usize = 16384;
const LIMIT_STAT: usize = 128;
const LIMIT_STRING: usize = 65536;

/// `MAXPATHLEN`: patterns and paths are built in buffers of this many
/// characters (one kept for the terminator).
const MAXPATHLEN: usize = 1024;

type ErrFn = unsafe extern "C" fn(*const c_char, c_int) -> c_int;

/// darwin `glob_t`.
#[repr(C)]
pub struct GlobT {
    pub pathc: usize,
    pub matchc: c_int,
    pub offs: usize,
    pub flags: c_int,
    pub pathv: *mut *mut c_char,
    /// `gl_errfunc`, or the block `gl_errblk` (a union).
    pub errfunc: *mut c_void,
    pub closedir: Option<unsafe extern "C" fn(*mut c_void)>,
    pub readdir: Option<unsafe extern "C" fn(*mut c_void) -> *mut u8>,
    pub opendir: Option<unsafe extern "C" fn(*const c_char) -> *mut c_void>,
    pub lstat: Option<unsafe extern "C" fn(*const c_char, *mut c_void) -> c_int>,
    pub stat: Option<unsafe extern "C" fn(*const c_char, *mut c_void) -> c_int>,
}

const _: () = {
    assert!(core::mem::size_of::<GlobT>() == 88);
    assert!(offset_of!(GlobT, pathc) == 0);
    assert!(offset_of!(GlobT, matchc) == 8);
    assert!(offset_of!(GlobT, offs) == 16);
    assert!(offset_of!(GlobT, flags) == 24);
    assert!(offset_of!(GlobT, pathv) == 32);
    assert!(offset_of!(GlobT, errfunc) == 40);
    assert!(offset_of!(GlobT, closedir) == 48);
    assert!(offset_of!(GlobT, readdir) == 56);
    assert!(offset_of!(GlobT, opendir) == 64);
    assert!(offset_of!(GlobT, lstat) == 72);
    assert!(offset_of!(GlobT, stat) == 80);
};

/// The head of a block literal (`Block_private.h` ABI): `invoke` is called
/// with the block itself first.
#[repr(C)]
struct BlockLiteral {
    isa: *mut c_void,
    flags: c_int,
    reserved: c_int,
    invoke: unsafe extern "C" fn(*mut BlockLiteral, *const c_char, c_int) -> c_int,
}

// Pattern characters: a byte, possibly protected by a backslash (it then
// never acts as syntax) or turned into a matching operator.
type Ch = u16;
const PROTECT: Ch = 0x100;
const META: Ch = 0x200;
const M_ALL: Ch = META | b'*' as Ch;
const M_ONE: Ch = META | b'?' as Ch;
const M_SET: Ch = META | b'[' as Ch;
const M_END: Ch = META | b']' as Ch;
const M_NOT: Ch = META | b'!' as Ch;
const M_RNG: Ch = META | b'-' as Ch;

const fn lit(b: u8) -> Ch {
    b as Ch
}

fn byte(c: Ch) -> u8 {
    (c & 0xff) as u8
}

fn is_sep(c: Ch) -> bool {
    c & !PROTECT == lit(b'/')
}

/// One `glob` call's state.
struct Globber {
    g: *mut GlobT,
    /// Callbacks take the 64-bit-inode `struct dirent`/`struct stat`.
    inode64: bool,
    braces: usize,
    path_lim: usize,
    readdirs: usize,
    stats: usize,
    strings: usize,
}

/// Whether a `stat` buffer's `st_mode` says directory (or link).
const S_IFMT: u16 = 0o170000;
const S_IFDIR: u16 = 0o040000;
const S_IFLNK: u16 = 0o120000;

/// Larger than any darwin `struct stat` (144 bytes).
#[repr(C, align(8))]
struct StatBuf([u8; 256]);

impl Globber {
    fn flags(&self) -> c_int {
        // SAFETY: `g` is the caller's live glob_t for the whole call.
        unsafe { (*self.g).flags }
    }

    fn add_flag(&mut self, f: c_int) {
        // SAFETY: as above.
        unsafe { (*self.g).flags |= f }
    }

    fn limited(&self) -> bool {
        self.flags() & GLOB_LIMIT != 0
    }

    /// `GLOB_NOSPACE` with errno `E2BIG`, darwin's answer to every overflow.
    fn too_big(&self) -> c_int {
        errno::set(E2BIG);
        GLOB_NOSPACE
    }

    fn run(&mut self, pattern: &[u8]) -> c_int {
        // SAFETY: `g` is live; fields are plain data.
        unsafe {
            let g = &mut *self.g;
            if g.flags & GLOB_APPEND == 0 {
                g.pathc = 0;
                g.pathv = null_mut();
                if g.flags & GLOB_DOOFFS == 0 {
                    g.offs = 0;
                }
            }
            if g.flags & GLOB_LIMIT != 0 {
                self.path_lim = if g.matchc == 0 {
                    LIMIT_PATH
                } else {
                    g.matchc as usize
                };
            }
            g.matchc = 0;
        }
        let mut pat: Vec<Ch> = Vec::with_capacity(pattern.len());
        if self.flags() & GLOB_NOESCAPE != 0 {
            pat.extend(pattern.iter().map(|&b| lit(b)));
        } else {
            let mut i = 0;
            while i < pattern.len() {
                if pattern[i] == b'\\' {
                    i += 1;
                    match pattern.get(i) {
                        None => pat.push(lit(b'\\')),
                        Some(&b) => pat.push(lit(b) | PROTECT),
                    }
                } else {
                    pat.push(lit(pattern[i]));
                }
                i += 1;
            }
        }
        if pat.len() > MAXPATHLEN - 2 {
            return self.no_match(pattern);
        }
        if self.flags() & GLOB_BRACE != 0 {
            self.brace_top(&pat, pattern)
        } else {
            self.glob0(&pat, Some(pattern))
        }
    }

    fn brace_top(&mut self, pat: &[Ch], orig: &[u8]) -> c_int {
        if pat == [lit(b'{'), lit(b'}')] {
            if self.limited() && self.bump_brace() {
                return self.too_big();
            }
            return self.glob0(pat, Some(orig));
        }
        // SAFETY: `g` is live.
        let old = unsafe { (*self.g).pathc };
        let r = self.brace1(pat);
        if r != 0 {
            return r;
        }
        self.finish(old, orig)
    }

    /// Counts one brace expansion; true when over the limit.
    fn bump_brace(&mut self) -> bool {
        let over = self.braces >= LIMIT_BRACE;
        self.braces += 1;
        over
    }

    fn brace1(&mut self, pat: &[Ch]) -> c_int {
        match pat.iter().position(|&c| c == lit(b'{')) {
            Some(at) => {
                if self.limited() && self.bump_brace() {
                    return self.too_big();
                }
                self.brace2(pat, at)
            }
            None => self.glob0(pat, None),
        }
    }

    /// Expands the brace at `open`, then the rest recursively.
    fn brace2(&mut self, pat: &[Ch], open: usize) -> c_int {
        // A `[...]` is skipped whole when it closes; otherwise its `[` is
        // an ordinary character.
        let skip_set = |k: usize| -> usize {
            match pat[k + 1..].iter().position(|&c| c == lit(b']')) {
                Some(n) => k + 1 + n,
                None => k,
            }
        };
        let mut depth = 0usize;
        let mut close = None;
        let mut k = open + 1;
        while k < pat.len() {
            let c = pat[k];
            if c == lit(b'[') {
                k = skip_set(k);
            } else if c == lit(b'{') {
                depth += 1;
            } else if c == lit(b'}') {
                if depth == 0 {
                    close = Some(k);
                    break;
                }
                depth -= 1;
            }
            k += 1;
        }
        let Some(close) = close else {
            return self.glob0(pat, None);
        };
        let prefix = &pat[..open];
        let suffix = &pat[close + 1..];
        let mut start = open + 1;
        let mut depth = 0usize;
        let mut k = open + 1;
        while k <= close {
            let c = pat[k];
            if c == lit(b'[') {
                k = skip_set(k);
            } else if c == lit(b'{') {
                depth += 1;
            } else if c == lit(b'}') && depth > 0 {
                depth -= 1;
            } else if (c == lit(b'}') || c == lit(b',')) && depth == 0 {
                let mut alt = Vec::with_capacity(prefix.len() + (k - start) + suffix.len());
                alt.extend_from_slice(prefix);
                alt.extend_from_slice(&pat[start..k]);
                alt.extend_from_slice(suffix);
                let r = self.brace1(&alt);
                if r != 0 {
                    return r;
                }
                start = k + 1;
            }
            k += 1;
        }
        0
    }

    /// `~` and `~user` at the start of the pattern (with `GLOB_TILDE`);
    /// `None` when the result is too long.
    fn tilde(&self, pat: &[Ch]) -> Option<Vec<Ch>> {
        if pat.first() != Some(&lit(b'~')) || self.flags() & GLOB_TILDE == 0 {
            return Some(pat.to_vec());
        }
        let end = pat[1..]
            .iter()
            .position(|&c| is_sep(c))
            .map_or(pat.len(), |n| n + 1);
        let user: Vec<u8> = pat[1..end].iter().map(|&c| byte(c)).collect();
        if user.len() >= MAXPATHLEN - 1 {
            return None;
        }
        let home: Vec<u8> = if user.is_empty() {
            // SAFETY: getenv/getauxval/getpw* return static or NULL data.
            unsafe {
                let env = libc::getenv(c"HOME".as_ptr());
                if libc::getauxval(libc::AT_SECURE) == 0 && !env.is_null() {
                    core::ffi::CStr::from_ptr(env).to_bytes().to_vec()
                } else {
                    let login = libc::getlogin();
                    let mut pw = if login.is_null() {
                        null_mut()
                    } else {
                        libc::getpwnam(login)
                    };
                    if pw.is_null() {
                        pw = libc::getpwuid(libc::getuid());
                    }
                    if pw.is_null() {
                        return Some(pat.to_vec());
                    }
                    core::ffi::CStr::from_ptr((*pw).pw_dir).to_bytes().to_vec()
                }
            }
        } else {
            let Ok(name) = std::ffi::CString::new(user) else {
                return Some(pat.to_vec());
            };
            // SAFETY: `name` is a C string; the result is static or NULL.
            unsafe {
                let pw = libc::getpwnam(name.as_ptr());
                if pw.is_null() {
                    return Some(pat.to_vec());
                }
                core::ffi::CStr::from_ptr((*pw).pw_dir).to_bytes().to_vec()
            }
        };
        let mut out: Vec<Ch> = home.iter().map(|&b| lit(b) | PROTECT).collect();
        out.extend_from_slice(&pat[end..]);
        if out.len() > MAXPATHLEN - 1 {
            return None;
        }
        Some(out)
    }

    /// Compiles one (brace-free) pattern into matching operators and globs
    /// it; `orig` is the caller's pattern when this is the whole call.
    fn glob0(&mut self, pat: &[Ch], orig: Option<&[u8]>) -> c_int {
        let Some(pat) = self.tilde(pat) else {
            return self.too_big();
        };
        // SAFETY: `g` is live.
        let old = unsafe { (*self.g).pathc };
        let mut out: Vec<Ch> = Vec::with_capacity(pat.len());
        let mut i = 0;
        while i < pat.len() {
            let c = pat[i];
            i += 1;
            if c == lit(b'[') {
                let neg = pat.get(i) == Some(&lit(b'!'));
                let body = if neg { i + 1 } else { i };
                let closes =
                    body < pat.len() && pat[(body + 1).min(pat.len())..].contains(&lit(b']'));
                if !closes {
                    out.push(lit(b'['));
                    continue;
                }
                out.push(M_SET);
                if neg {
                    out.push(M_NOT);
                }
                i = body;
                let mut c = pat[i];
                i += 1;
                loop {
                    out.push(lit(byte(c)));
                    if pat.get(i) == Some(&lit(b'-')) && pat.get(i + 1) != Some(&lit(b']')) {
                        let hi = pat[i + 1];
                        out.push(M_RNG);
                        out.push(lit(byte(hi)));
                        i += 2;
                    }
                    c = pat[i];
                    i += 1;
                    if c == lit(b']') {
                        break;
                    }
                }
                self.add_flag(GLOB_MAGCHAR);
                out.push(M_END);
            } else if c == lit(b'?') {
                self.add_flag(GLOB_MAGCHAR);
                out.push(M_ONE);
            } else if c == lit(b'*') {
                self.add_flag(GLOB_MAGCHAR);
                if out.last() != Some(&M_ALL) {
                    out.push(M_ALL);
                }
            } else {
                out.push(lit(byte(c)));
            }
        }
        if !out.is_empty() {
            let r = self.glob2(&mut Vec::with_capacity(256), &out);
            if r != 0 {
                return r;
            }
        }
        match orig {
            Some(orig) => self.finish(old, orig),
            None => 0,
        }
    }

    /// After the whole pattern: the no-match rule, then sorting.
    fn finish(&mut self, old: usize, orig: &[u8]) -> c_int {
        // SAFETY: `g` is live; pathv holds offs + pathc entries.
        unsafe {
            let g = &mut *self.g;
            if g.pathc == old {
                return self.no_match(orig);
            }
            if g.flags & GLOB_NOSORT == 0 {
                let v = core::slice::from_raw_parts_mut(g.pathv.add(g.offs + old), g.pathc - old);
                v.sort_by(|a, b| {
                    core::ffi::CStr::from_ptr(*a)
                        .to_bytes()
                        .cmp(core::ffi::CStr::from_ptr(*b).to_bytes())
                });
            }
        }
        0
    }

    fn no_match(&mut self, orig: &[u8]) -> c_int {
        let f = self.flags();
        if f & GLOB_NOCHECK != 0 || (f & GLOB_NOMAGIC != 0 && f & GLOB_MAGCHAR == 0) {
            self.extend(orig)
        } else {
            GLOB_NOMATCH
        }
    }

    /// Walks `pat` from the directory `path`: plain segments are appended,
    /// the first segment with an operator is matched by [`Self::glob3`].
    fn glob2(&mut self, path: &mut Vec<u8>, pat: &[Ch]) -> c_int {
        let mut p = 0;
        loop {
            if p == pat.len() {
                let Some(mode) = self.stat_mode(path, true) else {
                    return 0;
                };
                if self.limited() {
                    let over = self.stats >= LIMIT_STAT;
                    self.stats += 1;
                    if over {
                        return self.too_big();
                    }
                }
                if self.flags() & GLOB_MARK != 0 && path.last() != Some(&b'/') {
                    let is_dir = mode & S_IFMT == S_IFDIR
                        || (mode & S_IFMT == S_IFLNK
                            && self
                                .stat_mode(path, false)
                                .is_some_and(|m| m & S_IFMT == S_IFDIR));
                    if is_dir {
                        if path.len() + 1 > MAXPATHLEN - 1 {
                            return self.too_big();
                        }
                        path.push(b'/');
                    }
                }
                // SAFETY: `g` is live.
                unsafe { (*self.g).matchc += 1 };
                let full = path.clone();
                return self.extend(&full);
            }
            let seg_start = p;
            let mut q = p;
            let mut magic = false;
            while q < pat.len() && !is_sep(pat[q]) {
                magic |= pat[q] & META != 0;
                q += 1;
            }
            if magic {
                return self.glob3(path, &pat[seg_start..q], &pat[q..]);
            }
            if path.len() + (q - seg_start) > MAXPATHLEN - 1 {
                return self.too_big();
            }
            path.extend(pat[seg_start..q].iter().map(|&c| byte(c)));
            p = q;
            while p < pat.len() && is_sep(pat[p]) {
                if path.len() + 1 > MAXPATHLEN - 1 {
                    return self.too_big();
                }
                path.push(b'/');
                p += 1;
            }
        }
    }

    /// Matches `seg` against the entries of directory `path`, continuing
    /// with `rest` for each match.
    fn glob3(&mut self, path: &mut Vec<u8>, seg: &[Ch], rest: &[Ch]) -> c_int {
        let dir_name: Vec<u8> = if path.is_empty() {
            b".".to_vec()
        } else {
            path.clone()
        };
        let Ok(cdir) = std::ffi::CString::new(dir_name) else {
            return 0;
        };
        let shown = std::ffi::CString::new(path.clone()).unwrap_or_default();
        let alt = self.flags() & GLOB_ALTDIRFUNC != 0;
        let saved = errno::get();
        errno::set(0);
        let mut dir = DirIter::open(self.g, alt, self.inode64, &cdir);
        if dir.is_none() {
            let e = errno::get();
            if e == darwin::ENOENT || e == ENOTDIR {
                return 0;
            }
            let r = self.aborted(&shown, e);
            if errno::get() == 0 {
                errno::set(saved);
            }
            return r;
        }
        let base = path.len();
        let mut err = 0;
        errno::set(0);
        while let Some(name) = dir.as_mut().and_then(|d| d.next()) {
            if self.limited() {
                let over = self.readdirs >= LIMIT_READDIR;
                self.readdirs += 1;
                if over {
                    errno::set(E2BIG);
                    err = GLOB_NOSPACE;
                    break;
                }
            }
            if name.first() == Some(&b'.') && seg.first() != Some(&lit(b'.')) {
                errno::set(0);
                continue;
            }
            if base + name.len() > MAXPATHLEN - 1 {
                let r = self.aborted(&shown, darwin::ENAMETOOLONG);
                if r != 0 {
                    errno::set(darwin::ENAMETOOLONG);
                    err = r;
                    break;
                }
                errno::set(0);
                continue;
            }
            if !glob_match(&name, seg) {
                errno::set(0);
                continue;
            }
            if errno::get() == 0 {
                errno::set(saved);
            }
            path.truncate(base);
            path.extend_from_slice(&name);
            err = self.glob2(path, rest);
            path.truncate(base);
            if err != 0 {
                break;
            }
            errno::set(0);
        }
        let failed = dir.as_ref().is_some_and(|d| d.failed);
        let e = errno::get();
        drop(dir);
        errno::set(e);
        if err != 0 {
            return err;
        }
        if failed && e != 0 {
            let r = self.aborted(&shown, e);
            if r != 0 {
                return r;
            }
        }
        if errno::get() == 0 {
            errno::set(saved);
        }
        0
    }

    /// Reports an unreadable directory: `GLOB_ABORTED` when the callback
    /// says so or with `GLOB_ERR`, else 0 (keep going).
    fn aborted(&mut self, path: &core::ffi::CStr, e: c_int) -> c_int {
        errno::set(e);
        // SAFETY: `g` is live; the callback is the program's function or
        // block, called with a C string and an errno as documented.
        unsafe {
            let g = &*self.g;
            if !g.errfunc.is_null() {
                let stop = if g.flags & GLOB_ERR_BLOCK != 0 {
                    let b = g.errfunc as *mut BlockLiteral;
                    ((*b).invoke)(b, path.as_ptr(), e)
                } else {
                    let f: ErrFn = core::mem::transmute(g.errfunc);
                    f(path.as_ptr(), e)
                };
                if stop != 0 {
                    return GLOB_ABORTED;
                }
            }
            if g.flags & GLOB_ERR != 0 {
                return GLOB_ABORTED;
            }
        }
        0
    }

    /// `st_mode` of `path` (`lstat` when `link`), through the callbacks
    /// with `GLOB_ALTDIRFUNC`.
    fn stat_mode(&self, path: &[u8], link: bool) -> Option<u16> {
        let c = std::ffi::CString::new(path.to_vec()).ok()?;
        // SAFETY: `g` is live.
        let g = unsafe { &*self.g };
        if g.flags & GLOB_ALTDIRFUNC != 0 {
            let f = if link { g.lstat } else { g.stat }?;
            let mut buf = StatBuf([0; 256]);
            // SAFETY: the program's callback fills a darwin struct stat,
            // which fits in `buf`.
            if unsafe { f(c.as_ptr(), buf.0.as_mut_ptr().cast()) } != 0 {
                return None;
            }
            let off = if self.inode64 { 4 } else { 8 };
            return Some(u16::from_ne_bytes([buf.0[off], buf.0[off + 1]]));
        }
        // SAFETY: `st` is plain data filled by the kernel.
        let mut st: libc::stat64 = unsafe { core::mem::zeroed() };
        // SAFETY: `c` is a C string; `st` is writable.
        let r = unsafe {
            if link {
                libc::lstat64(c.as_ptr(), &mut st)
            } else {
                libc::stat64(c.as_ptr(), &mut st)
            }
        };
        if r != 0 {
            errno::set_from_linux();
            return None;
        }
        Some(st.st_mode as u16)
    }

    /// Appends a copy of `path` to `gl_pathv` (kept NULL-terminated, with
    /// `gl_offs` leading NULLs).
    fn extend(&mut self, path: &[u8]) -> c_int {
        // SAFETY: `g` is live; pathv is NULL or a malloc'd array of
        // offs + pathc + 1 entries, which we grow with realloc.
        unsafe {
            let g = &mut *self.g;
            if g.flags & GLOB_LIMIT != 0 && g.matchc as usize > self.path_lim {
                errno::set(E2BIG);
                return GLOB_NOSPACE;
            }
            let n = 2 + g.pathc + g.offs;
            let Some(bytes) = n.checked_mul(core::mem::size_of::<*mut c_char>()) else {
                return GLOB_NOSPACE;
            };
            let v = libc::realloc(g.pathv.cast(), bytes) as *mut *mut c_char;
            if v.is_null() {
                errno::set(darwin::ENOMEM);
                return GLOB_NOSPACE;
            }
            if g.pathv.is_null() {
                for k in 0..g.offs {
                    *v.add(k) = null_mut();
                }
            }
            g.pathv = v;
            let copy = libc::malloc(path.len() + 1) as *mut c_char;
            if !copy.is_null() {
                core::ptr::copy_nonoverlapping(path.as_ptr(), copy.cast(), path.len());
                *copy.add(path.len()) = 0;
                self.strings += path.len() + 1;
                if g.flags & GLOB_LIMIT != 0 && self.strings >= LIMIT_STRING {
                    libc::free(copy.cast());
                    errno::set(E2BIG);
                    return GLOB_NOSPACE;
                }
                *v.add(g.offs + g.pathc) = copy;
                g.pathc += 1;
            }
            *v.add(g.offs + g.pathc) = null_mut();
            if copy.is_null() {
                errno::set(darwin::ENOMEM);
                GLOB_NOSPACE
            } else {
                0
            }
        }
    }
}

/// Matches a file name against one compiled segment.
fn glob_match(name: &[u8], pat: &[Ch]) -> bool {
    let (mut n, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        let mut ok = true;
        while p < pat.len() {
            let c = pat[p];
            p += 1;
            match c {
                M_ALL => {
                    if p == pat.len() {
                        return true;
                    }
                    if n == name.len() {
                        return false;
                    }
                    star = Some((p - 1, n + 1));
                }
                M_ONE => {
                    if n == name.len() {
                        ok = false;
                        break;
                    }
                    n += 1;
                }
                M_SET => {
                    let Some(&k) = name.get(n) else {
                        ok = false;
                        break;
                    };
                    n += 1;
                    let negate = pat.get(p) == Some(&M_NOT);
                    if negate {
                        p += 1;
                    }
                    let mut hit = false;
                    while p < pat.len() && pat[p] != M_END {
                        let lo = byte(pat[p]);
                        p += 1;
                        if pat.get(p) == Some(&M_RNG) {
                            let hi = pat.get(p + 1).map_or(0, |&h| byte(h));
                            if lo <= k && k <= hi {
                                hit = true;
                            }
                            p += 2;
                        } else if lo == k {
                            hit = true;
                        }
                    }
                    p += 1;
                    if hit == negate {
                        ok = false;
                        break;
                    }
                }
                _ => {
                    if name.get(n) != Some(&byte(c)) {
                        ok = false;
                        break;
                    }
                    n += 1;
                }
            }
        }
        if ok && n == name.len() {
            return true;
        }
        // Retry from the last `*`, one character further.
        let Some((sp, sn)) = star else {
            return false;
        };
        // Re-entering the `*` records the next restart point.
        p = sp;
        n = sn;
    }
}

/// Reads one directory, with glibc or through the program's callbacks.
struct DirIter {
    host: *mut libc::DIR,
    alt: *mut c_void,
    g: *mut GlobT,
    inode64: bool,
    /// `readdir` ended with an error (errno set).
    failed: bool,
}

impl DirIter {
    fn open(g: *mut GlobT, alt: bool, inode64: bool, path: &core::ffi::CStr) -> Option<DirIter> {
        let mut d = DirIter {
            host: null_mut(),
            alt: null_mut(),
            g,
            inode64,
            failed: false,
        };
        if alt {
            // SAFETY: `g` is live; the program's opendir takes a C string.
            let f = unsafe { (*g).opendir }?;
            // SAFETY: as above.
            d.alt = unsafe { f(path.as_ptr()) };
            if d.alt.is_null() {
                return None;
            }
        } else {
            // SAFETY: `path` is a C string.
            d.host = unsafe { libc::opendir(path.as_ptr()) };
            if d.host.is_null() {
                errno::set_from_linux();
                return None;
            }
        }
        Some(d)
    }

    fn next(&mut self) -> Option<Vec<u8>> {
        let before = errno::get();
        errno::set(0);
        // SAFETY: `host` is an open glibc stream, or `alt` a handle from the
        // program's opendir whose readdir returns NULL or a darwin struct
        // dirent of the variant this entry point uses.
        unsafe {
            let name = if !self.alt.is_null() {
                let f = (*self.g).readdir?;
                let e = f(self.alt);
                if e.is_null() {
                    self.failed = errno::get() != 0;
                    return None;
                }
                if self.inode64 {
                    e.add(21)
                } else {
                    e.add(8)
                }
            } else {
                let e = libc::readdir64(self.host);
                if e.is_null() {
                    if errno::get() != 0 {
                        errno::set_from_linux();
                        self.failed = true;
                    }
                    return None;
                }
                (*e).d_name.as_ptr().cast::<u8>()
            };
            errno::set(before);
            Some(core::ffi::CStr::from_ptr(name.cast()).to_bytes().to_vec())
        }
    }
}

impl Drop for DirIter {
    fn drop(&mut self) {
        // SAFETY: each handle is open and closed once, here.
        unsafe {
            if !self.host.is_null() {
                libc::closedir(self.host);
            } else if !self.alt.is_null() {
                if let Some(f) = (*self.g).closedir {
                    f(self.alt);
                }
            }
        }
    }
}

unsafe fn glob_common(
    pattern: *const c_char,
    flags: c_int,
    errfunc: *mut c_void,
    g: *mut GlobT,
    inode64: bool,
    block: bool,
) -> c_int {
    if pattern.is_null() || g.is_null() {
        errno::set(darwin::EINVAL);
        return GLOB_NOSPACE;
    }
    // SAFETY: the caller's glob_t and C string.
    let pat = unsafe {
        (*g).flags = flags & !(GLOB_MAGCHAR | GLOB_ERR_BLOCK);
        if block {
            (*g).flags |= GLOB_ERR_BLOCK;
        }
        (*g).errfunc = errfunc;
        core::ffi::CStr::from_ptr(pattern).to_bytes()
    };
    let mut st = Globber {
        g,
        inode64,
        braces: 0,
        path_lim: 0,
        readdirs: 0,
        stats: 0,
        strings: 0,
    };
    st.run(pat)
}

/// `glob$INODE64`.
unsafe extern "C" fn glob64(
    pattern: *const c_char,
    flags: c_int,
    errfunc: Option<ErrFn>,
    g: *mut GlobT,
) -> c_int {
    let f = errfunc.map_or(null_mut(), |f| f as *mut c_void);
    // SAFETY: forwarded.
    unsafe { glob_common(pattern, flags, f, g, true, false) }
}

/// `glob` (legacy `struct dirent`/`struct stat` for the callbacks).
unsafe extern "C" fn glob_legacy(
    pattern: *const c_char,
    flags: c_int,
    errfunc: Option<ErrFn>,
    g: *mut GlobT,
) -> c_int {
    let f = errfunc.map_or(null_mut(), |f| f as *mut c_void);
    // SAFETY: forwarded.
    unsafe { glob_common(pattern, flags, f, g, false, false) }
}

/// `glob_b$INODE64`: the error callback is a block.
unsafe extern "C" fn glob_b64(
    pattern: *const c_char,
    flags: c_int,
    block: *mut c_void,
    g: *mut GlobT,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { glob_common(pattern, flags, block, g, true, !block.is_null()) }
}

/// `glob_b` (legacy callbacks).
unsafe extern "C" fn glob_b_legacy(
    pattern: *const c_char,
    flags: c_int,
    block: *mut c_void,
    g: *mut GlobT,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { glob_common(pattern, flags, block, g, false, !block.is_null()) }
}

/// `globfree`: frees the paths and the vector, leaves the counts.
unsafe extern "C" fn globfree(g: *mut GlobT) {
    if g.is_null() {
        return;
    }
    // SAFETY: pathv holds offs + pathc entries we allocated with malloc.
    unsafe {
        let g = &mut *g;
        if g.pathv.is_null() {
            return;
        }
        for k in 0..g.pathc {
            let p = *g.pathv.add(g.offs + k);
            if !p.is_null() {
                libc::free(p.cast());
            }
        }
        libc::free(g.pathv.cast());
        g.pathv = null_mut();
    }
}

// ---- basename, dirname ----

/// darwin's `basename` of `path` (`None`: too long).
fn base_of(path: &[u8]) -> Option<Vec<u8>> {
    if path.is_empty() {
        return Some(b".".to_vec());
    }
    let mut end = path.len();
    while end > 1 && path[end - 1] == b'/' {
        end -= 1;
    }
    let mut start = end - 1;
    while start > 0 && path[start - 1] != b'/' {
        start -= 1;
    }
    (end - start < MAXPATHLEN).then(|| path[start..end].to_vec())
}

/// darwin's `dirname` of `path` (`None`: too long).
fn dir_of(path: &[u8]) -> Option<Vec<u8>> {
    if path.is_empty() {
        return Some(b".".to_vec());
    }
    let mut end = path.len();
    while end > 1 && path[end - 1] == b'/' {
        end -= 1;
    }
    while end > 0 && path[end - 1] != b'/' {
        end -= 1;
    }
    if end == 0 {
        return Some(b".".to_vec());
    }
    while end > 1 && path[end - 1] == b'/' {
        end -= 1;
    }
    (end < MAXPATHLEN).then(|| path[..end].to_vec())
}

/// Applies `f` to the C string `path` (NULL as empty), writing the result
/// into `out` (MAXPATHLEN bytes).
unsafe fn path_op(
    f: fn(&[u8]) -> Option<Vec<u8>>,
    path: *const c_char,
    out: *mut c_char,
) -> *mut c_char {
    // SAFETY: the caller's C string (or NULL).
    let p = if path.is_null() {
        &[][..]
    } else {
        unsafe { core::ffi::CStr::from_ptr(path) }.to_bytes()
    };
    let Some(r) = f(p) else {
        errno::set(darwin::ENAMETOOLONG);
        return null_mut();
    };
    // SAFETY: `out` holds MAXPATHLEN bytes and r.len() < MAXPATHLEN.
    unsafe {
        core::ptr::copy_nonoverlapping(r.as_ptr(), out.cast::<u8>(), r.len());
        *out.add(r.len()) = 0;
    }
    out
}

/// The buffers `basename`/`dirname` return (shared, as darwin's are).
static mut BASE_BUF: [c_char; MAXPATHLEN] = [0; MAXPATHLEN];
static mut DIR_BUF: [c_char; MAXPATHLEN] = [0; MAXPATHLEN];

unsafe extern "C" fn basename_r(path: *const c_char, buf: *mut c_char) -> *mut c_char {
    // SAFETY: forwarded; `buf` holds MAXPATHLEN bytes.
    unsafe { path_op(base_of, path, buf) }
}

unsafe extern "C" fn dirname_r(path: *const c_char, buf: *mut c_char) -> *mut c_char {
    // SAFETY: forwarded; `buf` holds MAXPATHLEN bytes.
    unsafe { path_op(dir_of, path, buf) }
}

unsafe extern "C" fn basename(path: *const c_char) -> *mut c_char {
    // SAFETY: our static buffer of MAXPATHLEN bytes.
    unsafe { path_op(base_of, path, core::ptr::addr_of_mut!(BASE_BUF).cast()) }
}

unsafe extern "C" fn dirname(path: *const c_char) -> *mut c_char {
    // SAFETY: our static buffer of MAXPATHLEN bytes.
    unsafe { path_op(dir_of, path, core::ptr::addr_of_mut!(DIR_BUF).cast()) }
}

// ---- wordexp ----

/// `wordexp_t`: the same three words on darwin and glibc.
#[repr(C)]
pub struct WordexpT {
    pub wordc: usize,
    pub wordv: *mut *mut c_char,
    pub offs: usize,
}
const _: () = assert!(core::mem::size_of::<WordexpT>() == 24);

extern "C" {
    #[link_name = "wordexp"]
    fn host_wordexp(words: *const c_char, we: *mut WordexpT, flags: c_int) -> c_int;
    #[link_name = "wordfree"]
    fn host_wordfree(we: *mut WordexpT);
}

unsafe extern "C" fn wordexp(words: *const c_char, we: *mut WordexpT, flags: c_int) -> c_int {
    // darwin → glibc flags (`<wordexp.h>` on each side).
    const MAP: [(c_int, c_int); 6] = [
        (0x01, 2),
        (0x02, 1),
        (0x04, 4),
        (0x08, 8),
        (0x10, 16),
        (0x20, 32),
    ];
    let mut hflags = 0;
    for (d, h) in MAP {
        if flags & d != 0 {
            hflags |= h;
        }
    }
    // SAFETY: the caller's string and wordexp_t (filled by us before when
    // WRDE_APPEND/WRDE_REUSE are given).
    let r = unsafe { host_wordexp(words, we, hflags) };
    // glibc → darwin results: NOSPACE 1→4, BADCHAR 2→1, BADVAL 3→2,
    // CMDSUB 4→3, SYNTAX 5→6.
    match r {
        1 => 4,
        2 => 1,
        3 => 2,
        4 => 3,
        5 => 6,
        r => r,
    }
}

unsafe extern "C" fn wordfree(we: *mut WordexpT) {
    if we.is_null() {
        return;
    }
    // SAFETY: a wordexp_t our wordexp filled.
    unsafe { host_wordfree(we) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_basename" => basename,
    func "_basename_r" => basename_r,
    func "_dirname" => dirname,
    func "_dirname_r" => dirname_r,
    func "_wordexp" => wordexp,
    func "_wordfree" => wordfree,
    func "_glob" => glob_legacy,
    func "_glob$INODE64" => glob64,
    func "_glob_b" => glob_b_legacy,
    func "_glob_b$INODE64" => glob_b64,
    func "_globfree" => globfree,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(s: &str) -> Vec<Ch> {
        s.bytes()
            .map(|b| match b {
                b'*' => M_ALL,
                b'?' => M_ONE,
                _ => lit(b),
            })
            .collect()
    }

    #[test]
    fn paths() {
        let b = |p: &str| String::from_utf8(base_of(p.as_bytes()).unwrap()).unwrap();
        let d = |p: &str| String::from_utf8(dir_of(p.as_bytes()).unwrap()).unwrap();
        assert_eq!(b(""), ".");
        assert_eq!(b("/"), "/");
        assert_eq!(b("///"), "/");
        assert_eq!(b("/usr/lib/"), "lib");
        assert_eq!(b("a"), "a");
        assert_eq!(d(""), ".");
        assert_eq!(d("/"), "/");
        assert_eq!(d("a"), ".");
        assert_eq!(d("/a"), "/");
        assert_eq!(d("a/b/"), "a");
        assert_eq!(d("//a//b//"), "//a");
    }

    #[test]
    fn matching() {
        assert!(glob_match(b"abc", &seg("a*")));
        assert!(glob_match(b"abc", &seg("*c")));
        assert!(glob_match(b"abcbc", &seg("a*bc")));
        assert!(!glob_match(b"ab", &seg("a?c")));
        assert!(glob_match(b"a", &seg("a*")));
        let set = [M_SET, lit(b'a'), M_RNG, lit(b'c'), M_END, M_ALL];
        assert!(glob_match(b"bz", &set));
        assert!(!glob_match(b"dz", &set));
        let neg = [M_SET, M_NOT, lit(b'a'), M_END];
        assert!(glob_match(b"b", &neg));
        assert!(!glob_match(b"a", &neg));
    }
}
