//! The states of one payment as a small state machine, with an audited operator registration.
//!
//! ```text
//! creating ──confirmCreation──▶ created      creating ──failCreation──▶ creationFailed ──retryCreation──▶ creating
//! created ──start──▶ started ──awaitOutcome──▶ outcomePending
//!    │                 │  │                        │   │
//!    │                 │  └───────succeed──────────┼──▶ paid ◀── register (operator, any non-paid state)
//!    └──────succeed────┼─────────────────────────────▶ paid
//!                      └──fail──▶ failed ◀──fail──────┘
//! failed ──retry──▶ created        created/started/failed ──expire (now ≥ expiresAt)──▶ expired
//! expired ──renew{expiresAt}──▶ created
//! ```
//! `paid` is final. `succeed` is accepted even after the expiry (money received is recorded);
//! `start` is refused once the payment has expired. An operator's "registra pagamento" (a payment
//! recorded by hand: forced, irreversible) is a distinct transition that needs the operator, takes
//! an optional motivation (kept as an internal note, or sent to the citizen), and is recorded in
//! the history.
//!
//! `creating` and `creationFailed` are the platform's "In creazione" and "Creazione di pagamento
//! fallita" (the payment proxy's `PAYMENT_CREATION_FAIL`, payments.md §9.2): the debt position was
//! asked of the intermediary and is not there yet, or the intermediary refused it. A failed
//! creation is a failure, never a payment: nothing can be paid until a retry creates the position.
//! [`PaymentState::label`] gives the Italian label the platform shows for every state.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::error::PaymentsError;

/// The state of one payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum PaymentState {
    /// The debt position exists (notice issued); nothing attempted yet.
    Created,
    /// The citizen was sent to the payment page.
    Started,
    /// Back from the payment page; the outcome has not arrived yet.
    OutcomePending,
    /// Paid (final).
    Paid,
    /// The attempt failed; it can be retried.
    Failed,
    /// The expiry passed without payment; it can be renewed.
    Expired,
    /// The debt position was asked of the intermediary and is not confirmed yet ("In creazione").
    Creating,
    /// The intermediary refused to create the debt position ("Creazione di pagamento fallita"):
    /// a failure, nothing can be paid; the platform can retry the creation.
    CreationFailed,
}

impl PaymentState {
    /// The camelCase name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Created => "created",
            PaymentState::Started => "started",
            PaymentState::OutcomePending => "outcomePending",
            PaymentState::Paid => "paid",
            PaymentState::Failed => "failed",
            PaymentState::Expired => "expired",
            PaymentState::Creating => "creating",
            PaymentState::CreationFailed => "creationFailed",
        }
    }

    /// Every state, in the order of a payment's life: creation first.
    pub const ALL: [PaymentState; 8] = [
        PaymentState::Creating,
        PaymentState::CreationFailed,
        PaymentState::Created,
        PaymentState::Started,
        PaymentState::OutcomePending,
        PaymentState::Paid,
        PaymentState::Failed,
        PaymentState::Expired,
    ];

    /// The Italian label the platform shows (issue 17): "In creazione", "Creazione di pagamento
    /// fallita", "Da pagare" (`created` and `started`: the debt is open until an outcome arrives),
    /// "In elaborazione" (`outcomePending`), "Pagato", "Errore" (`failed`), "Scaduto".
    pub fn label(self) -> &'static str {
        match self {
            PaymentState::Creating => "In creazione",
            PaymentState::CreationFailed => "Creazione di pagamento fallita",
            PaymentState::Created | PaymentState::Started => "Da pagare",
            PaymentState::OutcomePending => "In elaborazione",
            PaymentState::Paid => "Pagato",
            PaymentState::Failed => "Errore",
            PaymentState::Expired => "Scaduto",
        }
    }

    /// The state of its camelCase name (`"creationFailed"`). Error `payments.invalid`.
    pub fn from_name(name: &str) -> Result<PaymentState, PaymentsError> {
        PaymentState::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or_else(|| PaymentsError::Invalid { message: format!("unknown payment state {name:?}") })
    }

    /// Whether no event leaves this state.
    pub fn is_final(self) -> bool {
        self == PaymentState::Paid
    }
}

/// Who fires an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum PaymentActor {
    /// The citizen paying: `start`, `retry`.
    Citizen,
    /// The payment gateway (pagoPA, or the intermediary creating the debt position): `awaitOutcome`,
    /// `succeed`, `fail`, `confirmCreation`, `failCreation`.
    Gateway,
    /// The platform: `expire`, `renew`, `retryCreation`.
    System,
    /// A back-office operator: `register`.
    Operator,
}

