//! Benchmarks of `practice` (criterion). Run: `cargo bench -p sportello-benches --bench practice`.
//!
//! - `apply/seed3`: a new practice through the six events of seed 3 (per practice);
//! - `audit_many/100k`: 100 000 recorded histories of 8 steps (9 in 10 clean), one configuration;
//! - `auditor_new`: compiling a configuration's graph for auditing;
//! - `json/round_trip`: `to_json` + `from_json` (replay) of the seed 3 practice.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sportello::practice::*;
use std::hint::black_box;

fn config() -> ServiceConfig {
    serde_json::from_str(r#"{"protocolRequired": true, "allowIntegrationRequests": true, "allowWithdrawal": true, "responseDays": 30}"#).unwrap()
}

/// `n` histories of 8 rows (unix seconds), one in ten with an illegal step.
pub fn histories(n: usize) -> Vec<Vec<(u32, i64)>> {
    let clean = [1000, 1900, 2000, 3000, 4000, 4100, 4200, 4300];
    let clean2 = [1000, 1900, 2000, 3000, 4000, 4000, 6000, 7000];
    let bad = [1000, 1900, 2000, 4000, 4100, 4200, 4300, 4400];
    (0..n)
        .map(|i| {
            let base = 1_740_000_000 + i as i64 * 60;
            let codes: &[u32] = match i % 10 {
                0 => &bad,
                1 | 3 | 5 => &clean2,
                _ => &clean,
            };
            codes.iter().enumerate().map(|(k, &c)| (c, base + k as i64 * 3600)).collect()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let config = config();
    // Instants from unix seconds through the Step JSON shape (this crate does not depend on chrono).
    let at = |secs: i64| serde_json::from_value::<Step>(serde_json::json!([1000, secs])).unwrap().at;
    let t: Vec<_> = (0..10).map(|m| at(1_740_038_400 + 60 * m)).collect();
    let seed3 = |config: &ServiceConfig| {
        let mut p = Practice::new("P-1", "RSSMRA80A01H501U", config.clone(), t[0]);
        let cit = Actor::citizen("RSSMRA80A01H501U");
        let op = Actor::operator("op-1");
        p.apply(Event::Submit { amount: None }, cit, t[1], None).unwrap();
        p.apply(Event::Acquire, Actor::system(), t[2], None).unwrap();
        p.apply(Event::register("2025/1"), Actor::protocol(), t[3], None).unwrap();
        p.apply(Event::Assign { operator: None, office: None }, op.clone(), t[4], None).unwrap();
        p.apply(Event::Accept(Approval::default()), op, t[5], None).unwrap();
        p.apply(Event::RegisterOutcome { protocol_number: None, document_id: None, registered_at: None }, Actor::protocol(), t[6], None)
            .unwrap();
        p
    };
    c.bench_function("practice/apply/seed3 (6 events)", |b| b.iter(|| black_box(seed3(black_box(&config)))));
    let mut reopen = config.clone();
    reopen.allow_reopening = true;
    c.bench_function("practice/apply/one (reassign)", |b| {
        let mut p = seed3(&reopen);
        p.apply(Event::Reopen, Actor::operator("op-2"), t[7], None).unwrap();
        // A fresh copy per call (setup not timed), so the log does not grow without bound.
        b.iter_batched(
            || p.clone(),
            |mut q| {
                q.apply(Event::Assign { operator: Some("op-1".into()), office: None }, Actor::operator("op-3"), t[8], None).unwrap();
                q
            },
            criterion::BatchSize::SmallInput,
        )
    });

    let hs = histories(100_000);
    let auditor = Auditor::new(&config);
    let mut g = c.benchmark_group("practice/audit_many");
    g.throughput(Throughput::Elements(hs.len() as u64));
    g.sample_size(20);
    g.bench_function("100k histories x 8 steps", |b| {
        b.iter(|| {
            let mut batch = BatchAudit::new();
            for h in &hs {
                batch.push(auditor.audit_iter(h.iter().copied()));
            }
            assert_eq!(batch.failing.len(), 10_000);
            black_box(batch)
        })
    });
    g.finish();
    c.bench_function("practice/auditor_new", |b| b.iter(|| black_box(Auditor::new(black_box(&config)))));
    let p = seed3(&config);
    c.bench_function("practice/json/round_trip", |b| b.iter(|| black_box(Practice::from_json(&p.to_json()).unwrap())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
