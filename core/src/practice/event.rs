//! Events: what can happen to a practice. Each one is recorded in the practice's event log.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::charges::Approval;
use super::work::Priority;
use crate::payments::Amount;

/// The name of an event, without its data. Serialised camelCase (`"requestIntegration"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeEventKind"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum EventKind {
    /// The practice is created as a draft (first timeline entry only; not an event to apply).
    Create,
    /// The citizen (or an operator filing on the citizen's behalf) sends the draft.
    Submit,
    /// The stamps due are paid or declared.
    PayStamps,
    /// The citizen is back from the payment page; the outcome is not known yet.
    PaymentReturned,
    /// The gateway notifies a successful payment.
    PaymentSucceeded,
    /// The gateway notifies a failed payment.
    PaymentFailed,
    /// An operator records a payment by hand ("registra pagamento": forced, irreversible); the
    /// motivation is optional.
    RecordPayment,
    /// The citizen tries again after a failed payment.
    RetryPayment,
    /// Automatic: after a successful payment the system sends the practice or issues the outcome.
    CompletePayment,
    /// The system has built the practice document ("Acquisita").
    Acquire,
    /// The protocol system registers the practice (protocol number required).
    Register,
    /// An operator takes the practice in charge or re-assigns it.
    Assign,
    /// The assigned operator asks the citizen for integrations.
    RequestIntegration,
    /// Automatic, without protocol: the integration request reaches the citizen.
    SendIntegrationRequest,
    /// The protocol system registers the integration request.
    RegisterIntegrationRequest,
    /// The applicant answers the integration request.
    AnswerIntegration,
    /// The assigned operator accepts the citizen's integrations (messages already sent) as the answer.
    AcceptIntegration,
    /// The assigned operator closes the integration request with an empty answer.
    CancelIntegration,
    /// The protocol system registers the citizen's answer.
    RegisterIntegrationAnswer,
    /// Automatic: the practice returns in charge after the integration.
    ResumeAfterIntegration,
    /// The outcome is positive.
    Accept,
    /// The outcome is a partial approval (only where the service allows it; message optional).
    PartiallyApprove,
    /// The outcome is negative (message optional).
    Reject,
    /// The protocol system registers the outcome document.
    RegisterOutcome,
    /// The applicant withdraws the practice (ritiro).
    Withdraw,
    /// An operator reopens a closed practice (riapertura).
    Reopen,
    /// An operator annuls the practice (reason required).
    Revoke,
    /// A message is added (any status, even closed).
    Message,
    /// An attachment is added (any status, even closed).
    Attachment,
    /// An operator adds a private note (any status, even closed): readable by operators only,
    /// never shown to the citizen; the text (the event's message) is required.
    Note,
    /// The practice is assigned to an office (ufficio): by the system from the form, or by an
    /// operator by hand. The status does not change.
    AssignOffice,
    /// An operator sets the practice's priority (Bassa, Media, Alta); the status does not change.
    SetPriority,
    /// The assigned operator communicates the reasons that prevent accepting the request
    /// (preavviso di rigetto, L. 241/1990 art. 10-bis); the reasons (the message) are required.
    /// The term is suspended (see [`super::Practice::deadline`]).
    RejectionNotice,
    /// The applicant (or an operator recording them) submits observations on a rejection notice.
    SubmitObservations,
    /// An operator annuls a final act (annullamento d'ufficio, L. 241/1990 art. 21-nonies) where
    /// the service allows it (`allowAnnulment`); the reason is required.
    Annul,
}

