//! `practice` namespace (filled in by the practice issue).
