//! Assembles small Mach-O files in memory for the tests: a header, load
//! commands, and bytes placed at chosen file offsets.
#![allow(dead_code)]
// `is_multiple_of` needs Rust 1.87; the workspace supports 1.85.
#![allow(clippy::manual_is_multiple_of)]

pub const MH_EXECUTE: u32 = 2;
pub const MH_DYLIB: u32 = 6;
pub const CPU_TYPE_X86_64: u32 = 0x0100_0007;
pub const CPU_TYPE_ARM64: u32 = 0x0100_000c;
pub const CPU_TYPE_X86: u32 = 7;

pub const LC_REQ_DYLD: u32 = 0x8000_0000;
pub const LC_SEGMENT_64: u32 = 0x19;
pub const LC_SYMTAB: u32 = 0x2;
pub const LC_UNIXTHREAD: u32 = 0x5;
pub const LC_DYSYMTAB: u32 = 0xb;
pub const LC_LOAD_DYLIB: u32 = 0xc;
pub const LC_ID_DYLIB: u32 = 0xd;
pub const LC_LOAD_WEAK_DYLIB: u32 = 0x18 | LC_REQ_DYLD;
pub const LC_UUID: u32 = 0x1b;
pub const LC_RPATH: u32 = 0x1c | LC_REQ_DYLD;
pub const LC_REEXPORT_DYLIB: u32 = 0x1f | LC_REQ_DYLD;
pub const LC_LAZY_LOAD_DYLIB: u32 = 0x20;
pub const LC_DYLD_INFO_ONLY: u32 = 0x22 | LC_REQ_DYLD;
pub const LC_LOAD_UPWARD_DYLIB: u32 = 0x23 | LC_REQ_DYLD;
pub const LC_VERSION_MIN_MACOSX: u32 = 0x24;
pub const LC_MAIN: u32 = 0x28 | LC_REQ_DYLD;
pub const LC_BUILD_VERSION: u32 = 0x32;
pub const LC_DYLD_EXPORTS_TRIE: u32 = 0x33 | LC_REQ_DYLD;
pub const LC_DYLD_CHAINED_FIXUPS: u32 = 0x34 | LC_REQ_DYLD;

/// Standard layout used by [`Builder::standard`].
pub const BASE: u64 = 0x1_0000_0000;
pub const TEXT_SIZE: u64 = 0x4000;
pub const DATA_ADDR: u64 = BASE + 0x4000;
pub const DATA_FILEOFF: u64 = 0x4000;
pub const DATA_SIZE: u64 = 0x4000;
pub const LINKEDIT_ADDR: u64 = BASE + 0x8000;
pub const LINKEDIT_FILEOFF: u64 = 0x8000;
pub const LINKEDIT_SIZE: u64 = 0x2000;

pub fn uleb(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

pub fn sleb(mut v: i64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0);
        out.push(if done { byte } else { byte | 0x80 });
        if done {
            return out;
        }
    }
}

#[derive(Clone, Debug)]
pub struct Sect {
    pub sectname: &'static str,
    pub addr: u64,
    pub size: u64,
    pub offset: u32,
    pub align: u32,
    pub flags: u32,
}

impl Sect {
    pub fn new(sectname: &'static str, addr: u64, size: u64, offset: u32, flags: u32) -> Sect {
        Sect {
            sectname,
            addr,
            size,
            offset,
            align: 3,
            flags,
        }
    }
}

fn name16(name: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..name.len()].copy_from_slice(name.as_bytes());
    out
}

#[derive(Clone)]
pub struct Builder {
    pub magic: u32,
    pub cputype: u32,
    pub cpusubtype: u32,
    pub filetype: u32,
    pub flags: u32,
    cmds: Vec<u8>,
    ncmds: u32,
    /// Overrides the computed `ncmds` / `sizeofcmds` (for malformed tests).
    pub ncmds_override: Option<u32>,
    pub sizeofcmds_override: Option<u32>,
    puts: Vec<(usize, Vec<u8>)>,
    min_len: usize,
}

impl Builder {
    pub fn new(filetype: u32) -> Builder {
        Builder {
            magic: 0xfeed_facf,
            cputype: CPU_TYPE_X86_64,
            cpusubtype: 3,
            filetype,
            flags: 0x0020_0085,
            cmds: Vec::new(),
            ncmds: 0,
            ncmds_override: None,
            sizeofcmds_override: None,
            puts: Vec::new(),
            min_len: 32,
        }
    }

