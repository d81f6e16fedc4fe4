//! # The JavaScript API of sportello, described once
//!
//! The Node package (`bindings-node`, napi) and the browser package (`bindings-wasm`,
//! wasm-bindgen) are both made from this crate: each capability file describes its namespace
//! functions and classes once ([`functions!`], [`class!`]): parameter names and types, results,
//! documentation, and the body that calls the core. The two host crates export only four
//! functions ([`call`], the single-string fast path of it, [`manifest`], [`release`]); the JS
//! layer of both packages is generated from the [`manifest`] by `scripts/gen-js.mjs` with one
//! shared runtime (`bindings-js/js/runtime.js`), and so is their TypeScript declaration. A name,
//! a default, a result shape or an error cannot differ between the two packages, and the
//! manifest (committed as `bindings-js/manifest.json`) is what the Python binding is compared to.
//!
//! Arguments cross as one JSON text (or one string, as it is), results as a scalar or JSON text
//! that the engine parses; objects stay in a table on the Rust side, and JS holds their handles.
//! Every argument is read by serde with its parameter's name in the error (code `argument`, or
//! `json` with the path inside an object); an error crosses as its details JSON and the JS layer
//! throws an `Error` with `.code`, `.message` and `.details`, the same in both packages.
#![forbid(unsafe_code)]
#![recursion_limit = "512"]

mod api;
pub use api::*;

#[cfg(feature = "access")]
mod access;
#[cfg(feature = "cf")]
mod cf;
#[cfg(feature = "forms")]
mod forms;
#[cfg(feature = "notify")]
mod notify;
#[cfg(feature = "payments")]
mod payments;
#[cfg(feature = "practice")]
mod practice;
#[cfg(feature = "service")]
mod service;
#[cfg(feature = "slots")]
mod slots;
#[cfg(feature = "workdays")]
mod workdays;

use std::sync::OnceLock;

/// Adds a capability's entries and classes to the registry.
type Adder = fn(&mut Vec<Entry>, &mut Vec<ClassInfo>);

struct Registry {
    entries: Vec<Entry>,
    #[cfg_attr(not(feature = "manifest"), allow(dead_code))] // the manifest reads it
    classes: Vec<ClassInfo>,
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let (mut e, mut c) = (Vec::new(), Vec::new());
        let adders: &[Adder] = &[
            #[cfg(feature = "cf")]
            cf::all,
            #[cfg(feature = "workdays")]
            workdays::all,
            #[cfg(feature = "access")]
            access::all,
            #[cfg(feature = "payments")]
            payments::all,
            #[cfg(feature = "slots")]
            slots::all,
            #[cfg(feature = "forms")]
            forms::all,
            #[cfg(feature = "practice")]
            practice::all,
            #[cfg(feature = "service")]
            service::all,
            #[cfg(feature = "notify")]
            notify::all,
        ];
        for add in adders {
            add(&mut e, &mut c);
        }
        Registry { entries: e, classes: c }
    })
}

/// Runs entry `entry` (its index in the manifest) on object `this` (0 for none); `today` is the
/// host's clock, the default of the parameters that need today only as a reference date.
pub fn call(entry: u32, this: u32, input: Input<'_>, today: fn() -> chrono::NaiveDate) -> Result<Ret, ApiError> {
    HOST_TODAY.get_or_init(|| today);
    let e = registry().entries.get(entry as usize).ok_or_else(|| ApiError::argument(format!("no entry {entry}")))?;
    let mut args = Args::new(input, this)?;
    (e.call)(&mut args)
}

/// Drops the object of handle `id`.
pub fn release(id: u32) {
    objects::release(id)
}

