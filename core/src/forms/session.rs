//! A form being filled in: the submission held between evaluations, so that a form UI sends
//! only the values that changed.
//!
//! A page that re-evaluates its form on every change would otherwise send the whole submission
//! each time; from Node or the browser, converting a 1,000-key submission costs more than
//! evaluating it (docs/forms.md). [`FormSession::update`] takes the changed values, merges them
//! into the submission it holds and evaluates that: its result is, by definition, what
//! [`Form::evaluate`] gives on the merged submission.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::evaluate::{EvalContext, Evaluation};
use super::form::Form;
use super::tree::Edits;
use super::FormsError;

/// The submission of a form being filled in (its JSON shape: `{"data": {...}}`, the submission
/// as entered so far; a draft can be stored as it and resumed with [`FormSession::new`]).
///
/// The held submission is what was entered, not the cleaned one: a value hidden by a condition
/// stays held and counts again when its component is shown, exactly as when the whole
/// submission is evaluated each time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSession {
    /// The submission as entered so far (a JSON object).
    #[serde(deserialize_with = "de_object")]
    data: Value,
}

impl Default for FormSession {
    fn default() -> Self {
        FormSession { data: Value::Object(Map::new()) }
    }
}

/// The held submission is an object, whatever the JSON says.
fn de_object<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Map::deserialize(d).map(Value::Object)
}

/// The object `value` is, or `forms.invalid` naming `what`.
fn object(value: Value, what: &str) -> Result<Map<String, Value>, FormsError> {
    match value {
        Value::Object(m) => Ok(m),
        _ => Err(FormsError::Invalid { message: format!("{what} must be a JSON object") }),
    }
}

impl FormSession {
    /// A session starting from `data` (a JSON object; `null` starts empty). Other values:
    /// `forms.invalid`.
    pub fn new(data: Value) -> Result<FormSession, FormsError> {
        match data {
            Value::Null => Ok(FormSession::default()),
            data => object(data, "the submission data").map(|m| FormSession { data: Value::Object(m) }),
        }
    }

    /// The submission as entered so far (a JSON object).
    pub fn data(&self) -> &Value {
        &self.data
    }

    /// Merges `changes` (a JSON object; else `forms.invalid`) into the held submission, each
    /// top-level key replacing the held value (a grid or a container changes as its whole value),
    /// then evaluates `form` on it: the same result as [`Form::evaluate`] on the merged
    /// submission. When it fails (`changes` not an object, or the evaluation's own error, e.g.
    /// `forms.no_fixpoint`), the session is as it was.
    pub fn update(&mut self, form: &Form, changes: Value, ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        let (mut evaluation, cleaned) = self.update_view(form, changes, ctx)?;
        evaluation.data = cleaned.into_value();
        Ok(evaluation)
    }

    /// [`FormSession::update`] without building the cleaned submission: the evaluation's `data`
    /// is `null`, and the cleaned submission is the [`CleanedView`] beside it, which writes it
    /// (serde) from the held submission and the evaluation's changes, without the copy `update`
    /// makes. What the JS packages call: they send the cleaned submission as JSON text.
    pub fn update_view<'s>(&'s mut self, form: &'s Form, changes: Value, ctx: &EvalContext) -> Result<(Evaluation, CleanedView<'s>), FormsError> {
        let changes = object(changes, "the changes")?;
        // Never taken: `new` and the JSON shape (`de_object`) make the held submission an object.
        let Value::Object(held) = &mut self.data else { return Err(FormsError::Invalid { message: "the held submission is not an object".into() }) };
        // What each change replaced, to put back if the evaluation fails.
        let replaced: Vec<(String, Option<Value>)> = changes.into_iter().map(|(k, v)| (k.clone(), held.insert(k, v))).collect();
        let result = form.passes(&self.data, ctx);
        if result.is_err() {
            // With serde_json's `preserve_order` (insertion order, which another crate of a build
            // may turn on), the keys to remove are all after the others: removing them (a swap
            // with the last) leaves the others' order as it was.
            if let Value::Object(held) = &mut self.data {
                for (k, old) in replaced {
                    match old {
                        Some(v) => held.insert(k, v),
                        None => held.remove(&k),
                    };
                }
            }
        }
        let (evaluation, edits) = result?;
        Ok((evaluation, CleanedView { data: &self.data, edits }))
    }

    /// Removes the top-level `keys` from the held submission (a key it does not hold changes
    /// nothing), then evaluates `form` on it: the same result as [`Form::evaluate`] on what is
    /// left. What a page calls when the user empties a field whose key it deletes (JSON, and so
    /// [`FormSession::update`], cannot say "absent"). When the evaluation fails, the session is as
    /// it was.
    pub fn remove(&mut self, form: &Form, keys: &[String], ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        let gone: std::collections::BTreeSet<&str> = keys.iter().map(String::as_str).collect();
        let mut next = self.data.clone();
        if let Value::Object(held) = &mut next {
            held.retain(|k, _| !gone.contains(k.as_str()));
        }
        let result = form.evaluate(&next, ctx)?;
        self.data = next;
        Ok(result)
    }

    /// Evaluates `form` on the held submission, unchanged.
    pub fn evaluate(&self, form: &Form, ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        form.evaluate(&self.data, ctx)
    }
}

