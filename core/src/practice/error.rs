use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `practice` capability; codes start with `practice.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum PracticeError {
    /// The input does not have the documented shape.
    #[serde(rename = "practice.invalid")]
    #[error("{message}")]
    Invalid { message: String },
}

impl Coded for PracticeError {
    fn code(&self) -> &'static str {
        match self {
            PracticeError::Invalid { .. } => "practice.invalid",
        }
    }
}
