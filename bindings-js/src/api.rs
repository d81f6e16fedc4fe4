//! The machinery of the description: entries, arguments, results, errors and the object table.
//! Host-neutral: nothing here knows napi or wasm-bindgen.
use std::any::Any;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use serde::de::{DeserializeOwned, Deserializer};
use serde::Serialize;

// ------------------------------------------------------------------------------------ entries

/// What an entry is in the JS API.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A function of a capability's namespace (`cf.isValid`).
    Fn,
    /// A class constructor (`new Practice(...)`).
    Ctor,
    /// A static method of a class (`Practice.fromJson`).
    Static,
    /// A method (`practice.apply(...)`).
    Method,
    /// A read-only property (`practice.status`).
    Getter,
}

/// One entry point of the JS API: its place, its documentation, its parameters and result (for
/// the manifest and the generated JS and TypeScript) and the function that runs it.
pub struct Entry {
    /// What it is.
    #[cfg(feature = "manifest")]
    pub kind: Kind,
    /// The namespace (`"cf"`) of a function, the class (`"Practice"`) of a member.
    #[cfg(feature = "manifest")]
    pub owner: &'static str,
    /// Its snake_case name (the JS name is its camelCase form).
    #[cfg(feature = "manifest")]
    pub name: &'static str,
    /// Its documentation.
    #[cfg(feature = "manifest")]
    pub doc: &'static str,
    /// Its parameters, described.
    #[cfg(feature = "manifest")]
    pub params: fn() -> Vec<ParamInfo>,
    /// Its result's TypeScript type, its class when it is a new object, and whether it crosses
    /// as JSON text that the JS layer parses.
    #[cfg(feature = "manifest")]
    pub returns: fn() -> RetInfo,
    /// Runs it.
    pub call: fn(&mut Args<'_>) -> Result<Ret, ApiError>,
}

/// A class of the JS API: its name and documentation.
pub struct ClassInfo {
    /// The JS class name.
    pub name: &'static str,
    /// Its documentation.
    #[cfg(feature = "manifest")]
    pub doc: &'static str,
}

/// A result as the manifest describes it: its TypeScript type, its class when it is a new
/// object, whether it crosses as JSON text the JS layer parses, and its builder ([`Record`]).
#[cfg(feature = "manifest")]
pub type RetInfo = (String, Option<&'static str>, bool, Option<&'static str>);

/// A parameter as the manifest describes it.
#[cfg(feature = "manifest")]
#[derive(Serialize)]
pub struct ParamInfo {
    /// Its snake_case name.
    pub name: &'static str,
    /// Its TypeScript type (without `| null` for an optional one).
    pub ts: String,
    /// Whether it may be left out (`null`, `undefined`, or absent at the end).
    pub optional: bool,
    /// The class whose object it takes, if any (the JS layer passes the object's handle).
    pub class: Option<&'static str>,
    /// Whether it may hold bytes (`Uint8Array`), which the JS layer passes as numbers.
    pub bytes: bool,
    /// Whether the JS layer sends only the values at the paths that the method's object lists in
    /// its `dataPaths` getter (`null`: all of it): see [`Picked`].
    pub pick: bool,
    /// The session class that may hold this argument between calls, for a method called again
    /// with the same object: see [`Held`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<&'static str>,
}

#[cfg(feature = "manifest")]
impl ParamInfo {
    /// Describes a parameter of type `T`, whose TypeScript type and class `T` knows.
    pub fn of<T: DeserializeOwned + Ts>(name: &'static str) -> ParamInfo {
        ParamInfo { pick: T::pick(), held: T::held(), ..Self::named::<T>(name, T::ts(), T::class()) }
    }

    /// Describes a parameter of type `T` whose TypeScript type the description names.
    pub fn named<T: DeserializeOwned>(name: &'static str, ts: String, class: Option<&'static str>) -> ParamInfo {
        let optional = T::deserialize(Missing).is_ok();
        let ts = ts.strip_suffix(" | null").map(str::to_owned).unwrap_or(ts);
        ParamInfo { name, bytes: ts.contains("Uint8Array"), ts, optional, class, pick: false, held: None }
    }
}

/// The TypeScript type of a parameter or result, and the class of an object.
pub trait Ts {
    /// The TypeScript type.
    fn ts() -> String;
    /// The class, for an object parameter or result.
    fn class() -> Option<&'static str> {
        None
    }
    /// Whether a result of this type crosses as JSON text that the JS layer parses.
    fn json() -> bool {
        false
    }
    /// The JS function that builds a result of this type from its fields ([`Record`]).
    fn build() -> Option<&'static str> {
        None
    }
    /// Whether the JS layer may cut the argument down to the paths the object lists ([`Picked`]).
    fn pick() -> bool {
        false
    }
    /// The session class that may hold the argument between calls ([`Held`]).
    fn held() -> Option<&'static str> {
        None
    }
}

