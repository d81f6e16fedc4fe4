//! The practice audit of a log of histories (a JSON file `{"config", "histories": [[code, ...]]}`,
//! e.g. the one `benches/peers/practice_pm4py.py --dump FILE` writes), from a new `Auditor` each
//! round: the core's share of the pm4py comparison, for a profiler (`perf record`) or a quick time.
use std::time::Instant;

use sportello::practice::{Auditor, BatchAudit, ServiceConfig};

#[derive(serde::Deserialize)]
struct Log {
    config: ServiceConfig,
    histories: Vec<Vec<u32>>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: practice_log FILE [ROUNDS]");
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let log: Log = serde_json::from_str(&std::fs::read_to_string(path).expect("reads the log")).expect("a log");
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        let auditor = Auditor::new(&log.config);
        let mut batch = BatchAudit::new();
        for h in &log.histories {
            batch.push(auditor.audit_iter(h.iter().enumerate().map(|(k, &c)| (c, k))));
        }
        drop(auditor);
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(&batch);
    }
    println!("{} histories: best of {rounds} {:.2} ms", log.histories.len(), best * 1e3);
}
