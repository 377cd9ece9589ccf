//! `arc4random*`, `random`/`srandom`/`initstate`/`setstate`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
