//! `sysconf`, `confstr`, `pathconf`/`fpathconf` with darwin's `_SC_*`,
//! `_CS_*` and `_PC_*` numbers (`<unistd.h>`, `<sys/unistd.h>`), and
//! `getpagesize`, `getdtablesize`.
//!
//! `sysconf` follows Libc's `gen/FreeBSD/sysconf.c` case by case: options
//! and limits darwin fixes at compile time are the SDK's values
//! (`<unistd.h>`, `<limits.h>`, `<sys/param.h>`, `<pthread.h>`), kernel
//! values are the identity's (`kern.argmax`, `kern.ngroups`, xnu's default
//! `kern.aiomax` and `kern.sysv.semmns`), and what depends on the machine
//! or the process (`RLIMIT_*`, CPUs, memory, page size) is the host's.
//! `pathconf` asks the host about the file, translating the names; the
//! darwin-only ones describe our file systems (case-sensitive and
//! case-preserving, no ACLs).

use libc::{c_char, c_int, c_long, size_t};

/// `_SC_*` answers that are constants on darwin.
const FIXED: &[(c_int, c_long)] = &[
    (3, 100),                    // CLK_TCK
    (4, 16),                     // NGROUPS_MAX: kern.ngroups
    (6, 200112),                 // JOB_CONTROL
    (7, 1),                      // SAVED_IDS: kern.saved_ids
    (8, 200112),                 // VERSION: kern.posix1
    (9, 99),                     // BC_BASE_MAX
    (10, 2048),                  // BC_DIM_MAX
    (11, 99),                    // BC_SCALE_MAX
    (12, 1000),                  // BC_STRING_MAX
    (13, 2),                     // COLL_WEIGHTS_MAX
    (14, 32),                    // EXPR_NEST_MAX
    (15, 2048),                  // LINE_MAX
    (16, 255),                   // RE_DUP_MAX
    (17, 200112),                // 2_VERSION
    (18, 200112),                // 2_C_BIND
    (19, 200112),                // 2_C_DEV
    (20, 200112),                // 2_CHAR_TERM
    (21, -1),                    // 2_FORT_DEV
    (22, 200112),                // 2_FORT_RUN
    (23, 200112),                // 2_LOCALEDEF
    (24, 200112),                // 2_SW_DEV
    (25, 200112),                // 2_UPE
    (28, -1),                    // ASYNCHRONOUS_IO
    (30, -1),                    // MEMLOCK
    (31, -1),                    // MEMLOCK_RANGE
    (32, 200112),                // MEMORY_PROTECTION
    (33, -1),                    // MESSAGE_PASSING
    (34, -1),                    // PRIORITIZED_IO
    (35, -1),                    // PRIORITY_SCHEDULING
    (36, -1),                    // REALTIME_SIGNALS
    (37, -1),                    // SEMAPHORES
    (38, 200112),                // FSYNC
    (39, -1),                    // SHARED_MEMORY_OBJECTS
    (40, -1),                    // SYNCHRONIZED_IO
    (41, -1),                    // TIMERS
    (42, 90),                    // AIO_LISTIO_MAX: kern.aiomax (CONFIG_AIO_MAX, "medium")
    (43, 90),                    // AIO_MAX: kern.aiomax
    (44, -1),                    // AIO_PRIO_DELTA_MAX
    (45, -1),                    // DELAYTIMER_MAX
    (46, -1),                    // MQ_OPEN_MAX
    (47, 200112),                // MAPPED_FILES
    (48, -1),                    // RTSIG_MAX
    (49, 87381),                 // SEM_NSEMS_MAX: kern.sysv.semmns = 1 MiB / sizeof(struct sem)
    (50, 32767),                 // SEM_VALUE_MAX
    (51, -1),                    // SIGQUEUE_MAX
    (52, -1),                    // TIMER_MAX
    (56, 1024),                  // IOV_MAX
    (59, -1),                    // 2_PBS
    (60, -1),                    // 2_PBS_ACCOUNTING
    (61, -1),                    // 2_PBS_CHECKPOINT
    (62, -1),                    // 2_PBS_LOCATE
    (63, -1),                    // 2_PBS_MESSAGE
    (64, -1),                    // 2_PBS_TRACK
    (65, -1),                    // ADVISORY_INFO
    (66, -1),                    // BARRIERS
    (67, -1),                    // CLOCK_SELECTION
    (68, -1),                    // CPUTIME
    (69, 4096),                  // FILE_LOCKING (falls through to GETGR_R_SIZE_MAX in Libc)
    (70, 4096),                  // GETGR_R_SIZE_MAX
    (71, 4096),                  // GETPW_R_SIZE_MAX
    (72, 255),                   // HOST_NAME_MAX: MAXHOSTNAMELEN - 1
    (73, 255),                   // LOGIN_NAME_MAX: MAXLOGNAME
    (74, -1),                    // MONOTONIC_CLOCK
    (75, -1),                    // MQ_PRIO_MAX
    (76, 200112),                // READER_WRITER_LOCKS
    (77, 200112),                // REGEXP
    (78, 200112),                // SHELL
    (79, 200112),                // SPAWN
    (80, -1),                    // SPIN_LOCKS
    (81, -1),                    // SPORADIC_SERVER
    (82, 200112),                // THREAD_ATTR_STACKADDR
    (83, 200112),                // THREAD_ATTR_STACKSIZE
    (84, -1),                    // THREAD_CPUTIME
    (85, 4),                     // THREAD_DESTRUCTOR_ITERATIONS
    (86, 512),                   // THREAD_KEYS_MAX
    (87, -1),                    // THREAD_PRIO_INHERIT
    (88, -1),                    // THREAD_PRIO_PROTECT
    (89, -1),                    // THREAD_PRIORITY_SCHEDULING
    (90, 200112),                // THREAD_PROCESS_SHARED
    (91, 200112),                // THREAD_SAFE_FUNCTIONS
    (92, -1),                    // THREAD_SPORADIC_SERVER
    (93, 8192),                  // THREAD_STACK_MIN
    (94, -1),                    // THREAD_THREADS_MAX
    (95, -1),                    // TIMEOUTS
    (96, 200112),                // THREADS
    (97, -1),                    // TRACE
    (98, -1),                    // TRACE_EVENT_FILTER
    (99, -1),                    // TRACE_INHERIT
    (100, -1),                   // TRACE_LOG
    (102, -1),                   // TYPED_MEMORY_OBJECTS
    (103, -1),                   // V6_ILP32_OFF32
    (104, -1),                   // V6_ILP32_OFFBIG
    (105, 1),                    // V6_LP64_OFF64
    (106, 1),                    // V6_LPBIG_OFFBIG
    (107, c_int::MAX as c_long), // ATEXIT_MAX: unlimited
    (108, 1),                    // XOPEN_CRYPT
    (109, 1),                    // XOPEN_ENH_I18N
    (110, -1),                   // XOPEN_LEGACY
    (111, -1),                   // XOPEN_REALTIME
    (112, -1),                   // XOPEN_REALTIME_THREADS
    (113, 1),                    // XOPEN_SHM (kern.sysv.shmmin exists)
    (114, -1),                   // XOPEN_STREAMS
    (115, 1),                    // XOPEN_UNIX
    (116, 600),                  // XOPEN_VERSION
    (118, 200112),               // IPV6
    (119, -1),                   // RAW_SOCKETS
    (120, 32),                   // SYMLOOP_MAX: MAXSYMLINKS
    (121, 4),                    // XOPEN_XCU_VERSION
    (122, -1),                   // XBS5_ILP32_OFF32
    (123, -1),                   // XBS5_ILP32_OFFBIG
    (124, 1),                    // XBS5_LP64_OFF64
    (125, 1),                    // XBS5_LPBIG_OFFBIG
    (126, 4),                    // SS_REPL_MAX
    (127, 30),                   // TRACE_EVENT_NAME_MAX
    (128, 8),                    // TRACE_NAME_MAX
    (129, 8),                    // TRACE_SYS_MAX
    (130, 32),                   // TRACE_USER_EVENT_MAX
    (131, 128),                  // PASS_MAX
];

