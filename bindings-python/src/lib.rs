//! Python bindings of `sportello`: one file per capability (`cf.rs`, `practice.rs`, ...), each a
//! mechanical mapping of the core's API. This file holds what they share: the exception hierarchy
//! and error mapping, the argument types (`Arg`, `Str`, `Date`, `Instant`: a value that does not
//! convert raises `ArgumentError`, code `argument`, naming the parameter), JSON <-> Python
//! conversion and `record!`, the one shape of a result class. No rule lives here.
#![deny(unsafe_code)] // allowed in `arrow.rs` (the Arrow C data interface), `polars_plugin.rs` and `forms.rs` (`str_keys`) only

use std::ops::Deref;

use chrono::{DateTime, FixedOffset, NaiveDate};
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

/// mimalloc instead of the system allocator, as in the Node package: the core allocates many
/// small values (a form's submission is a map of hundreds of strings). Safe beside Python and
/// Polars because no memory crosses to them to be freed by another allocator: Python objects are
/// made by Python's, and every Arrow buffer and Polars series this library hands out is freed
/// by its own `release` callback (`arrow.rs`, `polars_plugin.rs`), as the C data interface says.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod access;
mod arrow;
mod cf;
mod forms;
mod notify;
mod payments;
mod polars_plugin;
mod practice;
mod service;
mod slots;
mod workdays;

pyo3::create_exception!(
    sportello,
    SportelloError,
    PyValueError,
    "Base class of every sportello error; `.code` is the stable machine code, `.details` a dict."
);

/// The exception class of each capability (a `SportelloError`), named once: defined, chosen by
/// an error's capability (`capability_error`) and added to the module (`add_errors`).
macro_rules! capability_errors {
    ($($class:ident $cap:literal $doc:literal),* $(,)?) => {
        $(pyo3::create_exception!(sportello, $class, SportelloError, $doc);)*

        /// The class of the errors of capability `cap` (`SportelloError` for the others).
        fn capability_error<'py>(py: Python<'py>, cap: &str) -> Bound<'py, PyType> {
            match cap {
                $($cap => py.get_type::<$class>(),)*
                _ => py.get_type::<SportelloError>(),
            }
        }

        fn add_errors(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add("SportelloError", m.py().get_type::<SportelloError>())?;
            $(m.add(stringify!($class), m.py().get_type::<$class>())?;)*
            Ok(())
        }
    };
}

capability_errors! {
    CfError "cf" "A codice fiscale error (`cf.*`).",
    PivaError "piva" "A partita IVA error (`piva.*`).",
    AccessError "access" "An access error (`access.*`).",
    PracticeError "practice" "A practice error (`practice.*`).",
    FormsError "forms" "A forms error (`forms.*`).",
    PaymentsError "payments" "A payments error (`payments.*`).",
    SlotsError "slots" "A slots error (`slots.*`).",
    WorkdaysError "workdays" "A workdays error (`workdays.*`).",
    ServiceError "service" "A service error (`service.*`).",
    NotifyError "notify" "A notify error (`notify.*`).",
}

/// `sportello.ArgumentError(SportelloError, TypeError)`, defined in `sportello/__init__.py`.
static ARGUMENT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An exception of `class` with `.code` and `.details` (the JSON object, with `code` and `message`).
fn raise(py: Python<'_>, class: Bound<'_, PyType>, details: serde_json::Value) -> PyErr {
    let code = details["code"].as_str().unwrap_or_default();
    let pyerr = PyErr::from_type(class, format!("{code}: {}", details["message"].as_str().unwrap_or_default()));
    let value = pyerr.value(py);
    let _ = value.setattr("code", code);
    if let Ok(details) = json_to_py(py, &details) {
        let _ = value.setattr("details", details);
    }
    pyerr
}

/// Turns any core error into the matching Python exception, with `.code` and `.details`.
pub(crate) fn err<E: Into<sportello::Error>>(e: E) -> PyErr {
    let e: sportello::Error = e.into();
    Python::attach(|py| {
        let class = capability_error(py, e.capability());
        raise(py, class, e.to_json_value())
    })
}

