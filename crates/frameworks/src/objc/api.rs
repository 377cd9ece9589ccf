//! The runtime API of `<objc/runtime.h>` and the `objc_opt_*`/`objc_alloc*`
//! entry points clang calls directly.

#![allow(non_snake_case)]

use super::image::{add_methods, realize};
use super::msg::{self, find_method, isa, send0, send1};
use super::{cstr, lock, Class, ClassInfo, InitState, IvarRec, Method, Property, Runtime};
use libc::c_char;
use std::collections::HashMap;

type Id = usize;
type Sel = usize;

fn class_named(name: *const c_char) -> Id {
    if name.is_null() {
        return 0;
    }
    let rt = lock();
    // SAFETY: the caller passes a C string.
    rt.classes.get(unsafe { cstr(name) }).copied().unwrap_or(0)
}

/// `objc_getClass`: the class by name, or nil (no class handler here).
pub extern "C" fn objc_getClass(name: *const c_char) -> Id {
    class_named(name)
}

pub extern "C" fn objc_lookUpClass(name: *const c_char) -> Id {
    class_named(name)
}

/// `objc_getRequiredClass`: like `objc_getClass` but a missing class is
/// fatal (objc4 `_objc_fatal("link error: class '%s' not found.")`).
pub extern "C" fn objc_getRequiredClass(name: *const c_char) -> Id {
    let c = class_named(name);
    if c == 0 {
        // SAFETY: the caller passes a C string.
        let n = String::from_utf8_lossy(unsafe { cstr(name) }).into_owned();
        super::fatal(&format!("link error: class '{n}' not found."));
    }
    c
}

pub extern "C" fn objc_getMetaClass(name: *const c_char) -> Id {
    isa(class_named(name))
}

fn registered(rt: &Runtime) -> Vec<usize> {
    rt.class_order
        .iter()
        .copied()
        .filter(|c| rt.info.get(c).is_some_and(|i| !i.building))
        .collect()
}

/// `objc_getClassList`: fills up to `n` classes, returns the total.
pub extern "C" fn objc_getClassList(buf: *mut Id, n: i32) -> i32 {
    let all = registered(&lock());
    if !buf.is_null() {
        for (i, &c) in all.iter().take(n.max(0) as usize).enumerate() {
            // SAFETY: the caller's buffer has room for `n` classes.
            unsafe { *buf.add(i) = c };
        }
    }
    all.len() as i32
}

/// Copies `v` into a malloc'd NULL-terminated array (freed by the caller).
fn malloc_list<T: Copy>(v: &[T], out: *mut u32) -> *mut T {
    if !out.is_null() {
        // SAFETY: the caller's out-parameter.
        unsafe { *out = v.len() as u32 };
    }
    if v.is_empty() {
        return core::ptr::null_mut();
    }
    // SAFETY: a fresh allocation of len+1 elements, zeroed.
    unsafe {
        let p = libc::calloc(v.len() + 1, core::mem::size_of::<T>()) as *mut T;
        if !p.is_null() {
            core::ptr::copy_nonoverlapping(v.as_ptr(), p, v.len());
        }
        p
    }
}

pub extern "C" fn objc_copyClassList(out: *mut u32) -> *mut Id {
    let all = registered(&lock());
    malloc_list(&all, out)
}

fn info_of(rt: &mut Runtime, cls: Id) -> Option<&mut Box<ClassInfo>> {
    realize(rt, cls);
    rt.info.get_mut(&cls)
}

