#![no_main]
//! Fuzzes the JavaScript translator of forms (`customConditional`, calculated values, logic
//! triggers): arbitrary text, as a snippet, as a form's `customConditional` and as a calculated
//! value. Nothing may panic or overflow the stack, a translation must be deterministic, and what it
//! produces must be JSON Logic the evaluator accepts on any data without panicking.
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use sportello::forms::{apply_logic, translate_js, EvalContext, Form};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    for target in ["show", "value", "valid"] {
        let first = translate_js(src, target);
        let again = translate_js(src, target);
        assert_eq!(format!("{first:?}"), format!("{again:?}"), "translation is not deterministic");
        if let Ok(rule) = first {
            let _ = apply_logic(&rule, &json!({"data": {"a": 1, "b": "x", "c": [1, 2]}, "row": {}, "value": 3}));
            let _ = apply_logic(&rule, &Value::Null);
        }
    }
    // The same text inside a form, where the translator runs while the form loads.
    let form = json!({"components": [
        {"type": "textfield", "key": "a", "input": true},
        {"type": "textfield", "key": "b", "input": true, "customConditional": src},
        {"type": "number", "key": "c", "input": true, "calculateValue": src},
        {"type": "textfield", "key": "d", "input": true, "validate": {"custom": src}}
    ]});
    if let Ok(form) = Form::from_formio(&form) {
        let _ = form.evaluate(&json!({"a": "x", "b": "y", "c": 2}), &EvalContext::default());
    }
});
