//! `__ulock_wait` / `__ulock_wake`: the private futex-like calls libc++'s
//! atomic wait and os_unfair_lock use (being written).

/// The exports of this module.
pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
