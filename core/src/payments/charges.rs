//! A practice's charges and its payment plan: stamp duty (a State tax), "diritti di segreteria"
//! and service tariffs (municipal fees) as separate items, due in the request phase or at release.

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::collection::parse_taxonomy;
use super::error::PaymentsError;
use super::split::TransferRouting;

/// When a charge is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ChargePhase {
    /// With the application (istanza), before submission.
    Request,
    /// At release, when the operator approves (the provvedimento).
    Release,
}

/// What a charge is. The bollo is a State tax; diritti and tariffs go to the comune. They are
/// never merged into one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ChargeKind {
    /// Imposta di bollo.
    Bollo,
    /// Diritti di segreteria (L. 604/1962, Tabella D), configured per comune and procedure.
    Diritti,
    /// A service cost (tariff).
    Tariffa,
}

/// One item due on a practice. JSON: `{"kind": "bollo", "phase": "request", "label": "Marca da
/// bollo istanza", "amount": "16.00", "taxonomy": null, "exemption": null, "stampRule":
/// "istanza_telematica", "routing": "stampAgreement"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Charge {
    /// What the charge is: bollo, diritti or tariffa.
    pub kind: ChargeKind,
    /// When it is due: with the request or at release.
    pub phase: ChargePhase,
    /// Italian label shown to the citizen.
    pub label: String,
    /// The amount due (two decimals); `0.00` when exempt.
    pub amount: Amount,
    /// pagoPA taxonomy code (`transferCategory`), e.g. `9/0101002IM/`.
    #[serde(default)]
    pub taxonomy: Option<String>,
    /// An exemption code from the stamp catalogue (the amount must then be 0.00).
    #[serde(default)]
    pub exemption: Option<String>,
    /// For a bollo: the catalogue rule it comes from.
    #[serde(default)]
    pub stamp_rule: Option<String>,
    /// Where the money goes, when the procedure says so: `stampAgreement` (a bollo bought as an
    /// @e.bollo through the Agenzia delle Entrate agreement; only a bollo), `creditor` (an IBAN of
    /// the comune) or `multiBeneficiary` (an IBAN of another ente). Absent: not chosen.
    #[serde(default)]
    pub routing: Option<TransferRouting>,
}

/// The charges of one phase, with the stamp duty and the fees totalled separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhasePlan {
    /// The charges of the phase, in the order given.
    pub charges: Vec<Charge>,
    /// Sum of the bollo items.
    pub stamps_total: Amount,
    /// Sum of the diritti and tariff items.
    pub fees_total: Amount,
    /// `stampsTotal + feesTotal`.
    pub total: Amount,
    /// Nothing to pay in this phase (amount 0 = exempt: approved directly).
    pub exempt: bool,
}

/// A practice's payment plan: what is due with the request and what at release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentPlan {
    /// What is due with the application, before submission.
    pub request: PhasePlan,
    /// What is due at release, after approval.
    pub release: PhasePlan,
}

/// What an approval leads to, from the amount due at release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum ApprovalOutcome {
    /// Amount 0: exempt, the practice is accepted directly.
    Exempt,
    /// A payment is due before the act is released.
    PaymentDue {
        /// The amount due at release.
        amount: Amount,
    },
}

/// Amount 0 at approval means exempt; anything else is a payment due.
pub fn approval_outcome(amount_due: Amount) -> ApprovalOutcome {
    if amount_due.is_zero() {
        ApprovalOutcome::Exempt
    } else {
        ApprovalOutcome::PaymentDue { amount: amount_due }
    }
}

fn check_charge(index: usize, c: &Charge) -> Result<(), PaymentsError> {
    let bad = |reason: &str| PaymentsError::Charge { index, reason: reason.into() };
    if c.label.trim().is_empty() {
        return Err(bad("empty label"));
    }
    if c.exemption.is_some() && !c.amount.is_zero() {
        return Err(bad("an exempt charge has amount 0.00"));
    }
    if c.stamp_rule.is_some() && c.kind != ChargeKind::Bollo {
        return Err(bad("only a bollo has a stamp rule"));
    }
    if c.routing == Some(TransferRouting::StampAgreement) && c.kind != ChargeKind::Bollo {
        return Err(bad("only a bollo is bought through the Agenzia delle Entrate agreement (@e.bollo)"));
    }
    if let Some(t) = &c.taxonomy {
        parse_taxonomy(t).map_err(|_| bad("taxonomy is not a pagoPA taxonomy code"))?;
    }
    Ok(())
}

