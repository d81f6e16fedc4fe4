//! `access` namespace (filled in by the access issue).
