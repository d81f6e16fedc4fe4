//! Runs `tests/cases/forms.json` and the reference forms it lists (`tests/cases/forms/*.json`).
//!
//! Matching rules (the same in every binding's runner):
//! - `expected.errors`: the exact set of `(path, code)` pairs; a `message` given must match too;
//! - `expected.visible` / `expected.hidden`: every listed path is in the result's list;
//! - `expected.data`, `expected.computed`, `expected.valid`, `expected.assignedOffice`: equal;
//! - while `cf` is a stub (no valid code at all), errors with codes `codiceFiscale`,
//!   `partitaIva`, `cfMismatch` are dropped from both sides and `valid` is not compared.
use serde_json::{json, Value};
use sportello::forms::{apply_logic, EvalContext, Form, FormOptions};
use sportello::Coded;

const CASES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/forms.json"));
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/");

fn cf_is_real() -> bool {
    sportello::cf::is_valid("RSSMRA80A01H501U")
}

fn cf_code(code: &str) -> bool {
    matches!(code, "codiceFiscale" | "partitaIva" | "cfMismatch")
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

fn load(form: &Value, options: Option<&Value>) -> Result<Form, sportello::forms::FormsError> {
    let options: FormOptions = options.map(|o| serde_json::from_value(o.clone()).unwrap()).unwrap_or_default();
    Form::from_formio_with(form, &options)
}

/// Compares one evaluation with its expectation; returns the differences.
fn compare(form: &Form, data: &Value, context: Option<&Value>, expected: &Value) -> Vec<String> {
    let ctx: EvalContext = context.map(|c| serde_json::from_value(c.clone()).unwrap()).unwrap_or_default();
    let mut diffs = Vec::new();
    let got = match form.evaluate(data, &ctx) {
        Ok(r) => serde_json::to_value(r).unwrap(),
        Err(e) => return vec![format!("evaluate failed: {e}")],
    };
    let real = cf_is_real();
    if let Some(Value::Array(exp)) = expected.get("errors") {
        let keep = |e: &&Value| real || !cf_code(e["code"].as_str().unwrap_or(""));
        let exp: Vec<&Value> = exp.iter().filter(keep).collect();
        let act: Vec<&Value> = got["errors"].as_array().unwrap().iter().filter(keep).collect();
        let pair = |e: &Value| (e["path"].as_str().unwrap_or("").to_string(), e["code"].as_str().unwrap_or("").to_string());
        let mut ep: Vec<_> = exp.iter().map(|e| pair(e)).collect();
        let mut ap: Vec<_> = act.iter().map(|e| pair(e)).collect();
        ep.sort();
        ap.sort();
        if ep != ap {
            diffs.push(format!("errors: expected {ep:?}, got {ap:?}"));
        }
        for e in &exp {
            if let Some(m) = e.get("message") {
                if !act.iter().any(|a| pair(a) == pair(e) && &a["message"] == m) {
                    diffs.push(format!("message of {:?}: expected {m}", pair(e)));
                }
            }
        }
    }
    for list in ["visible", "hidden"] {
        if let Some(Value::Array(exp)) = expected.get(list) {
            for p in exp {
                if !got[list].as_array().unwrap().contains(p) {
                    diffs.push(format!("{list}: {p} missing from {}", got[list]));
                }
            }
        }
    }
    for k in ["data", "computed", "assignedOffice"] {
        if let Some(e) = expected.get(k) {
            if !same(e, &got[k]) {
                diffs.push(format!("{k}: expected {e}, got {}", got[k]));
            }
        }
    }
    if real {
        if let Some(e) = expected.get("valid") {
            if e != &got["valid"] {
                diffs.push(format!("valid: expected {e}, got {} ({})", got["valid"], got["errors"]));
            }
        }
    }
    diffs
}

#[test]
fn reference_cases() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for case in doc["cases"].as_array().unwrap() {
        n += 1;
        let name = case["name"].as_str().unwrap();
        if case.get("needsCf") == Some(&Value::Bool(true)) && !cf_is_real() {
            continue;
        }
        let input = &case["input"];
        let outcome: Result<Value, String> = match case["fn"].as_str().unwrap() {
            "applyLogic" => apply_logic(&input["rule"], &input["data"]).map_err(|e| e.code().to_string()),
            "fromFormio" => load(&input["form"], input.get("options")).map(|f| json!(f.condition_count())).map_err(|e| e.code().to_string()),
            "evaluate" => match load(&input["form"], input.get("options")) {
                Err(e) => Err(e.code().to_string()),
                Ok(f) if case["expected"].get("error").is_some() => {
                    let ctx: EvalContext = input.get("context").map(|c| serde_json::from_value(c.clone()).unwrap()).unwrap_or_default();
                    match f.evaluate(&input["data"], &ctx) {
                        Err(e) if case["expected"]["error"] == e.code() => {}
                        other => failures.push(format!("{name}: expected error {}, got {other:?}", case["expected"]["error"])),
                    }
                    continue;
                }
                Ok(f) => {
                    let d = compare(&f, &input["data"], input.get("context"), &case["expected"]);
                    if !d.is_empty() {
                        failures.push(format!("{name}: {}", d.join("; ")));
                    }
                    continue;
                }
            },
            other => panic!("unknown fn {other}"),
        };
        match (outcome, case.get("expected"), case.get("error")) {
            (Ok(v), Some(e), None) if same(&v, e) => {}
            (Err(code), None, Some(e)) if e == code.as_str() => {}
            (got, e, err) => failures.push(format!("{name}: got {got:?}, expected {e:?} / error {err:?}")),
        }
    }
    assert!(n > 0);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn reference_forms() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for file in doc["referenceForms"].as_array().unwrap() {
        let path = format!("{DIR}{}", file.as_str().unwrap());
        let rf: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let form = match load(&rf["form"], rf.get("options")) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{file}: load failed: {e}"));
                continue;
            }
        };
        for s in rf["submissions"].as_array().unwrap() {
            n += 1;
            let d = compare(&form, &s["data"], s.get("context"), &s["expected"]);
            if !d.is_empty() {
                failures.push(format!("{file} / {}: {}", s["name"], d.join("; ")));
            }
        }
    }
    assert!(n >= 10, "only {n} submissions");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
