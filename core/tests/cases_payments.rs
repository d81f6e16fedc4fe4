//! Runs the reference cases of `tests/cases/payments.json` against the core.
