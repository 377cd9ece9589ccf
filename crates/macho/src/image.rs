//! The parsed image: header, load commands, segments, sections, dylibs.

use object::macho::DyldInfoCommand;
use object::LittleEndian as LE;

use crate::bytes::{
    be_u32_at, be_u64_at, cstr_at, fixed_name, malformed, range, u32_at, u64_at, OrMalformed,
};
use crate::consts::*;
use crate::{Error, Export, Fixups, Result};

/// Picks the x86_64 image out of `data`: a thin x86_64 Mach-O is returned as
/// is, a fat file yields its x86_64 slice, anything else is an error
/// ([`Error::WrongArch`] names the architecture(s) present).
///
/// A fat file with both `x86_64` and `x86_64h` slices yields the plain
/// `x86_64` one: we cannot promise the host has every Haswell feature.
pub fn select_slice(data: &[u8]) -> Result<&[u8]> {
    match be_u32_at(data, 0) {
        Some(FAT_MAGIC) => select_fat(data, false),
        Some(FAT_MAGIC_64) => select_fat(data, true),
        _ => check_thin(data).map(|()| data),
    }
}

/// What a file's first bytes (the header, and a fat file's arch table)
/// say, without the rest of the file: `None` if it is not Mach-O, else
/// whether it has an x86_64 image. `exec` routes files with it before
/// anything is loaded; a malformed x86_64 header counts as x86_64, so the
/// loader is the one to say what is wrong with it.
pub fn sniff_x86_64(head: &[u8]) -> Option<bool> {
    match be_u32_at(head, 0) {
        Some(magic @ (FAT_MAGIC | FAT_MAGIC_64)) => {
            let count = be_u32_at(head, 4)?;
            if count == 0 || count > MAX_FAT_ARCHS {
                return None;
            }
            let entry_size = if magic == FAT_MAGIC_64 { 32 } else { 20 };
            Some(
                (0..count as usize)
                    .any(|i| be_u32_at(head, 8 + i * entry_size) == Some(CPU_TYPE_X86_64)),
            )
        }
        _ => match check_thin(head) {
            Err(Error::NotMachO) => None,
            Err(Error::WrongArch { .. }) => Some(false),
            _ => Some(true),
        },
    }
}

/// Checks the magic and cputype of a thin Mach-O header.
fn check_thin(data: &[u8]) -> Result<()> {
    let magic = u32_at(data, 0).ok_or(Error::NotMachO)?;
    let (cputype, subtype) = match magic {
        MH_MAGIC_64 | MH_MAGIC => (u32_at(data, 4), u32_at(data, 8)),
        MH_CIGAM_64 | MH_CIGAM => (be_u32_at(data, 4), be_u32_at(data, 8)),
        _ => return Err(Error::NotMachO),
    };
    let cputype = cputype.ok_or(Error::NotMachO)?;
    match (magic, cputype) {
        (MH_MAGIC_64, CPU_TYPE_X86_64) => Ok(()),
        (_, CPU_TYPE_X86_64) => Err(malformed(
            "x86_64 cputype in a 32-bit or big-endian Mach-O header",
        )),
        _ => Err(Error::WrongArch {
            arch: arch_name(cputype, subtype.unwrap_or(0)),
        }),
    }
}

/// Human name of a Mach-O cputype/cpusubtype pair, as `lipo` prints it.
fn arch_name(cputype: u32, subtype: u32) -> String {
    let sub = subtype & !CPU_SUBTYPE_MASK;
    match cputype {
        CPU_TYPE_X86_64 if sub == CPU_SUBTYPE_X86_64_H => "x86_64h".into(),
        CPU_TYPE_X86_64 => "x86_64".into(),
        CPU_TYPE_X86 => "i386".into(),
        CPU_TYPE_ARM64 if sub == CPU_SUBTYPE_ARM64E => "arm64e".into(),
        CPU_TYPE_ARM64 => "arm64".into(),
        CPU_TYPE_ARM64_32 => "arm64_32".into(),
        CPU_TYPE_ARM => "arm".into(),
        CPU_TYPE_POWERPC => "ppc".into(),
        CPU_TYPE_POWERPC64 => "ppc64".into(),
        _ => format!("cputype {cputype:#x}"),
    }
}

/// Largest `nfat_arch` we take for a fat file. Java class files share the
/// `0xcafebabe` magic and have their version (45 and up) where
/// `nfat_arch` would be, so a large count means "not Mach-O".
const MAX_FAT_ARCHS: u32 = 32;