impl EventKind {
    /// Every event kind that can be applied (all but [`EventKind::Create`]).
    pub const APPLICABLE: [EventKind; 34] = [
        EventKind::Submit,
        EventKind::PayStamps,
        EventKind::PaymentReturned,
        EventKind::PaymentSucceeded,
        EventKind::PaymentFailed,
        EventKind::RecordPayment,
        EventKind::RetryPayment,
        EventKind::CompletePayment,
        EventKind::Acquire,
        EventKind::Register,
        EventKind::Assign,
        EventKind::RequestIntegration,
        EventKind::SendIntegrationRequest,
        EventKind::RegisterIntegrationRequest,
        EventKind::AnswerIntegration,
        EventKind::AcceptIntegration,
        EventKind::CancelIntegration,
        EventKind::RegisterIntegrationAnswer,
        EventKind::ResumeAfterIntegration,
        EventKind::Accept,
        EventKind::PartiallyApprove,
        EventKind::Reject,
        EventKind::RegisterOutcome,
        EventKind::Withdraw,
        EventKind::Reopen,
        EventKind::Revoke,
        EventKind::Message,
        EventKind::Attachment,
        EventKind::Note,
        EventKind::AssignOffice,
        EventKind::SetPriority,
        EventKind::RejectionNotice,
        EventKind::SubmitObservations,
        EventKind::Annul,
    ];

    /// The camelCase name.
    pub const fn name(self) -> &'static str {
        match self {
            EventKind::Create => "create",
            EventKind::Submit => "submit",
            EventKind::PayStamps => "payStamps",
            EventKind::PaymentReturned => "paymentReturned",
            EventKind::PaymentSucceeded => "paymentSucceeded",
            EventKind::PaymentFailed => "paymentFailed",
            EventKind::RecordPayment => "recordPayment",
            EventKind::RetryPayment => "retryPayment",
            EventKind::CompletePayment => "completePayment",
            EventKind::Acquire => "acquire",
            EventKind::Register => "register",
            EventKind::Assign => "assign",
            EventKind::RequestIntegration => "requestIntegration",
            EventKind::SendIntegrationRequest => "sendIntegrationRequest",
            EventKind::RegisterIntegrationRequest => "registerIntegrationRequest",
            EventKind::AnswerIntegration => "answerIntegration",
            EventKind::AcceptIntegration => "acceptIntegration",
            EventKind::CancelIntegration => "cancelIntegration",
            EventKind::RegisterIntegrationAnswer => "registerIntegrationAnswer",
            EventKind::ResumeAfterIntegration => "resumeAfterIntegration",
            EventKind::Accept => "accept",
            EventKind::PartiallyApprove => "partiallyApprove",
            EventKind::Reject => "reject",
            EventKind::RegisterOutcome => "registerOutcome",
            EventKind::Withdraw => "withdraw",
            EventKind::Reopen => "reopen",
            EventKind::Revoke => "revoke",
            EventKind::Message => "message",
            EventKind::Attachment => "attachment",
            EventKind::Note => "note",
            EventKind::AssignOffice => "assignOffice",
            EventKind::SetPriority => "setPriority",
            EventKind::RejectionNotice => "rejectionNotice",
            EventKind::SubmitObservations => "submitObservations",
            EventKind::Annul => "annul",
        }
    }

    /// The kind with this camelCase name.
    pub fn from_name(name: &str) -> Option<EventKind> {
        if name == "create" {
            return Some(EventKind::Create);
        }
        EventKind::APPLICABLE.iter().copied().find(|k| k.name() == name)
    }
}

