//! Rebases and binds, flattened from either fixup format.

/// Which image a bind's symbol comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindOrdinal {
    /// Ordinal 0: the image itself.
    SelfImage,
    /// Ordinal n >= 1: `dylibs()[n - 1]`.
    Dylib(u16),
    /// `BIND_SPECIAL_DYLIB_MAIN_EXECUTABLE` (-1).
    MainExecutable,
    /// `BIND_SPECIAL_DYLIB_FLAT_LOOKUP` (-2): search every image in load order.
    FlatLookup,
    /// `BIND_SPECIAL_DYLIB_WEAK_LOOKUP` (-3): the coalesced weak definition.
    WeakLookup,
}

/// A pointer-sized location to slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebase {
    /// Unslid vm address of the location.
    pub address: u64,
    /// `None` (dyld info): add the slide to the value already stored there.
    /// `Some(t)` (chained fixups): store `t + slide`, where `t` is the unslid
    /// vm address of the target with the chained high byte already applied
    /// to bits 56..63.
    pub target: Option<u64>,
}

/// A pointer-sized location to fill with a symbol's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bind<'a> {
    /// Unslid vm address of the location.
    pub address: u64,
    pub ordinal: BindOrdinal,
    /// Mach-O symbol name, with the leading underscore (`_printf`).
    pub symbol: &'a [u8],
    pub addend: i64,
    /// `BIND_SYMBOL_FLAGS_WEAK_IMPORT`: bind 0 when the symbol is missing.
    pub weak_import: bool,
    /// From the lazy-bind stream (we bind these eagerly).
    pub lazy: bool,
}

/// An entry of the classic weak-bind stream: either a location to point at
/// the coalesced definition of `symbol`, or (`address == None`) a marker
/// that this image holds a strong (non-weak) definition of `symbol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeakBind<'a> {
    pub address: Option<u64>,
    pub symbol: &'a [u8],
    pub addend: i64,
}

/// Every fixup of an image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixups<'a> {
    pub rebases: Vec<Rebase>,
    /// Binds (regular, lazy; for chained fixups also weak-lookup binds).
    pub binds: Vec<Bind<'a>>,
    pub weak_binds: Vec<WeakBind<'a>>,
}
