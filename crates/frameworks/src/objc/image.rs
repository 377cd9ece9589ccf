//! Image metadata: what the loader tells us about each image's `__objc_*`
//! sections, and the work objc4 does in `map_images`/`load_images`:
//! selector and protocol uniquing, class realization (non-fragile ivar
//! offsets), categories, then `+load`.

use super::{
    cstr, lock, msg, Class, ClassInfo, ClassRo, InitState, IvarRec, ListHeader, Method, Property,
    ProtocolList, Runtime, FAST_DATA_MASK, RO_META,
};
use std::collections::HashMap;
use std::ffi::c_char;
use std::sync::Mutex;

/// Where an image's Objective-C sections are (address, size), from any
/// `__DATA*` segment, after the slide.
#[derive(Clone, Debug, Default)]
pub struct ObjcSections {
    pub imageinfo: Option<(usize, usize)>,
    pub classlist: Option<(usize, usize)>,
    pub nlclslist: Option<(usize, usize)>,
    pub catlist: Option<(usize, usize)>,
    pub nlcatlist: Option<(usize, usize)>,
    pub selrefs: Option<(usize, usize)>,
    pub classrefs: Option<(usize, usize)>,
    pub superrefs: Option<(usize, usize)>,
    pub protolist: Option<(usize, usize)>,
    pub protorefs: Option<(usize, usize)>,
}

impl ObjcSections {
    /// Records section `name` (from a `__DATA*` segment); false if it is
    /// not one of ours.
    pub fn set(&mut self, name: &str, addr: usize, size: usize) -> bool {
        let v = Some((addr, size));
        match name {
            "__objc_imageinfo" => self.imageinfo = v,
            "__objc_classlist" => self.classlist = v,
            "__objc_nlclslist" => self.nlclslist = v,
            "__objc_catlist" => self.catlist = v,
            "__objc_nlcatlist" => self.nlcatlist = v,
            "__objc_selrefs" => self.selrefs = v,
            "__objc_classrefs" => self.classrefs = v,
            "__objc_superrefs" => self.superrefs = v,
            "__objc_protolist" => self.protolist = v,
            "__objc_protorefs" => self.protorefs = v,
            _ => return false,
        }
        true
    }
}

/// Images mapped but not yet processed (their fixups are not applied yet
/// when the loader maps them).
static PENDING: Mutex<Vec<ObjcSections>> = Mutex::new(Vec::new());

/// Called by the loader when it maps an image with Objective-C sections;
/// the image is processed by [`load_pending_images`] after binding.
pub fn register_image(s: ObjcSections) {
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).push(s);
}

/// The words of a pointer section.
fn words(sect: Option<(usize, usize)>) -> &'static mut [usize] {
    match sect {
        // SAFETY: the loader gave us a mapped section of the image; images
        // are never unmapped.
        Some((a, n)) if a != 0 && n >= 8 => unsafe {
            std::slice::from_raw_parts_mut(a as *mut usize, n / 8)
        },
        _ => &mut [],
    }
}

/// Writes a word that may lie in a segment made read-only after fixups
/// (`__DATA_CONST`): the page is made writable first.
fn write_word(at: *mut usize, v: usize) {
    // SAFETY: `at` is inside a mapped image; mprotect on its page keeps
    // read access and adds write.
    unsafe {
        let page = (at as usize) & !4095;
        libc::mprotect(page as *mut _, 4096, libc::PROT_READ | libc::PROT_WRITE);
        at.write_volatile(v);
    }
}

