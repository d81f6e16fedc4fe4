//! Differential test of the JSON Logic engine against json-logic-js 2.0.5, the engine Form.io
//! runs: 2,000 seeded random rules (`tests/data/jsonlogic-random-gen.js`, which stored the
//! results json-logic-js gives in `tests/data/jsonlogic-random-2000.json`) must give the same
//! JSON result here. Inside an evaluation NaN and infinities behave as in JavaScript; only the
//! final result turns them into `null`, as `JSON.stringify` does (docs/forms.md).
use serde_json::Value;
use sportello::forms::apply_logic;

const CASES: &str = include_str!("data/jsonlogic-random-2000.json");

/// JSON equality with numbers compared by value (`1` and `1.0`), to the last bit of a double (the
/// core reads numbers with serde_json's `float_roundtrip`, as `JSON.parse` reads them).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64().is_some_and(|x| y.as_f64() == Some(x)),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

#[test]
fn random_rules_agree_with_json_logic_js() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let data = &doc["data"];
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2000);
    let mut misses = Vec::new();
    for case in cases {
        let got = apply_logic(&case["rule"], data);
        match got {
            Ok(v) if same(&v, &case["expected"]) => {}
            other => misses.push(format!("{}\n  json-logic-js: {}\n  here: {other:?}", case["rule"], case["expected"])),
        }
    }
    println!("agreement: {} of {}", cases.len() - misses.len(), cases.len());
    assert!(misses.is_empty(), "{} of {} differ:\n{}", misses.len(), cases.len(), misses.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
}
