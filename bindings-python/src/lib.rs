//! Python bindings of `sportello`: one file per capability (`cf.rs`, `practice.rs`, ...), each a
//! mechanical mapping of the core's API. This file holds what they share: the exception hierarchy,
//! error mapping and JSON <-> Python conversion. No rule lives here.
#![forbid(unsafe_code)]

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

mod access;
mod cf;
mod forms;
mod payments;
mod practice;
mod slots;
mod workdays;

pyo3::create_exception!(sportello, SportelloError, PyValueError, "Base class of every sportello error; `.code` is the stable machine code, `.details` a dict.");
pyo3::create_exception!(sportello, CfError, SportelloError, "A codice fiscale error (`cf.*`).");
pyo3::create_exception!(sportello, PivaError, SportelloError, "A partita IVA error (`piva.*`).");
pyo3::create_exception!(sportello, AccessError, SportelloError, "An access error (`access.*`).");
pyo3::create_exception!(sportello, PracticeError, SportelloError, "A practice error (`practice.*`).");
pyo3::create_exception!(sportello, FormsError, SportelloError, "A forms error (`forms.*`).");
pyo3::create_exception!(sportello, PaymentsError, SportelloError, "A payments error (`payments.*`).");
pyo3::create_exception!(sportello, SlotsError, SportelloError, "A slots error (`slots.*`).");
pyo3::create_exception!(sportello, WorkdaysError, SportelloError, "A workdays error (`workdays.*`).");

/// Turns any core error into the matching Python exception, with `.code` and `.details`.
pub(crate) fn err<E: Into<sportello::Error>>(e: E) -> PyErr {
    let e: sportello::Error = e.into();
    let code = e.code();
    let message = format!("{code}: {e}");
    let pyerr = match e.capability() {
        "cf" => CfError::new_err(message),
        "piva" => PivaError::new_err(message),
        "access" => AccessError::new_err(message),
        "practice" => PracticeError::new_err(message),
        "forms" => FormsError::new_err(message),
        "payments" => PaymentsError::new_err(message),
        "slots" => SlotsError::new_err(message),
        "workdays" => WorkdaysError::new_err(message),
        _ => SportelloError::new_err(message),
    };
    Python::attach(|py| {
        let value = pyerr.value(py);
        let _ = value.setattr("code", code);
        if let Ok(details) = json_to_py(py, &e.to_json_value()) {
            let _ = value.setattr("details", details);
        }
    });
    pyerr
}

/// Serialises a core value to its documented JSON string.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    sportello::error::to_json(value)
}

/// Parses a core value from its documented JSON string.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> PyResult<T> {
    sportello::error::from_json(s).map_err(err)
}

/// The JSON name of a core enum value (`"substantial"`, `"pendingActivation"`).
pub(crate) fn name_of<T: serde::Serialize>(value: &T) -> String {
    to_json(value).trim_matches('"').to_owned()
}

/// A core enum value from its JSON name (`"structureOnly"`, `"citizen"`).
pub(crate) fn from_name<T: serde::de::DeserializeOwned>(name: &str) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|e| err(sportello::Error::from(e)))
}

/// A byte argument: `bytes` (or any buffer) as they are, `str` as its UTF-8 bytes (PEM text, a
/// document).
pub(crate) fn bytes_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    obj.extract::<Vec<u8>>()
}

/// A core value as plain Python data (dict/list/str/int/float/bool/None) in its JSON shape.
pub(crate) fn to_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| err(sportello::Error::from(e)))?;
    json_to_py(py, &v)
}

/// A core value from plain Python data in its JSON shape (dict, or a JSON string).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn from_py<T: serde::de::DeserializeOwned>(obj: &Bound<'_, PyAny>) -> PyResult<T> {
    if let Ok(s) = obj.cast::<PyString>() {
        return from_json(&s.to_cow()?);
    }
    let v = py_to_json(obj)?;
    serde_json::from_value(v).map_err(|e| err(sportello::Error::from(e)))
}

pub(crate) fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let items = a.iter().map(|x| json_to_py(py, x)).collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

