//! Benchmarks of `forms` (criterion, CPU time of the benchmark thread: see `sportello_benches::CpuTime`).
//! Run: `cargo bench -p sportello-benches --bench forms`.
//!
//! The benchmark form (benches/peers/forms_bench.json, made by forms_make_bench.py): 1,000
//! components (50 panels × 19 fields), 300 visibility conditions in the four Form.io syntaxes,
//! evaluated on a full submission: visibility, clearing, validation, the cleaned submission.
//! - `evaluate_value (owned submission)`: `Form::evaluate_value(data)`, the call of a server that
//!   parsed the request and of the bindings (the submission moves into the result); the copy
//!   handed to it is made outside the timing, the result dropped outside it. Target <= 100 µs.
//! - `evaluate (borrowed submission)`: `Form::evaluate(&data)`, which copies the submission into
//!   the result (the result is dropped inside the timing).
//! - `text in, text out`: what a JS package's native side does for `Form.evaluate(object)`:
//!   parse the submission's JSON text, `evaluate_value`, write the result as JSON text; with
//!   `parse submission text` and `write evaluation text` alone, the crossing's share of it.
//! - `load_1000_components`: compiling the same form (done once per form).
//! - `jsonlogic_300_conditions_compiled`: the 300 conditions as plain JSON Logic, compiled once,
//!   applied to `{data}` (compare with json-logic-js: benches/peers/forms_node/bench.mjs).
//! - `apply_logic_300_conditions_parse_each_time`: the same with compile + apply per call.
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use serde_json::{json, Value};
use sportello::forms::{apply_logic, EvalContext, Form, Logic};
use sportello_benches::CpuTime;

const BENCH: &str = include_str!("../peers/forms_bench.json");

fn bench(c: &mut Criterion<CpuTime>) {
    let doc: Value = serde_json::from_str(BENCH).expect("bench fixture");
    let form = Form::from_formio(&doc["form"]).expect("bench form loads");
    assert_eq!(form.component_count(), 1000);
    assert_eq!(form.condition_count(), 300);
    let data = &doc["submission"];
    let ctx = EvalContext::default();
    let r = form.evaluate(data, &ctx).expect("evaluates");
    eprintln!("bench form: {} visible, {} hidden, {} errors", r.visible.len(), r.hidden.len(), r.errors.len());

    let mut g = c.benchmark_group("forms");
    g.sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(6));
    g.bench_function("evaluate_value (owned submission), 1000 components, 300 conditions", |b| {
        b.iter_batched(|| data.clone(), |d| form.evaluate_value(d, &ctx).expect("evaluates"), BatchSize::SmallInput)
    });
    g.bench_function("evaluate (borrowed submission), 1000 components, 300 conditions", |b| {
        b.iter(|| form.evaluate(black_box(data), &ctx).expect("evaluates"))
    });
    let text = serde_json::to_string(data).expect("text");
    g.bench_function("text in, text out, 1000 components, 300 conditions", |b| {
        b.iter(|| {
            let d: Value = sportello::json::from_str(black_box(&text)).expect("parses");
            sportello::error::to_json(&form.evaluate_value(d, &ctx).expect("evaluates"))
        })
    });
    g.bench_function("parse submission text", |b| b.iter(|| sportello::json::from_str::<Value>(black_box(&text)).expect("parses")));
    g.bench_function("parse submission text (serde_json::from_str)", |b| b.iter(|| serde_json::from_str::<Value>(black_box(&text)).expect("parses")));
    g.bench_function("write evaluation text", |b| b.iter(|| sportello::error::to_json(black_box(&r))));
    g.bench_function("load_1000_components", |b| b.iter(|| Form::from_formio(black_box(&doc["form"])).expect("loads")));

    let rules: Vec<Logic> = doc["plainConditions"].as_array().expect("rules").iter().map(|r| Logic::compile(r).expect("rule")).collect();
    let scope = json!({ "data": data });
    g.bench_function("jsonlogic_300_conditions_compiled", |b| b.iter(|| rules.iter().filter(|r| r.truthy(black_box(&scope))).count()));
    let raw = doc["plainConditions"].as_array().expect("rules").clone();
    g.bench_function("apply_logic_300_conditions_parse_each_time", |b| {
        b.iter(|| raw.iter().filter(|r| apply_logic(r, black_box(&scope)).map(|v| sportello::forms::truthy(&v)).unwrap_or(false)).count())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench
}
criterion_main!(benches);
