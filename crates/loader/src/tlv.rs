//! Thread-local variables (`__thread_vars`), as dyld provides them.
//!
//! Each TLV descriptor is `{thunk, key, offset}`; compiled code calls
//! `thunk(descriptor)` and expects the variable's address in `%rax` with
//! every other register preserved. We point every thunk at
//! [`calvados_tlv_get_addr`]: its fast path reads the thread's block from
//! the darwin TSD slot `key` through `%gs` (as macOS does); the slow path
//! saves all registers and allocates the block from the image's template.

use crate::image::ImageId;
use crate::Loader;
use std::sync::RwLock;

/// One image's per-thread template.
#[derive(Clone, Copy)]
struct Template {
    /// In-memory address of the initial bytes.
    start: usize,
    init_size: usize,
    size: usize,
    align: usize,
}

/// Templates indexed by TSD key.
static TEMPLATES: RwLock<Vec<Option<Template>>> = RwLock::new(Vec::new());

#[repr(C)]
struct Descriptor {
    thunk: usize,
    key: usize,
    offset: usize,
}

core::arch::global_asm!(
    ".text",
    ".globl calvados_tlv_get_addr",
    ".hidden calvados_tlv_get_addr",
    "calvados_tlv_get_addr:",
    "mov rax, [rdi + 8]",
    "mov rax, gs:[rax * 8]",
    "test rax, rax",
    "jz 2f",
    "add rax, [rdi + 16]",
    "ret",
    "2:",
    // Slow path: preserve every register but rax (Darwin TLV convention).
    "push rbp",
    "mov rbp, rsp",
    "push rcx",
    "push rdx",
    "push rsi",
    "push rdi",
    "push r8",
    "push r9",
    "push r10",
    "push r11",
    "push rbx",
    "sub rsp, 4096",
    "and rsp, -64",
    // XSAVE needs a zeroed header (bytes 512..576).
    "xor eax, eax",
    "mov [rsp + 512], rax",
    "mov [rsp + 520], rax",
    "mov [rsp + 528], rax",
    "mov [rsp + 536], rax",
    "mov [rsp + 544], rax",
    "mov [rsp + 552], rax",
    "mov [rsp + 560], rax",
    "mov [rsp + 568], rax",
    "mov eax, -1",
    "mov edx, -1",
    "xsave64 [rsp]",
    "mov rdi, [rbp - 32]",
    "call {slow}",
    "mov rbx, rax",
    "mov eax, -1",
    "mov edx, -1",
    "xrstor64 [rsp]",
    "mov rax, rbx",
    "lea rsp, [rbp - 72]",
    "pop rbx",
    "pop r11",
    "pop r10",
    "pop r9",
    "pop r8",
    "pop rdi",
    "pop rsi",
    "pop rdx",
    "pop rcx",
    "pop rbp",
    "ret",
    slow = sym tlv_slow,
);

extern "C" {
    fn calvados_tlv_get_addr();
}

/// The address compiled code calls for TLV access (also `__tlv_bootstrap`).
pub fn get_addr_thunk() -> usize {
    calvados_tlv_get_addr as *const () as usize
}

/// Allocates this thread's block for the descriptor's image.
extern "C" fn tlv_slow(d: *const Descriptor) -> usize {
    // SAFETY: `d` is a descriptor the loader patched; it lives in a mapped image.
    let (key, offset) = unsafe { ((*d).key, (*d).offset) };
    let t = TEMPLATES
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(key)
        .copied()
        .flatten();
    let Some(t) = t else {
        let msg = b"calvados: thread-local variable with an unknown key\n";
        // SAFETY: writing a static buffer, then aborting.
        unsafe {
            libc::write(2, msg.as_ptr().cast(), msg.len());
            libc::abort();
        }
    };
    let size = t.size.max(1);
    let mut p: *mut libc::c_void = core::ptr::null_mut();
    // SAFETY: allocating and initialising a fresh block from the template.
    unsafe {
        if libc::posix_memalign(&mut p, t.align.max(16), size) != 0 {
            libc::abort();
        }
        core::ptr::write_bytes(p.cast::<u8>(), 0, size);
        core::ptr::copy_nonoverlapping(t.start as *const u8, p.cast::<u8>(), t.init_size.min(size));
    }
    calvados_libsystem::pthread::tsd::set(key, p);
    p as usize + offset
}

unsafe extern "C" fn free_block(p: *mut libc::c_void) {
    // SAFETY: `p` was allocated by `tlv_slow` with posix_memalign.
    unsafe { libc::free(p) }
}

impl Loader {
    /// Gives every new image with TLVs a key and patches its descriptors.
    pub fn setup_tlv(&mut self, new: &[ImageId]) -> Result<(), crate::LoadError> {
        for &id in new {
            let img = &self.images[id];
            let Some(m) = img.macho() else { continue };
            let info = m.tlv().map_err(|e| crate::LoadError::File {
                path: img.path.clone(),
                reason: e.to_string(),
            })?;
            let Some(info) = info else { continue };
            let key =
                calvados_libsystem::pthread::tsd::key_create(Some(free_block)).map_err(|_| {
                    crate::LoadError::Map {
                        path: img.path.clone(),
                        reason: "out of thread-specific-data keys".into(),
                    }
                })?;
            {
                let mut t = TEMPLATES.write().unwrap_or_else(|e| e.into_inner());
                if t.len() <= key {
                    t.resize(key + 1, None);
                }
                t[key] = Some(Template {
                    start: img.addr(info.template_addr),
                    init_size: info.template_init_size as usize,
                    size: info.template_size as usize,
                    align: info.template_align as usize,
                });
            }
            let thunk = get_addr_thunk();
            for i in 0..info.descriptor_count {
                let at = img.addr(info.descriptors_addr + i * 24);
                if at < img.range.0 || at + 24 > img.range.1 {
                    continue;
                }
                // SAFETY: the descriptor lies inside the image, which is still writable.
                unsafe {
                    let d = at as *mut Descriptor;
                    (*d).thunk = thunk;
                    (*d).key = key;
                }
            }
            self.images[id].tlv_key = Some(key);
        }
        Ok(())
    }
}
