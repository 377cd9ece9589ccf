//! Loading: finds image files, maps them, and loads their dependencies.

use crate::error::LoadError;
use crate::image::{self, Image, ImageId, ImageKind};
use crate::paths;
use crate::Loader;
use calvados_macho::{select_slice, DylibKind, FileType, MachO};
use std::ffi::CString;

impl Loader {
    /// Finds an already-loaded image by path or install name.
    pub fn find_loaded(&self, name: &str) -> Option<ImageId> {
        self.images
            .iter()
            .position(|i| i.path == name || i.install_name.as_deref() == Some(name))
    }

    /// Returns the built-in image for `name`, creating it on first use.
    fn builtin(&mut self, name: &str) -> ImageId {
        if let Some(id) = self.find_loaded(name) {
            return id;
        }
        self.images.push(Image::builtin(name));
        self.images.len() - 1
    }

    /// The rpaths in effect for an image: its own, then its loaders'.
    pub fn rpath_chain(&self, mut id: Option<ImageId>) -> Vec<String> {
        let mut out = Vec::new();
        let mut guard = 0;
        while let Some(i) = id {
            out.extend(self.images[i].rpaths.iter().cloned());
            id = self.images[i].loaded_by;
            guard += 1;
            if guard > 256 {
                break;
            }
        }
        out
    }

    /// Loads the dylib `name` requested by `requester` (with its whole
    /// dependency tree). `Ok(None)` when `weak` and not found.
    pub fn load_dylib(
        &mut self,
        name: &str,
        requester: Option<ImageId>,
        weak: bool,
        new: &mut Vec<ImageId>,
    ) -> Result<Option<ImageId>, LoadError> {
        if crate::is_builtin_install_name(name) {
            return Ok(Some(self.builtin(name)));
        }
        if let Some(id) = self.find_loaded(name) {
            return Ok(Some(id));
        }
        let req_path = requester
            .map(|r| self.images[r].path.clone())
            .unwrap_or_default();
        let rpaths = self.rpath_chain(requester);
        let tried = paths::candidates(name, &req_path, &self.executable_path, &rpaths);
        for cand in &tried {
            if std::path::Path::new(cand).is_file() {
                let real = std::fs::canonicalize(cand)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_else(|_| cand.clone());
                if let Some(id) = self.images.iter().position(|i| i.path == real) {
                    return Ok(Some(id));
                }
                return self
                    .load_file(&real, requester, FileType::Dylib, new)
                    .map(Some);
            }
        }
        if weak {
            return Ok(None);
        }
        if self.check_only {
            if !self.missing_libraries.iter().any(|m| m == name) {
                self.missing_libraries.push(name.to_string());
            }
            return Ok(None);
        }
        Err(LoadError::LibraryNotLoaded {
            name: name.to_string(),
            referenced_from: if req_path.is_empty() {
                "dlopen".into()
            } else {
                req_path
            },
            tried,
        })
    }