/// `kern.argmax` on macOS 11.
const ARG_MAX: c_long = 1024 * 1024;

fn rlimit(res: libc::__rlimit_resource_t) -> Option<libc::rlimit> {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `r` is writable.
    (unsafe { libc::getrlimit(res, &mut r) } == 0).then_some(r)
}

fn host(name: c_int) -> c_long {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(name) }
}

/// `pathconf(path, _PC_NAME_MAX)` on the host.
fn name_max(path: &core::ffi::CStr) -> c_long {
    // SAFETY: a C string.
    let v = unsafe { libc::pathconf(path.as_ptr(), libc::_PC_NAME_MAX) };
    if v < 0 {
        255
    } else {
        v
    }
}

extern "C" fn sysconf(name: c_int) -> c_long {
    match name {
        1 => ARG_MAX,
        // CHILD_MAX: RLIMIT_NPROC, -1 when unlimited.
        2 => match rlimit(libc::RLIMIT_NPROC) {
            Some(r) if r.rlim_cur != libc::RLIM_INFINITY => {
                r.rlim_cur.min(c_long::MAX as u64) as c_long
            }
            _ => -1,
        },
        // OPEN_MAX and STREAM_MAX: RLIMIT_NOFILE.
        5 | 26 => match rlimit(libc::RLIMIT_NOFILE) {
            Some(r) if r.rlim_cur != libc::RLIM_INFINITY => {
                r.rlim_cur.min(c_long::MAX as u64) as c_long
            }
            _ => -1,
        },
        // TZNAME_MAX and TTY_NAME_MAX: NAME_MAX of the zoneinfo directory and of "/".
        27 => name_max(c"/usr/share/zoneinfo"),
        101 => name_max(c"/"),
        29 => host(libc::_SC_PAGESIZE),
        // NPROCESSORS_CONF and _ONLN: both hw.ncpu on darwin.
        57 | 58 => host(libc::_SC_NPROCESSORS_ONLN),
        // PHYS_PAGES: hw.memsize / page size.
        200 => host(libc::_SC_PHYS_PAGES),
        _ => match FIXED.iter().find(|(d, _)| *d == name) {
            Some(&(_, v)) => v,
            None => {
                crate::errno::set(crate::errno::darwin::EINVAL);
                -1
            }
        },
    }
}

