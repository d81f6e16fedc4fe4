//! Property tests of the practice lifecycle: random configurations and random event sequences
//! never panic; a final status is left only by reopening; replay (and JSON) reproduce the state;
//! every withdrawal rule holds; allowed events agree with why_not; recorded timelines pass the audit.
use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;
use sportello::practice::*;
use sportello::Coded;

mod common;

const APPLICANT: &str = "RSSMRA80A01H501U";

fn actors() -> Vec<Actor> {
    vec![
        Actor::citizen(APPLICANT),
        Actor::citizen("VRDLGU75B12F205X"),
        Actor::operator("op-1"),
        Actor::operator("op-2"),
        Actor::system(),
        Actor::gateway(),
        Actor::protocol(),
    ]
}

fn config_strategy() -> impl Strategy<Value = ServiceConfig> {
    // (annulment terms of 0 to 2 months: the events of a run span up to about four months)
    (0u8..3, any::<bool>(), 0u32..(1 << 11), prop::option::of(1u32..120), 0u8..3, any::<bool>(), 0u32..3, prop::option::of(0u32..3)).prop_map(
        |(pay, amount, bits, days, clock, roll, suspensions, term)| {
            let payment = [PaymentMode::None, PaymentMode::Immediate, PaymentMode::Deferred][pay as usize];
            let amount = if amount { sportello::payments::Amount::from_cents(1600).unwrap() } else { sportello::payments::Amount::ZERO };
            ServiceConfig {
                response_days: days,
                integration_clock: [IntegrationClock::Runs, IntegrationClock::Suspended, IntegrationClock::Restarted][clock as usize],
                max_suspended_days: None,
                max_suspensions: suspensions,
                roll_to_working_day: roll,
                allow_annulment: bits & (1 << 10) != 0,
                annulment_term_months: term,
                ..common::config_from_bits(payment, amount, bits)
            }
        },
    )
}

/// (pick from allowed?, event index, actor index, with message?, payload choice, minutes forward (negative = back))
type Op = (bool, u8, u8, bool, u8, i16);

fn op_strategy() -> impl Strategy<Value = Op> {
    (prop::bool::weighted(0.8), any::<u8>(), 0u8..7, prop::bool::weighted(0.8), 0u8..3, -30i16..3000)
}

fn event_for(kind: EventKind, payload: u8) -> Event {
    match kind {
        EventKind::Register => Event::register(if payload == 0 { String::new() } else { format!("PG/{payload}") }),
        EventKind::Assign => {
            Event::Assign { operator: [None, Some("op-1".to_string()), Some("op-2".to_string())][payload as usize % 3].clone(), office: None }
        }
        EventKind::Attachment => Event::Attachment { name: "a.pdf".into() },
        EventKind::AssignOffice => Event::AssignOffice { office: ["urp", "", "tributi"][payload as usize % 3].into() },
        EventKind::SetPriority => Event::SetPriority { priority: [None, Some(Priority::Low), Some(Priority::High)][payload as usize % 3] },
        k => Event::of_kind(k).unwrap_or(Event::Message),
    }
}

fn withdrawal_oracle(config: &ServiceConfig, p: &Practice, actor: &Actor) -> bool {
    // The six rules of the reference platform's ApplicationVoter::canWithdraw, from the timeline.
    let status = p.status();
    let payment = p.timeline().iter().any(|e| matches!(e.status, Status::StampsPending | Status::PaymentPending));
    config.allow_withdrawal
        && !payment
        && actor.kind == ActorKind::Citizen
        && actor.id.as_deref() == Some(APPLICANT)
        && (config.workflow != Workflow::Forward || status == Status::Sent)
        && (!config.protocol_required || status != Status::Sent)
        && matches!(status, Status::Sent | Status::Acquired | Status::Registered | Status::InCharge)
}

fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-02-20T09:00:00+01:00").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn random_event_sequences(config in config_strategy(), ops in prop::collection::vec(op_strategy(), 0..60)) {
        let actors = actors();
        let mut p = Practice::new("P-1", APPLICANT, config.clone(), start());
        let mut now = start();
        for (from_allowed, idx, ai, with_msg, payload, dt) in ops {
            let actor = actors[ai as usize].clone();
            let at = now + Duration::minutes(i64::from(dt));
            let allowed = p.allowed_events(&actor, Some(at));
            // allowed_events and why_not agree, at a time and without one (the time-dependent
            // guards then hold, so nothing allowed at a time is missing).
            let untimed = p.allowed_events(&actor, None);
            for k in EventKind::APPLICABLE {
                prop_assert_eq!(allowed.contains(&k), p.why_not(k, &actor, Some(at)).is_none(), "{:?} {:?}", k, actor);
                prop_assert_eq!(untimed.contains(&k), p.why_not(k, &actor, None).is_none(), "{:?} {:?}", k, actor);
                prop_assert!(!allowed.contains(&k) || untimed.contains(&k));
            }
            let kind = if from_allowed && !allowed.is_empty() {
                allowed[idx as usize % allowed.len()]
            } else {
                EventKind::APPLICABLE[idx as usize % EventKind::APPLICABLE.len()]
            };
            let event = event_for(kind, payload);
            let message = with_msg.then(|| "motivazione".to_string());
            let before = p.clone();
            let oracle = (kind == EventKind::Withdraw).then(|| withdrawal_oracle(&config, &p, &actor));
            let checked = p.check(&event, &actor, message.as_deref(), Some(at));
            let untimed = p.check(&event, &actor, message.as_deref(), None);
            let result = p.apply(event, actor, at, message);
            match &result {
                Ok(_) => {
                    prop_assert!(checked.is_ok() && untimed.is_ok());
                    prop_assert!(at >= now);
                    now = at;
                    if before.status().is_final() && p.status() != before.status() {
                        // Reopening, or the annulment of a final act where the service allows it.
                        prop_assert!(matches!(kind, EventKind::Reopen | EventKind::Annul), "left final {:?} by {:?}", before.status(), kind);
                        prop_assert!(kind != EventKind::Annul || (config.allow_annulment && p.status() == Status::Annulled));
                        prop_assert_ne!(before.status(), Status::Annulled);
                    }
                }
                Err(e) => {
                    prop_assert_eq!(&p, &before, "a failed event changed the practice");
                    // check at the event's time is apply without the change, errors included
                    prop_assert_eq!(checked.as_ref().err(), Some(e));
                    // Untimed, the same refusal (its `allowed` list may still offer `annul`, whose
                    // term is then assumed to hold), unless the term was the reason.
                    if at >= now && !matches!(e, PracticeError::Guard { failed, .. } if failed.iter().any(|g| g.code.name() == "annulmentInTerm")) {
                        prop_assert_eq!(untimed.as_ref().err().map(|u| u.code()), Some(e.code()));
                    }
                    prop_assert!(!e.to_string().is_empty());
                    if let PracticeError::Guard { failed, .. } = e {
                        prop_assert!(!failed.is_empty());
                    }
                }
            }
            if let Some(ok) = oracle {
                if at >= before.events().last().map_or(start(), |e| e.at) {
                    prop_assert_eq!(result.is_ok(), ok, "withdrawal rule in {:?}", before.status());
                }
            }
            // Automatic follow-ups never leave the practice in a transient status.
            prop_assert!(p.status() != Status::PaymentSucceeded);
        }
        // Replay and JSON reproduce the state.
        let record = p.to_record();
        let replayed = Practice::replay(record.header.clone(), &record.events).unwrap();
        prop_assert_eq!(&replayed, &p);
        let back = Practice::from_json(&p.to_json()).unwrap();
        prop_assert_eq!(&back, &p);
        // The recorded timeline passes the audit.
        let report = Auditor::new(&config).audit_iter(p.timeline().iter().map(|e| (e.status.code(), e.at)));
        prop_assert!(report.ok, "{:?}\n{:?}", report, p.timeline().iter().map(|e| e.status.code()).collect::<Vec<_>>());
        // The deadline never fails.
        let d = p.deadline(None, None);
        prop_assert!(d.is_ok());
        if let Ok(Some(d)) = d {
            prop_assert_eq!(d.closed, p.status().is_final());
        }
        // Nor do the take-in-charge term and the rejection notices.
        prop_assert!(p.take_in_charge(None, None).is_ok());
        prop_assert!(p.rejection_notices().is_ok());
    }

    #[test]
    fn audit_never_panics_on_arbitrary_rows(config in config_strategy(), rows in prop::collection::vec((prop::sample::select(vec![1000u32, 1400, 1500, 1510, 1520, 1530, 1900, 2000, 3000, 4000, 4100, 4200, 4300, 4400, 4500, 5000, 6000, 6500, 7000, 7500, 8000, 9000, 20000, 50000, 0, 77]), -5i64..100), 0..20)) {
        let auditor = Auditor::new(&config);
        let mut t = 0i64;
        let history: Vec<(u32, i64)> = rows.iter().map(|&(c, dt)| { t += dt; (c, t) }).collect();
        let report = auditor.audit_iter(history.iter().copied());
        prop_assert_eq!(report.ok, report.findings.is_empty());
        // The verdict alone is the report's.
        prop_assert_eq!(auditor.conforms_iter(history.iter().copied()), report.ok);
        prop_assert_eq!(report.end, history.last().map(|h| h.0));
        let json = serde_json::to_string(&report).unwrap();
        let back: AuditReport = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, report);
    }

    #[test]
    fn repairs_are_sound_and_one_edit_costs_at_most_one(config in config_strategy(), walk in prop::collection::vec(any::<u32>(), 0..25), edit in (any::<u32>(), 0u8..3, prop::sample::select(vec![1000u32, 1500, 1900, 2000, 3000, 4000, 4100, 4200, 6000, 7000, 9000, 20000, 5000, 77]))) {
        let auditor = Auditor::new(&config);
        let g = ServiceGraph::new(&config);
        // A random walk of the graph (a history the graph allows, maybe ending in a transient state).
        let mut state = 0usize;
        let mut codes = vec![g.states[0].status.code()];
        for r in &walk {
            let out: Vec<&GraphEdge> = g.edges.iter().filter(|e| e.from == state).collect();
            if out.is_empty() { break; }
            state = out[*r as usize % out.len()].to;
            codes.push(g.states[state].status.code());
        }
        let transient_end = g.states[state].transient;
        // One edit: a row inserted, dropped or replaced.
        let (pos, op, code) = edit;
        let k = pos as usize % (codes.len() + 1);
        let mut edited = codes.clone();
        match op {
            0 => edited.insert(k, code),
            1 if k < edited.len() => { edited.remove(k); }
            _ if k < edited.len() => edited[k] = code,
            _ => {}
        }
        let report = auditor.audit_iter(edited.iter().map(|&c| (c, 0i64)));
        let repair = report.repair.clone().unwrap();
        prop_assert_eq!(repair.cost as usize, repair.moves.len());
        prop_assert_eq!(report.ok, repair.cost == 0, "{:?} {:?}", edited, report);
        prop_assert_eq!(auditor.conforms_iter(edited.iter().map(|&c| (c, 0i64))), report.ok);
        // A replaced row costs at most 2 (drop + insert), one edit at most 1, plus 1 for a transient end.
        let bound = if op >= 2 { 2 } else { 1 } + u32::from(transient_end);
        prop_assert!(repair.cost <= bound, "{:?} -> {:?}: {:?}", codes, edited, report);
        // Applying the repair gives a clean history.
        let mut fixed = Vec::new();
        for (i, &c) in edited.iter().enumerate() {
            fixed.extend(repair.moves.iter().filter(|m| m.op == RepairOp::Insert && m.index == i).map(|m| m.status));
            if !repair.moves.iter().any(|m| m.op == RepairOp::Drop && m.index == i) { fixed.push(c); }
        }
        fixed.extend(repair.moves.iter().filter(|m| m.op == RepairOp::Insert && m.index == edited.len()).map(|m| m.status));
        let again = auditor.audit_iter(fixed.iter().map(|&c| (c, 0i64)));
        prop_assert!(again.ok, "{:?} -> {:?}: {:?}", edited, fixed, again);
        // The repair agrees with `repair` and has no more findings than moves.
        prop_assert_eq!(auditor.repair_iter(edited.iter().map(|&c| (c, 0i64))).unwrap(), repair.clone());
        prop_assert!(report.findings.len() <= repair.moves.len().max(1));
    }
}
