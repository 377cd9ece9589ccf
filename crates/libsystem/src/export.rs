//! The export table: one source of truth for what we provide.

use std::sync::OnceLock;

/// How an export is implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Our own function (translates data or behaviour).
    Func,
    /// glibc's function, exported as is because its darwin ABI is identical.
    Host,
    /// A data symbol (the address of a variable).
    Data,
}

/// One exported symbol.
#[derive(Debug)]
pub struct Export {
    /// Mach-O symbol name, with the leading underscore (`_printf`).
    pub name: &'static str,
    /// Our function or variable; NULL for [`Kind::Host`] entries.
    pub raw_addr: *const (),
    /// For [`Kind::Host`]: the glibc function, as written in the table
    /// (`libc::sin`); found by name when a program imports it, so that the
    /// hundreds of glibc functions we re-export cost no dynamic relocations
    /// when Calvados starts.
    pub host_name: &'static str,
    pub kind: Kind,
}

impl Export {
    /// The address a Mach-O import of this symbol binds to (NULL only if a
    /// host function is missing from the host's C library).
    pub fn addr(&self) -> *const () {
        if self.kind != Kind::Host {
            return self.raw_addr;
        }
        let sym = self
            .host_name
            .rsplit("::")
            .next()
            .unwrap_or(self.host_name)
            .trim();
        let Ok(c) = std::ffi::CString::new(sym) else {
            return core::ptr::null();
        };
        // SAFETY: looking a symbol up by a NUL-terminated name.
        unsafe { libc::dlsym(libc::RTLD_DEFAULT, c.as_ptr()) as *const () }
    }
}

// SAFETY: `addr` is the address of a function or of a static that lives for
// the whole process; sharing it between threads is sound.
unsafe impl Sync for Export {}

/// Declares an export table: `func!` for our functions, `host!` for glibc
/// functions with an identical ABI, `data!` for variables.
#[macro_export]
macro_rules! exports {
    ($($kind:ident $name:literal => $val:expr),* $(,)?) => {
        &[$($crate::exports!(@one $kind $name $val)),*]
    };
    (@one func $name:literal $val:expr) => {
        $crate::export::Export { name: $name, raw_addr: $val as *const (), host_name: "", kind: $crate::export::Kind::Func }
    };
    (@one host $name:literal $val:expr) => {{
        // Names the function (so it must exist) without taking its address.
        const _: () = {
            let _ = $val;
        };
        $crate::export::Export { name: $name, raw_addr: ::core::ptr::null(), host_name: stringify!($val), kind: $crate::export::Kind::Host }
    }};
    (@one data $name:literal $val:expr) => {
        $crate::export::Export { name: $name, raw_addr: ::core::ptr::addr_of!($val) as *const (), host_name: "", kind: $crate::export::Kind::Data }
    };
}

/// Every module's table.
static TABLES: &[&[Export]] = &[
    crate::c::EXPORTS,
    crate::c::stdio::EXPORTS,
    crate::c::string::EXPORTS,
    crate::c::stdlib::EXPORTS,
    crate::errno::EXPORTS,
    crate::kernel::EXPORTS,
    crate::malloc::EXPORTS,
    crate::malloc::ZONE_EXPORTS,
    crate::kernel::PROCESS_EXPORTS,
    crate::kernel::process::FORK_EXPORTS,
    crate::kernel::signal::EXPORTS,
    crate::kernel::stat::EXPORTS,
    crate::kernel::dir::EXPORTS,
    crate::kernel::fs::FCNTL_EXPORTS,
    crate::kernel::mman::EXPORTS,
    crate::kernel::resource::EXPORTS,
    crate::kernel::signal::ALTSTACK_EXPORTS,
    crate::kernel::sysctl::EXPORTS,
    crate::c::sysconf::EXPORTS,
    crate::c::setjmp::EXPORTS,
    crate::pthread::EXPORTS,
    crate::pthread::SYNC_EXPORTS,
    crate::m::EXPORTS,
    crate::c::ctype::EXPORTS,
    crate::c::time::EXPORTS,
    crate::kernel::time::EXPORTS,
    crate::kernel::host::EXPORTS,
    crate::kernel::statfs::EXPORTS,
    crate::kernel::xattr::EXPORTS,
    crate::kernel::ioctl::EXPORTS,
    crate::c::fts::EXPORTS,
    crate::kernel::attrlist::EXPORTS,
    crate::kernel::darwin_fs::EXPORTS,
    crate::kernel::entropy::EXPORTS,
    crate::c::copyfile::EXPORTS,
    crate::kernel::exec::EXPORTS,
    crate::kernel::spawn::EXPORTS,
    crate::pthread::rwlock::EXPORTS,
    crate::platform::EXPORTS,
    crate::kernel::semaphore::EXPORTS,
    crate::kernel::mach::EXPORTS,
    crate::kernel::mach_thread::EXPORTS,
    crate::kernel::syscall::EXPORTS,
    crate::kernel::ucontext::EXPORTS,
    crate::dispatch::EXPORTS,
    crate::blocks::EXPORTS,
    crate::kernel::socket::EXPORTS,
    crate::kernel::poll::EXPORTS,
    crate::c::netdb::EXPORTS,
    crate::kernel::kqueue::EXPORTS,
    crate::c::glob::EXPORTS,
    crate::c::fnmatch::EXPORTS,
    crate::c::regex::EXPORTS,
    crate::c::getopt::EXPORTS,
    crate::c::err::EXPORTS,
    crate::c::syslog::EXPORTS,
    crate::c::locale::EXPORTS,
    crate::c::wchar::EXPORTS,
    crate::c::iconv::EXPORTS,
    crate::c::pwd::EXPORTS,
    crate::c::utmpx::EXPORTS,
    crate::c::uuid::EXPORTS,
    crate::c::random::EXPORTS,
    crate::common_crypto::EXPORTS,
    crate::unwind::EXPORTS,
    crate::c::resolv::EXPORTS,
    crate::notify::EXPORTS,
    crate::xpc::EXPORTS,
    crate::kernel::vm::EXPORTS,
    crate::kernel::process::TRACE_EXPORTS,
    crate::c::charset::EXPORTS,
    crate::c::compiler_rt::EXPORTS,
    crate::c::macho_arch::EXPORTS,
    crate::c::assert::EXPORTS,
    crate::c::acl::EXPORTS,
    crate::kernel::msg_x::EXPORTS,
    crate::kernel::ulock::EXPORTS,
    crate::c::nl_catalog::EXPORTS,
    crate::sandbox::EXPORTS,
];

