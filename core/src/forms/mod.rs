//! forms — Form.io forms: conditions (JSON Logic), validation, office assignment.
//!
//! Public API:
//! - [`Form::from_formio`] / [`Form::from_formio_with`] ([`FormOptions`]: type aliases, an
//!   [`OfficeTable`]) compile a Form.io form once; anything the library cannot enforce is
//!   rejected with a [`FormsError`] naming the component path and the reason.
//! - [`Form::evaluate`]`(data, &`[`EvalContext`]`)` → [`Evaluation`] `{valid, visible, hidden,
//!   errors: [`[`FieldError`]`], data (cleaned), computed, assignedOffice}`.
//! - [`FormSession`]: a form being filled in; [`FormSession::update`]`(form, changes, &ctx)`
//!   merges the changed values into the submission it holds and evaluates it (what a form UI
//!   calls on every change, without sending the whole submission each time);
//!   [`FormSession::remove`] deletes keys; [`FormSession::update_view`] leaves the cleaned
//!   submission unbuilt, a [`CleanedView`] to serialize.
//! - [`Form::info`] → [`FormInfo`].
//! - The JSON Logic engine on its own: [`apply_logic`]`(rule, data)`, [`Logic::compile`] +
//!   [`Logic::apply`]; json-logic-js 2.x semantics (the official suite passes in full) plus the
//!   Form.io operators (`fio_*`, a lodash whitelist) and Italian validators (`codice_fiscale`,
//!   `partita_iva`, `cap`, `provincia`, `iban`, `phone_it`, `email`).
//! - [`italian`]: `is_cap`, `is_provincia`, `is_iban`, `is_phone_it`, `is_email`.
//!
//! Files: `model` (reading Form.io JSON), `conditions` (the four condition syntaxes, logic,
//! calculations), `js` (the JavaScript-subset translator), `validate`, `files`, `evaluate`
//! (the evaluation passes), `session`, `office`, `logic/` (the engine).
//!
//! # Example
//!
//! ```
//! use serde_json::json;
//! use sportello::forms::{EvalContext, Form};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Compiled once: a field shown only to a delegate, required and checked as a codice fiscale.
//! let form = Form::from_formio(&json!({"components": [
//!     {"type": "radio", "key": "presentazione", "label": "Presentata",
//!      "values": [{"value": "perSe", "label": "Per sé"}, {"value": "delegato", "label": "Come delegato"}]},
//!     {"type": "textfield", "key": "delegante", "label": "Codice fiscale del delegante",
//!      "validate": {"required": true}, "properties": {"validator": "codiceFiscale"},
//!      "conditional": {"show": true, "when": "presentazione", "eq": "delegato"}}
//! ]}))?;
//! let ctx = EvalContext::default();
//!
//! // Evaluated on every change: hidden fields are not validated.
//! let r = form.evaluate(&json!({"presentazione": "perSe"}), &ctx)?;
//! assert!(r.valid);
//! assert!(r.hidden.contains("delegante"));
//!
//! let r = form.evaluate(&json!({"presentazione": "delegato", "delegante": "RSSMRA80A01H501A"}), &ctx)?;
//! assert!(!r.valid);
//! assert_eq!((r.errors[0].path.as_str(), r.errors[0].code.as_str()), ("delegante", "codiceFiscale"));
//! # Ok(())
//! # }
//! ```

mod conditions;
mod error;
mod evaluate;
mod files;
mod form;
pub mod italian;
mod js;
pub mod logic;
mod messages;
mod model;
mod office;
mod paths;
mod session;
mod tree;
mod validate;

pub use error::FormsError;
pub use evaluate::{EvalContext, Evaluation, MAX_PASSES};
pub use files::parse_size;
pub use form::{ComponentInfo, Form, FormInfo};
pub use logic::{apply_logic, truthy, Logic};
pub use messages::MESSAGE_KEYS;
pub use model::{FormOptions, MAX_COMPONENTS};
pub use office::{OfficeRule, OfficeTable};
pub use paths::Paths;
pub use session::{CleanedView, FormSession};
pub use validate::FieldError;

/// Deepest JSON Logic rule accepted (`forms.rule_too_deep` past it): 256 levels.
pub const MAX_RULE_DEPTH: usize = logic::MAX_DEPTH;

/// Deepest nesting of a translated JavaScript snippet (`forms.js_too_deep` past it): 64 levels,
/// below [`MAX_RULE_DEPTH`] so that a translated rule always compiles.
pub const MAX_JS_DEPTH: usize = js::MAX_JS_DEPTH;

/// Longest JavaScript snippet translated, in bytes (`forms.js_too_long` past it): 64 KiB.
pub const MAX_JS_BYTES: usize = js::MAX_JS_BYTES;

/// The variable [`translate_js`] translates an assignment to when the caller names none: `show`,
/// the one a Form.io `customConditional` assigns.
pub const TRANSLATE_JS_TARGET: &str = "show";

/// Translates a JavaScript snippet of the supported subset assigning `target` (e.g. `show`)
/// into JSON Logic, or says why it cannot (`forms.unsupported_condition`, `forms.js_too_deep`,
/// `forms.js_too_long`). Useful to preview what a `customConditional` becomes.
pub fn translate_js(src: &str, target: &str) -> Result<serde_json::Value, FormsError> {
    js::translate(src, target, &["data", "row", "input", "value"])
        .map_err(|e| e.into_forms("", |reason| FormsError::UnsupportedCondition { path: String::new(), reason }))
}