/// An argument that does not convert (wrong type, out of range): `ArgumentError`, code `argument`.
/// Raised while pyo3 converts a parameter, the message gets the parameter's name (`add_note` in
/// `__init__.py`).
pub(crate) fn arg_err(message: impl std::fmt::Display) -> PyErr {
    Python::attach(|py| {
        let class = match ARGUMENT_ERROR.import(py, "sportello", "ArgumentError") {
            Ok(c) => c.clone(),
            Err(e) => return e,
        };
        raise(py, class, serde_json::json!({ "code": "argument", "message": message.to_string() }))
    })
}

/// Why pyo3 could not convert `obj` (a sportello error passes as it is).
fn conversion_err(obj: &Bound<'_, PyAny>, e: PyErr) -> PyErr {
    let py = obj.py();
    if e.is_instance_of::<SportelloError>(py) {
        e
    } else if e.is_instance_of::<PyOverflowError>(py) {
        arg_err(format!("{} is out of range", obj.repr().map(|r| r.to_string()).unwrap_or_default()))
    } else {
        arg_err(e.value(py))
    }
}

/// A parameter pyo3 converts (`int`, `bool`, lists, class instances, ...): a value it cannot
/// convert raises `ArgumentError` instead of `TypeError` / `OverflowError`.
pub(crate) struct Arg<T>(pub T);

impl<T> Deref for Arg<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a, 'py, T: FromPyObject<'a, 'py>> FromPyObject<'a, 'py> for Arg<T> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        T::extract(obj).map(Arg).map_err(|e| conversion_err(&obj, e.into()))
    }
}

/// `obj` converted as a parameter of type `T` would be (for values read inside a function).
pub(crate) fn arg<'py, T: for<'a> FromPyObject<'a, 'py>>(obj: &Bound<'py, PyAny>) -> PyResult<T> {
    obj.extract::<Arg<T>>().map(|a| a.0)
}

/// A `str` parameter (borrowed from Python's UTF-8, no copy).
pub(crate) struct Str(PyBackedStr);

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<Str> for String {
    fn from(s: Str) -> String {
        s.0.to_string()
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Str {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Arg::<PyBackedStr>::extract(obj).map(|s| Str(s.0))
    }
}

/// A `datetime.date` parameter or result; a result outside `datetime.date` (after 9999-12-31)
/// raises `ArgumentError`.
#[derive(Clone, Copy)]
pub(crate) struct Date(pub NaiveDate);

impl<'a, 'py> FromPyObject<'a, 'py> for Date {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Arg::<NaiveDate>::extract(obj).map(|d| Date(d.0))
    }
}

/// A chrono value as its Python object, or past Python's years 1 to 9999 an `ArgumentError`
/// saying which value (`what`).
fn in_python_range<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T, what: impl FnOnce() -> String) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::BoundObject;
    match value.into_pyobject(py) {
        Ok(o) => Ok(o.into_any().into_bound()),
        Err(_) => Err(arg_err(format!("{} (years 1 to 9999)", what()))),
    }
}

impl<'py> IntoPyObject<'py> for Date {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        in_python_range(py, self.0, || format!("the date {} is outside datetime.date", self.0))
    }
}

/// `on` or, when absent, `datetime.date.today()` (the host's clock: the core has none; looked up
/// on each call, so a patched `datetime.date` is honoured).
pub(crate) fn today_or(py: Python<'_>, on: Option<Date>) -> PyResult<NaiveDate> {
    static DATETIME: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let Some(on) = on else {
        let datetime = DATETIME.get_or_try_init(py, || py.import("datetime").map(Bound::unbind))?.bind(py);
        return Ok(datetime.getattr(pyo3::intern!(py, "date"))?.call_method0(pyo3::intern!(py, "today"))?.extract::<Date>()?.0);
    };
    Ok(on.0)
}

/// An instant parameter or result: an aware `datetime` with any tzinfo (`datetime.timezone`,
/// `zoneinfo.ZoneInfo`, dateutil, pytz: its `utcoffset()`), an RFC 3339 string or unix seconds;
/// a naive `datetime` is refused. A result outside `datetime` raises `ArgumentError`.
#[derive(Clone, Copy)]
pub(crate) struct Instant(pub DateTime<FixedOffset>);

/// The type `datetime.timezone` and the offset of the last one seen: under the stable ABI every
/// attribute is a Python call, and `utcoffset()` costs more than the rest of a practice's `apply`.
static TIMEZONE_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static LAST_TZ: std::sync::Mutex<Option<(Py<PyAny>, i32)>> = std::sync::Mutex::new(None);

