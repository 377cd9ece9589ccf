//! `getentropy`: kernel randomness.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
