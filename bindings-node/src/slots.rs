//! `slots` namespace (filled in by the slots issue).
