//! Browser bindings of `sportello` (npm `sportello-web`): one file per capability, each a mechanical
//! mapping of the core, behind a cargo feature of the same name.
//!
//! Conventions (the same as the Node package): functions live in a namespace object per capability
//! (`cf.isValid`, `workdays.easterSunday`; here a class with static methods), classes are top-level
//! exports (`HolidayCalendar`, `Practice`, ...); dates are ISO `YYYY-MM-DD` strings, instants RFC
//! 3339 strings with offset, amounts decimal strings; structured results are plain objects in the
//! core's documented JSON shape (types in `types/`); errors are `Error`s with `.code` (the core's
//! stable code) and `.details` (the error's JSON shape).
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;

#[cfg(feature = "forms")]
mod forms;
#[cfg(feature = "practice")]
mod practice;
#[cfg(feature = "slots")]
mod slots;

/// Every binding function returns this: the error side is a JS `Error` with `.code`.
pub(crate) type Result<T> = std::result::Result<T, JsValue>;

fn js_error(code: &str, message: &str, details: Option<JsValue>) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&e, &"code".into(), &code.into());
    if let Some(d) = details {
        let _ = js_sys::Reflect::set(&e, &"details".into(), &d);
    }
    e.into()
}

/// Turns any core error into a JS `Error` with `.code` and `.details` (the error's JSON shape with
/// `code` and `message`, as `sportello::error::details`).
pub(crate) fn err<E: sportello::Coded + serde::Serialize>(e: E) -> JsValue {
    // The capability's own error, serialised straight to JS: a one-capability build
    // (`--features cf`) then carries no other capability's messages and no `serde_json::Value`.
    let message = e.to_string();
    js_error(e.code(), &message, Some(details(&e, &message)))
}

/// An error's JSON shape with `code` and `message` (what `sportello::error::details` gives, built
/// in JS without `serde_json::Value`): `.details` of a thrown error, and `whyNot`'s result.
pub(crate) fn details<E: sportello::Coded + serde::Serialize>(e: &E, message: &str) -> JsValue {
    with_code(to_js(e).ok().filter(JsValue::is_object), e.code(), message)
}

/// `details` (or a new object) with `code` and `message` set.
fn with_code(details: Option<JsValue>, code: &str, message: &str) -> JsValue {
    let d = details.unwrap_or_else(|| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&d, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&d, &"message".into(), &message.into());
    d
}

/// A `sportello::Error` (the umbrella, from `from_json` and the few functions that can fail in two
/// capabilities) as [`err`] of the capability's own error, so that a one-capability build links no
/// other capability's messages.
pub(crate) fn err_any(e: sportello::Error) -> JsValue {
    use sportello::Error as E;
    match e {
        #[cfg(feature = "cf")]
        E::Cf(e) => err(e),
        #[cfg(feature = "cf")]
        E::Piva(e) => err(e),
        #[cfg(feature = "access")]
        E::Access(e) => err(e),
        #[cfg(feature = "practice")]
        E::Practice(e) => err(e),
        #[cfg(feature = "forms")]
        E::Forms(e) => err(e),
        #[cfg(feature = "payments")]
        E::Payments(e) => err(e),
        #[cfg(feature = "slots")]
        E::Slots(e) => err(e),
        #[cfg(feature = "workdays")]
        E::Workdays(e) => err(e),
        E::Json { message } => json_err(message),
        // A capability this build leaves out cannot produce an error.
        e => js_error(e.code(), e.code(), None),
    }
}

/// Input that does not have the documented JSON shape: code `json`.
pub(crate) fn json_err(message: String) -> JsValue {
    js_error("json", &message, Some(with_code(None, "json", &message)))
}

/// A conversion error of an argument (bad date string, bad JSON shape).
pub(crate) fn arg_err(message: impl std::fmt::Display) -> JsValue {
    js_error("argument", &message.to_string(), None)
}

