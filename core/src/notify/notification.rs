//! A notification due: who, through which channel, in which language, in which words.

use serde::{Deserialize, Serialize};

use super::event::EventKind;
use super::settings::Channel;
use crate::practice::Lang;

/// Who a notification is for. JSON `"citizen"`, `"operator"`, `"calendarContact"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum RecipientKind {
    /// The citizen.
    Citizen,
    /// An operator of the office.
    Operator,
    /// The calendar's contact e-mail.
    CalendarContact,
}

impl RecipientKind {
    /// The JSON name.
    pub const fn name(self) -> &'static str {
        match self {
            RecipientKind::Citizen => "citizen",
            RecipientKind::Operator => "operator",
            RecipientKind::CalendarContact => "calendarContact",
        }
    }
}

/// A recipient: its kind, its id (the operator's id, the calendar's id, the citizen's codice
/// fiscale if known) and the address on the channel (e-mail, phone, codice fiscale for App IO, PEC).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Recipient {
    /// Who.
    pub kind: RecipientKind,
    /// The operator's or calendar's id, or the citizen's codice fiscale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub id: Option<String>,
    /// The address on the channel.
    pub address: String,
    /// The recipient's name, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
}

/// A notification due. The library sends nothing: the caller sends it, and may keep `id` to tell
/// a notification it already sent (the id is a UUID v5 of the event's identity, the recipient and
/// the channel: the same event gives the same ids).
///
/// JSON: `{"id": "…", "event": "practiceTransition", "key": "practiceTransition.2000",
/// "recipient": {"kind": "citizen", "address": "mario@example.it"}, "channel": "email", "lang": "it",
/// "subject": "…", "body": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Notification {
    /// Deterministic id (UUID v5, lower-case hyphenated).
    pub id: String,
    /// The event's kind.
    pub event: EventKind,
    /// The event's key (`"practiceTransition.2000"`): what settings and templates name.
    pub key: String,
    /// Who.
    pub recipient: Recipient,
    /// Through which channel.
    pub channel: Channel,
    /// In which language.
    pub lang: Lang,
    /// The subject (e-mail, PEC and App IO; SMS ignore it).
    pub subject: String,
    /// The text, plain (the seed's text/plain part: its HTML tags left out), on every channel.
    pub body: String,
}
