//! `getattrlist` family: common, directory and file attributes packed as
//! XNU's `vfs_attrlist.c` (xnu-7195, Big Sur) packs them; `setattrlist`
//! family for times, owner, mode, flags and Finder info.
//!
//! Buffer format (`man 2 getattrlist`, ATTRIBUTE BUFFER; `<sys/attr.h>`):
//! a `u_int32_t` length (the full size of the attributes, which XNU reports
//! even when it truncates the copy), then `ATTR_CMN_RETURNED_ATTRS` when
//! asked, then each attribute in the order the man page lists them (the
//! bit order, except `ATTR_CMN_ERROR` first and `ATTR_CMN_USERACCESS`
//! after `ATTR_CMN_DOCUMENT_ID`), each on a 4-byte boundary. Variable data
//! (`attrreference_t`) follows the fixed part; `attr_dataoffset` counts from
//! the reference itself, strings include their NUL and are padded to 4.
//!
//! Attributes a Linux filesystem cannot supply (backup, added and — where
//! statx has no birth time — creation times, generation count, document
//! id, owner UUIDs, protection class, clone ids...) behave as on a macOS
//! volume lacking them: `EINVAL` unless `ATTR_CMN_RETURNED_ATTRS` is asked
//! for, in which case they are left out of the buffer and of the returned
//! set, or packed as zeros with `FSOPT_PACK_INVAL_ATTRS`. Bits the tables
//! do not know are `EINVAL` ("You requested an invalid attribute").
//! Volume attributes are `ENOTSUP` ("the volume does not support the
//! query", man page COMPATIBILITY).
//!
//! Finder info lives in the Linux extended attribute
//! `user.com.apple.FinderInfo` and the resource fork's length in
//! `user.com.apple.ResourceFork`, the darwin names in Linux's user
//! namespace.

use crate::errno::darwin;
use crate::kernel::darwin_fs::{set_flags, Target};
use crate::kernel::fs::at_fd;
use crate::kernel::stat::{darwin_flags, dev_to_darwin};
use libc::{c_char, c_int, c_uint, c_void, size_t};

/// darwin `struct attrlist` (`<sys/attr.h>`).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct AttrList {
    bitmapcount: u16,
    reserved: u16,
    common: u32,
    vol: u32,
    dir: u32,
    file: u32,
    fork: u32,
}
const _: () = assert!(core::mem::size_of::<AttrList>() == 24);
const _: () = assert!(core::mem::offset_of!(AttrList, common) == 4);
const _: () = assert!(core::mem::offset_of!(AttrList, fork) == 20);

const ATTR_BIT_MAP_COUNT: u16 = 5;
/// `sizeof(attribute_set_t)`: five `attrgroup_t`.
const ATTRIBUTE_SET_SIZE: usize = 20;
/// `sizeof(attrreference_t)`: `int32_t` offset, `u_int32_t` length.
const ATTRREF_SIZE: usize = 8;
const ATTR_MAX_BUFFER: usize = 8192;

const FSOPT_NOFOLLOW: u32 = 0x1;
const FSOPT_PACK_INVAL_ATTRS: u32 = 0x8;
const FSOPT_ATTR_CMN_EXTENDED: u32 = 0x20;

const ATTR_CMN_NAME: u32 = 0x0000_0001;
const ATTR_CMN_DEVID: u32 = 0x0000_0002;
const ATTR_CMN_FSID: u32 = 0x0000_0004;
const ATTR_CMN_OBJTYPE: u32 = 0x0000_0008;
const ATTR_CMN_OBJTAG: u32 = 0x0000_0010;
const ATTR_CMN_OBJID: u32 = 0x0000_0020;
const ATTR_CMN_OBJPERMANENTID: u32 = 0x0000_0040;
const ATTR_CMN_PAROBJID: u32 = 0x0000_0080;
const ATTR_CMN_SCRIPT: u32 = 0x0000_0100;
const ATTR_CMN_CRTIME: u32 = 0x0000_0200;
const ATTR_CMN_MODTIME: u32 = 0x0000_0400;
const ATTR_CMN_CHGTIME: u32 = 0x0000_0800;
const ATTR_CMN_ACCTIME: u32 = 0x0000_1000;
const ATTR_CMN_BKUPTIME: u32 = 0x0000_2000;
const ATTR_CMN_FNDRINFO: u32 = 0x0000_4000;
const ATTR_CMN_OWNERID: u32 = 0x0000_8000;
const ATTR_CMN_GRPID: u32 = 0x0001_0000;
const ATTR_CMN_ACCESSMASK: u32 = 0x0002_0000;
const ATTR_CMN_FLAGS: u32 = 0x0004_0000;
const ATTR_CMN_GEN_COUNT: u32 = 0x0008_0000;
const ATTR_CMN_DOCUMENT_ID: u32 = 0x0010_0000;
const ATTR_CMN_USERACCESS: u32 = 0x0020_0000;
const ATTR_CMN_EXTENDED_SECURITY: u32 = 0x0040_0000;
const ATTR_CMN_UUID: u32 = 0x0080_0000;
const ATTR_CMN_GRPUUID: u32 = 0x0100_0000;
const ATTR_CMN_FILEID: u32 = 0x0200_0000;
const ATTR_CMN_PARENTID: u32 = 0x0400_0000;
const ATTR_CMN_FULLPATH: u32 = 0x0800_0000;
const ATTR_CMN_ADDEDTIME: u32 = 0x1000_0000;
const ATTR_CMN_ERROR: u32 = 0x2000_0000;
const ATTR_CMN_DATA_PROTECT_FLAGS: u32 = 0x4000_0000;
const ATTR_CMN_RETURNED_ATTRS: u32 = 0x8000_0000;
const ATTR_CMN_SETMASK: u32 = 0x51C7_FF00;
const ATTR_CMN_VOLSETMASK: u32 = 0x0000_6700;

const ATTR_VOL_INFO: u32 = 0x8000_0000;
const ATTR_VOL_SETMASK: u32 = 0x8000_2000;

const ATTR_DIR_LINKCOUNT: u32 = 0x01;
const ATTR_DIR_ENTRYCOUNT: u32 = 0x02;
const ATTR_DIR_MOUNTSTATUS: u32 = 0x04;
const ATTR_DIR_ALLOCSIZE: u32 = 0x08;
const ATTR_DIR_IOBLOCKSIZE: u32 = 0x10;
const ATTR_DIR_DATALENGTH: u32 = 0x20;
const DIR_MNTSTATUS_MNTPOINT: u32 = 0x1;

