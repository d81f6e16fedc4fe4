//! Runs the reference cases of `tests/cases/slots.json` against the core.
use serde_json::{json, Map, Value};
use sportello::slots::{Actor, Booking, BookingRequest, Calendar, EnteClosures, IcsOptions, Lang};

const CASES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/slots.json"));

fn resolve_calendar(v: &Value, named: &Map<String, Value>) -> Value {
    match v {
        Value::String(name) => named[name].clone(),
        Value::Object(o) => match o.get("$base") {
            Some(Value::String(name)) => {
                let mut base = named[name].as_object().unwrap().clone();
                for (k, v) in o.iter().filter(|(k, _)| *k != "$base") {
                    base.insert(k.clone(), v.clone());
                }
                Value::Object(base)
            }
            _ => v.clone(),
        },
        _ => panic!("bad calendar {v}"),
    }
}

/// `expected` is a subset of `actual` (null matches missing; arrays have equal length).
fn matches(expected: &Value, actual: Option<&Value>, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Null, None | Some(Value::Null)) => Ok(()),
        (Value::Object(e), Some(Value::Object(a))) => {
            for (k, ev) in e {
                matches(ev, a.get(k), &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Some(Value::Array(a))) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} items, got {}: {}", e.len(), a.len(), Value::Array(a.clone())));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, Some(av), &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (e, Some(a)) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {}", a.map(|a| a.to_string()).unwrap_or("nothing".into()))),
    }
}

fn csv_records(s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            quoted = !quoted;
        }
        if !quoted && c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            out.push(std::mem::take(&mut cur));
            continue;
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn p<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("bad input {v}: {e}"))
}

