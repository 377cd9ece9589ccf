//! File-system statistics: darwin `struct statfs` (`<sys/mount.h>`: the
//! 64-bit-inode layout behind `$INODE64`/`*64` names and the legacy one
//! behind the plain names), `statfs`, `fstatfs`, `getfsstat`, `getmntinfo`,
//! and `statvfs` (`<sys/statvfs.h>`, 32-bit counts).
//!
//! Linux `statfs` gives the numbers; `/proc/self/mountinfo` gives what
//! darwin adds: the mount point (`f_mntonname`), the source
//! (`f_mntfromname`) and the type name (`f_fstypename`, spelled as macOS
//! names the same file system where it has one: `msdos`, `cd9660`, `nfs`,
//! `smbfs`, `devfs`). A file's mount is found by `statx`'s mount id.
//! `f_type` carries the Linux magic number (darwin's numbers index its own
//! file-system table) and `f_owner` the mount point's owner (Linux does
//! not record who mounted).

use libc::{c_char, c_int};

/// darwin `struct statfs` with 64-bit inodes (`__DARWIN_STRUCT_STATFS64`).
#[repr(C)]
pub struct Statfs64 {
    pub bsize: u32,
    pub iosize: i32,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
    pub fsid: [i32; 2],
    pub owner: u32,
    pub kind: u32,
    pub flags: u32,
    pub fssubtype: u32,
    pub fstypename: [c_char; 16],
    pub mntonname: [c_char; 1024],
    pub mntfromname: [c_char; 1024],
    pub flags_ext: u32,
    pub reserved: [u32; 7],
}
const _: () = assert!(core::mem::offset_of!(Statfs64, fsid) == 48);
const _: () = assert!(core::mem::offset_of!(Statfs64, fstypename) == 72);
const _: () = assert!(core::mem::offset_of!(Statfs64, mntonname) == 88);
const _: () = assert!(core::mem::offset_of!(Statfs64, mntfromname) == 1112);
const _: () = assert!(core::mem::offset_of!(Statfs64, flags_ext) == 2136);
const _: () = assert!(core::mem::size_of::<Statfs64>() == 2168);

/// darwin legacy `struct statfs` (`MNAMELEN` 90, `long` counts).
#[repr(C)]
pub struct StatfsLegacy {
    pub otype: i16,
    pub oflags: i16,
    pub bsize: i64,
    pub iosize: i64,
    pub blocks: i64,
    pub bfree: i64,
    pub bavail: i64,
    pub files: i64,
    pub ffree: i64,
    pub fsid: [i32; 2],
    pub owner: u32,
    pub reserved1: i16,
    pub kind: i16,
    pub flags: i64,
    pub reserved2: [i64; 2],
    pub fstypename: [c_char; 15],
    pub mntonname: [c_char; 90],
    pub mntfromname: [c_char; 90],
    pub reserved3: c_char,
    pub reserved4: [i64; 4],
}
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, bsize) == 8);
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, fsid) == 64);
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, kind) == 78);
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, flags) == 80);
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, fstypename) == 104);
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, mntonname) == 119);
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, mntfromname) == 209);
const _: () = assert!(core::mem::offset_of!(StatfsLegacy, reserved4) == 304);
const _: () = assert!(core::mem::size_of::<StatfsLegacy>() == 336);

/// darwin `struct statvfs`: `fsblkcnt_t`/`fsfilcnt_t` are 32-bit.
#[repr(C)]
pub struct Statvfs {
    pub bsize: u64,
    pub frsize: u64,
    pub blocks: u32,
    pub bfree: u32,
    pub bavail: u32,
    pub files: u32,
    pub ffree: u32,
    pub favail: u32,
    pub fsid: u64,
    pub flag: u64,
    pub namemax: u64,
}
const _: () = assert!(core::mem::offset_of!(Statvfs, blocks) == 16);
const _: () = assert!(core::mem::offset_of!(Statvfs, fsid) == 40);
const _: () = assert!(core::mem::size_of::<Statvfs>() == 64);