/// An event with its data. JSON: `{"type": "submit"}`, `{"type": "accept", "amount": "0.00",
/// "stamps": []}`, `{"type": "register", "protocolNumber":
/// "2025/123"}`, `{"type": "assign", "operator": "op-7"}`, `{"type": "attachment", "name": "a.pdf"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeEvent"))]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Event {
    /// The citizen sends the draft ([`EventKind::Submit`]), with the amount the form computed
    /// (`calculateValue`), if any: the practice's payment in place of `paymentAmount`.
    Submit {
        /// The amount the form computed, e.g. `"5.16"` (JSON `amount`; a two-decimal string, see
        /// [`Amount`]); absent: the service's amounts apply.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
        amount: Option<Amount>,
    },
    /// The stamps due are paid or declared.
    PayStamps,
    /// The citizen is back from the payment page; the outcome is not known yet.
    PaymentReturned,
    /// The gateway notifies a successful payment.
    PaymentSucceeded,
    /// The gateway notifies a failed payment.
    PaymentFailed,
    /// An operator records a payment by hand ("registra pagamento": forced, irreversible). The
    /// motivation (the event's message) is optional; it is kept as an internal note unless
    /// `sendToCitizen` sends it to the citizen as a message.
    RecordPayment {
        /// The motivation is sent to the citizen as a message (JSON `sendToCitizen`; default
        /// `false`: an internal note, readable by operators only).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        send_to_citizen: bool,
    },
    /// The citizen tries again after a failed payment.
    RetryPayment,
    /// Automatic: after a successful payment the practice goes on.
    CompletePayment,
    /// The system has built the practice document ("Acquisita").
    Acquire,
    /// `protocolNumber` is required (guard `protocolNumberGiven`); the fascicolo, document id and
    /// the protocol's date are optional (see [`super::ProtocolRef`]).
    Register {
        /// The protocol number assigned, e.g. `"2025/123"` (JSON `protocolNumber`).
        #[serde(default)]
        protocol_number: String,
        /// The protocol system's document id (JSON `documentId`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        document_id: Option<String>,
        /// The fascicolo's number (JSON `folderNumber`); default: the service's fascicolo of the year.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        folder_number: Option<String>,
        /// The fascicolo's code (JSON `folderCode`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        folder_code: Option<String>,
        /// When the protocol registered it (JSON `registeredAt`, RFC 3339); default: the event's time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
        #[serde(deserialize_with = "crate::iso::de_opt_instant")]
        registered_at: Option<DateTime<FixedOffset>>,
    },
    /// `operator` defaults to the acting operator; `office` (the seed's user group) to the
    /// practice's office, or with the staff consulted to the operator's office that handles the
    /// service (`Practice::apply_staffed`).
    Assign {
        /// The operator to assign; `None`: the acting operator.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        operator: Option<String>,
        /// The office the practice is taken in charge for; it becomes the practice's office.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        office: Option<String>,
    },
    /// The assigned operator asks the citizen for integrations.
    RequestIntegration,
    /// Automatic, without protocol: the integration request reaches the citizen.
    SendIntegrationRequest,
    /// The protocol system registers the integration request.
    RegisterIntegrationRequest {
        /// Its protocol number, if the protocol system gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        protocol_number: Option<String>,
        /// The protocol system's document id (JSON `documentId`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        document_id: Option<String>,
        /// When the protocol registered it (JSON `registeredAt`); default: the event's time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
        #[serde(deserialize_with = "crate::iso::de_opt_instant")]
        registered_at: Option<DateTime<FixedOffset>>,
    },
    /// The applicant answers the integration request.
    AnswerIntegration,
    /// The assigned operator accepts the citizen's integrations as the answer.
    AcceptIntegration {
        /// Ids of the citizen's messages that form the answer (empty: every one since the request).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
        messages: Vec<String>,
    },
    /// The assigned operator closes the integration request with an empty answer.
    CancelIntegration,
    /// The protocol system registers the citizen's answer.
    RegisterIntegrationAnswer {
        /// Its protocol number, if the protocol system gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        protocol_number: Option<String>,
        /// The protocol system's document id (JSON `documentId`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        document_id: Option<String>,
        /// When the protocol registered it (JSON `registeredAt`); default: the event's time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
        #[serde(deserialize_with = "crate::iso::de_opt_instant")]
        registered_at: Option<DateTime<FixedOffset>>,
    },
    /// Automatic: the practice returns in charge after the integration.
    ResumeAfterIntegration,
    /// The outcome is positive, with the operator's decisions on the charges due at release
    /// ([`Approval`]: `amount`, `stamps`, both optional).
    Accept(Approval),
    /// The outcome is a partial approval (only where the service allows it; message optional),
    /// with the operator's decisions on the charges due at release, as for `accept`.
    PartiallyApprove(Approval),
    /// The outcome is negative (message optional).
    Reject,
    /// The protocol system registers the outcome document.
    RegisterOutcome {
        /// Its protocol number, if the protocol system gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        protocol_number: Option<String>,
        /// The protocol system's document id (JSON `documentId`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        document_id: Option<String>,
        /// When the protocol registered it (JSON `registeredAt`); default: the event's time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
        #[serde(deserialize_with = "crate::iso::de_opt_instant")]
        registered_at: Option<DateTime<FixedOffset>>,
    },
    /// The applicant withdraws the practice (ritiro).
    Withdraw,
    /// An operator reopens a closed practice (riapertura).
    Reopen,
    /// An operator annuls the practice (reason required).
    Revoke,
    /// A message is added (any status, even closed).
    Message,
    /// An attachment is added (any status, even closed).
    Attachment {
        /// The attachment's file name.
        #[serde(default)]
        name: String,
    },
    /// An operator's private note (the text is the event's message): readable by operators only.
    Note,
    /// The practice is assigned to an office: by the system from the form's office assignment
    /// (`service`), or by an operator by hand. `{"type": "assignOffice", "office": "tributi"}`.
    AssignOffice {
        /// The office's id (required, non-empty).
        #[serde(default)]
        office: String,
    },
    /// An operator sets the priority (guard `priorityGiven`): `{"type": "setPriority",
    /// "priority": "high"}`.
    SetPriority {
        /// `low` (Bassa), `medium` (Media) or `high` (Alta).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        priority: Option<Priority>,
    },
    /// Preavviso di rigetto (L. 241/1990 art. 10-bis): the reasons are the event's message.
    RejectionNotice,
    /// The applicant's observations on the rejection notice (the text is the event's message).
    SubmitObservations,
    /// Annulment of a final act (annullamento d'ufficio); the reason is the event's message.
    Annul,
}

