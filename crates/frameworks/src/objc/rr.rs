//! Reference counting for objects whose classes do not implement
//! retain/release themselves (a side table of extra references, as objc4
//! keeps for objects without an inline count), autorelease pools
//! (per-thread stacks), associated objects and `@synchronized` locks.

#![allow(non_snake_case)]

use super::msg::{find_method, isa, send0};
use super::{lock, sel};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};

type Id = usize;

/// Extra retain counts (the count is this + 1).
static COUNTS: Mutex<Option<HashMap<usize, usize>>> = Mutex::new(None);

fn counts<R>(f: impl FnOnce(&mut HashMap<usize, usize>) -> R) -> R {
    let mut g = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

/// Whether `obj`'s class implements `name` itself (somewhere up its chain).
fn custom(obj: Id, name: &str) -> Option<usize> {
    let mut rt = lock();
    let s = rt.sel_str(name);
    find_method(&mut rt, isa(obj), s).map(|_| s)
}

/// `_objc_rootRetain`: the side-table retain.
pub extern "C" fn root_retain(obj: Id) -> Id {
    if obj != 0 {
        counts(|c| *c.entry(obj).or_insert(0) += 1);
    }
    obj
}

pub extern "C" fn root_retain_count(obj: Id) -> usize {
    counts(|c| c.get(&obj).copied().unwrap_or(0) + 1)
}

/// `_objc_rootRelease`: the side-table release; the last one sends
/// `-dealloc` (or frees the object if its class has none).
pub extern "C" fn root_release(obj: Id) {
    if obj == 0 {
        return;
    }
    let last = counts(|c| match c.get_mut(&obj) {
        Some(n) if *n > 1 => {
            *n -= 1;
            false
        }
        Some(_) => {
            c.remove(&obj);
            false
        }
        None => true,
    });
    if last {
        if let Some(s) = custom(obj, "dealloc") {
            send0(obj, s);
        } else {
            super::api::object_dispose(obj);
        }
    }
}

/// `_objc_rootAutorelease`: adds to the current pool.
pub extern "C" fn root_autorelease(obj: Id) -> Id {
    if obj != 0 {
        POOL.with(|p| p.borrow_mut().push(obj));
    }
    obj
}

pub extern "C" fn objc_retain(obj: Id) -> Id {
    if obj == 0 {
        return 0;
    }
    match custom(obj, "retain") {
        Some(s) => send0(obj, s),
        None => root_retain(obj),
    }
}

pub extern "C" fn objc_release(obj: Id) {
    if obj == 0 {
        return;
    }
    match custom(obj, "release") {
        Some(s) => {
            send0(obj, s);
        }
        None => root_release(obj),
    }
}

pub extern "C" fn objc_autorelease(obj: Id) -> Id {
    if obj == 0 {
        return 0;
    }
    match custom(obj, "autorelease") {
        Some(s) => send0(obj, s),
        None => root_autorelease(obj),
    }
}

pub extern "C" fn objc_retainAutorelease(obj: Id) -> Id {
    objc_autorelease(objc_retain(obj))
}

/// `objc_claimAutoreleasedReturnValue`: with no return-value optimisation
/// the callee autoreleased, so the caller's +1 comes from a retain.
pub extern "C" fn objc_claim(obj: Id) -> Id {
    objc_retain(obj)
}

pub extern "C" fn objc_storeStrong(loc: *mut Id, obj: Id) {
    // SAFETY: `loc` is the address of a strong variable.
    let old = unsafe { *loc };
    if old == obj {
        return;
    }
    objc_retain(obj);
    // SAFETY: as above.
    unsafe { *loc = obj };
    objc_release(old);
}

thread_local! {
    /// This thread's autoreleased objects; pool tokens are stack depths.
    static POOL: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// `objc_autoreleasePoolPush`: a token (the depth + 1, never NULL).
pub extern "C" fn objc_autoreleasePoolPush() -> usize {
    POOL.with(|p| p.borrow().len() + 1)
}

/// `objc_autoreleasePoolPop`: releases everything autoreleased since the
/// matching push (including objects autoreleased while releasing).
pub extern "C" fn objc_autoreleasePoolPop(token: usize) {
    let depth = token.saturating_sub(1);
    loop {
        let Some(obj) = POOL.with(|p| {
            let mut p = p.borrow_mut();
            if p.len() > depth {
                p.pop()
            } else {
                None
            }
        }) else {
            return;
        };
        objc_release(obj);
    }
}

/// Associations: object → (key, value, policy).
type Assoc = HashMap<usize, Vec<(usize, usize, usize)>>;
static ASSOC: Mutex<Option<Assoc>> = Mutex::new(None);

fn assoc<R>(f: impl FnOnce(&mut Assoc) -> R) -> R {
    let mut g = ASSOC.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

/// The `objc_AssociationPolicy` low bits: 1 retain, 3 copy (`<objc/runtime.h>`:
/// RETAIN_NONATOMIC 1, COPY_NONATOMIC 3, RETAIN 01401, COPY 01403).
fn owned(policy: usize) -> bool {
    matches!(policy & 0xff, 1 | 3)
}

pub extern "C" fn objc_setAssociatedObject(obj: Id, key: usize, value: Id, policy: usize) {
    if obj == 0 {
        return;
    }
    let v = match policy & 0xff {
        _ if value == 0 => 0,
        1 => objc_retain(value),
        3 => send0(value, sel("copy")),
        _ => value,
    };
    let old = assoc(|a| {
        let list = a.entry(obj).or_default();
        let old = list.iter().position(|e| e.0 == key).map(|i| list.remove(i));
        if v != 0 {
            list.push((key, v, policy));
        }
        if list.is_empty() {
            a.remove(&obj);
        }
        old
    });
    if let Some((_, ov, op)) = old {
        if owned(op) {
            objc_release(ov);
        }
    }
}

pub extern "C" fn objc_getAssociatedObject(obj: Id, key: usize) -> Id {
    assoc(|a| {
        a.get(&obj)
            .and_then(|l| l.iter().find(|e| e.0 == key))
            .map(|e| e.1)
            .unwrap_or(0)
    })
}

pub extern "C" fn objc_removeAssociatedObjects(obj: Id) {
    let list = assoc(|a| a.remove(&obj)).unwrap_or_default();
    for (_, v, p) in list {
        if owned(p) {
            objc_release(v);
        }
    }
}

/// Forgets an object being freed: its associations and its count.
pub fn forget_object(obj: Id) {
    objc_removeAssociatedObjects(obj);
    counts(|c| c.remove(&obj));
}

/// A recursive lock for `@synchronized`: owner thread and depth.
#[derive(Default)]
struct SyncLock {
    state: Mutex<(u64, usize)>,
    cv: Condvar,
}

static SYNC: Mutex<Option<HashMap<usize, Arc<SyncLock>>>> = Mutex::new(None);

fn sync_lock(obj: Id) -> Arc<SyncLock> {
    let mut g = SYNC.lock().unwrap_or_else(|e| e.into_inner());
    g.get_or_insert_with(HashMap::new)
        .entry(obj)
        .or_default()
        .clone()
}

/// `objc_sync_enter`: `OBJC_SYNC_SUCCESS` (0); nil does nothing, as objc4.
pub extern "C" fn objc_sync_enter(obj: Id) -> i32 {
    if obj == 0 {
        return 0;
    }
    let l = sync_lock(obj);
    let me = super::tid();
    let mut s = l.state.lock().unwrap_or_else(|e| e.into_inner());
    while s.1 > 0 && s.0 != me {
        s = l.cv.wait(s).unwrap_or_else(|e| e.into_inner());
    }
    s.0 = me;
    s.1 += 1;
    0
}

/// `objc_sync_exit`: 0, or `OBJC_SYNC_NOT_OWNING_THREAD_ERROR` (-1) when
/// this thread does not hold the lock.
pub extern "C" fn objc_sync_exit(obj: Id) -> i32 {
    if obj == 0 {
        return 0;
    }
    let l = sync_lock(obj);
    let me = super::tid();
    let mut s = l.state.lock().unwrap_or_else(|e| e.into_inner());
    if s.1 == 0 || s.0 != me {
        return -1;
    }
    s.1 -= 1;
    if s.1 == 0 {
        s.0 = 0;
        l.cv.notify_one();
    }
    0
}

/// Serialises atomic property accesses (objc4 uses striped spinlocks).
static PROP: Mutex<()> = Mutex::new(());

fn prop_lock(atomic: bool) -> Option<std::sync::MutexGuard<'static, ()>> {
    atomic.then(|| PROP.lock().unwrap_or_else(|e| e.into_inner()))
}

/// `objc_getProperty`: the ivar at `offset`; atomic reads come back
/// retained and autoreleased.
pub extern "C" fn objc_getProperty(obj: Id, _cmd: usize, offset: isize, atomic: i8) -> Id {
    if obj == 0 {
        return 0;
    }
    let slot = (obj as isize + offset) as *const Id;
    if atomic == 0 {
        // SAFETY: the synthesized getter passes its ivar's offset.
        return unsafe { *slot };
    }
    let v = {
        let _g = prop_lock(true);
        // SAFETY: as above.
        objc_retain(unsafe { *slot })
    };
    objc_autorelease(v)
}

/// `objc_setProperty`: stores a retained (`copy` 0), copied (1) or
/// mutable-copied (2) value and releases the old one.
pub extern "C" fn objc_setProperty(
    obj: Id,
    _cmd: usize,
    offset: isize,
    value: Id,
    atomic: i8,
    copy: i8,
) {
    if obj == 0 {
        return;
    }
    let v = match copy {
        0 => objc_retain(value),
        2 => send0(value, sel("mutableCopy")),
        _ => send0(value, sel("copy")),
    };
    let slot = (obj as isize + offset) as *mut Id;
    let old = {
        let _g = prop_lock(atomic != 0);
        // SAFETY: the synthesized setter passes its ivar's offset.
        unsafe { core::ptr::replace(slot, v) }
    };
    objc_release(old);
}

pub extern "C" fn objc_setProperty_atomic(obj: Id, cmd: usize, value: Id, offset: isize) {
    objc_setProperty(obj, cmd, offset, value, 1, 0)
}

pub extern "C" fn objc_setProperty_nonatomic(obj: Id, cmd: usize, value: Id, offset: isize) {
    objc_setProperty(obj, cmd, offset, value, 0, 0)
}

pub extern "C" fn objc_setProperty_atomic_copy(obj: Id, cmd: usize, value: Id, offset: isize) {
    objc_setProperty(obj, cmd, offset, value, 1, 1)
}

pub extern "C" fn objc_setProperty_nonatomic_copy(obj: Id, cmd: usize, value: Id, offset: isize) {
    objc_setProperty(obj, cmd, offset, value, 0, 1)
}

/// `objc_copyStruct`: copies a struct-typed property (under the lock when
/// atomic).
pub extern "C" fn objc_copyStruct(
    dst: *mut u8,
    src: *const u8,
    size: isize,
    atomic: i8,
    _strong: i8,
) {
    let _g = prop_lock(atomic != 0);
    // SAFETY: both point at `size` bytes (the property and its copy).
    unsafe { core::ptr::copy(src, dst, size.max(0) as usize) };
}
