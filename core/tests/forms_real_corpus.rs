//! Loads every Form.io form of the real-world corpus (`../shared/forms-real/`, not part of the
//! project: see its README) with `Form::from_formio` and prints how many load and, for the
//! others, the refusal codes. A measurement, not a gate: run with
//! `cargo test -p sportello --test forms_real_corpus -- --ignored --nocapture`.
//! Skipped with a message when the corpus is absent.
use std::collections::BTreeMap;

mod common;

use serde_json::Value;
use sportello::forms::Form;
use sportello::Coded;

#[test]
#[ignore = "a measurement over ../shared/forms-real; run with --ignored --nocapture"]
fn real_corpus_load_counts() {
    let Some(files) = common::forms_corpus() else { return };
    let (mut loaded, mut refused) = (0, 0);
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let json: Value = match std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str(&t).ok()) {
            Some(v) => v,
            None => {
                println!("unreadable: {name}");
                continue;
            }
        };
        match Form::from_formio(&json) {
            Ok(_) => loaded += 1,
            Err(e) => {
                refused += 1;
                *codes.entry(e.code().to_string()).or_default() += 1;
                println!("refused {name}: {} {e}", e.code());
            }
        }
    }
    println!("loaded {loaded} of {} ({refused} refused)", files.len());
    for (code, n) in &codes {
        println!("  {code}: {n}");
    }
}
