//! Thread creation and identity: `pthread_create`, `join`, `self`, keys, attrs.

use super::tsd::{self, DarwinThread};
use crate::errno::darwin;
use libc::{c_char, c_int, c_void, size_t};

/// darwin `pthread_attr_t`: signature word plus 56 opaque bytes.
#[repr(C)]
pub struct PthreadAttr {
    sig: libc::c_long,
    detach: c_int,
    _pad: c_int,
    stacksize: size_t,
    guardsize: size_t,
    _opaque: [u8; 32],
}
const _: () = assert!(core::mem::size_of::<PthreadAttr>() == 64);
const ATTR_SIG: libc::c_long = 0x5448_5241; // "THRA"
const CREATE_JOINABLE: c_int = 1;
const CREATE_DETACHED: c_int = 2;

type StartFn = extern "C" fn(*mut c_void) -> *mut c_void;

struct Start {
    func: StartFn,
    arg: *mut c_void,
    slot: *mut *mut DarwinThread,
    ready: core::sync::atomic::AtomicU32,
}

extern "C" fn trampoline(p: *mut c_void) -> *mut c_void {
    // SAFETY: `p` is the `Start` that pthread_create keeps alive until `ready`.
    let (func, arg) = unsafe {
        let s = &*(p as *const Start);
        let t = tsd::setup_current_thread();
        *s.slot = t;
        let pair = (s.func, s.arg);
        s.ready.store(1, core::sync::atomic::Ordering::Release);
        super::futex::wake(&s.ready, 1);
        pair
    };
    let ret = func(arg);
    tsd::run_thread_exit_destructors();
    ret
}

/// darwin `pthread_create`: `*thread` is our `DarwinThread`.
unsafe extern "C" fn pthread_create(
    thread: *mut *mut DarwinThread,
    attr: *const PthreadAttr,
    func: StartFn,
    arg: *mut c_void,
) -> c_int {
    tsd::setup_current_thread();
    let mut slot: *mut DarwinThread = core::ptr::null_mut();
    let start = Start {
        func,
        arg,
        slot: &mut slot,
        ready: core::sync::atomic::AtomicU32::new(0),
    };
    // SAFETY: building a glibc attr from ours; `start` outlives the handshake below.
    unsafe {
        let mut hattr: libc::pthread_attr_t = core::mem::zeroed();
        libc::pthread_attr_init(&mut hattr);
        let mut detached = false;
        if !attr.is_null() && (*attr).sig == ATTR_SIG {
            if (*attr).stacksize != 0 {
                libc::pthread_attr_setstacksize(&mut hattr, (*attr).stacksize);
            }
            detached = (*attr).detach == CREATE_DETACHED;
        } else {
            // darwin's default secondary-thread stack is 512 KiB; Linux's 8 MiB
            // default is kinder to programs and costs only address space.
        }
        if detached {
            libc::pthread_attr_setdetachstate(&mut hattr, libc::PTHREAD_CREATE_DETACHED);
        }
        let mut host: libc::pthread_t = 0;
        let r = libc::pthread_create(
            &mut host,
            &hattr,
            trampoline,
            &start as *const Start as *mut c_void,
        );
        libc::pthread_attr_destroy(&mut hattr);
        if r != 0 {
            return crate::errno::linux_to_darwin(r);
        }
        while start.ready.load(core::sync::atomic::Ordering::Acquire) == 0 {
            super::futex::wait(&start.ready, 0, None);
        }
        (*slot).host = host;
        *thread = slot;
    }
    0
}

unsafe extern "C" fn pthread_join(t: *mut DarwinThread, ret: *mut *mut c_void) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    // SAFETY: `t` is a DarwinThread from pthread_create.
    let r = unsafe { libc::pthread_join((*t).host, ret) };
    if r == 0 {
        // SAFETY: the thread is gone; its DarwinThread is ours to free.
        drop(unsafe { Box::from_raw(t) });
        0
    } else {
        crate::errno::linux_to_darwin(r)
    }
}

unsafe extern "C" fn pthread_detach(t: *mut DarwinThread) -> c_int {
    if t.is_null() {
        return darwin::ESRCH;
    }
    // SAFETY: `t` is a DarwinThread from pthread_create (never freed when detached).
    crate::errno::linux_to_darwin(unsafe { libc::pthread_detach((*t).host) })
}

extern "C" fn pthread_self() -> *mut DarwinThread {
    tsd::setup_current_thread()
}

extern "C" fn pthread_equal(a: *mut DarwinThread, b: *mut DarwinThread) -> c_int {
    (a == b) as c_int
}

extern "C" fn pthread_exit(v: *mut c_void) -> ! {
    tsd::run_thread_exit_destructors();
    // SAFETY: ends the calling thread.
    unsafe { libc::pthread_exit(v) }
}

