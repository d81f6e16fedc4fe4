//! A practice's charges: what the service configures ([`ServiceConfig::charges`],
//! `paymentAmount`), the amount the form computed (`calculateValue`, given at `submit`) and the
//! operator's decisions at approval (the deferred amount, `"0.00"` = exempt, and the release
//! stamps), as one list of [`Charge`]s of the payments capability, request and release phase
//! (issue 17 item 1; `shared/domain/practice.md` §4.4, §8, §14; `payments.md` §7, §8).
//!
//! The same list says where a practice goes: stamps due in a phase lead to 1400, a payment due
//! to 1500, neither straight on ("Amount 0 or missing means the practice is accepted directly",
//! practice.md §8).

use serde::{Deserialize, Serialize};

use super::config::{PaymentMode, ServiceConfig};
use super::error::PracticeError;
use super::event::Event;
use crate::payments::{payment_plan, Amount, Charge, ChargeKind, ChargePhase, PaymentsError};

/// The label of the payment made of `paymentAmount`, of the form's amount or of the operator's.
pub(crate) const PAYMENT_LABEL: &str = "Pagamento";
/// The label of the payment due at release (posticipato).
pub(crate) const DEFERRED_LABEL: &str = "Pagamento posticipato";

/// The operator's decisions on the charges due at release, given with `accept` and
/// `partiallyApprove`. JSON: `{"amount": "0.00", "stamps": [{"kind": "bollo", "phase": "release",
/// "label": "Marca da bollo provvedimento", "amount": "16.00"}]}`, both keys optional, inside the
/// event object (`{"type": "accept", "amount": "0.00"}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Approval {
    /// The deferred amount the operator sets; `"0.00"`: exempt, the practice is approved
    /// directly (no 1500). Absent: the service's (or the form's) amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub amount: Option<Amount>,
    /// The release stamps for this practice, replacing the configured ones: bolli of phase
    /// `release` (the causale is the `label`, the importo the `amount`); `[]`: none. Absent: the
    /// configured ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stamps: Option<Vec<Charge>>,
}

/// What the practice's events decided about its charges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Decisions {
    /// The amount the form computed, given at submission (`submit`'s `amount`).
    pub form_amount: Option<Amount>,
    /// The deferred amount the operator set at approval (`accept` / `partiallyApprove`'s `amount`).
    pub release_amount: Option<Amount>,
    /// The release stamps the operator chose at approval (`stamps`; empty: none).
    pub release_stamps: Option<Vec<Charge>>,
}

/// What is due in each phase: the target rules read these instead of the configuration alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Dues {
    /// Stamps due before sending (1400).
    pub request_stamps: bool,
    /// A payment due before sending (1500).
    pub request_payment: bool,
    /// Stamps due at release, after approval (1400).
    pub release_stamps: bool,
    /// A payment due at release, after approval (1500).
    pub release_payment: bool,
}

fn payment_phase(mode: PaymentMode) -> Option<ChargePhase> {
    match mode {
        PaymentMode::None => None,
        PaymentMode::Immediate => Some(ChargePhase::Request),
        PaymentMode::Deferred => Some(ChargePhase::Release),
    }
}

fn fee(phase: ChargePhase, amount: Amount) -> Charge {
    let label = if phase == ChargePhase::Release { DEFERRED_LABEL } else { PAYMENT_LABEL };
    Charge { kind: ChargeKind::Tariffa, phase, label: label.into(), amount, taxonomy: None, exemption: None, stamp_rule: None, routing: None }
}