const ATTR_FILE_LINKCOUNT: u32 = 0x0001;
const ATTR_FILE_TOTALSIZE: u32 = 0x0002;
const ATTR_FILE_ALLOCSIZE: u32 = 0x0004;
const ATTR_FILE_IOBLOCKSIZE: u32 = 0x0008;
const ATTR_FILE_CLUMPSIZE: u32 = 0x0010;
const ATTR_FILE_DEVTYPE: u32 = 0x0020;
const ATTR_FILE_DATALENGTH: u32 = 0x0200;
const ATTR_FILE_DATAALLOCSIZE: u32 = 0x0400;
const ATTR_FILE_RSRCLENGTH: u32 = 0x1000;
const ATTR_FILE_RSRCALLOCSIZE: u32 = 0x2000;
const ATTR_FILE_SETMASK: u32 = 0x0000_0020;

const ATTR_FORK_VALIDMASK: u32 = 0x0000_0003;
const ATTR_CMNEXT_RELPATH: u32 = 0x0004;
const ATTR_CMNEXT_PRIVATESIZE: u32 = 0x0008;
const ATTR_CMNEXT_LINKID: u32 = 0x0010;
const ATTR_CMNEXT_NOFIRMLINKPATH: u32 = 0x0020;
const ATTR_CMNEXT_REALDEVID: u32 = 0x0040;
const ATTR_CMNEXT_REALFSID: u32 = 0x0080;
const ATTR_CMNEXT_CLONEID: u32 = 0x0100;
const ATTR_CMNEXT_EXT_FLAGS: u32 = 0x0200;
const ATTR_CMNEXT_RECURSIVE_GENCOUNT: u32 = 0x0400;
const ATTR_CMNEXT_VALIDMASK: u32 = 0x0000_1ffc;

/// `enum vtype` (`<sys/vnode.h>`).
const VREG: u32 = 1;
const VDIR: u32 = 2;
const VBLK: u32 = 3;
const VCHR: u32 = 4;
const VLNK: u32 = 5;
const VSOCK: u32 = 6;
const VFIFO: u32 = 7;

/// `kTextEncodingMacUnicode`, what the man page says a filesystem without
/// text-encoding hints returns for `ATTR_CMN_SCRIPT`.
const TEXT_ENCODING_MAC_UNICODE: u32 = 0x7e;

/// darwin `R_OK`/`W_OK`/`X_OK` (`<sys/unistd.h>`), as Linux's.
const R_OK: u32 = 4;
const W_OK: u32 = 2;
const X_OK: u32 = 1;

const FINDER_INFO_XATTR: &core::ffi::CStr = c"user.com.apple.FinderInfo";
const RESOURCE_FORK_XATTR: &core::ffi::CStr = c"user.com.apple.ResourceFork";

fn fail(e: c_int) -> c_int {
    crate::errno::set(e);
    -1
}

/// The object whose attributes are read or written.
struct Obj {
    /// An `O_PATH` descriptor (ours) or the caller's descriptor.
    fd: c_int,
    owned: bool,
    sx: libc::statx,
    /// Absolute path of the object, from `/proc/self/fd`.
    path: Vec<u8>,
}

impl Drop for Obj {
    fn drop(&mut self) {
        if self.owned {
            let e = crate::errno::get();
            // SAFETY: closing the descriptor we opened.
            unsafe { libc::close(self.fd) };
            crate::errno::set(e);
        }
    }
}

