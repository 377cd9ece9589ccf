//! A loaded image: a Mach-O file mapped into memory, or a built-in library.

use crate::error::LoadError;
use calvados_macho::{Export, MachO};
use rustc_hash::FxHashMap;
use std::ffi::CString;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Index of an image in the loader's list (load order).
pub type ImageId = usize;

const PAGE: u64 = 4096;
const VM_PROT_READ: u32 = 1;
const VM_PROT_WRITE: u32 = 2;
const VM_PROT_EXECUTE: u32 = 4;
/// `SG_READ_ONLY`: dyld makes the segment read-only once fixups are done.
const SG_READ_ONLY: u32 = 0x10;
const MH_EXECUTE: u32 = 2;
const MH_PIE: u32 = 0x0020_0000;

/// What backs an image.
pub enum ImageKind {
    /// A real Mach-O file mapped at `header`.
    MachO(Box<MachO<'static>>),
    /// A library implemented inside Calvados (libSystem and friends).
    Builtin,
}

/// One loaded image.
pub struct Image {
    /// The path it was loaded from (the install name for built-ins).
    pub path: String,
    /// NUL-terminated copy of `path`, handed to C (`_dyld_get_image_name`).
    pub c_path: CString,
    /// `LC_ID_DYLIB`, when it has one.
    pub install_name: Option<String>,
    /// Address of the mach header in memory.
    pub header: *const u8,
    /// Load address minus preferred address.
    pub slide: isize,
    /// Mapped address range `[start, end)`.
    pub range: (usize, usize),
    pub kind: ImageKind,
    /// Image of each dependent dylib, by ordinal - 1 (`None`: weak and missing).
    pub deps: Vec<Option<ImageId>>,
    /// Expanded `LC_RPATH` entries.
    pub rpaths: Vec<String>,
    /// The image whose dependency (or `dlopen`) loaded this one.
    pub loaded_by: Option<ImageId>,
    /// `dlopen` reference count (images loaded at launch are never unloaded).
    pub refcount: usize,
    pub initialized: bool,
    /// TSD key holding this image's thread-local block, if it has TLVs.
    pub tlv_key: Option<usize>,
    /// Defined symbols sorted by address, for `dladdr` (built lazily).
    pub symbols: Option<Vec<(usize, &'static [u8])>>,
    /// Exports by name, built at the image's [`INDEX_AFTER`]th lookup.
    pub export_index: OnceLock<FxHashMap<&'static [u8], Export<'static>>>,
    /// Lookups made in this image so far (until the index exists).
    pub export_lookups: AtomicUsize,
}

/// Leaked storage for the export names of an image's index: one block per
/// 64 KiB of names rather than an allocation (and an interner lookup) per
/// name. Images, so their indexes, live until the process exits.
#[derive(Default)]
struct NameArena {
    rest: &'static mut [u8],
}

impl NameArena {
    const BLOCK: usize = 64 << 10;

    fn store(&mut self, name: &[u8]) -> &'static [u8] {
        if self.rest.len() < name.len() {
            let size = name.len().max(Self::BLOCK);
            self.rest = Box::leak(vec![0u8; size].into_boxed_slice());
        }
        let (head, tail) = core::mem::take(&mut self.rest).split_at_mut(name.len());
        head.copy_from_slice(name);
        self.rest = tail;
        head
    }
}

/// Lookups in one image after which all its exports are indexed: weak
/// coalescing asks every image about every weak symbol, and a C++ program
/// such as Nix binds thousands, each a trie walk per image; a small program
/// never pays for the index.
pub const INDEX_AFTER: usize = 32;

// SAFETY: the raw header pointer refers to memory mapped for the whole
// process lifetime; images are only mutated under the loader's mutex.
unsafe impl Send for Image {}

impl Image {
    /// The parsed Mach-O, if this is not a built-in.
    pub fn macho(&self) -> Option<&MachO<'static>> {
        match &self.kind {
            ImageKind::MachO(m) => Some(m),
            ImageKind::Builtin => None,
        }
    }

