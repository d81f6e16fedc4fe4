//! `sportello.cf` (codice fiscale) and `sportello.piva` (11-digit codes): mechanical mappings of
//! `sportello::cf`. Results are frozen classes wrapping the core value, with attributes (dates as
//! `datetime.date`) plus `to_dict()` / `to_json()` in the documented JSON shape.
use chrono::NaiveDate;
use pyo3::prelude::*;
use sportello::cf as core;

use crate::{err, to_json, to_py};

fn parse_sex(s: &str) -> PyResult<core::Sex> {
    match s {
        "M" => Ok(core::Sex::M),
        "F" => Ok(core::Sex::F),
        other => Err(pyo3::exceptions::PyValueError::new_err(format!("sex must be \"M\" or \"F\", got {other:?}"))),
    }
}

fn sex_str(s: core::Sex) -> &'static str {
    match s {
        core::Sex::M => "M",
        core::Sex::F => "F",
    }
}

fn kind_str(k: core::PlaceKind) -> &'static str {
    match k {
        core::PlaceKind::Comune => "comune",
        core::PlaceKind::ForeignState => "foreignState",
    }
}

/// The birthplace of a decoded code.
#[pyclass(module = "sportello.cf", frozen)]
pub struct Birthplace {
    inner: core::Birthplace,
}

#[pymethods]
impl Birthplace {
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    #[getter]
    fn province(&self) -> Option<&str> {
        self.inner.province.as_deref()
    }
    #[getter]
    fn kind(&self) -> &'static str {
        kind_str(self.inner.kind)
    }
    #[getter]
    fn valid_on_birth_date(&self) -> Option<bool> {
        self.inner.valid_on_birth_date
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Birthplace({})", to_json(&self.inner))
    }
}

/// A decoded codice fiscale.
#[pyclass(module = "sportello.cf", frozen)]
pub struct Decoded {
    inner: core::Decoded,
}

#[pymethods]
impl Decoded {
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    #[getter]
    fn canonical(&self) -> &str {
        &self.inner.canonical
    }
    #[getter]
    fn sex(&self) -> &'static str {
        sex_str(self.inner.sex)
    }
    #[getter]
    fn birth_date(&self) -> Option<NaiveDate> {
        self.inner.birth_date
    }
    #[getter]
    fn birthplace(&self) -> Birthplace {
        Birthplace { inner: self.inner.birthplace.clone() }
    }
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Decoded({})", to_json(&self.inner))
    }
}

/// The result of `matches`: overall and field by field.
#[pyclass(module = "sportello.cf", frozen)]
pub struct MatchReport {
    inner: core::MatchReport,
}

#[pymethods]
impl MatchReport {
    #[getter]
    fn matches(&self) -> bool {
        self.inner.matches
    }
    #[getter]
    fn mismatched(&self) -> Vec<String> {
        self.inner.mismatched.clone()
    }
    /// `{"surname": "matched" | "mismatched" | "skipped", "name": ..., "sex": ..., "birthDate": ..., "birthplace": ...}`.
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.fields)
    }
    fn __bool__(&self) -> bool {
        self.inner.matches
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!("MatchReport({})", to_json(&self.inner))
    }
}

/// One period of a Belfiore place.
#[pyclass(module = "sportello.cf", frozen)]
pub struct Place {
    inner: core::Place,
}

#[pymethods]
impl Place {
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    #[getter]
    fn province(&self) -> Option<&str> {
        self.inner.province.as_deref()
    }
    #[getter]
    fn kind(&self) -> &'static str {
        kind_str(self.inner.kind)
    }
    #[getter]
    fn valid_from(&self) -> NaiveDate {
        self.inner.valid_from
    }
    #[getter]
    fn valid_to(&self) -> Option<NaiveDate> {
        self.inner.valid_to
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Place({})", to_json(&self.inner))
    }
}

fn places(v: Vec<core::Place>) -> Vec<Place> {
    v.into_iter().map(|inner| Place { inner }).collect()
}

/// Trims, removes inner spaces, upper-cases and strips a SPID `TINIT-` prefix.
#[pyfunction]
fn normalize(code: &str) -> String {
    core::normalize(code)
}

/// Whether `code` is a valid codice fiscale (format, check letter, date, known birthplace).
#[pyfunction]
fn is_valid(code: &str) -> bool {
    core::is_valid(code)
}

/// `is_valid` over a list (or any iterable) of strings, computed without holding the GIL; an
/// item that is not a `str` is `False`.
#[pyfunction]
fn is_valid_many(codes: &Bound<'_, PyAny>) -> PyResult<Vec<bool>> {
    crate::bool_many(codes, core::is_valid)
}

/// The normalised code; raises `CfError` (`cf.format`, `cf.check_char`, `cf.date`, `cf.place_unknown`).
#[pyfunction]
fn validate(code: &str) -> PyResult<String> {
    core::validate(code).map_err(err)
}

/// Sex, birth date (century chosen against `today`) and birthplace.
#[pyfunction]
#[pyo3(signature = (code, today, *, max_age = 120, strict_place = false))]
fn decode(code: &str, today: NaiveDate, max_age: u32, strict_place: bool) -> PyResult<Decoded> {
    let options = core::DecodeOptions { today, max_age, strict_place };
    Ok(Decoded { inner: core::decode_with(code, &options).map_err(err)? })
}

