//! Symbol resolution and fixups: rebases, binds (two-level, flat, weak
//! coalescing), and the static triage of `calvados check`.

use crate::error::LoadError;
use crate::image::{ImageId, ImageKind};
use crate::{trap, Loader};
use calvados_macho::{BindOrdinal, DylibKind, ExportKind, WeakBind};

/// Where a symbol was found.
#[derive(Clone, Copy, Debug)]
pub struct Found {
    pub addr: usize,
    pub weak: bool,
}

const MAX_DEPTH: usize = 32;

impl Loader {
    /// Looks `name` up among the exports of image `id` and of the dylibs it
    /// re-exports.
    pub fn lookup_export(&self, id: ImageId, name: &[u8]) -> Option<Found> {
        self.lookup_export_depth(id, name, 0)
    }

    fn lookup_export_depth(&self, id: ImageId, name: &[u8], depth: usize) -> Option<Found> {
        if depth > MAX_DEPTH {
            return None;
        }
        let img = self.images.get(id)?;
        let m = match &img.kind {
            ImageKind::Builtin => {
                // A host function the host's C library lacks (addr NULL) is
                // treated as not provided: it binds to a named trap.
                let addr = crate::dyld_api::lookup(name).or_else(|| {
                    calvados_libsystem::lookup(name)
                        .or_else(|| calvados_frameworks::lookup(name))
                        .map(|e| e.addr() as usize)
                        .filter(|&a| a != 0)
                })?;
                return Some(Found { addr, weak: false });
            }
            ImageKind::MachO(m) => m,
        };
        if let Some(e) = img.find_export(m, name) {
            let addr = match e.kind {
                ExportKind::Regular { offset } if e.absolute => offset as usize,
                ExportKind::Regular { offset } => img.header as usize + offset as usize,
                ExportKind::Reexport {
                    ordinal,
                    name: other,
                } => {
                    let dep = (*img.deps.get((ordinal as usize).checked_sub(1)?)?)?;
                    let other = if other.is_empty() { name } else { other };
                    return self.lookup_export_depth(dep, other, depth + 1);
                }
                ExportKind::Resolver { stub_offset, .. } if self.check_only => {
                    img.header as usize + stub_offset as usize
                }
                ExportKind::Resolver {
                    resolver_offset, ..
                } => {
                    let f = img.header as usize + resolver_offset as usize;
                    // SAFETY: the resolver is a function of this mapped,
                    // bound image that returns the implementation's address.
                    let resolver: extern "C" fn() -> usize = unsafe { core::mem::transmute(f) };
                    resolver()
                }
            };
            return Some(Found { addr, weak: e.weak });
        }
        for (i, d) in m.dylibs().iter().enumerate() {
            if d.kind == DylibKind::Reexport {
                if let Some(Some(dep)) = img.deps.get(i) {
                    if let Some(f) = self.lookup_export_depth(*dep, name, depth + 1) {
                        return Some(f);
                    }
                }
            }
        }
        None
    }

    /// Searches every image in load order (flat namespace, `RTLD_DEFAULT`).
    pub fn lookup_flat(&self, name: &[u8]) -> Option<Found> {
        (0..self.images.len()).find_map(|id| self.lookup_export(id, name))
    }

    /// The coalesced definition of a weak symbol: the first non-weak
    /// definition in load order, else the first weak one, among the images
    /// that take part in coalescing (as dyld: `MachO::coalesces_weak`; in
    /// Nix's closure 19 of 56 images, the C++ ones); else a flat lookup.
    pub fn lookup_coalesced(&self, name: &[u8]) -> Option<Found> {
        let mut first_weak = None;
        for id in 0..self.images.len() {
            match &self.images[id].kind {
                ImageKind::MachO(m) if m.coalesces_weak() => {}
                _ => continue,
            }
            if let Some(f) = self.lookup_export(id, name) {
                if !f.weak {
                    return Some(f);
                }
                first_weak.get_or_insert(f);
            }
        }
        first_weak.or_else(|| self.lookup_flat(name))
    }

