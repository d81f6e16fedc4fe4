//! Issue 15: a draft made from a stale view must not overbook when it is submitted. `submit`
//! re-checks capacity, closures and per-user limits against the bookings and calendar it is given.
use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use sportello::slots::{Booking, BookingRequest, BookingStatus, Calendar, Closure, ClosureScope, LimitPeriod, UserLimit};
use sportello::Coded;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn calendar(parallel: u32) -> Calendar {
    Calendar::from_json(&format!(
        r#"{{"id": "anagrafe", "openingHours": [{{"id": "lmv", "startDate": "2026-01-01", "endDate": "2026-12-31",
            "weekdays": [1, 3, 5], "begin": "09:00", "end": "12:30", "meetingMinutes": 30, "intervalMinutes": 15,
            "parallel": {parallel}}}]}}"#
    ))
    .unwrap()
}

fn request(id: &str, start: &str, end: &str, user: Option<&str>) -> BookingRequest {
    BookingRequest { id: Some(id.into()), user: user.map(str::to_string), ..BookingRequest::new(at(start), at(end)) }
}

const S: &str = "2026-03-04T09:00:00+01:00";
const E: &str = "2026-03-04T09:30:00+01:00";

fn confirmed_in_slot(bookings: &[Booking]) -> usize {
    bookings.iter().filter(|b| b.start == at(S) && b.status == BookingStatus::Confirmed).count()
}

#[test]
fn two_racing_requests_do_not_overbook() {
    let cal = calendar(2);
    let now = at("2026-03-01T08:00:00+01:00");
    let x = cal.book(&request("x", S, E, None), &[], now).unwrap().submit(&cal, &[], now).unwrap();
    // Both requests read the store when it held only x.
    let stale = vec![x.clone()];
    let a = cal.book(&request("a", S, E, None), &stale, now).unwrap();
    let b = cal.book(&request("b", S, E, None), &stale, now).unwrap();
    // The store now holds x, a, b: a was first (same instant, smaller id), b queues behind it.
    let a_ok = a.submit(&cal, &[x.clone(), a.clone(), b.clone()], now).unwrap();
    let err = b.submit(&cal, &[x.clone(), a_ok.clone(), b.clone()], now).unwrap_err();
    assert_eq!(err.code(), "slots.full");
    // Had b been submitted first, it would still be refused: a's earlier draft holds the last place.
    let b_first = b.submit(&cal, &[x.clone(), a.clone(), b.clone()], now).unwrap_err();
    assert_eq!(b_first.code(), "slots.full", "a's earlier draft still holds its place");
    let store = vec![x, a_ok];
    assert_eq!(confirmed_in_slot(&store), 2);
}

#[test]
fn a_closure_added_after_the_draft_refuses_the_submission() {
    let cal = calendar(2);
    let now = at("2026-03-01T08:00:00+01:00");
    let a = cal.book(&request("a", S, E, None), &[], now).unwrap();
    let mut closed = cal.clone();
    closed.closures.push(Closure {
        from: at("2026-03-04T09:15:00+01:00"),
        to: at("2026-03-04T10:00:00+01:00"),
        reason: Some("Sciopero".into()),
        scope: ClosureScope::Calendar,
    });
    let err = a.submit(&closed, std::slice::from_ref(&a), now).unwrap_err();
    assert_eq!(err.code(), "slots.closed");
    assert!(a.submit(&cal, std::slice::from_ref(&a), now).is_ok());
}

#[test]
fn a_user_limit_reached_after_the_draft_refuses_the_submission() {
    let mut cal = calendar(2);
    cal.user_limits.push(UserLimit { period: LimitPeriod::Week, max: 1, count_history: false, scope: None });
    let now = at("2026-03-01T08:00:00+01:00");
    let cf = Some("RSSMRA80A01H501U");
    // Two tabs: both drafts made while the user had nothing that week.
    let a = cal.book(&request("a", S, E, cf), &[], now).unwrap();
    let b = cal.book(&request("b", "2026-03-06T10:30:00+01:00", "2026-03-06T11:00:00+01:00", cf), &[], now).unwrap();
    let a_ok = a.submit(&cal, &[a.clone(), b.clone()], now).unwrap();
    let err = b.submit(&cal, &[a_ok, b.clone()], now).unwrap_err();
    assert_eq!(err.code(), "slots.user_limit");
    // A later draft does not block an earlier one.
    assert!(a.submit(&cal, &[a.clone(), b.clone()], now).is_ok());
}

proptest! {
    /// Any number of drafts made from the same stale view, submitted in any order against the
    /// store as it is at each submission: never more confirmed than places.
    #[test]
    fn stale_drafts_never_overbook(parallel in 1u32..4, n in 1usize..8, order in Just(()).prop_perturb(|_, mut rng| {
        let mut v: Vec<usize> = (0..8).collect();
        for i in (1..v.len()).rev() { v.swap(i, (rng.next_u32() as usize) % (i + 1)); }
        v
    })) {
        let cal = calendar(parallel);
        let now = at("2026-03-01T08:00:00+01:00");
        let mut store: Vec<Booking> = (0..n).map(|i| cal.book(&request(&format!("d{i}"), S, E, None), &[], now).unwrap()).collect();
        for &k in order.iter().filter(|&&k| k < n) {
            if let Ok(b) = store[k].submit(&cal, &store, now) {
                store[k] = b;
            }
        }
        prop_assert_eq!(confirmed_in_slot(&store), n.min(parallel as usize));
    }
}