/// Processes every image registered since the last call (all bound by
/// now): selectors, protocols, classes, categories; then `+load` methods
/// (classes superclass first, then categories), dependencies' images
/// first. The loader calls this before running initializers.
pub fn load_pending_images() {
    let mut imgs = std::mem::take(&mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()));
    if imgs.is_empty() {
        return;
    }
    // The loader registers an image before its dependencies.
    imgs.reverse();
    {
        let mut rt = lock();
        for s in &imgs {
            map_image(&mut rt, s);
        }
        for s in &imgs {
            for &cat in words(s.catlist).iter() {
                attach_category(&mut rt, cat);
            }
        }
        msg::flush_caches(&rt);
    }
    for s in &imgs {
        for &c in words(s.nlclslist).iter() {
            call_class_load(c);
        }
        for &cat in words(s.nlcatlist).iter() {
            // SAFETY: a category_t: name, cls, instanceMethods, classMethods...
            let (cls, cmeths) = unsafe {
                let p = cat as *const usize;
                (*p.add(1), *p.add(3) as *const ListHeader)
            };
            if cls == 0 {
                continue;
            }
            let load = super::sel("load");
            // SAFETY: the category's class-method list from the image.
            let imp = unsafe { read_methods(&mut lock(), cmeths) }
                .into_iter()
                .find(|m| m.0 == load)
                .map(|m| m.2);
            if let Some(imp) = imp {
                // SAFETY: `+load` takes (self, _cmd).
                let f: extern "C" fn(usize, usize) = unsafe { core::mem::transmute(imp) };
                f(cls, load);
            }
        }
    }
}

fn map_image(rt: &mut Runtime, s: &ObjcSections) {
    for slot in words(s.selrefs).iter_mut() {
        let name = *slot as *const c_char;
        // SAFETY: a selector reference points at a method-name string.
        let canon = rt.sel(unsafe { cstr(name) }, Some(name));
        if canon != *slot {
            write_word(slot, canon);
        }
    }
    let mut remap: HashMap<usize, usize> = HashMap::new();
    for &p in words(s.protolist).iter() {
        // SAFETY: a protocol_t, whose second word is its name.
        let name = unsafe { cstr(*(p as *const *const c_char).add(1)) }.to_vec();
        let canon = *rt.protocols.entry(name).or_insert(p);
        remap.insert(p, canon);
    }
    for slot in words(s.protorefs).iter_mut() {
        if let Some(&c) = remap.get(slot) {
            if c != *slot {
                write_word(slot, c);
            }
        }
    }
    for &c in words(s.classlist).iter() {
        realize(rt, c);
        if let Some(i) = rt.info.get(&c) {
            // SAFETY: class names are NUL-terminated strings in the image.
            let name = unsafe { cstr(i.name) }.to_vec();
            if let std::collections::hash_map::Entry::Vacant(e) = rt.classes.entry(name) {
                e.insert(c);
                rt.class_order.push(c);
            }
        }
    }
    // Class and super references point at classes the fixups bound; they
    // only need realizing (a class from another image may not be listed yet).
    for &c in words(s.classrefs).iter().chain(words(s.superrefs).iter()) {
        if c != 0 {
            realize(rt, c);
        }
    }
}

/// Reads a method list (classic or relative), uniquing selector names:
/// `(SEL, types, IMP)`.
///
/// # Safety
/// `l` is NULL or a `method_list_t` in a mapped image.
pub unsafe fn read_methods(rt: &mut Runtime, l: *const ListHeader) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    if l.is_null() {
        return out;
    }
    // SAFETY: per the contract; entries follow the 8-byte header.
    unsafe {
        let flags = (*l).entsize_flags;
        let entsize = (flags & 0xfffc) as usize;
        let base = (l as *const u8).add(8);
        for i in 0..(*l).count as usize {
            let e = base.add(i * entsize);
            if flags & 0x8000_0000 != 0 {
                // Relative: int32 offsets to a selector reference, the
                // types string and the IMP, each from its own field.
                let rel = |k: usize| {
                    let f = e.add(4 * k);
                    (f as isize + (f as *const i32).read_unaligned() as isize) as usize
                };
                let name = *(rel(0) as *const *const c_char);
                let sel = rt.sel(cstr(name), Some(name));
                out.push((sel, rel(1), rel(2)));
            } else {
                let m = e as *const Method;
                let name = (*m).name as *const c_char;
                let sel = rt.sel(cstr(name), Some(name));
                out.push((sel, (*m).types as usize, (*m).imp));
            }
        }
    }
    out
}

