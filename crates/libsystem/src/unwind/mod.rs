//! libunwind (`/usr/lib/system/libunwind.dylib`): the `_Unwind_*` ABI that
//! C++ exceptions and Rust panics in Mach-O code use, `__register_frame`,
//! and `backtrace`.
//!
//! The loader tells this module where each Mach-O image's unwind sections
//! are ([`register_image`]), the way dyld answers libunwind's
//! `_dyld_find_unwind_sections` on macOS.

use std::sync::RwLock;

/// Where one mapped Mach-O image keeps its unwind information (addresses in
/// memory, slide applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnwindImage {
    /// The image's mach header.
    pub header: usize,
    /// `[start, end)` of the image's `__TEXT` segment.
    pub text: (usize, usize),
    /// `__TEXT,__unwind_info`: address and size.
    pub unwind_info: Option<(usize, usize)>,
    /// `__TEXT,__eh_frame` (or `__DATA*,__eh_frame`): address and size.
    pub eh_frame: Option<(usize, usize)>,
}

static IMAGES: RwLock<Vec<UnwindImage>> = RwLock::new(Vec::new());

/// Records a newly mapped image (called by the loader before the image's
/// code can run).
pub fn register_image(img: UnwindImage) {
    let mut v = IMAGES.write().unwrap_or_else(|e| e.into_inner());
    v.retain(|i| i.header != img.header);
    v.push(img);
}

/// Forgets the image whose mach header is at `header`.
pub fn unregister_image(header: usize) {
    let mut v = IMAGES.write().unwrap_or_else(|e| e.into_inner());
    v.retain(|i| i.header != header);
}

/// The image whose `__TEXT` contains `pc`.
pub fn image_for_pc(pc: usize) -> Option<UnwindImage> {
    let v = IMAGES.read().unwrap_or_else(|e| e.into_inner());
    v.iter().find(|i| i.text.0 <= pc && pc < i.text.1).copied()
}

pub static EXPORTS: &[crate::export::Export] = crate::exports! {};
