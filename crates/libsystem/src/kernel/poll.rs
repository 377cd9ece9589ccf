//! I/O multiplexing: `select` (darwin `fd_set`) and `poll`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
