//! Demo section for `practice`: seed 3 event by event, a denied withdrawal naming its guards, the
//! deadline, a modification, and an audit of recorded histories.
use sportello::practice::*;

fn at(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).expect("valid instant")
}

pub fn run() {
    println!("== practice: the lifecycle of an online application");
    let cf = "RSSMRA80A01H501U";
    let config: ServiceConfig =
        serde_json::from_str(r#"{"protocolRequired": true, "allowWithdrawal": true, "responseDays": 30}"#).expect("valid configuration");
    let mut p = Practice::new("P-2025-001", cf, config, at("2025-02-20T09:00:00+01:00"));
    let citizen = Actor::citizen(cf);
    let operator = Actor::operator("op-rossi");
    let steps = [
        (Event::Submit { amount: None }, citizen.clone(), "2025-02-20T09:12:00+01:00", None),
        (Event::Acquire, Actor::system(), "2025-02-20T09:12:05+01:00", None),
        (Event::register("2025/0001234"), Actor::protocol(), "2025-02-20T10:30:00+01:00", None),
        (Event::Assign { operator: None, office: None }, operator.clone(), "2025-02-24T08:45:00+01:00", None),
        (Event::Accept(Approval::default()), operator.clone(), "2025-03-05T11:00:00+01:00", Some("Requisiti verificati".to_string())),
        (
            Event::RegisterOutcome { protocol_number: None, document_id: None, registered_at: None },
            Actor::protocol(),
            "2025-03-05T11:02:00+01:00",
            None,
        ),
    ];
    // Withdrawal is tried once along the way, while protocol is active and the practice is still sent.
    for (i, (event, actor, when, message)) in steps.into_iter().enumerate() {
        if i == 1 {
            match p.apply(Event::Withdraw, citizen.clone(), at(when), None) {
                Err(e) => println!("  withdraw in 1900 denied: [{}] {e}", sportello::Coded::code(&e)),
                Ok(_) => println!("  withdraw unexpectedly allowed"),
            }
        }
        match p.apply(event, actor, at(when), message) {
            Ok(_) => {}
            Err(e) => println!("  unexpected: {e}"),
        }
    }
    println!("  Iter della pratica:");
    for e in p.timeline() {
        println!(
            "    {}  {:>5} {:<64} ({}, {})",
            e.at.format("%d/%m/%Y %H:%M"),
            e.status.code(),
            e.status.label(),
            e.event.name(),
            e.actor.kind.name()
        );
    }
    if let Ok(Some(due)) = p.due_date(None, None) {
        println!(
            "  Riceverai risposta entro il {} (sent {} + 30 days)",
            due.format("%d/%m/%Y"),
            p.submitted_at().map(rome_date).map(|d| d.to_string()).unwrap_or_default()
        );
    }
    println!(
        "  citizen may now: {:?}",
        p.allowed_events(&citizen, Some(at("2025-04-01T09:00:00+02:00"))).iter().map(|k| k.name()).collect::<Vec<_>>()
    );
    match Practice::modification_of(&p, "P-2025-002", citizen.clone(), at("2025-04-01T09:00:00+02:00")) {
        Ok(m) => println!("  modification: new practice {} ({}) linked to {}", m.id(), m.kind().label(), m.linked_to().unwrap_or("?")),
        Err(e) => println!("  modification refused: {e}"),
    }
    let json = p.to_json();
    let back = Practice::from_json(&json).map(|b| b == p).unwrap_or(false);
    println!("  JSON: {} bytes, restores by replay: {back}", json.len());

    let audit_config: ServiceConfig =
        serde_json::from_str(r#"{"allowWithdrawal": true, "payment": "immediate", "paymentAmount": "16.00"}"#).expect("valid");
    let histories: Vec<Vec<Step>> = serde_json::from_str(
        r#"[[[1000, 1740042000], [1500, 1740042060], [1520, 1740042120], [1900, 1740042120], [2000, 1740042130]],
            [[1000, 1740042000], [1500, 1740042060], [1520, 1740042120], [1900, 1740042120], [20000, 1740045000]],
            [[1000, 1740042000], [1900, 1740041000]]]"#,
    )
    .expect("valid histories");
    let batch = audit_many(&audit_config, &histories);
    println!("  audit of {} recorded histories: {} clean", batch.histories, batch.clean);
    for h in &batch.failing {
        println!("    history {}: {}", h.history, serde_json::to_string(&h.findings).unwrap_or_default());
    }
    println!();
}
