//! Helpers shared by the integration tests (each test file that needs them says `mod common;`).
#![allow(dead_code)]
use sportello::payments::Amount;
use sportello::practice::{PaymentMode, ResumeStatus, ServiceConfig, Workflow};

/// A practice configuration from ten switches: bit 0 stamps on request, 1 stamps on release,
/// 2 protocol, 3 forward workflow, 4 withdrawal, 5 integration requests, 6 reopening,
/// 7 payment steps recorded, 8 resume in charge after integration, 9 partial approval.
/// The other settings keep their defaults. `bits` in 0..1024 covers the whole switch space.
pub fn config_from_bits(payment: PaymentMode, payment_amount: Amount, bits: u32) -> ServiceConfig {
    let b = |i: u32| bits & (1 << i) != 0;
    ServiceConfig {
        payment,
        payment_amount,
        stamps_on_request: b(0),
        stamps_on_release: b(1),
        protocol_required: b(2),
        workflow: if b(3) { Workflow::Forward } else { Workflow::Approval },
        allow_withdrawal: b(4),
        allow_integration_requests: b(5),
        allow_reopening: b(6),
        record_payment_steps: b(7),
        resume_after_integration: if b(8) { ResumeStatus::InChargeAfterIntegration } else { ResumeStatus::InCharge },
        allow_partial_approval: b(9),
        ..ServiceConfig::default()
    }
}

/// The real-world Form.io corpus beside the project (`../shared/forms-real/`, not part of it).
pub const FORMS_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/forms-real");

/// The corpus's JSON files, sorted; `None` (with a message printed) when the corpus is absent.
pub fn forms_corpus() -> Option<Vec<std::path::PathBuf>> {
    let Ok(entries) = std::fs::read_dir(FORMS_CORPUS) else {
        println!("skipped: {FORMS_CORPUS} is absent");
        return None;
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    Some(files)
}
