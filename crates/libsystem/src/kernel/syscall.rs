//! `syscall(number, ...)` (`<unistd.h>`, deprecated on darwin) for a table
//! of darwin system-call numbers, each run by our darwin function of the
//! same name, so arguments, flags and errno are translated as for a direct
//! call; and `times` (`<sys/times.h>`).
//!
//! Numbers are darwin's (xnu `bsd/kern/syscalls.master`). A number outside
//! the table is reported like any missing function, and the program ends
//! with status 120: nothing is guessed.

use libc::c_int;

/// darwin number → the export that implements it.
const TABLE: &[(c_int, &str)] = &[
    (1, "__exit"),
    (3, "_read"),
    (4, "_write"),
    (5, "_open"),
    (6, "_close"),
    (9, "_link"),
    (10, "_unlink"),
    (12, "_chdir"),
    (13, "_fchdir"),
    (15, "_chmod"),
    (20, "_getpid"),
    (24, "_getuid"),
    (25, "_geteuid"),
    (33, "_access"),
    (36, "_sync"),
    (37, "_kill"),
    (39, "_getppid"),
    (41, "_dup"),
    (43, "_getegid"),
    (47, "_getgid"),
    (57, "_symlink"),
    (58, "_readlink"),
    (60, "_umask"),
    (81, "_getpgrp"),
    (90, "_dup2"),
    (95, "_fsync"),
    (124, "_fchmod"),
    (128, "_rename"),
    (136, "_mkdir"),
    (137, "_rmdir"),
    (147, "_setsid"),
    (151, "_getpgid"),
    (153, "_pread"),
    (154, "_pwrite"),
    (199, "_lseek"),
    (200, "_truncate"),
    (201, "_ftruncate"),
];

type Sys6 = extern "C" fn(usize, usize, usize, usize, usize, usize) -> i64;

/// `int syscall(int number, ...)`: the arguments arrive in the integer
/// argument registers, as for any call (variadic calls pass integers the
/// same way), and are handed on unchanged; the result is cut to `int`, as
/// darwin's is. `SYS_kill`'s third argument (`posix`) is not passed on:
/// our `kill` has `kill(2)`'s meaning, and for `kill(-1, sig)` Linux
/// spares the caller as darwin's non-POSIX variant (0, what callers of
/// `syscall` pass) does.
extern "C" fn syscall(number: c_int, a: usize, b: usize, c: usize, d: usize, e: usize) -> c_int {
    let f = TABLE
        .iter()
        .find(|(n, _)| *n == number)
        .and_then(|(_, name)| crate::export::lookup(name.as_bytes()))
        .map(|x| x.addr())
        .filter(|p| !p.is_null());
    let Some(f) = f else {
        crate::c::stdio::flush_all();
        let msg = format!("calvados: unimplemented: syscall({number}) (libSystem.B.dylib)\n");
        // SAFETY: writing a buffer to stderr, then leaving the process.
        unsafe {
            libc::write(2, msg.as_ptr().cast(), msg.len());
            libc::_exit(120)
        }
    };
    // SAFETY: `f` is a darwin libSystem function of at most six integer
    // arguments; extra argument registers are ignored by the callee.
    let f: Sys6 = unsafe { core::mem::transmute(f) };
    f(a, b, c, d, e, 0) as c_int
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_syscall" => syscall,
    // darwin `struct tms` is four `clock_t` (unsigned long, 8 bytes), in
    // `CLK_TCK` (100) ticks, as Linux's (`USER_HZ` 100); the only error is
    // EFAULT, numbered alike.
    host "_times" => libc::times,
};
