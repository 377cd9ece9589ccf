//! Read-write locks on darwin's `pthread_rwlock_t` layout.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
