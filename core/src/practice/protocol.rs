//! Protocol registrations (protocollo): the number, document id, fascicolo, date and direction of
//! each registered document of a practice, as the reference platform's protocol API records them
//! (`shared/domain/practice.md` §4.2, §10; its `register`, `register-integration-request`,
//! `register-integration-answer` and `register-outcome` transitions). Numbers always come from the
//! protocol system: the library checks and keeps them, it never makes one up.

use chrono::{DateTime, Datelike, FixedOffset};
use serde::{Deserialize, Serialize};

use super::deadline::rome_date;
use super::error::PracticeError;
use super::event::Event;

/// The longest protocol number, document id, fascicolo number or code accepted, in characters.
pub const MAX_PROTOCOL_TEXT: usize = 200;

/// Who registers the service's documents in the protocol (`shared/domain/practice.md` §2, §10).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ProtocolHandler {
    /// The platform calls the protocol system; the protocol actor moves the practice (default).
    #[default]
    Internal,
    /// An outside system pushes the numbers through the API; an operator enabled for the service
    /// may also register one by hand (the reference platform's EDIT permission, §3).
    External,
}

/// The fascicolo (protocol folder) a service files its practices of one year in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProtocolFolder {
    /// The fascicolo's number (`protocol_folder_number`).
    pub number: String,
    /// The fascicolo's code, e.g. its classification (`protocol_folder_code`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub code: Option<String>,
}

/// Which document of the practice a registration is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ProtocolDocument {
    /// The practice as the citizen sent it (`register`: 2000 → 3000).
    Practice,
    /// The office's integration request (`registerIntegrationRequest`: 4100 → 4200).
    IntegrationRequest,
    /// The citizen's answer to it (`registerIntegrationAnswer`: 4300 → 4400).
    IntegrationAnswer,
    /// The outcome document (`registerOutcome`: 6000 / 6500 / 8000 → final).
    Outcome,
}

/// Whether a registered document came into the office or went out of it (protocollo in entrata /
/// in uscita): the reference API's `integration_inbound_*` and `integration_outbound_*` fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ProtocolDirection {
    /// In entrata: the citizen's practice and answers.
    Incoming,
    /// In uscita: the office's integration requests and outcome documents.
    Outgoing,
}

impl ProtocolDocument {
    /// The document's direction: the practice and the integration answer come in, the
    /// integration request and the outcome go out.
    pub const fn direction(self) -> ProtocolDirection {
        match self {
            ProtocolDocument::Practice | ProtocolDocument::IntegrationAnswer => ProtocolDirection::Incoming,
            ProtocolDocument::IntegrationRequest | ProtocolDocument::Outcome => ProtocolDirection::Outgoing,
        }
    }
}

/// One registration of a practice's document in the protocol.
///
/// ```json
/// {"document": "practice", "direction": "incoming", "number": "2026/0001234",
///  "documentId": "DOC-88", "folderNumber": "12", "folderCode": "6.3",
///  "registeredAt": "2026-03-02T10:30:00+01:00"}
/// ```
/// Absent values are omitted; `registeredAt` is the protocol's own date when the event gave one,
/// else the time the event was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProtocolRef {
    /// Which document was registered.
    pub document: ProtocolDocument,
    /// In entrata or in uscita (from the document).
    pub direction: ProtocolDirection,
    /// The protocol number; `None` when the protocol system gave none (integration and outcome
    /// registrations of an internal handler).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub number: Option<String>,
    /// The protocol system's document id (`protocol_document_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub document_id: Option<String>,
    /// The fascicolo's number: the practice's own, which its later documents share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub folder_number: Option<String>,
    /// The fascicolo's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub folder_code: Option<String>,
    /// When the protocol registered it (RFC 3339).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub registered_at: DateTime<FixedOffset>,
}

fn bad(field: &str, message: impl Into<String>) -> PracticeError {
    PracticeError::Protocol { field: field.to_string(), message: message.into() }
}

/// A given text trimmed; blank is `None`. Too long or holding a control character is
/// `practice.protocol` naming the field.
fn text(field: &str, value: Option<&str>) -> Result<Option<String>, PracticeError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    if v.chars().count() > MAX_PROTOCOL_TEXT {
        return Err(bad(field, format!("more than {MAX_PROTOCOL_TEXT} characters")));
    }
    if v.chars().any(char::is_control) {
        return Err(bad(field, "holds a control character"));
    }
    Ok(Some(v.to_string()))
}

/// The registration a register event records, or `None` for any other event. `config_folder`
/// gives the service's fascicolo for a year; `practice` is the practice's own registration, whose
/// fascicolo its later documents share. Errors are `practice.protocol` with the field:
/// - a text too long or with a control character;
/// - `registeredAt` after `at` (the protocol cannot date a registration after it is recorded);
/// - the practice's `folderNumber` not the service's fascicolo for the registration's year
///   (Europe/Rome), when the service names one: one fascicolo per service per year.
pub(crate) fn registration(
    event: &Event,
    at: DateTime<FixedOffset>,
    config_folder: impl Fn(i32) -> Option<ProtocolFolder>,
    practice: Option<&ProtocolRef>,
) -> Result<Option<ProtocolRef>, PracticeError> {
    let (document, number, document_id, registered_at) = match event {
        Event::Register { protocol_number, document_id, registered_at, .. } => {
            (ProtocolDocument::Practice, Some(protocol_number.as_str()), document_id, registered_at)
        }
        Event::RegisterIntegrationRequest { protocol_number, document_id, registered_at } => {
            (ProtocolDocument::IntegrationRequest, protocol_number.as_deref(), document_id, registered_at)
        }
        Event::RegisterIntegrationAnswer { protocol_number, document_id, registered_at } => {
            (ProtocolDocument::IntegrationAnswer, protocol_number.as_deref(), document_id, registered_at)
        }
        Event::RegisterOutcome { protocol_number, document_id, registered_at } => {
            (ProtocolDocument::Outcome, protocol_number.as_deref(), document_id, registered_at)
        }
        _ => return Ok(None),
    };
    let registered_at = registered_at.unwrap_or(at);
    if registered_at > at {
        return Err(bad("registeredAt", format!("{registered_at} is after the event's time {at}")));
    }
    let mut r = ProtocolRef {
        document,
        direction: document.direction(),
        number: text("protocolNumber", number)?,
        document_id: text("documentId", document_id.as_deref())?,
        folder_number: None,
        folder_code: None,
        registered_at,
    };
    match event {
        Event::Register { folder_number, folder_code, .. } => {
            let year = rome_date(registered_at).year();
            let given = text("folderNumber", folder_number.as_deref())?;
            let code = text("folderCode", folder_code.as_deref())?;
            match config_folder(year) {
                Some(f) => {
                    if given.as_ref().is_some_and(|g| *g != f.number) {
                        return Err(bad(
                            "folderNumber",
                            format!("the service files the practices of {year} in fascicolo {}, not {}", f.number, given.unwrap_or_default()),
                        ));
                    }
                    if code.is_some() && code != f.code {
                        return Err(bad("folderCode", format!("the service's fascicolo of {year} has code {}", f.code.as_deref().unwrap_or("none"))));
                    }
                    r.folder_number = Some(f.number);
                    r.folder_code = f.code;
                }
                None => {
                    r.folder_number = given;
                    r.folder_code = code;
                }
            }
        }
        // The practice's later documents are filed in its fascicolo.
        _ => {
            if let Some(p) = practice {
                r.folder_number.clone_from(&p.folder_number);
                r.folder_code.clone_from(&p.folder_code);
            }
        }
    }
    Ok(Some(r))
}
