//! Events: what can happen to a practice. Each one is recorded in the practice's event log.

use serde::{Deserialize, Serialize};

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
    /// An operator records a payment made outside the gateway ("registra pagamento"; reason required).
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
    /// The citizen answers the integration request (or an operator closes it for the citizen).
    AnswerIntegration,
    /// The protocol system registers the citizen's answer.
    RegisterIntegrationAnswer,
    /// Automatic: the practice returns in charge after the integration.
    ResumeAfterIntegration,
    /// The outcome is positive.
    Accept,
    /// The outcome is a partial approval (reason required).
    PartiallyApprove,
    /// The outcome is negative (reason required).
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
}

impl EventKind {
    /// Every event kind that can be applied (all but [`EventKind::Create`]).
    pub const APPLICABLE: [EventKind; 26] = [
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

/// An event with its data. JSON: `{"type": "submit"}`, `{"type": "register", "protocolNumber":
/// "2025/123"}`, `{"type": "assign", "operator": "op-7"}`, `{"type": "attachment", "name": "a.pdf"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeEvent"))]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Event {
    /// The citizen sends the draft ([`EventKind::Submit`]).
    Submit,
    /// The stamps due are paid or declared.
    PayStamps,
    /// The citizen is back from the payment page; the outcome is not known yet.
    PaymentReturned,
    /// The gateway notifies a successful payment.
    PaymentSucceeded,
    /// The gateway notifies a failed payment.
    PaymentFailed,
    /// An operator records a payment made outside the gateway (reason required).
    RecordPayment,
    /// The citizen tries again after a failed payment.
    RetryPayment,
    /// Automatic: after a successful payment the practice goes on.
    CompletePayment,
    /// The system has built the practice document ("Acquisita").
    Acquire,
    /// `protocolNumber` is required (guard `protocolNumberGiven`).
    Register {
        /// The protocol number assigned, e.g. `"2025/123"` (JSON `protocolNumber`).
        #[serde(default)]
        protocol_number: String,
    },
    /// `operator` defaults to the acting operator.
    Assign {
        /// The operator to assign; `None`: the acting operator.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        operator: Option<String>,
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
    },
    /// The citizen answers the integration request.
    AnswerIntegration,
    /// The protocol system registers the citizen's answer.
    RegisterIntegrationAnswer {
        /// Its protocol number, if the protocol system gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        protocol_number: Option<String>,
    },
    /// Automatic: the practice returns in charge after the integration.
    ResumeAfterIntegration,
    /// The outcome is positive.
    Accept,
    /// The outcome is a partial approval (reason required).
    PartiallyApprove,
    /// The outcome is negative (reason required).
    Reject,
    /// The protocol system registers the outcome document.
    RegisterOutcome {
        /// Its protocol number, if the protocol system gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        protocol_number: Option<String>,
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
}

impl Event {
    /// The event's kind.
    pub const fn kind(&self) -> EventKind {
        match self {
            Event::Submit => EventKind::Submit,
            Event::PayStamps => EventKind::PayStamps,
            Event::PaymentReturned => EventKind::PaymentReturned,
            Event::PaymentSucceeded => EventKind::PaymentSucceeded,
            Event::PaymentFailed => EventKind::PaymentFailed,
            Event::RecordPayment => EventKind::RecordPayment,
            Event::RetryPayment => EventKind::RetryPayment,
            Event::CompletePayment => EventKind::CompletePayment,
            Event::Acquire => EventKind::Acquire,
            Event::Register { .. } => EventKind::Register,
            Event::Assign { .. } => EventKind::Assign,
            Event::RequestIntegration => EventKind::RequestIntegration,
            Event::SendIntegrationRequest => EventKind::SendIntegrationRequest,
            Event::RegisterIntegrationRequest { .. } => EventKind::RegisterIntegrationRequest,
            Event::AnswerIntegration => EventKind::AnswerIntegration,
            Event::RegisterIntegrationAnswer { .. } => EventKind::RegisterIntegrationAnswer,
            Event::ResumeAfterIntegration => EventKind::ResumeAfterIntegration,
            Event::Accept => EventKind::Accept,
            Event::PartiallyApprove => EventKind::PartiallyApprove,
            Event::Reject => EventKind::Reject,
            Event::RegisterOutcome { .. } => EventKind::RegisterOutcome,
            Event::Withdraw => EventKind::Withdraw,
            Event::Reopen => EventKind::Reopen,
            Event::Revoke => EventKind::Revoke,
            Event::Message => EventKind::Message,
            Event::Attachment { .. } => EventKind::Attachment,
        }
    }

    /// The event of this kind with the given data; data a kind does not carry is ignored
    /// (`protocol_number` for the register events, `operator` for assign, `name` for attachment).
    /// `None` for [`EventKind::Create`].
    pub fn with_data(kind: EventKind, protocol_number: Option<String>, operator: Option<String>, name: Option<String>) -> Option<Event> {
        Some(match kind {
            EventKind::Register => Event::Register { protocol_number: protocol_number.unwrap_or_default() },
            EventKind::RegisterIntegrationRequest => Event::RegisterIntegrationRequest { protocol_number },
            EventKind::RegisterIntegrationAnswer => Event::RegisterIntegrationAnswer { protocol_number },
            EventKind::RegisterOutcome => Event::RegisterOutcome { protocol_number },
            EventKind::Assign => Event::Assign { operator },
            EventKind::Attachment => Event::Attachment { name: name.unwrap_or_default() },
            other => return Event::of_kind(other),
        })
    }

    /// The event of this kind with empty data (`None` for [`EventKind::Create`]).
    pub fn of_kind(kind: EventKind) -> Option<Event> {
        Some(match kind {
            EventKind::Create => return None,
            EventKind::Submit => Event::Submit,
            EventKind::PayStamps => Event::PayStamps,
            EventKind::PaymentReturned => Event::PaymentReturned,
            EventKind::PaymentSucceeded => Event::PaymentSucceeded,
            EventKind::PaymentFailed => Event::PaymentFailed,
            EventKind::RecordPayment => Event::RecordPayment,
            EventKind::RetryPayment => Event::RetryPayment,
            EventKind::CompletePayment => Event::CompletePayment,
            EventKind::Acquire => Event::Acquire,
            EventKind::Register => Event::Register { protocol_number: String::new() },
            EventKind::Assign => Event::Assign { operator: None },
            EventKind::RequestIntegration => Event::RequestIntegration,
            EventKind::SendIntegrationRequest => Event::SendIntegrationRequest,
            EventKind::RegisterIntegrationRequest => Event::RegisterIntegrationRequest { protocol_number: None },
            EventKind::AnswerIntegration => Event::AnswerIntegration,
            EventKind::RegisterIntegrationAnswer => Event::RegisterIntegrationAnswer { protocol_number: None },
            EventKind::ResumeAfterIntegration => Event::ResumeAfterIntegration,
            EventKind::Accept => Event::Accept,
            EventKind::PartiallyApprove => Event::PartiallyApprove,
            EventKind::Reject => Event::Reject,
            EventKind::RegisterOutcome => Event::RegisterOutcome { protocol_number: None },
            EventKind::Withdraw => Event::Withdraw,
            EventKind::Reopen => Event::Reopen,
            EventKind::Revoke => Event::Revoke,
            EventKind::Message => Event::Message,
            EventKind::Attachment => Event::Attachment { name: String::new() },
        })
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
    /// `operator`, `name`): a bare name with any data becomes the event of its kind with that data
    /// ([`Event::with_data`]: data the kind does not carry is ignored); without data it stays a
    /// bare name (so [`Practice::why_not_arg`](super::Practice::why_not_arg) still explains it
    /// from the guards alone). `practice.invalid` for data beside an event object (which carries
    /// its own) and for a name that is no event to apply.
    pub fn with_data(
        self,
        protocol_number: Option<String>,
        operator: Option<String>,
        name: Option<String>,
    ) -> Result<EventArg, super::PracticeError> {
        if protocol_number.is_none() && operator.is_none() && name.is_none() {
            return Ok(self);
        }
        let invalid = |message: String| super::PracticeError::Invalid { message };
        match self {
            EventArg::Event(_) => Err(invalid("the event's data go inside the event object, not beside it".into())),
            EventArg::Name(event) => EventKind::from_name(&event)
                .and_then(|kind| Event::with_data(kind, protocol_number, operator, name))
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
    fn data_beside_a_bare_name_make_the_event() {
        let name = || EventArg::Name("register".into());
        assert_eq!(name().with_data(None, None, None).unwrap(), name());
        let e = name().with_data(Some("2025/1".into()), None, None).unwrap();
        assert_eq!(e, EventArg::Event(Event::Register { protocol_number: "2025/1".into() }));
        // Data the kind does not carry are ignored, as `Event::with_data` does.
        let e = EventArg::Name("submit".into()).with_data(None, Some("op".into()), None).unwrap();
        assert_eq!(e, EventArg::Event(Event::Submit));
        let bad = EventArg::Name("fly".into()).with_data(None, None, Some("a.pdf".into())).unwrap_err();
        assert!(matches!(bad, crate::practice::PracticeError::Invalid { .. }));
        let beside = EventArg::Event(Event::Submit).with_data(None, Some("op".into()), None).unwrap_err();
        assert!(matches!(beside, crate::practice::PracticeError::Invalid { .. }));
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