fn fd_path(fd: c_int) -> Option<Vec<u8>> {
    let link = format!("/proc/self/fd/{fd}\0");
    let mut buf = vec![0u8; libc::PATH_MAX as usize + 16];
    // SAFETY: `link` is NUL-terminated, `buf` has `buf.len()` bytes.
    let n = unsafe { libc::readlink(link.as_ptr().cast(), buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        return None;
    }
    buf.truncate(n as usize);
    Some(buf)
}

/// Looks the object up (an `O_PATH` open, following the last symlink or
/// not) and reads its `statx` and path; errors are darwin errno values.
///
/// # Safety
/// A path target's `path` must be a C string.
unsafe fn resolve(t: Target) -> Result<Obj, c_int> {
    let (fd, owned) = match t {
        Target::At {
            dirfd,
            path,
            follow,
        } => {
            let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
            // SAFETY: `path` is the caller's C string.
            let fd = unsafe {
                libc::openat(
                    at_fd(dirfd),
                    path,
                    libc::O_PATH | libc::O_CLOEXEC | nofollow,
                )
            };
            if fd < 0 {
                return Err(crate::errno::linux_to_darwin(crate::errno::get()));
            }
            (fd, true)
        }
        Target::Fd(fd) => (fd, false),
    };
    let mut obj = Obj {
        fd,
        owned,
        // SAFETY: plain data, filled below.
        sx: unsafe { core::mem::zeroed() },
        path: Vec::new(),
    };
    // SAFETY: "" with AT_EMPTY_PATH names `fd`.
    let r = unsafe {
        libc::statx(
            fd,
            c"".as_ptr(),
            libc::AT_EMPTY_PATH | libc::AT_STATX_SYNC_AS_STAT,
            libc::STATX_BASIC_STATS | libc::STATX_BTIME | libc::STATX_MNT_ID,
            &mut obj.sx,
        )
    };
    if r != 0 {
        return Err(crate::errno::linux_to_darwin(crate::errno::get()));
    }
    let Some(mut path) = fd_path(fd) else {
        return Err(darwin::EBADF);
    };
    if !path.starts_with(b"/") {
        // A pipe, socket or anonymous inode: not a vnode (XNU's
        // `fp_get_ftype(DTYPE_VNODE, EINVAL)`).
        return Err(darwin::EINVAL);
    }
    if obj.sx.stx_nlink == 0 && path.ends_with(b" (deleted)") {
        path.truncate(path.len() - b" (deleted)".len());
    }
    obj.path = path;
    Ok(obj)
}

impl Obj {
    fn kind(&self) -> u32 {
        u32::from(self.sx.stx_mode) & libc::S_IFMT
    }
    fn is_dir(&self) -> bool {
        self.kind() == libc::S_IFDIR
    }
    fn vtype(&self) -> u32 {
        match self.kind() {
            libc::S_IFREG => VREG,
            libc::S_IFDIR => VDIR,
            libc::S_IFBLK => VBLK,
            libc::S_IFCHR => VCHR,
            libc::S_IFLNK => VLNK,
            libc::S_IFSOCK => VSOCK,
            libc::S_IFIFO => VFIFO,
            _ => 0,
        }
    }
    fn dev(&self) -> u32 {
        dev_to_darwin(libc::makedev(self.sx.stx_dev_major, self.sx.stx_dev_minor)) as u32
    }
    fn name(&self) -> Vec<u8> {
        if self.path == b"/" {
            return b"/".to_vec();
        }
        match self.path.iter().rposition(|&b| b == b'/') {
            Some(i) => self.path[i + 1..].to_vec(),
            None => self.path.clone(),
        }
    }
    fn parent_path(&self) -> Vec<u8> {
        match self.path.iter().rposition(|&b| b == b'/') {
            Some(0) | None => b"/".to_vec(),
            Some(i) => self.path[..i].to_vec(),
        }
    }
    fn parent_ino(&self) -> u64 {
        let mut p = self.parent_path();
        p.push(0);
        // SAFETY: plain data; `p` is NUL-terminated.
        let mut psx: libc::statx = unsafe { core::mem::zeroed() };
        // SAFETY: as above.
        let r = unsafe {
            libc::statx(
                libc::AT_FDCWD,
                p.as_ptr().cast(),
                0,
                libc::STATX_INO,
                &mut psx,
            )
        };
        if r == 0 {
            psx.stx_ino
        } else {
            0
        }
    }
    fn statfs(&self) -> Option<libc::statfs> {
        // SAFETY: plain data filled by the kernel; fstatfs accepts O_PATH.
        let mut s: libc::statfs = unsafe { core::mem::zeroed() };
        // SAFETY: as above.
        (unsafe { libc::fstatfs(self.fd, &mut s) } == 0).then_some(s)
    }
    /// `fsid_t`: darwin device and the Linux filesystem magic (standing in
    /// for the VFS type number macOS keeps in `val[1]`).
    fn fsid(&self) -> [u8; 8] {
        let t = self.statfs().map(|s| s.f_type as u32).unwrap_or(0);
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&self.dev().to_ne_bytes());
        b[4..].copy_from_slice(&t.to_ne_bytes());
        b
    }
    /// `enum vtagtype` from the Linux filesystem magic; `VT_OTHER` for the
    /// Linux filesystems darwin has no tag for.
    fn objtag(&self) -> u32 {
        let t = self.statfs().map(|s| s.f_type as u32).unwrap_or(0);
        match t {
            0x6969 => 2,                              // NFS → VT_NFS
            0x4d44 => 4,                              // MSDOS → VT_MSDOSFS
            0x9fa0 => 12,                             // proc → VT_PROCFS
            0x9660 => 14,                             // ISO 9660 → VT_ISOFS
            0x2fc1_2fc1 => 17,                        // ZFS → VT_ZFS
            0x1373 => 18,                             // devfs → VT_DEVFS
            0x1501_3346 => 20,                        // UDF → VT_UDF
            0x517b | 0xff53_4d42 | 0xfe53_4d42 => 23, // SMB/CIFS → VT_CIFS
            _ => 24,                                  // VT_OTHER
        }
    }
    /// A descriptor on the object that `*xattr`/`readdir` accept.
    fn reopen(&self, flags: c_int) -> Option<c_int> {
        let p = format!("/proc/self/fd/{}\0", self.fd);
        // SAFETY: `p` is NUL-terminated.
        let r = unsafe {
            libc::open(
                p.as_ptr().cast(),
                flags | libc::O_CLOEXEC | libc::O_NONBLOCK,
            )
        };
        (r >= 0).then_some(r)
    }
    /// Size of a Linux extended attribute; 0 when absent or unreadable.
    fn xattr(&self, name: &core::ffi::CStr, out: &mut [u8]) -> usize {
        if !matches!(self.kind(), libc::S_IFREG | libc::S_IFDIR) {
            return 0;
        }
        let mut p = format!("/proc/self/fd/{}", self.fd).into_bytes();
        p.push(0);
        // SAFETY: `p` and `name` are C strings; `out` has `out.len()` bytes
        // (0 asks for the size only).
        let n = unsafe {
            libc::getxattr(
                p.as_ptr().cast(),
                name.as_ptr(),
                if out.is_empty() {
                    core::ptr::null_mut()
                } else {
                    out.as_mut_ptr().cast()
                },
                out.len(),
            )
        };
        n.max(0) as usize
    }
    fn finder_info(&self) -> [u8; 32] {
        let mut b = [0u8; 32];
        if self.xattr(FINDER_INFO_XATTR, &mut b) != 32 {
            b = [0; 32];
        }
        b
    }
    fn alloc_size(&self) -> u64 {
        self.sx.stx_blocks * 512
    }
    /// `ATTR_CMN_USERACCESS`: what the effective user may do, by the mode
    /// bits as the kernel checks them (root reads and writes anything and
    /// executes what has an execute bit or is a directory); nothing is
    /// writable on a read-only filesystem or an immutable file.
    fn user_access(&self) -> u32 {
        let mode = u32::from(self.sx.stx_mode);
        // SAFETY: no memory is involved.
        let euid = unsafe { libc::geteuid() };
        let mut a = if euid == 0 {
            let x = if self.is_dir() || mode & 0o111 != 0 {
                X_OK
            } else {
                0
            };
            R_OK | W_OK | x
        } else if self.sx.stx_uid == euid {
            (mode >> 6) & 7
        } else if in_group(self.sx.stx_gid) {
            (mode >> 3) & 7
        } else {
            mode & 7
        };
        let immutable = self.sx.stx_attributes
            & (libc::STATX_ATTR_IMMUTABLE as u64)
            & self.sx.stx_attributes_mask
            != 0;
        // SAFETY: plain data filled by glibc; fstatvfs accepts O_PATH.
        let mut vfs: libc::statvfs = unsafe { core::mem::zeroed() };
        // SAFETY: as above.
        let rdonly =
            unsafe { libc::fstatvfs(self.fd, &mut vfs) } == 0 && vfs.f_flag & libc::ST_RDONLY != 0;
        if immutable || rdonly {
            a &= !W_OK;
        }
        a
    }
    fn is_mount_point(&self) -> bool {
        let m = libc::STATX_ATTR_MOUNT_ROOT as u64;
        self.path == b"/"
            || (self.sx.stx_attributes_mask & m != 0 && self.sx.stx_attributes & m != 0)
    }
    /// `ATTR_DIR_ENTRYCOUNT` by reading the directory: unlike a darwin
    /// filesystem, Linux needs read permission on it for that.
    fn entry_count(&self) -> Result<u32, c_int> {
        let Some(fd) = self.reopen(libc::O_RDONLY | libc::O_DIRECTORY) else {
            return Err(crate::errno::linux_to_darwin(crate::errno::get()));
        };
        // SAFETY: `fd` is a directory descriptor we own; fdopendir takes it.
        let d = unsafe { libc::fdopendir(fd) };
        if d.is_null() {
            let e = crate::errno::get();
            // SAFETY: our descriptor.
            unsafe { libc::close(fd) };
            return Err(crate::errno::linux_to_darwin(e));
        }
        let mut n = 0u32;
        loop {
            // SAFETY: `d` is an open DIR.
            let e = unsafe { libc::readdir(d) };
            if e.is_null() {
                break;
            }
            // SAFETY: readdir returns a valid dirent with a C-string name.
            let name = unsafe { core::ffi::CStr::from_ptr((*e).d_name.as_ptr()) }.to_bytes();
            if name != b"." && name != b".." {
                n += 1;
            }
        }
        // SAFETY: closes the DIR and its descriptor.
        unsafe { libc::closedir(d) };
        Ok(n)
    }
    /// The object's path relative to its mount point, from the mount table.
    fn mount_relative_path(&self) -> Vec<u8> {
        let mnt = mount_point(self.sx.stx_mnt_id).unwrap_or_else(|| b"/".to_vec());
        let rest = if mnt == b"/" {
            &self.path[..]
        } else if self.path.starts_with(&mnt) {
            &self.path[mnt.len()..]
        } else {
            &self.path[..]
        };
        if rest.is_empty() {
            b"/".to_vec()
        } else {
            rest.to_vec()
        }
    }
}

