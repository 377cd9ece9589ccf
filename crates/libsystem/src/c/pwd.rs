//! The user and group databases: `getpwnam`, `getpwuid`, `getpwent`,
//! `getgrnam`, `getgrgid`, `getgrent`, their `_r` forms, `getgrouplist`,
//! `initgroups`, `user_from_uid`, `group_from_gid`, `getlogin`.
//!
//! macOS answers these from Open Directory; we read flat files in the
//! classic formats: `<prefix>/etc/passwd` and `<prefix>/etc/group`, where
//! the prefix is `$CALVADOS_PREFIX`, else `~/.calvados`, when that file
//! exists there (the prefix itself is laid out by later work), else the
//! host's `/etc/passwd` and `/etc/group`. A passwd line may have the 7
//! fields of `/etc/passwd` or the 10 of BSD's `master.passwd` (with
//! `pw_class`, `pw_change`, `pw_expire`; they are `""`, 0 and 0 otherwise).
//!
//! The non-reentrant functions return per-thread storage, valid until the
//! thread's next call of the same family.

use core::cell::RefCell;
use core::ptr::null_mut;
use libc::{c_char, c_int, size_t};

/// darwin `struct passwd` (`<pwd.h>`).
#[repr(C)]
pub struct Passwd {
    pub pw_name: *mut c_char,
    pub pw_passwd: *mut c_char,
    pub pw_uid: u32,
    pub pw_gid: u32,
    pub pw_change: i64,
    pub pw_class: *mut c_char,
    pub pw_gecos: *mut c_char,
    pub pw_dir: *mut c_char,
    pub pw_shell: *mut c_char,
    pub pw_expire: i64,
}

/// darwin `struct group` (`<grp.h>`).
#[repr(C)]
pub struct Group {
    pub gr_name: *mut c_char,
    pub gr_passwd: *mut c_char,
    pub gr_gid: u32,
    pub gr_mem: *mut *mut c_char,
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<Passwd>() == 72);
    assert!(offset_of!(Passwd, pw_uid) == 16);
    assert!(offset_of!(Passwd, pw_gid) == 20);
    assert!(offset_of!(Passwd, pw_change) == 24);
    assert!(offset_of!(Passwd, pw_class) == 32);
    assert!(offset_of!(Passwd, pw_gecos) == 40);
    assert!(offset_of!(Passwd, pw_dir) == 48);
    assert!(offset_of!(Passwd, pw_shell) == 56);
    assert!(offset_of!(Passwd, pw_expire) == 64);
    assert!(size_of::<Group>() == 32);
    assert!(offset_of!(Group, gr_gid) == 16);
    assert!(offset_of!(Group, gr_mem) == 24);
};

/// One parsed passwd entry.
#[derive(Clone, Debug, PartialEq)]
struct PwEnt {
    name: Vec<u8>,
    passwd: Vec<u8>,
    uid: u32,
    gid: u32,
    change: i64,
    class: Vec<u8>,
    gecos: Vec<u8>,
    dir: Vec<u8>,
    shell: Vec<u8>,
    expire: i64,
}

/// One parsed group entry.
#[derive(Clone, Debug, PartialEq)]
struct GrEnt {
    name: Vec<u8>,
    passwd: Vec<u8>,
    gid: u32,
    mem: Vec<Vec<u8>>,
}

fn num<T: core::str::FromStr>(b: &[u8]) -> Option<T> {
    core::str::from_utf8(b).ok()?.parse().ok()
}

/// A uid or gid field: macOS's own files write `nobody` and `nogroup` as
/// -2 and -1, which are the ids 4294967294 and 4294967295.
fn id(b: &[u8]) -> Option<u32> {
    num::<u32>(b).or_else(|| num::<i32>(b).filter(|v| *v < 0).map(|v| v as u32))
}

fn parse_pw(line: &[u8]) -> Option<PwEnt> {
    let f: Vec<&[u8]> = line.split(|&c| c == b':').collect();
    match f.len() {
        7 => Some(PwEnt {
            name: f[0].to_vec(),
            passwd: f[1].to_vec(),
            uid: id(f[2])?,
            gid: id(f[3])?,
            change: 0,
            class: Vec::new(),
            gecos: f[4].to_vec(),
            dir: f[5].to_vec(),
            shell: f[6].to_vec(),
            expire: 0,
        }),
        10 => Some(PwEnt {
            name: f[0].to_vec(),
            passwd: f[1].to_vec(),
            uid: id(f[2])?,
            gid: id(f[3])?,
            class: f[4].to_vec(),
            change: num(f[5]).unwrap_or(0),
            expire: num(f[6]).unwrap_or(0),
            gecos: f[7].to_vec(),
            dir: f[8].to_vec(),
            shell: f[9].to_vec(),
        }),
        _ => None,
    }
}

