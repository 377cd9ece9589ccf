//! Darwin-only file calls: `chflags` family, `renamex_np`, `clonefile` family.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