fn select_fat(data: &[u8], is64: bool) -> Result<&[u8]> {
    let count = be_u32_at(data, 4).ok_or(Error::NotMachO)?;
    if count > MAX_FAT_ARCHS {
        return Err(Error::NotMachO);
    }
    if count == 0 {
        return Err(malformed("fat file lists no architectures"));
    }
    let entry_size = if is64 { 32 } else { 20 };
    let mut best: Option<(u64, u64, u32)> = None;
    let mut others: Vec<String> = Vec::new();
    for i in 0..count as usize {
        let at = 8 + i * entry_size;
        let truncated = "fat header: arch table extends past end of file";
        let cputype = be_u32_at(data, at).or_malformed(truncated)?;
        let subtype = be_u32_at(data, at + 4).or_malformed(truncated)?;
        let (offset, size) = if is64 {
            (be_u64_at(data, at + 8), be_u64_at(data, at + 16))
        } else {
            (
                be_u32_at(data, at + 8).map(u64::from),
                be_u32_at(data, at + 12).map(u64::from),
            )
        };
        let (offset, size) = (
            offset.or_malformed(truncated)?,
            size.or_malformed(truncated)?,
        );
        if cputype == CPU_TYPE_X86_64 {
            let is_h = subtype & !CPU_SUBTYPE_MASK == CPU_SUBTYPE_X86_64_H;
            let replace = match best {
                None => true,
                Some((_, _, prev)) => prev & !CPU_SUBTYPE_MASK == CPU_SUBTYPE_X86_64_H && !is_h,
            };
            if replace {
                best = Some((offset, size, subtype));
            }
        } else {
            let name = arch_name(cputype, subtype);
            if !others.contains(&name) {
                others.push(name);
            }
        }
    }
    match best {
        Some((offset, size, _)) => range(data, offset, size)
            .or_malformed("fat file: x86_64 slice extends past end of file"),
        None => Err(Error::WrongArch {
            arch: others.join(" and "),
        }),
    }
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
    /// `reserved1`: for symbol-pointer sections, the first index into the
    /// indirect symbol table.
    pub reserved1: u32,
    /// Alignment as a power of two (the raw `align` field: 4 means 16 bytes).
    pub align: u32,
}

impl Section {
    /// `flags & SECTION_TYPE`: `S_REGULAR`, `S_ZEROFILL`, `S_MOD_INIT_FUNC_POINTERS`...
    pub fn section_type(&self) -> u32 {
        self.flags & SECTION_TYPE
    }

    /// Whether the section occupies no file bytes (`S_ZEROFILL`,
    /// `S_GB_ZEROFILL`, `S_THREAD_LOCAL_ZEROFILL`).
    pub fn is_zerofill(&self) -> bool {
        matches!(
            self.section_type(),
            S_ZEROFILL | S_GB_ZEROFILL | S_THREAD_LOCAL_ZEROFILL
        )
    }
}

/// `LC_BUILD_VERSION`, or what an `LC_VERSION_MIN_*` command implies.
/// Versions are encoded `xxxx.yy.zz` in nibbles: 10.15.7 is `0x000a_0f07`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildVersion {
    /// `PLATFORM_MACOS` (1), `PLATFORM_IOS` (2), ...
    pub platform: u32,
    pub minos: u32,
    pub sdk: u32,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbol<'a> {
    /// The name's bytes in the string table.
    pub name: &'a [u8],
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
    /// `LC_DYLD_INFO[_ONLY]`; its non-empty ranges are checked to lie in the file.
    pub(crate) dyld_info: Option<&'a DyldInfoCommand<LE>>,
    /// Payload of `LC_DYLD_CHAINED_FIXUPS`.
    pub(crate) chained_fixups: Option<&'a [u8]>,
    /// Export trie, from `LC_DYLD_EXPORTS_TRIE` or `LC_DYLD_INFO`.
    pub(crate) exports_trie: Option<&'a [u8]>,
    /// `LC_SYMTAB`: the nlist_64 array and the string table.
    pub(crate) symtab: Option<(&'a [u8], &'a [u8])>,
    /// `LC_DYSYMTAB` `(iextdefsym, nextdefsym)`: where external definitions sit.
    pub(crate) extdef_range: Option<(u32, u32)>,
    /// `LC_DYSYMTAB` indirect symbol table (u32 entries), for images that
    /// bind through it rather than through dyld-info or chained fixups.
    pub(crate) indirect_symbols: Option<&'a [u8]>,
    pub(crate) build_version: Option<BuildVersion>,
}

