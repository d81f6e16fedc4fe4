//! Runs the reference cases of `tests/cases/access.json` against the core.