/// The codice fiscale of a person; `birthplace` is a Belfiore code or a place name.
#[pyfunction]
#[pyo3(signature = (surname, name, sex, birth_date, birthplace, province = None))]
fn encode(surname: String, name: String, sex: &str, birth_date: NaiveDate, birthplace: String, province: Option<String>) -> PyResult<String> {
    let person = core::Person { surname, name, sex: parse_sex(sex)?, birth_date, birthplace, province };
    core::encode(&person).map_err(err)
}

/// Checks `code` against declared data; undeclared (None or blank) fields are skipped.
#[pyfunction]
#[pyo3(signature = (code, *, surname = None, name = None, sex = None, birth_date = None, birthplace = None, province = None))]
#[allow(clippy::too_many_arguments)]
fn matches(
    code: &str,
    surname: Option<String>,
    name: Option<String>,
    sex: Option<&str>,
    birth_date: Option<NaiveDate>,
    birthplace: Option<String>,
    province: Option<String>,
) -> PyResult<MatchReport> {
    let declared = core::Declared { surname, name, sex: sex.map(parse_sex).transpose()?, birth_date, birthplace, province };
    Ok(MatchReport { inner: core::matches_declared(code, &declared).map_err(err)? })
}

/// The canonical (non-omocode) form of a valid code.
#[pyfunction]
fn canonical(code: &str) -> PyResult<String> {
    core::canonical(code).map_err(err)
}

/// All 128 omocodia variants of a valid code, canonical first.
#[pyfunction]
fn omocodes(code: &str) -> PyResult<Vec<String>> {
    core::omocodes(code).map_err(err)
}

/// Whether two codes denote the same person (equal canonical forms).
#[pyfunction]
fn same_person(a: &str, b: &str) -> bool {
    core::same_person(a, b)
}

/// A tax code field: `{"kind": "personal" | "numeric", "code": ...}`; raises `CfError` or `PivaError`.
#[pyfunction]
fn validate_tax_code<'py>(py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &core::validate_tax_code(code).map_err(err)?)
}

/// The period of a Belfiore code in force on `on`, or None.
#[pyfunction]
fn place_lookup(code: &str, on: NaiveDate) -> Option<Place> {
    core::places::lookup(code, on).map(|inner| Place { inner })
}

/// Every period of a Belfiore code, oldest first.
#[pyfunction]
fn place_history(code: &str) -> Vec<Place> {
    places(core::places::history(code))
}

/// Periods whose name equals `name` (case, accents, spaces and apostrophes ignored).
#[pyfunction]
#[pyo3(signature = (name, province = None, on = None))]
fn places_by_name(name: &str, province: Option<&str>, on: Option<NaiveDate>) -> Vec<Place> {
    places(core::places::by_name(name, province, on))
}

/// Up to `limit` places whose name starts with `prefix` (for autocompletion).
#[pyfunction]
#[pyo3(signature = (prefix, on = None, limit = 10))]
fn place_search(prefix: &str, on: Option<NaiveDate>, limit: usize) -> Vec<Place> {
    places(core::places::search(prefix, on, limit))
}

/// A birthplace given as a code or a name (+ province) for a birth on `on`.
#[pyfunction]
#[pyo3(signature = (place, on, province = None))]
fn place_resolve(place: &str, on: NaiveDate, province: Option<&str>) -> PyResult<Place> {
    Ok(Place { inner: core::places::resolve(place, province, on).map_err(err)? })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Decoded>()?;
    m.add_class::<Birthplace>()?;
    m.add_class::<MatchReport>()?;
    m.add_class::<Place>()?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_many, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(encode, m)?)?;
    m.add_function(wrap_pyfunction!(matches, m)?)?;
    m.add_function(wrap_pyfunction!(canonical, m)?)?;
    m.add_function(wrap_pyfunction!(omocodes, m)?)?;
    m.add_function(wrap_pyfunction!(same_person, m)?)?;
    m.add_function(wrap_pyfunction!(validate_tax_code, m)?)?;
    m.add_function(wrap_pyfunction!(place_lookup, m)?)?;
    m.add_function(wrap_pyfunction!(place_history, m)?)?;
    m.add_function(wrap_pyfunction!(places_by_name, m)?)?;
    m.add_function(wrap_pyfunction!(place_search, m)?)?;
    m.add_function(wrap_pyfunction!(place_resolve, m)?)?;
    Ok(())
}

mod piva {
    use pyo3::prelude::*;
    use sportello::cf::piva as core;

    use crate::err;

    /// Whether `code` is a valid 11-digit code (partita IVA, numeric or temporary codice fiscale).
    #[pyfunction]
    pub fn is_valid(code: &str) -> bool {
        core::is_valid(code)
    }

    /// The normalised 11 digits; raises `PivaError` (`piva.format`, `piva.zero`, `piva.check_digit`).
    #[pyfunction]
    pub fn validate(code: &str) -> PyResult<String> {
        core::validate(code).map_err(err)
    }
}

pub fn register_piva(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(piva::is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(piva::validate, m)?)?;
    Ok(())
}
