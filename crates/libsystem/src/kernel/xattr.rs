//! Extended attributes with darwin signatures (`position`, `options`).

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
