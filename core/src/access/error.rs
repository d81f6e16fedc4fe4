use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `access` capability; codes start with `access.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum AccessError {
    /// The input does not have the documented shape.
    #[serde(rename = "access.invalid")]
    #[error("{message}")]
    Invalid { message: String },
}

impl Coded for AccessError {
    fn code(&self) -> &'static str {
        match self {
            AccessError::Invalid { .. } => "access.invalid",
        }
    }
}