/// `objc_allocateClassPair`: a new class and metaclass, not registered
/// until `objc_registerClassPair`; nil if the name is taken.
pub extern "C" fn objc_allocateClassPair(sup: Id, name: *const c_char, extra: usize) -> Id {
    if name.is_null() {
        return 0;
    }
    let mut rt = lock();
    // SAFETY: a C string from the caller.
    let n = unsafe { cstr(name) }.to_vec();
    // SAFETY: names of classes being built are our own copies.
    let building = |i: &ClassInfo| i.building && unsafe { cstr(i.name) } == n.as_slice();
    if rt.classes.contains_key(&n) || rt.info.values().any(|i| building(i)) {
        return 0;
    }
    realize(&mut rt, sup);
    let size = core::mem::size_of::<Class>() + extra;
    // SAFETY: two zeroed allocations big enough for a class structure.
    let (c, m) = unsafe {
        (
            libc::calloc(1, size) as *mut Class,
            libc::calloc(1, size) as *mut Class,
        )
    };
    let mut cname = n.clone();
    cname.push(0);
    let cname = Box::leak(cname.into_boxed_slice()).as_ptr() as *const c_char;
    // SAFETY: filling the fresh structures; `sup` is a realized class.
    unsafe {
        (*c).isa = m;
        (*c).superclass = sup as *mut Class;
        (*c).cache = msg::empty_cache();
        if sup != 0 {
            (*m).isa = (*(isa(sup) as *const Class)).isa;
            (*m).superclass = isa(sup) as *mut Class;
        } else {
            (*m).isa = m;
            (*m).superclass = c;
        }
        (*m).cache = msg::empty_cache();
    }
    let super_size = rt.info.get(&sup).map(|i| i.instance_size).unwrap_or(0);
    let mk = |meta: bool, size: usize, nonmeta: usize| {
        Box::new(ClassInfo {
            name: cname,
            meta,
            nonmeta,
            ro: core::ptr::null(),
            instance_size: size,
            methods: Vec::new(),
            by_sel: HashMap::new(),
            ivars: Vec::new(),
            protocols: Vec::new(),
            properties: Vec::new(),
            init: InitState::No,
            building: true,
            dynamic: true,
            loaded: true,
        })
    };
    let base = if sup == 0 { 8 } else { super_size };
    rt.info.insert(c as usize, mk(false, base, c as usize));
    rt.info.insert(
        m as usize,
        mk(true, core::mem::size_of::<Class>(), c as usize),
    );
    c as usize
}

pub extern "C" fn objc_registerClassPair(cls: Id) {
    let mut rt = lock();
    let Some(i) = rt.info.get_mut(&cls) else {
        return;
    };
    if !i.building {
        return;
    }
    i.building = false;
    let name = i.name;
    if let Some(m) = rt.info.get_mut(&isa(cls)) {
        m.building = false;
    }
    // SAFETY: our own copy of the name.
    let n = unsafe { cstr(name) }.to_vec();
    rt.classes.insert(n, cls);
    rt.class_order.push(cls);
}

/// `objc_disposeClassPair`: forgets and frees a class made by
/// `objc_allocateClassPair` (the caller guarantees no instances remain).
pub extern "C" fn objc_disposeClassPair(cls: Id) {
    let mut rt = lock();
    if !rt.info.get(&cls).is_some_and(|i| i.dynamic && !i.meta) {
        return;
    }
    let m = isa(cls);
    if let Some(i) = rt.info.remove(&cls) {
        // SAFETY: our own copy of the name.
        let n = unsafe { cstr(i.name) }.to_vec();
        if rt.classes.get(&n) == Some(&cls) {
            rt.classes.remove(&n);
        }
    }
    rt.info.remove(&m);
    rt.class_order.retain(|&c| c != cls);
    // SAFETY: both structures came from calloc in objc_allocateClassPair.
    unsafe {
        libc::free(cls as *mut _);
        libc::free(m as *mut _);
    }
}

fn add_method(cls: Id, sel: Sel, imp: usize, types: *const c_char, replace: bool) -> (bool, usize) {
    if cls == 0 || sel == 0 {
        return (false, 0);
    }
    let mut rt = lock();
    let Some(i) = info_of(&mut rt, cls) else {
        return (false, 0);
    };
    if let Some(&m) = i.by_sel.get(&sel) {
        // SAFETY: our own method record.
        let old = unsafe { (*m).imp };
        if replace {
            // SAFETY: as above.
            unsafe { (*m).imp = imp };
            msg::flush_caches(&rt);
        }
        return (false, old);
    }
    add_methods(i, &[(sel, types as usize, imp)]);
    msg::flush_caches(&rt);
    (true, 0)
}

/// `class_addMethod`: adds unless this class itself has the selector.
pub extern "C" fn class_addMethod(cls: Id, sel: Sel, imp: usize, types: *const c_char) -> i8 {
    add_method(cls, sel, imp, types, false).0 as i8
}

/// `class_replaceMethod`: replaces (returning the old IMP) or adds.
pub extern "C" fn class_replaceMethod(
    cls: Id,
    sel: Sel,
    imp: usize,
    types: *const c_char,
) -> usize {
    add_method(cls, sel, imp, types, true).1
}