impl Event {
    /// `register` with only its protocol number (no document id, fascicolo or protocol date).
    pub fn register(protocol_number: impl Into<String>) -> Event {
        Event::Register { protocol_number: protocol_number.into(), document_id: None, folder_number: None, folder_code: None, registered_at: None }
    }

    /// The event's kind.
    pub const fn kind(&self) -> EventKind {
        match self {
            Event::Submit { .. } => EventKind::Submit,
            Event::PayStamps => EventKind::PayStamps,
            Event::PaymentReturned => EventKind::PaymentReturned,
            Event::PaymentSucceeded => EventKind::PaymentSucceeded,
            Event::PaymentFailed => EventKind::PaymentFailed,
            Event::RecordPayment { .. } => EventKind::RecordPayment,
            Event::RetryPayment => EventKind::RetryPayment,
            Event::CompletePayment => EventKind::CompletePayment,
            Event::Acquire => EventKind::Acquire,
            Event::Register { .. } => EventKind::Register,
            Event::Assign { .. } => EventKind::Assign,
            Event::RequestIntegration => EventKind::RequestIntegration,
            Event::SendIntegrationRequest => EventKind::SendIntegrationRequest,
            Event::RegisterIntegrationRequest { .. } => EventKind::RegisterIntegrationRequest,
            Event::AnswerIntegration => EventKind::AnswerIntegration,
            Event::AcceptIntegration { .. } => EventKind::AcceptIntegration,
            Event::CancelIntegration => EventKind::CancelIntegration,
            Event::RegisterIntegrationAnswer { .. } => EventKind::RegisterIntegrationAnswer,
            Event::ResumeAfterIntegration => EventKind::ResumeAfterIntegration,
            Event::Accept(_) => EventKind::Accept,
            Event::PartiallyApprove(_) => EventKind::PartiallyApprove,
            Event::Reject => EventKind::Reject,
            Event::RegisterOutcome { .. } => EventKind::RegisterOutcome,
            Event::Withdraw => EventKind::Withdraw,
            Event::Reopen => EventKind::Reopen,
            Event::Revoke => EventKind::Revoke,
            Event::Message => EventKind::Message,
            Event::Attachment { .. } => EventKind::Attachment,
            Event::Note => EventKind::Note,
            Event::AssignOffice { .. } => EventKind::AssignOffice,
            Event::SetPriority { .. } => EventKind::SetPriority,
            Event::RejectionNotice => EventKind::RejectionNotice,
            Event::SubmitObservations => EventKind::SubmitObservations,
            Event::Annul => EventKind::Annul,
        }
    }

