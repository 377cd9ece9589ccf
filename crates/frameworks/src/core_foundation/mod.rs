//! CoreFoundation (to be implemented).

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {};