    /// __PAGEZERO, __TEXT (file 0..0x4000), __DATA (file 0x4000..0x8000,
    /// with `data_sects`) and __LINKEDIT (file 0x8000..0xa000).
    pub fn standard(filetype: u32, data_sects: Vec<Sect>) -> Builder {
        let mut b = Builder::new(filetype);
        if filetype == MH_EXECUTE {
            b.segment("__PAGEZERO", 0, BASE, 0, 0, 0, vec![]);
        }
        b.segment(
            "__TEXT",
            BASE,
            TEXT_SIZE,
            0,
            TEXT_SIZE,
            5,
            vec![Sect::new(
                "__text",
                BASE + 0x1000,
                0x100,
                0x1000,
                0x8000_0400,
            )],
        );
        b.segment(
            "__DATA",
            DATA_ADDR,
            DATA_SIZE,
            DATA_FILEOFF,
            DATA_SIZE,
            3,
            data_sects,
        );
        b.segment(
            "__LINKEDIT",
            LINKEDIT_ADDR,
            LINKEDIT_SIZE,
            LINKEDIT_FILEOFF,
            LINKEDIT_SIZE,
            1,
            vec![],
        );
        b
    }

    /// Index of the __DATA segment in [`Builder::standard`] images.
    pub fn data_index(filetype: u32) -> u8 {
        if filetype == MH_EXECUTE {
            2
        } else {
            1
        }
    }

    /// Appends a load command; `payload` follows cmd/cmdsize and is padded to 8.
    pub fn cmd(&mut self, cmd: u32, payload: &[u8]) -> &mut Self {
        let mut size = 8 + payload.len();
        size = (size + 7) & !7;
        self.cmd_sized(cmd, size as u32, payload)
    }

    /// Appends a load command with an explicit cmdsize (the bytes written
    /// are `payload` padded to 8, whatever cmdsize claims).
    pub fn cmd_sized(&mut self, cmd: u32, cmdsize: u32, payload: &[u8]) -> &mut Self {
        self.cmds.extend_from_slice(&cmd.to_le_bytes());
        self.cmds.extend_from_slice(&cmdsize.to_le_bytes());
        self.cmds.extend_from_slice(payload);
        while self.cmds.len() % 8 != 0 {
            self.cmds.push(0);
        }
        self.ncmds += 1;
        self
    }

    #[allow(clippy::too_many_arguments)]
    pub fn segment(
        &mut self,
        name: &str,
        vmaddr: u64,
        vmsize: u64,
        fileoff: u64,
        filesize: u64,
        prot: u32,
        sects: Vec<Sect>,
    ) -> &mut Self {
        let mut p = Vec::new();
        p.extend_from_slice(&name16(name));
        for v in [vmaddr, vmsize, fileoff, filesize] {
            p.extend_from_slice(&v.to_le_bytes());
        }
        for v in [prot, prot, sects.len() as u32, 0] {
            p.extend_from_slice(&v.to_le_bytes());
        }
        for s in &sects {
            p.extend_from_slice(&name16(s.sectname));
            p.extend_from_slice(&name16(name));
            p.extend_from_slice(&s.addr.to_le_bytes());
            p.extend_from_slice(&s.size.to_le_bytes());
            for v in [s.offset, s.align, 0, 0, s.flags, 0, 0, 0] {
                p.extend_from_slice(&v.to_le_bytes());
            }
        }
        self.min_len = self.min_len.max((fileoff + filesize) as usize);
        self.cmd(LC_SEGMENT_64, &p)
    }

    /// An `lc_str` command: `fixed` words after cmd/cmdsize, the first of
    /// which is the string offset (filled in), then the string.
    fn str_cmd(&mut self, cmd: u32, fixed: &[u32], s: &str) -> &mut Self {
        let mut p = Vec::new();
        let off = 8 + 4 * fixed.len() as u32;
        p.extend_from_slice(&off.to_le_bytes());
        for v in &fixed[1..] {
            p.extend_from_slice(&v.to_le_bytes());
        }
        p.extend_from_slice(s.as_bytes());
        p.push(0);
        self.cmd(cmd, &p)
    }

    pub fn dylib(&mut self, cmd: u32, name: &str, current: u32, compat: u32) -> &mut Self {
        self.str_cmd(cmd, &[0, 2, current, compat], name)
    }

    pub fn rpath(&mut self, path: &str) -> &mut Self {
        self.str_cmd(LC_RPATH, &[0], path)
    }

