//! Model check of the transition table over the whole configuration space (6 144 configurations):
//! every status is reachable in some configuration; in every configuration every reachable
//! non-final state has a way forward other than annulment and can still reach an outcome; final
//! states are left only by reopening, or by the annulment of a final act where the service allows
//! it; the configuration shapes the graph as documented.
use sportello::practice::*;

mod common;

fn configs() -> Vec<ServiceConfig> {
    let mut out = Vec::new();
    for payment in [PaymentMode::None, PaymentMode::Immediate, PaymentMode::Deferred] {
        for amount in [sportello::payments::Amount::ZERO, sportello::payments::Amount::from_cents(1600).unwrap()] {
            for bits in 0u32..(1 << 10) {
                out.push(common::config_from_bits(payment, amount, bits));
            }
        }
    }
    out
}

#[test]
fn every_status_is_reachable_and_every_open_state_has_a_way_forward() {
    let configs = configs();
    assert_eq!(configs.len(), 6144);
    let mut seen = std::collections::BTreeSet::new();
    for config in &configs {
        let g = ServiceGraph::new(config);
        assert_eq!(g.states[0].status, Status::Draft);
        seen.extend(g.statuses());

        // A way to a real outcome (not annulment) from every state, without annulling.
        let completes = g.can_reach(|s| s.status.is_final() && s.status != Status::Annulled, |e| e != EventKind::Revoke);
        for (i, s) in g.states.iter().enumerate() {
            let out: Vec<&GraphEdge> = g.edges.iter().filter(|e| e.from == i).collect();
            if s.status.is_final() {
                assert!(out.iter().all(|e| e.event == EventKind::Reopen), "{config:?}: final {s:?} left by {out:?}");
                if s.status == Status::Annulled {
                    assert!(out.is_empty());
                }
                continue;
            }
            assert!(out.iter().any(|e| e.event != EventKind::Revoke), "{config:?}: {s:?} has no way forward");
            assert!(completes[i], "{config:?}: from {s:?} no outcome is reachable");
            if s.transient {
                assert_eq!(out.len(), 1, "{config:?}: transient {s:?} must have exactly its automatic edge");
                assert!(out[0].automatic);
            } else {
                assert!(out.iter().any(|e| e.event == EventKind::Revoke), "{config:?}: {s:?} cannot be annulled");
            }
        }

        // Annulment of a final act (allowAnnulment): the graph gains exactly the edges
        // 7000 / 7500 / 9000 -> 50000 and nothing else.
        let annulling = ServiceConfig { allow_annulment: true, ..config.clone() };
        let ga = ServiceGraph::new(&annulling);
        let plain: Vec<(Status, Status, EventKind)> = g.status_edges();
        let mut added: Vec<(Status, Status, EventKind)> = ga.status_edges().into_iter().filter(|e| !plain.contains(e)).collect();
        added.sort();
        for (from, to, event) in &added {
            assert_eq!((*to, *event), (Status::Annulled, EventKind::Annul), "{annulling:?}");
            assert!(matches!(from, Status::Accepted | Status::PartiallyApproved | Status::Rejected), "{annulling:?}: annul from {from:?}");
        }
        for (i, s) in ga.states.iter().enumerate() {
            if s.status.is_final() {
                let out = ga.edges.iter().filter(|e| e.from == i);
                assert!(out.clone().all(|e| matches!(e.event, EventKind::Reopen | EventKind::Annul)), "{annulling:?}: final {s:?}");
                let annulled = |s: Status| matches!(s, Status::Accepted | Status::PartiallyApproved | Status::Rejected);
                assert_eq!(out.clone().any(|e| e.event == EventKind::Annul), annulled(s.status), "{annulling:?}: {s:?}");
            }
        }

        // The configuration shapes the graph.
        let st = g.statuses();
        let has = |s: Status| st.contains(&s);
        if !config.protocol_required {
            for s in [Status::Registered, Status::IntegrationRegistered, Status::AcceptedAwaitingRegistration, Status::RejectedAwaitingRegistration] {
                assert!(!has(s), "{config:?}: {s:?} without protocol");
            }
        }
        if config.workflow == Workflow::Forward {
            assert!(!has(Status::InCharge) && !has(Status::IntegrationRequested), "{config:?}: in charge with Inoltro");
        }
        // At approval the operator may add release stamps to any practice and, where the payment is
        // deferred, set its amount (issue 17 item 1): an approvable service reaches 1400, and 1500
        // when its payment is deferred, whatever the configured amounts.
        let approvable = has(Status::Accepted) || has(Status::AcceptedAwaitingRegistration);
        let decided = config.payment == PaymentMode::Deferred && approvable;
        let pays = config.immediate_payment_due() || config.deferred_payment_due() || decided;
        assert_eq!(has(Status::PaymentPending), pays, "{config:?}");
        assert_eq!(has(Status::StampsPending), config.stamps_on_request || config.stamps_on_release || approvable, "{config:?}");
        assert_eq!(has(Status::PaymentOutcomePending), pays && config.record_payment_steps, "{config:?}");
        if !config.allow_integration_requests || config.workflow == Workflow::Forward {
            assert!(!has(Status::IntegrationRequested), "{config:?}");
        }
        let forward_with_protocol = config.workflow == Workflow::Forward && config.protocol_required;
        let paid_before_sending = config.stamps_on_request || config.immediate_payment_due();
        assert_eq!(has(Status::Withdrawn), config.allow_withdrawal && !forward_with_protocol && !paid_before_sending, "{config:?}");
    }
    let missing: Vec<Status> = Status::ALL.iter().copied().filter(|s| !seen.contains(s)).collect();
    assert!(missing.is_empty(), "never reachable: {missing:?}");
}

#[test]
fn auditor_accepts_every_path_of_the_graph() {
    // Every edge of every configuration's graph is a legal audit step (random walks, bounded).
    for (n, config) in configs().iter().enumerate().step_by(7) {
        let g = ServiceGraph::new(config);
        let auditor = Auditor::new(config);
        let mut seed = n as u64 * 2654435761 + 1;
        for _ in 0..20 {
            let mut state = 0usize;
            let mut history = vec![(g.states[0].status.code(), 0i64)];
            for t in 1..30 {
                let out: Vec<&GraphEdge> = g.edges.iter().filter(|e| e.from == state).collect();
                if out.is_empty() {
                    break;
                }
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let e = out[(seed >> 33) as usize % out.len()];
                state = e.to;
                history.push((g.states[state].status.code(), t));
            }
            let report = auditor.audit_iter(history.iter().copied());
            let ends_transient = g.states[state].transient;
            if ends_transient {
                assert!(matches!(report.findings.as_slice(), [Finding::ImpossibleEnd { .. }]), "{config:?} {history:?} {report:?}");
            } else {
                assert!(report.ok, "{config:?} {history:?} {report:?}");
            }
        }
    }
}

#[test]
fn mermaid_of_the_seed_3_service() {
    let config = ServiceConfig { protocol_required: true, ..ServiceConfig::default() };
    let m = ServiceGraph::new(&config).to_mermaid();
    assert!(m.starts_with("stateDiagram-v2\n"));
    assert!(m.contains("s3000 --> s4000: assign"), "{m}");
    assert!(m.contains("s6000 --> s7000: registerOutcome"), "{m}");
}
