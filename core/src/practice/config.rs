//! The service configuration that shapes a practice's graph.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::files::FileLimits;
use super::protocol::{ProtocolFolder, ProtocolHandler};
use crate::payments::{Amount, Charge};

/// When the service's payment is due ("pagamento": reference `paymentRequired` 0 / 1 / 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticePaymentMode"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum PaymentMode {
    /// "Non richiesto".
    #[default]
    None,
    /// "Immediato": paid before the practice is sent.
    Immediate,
    /// "Posticipato": paid at release, after the operator approves.
    Deferred,
}

/// How the office handles the practice (reference `workflow` 0 / 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeWorkflow"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Workflow {
    /// An operator takes the practice in charge and gives the outcome.
    #[default]
    Approval,
    /// "Inoltro": the practice is forwarded to an outside office; nobody takes it in charge.
    Forward,
}

/// What happens to the response deadline while the practice awaits integrations (4100, 4200).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum IntegrationClock {
    /// The clock keeps running (the reference platform).
    #[default]
    Runs,
    /// The clock stops from the request to the answer; the days are added to the deadline.
    Suspended,
    /// The full term restarts from the answer.
    Restarted,
}

/// Where a practice returns after an integration has been answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ResumeStatus {
    /// 4000 "In carico" (the reference platform).
    #[default]
    InCharge,
    /// 4500 "Presa in carico in seguito a integrazioni" (one vendor adapter of the reference platform).
    InChargeAfterIntegration,
}

