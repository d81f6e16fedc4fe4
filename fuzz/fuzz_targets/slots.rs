//! Fuzz target of `slots`: calendar JSON (parse + validate), then generation, a booking and the
//! exports on whatever parses. Input: `<calendar JSON>\n<days>\n<bookings JSON>`; every part but
//! the first is optional. Nothing may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sportello::slots::{to_csv, to_ics, Booking, BookingRequest, Calendar, IcsOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let mut parts = s.splitn(3, '\n');
    let Some(cal_json) = parts.next() else { return };
    let days: u64 = parts.next().and_then(|d| d.trim().parse().ok()).unwrap_or(14) % 400;
    let bookings: Vec<Booking> = parts.next().and_then(|b| serde_json::from_str(b).ok()).unwrap_or_default();
    let Ok(cal) = Calendar::from_json(cal_json) else { return };
    assert_eq!(Calendar::from_json(&cal.to_json()).ok().as_ref(), Some(&cal), "JSON round trip");
    let first = cal.opening_hours.first().map(|o| o.start_date).unwrap_or_default();
    let last = first.iter_days().take(days as usize + 1).last().unwrap_or(first);
    let now = cal.closures.first().map(|c| c.from).unwrap_or_else(|| "2026-03-01T08:00:00+01:00".parse().unwrap());
    let Ok(slots) = cal.slots(first, last, &bookings, now) else { return };
    for s in &slots {
        assert!(s.start < s.end && s.booked.min(s.capacity) <= s.capacity);
        assert!(!s.available || (s.remaining > 0 && s.start >= now));
    }
    if let Some(free) = slots.iter().find(|s| s.available) {
        let req = BookingRequest {
            opening_hour: free.opening_hours.first().cloned(),
            user: Some("RSSMRA80A01H501U".into()), practice: Some("P".into()), name: Some("x;y,z\\".into()),
            surname: Some("é\"'".into()), reason: Some("r\r\n".into()), message: Some("a\nb".into()),
            ..BookingRequest::new(free.start, free.end)
        };
        // May still fail on the practice rule, the user limits or a full overlapping slot.
        if let Ok(b) = cal.book(&req, &bookings, now) {
            let _ = b.submit(&cal, &bookings, now).and_then(|b| b.refuse(now, Some("no")));
        }
    }
    let ics = to_ics(&cal, &bookings, &slots, &IcsOptions { dtstamp: now, personal_data: true });
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    let _ = to_csv(&cal, &bookings);
});
