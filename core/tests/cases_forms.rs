//! Runs the reference cases of `tests/cases/forms.json` against the core.
