//! Benchmarks of `cf` (criterion). Run: `cargo bench -p sportello-benches --bench cf`.
//!
//! Targets (issue 2): validate at least 30 million codes/s on one core, decode with birthplace at
//! least 5 million/s. Throughput is reported in elements/s over a batch of 1,000 mixed codes
//! (valid, omocode, lower case, invalid at every level).
//!
//! Time is the benchmark thread's **CPU time** (`sportello_benches::CpuTime`), so the figures mean
//! "on one core" even on a machine shared with other work. The kernel updates that counter at
//! scheduler ticks, so samples are long (flat sampling, 10 samples of about a second each): the
//! tick error stays under 1%.
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sportello::cf::{self, piva, places, Person, Sex};
use sportello_benches::CpuTime;

fn batch() -> Vec<String> {
    let places = [
        "H501", "F205", "L219", "F839", "A944", "G273", "L736", "D969", "C351", "G702", "Z112", "A089", "B250", "E625", "L378", "A355", "Z404",
        "I603", "M376", "C745", "Z600", "B354", "D612", "A662",
    ];
    let surnames = ["Rossi", "Bianchi", "Caccamo", "Öz", "Esposito", "Ferrari", "D'Annunzio", "Colombo", "Li", "Greco"];
    let names = ["Mario", "Anna Maria", "Fabio", "Giulia", "Francesco", "Chiara", "Luca", "Zoë"];
    let mut out = Vec::new();
    for i in 0..1000usize {
        let person = Person {
            surname: surnames[i % surnames.len()].into(),
            name: names[i % names.len()].into(),
            sex: if i % 2 == 0 { Sex::M } else { Sex::F },
            birth_date: format!("{}-{:02}-{:02}", 1930 + i % 90, 1 + i % 12, 1 + i % 28).parse().unwrap(),
            birthplace: places[i % places.len()].into(),
            province: None,
        };
        let code = cf::encode(&person).unwrap();
        out.push(match i % 10 {
            0 => cf::omocodes(&code).unwrap()[1 + i % 127].clone(), // omocodia
            1 => code.to_lowercase(),
            2 => format!("{} {}", &code[..8], &code[8..]),
            3 => format!("{}A", &code[..15]).replace("AA", "AB"), // check character (mostly)
            4 => code[..14].to_string(),                          // format
            _ => code,
        });
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
    g.bench_function("is_valid x1000 (mixed)", |b| b.iter(|| codes.iter().filter(|c| cf::is_valid(black_box(c))).count()));
    g.bench_function("is_valid_many x1000 (mixed)", |b| b.iter(|| cf::is_valid_many(black_box(&codes))));
    g.throughput(Throughput::Elements(valid.len() as u64));
    g.bench_function("decode x valid (with birthplace)", |b| b.iter(|| valid.iter().filter_map(|c| cf::decode(black_box(c), today).ok()).count()));
    g.bench_function("validate x valid (returns String)", |b| b.iter(|| valid.iter().filter_map(|c| cf::validate(black_box(c)).ok()).count()));
    g.throughput(Throughput::Elements(1));
    g.bench_function("encode (place by code)", |b| {
        let p = Person { surname: "Rossi".into(), name: "Mario".into(), sex: Sex::M, birth_date: born, birthplace: "H501".into(), province: None };
        b.iter(|| cf::encode(black_box(&p)))
    });
    g.bench_function("encode (place by name)", |b| {
        let p = Person { surname: "Rossi".into(), name: "Mario".into(), sex: Sex::M, birth_date: born, birthplace: "Roma".into(), province: None };
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