/// `class_addIvar`: only for a class being built, not a metaclass.
pub extern "C" fn class_addIvar(
    cls: Id,
    name: *const c_char,
    size: usize,
    align_log2: u8,
    types: *const c_char,
) -> i8 {
    let mut rt = lock();
    let Some(i) = rt.info.get_mut(&cls) else {
        return 0;
    };
    if !i.building || i.meta || name.is_null() || align_log2 > 16 {
        return 0;
    }
    // SAFETY: C strings from the caller.
    let n = unsafe { cstr(name) };
    // SAFETY: our own ivar records.
    if i.ivars.iter().any(|&v| unsafe { cstr((*v).name) } == n) {
        return 0;
    }
    let dup = |p: *const c_char| {
        // SAFETY: a C string from the caller (or NULL).
        let mut v = unsafe { cstr(p) }.to_vec();
        v.push(0);
        Box::leak(v.into_boxed_slice()).as_ptr() as *const c_char
    };
    let a = 1usize << align_log2;
    let off = (i.instance_size + a - 1) & !(a - 1);
    let rec = Box::leak(Box::new(IvarRec {
        offset: core::ptr::null_mut(),
        name: dup(name),
        types: dup(types),
        align_log2: align_log2 as u32,
        size: size as u32,
        own_offset: off as i32,
    }));
    rec.offset = &mut rec.own_offset;
    i.ivars.push(rec);
    i.instance_size = off + size;
    1
}

pub extern "C" fn class_addProtocol(cls: Id, proto: usize) -> i8 {
    if cls == 0 || proto == 0 || class_conformsToProtocol(cls, proto) != 0 {
        return 0;
    }
    let mut rt = lock();
    match info_of(&mut rt, cls) {
        Some(i) => {
            i.protocols.push(proto);
            1
        }
        None => 0,
    }
}

/// `class_getName`: `"nil"` for Nil, as objc4.
pub extern "C" fn class_getName(cls: Id) -> *const c_char {
    if cls == 0 {
        return c"nil".as_ptr();
    }
    let mut rt = lock();
    info_of(&mut rt, cls)
        .map(|i| i.name)
        .unwrap_or(core::ptr::null())
}

pub extern "C" fn class_getSuperclass(cls: Id) -> Id {
    if cls == 0 {
        return 0;
    }
    // SAFETY: a class structure.
    unsafe { (*(cls as *const Class)).superclass as usize }
}

pub extern "C" fn class_isMetaClass(cls: Id) -> i8 {
    let mut rt = lock();
    info_of(&mut rt, cls).is_some_and(|i| i.meta) as i8
}

/// `class_getInstanceSize`: rounded up to a word, as objc4's
/// `alignedInstanceSize`; 0 for Nil.
pub extern "C" fn class_getInstanceSize(cls: Id) -> usize {
    let mut rt = lock();
    info_of(&mut rt, cls)
        .map(|i| (i.instance_size + 7) & !7)
        .unwrap_or(0)
}

pub extern "C" fn class_getInstanceMethod(cls: Id, sel: Sel) -> *mut Method {
    if cls == 0 || sel == 0 {
        return core::ptr::null_mut();
    }
    // Like objc4, give the resolver a chance first.
    let _ = lookup_resolving(cls, sel);
    find_method(&mut lock(), cls, sel).unwrap_or(core::ptr::null_mut())
}

pub extern "C" fn class_getClassMethod(cls: Id, sel: Sel) -> *mut Method {
    if cls == 0 {
        return core::ptr::null_mut();
    }
    let m = {
        let mut rt = lock();
        if info_of(&mut rt, cls).is_some_and(|i| i.meta) {
            cls
        } else {
            isa(cls)
        }
    };
    class_getInstanceMethod(m, sel)
}

/// The IMP found after `+initialize`-free resolution (`+resolve…Method:`).
fn lookup_resolving(cls: Id, sel: Sel) -> Option<usize> {
    if let Some(i) = msg::lookup_imp(cls, sel) {
        return Some(i);
    }
    let base = msg::nonmeta(&mut lock(), cls);
    msg::ensure_initialized(base);
    msg::resolve(cls, sel);
    msg::lookup_imp(cls, sel)
}

pub extern "C" fn class_respondsToSelector(cls: Id, sel: Sel) -> i8 {
    (cls != 0 && sel != 0 && lookup_resolving(cls, sel).is_some()) as i8
}

extern "C" {
    fn calvados_objc_forward();
}

// `_objc_msgForward`-like IMP for a selector nobody implements: sending
// it is the fatal "unrecognized selector" of objc4's default handler.
core::arch::global_asm!(
    ".text",
    ".globl calvados_objc_forward",
    ".hidden calvados_objc_forward",
    "calvados_objc_forward:",
    "push rbp",
    "mov rbp, rsp",
    "call {f}",
    "ud2",
    f = sym forward_fatal,
);

