//! Messaging: `objc_msgSend` and its variants in assembly, and the slow
//! path in Rust.
//!
//! A class's `cache` word points at a table of words: `mask`, `occupied`,
//! then `2 * (mask + 1) + 1` buckets of `(SEL, IMP)`. A selector's probe
//! starts at bucket `(sel >> 3) & mask` and goes forward (never wrapping)
//! until its own selector or an empty bucket; the last bucket is always
//! empty. `_objc_empty_cache` is such a table with no entries, so a class
//! the compiler emitted goes to the slow path until it has been
//! messaged once. Tables are only written under the runtime lock (the IMP
//! before the SEL), and a full or flushed table is replaced, never freed:
//! another thread may still be probing it.

#![allow(non_snake_case)]

use super::{fatal, lock, tid, Class, InitState, Runtime};
use std::sync::atomic::{AtomicUsize, Ordering};

/// An empty method cache (`_objc_empty_cache`): mask 0, nothing occupied,
/// and empty buckets.
#[repr(C, align(16))]
pub struct EmptyCache(pub [usize; 8]);
pub static EMPTY_CACHE: EmptyCache = EmptyCache([0; 8]);
/// `_objc_empty_vtable`: compiled classes point their vtable slot here in
/// old ABIs; nothing reads it.
pub static EMPTY_VTABLE: [usize; 16] = [0; 16];

/// The address of the empty cache table.
pub fn empty_cache() -> *const usize {
    EMPTY_CACHE.0.as_ptr()
}

/// Probes the cache of the class in `r10` for the selector in `$sel`;
/// jumps to the IMP on a hit, else to the slow path with `r11 = $kind`.
macro_rules! probe {
    ($sel:literal, $kind:literal, $hit:literal) => {
        concat!(
            "mov r10, [r10 + 16]\n",
            "mov r11, ",
            $sel,
            "\n",
            "shr r11, 3\n",
            "and r11, [r10]\n",
            "shl r11, 4\n",
            "lea r10, [r10 + r11 + 16]\n",
            "1:\n",
            "mov r11, [r10]\n",
            "cmp r11, ",
            $sel,
            "\n",
            "je 2f\n",
            "test r11, r11\n",
            "jz 3f\n",
            "add r10, 16\n",
            "jmp 1b\n",
            "2:\n",
            $hit,
            "\n",
            "jmp qword ptr [r10 + 8]\n",
            "3:\n",
            "mov r11d, ",
            $kind,
            "\n",
            "jmp calvados_objc_slow_entry\n",
        )
    };
}

