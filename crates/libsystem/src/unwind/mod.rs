//! libunwind (`/usr/lib/system/libunwind.dylib`): the `_Unwind_*` ABI that
//! C++ exceptions and Rust panics in Mach-O code use, `__register_frame`,
//! and `backtrace`.
//!
//! The `_Unwind_*` logic is the `unwinding` crate's; we give it a frame
//! finder ([`install_finder`]) that knows Mach-O images: their compact
//! unwind entries become small synthesized DWARF FDEs ([`compact`]), their
//! `__eh_frame` FDEs are located exactly ([`dwarf`]). Our own ELF code is
//! found by the crate itself (`dl_iterate_phdr`).
//!
//! The loader tells this module where each Mach-O image's unwind sections
//! are ([`register_image`]), the way dyld answers libunwind's
//! `_dyld_find_unwind_sections` on macOS.

mod cfi;
mod compact;
mod dwarf;
mod execinfo;

pub use execinfo::{set_symbolizer, Symbol, Symbolizer};

use core::cell::Cell;
use core::ffi::c_void;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::collections::HashMap;
use std::sync::{Mutex, Once, RwLock};
use unwinding::abi as uw;
use unwinding::custom_eh_frame_finder::{
    set_custom_eh_frame_finder, EhFrameFinder, FrameInfo, FrameInfoKind,
};

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
    install_finder();
    let mut v = IMAGES.write().unwrap_or_else(|e| e.into_inner());
    v.retain(|i| i.header != img.header);
    v.push(img);
    invalidate();
}

/// Forgets the image whose mach header is at `header`.
pub fn unregister_image(header: usize) {
    let mut v = IMAGES.write().unwrap_or_else(|e| e.into_inner());
    v.retain(|i| i.header != header);
    invalidate();
}

/// The image whose `__TEXT` contains `pc`.
pub fn image_for_pc(pc: usize) -> Option<UnwindImage> {
    let v = IMAGES.read().unwrap_or_else(|e| e.into_inner());
    v.iter().find(|i| i.text.0 <= pc && pc < i.text.1).copied()
}

/// Synthesized frames for compact entries, by entry (leaked: the
/// unwinder holds on to them as `'static` data).
static COMPACT: RwLock<Option<HashMap<compact::Entry, &'static [u8]>>> = RwLock::new(None);

fn compact_frame(e: &compact::Entry) -> Option<&'static [u8]> {
    if let Some(b) = COMPACT
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(e))
    {
        return Some(b);
    }
    let mut g = COMPACT.write().unwrap_or_else(|e| e.into_inner());
    let m = g.get_or_insert_with(HashMap::new);
    if let Some(b) = m.get(e) {
        return Some(b);
    }
    let buf = compact::synthesize(e)?;
    m.insert(*e, buf);
    Some(buf)
}

/// The unwind description of `pc` as a one-row `.eh_frame_hdr`, and the
/// text base of its image; `None` outside Mach-O code and registered FDEs.
fn locate(pc: usize) -> Option<(&'static [u8], usize)> {
    let gen = GENERATION.load(Ordering::Acquire);
    let slot = pc.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (usize::BITS - SLOTS.ilog2());
    let hit = RECENT.with(|r| {
        let c = r[slot].get();
        (c.pc == pc && c.gen == gen).then_some(c.found)
    });
    if let Some(found) = hit {
        return found;
    }
    let found = locate_uncached(pc);
    RECENT.with(|r| r[slot].set(Recent { pc, gen, found }));
    found
}

/// Bumped whenever [`locate`]'s answers may change (images or registered
/// FDEs come or go), which empties every thread's [`RECENT`].
static GENERATION: AtomicUsize = AtomicUsize::new(1);

