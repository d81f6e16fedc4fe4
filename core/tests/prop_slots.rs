//! Invariants of `slots` (issue 6): no slot is ever booked over capacity; generation is
//! deterministic; every slot lies inside an opening hour and outside every closure; no
//! configuration panics (zero lengths, inverted times, empty weekdays are typed errors).
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike};
use chrono_tz::Europe::Rome;
use proptest::prelude::*;
use sportello::slots::{
    Actor, AmbiguousTime, Booking, BookingRequest, Calendar, Closure, ClosureScope, DstCrossing, HolidayClosures, OpeningHour, Unavailable,
};
use sportello::Coded;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rome(d: NaiveDate, minutes: u32) -> DateTime<FixedOffset> {
    Rome.from_local_datetime(&d.and_time(NaiveTime::MIN)).earliest().unwrap().fixed_offset() + Duration::minutes(minutes as i64)
}

prop_compose! {
    fn opening_hour(i: usize)(
        weekdays in prop::collection::vec(0u8..=8, 0..5),
        begin in 0u32..288, len in 0u32..120,
        meeting in 0u32..100, gap in 0u32..30, parallel in 0u32..4,
        start in 0i64..300, days in -5i64..200, moderated in any::<bool>(),
    ) -> OpeningHour {
        let begin_m = begin * 5;
        let end_m = (begin_m + len * 5).min(23 * 60 + 59);
        let first = date("2026-01-01") + Duration::days(start);
        OpeningHour {
            id: format!("oh{i}"),
            name: None,
            start_date: first,
            end_date: first + Duration::days(days),
            weekdays,
            begin: NaiveTime::from_hms_opt(begin_m / 60, begin_m % 60, 0).unwrap(),
            end: NaiveTime::from_hms_opt(end_m / 60, end_m % 60, 0).unwrap(),
            meeting_minutes: meeting,
            interval_minutes: gap,
            parallel,
            moderated,
            max_meeting_minutes: None,
            step_minutes: None,
        }
    }
}

prop_compose! {
    fn closure()(day in 0i64..300, from in 0i64..(24 * 60), len in -30i64..(3 * 24 * 60)) -> Closure {
        let f = rome(date("2026-01-01") + Duration::days(day), 0) + Duration::minutes(from);
        Closure { from: f, to: f + Duration::minutes(len), reason: Some(format!("c{day}")), scope: ClosureScope::Calendar }
    }
}

prop_compose! {
    fn calendar()(
        ohs in prop::collection::vec(0usize..1, 0..4).prop_flat_map(|v| v.into_iter().enumerate().map(|(i, _)| opening_hour(i)).collect::<Vec<_>>()),
        closures in prop::collection::vec(closure(), 0..5),
        rolling in 0u32..200, notice in 0u32..100, allow in any::<bool>(), trailing in any::<bool>(),
        later in any::<bool>(), keep in any::<bool>(), holidays in any::<bool>(), moderated in any::<bool>(),
    ) -> Calendar {
        Calendar {
            id: "cal".into(),
            title: "Prop".into(),
            location: None,
            opening_hours: ohs,
            closures,
            holidays: holidays.then(|| HolidayClosures { national: true, extra: vec![] }),
            rolling_days: rolling,
            notice_hours: notice,
            cancel_notice_days: 1,
            draft_minutes: 10,
            payment_extension_days: 1,
            allow_overlaps: allow,
            moderated,
            user_limits: vec![],
            require_trailing_gap: trailing,
            ambiguous_time: if later { AmbiguousTime::Later } else { AmbiguousTime::Earlier },
            dst_crossing: if keep { DstCrossing::Keep } else { DstCrossing::Skip },
            required_data: Default::default(),
            owner: None,
            contact_email: None,
            email_language: None,
            titles: None,
            reminder: None,
            kind: None,
        }
    }
}

