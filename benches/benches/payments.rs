//! Benchmarks of `payments` (criterion). Run: `cargo bench -p sportello-benches --bench payments`.
//!
//! The target of the issue is notice validation >= 50 million/s in core: see `notice_is_valid/batch_1m`
//! (throughput in elements/s) and the single-call figure.
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sportello::payments::{self as p, Amount, BudgetEntry, Notice, NoticeSpec, PagopaCheck};
use sportello_benches::cpu_time;

/// 1 million valid and invalid notices (every 10th one has a wrong check digit), deterministic.
fn notices(n: usize) -> Vec<String> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let base = format!("{:013}", x % 10_000_000_000_000);
            let spec = NoticeSpec { aux_digit: 3, application_code: None, segregation_code: Some(format!("{:02}", i % 46)), iuv_base: base };
            let mut s = Notice::build(&spec).map(|n| n.number).unwrap_or_default();
            if i % 10 == 9 {
                s.replace_range(17..18, if s.ends_with('0') { "1" } else { "0" });
            }
            s
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let batch = notices(1_000_000);
    let mut g = c.benchmark_group("notice_is_valid");
    g.throughput(Throughput::Elements(1));
    g.bench_function("single", |b| b.iter(|| p::notice_is_valid(black_box("301000000000000144"))));
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.sample_size(20);
    g.bench_function("batch_1m", |b| b.iter(|| black_box(&batch).iter().filter(|s| p::notice_is_valid(s)).count()));
    g.bench_function("is_valid_many_1m", |b| b.iter(|| p::notice_is_valid_many(black_box(&batch))));
    // The same batch timed in on-CPU time (robust when other jobs share the cores).
    g.bench_function("batch_1m_cpu_time", |b| {
        b.iter_custom(|iters| {
            cpu_time(iters, || {
                black_box(black_box(&batch).iter().filter(|s| p::notice_is_valid(s)).count());
            })
        })
    });
    g.finish();

    let mut g = c.benchmark_group("payments");
    g.bench_function("notice_parse", |b| b.iter(|| Notice::parse(black_box("301000000000000144"), PagopaCheck::Strict)));
    g.bench_function("notice_build_aux3", |b| b.iter(|| Notice::build_aux3(black_box("01"), black_box("0000000000001"))));
    g.bench_function("rf_is_valid", |b| b.iter(|| p::rf_is_valid(black_box("RF18539007547034"))));
    g.bench_function("rf_build", |b| b.iter(|| p::rf_build(black_box("539007547034"))));
    g.bench_function("parse_qr_payload", |b| {
        b.iter(|| p::parse_qr_payload(black_box("PAGOPA|002|301000000000000144|83000390019|1600"), PagopaCheck::StructureOnly))
    });
    g.bench_function("parse_amount", |b| b.iter(|| Amount::parse(black_box("1234,56"))));
    let entries: Vec<BudgetEntry> = (0..5)
        .map(|i| BudgetEntry {
            id: format!("{}", i + 1),
            chapter: format!("C{i}"),
            office: Some("UFF".into()),
            assessment: None,
            amount: Amount::from_cents(1000 + i).unwrap_or_default(),
        })
        .collect();
    let total = Amount::from_cents(5010).unwrap_or_default();
    g.bench_function("check_split_5", |b| b.iter(|| p::check_split(black_box(total), black_box(&entries))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
