//! `CFDictionary`: keys hashed and compared with the key callbacks'
//! `hash`/`equal` (`CFDictionary.h`: `CFDictionaryKeyCallBacks` = `{version;
//! retain; release; copyDescription; equal; hash}`, value callbacks without
//! `hash`); NULL callbacks mean addresses, neither retained nor released.

use super::array::{type_release, type_retain};
use super::base::{
    self, alloc, cf_copy_description, cf_equal, cf_hash, expect, Boolean, CFHashCode, CFIndex,
    CFTypeID, Class, Ref, TYPE_ID_DICTIONARY,
};
use libc::c_void;
use std::cell::UnsafeCell;
use std::collections::HashMap;

/// `CFDictionaryKeyCallBacks`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct KeyCallBacks {
    pub version: CFIndex,
    pub retain: Option<unsafe extern "C" fn(Ref, Ref) -> Ref>,
    pub release: Option<unsafe extern "C" fn(Ref, Ref)>,
    pub copy_description: Option<unsafe extern "C" fn(Ref) -> Ref>,
    pub equal: Option<unsafe extern "C" fn(Ref, Ref) -> Boolean>,
    pub hash: Option<unsafe extern "C" fn(Ref) -> CFHashCode>,
}
const _: () = assert!(core::mem::size_of::<KeyCallBacks>() == 48);
const _: () = assert!(core::mem::offset_of!(KeyCallBacks, hash) == 40);

/// `CFDictionaryValueCallBacks`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ValueCallBacks {
    pub version: CFIndex,
    pub retain: Option<unsafe extern "C" fn(Ref, Ref) -> Ref>,
    pub release: Option<unsafe extern "C" fn(Ref, Ref)>,
    pub copy_description: Option<unsafe extern "C" fn(Ref) -> Ref>,
    pub equal: Option<unsafe extern "C" fn(Ref, Ref) -> Boolean>,
}
const _: () = assert!(core::mem::size_of::<ValueCallBacks>() == 40);

/// `kCFTypeDictionaryKeyCallBacks`.
pub static TYPE_KEY_CALLBACKS: KeyCallBacks = KeyCallBacks {
    version: 0,
    retain: Some(type_retain),
    release: Some(type_release),
    copy_description: Some(cf_copy_description),
    equal: Some(cf_equal),
    hash: Some(cf_hash),
};

/// Copies (rather than retains) string keys, so later mutation of a
/// mutable key cannot change the dictionary.
unsafe extern "C" fn copy_string_retain(_a: Ref, v: Ref) -> Ref {
    // SAFETY: keys of such a dictionary are strings.
    unsafe {
        let u = super::string::units(v).into_owned();
        super::string::from_units(u, false)
    }
}

/// `kCFCopyStringDictionaryKeyCallBacks`.
pub static COPY_STRING_KEY_CALLBACKS: KeyCallBacks = KeyCallBacks {
    version: 0,
    retain: Some(copy_string_retain),
    release: Some(type_release),
    copy_description: Some(cf_copy_description),
    equal: Some(cf_equal),
    hash: Some(cf_hash),
};

/// `kCFTypeDictionaryValueCallBacks`.
pub static TYPE_VALUE_CALLBACKS: ValueCallBacks = ValueCallBacks {
    version: 0,
    retain: Some(type_retain),
    release: Some(type_release),
    copy_description: Some(cf_copy_description),
    equal: Some(cf_equal),
};

const NO_KEYS: KeyCallBacks = KeyCallBacks {
    version: 0,
    retain: None,
    release: None,
    copy_description: None,
    equal: None,
    hash: None,
};
const NO_VALUES: ValueCallBacks = ValueCallBacks {
    version: 0,
    retain: None,
    release: None,
    copy_description: None,
    equal: None,
};

pub struct DictBody {
    mutable: bool,
    kcb: KeyCallBacks,
    vcb: ValueCallBacks,
    map: UnsafeCell<Map>,
}

#[derive(Default)]
struct Map {
    buckets: HashMap<CFHashCode, Vec<(Ref, Ref)>>,
    count: usize,
}

impl DictBody {
    fn hash(&self, k: Ref) -> CFHashCode {
        match self.kcb.hash {
            // SAFETY: the dictionary's own callback.
            Some(h) => unsafe { h(k) },
            None => k as CFHashCode,
        }
    }

    fn key_eq(&self, a: Ref, b: Ref) -> bool {
        a == b
            || match self.kcb.equal {
                // SAFETY: the dictionary's own callback.
                Some(e) => unsafe { e(a, b) != 0 },
                None => false,
            }
    }

