//! `forms` namespace and the `Form` / `Logic` classes: `sportello::forms`, Form.io forms
//! (conditions, validation, office assignment) and the JSON Logic engine on its own. JS values in,
//! the core's JSON shapes out (types `FormOptions`, `EvalContext`, `Evaluation`, `FormInfo`).
use std::collections::BTreeMap;

use serde_json::Value;
use sportello::forms as core;

use serde::Serialize;

use crate::{from_json, to_json, ApiError, Built, Date, Obj, Picked, Ret};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    form::entries(v, c);
    session::entries(v, c);
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
/// The builder of an [`core::Evaluation`] (below), also the start of a session's ([`Update`]).
macro_rules! evaluation_build {
    () => {
        "(head, text) => { const r = JSON.parse(head); \
        const set = (v) => Object.defineProperty(r, \"data\", { value: v, writable: true, enumerable: true, configurable: true }); \
        Object.defineProperty(r, \"data\", { enumerable: true, configurable: true, get() { const v = JSON.parse(text); set(v); return v; }, set }); \
        return r; }"
    };
}

impl crate::Record for core::Evaluation {
    const TS: &'static str = "Evaluation";
    const BUILD: &'static str = evaluation_build!();
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
        /// Called again with the same object (a page keeping its data in one object), only the
        /// values that changed since cross to the native side, to a session it keeps for that object.
        fn evaluate(this, data: crate::Held<Session>, context: Option<EvalContext> as "EvalContext") -> Built<core::Evaluation> {
            Built(this.evaluate_value(value_or_text(data.0)?, &context.unwrap_or_default().into_core())?)
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

/// A [`core::FormSession`] with the form it is evaluated against, and the `visible` / `hidden`
/// lists of the last result it sent (see [`Update`]).
pub(crate) struct Session {
    form: crate::Ref<core::Form>,
    inner: core::FormSession,
    sent: Option<(core::Paths, core::Paths)>,
}

impl Session {
    /// `e` (with its cleaned submission as JSON text, `data`) as it crosses, its lists as the
    /// change to those last sent (which it then keeps).
    fn crossing(&mut self, e: core::Evaluation, data: String) -> Update {
        let sent = self.sent.as_ref();
        let (visible, hidden) = (Change::of(sent.map(|s| &s.0), &e.visible), Change::of(sent.map(|s| &s.1), &e.hidden));
        if !(visible.2.is_empty() && hidden.2.is_empty() && sent.is_some_and(|(v, h)| v.len() == e.visible.len() && h.len() == e.hidden.len())) {
            self.sent = Some((e.visible.clone(), e.hidden.clone()));
        }
        Update { evaluation: e, visible, hidden, data }
    }
}

/// A session's evaluation as it crosses: an `Evaluation` like `Form.evaluate`'s, except that its
/// `visible` and `hidden` lists cross as changes to the previous result of the same session,
/// whose lists the JS object keeps (under a symbol) and hands out again as new arrays: the
/// length of the part they begin with and end with in common, and the paths between. Typing in a
/// field changes no list, and an answer that shows or hides components changes a stretch of
/// them; V8's parse of the whole 1,000-path lists is about half of an evaluation. The builder
/// takes the session as `this` (the generated layer calls a `function` builder with the
/// receiver).
pub(crate) struct Update {
    evaluation: core::Evaluation,
    visible: Change,
    hidden: Change,
    /// The cleaned submission, written by the session from the held one without building it.
    data: String,
}

/// `new` as a change to `old`: (common start, common end, the paths between in `new`).
struct Change(usize, usize, Vec<String>);

impl Change {
    fn of(old: Option<&core::Paths>, new: &core::Paths) -> Change {
        let Some(old) = old else { return Change(0, 0, new.to_vec()) };
        let start = old.iter().zip(new.iter()).take_while(|(a, b)| a == b).count();
        let most = old.len().min(new.len()) - start;
        let end = (0..most).take_while(|&i| old.get(old.len() - 1 - i) == new.get(new.len() - 1 - i)).count();
        Change(start, end, new.iter().skip(start).take(new.len() - start - end).map(str::to_owned).collect())
    }
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(2 + self.2.len()))?;
        seq.serialize_element(&self.0)?;
        seq.serialize_element(&self.1)?;
        for p in &self.2 {
            seq.serialize_element(p)?;
        }
        seq.end()
    }
}

/// The head crosses as an `Evaluation`'s does (every field, in order), with its two lists empty:
/// the builder of `Evaluation` makes the record, then puts the lists in their places.
impl crate::Record for Update {
    const TS: &'static str = "Evaluation";
    const BUILD: &'static str = concat!(
        "function (head, change, text) { const P = Symbol.for(\"sportello.sessionPaths\"); \
        const at = (o = [], c) => o.slice(0, c[0]).concat(c.slice(2), o.slice(o.length - c[1])); \
        const [cv, ch] = JSON.parse(change), old = this[P] ?? [], visible = at(old[0], cv), hidden = at(old[1], ch); \
        Object.defineProperty(this, P, { value: [visible, hidden], writable: true, configurable: true }); \
        const r = (",
        evaluation_build!(),
        ")(head, text); r.visible = visible.slice(); r.hidden = hidden.slice(); return r; }"
    );
    fn fields(self) -> Vec<Ret> {
        // The head is the evaluation's own JSON (its `data` is `null` here: it crosses as `data`).
        let Update { mut evaluation, visible, hidden, data } = self;
        (evaluation.visible, evaluation.hidden) = (core::Paths::default(), core::Paths::default());
        vec![Ret::Str(to_json(&evaluation)), Ret::Str(to_json(&(visible, hidden))), Ret::Str(data)]
    }
}

mod session {
    use super::*;
    crate::class! {
        /// A form being filled in: the submission is held here between evaluations, so that a
        /// page evaluating on every change sends only the values that changed.
        FormSession = Session;
        /// A session of `form` starting from `data` (object or JSON text; absent: empty).
        new(form: crate::Ref<core::Form>, data: Option<Value> as "Record<string, unknown> | string") {
            Session { form, inner: core::FormSession::new(value_or_text(data.unwrap_or(Value::Null))?)?, sent: None }
        }
        /// Merges `changes` (object or JSON text: each top-level key replaces the held value) into
        /// the held submission and evaluates the form on it: the result of `form.evaluate` on the
        /// merged submission (a failed update leaves the session as it was). The result's `data`
        /// is parsed on its first read.
        fn update(mut this, changes: Value as "Record<string, unknown> | string", context: Option<EvalContext> as "EvalContext") -> Built<Update> {
            let form = this.form.get()?;
            let (e, cleaned) = this.inner.update_view(&form, value_or_text(changes)?, &context.unwrap_or_default().into_core())?;
            let data = to_json(&cleaned);
            drop(form);
            Built(this.crossing(e, data))
        }
        /// Removes the top-level `keys` from the held submission (a key it does not hold changes
        /// nothing) and evaluates the form on what is left: what a page calls when the user
        /// empties a field whose key it deletes (JSON cannot say "absent" in `update`).
        fn remove(mut this, keys: Vec<String>, context: Option<EvalContext> as "EvalContext") -> Built<Update> {
            let mut e = this.inner.remove(&*this.form.get()?, &keys, &context.unwrap_or_default().into_core())?;
            let data = to_json(&std::mem::take(&mut e.data));
            Built(this.crossing(e, data))
        }
        /// The submission as entered so far (values hidden by a condition included).
        get data(this) -> Value as "Record<string, unknown>" { this.inner.data().clone() }
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
