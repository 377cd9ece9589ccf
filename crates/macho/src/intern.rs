//! Process-wide interning of export names.
//!
//! An export-trie name is the concatenation of the edge strings on the path
//! to its node, so it does not exist contiguously in the file and cannot be
//! borrowed from it, yet [`crate::Export::name`] is a `&'a [u8]`. We
//! therefore keep one leaked copy of each distinct name for the life of the
//! process: a dynamic linker looks up the same few thousand names again and
//! again, so the set stays small. A hard cap keeps hostile inputs (or a
//! fuzzer) from growing it without bound; past the cap, lookups that would
//! need a *new* name fail with [`Error::Malformed`].

use rustc_hash::FxHashSet;
use std::sync::{Mutex, OnceLock};

use crate::bytes::malformed;
use crate::Error;

/// Upper bound on the bytes held by the interner (names plus bookkeeping).
const CAP_BYTES: usize = 256 << 20;
/// Bookkeeping charged per name (hash-set slot and allocation header).
const PER_NAME_OVERHEAD: usize = 32;

struct Interner {
    names: FxHashSet<&'static [u8]>,
    bytes: usize,
}

fn interner() -> &'static Mutex<Interner> {
    static INTERNER: OnceLock<Mutex<Interner>> = OnceLock::new();
    INTERNER.get_or_init(|| {
        Mutex::new(Interner {
            names: FxHashSet::default(),
            bytes: 0,
        })
    })
}

/// Returns a `'static` copy of `name`, shared with every earlier call for
/// the same bytes.
pub(crate) fn intern(name: &[u8]) -> Result<&'static [u8], Error> {
    if name.is_empty() {
        return Ok(&[]);
    }
    // A panic while holding the lock cannot leave the set inconsistent
    // (insertions are single calls), so a poisoned lock is still usable.
    let mut guard = interner().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&existing) = guard.names.get(name) {
        return Ok(existing);
    }
    let cost = name.len().saturating_add(PER_NAME_OVERHEAD);
    if guard.bytes.saturating_add(cost) > CAP_BYTES {
        return Err(malformed("too many distinct export names in this process"));
    }
    let leaked: &'static [u8] = Box::leak(name.to_vec().into_boxed_slice());
    guard.names.insert(leaked);
    guard.bytes += cost;
    Ok(leaked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_same_slice() {
        let a = intern(b"_interned_twice").unwrap();
        let b = intern(&b"x_interned_twice"[1..]).unwrap();
        assert_eq!(a, b"_interned_twice");
        assert!(core::ptr::eq(a, b));
    }
}