impl<'a, 'py> FromPyObject<'a, 'py> for Instant {
    type Error = PyErr;
    fn extract(at: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        use chrono::{NaiveDateTime, NaiveTime, TimeZone};
        use pyo3::types::{PyDateAccess, PyDelta, PyDeltaAccess, PyTimeAccess, PyTzInfoAccess};
        let py = at.py();
        if let Ok(d) = at.cast::<PyDateTime>() {
            let Some(tz) = d.get_tzinfo() else {
                return Err(arg_err("expected an aware datetime (with tzinfo), got a naive one"));
            };
            let fixed = tz.get_type().is(TIMEZONE_TYPE.import(py, "datetime", "timezone")?);
            let cached =
                if fixed { LAST_TZ.lock().ok().and_then(|c| c.as_ref().and_then(|(t, off)| t.bind(py).is(&tz).then_some(*off))) } else { None };
            let offset = match cached {
                Some(off) => off,
                None => {
                    let delta = at.call_method0(pyo3::intern!(py, "utcoffset"))?;
                    let Ok(delta) = delta.cast::<PyDelta>() else {
                        return Err(arg_err("expected an aware datetime, got one whose tzinfo gives no UTC offset"));
                    };
                    let off = delta.get_days() * 86_400 + delta.get_seconds();
                    if fixed {
                        if let Ok(mut c) = LAST_TZ.lock() {
                            *c = Some((tz.clone().into_any().unbind(), off));
                        }
                    }
                    off
                }
            };
            let date = NaiveDate::from_ymd_opt(d.get_year(), u32::from(d.get_month()), u32::from(d.get_day()));
            let time =
                NaiveTime::from_hms_micro_opt(u32::from(d.get_hour()), u32::from(d.get_minute()), u32::from(d.get_second()), d.get_microsecond());
            let at = FixedOffset::east_opt(offset)
                .zip(date)
                .zip(time)
                .and_then(|((o, d), t)| o.from_local_datetime(&NaiveDateTime::new(d, t)).single());
            let at = at.ok_or_else(|| arg_err("datetime out of range"))?;
            return sportello::iso::instant_checked(at).map(Instant).map_err(arg_err);
        }
        if let Ok(s) = at.cast::<PyString>() {
            let s = crate::text(&s)?;
            return sportello::iso::instant(&s).map(Instant).map_err(arg_err);
        }
        if at.is_instance_of::<PyInt>() && !at.is_instance_of::<PyBool>() {
            let secs: i64 = arg(&at)?;
            return sportello::iso::seconds_checked(secs).map(Instant).map_err(arg_err);
        }
        Err(arg_err(format!("expected an aware datetime, an RFC 3339 string or unix seconds, got {}", at.get_type().name()?)))
    }
}

impl<'py> IntoPyObject<'py> for Instant {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        in_python_range(py, self.0, || format!("the instant {} is outside datetime", self.0.to_rfc3339()))
    }
}

/// A Python `str` as UTF-8; one that has none (a lone surrogate) raises `ArgumentError`.
pub(crate) fn text<'a>(s: &'a Bound<'_, PyString>) -> PyResult<std::borrow::Cow<'a, str>> {
    s.to_cow().map_err(|_| arg_err("a string that is not valid Unicode (a lone surrogate)"))
}

/// Serialises a core value to its documented JSON string.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    sportello::error::to_json(value)
}

/// Parses a core value from its documented JSON string.
pub(crate) fn from_json<T: serde::de::DeserializeOwned + 'static>(s: &str) -> PyResult<T> {
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
        return Ok(crate::text(s)?.as_bytes().to_vec());
    }
    arg(obj)
}

/// A core value as plain Python data (dict/list/str/int/float/bool/None) in its JSON shape.
pub(crate) fn to_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| err(sportello::Error::from(e)))?;
    json_to_py(py, &v)
}

/// A core value from plain Python data in its JSON shape (dict, or a JSON string).
pub(crate) fn from_py<T: serde::de::DeserializeOwned + 'static>(obj: &Bound<'_, PyAny>) -> PyResult<T> {
    if let Ok(s) = obj.cast::<PyString>() {
        return from_json(&crate::text(s)?);
    }
    let v = py_to_json(obj)?;
    sportello::json::from_value(v).map_err(|e| match e {
        // The argument itself of the wrong type (a list given for an object) is `ArgumentError`,
        // as in the JS packages; a wrong shape inside it is code `json`.
        sportello::Error::Json(j) if j.path.is_empty() && j.message.starts_with("invalid type") => arg_err(j.message),
        e => err(e),
    })
}

