//! `calvados binfmt` (being written).

use std::process::ExitCode;

/// Entry point for `calvados binfmt ARGS...`.
pub fn main(_args: &[String]) -> ExitCode {
    eprintln!("calvados: binfmt: not available yet");
    ExitCode::from(2)
}