extern "C" fn forward_fatal(recv: usize, sel: usize) -> ! {
    let mut slot = recv;
    msg::lookup_or_forward(recv, isa(recv), sel, &mut slot);
    super::fatal("message forwarding is not supported")
}

/// `class_getMethodImplementation`: the IMP, or the forwarding IMP when
/// the class does not respond.
pub extern "C" fn class_getMethodImplementation(cls: Id, sel: Sel) -> usize {
    if cls == 0 || sel == 0 {
        return 0;
    }
    // Like objc4 (`LOOKUP_INITIALIZE`), this runs `+initialize`.
    let base = msg::nonmeta(&mut lock(), cls);
    msg::ensure_initialized(base);
    lookup_resolving(cls, sel).unwrap_or(calvados_objc_forward as *const () as usize)
}

pub extern "C" fn class_getMethodImplementation_stret(cls: Id, sel: Sel) -> usize {
    class_getMethodImplementation(cls, sel)
}

/// `class_copyMethodList`: this class's own methods (not superclasses').
pub extern "C" fn class_copyMethodList(cls: Id, out: *mut u32) -> *mut *mut Method {
    let mut rt = lock();
    let v = info_of(&mut rt, cls)
        .map(|i| i.methods.clone())
        .unwrap_or_default();
    malloc_list(&v, out)
}

pub extern "C" fn class_copyIvarList(cls: Id, out: *mut u32) -> *mut *mut IvarRec {
    let mut rt = lock();
    let v = info_of(&mut rt, cls)
        .map(|i| i.ivars.clone())
        .unwrap_or_default();
    malloc_list(&v, out)
}

pub extern "C" fn class_copyProtocolList(cls: Id, out: *mut u32) -> *mut usize {
    let mut rt = lock();
    let v = info_of(&mut rt, cls)
        .map(|i| i.protocols.clone())
        .unwrap_or_default();
    malloc_list(&v, out)
}

pub extern "C" fn class_copyPropertyList(cls: Id, out: *mut u32) -> *mut *const Property {
    let mut rt = lock();
    let v = info_of(&mut rt, cls)
        .map(|i| i.properties.clone())
        .unwrap_or_default();
    malloc_list(&v, out)
}

/// `class_getProperty`: searches the class and its superclasses.
pub extern "C" fn class_getProperty(cls: Id, name: *const c_char) -> *const Property {
    if name.is_null() {
        return core::ptr::null();
    }
    // SAFETY: a C string from the caller.
    let n = unsafe { cstr(name) };
    let mut rt = lock();
    let mut c = cls;
    while c != 0 {
        if let Some(i) = info_of(&mut rt, c) {
            // SAFETY: property records from the image.
            if let Some(&p) = i
                .properties
                .iter()
                .find(|&&p| unsafe { cstr((*p).name) } == n)
            {
                return p;
            }
        }
        c = class_getSuperclass(c);
    }
    core::ptr::null()
}

pub extern "C" fn property_getName(p: *const Property) -> *const c_char {
    // SAFETY: a property handle from this runtime.
    unsafe { (*p).name }
}

pub extern "C" fn property_getAttributes(p: *const Property) -> *const c_char {
    // SAFETY: a property handle from this runtime.
    unsafe { (*p).attributes }
}

fn proto_conforms(rt: &mut Runtime, p: usize, target: usize, depth: u32) -> bool {
    if p == 0 || depth > 64 {
        return false;
    }
    if p == target || proto_name(p) == proto_name(target) {
        return true;
    }
    // SAFETY: a protocol_t; its third word is the inherited protocol list.
    let list = unsafe { *(p as *const *const super::ProtocolList).add(2) };
    // SAFETY: as above.
    let inherited = unsafe { super::image::protocol_list(rt, list) };
    inherited
        .into_iter()
        .any(|q| proto_conforms(rt, q, target, depth + 1))
}

fn proto_name(p: usize) -> &'static [u8] {
    // SAFETY: a protocol_t whose second word is its name.
    unsafe { cstr(*(p as *const *const c_char).add(1)) }
}

