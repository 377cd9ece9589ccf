//! `calvados prefix` (being written).

use std::process::ExitCode;

/// Entry point for `calvados prefix ARGS...`.
pub fn main(_args: &[String]) -> ExitCode {
    eprintln!("calvados: prefix: not available yet");
    ExitCode::from(2)
}