/// A JSON-shaped argument given as itself (`shape`: a dict or JSON text, the JS API's one
/// parameter) or as its fields (keyword arguments, the Pythonic form, read by [`keywords`]). Both
/// at once is an `ArgumentError`.
pub(crate) fn shape_or_keywords<T: serde::de::DeserializeOwned + 'static>(
    name: &str,
    shape: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<T> {
    match shape.filter(|s| !s.is_none()) {
        Some(_) if fields.is_some_and(|f| !f.is_empty()) => Err(arg_err(format!("{name}: give {name} or its fields as keywords, not both"))),
        Some(s) => from_py(s),
        None => keywords(fields),
    }
}

/// A JSON-shaped argument that may be absent: `None` is the type's default.
pub(crate) fn from_py_or_default<T: serde::de::DeserializeOwned + Default + 'static>(obj: Option<&Bound<'_, PyAny>>) -> PyResult<T> {
    obj.filter(|o| !o.is_none()).map_or_else(|| Ok(T::default()), from_py)
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

/// Plain Python data (dict/list/tuple/str/int/float/bool/None; dates and datetimes as their ISO
/// text, `Decimal` as its text) as a JSON value. Nesting deeper than `sportello::json::MAX_DEPTH`
/// (a cyclic list or dict included) raises `SportelloError` code `limit`; NaN and infinities, a
/// string with a lone surrogate and any other type raise code `json`; each error says where.
pub(crate) fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    convert(obj, 0).map_err(conversion_error)
}

/// Keyword arguments (`**kwargs`) as the core value `T` of JSON shape: each keyword is the
/// shape's field of the same name in snake_case (`response_days` for `responseDays`), its value
/// read as [`py_to_json`] reads it (dates and datetimes as ISO text, `Decimal` as its text);
/// `None` leaves the field out, so the core's default applies. A keyword the shape does not have,
/// a missing one it needs, a value of the wrong type, an integer out of range or a naive datetime
/// raises `ArgumentError` naming the keyword, as a parameter's would; a value the core's rules
/// refuse (`purpose="Q"`, `payment_amount="1.001"`) and anything wrong inside a value raise the
/// core's error (code `json`, as in the JS packages), its path starting at the keyword. The function's `text_signature` lists the keywords, as the
/// stub does.
pub(crate) fn keywords<T: serde::de::DeserializeOwned + 'static>(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<T> {
    read_keywords(kwargs, false)
}

/// [`keywords`] for options that are all JSON objects or arrays, where a `str` value is their
/// JSON text (`Form.from_formio(form, offices='{"rules": [...]}')`).
pub(crate) fn json_keywords<T: serde::de::DeserializeOwned + 'static>(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<T> {
    read_keywords(kwargs, true)
}

fn read_keywords<T: serde::de::DeserializeOwned + 'static>(kwargs: Option<&Bound<'_, PyDict>>, text_is_json: bool) -> PyResult<T> {
    let mut fields = serde_json::Map::new();
    for (k, v) in kwargs.into_iter().flatten() {
        let key: String = k.extract()?;
        let field = snake_to_camel(&key);
        if camel_to_snake(&field) != key {
            return Err(arg_err(format!("unexpected keyword argument '{key}'")));
        }
        if let Ok(at) = v.cast::<PyDateTime>() {
            // An instant: aware, read as every instant parameter is (its tzinfo's `utcoffset()`).
            let why = |e: PyErr| e.value(v.py()).getattr("details").and_then(|d| d.get_item("message")).map(|m| m.to_string());
            let at = at.extract::<Instant>().map_err(|e| arg_err(format!("{key}: {}", why(e).unwrap_or_default())))?;
            fields.insert(field, serde_json::Value::String(at.0.to_rfc3339()));
        } else if let (true, Ok(text)) = (text_is_json, v.cast::<PyString>()) {
            fields.insert(field, from_json(&crate::text(text)?)?);
        } else if !v.is_none() {
            let value = convert(&v, 1).map_err(|(e, mut path)| {
                path.push(Seg::Key(key));
                conversion_error((e, path))
            })?;
            fields.insert(field, value);
        }
    }
    sportello::json::from_value(serde_json::Value::Object(fields)).map_err(|e| {
        let sportello::Error::Json(j) = e else { return err(e) };
        let (head, rest) = j.path.split_at(j.path.find(['.', '[']).unwrap_or(j.path.len()));
        let (path, top) = (format!("{}{rest}", camel_to_snake(head)), rest.is_empty());
        let quoted = |m: &str| m.split('`').nth(1).map(camel_to_snake).unwrap_or_default();
        match j.message.strip_prefix("invalid value: integer ") {
            _ if top && j.message.starts_with("unknown field") => arg_err(format!("unexpected keyword argument '{path}'")),
            _ if j.path.is_empty() && j.message.starts_with("missing field") => arg_err(format!("{} is required", quoted(&j.message))),
            Some(n) if top => {
                arg_err(format!("{path}: {} is out of range ({})", n.split('`').nth(1).unwrap_or(n), n.rsplit(", ").next().unwrap_or(n)))
            }
            _ if top && j.message.starts_with("invalid type") => arg_err(format!("{path}: {}", j.message)),
            _ => err(sportello::error::JsonError { path, message: j.message }),
        }
    })
}

