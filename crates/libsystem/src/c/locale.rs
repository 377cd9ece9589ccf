//! Locales: `setlocale`/`newlocale`/`uselocale`/`localeconv` for "C", "POSIX" and UTF-8.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
