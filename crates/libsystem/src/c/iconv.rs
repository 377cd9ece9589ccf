//! `iconv_open`/`iconv`/`iconv_close`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
