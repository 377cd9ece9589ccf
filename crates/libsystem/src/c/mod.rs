//! `libsystem_c`: the C library proper.

pub mod ctype;
pub mod exit;
pub mod setjmp;
pub mod stdio;
pub mod stdlib;
pub mod string;
pub mod sysconf;
pub mod time;

pub(crate) static EXPORTS: &[crate::Export] = exit::EXPORTS;