pub(crate) fn invalidate() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// One remembered answer of [`locate`].
#[derive(Clone, Copy)]
struct Recent {
    pc: usize,
    gen: usize,
    found: Option<(&'static [u8], usize)>,
}

const SLOTS: usize = 64;

thread_local! {
    /// Recent answers of [`locate`], by pc: an exception or a backtrace
    /// looks the same few return addresses up again and again.
    static RECENT: [Cell<Recent>; SLOTS] = const {
        [const { Cell::new(Recent { pc: 0, gen: 0, found: None }) }; SLOTS]
    };
}

fn locate_uncached(pc: usize) -> Option<(&'static [u8], usize)> {
    if let Some(h) = dwarf::find_registered(pc) {
        return Some((h, 0));
    }
    let img = image_for_pc(pc)?;
    let h = match compact::lookup(&img, pc) {
        Some(compact::Lookup::Compact(e)) => compact_frame(&e).or_else(|| dwarf::search(&img, pc)),
        Some(compact::Lookup::Dwarf(off)) => {
            dwarf::at_offset(&img, off, pc).or_else(|| dwarf::search(&img, pc))
        }
        Some(compact::Lookup::Unknown) | None => dwarf::search(&img, pc),
    }?;
    Some((h, img.text.0))
}

/// The frame finder the `unwinding` crate consults before its own ELF one.
struct MachOFinder;

// SAFETY: `find` returns only headers from `locate`, each verified (by a
// bounded parse, or by construction) to lead to an FDE covering `pc`, in
// memory that stays alive for the rest of the process.
unsafe impl EhFrameFinder for MachOFinder {
    fn find(&self, pc: usize) -> Option<FrameInfo> {
        let (h, text) = locate(pc)?;
        Some(FrameInfo {
            text_base: Some(text),
            kind: FrameInfoKind::EhFrameHdr(h.as_ptr() as usize),
        })
    }
}

static FINDER: MachOFinder = MachOFinder;

/// Installs [`MachOFinder`] (once; before any Mach-O code or registered
/// FDE can need it).
pub(crate) fn install_finder() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Only fails if already set, and only this function sets it.
        let _ = set_custom_eh_frame_finder(&FINDER);
    });
}

/// The real stop function and argument of a forced unwind.
struct Stop {
    stop: uw::UnwindStopFn,
    arg: usize,
}

/// [`Stop`]s in use, interned so that the exception can keep pointing at
/// them for the whole unwind (through `_Unwind_Resume`).
static STOPS: Mutex<Option<HashMap<(usize, usize), &'static Stop>>> = Mutex::new(None);

/// Whether the frame starting at `start` is the unwinder's own entry point
/// (the crate begins a forced unwind at the frame of the function that
/// captured the registers; libunwind begins at that function's caller).
fn is_unwinder_entry(start: usize) -> bool {
    start == uw::_Unwind_ForcedUnwind as *const () as usize
        || start == uw::_Unwind_Resume as *const () as usize
        || start == uw::_Unwind_Resume_or_Rethrow as *const () as usize
        || start == forced_unwind as *const () as usize
}

/// Stands between the unwinder and the caller's stop function, giving it
/// what libunwind gives: actions `_UA_FORCE_UNWIND | _UA_CLEANUP_PHASE`,
/// plus `_UA_END_OF_STACK` only once no frame is left (no frame ⇔ no region
/// start; the crate sets it on every call), and none of our own frames.
unsafe extern "C" fn stop_shim(
    version: libc::c_int,
    _actions: uw::UnwindAction,
    class: u64,
    exc: *mut uw::UnwindException,
    ctx: &mut uw::UnwindContext<'_>,
    arg: *mut c_void,
) -> uw::UnwindReasonCode {
    // SAFETY: `arg` is the interned `Stop` given to `_Unwind_ForcedUnwind`.
    let s = unsafe { &*(arg as *const Stop) };
    let start = uw::_Unwind_GetRegionStart(ctx);
    if is_unwinder_entry(start) {
        return uw::UnwindReasonCode::NO_REASON;
    }
    let mut a = uw::UnwindAction::FORCE_UNWIND.0 | uw::UnwindAction::CLEANUP_PHASE.0;
    if start == 0 {
        a |= uw::UnwindAction::END_OF_STACK.0;
    }
    // SAFETY: calling the program's stop function with its own argument.
    unsafe {
        (s.stop)(
            version,
            uw::UnwindAction(a),
            class,
            exc,
            ctx,
            s.arg as *mut c_void,
        )
    }
}

/// `_Unwind_ForcedUnwind`.
unsafe extern "C-unwind" fn forced_unwind(
    exc: *mut uw::UnwindException,
    stop: uw::UnwindStopFn,
    arg: *mut c_void,
) -> uw::UnwindReasonCode {
    let s: &'static Stop = {
        let mut g = STOPS.lock().unwrap_or_else(|e| e.into_inner());
        g.get_or_insert_with(HashMap::new)
            .entry((stop as usize, arg as usize))
            .or_insert_with(|| {
                Box::leak(Box::new(Stop {
                    stop,
                    arg: arg as usize,
                }))
            })
    };
    // SAFETY: forwarding the caller's exception with our shim in front of
    // its stop function.
    unsafe { uw::_Unwind_ForcedUnwind(exc, stop_shim, s as *const Stop as *mut c_void) }
}

