//! libsandbox: `sandbox_init` and friends (being written).

/// The exports of this module.
pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
