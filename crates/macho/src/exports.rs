//! Exported symbols (from the export trie or the symbol table).

use crate::bytes::{cstr_at, malformed, u8_at, uleb, OrMalformed};
use crate::consts::*;
use crate::image::{Nlist, NLIST_SIZE};
use crate::intern::intern;
use crate::{MachO, Result};

/// What an export resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind<'a> {
    /// Offset of the definition from the mach header (or an absolute value
    /// when [`Export::absolute`] is set).
    Regular { offset: u64 },
    /// Re-exported from `dylibs()[ordinal - 1]` under `name` (empty: same name).
    Reexport { ordinal: u64, name: &'a [u8] },
    /// `EXPORT_SYMBOL_FLAGS_STUB_AND_RESOLVER`: call the resolver (offset from
    /// the header) to get the address.
    Resolver {
        stub_offset: u64,
        resolver_offset: u64,
    },
}

/// One exported symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Export<'a> {
    /// Mach-O name with leading underscore.
    pub name: &'a [u8],
    pub kind: ExportKind<'a>,
    /// `EXPORT_SYMBOL_FLAGS_WEAK_DEFINITION`
    pub weak: bool,
    /// `EXPORT_SYMBOL_FLAGS_KIND_THREAD_LOCAL`
    pub thread_local: bool,
    /// `EXPORT_SYMBOL_FLAGS_KIND_ABSOLUTE`
    pub absolute: bool,
}

// ---------------------------------------------------------------------------
// Lookup. The trie is walked by hand: a lookup follows one path instead of
// enumerating everything, and both walks refuse cycles and shared nodes
// (which `object`'s iterator only partly detects and which could make a
// hostile trie exponential to enumerate).

/// Looks one name up: in the trie if the image has one, else in the symbol table.
pub(crate) fn find<'a>(m: &MachO<'a>, name: &[u8]) -> Result<Option<Export<'a>>> {
    match m.exports_trie {
        Some(trie) => trie_find(m, trie, name),
        None => symtab_find(m, name),
    }
}

/// Gives a name assembled from trie edges a home that lives for `'a`.
pub(crate) type Namer<'n, 'a> = &'n mut dyn FnMut(&[u8]) -> Result<&'a [u8]>;

/// Every export: from the trie if the image has one (each name stored by
/// `name`), else from the symbol table (names borrowed from the file).
pub(crate) fn all<'a>(m: &MachO<'a>, name: Namer<'_, 'a>) -> Result<Vec<Export<'a>>> {
    match m.exports_trie {
        Some(trie) => trie_all(m, trie, name),
        None => symtab_all(m),
    }
}

fn interned<'a>(name: &[u8]) -> Result<&'a [u8]> {
    intern(name)
}

/// A trie node: where its terminal info and its children list sit.
struct Node<'a> {
    terminal: &'a [u8],
    /// Offset of the children count byte.
    children: usize,
}

fn node(trie: &[u8], offset: usize) -> Result<Node<'_>> {
    let mut pos = offset;
    let size = uleb(trie, &mut pos).or_malformed("export trie: truncated node")?;
    let terminal = usize::try_from(size)
        .ok()
        .and_then(|size| trie.get(pos..pos.checked_add(size)?))
        .or_malformed("export trie: terminal info extends past the trie")?;
    Ok(Node {
        terminal,
        children: pos + terminal.len(),
    })
}

/// Reads one child edge at `*pos`: its label and the child's offset.
fn edge<'t>(trie: &'t [u8], pos: &mut usize) -> Result<(&'t [u8], usize)> {
    let label = cstr_at(trie, *pos).or_malformed("export trie: unterminated edge label")?;
    if label.is_empty() {
        // Would let a walk stand still; no linker emits one.
        return Err(malformed("export trie: empty edge label"));
    }
    *pos += label.len() + 1;
    let child = uleb(trie, pos).or_malformed("export trie: truncated child offset")?;
    let child = usize::try_from(child)
        .ok()
        .filter(|&c| c < trie.len())
        .or_malformed("export trie: child offset out of range")?;
    Ok((label, child))
}

