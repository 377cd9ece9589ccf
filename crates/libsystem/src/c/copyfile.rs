//! `copyfile`/`fcopyfile`: file copies with darwin flags and states.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