/// Size of `mach_header_64`.
const HEADER_SIZE: usize = 32;
/// Size of `section_64`.
const SECTION_SIZE: usize = 80;
/// Size of `segment_command_64` (without its sections).
const SEGMENT_SIZE: usize = 72;
/// Size of `nlist_64`.
pub(crate) const NLIST_SIZE: usize = 16;

impl<'a> MachO<'a> {
    /// Parses a thin x86_64 image (use [`select_slice`] first for fat files).
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        if matches!(be_u32_at(data, 0), Some(FAT_MAGIC | FAT_MAGIC_64)) {
            // Same Java-class heuristic as select_fat.
            return Err(match be_u32_at(data, 4) {
                Some(1..=MAX_FAT_ARCHS) => {
                    malformed("fat file: pick the x86_64 slice with select_slice first")
                }
                _ => Error::NotMachO,
            });
        }
        check_thin(data)?;
        if data.len() < HEADER_SIZE {
            return Err(malformed("truncated mach header"));
        }
        let field = |off| u32_at(data, off).or_malformed("truncated mach header");
        let file_type = match field(12)? {
            MH_EXECUTE => FileType::Execute,
            MH_DYLIB => FileType::Dylib,
            MH_BUNDLE => FileType::Bundle,
            other => FileType::Other(other),
        };
        let ncmds = field(16)?;
        let sizeofcmds = field(20)?;
        let flags = field(24)?;
        let cmds = range(data, HEADER_SIZE as u64, u64::from(sizeofcmds))
            .or_malformed("load commands extend past end of file")?;

