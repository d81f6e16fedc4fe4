//! Demo section for `slots`: the seed calendar (Monday, Wednesday and Friday 09:00-12:30, two
//! desks, 30-minute meetings with 15 minutes between them), a booking's life, DST days, exports.
use sportello::slots::{to_csv, to_ics, Actor, BookingRequest, Calendar, IcsOptions, Slot};

const SEED: &str = r#"{
  "id": "anagrafe", "title": "Ufficio anagrafe", "location": "Piazza del Municipio 1",
  "openingHours": [{"id": "lmv", "name": "Lunedì, mercoledì e venerdì", "startDate": "2026-01-01", "endDate": "2026-12-31",
                    "weekdays": [1, 3, 5], "begin": "09:00", "end": "12:30", "meetingMinutes": 30, "intervalMinutes": 15, "parallel": 2}],
  "closures": [{"from": "2026-03-06T10:00:00+01:00", "to": "2026-03-06T12:30:00+01:00", "reason": "Assemblea del personale"}],
  "holidays": {"national": true}, "rollingDays": 30, "noticeHours": 24, "cancelNoticeDays": 3,
  "userLimits": [{"period": "week", "max": 1}]
}"#;

fn show(slots: &[Slot]) {
    for s in slots {
        let why = match (&s.unavailable, &s.closed_by) {
            (None, _) => format!("{} of {} free", s.remaining, s.capacity),
            (Some(u), Some(by)) => format!("{u:?} ({by})"),
            (Some(u), None) => format!("{u:?}"),
        };
        println!("    {} {}-{}  {}", s.date, s.start.format("%H:%M%:z"), s.end.format("%H:%M"), why);
    }
}

pub fn run() {
    println!("== slots: appointment calendars ==");
    let cal = Calendar::from_json(SEED).expect("the seed calendar is valid");
    let now = "2026-03-02T08:00:00+01:00".parse().expect("a valid instant");
    let d = |s: &str| s.parse().expect("a valid date");

    println!("  Seed calendar, week of 2 March 2026 (now = Monday 08:00, 24 h notice, a closure on Friday):");
    let week = cal.slots(d("2026-03-02"), d("2026-03-06"), &[], now).unwrap_or_default();
    show(&week);

    let wed = &week[4];
    let req = BookingRequest {
        id: Some("b-001".into()),
        user: Some("RSSMRA80A01H501U".into()),
        practice: Some("P-2026-0042".into()),
        name: Some("Mario Rossi".into()),
        email: Some("mario.rossi@example.org".into()),
        message: Some("Rinnovo carta d'identità".into()),
        ..BookingRequest::new(wed.start, wed.end)
    };
    let draft = match cal.book(&req, &[], now) {
        Ok(b) => b,
        Err(e) => return println!("  booking failed: {e}"),
    };
    println!("\n  Booked {} as a draft, held until {:?}", draft.start, draft.expires_at.map(|t| t.to_rfc3339()));
    let confirmed = draft.submit(&cal, &[], now).unwrap_or(draft);
    println!("  Submitted: {:?}", confirmed.status);
    let bookings = vec![confirmed.clone()];
    let again = BookingRequest { id: Some("b-002".into()), practice: None, ..req.clone() };
    if let Err(e) = cal.book(&BookingRequest { start: week[5].start, end: week[5].end, ..again }, &bookings, now) {
        println!("  A second meeting the same week: {} ({})", e, sportello::Coded::code(&e));
    }
    let later = "2026-03-03T09:00:00+01:00".parse().expect("a valid instant");
    match confirmed.cancel(&cal, Actor::Citizen, later) {
        Ok(_) => println!("  Cancelled by the citizen on 3 March"),
        Err(e) => println!("  Citizen cancellation on 3 March: {e}"),
    }
    let moved = confirmed.reschedule(&cal, week[7].start, week[7].end, None, Actor::Operator, &bookings, now);
    if let Ok(m) = &moved {
        println!("  Moved by an operator to {} (reschedules: {})", m.start, m.reschedule_count());
    }

    println!("\n  DST: a night opening hour 01:00-04:00 on the two change Sundays of 2026:");
    let night = Calendar::from_json(
        r#"{"id": "notte", "openingHours": [{"id": "dom", "startDate": "2026-01-01", "endDate": "2026-12-31", "weekdays": [7],
            "begin": "01:00", "end": "04:00", "meetingMinutes": 30}], "rollingDays": 180}"#,
    );
    if let Ok(night) = night {
        for day in ["2026-03-29", "2026-10-25"] {
            let slots = night.slots(d(day), d(day), &[], now).unwrap_or_default();
            let list: Vec<String> = slots.iter().map(|s| format!("{}–{}", s.start.format("%H:%M%:z"), s.end.format("%H:%M%:z"))).collect();
            println!("    {day}: {}", list.join(", "));
        }
    }

    let bookings = vec![moved.unwrap_or(confirmed)];
    let ics = to_ics(&cal, &bookings, &week, &IcsOptions { dtstamp: now, personal_data: false });
    println!("\n  iCalendar: {} events, {} lines; first event:", ics.matches("BEGIN:VEVENT").count(), ics.lines().count());
    for line in ics.lines().skip_while(|l| *l != "BEGIN:VEVENT").take(6) {
        println!("    {line}");
    }
    println!("  CSV:");
    for line in to_csv(&cal, &bookings).lines() {
        println!("    {line}");
    }
    println!();
}
