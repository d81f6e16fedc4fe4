//! Benchmarks of `slots` (criterion). Run: `cargo bench -p sportello-benches --bench slots`.
//!
//! The target: one year of slots for a calendar with 10 opening hours, 50 closures and
//! 5,000 bookings in <= 5 ms. The fixture: Monday to Friday, mornings 08:00-13:00 and afternoons
//! 14:00-18:00 (10 opening hours), 20-minute meetings, 3 in parallel (7,020 slots in 2026);
//! 50 closures of 2 to 26 hours spread over the year; 5,000 confirmed bookings on the slots.
//! On Linux the generation is also measured in thread CPU time (the figure that does not depend on
//! how many other processes share the cores).
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use sportello::slots::{to_ics, Booking, BookingRequest, Calendar, IcsOptions};
use sportello_benches::cpu_time;

/// A JSON string value parsed into whatever chrono type the call site needs (the benches crate
/// depends on neither chrono nor serde).
macro_rules! j {
    ($s:expr) => {
        serde_json::from_value(serde_json::Value::String(String::from($s))).unwrap()
    };
}

/// The calendar JSON of the benchmark (also used by the peer scripts, see benches/peers/).
fn fixture_calendar() -> Calendar {
    let mut ohs = vec![];
    for wd in 1..=5 {
        for (part, begin, end) in [("am", "08:00", "13:00"), ("pm", "14:00", "18:00")] {
            ohs.push(serde_json::json!({
                "id": format!("{part}{wd}"), "startDate": "2026-01-01", "endDate": "2026-12-31", "weekdays": [wd],
                "begin": begin, "end": end, "meetingMinutes": 20, "intervalMinutes": 0, "parallel": 3
            }));
        }
    }
    // 50 closures, one a week from Monday 5 January, 2 to 26 hours long (UTC times).
    let closures: Vec<_> = (0..50u32)
        .map(|i| {
            let day = 5 + i * 7; // day of the year
            let from = format!("2026-{:03}", day);
            let (date, hour) = (ordinal(&from), 7 + i % 5);
            let hours = 2 + (i % 4) * 8;
            let end_day = ordinal(&format!("2026-{:03}", day + (hour + hours) / 24));
            serde_json::json!({"from": format!("{date}T{hour:02}:00:00Z"), "to": format!("{end_day}T{:02}:00:00Z", (hour + hours) % 24),
                               "reason": format!("chiusura {i}")})
        })
        .collect();
    let json = serde_json::json!({
        "id": "bench", "title": "Benchmark", "openingHours": ohs, "closures": closures,
        "holidays": {"national": true}, "rollingDays": 180, "noticeHours": 24,
        "userLimits": [{"period": "week", "max": 2}]
    });
    Calendar::from_json(&json.to_string()).unwrap()
}

/// `2026-DDD` (ordinal date) as `YYYY-MM-DD`.
fn ordinal(s: &str) -> String {
    let (y, n): (i32, u32) = (s[..4].parse().unwrap(), s[5..].parse().unwrap());
    let mut left = n;
    for (m, len) in [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31].into_iter().enumerate() {
        if left <= len {
            return format!("{y}-{:02}-{left:02}", m + 1);
        }
        left -= len;
    }
    panic!("day {n} out of 2026")
}

fn fixture_bookings(cal: &Calendar, now: &str) -> Vec<Booking> {
    let slots = cal.slots(j!("2026-01-01"), j!("2026-12-31"), &[], j!(now)).unwrap();
    (0..5000)
        .map(|i| {
            let s = &slots[(i * 7919) % slots.len()];
            serde_json::from_value(serde_json::json!({
                "id": format!("b{i}"), "openingHour": s.opening_hours[0], "start": s.start, "end": s.end,
                "status": if i % 10 == 0 { "pendingApproval" } else { "confirmed" }, "user": format!("U{}", i % 900)
            }))
            .unwrap()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = fixture_calendar();
    let now_s = "2025-12-31T12:00:00+01:00";
    let bookings = fixture_bookings(&cal, now_s);
    let (from, to, now) = (j!("2026-01-01"), j!("2026-12-31"), j!(now_s));
    let year = cal.slots(from, to, &bookings, now).unwrap();
    assert_eq!(year.len(), 261 * 27, "261 weekdays in 2026, 15 + 12 slots each");
    assert!(year.iter().filter(|s| s.booked > 0).count() > 4000);
    c.bench_function("slots: one year, 10 opening hours, 50 closures, 5000 bookings", |b| {
        b.iter(|| cal.slots(black_box(from), black_box(to), black_box(&bookings), black_box(now)).unwrap())
    });
    c.bench_function("slots: one year, 10 opening hours, 50 closures, 5000 bookings (thread CPU time)", |b| {
        b.iter_custom(|iters| {
            cpu_time(iters, || {
                black_box(cal.slots(black_box(from), black_box(to), black_box(&bookings), black_box(now)).unwrap());
            })
        })
    });
    let json = cal.to_json();
    c.bench_function("slots: Calendar::from_json of the fixture", |b| b.iter(|| Calendar::from_json(black_box(&json)).unwrap()));
    let free = year.iter().find(|s| s.available).unwrap();
    let req =
        BookingRequest { id: Some("new".into()), user: Some("U1".into()), practice: Some("P1".into()), ..BookingRequest::new(free.start, free.end) };
    c.bench_function("slots: book against 5000 bookings", |b| b.iter(|| cal.book(black_box(&req), black_box(&bookings), now)));
    let march: Vec<_> = year.iter().filter(|s| s.date.format("%m").to_string() == "03").cloned().collect();
    let opts = IcsOptions { dtstamp: now, personal_data: true };
    c.bench_function("slots: to_ics of 5000 bookings and a month of slots", |b| b.iter(|| to_ics(&cal, black_box(&bookings), &march, &opts)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
