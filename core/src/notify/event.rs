//! What happened: the events a service reacts to with notifications.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::payments::Amount;
use crate::practice::Status;

/// Who wrote a message or cancelled a booking. JSON `"citizen"`, `"operator"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyAuthor"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Author {
    /// The citizen (the practice's applicant, the booking's owner).
    Citizen,
    /// An operator of the office.
    Operator,
}

/// The kind of an [`Event`] (its JSON `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyEventKind"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum EventKind {
    /// A practice changed status.
    PracticeTransition,
    /// A message was written on a practice.
    MessageCreated,
    /// An operator asked the citizen for integrations.
    IntegrationRequested,
    /// The citizen answered an integration request.
    IntegrationAnswered,
    /// A payment was created (a pagoPA notice is due).
    PaymentCreated,
    /// A payment expired unpaid.
    PaymentExpired,
    /// A payment was paid.
    PaymentPaid,
    /// A booking (appointment) was made.
    BookingCreated,
    /// A booking was confirmed (approved by an operator).
    BookingConfirmed,
    /// A booking was moved to another time.
    BookingMoved,
    /// A booking was cancelled (or refused).
    BookingCancelled,
    /// The reminder of a booking, the day before.
    BookingReminder,
    /// An account must be activated (its first access, or an operator's new account).
    AccountActivation,
}

impl EventKind {
    /// Every kind, in a stable order.
    pub const ALL: [EventKind; 13] = [
        EventKind::PracticeTransition,
        EventKind::MessageCreated,
        EventKind::IntegrationRequested,
        EventKind::IntegrationAnswered,
        EventKind::PaymentCreated,
        EventKind::PaymentExpired,
        EventKind::PaymentPaid,
        EventKind::BookingCreated,
        EventKind::BookingConfirmed,
        EventKind::BookingMoved,
        EventKind::BookingCancelled,
        EventKind::BookingReminder,
        EventKind::AccountActivation,
    ];

    /// The JSON name (`"practiceTransition"`).
    pub const fn name(self) -> &'static str {
        match self {
            EventKind::PracticeTransition => "practiceTransition",
            EventKind::MessageCreated => "messageCreated",
            EventKind::IntegrationRequested => "integrationRequested",
            EventKind::IntegrationAnswered => "integrationAnswered",
            EventKind::PaymentCreated => "paymentCreated",
            EventKind::PaymentExpired => "paymentExpired",
            EventKind::PaymentPaid => "paymentPaid",
            EventKind::BookingCreated => "bookingCreated",
            EventKind::BookingConfirmed => "bookingConfirmed",
            EventKind::BookingMoved => "bookingMoved",
            EventKind::BookingCancelled => "bookingCancelled",
            EventKind::BookingReminder => "bookingReminder",
            EventKind::AccountActivation => "accountActivation",
        }
    }

    /// The kind with this JSON name.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

/// A booking as the notifications of its events need it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyBooking"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BookingFacts {
    /// The booking's id.
    pub id: String,
    /// The calendar's id.
    pub calendar: String,
    /// When the meeting starts (RFC 3339).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub start: DateTime<FixedOffset>,
    /// When the meeting ends (RFC 3339).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub end: DateTime<FixedOffset>,
    /// The meeting awaits an operator's approval (a moderated calendar); default `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub pending: bool,
    /// The videoconference link, when the meeting is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub videoconference_link: Option<String>,
    /// The practice the booking belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub practice: Option<String>,
    /// When the calendar's reminder goes (the slots capability's `Booking::reminder_at`, RFC
    /// 3339): the reminder is due on that Europe/Rome day. Absent: the day before the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub reminder_at: Option<DateTime<FixedOffset>>,
}