    /// Maps the Mach-O at `path` and loads its dependencies. `expect` is
    /// the file type the caller needs (executables may not be dlopened, and
    /// only executables may be run).
    pub fn load_file(
        &mut self,
        path: &str,
        requester: Option<ImageId>,
        expect: FileType,
        new: &mut Vec<ImageId>,
    ) -> Result<ImageId, LoadError> {
        let ferr = |reason: String| LoadError::File {
            path: path.to_string(),
            reason,
        };
        let (data, fd) = image::map_file(path)?;
        let slice = select_slice(data).map_err(|e| ferr(e.to_string()))?;
        let file_off = slice.as_ptr() as u64 - data.as_ptr() as u64;
        let m = MachO::parse(slice).map_err(|e| ferr(e.to_string()))?;
        match (expect, m.file_type()) {
            (FileType::Execute, FileType::Execute) => {}
            (FileType::Execute, t) => {
                // SAFETY: closing our descriptor.
                unsafe { libc::close(fd) };
                return Err(ferr(format!("not an executable ({})", type_name(t))));
            }
            (_, FileType::Dylib | FileType::Bundle) => {}
            (_, t) => {
                // SAFETY: closing our descriptor.
                unsafe { libc::close(fd) };
                return Err(ferr(format!("cannot load a {} as a library", type_name(t))));
            }
        }
        let mapped = image::map_segments(path, &m, fd, file_off);
        // SAFETY: the mappings keep their own reference to the file.
        unsafe { libc::close(fd) };
        let mapped = mapped?;
        let exe = if requester.is_none() && expect == FileType::Execute {
            path.to_string()
        } else {
            self.executable_path.clone()
        };
        let rpaths = m
            .rpaths()
            .iter()
            .map(|r| paths::expand_rpath(r, path, &exe))
            .collect();
        let header = (m.base_address() as isize).wrapping_add(mapped.slide) as *const u8;
        let dylibs: Vec<_> = m.dylibs().to_vec();
        register_unwind_sections(&m, header as usize, mapped.slide);
        register_objc_sections(&m, mapped.slide);
        let id = self.images.len();
        self.images.push(Image {
            path: path.to_string(),
            c_path: CString::new(path).unwrap_or_default(),
            install_name: m.install_name().map(str::to_string),
            header,
            slide: mapped.slide,
            range: mapped.range,
            kind: ImageKind::MachO(Box::new(m)),
            deps: Vec::new(),
            rpaths,
            loaded_by: requester,
            refcount: 1,
            initialized: false,
            tlv_key: None,
            symbols: None,
            export_index: std::sync::OnceLock::new(),
            export_lookups: std::sync::atomic::AtomicUsize::new(0),
        });
        new.push(id);
        let mut deps = Vec::with_capacity(dylibs.len());
        for d in &dylibs {
            let weak = d.kind == DylibKind::Weak;
            deps.push(self.load_dylib(&d.name, Some(id), weak, new)?);
        }
        self.images[id].deps = deps;
        Ok(id)
    }
}

/// Tells libunwind where this image's `__TEXT`, `__unwind_info` and
/// `__eh_frame` are (what `_dyld_find_unwind_sections` answers on macOS).
fn register_unwind_sections(m: &MachO, header: usize, slide: isize) {
    let at = |vmaddr: u64| (vmaddr as isize).wrapping_add(slide) as usize;
    let Some(text) = m.segments().iter().find(|s| s.name == "__TEXT") else {
        return;
    };
    let sect = |name: &str| {
        m.sections()
            .iter()
            .find(|s| s.sectname == name && !s.is_zerofill())
            .map(|s| (at(s.addr), s.size as usize))
    };
    calvados_libsystem::unwind::register_image(calvados_libsystem::unwind::UnwindImage {
        header,
        text: (at(text.vmaddr), at(text.vmaddr + text.vmsize)),
        unwind_info: sect("__unwind_info"),
        eh_frame: sect("__eh_frame"),
    });
}

/// Tells the Objective-C runtime where this image's `__DATA*,__objc_*`
/// sections are; it reads them once fixups are applied, before the
/// initializers run (`calvados_frameworks::objc::load_pending_images`).
fn register_objc_sections(m: &MachO, slide: isize) {
    let mut s = calvados_frameworks::objc::ObjcSections::default();
    let mut any = false;
    for sect in m.sections() {
        if sect.segname.starts_with("__DATA") {
            let at = (sect.addr as isize).wrapping_add(slide) as usize;
            any |= s.set(&sect.sectname, at, sect.size as usize);
        }
    }
    if any {
        calvados_frameworks::objc::register_image(s);
    }
}

fn type_name(t: FileType) -> String {
    match t {
        FileType::Execute => "executable".into(),
        FileType::Dylib => "dylib".into(),
        FileType::Bundle => "bundle".into(),
        FileType::Other(n) => format!("Mach-O file type {n}"),
    }
}