    /// The event of this kind with the given data; data a kind does not carry is ignored
    /// (`protocol_number`, `document_id`, `registered_at` for the register events, `folder_number`
    /// and `folder_code` for register, `operator` and `office` for assign, `office` for assignOffice, `name` for attachment,
    /// `messages` for acceptIntegration, `send_to_citizen` for recordPayment, `priority` for
    /// setPriority, `amount` for submit, accept and partiallyApprove, `stamps` for accept and
    /// partiallyApprove). `None` for [`EventKind::Create`].
    pub fn with_data(kind: EventKind, d: EventData) -> Option<Event> {
        Some(match kind {
            EventKind::Submit => Event::Submit { amount: d.amount },
            EventKind::Accept => Event::Accept(Approval { amount: d.amount, stamps: d.stamps }),
            EventKind::PartiallyApprove => Event::PartiallyApprove(Approval { amount: d.amount, stamps: d.stamps }),
            EventKind::Register => Event::Register {
                protocol_number: d.protocol_number.unwrap_or_default(),
                document_id: d.document_id,
                folder_number: d.folder_number,
                folder_code: d.folder_code,
                registered_at: d.registered_at,
            },
            EventKind::RegisterIntegrationRequest => {
                Event::RegisterIntegrationRequest { protocol_number: d.protocol_number, document_id: d.document_id, registered_at: d.registered_at }
            }
            EventKind::RegisterIntegrationAnswer => {
                Event::RegisterIntegrationAnswer { protocol_number: d.protocol_number, document_id: d.document_id, registered_at: d.registered_at }
            }
            EventKind::RegisterOutcome => {
                Event::RegisterOutcome { protocol_number: d.protocol_number, document_id: d.document_id, registered_at: d.registered_at }
            }
            EventKind::Assign => Event::Assign { operator: d.operator, office: d.office },
            EventKind::AssignOffice => Event::AssignOffice { office: d.office.unwrap_or_default() },
            EventKind::Attachment => Event::Attachment { name: d.name.unwrap_or_default() },
            EventKind::AcceptIntegration => Event::AcceptIntegration { messages: d.messages.unwrap_or_default() },
            EventKind::RecordPayment => Event::RecordPayment { send_to_citizen: d.send_to_citizen.unwrap_or(false) },
            EventKind::SetPriority => Event::SetPriority { priority: d.priority },
            other => return Event::of_kind(other),
        })
    }

    /// The event of this kind with empty data (`None` for [`EventKind::Create`]).
    pub fn of_kind(kind: EventKind) -> Option<Event> {
        Some(match kind {
            EventKind::Create => return None,
            EventKind::Submit => Event::Submit { amount: None },
            EventKind::PayStamps => Event::PayStamps,
            EventKind::PaymentReturned => Event::PaymentReturned,
            EventKind::PaymentSucceeded => Event::PaymentSucceeded,
            EventKind::PaymentFailed => Event::PaymentFailed,
            EventKind::RecordPayment => Event::RecordPayment { send_to_citizen: false },
            EventKind::RetryPayment => Event::RetryPayment,
            EventKind::CompletePayment => Event::CompletePayment,
            EventKind::Acquire => Event::Acquire,
            EventKind::Register => Event::register(String::new()),
            EventKind::Assign => Event::Assign { operator: None, office: None },
            EventKind::RequestIntegration => Event::RequestIntegration,
            EventKind::SendIntegrationRequest => Event::SendIntegrationRequest,
            EventKind::RegisterIntegrationRequest => {
                Event::RegisterIntegrationRequest { protocol_number: None, document_id: None, registered_at: None }
            }
            EventKind::AnswerIntegration => Event::AnswerIntegration,
            EventKind::AcceptIntegration => Event::AcceptIntegration { messages: Vec::new() },
            EventKind::CancelIntegration => Event::CancelIntegration,
            EventKind::RegisterIntegrationAnswer => {
                Event::RegisterIntegrationAnswer { protocol_number: None, document_id: None, registered_at: None }
            }
            EventKind::ResumeAfterIntegration => Event::ResumeAfterIntegration,
            EventKind::Accept => Event::Accept(Approval::default()),
            EventKind::PartiallyApprove => Event::PartiallyApprove(Approval::default()),
            EventKind::Reject => Event::Reject,
            EventKind::RegisterOutcome => Event::RegisterOutcome { protocol_number: None, document_id: None, registered_at: None },
            EventKind::Withdraw => Event::Withdraw,
            EventKind::Reopen => Event::Reopen,
            EventKind::Revoke => Event::Revoke,
            EventKind::Message => Event::Message,
            EventKind::Attachment => Event::Attachment { name: String::new() },
            EventKind::Note => Event::Note,
            EventKind::AssignOffice => Event::AssignOffice { office: String::new() },
            EventKind::SetPriority => Event::SetPriority { priority: None },
            EventKind::RejectionNotice => Event::RejectionNotice,
            EventKind::SubmitObservations => Event::SubmitObservations,
            EventKind::Annul => Event::Annul,
        })
    }
}

