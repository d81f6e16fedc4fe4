//! Demo section for `slots`: the seed calendar (Monday, Wednesday and Friday 09:00-12:30, two
//! desks, 30-minute meetings with 15 minutes between them), a booking's life, DST days, exports.
use sportello::practice::Status;
use sportello::slots::{follow_practice, to_csv, to_ics, Actor, BookedBy, BookingRequest, Calendar, EnteClosures, IcsOptions, Slot};

const SEED: &str = r#"{
  "id": "anagrafe", "title": "Ufficio anagrafe", "location": "Piazza del Municipio 1",
  "openingHours": [{"id": "lmv", "name": "Lunedì, mercoledì e venerdì", "startDate": "2026-01-01", "endDate": "2026-12-31",
                    "weekdays": [1, 3, 5], "begin": "09:00", "end": "12:30", "meetingMinutes": 30, "intervalMinutes": 15, "parallel": 2}],
  "closures": [{"from": "2026-03-06T10:00:00+01:00", "to": "2026-03-06T12:30:00+01:00", "reason": "Assemblea del personale"}],
  "holidays": {"national": true}, "rollingDays": 30, "noticeHours": 24, "cancelNoticeDays": 3,
  "userLimits": [{"period": "week", "max": 1}],
  "titles": {"en": "Registry office", "de": "Meldeamt"}, "contactEmail": "anagrafe@comune.example.it",
  "reminder": {"daysBefore": 1}
}"#;

const ENTE: &str = r#"{"closures": [{"from": "2026-03-11T00:00:00+01:00", "to": "2026-03-12T00:00:00+01:00",
  "reason": "Chiusura straordinaria degli uffici comunali"}]}"#;

const VARIABLE: &str = r#"{
  "id": "tecnico", "title": "Ufficio tecnico", "kind": "variable",
  "openingHours": [{"id": "mar", "startDate": "2026-01-01", "endDate": "2026-12-31", "weekdays": [2],
                    "begin": "09:00", "end": "12:00", "meetingMinutes": 15, "maxMeetingMinutes": 60, "stepMinutes": 15}],
  "noticeHours": 0
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
        name: Some("Mario".into()),
        surname: Some("Rossi".into()),
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
    if let Some(at) = confirmed.reminder_at(&cal) {
        println!("  Reminder e-mail the day before, at the meeting's time: {at}");
    }
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

    println!("\n  Booking without login: the seed's form asks name, surname, e-mail and phone:");
    let anonymous = BookingRequest { booked_by: Some(BookedBy::Anonymous), user: None, practice: None, phone: None, ..req.clone() };
    if let Err(e) = cal.book(&BookingRequest { start: week[6].start, end: week[6].end, ..anonymous }, &[], now) {
        println!("    {} ({})", e, sportello::Coded::code(&e));
    }
    if let Ok(Some(first)) = cal.first_available(d("2026-03-02"), &bookings, now) {
        println!("  First available from Monday 2 March (24 h notice): {} {}, {} free", first.date, first.start.format("%H:%M"), first.remaining);
    }
    let rejected = follow_practice(&bookings, "P-2026-0042", Status::Rejected, now, Some("Documentazione incompleta"));
    for b in &rejected {
        println!("  Practice P-2026-0042 rejected: its meeting of {} becomes {:?}, outcome {:?}", b.start.format("%d/%m %H:%M"), b.status, b.outcome);
    }

    println!("\n  Closures of the whole ente, one object shared by every calendar:");
    if let Ok(ente) = serde_json::from_str::<EnteClosures>(ENTE) {
        if let Ok(with_ente) = cal.with_ente(&ente) {
            show(&with_ente.slots(d("2026-03-11"), d("2026-03-11"), &[], now).unwrap_or_default()[..1]);
        }
    }

    println!("\n  A variable-length calendar: the citizen chooses 15 to 60 minutes in steps of 15:");
    if let Ok(var) = Calendar::from_json(VARIABLE) {
        let tuesday = d("2026-03-03");
        let start = var.slots(tuesday, tuesday, &[], now).unwrap_or_default().first().map(|s| s.start);
        if let Some(start) = start {
            let long = BookingRequest { id: Some("v-1".into()), ..BookingRequest::new(start, start + chrono::Duration::minutes(45)) };
            if let Ok(b) = var.book(&long, &[], now).and_then(|b| b.submit(&var, &[], now)) {
                println!("    booked {}-{}; the free time left:", b.start.format("%H:%M"), b.end.format("%H:%M"));
                show(&var.slots(tuesday, tuesday, &[b], now).unwrap_or_default());
            }
            let odd = BookingRequest { id: Some("v-2".into()), ..BookingRequest::new(start, start + chrono::Duration::minutes(50)) };
            if let Err(e) = var.book(&odd, &[], now) {
                println!("    50 minutes: {} ({})", e, sportello::Coded::code(&e));
            }
        }
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
