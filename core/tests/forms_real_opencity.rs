//! Issue 16: every OpenCity form of the real-world corpus (`../shared/forms-real/opencity-*.json`,
//! the reference platform's own forms; not part of the project) loads, its nested base forms
//! resolved by `_id` from the same folder (`FormOptions::forms`, as Form.io's `?full=true` does) and
//! the JavaScript the library refuses replaced by what a host gives (`FormOptions::overrides`,
//! written with the reason of each in `tests/data/opencity-overrides.json`). Each loaded form then
//! evaluates an empty submission. Skipped with a message when the corpus is absent.
use std::collections::BTreeMap;
use std::path::Path;

mod common;

use serde_json::{Map, Value};
use sportello::forms::{EvalContext, Form, FormOptions};

const OVERRIDES: &str = include_str!("data/opencity-overrides.json");

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_opencity_form_loads_with_its_nested_forms_and_the_hosts_overrides() {
    let Some(files) = common::forms_corpus() else { return };
    // The forms a nested form may name by id: every form of the folder with an `_id`.
    let mut by_id = BTreeMap::new();
    for path in &files {
        let form = read(path);
        if let Some(id) = form.get("_id").and_then(Value::as_str) {
            by_id.insert(id.to_string(), form.clone());
        }
    }
    let spec: Value = serde_json::from_str(OVERRIDES).unwrap();
    let aliases: BTreeMap<String, String> = serde_json::from_value(spec["typeAliases"].clone()).unwrap();
    let mut loaded = Vec::new();
    for path in files.iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("opencity-"))) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut overrides: BTreeMap<String, Map<String, Value>> =
            serde_json::from_value(spec["overrides"].get(&name).cloned().unwrap_or(Value::Null)).unwrap_or_default();
        for props in overrides.values_mut() {
            props.remove("why");
        }
        let options = FormOptions { type_aliases: aliases.clone(), forms: by_id.clone(), overrides, ..FormOptions::default() };
        let form = Form::from_formio_with(&read(path), &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        let r = form.evaluate(&Value::Object(Map::new()), &EvalContext::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!r.visible.is_empty() || form.component_count() == 0, "{name}: nothing visible");
        loaded.push(name);
    }
    assert_eq!(loaded.len(), 12, "the corpus holds 12 OpenCity forms: {loaded:?}");
}