/// The data of an event given beside its bare name (Python's keyword arguments), each field the
/// event's JSON field of the same name; `None` = not given. JSON: those fields, camelCase, each
/// optional (`{"protocolNumber": "2025/123", "registeredAt": "2025-03-01T10:00:00+01:00"}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct EventData {
    /// `protocolNumber` of the register events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_number: Option<String>,
    /// `operator` of assign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// `name` of attachment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `messages` of acceptIntegration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<String>>,
    /// `sendToCitizen` of recordPayment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_to_citizen: Option<bool>,
    /// `documentId` of the register events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
    /// `folderNumber` of register.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder_number: Option<String>,
    /// `folderCode` of register.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder_code: Option<String>,
    /// `registeredAt` of the register events.
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<DateTime<FixedOffset>>,
    /// `office` of assign and assignOffice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// `priority` of setPriority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// `amount` of submit (the form's amount), accept and partiallyApprove (the deferred amount).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// `stamps` of accept and partiallyApprove (the release stamps; empty: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stamps: Option<Vec<crate::payments::Charge>>,
}

impl EventData {
    /// No data given.
    pub fn is_empty(&self) -> bool {
        *self == EventData::default()
    }
}

/// An event as a caller names it: its bare name (`"submit"`: the event of that kind with empty
/// data) or the event with its data (`{"type": "register", "protocolNumber": "2025/123"}`). JSON:
/// either form. The bindings take this wherever an event is applied, checked or explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventArg {
    /// A bare name, resolved by [`EventArg::event`] (an unknown name is `practice.invalid` there).
    Name(String),
    /// The event with its data.
    Event(Event),
}

impl EventArg {
    /// The event: a name gives the event of its kind with empty data ([`Event::of_kind`]);
    /// `practice.invalid` for a name that is not an event to apply (`create` included).
    pub fn event(self) -> Result<Event, super::PracticeError> {
        match self {
            EventArg::Event(e) => Ok(e),
            EventArg::Name(name) => EventKind::from_name(&name)
                .and_then(Event::of_kind)
                .ok_or_else(|| super::PracticeError::Invalid { message: format!("unknown event {name:?}") }),
        }
    }
}

impl EventArg {
    /// The argument with data given beside it, as keyword arguments (Python's `protocol_number`,
    /// `operator`, `name`, `messages`, `send_to_citizen`, `document_id`, `folder_number`,
    /// `folder_code`, `registered_at`, `office`, `priority`, `amount`, `stamps`): a bare name with any data becomes the event of its kind with that data
    /// ([`Event::with_data`]: data the kind does not carry is ignored); without data it stays a
    /// bare name (so [`Practice::why_not_arg`](super::Practice::why_not_arg) still explains it
    /// from the guards alone). `practice.invalid` for data beside an event object (which carries
    /// its own) and for a name that is no event to apply.
    pub fn with_data(self, data: EventData) -> Result<EventArg, super::PracticeError> {
        if data.is_empty() {
            return Ok(self);
        }
        let invalid = |message: String| super::PracticeError::Invalid { message };
        match self {
            EventArg::Event(_) => Err(invalid("the event's data go inside the event object, not beside it".into())),
            EventArg::Name(event) => EventKind::from_name(&event)
                .and_then(|kind| Event::with_data(kind, data))
                .map(EventArg::Event)
                .ok_or_else(|| invalid(format!("unknown event {event:?}"))),
        }
    }
}