fn parse_gr(line: &[u8]) -> Option<GrEnt> {
    let f: Vec<&[u8]> = line.split(|&c| c == b':').collect();
    if f.len() != 4 {
        return None;
    }
    Some(GrEnt {
        name: f[0].to_vec(),
        passwd: f[1].to_vec(),
        gid: id(f[2])?,
        mem: f[3]
            .split(|&c| c == b',')
            .filter(|m| !m.is_empty())
            .map(<[u8]>::to_vec)
            .collect(),
    })
}

fn getenv(name: &core::ffi::CStr) -> Option<Vec<u8>> {
    // SAFETY: getenv with a C string; the value is copied at once.
    let v = unsafe { libc::getenv(name.as_ptr()) };
    if v.is_null() {
        return None;
    }
    // SAFETY: getenv returned a C string.
    let b = unsafe { core::ffi::CStr::from_ptr(v) }.to_bytes();
    (!b.is_empty()).then(|| b.to_vec())
}

/// The database file `etc/<leaf>`: in the prefix when it is there, else
/// the host's.
fn db_path(leaf: &str) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStringExt;
    let prefix = getenv(c"CALVADOS_PREFIX")
        .map(std::ffi::OsString::from_vec)
        .or_else(|| {
            getenv(c"HOME").map(|h| {
                let mut p = std::path::PathBuf::from(std::ffi::OsString::from_vec(h));
                p.push(".calvados");
                p.into_os_string()
            })
        });
    if let Some(p) = prefix {
        let candidate = std::path::Path::new(&p).join("etc").join(leaf);
        if candidate.is_file() {
            return candidate;
        }
    }
    std::path::Path::new("/etc").join(leaf)
}

/// The useful lines of a database file (no comments, no NIS `+`/`-`).
fn lines(leaf: &str) -> Vec<Vec<u8>> {
    let Ok(text) = std::fs::read(db_path(leaf)) else {
        return Vec::new();
    };
    text.split(|&c| c == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty() && !matches!(l[0], b'#' | b'+' | b'-'))
        .map(<[u8]>::to_vec)
        .collect()
}

fn all_pw() -> Vec<PwEnt> {
    lines("passwd").iter().filter_map(|l| parse_pw(l)).collect()
}

fn all_gr() -> Vec<GrEnt> {
    lines("group").iter().filter_map(|l| parse_gr(l)).collect()
}

/// Lays strings out in a caller's buffer.
struct Packer {
    buf: *mut u8,
    len: usize,
    used: usize,
}

impl Packer {
    /// Copies `s` and a NUL; `None` when the buffer is full.
    fn str(&mut self, s: &[u8]) -> Option<*mut c_char> {
        if self.len - self.used < s.len() + 1 {
            return None;
        }
        // SAFETY: within the caller's buffer of `len` bytes.
        unsafe {
            let p = self.buf.add(self.used);
            core::ptr::copy_nonoverlapping(s.as_ptr(), p, s.len());
            *p.add(s.len()) = 0;
            self.used += s.len() + 1;
            Some(p.cast())
        }
    }

    /// Room for `n` pointers, aligned.
    fn ptrs(&mut self, n: usize) -> Option<*mut *mut c_char> {
        let align = core::mem::align_of::<*mut c_char>();
        let start = (self.buf as usize + self.used).next_multiple_of(align) - self.buf as usize;
        let need = n * core::mem::size_of::<*mut c_char>();
        if start > self.len || self.len - start < need {
            return None;
        }
        self.used = start + need;
        // SAFETY: an aligned slot inside the caller's buffer.
        Some(unsafe { self.buf.add(start) }.cast())
    }
}

