//! Errors of the `service` capability; codes start with `service.`.

use serde::Serialize;

use crate::access::{Credential, Reason};
use crate::error::Coded;
use crate::forms::FieldError;

/// Errors of the `service` capability. Serialised as `{"code": "service.<code>", ...fields}`.
/// Every load-time error names `path`: where, inside the definition, the problem is
/// (`assignment.rules[1].office`, `translations.form.de["Codice fiscale"]`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum ServiceError {
    /// A value that does not fit any more precise code (an empty id, a bad slug, no channel...).
    #[serde(rename = "service.invalid")]
    #[error("{path}: {reason}")]
    Invalid {
        /// Where, inside the definition.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// An id given twice (an office, a service of a catalogue, a slug of a catalogue).
    #[serde(rename = "service.duplicate")]
    #[error("{path}: {id:?} is given twice")]
    Duplicate {
        /// Where the second one is.
        path: String,
        /// The repeated id.
        id: String,
    },
    /// An office the assignment names that the service's `offices` do not have.
    #[serde(rename = "service.unknown_office")]
    #[error("{path}: no office {office:?} in the service's offices")]
    UnknownOffice {
        /// Where the reference is.
        path: String,
        /// The office named.
        office: String,
    },
    /// A calendar the service links that is not among the calendars given.
    #[serde(rename = "service.unknown_calendar")]
    #[error("{path}: no calendar {calendar:?} among the calendars given")]
    UnknownCalendar {
        /// Where the reference is (`calendar`).
        path: String,
        /// The calendar named.
        calendar: String,
    },
    /// An amount of the practice configuration that differs from the sum of the charges.
    #[serde(rename = "service.amount_mismatch")]
    #[error("{path}: {found} given, the charges give {expected}")]
    AmountMismatch {
        /// Where the amount is (`practice.paymentAmount`).
        path: String,
        /// The sum of the charges (two decimals).
        expected: String,
        /// The amount given (two decimals).
        found: String,
    },
    /// Two tabs that disagree (stamps configured without a stamp charge, a protocol required
    /// without a protocol system, an integration triggered by a status the practice never reaches).
    #[serde(rename = "service.inconsistent")]
    #[error("{path}: {reason}")]
    Inconsistent {
        /// Where.
        path: String,
        /// What disagrees with what.
        reason: String,
    },
    /// A text or a form label without its translation in a language of the service.
    #[serde(rename = "service.missing_translation")]
    #[error("{path}: no {lang} translation")]
    MissingTranslation {
        /// Where the text is (`card.name.de`) or, for a form label, where its translation belongs.
        path: String,
        /// The language (`en`, `de`).
        lang: String,
    },
    /// The form does not load (the forms capability's error: `cause` is its code).
    #[serde(rename = "service.form")]
    #[error("{path}: {message}")]
    Form {
        /// `form.schema`, or `assignment` for an office table the form refuses.
        path: String,
        /// The forms error code, e.g. `forms.unsupported_condition`.
        cause: String,
        /// Its message.
        message: String,
    },
    /// The access tab is refused by the access capability (`cause` is its code).
    #[serde(rename = "service.access")]
    #[error("{path}: {message}")]
    Access {
        /// `access`.
        path: String,
        /// The access error code, e.g. `access.unknown_reference`.
        cause: String,
        /// Its message.
        message: String,
    },
    /// A charge is refused by the payments capability (`cause` is its code).
    #[serde(rename = "service.payments")]
    #[error("{path}: {message}")]
    Payments {
        /// `payments.charges[i]`.
        path: String,
        /// The payments error code, e.g. `payments.charge`.
        cause: String,
        /// Its message.
        message: String,
    },
    /// The messages tab is refused by the notify capability (`cause` is its code).
    #[serde(rename = "service.messages")]
    #[error("{path}: {message}")]
    Messages {
        /// `messages.<path inside the settings>`, or `messages.languages[i]` for a language the
        /// service does not have.
        path: String,
        /// The notify error code, e.g. `notify.unknown_event`; `service.inconsistent` for a language.
        cause: String,
        /// Its message.
        message: String,
    },
    /// A service id the catalogue does not have.
    #[serde(rename = "service.unknown_service")]
    #[error("no service {id:?} in the catalogue")]
    UnknownService {
        /// The id asked for.
        id: String,
    },
    /// The service does not take applications online now (its status, its schedule, no online channel).
    #[serde(rename = "service.not_open")]
    #[error("service {id:?} does not take applications online now: {reason}")]
    NotOpen {
        /// The service id.
        id: String,
        /// Why: `draft`, `suspended`, `private`, `notYetOpen`, `closed`, `notOnline`.
        reason: String,
    },
    /// The access decision denies the person: the reason and the credentials that would be enough.
    #[serde(rename = "service.access_denied")]
    #[error("access denied: {}", crate::error::to_json(reason).trim_matches('"'))]
    AccessDenied {
        /// The decision's reason.
        reason: Reason,
        /// The credentials that would be enough.
        sufficient: Vec<Credential>,
    },
    /// The submission does not pass the form's validation.
    #[serde(rename = "service.invalid_submission")]
    #[error("the submission has {} error(s)", errors.len())]
    InvalidSubmission {
        /// The form's errors.
        errors: Vec<FieldError>,
    },
    /// A step of a journey that another capability refuses (`cause` is its code).
    #[serde(rename = "service.step")]
    #[error("step {step}: {message}")]
    Step {
        /// The step's index.
        step: usize,
        /// The underlying code (`practice.guard`, `slots.slot_full`...).
        cause: String,
        /// Its message.
        message: String,
    },
}

