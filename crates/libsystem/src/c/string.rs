//! `<string.h>`, `<strings.h>`: byte strings and memory. Their darwin ABI is
//! glibc's, so most are glibc's own; the fortified `___*_chk` entry points
//! match glibc's `__*_chk` too. Only what glibc lacks is written here.

use libc::{c_char, c_int, c_void, size_t};

extern "C" {
    fn __memcpy_chk(d: *mut c_void, s: *const c_void, n: size_t, dl: size_t) -> *mut c_void;
    fn __memmove_chk(d: *mut c_void, s: *const c_void, n: size_t, dl: size_t) -> *mut c_void;
    fn __memset_chk(d: *mut c_void, c: c_int, n: size_t, dl: size_t) -> *mut c_void;
    fn __strcpy_chk(d: *mut c_char, s: *const c_char, dl: size_t) -> *mut c_char;
    fn __stpcpy_chk(d: *mut c_char, s: *const c_char, dl: size_t) -> *mut c_char;
    fn __strcat_chk(d: *mut c_char, s: *const c_char, dl: size_t) -> *mut c_char;
    fn __strncpy_chk(d: *mut c_char, s: *const c_char, n: size_t, dl: size_t) -> *mut c_char;
    fn __strncat_chk(d: *mut c_char, s: *const c_char, n: size_t, dl: size_t) -> *mut c_char;
    fn __stpncpy_chk(d: *mut c_char, s: *const c_char, n: size_t, dl: size_t) -> *mut c_char;
    fn strsep(s: *mut *mut c_char, delim: *const c_char) -> *mut c_char;
    fn strchrnul(s: *const c_char, c: c_int) -> *mut c_char;
    fn bcopy(s: *const c_void, d: *mut c_void, n: size_t);
    fn bzero(s: *mut c_void, n: size_t);
    fn bcmp(a: *const c_void, b: *const c_void, n: size_t) -> c_int;
    fn index(s: *const c_char, c: c_int) -> *mut c_char;
    fn rindex(s: *const c_char, c: c_int) -> *mut c_char;
    fn ffs(i: c_int) -> c_int;
    fn ffsl(i: libc::c_long) -> c_int;
    fn ffsll(i: libc::c_longlong) -> c_int;
    fn strcasestr(h: *const c_char, n: *const c_char) -> *mut c_char;
    fn memccpy(d: *mut c_void, s: *const c_void, c: c_int, n: size_t) -> *mut c_void;
    fn stpncpy(d: *mut c_char, s: *const c_char, n: size_t) -> *mut c_char;
    fn strtok(s: *mut c_char, d: *const c_char) -> *mut c_char;
    fn strcoll(a: *const c_char, b: *const c_char) -> c_int;
    fn strxfrm(d: *mut c_char, s: *const c_char, n: size_t) -> size_t;
    fn strverscmp(a: *const c_char, b: *const c_char) -> c_int;
    fn explicit_bzero(s: *mut c_void, n: size_t);
}

/// BSD `strlcpy`: copies with truncation, always terminates, returns strlen(src).
unsafe extern "C" fn strlcpy(dst: *mut c_char, src: *const c_char, size: size_t) -> size_t {
    // SAFETY: the caller passes a C string and a buffer of `size` bytes.
    unsafe {
        let len = libc::strlen(src);
        if size != 0 {
            let n = len.min(size - 1);
            core::ptr::copy_nonoverlapping(src, dst, n);
            *dst.add(n) = 0;
        }
        len
    }
}

/// BSD `strlcat`: appends with truncation, returns the length it tried to make.
unsafe extern "C" fn strlcat(dst: *mut c_char, src: *const c_char, size: size_t) -> size_t {
    // SAFETY: the caller passes a terminated string in a buffer of `size` bytes.
    unsafe {
        let dlen = libc::strnlen(dst, size);
        if dlen == size {
            return size + libc::strlen(src);
        }
        dlen + strlcpy(dst.add(dlen), src, size - dlen)
    }
}

/// darwin `memset_pattern4/8/16`: fills `len` bytes with a repeated pattern.
unsafe fn memset_pattern(dst: *mut c_void, pat: *const c_void, plen: usize, len: size_t) {
    // SAFETY: the caller passes `len` writable bytes and `plen` readable bytes.
    unsafe {
        let d = dst.cast::<u8>();
        let p = pat.cast::<u8>();
        for i in 0..len {
            *d.add(i) = *p.add(i % plen);
        }
    }
}
unsafe extern "C" fn memset_pattern4(d: *mut c_void, p: *const c_void, n: size_t) {
    // SAFETY: forwarded contract.
    unsafe { memset_pattern(d, p, 4, n) }
}
unsafe extern "C" fn memset_pattern8(d: *mut c_void, p: *const c_void, n: size_t) {
    // SAFETY: forwarded contract.
    unsafe { memset_pattern(d, p, 8, n) }
}
unsafe extern "C" fn memset_pattern16(d: *mut c_void, p: *const c_void, n: size_t) {
    // SAFETY: forwarded contract.
    unsafe { memset_pattern(d, p, 16, n) }
}