/// Fills `pw` from `e` with strings in `buf`; false when `buf` is too small.
fn fill_pw(e: &PwEnt, pw: &mut Passwd, buf: *mut c_char, len: usize) -> bool {
    let mut p = Packer {
        buf: buf.cast(),
        len,
        used: 0,
    };
    let mut go = || -> Option<()> {
        pw.pw_name = p.str(&e.name)?;
        pw.pw_passwd = p.str(&e.passwd)?;
        pw.pw_class = p.str(&e.class)?;
        pw.pw_gecos = p.str(&e.gecos)?;
        pw.pw_dir = p.str(&e.dir)?;
        pw.pw_shell = p.str(&e.shell)?;
        pw.pw_uid = e.uid;
        pw.pw_gid = e.gid;
        pw.pw_change = e.change;
        pw.pw_expire = e.expire;
        Some(())
    };
    go().is_some()
}

/// Fills `gr` from `e` (member array and strings in `buf`).
fn fill_gr(e: &GrEnt, gr: &mut Group, buf: *mut c_char, len: usize) -> bool {
    let mut p = Packer {
        buf: buf.cast(),
        len,
        used: 0,
    };
    let mut go = || -> Option<()> {
        let mem = p.ptrs(e.mem.len() + 1)?;
        for (i, m) in e.mem.iter().enumerate() {
            let s = p.str(m)?;
            // SAFETY: `mem` has room for every member and the NULL.
            unsafe { *mem.add(i) = s };
        }
        // SAFETY: as above.
        unsafe { *mem.add(e.mem.len()) = null_mut() };
        gr.gr_mem = mem;
        gr.gr_name = p.str(&e.name)?;
        gr.gr_passwd = p.str(&e.passwd)?;
        gr.gr_gid = e.gid;
        Some(())
    };
    go().is_some()
}

/// Per-thread results of the non-reentrant functions.
struct Slot<T> {
    rec: T,
    buf: Vec<u8>,
}

thread_local! {
    static PW: RefCell<Slot<Passwd>> = const { RefCell::new(Slot {
        rec: Passwd {
            pw_name: null_mut(),
            pw_passwd: null_mut(),
            pw_uid: 0,
            pw_gid: 0,
            pw_change: 0,
            pw_class: null_mut(),
            pw_gecos: null_mut(),
            pw_dir: null_mut(),
            pw_shell: null_mut(),
            pw_expire: 0,
        },
        buf: Vec::new(),
    }) };
    static GR: RefCell<Slot<Group>> = const { RefCell::new(Slot {
        rec: Group {
            gr_name: null_mut(),
            gr_passwd: null_mut(),
            gr_gid: 0,
            gr_mem: null_mut(),
        },
        buf: Vec::new(),
    }) };
    /// The getpwent/getgrent cursors: the entries and the next index.
    static PW_CURSOR: RefCell<Option<(Vec<PwEnt>, usize)>> = const { RefCell::new(None) };
    static GR_CURSOR: RefCell<Option<(Vec<GrEnt>, usize)>> = const { RefCell::new(None) };
}

fn size_pw(e: &PwEnt) -> usize {
    e.name.len() + e.passwd.len() + e.class.len() + e.gecos.len() + e.dir.len() + e.shell.len() + 6
}

fn size_gr(e: &GrEnt) -> usize {
    8 * (e.mem.len() + 2)
        + e.name.len()
        + e.passwd.len()
        + 2
        + e.mem.iter().map(|m| m.len() + 1).sum::<usize>()
}

/// Stores `e` in the thread's passwd slot and returns it.
fn keep_pw(e: Option<PwEnt>) -> *mut Passwd {
    let Some(e) = e else {
        return null_mut();
    };
    PW.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        s.buf = vec![0; size_pw(&e)];
        let len = s.buf.len();
        fill_pw(&e, &mut s.rec, s.buf.as_mut_ptr().cast(), len);
        &mut s.rec as *mut Passwd
    })
}

fn keep_gr(e: Option<GrEnt>) -> *mut Group {
    let Some(e) = e else {
        return null_mut();
    };
    GR.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        s.buf = vec![0; size_gr(&e)];
        let len = s.buf.len();
        fill_gr(&e, &mut s.rec, s.buf.as_mut_ptr().cast(), len);
        &mut s.rec as *mut Group
    })
}

fn cstr<'a>(p: *const c_char) -> &'a [u8] {
    // SAFETY: the program passes a C string.
    unsafe { core::ffi::CStr::from_ptr(p) }.to_bytes()
}

