//! Benchmarks of `forms` (criterion). Run: `cargo bench -p sportello-benches --bench forms`.
//!
//! - `evaluate_1000_components_300_conditions`: a compiled 1,000-component form with 300
//!   conditions in the four syntaxes (benches/peers/forms_bench.json) evaluated on a full
//!   submission: visibility, clearing, validation; target <= 100 µs.
//! - `load_1000_components`: compiling the same form (done once per form).
//! - `jsonlogic_300_conditions_compiled`: the 300 conditions as plain JSON Logic, compiled once,
//!   applied to the submission (compare with json-logic-js: benches/peers/forms_jsonlogic.mjs).
//! - `apply_logic_parse_each_time`: the same with compile + apply per call.
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use sportello::forms::{apply_logic, EvalContext, Form, Logic};

const BENCH: &str = include_str!("../peers/forms_bench.json");

fn bench(c: &mut Criterion) {
    let doc: Value = serde_json::from_str(BENCH).expect("bench fixture");
    let form = Form::from_formio(&doc["form"]).expect("bench form loads");
    assert_eq!(form.component_count(), 1000);
    assert_eq!(form.condition_count(), 300);
    let data = &doc["submission"];
    let ctx = EvalContext::default();
    let r = form.evaluate(data, &ctx).expect("evaluates");
    eprintln!("bench form: {} visible, {} hidden, {} errors", r.visible.len(), r.hidden.len(), r.errors.len());

    c.bench_function("forms/evaluate_1000_components_300_conditions", |b| {
        b.iter(|| form.evaluate(std::hint::black_box(data), &ctx).expect("evaluates"))
    });
    c.bench_function("forms/load_1000_components", |b| b.iter(|| Form::from_formio(std::hint::black_box(&doc["form"])).expect("loads")));

    let rules: Vec<Logic> = doc["plainConditions"].as_array().expect("rules").iter().map(|r| Logic::compile(r).expect("rule")).collect();
    let scope = json!({ "data": data });
    c.bench_function("forms/jsonlogic_300_conditions_compiled", |b| {
        b.iter(|| rules.iter().filter(|r| r.truthy(std::hint::black_box(&scope))).count())
    });
    let raw = doc["plainConditions"].as_array().expect("rules").clone();
    c.bench_function("forms/apply_logic_300_conditions_parse_each_time", |b| {
        b.iter(|| raw.iter().filter(|r| apply_logic(r, std::hint::black_box(&scope)).map(|v| sportello::forms::truthy(&v)).unwrap_or(false)).count())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