/// darwin `___strlcpy_chk` / `___strlcat_chk`: abort when the object is too small.
unsafe extern "C" fn strlcpy_chk(
    d: *mut c_char,
    s: *const c_char,
    n: size_t,
    dl: size_t,
) -> size_t {
    if n > dl {
        crate::c::stdlib::fortify_fail("strlcpy");
    }
    // SAFETY: forwarded contract.
    unsafe { strlcpy(d, s, n) }
}
unsafe extern "C" fn strlcat_chk(
    d: *mut c_char,
    s: *const c_char,
    n: size_t,
    dl: size_t,
) -> size_t {
    if n > dl {
        crate::c::stdlib::fortify_fail("strlcat");
    }
    // SAFETY: forwarded contract.
    unsafe { strlcat(d, s, n) }
}

/// `strerror`: darwin errno numbers, glibc's texts.
pub extern "C" fn strerror(e: c_int) -> *mut c_char {
    match crate::errno::darwin_to_linux(e) {
        // SAFETY: glibc's strerror returns a static or thread-local string.
        Some(l) => unsafe { libc::strerror(l) },
        None => {
            static UNKNOWN: &[u8] = b"Unknown error\0";
            UNKNOWN.as_ptr() as *mut c_char
        }
    }
}

/// darwin `strerror_r` is the XSI one: returns 0 or an errno, fills `buf`.
unsafe extern "C" fn strerror_r(e: c_int, buf: *mut c_char, len: size_t) -> c_int {
    let msg = strerror(e);
    // SAFETY: `msg` is a C string; `buf` holds `len` bytes.
    unsafe {
        let need = libc::strlen(msg);
        if len == 0 {
            return crate::errno::darwin::ERANGE;
        }
        strlcpy(buf, msg, len);
        if need >= len {
            crate::errno::darwin::ERANGE
        } else if crate::errno::darwin_to_linux(e).is_none() {
            crate::errno::darwin::EINVAL
        } else {
            0
        }
    }
}

/// darwin `strmode` (BSD): `mode` as `ls -l` shows it, "drwxr-xr-x "
/// (type, nine permission characters with s/S/t/T for set-id and sticky,
/// then a space where ls puts an ACL mark) and a NUL: 12 bytes. GNU
/// coreutils' `filemode` (ls, stat, cp...) uses it when libc has it.
unsafe extern "C" fn strmode(mode: c_int, bp: *mut c_char) {
    let m = mode as u32;
    let kind = match m & 0o170000 {
        0o040000 => b'd',
        0o020000 => b'c',
        0o060000 => b'b',
        0o100000 => b'-',
        0o120000 => b'l',
        0o140000 => b's',
        0o010000 => b'p',
        0o160000 => b'w', // S_IFWHT: a whiteout
        _ => b'?',
    };
    // (read bit, write bit, exec bit, special bit, char if special+exec, char if special only)
    let triples = [
        (0o400, 0o200, 0o100, 0o4000, b's', b'S'),
        (0o040, 0o020, 0o010, 0o2000, b's', b'S'),
        (0o004, 0o002, 0o001, 0o1000, b't', b'T'),
    ];
    let mut out = [0u8; 12];
    out[0] = kind;
    for (i, &(r, w, x, special, both, only)) in triples.iter().enumerate() {
        out[1 + 3 * i] = if m & r != 0 { b'r' } else { b'-' };
        out[2 + 3 * i] = if m & w != 0 { b'w' } else { b'-' };
        out[3 + 3 * i] = match (m & x != 0, m & special != 0) {
            (true, true) => both,
            (false, true) => only,
            (true, false) => b'x',
            (false, false) => b'-',
        };
    }
    out[10] = b' ';
    // SAFETY: the caller passes a buffer of at least 12 bytes (strmode(3)).
    unsafe { core::ptr::copy_nonoverlapping(out.as_ptr().cast::<c_char>(), bp, out.len()) };
}

