//! `libsystem_platform`: `os_unfair_lock`, `OSAtomic*`, `OSSpinLock`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
