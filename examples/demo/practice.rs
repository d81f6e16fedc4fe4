//! Demo section for `practice` (filled in by the practice issue).
pub fn run() {}
