use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `forms` capability; codes start with `forms.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum FormsError {
    /// The input does not have the documented shape.
    #[serde(rename = "forms.invalid")]
    #[error("{message}")]
    Invalid { message: String },
}

impl Coded for FormsError {
    fn code(&self) -> &'static str {
        match self {
            FormsError::Invalid { .. } => "forms.invalid",
        }
    }
}
