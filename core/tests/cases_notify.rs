//! Runs the reference cases of `tests/cases/notify.json` against the core.
use serde_json::{Map, Value};
use sportello::notify::{due, Event, NotifyContext, NotifySettings};

const CASES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/notify.json"));

fn resolve(v: Option<&Value>, named: &Map<String, Value>) -> Value {
    match v {
        None => named["office"].clone(),
        Some(Value::String(name)) => named[name].clone(),
        Some(Value::Object(o)) => match o.get("$base") {
            Some(Value::String(name)) => {
                let mut base = named[name].as_object().unwrap().clone();
                for (k, v) in o.iter().filter(|(k, _)| *k != "$base") {
                    base.insert(k.clone(), v.clone());
                }
                Value::Object(base)
            }
            _ => Value::Object(o.clone()),
        },
        Some(v) => panic!("bad context {v}"),
    }
}

/// `expected` is a subset of `actual` (null matches missing; arrays have equal length; a
/// `bodyContains` key lists fragments of `body`).
fn matches(expected: &Value, actual: Option<&Value>, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Null, None | Some(Value::Null)) => Ok(()),
        (Value::Object(e), Some(Value::Object(a))) => {
            for (k, ev) in e {
                if k == "bodyContains" {
                    let body = a.get("body").and_then(Value::as_str).unwrap_or("");
                    for f in ev.as_array().unwrap() {
                        let f = f.as_str().unwrap();
                        if !body.contains(f) {
                            return Err(format!("{path}.body: {body:?} does not contain {f:?}"));
                        }
                    }
                    continue;
                }
                matches(ev, a.get(k), &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Some(Value::Array(a))) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} items, got {}: {}", e.len(), a.len(), Value::Array(a.clone())));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, Some(av), &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (e, Some(a)) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {}", a.map(|a| a.to_string()).unwrap_or("nothing".into()))),
    }
}

fn run(case: &Value, named: &Map<String, Value>) -> Result<Value, sportello::Error> {
    let input = &case["input"];
    let settings = NotifySettings::from_json(&input.get("settings").cloned().unwrap_or(Value::Object(Map::new())).to_string())?;
    Ok(match case["fn"].as_str().unwrap() {
        "settings" => {
            let back = NotifySettings::from_json(&settings.to_json())?;
            assert_eq!(back, settings);
            serde_json::json!({"valid": true, "json": serde_json::from_str::<Value>(&settings.to_json()).unwrap()})
        }
        "due" => {
            let event: Event = sportello::json::from_str(&input["event"].to_string())?;
            let context: NotifyContext = sportello::json::from_str(&resolve(input.get("context"), named).to_string())?;
            let now = input.get("now").map(|n| chrono::DateTime::parse_from_rfc3339(n.as_str().unwrap()).unwrap());
            let first = due(&event, &settings, &context, now)?;
            let again = due(&event, &settings, &context, now)?;
            assert_eq!(first, again, "{}: due is not deterministic", case["name"]);
            let ids: std::collections::BTreeSet<&str> = first.iter().map(|n| n.id.as_str()).collect();
            assert_eq!(ids.len(), first.len(), "{}: ids repeat", case["name"]);
            serde_json::to_value(&first).unwrap()
        }
        other => panic!("unknown fn {other}"),
    })
}

#[test]
fn reference_cases() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let named = doc["contexts"].as_object().unwrap();
    let mut failures = vec![];
    let cases = doc["cases"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        match (run(case, named), case.get("error")) {
            (Ok(v), None) => {
                if let Err(e) = matches(&case["expected"], Some(&v), "result") {
                    failures.push(format!("{name}: {e}"));
                }
            }
            (Ok(v), Some(code)) => failures.push(format!("{name}: expected error {code}, got {v}")),
            (Err(e), Some(code)) => {
                if e.code() != code.as_str().unwrap() {
                    failures.push(format!("{name}: expected error {code}, got {} ({e})", e.code()));
                } else if let Some(d) = case.get("errorDetails") {
                    if let Err(m) = matches(d, Some(&e.to_json_value()), "error") {
                        failures.push(format!("{name}: {m}"));
                    }
                }
            }
            (Err(e), None) => failures.push(format!("{name}: unexpected error {} ({e})", e.code())),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