/// darwin `memset_s` (C11 Annex K): like memset, but never optimized away;
/// returns an errno value instead of setting errno. A null `s` is EINVAL,
/// a `smax` above RSIZE_MAX E2BIG (nothing written); `n > smax` fills
/// `smax` bytes and returns EOVERFLOW.
unsafe extern "C" fn memset_s(s: *mut c_void, smax: size_t, c: c_int, n: size_t) -> c_int {
    use crate::errno::darwin::{EINVAL, EOVERFLOW};
    // E2BIG is 7 on both systems (the numbers differ only from 35 on).
    const E2BIG: c_int = libc::E2BIG;
    const RSIZE_MAX: size_t = size_t::MAX >> 1;
    if s.is_null() {
        return EINVAL;
    }
    if smax > RSIZE_MAX {
        return E2BIG;
    }
    let count = n.min(smax);
    for i in 0..count {
        // SAFETY: `s` has room for `smax` bytes (the caller's promise) and
        // i < count <= smax; volatile so the stores are not elided.
        unsafe { core::ptr::write_volatile(s.cast::<u8>().add(i), c as u8) };
    }
    if n > smax {
        EOVERFLOW
    } else {
        0
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    host "_memcpy" => libc::memcpy,
    host "_memmove" => libc::memmove,
    host "_memset" => libc::memset,
    host "_memcmp" => libc::memcmp,
    host "_memchr" => libc::memchr,
    host "_memrchr" => libc::memrchr,
    host "_memmem" => libc::memmem,
    host "_memccpy" => memccpy,
    host "_strlen" => libc::strlen,
    host "_strnlen" => libc::strnlen,
    host "_strcpy" => libc::strcpy,
    host "_strncpy" => libc::strncpy,
    host "_stpcpy" => libc::stpcpy,
    host "_stpncpy" => stpncpy,
    host "_strcat" => libc::strcat,
    host "_strncat" => libc::strncat,
    host "_strcmp" => libc::strcmp,
    host "_strncmp" => libc::strncmp,
    host "_strcasecmp" => libc::strcasecmp,
    host "_strncasecmp" => libc::strncasecmp,
    host "_strchr" => libc::strchr,
    host "_strrchr" => libc::strrchr,
    // New in macOS 15.4 (weakly imported by programs built for older
    // releases, e.g. bash); the same as glibc's.
    host "_strchrnul" => strchrnul,
    host "_strstr" => libc::strstr,
    host "_strcasestr" => strcasestr,
    host "_strdup" => libc::strdup,
    host "_strndup" => libc::strndup,
    host "_strspn" => libc::strspn,
    host "_strcspn" => libc::strcspn,
    host "_strpbrk" => libc::strpbrk,
    host "_strtok" => strtok,
    host "_strtok_r" => libc::strtok_r,
    host "_strsep" => strsep,
    host "_strcoll" => strcoll,
    host "_strxfrm" => strxfrm,
    host "_strverscmp" => strverscmp,
    // Our locales collate by code point (byte order for UTF-8) and fold
    // case only in ASCII for byte strings, which is glibc's C locale; the
    // trailing `locale_t` is ignored by the callee (System V convention).
    host "_strcoll_l" => strcoll,
    host "_strxfrm_l" => strxfrm,
    host "_strcasecmp_l" => libc::strcasecmp,
    host "_strncasecmp_l" => libc::strncasecmp,
    host "_strcasestr_l" => strcasestr,
    func "_strlcpy" => strlcpy,
    func "_strmode" => strmode,
    func "_memset_s" => memset_s,
    func "_strlcat" => strlcat,
    func "_strerror" => strerror,
    func "_strerror_r" => strerror_r,
    host "_bcopy" => bcopy,
    host "_bzero" => bzero,
    host "___bzero" => bzero,
    host "_explicit_bzero" => explicit_bzero,
    host "_bcmp" => bcmp,
    host "_index" => index,
    host "_rindex" => rindex,
    host "_ffs" => ffs,
    host "_ffsl" => ffsl,
    host "_ffsll" => ffsll,
    func "_memset_pattern4" => memset_pattern4,
    func "_memset_pattern8" => memset_pattern8,
    func "_memset_pattern16" => memset_pattern16,
    host "___memcpy_chk" => __memcpy_chk,
    host "___memmove_chk" => __memmove_chk,
    host "___memset_chk" => __memset_chk,
    host "___strcpy_chk" => __strcpy_chk,
    host "___stpcpy_chk" => __stpcpy_chk,
    host "___strcat_chk" => __strcat_chk,
    host "___strncpy_chk" => __strncpy_chk,
    host "___strncat_chk" => __strncat_chk,
    host "___stpncpy_chk" => __stpncpy_chk,
    func "___strlcpy_chk" => strlcpy_chk,
    func "___strlcat_chk" => strlcat_chk,
};
