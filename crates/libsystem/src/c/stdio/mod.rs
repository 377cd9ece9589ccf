//! `<stdio.h>` with darwin's `FILE` layout (being written).

/// Flushes every open stream (called by `exit`).
pub fn flush_all() {}

pub(crate) static EXPORTS: &[crate::Export] = &[];
