//! Calvados' libSystem: the darwin C library and kernel interface, on Linux.
//!
//! Mach-O code calls these functions directly (darwin and Linux share the
//! System V x86_64 calling convention); only data that crosses the boundary
//! is translated: struct layouts, flag and errno numbers, `FILE`, ...
//!
//! The modules follow Apple's sub-libraries of `libSystem.B.dylib`
//! (`libsystem_c`, `libsystem_kernel`, `libsystem_malloc`, ...). Each module
//! contributes a table of [`Export`]s keyed by Mach-O symbol name (variants
//! such as `_stat$INODE64` are separate entries); [`lookup`] searches them
//! all. Functions whose darwin ABI equals glibc's are exported as glibc's own
//! implementation (the table says so with [`Kind::Host`]).

pub mod blocks;
pub mod c;
pub mod common_crypto;
pub mod commpage;
pub mod dispatch;
pub mod errno;
pub mod export;
pub mod identity;
pub mod kernel;
pub mod m;
pub mod malloc;
pub mod notify;
pub mod platform;
pub mod pthread;
pub mod sandbox;
pub mod unwind;
pub mod xpc;

pub use export::{all_exports, lookup, Export, Kind};

/// Install names this crate answers for: libSystem and the libraries that
/// macOS re-exports through it or links to it.
pub const INSTALL_NAMES: &[&str] = &[
    "/usr/lib/libSystem.B.dylib",
    "/usr/lib/libSystem.dylib",
    "/usr/lib/libc.dylib",
    "/usr/lib/libm.dylib",
    "/usr/lib/libdl.dylib",
    "/usr/lib/libpthread.dylib",
    "/usr/lib/libinfo.dylib",
    "/usr/lib/libgcc_s.1.dylib",
    "/usr/lib/libiconv.2.dylib",
    "/usr/lib/libiconv.dylib",
    "/usr/lib/libresolv.9.dylib",
    "/usr/lib/libresolv.dylib",
    "/usr/lib/libcharset.1.dylib",
    "/usr/lib/libcharset.dylib",
    "/usr/lib/libsandbox.1.dylib",
    "/usr/lib/libsandbox.dylib",
];

/// Whether `name` is one of our built-in install names, including every
/// `/usr/lib/system/*.dylib` sub-library.
pub fn is_builtin_install_name(name: &str) -> bool {
    INSTALL_NAMES.contains(&name)
        || (name.starts_with("/usr/lib/system/") && name.ends_with(".dylib"))
}

/// Prepares the library before any Mach-O code runs: the stack-protector
/// canary, the main thread's darwin thread state (`%gs`), the standard streams.
pub fn init() {
    c::exit::init_stack_guard();
    pthread::tsd::setup_current_thread();
    kernel::signal::init();
    commpage::map();
}