    fn value_eq(&self, a: Ref, b: Ref) -> bool {
        a == b
            || match self.vcb.equal {
                // SAFETY: the dictionary's own callback.
                Some(e) => unsafe { e(a, b) != 0 },
                None => false,
            }
    }

    fn retain_key(&self, k: Ref) -> Ref {
        // SAFETY: the dictionary's own callback.
        self.kcb
            .retain
            .map_or(k, |f| unsafe { f(core::ptr::null(), k) })
    }

    fn retain_value(&self, v: Ref) -> Ref {
        // SAFETY: the dictionary's own callback.
        self.vcb
            .retain
            .map_or(v, |f| unsafe { f(core::ptr::null(), v) })
    }

    fn release_key(&self, k: Ref) {
        if let Some(f) = self.kcb.release {
            // SAFETY: the dictionary's own callback.
            unsafe { f(core::ptr::null(), k) }
        }
    }

    fn release_value(&self, v: Ref) {
        if let Some(f) = self.vcb.release {
            // SAFETY: the dictionary's own callback.
            unsafe { f(core::ptr::null(), v) }
        }
    }

    #[allow(clippy::mut_from_ref)]
    fn map(&self) -> &mut Map {
        // SAFETY: CF dictionaries are not thread-safe for mutation; readers
        // and the single writer never overlap in a correct program.
        unsafe { &mut *self.map.get() }
    }

    fn find(&self, k: Ref) -> Option<(Ref, Ref)> {
        let h = self.hash(k);
        self.map()
            .buckets
            .get(&h)?
            .iter()
            .find(|(kk, _)| self.key_eq(*kk, k))
            .copied()
    }

    fn entries(&self) -> Vec<(Ref, Ref)> {
        self.map().buckets.values().flatten().copied().collect()
    }

    /// Sets `k` → `v`: `replace_only`/`add_only` select
    /// `CFDictionaryReplaceValue`/`AddValue`.
    fn set(&self, k: Ref, v: Ref, add_only: bool, replace_only: bool) {
        let h = self.hash(k);
        let map = self.map();
        if let Some(bucket) = map.buckets.get_mut(&h) {
            if let Some(e) = bucket.iter_mut().find(|(kk, _)| self.key_eq(*kk, k)) {
                if !add_only {
                    let nv = self.retain_value(v);
                    let old = core::mem::replace(&mut e.1, nv);
                    self.release_value(old);
                }
                return;
            }
        }
        if replace_only {
            return;
        }
        let entry = (self.retain_key(k), self.retain_value(v));
        map.buckets.entry(h).or_default().push(entry);
        map.count += 1;
    }

    fn remove(&self, k: Ref) {
        let h = self.hash(k);
        let map = self.map();
        let Some(bucket) = map.buckets.get_mut(&h) else {
            return;
        };
        if let Some(i) = bucket.iter().position(|(kk, _)| self.key_eq(*kk, k)) {
            let (ok, ov) = bucket.remove(i);
            if bucket.is_empty() {
                map.buckets.remove(&h);
            }
            map.count -= 1;
            self.release_key(ok);
            self.release_value(ov);
        }
    }

    fn clear(&self) {
        let map = core::mem::take(self.map());
        for (k, v) in map.buckets.into_values().flatten() {
            self.release_key(k);
            self.release_value(v);
        }
    }
}

impl Drop for DictBody {
    fn drop(&mut self) {
        self.clear();
    }
}

pub static DICTIONARY_CLASS: Class = Class {
    type_id: TYPE_ID_DICTIONARY,
    name: "CFDictionary",
    finalize: base::drop_obj::<DictBody>,
    equal: |a, b| {
        // SAFETY: both are dictionaries.
        unsafe {
            let (da, db) = (body(a, "CFEqual"), body(b, "CFEqual"));
            da.map().count == db.map().count
                && da
                    .entries()
                    .into_iter()
                    .all(|(k, v)| db.find(k).is_some_and(|(_, w)| da.value_eq(v, w)))
        }
    },
    hash: |a| {
        // SAFETY: `a` is a dictionary.
        unsafe { body(a, "CFHash").map().count }
    },
    describe: |a| {
        // SAFETY: `a` is a dictionary holding CF values.
        unsafe {
            let d = body(a, "CFCopyDescription");
            let mut s = format!(
                "<CFDictionary {:p} [{:p}]>{{count = {}, entries =>\n",
                a,
                core::ptr::null::<c_void>(),
                d.map().count
            );
            for (i, (k, v)) in d.entries().into_iter().enumerate() {
                let (dk, dv) = (
                    super::array::describe_value(k),
                    super::array::describe_value(v),
                );
                s.push_str(&format!("\t{i} : {dk} = {dv}\n"));
            }
            s.push('}');
            s
        }
    },
    immortal: false,
};