/// `class_conformsToProtocol`: this class's protocols (and theirs), not
/// its superclasses' (NSObject's `conformsToProtocol:` walks those).
pub extern "C" fn class_conformsToProtocol(cls: Id, proto: usize) -> i8 {
    if cls == 0 || proto == 0 {
        return 0;
    }
    let mut rt = lock();
    let ps = info_of(&mut rt, cls)
        .map(|i| i.protocols.clone())
        .unwrap_or_default();
    ps.into_iter().any(|p| proto_conforms(&mut rt, p, proto, 0)) as i8
}

pub extern "C" fn protocol_conformsToProtocol(p: usize, other: usize) -> i8 {
    if p == 0 || other == 0 {
        return 0;
    }
    proto_conforms(&mut lock(), p, other, 0) as i8
}

pub extern "C" fn protocol_isEqual(p: usize, other: usize) -> i8 {
    (p == other || (p != 0 && other != 0 && proto_name(p) == proto_name(other))) as i8
}

pub extern "C" fn objc_getProtocol(name: *const c_char) -> usize {
    if name.is_null() {
        return 0;
    }
    // SAFETY: a C string from the caller.
    lock()
        .protocols
        .get(unsafe { cstr(name) })
        .copied()
        .unwrap_or(0)
}

pub extern "C" fn protocol_getName(p: usize) -> *const c_char {
    if p == 0 {
        return c"nil".as_ptr();
    }
    // SAFETY: a protocol_t.
    unsafe { *(p as *const *const c_char).add(1) }
}

/// `class_createInstance`: zeroed memory of the instance size plus
/// `extra`, with its isa set.
pub extern "C" fn class_createInstance(cls: Id, extra: usize) -> Id {
    if cls == 0 {
        return 0;
    }
    let size = class_getInstanceSize(cls).max(8) + extra;
    // SAFETY: a zeroed allocation at least a word long.
    unsafe {
        let p = libc::calloc(1, size) as *mut usize;
        if !p.is_null() {
            *p = cls;
        }
        p as usize
    }
}

/// `object_dispose`: drops associated objects and frees the memory.
pub extern "C" fn object_dispose(obj: Id) -> Id {
    if obj != 0 {
        super::rr::forget_object(obj);
        // SAFETY: objects come from calloc/malloc (class_createInstance).
        unsafe { libc::free(obj as *mut _) };
    }
    0
}

pub extern "C" fn object_getClass(obj: Id) -> Id {
    isa(obj)
}

pub extern "C" fn object_setClass(obj: Id, cls: Id) -> Id {
    if obj == 0 {
        return 0;
    }
    // SAFETY: every object starts with its isa.
    unsafe {
        let old = *(obj as *const usize);
        *(obj as *mut usize) = cls;
        old
    }
}

pub extern "C" fn object_getClassName(obj: Id) -> *const c_char {
    class_getName(isa(obj))
}

fn ivar_offset(iv: *const IvarRec) -> isize {
    // SAFETY: an ivar handle from this runtime; `offset` points at a live int.
    unsafe {
        if (*iv).offset.is_null() {
            0
        } else {
            *(*iv).offset as isize
        }
    }
}

pub extern "C" fn object_getIvar(obj: Id, iv: *const IvarRec) -> Id {
    if obj == 0 || iv.is_null() {
        return 0;
    }
    // SAFETY: the ivar lies inside the object.
    unsafe { *((obj as isize + ivar_offset(iv)) as *const usize) }
}

pub extern "C" fn object_setIvar(obj: Id, iv: *const IvarRec, v: Id) {
    if obj == 0 || iv.is_null() {
        return;
    }
    // SAFETY: the ivar lies inside the object.
    unsafe { *((obj as isize + ivar_offset(iv)) as *mut usize) = v };
}

/// `class_getInstanceVariable`: searches the class and its superclasses.
pub extern "C" fn class_getInstanceVariable(cls: Id, name: *const c_char) -> *mut IvarRec {
    if name.is_null() {
        return core::ptr::null_mut();
    }
    // SAFETY: a C string from the caller.
    let n = unsafe { cstr(name) };
    let mut rt = lock();
    let mut c = cls;
    while c != 0 {
        if let Some(i) = info_of(&mut rt, c) {
            // SAFETY: our own ivar records.
            if let Some(&v) = i.ivars.iter().find(|&&v| unsafe { cstr((*v).name) } == n) {
                return v;
            }
        }
        c = class_getSuperclass(c);
    }
    core::ptr::null_mut()
}

pub extern "C" fn ivar_getName(iv: *const IvarRec) -> *const c_char {
    // SAFETY: an ivar handle from this runtime.
    unsafe { (*iv).name }
}

