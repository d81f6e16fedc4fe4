//! Statuses of a practice: stable numeric codes (interoperable with the reference platform) and
//! Italian labels as data.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::PracticeError;

/// The status of a practice. Serialised as its numeric code (`1000`, `1500`, ...).
///
/// Codes are those of the reference platform (OpenCity "Stanza del Cittadino" 2.13,
/// `Pratica::STATUS_*`), so ranges can be compared numerically (`code < 5000` = assignable,
/// `code >= 1900` = submitted). Three codes are **library extensions** the reference platform lacks:
/// 1400 (stamps awaiting payment), 6500 and 7500 (partial approval). The reference's legacy 5000
/// "In elaborazione" has no transition leading to it and is not a status here
/// ([`Status::from_code`] rejects it with `practice.unknown_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeStatus"))]
#[cfg_attr(
    feature = "ts",
    ts(
        type = "1000 | 1400 | 1500 | 1510 | 1520 | 1530 | 1900 | 2000 | 3000 | 4000 | 4100 | 4200 | 4300 | 4400 | 4500 | 6000 | 6500 | 7000 | 7500 | 8000 | 9000 | 20000 | 50000"
    )
)]
#[repr(u32)]
pub enum Status {
    /// 1000 "Bozza".
    Draft = 1000,
    /// 1400 "In attesa di pagamento bolli" (library extension): stamps (marche da bollo) are due,
    /// in the request phase (before submission) or in the release phase (after approval).
    StampsPending = 1400,
    /// 1500 "In attesa di pagamento": a payment is due (immediate, or deferred after approval).
    PaymentPending = 1500,
    /// 1510 "In attesa dell'esito di pagamento": the citizen came back from the payment page.
    PaymentOutcomePending = 1510,
    /// 1520 "Pagamento avvenuto con successo" (transient: the system moves on at once).
    PaymentSucceeded = 1520,
    /// 1530 "Pagamento rifiutato": the payment failed; the citizen may retry.
    PaymentFailed = 1530,
    /// 1900 "Inviata": sent by the citizen.
    Sent = 1900,
    /// 2000 "Acquisita": received (the practice document is built).
    Acquired = 2000,
    /// 3000 "Protocollata": registered in the protocol.
    Registered = 3000,
    /// 4000 "In carico": taken in charge by an operator.
    InCharge = 4000,
    /// 4100 "Richiesta integrazioni".
    IntegrationRequested = 4100,
    /// 4200 "In attesa di integrazioni": waiting for the citizen's answer.
    AwaitingIntegration = 4200,
    /// 4300 "Integrazioni in attesa di protocollazione": the answer arrived.
    IntegrationReceived = 4300,
    /// 4400 "Integrazioni protocollate".
    IntegrationRegistered = 4400,
    /// 4500 "Presa in carico in seguito a integrazioni".
    InChargeAfterIntegration = 4500,
    /// 6000 "Elaborata (in attesa di protocollazione del documento di esito)": accepted, the outcome
    /// document awaits registration. The label is the seed portal's (seed 002's timeline); older
    /// reference-platform code translated it "Accettata (...)".
    AcceptedAwaitingRegistration = 6000,
    /// 6500 "Parzialmente approvata (in attesa di protocollazione del documento di esito)" (library extension).
    PartiallyApprovedAwaitingRegistration = 6500,
    /// 7000 "Accettata" (final).
    Accepted = 7000,
    /// 7500 "Parzialmente approvata" (final; library extension).
    PartiallyApproved = 7500,
    /// 8000 "Rifiutata (in attesa di protocollazione del documento di esito)".
    RejectedAwaitingRegistration = 8000,
    /// 9000 "Rifiutata" (final).
    Rejected = 9000,
    /// 20000 "Ritirata": withdrawn by the applicant (final).
    Withdrawn = 20000,
    /// 50000 "Annullata": annulled by an operator (final).
    Annulled = 50000,
}

/// Number of statuses (the length of [`Status::ALL`]).
pub const STATUS_COUNT: usize = 23;