/// Adds methods to a class's info, in front (they win over older ones).
pub fn add_methods(info: &mut ClassInfo, ms: &[(usize, usize, usize)]) {
    let mut new = Vec::with_capacity(ms.len());
    for &(sel, types, imp) in ms {
        let m = Box::leak(Box::new(Method {
            name: sel,
            types: types as *const c_char,
            imp,
        })) as *mut Method;
        info.by_sel.insert(sel, m);
        new.push(m);
    }
    new.append(&mut info.methods);
    info.methods = new;
}

/// Builds the runtime's data for a compiled class (and its superclasses)
/// once: instance size with non-fragile ivar offsets slid past a
/// superclass that grew, methods, ivars, protocols, properties.
pub fn realize(rt: &mut Runtime, cls: usize) {
    if cls == 0 || rt.info.contains_key(&cls) {
        return;
    }
    let c = cls as *mut Class;
    // SAFETY: `cls` is a class structure emitted by the compiler (or
    // allocated by us, in which case it is already known).
    unsafe {
        let sup = (*c).superclass as usize;
        realize(rt, sup);
        let ro = ((*c).bits & FAST_DATA_MASK) as *const ClassRo;
        if ro.is_null() {
            return;
        }
        let meta = (*ro).flags & RO_META != 0;
        let super_size = rt.info.get(&sup).map(|i| i.instance_size).unwrap_or(0);
        let mut size = (*ro).instance_size as usize;
        let start = (*ro).instance_start as usize;
        let mut ivars = Vec::new();
        let il = (*ro).ivars;
        let mut diff = 0usize;
        if !meta && super_size > start {
            let mut align = 1usize;
            if !il.is_null() {
                for i in 0..(*il).count as usize {
                    let iv = (il as *const u8).add(8 + i * ((*il).entsize_flags & 0xfffc) as usize)
                        as *const [usize; 4];
                    let a = (*(iv as *const u32).add(6)).min(16);
                    align = align.max(1 << a);
                }
            }
            diff = (super_size - start + align - 1) & !(align - 1);
            size += diff;
        }
        if !il.is_null() {
            let es = ((*il).entsize_flags & 0xfffc) as usize;
            for i in 0..(*il).count as usize {
                // ivar_t: int32 *offset, name, type, uint32 alignment (log2),
                // uint32 size.
                let iv = (il as *const u8).add(8 + i * es);
                let off = *(iv as *const *mut i32);
                if !off.is_null() && diff != 0 {
                    let v = *off + diff as i32;
                    let page = (off as usize) & !4095;
                    libc::mprotect(page as *mut _, 4096, libc::PROT_READ | libc::PROT_WRITE);
                    off.write_volatile(v);
                }
                ivars.push(Box::leak(Box::new(IvarRec {
                    offset: off,
                    name: *(iv.add(8) as *const *const c_char),
                    types: *(iv.add(16) as *const *const c_char),
                    align_log2: *(iv.add(24) as *const u32),
                    size: *(iv.add(28) as *const u32),
                    own_offset: 0,
                })) as *mut IvarRec);
            }
        }
        let mut info = Box::new(ClassInfo {
            name: (*ro).name,
            meta,
            nonmeta: cls,
            ro,
            instance_size: size,
            methods: Vec::new(),
            by_sel: HashMap::new(),
            ivars,
            protocols: Vec::new(),
            properties: Vec::new(),
            init: InitState::No,
            building: false,
            dynamic: false,
            loaded: false,
        });
        let ms = read_methods(rt, (*ro).base_methods);
        add_methods(&mut info, &ms);
        info.protocols = protocol_list(rt, (*ro).base_protocols);
        info.properties = property_list((*ro).base_properties);
        if (*c).cache.is_null() {
            (*c).cache = msg::empty_cache();
        }
        rt.info.insert(cls, info);
        if !meta {
            let m = (*c).isa as usize;
            realize(rt, m);
            if let Some(mi) = rt.info.get_mut(&m) {
                if mi.meta {
                    mi.nonmeta = cls;
                }
            }
        }
    }
}

