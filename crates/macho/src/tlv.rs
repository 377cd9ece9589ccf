//! Thread-local variable layout (`__thread_vars`, `__thread_data`, `__thread_bss`).

use crate::bytes::malformed;
use crate::consts::*;
use crate::image::pointer_slots;
use crate::{MachO, Result, TlvInfo};

/// Size of one `tlv_descriptor` (`thunk`, `key`, `offset`).
const DESCRIPTOR_SIZE: u64 = 24;
/// Alignments above 2^MAX_ALIGN_LOG2 are not something a linker emits; they
/// would make the per-thread allocation absurd.
const MAX_ALIGN_LOG2: u32 = 16;

pub(crate) fn layout(m: &MachO<'_>) -> Result<Option<TlvInfo>> {
    // Descriptors: normally one __thread_vars section; several are accepted
    // when they are contiguous, since TlvInfo describes one array.
    let mut vars: Vec<_> = m
        .sections
        .iter()
        .filter(|s| s.section_type() == S_THREAD_LOCAL_VARIABLES)
        .collect();
    if vars.is_empty() {
        return Ok(None);
    }
    vars.sort_by_key(|s| s.addr);
    let descriptors_addr = vars[0].addr;
    let mut end = descriptors_addr;
    for s in &vars {
        if s.size % DESCRIPTOR_SIZE != 0 {
            return Err(malformed(format!(
                "section {},{}: size is not a multiple of 24",
                s.segname, s.sectname
            )));
        }
        if s.addr != end {
            return Err(malformed(
                "thread-local variable sections are not contiguous",
            ));
        }
        // parse() checked that addr + size does not overflow.
        end = s.addr + s.size;
    }
    let descriptor_count = (end - descriptors_addr) / DESCRIPTOR_SIZE;

    // Template: from the lowest initial-value section to the end of the
    // highest; the bytes up to the end of the last REGULAR one come from
    // the image, the rest is zero.
    let mut span: Option<(u64, u64)> = None;
    let mut init_end: Option<u64> = None;
    let mut align_log2 = 4u32; // at least 16 bytes
    for s in &m.sections {
        let ty = s.section_type();
        if ty != S_THREAD_LOCAL_REGULAR && ty != S_THREAD_LOCAL_ZEROFILL {
            continue;
        }
        if s.align > MAX_ALIGN_LOG2 {
            return Err(malformed(format!(
                "section {},{}: alignment 2^{} is absurd",
                s.segname, s.sectname, s.align
            )));
        }
        align_log2 = align_log2.max(s.align);
        let s_end = s.addr + s.size;
        span = Some(span.map_or((s.addr, s_end), |(lo, hi)| (lo.min(s.addr), hi.max(s_end))));
        if ty == S_THREAD_LOCAL_REGULAR {
            init_end = Some(init_end.map_or(s_end, |e| e.max(s_end)));
        }
    }
    let (template_addr, template_size, template_init_size) = match span {
        None => (0, 0, 0),
        // lo <= every section start <= every section end <= hi.
        Some((lo, hi)) => (lo, hi - lo, init_end.map_or(0, |e| e - lo)),
    };

    let mut init_funcs = Vec::new();
    for s in &m.sections {
        if s.section_type() == S_THREAD_LOCAL_INIT_FUNCTION_POINTERS {
            init_funcs.extend(pointer_slots(s)?);
        }
    }
    Ok(Some(TlvInfo {
        descriptors_addr,
        descriptor_count,
        template_addr,
        template_init_size,
        template_size,
        template_align: 1u64 << align_log2,
        init_funcs,
    }))
}
