//! Official JSON Logic suite (275 cases) through three engines: pass count, and mean time per
//! case (a) compiling/parsing the rule every call and (b) with the rule compiled once.
use std::time::Instant;

use serde_json::Value;

const SUITE: &str = include_str!("../../../../tests/cases/forms/jsonlogic-official-tests.json");

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

fn per_case(label: &str, n: usize, rounds: usize, mut f: impl FnMut()) {
    f();
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t = Instant::now();
        for _ in 0..rounds {
            f();
        }
        best = best.min(t.elapsed().as_secs_f64() / (rounds * n) as f64);
    }
    println!("  {label}: {:.0} ns per case (best of 5)", best * 1e9);
}

fn main() {
    let suite: Vec<Value> = serde_json::from_str(SUITE).expect("suite");
    let cases: Vec<(Value, Value, Value)> = suite
        .iter()
        .filter_map(|c| match c.as_array()?.as_slice() {
            [r, d, e] => Some((r.clone(), d.clone(), e.clone())),
            _ => None,
        })
        .collect();
    let n = cases.len();
    println!("official suite: {n} cases");

    // sportello
    let ok = cases.iter().filter(|(r, d, e)| sportello::forms::apply_logic(r, d).is_ok_and(|v| same(&v, e))).count();
    println!("sportello (in-house): {ok}/{n}");
    per_case("compile + apply each call", n, 200, || {
        for (r, d, _) in &cases {
            std::hint::black_box(sportello::forms::apply_logic(r, d).ok());
        }
    });
    let compiled: Vec<_> = cases.iter().map(|(r, d, _)| (sportello::forms::Logic::compile(r).expect("compiles"), d)).collect();
    per_case("compiled once, apply", n, 500, || {
        for (l, d) in &compiled {
            std::hint::black_box(l.apply(d));
        }
    });

    // datalogic-rs 5.4.0
    let engine = datalogic_rs::Engine::new();
    let ok = cases
        .iter()
        .filter(|(r, d, e)| {
            engine
                .eval_str(&r.to_string(), &d.to_string())
                .ok()
                .and_then(|s| serde_json::from_str::<Value>(&s).ok())
                .is_some_and(|v| same(&v, e))
        })
        .count();
    println!("datalogic-rs 5.4.0: {ok}/{n}");
    let strs: Vec<(String, String)> = cases.iter().map(|(r, d, _)| (r.to_string(), d.to_string())).collect();
    per_case("eval_str (parse rule + data each call)", n, 200, || {
        for (r, d) in &strs {
            std::hint::black_box(engine.eval_str(r, d).ok());
        }
    });
    let dl: Vec<_> = cases.iter().filter_map(|(r, d, _)| Some((engine.compile(&r.to_string()).ok()?, d))).collect();
    let mut session = engine.session();
    per_case("compiled once, session eval of a serde_json::Value", n, 500, || {
        for (l, d) in &dl {
            std::hint::black_box(session.eval_borrowed(l, *d).is_ok());
            session.reset();
        }
    });

    // jsonlogic-rs 0.5.0
    let ok = cases.iter().filter(|(r, d, e)| jsonlogic_rs::apply(r, d).is_ok_and(|v| same(&v, e))).count();
    println!("jsonlogic-rs 0.5.0: {ok}/{n}");
    per_case("apply (parses each call; no compiled form)", n, 200, || {
        for (r, d, _) in &cases {
            std::hint::black_box(jsonlogic_rs::apply(r, d).ok());
        }
    });
}
