//! Traps for imports nobody implements. Each missing symbol gets a tiny
//! stub that, only if called, names the symbol and ends the program, so
//! programs that never call it run normally.

use std::sync::Mutex;

/// Exit status of a program that called an unimplemented function.
pub const EXIT_UNIMPLEMENTED: i32 = 120;

struct Trap {
    symbol: String,
    library: String,
    importer: String,
}

struct Pages {
    traps: Vec<Trap>,
    /// Current code page and the number of stubs written into it.
    page: usize,
    used: usize,
}

static TRAPS: Mutex<Pages> = Mutex::new(Pages {
    traps: Vec::new(),
    page: 0,
    used: 0,
});

const STUB: usize = 32;
const PAGE: usize = 4096;

/// Called by a stub: reports the missing function and exits.
extern "C" fn unimplemented_called(index: u64) -> ! {
    let (sym, lib, imp) = {
        let t = TRAPS.lock().unwrap_or_else(|e| e.into_inner());
        match t.traps.get(index as usize) {
            Some(tr) => (tr.symbol.clone(), tr.library.clone(), tr.importer.clone()),
            None => ("?".into(), "?".into(), "?".into()),
        }
    };
    calvados_libsystem::c::stdio::flush_all();
    let name = sym.strip_prefix('_').unwrap_or(&sym);
    let lib = lib.rsplit('/').next().unwrap_or(&lib);
    let msg = format!("calvados: unimplemented: {name} ({lib}) called from {imp}\n");
    // SAFETY: writing a buffer to stderr, then leaving the process.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::_exit(EXIT_UNIMPLEMENTED)
    }
}

/// Returns the address of a new stub for `symbol` of `library` imported by `importer`.
pub fn make(symbol: &str, library: &str, importer: &str) -> usize {
    let mut t = TRAPS.lock().unwrap_or_else(|e| e.into_inner());
    let index = t.traps.len() as u64;
    t.traps.push(Trap {
        symbol: symbol.to_string(),
        library: library.to_string(),
        importer: importer.to_string(),
    });
    if t.page == 0 || t.used == PAGE / STUB {
        // SAFETY: a fresh anonymous page for stub code.
        let p = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                PAGE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert!(p != libc::MAP_FAILED, "calvados: cannot allocate trap page");
        t.page = p as usize;
        t.used = 0;
    }
    let at = t.page + t.used * STUB;
    let mut code = [0xccu8; STUB];
    code[0..2].copy_from_slice(&[0x48, 0xbf]); // movabs rdi, index
    code[2..10].copy_from_slice(&index.to_le_bytes());
    code[10..12].copy_from_slice(&[0x48, 0xb8]); // movabs rax, handler
    code[12..20]
        .copy_from_slice(&(unimplemented_called as *const () as usize as u64).to_le_bytes());
    code[20..22].copy_from_slice(&[0xff, 0xe0]); // jmp rax
                                                 // SAFETY: the page is ours; make it writable, write the stub, make it executable.
    unsafe {
        libc::mprotect(t.page as *mut _, PAGE, libc::PROT_READ | libc::PROT_WRITE);
        core::ptr::copy_nonoverlapping(code.as_ptr(), at as *mut u8, STUB);
        libc::mprotect(t.page as *mut _, PAGE, libc::PROT_READ | libc::PROT_EXEC);
    }
    t.used += 1;
    at
}
