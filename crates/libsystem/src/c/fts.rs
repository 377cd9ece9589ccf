//! File-tree walking: `fts_*` over darwin `FTS`/`FTSENT` layouts.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