fn tables() -> &'static [&'static [Export]] {
    TABLES
}

/// Iterates over every export of every module.
pub fn all_exports() -> impl Iterator<Item = &'static Export> {
    tables().iter().flat_map(|t| t.iter())
}

/// FNV-1a over a name. The index is built on every start-up (and again
/// after each Mach-O `exec`), and names need no protection against
/// collision attacks, so a cheap hash is the right one.
fn fnv(name: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in name {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}

/// Open-addressing index over a set of tables: each slot is 0 (empty) or
/// `(table << 16 | entry) + 1`. Four bytes a slot keep it to a few pages,
/// which matters because every process start touches all of them. Other
/// built-in libraries (the frameworks crate) index their own tables with it.
pub struct Index {
    tables: &'static [&'static [Export]],
    slots: Box<[u32]>,
    mask: usize,
}

impl Index {
    /// Indexes every entry of `tables`; the first definition of a name wins.
    pub fn build(tables: &'static [&'static [Export]]) -> Index {
        let count: usize = tables.iter().map(|t| t.len()).sum();
        let size = (count * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut ix = Index {
            tables,
            slots: vec![0u32; size].into_boxed_slice(),
            mask,
        };
        for (t, table) in tables.iter().enumerate() {
            for (i, e) in table.iter().enumerate() {
                let mut at = fnv(e.name.as_bytes()) as usize & mask;
                loop {
                    match ix.slots[at] {
                        0 => {
                            ix.slots[at] = ((t as u32) << 16 | i as u32) + 1;
                            break;
                        }
                        // The first definition wins; duplicates are caught
                        // by a test.
                        v if ix.entry(v).name == e.name => break,
                        _ => at = (at + 1) & mask,
                    }
                }
            }
        }
        ix
    }

    fn entry(&self, v: u32) -> &'static Export {
        let v = v - 1;
        &self.tables[(v >> 16) as usize][(v & 0xffff) as usize]
    }

    /// The entry named `name`, if any.
    pub fn get(&self, name: &[u8]) -> Option<&'static Export> {
        let mut at = fnv(name) as usize & self.mask;
        loop {
            match self.slots[at] {
                0 => return None,
                v if self.entry(v).name.as_bytes() == name => return Some(self.entry(v)),
                _ => at = (at + 1) & self.mask,
            }
        }
    }
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(tables()))
}

/// Finds the export named `name` (Mach-O spelling, leading underscore).
pub fn lookup(name: &[u8]) -> Option<&'static Export> {
    index().get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_duplicate_names() {
        let mut seen = std::collections::HashSet::new();
        let mut nulls = Vec::new();
        for e in all_exports() {
            assert!(seen.insert(e.name), "duplicate export {}", e.name);
            assert!(e.name.starts_with('_'), "{} lacks the underscore", e.name);
            if e.addr().is_null() {
                nulls.push(format!("{} ({})", e.name, e.host_name));
            }
        }
        assert!(nulls.is_empty(), "exports without an address: {nulls:?}");
    }
}