/// `response_days` -> `responseDays`.
fn snake_to_camel(s: &str) -> String {
    let mut parts = s.split('_');
    let first = parts.next().unwrap_or_default().to_owned();
    parts.fold(first, |mut out, p| {
        let mut c = p.chars();
        out.extend(c.next().map(|f| f.to_ascii_uppercase()));
        out.push_str(c.as_str());
        out
    })
}

/// `responseDays` -> `response_days`.
fn camel_to_snake(s: &str) -> String {
    s.chars().fold(String::new(), |mut out, c| {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        out
    })
}

/// The error of a conversion that failed at `rev_path` (innermost segment first).
fn conversion_error((e, rev_path): (Conv, Vec<Seg>)) -> PyErr {
    {
        let mut path = String::new();
        for seg in rev_path.iter().rev() {
            match seg {
                Seg::Key(k) if path.is_empty() => path.push_str(k),
                Seg::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        match e {
            Conv::Py(e) => e,
            Conv::Deep => err(sportello::json::too_deep(&path)),
            Conv::Json(message) => err(sportello::error::JsonError { message, path }),
        }
    }
}

enum Seg {
    Key(String),
    Index(usize),
}

enum Conv {
    Py(PyErr),
    Deep,
    Json(String),
}

type Converted = Result<serde_json::Value, (Conv, Vec<Seg>)>;

fn fail(e: Conv) -> (Conv, Vec<Seg>) {
    (e, Vec::new())
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> Converted {
    use serde_json::Value;
    let py_err = |e: PyErr| fail(Conv::Py(e));
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
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Beyond 64 bits: a float, as serde_json reads the same digits given as JSON text.
        let f = obj.extract::<f64>().ok().and_then(serde_json::Number::from_f64);
        return f.map(Value::Number).ok_or_else(|| fail(Conv::Json("number out of range".into())));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let f = f.value();
        return serde_json::Number::from_f64(f).map(Value::Number).ok_or_else(|| fail(Conv::Json(format!("{f} is not a JSON number"))));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow() {
            Ok(s) => Ok(Value::String(s.into_owned())),
            Err(_) => Err(fail(Conv::Json("a string that is not valid Unicode (a lone surrogate)".into()))),
        };
    }
    let is_dict = obj.is_instance_of::<PyDict>();
    if (is_dict || obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) && depth >= sportello::json::MAX_DEPTH {
        return Err(fail(Conv::Deep));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        // Collected first, then sorted and built once (inserting key by key costs a tree search
        // each); a key repeated after `str()` keeps its last value, as with inserts.
        let mut pairs = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_cow().map(|c| c.into_owned()),
                Err(_) => k.str().and_then(|s| s.to_cow().map(|c| c.into_owned())),
            }
            .map_err(|_| fail(Conv::Json("a key that is not valid Unicode (a lone surrogate)".into())))?;
            match convert(&v, depth + 1) {
                Ok(value) => pairs.push((key, value)),
                Err((e, mut path)) => {
                    path.push(Seg::Key(key));
                    return Err((e, path));
                }
            }
        }
        return Ok(Value::Object(pairs.into_iter().collect()));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::with_capacity(obj.len().unwrap_or(0));
        for (i, x) in obj.try_iter().map_err(py_err)?.enumerate() {
            match convert(&x.map_err(py_err)?, depth + 1) {
                Ok(v) => items.push(v),
                Err((e, mut path)) => {
                    path.push(Seg::Index(i));
                    return Err((e, path));
                }
            }
        }
        return Ok(Value::Array(items));
    }
    // Dates and datetimes: their ISO form; a Decimal: its text (money stays exact).
    if obj.hasattr("isoformat").map_err(py_err)? {
        return obj.call_method0("isoformat").and_then(|s| s.extract()).map(Value::String).map_err(py_err);
    }
    let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    if type_name == "Decimal" {
        return obj.str().and_then(|s| s.extract()).map(Value::String).map_err(py_err);
    }
    Err(fail(Conv::Json(format!("a {type_name} is not JSON data (dict, list, str, int, float, bool, None, date, Decimal)"))))
}

