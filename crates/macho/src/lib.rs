//! Zero-copy reader for x86_64 Mach-O images, built on the `object` crate.
//!
//! It answers the questions our dyld asks: which slice of a fat file to load,
//! which segments to map, which dylibs to load, which locations to rebase and
//! bind (both the classic dyld-info opcodes and chained fixups, flattened into
//! one list), what the image exports, which initializers to run and where its
//! thread-local variables live. Every malformed input is an [`Error`], never a
//! panic or an out-of-bounds read.

mod error;
mod exports;
mod fixups;
mod image;

pub use error::Error;
pub use exports::{Export, ExportKind};
pub use fixups::{Bind, BindOrdinal, Fixups, Rebase, WeakBind};
pub use image::{
    select_slice, DylibKind, DylibRef, Entry, FileType, InitFunc, MachO, Section, Segment,
    Symbol, TlvInfo,
};

/// Result type of this crate.
pub type Result<T> = core::result::Result<T, Error>;
