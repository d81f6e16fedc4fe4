//! Demo section for `payments` (filled in by the payments issue).
pub fn run() {}