fn pw_by_name(name: &[u8]) -> Option<PwEnt> {
    all_pw().into_iter().find(|e| e.name == name)
}

fn pw_by_uid(uid: u32) -> Option<PwEnt> {
    all_pw().into_iter().find(|e| e.uid == uid)
}

fn gr_by_name(name: &[u8]) -> Option<GrEnt> {
    all_gr().into_iter().find(|e| e.name == name)
}

fn gr_by_gid(gid: u32) -> Option<GrEnt> {
    all_gr().into_iter().find(|e| e.gid == gid)
}

unsafe extern "C" fn getpwnam(name: *const c_char) -> *mut Passwd {
    if name.is_null() {
        return null_mut();
    }
    keep_pw(pw_by_name(cstr(name)))
}

extern "C" fn getpwuid(uid: u32) -> *mut Passwd {
    keep_pw(pw_by_uid(uid))
}

/// The `_r` contract: 0 and `*result = NULL` when not found, ERANGE when
/// `buf` is too small.
///
/// # Safety
/// `pw`, `buf` (of `len` bytes) and `result` are the caller's.
unsafe fn pw_r(
    e: Option<PwEnt>,
    pw: *mut Passwd,
    buf: *mut c_char,
    len: size_t,
    result: *mut *mut Passwd,
) -> c_int {
    // SAFETY: the caller's pointers.
    unsafe {
        *result = null_mut();
        let Some(e) = e else {
            return 0;
        };
        if !fill_pw(&e, &mut *pw, buf, len) {
            return crate::errno::darwin::ERANGE;
        }
        *result = pw;
    }
    0
}

unsafe extern "C" fn getpwnam_r(
    name: *const c_char,
    pw: *mut Passwd,
    buf: *mut c_char,
    len: size_t,
    result: *mut *mut Passwd,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { pw_r(pw_by_name(cstr(name)), pw, buf, len, result) }
}

unsafe extern "C" fn getpwuid_r(
    uid: u32,
    pw: *mut Passwd,
    buf: *mut c_char,
    len: size_t,
    result: *mut *mut Passwd,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { pw_r(pw_by_uid(uid), pw, buf, len, result) }
}

extern "C" fn setpwent() {
    PW_CURSOR.with(|c| *c.borrow_mut() = Some((all_pw(), 0)));
}

extern "C" fn endpwent() {
    PW_CURSOR.with(|c| *c.borrow_mut() = None);
}

/// `setpassent(stayopen)`: rewinds the database; 1 (success).
extern "C" fn setpassent(_stayopen: c_int) -> c_int {
    setpwent();
    1
}

extern "C" fn getpwent() -> *mut Passwd {
    let e = PW_CURSOR.with(|c| {
        let mut c = c.borrow_mut();
        let (list, i) = c.get_or_insert_with(|| (all_pw(), 0));
        let e = list.get(*i).cloned();
        *i += 1;
        e
    });
    keep_pw(e)
}

unsafe extern "C" fn getgrnam(name: *const c_char) -> *mut Group {
    if name.is_null() {
        return null_mut();
    }
    keep_gr(gr_by_name(cstr(name)))
}

extern "C" fn getgrgid(gid: u32) -> *mut Group {
    keep_gr(gr_by_gid(gid))
}

/// # Safety
/// `gr`, `buf` (of `len` bytes) and `result` are the caller's.
unsafe fn gr_r(
    e: Option<GrEnt>,
    gr: *mut Group,
    buf: *mut c_char,
    len: size_t,
    result: *mut *mut Group,
) -> c_int {
    // SAFETY: the caller's pointers.
    unsafe {
        *result = null_mut();
        let Some(e) = e else {
            return 0;
        };
        if !fill_gr(&e, &mut *gr, buf, len) {
            return crate::errno::darwin::ERANGE;
        }
        *result = gr;
    }
    0
}

unsafe extern "C" fn getgrnam_r(
    name: *const c_char,
    gr: *mut Group,
    buf: *mut c_char,
    len: size_t,
    result: *mut *mut Group,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { gr_r(gr_by_name(cstr(name)), gr, buf, len, result) }
}

unsafe extern "C" fn getgrgid_r(
    gid: u32,
    gr: *mut Group,
    buf: *mut c_char,
    len: size_t,
    result: *mut *mut Group,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { gr_r(gr_by_gid(gid), gr, buf, len, result) }
}

