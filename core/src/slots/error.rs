use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `slots` capability; codes start with `slots.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum SlotsError {
    /// The input does not have the documented shape.
    #[serde(rename = "slots.invalid")]
    #[error("{message}")]
    Invalid { message: String },
}

impl Coded for SlotsError {
    fn code(&self) -> &'static str {
        match self {
            SlotsError::Invalid { .. } => "slots.invalid",
        }
    }
}