/// Parses an ISO `YYYY-MM-DD` argument.
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn date(s: &str) -> Result<chrono::NaiveDate> {
    sportello::iso::date(s).map_err(arg_err)
}

/// Parses an RFC 3339 instant argument (with offset).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn instant(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|_| arg_err(format!("expected an RFC 3339 date-time with offset, got {s:?}")))
}

/// A core value as a plain JS value in its documented JSON shape.
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(arg_err)
}

/// A core value from a plain JS value in its documented JSON shape.
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T> {
    serde_wasm_bindgen::from_value(value).map_err(|e| json_err(e.to_string()))
}

/// An optional argument in its JSON shape: `undefined` or `null` is the type's default (`None`,
/// an empty list, default options).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn from_js_or_default<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T> {
    if value.is_null_or_undefined() {
        Ok(T::default())
    } else {
        from_js(value)
    }
}

/// A byte argument (`string | Uint8Array`): a string is its UTF-8 bytes (PEM text, a document).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn bytes(v: &JsValue) -> Result<Vec<u8>> {
    match v.as_string() {
        Some(s) => Ok(s.into_bytes()),
        None if v.is_instance_of::<js_sys::Uint8Array>() => Ok(js_sys::Uint8Array::new(v).to_vec()),
        None => Err(arg_err("expected a string or a Uint8Array")),
    }
}

/// The JSON name of a core enum value (`"substantial"`, `"pendingActivation"`).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn name_of<T: serde::Serialize>(value: &T) -> String {
    sportello::error::to_json(value).trim_matches('"').to_owned()
}

/// A core enum value from its JSON name (`"structureOnly"`, `"citizen"`).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn from_name<T: serde::de::DeserializeOwned>(name: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|e| json_err(e.to_string()))
}

/// A core value from its documented JSON string.
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    sportello::error::from_json(s).map_err(err_any)
}

// ------------------------------------------------------------------ the host of sportello-js

fn host(r: std::result::Result<sportello_js::Ret, sportello_js::ApiError>) -> Result<JsValue> {
    use sportello_js::Ret;
    match r {
        Ok(Ret::Null) => Ok(JsValue::NULL),
        Ok(Ret::Bool(b)) => Ok(JsValue::from_bool(b)),
        Ok(Ret::Num(n)) => Ok(JsValue::from_f64(n)),
        Ok(Ret::Str(s)) => Ok(JsValue::from_str(&s)),
        Ok(Ret::Json(s)) => js_sys::JSON::parse(&s),
        Ok(Ret::Obj(id)) => Ok(JsValue::from_f64(f64::from(id))),
        Err(e) => {
            let err = js_sys::Error::new(&e.details);
            let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.into());
            Err(err.into())
        }
    }
}

fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

/// Runs entry `entry` of the manifest on object `this` (0: none) with `args`, the JSON array of
/// the arguments. Errors are `Error`s whose `.code` is the code and `.message` the details JSON
/// (the JS layer throws the final error).
#[wasm_bindgen]
pub fn call(entry: u32, this: u32, args: &str) -> Result<JsValue> {
    let _ = sportello_js::HOST_TODAY.set(today);
    host(sportello_js::call(entry, this, sportello_js::Input::Json(args)))
}

/// `call` with one string argument, passed as it is.
#[wasm_bindgen(js_name = "callStr")]
pub fn call_str(entry: u32, this: u32, arg: &str) -> Result<JsValue> {
    let _ = sportello_js::HOST_TODAY.set(today);
    host(sportello_js::call(entry, this, sportello_js::Input::Str(arg)))
}

/// The manifest of the JS API (JSON).
#[wasm_bindgen]
pub fn manifest() -> String {
    sportello_js::manifest()
}

/// Drops the object of handle `id`.
#[wasm_bindgen]
pub fn release(id: u32) {
    sportello_js::release(id)
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    sportello::VERSION.to_owned()
}
