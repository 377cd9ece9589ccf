//! `CFBundle`: a directory with an `Info.plist`.
//!
//! The info dictionary is read from `Contents/Info.plist` (macOS app
//! bundles), `Resources/Info.plist` (frameworks) or `Info.plist` (flat
//! bundles), in XML form. The executable is `CFBundleExecutable` (else the
//! bundle's name without extension) under `Contents/MacOS/`, or at the
//! bundle's top for flat bundles. The main bundle is the `.app` holding
//! the program when it runs from `X.app/Contents/MacOS/`, else the
//! program's own directory with no info dictionary (Calvados does not read
//! an `__info_plist` section), and its executable is the program.

use super::base::{self, alloc, expect, CFTypeID, Class, Ref, TYPE_ID_BUNDLE};
use super::{dictionary as dict, string, url};
use crate::cfstr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct BundleBody {
    dir: PathBuf,
    /// Info dictionary (always a dictionary, maybe empty).
    info: Ref,
    /// The program itself, for the main bundle.
    main_exe: Option<PathBuf>,
}

impl Drop for BundleBody {
    fn drop(&mut self) {
        // SAFETY: the bundle owns its dictionary.
        unsafe { base::release(self.info) }
    }
}

pub static BUNDLE_CLASS: Class = Class {
    type_id: TYPE_ID_BUNDLE,
    name: "CFBundle",
    finalize: base::drop_obj::<BundleBody>,
    equal: base::same,
    hash: base::addr_hash,
    describe: |a| {
        // SAFETY: `a` is a bundle.
        format!("CFBundle {:p} <{}>", a, unsafe { body(a) }.dir.display())
    },
    immortal: false,
};

unsafe fn body<'a>(b: Ref) -> &'a BundleBody {
    // SAFETY: the caller passes a CF object.
    unsafe { &expect::<BundleBody>(b, &BUNDLE_CLASS, "CFBundle").body }
}

fn read_info(dir: &Path) -> Ref {
    for rel in ["Contents/Info.plist", "Resources/Info.plist", "Info.plist"] {
        if let Ok(bytes) = std::fs::read(dir.join(rel)) {
            if let Some(o) = super::plist::parse(&bytes) {
                // SAFETY: a fresh object.
                if unsafe { dict::is_dict(o.0) } {
                    return o.into_raw();
                }
            }
        }
    }
    dict::new_cftype_dict()
}

fn new_bundle(dir: PathBuf, main_exe: Option<PathBuf>, info: bool) -> Ref {
    let info = if info {
        read_info(&dir)
    } else {
        dict::new_cftype_dict()
    };
    alloc(
        &BUNDLE_CLASS,
        BundleBody {
            dir,
            info,
            main_exe,
        },
    )
}

/// The running program's path (libSystem's `proc_pidpath` knows it).
fn program_path() -> Option<PathBuf> {
    let e = calvados_libsystem::lookup(b"_proc_pidpath")?;
    // SAFETY: `proc_pidpath(pid, buf, size)` as libSystem exports it.
    let f: unsafe extern "C" fn(libc::c_int, *mut u8, u32) -> libc::c_int =
        unsafe { core::mem::transmute(e.addr()) };
    let mut buf = vec![0u8; 4096];
    // SAFETY: a buffer of the size passed.
    let n = unsafe { f(libc::getpid(), buf.as_mut_ptr(), buf.len() as u32) };
    if n <= 0 {
        return None;
    }
    buf.truncate(n as usize);
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(&buf)))
}

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_BUNDLE
}

unsafe extern "C" fn get_main_bundle() -> Ref {
    static MAIN: OnceLock<usize> = OnceLock::new();
    *MAIN.get_or_init(|| {
        let exe = program_path();
        let app = exe.as_ref().and_then(|e| {
            let macos = e.parent()?;
            let contents = macos.parent()?;
            (macos.file_name()? == "MacOS" && contents.file_name()? == "Contents")
                .then(|| contents.parent())?
        });
        let b = match (app, exe.as_ref()) {
            (Some(a), _) => new_bundle(a.to_path_buf(), exe.clone(), true),
            (None, Some(e)) => new_bundle(
                e.parent().unwrap_or(Path::new("/")).to_path_buf(),
                exe.clone(),
                false,
            ),
            (None, None) => new_bundle(std::env::current_dir().unwrap_or_default(), None, false),
        };
        b as usize
    }) as Ref
}

unsafe extern "C" fn create(_a: Ref, u: Ref) -> Ref {
    // SAFETY: a URL.
    let Some(p) = (unsafe { url::file_path(u) }) else {
        return core::ptr::null();
    };
    let dir = PathBuf::from(std::ffi::OsStr::from_bytes(&p));
    if !dir.is_dir() {
        return core::ptr::null();
    }
    new_bundle(dir, None, true)
}

unsafe extern "C" fn copy_bundle_url(b: Ref) -> Ref {
    // SAFETY: a bundle.
    let d = unsafe { body(b) };
    url::from_path(d.dir.as_os_str().as_bytes(), true, core::ptr::null())
}

/// The info dictionary's string value for `key`.
unsafe fn info_string(b: &BundleBody, key: Ref) -> Option<String> {
    // SAFETY: our dictionary.
    unsafe { string::opt_string(dict::get(b.info, key)) }
}

unsafe extern "C" fn copy_executable_url(b: Ref) -> Ref {
    // SAFETY: a bundle.
    let d = unsafe { body(b) };
    if let Some(e) = &d.main_exe {
        return url::from_path(e.as_os_str().as_bytes(), false, core::ptr::null());
    }
    // SAFETY: our dictionary.
    let name = unsafe { info_string(d, cfstr!("CFBundleExecutable")) }
        .or_else(|| d.dir.file_stem().map(|s| s.to_string_lossy().into_owned()));
    let Some(name) = name else {
        return core::ptr::null();
    };
    for cand in [d.dir.join("Contents/MacOS").join(&name), d.dir.join(&name)] {
        if cand.is_file() {
            return url::from_path(cand.as_os_str().as_bytes(), false, core::ptr::null());
        }
    }
    core::ptr::null()
}

unsafe extern "C" fn get_identifier(b: Ref) -> Ref {
    // SAFETY: a bundle and its dictionary.
    unsafe {
        let v = dict::get(body(b).info, cfstr!("CFBundleIdentifier"));
        if string::is_string(v) {
            v
        } else {
            core::ptr::null()
        }
    }
}

unsafe extern "C" fn get_value_for_info_dictionary_key(b: Ref, key: Ref) -> Ref {
    // SAFETY: a bundle and its dictionary.
    unsafe { dict::get(body(b).info, key) }
}

unsafe extern "C" fn get_info_dictionary(b: Ref) -> Ref {
    // SAFETY: a bundle.
    unsafe { body(b) }.info
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_CFBundleGetTypeID" => get_type_id,
    func "_CFBundleGetMainBundle" => get_main_bundle,
    func "_CFBundleCreate" => create,
    func "_CFBundleCopyBundleURL" => copy_bundle_url,
    func "_CFBundleCopyExecutableURL" => copy_executable_url,
    func "_CFBundleGetIdentifier" => get_identifier,
    func "_CFBundleGetValueForInfoDictionaryKey" => get_value_for_info_dictionary_key,
    func "_CFBundleGetInfoDictionary" => get_info_dictionary,
};