prop_compose! {
    /// Mostly valid opening hours that cover the test ranges, often at night (DST hours) and shifted.
    fn valid_opening_hour(i: usize)(
        weekdays in prop::sample::subsequence(vec![1u8, 2, 3, 4, 5, 6, 7], 1..=7),
        begin in prop_oneof![0u32..48, 96u32..200], meeting in 5u32..90, gap in 0u32..20, extra in 0u32..200, parallel in 1u32..4,
        moderated in any::<bool>(),
    ) -> OpeningHour {
        let begin_m = begin * 5;
        let end_m = (begin_m + meeting + gap + extra).min(23 * 60 + 59);
        OpeningHour {
            id: format!("v{i}"),
            name: None,
            start_date: date("2026-01-01"),
            end_date: date("2026-12-31"),
            weekdays,
            begin: NaiveTime::from_hms_opt(begin_m / 60, begin_m % 60, 0).unwrap(),
            end: NaiveTime::from_hms_opt(end_m / 60, end_m % 60, 0).unwrap(),
            meeting_minutes: meeting,
            interval_minutes: gap,
            parallel,
            moderated,
            max_meeting_minutes: None,
            step_minutes: None,
        }
    }
}

fn valid_calendar() -> impl Strategy<Value = Calendar> {
    (calendar(), prop::collection::vec(valid_opening_hour(0), 1..4), 1u32..=180, 0u32..48).prop_map(|(mut cal, ohs, rolling, notice)| {
        cal.opening_hours = ohs
            .into_iter()
            .enumerate()
            .map(|(i, mut oh)| {
                oh.id = format!("v{i}");
                oh
            })
            .collect();
        cal.allow_overlaps = cal.opening_hours.len() > 1;
        cal.closures.retain(|c| c.from < c.to);
        cal.rolling_days = rolling;
        cal.notice_hours = notice.min(rolling * 24 - 1);
        cal
    })
}

/// A range of dates around one of the 2026 DST changes, or anywhere.
fn range() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    (prop_oneof![Just("2026-03-22"), Just("2026-10-18"), Just("2026-01-01"), Just("2026-06-01")], 0i64..20, 0i64..30)
        .prop_map(|(base, off, len)| (date(base) + Duration::days(off), date(base) + Duration::days(off + len)))
}