pub(crate) fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return Ok(Value::from(obj.extract::<u64>()?));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.value()).map(Value::Number).unwrap_or(Value::Null));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        // Collected first, then sorted and built once (inserting key by key costs a tree search
        // each); a key repeated after `str()` keeps its last value, as with inserts.
        let mut pairs = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_cow()?.into_owned(),
                Err(_) => k.str()?.to_cow()?.into_owned(),
            };
            pairs.push((key, py_to_json(&v)?));
        }
        return Ok(Value::Object(pairs.into_iter().collect()));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return Ok(Value::Array(obj.try_iter()?.map(|x| py_to_json(&x?)).collect::<PyResult<_>>()?));
    }
    // Dates, datetimes, Decimals and anything else: their ISO / str form.
    if obj.hasattr("isoformat")? {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract()?));
    }
    Ok(Value::String(obj.str()?.to_cow()?.into_owned()))
}

/// `check` over every item of `items` (a list or any iterable), as a list of bools; an item that
/// is not a `str` is `False`. Mechanical batching shared by the `*_many` functions: a list is
/// joined into one string by CPython (`"\0".join`, one UTF-8 conversion for the whole batch, no
/// Python object per item) and checked with the GIL released; anything else goes item by item.
pub(crate) fn bool_many(items: &Bound<'_, PyAny>, check: fn(&str) -> bool) -> PyResult<Vec<bool>> {
    let py = items.py();
    if let Ok(list) = items.cast::<PyList>() {
        let n = list.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        // `join` fails on a non-str item; then the item-by-item path below answers `False` for it.
        if let Ok(joined) = PyString::new(py, "\0").call_method1("join", (list,)) {
            if let Ok(joined) = joined.cast::<PyString>() {
                let text = joined.to_cow()?;
                let out = py.detach(|| text.split('\0').map(check).collect::<Vec<bool>>());
                // An item holding NUL itself would shift the split: only then is the slow path needed.
                if out.len() == n {
                    return Ok(out);
                }
            }
        }
    }
    let one = |item: &Bound<'_, PyAny>| -> PyResult<bool> {
        Ok(match item.cast::<PyString>() {
            Ok(s) => check(&s.to_cow()?),
            Err(_) => false,
        })
    };
    let mut out = Vec::with_capacity(items.len().unwrap_or(0));
    for x in items.try_iter()? {
        out.push(one(&x?)?);
    }
    Ok(out)
}

/// Adds a capability submodule and makes `import sportello.<name>` work.
fn add_submodule(parent: &Bound<'_, PyModule>, name: &str, register: fn(&Bound<'_, PyModule>) -> PyResult<()>) -> PyResult<()> {
    let py = parent.py();
    let m = PyModule::new(py, name)?;
    register(&m)?;
    parent.add_submodule(&m)?;
    py.import("sys")?.getattr("modules")?.set_item(format!("sportello.{name}"), &m)?;
    Ok(())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", sportello::VERSION)?;
    m.add("SportelloError", py.get_type::<SportelloError>())?;
    m.add("CfError", py.get_type::<CfError>())?;
    m.add("PivaError", py.get_type::<PivaError>())?;
    m.add("AccessError", py.get_type::<AccessError>())?;
    m.add("PracticeError", py.get_type::<PracticeError>())?;
    m.add("FormsError", py.get_type::<FormsError>())?;
    m.add("PaymentsError", py.get_type::<PaymentsError>())?;
    m.add("SlotsError", py.get_type::<SlotsError>())?;
    m.add("WorkdaysError", py.get_type::<WorkdaysError>())?;
    add_submodule(m, "cf", cf::register)?;
    add_submodule(m, "piva", cf::register_piva)?;
    add_submodule(m, "access", access::register)?;
    add_submodule(m, "practice", practice::register)?;
    add_submodule(m, "forms", forms::register)?;
    add_submodule(m, "payments", payments::register)?;
    add_submodule(m, "slots", slots::register)?;
    add_submodule(m, "workdays", workdays::register)?;
    Ok(())
}
