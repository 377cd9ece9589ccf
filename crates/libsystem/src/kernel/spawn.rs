//! `posix_spawn` with darwin attributes and file actions.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