/// The cleaned submission of [`FormSession::update_view`], not built: the held submission with
/// the evaluation's changes (defaults and calculated values set, cleared values removed). It
/// serializes as the `data` of [`FormSession::update`]'s result would, byte for byte.
pub struct CleanedView<'s> {
    data: &'s Value,
    edits: Edits<'s>,
}

impl CleanedView<'_> {
    /// Builds it: a copy of the held submission, with the changes applied.
    pub fn into_value(self) -> Value {
        let mut data = self.data.clone();
        self.edits.apply(&mut data);
        data
    }
}

impl std::fmt::Debug for CleanedView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CleanedView").finish_non_exhaustive()
    }
}

impl Serialize for CleanedView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.edits.serialize_applied(self.data, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;
    use serde_json::json;

    fn form() -> Form {
        Form::from_formio(&json!({"components": [
            {"type": "radio", "key": "chi", "values": [{"value": "io", "label": "Io"}, {"value": "altro", "label": "Altro"}]},
            {"type": "textfield", "key": "nome", "validate": {"required": true},
             "conditional": {"show": true, "when": "chi", "eq": "altro"}},
            {"type": "number", "key": "n", "defaultValue": 3}
        ]}))
        .expect("loads")
    }

    #[test]
    fn update_is_evaluate_on_the_merged_submission() {
        let (form, ctx) = (form(), EvalContext::default());
        let mut s = FormSession::new(Value::Null).expect("empty");
        let mut whole = Map::new();
        for change in [json!({"chi": "altro"}), json!({"nome": "Ada"}), json!({"chi": "io"}), json!({"chi": "altro", "x": [1]})] {
            whole.extend(change.as_object().cloned().expect("object"));
            let r = s.update(&form, change, &ctx).expect("evaluates");
            assert_eq!(r, form.evaluate(&Value::Object(whole.clone()), &ctx).expect("evaluates"));
        }
        // The hidden value was held, and counts again once shown.
        assert_eq!(s.data().get("nome"), Some(&json!("Ada")));
        assert!(s.evaluate(&form, &ctx).expect("evaluates").valid);
        // Removing a key: what is left, evaluated; a key not held changes nothing.
        whole.remove("nome");
        let r = s.remove(&form, &["nome".to_string(), "absent".to_string()], &ctx).expect("evaluates");
        assert_eq!(r, form.evaluate(&Value::Object(whole.clone()), &ctx).expect("evaluates"));
        assert!(!r.valid && s.data().get("nome").is_none());
    }

    #[test]
    fn the_unbuilt_cleaned_submission_writes_the_built_one() {
        // Edits at the top, inside a container and inside grid rows: removals (cleared by a
        // condition, non-persistent), replacements (normalized, calculated) and insertions
        // (defaults of absent keys, a row's missing value).
        let form = Form::from_formio(&json!({"components": [
            {"type": "radio", "key": "chi", "values": [{"value": "io", "label": "Io"}, {"value": "altro", "label": "Altro"}]},
            {"type": "textfield", "key": "nome", "conditional": {"show": true, "when": "chi", "eq": "altro"}},
            {"type": "number", "key": "a", "defaultValue": 3},
            {"type": "textfield", "key": "zz", "persistent": false},
            {"type": "container", "key": "ind", "components": [
                {"type": "textfield", "key": "via"},
                {"type": "textfield", "key": "civ", "conditional": {"show": true, "when": "chi", "eq": "altro"}},
                {"type": "number", "key": "cap", "defaultValue": 10100}
            ]},
            {"type": "datagrid", "key": "righe", "components": [
                {"type": "number", "key": "q", "defaultValue": 1},
                {"type": "number", "key": "tot", "calculateValue": {"*": [{"var": "row.q"}, 2]}},
                {"type": "textfield", "key": "nota", "customConditional": "show = row.q > 1"}
            ]},
            {"type": "number", "key": "somma", "calculateValue": {"+": [{"var": "data.a"}, 1]}}
        ]}))
        .expect("loads");
        let ctx = EvalContext::default();
        let mut s = FormSession::new(json!({"b": 1, "ind": {"via": "Roma", "civ": "2", "x": true}, "zz": "t"})).expect("object");
        for change in [
            json!({"chi": "io", "nome": "Ada"}),
            json!({"righe": [{"q": 2, "nota": "n"}, {"nota": "m"}, {}], "0": 0, "~": 1}),
            json!({"chi": "altro", "a": "7"}),
            json!({"ind": 5}),
        ] {
            let mut whole = s.data().clone();
            if let (Some(w), Some(c)) = (whole.as_object_mut(), change.as_object()) {
                w.extend(c.clone());
            }
            let expected = form.evaluate(&whole, &ctx).expect("evaluates");
            let (mut e, cleaned) = s.update_view(&form, change, &ctx).expect("evaluates");
            let text = serde_json::to_string(&cleaned).expect("writes");
            assert_eq!(text, serde_json::to_string(&expected.data).expect("writes"));
            assert_eq!(cleaned.into_value(), expected.data);
            e.data = expected.data.clone();
            assert_eq!(e, expected);
        }
    }

    #[test]
    fn refuses_what_is_not_an_object_and_stays_unchanged() {
        let form = form();
        assert_eq!(FormSession::new(json!([1])).map(|_| ()).map_err(|e| e.code()), Err("forms.invalid"));
        let mut s = FormSession::new(json!({"chi": "io"})).expect("object");
        let e = s.update(&form, json!("chi"), &EvalContext::default()).expect_err("not an object");
        assert_eq!(e.code(), "forms.invalid");
        assert_eq!(s.data(), &json!({"chi": "io"}));
        // An evaluation that fails leaves the session as it was.
        let flip = Form::from_formio(&json!({"components": [
            {"type": "checkbox", "key": "a", "calculateValue": {"!": [{"var": "data.a"}]}, "allowCalculateOverride": false}
        ]}))
        .expect("loads");
        let mut s = FormSession::new(serde_json::from_str(r#"{"z": 0, "b": 1, "y": 2}"#).expect("json")).expect("object");
        let before = serde_json::to_string(s.data()).expect("writes");
        let failed = s.update(&flip, json!({"a": true, "b": 2, "c": 3}), &EvalContext::default());
        assert_eq!(failed.map(|_| ()).map_err(|e| e.code()), Err("forms.no_fixpoint"));
        // The same keys in the same order, with serde_json's `preserve_order` too.
        assert_eq!(serde_json::to_string(s.data()).expect("writes"), before);
        let failed = s.remove(&flip, &["z".to_string()], &EvalContext::default());
        assert_eq!(failed.map(|_| ()).map_err(|e| e.code()), Err("forms.no_fixpoint"));
        assert_eq!(serde_json::to_string(s.data()).expect("writes"), before);
        let s = FormSession::new(json!({"chi": "io"})).expect("object");
        // The JSON shape: the submission under `data`; unknown keys refused.
        let back: FormSession = serde_json::from_value(serde_json::to_value(&s).expect("writes")).expect("reads");
        assert_eq!(back, s);
        assert!(serde_json::from_value::<FormSession>(json!({"data": {}, "x": 1})).is_err());
    }
}