/// A data argument of a method whose object knows which data paths it reads (a getter
/// `data_paths` returning them dotted, or `null` when it cannot know), so that a rule reading
/// three values of a 1,000-key object does not copy the whole object across the boundary. The
/// JS layer reads the values at those paths itself and, when each is a JSON scalar or absent,
/// sends them alone, without JSON ([`Input::Picked`], [`Picked::At`]); otherwise it sends a copy
/// of the object holding only those paths, as JSON ([`Picked::Whole`]). The result is the same by
/// the getter's contract (`sportello::forms::Logic::apply_at`).
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    /// The argument as JSON (absent: `None`).
    Whole(Option<serde_json::Value>),
    /// The values at the object's data paths, in their order (`None`: the data has none there).
    At(Vec<Option<serde_json::Value>>),
}

impl<'de> serde::Deserialize<'de> for Picked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<serde_json::Value>::deserialize(d).map(Picked::Whole)
    }
}

impl Ts for Picked {
    fn ts() -> String {
        "unknown".into()
    }
    fn pick() -> bool {
        true
    }
}

/// The data argument (an object, or its JSON text) of a method that a session class `S` of the
/// description evaluates the same way from the data it holds: `Form.evaluate`, held by
/// `FormSession`, whose `update(changes, ...rest)` gives what the method gives on the held data
/// with `changes` merged in (`sportello::forms::FormSession`). A form UI calls the method again
/// with the same object after a change; JSON-encoding and parsing the whole object each time
/// costs more than the evaluation. So the JS layer keeps, for an object it is given a second
/// time, a session of `S` holding it and a copy of its top-level values, and from then on sends
/// only the values that changed to that session. The result is the method's on the whole object:
/// when it cannot tell by comparing top-level values (keys added, removed or reordered, a value
/// that becomes what JSON leaves out, a size near the input limit) it sends the whole object
/// again. Keyed weakly by the object: the copy lives as long as the caller's object does.
pub struct Held<S>(pub serde_json::Value, PhantomData<S>);

impl<'de, S> serde::Deserialize<'de> for Held<S> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d).map(|v| Held(v, PhantomData))
    }
}

impl<S: Class> Ts for Held<S> {
    fn ts() -> String {
        "Record<string, unknown> | string".into()
    }
    fn held() -> Option<&'static str> {
        Some(S::NAME)
    }
}

/// A JS value a host read without JSON: what the JS layer sends of a [`Picked`] argument. (Only
/// `forms` has such an argument: a build without it leaves the conversion out.)
#[cfg(feature = "forms")]
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `undefined`: no value at the path.
    Absent,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (the JS layer sends only finite ones).
    Num(f64),
    /// A string.
    Str(String),
}

macro_rules! ts {
    ($($t:ty => $s:literal),* $(,)?) => { $(impl Ts for $t { fn ts() -> String { $s.into() } })* };
}
ts!(String => "string", bool => "boolean", u8 => "number", u16 => "number", u32 => "number", i32 => "number",
    u64 => "number", i64 => "number", usize => "number", f64 => "number", () => "void",
    serde_json::Value => "unknown", Date => "string", Instant => "string", Bytes => "string | Uint8Array",
    chrono::NaiveDate => "string", chrono::DateTime<chrono::FixedOffset> => "string");

impl<T: Ts> Ts for Option<T> {
    fn ts() -> String {
        format!("{} | null", T::ts())
    }
    fn json() -> bool {
        T::json()
    }
    fn class() -> Option<&'static str> {
        T::class()
    }
}

impl<T: Ts> Ts for Vec<T> {
    fn json() -> bool {
        true
    }
    fn ts() -> String {
        let t = T::ts();
        if t.contains(' ') {
            format!("Array<{t}>")
        } else {
            format!("{t}[]")
        }
    }
}

// ----------------------------------------------------------------------------------- errors

/// An error as the JS layer throws it: `.code`, `.message`, `.details` (the error's JSON shape
/// with `code` and `message`).
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The stable code (`cf.check_char`, `argument`, `json`).
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// The details object as JSON text.
    pub details: String,
}

impl ApiError {
    /// An error of this code and message whose details are just those two.
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError { details: splice("{}", code, &message), code, message }
    }
    /// A wrong argument: code `argument`.
    pub fn argument(message: impl Into<String>) -> ApiError {
        ApiError::new("argument", message)
    }
    /// Malformed JSON or a wrong JSON shape: code `json`.
    pub fn json(message: impl Into<String>) -> ApiError {
        ApiError::new("json", message)
    }
    /// The error in the form the hosts throw: the details JSON, which holds code and message.
    pub fn into_details(self) -> String {
        self.details
    }
}

/// `{..., "code": code, "message": message}` from an error's JSON object (later keys win).
fn splice(body: &str, code: &str, message: &str) -> String {
    let tail = format!("\"code\":{},\"message\":{}}}", to_json(code), to_json(message));
    match body.strip_suffix('}') {
        Some(head) if head.starts_with('{') && head.len() > 1 => format!("{head},{tail}"),
        _ => format!("{{{tail}"),
    }
}

impl<E: sportello::Coded + Serialize> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        let message = e.to_string();
        let body = serde_json::to_string(&e).unwrap_or_default();
        ApiError { details: splice(&body, e.code(), &message), code: e.code(), message }
    }
}

/// A JSON text that does not parse into the documented shape: code `json`.
pub fn json_err(e: serde_json::Error) -> ApiError {
    ApiError::json(e.to_string())
}

/// A core value from its documented JSON text (`fromJson`).
pub fn from_json<T: DeserializeOwned + 'static>(s: &str) -> Result<T, ApiError> {
    sportello::json::from_str(s).map_err(crate::umbrella)
}

