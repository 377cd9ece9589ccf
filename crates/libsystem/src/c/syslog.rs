//! `syslog`/`openlog`/`closelog`/`setlogmask`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
