//! `err`/`warn` family, writing to our own `stderr`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