/// An event on a payment. JSON: `{"type": "start"}`, `{"type": "renew", "expiresAt":
/// "2025-06-01T00:00:00+02:00"}`, `{"type": "register", "operator": "mrossi", "note": "Pagato
/// allo sportello, quietanza n. 12", "sendToCitizen": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum PaymentEvent {
    /// The intermediary confirms the debt position asked for (gateway): `creating` → `created`.
    ConfirmCreation,
    /// The intermediary refuses to create the debt position (gateway): `creating` →
    /// `creationFailed`, "Creazione di pagamento fallita".
    FailCreation,
    /// The platform asks for the debt position again after a failed creation (system).
    RetryCreation,
    /// The citizen starts paying online (citizen).
    Start,
    /// Back from the payment page without the outcome (gateway).
    AwaitOutcome,
    /// The payment succeeded (gateway; also for a notice paid at a PSP).
    Succeed,
    /// The attempt failed (gateway).
    Fail,
    /// The expiry passed (system; needs `now >= expiresAt`).
    Expire,
    /// A new attempt after a failure (citizen).
    Retry,
    /// A new expiry for an expired payment (system).
    Renew {
        /// The new expiry (RFC 3339, JSON `expiresAt`).
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        #[serde(deserialize_with = "crate::iso::de_instant")]
        expires_at: DateTime<FixedOffset>,
    },
    /// "Registra pagamento": an operator records a payment by hand (forced, irreversible).
    Register {
        /// The operator's id; must not be blank.
        operator: String,
        /// The motivation, e.g. the receipt number (optional; blank = none).
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        note: Option<String>,
        /// The motivation is sent to the citizen as a message (JSON `sendToCitizen`); `false`
        /// (default): it is an internal note for operators.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        send_to_citizen: bool,
    },
}

impl PaymentEvent {
    /// The camelCase name (the serialised `type`).
    pub fn name(&self) -> &'static str {
        match self {
            PaymentEvent::ConfirmCreation => "confirmCreation",
            PaymentEvent::FailCreation => "failCreation",
            PaymentEvent::RetryCreation => "retryCreation",
            PaymentEvent::Start => "start",
            PaymentEvent::AwaitOutcome => "awaitOutcome",
            PaymentEvent::Succeed => "succeed",
            PaymentEvent::Fail => "fail",
            PaymentEvent::Expire => "expire",
            PaymentEvent::Retry => "retry",
            PaymentEvent::Renew { .. } => "renew",
            PaymentEvent::Register { .. } => "register",
        }
    }

    /// The event of a bare name, `"start"` for `{"type": "start"}`: the shorthand the bindings
    /// accept for the events without fields. Error `json` for an unknown name and for `renew` and
    /// `register`, which need their fields.
    pub fn from_name(name: &str) -> Result<PaymentEvent, crate::Error> {
        Ok(serde_json::from_value(serde_json::json!({ "type": name }))?)
    }

    /// Who may fire it.
    pub fn actor(&self) -> PaymentActor {
        match self {
            PaymentEvent::Start | PaymentEvent::Retry => PaymentActor::Citizen,
            PaymentEvent::AwaitOutcome | PaymentEvent::Succeed | PaymentEvent::Fail | PaymentEvent::ConfirmCreation | PaymentEvent::FailCreation => {
                PaymentActor::Gateway
            }
            PaymentEvent::Expire | PaymentEvent::Renew { .. } | PaymentEvent::RetryCreation => PaymentActor::System,
            PaymentEvent::Register { .. } => PaymentActor::Operator,
        }
    }
}

/// The transition table without time guards: the state `event` leads to from `from`.
/// Error `payments.transition`.
pub fn next_state(from: PaymentState, event: &PaymentEvent) -> Result<PaymentState, PaymentsError> {
    use PaymentEvent as E;
    use PaymentState as S;
    let to = match (from, event) {
        (S::Creating, E::ConfirmCreation) => S::Created,
        (S::Creating, E::FailCreation) => S::CreationFailed,
        (S::CreationFailed, E::RetryCreation) => S::Creating,
        (S::Created, E::Start) => S::Started,
        (S::Started, E::AwaitOutcome) => S::OutcomePending,
        (S::Created | S::Started | S::OutcomePending, E::Succeed) => S::Paid,
        (S::Started | S::OutcomePending, E::Fail) => S::Failed,
        (S::Created | S::Started | S::Failed, E::Expire) => S::Expired,
        (S::Failed, E::Retry) => S::Created,
        (S::Expired, E::Renew { .. }) => S::Created,
        (s, E::Register { .. }) if s != S::Paid => S::Paid,
        _ => return Err(PaymentsError::Transition { from: from.as_str().into(), event: event.name().into() }),
    };
    Ok(to)
}