        let mut image = MachO {
            data,
            file_type,
            flags,
            segments: Vec::new(),
            sections: Vec::new(),
            dylibs: Vec::new(),
            install_name: None,
            rpaths: Vec::new(),
            entry: None,
            uuid: None,
            dyld_info: None,
            chained_fixups: None,
            exports_trie: None,
            symtab: None,
            indirect_symbols: None,
            extdef_range: None,
            build_version: None,
        };
        let mut seen = Seen::default();
        // Each command is at least 8 bytes and must fit in `cmds`, so this
        // loop ends after at most sizeofcmds / 8 rounds whatever ncmds says.
        let mut off = 0usize;
        for index in 0..ncmds {
            let (Some(cmd), Some(cmdsize)) = (u32_at(cmds, off), u32_at(cmds, off + 4)) else {
                return Err(malformed(format!(
                    "load command {index} extends past sizeofcmds"
                )));
            };
            if cmdsize < 8 {
                return Err(malformed(format!(
                    "load command {index} ({cmd:#x}) has cmdsize {cmdsize}"
                )));
            }
            let body = off
                .checked_add(cmdsize as usize)
                .and_then(|end| cmds.get(off..end))
                .ok_or_else(|| {
                    malformed(format!(
                        "load command {index} ({cmd:#x}) extends past sizeofcmds"
                    ))
                })?;
            image.load_command(cmd, body, &mut seen)?;
            off += cmdsize as usize;
        }
        if image.dyld_info.is_some() && image.chained_fixups.is_some() {
            return Err(malformed(
                "both LC_DYLD_INFO and LC_DYLD_CHAINED_FIXUPS are present",
            ));
        }
        if seen.dyld_info_exports && seen.exports_trie {
            return Err(malformed(
                "both LC_DYLD_INFO exports and LC_DYLD_EXPORTS_TRIE are present",
            ));
        }
        Ok(image)
    }

    fn load_command(&mut self, cmd: u32, body: &'a [u8], seen: &mut Seen) -> Result<()> {
        match cmd {
            LC_SEGMENT_64 => self.segment(body)?,
            LC_SEGMENT => return Err(malformed("LC_SEGMENT (32-bit) in a 64-bit image")),
            LC_LOAD_DYLIB | LC_LOAD_WEAK_DYLIB | LC_REEXPORT_DYLIB | LC_LOAD_UPWARD_DYLIB
            | LC_LAZY_LOAD_DYLIB => {
                let dylib = dylib_command(cmd, body)?;
                self.dylibs.push(dylib);
            }
            LC_ID_DYLIB => {
                if self.install_name.is_some() {
                    return Err(malformed("more than one LC_ID_DYLIB"));
                }
                need(body, 24, "LC_ID_DYLIB")?;
                self.install_name = Some(lc_string(body, 8, 24, "LC_ID_DYLIB")?);
            }
            LC_RPATH => {
                need(body, 12, "LC_RPATH")?;
                self.rpaths.push(lc_string(body, 8, 12, "LC_RPATH")?);
            }
            LC_MAIN => {
                need(body, 24, "LC_MAIN")?;
                let entryoff = u64_at(body, 8).or_malformed("LC_MAIN too small")?;
                let stacksize = u64_at(body, 16).or_malformed("LC_MAIN too small")?;
                self.set_entry(Entry::Main {
                    entryoff,
                    stacksize,
                })?;
            }
            LC_UNIXTHREAD => {
                let rip = unix_thread_rip(body)?;
                self.set_entry(Entry::UnixThread { rip })?;
            }
            LC_UUID => {
                if self.uuid.is_some() {
                    return Err(malformed("more than one LC_UUID"));
                }
                let raw = body.get(8..24).or_malformed("LC_UUID too small")?;
                let mut uuid = [0u8; 16];
                uuid.copy_from_slice(raw);
                self.uuid = Some(uuid);
            }
            LC_DYLD_INFO | LC_DYLD_INFO_ONLY => {
                if self.dyld_info.is_some() {
                    return Err(malformed("more than one LC_DYLD_INFO"));
                }
                need(body, 48, "LC_DYLD_INFO")?;
                let (info, _) = object::pod::from_bytes::<DyldInfoCommand<LE>>(body)
                    .ok()
                    .or_malformed("LC_DYLD_INFO too small")?;
                let parts = [
                    (info.rebase_off, info.rebase_size, "rebase info"),
                    (info.bind_off, info.bind_size, "bind info"),
                    (info.weak_bind_off, info.weak_bind_size, "weak bind info"),
                    (info.lazy_bind_off, info.lazy_bind_size, "lazy bind info"),
                    (info.export_off, info.export_size, "export info"),
                ];
                for (off, size, what) in parts {
                    linkedit(self.data, off.get(LE), size.get(LE), what)?;
                }
                if info.export_size.get(LE) != 0 {
                    seen.dyld_info_exports = true;
                    self.exports_trie = Some(linkedit(
                        self.data,
                        info.export_off.get(LE),
                        info.export_size.get(LE),
                        "export info",
                    )?);
                }
                self.dyld_info = Some(info);
            }
            LC_DYLD_CHAINED_FIXUPS => {
                if self.chained_fixups.is_some() {
                    return Err(malformed("more than one LC_DYLD_CHAINED_FIXUPS"));
                }
                self.chained_fixups = Some(linkedit_command(self.data, body, "chained fixups")?);
            }
            LC_DYLD_EXPORTS_TRIE => {
                if seen.exports_trie {
                    return Err(malformed("more than one LC_DYLD_EXPORTS_TRIE"));
                }
                seen.exports_trie = true;
                self.exports_trie = Some(linkedit_command(self.data, body, "exports trie")?);
            }
            LC_SYMTAB => {
                if self.symtab.is_some() {
                    return Err(malformed("more than one LC_SYMTAB"));
                }
                need(body, 24, "LC_SYMTAB")?;
                let word = |off| u32_at(body, off).or_malformed("LC_SYMTAB too small");
                let (symoff, nsyms, stroff, strsize) = (word(8)?, word(12)?, word(16)?, word(20)?);
                let syms = range(
                    self.data,
                    u64::from(symoff),
                    u64::from(nsyms) * NLIST_SIZE as u64,
                )
                .or_malformed("symbol table extends past end of file")?;
                let strs = range(self.data, u64::from(stroff), u64::from(strsize))
                    .or_malformed("string table extends past end of file")?;
                self.symtab = Some((syms, strs));
            }
            LC_DYSYMTAB => {
                if seen.dysymtab {
                    return Err(malformed("more than one LC_DYSYMTAB"));
                }
                seen.dysymtab = true;
                need(body, 80, "LC_DYSYMTAB")?;
                let word = |off| u32_at(body, off).or_malformed("LC_DYSYMTAB too small");
                self.extdef_range = Some((word(16)?, word(20)?));
                let (ioff, n) = (word(56)?, word(60)?);
                if n != 0 {
                    let table = range(self.data, u64::from(ioff), u64::from(n) * 4)
                        .or_malformed("indirect symbol table extends past end of file")?;
                    self.indirect_symbols = Some(table);
                }
            }
            LC_BUILD_VERSION => {
                need(body, 24, "LC_BUILD_VERSION")?;
                let word = |off| u32_at(body, off).or_malformed("LC_BUILD_VERSION too small");
                self.note_version(BuildVersion {
                    platform: word(8)?,
                    minos: word(12)?,
                    sdk: word(16)?,
                });
            }
            LC_VERSION_MIN_MACOSX
            | LC_VERSION_MIN_IPHONEOS
            | LC_VERSION_MIN_TVOS
            | LC_VERSION_MIN_WATCHOS => {
                need(body, 16, "LC_VERSION_MIN")?;
                let word = |off| u32_at(body, off).or_malformed("LC_VERSION_MIN too small");
                let platform = match cmd {
                    LC_VERSION_MIN_MACOSX => PLATFORM_MACOS,
                    LC_VERSION_MIN_IPHONEOS => PLATFORM_IOS,
                    LC_VERSION_MIN_TVOS => PLATFORM_TVOS,
                    _ => PLATFORM_WATCHOS,
                };
                self.note_version(BuildVersion {
                    platform,
                    minos: word(8)?,
                    sdk: word(12)?,
                });
            }
            // Everything else (code signature, function starts, dylinker,
            // source version, ...) is legal and of no use to us.
            _ => {}
        }
        Ok(())
    }

    fn set_entry(&mut self, entry: Entry) -> Result<()> {
        if self.entry.is_some() {
            return Err(malformed("more than one LC_MAIN / LC_UNIXTHREAD"));
        }
        self.entry = Some(entry);
        Ok(())
    }

    /// Keeps the first version command, but lets a macOS one replace one for
    /// another platform (zippered images carry both).
    fn note_version(&mut self, version: BuildVersion) {
        let replace = match self.build_version {
            None => true,
            Some(old) => old.platform != PLATFORM_MACOS && version.platform == PLATFORM_MACOS,
        };
        if replace {
            self.build_version = Some(version);
        }
    }

    fn segment(&mut self, body: &'a [u8]) -> Result<()> {
        need(body, SEGMENT_SIZE, "LC_SEGMENT_64")?;
        let name = fixed_name(&body[8..24]);
        let q = |off| u64_at(body, off).or_malformed("LC_SEGMENT_64 too small");
        let w = |off| u32_at(body, off).or_malformed("LC_SEGMENT_64 too small");
        let segment = Segment {
            vmaddr: q(24)?,
            vmsize: q(32)?,
            fileoff: q(40)?,
            filesize: q(48)?,
            maxprot: w(56)?,
            initprot: w(60)?,
            flags: w(68)?,
            name,
        };
        let nsects = w(64)? as usize;
        let vm_end = segment
            .vmaddr
            .checked_add(segment.vmsize)
            .or_malformed("segment vm range overflows")?;
        if range(self.data, segment.fileoff, segment.filesize).is_none() {
            return Err(malformed(format!(
                "segment {} extends past end of file",
                segment.name
            )));
        }
        // A segment with no vm size is not mapped (Go's __DWARF carries
        // debug data this way); dyld accepts it, and so do we.
        if segment.vmsize != 0 && segment.filesize > segment.vmsize {
            return Err(malformed(format!(
                "segment {} has filesize larger than vmsize",
                segment.name
            )));
        }
        let sects = nsects
            .checked_mul(SECTION_SIZE)
            .and_then(|len| body.get(SEGMENT_SIZE..SEGMENT_SIZE.checked_add(len)?))
            .ok_or_else(|| {
                malformed(format!(
                    "segment {}: {nsects} sections do not fit in the command",
                    segment.name
                ))
            })?;
        let segment_index = self.segments.len();
        for raw in sects.chunks_exact(SECTION_SIZE) {
            let q = |off| u64_at(raw, off).or_malformed("section too small");
            let w = |off| u32_at(raw, off).or_malformed("section too small");
            let section = Section {
                sectname: fixed_name(&raw[0..16]),
                segname: fixed_name(&raw[16..32]),
                addr: q(32)?,
                size: q(40)?,
                offset: w(48)?,
                align: w(52)?,
                flags: w(64)?,
                segment_index,
                reserved1: w(68)?,
            };
            self.check_section(&section, &segment, vm_end)?;
            self.sections.push(section);
        }
        self.segments.push(segment);
        Ok(())
    }

    fn check_section(&self, s: &Section, seg: &Segment, seg_vm_end: u64) -> Result<()> {
        let what =
            |problem: &str| malformed(format!("section {},{} {problem}", s.segname, s.sectname));
        let end = s
            .addr
            .checked_add(s.size)
            .ok_or_else(|| what("overflows"))?;
        if seg.vmsize != 0 && (s.addr < seg.vmaddr || end > seg_vm_end) {
            return Err(what("lies outside its segment"));
        }
        if s.size != 0 && !s.is_zerofill() {
            if s.offset != 0 && range(self.data, u64::from(s.offset), s.size).is_none() {
                return Err(what("extends past end of file"));
            }
            // These are read from the file (or iterated slot by slot), so
            // they must really be there; this also bounds their size.
            let read_by_us = matches!(
                s.section_type(),
                S_MOD_INIT_FUNC_POINTERS
                    | S_MOD_TERM_FUNC_POINTERS
                    | S_INIT_FUNC_OFFSETS
                    | S_THREAD_LOCAL_VARIABLES
                    | S_THREAD_LOCAL_INIT_FUNCTION_POINTERS
            );
            if read_by_us && s.offset == 0 {
                return Err(what("has no file data"));
            }
        }
        Ok(())
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
    /// Whether the image takes part in weak-symbol coalescing: dyld only
    /// looks for coalesced definitions in images that define weak symbols
    /// or bind to them (`MH_WEAK_DEFINES`/`MH_BINDS_TO_WEAK`, which ld64,
    /// lld and zig set; a plain C library has neither).
    pub fn coalesces_weak(&self) -> bool {
        self.flags & (crate::consts::MH_WEAK_DEFINES | crate::consts::MH_BINDS_TO_WEAK) != 0
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
    /// `LC_BUILD_VERSION` (preferring the macOS one), or the platform and
    /// versions an `LC_VERSION_MIN_*` command implies.
    pub fn build_version(&self) -> Option<BuildVersion> {
        self.build_version
    }
    /// `(platform, minos)` from [`Self::build_version`], for "requires macOS
    /// 11.0" diagnostics.
    pub fn min_os(&self) -> Option<(u32, u32)> {
        self.build_version.map(|v| (v.platform, v.minos))
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
    /// All rebases and binds, from whichever fixup format the image uses
    /// (none at all is valid and gives empty lists).
    pub fn fixups(&self) -> Result<Fixups<'a>> {
        crate::fixups::collect(self)
    }
    /// Looks `name` up in the export trie (`LC_DYLD_INFO` or
    /// `LC_DYLD_EXPORTS_TRIE`), falling back to external symbols of the
    /// symbol table when the image has no trie.
    ///
    /// The returned [`Export::name`] is interned process-wide (see
    /// `intern.rs`): trie names are not contiguous in the file.
    pub fn find_export(&self, name: &[u8]) -> Result<Option<Export<'a>>> {
        crate::exports::find(self, name)
    }
    /// Every export (for `calvados check`, coverage and tests).
    pub fn exports(&self) -> Result<Vec<Export<'a>>> {
        crate::exports::all(self, &mut |n| crate::intern::intern(n))
    }
    /// [`Self::exports`], with the names read from the export trie stored
    /// by `name` instead of the process-wide interner (a dynamic linker
    /// indexing every export keeps them in one arena per image).
    pub fn exports_named(
        &self,
        mut name: impl FnMut(&[u8]) -> Result<&'a [u8]>,
    ) -> Result<Vec<Export<'a>>> {
        crate::exports::all(self, &mut name)
    }
    /// Initializers in the order dyld runs them within this image:
    /// `S_MOD_INIT_FUNC_POINTERS` and `S_INIT_FUNC_OFFSETS` sections in
    /// section order.
    pub fn init_funcs(&self) -> Result<Vec<InitFunc>> {
        let mut out = Vec::new();
        for s in &self.sections {
            match s.section_type() {
                S_MOD_INIT_FUNC_POINTERS => out.extend(pointer_slots(s)?.map(InitFunc::Pointer)),
                S_INIT_FUNC_OFFSETS => {
                    if s.size % 4 != 0 {
                        return Err(malformed(format!(
                            "section {},{}: size is not a multiple of 4",
                            s.segname, s.sectname
                        )));
                    }
                    let bytes = self.section_data(s)?;
                    out.extend(
                        bytes.chunks_exact(4).map(|c| {
                            InitFunc::Offset(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        }),
                    );
                }
                _ => {}
            }
        }
        Ok(out)
    }
    /// Terminators (`S_MOD_TERM_FUNC_POINTERS`).
    pub fn term_funcs(&self) -> Result<Vec<InitFunc>> {
        let mut out = Vec::new();
        for s in &self.sections {
            if s.section_type() == S_MOD_TERM_FUNC_POINTERS {
                out.extend(pointer_slots(s)?.map(InitFunc::Pointer));
            }
        }
        Ok(out)
    }
    /// Thread-local variable layout, if the image has any
    /// (`S_THREAD_LOCAL_VARIABLES`). The loader should copy
    /// `template_init_size` bytes from the *mapped* image at `template_addr`
    /// (zero-fill sections in between read as zero there) and zero the rest.
    pub fn tlv(&self) -> Result<Option<TlvInfo>> {
        crate::tlv::layout(self)
    }
    /// Defined symbols from `LC_SYMTAB` (`N_SECT`, not debugging entries).
    /// Entries whose name does not resolve inside the string table are skipped.
    pub fn symbols(&self) -> Result<Vec<Symbol<'a>>> {
        let Some((syms, strs)) = self.symtab else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for raw in syms.chunks_exact(NLIST_SIZE) {
            let n = Nlist::read(raw);
            if n.n_type & N_STAB != 0 || n.n_type & N_TYPE != N_SECT {
                continue;
            }
            let Some(name) = cstr_at(strs, n.n_strx as usize) else {
                continue;
            };
            out.push(Symbol {
                name,
                address: n.n_value,
                external: n.n_type & N_EXT != 0,
            });
        }
        Ok(out)
    }

    /// File bytes of a section (empty for zero-fill or empty sections).
    pub fn section_data(&self, s: &Section) -> Result<&'a [u8]> {
        if s.is_zerofill() || s.size == 0 {
            return Ok(&[]);
        }
        range(self.data, u64::from(s.offset), s.size).ok_or_else(|| {
            malformed(format!(
                "section {},{} extends past end of file",
                s.segname, s.sectname
            ))
        })
    }
}