extern "C" fn setgrent() {
    GR_CURSOR.with(|c| *c.borrow_mut() = Some((all_gr(), 0)));
}

/// `setgroupent(stayopen)`: rewinds the database; 1 (success).
extern "C" fn setgroupent(_stayopen: c_int) -> c_int {
    setgrent();
    1
}

extern "C" fn endgrent() {
    GR_CURSOR.with(|c| *c.borrow_mut() = None);
}

extern "C" fn getgrent() -> *mut Group {
    let e = GR_CURSOR.with(|c| {
        let mut c = c.borrow_mut();
        let (list, i) = c.get_or_insert_with(|| (all_gr(), 0));
        let e = list.get(*i).cloned();
        *i += 1;
        e
    });
    keep_gr(e)
}

/// The groups of user `name`: `base` first, then every group listing the
/// user as a member, each once.
fn group_list(name: &[u8], base: u32) -> Vec<u32> {
    let mut v = vec![base];
    for g in all_gr() {
        if g.mem.iter().any(|m| m == name) && !v.contains(&g.gid) {
            v.push(g.gid);
        }
    }
    v
}

/// `getgrouplist(name, basegid, groups, &ngroups)`: -1 when the array is
/// too small (it then holds what fits); `*ngroups` is the number found.
unsafe extern "C" fn getgrouplist(
    name: *const c_char,
    base: c_int,
    groups: *mut c_int,
    ngroups: *mut c_int,
) -> c_int {
    let list = group_list(cstr(name), base as u32);
    // SAFETY: the caller's array of `*ngroups` entries and count.
    unsafe {
        let cap = (*ngroups).max(0) as usize;
        for (i, &g) in list.iter().take(cap).enumerate() {
            *groups.add(i) = g as c_int;
        }
        *ngroups = list.len().min(cap) as c_int;
        if list.len() > cap {
            return -1;
        }
    }
    0
}

/// `initgroups(name, basegid)`: sets the process' supplementary groups.
unsafe extern "C" fn initgroups(name: *const c_char, base: c_int) -> c_int {
    let list: Vec<libc::gid_t> = group_list(cstr(name), base as u32);
    // SAFETY: a valid array of `len` gids.
    crate::errno::check(unsafe { libc::setgroups(list.len(), list.as_ptr()) })
}