impl<'de> Deserialize<'de> for EventArg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = EventArg;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an event name or an event object {\"type\": ...}")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<EventArg, E> {
                Ok(EventArg::Name(s.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<EventArg, E> {
                Ok(EventArg::Name(s))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<EventArg, A::Error> {
                Event::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(EventArg::Event)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_data_json_is_the_event_fields() {
        let json = r#"{"protocolNumber":"2025/123","registeredAt":"2025-03-01T10:00:00+01:00","amount":"16.00"}"#;
        let d: EventData = crate::json::from_str(json).unwrap();
        assert_eq!(d.protocol_number.as_deref(), Some("2025/123"));
        assert_eq!(d.amount, Some(Amount::from_cents(1600).unwrap()));
        assert_eq!(crate::error::to_json(&d), json);
        assert_eq!(crate::json::from_str::<EventData>("{}").unwrap(), EventData::default());
        for bad in [r#"{"protocol_number":"1"}"#, r#"{"registeredAt":"2025-03-01T10:00:00"}"#, r#"{"amount":16.5}"#] {
            assert!(crate::json::from_str::<EventData>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn data_beside_a_bare_name_make_the_event() {
        let name = || EventArg::Name("register".into());
        let data = |p: Option<&str>, o: Option<&str>, n: Option<&str>| EventData {
            protocol_number: p.map(Into::into),
            operator: o.map(Into::into),
            name: n.map(Into::into),
            ..EventData::default()
        };
        assert_eq!(name().with_data(data(None, None, None)).unwrap(), name());
        let e = name().with_data(data(Some("2025/1"), None, None)).unwrap();
        assert_eq!(e, EventArg::Event(Event::register("2025/1")));
        // Data the kind does not carry are ignored, as `Event::with_data` does.
        let e = EventArg::Name("submit".into()).with_data(data(None, Some("op"), None)).unwrap();
        assert_eq!(e, EventArg::Event(Event::Submit { amount: None }));
        let bad = EventArg::Name("fly".into()).with_data(data(None, None, Some("a.pdf"))).unwrap_err();
        assert!(matches!(bad, crate::practice::PracticeError::Invalid { .. }));
        let beside = EventArg::Event(Event::Submit { amount: None }).with_data(data(None, Some("op"), None)).unwrap_err();
        let e = EventArg::Name("recordPayment".into())
            .with_data(EventData { send_to_citizen: Some(true), ..EventData::default() })
            .unwrap();
        assert_eq!(e, EventArg::Event(Event::RecordPayment { send_to_citizen: true }));
        assert!(matches!(beside, crate::practice::PracticeError::Invalid { .. }));
        let e = name().with_data(EventData { folder_number: Some("12".into()), ..data(Some("2025/2"), None, None) }).unwrap();
        let EventArg::Event(Event::Register { folder_number, .. }) = e else { panic!("{e:?}") };
        assert_eq!(folder_number.as_deref(), Some("12"));
    }

    #[test]
    fn kinds_by_name() {
        use crate::practice::{ActorKind, RequestKind};
        assert_eq!(RequestKind::from_name("renewal").unwrap(), RequestKind::Renewal);
        assert_eq!(ActorKind::from_name("protocol").unwrap(), ActorKind::Protocol);
        let e = RequestKind::from_name("Renewal").unwrap_err();
        assert_eq!(e.to_string(), "unknown request kind \"Renewal\"");
        assert!(ActorKind::from_name("robot").unwrap_err().to_string().contains("unknown actor kind"));
    }
}
