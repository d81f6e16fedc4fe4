//! Issue 15: a call that fails leaves the value exactly as it was. For the stateful types
//! (booking, practice, payment), random sequences of calls, valid or not, at times that may go
//! backwards; after every failed call the value's JSON is byte for byte the JSON before it.
use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;
use sportello::payments::{Amount, Payment, PaymentEvent};
use sportello::practice::{Actor as PracticeActor, Event, EventKind, PaymentMode, Practice, ServiceConfig, Workflow};
use sportello::slots::{Actor, Booking, BookingRequest, Calendar};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

// --- booking ------------------------------------------------------------------------------------

fn calendar(moderated: bool, limit: bool) -> Calendar {
    let limits = if limit { r#"[{"period": "day", "max": 1}]"# } else { "[]" };
    Calendar::from_json(&format!(
        r#"{{"id": "anagrafe", "moderated": {moderated}, "userLimits": {limits}, "cancelNoticeDays": 1,
            "closures": [{{"from": "2026-03-06T10:00:00+01:00", "to": "2026-03-06T11:00:00+01:00"}}],
            "openingHours": [{{"id": "lmv", "startDate": "2026-01-01", "endDate": "2026-12-31", "weekdays": [1, 3, 5],
            "begin": "09:00", "end": "11:00", "meetingMinutes": 30, "intervalMinutes": 0, "parallel": 1}}]}}"#
    ))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn a_failed_booking_call_changes_nothing(
        moderated in any::<bool>(), limit in any::<bool>(),
        ops in prop::collection::vec((0u8..10, any::<prop::sample::Index>(), 0u8..8, 0u8..3, -600i64..6000), 1..40),
    ) {
        let cal = calendar(moderated, limit);
        let cal_json = cal.to_json();
        let mut now = at("2026-03-02T08:00:00+01:00");
        let slots = cal.slots(now.date_naive(), now.date_naive() + Duration::days(6), &[], now).unwrap();
        let mut store: Vec<Booking> = vec![];
        for (i, (op, pick, slot, user, minutes)) in ops.into_iter().enumerate() {
            now += Duration::minutes(minutes);
            let s = &slots[usize::from(slot) % slots.len()];
            let who = [None, Some("RSSMRA80A01H501U"), Some("VRDLGU75B12F205X")][usize::from(user)];
            if op == 0 || store.is_empty() {
                let req = BookingRequest { id: Some(format!("b{i}")), user: who.map(str::to_string), ..BookingRequest::new(s.start, s.end) };
                let before = json(&store);
                match cal.book(&req, &store, now) {
                    Ok(b) => store.push(b),
                    Err(_) => prop_assert_eq!(json(&store), before),
                }
                continue;
            }
            let k = pick.index(store.len());
            let b = store[k].clone();
            let (b_json, store_json) = (json(&b), json(&store));
            let actor = if user == 0 { Actor::Citizen } else { Actor::Operator };
            let result = match op {
                1 => b.submit(&cal, &store, now),
                2 => b.approve(now),
                3 => b.refuse(now, Some("no")),
                4 => b.cancel(&cal, actor, now),
                5 => b.mark_done(now),
                6 => b.mark_missed(now),
                7 => b.await_payment(&cal, now),
                _ => b.reschedule(&cal, s.start, s.end, None, actor, &store, now),
            };
            match result {
                Ok(next) => store[k] = next,
                Err(_) => {
                    prop_assert_eq!(json(&b), b_json);
                    prop_assert_eq!(json(&store), store_json);
                }
            }
            prop_assert_eq!(cal.to_json(), cal_json.clone());
        }
    }
}

// --- practice -----------------------------------------------------------------------------------

