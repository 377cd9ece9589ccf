//! DWARF FDEs: those of Mach-O `__eh_frame` sections, and those registered
//! at run time (`__register_frame`, `__unw_add_dynamic_*`).
//!
//! An FDE is only ever handed to the unwinder after a bounded parse here
//! proved it covers the pc, through a one-row header ([`cfi::hdr`]) naming
//! its exact place.

use super::{cfi, UnwindImage};
use core::ffi::c_void;
use gimli::{BaseAddresses, CieOrFde, EhFrame, EhFrameOffset, NativeEndian, UnwindSection};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

/// Parses the FDE at address `fde` inside the `len` bytes at `base` (its
/// CIE must lie there too); returns the pc range it covers.
fn parse_fde(base: usize, len: usize, fde: usize) -> Option<(usize, usize)> {
    // SAFETY: callers pass a range of mapped, readable unwind data.
    let data = unsafe { core::slice::from_raw_parts(base as *const u8, len) };
    let eh = EhFrame::new(data, NativeEndian);
    let bases = BaseAddresses::default().set_eh_frame(base as u64);
    let f = eh
        .fde_from_offset(
            &bases,
            EhFrameOffset(fde.checked_sub(base)?),
            EhFrame::cie_from_offset,
        )
        .ok()?;
    let start = f.initial_address() as usize;
    Some((start, start.checked_add(f.len() as usize)?))
}

/// One-row headers already made, by (section base, FDE address).
type HdrMap = HashMap<(usize, usize), &'static [u8]>;
static HDRS: RwLock<Option<HdrMap>> = RwLock::new(None);

fn hdr_for(base: usize, start: usize, fde: usize) -> &'static [u8] {
    if let Some(h) = HDRS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(&(base, fde)))
    {
        return h;
    }
    let mut g = HDRS.write().unwrap_or_else(|e| e.into_inner());
    g.get_or_insert_with(HashMap::new)
        .entry((base, fde))
        .or_insert_with(|| cfi::hdr(base, start, fde))
}

/// The FDE at `off` in `img`'s `__eh_frame` (what a DWARF-mode compact
/// encoding names), if it covers `pc`.
pub fn at_offset(img: &UnwindImage, off: usize, pc: usize) -> Option<&'static [u8]> {
    let (base, len) = img.eh_frame?;
    let fde = base.checked_add(off)?;
    let (start, end) = parse_fde(base, len, fde)?;
    (start <= pc && pc < end).then(|| hdr_for(base, start, fde))
}

/// (start, end, FDE address) of every FDE in one image's `__eh_frame`,
/// sorted by start.
type Index = Vec<(usize, usize, usize)>;

/// Per-image FDE indexes, by `__eh_frame` address; built on first need.
static INDEXES: RwLock<Option<HashMap<usize, &'static Index>>> = RwLock::new(None);