/// `_CS_PATH`: `_PATH_STDPATH` from darwin's `<paths.h>`.
const CS_PATH: &[u8] = b"/usr/bin:/bin:/usr/sbin:/sbin";
/// darwin's `P_tmpdir` (`<_stdio.h>`).
const P_TMPDIR: &[u8] = b"/var/tmp/";

fn writable_dir(p: &[u8]) -> bool {
    let Ok(c) = std::ffi::CString::new(p) else {
        return false;
    };
    // SAFETY: a C string.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// `_CS_DARWIN_USER_TEMP_DIR`: darwin asks its directory helper for
/// `/var/folders/.../T/`; we have none, so we answer what Libc's
/// `confstr` falls back to: `$TMPDIR` when writable, else `P_tmpdir`.
fn user_temp_dir() -> Option<Vec<u8>> {
    // SAFETY: getenv with a C string; the value is copied at once.
    let t = unsafe { libc::getenv(c"TMPDIR".as_ptr()) };
    if !t.is_null() {
        // SAFETY: getenv returned a C string.
        let t = unsafe { core::ffi::CStr::from_ptr(t) }.to_bytes();
        if !t.is_empty() && writable_dir(t) {
            let mut v = t.to_vec();
            if !v.ends_with(b"/") {
                v.push(b'/');
            }
            return Some(v);
        }
    }
    writable_dir(P_TMPDIR).then(|| P_TMPDIR.to_vec())
}

/// `_CS_DARWIN_USER_DIR` (`.../0/`, mode 0755) and `_CS_DARWIN_USER_CACHE_DIR`
/// (`.../C/`, mode 0700): darwin's per-user folders, created on demand
/// like its directory helper does, here under `P_tmpdir/calvados-<uid>/`.
fn user_dir(leaf: &str, mode: libc::mode_t) -> Option<Vec<u8>> {
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    let base = format!("{}calvados-{uid}", String::from_utf8_lossy(P_TMPDIR));
    let dir = format!("{base}/{leaf}");
    for (d, m) in [(&base, 0o755), (&dir, mode)] {
        let c = std::ffi::CString::new(d.as_str()).ok()?;
        // SAFETY: a C string.
        unsafe { libc::mkdir(c.as_ptr(), m) };
    }
    let mut st = core::mem::MaybeUninit::<libc::stat>::uninit();
    let c = std::ffi::CString::new(dir.as_str()).ok()?;
    // SAFETY: a C string and a writable stat buffer.
    let ok = unsafe { libc::stat(c.as_ptr(), st.as_mut_ptr()) } == 0;
    // SAFETY: initialised by the successful stat.
    if !ok || unsafe { st.assume_init() }.st_uid != uid {
        crate::errno::set(libc::EIO);
        return None;
    }
    Some(format!("{dir}/").into_bytes())
}

/// `confstr(name, buf, len)`: the length the answer needs with its NUL
/// (the answer cut to `len - 1` bytes), or 0 with errno EINVAL.
unsafe extern "C" fn confstr(name: c_int, buf: *mut c_char, len: size_t) -> size_t {
    let v: Vec<u8> = match name {
        1 => CS_PATH.to_vec(),
        // The ILP32 flags, LIBS and LINTFLAGS: nothing.
        2..=4 | 7 | 10 | 13 | 20..=23 | 26 | 27 | 30 | 31 | 34 | 35 => Vec::new(),
        5 | 6 | 24 | 25 => b"-W 32".to_vec(),
        8 | 9 | 11 | 12 | 28 | 29 | 32 | 33 => b"-W 64".to_vec(),
        14 => b"_POSIX_V6_LP64_OFF64".to_vec(),
        65536 => match user_dir("0", 0o755) {
            Some(v) => v,
            None => return 0,
        },
        65537 => match user_temp_dir() {
            Some(v) => v,
            None => {
                crate::errno::set(libc::EIO);
                return 0;
            }
        },
        65538 => match user_dir("C", 0o700) {
            Some(v) => v,
            None => return 0,
        },
        _ => {
            crate::errno::set(crate::errno::darwin::EINVAL);
            return 0;
        }
    };
    if len != 0 && !buf.is_null() {
        let n = v.len().min(len - 1);
        // SAFETY: the caller's buffer of `len` bytes.
        unsafe {
            core::ptr::copy_nonoverlapping(v.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
    }
    v.len() + 1
}

/// A `_PC_*` name: the host's, or a darwin-only answer.
enum Pc {
    Host(c_int),
    Fixed(c_long),
    /// `_PC_NAME_CHARS_MAX`: characters in a name, i.e. NAME_MAX.
    NameChars,
}

fn pc(name: c_int) -> Option<Pc> {
    Some(match name {
        1 => Pc::Host(libc::_PC_LINK_MAX),
        2 => Pc::Host(libc::_PC_MAX_CANON),
        3 => Pc::Host(libc::_PC_MAX_INPUT),
        4 => Pc::Host(libc::_PC_NAME_MAX),
        5 => Pc::Host(libc::_PC_PATH_MAX),
        6 => Pc::Host(libc::_PC_PIPE_BUF),
        7 => Pc::Host(libc::_PC_CHOWN_RESTRICTED),
        8 => Pc::Host(libc::_PC_NO_TRUNC),
        9 => Pc::Host(libc::_PC_VDISABLE),
        10 => Pc::NameChars,
        // CASE_SENSITIVE, CASE_PRESERVING: Linux file systems are both.
        11 | 12 => Pc::Fixed(1),
        // EXTENDED_SECURITY_NP, AUTH_OPAQUE_NP: no ACLs, no opaque auth.
        13 | 14 => Pc::Fixed(0),
        15 => Pc::Host(libc::_PC_2_SYMLINKS),
        16 => Pc::Host(libc::_PC_ALLOC_SIZE_MIN),
        17 => Pc::Host(libc::_PC_ASYNC_IO),
        18 => Pc::Host(libc::_PC_FILESIZEBITS),
        19 => Pc::Host(libc::_PC_PRIO_IO),
        20 => Pc::Host(libc::_PC_REC_INCR_XFER_SIZE),
        21 => Pc::Host(libc::_PC_REC_MAX_XFER_SIZE),
        22 => Pc::Host(libc::_PC_REC_MIN_XFER_SIZE),
        23 => Pc::Host(libc::_PC_REC_XFER_ALIGN),
        24 => Pc::Host(libc::_PC_SYMLINK_MAX),
        25 => Pc::Host(libc::_PC_SYNC_IO),
        _ => return None,
    })
}

/// Answers `name` with `ask(linux_name)` for the host's values.
fn pathconf_with(name: c_int, ask: impl Fn(c_int) -> c_long) -> c_long {
    let Some(p) = pc(name) else {
        crate::errno::set(crate::errno::darwin::EINVAL);
        return -1;
    };
    let errno_before = crate::errno::get();
    crate::errno::set(0);
    let r = match p {
        Pc::Host(n) => ask(n),
        Pc::NameChars => ask(libc::_PC_NAME_MAX),
        Pc::Fixed(v) => {
            // Still fail for a missing file.
            let probe = ask(libc::_PC_NAME_MAX);
            if probe == -1 && crate::errno::get() != 0 {
                -1
            } else {
                v
            }
        }
    };
    if r == -1 && crate::errno::get() != 0 {
        crate::errno::set_from_linux();
    } else {
        crate::errno::set(errno_before);
    }
    r
}

/// # Safety
/// `path` is a C string.
unsafe extern "C" fn pathconf(path: *const c_char, name: c_int) -> c_long {
    // SAFETY: the caller's C string.
    pathconf_with(name, |n| unsafe { libc::pathconf(path, n) })
}

extern "C" fn fpathconf(fd: c_int, name: c_int) -> c_long {
    // SAFETY: fpathconf has no memory preconditions.
    pathconf_with(name, |n| unsafe { libc::fpathconf(fd, n) })
}

extern "C" fn getpagesize() -> c_int {
    host(libc::_SC_PAGESIZE) as c_int
}

extern "C" fn getdtablesize() -> c_int {
    rlimit(libc::RLIMIT_NOFILE).map_or(-1, |r| r.rlim_cur.min(i32::MAX as u64) as c_int)
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_sysconf" => sysconf,
    func "_confstr" => confstr,
    func "_pathconf" => pathconf,
    func "_fpathconf" => fpathconf,
    func "_getpagesize" => getpagesize,
    func "_getdtablesize" => getdtablesize,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_table_is_sorted_and_unique() {
        assert!(FIXED.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(sysconf(86), 512);
        assert_eq!(sysconf(9999), -1);
    }

    #[test]
    fn confstr_lengths() {
        let mut b = [0 as c_char; 8];
        // SAFETY: an 8-byte buffer.
        let n = unsafe { confstr(1, b.as_mut_ptr(), b.len()) };
        assert_eq!(n, CS_PATH.len() + 1);
        // SAFETY: the buffer was terminated.
        assert_eq!(
            unsafe { core::ffi::CStr::from_ptr(b.as_ptr()) }.to_bytes(),
            b"/usr/bi"
        );
        // SAFETY: NULL buffer with length 0 only measures.
        assert_eq!(unsafe { confstr(14, core::ptr::null_mut(), 0) }, 21);
    }
}