fn now_strategy() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (0i64..400, 0i64..(24 * 60)).prop_map(|(d, m)| rome(date("2026-01-01"), 0) + Duration::days(d) + Duration::minutes(m))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any configuration: validation answers with a typed `slots.*` error or generation works; never a panic.
    #[test]
    fn no_panic_on_any_configuration(cal in calendar(), (from, to) in range(), now in now_strategy()) {
        match cal.validate() {
            Err(e) => prop_assert!(e.code().starts_with("slots.")),
            Ok(()) => {
                let json = cal.to_json();
                prop_assert_eq!(Calendar::from_json(&json).unwrap(), cal.clone());
            }
        }
        match cal.slots(from, to, &[], now) {
            Ok(_) => prop_assert!(cal.validate().is_ok()),
            Err(e) => prop_assert!(e.code().starts_with("slots.")),
        }
    }

    /// Every slot lies inside one of its opening hours and is available only outside every closure.
    #[test]
    fn slots_inside_opening_hours_outside_closures(cal in prop_oneof![calendar(), valid_calendar()], (from, to) in range(), now in now_strategy()) {
        prop_assume!(cal.validate().is_ok());
        let slots = cal.slots(from, to, &[], now).unwrap();
        for w in slots.windows(2) {
            prop_assert!((w[0].start, w[0].end) < (w[1].start, w[1].end), "sorted and unique");
        }
        for s in &slots {
            prop_assert!(s.start < s.end);
            prop_assert!(s.date >= from && s.date <= to);
            let local = s.start.with_timezone(&Rome);
            prop_assert_eq!(local.date_naive(), s.date);
            let start_min = local.hour() * 60 + local.minute();
            let real = (s.end - s.start).num_minutes();
            let mut cap = 0;
            for id in &s.opening_hours {
                let oh = cal.opening_hour(id).unwrap();
                prop_assert!(oh.covers(s.date));
                let begin = oh.begin.hour() * 60 + oh.begin.minute();
                let end = oh.end.hour() * 60 + oh.end.minute();
                prop_assert!(start_min >= begin && start_min + oh.meeting_minutes <= end, "{s:?} outside {oh:?}");
                prop_assert_eq!((start_min - begin) % (oh.meeting_minutes + oh.interval_minutes), 0);
                if cal.dst_crossing == DstCrossing::Skip {
                    prop_assert_eq!(real, i64::from(oh.meeting_minutes));
                } else {
                    prop_assert!((real - i64::from(oh.meeting_minutes)).abs() <= 60);
                }
                cap += oh.parallel;
            }
            prop_assert_eq!(s.capacity, cap);
            let hits = cal.closures.iter().any(|c| c.from < s.end && s.start < c.to);
            prop_assert_eq!(hits, s.unavailable == Some(Unavailable::Closed) || (hits && s.unavailable == Some(Unavailable::Holiday)));
            if s.available {
                prop_assert!(!hits && s.remaining > 0 && s.start >= now);
            }
        }
    }

    /// Same input, same output; the order of the bookings does not matter.
    #[test]
    fn generation_is_deterministic(cal in valid_calendar(), (from, to) in range(), now in now_strategy(), picks in prop::collection::vec(any::<prop::sample::Index>(), 0..10)) {
        prop_assume!(cal.validate().is_ok());
        let free = cal.slots(from, to, &[], now).unwrap();
        prop_assume!(!free.is_empty());
        let bookings: Vec<Booking> = picks.iter().enumerate().map(|(i, ix)| {
            let s = ix.get(&free);
            Booking {
                id: format!("b{i}"), calendar_id: None, opening_hour: s.opening_hours[0].clone(), start: s.start, end: s.end,
                status: sportello::slots::BookingStatus::Confirmed, user: None, practice: None, name: None, surname: None, email: None, phone: None,
                reason: None, message: None, outcome: None, videoconference_link: None, created_at: None, expires_at: None, history: vec![],
            }
        }).collect();
        let a = cal.slots(from, to, &bookings, now).unwrap();
        let b = cal.slots(from, to, &bookings, now).unwrap();
        prop_assert_eq!(&a, &b);
        let mut rev = bookings.clone();
        rev.reverse();
        prop_assert_eq!(&a, &cal.slots(from, to, &rev, now).unwrap());
        let total: u32 = a.iter().map(|s| s.booked).sum();
        prop_assert!(total as usize >= bookings.len(), "every booking is counted in its slot");
    }

    /// Whatever sequence of book / submit / cancel / reschedule succeeds, no slot holds more
    /// bookings than its capacity.
    #[test]
    fn never_over_capacity(
        cal in valid_calendar(),
        (from, to) in range(),
        ops in prop::collection::vec((0u8..5, any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0i64..8), 1..40),
    ) {
        prop_assume!(cal.validate().is_ok());
        let mut now = rome(from, 0) - Duration::days(1);
        let slots = cal.slots(from, to, &[], now).unwrap();
        prop_assume!(slots.iter().any(|s| s.available));
        let mut bookings: Vec<Booking> = vec![];
        for (i, (op, pick, which, minutes)) in ops.into_iter().enumerate() {
            now += Duration::minutes(minutes);
            let target = pick.get(&slots);
            match op {
                0 | 1 => {
                    let mut req = BookingRequest { id: Some(format!("b{i}")), ..BookingRequest::new(target.start, target.end) };
                    if target.opening_hours.len() > 1 {
                        req.opening_hour = Some(target.opening_hours[i % target.opening_hours.len()].clone());
                    }
                    if let Ok(b) = cal.book(&req, &bookings, now) {
                        let b = if op == 1 { b.submit(&cal, &bookings, now).unwrap_or(b) } else { b };
                        bookings.push(b);
                    }
                }
                _ if bookings.is_empty() => {}
                2 => {
                    let k = which.index(bookings.len());
                    if let Ok(b) = bookings[k].submit(&cal, &bookings, now) { bookings[k] = b; }
                }
                3 => {
                    let k = which.index(bookings.len());
                    if let Ok(b) = bookings[k].cancel(&cal, Actor::Operator, now) { bookings[k] = b; }
                }
                _ => {
                    let k = which.index(bookings.len());
                    if let Ok(b) = bookings[k].reschedule(&cal, target.start, target.end, target.opening_hours.first().map(String::as_str), Actor::Operator, &bookings, now) {
                        bookings[k] = b;
                    }
                }
            }
            for s in cal.slots(from, to, &bookings, now).unwrap() {
                prop_assert!(s.booked <= s.capacity, "over capacity after op {i}: {s:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Variable calendars: the runs of an opening hour are sorted, disjoint and inside its window,
    /// free runs are at least a meeting long, and the shortest meeting at the start of any free
    /// run can be booked.
    #[test]
    fn variable_runs_are_bookable(cal in valid_calendar(), (from, to) in range(), now in now_strategy(), held in prop::collection::vec((0usize..40, 0i64..120), 0..6)) {
        let mut cal = cal;
        cal.kind = Some(sportello::slots::CalendarKind::Variable);
        prop_assume!(cal.validate().is_ok());
        let fixed = { let mut f = cal.clone(); f.kind = None; f.slots(from, to, &[], now).unwrap() };
        // Some bookings at fixed slot starts, of random lengths.
        let bookings: Vec<Booking> = held.iter().filter_map(|&(i, len)| fixed.get(i).map(|s| (s, len))).enumerate().map(|(k, (s, len))| {
            serde_json::from_str::<Booking>(&format!(r#"{{"id":"h{k}","openingHour":"{}","start":"{}","end":"{}","status":"confirmed"}}"#,
                s.opening_hours[0], s.start.to_rfc3339(), (s.start + Duration::minutes(len + 1)).to_rfc3339())).unwrap()
        }).collect();
        let runs = cal.slots(from, to, &bookings, now).unwrap();
        for oh in &cal.opening_hours {
            let mine: Vec<_> = runs.iter().filter(|r| r.opening_hours == [oh.id.clone()]).collect();
            for w in mine.windows(2) {
                prop_assert!(w[0].end <= w[1].start || w[0].date < w[1].date, "{:?} {:?}", w[0], w[1]);
            }
            for r in &mine {
                prop_assert!(r.start < r.end);
                prop_assert!(oh.covers(r.date));
                if r.available {
                    prop_assert!((r.end - r.start).num_minutes() >= i64::from(oh.meeting_minutes));
                    prop_assert!(r.remaining > 0 && r.start >= now);
                }
            }
            for r in mine.iter().filter(|r| r.available).take(3) {
                let end = r.start + Duration::minutes(i64::from(oh.meeting_minutes));
                let request = BookingRequest { opening_hour: Some(oh.id.clone()), ..BookingRequest::new(r.start, end) };
                let booked = cal.book(&request, &bookings, now);
                prop_assert!(booked.is_ok(), "{:?} -> {:?}", r, booked);
            }
        }
    }
}

#[test]
fn typed_errors_for_broken_configurations() {
    let base = r#"{"id":"c","openingHours":[{"id":"x","startDate":"2026-01-01","endDate":"2026-12-31","weekdays":[1],"begin":"09:00","end":"12:00"%EXTRA%}]%CAL%}"#;
    for (extra, cal, code) in [
        (r#","meetingMinutes":0"#, "", "slots.zero_length"),
        (r#","parallel":0"#, "", "slots.parallel_below_one"),
        ("", r#","rollingDays":181"#, "slots.window_out_of_range"),
    ] {
        let json = base.replace("%EXTRA%", extra).replace("%CAL%", cal);
        assert_eq!(Calendar::from_json(&json).unwrap_err().code(), code);
    }
    let inverted = base
        .replace("\"begin\":\"09:00\",\"end\":\"12:00\"", "\"begin\":\"12:00\",\"end\":\"09:00\"")
        .replace("%EXTRA%", "")
        .replace("%CAL%", "");
    assert_eq!(Calendar::from_json(&inverted).unwrap_err().code(), "slots.inverted_times");
    let empty = base.replace("\"weekdays\":[1]", "\"weekdays\":[]").replace("%EXTRA%", "").replace("%CAL%", "");
    assert_eq!(Calendar::from_json(&empty).unwrap_err().code(), "slots.empty_weekdays");
}

#[test]
fn huge_configurations_are_bounded() {
    // 1,000 overlapping opening hours of 1-minute meetings all day, every day: over a billion
    // slots in 1,000 days; the call must answer with an error, not exhaust memory.
    let ohs: Vec<String> = (0..1000)
        .map(|i| format!(r#"{{"id":"o{i}","startDate":"2026-01-01","endDate":"2028-12-31","weekdays":[1,2,3,4,5,6,7],"begin":"00:00","end":"23:59","meetingMinutes":1}}"#))
        .collect();
    let json = format!(r#"{{"id":"big","allowOverlaps":true,"openingHours":[{}]}}"#, ohs.join(","));
    let cal = Calendar::from_json(&json).unwrap();
    let now = rome(date("2026-01-01"), 0);
    let e = cal.slots(date("2026-01-01"), date("2028-09-26"), &[], now).unwrap_err();
    assert_eq!(e.code(), "slots.too_many_slots");
}
