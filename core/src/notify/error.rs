use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `notify` capability; codes start with `notify.`.
///
/// Serialised as `{"code": "notify.<code>", ...fields}`. Settings errors are found when the
/// settings are loaded ([`super::NotifySettings::validate`]), never when notifications are due.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/"))]
#[serde(tag = "code", rename_all_fields = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub enum NotifyError {
    /// Settings or input that do not fit any more precise code.
    #[serde(rename = "notify.invalid")]
    #[error("{path}: {message}")]
    Invalid {
        /// Where, in the settings (`languages`, `appIo.serviceId`).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A key of `events` or `templates` that names no event.
    #[serde(rename = "notify.unknown_event")]
    #[error("{path}: {key:?} names no event (an event kind, or practiceTransition.<status code>)")]
    UnknownEvent {
        /// Where (`events.paymentDone`).
        path: String,
        /// The key given.
        key: String,
    },
    /// A switch that tries to turn operators' notifications off.
    #[serde(rename = "notify.operators_mandatory")]
    #[error("{path}: operators' notifications cannot be turned off")]
    OperatorsMandatory {
        /// Where (`events.practiceTransition.2000.operators`).
        path: String,
    },
    /// A template that does not compile, or uses a variable its event does not have.
    #[serde(rename = "notify.template")]
    #[error("{path}: {message}")]
    Template {
        /// The template's path (`templates.it.practiceTransition.7000.body`).
        path: String,
        /// What is wrong (the engine's message, with the line).
        message: String,
        /// The unknown variable, when that is the error.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        variable: Option<String>,
    },
}

impl Coded for NotifyError {
    fn code(&self) -> &'static str {
        match self {
            NotifyError::Invalid { .. } => "notify.invalid",
            NotifyError::UnknownEvent { .. } => "notify.unknown_event",
            NotifyError::OperatorsMandatory { .. } => "notify.operators_mandatory",
            NotifyError::Template { .. } => "notify.template",
        }
    }
}
