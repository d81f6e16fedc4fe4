//! `sportello.forms`: Form.io forms (conditions, validation, office assignment) and the JSON Logic
//! engine on its own. A mechanical mapping of `sportello::forms`: Python data in, the JSON shapes
//! of the core out.
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use sportello::forms as core;

use crate::{err, from_json, json_to_py, py_to_json, to_py, Str};

/// A Python value as JSON; a `str` is parsed as JSON text (for forms, tables and options).
fn json_arg(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    if let Ok(s) = obj.cast::<PyString>() {
        return from_json(&crate::text(s)?);
    }
    py_to_json(obj)
}

crate::record! {
    /// One validation error: `path`, `code`, `message`.
    FieldError(core::FieldError) in "sportello.forms", frozen;
    |v, py| {
        path: &str = &v.path,
        code: &str = &v.code,
        message: &str = &v.message,
    }
}

crate::record! {
    /// The result of `Form.evaluate`. Attributes are converted to Python when read.
    Evaluation(core::Evaluation) in "sportello.forms", frozen;
    |v, py| {
        valid: bool = v.valid,
        visible: PyResult<Bound<'py, PyList>> = PyList::new(py, v.visible.iter()),
        hidden: PyResult<Bound<'py, PyList>> = PyList::new(py, v.hidden.iter()),
        errors: Vec<FieldError> = v.errors.iter().map(|e| FieldError { inner: e.clone() }).collect(),
        data: PyResult<Bound<'py, PyAny>> = json_to_py(py, &v.data),
        computed: PyResult<Bound<'py, PyAny>> = to_py(py, &v.computed),
        assigned_office: Option<&str> = v.assigned_office.as_deref(),
    }
}

crate::record! {
    /// A Form.io form compiled once; evaluate it as often as needed.
    class Form(core::Form) in "sportello.forms", frozen;
    |v, py| {
        title: &str = v.title(),
        condition_count: usize = v.condition_count(),
        component_count: usize = v.component_count(),
    }
    /// Loads a Form.io form (dict or JSON text). The keywords are the fields of the core's
    /// `FormOptions`: `type_aliases` maps custom types (`{"sdcfile": "file"}`), `offices` is an
    /// office table (`{"rules": [...], "default": "..."}`), `forms` the forms nested ones reference
    /// by id, `overrides` replaces components' properties by path; an absent one keeps the core's
    /// default.
    #[staticmethod]
    #[pyo3(signature = (form, **options), text_signature = "(form, *, type_aliases=None, offices=None, forms=None, overrides=None, i18n=None)")]
    fn from_formio(form: &Bound<'_, PyAny>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(Form { inner: core::Form::from_formio_with(&json_arg(form)?, &crate::json_keywords(options)?).map_err(err)? })
    }

    /// Evaluates a submission's data (dict or JSON text). The keywords are the fields of the
    /// core's `EvalContext`: `today` (for date rules) and `vars` (`context.<name>` in rules).
    #[pyo3(signature = (data, **context), text_signature = "($self, data, *, today=None, vars=None, lang=None)")]
    fn evaluate(&self, py: Python<'_>, data: &Bound<'_, PyAny>, context: Option<&Bound<'_, PyDict>>) -> PyResult<Evaluation> {
        let (data, ctx) = (json_arg(data)?, crate::keywords(context)?);
        Ok(Evaluation { inner: py.detach(|| self.inner.evaluate_value(data, &ctx)).map_err(err)? })
    }

    /// `evaluate` with JSON text in and out: the `Evaluation` as its JSON text.
    #[pyo3(signature = (data, **context), text_signature = "($self, data, *, today=None, vars=None, lang=None)")]
    fn evaluate_json(&self, py: Python<'_>, data: Str, context: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        let (data, ctx): (serde_json::Value, _) = (from_json(&data)?, crate::keywords(context)?);
        Ok(crate::to_json(&py.detach(|| self.inner.evaluate_value(data, &ctx)).map_err(err)?))
    }

    /// The form and its components as a dict (`FormInfo`).
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.info()) }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> { crate::repr(slf.as_any(), &["title", "component_count", "condition_count"]) }
}

/// A form being filled in: the submission is held here between evaluations, so that a page
/// evaluating on every change sends only the values that changed (the core's `FormSession`).
#[pyclass(module = "sportello.forms")]
pub struct FormSession {
    form: Py<Form>,
    inner: core::FormSession,
}

#[pymethods]
impl FormSession {
    /// A session of `form` starting from `data` (dict or JSON text; `None`: empty).
    #[new]
    #[pyo3(signature = (form, data=None))]
    fn new(form: crate::Arg<Py<Form>>, data: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(FormSession { form: form.0, inner: core::FormSession::new(data.map_or(Ok(serde_json::Value::Null), json_arg)?).map_err(err)? })
    }

    /// Merges `changes` (dict or JSON text: each top-level key replaces the held value) into the
    /// held submission and evaluates the form on it: `form.evaluate` of the merged submission.
    #[pyo3(signature = (changes, **context), text_signature = "($self, changes, *, today=None, vars=None, lang=None)")]
    fn update(&mut self, py: Python<'_>, changes: &Bound<'_, PyAny>, context: Option<&Bound<'_, PyDict>>) -> PyResult<Evaluation> {
        let (changes, ctx) = (json_arg(changes)?, crate::keywords(context)?);
        let (form, inner) = (self.form.bind(py).get(), &mut self.inner);
        Ok(Evaluation { inner: py.detach(|| inner.update(&form.inner, changes, &ctx)).map_err(err)? })
    }

