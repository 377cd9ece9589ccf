//! File-system statistics: darwin `struct statfs` (`f_fstypename`), `statfs`, `fstatfs`, `getfsstat`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
