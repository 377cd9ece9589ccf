//! Exported symbols (from the export trie or the symbol table).

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
    Resolver { stub_offset: u64, resolver_offset: u64 },
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
