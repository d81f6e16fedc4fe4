//! The Node.js host of sportello's JS API (npm `sportello`, napi-rs). The API itself is described
//! once in `bindings-js` (shared with the browser package); this crate only carries calls across:
//! `call` / `callStr` run an entry of the manifest, `manifest` describes them, `release` drops an
//! object. The package's `index.js` and `index.d.ts` are generated from the manifest by
//! `scripts/gen-js.mjs` (see docs/BINDINGS.md).
#![deny(unsafe_code)] // napi's macros expand to `allow(unsafe_code)`, so `forbid` is impossible here

use napi::bindgen_prelude::{
    FromNapiValue, Function, FunctionRef, JsObjectValue, JsValue, JsValuesTupleIntoVec, Null, ToNapiValue, TypeName, Unknown,
};
use sportello_js::{Ret, Scalar};

/// A result of `sportello_js::call` as a JS value: scalars as themselves; a described JSON shape
/// as its text (the generated JS layer parses it); a `serde_json::Value` object or array parsed
/// here by V8's own `JSON.parse` (both several times faster than creating the object property
/// by property through N-API, and by construction exactly the JSON shape); a new object as its
/// handle (a number, which the JS layer wraps in its class).
pub struct Out(Ret, u32);

impl TypeName for Out {
    fn type_name() -> &'static str {
        "any"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

// `ToNapiValue` is an unsafe trait method by napi's design; the body uses napi's conversions of
// plain values and a `JSON.parse` call on the environment napi hands over.
#[allow(unsafe_code)]
impl ToNapiValue for Out {
    unsafe fn to_napi_value(raw: napi::sys::napi_env, val: Self) -> napi::Result<napi::sys::napi_value> {
        // SAFETY: `raw` is the environment napi handed to this conversion.
        unsafe {
            match val.0 {
                Ret::Null => Null::to_napi_value(raw, Null),
                Ret::Bool(b) => bool::to_napi_value(raw, b),
                Ret::Num(n) => f64::to_napi_value(raw, n),
                Ret::Str(s) | Ret::Json(s) => String::to_napi_value(raw, s),
                Ret::Obj(id) => u32::to_napi_value(raw, id),
                Ret::Fields(fields) => {
                    let env = napi::Env::from_raw(raw);
                    match data(&env)?.builders.get(val.1 as usize).and_then(Option::as_ref) {
                        // The entry's record builder, called with the fields as its arguments.
                        Some(build) => Ok(build.borrow_back(&env)?.call(Positional(fields))?.raw()),
                        None => Vec::<Out>::to_napi_value(raw, fields.into_iter().map(|f| Out(f, u32::MAX)).collect()),
                    }
                }
                Ret::AnyJson(s) => {
                    let env = napi::Env::from_raw(raw);
                    Ok(json_parse(&env)?.call(s)?.raw())
                }
            }
        }
    }
}

/// What each JS environment (main thread, each worker) keeps: its `JSON.parse` and the records'
/// builders by entry (`setBuilders`).
#[derive(Default)]
struct Data {
    parse: Option<FunctionRef<String, Unknown<'static>>>,
    builders: Vec<Option<FunctionRef<Positional, Unknown<'static>>>>,
}

fn data(env: &napi::Env) -> napi::Result<&mut Data> {
    if env.get_instance_data::<Data>()?.is_none() {
        // At teardown the environment's handles go with it: the references are not released.
        env.set_instance_data(Data::default(), (), |ctx| std::mem::forget(ctx.value))?;
    }
    env.get_instance_data::<Data>()?.ok_or_else(|| napi::Error::from_reason("instance data not set"))
}

/// `JSON.parse` of this environment, kept in its instance data.
fn json_parse(env: &napi::Env) -> napi::Result<Function<'_, String, Unknown<'static>>> {
    let d = data(env)?;
    if let Some(f) = &d.parse {
        return f.borrow_back(env);
    }
    let f: Function<'_, String, Unknown<'static>> = env.run_script("JSON.parse")?;
    d.parse = Some(f.create_ref()?);
    Ok(f)
}

/// A record's fields as the arguments of its builder.
pub struct Positional(Vec<Ret>);

// `ToNapiValue` is unsafe by napi's design: the fields are converted as `Out` converts results.
#[allow(unsafe_code)]
impl JsValuesTupleIntoVec for Positional {
    // napi's trait takes the raw environment in a safe method; napi's own impls allow this too.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn into_vec(self, env: napi::sys::napi_env) -> napi::Result<Vec<napi::sys::napi_value>> {
        // SAFETY: `env` is the environment napi hands to the call of the builder.
        self.0.into_iter().map(|f| unsafe { Out::to_napi_value(env, Out(f, u32::MAX)) }).collect()
    }
}