core::arch::global_asm!(
    ".text",
    // Nil receivers: zero in every return register.
    ".globl calvados_objc_nil_ret",
    ".hidden calvados_objc_nil_ret",
    "calvados_objc_nil_ret:",
    "xor eax, eax",
    "xor edx, edx",
    "xorps xmm0, xmm0",
    "xorps xmm1, xmm1",
    "ret",
    "calvados_objc_nil_stret:",
    "mov rax, rdi",
    "ret",
    "calvados_objc_nil_fpret:",
    "fldz",
    "jmp calvados_objc_nil_ret",
    "calvados_objc_nil_fp2ret:",
    "fldz",
    "fldz",
    "jmp calvados_objc_nil_ret",
    //
    ".globl calvados_objc_msgSend",
    ".hidden calvados_objc_msgSend",
    "calvados_objc_msgSend:",
    "test rdi, rdi",
    "jz calvados_objc_nil_ret",
    "mov r10, [rdi]",
    probe!("rsi", "0", ""),
    //
    ".globl calvados_objc_msgSend_fpret",
    ".hidden calvados_objc_msgSend_fpret",
    "calvados_objc_msgSend_fpret:",
    "test rdi, rdi",
    "jz calvados_objc_nil_fpret",
    "mov r10, [rdi]",
    probe!("rsi", "0", ""),
    //
    ".globl calvados_objc_msgSend_fp2ret",
    ".hidden calvados_objc_msgSend_fp2ret",
    "calvados_objc_msgSend_fp2ret:",
    "test rdi, rdi",
    "jz calvados_objc_nil_fp2ret",
    "mov r10, [rdi]",
    probe!("rsi", "0", ""),
    //
    ".globl calvados_objc_msgSend_stret",
    ".hidden calvados_objc_msgSend_stret",
    "calvados_objc_msgSend_stret:",
    "test rsi, rsi",
    "jz calvados_objc_nil_stret",
    "mov r10, [rsi]",
    probe!("rdx", "1", ""),
    //
    ".globl calvados_objc_msgSendSuper",
    ".hidden calvados_objc_msgSendSuper",
    "calvados_objc_msgSendSuper:",
    "mov r10, [rdi + 8]",
    probe!("rsi", "2", "mov rdi, [rdi]"),
    //
    ".globl calvados_objc_msgSendSuper2",
    ".hidden calvados_objc_msgSendSuper2",
    "calvados_objc_msgSendSuper2:",
    "mov r10, [rdi + 8]",
    "mov r10, [r10 + 8]",
    probe!("rsi", "3", "mov rdi, [rdi]"),
    //
    ".globl calvados_objc_msgSendSuper_stret",
    ".hidden calvados_objc_msgSendSuper_stret",
    "calvados_objc_msgSendSuper_stret:",
    "mov r10, [rsi + 8]",
    probe!("rdx", "4", "mov rsi, [rsi]"),
    //
    ".globl calvados_objc_msgSendSuper2_stret",
    ".hidden calvados_objc_msgSendSuper2_stret",
    "calvados_objc_msgSendSuper2_stret:",
    "mov r10, [rsi + 8]",
    "mov r10, [r10 + 8]",
    probe!("rdx", "5", "mov rsi, [rsi]"),
    //
    // The slow path: saves every argument register (and al), asks Rust
    // for the IMP (which may also replace the receiver), restores, jumps.
    "calvados_objc_slow_entry:",
    ".cfi_startproc",
    "push rbp",
    ".cfi_def_cfa_offset 16",
    ".cfi_offset rbp, -16",
    "mov rbp, rsp",
    ".cfi_def_cfa_register rbp",
    "sub rsp, 192",
    "mov [rsp], rdi",
    "mov [rsp + 8], rsi",
    "mov [rsp + 16], rdx",
    "mov [rsp + 24], rcx",
    "mov [rsp + 32], r8",
    "mov [rsp + 40], r9",
    "mov [rsp + 48], rax",
    "movdqa [rsp + 64], xmm0",
    "movdqa [rsp + 80], xmm1",
    "movdqa [rsp + 96], xmm2",
    "movdqa [rsp + 112], xmm3",
    "movdqa [rsp + 128], xmm4",
    "movdqa [rsp + 144], xmm5",
    "movdqa [rsp + 160], xmm6",
    "movdqa [rsp + 176], xmm7",
    "mov rdi, rsp",
    "mov rsi, r11",
    "call {slow}",
    "mov r11, rax",
    "mov rdi, [rsp]",
    "mov rsi, [rsp + 8]",
    "mov rdx, [rsp + 16]",
    "mov rcx, [rsp + 24]",
    "mov r8, [rsp + 32]",
    "mov r9, [rsp + 40]",
    "mov rax, [rsp + 48]",
    "movdqa xmm0, [rsp + 64]",
    "movdqa xmm1, [rsp + 80]",
    "movdqa xmm2, [rsp + 96]",
    "movdqa xmm3, [rsp + 112]",
    "movdqa xmm4, [rsp + 128]",
    "movdqa xmm5, [rsp + 144]",
    "movdqa xmm6, [rsp + 160]",
    "movdqa xmm7, [rsp + 176]",
    "mov rsp, rbp",
    "pop rbp",
    ".cfi_def_cfa rsp, 8",
    "jmp r11",
    ".cfi_endproc",
    slow = sym objc_slow_path,
);