fn run(case: &Value, named: &Map<String, Value>) -> Result<Value, sportello::Error> {
    let input = &case["input"];
    let cal_json = input.get("calendar").map(|c| resolve_calendar(c, named));
    let cal = || -> Result<Calendar, sportello::Error> {
        let c = Calendar::from_json(&cal_json.as_ref().unwrap().to_string())?;
        let ente: Option<EnteClosures> = input.get("ente").map(|e| sportello::json::from_str(&e.to_string())).transpose()?;
        Ok(c.for_ente(ente.as_ref())?.into_owned())
    };
    let bookings: Vec<Booking> = input.get("bookings").map(p).unwrap_or_default();
    let now = || p(&input["now"]);
    Ok(match case["fn"].as_str().unwrap() {
        "calendarFromJson" => {
            let c = cal()?;
            let again = Calendar::from_json(&c.to_json())?;
            assert_eq!(again, c, "to_json/from_json round trip");
            json!({"valid": true, "json": serde_json::from_str::<Value>(&c.to_json()).unwrap()})
        }
        "slots" => {
            let slots = cal()?.slots(p(&input["from"]), p(&input["to"]), &bookings, now())?;
            let v = serde_json::to_value(&slots).unwrap();
            json!({"count": slots.len(), "slots": v})
        }
        "firstAvailable" => {
            let slot = cal()?.first_available(p(&input["from"]), &bookings, now())?;
            json!({"slot": slot})
        }
        "book" => {
            let c = cal()?;
            let req: BookingRequest = p(&input["request"]);
            let b = c.book(&req, &bookings, now())?;
            if case.get("derivedId").is_some() {
                let again = c.book(&req, &bookings, now())?;
                assert_eq!(again.id, b.id, "derived ids are stable");
                assert!(uuid_like(&b.id), "{}", b.id);
            }
            serde_json::to_value(&b).unwrap()
        }
        "transition" => {
            let c = cal()?;
            let b: Booking = p(&input["booking"]);
            let actor: Actor = input.get("actor").map(p).unwrap_or(Actor::Operator);
            let now = now();
            let r = match input["action"].as_str().unwrap() {
                "submit" => b.submit(&c, &bookings, now),
                "approve" => b.approve(now),
                "refuse" => b.refuse(now, input.get("outcome").and_then(Value::as_str)),
                "cancel" => b.cancel(&c, actor, now),
                "markDone" => b.mark_done(now),
                "markMissed" => b.mark_missed(now),
                "awaitPayment" => b.await_payment(&c, now),
                "reschedule" => {
                    b.reschedule(&c, p(&input["start"]), p(&input["end"]), input.get("openingHour").and_then(Value::as_str), actor, &bookings, now)
                }
                other => panic!("unknown action {other}"),
            }?;
            serde_json::to_value(&r).unwrap()
        }
        "followPractice" => {
            let status: sportello::practice::Status = p(&input["status"]);
            let r = sportello::slots::follow_practice(
                &bookings,
                input["practice"].as_str().unwrap(),
                status,
                now(),
                input.get("reason").and_then(Value::as_str),
            );
            json!({"changed": serde_json::to_value(&r).unwrap()})
        }
        "removeOpeningHour" => {
            let c = cal()?.remove_opening_hour(input["openingHour"].as_str().unwrap(), &bookings, now())?;
            json!({"openingHours": c.opening_hours.iter().map(|o| o.id.clone()).collect::<Vec<_>>()})
        }
        "toIcs" => {
            let c = cal()?;
            let slots = match input.get("slots") {
                Some(s) => c.slots(p(&s["from"]), p(&s["to"]), &bookings, p(&s["now"]))?,
                None => vec![],
            };
            let opts: IcsOptions = p(&input["options"]);
            let ics = sportello::slots::to_ics(&c, &bookings, &slots, &opts);
            assert!(ics.ends_with("\r\n"));
            for line in ics.split("\r\n") {
                assert!(line.len() <= 75, "line over 75 octets: {line}");
                assert!(!line.contains('\n') && !line.contains('\r'));
            }
            json!({"text": ics.replace("\r\n ", ""), "events": ics.matches("BEGIN:VEVENT").count()})
        }
        "reminderAt" => {
            let b: Booking = p(&input["booking"]);
            json!({"at": b.reminder_at(&cal()?)})
        }
        "validateAt" => {
            cal()?.validate_at(p(&input["today"]))?;
            json!({"valid": true})
        }
        "titleIn" => {
            let c = cal()?;
            let lang: Lang = p(&input["lang"]);
            json!({"title": c.title_in(lang), "emailLanguage": c.email_language()})
        }
        "toCsv" => json!({"lines": csv_records(&sportello::slots::to_csv(&cal()?, &bookings))}),
        other => panic!("unknown fn {other}"),
    })
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

fn check(case: &Value, got: Result<Value, sportello::Error>) -> Result<(), String> {
    match (case.get("error"), got) {
        (Some(code), Err(e)) => {
            if e.code() != code.as_str().unwrap() {
                return Err(format!("expected error {code}, got {} ({e})", e.code()));
            }
            match case.get("errorDetails") {
                Some(d) => matches(d, Some(&e.to_json_value()), "error"),
                None => Ok(()),
            }
        }
        (Some(code), Ok(v)) => Err(format!("expected error {code}, got {v}")),
        (None, Err(e)) => Err(format!("unexpected error {} ({e})", e.code())),
        (None, Ok(v)) => {
            let exp = &case["expected"];
            match case["fn"].as_str().unwrap() {
                "slots" => {
                    if let Some(n) = exp.get("count") {
                        matches(n, v.get("count"), "count")?;
                    }
                    if let Some(s) = exp.get("slots") {
                        matches(s, v.get("slots"), "slots")?;
                    }
                    let all = v["slots"].as_array().unwrap();
                    for (i, want) in exp.get("contains").and_then(Value::as_array).into_iter().flatten().enumerate() {
                        if !all.iter().any(|s| matches(want, Some(s), "").is_ok()) {
                            return Err(format!("contains[{i}]: no slot matches {want}; slots: {}", v["slots"]));
                        }
                    }
                    for start in exp.get("absent").and_then(Value::as_array).into_iter().flatten() {
                        if all.iter().any(|s| &s["start"] == start) {
                            return Err(format!("slot {start} should not exist"));
                        }
                    }
                    Ok(())
                }
                "toIcs" => {
                    let text = v["text"].as_str().unwrap();
                    for c in exp.get("contains").and_then(Value::as_array).into_iter().flatten() {
                        if !text.contains(c.as_str().unwrap()) {
                            return Err(format!("ics lacks {c}:\n{text}"));
                        }
                    }
                    for c in exp.get("notContains").and_then(Value::as_array).into_iter().flatten() {
                        if text.contains(c.as_str().unwrap()) {
                            return Err(format!("ics has {c}:\n{text}"));
                        }
                    }
                    match exp.get("events") {
                        Some(n) => matches(n, v.get("events"), "events"),
                        None => Ok(()),
                    }
                }
                _ => matches(exp, Some(&v), "result"),
            }
        }
    }
}

#[test]
fn reference_cases() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let named = doc["calendars"].as_object().unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() > 100);
    let mut failures = vec![];
    for case in cases {
        if let Err(msg) = check(case, run(case, named)) {
            failures.push(format!("{}: {msg}", case["name"].as_str().unwrap()));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
