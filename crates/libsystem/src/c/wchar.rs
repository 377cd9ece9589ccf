//! Wide characters: darwin `wchar_t` (32-bit), `mbstate_t` (128 bytes), conversions.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
