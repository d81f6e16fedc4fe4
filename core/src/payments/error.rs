use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `payments` capability; codes start with `payments.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum PaymentsError {
    /// The input does not have the documented shape.
    #[serde(rename = "payments.invalid")]
    #[error("{message}")]
    Invalid { message: String },
}

impl Coded for PaymentsError {
    fn code(&self) -> &'static str {
        match self {
            PaymentsError::Invalid { .. } => "payments.invalid",
        }
    }
}