    /// Resolves a bind of image `from`. `Err(lib)` names the library that
    /// should have had it; `Ok(None)` is a weak dylib that is missing.
    fn resolve(&self, from: ImageId, ordinal: BindOrdinal, name: &[u8]) -> Resolved {
        match ordinal {
            BindOrdinal::SelfImage => self
                .lookup_export(from, name)
                .map(Some)
                .ok_or_else(|| self.images[from].path.clone()),
            BindOrdinal::MainExecutable => self
                .lookup_export(0, name)
                .map(Some)
                .ok_or_else(|| self.images[0].path.clone()),
            BindOrdinal::FlatLookup => self
                .lookup_flat(name)
                .map(Some)
                .ok_or_else(|| "flat namespace".into()),
            BindOrdinal::WeakLookup => self
                .lookup_coalesced(name)
                .map(Some)
                .ok_or_else(|| "weak definitions".into()),
            BindOrdinal::Dylib(n) => {
                let img = &self.images[from];
                let lib_name = || {
                    img.macho()
                        .and_then(|m| m.dylibs().get(n as usize - 1))
                        .map(|d| d.name.clone())
                        .unwrap_or_default()
                };
                match img.deps.get(n as usize - 1) {
                    Some(Some(dep)) => self
                        .lookup_export(*dep, name)
                        .map(Some)
                        .ok_or_else(lib_name),
                    Some(None) => Ok(None),
                    None => Err(lib_name()),
                }
            }
        }
    }

    /// Whether a failed lookup in `lib` should become a trap (a built-in
    /// library that lacks the symbol) rather than a load error.
    fn traps_for(&self, lib: &str) -> bool {
        crate::is_builtin_install_name(lib)
            || self
                .find_loaded(lib)
                .is_some_and(|id| matches!(self.images[id].kind, ImageKind::Builtin))
    }

    /// Applies every rebase and bind of the newly loaded images.
    pub fn apply_fixups(&mut self, new: &[ImageId]) -> Result<(), LoadError> {
        // Dependencies come after their users in load order: bind them first
        // so that resolvers in them can run. Each image's fixups are decoded
        // once and kept for the weak-coalescing pass.
        let mut weak = Vec::new();
        for &id in new.iter().rev() {
            if let Some(w) = self.fix_image(id)? {
                weak.push((id, w));
            }
        }
        self.coalesce_weak(&weak);
        for &id in new {
            if let Some(m) = self.images[id].macho() {
                crate::image::protect(m, self.images[id].slide);
            }
        }
        Ok(())
    }

