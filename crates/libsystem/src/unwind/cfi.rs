//! Writing the small DWARF CFI blobs the unwinder reads.
//!
//! Everything handed to the unwinder is an `.eh_frame_hdr` (LSB "Exception
//! Frame Header") whose binary-search table has exactly one row: the
//! unwinder then parses that one FDE at its known place instead of
//! scanning a whole section. The header points either into an image's own
//! `__eh_frame` or at a CIE + FDE we wrote right after it.

/// `DW_EH_PE_absptr`: a native-size absolute pointer.
const DW_EH_PE_ABSPTR: u8 = 0x00;
/// `DW_EH_PE_udata4`.
const DW_EH_PE_UDATA4: u8 = 0x03;
/// `DW_EH_PE_udata8`.
const DW_EH_PE_UDATA8: u8 = 0x04;
const DW_CFA_DEF_CFA: u8 = 0x0c;
const DW_CFA_OFFSET: u8 = 0x80;
const DW_CFA_NOP: u8 = 0x00;
/// Data alignment factor of the CIEs we write: saved slots are 8 bytes.
const DATA_ALIGN: i64 = -8;

/// Size of the one-row header.
pub const HDR_LEN: usize = 32;
/// Offsets of the header's fields.
const HDR_EH_FRAME_PTR: usize = 4;
const HDR_INITIAL_LOC: usize = 16;
const HDR_FDE: usize = 24;

fn uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn sleb(out: &mut Vec<u8>, mut v: i64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0);
        if done {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// `DW_CFA_def_cfa reg, offset`.
pub fn def_cfa(out: &mut Vec<u8>, reg: u8, offset: u64) {
    out.push(DW_CFA_DEF_CFA);
    uleb(out, u64::from(reg));
    uleb(out, offset);
}

/// `DW_CFA_offset reg, n`: `reg` is saved at CFA + `cfa_offset`, which
/// must be a negative multiple of 8 (registers 0..=63 only).
pub fn offset(out: &mut Vec<u8>, reg: u8, cfa_offset: i64) -> Option<()> {
    if reg >= 64 || cfa_offset >= 0 || cfa_offset % DATA_ALIGN != 0 {
        return None;
    }
    out.push(DW_CFA_OFFSET | reg);
    uleb(out, (cfa_offset / DATA_ALIGN) as u64);
    Some(())
}

/// The one-row `.eh_frame_hdr`: `eh_frame` is where the unwinder's
/// section (and so every section-relative offset) starts, `fde` the FDE's
/// address, `initial_loc` the first pc it covers.
fn hdr_bytes(eh_frame: usize, initial_loc: usize, fde: usize) -> [u8; HDR_LEN] {
    let mut h = [0u8; HDR_LEN];
    h[0] = 1; // version
    h[1] = DW_EH_PE_UDATA8; // eh_frame_ptr encoding
    h[2] = DW_EH_PE_UDATA4; // fde_count encoding
    h[3] = DW_EH_PE_UDATA8; // table encoding
    h[HDR_EH_FRAME_PTR..HDR_EH_FRAME_PTR + 8].copy_from_slice(&(eh_frame as u64).to_le_bytes());
    h[12..16].copy_from_slice(&1u32.to_le_bytes());
    h[HDR_INITIAL_LOC..HDR_INITIAL_LOC + 8].copy_from_slice(&(initial_loc as u64).to_le_bytes());
    h[HDR_FDE..HDR_FDE + 8].copy_from_slice(&(fde as u64).to_le_bytes());
    h
}

/// A leaked one-row header for an FDE living in someone else's section.
pub fn hdr(eh_frame: usize, initial_loc: usize, fde: usize) -> &'static [u8] {
    Box::leak(Box::new(hdr_bytes(eh_frame, initial_loc, fde)))
}

fn read_usize(h: &[u8], at: usize) -> usize {
    let mut b = [0u8; 8];
    b.copy_from_slice(&h[at..at + 8]);
    u64::from_le_bytes(b) as usize
}

