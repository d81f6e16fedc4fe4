#![no_main]
//! Fuzzes the service and notify capabilities. First byte: the mode.
//! - 0: a service definition (JSON text) loaded against the reference calendars; a service that
//!   loads restores from its own JSON to the same definition, and offers slots without panicking.
//! - 1: `settings\nevent\ncontext\nnow` (JSON texts, `now` RFC 3339 or empty): the notifications
//!   due; the same call twice gives the same notifications (ids included), and ids are distinct.
//! - 2: a journey (JSON text) walked on the reference service of `tests/cases/service.json`.
use libfuzzer_sys::fuzz_target;
use sportello::notify::{due, Event, NotifyContext, NotifySettings};
use sportello::service::{Journey, Service};
use sportello::slots::Calendar;
use std::sync::OnceLock;

const CASES: &str = include_str!("../../tests/cases/service.json");

fn reference() -> &'static (Vec<Calendar>, Option<Service>) {
    static REF: OnceLock<(Vec<Calendar>, Option<Service>)> = OnceLock::new();
    REF.get_or_init(|| {
        let file: serde_json::Value = serde_json::from_str(CASES).expect("the reference cases are JSON");
        let calendars: Vec<Calendar> = serde_json::from_value(file["calendars"].clone()).expect("the reference calendars load");
        let service = Service::from_json(&file["service"].to_string(), &calendars).ok();
        (calendars, service)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (calendars, service) = reference();
    match mode % 3 {
        0 => {
            if let Ok(s) = Service::from_json(text, calendars) {
                let back = Service::from_json(&s.to_json(), calendars).expect("a service's own JSON loads");
                assert_eq!(back.definition(), s.definition());
                let now = "2026-03-02T10:00:00+01:00".parse().expect("a valid instant");
                let _ = s.offer("2026-03-02".parse().expect("a valid date"), &[], now);
                let _ = s.charges();
            }
        }
        1 => {
            let mut parts = text.splitn(4, '\n');
            let (Some(settings), Some(event), Some(context)) = (parts.next(), parts.next(), parts.next()) else { return };
            let Ok(settings) = NotifySettings::from_json(settings) else { return };
            let Ok(event) = sportello::json::from_str::<Event>(event) else { return };
            let Ok(context) = sportello::json::from_str::<NotifyContext>(context) else { return };
            let now = parts.next().and_then(|s| chrono::DateTime::parse_from_rfc3339(s.trim()).ok());
            let first = due(&event, &settings, &context, now);
            let again = due(&event, &settings, &context, now);
            assert_eq!(first, again, "notify::due is deterministic");
            if let Ok(list) = first {
                let mut ids: Vec<&str> = list.iter().map(|n| n.id.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                assert_eq!(ids.len(), list.len(), "notification ids are distinct");
            }
        }
        _ => {
            let Some(s) = service else { return };
            let Ok(journey) = sportello::json::from_str::<Journey>(text) else { return };
            let _ = s.walk(&journey);
        }
    }
});
