//! `forms` namespace and the `Form` / `Logic` classes: `sportello::forms`, Form.io forms
//! (conditions, validation, office assignment) and the JSON Logic engine on its own. JS values in,
//! the core's JSON shapes out (types `FormOptions`, `EvalContext`, `Evaluation`, `FormInfo`).
use std::collections::BTreeMap;

use serde_json::Value;
use sportello::forms as core;

use crate::{from_json, to_json, ApiError, Built, Date, Obj, Picked, Ret};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    form::entries(v, c);
    logic::entries(v, c);
}

/// A JSON argument given as the value itself or as its JSON text (code `json` if the text does
/// not parse): the form of `Form.fromFormio` and the data of `Form.evaluate`.
fn value_or_text(v: Value) -> Result<Value, ApiError> {
    match v {
        Value::String(s) => from_json(&s),
        other => Ok(other),
    }
}

/// `{ typeAliases?, offices?, forms?, overrides?, i18n? }` of `Form.fromFormio`: an absent field keeps
/// the core's default.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FormOptions {
    type_aliases: Option<BTreeMap<String, String>>,
    offices: Option<core::OfficeTable>,
    forms: Option<BTreeMap<String, Value>>,
    overrides: Option<BTreeMap<String, serde_json::Map<String, Value>>>,
    i18n: Option<BTreeMap<String, BTreeMap<String, String>>>,
}

impl FormOptions {
    fn into_core(self) -> core::FormOptions {
        let mut o = core::FormOptions::default();
        if let Some(t) = self.type_aliases {
            o.type_aliases = t;
        }
        if let Some(t) = self.offices {
            o.offices = Some(t);
        }
        if let Some(f) = self.forms {
            o.forms = f;
        }
        if let Some(v) = self.overrides {
            o.overrides = v;
        }
        if let Some(t) = self.i18n {
            o.i18n = t;
        }
        o
    }
}

/// `{ today?, vars?, lang? }` of `Form.evaluate`: an absent field keeps the core's default.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct EvalContext {
    today: Option<Date>,
    vars: Option<serde_json::Map<String, Value>>,
    lang: Option<sportello::practice::Lang>,
}

impl EvalContext {
    fn into_core(self) -> core::EvalContext {
        let mut c = core::EvalContext::default();
        if let Some(d) = self.today {
            c.today = Some(d.0);
        }
        if let Some(v) = self.vars {
            c.vars = v;
        }
        if let Some(l) = self.lang {
            c.lang = l;
        }
        c
    }
}

/// An evaluation crosses as two JSON texts: everything but `data`, parsed at once, and the cleaned
/// `data`, parsed by V8 on its first read (then an ordinary property). A form UI reads `visible`,
/// `hidden` and `errors` on every change and the data only at submission; parsing a large
/// submission is most of the cost of the crossing (the 1,000-component bench form: about half).
/// The record is still the documented `Evaluation` shape, key order included: `JSON.stringify`,
/// spreading, `structuredClone` and deep equality read the getter like any property.
impl crate::Record for core::Evaluation {
    const TS: &'static str = "Evaluation";
    const BUILD: &'static str = "(head, text) => { const r = JSON.parse(head); \
        const set = (v) => Object.defineProperty(r, \"data\", { value: v, writable: true, enumerable: true, configurable: true }); \
        Object.defineProperty(r, \"data\", { enumerable: true, configurable: true, get() { const v = JSON.parse(text); set(v); return v; }, set }); \
        return r; }";
    fn fields(mut self) -> Vec<Ret> {
        let data = to_json(&std::mem::take(&mut self.data));
        vec![Ret::Str(to_json(&self)), Ret::Str(data)]
    }
}

mod functions {
    use super::*;
    crate::functions! { "forms";
        /// Applies a JSON Logic rule to data (json-logic-js semantics plus the Form.io operators and
        /// the Italian validators); absent data is `null`.
        fn apply_logic(rule: Value as "unknown", data: Option<Value> as "unknown") -> Value {
            core::apply_logic(&rule, &data.unwrap_or(Value::Null))?
        }
        /// JSON Logic truthiness (`[]` is falsy, `"0"` truthy).
        fn truthy(value: Value as "unknown") -> bool { core::truthy(&value) }
        /// The JSON Logic a supported JavaScript snippet assigning `target` (absent: the core's
        /// `TRANSLATE_JS_TARGET`, `show`) becomes.
        fn translate_js(src: String, target: Option<String>) -> Value {
            core::translate_js(&src, target.as_deref().unwrap_or(core::TRANSLATE_JS_TARGET))?
        }
    }
}

mod form {
    use super::*;
    crate::class! {
        /// A Form.io form compiled once; evaluate it as often as needed (e.g. on every change).
        Form = core::Form;
        /// Loads a Form.io form (object or JSON text) with optional `{offices, typeAliases}`.
        /// Throws an `Error` whose `.code` is e.g. `forms.unsupported_condition`.
        static fn from_formio(form: Value as "object | string", options: Option<FormOptions> as "FormOptions") -> Obj<core::Form> {
            Obj(core::Form::from_formio_with(&value_or_text(form)?, &options.unwrap_or_default().into_core())?)
        }
        /// Evaluates a submission's data (object or JSON text); `context` is `{today?: "YYYY-MM-DD", vars?: {...}}`.
        /// The result's `data` is parsed on its first read.
        fn evaluate(this, data: Value as "Record<string, unknown> | string", context: Option<EvalContext> as "EvalContext") -> Built<core::Evaluation> {
            Built(this.evaluate_value(value_or_text(data)?, &context.unwrap_or_default().into_core())?)
        }
        /// `evaluate` with JSON text in and out (`JSON.parse` the result).
        fn evaluate_json(this, data: String, context: Option<EvalContext> as "EvalContext") -> String {
            let data: Value = from_json(&data)?;
            to_json(&this.evaluate_value(data, &context.unwrap_or_default().into_core())?)
        }
        /// The form and its components.
        fn info(this) -> core::FormInfo as "FormInfo" { this.info() }
        /// The form's title.
        get title(this) -> String { this.title().to_owned() }
        /// How many components have a visibility condition.
        get condition_count(this) -> usize { this.condition_count() }
        /// How many components the form has (layout ones included).
        get component_count(this) -> usize { this.component_count() }
    }
}

mod logic {
    use super::*;
    crate::class! {
        /// A JSON Logic rule compiled once.
        Logic = core::Logic;
        /// Compiles `rule` (throws `forms.unknown_operator`, `forms.rule_too_deep`).
        new(rule: Value as "unknown") { core::Logic::compile(&rule)? }
        /// Applies the rule to `data` (absent: `null`). Of a plain object, only the values at the
        /// paths in `dataPaths` cross to the engine (the result is the same).
        fn apply(this, data: Picked) -> Value {
            match data {
                Picked::Whole(data) => this.apply(&data.unwrap_or(Value::Null)),
                Picked::At(values) => this.apply_at(&values)?,
            }
        }
        /// The data paths the rule may read (dotted, as its `var`s write them), or `null` when that
        /// is not static (a computed or whole-data `var`, `missing`, `missing_some`).
        get data_paths(this) -> Option<Vec<String>> { this.data_paths() }
        /// The rule as given.
        get rule(this) -> Value { this.rule().clone() }
    }
}