/// The records' builders of the generated layer, by entry (`null` where an entry has none):
/// `call` then builds a record with a direct call, without an intermediate array or JSON.
#[napi_derive::napi(ts_args_type = "builders: Array<((...fields: any[]) => any) | null>")]
pub fn set_builders(env: napi::Env, builders: Vec<Option<Function<'_, Positional, Unknown<'static>>>>) -> napi::Result<()> {
    let refs = builders.iter().map(|b| b.as_ref().map(Function::create_ref).transpose()).collect::<napi::Result<Vec<_>>>()?;
    data(&env)?.builders = refs;
    Ok(())
}

fn host(entry: u32, r: Result<Ret, sportello_js::ApiError>) -> napi::Result<Out, String> {
    r.map(|r| Out(r, entry)).map_err(|e| napi::Error::new(e.code.to_owned(), e.into_details()))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs entry `entry` of the manifest on the object of handle `handle` (0: none) with `args`, the
/// JSON array of the arguments. An error is an `Error` whose `.code` is the code and whose
/// `.message` is the details JSON (the JS layer throws the final error).
#[napi_derive::napi(ts_return_type = "any")]
pub fn call(entry: u32, handle: u32, args: String) -> napi::Result<Out, String> {
    host(entry, sportello_js::call(entry, handle, sportello_js::Input::Json(&args), today))
}

/// `call` with one string argument, passed as it is.
#[napi_derive::napi(ts_return_type = "any")]
pub fn call_str(entry: u32, handle: u32, arg: String) -> napi::Result<Out, String> {
    host(entry, sportello_js::call(entry, handle, sportello_js::Input::Str(&arg), today))
}

/// `call` with two string arguments, passed as they are.
#[napi_derive::napi(ts_return_type = "any")]
pub fn call_str2(entry: u32, handle: u32, a: String, b: String) -> napi::Result<Out, String> {
    host(entry, sportello_js::call(entry, handle, sportello_js::Input::Str2(&a, &b), today))
}

/// A value at a picked path, read without JSON: `undefined`, `null`, a boolean, a number or a
/// string (the JS layer sends nothing else; anything else is refused with code `argument`).
pub struct Picked(Scalar);

impl TypeName for Picked {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

// `FromNapiValue` is an unsafe trait method by napi's design: the body reads the value's type
// and then the value with napi's own conversions.
#[allow(unsafe_code)]
impl FromNapiValue for Picked {
    unsafe fn from_napi_value(env: napi::sys::napi_env, v: napi::sys::napi_value) -> napi::Result<Self> {
        use napi::sys::ValueType as T;
        let mut t = 0;
        // SAFETY: `env` and `v` are the environment and a value napi handed to the conversion.
        unsafe {
            napi::check_status!(napi::sys::napi_typeof(env, v, &mut t))?;
            Ok(Picked(match t {
                T::napi_undefined => Scalar::Absent,
                T::napi_null => Scalar::Null,
                T::napi_boolean => Scalar::Bool(bool::from_napi_value(env, v)?),
                T::napi_number => Scalar::Num(f64::from_napi_value(env, v)?),
                T::napi_string => Scalar::Str(String::from_napi_value(env, v)?),
                // As every error, the details JSON: the JS layer throws it with its code.
                _ => return Err(napi::Error::new(napi::Status::InvalidArg, Scalar::refused().into_details())),
            }))
        }
    }
}

/// `call` of a method whose one argument is picked (`Logic.apply`): the values at the paths its
/// object reads, in order, as JS values (see `sportello_js::Picked`).
#[napi_derive::napi(
    ts_args_type = "entry: number, handle: number, values: Array<string | number | boolean | null | undefined>",
    ts_return_type = "any"
)]
pub fn call_picked(entry: u32, handle: u32, values: Vec<Picked>) -> napi::Result<Out, String> {
    let values = values.into_iter().map(|p| p.0).collect();
    host(entry, sportello_js::call(entry, handle, sportello_js::Input::Picked(values), today))
}

