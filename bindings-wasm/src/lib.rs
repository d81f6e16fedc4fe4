//! The browser host of sportello's JS API (npm `sportello-web`, wasm-bindgen). The API itself is
//! described once in `bindings-js` (shared with the Node package); this crate only carries calls
//! across: `call` / `callStr` run an entry of the manifest, `release` drops an object.
//! `build.sh` generates the package's `sportello_web.js` and `.d.ts` with `scripts/gen-js.mjs`
//! from the manifest of a native build of the description with the same capabilities (the
//! `.wasm` carries no docs or type names). One cargo feature per capability (forwarded to
//! `sportello-js`), so a page that needs only the codice fiscale ships only that.
#![forbid(unsafe_code)]

use sportello_js::Ret;
use wasm_bindgen::prelude::*;

/// talc instead of the default dlmalloc: smaller in the module and faster (its WebAssembly
/// benchmarks), which the one-capability package's size budget needs.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn host(r: Result<Ret, sportello_js::ApiError>) -> Result<JsValue, JsValue> {
    match r {
        Ok(ret) => value(ret),
        Err(e) => {
            let err = js_sys::Error::new(&e.details);
            let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.into());
            Err(err.into())
        }
    }
}

/// A result as a JS value; a record's fields as an array, which the JS layer spreads into the
/// record's builder.
fn value(ret: Ret) -> Result<JsValue, JsValue> {
    Ok(match ret {
        Ret::Null => JsValue::NULL,
        Ret::Bool(b) => JsValue::from_bool(b),
        Ret::Num(n) => JsValue::from_f64(n),
        Ret::Str(s) | Ret::Json(s) => JsValue::from_str(&s), // the JS layer parses Json
        Ret::AnyJson(s) => js_sys::JSON::parse(&s)?,
        Ret::Obj(id) => JsValue::from_f64(f64::from(id)),
        Ret::Fields(v) => {
            let a = js_sys::Array::new();
            for x in v {
                a.push(&value(x)?);
            }
            a.into()
        }
    })
}

/// The host's current date (local time), the default of `cf.decode`'s `today` and the like.
fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

/// Runs entry `entry` of the manifest on the object of handle `handle` (0: none) with `args`, the
/// JSON array of the arguments. An error is an `Error` whose `.code` is the code and whose
/// `.message` is the details JSON (the JS layer throws the final error).
#[wasm_bindgen]
pub fn call(entry: u32, handle: u32, args: &str) -> Result<JsValue, JsValue> {
    host(sportello_js::call(entry, handle, sportello_js::Input::Json(args), today))
}

/// `call` with one string argument, passed as it is.
#[wasm_bindgen(js_name = "callStr")]
pub fn call_str(entry: u32, handle: u32, arg: &str) -> Result<JsValue, JsValue> {
    host(sportello_js::call(entry, handle, sportello_js::Input::Str(arg), today))
}

/// `call` with two string arguments, passed as they are.
#[wasm_bindgen(js_name = "callStr2")]
pub fn call_str2(entry: u32, handle: u32, a: &str, b: &str) -> Result<JsValue, JsValue> {
    host(sportello_js::call(entry, handle, sportello_js::Input::Str2(a, b), today))
}

/// `call` of a method whose one argument is picked (`Logic.apply`): the values at the paths its
/// object reads, in order, as JS values: `undefined`, `null`, a boolean, a number or a string
/// (see `sportello_js::Picked`; anything else is refused with code `argument`).
/// (Only `forms` has such a method: a build without it has no `callPicked`.)
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = "callPicked")]
pub fn call_picked(entry: u32, handle: u32, values: Vec<JsValue>) -> Result<JsValue, JsValue> {
    let scalars = values.into_iter().map(scalar).collect::<Result<Vec<_>, _>>();
    host(scalars.and_then(|v| sportello_js::call(entry, handle, sportello_js::Input::Picked(v), today)))
}

/// `callPicked` with one value (most rules read one), one function per kind of value: the JS
/// layer knows the kind already (`typeof`), so no JS value crosses and none is inspected from
/// here (each inspection is a call into JS that writes its answer into the module's memory:
/// about a fifth of a small rule's call). Strings come well-formed, numbers finite.
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = "callPickedStr")]
pub fn call_picked_str(entry: u32, handle: u32, value: String) -> Result<JsValue, JsValue> {
    picked1(entry, handle, sportello_js::Scalar::Str(value))
}

/// `callPickedStr` for a number.
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = "callPickedNum")]
pub fn call_picked_num(entry: u32, handle: u32, value: f64) -> Result<JsValue, JsValue> {
    picked1(entry, handle, sportello_js::Scalar::Num(value))
}

/// `callPickedStr` for a boolean.
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = "callPickedBool")]
pub fn call_picked_bool(entry: u32, handle: u32, value: bool) -> Result<JsValue, JsValue> {
    picked1(entry, handle, sportello_js::Scalar::Bool(value))
}

/// `callPickedStr` for `null` (`true`) or no value (`false`: `undefined`).
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = "callPickedNull")]
pub fn call_picked_null(entry: u32, handle: u32, null: bool) -> Result<JsValue, JsValue> {
    picked1(entry, handle, if null { sportello_js::Scalar::Null } else { sportello_js::Scalar::Absent })
}

#[cfg(feature = "forms")]
fn picked1(entry: u32, handle: u32, value: sportello_js::Scalar) -> Result<JsValue, JsValue> {
    host(sportello_js::call(entry, handle, sportello_js::Input::Picked(vec![value]), today))
}

/// A picked value. Each test is a call into JS: the commonest kinds of form data first.
#[cfg(feature = "forms")]
fn scalar(v: JsValue) -> Result<sportello_js::Scalar, sportello_js::ApiError> {
    use sportello_js::Scalar;
    Ok(if let Some(x) = v.as_f64() {
        Scalar::Num(x)
    } else if let Some(s) = v.as_string() {
        Scalar::Str(s)
    } else if let Some(b) = v.as_bool() {
        Scalar::Bool(b)
    } else if v.is_undefined() {
        Scalar::Absent
    } else if v.is_null() {
        Scalar::Null
    } else {
        return Err(Scalar::refused());
    })
}

/// Drops the object of handle `id`.
#[wasm_bindgen]
pub fn release(id: u32) {
    sportello_js::release(id)
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    sportello_js::version().to_owned()
}