fn in_group(gid: u32) -> bool {
    // SAFETY: no memory is involved.
    if unsafe { libc::getegid() } == gid {
        return true;
    }
    let mut groups = [0 as libc::gid_t; 256];
    // SAFETY: `groups` has room for 256 entries.
    let n = unsafe { libc::getgroups(groups.len() as c_int, groups.as_mut_ptr()) };
    n > 0 && groups[..n as usize].contains(&gid)
}

/// The mount point of Linux mount `id`, from `/proc/self/mountinfo`.
fn mount_point(id: u64) -> Option<Vec<u8>> {
    let info = std::fs::read("/proc/self/mountinfo").ok()?;
    for line in info.split(|&b| b == b'\n') {
        let mut f = line.split(|&b| b == b' ');
        let mid = f.next()?;
        if std::str::from_utf8(mid).ok()?.parse::<u64>().ok()? != id {
            continue;
        }
        let mp = f.nth(3)?;
        return Some(unescape_octal(mp));
    }
    None
}

fn unescape_octal(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\'
            && i + 3 < s.len()
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

/// One attribute's value.
enum Val {
    U32(u32),
    U64(u64),
    Time(i64, i64),
    /// Fixed bytes (fsid, Finder info, UUID).
    Bytes(Vec<u8>),
    /// A NUL-terminated string behind an `attrreference_t`.
    Str(Vec<u8>),
    /// Raw variable data behind an `attrreference_t`.
    Ref(Vec<u8>),
}

/// How an attribute is packed.
enum Out {
    /// Packed and reported returned.
    Val(Val),
    /// The filesystem does not supply it (XNU's unsupported `va_*` bit);
    /// the value is the default `FSOPT_PACK_INVAL_ATTRS` packs.
    Unsupported(Val),
    /// Packed, and reported returned, only without `ATTR_CMN_RETURNED_ATTRS`
    /// or with `FSOPT_PACK_INVAL_ATTRS` (`ATTR_CMN_ERROR`,
    /// `ATTR_FILE_CLUMPSIZE`).
    Conditional(Val),
    /// Packed under the same condition but never reported returned
    /// (`ATTR_CMN_EXTENDED_SECURITY` of a file without an ACL).
    Hidden(Val),
}

fn ts(t: &libc::statx_timestamp) -> Val {
    Val::Time(t.tv_sec, i64::from(t.tv_nsec))
}

/// Attribute groups, in packing order.
#[derive(Clone, Copy, PartialEq)]
enum Group {
    Common,
    Dir,
    File,
    Ext,
}

/// `(bit, fixed size)` of each attribute, in packing order, per group
/// (XNU's `getattrlist_*_tab` sizes; timespecs are 16 bytes for 64-bit
/// processes).
const COMMON: &[(u32, usize)] = &[
    (ATTR_CMN_ERROR, 4),
    (ATTR_CMN_NAME, ATTRREF_SIZE),
    (ATTR_CMN_DEVID, 4),
    (ATTR_CMN_FSID, 8),
    (ATTR_CMN_OBJTYPE, 4),
    (ATTR_CMN_OBJTAG, 4),
    (ATTR_CMN_OBJID, 8),
    (ATTR_CMN_OBJPERMANENTID, 8),
    (ATTR_CMN_PAROBJID, 8),
    (ATTR_CMN_SCRIPT, 4),
    (ATTR_CMN_CRTIME, 16),
    (ATTR_CMN_MODTIME, 16),
    (ATTR_CMN_CHGTIME, 16),
    (ATTR_CMN_ACCTIME, 16),
    (ATTR_CMN_BKUPTIME, 16),
    (ATTR_CMN_FNDRINFO, 32),
    (ATTR_CMN_OWNERID, 4),
    (ATTR_CMN_GRPID, 4),
    (ATTR_CMN_ACCESSMASK, 4),
    (ATTR_CMN_FLAGS, 4),
    (ATTR_CMN_GEN_COUNT, 4),
    (ATTR_CMN_DOCUMENT_ID, 4),
    (ATTR_CMN_USERACCESS, 4),
    (ATTR_CMN_EXTENDED_SECURITY, ATTRREF_SIZE),
    (ATTR_CMN_UUID, 16),
    (ATTR_CMN_GRPUUID, 16),
    (ATTR_CMN_FILEID, 8),
    (ATTR_CMN_PARENTID, 8),
    (ATTR_CMN_FULLPATH, ATTRREF_SIZE),
    (ATTR_CMN_ADDEDTIME, 16),
    (ATTR_CMN_DATA_PROTECT_FLAGS, 4),
    (ATTR_CMN_RETURNED_ATTRS, ATTRIBUTE_SET_SIZE),
];
const DIR: &[(u32, usize)] = &[
    (ATTR_DIR_LINKCOUNT, 4),
    (ATTR_DIR_ENTRYCOUNT, 4),
    (ATTR_DIR_MOUNTSTATUS, 4),
    (ATTR_DIR_ALLOCSIZE, 8),
    (ATTR_DIR_IOBLOCKSIZE, 4),
    (ATTR_DIR_DATALENGTH, 8),
];
const FILE: &[(u32, usize)] = &[
    (ATTR_FILE_LINKCOUNT, 4),
    (ATTR_FILE_TOTALSIZE, 8),
    (ATTR_FILE_ALLOCSIZE, 8),
    (ATTR_FILE_IOBLOCKSIZE, 4),
    (ATTR_FILE_CLUMPSIZE, 4),
    (ATTR_FILE_DEVTYPE, 4),
    (ATTR_FILE_DATALENGTH, 8),
    (ATTR_FILE_DATAALLOCSIZE, 8),
    (ATTR_FILE_RSRCLENGTH, 8),
    (ATTR_FILE_RSRCALLOCSIZE, 8),
];
const EXT: &[(u32, usize)] = &[
    (ATTR_CMNEXT_RELPATH, ATTRREF_SIZE),
    (ATTR_CMNEXT_PRIVATESIZE, 8),
    (ATTR_CMNEXT_LINKID, 8),
    (ATTR_CMNEXT_NOFIRMLINKPATH, ATTRREF_SIZE),
    (ATTR_CMNEXT_REALDEVID, 4),
    (ATTR_CMNEXT_REALFSID, 8),
    (ATTR_CMNEXT_CLONEID, 8),
    (ATTR_CMNEXT_EXT_FLAGS, 8),
    (ATTR_CMNEXT_RECURSIVE_GENCOUNT, 8),
];

/// An attribute group's `(bit, size)` table.
type Table = &'static [(u32, usize)];

fn known(tab: Table) -> u32 {
    tab.iter().fold(0, |a, &(b, _)| a | b)
}

/// The value of one attribute of `o`.
fn value(o: &Obj, g: Group, bit: u32) -> Result<Out, c_int> {
    let sx = &o.sx;
    use Out::{Conditional, Hidden, Unsupported};
    let v = |v| Ok(Out::Val(v));
    match g {
        Group::Common => match bit {
            ATTR_CMN_ERROR => Ok(Conditional(Val::U32(0))),
            ATTR_CMN_NAME => v(Val::Str(o.name())),
            ATTR_CMN_DEVID => v(Val::U32(o.dev())),
            ATTR_CMN_FSID => v(Val::Bytes(o.fsid().to_vec())),
            ATTR_CMN_OBJTYPE => v(Val::U32(o.vtype())),
            ATTR_CMN_OBJTAG => v(Val::U32(o.objtag())),
            // fsobj_id_t {fid_objno, fid_generation}: the 64-bit inode
            // number, as volumes with VOL_CAP_FMT_64BIT_OBJECT_IDS give it.
            ATTR_CMN_OBJID | ATTR_CMN_OBJPERMANENTID => v(Val::U64(sx.stx_ino)),
            ATTR_CMN_PAROBJID => v(Val::U64(o.parent_ino())),
            ATTR_CMN_SCRIPT => v(Val::U32(TEXT_ENCODING_MAC_UNICODE)),
            ATTR_CMN_CRTIME => {
                if sx.stx_mask & libc::STATX_BTIME != 0 {
                    v(ts(&sx.stx_btime))
                } else {
                    Ok(Unsupported(Val::Time(0, 0)))
                }
            }
            ATTR_CMN_MODTIME => v(ts(&sx.stx_mtime)),
            ATTR_CMN_CHGTIME => v(ts(&sx.stx_ctime)),
            ATTR_CMN_ACCTIME => v(ts(&sx.stx_atime)),
            ATTR_CMN_BKUPTIME | ATTR_CMN_ADDEDTIME => Ok(Unsupported(Val::Time(0, 0))),
            ATTR_CMN_FNDRINFO => v(Val::Bytes(o.finder_info().to_vec())),
            ATTR_CMN_OWNERID => v(Val::U32(sx.stx_uid)),
            ATTR_CMN_GRPID => v(Val::U32(sx.stx_gid)),
            ATTR_CMN_ACCESSMASK => v(Val::U32(u32::from(sx.stx_mode))),
            ATTR_CMN_FLAGS => v(Val::U32(darwin_flags(sx))),
            ATTR_CMN_GEN_COUNT | ATTR_CMN_DOCUMENT_ID | ATTR_CMN_DATA_PROTECT_FLAGS => {
                Ok(Unsupported(Val::U32(0)))
            }
            ATTR_CMN_USERACCESS => v(Val::U32(o.user_access())),
            ATTR_CMN_EXTENDED_SECURITY => Ok(Hidden(Val::Ref(Vec::new()))),
            ATTR_CMN_UUID | ATTR_CMN_GRPUUID => Ok(Unsupported(Val::Bytes(vec![0; 16]))),
            ATTR_CMN_FILEID => v(Val::U64(sx.stx_ino)),
            ATTR_CMN_PARENTID => v(Val::U64(o.parent_ino())),
            ATTR_CMN_FULLPATH => v(Val::Str(o.path.clone())),
            _ => Err(darwin::EINVAL),
        },
        Group::Dir => match bit {
            // No hard links to directories on Linux: 1, as the man page says.
            ATTR_DIR_LINKCOUNT => v(Val::U32(1)),
            ATTR_DIR_ENTRYCOUNT => v(Val::U32(o.entry_count()?)),
            ATTR_DIR_MOUNTSTATUS => v(Val::U32(if o.is_mount_point() {
                DIR_MNTSTATUS_MNTPOINT
            } else {
                0
            })),
            ATTR_DIR_ALLOCSIZE => v(Val::U64(o.alloc_size())),
            ATTR_DIR_IOBLOCKSIZE => v(Val::U32(sx.stx_blksize)),
            ATTR_DIR_DATALENGTH => v(Val::U64(sx.stx_size)),
            _ => Err(darwin::EINVAL),
        },
        Group::File => {
            let rsrc = || o.xattr(RESOURCE_FORK_XATTR, &mut []) as u64;
            let rsrc_alloc = || {
                let bs = o
                    .statfs()
                    .map(|s| s.f_bsize as u64)
                    .filter(|&b| b > 0)
                    .unwrap_or(512);
                rsrc().div_ceil(bs) * bs
            };
            match bit {
                ATTR_FILE_LINKCOUNT => v(Val::U32(sx.stx_nlink)),
                ATTR_FILE_TOTALSIZE => v(Val::U64(sx.stx_size + rsrc())),
                ATTR_FILE_ALLOCSIZE => v(Val::U64(o.alloc_size() + rsrc_alloc())),
                ATTR_FILE_IOBLOCKSIZE => v(Val::U32(sx.stx_blksize)),
                ATTR_FILE_CLUMPSIZE => Ok(Conditional(Val::U32(0))),
                ATTR_FILE_DEVTYPE => v(Val::U32(match o.vtype() {
                    VCHR | VBLK => {
                        dev_to_darwin(libc::makedev(sx.stx_rdev_major, sx.stx_rdev_minor)) as u32
                    }
                    _ => 0,
                })),
                ATTR_FILE_DATALENGTH => v(Val::U64(sx.stx_size)),
                ATTR_FILE_DATAALLOCSIZE => v(Val::U64(o.alloc_size())),
                ATTR_FILE_RSRCLENGTH => v(Val::U64(rsrc())),
                ATTR_FILE_RSRCALLOCSIZE => v(Val::U64(rsrc_alloc())),
                _ => Err(darwin::EINVAL),
            }
        }
        Group::Ext => match bit {
            ATTR_CMNEXT_RELPATH => v(Val::Str(o.mount_relative_path())),
            ATTR_CMNEXT_LINKID => v(Val::U64(sx.stx_ino)),
            ATTR_CMNEXT_NOFIRMLINKPATH => v(Val::Str(o.path.clone())),
            ATTR_CMNEXT_REALDEVID => v(Val::U32(o.dev())),
            ATTR_CMNEXT_REALFSID => v(Val::Bytes(o.fsid().to_vec())),
            ATTR_CMNEXT_PRIVATESIZE
            | ATTR_CMNEXT_CLONEID
            | ATTR_CMNEXT_EXT_FLAGS
            | ATTR_CMNEXT_RECURSIVE_GENCOUNT => Ok(Unsupported(Val::U64(0))),
            _ => Err(darwin::EINVAL),
        },
    }
}

/// Packs attributes into the fixed and variable areas.
struct Packer {
    buf: Vec<u8>,
    fixed: usize,
    var: usize,
}

impl Packer {
    fn put(&mut self, bytes: &[u8]) {
        self.buf[self.fixed..self.fixed + bytes.len()].copy_from_slice(bytes);
        self.fixed += bytes.len().next_multiple_of(4);
    }
    fn put_ref(&mut self, data: &[u8], len: usize) {
        let off = (self.var - self.fixed) as i32;
        let mut r = [0u8; 8];
        r[..4].copy_from_slice(&off.to_ne_bytes());
        r[4..].copy_from_slice(&(len as u32).to_ne_bytes());
        self.put(&r);
        self.buf[self.var..self.var + data.len()].copy_from_slice(data);
        self.var += len.next_multiple_of(4);
    }
    fn val(&mut self, v: &Val) {
        match v {
            Val::U32(x) => self.put(&x.to_ne_bytes()),
            Val::U64(x) => self.put(&x.to_ne_bytes()),
            Val::Time(s, ns) => {
                let mut b = [0u8; 16];
                b[..8].copy_from_slice(&s.to_ne_bytes());
                b[8..].copy_from_slice(&ns.to_ne_bytes());
                self.put(&b);
            }
            Val::Bytes(b) => self.put(b),
            Val::Str(s) => {
                let mut d = s.clone();
                d.push(0);
                let n = d.len();
                self.put_ref(&d, n);
            }
            Val::Ref(d) => self.put_ref(d, d.len()),
        }
    }
}

fn var_len(v: &Val) -> usize {
    match v {
        Val::Str(s) => (s.len() + 1).next_multiple_of(4),
        Val::Ref(d) => d.len().next_multiple_of(4),
        _ => 0,
    }
}

/// The body of every `getattrlist` variant, in XNU's order of checks.
///
/// # Safety
/// `al` must point to a `struct attrlist`, `buf` to `size` writable bytes,
/// a path target's `path` to a C string.
unsafe fn get(
    t: Target,
    al: *const AttrList,
    buf: *mut c_void,
    size: size_t,
    options: u32,
) -> c_int {
    if al.is_null() {
        return fail(darwin::EFAULT);
    }
    // SAFETY: the caller's attrlist.
    let al = unsafe { al.read_unaligned() };
    // SAFETY: forwarded contract.
    let o = match unsafe { resolve(t) } {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    if size < 4 {
        return fail(darwin::ERANGE);
    }
    if al.bitmapcount != ATTR_BIT_MAP_COUNT {
        return fail(darwin::EINVAL);
    }
    let use_fork = options & FSOPT_ATTR_CMN_EXTENDED != 0;
    if al.vol != 0 {
        if al.file != 0 || al.dir != 0 || (al.fork != 0 && !use_fork) {
            return fail(darwin::EINVAL);
        }
        return fail(darwin::ENOTSUP);
    }
    if al.common & (ATTR_CMN_GEN_COUNT | ATTR_CMN_DOCUMENT_ID) != 0 && !use_fork {
        return fail(darwin::EINVAL);
    }
    if !use_fork && al.fork & ATTR_CMNEXT_VALIDMASK != 0 {
        return fail(darwin::EINVAL);
    }
    if use_fork && al.fork & ATTR_FORK_VALIDMASK != 0 {
        return fail(darwin::EINVAL);
    }
    let rv = al.common & ATTR_CMN_RETURNED_ATTRS != 0;
    let pi = options & FSOPT_PACK_INVAL_ATTRS != 0;
    if pi && (!rv || (al.fork != 0 && !use_fork)) {
        return fail(darwin::EINVAL);
    }
    let isdir = o.is_dir();
    let mut groups: Vec<(Group, u32, Table)> = vec![(Group::Common, al.common, COMMON)];
    if isdir && al.dir != 0 {
        groups.push((Group::Dir, al.dir, DIR));
    }
    if !isdir && al.file != 0 {
        groups.push((Group::File, al.file, FILE));
    }
    if use_fork && al.fork != 0 {
        groups.push((Group::Ext, al.fork, EXT));
    }
    let mut fixedsize = 4;
    for &(_, want, tab) in &groups {
        if want & !known(tab) != 0 {
            return fail(darwin::EINVAL);
        }
        fixedsize += tab
            .iter()
            .filter(|&&(b, _)| want & b != 0)
            .map(|&(_, s)| s)
            .sum::<usize>();
    }
    // Values, and what the caller will get of each.
    let mut items = Vec::new();
    let mut any_unsupported = false;
    for &(g, want, tab) in &groups {
        for &(bit, _) in tab {
            if want & bit == 0 || bit == ATTR_CMN_RETURNED_ATTRS {
                continue;
            }
            let out = match value(&o, g, bit) {
                Ok(out) => out,
                Err(e) => return fail(e),
            };
            any_unsupported |= matches!(out, Out::Unsupported(_));
            items.push((g, bit, out));
        }
    }
    if any_unsupported && !rv {
        return fail(darwin::EINVAL);
    }
    let loose = !rv || pi;
    // (group, bit, value, reported) of each packed attribute.
    let mut packed = Vec::new();
    for (g, bit, out) in items {
        match out {
            Out::Val(v) => packed.push((g, bit, v, true)),
            Out::Unsupported(v) if pi => packed.push((g, bit, v, false)),
            Out::Unsupported(_) => {}
            Out::Conditional(v) if loose => packed.push((g, bit, v, true)),
            Out::Hidden(v) if loose => packed.push((g, bit, v, false)),
            Out::Conditional(_) | Out::Hidden(_) => {}
        }
    }
    let varsize: usize = packed.iter().map(|(_, _, v, _)| var_len(v)).sum();
    let total = fixedsize + varsize;
    if total > ATTR_MAX_BUFFER {
        return fail(darwin::ENOMEM);
    }
    let mut p = Packer {
        buf: vec![0; total],
        fixed: 4 + if rv { ATTRIBUTE_SET_SIZE } else { 0 },
        var: fixedsize,
    };
    let mut returned = [0u32; 5];
    for (g, bit, v, reported) in &packed {
        p.val(v);
        if *reported {
            let i = match g {
                Group::Common => 0,
                Group::Dir => 2,
                Group::File => 3,
                Group::Ext => 4,
            };
            returned[i] |= bit;
        }
    }
    p.buf[..4].copy_from_slice(&(total as u32).to_ne_bytes());
    if rv {
        returned[0] |= ATTR_CMN_RETURNED_ATTRS;
        for (i, r) in returned.iter().enumerate() {
            p.buf[4 + 4 * i..8 + 4 * i].copy_from_slice(&r.to_ne_bytes());
        }
    }
    let n = size.min(total);
    // SAFETY: the caller's buffer has `size` bytes; `n <= size`.
    unsafe { core::ptr::copy_nonoverlapping(p.buf.as_ptr(), buf.cast::<u8>(), n) };
    0
}

unsafe extern "C" fn getattrlist(
    path: *const c_char,
    al: *const AttrList,
    buf: *mut c_void,
    size: size_t,
    options: c_uint,
) -> c_int {
    let t = Target::At {
        dirfd: -2,
        path,
        follow: options & FSOPT_NOFOLLOW == 0,
    };
    // SAFETY: forwarded contract.
    unsafe { get(t, al, buf, size, options) }
}

unsafe extern "C" fn getattrlistat(
    dirfd: c_int,
    path: *const c_char,
    al: *const AttrList,
    buf: *mut c_void,
    size: size_t,
    options: u64,
) -> c_int {
    let options = options as u32;
    let t = Target::At {
        dirfd,
        path,
        follow: options & FSOPT_NOFOLLOW == 0,
    };
    // SAFETY: forwarded contract.
    unsafe { get(t, al, buf, size, options) }
}

unsafe extern "C" fn fgetattrlist(
    fd: c_int,
    al: *const AttrList,
    buf: *mut c_void,
    size: size_t,
    options: c_uint,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { get(Target::Fd(fd), al, buf, size, options) }
}

/// Reads `n` bytes at the cursor; `EINVAL` past the end (XNU's
/// `attrlist_unpack_fixed`).
fn take<'a>(cur: &mut &'a [u8], n: usize) -> Result<&'a [u8], c_int> {
    if cur.len() < n {
        return Err(darwin::EINVAL);
    }
    let (a, b) = cur.split_at(n);
    *cur = b;
    Ok(a)
}
fn take_u32(cur: &mut &[u8]) -> Result<u32, c_int> {
    Ok(u32::from_ne_bytes(
        take(cur, 4)?.try_into().unwrap_or([0; 4]),
    ))
}
fn take_time(cur: &mut &[u8]) -> Result<libc::timespec, c_int> {
    let b = take(cur, 16)?;
    let s = i64::from_ne_bytes(b[..8].try_into().unwrap_or([0; 8]));
    let ns = i64::from_ne_bytes(b[8..].try_into().unwrap_or([0; 8]));
    Ok(libc::timespec {
        tv_sec: s,
        tv_nsec: ns,
    })
}