/// Something that happened, with what its notifications need. JSON: tagged by `kind`, e.g.
/// `{"kind": "practiceTransition", "practice": "P-1", "from": 1900, "to": 2000, "at": "2026-03-02T09:00:00+01:00"}`.
///
/// The event's **identity** (its kind, the practice / message / payment / booking / account id and,
/// where one object goes through the same event more than once, the time or target) is what the
/// notifications' ids are built from: the same event given twice gives the same ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyEvent"))]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Event {
    /// A practice moved from `from` (none: just created) to `to`.
    PracticeTransition {
        /// The practice's id.
        practice: String,
        /// The status before; `None` for a practice just created.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        from: Option<Status>,
        /// The status after.
        to: Status,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
        /// Who made the change, when it matters: a draft (1000) is notified only when an
        /// operator creates it on the citizen's behalf.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        by: Option<Author>,
        /// The protocol number, once registered (template variable `protocolNumber`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        protocol_number: Option<String>,
        /// The operator's motivation of an outcome ("messaggio personale", template variable `reason`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        reason: Option<String>,
    },
    /// A message was written on a practice, by the citizen or by an operator.
    MessageCreated {
        /// The practice's id.
        practice: String,
        /// The message's id.
        message: String,
        /// Who wrote it.
        author: Author,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
        /// Its text (template variable `text`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        text: Option<String>,
    },
    /// An operator asked the citizen for integrations.
    IntegrationRequested {
        /// The practice's id.
        practice: String,
        /// The request's id.
        request: String,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
        /// The operator's motivation (template variable `text`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        text: Option<String>,
    },
    /// The citizen answered an integration request.
    IntegrationAnswered {
        /// The practice's id.
        practice: String,
        /// The request's id.
        request: String,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
    },
    /// A payment was created.
    PaymentCreated {
        /// The practice's id.
        practice: String,
        /// The payment's id (e.g. its IUV).
        payment: String,
        /// The amount due (`"16.00"`).
        amount: Amount,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
        /// The pagoPA notice code (18 digits), if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        notice_code: Option<String>,
        /// When the payment expires (RFC 3339), if it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        #[serde(deserialize_with = "crate::iso::de_opt_instant")]
        expires_at: Option<DateTime<FixedOffset>>,
    },
    /// A payment expired unpaid.
    PaymentExpired {
        /// The practice's id.
        practice: String,
        /// The payment's id.
        payment: String,
        /// The amount that was due.
        amount: Amount,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
    },
    /// A payment was paid.
    PaymentPaid {
        /// The practice's id.
        practice: String,
        /// The payment's id.
        payment: String,
        /// The amount paid.
        amount: Amount,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
    },
    /// A booking was made (confirmed at once, or `pending` an operator's approval).
    BookingCreated {
        /// The booking.
        booking: BookingFacts,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
    },
    /// An operator approved a pending booking.
    BookingConfirmed {
        /// The booking.
        booking: BookingFacts,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
    },
    /// A booking was moved; `booking` has the new times.
    BookingMoved {
        /// The booking, at its new time.
        booking: BookingFacts,
        /// Its previous start (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        previous_start: DateTime<FixedOffset>,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
    },
    /// A booking was cancelled, or refused by an operator (`refused`).
    BookingCancelled {
        /// The booking.
        booking: BookingFacts,
        /// Who cancelled it.
        by: Author,
        /// An operator refused it (a pending booking); default `false`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        refused: bool,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
        /// Why (template variable `reason`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        reason: Option<String>,
    },
    /// The reminder of a confirmed booking: due on the local (Europe/Rome) day before its start.
    BookingReminder {
        /// The booking.
        booking: BookingFacts,
    },
    /// An account must be activated: the citizen (or operator) receives the activation link.
    AccountActivation {
        /// The account's id.
        account: String,
        /// When (RFC 3339).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
        /// The activation link (template variable `link`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        link: Option<String>,
        /// The first day the activation key can be collected at the counter (`access`'s
        /// `keyAvailableFrom`; template variable `keyAvailableFrom`).
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::iso::de_opt_date")]
        #[cfg_attr(feature = "ts", ts(optional))]
        key_available_from: Option<NaiveDate>,
    },
}

impl Event {
    /// The event's kind.
    pub fn kind(&self) -> EventKind {
        match self {
            Event::PracticeTransition { .. } => EventKind::PracticeTransition,
            Event::MessageCreated { .. } => EventKind::MessageCreated,
            Event::IntegrationRequested { .. } => EventKind::IntegrationRequested,
            Event::IntegrationAnswered { .. } => EventKind::IntegrationAnswered,
            Event::PaymentCreated { .. } => EventKind::PaymentCreated,
            Event::PaymentExpired { .. } => EventKind::PaymentExpired,
            Event::PaymentPaid { .. } => EventKind::PaymentPaid,
            Event::BookingCreated { .. } => EventKind::BookingCreated,
            Event::BookingConfirmed { .. } => EventKind::BookingConfirmed,
            Event::BookingMoved { .. } => EventKind::BookingMoved,
            Event::BookingCancelled { .. } => EventKind::BookingCancelled,
            Event::BookingReminder { .. } => EventKind::BookingReminder,
            Event::AccountActivation { .. } => EventKind::AccountActivation,
        }
    }

    /// The event's key, as settings name it: the kind, and for a practice transition the target
    /// status code (`"practiceTransition.2000"`).
    pub fn key(&self) -> String {
        match self {
            Event::PracticeTransition { to, .. } => format!("practiceTransition.{}", to.code()),
            other => other.kind().name().to_string(),
        }
    }

    /// The practice the event is about, if any.
    pub fn practice(&self) -> Option<&str> {
        match self {
            Event::PracticeTransition { practice, .. }
            | Event::MessageCreated { practice, .. }
            | Event::IntegrationRequested { practice, .. }
            | Event::IntegrationAnswered { practice, .. }
            | Event::PaymentCreated { practice, .. }
            | Event::PaymentExpired { practice, .. }
            | Event::PaymentPaid { practice, .. } => Some(practice),
            Event::BookingCreated { booking, .. }
            | Event::BookingConfirmed { booking, .. }
            | Event::BookingMoved { booking, .. }
            | Event::BookingCancelled { booking, .. }
            | Event::BookingReminder { booking } => booking.practice.as_deref(),
            Event::AccountActivation { .. } => None,
        }
    }

    /// The booking the event is about, if any.
    pub fn booking(&self) -> Option<&BookingFacts> {
        match self {
            Event::BookingCreated { booking, .. }
            | Event::BookingConfirmed { booking, .. }
            | Event::BookingMoved { booking, .. }
            | Event::BookingCancelled { booking, .. }
            | Event::BookingReminder { booking } => Some(booking),
            _ => None,
        }
    }
}
