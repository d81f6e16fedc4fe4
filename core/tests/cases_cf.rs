//! Runs the reference cases of `tests/cases/cf.json` against the core.
