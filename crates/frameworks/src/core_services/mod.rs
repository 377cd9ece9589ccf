//! CoreServices (`/System/Library/Frameworks/CoreServices.framework`, with
//! its FSEvents, LaunchServices and CarbonCore sub-frameworks): file-system
//! events on inotify, and Launch Services answering as a Mac with no
//! applications registered would.

pub mod fsevents;
pub mod launch_services;

/// Every CoreServices export table.
pub static TABLES: &[&[calvados_libsystem::export::Export]] =
    &[fsevents::EXPORTS, launch_services::EXPORTS];
