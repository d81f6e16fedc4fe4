//! Demo section for `forms` (filled in by the forms issue).
pub fn run() {}