/// The calling functions as direct N-API callbacks, put in place of the `#[napi]` ones above
/// (which declare them, with their TypeScript) when the module loads: napi-rs opens and closes a
/// native-borrow scope around every call of a function with arguments, for borrowed class
/// instances this module never takes, which is half the cost of a small call (`cf.isValid`:
/// about 150 of 300 ns). Arguments, results and errors convert exactly as in the `#[napi]` ones.
#[napi_derive::napi(module_exports)]
pub fn direct_calls(mut exports: napi::bindgen_prelude::Object<'_>, env: napi::Env) -> napi::Result<()> {
    let calls: [(&str, napi::Callback); 5] = [
        ("call", direct::call),
        ("callStr", direct::call_str),
        ("callStr2", direct::call_str2),
        ("callPicked", direct::call_picked),
        ("callPicked1", direct::call_picked1),
    ];
    for (name, cb) in calls {
        exports.set_named_property(name, env.create_function::<(), Unknown<'_>>(name, cb)?)?;
    }
    Ok(())
}

/// The callbacks of [`direct_calls`].
// N-API callbacks are `extern "C"` functions reading raw values: unsafe by nature. Each reads
// its arguments with napi's own conversions and throws errors as napi-rs does.
#[allow(unsafe_code)]
mod direct {
    use super::*;
    use napi::sys::{napi_callback_info, napi_env, napi_value};
    use std::ptr::null_mut;

    /// Reads `N` arguments and runs `f` on them; its result as a JS value, or its error thrown
    /// (a panic, which the core never means to raise, as an error of code `internal`).
    unsafe fn run<const N: usize>(
        env: napi_env,
        info: napi_callback_info,
        f: impl FnOnce(&[napi_value; N]) -> napi::Result<Out, String>,
    ) -> napi_value {
        let mut argc = N;
        let mut argv = [null_mut(); N];
        // SAFETY: `env` and `info` are those N-API handed to the callback; `argv` holds `N`
        // values (N-API fills the ones not given with `undefined`).
        let status = unsafe { napi::sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), null_mut(), null_mut()) };
        if status != napi::sys::Status::napi_ok {
            return null_mut();
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&argv))).unwrap_or_else(|_| {
            let e = sportello_js::ApiError::new("internal", "a panic in sportello (please report it)");
            Err(napi::Error::new(e.code.to_owned(), e.into_details()))
        });
        // SAFETY: the conversion and the throw use the environment of this callback.
        unsafe {
            match result.and_then(|out| Out::to_napi_value(env, out).map_err(|e| napi::Error::new(e.status.as_ref().to_owned(), e.reason))) {
                Ok(v) => v,
                Err(e) => {
                    napi::JsError::from(e).throw_into(env);
                    null_mut()
                }
            }
        }
    }

    /// An argument of type `T`, read by napi's conversion (its error as a napi-rs function's).
    unsafe fn arg<T: FromNapiValue>(env: napi_env, v: napi_value) -> napi::Result<T, String> {
        // SAFETY: `v` is an argument of the current callback in `env`.
        unsafe { T::from_napi_value(env, v) }.map_err(|e| napi::Error::new(e.status.as_ref().to_owned(), e.reason))
    }

    pub unsafe extern "C" fn call(env: napi_env, info: napi_callback_info) -> napi_value {
        // SAFETY: as `run` and `arg` require, with the callback's own environment and values.
        unsafe { run::<3>(env, info, |a| super::call(arg(env, a[0])?, arg(env, a[1])?, arg(env, a[2])?)) }
    }

    pub unsafe extern "C" fn call_str(env: napi_env, info: napi_callback_info) -> napi_value {
        // SAFETY: as in `call`.
        unsafe { run::<3>(env, info, |a| super::call_str(arg(env, a[0])?, arg(env, a[1])?, arg(env, a[2])?)) }
    }

    pub unsafe extern "C" fn call_str2(env: napi_env, info: napi_callback_info) -> napi_value {
        // SAFETY: as in `call`.
        unsafe { run::<4>(env, info, |a| super::call_str2(arg(env, a[0])?, arg(env, a[1])?, arg(env, a[2])?, arg(env, a[3])?)) }
    }

    pub unsafe extern "C" fn call_picked(env: napi_env, info: napi_callback_info) -> napi_value {
        // SAFETY: as in `call`.
        unsafe { run::<3>(env, info, |a| super::call_picked(arg(env, a[0])?, arg(env, a[1])?, arg(env, a[2])?)) }
    }

    pub unsafe extern "C" fn call_picked1(env: napi_env, info: napi_callback_info) -> napi_value {
        // SAFETY: as in `call`.
        unsafe { run::<3>(env, info, |a| super::call_picked1(arg(env, a[0])?, arg(env, a[1])?, arg(env, a[2])?)) }
    }
}

/// `callPicked` with one value (most rules read one): no array to pass.
#[napi_derive::napi(ts_args_type = "entry: number, handle: number, value: string | number | boolean | null | undefined", ts_return_type = "any")]
pub fn call_picked1(entry: u32, handle: u32, value: Picked) -> napi::Result<Out, String> {
    host(entry, sportello_js::call(entry, handle, sportello_js::Input::Picked(vec![value.0]), today))
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
    sportello_js::version().to_owned()
}

/// mimalloc instead of the system allocator: the core allocates many small values (a form's
/// submission is a map of hundreds of strings), and glibc's malloc and free were a fifth of
/// `Form.evaluate(object)`'s time (perf). The `sportello-benches` feature `mimalloc` measures
/// the core with it alike.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