/// The practice's charges, request phase first, stamps before fees in each phase:
/// - stamps: the bolli the configuration lists in the phase; at release, the operator's stamps
///   instead when the approval chose them (an empty list: none);
/// - fees: the amount decided for the phase of the service's payment, as one item (the
///   operator's at release, else the form's), nothing when it is 0; else the fees the
///   configuration lists in the phase; else, in the payment's phase, `paymentAmount` as one item
///   when it is not 0.
pub(crate) fn charges(config: &ServiceConfig, d: &Decisions) -> Vec<Charge> {
    let pay_phase = payment_phase(config.payment);
    let mut out = Vec::new();
    for phase in [ChargePhase::Request, ChargePhase::Release] {
        let listed = |bollo: bool| config.charges.iter().filter(move |c| c.phase == phase && (c.kind == ChargeKind::Bollo) == bollo).cloned();
        match (&d.release_stamps, phase) {
            (Some(stamps), ChargePhase::Release) => out.extend(stamps.iter().cloned()),
            _ => out.extend(listed(true)),
        }
        let form = d.form_amount.filter(|_| pay_phase == Some(phase));
        let decided = if phase == ChargePhase::Release { d.release_amount.or(form) } else { form };
        let fees: Vec<Charge> = listed(false).collect();
        match decided {
            Some(a) => out.extend((!a.is_zero()).then(|| fee(phase, a))),
            None if !fees.is_empty() => out.extend(fees),
            None if pay_phase == Some(phase) && !config.payment_amount.is_zero() => out.push(fee(phase, config.payment_amount)),
            None => {}
        }
    }
    out
}

/// What is due in each phase, as [`charges`] lists it (without building the list) and from the
/// configuration's stamp flags (a flag without a listed bollo makes stamps due, their amount
/// unknown to the library). A charge of 0.00 (exempt) makes nothing due.
pub(crate) fn dues(config: &ServiceConfig, d: &Decisions) -> Dues {
    let pay_phase = payment_phase(config.payment);
    let listed = |phase: ChargePhase, bollo: bool| config.charges.iter().filter(move |c| c.phase == phase && (c.kind == ChargeKind::Bollo) == bollo);
    let listed_due = |phase: ChargePhase, bollo: bool| listed(phase, bollo).any(|c| !c.amount.is_zero());
    let fee_due = |phase: ChargePhase| {
        let form = d.form_amount.filter(|_| pay_phase == Some(phase));
        let decided = if phase == ChargePhase::Release { d.release_amount.or(form) } else { form };
        match decided {
            Some(a) => !a.is_zero(),
            None if listed(phase, false).next().is_some() => listed_due(phase, false),
            None => pay_phase == Some(phase) && !config.payment_amount.is_zero(),
        }
    };
    Dues {
        request_stamps: config.stamps_on_request || listed_due(ChargePhase::Request, true),
        request_payment: fee_due(ChargePhase::Request),
        // The operator's choice of stamps replaces the configured ones and the flag.
        release_stamps: match &d.release_stamps {
            Some(stamps) => stamps.iter().any(|c| !c.amount.is_zero()),
            None => config.stamps_on_release || listed_due(ChargePhase::Release, true),
        },
        release_payment: fee_due(ChargePhase::Release),
    }
}

fn refused(field: impl Into<String>, message: impl Into<String>) -> PracticeError {
    PracticeError::Charges { field: field.into(), message: message.into() }
}