// darwin MNT_* flags.
const MNT_RDONLY: u32 = 0x1;
const MNT_SYNCHRONOUS: u32 = 0x2;
const MNT_NOEXEC: u32 = 0x4;
const MNT_NOSUID: u32 = 0x8;
const MNT_NODEV: u32 = 0x10;
const MNT_LOCAL: u32 = 0x1000;
const MNT_ROOTFS: u32 = 0x4000;
const MNT_NOATIME: u32 = 0x1000_0000;

/// glibc's x86_64 `struct statfs` in full (the `libc` crate hides `f_flags`).
#[repr(C)]
#[derive(Clone, Copy)]
struct LinuxStatfs {
    f_type: i64,
    f_bsize: i64,
    f_blocks: u64,
    f_bfree: u64,
    f_bavail: u64,
    f_files: u64,
    f_ffree: u64,
    f_fsid: [i32; 2],
    f_namelen: i64,
    f_frsize: i64,
    f_flags: i64,
    f_spare: [i64; 4],
}
const _: () = assert!(core::mem::size_of::<LinuxStatfs>() == core::mem::size_of::<libc::statfs>());

/// `statfs`/`fstatfs` into our view of the struct.
fn linux_statfs(fd: Option<c_int>, path: *const c_char) -> Option<LinuxStatfs> {
    // SAFETY: plain data.
    let mut s: LinuxStatfs = unsafe { core::mem::zeroed() };
    let p = (&mut s as *mut LinuxStatfs).cast::<libc::statfs>();
    // SAFETY: `p` has the size and layout of glibc's struct statfs;
    // `path` is a C string when there is no `fd`.
    let r = unsafe {
        match fd {
            Some(fd) => libc::fstatfs(fd, p),
            None => libc::statfs(path, p),
        }
    };
    (r == 0).then_some(s)
}

/// One line of `/proc/self/mountinfo`.
#[derive(Clone, Debug, PartialEq)]
pub struct Mount {
    pub id: u64,
    pub dev: (u32, u32),
    pub point: Vec<u8>,
    pub fstype: Vec<u8>,
    pub source: Vec<u8>,
}

/// Undoes mountinfo's octal escapes (`\040` for a space...).
fn unescape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\'
            && i + 4 <= s.len()
            && s[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            out.push((s[i + 1] - b'0') * 64 + (s[i + 2] - b'0') * 8 + (s[i + 3] - b'0'));
            i += 4;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// Parses mountinfo text.
pub fn parse_mountinfo(text: &[u8]) -> Vec<Mount> {
    let mut out = Vec::new();
    for line in text.split(|&c| c == b'\n') {
        let f: Vec<&[u8]> = line.split(|&c| c == b' ').collect();
        let Some(sep) = f.iter().position(|x| *x == b"-") else {
            continue;
        };
        if f.len() < 5 || sep + 2 >= f.len() {
            continue;
        }
        let num = |s: &[u8]| core::str::from_utf8(s).ok()?.parse::<u64>().ok();
        let Some(id) = num(f[0]) else { continue };
        let mut mm = f[2].split(|&c| c == b':');
        let (Some(ma), Some(mi)) = (mm.next().and_then(num), mm.next().and_then(num)) else {
            continue;
        };
        out.push(Mount {
            id,
            dev: (ma as u32, mi as u32),
            point: unescape(f[4]),
            fstype: f[sep + 1].to_vec(),
            source: unescape(f[sep + 2]),
        });
    }
    out
}

fn mounts() -> Vec<Mount> {
    std::fs::read("/proc/self/mountinfo")
        .map(|t| parse_mountinfo(&t))
        .unwrap_or_default()
}

/// darwin's name for a Linux file-system type, where macOS has one.
pub fn darwin_fstype(t: &[u8]) -> Vec<u8> {
    let name: &[u8] = match t {
        b"vfat" | b"msdos" | b"fat" => b"msdos",
        b"iso9660" => b"cd9660",
        b"nfs" | b"nfs4" => b"nfs",
        b"cifs" | b"smb3" | b"smbfs" => b"smbfs",
        b"devtmpfs" => b"devfs",
        _ => t,
    };
    name.to_vec()
}

/// Type name from the Linux magic number, when mountinfo is unavailable.
fn magic_name(m: i64) -> &'static [u8] {
    match m {
        0xEF53 => b"ext4",
        0x9123_683E => b"btrfs",
        0x5846_5342 => b"xfs",
        0x0102_1994 => b"tmpfs",
        0x794C_7630 => b"overlay",
        0x9fa0 => b"proc",
        0x6265_6572 => b"sysfs",
        0x4d44 => b"msdos",
        0x2011_BAB0 => b"exfat",
        0x9660 => b"cd9660",
        0x6969 => b"nfs",
        0xFF53_4D42 | 0xFE53_4D42 => b"smbfs",
        0x6573_5546 => b"fuse",
        0x2FC1_2FC1 => b"zfs",
        0x5346_544e => b"ntfs",
        0x1CD1 => b"devpts",
        _ => b"unknown",
    }
}

