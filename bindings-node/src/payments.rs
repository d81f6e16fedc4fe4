//! `payments` namespace (filled in by the payments issue).
