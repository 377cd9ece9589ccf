//! Per-thread darwin state, reached through `%gs` exactly as on macOS.
//!
//! darwin code finds its thread-specific data at `%gs:0` (slot 0 is
//! `pthread_self`); dyld's thread-local-variable getter and the Go runtime
//! read slots directly. Linux leaves `%gs` unused in user space, so every
//! thread that runs Mach-O code gets a [`DarwinThread`] and `%gs` pointing at
//! its slot array.

use core::sync::atomic::{AtomicPtr, AtomicU32};
use libc::{c_int, c_void};
use std::sync::Mutex;

/// Slots per thread: darwin's 256 internal plus 512 for `pthread_key_create`.
pub const TSD_SLOTS: usize = 768;
/// First key handed out by `pthread_key_create` (lower slots are Apple's).
pub const FIRST_USER_KEY: usize = 256;

/// A C++ `thread_local` destructor registered with `_tlv_atexit`.
#[derive(Clone, Copy)]
pub struct TlvDtor {
    pub func: extern "C" fn(*mut c_void),
    pub obj: *mut c_void,
}

/// One thread's darwin state; `%gs` points at `tsd[0]`, which holds the
/// struct's own address (so `pthread_self()` is this struct).
///
/// darwin's `struct _opaque_pthread_t` has `__cleanup_stack` at offset 8,
/// which the `pthread_cleanup_push`/`pop` macros use directly
/// (`<pthread.h>`): that is slot [`CLEANUP_SLOT`] here.
#[repr(C)]
pub struct DarwinThread {
    pub tsd: [usize; TSD_SLOTS],
    /// glibc's handle, for `pthread_join` and friends.
    pub host: libc::pthread_t,
    /// `_tlv_atexit` destructors, run newest first when the thread ends.
    pub tlv_dtors: Vec<TlvDtor>,
    /// Linux thread id (for `pthread_threadid_np`).
    pub tid: u64,
    /// Cancellation state bits (`CANCEL_*` in `thread.rs`).
    pub cancel: AtomicU32,
    /// The mutex a cancelled `pthread_cond_wait` must re-acquire.
    pub cancel_mutex: AtomicPtr<c_void>,
    /// darwin thread name (up to 63 bytes, NUL-terminated).
    pub name: [u8; 64],
    /// This thread's Mach port name (`pthread_mach_thread_np`).
    pub port: u32,
}
const _: () = assert!(core::mem::offset_of!(DarwinThread, tsd) == 0);

/// The slot at byte offset 8: darwin's `__cleanup_stack`.
pub const CLEANUP_SLOT: usize = 1;

type Dtor = Option<unsafe extern "C" fn(*mut c_void)>;

/// Key allocation table: `Some(dtor)` means the key is in use.
static KEYS: Mutex<Vec<Option<Dtor>>> = Mutex::new(Vec::new());

const ARCH_SET_GS: c_int = 0x1001;

/// Gives the calling thread a [`DarwinThread`] and points `%gs` at it.
/// Idempotent: returns the existing one when already set up.
pub fn setup_current_thread() -> *mut DarwinThread {
    let cur = current();
    if !cur.is_null() {
        return cur;
    }
    let t = Box::into_raw(Box::new(DarwinThread {
        tsd: [0; TSD_SLOTS],
        // SAFETY: pthread_self has no preconditions.
        host: unsafe { libc::pthread_self() },
        tlv_dtors: Vec::new(),
        // SAFETY: gettid has no preconditions.
        tid: unsafe { libc::gettid() } as u64,
        cancel: AtomicU32::new(0),
        cancel_mutex: AtomicPtr::new(core::ptr::null_mut()),
        name: [0; 64],
        port: crate::kernel::semaphore::new_port_name(),
    }));
    static ATFORK: std::sync::Once = std::sync::Once::new();
    // SAFETY: registering a plain function with glibc's fork.
    ATFORK.call_once(|| unsafe {
        libc::pthread_atfork(None, None, Some(after_fork_child));
    });
    // SAFETY: `t` is a fresh, leaked allocation owned by this thread.
    unsafe {
        (*t).tsd[0] = t as usize;
        let r = libc::syscall(libc::SYS_arch_prctl, ARCH_SET_GS, t as usize);
        assert!(r == 0, "calvados: arch_prctl(ARCH_SET_GS) failed");
        GS_READY.with(|g| g.set(true));
        // Nameable by thread_suspend and friends from now on.
        crate::kernel::mach_thread::register((*t).port);
    }
    t
}

