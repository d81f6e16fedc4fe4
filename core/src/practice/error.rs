use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::event::EventKind;
use super::files::{FilePurpose, FileSignature};
use super::kind::RequestKind;
use super::rules::Guard;
use super::status::Status;
use crate::error::Coded;

/// One guard that denied a transition: its stable code and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FailedGuard {
    /// The guard, e.g. `"noPayment"`.
    pub code: Guard,
    /// Why it failed, in English.
    pub message: String,
}

/// Errors of the `practice` capability; codes start with `practice.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(tag = "code", rename_all_fields = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub enum PracticeError {
    /// The event is not defined from the current status (no edge of the graph starts there).
    /// `allowed` lists the events the same actor could fire instead.
    #[serde(rename = "practice.transition")]
    #[error("event `{}` is not defined from status {status}", event.name())]
    Transition {
        /// The event tried.
        event: EventKind,
        /// The practice's status.
        status: Status,
        /// Events the same actor may fire from `status`.
        allowed: Vec<EventKind>,
    },
    /// The event is defined from the current status but one or more guards deny it; `failed`
    /// names every failed guard.
    #[serde(rename = "practice.guard")]
    #[error("event `{}` denied in status {status}: {}", event.name(), join(failed))]
    Guard {
        /// The event tried.
        event: EventKind,
        /// The practice's status.
        status: Status,
        /// Every guard that denied it, with a message.
        failed: Vec<FailedGuard>,
    },
    /// An event is timestamped before the previous one.
    #[serde(rename = "practice.out_of_order")]
    #[error("event at {at} is earlier than the previous event at {previous}")]
    OutOfOrder {
        /// Timestamp of the last event in the log (RFC 3339).
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        #[serde(deserialize_with = "crate::iso::de_instant")]
        previous: DateTime<FixedOffset>,
        /// Timestamp of the event refused (RFC 3339).
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        #[serde(deserialize_with = "crate::iso::de_instant")]
        at: DateTime<FixedOffset>,
    },
    /// A numeric status code that is not a practice status.
    #[serde(rename = "practice.unknown_status")]
    #[error("{status} is not a practice status code")]
    UnknownStatus {
        /// The code given.
        status: u32,
    },
    /// A linked practice (modification, renewal, ...) cannot be opened on this original.
    #[serde(rename = "practice.link")]
    #[error("a {} cannot be opened on a practice in status {original_status}: {message}", kind.label())]
    Link {
        /// The kind of the new practice.
        kind: RequestKind,
        /// The original practice's status (JSON `originalStatus`).
        original_status: Status,
        /// Why the link is refused.
        message: String,
    },
    /// A recorded practice does not replay: an event fails, or the stored status or timeline
    /// disagrees with the replay of its events.
    #[serde(rename = "practice.replay")]
    #[error("the recorded practice does not replay (event {index}): {message}")]
    Replay {
        /// Position of the event in the log where the replay fails.
        index: usize,
        /// What went wrong, with the underlying error's code.
        message: String,
    },
    /// A history too long to repair within the auditor's limit (`(rows + 1) × (graph states + 1)`
    /// search nodes; `Auditor::set_repair_limit`).
    #[serde(rename = "practice.repair_limit")]
    #[error("a history of {rows} rows is too long to repair within the limit of {limit} search nodes")]
    RepairLimit {
        /// Rows of the history.
        rows: usize,
        /// The limit, in search nodes.
        limit: usize,
    },
    /// An event log (CSV or XES) that cannot be read: `line` (from 1) says where.
    #[serde(rename = "practice.import")]
    #[error("line {line}: {message}")]
    Import {
        /// The line of the text where the problem is (from 1).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Date arithmetic left the supported range.
    #[serde(rename = "practice.date_range")]
    #[error("the deadline is outside the supported range of dates")]
    DateRange,
    /// A file name that cannot be checked: longer than `MAX_FILE_NAME` characters, empty, or with a
    /// control character (`check_file`).
    #[serde(rename = "practice.file_name")]
    #[error("file name {name:?}: {reason}")]
    FileName {
        /// The name given (its first 64 characters).
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file whose extension the purpose does not allow, or without an extension (`check_file`).
    #[serde(rename = "practice.file_type")]
    #[error("{name}: the file type {extension:?} is not allowed for a {} (allowed: {})", purpose.name(), allowed.join(", "))]
    FileType {
        /// The file's name (its first 64 characters).
        name: String,
        /// Its extension, lower case (`""`: none).
        extension: String,
        /// What it was attached as.
        purpose: FilePurpose,
        /// The extensions the purpose allows.
        allowed: Vec<String>,
    },
    /// A file's leading bytes do not match its type's signature (`check_file`).
    #[serde(rename = "practice.file_signature")]
    #[error("{name}: the content is not a {extension} file (its first bytes are [{found}], a {} signature was expected)", expected.name())]
    FileSignature {
        /// The file's name (its first 64 characters).
        name: String,
        /// Its extension, lower case.
        extension: String,
        /// The signature its type has.
        expected: FileSignature,
        /// Its first bytes (up to 8) in hex, space-separated; `""` when none were given.
        found: String,
    },
    /// A file that is empty, larger than the purpose's limit, or shorter than the leading bytes
    /// given (`check_file`).
    #[serde(rename = "practice.file_size")]
    #[error("{name}: {reason} (size {size} bytes, limit {max_bytes})")]
    FileSize {
        /// The file's name (its first 64 characters).
        name: String,
        /// The declared size, in bytes.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        size: u64,
        /// The purpose's limit, in bytes.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_bytes: u64,
        /// What is wrong.
        reason: String,
    },
    /// The input does not have the documented shape.
    #[serde(rename = "practice.invalid")]
    #[error("{message}")]
    Invalid {
        /// What is wrong with the input, e.g. serde_json's message.
        message: String,
    },
    /// A register event's protocol data is refused: a text too long or with a control character,
    /// a protocol date after the event, or a fascicolo other than the service's of that year.
    #[serde(rename = "practice.protocol")]
    #[error("protocol {field}: {message}")]
    Protocol {
        /// The event's field (`folderNumber`, `folderCode`, `documentId`, `protocolNumber`,
        /// `registeredAt`).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// An office refused: blank, too long or with a control character; with the staff consulted,
    /// not an office of the staff, another office than the practice's, or one the operator does
    /// not belong to (`Practice::apply_staffed`).
    #[serde(rename = "practice.office")]
    #[error("office {office:?}: {message}")]
    Office {
        /// The office named (its first 64 characters; `""` when none).
        office: String,
        /// What is wrong.
        message: String,
    },
    /// The charges an event decides were refused: an amount where the service takes no such
    /// payment, a release stamp that is not a bollo of the release phase, or a charge the
    /// payments capability refuses (empty label, exempt with an amount, bad taxonomy).
    #[serde(rename = "practice.charges")]
    #[error("charges {field}: {message}")]
    Charges {
        /// The event's field (`amount`, `stamps[2]`).
        field: String,
        /// What is wrong with it.
        message: String,
    },
}

fn join(failed: &[FailedGuard]) -> String {
    let mut out = String::new();
    for (i, f) in failed.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&f.message);
    }
    out
}