fn trie_find<'a>(m: &MachO<'a>, trie: &'a [u8], name: &[u8]) -> Result<Option<Export<'a>>> {
    if trie.is_empty() {
        return Ok(None);
    }
    let mut offset = 0usize;
    let mut matched = 0usize;
    // Every round consumes a non-empty edge of `name`, so this ends.
    loop {
        let here = node(trie, offset)?;
        let Some(rest) = name.get(matched..).filter(|r| !r.is_empty()) else {
            if here.terminal.is_empty() {
                return Ok(None);
            }
            return terminal(m, here.terminal, name, &mut interned).map(Some);
        };
        let mut pos = here.children;
        let count = u8_at(trie, pos).or_malformed("export trie: truncated children count")?;
        pos += 1;
        let mut next = None;
        for _ in 0..count {
            let (label, child) = edge(trie, &mut pos)?;
            if rest.starts_with(label) {
                next = Some((child, label.len()));
                break;
            }
        }
        let Some((child, len)) = next else {
            return Ok(None);
        };
        offset = child;
        matched += len;
    }
}

/// Decodes a node's terminal info into an export called `name` (stored by
/// `namer` last, so that a full interner cannot hide decoding errors).
fn terminal<'a>(
    m: &MachO<'a>,
    info: &'a [u8],
    name: &[u8],
    namer: Namer<'_, 'a>,
) -> Result<Export<'a>> {
    let mut pos = 0usize;
    let flags = uleb(info, &mut pos).or_malformed("export trie: truncated flags")?;
    let kind = flags & EXPORT_SYMBOL_FLAGS_KIND_MASK;
    if kind == EXPORT_SYMBOL_FLAGS_KIND_MASK {
        return Err(malformed("export trie: unknown symbol kind 3"));
    }
    if flags & EXPORT_SYMBOL_FLAGS_STATIC_RESOLVER != 0 {
        return Err(malformed(
            "export trie: static-resolver exports are not supported",
        ));
    }
    let known = EXPORT_SYMBOL_FLAGS_KIND_MASK
        | EXPORT_SYMBOL_FLAGS_WEAK_DEFINITION
        | EXPORT_SYMBOL_FLAGS_REEXPORT
        | EXPORT_SYMBOL_FLAGS_STUB_AND_RESOLVER;
    if flags & !known != 0 {
        return Err(malformed(format!("export trie: unknown flags {flags:#x}")));
    }
    let mut value = || uleb(info, &mut pos).or_malformed("export trie: truncated terminal info");
    let kind_info = if flags & EXPORT_SYMBOL_FLAGS_REEXPORT != 0 {
        let ordinal = value()?;
        if ordinal == 0 || ordinal > m.dylibs.len() as u64 {
            return Err(malformed(format!(
                "export trie: re-export from library ordinal {ordinal} but the image loads {} dylibs",
                m.dylibs.len()
            )));
        }
        let imported =
            cstr_at(info, pos).or_malformed("export trie: unterminated re-export name")?;
        ExportKind::Reexport {
            ordinal,
            name: imported,
        }
    } else if flags & EXPORT_SYMBOL_FLAGS_STUB_AND_RESOLVER != 0 {
        let stub_offset = value()?;
        let resolver_offset = value()?;
        ExportKind::Resolver {
            stub_offset,
            resolver_offset,
        }
    } else {
        ExportKind::Regular { offset: value()? }
    };
    Ok(Export {
        name: namer(name)?,
        kind: kind_info,
        weak: flags & EXPORT_SYMBOL_FLAGS_WEAK_DEFINITION != 0,
        thread_local: kind == EXPORT_SYMBOL_FLAGS_KIND_THREAD_LOCAL,
        absolute: kind == EXPORT_SYMBOL_FLAGS_KIND_ABSOLUTE,
    })
}