fn build_index(base: usize, len: usize) -> Index {
    // SAFETY: the loader registered this section of a mapped image.
    let data = unsafe { core::slice::from_raw_parts(base as *const u8, len) };
    let eh = EhFrame::new(data, NativeEndian);
    let bases = BaseAddresses::default().set_eh_frame(base as u64);
    let mut out = Vec::new();
    let mut entries = eh.entries(&bases);
    while let Ok(Some(e)) = entries.next() {
        if let CieOrFde::Fde(partial) = e {
            if let Ok(f) = partial.parse(EhFrame::cie_from_offset) {
                let start = f.initial_address() as usize;
                if f.len() > 0 {
                    out.push((start, start + f.len() as usize, base + f.offset()));
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// Searches `img`'s whole `__eh_frame` for an FDE covering `pc` (functions
/// whose compact entry is 0 or missing, as libunwind does).
pub fn search(img: &UnwindImage, pc: usize) -> Option<&'static [u8]> {
    let (base, len) = img.eh_frame?;
    let cached = INDEXES
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(&base).copied());
    let index = match cached {
        Some(i) => i,
        None => {
            let mut g = INDEXES.write().unwrap_or_else(|e| e.into_inner());
            *g.get_or_insert_with(HashMap::new)
                .entry(base)
                .or_insert_with(|| Box::leak(Box::new(build_index(base, len))))
        }
    };
    let i = index.partition_point(|&(s, _, _)| s <= pc).checked_sub(1)?;
    let (start, end, fde) = index[i];
    (pc < end).then(|| hdr_for(base, start, fde))
}

/// An FDE registered at run time.
struct Registered {
    /// What it was registered under: the FDE itself, or the section it
    /// came from (`__unw_add_dynamic_eh_frame_section`).
    owner: usize,
    fde: usize,
    start: usize,
    end: usize,
    hdr: &'static [u8],
}

static REGISTERED: RwLock<Vec<Registered>> = RwLock::new(Vec::new());
/// Whether [`REGISTERED`] may be non-empty (skips the lock in the common case).
static ANY_REGISTERED: AtomicBool = AtomicBool::new(false);

/// Header for a registered FDE covering `pc`.
pub fn find_registered(pc: usize) -> Option<&'static [u8]> {
    if !ANY_REGISTERED.load(Ordering::Acquire) {
        return None;
    }
    let g = REGISTERED.read().unwrap_or_else(|e| e.into_inner());
    g.iter()
        .find(|r| r.start <= pc && pc < r.end)
        .map(|r| r.hdr)
}

/// Reads a CFI entry's length field at `at`: (address of the CIE id / CIE
/// pointer field, address just past the entry), or `None` for the zero
/// terminator.
///
/// # Safety
/// `at` must point to a readable CFI entry.
unsafe fn entry_bounds(at: usize) -> Option<(usize, usize)> {
    // SAFETY: per the caller, the length field is readable.
    let len = unsafe { (at as *const u32).read_unaligned() };
    match len {
        0 => None,
        0xffff_ffff => {
            // SAFETY: 64-bit DWARF: the real length follows.
            let len = unsafe { ((at + 4) as *const u64).read_unaligned() };
            Some((at + 12, (at + 12).checked_add(len as usize)?))
        }
        n => Some((at + 4, at + 4 + n as usize)),
    }
}

/// Registers the FDE at `fde` (its CIE found through its CIE pointer);
/// false if it is not a parseable FDE.
///
/// # Safety
/// `fde` must point to a readable FDE whose CIE is readable too.
unsafe fn add_fde(fde: usize, owner: usize) -> bool {
    // SAFETY: per the caller.
    let Some((id_at, fde_end)) = (unsafe { entry_bounds(fde) }) else {
        return false;
    };
    // SAFETY: the CIE pointer field follows the length.
    let cie_ptr = unsafe { (id_at as *const u32).read_unaligned() } as usize;
    if cie_ptr == 0 {
        return false; // a CIE, not an FDE
    }
    let Some(cie) = id_at.checked_sub(cie_ptr) else {
        return false;
    };
    // SAFETY: per the caller, the CIE is readable.
    let Some((_, cie_end)) = (unsafe { entry_bounds(cie) }) else {
        return false;
    };
    let base = cie.min(fde);
    let end = cie_end.max(fde_end);
    let Some((start, pc_end)) = parse_fde(base, end - base, fde) else {
        return false;
    };
    super::install_finder();
    let hdr = hdr_for(base, start, fde);
    let mut g = REGISTERED.write().unwrap_or_else(|e| e.into_inner());
    g.push(Registered {
        owner,
        fde,
        start,
        end: pc_end,
        hdr,
    });
    ANY_REGISTERED.store(true, Ordering::Release);
    drop(g);
    super::invalidate();
    true
}

fn remove(pred: impl Fn(&Registered) -> bool) {
    let mut g = REGISTERED.write().unwrap_or_else(|e| e.into_inner());
    g.retain(|r| !pred(r));
    drop(g);
    super::invalidate();
}

/// `__register_frame(fde)`: with Apple's libunwind the argument is one FDE
/// (not a whole section as with libgcc); anything else is ignored.
pub unsafe extern "C" fn register_frame(fde: *const c_void) {
    if !fde.is_null() {
        // SAFETY: the caller passes an FDE it built.
        unsafe { add_fde(fde as usize, fde as usize) };
    }
}

/// `__deregister_frame(fde)`.
pub extern "C" fn deregister_frame(fde: *const c_void) {
    let fde = fde as usize;
    remove(|r| r.fde == fde && r.owner == fde);
}

/// `__unw_add_dynamic_eh_frame_section(eh_frame)`: every FDE of a
/// zero-terminated `.eh_frame`-format section.
pub unsafe extern "C" fn add_eh_frame_section(section: usize) {
    let mut at = section;
    if at == 0 {
        return;
    }
    // SAFETY: the caller passes a terminated section it owns.
    while let Some((id_at, end)) = unsafe { entry_bounds(at) } {
        // SAFETY: as above; the id field follows the length.
        let id = unsafe { (id_at as *const u32).read_unaligned() };
        // SAFETY: as above: an entry of the section with its CIE.
        if id != 0 && !unsafe { add_fde(at, section) } {
            break;
        }
        at = end;
    }
}

/// `__unw_remove_dynamic_eh_frame_section(eh_frame)`.
pub extern "C" fn remove_eh_frame_section(section: usize) {
    remove(|r| r.owner == section && r.fde != section);
}

/// `struct dwarf_eh_bases` (`<unwind.h>`).
#[repr(C)]
pub struct DwarfEhBases {
    pub tbase: usize,
    pub dbase: usize,
    pub func: usize,
}
const _: () = assert!(core::mem::size_of::<DwarfEhBases>() == 24);

/// `_Unwind_Find_FDE(pc, bases)`: the DWARF FDE describing `pc`, with
/// `bases` filled (text base = the image's mach header, no data base,
/// function start). Like Apple's libunwind, NULL for a function described
/// by a compact encoding (bases still filled) or for an unknown pc.
pub unsafe extern "C" fn find_fde(pc: *const c_void, bases: *mut DwarfEhBases) -> *const c_void {
    let Some((h, text)) = super::locate(pc as usize) else {
        return core::ptr::null();
    };
    if !bases.is_null() {
        // SAFETY: the caller's writable struct.
        unsafe {
            *bases = DwarfEhBases {
                tbase: text,
                dbase: 0,
                func: cfi::hdr_start(h),
            }
        };
    }
    if cfi::is_synthesized(h) {
        return core::ptr::null();
    }
    cfi::hdr_fde(h) as *const c_void
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CIE ("zR", pc-relative sdata4 pointers) and one FDE for
    /// 0x40 bytes at 0x1000 past the section (patched once placed),
    /// zero-terminated; returns (section, FDE offset).
    fn section() -> (Vec<u8>, usize) {
        let cie: &[u8] = &[
            0, 0, 0, 0, 1, b'z', b'R', 0, 1, 0x78, 16, 1, 0x1b, 0x0c, 7, 8, 0x90, 1, 0, 0,
        ];
        let mut v = Vec::new();
        v.extend_from_slice(&(cie.len() as u32).to_le_bytes());
        v.extend_from_slice(cie);
        let fde_at = v.len();
        v.extend_from_slice(&20u32.to_le_bytes());
        v.extend_from_slice(&((fde_at + 4) as u32).to_le_bytes());
        v.extend_from_slice(&[0; 4]); // pc_begin, patched once placed
        v.extend_from_slice(&0x40u32.to_le_bytes());
        v.extend_from_slice(&[0; 8]); // augmentation length 0, padding
        v.extend_from_slice(&[0; 4]); // terminator
        (v, fde_at)
    }

    #[test]
    fn registers_fdes() {
        let (mut buf, fde_at) = section();
        let addr = buf.as_ptr() as usize;
        let field = fde_at + 8;
        // The function: 0x1000 bytes past the buffer (pc-relative reach).
        let func = addr + 0x1000;
        let rel = (func as i64 - (addr + field) as i64) as i32;
        buf[field..field + 4].copy_from_slice(&rel.to_le_bytes());
        let fde = addr + fde_at;
        // SAFETY: our own buffer.
        unsafe { register_frame(fde as *const c_void) };
        let h = find_registered(func + 0x10).expect("registered");
        assert_eq!(cfi::hdr_fde(h), fde);
        assert_eq!(cfi::hdr_start(h), func);
        assert!(find_registered(func + 0x40).is_none());
        deregister_frame(fde as *const c_void);
        assert!(find_registered(func + 0x10).is_none());
        // A CIE is not an FDE.
        // SAFETY: our own buffer.
        unsafe { register_frame(addr as *const c_void) };
        assert!(find_registered(func + 0x10).is_none());
        // The whole section.
        // SAFETY: our own terminated buffer.
        unsafe { add_eh_frame_section(addr) };
        assert!(find_registered(func + 0x10).is_some());
        remove_eh_frame_section(addr);
        assert!(find_registered(func + 0x10).is_none());
        // The per-image index finds it too.
        let img = UnwindImage {
            header: 0,
            text: (0, 0),
            unwind_info: None,
            eh_frame: Some((addr, buf.len())),
        };
        assert_eq!(search(&img, func + 0x3f).map(cfi::hdr_fde), Some(fde));
        assert!(search(&img, func + 0x40).is_none());
        assert!(search(&img, func - 1).is_none());
        assert_eq!(at_offset(&img, fde_at, func).map(cfi::hdr_fde), Some(fde));
        assert!(at_offset(&img, fde_at, func + 0x1000).is_none());
    }
}
