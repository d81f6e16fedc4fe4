//! notify: JSON shapes, settings validation, the notifications due, and the reference cases in
//! tests/cases/notify.json.

use sportello::notify::{due, Event, EventKind, NotifyContext, NotifySettings, RecipientKind};
use sportello::practice::Lang;
use sportello::Coded;

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

fn context() -> NotifyContext {
    sportello::json::from_str(
        r#"{"entity": "Comune di Bugliano", "service": {"id": "ci", "name": "Carta d'identità"},
            "citizen": {"name": "Mario Rossi", "email": "mario@example.it", "fiscalCode": "RSSMRA80A01H501U", "lang": "en"},
            "operators": [{"id": "op1", "name": "Anna Bianchi", "email": "anna@comune.example.it", "assigned": true},
                          {"id": "op2", "name": "Luca Verdi", "email": "luca@comune.example.it"}],
            "calendar": {"id": "anagrafe", "title": "Ufficio anagrafe", "location": "Piazza 1", "contactEmail": "anagrafe@comune.example.it"}}"#,
    )
    .unwrap()
}

fn event(json: &str) -> Event {
    sportello::json::from_str(json).unwrap()
}

#[test]
fn template_errors_are_found_at_load_with_their_path() {
    let e = NotifySettings::from_json(r#"{"templates": {"it": {"practiceTransition.7000": {"body": "Ciao {{ nome }}"}}}}"#).unwrap_err();
    assert_eq!(e.code(), "notify.template");
    let v = e.to_json_value();
    assert_eq!(v["path"], "templates.it.practiceTransition.7000.body");
    assert_eq!(v["variable"], "nome");

    let e = NotifySettings::from_json(r#"{"templates": {"en": {"paymentPaid": {"subject": "Paid {{ amount "}}}}"#).unwrap_err();
    assert_eq!(e.code(), "notify.template");
    assert_eq!(e.to_json_value()["path"], "templates.en.paymentPaid.subject");

    // A variable of another event is unknown here.
    let e = NotifySettings::from_json(r#"{"templates": {"it": {"paymentPaid": {"body": "{{ hour }}"}}}}"#).unwrap_err();
    assert_eq!(e.to_json_value()["variable"], "hour");

    let e = NotifySettings::from_json(r#"{"templates": {"it": {"paymentDone": {"body": "x"}}}}"#).unwrap_err();
    assert_eq!(e.code(), "notify.unknown_event");
    assert_eq!(e.to_json_value()["path"], "templates.it.paymentDone");
}

#[test]
fn overrides_apply_to_the_citizen_in_their_language() {
    let settings = NotifySettings::from_json(
        r#"{"languages": ["it", "en"], "templates": {"en": {"practiceTransition.7000": {"subject": "Approved: {{ practiceId }}", "body": "{{ status }}{% if reason %} ({{ reason }}){% endif %}"}}}}"#,
    )
    .unwrap();
    let e = event(r#"{"kind":"practiceTransition","practice":"P-1","from":6000,"to":7000,"at":"2026-03-02T09:00:00+01:00","reason":"ok"}"#);
    let ns = due(&e, &settings, &context(), None).unwrap();
    assert_eq!(ns.len(), 2);
    assert_eq!((ns[0].subject.as_str(), ns[0].body.as_str(), ns[0].lang), ("Approved: P-1", "Accepted (ok)", Lang::En));
    // Operators: the built-in Italian text, in the service's first language.
    assert_eq!(ns[1].recipient.kind, RecipientKind::Operator);
    assert_eq!(ns[1].lang, Lang::It);
    assert!(ns[1].body.starts_with("Gentile Anna Bianchi,\nhai accettato"), "{}", ns[1].body);
}

#[test]
fn operators_cannot_be_turned_off_and_ids_are_stable() {
    let settings = NotifySettings::from_json(r#"{"events": {"practiceTransition": {"enabled": false}}}"#).unwrap();
    let e = event(r#"{"kind":"practiceTransition","practice":"P-1","from":1900,"to":2000,"at":"2026-03-02T09:00:00+01:00"}"#);
    let ns = due(&e, &settings, &context(), None).unwrap();
    let who: Vec<_> = ns.iter().map(|n| n.recipient.id.clone().unwrap_or_default()).collect();
    assert_eq!(who, ["op1", "op2"]);
    let again = due(&e, &settings, &context(), None).unwrap();
    assert_eq!(ns, again);
    let ids: std::collections::BTreeSet<_> = ns.iter().map(|n| n.id.clone()).collect();
    assert_eq!(ids.len(), 2);
}

#[test]
fn the_reminder_is_due_the_day_before_only() {
    let settings = NotifySettings::default();
    let e = event(
        r#"{"kind":"bookingReminder","booking":{"id":"b1","calendar":"anagrafe","start":"2026-03-04T09:00:00+01:00","end":"2026-03-04T09:30:00+01:00"}}"#,
    );
    let at = |s: &str| Some(chrono::DateTime::parse_from_rfc3339(s).unwrap());
    assert_eq!(due(&e, &settings, &context(), at("2026-03-03T18:00:00+01:00")).unwrap().len(), 1);
    assert!(due(&e, &settings, &context(), at("2026-03-02T18:00:00+01:00")).unwrap().is_empty());
    assert!(due(&e, &settings, &context(), at("2026-03-04T08:00:00+01:00")).unwrap().is_empty());
    // 23:30 UTC on the 2nd is already the 3rd in Rome.
    assert_eq!(due(&e, &settings, &context(), at("2026-03-02T23:30:00+00:00")).unwrap().len(), 1);
    assert_eq!(due(&e, &settings, &context(), None).unwrap_err().code(), "notify.invalid");
}
