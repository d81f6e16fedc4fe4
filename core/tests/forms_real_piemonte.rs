//! Issue 16: the Piemonte forms of the real-world corpus (`../shared/forms-real/`: 34 of SCRIVA,
//! 1 of MUDE; not part of the project). Every form loads, with what a host gives for the
//! JavaScript that reads what Form.io's server does not have (`FormOptions::overrides`, written
//! with the reason of each in `tests/data/piemonte-overrides.json`), and evaluates an empty
//! submission; or is one of `STILL_REFUSED`, refused with the code and the component path listed
//! there (docs/forms.md says why). A form that starts loading fails the test until it is taken
//! off the list, so the list only shrinks. Skipped with a message when the corpus is absent.
use std::path::Path;

mod common;

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use sportello::forms::{EvalContext, Form, FormOptions};
use sportello::Coded;

/// (file, error code, component path of the refusal).
const STILL_REFUSED: [(&str, &str, &str); 0] = [];

const OVERRIDES: &str = include_str!("data/piemonte-overrides.json");

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_piemonte_form_loads_or_is_refused_as_listed() {
    let Some(files) = common::forms_corpus() else { return };
    let spec: Value = serde_json::from_str(OVERRIDES).unwrap();
    let (mut loaded, mut refused, mut overridden) = (Vec::new(), Vec::new(), 0);
    for path in files.iter() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("scriva-") || name.starts_with("mude-")) {
            continue;
        }
        let listed = STILL_REFUSED.iter().find(|(f, _, _)| *f == name);
        let mut overrides: BTreeMap<String, Map<String, Value>> =
            serde_json::from_value(spec["overrides"].get(&name).cloned().unwrap_or(Value::Null)).unwrap_or_default();
        for props in overrides.values_mut() {
            assert!(props.remove("why").and_then(|w| w.as_str().map(str::len)).is_some_and(|n| n > 40), "{name}: every override says why");
        }
        overridden += usize::from(!overrides.is_empty());
        let options = FormOptions { overrides, ..FormOptions::default() };
        match (Form::from_formio_with(&read(path), &options), listed) {
            (Ok(form), None) => {
                let r = form.evaluate(&Value::Object(Map::new()), &EvalContext::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!r.visible.is_empty() || form.component_count() == 0, "{name}: nothing visible");
                loaded.push(name);
            }
            (Ok(_), Some(_)) => panic!("{name} now loads: take it off STILL_REFUSED"),
            (Err(e), None) => panic!("{name}: {e}"),
            (Err(e), Some((_, code, at))) => {
                let json = serde_json::to_value(&e).unwrap();
                assert_eq!(e.code(), *code, "{name}: {e}");
                let path = json.get("path").and_then(Value::as_str).unwrap_or("");
                assert_eq!(path, *at, "{name}: {e}");
                refused.push(name);
            }
        }
    }
    assert_eq!(loaded.len() + refused.len(), 35, "the corpus holds 34 SCRIVA forms and 1 of MUDE: {loaded:?} {refused:?}");
    println!("{} of 35 Piemonte forms load, {overridden} of them with overrides", loaded.len());
    assert_eq!(refused.len(), STILL_REFUSED.len(), "{refused:?}");
}