/// The program's `_Unwind_Backtrace` callback, and what the walk returns.
struct Trace {
    trace: uw::UnwindTraceFn,
    arg: *mut c_void,
    first: bool,
    result: Option<uw::UnwindReasonCode>,
}

/// `_Unwind_Backtrace`, ending as libunwind's does: a frame without unwind
/// information is the bottom of the stack (never shown to the callback,
/// `_URC_END_OF_STACK`), and a callback's answer other than
/// `_URC_NO_REASON` stops the walk and is returned as is. The crate would
/// show such a frame and turn any stop into `_URC_FATAL_PHASE1_ERROR`.
#[inline(never)]
extern "C-unwind" fn backtrace(trace: uw::UnwindTraceFn, arg: *mut c_void) -> uw::UnwindReasonCode {
    let mut t = Trace {
        trace,
        arg,
        first: true,
        result: None,
    };
    let rc = uw::_Unwind_Backtrace(trace_shim, &mut t as *mut Trace as *mut c_void);
    t.result.unwrap_or(rc)
}

extern "C" fn trace_shim(ctx: &uw::UnwindContext<'_>, arg: *mut c_void) -> uw::UnwindReasonCode {
    // SAFETY: `arg` is the `Trace` on `backtrace`'s stack, alive for the walk.
    let t = unsafe { &mut *(arg as *mut Trace) };
    let start = uw::_Unwind_GetRegionStart(ctx);
    if core::mem::take(&mut t.first) && start == backtrace as *const () as usize {
        return uw::UnwindReasonCode::NO_REASON; // our own frame
    }
    let rc = if start == 0 {
        uw::UnwindReasonCode::END_OF_STACK
    } else {
        (t.trace)(ctx, t.arg)
    };
    if rc != uw::UnwindReasonCode::NO_REASON {
        t.result = Some(rc);
    }
    rc
}

pub static EXPORTS: &[crate::export::Export] = crate::exports! {
    func "__Unwind_RaiseException" => uw::_Unwind_RaiseException,
    func "__Unwind_Resume" => uw::_Unwind_Resume,
    func "__Unwind_Resume_or_Rethrow" => uw::_Unwind_Resume_or_Rethrow,
    func "__Unwind_ForcedUnwind" => forced_unwind,
    func "__Unwind_Backtrace" => backtrace,
    func "__Unwind_DeleteException" => uw::_Unwind_DeleteException,
    func "__Unwind_GetIP" => uw::_Unwind_GetIP,
    func "__Unwind_GetIPInfo" => uw::_Unwind_GetIPInfo,
    func "__Unwind_SetIP" => uw::_Unwind_SetIP,
    func "__Unwind_GetGR" => uw::_Unwind_GetGR,
    func "__Unwind_SetGR" => uw::_Unwind_SetGR,
    func "__Unwind_GetCFA" => uw::_Unwind_GetCFA,
    func "__Unwind_GetLanguageSpecificData" => uw::_Unwind_GetLanguageSpecificData,
    func "__Unwind_GetRegionStart" => uw::_Unwind_GetRegionStart,
    func "__Unwind_GetTextRelBase" => uw::_Unwind_GetTextRelBase,
    func "__Unwind_GetDataRelBase" => uw::_Unwind_GetDataRelBase,
    func "__Unwind_FindEnclosingFunction" => uw::_Unwind_FindEnclosingFunction,
    func "__Unwind_Find_FDE" => dwarf::find_fde,
    func "___register_frame" => dwarf::register_frame,
    func "___deregister_frame" => dwarf::deregister_frame,
    func "___unw_add_dynamic_fde" => dwarf::register_frame,
    func "___unw_remove_dynamic_fde" => dwarf::deregister_frame,
    func "___unw_add_dynamic_eh_frame_section" => dwarf::add_eh_frame_section,
    func "___unw_remove_dynamic_eh_frame_section" => dwarf::remove_eh_frame_section,
    func "_backtrace" => execinfo::backtrace,
    func "_backtrace_symbols" => execinfo::backtrace_symbols,
    func "_backtrace_symbols_fd" => execinfo::backtrace_symbols_fd,
};
