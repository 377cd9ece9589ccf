//! Starting a program: load, link, initialise, and enter `main` (`LC_MAIN`)
//! or the raw entry point with a darwin initial stack (`LC_UNIXTHREAD`).

use crate::dyld_api::{self, ProgramVars};
use crate::error::LoadError;
use crate::image::ImageId;
use crate::{loader, Loader};
use calvados_macho::{Entry, FileType, InitFunc};
use libc::{c_char, c_int};
use std::ffi::{CStr, CString};

/// What to run.
pub struct RunOptions {
    /// Path of the Mach-O executable.
    pub path: String,
    /// `argv`, including `argv[0]` (any bytes but NUL).
    pub args: Vec<std::ffi::OsString>,
}

type Initializer = extern "C" fn(
    c_int,
    *const *const c_char,
    *const *const c_char,
    *const *const c_char,
    *const ProgramVars,
);

/// An initializer to call, in order.
#[derive(Clone, Copy)]
pub struct InitCall(usize);

impl Loader {
    /// Initializers of `root` and its not-yet-initialised dependencies,
    /// dependencies first (dyld's bottom-up order); marks them initialised.
    pub fn pending_initializers(&mut self, root: ImageId) -> Vec<InitCall> {
        let mut out = Vec::new();
        let mut visiting = vec![false; self.images.len()];
        self.collect_inits(root, &mut visiting, &mut out);
        out
    }

    fn collect_inits(&mut self, id: ImageId, visiting: &mut Vec<bool>, out: &mut Vec<InitCall>) {
        if id >= visiting.len() || visiting[id] || self.images[id].initialized {
            return;
        }
        visiting[id] = true;
        let deps: Vec<ImageId> = self.images[id].deps.iter().flatten().copied().collect();
        for d in deps {
            self.collect_inits(d, visiting, out);
        }
        let img = &mut self.images[id];
        img.initialized = true;
        let Some(m) = img.macho() else { return };
        for f in m.init_funcs().unwrap_or_default() {
            let addr = match f {
                InitFunc::Pointer(slot) => {
                    let at = img.addr(slot);
                    if at < img.range.0 || at + 8 > img.range.1 {
                        continue;
                    }
                    // SAFETY: the slot lies inside the mapped, rebased image.
                    unsafe { (at as *const usize).read_unaligned() }
                }
                InitFunc::Offset(off) => img.header as usize + off as usize,
            };
            if addr >= img.range.0 && addr < img.range.1 {
                out.push(InitCall(addr));
            }
        }
    }
}

struct Args {
    argc: c_int,
    argv: *mut *mut c_char,
    apple: *mut *mut c_char,
}
static mut ARGS: Args = Args {
    argc: 0,
    argv: core::ptr::null_mut(),
    apple: core::ptr::null_mut(),
};

extern "C" {
    static mut environ: *mut *mut c_char;
}

/// Calls initializers with darwin's `(argc, argv, envp, apple, vars)`.
pub fn run_initializers(inits: &[InitCall]) {
    // Objective-C metadata of the images just bound, and `+load`, first.
    calvados_frameworks::objc::load_pending_images();
    // SAFETY: ARGS is written once before any initializer runs.
    let (argc, argv, apple) = unsafe {
        let a = &*core::ptr::addr_of!(ARGS);
        (a.argc, a.argv, a.apple)
    };
    let vars = dyld_api::program_vars();
    for i in inits {
        // SAFETY: `i.0` is an initializer inside a mapped, bound image.
        let f: Initializer = unsafe { core::mem::transmute(i.0) };
        // SAFETY: reading glibc's environ pointer.
        let env = unsafe { environ };
        f(argc, argv as _, env as _, apple as _, vars);
    }
}

/// `argv`, `envp` and `apple` as one array, each part NULL-terminated, as
/// the kernel lays them out and dyld passes them on: programs walk from
/// `argv` past its NULL into the environment and `apple` (Go's runtime
/// finds both that way). The strings themselves are copied into one
/// contiguous block in the same order, as on the kernel's stack: libuv's
/// `uv_setup_args` (Node.js) takes `argv[0]` to the end of the last
/// argument as the area `uv_set_process_title` may overwrite.
/// `environ` is pointed at the copy, as on darwin, where it starts as
/// `main`'s `envp`.
fn initial_vectors(
    args: &[std::ffi::OsString],
    exe: &str,
) -> (*mut *mut c_char, *mut *mut c_char, *mut *mut c_char) {
    use std::os::unix::ffi::OsStrExt;
    let no_nul = |b: &[u8]| b.iter().copied().filter(|&c| c != 0).collect::<Vec<u8>>();
    let argv: Vec<Vec<u8>> = args.iter().map(|a| no_nul(a.as_bytes())).collect();
    let mut envs: Vec<Vec<u8>> = Vec::new();
    // SAFETY: glibc's `environ` is a NULL-terminated array of C strings.
    unsafe {
        let mut p = environ;
        while !p.is_null() && !(*p).is_null() {
            envs.push(CStr::from_ptr(*p).to_bytes().to_vec());
            p = p.add(1);
        }
    }
    let apple = vec![format!("executable_path={exe}").into_bytes()];
    let mut block: Vec<u8> = Vec::new();
    let mut offsets: Vec<Option<usize>> = Vec::new();
    for part in [&argv, &envs, &apple] {
        for s in part {
            offsets.push(Some(block.len()));
            block.extend_from_slice(s);
            block.push(0);
        }
        offsets.push(None);
    }
    let block = Box::leak(block.into_boxed_slice()).as_mut_ptr();
    let all: Vec<*mut c_char> = offsets
        .iter()
        .map(|o| match o {
            // SAFETY: every offset lies inside the leaked block.
            Some(o) => unsafe { block.add(*o).cast::<c_char>() },
            None => core::ptr::null_mut(),
        })
        .collect();
    let env_at = argv.len() + 1;
    let apple_at = env_at + envs.len() + 1;
    let base = Box::leak(all.into_boxed_slice()).as_mut_ptr();
    // SAFETY: both offsets lie inside the leaked array; single-threaded
    // start-up, nothing else reads `environ` now.
    unsafe {
        environ = base.add(env_at);
        (base, base.add(env_at), base.add(apple_at))
    }
}