/// The names of the events allowed in a state (time guards aside).
pub fn events_from(state: PaymentState) -> Vec<&'static str> {
    let probe = [
        PaymentEvent::ConfirmCreation,
        PaymentEvent::FailCreation,
        PaymentEvent::RetryCreation,
        PaymentEvent::Start,
        PaymentEvent::AwaitOutcome,
        PaymentEvent::Succeed,
        PaymentEvent::Fail,
        PaymentEvent::Expire,
        PaymentEvent::Retry,
        PaymentEvent::Renew { expires_at: DateTime::<chrono::Utc>::MIN_UTC.fixed_offset() },
        PaymentEvent::Register { operator: String::new(), note: None, send_to_citizen: false },
    ];
    probe.iter().filter(|e| next_state(state, e).is_ok()).map(PaymentEvent::name).collect()
}

/// The operator's record of a payment made outside pagoPA.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManualRegistration {
    /// The operator's id.
    pub operator: String,
    /// The operator's motivation (where and how it was paid), if given.
    #[serde(default)]
    pub note: Option<String>,
    /// The motivation was sent to the citizen as a message (`false`: an internal note).
    #[serde(default)]
    pub send_to_citizen: bool,
    /// When it was registered (RFC 3339).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
}

/// One line of a payment's history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentRecord {
    /// The state before the event.
    pub from: PaymentState,
    /// The state after it.
    pub to: PaymentState,
    /// The event name, e.g. `"register"`.
    pub event: String,
    /// Who fired the event.
    pub actor: PaymentActor,
    /// When (RFC 3339).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// For `register`: the operator.
    #[serde(default)]
    pub operator: Option<String>,
    /// For `register`: the note.
    #[serde(default)]
    pub note: Option<String>,
}

/// One payment with its state, expiry and audited history. JSON (camelCase):
/// `{"state": "created", "amount": "16.00", "createdAt": "...", "expiresAt": "...", "paidAt": null,
/// "registration": null, "history": []}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Payment {
    /// The current state.
    pub state: PaymentState,
    /// The amount to pay, positive.
    pub amount: Amount,
    /// When the debt position was created (RFC 3339, JSON `createdAt`).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub created_at: DateTime<FixedOffset>,
    /// The expiry; `None` for no expiry (configurable per procedure; the reference platform
    /// hard-codes 90 days).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub expires_at: Option<DateTime<FixedOffset>>,
    /// When it was paid (RFC 3339, JSON `paidAt`); `None` until paid.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub paid_at: Option<DateTime<FixedOffset>>,
    /// Set when an operator registered the payment.
    #[serde(default)]
    pub registration: Option<ManualRegistration>,
    /// Every transition, oldest first.
    #[serde(default)]
    pub history: Vec<PaymentRecord>,
}

impl Payment {
    /// A new payment in state `created`. Error `payments.amount_zero`.
    pub fn new(amount: Amount, created_at: DateTime<FixedOffset>, expires_at: Option<DateTime<FixedOffset>>) -> Result<Payment, PaymentsError> {
        Ok(Payment {
            state: PaymentState::Created,
            amount: amount.require_positive()?,
            created_at,
            expires_at,
            paid_at: None,
            registration: None,
            history: Vec::new(),
        })
    }

    /// A new payment in state `creating` ("In creazione"): the debt position was asked of the
    /// intermediary, which answers with `confirmCreation` or `failCreation`. Error
    /// `payments.amount_zero`.
    pub fn creating(amount: Amount, created_at: DateTime<FixedOffset>, expires_at: Option<DateTime<FixedOffset>>) -> Result<Payment, PaymentsError> {
        Ok(Payment { state: PaymentState::Creating, ..Payment::new(amount, created_at, expires_at)? })
    }