/// A core value as its documented JSON text (`toJson`): the core's own.
pub use sportello::error::to_json;

// -------------------------------------------------------------------------------- arguments

/// The arguments of one call, as the host received them.
pub enum Input<'a> {
    /// One string argument, passed as it is (the fast path of `cf.isValid(code)`).
    Str(&'a str),
    /// Two string arguments, passed as they are (`cf.decode(code, today)`).
    Str2(&'a str, &'a str),
    /// Every argument, as a JSON array.
    Json(&'a str),
    /// The one argument of a method taking a [`Picked`] argument, as the values at its
    /// object's data paths.
    #[cfg(feature = "forms")]
    Picked(Vec<Scalar>),
}

/// The arguments of a call, read one by one by the entry in its parameters' order. Every
/// parameter type is read by the core's strict reader ([`sportello::json`]), which refuses unknown
/// keys and arrays given for objects, and says where in the argument an error is.
pub struct Args<'a> {
    /// Whether `items` are strings as given (`Input::Str`, `Input::Str2`) or JSON texts.
    strings: bool,
    items: Vec<&'a str>,
    /// The values of `Input::Picked`, the one argument then.
    picked: Option<Vec<Option<serde_json::Value>>>,
    next: usize,
    this: u32,
}

impl<'a> Args<'a> {
    /// The arguments of `input`, for the object `this` (0 for none).
    pub fn new(input: Input<'a>, this: u32) -> Result<Args<'a>, ApiError> {
        let total = match &input {
            Input::Str(s) | Input::Json(s) => s.len(),
            Input::Str2(a, b) => a.len() + b.len(),
            #[cfg(feature = "forms")]
            Input::Picked(values) => values.iter().map(|v| if let Scalar::Str(s) = v { s.len() } else { 8 }).sum(),
        };
        if total > sportello::json::MAX_INPUT_BYTES {
            return Err(crate::umbrella(sportello::json::too_large("")));
        }
        let (strings, items, picked) = match input {
            Input::Str(s) => (true, vec![s], None),
            Input::Str2(a, b) => (true, vec![a, b], None),
            Input::Json(s) => (false, split_array(s).ok_or_else(|| ApiError::argument("the arguments are not a JSON array"))?, None),
            #[cfg(feature = "forms")]
            Input::Picked(values) => (false, Vec::new(), Some(values.into_iter().map(picked_value).collect::<Result<_, _>>()?)),
        };
        Ok(Args { strings, items, picked, next: 0, this })
    }

    fn count(&self) -> usize {
        self.items.len() + usize::from(self.picked.is_some())
    }

    /// The next argument, named `name` in errors.
    #[inline(never)] // one copy per parameter type, not one per entry
    pub fn arg<T: DeserializeOwned + 'static>(&mut self, name: &str) -> Result<T, ApiError> {
        let i = self.next;
        self.next += 1;
        #[cfg(feature = "forms")]
        if let Some(values) = self.picked.take() {
            // Only a `Picked` parameter, the first, takes picked values.
            let mut at = Some(Picked::At(values));
            return match (&mut at as &mut dyn std::any::Any).downcast_mut::<Option<T>>().and_then(Option::take) {
                Some(v) if i == 0 => Ok(v),
                _ => Err(ApiError::argument(format!("{name}: this parameter takes no picked values"))),
            };
        }
        let quoted;
        let text = match self.items.get(i).copied() {
            Some(s) if self.strings => {
                // A string parameter takes the string as it is; any other type reads it as JSON.
                if std::any::TypeId::of::<T>() == std::any::TypeId::of::<String>() {
                    let as_string: Box<dyn std::any::Any> = Box::new(s.to_owned());
                    if let Ok(v) = as_string.downcast::<T>() {
                        return Ok(*v);
                    }
                }
                quoted = to_json(s);
                quoted.as_str()
            }
            Some(raw) => raw,
            None => "null", // absent: `None` for an optional parameter
        };
        sportello::json::from_str(text).map_err(|e| arg_error(name, text, e))
    }

    /// Fails if more arguments were given than the entry has parameters.
    pub fn finish(&self) -> Result<(), ApiError> {
        if self.count() > self.next {
            return Err(ApiError::argument(format!("expected at most {} arguments, got {}", self.next, self.count())));
        }
        Ok(())
    }

    /// The object a method is called on.
    pub fn this(&self) -> Result<Slot, ApiError> {
        objects::get(self.this).ok_or_else(|| ApiError::argument("the object was released (free()) or is not a sportello object"))
    }
}

#[cfg(feature = "forms")]
impl Scalar {
    /// The error of a picked value of another kind (the JS layer sends none): code `argument`.
    pub fn refused() -> ApiError {
        ApiError::argument("a picked value is a JSON scalar (undefined, null, a boolean, a number or a string)")
    }
}

/// A picked value as JSON: a number as its `JSON.stringify` text reads ([`sportello::json::js_number`]).
#[cfg(feature = "forms")]
fn picked_value(v: Scalar) -> Result<Option<serde_json::Value>, ApiError> {
    use serde_json::Value;
    Ok(match v {
        Scalar::Absent => None,
        Scalar::Null => Some(Value::Null),
        Scalar::Bool(b) => Some(Value::Bool(b)),
        Scalar::Str(s) => Some(Value::String(s)),
        Scalar::Num(x) => Some(sportello::json::js_number(x).ok_or_else(|| ApiError::json(format!("{x} is not a JSON number")))?),
    })
}

