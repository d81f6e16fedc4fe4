//! Invariants of form evaluation (issue 4):
//! - evaluation (and loading) never panics on arbitrary JSON;
//! - hidden fields never produce errors;
//! - the cleaned submission never contains values of conditionally hidden fields with clearOnHide;
//! - evaluating a borrowed submission and one taken by value give the same result;
//! - a `FormSession`'s update (or removal) is the evaluation of the merged submission, change after change,
//!   and its unbuilt cleaned submission (`update_view`) writes what the built one would;
//! - translating JavaScript never panics, and what it translates to always compiles.
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Map, Value};
use sportello::forms::{apply_logic, translate_js, EvalContext, Form, FormOptions, FormSession, Logic};
use sportello::Coded;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/forms/");
const FILES: [&str; 4] = ["delega.json", "passo-carrabile.json", "ztl.json", "accesso-atti.json"];

fn forms() -> Vec<(Form, Value)> {
    FILES
        .iter()
        .map(|f| {
            let rf: Value = serde_json::from_str(&std::fs::read_to_string(format!("{DIR}{f}")).unwrap()).unwrap();
            let opts: FormOptions = serde_json::from_value(rf["options"].clone()).unwrap();
            (Form::from_formio_with(&rf["form"], &opts).unwrap(), rf)
        })
        .collect()
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-zA-Z0-9 ./:-]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "delegato",
            "perSe",
            "privato",
            "impresa",
            "condominio",
            "conOpere",
            "temporaneo",
            "residente",
            "disabile",
            "commerciale",
            "documentale",
            "civicoGeneralizzato",
            "copiaConforme",
            "pec",
            "posta",
            "legaleRappresentante",
            "2026-05-01",
            "2031-01-01T00:00:00+01:00",
            "RSSMRA80A01H501U",
            "00743110157",
            "IT60X0542811101000000123456",
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,10}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A submission using the form's own top-level keys (so conditions actually fire) plus noise.
fn arb_submission(keys: Vec<String>) -> impl Strategy<Value = Value> {
    let n = keys.len();
    (prop::collection::vec(prop::option::of(arb_json()), n), prop::collection::btree_map("[a-z]{1,6}", arb_json(), 0..2)).prop_map(
        move |(vals, extra)| {
            let mut m = Map::new();
            for (k, v) in keys.iter().zip(vals) {
                if let Some(v) = v {
                    m.insert(k.clone(), v);
                }
            }
            for (k, v) in extra {
                m.entry(k).or_insert(v);
            }
            Value::Object(m)
        },
    )
}

/// A submission of the form's own top-level keys ([`arb_submission`]) drawn from `seed`.
fn seeded_submission(form: &Form, seed: u64) -> Value {
    let keys: Vec<String> = form.info().components.iter().filter(|c| c.input && !c.path.contains('.')).map(|c| c.key.clone()).collect();
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(
        ProptestConfig::default(),
        proptest::test_runner::TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &seed.to_le_bytes().repeat(4)),
    );
    arb_submission(keys).new_tree(&mut runner).unwrap().current()
}

