//! Benchmarks of `cf` (criterion). Run: `cargo bench -p sportello-benches --bench cf`.
//!
//! Targets (issue 2): validate at least 30 million codes/s on one core, decode with birthplace at
//! least 5 million/s. Throughput is reported in elements/s over a batch of 1,000 mixed codes
//! (valid, omocode, lower case, invalid at every level).
//!
//! Time is the benchmark thread's **CPU time** (`/proc/thread-self/schedstat`, nanoseconds), so
//! the figures mean "on one core" even on a machine shared with other work; where that file is
//! missing (not Linux) it falls back to wall time. On an idle machine the two agree. The kernel
//! updates that counter at scheduler ticks, so samples are long (flat sampling, 10 samples of
//! about a second each): the tick error stays under 1%.
use std::hint::black_box;
use std::time::Instant;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sportello::cf::{self, piva, places, Person, Sex};

/// Nanoseconds of CPU time of the current thread (wall time since first call as a fallback).
fn thread_cpu_ns() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| START.get_or_init(Instant::now).elapsed().as_nanos() as u64)
}

struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, i: u64) -> u64 {
        thread_cpu_ns().saturating_sub(i)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, ns: f64, values: &mut [f64]) -> &'static str {
        let (f, unit) = match ns {
            x if x < 1e3 => (1.0, "ns (cpu)"),
            x if x < 1e6 => (1e-3, "µs (cpu)"),
            x if x < 1e9 => (1e-6, "ms (cpu)"),
            _ => (1e-9, "s (cpu)"),
        };
        values.iter_mut().for_each(|v| *v *= f);
        unit
    }
    fn scale_throughputs(&self, typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let n = match *t {
            Throughput::Elements(n) | Throughput::ElementsAndBytes { elements: n, .. } => n as f64,
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) | Throughput::Bits(n) => n as f64,
        };
        let (d, unit) = match n * 1e9 / typical {
            x if x < 1e3 => (1.0, "elem/s"),
            x if x < 1e6 => (1e3, "Kelem/s"),
            _ => (1e6, "Melem/s"),
        };
        values.iter_mut().for_each(|v| *v = n * 1e9 / *v / d);
        unit
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn batch() -> Vec<String> {
    let people = [
        ("Rossi", "Mario", Sex::M, "1980-01-01", "H501"),
        ("Bianchi", "Anna Maria", Sex::F, "1975-12-31", "F205"),
        ("Caccamo", "Fabio", Sex::M, "1983-05-03", "L219"),
        ("Öz", "Li", Sex::F, "2001-02-28", "Z112"),
        ("Esposito", "Giuseppe", Sex::M, "1962-07-14", "F839"),
        ("Ferrari", "Giulia", Sex::F, "1999-10-05", "A944"),
        ("Russo", "Francesco", Sex::M, "1948-03-22", "G273"),
        ("Colombo", "Chiara", Sex::F, "2010-06-30", "L736"),
    ];
    let mut valid = Vec::new();
    for (s, n, sex, date, p) in people {
        let person = Person {
            surname: s.into(),
            name: n.into(),
            sex,
            birth_date: date.parse().unwrap(),
            birthplace: p.into(),
            province: None,
        };
        let code = cf::encode(&person).unwrap();
        valid.extend(cf::omocodes(&code).unwrap().into_iter().step_by(37));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < 1000 {
        let v = &valid[i % valid.len()];
        out.push(match i % 10 {
            7 => v.to_lowercase(),
            8 => format!("{}A", &v[..15]), // check character
            9 => v[..14].to_string(),       // format
            _ => v.clone(),
        });
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion<CpuTime>) {
    let codes = batch();
    let valid: Vec<&String> = codes.iter().filter(|c| cf::is_valid(c)).collect();
    // (The benches crate has no chrono dependency: dates come through parse() and inference.)
    let today = "2026-11-23".parse().unwrap();
    let born = "1980-01-01".parse().unwrap();

    let mut g = c.benchmark_group("cf");
    g.sampling_mode(criterion::SamplingMode::Flat);
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.bench_function("is_valid x1000 (mixed)", |b| {
        b.iter(|| codes.iter().filter(|c| cf::is_valid(black_box(c))).count())
    });
    g.bench_function("is_valid_many x1000 (mixed)", |b| b.iter(|| cf::is_valid_many(black_box(&codes))));
    g.throughput(Throughput::Elements(valid.len() as u64));
    g.bench_function("decode x valid (with birthplace)", |b| {
        b.iter(|| valid.iter().filter_map(|c| cf::decode(black_box(c), today).ok()).count())
    });
    g.bench_function("validate x valid (returns String)", |b| {
        b.iter(|| valid.iter().filter_map(|c| cf::validate(black_box(c)).ok()).count())
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("encode (place by code)", |b| {
        let p = Person {
            surname: "Rossi".into(),
            name: "Mario".into(),
            sex: Sex::M,
            birth_date: born,
            birthplace: "H501".into(),
            province: None,
        };
        b.iter(|| cf::encode(black_box(&p)))
    });
    g.bench_function("encode (place by name)", |b| {
        let p = Person {
            surname: "Rossi".into(),
            name: "Mario".into(),
            sex: Sex::M,
            birth_date: born,
            birthplace: "Roma".into(),
            province: None,
        };
        b.iter(|| cf::encode(black_box(&p)))
    });
    g.bench_function("omocodes (128)", |b| b.iter(|| cf::omocodes(black_box("RSSMRA85T10A562S"))));
    g.bench_function("places::search", |b| b.iter(|| places::search(black_box("San Giov"), Some(today), 10)));
    g.bench_function("piva::is_valid", |b| b.iter(|| piva::is_valid(black_box("83000390019"))));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .with_measurement(CpuTime)
        .sample_size(10)
        .measurement_time(std::time::Duration::from_secs(10))
        .warm_up_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
