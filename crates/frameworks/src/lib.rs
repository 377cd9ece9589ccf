//! The macOS frameworks command-line programs link, served at their real
//! install names as built-in libraries: only the calls real binaries import
//! (`calvados check` says which), one module per framework. A framework
//! function we lack binds to the loader's named trap, like libSystem's.

pub mod core_foundation;
pub mod core_services;
pub mod iokit;
pub mod objc;
pub mod security;
pub mod system_configuration;

use calvados_libsystem::export::{Export, Index};
use std::sync::OnceLock;

/// The frameworks this crate answers for (short name → install-name leaf).
/// Foundation has no exports of ours: Rust tools link it (and libobjc)
/// without calling into it, so the image must exist; a call into it binds
/// to the loader's named trap.
const FRAMEWORKS: &[&str] = &[
    "CoreFoundation",
    "Security",
    "SystemConfiguration",
    "CoreServices",
    "IOKit",
    "Foundation",
];

/// Libraries outside `/System/Library/Frameworks` served here, likewise
/// without exports of their own: the Objective-C runtime.
const LIBRARIES: &[&str] = &["/usr/lib/libobjc.A.dylib"];

/// Whether `name` is the install name of one of our frameworks (any
/// version directory, or a sub-framework of CoreServices, such as FSEvents
/// or CarbonCore).
pub fn is_builtin_install_name(name: &str) -> bool {
    if LIBRARIES.contains(&name) {
        return true;
    }
    let Some(rest) = name.strip_prefix("/System/Library/Frameworks/") else {
        return false;
    };
    FRAMEWORKS.iter().any(|f| {
        rest.strip_prefix(f)
            .and_then(|r| r.strip_prefix(".framework/"))
            .is_some_and(|r| {
                let versioned = r
                    .strip_prefix("Versions/")
                    .and_then(|v| v.split_once('/'))
                    .filter(|(ver, _)| ver.len() == 1);
                r == *f
                    || versioned.is_some_and(|(_, leaf)| leaf == *f)
                    || (*f == "CoreServices"
                        && versioned.is_some_and(|(_, leaf)| leaf.starts_with("Frameworks/")))
            })
    })
}

/// Every framework's export tables.
fn tables() -> Vec<&'static [Export]> {
    let mut t: Vec<&'static [Export]> = core_foundation::TABLES.to_vec();
    t.extend_from_slice(core_services::TABLES);
    t.extend_from_slice(&[
        security::EXPORTS,
        system_configuration::EXPORTS,
        iokit::EXPORTS,
        objc::EXPORTS,
    ]);
    t
}

static TABLES: OnceLock<Vec<&'static [Export]>> = OnceLock::new();

/// Each framework's install name and export tables (for the tests' `.tbd`
/// stubs).
pub fn frameworks() -> Vec<(&'static str, Vec<&'static [Export]>)> {
    vec![
        (
            "/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation",
            core_foundation::TABLES.to_vec(),
        ),
        ("/System/Library/Frameworks/Security.framework/Versions/A/Security", vec![security::EXPORTS]),
        (
            "/System/Library/Frameworks/SystemConfiguration.framework/Versions/A/SystemConfiguration",
            vec![system_configuration::EXPORTS],
        ),
        (
            "/System/Library/Frameworks/CoreServices.framework/Versions/A/CoreServices",
            core_services::TABLES.to_vec(),
        ),
        ("/System/Library/Frameworks/IOKit.framework/Versions/A/IOKit", vec![iokit::EXPORTS]),
        ("/usr/lib/libobjc.A.dylib", vec![objc::EXPORTS]),
    ]
}

/// Every export of every framework (for tests and coverage).
pub fn all_exports() -> impl Iterator<Item = &'static Export> {
    TABLES.get_or_init(tables).iter().flat_map(|t| t.iter())
}

/// Finds a framework export by its Mach-O name (leading underscore).
pub fn lookup(name: &[u8]) -> Option<&'static Export> {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX
        .get_or_init(|| Index::build(TABLES.get_or_init(tables)))
        .get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_names() {
        assert!(is_builtin_install_name(
            "/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation"
        ));
        assert!(is_builtin_install_name(
            "/System/Library/Frameworks/Security.framework/Security"
        ));
        assert!(is_builtin_install_name(
            "/System/Library/Frameworks/CoreServices.framework/Versions/A/Frameworks/FSEvents.framework/Versions/A/FSEvents"
        ));
        assert!(!is_builtin_install_name(
            "/System/Library/Frameworks/AppKit.framework/Versions/C/AppKit"
        ));
        assert!(!is_builtin_install_name("/usr/lib/libz.1.dylib"));
        assert!(is_builtin_install_name(
            "/System/Library/Frameworks/Foundation.framework/Versions/C/Foundation"
        ));
        assert!(is_builtin_install_name("/usr/lib/libobjc.A.dylib"));
        assert!(!is_builtin_install_name(
            "/System/Library/Frameworks/CoreFoundation.framework/Versions/AB/CoreFoundation"
        ));
    }

    #[test]
    fn no_duplicate_names() {
        let mut seen = std::collections::HashSet::new();
        for e in all_exports() {
            assert!(seen.insert(e.name), "duplicate export {}", e.name);
            assert!(e.name.starts_with('_'), "{} lacks the underscore", e.name);
            assert!(!e.addr().is_null(), "{} has no address", e.name);
            assert!(
                calvados_libsystem::lookup(e.name.as_bytes()).is_none(),
                "{} is also a libSystem export",
                e.name
            );
        }
    }
}