// Per-thread answers of `user_from_uid`/`group_from_gid`.
thread_local! {
    static NAME: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn keep_name(s: &[u8]) -> *mut c_char {
    NAME.with(|n| {
        let mut n = n.borrow_mut();
        n.clear();
        n.extend_from_slice(s);
        n.push(0);
        n.as_mut_ptr().cast()
    })
}

/// `user_from_uid(uid, nouser)`: the name, or (when `nouser` is 0) the
/// number in decimal, else NULL.
extern "C" fn user_from_uid(uid: u32, nouser: c_int) -> *mut c_char {
    match pw_by_uid(uid) {
        Some(e) => keep_name(&e.name),
        None if nouser == 0 => keep_name(uid.to_string().as_bytes()),
        None => null_mut(),
    }
}

/// `group_from_gid(gid, nogroup)`: as `user_from_uid`.
extern "C" fn group_from_gid(gid: u32, nogroup: c_int) -> *mut c_char {
    match gr_by_gid(gid) {
        Some(e) => keep_name(&e.name),
        None if nogroup == 0 => keep_name(gid.to_string().as_bytes()),
        None => null_mut(),
    }
}

extern "C" {
    fn getlogin_r(buf: *mut c_char, len: size_t) -> c_int;
}

/// `getlogin()`: the session's login name (glibc's answer from the
/// kernel's login uid), errno translated.
extern "C" fn getlogin() -> *mut c_char {
    // SAFETY: no arguments.
    let p = unsafe { libc::getlogin() };
    if p.is_null() {
        crate::errno::set_from_linux();
    }
    p
}

/// `getlogin_r(buf, len)`: 0 or a darwin errno.
unsafe extern "C" fn getlogin_r_darwin(buf: *mut c_char, len: size_t) -> c_int {
    // SAFETY: the caller's buffer of `len` bytes.
    let r = unsafe { getlogin_r(buf, len) };
    if r == 0 {
        0
    } else {
        crate::errno::linux_to_darwin(r)
    }
}

/// `getgroups(n, list)`: the same call and errors on both systems.
unsafe extern "C" fn getgroups(n: c_int, list: *mut libc::gid_t) -> c_int {
    // SAFETY: the caller's array of `n` gids.
    crate::errno::check(unsafe { libc::getgroups(n, list) })
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getpwnam" => getpwnam,
    func "_getpwuid" => getpwuid,
    func "_getpwnam_r" => getpwnam_r,
    func "_getpwuid_r" => getpwuid_r,
    func "_getpwent" => getpwent,
    func "_setpwent" => setpwent,
    func "_endpwent" => endpwent,
    func "_setpassent" => setpassent,
    func "_getgrnam" => getgrnam,
    func "_getgrgid" => getgrgid,
    func "_getgrnam_r" => getgrnam_r,
    func "_getgrgid_r" => getgrgid_r,
    func "_getgrent" => getgrent,
    func "_setgrent" => setgrent,
    func "_setgroupent" => setgroupent,
    func "_endgrent" => endgrent,
    func "_getgrouplist" => getgrouplist,
    func "_initgroups" => initgroups,
    func "_user_from_uid" => user_from_uid,
    func "_group_from_gid" => group_from_gid,
    func "_getlogin" => getlogin,
    func "_getlogin_r" => getlogin_r_darwin,
    func "_getgroups" => getgroups,
    func "_getgroups$DARWIN_EXTSN" => getgroups,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_ids() {
        let e = parse_pw(b"nobody:*:-2:-2:Unprivileged User:/var/empty:/usr/bin/false").unwrap();
        assert_eq!((e.uid, e.gid), (4294967294, 4294967294));
        assert_eq!(parse_gr(b"nogroup:*:-1:").unwrap().gid, u32::MAX);
        assert!(parse_pw(b"x:*:-2x:0:::").is_none());
    }

    #[test]
    fn parses_both_formats() {
        let e = parse_pw(b"root:x:0:0:root:/root:/bin/bash").unwrap();
        assert_eq!((e.uid, e.gid, &e.dir[..]), (0, 0, &b"/root"[..]));
        let m =
            parse_pw(b"daemon:*:1:1:daemon:0:0:System Services:/var/root:/usr/bin/false").unwrap();
        assert_eq!(
            (&m.class[..], &m.gecos[..], &m.dir[..]),
            (&b"daemon"[..], &b"System Services"[..], &b"/var/root"[..])
        );
        assert!(parse_pw(b"bad:line").is_none());
        let g = parse_gr(b"wheel:*:0:root,admin").unwrap();
        assert_eq!(g.mem, vec![b"root".to_vec(), b"admin".to_vec()]);
        assert!(parse_gr(b"empty:x:5:").unwrap().mem.is_empty());
    }

    #[test]
    fn buffers_and_erange() {
        let e = parse_pw(b"u:x:5:6:gecos:/home/u:/bin/sh").unwrap();
        let mut pw = Passwd {
            pw_name: null_mut(),
            pw_passwd: null_mut(),
            pw_uid: 0,
            pw_gid: 0,
            pw_change: 0,
            pw_class: null_mut(),
            pw_gecos: null_mut(),
            pw_dir: null_mut(),
            pw_shell: null_mut(),
            pw_expire: 0,
        };
        let mut small = [0 as c_char; 8];
        assert!(!fill_pw(&e, &mut pw, small.as_mut_ptr(), small.len()));
        let mut buf = [0 as c_char; 64];
        assert!(fill_pw(&e, &mut pw, buf.as_mut_ptr(), buf.len()));
        assert_eq!(cstr(pw.pw_shell), b"/bin/sh");
        let g = parse_gr(b"g:x:9:a,bb").unwrap();
        let mut gr = Group {
            gr_name: null_mut(),
            gr_passwd: null_mut(),
            gr_gid: 0,
            gr_mem: null_mut(),
        };
        let mut gb = [0u64; 8];
        assert!(fill_gr(&g, &mut gr, gb.as_mut_ptr().cast(), 64));
        // SAFETY: the member array we just built.
        unsafe {
            assert_eq!(cstr(*gr.gr_mem.add(1)), b"bb");
            assert!((*gr.gr_mem.add(2)).is_null());
        }
        assert!(size_gr(&g) >= 8 * 3 + 2 + 3 + 2 + 3);
    }
}
