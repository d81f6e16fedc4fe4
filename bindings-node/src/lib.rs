//! Node.js bindings of `sportello`: one file per capability, each a mechanical mapping of the core.
//!
//! Conventions (the same in the WASM package): functions live in a namespace object per capability
//! (`cf.isValid`, `workdays.easterSunday`), classes are top-level exports (`HolidayCalendar`,
//! `Practice`, ...); dates are ISO `YYYY-MM-DD` strings, instants RFC 3339 strings with offset,
//! amounts decimal strings; structured results are plain objects in the core's documented JSON
//! shape (types in `types/`); errors are `Error`s whose `.code` is the core's stable code.
#![deny(unsafe_code)] // napi's macros expand to `allow(unsafe_code)`, so `forbid` is impossible here

mod access;
mod payments;
mod slots;

/// The error type of every binding function: `.code` on the JS side is the core's code.
pub(crate) type Error = napi::Error<String>;
pub(crate) type Result<T> = std::result::Result<T, Error>;

/// Turns any core error into a JS `Error` with `.code`.
pub(crate) fn err<E: Into<sportello::Error>>(e: E) -> Error {
    let e: sportello::Error = e.into();
    Error::new(e.code().to_owned(), e.to_string())
}

/// A conversion error of an argument (bad date string, bad JSON shape).
pub(crate) fn arg_err(message: impl std::fmt::Display) -> Error {
    Error::new("argument".to_owned(), message.to_string())
}

/// Parses an ISO `YYYY-MM-DD` argument.
pub(crate) fn date(s: &str) -> Result<chrono::NaiveDate> {
    sportello::iso::date(s).map_err(arg_err)
}

/// Parses an RFC 3339 instant argument (with offset).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn instant(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|_| arg_err(format!("expected an RFC 3339 date-time with offset, got {s:?}")))
}

/// A byte argument (`string | Uint8Array`): a string is its UTF-8 bytes (PEM text, a document).
pub(crate) fn bytes(v: &napi::bindgen_prelude::Either<String, napi::bindgen_prelude::Uint8Array>) -> &[u8] {
    match v {
        napi::bindgen_prelude::Either::A(s) => s.as_bytes(),
        napi::bindgen_prelude::Either::B(b) => b,
    }
}

/// A core value as a plain JS value in its documented JSON shape.
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<Json> {
    serde_json::to_string(value).map(Json).map_err(|e| err(sportello::Error::from(e)))
}

/// A result in its documented JSON shape, handed to JS as text and built there by V8's own
/// `JSON.parse`: several times faster than creating the object property by property through
/// N-API (`cf.decode`: 7.6 µs → about 2 µs per call), and by construction exactly the JSON shape.
/// Every function returning it declares its TypeScript type with `ts_return_type`.
pub struct Json(String);

impl napi::bindgen_prelude::TypeName for Json {
    fn type_name() -> &'static str {
        "any"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

// `ToNapiValue` is an unsafe trait method by napi's design; the body uses only napi's safe API.
#[allow(unsafe_code)]
impl napi::bindgen_prelude::ToNapiValue for Json {
    unsafe fn to_napi_value(raw: napi::sys::napi_env, val: Self) -> napi::Result<napi::sys::napi_value> {
        use napi::bindgen_prelude::JsValue;
        let env = napi::Env::from_raw(raw);
        Ok(builder::<String>(&env, "JSON.parse")?.call(val.0)?.raw())
    }
}

/// A result built by a one-line JS function (`source`, an expression) called with the result's
/// fields as positional arguments: V8 creates the object literal with its final shape, which is
/// several times cheaper than `JSON.parse` of the same text (`cf.decode`). The function is
/// compiled once per JS environment (main thread, each worker) and kept in its instance data.
/// Used where the crossing is most of the cost; the source must produce the documented JSON shape
/// (the JS tests compare it key by key).
pub(crate) struct Built<A> {
    pub source: &'static str,
    pub args: A,
}

impl<A> napi::bindgen_prelude::TypeName for Built<A> {
    fn type_name() -> &'static str {
        "any"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Object
    }
}

// As for `Json`: only napi's safe API inside the trait's unsafe method.
#[allow(unsafe_code)]
impl<A: napi::bindgen_prelude::JsValuesTupleIntoVec + 'static> napi::bindgen_prelude::ToNapiValue for Built<A> {
    unsafe fn to_napi_value(raw: napi::sys::napi_env, val: Self) -> napi::Result<napi::sys::napi_value> {
        use napi::bindgen_prelude::JsValue;
        let env = napi::Env::from_raw(raw);
        Ok(builder::<A>(&env, val.source)?.call(val.args)?.raw())
    }
}