/// One `nlist_64` entry.
pub(crate) struct Nlist {
    pub n_strx: u32,
    pub n_type: u8,
    pub n_sect: u8,
    pub n_desc: u16,
    pub n_value: u64,
}

impl Nlist {
    /// Decodes an entry; `raw` is a `chunks_exact(NLIST_SIZE)` chunk.
    pub(crate) fn read(raw: &[u8]) -> Nlist {
        Nlist {
            n_strx: u32_at(raw, 0).unwrap_or(0),
            n_type: raw.get(4).copied().unwrap_or(0),
            n_sect: raw.get(5).copied().unwrap_or(0),
            n_desc: crate::bytes::u16_at(raw, 6).unwrap_or(0),
            n_value: u64_at(raw, 8).unwrap_or(0),
        }
    }
}

/// Which "only one allowed" commands were seen (beyond what the fields show).
#[derive(Default)]
struct Seen {
    exports_trie: bool,
    dyld_info_exports: bool,
    dysymtab: bool,
}

/// Unslid vm addresses of the 8-byte slots of a pointer section.
pub(crate) fn pointer_slots(s: &Section) -> Result<impl Iterator<Item = u64>> {
    if s.size % 8 != 0 {
        return Err(malformed(format!(
            "section {},{}: size is not a multiple of 8",
            s.segname, s.sectname
        )));
    }
    let addr = s.addr;
    // parse() checked that addr + size does not overflow.
    Ok((0..s.size / 8).map(move |i| addr + 8 * i))
}

