//! Runs the reference cases of `tests/cases/slots.json` against the core.
