//! POSIX regular expressions on darwin `regex_t`/`regmatch_t`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