/// The configuration of a service (servizio) that drives the lifecycle of its practices.
///
/// JSON (every key optional; the defaults shown):
/// ```json
/// {"payment": "none", "paymentAmount": "0.00", "stampsOnRequest": false, "stampsOnRelease": false,
///  "protocolRequired": false, "workflow": "approval", "allowWithdrawal": false,
///  "allowIntegrationRequests": true, "allowPartialApproval": false, "allowReopening": false,
///  "recordPaymentSteps": true, "resumeAfterIntegration": "inCharge", "responseDays": null,
///  "integrationClock": "runs", "maxSuspendedDays": null, "maxSuspensions": 1, "rollToWorkingDay": false,
///  "files": {"message": {"extensions": ["doc", "…", "zip"], "maxBytes": 26214400},
///            "approvalDocument": {"extensions": ["doc", "…", "zip"], "maxBytes": 26214400}},
///  "protocolHandler": "internal", "protocolFolders": {}, "takeInChargeDays": 30, "allowAnnulment": false,
///  "charges": []}
/// ```
/// An unknown key is refused (code `json`, with its path): a typo such as `protocolRequred` never
/// silently gives a service without protocol. A practice keeps a copy of the configuration it was
/// created with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ServiceConfig {
    /// When the payment is due.
    pub payment: PaymentMode,
    /// The amount of the payment, a string with two decimals (a [`crate::payments::Amount`]:
    /// never a float, at most 999999999.99). `"0.00"` means exempt: an immediate payment is
    /// skipped and a deferred one lets the approval go straight to the outcome.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub payment_amount: Amount,
    /// Stamps (marche da bollo) due in the request phase, before the practice is sent.
    pub stamps_on_request: bool,
    /// Stamps due in the release phase, after approval and before the outcome is issued.
    pub stamps_on_release: bool,
    /// The practice, its integrations and its outcome are registered in the protocol.
    pub protocol_required: bool,
    /// Approval (taken in charge) or forward ("Inoltro").
    pub workflow: Workflow,
    /// The applicant may withdraw (ritiro), under the withdrawal rules.
    pub allow_withdrawal: bool,
    /// The assigned operator may request integrations. On unless an administrator disables them,
    /// as on the seed portals (default `true`).
    pub allow_integration_requests: bool,
    /// The assigned operator may approve in part ("Parzialmente approvata"). Off unless an
    /// administrator enables it for the service, as on the seed portals (default `false`).
    pub allow_partial_approval: bool,
    /// An operator may reopen a closed practice (7000, 7500, 9000, 20000 -> 4000).
    pub allow_reopening: bool,
    /// Record the citizen's return from the payment page (1510) and the gateway's success (1520)
    /// as statuses of their own. `false` for portals that go from 1500 straight to the next status.
    pub record_payment_steps: bool,
    /// Where a practice returns after an integration.
    pub resume_after_integration: ResumeStatus,
    /// "Riceverai risposta entro": calendar days from submission (`null` = no deadline).
    pub response_days: Option<u32>,
    /// The deadline during integration requests.
    pub integration_clock: IntegrationClock,
    /// Cap on the days of suspension added to the deadline (`null` = no cap).
    pub max_suspended_days: Option<u32>,
    /// How many integration requests suspend the clock (`integrationClock: "suspended"`); later
    /// ones leave it running. Default 1: the term is suspended "per una sola volta" (L. 241/1990
    /// art. 2 c. 7); 0: no request suspends it.
    pub max_suspensions: u32,
    /// Move a deadline that falls on a holiday or weekend to the next working day.
    pub roll_to_working_day: bool,
    /// The file types and sizes accepted for the attachments of messages and for outcome
    /// documents ([`FileLimits`], read by [`super::check_file`]); by default the seed's 14
    /// extensions and 25 MiB for both.
    pub files: FileLimits,
    /// Who registers the documents in the protocol: `internal` (the platform, default) or
    /// `external` (an outside system, or an operator enabled for the service, by hand).
    pub protocol_handler: ProtocolHandler,
    /// The service's fascicolo of each year (Europe/Rome), keyed by the year (`{"2026": {"number":
    /// "12", "code": "6.3"}}`): one fascicolo per service per year. A practice registered that
    /// year is filed in it; a registration naming another is `practice.protocol`. A year not
    /// listed takes the fascicolo the registration gives, if any.
    #[cfg_attr(feature = "ts", ts(as = "std::collections::BTreeMap<String, ProtocolFolder>"))]
    #[serde(deserialize_with = "year_keys")]
    pub protocol_folders: BTreeMap<i32, ProtocolFolder>,
    /// The take-in-charge term: calendar days from submission within which an operator takes the
    /// practice in charge ("entro 30 giorni un operatore prenderà in carico", issue 17; default
    /// 30, `null` = no term). Read by [`super::Practice::take_in_charge`]; no effect with the
    /// forward workflow (nobody takes the practice in charge).
    pub take_in_charge_days: Option<u32>,
    /// An operator may annul a final act (7000, 7500, 9000 -> 50000; annullamento d'ufficio,
    /// L. 241/1990 art. 21-nonies) with a reason. Off unless the service allows it (default `false`).
    pub allow_annulment: bool,
    /// The term, in months from the final act, within which it may be annulled (`annul`): L.
    /// 241/1990 art. 21-nonies allows an annulment "entro un termine ragionevole, comunque non
    /// superiore a dodici mesi" for authorisations and grants of economic advantages, a term of
    /// decadence that nothing suspends. `null` (default): no term is enforced, since which acts it
    /// covers is the administration's call; set 12 for those services. The act's time is when
    /// the practice entered its outcome status; the annulment's, the event's.
    pub annulment_term_months: Option<u32>,
    /// The practice's charges with their amounts ([`crate::payments::Charge`]: stamps, diritti,
    /// tariffs; request or release phase), e.g. the seed's two payments at request, 5.16 + 1.00.
    /// Omitted from JSON when empty. A bollo listed in a phase makes stamps due there (as `stampsOnRequest` / `stampsOnRelease`);
    /// the fees listed in a phase are that phase's payment, in place of `paymentAmount` (which
    /// stays the payment when no fee of its phase is listed). Each charge is checked as
    /// [`crate::payments::payment_plan`] does (code `json` naming the charge). Default: none.
    #[serde(deserialize_with = "checked_charges", skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Charge>>"))]
    pub charges: Vec<Charge>,
}