impl PracticeError {
    /// The failed guards of a `practice.guard` error (empty for every other error).
    pub fn failed_guards(&self) -> &[FailedGuard] {
        match self {
            PracticeError::Guard { failed, .. } => failed,
            _ => &[],
        }
    }
}

impl Coded for PracticeError {
    fn code(&self) -> &'static str {
        match self {
            PracticeError::Transition { .. } => "practice.transition",
            PracticeError::Guard { .. } => "practice.guard",
            PracticeError::OutOfOrder { .. } => "practice.out_of_order",
            PracticeError::UnknownStatus { .. } => "practice.unknown_status",
            PracticeError::Link { .. } => "practice.link",
            PracticeError::Replay { .. } => "practice.replay",
            PracticeError::RepairLimit { .. } => "practice.repair_limit",
            PracticeError::Import { .. } => "practice.import",
            PracticeError::DateRange => "practice.date_range",
            PracticeError::FileName { .. } => "practice.file_name",
            PracticeError::FileType { .. } => "practice.file_type",
            PracticeError::FileSignature { .. } => "practice.file_signature",
            PracticeError::FileSize { .. } => "practice.file_size",
            PracticeError::Invalid { .. } => "practice.invalid",
            PracticeError::Protocol { .. } => "practice.protocol",
            PracticeError::Office { .. } => "practice.office",
            PracticeError::Charges { .. } => "practice.charges",
        }
    }
}
