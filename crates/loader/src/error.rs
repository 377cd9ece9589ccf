//! Load failures, worded like dyld's.

use core::fmt;

/// Why a program could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file itself could not be read or is not a usable Mach-O.
    File { path: String, reason: String },
    /// `dyld: Library not loaded: <name>`.
    LibraryNotLoaded {
        name: String,
        referenced_from: String,
        tried: Vec<String>,
    },
    /// `dyld: Symbol not found: <sym>`.
    SymbolNotFound {
        symbol: String,
        referenced_from: String,
        expected_in: String,
    },
    /// Mapping or protecting memory failed.
    Map { path: String, reason: String },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::File { path, reason } => write!(f, "calvados: {path}: {reason}"),
            LoadError::LibraryNotLoaded { name, referenced_from, tried } => {
                write!(f, "dyld: Library not loaded: {name} (referenced from {referenced_from}")?;
                if !tried.is_empty() {
                    write!(f, "; tried: {}", tried.join(", "))?;
                }
                f.write_str(")")
            }
            LoadError::SymbolNotFound { symbol, referenced_from, expected_in } => write!(
                f,
                "dyld: Symbol not found: {symbol} (referenced from {referenced_from}, expected in {expected_in})"
            ),
            LoadError::Map { path, reason } => write!(f, "calvados: {path}: cannot map: {reason}"),
        }
    }
}

impl std::error::Error for LoadError {}
