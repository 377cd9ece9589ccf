//! `calvados shell` (being written).

use std::process::ExitCode;

/// Entry point for `calvados shell ARGS...`.
pub fn main(_args: &[String]) -> ExitCode {
    eprintln!("calvados: shell: not available yet");
    ExitCode::from(2)
}
