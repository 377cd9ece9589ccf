//! `errno`: darwin numbers, kept in glibc's per-thread errno slot.
//!
//! `___error()` returns glibc's own errno location, so glibc functions we
//! export unchanged set it for free. Darwin and Linux agree on errno values
//! 1..=10 and 12..=34; every function that can fail with another value is
//! wrapped and translates with [`set_from_linux`] before returning.
//! Numbers are from the macOS `<sys/errno.h>`.

use libc::c_int;

/// `(linux, darwin)` pairs for every value that differs or that only one
/// side has a name for.
const MAP: &[(c_int, c_int)] = &[
    (libc::EAGAIN, 35),
    (libc::EDEADLK, 11),
    (libc::EINPROGRESS, 36),
    (libc::EALREADY, 37),
    (libc::ENOTSOCK, 38),
    (libc::EDESTADDRREQ, 39),
    (libc::EMSGSIZE, 40),
    (libc::EPROTOTYPE, 41),
    (libc::ENOPROTOOPT, 42),
    (libc::EPROTONOSUPPORT, 43),
    (libc::ESOCKTNOSUPPORT, 44),
    (libc::ENOTSUP, 45),
    (libc::EPFNOSUPPORT, 46),
    (libc::EAFNOSUPPORT, 47),
    (libc::EADDRINUSE, 48),
    (libc::EADDRNOTAVAIL, 49),
    (libc::ENETDOWN, 50),
    (libc::ENETUNREACH, 51),
    (libc::ENETRESET, 52),
    (libc::ECONNABORTED, 53),
    (libc::ECONNRESET, 54),
    (libc::ENOBUFS, 55),
    (libc::EISCONN, 56),
    (libc::ENOTCONN, 57),
    (libc::ESHUTDOWN, 58),
    (libc::ETOOMANYREFS, 59),
    (libc::ETIMEDOUT, 60),
    (libc::ECONNREFUSED, 61),
    (libc::ELOOP, 62),
    (libc::ENAMETOOLONG, 63),
    (libc::EHOSTDOWN, 64),
    (libc::EHOSTUNREACH, 65),
    (libc::ENOTEMPTY, 66),
    (libc::EUSERS, 68),
    (libc::EDQUOT, 69),
    (libc::ESTALE, 70),
    (libc::EREMOTE, 71),
    (libc::ENOLCK, 77),
    (libc::ENOSYS, 78),
    (libc::EOVERFLOW, 84),
    (libc::ECANCELED, 89),
    (libc::EIDRM, 90),
    (libc::ENOMSG, 91),
    (libc::EILSEQ, 92),
    (libc::EBADMSG, 94),
    (libc::EMULTIHOP, 95),
    (libc::ENODATA, 96),
    (libc::ENOLINK, 97),
    (libc::ENOSR, 98),
    (libc::ENOSTR, 99),
    (libc::EPROTO, 100),
    (libc::ETIME, 101),
    (libc::ENOTRECOVERABLE, 104),
    (libc::EOWNERDEAD, 105),
];

/// Darwin `EAGAIN`, `ENOTSUP`, ... used by our own code.
pub mod darwin {
    use libc::c_int;
    pub const EPERM: c_int = 1;
    pub const ENOENT: c_int = 2;
    pub const ESRCH: c_int = 3;
    pub const EDEADLK: c_int = 11;
    pub const EBUSY: c_int = 16;
    pub const ETIMEDOUT: c_int = 60;
    pub const EBADF: c_int = 9;
    pub const ENOMEM: c_int = 12;
    pub const EACCES: c_int = 13;
    pub const EFAULT: c_int = 14;
    pub const EEXIST: c_int = 17;
    pub const EINVAL: c_int = 22;
    pub const ERANGE: c_int = 34;
    pub const EAGAIN: c_int = 35;
    pub const ENOTSUP: c_int = 45;
    pub const ENAMETOOLONG: c_int = 63;
    pub const ENOSYS: c_int = 78;
    pub const EOVERFLOW: c_int = 84;
    pub const ENOATTR: c_int = 93;
    pub const EOPNOTSUPP: c_int = 102;
}

/// Linux errno value → darwin errno value.
pub fn linux_to_darwin(e: c_int) -> c_int {
    if e == libc::EOPNOTSUPP {
        // Linux has one value for both names; darwin's ENOTSUP is the usual answer.
        return darwin::ENOTSUP;
    }
    if (1..=34).contains(&e) && e != libc::EAGAIN {
        return e;
    }
    MAP.iter()
        .find(|(l, _)| *l == e)
        .map(|(_, d)| *d)
        // An error darwin has no name for: EIO is the honest generic.
        .unwrap_or(if e == 0 { 0 } else { libc::EIO })
}

/// Darwin errno value → Linux errno value (for `strerror`, `perror`).
pub fn darwin_to_linux(e: c_int) -> Option<c_int> {
    if (1..=34).contains(&e) && e != 11 {
        return Some(e);
    }
    if e == darwin::EOPNOTSUPP {
        return Some(libc::EOPNOTSUPP);
    }
    MAP.iter().find(|(_, d)| *d == e).map(|(l, _)| *l)
}

/// The calling thread's errno slot (shared with glibc).
pub fn location() -> *mut c_int {
    // SAFETY: glibc returns a valid pointer to this thread's errno.
    unsafe { libc::__errno_location() }
}

/// Reads errno (darwin value).
pub fn get() -> c_int {
    // SAFETY: `location` is valid for the calling thread.
    unsafe { *location() }
}

/// Sets errno to a darwin value.
pub fn set(e: c_int) {
    // SAFETY: `location` is valid for the calling thread.
    unsafe { *location() = e }
}

/// Translates the Linux errno glibc just left into the darwin value.
pub fn set_from_linux() {
    set(linux_to_darwin(get()));
}

/// Wraps a glibc call returning -1 on error: translates errno on failure.
pub fn check<T: PartialEq + From<i8>>(r: T) -> T {
    if r == T::from(-1) {
        set_from_linux();
    }
    r
}

/// `___error()`: the address of the calling thread's errno.
extern "C" fn error() -> *mut c_int {
    location()
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "___error" => error,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for &(l, d) in MAP {
            assert_eq!(linux_to_darwin(l), d, "linux {l}");
            assert_eq!(darwin_to_linux(d), Some(l), "darwin {d}");
        }
        for e in 1..=34 {
            if e != 11 {
                assert_eq!(linux_to_darwin(e), e);
            }
        }
        assert_eq!(linux_to_darwin(libc::EAGAIN), 35);
    }
}
