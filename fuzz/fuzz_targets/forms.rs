#![no_main]
//! Fuzzes the forms capability: JSON Logic rules on data, Form.io forms loaded from arbitrary
//! JSON, and evaluation of the seed delegation form on arbitrary submissions. Nothing may panic.
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sportello::forms::{apply_logic, EvalContext, Form};

const DELEGA: &str = include_str!("../../tests/cases/forms/delega.json");

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let Ok(v) = serde_json::from_str::<Value>(s) else { return };
    // Rule + data.
    if let Value::Array(parts) = &v {
        if let [rule, d, ..] = parts.as_slice() {
            let _ = apply_logic(rule, d);
        }
    }
    let _ = apply_logic(&v, &v);
    // A form.
    if let Ok(form) = Form::from_formio(&v) {
        let _ = form.evaluate(&serde_json::json!({}), &EvalContext::default());
        if let Some(sub) = v.get("submission") {
            let _ = form.evaluate(sub, &EvalContext::default());
        }
    }
    // The seed form on an arbitrary submission.
    let doc: Value = serde_json::from_str(DELEGA).unwrap_or(Value::Null);
    if let Ok(form) = Form::from_formio(&doc["form"]) {
        let _ = form.evaluate(&v, &EvalContext::default());
    }
});
