//! notify: JSON shapes, settings validation, the notifications due, and the reference cases in
//! tests/cases/notify.json.

use sportello::notify::{Event, EventKind, NotifySettings};

#[test]
fn event_shape_round_trips() {
    let json = r#"{"kind":"practiceTransition","practice":"P-1","from":1900,"to":2000,"at":"2026-03-02T09:00:00+01:00"}"#;
    let e: Event = sportello::json::from_str(json).unwrap();
    assert_eq!(e.kind(), EventKind::PracticeTransition);
    assert_eq!(e.key(), "practiceTransition.2000");
    assert_eq!(serde_json::to_string(&e).unwrap(), json);
    let err = sportello::json::from_str::<Event>(
        r#"{"kind":"paymentPaid","practice":"P","payment":"1","amount":"16.00","at":"2026-03-02T09:00:00+01:00","extra":1}"#,
    )
    .unwrap_err();
    assert_eq!(err.code(), "json");
}

#[test]
fn settings_defaults_and_refusals() {
    let s = NotifySettings::from_json("{}").unwrap();
    assert_eq!(s, NotifySettings::default());
    assert_eq!(s.to_json(), r#"{"languages":["it"],"channels":["email"]}"#);

    let e = NotifySettings::from_json(r#"{"events": {"practiceTransition.2000": {"operators": false}}}"#).unwrap_err();
    assert_eq!(e.code(), "notify.operators_mandatory");
    assert!(e.to_string().starts_with("events.practiceTransition.2000.operators"));

    let e = NotifySettings::from_json(r#"{"events": {"practiceTransition.5000": {"enabled": false}}}"#).unwrap_err();
    assert_eq!(e.code(), "notify.unknown_event");

    let e = NotifySettings::from_json(r#"{"events": {"paymentPaid": {"enabled": false, "sms": true}}}"#).unwrap_err();
    assert_eq!(e.code(), "json");
    assert!(e.to_string().contains("events.paymentPaid"), "{e}");

    let e = NotifySettings::from_json(r#"{"languages": []}"#).unwrap_err();
    assert_eq!(e.code(), "notify.invalid");
}