fn practice_config(bits: u8) -> ServiceConfig {
    let b = |i: u8| bits & (1 << i) != 0;
    ServiceConfig {
        payment: [PaymentMode::None, PaymentMode::Immediate, PaymentMode::Deferred][usize::from(bits % 3)],
        payment_amount: if b(2) { Amount::from_cents(1600).unwrap() } else { Amount::ZERO },
        stamps_on_request: b(3),
        protocol_required: b(4),
        workflow: if b(5) { Workflow::Forward } else { Workflow::Approval },
        allow_withdrawal: b(6),
        allow_integration_requests: b(7),
        allow_reopening: true,
        response_days: Some(30),
        ..ServiceConfig::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn a_failed_practice_event_changes_nothing(
        bits in any::<u8>(),
        ops in prop::collection::vec((any::<prop::sample::Index>(), 0u8..5, any::<bool>(), 0u8..3, -120i64..3000), 1..60),
    ) {
        let start = at("2025-02-20T09:00:00+01:00");
        let mut p = Practice::new("P-1", "RSSMRA80A01H501U", practice_config(bits), start);
        let actors = [
            PracticeActor::citizen("RSSMRA80A01H501U"),
            PracticeActor::citizen("VRDLGU75B12F205X"),
            PracticeActor::operator("op-1"),
            PracticeActor::system(),
            PracticeActor::gateway(),
        ];
        let mut now = start;
        for (pick, actor, with_message, payload, minutes) in ops {
            now += Duration::minutes(minutes);
            let kind = *pick.get(&EventKind::APPLICABLE);
            let event = match kind {
                EventKind::Register => match payload {
                    // A protocol date after the event: practice.protocol, nothing changes.
                    2 => Event::Register {
                        protocol_number: "PG/2".into(),
                        document_id: Some("D\u{0}".into()),
                        folder_number: None,
                        folder_code: None,
                        registered_at: Some(now + Duration::minutes(1)),
                    },
                    _ => Event::register(["", "PG/1"][usize::from(payload)]),
                },
                EventKind::Assign => Event::Assign { operator: [None, Some("op-1".into()), Some(String::new())][usize::from(payload)].clone(), office: None },
                EventKind::Attachment => Event::Attachment { name: ["a.pdf", "", "b.pdf"][usize::from(payload)].into() },
                // A blank office or one with a control character: practice.office, nothing changes.
                EventKind::AssignOffice => Event::AssignOffice { office: ["urp", "", "u\u{7}"][usize::from(payload)].into() },
                k => Event::of_kind(k).unwrap_or(Event::Message),
            };
            let before = p.to_json();
            let message = with_message.then(|| "motivazione".to_string());
            if p.apply(event, actors[usize::from(actor)].clone(), now, message).is_err() {
                prop_assert_eq!(p.to_json(), before);
            }
        }
    }
}

// --- payment ------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn a_failed_payment_event_changes_nothing(
        expiry in prop::option::of(-600i64..6000),
        ops in prop::collection::vec((0u8..8, -6000i64..6000, 0u8..3, -600i64..3000), 1..40),
    ) {
        let created = at("2025-02-20T10:00:00+01:00");
        let expires = expiry.map(|m| created + Duration::minutes(m));
        let mut pay = Payment::new(Amount::from_cents(1600).unwrap(), created, expires).unwrap();
        let mut now = created;
        for (op, renew, blank, minutes) in ops {
            now += Duration::minutes(minutes);
            let event = match op {
                0 => PaymentEvent::Start,
                1 => PaymentEvent::AwaitOutcome,
                2 => PaymentEvent::Succeed,
                3 => PaymentEvent::Fail,
                4 => PaymentEvent::Expire,
                5 => PaymentEvent::Retry,
                6 => PaymentEvent::Renew { expires_at: now + Duration::minutes(renew) },
                _ => PaymentEvent::Register {
                    operator: ["mrossi", "", " "][usize::from(blank)].into(),
                    note: Some(["quietanza 12", " ", ""][usize::from(blank)].into()),
                    send_to_citizen: blank == 1,
                },
            };
            let before = json(&pay);
            if pay.apply(event, now).is_err() {
                prop_assert_eq!(json(&pay), before);
            }
        }
    }
}
