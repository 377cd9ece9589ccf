//! `libsystem_pthread`: threads, keys, mutexes, condition variables and
//! once-control on darwin's layouts (`<sys/_pthread/_pthread_types.h>`):
//! the objects carry darwin's signature word first, so darwin's static
//! initializers (`PTHREAD_MUTEX_INITIALIZER` = `{0x32AAABA7, {0}}`, ...)
//! are valid objects here. Locks are our own futex code inside the opaque
//! bytes; threads are glibc threads that also get a [`tsd::DarwinThread`].

pub mod futex;
pub mod rwlock;
pub mod sync;
pub mod thread;
pub mod tsd;

pub(crate) static EXPORTS: &[crate::Export] = thread::EXPORTS;
pub(crate) static SYNC_EXPORTS: &[crate::Export] = sync::EXPORTS;
