#![no_main]
//! Fuzzes the practice capability: practice JSON (restore, round trip, deadline), audit input
//! JSON (config + histories), and byte-driven event sequences on every configuration.
use libfuzzer_sys::fuzz_target;
use sportello::practice::*;


fn actor(b: u8) -> Actor {
    match b % 7 {
        0 => Actor::citizen("A"),
        1 => Actor::citizen("B"),
        2 => Actor::operator("op-1"),
        3 => Actor::operator("op-2"),
        4 => Actor::system(),
        5 => Actor::gateway(),
        _ => Actor::protocol(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 3 {
        0 => {
            let Ok(s) = std::str::from_utf8(rest) else { return };
            if let Ok(p) = Practice::from_json(s) {
                let json = p.to_json();
                let back = Practice::from_json(&json).expect("a practice's own JSON restores");
                assert_eq!(back, p);
                let _ = p.deadline(None, None);
                let _ = p.allowed_events(&Actor::citizen(p.applicant().to_string()), None);
            }
        }
        1 => {
            let Ok(s) = std::str::from_utf8(rest) else { return };
            // {"config": {...}, "histories": [[[1000, "2025-..."], ...], ...]}
            let Ok(v) = serde_json::from_str::<serde_json::Value>(s) else { return };
            let Ok(config) = serde_json::from_value::<ServiceConfig>(v.get("config").cloned().unwrap_or_default()) else { return };
            let Some(Ok(histories)) = v.get("histories").map(|h| serde_json::from_value::<Vec<Vec<Step>>>(h.clone())) else { return };
            let batch = audit_many(&config, &histories);
            assert_eq!(batch.histories, histories.len());
            assert_eq!(batch.clean + batch.failing.len(), batch.histories);
        }
        _ => {
            let Some((cfg, ops)) = rest.split_first_chunk::<2>() else { return };
            let bits = u16::from_le_bytes(*cfg);
            let b = |i: u16| bits & (1 << i) != 0;
            let payment = ["none", "immediate", "deferred"][(bits % 3) as usize];
            let config: ServiceConfig = serde_json::from_value(serde_json::json!({
                "payment": payment,
                "paymentAmount": if b(2) { "16.00" } else { "0.00" },
                "stampsOnRequest": b(3),
                "stampsOnRelease": b(4),
                "protocolRequired": b(5),
                "workflow": if b(6) { "forward" } else { "approval" },
                "allowWithdrawal": b(7),
                "allowIntegrationRequests": b(8),
                "allowReopening": b(9),
                "recordPaymentSteps": b(10),
                "responseDays": if b(11) { Some(30) } else { None },
                "integrationClock": if b(12) { "suspended" } else { "restarted" },
                "rollToWorkingDay": b(13),
                "resumeAfterIntegration": if b(14) { "inCharge" } else { "inChargeAfterIntegration" },
                "allowPartialApproval": b(15),
            }))
            .expect("valid configuration");
            // An instant from unix seconds, through the Step JSON shape (no chrono dependency here).
            let at = |secs: i64| serde_json::from_value::<Step>(serde_json::json!([1000, secs])).expect("valid instant").at;
            let t0 = at(1_740_038_400);
            let mut p = Practice::new("P", "A", config.clone(), t0);
            for (i, op) in ops.chunks(3).enumerate() {
                let [e, a, m] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0)];
                let kind = EventKind::APPLICABLE[e as usize % EventKind::APPLICABLE.len()];
                let event = match kind {
                    EventKind::Register => Event::register("N"),
                    k => Event::of_kind(k).expect("applicable"),
                };
                let when = at(1_740_038_400 + 3600 * i as i64 * i64::from(m % 50));
                let _ = p.apply(event, actor(a), when, (m & 1 == 1).then(|| "r".to_string()));
            }
            let report = Auditor::new(&config).audit_iter(p.timeline().iter().map(|e| (e.status.code(), e.at)));
            assert!(report.ok, "{report:?}");
            assert_eq!(Practice::from_json(&p.to_json()).expect("restores"), p);
            let _ = p.deadline(None, None);
        }
    }
});
