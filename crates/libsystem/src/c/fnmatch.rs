//! `fnmatch` with darwin flag values.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
