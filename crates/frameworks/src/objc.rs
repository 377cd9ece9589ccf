//! libobjc.A.dylib: the Objective-C runtime (being written).

use calvados_libsystem::export::Export;

/// The exports of this module.
pub static EXPORTS: &[Export] = calvados_libsystem::exports! {};