extern "C" {
    pub fn calvados_objc_nil_ret();
    pub fn calvados_objc_msgSend();
    pub fn calvados_objc_msgSend_stret();
    pub fn calvados_objc_msgSend_fpret();
    pub fn calvados_objc_msgSend_fp2ret();
    pub fn calvados_objc_msgSendSuper();
    pub fn calvados_objc_msgSendSuper2();
    pub fn calvados_objc_msgSendSuper_stret();
    pub fn calvados_objc_msgSendSuper2_stret();
}

/// The registers the slow path saved (rdi, rsi, rdx, rcx, r8, r9, rax).
#[repr(C)]
struct Frame {
    gpr: [usize; 8],
    xmm: [u128; 8],
}
const _: () = assert!(core::mem::size_of::<Frame>() == 192);

/// Finds the IMP for a message that missed the cache. `kind`: 0 plain,
/// 1 stret, 2 super, 3 super2, 4 super stret, 5 super2 stret.
extern "C" fn objc_slow_path(f: *mut Frame, kind: usize) -> usize {
    // SAFETY: `f` is the frame the assembly saved on its stack.
    let f = unsafe { &mut *f };
    let (ri, si) = if matches!(kind, 1 | 4 | 5) {
        (1, 2)
    } else {
        (0, 1)
    };
    let sel = f.gpr[si];
    let (recv, cls) = if kind >= 2 {
        // SAFETY: the first argument of a super send is `struct objc_super *`
        // (receiver, class), `<objc/message.h>`.
        unsafe {
            let sup = f.gpr[ri] as *const [usize; 2];
            let mut c = (*sup)[1];
            if kind == 3 || kind == 5 {
                c = (*(c as *const Class)).superclass as usize;
            }
            f.gpr[ri] = (*sup)[0];
            ((*sup)[0], c)
        }
    } else {
        let r = f.gpr[ri];
        (r, isa(r))
    };
    if recv == 0 || cls == 0 {
        return calvados_objc_nil_ret as *const () as usize;
    }
    lookup_or_forward(recv, cls, sel, &mut f.gpr[ri])
}

/// The class of an object (its `isa`).
pub fn isa(obj: usize) -> usize {
    if obj == 0 {
        return 0;
    }
    // SAFETY: every object starts with its isa pointer.
    unsafe { *(obj as *const usize) }
}

/// The method `sel` of class `cls` or its superclasses, realizing them.
pub fn find_method(rt: &mut Runtime, cls: usize, sel: usize) -> Option<*mut super::Method> {
    let mut c = cls;
    let mut guard = 0;
    while c != 0 && guard < 10_000 {
        super::image::realize(rt, c);
        if let Some(&m) = rt.info.get(&c).and_then(|i| i.by_sel.get(&sel)) {
            return Some(m);
        }
        // SAFETY: `c` is a realized class structure.
        c = unsafe { (*(c as *const Class)).superclass } as usize;
        guard += 1;
    }
    None
}

/// The IMP for `sel` in `cls`'s hierarchy, without forwarding.
pub fn lookup_imp(cls: usize, sel: usize) -> Option<usize> {
    let mut rt = lock();
    // SAFETY: methods are runtime allocations that are never freed.
    find_method(&mut rt, cls, sel).map(|m| unsafe { (*m).imp })
}

/// The non-meta class for `cls` (itself unless it is a metaclass).
pub fn nonmeta(rt: &mut Runtime, cls: usize) -> usize {
    super::image::realize(rt, cls);
    match rt.info.get(&cls) {
        Some(i) if i.meta => i.nonmeta,
        _ => cls,
    }
}