unsafe extern "C" fn pthread_threadid_np(t: *mut DarwinThread, id: *mut u64) -> c_int {
    if id.is_null() {
        return darwin::EINVAL;
    }
    let t = if t.is_null() {
        tsd::setup_current_thread()
    } else {
        t
    };
    // SAFETY: `t` is a live DarwinThread, `id` is writable.
    unsafe { *id = (*t).tid };
    0
}

unsafe extern "C" fn pthread_setname_np(name: *const c_char) -> c_int {
    let mut buf = [0u8; 16];
    // SAFETY: `name` is a C string; Linux names hold 15 bytes.
    unsafe {
        let n = libc::strnlen(name, 15);
        core::ptr::copy_nonoverlapping(name.cast::<u8>(), buf.as_mut_ptr(), n);
        crate::errno::linux_to_darwin(libc::pthread_setname_np(
            libc::pthread_self(),
            buf.as_ptr().cast(),
        ))
    }
}

unsafe extern "C" fn pthread_key_create(
    key: *mut libc::c_ulong,
    dtor: Option<unsafe extern "C" fn(*mut c_void)>,
) -> c_int {
    match tsd::key_create(dtor) {
        Ok(k) => {
            // SAFETY: `key` is writable.
            unsafe { *key = k as libc::c_ulong };
            0
        }
        Err(e) => e,
    }
}

extern "C" fn pthread_key_delete(key: libc::c_ulong) -> c_int {
    tsd::key_delete(key as usize)
}

extern "C" fn pthread_getspecific(key: libc::c_ulong) -> *mut c_void {
    tsd::get(key as usize)
}

extern "C" fn pthread_setspecific(key: libc::c_ulong, v: *const c_void) -> c_int {
    tsd::set(key as usize, v)
}

unsafe extern "C" fn attr_init(a: *mut PthreadAttr) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe {
        a.write(PthreadAttr {
            sig: ATTR_SIG,
            detach: CREATE_JOINABLE,
            _pad: 0,
            stacksize: 0,
            guardsize: 4096,
            _opaque: [0; 32],
        })
    };
    0
}
unsafe extern "C" fn attr_destroy(a: *mut PthreadAttr) -> c_int {
    // SAFETY: `a` points to a darwin pthread_attr_t.
    unsafe { (*a).sig = 0 };
    0
}
unsafe extern "C" fn attr_setdetachstate(a: *mut PthreadAttr, s: c_int) -> c_int {
    if s != CREATE_JOINABLE && s != CREATE_DETACHED {
        return darwin::EINVAL;
    }
    // SAFETY: `a` points to an initialised attr.
    unsafe { (*a).detach = s };
    0
}
unsafe extern "C" fn attr_getdetachstate(a: *const PthreadAttr, s: *mut c_int) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe { *s = (*a).detach };
    0
}
unsafe extern "C" fn attr_setstacksize(a: *mut PthreadAttr, n: size_t) -> c_int {
    if n < 16384 || !n.is_multiple_of(4096) {
        return darwin::EINVAL;
    }
    // SAFETY: `a` points to an initialised attr.
    unsafe { (*a).stacksize = n };
    0
}
unsafe extern "C" fn attr_getstacksize(a: *const PthreadAttr, n: *mut size_t) -> c_int {
    // SAFETY: valid pointers from the caller.
    unsafe {
        *n = if (*a).stacksize == 0 {
            512 * 1024
        } else {
            (*a).stacksize
        }
    };
    0
}

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {
    func "_pthread_create" => pthread_create,
    func "_pthread_join" => pthread_join,
    func "_pthread_join$NOCANCEL" => pthread_join,
    func "_pthread_detach" => pthread_detach,
    func "_pthread_self" => pthread_self,
    func "_pthread_equal" => pthread_equal,
    func "_pthread_exit" => pthread_exit,
    func "_pthread_threadid_np" => pthread_threadid_np,
    func "_pthread_setname_np" => pthread_setname_np,
    func "_pthread_key_create" => pthread_key_create,
    func "_pthread_key_delete" => pthread_key_delete,
    func "_pthread_getspecific" => pthread_getspecific,
    func "_pthread_setspecific" => pthread_setspecific,
    func "_pthread_attr_init" => attr_init,
    func "_pthread_attr_destroy" => attr_destroy,
    func "_pthread_attr_setdetachstate" => attr_setdetachstate,
    func "_pthread_attr_getdetachstate" => attr_getdetachstate,
    func "_pthread_attr_setstacksize" => attr_setstacksize,
    func "_pthread_attr_getstacksize" => attr_getstacksize,
    func "__tlv_atexit" => tsd::tlv_atexit,
};