    /// The Italian label of the current state (see [`PaymentState::label`]).
    pub fn label(&self) -> &'static str {
        self.state.label()
    }

    /// Whether the expiry has passed at `now`.
    pub fn is_expired_at(&self, now: DateTime<FixedOffset>) -> bool {
        self.expires_at.is_some_and(|e| now >= e)
    }

    /// Applies an event at `now` and returns the new state; on error nothing changes. Errors
    /// `payments.transition`, `payments.expired` (start after the expiry), `payments.not_expired`
    /// (expire before it), `payments.registration` (register without an operator).
    pub fn apply(&mut self, event: PaymentEvent, now: DateTime<FixedOffset>) -> Result<PaymentState, PaymentsError> {
        let to = next_state(self.state, &event)?;
        match &event {
            PaymentEvent::Start | PaymentEvent::Retry if self.is_expired_at(now) => {
                return Err(PaymentsError::Expired { expires_at: self.expires_text() });
            }
            PaymentEvent::Expire if !self.is_expired_at(now) => {
                return Err(PaymentsError::NotExpired { expires_at: self.expires_text() });
            }
            PaymentEvent::Renew { expires_at } if *expires_at <= now => {
                return Err(PaymentsError::Expired { expires_at: expires_at.to_rfc3339() });
            }
            PaymentEvent::Register { operator, .. } if operator.trim().is_empty() => {
                return Err(PaymentsError::Registration { missing: "operator".into() });
            }
            _ => {}
        }
        let mut record =
            PaymentRecord { from: self.state, to, event: event.name().into(), actor: event.actor(), at: now, operator: None, note: None };
        match event {
            PaymentEvent::Renew { expires_at } => self.expires_at = Some(expires_at),
            PaymentEvent::Register { operator, note, send_to_citizen } => {
                let note = note.filter(|n| !n.trim().is_empty());
                record.operator = Some(operator.clone());
                record.note = note.clone();
                self.registration = Some(ManualRegistration { operator, note, send_to_citizen, at: now });
            }
            _ => {}
        }
        if to == PaymentState::Paid {
            self.paid_at = Some(now);
        }
        self.state = to;
        self.history.push(record);
        Ok(to)
    }

    /// The names of the events that [`Payment::apply`] would accept at `now` (register aside from
    /// its operator/note check).
    pub fn allowed_events(&self, now: DateTime<FixedOffset>) -> Vec<&'static str> {
        let expired = self.is_expired_at(now);
        events_from(self.state)
            .into_iter()
            .filter(|e| match *e {
                "start" | "retry" => !expired,
                "expire" => expired,
                _ => true,
            })
            .collect()
    }

    fn expires_text(&self) -> String {
        self.expires_at.map(|e| e.to_rfc3339()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creation_states_and_labels() {
        let amount = Amount::from_cents(1600).unwrap_or_default();
        let now = at("2025-02-20T10:00:00+01:00");
        let mut p = Payment::creating(amount, now, None).unwrap_or_else(|_| unreachable!());
        assert_eq!((p.state, p.label()), (PaymentState::Creating, "In creazione"));
        assert_eq!(p.allowed_events(now), vec!["confirmCreation", "failCreation", "register"]);
        assert_eq!(p.apply(PaymentEvent::FailCreation, now), Ok(PaymentState::CreationFailed));
        assert_eq!(p.label(), "Creazione di pagamento fallita");
        assert_eq!(p.allowed_events(now), vec!["retryCreation", "register"]);
        assert!(p.paid_at.is_none());
        for s in PaymentState::ALL {
            assert_eq!(PaymentState::from_name(s.as_str()), Ok(s));
            assert_eq!(crate::error::to_json(&s), format!("\"{}\"", s.as_str()));
        }
        assert!(PaymentState::from_name("Pagato").is_err());
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap_or_default()
    }

    #[test]
    fn happy_path_and_guards() {
        let amount = Amount::from_cents(1600).unwrap_or_default();
        let mut p = Payment::new(amount, at("2025-02-20T10:00:00+01:00"), Some(at("2025-05-21T10:00:00+02:00"))).unwrap_or_else(|_| unreachable!());
        let now = at("2025-02-20T10:05:00+01:00");
        assert_eq!(p.allowed_events(now), vec!["start", "succeed", "register"]);
        assert_eq!(p.apply(PaymentEvent::Start, now), Ok(PaymentState::Started));
        assert_eq!(p.apply(PaymentEvent::AwaitOutcome, now), Ok(PaymentState::OutcomePending));
        assert_eq!(p.apply(PaymentEvent::Fail, now), Ok(PaymentState::Failed));
        assert_eq!(p.apply(PaymentEvent::Retry, now), Ok(PaymentState::Created));
        assert!(matches!(p.apply(PaymentEvent::Expire, now), Err(PaymentsError::NotExpired { .. })));
        let later = at("2025-06-01T00:00:00+02:00");
        assert!(matches!(p.apply(PaymentEvent::Start, later), Err(PaymentsError::Expired { .. })));
        assert_eq!(p.apply(PaymentEvent::Expire, later), Ok(PaymentState::Expired));
        assert!(matches!(
            p.apply(PaymentEvent::Register { operator: " ".into(), note: Some("quietanza 12".into()), send_to_citizen: false }, later),
            Err(PaymentsError::Registration { .. })
        ));
        let register = PaymentEvent::Register { operator: "mrossi".into(), note: Some("quietanza 12".into()), send_to_citizen: false };
        assert_eq!(p.apply(register, later), Ok(PaymentState::Paid));
        assert!(p.registration.is_some());
        assert_eq!(p.history.last().map(|r| r.actor), Some(PaymentActor::Operator));
        let again = PaymentEvent::Register { operator: "x".into(), note: None, send_to_citizen: false };
        assert!(matches!(p.apply(again, later), Err(PaymentsError::Transition { .. })));
        assert_eq!(events_from(PaymentState::Paid), Vec::<&str>::new());
        assert_eq!(p.label(), "Pagato");
        let json = crate::error::to_json(&p);
        assert_eq!(crate::error::from_json::<Payment>(&json).ok(), Some(p));
    }
}
