//! The parsed image: header, load commands, segments, sections, dylibs.

use crate::{Error, Export, Fixups, Result};

/// Picks the x86_64 image out of `data`: a thin x86_64 Mach-O is returned as
/// is, a fat file yields its x86_64 slice, anything else is an error
/// ([`Error::WrongArch`] names the architecture(s) present).
pub fn select_slice(data: &[u8]) -> Result<&[u8]> {
    let _ = data;
    Err(Error::Malformed("select_slice: not written yet".into()))
}

/// `MH_EXECUTE`, `MH_DYLIB`, `MH_BUNDLE`, or another file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Execute,
    Dylib,
    Bundle,
    Other(u32),
}

/// One `LC_SEGMENT_64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub name: String,
    pub vmaddr: u64,
    pub vmsize: u64,
    pub fileoff: u64,
    pub filesize: u64,
    pub maxprot: u32,
    pub initprot: u32,
    pub flags: u32,
}

/// One section of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub segname: String,
    pub sectname: String,
    pub addr: u64,
    pub size: u64,
    /// File offset (0 for zero-fill sections).
    pub offset: u32,
    /// `flags & SECTION_TYPE` is the type, the rest are attributes.
    pub flags: u32,
    /// Index into [`MachO::segments`].
    pub segment_index: usize,
}

/// How a dylib is referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DylibKind {
    /// `LC_LOAD_DYLIB`
    Load,
    /// `LC_LOAD_WEAK_DYLIB`: missing at run time is fine.
    Weak,
    /// `LC_REEXPORT_DYLIB`: its exports are ours too.
    Reexport,
    /// `LC_LOAD_UPWARD_DYLIB`
    Upward,
    /// `LC_LAZY_LOAD_DYLIB`
    Lazy,
}

/// A dependent dylib; the n-th entry of [`MachO::dylibs`] has library ordinal n+1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DylibRef {
    pub name: String,
    pub kind: DylibKind,
    pub current_version: u32,
    pub compat_version: u32,
}

/// Where execution starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// `LC_MAIN`: `main` is at header + `entryoff`.
    Main { entryoff: u64, stacksize: u64 },
    /// `LC_UNIXTHREAD` with `x86_THREAD_STATE64`: start at `rip` (unslid vm address).
    UnixThread { rip: u64 },
}

/// One initializer or terminator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitFunc {
    /// A slot (unslid vm address) in an `S_MOD_INIT_FUNC_POINTERS` /
    /// `S_MOD_TERM_FUNC_POINTERS` section; read it after fixups.
    Pointer(u64),
    /// An `S_INIT_FUNC_OFFSETS` entry: offset of the function from the header.
    Offset(u32),
}

/// The image's thread-local variables (`__thread_vars` and friends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlvInfo {
    /// Unslid vm address of the first `{thunk, key, offset}` descriptor.
    pub descriptors_addr: u64,
    /// Number of 24-byte descriptors.
    pub descriptor_count: u64,
    /// Unslid vm address where the per-thread template starts
    /// (the first `S_THREAD_LOCAL_REGULAR`/`ZEROFILL` section).
    pub template_addr: u64,
    /// Bytes of the template that come from the image (the rest is zero).
    pub template_init_size: u64,
    /// Total bytes of one thread's block.
    pub template_size: u64,
    /// Alignment of the block (largest section alignment, at least 16).
    pub template_align: u64,
    /// Slots (unslid vm addresses) of `S_THREAD_LOCAL_INIT_FUNCTION_POINTERS`.
    pub init_funcs: Vec<u64>,
}

/// A symbol-table entry defined in the image (for `dladdr` and backtraces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// Unslid vm address.
    pub address: u64,
    pub external: bool,
}

/// A parsed thin x86_64 Mach-O image. Everything is read at `parse` time or
/// lazily from the borrowed bytes; nothing is copied that need not be.
#[derive(Debug)]
pub struct MachO<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) file_type: FileType,
    pub(crate) flags: u32,
    pub(crate) segments: Vec<Segment>,
    pub(crate) sections: Vec<Section>,
    pub(crate) dylibs: Vec<DylibRef>,
    pub(crate) install_name: Option<String>,
    pub(crate) rpaths: Vec<String>,
    pub(crate) entry: Option<Entry>,
    pub(crate) uuid: Option<[u8; 16]>,
}

impl<'a> MachO<'a> {
    /// Parses a thin x86_64 image (use [`select_slice`] first for fat files).
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        let _ = data;
        Err(Error::Malformed("parse: not written yet".into()))
    }
    pub fn data(&self) -> &'a [u8] {
        self.data
    }
    pub fn file_type(&self) -> FileType {
        self.file_type
    }
    /// `mach_header_64.flags` (`MH_PIE`, `MH_TWOLEVEL`, `MH_WEAK_DEFINES`...).
    pub fn flags(&self) -> u32 {
        self.flags
    }
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }
    /// Dependent dylibs in ordinal order (ordinal n is `dylibs()[n - 1]`).
    pub fn dylibs(&self) -> &[DylibRef] {
        &self.dylibs
    }
    /// `LC_ID_DYLIB` name, for dylibs.
    pub fn install_name(&self) -> Option<&str> {
        self.install_name.as_deref()
    }
    /// `LC_RPATH` entries, in order, unexpanded.
    pub fn rpaths(&self) -> &[String] {
        &self.rpaths
    }
    pub fn entry(&self) -> Option<Entry> {
        self.entry
    }
    pub fn uuid(&self) -> Option<[u8; 16]> {
        self.uuid
    }
    /// Unslid vm address of the mach header (the `__TEXT` segment's vmaddr).
    pub fn base_address(&self) -> u64 {
        self.segments
            .iter()
            .find(|s| s.fileoff == 0 && s.filesize != 0)
            .map(|s| s.vmaddr)
            .unwrap_or(0)
    }
    /// Finds a section by segment and section name.
    pub fn section(&self, segname: &str, sectname: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.segname == segname && s.sectname == sectname)
    }
    /// All rebases and binds, from whichever fixup format the image uses.
    pub fn fixups(&self) -> Result<Fixups<'a>> {
        Err(Error::Malformed("fixups: not written yet".into()))
    }
    /// Looks `name` up in the export trie (`LC_DYLD_INFO` or
    /// `LC_DYLD_EXPORTS_TRIE`), falling back to external symbols of the
    /// symbol table when the image has no trie.
    pub fn find_export(&self, name: &[u8]) -> Result<Option<Export<'a>>> {
        let _ = name;
        Err(Error::Malformed("find_export: not written yet".into()))
    }
    /// Every export (for `calvados check`, coverage and tests).
    pub fn exports(&self) -> Result<Vec<Export<'a>>> {
        Err(Error::Malformed("exports: not written yet".into()))
    }
    /// Initializers in the order dyld runs them within this image.
    pub fn init_funcs(&self) -> Result<Vec<InitFunc>> {
        Err(Error::Malformed("init_funcs: not written yet".into()))
    }
    /// Terminators (`S_MOD_TERM_FUNC_POINTERS`).
    pub fn term_funcs(&self) -> Result<Vec<InitFunc>> {
        Err(Error::Malformed("term_funcs: not written yet".into()))
    }
    /// Thread-local variable layout, if the image has any.
    pub fn tlv(&self) -> Result<Option<TlvInfo>> {
        Err(Error::Malformed("tlv: not written yet".into()))
    }
    /// Defined symbols from `LC_SYMTAB`.
    pub fn symbols(&self) -> Result<Vec<Symbol>> {
        Err(Error::Malformed("symbols: not written yet".into()))
    }
}