impl Status {
    /// Every status, ordered by code.
    pub const ALL: [Status; STATUS_COUNT] = [
        Status::Draft,
        Status::StampsPending,
        Status::PaymentPending,
        Status::PaymentOutcomePending,
        Status::PaymentSucceeded,
        Status::PaymentFailed,
        Status::Sent,
        Status::Acquired,
        Status::Registered,
        Status::InCharge,
        Status::IntegrationRequested,
        Status::AwaitingIntegration,
        Status::IntegrationReceived,
        Status::IntegrationRegistered,
        Status::InChargeAfterIntegration,
        Status::AcceptedAwaitingRegistration,
        Status::PartiallyApprovedAwaitingRegistration,
        Status::Accepted,
        Status::PartiallyApproved,
        Status::RejectedAwaitingRegistration,
        Status::Rejected,
        Status::Withdrawn,
        Status::Annulled,
    ];

    /// The stable numeric code.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The status with this code.
    pub fn from_code(code: u32) -> Result<Status, PracticeError> {
        Self::from_code_opt(code).ok_or(PracticeError::UnknownStatus { status: code })
    }

    /// The status with this code, if any (no error value built: the audit's hot path).
    #[inline]
    pub const fn from_code_opt(code: u32) -> Option<Status> {
        Some(match code {
            1000 => Status::Draft,
            1400 => Status::StampsPending,
            1500 => Status::PaymentPending,
            1510 => Status::PaymentOutcomePending,
            1520 => Status::PaymentSucceeded,
            1530 => Status::PaymentFailed,
            1900 => Status::Sent,
            2000 => Status::Acquired,
            3000 => Status::Registered,
            4000 => Status::InCharge,
            4100 => Status::IntegrationRequested,
            4200 => Status::AwaitingIntegration,
            4300 => Status::IntegrationReceived,
            4400 => Status::IntegrationRegistered,
            4500 => Status::InChargeAfterIntegration,
            6000 => Status::AcceptedAwaitingRegistration,
            6500 => Status::PartiallyApprovedAwaitingRegistration,
            7000 => Status::Accepted,
            7500 => Status::PartiallyApproved,
            8000 => Status::RejectedAwaitingRegistration,
            9000 => Status::Rejected,
            20000 => Status::Withdrawn,
            50000 => Status::Annulled,
            _ => return None,
        })
    }

    /// Position in [`Status::ALL`] (dense, for tables).
    #[inline]
    pub const fn index(self) -> usize {
        match self {
            Status::Draft => 0,
            Status::StampsPending => 1,
            Status::PaymentPending => 2,
            Status::PaymentOutcomePending => 3,
            Status::PaymentSucceeded => 4,
            Status::PaymentFailed => 5,
            Status::Sent => 6,
            Status::Acquired => 7,
            Status::Registered => 8,
            Status::InCharge => 9,
            Status::IntegrationRequested => 10,
            Status::AwaitingIntegration => 11,
            Status::IntegrationReceived => 12,
            Status::IntegrationRegistered => 13,
            Status::InChargeAfterIntegration => 14,
            Status::AcceptedAwaitingRegistration => 15,
            Status::PartiallyApprovedAwaitingRegistration => 16,
            Status::Accepted => 17,
            Status::PartiallyApproved => 18,
            Status::RejectedAwaitingRegistration => 19,
            Status::Rejected => 20,
            Status::Withdrawn => 21,
            Status::Annulled => 22,
        }
    }

