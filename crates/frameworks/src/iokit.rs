//! IOKit (`/System/Library/Frameworks/IOKit.framework`): the I/O Registry
//! of a machine with no registered services.
//!
//! Linux has no I/O Registry, so matching finds nothing: matching
//! dictionaries are real (`IOServiceMatching` gives `{IOProviderClass =
//! name}`, `IOBSDNameMatching` `{IOBSDName = name}`, `IOServiceNameMatching`
//! `{IONameMatch = name}`), `IOServiceGetMatchingServices` consumes the
//! dictionary and returns `KERN_SUCCESS` with a valid, empty iterator, and
//! `IOIteratorNext` returns `IO_OBJECT_NULL`. No registry entry or
//! connection is ever handed out, so calls on one get what a Mac answers
//! for a port that names nothing: `MACH_SEND_INVALID_DEST` (0x10000003,
//! `<mach/message.h>`) from the registry/connection calls, and NULL from
//! `IORegistryEntryCreateCFProperty`; an iterator passed where an entry is
//! expected is `kIOReturnBadArgument` (0xE00002C2, `IOReturn.h`).
//! `IOObjectRelease` of a name we never made is `KERN_INVALID_NAME` (15),
//! and of `IO_OBJECT_NULL` succeeds, as `mach_port_deallocate` does.
//! `kIOMasterPortDefault`/`kIOMainPortDefault` are `MACH_PORT_NULL`
//! ("use the default", `IOKitLib.h`).

use crate::cfstr;
use crate::core_foundation::base::{self, Boolean, Owned, Ref};
use crate::core_foundation::{dictionary as dict, string};
use libc::{c_char, c_void};
use std::collections::HashMap;
use std::sync::Mutex;

const KERN_SUCCESS: i32 = 0;
const KERN_INVALID_NAME: i32 = 15;
const MACH_SEND_INVALID_DEST: i32 = 0x1000_0003;
const IO_RETURN_BAD_ARGUMENT: i32 = 0xE000_02C2_u32 as i32;

/// `kIOMasterPortDefault` and `kIOMainPortDefault`: `MACH_PORT_NULL`.
pub static MAIN_PORT_DEFAULT: u32 = 0;

/// Our objects: only iterators (with their retain counts).
static OBJECTS: Mutex<Option<HashMap<u32, u32>>> = Mutex::new(None);