unsafe fn body<'a>(d: Ref, func: &str) -> &'a DictBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<DictBody>(d, &DICTIONARY_CLASS, func).body }
}

unsafe fn body_mut<'a>(d: Ref, func: &str) -> &'a DictBody {
    // SAFETY: as `body`.
    let b = unsafe { body(d, func) };
    if !b.mutable {
        base::fatal(&format!("{func}: the dictionary is immutable"));
    }
    b
}

fn new_dict(mutable: bool, kcb: *const KeyCallBacks, vcb: *const ValueCallBacks) -> DictBody {
    DictBody {
        mutable,
        // SAFETY: NULL or the program's callbacks structures.
        kcb: if kcb.is_null() {
            NO_KEYS
        } else {
            unsafe { *kcb }
        },
        // SAFETY: as above.
        vcb: if vcb.is_null() {
            NO_VALUES
        } else {
            unsafe { *vcb }
        },
        map: UnsafeCell::new(Map::default()),
    }
}

/// A new mutable dictionary with kCFType callbacks.
pub fn new_cftype_dict() -> Ref {
    alloc(
        &DICTIONARY_CLASS,
        new_dict(true, &TYPE_KEY_CALLBACKS, &TYPE_VALUE_CALLBACKS),
    )
}

/// Sets a value in a dictionary we made (retaining per its callbacks).
///
/// # Safety
/// `d` is a mutable dictionary.
pub unsafe fn set(d: Ref, k: Ref, v: Ref) {
    // SAFETY: per the contract.
    unsafe { body_mut(d, "CFDictionarySetValue") }.set(k, v, false, false);
}

/// The value for `k`, or NULL.
///
/// # Safety
/// `d` is a dictionary.
pub unsafe fn get(d: Ref, k: Ref) -> Ref {
    // SAFETY: per the contract.
    unsafe { body(d, "CFDictionaryGetValue") }
        .find(k)
        .map_or(core::ptr::null(), |(_, v)| v)
}

/// Whether `p` is a dictionary.
///
/// # Safety
/// `p` is NULL or a CF object.
pub unsafe fn is_dict(p: Ref) -> bool {
    // SAFETY: per the contract.
    unsafe { base::cast::<DictBody>(p, &DICTIONARY_CLASS).is_some() }
}

/// All entries.
///
/// # Safety
/// `d` is a dictionary.
pub unsafe fn entries(d: Ref) -> Vec<(Ref, Ref)> {
    // SAFETY: per the contract.
    unsafe { body(d, "CFDictionary") }.entries()
}

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_DICTIONARY
}

unsafe extern "C" fn create(
    _a: Ref,
    keys: *const Ref,
    vals: *const Ref,
    n: CFIndex,
    kcb: *const KeyCallBacks,
    vcb: *const ValueCallBacks,
) -> Ref {
    let d = new_dict(false, kcb, vcb);
    if n > 0 && !keys.is_null() && !vals.is_null() {
        for i in 0..n as usize {
            // SAFETY: `n` keys and values.
            unsafe { d.set(*keys.add(i), *vals.add(i), false, false) };
        }
    }
    alloc(&DICTIONARY_CLASS, d)
}

fn copy_of(src: &DictBody, mutable: bool) -> Ref {
    let d = new_dict(mutable, &src.kcb, &src.vcb);
    for (k, v) in src.entries() {
        d.set(k, v, false, false);
    }
    alloc(&DICTIONARY_CLASS, d)
}

unsafe extern "C" fn create_copy(_a: Ref, d: Ref) -> Ref {
    // SAFETY: a dictionary.
    copy_of(unsafe { body(d, "CFDictionaryCreateCopy") }, false)
}

unsafe extern "C" fn create_mutable(
    _a: Ref,
    _cap: CFIndex,
    kcb: *const KeyCallBacks,
    vcb: *const ValueCallBacks,
) -> Ref {
    alloc(&DICTIONARY_CLASS, new_dict(true, kcb, vcb))
}

unsafe extern "C" fn create_mutable_copy(_a: Ref, _cap: CFIndex, d: Ref) -> Ref {
    // SAFETY: a dictionary.
    copy_of(unsafe { body(d, "CFDictionaryCreateMutableCopy") }, true)
}

unsafe extern "C" fn get_count(d: Ref) -> CFIndex {
    // SAFETY: a dictionary.
    unsafe { body(d, "CFDictionaryGetCount") }.map().count as CFIndex
}

unsafe extern "C" fn get_count_of_key(d: Ref, k: Ref) -> CFIndex {
    // SAFETY: a dictionary.
    unsafe { body(d, "CFDictionaryGetCountOfKey") }
        .find(k)
        .is_some() as CFIndex
}

