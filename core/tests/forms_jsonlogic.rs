//! The official JSON Logic conformance suite (jsonlogic.com tests.json, 275 cases), copied in
//! `tests/cases/forms/jsonlogic-official-tests.json`: every case must pass.
use serde_json::{json, Value};
use sportello::forms::{apply_logic, Logic};

const SUITE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/forms/jsonlogic-official-tests.json"));

/// Equality as JSON with numbers compared by value (2 == 2.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

#[test]
fn official_suite_passes_in_full() {
    let suite: Vec<Value> = serde_json::from_str(SUITE).unwrap();
    let mut total = 0;
    let mut failures = Vec::new();
    for case in &suite {
        let Value::Array(parts) = case else { continue };
        let [rule, data, expected] = parts.as_slice() else { panic!("bad case {case}") };
        total += 1;
        match apply_logic(rule, data) {
            Ok(got) if same(&got, expected) => {}
            other => failures.push(format!("{rule} on {data}: expected {expected}, got {other:?}")),
        }
    }
    assert_eq!(total, 275, "the suite has 275 cases");
    assert!(failures.is_empty(), "{} of {total} failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn compiled_rule_is_reusable_and_serialises_as_its_source() {
    let rule: Value = serde_json::json!({"if": [{"var": "a"}, "yes", "no"]});
    let logic = Logic::compile(&rule).unwrap();
    assert_eq!(logic.apply(&serde_json::json!({"a": 1})), "yes");
    assert_eq!(logic.apply(&serde_json::json!({"a": 0})), "no");
    assert_eq!(serde_json::to_value(&logic).unwrap(), rule);
    assert_eq!(logic.vars(), vec!["a".to_string()]);
}

#[test]
fn unknown_and_code_running_operators_are_rejected() {
    for op in ["method", "eval", "nope"] {
        let err = apply_logic(&serde_json::json!({op: [1]}), &Value::Null).unwrap_err();
        assert_eq!(sportello::Coded::code(&err), "forms.unknown_operator");
    }
}

/// A copy of `data` holding only `paths` (each dotted path's value; a non-object on the way is
/// copied whole), as the JS packages build it before `Logic.apply`.
fn prune(data: &Value, paths: &[String]) -> Value {
    let mut out = Value::Object(Default::default());
    for path in paths {
        let (mut src, mut dst) = (data, &mut out);
        let segs: Vec<&str> = path.split('.').collect();
        for (i, seg) in segs.iter().enumerate() {
            let Some(v) = src.as_object().and_then(|o| o.get(*seg)) else { break };
            let Some(d) = dst.as_object_mut() else { break };
            if i == segs.len() - 1 || !v.is_object() {
                d.insert(seg.to_string(), v.clone());
                break;
            }
            let next = d.entry(seg.to_string()).or_insert_with(|| Value::Object(Default::default()));
            if next == v {
                break;
            }
            (src, dst) = (v, next);
        }
    }
    out
}

/// `Logic::data_paths`: on every case of the official suite whose data is an object, applying the
/// rule to the data cut down to those paths gives the same result (what the JS packages rely on
/// to send only those values across the boundary).
#[test]
fn data_paths_are_all_a_rule_reads() {
    let suite: Vec<Value> = serde_json::from_str(SUITE).unwrap();
    let mut cut = 0;
    for case in &suite {
        let Value::Array(parts) = case else { continue };
        let [rule, data @ Value::Object(_), _] = parts.as_slice() else { continue };
        let Ok(logic) = Logic::compile(rule) else { continue };
        let Some(paths) = logic.data_paths() else { continue };
        assert!(same(&logic.apply(&prune(data, &paths)), &logic.apply(data)), "{rule} on {data}: paths {paths:?}");
        let values: Vec<Option<Value>> = paths.iter().map(|p| value_at(data, p).cloned()).collect();
        assert!(same(&logic.apply_at(&values).unwrap(), &logic.apply(data)), "apply_at: {rule} on {data}: paths {paths:?}");
        cut += 1;
    }
    assert!(cut > 100, "only {cut} cases had static paths");
    let nested = serde_json::json!({"data": {"a": {"b": 1, "c": 2}, "d": [1, 2], "e": 5}, "x": 1});
    let logic = Logic::compile(&serde_json::json!({"+": [{"var": "data.a.b"}, {"var": "data.d.1"}]})).unwrap();
    assert_eq!(logic.data_paths(), Some(vec!["data.a.b".to_string(), "data.d.1".to_string()]));
    assert_eq!(prune(&nested, &logic.data_paths().unwrap()), serde_json::json!({"data": {"a": {"b": 1}, "d": [1, 2]}}));
    assert_eq!(logic.apply(&nested), serde_json::json!(3));
    assert_eq!(logic.apply_at(&[Some(json!(1)), Some(json!(2))]).unwrap(), json!(3));
    let keys = |p: &str| p.split('.').map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(logic.data_path_keys(), Some(&[keys("data.a.b"), keys("data.d.1")][..]));
    assert_eq!(Logic::compile(&serde_json::json!({"var": [{"cat": ["a", "b"]}]})).unwrap().data_paths(), None);
    assert_eq!(Logic::compile(&serde_json::json!({"missing": ["a"]})).unwrap().data_paths(), None);
    // Absent and null differ (a `var` default replaces only an absent value, as json-logic-js).
    let with_default = Logic::compile(&json!({"var": ["a.b", 7]})).unwrap();
    assert_eq!(with_default.apply_at(&[None]).unwrap(), json!(7));
    assert_eq!(with_default.apply_at(&[Some(Value::Null)]).unwrap(), with_default.apply(&json!({"a": {"b": null}})));
    // Refused: paths that are not static, or not one value per path.
    let code = |r: Result<Value, sportello::forms::FormsError>| r.map_err(|e| sportello::error::Coded::code(&e)).unwrap_err();
    assert_eq!(code(Logic::compile(&json!({"missing": ["a"]})).unwrap().apply_at(&[])), "forms.invalid");
    assert_eq!(code(logic.apply_at(&[Some(json!(1))])), "forms.invalid");
}

/// The value at a dotted path, as a rule's `var` reads it (object keys, array indices).
fn value_at<'a>(mut v: &'a Value, path: &str) -> Option<&'a Value> {
    for key in path.split('.') {
        v = match v {
            Value::Object(m) => m.get(key)?,
            Value::Array(a) => a.get(key.parse::<usize>().ok().filter(|_| key.bytes().all(|b| b.is_ascii_digit()))?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// `Logic::apply_at` on the 300 conditions of the benchmark form, the submission's values read
/// at each rule's paths, some of them absent or null: the same results as `apply`.
#[test]
fn apply_at_is_apply_on_the_bench_rules() {
    let doc: Value = serde_json::from_str(include_str!("../../benches/peers/forms_bench.json")).unwrap();
    let mut data = json!({ "data": doc["submission"].clone() });
    let submission = data["data"].as_object_mut().unwrap();
    for (i, v) in submission.values_mut().enumerate() {
        if i % 7 == 3 {
            *v = Value::Null;
        }
    }
    submission.retain(|k, _| !k.ends_with('5'));
    let mut checked = 0;
    for rule in doc["plainConditions"].as_array().unwrap() {
        let logic = Logic::compile(rule).unwrap();
        let Some(paths) = logic.data_paths() else { continue };
        let values: Vec<Option<Value>> = paths.iter().map(|p| value_at(&data, p).cloned()).collect();
        assert!(same(&logic.apply_at(&values).unwrap(), &logic.apply(&data)), "{rule}");
        checked += 1;
    }
    assert!(checked >= 250, "{checked}");
}

#[test]
fn reduce_reads_current_and_accumulator_as_json_logic_js() {
    // Results of json-logic-js 2.0.x (the accumulator is moved from step to step, never copied:
    // see forms_hostile.rs).
    for (rule, expected) in [
        (json!({"reduce": [[1, 2], {"merge": [{"var": "accumulator"}, {"var": "current"}]}, null]}), json!([null, 1, 2])),
        (json!({"reduce": [[1, [2]], {"merge": [{"var": "accumulator"}, [{"var": "current"}], 3]}, []]}), json!([1, 3, [2], 3])),
        (json!({"reduce": [[1, 2], {"cat": [{"var": "accumulator"}, {"var": "current"}]}, 5]}), json!("512")),
        (json!({"reduce": [["a", null], {"cat": [{"var": "accumulator"}, {"var": "current"}]}, null]}), json!("a")),
        (json!({"reduce": [[1, 2], {"var": "accumulator"}, [7]]}), json!([7])),
        (json!({"reduce": [[1, 2], {"var": ""}, 0]}), json!({"current": 2, "accumulator": {"current": 1, "accumulator": 0}})),
        (json!({"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "current.a"}]}, 0]}), json!(3)),
        (json!({"reduce": [[1, 2], {"var": "missing"}, 0]}), json!(null)),
    ] {
        assert_eq!(apply_logic(&rule, &json!({"xs": [{"a": 1}, {"a": 2}]})).unwrap(), expected, "{rule}");
    }
}