fn need(body: &[u8], len: usize, what: &str) -> Result<()> {
    if body.len() < len {
        return Err(malformed(format!("{what} command too small")));
    }
    Ok(())
}

/// Reads an `lc_str` whose offset field is at `field`: the string must start
/// after the fixed part of the command (`min`) and be NUL-terminated inside it.
fn lc_string(body: &[u8], field: usize, min: usize, what: &str) -> Result<String> {
    let off = u32_at(body, field).or_malformed(what)? as usize;
    if off < min {
        return Err(malformed(format!(
            "{what}: name offset inside the command header"
        )));
    }
    let raw = cstr_at(body, off)
        .ok_or_else(|| malformed(format!("{what}: name not NUL-terminated in the command")))?;
    String::from_utf8(raw.to_vec()).map_err(|_| malformed(format!("{what}: name is not UTF-8")))
}

/// `DYLIB_USE_MARKER`: a `dylib_use_command` (macOS 15+) puts this in
/// `timestamp` and carries the kind as flags instead of in `cmd`.
const DYLIB_USE_MARKER: u32 = 0x1a74_1800;
const DYLIB_USE_WEAK_LINK: u32 = 0x1;
const DYLIB_USE_REEXPORT: u32 = 0x2;
const DYLIB_USE_UPWARD: u32 = 0x4;