fn is_network(t: &[u8]) -> bool {
    matches!(
        t,
        b"nfs" | b"nfs4" | b"cifs" | b"smb3" | b"smbfs" | b"9p" | b"ceph" | b"afs" | b"fuse.sshfs"
    )
}

/// Everything darwin reports, in a layout-neutral form.
struct Info {
    bsize: u64,
    iosize: u64,
    blocks: u64,
    bfree: u64,
    bavail: u64,
    files: u64,
    ffree: u64,
    fsid: [i32; 2],
    owner: u32,
    kind: u32,
    flags: u32,
    namemax: u64,
    fstypename: Vec<u8>,
    mntonname: Vec<u8>,
    mntfromname: Vec<u8>,
}

fn info(s: &LinuxStatfs, m: Option<&Mount>) -> Info {
    let st = s.f_flags as u64;
    let mut flags = 0;
    for (l, d) in [
        (libc::ST_RDONLY, MNT_RDONLY),
        (libc::ST_SYNCHRONOUS, MNT_SYNCHRONOUS),
        (libc::ST_NOEXEC, MNT_NOEXEC),
        (libc::ST_NOSUID, MNT_NOSUID),
        (libc::ST_NODEV, MNT_NODEV),
        (libc::ST_NOATIME, MNT_NOATIME),
    ] {
        if st & l != 0 {
            flags |= d;
        }
    }
    let (fstypename, mntonname, mntfromname) = match m {
        Some(m) => {
            if !is_network(&m.fstype) {
                flags |= MNT_LOCAL;
            }
            if m.point == b"/" {
                flags |= MNT_ROOTFS;
            }
            (darwin_fstype(&m.fstype), m.point.clone(), m.source.clone())
        }
        None => (magic_name(s.f_type).to_vec(), Vec::new(), Vec::new()),
    };
    let owner = m
        .and_then(|m| {
            let mut p = m.point.clone();
            p.push(0);
            // SAFETY: plain data.
            let mut st: libc::stat = unsafe { core::mem::zeroed() };
            // SAFETY: `p` is NUL-terminated.
            (unsafe { libc::stat(p.as_ptr().cast(), &mut st) } == 0).then_some(st.st_uid)
        })
        .unwrap_or(0);
    let fsid = s.f_fsid;
    Info {
        bsize: s.f_frsize as u64,
        iosize: s.f_bsize as u64,
        blocks: s.f_blocks,
        bfree: s.f_bfree,
        bavail: s.f_bavail,
        files: s.f_files,
        ffree: s.f_ffree,
        fsid,
        owner,
        kind: s.f_type as u32,
        flags,
        namemax: s.f_namelen as u64,
        fstypename,
        mntonname,
        mntfromname,
    }
}

/// Copies `src` into a fixed C array, truncated and NUL-terminated.
fn put(dst: &mut [c_char], src: &[u8]) {
    let n = src.len().min(dst.len() - 1);
    for (d, &s) in dst.iter_mut().zip(&src[..n]) {
        *d = s as c_char;
    }
    dst[n..].fill(0);
}

