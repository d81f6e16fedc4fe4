//! `Form::evaluate_value` on the benchmark form, N times, for an instruction count under
//! callgrind (steady whatever the host does, unlike times): see benches/forms-callgrind.sh.
use serde_json::Value;
use sportello::forms::{EvalContext, Evaluation, Form};

const BENCH: &str = include_str!("../peers/forms_bench.json");

/// The measured function (callgrind's `--toggle-collect` names it): the copies of the
/// submission are made before it, the results dropped after it.
#[inline(never)]
fn run(form: &Form, datas: Vec<Value>, ctx: &EvalContext) -> Vec<Evaluation> {
    datas.into_iter().map(|d| form.evaluate_value(d, ctx).expect("evaluates")).collect()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(50);
    let doc: Value = serde_json::from_str(BENCH).expect("bench fixture");
    let form = Form::from_formio(&doc["form"]).expect("bench form loads");
    let ctx = EvalContext::default();
    let datas: Vec<Value> = (0..n).map(|_| doc["submission"].clone()).collect();
    let results = run(&form, datas, &ctx);
    eprintln!("{} evaluations, {} errors in the first", results.len(), results.first().map_or(0, |r| r.errors.len()));
}