/// Runs `+initialize` for `cls` (a non-meta class) once, superclasses first.
pub fn ensure_initialized(cls: usize) {
    if cls == 0 {
        return;
    }
    let me = tid();
    loop {
        let mut rt = lock();
        super::image::realize(&mut rt, cls);
        let Some(info) = rt.info.get_mut(&cls) else {
            return;
        };
        match info.init {
            InitState::Done => return,
            InitState::Running(t) if t == me => return,
            InitState::Running(_) => {
                drop(rt);
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            InitState::No => {
                info.init = InitState::Running(me);
                break;
            }
        }
    }
    // SAFETY: `cls` is a realized class.
    let sup = unsafe { (*(cls as *const Class)).superclass } as usize;
    ensure_initialized(sup);
    let isel = super::sel("initialize");
    if let Some(imp) = lookup_imp(isa(cls), isel) {
        // SAFETY: an IMP taking (self, _cmd).
        let f: extern "C" fn(usize, usize) = unsafe { core::mem::transmute(imp) };
        f(cls, isel);
    }
    if let Some(i) = lock().info.get_mut(&cls) {
        i.init = InitState::Done;
    }
}

/// The slow lookup: `+initialize`, the method lists, the resolvers, the
/// forwarding target, else objc4's fatal "unrecognized selector".
pub fn lookup_or_forward(recv: usize, cls: usize, sel: usize, slot: &mut usize) -> usize {
    let base = nonmeta(&mut lock(), cls);
    ensure_initialized(base);
    if let Some(imp) = find_and_cache(cls, sel, base) {
        return imp;
    }
    if resolve(cls, sel) {
        if let Some(imp) = find_and_cache(cls, sel, base) {
            return imp;
        }
    }
    let fsel = super::sel("forwardingTargetForSelector:");
    if let Some(fw) = lookup_imp(isa(recv), fsel) {
        // SAFETY: `-forwardingTargetForSelector:` takes (self, _cmd, SEL).
        let f: extern "C" fn(usize, usize, usize) -> usize = unsafe { core::mem::transmute(fw) };
        let target = f(recv, fsel, sel);
        if target != 0 && target != recv {
            *slot = target;
            return lookup_or_forward(target, isa(target), sel, slot);
        }
    }
    unrecognized(recv, sel)
}

/// objc4's method resolution: `+resolveInstanceMethod:` for an instance
/// method; for a class method `+resolveClassMethod:`, then (still missing)
/// `+resolveInstanceMethod:` sent to the metaclass, which a root class's
/// metaclass inherits. Only implemented resolvers are asked. Returns
/// whether any resolver ran.
pub fn resolve(cls: usize, sel: usize) -> bool {
    let base = nonmeta(&mut lock(), cls);
    let call = |recv: usize, r: usize, rsel: usize| {
        // SAFETY: `+resolve…Method:` takes (self, _cmd, SEL) and returns BOOL.
        let f: extern "C" fn(usize, usize, usize) -> i8 = unsafe { core::mem::transmute(r) };
        f(recv, rsel, sel);
    };
    let inst = super::sel("resolveInstanceMethod:");
    if base == cls {
        let Some(r) = lookup_imp(isa(base), inst) else {
            return false;
        };
        call(base, r, inst);
        return true;
    }
    let mut ran = false;
    let csel = super::sel("resolveClassMethod:");
    if let Some(r) = lookup_imp(isa(base), csel) {
        call(base, r, csel);
        ran = true;
    }
    if lookup_imp(cls, sel).is_none() {
        if let Some(r) = lookup_imp(isa(cls), inst) {
            call(cls, r, inst);
            ran = true;
        }
    }
    ran
}

fn find_and_cache(cls: usize, sel: usize, base: usize) -> Option<usize> {
    let mut rt = lock();
    let m = find_method(&mut rt, cls, sel)?;
    // SAFETY: methods are never freed.
    let imp = unsafe { (*m).imp };
    if rt
        .info
        .get(&base)
        .is_some_and(|i| i.init == InitState::Done)
    {
        cache_insert(cls, sel, imp);
    }
    Some(imp)
}

/// objc4's default forward handler: a fatal error naming the message.
fn unrecognized(recv: usize, sel: usize) -> ! {
    let (name, meta) = {
        let mut rt = lock();
        let c = isa(recv);
        let meta = rt.info.get(&c).is_some_and(|i| i.meta);
        let n = nonmeta(&mut rt, c);
        let name = rt.info.get(&n).map(|i| i.name).unwrap_or(core::ptr::null());
        // SAFETY: class names and selectors are NUL-terminated strings.
        let name = String::from_utf8_lossy(unsafe { super::cstr(name) }).into_owned();
        (name, meta)
    };
    // SAFETY: a selector is its NUL-terminated name.
    let s = String::from_utf8_lossy(unsafe { super::cstr(sel as *const _) }).into_owned();
    fatal(&format!(
        "{}[{} {}]: unrecognized selector sent to instance {:#x} (no message forward handler is installed)",
        if meta { '+' } else { '-' },
        name,
        s,
        recv
    ))
}

/// Adds `sel → imp` to `cls`'s cache (runtime lock held by the caller).
pub fn cache_insert(cls: usize, sel: usize, imp: usize) {
    let c = cls as *mut Class;
    // SAFETY: `c` is a realized class; tables are arrays of words laid out
    // as described in the module comment, written only under the lock.
    unsafe {
        let mut t = (*c).cache as *mut usize;
        if t.is_null() {
            t = empty_cache() as *mut usize;
        }
        let mask = *t;
        let occ = *t.add(1);
        let empty = core::ptr::eq(t, empty_cache());
        if empty || (occ + 1) * 4 > (mask + 1) * 3 || !try_insert(t, sel, imp) {
            let mut cap = if empty { 8 } else { (mask + 1) * 2 };
            loop {
                let n = new_table(cap);
                let mut ok = true;
                if !empty {
                    for i in 0..2 * (mask + 1) {
                        let s = *t.add(2 + 2 * i);
                        if s != 0 && !try_insert(n, s, *t.add(3 + 2 * i)) {
                            ok = false;
                        }
                    }
                }
                if ok && try_insert(n, sel, imp) {
                    let slot = &*(core::ptr::addr_of!((*c).cache) as *const AtomicUsize);
                    slot.store(n as usize, Ordering::Release);
                    return;
                }
                cap *= 2;
            }
        }
    }
}

fn new_table(cap: usize) -> *mut usize {
    let words = 2 + 2 * (2 * cap + 1);
    let mut v = vec![0usize; words];
    v[0] = cap - 1;
    Box::leak(v.into_boxed_slice()).as_mut_ptr()
}

/// Inserts into table `t` unless the probe run reaches the final bucket.
///
/// # Safety
/// `t` is a table allocated by [`new_table`], written under the lock.
unsafe fn try_insert(t: *mut usize, sel: usize, imp: usize) -> bool {
    // SAFETY: indices stay below the table's bucket count.
    unsafe {
        let mask = *t;
        let last = 2 * (mask + 1);
        let mut i = (sel >> 3) & mask;
        while i < last {
            let b = t.add(2 + 2 * i);
            if *b == sel {
                *b.add(1) = imp;
                return true;
            }
            if *b == 0 {
                *b.add(1) = imp;
                (*(b as *const AtomicUsize)).store(sel, Ordering::Release);
                *t.add(1) += 1;
                return true;
            }
            i += 1;
        }
        false
    }
}

/// Empties every class's cache (after methods change).
pub fn flush_caches(rt: &Runtime) {
    for &c in rt.info.keys() {
        // SAFETY: `c` is a realized class structure, writable (we set its
        // cache at realization).
        unsafe {
            let slot = &*(core::ptr::addr_of!((*(c as *mut Class)).cache) as *const AtomicUsize);
            slot.store(empty_cache() as usize, Ordering::Release);
        }
    }
}

/// Sends `sel` with no arguments through `objc_msgSend`.
pub fn send0(obj: usize, sel: usize) -> usize {
    // SAFETY: objc_msgSend with (id, SEL) returning a word.
    let f: extern "C" fn(usize, usize) -> usize =
        unsafe { core::mem::transmute(calvados_objc_msgSend as *const ()) };
    f(obj, sel)
}

/// Sends `sel` with one word argument through `objc_msgSend`.
pub fn send1(obj: usize, sel: usize, a: usize) -> usize {
    // SAFETY: objc_msgSend with (id, SEL, word) returning a word.
    let f: extern "C" fn(usize, usize, usize) -> usize =
        unsafe { core::mem::transmute(calvados_objc_msgSend as *const ()) };
    f(obj, sel, a)
}
