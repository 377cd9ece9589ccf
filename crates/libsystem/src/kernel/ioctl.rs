//! Terminal control: `ioctl` requests and darwin `struct termios` translated to Linux.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