fn to64(i: &Info) -> Statfs64 {
    // SAFETY: all-zero is a valid Statfs64.
    let mut o: Statfs64 = unsafe { core::mem::zeroed() };
    o.bsize = i.bsize as u32;
    o.iosize = i.iosize as i32;
    o.blocks = i.blocks;
    o.bfree = i.bfree;
    o.bavail = i.bavail;
    o.files = i.files;
    o.ffree = i.ffree;
    o.fsid = i.fsid;
    o.owner = i.owner;
    o.kind = i.kind;
    o.flags = i.flags;
    put(&mut o.fstypename, &i.fstypename);
    put(&mut o.mntonname, &i.mntonname);
    put(&mut o.mntfromname, &i.mntfromname);
    o
}

fn to_legacy(i: &Info) -> StatfsLegacy {
    // SAFETY: all-zero is a valid StatfsLegacy.
    let mut o: StatfsLegacy = unsafe { core::mem::zeroed() };
    o.otype = i.kind as i16;
    o.oflags = i.flags as i16;
    o.bsize = i.bsize as i64;
    o.iosize = i.iosize as i64;
    o.blocks = i.blocks as i64;
    o.bfree = i.bfree as i64;
    o.bavail = i.bavail as i64;
    o.files = i.files as i64;
    o.ffree = i.ffree as i64;
    o.fsid = i.fsid;
    o.owner = i.owner;
    o.kind = i.kind as i16;
    o.flags = i.flags as i64;
    put(&mut o.fstypename, &i.fstypename);
    put(&mut o.mntonname, &i.mntonname);
    put(&mut o.mntfromname, &i.mntfromname);
    o
}

/// `statvfs` from the same numbers. Counts above 32 bits are expressed in
/// larger fragments (`f_frsize` doubled until they fit), so byte totals
/// stay right.
fn to_vfs(i: &Info) -> Statvfs {
    let mut frsize = i.bsize.max(1);
    let (mut blocks, mut bfree, mut bavail) = (i.blocks, i.bfree, i.bavail);
    while blocks > u32::MAX as u64 {
        frsize *= 2;
        blocks /= 2;
        bfree /= 2;
        bavail /= 2;
    }
    let c = |v: u64| v.min(u32::MAX as u64) as u32;
    Statvfs {
        bsize: i.iosize,
        frsize,
        blocks: c(blocks),
        bfree: c(bfree),
        bavail: c(bavail),
        files: c(i.files),
        ffree: c(i.ffree),
        favail: c(i.ffree),
        fsid: i.fsid[0] as u32 as u64,
        // darwin ST_RDONLY 1, ST_NOSUID 2.
        flag: (i.flags & MNT_RDONLY) as u64 | if i.flags & MNT_NOSUID != 0 { 2 } else { 0 },
        namemax: i.namemax,
    }
}

/// The mount with `statx` mount id `id`, or (older kernels) the deepest
/// mount on device `dev`.
fn find_mount(all: &[Mount], sx: &libc::statx) -> Option<Mount> {
    if sx.stx_mask & libc::STATX_MNT_ID != 0 {
        if let Some(m) = all.iter().find(|m| m.id == sx.stx_mnt_id) {
            return Some(m.clone());
        }
    }
    all.iter()
        .rev()
        .find(|m| m.dev == (sx.stx_dev_major, sx.stx_dev_minor))
        .cloned()
}

/// statfs + statx on (dirfd, path, flags).
fn lookup(dirfd: c_int, path: *const c_char, flags: c_int) -> Option<Info> {
    let fd = (flags & libc::AT_EMPTY_PATH != 0).then_some(dirfd);
    let Some(s) = linux_statfs(fd, path) else {
        crate::errno::set_from_linux();
        return None;
    };
    // SAFETY: plain data.
    let mut sx: libc::statx = unsafe { core::mem::zeroed() };
    // SAFETY: `path` is a C string ("" with AT_EMPTY_PATH).
    let ok = unsafe { libc::statx(dirfd, path, flags, libc::STATX_MNT_ID, &mut sx) } == 0;
    let m = if ok { find_mount(&mounts(), &sx) } else { None };
    Some(info(&s, m.as_ref()))
}