/// `f` over every item of `items` (the parameter `name`: a list, any iterable of `str`, an
/// Arrow column: anything with `__arrow_c_array__` / `__arrow_c_stream__`, read in place by
/// `arrow.rs`, or an array with `to_pylist()`), one answer per item. A null item (`None`, an
/// Arrow null) answers `None`: a batch keeps a missing value missing, as Arrow does (the single
/// call, which has no row to keep it in, raises `ArgumentError`). A `str` or `bytes` itself (which
/// Python would iterate by character) and an item that is neither `str` nor `None` raise
/// `ArgumentError` naming the parameter and the item's position. Mechanical batching shared by the
/// `*_many` functions: a list of `str` is joined into one string by CPython (`"\0".join`, one
/// UTF-8 conversion for the whole batch, no Python object per item) and checked with the GIL
/// released; anything else goes item by item.
pub(crate) fn map_many<T: Send>(items: &Bound<'_, PyAny>, name: &str, f: impl Fn(&str) -> T + Send + Sync) -> PyResult<Vec<Option<T>>> {
    if items.is_instance_of::<PyString>() || items.is_instance_of::<PyBytes>() {
        return Err(arg_err(format!("{name}: expected a list of codes, got one {}", items.get_type().name()?)));
    }
    let is_list = items.is_instance_of::<PyList>();
    if !is_list && arrow::is_arrow(items) {
        let mut out = Vec::with_capacity(items.len().unwrap_or(0));
        arrow::for_each(items, name, |s| out.push(s.map(&f)))?;
        return Ok(out);
    }
    if !is_list && items.hasattr("to_pylist")? {
        let list = items.call_method0("to_pylist")?;
        return map_many(&list, name, f);
    }
    if let Ok(list) = items.cast::<PyList>() {
        if let Some(out) = joined(list, &f)? {
            return Ok(out);
        }
    }
    let mut out = Vec::with_capacity(items.len().unwrap_or(0));
    for (i, x) in iter_arg(items, name)?.enumerate() {
        out.push(item_str(&x?, name, i)?.map(|s| f(&s)));
    }
    Ok(out)
}

/// The fast path of a list of `str` and `None`: joined into one string by CPython (`"\0".join`,
/// one UTF-8 conversion for the whole batch, no Python object per item; a `None` joined as `""`
/// and answered `None`) and computed with the GIL released. `None` (the item-by-item path answers,
/// and raises where it must) when an item is of another type or holds a NUL itself.
fn joined<T: Send>(list: &Bound<'_, PyList>, f: &(impl Fn(&str) -> T + Sync)) -> PyResult<Option<Vec<Option<T>>>> {
    let py = list.py();
    let n = list.len();
    if n == 0 {
        return Ok(Some(Vec::new()));
    }
    let sep = PyString::new(py, "\0");
    let mut nulls = Vec::new();
    let joined = match sep.call_method1("join", (list,)) {
        Ok(j) => j,
        Err(_) => {
            let empty = PyString::new(py, "").into_any();
            let mut items = Vec::with_capacity(n);
            for (i, x) in list.iter().enumerate() {
                if x.is_none() {
                    nulls.push(i);
                    items.push(empty.clone());
                } else if x.is_instance_of::<PyString>() {
                    items.push(x);
                } else {
                    return Ok(None);
                }
            }
            match sep.call_method1("join", (PyList::new(py, items)?,)) {
                Ok(j) => j,
                Err(_) => return Ok(None),
            }
        }
    };
    let Ok(joined) = joined.cast::<PyString>() else { return Ok(None) };
    let Ok(text) = joined.to_cow() else { return Ok(None) };
    let mut out = py.detach(|| text.split('\0').map(|s| Some(f(s))).collect::<Vec<_>>());
    if out.len() != n {
        return Ok(None);
    }
    for i in nulls {
        out[i] = None;
    }
    Ok(Some(out))
}