impl Coded for ServiceError {
    fn code(&self) -> &'static str {
        match self {
            ServiceError::Invalid { .. } => "service.invalid",
            ServiceError::Duplicate { .. } => "service.duplicate",
            ServiceError::UnknownOffice { .. } => "service.unknown_office",
            ServiceError::UnknownCalendar { .. } => "service.unknown_calendar",
            ServiceError::AmountMismatch { .. } => "service.amount_mismatch",
            ServiceError::Inconsistent { .. } => "service.inconsistent",
            ServiceError::MissingTranslation { .. } => "service.missing_translation",
            ServiceError::Form { .. } => "service.form",
            ServiceError::Access { .. } => "service.access",
            ServiceError::Payments { .. } => "service.payments",
            ServiceError::Messages { .. } => "service.messages",
            ServiceError::UnknownService { .. } => "service.unknown_service",
            ServiceError::NotOpen { .. } => "service.not_open",
            ServiceError::AccessDenied { .. } => "service.access_denied",
            ServiceError::InvalidSubmission { .. } => "service.invalid_submission",
            ServiceError::Step { .. } => "service.step",
        }
    }
}

/// Every code of [`ServiceError`].
pub const ERROR_CODES: [&str; 16] = [
    "service.invalid",
    "service.duplicate",
    "service.unknown_office",
    "service.unknown_calendar",
    "service.amount_mismatch",
    "service.inconsistent",
    "service.missing_translation",
    "service.form",
    "service.access",
    "service.payments",
    "service.messages",
    "service.unknown_service",
    "service.not_open",
    "service.access_denied",
    "service.invalid_submission",
    "service.step",
];

impl ServiceError {
    /// The path inside the definition, for the load-time errors.
    pub fn path(&self) -> Option<&str> {
        match self {
            ServiceError::Invalid { path, .. }
            | ServiceError::Duplicate { path, .. }
            | ServiceError::UnknownOffice { path, .. }
            | ServiceError::UnknownCalendar { path, .. }
            | ServiceError::AmountMismatch { path, .. }
            | ServiceError::Inconsistent { path, .. }
            | ServiceError::MissingTranslation { path, .. }
            | ServiceError::Form { path, .. }
            | ServiceError::Access { path, .. }
            | ServiceError::Payments { path, .. }
            | ServiceError::Messages { path, .. } => Some(path),
            _ => None,
        }
    }

    pub(crate) fn invalid(path: impl Into<String>, reason: impl Into<String>) -> ServiceError {
        ServiceError::Invalid { path: path.into(), reason: reason.into() }
    }

    pub(crate) fn inconsistent(path: impl Into<String>, reason: impl Into<String>) -> ServiceError {
        ServiceError::Inconsistent { path: path.into(), reason: reason.into() }
    }

    pub(crate) fn step(step: usize, e: &impl Coded) -> ServiceError {
        ServiceError::Step { step, cause: e.code().to_string(), message: e.to_string() }
    }
}