fn path_info(path: *const c_char) -> Option<Info> {
    if path.is_null() {
        crate::errno::set(crate::errno::darwin::EFAULT);
        return None;
    }
    lookup(libc::AT_FDCWD, path, 0)
}

fn fd_info(fd: c_int) -> Option<Info> {
    lookup(fd, c"".as_ptr(), libc::AT_EMPTY_PATH)
}

unsafe fn write_out<T>(out: *mut T, v: Option<T>) -> c_int {
    match v {
        Some(v) if !out.is_null() => {
            // SAFETY: the caller's struct.
            unsafe { out.write(v) };
            0
        }
        Some(_) => {
            crate::errno::set(crate::errno::darwin::EFAULT);
            -1
        }
        None => -1,
    }
}

unsafe extern "C" fn statfs64(path: *const c_char, out: *mut Statfs64) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, path_info(path).map(|i| to64(&i))) }
}

unsafe extern "C" fn fstatfs64(fd: c_int, out: *mut Statfs64) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, fd_info(fd).map(|i| to64(&i))) }
}

unsafe extern "C" fn statfs_legacy(path: *const c_char, out: *mut StatfsLegacy) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, path_info(path).map(|i| to_legacy(&i))) }
}

unsafe extern "C" fn fstatfs_legacy(fd: c_int, out: *mut StatfsLegacy) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, fd_info(fd).map(|i| to_legacy(&i))) }
}

unsafe extern "C" fn statvfs(path: *const c_char, out: *mut Statvfs) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, path_info(path).map(|i| to_vfs(&i))) }
}

unsafe extern "C" fn fstatvfs(fd: c_int, out: *mut Statvfs) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, fd_info(fd).map(|i| to_vfs(&i))) }
}

/// Every mounted file system, in mount order. A mount that cannot be
/// examined (no permission, gone) keeps its names with zero counts.
fn all_infos() -> Vec<Info> {
    mounts()
        .iter()
        .map(|m| {
            let mut p = m.point.clone();
            p.push(0);
            // SAFETY: plain data.
            let s = linux_statfs(None, p.as_ptr().cast()).unwrap_or(unsafe { core::mem::zeroed() });
            info(&s, Some(m))
        })
        .collect()
}

/// `getfsstat(buf, bufsize, mode)`: the count, or fills at most
/// `bufsize / sizeof(struct statfs)` entries and returns how many.
/// `MNT_WAIT`/`MNT_NOWAIT` both get fresh numbers here.
unsafe fn getfsstat_with<T>(buf: *mut T, size: c_int, conv: fn(&Info) -> T) -> c_int {
    let all = all_infos();
    if buf.is_null() {
        return all.len() as c_int;
    }
    let room = (size.max(0) as usize) / core::mem::size_of::<T>();
    let n = room.min(all.len());
    for (k, i) in all.iter().take(n).enumerate() {
        // SAFETY: the caller's buffer holds `room` entries.
        unsafe { buf.add(k).write(conv(i)) };
    }
    n as c_int
}

unsafe extern "C" fn getfsstat64(buf: *mut Statfs64, size: c_int, _mode: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { getfsstat_with(buf, size, to64) }
}

unsafe extern "C" fn getfsstat_legacy(buf: *mut StatfsLegacy, size: c_int, _mode: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { getfsstat_with(buf, size, to_legacy) }
}

/// A `malloc`ed array of every mount.
unsafe fn mntinfo_alloc<T>(conv: fn(&Info) -> T) -> (*mut T, c_int) {
    let all = all_infos();
    // SAFETY: a fresh allocation of `all.len()` entries.
    unsafe {
        let p = libc::malloc(all.len().max(1) * core::mem::size_of::<T>()) as *mut T;
        if p.is_null() {
            crate::errno::set(crate::errno::darwin::ENOMEM);
            return (p, -1);
        }
        for (k, i) in all.iter().enumerate() {
            p.add(k).write(conv(i));
        }
        (p, all.len() as c_int)
    }
}

