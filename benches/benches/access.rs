//! Benchmarks of `access` (criterion). Run: `cargo bench -p sportello-benches --bench access`.
//!
//! Targets (issue 7): a policy decision <= 200 ns; certificate to identity <= 50 µs.
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use sportello::access::{Acting, Credential, Delegation, Identity, Policy};

const CASES: &str = include_str!("../../tests/cases/access.json");
const CNS_PEM: &str = include_str!("../../tests/cases/access/cns.pem");

fn pem_to_der(pem: &str) -> Vec<u8> {
    // Tiny base64 decoder for the fixture (the benches crate has no base64 dependency).
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = body.bytes().filter(|&c| c != b'=').map(val).collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= u32::from(b) << (18 - 6 * i);
        }
        let k = chunk.len() * 6 / 8;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + k]);
    }
    out
}

fn bench(c: &mut Criterion) {
    let file: serde_json::Value = serde_json::from_str(CASES).unwrap();
    let policy = Policy::from_json(&file["policy"].to_string()).unwrap();
    // `now` through the library's own JSON (the benches crate does not depend on chrono).
    let at: Credential = serde_json::from_str(r#"{"kind": "x", "notBefore": "2025-06-10T10:00:00+02:00"}"#).unwrap();
    let now = at.not_before.unwrap();
    let spid3 = Credential::with_level("spid", "https://www.spid.gov.it/SpidL3");
    let weak = Credential::new("weak");

    let mut g = c.benchmark_group("access/decide");
    g.bench_function("allow (SPID L3 URI, strong-or-signature service)", |b| {
        b.iter(|| policy.decide(black_box("presentazioneIstanza"), black_box(Some(&spid3)), black_box(now)))
    });
    g.bench_function("deny with sufficient list and message (weak on medium)", |b| {
        b.iter(|| policy.decide(black_box("autocertificazioneResidenza"), black_box(Some(&weak)), black_box(now)))
    });
    g.bench_function("deny unknown service", |b| b.iter(|| policy.decide(black_box("nope"), black_box(Some(&weak)), black_box(now))));
    let acting: Acting = serde_json::from_value(serde_json::json!({
        "as": "delegate", "actor": "BNCLRA85M41F205C", "principal": "RSSMRA80A01H501U",
        "delegation": {"delegator": "RSSMRA80A01H501U", "delegate": "BNCLRA85M41F205C", "scope": ["tari"],
                       "expires": "2025-12-31", "document": {"kind": "cartaIdentita", "number": "CA00000AA"}}
    }))
    .unwrap();
    let spid2 = Credential::with_level("spid", "SpidL2");
    g.bench_function("decide_for delegate", |b| {
        b.iter(|| policy.decide_for(black_box("tari"), black_box(Some(&spid2)), black_box(now), black_box(&acting)))
    });
    g.finish();

    let der = pem_to_der(CNS_PEM);
    let mut g = c.benchmark_group("access/certificate");
    g.bench_function("DER to identity", |b| b.iter(|| Identity::from_certificate(black_box(&der), black_box(now))));
    g.bench_function("PEM to identity", |b| b.iter(|| Identity::from_certificate(black_box(CNS_PEM.as_bytes()), black_box(now))));
    g.finish();

    let d: Delegation = serde_json::from_value(acting_delegation()).unwrap();
    c.bench_function("access/delegation check", |b| {
        b.iter(|| d.is_valid(black_box("BNCLRA85M41F205C"), black_box("RSSMRA80A01H501U"), black_box("tari"), black_box(now.date_naive())))
    });
}

fn acting_delegation() -> serde_json::Value {
    serde_json::json!({"delegator": "RSSMRA80A01H501U", "delegate": "BNCLRA85M41F205C", "scope": ["tari"],
                       "expires": "2025-12-31", "document": {"kind": "cartaIdentita", "number": "CA00000AA"}})
}

criterion_group!(benches, bench);
criterion_main!(benches);
