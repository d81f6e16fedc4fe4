//! Benchmarks of `forms` (criterion). Run: `cargo bench -p sportello-benches --bench forms`.
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(_c: &mut Criterion) {}

criterion_group!(benches, bench);
criterion_main!(benches);
