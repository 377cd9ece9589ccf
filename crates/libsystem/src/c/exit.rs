//! Process exit: `exit`, `atexit`, `__cxa_atexit`, `__cxa_finalize`, and the
//! stack protector, with darwin's order (handlers last-in first-out, then
//! stdio flushed, then `_exit`).

use libc::{c_int, c_void};
use std::sync::Mutex;

#[derive(Clone, Copy)]
enum Handler {
    Plain(extern "C" fn()),
    Cxa(extern "C" fn(*mut c_void), *mut c_void, *mut c_void),
}

// SAFETY: the raw pointers are opaque cookies handed back to the program.
unsafe impl Send for Handler {}

static HANDLERS: Mutex<Vec<Handler>> = Mutex::new(Vec::new());

/// Pops the most recent handler matching `dso` (any when `None`).
fn pop(dso: Option<*mut c_void>) -> Option<Handler> {
    let mut list = HANDLERS.lock().unwrap_or_else(|e| e.into_inner());
    let idx = list.iter().rposition(|h| match (dso, h) {
        (None, _) => true,
        (Some(d), Handler::Cxa(_, _, owner)) => *owner == d,
        (Some(_), Handler::Plain(_)) => false,
    })?;
    Some(list.remove(idx))
}

fn run(h: Handler) {
    match h {
        Handler::Plain(f) => f(),
        Handler::Cxa(f, arg, _) => f(arg),
    }
}

/// Runs every registered handler (newest first; handlers may register more).
pub fn run_exit_handlers() {
    while let Some(h) = pop(None) {
        run(h);
    }
}

extern "C" fn atexit(f: Option<extern "C" fn()>) -> c_int {
    match f {
        Some(f) => {
            HANDLERS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Handler::Plain(f));
            0
        }
        None => -1,
    }
}

extern "C" fn cxa_atexit(
    f: Option<extern "C" fn(*mut c_void)>,
    arg: *mut c_void,
    dso: *mut c_void,
) -> c_int {
    match f {
        Some(f) => {
            HANDLERS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Handler::Cxa(f, arg, dso));
            0
        }
        None => -1,
    }
}

/// `__cxa_finalize(dso)`: runs the handlers of one image (all when NULL).
pub extern "C" fn cxa_finalize(dso: *mut c_void) {
    let filter = if dso.is_null() { None } else { Some(dso) };
    while let Some(h) = pop(filter) {
        run(h);
    }
}

/// Set once `exit` has begun (see [`exiting`]).
static EXITING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the process is running its exit handlers (`close` keeps the
/// standard descriptors' files open until the end then).
pub(crate) fn exiting() -> bool {
    EXITING.load(std::sync::atomic::Ordering::Relaxed)
}

/// darwin `exit`: handlers, stdio flush, then the kernel.
pub extern "C" fn exit(status: c_int) -> ! {
    EXITING.store(true, std::sync::atomic::Ordering::Relaxed);
    run_exit_handlers();
    crate::c::stdio::flush_all();
    // SAFETY: `_exit` never returns and needs no invariants.
    unsafe { libc::_exit(status) }
}

extern "C" fn exit_now(status: c_int) -> ! {
    // SAFETY: as above.
    unsafe { libc::_exit(status) }
}

/// `___stack_chk_guard`: the canary Mach-O code compares against. Written
/// once by [`init_stack_guard`] before any Mach-O code runs.
static mut STACK_CHK_GUARD: usize = 0;

/// Seeds the stack-protector canary from the kernel's randomness.
pub fn init_stack_guard() {
    let mut v: usize = 0;
    // SAFETY: getrandom writes at most `size_of::<usize>()` bytes into `v`.
    let n = unsafe {
        libc::getrandom(
            (&mut v as *mut usize).cast(),
            core::mem::size_of::<usize>(),
            0,
        )
    };
    if n != core::mem::size_of::<usize>() as isize {
        v = 0x5eed_cafe_f00d_d00d ^ (std::process::id() as usize);
    }
    // Like darwin, keep a zero byte so string overflows cannot forge it.
    v &= !0xff;
    // SAFETY: called once at start-up, before any other thread exists.
    unsafe { STACK_CHK_GUARD = v };
}

extern "C" fn stack_chk_fail() -> ! {
    let msg = b"calvados: stack buffer overflow detected (___stack_chk_fail)\n";
    // SAFETY: writing a static buffer to stderr, then aborting.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::abort()
    }
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_exit" => exit,
    func "__exit" => exit_now,
    func "__Exit" => exit_now,
    func "_atexit" => atexit,
    func "___cxa_atexit" => cxa_atexit,
    func "___cxa_finalize" => cxa_finalize,
    host "_abort" => libc::abort,
    data "___stack_chk_guard" => STACK_CHK_GUARD,
    func "___stack_chk_fail" => stack_chk_fail,
};