fn dylib_command(cmd: u32, body: &[u8]) -> Result<DylibRef> {
    need(body, 24, "dylib load")?;
    let word = |off| u32_at(body, off).or_malformed("dylib load command too small");
    let name_off = word(8)?;
    let mut kind = match cmd {
        LC_LOAD_WEAK_DYLIB => DylibKind::Weak,
        LC_REEXPORT_DYLIB => DylibKind::Reexport,
        LC_LOAD_UPWARD_DYLIB => DylibKind::Upward,
        LC_LAZY_LOAD_DYLIB => DylibKind::Lazy,
        _ => DylibKind::Load,
    };
    if cmd == LC_LOAD_DYLIB && word(12)? == DYLIB_USE_MARKER && name_off == 28 {
        let use_flags = word(24)?;
        if use_flags & DYLIB_USE_REEXPORT != 0 {
            kind = DylibKind::Reexport;
        } else if use_flags & DYLIB_USE_WEAK_LINK != 0 {
            kind = DylibKind::Weak;
        } else if use_flags & DYLIB_USE_UPWARD != 0 {
            kind = DylibKind::Upward;
        }
    }
    Ok(DylibRef {
        name: lc_string(body, 8, 24, "dylib load command")?,
        kind,
        current_version: word(16)?,
        compat_version: word(20)?,
    })
}