/// An argument error: the parameter's name and the path inside it; code `argument` when the
/// parameter itself, or a direct item of a list, has the wrong type or value (or is absent),
/// `json` when an object or array given for it has the wrong shape, `limit` when it is nested
/// too deep.
#[cold]
fn arg_error(name: &str, text: &str, e: sportello::Error) -> ApiError {
    use sportello::{error::JsonError, Error as E};
    if text == "null" {
        return ApiError::argument(format!("{name} is required"));
    }
    match e {
        // The parameter itself of the wrong type (a string given an object) is `argument`.
        E::Json(JsonError { message, path })
            if path.is_empty() && (message.starts_with("invalid type") || !matches!(text.as_bytes().first(), Some(b'{' | b'['))) =>
        {
            ApiError::argument(format!("{name}: {message}"))
        }
        // A wrong type or an out-of-range number as a direct item of a list argument is
        // `argument` too (`codes[1]`, a byte of 256 in a `Uint8Array`-like list), as Python says.
        E::Json(JsonError { message, path }) if (message.starts_with("invalid type") || message.starts_with("invalid value")) && is_index(&path) => {
            ApiError::argument(format!("{name}{path}: {message}"))
        }
        other => within(name, other),
    }
}

/// Whether `path` is one list position (`[3]`).
fn is_index(path: &str) -> bool {
    path.strip_prefix('[')
        .and_then(|p| p.strip_suffix(']'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A core error about the parameter `name`: a JSON or limit error's path starts with the name.
pub fn within(name: &str, e: sportello::Error) -> ApiError {
    use sportello::Error as E;
    let at = |path: String| if path.is_empty() { name.to_owned() } else { format!("{name}.{path}") };
    match e {
        E::Json(mut j) => {
            j.path = at(j.path);
            j.into()
        }
        E::Limit(mut l) => {
            l.path = at(l.path);
            l.into()
        }
        other => crate::umbrella(other),
    }
}

/// The elements of a JSON array, as the texts of their values (each then parsed by its
/// parameter's type, which also checks it), or `None` if `text` is not an array. Plain code,
/// shared by every entry, instead of a generic raw-value parse.
fn split_array(text: &str) -> Option<Vec<&str>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let (bytes, mut out, mut depth, mut start, mut i) = (inner.as_bytes(), Vec::new(), 0usize, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            b',' if depth == 0 => {
                out.push(inner.get(start..i)?.trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let last = inner.get(start..)?.trim();
    if !last.is_empty() || !out.is_empty() {
        out.push(last);
    }
    Some(out)
}

/// A deserializer for an absent argument: `None` for an `Option`, an error for anything else
/// (what the manifest calls optional).
#[cfg(feature = "manifest")]
struct Missing;

#[cfg(feature = "manifest")]
impl<'de> Deserializer<'de> for Missing {
    type Error = serde::de::value::Error;
    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("missing"))
    }
    fn deserialize_option<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_none()
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A date argument: strict `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug)]
pub struct Date(pub chrono::NaiveDate);

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        sportello::iso::date(&s).map(Date).map_err(serde::de::Error::custom)
    }
}

/// An instant argument: RFC 3339 with an offset.
#[derive(Clone, Copy, Debug)]
pub struct Instant(pub chrono::DateTime<chrono::FixedOffset>);

impl<'de> serde::Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        sportello::iso::instant(&s).map(Instant).map_err(serde::de::Error::custom)
    }
}

/// A bytes argument: a string (its UTF-8 bytes: PEM text) or a `Uint8Array` (which the JS layer
/// passes as an array of numbers).
#[derive(Clone, Debug, Default)]
pub struct Bytes(pub Vec<u8>);

impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged, expecting = "a string or a Uint8Array")]
        enum B {
            S(String),
            V(Vec<u8>),
        }
        Ok(Bytes(match B::deserialize(d)? {
            B::S(s) => s.into_bytes(),
            B::V(v) => v,
        }))
    }
}

// ---------------------------------------------------------------------------------- results

/// A result as it crosses to the host.
#[derive(Debug, Clone, PartialEq)]
pub enum Ret {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// A JSON shape as JSON text, which the generated JS layer parses (the manifest marks such
    /// entries `json`): one `JSON.parse` in JS, cheaper than the host calling it.
    Json(String),
    /// An object or array whose kind the description does not fix (a `serde_json::Value`), as
    /// JSON text the host parses with the engine's `JSON.parse`.
    AnyJson(String),
    /// A new object of the object table: its handle (the JS layer wraps it in its class).
    Obj(u32),
    /// A record's fields in order ([`Record`]), built into the record by the entry's builder
    /// (Node: the host calls it with them as arguments; browser: the JS layer spreads an array);
    /// nested, a list field.
    Fields(Vec<Ret>),
}

/// A result type whose description names no TypeScript type: a scalar crosses as itself,
/// anything else as JSON text. (A result described `-> T as "Name"` is a JSON shape and crosses
/// through [`json_ret`].)
pub trait IntoRet {
    /// The value as it crosses.
    fn into_ret(self) -> Result<Ret, ApiError>;
}

macro_rules! scalar_ret {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => { $(impl IntoRet for $t { fn into_ret(self) -> Result<Ret, ApiError> { let $v = self; Ok($e) } })* };
}
scalar_ret!(
    bool => |v| Ret::Bool(v), u8 => |v| Ret::Num(f64::from(v)), u16 => |v| Ret::Num(f64::from(v)),
    u32 => |v| Ret::Num(f64::from(v)), i32 => |v| Ret::Num(f64::from(v)), u64 => |v| Ret::Num(v as f64),
    i64 => |v| Ret::Num(v as f64), usize => |v| Ret::Num(v as f64),
    f64 => |v| if v.is_finite() { Ret::Num(v) } else { Ret::Null }, // as JSON: no NaN
    String => |v| Ret::Str(v), () => |_v| Ret::Null,
    chrono::NaiveDate => |v| Ret::Str(sportello::iso::date_string(v)),
    chrono::DateTime<chrono::FixedOffset> => |v| Ret::Str(v.to_rfc3339()),
);

impl<T: IntoRet> IntoRet for Option<T> {
    fn into_ret(self) -> Result<Ret, ApiError> {
        self.map_or(Ok(Ret::Null), T::into_ret)
    }
}

impl<T: Serialize> IntoRet for Vec<T> {
    fn into_ret(self) -> Result<Ret, ApiError> {
        json_ret(&self)
    }
}

impl IntoRet for serde_json::Value {
    fn into_ret(self) -> Result<Ret, ApiError> {
        use serde_json::Value as V;
        Ok(match self {
            V::Null => Ret::Null,
            V::Bool(b) => Ret::Bool(b),
            V::String(s) => Ret::Str(s),
            V::Number(n) => n.as_f64().map_or(Ret::Null, Ret::Num),
            compound => return serde_json::to_string(&compound).map(Ret::AnyJson).map_err(json_err),
        })
    }
}

/// A result in its documented JSON shape, as JSON text.
pub fn json_ret<T: Serialize + ?Sized>(value: &T) -> Result<Ret, ApiError> {
    serde_json::to_string(value).map(Ret::Json).map_err(json_err)
}

/// A small record returned often (`cf.decode`), built from its fields in order by a JS function
/// the description gives, instead of parsed from JSON: V8 creates the object literal with its
/// final shape, several times cheaper than `JSON.parse` of the same text. The function must give
/// exactly the record's documented JSON shape (key order and nulls included): the JS tests
/// compare it with the core's JSON.
pub trait Record {
    /// The TypeScript type.
    const TS: &'static str;
    /// The JS function (an arrow function) that builds the record from [`Record::fields`].
    const BUILD: &'static str;
    /// The fields, in the order `BUILD` takes them.
    fn fields(self) -> Vec<Ret>;
}

/// A [`Record`] result: `-> Built<core::Decoded>`.
pub struct Built<T>(pub T);

impl<T: Record> IntoRet for Built<T> {
    fn into_ret(self) -> Result<Ret, ApiError> {
        Ok(Ret::Fields(self.0.fields()))
    }
}

impl<T: Record> Ts for Built<T> {
    fn ts() -> String {
        T::TS.into()
    }
    fn build() -> Option<&'static str> {
        Some(T::BUILD)
    }
}

/// A new object: the constructor's or a factory's result.
pub struct Obj<T>(pub T);

impl<T: Class> IntoRet for Obj<T> {
    fn into_ret(self) -> Result<Ret, ApiError> {
        Ok(Ret::Obj(objects::insert(self.0)))
    }
}

impl<T: Class> Ts for Obj<T> {
    fn ts() -> String {
        T::NAME.into()
    }
    fn class() -> Option<&'static str> {
        Some(T::NAME)
    }
}

// ---------------------------------------------------------------------------------- objects

/// A type that the JS layer holds as an object of a class.
pub trait Class: Any {
    /// The JS class name.
    const NAME: &'static str;
}

/// An object of the table, shared by the handle and any call borrowing it.
pub type Slot = Rc<RefCell<Box<dyn Any>>>;

/// The objects the JS side holds, by handle. One table per thread (a Node worker has its own,
/// as its objects cannot cross to another worker); handles start at 1.
pub mod objects {
    use super::*;

    #[derive(Default)]
    struct Table {
        slots: Vec<Option<Slot>>,
        free: Vec<u32>,
    }

    thread_local! {
        static TABLE: RefCell<Table> = RefCell::new(Table::default());
    }

    /// Stores `value`; its handle.
    pub fn insert<T: Class>(value: T) -> u32 {
        let slot: Slot = Rc::new(RefCell::new(Box::new(value)));
        TABLE.with(|t| {
            let mut t = t.borrow_mut();
            match t.free.pop() {
                Some(id) => {
                    if let Some(s) = t.slots.get_mut(id as usize - 1) {
                        *s = Some(slot);
                    }
                    id
                }
                None => {
                    t.slots.push(Some(slot));
                    t.slots.len() as u32
                }
            }
        })
    }

    /// The object of `id`.
    pub fn get(id: u32) -> Option<Slot> {
        let index = (id as usize).checked_sub(1)?;
        TABLE.with(|t| t.borrow().slots.get(index).cloned().flatten())
    }

    /// Drops the object of `id` (the JS object was collected or `free()`d).
    pub fn release(id: u32) {
        let Some(index) = (id as usize).checked_sub(1) else { return };
        let old = TABLE.with(|t| {
            let mut t = t.borrow_mut();
            let old = t.slots.get_mut(index).and_then(Option::take);
            if old.is_some() {
                t.free.push(id);
            }
            old
        });
        drop(old); // outside the table's borrow
    }
}

/// An object argument: another object of the table (`calendar: Calendar`).
pub struct Ref<T> {
    slot: Slot,
    _t: PhantomData<T>,
}

impl<T: Class> Ref<T> {
    /// Borrows the object.
    pub fn get(&self) -> Result<std::cell::Ref<'_, T>, ApiError> {
        borrow(&self.slot)
    }
}

/// Borrows a slot as a `T`.
pub fn borrow<T: Class>(slot: &Slot) -> Result<std::cell::Ref<'_, T>, ApiError> {
    let r = slot.try_borrow().map_err(|_| ApiError::argument(format!("the {} is in use by this same call", T::NAME)))?;
    std::cell::Ref::filter_map(r, |b| b.downcast_ref::<T>()).map_err(|_| ApiError::argument(format!("expected a {}", T::NAME)))
}

/// Borrows a slot mutably as a `T`.
pub fn borrow_mut<T: Class>(slot: &Slot) -> Result<std::cell::RefMut<'_, T>, ApiError> {
    let r = slot.try_borrow_mut().map_err(|_| ApiError::argument(format!("the {} is in use by this same call", T::NAME)))?;
    std::cell::RefMut::filter_map(r, |b| b.downcast_mut::<T>()).map_err(|_| ApiError::argument(format!("expected a {}", T::NAME)))
}

impl<'de, T: Class> serde::Deserialize<'de> for Ref<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = u32::deserialize(d).map_err(|_| serde::de::Error::custom(format!("expected a {}", T::NAME)))?;
        let slot = objects::get(id).ok_or_else(|| serde::de::Error::custom(format!("expected a {} (this one was released)", T::NAME)))?;
        // An object of another class is refused here, where the error gets the parameter's name
        // (`policy: expected a ActivationPolicy`). A slot borrowed by this same call (`this`) is
        // left to `get`, which says so.
        if slot.try_borrow().is_ok_and(|b| !(**b).is::<T>()) {
            return Err(serde::de::Error::custom(format!("expected a {}", T::NAME)));
        }
        Ok(Ref { slot, _t: PhantomData })
    }
}

impl<T: Class> Ts for Ref<T> {
    fn ts() -> String {
        T::NAME.into()
    }
    fn class() -> Option<&'static str> {
        Some(T::NAME)
    }
}

// ----------------------------------------------------------------------------------- macros

/// A parameter's description: the TypeScript type the description names, or the Rust type's.
#[macro_export]
#[doc(hidden)]
macro_rules! param_info {
    ($p:ident, $t:ty) => {
        $crate::ParamInfo::of::<$t>(stringify!($p))
    };
    ($p:ident, $t:ty, $l:literal) => {
        $crate::ParamInfo::named::<$t>(stringify!($p), $l.into(), None)
    };
}

/// A result's description: its TypeScript type and, for a new object, its class.
#[macro_export]
#[doc(hidden)]
macro_rules! ret_info {
    ($t:ty) => {
        (<$t as $crate::Ts>::ts(), <$t as $crate::Ts>::class(), <$t as $crate::Ts>::json(), <$t as $crate::Ts>::build())
    };
    ($t:ty, $l:literal) => {
        (String::from($l), None, true, None)
    };
}

/// Reads the parameters, runs the body and converts its result (a described JSON shape as JSON
/// text, anything else by `IntoRet`); `$this` is bound by the caller.
#[macro_export]
#[doc(hidden)]
macro_rules! entry_body {
    ($a:ident; ($($p:ident : $t:ty),*) -> $ret:ty $(as $rts:literal)? $body:block) => {{
        $( let $p: $t = $a.arg(stringify!($p))?; )*
        $a.finish()?;
        #[allow(unused_mut, clippy::redundant_closure_call)]
        let r: $ret = (move || -> Result<$ret, $crate::ApiError> { Ok($body) })()?;
        $crate::ret!(r $(, $rts)?)
    }};
}

/// Converts a result: by `IntoRet`, or as JSON text where the description names its type.
#[macro_export]
#[doc(hidden)]
macro_rules! ret {
    ($r:ident) => {
        $crate::IntoRet::into_ret($r)
    };
    ($r:ident, $l:literal) => {
        $crate::json_ret(&$r)
    };
}

/// One entry of the registry.
#[macro_export]
#[doc(hidden)]
macro_rules! entry {
    ($v:ident, $kind:ident, $owner:expr, $name:ident, [$($doc:literal)*], ($($p:ident : $t:ty $(as $pts:literal)?),*) -> $ret:ty $(as $rts:literal)?, $call:expr) => {
        $v.push($crate::Entry {
            #[cfg(feature = "manifest")]
            kind: $crate::Kind::$kind,
            #[cfg(feature = "manifest")]
            owner: $owner,
            #[cfg(feature = "manifest")]
            name: stringify!($name),
            #[cfg(feature = "manifest")]
            doc: concat!($($doc, "\n"),*),
            #[cfg(feature = "manifest")]
            params: || vec![$($crate::param_info!($p, $t $(, $pts)?)),*],
            #[cfg(feature = "manifest")]
            returns: || $crate::ret_info!($ret $(, $rts)?),
            call: $call,
        });
    };
}

/// The functions of a capability's namespace:
/// `functions! { "cf"; /// doc
/// fn is_valid(code: String) -> bool { core::is_valid(&code) } }`.
/// A parameter or result whose type has no TypeScript name of its own says it: `person: Json as "Person"`.
#[macro_export]
macro_rules! functions {
    ($ns:literal; $( $(#[doc = $doc:literal])* fn $name:ident ( $($p:ident : $t:ty $(as $pts:literal)?),* $(,)? ) -> $ret:ty $(as $rts:literal)? $body:block )* ) => {
        /// Adds this namespace's entries.
        pub(crate) fn entries(v: &mut Vec<$crate::Entry>, _classes: &mut Vec<$crate::ClassInfo>) {
            $( $crate::entry!(v, Fn, $ns, $name, [$($doc)*], ($($p: $t $(as $pts)?),*) -> $ret $(as $rts)?,
                |a: &mut $crate::Args<'_>| -> Result<$crate::Ret, $crate::ApiError> { $crate::entry_body!(a; ($($p: $t),*) -> $ret $(as $rts)? $body) }); )*
        }
    };
}

/// A class wrapping a core type: `class! { /// doc
/// HolidayCalendar = core::HolidayCalendar; members... }`. Members:
/// `new(params) { value }` (the constructor), `static fn name(params) -> T { .. }`,
/// `fn name(this, params) -> T { .. }`, `fn name(mut this, params) -> T { .. }`,
/// `get name(this) -> T { .. }`. A result `Obj<C>` is a new object of class `C`.
#[macro_export]
macro_rules! class {
    ($(#[doc = $cdoc:literal])* $name:ident = $ty:ty; $($members:tt)*) => {
        impl $crate::Class for $ty {
            const NAME: &'static str = stringify!($name);
        }
        /// Adds this class's entries.
        pub(crate) fn entries(v: &mut Vec<$crate::Entry>, classes: &mut Vec<$crate::ClassInfo>) {
            classes.push($crate::ClassInfo { name: stringify!($name), #[cfg(feature = "manifest")] doc: concat!($($cdoc, "\n"),*) });
            $crate::class!(@m v, $name, $ty; $($members)*);
        }
    };
    (@m $v:ident, $cls:ident, $ty:ty; ) => {};
    (@m $v:ident, $cls:ident, $ty:ty; $(#[doc = $doc:literal])* new ( $($p:ident : $t:ty $(as $pts:literal)?),* $(,)? ) $body:block $($rest:tt)*) => {
        $crate::entry!($v, Ctor, stringify!($cls), new, [$($doc)*], ($($p: $t $(as $pts)?),*) -> $crate::Obj<$ty>,
            |a: &mut $crate::Args<'_>| -> Result<$crate::Ret, $crate::ApiError> { $crate::entry_body!(a; ($($p: $t),*) -> $crate::Obj<$ty> { $crate::Obj($body) }) });
        $crate::class!(@m $v, $cls, $ty; $($rest)*);
    };
    (@m $v:ident, $cls:ident, $ty:ty; $(#[doc = $doc:literal])* static fn $name:ident ( $($p:ident : $t:ty $(as $pts:literal)?),* $(,)? ) -> $ret:ty $(as $rts:literal)? $body:block $($rest:tt)*) => {
        $crate::entry!($v, Static, stringify!($cls), $name, [$($doc)*], ($($p: $t $(as $pts)?),*) -> $ret $(as $rts)?,
            |a: &mut $crate::Args<'_>| -> Result<$crate::Ret, $crate::ApiError> { $crate::entry_body!(a; ($($p: $t),*) -> $ret $(as $rts)? $body) });
        $crate::class!(@m $v, $cls, $ty; $($rest)*);
    };
    (@m $v:ident, $cls:ident, $ty:ty; $(#[doc = $doc:literal])* fn $name:ident ( mut $this:ident $(, $p:ident : $t:ty $(as $pts:literal)?)* $(,)? ) -> $ret:ty $(as $rts:literal)? $body:block $($rest:tt)*) => {
        $crate::entry!($v, Method, stringify!($cls), $name, [$($doc)*], ($($p: $t $(as $pts)?),*) -> $ret $(as $rts)?,
            |a: &mut $crate::Args<'_>| -> Result<$crate::Ret, $crate::ApiError> {
                let slot = a.this()?;
                let mut guard = $crate::borrow_mut::<$ty>(&slot)?;
                let $this: &mut $ty = &mut *guard;
                $crate::entry_body!(a; ($($p: $t),*) -> $ret $(as $rts)? $body)
            });
        $crate::class!(@m $v, $cls, $ty; $($rest)*);
    };
    (@m $v:ident, $cls:ident, $ty:ty; $(#[doc = $doc:literal])* fn $name:ident ( $this:ident $(, $p:ident : $t:ty $(as $pts:literal)?)* $(,)? ) -> $ret:ty $(as $rts:literal)? $body:block $($rest:tt)*) => {
        $crate::entry!($v, Method, stringify!($cls), $name, [$($doc)*], ($($p: $t $(as $pts)?),*) -> $ret $(as $rts)?,
            |a: &mut $crate::Args<'_>| -> Result<$crate::Ret, $crate::ApiError> {
                let slot = a.this()?;
                let guard = $crate::borrow::<$ty>(&slot)?;
                let $this: &$ty = &*guard;
                $crate::entry_body!(a; ($($p: $t),*) -> $ret $(as $rts)? $body)
            });
        $crate::class!(@m $v, $cls, $ty; $($rest)*);
    };
    (@m $v:ident, $cls:ident, $ty:ty; $(#[doc = $doc:literal])* get $name:ident ( $this:ident ) -> $ret:ty $(as $rts:literal)? $body:block $($rest:tt)*) => {
        $crate::entry!($v, Getter, stringify!($cls), $name, [$($doc)*], () -> $ret $(as $rts)?,
            |a: &mut $crate::Args<'_>| -> Result<$crate::Ret, $crate::ApiError> {
                let slot = a.this()?;
                let guard = $crate::borrow::<$ty>(&slot)?;
                let $this: &$ty = &*guard;
                $crate::entry_body!(a; () -> $ret $(as $rts)? $body)
            });
        $crate::class!(@m $v, $cls, $ty; $($rest)*);
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[allow(dead_code)] // read by serde only
    struct Opts {
        max_age: Option<u32>,
        rules: Option<Vec<Rule>>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read by serde only
    struct Rule {
        office: String,
    }

    fn error_of<T: DeserializeOwned + std::fmt::Debug + 'static>(args: &str) -> ApiError {
        let mut a = Args::new(Input::Json(args), 0).expect("args parse");
        a.arg::<T>("options").expect_err("an error")
    }

    #[test]
    fn errors_name_the_parameter_and_the_path() {
        let e = error_of::<Opts>(r#"[{"maxage":1}]"#);
        assert_eq!((e.code, e.message.as_str()), ("json", "options.maxage: unknown field `maxage`, expected `maxAge` or `rules`"));
        let e = error_of::<Opts>(r#"[{"maxAge":"x"}]"#);
        assert_eq!(e.code, "json");
        assert!(e.message.starts_with("options.maxAge: invalid type: string \"x\""), "{}", e.message);
        let e = error_of::<Opts>(r#"[{"rules":[{"office":"a"},{"office":2}]}]"#);
        assert!(e.message.starts_with("options.rules[1].office: invalid type: integer `2`"), "{}", e.message);
        let e = error_of::<Opts>(r#"[{"rules":[{"office":"a"},{}]}]"#);
        assert!(e.message.starts_with("options.rules[1]: missing field `office`"), "{}", e.message);
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)] // read by serde only
        struct Ctx {
            today: Option<Date>,
        }
        let e = error_of::<Ctx>(r#"[{"today":"15/06/2026"}]"#);
        assert_eq!(e.message, "options.today: expected a date as YYYY-MM-DD, got \"15/06/2026\"");
        let e = error_of::<String>(r#"[{"id":"x"}]"#);
        assert_eq!((e.code, e.message.as_str()), ("argument", "options: invalid type: map, expected a string"));
        let e = error_of::<Opts>(r#"[12]"#);
        assert_eq!((e.code, e.message.as_str()), ("argument", "options: invalid type: integer `12`, expected struct Opts"));
        let e = error_of::<String>(r#"[]"#);
        assert_eq!((e.code, e.message.as_str()), ("argument", "options is required"));
        assert_eq!(error_of::<u32>(r#"[4294967302]"#).code, "argument");
        assert_eq!(error_of::<u32>(r#"[-1]"#).code, "argument");
        assert_eq!(error_of::<u32>(r#"[1.5]"#).code, "argument");
    }

    #[test]
    fn a_single_string_and_extra_arguments() {
        let mut a = Args::new(Input::Str("RSS \"é\""), 0).unwrap();
        assert_eq!(a.arg::<String>("code").unwrap(), "RSS \"é\"");
        assert_eq!(a.arg::<Option<String>>("today").unwrap(), None);
        a.finish().unwrap();
        let mut a = Args::new(Input::Str2("RSSMRA80A01H501U", "2026-01-01"), 0).unwrap();
        assert_eq!(a.arg::<String>("code").unwrap(), "RSSMRA80A01H501U");
        assert_eq!(a.arg::<Option<Date>>("today").unwrap().map(|d| d.0.to_string()), Some("2026-01-01".into()));
        a.finish().unwrap();
        let mut a = Args::new(Input::Str2("x", "not a date"), 0).unwrap();
        let _: String = a.arg("code").unwrap();
        assert_eq!(a.arg::<Date>("today").unwrap_err().message, "today: expected a date as YYYY-MM-DD, got \"not a date\"");
        let mut a = Args::new(Input::Json(r#"["a","b"]"#), 0).unwrap();
        let _: String = a.arg("code").unwrap();
        assert_eq!(a.finish().unwrap_err().message, "expected at most 1 arguments, got 2");
    }
}
