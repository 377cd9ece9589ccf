//! `getattrlist` family: common attributes packed in Apple attribute-bit order.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