/// The JS function of `source` in this environment, compiled on first use.
fn builder<'e, A: napi::bindgen_prelude::JsValuesTupleIntoVec + 'static>(
    env: &'e napi::Env,
    source: &'static str,
) -> napi::Result<napi::bindgen_prelude::Function<'e, A, napi::bindgen_prelude::Unknown<'static>>> {
    use napi::bindgen_prelude::{Function, FunctionRef, Unknown};
    type Cache = Vec<(&'static str, Box<dyn std::any::Any>)>;
    type Ref<A> = FunctionRef<A, Unknown<'static>>;
    let cache = match env.get_instance_data::<Cache>()? {
        Some(cache) => cache,
        None => {
            // At teardown the environment's handles go with it: references are not released one by one.
            env.set_instance_data(Cache::new(), (), |ctx| std::mem::forget(ctx.value))?;
            env.get_instance_data::<Cache>()?.ok_or_else(|| napi::Error::from_reason("instance data not set"))?
        }
    };
    if let Some(f) = cache.iter().find(|(s, _)| std::ptr::eq(*s, source)).and_then(|(_, f)| f.downcast_ref::<Ref<A>>()) {
        return f.borrow_back(env);
    }
    let f: Function<'e, A, Unknown<'static>> = env.run_script(source)?;
    cache.push((source, Box::new(f.create_ref()?)));
    Ok(f)
}

/// A core value from a plain JS value in its documented JSON shape.
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_json::from_value(value).map_err(|e| err(sportello::Error::from(e)))
}

/// The JSON name of a core enum value (`"substantial"`, `"pendingActivation"`).
pub(crate) fn name_of<T: serde::Serialize>(value: &T) -> String {
    sportello::error::to_json(value).trim_matches('"').to_owned()
}

/// A core enum value from its JSON name (`"structureOnly"`, `"citizen"`).
#[allow(dead_code)] // used by the capability files as they land
pub(crate) fn from_name<T: serde::de::DeserializeOwned>(name: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|e| err(sportello::Error::from(e)))
}

/// A core value from its documented JSON string.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    sportello::error::from_json(s).map_err(err)
}

// ------------------------------------------------------------------ the host of sportello-js

/// A result of `sportello_js::call`, as a JS value: scalars as themselves, objects and arrays
/// parsed from their JSON text by V8's `JSON.parse`, a new object as its handle (a number).
pub struct Out(sportello_js::Ret);

impl napi::bindgen_prelude::TypeName for Out {
    fn type_name() -> &'static str {
        "any"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

// As for `Json`: only napi's safe conversions inside the trait's unsafe method.
#[allow(unsafe_code)]
impl napi::bindgen_prelude::ToNapiValue for Out {
    unsafe fn to_napi_value(env: napi::sys::napi_env, val: Self) -> napi::Result<napi::sys::napi_value> {
        use napi::bindgen_prelude::Null;
        use sportello_js::Ret;
        // SAFETY: `env` is the environment napi handed to this conversion.
        unsafe {
            match val.0 {
                Ret::Null => Null::to_napi_value(env, Null),
                Ret::Bool(b) => bool::to_napi_value(env, b),
                Ret::Num(n) => f64::to_napi_value(env, n),
                Ret::Str(s) => String::to_napi_value(env, s),
                Ret::Json(s) => Json::to_napi_value(env, Json(s)),
                Ret::Obj(id) => u32::to_napi_value(env, id),
            }
        }
    }
}

fn host(r: std::result::Result<sportello_js::Ret, sportello_js::ApiError>) -> Result<Out> {
    r.map(Out).map_err(|e| Error::new(e.code.to_owned(), e.into_details()))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs entry `entry` of the manifest on object `this` (0: none) with `args`, the JSON array of
/// the arguments. Errors are `Error`s whose `.code` is the code and `.message` the details JSON
/// (the JS layer throws the final error).
#[napi_derive::napi]
pub fn call(entry: u32, this: u32, args: String) -> Result<Out> {
    let _ = sportello_js::HOST_TODAY.set(today);
    host(sportello_js::call(entry, this, sportello_js::Input::Json(&args)))
}

/// `call` with one string argument, passed as it is.
#[napi_derive::napi]
pub fn call_str(entry: u32, this: u32, arg: String) -> Result<Out> {
    let _ = sportello_js::HOST_TODAY.set(today);
    host(sportello_js::call(entry, this, sportello_js::Input::Str(&arg)))
}

/// The manifest of the JS API (JSON).
#[napi_derive::napi]
pub fn manifest() -> String {
    sportello_js::manifest()
}

/// Drops the object of handle `id`.
#[napi_derive::napi]
pub fn release(id: u32) {
    sportello_js::release(id)
}

/// The library version.
#[napi_derive::napi]
pub fn version() -> String {
    sportello::VERSION.to_owned()
}