/// `rip` from an `LC_UNIXTHREAD`: a list of `(flavor, count, state[count])`
/// in which we want `x86_THREAD_STATE64` (rip is its 17th u64), possibly
/// wrapped in an `x86_THREAD_STATE` with its own `(flavor, count)` header.
fn unix_thread_rip(body: &[u8]) -> Result<u64> {
    const RIP: usize = 16 * 8;
    let mut pos = 8usize;
    while pos < body.len() {
        let flavor = u32_at(body, pos).or_malformed("LC_UNIXTHREAD: truncated flavor")?;
        let count = u32_at(body, pos + 4).or_malformed("LC_UNIXTHREAD: truncated count")?;
        let state_len = (count as usize)
            .checked_mul(4)
            .or_malformed("LC_UNIXTHREAD: state too large")?;
        let state = body
            .get(pos + 8..)
            .and_then(|rest| rest.get(..state_len))
            .or_malformed("LC_UNIXTHREAD: state extends past the command")?;
        if flavor == X86_THREAD_STATE64 && count >= X86_THREAD_STATE64_COUNT {
            return u64_at(state, RIP).or_malformed("LC_UNIXTHREAD: truncated state");
        }
        if flavor == X86_THREAD_STATE
            && u32_at(state, 0) == Some(X86_THREAD_STATE64)
            && u32_at(state, 4).is_some_and(|c| c >= X86_THREAD_STATE64_COUNT)
        {
            return u64_at(state, 8 + RIP).or_malformed("LC_UNIXTHREAD: truncated state");
        }
        pos = pos + 8 + state_len;
    }
    Err(malformed("LC_UNIXTHREAD without x86_THREAD_STATE64"))
}

/// A `(fileoff, size)` range of link-edit data; empty ranges are allowed
/// anywhere (dyld ignores their offset).
fn linkedit<'a>(data: &'a [u8], off: u32, size: u32, what: &str) -> Result<&'a [u8]> {
    if size == 0 {
        return Ok(&[]);
    }
    range(data, u64::from(off), u64::from(size))
        .ok_or_else(|| malformed(format!("{what} extends past end of file")))
}

/// The payload of a `linkedit_data_command`.
fn linkedit_command<'a>(data: &'a [u8], body: &[u8], what: &str) -> Result<&'a [u8]> {
    need(body, 16, what)?;
    let off = u32_at(body, 8).or_malformed(what)?;
    let size = u32_at(body, 12).or_malformed(what)?;
    linkedit(data, off, size, what)
}