/// The protocols of a `protocol_list_t`, uniqued by name.
///
/// # Safety
/// `l` is NULL or a protocol list in a mapped image.
pub unsafe fn protocol_list(rt: &mut Runtime, l: *const ProtocolList) -> Vec<usize> {
    let mut out = Vec::new();
    if l.is_null() {
        return out;
    }
    // SAFETY: per the contract: a count word, then protocol pointers.
    unsafe {
        let ps = (l as *const usize).add(1);
        for i in 0..(*l).count {
            let p = *ps.add(i);
            let name = cstr(*(p as *const *const c_char).add(1)).to_vec();
            out.push(*rt.protocols.entry(name).or_insert(p));
        }
    }
    out
}

/// The properties of a `property_list_t`.
///
/// # Safety
/// `l` is NULL or a property list in a mapped image.
unsafe fn property_list(l: *const ListHeader) -> Vec<*const Property> {
    let mut out = Vec::new();
    if l.is_null() {
        return out;
    }
    // SAFETY: per the contract.
    unsafe {
        let es = ((*l).entsize_flags & 0xfffc) as usize;
        for i in 0..(*l).count as usize {
            out.push((l as *const u8).add(8 + i * es) as *const Property);
        }
    }
    out
}

/// Attaches a `category_t` (name, cls, instanceMethods, classMethods,
/// protocols, instanceProperties) to its class.
fn attach_category(rt: &mut Runtime, cat: usize) {
    // SAFETY: a category_t from the image's category list.
    unsafe {
        let p = cat as *const usize;
        let cls = *p.add(1);
        if cls == 0 {
            return;
        }
        realize(rt, cls);
        let meta = (*(cls as *const Class)).isa as usize;
        let im = read_methods(rt, *p.add(2) as *const ListHeader);
        let cm = read_methods(rt, *p.add(3) as *const ListHeader);
        let protos = protocol_list(rt, *p.add(4) as *const ProtocolList);
        let props = property_list(*p.add(5) as *const ListHeader);
        if let Some(i) = rt.info.get_mut(&cls) {
            add_methods(i, &im);
            i.protocols.extend(protos);
            i.properties.extend(props);
        }
        if let Some(i) = rt.info.get_mut(&meta) {
            add_methods(i, &cm);
        }
    }
}

/// Calls a class's own `+load` (from its compiled method list, not a
/// category's) after its superclass's, once.
fn call_class_load(cls: usize) {
    if cls == 0 {
        return;
    }
    let (sup, imp) = {
        let mut rt = lock();
        realize(&mut rt, cls);
        let Some(i) = rt.info.get_mut(&cls) else {
            return;
        };
        if i.loaded {
            return;
        }
        i.loaded = true;
        // SAFETY: a realized class structure.
        let (sup, meta) = unsafe {
            let c = cls as *const Class;
            ((*c).superclass as usize, (*c).isa as usize)
        };
        let load = rt.sel_str("load");
        let ro = rt
            .info
            .get(&meta)
            .map(|m| m.ro)
            .unwrap_or(core::ptr::null());
        let imp = if ro.is_null() {
            None
        } else {
            // SAFETY: the metaclass's class_ro_t from the image.
            unsafe { read_methods(&mut rt, (*ro).base_methods) }
                .into_iter()
                .find(|m| m.0 == load)
                .map(|m| m.2)
        };
        (sup, imp.map(|i| (i, load)))
    };
    call_class_load(sup);
    if let Some((imp, load)) = imp {
        // SAFETY: `+load` takes (self, _cmd).
        let f: extern "C" fn(usize, usize) = unsafe { core::mem::transmute(imp) };
        f(cls, load);
    }
}
