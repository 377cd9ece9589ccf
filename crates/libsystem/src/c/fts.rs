//! File-tree walking: `fts_open`/`fts_read`/`fts_children`/`fts_set`/
//! `fts_close` on darwin's `FTS`/`FTSENT` (`<fts_compat.h>`, what current
//! SDKs compile to): the 64-bit-inode layout behind `$INODE64` and the
//! legacy 32-bit-inode one (with the legacy `struct stat`) behind the plain
//! names. The walk follows BSD fts, from which Apple's derives: pre-order
//! `FTS_D` and post-order `FTS_DP`, cycle detection (`FTS_DC`), `FTS_SL`/
//! `FTS_SLNONE`, `FTS_NS`/`FTS_NSOK`/`FTS_DNR`/`FTS_ERR`, user
//! instructions (`FTS_AGAIN`, `FTS_FOLLOW`, `FTS_SKIP`), and, unless
//! `FTS_NOCHDIR`/`FTS_LOGICAL`, changing into each directory so that
//! `fts_accpath` is the bare name. Each entry owns a copy of its path, so
//! `fts_path` stays valid as long as the entry does.
//! `FTS_NOSTAT_TYPE` (darwin) takes the type from `d_type` without `stat`.

use crate::kernel::stat::{Stat64, StatLegacy};
use libc::{c_char, c_int, c_long, c_void};

// fts_open options (<fts_compat.h>).
const FTS_COMFOLLOW: c_int = 0x001;
const FTS_LOGICAL: c_int = 0x002;
const FTS_NOCHDIR: c_int = 0x004;
const FTS_NOSTAT: c_int = 0x008;
const FTS_PHYSICAL: c_int = 0x010;
const FTS_SEEDOT: c_int = 0x020;
const FTS_XDEV: c_int = 0x040;
const FTS_COMFOLLOWDIR: c_int = 0x400;
const FTS_NOSTAT_TYPE: c_int = 0x800;
const FTS_OPTIONMASK: c_int = 0xcff;
const FTS_NAMEONLY: c_int = 0x100;
const FTS_STOP: c_int = 0x200;
const FTS_BLOCK_COMPAR: c_int = 0x8000_0000u32 as c_int;

const FTS_ROOTPARENTLEVEL: i16 = -1;
const FTS_ROOTLEVEL: i16 = 0;

// fts_info values.
const FTS_D: u16 = 1;
const FTS_DC: u16 = 2;
const FTS_DEFAULT: u16 = 3;
const FTS_DNR: u16 = 4;
const FTS_DOT: u16 = 5;
const FTS_DP: u16 = 6;
const FTS_ERR: u16 = 7;
const FTS_F: u16 = 8;
const FTS_INIT: u16 = 9;
const FTS_NS: u16 = 10;
const FTS_NSOK: u16 = 11;
const FTS_SL: u16 = 12;
const FTS_SLNONE: u16 = 13;

// fts_flags.
const FTS_DONTCHDIR: u16 = 0x01;
const FTS_SYMFOLLOW: u16 = 0x02;

// fts_set instructions.
const FTS_AGAIN: u16 = 1;
const FTS_FOLLOW: u16 = 2;
const FTS_NOINSTR: u16 = 3;
const FTS_SKIP: u16 = 4;

// fts_build modes.
#[derive(Clone, Copy, PartialEq)]
enum Build {
    Read,
    Child,
    Names,
}

/// darwin `FTSENT`, generic over the inode type and the `struct stat`.
#[repr(C)]
pub struct Ent<I, S> {
    cycle: *mut Ent<I, S>,
    parent: *mut Ent<I, S>,
    link: *mut Ent<I, S>,
    number: c_long,
    pointer: *mut c_void,
    accpath: *mut c_char,
    path: *mut c_char,
    errno: c_int,
    symfd: c_int,
    pathlen: u16,
    namelen: u16,
    ino: I,
    dev: i32,
    nlink: u16,
    level: i16,
    info: u16,
    flags: u16,
    instr: u16,
    statp: *mut S,
    name: [c_char; 1],
}
type Ent64 = Ent<u64, Stat64>;
type EntLegacy = Ent<u32, StatLegacy>;
const _: () = assert!(core::mem::offset_of!(Ent64, errno) == 56);
const _: () = assert!(core::mem::offset_of!(Ent64, pathlen) == 64);
const _: () = assert!(core::mem::offset_of!(Ent64, ino) == 72);
const _: () = assert!(core::mem::offset_of!(Ent64, dev) == 80);
const _: () = assert!(core::mem::offset_of!(Ent64, level) == 86);
const _: () = assert!(core::mem::offset_of!(Ent64, info) == 88);
const _: () = assert!(core::mem::offset_of!(Ent64, instr) == 92);
const _: () = assert!(core::mem::offset_of!(Ent64, statp) == 96);
const _: () = assert!(core::mem::offset_of!(Ent64, name) == 104);
const _: () = assert!(core::mem::offset_of!(EntLegacy, ino) == 68);
const _: () = assert!(core::mem::offset_of!(EntLegacy, dev) == 72);
const _: () = assert!(core::mem::offset_of!(EntLegacy, info) == 80);
const _: () = assert!(core::mem::offset_of!(EntLegacy, statp) == 88);
const _: () = assert!(core::mem::offset_of!(EntLegacy, name) == 96);