/// `getmntinfo`: the array lives in the library until the next call (as on
/// darwin, not thread-safe).
unsafe fn getmntinfo_with<T>(out: *mut *mut T, conv: fn(&Info) -> T, slot: &mut *mut u8) -> c_int {
    // SAFETY: forwarded contract; the previous array is ours.
    unsafe {
        let (p, n) = mntinfo_alloc(conv);
        if n < 0 {
            return 0;
        }
        libc::free((*slot).cast());
        *slot = p.cast();
        *out = p;
        n
    }
}

static mut MNTINFO64: *mut u8 = core::ptr::null_mut();
static mut MNTINFO_LEGACY: *mut u8 = core::ptr::null_mut();

unsafe extern "C" fn getmntinfo64(out: *mut *mut Statfs64, _mode: c_int) -> c_int {
    // SAFETY: forwarded contract; the static is only used by this function.
    unsafe { getmntinfo_with(out, to64, &mut *core::ptr::addr_of_mut!(MNTINFO64)) }
}

unsafe extern "C" fn getmntinfo_legacy(out: *mut *mut StatfsLegacy, _mode: c_int) -> c_int {
    // SAFETY: forwarded contract; the static is only used by this function.
    unsafe {
        getmntinfo_with(
            out,
            to_legacy,
            &mut *core::ptr::addr_of_mut!(MNTINFO_LEGACY),
        )
    }
}

/// `getmntinfo_r_np`: the caller frees the array.
unsafe extern "C" fn getmntinfo_r_np(out: *mut *mut Statfs64, _mode: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        let (p, n) = mntinfo_alloc(to64);
        if n < 0 {
            return 0;
        }
        *out = p;
        n
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_statfs$INODE64" => statfs64,
    func "_statfs64" => statfs64,
    func "_statfs" => statfs_legacy,
    func "_fstatfs$INODE64" => fstatfs64,
    func "_fstatfs64" => fstatfs64,
    func "_fstatfs" => fstatfs_legacy,
    func "_getfsstat$INODE64" => getfsstat64,
    func "_getfsstat64" => getfsstat64,
    func "_getfsstat" => getfsstat_legacy,
    func "_getmntinfo$INODE64" => getmntinfo64,
    func "_getmntinfo64" => getmntinfo64,
    func "_getmntinfo" => getmntinfo_legacy,
    func "_getmntinfo_r_np$INODE64" => getmntinfo_r_np,
    func "_getmntinfo_r_np" => getmntinfo_r_np,
    func "_statvfs" => statvfs,
    func "_fstatvfs" => fstatvfs,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mountinfo() {
        let t = b"22 27 0:21 / /proc rw,relatime - proc proc rw\n\
27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n\
43 27 0:39 / /mnt/with\\040space rw - vfat /dev/sdb1 rw\n";
        let m = parse_mountinfo(t);
        assert_eq!(m.len(), 3);
        assert_eq!(m[1].id, 27);
        assert_eq!(m[1].dev, (254, 0));
        assert_eq!(m[1].point, b"/");
        assert_eq!(m[1].fstype, b"ext4");
        assert_eq!(m[1].source, b"/dev/vda");
        assert_eq!(m[2].point, b"/mnt/with space");
        assert_eq!(darwin_fstype(&m[2].fstype), b"msdos");
    }

    #[test]
    fn statvfs_scaling() {
        // SAFETY: plain data.
        let mut s: LinuxStatfs = unsafe { core::mem::zeroed() };
        s.f_frsize = 4096;
        s.f_bsize = 4096;
        s.f_blocks = 1 << 34;
        s.f_bfree = 1 << 33;
        let v = to_vfs(&info(&s, None));
        assert_eq!(v.frsize as u128 * v.blocks as u128, 4096u128 << 34);
        assert_eq!(v.frsize as u128 * v.bfree as u128, 4096u128 << 33);
    }
}