/// The body of every `setattrlist` variant: XNU's `setattrlist_internal`
/// checks (bit count, settable masks, buffer size), then the changes.
/// `ATTR_CMN_CHGTIME` is ignored as XNU ignores it. Attributes Linux cannot
/// store (creation, backup and added times, text encoding, ACLs, UUIDs,
/// protection class, volume name) are `ENOTSUP`, checked before anything
/// changes.
///
/// # Safety
/// `al` must point to a `struct attrlist`, `buf` to `size` readable bytes,
/// a path target's `path` to a C string.
unsafe fn set(t: Target, al: *const AttrList, buf: *const c_void, size: size_t) -> c_int {
    if al.is_null() {
        return fail(darwin::EFAULT);
    }
    // SAFETY: the caller's attrlist.
    let al = unsafe { al.read_unaligned() };
    // SAFETY: forwarded contract.
    let o = match unsafe { resolve(t) } {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    if al.bitmapcount != ATTR_BIT_MAP_COUNT {
        return fail(darwin::EINVAL);
    }
    if al.vol != 0 {
        if al.vol & !ATTR_VOL_SETMASK != 0
            || al.common & !ATTR_CMN_VOLSETMASK != 0
            || al.file != 0
            || al.fork != 0
        {
            return fail(darwin::EINVAL);
        }
    } else if al.common & !ATTR_CMN_SETMASK != 0
        || al.file & !ATTR_FILE_SETMASK != 0
        || al.dir != 0
        || al.fork != 0
    {
        return fail(darwin::EINVAL);
    }
    if al.common == 0 && al.vol & !ATTR_VOL_INFO == 0 && al.dir == 0 && al.file == 0 && al.fork == 0
    {
        return 0;
    }
    if size > ATTR_MAX_BUFFER {
        return fail(darwin::ENOMEM);
    }
    let data: &[u8] = if size == 0 {
        &[]
    } else if buf.is_null() {
        return fail(darwin::EFAULT);
    } else {
        // SAFETY: the caller's buffer of `size` bytes.
        unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), size) }
    };
    match unpack_and_apply(&o, &al, data, t) {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

fn unpack_and_apply(o: &Obj, al: &AttrList, data: &[u8], t: Target) -> Result<(), c_int> {
    let mut cur = data;
    let c = al.common;
    let unsupported = ATTR_CMN_SCRIPT
        | ATTR_CMN_CRTIME
        | ATTR_CMN_BKUPTIME
        | ATTR_CMN_EXTENDED_SECURITY
        | ATTR_CMN_UUID
        | ATTR_CMN_GRPUUID
        | ATTR_CMN_ADDEDTIME
        | ATTR_CMN_DATA_PROTECT_FLAGS;
    // Unpack in XNU's order; every field must be present.
    if c & ATTR_CMN_SCRIPT != 0 {
        take(&mut cur, 4)?;
    }
    if c & ATTR_CMN_CRTIME != 0 {
        take_time(&mut cur)?;
    }
    let mtime = if c & ATTR_CMN_MODTIME != 0 {
        Some(take_time(&mut cur)?)
    } else {
        None
    };
    if c & ATTR_CMN_CHGTIME != 0 {
        take_time(&mut cur)?;
    }
    let atime = if c & ATTR_CMN_ACCTIME != 0 {
        Some(take_time(&mut cur)?)
    } else {
        None
    };
    if c & ATTR_CMN_BKUPTIME != 0 {
        take_time(&mut cur)?;
    }
    let finder = if c & ATTR_CMN_FNDRINFO != 0 {
        Some(take(&mut cur, 32)?)
    } else {
        None
    };
    let uid = if c & ATTR_CMN_OWNERID != 0 {
        Some(take_u32(&mut cur)?)
    } else {
        None
    };
    let gid = if c & ATTR_CMN_GRPID != 0 {
        Some(take_u32(&mut cur)?)
    } else {
        None
    };
    let mode = if c & ATTR_CMN_ACCESSMASK != 0 {
        Some(take_u32(&mut cur)?)
    } else {
        None
    };
    let flags = if c & ATTR_CMN_FLAGS != 0 {
        Some(take_u32(&mut cur)?)
    } else {
        None
    };
    if al.file & ATTR_FILE_DEVTYPE != 0 {
        return Err(darwin::EINVAL);
    }
    if c & unsupported != 0 || al.vol & !ATTR_VOL_INFO != 0 {
        return Err(darwin::ENOTSUP);
    }
    let nofollow = o.kind() == libc::S_IFLNK;
    let at = if nofollow {
        libc::AT_SYMLINK_NOFOLLOW
    } else {
        0
    };
    let proc_path = {
        let mut p = format!("/proc/self/fd/{}", o.fd).into_bytes();
        p.push(0);
        p
    };
    // The object through its descriptor; a symlink's path when the link
    // itself is meant (an O_PATH descriptor cannot chmod or utime it).
    let (dirfd, path): (c_int, Vec<u8>) = if nofollow {
        let mut parent = o.parent_path();
        parent.push(0);
        // SAFETY: `parent` is NUL-terminated.
        let d = unsafe {
            libc::open(
                parent.as_ptr().cast(),
                libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        if d < 0 {
            return Err(crate::errno::linux_to_darwin(crate::errno::get()));
        }
        let mut n = o.name();
        n.push(0);
        (d, n)
    } else {
        (libc::AT_FDCWD, proc_path.clone())
    };
    let r = (|| {
        let lerr = || Err(crate::errno::linux_to_darwin(crate::errno::get()));
        // Clearing immutable/append-only flags must come before the rest.
        let clearing = flags.is_some_and(|f| {
            // UF_IMMUTABLE | UF_APPEND | SF_IMMUTABLE | SF_APPEND
            darwin_flags(&o.sx) & !f & 0x0006_0006 != 0
        });
        if clearing {
            // SAFETY: `t` holds the caller's C string, if any.
            unsafe { set_flags(t, flags.unwrap_or(0)) }?;
        }
        if let Some(fi) = finder {
            set_finder_info(&proc_path, fi, nofollow)?;
        }
        if uid.is_some() || gid.is_some() {
            // SAFETY: `path` is NUL-terminated.
            if unsafe {
                libc::fchownat(
                    dirfd,
                    path.as_ptr().cast(),
                    uid.unwrap_or(u32::MAX),
                    gid.unwrap_or(u32::MAX),
                    at,
                )
            } != 0
            {
                return lerr();
            }
        }
        if let Some(m) = mode {
            if nofollow {
                // Linux cannot change a symlink's mode.
                return Err(darwin::ENOTSUP);
            }
            // SAFETY: `path` is NUL-terminated.
            if unsafe {
                libc::fchmodat(dirfd, path.as_ptr().cast(), (m & 0o7777) as libc::mode_t, 0)
            } != 0
            {
                return lerr();
            }
        }
        if mtime.is_some() || atime.is_some() {
            let omit = libc::timespec {
                tv_sec: 0,
                tv_nsec: libc::UTIME_OMIT,
            };
            let ts = [atime.unwrap_or(omit), mtime.unwrap_or(omit)];
            // SAFETY: `path` is NUL-terminated; two timespecs.
            if unsafe { libc::utimensat(dirfd, path.as_ptr().cast(), ts.as_ptr(), at) } != 0 {
                return lerr();
            }
        }
        if let (Some(f), false) = (flags, clearing) {
            // SAFETY: as above.
            unsafe { set_flags(t, f) }?;
        }
        Ok(())
    })();
    if nofollow {
        // SAFETY: the directory descriptor we opened.
        unsafe { libc::close(dirfd) };
    }
    r
}

/// Stores Finder info; all zeros removes it, as darwin filesystems do.
fn set_finder_info(proc_path: &[u8], fi: &[u8], symlink: bool) -> Result<(), c_int> {
    if symlink {
        // Linux keeps no user extended attributes on symlinks.
        return Err(darwin::ENOTSUP);
    }
    let r = if fi.iter().all(|&b| b == 0) {
        // SAFETY: both are C strings.
        let r = unsafe { libc::removexattr(proc_path.as_ptr().cast(), FINDER_INFO_XATTR.as_ptr()) };
        if r != 0 && crate::errno::get() == libc::ENODATA {
            0
        } else {
            r
        }
    } else {
        // SAFETY: C strings and 32 bytes of value.
        unsafe {
            libc::setxattr(
                proc_path.as_ptr().cast(),
                FINDER_INFO_XATTR.as_ptr(),
                fi.as_ptr().cast(),
                32,
                0,
            )
        }
    };
    if r != 0 {
        let e = crate::errno::get();
        return Err(if e == libc::EOPNOTSUPP {
            darwin::ENOTSUP
        } else {
            crate::errno::linux_to_darwin(e)
        });
    }
    Ok(())
}

unsafe extern "C" fn setattrlist(
    path: *const c_char,
    al: *const AttrList,
    buf: *const c_void,
    size: size_t,
    options: c_uint,
) -> c_int {
    let t = Target::At {
        dirfd: -2,
        path,
        follow: options & FSOPT_NOFOLLOW == 0,
    };
    // SAFETY: forwarded contract.
    unsafe { set(t, al, buf, size) }
}

unsafe extern "C" fn setattrlistat(
    dirfd: c_int,
    path: *const c_char,
    al: *const AttrList,
    buf: *const c_void,
    size: size_t,
    options: u32,
) -> c_int {
    let t = Target::At {
        dirfd,
        path,
        follow: options & FSOPT_NOFOLLOW == 0,
    };
    // SAFETY: forwarded contract.
    unsafe { set(t, al, buf, size) }
}

unsafe extern "C" fn fsetattrlist(
    fd: c_int,
    al: *const AttrList,
    buf: *const c_void,
    size: size_t,
    _options: c_uint,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { set(Target::Fd(fd), al, buf, size) }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_getattrlist" => getattrlist,
    func "_getattrlistat" => getattrlistat,
    func "_fgetattrlist" => fgetattrlist,
    func "_setattrlist" => setattrlist,
    func "_setattrlistat" => setattrlistat,
    func "_fsetattrlist" => fsetattrlist,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_cover_header_masks() {
        // Every common bit has an entry; file bits are those XNU parses.
        assert_eq!(known(COMMON), 0xffff_ffff);
        assert_eq!(known(DIR), 0x3f);
        assert_eq!(known(FILE), 0x363f);
        assert_eq!(known(EXT), 0x07fc);
    }

    #[test]
    fn octal_escapes() {
        assert_eq!(unescape_octal(b"/mnt/a\\040b"), b"/mnt/a b");
        assert_eq!(unescape_octal(b"/plain"), b"/plain");
    }
}