/// The decisions after `event`, or `None` when the event decides nothing. Errors
/// `practice.charges` with the field: a form amount where the service takes no payment, a
/// deferred amount where the service's payment is not deferred, a release stamp that is not a
/// bollo of the release phase or that the payments capability refuses.
pub(crate) fn decide(config: &ServiceConfig, d: &Decisions, event: &Event) -> Result<Option<Decisions>, PracticeError> {
    match event {
        Event::Submit { amount: Some(a) } => {
            if config.payment == PaymentMode::None {
                return Err(refused("amount", format!("the service takes no payment: the form's amount {a} has nowhere to go")));
            }
            Ok(Some(Decisions { form_amount: Some(*a), ..d.clone() }))
        }
        Event::Accept(Approval { amount, stamps }) | Event::PartiallyApprove(Approval { amount, stamps }) => {
            if amount.is_none() && stamps.is_none() {
                return Ok(None);
            }
            if let Some(a) = amount {
                if config.payment != PaymentMode::Deferred {
                    return Err(refused("amount", format!("the service has no deferred payment: the amount {a} cannot be due at release")));
                }
            }
            if let Some(stamps) = stamps {
                for (i, s) in stamps.iter().enumerate() {
                    if s.kind != ChargeKind::Bollo || s.phase != ChargePhase::Release {
                        return Err(refused(format!("stamps[{i}]"), "a release stamp is a bollo of the release phase"));
                    }
                }
                payment_plan(stamps).map_err(|e| match e {
                    PaymentsError::Charge { index, reason } => refused(format!("stamps[{index}]"), reason),
                    other => refused("stamps", other.to_string()),
                })?;
            }
            let release_amount = amount.or(d.release_amount);
            let release_stamps = stamps.clone().or_else(|| d.release_stamps.clone());
            Ok(Some(Decisions { release_amount, release_stamps, ..d.clone() }))
        }
        // A reopened practice is approved again: the release decisions are taken anew.
        Event::Reopen if d.release_amount.is_some() || d.release_stamps.is_some() => {
            Ok(Some(Decisions { release_amount: None, release_stamps: None, ..d.clone() }))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(cents: u64) -> Amount {
        Amount::from_cents(cents).unwrap_or_default()
    }

    fn stamp(cents: u64) -> Charge {
        Charge {
            kind: ChargeKind::Bollo,
            phase: ChargePhase::Release,
            label: "Marca da bollo provvedimento".into(),
            amount: amount(cents),
            taxonomy: None,
            exemption: None,
            stamp_rule: None,
            routing: None,
        }
    }

    #[test]
    fn legacy_amount_and_decisions() {
        let config = ServiceConfig { payment: PaymentMode::Deferred, payment_amount: amount(3000), ..ServiceConfig::default() };
        let none = Decisions::default();
        assert_eq!(charges(&config, &none), vec![fee(ChargePhase::Release, amount(3000))]);
        assert!(dues(&config, &none).release_payment);
        let exempt = Event::Accept(Approval { amount: Some(Amount::ZERO), stamps: Some(vec![]) });
        let d = decide(&config, &none, &exempt).ok().flatten().unwrap_or_default();
        assert_eq!(charges(&config, &d), vec![]);
        assert_eq!(dues(&config, &d), Dues { request_stamps: false, request_payment: false, release_stamps: false, release_payment: false });
        let bad = Event::Accept(Approval { amount: None, stamps: Some(vec![Charge { phase: ChargePhase::Request, ..stamp(1600) }]) });
        assert!(matches!(decide(&config, &none, &bad), Err(PracticeError::Charges { field, .. }) if field == "stamps[0]"));
        let immediate = ServiceConfig { payment: PaymentMode::Immediate, ..config };
        let amount_at_approval = Event::Accept(Approval { amount: Some(amount(100)), stamps: None });
        assert!(matches!(decide(&immediate, &none, &amount_at_approval), Err(PracticeError::Charges { field, .. }) if field == "amount"));
    }

    #[test]
    fn approval_json_is_strict_and_compact() {
        let e = crate::json::from_str::<Event>(r#"{"type": "accept", "amount": "0.00", "stamps": []}"#).ok();
        assert_eq!(e, Some(Event::Accept(Approval { amount: Some(Amount::ZERO), stamps: Some(vec![]) })));
        assert_eq!(crate::error::to_json(&Event::Accept(Approval::default())), r#"{"type":"accept"}"#);
        for typo in [
            r#"{"type": "accept", "amout": "1.00"}"#,
            r#"{"type": "partiallyApprove", "stamps": [{"kind": "bollo", "phase": "release", "label": "x", "importo": "16.00"}]}"#,
        ] {
            assert!(crate::json::from_str::<Event>(typo).is_err(), "{typo}");
        }
    }
}