/// darwin `FTS`.
#[repr(C)]
pub struct Fts<I, S> {
    cur: *mut Ent<I, S>,
    child: *mut Ent<I, S>,
    array: *mut *mut Ent<I, S>,
    dev: i32,
    path: *mut c_char,
    rfd: c_int,
    pathlen: c_int,
    nitems: c_int,
    compar: *const c_void,
    options: c_int,
}
const _: () = assert!(core::mem::offset_of!(Fts<u64, Stat64>, path) == 32);
const _: () = assert!(core::mem::offset_of!(Fts<u64, Stat64>, rfd) == 40);
const _: () = assert!(core::mem::offset_of!(Fts<u64, Stat64>, compar) == 56);
const _: () = assert!(core::mem::offset_of!(Fts<u64, Stat64>, options) == 64);
const _: () = assert!(core::mem::size_of::<Fts<u64, Stat64>>() == 72);

/// The two layouts' differences.
pub trait Layout: Sized {
    type Ino: Copy;
    /// Offset of `fts_name` in this layout's FTSENT.
    const NAME_OFF: usize;
    /// Offset of `st_mode` in this layout's stat.
    const MODE_OFF: usize;
    fn ino(i: u64) -> Self::Ino;
    fn same_ino(a: Self::Ino, b: Self::Ino) -> bool;
    fn from_stat(s: &Stat64) -> Self;
}

impl Layout for Stat64 {
    type Ino = u64;
    const NAME_OFF: usize = core::mem::offset_of!(Ent64, name);
    const MODE_OFF: usize = core::mem::offset_of!(Stat64, mode);
    fn ino(i: u64) -> u64 {
        i
    }
    fn same_ino(a: u64, b: u64) -> bool {
        a == b
    }
    fn from_stat(s: &Stat64) -> Self {
        // SAFETY: Stat64 is plain data; copied field by field.
        unsafe { core::ptr::read(s) }
    }
}

impl Layout for StatLegacy {
    type Ino = u32;
    const NAME_OFF: usize = core::mem::offset_of!(EntLegacy, name);
    const MODE_OFF: usize = core::mem::offset_of!(StatLegacy, mode);
    fn ino(i: u64) -> u32 {
        i as u32
    }
    fn same_ino(a: u32, b: u32) -> bool {
        a == b
    }
    fn from_stat(s: &Stat64) -> Self {
        StatLegacy {
            dev: s.dev,
            ino: s.ino as u32,
            mode: s.mode,
            nlink: s.nlink,
            uid: s.uid,
            gid: s.gid,
            rdev: s.rdev,
            atime: s.atime,
            mtime: s.mtime,
            ctime: s.ctime,
            size: s.size,
            blocks: s.blocks,
            blksize: s.blksize,
            ..Default::default()
        }
    }
}

type Compar<I, S> = unsafe extern "C" fn(*const *const Ent<I, S>, *const *const Ent<I, S>) -> c_int;

/// One tree walk over layout `S`.
struct Walk<S: Layout>(*mut Fts<S::Ino, S>);

fn errno() -> c_int {
    crate::errno::get()
}

impl<S: Layout> Walk<S> {
    fn cur(&self) -> *mut Ent<S::Ino, S> {
        // SAFETY: `self.0` is our live stream.
        unsafe { (*self.0).cur }
    }
    fn isset(&self, o: c_int) -> bool {
        // SAFETY: `self.0` is our live stream.
        unsafe { (*self.0).options & o != 0 }
    }

    /// Allocates an entry: header, name (room for `cap` bytes), stat, path.
    unsafe fn alloc(&self, name: &[u8], cap: usize, path: &[u8]) -> *mut Ent<S::Ino, S> {
        let name_off = S::NAME_OFF;
        let stat_off = (name_off + cap + 1).next_multiple_of(8);
        let path_off = stat_off + core::mem::size_of::<S>();
        let total = path_off + path.len() + 1;
        // SAFETY: a fresh zeroed allocation laid out as computed above.
        unsafe {
            let p = libc::calloc(1, total) as *mut u8;
            if p.is_null() {
                crate::errno::set(crate::errno::darwin::ENOMEM);
                return core::ptr::null_mut();
            }
            let e = p as *mut Ent<S::Ino, S>;
            core::ptr::copy_nonoverlapping(name.as_ptr(), p.add(name_off), name.len());
            core::ptr::copy_nonoverlapping(path.as_ptr(), p.add(path_off), path.len());
            (*e).namelen = name.len() as u16;
            (*e).pathlen = path.len() as u16;
            (*e).path = p.add(path_off).cast();
            (*e).accpath = (*e).path;
            (*e).statp = p.add(stat_off).cast();
            (*e).instr = FTS_NOINSTR;
            (*e).symfd = -1;
            e
        }
    }