/// The FDE address a header made by this module points at.
pub fn hdr_fde(h: &[u8]) -> usize {
    read_usize(h, HDR_FDE)
}

/// The first pc covered by the FDE a header made by this module points at.
pub fn hdr_start(h: &[u8]) -> usize {
    read_usize(h, HDR_INITIAL_LOC)
}

/// Whether a header made by this module leads to a CIE + FDE that
/// [`build`] wrote (rather than into an image's own section).
pub fn is_synthesized(h: &[u8]) -> bool {
    read_usize(h, HDR_EH_FRAME_PTR) == h.as_ptr() as usize + HDR_LEN
}

/// What goes into a synthesized CIE + FDE pair.
pub struct Fde<'a> {
    pub start: usize,
    pub len: usize,
    /// Personality routine address, or 0 for none.
    pub personality: usize,
    /// LSDA address, or 0 for none.
    pub lsda: usize,
    /// CFI instructions describing the whole function.
    pub instructions: &'a [u8],
}

/// Pads a CIE/FDE body (which follows its 4-byte length) with `DW_CFA_nop`
/// so that the entry keeps 8-byte alignment, then prefixes the length.
fn entry(out: &mut Vec<u8>, mut body: Vec<u8>) {
    while !(body.len() + 4).is_multiple_of(8) {
        body.push(DW_CFA_NOP);
    }
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
}