    /// The export `name` of this Mach-O image (`m`, its parse): a trie
    /// walk, or a hash lookup once the image is looked up often.
    pub fn find_export(&self, m: &MachO<'static>, name: &[u8]) -> Option<Export<'static>> {
        if let Some(ix) = self.export_index.get() {
            return ix.get(name).copied();
        }
        if self.export_lookups.fetch_add(1, Ordering::Relaxed) >= INDEX_AFTER {
            // A malformed trie keeps the walk (which reports per name).
            let mut arena = NameArena::default();
            if let Ok(all) = m.exports_named(|n| Ok(arena.store(n))) {
                let ix = self.export_index.get_or_init(|| {
                    let mut ix = FxHashMap::with_capacity_and_hasher(all.len(), Default::default());
                    for e in all {
                        ix.entry(e.name).or_insert(e);
                    }
                    ix
                });
                return ix.get(name).copied();
            }
        }
        m.find_export(name).ok().flatten()
    }

    /// Unslid vm address → address in memory.
    pub fn addr(&self, vmaddr: u64) -> usize {
        (vmaddr as isize).wrapping_add(self.slide) as usize
    }

    /// A built-in library image with a synthetic mach header.
    pub fn builtin(name: &str) -> Image {
        Image {
            path: name.to_string(),
            c_path: CString::new(name).unwrap_or_default(),
            install_name: Some(name.to_string()),
            header: synthetic_header(),
            slide: 0,
            range: (0, 0),
            kind: ImageKind::Builtin,
            deps: Vec::new(),
            rpaths: Vec::new(),
            loaded_by: None,
            refcount: 1,
            initialized: true,
            tlv_key: None,
            symbols: None,
            export_index: OnceLock::new(),
            export_lookups: AtomicUsize::new(0),
        }
    }
}

/// The mach header of every built-in library: an x86_64 dylib header with
/// one empty `__TEXT` segment starting at the header itself, as every real
/// image has. Code that walks each image's load commands relies on that
/// segment: Rust's backtrace symbolizer indexes it and aborts without it.
fn synthetic_header() -> *const u8 {
    const LC_SEGMENT_64: u32 = 0x19;
    const SEGMENT_SIZE: u32 = 72;
    const MH_DYLIB: u32 = 6;
    static HEADER: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *HEADER.get_or_init(|| {
        // 32-byte header + one segment command, 8-byte aligned.
        let block: &'static mut [u64; 13] = Box::leak(Box::new([0u64; 13]));
        let at = block.as_ptr() as u64;
        let mut b = Vec::with_capacity(104);
        for w in [0xfeed_facf, 0x0100_0007, 3, MH_DYLIB, 1, SEGMENT_SIZE, 0, 0] {
            b.extend_from_slice(&u32::to_le_bytes(w));
        }
        b.extend_from_slice(&LC_SEGMENT_64.to_le_bytes());
        b.extend_from_slice(&SEGMENT_SIZE.to_le_bytes());
        b.extend_from_slice(b"__TEXT\0\0\0\0\0\0\0\0\0\0");
        // vmaddr (the header; images have slide 0), vmsize, fileoff, filesize.
        for v in [at, 0, 0, 104] {
            b.extend_from_slice(&u64::to_le_bytes(v));
        }
        // maxprot, initprot (r-x), nsects, flags.
        for w in [5u32, 5, 0, 0] {
            b.extend_from_slice(&w.to_le_bytes());
        }
        for (word, bytes) in block.iter_mut().zip(b.chunks_exact(8)) {
            *word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        }
        at as usize
    }) as *const u8
}

/// Maps the whole file read-only and leaks it: parsed images borrow from it
/// for the rest of the process.
pub fn map_file(path: &str) -> Result<(&'static [u8], libc::c_int), LoadError> {
    let err = |reason: String| LoadError::File {
        path: path.to_string(),
        reason,
    };
    let cpath = CString::new(path).map_err(|_| err("path contains a NUL byte".into()))?;
    // SAFETY: opening a path we own a C string for.
    let fd = unsafe { libc::open(cpath.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(err(std::io::Error::last_os_error().to_string()));
    }
    // SAFETY: `st` is plain data filled by fstat.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: `fd` is open, `st` is writable.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Err(err(std::io::Error::last_os_error().to_string()));
    }
    if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
        // SAFETY: closing our descriptor.
        unsafe { libc::close(fd) };
        return Err(err("is a directory".into()));
    }
    let len = st.st_size as usize;
    if len == 0 {
        // SAFETY: closing our descriptor.
        unsafe { libc::close(fd) };
        return Err(err("empty file; not a Mach-O file".into()));
    }
    // SAFETY: mapping `len` bytes of an open regular file read-only.
    let p = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            len,
            libc::PROT_READ,
            libc::MAP_PRIVATE,
            fd,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        // SAFETY: closing our descriptor.
        unsafe { libc::close(fd) };
        return Err(err(std::io::Error::last_os_error().to_string()));
    }
    // SAFETY: the mapping is never unmapped, so the slice lives forever.
    Ok((
        unsafe { core::slice::from_raw_parts(p as *const u8, len) },
        fd,
    ))
}