    /// The Italian label shown to citizens and operators (reference platform's `messages.it.yml`
    /// for the reference codes).
    pub const fn label(self) -> &'static str {
        match self {
            Status::Draft => "Bozza",
            Status::StampsPending => "In attesa di pagamento bolli",
            Status::PaymentPending => "In attesa di pagamento",
            Status::PaymentOutcomePending => "In attesa dell'esito di pagamento",
            Status::PaymentSucceeded => "Pagamento avvenuto con successo",
            Status::PaymentFailed => "Pagamento rifiutato",
            Status::Sent => "Inviata",
            Status::Acquired => "Acquisita",
            Status::Registered => "Protocollata",
            Status::InCharge => "In carico",
            Status::IntegrationRequested => "Richiesta integrazioni",
            Status::AwaitingIntegration => "In attesa di integrazioni",
            Status::IntegrationReceived => "Integrazioni in attesa di protocollazione",
            Status::IntegrationRegistered => "Integrazioni protocollate",
            Status::InChargeAfterIntegration => "Presa in carico in seguito a integrazioni",
            Status::AcceptedAwaitingRegistration => "Elaborata (in attesa di protocollazione del documento di esito)",
            Status::PartiallyApprovedAwaitingRegistration => "Parzialmente approvata (in attesa di protocollazione del documento di esito)",
            Status::Accepted => "Accettata",
            Status::PartiallyApproved => "Parzialmente approvata",
            Status::RejectedAwaitingRegistration => "Rifiutata (in attesa di protocollazione del documento di esito)",
            Status::Rejected => "Rifiutata",
            Status::Withdrawn => "Ritirata",
            Status::Annulled => "Annullata",
        }
    }

    /// The English name used in code (`"paymentPending"`).
    pub const fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::StampsPending => "stampsPending",
            Status::PaymentPending => "paymentPending",
            Status::PaymentOutcomePending => "paymentOutcomePending",
            Status::PaymentSucceeded => "paymentSucceeded",
            Status::PaymentFailed => "paymentFailed",
            Status::Sent => "sent",
            Status::Acquired => "acquired",
            Status::Registered => "registered",
            Status::InCharge => "inCharge",
            Status::IntegrationRequested => "integrationRequested",
            Status::AwaitingIntegration => "awaitingIntegration",
            Status::IntegrationReceived => "integrationReceived",
            Status::IntegrationRegistered => "integrationRegistered",
            Status::InChargeAfterIntegration => "inChargeAfterIntegration",
            Status::AcceptedAwaitingRegistration => "acceptedAwaitingRegistration",
            Status::PartiallyApprovedAwaitingRegistration => "partiallyApprovedAwaitingRegistration",
            Status::Accepted => "accepted",
            Status::PartiallyApproved => "partiallyApproved",
            Status::RejectedAwaitingRegistration => "rejectedAwaitingRegistration",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::Annulled => "annulled",
        }
    }

    /// Final statuses: 7000, 7500, 9000, 20000, 50000. Only reopening and the annulment of a final
    /// act (where the service allows them) leave one; nothing leaves 50000.
    pub const fn is_final(self) -> bool {
        matches!(self, Status::Accepted | Status::PartiallyApproved | Status::Rejected | Status::Withdrawn | Status::Annulled)
    }

    /// An outcome status: decided (6000, 6500, 8000: the outcome document awaiting registration)
    /// or final with an outcome (7000, 7500, 9000).
    pub const fn is_outcome(self) -> bool {
        matches!(
            self,
            Status::AcceptedAwaitingRegistration
                | Status::PartiallyApprovedAwaitingRegistration
                | Status::RejectedAwaitingRegistration
                | Status::Accepted
                | Status::PartiallyApproved
                | Status::Rejected
        )
    }

    /// Sent by the citizen (code >= 1900), as the reference platform's "submitted" queries.
    pub const fn is_submitted(self) -> bool {
        self.code() >= 1900
    }

    /// Integration statuses during which the deadline clock may be suspended (4100, 4200).
    pub const fn awaits_integration(self) -> bool {
        matches!(self, Status::IntegrationRequested | Status::AwaitingIntegration)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code(), self.label())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.code())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = u32::deserialize(d)?;
        Status::from_code_opt(code).ok_or_else(|| serde::de::Error::custom(format!("unknown practice status code {code}")))
    }
}

/// The outcome an operator gives a practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeOutcome"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Outcome {
    /// Accolta: the request is granted.
    Accepted,
    /// Parzialmente accolta: granted in part (where the service allows it).
    PartiallyApproved,
    /// Rigettata: the request is refused.
    Rejected,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    #[test]
    fn codes_round_trip_and_are_ordered() {
        for (i, s) in Status::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
            assert_eq!(Status::from_code(s.code()).unwrap(), *s);
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(json, s.code().to_string());
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), *s);
        }
        assert!(Status::ALL.windows(2).all(|w| w[0].code() < w[1].code()));
        assert_eq!(Status::from_code(5000).unwrap_err().code(), "practice.unknown_status");
        assert!(serde_json::from_str::<Status>("5000").is_err());
    }
}