fn objects<R>(f: impl FnOnce(&mut HashMap<u32, u32>) -> R) -> R {
    let mut g = OBJECTS.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

/// A new iterator name (odd, like Mach port names).
fn new_iterator() -> u32 {
    static NEXT: core::sync::atomic::AtomicU32 = core::sync::atomic::AtomicU32::new(0x1103);
    let n = NEXT.fetch_add(0x100, core::sync::atomic::Ordering::Relaxed);
    objects(|m| m.insert(n, 1));
    n
}

fn is_iterator(o: u32) -> bool {
    objects(|m| m.contains_key(&o))
}

/// The error for a registry entry or connection argument.
fn no_entry(o: u32) -> i32 {
    if is_iterator(o) {
        IO_RETURN_BAD_ARGUMENT
    } else {
        MACH_SEND_INVALID_DEST
    }
}

unsafe fn matching(key: Ref, name: *const c_char) -> Ref {
    if name.is_null() {
        return core::ptr::null();
    }
    // SAFETY: a NUL-terminated string.
    let n = unsafe { core::ffi::CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned();
    let d = dict::new_cftype_dict();
    let v = Owned(string::new_string(&n));
    // SAFETY: our dictionary.
    unsafe { dict::set(d, key, v.0) };
    d
}

unsafe extern "C" fn service_matching(name: *const c_char) -> Ref {
    // SAFETY: a C string.
    unsafe { matching(cfstr!("IOProviderClass"), name) }
}

unsafe extern "C" fn service_name_matching(name: *const c_char) -> Ref {
    // SAFETY: a C string.
    unsafe { matching(cfstr!("IONameMatch"), name) }
}

unsafe extern "C" fn bsd_name_matching(_port: u32, _options: u32, name: *const c_char) -> Ref {
    // SAFETY: a C string.
    unsafe { matching(cfstr!("IOBSDName"), name) }
}

/// Consumes one reference to `matching`, as IOKit does.
unsafe fn consume(matching: Ref) {
    // SAFETY: the caller's dictionary reference.
    unsafe { base::release_opt(matching) }
}

unsafe extern "C" fn service_get_matching_services(
    _port: u32,
    matching: Ref,
    out: *mut u32,
) -> i32 {
    // SAFETY: a dictionary reference given to us; `out` writable.
    unsafe {
        consume(matching);
        if out.is_null() {
            return IO_RETURN_BAD_ARGUMENT;
        }
        *out = new_iterator();
    }
    KERN_SUCCESS
}

unsafe extern "C" fn service_get_matching_service(_port: u32, matching: Ref) -> u32 {
    // SAFETY: a dictionary reference given to us.
    unsafe { consume(matching) };
    0
}

unsafe extern "C" fn iterator_next(_it: u32) -> u32 {
    0
}

unsafe extern "C" fn iterator_is_valid(it: u32) -> Boolean {
    is_iterator(it) as Boolean
}

/// Nothing to rewind: the iterator is empty.
unsafe extern "C" fn iterator_reset(_it: u32) {}

unsafe extern "C" fn object_retain(o: u32) -> i32 {
    objects(|m| match m.get_mut(&o) {
        Some(rc) => {
            *rc += 1;
            KERN_SUCCESS
        }
        None if o == 0 => KERN_SUCCESS,
        None => KERN_INVALID_NAME,
    })
}

unsafe extern "C" fn object_release(o: u32) -> i32 {
    objects(|m| match m.get_mut(&o) {
        Some(rc) => {
            *rc -= 1;
            if *rc == 0 {
                m.remove(&o);
            }
            KERN_SUCCESS
        }
        None if o == 0 => KERN_SUCCESS,
        None => KERN_INVALID_NAME,
    })
}

unsafe extern "C" fn registry_entry_create_cf_property(
    _e: u32,
    _key: Ref,
    _a: Ref,
    _opts: u32,
) -> Ref {
    core::ptr::null()
}

unsafe extern "C" fn registry_entry_get_name(e: u32, _name: *mut c_char) -> i32 {
    no_entry(e)
}

unsafe extern "C" fn registry_entry_get_parent_entry(
    e: u32,
    _plane: *const c_char,
    parent: *mut u32,
) -> i32 {
    if !parent.is_null() {
        // SAFETY: writable.
        unsafe { *parent = 0 };
    }
    no_entry(e)
}

unsafe extern "C" fn service_open(s: u32, _task: u32, _type: u32, connect: *mut u32) -> i32 {
    if !connect.is_null() {
        // SAFETY: writable.
        unsafe { *connect = 0 };
    }
    no_entry(s)
}

unsafe extern "C" fn service_close(c: u32) -> i32 {
    no_entry(c)
}

unsafe extern "C" fn connect_call_struct_method(
    c: u32,
    _selector: u32,
    _input: *const c_void,
    _in_size: usize,
    _output: *mut c_void,
    _out_size: *mut usize,
) -> i32 {
    no_entry(c)
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    data "_kIOMasterPortDefault" => MAIN_PORT_DEFAULT,
    data "_kIOMainPortDefault" => MAIN_PORT_DEFAULT,
    func "_IOServiceMatching" => service_matching,
    func "_IOServiceNameMatching" => service_name_matching,
    func "_IOBSDNameMatching" => bsd_name_matching,
    func "_IOServiceGetMatchingServices" => service_get_matching_services,
    func "_IOServiceGetMatchingService" => service_get_matching_service,
    func "_IOIteratorNext" => iterator_next,
    func "_IOIteratorIsValid" => iterator_is_valid,
    func "_IOIteratorReset" => iterator_reset,
    func "_IOObjectRetain" => object_retain,
    func "_IOObjectRelease" => object_release,
    func "_IORegistryEntryCreateCFProperty" => registry_entry_create_cf_property,
    func "_IORegistryEntryGetName" => registry_entry_get_name,
    func "_IORegistryEntryGetParentEntry" => registry_entry_get_parent_entry,
    func "_IOServiceOpen" => service_open,
    func "_IOServiceClose" => service_close,
    func "_IOConnectCallStructMethod" => connect_call_struct_method,
};