/// Item `i` of the batch parameter `name`: its text, `None` for `None`; any other type (and a
/// `str` that is not valid Unicode) raises `ArgumentError` naming the item.
pub(crate) fn item_str<'a>(item: &'a Bound<'_, PyAny>, name: &str, i: usize) -> PyResult<Option<std::borrow::Cow<'a, str>>> {
    if item.is_none() {
        return Ok(None);
    }
    match item.cast::<PyString>() {
        Ok(s) => s.to_cow().map(Some).map_err(|_| arg_err(format!("{name}[{i}]: a string that is not valid Unicode (a lone surrogate)"))),
        Err(_) => Err(arg_err(format!("{name}[{i}]: invalid type: {}, expected a string or None", item.get_type().name()?))),
    }
}

/// The items of an iterable argument named `name` (anything else raises `ArgumentError`).
pub(crate) fn iter_arg<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
    obj.try_iter().map_err(|e| arg_err(format!("{name}: {}", e.value(obj.py()))))
}

/// `Name(attr=repr(value), ...)`: a result's attributes as Python shows them (`None`, dates, Decimals).
pub(crate) fn repr(obj: &Bound<'_, PyAny>, attrs: &[&str]) -> PyResult<String> {
    let fields = attrs.iter().map(|a| Ok(format!("{a}={}", obj.getattr(*a)?.repr()?))).collect::<PyResult<Vec<_>>>()?;
    Ok(format!("{}({})", obj.get_type().name()?, fields.join(", ")))
}

/// The hash of a frozen result: its JSON shape's (equal values have equal JSON).
pub(crate) fn hash_json<T: serde::Serialize>(value: &T) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    to_json(value).hash(&mut h);
    h.finish()
}

/// `__reduce__` through the JSON shape: `(type(obj).from_json, (json,))`.
pub(crate) fn reduce<'py>(obj: &Bound<'py, PyAny>, json: String) -> PyResult<(Bound<'py, PyAny>, (String,))> {
    Ok((obj.get_type().getattr(pyo3::intern!(obj.py(), "from_json"))?, (json,)))
}