fn phase_plan(charges: Vec<Charge>) -> Result<PhasePlan, PaymentsError> {
    let stamps_total = Amount::sum(charges.iter().filter(|c| c.kind == ChargeKind::Bollo).map(|c| c.amount))?;
    let fees_total = Amount::sum(charges.iter().filter(|c| c.kind != ChargeKind::Bollo).map(|c| c.amount))?;
    let total = stamps_total.checked_add(fees_total)?;
    Ok(PhasePlan { charges, stamps_total, fees_total, total, exempt: total.is_zero() })
}

/// Splits a practice's charges into the request and release phases, keeping every item separate
/// (a bollo is never merged with diritti). Errors `payments.charge` (empty label, exempt charge
/// with an amount, stamp rule on a fee, malformed taxonomy), `payments.amount_too_large`.
pub fn payment_plan(charges: &[Charge]) -> Result<PaymentPlan, PaymentsError> {
    for (i, c) in charges.iter().enumerate() {
        check_charge(i, c)?;
    }
    let (request, release): (Vec<Charge>, Vec<Charge>) = charges.iter().cloned().partition(|c| c.phase == ChargePhase::Request);
    Ok(PaymentPlan { request: phase_plan(request)?, release: phase_plan(release)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(kind: ChargeKind, phase: ChargePhase, cents: u64) -> Charge {
        Charge {
            kind,
            phase,
            label: "x".into(),
            amount: Amount::from_cents(cents).unwrap_or_default(),
            taxonomy: None,
            exemption: None,
            stamp_rule: None,
            routing: None,
        }
    }

    #[test]
    fn plan() {
        let p = payment_plan(&[
            charge(ChargeKind::Bollo, ChargePhase::Request, 1600),
            charge(ChargeKind::Diritti, ChargePhase::Request, 52),
            charge(ChargeKind::Bollo, ChargePhase::Release, 1600),
        ]);
        let p = p.ok();
        assert_eq!(p.as_ref().map(|p| p.request.total.cents()), Some(1652));
        assert_eq!(p.as_ref().map(|p| p.request.stamps_total.cents()), Some(1600));
        assert_eq!(p.as_ref().map(|p| p.request.charges.len()), Some(2));
        assert_eq!(p.as_ref().map(|p| p.release.total.cents()), Some(1600));
        let none = payment_plan(&[]).ok();
        assert_eq!(none.map(|p| p.release.exempt), Some(true));
        let mut ex = charge(ChargeKind::Bollo, ChargePhase::Request, 1600);
        ex.exemption = Some("onlus".into());
        assert!(matches!(payment_plan(&[ex]), Err(PaymentsError::Charge { index: 0, .. })));
        assert_eq!(approval_outcome(Amount::ZERO), ApprovalOutcome::Exempt);
    }

    #[test]
    fn routing_is_explicit_and_strict() {
        let json = r#"{"kind": "bollo", "phase": "request", "label": "Marca da bollo", "amount": "16.00", "routing": "stampAgreement"}"#;
        let c = crate::json::from_str::<Charge>(json).ok();
        assert_eq!(c.as_ref().and_then(|c| c.routing), Some(TransferRouting::StampAgreement));
        let typo = json.replace("\"routing\"", "\"routng\"");
        assert!(crate::json::from_str::<Charge>(&typo).is_err(), "an unknown key is refused");
        let unknown = json.replace("stampAgreement", "agenzia");
        assert!(crate::json::from_str::<Charge>(&unknown).is_err(), "an unknown routing is refused");
        let mut fee = charge(ChargeKind::Diritti, ChargePhase::Request, 52);
        fee.routing = Some(TransferRouting::StampAgreement);
        assert!(matches!(payment_plan(&[fee]), Err(PaymentsError::Charge { index: 0, .. })));
    }
}