/// Depth-first walk of the whole trie. Each node may be reached once (a
/// trie is a tree), which bounds the work by the trie size; the total length
/// of the names produced is capped too, since a long chain of one-byte edges
/// would otherwise give quadratically many name bytes.
fn trie_all<'a>(m: &MachO<'a>, trie: &'a [u8], namer: Namer<'_, 'a>) -> Result<Vec<Export<'a>>> {
    if trie.is_empty() {
        return Ok(Vec::new());
    }
    let mut name_budget = trie.len().saturating_mul(128).saturating_add(1 << 20);
    let mut visited = vec![false; trie.len()];
    let mut out = Vec::new();
    let mut prefix: Vec<u8> = Vec::new();

    struct Frame {
        /// Offset of the next edge to read.
        pos: usize,
        remaining: u8,
        prefix_len: usize,
    }
    let mut stack: Vec<Frame> = Vec::new();

    let mut enter = |offset: usize,
                     prefix: &[u8],
                     stack: &mut Vec<Frame>,
                     out: &mut Vec<Export<'a>>|
     -> Result<()> {
        let seen = visited
            .get_mut(offset)
            .or_malformed("export trie: child offset out of range")?;
        if *seen {
            return Err(malformed("export trie: a node is reached twice"));
        }
        *seen = true;
        let here = node(trie, offset)?;
        if !here.terminal.is_empty() {
            name_budget = name_budget
                .checked_sub(prefix.len())
                .or_malformed("export trie: names too long for its size")?;
            out.push(terminal(m, here.terminal, prefix, namer)?);
        }
        let remaining =
            u8_at(trie, here.children).or_malformed("export trie: truncated children count")?;
        stack.push(Frame {
            pos: here.children + 1,
            remaining,
            prefix_len: prefix.len(),
        });
        Ok(())
    };

    enter(0, &prefix, &mut stack, &mut out)?;
    while let Some(frame) = stack.last_mut() {
        if frame.remaining == 0 {
            stack.pop();
            continue;
        }
        frame.remaining -= 1;
        let (label, child) = edge(trie, &mut frame.pos)?;
        prefix.truncate(frame.prefix_len);
        prefix.extend_from_slice(label);
        enter(child, &prefix, &mut stack, &mut out)?;
    }
    Ok(out)
}

/// A symbol-table entry that dyld would export: external, defined in a
/// section, not private-extern, not a debugging entry.
fn exported(n: &Nlist) -> bool {
    n.n_type & N_STAB == 0
        && n.n_type & N_TYPE == N_SECT
        && n.n_type & N_EXT != 0
        && n.n_type & N_PEXT == 0
}

/// The symbols to search: the external-definition range of `LC_DYSYMTAB`
/// when it is valid, else the whole table.
fn exported_candidates<'a>(m: &MachO<'a>) -> (&'a [u8], &'a [u8]) {
    let Some((syms, strs)) = m.symtab else {
        return (&[], &[]);
    };
    let narrowed = m.extdef_range.and_then(|(first, count)| {
        let start = (first as usize).checked_mul(NLIST_SIZE)?;
        let len = (count as usize).checked_mul(NLIST_SIZE)?;
        syms.get(start..start.checked_add(len)?)
    });
    (narrowed.unwrap_or(syms), strs)
}

fn symbol_export<'a>(m: &MachO<'a>, n: &Nlist, name: &'a [u8]) -> Result<Export<'a>> {
    let offset = n
        .n_value
        .checked_sub(m.base_address())
        .or_malformed("symbol table: exported symbol below the image base")?;
    // n_sect is 1-based over all sections of the image.
    let thread_local = usize::from(n.n_sect)
        .checked_sub(1)
        .and_then(|i| m.sections.get(i))
        .is_some_and(|s| s.section_type() == S_THREAD_LOCAL_VARIABLES);
    Ok(Export {
        name,
        kind: ExportKind::Regular { offset },
        weak: n.n_desc & N_WEAK_DEF != 0,
        thread_local,
        absolute: false,
    })
}

fn symtab_find<'a>(m: &MachO<'a>, name: &[u8]) -> Result<Option<Export<'a>>> {
    let (syms, strs) = exported_candidates(m);
    for raw in syms.chunks_exact(NLIST_SIZE) {
        let n = Nlist::read(raw);
        if !exported(&n) {
            continue;
        }
        if let Some(sym_name) = cstr_at(strs, n.n_strx as usize) {
            if sym_name == name {
                return symbol_export(m, &n, sym_name).map(Some);
            }
        }
    }
    Ok(None)
}

fn symtab_all<'a>(m: &MachO<'a>) -> Result<Vec<Export<'a>>> {
    let (syms, strs) = exported_candidates(m);
    let mut out = Vec::new();
    for raw in syms.chunks_exact(NLIST_SIZE) {
        let n = Nlist::read(raw);
        if !exported(&n) {
            continue;
        }
        if let Some(name) = cstr_at(strs, n.n_strx as usize) {
            out.push(symbol_export(m, &n, name)?);
        }
    }
    Ok(out)
}
