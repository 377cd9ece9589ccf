//! Feeds arbitrary bytes through the whole Mach-O reader: slice selection,
//! parsing and every accessor. Any panic, hang or runaway allocation is a bug;
//! errors are the expected outcome for almost all inputs.
#![no_main]

use calvados_macho::{select_slice, MachO};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(slice) = select_slice(data) else {
        return;
    };
    let Ok(image) = MachO::parse(slice) else {
        return;
    };
    let _ = image.fixups();
    let _ = image.exports();
    for name in [&b"_main"[..], b"_printf", b"_", b"", b"__mh_execute_header", b"_lib_add"] {
        let _ = image.find_export(name);
    }
    let _ = image.init_funcs();
    let _ = image.term_funcs();
    let _ = image.tlv();
    let _ = image.symbols();
    let _ = (image.base_address(), image.entry(), image.min_os(), image.dylibs().len());
    for s in image.sections() {
        let _ = image.section_data(s);
    }
});
