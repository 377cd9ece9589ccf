//! `libsystem_kernel`: the system-call layer. Each family of calls is one
//! module; numbers and structs are translated between darwin and Linux.

pub mod dir;
pub mod fs;
pub mod mman;
pub mod process;
pub mod resource;
pub mod signal;
pub mod stat;
pub mod sysctl;
pub mod time;

pub(crate) static EXPORTS: &[crate::Export] = fs::EXPORTS;
pub(crate) static PROCESS_EXPORTS: &[crate::Export] = process::EXPORTS;
