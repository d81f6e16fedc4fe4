//! Runs the reference cases of `tests/cases/service.json` against the core (the bindings run the
//! same file: see `format` in it).
use serde_json::{Map, Value};
use sportello::access::{Acting, Identity};
use sportello::service::{Audience, Catalogue, Journey, Service, StartRequest};
use sportello::slots::Calendar;

/// RFC 7386 JSON merge patch.
fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            let t = target.as_object_mut().unwrap();
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// `expected` is a subset of `actual`: every key of an object, every element of an array (same length).
fn subset(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().try_for_each(|(k, v)| subset(v, a.get(k).unwrap_or(&Value::Null), &format!("{at}.{k}"))),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().try_for_each(|(i, (e, a))| subset(e, a, &format!("{at}[{i}]")))
        }
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{at}: expected {e}, got {a}")),
    }
}

fn service(doc: &Value, input: &Value, cals: &[Calendar]) -> Result<Service, sportello::Error> {
    let mut def = doc["service"].clone();
    if let Some(p) = input.get("patch") {
        merge(&mut def, p);
    }
    Service::from_json(&def.to_string(), cals)
}

fn run(doc: &Value, case: &Value, cals: &[Calendar]) -> Result<Value, sportello::Error> {
    let input = &case["input"];
    let time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    Ok(match case["kind"].as_str().unwrap() {
        "load" => {
            let s = service(doc, input, cals)?;
            serde_json::json!({"id": s.id(), "charges": s.charges(), "statuses": s.graph().statuses()})
        }
        "decide" => {
            let s = service(doc, input, cals)?;
            let identity: Option<Identity> = serde_json::from_value(input["identity"].clone()).unwrap();
            let acting: Option<Acting> = serde_json::from_value(input.get("acting").cloned().unwrap_or(Value::Null)).unwrap();
            serde_json::to_value(s.decide(identity.as_ref(), acting.as_ref(), time(&input["now"]))).unwrap()
        }
        "start" => {
            let s = service(doc, input, cals)?;
            let request: StartRequest = sportello::error::from_json(&input["request"].to_string())?;
            serde_json::to_value(s.start(&request, time(&input["now"]))?).unwrap()
        }
        "catalogue" => {
            let defs: Vec<Value> = input["services"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let mut d = doc["service"].clone();
                    merge(&mut d, p);
                    d
                })
                .collect();
            let c = Catalogue::from_json(&Value::Array(defs).to_string(), cals)?;
            let audience: Audience = serde_json::from_value(input["audience"].clone()).unwrap();
            let lang = serde_json::from_value(input["lang"].clone()).unwrap();
            serde_json::to_value(c.listing(audience, lang)).unwrap()
        }
        "journey" => {
            let s = service(doc, input, cals)?;
            let j: Journey = sportello::error::from_json(&input["journey"].to_string())?;
            serde_json::to_value(s.walk(&j)?).unwrap()
        }
        k => panic!("unknown kind {k}"),
    })
}

#[test]
fn reference_cases() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/service.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cals: Vec<Calendar> = serde_json::from_value(doc["calendars"].clone()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let mut dump = Vec::new();
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let got = match run(&doc, c, &cals) {
            Ok(v) => serde_json::json!({"ok": v}),
            Err(e) => serde_json::json!({"error": e.to_json_value()}),
        };
        dump.push(serde_json::json!({"name": name, "got": got}));
        let check = match (c.get("expected"), c.get("error")) {
            (Some(e), None) => got.get("ok").ok_or_else(|| format!("error {}", got["error"])).and_then(|a| subset(e, a, "")),
            (None, Some(e)) => got.get("error").ok_or_else(|| "no error".to_string()).and_then(|a| subset(e, a, "")),
            _ => Err("a case has expected or error".into()),
        };
        if let Err(m) = check {
            failures.push(format!("{name}: {m}"));
        }
    }
    if let Ok(path) = std::env::var("SPORTELLO_SERVICE_DUMP") {
        std::fs::write(path, serde_json::to_string_pretty(&dump).unwrap()).unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