fn prot_of(vm: u32) -> libc::c_int {
    let mut p = 0;
    if vm & VM_PROT_READ != 0 {
        p |= libc::PROT_READ;
    }
    if vm & VM_PROT_WRITE != 0 {
        p |= libc::PROT_WRITE;
    }
    if vm & VM_PROT_EXECUTE != 0 {
        p |= libc::PROT_EXEC;
    }
    p
}

/// Result of mapping an image's segments.
pub struct Mapped {
    pub slide: isize,
    pub range: (usize, usize),
}

/// Maps every segment of `m` (whose bytes start at `file_off` in `fd`),
/// writable for now; [`protect`] applies the final protections after fixups.
pub fn map_segments(
    path: &str,
    m: &MachO<'static>,
    fd: libc::c_int,
    file_off: u64,
) -> Result<Mapped, LoadError> {
    let merr = |reason: String| LoadError::Map {
        path: path.to_string(),
        reason,
    };
    let segs: Vec<_> = m
        .segments()
        .iter()
        // __PAGEZERO and unmapped segments (vmsize 0: the __DWARF that Go's
        // linker appends, at vmaddr 0 after an external link) take no space.
        .filter(|s| !(s.vmaddr == 0 && s.filesize == 0 && s.initprot == 0) && s.vmsize != 0)
        .collect();
    let lo = segs.iter().map(|s| s.vmaddr).min().unwrap_or(0) & !(PAGE - 1);
    let hi = segs
        .iter()
        .map(|s| s.vmaddr.saturating_add(s.vmsize))
        .max()
        .unwrap_or(0);
    let size = (hi.saturating_sub(lo)).next_multiple_of(PAGE);
    if size == 0 || size > (1 << 40) {
        return Err(merr(format!("unreasonable image size {size:#x}")));
    }
    let fixed = m.file_type() == calvados_macho::FileType::Execute && m.flags() & MH_PIE == 0;
    let _ = MH_EXECUTE;
    // Reserve the whole range, at the preferred address when possible.
    let want = lo as usize;
    // SAFETY: reserving fresh address space; MAP_FIXED_NOREPLACE never clobbers.
    let mut base = unsafe {
        libc::mmap(
            want as *mut libc::c_void,
            size as usize,
            libc::PROT_NONE,
            libc::MAP_PRIVATE
                | libc::MAP_ANONYMOUS
                | libc::MAP_NORESERVE
                | if want != 0 {
                    libc::MAP_FIXED_NOREPLACE
                } else {
                    0
                },
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED || (want != 0 && base as usize != want) {
        if fixed {
            return Err(merr(format!(
                "non-PIE executable needs {want:#x}..{:#x}, which is taken",
                want + size as usize
            )));
        }
        if base != libc::MAP_FAILED {
            // SAFETY: unmapping what we just mapped.
            unsafe { libc::munmap(base, size as usize) };
        }
        // SAFETY: as above, anywhere.
        base = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                size as usize,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return Err(merr(std::io::Error::last_os_error().to_string()));
        }
    }
    let slide = (base as usize as isize).wrapping_sub(lo as isize);
    for s in &segs {
        if s.vmsize == 0 {
            continue;
        }
        let addr = (s.vmaddr as isize + slide) as usize;
        if !addr.is_multiple_of(PAGE as usize) {
            return Err(merr(format!("segment {} is not page-aligned", s.name)));
        }
        let vmsize = s.vmsize.next_multiple_of(PAGE) as usize;
        let rw = libc::PROT_READ | libc::PROT_WRITE;
        let filesize = s.filesize.min(s.vmsize) as usize;
        let off = file_off + s.fileoff;
        // SAFETY: every mapping below lands inside the range reserved above.
        unsafe {
            if filesize > 0 && off.is_multiple_of(PAGE) {
                let len = filesize.next_multiple_of(PAGE as usize);
                let p = libc::mmap(
                    addr as *mut _,
                    len,
                    rw,
                    libc::MAP_PRIVATE | libc::MAP_FIXED,
                    fd,
                    off as i64,
                );
                if p == libc::MAP_FAILED {
                    return Err(merr(format!(
                        "segment {}: {}",
                        s.name,
                        std::io::Error::last_os_error()
                    )));
                }
                // The file continues past the segment: zero the tail of the page.
                core::ptr::write_bytes((addr + filesize) as *mut u8, 0, len - filesize);
                if vmsize > len {
                    let z = libc::mmap(
                        (addr + len) as *mut _,
                        vmsize - len,
                        rw,
                        libc::MAP_PRIVATE | libc::MAP_FIXED | libc::MAP_ANONYMOUS,
                        -1,
                        0,
                    );
                    if z == libc::MAP_FAILED {
                        return Err(merr(std::io::Error::last_os_error().to_string()));
                    }
                }
            } else {
                let z = libc::mmap(
                    addr as *mut _,
                    vmsize,
                    rw,
                    libc::MAP_PRIVATE | libc::MAP_FIXED | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                );
                if z == libc::MAP_FAILED {
                    return Err(merr(std::io::Error::last_os_error().to_string()));
                }
                if filesize > 0 {
                    let data = m.data();
                    let src = data
                        .get(s.fileoff as usize..s.fileoff as usize + filesize)
                        .ok_or_else(|| merr(format!("segment {} lies outside the file", s.name)))?;
                    core::ptr::copy_nonoverlapping(src.as_ptr(), addr as *mut u8, filesize);
                }
            }
        }
    }
    Ok(Mapped {
        slide,
        range: (base as usize, base as usize + size as usize),
    })
}

/// Applies each segment's final protection (after fixups).
pub fn protect(m: &MachO<'static>, slide: isize) {
    for s in m.segments() {
        if s.vmsize == 0 || (s.vmaddr == 0 && s.filesize == 0 && s.initprot == 0) {
            continue;
        }
        let mut prot = s.initprot;
        if s.flags & SG_READ_ONLY != 0 {
            prot &= !VM_PROT_WRITE;
        }
        let addr = (s.vmaddr as isize + slide) as usize;
        // SAFETY: the segment is mapped by `map_segments`.
        unsafe {
            libc::mprotect(
                addr as *mut _,
                s.vmsize.next_multiple_of(PAGE) as usize,
                prot_of(prot),
            );
        }
    }
}