/// The manifest: every entry (in index order) with its parameters and result, and every class;
/// the source of the generated JS layer and TypeScript declarations.
#[cfg(feature = "manifest")]
pub fn manifest() -> String {
    #[derive(serde::Serialize)]
    struct E<'a> {
        kind: Kind,
        owner: &'a str,
        name: &'a str,
        doc: &'a str,
        params: Vec<ParamInfo>,
        returns: String,
        #[serde(rename = "returnsClass")]
        returns_class: Option<&'a str>,
        /// The result crosses as JSON text the JS layer parses.
        json: bool,
        /// The JS function that builds the result from its fields.
        #[serde(skip_serializing_if = "Option::is_none")]
        build: Option<&'a str>,
    }
    #[derive(serde::Serialize)]
    struct C<'a> {
        name: &'a str,
        doc: &'a str,
    }
    #[derive(serde::Serialize)]
    struct M<'a> {
        version: &'a str,
        /// The deepest nesting of arrays and objects an argument may have (`sportello::json::MAX_DEPTH`).
        #[serde(rename = "maxDepth")]
        max_depth: usize,
        /// The most JSON text one call's arguments may add up to (`sportello::json::MAX_INPUT_BYTES`).
        #[serde(rename = "maxInputBytes")]
        max_input_bytes: usize,
        classes: Vec<C<'a>>,
        entries: Vec<E<'a>>,
    }
    let r = registry();
    let entries = r
        .entries
        .iter()
        .map(|e| {
            let (returns, returns_class, json, build) = (e.returns)();
            E { kind: e.kind, owner: e.owner, name: e.name, doc: e.doc.trim_end(), params: (e.params)(), returns, returns_class, json, build }
        })
        .collect();
    let classes = r.classes.iter().map(|c| C { name: c.name, doc: c.doc.trim_end() }).collect();
    use sportello::json::{MAX_DEPTH, MAX_INPUT_BYTES};
    to_json(&M { version: sportello::VERSION, max_depth: MAX_DEPTH, max_input_bytes: MAX_INPUT_BYTES, classes, entries })
}

/// How the host tells today's date (given to [`call`]): the default of the parameters that need
/// today only as a reference date (`cf.decode`'s `today`, a place's `on`).
static HOST_TODAY: OnceLock<fn() -> chrono::NaiveDate> = OnceLock::new();

/// `date`, or the host's current date.
#[cfg_attr(not(any(feature = "cf", feature = "access")), allow(dead_code))] // the forms-only entry has no such parameter
pub(crate) fn today_or(date: Option<Date>) -> chrono::NaiveDate {
    match (date, HOST_TODAY.get()) {
        (Some(d), _) => d.0,
        (None, Some(today)) => today(),
        // Entries run only through `call`, which sets the clock first.
        (None, None) => chrono::NaiveDate::default(),
    }
}

/// A `sportello::Error` (the umbrella some core functions return) as the error of its own
/// capability, so that a one-capability build links no other capability's messages.
#[allow(dead_code)] // used by the capabilities that return the umbrella
pub(crate) fn umbrella(e: sportello::Error) -> ApiError {
    use sportello::Error as E;
    match e {
        #[cfg(feature = "cf")]
        E::Cf(e) => e.into(),
        #[cfg(feature = "cf")]
        E::Piva(e) => e.into(),
        #[cfg(feature = "access")]
        E::Access(e) => e.into(),
        #[cfg(feature = "practice")]
        E::Practice(e) => e.into(),
        #[cfg(feature = "forms")]
        E::Forms(e) => e.into(),
        #[cfg(feature = "payments")]
        E::Payments(e) => e.into(),
        #[cfg(feature = "slots")]
        E::Slots(e) => e.into(),
        #[cfg(feature = "workdays")]
        E::Workdays(e) => e.into(),
        #[cfg(feature = "service")]
        E::Service(e) => e.into(),
        #[cfg(feature = "notify")]
        E::Notify(e) => e.into(),
        E::Json(e) => e.into(),
        E::Limit(e) => e.into(),
        // A capability this build leaves out cannot produce an error (and naming `e.code()` here
        // would link every capability's codes into a one-capability build).
        _ => ApiError::new("internal", "an error of a capability this build leaves out"),
    }
}

/// The library version.
pub fn version() -> &'static str {
    sportello::VERSION
}

#[cfg(all(test, feature = "manifest"))]
mod tests {
    /// The committed manifest is the current one: `cargo test -p sportello-js` writes it; the
    /// test command fails when the written file differs from the committed one (git diff).
    #[test]
    fn manifest_is_written() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/manifest.json");
        let v: serde_json::Value = serde_json::from_str(&super::manifest()).expect("manifest parses");
        let text = serde_json::to_string_pretty(&v).expect("manifest prints") + "\n";
        std::fs::write(path, text).expect("manifest written");
    }
}
