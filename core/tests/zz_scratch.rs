use serde_json::Value;
use sportello::forms::*;
#[test]
fn timing() {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/peers/forms_bench.json")).unwrap()).unwrap();
    let form = Form::from_formio(&doc["form"]).unwrap();
    let data = &doc["submission"];
    let ctx = EvalContext::default();
    let n: u32 = std::env::var("N").map(|s| s.parse().unwrap()).unwrap_or(0);
    let t0 = cpu();
    for _ in 0..n { form.evaluate(data, &ctx).unwrap(); }
    if n > 0 { println!("eval cpu {:?}", (cpu() - t0) / n); }
}
fn cpu() -> std::time::Duration {
    let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    std::time::Duration::from_millis(ticks * 10)
}
#[test]
fn calib() {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/peers/forms_bench.json")).unwrap()).unwrap();
    let form = Form::from_formio(&doc["form"]).unwrap();
    println!("single pass {}", form.info().single_pass);
    let data = &doc["submission"];
    let keys: Vec<String> = data.as_object().unwrap().keys().cloned().collect();
    let n = 2000u32;
    let t0 = cpu();
    let mut s = 0;
    for _ in 0..n { for k in &keys { if data.get(k).is_some() { s += 1; } } }
    println!("1000 lookups cpu {:?} {s}", (cpu() - t0) / n);
    let t0 = cpu();
    for _ in 0..n { std::hint::black_box(data.clone()); }
    println!("clone cpu {:?}", (cpu() - t0) / n);
}