unsafe extern "C" fn get_value(d: Ref, k: Ref) -> Ref {
    // SAFETY: a dictionary.
    unsafe { get(d, k) }
}

unsafe extern "C" fn get_value_if_present(d: Ref, k: Ref, out: *mut Ref) -> Boolean {
    // SAFETY: a dictionary; `out` is NULL or writable.
    unsafe {
        match body(d, "CFDictionaryGetValueIfPresent").find(k) {
            Some((_, v)) => {
                if !out.is_null() {
                    *out = v;
                }
                1
            }
            None => 0,
        }
    }
}

unsafe extern "C" fn contains_key(d: Ref, k: Ref) -> Boolean {
    // SAFETY: a dictionary.
    unsafe { body(d, "CFDictionaryContainsKey") }
        .find(k)
        .is_some() as Boolean
}

unsafe extern "C" fn contains_value(d: Ref, v: Ref) -> Boolean {
    // SAFETY: a dictionary.
    let b = unsafe { body(d, "CFDictionaryContainsValue") };
    b.entries().into_iter().any(|(_, w)| b.value_eq(w, v)) as Boolean
}

unsafe extern "C" fn get_keys_and_values(d: Ref, keys: *mut Ref, vals: *mut Ref) {
    // SAFETY: a dictionary; the arrays hold `count` entries.
    unsafe {
        for (i, (k, v)) in body(d, "CFDictionaryGetKeysAndValues")
            .entries()
            .into_iter()
            .enumerate()
        {
            if !keys.is_null() {
                *keys.add(i) = k;
            }
            if !vals.is_null() {
                *vals.add(i) = v;
            }
        }
    }
}

unsafe extern "C" fn set_value(d: Ref, k: Ref, v: Ref) {
    // SAFETY: a mutable dictionary.
    unsafe { body_mut(d, "CFDictionarySetValue") }.set(k, v, false, false);
}

unsafe extern "C" fn add_value(d: Ref, k: Ref, v: Ref) {
    // SAFETY: a mutable dictionary.
    unsafe { body_mut(d, "CFDictionaryAddValue") }.set(k, v, true, false);
}

unsafe extern "C" fn replace_value(d: Ref, k: Ref, v: Ref) {
    // SAFETY: a mutable dictionary.
    unsafe { body_mut(d, "CFDictionaryReplaceValue") }.set(k, v, false, true);
}

unsafe extern "C" fn remove_value(d: Ref, k: Ref) {
    // SAFETY: a mutable dictionary.
    unsafe { body_mut(d, "CFDictionaryRemoveValue") }.remove(k);
}

unsafe extern "C" fn remove_all_values(d: Ref) {
    // SAFETY: a mutable dictionary.
    unsafe { body_mut(d, "CFDictionaryRemoveAllValues") }.clear();
}

unsafe extern "C" fn apply_function(
    d: Ref,
    f: Option<unsafe extern "C" fn(Ref, Ref, *mut c_void)>,
    ctx: *mut c_void,
) {
    // SAFETY: a dictionary; `f` is the program's applier.
    unsafe {
        if let Some(f) = f {
            for (k, v) in body(d, "CFDictionaryApplyFunction").entries() {
                f(k, v, ctx);
            }
        }
    }
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    data "_kCFTypeDictionaryKeyCallBacks" => TYPE_KEY_CALLBACKS,
    data "_kCFCopyStringDictionaryKeyCallBacks" => COPY_STRING_KEY_CALLBACKS,
    data "_kCFTypeDictionaryValueCallBacks" => TYPE_VALUE_CALLBACKS,
    func "_CFDictionaryGetTypeID" => get_type_id,
    func "_CFDictionaryCreate" => create,
    func "_CFDictionaryCreateCopy" => create_copy,
    func "_CFDictionaryCreateMutable" => create_mutable,
    func "_CFDictionaryCreateMutableCopy" => create_mutable_copy,
    func "_CFDictionaryGetCount" => get_count,
    func "_CFDictionaryGetCountOfKey" => get_count_of_key,
    func "_CFDictionaryGetValue" => get_value,
    func "_CFDictionaryGetValueIfPresent" => get_value_if_present,
    func "_CFDictionaryContainsKey" => contains_key,
    func "_CFDictionaryContainsValue" => contains_value,
    func "_CFDictionaryGetKeysAndValues" => get_keys_and_values,
    func "_CFDictionarySetValue" => set_value,
    func "_CFDictionaryAddValue" => add_value,
    func "_CFDictionaryReplaceValue" => replace_value,
    func "_CFDictionaryRemoveValue" => remove_value,
    func "_CFDictionaryRemoveAllValues" => remove_all_values,
    func "_CFDictionaryApplyFunction" => apply_function,
};