/// Writes header + CIE + FDE + terminator into one leaked buffer.
///
/// Pointers are `DW_EH_PE_absptr`: the augmentation is `zPLR` without the
/// letters for an absent personality or LSDA. The CIE carries all the
/// instructions (return address column 16, data alignment -8).
pub fn build(f: &Fde) -> &'static [u8] {
    let mut cie = Vec::with_capacity(64);
    cie.extend_from_slice(&0u32.to_le_bytes()); // CIE id
    cie.push(1); // version
    cie.push(b'z');
    if f.personality != 0 {
        cie.push(b'P');
    }
    if f.lsda != 0 {
        cie.push(b'L');
    }
    cie.extend_from_slice(b"R\0");
    uleb(&mut cie, 1); // code alignment
    sleb(&mut cie, DATA_ALIGN);
    cie.push(super::compact::DW_RA);
    let mut aug = Vec::new();
    if f.personality != 0 {
        aug.push(DW_EH_PE_ABSPTR);
        aug.extend_from_slice(&(f.personality as u64).to_le_bytes());
    }
    if f.lsda != 0 {
        aug.push(DW_EH_PE_ABSPTR);
    }
    aug.push(DW_EH_PE_ABSPTR);
    uleb(&mut cie, aug.len() as u64);
    cie.extend_from_slice(&aug);
    cie.extend_from_slice(f.instructions);

    let mut out = Vec::with_capacity(HDR_LEN + 128);
    out.extend_from_slice(&[0; HDR_LEN]);
    entry(&mut out, cie);
    let fde_at = out.len();
    let mut fde = Vec::with_capacity(40);
    // CIE pointer: distance from this field back to the CIE.
    fde.extend_from_slice(&((fde_at + 4 - HDR_LEN) as u32).to_le_bytes());
    fde.extend_from_slice(&(f.start as u64).to_le_bytes());
    fde.extend_from_slice(&(f.len as u64).to_le_bytes());
    if f.lsda != 0 {
        uleb(&mut fde, 8);
        fde.extend_from_slice(&(f.lsda as u64).to_le_bytes());
    } else {
        uleb(&mut fde, 0);
    }
    entry(&mut out, fde);
    out.extend_from_slice(&0u32.to_le_bytes()); // terminator
    let buf: &'static mut [u8] = Box::leak(out.into_boxed_slice());
    let base = buf.as_ptr() as usize;
    let h = hdr_bytes(base + HDR_LEN, f.start, base + fde_at);
    buf[..HDR_LEN].copy_from_slice(&h);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use gimli::{BaseAddresses, EhFrame, EhFrameHdr, NativeEndian, UnwindSection};

    #[test]
    fn leb128() {
        let mut v = Vec::new();
        uleb(&mut v, 624485);
        assert_eq!(v, [0xe5, 0x8e, 0x26]);
        v.clear();
        sleb(&mut v, -8);
        assert_eq!(v, [0x78]);
        v.clear();
        sleb(&mut v, -123456);
        assert_eq!(v, [0xc0, 0xbb, 0x78]);
    }

    /// Fixed-size rule storage (gimli's default one needs its `read` feature).
    struct Store;
    impl gimli::UnwindContextStorage<usize> for Store {
        type Rules = [(gimli::Register, gimli::RegisterRule<usize>); 32];
        type Stack = [gimli::UnwindTableRow<usize, Self>; 2];
    }

    #[test]
    fn gimli_reads_what_we_write() {
        let mut ins = Vec::new();
        def_cfa(&mut ins, 6, 16);
        offset(&mut ins, 16, -8).unwrap();
        offset(&mut ins, 6, -16).unwrap();
        offset(&mut ins, 3, -24).unwrap();
        assert!(offset(&mut ins, 3, -12).is_none());
        let buf = build(&Fde {
            start: 0x40_0000,
            len: 0x80,
            personality: 0x1234_5678,
            lsda: 0x9abc_def0,
            instructions: &ins,
        });
        let base = buf.as_ptr() as u64;
        let bases = BaseAddresses::default().set_eh_frame_hdr(base);
        let parsed = EhFrameHdr::new(buf, NativeEndian).parse(&bases, 8).unwrap();
        let eh_ptr = parsed.eh_frame_ptr().direct().unwrap();
        assert_eq!(eh_ptr, base + HDR_LEN as u64);
        let bases = bases.set_eh_frame(eh_ptr);
        let eh = EhFrame::new(&buf[HDR_LEN..], NativeEndian);
        let table = parsed.table().unwrap();
        let fde = table
            .fde_for_address(&eh, &bases, 0x40_0010, EhFrame::cie_from_offset)
            .unwrap();
        assert_eq!(fde.initial_address(), 0x40_0000);
        assert_eq!(fde.len(), 0x80);
        assert_eq!(fde.personality().unwrap().direct().unwrap(), 0x1234_5678);
        assert_eq!(fde.lsda().unwrap().direct().unwrap(), 0x9abc_def0);
        assert!(table
            .fde_for_address(&eh, &bases, 0x40_0080, EhFrame::cie_from_offset)
            .is_err());
        let mut ctx = gimli::UnwindContext::<usize, Store>::new_in();
        let row = fde
            .unwind_info_for_address(&eh, &bases, &mut ctx, 0x40_0010)
            .unwrap();
        assert_eq!(
            *row.cfa(),
            gimli::CfaRule::RegisterAndOffset {
                register: gimli::Register(6),
                offset: 16
            }
        );
        assert_eq!(
            row.register(gimli::Register(3)),
            Some(gimli::RegisterRule::Offset(-24))
        );
        let f = hdr_fde(buf) as u64;
        assert!(f > base + HDR_LEN as u64 && f < base + buf.len() as u64);
        assert_eq!(hdr_start(buf), 0x40_0000);
        assert!(is_synthesized(buf));
        assert!(!is_synthesized(hdr(0x1000, 0x2000, 0x1010)));
        // No personality, no LSDA: "zR".
        let buf = build(&Fde {
            start: 0x1000,
            len: 0x10,
            personality: 0,
            lsda: 0,
            instructions: &ins,
        });
        let eh = EhFrame::new(&buf[HDR_LEN..], NativeEndian);
        let bases = BaseAddresses::default().set_eh_frame(base);
        let fde = eh
            .fde_for_address(&bases, 0x1004, EhFrame::cie_from_offset)
            .unwrap();
        assert!(fde.personality().is_none() && fde.lsda().is_none());
    }
}