/// `charges`: each charge checked as the payments capability checks a plan.
fn checked_charges<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Charge>, D::Error> {
    let charges = Vec::<Charge>::deserialize(d)?;
    crate::payments::payment_plan(&charges).map_err(|e| serde::de::Error::custom(format!("charges: {e}")))?;
    Ok(charges)
}

/// `protocolFolders`: JSON keys are years of four digits (`"2026"`); any other key is refused.
fn year_keys<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<i32, ProtocolFolder>, D::Error> {
    let by_text = BTreeMap::<String, ProtocolFolder>::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (key, folder) in by_text {
        let year = Some(&key).filter(|k| k.len() == 4 && k.bytes().all(|b| b.is_ascii_digit())).and_then(|k| k.parse::<i32>().ok());
        let Some(year) = year else {
            return Err(serde::de::Error::custom(format!("protocolFolders: `{key}` is not a year of four digits")));
        };
        out.insert(year, folder);
    }
    Ok(out)
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            payment: PaymentMode::None,
            payment_amount: Amount::ZERO,
            stamps_on_request: false,
            stamps_on_release: false,
            protocol_required: false,
            workflow: Workflow::Approval,
            allow_withdrawal: false,
            allow_integration_requests: true,
            allow_partial_approval: false,
            allow_reopening: false,
            record_payment_steps: true,
            resume_after_integration: ResumeStatus::InCharge,
            response_days: None,
            integration_clock: IntegrationClock::Runs,
            max_suspended_days: None,
            max_suspensions: 1,
            roll_to_working_day: false,
            files: FileLimits::default(),
            protocol_handler: ProtocolHandler::Internal,
            protocol_folders: BTreeMap::new(),
            take_in_charge_days: Some(30),
            allow_annulment: false,
            annulment_term_months: None,
            charges: Vec::new(),
        }
    }
}

impl ServiceConfig {
    /// A payment is due before sending: mode immediate and amount > 0, or fees listed in the
    /// request phase (`charges`) that are not all 0.
    pub fn immediate_payment_due(&self) -> bool {
        super::charges::dues(self, &super::charges::Decisions::default()).request_payment
    }

    /// A payment is due after approval unless the operator decides otherwise: mode deferred and
    /// amount > 0, or fees listed in the release phase that are not all 0.
    pub fn deferred_payment_due(&self) -> bool {
        super::charges::dues(self, &super::charges::Decisions::default()).release_payment
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_money() {
        let c: ServiceConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, ServiceConfig::default());
        let c: ServiceConfig = serde_json::from_str(r#"{"payment":"deferred","paymentAmount":"16"}"#).unwrap();
        assert!(c.deferred_payment_due());
        let s = serde_json::to_string(&c).unwrap();
        assert!(s.contains(r#""paymentAmount":"16.00""#), "{s}");
        assert!(serde_json::from_str::<ServiceConfig>(r#"{"paymentAmount":"-1"}"#).is_err());
        assert!(serde_json::from_str::<ServiceConfig>(r#"{"paymentAmount":"1.001"}"#).is_err());
        let c: ServiceConfig = serde_json::from_str(r#"{"payment":"deferred","paymentAmount":"0"}"#).unwrap();
        assert!(!c.deferred_payment_due());
        // Never a float, never above pagoPA's maximum (issue 15); whole euro as an integer are fine.
        for bad in ["0.1", "1e3", "1e20", "16.0", "-1", "1000000000", r#""1000000000.00""#, r#""1e3""#] {
            let json = format!(r#"{{"paymentAmount":{bad}}}"#);
            assert!(serde_json::from_str::<ServiceConfig>(&json).is_err(), "{bad}");
        }
        let c: ServiceConfig = serde_json::from_str(r#"{"paymentAmount":16}"#).unwrap();
        assert_eq!(c.payment_amount.to_string(), "16.00");
        let c: ServiceConfig = serde_json::from_str(r#"{"paymentAmount":"999999999.99"}"#).unwrap();
        assert_eq!(c.payment_amount, Amount::MAX);
    }
}