/// A class wrapping a core value `inner`, described as a list: its getters (`name: Type =
/// expression` over the value `v`, with `py` at hand), then the class's own methods.
///
/// `record!` without `class`: a result class wrapping a core record (`Serialize`, `Deserialize`,
/// `PartialEq`), which also gets, the same for every record, `from_json` (JSON text or a dict;
/// `load = f` for a loader that also validates), `from_dict` (the same loader: JS's
/// `fromObject`), `to_json`, `to_dict` (JS's `toObject`), equality by value, pickling through the
/// JSON shape, a repr of the getters and, for a `frozen` class, a hash.
macro_rules! record {
    (@load) => { crate::from_py };
    (@load $load:expr) => { $load };
    (
        $(#[$doc:meta])* class $name:ident($core:ty) in $module:tt $(, $frozen:ident)?;
        |$v:ident, $py:ident| { $($(#[$gdoc:meta])* $get:ident: $ty:ty = $e:expr),* $(,)? }
        $($body:tt)*
    ) => {
        $(#[$doc])*
        #[pyo3::pyclass(module = $module $(, $frozen)?)]
        pub struct $name {
            pub(crate) inner: $core,
        }

        #[pyo3::pymethods]
        impl $name {
            $(
                $(#[$gdoc])*
                #[getter]
                #[allow(unused_variables, clippy::wrong_self_convention)] // `py` may go unused; names are Python's (`from_status`)
                fn $get<'py>(&self, $py: pyo3::Python<'py>) -> $ty {
                    let $v = &self.inner;
                    $e
                }
            )*
            $($body)*
        }
    };
    (
        $(#[$doc:meta])* $name:ident($core:ty) in $module:tt $(, $frozen:ident)? $(; load = $load:expr)?;
        |$v:ident, $py:ident| { $($get:ident: $ty:ty = $e:expr),* $(,)? }
        $($body:tt)*
    ) => {
        crate::record! {
            $(#[$doc])* class $name($core) in $module $(, $frozen)?;
            |$v, $py| { $($get: $ty = $e),* }
            #[staticmethod]
            fn from_json(json: &pyo3::Bound<'_, pyo3::PyAny>) -> pyo3::PyResult<Self> {
                Ok(Self { inner: crate::record!(@load $($load)?)(json)? })
            }
            #[staticmethod]
            fn from_dict(value: &pyo3::Bound<'_, pyo3::PyAny>) -> pyo3::PyResult<Self> {
                Ok(Self { inner: crate::record!(@load $($load)?)(value)? })
            }
            fn to_json(&self) -> String {
                crate::to_json(&self.inner)
            }
            fn to_dict<'py>(&self, py: pyo3::Python<'py>) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                crate::to_py(py, &self.inner)
            }
            fn __eq__(&self, other: &Self) -> bool {
                self.inner == other.inner
            }
            $(
                fn __hash__(&self) -> u64 {
                    let _ = stringify!($frozen);
                    crate::hash_json(&self.inner)
                }
            )?
            fn __reduce__<'py>(slf: &pyo3::Bound<'py, Self>) -> pyo3::PyResult<(pyo3::Bound<'py, pyo3::PyAny>, (String,))> {
                crate::reduce(slf.as_any(), crate::to_json(&slf.borrow().inner))
            }
            fn __repr__(slf: &pyo3::Bound<'_, Self>) -> pyo3::PyResult<String> {
                crate::repr(slf.as_any(), &[$(stringify!($get)),*])
            }
            $($body)*
        }
    };
}
pub(crate) use record;

/// A capability's module functions, described once each (as `bindings-js`'s `functions!`
/// describes the JS ones): every `fn` of the block is a `#[pyfunction]` (its own `#[pyo3(..)]`
/// attributes kept), and `$register` (what `add_submodule` calls) adds the listed classes, every
/// function of the block (so none can be defined and left out of the module) and, in
/// `|m| { ... }`, anything else (constants).
macro_rules! functions {
    (
        $register:ident; classes: $($class:ty),* ; $(|$m:ident| $extra:block)?
        $($(#[$attr:meta])* $vis:vis fn $name:ident $(<$lt:lifetime>)? ($($params:tt)*) -> $ret:ty $body:block)*
    ) => {
        $(#[pyo3::pyfunction] $(#[$attr])* $vis fn $name $(<$lt>)? ($($params)*) -> $ret $body)*

        /// Adds the module's classes and functions.
        pub fn $register(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
            use pyo3::types::PyModuleMethods;
            $(m.add_class::<$class>()?;)*
            $(m.add_function(pyo3::wrap_pyfunction!($name, m)?)?;)*
            $(let $m = m; $extra)?
            Ok(())
        }
    };
}
pub(crate) use functions;

/// Adds a capability submodule and makes `import sportello.<name>` work. The module is named
/// `sportello.<name>` (so are its functions' `__module__`): pickle finds a function by that name,
/// and cloudpickle (Spark, Dask, Ray) ships a closure that uses `cf` as an import of the module
/// rather than trying to copy the module itself (issue 21).
fn add_submodule(parent: &Bound<'_, PyModule>, name: &str, register: fn(&Bound<'_, PyModule>) -> PyResult<()>) -> PyResult<()> {
    let py = parent.py();
    let full = format!("sportello.{name}");
    let m = PyModule::new(py, &full)?;
    register(&m)?;
    m.delattr("__all__")?; // pyo3's list of what was added: every public name is, as without it
    parent.add(name, &m)?;
    py.import("sys")?.getattr("modules")?.set_item(full, &m)?;
    Ok(())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", sportello::VERSION)?;
    add_errors(m)?;
    m.add_class::<arrow::ArrowArray>()?;
    add_submodule(m, "cf", cf::register)?;
    add_submodule(m, "piva", cf::piva::register)?;
    add_submodule(m, "access", access::register)?;
    add_submodule(m, "practice", practice::register)?;
    add_submodule(m, "forms", forms::register)?;
    add_submodule(m, "payments", payments::register)?;
    add_submodule(m, "slots", slots::register)?;
    add_submodule(m, "workdays", workdays::register)?;
    add_submodule(m, "service", service::register)?;
    add_submodule(m, "notify", notify::register)?;
    Ok(())
}
