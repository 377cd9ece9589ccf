//! The `exec` family: a Mach-O target re-enters Calvados, an ELF target runs natively, a `#!` script runs its interpreter.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
