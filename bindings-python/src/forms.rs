//! `sportello.forms`: Form.io forms (conditions, validation, office assignment) and the JSON Logic
//! engine on its own. A mechanical mapping of `sportello::forms`: Python data in, the JSON shapes
//! of the core out.
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use sportello::forms as core;

use crate::{err, from_json, json_to_py, py_to_json, to_json, to_py};

/// A Python value as JSON; a `str` is parsed as JSON text (for forms, tables and options).
fn json_arg(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    if let Ok(s) = obj.cast::<PyString>() {
        return from_json(&s.to_cow()?);
    }
    py_to_json(obj)
}

/// One validation error: `path`, `code`, `message`.
#[pyclass(module = "sportello.forms", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct FieldError {
    path: String,
    code: String,
    message: String,
}

#[pymethods]
impl FieldError {
    fn __repr__(&self) -> String {
        format!("FieldError(path={:?}, code={:?}, message={:?})", self.path, self.code, self.message)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::FieldError { path: self.path.clone(), code: self.code.clone(), message: self.message.clone() })
    }
}

/// The result of `Form.evaluate`. Attributes are converted to Python when read.
#[pyclass(module = "sportello.forms", frozen)]
pub struct Evaluation {
    inner: core::Evaluation,
}

#[pymethods]
impl Evaluation {
    #[getter]
    fn valid(&self) -> bool {
        self.inner.valid
    }

    #[getter]
    fn visible<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.visible.iter())
    }

    #[getter]
    fn hidden<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.hidden.iter())
    }

    #[getter]
    fn errors(&self) -> Vec<FieldError> {
        self.inner.errors.iter().map(|e| FieldError { path: e.path.clone(), code: e.code.clone(), message: e.message.clone() }).collect()
    }

    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.data)
    }

    #[getter]
    fn computed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.computed)
    }

    #[getter]
    fn assigned_office(&self) -> Option<String> {
        self.inner.assigned_office.clone()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    fn to_json(&self) -> String {
        to_json(&self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Evaluation(valid={}, visible={}, hidden={}, errors={}, assigned_office={:?})",
            self.inner.valid,
            self.inner.visible.len(),
            self.inner.hidden.len(),
            self.inner.errors.len(),
            self.inner.assigned_office
        )
    }
}

/// A Form.io form compiled once; evaluate it as often as needed.
#[pyclass(module = "sportello.forms", frozen)]
pub struct Form {
    inner: core::Form,
}

#[pymethods]
impl Form {
    /// Loads a Form.io form (dict or JSON text). `offices` is an office table
    /// (`{"rules": [...], "default": "..."}`), `type_aliases` maps custom types (`{"sdcfile": "file"}`).
    #[staticmethod]
    #[pyo3(signature = (form, offices=None, type_aliases=None))]
    fn from_formio(form: &Bound<'_, PyAny>, offices: Option<&Bound<'_, PyAny>>, type_aliases: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let json = json_arg(form)?;
        let mut options = core::FormOptions::default();
        if let Some(o) = offices.filter(|o| !o.is_none()) {
            options.offices = Some(serde_json::from_value(json_arg(o)?).map_err(|e| err(sportello::Error::from(e)))?);
        }
        if let Some(t) = type_aliases.filter(|t| !t.is_none()) {
            options.type_aliases = serde_json::from_value(json_arg(t)?).map_err(|e| err(sportello::Error::from(e)))?;
        }
        Ok(Form { inner: core::Form::from_formio_with(&json, &options).map_err(err)? })
    }

    /// Evaluates a submission's data (dict or JSON text). `context`: `{"today": date, "vars": {...}}`.
    #[pyo3(signature = (data, context=None))]
    fn evaluate(&self, py: Python<'_>, data: &Bound<'_, PyAny>, context: Option<&Bound<'_, PyAny>>) -> PyResult<Evaluation> {
        let data = json_arg(data)?;
        let ctx: core::EvalContext = match context.filter(|c| !c.is_none()) {
            Some(c) => serde_json::from_value(json_arg(c)?).map_err(|e| err(sportello::Error::from(e)))?,
            None => core::EvalContext::default(),
        };
        let inner = py.detach(|| self.inner.evaluate_value(data, &ctx)).map_err(err)?;
        Ok(Evaluation { inner })
    }

    /// The form and its components as a dict (`FormInfo`).
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.info())
    }

    #[getter]
    fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    #[getter]
    fn condition_count(&self) -> usize {
        self.inner.condition_count()
    }

    #[getter]
    fn component_count(&self) -> usize {
        self.inner.component_count()
    }

    fn __repr__(&self) -> String {
        format!("Form(title={:?}, components={}, conditions={})", self.inner.title(), self.inner.component_count(), self.inner.condition_count())
    }
}

/// A JSON Logic rule compiled once.
#[pyclass(module = "sportello.forms", frozen)]
pub struct Logic {
    inner: core::Logic,
}

#[pymethods]
impl Logic {
    #[new]
    fn new(rule: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Logic { inner: core::Logic::compile(&py_to_json(rule)?).map_err(err)? })
    }

    #[pyo3(signature = (data=None))]
    fn apply<'py>(&self, py: Python<'py>, data: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let data = match data {
            Some(d) => py_to_json(d)?,
            None => serde_json::Value::Null,
        };
        json_to_py(py, &self.inner.apply(&data))
    }

    #[getter]
    fn rule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, self.inner.rule())
    }
}

/// Applies a JSON Logic rule to data (json-logic-js semantics).
#[pyfunction]
#[pyo3(signature = (rule, data=None))]
fn apply_logic<'py>(py: Python<'py>, rule: &Bound<'py, PyAny>, data: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    let rule = py_to_json(rule)?;
    let data = match data {
        Some(d) => py_to_json(d)?,
        None => serde_json::Value::Null,
    };
    json_to_py(py, &core::apply_logic(&rule, &data).map_err(err)?)
}

/// JSON Logic truthiness (`[]` is falsy, `"0"` truthy).
#[pyfunction]
fn truthy(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(core::truthy(&py_to_json(value)?))
}

/// The JSON Logic a supported JavaScript snippet assigning `target` translates to.
#[pyfunction]
#[pyo3(signature = (src, target="show"))]
fn translate_js<'py>(py: Python<'py>, src: &str, target: &str) -> PyResult<Bound<'py, PyAny>> {
    json_to_py(py, &core::translate_js(src, target).map_err(err)?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Form>()?;
    m.add_class::<Evaluation>()?;
    m.add_class::<FieldError>()?;
    m.add_class::<Logic>()?;
    m.add_function(wrap_pyfunction!(apply_logic, m)?)?;
    m.add_function(wrap_pyfunction!(truthy, m)?)?;
    m.add_function(wrap_pyfunction!(translate_js, m)?)?;
    Ok(())
}
