//! Demo section for `service` and `notify`: the reference journey of `tests/cases/service.json`
//! ("accesso agli atti": SPID login, a delegation, stamp and fees, protocol, an office, an
//! integration request, approval, an appointment) walked step by step, with every notification
//! due along the way.
use serde_json::Value;
use sportello::service::{Journey, Service};
use sportello::slots::Calendar;

const CASES: &str = include_str!("../../tests/cases/service.json");

pub fn run() {
    println!("== service and notify: one service's journey, and who is told what ==");
    let file: Value = serde_json::from_str(CASES).expect("the reference cases are JSON");
    let calendars: Vec<Calendar> = serde_json::from_value(file["calendars"].clone()).expect("the reference calendars load");
    let service = match Service::from_json(&file["service"].to_string(), &calendars) {
        Ok(s) => s,
        Err(e) => return println!("  the reference service does not load: {e}"),
    };
    let case = file["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["name"].as_str().is_some_and(|n| n.starts_with("Reference journey")));
    let Some(case) = case else { return println!("  no reference journey in the cases") };
    let journey: Journey = match serde_json::from_value(case["input"]["journey"].clone()) {
        Ok(j) => j,
        Err(e) => return println!("  the journey does not read: {e}"),
    };
    let report = match service.walk(&journey) {
        Ok(r) => r,
        Err(e) => return println!("  the journey stops: {e}"),
    };
    println!("  {} logs in with SPID; practice {} starts in office {:?}", report.identity.fiscal_code, journey.practice_id, report.started.office);
    for (i, step) in report.steps.iter().enumerate() {
        let statuses: Vec<String> = step.statuses.iter().map(|s| format!("{} {}", s.code(), s.label())).collect();
        let what = match &step.booking {
            Some(b) => format!("appointment {} at {}", b.id, b.start.format("%Y-%m-%d %H:%M")),
            None => statuses.join(" -> "),
        };
        println!("  step {:>2}: {what}", i + 1);
        print_notifications(&step.notifications);
        if let Some(reminder) = &step.reminder {
            println!("           reminder on {}:", reminder.at.format("%Y-%m-%d %H:%M"));
            print_notifications(&reminder.notifications);
        }
    }
    println!("  at the end: status {} {}, protocol {:?}", report.status.code(), report.status.label(), report.protocol_number);
    println!();
}

fn print_notifications(notifications: &[sportello::notify::Notification]) {
    for n in notifications {
        let to = serde_json::to_value(n.recipient.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let channel = serde_json::to_value(n.channel).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        // The line after the greeting says what happened.
        let lines: Vec<&str> = n.body.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let greeting = lines.iter().position(|l| l.starts_with("Gentile")).unwrap_or(0);
        let first = lines.get(greeting + 1).copied().unwrap_or_default();
        let first: String = if first.chars().count() > 140 { first.chars().take(139).chain(['…']).collect() } else { first.to_owned() };
        println!("           -> {to} by {channel}: {}\n              {first}", n.subject);
    }
}