    /// Applies one image's rebases and binds; returns its weak binds.
    fn fix_image(&mut self, id: ImageId) -> Result<Option<Vec<WeakBind<'static>>>, LoadError> {
        let img = &self.images[id];
        let Some(m) = img.macho() else {
            return Ok(None);
        };
        let path = img.path.clone();
        let fixups = m.fixups().map_err(|e| LoadError::File {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let slide = img.slide;
        let (lo, hi) = img.range;
        let in_range = |a: usize| a >= lo && a.checked_add(8).is_some_and(|e| e <= hi);
        let bad = |what: &str, a: u64| LoadError::File {
            path: path.clone(),
            reason: format!("malformed Mach-O: {what} at {a:#x} outside the image"),
        };
        for r in &fixups.rebases {
            let loc = img.addr(r.address);
            if !in_range(loc) {
                return Err(bad("rebase", r.address));
            }
            // SAFETY: `loc` lies inside this image's writable mapping.
            unsafe {
                let p = loc as *mut u64;
                let v = match r.target {
                    None => p.read_unaligned().wrapping_add(slide as u64),
                    Some(t) => {
                        let high = t & 0xff00_0000_0000_0000;
                        ((t & !0xff00_0000_0000_0000).wrapping_add(slide as u64)) | high
                    }
                };
                p.write_unaligned(v);
            }
        }
        // A bind stream names a symbol once for all its locations: the
        // previous answer serves the next bind of the same import.
        let mut last: Option<(BindOrdinal, &[u8], Resolved)> = None;
        for b in &fixups.binds {
            let loc = img.addr(b.address);
            if !in_range(loc) {
                return Err(bad("bind", b.address));
            }
            let resolved = match &last {
                Some((o, s, r)) if *o == b.ordinal && *s == b.symbol => r.clone(),
                _ => {
                    let r = self.resolve(id, b.ordinal, b.symbol);
                    last = Some((b.ordinal, b.symbol, r.clone()));
                    r
                }
            };
            let value = match resolved {
                Ok(Some(f)) => f.addr,
                Ok(None) => 0,
                Err(_) if b.weak_import => 0,
                Err(lib) if self.traps_for(&lib) || b.ordinal == BindOrdinal::FlatLookup => {
                    trap::make(&String::from_utf8_lossy(b.symbol), &lib, &path)
                }
                Err(lib) => {
                    return Err(LoadError::SymbolNotFound {
                        symbol: String::from_utf8_lossy(b.symbol).into_owned(),
                        referenced_from: path,
                        expected_in: lib,
                    })
                }
            };
            // SAFETY: `loc` lies inside this image's writable mapping.
            unsafe {
                (loc as *mut u64).write_unaligned((value as u64).wrapping_add(b.addend as u64))
            };
        }
        Ok(Some(fixups.weak_binds))
    }

    /// Points every weak-bind location of the new images at the coalesced
    /// definition (the classic `LC_DYLD_INFO` weak-bind stream).
    fn coalesce_weak(&self, weak: &[(ImageId, Vec<WeakBind<'static>>)]) {
        // The stream names a symbol once and then binds all its locations,
        // so consecutive binds share a name: a large C++ program (zig: 41k
        // weak binds, 3.4k names) would otherwise walk every image's export
        // trie once per location.
        let mut last: Option<(&[u8], Option<Found>)> = None;
        for (id, binds) in weak {
            let img = &self.images[*id];
            for w in binds {
                let Some(address) = w.address else { continue };
                let found = match last {
                    Some((name, found)) if name == w.symbol => found,
                    _ => {
                        let found = self.lookup_coalesced(w.symbol);
                        last = Some((w.symbol, found));
                        found
                    }
                };
                if let Some(found) = found {
                    let loc = img.addr(address);
                    if loc >= img.range.0 && loc + 8 <= img.range.1 {
                        // SAFETY: inside the image's mapping, still writable.
                        unsafe {
                            (loc as *mut u64)
                                .write_unaligned((found.addr as u64).wrapping_add(w.addend as u64))
                        };
                    }
                }
            }
        }
    }
}

/// What a bind resolves to: a definition, `None` for a weak dylib that is
/// missing, or the library that should have had the symbol.
type Resolved = Result<Option<Found>, String>;

/// One import that nothing provides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The symbol; empty for a dependent dylib that cannot be found and
    /// from which nothing is imported by name (`library` names it).
    pub symbol: String,
    pub library: String,
    pub importer: String,
    /// A weak import: the program runs without it.
    pub weak: bool,
}

/// Loads `path` and its dylibs (mapping them, without running anything)
/// and lists every import that would bind to an unimplemented trap or fail.
pub fn check_binary(path: &str) -> Result<Vec<Missing>, LoadError> {
    let mut l = Loader {
        executable_path: crate::paths::absolute(path),
        check_only: true,
        ..Default::default()
    };
    let mut new = Vec::new();
    let exe = l.executable_path.clone();
    let expect = match crate::image::map_file(&exe)
        .ok()
        .and_then(|(d, _)| {
            calvados_macho::select_slice(d)
                .ok()
                .and_then(|s| calvados_macho::MachO::parse(s).ok())
        })
        .map(|m| m.file_type())
    {
        Some(calvados_macho::FileType::Execute) => calvados_macho::FileType::Execute,
        _ => calvados_macho::FileType::Dylib,
    };
    l.load_file(&exe, None, expect, &mut new)?;
    let mut out = Vec::new();
    for &id in &new {
        let img = &l.images[id];
        let Some(m) = img.macho() else { continue };
        let f = m.fixups().map_err(|e| LoadError::File {
            path: img.path.clone(),
            reason: e.to_string(),
        })?;
        let mut seen = std::collections::HashSet::new();
        for b in &f.binds {
            if !seen.insert(b.symbol) {
                continue;
            }
            let library = match l.resolve(id, b.ordinal, b.symbol) {
                Err(lib) => lib,
                // A dependency that is absent: weak ones are fine, the
                // others could not be found (reported with their imports).
                Ok(None) => match b.ordinal {
                    BindOrdinal::Dylib(n) => {
                        let name = m
                            .dylibs()
                            .get(n as usize - 1)
                            .map(|d| d.name.clone())
                            .unwrap_or_default();
                        if !l.missing_libraries.contains(&name) {
                            continue;
                        }
                        format!("{name}, not found")
                    }
                    _ => continue,
                },
                Ok(Some(_)) => continue,
            };
            out.push(Missing {
                symbol: String::from_utf8_lossy(b.symbol).into_owned(),
                library,
                importer: img.path.clone(),
                weak: b.weak_import,
            });
        }
    }
    // A dependency that cannot be found stops `run` even when nothing is
    // imported from it by name (Go binaries link libraries they may not
    // call): one entry with no symbol, naming the image that needs it.
    for name in &l.missing_libraries {
        let library = format!("{name}, not found");
        if out.iter().any(|m| m.library == library) {
            continue;
        }
        let importer = new
            .iter()
            .map(|&id| &l.images[id])
            .find(|img| {
                img.macho()
                    .is_some_and(|m| m.dylibs().iter().any(|d| d.name == *name))
            })
            .map(|img| img.path.clone())
            .unwrap_or_default();
        out.push(Missing {
            symbol: String::new(),
            library,
            importer,
            weak: false,
        });
    }
    Ok(out)
}
