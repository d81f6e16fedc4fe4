//! Demo section for `cf` (filled in by the cf issue).
pub fn run() {}