    pub fn main(&mut self, entryoff: u64, stacksize: u64) -> &mut Self {
        let mut p = entryoff.to_le_bytes().to_vec();
        p.extend_from_slice(&stacksize.to_le_bytes());
        self.cmd(LC_MAIN, &p)
    }

    pub fn linkedit_cmd(&mut self, cmd: u32, off: u32, size: u32) -> &mut Self {
        let mut p = off.to_le_bytes().to_vec();
        p.extend_from_slice(&size.to_le_bytes());
        self.cmd(cmd, &p)
    }

    /// `LC_DYLD_INFO_ONLY` with `(off, size)` for rebase, bind, weak, lazy, export.
    pub fn dyld_info(&mut self, parts: [(u32, u32); 5]) -> &mut Self {
        let mut p = Vec::new();
        for (off, size) in parts {
            p.extend_from_slice(&off.to_le_bytes());
            p.extend_from_slice(&size.to_le_bytes());
        }
        self.cmd(LC_DYLD_INFO_ONLY, &p)
    }

    pub fn symtab(&mut self, symoff: u32, nsyms: u32, stroff: u32, strsize: u32) -> &mut Self {
        let mut p = Vec::new();
        for v in [symoff, nsyms, stroff, strsize] {
            p.extend_from_slice(&v.to_le_bytes());
        }
        self.cmd(LC_SYMTAB, &p)
    }

    /// Places `bytes` at file offset `off` (after the header area).
    pub fn put(&mut self, off: u64, bytes: &[u8]) -> &mut Self {
        self.puts.push((off as usize, bytes.to_vec()));
        self.min_len = self.min_len.max(off as usize + bytes.len());
        self
    }

    pub fn build(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let sizeofcmds = self.sizeofcmds_override.unwrap_or(self.cmds.len() as u32);
        let ncmds = self.ncmds_override.unwrap_or(self.ncmds);
        for v in [
            self.magic,
            self.cputype,
            self.cpusubtype,
            self.filetype,
            ncmds,
            sizeofcmds,
            self.flags,
            0,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.cmds);
        let header_end = out.len();
        if out.len() < self.min_len {
            out.resize(self.min_len, 0);
        }
        for (off, bytes) in &self.puts {
            assert!(
                *off >= header_end,
                "put at {off:#x} overlaps the load commands"
            );
            out[*off..off + bytes.len()].copy_from_slice(bytes);
        }
        out
    }
}

/// nlist_64 entry.
pub fn nlist(strx: u32, n_type: u8, n_sect: u8, n_desc: u16, value: u64) -> Vec<u8> {
    let mut out = strx.to_le_bytes().to_vec();
    out.push(n_type);
    out.push(n_sect);
    out.extend_from_slice(&n_desc.to_le_bytes());
    out.extend_from_slice(&value.to_le_bytes());
    out
}

/// A one-level export trie: the root has one edge per entry, labelled with
/// the whole name, leading to a node with `terminal` as its info.
pub fn flat_trie(entries: &[(&[u8], Vec<u8>)]) -> Vec<u8> {
    // Child offsets depend on the root's size, which depends on their ULEB
    // widths: iterate until stable.
    let mut offsets = vec![0u64; entries.len()];
    loop {
        let mut root = vec![0u8, entries.len() as u8];
        for ((name, _), off) in entries.iter().zip(&offsets) {
            root.extend_from_slice(name);
            root.push(0);
            root.extend_from_slice(&uleb(*off));
        }
        let mut next = Vec::new();
        let mut children = Vec::new();
        let mut at = root.len() as u64;
        for (_, term) in entries {
            next.push(at);
            let mut node = uleb(term.len() as u64);
            node.extend_from_slice(term);
            node.push(0);
            at += node.len() as u64;
            children.extend_from_slice(&node);
        }
        if next == offsets {
            root.extend_from_slice(&children);
            return root;
        }
        offsets = next;
    }
}

/// Terminal info of a regular export.
pub fn regular(flags: u64, offset: u64) -> Vec<u8> {
    let mut t = uleb(flags);
    t.extend_from_slice(&uleb(offset));
    t
}

/// When `CALVADOS_MACHO_SEED_DIR` is set (by `fuzz/seed.sh`), saves a
/// hand-built image there as a fuzzing seed.
pub fn seed(name: &str, file: &[u8]) {
    if let Some(dir) = std::env::var_os("CALVADOS_MACHO_SEED_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), file).unwrap();
    }
}
