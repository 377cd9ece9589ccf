//! `kqueue`/`kevent`/`kevent64` on top of epoll, signalfd, pidfd, timerfd and inotify.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
