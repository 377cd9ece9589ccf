//! User and group database: `getpw*`/`getgr*`/`getgroups`/`getlogin` with darwin `struct passwd`/`group`, reading the prefix's `/etc`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