/// In a forked child the one thread has a new Linux tid.
extern "C" fn after_fork_child() {
    super::sync::forget_tid();
    let t = current();
    if !t.is_null() {
        // SAFETY: `t` is this thread's live DarwinThread.
        unsafe { (*t).tid = libc::gettid() as u64 };
    }
}

thread_local! {
    /// Whether this thread's `%gs` holds a [`DarwinThread`] (a fresh Linux
    /// thread has `%gs` base 0, which must not be dereferenced).
    static GS_READY: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

/// The calling thread's [`DarwinThread`], or null when it has none.
pub fn current() -> *mut DarwinThread {
    if !GS_READY.with(|g| g.get()) {
        return core::ptr::null_mut();
    }
    let p: usize;
    // SAFETY: `%gs` points at a live DarwinThread whose slot 0 is its address.
    unsafe {
        core::arch::asm!("mov {}, gs:[0]", out(reg) p, options(nostack, readonly, preserves_flags))
    };
    p as *mut DarwinThread
}

/// Allocates a key (a slot index); darwin's `pthread_key_create`.
pub fn key_create(dtor: Dtor) -> Result<usize, c_int> {
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if keys.is_empty() {
        keys.resize(TSD_SLOTS, None);
    }
    for (i, k) in keys.iter_mut().enumerate().skip(FIRST_USER_KEY) {
        if k.is_none() {
            *k = Some(dtor);
            return Ok(i);
        }
    }
    Err(crate::errno::darwin::EAGAIN)
}

/// Frees a key; darwin's `pthread_key_delete`.
pub fn key_delete(key: usize) -> c_int {
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    match keys.get_mut(key) {
        Some(k @ Some(_)) if key >= FIRST_USER_KEY => {
            *k = None;
            0
        }
        _ => crate::errno::darwin::EINVAL,
    }
}

/// Reads a slot of the calling thread.
pub fn get(key: usize) -> *mut c_void {
    let t = current();
    if t.is_null() || key >= TSD_SLOTS {
        return core::ptr::null_mut();
    }
    // SAFETY: `t` is this thread's live DarwinThread.
    unsafe { (*t).tsd[key] as *mut c_void }
}

/// Writes a slot of the calling thread.
pub fn set(key: usize, value: *const c_void) -> c_int {
    let t = setup_current_thread();
    if key >= TSD_SLOTS {
        return crate::errno::darwin::EINVAL;
    }
    // SAFETY: `t` is this thread's live DarwinThread.
    unsafe { (*t).tsd[key] = value as usize };
    0
}

/// Runs `_tlv_atexit` destructors, then key destructors (up to darwin's
/// `PTHREAD_DESTRUCTOR_ITERATIONS`, 4 rounds), for the calling thread.
pub fn run_thread_exit_destructors() {
    let t = current();
    if t.is_null() {
        return;
    }
    // SAFETY: `t` is this thread's DarwinThread; destructors may register more.
    unsafe {
        while let Some(d) = (*t).tlv_dtors.pop() {
            (d.func)(d.obj);
        }
        for _ in 0..4 {
            let mut ran = false;
            for key in FIRST_USER_KEY..TSD_SLOTS {
                let v = (*t).tsd[key];
                if v == 0 {
                    continue;
                }
                let dtor = KEYS
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(key)
                    .copied()
                    .flatten()
                    .flatten();
                if let Some(d) = dtor {
                    (*t).tsd[key] = 0;
                    d(v as *mut c_void);
                    ran = true;
                }
            }
            if !ran {
                break;
            }
        }
    }
}

/// `_tlv_atexit(func, obj)`: a C++ `thread_local` destructor for this thread.
pub extern "C" fn tlv_atexit(func: extern "C" fn(*mut c_void), obj: *mut c_void) {
    let t = setup_current_thread();
    // SAFETY: `t` is this thread's live DarwinThread.
    unsafe { (*t).tlv_dtors.push(TlvDtor { func, obj }) };
}
