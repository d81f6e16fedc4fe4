//! Runs the reference cases of `tests/cases/practice.json` against the core.
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{json, Value};
use sportello::practice::*;
use sportello::workdays::HolidayCalendar;
use sportello::Coded;

const CASES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/practice.json"));

fn from<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

fn instant(v: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

/// The bytes of a hex string (`"25504446"` = `%PDF`).
fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn codes(timeline: &[TimelineEntry]) -> Vec<u32> {
    timeline.iter().map(|e| e.status.code()).collect()
}

/// Builds the practice of a `run` input, checking every step's expectation.
fn run(name: &str, input: &Value) -> Practice {
    let p = &input["practice"];
    let config: ServiceConfig = from(&p["config"]);
    let mut practice = Practice::new(p["id"].as_str().unwrap(), p["applicant"].as_str().unwrap(), config, instant(&p["createdAt"]));
    // With `staff` (and `service`), every step is applied with the back office's staff consulted.
    let staff: Option<sportello::access::Staff> = input.get("staff").map(|s| sportello::access::Staff::from_json(&s.to_string()).unwrap());
    let service = input.get("service").and_then(Value::as_str).unwrap_or_default();
    for (i, step) in input["steps"].as_array().unwrap().iter().enumerate() {
        let event: Event = from(&step["event"]);
        let actor: Actor = from(&step["actor"]);
        let message = step.get("message").and_then(Value::as_str).map(str::to_string);
        let before = practice.clone();
        let len = practice.timeline().len();
        let result = match &staff {
            Some(staff) => practice.apply_staffed(event, actor, instant(&step["at"]), staff, service, message),
            None => practice.apply(event, actor, instant(&step["at"]), message).map_err(sportello::Error::from),
        };
        match (step.get("error"), result) {
            (Some(code), Err(e)) => {
                assert_eq!(e.code(), code.as_str().unwrap(), "{name} step {i}: {e}");
                if let Some(failed) = step.get("failed") {
                    let sportello::Error::Practice(e) = &e else { panic!("{name} step {i}: {e}") };
                    let got: Vec<&str> = e.failed_guards().iter().map(|g| g.code.name()).collect();
                    let want: Vec<&str> = failed.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                    assert_eq!(got, want, "{name} step {i}: {e}");
                }
                assert_eq!(practice, before, "{name} step {i}: a failed event must not change the practice");
            }
            (Some(code), Ok(s)) => panic!("{name} step {i}: expected {code}, got status {}", s.code()),
            (None, Err(e)) => panic!("{name} step {i}: unexpected error {} {e}", e.code()),
            (None, Ok(_)) => {
                let entered: Vec<u32> = codes(&practice.timeline()[len..]);
                let want: Vec<u32> = from(&step["expect"]);
                assert_eq!(entered, want, "{name} step {i}");
            }
        }
    }
    practice
}

fn check_run(name: &str, input: &Value, expected: &Value) {
    let practice = run(name, input);
    let staff: Option<sportello::access::Staff> = input.get("staff").map(|s| sportello::access::Staff::from_json(&s.to_string()).unwrap());
    let service = input.get("service").and_then(Value::as_str).unwrap_or_default();
    let on: Option<NaiveDate> = input.get("on").map(from);
    let calendar = input.get("calendar").map(|_| HolidayCalendar::italy());
    let deadline = practice.deadline(on, calendar.as_ref()).unwrap();
    let e = expected.as_object().unwrap();
    for (key, want) in e {
        let got: Value = match key.as_str() {
            "status" => json!(practice.status().code()),
            "timeline" => json!(codes(practice.timeline())),
            "outcome" => json!(practice.outcome()),
            "assignedOperator" => json!(practice.assigned_operator()),
            "protocolNumber" => json!(practice.protocol_number()),
            "protocol" => json!(practice.protocol()),
            "office" => json!(practice.office()),
            "charges" => json!(practice.charges()),
            "dueDate" => json!(deadline.as_ref().and_then(|d| d.due_date)),
            "remainingDays" => json!(deadline.as_ref().and_then(|d| d.remaining_days)),
            "suspendedDays" => json!(deadline.as_ref().map(|d| d.suspended_days)),
            "suspended" => json!(deadline.as_ref().map(|d| d.suspended)),
            "submittedOn" => json!(deadline.as_ref().map(|d| d.submitted_on)),
            "closed" => json!(deadline.as_ref().map(|d| d.closed)),
            "noticeDays" => json!(deadline.as_ref().map(|d| d.notice_days)),
            "priority" => json!(practice.priority()),
            "takeInCharge" => json!(practice.take_in_charge(on, calendar.as_ref()).unwrap()),
            "rejectionNotices" => json!(practice.rejection_notices().unwrap()),
            "internal" => json!(practice.timeline().iter().filter(|e| e.internal).map(|e| e.status.code()).collect::<Vec<_>>()),
            "allowed" => {
                for q in want.as_array().unwrap() {
                    let actor: Actor = from(&q["actor"]);
                    let at = q.get("at").map(instant);
                    // With `staff` and `service`, the staff is consulted as for the steps.
                    let events = match &staff {
                        Some(staff) => practice.allowed_events_staffed(&actor, staff, service, at),
                        None => practice.allowed_events(&actor, at),
                    };
                    let got: Vec<&str> = events.iter().map(|k| k.name()).collect();
                    let want: Vec<&str> = q["events"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                    assert_eq!(got, want, "{name}: allowed for {actor:?}");
                }
                continue;
            }
            "whyNot" => {
                for q in want.as_array().unwrap() {
                    let actor: Actor = from(&q["actor"]);
                    let event: EventKind = from(&q["event"]);
                    let at = q.get("at").map(instant);
                    if let Some(staff) = &staff {
                        let got = practice.why_not_staffed(EventArg::Name(event.name().into()), &actor, staff, service, None, at).unwrap();
                        assert_eq!(got.as_ref().map(|e| e.code()), q["error"].as_str(), "{name}: why_not_staffed {event:?} {actor:?}");
                        assert_eq!(got.is_none(), practice.allowed_events_staffed(&actor, staff, service, at).contains(&event), "{name}");
                        continue;
                    }
                    let got = practice.why_not(event, &actor, at);
                    assert_eq!(got.as_ref().map(|e| e.code()), q["error"].as_str(), "{name}: why_not {event:?} {actor:?}");
                    // Consistency: allowed_events agrees with why_not.
                    assert_eq!(got.is_none(), practice.allowed_events(&actor, at).contains(&event), "{name}");
                    if let (Some(err), Some(failed)) = (&got, q.get("failed")) {
                        let got: Vec<&str> = err.failed_guards().iter().map(|g| g.code.name()).collect();
                        let want: Vec<&str> = failed.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                        assert_eq!(got, want, "{name}");
                    }
                }
                continue;
            }
            "readBy" => {
                for q in want.as_array().unwrap() {
                    let viewer: Actor = from(&q["viewer"]);
                    let events = practice.events_for(&viewer);
                    let timeline = practice.timeline_for(&viewer);
                    let got = json!({
                        "viewer": q["viewer"],
                        "events": events.iter().map(|e| e.event.kind().name()).collect::<Vec<_>>(),
                        "messages": events.iter().map(|e| e.message.clone()).collect::<Vec<_>>(),
                        "timelineMessages": timeline.iter().map(|e| e.message.clone()).collect::<Vec<_>>(),
                    });
                    assert_eq!(&got, q, "{name}: read by {viewer:?}");
                }
                continue;
            }
            other => panic!("{name}: unknown expected key {other}"),
        };
        assert_eq!(&got, want, "{name}: {key}");
    }
    // JSON round trip and replay.
    let json = practice.to_json();
    let back = Practice::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(back, practice, "{name}: JSON round trip");
    assert_eq!(back.to_json(), json, "{name}: JSON round trip (text)");
}

#[test]
fn reference_cases() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 60);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = &case["input"];
        let expected = &case["expected"];
        let error = case.get("error").and_then(Value::as_str);
        let fn_name = case["fn"].as_str().unwrap();
        match fn_name {
            "run" => check_run(name, input, expected),
            "audit" => {
                let config: ServiceConfig = from(&input["config"]);
                let steps: Vec<Step> = from(&input["history"]);
                let report = audit(&config, &steps);
                assert_eq!(serde_json::to_value(&report.findings).unwrap(), expected["findings"], "{name}");
                assert_eq!(report.ok, expected["ok"].as_bool().unwrap(), "{name}");
                if let Some(repair) = expected.get("repair") {
                    assert_eq!(serde_json::to_value(&report.repair).unwrap(), *repair, "{name}");
                }
                if let Some(fitness) = expected.get("fitness") {
                    assert_eq!(serde_json::to_value(report.fitness).unwrap(), *fitness, "{name}");
                }
            }
            "readLog" => {
                let options: LogOptions = input.get("options").map(from).unwrap_or_default();
                let text = input["text"].as_str().unwrap();
                let result = match input["format"].as_str().unwrap() {
                    "csv" => read_csv(text, &options),
                    _ => read_xes(text, &options),
                };
                match (error, result) {
                    (Some(code), Err(e)) => {
                        assert_eq!(e.code(), code, "{name}");
                        let PracticeError::Import { line, .. } = e else { panic!("{name}: {e:?}") };
                        assert_eq!(Some(line as u64), case["line"].as_u64(), "{name}");
                    }
                    (Some(code), Ok(_)) => panic!("{name}: expected {code}"),
                    (None, Err(e)) => panic!("{name}: {e}"),
                    (None, Ok(log)) => assert_eq!(serde_json::to_value(&log).unwrap(), *expected, "{name}"),
                }
            }
            "exportCsv" | "usage" | "calculate" => {
                let items: Vec<ReportItem> = from(&input["items"]);
                let got = match fn_name {
                    "exportCsv" => export_csv(&items, &input.get("options").map(from).unwrap_or_default()).map(Value::from),
                    "usage" => usage(&items).map(|u| serde_json::to_value(u).unwrap()),
                    _ => calculate(&items, &from(&input["fields"])).map(|c| serde_json::to_value(c).unwrap()),
                };
                match (error, got) {
                    (Some(code), Err(e)) => assert_eq!(e.code(), code, "{name}: {e}"),
                    (Some(code), Ok(v)) => panic!("{name}: expected {code}, got {v}"),
                    (None, Err(e)) => panic!("{name}: {e}"),
                    (None, Ok(v)) => assert_eq!(v, *expected, "{name}"),
                }
            }
            "report" => {
                let config: ServiceConfig = from(&input["config"]);
                let options: LogOptions = input.get("options").map(from).unwrap_or_default();
                let log = read_csv(input["csv"].as_str().unwrap(), &options).unwrap();
                let on = input.get("on").map(|d| NaiveDate::parse_from_str(d.as_str().unwrap(), "%Y-%m-%d").unwrap());
                let report = Auditor::new(&config).report(&log, on);
                let got = serde_json::to_value(&report).unwrap();
                for (k, want) in expected.as_object().unwrap() {
                    assert_eq!(&got[k], want, "{name}: {k}");
                }
                let summary = report.summary();
                for line in case["summaryContains"].as_array().unwrap() {
                    assert!(summary.contains(line.as_str().unwrap()), "{name}: {summary}");
                }
            }
            "export" => {
                let config: ServiceConfig = from(&input["config"]);
                let a = Auditor::new(&config);
                let text = if input["format"] == "pnml" { a.to_pnml() } else { a.to_bpmn() };
                let again = if input["format"] == "pnml" { Auditor::new(&config).to_pnml() } else { Auditor::new(&config).to_bpmn() };
                assert_eq!(text, again, "{name}");
                for c in expected["contains"].as_array().unwrap() {
                    assert!(text.contains(c.as_str().unwrap()), "{name}: {c}\n{text}");
                }
            }
            "auditMany" => {
                let config: ServiceConfig = from(&input["config"]);
                let histories: Vec<Vec<Step>> = from(&input["histories"]);
                let batch = audit_many(&config, &histories);
                assert_eq!(serde_json::to_value(&batch).unwrap(), *expected, "{name}");
            }
            "link" => {
                let original = run(name, &input["original"]);
                let kind: RequestKind = from(&input["kind"]);
                let by: Actor = from(&input["createdBy"]);
                let result = Practice::linked(&original, kind, input["id"].as_str().unwrap(), by, instant(&input["at"]));
                match (error, result) {
                    (Some(code), Err(e)) => assert_eq!(e.code(), code, "{name}"),
                    (Some(code), Ok(_)) => panic!("{name}: expected {code}"),
                    (None, Err(e)) => panic!("{name}: {e}"),
                    (None, Ok(p)) => {
                        let got = json!({"kind": p.kind(), "linkedTo": p.linked_to(), "status": p.status().code(),
                                         "applicant": p.applicant(), "originalStatus": original.status().code()});
                        assert_eq!(&got, expected, "{name}");
                        assert_eq!(Practice::from_json(&p.to_json()).unwrap(), p);
                    }
                }
            }
            "status" => {
                let code = input["code"].as_u64().unwrap() as u32;
                match (error, Status::from_code(code)) {
                    (Some(c), Err(e)) => assert_eq!(e.code(), c, "{name}"),
                    (None, Ok(s)) => assert_eq!(json!({"code": s.code(), "label": s.label(), "final": s.is_final()}), *expected, "{name}"),
                    (e, r) => panic!("{name}: {e:?} vs {r:?}"),
                }
            }
            "config" => match (error, sportello::json::from_value::<ServiceConfig>(input["config"].clone())) {
                (Some(c), Err(e)) => {
                    assert_eq!(e.code(), c, "{name}: {e}");
                    let sportello::Error::Json(j) = &e else { panic!("{name}: {e:?}") };
                    assert_eq!(j.path, case["errorPath"].as_str().unwrap(), "{name}");
                }
                (None, Ok(config)) => assert_eq!(serde_json::to_value(&config).unwrap(), *expected, "{name}"),
                (e, r) => panic!("{name}: {e:?} vs {r:?}"),
            },
            "checkFile" => {
                let config: ServiceConfig = input.get("config").map(from).unwrap_or_default();
                let head = hex(input["head"].as_str().unwrap());
                let size = input["size"].as_u64().unwrap();
                let purpose: FilePurpose = from(&input["purpose"]);
                match (error, check_file(input["name"].as_str().unwrap(), size, &head, purpose, &config.files)) {
                    (Some(c), Err(e)) => assert_eq!(e.code(), c, "{name}: {e}"),
                    (None, Ok(f)) => assert_eq!(serde_json::to_value(f).unwrap(), *expected, "{name}"),
                    (e, r) => panic!("{name}: {e:?} vs {r:?}"),
                }
            }
            "citizenGroup" => {
                let lang: Lang = input.get("lang").map(from).unwrap_or_default();
                let status = Status::from_code(input["status"].as_u64().unwrap() as u32).unwrap();
                assert_eq!(serde_json::to_value(CitizenGroup::of(status).map(|g| g.info(lang))).unwrap(), *expected, "{name}");
            }
            "changeRanges" => {
                let lang: Lang = input.get("lang").map(from).unwrap_or_default();
                let got = change_ranges(from(&input["date"]), from(&input["today"]), lang).unwrap();
                assert_eq!(serde_json::to_value(got).unwrap(), *expected, "{name}");
            }
            "priorityLabel" => {
                let priority: Priority = from(&input["priority"]);
                assert_eq!(json!(priority.label_in(from(&input["lang"]))), *expected, "{name}");
            }
            "statusLabel" => {
                let status = Status::from_code(input["code"].as_u64().unwrap() as u32).unwrap();
                assert_eq!(json!(status.label_in(from(&input["lang"]))), *expected, "{name}");
            }
            "fromJson" => {
                let text = input["json"].to_string();
                match (error, Practice::from_json(&text)) {
                    (Some(c), Err(e)) => assert_eq!(e.code(), c, "{name}: {e}"),
                    (None, Ok(p)) => {
                        assert_eq!(json!(p.status().code()), expected["status"], "{name}");
                        assert_eq!(json!(codes(p.timeline())), expected["timeline"], "{name}");
                    }
                    (e, r) => panic!("{name}: {e:?} vs {r:?}"),
                }
            }
            other => panic!("unknown fn {other}"),
        }
    }
}
