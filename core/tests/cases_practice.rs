//! Runs the reference cases of `tests/cases/practice.json` against the core.
