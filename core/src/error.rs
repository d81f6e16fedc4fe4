//! The one error type every binding sees.
//!
//! Each capability has its own error enum (`cf::CfError`, `practice::PracticeError`, ...). Every
//! variant has a **stable machine code** (`"cf.check_char"`) and a human message (its `Display`).
//! Serialised, an error is `{"code": "cf.check_char", ...details}`: the code is the serde tag and the
//! variant's fields are the details. [`Error`] wraps them all so that a binding needs one mapping.
//!
//! Codes are part of the public API: never rename one; add a new variant instead.

use serde::Serialize;

/// Something with a stable machine code.
pub trait Coded: std::error::Error {
    /// The stable code, e.g. `"cf.format"`. The part before the first `.` is the capability.
    fn code(&self) -> &'static str;
}

/// Any error of the library.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Error {
    /// A codice fiscale error (`cf.*`).
    #[error(transparent)]
    Cf(#[from] crate::cf::CfError),
    /// A partita IVA / 11-digit code error (`piva.*`).
    #[error(transparent)]
    Piva(#[from] crate::cf::PivaError),
    /// An access error (`access.*`).
    #[error(transparent)]
    Access(#[from] crate::access::AccessError),
    /// A practice error (`practice.*`).
    #[error(transparent)]
    Practice(#[from] crate::practice::PracticeError),
    /// A forms error (`forms.*`).
    #[error(transparent)]
    Forms(#[from] crate::forms::FormsError),
    /// A payments error (`payments.*`).
    #[error(transparent)]
    Payments(#[from] crate::payments::PaymentsError),
    /// A service error (`service.*`).
    #[error(transparent)]
    Service(#[from] crate::service::ServiceError),
    /// A slots error (`slots.*`).
    #[error(transparent)]
    Slots(#[from] crate::slots::SlotsError),
    /// A working-days error (`workdays.*`).
    #[error(transparent)]
    Workdays(#[from] crate::workdays::WorkdaysError),
    /// A notify error (`notify.*`).
    #[error(transparent)]
    Notify(#[from] crate::notify::NotifyError),
    /// Input JSON that does not have the documented shape (`json`; any capability's `from_json`).
    #[error(transparent)]
    Json(#[from] JsonError),
    /// Input beyond one of the library's documented limits (`limit`).
    #[error(transparent)]
    Limit(#[from] LimitError),
}

/// Input JSON that does not have the documented shape: code `json`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct JsonError {
    /// What is wrong (serde's message: an unknown field and the known ones, a wrong type...).
    pub message: String,
    /// Where, inside the input: `rules[2].noticeHours`; empty for the input itself or when the
    /// text does not parse as JSON (then the message has the line and column).
    pub path: String,
}

impl Coded for JsonError {
    fn code(&self) -> &'static str {
        "json"
    }
}

/// Input beyond one of the library's documented limits: nesting deeper than
/// [`crate::json::MAX_DEPTH`], a string, list or count larger than its maximum. Code `limit`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{what} over the limit of {max}{}", if path.is_empty() { String::new() } else { format!(" at {path}") })]
pub struct LimitError {
    /// What is over its limit (`nesting depth`, `parts`...).
    pub what: String,
    /// The largest accepted.
    pub max: u64,
    /// Where, inside the input (as for [`JsonError`]).
    pub path: String,
}

impl Coded for LimitError {
    fn code(&self) -> &'static str {
        "limit"
    }
}

impl Error {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Cf(e) => e.code(),
            Error::Piva(e) => e.code(),
            Error::Access(e) => e.code(),
            Error::Practice(e) => e.code(),
            Error::Forms(e) => e.code(),
            Error::Payments(e) => e.code(),
            Error::Service(e) => e.code(),
            Error::Slots(e) => e.code(),
            Error::Workdays(e) => e.code(),
            Error::Notify(e) => e.code(),
            Error::Json(e) => e.code(),
            Error::Limit(e) => e.code(),
        }
    }

    /// The capability the code belongs to (`"cf"` for `"cf.format"`).
    pub fn capability(&self) -> &'static str {
        let code = self.code();
        code.split('.').next().unwrap_or(code)
    }

    /// The error's fields as a JSON object (always contains `code` and `message`).
    pub fn to_json_value(&self) -> serde_json::Value {
        details(self)
    }
}

/// Any error's fields as a JSON object with its `code` and `message`: what [`Error::to_json_value`]
/// gives, for one capability's error type without wrapping it in [`Error`] first. (The WASM
/// package builds the same object in JS, so that a one-capability build needs no
/// `serde_json::Value`.)
pub fn details<E: Coded + Serialize>(e: &E) -> serde_json::Value {
    let mut v = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    if !v.is_object() {
        v = serde_json::Value::Object(Default::default());
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("code".into(), e.code().into());
        o.insert("message".into(), e.to_string().into());
    }
    v
}

impl Coded for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(JsonError { message: e.to_string(), path: String::new() })
    }
}

/// Parses JSON of the documented shape into `T`, with the library's error.
/// Strict: unknown keys, arrays given for objects and nesting beyond [`crate::json::MAX_DEPTH`] are
/// refused, with the path of the problem (see [`crate::json`]).
pub fn from_json<T: serde::de::DeserializeOwned + 'static>(s: &str) -> Result<T, Error> {
    crate::json::from_str(s)
}

/// Serialises `T` to its documented JSON shape.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // ok: the library's public types serialise infallibly (no maps with non-string keys).
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}
