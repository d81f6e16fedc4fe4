//! `sportello.cf` and `sportello.piva` (skeleton; the cf issue completes it).
use pyo3::prelude::*;

/// Whether `code` is a valid codice fiscale.
#[pyfunction]
fn is_valid(code: &str) -> bool {
    sportello::cf::is_valid(code)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    Ok(())
}

pub fn register_piva(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
