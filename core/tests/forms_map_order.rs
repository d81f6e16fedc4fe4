//! A form evaluation does not depend on the iteration order of `serde_json::Map`: any crate of a
//! user's build may turn on serde_json's `preserve_order` (insertion order). Run both ways:
//! `cargo test -p sportello --test forms_map_order` and the same with `--features preserve_order`
//! (the whole forms suite passes with it too).
use serde_json::{json, Value};
use sportello::forms::Form;

fn form() -> Form {
    Form::from_formio(&json!({"display": "form", "components": [
        {"type": "checkbox", "key": "mostra", "label": "Mostra", "input": true},
        {"type": "textfield", "key": "zeta", "label": "Zeta", "input": true,
         "conditional": {"show": true, "when": "mostra", "eq": "true"}, "clearOnHide": true},
        {"type": "textfield", "key": "alfa", "label": "Alfa", "input": true, "validate": {"required": true}},
        {"type": "number", "key": "doppio", "label": "Doppio", "input": true,
         "calculateValue": {"*": [{"var": "data.numero"}, 2]}},
        {"type": "number", "key": "numero", "label": "Numero", "input": true},
        {"type": "textfield", "key": "nota", "label": "Nota", "input": true, "persistent": false},
        {"type": "container", "key": "box", "label": "Box", "input": true, "components": [
            {"type": "textfield", "key": "y", "label": "Y", "input": true,
             "customConditional": "show = data.mostra === true", "clearOnHide": true},
            {"type": "textfield", "key": "b", "label": "B", "input": true}
        ]}
    ]}))
    .unwrap()
}

/// A submission whose keys are in anything but sorted order (what `preserve_order` keeps).
fn submission(pairs: &[(&str, Value)]) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in pairs {
        m.insert((*k).to_string(), v.clone());
    }
    Value::Object(m)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default()
}

#[test]
fn evaluation_does_not_depend_on_the_map_order() {
    let f = form();
    let data = submission(&[
        ("zeta", json!("nascosto")),
        ("numero", json!(21)),
        ("extra", json!("tenuto")),
        ("box", submission(&[("y", json!("via")), ("b", json!("resta"))])),
        ("nota", json!("non persistente")),
        ("alfa", json!("a")),
        ("mostra", json!(false)),
    ]);
    for r in [f.evaluate(&data, &Default::default()).unwrap(), f.evaluate_value(data.clone(), &Default::default()).unwrap()] {
        let expected = json!({"numero": 21, "extra": "tenuto", "box": {"b": "resta"}, "alfa": "a", "mostra": false, "doppio": 42});
        assert_eq!(r.data, expected);
        assert!(r.valid, "{:?}", r.errors);
        assert!(r.hidden.contains("zeta") && r.hidden.contains("box.y"));
        assert!(r.visible.contains("alfa") && r.visible.contains("numero"));
        // The kept keys keep their order (insertion order with `preserve_order`), new ones last.
        let order = if cfg!(feature = "preserve_order") {
            vec!["numero", "extra", "box", "alfa", "mostra", "doppio"]
        } else {
            vec!["alfa", "box", "doppio", "extra", "mostra", "numero"]
        };
        assert_eq!(keys(&r.data), order);
    }
    // Shown: nothing cleared; a value read through the unsorted map.
    let shown = submission(&[("zeta", json!("z")), ("mostra", json!(true)), ("box", submission(&[("y", json!("y"))]))]);
    let r = f.evaluate(&shown, &Default::default()).unwrap();
    assert_eq!(r.data["zeta"], json!("z"));
    assert_eq!(r.data["box"]["y"], json!("y"));
    assert!(!r.valid && r.errors.iter().any(|e| e.path == "alfa"));
}