pub extern "C" fn ivar_getOffset(iv: *const IvarRec) -> isize {
    ivar_offset(iv)
}

pub extern "C" fn ivar_getTypeEncoding(iv: *const IvarRec) -> *const c_char {
    // SAFETY: an ivar handle from this runtime.
    unsafe { (*iv).types }
}

pub extern "C" fn method_getName(m: *const Method) -> Sel {
    if m.is_null() {
        return 0;
    }
    // SAFETY: a method handle from this runtime.
    unsafe { (*m).name }
}

pub extern "C" fn method_getImplementation(m: *const Method) -> usize {
    if m.is_null() {
        return 0;
    }
    // SAFETY: a method handle from this runtime.
    unsafe { (*m).imp }
}

pub extern "C" fn method_getTypeEncoding(m: *const Method) -> *const c_char {
    if m.is_null() {
        return core::ptr::null();
    }
    // SAFETY: a method handle from this runtime.
    unsafe { (*m).types }
}

pub extern "C" fn method_setImplementation(m: *mut Method, imp: usize) -> usize {
    if m.is_null() || imp == 0 {
        return 0;
    }
    let rt = lock();
    // SAFETY: our own method record, changed under the lock.
    let old = unsafe { core::mem::replace(&mut (*m).imp, imp) };
    msg::flush_caches(&rt);
    old
}

pub extern "C" fn method_exchangeImplementations(a: *mut Method, b: *mut Method) {
    if a.is_null() || b.is_null() {
        return;
    }
    let rt = lock();
    // SAFETY: our own method records, changed under the lock.
    unsafe { core::ptr::swap(&mut (*a).imp, &mut (*b).imp) };
    msg::flush_caches(&rt);
}

pub extern "C" fn sel_registerName(name: *const c_char) -> Sel {
    if name.is_null() {
        return 0;
    }
    // SAFETY: a C string from the caller.
    lock().sel(unsafe { cstr(name) }, None)
}

/// `sel_getName`: a selector is its name; `"<null selector>"` for 0.
pub extern "C" fn sel_getName(sel: Sel) -> *const c_char {
    if sel == 0 {
        return c"<null selector>".as_ptr();
    }
    sel as *const c_char
}

pub extern "C" fn sel_isEqual(a: Sel, b: Sel) -> i8 {
    (a == b) as i8
}

/// `objc_alloc`: `[cls alloc]` (there is no NSObject fast path here).
pub extern "C" fn objc_alloc(cls: Id) -> Id {
    if cls == 0 {
        return 0;
    }
    send0(cls, super::sel("alloc"))
}

pub extern "C" fn objc_alloc_init(cls: Id) -> Id {
    let o = objc_alloc(cls);
    send0(o, super::sel("init"))
}

pub extern "C" fn objc_opt_new(cls: Id) -> Id {
    if cls == 0 {
        return 0;
    }
    send0(cls, super::sel("new"))
}

pub extern "C" fn objc_opt_class(obj: Id) -> Id {
    if obj == 0 {
        return 0;
    }
    send0(obj, super::sel("class"))
}

pub extern "C" fn objc_opt_self(obj: Id) -> Id {
    obj
}

pub extern "C" fn objc_opt_isKindOfClass(obj: Id, cls: Id) -> i8 {
    if obj == 0 {
        return 0;
    }
    send1(obj, super::sel("isKindOfClass:"), cls) as i8
}

pub extern "C" fn objc_opt_respondsToSelector(obj: Id, sel: Sel) -> i8 {
    if obj == 0 {
        return 0;
    }
    send1(obj, super::sel("respondsToSelector:"), sel) as i8
}

static MUTATION_HANDLER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// `objc_enumerationMutation`: the installed handler, else objc4's fatal
/// "mutation detected during enumeration".
pub extern "C" fn objc_enumerationMutation(obj: Id) {
    let h = MUTATION_HANDLER.load(std::sync::atomic::Ordering::Acquire);
    if h != 0 {
        // SAFETY: a handler taking the object, installed by the program.
        let f: extern "C" fn(Id) = unsafe { core::mem::transmute(h) };
        f(obj);
        return;
    }
    super::fatal(&format!(
        "enumeration mutated during enumeration of {:#x}",
        obj
    ))
}

pub extern "C" fn objc_setEnumerationMutationHandler(h: usize) {
    MUTATION_HANDLER.store(h, std::sync::atomic::Ordering::Release);
}
