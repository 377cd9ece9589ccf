//! `glob`/`globfree` with darwin `glob_t`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