    /// `fts_name` as a raw pointer into the entry's allocation.
    unsafe fn name_ptr(e: *mut Ent<S::Ino, S>) -> *mut c_char {
        // SAFETY: a live entry.
        unsafe { core::ptr::addr_of_mut!((*e).name).cast() }
    }
    unsafe fn name(e: *mut Ent<S::Ino, S>) -> &'static [u8] {
        // SAFETY: the entry's name of `namelen` bytes.
        unsafe { core::slice::from_raw_parts(Self::name_ptr(e).cast(), (*e).namelen as usize) }
    }
    unsafe fn path(e: *mut Ent<S::Ino, S>) -> &'static [u8] {
        // SAFETY: the entry's path of `pathlen` bytes.
        unsafe { core::slice::from_raw_parts((*e).path.cast(), (*e).pathlen as usize) }
    }

    unsafe fn free_list(mut p: *mut Ent<S::Ino, S>) {
        while !p.is_null() {
            // SAFETY: entries of one list, each freed once.
            unsafe {
                let next = (*p).link;
                libc::free(p.cast());
                p = next;
            }
        }
    }

    /// `fchdir` unless `FTS_NOCHDIR` (BSD's `FCHDIR`); true on failure.
    fn fchdir(&self, fd: c_int) -> bool {
        // SAFETY: no memory is involved.
        !self.isset(FTS_NOCHDIR) && unsafe { libc::fchdir(fd) } != 0
    }

    /// Changes into `p`'s directory (by `fd` or `path`), checking it is
    /// still the same directory. true on failure.
    unsafe fn safe_changedir(
        &self,
        p: *mut Ent<S::Ino, S>,
        fd: c_int,
        path: *const c_char,
    ) -> bool {
        if self.isset(FTS_NOCHDIR) {
            return false;
        }
        // SAFETY: our descriptors and the caller's entry.
        unsafe {
            let newfd = if fd < 0 {
                let f = libc::open(path, libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC);
                if f < 0 {
                    crate::errno::set_from_linux();
                    return true;
                }
                f
            } else {
                fd
            };
            let mut st: libc::stat = core::mem::zeroed();
            let mut failed = false;
            if libc::fstat(newfd, &mut st) != 0 {
                crate::errno::set_from_linux();
                failed = true;
            } else if (*p).dev != crate::kernel::stat::dev_to_darwin(st.st_dev)
                || !S::same_ino((*p).ino, S::ino(st.st_ino))
            {
                crate::errno::set(crate::errno::darwin::ENOENT);
                failed = true;
            } else if libc::fchdir(newfd) != 0 {
                crate::errno::set_from_linux();
                failed = true;
            }
            if fd < 0 {
                let e = errno();
                libc::close(newfd);
                crate::errno::set(e);
            }
            failed
        }
    }

    /// `stat`s an entry and classifies it.
    unsafe fn stat(&self, p: *mut Ent<S::Ino, S>, follow: bool) -> u16 {
        // SAFETY: `p` is a live entry with a stat buffer.
        unsafe {
            let sx = |flags| {
                let mut sx: libc::statx = core::mem::zeroed();
                let r = libc::statx(
                    libc::AT_FDCWD,
                    (*p).accpath,
                    flags | libc::AT_STATX_SYNC_AS_STAT,
                    libc::STATX_BASIC_STATS | libc::STATX_BTIME,
                    &mut sx,
                );
                (r == 0).then_some(sx)
            };
            let got = if self.isset(FTS_LOGICAL) || follow {
                match sx(0) {
                    Some(s) => Some(s),
                    None => {
                        let e = *libc::__errno_location();
                        if e == libc::ENOENT {
                            if let Some(l) = sx(libc::AT_SYMLINK_NOFOLLOW) {
                                (*p).statp
                                    .write(S::from_stat(&crate::kernel::stat::to_stat64(&l)));
                                crate::errno::set(0);
                                return FTS_SLNONE;
                            }
                        }
                        *libc::__errno_location() = e;
                        None
                    }
                }
            } else {
                sx(libc::AT_SYMLINK_NOFOLLOW)
            };
            let Some(sx) = got else {
                crate::errno::set_from_linux();
                (*p).errno = errno();
                core::ptr::write_bytes((*p).statp, 0, 1);
                return FTS_NS;
            };
            let st = crate::kernel::stat::to_stat64(&sx);
            (*p).statp.write(S::from_stat(&st));
            let mode = st.mode as u32 & libc::S_IFMT;
            if mode == libc::S_IFDIR {
                (*p).dev = st.dev;
                (*p).ino = S::ino(st.ino);
                (*p).nlink = st.nlink;
                let n = Self::name(p);
                if n == b"." || n == b".." {
                    return FTS_DOT;
                }
                let mut t = (*p).parent;
                while !t.is_null() && (*t).level >= FTS_ROOTLEVEL {
                    if S::same_ino((*p).ino, (*t).ino) && (*p).dev == (*t).dev {
                        (*p).cycle = t;
                        return FTS_DC;
                    }
                    t = (*t).parent;
                }
                return FTS_D;
            }
            // As BSD: dev/ino/nlink are only recorded for directories.
            match mode {
                libc::S_IFLNK => FTS_SL,
                libc::S_IFREG => FTS_F,
                _ => FTS_DEFAULT,
            }
        }
    }

    /// Sorts a list with the user's comparator.
    unsafe fn sort(&self, head: *mut Ent<S::Ino, S>, n: usize) -> *mut Ent<S::Ino, S> {
        let mut v = Vec::with_capacity(n);
        let mut p = head;
        while !p.is_null() {
            v.push(p);
            // SAFETY: a live list.
            p = unsafe { (*p).link };
        }
        let sp = self.0;
        // SAFETY: the comparator takes two `const FTSENT **`.
        unsafe {
            if (*sp).options & FTS_BLOCK_COMPAR != 0 {
                let b = (*sp).compar as *mut c_void;
                let f: unsafe extern "C" fn(
                    *mut c_void,
                    *const *mut Ent<S::Ino, S>,
                    *const *mut Ent<S::Ino, S>,
                ) -> c_int = core::mem::transmute(crate::kernel::dir::block_invoke(b));
                v.sort_by(|a, c| f(b, a, c).cmp(&0));
            } else {
                let f: Compar<S::Ino, S> = core::mem::transmute((*sp).compar);
                libc::qsort(
                    v.as_mut_ptr().cast(),
                    v.len(),
                    core::mem::size_of::<*mut Ent<S::Ino, S>>(),
                    Some(core::mem::transmute::<
                        Compar<S::Ino, S>,
                        unsafe extern "C" fn(*const c_void, *const c_void) -> c_int,
                    >(f)),
                );
            }
            for w in 0..v.len() {
                (*v[w]).link = if w + 1 < v.len() {
                    v[w + 1]
                } else {
                    core::ptr::null_mut()
                };
            }
        }
        v[0]
    }

    /// Reads the current directory's entries.
    unsafe fn build(&self, kind: Build) -> *mut Ent<S::Ino, S> {
        let sp = self.0;
        let cur = self.cur();
        // SAFETY: `cur` is the live current entry; the stream is ours.
        unsafe {
            let dirp = libc::opendir((*cur).accpath);
            if dirp.is_null() {
                crate::errno::set_from_linux();
                if kind == Build::Read {
                    (*cur).info = FTS_DNR;
                    (*cur).errno = errno();
                }
                return core::ptr::null_mut();
            }
            let (mut nlinks, nostat): (i64, bool) = if kind == Build::Names {
                (0, true)
            } else if self.isset(FTS_NOSTAT) && self.isset(FTS_PHYSICAL) {
                (
                    (*cur).nlink as i64 - if self.isset(FTS_SEEDOT) { 0 } else { 2 },
                    true,
                )
            } else {
                (-1, false)
            };
            let mut cderrno = 0;
            let descend = if nlinks != 0 || kind == Build::Read {
                if self.safe_changedir(cur, libc::dirfd(dirp), core::ptr::null()) {
                    if nlinks != 0 && kind == Build::Read {
                        (*cur).errno = errno();
                    }
                    (*cur).flags |= FTS_DONTCHDIR;
                    cderrno = errno();
                    false
                } else {
                    true
                }
            } else {
                false
            };
            // Children's paths: the parent's, one '/', the name.
            let mut prefix = Self::path(cur).to_vec();
            if prefix.last() == Some(&b'/') {
                prefix.pop();
            }
            prefix.push(b'/');
            let level = (*cur).level + 1;
            let mut head: *mut Ent<S::Ino, S> = core::ptr::null_mut();
            let mut tail: *mut Ent<S::Ino, S> = core::ptr::null_mut();
            let mut nitems = 0usize;
            loop {
                let dp = libc::readdir64(dirp);
                if dp.is_null() {
                    break;
                }
                let name = core::ffi::CStr::from_ptr((*dp).d_name.as_ptr()).to_bytes();
                if !self.isset(FTS_SEEDOT) && (name == b"." || name == b"..") {
                    continue;
                }
                let mut path = prefix.clone();
                path.extend_from_slice(name);
                if path.len() > u16::MAX as usize {
                    libc::closedir(dirp);
                    Self::free_list(head);
                    (*cur).info = FTS_ERR;
                    (*sp).options |= FTS_STOP;
                    crate::errno::set(crate::errno::darwin::ENAMETOOLONG);
                    return core::ptr::null_mut();
                }
                let p = self.alloc(name, name.len(), &path);
                if p.is_null() {
                    let e = errno();
                    libc::closedir(dirp);
                    Self::free_list(head);
                    (*cur).info = FTS_ERR;
                    (*sp).options |= FTS_STOP;
                    crate::errno::set(e);
                    return core::ptr::null_mut();
                }
                (*p).level = level;
                (*p).parent = cur;
                let dtype = (*dp).d_type;
                if cderrno != 0 {
                    if nlinks != 0 {
                        (*p).info = FTS_NS;
                        (*p).errno = cderrno;
                    } else {
                        (*p).info = FTS_NSOK;
                    }
                    (*p).accpath = (*cur).accpath;
                } else {
                    if !self.isset(FTS_NOCHDIR) {
                        (*p).accpath = Self::name_ptr(p);
                    }
                    let typed = self.isset(FTS_NOSTAT_TYPE)
                        && kind != Build::Names
                        && dtype != libc::DT_UNKNOWN
                        && dtype != libc::DT_DIR;
                    if typed {
                        (*p).info = match dtype {
                            libc::DT_REG => FTS_F,
                            libc::DT_LNK => FTS_SL,
                            _ => FTS_DEFAULT,
                        };
                        // DTTOIF: the d_type is the file-type nibble of st_mode.
                        *((*p).statp.cast::<u8>().add(S::MODE_OFF).cast::<u16>()) =
                            (dtype as u16) << 12;
                    } else if nlinks == 0
                        || (nostat && dtype != libc::DT_DIR && dtype != libc::DT_UNKNOWN)
                    {
                        (*p).info = FTS_NSOK;
                    } else {
                        (*p).info = self.stat(p, false);
                        if nlinks > 0 && matches!((*p).info, FTS_D | FTS_DC | FTS_DOT) {
                            nlinks -= 1;
                        }
                    }
                }
                if head.is_null() {
                    head = p;
                } else {
                    (*tail).link = p;
                }
                tail = p;
                nitems += 1;
            }
            libc::closedir(dirp);
            if descend && (kind == Build::Child || nitems == 0) {
                let back_failed = if (*cur).level == FTS_ROOTLEVEL {
                    self.fchdir((*sp).rfd)
                } else {
                    self.safe_changedir((*cur).parent, -1, c"..".as_ptr())
                };
                if back_failed {
                    Self::free_list(head);
                    (*cur).info = FTS_ERR;
                    (*sp).options |= FTS_STOP;
                    return core::ptr::null_mut();
                }
            }
            if nitems == 0 {
                if kind == Build::Read {
                    (*cur).info = FTS_DP;
                }
                return core::ptr::null_mut();
            }
            if !(*sp).compar.is_null() && nitems > 1 {
                head = self.sort(head, nitems);
            }
            head
        }
    }

    /// A root: its name becomes the last path component (BSD `fts_load`).
    unsafe fn load(&self, p: *mut Ent<S::Ino, S>) {
        // SAFETY: a live root entry; its name buffer holds the full argument.
        unsafe {
            let full = Self::path(p).to_vec();
            if let Some(i) = full.iter().rposition(|&c| c == b'/') {
                if i != 0 || full.len() > 1 {
                    let rest = &full[i + 1..];
                    let dst = Self::name_ptr(p);
                    core::ptr::copy_nonoverlapping(rest.as_ptr().cast(), dst, rest.len());
                    *dst.add(rest.len()) = 0;
                    (*p).namelen = rest.len() as u16;
                }
            }
            (*p).accpath = (*p).path;
            let sp = self.0;
            (*sp).dev = (*p).dev;
            (*sp).path = (*p).path;
            (*sp).pathlen = (*p).pathlen as c_int + 1;
        }
    }

    /// After `FTS_FOLLOW` turned a link into a directory: remember where to
    /// come back to.
    unsafe fn follow_dir(&self, p: *mut Ent<S::Ino, S>) {
        if self.isset(FTS_NOCHDIR) {
            return;
        }
        // SAFETY: a live entry; our descriptor.
        unsafe {
            let fd = libc::open(c".".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
            if fd < 0 {
                crate::errno::set_from_linux();
                (*p).errno = errno();
                (*p).info = FTS_ERR;
            } else {
                (*p).symfd = fd;
                (*p).flags |= FTS_SYMFOLLOW;
            }
        }
    }

    unsafe fn set_cur(&self, p: *mut Ent<S::Ino, S>) -> *mut Ent<S::Ino, S> {
        let sp = self.0;
        // SAFETY: our stream; `p` is a live entry or NULL.
        unsafe {
            (*sp).cur = p;
            if !p.is_null() {
                (*sp).path = (*p).path;
                (*sp).pathlen = (*p).pathlen as c_int + 1;
            }
        }
        p
    }

    unsafe fn read(&self) -> *mut Ent<S::Ino, S> {
        let sp = self.0;
        if self.cur().is_null() || self.isset(FTS_STOP) {
            return core::ptr::null_mut();
        }
        // SAFETY: every pointer followed is a live entry of this stream.
        unsafe {
            let mut p = (*sp).cur;
            let instr = (*p).instr;
            (*p).instr = FTS_NOINSTR;
            if instr == FTS_AGAIN {
                (*p).info = self.stat(p, false);
                return p;
            }
            if instr == FTS_FOLLOW && ((*p).info == FTS_SL || (*p).info == FTS_SLNONE) {
                (*p).info = self.stat(p, true);
                if (*p).info == FTS_D {
                    self.follow_dir(p);
                }
                return p;
            }
            let mut first_child = false;
            if (*p).info == FTS_D {
                if instr == FTS_SKIP || (self.isset(FTS_XDEV) && (*p).dev != (*sp).dev) {
                    if (*p).flags & FTS_SYMFOLLOW != 0 {
                        libc::close((*p).symfd);
                    }
                    Self::free_list((*sp).child);
                    (*sp).child = core::ptr::null_mut();
                    (*p).info = FTS_DP;
                    return p;
                }
                if !(*sp).child.is_null() && self.isset(FTS_NAMEONLY) {
                    (*sp).options &= !FTS_NAMEONLY;
                    Self::free_list((*sp).child);
                    (*sp).child = core::ptr::null_mut();
                }
                if !(*sp).child.is_null() {
                    if self.safe_changedir(p, -1, (*p).accpath) {
                        (*p).errno = errno();
                        (*p).flags |= FTS_DONTCHDIR;
                        let mut c = (*sp).child;
                        while !c.is_null() {
                            (*c).accpath = (*(*c).parent).accpath;
                            c = (*c).link;
                        }
                    }
                } else {
                    (*sp).child = self.build(Build::Read);
                    if (*sp).child.is_null() {
                        if self.isset(FTS_STOP) {
                            return core::ptr::null_mut();
                        }
                        return p;
                    }
                }
                p = (*sp).child;
                (*sp).child = core::ptr::null_mut();
                first_child = true;
            }
            loop {
                if !first_child {
                    let tmp = p;
                    p = (*p).link;
                    if p.is_null() {
                        p = (*tmp).parent;
                        libc::free(tmp.cast());
                        return self.up(p);
                    }
                    if (*p).level == FTS_ROOTLEVEL {
                        if self.fchdir((*sp).rfd) {
                            (*sp).options |= FTS_STOP;
                            return core::ptr::null_mut();
                        }
                        libc::free(tmp.cast());
                        self.load(p);
                        return self.set_cur(p);
                    }
                    libc::free(tmp.cast());
                    if (*p).instr == FTS_SKIP {
                        continue;
                    }
                    if (*p).instr == FTS_FOLLOW {
                        (*p).info = self.stat(p, true);
                        if (*p).info == FTS_D {
                            self.follow_dir(p);
                        }
                        (*p).instr = FTS_NOINSTR;
                    }
                }
                return self.set_cur(p);
            }
        }
    }

    /// Back in directory `p` after its last child: the post-order visit.
    unsafe fn up(&self, p: *mut Ent<S::Ino, S>) -> *mut Ent<S::Ino, S> {
        let sp = self.0;
        // SAFETY: `p` is a live entry (or the root parent, freed here).
        unsafe {
            if (*p).level == FTS_ROOTPARENTLEVEL {
                libc::free(p.cast());
                crate::errno::set(0);
                (*sp).cur = core::ptr::null_mut();
                return core::ptr::null_mut();
            }
            if (*p).level == FTS_ROOTLEVEL {
                if self.fchdir((*sp).rfd) {
                    (*sp).options |= FTS_STOP;
                    return core::ptr::null_mut();
                }
            } else if (*p).flags & FTS_SYMFOLLOW != 0 {
                if self.fchdir((*p).symfd) {
                    let e = errno();
                    libc::close((*p).symfd);
                    crate::errno::set(e);
                    (*sp).options |= FTS_STOP;
                    return core::ptr::null_mut();
                }
                libc::close((*p).symfd);
            } else if (*p).flags & FTS_DONTCHDIR == 0
                && self.safe_changedir((*p).parent, -1, c"..".as_ptr())
            {
                (*sp).options |= FTS_STOP;
                return core::ptr::null_mut();
            }
            (*p).info = if (*p).errno != 0 { FTS_ERR } else { FTS_DP };
            self.set_cur(p)
        }
    }

    unsafe fn children(&self, instr: c_int) -> *mut Ent<S::Ino, S> {
        if instr != 0 && instr != FTS_NAMEONLY {
            crate::errno::set(crate::errno::darwin::EINVAL);
            return core::ptr::null_mut();
        }
        let sp = self.0;
        let p = self.cur();
        crate::errno::set(0);
        if self.isset(FTS_STOP) || p.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: live entries of this stream; our descriptors.
        unsafe {
            if (*p).info == FTS_INIT {
                return (*p).link;
            }
            if (*p).info != FTS_D {
                return core::ptr::null_mut();
            }
            Self::free_list((*sp).child);
            (*sp).child = core::ptr::null_mut();
            let kind = if instr == FTS_NAMEONLY {
                (*sp).options |= FTS_NAMEONLY;
                Build::Names
            } else {
                Build::Child
            };
            if (*p).level != FTS_ROOTLEVEL
                || *(*p).accpath == b'/' as c_char
                || self.isset(FTS_NOCHDIR)
            {
                (*sp).child = self.build(kind);
                return (*sp).child;
            }
            let fd = libc::open(c".".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
            if fd < 0 {
                crate::errno::set_from_linux();
                return core::ptr::null_mut();
            }
            (*sp).child = self.build(kind);
            let mut e = if (*sp).child.is_null() { errno() } else { 0 };
            if libc::fchdir(fd) != 0 {
                crate::errno::set_from_linux();
                e = errno();
                libc::close(fd);
                crate::errno::set(e);
                return core::ptr::null_mut();
            }
            libc::close(fd);
            crate::errno::set(e);
            (*sp).child
        }
    }

    unsafe fn close(self) -> c_int {
        let sp = self.0;
        // SAFETY: every entry still reachable is freed once; then the stream.
        unsafe {
            let mut p = (*sp).cur;
            if !p.is_null() {
                while (*p).level >= FTS_ROOTLEVEL {
                    let f = p;
                    p = if (*p).link.is_null() {
                        (*p).parent
                    } else {
                        (*p).link
                    };
                    libc::free(f.cast());
                }
                libc::free(p.cast());
            }
            Self::free_list((*sp).child);
            let mut saved = 0;
            if !self.isset(FTS_NOCHDIR) {
                if libc::fchdir((*sp).rfd) != 0 {
                    crate::errno::set_from_linux();
                    saved = errno();
                }
                libc::close((*sp).rfd);
            }
            libc::free(self.0.cast());
            if saved != 0 {
                crate::errno::set(saved);
                return -1;
            }
        }
        0
    }
}

/// `fts_open` for layout `S`; `block` says `compar` is a block.
unsafe fn open<S: Layout>(
    argv: *const *const c_char,
    options: c_int,
    compar: *const c_void,
    block: bool,
) -> *mut Fts<S::Ino, S> {
    if options & !FTS_OPTIONMASK != 0 {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return core::ptr::null_mut();
    }
    // SAFETY: a fresh zeroed stream.
    let sp =
        unsafe { libc::calloc(1, core::mem::size_of::<Fts<S::Ino, S>>()) } as *mut Fts<S::Ino, S>;
    if sp.is_null() {
        crate::errno::set(crate::errno::darwin::ENOMEM);
        return sp;
    }
    let w = Walk::<S>(sp);
    // SAFETY: the stream and its entries are ours; `argv` is the caller's
    // NULL-terminated array of C strings.
    unsafe {
        let s = &mut *sp;
        s.options = options;
        s.rfd = -1;
        if options & FTS_LOGICAL != 0 {
            s.options |= FTS_NOCHDIR;
        }
        if !compar.is_null() {
            s.compar = compar;
            if block {
                s.options |= FTS_BLOCK_COMPAR;
            }
        }
        let parent = w.alloc(b"", 0, b"");
        if parent.is_null() {
            libc::free(sp.cast());
            return core::ptr::null_mut();
        }
        (*parent).level = FTS_ROOTPARENTLEVEL;
        let mut root: *mut Ent<S::Ino, S> = core::ptr::null_mut();
        let mut tail: *mut Ent<S::Ino, S> = core::ptr::null_mut();
        let mut nitems = 0;
        let fail = |root, parent: *mut Ent<S::Ino, S>| {
            let e = errno();
            Walk::<S>::free_list(root);
            libc::free(parent.cast());
            libc::free(sp.cast());
            crate::errno::set(e);
            core::ptr::null_mut()
        };
        let mut a = argv;
        while !a.is_null() && !(*a).is_null() {
            let arg = core::ffi::CStr::from_ptr(*a).to_bytes();
            a = a.add(1);
            if arg.is_empty() {
                crate::errno::set(crate::errno::darwin::ENOENT);
                return fail(root, parent);
            }
            if arg.len() > u16::MAX as usize {
                crate::errno::set(crate::errno::darwin::ENAMETOOLONG);
                return fail(root, parent);
            }
            let p = w.alloc(arg, arg.len(), arg);
            if p.is_null() {
                return fail(root, parent);
            }
            (*p).level = FTS_ROOTLEVEL;
            (*p).parent = parent;
            let mut follow = options & FTS_COMFOLLOW != 0;
            if !follow && options & FTS_COMFOLLOWDIR != 0 {
                let mut st: libc::stat = core::mem::zeroed();
                follow = libc::stat((*p).accpath, &mut st) == 0
                    && st.st_mode & libc::S_IFMT == libc::S_IFDIR;
            }
            (*p).info = w.stat(p, follow);
            if (*p).info == FTS_DOT {
                (*p).info = FTS_D;
            }
            if !compar.is_null() {
                (*p).link = root;
                root = p;
            } else {
                if root.is_null() {
                    root = p;
                } else {
                    (*tail).link = p;
                }
                tail = p;
            }
            nitems += 1;
        }
        if !compar.is_null() && nitems > 1 {
            root = w.sort(root, nitems);
        }
        let init = w.alloc(b"", 0, b"");
        if init.is_null() {
            return fail(root, parent);
        }
        (*init).link = root;
        (*init).info = FTS_INIT;
        (*init).level = FTS_ROOTLEVEL;
        s.cur = init;
        if s.options & FTS_NOCHDIR == 0 {
            s.rfd = libc::open(c".".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
            if s.rfd < 0 {
                s.options |= FTS_NOCHDIR;
            }
        }
        crate::errno::set(0);
    }
    sp
}

unsafe fn set<S: Layout>(p: *mut Ent<S::Ino, S>, instr: c_int) -> c_int {
    // 0, FTS_AGAIN, FTS_FOLLOW, FTS_NOINSTR, FTS_SKIP.
    if !(0..=FTS_SKIP as c_int).contains(&instr) {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return 1;
    }
    // SAFETY: the caller's entry.
    unsafe { (*p).instr = instr as u16 };
    0
}

macro_rules! layout_fns {
    ($S:ty, $open:ident, $open_b:ident, $read:ident, $children:ident, $set:ident, $close:ident) => {
        unsafe extern "C" fn $open(
            argv: *const *const c_char,
            options: c_int,
            compar: *const c_void,
        ) -> *mut Fts<<$S as Layout>::Ino, $S> {
            // SAFETY: forwarded contract.
            unsafe { open::<$S>(argv, options, compar, false) }
        }
        unsafe extern "C" fn $open_b(
            argv: *const *const c_char,
            options: c_int,
            block: *const c_void,
        ) -> *mut Fts<<$S as Layout>::Ino, $S> {
            // SAFETY: forwarded contract.
            unsafe { open::<$S>(argv, options, block, true) }
        }
        unsafe extern "C" fn $read(
            sp: *mut Fts<<$S as Layout>::Ino, $S>,
        ) -> *mut Ent<<$S as Layout>::Ino, $S> {
            // SAFETY: `sp` is a stream from fts_open.
            unsafe { Walk::<$S>(sp).read() }
        }
        unsafe extern "C" fn $children(
            sp: *mut Fts<<$S as Layout>::Ino, $S>,
            instr: c_int,
        ) -> *mut Ent<<$S as Layout>::Ino, $S> {
            // SAFETY: `sp` is a stream from fts_open.
            unsafe { Walk::<$S>(sp).children(instr) }
        }
        unsafe extern "C" fn $set(
            _sp: *mut Fts<<$S as Layout>::Ino, $S>,
            p: *mut Ent<<$S as Layout>::Ino, $S>,
            instr: c_int,
        ) -> c_int {
            // SAFETY: the caller's entry.
            unsafe { set::<$S>(p, instr) }
        }
        unsafe extern "C" fn $close(sp: *mut Fts<<$S as Layout>::Ino, $S>) -> c_int {
            if sp.is_null() {
                return 0;
            }
            // SAFETY: `sp` is a stream from fts_open, closed once.
            unsafe { Walk::<$S>(sp).close() }
        }
    };
}

layout_fns!(Stat64, open64, open_b64, read64, children64, set64, close64);
layout_fns!(StatLegacy, open_l, open_b_l, read_l, children_l, set_l, close_l);

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_fts_open$INODE64" => open64,
    func "_fts_open_b$INODE64" => open_b64,
    func "_fts_read$INODE64" => read64,
    func "_fts_children$INODE64" => children64,
    func "_fts_set$INODE64" => set64,
    func "_fts_close$INODE64" => close64,
    func "_fts_open" => open_l,
    func "_fts_open_b" => open_b_l,
    func "_fts_read" => read_l,
    func "_fts_children" => children_l,
    func "_fts_set" => set_l,
    func "_fts_close" => close_l,
};
