//! Reading a C `va_list` from Rust (x86_64 System V).
//!
//! On x86_64 a `va_list` is `__va_list_tag[1]`; a `va_list` parameter is a
//! pointer to the tag. `va_arg` is the ABI's algorithm: integer-class
//! arguments come from the register save area while `gp_offset < 48`,
//! doubles while `fp_offset < 176`, then from `overflow_arg_area`; a long
//! double always lives in the overflow area, 16-byte aligned. `va_copy` is a
//! copy of the 24-byte tag.

use libc::c_void;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct VaListTag {
    gp_offset: u32,
    fp_offset: u32,
    overflow_arg_area: *mut u8,
    reg_save_area: *mut u8,
}

const _: () = assert!(core::mem::size_of::<VaListTag>() == 24);

/// A cursor over a `va_list`, advancing the caller's tag in place.
pub struct VaList {
    tag: *mut VaListTag,
}

/// A long double's 16 bytes as they sit in memory (x87 80-bit + padding).
#[derive(Clone, Copy, Default, Debug, PartialEq)]
#[repr(transparent)]
pub struct LongDouble(pub [u8; 16]);

impl VaList {
    /// Wraps the `va_list` argument a C caller passed.
    ///
    /// # Safety
    /// `ap` must point to a live, started `va_list` whose remaining
    /// arguments match what is read from it.
    pub unsafe fn new(ap: *mut c_void) -> VaList {
        VaList { tag: ap.cast() }
    }

    /// A copy of the current position (`va_copy`) in caller-owned storage.
    pub fn copy_tag(&self) -> VaListTag {
        // SAFETY: `tag` is live (contract of `new`).
        unsafe { *self.tag }
    }

    /// A cursor over a tag copy.
    ///
    /// # Safety
    /// `tag` must outlive the returned cursor and describe a live `va_list`.
    pub unsafe fn from_tag(tag: &mut VaListTag) -> VaList {
        VaList { tag }
    }

    /// Moves the cursor back to a position saved with [`VaList::copy_tag`].
    pub fn reset(&mut self, tag: VaListTag) {
        // SAFETY: `tag` is live (contract of `new`/`from_tag`).
        unsafe { *self.tag = tag }
    }

    /// The next integer-class argument (int, long, pointer...), as 8 bytes;
    /// narrower types occupy the low bytes.
    pub fn next_u64(&mut self) -> u64 {
        // SAFETY: the tag follows the ABI; the caller promised an argument.
        unsafe {
            let t = &mut *self.tag;
            if t.gp_offset <= 40 {
                let v = t
                    .reg_save_area
                    .add(t.gp_offset as usize)
                    .cast::<u64>()
                    .read_unaligned();
                t.gp_offset += 8;
                v
            } else {
                let v = t.overflow_arg_area.cast::<u64>().read_unaligned();
                t.overflow_arg_area = t.overflow_arg_area.add(8);
                v
            }
        }
    }

    /// The next pointer argument.
    pub fn next_ptr<T>(&mut self) -> *mut T {
        self.next_u64() as usize as *mut T
    }

    /// The next `double` (floats are promoted to double by C varargs).
    pub fn next_f64(&mut self) -> f64 {
        // SAFETY: as above.
        unsafe {
            let t = &mut *self.tag;
            if t.fp_offset <= 160 {
                let v = t
                    .reg_save_area
                    .add(t.fp_offset as usize)
                    .cast::<f64>()
                    .read_unaligned();
                t.fp_offset += 16;
                v
            } else {
                let v = t.overflow_arg_area.cast::<f64>().read_unaligned();
                t.overflow_arg_area = t.overflow_arg_area.add(8);
                v
            }
        }
    }

    /// The next `long double`.
    pub fn next_long_double(&mut self) -> LongDouble {
        // SAFETY: as above.
        unsafe {
            let t = &mut *self.tag;
            let p = (t.overflow_arg_area as usize).next_multiple_of(16) as *mut u8;
            let v = p.cast::<[u8; 16]>().read_unaligned();
            t.overflow_arg_area = p.add(16);
            LongDouble(v)
        }
    }
}