fn strip_indices(p: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for c in p.chars() {
        match c {
            '[' => skip = true,
            ']' => skip = false,
            _ if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

fn lookup<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = data;
    for part in path.split('.') {
        let (key, idx) = match part.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        cur = cur.get(key)?;
        if let Some(i) = idx {
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}

fn check_invariants(form: &Form, data: &Value) -> Result<(), TestCaseError> {
    let ctx = EvalContext { today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15), ..Default::default() };
    let borrowed = form.evaluate(data, &ctx);
    let owned = form.evaluate_value(data.clone(), &ctx);
    prop_assert_eq!(&borrowed, &owned, "borrowed and owned evaluations differ on {}", data);
    let Ok(r) = borrowed else { return Ok(()) };
    let info = form.info();
    for e in &r.errors {
        for h in &r.hidden {
            let inside = e.path == h || e.path.starts_with(&format!("{h}.")) || e.path.starts_with(&format!("{h}["));
            prop_assert!(!inside, "error {:?} on hidden {h}", e);
        }
    }
    for h in &r.hidden {
        let Some(c) = info.components.iter().find(|c| c.path == strip_indices(h)) else { continue };
        if c.input && c.clear_on_hide && !c.hidden {
            prop_assert!(lookup(&r.data, h).is_none(), "hidden {h} still in {}", r.data);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_keeps_the_invariants(which in 0usize..4, seed in any::<u64>()) {
        let all = forms();
        let (form, _) = &all[which];
        check_invariants(form, &seeded_submission(form, seed))?;
    }

    #[test]
    fn session_updates_are_evaluations_of_the_merged_submission(which in 0usize..4, seed in any::<u64>(), picks in prop::collection::vec((0usize..5, any::<u16>(), 0u8..4), 1..8)) {
        let all = forms();
        let (form, rf) = &all[which];
        let start = seeded_submission(form, seed);
        let ctx = EvalContext { today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15), ..EvalContext::default() };
        let mut session = FormSession::new(start.clone()).unwrap();
        let mut merged = start.as_object().cloned().unwrap();
        let subs = rf["submissions"].as_array().unwrap();
        for (i, k, how) in picks {
            // One key of a reference submission (so conditions fire): its value, noise, or removed.
            let from = subs[i % subs.len()]["data"].as_object().unwrap();
            let Some((key, value)) = from.iter().nth(usize::from(k) % from.len().max(1)) else { continue };
            let got = if how == 0 {
                merged.remove(key);
                session.remove(form, std::slice::from_ref(key), &ctx).unwrap()
            } else {
                let value = if how == 1 { Value::String(format!("{k}")) } else { value.clone() };
                merged.insert(key.clone(), value.clone());
                let changes = serde_json::json!({ key.clone(): value });
                if k % 2 == 0 {
                    session.update(form, changes, &ctx).unwrap()
                } else {
                    // The unbuilt cleaned submission writes what the built one would.
                    let (mut e, cleaned) = session.update_view(form, changes, &ctx).unwrap();
                    let text = serde_json::to_string(&cleaned).unwrap();
                    e.data = cleaned.into_value();
                    prop_assert_eq!(text, serde_json::to_string(&e.data).unwrap());
                    e
                }
            };
            prop_assert_eq!(&got, &form.evaluate(&Value::Object(merged.clone()), &ctx).unwrap());
            prop_assert_eq!(session.data(), &Value::Object(merged.clone()));
        }
    }

    #[test]
    fn evaluation_never_panics_on_arbitrary_json(data in arb_json()) {
        for (form, _) in forms() {
            let a = form.evaluate(&data, &EvalContext::default());
            prop_assert_eq!(a, form.evaluate_value(data.clone(), &EvalContext::default()));
        }
    }

    #[test]
    fn loading_never_panics_on_arbitrary_json(form in arb_json()) {
        let _ = Form::from_formio(&form);
        let _ = Form::from_formio(&serde_json::json!({"components": [form]}));
    }

    #[test]
    fn translated_javascript_always_compiles(toks in prop::collection::vec(prop::sample::select(vec![
        "data.a", "row.b", "data['c']", "data.d[0]", "input", "1", "'s'", "true", "null", "!", "-", "+", "*", "/", "%", "||", "&&",
        "===", "!=", "<", ">=", "?", ":", "(", ")", ",", ".length", ".trim()", ".includes(", "_.get(", "_.isEmpty(", ";", "=",
        "instance", "x", "((", "))", "`", "'",
    ]), 0..60)) {
        let src = format!("show = {}", toks.join(" "));
        match translate_js(&src, "show") {
            Ok(rule) => {
                let logic = Logic::compile(&rule);
                prop_assert!(logic.is_ok(), "{} -> {} -> {:?}", src, rule, logic);
            }
            Err(e) => prop_assert!(e.code().starts_with("forms."), "{}", e.code()),
        }
    }

    #[test]
    fn apply_logic_never_panics(rule in arb_json(), data in arb_json()) {
        let _ = apply_logic(&rule, &data);
    }

    #[test]
    fn reference_submissions_mutated_keep_the_invariants(which in 0usize..4, i in 0usize..5, drop_key in "[a-zA-Z]{1,12}", v in arb_json()) {
        let all = forms();
        let (form, rf) = &all[which];
        let subs = rf["submissions"].as_array().unwrap();
        let mut data = subs[i % subs.len()]["data"].clone();
        let obj = data.as_object_mut().unwrap();
        let key = obj.keys().nth(drop_key.len() % obj.len().max(1)).cloned();
        if let Some(k) = key {
            obj.insert(k, v);
        }
        check_invariants(form, &data)?;
    }
}