    /// Removes the top-level `keys` from the held submission and evaluates the form on what is
    /// left (the core's `FormSession::remove`).
    #[pyo3(signature = (keys, **context), text_signature = "($self, keys, *, today=None, vars=None, lang=None)")]
    fn remove(&mut self, py: Python<'_>, keys: crate::Arg<Vec<String>>, context: Option<&Bound<'_, PyDict>>) -> PyResult<Evaluation> {
        let ctx = crate::keywords(context)?;
        let (form, inner) = (self.form.bind(py).get(), &mut self.inner);
        Ok(Evaluation { inner: py.detach(|| inner.remove(&form.inner, &keys, &ctx)).map_err(err)? })
    }

    /// The submission as entered so far (values hidden by a condition included).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, self.inner.data())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::repr(slf.as_any(), &["data"])
    }
}

crate::record! {
    /// A JSON Logic rule compiled once.
    class Logic(core::Logic) in "sportello.forms", frozen;
    |v, py| {
        rule: PyResult<Bound<'py, PyAny>> = json_to_py(py, v.rule()),
        /// The data paths the rule may read (dotted, as its `var`s write them), or `None` when that is
        /// not static (a computed or whole-data `var`, `missing`, `missing_some`).
        data_paths: Option<Vec<String>> = v.data_paths(),
    }
    #[new]
    fn new(rule: &Bound<'_, PyAny>) -> PyResult<Self> { Ok(Logic { inner: core::Logic::compile(&py_to_json(rule)?).map_err(err)? }) }

    #[pyo3(signature = (data=None))]
    fn apply<'py>(&self, py: Python<'py>, data: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(values) = data.and_then(|d| picked(d, self.inner.data_path_keys())) {
            return json_to_py(py, &self.inner.apply_at(&values).map_err(err)?);
        }
        let data = data.map_or(Ok(serde_json::Value::Null), py_to_json)?;
        json_to_py(py, &self.inner.apply(&data))
    }

    fn __eq__(&self, other: &Self) -> bool { self.inner == other.inner }

    fn __hash__(&self) -> u64 { crate::hash_json(self.inner.rule()) }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, (Bound<'py, PyAny>,))> {
        Ok((slf.get_type(), (slf.get().rule(slf.py())?,)))
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> { crate::repr(slf.as_any(), &["rule"]) }
}

/// The values at a rule's data paths (`Logic::data_path_keys`), converted alone, as the JS
/// packages send them: a rule reading three values of a 1,000-key dict converts three values.
/// `None` (convert the whole data, with its errors) unless `data` and every dict on the way is a
/// plain `dict` whose keys are all plain `str` (another key would read as its `str()`) and each
/// value found converts. A value the rule does not read is not read, as in JS.
fn picked(data: &Bound<'_, PyAny>, paths: Option<&[Vec<String>]>) -> Option<Vec<Option<serde_json::Value>>> {
    let mut scanned: Vec<*mut pyo3::ffi::PyObject> = Vec::new(); // dicts whose keys are all `str`
    let mut out = Vec::with_capacity(paths?.len());
    for keys in paths? {
        let mut v = data.clone();
        let mut found = true;
        for k in keys {
            let d = v.cast_exact::<PyDict>().ok()?;
            if !scanned.contains(&d.as_ptr()) {
                if !str_keys(d) {
                    return None;
                }
                scanned.push(d.as_ptr());
            }
            match d.get_item(k).ok()? {
                Some(x) => v = x,
                None => {
                    found = false;
                    break;
                }
            }
        }
        out.push(if found { Some(py_to_json(&v).ok()?) } else { None });
    }
    Some(out)
}

/// Whether every key of `d` is a plain `str`: a pass over the dict's entries with borrowed
/// references (pyo3's iterator takes and drops a reference to each key and value, 5x the time
/// on a 950-key submission).
#[allow(unsafe_code)]
fn str_keys(d: &Bound<'_, PyDict>) -> bool {
    use pyo3::ffi;
    let (mut pos, mut key, mut value): (ffi::Py_ssize_t, *mut ffi::PyObject, *mut ffi::PyObject) = (0, std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: `d` is a live dict and the GIL is held; `PyDict_Next` lends references valid while
    // the dict is not changed, which nothing here does, and none is kept.
    unsafe {
        while ffi::PyDict_Next(d.as_ptr(), &mut pos, &mut key, &mut value) != 0 {
            if ffi::PyUnicode_CheckExact(key) == 0 {
                return false;
            }
        }
    }
    true
}

crate::functions! { register; classes: Form, FormSession, Evaluation, FieldError, Logic;
    /// Applies a JSON Logic rule to data (json-logic-js semantics).
    #[pyo3(signature = (rule, data=None))]
    fn apply_logic<'py>(py: Python<'py>, rule: &Bound<'py, PyAny>, data: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let rule = py_to_json(rule)?;
        let data = data.map_or(Ok(serde_json::Value::Null), py_to_json)?;
        json_to_py(py, &core::apply_logic(&rule, &data).map_err(err)?)
    }
    /// JSON Logic truthiness (`[]` is falsy, `"0"` truthy).
    fn truthy(value: &Bound<'_, PyAny>) -> PyResult<bool> { Ok(core::truthy(&py_to_json(value)?)) }
    /// The JSON Logic a supported JavaScript snippet assigning `target` (absent: the core's
    /// `TRANSLATE_JS_TARGET`, `show`) translates to.
    #[pyo3(signature = (src, target = None))]
    fn translate_js(py: Python<'_>, src: Str, target: Option<Str>) -> PyResult<Bound<'_, PyAny>> {
        json_to_py(py, &core::translate_js(&src, target.as_deref().unwrap_or(core::TRANSLATE_JS_TARGET)).map_err(err)?)
    }
}
