//! libresolv (`/usr/lib/libresolv.9.dylib`): darwin's `res_9_*` resolver
//! entry points (to be implemented).

pub static EXPORTS: &[crate::export::Export] = crate::exports! {};
