//! Shared pieces of the criterion benchmarks (`benches/benches/*.rs`).
//!
//! [`CpuTime`]: a criterion measurement of the benchmark thread's **CPU time**
//! (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, nanoseconds, read exactly at each call), so that
//! figures mean "on one core" even on a machine shared with other work; where that clock is
//! missing (not Unix) it falls back to wall time. On an idle machine the two agree.
//! (It read `/proc/thread-self/schedstat` before: a file read inside every timed section, and a
//! counter the kernel brings up to date only at scheduler ticks, so short samples came out
//! quantised, some as zero.)
use std::time::{Duration, Instant};

/// With `--features mimalloc`, the benchmarks allocate as the Node package does (its
/// `#[global_allocator]`), so that the core and the package compare alike.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::Throughput;

/// Nanoseconds of CPU time of the current thread (wall time since first call as a fallback).
pub fn thread_cpu_ns() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    thread_clock_ns().unwrap_or_else(|| START.get_or_init(Instant::now).elapsed().as_nanos() as u64)
}

#[cfg(unix)]
fn thread_clock_ns() -> Option<u64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `clock_gettime` only writes the `timespec` it is given, which lives on this stack.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    let (s, ns) = (u64::try_from(ts.tv_sec).ok()?, u64::try_from(ts.tv_nsec).ok()?);
    (r == 0).then(|| s * 1_000_000_000 + ns)
}

#[cfg(not(unix))]
fn thread_clock_ns() -> Option<u64> {
    None
}

pub struct CpuTime;

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

pub struct CpuFormatter;

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

/// CPU time of `iters` runs of `f` on this thread (for criterion's `iter_custom` and hand-made
/// batch figures).
pub fn cpu_time<F: FnMut()>(iters: u64, mut f: F) -> Duration {
    let t0 = thread_cpu_ns();
    for _ in 0..iters {
        f();
    }
    Duration::from_nanos(thread_cpu_ns().saturating_sub(t0))
}
