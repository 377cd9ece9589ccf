//! `libsystem_kernel`: the system-call layer. Each family of calls is one
//! module; numbers and structs are translated between darwin and Linux.

pub mod attrlist;
pub mod darwin_fs;
pub mod dir;
pub mod entropy;
pub mod exec;
pub mod fs;
pub mod host;
pub mod ioctl;
pub mod kqueue;
pub mod mach;
pub mod mach_thread;
pub mod mman;
pub mod msg_x;
pub mod poll;
pub mod process;
pub mod resource;
pub mod semaphore;
pub mod signal;
pub mod socket;
pub mod spawn;
pub mod stat;
pub mod statfs;
pub mod syscall;
pub mod sysctl;
pub mod time;
pub mod ucontext;
pub mod ulock;
pub mod vm;
pub mod xattr;

pub(crate) static EXPORTS: &[crate::Export] = fs::EXPORTS;
pub(crate) static PROCESS_EXPORTS: &[crate::Export] = process::EXPORTS;
