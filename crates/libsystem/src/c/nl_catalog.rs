//! Message catalogs: `catopen`, `catgets`, `catclose` (`<nl_types.h>`)
//! (being written).

/// The exports of this module.
pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