/// Loads and runs a program; returns only on a load error.
pub fn run_program(opts: RunOptions) -> Result<std::convert::Infallible, LoadError> {
    calvados_libsystem::init();
    calvados_libsystem::unwind::set_symbolizer(dyld_api::symbolize);
    let exe = crate::paths::absolute(&opts.path);
    let mut new = Vec::new();
    let (main_id, entry, main_header, main_slide) = {
        let mut g = loader();
        let l = g.insert(Loader {
            executable_path: exe.clone(),
            ..Default::default()
        });
        let id = l.load_file(&exe, None, FileType::Execute, &mut new)?;
        l.apply_fixups(&new)?;
        l.setup_tlv(&new)?;
        let img = &l.images[id];
        let entry = img.macho().and_then(|m| m.entry());
        (id, entry, img.header, img.slide)
    };
    let Some(entry) = entry else {
        return Err(LoadError::File {
            path: exe,
            reason: "no LC_MAIN or LC_UNIXTHREAD entry point".into(),
        });
    };
    let argc = opts.args.len() as c_int;
    let (argv, envp, apple) = initial_vectors(&opts.args, &exe);
    // SAFETY: single-threaded start-up; nothing reads ARGS yet.
    unsafe {
        *core::ptr::addr_of_mut!(ARGS) = Args { argc, argv, apple };
    }
    dyld_api::set_process_vars(argc, argv, &exe, main_header);
    record_exec(&exe, argc, argv);
    let inits = loader()
        .as_mut()
        .map(|l| l.pending_initializers(main_id))
        .unwrap_or_default();
    run_initializers(&inits);
    match entry {
        Entry::Main { entryoff, .. } => {
            let main = main_header as usize + entryoff as usize;
            // SAFETY: `main` is the program's main function in its mapped image.
            let f: extern "C" fn(
                c_int,
                *mut *mut c_char,
                *mut *mut c_char,
                *mut *mut c_char,
            ) -> c_int = unsafe { core::mem::transmute(main) };
            let status = f(argc, argv, envp, apple);
            calvados_libsystem::c::exit::exit(status)
        }
        Entry::UnixThread { rip } => {
            let pc = (rip as isize).wrapping_add(main_slide) as usize;
            // SAFETY: builds a fresh darwin initial stack and jumps to the entry.
            unsafe { enter_raw(pc, argc, argv, envp, apple) }
        }
    }
}

/// Tells libSystem what this process runs (for `proc_pidpath`,
/// `KERN_PROCARGS2`...), and names the process after the Mach-O file as
/// darwin's `p_comm` does (Linux keeps 15 bytes; `ps` and `/proc/PID/comm`
/// show it).
fn record_exec(exe: &str, argc: c_int, argv: *mut *mut c_char) {
    let args: Vec<&std::ffi::CStr> = (0..argc as usize)
        // SAFETY: `argv` holds `argc` C strings we built (leaked, so 'static).
        .map(|i| unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) })
        .collect();
    calvados_libsystem::kernel::process::set_exec_info(exe, &args);
    let name = exe.rsplit('/').next().unwrap_or(exe);
    let name: Vec<u8> = name.bytes().filter(|&b| b != 0).take(15).collect();
    if let Ok(c) = CString::new(name) {
        // SAFETY: PR_SET_NAME reads a C string of at most 16 bytes.
        unsafe { libc::prctl(libc::PR_SET_NAME, c.as_ptr()) };
    }
}

/// Enters an `LC_UNIXTHREAD` entry point with `rsp` at `argc`, followed by
/// `argv`, NULL, `envp`, NULL, `apple`, NULL — the layout the kernel gives.
unsafe fn enter_raw(
    pc: usize,
    argc: c_int,
    argv: *mut *mut c_char,
    envp: *mut *mut c_char,
    apple: *mut *mut c_char,
) -> ! {
    let mut words: Vec<usize> = vec![argc as usize];
    // SAFETY: the three vectors are NULL-terminated arrays we built or own.
    unsafe {
        for v in [argv, envp, apple] {
            let mut p = v;
            while !p.is_null() && !(*p).is_null() {
                words.push(*p as usize);
                p = p.add(1);
            }
            words.push(0);
        }
    }
    const STACK: usize = 8 << 20;
    // SAFETY: a fresh stack for the program.
    let base = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            STACK,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
            -1,
            0,
        )
    };
    assert!(
        base != libc::MAP_FAILED,
        "calvados: cannot allocate the initial stack"
    );
    let top = (base as usize + STACK) & !15;
    let mut sp = top - words.len() * 8;
    sp &= !15;
    // SAFETY: `sp..top` lies in the new stack.
    unsafe {
        core::ptr::copy_nonoverlapping(words.as_ptr(), sp as *mut usize, words.len());
        core::arch::asm!(
            "mov rsp, {sp}",
            "xor ebp, ebp",
            "xor edx, edx",
            "jmp {pc}",
            sp = in(reg) sp,
            pc = in(reg) pc,
            options(noreturn)
        );
    }
}
