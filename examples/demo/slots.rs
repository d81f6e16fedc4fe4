//! Demo section for `slots` (filled in by the slots issue).
pub fn run() {}
