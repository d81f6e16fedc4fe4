//! `forms` namespace (filled in by the forms issue).
