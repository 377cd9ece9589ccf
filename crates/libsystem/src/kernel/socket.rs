//! Sockets: darwin `sockaddr` (with `sa_len`), option numbers, `msghdr`/`cmsghdr`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
