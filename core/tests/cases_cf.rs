//! Runs the reference cases of `tests/cases/cf.json` (format described in its `about`).
use chrono::NaiveDate;
use serde_json::{json, Value};
use sportello::cf::{self, piva, Declared, DecodeOptions, Person};
use sportello::Coded;

const CASES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/cf.json"));

fn s<'a>(input: &'a Value, key: &str) -> &'a str {
    input[key].as_str().unwrap_or_else(|| panic!("input.{key} is not a string: {input}"))
}

fn date(input: &Value, key: &str) -> NaiveDate {
    s(input, key).parse().unwrap_or_else(|e| panic!("input.{key}: {e}"))
}

fn err<E: Coded>(e: E) -> String {
    e.code().to_string()
}

fn run(f: &str, input: &Value) -> Result<Value, String> {
    match f {
        "cf.validate" => cf::validate(s(input, "code")).map(Value::from).map_err(err),
        "cf.is_valid" => Ok(cf::is_valid(s(input, "code")).into()),
        "cf.is_valid_many" => {
            let codes: Vec<String> = serde_json::from_value(input["codes"].clone()).unwrap();
            Ok(json!(cf::is_valid_many(&codes)))
        }
        "cf.decode" => {
            let mut opts = DecodeOptions::new(date(input, "today"));
            if let Some(m) = input.get("maxAge").and_then(Value::as_u64) {
                opts.max_age = m as u32;
            }
            opts.strict_place = input.get("strictPlace").and_then(Value::as_bool).unwrap_or(false);
            cf::decode_with(s(input, "code"), &opts).map(|d| to(&d)).map_err(err)
        }
        "cf.encode" => {
            let p: Person = serde_json::from_value(input["person"].clone()).unwrap();
            cf::encode(&p).map(Value::from).map_err(err)
        }
        "cf.matches" => {
            let d: Declared = serde_json::from_value(input["declared"].clone()).unwrap();
            cf::matches_declared(s(input, "code"), &d).map(|r| to(&r)).map_err(err)
        }
        "cf.canonical" => cf::canonical(s(input, "code")).map(Value::from).map_err(err),
        "cf.omocodes" => cf::omocodes(s(input, "code")).map(|v| json!(v)).map_err(err),
        "cf.same_person" => Ok(cf::same_person(s(input, "a"), s(input, "b")).into()),
        "piva.validate" => piva::validate(s(input, "code")).map(Value::from).map_err(err),
        "piva.is_valid" => Ok(piva::is_valid(s(input, "code")).into()),
        other => panic!("unknown fn {other}"),
    }
}

fn to<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Every key of `expected` equal in `actual` (objects recursively; anything else whole).
fn subset(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|x| subset(v, x))),
        _ => expected == actual,
    }
}

#[test]
fn reference_cases() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() > 250);
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let f = c["fn"].as_str().unwrap();
        let got = run(f, &c["input"]);
        let ok = match (c.get("error"), &got) {
            (Some(code), Err(e)) => code == e,
            (None, Ok(v)) => subset(&c["expected"], v),
            _ => false,
        };
        if !ok {
            failures.push(format!("{f} / {name}: input {} expected {} got {got:?}", c["input"], c.get("error").unwrap_or(&c["expected"])));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn error_json_shape() {
    let e = sportello::Error::from(cf::validate("RSSMRA80A01H501A").unwrap_err());
    let v = e.to_json_value();
    assert_eq!(v["code"], "cf.check_char");
    assert_eq!(v["expected"], "U");
    assert_eq!(v["found"], "A");
    let e = sportello::Error::from(
        cf::encode(&Person {
            surname: "Rossi".into(),
            name: "Mario".into(),
            sex: cf::Sex::M,
            birth_date: NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
            birthplace: "Castro".into(),
            province: None,
        })
        .unwrap_err(),
    );
    let v = e.to_json_value();
    assert_eq!(v["code"], "cf.place_ambiguous");
    let codes: Vec<&str> = v["candidates"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["C337", "M261"]);
    assert!(v["message"].as_str().unwrap().contains("C337 (BG)"));
    // Round trip of the error JSON.
    let back: cf::CfError = serde_json::from_value(serde_json::to_value(cf::validate("X").unwrap_err()).unwrap()).unwrap();
    assert_eq!(back.code(), "cf.format");
}
