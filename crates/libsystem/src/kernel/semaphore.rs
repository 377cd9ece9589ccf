//! Mach semaphores (`semaphore_*`) as far as command-line tools use them.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
