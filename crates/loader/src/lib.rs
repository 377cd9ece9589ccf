//! Calvados' dyld: maps Mach-O images into this process, binds their imports
//! to the built-in libSystem or to other loaded images, runs initializers,
//! and enters the program with a darwin initial stack.
//!
//! One [`Loader`] exists per process (a global behind a mutex): `dlopen` and
//! the `_dyld_*` API reach it from Mach-O code at any time.

mod bind;
mod dyld_api;
mod entry;
mod error;
mod image;
mod load;
mod paths;
mod tlv;
mod trap;

pub use entry::{run_program, RunOptions};
pub use error::LoadError;
pub use image::{Image, ImageId};
pub use trap::EXIT_UNIMPLEMENTED;

use std::sync::{Mutex, MutexGuard};

/// Every image loaded in this process, in load order (index = [`ImageId`]).
#[derive(Default)]
pub struct Loader {
    pub images: Vec<Image>,
    /// The main executable's path (absolute).
    pub executable_path: String,
    /// Callbacks registered with `_dyld_register_func_for_add_image`.
    pub add_image_callbacks: Vec<extern "C" fn(*const u8, isize)>,
    /// Static triage only (`calvados check`): never run image code.
    pub check_only: bool,
    /// In `check_only` mode: dylibs that could not be found (the check goes
    /// on without them and reports their imports).
    pub missing_libraries: Vec<String>,
}

static LOADER: Mutex<Option<Loader>> = Mutex::new(None);

/// Locks the process's loader, creating it on first use.
pub fn loader() -> MutexGuard<'static, Option<Loader>> {
    LOADER.lock().unwrap_or_else(|e| e.into_inner())
}

/// The `(symbol, library)` pairs a binary and its dylibs import that nobody
/// provides: the static triage behind `calvados check`.
pub use bind::{check_binary, Missing};

/// Whether `name` is served by a library built into Calvados: libSystem and
/// its sub-libraries, or one of the frameworks.
pub fn is_builtin_install_name(name: &str) -> bool {
    calvados_libsystem::is_builtin_install_name(name)
        || calvados_frameworks::is_builtin_install_name(name)
}

/// Looks a name up in the dyld API table (for coverage).
pub fn dyld_lookup(name: &[u8]) -> Option<usize> {
    dyld_api::lookup(name)
}
