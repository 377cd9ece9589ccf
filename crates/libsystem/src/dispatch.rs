//! `libdispatch`: the parts command-line tools use (`dispatch_semaphore_*`).

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
