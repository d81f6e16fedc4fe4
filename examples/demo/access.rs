//! Demo section for `access` (filled in by the access issue).
pub fn run() {}
