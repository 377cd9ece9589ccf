//! The reader's error: one line, naming what is wrong.

use core::fmt;

/// Why a file cannot be used as an x86_64 Mach-O image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Not a Mach-O file (nor a fat file) at all.
    NotMachO,
    /// A Mach-O for another architecture, with no x86_64 slice; `arch` is a
    /// human name such as "arm64", "i386", "arm64e", "ppc".
    WrongArch { arch: String },
    /// A structure is malformed or points outside the file; the text says which.
    Malformed(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotMachO => f.write_str("not a Mach-O file"),
            Error::WrongArch { arch } => {
                write!(f, "this is an {arch} binary; only x86_64 is supported")
            }
            Error::Malformed(what) => write!(f, "malformed Mach-O: {what}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<object::read::Error> for Error {
    fn from(e: object::read::Error) -> Self {
        Error::Malformed(e.to_string())
    }
}
