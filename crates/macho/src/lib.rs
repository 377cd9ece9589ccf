//! Zero-copy reader for x86_64 Mach-O images, built on the `object` crate.
//!
//! It answers the questions our dyld asks: which slice of a fat file to load,
//! which segments to map, which dylibs to load, which locations to rebase and
//! bind (both the classic dyld-info opcodes and chained fixups, flattened into
//! one list), what the image exports, which initializers to run and where its
//! thread-local variables live. Every malformed input is an [`Error`], never a
//! panic or an out-of-bounds read.
//!
//! Things a loader must know:
//! - [`Rebase::target`] is `None` for dyld-info images (add the slide to the
//!   pointer already in the file) and `Some(unslid vmaddr, high byte in bits
//!   56..63)` for chained fixups, whose locations hold chain links instead of
//!   pointers: every chained location must be overwritten.
//! - Chained binds carry the import's addend plus the pointer's 8-bit addend;
//!   weak-definition binds come with [`BindOrdinal::WeakLookup`].
//! - Export names from a trie are interned process-wide (they are not
//!   contiguous in the file; see `intern.rs`); symbol-table names are borrowed.
//! - [`TlvInfo`]'s template is copied from the *mapped* image, where zero-fill
//!   sections read as zeros.

#![forbid(unsafe_code)]
// `u64::is_multiple_of` needs Rust 1.87; the workspace supports 1.85.
#![allow(clippy::manual_is_multiple_of)]

mod bytes;
mod consts;
mod error;
mod exports;
mod fixups;
mod image;
mod intern;
mod tlv;

pub use error::Error;
pub use exports::{Export, ExportKind};
pub use fixups::{Bind, BindOrdinal, Fixups, Rebase, WeakBind};
pub use image::{
    select_slice, sniff_x86_64, BuildVersion, DylibKind, DylibRef, Entry, FileType, InitFunc,
    MachO, Section, Segment, Symbol, TlvInfo,
};

/// Result type of this crate.
pub type Result<T> = core::result::Result<T, Error>;
