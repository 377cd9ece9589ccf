//! `libsystem_c`: the C library proper.

pub mod acl;
pub mod assert;
pub mod charset;
pub mod compiler_rt;
pub mod copyfile;
pub mod ctype;
pub mod err;
pub mod exit;
pub mod fnmatch;
pub mod fts;
pub mod getopt;
pub mod glob;
pub mod iconv;
pub mod locale;
pub mod macho_arch;
pub mod netdb;
pub mod nl_catalog;
pub mod pwd;
pub mod random;
pub mod regex;
pub mod resolv;
pub mod setjmp;
pub mod stdio;
pub mod stdlib;
pub mod string;
pub mod sysconf;
pub mod syslog;
pub mod time;
pub mod utmpx;
pub mod uuid;
pub mod wchar;

pub(crate) static EXPORTS: &[crate::Export] = exit::EXPORTS;
